// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/regs.c: marking registers known or unknown and keeping the five descriptions of a
 * scalar (var_off, s64, u64, s32, u32 ranges) consistent, exactly as Linux 6.18 does
 * (kernel/bpf/verifier.c: __mark_reg_known ... reg_bounds_sync, coerce_reg_to_size*).
 *
 * Precision equal to the kernel's matters as much as soundness: a bound one value tighter or
 * looser than the kernel's changes which branches are explored, which programs are accepted
 * and what the log prints. So the steps below, their order and their number of repetitions
 * are the kernel's, including places where another order would learn more.
 */
#include <stddef.h>
#include <string.h>

#include "verifier/regs.h"

/* ---- marking ---- */

void reg_mark_known_bounds(struct bpf_reg_state *reg, u64 imm)
{
	reg->var_off = tnum_const(imm);
	reg->smin_value = (s64)imm;
	reg->smax_value = (s64)imm;
	reg->umin_value = imm;
	reg->umax_value = imm;
	reg->s32_min_value = (s32)imm;
	reg->s32_max_value = (s32)imm;
	reg->u32_min_value = (u32)imm;
	reg->u32_max_value = (u32)imm;
}

void reg_mark_known(struct bpf_reg_state *reg, u64 imm)
{
	/* off and the pointer union go; type stays. */
	memset((char *)reg + sizeof(reg->type), 0,
	       offsetof(struct bpf_reg_state, var_off) - sizeof(reg->type));
	reg->id = 0;
	reg->ref_obj_id = 0;
	reg_mark_known_bounds(reg, imm);
}

void reg_mark32_known(struct bpf_reg_state *reg, u64 imm)
{
	reg->var_off = tnum_const_subreg(reg->var_off, (u32)imm);
	reg->s32_min_value = (s32)imm;
	reg->s32_max_value = (s32)imm;
	reg->u32_min_value = (u32)imm;
	reg->u32_max_value = (u32)imm;
}

void reg_mark_unbounded(struct bpf_reg_state *reg)
{
	reg_mark64_unbounded(reg);
	reg_mark32_unbounded(reg);
}

void reg_mark64_unbounded(struct bpf_reg_state *reg)
{
	reg->smin_value = S64_MIN;
	reg->smax_value = S64_MAX;
	reg->umin_value = 0;
	reg->umax_value = U64_MAX;
}

void reg_mark32_unbounded(struct bpf_reg_state *reg)
{
	reg->s32_min_value = S32_MIN;
	reg->s32_max_value = S32_MAX;
	reg->u32_min_value = 0;
	reg->u32_max_value = U32_MAX;
}

void reg_mark_unknown(struct bpf_reg_state *reg, bool precise)
{
	memset(reg, 0, offsetof(struct bpf_reg_state, var_off));
	reg->type = SCALAR_VALUE;
	reg->id = 0;
	reg->ref_obj_id = 0;
	reg->var_off = tnum_unknown;
	reg->frameno = 0;
	reg->precise = precise;
	reg_mark_unbounded(reg);
}

void reg_mark_not_init(struct bpf_reg_state *reg)
{
	reg_mark_unknown(reg, false);
	reg->type = NOT_INIT;
}

/* ---- bounds from var_off ---- */

void reg_update_bounds32(struct bpf_reg_state *reg)
{
	struct tnum var32_off = tnum_subreg(reg->var_off);

	/* Smallest signed member: sign bit set if it may be, other bits at their minimum. */
	reg->s32_min_value = max_t(s32, reg->s32_min_value,
				   (s32)(var32_off.value | (var32_off.mask & (u32)S32_MIN)));
	/* Largest: sign bit clear if it may be, other bits at their maximum. */
	reg->s32_max_value =
		min_t(s32, reg->s32_max_value, (s32)(var32_off.value | (var32_off.mask & S32_MAX)));
	reg->u32_min_value = max_t(u32, reg->u32_min_value, (u32)var32_off.value);
	reg->u32_max_value =
		min_t(u32, reg->u32_max_value, (u32)(var32_off.value | var32_off.mask));
}

void reg_update_bounds64(struct bpf_reg_state *reg)
{
	struct tnum t = reg->var_off;
	u64 next, tmax;
	bool umin_in_tnum;

	reg->smin_value = max_t(s64, reg->smin_value, (s64)(t.value | (t.mask & (u64)S64_MIN)));
	reg->smax_value = min_t(s64, reg->smax_value, (s64)(t.value | (t.mask & S64_MAX)));
	reg->umin_value = max_t(u64, reg->umin_value, t.value);
	reg->umax_value = min_t(u64, reg->umax_value, t.value | t.mask);

	/*
	 * If the u64 range and the tnum have a single member in common, the register is that
	 * constant. The candidates: umin itself, the tnum's largest member, or the first member
	 * above umin when the one after it is already above umax.
	 */
	next = tnum_step(t, reg->umin_value);
	umin_in_tnum = (reg->umin_value & ~t.mask) == t.value;
	tmax = t.value | t.mask;
	if (umin_in_tnum && next > reg->umax_value)
		reg_mark_known_bounds(reg, reg->umin_value);
	else if (!umin_in_tnum && next == tmax)
		reg_mark_known_bounds(reg, tmax);
	else if (!umin_in_tnum && next <= reg->umax_value && tnum_step(t, next) > reg->umax_value)
		reg_mark_known_bounds(reg, next);
}

void reg_update_bounds(struct bpf_reg_state *reg)
{
	reg_update_bounds32(reg);
	reg_update_bounds64(reg);
}

/* ---- ranges from ranges ---- */

/* Intersect the s32 range with [lo, hi], and the u32 range likewise. */
static void tighten_s32(struct bpf_reg_state *reg, s32 lo, s32 hi)
{
	reg->s32_min_value = max_t(s32, reg->s32_min_value, lo);
	reg->s32_max_value = min_t(s32, reg->s32_max_value, hi);
}

static void tighten_u32(struct bpf_reg_state *reg, u32 lo, u32 hi)
{
	reg->u32_min_value = max_t(u32, reg->u32_min_value, lo);
	reg->u32_max_value = min_t(u32, reg->u32_max_value, hi);
}

/*
 * 64-bit ranges whose values all share their upper 32 bits give a 32-bit range for the low
 * half ([0x1_0000000a, 0x1_0000000f] gives [0xa, 0xf]), and so do ranges whose upper halves
 * are two consecutive numbers while the low halves go from negative to non-negative
 * (s64 [-1, 1] gives s32 [-1, 1]).
 */
static void deduce32_from64(struct bpf_reg_state *reg)
{
	if ((reg->umin_value >> 32) == (reg->umax_value >> 32)) {
		tighten_u32(reg, (u32)reg->umin_value, (u32)reg->umax_value);
		if ((s32)reg->umin_value <= (s32)reg->umax_value)
			tighten_s32(reg, (s32)reg->umin_value, (s32)reg->umax_value);
	}
	if ((reg->smin_value >> 32) == (reg->smax_value >> 32)) {
		if ((u32)reg->smin_value <= (u32)reg->smax_value)
			tighten_u32(reg, (u32)reg->smin_value, (u32)reg->smax_value);
		if ((s32)reg->smin_value <= (s32)reg->smax_value)
			tighten_s32(reg, (s32)reg->smin_value, (s32)reg->smax_value);
	}
	if ((u32)(reg->umin_value >> 32) + 1 == (u32)(reg->umax_value >> 32) &&
	    (s32)reg->umin_value < 0 && (s32)reg->umax_value >= 0)
		tighten_s32(reg, (s32)reg->umin_value, (s32)reg->umax_value);
	if ((u32)(reg->smin_value >> 32) + 1 == (u32)(reg->smax_value >> 32) &&
	    (s32)reg->smin_value < 0 && (s32)reg->smax_value >= 0)
		tighten_s32(reg, (s32)reg->smin_value, (s32)reg->smax_value);
}

/* The kernel's __reg32_deduce_bounds. */
static void deduce_bounds32(struct bpf_reg_state *reg)
{
	deduce32_from64(reg);
	/* A u32 range that does not cross the sign bit is also an s32 range. */
	if ((s32)reg->u32_min_value <= (s32)reg->u32_max_value)
		tighten_s32(reg, (s32)reg->u32_min_value, (s32)reg->u32_max_value);
	if ((u32)reg->s32_min_value <= (u32)reg->s32_max_value) {
		/* And an s32 range that does not cross it is a u32 range (-3..-1 is 0xf..fd..). */
		tighten_u32(reg, (u32)reg->s32_min_value, (u32)reg->s32_max_value);
	} else if (reg->u32_max_value < (u32)reg->s32_min_value) {
		/*
		 * The s32 range wraps (negative to non-negative) and the u32 range only meets
		 * its non-negative part:
		 *   0                                                   U32_MAX
		 *   |  [xxxxxxxxxxxxxx u32 range xxxxxxxxxxxxxx]              |
		 *   |xxxxx s32 range xxxxxxxxx]                       [xxxxxxx|
		 */
		reg->s32_min_value = (s32)reg->u32_min_value;
		reg->u32_max_value = min_t(u32, reg->u32_max_value, (u32)reg->s32_max_value);
	} else if ((u32)reg->s32_max_value < reg->u32_min_value) {
		/* ... or only its negative part. */
		reg->s32_max_value = (s32)reg->u32_max_value;
		reg->u32_min_value = max_t(u32, reg->u32_min_value, (u32)reg->s32_min_value);
	}
}

/* The kernel's __reg64_deduce_bounds: the same reasoning as the 32-bit tail above. */
static void deduce_bounds64(struct bpf_reg_state *reg)
{
	if ((s64)reg->umin_value <= (s64)reg->umax_value) {
		reg->smin_value = max_t(s64, reg->smin_value, (s64)reg->umin_value);
		reg->smax_value = min_t(s64, reg->smax_value, (s64)reg->umax_value);
	}
	if ((u64)reg->smin_value <= (u64)reg->smax_value) {
		reg->umin_value = max_t(u64, (u64)reg->smin_value, reg->umin_value);
		reg->umax_value = min_t(u64, (u64)reg->smax_value, reg->umax_value);
	} else if (reg->umax_value < (u64)reg->smin_value) {
		reg->smin_value = (s64)reg->umin_value;
		reg->umax_value = min_t(u64, reg->umax_value, (u64)reg->smax_value);
	} else if ((u64)reg->smax_value < reg->umin_value) {
		reg->smax_value = (s64)reg->umax_value;
		reg->umin_value = max_t(u64, reg->umin_value, (u64)reg->smin_value);
	}
}

/*
 * The kernel's __reg_deduce_mixed_bounds: the u32 range replaces the low halves of the 64-bit
 * bounds. [0x1_00000000, 0x3_80000000] with u32 [1, 0x7fffffff] becomes
 * [0x1_00000001, 0x3_7fffffff].
 */
static void deduce_bounds_mixed(struct bpf_reg_state *reg)
{
	u64 new_umin, new_umax;
	s64 new_smin, new_smax;

	new_umin = (reg->umin_value & ~0xffffffffULL) | reg->u32_min_value;
	new_umax = (reg->umax_value & ~0xffffffffULL) | reg->u32_max_value;
	reg->umin_value = max_t(u64, reg->umin_value, new_umin);
	reg->umax_value = min_t(u64, reg->umax_value, new_umax);
	new_smin = (s64)(((u64)reg->smin_value & ~0xffffffffULL) | reg->u32_min_value);
	new_smax = (s64)(((u64)reg->smax_value & ~0xffffffffULL) | reg->u32_max_value);
	reg->smin_value = max_t(s64, reg->smin_value, new_smin);
	reg->smax_value = min_t(s64, reg->smax_value, new_smax);

	/*
	 * After a sign-extending load the 64-bit range lies within [(s64)S32_MIN, S32_MAX]: the
	 * upper half is all ones (value negative) or all zeros. If the low half is known to be
	 * non-negative as an s32, an all-ones upper half would make the value lie below
	 * (s64)S32_MIN, outside the range; so the register equals its low half.
	 */
	if (reg->s32_min_value >= 0 && reg->smin_value >= S32_MIN && reg->smax_value <= S32_MAX) {
		reg->smin_value = reg->s32_min_value;
		reg->smax_value = reg->s32_max_value;
		reg->umin_value = (u64)(s64)reg->s32_min_value;
		reg->umax_value = (u64)(s64)reg->s32_max_value;
		reg->var_off = tnum_intersect(reg->var_off, tnum_range((u64)reg->smin_value,
								       (u64)reg->smax_value));
	}
}

void reg_deduce_bounds(struct bpf_reg_state *reg)
{
	deduce_bounds32(reg);
	deduce_bounds64(reg);
	deduce_bounds_mixed(reg);
}

void reg_bound_offset(struct bpf_reg_state *reg)
{
	struct tnum var64_off =
		tnum_intersect(reg->var_off, tnum_range(reg->umin_value, reg->umax_value));
	struct tnum var32_off = tnum_intersect(tnum_subreg(var64_off),
					       tnum_range(reg->u32_min_value, reg->u32_max_value));

	reg->var_off = tnum_or(tnum_clear_subreg(var64_off), var32_off);
}

/*
 * How often the kernel repeats __reg_deduce_bounds() in reg_bounds_sync(): three times in the
 * running 6.18 (a stable backport); with two, the kernel differential test finds states that
 * stop one deduction short of the kernel's.
 */
#define REG_DEDUCE_ROUNDS 3

void reg_bounds_sync(struct bpf_reg_state *reg)
{
	int i;

	reg_update_bounds(reg);
	for (i = 0; i < REG_DEDUCE_ROUNDS; i++)
		reg_deduce_bounds(reg);
	reg_bound_offset(reg);
	/* The intersection may have cleared bits: (0; 0xf..fc) within umax 0x7f..f. */
	reg_update_bounds(reg);
}

static bool reg32_bound_s64(s32 a)
{
	return a >= 0;
}

void reg_assign_32_into_64(struct bpf_reg_state *reg)
{
	reg->umin_value = reg->u32_min_value;
	reg->umax_value = reg->u32_max_value;
	/* The zero-extended value is non-negative: a negative s32 bound says nothing. */
	if (reg32_bound_s64(reg->s32_min_value) && reg32_bound_s64(reg->s32_max_value)) {
		reg->smin_value = reg->s32_min_value;
		reg->smax_value = reg->s32_max_value;
	} else {
		reg->smin_value = 0;
		reg->smax_value = U32_MAX;
	}
}

bool reg_bounds_invalid(const struct bpf_reg_state *reg, const char **msg)
{
	const char *why = NULL;

	if (reg->umin_value > reg->umax_value || reg->smin_value > reg->smax_value ||
	    reg->u32_min_value > reg->u32_max_value || reg->s32_min_value > reg->s32_max_value) {
		why = "range bounds violation";
	} else if (tnum_is_const(reg->var_off)) {
		u64 v = reg->var_off.value;

		if (reg->umin_value != v || reg->umax_value != v || reg->smin_value != (s64)v ||
		    reg->smax_value != (s64)v)
			why = "const tnum out of sync with range bounds";
	}
	if (!why && tnum_subreg_is_const(reg->var_off)) {
		u32 v = (u32)reg->var_off.value;

		if (reg->u32_min_value != v || reg->u32_max_value != v ||
		    reg->s32_min_value != (s32)v || reg->s32_max_value != (s32)v)
			why = "const subreg tnum out of sync with range bounds";
	}
	if (msg)
		*msg = why;
	return why != NULL;
}

/* ---- conversions ---- */

void coerce_reg_to_size(struct bpf_reg_state *reg, int size)
{
	u64 mask = (1ULL << (size * 8)) - 1;

	reg->var_off = tnum_cast(reg->var_off, (u8)size);
	/* The truncated range is only a range if nothing above the cut changes within it. */
	if ((reg->umin_value & ~mask) == (reg->umax_value & ~mask)) {
		reg->umin_value &= mask;
		reg->umax_value &= mask;
	} else {
		reg->umin_value = 0;
		reg->umax_value = mask;
	}
	reg->smin_value = (s64)reg->umin_value;
	reg->smax_value = (s64)reg->umax_value;
	/* Below 32 bits the subregister was cut too; relearn it from the 64-bit bounds. */
	if (size < 4)
		reg_mark32_unbounded(reg);
	reg_bounds_sync(reg);
}

static void set_sext64_default_val(struct bpf_reg_state *reg, int size)
{
	s64 lo = size == 1 ? S8_MIN : size == 2 ? S16_MIN : S32_MIN;
	s64 hi = size == 1 ? S8_MAX : size == 2 ? S16_MAX : S32_MAX;

	reg->smin_value = lo;
	reg->s32_min_value = (s32)lo;
	reg->smax_value = hi;
	reg->s32_max_value = (s32)hi;
	reg->umin_value = 0;
	reg->u32_min_value = 0;
	reg->umax_value = U64_MAX;
	reg->u32_max_value = U32_MAX;
	reg->var_off = tnum_unknown;
}

static s64 sext(u64 v, int size)
{
	return size == 1 ? (s8)v : size == 2 ? (s16)v : (s32)v;
}

void coerce_reg_to_size_sx(struct bpf_reg_state *reg, int size)
{
	u64 num_bits = size * 8, top_smax, top_smin;
	s64 a, b, lo, hi;

	if (tnum_is_const(reg->var_off)) {
		reg_mark_known_bounds(reg, (u64)sext(reg->var_off.value, size));
		return;
	}
	top_smax = ((u64)reg->smax_value >> num_bits) << num_bits;
	top_smin = ((u64)reg->smin_value >> num_bits) << num_bits;
	if (top_smax != top_smin)
		goto out;
	a = sext((u64)reg->smax_value, size);
	b = sext((u64)reg->smin_value, size);
	hi = a > b ? a : b;
	lo = a < b ? a : b;
	/* Same sign at both ends: the extended values form one range. */
	if ((hi >= 0) == (lo >= 0)) {
		reg->smin_value = lo;
		reg->s32_min_value = (s32)lo;
		reg->smax_value = hi;
		reg->s32_max_value = (s32)hi;
		reg->umin_value = (u64)lo;
		reg->u32_min_value = (u32)lo;
		reg->umax_value = (u64)hi;
		reg->u32_max_value = (u32)hi;
		reg->var_off = tnum_range((u64)lo, (u64)hi);
		return;
	}
out:
	set_sext64_default_val(reg, size);
}

static void set_sext32_default_val(struct bpf_reg_state *reg, int size)
{
	reg->s32_min_value = size == 1 ? S8_MIN : S16_MIN;
	reg->s32_max_value = size == 1 ? S8_MAX : S16_MAX;
	reg->u32_min_value = 0;
	reg->u32_max_value = U32_MAX;
	reg->var_off = tnum_subreg(tnum_unknown);
}

void coerce_subreg_to_size_sx(struct bpf_reg_state *reg, int size)
{
	u32 num_bits = size * 8, top_smax, top_smin;
	s32 a, b, lo, hi;

	if (tnum_is_const(reg->var_off)) {
		u32 v = (u32)(s32)sext((u32)reg->var_off.value, size);

		/* The kernel keeps the sign-extended value in all 64 bits of var_off here. */
		reg->var_off = tnum_const((u64)sext((u32)reg->var_off.value, size));
		reg->s32_min_value = reg->s32_max_value = (s32)v;
		reg->u32_min_value = reg->u32_max_value = v;
		return;
	}
	top_smax = ((u32)reg->s32_max_value >> num_bits) << num_bits;
	top_smin = ((u32)reg->s32_min_value >> num_bits) << num_bits;
	if (top_smax != top_smin)
		goto out;
	a = (s32)sext((u32)reg->s32_max_value, size);
	b = (s32)sext((u32)reg->s32_min_value, size);
	hi = a > b ? a : b;
	lo = a < b ? a : b;
	if ((lo >= 0) == (hi >= 0)) {
		reg->s32_min_value = lo;
		reg->s32_max_value = hi;
		reg->u32_min_value = (u32)lo;
		reg->u32_max_value = (u32)hi;
		reg->var_off = tnum_subreg(tnum_range((u64)(s64)lo, (u64)(s64)hi));
		return;
	}
out:
	set_sext32_default_val(reg, size);
}

void zext_32_to_64(struct bpf_reg_state *reg)
{
	reg->var_off = tnum_subreg(reg->var_off);
	reg_assign_32_into_64(reg);
}

bool is_reg_const(const struct bpf_reg_state *reg, bool subreg32)
{
	return reg->type == SCALAR_VALUE &&
	       tnum_is_const(subreg32 ? tnum_subreg(reg->var_off) : reg->var_off);
}

u64 reg_const_value(const struct bpf_reg_state *reg, bool subreg32)
{
	return subreg32 ? tnum_subreg(reg->var_off).value : reg->var_off.value;
}
