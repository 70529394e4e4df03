// SPDX-License-Identifier: BSD-2-Clause
/*
 * object/externs.c: extern symbols (spec E.2) and the BTF rewrite of the DATASECs that hold
 * them (spec B.8 steps 2 and 3).
 *
 * An extern is an undefined GLOBAL/WEAK NOTYPE symbol. Its BTF VAR or FUNC (extern linkage)
 * sits in a DATASEC named after the attribute the program used: `.kconfig` (__kconfig: a value
 * the loader fills in from the kernel config) or `.ksyms` (__ksym: a kernel variable or, for a
 * FUNC, a kfunc). Externs are sorted kconfig first, by alignment (descending), size, name: that
 * order is the layout of the .kconfig map, e.g. CONFIG_HZ@0 (int), LINUX_KERNEL_VERSION@4,
 * CONFIG_BPF_SYSCALL@8 (bool), map size 9.
 *
 * The kernel refuses extern VARs and FUNCs in uploaded BTF, so the DATASECs are rewritten the
 * way libbpf does: .kconfig VARs become allocated globals at their map offsets; .ksyms VARs
 * become allocated 4-byte ints at 0, 4, 8, ... and each FUNC entry is replaced by a shared
 * `dummy_ksym` VAR (the FUNC itself becomes global, unnamed parameters get a name).
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "object/object_internal.h"
#include "relo/core.h"

static bool sym_is_extern(const struct hive_elf_sym *sym)
{
	return sym->shndx == SHN_UNDEF && (sym->bind == STB_GLOBAL || sym->bind == STB_WEAK) &&
	       sym->type == STT_NOTYPE;
}

/* The VAR or FUNC named @name; -EINVAL if it is not an extern declaration, -ENOENT if none. */
static int find_extern_btf_id(const struct hive_btf *btf, const char *name)
{
	for (uint32_t i = 1; i < btf_type_cnt(btf); i++) {
		const struct btf_type *t = btf_type_by_id(btf, i);

		if (!btf_is_var(t) && !btf_is_func(t))
			continue;
		if (strcmp(btf_name(btf, t->name_off), name))
			continue;
		if (btf_linkage(t) != BTF_VAR_GLOBAL_EXTERN) /* == BTF_FUNC_EXTERN */
			return -EINVAL;
		return i;
	}
	return -ENOENT;
}

static int find_extern_sec_btf_id(const struct hive_btf *btf, uint32_t ext_btf_id)
{
	for (uint32_t i = 1; i < btf_type_cnt(btf); i++) {
		const struct btf_type *t = btf_type_by_id(btf, i);
		const struct btf_var_secinfo *vs;

		if (!btf_is_datasec(t))
			continue;
		vs = btf_var_secinfos(t);
		for (uint32_t j = 0; j < btf_vlen(t); j++)
			if (vs[j].type == ext_btf_id)
				return i;
	}
	return -ENOENT;
}

static enum kcfg_type find_kcfg_type(const struct hive_btf *btf, uint32_t id, bool *is_signed)
{
	const struct btf_type *t = btf_skip_mods_and_typedefs(btf, id, NULL);
	const char *name = t ? btf_name(btf, t->name_off) : "";

	if (is_signed)
		*is_signed = false;
	if (!t)
		return KCFG_UNKNOWN;
	switch (btf_kind(t)) {
	case BTF_KIND_INT: {
		uint32_t enc = btf_int_encoding(t);

		if (enc & BTF_INT_BOOL)
			return t->size == 1 ? KCFG_BOOL : KCFG_UNKNOWN;
		if (is_signed)
			*is_signed = enc & BTF_INT_SIGNED;
		if (t->size == 1)
			return KCFG_CHAR;
		if (t->size < 1 || t->size > 8 || (t->size & (t->size - 1)))
			return KCFG_UNKNOWN;
		return KCFG_INT;
	}
	case BTF_KIND_ENUM:
		if (t->size != 4)
			return KCFG_UNKNOWN;
		return strcmp(name, "libbpf_tristate") ? KCFG_UNKNOWN : KCFG_TRISTATE;
	case BTF_KIND_ENUM64:
		return strcmp(name, "libbpf_tristate") ? KCFG_UNKNOWN : KCFG_TRISTATE;
	case BTF_KIND_ARRAY:
		if (btf_array(t)->nelems == 0)
			return KCFG_UNKNOWN;
		if (find_kcfg_type(btf, btf_array(t)->type, NULL) != KCFG_CHAR)
			return KCFG_UNKNOWN;
		return KCFG_CHAR_ARR;
	default:
		return KCFG_UNKNOWN;
	}
}

static int init_kcfg_extern(struct hive_object *obj, struct obj_extern *ext,
			    const struct btf_type *t)
{
	int64_t sz;

	if (btf_is_func(t))
		return obj_fail(obj, -EOPNOTSUPP,
				"extern function '%s' is not supported in the .kconfig section",
				ext->name);
	ext->type = EXT_KCFG;
	sz = btf_resolve_size(obj->btf, t->type);
	if (sz <= 0 || sz > INT32_MAX)
		return obj_fail(obj, -EINVAL, "extern (kcfg) '%s': cannot resolve its size",
				ext->name);
	ext->kcfg.sz = (int)sz;
	ext->kcfg.align = btf_align_of(obj->btf, t->type);
	if (ext->kcfg.align <= 0)
		return obj_fail(obj, -EINVAL, "extern (kcfg) '%s': cannot determine its alignment",
				ext->name);
	ext->kcfg.type = find_kcfg_type(obj->btf, t->type, &ext->kcfg.is_signed);
	if (ext->kcfg.type == KCFG_UNKNOWN)
		return obj_fail(obj, -EOPNOTSUPP, "extern (kcfg) '%s': type is unsupported",
				ext->name);
	return 0;
}

static int init_extern(struct hive_object *obj, struct obj_extern *ext,
		       const struct hive_elf_sym *sym)
{
	const struct btf_type *t, *sec;
	const char *sec_name;
	size_t essent_len;

	ext->name = strdup(sym->name);
	if (!ext->name)
		return -ENOMEM;
	ext->sym_idx = sym->idx;
	ext->is_weak = sym->bind == STB_WEAK;
	ext->btf_id = find_extern_btf_id(obj->btf, sym->name);
	if (ext->btf_id == -EINVAL)
		return obj_fail(obj, -EINVAL, "extern '%s': its BTF is not an extern declaration",
				sym->name);
	if (ext->btf_id < 0)
		return obj_fail(obj, ext->btf_id, "failed to find BTF for extern '%s'", sym->name);
	essent_len = core_essential_name_len(sym->name);
	ext->essent_name = strndup(sym->name, essent_len);
	if (!ext->essent_name)
		return -ENOMEM;
	ext->sec_btf_id = find_extern_sec_btf_id(obj->btf, ext->btf_id);
	if (ext->sec_btf_id < 0)
		return obj_fail(obj, -ENOENT, "failed to find BTF for extern '%s' [%d] section",
				sym->name, ext->btf_id);
	t = btf_type_by_id(obj->btf, ext->btf_id);
	sec = btf_type_by_id(obj->btf, ext->sec_btf_id);
	sec_name = btf_name(obj->btf, sec->name_off);
	if (!strcmp(sec_name, ".kconfig"))
		return init_kcfg_extern(obj, ext, t);
	if (!strcmp(sec_name, ".ksyms")) {
		uint32_t id = 0;

		ext->type = EXT_KSYM;
		ext->ksym.is_func = btf_is_func(t);
		/* a VAR's type, or a FUNC's prototype */
		btf_skip_mods_and_typedefs(obj->btf, t->type, &id);
		ext->ksym.type_id = id;
		ext->ksym.typeless = !ext->ksym.is_func && id == 0;
		return 0;
	}
	return obj_fail(obj, -EOPNOTSUPP, "extern '%s': unrecognized extern section '%s'",
			sym->name, sec_name);
}

static int cmp_externs(const void *_a, const void *_b)
{
	const struct obj_extern *a = _a, *b = _b;

	if (a->type != b->type)
		return a->type < b->type ? -1 : 1;
	if (a->type == EXT_KCFG) {
		if (a->kcfg.align != b->kcfg.align)
			return a->kcfg.align > b->kcfg.align ? -1 : 1;
		if (a->kcfg.sz != b->kcfg.sz)
			return a->kcfg.sz < b->kcfg.sz ? -1 : 1;
	}
	return strcmp(a->name, b->name);
}

static int find_datasec(const struct hive_object *obj, const char *name)
{
	return btf_find_by_name_kind(obj->btf, name, BTF_KIND_DATASEC);
}

int obj_collect_externs(struct hive_object *obj)
{
	size_t cap = 0;
	int err, sec_id;

	for (uint32_t i = 1; i < elf_sym_cnt(obj->elf); i++) {
		const struct hive_elf_sym *sym = elf_sym(obj->elf, i);

		if (!sym_is_extern(sym) || !sym->name[0])
			continue;
		if (!obj->btf)
			return obj_fail(obj, -ENOENT, "extern '%s' needs BTF, and there is none",
					sym->name);
		if (hive_ensure_mem((void **)&obj->externs, &cap, sizeof(*obj->externs),
				    obj->nr_externs + 1))
			return -ENOMEM;
		err = init_extern(obj, &obj->externs[obj->nr_externs++], sym);
		if (err)
			return err;
	}
	if (!obj->nr_externs)
		return 0;
	qsort(obj->externs, obj->nr_externs, sizeof(*obj->externs), cmp_externs);
	sec_id = find_datasec(obj, ".ksyms");
	if (sec_id > 0) {
		err = obj_fixup_ksyms_datasec(obj, sec_id);
		if (err)
			return err;
	}
	sec_id = find_datasec(obj, ".kconfig");
	if (sec_id > 0)
		return obj_fixup_kconfig_datasec(obj, sec_id);
	return 0;
}

const struct obj_extern *obj_find_extern_by_sym(const struct hive_object *obj, uint32_t sym_idx,
						int *ext_idx)
{
	for (size_t i = 0; i < obj->nr_externs; i++)
		if (obj->externs[i].sym_idx == sym_idx) {
			if (ext_idx)
				*ext_idx = (int)i;
			return &obj->externs[i];
		}
	return NULL;
}
