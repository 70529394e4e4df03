// SPDX-License-Identifier: BSD-2-Clause
/*
 * object/inspect.c: read-only views of an object for tools (inspect.h).
 */
#include <string.h>

#include "object/inspect.h"
#include "object/object_internal.h"

size_t object_extern_cnt(const struct hive_object *obj)
{
	return obj->nr_externs;
}

int object_extern(const struct hive_object *obj, size_t i, struct hive_extern_info *out)
{
	const struct obj_extern *ext;

	if (i >= obj->nr_externs)
		return -ENOENT;
	ext = &obj->externs[i];
	memset(out, 0, sizeof(*out));
	out->name = ext->name;
	out->weak = ext->is_weak;
	out->resolved = ext->is_set;
	out->kconfig_off = -1;
	if (ext->type == EXT_KCFG) {
		out->kind = "kconfig";
		out->section = ".kconfig";
		out->kconfig_off = ext->kcfg.data_off;
		return 0;
	}
	out->kind = ext->ksym.is_func ? "kfunc" : "ksym";
	out->section = ".ksyms";
	out->typeless = ext->ksym.typeless;
	out->target_btf_id = ext->ksym.kernel_btf_id;
	return 0;
}

static size_t ext_recs(const struct hive_object *obj, enum btf_ext_kind kind)
{
	const struct btf_ext_info *info = obj->btf_ext ? btf_ext_info(obj->btf_ext, kind) : NULL;
	size_t n = 0;

	for (uint32_t i = 0; info && i < info->nr_secs; i++)
		n += info->secs[i].nr_recs;
	return n;
}

void object_counts(const struct hive_object *obj, struct hive_object_counts *out)
{
	memset(out, 0, sizeof(*out));
	for (uint32_t i = 1; i < elf_sec_cnt(obj->elf); i++) {
		const struct hive_elf_sec *rsec = elf_sec(obj->elf, i), *target;
		const struct hive_elf_rel *rels;
		int n;

		if (rsec->cls != ELF_SEC_RELO)
			continue;
		target = elf_sec(obj->elf, rsec->info);
		n = elf_relocs(obj->elf, i, &rels);
		if (n <= 0 || !target)
			continue;
		if (target->cls == ELF_SEC_PROG || target->cls == ELF_SEC_TEXT)
			out->code_relos += n;
		else if (target->cls == ELF_SEC_MAPS)
			out->map_init_relos += n;
	}
	out->core_relos = ext_recs(obj, BTF_EXT_CORE_RELO);
	out->func_info = ext_recs(obj, BTF_EXT_FUNC_INFO);
	out->line_info = ext_recs(obj, BTF_EXT_LINE_INFO);
}

size_t object_prog_own_insn_cnt(const struct hive_program *prog)
{
	return prog->sec_insn_cnt;
}
