// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/scalar_alu.c: the transfer functions of ALU and ALU64 instructions on scalars,
 * computing what Linux 6.18 computes (kernel/bpf/verifier.c: adjust_scalar_min_max_vals(),
 * scalar{,32}_min_max_<op>(), the BPF_MOV and BPF_NEG/BPF_END parts of check_alu_op()).
 *
 * Each op updates the 64-bit and the 32-bit ranges separately (the shifts only the half the
 * instruction works on), then var_off, then reg_bounds_sync() lets them learn from each other.
 * An ALU32 result is zero-extended first. Ops the kernel does not track (DIV, MOD, shifts by a
 * register or by too much) give an unknown scalar, also for ALU32: the kernel does not
 * zero-extend that one, and neither do we.
 */
#include <errno.h>

#include "verifier/scalar.h"

/* ---- helpers ---- */

static void set_s32_from_u32(struct bpf_reg_state *dst)
{
	/* A u32 range that does not cross the sign bit is an s32 range too. */
	if ((s32)dst->u32_min_value <= (s32)dst->u32_max_value) {
		dst->s32_min_value = (s32)dst->u32_min_value;
		dst->s32_max_value = (s32)dst->u32_max_value;
	} else {
		dst->s32_min_value = S32_MIN;
		dst->s32_max_value = S32_MAX;
	}
}

static void set_s64_from_u64(struct bpf_reg_state *dst)
{
	if ((s64)dst->umin_value <= (s64)dst->umax_value) {
		dst->smin_value = (s64)dst->umin_value;
		dst->smax_value = (s64)dst->umax_value;
	} else {
		dst->smin_value = S64_MIN;
		dst->smax_value = S64_MAX;
	}
}

/* ---- add, sub ---- */

void scalar32_min_max_add(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	bool min_overflow, max_overflow;

	if (__builtin_add_overflow(dst->s32_min_value, src->s32_min_value, &dst->s32_min_value) ||
	    __builtin_add_overflow(dst->s32_max_value, src->s32_max_value, &dst->s32_max_value)) {
		dst->s32_min_value = S32_MIN;
		dst->s32_max_value = S32_MAX;
	}
	/* If all or none of the sums wrap, the wrapped bounds still bound them. */
	min_overflow =
		__builtin_add_overflow(dst->u32_min_value, src->u32_min_value, &dst->u32_min_value);
	max_overflow =
		__builtin_add_overflow(dst->u32_max_value, src->u32_max_value, &dst->u32_max_value);
	if (!min_overflow && max_overflow) {
		dst->u32_min_value = 0;
		dst->u32_max_value = U32_MAX;
	}
}

void scalar_min_max_add(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	bool min_overflow, max_overflow;

	if (__builtin_add_overflow(dst->smin_value, src->smin_value, &dst->smin_value) ||
	    __builtin_add_overflow(dst->smax_value, src->smax_value, &dst->smax_value)) {
		dst->smin_value = S64_MIN;
		dst->smax_value = S64_MAX;
	}
	min_overflow = __builtin_add_overflow(dst->umin_value, src->umin_value, &dst->umin_value);
	max_overflow = __builtin_add_overflow(dst->umax_value, src->umax_value, &dst->umax_value);
	if (!min_overflow && max_overflow) {
		dst->umin_value = 0;
		dst->umax_value = U64_MAX;
	}
}

void scalar32_min_max_sub(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	bool min_underflow, max_underflow;

	if (__builtin_sub_overflow(dst->s32_min_value, src->s32_max_value, &dst->s32_min_value) ||
	    __builtin_sub_overflow(dst->s32_max_value, src->s32_min_value, &dst->s32_max_value)) {
		dst->s32_min_value = S32_MIN;
		dst->s32_max_value = S32_MAX;
	}
	min_underflow =
		__builtin_sub_overflow(dst->u32_min_value, src->u32_max_value, &dst->u32_min_value);
	max_underflow =
		__builtin_sub_overflow(dst->u32_max_value, src->u32_min_value, &dst->u32_max_value);
	if (min_underflow && !max_underflow) {
		dst->u32_min_value = 0;
		dst->u32_max_value = U32_MAX;
	}
}

void scalar_min_max_sub(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	bool min_underflow, max_underflow;

	if (__builtin_sub_overflow(dst->smin_value, src->smax_value, &dst->smin_value) ||
	    __builtin_sub_overflow(dst->smax_value, src->smin_value, &dst->smax_value)) {
		dst->smin_value = S64_MIN;
		dst->smax_value = S64_MAX;
	}
	min_underflow = __builtin_sub_overflow(dst->umin_value, src->umax_value, &dst->umin_value);
	max_underflow = __builtin_sub_overflow(dst->umax_value, src->umin_value, &dst->umax_value);
	if (min_underflow && !max_underflow) {
		dst->umin_value = 0;
		dst->umax_value = U64_MAX;
	}
}

/* ---- mul ---- */

void scalar32_min_max_mul(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	s32 p[4];
	int i;

	if (__builtin_mul_overflow(dst->u32_max_value, src->u32_max_value, &dst->u32_max_value) ||
	    __builtin_mul_overflow(dst->u32_min_value, src->u32_min_value, &dst->u32_min_value)) {
		dst->u32_min_value = 0;
		dst->u32_max_value = U32_MAX;
	}
	/* The signed extremes are among the four corner products. */
	if (__builtin_mul_overflow(dst->s32_min_value, src->s32_min_value, &p[0]) ||
	    __builtin_mul_overflow(dst->s32_min_value, src->s32_max_value, &p[1]) ||
	    __builtin_mul_overflow(dst->s32_max_value, src->s32_min_value, &p[2]) ||
	    __builtin_mul_overflow(dst->s32_max_value, src->s32_max_value, &p[3])) {
		dst->s32_min_value = S32_MIN;
		dst->s32_max_value = S32_MAX;
		return;
	}
	dst->s32_min_value = p[0];
	dst->s32_max_value = p[0];
	for (i = 1; i < 4; i++) {
		dst->s32_min_value = min_t(s32, dst->s32_min_value, p[i]);
		dst->s32_max_value = max_t(s32, dst->s32_max_value, p[i]);
	}
}

void scalar_min_max_mul(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	s64 p[4];
	int i;

	if (__builtin_mul_overflow(dst->umax_value, src->umax_value, &dst->umax_value) ||
	    __builtin_mul_overflow(dst->umin_value, src->umin_value, &dst->umin_value)) {
		dst->umin_value = 0;
		dst->umax_value = U64_MAX;
	}
	if (__builtin_mul_overflow(dst->smin_value, src->smin_value, &p[0]) ||
	    __builtin_mul_overflow(dst->smin_value, src->smax_value, &p[1]) ||
	    __builtin_mul_overflow(dst->smax_value, src->smin_value, &p[2]) ||
	    __builtin_mul_overflow(dst->smax_value, src->smax_value, &p[3])) {
		dst->smin_value = S64_MIN;
		dst->smax_value = S64_MAX;
		return;
	}
	dst->smin_value = p[0];
	dst->smax_value = p[0];
	for (i = 1; i < 4; i++) {
		dst->smin_value = min_t(s64, dst->smin_value, p[i]);
		dst->smax_value = max_t(s64, dst->smax_value, p[i]);
	}
}

/* ---- and, or, xor: var_off already holds the result ---- */

void scalar32_min_max_and(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	struct tnum var32_off = tnum_subreg(dst->var_off);

	if (tnum_subreg_is_const(src->var_off) && tnum_subreg_is_const(dst->var_off)) {
		reg_mark32_known(dst, var32_off.value);
		return;
	}
	/* The minimum comes from the known bits, the maximum is the smaller maximum. */
	dst->u32_min_value = (u32)var32_off.value;
	dst->u32_max_value = min_t(u32, dst->u32_max_value, src->u32_max_value);
	set_s32_from_u32(dst);
}

void scalar_min_max_and(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	if (tnum_is_const(src->var_off) && tnum_is_const(dst->var_off)) {
		reg_mark_known(dst, dst->var_off.value);
		return;
	}
	dst->umin_value = dst->var_off.value;
	dst->umax_value = min_t(u64, dst->umax_value, src->umax_value);
	set_s64_from_u64(dst);
	reg_update_bounds(dst);
}

void scalar32_min_max_or(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	struct tnum var32_off = tnum_subreg(dst->var_off);

	if (tnum_subreg_is_const(src->var_off) && tnum_subreg_is_const(dst->var_off)) {
		reg_mark32_known(dst, var32_off.value);
		return;
	}
	/* The maximum comes from the possible bits, the minimum is the larger minimum. */
	dst->u32_min_value = max_t(u32, dst->u32_min_value, src->u32_min_value);
	dst->u32_max_value = (u32)(var32_off.value | var32_off.mask);
	set_s32_from_u32(dst);
}

void scalar_min_max_or(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	if (tnum_is_const(src->var_off) && tnum_is_const(dst->var_off)) {
		reg_mark_known(dst, dst->var_off.value);
		return;
	}
	dst->umin_value = max_t(u64, dst->umin_value, src->umin_value);
	dst->umax_value = dst->var_off.value | dst->var_off.mask;
	set_s64_from_u64(dst);
	reg_update_bounds(dst);
}

void scalar32_min_max_xor(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	struct tnum var32_off = tnum_subreg(dst->var_off);

	if (tnum_subreg_is_const(src->var_off) && tnum_subreg_is_const(dst->var_off)) {
		reg_mark32_known(dst, var32_off.value);
		return;
	}
	dst->u32_min_value = (u32)var32_off.value;
	dst->u32_max_value = (u32)(var32_off.value | var32_off.mask);
	set_s32_from_u32(dst);
}

void scalar_min_max_xor(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	if (tnum_is_const(src->var_off) && tnum_is_const(dst->var_off)) {
		reg_mark_known(dst, dst->var_off.value);
		return;
	}
	dst->umin_value = dst->var_off.value;
	dst->umax_value = dst->var_off.value | dst->var_off.mask;
	set_s64_from_u64(dst);
	reg_update_bounds(dst);
}

/* ---- shifts: the shift amount is a constant below the width ---- */

static void lsh32_bounds(struct bpf_reg_state *dst, u64 umin_val, u64 umax_val)
{
	/* The sign bit is lost, except for what var_off says later. */
	dst->s32_min_value = S32_MIN;
	dst->s32_max_value = S32_MAX;
	/* If the top bit may be shifted out, nothing is known. */
	if (umax_val > 31 || dst->u32_max_value > 1ULL << (31 - umax_val)) {
		dst->u32_min_value = 0;
		dst->u32_max_value = U32_MAX;
	} else {
		dst->u32_min_value <<= umin_val;
		dst->u32_max_value <<= umax_val;
	}
}

static void lsh64_bounds(struct bpf_reg_state *dst, u64 umin_val, u64 umax_val)
{
	/* x << 32 s>> 32 is how compilers sign-extend a subregister: keep its s32 range. */
	if (umin_val == 32 && umax_val == 32) {
		dst->smax_value = (s64)((u64)(s64)dst->s32_max_value << 32);
		dst->smin_value = (s64)((u64)(s64)dst->s32_min_value << 32);
	} else {
		dst->smax_value = S64_MAX;
		dst->smin_value = S64_MIN;
	}
	if (dst->umax_value > 1ULL << (63 - umax_val)) {
		dst->umin_value = 0;
		dst->umax_value = U64_MAX;
	} else {
		dst->umin_value <<= umin_val;
		dst->umax_value <<= umax_val;
	}
}

void scalar32_min_max_lsh(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	u32 umax_val = src->u32_max_value, umin_val = src->u32_min_value;
	struct tnum subreg = tnum_subreg(dst->var_off);

	lsh32_bounds(dst, umin_val, umax_val);
	dst->var_off = tnum_subreg(tnum_lshift(subreg, (u8)umin_val));
	/* The 64-bit bounds come from the zero extension later. */
	reg_mark64_unbounded(dst);
	reg_update_bounds32(dst);
}

void scalar_min_max_lsh(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	u64 umax_val = src->umax_value, umin_val = src->umin_value;

	/* The 64-bit step reads the unshifted s32 bounds, so it goes first. */
	lsh64_bounds(dst, umin_val, umax_val);
	lsh32_bounds(dst, umin_val, umax_val);
	dst->var_off = tnum_lshift(dst->var_off, (u8)umin_val);
	reg_update_bounds(dst);
}

void scalar32_min_max_rsh(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	struct tnum subreg = tnum_subreg(dst->var_off);
	u32 umax_val = src->u32_max_value, umin_val = src->u32_min_value;

	/* A logical shift may clear the sign bit: the unsigned bounds carry the information. */
	dst->s32_min_value = S32_MIN;
	dst->s32_max_value = S32_MAX;
	dst->var_off = tnum_rshift(subreg, (u8)umin_val);
	dst->u32_min_value >>= umax_val;
	dst->u32_max_value >>= umin_val;
	reg_mark64_unbounded(dst);
	reg_update_bounds32(dst);
}

void scalar_min_max_rsh(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	u64 umax_val = src->umax_value, umin_val = src->umin_value;

	dst->smin_value = S64_MIN;
	dst->smax_value = S64_MAX;
	dst->var_off = tnum_rshift(dst->var_off, (u8)umin_val);
	dst->umin_value >>= umax_val;
	dst->umax_value >>= umin_val;
	/* Bits shifted in from the upper half make the 32-bit bounds unknown: use var_off. */
	reg_mark32_unbounded(dst);
	reg_update_bounds(dst);
}

void scalar32_min_max_arsh(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	u64 umin_val = src->u32_min_value;

	/* The shift amount is a constant here (umin == umax). */
	dst->s32_min_value = (s32)((u32)(dst->s32_min_value >> umin_val));
	dst->s32_max_value = (s32)((u32)(dst->s32_max_value >> umin_val));
	dst->var_off = tnum_arshift(tnum_subreg(dst->var_off), (u8)umin_val, 32);
	dst->u32_min_value = 0;
	dst->u32_max_value = U32_MAX;
	reg_mark64_unbounded(dst);
	reg_update_bounds32(dst);
}

void scalar_min_max_arsh(struct bpf_reg_state *dst, const struct bpf_reg_state *src)
{
	u64 umin_val = src->umin_value;

	dst->smin_value >>= umin_val;
	dst->smax_value >>= umin_val;
	dst->var_off = tnum_arshift(dst->var_off, (u8)umin_val, 64);
	dst->umin_value = 0;
	dst->umax_value = U64_MAX;
	reg_mark32_unbounded(dst);
	reg_update_bounds(dst);
}

/* ---- byte swap ---- */

void scalar_byte_swap(struct bpf_reg_state *dst, const struct hive_insn *insn)
{
	bool alu64 = BPF_CLASS(insn->code) == BPF_ALU64;
	bool to_le = BPF_SRC(insn->code) == BPF_TO_LE;
	/* bswap (ALU64) always swaps; to_le/to_be swap when the host order differs. */
	bool need_bswap = alu64 || !to_le;

	if (need_bswap || insn->imm == 16 || insn->imm == 32)
		dst->id = 0;
	if (need_bswap) {
		if (insn->imm == 16)
			dst->var_off = tnum_bswap16(dst->var_off);
		else if (insn->imm == 32)
			dst->var_off = tnum_bswap32(dst->var_off);
		else if (insn->imm == 64)
			dst->var_off = tnum_bswap64(dst->var_off);
		/* Swapping scrambles ranges: relearn them from var_off. */
		reg_mark_unbounded(dst);
	}
	if (insn->imm == 16 || insn->imm == 32)
		coerce_reg_to_size(dst, insn->imm / 8);
}

/* ---- one instruction ---- */

bool is_safe_to_compute_dst_reg_range(const struct hive_insn *insn,
				      const struct bpf_reg_state *src_reg)
{
	bool alu64 = BPF_CLASS(insn->code) == BPF_ALU64;
	u64 insn_bitness = alu64 ? 64 : 32;
	bool src_is_const;

	if (alu64)
		src_is_const = tnum_is_const(src_reg->var_off) &&
			       src_reg->smin_value == src_reg->smax_value &&
			       src_reg->umin_value == src_reg->umax_value;
	else
		src_is_const = tnum_subreg_is_const(src_reg->var_off) &&
			       src_reg->s32_min_value == src_reg->s32_max_value &&
			       src_reg->u32_min_value == src_reg->u32_max_value;

	switch (BPF_OP(insn->code)) {
	case BPF_ADD:
	case BPF_SUB:
	case BPF_NEG:
	case BPF_AND:
	case BPF_XOR:
	case BPF_OR:
	case BPF_MUL:
	case BPF_END:
		return true;
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		/* Note: the 64-bit umax, also for ALU32, as in the kernel. */
		return src_is_const && src_reg->umax_value < insn_bitness;
	default:
		return false;
	}
}

/*
 * The kernel's maybe_fork_scalars(): "x & K" and "x | K" with x in [-1, 0] (typically a
 * mask built by s>> 63) are explored once with x = -1 and once with x = 0, because the
 * range of the result would otherwise merge two very different values.
 */
static int maybe_fork_scalars(struct bpf_reg_state *dst, struct bpf_reg_state *fork)
{
	bool alu32;

	if (dst->smin_value == -1 && dst->smax_value == 0)
		alu32 = false;
	else if (dst->s32_min_value == -1 && dst->s32_max_value == 0)
		alu32 = true;
	else
		return 0;
	*fork = *dst;
	if (alu32) {
		reg_mark32_known(fork, 0);
		reg_mark32_known(dst, -1ULL);
	} else {
		reg_mark_known(fork, 0);
		reg_mark_known(dst, -1ULL);
	}
	return SCALAR_ALU_FORK;
}

static void scalar_neg(struct bpf_reg_state *dst)
{
	struct bpf_reg_state old = *dst;

	/* -x is 0 - x. */
	reg_mark_known(dst, 0);
	scalar32_min_max_sub(dst, &old);
	scalar_min_max_sub(dst, &old);
	dst->var_off = tnum_neg(old.var_off);
}

int adjust_scalar_min_max_vals(const struct hive_insn *insn, struct bpf_reg_state *dst_reg,
			       struct bpf_reg_state src_reg, bool precise_unknown,
			       struct bpf_reg_state *fork)
{
	u8 opcode = BPF_OP(insn->code);
	bool alu32 = BPF_CLASS(insn->code) != BPF_ALU64;
	int ret = 0;

	if (!is_safe_to_compute_dst_reg_range(insn, &src_reg)) {
		reg_mark_unknown(dst_reg, precise_unknown);
		return 0;
	}

	switch (opcode) {
	case BPF_ADD:
		scalar32_min_max_add(dst_reg, &src_reg);
		scalar_min_max_add(dst_reg, &src_reg);
		dst_reg->var_off = tnum_add(dst_reg->var_off, src_reg.var_off);
		break;
	case BPF_SUB:
		scalar32_min_max_sub(dst_reg, &src_reg);
		scalar_min_max_sub(dst_reg, &src_reg);
		dst_reg->var_off = tnum_sub(dst_reg->var_off, src_reg.var_off);
		break;
	case BPF_NEG:
		scalar_neg(dst_reg);
		break;
	case BPF_MUL:
		dst_reg->var_off = tnum_mul(dst_reg->var_off, src_reg.var_off);
		scalar32_min_max_mul(dst_reg, &src_reg);
		scalar_min_max_mul(dst_reg, &src_reg);
		break;
	case BPF_AND:
	case BPF_OR:
		if (fork && tnum_is_const(src_reg.var_off))
			ret = maybe_fork_scalars(dst_reg, fork);
		if (opcode == BPF_AND) {
			dst_reg->var_off = tnum_and(dst_reg->var_off, src_reg.var_off);
			scalar32_min_max_and(dst_reg, &src_reg);
			scalar_min_max_and(dst_reg, &src_reg);
		} else {
			dst_reg->var_off = tnum_or(dst_reg->var_off, src_reg.var_off);
			scalar32_min_max_or(dst_reg, &src_reg);
			scalar_min_max_or(dst_reg, &src_reg);
		}
		break;
	case BPF_XOR:
		dst_reg->var_off = tnum_xor(dst_reg->var_off, src_reg.var_off);
		scalar32_min_max_xor(dst_reg, &src_reg);
		scalar_min_max_xor(dst_reg, &src_reg);
		break;
	case BPF_LSH:
		if (alu32)
			scalar32_min_max_lsh(dst_reg, &src_reg);
		else
			scalar_min_max_lsh(dst_reg, &src_reg);
		break;
	case BPF_RSH:
		if (alu32)
			scalar32_min_max_rsh(dst_reg, &src_reg);
		else
			scalar_min_max_rsh(dst_reg, &src_reg);
		break;
	case BPF_ARSH:
		if (alu32)
			scalar32_min_max_arsh(dst_reg, &src_reg);
		else
			scalar_min_max_arsh(dst_reg, &src_reg);
		break;
	case BPF_END:
		scalar_byte_swap(dst_reg, insn);
		break;
	default:
		break;
	}

	/* ALU32 results are zero-extended; a byte swap sets its own width. */
	if (alu32 && opcode != BPF_END)
		zext_32_to_64(dst_reg);
	reg_bounds_sync(dst_reg);
	return ret;
}

/* check_alu_op()'s BPF_MOV of a register: plain copies and the MOVSX forms. */
static void scalar_mov_reg(const struct hive_insn *insn, struct bpf_reg_state *dst,
			   const struct bpf_reg_state *src)
{
	bool alu64 = BPF_CLASS(insn->code) == BPF_ALU64;

	*dst = *src;
	if (alu64) {
		/* R1 = R2 copies everything; R1 = (s8/s16/s32)R2 sign-extends. */
		if (insn->off) {
			if (src->umax_value >= 1ULL << (insn->off - 1))
				dst->id = 0;
			coerce_reg_to_size_sx(dst, insn->off >> 3);
		}
		return;
	}
	/* W1 = W2 or W1 = (s8/s16)W2, then the upper half is cleared. */
	if (insn->off == 0) {
		if (src->umax_value > U32_MAX)
			dst->id = 0;
	} else {
		if (src->umax_value >= 1ULL << (insn->off - 1))
			dst->id = 0;
		coerce_subreg_to_size_sx(dst, insn->off >> 3);
	}
	zext_32_to_64(dst);
	reg_bounds_sync(dst);
}

int scalar_alu_insn(const struct hive_insn *insn, struct bpf_reg_state *regs, bool precise_unknown,
		    struct bpf_reg_state *fork)
{
	struct bpf_reg_state *dst = &regs[insn->dst_reg];
	u8 opcode = BPF_OP(insn->code);
	struct bpf_reg_state src;
	bool alu64 = BPF_CLASS(insn->code) == BPF_ALU64;
	int ret;

	if ((BPF_CLASS(insn->code) != BPF_ALU && !alu64) || opcode > BPF_END)
		return -EINVAL;
	if (opcode == BPF_MOV) {
		if (BPF_SRC(insn->code) == BPF_X) {
			scalar_mov_reg(insn, dst, &regs[insn->src_reg]);
			return 0;
		}
		/* R = imm: sign-extended for ALU64, zero-extended from 32 bits for ALU. */
		reg_mark_unknown(dst, precise_unknown);
		reg_mark_known(dst, alu64 ? (u64)(s64)insn->imm : (u32)insn->imm);
		return 0;
	}
	if (opcode == BPF_NEG || opcode == BPF_END)
		return adjust_scalar_min_max_vals(insn, dst, *dst, precise_unknown, fork);

	if (BPF_SRC(insn->code) == BPF_X) {
		src = regs[insn->src_reg];
	} else {
		reg_mark_unknown(&src, false);
		reg_mark_known(&src, (u64)(s64)insn->imm);
	}
	ret = adjust_scalar_min_max_vals(insn, dst, src, precise_unknown, fork);
	/* Only "+= const" / "-= const" may keep a link to a copy (the driver decides). */
	if (!((opcode == BPF_ADD || opcode == BPF_SUB) && is_reg_const(&src, !alu64)))
		dst->id = 0;
	return ret;
}
