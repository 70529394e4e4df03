/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verifier/tnum.h: tracked numbers ("tnums"), the bit-level half of the verifier's abstract
 * domain for scalars, with the kernel's operations and names (kernel/bpf/tnum.c).
 *
 * A tnum is a pair (value; mask). A bit set in mask is unknown; a bit clear in mask is known and
 * equal to the same bit of value. Well-formed tnums keep value & mask == 0. The concrete set of
 * (0x10; 0x3) is {0x10, 0x11, 0x12, 0x13}. Every operation returns a tnum that contains every
 * result of the concrete operation on members of its operands (soundness), and each one computes
 * bit for bit what the kernel computes, because the verifier's verdicts and log depend on it.
 */
#ifndef __HIVE_VERIFIER_TNUM_H
#define __HIVE_VERIFIER_TNUM_H

#include <stddef.h>

#include "verifier/vtypes.h"

#ifdef __cplusplus
extern "C" {
#endif

struct tnum {
	u64 value;
	u64 mask;
};

#define TNUM(_v, _m) ((struct tnum){ .value = (_v), .mask = (_m) })

/* A completely unknown value: (0; 0xffffffffffffffff). */
extern const struct tnum tnum_unknown;

/* The constant @value. */
struct tnum tnum_const(u64 value);
/* The smallest tnum that contains every number in [min, max] (unsigned). */
struct tnum tnum_range(u64 min, u64 max);

/* Shifts by a constant; arithmetic right shift sign-extends at bit 63 or, for
 * @insn_bitness == 32, at bit 31 of the low half (the result is zero-extended).
 */
struct tnum tnum_lshift(struct tnum a, u8 shift);
struct tnum tnum_rshift(struct tnum a, u8 shift);
struct tnum tnum_arshift(struct tnum a, u8 min_shift, u8 insn_bitness);

/* Arithmetic, modulo 2^64. */
struct tnum tnum_add(struct tnum a, struct tnum b);
struct tnum tnum_sub(struct tnum a, struct tnum b);
struct tnum tnum_neg(struct tnum a);
struct tnum tnum_mul(struct tnum a, struct tnum b);

/* Bitwise operations. */
struct tnum tnum_and(struct tnum a, struct tnum b);
struct tnum tnum_or(struct tnum a, struct tnum b);
struct tnum tnum_xor(struct tnum a, struct tnum b);

/* Byte swaps of the low 2, 4 or 8 bytes (upper bytes become known zero). */
struct tnum tnum_bswap16(struct tnum a);
struct tnum tnum_bswap32(struct tnum a);
struct tnum tnum_bswap64(struct tnum a);

/* True if some number could be a member of both @a and @b. */
bool tnum_overlap(struct tnum a, struct tnum b);
/* Knowledge of both: members of @a that are also members of @b. Where @a and @b contradict
 * each other (known 1 against known 0) the result has a known 1.
 */
struct tnum tnum_intersect(struct tnum a, struct tnum b);
/* The smallest tnum containing every member of @a and of @b. */
struct tnum tnum_union(struct tnum a, struct tnum b);

/* @a with all but its low @size bytes cleared. */
struct tnum tnum_cast(struct tnum a, u8 size);

static inline bool tnum_is_const(struct tnum a)
{
	return !a.mask;
}

static inline bool tnum_equals_const(struct tnum a, u64 b)
{
	return tnum_is_const(a) && a.value == b;
}

static inline bool tnum_is_unknown(struct tnum a)
{
	return !~a.mask;
}

/* True if every member of @a is a multiple of @size (a power of two). */
bool tnum_is_aligned(struct tnum a, u64 size);
/* True if every member of @b is a member of @a. */
bool tnum_in(struct tnum a, struct tnum b);

/* The smallest member of @t greater than @z; t.value if z < t.value; the largest member of @t
 * if @z is at least that large.
 */
u64 tnum_step(struct tnum t, u64 z);

/* Formatting as the kernel's log does: tnum_strn() gives "(0x10; 0x3)", or the number itself
 * ("42", "0x10000") for a constant; tnum_sbin() gives 64 characters of '0', '1' and 'x'.
 * Both return the length the full text needs, as snprintf() does.
 */
int tnum_strn(char *str, size_t size, struct tnum a);
int tnum_sbin(char *str, size_t size, struct tnum a);

/* The 32-bit subregister: low half only, high half cleared, or the two combined. */
struct tnum tnum_subreg(struct tnum a);
struct tnum tnum_clear_subreg(struct tnum a);
struct tnum tnum_with_subreg(struct tnum reg, struct tnum subreg);
struct tnum tnum_const_subreg(struct tnum a, u32 value);

static inline bool tnum_subreg_is_const(struct tnum a)
{
	return !(tnum_subreg(a)).mask;
}

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_VERIFIER_TNUM_H */
