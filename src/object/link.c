// SPDX-License-Identifier: BSD-2-Clause
/*
 * object/link.c: subprogram linking and the final relocations (spec A.6-A.8).
 *
 * Every autoloaded entry program gets its own copy of each .text subprogram it reaches, by a
 * call or by taking its address (a callback for bpf_loop, bpf_rbtree_add, ...), appended after
 * its code in the order first reached:
 *
 *   entry:  [ main code | sub A | sub C | sub B ]      main calls A and B, A calls C
 *
 * Call and callback immediates then become offsets relative to the instruction, as the kernel
 * expects. The func_info and line_info records of each piece move with it (offsets converted
 * from bytes in the section to instructions in the image). Last, map, data and extern
 * references are written into the final image and recorded per instruction (refs) for the
 * backend.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "object/object_internal.h"

int obj_prog_add_ref(struct hive_program *prog, const struct obj_insn_ref *ref)
{
	if (hive_ensure_mem((void **)&prog->refs, &prog->refs_cap, sizeof(*prog->refs),
			    prog->nr_refs + 1))
		return -ENOMEM;
	prog->refs[prog->nr_refs++] = *ref;
	return 0;
}

static const struct obj_reloc *find_relo(const struct hive_program *prog, size_t insn_idx)
{
	size_t l = 0, r = prog->nr_relos;

	while (l < r) {
		size_t m = l + (r - l) / 2;

		if (prog->relos[m].insn_idx < insn_idx)
			l = m + 1;
		else
			r = m;
	}
	return l < prog->nr_relos && prog->relos[l].insn_idx == insn_idx ? &prog->relos[l] : NULL;
}

/* The .BTF.ext run for ELF section @sec_idx (matched by name; the names may move in memory). */
static const struct btf_ext_sec *ext_sec_for(const struct hive_object *obj,
					     const struct btf_ext_info *info, uint32_t sec_idx)
{
	const struct hive_elf_sec *esec = elf_sec(obj->elf, sec_idx);

	for (uint32_t i = 0; esec && i < info->nr_secs; i++)
		if (!strcmp(btf_name(obj->btf, info->secs[i].sec_name_off), esec->name))
			return &info->secs[i];
	return NULL;
}

/* Append @prog's records of one kind to @main's, rebased to where @prog sits in the image. */
static int append_ext_info(const struct hive_object *obj, const struct hive_program *prog,
			   enum btf_ext_kind kind, void **dst, uint32_t *cnt, size_t *cap,
			   uint32_t *rec_size)
{
	const struct btf_ext_info *info = btf_ext_info(obj->btf_ext, kind);
	const struct btf_ext_sec *sec = ext_sec_for(obj, info, prog->sec_idx);
	uint32_t first = UINT32_MAX, last = 0, n;
	int64_t adj = (int64_t)prog->sub_insn_off - (int64_t)prog->sec_insn_off;

	for (uint32_t i = 0; sec && i < sec->nr_recs; i++) {
		uint32_t off = *(const uint32_t *)btf_ext_rec(info, sec, i) / BPF_INSN_SZ;

		if (off < prog->sec_insn_off)
			continue;
		if (off >= prog->sec_insn_off + prog->sec_insn_cnt)
			break;
		if (first == UINT32_MAX)
			first = i;
		last = i;
	}
	if (first == UINT32_MAX)
		return -ENOENT;
	n = last - first + 1;
	if (hive_ensure_mem(dst, cap, info->rec_size, (size_t)*cnt + n))
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		uint8_t *rec = (uint8_t *)*dst + (size_t)(*cnt + i) * info->rec_size;

		memcpy(rec, btf_ext_rec(info, sec, first + i), info->rec_size);
		*(uint32_t *)rec = (uint32_t)(*(uint32_t *)rec / BPF_INSN_SZ + adj);
	}
	*cnt += n;
	*rec_size = info->rec_size;
	return 0;
}

static int reloc_ext_kind(struct hive_object *obj, struct hive_program *main,
			  const struct hive_program *prog, enum btf_ext_kind kind)
{
	bool fi = kind == BTF_EXT_FUNC_INFO;
	void **dst = fi ? &main->func_info : &main->line_info;
	uint32_t *cnt = fi ? &main->func_info_cnt : &main->line_info_cnt;
	size_t *cap = fi ? &main->func_info_cap : &main->line_info_cap;
	uint32_t *rs = fi ? &main->func_info_rec_size : &main->line_info_rec_size;
	const char *what = fi ? "function" : "line";
	int err;

	/* only if the main program's own records were found */
	if (main != prog && !*cnt)
		return 0;
	err = append_ext_info(obj, prog, kind, dst, cnt, cap, rs);
	if (err == -ENOENT && *cnt)
		return obj_fail(obj, err, "prog '%s': missing .BTF.ext %s info", prog->name, what);
	if (err == -ENOENT)
		obj_warn(obj,
			 "prog '%s': missing .BTF.ext %s info for the main program, skipping "
			 "all of .BTF.ext %s info",
			 prog->name, what, what);
	else if (err)
		return obj_fail(obj, err, "prog '%s': error relocating .BTF.ext %s info: %s",
				prog->name, what, hive_errstr(err));
	return 0;
}

static int reloc_func_line_info(struct hive_object *obj, struct hive_program *main,
				const struct hive_program *prog)
{
	int err;

	if (!obj->btf_ext)
		return 0;
	err = reloc_ext_kind(obj, main, prog, BTF_EXT_FUNC_INFO);
	return err ?: reloc_ext_kind(obj, main, prog, BTF_EXT_LINE_INFO);
}

static int append_subprog(struct hive_object *obj, struct hive_program *main,
			  struct hive_program *sub)
{
	size_t cnt = main->insns_cnt + sub->insns_cnt;
	struct hive_insn *insns = hive_reallocarray(main->insns, cnt, sizeof(*insns));

	if (!insns)
		return -ENOMEM;
	sub->sub_insn_off = main->insns_cnt;
	main->insns = insns;
	memcpy(main->insns + sub->sub_insn_off, sub->insns, sub->insns_cnt * sizeof(*insns));
	main->insns_cnt = cnt;
	if (hive_ensure_mem((void **)&main->relos, &main->relos_cap, sizeof(*main->relos),
			    main->nr_relos + sub->nr_relos))
		return -ENOMEM;
	for (size_t i = 0; i < sub->nr_relos; i++) {
		main->relos[main->nr_relos] = sub->relos[i];
		main->relos[main->nr_relos++].insn_idx += sub->sub_insn_off;
	}
	for (size_t i = 0; i < sub->nr_refs; i++) {
		struct obj_insn_ref ref = sub->refs[i];

		ref.insn_idx += sub->sub_insn_off;
		ref.text = ref.text ? strdup(ref.text) : NULL;
		if ((sub->refs[i].text && !ref.text) || obj_prog_add_ref(main, &ref)) {
			free(ref.text);
			return -ENOMEM;
		}
	}
	obj_debug(obj, "prog '%s': added %zu insns from sub-prog '%s'", main->name, sub->insns_cnt,
		  sub->name);
	return 0;
}

/* Section instruction index (*@target) of what call/ld_imm64 @insn_idx of @prog points to. */
static int target_insn(struct hive_object *obj, const struct hive_program *prog, size_t insn_idx,
		       const struct hive_insn *insn, const struct obj_reloc *r, int64_t *target)
{
	if (r && r->type == RELO_CALL)
		*target = r->sym_off / BPF_INSN_SZ + (int64_t)insn->imm + 1;
	else if (r && r->type == RELO_SUBPROG_ADDR)
		*target = ((int64_t)r->sym_off + insn->imm) / BPF_INSN_SZ;
	else if (r)
		return obj_fail(obj, -EINVAL, "prog '%s': unexpected relo for insn #%zu, type %d",
				prog->name, insn_idx, r->type);
	else if (insn_is_pseudo_func(insn))
		return obj_fail(obj, -EINVAL, "prog '%s': missing subprog addr relo for insn #%zu",
				prog->name, insn_idx);
	else /* a static callee in the same section has no relocation: imm is relative */
		*target = (int64_t)(prog->sec_insn_off + insn_idx) + insn->imm + 1;
	return 0;
}

static int reloc_code(struct hive_object *obj, struct hive_program *main,
		      struct hive_program *prog);

static int link_insn(struct hive_object *obj, struct hive_program *main, struct hive_program *prog,
		     size_t insn_idx)
{
	struct hive_insn *insn = &main->insns[prog->sub_insn_off + insn_idx];
	const struct obj_reloc *r = find_relo(prog, insn_idx);
	struct hive_program *sub = NULL;
	int64_t target = -1;
	int err;

	if (r && r->type == RELO_EXTERN_CALL)
		return 0; /* kfunc calls are resolved with the data relocations */
	err = target_insn(obj, prog, insn_idx, insn, r, &target);
	if (err)
		return err;
	if (target >= 0 && obj->text_shndx)
		sub = obj_find_prog_by_sec_insn(obj, obj->text_shndx, (size_t)target);
	if (!sub)
		return obj_fail(obj, -EINVAL,
				"prog '%s': insn #%zu calls instruction %lld of .text, "
				"which no sub-program owns%s",
				prog->name, insn_idx, (long long)target,
				obj->text_shndx ? "" : " (no .text section)");
	if ((size_t)target != sub->sec_insn_off)
		return obj_fail(obj, -EINVAL,
				"prog '%s': insn #%zu points into the middle of "
				"sub-program '%s'",
				prog->name, insn_idx, sub->name);
	if (sub->sub_insn_off == 0) {
		err = append_subprog(obj, main, sub);
		err = err ?: reloc_code(obj, main, sub);
		if (err)
			return err;
	}
	insn = &main->insns[prog->sub_insn_off + insn_idx];
	insn->imm = (int32_t)(sub->sub_insn_off - (prog->sub_insn_off + insn_idx) - 1);
	obj_debug(obj,
		  "prog '%s': insn #%zu relocated, imm %d points to subprog '%s' (now at %zu "
		  "offset)",
		  prog->name, insn_idx, insn->imm, sub->name, sub->sub_insn_off);
	return 0;
}

/* Link @prog's own instructions (at prog->sub_insn_off in @main's image), recursively. */
static int reloc_code(struct hive_object *obj, struct hive_program *main, struct hive_program *prog)
{
	int err = reloc_func_line_info(obj, main, prog);

	for (size_t i = 0; !err && i < prog->sec_insn_cnt; i++) {
		const struct hive_insn *insn = &main->insns[prog->sub_insn_off + i];

		if (insn_is_pseudo_call(insn) || insn_is_pseudo_func(insn))
			err = link_insn(obj, main, prog, i);
	}
	return err;
}

/* `exception_callback:<name>` decl tag on @prog's FUNC: a global subprogram to append. */
static int find_exception_cb(struct hive_object *obj, struct hive_program *prog)
{
	static const char pfx[] = "exception_callback:";
	const struct hive_btf *btf = obj->btf;

	for (uint32_t i = 1; btf && i < btf_type_cnt(btf); i++) {
		const struct btf_type *t = btf_type_by_id(btf, i), *fn;
		const char *name = btf_name(btf, t->name_off);

		if (!btf_is_decl_tag(t) || btf_decl_tag(t)->component_idx != -1 ||
		    strncmp(name, pfx, sizeof(pfx) - 1))
			continue;
		fn = btf_type_by_id(btf, t->type);
		if (!fn || !btf_is_func(fn) || btf_linkage(fn) != BTF_FUNC_GLOBAL)
			return obj_fail(obj, -EINVAL,
					"prog '%s': exception_callback:<value> decl tag "
					"not applied to the main program",
					prog->name);
		if (strcmp(prog->name, btf_name(btf, fn->name_off)))
			continue;
		if (prog->exception_cb_idx >= 0) {
			prog->exception_cb_idx = -1; /* several: the verifier will complain */
			break;
		}
		name += sizeof(pfx) - 1;
		for (size_t j = 0; j < obj->nr_progs; j++) {
			struct hive_program *sub = &obj->progs[j];

			if (!sub->is_subprog || strcmp(name, sub->name))
				continue;
			if (!sub->sym_global || sub->mark_btf_static)
				return obj_fail(obj, -EINVAL,
						"prog '%s': exception callback %s must be "
						"a global non-hidden function",
						prog->name, sub->name);
			prog->exception_cb_idx = (int)j;
			break;
		}
		if (prog->exception_cb_idx < 0)
			return obj_fail(obj, -ENOENT,
					"prog '%s': cannot find exception callback '%s'",
					prog->name, name);
	}
	return 0;
}

static int relocate_calls(struct hive_object *obj, struct hive_program *prog)
{
	int err;

	for (size_t i = 0; i < obj->nr_progs; i++)
		if (obj->progs[i].is_subprog)
			obj->progs[i].sub_insn_off = 0;
	err = reloc_code(obj, prog, prog);
	err = err ?: find_exception_cb(obj, prog);
	if (!err && prog->exception_cb_idx >= 0) {
		struct hive_program *sub = &obj->progs[prog->exception_cb_idx];

		if (sub->sub_insn_off == 0) {
			err = append_subprog(obj, prog, sub);
			err = err ?: reloc_code(obj, prog, sub);
		}
	}
	return err;
}

/* ---- data relocations (A.6) ---- */

static int add_map_ref(struct hive_program *prog, size_t idx, enum hive_insn_ref_kind kind,
		       int map_idx)
{
	struct obj_insn_ref ref = {
		.insn_idx = idx, .kind = kind, .map_idx = map_idx, .ext_idx = -1
	};

	return obj_prog_add_ref(prog, &ref);
}

static int poison_map(struct hive_program *prog, size_t idx, int map_idx)
{
	struct hive_insn *insn = &prog->insns[idx];

	obj_debug(prog->obj, "prog '%s': poisoning insn #%zu that loads map #%d '%s'", prog->name,
		  idx, map_idx, prog->obj->maps[map_idx].name);
	insn_poison(insn, HIVE_POISON_MAP_BASE + map_idx);
	insn_poison(insn + 1, HIVE_POISON_MAP_BASE + map_idx);
	return add_map_ref(prog, idx, HIVE_REF_MAP_POISON, map_idx);
}

static int reloc_map(struct hive_program *prog, const struct obj_reloc *r)
{
	struct hive_insn *insn = &prog->insns[r->insn_idx];
	const struct hive_map *map = &prog->obj->maps[r->map_idx];

	if (r->type == RELO_DATA)
		insn[1].imm = insn[0].imm + r->sym_off;
	if (!map->autocreate)
		return poison_map(prog, r->insn_idx, r->map_idx);
	insn[0].src_reg = r->type == RELO_DATA ? BPF_PSEUDO_MAP_VALUE : BPF_PSEUDO_MAP_FD;
	insn[0].imm = r->map_idx;
	return add_map_ref(prog, r->insn_idx,
			   r->type == RELO_DATA ? HIVE_REF_MAP_VALUE : HIVE_REF_MAP, r->map_idx);
}

static int reloc_extern_ld64(struct hive_program *prog, const struct obj_reloc *r)
{
	struct hive_object *obj = prog->obj;
	const struct obj_extern *ext = &obj->externs[r->ext_idx];
	struct hive_insn *insn = &prog->insns[r->insn_idx];
	struct obj_insn_ref ref = { .insn_idx = r->insn_idx, .ext_idx = r->ext_idx, .map_idx = -1 };

	if (ext->type == EXT_KCFG) {
		if (!obj->maps[obj->kconfig_map_idx].autocreate)
			return poison_map(prog, r->insn_idx, obj->kconfig_map_idx);
		insn[0].src_reg = BPF_PSEUDO_MAP_VALUE;
		insn[0].imm = obj->kconfig_map_idx;
		insn[1].imm = ext->kcfg.data_off;
		return add_map_ref(prog, r->insn_idx, HIVE_REF_MAP_VALUE, obj->kconfig_map_idx);
	}
	ref.kind = HIVE_REF_KSYM;
	if (!ext->ksym.typeless && ext->is_set) {
		insn[0].src_reg = BPF_PSEUDO_BTF_ID;
		insn[0].imm = (int32_t)ext->ksym.kernel_btf_id;
		insn[1].imm = 0; /* BTF object fd: 0 = the kernel's own BTF */
		ref.btf_id = ext->ksym.kernel_btf_id;
	} else {
		insn[0].imm = (int32_t)(uint32_t)ext->ksym.addr;
		insn[1].imm = (int32_t)(uint32_t)(ext->ksym.addr >> 32);
	}
	return obj_prog_add_ref(prog, &ref);
}

static int reloc_extern_call(struct hive_program *prog, const struct obj_reloc *r)
{
	const struct obj_extern *ext = &prog->obj->externs[r->ext_idx];
	struct hive_insn *insn = &prog->insns[r->insn_idx];
	struct obj_insn_ref ref = { .insn_idx = r->insn_idx,
				    .ext_idx = r->ext_idx,
				    .map_idx = -1,
				    .kind = HIVE_REF_KFUNC };

	if (ext->is_set) {
		insn->src_reg = BPF_PSEUDO_KFUNC_CALL;
		insn->imm = (int32_t)ext->ksym.kernel_btf_id;
		insn->off = 0;
		ref.btf_id = ext->ksym.kernel_btf_id;
		return obj_prog_add_ref(prog, &ref);
	}
	obj_debug(prog->obj, "prog '%s': poisoning insn #%u that calls kfunc '%s'", prog->name,
		  r->insn_idx, ext->name);
	insn_poison(insn, HIVE_POISON_KFUNC_BASE + r->ext_idx);
	ref.kind = HIVE_REF_KFUNC_POISON;
	if (asprintf(&ref.text, "kfunc '%s' is referenced but wasn't resolved", ext->name) < 0)
		return -ENOMEM;
	return obj_prog_add_ref(prog, &ref);
}

static int relocate_data(struct hive_program *prog)
{
	for (size_t i = 0; i < prog->nr_relos; i++) {
		const struct obj_reloc *r = &prog->relos[i];
		struct obj_insn_ref ref = { .insn_idx = r->insn_idx,
					    .kind = HIVE_REF_CALLBACK,
					    .map_idx = -1,
					    .ext_idx = -1 };
		int err = 0;

		switch (r->type) {
		case RELO_LD64:
		case RELO_DATA:
			err = reloc_map(prog, r);
			break;
		case RELO_EXTERN_LD64:
			err = reloc_extern_ld64(prog, r);
			break;
		case RELO_EXTERN_CALL:
			err = reloc_extern_call(prog, r);
			break;
		case RELO_SUBPROG_ADDR:
			if (prog->insns[r->insn_idx].src_reg != BPF_PSEUDO_FUNC)
				return obj_fail(prog->obj, -EINVAL,
						"prog '%s': relo #%zu: bad insn", prog->name, i);
			err = obj_prog_add_ref(prog, &ref);
			break;
		case RELO_CALL:
			break;
		}
		if (err)
			return err;
	}
	return 0;
}

static int cmp_refs(const void *a, const void *b)
{
	const struct obj_insn_ref *r1 = a, *r2 = b;

	return r1->insn_idx < r2->insn_idx ? -1 : r1->insn_idx > r2->insn_idx;
}

int obj_relocate(struct hive_object *obj)
{
	int err;

	/* mark callback loads so the linker recognises them (insn_is_pseudo_func) */
	for (size_t i = 0; i < obj->nr_progs; i++) {
		struct hive_program *prog = &obj->progs[i];

		for (size_t j = 0; j < prog->nr_relos; j++)
			if (prog->relos[j].type == RELO_SUBPROG_ADDR)
				prog->insns[prog->relos[j].insn_idx].src_reg = BPF_PSEUDO_FUNC;
	}
	for (size_t i = 0; i < obj->nr_progs; i++) {
		struct hive_program *prog = &obj->progs[i];

		if (prog->is_subprog || !prog->autoload)
			continue;
		err = relocate_calls(obj, prog);
		if (err)
			return err;
	}
	for (size_t i = 0; i < obj->nr_progs; i++) {
		struct hive_program *prog = &obj->progs[i];

		if (prog->is_subprog || !prog->autoload)
			continue;
		err = relocate_data(prog);
		if (err)
			return err;
		if (prog->nr_refs)
			qsort(prog->refs, prog->nr_refs, sizeof(*prog->refs), cmp_refs);
	}
	return 0;
}
