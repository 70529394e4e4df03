// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests for the verifier's scalar domain (regs.c, scalar_alu.c, scalar_cond.c, log.c):
 *
 * - soundness, exhaustively over abstract states with small concrete sets (tnums with up to
 *   two unknown bits around boundary values, some narrowed by a range): every ALU and ALU64
 *   op, with register and immediate operands, must produce a state containing every concrete
 *   result; is_branch_taken() must never claim a branch some pair would not take, and the
 *   refined states of both successors must keep every pair that goes there;
 * - precision equal to the kernel's: exact log text of states seen in the running kernel's
 *   verifier log for the same instructions;
 * - the log's formatting rules.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "verifier/log.h"
#include "verifier/scalar.h"

/* ---- abstract states with small concrete sets ---- */

#define MAX_STATES 512
#define MAX_MEMBERS 4

struct astate {
	struct bpf_reg_state reg;
	u64 members[MAX_MEMBERS]; /* the concrete values the state stands for */
	int nr;
};

static struct astate states[MAX_STATES];
static int nr_states;

static bool reg_contains(const struct bpf_reg_state *r, u64 x)
{
	return (x & ~r->var_off.mask) == r->var_off.value && r->umin_value <= x &&
	       x <= r->umax_value && r->smin_value <= (s64)x && (s64)x <= r->smax_value &&
	       r->u32_min_value <= (u32)x && (u32)x <= r->u32_max_value &&
	       r->s32_min_value <= (s32)x && (s32)x <= r->s32_max_value;
}

/* A state for tnum t, optionally with its unsigned or signed range cut at a member. */
static void add_state(struct tnum t, int cut)
{
	struct astate *s = &states[nr_states];
	u64 sub = 0, all[MAX_MEMBERS];
	int n = 0, i;

	assert_true(nr_states < MAX_STATES);
	do {
		all[n++] = t.value | sub;
		sub = (sub - t.mask) & t.mask;
	} while (sub);
	reg_mark_unknown(&s->reg, false);
	s->reg.var_off = t;
	if (cut == 1)
		s->reg.umin_value = all[1];
	else if (cut == 2)
		s->reg.smax_value = (s64)all[0];
	reg_bounds_sync(&s->reg);
	s->nr = 0;
	for (i = 0; i < n; i++)
		if (reg_contains(&s->reg, all[i]))
			s->members[s->nr++] = all[i];
	if (s->nr)
		nr_states++;
}

static void make_states(void)
{
	static const u64 bases[] = { 0,
				     1,
				     3,
				     0x7f,
				     0x7fffffff,
				     0x80000000,
				     0xffffffff,
				     0x100000000ULL,
				     0x7fffffffffffffffULL,
				     0x8000000000000000ULL,
				     0xfffffffffffffff0ULL,
				     0xffffffffffffffffULL,
				     0xffffffff80000000ULL };
	static const u64 masks[] = { 0,
				     1,
				     2,
				     0x80,
				     0x80000000,
				     0x100000000ULL,
				     0x8000000000000000ULL,
				     3,
				     0x80000001,
				     0x8000000080000000ULL,
				     0x100000001ULL };
	size_t b, m;
	int cut;

	nr_states = 0;
	for (b = 0; b < sizeof(bases) / sizeof(bases[0]); b++)
		for (m = 0; m < sizeof(masks) / sizeof(masks[0]); m++)
			for (cut = 0; cut < (masks[m] ? 3 : 1); cut++)
				add_state(TNUM(bases[b] & ~masks[m], masks[m]), cut);
	assert_true(nr_states > 200 && nr_states <= MAX_STATES);
}

/* ---- concrete semantics (the ISA's, as the interpreter executes it) ---- */

static u64 bswap(u64 x, int bits)
{
	return bits == 16 ? __builtin_bswap16((u16)x) :
	       bits == 32 ? __builtin_bswap32((u32)x) :
			    __builtin_bswap64(x);
}

static u64 sext(u64 x, int bits)
{
	return bits == 8 ? (u64)(s64)(s8)x : bits == 16 ? (u64)(s64)(s16)x : (u64)(s64)(s32)x;
}

static u64 alu64(const struct hive_insn *in, u64 d, u64 s)
{
	switch (BPF_OP(in->code)) {
	case BPF_ADD:
		return d + s;
	case BPF_SUB:
		return d - s;
	case BPF_MUL:
		return d * s;
	case BPF_DIV:
		if (!s)
			return 0;
		if (in->off != 1)
			return d / s;
		return (s64)s == -1 ? -d : (u64)((s64)d / (s64)s);
	case BPF_MOD:
		if (!s)
			return d;
		if (in->off != 1)
			return d % s;
		return (s64)s == -1 ? 0 : (u64)((s64)d % (s64)s);
	case BPF_OR:
		return d | s;
	case BPF_AND:
		return d & s;
	case BPF_XOR:
		return d ^ s;
	case BPF_LSH:
		return d << (s & 63);
	case BPF_RSH:
		return d >> (s & 63);
	case BPF_ARSH:
		return (u64)((s64)d >> (s & 63));
	case BPF_NEG:
		return -d;
	case BPF_MOV:
		return in->off ? sext(s, in->off) : s;
	default:
		return bswap(d, in->imm); /* BPF_END: bswap16/32/64 */
	}
}

static u64 alu32(const struct hive_insn *in, u64 d64, u64 s64v)
{
	u32 d = (u32)d64, s = (u32)s64v;

	switch (BPF_OP(in->code)) {
	case BPF_ADD:
		return (u32)(d + s);
	case BPF_SUB:
		return (u32)(d - s);
	case BPF_MUL:
		return (u32)(d * s);
	case BPF_DIV:
		if (!s)
			return 0;
		if (in->off != 1)
			return d / s;
		return (s32)s == -1 ? (u32)-d : (u32)((s32)d / (s32)s);
	case BPF_MOD:
		if (!s)
			return d;
		if (in->off != 1)
			return d % s;
		return (s32)s == -1 ? 0 : (u32)((s32)d % (s32)s);
	case BPF_OR:
		return d | s;
	case BPF_AND:
		return d & s;
	case BPF_XOR:
		return d ^ s;
	case BPF_LSH:
		return (u32)(d << (s & 31));
	case BPF_RSH:
		return d >> (s & 31);
	case BPF_ARSH:
		return (u32)((s32)d >> (s & 31));
	case BPF_NEG:
		return (u32)-d;
	case BPF_MOV:
		return in->off ? (u32)sext(s, in->off) : s;
	default:
		/* to_le is a truncation on a little-endian host, to_be a swap. */
		if (BPF_SRC(in->code) == BPF_TO_BE)
			return bswap(d64, in->imm);
		return in->imm == 64 ? d64 : in->imm == 32 ? (u32)d64 : (u16)d64;
	}
}

static u64 concrete(const struct hive_insn *in, u64 d, u64 s)
{
	return BPF_CLASS(in->code) == BPF_ALU64 ? alu64(in, d, s) : alu32(in, d, s);
}

/* ---- ALU soundness ---- */

static unsigned long alu_checks;

static void check_alu(const struct hive_insn *in, const struct astate *a, const struct astate *b,
		      u64 imm_val)
{
	struct bpf_reg_state regs[MAX_BPF_REG], fork, forked[MAX_BPF_REG];
	int ret, i, j, nb = b ? b->nr : 1;
	bool have_fork;

	regs[in->dst_reg] = a->reg;
	if (b)
		regs[in->src_reg] = b->reg;
	ret = scalar_alu_insn(in, regs, false, &fork);
	assert_true(ret == 0 || ret == SCALAR_ALU_FORK);
	have_fork = ret == SCALAR_ALU_FORK;
	if (have_fork) {
		/* The pushed state runs the same insn again with dst = 0. */
		memcpy(forked, regs, sizeof(forked));
		forked[in->dst_reg] = fork;
		if (b)
			forked[in->src_reg] = b->reg;
		assert_int_equal(scalar_alu_insn(in, forked, false, NULL), 0);
	}
	for (i = 0; i < a->nr; i++)
		for (j = 0; j < nb; j++, alu_checks++) {
			u64 s = b ? b->members[j] : imm_val;
			u64 z = concrete(in, a->members[i], s);

			if (reg_contains(&regs[in->dst_reg], z))
				continue;
			if (have_fork && reg_contains(&forked[in->dst_reg], z))
				continue;
			fail_msg(
				"insn code %#x off %d imm %d: %#llx op %#llx = %#llx not in result "
				"u[%#llx,%#llx] s[%#llx,%#llx] var_off (%#llx;%#llx)",
				in->code, in->off, in->imm, (unsigned long long)a->members[i],
				(unsigned long long)s, (unsigned long long)z,
				(unsigned long long)regs[in->dst_reg].umin_value,
				(unsigned long long)regs[in->dst_reg].umax_value,
				(unsigned long long)regs[in->dst_reg].smin_value,
				(unsigned long long)regs[in->dst_reg].smax_value,
				(unsigned long long)regs[in->dst_reg].var_off.value,
				(unsigned long long)regs[in->dst_reg].var_off.mask);
		}
}

static struct hive_insn ins(u8 code, s16 off, s32 imm)
{
	struct hive_insn i = { .code = code, .dst_reg = 2, .src_reg = 3, .off = off, .imm = imm };

	return i;
}

static const u8 binops[] = { BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR,   BPF_AND,
			     BPF_LSH, BPF_RSH, BPF_MOD, BPF_XOR, BPF_ARSH, BPF_MOV };
static const s32 imms[] = { 0, 1, 2, 7, 31, 32, 63, -1, -2, 0x7fffffff, S32_MIN, 0xff, 0x8000 };

static void test_alu_sound(void **state)
{
	size_t o, k;
	int i, j, c;

	make_states();
	alu_checks = 0;
	for (c = 0; c < 2; c++) {
		u8 cls = c ? BPF_ALU64 : BPF_ALU;

		for (o = 0; o < sizeof(binops); o++) {
			for (i = 0; i < nr_states; i++) {
				/* Register operand, including sdiv/smod and MOVSX. */
				for (j = 0; j < nr_states; j++) {
					struct hive_insn in = ins(cls | binops[o] | BPF_X, 0, 0);

					check_alu(&in, &states[i], &states[j], 0);
					if (binops[o] == BPF_DIV || binops[o] == BPF_MOD) {
						in.off = 1;
						check_alu(&in, &states[i], &states[j], 0);
					}
					if (binops[o] == BPF_MOV) {
						for (in.off = 8; in.off <= (c ? 32 : 16);
						     in.off *= 2)
							check_alu(&in, &states[i], &states[j], 0);
					}
				}
				/* Immediate operand (sign-extended). */
				for (k = 0; k < sizeof(imms) / sizeof(imms[0]); k++) {
					s32 imm = imms[k];
					struct hive_insn in = ins(cls | binops[o] | BPF_K, 0, imm);

					if ((binops[o] == BPF_LSH || binops[o] == BPF_RSH ||
					     binops[o] == BPF_ARSH) &&
					    (imm < 0 || imm >= (c ? 64 : 32)))
						continue;
					check_alu(&in, &states[i], NULL, (u64)(s64)imm);
				}
			}
		}
	}
	print_message("ALU: %d states, %lu concrete checks\n", nr_states, alu_checks);
	assert_true(alu_checks > 1000000);
}

static void test_alu_unary_sound(void **state)
{
	static const int widths[] = { 16, 32, 64 };
	int i, w;

	make_states();
	alu_checks = 0;
	for (i = 0; i < nr_states; i++) {
		struct hive_insn neg64 = ins(BPF_ALU64 | BPF_NEG, 0, 0);
		struct hive_insn neg32 = ins(BPF_ALU | BPF_NEG, 0, 0);

		check_alu(&neg64, &states[i], NULL, 0);
		check_alu(&neg32, &states[i], NULL, 0);
		for (w = 0; w < 3; w++) {
			struct hive_insn sw = ins(BPF_ALU64 | BPF_END | BPF_TO_LE, 0, widths[w]);
			struct hive_insn le = ins(BPF_ALU | BPF_END | BPF_TO_LE, 0, widths[w]);
			struct hive_insn be = ins(BPF_ALU | BPF_END | BPF_TO_BE, 0, widths[w]);

			check_alu(&sw, &states[i], NULL, 0);
			check_alu(&le, &states[i], NULL, 0);
			check_alu(&be, &states[i], NULL, 0);
		}
	}
	assert_true(alu_checks > 1000);
}

/* ---- jumps ---- */

static bool cond_holds(u8 op, bool is_jmp32, u64 x, u64 y)
{
	if (is_jmp32) {
		x = (u32)x;
		y = (u32)y;
	}
	s64 sx = is_jmp32 ? (s32)x : (s64)x, sy = is_jmp32 ? (s32)y : (s64)y;

	switch (op) {
	case BPF_JEQ:
		return x == y;
	case BPF_JNE:
		return x != y;
	case BPF_JSET:
		return x & y;
	case BPF_JGT:
		return x > y;
	case BPF_JGE:
		return x >= y;
	case BPF_JLT:
		return x < y;
	case BPF_JLE:
		return x <= y;
	case BPF_JSGT:
		return sx > sy;
	case BPF_JSGE:
		return sx >= sy;
	case BPF_JSLT:
		return sx < sy;
	default:
		return sx <= sy; /* BPF_JSLE */
	}
}

static const u8 jops[] = { BPF_JEQ, BPF_JNE,  BPF_JSET, BPF_JGT,  BPF_JGE, BPF_JLT,
			   BPF_JLE, BPF_JSGT, BPF_JSGE, BPF_JSLT, BPF_JSLE };
static unsigned long jmp_checks, jmp_undecided;

/* a OP b (b == NULL: a OP a, the same register on both sides). */
static void check_jmp(u8 op, bool is_jmp32, const struct astate *a, const struct astate *b)
{
	struct bpf_reg_state d = a->reg, s = b ? b->reg : a->reg, td, ts;
	struct bpf_reg_state *sp = b ? &s : &d, *tsp = NULL;
	int pred = is_branch_taken(&d, sp, op, is_jmp32, false, false);
	int i, j, nb = b ? b->nr : 1;

	assert_true(pred >= -1 && pred <= 1);
	if (pred < 0) {
		jmp_undecided++;
		td = d;
		ts = s;
		tsp = b ? &ts : &td;
		reg_set_min_max(&td, tsp, &d, sp, op, is_jmp32);
	}
	for (i = 0; i < a->nr; i++)
		for (j = 0; j < nb; j++, jmp_checks++) {
			u64 x = a->members[i], y = b ? b->members[j] : x;
			bool t = cond_holds(op, is_jmp32, x, y);

			if (pred >= 0) {
				if (pred != t)
					fail_msg("op %#x%s: %#llx vs %#llx decided %d wrongly", op,
						 is_jmp32 ? "(32)" : "", (unsigned long long)x,
						 (unsigned long long)y, pred);
				continue;
			}
			if (t ? (!reg_contains(&td, x) || !reg_contains(tsp, y)) :
				(!reg_contains(&d, x) || !reg_contains(sp, y)))
				fail_msg("op %#x%s: pair %#llx, %#llx lost from the %s branch", op,
					 is_jmp32 ? "(32)" : "", (unsigned long long)x,
					 (unsigned long long)y, t ? "true" : "false");
		}
}

static void test_jmp_sound(void **state)
{
	size_t o;
	int i, j, c;

	make_states();
	jmp_checks = jmp_undecided = 0;
	for (c = 0; c < 2; c++)
		for (o = 0; o < sizeof(jops); o++)
			for (i = 0; i < nr_states; i++) {
				check_jmp(jops[o], c, &states[i], NULL);
				for (j = 0; j < nr_states; j++)
					check_jmp(jops[o], c, &states[i], &states[j]);
			}
	print_message("jumps: %lu concrete checks, %lu undecided jumps refined\n", jmp_checks,
		      jmp_undecided);
	assert_true(jmp_checks > 1000000);
	assert_true(jmp_undecided > 100000);
}

/* ---- precision: states the running kernel printed for the same instructions ---- */

static struct bpf_reg_state regs[MAX_BPF_REG];

static const char *fmt(const struct bpf_reg_state *r)
{
	static char buf[320];

	scalar_snprint(buf, sizeof(buf), r);
	return buf;
}

static void load_u32(int r)
{
	reg_mark_unknown(&regs[r], false);
	coerce_reg_to_size(&regs[r], 4);
}

static void alu(u8 code, int dst, int src, s16 off, s32 imm)
{
	struct hive_insn in = {
		.code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm
	};

	assert_int_equal(scalar_alu_insn(&in, regs, false, NULL), 0);
}

/* "if rD op imm": returns the prediction; regs[] becomes the false branch, *t the true. */
static int jmp_k(u8 op, bool jmp32, int dst, s32 imm, struct bpf_reg_state *t)
{
	struct bpf_reg_state k, tk;
	int pred;

	reg_mark_unknown(&k, false);
	reg_mark_known(&k, (u64)(s64)imm);
	pred = is_branch_taken(&regs[dst], &k, op, jmp32, false, false);
	if (pred < 0) {
		*t = regs[dst];
		tk = k;
		reg_set_min_max(t, &tk, &regs[dst], &k, op, jmp32);
	}
	return pred;
}

static void test_kernel_states(void **state)
{
	struct bpf_reg_state t;

	load_u32(2);
	assert_string_equal(fmt(&regs[2]),
			    "scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))");
	alu(BPF_ALU64 | BPF_AND | BPF_K, 2, 0, 0, 255);
	assert_string_equal(
		fmt(&regs[2]),
		"scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))");
	alu(BPF_ALU64 | BPF_LSH | BPF_K, 2, 0, 0, 32);
	assert_string_equal(
		fmt(&regs[2]),
		"scalar(smin=smin32=0,smax=umax=0xff00000000,smax32=umax32=0,var_off=(0x0; 0xff00000000))");
	alu(BPF_ALU | BPF_END | BPF_TO_LE, 2, 0, 0, 64);
	assert_string_equal(
		fmt(&regs[2]),
		"scalar(smin=smin32=0,smax=umax=0xff00000000,smax32=umax32=0,var_off=(0x0; 0xff00000000))");
	alu(BPF_ALU | BPF_END | BPF_TO_BE, 2, 0, 0, 64);
	assert_string_equal(
		fmt(&regs[2]),
		"scalar(smin=0,smax=umax=umax32=0xff000000,smax32=0x7f000000,var_off=(0x0; 0xff000000))");
	alu(BPF_ALU | BPF_END | BPF_TO_BE, 2, 0, 0, 16);
	assert_string_equal(fmt(&regs[2]), "0");

	load_u32(3);
	alu(BPF_ALU64 | BPF_AND | BPF_K, 3, 0, 0, 511);
	alu(BPF_ALU64 | BPF_END | BPF_TO_LE, 3, 0, 0, 16);
	assert_string_equal(
		fmt(&regs[3]),
		"scalar(smin=smin32=0,smax=umax=smax32=umax32=0xff01,var_off=(0x0; 0xff01))");
	alu(BPF_ALU64 | BPF_END | BPF_TO_LE, 3, 0, 0, 32);
	assert_string_equal(
		fmt(&regs[3]),
		"scalar(smin=smin32=0,smax=umax=smax32=umax32=0x1ff0000,var_off=(0x0; 0x1ff0000))");

	/* 6.18's tnum_mul: {1,3} * 3 has var_off (0x1; 0xa). */
	load_u32(4);
	alu(BPF_ALU64 | BPF_AND | BPF_K, 4, 0, 0, 2);
	alu(BPF_ALU64 | BPF_OR | BPF_K, 4, 0, 0, 1);
	assert_string_equal(
		fmt(&regs[4]),
		"scalar(smin=umin=smin32=umin32=1,smax=umax=smax32=umax32=3,var_off=(0x1; 0x2))");
	alu(BPF_ALU64 | BPF_MUL | BPF_K, 4, 0, 0, 3);
	assert_string_equal(
		fmt(&regs[4]),
		"scalar(smin=umin=smin32=umin32=3,smax=umax=smax32=umax32=9,var_off=(0x1; 0xa))");

	/* Division is not tracked, and an unknown ALU32 result is not zero-extended. */
	load_u32(5);
	alu(BPF_ALU | BPF_DIV | BPF_K, 5, 0, 0, 7);
	assert_string_equal(fmt(&regs[5]), "scalar()");

	/* Jumps: if r2 > 100; if r2 & 1; if w2 & 2. JSET false forgets the ranges. */
	load_u32(2);
	assert_int_equal(jmp_k(BPF_JGT, false, 2, 100, &t), -1);
	assert_string_equal(
		fmt(&regs[2]),
		"scalar(smin=smin32=0,smax=umax=smax32=umax32=100,var_off=(0x0; 0x7f))");
	assert_int_equal(jmp_k(BPF_JSET, false, 2, 1, &t), -1);
	assert_string_equal(
		fmt(&regs[2]),
		"scalar(smin=smin32=0,smax=umax=smax32=umax32=126,var_off=(0x0; 0x7e))");
	assert_string_equal(
		fmt(&t),
		"scalar(smin=umin=smin32=umin32=1,smax=umax=smax32=umax32=100,var_off=(0x1; 0x7e))");
	assert_int_equal(jmp_k(BPF_JSET, true, 2, 2, &t), -1);
	assert_string_equal(
		fmt(&regs[2]),
		"scalar(smin=smin32=0,smax=umax=smax32=umax32=124,var_off=(0x0; 0x7c))");
	assert_string_equal(
		fmt(&t),
		"scalar(smin=umin=smin32=umin32=2,smax=umax=smax32=umax32=126,var_off=(0x2; 0x7c))");

	load_u32(8);
	assert_int_equal(jmp_k(BPF_JSLT, false, 8, 0x8000, &t), -1);
	assert_string_equal(
		fmt(&regs[8]),
		"scalar(smin=umin=umin32=0x8000,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))");
	load_u32(6);
	assert_int_equal(jmp_k(BPF_JSLT, true, 6, 0xf0f0f0f, &t), -1);
	assert_string_equal(
		fmt(&regs[6]),
		"scalar(smin=umin=smin32=umin32=0xf0f0f0f,smax=umax=umax32=0x7fffffff,var_off=(0x0; 0x7fffffff))");
	reg_mark_unknown(&regs[2], false);
	assert_int_equal(jmp_k(BPF_JSLE, true, 2, 1, &t), -1);
	assert_string_equal(
		fmt(&regs[2]),
		"scalar(smin=0x8000000000000002,smax=0x7fffffff7fffffff,umin=smin32=umin32=2,umax=0xffffffff7fffffff,umax32=0x7fffffff,var_off=(0x0; 0xffffffff7fffffff))");

	/* r9 = (s32)r7 of an unknown u32; w4 = -w4 of -128; r9 <<= 44. */
	load_u32(7);
	alu(BPF_ALU64 | BPF_MOV | BPF_X, 9, 7, 32, 0);
	assert_string_equal(fmt(&regs[9]), "scalar(smin=0xffffffff80000000,smax=0x7fffffff)");
	alu(BPF_ALU64 | BPF_MOV | BPF_K, 4, 0, 0, -128);
	alu(BPF_ALU | BPF_NEG, 4, 0, 0, 0);
	assert_string_equal(fmt(&regs[4]), "128");
	load_u32(9);
	alu(BPF_ALU64 | BPF_LSH | BPF_K, 9, 0, 0, 44);
	assert_string_equal(
		fmt(&regs[9]),
		"scalar(smax=0x7ffff00000000000,umax=0xfffff00000000000,smin32=0,smax32=umax32=0,var_off=(0x0; 0xfffff00000000000))");

	/* "if r2 > r2": the same register on both sides is refined by both halves. */
	load_u32(2);
	alu(BPF_ALU64 | BPF_AND | BPF_K, 2, 0, 0, 255);
	assert_int_equal(is_branch_taken(&regs[2], &regs[2], BPF_JGT, false, false, false), -1);
	t = regs[2];
	reg_set_min_max(&t, &t, &regs[2], &regs[2], BPF_JGT, false);
	assert_string_equal(
		fmt(&t),
		"scalar(smin=umin=smin32=umin32=1,smax=umax=smax32=umax32=254,var_off=(0x0; 0xff))");
}

static void test_fork(void **state)
{
	struct bpf_reg_state fork;
	struct hive_insn and = { .code = BPF_ALU64 | BPF_AND | BPF_K, .dst_reg = 2, .imm = 0x10 };

	/* r2 in [-1, 0] (r2 s>>= 63 of an unknown): AND with a constant forks. */
	reg_mark_unknown(&regs[2], false);
	alu(BPF_ALU64 | BPF_ARSH | BPF_K, 2, 0, 0, 63);
	assert_string_equal(fmt(&regs[2]), "scalar(smin=smin32=-1,smax=smax32=0)");
	assert_int_equal(scalar_alu_insn(&and, regs, false, &fork), SCALAR_ALU_FORK);
	assert_string_equal(fmt(&regs[2]), "16");
	assert_string_equal(fmt(&fork), "0");
}

/* ---- printing ---- */

static void test_print(void **state)
{
	struct bpf_reg_state r;
	char buf[200];
	struct vlog_buf b;

	reg_mark_unknown(&r, false);
	assert_string_equal(fmt(&r), "scalar()");
	r.id = 3;
	assert_string_equal(fmt(&r), "scalar(id=3)");
	r.id = 3 | BPF_ADD_CONST;
	r.off = -5;
	r.smin_value = -5;
	r.s32_min_value = -5;
	r.smax_value = 10;
	r.s32_max_value = 10;
	assert_string_equal(fmt(&r), "scalar(id=3-5,smin=smin32=-5,smax=smax32=10)");
	r.id = 0;
	r.umax_value = 0x1234;
	r.var_off = TNUM(0, 0xffffffffffff3fffULL);
	assert_string_equal(
		fmt(&r),
		"scalar(smin=smin32=-5,smax=smax32=10,umax=4660,var_off=(0x0; 0xffffffffffff3fff))");
	/* An s32 bound in hex is not sign-extended; a negative bound never joins a positive. */
	reg_mark_unknown(&r, false);
	r.s32_min_value = (s32)0x80000010;
	r.u32_min_value = 16;
	r.smin_value = 16;
	assert_string_equal(fmt(&r), "scalar(smin=umin32=16,smin32=0x80000010)");
	reg_mark_unknown(&r, false);
	r.smax_value = -1;
	r.s32_max_value = -1;
	r.umax_value = (u64)-1 - 1;
	assert_string_equal(fmt(&r), "scalar(smax=smax32=-1,umax=0xfffffffffffffffe)");
	/* Constants print as numbers, with P when precise. */
	reg_mark_known(&r, (u64)-1);
	assert_string_equal(fmt(&r), "-1");
	reg_mark_known(&r, 0xffffffff);
	assert_string_equal(fmt(&r), "0xffffffff");
	reg_mark_known(&r, (u64)S16_MIN);
	assert_string_equal(fmt(&r), "-32768");
	reg_mark_known(&r, (u64)S16_MIN - 1);
	assert_string_equal(fmt(&r), "0xffffffffffff7fff");
	r.precise = true;
	reg_mark_known(&r, 5);
	assert_string_equal(fmt(&r), "P5");

	/* A register file, as print_verifier_state lists it, NOT_INIT left out. */
	for (int i = 0; i < MAX_BPF_REG; i++)
		reg_mark_not_init(&regs[i]);
	reg_mark_known(&regs[0], 0);
	regs[0].type = SCALAR_VALUE;
	load_u32(2);
	vlog_init(&b, buf, sizeof(buf));
	print_verifier_regs(&b, regs, ~0U, NULL, NULL);
	assert_string_equal(
		buf, " R0=0 R2=scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))");
	/* The buffer never overflows and counts what did not fit. */
	vlog_init(&b, buf, 8);
	print_verifier_regs(&b, regs, 1U << 2, NULL, NULL);
	assert_string_equal(buf, " R2=sca");
	assert_int_equal(
		b.len, strlen(" R2=scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))"));
}

static void test_bounds_helpers(void **state)
{
	struct bpf_reg_state r;
	const char *msg;

	/* coerce to 1 byte, sign-extension of a constant and of a small range. */
	reg_mark_unknown(&r, false);
	coerce_reg_to_size(&r, 1);
	assert_string_equal(
		fmt(&r), "scalar(smin=smin32=0,smax=umax=smax32=umax32=255,var_off=(0x0; 0xff))");
	reg_mark_known(&r, 0x80);
	coerce_reg_to_size_sx(&r, 1);
	assert_string_equal(fmt(&r), "-128");
	reg_mark_unknown(&r, false);
	r.var_off = TNUM(0, 0x7f);
	reg_bounds_sync(&r);
	coerce_reg_to_size_sx(&r, 1);
	assert_string_equal(
		fmt(&r), "scalar(smin=smin32=0,smax=umax=smax32=umax32=127,var_off=(0x0; 0x7f))");
	/* tnum and u64 range with one value in common: the register is that constant. */
	reg_mark_unknown(&r, false);
	r.var_off = TNUM(0x10, 0x100);
	r.umin_value = 0x11;
	r.umax_value = 0x200;
	reg_bounds_sync(&r);
	assert_string_equal(fmt(&r), "272");
	/* Invariant check. */
	reg_mark_unknown(&r, false);
	assert_false(reg_bounds_invalid(&r, &msg));
	r.umin_value = 5;
	r.umax_value = 4;
	assert_true(reg_bounds_invalid(&r, &msg));
	assert_string_equal(msg, "range bounds violation");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_alu_sound),      cmocka_unit_test(test_alu_unary_sound),
		cmocka_unit_test(test_jmp_sound),      cmocka_unit_test(test_kernel_states),
		cmocka_unit_test(test_fork),	       cmocka_unit_test(test_print),
		cmocka_unit_test(test_bounds_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
