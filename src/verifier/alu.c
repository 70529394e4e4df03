// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/alu.c: BPF_ALU and BPF_ALU64 instructions (the kernel's check_alu_op()): operand
 * checks, moves (which copy whole register states and link scalars by id), pointer arithmetic
 * (pointer +/- scalar keeps the pointer type and moves its offset; anything else on a pointer is
 * rejected), and scalar arithmetic through the scalar core (scalar.h).
 *
 * Scalar ids: "r1 = r2" gives both registers the same id, so that a later comparison that
 * narrows one narrows the other (sync_linked_regs() in jmp.c). "r1 += K" after such a copy keeps
 * the link with an offset (BPF_ADD_CONST, reg->off = K).
 */
#include <errno.h>
#include <string.h>

#include "verifier/env.h"
#include "verifier/scalar.h"

static const char *const bpf_alu_string[16] = {
	[BPF_ADD >> 4] = "+=",	  [BPF_SUB >> 4] = "-=",     [BPF_MUL >> 4] = "*=",
	[BPF_DIV >> 4] = "/=",	  [BPF_OR >> 4] = "|=",	     [BPF_AND >> 4] = "&=",
	[BPF_LSH >> 4] = "<<=",	  [BPF_RSH >> 4] = ">>=",    [BPF_NEG >> 4] = "neg",
	[BPF_MOD >> 4] = "%=",	  [BPF_XOR >> 4] = "^=",     [BPF_MOV >> 4] = "=",
	[BPF_ARSH >> 4] = "s>>=", [BPF_END >> 4] = "endian",
};

const char *alu_op_string(u8 opcode)
{
	return bpf_alu_string[opcode >> 4];
}

/* Number of significant bits of the register's largest value (fls64 of umax). */
int get_reg_width(const struct bpf_reg_state *reg)
{
	return reg->umax_value ? 64 - __builtin_clzll(reg->umax_value) : 0;
}

void assign_scalar_id_before_mov(struct bpf_verifier_env *env, struct bpf_reg_state *src_reg)
{
	if (src_reg->type != SCALAR_VALUE)
		return;
	if (src_reg->id & BPF_ADD_CONST) {
		/* rX = rY where rY already has a linked offset: several "+= const"
		 * are not supported, drop the link.
		 */
		src_reg->id = 0;
		src_reg->off = 0;
	}
	if (!src_reg->id && !tnum_is_const(src_reg->var_off))
		/* give src an id that the copy shares, for sync_linked_regs() */
		src_reg->id = ++env->id_gen;
}

static bool check_reg_sane_offset(struct bpf_verifier_env *env, const struct bpf_reg_state *reg,
				  u32 type)
{
	bool known = tnum_is_const(reg->var_off);
	s64 val = (s64)reg->var_off.value;
	s64 smin = reg->smin_value;

	if (known && (val >= BPF_MAX_VAR_OFF || val <= -BPF_MAX_VAR_OFF)) {
		verbose(env, "math between %s pointer and %lld is not allowed\n",
			reg_type_str(env, type), (long long)val);
		return false;
	}
	if (reg->off >= BPF_MAX_VAR_OFF || reg->off <= -BPF_MAX_VAR_OFF) {
		verbose(env, "%s pointer offset %d is not allowed\n", reg_type_str(env, type),
			reg->off);
		return false;
	}
	if (smin == S64_MIN) {
		verbose(env,
			"math between %s pointer and register with unbounded min value is not allowed\n",
			reg_type_str(env, type));
		return false;
	}
	if (smin >= BPF_MAX_VAR_OFF || smin <= -BPF_MAX_VAR_OFF) {
		verbose(env, "value %lld makes %s pointer be out of bounds\n", (long long)smin,
			reg_type_str(env, type));
		return false;
	}
	return true;
}

static bool ptr_type_allows_math(const struct bpf_reg_state *ptr_reg, bool known, s64 smin_val,
				 u8 opcode)
{
	switch (base_type(ptr_reg->type)) {
	case PTR_TO_CTX:
	case PTR_TO_MAP_VALUE:
	case PTR_TO_MAP_KEY:
	case PTR_TO_STACK:
	case PTR_TO_PACKET_META:
	case PTR_TO_PACKET:
	case PTR_TO_TP_BUFFER:
	case PTR_TO_BTF_ID:
	case PTR_TO_MEM:
	case PTR_TO_BUF:
	case PTR_TO_FUNC:
	case CONST_PTR_TO_DYNPTR:
		return true;
	case PTR_TO_FLOW_KEYS:
		if (known)
			return true;
		__attribute__((fallthrough));
	case CONST_PTR_TO_MAP:
		/* smin_val represents the known value */
		return known && smin_val == 0 && opcode == BPF_ADD;
	default:
		return false;
	}
}

/* pointer += scalar */
static void ptr_add(struct bpf_verifier_env *env, struct bpf_reg_state *dst_reg,
		    const struct bpf_reg_state *ptr_reg, const struct bpf_reg_state *off_reg)
{
	bool known = tnum_is_const(off_reg->var_off);
	s64 smin_val = off_reg->smin_value, smax_val = off_reg->smax_value;
	u64 umin_val = off_reg->umin_value, umax_val = off_reg->umax_value;
	struct tnum ptr_var_off = ptr_reg->var_off, off_var_off = off_reg->var_off;
	s64 smin_ptr = ptr_reg->smin_value, smax_ptr = ptr_reg->smax_value;
	u64 umin_ptr = ptr_reg->umin_value, umax_ptr = ptr_reg->umax_value;
	s32 ptr_off = ptr_reg->off;
	unsigned long raw1 = ptr_reg->raw.raw1, raw2 = ptr_reg->raw.raw2;
	bool pkt = reg_is_pkt_pointer(ptr_reg);

	/* a fixed offset accumulates into reg->off as long as it fits an s32 */
	if (known && (ptr_off + smin_val == (s64)(s32)(ptr_off + smin_val))) {
		dst_reg->smin_value = smin_ptr;
		dst_reg->smax_value = smax_ptr;
		dst_reg->umin_value = umin_ptr;
		dst_reg->umax_value = umax_ptr;
		dst_reg->var_off = ptr_var_off;
		dst_reg->off = (s32)(ptr_off + smin_val);
		dst_reg->raw.raw1 = raw1;
		dst_reg->raw.raw2 = raw2;
		return;
	}
	/* a new variable offset: off_reg's range adds into the pointer's */
	if (__builtin_add_overflow(smin_ptr, smin_val, &dst_reg->smin_value) ||
	    __builtin_add_overflow(smax_ptr, smax_val, &dst_reg->smax_value)) {
		dst_reg->smin_value = S64_MIN;
		dst_reg->smax_value = S64_MAX;
	}
	if (__builtin_add_overflow(umin_ptr, umin_val, &dst_reg->umin_value) ||
	    __builtin_add_overflow(umax_ptr, umax_val, &dst_reg->umax_value)) {
		dst_reg->umin_value = 0;
		dst_reg->umax_value = U64_MAX;
	}
	dst_reg->var_off = tnum_add(ptr_var_off, off_var_off);
	dst_reg->off = ptr_off;
	dst_reg->raw.raw1 = raw1;
	dst_reg->raw.raw2 = raw2;
	if (pkt) {
		dst_reg->id = ++env->id_gen;
		/* something was added to pkt_ptr, set range to zero */
		memset(&dst_reg->raw, 0, sizeof(dst_reg->raw));
	}
}

/* pointer -= scalar */
static int ptr_sub(struct bpf_verifier_env *env, struct bpf_reg_state *dst_reg,
		   const struct bpf_reg_state *ptr_reg, const struct bpf_reg_state *off_reg,
		   u32 dst)
{
	bool known = tnum_is_const(off_reg->var_off);
	s64 smin_val = off_reg->smin_value, smax_val = off_reg->smax_value;
	u64 umin_val = off_reg->umin_value, umax_val = off_reg->umax_value;
	struct tnum ptr_var_off = ptr_reg->var_off, off_var_off = off_reg->var_off;
	s64 smin_ptr = ptr_reg->smin_value, smax_ptr = ptr_reg->smax_value;
	u64 umin_ptr = ptr_reg->umin_value, umax_ptr = ptr_reg->umax_value;
	s32 ptr_off = ptr_reg->off;
	u32 ptr_id = ptr_reg->id;
	unsigned long raw1 = ptr_reg->raw.raw1, raw2 = ptr_reg->raw.raw2;
	bool pkt = reg_is_pkt_pointer(ptr_reg);

	if (dst_reg == off_reg) {
		/* scalar -= pointer.  Creates an unknown scalar */
		verbose(env, "R%d tried to subtract pointer from scalar\n", dst);
		return -EACCES;
	}
	/* JITs might not handle subtraction from the frame pointer */
	if (ptr_reg->type == PTR_TO_STACK) {
		verbose(env, "R%d subtraction from stack pointer prohibited\n", dst);
		return -EACCES;
	}
	if (known && (ptr_off - smin_val == (s64)(s32)(ptr_off - smin_val))) {
		dst_reg->smin_value = smin_ptr;
		dst_reg->smax_value = smax_ptr;
		dst_reg->umin_value = umin_ptr;
		dst_reg->umax_value = umax_ptr;
		dst_reg->var_off = ptr_var_off;
		dst_reg->id = ptr_id;
		dst_reg->off = (s32)(ptr_off - smin_val);
		dst_reg->raw.raw1 = raw1;
		dst_reg->raw.raw2 = raw2;
		return 0;
	}
	if (__builtin_sub_overflow(smin_ptr, smax_val, &dst_reg->smin_value) ||
	    __builtin_sub_overflow(smax_ptr, smin_val, &dst_reg->smax_value)) {
		dst_reg->smin_value = S64_MIN;
		dst_reg->smax_value = S64_MAX;
	}
	if (umin_ptr < umax_val) {
		dst_reg->umin_value = 0;
		dst_reg->umax_value = U64_MAX;
	} else {
		dst_reg->umin_value = umin_ptr - umax_val;
		dst_reg->umax_value = umax_ptr - umin_val;
	}
	dst_reg->var_off = tnum_sub(ptr_var_off, off_var_off);
	dst_reg->off = ptr_off;
	dst_reg->raw.raw1 = raw1;
	dst_reg->raw.raw2 = raw2;
	if (pkt) {
		dst_reg->id = ++env->id_gen;
		/* a non-negative subtrahend keeps the checked range */
		if (smin_val < 0)
			memset(&dst_reg->raw, 0, sizeof(dst_reg->raw));
	}
	return 0;
}

/*
 * Pointer +/- scalar: the new pointer's offset range. Returns -EACCES (with a message) for
 * operations a pointer does not support.
 */
static int adjust_ptr_min_max_vals(struct bpf_verifier_env *env, struct hive_insn *insn,
				   const struct bpf_reg_state *ptr_reg,
				   const struct bpf_reg_state *off_reg)
{
	struct bpf_reg_state *regs = cur_regs(env), *dst_reg = &regs[insn->dst_reg];
	bool known = tnum_is_const(off_reg->var_off);
	s64 smin_val = off_reg->smin_value, smax_val = off_reg->smax_value;
	u64 umin_val = off_reg->umin_value, umax_val = off_reg->umax_value;
	u8 opcode = BPF_OP(insn->code);
	u32 dst = insn->dst_reg;
	u32 ptr_type = ptr_reg->type;
	int ret;

	if ((known && (smin_val != smax_val || umin_val != umax_val)) || smin_val > smax_val ||
	    umin_val > umax_val) {
		/* the offset's bounds are contradictory (dead branch): taint dst */
		__mark_reg_unknown(env, dst_reg);
		return 0;
	}
	if (BPF_CLASS(insn->code) != BPF_ALU64) {
		/* 32-bit ALU ops on pointers produce (meaningless) scalars */
		if (opcode == BPF_SUB && env->allow_ptr_leaks) {
			__mark_reg_unknown(env, dst_reg);
			return 0;
		}
		verbose(env, "R%d 32-bit pointer arithmetic prohibited\n", dst);
		return -EACCES;
	}
	if (ptr_reg->type & PTR_MAYBE_NULL) {
		verbose(env, "R%d pointer arithmetic on %s prohibited, null-check it first\n", dst,
			reg_type_str(env, ptr_reg->type));
		return -EACCES;
	}
	/* untrusted PTR_TO_MEM is accessed through probe instructions: no offsets */
	if (base_type(ptr_reg->type) == PTR_TO_MEM && (ptr_reg->type & PTR_UNTRUSTED))
		return 0;
	if (!ptr_type_allows_math(ptr_reg, known, smin_val, opcode)) {
		verbose(env, "R%d pointer arithmetic on %s prohibited\n", dst,
			reg_type_str(env, ptr_reg->type));
		return -EACCES;
	}
	/* 'scalar += pointer': dst inherits the pointer's type and id */
	dst_reg->type = ptr_reg->type;
	dst_reg->id = ptr_reg->id;
	if (!check_reg_sane_offset(env, off_reg, ptr_type) ||
	    !check_reg_sane_offset(env, ptr_reg, ptr_type))
		return -EINVAL;
	/* pointer types do not carry 32-bit bounds at the moment */
	reg_mark32_unbounded(dst_reg);
	switch (opcode) {
	case BPF_ADD:
		ptr_add(env, dst_reg, ptr_reg, off_reg);
		break;
	case BPF_SUB:
		ret = ptr_sub(env, dst_reg, ptr_reg, off_reg, dst);
		if (ret)
			return ret;
		break;
	case BPF_AND:
	case BPF_OR:
	case BPF_XOR:
		verbose(env, "R%d bitwise operator %s on pointer prohibited\n", dst,
			bpf_alu_string[opcode >> 4]);
		return -EACCES;
	default:
		/* other operators (e.g. MUL,LSH) produce non-pointer results */
		verbose(env, "R%d pointer arithmetic with %s operator prohibited\n", dst,
			bpf_alu_string[opcode >> 4]);
		return -EACCES;
	}
	if (!check_reg_sane_offset(env, dst_reg, ptr_type))
		return -EINVAL;
	reg_bounds_sync(dst_reg);
	return 0;
}

/* dst = dst OP src for two scalars, forking the state where the kernel does. */
static int adjust_scalar_vals(struct bpf_verifier_env *env, struct hive_insn *insn,
			      struct bpf_reg_state *dst_reg, struct bpf_reg_state src_reg)
{
	struct bpf_reg_state fork;
	int ret;

	ret = adjust_scalar_min_max_vals(insn, dst_reg, src_reg, !env->bpf_capable, &fork);
	if (ret == SCALAR_ALU_FORK) {
		struct bpf_verifier_state *branch;

		/* the pushed path re-executes this insn with dst's other value */
		branch = push_stack(env, (int)env->insn_idx, (int)env->insn_idx, false);
		if (!branch)
			return -EFAULT;
		branch->frame[branch->curframe]->regs[insn->dst_reg] = fork;
	}
	return 0;
}

/* BPF_X operands with at least one pointer. Returns 1 when it handled the insn fully. */
static int adjust_reg_ptr_operands(struct bpf_verifier_env *env, struct hive_insn *insn,
				   struct bpf_reg_state *dst_reg, struct bpf_reg_state *src_reg,
				   struct bpf_reg_state *ptr_reg)
{
	u8 opcode = BPF_OP(insn->code);
	int err;

	if (src_reg->type != SCALAR_VALUE) {
		if (dst_reg->type != SCALAR_VALUE) {
			/* pointer OP pointer: only subtraction, giving a number */
			if (opcode == BPF_SUB && env->allow_ptr_leaks) {
				mark_reg_unknown(env, cur_regs(env), insn->dst_reg);
				return 1;
			}
			verbose(env, "R%d pointer %s pointer prohibited\n", insn->dst_reg,
				bpf_alu_string[opcode >> 4]);
			return -EACCES;
		}
		/* scalar += pointer: legal, with src/dst roles reversed */
		err = mark_chain_precision(env, insn->dst_reg);
		if (err)
			return err;
		err = adjust_ptr_min_max_vals(env, insn, src_reg, dst_reg);
		return err ? err : 1;
	}
	if (ptr_reg) {
		/* pointer += scalar */
		err = mark_chain_precision(env, insn->src_reg);
		if (err)
			return err;
		err = adjust_ptr_min_max_vals(env, insn, dst_reg, src_reg);
		return err ? err : 1;
	}
	if (dst_reg->precise) {
		/* if dst_reg is precise, src_reg should be precise as well */
		err = mark_chain_precision(env, insn->src_reg);
		if (err)
			return err;
	}
	return 0;
}

/* ALU ops other than END, NEG and MOV. */
static int adjust_reg_min_max_vals(struct bpf_verifier_env *env, struct hive_insn *insn)
{
	struct bpf_reg_state *regs = cur_regs(env), *dst_reg, *src_reg;
	struct bpf_reg_state *ptr_reg = NULL, off_reg;
	bool alu32 = BPF_CLASS(insn->code) != BPF_ALU64;
	u64 dst_umax;
	int err;

	dst_reg = &regs[insn->dst_reg];
	if (dst_reg->type == PTR_TO_ARENA) {
		if (BPF_CLASS(insn->code) == BPF_ALU64)
			/* 64-bit operations need to be converted to 32 */
			cur_aux(env)->needs_zext = true;
		/* any arithmetic is allowed on arena pointers */
		return 0;
	}
	if (dst_reg->type != SCALAR_VALUE)
		ptr_reg = dst_reg;
	if (BPF_SRC(insn->code) == BPF_X) {
		src_reg = &regs[insn->src_reg];
		err = adjust_reg_ptr_operands(env, insn, dst_reg, src_reg, ptr_reg);
		if (err)
			return err < 0 ? err : 0;
	} else {
		/* a register holding the known immediate */
		memset(&off_reg, 0, sizeof(off_reg));
		off_reg.type = SCALAR_VALUE;
		reg_mark_known(&off_reg, (u64)(s64)insn->imm);
		src_reg = &off_reg;
		if (ptr_reg) /* pointer += K */
			return adjust_ptr_min_max_vals(env, insn, ptr_reg, src_reg);
	}
	dst_umax = dst_reg->umax_value;
	err = adjust_scalar_vals(env, insn, dst_reg, *src_reg);
	if (err)
		return err;
	/*
	 * r1 = r2; r1 += 1; if r2 < 1000 ...: remember the constant delta between r1 and r2
	 * (adds and subtractions, 64- or 32-bit) so that the comparison's knowledge reaches r1.
	 */
	if (env->bpf_capable && (BPF_OP(insn->code) == BPF_ADD || BPF_OP(insn->code) == BPF_SUB) &&
	    dst_reg->id && is_reg_const(src_reg, alu32) &&
	    !(BPF_SRC(insn->code) == BPF_X && insn->src_reg == insn->dst_reg)) {
		u64 val = reg_const_value(src_reg, alu32);
		s32 off;

		if (!alu32 && ((s64)val < S32_MIN || (s64)val > S32_MAX))
			goto clear_id;
		/* a 32-bit add keeps the link only when the upper half was zero */
		if (alu32 && dst_umax > U32_MAX)
			goto clear_id;
		off = (s32)val;
		if (BPF_OP(insn->code) == BPF_SUB) {
			if (off == S32_MIN) /* negating it would overflow */
				goto clear_id;
			off = -off;
		}
		if (dst_reg->id & BPF_ADD_CONST) {
			/* a second "+= val" cannot accumulate into off */
clear_id:
			dst_reg->off = 0;
			dst_reg->id = 0;
		} else {
			dst_reg->id |= alu32 ? BPF_ADD_CONST32 : BPF_ADD_CONST64;
			dst_reg->off = off;
		}
	} else {
		/* clear the id, or sync_linked_regs() would spread wrong bounds */
		dst_reg->id = 0;
		dst_reg->off = 0;
	}
	return 0;
}

static int check_neg_end(struct bpf_verifier_env *env, struct hive_insn *insn)
{
	struct bpf_reg_state *regs = cur_regs(env);
	u8 opcode = BPF_OP(insn->code);
	int err;

	if (opcode == BPF_NEG) {
		if (BPF_SRC(insn->code) != BPF_K || insn->src_reg != BPF_REG_0 || insn->off != 0 ||
		    insn->imm != 0) {
			verbose(env, "BPF_NEG uses reserved fields\n");
			return -EINVAL;
		}
	} else if (insn->src_reg != BPF_REG_0 || insn->off != 0 ||
		   (insn->imm != 16 && insn->imm != 32 && insn->imm != 64) ||
		   (BPF_CLASS(insn->code) == BPF_ALU64 && BPF_SRC(insn->code) != BPF_TO_LE)) {
		verbose(env, "BPF_END uses reserved fields\n");
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;
	if (is_pointer_value(env, insn->dst_reg)) {
		verbose(env, "R%d pointer arithmetic prohibited\n", insn->dst_reg);
		return -EACCES;
	}
	/* 6.18.44 tracks both NEG and byte swaps of scalars (the live kernel says so) */
	if (regs[insn->dst_reg].type == SCALAR_VALUE) {
		err = check_reg_arg(env, insn->dst_reg, DST_OP_NO_MARK);
		return err   ?:
			       adjust_scalar_vals(env, insn, &regs[insn->dst_reg],
						  regs[insn->dst_reg]);
	}
	return check_reg_arg(env, insn->dst_reg, DST_OP);
}

static int check_mov_fields(struct bpf_verifier_env *env, struct hive_insn *insn)
{
	if (BPF_SRC(insn->code) != BPF_X) {
		if (insn->src_reg != BPF_REG_0 || insn->off != 0) {
			verbose(env, "BPF_MOV uses reserved fields\n");
			return -EINVAL;
		}
		return 0;
	}
	if (BPF_CLASS(insn->code) == BPF_ALU) {
		if ((insn->off != 0 && insn->off != 8 && insn->off != 16) || insn->imm) {
			verbose(env, "BPF_MOV uses reserved fields\n");
			return -EINVAL;
		}
	} else if (insn->off == BPF_ADDR_SPACE_CAST) {
		if (insn->imm != 1 && insn->imm != 1u << 16) {
			verbose(env,
				"addr_space_cast insn can only convert between address space 1 and 0\n");
			return -EINVAL;
		}
		if (!verifier_prog_has_arena(env)) {
			verbose(env,
				"addr_space_cast insn can only be used in a program that has an associated arena\n");
			return -EINVAL;
		}
	} else if ((insn->off != 0 && insn->off != 8 && insn->off != 16 && insn->off != 32) ||
		   insn->imm) {
		verbose(env, "BPF_MOV uses reserved fields\n");
		return -EINVAL;
	}
	return check_reg_arg(env, insn->src_reg, SRC_OP);
}

/* rX = rY and rX = (sN)rY, 64-bit. */
static int mov64_reg(struct bpf_verifier_env *env, struct hive_insn *insn)
{
	struct bpf_reg_state *regs = cur_regs(env);
	struct bpf_reg_state *src_reg = regs + insn->src_reg, *dst_reg = regs + insn->dst_reg;

	if (insn->imm) {
		/* off == BPF_ADDR_SPACE_CAST */
		mark_reg_unknown(env, regs, insn->dst_reg);
		if (insn->imm == 1) { /* cast from as(1) to as(0) */
			dst_reg->type = PTR_TO_ARENA;
			/* PTR_TO_ARENA is 32-bit */
			dst_reg->subreg_def = (s32)env->insn_idx + 1;
		}
	} else if (insn->off == 0) {
		/* copy register state to dest reg */
		assign_scalar_id_before_mov(env, src_reg);
		*dst_reg = *src_reg;
		dst_reg->subreg_def = DEF_NOT_SUBREG;
	} else if (is_pointer_value(env, insn->src_reg)) {
		verbose(env, "R%d sign-extension part of pointer\n", insn->src_reg);
		return -EACCES;
	} else if (src_reg->type == SCALAR_VALUE) {
		bool no_sext = src_reg->umax_value < (1ULL << (insn->off - 1));

		if (no_sext)
			assign_scalar_id_before_mov(env, src_reg);
		*dst_reg = *src_reg;
		if (!no_sext)
			dst_reg->id = 0;
		coerce_reg_to_size_sx(dst_reg, insn->off >> 3);
		dst_reg->subreg_def = DEF_NOT_SUBREG;
	} else {
		mark_reg_unknown(env, regs, insn->dst_reg);
	}
	return 0;
}

/* wX = wY and wX = (sN)wY. */
static int mov32_reg(struct bpf_verifier_env *env, struct hive_insn *insn)
{
	struct bpf_reg_state *regs = cur_regs(env);
	struct bpf_reg_state *src_reg = regs + insn->src_reg, *dst_reg = regs + insn->dst_reg;

	if (is_pointer_value(env, insn->src_reg)) {
		verbose(env, "R%d partial copy of pointer\n", insn->src_reg);
		return -EACCES;
	}
	if (src_reg->type == SCALAR_VALUE) {
		if (insn->off == 0) {
			bool is_src_reg_u32 = get_reg_width(src_reg) <= 32;

			if (is_src_reg_u32)
				assign_scalar_id_before_mov(env, src_reg);
			*dst_reg = *src_reg;
			/* a copy of a value wider than 32 bits is not linked */
			if (!is_src_reg_u32)
				dst_reg->id = 0;
			dst_reg->subreg_def = (s32)env->insn_idx + 1;
		} else {
			bool no_sext = src_reg->umax_value < (1ULL << (insn->off - 1));

			if (no_sext)
				assign_scalar_id_before_mov(env, src_reg);
			*dst_reg = *src_reg;
			if (!no_sext)
				dst_reg->id = 0;
			dst_reg->subreg_def = (s32)env->insn_idx + 1;
			coerce_subreg_to_size_sx(dst_reg, insn->off >> 3);
		}
	} else {
		mark_reg_unknown(env, regs, insn->dst_reg);
	}
	zext_32_to_64(dst_reg);
	reg_bounds_sync(dst_reg);
	return 0;
}

static int check_mov(struct bpf_verifier_env *env, struct hive_insn *insn)
{
	struct bpf_reg_state *regs = cur_regs(env);
	int err;

	err = check_mov_fields(env, insn);
	if (err)
		return err;
	/* check dest operand, mark as required later */
	err = check_reg_arg(env, insn->dst_reg, DST_OP_NO_MARK);
	if (err)
		return err;
	if (BPF_SRC(insn->code) == BPF_X) {
		if (BPF_CLASS(insn->code) == BPF_ALU64)
			return mov64_reg(env, insn);
		return mov32_reg(env, insn);
	}
	/* R = imm: clear what __mark_reg_known does not set */
	mark_reg_unknown(env, regs, insn->dst_reg);
	regs[insn->dst_reg].type = SCALAR_VALUE;
	if (BPF_CLASS(insn->code) == BPF_ALU64)
		reg_mark_known(regs + insn->dst_reg, (u64)(s64)insn->imm);
	else
		reg_mark_known(regs + insn->dst_reg, (u32)insn->imm);
	return 0;
}

static int check_binary_op(struct bpf_verifier_env *env, struct hive_insn *insn)
{
	u8 opcode = BPF_OP(insn->code);
	int err;

	if (BPF_SRC(insn->code) == BPF_X) {
		if (insn->imm != 0 || (insn->off != 0 && insn->off != 1) ||
		    (insn->off == 1 && opcode != BPF_MOD && opcode != BPF_DIV)) {
			verbose(env, "BPF_ALU uses reserved fields\n");
			return -EINVAL;
		}
		err = check_reg_arg(env, insn->src_reg, SRC_OP);
		if (err)
			return err;
	} else if (insn->src_reg != BPF_REG_0 || (insn->off != 0 && insn->off != 1) ||
		   (insn->off == 1 && opcode != BPF_MOD && opcode != BPF_DIV)) {
		verbose(env, "BPF_ALU uses reserved fields\n");
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;
	if ((opcode == BPF_MOD || opcode == BPF_DIV) && BPF_SRC(insn->code) == BPF_K &&
	    insn->imm == 0) {
		verbose(env, "div by zero\n");
		return -EINVAL;
	}
	if ((opcode == BPF_LSH || opcode == BPF_RSH || opcode == BPF_ARSH) &&
	    BPF_SRC(insn->code) == BPF_K) {
		int size = BPF_CLASS(insn->code) == BPF_ALU64 ? 64 : 32;

		if (insn->imm < 0 || insn->imm >= size) {
			verbose(env, "invalid shift %d\n", insn->imm);
			return -EINVAL;
		}
	}
	err = check_reg_arg(env, insn->dst_reg, DST_OP_NO_MARK);
	return err ?: adjust_reg_min_max_vals(env, insn);
}

int check_alu_op(struct bpf_verifier_env *env, struct hive_insn *insn)
{
	u8 opcode = BPF_OP(insn->code);
	int err;

	if (opcode == BPF_END || opcode == BPF_NEG) {
		err = check_neg_end(env, insn);
	} else if (opcode == BPF_MOV) {
		err = check_mov(env, insn);
	} else if (opcode > BPF_END) {
		verbose(env, "invalid BPF_ALU opcode %x\n", opcode);
		return -EINVAL;
	} else {
		err = check_binary_op(env, insn);
	}
	if (err)
		return err;
	return reg_bounds_sanity_check(env, &cur_regs(env)[insn->dst_reg], "alu");
}
