// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/conformance/test_roundtrip.c: the assembler and both disassemblers over every program
 * of the conformance suite ($HIVE_SHARED_DIR/conformance).
 *
 * For each positive case: the text assembles, the code validates, and disassembling then
 * assembling again gives the same bytes (assemble(disassemble(x)) == x); where a file has both
 * asm and raw sections they must encode the same. Raw-only programs (the negative unused-*
 * encodings among them) round-trip too, through `.insn` for what does not validate. The kernel
 * notation must print every instruction.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "data.h"
#include "isa/isa.h"

static char *disasm_text(const struct hive_insn *insns, size_t cnt, enum isa_syntax syntax)
{
	struct isa_disasm_opts opts = { .syntax = syntax };
	char *text = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&text, &len);

	assert_non_null(f);
	assert_int_equal(isa_disasm(insns, cnt, &opts, f), 0);
	fclose(f);
	return text;
}

/* assemble(disassemble(x)) == x, and the kernel notation prints. */
static void round_trip(const char *path, const struct hive_insn *insns, size_t cnt)
{
	char *text = disasm_text(insns, cnt, ISA_SYNTAX_ASM), *ktext;
	struct isa_error err = { 0 };
	struct hive_insn *again;
	size_t again_cnt;
	int ret;

	ret = isa_assemble(text, strlen(text), &again, &again_cnt, &err);
	if (ret)
		fail_msg("%s: disassembly does not assemble: line %d: %s\n%s", path, err.idx,
			 err.msg, text);
	assert_int_equal(again_cnt, cnt);
	if (memcmp(again, insns, cnt * sizeof(*insns)))
		fail_msg("%s: round trip changed the encoding:\n%s", path, text);
	ktext = disasm_text(insns, cnt, ISA_SYNTAX_KERNEL);
	assert_true(strlen(ktext) > 0);
	free(ktext);
	free(again);
	free(text);
}

static int check_dir(const char *sub, bool positive)
{
	char dir[4096], **names, why[256];
	const char *shared = getenv("HIVE_SHARED_DIR");
	size_t cnt;
	int done = 0;

	assert_non_null(shared);
	snprintf(dir, sizeof(dir), "%s/conformance/%s", shared, sub);
	assert_int_equal(conf_list_dir(dir, &names, &cnt), 0);
	for (size_t i = 0; i < cnt; i++) {
		struct isa_error err = { 0 };
		struct conf_case c;
		struct hive_insn *insns = NULL;
		size_t n = 0;

		if (conf_case_load(names[i], &c, why, sizeof(why))) {
			if (positive)
				fail_msg("%s: %s", names[i], why);
			continue;
		}
		if (c.asm_src && isa_assemble(c.asm_src, c.asm_len, &insns, &n, &err)) {
			if (positive)
				fail_msg("%s: line %d: %s", names[i], err.idx, err.msg);
			conf_case_free(&c);
			continue;
		}
		if (c.asm_src && c.raw) {
			assert_int_equal(n, c.raw_cnt);
			assert_memory_equal(insns, c.raw, n * sizeof(*insns));
		}
		if (positive && isa_validate(insns, n, &err))
			fail_msg("%s: insn %d: %s", names[i], err.idx, err.msg);
		round_trip(names[i], c.asm_src ? insns : c.raw, c.asm_src ? n : c.raw_cnt);
		done++;
		free(insns);
		conf_case_free(&c);
	}
	conf_free_list(names, cnt);
	printf("%s: %d of %zu programs round-tripped\n", sub, done, cnt);
	return done;
}

static void test_positive_round_trip(void **state)
{
	/* every one of the 313 cases */
	assert_int_equal(check_dir("tests", true), 313);
}

static void test_negative_round_trip(void **state)
{
	/* those that assemble (the raw unused-* encodings and the semantic failures) */
	assert_true(check_dir("negative", false) >= 45);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_positive_round_trip),
		cmocka_unit_test(test_negative_round_trip),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
