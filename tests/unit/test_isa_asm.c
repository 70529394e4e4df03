// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/unit/test_isa_asm.c: the assembler: encodings of every kind of operand, labels,
 * aliases and pseudo sources, and one error per way a line can be wrong, each naming its line.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "isa/isa.h"

#define I(c, d, s, o, i)                                                            \
	{                                                                           \
		.code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) \
	}

struct enc_case {
	const char *src;
	struct hive_insn want[4];
	size_t cnt;
};

static const struct enc_case enc_cases[] = {
	{ "mov32 %r0, 0", { I(0xb4, 0, 0, 0, 0) }, 1 },
	{ "mov %r1, -1", { I(0xb7, 1, 0, 0, -1) }, 1 },
	{ "mov64 %r1, %r2", { I(0xbf, 1, 2, 0, 0) }, 1 },
	{ "mov32 %r0, 0xffffffff", { I(0xb4, 0, 0, 0, -1) }, 1 },
	{ "add32 %r0, -2147483648", { I(0x04, 0, 0, 0, INT32_MIN) }, 1 },
	{ "sdiv32 %r0, %r1", { I(0x3c, 0, 1, 1, 0) }, 1 },
	{ "smod %r0, -3", { I(0x97, 0, 0, 1, -3) }, 1 },
	{ "movsx832 %r2, %r1", { I(0xbc, 2, 1, 8, 0) }, 1 },
	{ "movsx3264 %r0, %r9", { I(0xbf, 0, 9, 32, 0) }, 1 },
	{ "neg32 %r3", { I(0x84, 3, 0, 0, 0) }, 1 },
	{ "be16 %r0", { I(0xdc, 0, 0, 0, 16) }, 1 },
	{ "le64 %r0", { I(0xd4, 0, 0, 0, 64) }, 1 },
	{ "bswap32 %r0", { I(0xd7, 0, 0, 0, 32) }, 1 },
	{ "swap16 %r0", { I(0xd7, 0, 0, 0, 16) }, 1 },
	{ "ldxb %r0, [%r1+0x2]", { I(0x71, 0, 1, 2, 0) }, 1 },
	{ "ldxdw %r0, [%r10-8]", { I(0x79, 0, 10, -8, 0) }, 1 },
	{ "ldxh %r0, [ %r1 + 4 ]", { I(0x69, 0, 1, 4, 0) }, 1 },
	{ "ldxw %r0, [%r1]", { I(0x61, 0, 1, 0, 0) }, 1 },
	{ "ldxsb %r0, [%r10-1]", { I(0x91, 0, 10, -1, 0) }, 1 },
	{ "stb [%r10-1], 0x80", { I(0x72, 10, 0, -1, 0x80) }, 1 },
	{ "stdw [%r1+8], -1", { I(0x7a, 1, 0, 8, -1) }, 1 },
	{ "stxw [%r1+2], %r3", { I(0x63, 1, 3, 2, 0) }, 1 },
	{ "lock xchg [%r10-8], %r1", { I(0xdb, 10, 1, -8, BPF_XCHG) }, 1 },
	{ "lock fetch add32 [%r10-4], %r2", { I(0xc3, 10, 2, -4, BPF_ADD | BPF_FETCH) }, 1 },
	{ "lock   cmpxchg32 [%r1+0], %r2", { I(0xc3, 1, 2, 0, BPF_CMPXCHG) }, 1 },
	{ "lock or [%r1-16], %r2", { I(0xdb, 1, 2, -16, BPF_OR) }, 1 },
	{ "ldacqh %r0, [%r1+2]", { I(0xcb, 0, 1, 2, BPF_LOAD_ACQ) }, 1 },
	{ "streldw [%r1+0], %r2", { I(0xdb, 1, 2, 0, BPF_STORE_REL) }, 1 },
	{ "lddw %r0, 0x1122334455667788",
	  { I(0x18, 0, 0, 0, 0x55667788), I(0, 0, 0, 0, 0x11223344) },
	  2 },
	{ "lddw %r0, -1", { I(0x18, 0, 0, 0, -1), I(0, 0, 0, 0, -1) }, 2 },
	{ "lddw %r1, map_fd(3)", { I(0x18, 1, 1, 0, 3), I(0, 0, 0, 0, 0) }, 2 },
	{ "lddw %r1, map_value(3, 16)", { I(0x18, 1, 2, 0, 3), I(0, 0, 0, 0, 16) }, 2 },
	{ "lddw %r1, map_idx_value(0, 8)", { I(0x18, 1, 6, 0, 0), I(0, 0, 0, 0, 8) }, 2 },
	{ "lddw %r2, func(+5)", { I(0x18, 2, 4, 0, 5), I(0, 0, 0, 0, 0) }, 2 },
	{ "ldabsh 12", { I(0x28, 0, 0, 0, 12) }, 1 },
	{ "ldindb %r1, 3", { I(0x50, 0, 1, 0, 3) }, 1 },
	{ "ja +3", { I(0x05, 0, 0, 3, 0) }, 1 },
	{ "ja32 -2", { I(0x06, 0, 0, 0, -2) }, 1 },
	{ "jeq %r1, 0x80000000, +1", { I(0x15, 1, 0, 1, INT32_MIN) }, 1 },
	{ "jsgt32 %r1, %r2, -1", { I(0x6e, 1, 2, -1, 0) }, 1 },
	{ "may_goto +2", { I(0xe5, 0, 0, 2, 0) }, 1 },
	{ "call 5", { I(0x85, 0, 0, 0, 5) }, 1 },
	{ "call helper 5", { I(0x85, 0, 0, 0, 5) }, 1 },
	{ "call bpf_map_lookup_elem", { I(0x85, 0, 0, 0, 1) }, 1 },
	{ "call local +2", { I(0x85, 0, 1, 0, 2) }, 1 },
	{ "call kfunc 1234", { I(0x85, 0, 2, 0, 1234) }, 1 },
	{ "call runtime 7, 2", { I(0x85, 0, 2, 2, 7) }, 1 },
	{ "call %r2", { I(0x8d, 2, 0, 0, 0) }, 1 },
	{ "addr_space_cast %r0, %r1, 1, 0", { I(0xbf, 0, 1, 1, 0x10000) }, 1 },
	{ "exit", { I(0x95, 0, 0, 0, 0) }, 1 },
	{ ".insn 0x07, 0, 1, 1, 1", { I(0x07, 0, 1, 1, 1) }, 1 },
	/* labels, comments, blank lines, CRLF, the implicit exit label */
	{ "# a comment\n\nstart:\r\n  mov %r0, 1 # trailing\r\nja start\n",
	  { I(0xb7, 0, 0, 0, 1), I(0x05, 0, 0, -2, 0) },
	  2 },
	{ "jne %r0, 0, exit\nmov %r0, 1\nexit\n",
	  { I(0x55, 0, 0, 1, 0), I(0xb7, 0, 0, 0, 1), I(0x95, 0, 0, 0, 0) },
	  3 },
	{ "ja32 out\nout: exit", { I(0x06, 0, 0, 0, 0), I(0x95, 0, 0, 0, 0) }, 2 },
	{ "call local f\nexit\nf:\nexit",
	  { I(0x85, 0, 1, 0, 1), I(0x95, 0, 0, 0, 0), I(0x95, 0, 0, 0, 0) },
	  3 },
	{ "lddw %r1, func(f)\nexit\nf: exit",
	  { I(0x18, 1, 4, 0, 2), I(0, 0, 0, 0, 0), I(0x95, 0, 0, 0, 0), I(0x95, 0, 0, 0, 0) },
	  4 },
};

static void test_encodings(void **state)
{
	for (size_t i = 0; i < sizeof(enc_cases) / sizeof(enc_cases[0]); i++) {
		const struct enc_case *c = &enc_cases[i];
		struct isa_error err = { 0 };
		struct hive_insn *insns;
		size_t cnt;

		if (isa_assemble(c->src, strlen(c->src), &insns, &cnt, &err))
			fail_msg("'%s': line %d: %s", c->src, err.idx, err.msg);
		if (cnt != c->cnt || memcmp(insns, c->want, cnt * sizeof(*insns)))
			fail_msg("'%s': wrong encoding (%zu insns)", c->src, cnt);
		free(insns);
	}
}

struct err_case {
	const char *src;
	int line;
	const char *msg;
};

static const struct err_case err_cases[] = {
	{ "exit\nldxq %r0, %r1", 2, "unknown mnemonic 'ldxq'" },
	{ "or %r0, %r50", 1, "invalid register '%r50' (registers are %r0..%r10)" },
	{ "or %r0, %r11", 1, "invalid register '%r11'" },
	{ "mov32 %r0, 2147483648", 1, "immediate '2147483648' does not fit in 32 bits" },
	{ "mov32 %r0, 0x100000000", 1, "immediate '0x100000000' does not fit in 32 bits" },
	{ "mov32 %r0, -2147483649", 1, "immediate '-2147483649' does not fit in 32 bits" },
	{ "mov32 %r0, 12abc", 1, "invalid immediate '12abc'" },
	{ "ldxb %r0, [%r1+0x10000]", 1, "offset '+0x10000' out of range (-32768..32767)" },
	{ "ldxb %r0, [%r1-32769]", 1, "offset '-32769' out of range" },
	{ "ldxb %r0, %r1", 1, "expected a memory operand [reg+off], got '%r1'" },
	{ "ldxb %r0, [5+1]", 1, "expected a register, got '5'" },
	{ "lddw %r0", 1, "'lddw' takes 2 operands, got 1" },
	{ "lddw %r0, 18446744073709551616", 1, "invalid 64-bit immediate" },
	{ "lddw %r0, bogus(1)", 1, "unknown ld_imm64 source 'bogus'" },
	{ "lddw %r0, map_fd(1, 2, 3)", 1, "map_fd() takes 1 or 2 arguments" },
	{ "lock or [%r10-8]", 1, "'lock or' takes 2 operands, got 1" },
	{ "lock", 1, "incomplete instruction 'lock'" },
	{ "lock fetch", 1, "incomplete instruction 'lock fetch'" },
	{ "exit %r0", 1, "'exit' takes 0 operands, got 1" },
	{ "add %r0,", 1, "empty operand" },
	{ "add %r0, 1, 2, 3, 4, 5, 6", 1, "too many operands" },
	{ "ja NOT_A_LABEL\nexit", 1, "undefined label 'NOT_A_LABEL'" },
	{ "ja 5", 1, "invalid jump target '5' (a label, +N or -N)" },
	{ "ja +40000", 1, "invalid or out-of-range jump offset '+40000'" },
	{ "a:\na:\nexit", 2, "duplicate label 'a'" },
	{ "1bad: exit", 1, "invalid label '1bad'" },
	{ "call bpf_no_such_helper", 1, "unknown helper 'bpf_no_such_helper'" },
	{ "call kfunc 1, 2, 3", 1, "'call kfunc' takes 1 or 2 operands (imm[, off]), got 3" },
	{ ".insn 0x100, 0, 0, 0, 0", 1, "'0x100' out of range (at most 255)" },
	{ ".insn 7, 0, 0, 0", 1, "'.insn' takes 5 operands" },
	{ "addr_space_cast %r0, %r1, 70000, 0", 1, "'70000' out of range (at most 65535)" },
};

static void test_errors_name_the_line(void **state)
{
	for (size_t i = 0; i < sizeof(err_cases) / sizeof(err_cases[0]); i++) {
		const struct err_case *c = &err_cases[i];
		struct isa_error err = { 0 };
		struct hive_insn *insns = (void *)1;
		size_t cnt = 99;

		if (!isa_assemble(c->src, strlen(c->src), &insns, &cnt, &err))
			fail_msg("'%s': assembled", c->src);
		assert_null(insns);
		assert_int_equal(cnt, 0);
		if (err.idx != c->line || strncmp(err.msg, c->msg, strlen(c->msg)))
			fail_msg("'%s': got line %d '%s', expected line %d '%s'", c->src, err.idx,
				 err.msg, c->line, c->msg);
	}
}

static void test_far_label(void **state)
{
	/* a label 40000 instructions away fits gotol but not ja */
	size_t n = 40002, len = 0;
	char *src = malloc(n * 8 + 64);
	struct isa_error err = { 0 };
	struct hive_insn *insns;
	size_t cnt;

	assert_non_null(src);
	len += sprintf(src + len, "ja32 far\n");
	for (size_t i = 0; i < 40000; i++)
		len += sprintf(src + len, "exit\n");
	len += sprintf(src + len, "far: exit\n");
	assert_int_equal(isa_assemble(src, len, &insns, &cnt, &err), 0);
	assert_int_equal(insns[0].imm, 40000);
	free(insns);
	memcpy(src, "ja  ", 4); /* now "ja   far": a 16-bit offset */
	assert_int_equal(isa_assemble(src, len, &insns, &cnt, &err), -EINVAL);
	assert_int_equal(err.idx, 1);
	assert_non_null(strstr(err.msg, "too far for a 16-bit jump offset"));
	free(src);
}

static void test_binary_garbage(void **state)
{
	const char text[] = "mov %r0, 1\n\0exit\n";
	struct isa_error err = { 0 };
	struct hive_insn *insns;
	size_t cnt;

	assert_int_equal(isa_assemble(text, sizeof(text) - 1, &insns, &cnt, &err), -EINVAL);
	assert_int_equal(err.idx, 2);
	assert_string_equal(err.msg, "NUL byte in line");
	/* not NUL-terminated input is fine: only len bytes are read */
	assert_int_equal(isa_assemble("exitXXXX", 4, &insns, &cnt, &err), 0);
	assert_int_equal(cnt, 1);
	free(insns);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_encodings),
		cmocka_unit_test(test_errors_name_the_line),
		cmocka_unit_test(test_far_label),
		cmocka_unit_test(test_binary_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
