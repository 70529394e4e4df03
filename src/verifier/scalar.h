/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verifier/scalar.h: the transfer functions of the verifier's scalar domain, for the do_check
 * driver to call: what an ALU/ALU64 instruction does to a scalar register (scalar_alu.c), and
 * what a conditional jump tells about its operands (scalar_cond.c). Results equal Linux 6.18's.
 *
 * The driver keeps doing what needs the whole verifier state: operand and reserved-field
 * checks and their messages, pointer arithmetic, Spectre sanitation, scalar ids (linked
 * registers, BPF_ADD_CONST), precision marks, and pushing the second branch of a jump or of a
 * scalar fork. A typical ALU step:
 *
 *	struct bpf_reg_state fork;
 *	int ret = scalar_alu_insn(insn, regs, !env->bpf_capable, &fork);
 *	if (ret == SCALAR_ALU_FORK)
 *		push a state at this same insn with regs[insn->dst_reg] = fork;
 *
 * and a conditional jump on two scalars (for BPF_K, src is a scalar known to be (s64)imm):
 *
 *	int pred = is_branch_taken(dst, src, BPF_OP(insn->code), is_jmp32);
 *	if (pred < 0) {
 *		copy dst/src into the jump branch's state as tdst/tsrc, then
 *		reg_set_min_max(tdst, tsrc, dst, src, BPF_OP(insn->code), is_jmp32);
 *	}
 */
#ifndef __HIVE_VERIFIER_SCALAR_H
#define __HIVE_VERIFIER_SCALAR_H

#include "isa/insn.h"
#include "verifier/regs.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- ALU (scalar_alu.c) ---- */

/*
 * True if the kernel computes a range for this op (ADD, SUB, NEG, MUL, AND, OR, XOR, END, and
 * shifts by a constant smaller than the width); otherwise the result is an unknown scalar.
 * DIV and MOD always give an unknown scalar in 6.18.
 */
bool is_safe_to_compute_dst_reg_range(const struct hive_insn *insn,
				      const struct bpf_reg_state *src_reg);

/*
 * adjust_scalar_min_max_vals() - dst_reg = dst_reg OP src_reg for a binary ALU/ALU64 op, NEG
 * or END, on scalars (kernel: adjust_scalar_min_max_vals). For NEG and END pass a copy of
 * dst_reg as @src_reg. @precise_unknown is what an unknown result gets as its precise flag.
 * @fork: if the kernel would fork here (maybe_fork_scalars: AND/OR with a constant while dst
 * is in [-1, 0]), dst continues as -1 and *@fork receives dst as 0: the driver pushes a state
 * at this same insn with that register. With @fork NULL no fork is considered.
 * Returns 0, or SCALAR_ALU_FORK when *@fork was filled.
 */
#define SCALAR_ALU_FORK 1
int adjust_scalar_min_max_vals(const struct hive_insn *insn, struct bpf_reg_state *dst_reg,
			       struct bpf_reg_state src_reg, bool precise_unknown,
			       struct bpf_reg_state *fork);

/*
 * scalar_alu_insn() - one whole BPF_ALU/BPF_ALU64 instruction on scalar registers: MOV from an
 * immediate or a register (including the sign-extending MOVSX forms, insn->off 8/16/32),
 * NEG, END, and the binary ops with an immediate (BPF_K, imm sign-extended) or a register
 * (BPF_X). @regs is the register file, indexed by insn->dst_reg and insn->src_reg; the
 * operands must be SCALAR_VALUE (a MOV's destination may be anything). The destination's
 * id is cleared unless the op may link registers (MOV of a register, ADD/SUB of a constant):
 * those ids are the driver's. subreg_def is left to the driver too.
 * Returns 0, SCALAR_ALU_FORK (see adjust_scalar_min_max_vals()), or -EINVAL for a code that
 * is not an ALU opcode of the ISA.
 */
int scalar_alu_insn(const struct hive_insn *insn, struct bpf_reg_state *regs, bool precise_unknown,
		    struct bpf_reg_state *fork);

/* The unary/binary range steps, usable alone (the kernel's scalar{,32}_min_max_<op>). They
 * update only their half (64 or 32 bits); var_off must already hold the op's result for AND,
 * OR, XOR (as in the kernel), and the shifts compute var_off themselves.
 */
void scalar_min_max_add(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
void scalar32_min_max_add(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
void scalar_min_max_sub(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
void scalar32_min_max_sub(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
void scalar_min_max_mul(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
void scalar32_min_max_mul(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
void scalar_min_max_and(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
void scalar32_min_max_and(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
void scalar_min_max_or(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
void scalar32_min_max_or(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
void scalar_min_max_xor(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
void scalar32_min_max_xor(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
void scalar_min_max_lsh(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
void scalar32_min_max_lsh(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
void scalar_min_max_rsh(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
void scalar32_min_max_rsh(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
void scalar_min_max_arsh(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
void scalar32_min_max_arsh(struct bpf_reg_state *dst, const struct bpf_reg_state *src);
/* BPF_END / bswap of a scalar (kernel: scalar_byte_swap); little-endian host, as x86-64. */
void scalar_byte_swap(struct bpf_reg_state *dst, const struct hive_insn *insn);

/* ---- conditional jumps (scalar_cond.c) ---- */

/* BPF_JEQ..BPF_JSLE with operands swapped (a > b is b < a), and negated (the false branch of
 * a > b is a <= b; the negation of BPF_JSET is written BPF_JSET | BPF_X, as in the kernel).
 */
u8 flip_opcode(u32 opcode);
u8 rev_opcode(u8 opcode);

/*
 * is_scalar_branch_taken() - whether "reg1 OP reg2" holds for every (1), no (0) or only some
 * (-1) pair of values, looking at the 64-bit or, for @is_jmp32, the 32-bit view. @opcode is a
 * BPF_OP() value of a conditional jump (BPF_JEQ..BPF_JSLE).
 */
int is_scalar_branch_taken(const struct bpf_reg_state *reg1, const struct bpf_reg_state *reg2,
			   u8 opcode, bool is_jmp32);
/*
 * is_branch_taken() - the same for any two registers, as the kernel's is_branch_taken() minus
 * packet pointers: a pointer that cannot be NULL compared with (==, !=) a constant 0 decides
 * the branch, any other pointer comparison is -1.
 * Pointer nullness needs the driver's knowledge; @reg1_not_null/@reg2_not_null give it.
 */
int is_branch_taken(const struct bpf_reg_state *reg1, const struct bpf_reg_state *reg2, u8 opcode,
		    bool is_jmp32, bool reg1_not_null, bool reg2_not_null);

/*
 * regs_refine_cond_op() - narrow two scalars given that "reg1 OP reg2" holds (OP may be any
 * conditional op or BPF_JSET | BPF_X, "no common bit"). Both may be the same register, in
 * which case both refinements apply to it, as in the kernel. Call reg_bounds_sync() after.
 */
void regs_refine_cond_op(struct bpf_reg_state *reg1, struct bpf_reg_state *reg2, u8 opcode,
			 bool is_jmp32);

/*
 * reg_set_min_max() - the states of both operands in both successors of an undecided jump
 * (is_branch_taken() < 0): true_reg1/2 for the jump taken, false_reg1/2 for the fall-through.
 * Each pair starts as copies of the operands. Nothing is learnt if one of them is not a scalar.
 * Returns 0, or a bit mask of the registers (1 true_reg1, 2 true_reg2, 4 false_reg1,
 * 8 false_reg2) whose result violated the bounds invariants: the kernel's
 * reg_bounds_sanity_check() logs "verifier bug: REG INVARIANTS VIOLATION ..." for each (see
 * reg_bounds_invalid()) and carries on with the register's ranges made unbounded, as done here.
 */
int reg_set_min_max(struct bpf_reg_state *true_reg1, struct bpf_reg_state *true_reg2,
		    struct bpf_reg_state *false_reg1, struct bpf_reg_state *false_reg2, u8 opcode,
		    bool is_jmp32);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_VERIFIER_SCALAR_H */
