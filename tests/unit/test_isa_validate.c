// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/unit/test_isa_validate.c: the decoder and the validator: every form of the table
 * decodes to itself and validates; each kind of malformed code is rejected with the right
 * instruction index and reason; valid-but-odd encodings (huge shifts, division by a zero
 * immediate) are accepted, because the ISA defines them.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
#include <cmocka.h>

#include "isa/isa.h"

#define I(c, d, s, o, i) \
	((struct hive_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })
#define EXIT I(BPF_JMP | BPF_EXIT, 0, 0, 0, 0)
#define MOV64_IMM(d, v) I(BPF_ALU64 | BPF_MOV | BPF_K, d, 0, 0, v)

/* A valid instruction of form @op: the key field set, operands to harmless values. */
static struct hive_insn make_insn(enum hive_op op)
{
	const struct hive_insn_desc *d = &isa_desc[op];
	unsigned f = isa_fmt_fields(d->fmt);
	struct hive_insn in = { .code = d->code };

	if (f & HIVE_F_DST)
		in.dst_reg = 1;
	if ((f & HIVE_F_SRC) && d->fmt != HIVE_FMT_LDDW)
		in.src_reg = 2;
	if (d->fmt == HIVE_FMT_ASCAST)
		in.imm = 1;
	if (d->key == HIVE_KEY_OFF)
		in.off = d->keyval;
	if (d->key == HIVE_KEY_IMM)
		in.imm = d->keyval;
	if (d->key == HIVE_KEY_SRC)
		in.src_reg = d->keyval;
	return in;
}

static void test_every_form_decodes_and_validates(void **state)
{
	for (int op = 0; op < HIVE_OP_CNT; op++) {
		struct hive_insn prog[4] = { make_insn(op), EXIT, EXIT, EXIT };
		struct isa_error err = { 0 };
		size_t cnt = 2;

		if (op == HIVE_OP_LDDW)
			prog[1] = I(0, 0, 0, 0, 0), cnt = 3;
		if (op == HIVE_OP_CALL_LOCAL) /* call +1 needs a subprogram after main's exit */
			prog[0].imm = 1, cnt = 3;
		if (op == HIVE_OP_CALLX)
			prog[0].dst_reg = 1;
		assert_int_equal(isa_decode(&prog[0]), op);
		if (isa_validate(prog, cnt, &err))
			fail_msg("%s: insn %d: %s", isa_desc[op].name, err.idx, err.msg);
	}
}

static void test_table_rows_are_unique(void **state)
{
	/* no two rows claim the same (code, key value): decoding would be ambiguous */
	for (int a = 0; a < HIVE_OP_CNT; a++)
		for (int b = a + 1; b < HIVE_OP_CNT; b++)
			assert_false(isa_desc[a].code == isa_desc[b].code &&
				     isa_desc[a].key == isa_desc[b].key &&
				     isa_desc[a].keyval == isa_desc[b].keyval);
}

struct bad_case {
	const char *what;
	struct hive_insn insns[4];
	size_t cnt;
	int idx;
	const char *msg;
};

static const struct bad_case bad_cases[] = {
	{ "unknown opcode", { I(0xff, 0, 0, 0, 0), EXIT }, 2, 0, "unknown opcode ff" },
	{ "unknown class op",
	  { MOV64_IMM(0, 0), I(0xe4, 0, 0, 0, 0), EXIT },
	  3,
	  1,
	  "unknown opcode e4" },
	{ "alu reserved off",
	  { I(0x07, 0, 0, 1, 1), EXIT },
	  2,
	  0,
	  "BPF_ALU uses reserved fields (off=1)" },
	{ "sdiv bad off",
	  { I(0x3f, 0, 1, 2, 0), EXIT },
	  2,
	  0,
	  "BPF_ALU uses reserved fields (off=2)" },
	{ "movsx32 in alu32",
	  { I(0xbc, 0, 1, 32, 0), EXIT },
	  2,
	  0,
	  "BPF_MOV uses reserved fields (off=32)" },
	{ "end bad imm",
	  { I(0xdc, 0, 0, 0, 17), EXIT },
	  2,
	  0,
	  "BPF_END uses reserved fields (imm=17" },
	{ "bswap in alu32 be form", { I(0xdf, 0, 0, 0, 16), EXIT }, 2, 0, "unknown opcode df" },
	{ "neg with src",
	  { I(0x87, 0, 1, 0, 0), EXIT },
	  2,
	  0,
	  "BPF_NEG uses reserved fields (src_reg=1)" },
	{ "neg reg form", { I(0x8f, 0, 1, 0, 0), EXIT }, 2, 0, "unknown opcode 8f" },
	{ "ldx imm", { I(0x61, 0, 1, 0, 1), EXIT }, 2, 0, "BPF_LDX uses reserved fields (imm=1)" },
	{ "ldsx dw", { I(0x99, 0, 1, 0, 0), EXIT }, 2, 0, "unknown opcode 99" },
	{ "st src", { I(0x62, 1, 2, 0, 0), EXIT }, 2, 0, "BPF_ST uses reserved fields (src_reg=2)" },
	{ "stx imm", { I(0x63, 1, 2, 0, 3), EXIT }, 2, 0, "BPF_STX uses reserved fields (imm=3)" },
	{ "atomic bad op",
	  { I(0xdb, 1, 2, 0, 0x20), EXIT },
	  2,
	  0,
	  "BPF_ATOMIC uses invalid atomic opcode 20" },
	{ "atomic add on bytes",
	  { I(0xd3, 1, 2, 0, 0), EXIT },
	  2,
	  0,
	  "BPF_ATOMIC uses invalid atomic opcode 00" },
	{ "ja imm", { I(0x05, 0, 0, 0, 1), EXIT }, 2, 0, "BPF_JA uses reserved fields (imm=1)" },
	{ "gotol off", { I(0x06, 0, 0, 1, 0), EXIT }, 2, 0, "BPF_JA uses reserved fields (off=1)" },
	{ "gotox (not in 6.18)", { I(0x0d, 1, 0, 0, 0), EXIT }, 2, 0, "unknown opcode 0d" },
	{ "jmp32 exit", { I(0x96, 0, 0, 0, 0), EXIT }, 2, 0, "unknown opcode 96" },
	{ "jmp32 call", { I(0x86, 0, 0, 0, 1), EXIT }, 2, 0, "unknown opcode 86" },
	{ "call src 3",
	  { I(0x85, 0, 3, 0, 1), EXIT },
	  2,
	  0,
	  "BPF_CALL uses reserved fields (src_reg=3)" },
	{ "helper call off",
	  { I(0x85, 0, 0, 1, 1), EXIT },
	  2,
	  0,
	  "BPF_CALL uses reserved fields (off=1)" },
	{ "may_goto imm",
	  { I(0xe5, 0, 0, 0, 1), EXIT },
	  2,
	  0,
	  "BPF_JCOND uses reserved fields (imm=1)" },
	{ "may_goto src", { I(0xe5, 0, 1, 0, 0), EXIT }, 2, 0, "invalid may_goto src_reg 1" },
	{ "ld_abs dst",
	  { I(0x30, 1, 0, 0, 1), EXIT },
	  2,
	  0,
	  "BPF_LD_[ABS|IND] uses reserved fields (dst_reg=1)" },
	{ "ld_abs dw", { I(0x38, 0, 0, 0, 1), EXIT }, 2, 0, "unknown opcode 38" },
	{ "dst r11", { I(0x07, 11, 0, 0, 1), EXIT }, 2, 0, "R11 is invalid" },
	{ "src r15", { I(0x0f, 0, 15, 0, 0), EXIT }, 2, 0, "R15 is invalid" },
	{ "write r10", { MOV64_IMM(10, 0), EXIT }, 2, 0, "frame pointer is read only" },
	{ "ldx into r10", { I(0x79, 10, 1, 0, 0), EXIT }, 2, 0, "frame pointer is read only" },
	{ "fetch into r10",
	  { I(0xdb, 1, 10, 0, BPF_ADD | BPF_FETCH), EXIT },
	  2,
	  0,
	  "frame pointer is read only" },
	{ "ld_imm64 last", { EXIT, I(0x18, 0, 0, 0, 1) }, 2, 1, "invalid bpf_ld_imm64 insn" },
	{ "ld_imm64 bad 2nd",
	  { I(0x18, 0, 0, 0, 1), I(0x07, 0, 0, 0, 0), EXIT },
	  3,
	  0,
	  "invalid bpf_ld_imm64 insn" },
	{ "ld_imm64 2nd off",
	  { I(0x18, 0, 0, 0, 1), I(0, 0, 0, 1, 0), EXIT },
	  3,
	  0,
	  "invalid bpf_ld_imm64 insn" },
	{ "ld_imm64 off",
	  { I(0x18, 0, 0, 1, 1), I(0, 0, 0, 0, 0), EXIT },
	  3,
	  0,
	  "BPF_LD_IMM64 uses reserved fields (off=1)" },
	{ "ld_imm64 pseudo 7",
	  { I(0x18, 0, 7, 0, 1), I(0, 0, 0, 0, 0), EXIT },
	  3,
	  0,
	  "unrecognized bpf_ld_imm64 insn (src_reg=7)" },
	{ "lone 2nd half", { I(0, 0, 0, 0, 0), EXIT }, 2, 0, "unknown opcode 00" },
	{ "jump past end",
	  { I(0x05, 0, 0, 1, 0), EXIT },
	  2,
	  0,
	  "jump out of range from insn 0 to 2" },
	{ "jump before start",
	  { MOV64_IMM(0, 0), I(0x15, 0, 0, -3, 0), EXIT },
	  3,
	  1,
	  "jump out of range from insn 1 to -1" },
	{ "gotol past end",
	  { I(0x06, 0, 0, 0, 5), EXIT },
	  2,
	  0,
	  "jump out of range from insn 0 to 6" },
	{ "jump into ldimm64",
	  { I(0x05, 0, 0, 1, 0), I(0x18, 0, 0, 0, 1), I(0, 0, 0, 0, 0), EXIT },
	  4,
	  0,
	  "jump from insn 0 into the middle of ldimm64 insn 1" },
	{ "call past end",
	  { I(0x85, 0, 1, 0, 5), EXIT },
	  2,
	  0,
	  "jump out of range from insn 0 to 6" },
	{ "func past end",
	  { I(0x18, 1, 4, 0, 9), I(0, 0, 0, 0, 0), EXIT },
	  3,
	  0,
	  "jump out of range from insn 0 to 10" },
	{ "no exit at the end", { MOV64_IMM(0, 0) }, 1, 0, "last insn is not an exit or jmp" },
	{ "ends in ld_imm64",
	  { EXIT, I(0x18, 0, 0, 0, 1), I(0, 0, 0, 0, 0) },
	  3,
	  1,
	  "last insn is not an exit or jmp" },
	{ "no exit at all", { I(0x05, 0, 0, -1, 0) }, 1, -1, "program has no exit instruction" },
	{ "main falls into subprog",
	  { I(0x85, 0, 1, 0, 1), MOV64_IMM(0, 0), EXIT },
	  3,
	  1,
	  "last insn is not an exit or jmp" },
	{ "jump into another subprog",
	  { I(0x85, 0, 1, 0, 1), I(0x05, 0, 0, 1, 0), MOV64_IMM(0, 0), EXIT },
	  4,
	  1,
	  "jump out of range from insn 1 to 3" },
};

static void test_malformed_rejected(void **state)
{
	for (size_t i = 0; i < sizeof(bad_cases) / sizeof(bad_cases[0]); i++) {
		const struct bad_case *c = &bad_cases[i];
		struct isa_error err = { .idx = 12345 };

		if (!isa_validate(c->insns, c->cnt, &err))
			fail_msg("%s: accepted", c->what);
		if (err.idx != c->idx || strncmp(err.msg, c->msg, strlen(c->msg)))
			fail_msg("%s: got insn %d '%s', expected insn %d '%s'", c->what, err.idx,
				 err.msg, c->idx, c->msg);
	}
}

static void test_empty_and_huge(void **state)
{
	struct isa_error err;
	struct hive_insn one = EXIT;

	assert_int_equal(isa_validate(&one, 0, &err), -EINVAL);
	assert_int_equal(err.idx, -1);
	assert_string_equal(err.msg, "empty program: no instructions");
	assert_int_equal(isa_validate(&one, HIVE_MAX_INSNS + 1, &err), -EINVAL);
	assert_non_null(strstr(err.msg, "program too large"));
	/* a NULL error pointer is allowed */
	assert_int_equal(isa_validate(&one, 0, NULL), -EINVAL);
}

static void test_defined_oddities_accepted(void **state)
{
	const struct hive_insn progs[][3] = {
		{ I(0x67, 0, 0, 0, 70), EXIT }, /* lsh r0, 70: masked */
		{ I(0x64, 0, 0, 0, -60), EXIT }, /* lsh32 w0, -60 */
		{ I(0x37, 0, 0, 0, 0), EXIT }, /* div r0, 0 */
		{ I(0x97, 0, 0, 1, 0), EXIT }, /* smod r0, 0 */
		{ I(0x4f, 0, 10, 0, 0), EXIT }, /* or r0, r10: reading r10 is fine */
		{ I(0xe5, 0, 0, -1, 0), EXIT }, /* may_goto -1 */
		{ I(0x06, 0, 0, 0, 0), EXIT }, /* gotol +0 */
		{ I(0x18, 0, 6, 0, 1), I(0, 0, 0, 0, 8), EXIT }, /* map_idx_value */
	};

	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		struct isa_error err = { 0 };
		size_t cnt = progs[i][0].code == 0x18 ? 3 : 2;

		if (isa_validate(progs[i], cnt, &err))
			fail_msg("case %zu: insn %d: %s", i, err.idx, err.msg);
	}
}

static void test_subprograms(void **state)
{
	/* main: call sub; exit   sub: jump within itself; exit; func ref to sub */
	const struct hive_insn prog[] = {
		I(0x18, 1, BPF_PSEUDO_FUNC, 0, 3),
		I(0, 0, 0, 0, 0),
		I(0x85, 0, BPF_PSEUDO_CALL, 0, 1),
		EXIT,
		I(0x15, 1, 0, 1, 0), /* sub: if r1 == 0 goto +1 */
		MOV64_IMM(0, 1),
		EXIT,
	};
	struct isa_error err = { 0 };

	if (isa_validate(prog, sizeof(prog) / sizeof(prog[0]), &err))
		fail_msg("insn %d: %s", err.idx, err.msg);
}

/*
 * r11 (BPF_REG_AX): only a verified image (ISA_ALLOW_REG_AX) may name it, and then in every
 * register operand of every form, read or written; r10 stays read-only and r12 stays invalid.
 */
static void test_reg_ax(void **state)
{
	for (int op = 0; op < HIVE_OP_CNT; op++) {
		unsigned f = isa_fmt_fields(isa_desc[op].fmt);
		bool has_src = (f & HIVE_F_SRC) && isa_desc[op].key != HIVE_KEY_SRC &&
			       isa_desc[op].fmt != HIVE_FMT_LDDW;

		for (int which = 0; which < 2; which++) {
			struct hive_insn prog[3] = { make_insn(op), EXIT, EXIT };
			struct isa_error err = { 0 };
			size_t cnt = 2;

			if (which == 0 && !(f & HIVE_F_DST))
				continue;
			if (which == 1 && !has_src)
				continue;
			if (op == HIVE_OP_LDDW)
				prog[1] = I(0, 0, 0, 0, 0), cnt = 3;
			if (which == 0)
				prog[0].dst_reg = ISA_REG_AX;
			else
				prog[0].src_reg = ISA_REG_AX;
			if (isa_validate_flags(prog, cnt, ISA_ALLOW_REG_AX, &err))
				fail_msg("%s with r11 as %s: insn %d: %s", isa_desc[op].name,
					 which ? "src" : "dst", err.idx, err.msg);
			assert_int_equal(isa_validate(prog, cnt, &err), -EINVAL);
			assert_int_equal(err.idx, 0);
			assert_string_equal(err.msg, "R11 is invalid");
			if (which == 0)
				prog[0].dst_reg = ISA_REG_AX + 1;
			else
				prog[0].src_reg = ISA_REG_AX + 1;
			assert_int_equal(isa_validate_flags(prog, cnt, ISA_ALLOW_REG_AX, &err),
					 -EINVAL);
			assert_string_equal(err.msg, "R12 is invalid");
		}
	}
	{
		const struct hive_insn w10[] = { MOV64_IMM(10, 0), EXIT };
		const struct hive_insn mov[] = { I(0xbf, 10, ISA_REG_AX, 0, 0), EXIT };
		struct isa_error err = { 0 };

		assert_int_equal(isa_validate_flags(w10, 2, ISA_ALLOW_REG_AX, &err), -EINVAL);
		assert_string_equal(err.msg, "frame pointer is read only");
		assert_int_equal(isa_validate_flags(mov, 2, ISA_ALLOW_REG_AX, &err), -EINVAL);
		assert_string_equal(err.msg, "frame pointer is read only");
		assert_int_equal(isa_validate_flags(w10, 2, 0x80, &err), -EINVAL);
		assert_int_equal(err.idx, -1);
		assert_string_equal(err.msg, "unknown validation flags 0x80");
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_form_decodes_and_validates),
		cmocka_unit_test(test_table_rows_are_unique),
		cmocka_unit_test(test_malformed_rejected),
		cmocka_unit_test(test_empty_and_huge),
		cmocka_unit_test(test_defined_oddities_accepted),
		cmocka_unit_test(test_subprograms),
		cmocka_unit_test(test_reg_ax),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
