// SPDX-License-Identifier: BSD-2-Clause
/*
 * object/resolve.c: giving every extern its value before relocation (spec E.3, E.4).
 *
 *   __kconfig      value written into the .kconfig map image (kconfig.c)
 *   __ksym var     typed: a VAR of that name in the target BTF with a compatible type; the
 *                  instruction becomes ld_imm64 BTF_ID. Typeless (`const void x __ksym`): its
 *                  address from the backend, or /proc/kallsyms.
 *   __ksym func    a kfunc: the FUNC of that name (flavour `___x` stripped) in the backend's
 *                  kfunc table, whose prototype is compatible with the declaration.
 * An unresolved strong extern fails the load; an unresolved weak one stays 0 (its kfunc calls
 * are poisoned).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "object/object_internal.h"
#include "relo/core.h"

static struct obj_extern *find_ksym_var(struct hive_object *obj, const char *name, size_t len)
{
	for (size_t i = 0; i < obj->nr_externs; i++) {
		struct obj_extern *ext = &obj->externs[i];

		if (ext->type == EXT_KSYM && !ext->ksym.is_func && strlen(ext->name) == len &&
		    !strncmp(ext->name, name, len))
			return ext;
	}
	return NULL;
}

static int kallsyms_sym(struct hive_object *obj, uint64_t addr, char type, const char *name)
{
	const char *llvm = strstr(name, ".llvm.");
	struct obj_extern *ext;

	/* data symbols of LTO kernels carry a ".llvm.<hash>" suffix */
	ext = find_ksym_var(obj, name, type == 'd' && llvm ? (size_t)(llvm - name) : strlen(name));
	if (!ext)
		return 0;
	if (ext->is_set && ext->ksym.addr != addr)
		return obj_fail(obj, -EINVAL,
				"extern (ksym) '%s': resolution is ambiguous: 0x%llx or 0x%llx",
				name, (unsigned long long)ext->ksym.addr, (unsigned long long)addr);
	if (!ext->is_set) {
		ext->is_set = true;
		ext->ksym.addr = addr;
		obj_debug(obj, "extern (ksym) '%s': set to 0x%llx", name, (unsigned long long)addr);
	}
	return 0;
}

static int read_kallsyms(struct hive_object *obj)
{
	char name[512], line[1024];
	unsigned long long addr;
	FILE *f = fopen("/proc/kallsyms", "re");
	int err = 0;

	if (!f)
		return obj_fail(obj, -errno, "failed to open /proc/kallsyms: %s",
				hive_errstr(-errno));
	while (!err && fgets(line, sizeof(line), f)) {
		char type;

		if (sscanf(line, "%llx %c %511s", &addr, &type, name) != 3)
			continue;
		err = kallsyms_sym(obj, addr, type, name);
	}
	fclose(f);
	return err;
}

/* Typeless ksyms through the backend's own symbol table. */
static int backend_ksyms(struct hive_object *obj)
{
	for (size_t i = 0; i < obj->nr_externs; i++) {
		struct obj_extern *ext = &obj->externs[i];
		uint64_t addr;

		if (ext->type != EXT_KSYM || ext->ksym.is_func || !ext->ksym.typeless)
			continue;
		if (!obj->backend->ksym_addr(obj->backend_ctx, ext->name, &addr)) {
			ext->is_set = true;
			ext->ksym.addr = addr;
		}
	}
	return 0;
}

static int resolve_ksym_var(struct hive_object *obj, struct obj_extern *ext)
{
	const struct hive_btf *btf = obj_target_btf(obj, false);
	const struct btf_type *tv, *tt, *lt;
	uint32_t targ_type_id = 0;
	int id, err;

	if (!btf)
		return -ESRCH;
	id = btf_find_by_name_kind(btf, ext->name, BTF_KIND_VAR);
	if (id < 0) {
		if (ext->is_weak)
			return 0;
		return obj_fail(obj, -ESRCH, "extern (var ksym) '%s': not found in kernel BTF",
				ext->name);
	}
	tv = btf_type_by_id(btf, id);
	tt = btf_skip_mods_and_typedefs(btf, tv->type, &targ_type_id);
	err = core_types_are_compat(obj->btf, ext->ksym.type_id, btf, targ_type_id);
	if (err <= 0) {
		lt = btf_type_by_id(obj->btf, ext->ksym.type_id);
		return obj_fail(
			obj, -EINVAL,
			"extern (var ksym) '%s': incompatible types, expected [%u] %s %s, but "
			"kernel has [%u] %s %s",
			ext->name, ext->ksym.type_id, core_btf_kind_str(lt),
			btf_name(obj->btf, lt->name_off), targ_type_id, core_btf_kind_str(tt),
			btf_name(btf, tt->name_off));
	}
	ext->is_set = true;
	ext->ksym.kernel_btf_id = id;
	obj_debug(obj, "extern (var ksym) '%s': resolved to [%d] var %s", ext->name, id,
		  btf_name(btf, tv->name_off));
	return 0;
}

static int resolve_kfunc(struct hive_object *obj, struct obj_extern *ext)
{
	const struct hive_btf *btf = obj_kfunc_btf(obj);
	const char *table = obj->backend ? obj->backend->name : "vmlinux";
	const struct btf_type *fn;
	int id;

	id = btf ? btf_find_by_name_kind(btf, ext->essent_name, BTF_KIND_FUNC) : -ENOENT;
	if (id < 0) {
		if (ext->is_weak)
			return 0;
		return obj_fail(obj, -ESRCH, "extern (func ksym) '%s': not found in %s BTF%s",
				ext->name, table,
				btf ? "" :
				      " (no kfunc table: /sys/kernel/btf/vmlinux not readable)");
	}
	fn = btf_type_by_id(btf, id);
	if (core_types_are_compat(obj->btf, ext->ksym.type_id, btf, fn->type) <= 0) {
		if (ext->is_weak)
			return 0;
		return obj_fail(
			obj, -EINVAL,
			"extern (func ksym) '%s': func_proto [%u] incompatible with %s [%u]",
			ext->name, ext->ksym.type_id, table, fn->type);
	}
	ext->is_set = true;
	ext->ksym.kernel_btf_id = id;
	obj_debug(obj, "extern (func ksym) '%s': resolved to %s [%d]", ext->name, table, id);
	return 0;
}

static int resolve_ksyms(struct hive_object *obj)
{
	bool need_kallsyms = false;
	int err = 0;

	for (size_t i = 0; i < obj->nr_externs; i++) {
		const struct obj_extern *ext = &obj->externs[i];

		if (ext->type == EXT_KSYM && !ext->ksym.is_func && ext->ksym.typeless)
			need_kallsyms = true;
	}
	if (need_kallsyms && obj->backend && obj->backend->ksym_addr)
		err = backend_ksyms(obj);
	else if (need_kallsyms && !obj->hermetic)
		err = read_kallsyms(obj);
	for (size_t i = 0; i < obj->nr_externs && !err; i++) {
		struct obj_extern *ext = &obj->externs[i];

		if (ext->type != EXT_KSYM || ext->ksym.typeless)
			continue;
		err = ext->ksym.is_func ? resolve_kfunc(obj, ext) : resolve_ksym_var(obj, ext);
	}
	return err;
}

int obj_resolve_externs(struct hive_object *obj)
{
	void *kcfg_data = NULL;
	bool need_config = false;
	int err;

	if (!obj->nr_externs)
		return 0;
	if (obj->kconfig_map_idx >= 0)
		kcfg_data = obj->maps[obj->kconfig_map_idx].image;
	for (size_t i = 0; i < obj->nr_externs; i++)
		if (obj->externs[i].type == EXT_KCFG &&
		    !strncmp(obj->externs[i].name, "CONFIG_", 7))
			need_config = true;
	err = kcfg_data ? obj_kconfig_virtual(obj, kcfg_data) : 0;
	if (!err && need_config && kcfg_data)
		err = obj_kconfig_load(obj, kcfg_data);
	err = err ?: resolve_ksyms(obj);
	if (err)
		return err;
	for (size_t i = 0; i < obj->nr_externs; i++) {
		const struct obj_extern *ext = &obj->externs[i];

		if (!ext->is_set && !ext->is_weak)
			return obj_fail(obj, -ESRCH, "extern '%s' (strong): not resolved",
					ext->name);
		if (!ext->is_set)
			obj_debug(obj, "extern '%s' (weak): not resolved, defaulting to zero",
				  ext->name);
	}
	return 0;
}
