// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/scalar_cond.c: what a conditional jump on scalars decides and teaches, computing
 * what Linux 6.18 computes (kernel/bpf/verifier.c: is_scalar_branch_taken(),
 * is_branch_taken(), regs_refine_cond_op(), reg_set_min_max()).
 *
 * A jump is decided (taken or not) when the ranges or known bits of the operands settle the
 * comparison for every pair of values; otherwise both successors are explored, each with its
 * operands narrowed by the condition (true branch) or its negation (false branch). The GT/GE
 * forms are handled as LT/LE with the operands swapped.
 */
#include "verifier/scalar.h"

#define swap_ptr(a, b)                 \
	do {                           \
		typeof(a) __tmp = (a); \
		(a) = (b);             \
		(b) = __tmp;           \
	} while (0)

u8 flip_opcode(u32 opcode)
{
	/* How the condition reads with its operands swapped: a < b is b > a. */
	switch (opcode) {
	case BPF_JGT:
		return BPF_JLT;
	case BPF_JLT:
		return BPF_JGT;
	case BPF_JGE:
		return BPF_JLE;
	case BPF_JLE:
		return BPF_JGE;
	case BPF_JSGT:
		return BPF_JSLT;
	case BPF_JSLT:
		return BPF_JSGT;
	case BPF_JSGE:
		return BPF_JSLE;
	case BPF_JSLE:
		return BPF_JSGE;
	default: /* JEQ, JNE, JSET are symmetric */
		return (u8)opcode;
	}
}

u8 rev_opcode(u8 opcode)
{
	/* The condition of the fall-through branch. */
	switch (opcode) {
	case BPF_JEQ:
		return BPF_JNE;
	case BPF_JNE:
		return BPF_JEQ;
	case BPF_JSET:
		return BPF_JSET | BPF_X; /* "no bit in common": has no opcode of its own */
	case BPF_JSET | BPF_X:
		return BPF_JSET;
	case BPF_JGE:
		return BPF_JLT;
	case BPF_JLT:
		return BPF_JGE;
	case BPF_JGT:
		return BPF_JLE;
	case BPF_JLE:
		return BPF_JGT;
	case BPF_JSGE:
		return BPF_JSLT;
	case BPF_JSLT:
		return BPF_JSGE;
	case BPF_JSGT:
		return BPF_JSLE;
	case BPF_JSLE:
		return BPF_JSGT;
	default:
		return 0;
	}
}

/* The operands as the comparison sees them: full 64 bits, or the low halves for JMP32. */
struct cmp_view {
	struct tnum t;
	u64 umin, umax;
	s64 smin, smax;
};

static struct cmp_view view_of(const struct bpf_reg_state *reg, bool is_jmp32)
{
	if (is_jmp32)
		return (struct cmp_view){ tnum_subreg(reg->var_off), reg->u32_min_value,
					  reg->u32_max_value, reg->s32_min_value,
					  reg->s32_max_value };
	return (struct cmp_view){ reg->var_off, reg->umin_value, reg->umax_value, reg->smin_value,
				  reg->smax_value };
}

/*
 * 1 if the operands cannot be equal, 0 if they must be, -1 if undecided (JEQ; JNE is its
 * negation).
 */
static int scalars_differ(const struct bpf_reg_state *reg1, const struct bpf_reg_state *reg2,
			  const struct cmp_view *a, const struct cmp_view *b, bool is_jmp32)
{
	if (tnum_is_const(a->t) && tnum_is_const(b->t))
		return a->t.value != b->t.value;
	if (!tnum_overlap(a->t, b->t))
		return 1;
	if (a->umin > b->umax || a->umax < b->umin)
		return 1;
	if (a->smin > b->smax || a->smax < b->smin)
		return 1;
	/* Disjoint 32-bit ranges settle a 64-bit comparison too. */
	if (!is_jmp32) {
		if (reg1->u32_min_value > reg2->u32_max_value ||
		    reg1->u32_max_value < reg2->u32_min_value)
			return 1;
		if (reg1->s32_min_value > reg2->s32_max_value ||
		    reg1->s32_max_value < reg2->s32_min_value)
			return 1;
	}
	return -1;
}

/* JSET: only against a known mask. */
static int jset_taken(const struct bpf_reg_state *reg1, const struct bpf_reg_state *reg2,
		      struct cmp_view a, struct cmp_view b, bool is_jmp32)
{
	if (!is_reg_const(reg2, is_jmp32)) {
		swap_ptr(reg1, reg2);
		a = b;
		b = view_of(reg2, is_jmp32);
	}
	if (!is_reg_const(reg2, is_jmp32))
		return -1;
	if ((~a.t.mask & a.t.value) & b.t.value)
		return 1;
	if (!((a.t.mask | a.t.value) & b.t.value))
		return 0;
	return -1;
}

/* 1 if "a < b" (or "a <= b" with @or_equal) for every pair, 0 for none, -1 otherwise. */
static int lt_taken(u64 amin, u64 amax, u64 bmin, u64 bmax, bool or_equal, bool is_signed)
{
	bool always, never;

	if (is_signed) {
		always = or_equal ? (s64)amax <= (s64)bmin : (s64)amax < (s64)bmin;
		never = or_equal ? (s64)amin > (s64)bmax : (s64)amin >= (s64)bmax;
	} else {
		always = or_equal ? amax <= bmin : amax < bmin;
		never = or_equal ? amin > bmax : amin >= bmax;
	}
	return always ? 1 : never ? 0 : -1;
}

int is_scalar_branch_taken(const struct bpf_reg_state *reg1, const struct bpf_reg_state *reg2,
			   u8 opcode, bool is_jmp32)
{
	struct cmp_view a = view_of(reg1, is_jmp32), b = view_of(reg2, is_jmp32);
	int differ;

	switch (opcode) {
	case BPF_JEQ:
	case BPF_JNE:
		differ = scalars_differ(reg1, reg2, &a, &b, is_jmp32);
		if (differ < 0)
			return -1;
		return opcode == BPF_JNE ? differ : !differ;
	case BPF_JSET:
		return jset_taken(reg1, reg2, a, b, is_jmp32);
	case BPF_JGT:
		return lt_taken(b.umin, b.umax, a.umin, a.umax, false, false);
	case BPF_JGE:
		return lt_taken(b.umin, b.umax, a.umin, a.umax, true, false);
	case BPF_JLT:
		return lt_taken(a.umin, a.umax, b.umin, b.umax, false, false);
	case BPF_JLE:
		return lt_taken(a.umin, a.umax, b.umin, b.umax, true, false);
	case BPF_JSGT:
		return lt_taken((u64)b.smin, (u64)b.smax, (u64)a.smin, (u64)a.smax, false, true);
	case BPF_JSGE:
		return lt_taken((u64)b.smin, (u64)b.smax, (u64)a.smin, (u64)a.smax, true, true);
	case BPF_JSLT:
		return lt_taken((u64)a.smin, (u64)a.smax, (u64)b.smin, (u64)b.smax, false, true);
	case BPF_JSLE:
		return lt_taken((u64)a.smin, (u64)a.smax, (u64)b.smin, (u64)b.smax, true, true);
	default:
		return -1;
	}
}

int is_branch_taken(const struct bpf_reg_state *reg1, const struct bpf_reg_state *reg2, u8 opcode,
		    bool is_jmp32, bool reg1_not_null, bool reg2_not_null)
{
	if (reg1->type != SCALAR_VALUE || reg2->type != SCALAR_VALUE) {
		bool not_null = reg1_not_null;

		/* Arrange for reg1 to be the pointer and reg2 the constant. */
		if (!is_reg_const(reg2, is_jmp32)) {
			opcode = flip_opcode(opcode);
			swap_ptr(reg1, reg2);
			not_null = reg2_not_null;
		}
		if (!is_reg_const(reg2, is_jmp32) || !not_null)
			return -1;
		/* A valid pointer is never 0. */
		if (reg_const_value(reg2, is_jmp32) != 0)
			return -1;
		if (opcode == BPF_JEQ)
			return 0;
		if (opcode == BPF_JNE)
			return 1;
		return -1;
	}
	return is_scalar_branch_taken(reg1, reg2, opcode, is_jmp32);
}

/* Both registers become what they have in common ("reg1 == reg2" holds). */
static void refine_eq(struct bpf_reg_state *reg1, struct bpf_reg_state *reg2, bool is_jmp32)
{
	struct tnum t;

	if (is_jmp32) {
		reg1->u32_min_value = max_t(u32, reg1->u32_min_value, reg2->u32_min_value);
		reg1->u32_max_value = min_t(u32, reg1->u32_max_value, reg2->u32_max_value);
		reg1->s32_min_value = max_t(s32, reg1->s32_min_value, reg2->s32_min_value);
		reg1->s32_max_value = min_t(s32, reg1->s32_max_value, reg2->s32_max_value);
		reg2->u32_min_value = reg1->u32_min_value;
		reg2->u32_max_value = reg1->u32_max_value;
		reg2->s32_min_value = reg1->s32_min_value;
		reg2->s32_max_value = reg1->s32_max_value;
		t = tnum_intersect(tnum_subreg(reg1->var_off), tnum_subreg(reg2->var_off));
		reg1->var_off = tnum_with_subreg(reg1->var_off, t);
		reg2->var_off = tnum_with_subreg(reg2->var_off, t);
		return;
	}
	reg1->umin_value = max_t(u64, reg1->umin_value, reg2->umin_value);
	reg1->umax_value = min_t(u64, reg1->umax_value, reg2->umax_value);
	reg1->smin_value = max_t(s64, reg1->smin_value, reg2->smin_value);
	reg1->smax_value = min_t(s64, reg1->smax_value, reg2->smax_value);
	reg2->umin_value = reg1->umin_value;
	reg2->umax_value = reg1->umax_value;
	reg2->smin_value = reg1->smin_value;
	reg2->smax_value = reg1->smax_value;
	reg1->var_off = tnum_intersect(reg1->var_off, reg2->var_off);
	reg2->var_off = reg1->var_off;
}

/*
 * "reg1 != K": a range that ends exactly at K loses that end. (A range that is just {K}
 * cannot reach here: the jump would have been decided.)
 */
static void refine_ne_const(struct bpf_reg_state *reg1, u64 val, bool is_jmp32)
{
	if (is_jmp32) {
		if (reg1->u32_min_value == (u32)val)
			reg1->u32_min_value++;
		if (reg1->u32_max_value == (u32)val)
			reg1->u32_max_value--;
		if (reg1->s32_min_value == (s32)val)
			reg1->s32_min_value++;
		if (reg1->s32_max_value == (s32)val)
			reg1->s32_max_value--;
	} else {
		if (reg1->umin_value == val)
			reg1->umin_value++;
		if (reg1->umax_value == val)
			reg1->umax_value--;
		if (reg1->smin_value == (s64)val)
			reg1->smin_value++;
		if (reg1->smax_value == (s64)val)
			reg1->smax_value--;
	}
}

/*
 * JSET against a constant: "reg1 & K" true teaches a bit only when K has a single bit; false
 * ("no common bit") clears all bits of K.
 */
static void refine_jset_const(struct bpf_reg_state *reg1, u64 val, bool is_true, bool is_jmp32)
{
	struct tnum t;

	if (is_true) {
		if (!val || (val & (val - 1)))
			return;
		if (is_jmp32) {
			t = tnum_or(tnum_subreg(reg1->var_off), tnum_const(val));
			reg1->var_off = tnum_with_subreg(reg1->var_off, t);
		} else {
			reg1->var_off = tnum_or(reg1->var_off, tnum_const(val));
		}
		return;
	}
	/*
	 * Forget the ranges before narrowing var_off: on a branch that cannot be taken the
	 * narrowed var_off could contradict them (the kernel does the same).
	 */
	reg_mark_unbounded(reg1);
	if (is_jmp32) {
		t = tnum_and(tnum_subreg(reg1->var_off), tnum_const(~val));
		reg1->var_off = tnum_with_subreg(reg1->var_off, t);
	} else {
		reg1->var_off = tnum_and(reg1->var_off, tnum_const(~val));
	}
}

/* "reg1 < reg2" (or <=, signed or not): reg1's maximum and reg2's minimum move in. */
static void refine_lt(struct bpf_reg_state *reg1, struct bpf_reg_state *reg2, u8 opcode,
		      bool is_jmp32)
{
	/* Strict comparisons shift by one; the kernel wraps here like C does. */
	u64 d = (opcode == BPF_JLT || opcode == BPF_JSLT) ? 1 : 0;

	if (opcode == BPF_JLE || opcode == BPF_JLT) {
		if (is_jmp32) {
			reg1->u32_max_value =
				min_t(u32, reg1->u32_max_value, reg2->u32_max_value - (u32)d);
			reg2->u32_min_value =
				max_t(u32, reg1->u32_min_value + (u32)d, reg2->u32_min_value);
		} else {
			reg1->umax_value = min_t(u64, reg1->umax_value, reg2->umax_value - d);
			reg2->umin_value = max_t(u64, reg1->umin_value + d, reg2->umin_value);
		}
		return;
	}
	if (is_jmp32) {
		reg1->s32_max_value =
			min_t(s32, reg1->s32_max_value, (s32)((u32)reg2->s32_max_value - (u32)d));
		reg2->s32_min_value =
			max_t(s32, (s32)((u32)reg1->s32_min_value + (u32)d), reg2->s32_min_value);
	} else {
		reg1->smax_value = min_t(s64, reg1->smax_value, (s64)((u64)reg2->smax_value - d));
		reg2->smin_value = max_t(s64, (s64)((u64)reg1->smin_value + d), reg2->smin_value);
	}
}

void regs_refine_cond_op(struct bpf_reg_state *reg1, struct bpf_reg_state *reg2, u8 opcode,
			 bool is_jmp32)
{
	switch (opcode) {
	case BPF_JGE:
	case BPF_JGT:
	case BPF_JSGE:
	case BPF_JSGT:
		/* a > b is b < a. */
		opcode = flip_opcode(opcode);
		swap_ptr(reg1, reg2);
		break;
	default:
		break;
	}

	switch (opcode) {
	case BPF_JEQ:
		refine_eq(reg1, reg2, is_jmp32);
		break;
	case BPF_JNE:
	case BPF_JSET:
	case BPF_JSET | BPF_X:
		/* These learn only about a register compared with a constant. */
		if (!is_reg_const(reg2, is_jmp32))
			swap_ptr(reg1, reg2);
		if (!is_reg_const(reg2, is_jmp32))
			break;
		if (opcode == BPF_JNE)
			refine_ne_const(reg1, reg_const_value(reg2, is_jmp32), is_jmp32);
		else
			refine_jset_const(reg1, reg_const_value(reg2, is_jmp32), opcode == BPF_JSET,
					  is_jmp32);
		break;
	case BPF_JLE:
	case BPF_JLT:
	case BPF_JSLE:
	case BPF_JSLT:
		refine_lt(reg1, reg2, opcode, is_jmp32);
		break;
	default:
		break;
	}
}

/* The kernel's reg_bounds_sanity_check() without the log line: 1 if it had to repair. */
static int sanity_fix(struct bpf_reg_state *reg)
{
	if (!reg_bounds_invalid(reg, NULL))
		return 0;
	reg_mark_unbounded(reg);
	return 1;
}

int reg_set_min_max(struct bpf_reg_state *true_reg1, struct bpf_reg_state *true_reg2,
		    struct bpf_reg_state *false_reg1, struct bpf_reg_state *false_reg2, u8 opcode,
		    bool is_jmp32)
{
	int bad = 0;

	/* A pointer's variable offset learns nothing from a comparison. */
	if (false_reg1->type != SCALAR_VALUE || false_reg2->type != SCALAR_VALUE)
		return 0;

	regs_refine_cond_op(false_reg1, false_reg2, rev_opcode(opcode), is_jmp32);
	reg_bounds_sync(false_reg1);
	reg_bounds_sync(false_reg2);

	regs_refine_cond_op(true_reg1, true_reg2, opcode, is_jmp32);
	reg_bounds_sync(true_reg1);
	reg_bounds_sync(true_reg2);

	/* The kernel checks all four, repairing each that violates the invariants. */
	bad |= sanity_fix(true_reg1);
	bad |= sanity_fix(true_reg2) << 1;
	bad |= sanity_fix(false_reg1) << 2;
	bad |= sanity_fix(false_reg2) << 3;
	return bad;
}
