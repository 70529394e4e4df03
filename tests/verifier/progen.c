// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/verifier/progen.c: random programs built from verifier-exercising snippets (progen.h).
 *
 * Register discipline, so that most programs are valid and reach deep into the verifier:
 * r6 holds the context throughout, r7..r9 hold scalars (r9 is the loop counter inside a loop),
 * r0..r5 are scratch and die at every call. Each snippet keeps that discipline unless it makes
 * one of its deliberate mistakes.
 */
#include <errno.h>
#include <string.h>

#include "common/uapi.h"
#include "progen.h"

const struct progen_map progen_maps[PROGEN_NR_MAPS] = {
	[PROGEN_MAP_ARRAY] = { "arr", BPF_MAP_TYPE_ARRAY, 4, 64, 4 },
	[PROGEN_MAP_HASH] = { "hash", BPF_MAP_TYPE_HASH, 4, 16, 16 },
	[PROGEN_MAP_RINGBUF] = { "rb", BPF_MAP_TYPE_RINGBUF, 0, 0, 4096 },
	[PROGEN_MAP_PROG_ARRAY] = { "progs", BPF_MAP_TYPE_PROG_ARRAY, 4, 4, 4 },
	[PROGEN_MAP_PERCPU] = { "pcpu", BPF_MAP_TYPE_PERCPU_ARRAY, 4, 32, 2 },
};

#define MAX_SUBPROGS 8
#define MAX_FIXUPS 64

struct fixup {
	uint32_t insn; /* call or ld_imm64 */
	int subprog;
};

struct gen {
	uint64_t rng;
	uint32_t prog_type;
	struct hive_insn *insns;
	uint32_t cnt;
	bool overflow;
	int mistake_permille;
	int depth; /* nesting of blocks */
	bool in_loop; /* r9 is the loop counter */
	bool in_sub; /* generating a subprogram or callback body */
	int nr_subprogs;
	bool sub_is_cb[MAX_SUBPROGS];
	struct fixup fixups[MAX_FIXUPS];
	int nr_fixups;
	bool no_subprogs;
};

static uint64_t rnd(struct gen *g)
{
	/* splitmix64 */
	uint64_t z = (g->rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint32_t rn(struct gen *g, uint32_t n)
{
	return n ? (uint32_t)(rnd(g) % n) : 0;
}

static bool chance(struct gen *g, int permille)
{
	return (int)rn(g, 1000) < permille;
}

static bool mistake(struct gen *g)
{
	return chance(g, g->mistake_permille);
}

static void emit(struct gen *g, uint8_t code, uint8_t dst, uint8_t src, int16_t off, int32_t imm)
{
	struct hive_insn *i;

	if (g->cnt >= PROGEN_MAX_INSNS - 4) {
		g->overflow = true;
		return;
	}
	i = &g->insns[g->cnt++];
	i->code = code;
	i->dst_reg = dst & 0xf;
	i->src_reg = src & 0xf;
	i->off = off;
	i->imm = imm;
}

static void ld_imm64(struct gen *g, uint8_t dst, uint8_t src, int32_t lo, int32_t hi)
{
	emit(g, BPF_LD | BPF_IMM | BPF_DW, dst, src, 0, lo);
	emit(g, 0, 0, 0, 0, hi);
}

static void mov_imm(struct gen *g, uint8_t dst, int32_t imm)
{
	emit(g, BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, imm);
}

static void mov_reg(struct gen *g, uint8_t dst, uint8_t src)
{
	emit(g, BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0);
}

static void add_imm(struct gen *g, uint8_t dst, int32_t imm)
{
	emit(g, BPF_ALU64 | BPF_ADD | BPF_K, dst, 0, 0, imm);
}

static void call_helper(struct gen *g, int32_t id)
{
	emit(g, BPF_JMP | BPF_CALL, 0, 0, 0, id);
}

static void exit_insn(struct gen *g)
{
	emit(g, BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
}

static const uint8_t sizes[4] = { BPF_B, BPF_H, BPF_W, BPF_DW };
static const int size_bytes[4] = { 1, 2, 4, 8 };

/* A scalar register of the discipline (r7..r9, not the loop counter). */
static uint8_t scalar_reg(struct gen *g)
{
	if (g->in_loop)
		return (uint8_t)(7 + rn(g, 2));
	return (uint8_t)(7 + rn(g, 3));
}

static int32_t interesting_imm(struct gen *g)
{
	static const int32_t vals[] = { 0,	1,	-1,	2,	    3,
					7,	8,	15,	16,	    31,
					32,	63,	64,	255,	    256,
					0x7fff, 0x8000, 0xffff, 0x7fffffff, (int32_t)0x80000000,
					-8,	-16,	-64,	1000,	    4096 };

	if (chance(g, 300))
		return (int32_t)rnd(g);
	return vals[rn(g, sizeof(vals) / sizeof(vals[0]))];
}

/* ---- snippets ---- */

static void gen_block(struct gen *g, int n);

static void snip_alu(struct gen *g)
{
	static const uint8_t ops[] = { BPF_ADD,	 BPF_SUB, BPF_MUL, BPF_DIV, BPF_MOD,
				       BPF_OR,	 BPF_AND, BPF_XOR, BPF_LSH, BPF_RSH,
				       BPF_ARSH, BPF_MOV, BPF_NEG, BPF_END };
	uint8_t cls = chance(g, 500) ? BPF_ALU64 : BPF_ALU;
	uint8_t op = ops[rn(g, sizeof(ops))];
	uint8_t dst = scalar_reg(g), src = scalar_reg(g);
	bool is_x = chance(g, 400);
	int32_t imm = interesting_imm(g);
	int16_t off = 0;

	if (op == BPF_NEG) {
		emit(g, cls | BPF_NEG | BPF_K, dst, 0, 0, 0);
		return;
	}
	if (op == BPF_END) {
		static const int32_t w[] = { 16, 32, 64 };

		if (cls == BPF_ALU64)
			emit(g, BPF_ALU64 | BPF_END | BPF_K, dst, 0, 0, w[rn(g, 3)]);
		else
			emit(g, BPF_ALU | BPF_END | (chance(g, 500) ? BPF_X : BPF_K), dst, 0, 0,
			     w[rn(g, 3)]);
		return;
	}
	if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) {
		if (!is_x)
			imm = (int32_t)rn(g, cls == BPF_ALU64 ? 64 : 32);
		if (!is_x && mistake(g))
			imm = 64 + (int32_t)rn(g, 10); /* invalid shift */
	}
	if ((op == BPF_DIV || op == BPF_MOD) && !is_x && imm == 0 && !mistake(g))
		imm = 3;
	if ((op == BPF_DIV || op == BPF_MOD) && chance(g, 200))
		off = 1; /* sdiv/smod */
	if (op == BPF_MOV && is_x && chance(g, 200)) {
		static const int16_t sx[] = { 8, 16, 32 };

		off = sx[rn(g, cls == BPF_ALU64 ? 3 : 2)];
	}
	emit(g, cls | op | (is_x ? BPF_X : BPF_K), dst, is_x ? src : 0, off, is_x ? 0 : imm);
}

static void snip_stack(struct gen *g)
{
	int si = (int)rn(g, 4), sz = size_bytes[si];
	int16_t off = (int16_t)(-8 * (1 + (int)rn(g, 16)));

	if (sz < 8 && chance(g, 300))
		off += (int16_t)(sz * (int)rn(g, (uint32_t)(8 / sz)));
	if (mistake(g))
		off = (int16_t)(chance(g, 500) ? -520 : 8); /* out of the frame */
	switch (rn(g, 4)) {
	case 0: /* store a register */
		emit(g, BPF_STX | BPF_MEM | sizes[si], BPF_REG_10, scalar_reg(g), off, 0);
		break;
	case 1: /* store an immediate */
		emit(g, BPF_ST | BPF_MEM | sizes[si], BPF_REG_10, 0, off, interesting_imm(g));
		break;
	case 2: /* load, possibly sign extending */
		if (si < 3 && chance(g, 200))
			emit(g, BPF_LDX | BPF_MEMSX | sizes[si], scalar_reg(g), BPF_REG_10, off, 0);
		else
			emit(g, BPF_LDX | BPF_MEM | sizes[si], scalar_reg(g), BPF_REG_10, off, 0);
		break;
	case 3: { /* variable offset within [-64, -8] */
		uint8_t s = scalar_reg(g);

		emit(g, BPF_STX | BPF_MEM | BPF_DW, BPF_REG_10, s, -64, 0);
		emit(g, BPF_STX | BPF_MEM | BPF_DW, BPF_REG_10, s, -56, 0);
		emit(g, BPF_STX | BPF_MEM | BPF_DW, BPF_REG_10, s, -48, 0);
		mov_reg(g, BPF_REG_2, scalar_reg(g));
		emit(g, BPF_ALU64 | BPF_AND | BPF_K, BPF_REG_2, 0, 0, mistake(g) ? 63 : 15);
		mov_reg(g, BPF_REG_1, BPF_REG_10);
		add_imm(g, BPF_REG_1, -64);
		emit(g, BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_1, BPF_REG_2, 0, 0);
		if (chance(g, 500))
			emit(g, BPF_LDX | BPF_MEM | sizes[si], scalar_reg(g), BPF_REG_1, 0, 0);
		else
			emit(g, BPF_STX | BPF_MEM | sizes[si], BPF_REG_1, scalar_reg(g), 0, 0);
		break;
	}
	}
}

/* Offsets of 4-byte scalar fields of the context readable by this program type. */
static int ctx_scalar_off(struct gen *g)
{
	static const int skb[] = { 0,  4,  8,  12, 16, 20, 24, 28, 32,
				   36, 40, 44, 48, 52, 56, 60, 64, 68 };
	static const int xdp[] = { 12, 16 };

	if (g->prog_type == BPF_PROG_TYPE_XDP)
		return xdp[rn(g, 2)];
	return skb[rn(g, sizeof(skb) / sizeof(skb[0]))];
}

static void snip_ctx(struct gen *g)
{
	int off = ctx_scalar_off(g);
	uint8_t size = BPF_W;

	if (mistake(g)) {
		off += 1 + (int)rn(g, 3); /* misaligned or bad field */
	} else if (chance(g, 150) && g->prog_type != BPF_PROG_TYPE_XDP) {
		/* narrower loads of a field */
		size = chance(g, 500) ? BPF_B : BPF_H;
	}
	if (chance(g, 150) && g->prog_type != BPF_PROG_TYPE_XDP) {
		/* cb[] is writable by socket filters and tc */
		emit(g, BPF_STX | BPF_MEM | BPF_W, BPF_REG_6, scalar_reg(g),
		     (int16_t)(48 + 4 * (int)rn(g, 5)), 0);
		return;
	}
	emit(g, BPF_LDX | BPF_MEM | size, scalar_reg(g), g->in_sub ? BPF_REG_1 : BPF_REG_6,
	     (int16_t)off, 0);
}

static void map_lookup(struct gen *g, int map, bool var_key)
{
	if (var_key)
		emit(g, BPF_STX | BPF_MEM | BPF_W, BPF_REG_10, scalar_reg(g), -4, 0);
	else
		emit(g, BPF_ST | BPF_MEM | BPF_W, BPF_REG_10, 0, -4, (int32_t)rn(g, 6));
	ld_imm64(g, BPF_REG_1, BPF_PSEUDO_MAP_IDX, map, 0);
	mov_reg(g, BPF_REG_2, BPF_REG_10);
	add_imm(g, BPF_REG_2, -4);
	call_helper(g, 1); /* map_lookup_elem */
}

static void snip_map(struct gen *g)
{
	int map = (int)rn(g, 3);
	uint32_t vs;
	uint32_t jmp;
	int si = (int)rn(g, 4), sz = size_bytes[si];

	map = map == 2 ? PROGEN_MAP_PERCPU : map;
	vs = progen_maps[map].value_size;
	if (map == PROGEN_MAP_HASH && chance(g, 300)) {
		/* update: key and value on the stack */
		emit(g, BPF_STX | BPF_MEM | BPF_W, BPF_REG_10, scalar_reg(g), -4, 0);
		emit(g, BPF_STX | BPF_MEM | BPF_DW, BPF_REG_10, scalar_reg(g), -24, 0);
		if (!mistake(g))
			emit(g, BPF_STX | BPF_MEM | BPF_DW, BPF_REG_10, scalar_reg(g), -16, 0);
		ld_imm64(g, BPF_REG_1, BPF_PSEUDO_MAP_IDX, map, 0);
		mov_reg(g, BPF_REG_2, BPF_REG_10);
		add_imm(g, BPF_REG_2, -4);
		mov_reg(g, BPF_REG_3, BPF_REG_10);
		add_imm(g, BPF_REG_3, -24);
		mov_imm(g, BPF_REG_4, 0);
		call_helper(g, 2);
		return;
	}
	map_lookup(g, map, chance(g, 300));
	jmp = g->cnt;
	if (!mistake(g))
		emit(g, BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_0, 0, 0, 0);
	else
		jmp = UINT32_MAX;
	switch (rn(g, 4)) {
	case 0: { /* fixed offset load */
		int off = (int)rn(g, vs - (uint32_t)sz + 1);

		if (mistake(g))
			off = (int)vs - sz + 1 + (int)rn(g, 4);
		emit(g, BPF_LDX | BPF_MEM | sizes[si], scalar_reg(g), BPF_REG_0, (int16_t)off, 0);
		break;
	}
	case 1: { /* fixed offset store */
		int off = (int)rn(g, vs - (uint32_t)sz + 1);

		if (chance(g, 500))
			emit(g, BPF_STX | BPF_MEM | sizes[si], BPF_REG_0, scalar_reg(g),
			     (int16_t)off, 0);
		else
			emit(g, BPF_ST | BPF_MEM | sizes[si], BPF_REG_0, 0, (int16_t)off,
			     interesting_imm(g));
		break;
	}
	case 2: { /* variable offset, bounded by a mask or by a comparison */
		uint8_t s = scalar_reg(g);

		mov_reg(g, BPF_REG_1, s);
		if (chance(g, 500)) {
			emit(g, BPF_ALU64 | BPF_AND | BPF_K, BPF_REG_1, 0, 0,
			     mistake(g) ? (int32_t)vs : (int32_t)(vs / 2 - 1));
		} else {
			/* if r1 > bound goto +2 (over the add and the access) */
			emit(g, BPF_JMP | (chance(g, 500) ? BPF_JGT : BPF_JSGT) | BPF_K, BPF_REG_1,
			     0, 2, mistake(g) ? (int32_t)vs : (int32_t)(vs - 8));
		}
		emit(g, BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_0, BPF_REG_1, 0, 0);
		emit(g, BPF_LDX | BPF_MEM | sizes[si], scalar_reg(g), BPF_REG_0, 0, 0);
		break;
	}
	case 3: { /* atomic on the value */
		static const int32_t aops[] = {
			BPF_ADD, BPF_OR, BPF_AND, BPF_XOR, BPF_ADD | BPF_FETCH, BPF_XCHG
		};
		int32_t aop = aops[rn(g, 6)];
		uint8_t s = scalar_reg(g);

		if (chance(g, 200)) {
			mov_reg(g, BPF_REG_1, BPF_REG_0);
			mov_reg(g, BPF_REG_0, s);
			emit(g, BPF_STX | BPF_ATOMIC | BPF_DW, BPF_REG_1, s, 8, BPF_CMPXCHG);
			mov_reg(g, s, BPF_REG_0);
			break;
		}
		if (aop & BPF_FETCH) {
			/* fetch writes the old value into the source register */
			mov_reg(g, BPF_REG_2, s);
			emit(g, BPF_STX | BPF_ATOMIC | (chance(g, 500) ? BPF_DW : BPF_W), BPF_REG_0,
			     BPF_REG_2, 8, aop);
			mov_reg(g, s, BPF_REG_2);
		} else {
			emit(g, BPF_STX | BPF_ATOMIC | (chance(g, 500) ? BPF_DW : BPF_W), BPF_REG_0,
			     s, mistake(g) ? 6 : 8, aop);
		}
		break;
	}
	}
	if (jmp != UINT32_MAX)
		g->insns[jmp].off = (int16_t)(g->cnt - jmp - 1);
}

static void snip_packet(struct gen *g)
{
	uint32_t k = 1 + rn(g, 64), jmp;
	int si = (int)rn(g, 4), sz = size_bytes[si];
	int off;

	if (g->prog_type == BPF_PROG_TYPE_SOCKET_FILTER) {
		/* LD_ABS/LD_IND: skb in r6 */
		if (chance(g, 500))
			emit(g, BPF_LD | BPF_ABS | sizes[rn(g, 3)], 0, 0, 0, (int32_t)rn(g, 64));
		else
			emit(g, BPF_LD | BPF_IND | sizes[rn(g, 3)], 0, scalar_reg(g), 0,
			     (int32_t)rn(g, 16));
		mov_reg(g, scalar_reg(g), BPF_REG_0);
		return;
	}
	if (g->prog_type == BPF_PROG_TYPE_XDP) {
		emit(g, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_6, 0, 0);
		emit(g, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_3, BPF_REG_6, 4, 0);
	} else {
		emit(g, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_2, BPF_REG_6, 76, 0);
		emit(g, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_3, BPF_REG_6, 80, 0);
	}
	if (chance(g, 300)) {
		/* variable offset into the packet */
		mov_reg(g, BPF_REG_5, scalar_reg(g));
		emit(g, BPF_ALU64 | BPF_AND | BPF_K, BPF_REG_5, 0, 0, 15);
		emit(g, BPF_ALU64 | BPF_ADD | BPF_X, BPF_REG_2, BPF_REG_5, 0, 0);
	}
	mov_reg(g, BPF_REG_4, BPF_REG_2);
	add_imm(g, BPF_REG_4, (int32_t)k);
	jmp = g->cnt;
	switch (rn(g, 3)) {
	case 0:
		emit(g, BPF_JMP | BPF_JGT | BPF_X, BPF_REG_4, BPF_REG_3, 0, 0);
		break;
	case 1:
		emit(g, BPF_JMP | BPF_JLE | BPF_X, BPF_REG_3, BPF_REG_4, 0, 0);
		break;
	default:
		emit(g, BPF_JMP32 | BPF_JGT | BPF_X, BPF_REG_4, BPF_REG_3, 0, 0);
		break;
	}
	off = (int)rn(g, k) - (sz - 1);
	if (off < 0)
		off = 0;
	if (mistake(g))
		off = (int)k;
	if (chance(g, 300) && g->prog_type == BPF_PROG_TYPE_XDP)
		emit(g, BPF_STX | BPF_MEM | sizes[si], BPF_REG_2, scalar_reg(g), (int16_t)off, 0);
	else
		emit(g, BPF_LDX | BPF_MEM | sizes[si], scalar_reg(g), BPF_REG_2, (int16_t)off, 0);
	g->insns[jmp].off = (int16_t)(g->cnt - jmp - 1);
}

static void snip_branch(struct gen *g)
{
	static const uint8_t jops[] = { BPF_JEQ,  BPF_JNE,  BPF_JGT,  BPF_JGE,	BPF_JLT, BPF_JLE,
					BPF_JSGT, BPF_JSGE, BPF_JSLT, BPF_JSLE, BPF_JSET };
	uint8_t cls = chance(g, 300) ? BPF_JMP32 : BPF_JMP, op = jops[rn(g, sizeof(jops))];
	bool is_x = chance(g, 300);
	uint32_t jmp = g->cnt;

	emit(g, cls | op | (is_x ? BPF_X : BPF_K), scalar_reg(g), is_x ? scalar_reg(g) : 0, 0,
	     is_x ? 0 : interesting_imm(g));
	g->depth++;
	gen_block(g, 1 + (int)rn(g, 2));
	g->depth--;
	if (chance(g, 300)) {
		/* if/else: the then-part jumps over the else-part */
		uint32_t ja = g->cnt;

		emit(g, BPF_JMP | BPF_JA, 0, 0, 0, 0);
		g->insns[jmp].off = (int16_t)(g->cnt - jmp - 1);
		g->depth++;
		gen_block(g, 1);
		g->depth--;
		g->insns[ja].off = (int16_t)(g->cnt - ja - 1);
		return;
	}
	g->insns[jmp].off = (int16_t)(g->cnt - jmp - 1);
}

static void snip_loop(struct gen *g)
{
	uint32_t head;
	int32_t n = 1 + (int32_t)rn(g, 24);
	bool was = g->in_loop;

	if (g->in_loop) {
		snip_alu(g);
		return;
	}
	mov_imm(g, BPF_REG_9, 0);
	head = g->cnt;
	g->in_loop = true;
	g->depth++;
	gen_block(g, 1 + (int)rn(g, 2));
	g->depth--;
	g->in_loop = was;
	if (!mistake(g))
		add_imm(g, BPF_REG_9, 1);
	emit(g, BPF_JMP | (chance(g, 500) ? BPF_JLT : BPF_JNE) | BPF_K, BPF_REG_9, 0,
	     (int16_t)((int32_t)head - (int32_t)g->cnt - 1), n);
}

static int new_subprog(struct gen *g, bool cb)
{
	if (g->nr_subprogs >= MAX_SUBPROGS || g->nr_fixups >= MAX_FIXUPS)
		return -1;
	g->sub_is_cb[g->nr_subprogs] = cb;
	return g->nr_subprogs++;
}

static void snip_call(struct gen *g)
{
	int sub;

	if (g->no_subprogs || g->in_sub) {
		snip_alu(g);
		return;
	}
	sub = new_subprog(g, false);
	if (sub < 0) {
		snip_alu(g);
		return;
	}
	mov_reg(g, BPF_REG_1, BPF_REG_6);
	mov_reg(g, BPF_REG_2, scalar_reg(g));
	emit(g, BPF_STX | BPF_MEM | BPF_DW, BPF_REG_10, scalar_reg(g), -32, 0);
	mov_reg(g, BPF_REG_3, BPF_REG_10);
	add_imm(g, BPF_REG_3, -32);
	g->fixups[g->nr_fixups++] = (struct fixup){ g->cnt, sub };
	emit(g, BPF_JMP | BPF_CALL, 0, BPF_PSEUDO_CALL, 0, 0);
	if (!mistake(g))
		mov_reg(g, scalar_reg(g), BPF_REG_0);
	else
		mov_reg(g, scalar_reg(g), BPF_REG_3); /* r3 died at the call */
}

static void snip_bpf_loop(struct gen *g)
{
	int sub;

	if (g->no_subprogs || g->in_sub) {
		snip_alu(g);
		return;
	}
	sub = new_subprog(g, true);
	if (sub < 0) {
		snip_alu(g);
		return;
	}
	emit(g, BPF_STX | BPF_MEM | BPF_DW, BPF_REG_10, scalar_reg(g), -40, 0);
	if (chance(g, 300)) {
		mov_reg(g, BPF_REG_1, scalar_reg(g));
		emit(g, BPF_ALU64 | BPF_AND | BPF_K, BPF_REG_1, 0, 0, 7);
	} else {
		mov_imm(g, BPF_REG_1, 1 + (int32_t)rn(g, 10));
	}
	g->fixups[g->nr_fixups++] = (struct fixup){ g->cnt, sub };
	ld_imm64(g, BPF_REG_2, BPF_PSEUDO_FUNC, 0, 0);
	mov_reg(g, BPF_REG_3, BPF_REG_10);
	add_imm(g, BPF_REG_3, -40);
	mov_imm(g, BPF_REG_4, mistake(g) ? 1 : 0);
	call_helper(g, 181); /* bpf_loop */
	mov_reg(g, scalar_reg(g), BPF_REG_0);
}

static void snip_helper(struct gen *g)
{
	static const int32_t ids[] = { 5, 7, 8 }; /* ktime_get_ns, get_prandom_u32, smp_proc_id */

	call_helper(g, ids[rn(g, 3)]);
	mov_reg(g, scalar_reg(g), BPF_REG_0);
	if (mistake(g))
		mov_reg(g, scalar_reg(g), BPF_REG_1); /* r1 is dead after a call */
}

static void snip_ringbuf(struct gen *g)
{
	uint32_t jmp;
	int32_t size = 8 * (1 + (int32_t)rn(g, 4));

	if (g->prog_type == BPF_PROG_TYPE_SOCKET_FILTER && chance(g, 500)) {
		snip_alu(g);
		return;
	}
	ld_imm64(g, BPF_REG_1, BPF_PSEUDO_MAP_IDX, PROGEN_MAP_RINGBUF, 0);
	mov_imm(g, BPF_REG_2, size);
	mov_imm(g, BPF_REG_3, 0);
	call_helper(g, 131); /* ringbuf_reserve */
	jmp = g->cnt;
	emit(g, BPF_JMP | BPF_JEQ | BPF_K, BPF_REG_0, 0, 0, 0);
	emit(g, BPF_STX | BPF_MEM | BPF_DW, BPF_REG_0, scalar_reg(g),
	     (int16_t)(mistake(g) ? size : 8 * (int)rn(g, (uint32_t)size / 8)), 0);
	if (!mistake(g)) {
		mov_reg(g, BPF_REG_1, BPF_REG_0);
		mov_imm(g, BPF_REG_2, 0);
		call_helper(g, chance(g, 500) ? 132 : 133); /* submit / discard */
	}
	g->insns[jmp].off = (int16_t)(g->cnt - jmp - 1);
}

static void snip_spill(struct gen *g)
{
	int16_t off = (int16_t)(-8 * (1 + (int)rn(g, 12)));

	if (chance(g, 500)) {
		/* spill the context pointer, fill it and read a field through it */
		emit(g, BPF_STX | BPF_MEM | BPF_DW, BPF_REG_10, BPF_REG_6, off, 0);
		emit(g, BPF_LDX | BPF_MEM | (mistake(g) ? BPF_W : BPF_DW), BPF_REG_1, BPF_REG_10,
		     off, 0);
		emit(g, BPF_LDX | BPF_MEM | BPF_W, scalar_reg(g), BPF_REG_1,
		     (int16_t)ctx_scalar_off(g), 0);
		return;
	}
	/* spill a scalar and fill it narrower or at the same width */
	emit(g, BPF_STX | BPF_MEM | BPF_DW, BPF_REG_10, scalar_reg(g), off, 0);
	emit(g, BPF_LDX | BPF_MEM | (chance(g, 500) ? BPF_DW : BPF_W), scalar_reg(g), BPF_REG_10,
	     off, 0);
}

static void snip_tail_call(struct gen *g)
{
	mov_reg(g, BPF_REG_1, BPF_REG_6);
	ld_imm64(g, BPF_REG_2, BPF_PSEUDO_MAP_IDX, PROGEN_MAP_PROG_ARRAY, 0);
	if (chance(g, 500))
		mov_imm(g, BPF_REG_3, (int32_t)rn(g, 5));
	else
		mov_reg(g, BPF_REG_3, scalar_reg(g));
	call_helper(g, 12);
}

static void snip_mistake(struct gen *g)
{
	switch (rn(g, 6)) {
	case 0: /* dereference a scalar */
		emit(g, BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_0, scalar_reg(g), 0, 0);
		break;
	case 1: /* write the frame pointer */
		mov_imm(g, BPF_REG_10, 0);
		break;
	case 2: /* read a never written register */
		mov_reg(g, scalar_reg(g), BPF_REG_5);
		break;
	case 3: /* pointer arithmetic the verifier refuses */
		mov_reg(g, BPF_REG_1, BPF_REG_6);
		emit(g, BPF_ALU64 | BPF_MUL | BPF_K, BPF_REG_1, 0, 0, 2);
		break;
	case 4: /* store to the context beyond its end */
		emit(g, BPF_ST | BPF_MEM | BPF_W, BPF_REG_6, 0, 400, 0);
		break;
	default: /* division by an immediate zero */
		emit(g, BPF_ALU64 | BPF_DIV | BPF_K, scalar_reg(g), 0, 0, 0);
		break;
	}
}

static void gen_snippet(struct gen *g)
{
	uint32_t r = rn(g, 100);
	bool pkt = true;

	if (g->in_sub) {
		/* subprogram bodies: no context in r6, keep them simple */
		if (r < 60)
			snip_alu(g);
		else if (r < 85)
			snip_stack(g);
		else if (r < 95 && g->depth < 2)
			snip_branch(g);
		else
			snip_helper(g);
		return;
	}
	if (r < 22)
		snip_alu(g);
	else if (r < 34)
		snip_stack(g);
	else if (r < 42)
		snip_ctx(g);
	else if (r < 54)
		snip_map(g);
	else if (r < 61 && pkt)
		snip_packet(g);
	else if (r < 70 && g->depth < 3)
		snip_branch(g);
	else if (r < 75 && g->depth < 2)
		snip_loop(g);
	else if (r < 80)
		snip_call(g);
	else if (r < 84)
		snip_bpf_loop(g);
	else if (r < 89)
		snip_helper(g);
	else if (r < 93)
		snip_ringbuf(g);
	else if (r < 97)
		snip_spill(g);
	else if (r < 98)
		snip_tail_call(g);
	else if (chance(g, g->mistake_permille * 5))
		snip_mistake(g);
	else
		snip_alu(g);
}

static void gen_block(struct gen *g, int n)
{
	for (int i = 0; i < n && !g->overflow; i++)
		gen_snippet(g);
}

static void init_scalars(struct gen *g)
{
	emit(g, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_7, BPF_REG_6, (int16_t)ctx_scalar_off(g), 0);
	mov_imm(g, BPF_REG_8, interesting_imm(g));
	call_helper(g, 7); /* get_prandom_u32 */
	mov_reg(g, BPF_REG_9, BPF_REG_0);
}

static void gen_subprog(struct gen *g, int sub)
{
	uint32_t start = g->cnt;

	g->in_sub = true;
	g->in_loop = false;
	g->depth = 0;
	if (g->sub_is_cb[sub]) {
		/* callback_fn(u64 index, void *ctx): ctx points at the caller's fp-40 */
		mov_reg(g, BPF_REG_7, BPF_REG_1);
		emit(g, BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_8, BPF_REG_2, mistake(g) ? 8 : 0, 0);
		mov_imm(g, BPF_REG_9, 0);
		gen_block(g, 1 + (int)rn(g, 3));
		mov_imm(g, BPF_REG_0, mistake(g) ? 2 : (int32_t)rn(g, 2));
	} else {
		/* subprog(ctx, scalar, u64 *fp-32 of the caller) */
		emit(g, BPF_LDX | BPF_MEM | BPF_W, BPF_REG_7, BPF_REG_1, (int16_t)ctx_scalar_off(g),
		     0);
		mov_reg(g, BPF_REG_8, BPF_REG_2);
		emit(g, BPF_LDX | BPF_MEM | BPF_DW, BPF_REG_9, BPF_REG_3, 0, 0);
		gen_block(g, 1 + (int)rn(g, 3));
		mov_reg(g, BPF_REG_0, scalar_reg(g));
	}
	exit_insn(g);
	for (int i = 0; i < g->nr_fixups; i++) {
		struct fixup *f = &g->fixups[i];

		if (f->subprog == sub)
			g->insns[f->insn].imm = (int32_t)start - (int32_t)f->insn - 1;
	}
}

int progen_generate(uint64_t seed, const struct progen_opts *opts, struct progen_prog *out)
{
	static const uint32_t types[] = { BPF_PROG_TYPE_SOCKET_FILTER, BPF_PROG_TYPE_XDP,
					  BPF_PROG_TYPE_SCHED_CLS };
	struct gen g;
	int n;

	memset(&g, 0, sizeof(g));
	g.rng = seed * 0x2545f4914f6cdd1dull + 1;
	g.insns = out->insns;
	g.prog_type = opts && opts->prog_type ? opts->prog_type : types[rn(&g, 3)];
	g.mistake_permille = opts && opts->mistake_permille ? opts->mistake_permille : 40;
	g.no_subprogs = opts && opts->no_subprogs;
	n = opts && opts->max_snippets ? opts->max_snippets : 12;
	out->prog_type = g.prog_type;

	mov_reg(&g, BPF_REG_6, BPF_REG_1);
	init_scalars(&g);
	gen_block(&g, 1 + (int)rn(&g, (uint32_t)n));
	if (chance(&g, g.mistake_permille * 2))
		mov_reg(&g, BPF_REG_0, chance(&g, 500) ? BPF_REG_6 : BPF_REG_7);
	else
		mov_imm(&g, BPF_REG_0, (int32_t)rn(&g, 3));
	exit_insn(&g);
	for (int i = 0; i < g.nr_subprogs; i++)
		gen_subprog(&g, i);
	out->insn_cnt = g.cnt;
	return g.overflow ? -E2BIG : 0;
}

void progen_mutate(uint64_t seed, struct progen_prog *p)
{
	struct gen g;
	int n;

	memset(&g, 0, sizeof(g));
	g.rng = seed * 0x9e3779b97f4a7c15ull + 7;
	n = 1 + (int)rn(&g, 3);
	for (int i = 0; i < n && p->insn_cnt; i++) {
		struct hive_insn *insn = &p->insns[rn(&g, p->insn_cnt)];

		switch (rn(&g, 6)) {
		case 0:
			insn->code = (uint8_t)rnd(&g);
			break;
		case 1:
			insn->dst_reg = (uint8_t)rn(&g, 11);
			break;
		case 2:
			insn->src_reg = (uint8_t)rn(&g, 11);
			break;
		case 3:
			insn->off = (int16_t)(insn->off + (int)rn(&g, 17) - 8);
			break;
		case 4:
			insn->imm = chance(&g, 500) ?
					    (int32_t)((uint32_t)insn->imm + rn(&g, 17) - 8) :
					    (int32_t)rnd(&g);
			break;
		default: {
			struct hive_insn *other = &p->insns[rn(&g, p->insn_cnt)], tmp = *insn;

			*insn = *other;
			*other = tmp;
			break;
		}
		}
	}
}
