// SPDX-License-Identifier: BSD-2-Clause
/*
 * object/programs.c: programs from code sections (spec A.3). Every STT_FUNC symbol of an
 * executable section is a program: in .text a subprogram (linked into the entry programs that
 * call it, never loaded alone), elsewhere an entry program whose section name gives its type.
 * Programs are kept sorted by (section, offset) so that an instruction index finds its owner
 * by binary search; instructions owned by no symbol (a weak function overridden at static link
 * time) are ignored together with their relocations.
 */
#include <elf.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "object/object_internal.h"

bool obj_prog_is_subprog(const struct hive_program *prog)
{
	return prog->is_subprog;
}

static int cmp_progs(const void *a, const void *b)
{
	const struct hive_program *p1 = a, *p2 = b;

	if (p1->sec_idx != p2->sec_idx)
		return p1->sec_idx < p2->sec_idx ? -1 : 1;
	if (p1->sec_insn_off != p2->sec_insn_off)
		return p1->sec_insn_off < p2->sec_insn_off ? -1 : 1;
	return 0;
}

/* Byte-swapped (bpfeb) input: fix the multi-byte fields and swap the register nibbles. */
static void swap_insns(struct hive_insn *insns, size_t cnt)
{
	for (size_t i = 0; i < cnt; i++) {
		uint8_t dst = insns[i].dst_reg;

		insns[i].dst_reg = insns[i].src_reg;
		insns[i].src_reg = dst;
		insns[i].off = (int16_t)__builtin_bswap16((uint16_t)insns[i].off);
		insns[i].imm = (int32_t)__builtin_bswap32((uint32_t)insns[i].imm);
	}
}

static int check_func_sym(struct hive_object *obj, const struct hive_elf_sec *sec,
			  const struct hive_elf_sym *sym)
{
	if (!sym->name[0])
		return obj_fail(obj, -EINVAL, "section '%s': function symbol #%u has no name",
				sec->name, sym->idx);
	if (sym->value % BPF_INSN_SZ || sym->size % BPF_INSN_SZ || sym->size == 0)
		return obj_fail(obj, -EINVAL,
				"section '%s': program '%s' at offset %lu, size %lu is not a whole "
				"number of instructions",
				sec->name, sym->name, (unsigned long)sym->value,
				(unsigned long)sym->size);
	if (sym->value + sym->size > sec->size || sym->value + sym->size < sym->value)
		return obj_fail(
			obj, -EINVAL,
			"section '%s': program '%s' at offset %lu crosses the section's end",
			sec->name, sym->name, (unsigned long)sym->value);
	if (sec->cls == ELF_SEC_PROG && sym->bind == STB_LOCAL)
		return obj_fail(obj, -EOPNOTSUPP,
				"section '%s': program '%s' is static and not supported", sec->name,
				sym->name);
	return 0;
}

static int init_prog(struct hive_object *obj, struct hive_program *prog,
		     const struct hive_elf_sec *sec, const struct hive_elf_sym *sym)
{
	const char *sec_name = sec->name;

	prog->obj = obj;
	prog->sec_idx = sec->idx;
	prog->sec_insn_off = sym->value / BPF_INSN_SZ;
	prog->sec_insn_cnt = sym->size / BPF_INSN_SZ;
	prog->insns_cnt = prog->sec_insn_cnt;
	prog->is_subprog = sec->cls == ELF_SEC_TEXT;
	prog->autoload = true;
	prog->exception_cb_idx = -1;
	/* SEC("?xdp") is SEC("xdp") that is not loaded unless asked for */
	if (sec_name[0] == '?') {
		prog->autoload = false;
		sec_name++;
	}
	prog->sym_global = sym->bind != STB_LOCAL;
	prog->mark_btf_static = prog->sym_global &&
				(sym->visibility == STV_HIDDEN || sym->visibility == STV_INTERNAL);
	prog->name = strdup(sym->name);
	prog->sec_name = strdup(sec_name);
	prog->insns = hive_memdup((const uint8_t *)sec->data + sym->value, sym->size);
	if (!prog->name || !prog->sec_name || !prog->insns)
		return -ENOMEM;
	if (elf_is_swapped(obj->elf))
		swap_insns(prog->insns, prog->insns_cnt);
	obj_debug(obj,
		  "sec '%s': found program '%s' at insn offset %zu (%lu bytes), code size %zu "
		  "insns",
		  sec->name, sym->name, prog->sec_insn_off, (unsigned long)sym->value,
		  prog->sec_insn_cnt);
	return 0;
}

static int add_sec_progs(struct hive_object *obj, const struct hive_elf_sec *sec, size_t *cap)
{
	for (uint32_t i = 1; i < elf_sym_cnt(obj->elf); i++) {
		const struct hive_elf_sym *sym = elf_sym(obj->elf, i);
		int err;

		if (sym->shndx != sec->idx || sym->type != STT_FUNC)
			continue;
		err = check_func_sym(obj, sec, sym);
		if (err)
			return err;
		if (hive_ensure_mem((void **)&obj->progs, cap, sizeof(*obj->progs),
				    obj->nr_progs + 1))
			return -ENOMEM;
		err = init_prog(obj, &obj->progs[obj->nr_progs++], sec, sym);
		if (err)
			return err;
	}
	return 0;
}

int obj_collect_progs(struct hive_object *obj)
{
	size_t cap = 0;
	int err;

	for (uint32_t i = 1; i < elf_sec_cnt(obj->elf); i++) {
		const struct hive_elf_sec *sec = elf_sec(obj->elf, i);

		if (sec->cls != ELF_SEC_PROG && sec->cls != ELF_SEC_TEXT)
			continue;
		if (!sec->data)
			continue;
		err = add_sec_progs(obj, sec, &cap);
		if (err)
			return err;
	}
	if (obj->nr_progs)
		qsort(obj->progs, obj->nr_progs, sizeof(*obj->progs), cmp_progs);
	/* programs sharing an offset would make instruction ownership ambiguous */
	for (size_t i = 1; i < obj->nr_progs; i++) {
		struct hive_program *a = &obj->progs[i - 1], *b = &obj->progs[i];

		if (a->sec_idx == b->sec_idx && a->sec_insn_off + a->sec_insn_cnt > b->sec_insn_off)
			return obj_fail(obj, -EINVAL,
					"section '%s': programs '%s' and '%s' overlap", a->sec_name,
					a->name, b->name);
	}
	return 0;
}

struct hive_program *obj_find_prog_by_sec_insn(const struct hive_object *obj, uint32_t sec_idx,
					       size_t insn_idx)
{
	size_t l = 0, r = obj->nr_progs;

	/* first program whose (sec, off) is greater than the key, minus one */
	while (l < r) {
		size_t m = l + (r - l) / 2;
		const struct hive_program *p = &obj->progs[m];

		if (p->sec_idx < sec_idx || (p->sec_idx == sec_idx && p->sec_insn_off <= insn_idx))
			l = m + 1;
		else
			r = m;
	}
	if (!l)
		return NULL;
	{
		struct hive_program *p = &obj->progs[l - 1];

		if (p->sec_idx == sec_idx && insn_idx < p->sec_insn_off + p->sec_insn_cnt)
			return p;
	}
	return NULL;
}

/* Program type, attach type and flags from the section name (libbpf's table, sec_def.c). */
int obj_init_prog_types(struct hive_object *obj)
{
	for (size_t i = 0; i < obj->nr_progs; i++) {
		struct hive_program *prog = &obj->progs[i];
		const struct sec_def *def;

		if (prog->is_subprog)
			continue;
		def = sec_def_find(prog->sec_name);
		prog->sec_def = def;
		if (!def) {
			obj_debug(obj, "prog '%s': unrecognized ELF section name '%s'", prog->name,
				  prog->sec_name);
			continue;
		}
		prog->type = def->prog_type;
		prog->attach_type = def->attach_type;
		if (def->flags & SEC_SLEEPABLE)
			prog->prog_flags |= HIVE_PROG_F_SLEEPABLE;
		if (def->flags & SEC_XDP_FRAGS)
			prog->prog_flags |= HIVE_PROG_F_XDP_HAS_FRAGS;
	}
	return 0;
}
