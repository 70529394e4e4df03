// SPDX-License-Identifier: BSD-2-Clause
/*
 * backend/prog_load.c: BPF_PROG_LOAD of the user backend: verify a prepared program with the
 * kernel's rules (verifier/), then turn the verified program into an interpreter image:
 *
 *   ld_imm64 map (BPF_PSEUDO_MAP_FD/IDX)          -> the struct hive_map_impl pointer
 *   ld_imm64 map value (BPF_PSEUDO_MAP_VALUE/...) -> address of the array value + offset
 *   call kfunc (BTF id of the kfunc BTF)          -> call of the vm's kfunc slot of that name,
 *                                                    hidden arguments inserted before it
 *                                                    (bpf_obj_new_impl: r1 = size, r2 = meta;
 *                                                    drop/refcount_acquire: r2 = meta; list
 *                                                    push: r3 = meta, r4 = node offset;
 *                                                    rbtree_add: r4 = meta, r5 = offset)
 *   helper calls                                  -> checked against the vm's helper table
 *
 * A program the verifier rejects never runs: the load fails with the verifier's errno, and
 * its log (re-verified at level 1 when none was asked for, as libbpf retries) is kept for
 * hive_program__log_buf() and printed like libbpf's "-- BEGIN PROG LOAD LOG --". A verified
 * program that calls something the runtime lacks is refused with one line naming it.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"
#include "bpfhive/object.h"
#include "btf/btf.h"
#include "common/err.h"
#include "common/log.h"
#include "isa/helpers.h"
#include "isa/insn.h"
#include "object/backend.h"
#include "verifier/verifier.h"
#include "vm/vm.h"

#define MAX_HIDDEN 8 /* instructions inserted before one call */
#define FUNC_map_lookup_elem 1

/* license_is_gpl_compatible() of the kernel */
static bool gpl_compatible(const char *lic)
{
	static const char *const ok[] = {
		"GPL",		"GPL v2",	"GPL and additional rights",
		"Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL"
	};

	for (size_t i = 0; i < ARRAY_SIZE(ok); i++)
		if (!strcmp(lic, ok[i]))
			return true;
	return false;
}

/* ---- the verifier's input ---- */

struct vinput {
	struct hive_verifier_input in;
	struct hive_verifier_map *maps; /* nr_maps outer + nr_maps inner templates */
	struct hive_verifier_func_info *fi;
	struct hive_verifier_line_info *li;
};

static void describe_map(struct hive_map *map, struct hive_verifier_map *vm,
			 struct hive_verifier_map *inner_slot)
{
	const struct hive_map *inner = hive_map__inner_map(map);
	struct be_map *bm = be_map_of(map);

	vm->name = hive_map__name(map);
	vm->type = hive_map__type(map);
	vm->key_size = hive_map__key_size(map);
	vm->value_size = hive_map__value_size(map);
	vm->max_entries = hive_map__max_entries(map);
	vm->flags = hive_map__map_flags(map);
	vm->btf_key_type_id = hive_map__btf_key_type_id(map);
	vm->btf_value_type_id = hive_map__btf_value_type_id(map);
	if (vm->btf_key_type_id || vm->btf_value_type_id)
		vm->btf = object_btf(object_map_object(map));
	vm->user = map;
	if (bm)
		be_maps_describe(bm->impl, vm);
	if (inner) {
		describe_map((struct hive_map *)inner, inner_slot, NULL);
		vm->inner_map = inner_slot;
	}
}

static int fill_maps(struct hive_object *obj, struct vinput *v)
{
	uint32_t n = 0;
	struct hive_map *m;

	hive_object__for_each_map(m, obj)
		n++;
	v->maps = calloc(n ? 2 * n : 1, sizeof(*v->maps));
	if (!v->maps)
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		struct hive_map *map = object_map_by_idx(obj, (int)i);

		if (map)
			describe_map(map, &v->maps[i], &v->maps[n + i]);
	}
	v->in.maps = v->maps;
	v->in.nr_maps = n;
	return 0;
}

/* .BTF.ext records come with the object's record size; the verifier takes the leading fields. */
static int fill_ext(const struct hive_program *prog, struct vinput *v)
{
	uint32_t fcnt, fsz, lcnt, lsz;
	const uint8_t *f = hive_program__func_info(prog, &fcnt, &fsz);
	const uint8_t *l = hive_program__line_info(prog, &lcnt, &lsz);

	if (f && fsz >= sizeof(*v->fi)) {
		v->fi = calloc(fcnt, sizeof(*v->fi));
		if (!v->fi)
			return -ENOMEM;
		for (uint32_t i = 0; i < fcnt; i++)
			memcpy(&v->fi[i], f + (size_t)i * fsz, sizeof(*v->fi));
		v->in.func_info = v->fi;
		v->in.func_info_cnt = fcnt;
	}
	if (l && lsz >= sizeof(*v->li)) {
		v->li = calloc(lcnt, sizeof(*v->li));
		if (!v->li)
			return -ENOMEM;
		for (uint32_t i = 0; i < lcnt; i++)
			memcpy(&v->li[i], l + (size_t)i * lsz, sizeof(*v->li));
		v->in.line_info = v->li;
		v->in.line_info_cnt = lcnt;
	}
	return 0;
}

static int fill_input(const struct be_runtime *rt, struct hive_program *prog, struct be_obj *bo,
		      struct vinput *v)
{
	struct hive_object *obj = hive_program__object(prog);
	struct hive_verifier_input *in = &v->in;
	int err;

	memset(v, 0, sizeof(*v));
	in->insns = hive_program__insns(prog);
	in->insn_cnt = (uint32_t)hive_program__insn_cnt(prog);
	in->prog_type = hive_program__type(prog);
	in->expected_attach_type = hive_program__expected_attach_type(prog);
	in->prog_flags = hive_program__flags(prog);
	in->gpl_compatible = gpl_compatible(hive_object__license(obj));
	in->prog_name = hive_program__name(prog);
	in->btf = bo->btf;
	in->struct_metas = bo->metas;
	in->vmlinux_btf = rt->kfunc_btf;
	in->attach_btf_id = hive_program__attach_btf_id(prog);
	if (in->attach_btf_id)
		in->attach_btf = rt->own_btf ? NULL : rt->kfunc_btf;
	in->nr_cpu_ids = rt->nr_cpus;
	in->log_level = hive_program__log_level(prog);
	err = fill_maps(obj, v);
	return err ?: fill_ext(prog, v);
}

static void free_input(struct vinput *v)
{
	free(v->maps);
	free(v->fi);
	free(v->li);
}

/* Verify; on rejection without a requested log, verify again at level 1 for the reason. */
static int verify(struct hive_program *prog, struct vinput *v, struct hive_verifier_output *out)
{
	int err = hive_verify(&v->in, out);

	if (err && !v->in.log_level) {
		hive_verifier_output_free(out);
		v->in.log_level = HIVE_LOG_LEVEL1;
		err = hive_verify(&v->in, out);
		if (!err) /* cannot happen: the log level does not change verdicts */
			err = -EFAULT;
	}
	object_prog_set_log(prog, out->log && out->log_len ? strdup(out->log) : NULL);
	if (err) {
		pr_warn("prog '%s': BPF program load failed: %s\n", hive_program__name(prog),
			hive_errstr(err));
		if (out->log && out->log_len)
			pr_warn("prog '%s': -- BEGIN PROG LOAD LOG --\n%s%s-- END PROG LOAD LOG --\n",
				hive_program__name(prog), out->log,
				out->log[out->log_len - 1] == '\n' ? "" : "\n");
	}
	return err;
}

/* ---- making the verified program runnable ---- */

struct rewrite {
	const struct be_runtime *rt;
	struct hive_program *prog;
	struct hive_verifier_output *out;
	int32_t *r1_map; /* per insn: map index r1 surely holds there, or -1 */
	struct be_patch *patches;
	struct hive_insn (*bufs)[MAX_HIDDEN];
	uint32_t nr_patches;
};

static void ldimm64_set(struct hive_insn *insn, uint64_t v)
{
	insn[0].imm = (int32_t)(uint32_t)v;
	insn[1].imm = (int32_t)(uint32_t)(v >> 32);
	insn[0].src_reg = 0;
}

static int rewrite_map_ref(struct rewrite *rw, uint32_t i)
{
	struct hive_insn *insn = &rw->out->insns[i];
	const struct hive_verifier_insn_aux *aux = &rw->out->aux[i];
	struct hive_map *map = object_map_by_idx(hive_program__object(rw->prog), aux->map_index);
	struct be_map *bm = map ? be_map_of(map) : NULL;
	uint8_t *value;

	if (!bm) {
		pr_warn("prog '%s': insn %u refers to map #%d, which was not created\n",
			hive_program__name(rw->prog), i, aux->map_index);
		return -EINVAL;
	}
	if (insn->src_reg == BPF_PSEUDO_MAP_FD || insn->src_reg == BPF_PSEUDO_MAP_IDX) {
		ldimm64_set(insn, (uintptr_t)bm->impl);
		return 0;
	}
	value = be_maps_value0(bm->impl);
	if (!value || aux->map_off >= bm->value_size) {
		pr_warn("prog '%s': insn %u: map '%s' has no direct value at offset %u\n",
			hive_program__name(rw->prog), i, hive_map__name(map), aux->map_off);
		return -EINVAL;
	}
	ldimm64_set(insn, (uintptr_t)(value + aux->map_off));
	return 0;
}

static struct hive_insn mov_imm(int reg, int32_t imm)
{
	return (struct hive_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K,
				   .dst_reg = reg,
				   .imm = imm };
}

static void ldimm64(struct hive_insn *buf, int reg, uint64_t v)
{
	buf[0] = (struct hive_insn){ .code = BPF_LD | BPF_IMM | BPF_DW, .dst_reg = reg };
	buf[1] = (struct hive_insn){ 0 };
	ldimm64_set(buf, v);
}

/* fixup_kfunc_call()'s hidden arguments of the graph kfuncs; 0 instructions for others. */
static uint32_t hidden_args(const char *name, const struct hive_verifier_insn_aux *aux,
			    struct hive_insn *buf)
{
	uint64_t meta = (uintptr_t)aux->kptr_struct_meta;

	if (!strcmp(name, "bpf_obj_new_impl") || !strcmp(name, "bpf_percpu_obj_new_impl")) {
		buf[0] = mov_imm(BPF_REG_1, (int32_t)aux->obj_new_size);
		ldimm64(buf + 1, BPF_REG_2, meta);
		return 3;
	}
	if (!strcmp(name, "bpf_obj_drop_impl") || !strcmp(name, "bpf_percpu_obj_drop_impl") ||
	    !strcmp(name, "bpf_refcount_acquire_impl")) {
		ldimm64(buf, BPF_REG_2, meta);
		return 2;
	}
	if (!strcmp(name, "bpf_list_push_front_impl") || !strcmp(name, "bpf_list_push_back_impl")) {
		ldimm64(buf, BPF_REG_3, meta);
		buf[2] = mov_imm(BPF_REG_4, aux->insert_off);
		return 3;
	}
	if (!strcmp(name, "bpf_rbtree_add_impl")) {
		ldimm64(buf, BPF_REG_4, meta);
		buf[2] = mov_imm(BPF_REG_5, aux->insert_off);
		return 3;
	}
	return 0;
}

static bool is_packet_prog(uint32_t type)
{
	return type == HIVE_PROG_TYPE_SOCKET_FILTER || type == HIVE_PROG_TYPE_SCHED_CLS ||
	       type == HIVE_PROG_TYPE_SCHED_ACT || type == HIVE_PROG_TYPE_CGROUP_SKB ||
	       type == HIVE_PROG_TYPE_XDP;
}

static int rewrite_kfunc(struct rewrite *rw, uint32_t i)
{
	struct hive_insn *insn = &rw->out->insns[i];
	const struct btf_type *t = btf_type_by_id(rw->rt->kfunc_btf, (uint32_t)insn->imm);
	const char *name = t ? btf_name(rw->rt->kfunc_btf, t->name_off) : "?";
	int slot = hive_vm_find_kfunc(rw->rt->vm, name);
	uint32_t n;

	if (slot < 0) {
		pr_warn("prog '%s': kfunc %s is not supported by the user backend\n",
			hive_program__name(rw->prog), name);
		return -EOPNOTSUPP;
	}
	if (!strcmp(name, "bpf_cast_to_kern_ctx") && is_packet_prog(hive_program__type(rw->prog))) {
		pr_warn("prog '%s': bpf_cast_to_kern_ctx: the user backend's packet contexts are not "
			"the kernel's structs\n",
			hive_program__name(rw->prog));
		return -EOPNOTSUPP;
	}
	insn->imm = slot;
	insn->off = 0;
	n = hidden_args(name, &rw->out->aux[i], rw->bufs[rw->nr_patches]);
	if (n) {
		rw->patches[rw->nr_patches].idx = i;
		rw->patches[rw->nr_patches].cnt = n;
		rw->patches[rw->nr_patches].insns = rw->bufs[rw->nr_patches];
		rw->nr_patches++;
	}
	return 0;
}

/* ---- inlined array lookups ---- */

static bool writes_r1(const struct hive_insn *in)
{
	uint8_t cls = BPF_CLASS(in->code);

	if (cls == BPF_ALU || cls == BPF_ALU64 || cls == BPF_LDX || cls == BPF_LD)
		return in->dst_reg == BPF_REG_1;
	/* an atomic with BPF_FETCH (or xchg/cmpxchg) writes its source register */
	if (cls == BPF_STX && BPF_MODE(in->code) == BPF_ATOMIC)
		return in->src_reg == BPF_REG_1 || in->dst_reg == BPF_REG_1;
	return false;
}

/*
 * Where does r1 surely hold one map (a `r1 = map` ld_imm64 earlier in the same basic block,
 * r1 not written since)? That is where the kernel's verifier knows the map of a helper call
 * and inlines map_gen_lookup(). Jump, call and callback targets start a block with r1 unknown.
 */
static int track_r1(struct rewrite *rw)
{
	const struct hive_insn *insns = rw->out->insns;
	uint32_t cnt = rw->out->insn_cnt;
	bool *target = calloc(cnt + 1, sizeof(*target));
	int32_t cur = -1;

	rw->r1_map = calloc(cnt ? cnt : 1, sizeof(*rw->r1_map));
	if (!target || !rw->r1_map) {
		free(target);
		return -ENOMEM;
	}
	for (uint32_t i = 0; i < cnt; i++) {
		const struct hive_insn *in = &insns[i];
		uint8_t cls = BPF_CLASS(in->code), op = BPF_OP(in->code);
		int64_t t = -1;

		if ((cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_EXIT &&
		    (op != BPF_CALL || in->src_reg == BPF_PSEUDO_CALL))
			t = (int64_t)i + 1 +
			    (op == BPF_CALL || (cls == BPF_JMP32 && op == BPF_JA) ? in->imm :
										    in->off);
		else if (isa_is_ldimm64(in) && in->src_reg == BPF_PSEUDO_FUNC)
			t = (int64_t)i + 1 + in->imm;
		if (t >= 0 && t <= cnt)
			target[t] = true;
	}
	for (uint32_t i = 0; i < cnt; i++) {
		const struct hive_insn *in = &insns[i];
		uint8_t cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

		if (target[i])
			cur = -1;
		rw->r1_map[i] = cur;
		if (isa_is_ldimm64(in)) {
			if (in->dst_reg == BPF_REG_1)
				cur = (in->src_reg == BPF_PSEUDO_MAP_FD ||
				       in->src_reg == BPF_PSEUDO_MAP_IDX) ?
					      rw->out->aux[i].map_index :
					      -1;
			if (i + 1 < cnt)
				rw->r1_map[++i] = -1;
			continue;
		}
		if (writes_r1(in) || ((cls == BPF_JMP || cls == BPF_JMP32) &&
				      (op == BPF_CALL || op == BPF_EXIT || op == BPF_JA)))
			cur = -1;
	}
	free(target);
	return 0;
}

/*
 * bpf_map_lookup_elem() on an array known at the call: the address computed in place, as the
 * kernel's array_map_gen_lookup() does (r1-r5 are dead after a call, so r1 is free):
 *	r1 = values ll; r0 = *(u32 *)(r2 + 0); if r0 >= max_entries goto +3;
 *	r0 *= elem_size (r0 <<= log2 of it); r0 += r1; goto +1; [the call becomes] r0 = 0
 */
static bool inline_lookup(struct rewrite *rw, uint32_t i)
{
	struct hive_map *map;
	struct be_map *bm;
	struct hive_insn *buf = rw->bufs[rw->nr_patches];
	uint64_t base, stride;

	if (rw->r1_map[i] < 0)
		return false;
	map = object_map_by_idx(hive_program__object(rw->prog), rw->r1_map[i]);
	bm = map ? be_map_of(map) : NULL;
	if (!bm || bm->max_entries > INT32_MAX || be_maps_array_layout(bm->impl, &base, &stride) ||
	    stride > INT32_MAX)
		return false;
	ldimm64(buf, BPF_REG_1, base);
	buf[2] = (struct hive_insn){ .code = BPF_LDX | BPF_MEM | BPF_W,
				     .dst_reg = BPF_REG_0,
				     .src_reg = BPF_REG_2 };
	buf[3] = (struct hive_insn){ .code = BPF_JMP | BPF_JGE | BPF_K,
				     .dst_reg = BPF_REG_0,
				     .off = 3,
				     .imm = (int32_t)bm->max_entries };
	/* a power-of-two stride is a shift, as in the kernel */
	if (stride && !(stride & (stride - 1)))
		buf[4] = (struct hive_insn){ .code = BPF_ALU64 | BPF_LSH | BPF_K,
					     .dst_reg = BPF_REG_0,
					     .imm = __builtin_ctzll(stride) };
	else
		buf[4] = (struct hive_insn){ .code = BPF_ALU64 | BPF_MUL | BPF_K,
					     .dst_reg = BPF_REG_0,
					     .imm = (int32_t)stride };
	buf[5] = (struct hive_insn){ .code = BPF_ALU64 | BPF_ADD | BPF_X,
				     .dst_reg = BPF_REG_0,
				     .src_reg = BPF_REG_1 };
	buf[6] = (struct hive_insn){ .code = BPF_JMP | BPF_JA, .off = 1 };
	rw->patches[rw->nr_patches++] = (struct be_patch){ .idx = i, .cnt = 7, .insns = buf };
	rw->out->insns[i] = mov_imm(BPF_REG_0, 0);
	return true;
}

static int check_helper(struct rewrite *rw, uint32_t i)
{
	int32_t id = rw->out->insns[i].imm;
	const char *name = isa_helper_name(id);

	if (id == FUNC_map_lookup_elem && inline_lookup(rw, i))
		return 0;
	if (hive_vm_helper(rw->rt->vm, id))
		return 0;
	pr_warn("prog '%s': helper %s#%d is not supported by the user backend\n",
		hive_program__name(rw->prog), name ? name : "unknown", id);
	return -EOPNOTSUPP;
}

static int rewrite_insn(struct rewrite *rw, uint32_t i)
{
	struct hive_insn *insn = &rw->out->insns[i];

	if (isa_is_ldimm64(insn)) {
		if (rw->out->aux[i].map_index >= 0)
			return rewrite_map_ref(rw, i);
		if (insn->src_reg == BPF_PSEUDO_BTF_ID) {
			pr_warn("prog '%s': insn %u: kernel variables (typed __ksym) do not exist in "
				"the user backend\n",
				hive_program__name(rw->prog), i);
			return -EOPNOTSUPP;
		}
		return 0;
	}
	if (insn->code != (BPF_JMP | BPF_CALL))
		return 0;
	if (insn->src_reg == BPF_PSEUDO_KFUNC_CALL)
		return rewrite_kfunc(rw, i);
	if (insn->src_reg == 0)
		return check_helper(rw, i);
	return 0;
}

static int make_image(const struct be_runtime *rt, struct hive_program *prog,
		      struct hive_verifier_output *out, struct hive_vm_prog **vp)
{
	struct rewrite rw = { .rt = rt, .prog = prog, .out = out };
	struct hive_insn *insns = out->insns;
	uint32_t cnt = out->insn_cnt;
	struct isa_error ierr = { 0 };
	int err = 0;

	rw.patches = calloc(cnt ? cnt : 1, sizeof(*rw.patches));
	rw.bufs = calloc(cnt ? cnt : 1, sizeof(*rw.bufs));
	if (!rw.patches || !rw.bufs)
		err = -ENOMEM;
	err = err ?: track_r1(&rw);
	for (uint32_t i = 0; i < cnt && !err; i++) {
		err = rewrite_insn(&rw, i);
		if (isa_is_ldimm64(&out->insns[i]))
			i++;
	}
	if (!err && rw.nr_patches)
		err = be_patch_insns(out->insns, cnt, rw.patches, rw.nr_patches, &insns, &cnt);
	if (!err) {
		/* a verified image may use r11 (BPF_REG_AX): the tstamp rewrite does */
		struct hive_vm_prog_opts vopts = {
			.sz = sizeof(vopts),
			.name = hive_program__name(prog),
			.verified = true,
			.no_jit = object_no_jit(hive_program__object(prog)),
		};

		*vp = hive_vm_prog_new_opts(rt->vm, insns, cnt, &vopts, &ierr);
		if (IS_ERR(*vp)) {
			err = (int)PTR_ERR(*vp);
			pr_warn("prog '%s': the interpreter refused the verified program: %s\n",
				hive_program__name(prog), ierr.msg);
		}
	}
	if (insns != out->insns)
		free(insns);
	free(rw.patches);
	free(rw.bufs);
	free(rw.r1_map);
	return err;
}

int be_prog_load(const struct be_runtime *rt, struct hive_program *prog, struct be_prog **out)
{
	struct hive_verifier_output vout = { 0 };
	struct be_obj *bo = be_obj_get(hive_program__object(prog));
	struct hive_vm_prog *vp = NULL;
	struct vinput v;
	struct be_prog *bp;
	int err;

	if (IS_ERR(bo))
		return (int)PTR_ERR(bo);
	err = fill_input(rt, prog, bo, &v);
	err = err ?: verify(prog, &v, &vout);
	err = err ?: make_image(rt, prog, &vout, &vp);
	free_input(&v);
	hive_verifier_output_free(&vout);
	if (err)
		return err;
	bp = calloc(1, sizeof(*bp));
	if (!bp) {
		hive_vm_prog_free(vp);
		return -ENOMEM;
	}
	bp->magic = BE_PROG_MAGIC;
	bp->refcnt = 1;
	bp->vm_prog = vp;
	bp->prog_type = hive_program__type(prog);
	bp->attach_type = hive_program__expected_attach_type(prog);
	bp->prog_flags = hive_program__flags(prog);
	bp->bo = bo;
	snprintf(bp->name, sizeof(bp->name), "%s", hive_program__name(prog));
	*out = bp;
	return 0;
}
