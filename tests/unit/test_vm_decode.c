// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/unit/test_vm_decode.c: the decoder's optimisations against the plain decoding. The
 * decoder picks handler variants that read operands from the interpreter's `last`/`last2`
 * registers and fuses instruction pairs into superinstructions (vm_internal.h); a wrong choice
 * would silently compute with a stale value. Thousands of random programs, dense in register
 * reuse, forward branches (jump targets end the straight-line runs the decoder reasons about),
 * stack traffic, mov+ALU and add+branch pairs, must give the same r0 with and without those
 * optimisations, in both modes.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/err.h"
#include "vm/vm_internal.h"

#define NR_PROGS 3000
#define BODY 120

static uint64_t rng_state;

static uint32_t rnd(uint32_t n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16) % n;
}

static const uint8_t alu_ops[] = { BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR,	BPF_AND, BPF_LSH,
				   BPF_RSH, BPF_NEG, BPF_MOD, BPF_XOR, BPF_MOV, BPF_ARSH };
static const uint8_t jmp_ops[] = { BPF_JEQ,  BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE, BPF_JSGT,
				   BPF_JSGE, BPF_JLT, BPF_JLE, BPF_JSLT, BPF_JSLE };

/* Registers r0-r4 only: small, so that operands keep meeting recent writes. */
static uint8_t reg(void)
{
	return rnd(5);
}

static struct hive_insn alu(void)
{
	uint8_t op = alu_ops[rnd(sizeof(alu_ops))];
	uint8_t cls = rnd(2) ? BPF_ALU64 : BPF_ALU;
	struct hive_insn in = { .dst_reg = reg() };

	if (op == BPF_NEG) {
		in.code = cls | BPF_NEG | BPF_K;
	} else if (rnd(2)) {
		in.code = cls | op | BPF_X;
		in.src_reg = reg();
	} else {
		in.code = cls | op | BPF_K;
		in.imm = (int32_t)(rnd(1 << 16) - (1 << 15)) * (int32_t)(rnd(3) + 1);
	}
	return in;
}

/* One random instruction (or pair) at @p[*n]; @left instructions remain before the tail. */
static void emit_one(struct hive_insn *p, size_t *n, size_t left)
{
	uint8_t d = reg(), s = reg();

	switch (rnd(10)) {
	case 0: /* mov + ALU on the same register: a superinstruction candidate */
		p[(*n)++] = (struct hive_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_X,
						.dst_reg = d,
						.src_reg = s };
		p[*n] = alu();
		p[(*n)++].dst_reg = d;
		break;
	case 1: /* add + conditional jump on the same register */
		p[(*n)++] = (struct hive_insn){ .code = (rnd(2) ? BPF_ALU64 : BPF_ALU) | BPF_ADD |
							BPF_K,
						.dst_reg = d,
						.imm = (int32_t)rnd(7) - 3 };
		__attribute__((fallthrough));
	case 2:
		p[(*n)++] = (struct hive_insn){ .code = (rnd(2) ? BPF_JMP : BPF_JMP32) |
							jmp_ops[rnd(sizeof(jmp_ops))] | BPF_K,
						.dst_reg = d,
						.off = (int16_t)rnd(left < 8 ? 1 : 8),
						.imm = (int32_t)rnd(9) - 4 };
		break;
	case 3: /* stack traffic in 4 slots */
		if (rnd(2))
			p[(*n)++] = (struct hive_insn){ .code = BPF_STX | BPF_MEM | BPF_DW,
							.dst_reg = BPF_REG_FP,
							.src_reg = s,
							.off = -8 * (int16_t)(rnd(4) + 1) };
		else
			p[(*n)++] = (struct hive_insn){ .code = BPF_LDX | BPF_MEM | BPF_DW,
							.dst_reg = d,
							.src_reg = BPF_REG_FP,
							.off = -8 * (int16_t)(rnd(4) + 1) };
		break;
	case 4:
		p[(*n)++] =
			(struct hive_insn){ .code = BPF_ALU | BPF_END | (rnd(2) ? BPF_TO_BE : 0),
					    .dst_reg = d,
					    .imm = 16 << rnd(3) };
		break;
	default:
		p[(*n)++] = alu();
		break;
	}
}

/* A program: initialise r0-r4 and the slots, BODY random instructions, fold r0-r4 into r0. */
static size_t make_prog(struct hive_insn *p)
{
	size_t n = 0;

	for (int r = 0; r < 5; r++)
		p[n++] = (struct hive_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K,
					     .dst_reg = r,
					     .imm = (int32_t)rnd(1 << 30) };
	for (int k = 1; k <= 4; k++)
		p[n++] = (struct hive_insn){ .code = BPF_ST | BPF_MEM | BPF_DW,
					     .dst_reg = BPF_REG_FP,
					     .off = -8 * k,
					     .imm = k };
	while (n < BODY)
		emit_one(p, &n, BODY + 8 - n);
	for (int r = 1; r < 5; r++) {
		p[n++] = (struct hive_insn){ .code = BPF_ALU64 | BPF_MUL | BPF_K,
					     .dst_reg = 0,
					     .imm = 0x01000193 };
		p[n++] = (struct hive_insn){ .code = BPF_ALU64 | BPF_XOR | BPF_X,
					     .dst_reg = 0,
					     .src_reg = r };
	}
	p[n++] = (struct hive_insn){ .code = BPF_JMP | BPF_EXIT };
	return n;
}

static uint64_t run(struct hive_vm_prog *prog, bool checked)
{
	struct hive_vm_run_opts opts = { .sz = sizeof(opts), .checked = checked };
	struct hive_vm_run r;
	uint64_t r0 = 0;

	hive_vm_run_init(&r, prog, &opts);
	if (hive_vm_run_exec(&r, NULL, 0, &r0))
		fail_msg("%s", hive_vm_run_error(&r));
	return r0;
}

static void test_optimised_decoding_agrees(void **state)
{
	struct hive_vm *vm = hive_vm_new();
	struct hive_insn prog[BODY + 32];

	rng_state = 0x2545f4914f6cdd1dull;
	for (int i = 0; i < NR_PROGS; i++) {
		size_t n = make_prog(prog);
		struct isa_error err = { 0 };
		struct hive_vm_prog *opt = vm_prog_new(vm, prog, n, "opt", &err, true);
		struct hive_vm_prog *plain = vm_prog_new(vm, prog, n, "plain", &err, false);
		uint64_t want;

		if (IS_ERR(opt) || IS_ERR(plain))
			fail_msg("program %d: insn %d: %s", i, err.idx, err.msg);
		want = run(plain, false);
		if (run(opt, false) != want || run(opt, true) != want || run(plain, true) != want) {
			isa_disasm(prog, n, NULL, stderr);
			fail_msg("program %d: results differ", i);
		}
		hive_vm_prog_free(opt);
		hive_vm_prog_free(plain);
	}
	hive_vm_free(vm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_optimised_decoding_agrees),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
