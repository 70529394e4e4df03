// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/tnum.c: the tnum operations (see tnum.h), computing exactly what Linux 6.18's
 * kernel/bpf/tnum.c computes.
 *
 * The arithmetic operators follow the kernel's carry-propagation formulas: for an addition the
 * sum of the smallest members (sv) and the sum of the largest (sigma) differ exactly in the bits
 * a carry chain may reach, and those bits, plus the bits already unknown, are unknown in the
 * result. Multiplication is long multiplication over the bits of the first operand: a known 1
 * adds the (shifted) second operand, an unknown bit takes the union of adding and not adding it.
 */
#include <stdio.h>

#include "verifier/tnum.h"

const struct tnum tnum_unknown = { .value = 0, .mask = -1ULL };

/* Position of the most significant set bit, counting from 1; 0 for 0 (the kernel's fls64). */
static int fls64(u64 x)
{
	return x ? 64 - __builtin_clzll(x) : 0;
}

struct tnum tnum_const(u64 value)
{
	return TNUM(value, 0);
}

struct tnum tnum_range(u64 min, u64 max)
{
	u64 chi = min ^ max, delta;
	int bits = fls64(chi);

	/* Every bit at or below the highest differing one may take any value. */
	if (bits > 63)
		return tnum_unknown;
	delta = (1ULL << bits) - 1;
	return TNUM(min & ~delta, delta);
}

struct tnum tnum_lshift(struct tnum a, u8 shift)
{
	return TNUM(a.value << shift, a.mask << shift);
}

struct tnum tnum_rshift(struct tnum a, u8 shift)
{
	return TNUM(a.value >> shift, a.mask >> shift);
}

struct tnum tnum_arshift(struct tnum a, u8 min_shift, u8 insn_bitness)
{
	/*
	 * Shifting the value and the mask arithmetically is exact: an unknown sign bit spreads
	 * unknown bits, a known one spreads known copies of itself.
	 */
	if (insn_bitness == 32)
		return TNUM((u32)((s32)a.value >> min_shift), (u32)((s32)a.mask >> min_shift));
	return TNUM((u64)((s64)a.value >> min_shift), (u64)((s64)a.mask >> min_shift));
}

struct tnum tnum_add(struct tnum a, struct tnum b)
{
	u64 sm = a.mask + b.mask;
	u64 sv = a.value + b.value;
	u64 sigma = sm + sv;
	u64 chi = sigma ^ sv;
	u64 mu = chi | a.mask | b.mask;

	return TNUM(sv & ~mu, mu);
}

struct tnum tnum_sub(struct tnum a, struct tnum b)
{
	u64 dv = a.value - b.value;
	u64 alpha = dv + a.mask;
	u64 beta = dv - b.mask;
	u64 chi = alpha ^ beta;
	u64 mu = chi | a.mask | b.mask;

	return TNUM(dv & ~mu, mu);
}

struct tnum tnum_neg(struct tnum a)
{
	return tnum_sub(TNUM(0, 0), a);
}

struct tnum tnum_and(struct tnum a, struct tnum b)
{
	u64 alpha = a.value | a.mask;
	u64 beta = b.value | b.mask;
	u64 v = a.value & b.value;

	return TNUM(v, alpha & beta & ~v);
}

struct tnum tnum_or(struct tnum a, struct tnum b)
{
	u64 v = a.value | b.value;
	u64 mu = a.mask | b.mask;

	return TNUM(v, mu & ~v);
}

struct tnum tnum_xor(struct tnum a, struct tnum b)
{
	u64 v = a.value ^ b.value;
	u64 mu = a.mask | b.mask;

	return TNUM(v & ~mu, mu);
}

/*
 * Long multiplication, least significant bit of @a first. For a = x1 and b = 11:
 *
 *   bit 0 of a is a known 1:   acc = 0 + 11           = 0011
 *   bit 1 of a is unknown:     acc = union(0011, 0011 + 110) = union(0011, 1001) = x0x1
 */
struct tnum tnum_mul(struct tnum a, struct tnum b)
{
	struct tnum acc = TNUM(0, 0);

	while (a.value || a.mask) {
		if (a.value & 1)
			acc = tnum_add(acc, b);
		else if (a.mask & 1)
			acc = tnum_union(acc, tnum_add(acc, b));
		a = tnum_rshift(a, 1);
		b = tnum_lshift(b, 1);
	}
	return acc;
}

bool tnum_overlap(struct tnum a, struct tnum b)
{
	/* A common member exists unless a bit known in both is known differently. */
	u64 known = ~a.mask & ~b.mask;

	return (a.value & known) == (b.value & known);
}

struct tnum tnum_intersect(struct tnum a, struct tnum b)
{
	u64 v = a.value | b.value;
	u64 mu = a.mask & b.mask;

	return TNUM(v & ~mu, mu);
}

struct tnum tnum_union(struct tnum a, struct tnum b)
{
	u64 v = a.value & b.value;
	u64 mu = (a.value ^ b.value) | a.mask | b.mask;

	return TNUM(v & ~mu, mu);
}

struct tnum tnum_cast(struct tnum a, u8 size)
{
	u64 keep = size >= 8 ? U64_MAX : (1ULL << (size * 8)) - 1;

	a.value &= keep;
	a.mask &= keep;
	return a;
}

bool tnum_is_aligned(struct tnum a, u64 size)
{
	if (!size)
		return true;
	return !((a.value | a.mask) & (size - 1));
}

bool tnum_in(struct tnum a, struct tnum b)
{
	if (b.mask & ~a.mask)
		return false;
	b.value &= ~a.mask;
	return a.value == b.value;
}

static u64 swab64(u64 x)
{
	return __builtin_bswap64(x);
}

struct tnum tnum_bswap16(struct tnum a)
{
	return TNUM(__builtin_bswap16((u16)a.value), __builtin_bswap16((u16)a.mask));
}

struct tnum tnum_bswap32(struct tnum a)
{
	return TNUM(__builtin_bswap32((u32)a.value), __builtin_bswap32((u32)a.mask));
}

struct tnum tnum_bswap64(struct tnum a)
{
	return TNUM(swab64(a.value), swab64(a.mask));
}

/*
 * Members of t are t.value + s for the submasks s of t.mask (value and mask share no bit).
 * The next member after z is t.value + s' where s' is the smallest submask above
 * d = z - t.value. Incrementing d "inside the mask" finds it: fill every position outside the
 * mask, and every position below the highest bit of d outside the mask, with ones so that +1
 * carries straight into the next mask position, then keep only the mask positions.
 */
u64 tnum_step(struct tnum t, u64 z)
{
	u64 tmax = t.value | t.mask;
	u64 d, below, filled;

	if (z >= tmax)
		return tmax;
	if (z < t.value)
		return t.value;
	d = z - t.value;
	below = (1ULL << fls64(d & ~t.mask)) - 1;
	filled = d | below | ~t.mask;
	return t.value | ((filled + 1) & t.mask);
}

int tnum_strn(char *str, size_t size, struct tnum a)
{
	if (!a.mask) {
		if (a.value <= U16_MAX)
			return snprintf(str, size, "%llu", (unsigned long long)a.value);
		return snprintf(str, size, "0x%llx", (unsigned long long)a.value);
	}
	return snprintf(str, size, "(0x%llx; 0x%llx)", (unsigned long long)a.value,
			(unsigned long long)a.mask);
}

int tnum_sbin(char *str, size_t size, struct tnum a)
{
	size_t n;

	if (!size)
		return 64;
	for (n = 64; n; n--) {
		if (n < size)
			str[n - 1] = (a.mask & 1) ? 'x' : (a.value & 1) ? '1' : '0';
		a.mask >>= 1;
		a.value >>= 1;
	}
	str[size - 1 < 64 ? size - 1 : 64] = 0;
	return 64;
}

struct tnum tnum_subreg(struct tnum a)
{
	return tnum_cast(a, 4);
}

struct tnum tnum_clear_subreg(struct tnum a)
{
	return tnum_lshift(tnum_rshift(a, 32), 32);
}

struct tnum tnum_with_subreg(struct tnum reg, struct tnum subreg)
{
	return tnum_or(tnum_clear_subreg(reg), tnum_subreg(subreg));
}

struct tnum tnum_const_subreg(struct tnum a, u32 value)
{
	return tnum_with_subreg(a, tnum_const(value));
}
