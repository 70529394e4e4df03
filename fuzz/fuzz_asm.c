// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzz/fuzz_asm.c: the assembler on arbitrary text. It must never crash, hang or leak, and
 * whatever it accepts must survive the round trip: disassembling the instructions and
 * assembling the text again gives the same bytes. The validator and the kernel-notation
 * disassembler also get every accepted program.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa/isa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char *disasm_text(const struct hive_insn *insns, size_t cnt, enum isa_syntax syntax,
			 size_t *len)
{
	struct isa_disasm_opts opts = { .syntax = syntax };
	char *text = NULL;
	FILE *f = open_memstream(&text, len);

	if (!f || isa_disasm(insns, cnt, &opts, f))
		abort();
	fclose(f);
	return text;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct hive_insn *insns, *again;
	struct isa_error err;
	size_t cnt, again_cnt, len;
	char *text;

	if (isa_assemble((const char *)data, size, &insns, &cnt, &err)) {
		if (err.msg[0] == 0 || insns)
			abort(); /* a failure must say why and give nothing back */
		return 0;
	}
	isa_validate(insns, cnt, &err);
	free(disasm_text(insns, cnt, ISA_SYNTAX_KERNEL, &len));
	text = disasm_text(insns, cnt, ISA_SYNTAX_ASM, &len);
	if (isa_assemble(text, len, &again, &again_cnt, &err)) {
		fprintf(stderr, "round trip: line %d: %s\n%s", err.idx, err.msg, text);
		abort();
	}
	if (again_cnt != cnt || (cnt && memcmp(again, insns, cnt * sizeof(*insns)))) {
		fprintf(stderr, "round trip changed the encoding:\n%s", text);
		abort();
	}
	free(again);
	free(text);
	free(insns);
	return 0;
}
