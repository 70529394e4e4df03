/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * isa/isa.h: what the rest of bpfhive does with instructions: validate an encoding, assemble
 * text, disassemble to text. The encoding itself and the table of instruction forms are in
 * isa/insn.h; helper ids and names in isa/helpers.h.
 *
 * Two text syntaxes:
 *  - the assembler syntax of the BPF conformance suite (../shared/conformance), which
 *    isa_assemble() reads and isa_disasm() writes by default:
 *        mov32 %r0, 0      ldxb %r0, [%r1+0x2]      lock xchg [%r10-8], %r1      jne %r1, 5, out
 *    with labels (`out:`), comments (`# ...`), and `.insn CODE, DST, SRC, OFF, IMM` for an
 *    encoding that has no mnemonic (so that any instruction array survives a round trip);
 *  - the kernel's verifier-log notation, written only:  r0 = *(u8 *)(r1 +2)
 */
#ifndef __HIVE_ISA_ISA_H
#define __HIVE_ISA_ISA_H

#include <stdio.h>

#include "isa/insn.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Where and why an instruction array or a source text was rejected. */
struct isa_error {
	int idx; /* instruction index (validator), 1-based line (assembler); -1: none */
	char msg[200]; /* one line, no trailing newline, e.g. "BPF_ALU uses reserved fields" */
};

/**
 * isa_validate() - check that @insns is well-formed code, as an interpreter or verifier needs
 * before looking at it: every opcode known, reserved fields zero, registers r0-r10 (r10 never
 * written), ld_imm64 pairs complete with a known pseudo source, every jump and call inside the
 * program and never into the second half of an ld_imm64, jumps staying in their subprogram,
 * each subprogram ending in exit or an unconditional jump, at least one exit.
 *
 * It checks encodings, not meaning: `lsh %r0, 70` or a division by an immediate zero are valid
 * encodings with defined results (the verifier rejects them, the ISA does not).
 *
 * Returns 0, or -EINVAL with @err (if not NULL) naming the instruction index and the reason.
 */
int isa_validate(const struct hive_insn *insns, size_t cnt, struct isa_error *err);

/*
 * The kernel's hidden register r11 (BPF_REG_AX): the verifier's rewrites (context field
 * accesses such as __sk_buff->tstamp, and others in the kernel) use it as a scratch register
 * that the program itself cannot name. Interpreters keep ISA_NR_EXT_REGS registers.
 */
#define ISA_REG_AX MAX_BPF_REG
#define ISA_NR_EXT_REGS (MAX_BPF_REG + 1)

/* Flags of isa_validate_flags(). */
#define ISA_ALLOW_REG_AX (1U << 0) /* a verified image: r11 is a scratch register */

/**
 * isa_validate_flags() - isa_validate() with @flags. ISA_ALLOW_REG_AX accepts r11 wherever an
 * ordinary register may stand (read and written like r0-r9, never a frame pointer); without
 * it r11 is "R11 is invalid", as for raw input. Registers above r11 are always invalid.
 */
int isa_validate_flags(const struct hive_insn *insns, size_t cnt, unsigned int flags,
		       struct isa_error *err);

/**
 * isa_check_insn() - the per-instruction part of isa_validate() for insns[@i]: opcode, selector,
 * reserved fields, registers, ld_imm64 pair. Jump targets are not checked. On success stores the
 * form in *@op (if not NULL) and returns 0; otherwise -EINVAL with @err->msg set.
 */
int isa_check_insn(const struct hive_insn *insns, size_t cnt, size_t i, enum hive_op *op,
		   struct isa_error *err);

/**
 * isa_assemble() - assemble @len bytes of source text (need not be NUL-terminated).
 * On success returns 0 and stores a malloc'ed array in *@insns (the caller frees it) and its
 * length in *@cnt (an empty text gives *@cnt 0 and *@insns NULL). On failure returns -EINVAL (or -ENOMEM) and @err names the line and reason,
 * e.g. "invalid register '%r50'"; *@insns is then NULL. The output is not validated as a program
 * (a missing exit is isa_validate()'s to report), but every instruction is a well-formed encoding
 * except what `.insn` spells out.
 */
int isa_assemble(const char *src, size_t len, struct hive_insn **insns, size_t *cnt,
		 struct isa_error *err);

enum isa_syntax {
	ISA_SYNTAX_ASM, /* the conformance suite's syntax; isa_assemble() reads it back */
	ISA_SYNTAX_KERNEL, /* the verifier log's: "(71) r0 = *(u8 *)(r1 +2)" */
};

struct isa_disasm_opts {
	enum isa_syntax syntax;
	/* kernel syntax: name of a kfunc call (NULL = "kernel-function"); ctx is passed back */
	const char *(*kfunc_name)(void *ctx, const struct hive_insn *insn);
	void *ctx;
};

/**
 * isa_disasm_insn() - write instruction @i of @insns as one line (no newline) into @buf.
 * Returns the number of slots it took (2 for a complete ld_imm64, else 1). An instruction that
 * does not validate is written as `.insn ...` in the assembler syntax, and as
 * "(xx) invalid: REASON" in the kernel's.
 */
int isa_disasm_insn(const struct hive_insn *insns, size_t cnt, size_t i,
		    const struct isa_disasm_opts *opts, char *buf, size_t size);

/**
 * isa_disasm() - the whole program, one instruction a line, to @out. The assembler syntax is
 * exactly what isa_assemble() reads back to the same encoding; the kernel syntax prefixes each
 * line with its index ("3: (07) r1 += 1"), as the verifier log does. Returns 0 or -EIO.
 */
int isa_disasm(const struct hive_insn *insns, size_t cnt, const struct isa_disasm_opts *opts,
	       FILE *out);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_ISA_ISA_H */
