// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/unit/test_isa_disasm.c: both disassemblers. The kernel notation is compared with the
 * strings the kernel's verifier log prints for the same encodings; the assembler syntax must
 * assemble back to the same bytes, for every form of the table and for a quarter of a million pseudo-random
 * instruction words (most of them invalid, which exercises `.insn`).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "isa/isa.h"

#define I(c, d, s, o, i)                                                            \
	{                                                                           \
		.code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) \
	}

struct text_case {
	struct hive_insn insn[2];
	const char *kernel;
	const char *asm_text;
};

static const struct text_case text_cases[] = {
	{ { I(0x71, 0, 1, 2, 0) }, "(71) r0 = *(u8 *)(r1 +2)", "ldxb %r0, [%r1+2]" },
	{ { I(0x79, 0, 10, -8, 0) }, "(79) r0 = *(u64 *)(r10 -8)", "ldxdw %r0, [%r10-8]" },
	{ { I(0x91, 3, 1, 0, 0) }, "(91) r3 = *(s8 *)(r1 +0)", "ldxsb %r3, [%r1+0]" },
	{ { I(0x04, 0, 0, 0, 1) }, "(04) w0 += 1", "add32 %r0, 1" },
	{ { I(0x07, 1, 0, 0, -4) }, "(07) r1 += -4", "add %r1, -4" },
	{ { I(0x0f, 1, 2, 0, 0) }, "(0f) r1 += r2", "add %r1, %r2" },
	{ { I(0xb7, 0, 0, 0, 0) }, "(b7) r0 = 0", "mov %r0, 0" },
	{ { I(0xbc, 0, 1, 0, 0) }, "(bc) w0 = w1", "mov32 %r0, %r1" },
	{ { I(0x3f, 0, 1, 1, 0) }, "(3f) r0 s/= r1", "sdiv %r0, %r1" },
	{ { I(0x94, 0, 0, 1, 3) }, "(94) w0 s%= 3", "smod32 %r0, 3" },
	{ { I(0xc7, 0, 0, 0, 3) }, "(c7) r0 s>>= 3", "arsh %r0, 3" },
	{ { I(0x87, 2, 0, 0, 0) }, "(87) r2 = -r2", "neg %r2" },
	{ { I(0x84, 2, 0, 0, 0) }, "(84) w2 = -w2", "neg32 %r2" },
	{ { I(0xdc, 1, 0, 0, 16) }, "(dc) r1 = be16 r1", "be16 %r1" },
	{ { I(0xd4, 1, 0, 0, 64) }, "(d4) r1 = le64 r1", "le64 %r1" },
	{ { I(0xd7, 1, 0, 0, 32) }, "(d7) r1 = bswap32 r1", "bswap32 %r1" },
	{ { I(0xbf, 0, 1, 8, 0) }, "(bf) r0 = (s8)r1", "movsx864 %r0, %r1" },
	{ { I(0xbc, 0, 1, 16, 0) }, "(bc) w0 = (s16)w1", "movsx1632 %r0, %r1" },
	{ { I(0xbf, 0, 1, 1, 1) },
	  "(bf) r0 = addr_space_cast(r1, 0, 1)",
	  "addr_space_cast %r0, %r1, 0, 1" },
	{ { I(0x62, 10, 0, -4, 7) }, "(62) *(u32 *)(r10 -4) = 7", "stw [%r10-4], 7" },
	{ { I(0x7b, 10, 1, -8, 0) }, "(7b) *(u64 *)(r10 -8) = r1", "stxdw [%r10-8], %r1" },
	{ { I(0xdb, 10, 1, -8, BPF_ADD) },
	  "(db) lock *(u64 *)(r10 -8) += r1",
	  "lock add [%r10-8], %r1" },
	{ { I(0xc3, 10, 1, -8, BPF_AND) },
	  "(c3) lock *(u32 *)(r10 -8) &= r1",
	  "lock and32 [%r10-8], %r1" },
	{ { I(0xdb, 10, 1, -8, BPF_OR | BPF_FETCH) },
	  "(db) r1 = atomic64_fetch_or((u64 *)(r10 -8), r1)",
	  "lock fetch or [%r10-8], %r1" },
	{ { I(0xc3, 10, 1, -8, BPF_XOR | BPF_FETCH) },
	  "(c3) r1 = atomic_fetch_xor((u32 *)(r10 -8), r1)",
	  "lock fetch xor32 [%r10-8], %r1" },
	{ { I(0xdb, 10, 1, -8, BPF_XCHG) },
	  "(db) r1 = atomic64_xchg((u64 *)(r10 -8), r1)",
	  "lock xchg [%r10-8], %r1" },
	{ { I(0xc3, 10, 1, -8, BPF_CMPXCHG) },
	  "(c3) r0 = atomic_cmpxchg((u32 *)(r10 -8), r0, r1)",
	  "lock cmpxchg32 [%r10-8], %r1" },
	{ { I(0xd3, 0, 1, 4, BPF_LOAD_ACQ) },
	  "(d3) r0 = load_acquire((u8 *)(r1 +4))",
	  "ldacqb %r0, [%r1+4]" },
	{ { I(0xdb, 1, 2, 0, BPF_STORE_REL) },
	  "(db) store_release((u64 *)(r1 +0), r2)",
	  "streldw [%r1+0], %r2" },
	{ { I(0x18, 1, 0, 0, 0x55667788), I(0, 0, 0, 0, 0x11223344) },
	  "(18) r1 = 0x1122334455667788",
	  "lddw %r1, 0x1122334455667788" },
	{ { I(0x18, 1, 1, 0, 4), I(0, 0, 0, 0, 0) }, "(18) r1 = 0x4", "lddw %r1, map_fd(4)" },
	{ { I(0x18, 1, 2, 0, 4), I(0, 0, 0, 0, 8) },
	  "(18) r1 = 0x800000004",
	  "lddw %r1, map_value(4, 8)" },
	{ { I(0x18, 2, 4, 0, 3), I(0, 0, 0, 0, 0) }, "(18) r2 = 0x3", "lddw %r2, func(+3)" },
	{ { I(0x20, 0, 0, 0, 12) }, "(20) r0 = *(u32 *)skb[12]", "ldabsw 12" },
	{ { I(0x50, 0, 3, 0, 2) }, "(50) r0 = *(u8 *)skb[r3 + 2]", "ldindb %r3, 2" },
	{ { I(0x05, 0, 0, -3, 0) }, "(05) goto pc-3", "ja -3" },
	{ { I(0x06, 0, 0, 0, 70000) }, "(06) gotol pc+70000", "ja32 +70000" },
	{ { I(0x15, 1, 0, 2, -1) }, "(15) if r1 == 0xffffffff goto pc+2", "jeq %r1, -1, +2" },
	{ { I(0x6e, 1, 2, -1, 0) }, "(6e) if w1 s> w2 goto pc-1", "jsgt32 %r1, %r2, -1" },
	{ { I(0x46, 1, 0, 0, 8) }, "(46) if w1 & 0x8 goto pc+0", "jset32 %r1, 8, +0" },
	{ { I(0xe5, 0, 0, 5, 0) }, "(e5) may_goto pc+5", "may_goto +5" },
	{ { I(0x85, 0, 0, 0, 1) }, "(85) call bpf_map_lookup_elem#1", "call 1" },
	{ { I(0x85, 0, 0, 0, 211) }, "(85) call bpf_cgrp_storage_delete#211", "call 211" },
	{ { I(0x85, 0, 0, 0, 999) }, "(85) call unknown#999", "call 999" },
	{ { I(0x85, 0, 1, 0, 4) }, "(85) call pc+4", "call local +4" },
	{ { I(0x85, 0, 2, 0, 52) }, "(85) call kernel-function#52", "call kfunc 52" },
	{ { I(0x8d, 2, 0, 0, 0) }, "(8d) callx r2", "call %r2" },
	{ { I(0x95, 0, 0, 0, 0) }, "(95) exit", "exit" },
	/* invalid encodings */
	{ { I(0xff, 1, 2, 3, 4) }, "(ff) invalid: unknown opcode ff", ".insn 0xff, 1, 2, 3, 4" },
	{ { I(0x07, 0, 0, 1, 1) },
	  "(07) invalid: BPF_ALU uses reserved fields (off=1)",
	  ".insn 0x07, 0, 0, 1, 1" },
	{ { I(0x18, 1, 0, 0, 1), I(0x07, 0, 0, 0, 0) },
	  "(18) invalid: invalid bpf_ld_imm64 insn",
	  ".insn 0x18, 1, 0, 0, 1" },
};

static void test_text(void **state)
{
	struct isa_disasm_opts kopts = { .syntax = ISA_SYNTAX_KERNEL };
	char buf[256];

	for (size_t i = 0; i < sizeof(text_cases) / sizeof(text_cases[0]); i++) {
		const struct text_case *c = &text_cases[i];
		size_t cnt = c->insn[0].code == 0x18 ? 2 : 1;
		int n;

		n = isa_disasm_insn(c->insn, cnt, 0, &kopts, buf, sizeof(buf));
		if (strcmp(buf, c->kernel))
			fail_msg("kernel: got '%s', want '%s'", buf, c->kernel);
		assert_int_equal(n, cnt == 2 && !strstr(c->kernel, "invalid") ? 2 : 1);
		isa_disasm_insn(c->insn, cnt, 0, NULL, buf, sizeof(buf));
		if (strcmp(buf, c->asm_text))
			fail_msg("asm: got '%s', want '%s'", buf, c->asm_text);
	}
}

static const char *name_kfunc(void *ctx, const struct hive_insn *insn)
{
	return insn->imm == 52 ? (const char *)ctx : NULL;
}

static void test_kfunc_names_and_listing(void **state)
{
	const struct hive_insn prog[] = { I(0x85, 0, 2, 0, 52), I(0x18, 0, 0, 0, 1),
					  I(0, 0, 0, 0, 0), I(0x95, 0, 0, 0, 0) };
	struct isa_disasm_opts opts = { .syntax = ISA_SYNTAX_KERNEL,
					.kfunc_name = name_kfunc,
					.ctx = (void *)"bpf_obj_new_impl" };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_int_equal(isa_disasm(prog, 4, &opts, f), 0);
	fclose(f);
	assert_string_equal(text, "0: (85) call bpf_obj_new_impl#52\n"
				  "1: (18) r0 = 0x1\n"
				  "3: (95) exit\n");
	free(text);
}

/* assemble(disassemble(x)) == x */
static void assert_round_trip(const struct hive_insn *insns, size_t cnt)
{
	struct isa_error err = { 0 };
	struct hive_insn *again;
	size_t len = 0, again_cnt;
	char *text = NULL;
	FILE *f = open_memstream(&text, &len);

	assert_int_equal(isa_disasm(insns, cnt, NULL, f), 0);
	fclose(f);
	if (isa_assemble(text, len, &again, &again_cnt, &err))
		fail_msg("line %d: %s", err.idx, err.msg);
	assert_int_equal(again_cnt, cnt);
	assert_memory_equal(again, insns, cnt * sizeof(*insns));
	free(again);
	free(text);
}

static void test_round_trip_every_form(void **state)
{
	struct hive_insn prog[2 * HIVE_OP_CNT];
	size_t n = 0;

	for (int op = 0; op < HIVE_OP_CNT; op++) {
		const struct hive_insn_desc *d = &isa_desc[op];
		struct hive_insn in = { .code = d->code, .dst_reg = 3, .off = -7, .imm = 0x1234 };

		if (d->key == HIVE_KEY_OFF)
			in.off = d->keyval;
		if (d->key == HIVE_KEY_IMM)
			in.imm = d->keyval;
		in.src_reg = d->key == HIVE_KEY_SRC ? d->keyval : 4;
		if (d->fmt == HIVE_FMT_ASCAST)
			in.imm = 0x10000;
		if (d->fmt == HIVE_FMT_LDDW)
			in.src_reg = BPF_PSEUDO_MAP_VALUE;
		prog[n++] = in;
		if (d->fmt == HIVE_FMT_LDDW)
			prog[n++] = (struct hive_insn){ .imm = -9 };
	}
	/* not a valid program (fields are arbitrary) but every encoding must survive */
	assert_round_trip(prog, n);
}

static void test_round_trip_random(void **state)
{
	enum { N = 1 << 18 };
	struct hive_insn *prog = malloc(N * sizeof(*prog));
	uint64_t x = 0x9e3779b97f4a7c15ull;

	assert_non_null(prog);
	for (size_t i = 0; i < N; i++) {
		/* xorshift; bias half the opcodes towards valid ones so both paths are covered */
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		memcpy(&prog[i], &x, sizeof(x));
		if (i & 1)
			prog[i].code = isa_desc[(x >> 40) % HIVE_OP_CNT].code;
	}
	assert_round_trip(prog, N);
	free(prog);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_kfunc_names_and_listing),
		cmocka_unit_test(test_round_trip_every_form),
		cmocka_unit_test(test_round_trip_random),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
