// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/oracle/test_oracle_opcodes.c: our instruction table against the kernel's.
 *
 * For each of the 256 opcode bytes, the kernel is asked to load [insn, exit], insn having that
 * code, the selector field of our first row for it (imm 16 for a byte swap, BPF_ADD for an
 * atomic...) and every other field zero. Its verifier rejects an unknown encoding with
 * "unknown opcode XX" or "... uses reserved fields" (an LDX with a mode it lacks), and
 * anything else for a known one (uninitialised registers and the like). The known set must be
 * the codes of HIVE_INSN_MAP, except callx (0x8d), an LLVM extension the kernel lacks. A
 * kernel that learns an opcode fails this test until the table learns it too.
 */
#include <stdio.h>
#include <string.h>

#include "isa/insn.h"
#include "oracle.h"

/* The probe instruction for @code; false if no row of ours has that code. */
static bool probe_insn(uint8_t code, struct hive_insn *insn)
{
	*insn = (struct hive_insn){ .code = code };
	for (int op = 0; op < HIVE_OP_CNT; op++) {
		const struct hive_insn_desc *d = &isa_desc[op];

		if (d->code != code)
			continue;
		if (d->key == HIVE_KEY_OFF)
			insn->off = d->keyval;
		else if (d->key == HIVE_KEY_IMM)
			insn->imm = d->keyval;
		else if (d->key == HIVE_KEY_SRC)
			insn->src_reg = d->keyval;
		return true;
	}
	return false;
}

static bool encoding_refused(const char *log)
{
	return strstr(log, "unknown opcode") || strstr(log, "uses reserved fields") ||
	       strstr(log, "invalid BPF_LD mode") || strstr(log, "invalid atomic opcode");
}

int main(void)
{
	static char log[1 << 14];
	int agree = 0, disagree = 0;

	if (!oracle_available()) {
		printf("SKIP: kernel oracle unavailable: %s\n", oracle_unavailable_reason());
		return 77;
	}
	for (int code = 0; code < 256; code++) {
		/* [insn, exit], or [ld_imm64, second half, exit] */
		struct hive_insn prog[3] = { { 0 },
					     { .code = code == 0x18 ? 0 : BPF_JMP | BPF_EXIT },
					     { .code = BPF_JMP | BPF_EXIT } };
		struct oracle_load_opts opts = { .prog_type = ORACLE_PROG_SOCKET_FILTER,
						 .log_buf = log,
						 .log_size = sizeof(log) };
		bool we_know = probe_insn(code, &prog[0]) && code != (BPF_JMP | BPF_CALL | BPF_X);
		int fd = oracle_prog_load(prog, code == 0x18 ? 3 : 2, &opts);
		bool kernel_knows = fd >= 0 || !encoding_refused(log);

		oracle_prog_close(fd);
		if (kernel_knows == we_know) {
			agree++;
			continue;
		}
		disagree++;
		printf("FAIL opcode 0x%02x: the kernel %s it, our table %s\n", code,
		       kernel_knows ? "knows" : "does not know", we_know ? "has" : "does not have");
	}
	printf("%d passed, %d failed\n", agree, disagree);
	return disagree != 0;
}
