// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests for verifier/tnum: every operation checked for soundness against brute force on
 * tnums with few unknown bits placed around boundary values (each concrete result must be a
 * member of the abstract result), exact results of the kernel's algorithms on worked
 * examples, tnum_step() against brute force, and the log's formatting.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "verifier/tnum.h"

static const u64 bases[] = {
	0,
	1,
	2,
	5,
	0x7f,
	0x7fffffff,
	0x80000000,
	0xffffffff,
	0x100000000ULL,
	0x7fffffffffffffffULL,
	0x8000000000000000ULL,
	0xfffffffffffffff0ULL,
	0xffffffffffffffffULL,
	0xffffffff80000000ULL,
};
static const int positions[] = { 0, 1, 2, 3, 7, 15, 31, 32, 33, 62, 63 };

#define NR_BASES (sizeof(bases) / sizeof(bases[0]))
#define NR_POS (sizeof(positions) / sizeof(positions[0]))

/* All tnums made of a base value with 0, 1 or 2 of the positions unknown. */
static int make_tnums(struct tnum *out)
{
	size_t b, i, j;
	int n = 0;

	for (b = 0; b < NR_BASES; b++) {
		out[n++] = tnum_const(bases[b]);
		for (i = 0; i < NR_POS; i++) {
			u64 m = 1ULL << positions[i];

			out[n++] = TNUM(bases[b] & ~m, m);
			for (j = i + 1; j < NR_POS; j += 3) {
				u64 m2 = m | 1ULL << positions[j];

				out[n++] = TNUM(bases[b] & ~m2, m2);
			}
		}
	}
	return n;
}

/* Members of a tnum with at most a few unknown bits. */
static int members(struct tnum t, u64 *out)
{
	u64 sub = 0;
	int n = 0;

	do {
		out[n++] = t.value | sub;
		sub = (sub - t.mask) & t.mask; /* next submask */
	} while (sub);
	return n;
}

static bool contains(struct tnum t, u64 x)
{
	return (x & ~t.mask) == t.value;
}

enum op { OP_ADD, OP_SUB, OP_MUL, OP_AND, OP_OR, OP_XOR, OP_UNION, NR_BINOPS };

static struct tnum abstract_op(enum op op, struct tnum a, struct tnum b)
{
	switch (op) {
	case OP_ADD:
		return tnum_add(a, b);
	case OP_SUB:
		return tnum_sub(a, b);
	case OP_MUL:
		return tnum_mul(a, b);
	case OP_AND:
		return tnum_and(a, b);
	case OP_OR:
		return tnum_or(a, b);
	case OP_XOR:
		return tnum_xor(a, b);
	default:
		return tnum_union(a, b);
	}
}

static u64 concrete_op(enum op op, u64 x, u64 y)
{
	switch (op) {
	case OP_ADD:
		return x + y;
	case OP_SUB:
		return x - y;
	case OP_MUL:
		return x * y;
	case OP_AND:
		return x & y;
	case OP_OR:
		return x | y;
	case OP_XOR:
		return x ^ y;
	default:
		return x;
	}
}

static struct tnum all[NR_BASES * (1 + NR_POS * (1 + NR_POS))];

static void test_binary_ops_sound(void **state)
{
	int n = make_tnums(all), i, j, k, l, nx, ny;
	unsigned long checks = 0;
	u64 xs[8], ys[8];
	enum op op;

	for (i = 0; i < n; i++) {
		nx = members(all[i], xs);
		for (j = 0; j < n; j++) {
			ny = members(all[j], ys);
			for (op = 0; op < NR_BINOPS; op++) {
				struct tnum r = abstract_op(op, all[i], all[j]);

				/* Every result must be well formed. */
				assert_int_equal(r.value & r.mask, 0);
				for (k = 0; k < nx; k++)
					for (l = 0; l < ny; l++, checks++) {
						u64 z = concrete_op(op, xs[k], ys[l]);

						/* A union holds the members of both. */
						if (op == OP_UNION && !contains(r, ys[l]))
							z = ys[l];
						if (!contains(r, z))
							fail_msg(
								"op %d (%#llx;%#llx) (%#llx;%#llx) misses %#llx",
								op,
								(unsigned long long)all[i].value,
								(unsigned long long)all[i].mask,
								(unsigned long long)all[j].value,
								(unsigned long long)all[j].mask,
								(unsigned long long)z);
					}
			}
		}
	}
	print_message("tnum binary ops: %d tnums, %lu concrete checks\n", n, checks);
	assert_true(checks > 1000000);
}

static void test_unary_ops_sound(void **state)
{
	int n = make_tnums(all), i, k, nx, s;
	u64 xs[8];

	for (i = 0; i < n; i++) {
		struct tnum a = all[i];

		nx = members(a, xs);
		for (k = 0; k < nx; k++) {
			u64 x = xs[k];

			assert_true(contains(tnum_neg(a), -x));
			assert_true(contains(tnum_bswap16(a), __builtin_bswap16((u16)x)));
			assert_true(contains(tnum_bswap32(a), __builtin_bswap32((u32)x)));
			assert_true(contains(tnum_bswap64(a), __builtin_bswap64(x)));
			assert_true(contains(tnum_cast(a, 1), (u8)x));
			assert_true(contains(tnum_cast(a, 2), (u16)x));
			assert_true(contains(tnum_subreg(a), (u32)x));
			assert_true(contains(tnum_clear_subreg(a), x & ~0xffffffffULL));
			for (s = 0; s < 64; s++) {
				assert_true(contains(tnum_lshift(a, s), x << s));
				assert_true(contains(tnum_rshift(a, s), x >> s));
				assert_true(contains(tnum_arshift(a, s, 64), (u64)((s64)x >> s)));
				if (s < 32)
					assert_true(contains(tnum_arshift(a, s, 32),
							     (u32)((s32)x >> s)));
			}
		}
	}
}

/* tnum_range, tnum_intersect, tnum_in, tnum_overlap, tnum_step against brute force. */
static void test_set_ops(void **state)
{
	int n = make_tnums(all), i, j, k, nx, ny;
	u64 xs[8], ys[8];

	for (i = 0; i < n; i++) {
		nx = members(all[i], xs);
		for (j = 0; j < n; j++) {
			struct tnum in = tnum_intersect(all[i], all[j]);
			bool common = false, sub = true;

			ny = members(all[j], ys);
			for (k = 0; k < ny; k++) {
				bool in_a = contains(all[i], ys[k]);

				common |= in_a;
				sub &= in_a;
				if (in_a)
					assert_true(contains(in, ys[k]));
			}
			assert_int_equal(tnum_overlap(all[i], all[j]), common);
			assert_int_equal(tnum_in(all[i], all[j]), sub);
		}
		/* tnum_step: the next member above z, by brute force over the members. */
		for (k = 0; k < nx; k++) {
			u64 zs[3] = { xs[k], xs[k] + 1, xs[k] - 1 };
			u64 tmax = all[i].value | all[i].mask;

			for (j = 0; j < 3; j++) {
				u64 z = zs[j], want = tmax;
				int m;

				if (z < all[i].value) {
					want = all[i].value;
				} else if (z < tmax) {
					for (m = 0; m < nx; m++)
						if (xs[m] > z && xs[m] < want)
							want = xs[m];
				}
				assert_int_equal(tnum_step(all[i], z), want);
			}
		}
	}
	/* tnum_range covers its range with the fewest unknown bits. */
	assert_true(tnum_range(0, 0).mask == 0);
	assert_int_equal(tnum_range(16, 31).value, 16);
	assert_int_equal(tnum_range(16, 31).mask, 15);
	assert_int_equal(tnum_range(5, 9).value, 0);
	assert_int_equal(tnum_range(5, 9).mask, 15);
	assert_true(tnum_is_unknown(tnum_range(0, U64_MAX)));
	assert_true(tnum_is_unknown(tnum_range(1, 0x8000000000000000ULL)));
}

/* Exact results of the kernel's algorithms (checked against the running kernel's log). */
static void test_exact_results(void **state)
{
	struct tnum r;

	/* x1 * 11: union(0011, 1001) = x0x1, the 6.18 multiplication (not (0x1; 0xe)). */
	r = tnum_mul(TNUM(1, 2), tnum_const(3));
	assert_int_equal(r.value, 1);
	assert_int_equal(r.mask, 0xa);
	r = tnum_add(TNUM(0, 3), tnum_const(1));
	assert_int_equal(r.value, 0);
	assert_int_equal(r.mask, 7);
	r = tnum_sub(tnum_const(0), TNUM(0, 1));
	assert_int_equal(r.value, 0);
	assert_int_equal(r.mask, U64_MAX);
	r = tnum_bswap16(TNUM(0, 0x1ff));
	assert_int_equal(r.value, 0);
	assert_int_equal(r.mask, 0xff01);
	r = tnum_arshift(TNUM(0x80000000, 0x7f), 4, 32);
	assert_int_equal(r.value, 0xf8000000);
	assert_int_equal(r.mask, 0x7);
	r = tnum_with_subreg(TNUM(0x100000000ULL, 0xff), tnum_const(0x12345678));
	assert_int_equal(r.value, 0x112345678ULL);
	assert_int_equal(r.mask, 0);
	/* The kernel's example for tnum_step: x11100x0 after 241 is 242. */
	assert_int_equal(tnum_step(TNUM(0x72, 0x81), 241), 242);
	/* Contradicting known bits intersect to a known 1. */
	r = tnum_intersect(tnum_const(1), tnum_const(2));
	assert_int_equal(r.value, 3);
	assert_int_equal(r.mask, 0);
	assert_true(tnum_is_aligned(TNUM(8, 0xf0), 8));
	assert_false(tnum_is_aligned(TNUM(8, 0xf4), 8));
}

static void test_format(void **state)
{
	char buf[80];

	assert_int_equal(tnum_strn(buf, sizeof(buf), TNUM(0, 0xff)), 11);
	assert_string_equal(buf, "(0x0; 0xff)");
	tnum_strn(buf, sizeof(buf), TNUM(0xfffffffe00000000ULL, 0x1fffffffcULL));
	assert_string_equal(buf, "(0xfffffffe00000000; 0x1fffffffc)");
	tnum_strn(buf, sizeof(buf), tnum_const(42));
	assert_string_equal(buf, "42");
	tnum_strn(buf, sizeof(buf), tnum_const(0x10000));
	assert_string_equal(buf, "0x10000");
	tnum_strn(buf, 6, TNUM(0, 0xff));
	assert_string_equal(buf, "(0x0;");

	assert_int_equal(tnum_sbin(buf, sizeof(buf), TNUM(0x5, 0x2)), 64);
	assert_int_equal(strlen(buf), 64);
	assert_string_equal(buf + 60, "01x1");
	assert_int_equal(strspn(buf, "0"), 61);
	tnum_sbin(buf, 5, TNUM(0x8000000000000000ULL, 0x4000000000000000ULL));
	assert_string_equal(buf, "1x00");
	assert_int_equal(tnum_sbin(buf, 0, tnum_unknown), 64);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_binary_ops_sound), cmocka_unit_test(test_unary_ops_sound),
		cmocka_unit_test(test_set_ops),		 cmocka_unit_test(test_exact_results),
		cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
