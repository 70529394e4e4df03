// SPDX-License-Identifier: BSD-2-Clause
/*
 * backend/patch.c: insert instructions into a verified program (the graph kfuncs' hidden
 * arguments go in before their calls, as the kernel's fixup_kfunc_call() does) while every
 * relative reference keeps its target:
 *
 *   old:  0 ja +2    1 ...    2 ...    3 call kfunc
 *   new:  0 ja +4    1 ...    2 ...    3 r1 = size  4-5 r2 = meta ll  6 call kfunc
 *
 * Each original instruction i moves to new_pos[i]; its inserted prefix starts at start[i]. A
 * jump, a bpf-to-bpf call or a BPF_PSEUDO_FUNC ld_imm64 aimed at instruction t is aimed at
 * start[t] afterwards, so control reaching t still runs the prefix.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"
#include "isa/insn.h"

static bool is_jump(const struct hive_insn *in)
{
	uint8_t cls = BPF_CLASS(in->code), op = BPF_OP(in->code);

	return (cls == BPF_JMP || cls == BPF_JMP32) && op != BPF_CALL && op != BPF_EXIT;
}

/* Re-aim the relative field of @in (at new_pos[i]) from old target @t to start[t]. */
static int retarget(struct hive_insn *in, const uint32_t *start, const uint32_t *new_pos,
		    uint32_t i, int64_t t, uint32_t cnt, bool use_imm)
{
	int64_t off;

	if (t < 0 || t > (int64_t)cnt)
		return -EINVAL;
	off = (int64_t)start[t] - new_pos[i] - 1;
	if (use_imm) {
		if (off != (int32_t)off)
			return -E2BIG;
		in->imm = (int32_t)off;
	} else {
		if (off != (int16_t)off)
			return -E2BIG;
		in->off = (int16_t)off;
	}
	return 0;
}

static int fix_refs(const struct hive_insn *insns, uint32_t cnt, struct hive_insn *out,
		    const uint32_t *start, const uint32_t *new_pos)
{
	int err = 0;

	for (uint32_t i = 0; i < cnt && !err; i++) {
		const struct hive_insn *in = &insns[i];
		struct hive_insn *o = &out[new_pos[i]];

		if (is_jump(in)) {
			bool gotol = BPF_CLASS(in->code) == BPF_JMP32 && BPF_OP(in->code) == BPF_JA;

			err = retarget(o, start, new_pos, i,
				       (int64_t)i + 1 + (gotol ? in->imm : in->off), cnt, gotol);
		} else if (in->code == (BPF_JMP | BPF_CALL) && in->src_reg == BPF_PSEUDO_CALL) {
			err = retarget(o, start, new_pos, i, (int64_t)i + 1 + in->imm, cnt, true);
		} else if (isa_is_ldimm64(in) && in->src_reg == BPF_PSEUDO_FUNC) {
			err = retarget(o, start, new_pos, i, (int64_t)i + 1 + in->imm, cnt, true);
		}
		if (isa_is_ldimm64(in))
			i++;
	}
	return err;
}

int be_patch_insns(const struct hive_insn *insns, uint32_t cnt, const struct be_patch *patches,
		   uint32_t nr_patches, struct hive_insn **out, uint32_t *out_cnt)
{
	uint32_t *start = calloc((size_t)cnt + 1, sizeof(*start) * 2), *new_pos, pos = 0, p = 0;
	struct hive_insn *n;
	int err;

	if (!start)
		return -ENOMEM;
	new_pos = start + cnt + 1;
	for (uint32_t i = 0; i < cnt; i++) {
		start[i] = pos;
		if (p < nr_patches && patches[p].idx == i)
			pos += patches[p++].cnt;
		new_pos[i] = pos++;
	}
	start[cnt] = pos;
	if (p != nr_patches) {
		free(start);
		return -EINVAL; /* patches out of order or past the end */
	}
	n = calloc(pos ? pos : 1, sizeof(*n));
	if (!n) {
		free(start);
		return -ENOMEM;
	}
	for (uint32_t i = 0, k = 0; i < cnt; i++) {
		if (k < nr_patches && patches[k].idx == i) {
			memcpy(&n[start[i]], patches[k].insns, patches[k].cnt * sizeof(*n));
			k++;
		}
		n[new_pos[i]] = insns[i];
	}
	err = fix_refs(insns, cnt, n, start, new_pos);
	free(start);
	if (err) {
		free(n);
		return err;
	}
	*out = n;
	*out_cnt = pos;
	return 0;
}
