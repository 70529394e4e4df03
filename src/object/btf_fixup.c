// SPDX-License-Identifier: BSD-2-Clause
/*
 * object/btf_fixup.c: the changes libbpf makes to an object's BTF before using it (spec B.8).
 *
 * clang leaves every DATASEC's size and its VARs' offsets at 0 (the linker would fill them in);
 * the loader takes the size from the ELF section of the same name and each global VAR's offset
 * from its ELF symbol. A VAR or FUNC whose symbol is hidden becomes static, which lets the
 * verifier see more context and keeps hidden variables out of the mmapable image. Extern
 * DATASECs (.ksyms, .kconfig) are laid out from the externs themselves.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "object/object_internal.h"

static struct obj_extern *find_extern_by_name(struct hive_object *obj, const char *name)
{
	for (size_t i = 0; i < obj->nr_externs; i++)
		if (!strcmp(obj->externs[i].name, name))
			return &obj->externs[i];
	return NULL;
}

/* First 32-bit INT of the BTF (what extern VARs are retyped to), 0 if none. */
static uint32_t find_int_btf_id(const struct hive_btf *btf)
{
	for (uint32_t i = 1; i < btf_type_cnt(btf); i++) {
		const struct btf_type *t = btf_type_by_id(btf, i);

		if (btf_is_int(t) && btf_int_bits(t) == 32)
			return i;
	}
	return 0;
}

/* A shared `dummy_ksym` VAR replaces each FUNC entry of .ksyms; added only if one exists. */
static int add_dummy_ksym_var(struct hive_object *obj, int sec_id)
{
	const struct btf_type *sec = btf_type_by_id(obj->btf, sec_id);
	const struct btf_var_secinfo *vs = btf_var_secinfos(sec);
	uint32_t i;

	for (i = 0; i < btf_vlen(sec); i++) {
		const struct btf_type *t = btf_type_by_id(obj->btf, vs[i].type);

		if (t && btf_is_func(t))
			break;
	}
	if (i == btf_vlen(sec))
		return 0;
	return btf_add_var(obj->btf, "dummy_ksym", BTF_VAR_GLOBAL_ALLOCATED,
			   find_int_btf_id(obj->btf));
}

static int fixup_ksym_func(struct hive_object *obj, uint32_t func_id, int dummy_id)
{
	const struct btf_type *dummy = btf_type_by_id(obj->btf, dummy_id);
	uint32_t dummy_name = dummy->name_off;
	struct btf_type *proto, *fn = btf_type_mut(obj->btf, func_id);
	struct btf_param *p;

	if (!fn)
		return obj_fail(obj, -EINVAL, "extern function [%u] is not in the object's BTF",
				func_id);
	fn->info = btf_type_info(BTF_KIND_FUNC, BTF_FUNC_GLOBAL, 0);
	proto = btf_type_mut(obj->btf, fn->type);
	if (!proto || !btf_is_func_proto(proto))
		return obj_fail(obj, -EINVAL, "extern function [%u] has no prototype", func_id);
	p = (struct btf_param *)(proto + 1);
	for (uint32_t j = 0; j < btf_vlen(proto); j++)
		if (p[j].type && !p[j].name_off)
			p[j].name_off = dummy_name;
	return 0;
}

int obj_fixup_ksyms_datasec(struct hive_object *obj, int sec_id)
{
	int dummy_id = add_dummy_ksym_var(obj, sec_id);
	uint32_t int_id = find_int_btf_id(obj->btf), off = 0, n;
	struct btf_type *sec;

	if (dummy_id < 0)
		return obj_fail(obj, dummy_id, "cannot create the dummy_ksym BTF variable");
	sec = btf_type_mut(obj->btf, sec_id);
	if (!sec)
		return -ENOMEM;
	n = btf_vlen(sec);
	for (uint32_t i = 0; i < n; i++, off += 4) {
		struct btf_var_secinfo *vs = (struct btf_var_secinfo *)(sec + 1) + i;
		struct btf_type *vt = btf_type_mut(obj->btf, vs->type);
		const char *name;
		int err;

		if (!vt || (!btf_is_var(vt) && !btf_is_func(vt)))
			return obj_fail(obj, -EINVAL,
					"BTF DATASEC '.ksyms': entry %u is not a VAR or "
					"FUNC",
					i);
		name = btf_name(obj->btf, vt->name_off);
		if (!find_extern_by_name(obj, name))
			return obj_fail(obj, -ESRCH,
					"failed to find extern definition for BTF %s '%s'",
					btf_kind_str(btf_kind(vt)), name);
		if (btf_is_func(vt)) {
			err = fixup_ksym_func(obj, vs->type, dummy_id);
			if (err)
				return err;
			vs->type = dummy_id;
		} else {
			((struct btf_var *)(vt + 1))->linkage = BTF_VAR_GLOBAL_ALLOCATED;
			vt->type = int_id;
		}
		vs->offset = off;
		vs->size = 4;
	}
	sec->size = off;
	return 0;
}

int obj_fixup_kconfig_datasec(struct hive_object *obj, int sec_id)
{
	struct btf_type *sec;
	uint32_t off = 0;

	for (size_t i = 0; i < obj->nr_externs; i++) {
		struct obj_extern *ext = &obj->externs[i];

		if (ext->type != EXT_KCFG)
			continue;
		ext->kcfg.data_off = hive_round_up(off, (uint32_t)ext->kcfg.align);
		off = ext->kcfg.data_off + ext->kcfg.sz;
		obj_debug(obj, "extern (kcfg) #%zu: symbol %u, off %d, name %s", i, ext->sym_idx,
			  ext->kcfg.data_off, ext->name);
	}
	sec = btf_type_mut(obj->btf, sec_id);
	if (!sec)
		return -ENOMEM;
	sec->size = off;
	for (uint32_t i = 0; i < btf_vlen(sec); i++) {
		struct btf_var_secinfo *vs = (struct btf_var_secinfo *)(sec + 1) + i;
		struct btf_type *vt = btf_type_mut(obj->btf, vs->type);
		const char *name = vt ? btf_name(obj->btf, vt->name_off) : "?";
		struct obj_extern *ext = find_extern_by_name(obj, name);

		if (!vt || !btf_is_var(vt))
			return obj_fail(obj, -EINVAL,
					"BTF DATASEC '.kconfig': entry %u is not a VAR", i);
		if (!ext || ext->type != EXT_KCFG)
			return obj_fail(obj, -ESRCH,
					"failed to find extern definition for BTF var '%s'", name);
		((struct btf_var *)(vt + 1))->linkage = BTF_VAR_GLOBAL_ALLOCATED;
		vs->offset = ext->kcfg.data_off;
	}
	return 0;
}

/* Size and VAR offsets of one DATASEC from the ELF section and symbols of the same name. */
static int fixup_datasec(struct hive_object *obj, uint32_t id)
{
	struct btf_type *t = btf_type_mut(obj->btf, id);
	struct btf_var_secinfo *vs;
	bool fix_offsets = false;
	const char *name;

	if (!t)
		return -ENOMEM;
	name = btf_name(obj->btf, t->name_off);
	vs = (struct btf_var_secinfo *)(t + 1);

	if (!strcmp(name, ".kconfig") || !strcmp(name, ".ksyms"))
		return btf_datasec_sort(obj->btf, id);
	if (t->size == 0) {
		const struct hive_elf_sec *sec = elf_sec_by_name(obj->elf, name);

		if (!sec || !sec->size)
			return obj_fail(obj, -ENOENT,
					"BTF DATASEC '%s' has no ELF section of that name to take "
					"its size from",
					name);
		if (sec->size > UINT32_MAX)
			return obj_fail(obj, -E2BIG, "section '%s' is too large", name);
		t->size = (uint32_t)sec->size;
		fix_offsets = true;
	}
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		struct btf_type *vt = btf_type_mut(obj->btf, vs[i].type);
		struct btf_var *var;
		const struct hive_elf_sym *sym;
		const char *var_name;

		if (!vt || !btf_is_var(vt))
			return obj_fail(obj, -EINVAL, "BTF DATASEC '%s': entry %u is not a VAR",
					name, i);
		var = (struct btf_var *)(vt + 1);
		if (var->linkage == BTF_VAR_STATIC || var->linkage == BTF_VAR_GLOBAL_EXTERN)
			continue;
		var_name = btf_name(obj->btf, vt->name_off);
		sym = elf_sym_by_name(obj->elf, var_name, STT_OBJECT);
		if (!sym)
			return obj_fail(obj, -ENOENT,
					"BTF DATASEC '%s': no ELF symbol for variable '%s'", name,
					var_name);
		if (fix_offsets) {
			if (sym->value > UINT32_MAX)
				return obj_fail(obj, -EINVAL, "symbol '%s': bad offset", var_name);
			vs[i].offset = (uint32_t)sym->value;
		}
		if (sym->visibility == STV_HIDDEN || sym->visibility == STV_INTERNAL)
			var->linkage = BTF_VAR_STATIC;
	}
	return btf_datasec_sort(obj->btf, id);
}

int obj_fixup_btf(struct hive_object *obj)
{
	if (!obj->btf)
		return 0;
	for (uint32_t id = 1; id < btf_type_cnt(obj->btf); id++) {
		int err;

		if (!btf_is_datasec(btf_type_by_id(obj->btf, id)))
			continue;
		err = fixup_datasec(obj, id);
		if (err)
			return err;
	}
	return 0;
}

/* Hidden global subprograms: their FUNC becomes static (spec A.3), as libbpf does at load. */
void obj_mark_hidden_subprogs(struct hive_object *obj)
{
	for (size_t i = 0; i < obj->nr_progs; i++) {
		struct hive_program *prog = &obj->progs[i];
		int id;

		if (!prog->mark_btf_static || !obj->btf)
			continue;
		id = btf_find_by_name_kind(obj->btf, prog->name, BTF_KIND_FUNC);
		if (id > 0)
			btf_func_set_linkage(obj->btf, id, BTF_FUNC_STATIC);
	}
}
