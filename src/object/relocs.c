// SPDX-License-Identifier: BSD-2-Clause
/*
 * object/relocs.c: the relocation records of code sections, classified into the loader's own
 * kinds (spec A.4, A.5) and attached to the program that owns each instruction.
 *
 * clang writes one Elf64_Rel per instruction that needs the loader: ld_imm64 of a map, of a
 * global variable, of an extern or of a function (a callback), and calls of a global function
 * or kfunc. Static targets are relocated against their section symbol with the offset in the
 * instruction (`r1 = .data + 16` is imm0 = 16 against `.data`); global ones against the symbol
 * itself with imm 0. Records of instructions owned by no program (an overridden weak function)
 * are skipped, as libbpf does.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "object/object_internal.h"

/* A name for messages: unnamed section symbols are named after their section. */
static const char *sym_display_name(const struct hive_object *obj, const struct hive_elf_sym *sym)
{
	const struct hive_elf_sec *sec;

	if (sym->type == STT_SECTION && !sym->name[0]) {
		sec = elf_sec(obj->elf, sym->shndx);
		return sec ? sec->name : "<?>";
	}
	return sym->name[0] ? sym->name : "<?>";
}

static bool sym_is_subprog(const struct hive_elf_sym *sym, uint32_t text_shndx)
{
	if (!text_shndx || sym->shndx != text_shndx)
		return false;
	if (sym->bind == STB_LOCAL && sym->type == STT_SECTION)
		return true;
	return (sym->bind == STB_GLOBAL || sym->bind == STB_WEAK) && sym->type == STT_FUNC;
}

static int record_extern(struct hive_program *prog, struct obj_reloc *r,
			 const struct hive_elf_sym *sym, const struct hive_insn *insn)
{
	int ext_idx;

	if (!obj_find_extern_by_sym(prog->obj, sym->idx, &ext_idx))
		return obj_fail(prog->obj, -EINVAL,
				"prog '%s': extern relo failed to find extern "
				"for '%s' (%u)",
				prog->name, sym->name, sym->idx);
	r->type = insn_is_call(insn) ? RELO_EXTERN_CALL : RELO_EXTERN_LD64;
	r->ext_idx = ext_idx;
	return 0;
}

static int record_call(struct hive_program *prog, struct obj_reloc *r,
		       const struct hive_elf_sym *sym, const struct hive_insn *insn,
		       const char *name)
{
	struct hive_object *obj = prog->obj;
	const struct hive_elf_sec *sec;

	if (insn->src_reg != BPF_PSEUDO_CALL)
		return obj_fail(obj, -EINVAL,
				"prog '%s': incorrect bpf_call opcode for call to '%s'", prog->name,
				name);
	if (!sym->shndx || sym->shndx != obj->text_shndx) {
		sec = elf_sec(obj->elf, sym->shndx);
		return obj_fail(obj, -EINVAL,
				"prog '%s': bad call relo against '%s' in section '%s'", prog->name,
				name, sec ? sec->name : "<undefined>");
	}
	if (sym->value % BPF_INSN_SZ || sym->value > INT32_MAX)
		return obj_fail(obj, -EINVAL, "prog '%s': bad call relo against '%s' at offset %lu",
				prog->name, name, (unsigned long)sym->value);
	r->type = RELO_CALL;
	r->sym_off = (int)sym->value;
	return 0;
}

static int find_user_map(const struct hive_object *obj, const struct hive_elf_sym *sym)
{
	for (size_t i = 0; i < obj->nr_maps; i++) {
		const struct hive_map *map = &obj->maps[i];

		if (map->kind == HIVE_MAP_USER && map->sec_idx == sym->shndx &&
		    map->sec_offset == sym->value)
			return (int)i;
	}
	return -1;
}

static int find_data_map(const struct hive_object *obj, uint32_t shndx)
{
	for (size_t i = 0; i < obj->nr_maps; i++) {
		const struct hive_map *map = &obj->maps[i];

		if (map->kind != HIVE_MAP_USER && map->kind != HIVE_MAP_KCONFIG &&
		    map->sec_idx == (int)shndx)
			return (int)i;
	}
	return -1;
}

static int record_ld64(struct hive_program *prog, struct obj_reloc *r,
		       const struct hive_elf_sym *sym, const struct hive_insn *insn,
		       const char *name)
{
	struct hive_object *obj = prog->obj;
	const struct hive_elf_sec *sec;

	if (!sym->shndx || sym->shndx >= SHN_LORESERVE)
		return obj_fail(obj, -EINVAL,
				"prog '%s': invalid relo against '%s' in special section "
				"0x%x; forgot to initialize global var?..",
				prog->name, name, sym->shndx);
	if (sym_is_subprog(sym, obj->text_shndx)) {
		if (sym->value % BPF_INSN_SZ || insn->imm % BPF_INSN_SZ || sym->value > INT32_MAX)
			return obj_fail(obj, -EINVAL,
					"prog '%s': bad subprog addr relo against '%s' at "
					"offset %lu%+d",
					prog->name, name, (unsigned long)sym->value, insn->imm);
		r->type = RELO_SUBPROG_ADDR;
		r->sym_off = (int)sym->value;
		return 0;
	}
	sec = elf_sec(obj->elf, sym->shndx);
	if (sym->shndx == obj->maps_shndx) {
		r->map_idx = find_user_map(obj, sym);
		if (r->map_idx < 0)
			return obj_fail(obj, -EINVAL,
					"prog '%s': map relo failed to find map for "
					"section '%s', off %lu",
					prog->name, sec->name, (unsigned long)sym->value);
		r->type = RELO_LD64;
		return 0;
	}
	if (!obj_sec_is_data(sec))
		return obj_fail(obj, -EINVAL,
				"prog '%s': bad data relo against section '%s' (symbol "
				"'%s')",
				prog->name, sec->name, name);
	r->map_idx = find_data_map(obj, sym->shndx);
	if (r->map_idx < 0)
		return obj_fail(obj, -EINVAL,
				"prog '%s': data relo failed to find map for section "
				"'%s'",
				prog->name, sec->name);
	if (sym->value > INT32_MAX)
		return obj_fail(obj, -EINVAL, "prog '%s': bad data relo offset against '%s'",
				prog->name, name);
	r->type = RELO_DATA;
	r->sym_off = (int)sym->value;
	return 0;
}

static int record_reloc(struct hive_program *prog, size_t insn_idx, const struct hive_elf_sym *sym,
			struct obj_reloc *r)
{
	const struct hive_insn *insn = &prog->insns[insn_idx];
	const char *name = sym_display_name(prog->obj, sym);
	bool ext = sym->shndx == SHN_UNDEF && sym->type == STT_NOTYPE &&
		   (sym->bind == STB_GLOBAL || sym->bind == STB_WEAK);

	memset(r, 0, sizeof(*r));
	r->insn_idx = insn_idx;
	r->sym_idx = sym->idx;
	r->map_idx = r->ext_idx = -1;
	if (!insn_is_call(insn) && !insn_is_ldimm64(insn))
		return obj_fail(prog->obj, -EINVAL,
				"prog '%s': invalid relo against '%s' for "
				"insns[%zu].code 0x%x",
				prog->name, name, insn_idx, insn->code);
	if (insn_is_ldimm64(insn) && insn_idx + 1 >= prog->sec_insn_cnt)
		return obj_fail(prog->obj, -EINVAL,
				"prog '%s': relo against '%s': ld_imm64 at "
				"insn #%zu is cut off by the end of the program",
				prog->name, name, insn_idx);
	if (ext && sym->name[0])
		return record_extern(prog, r, sym, insn);
	if (insn_is_call(insn))
		return record_call(prog, r, sym, insn, name);
	return record_ld64(prog, r, sym, insn, name);
}

static int add_reloc(struct hive_program *prog, size_t insn_idx, const struct hive_elf_sym *sym)
{
	if (hive_ensure_mem((void **)&prog->relos, &prog->relos_cap, sizeof(*prog->relos),
			    prog->nr_relos + 1))
		return -ENOMEM;
	return record_reloc(prog, insn_idx, sym, &prog->relos[prog->nr_relos++]);
}

static int collect_sec(struct hive_object *obj, const struct hive_elf_sec *rsec)
{
	const struct hive_elf_sec *sec = elf_sec(obj->elf, rsec->info);
	const struct hive_elf_rel *rels;
	int n = elf_relocs(obj->elf, rsec->idx, &rels);

	for (int i = 0; i < n; i++) {
		const struct hive_elf_sym *sym = elf_sym(obj->elf, rels[i].sym);
		struct hive_program *prog;
		size_t insn_idx;
		int err;

		if (rels[i].offset % BPF_INSN_SZ)
			return obj_fail(obj, -EINVAL,
					"section '%s': relo #%d: invalid offset 0x%lx", rsec->name,
					i, (unsigned long)rels[i].offset);
		insn_idx = rels[i].offset / BPF_INSN_SZ;
		prog = obj_find_prog_by_sec_insn(obj, sec->idx, insn_idx);
		if (!prog) {
			obj_debug(obj,
				  "section '%s': relo #%d: no program owns insn #%zu, probably "
				  "an overridden weak function, skipping",
				  rsec->name, i, insn_idx);
			continue;
		}
		err = add_reloc(prog, insn_idx - prog->sec_insn_off, sym);
		if (err)
			return err;
	}
	return n < 0 ? n : 0;
}

static int cmp_relos(const void *a, const void *b)
{
	const struct obj_reloc *r1 = a, *r2 = b;

	if (r1->insn_idx != r2->insn_idx)
		return r1->insn_idx < r2->insn_idx ? -1 : 1;
	return 0;
}

int obj_collect_relos(struct hive_object *obj)
{
	for (uint32_t i = 1; i < elf_sec_cnt(obj->elf); i++) {
		const struct hive_elf_sec *rsec = elf_sec(obj->elf, i), *target;
		int err;

		if (rsec->cls != ELF_SEC_RELO)
			continue;
		target = elf_sec(obj->elf, rsec->info);
		if (!target || (target->cls != ELF_SEC_PROG && target->cls != ELF_SEC_TEXT))
			continue;
		err = collect_sec(obj, rsec);
		if (err)
			return err;
	}
	for (size_t i = 0; i < obj->nr_progs; i++)
		if (obj->progs[i].nr_relos)
			qsort(obj->progs[i].relos, obj->progs[i].nr_relos,
			      sizeof(*obj->progs[i].relos), cmp_relos);
	return 0;
}
