// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/verifier.c: the driver of the static verifier (the kernel's bpf_check() and
 * do_check()), register bookkeeping shared by every other file, and the public entry point.
 *
 * The verifier walks the program instruction by instruction and keeps, for each register and
 * stack slot, an abstract value (a type plus ranges, see regs.h). At a conditional jump whose
 * outcome it cannot decide it follows one successor and pushes a copy of the state for the
 * other; every path ends at an exit, at an error, or at a "checkpoint" (a state saved at a
 * prune point) that an equal or more general state already proved safe. Loops are explored
 * iteration by iteration until states converge or the budget of 1M processed instructions runs
 * out. Before that walk, check_cfg() rejects unreachable code and malformed jumps; after it the
 * fixups rewrite the program for the runtime.
 *
 * Order of passes, as in the kernel (each can reject the program with a log message):
 *   func_info check -> subprograms -> line_info -> ld_imm64 resolution -> CFG -> postorder ->
 *   stack liveness setup -> attach target -> SCCs -> register liveness -> fastcall patterns ->
 *   main program walk -> global subprogram walks -> stack depth -> rewrites -> statistics.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "common/err.h"
#include "verifier/env.h"
#include "verifier/btf_access.h"
#include "verifier/kfunc_call.h"
#include "verifier/progops.h"

/* ---- registers ---- */

void __mark_reg_known_zero(struct bpf_reg_state *reg)
{
	reg_mark_known(reg, 0);
}

void __mark_reg_const_zero(const struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	reg_mark_known(reg, 0);
	reg->type = SCALAR_VALUE;
	/* all scalars are imprecise initially (unless unprivileged) */
	reg->precise = !env->bpf_capable;
}

void mark_reg_known_zero(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno)
{
	__mark_reg_known_zero(regs + regno);
}

void __mark_reg_unknown(const struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	reg_mark_unknown(reg, !env->bpf_capable);
}

void mark_reg_unknown(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno)
{
	__mark_reg_unknown(env, regs + regno);
}

void __mark_reg_not_init(const struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	__mark_reg_unknown(env, reg);
	reg->type = NOT_INIT;
}

void mark_reg_not_init(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno)
{
	__mark_reg_not_init(env, regs + regno);
}

/* A pointer whose object went away: privileged programs may still read it as a number. */
void mark_reg_invalid(const struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	if (!env->allow_ptr_leaks)
		__mark_reg_not_init(env, reg);
	else
		__mark_reg_unknown(env, reg);
}

int reg_bounds_sanity_check(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
			    const char *ctx)
{
	const char *msg;

	if (!reg_bounds_invalid(reg, &msg))
		return 0;
	verifier_bug(env,
		     "REG INVARIANTS VIOLATION (%s): %s u64=[%#llx, %#llx] s64=[%#llx, %#llx] "
		     "u32=[%#x, %#x] s32=[%#x, %#x] var_off=(%#llx, %#llx)",
		     ctx, msg, (unsigned long long)reg->umin_value,
		     (unsigned long long)reg->umax_value, (unsigned long long)reg->smin_value,
		     (unsigned long long)reg->smax_value, reg->u32_min_value, reg->u32_max_value,
		     (u32)reg->s32_min_value, (u32)reg->s32_max_value,
		     (unsigned long long)reg->var_off.value, (unsigned long long)reg->var_off.mask);
	if (env->test_reg_invariants)
		return -EFAULT;
	reg_mark_unbounded(reg);
	return 0;
}

int __mark_reg_s32_range(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno,
			 s32 s32_min, s32 s32_max)
{
	struct bpf_reg_state *reg = regs + regno;

	reg->s32_min_value = max_t(s32, reg->s32_min_value, s32_min);
	reg->s32_max_value = min_t(s32, reg->s32_max_value, s32_max);
	reg->smin_value = max_t(s64, reg->smin_value, s32_min);
	reg->smax_value = min_t(s64, reg->smax_value, s32_max);
	reg_bounds_sync(reg);
	return reg_bounds_sanity_check(env, reg, "s32_range");
}

const struct hive_verifier_map *map_of(const struct bpf_reg_state *reg)
{
	return reg->map_ptr;
}

void mark_ptr_not_null_reg(struct bpf_reg_state *reg)
{
	if (base_type(reg->type) == PTR_TO_MAP_VALUE) {
		const struct hive_verifier_map *map = reg->map_ptr;

		if (map->inner_map) {
			reg->type = CONST_PTR_TO_MAP;
			reg->map_ptr = map->inner_map;
			/* the lookup's id is the inner map's identity for timers and wq */
			if (btf_record_has_field(map->inner_map->record,
						 HIVE_FIELD_TIMER | HIVE_FIELD_WQ |
							 HIVE_FIELD_TASK_WORK))
				reg->map_uid = reg->id;
		} else if (map->type == BPF_MAP_TYPE_XSKMAP) {
			reg->type = PTR_TO_XDP_SOCK;
		} else if (map->type == BPF_MAP_TYPE_SOCKMAP ||
			   map->type == BPF_MAP_TYPE_SOCKHASH) {
			reg->type = PTR_TO_SOCKET;
		} else {
			reg->type = PTR_TO_MAP_VALUE;
		}
		return;
	}
	reg->type &= ~PTR_MAYBE_NULL;
}

int mark_btf_ld_reg(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno,
		    u32 reg_type, const struct hive_btf *btf, u32 btf_id, u32 flag)
{
	switch (reg_type) {
	case SCALAR_VALUE:
		mark_reg_unknown(env, regs, regno);
		return 0;
	case PTR_TO_BTF_ID:
		mark_reg_known_zero(env, regs, regno);
		regs[regno].type = PTR_TO_BTF_ID | flag;
		regs[regno].btf = btf;
		regs[regno].btf_id = btf_id;
		if (type_may_be_null(flag))
			regs[regno].id = ++env->id_gen;
		return 0;
	case PTR_TO_MEM:
		mark_reg_known_zero(env, regs, regno);
		regs[regno].type = PTR_TO_MEM | flag;
		regs[regno].mem_size = 0;
		return 0;
	default:
		verifier_bug(env, "unexpected reg_type %d in %s\n", reg_type, __func__);
		return -EFAULT;
	}
}

static void init_reg_state(struct bpf_verifier_env *env, struct bpf_func_state *state)
{
	struct bpf_reg_state *regs = state->regs;

	for (int i = 0; i < MAX_BPF_REG; i++) {
		mark_reg_not_init(env, regs, (u32)i);
		regs[i].subreg_def = DEF_NOT_SUBREG;
	}
	/* frame pointer */
	regs[BPF_REG_FP].type = PTR_TO_STACK;
	mark_reg_known_zero(env, regs, BPF_REG_FP);
	regs[BPF_REG_FP].frameno = state->frameno;
}

void init_func_state(struct bpf_verifier_env *env, struct bpf_func_state *state, int callsite,
		     int frameno, int subprogno)
{
	state->callsite = callsite;
	state->frameno = (u32)frameno;
	state->subprogno = (u32)subprogno;
	state->callback_ret_range = (struct bpf_retval_range){ 0, 0 };
	init_reg_state(env, state);
	mark_verifier_state_scratched(env);
}

const struct hive_record *reg_btf_record(const struct bpf_reg_state *reg)
{
	if (reg->type == PTR_TO_MAP_VALUE)
		return reg->map_ptr->record;
	if (type_is_ptr_alloc_obj(reg->type))
		return verifier_struct_record(reg->btf, reg->btf_id);
	return NULL;
}

bool reg_may_point_to_spin_lock(const struct bpf_reg_state *reg)
{
	return btf_record_has_field(reg_btf_record(reg),
				    HIVE_FIELD_SPIN_LOCK | HIVE_FIELD_RES_SPIN_LOCK);
}

bool is_trusted_reg(const struct bpf_reg_state *reg)
{
	u32 bt = base_type(reg->type);

	/* A referenced register is always trusted. */
	if (reg->ref_obj_id)
		return true;
	/* Types with a fixed kernel BTF type (sockets, maps) are trusted */
	if ((bt == PTR_TO_SOCKET || bt == PTR_TO_SOCK_COMMON || bt == PTR_TO_TCP_SOCK ||
	     bt == CONST_PTR_TO_MAP) &&
	    !bpf_type_has_unsafe_modifiers(reg->type))
		return true;
	return (type_flag(reg->type) & BPF_REG_TRUSTED_MODIFIERS) &&
	       !bpf_type_has_unsafe_modifiers(reg->type);
}

bool is_rcu_reg(const struct bpf_reg_state *reg)
{
	return reg->type & MEM_RCU;
}

bool reg_not_null(const struct bpf_reg_state *reg)
{
	u32 type = reg->type;

	if (type_may_be_null(type))
		return false;
	type = base_type(type);
	return type == PTR_TO_SOCKET || type == PTR_TO_TCP_SOCK || type == PTR_TO_MAP_VALUE ||
	       type == PTR_TO_MAP_KEY || type == PTR_TO_SOCK_COMMON ||
	       (type == PTR_TO_BTF_ID && is_trusted_reg(reg)) ||
	       (type == PTR_TO_MEM && !(reg->type & PTR_UNTRUSTED)) || type == CONST_PTR_TO_MAP;
}

bool reg_is_pkt_pointer(const struct bpf_reg_state *reg)
{
	return type_is_pkt_pointer(reg->type);
}

bool reg_is_pkt_pointer_any(const struct bpf_reg_state *reg)
{
	return reg_is_pkt_pointer(reg) || reg->type == PTR_TO_PACKET_END;
}

bool __is_pointer_value(bool allow_ptr_leaks, const struct bpf_reg_state *reg)
{
	if (allow_ptr_leaks)
		return false;
	return reg->type != SCALAR_VALUE;
}

bool is_pointer_value(struct bpf_verifier_env *env, int regno)
{
	return __is_pointer_value(env->allow_ptr_leaks, reg_state(env, regno));
}

bool in_sleepable(struct bpf_verifier_env *env)
{
	return env->sleepable || (env->cur_state && env->cur_state->in_sleepable);
}

/* Non-sleepable programs and sleepable ones inside bpf_rcu_read_lock() may follow RCU
 * protected pointers (the result is trusted).
 */
bool in_rcu_cs(struct bpf_verifier_env *env)
{
	return env->cur_state->active_rcu_lock || env->cur_state->active_locks ||
	       !in_sleepable(env);
}

bool bpf_map_is_rdonly(const struct hive_verifier_map *map)
{
	return (map->flags & BPF_F_RDONLY_PROG) && map->frozen;
}

/* ---- register operands ---- */

/* True if the instruction reads or writes all 64 bits of @regno (32-bit optimisation). */
static bool is_reg64(const struct hive_insn *insn, u32 regno, const struct bpf_reg_state *reg,
		     enum reg_arg_type t)
{
	u8 code = insn->code, class = BPF_CLASS(code), op = BPF_OP(code);

	if (class == BPF_JMP) {
		if (op == BPF_EXIT)
			return true;
		if (op == BPF_CALL) {
			if (insn->src_reg == BPF_PSEUDO_CALL)
				return false;
			return t == SRC_OP;
		}
	}
	if (class == BPF_ALU64 && op == BPF_END && (insn->imm == 16 || insn->imm == 32))
		return false;
	if (class == BPF_ALU64 || class == BPF_JMP ||
	    (class == BPF_ALU && op == BPF_END && insn->imm == 64))
		return true;
	if (class == BPF_ALU || class == BPF_JMP32)
		return false;
	if (class == BPF_LDX) {
		if (t != SRC_OP)
			return BPF_SIZE(code) == BPF_DW || BPF_MODE(code) == BPF_MEMSX;
		return true;
	}
	if (class == BPF_STX) {
		if (t == SRC_OP && reg->type != SCALAR_VALUE)
			return true;
		return BPF_SIZE(code) == BPF_DW;
	}
	if (class == BPF_LD) {
		if (BPF_MODE(code) == BPF_IMM)
			return true;
		if (t != SRC_OP)
			return false;
		return true;
	}
	return true;
}

void mark_insn_zext(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	s32 def_idx = reg->subreg_def;

	if (def_idx == DEF_NOT_SUBREG)
		return;
	env->insn_aux_data[def_idx - 1].zext_dst = true;
	/* The dst will be zero extended, so won't be sub-register anymore. */
	reg->subreg_def = DEF_NOT_SUBREG;
}

int __check_reg_arg(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno,
		    enum reg_arg_type t)
{
	const struct hive_insn *insn = env->insns + env->insn_idx;
	struct bpf_reg_state *reg;
	bool rw64;

	if (regno >= MAX_BPF_REG) {
		verbose(env, "R%d is invalid\n", regno);
		return -EINVAL;
	}
	mark_reg_scratched(env, regno);
	reg = &regs[regno];
	rw64 = is_reg64(insn, regno, reg, t);
	if (t == SRC_OP) {
		/* check whether register used as source operand can be read */
		if (reg->type == NOT_INIT) {
			verbose(env, "R%d !read_ok\n", regno);
			return -EACCES;
		}
		/* We don't need to worry about FP liveness because it's read-only */
		if (regno == BPF_REG_FP)
			return 0;
		if (rw64)
			mark_insn_zext(env, reg);
		return 0;
	}
	/* check whether register used as dest operand can be written to */
	if (regno == BPF_REG_FP) {
		verbose(env, "frame pointer is read only\n");
		return -EACCES;
	}
	reg->subreg_def = rw64 ? DEF_NOT_SUBREG : (s32)env->insn_idx + 1;
	if (t == DST_OP)
		mark_reg_unknown(env, regs, regno);
	return 0;
}

int check_reg_arg(struct bpf_verifier_env *env, u32 regno, enum reg_arg_type t)
{
	return __check_reg_arg(env, cur_regs(env), regno, t);
}

/* ---- ld_imm64, ld_abs/ld_ind ---- */

static int check_ld_imm(struct bpf_verifier_env *env, struct hive_insn *insn)
{
	struct bpf_insn_aux_data *aux = cur_aux(env);
	struct bpf_reg_state *regs = cur_regs(env);
	const struct hive_verifier_map *map;
	struct bpf_reg_state *dst_reg;
	int err;

	if (BPF_SIZE(insn->code) != BPF_DW) {
		verbose(env, "invalid BPF_LD_IMM insn\n");
		return -EINVAL;
	}
	if (insn->off != 0) {
		verbose(env, "BPF_LD_IMM64 uses reserved fields\n");
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->dst_reg, DST_OP);
	if (err)
		return err;
	dst_reg = &regs[insn->dst_reg];
	if (insn->src_reg == 0) {
		dst_reg->type = SCALAR_VALUE;
		reg_mark_known(dst_reg, isa_ldimm64_val(insn));
		return 0;
	}
	/* all special sources: a pointer with zero offset */
	mark_reg_known_zero(env, regs, insn->dst_reg);
	if (insn->src_reg == BPF_PSEUDO_BTF_ID) {
		dst_reg->type = aux->btf_var.reg_type;
		switch (base_type(dst_reg->type)) {
		case PTR_TO_MEM:
			dst_reg->mem_size = aux->btf_var.mem_size;
			break;
		case PTR_TO_BTF_ID:
			dst_reg->btf = aux->btf_var.btf;
			dst_reg->btf_id = aux->btf_var.btf_id;
			break;
		default:
			verifier_bug(env, "pseudo btf id: unexpected dst reg type");
			return -EFAULT;
		}
		return 0;
	}
	if (insn->src_reg == BPF_PSEUDO_FUNC) {
		int subprogno = find_subprog(env, (int)env->insn_idx + insn->imm + 1);

		if (!env->in->func_info_cnt) {
			verbose(env, "missing btf func_info\n");
			return -EINVAL;
		}
		if (env->subprog_info[subprogno].linkage != 0 /* BTF_FUNC_STATIC */) {
			verbose(env, "callback function not static\n");
			return -EINVAL;
		}
		dst_reg->type = PTR_TO_FUNC;
		dst_reg->subprogno = (u32)subprogno;
		return 0;
	}
	map = &env->in->maps[aux->map_index];
	dst_reg->map_ptr = map;
	if (insn->src_reg == BPF_PSEUDO_MAP_VALUE || insn->src_reg == BPF_PSEUDO_MAP_IDX_VALUE) {
		if (map->type == BPF_MAP_TYPE_ARENA) {
			__mark_reg_unknown(env, dst_reg);
			return 0;
		}
		dst_reg->type = PTR_TO_MAP_VALUE;
		dst_reg->off = (s32)aux->map_off;
		/* reg->id stays 0: the value of a one-entry array is not distinct */
	} else if (insn->src_reg == BPF_PSEUDO_MAP_FD || insn->src_reg == BPF_PSEUDO_MAP_IDX) {
		dst_reg->type = CONST_PTR_TO_MAP;
	} else {
		verifier_bug(env, "unexpected src reg value for ldimm64");
		return -EFAULT;
	}
	return 0;
}

static bool may_access_skb(u32 type)
{
	switch (type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
		return true;
	default:
		return false;
	}
}

/*
 * LD_ABS/LD_IND: only where ctx is an skb; they act as a call (clobber r1-r5, result in r0)
 * and may end the program, so no reference may be held.
 */
static int check_ld_abs(struct bpf_verifier_env *env, struct hive_insn *insn)
{
	struct bpf_reg_state *regs = cur_regs(env);
	static const int ctx_reg = BPF_REG_6;
	u8 mode = BPF_MODE(insn->code);
	int i, err;

	if (!may_access_skb(env->prog_type)) {
		verbose(env, "BPF_LD_[ABS|IND] instructions not allowed for this program type\n");
		return -EINVAL;
	}
	if (insn->dst_reg != BPF_REG_0 || insn->off != 0 || BPF_SIZE(insn->code) == BPF_DW ||
	    (mode == BPF_ABS && insn->src_reg != BPF_REG_0)) {
		verbose(env, "BPF_LD_[ABS|IND] uses reserved fields\n");
		return -EINVAL;
	}
	err = check_reg_arg(env, ctx_reg, SRC_OP);
	if (err)
		return err;
	err = check_resource_leak(env, false, true, "BPF_LD_[ABS|IND]");
	if (err)
		return err;
	if (regs[ctx_reg].type != PTR_TO_CTX) {
		verbose(env, "at the time of BPF_LD_ABS|IND R6 != pointer to skb\n");
		return -EINVAL;
	}
	if (mode == BPF_IND) {
		err = check_reg_arg(env, insn->src_reg, SRC_OP);
		if (err)
			return err;
	}
	err = check_ptr_off_reg(env, &regs[ctx_reg], ctx_reg);
	if (err < 0)
		return err;
	for (i = 0; i < CALLER_SAVED_REGS; i++) {
		mark_reg_not_init(env, regs, (u32)i);
		check_reg_arg(env, (u32)i, DST_OP_NO_MARK);
	}
	mark_reg_unknown(env, regs, BPF_REG_0);
	/* ld_abs loads up to 32-bit skb data */
	regs[BPF_REG_0].subreg_def = (s32)env->insn_idx + 1;
	return 0;
}

/* ---- the main loop ---- */

/* do_check_insn() results besides 0 and -errno: the path ended; a jump moved insn_idx. */
enum { PROCESS_BPF_EXIT = 1, JMP_DONE = 2 };

static int process_bpf_exit_full(struct bpf_verifier_env *env, bool *do_print_state,
				 bool exception_exit)
{
	/* Check leaks before prepare_func_exit(): a callback's references must match the
	 * caller's when it exits.
	 */
	int err = check_resource_leak(env, exception_exit, !env->cur_state->curframe,
				      "BPF_EXIT instruction in main prog");

	if (err)
		return err;
	if (exception_exit)
		return PROCESS_BPF_EXIT;
	if (env->cur_state->curframe) {
		err = bpf_update_live_stack(env);
		if (err)
			return err;
		/* exit from nested function */
		err = prepare_func_exit(env, (int *)&env->insn_idx);
		if (err)
			return err;
		*do_print_state = true;
		return 0;
	}
	err = check_return_code(env, BPF_REG_0, "R0");
	if (err)
		return err;
	return PROCESS_BPF_EXIT;
}

static int check_st_insn(struct bpf_verifier_env *env, struct hive_insn *insn)
{
	u32 dst_reg_type;
	int err;

	if (BPF_MODE(insn->code) != BPF_MEM || insn->src_reg != BPF_REG_0) {
		verbose(env, "BPF_ST uses reserved fields\n");
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;
	dst_reg_type = cur_regs(env)[insn->dst_reg].type;
	err = check_mem_access(env, (int)env->insn_idx, insn->dst_reg, insn->off,
			       BPF_SIZE(insn->code), BPF_WRITE, -1, false, false);
	if (err)
		return err;
	return save_aux_ptr_type(env, dst_reg_type, false);
}

static int check_call_insn(struct bpf_verifier_env *env, struct hive_insn *insn,
			   bool *do_print_state)
{
	int err;

	if (BPF_SRC(insn->code) != BPF_K ||
	    (insn->src_reg != BPF_PSEUDO_KFUNC_CALL && insn->off != 0) ||
	    (insn->src_reg != BPF_REG_0 && insn->src_reg != BPF_PSEUDO_CALL &&
	     insn->src_reg != BPF_PSEUDO_KFUNC_CALL) ||
	    insn->dst_reg != BPF_REG_0 || BPF_CLASS(insn->code) == BPF_JMP32) {
		verbose(env, "BPF_CALL uses reserved fields\n");
		return -EINVAL;
	}
	if (env->cur_state->active_locks) {
		if ((insn->src_reg == BPF_REG_0 && insn->imm != 94 /* BPF_FUNC_spin_unlock */) ||
		    (insn->src_reg == BPF_PSEUDO_KFUNC_CALL &&
		     (insn->off != 0 || !kfunc_spin_allowed(env, (u32)insn->imm)))) {
			verbose(env, "function calls are not allowed while holding a lock\n");
			return -EINVAL;
		}
	}
	if (insn->src_reg == BPF_PSEUDO_CALL) {
		err = check_func_call(env, insn, (int *)&env->insn_idx);
	} else if (insn->src_reg == BPF_PSEUDO_KFUNC_CALL) {
		err = check_kfunc_call(env, insn, (int *)&env->insn_idx);
		if (!err && is_bpf_throw_kfunc(env, insn))
			return process_bpf_exit_full(env, do_print_state, true);
	} else {
		err = check_helper_call(env, insn, (int *)&env->insn_idx);
	}
	if (err)
		return err;
	mark_reg_scratched(env, BPF_REG_0);
	return 0;
}

static int check_jmp_insn(struct bpf_verifier_env *env, struct hive_insn *insn,
			  bool *do_print_state)
{
	u8 class = BPF_CLASS(insn->code), opcode = BPF_OP(insn->code);
	int err;

	env->jmps_processed++;
	if (opcode == BPF_CALL)
		return check_call_insn(env, insn, do_print_state);
	if (opcode == BPF_JA) {
		if (BPF_SRC(insn->code) != BPF_K || insn->src_reg != BPF_REG_0 ||
		    insn->dst_reg != BPF_REG_0 || (class == BPF_JMP && insn->imm != 0) ||
		    (class == BPF_JMP32 && insn->off != 0)) {
			verbose(env, "BPF_JA uses reserved fields\n");
			return -EINVAL;
		}
		if (class == BPF_JMP)
			env->insn_idx += insn->off + 1;
		else
			env->insn_idx += insn->imm + 1;
		/* the caller's insn_idx++ must not apply */
		return JMP_DONE;
	}
	if (opcode == BPF_EXIT) {
		if (BPF_SRC(insn->code) != BPF_K || insn->imm != 0 || insn->src_reg != BPF_REG_0 ||
		    insn->dst_reg != BPF_REG_0 || class == BPF_JMP32) {
			verbose(env, "BPF_EXIT uses reserved fields\n");
			return -EINVAL;
		}
		err = process_bpf_exit_full(env, do_print_state, false);
		/* a return to the caller set insn_idx to the instruction after the call */
		return err == 0 ? JMP_DONE : err;
	}
	return check_cond_jmp_op(env, insn, (int *)&env->insn_idx);
}

static int do_check_insn(struct bpf_verifier_env *env, bool *do_print_state)
{
	struct hive_insn *insn = &env->insns[env->insn_idx];
	u8 class = BPF_CLASS(insn->code);
	int err;

	if (class == BPF_ALU || class == BPF_ALU64) {
		err = check_alu_op(env, insn);
	} else if (class == BPF_LDX) {
		/* reserved fields were checked in resolve_pseudo_ldimm64() */
		err = check_load_mem(env, insn, false, BPF_MODE(insn->code) == BPF_MEMSX, true,
				     "ldx");
	} else if (class == BPF_STX) {
		if (BPF_MODE(insn->code) == BPF_ATOMIC) {
			err = check_atomic(env, insn);
			if (err)
				return err;
			env->insn_idx++;
			return 0;
		}
		if (BPF_MODE(insn->code) != BPF_MEM || insn->imm != 0) {
			verbose(env, "BPF_STX uses reserved fields\n");
			return -EINVAL;
		}
		err = check_store_reg(env, insn, false);
	} else if (class == BPF_ST) {
		err = check_st_insn(env, insn);
	} else if (class == BPF_JMP || class == BPF_JMP32) {
		err = check_jmp_insn(env, insn, do_print_state);
		if (err == JMP_DONE)
			return 0;
		if (err)
			return err;
	} else if (class == BPF_LD) {
		u8 mode = BPF_MODE(insn->code);

		if (mode == BPF_ABS || mode == BPF_IND) {
			err = check_ld_abs(env, insn);
		} else if (mode == BPF_IMM) {
			err = check_ld_imm(env, insn);
			if (err)
				return err;
			env->insn_idx++;
			env->insn_aux_data[env->insn_idx].seen = env->pass_cnt;
		} else {
			verbose(env, "invalid BPF_LD mode\n");
			return -EINVAL;
		}
	} else {
		verbose(env, "unknown insn class %d\n", class);
		return -EINVAL;
	}
	if (err)
		return err;
	env->insn_idx++;
	return 0;
}

static void log_insn(struct bpf_verifier_env *env, struct bpf_verifier_state *state,
		     const struct hive_insn *insn)
{
	if (verifier_state_scratched(env))
		print_insn_state(env, state, state->curframe);
	verbose_linfo(env, env->insn_idx, "; ");
	env->prev_log_pos = env->log.end_pos;
	verbose(env, "%d: ", env->insn_idx);
	verbose_insn(env, insn);
	env->prev_insn_print_pos = env->log.end_pos - env->prev_log_pos;
	env->prev_log_pos = env->log.end_pos;
}

/* A state was pruned or reached an exit: continue with the next state on the stack. */
static int next_path(struct bpf_verifier_env *env, int *prev_insn_idx, bool *do_print_state)
{
	bool pop_log = !(env->log.level & HIVE_LOG_LEVEL2);
	int err;

	mark_verifier_state_scratched(env);
	err = update_branch_counts(env, env->cur_state);
	if (err)
		return err;
	err = bpf_update_live_stack(env);
	if (err)
		return err;
	err = pop_stack(env, prev_insn_idx, (int *)&env->insn_idx, pop_log);
	if (err < 0)
		return err; /* -ENOENT: nothing left */
	*do_print_state = true;
	return 0;
}

static int check_prune_point(struct bpf_verifier_env *env, bool do_print_state)
{
	int err = is_state_visited(env, (int)env->insn_idx);

	if (err != 1)
		return err;
	/* found an equivalent state, prune the search */
	if (env->log.level & (HIVE_LOG_LEVEL1 | HIVE_LOG_LEVEL2)) {
		if (do_print_state)
			verbose(env, "\nfrom %d to %d%s: safe\n", env->prev_insn_idx, env->insn_idx,
				env->cur_state->speculative ? " (speculative execution)" : "");
		else
			verbose(env, "%d: safe\n", env->insn_idx);
	}
	return 1;
}

static int do_check(struct bpf_verifier_env *env)
{
	struct bpf_verifier_state *state = env->cur_state;
	bool do_print_state = false;
	int prev_insn_idx = -1;
	int err;

	for (;;) {
		struct hive_insn *insn;

		env->cur_hist_ent = NULL;
		env->prev_insn_idx = (u32)prev_insn_idx;
		if (env->insn_idx >= env->len) {
			verbose(env, "invalid insn idx %d insn_cnt %d\n", env->insn_idx, env->len);
			return -EFAULT;
		}
		insn = &env->insns[env->insn_idx];
		if (++env->insn_processed > BPF_COMPLEXITY_LIMIT_INSNS) {
			verbose(env, "BPF program is too large. Processed %d insn\n",
				env->insn_processed);
			return -E2BIG;
		}
		state->last_insn_idx = env->prev_insn_idx;
		state->insn_idx = env->insn_idx;
		if (is_prune_point(env, (int)env->insn_idx)) {
			err = check_prune_point(env, do_print_state);
			if (err < 0)
				return err;
			if (err == 1)
				goto process_bpf_exit;
		}
		if (is_jmp_point(env, (int)env->insn_idx)) {
			err = push_jmp_history(env, state, 0, 0);
			if (err)
				return err;
		}
		if ((env->log.level & HIVE_LOG_LEVEL2) && do_print_state) {
			verbose(env, "\nfrom %d to %d%s:", env->prev_insn_idx, env->insn_idx,
				env->cur_state->speculative ? " (speculative execution)" : "");
			print_verifier_state(env, state, state->curframe, true);
			do_print_state = false;
		}
		if (env->log.level & (HIVE_LOG_LEVEL1 | HIVE_LOG_LEVEL2))
			log_insn(env, state, insn);
		env->insn_aux_data[env->insn_idx].seen = env->pass_cnt;
		prev_insn_idx = (int)env->insn_idx;
		err = bpf_reset_stack_write_marks(env, env->insn_idx);
		if (err)
			return err;
		err = do_check_insn(env, &do_print_state);
		if (err >= 0 || err == -EPERM || err == -EACCES || err == -EINVAL) {
			int marks_err = bpf_commit_stack_write_marks(env);

			if (marks_err)
				return marks_err;
		}
		if (err < 0) {
			/* the failing path: what the CLI's hint can explain */
			env->hint_unlock_insn = state->nonown_unlock_insn;
			return err;
		}
		if (err != PROCESS_BPF_EXIT)
			continue;
process_bpf_exit:
		err = next_path(env, &prev_insn_idx, &do_print_state);
		if (err == -ENOENT)
			break;
		if (err)
			return err;
	}
	return 0;
}

/* ---- verifying one function: the main program or a global subprogram ---- */

static int init_subprog_args(struct bpf_verifier_env *env, int subprog, struct bpf_reg_state *regs)
{
	struct bpf_subprog_info *sub = subprog_info(env, subprog);
	int ret, i;

	verbose(env, "Validating %s() func#%d...\n", subprog_name(env, subprog), subprog);
	ret = btf_prepare_func_args(env, subprog);
	if (ret)
		return ret;
	if (sub->is_exception_cb) {
		env->cur_state->frame[0]->in_exception_callback_fn = true;
		if (sub->arg_cnt != 1 || sub->args[0].arg_type != ARG_ANYTHING) {
			verbose(env, "exception cb only supports single integer argument\n");
			return -EINVAL;
		}
	}
	for (i = BPF_REG_1; i <= sub->arg_cnt; i++) {
		struct bpf_subprog_arg_info *arg = &sub->args[i - BPF_REG_1];
		struct bpf_reg_state *reg = &regs[i];

		if (arg->arg_type == ARG_PTR_TO_CTX) {
			reg->type = PTR_TO_CTX;
			mark_reg_known_zero(env, regs, (u32)i);
		} else if (arg->arg_type == ARG_ANYTHING) {
			reg->type = SCALAR_VALUE;
			mark_reg_unknown(env, regs, (u32)i);
		} else if (arg->arg_type == (ARG_PTR_TO_DYNPTR | MEM_RDONLY)) {
			/* assume unspecial LOCAL dynptr type */
			mark_dynptr_reg(reg, BPF_DYNPTR_TYPE_LOCAL, true, ++env->id_gen);
		} else if (base_type(arg->arg_type) == ARG_PTR_TO_MEM) {
			reg->type = PTR_TO_MEM;
			reg->type |= arg->arg_type & (PTR_MAYBE_NULL | PTR_UNTRUSTED | MEM_RDONLY);
			mark_reg_known_zero(env, regs, (u32)i);
			reg->mem_size = arg->mem_size;
			if (arg->arg_type & PTR_MAYBE_NULL)
				reg->id = ++env->id_gen;
		} else if (base_type(arg->arg_type) == ARG_PTR_TO_BTF_ID) {
			reg->type = PTR_TO_BTF_ID;
			if (arg->arg_type & PTR_MAYBE_NULL)
				reg->type |= PTR_MAYBE_NULL;
			if (arg->arg_type & PTR_UNTRUSTED)
				reg->type |= PTR_UNTRUSTED;
			if (arg->arg_type & PTR_TRUSTED)
				reg->type |= PTR_TRUSTED;
			mark_reg_known_zero(env, regs, (u32)i);
			reg->btf = env->in->vmlinux_btf;
			reg->btf_id = arg->btf_id;
			reg->id = ++env->id_gen;
		} else if (base_type(arg->arg_type) == ARG_PTR_TO_ARENA) {
			mark_reg_unknown(env, regs, (u32)i);
		} else {
			verifier_bug(env, "unhandled arg#%d type %d", i - BPF_REG_1, arg->arg_type);
			return -EFAULT;
		}
	}
	return 0;
}

static int do_check_common(struct bpf_verifier_env *env, int subprog)
{
	bool pop_log = !(env->log.level & HIVE_LOG_LEVEL2);
	struct bpf_subprog_info *sub = subprog_info(env, subprog);
	struct bpf_verifier_state *state;
	struct bpf_reg_state *regs;
	int ret;

	env->prev_linfo = NULL;
	env->pass_cnt++;
	state = calloc(1, sizeof(*state));
	if (!state)
		return -ENOMEM;
	state->branches = 1;
	state->frame[0] = calloc(1, sizeof(struct bpf_func_state));
	if (!state->frame[0]) {
		free(state);
		return -ENOMEM;
	}
	env->cur_state = state;
	init_func_state(env, state->frame[0], BPF_MAIN_FUNC, 0, subprog);
	state->first_insn_idx = sub->start;
	state->last_insn_idx = (u32)-1;
	regs = state->frame[state->curframe]->regs;
	if (subprog || env->prog_type == BPF_PROG_TYPE_EXT) {
		ret = init_subprog_args(env, subprog, regs);
		if (ret)
			goto out;
	} else {
		/* a main program with BTF info must match the expected signature,
		 * otherwise its BTF is unreliable
		 */
		if (env->in->func_info_cnt) {
			ret = btf_prepare_func_args(env, 0);
			if (ret || sub->arg_cnt != 1 || sub->args[0].arg_type != ARG_PTR_TO_CTX)
				sub->unreliable = true;
		}
		regs[BPF_REG_1].type = PTR_TO_CTX;
		mark_reg_known_zero(env, regs, BPF_REG_1);
	}
	ret = do_check(env);
out:
	if (!ret && pop_log)
		bpf_vlog_reset(&env->log, 0);
	free_states(env);
	return ret;
}

/*
 * Global functions are verified once, lazily, for any arguments matching their BTF
 * prototype, if they are called (transitively) from the main program.
 */
static int do_check_subprogs(struct bpf_verifier_env *env)
{
	int i, ret, new_cnt;

	if (!env->in->func_info_cnt)
		return 0;
	if (env->exception_callback_subprog)
		env->subprog_info[env->exception_callback_subprog].called = true;
again:
	new_cnt = 0;
	for (i = 1; i < (int)env->subprog_cnt; i++) {
		struct bpf_subprog_info *sub = &env->subprog_info[i];

		if (!subprog_is_global(env, i))
			continue;
		if (!sub->called || sub->verified)
			continue;
		env->insn_idx = sub->start;
		ret = do_check_common(env, i);
		if (ret)
			return ret;
		if (env->log.level & (HIVE_LOG_LEVEL1 | HIVE_LOG_LEVEL2))
			verbose(env,
				"Func#%d ('%s') is safe for any args that match its prototype\n", i,
				subprog_name(env, i));
		sub->verified = true;
		new_cnt++;
	}
	if (new_cnt)
		goto again;
	return 0;
}

static int do_check_main(struct bpf_verifier_env *env)
{
	env->insn_idx = 0;
	return do_check_common(env, 0);
}

static void print_verification_stats(struct bpf_verifier_env *env)
{
	if (env->log.level & HIVE_LOG_STATS) {
		verbose(env, "verification time %lld usec\n",
			(long long)(env->verification_time / 1000));
		verbose(env, "stack depth ");
		for (u32 i = 0; i < env->subprog_cnt; i++) {
			verbose(env, "%d", env->subprog_info[i].stack_depth);
			if (i + 1 < env->subprog_cnt)
				verbose(env, "+");
		}
		verbose(env, "\n");
	}
	verbose(env,
		"processed %d insns (limit %d) max_states_per_insn %d "
		"total_states %d peak_states %d mark_read %d\n",
		env->insn_processed, BPF_COMPLEXITY_LIMIT_INSNS, env->max_states_per_insn,
		env->total_states, env->peak_states, env->longest_mark_read_walk);
}

/* ---- the public entry point ---- */

static u64 now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
}

#define DEFAULT_LOG_SIZE (16u << 20)

/* The kernel's nr_cpu_ids: one more than the highest possible CPU. */
static u32 possible_cpus(void)
{
	static u32 cached;
	char buf[256];
	FILE *f;
	u32 n = 0;

	if (cached)
		return cached;
	f = fopen("/sys/devices/system/cpu/possible", "r");
	if (f) {
		if (fgets(buf, sizeof(buf), f)) {
			const char *p = buf;

			/* "0-7" or "0,2-3": the last number + 1 */
			while (*p) {
				char *end;
				unsigned long v = strtoul(p, &end, 10);

				if (end == p) {
					p++;
					continue;
				}
				n = (u32)v + 1;
				p = end;
			}
		}
		fclose(f);
	}
	if (!n) {
		long c = sysconf(_SC_NPROCESSORS_CONF);

		n = c > 0 ? (u32)c : 1;
	}
	return cached = n;
}

/* The environment of the verification running on this thread (struct records need it). */
static __thread struct bpf_verifier_env *cur_env;

const struct hive_struct_meta *verifier_struct_meta(struct bpf_verifier_env *env,
						    const struct hive_btf *btf, u32 btf_id)
{
	if (!env || !btf || btf != env->in->btf || !env->struct_metas)
		return NULL;
	return btf_struct_meta_find(env->struct_metas, btf_id);
}

const struct hive_record *verifier_struct_record(const struct hive_btf *btf, u32 btf_id)
{
	const struct hive_struct_meta *meta = verifier_struct_meta(cur_env, btf, btf_id);

	return meta ? meta->record : NULL;
}

static int env_init(struct bpf_verifier_env *env, const struct hive_verifier_input *in,
		    struct hive_verifier_output *out)
{
	u32 log_size = in->log_size;
	char *log_buf = in->log_buf;
	int err;

	env->in = in;
	env->bt.env = env;
	env->len = in->insn_cnt;
	env->insns = malloc((size_t)(in->insn_cnt ? in->insn_cnt : 1) * sizeof(*env->insns));
	env->insn_aux_data = calloc(in->insn_cnt ? in->insn_cnt : 1, sizeof(*env->insn_aux_data));
	if (!env->insns || !env->insn_aux_data)
		return -ENOMEM;
	if (in->insn_cnt)
		memcpy(env->insns, in->insns, in->insn_cnt * sizeof(*env->insns));
	for (u32 i = 0; i < in->insn_cnt; i++) {
		env->insn_aux_data[i].orig_idx = i;
		env->insn_aux_data[i].map_index = -1;
	}
	env->debug = getenv("HIVE_VERIFIER_DEBUG") != NULL;
	env->debug_insn = env->debug ? atoi(getenv("HIVE_VERIFIER_DEBUG")) : -1;
	env->prog_type = in->prog_type;
	env->sleepable = in->prog_flags & HIVE_F_SLEEPABLE;
	prog_desc_init_root(&env->prog_desc, in->prog_type, in->expected_attach_type);
	env->prog_desc.gpl_compatible = in->gpl_compatible;
	env->prog_desc.sleepable = env->sleepable;
	env->prog_desc.attach_btf = in->attach_btf ? in->attach_btf : in->vmlinux_btf;
	env->prog_desc.attach_btf_id = in->attach_btf_id;
	env->nr_cpu_ids = in->nr_cpu_ids ? in->nr_cpu_ids : possible_cpus();
	env->struct_metas = in->struct_metas;
	if (!env->struct_metas && in->btf) {
		struct btf_fields_ctx fctx = { .kernel_btf = in->vmlinux_btf };
		char errbuf[256];

		fctx.errbuf = errbuf;
		fctx.errbuf_sz = sizeof(errbuf);
		env->own_struct_metas = btf_parse_struct_metas(in->btf, &fctx);
		if (IS_ERR(env->own_struct_metas))
			env->own_struct_metas = NULL;
		env->struct_metas = env->own_struct_metas;
	}
	/* a privileged loader: CAP_BPF + CAP_PERFMON */
	env->bpf_capable = env->allow_ptr_leaks = env->allow_uninit_stack = true;
	env->bypass_spec_v1 = env->bypass_spec_v4 = true;
	env->has_btf_vmlinux = in->vmlinux_btf != NULL;
	if (in->log_level && !log_buf) {
		log_size = log_size ? log_size : DEFAULT_LOG_SIZE;
		log_buf = malloc(log_size);
		if (!log_buf)
			return -ENOMEM;
		out->log = log_buf;
		out->log_owned = true;
	}
	err = bpf_vlog_init(&env->log, in->log_level, in->log_level ? log_buf : NULL,
			    in->log_level ? log_size : 0);
	if (err)
		return err;
	env->strict_alignment = in->prog_flags & HIVE_F_STRICT_ALIGNMENT;
	if (in->prog_flags & HIVE_F_ANY_ALIGNMENT)
		env->strict_alignment = false;
	env->test_state_freq = in->prog_flags & HIVE_F_TEST_STATE_FREQ;
	env->test_reg_invariants = in->prog_flags & HIVE_F_TEST_REG_INVARIANTS;
	hive_list_init(&env->free_list);
	env->explored_states = calloc(env->len ? env->len : 1, sizeof(*env->explored_states));
	if (!env->explored_states)
		return -ENOMEM;
	for (u32 i = 0; i < env->len; i++)
		hive_list_init(&env->explored_states[i]);
	return 0;
}

/* The passes before the walk; each may reject the program. */
static int check_prepare(struct bpf_verifier_env *env)
{
	int ret;

	ret = check_btf_info_early(env);
	ret = ret ?: add_subprog_and_kfunc(env);
	ret = ret ?: check_subprogs(env);
	ret = ret ?: check_btf_info(env);
	ret = ret ?: resolve_pseudo_ldimm64(env);
	ret = ret ?: check_cfg(env);
	ret = ret ?: compute_postorder(env);
	ret = ret ?: bpf_stack_liveness_init(env);
	ret = ret ?: check_attach_btf_id(env);
	ret = ret ?: compute_scc(env);
	ret = ret ?: compute_live_registers(env);
	ret = ret ?: mark_fastcall_patterns(env);
	return ret;
}

/* Make the ring buffer a string starting at its first kept byte; report truncation. */
static void finalize_log(struct bpf_verifier_env *env, struct hive_verifier_output *out)
{
	struct bpf_verifier_log *log = &env->log;
	u64 len = log->end_pos - log->start_pos;
	char *tmp;

	if (!log->ubuf) {
		out->log = NULL;
		return;
	}
	if (log->start_pos % log->len_total) {
		u32 at = (u32)(log->start_pos % log->len_total);

		tmp = malloc(log->len_total);
		if (tmp) {
			memcpy(tmp, log->ubuf + at, log->len_total - at);
			memcpy(tmp + (log->len_total - at), log->ubuf, at);
			memcpy(log->ubuf, tmp, log->len_total);
			free(tmp);
		}
	}
	if (len >= log->len_total)
		len = log->len_total - 1;
	log->ubuf[len] = 0;
	out->log = log->ubuf;
	out->log_len = (size_t)len;
	out->log_truncated = log->len_max > log->len_total;
}

static void fill_stats(struct bpf_verifier_env *env, struct hive_verifier_output *out)
{
	struct hive_verifier_stats *st = &out->stats;

	st->insn_processed = env->insn_processed;
	st->max_states_per_insn = env->max_states_per_insn;
	st->total_states = env->total_states;
	st->peak_states = env->peak_states;
	st->mark_read = env->longest_mark_read_walk;
	st->subprog_cnt = env->subprog_cnt;
	for (u32 i = 0; i < env->subprog_cnt && i < 256; i++)
		st->stack_depth[i] = env->subprog_info[i].stack_depth;
	st->verification_ns = env->verification_time;
}

static void env_free(struct bpf_verifier_env *env)
{
	btf_struct_metas_free(env->own_struct_metas);
	free(env->explored_states);
	if (env->scc_info) {
		for (u32 i = 0; i < env->scc_cnt; i++)
			free(env->scc_info[i]);
		free(env->scc_info);
	}
	bpf_stack_liveness_free(env);
	free(env->cfg.insn_postorder);
	free(env->cfg.insn_state);
	free(env->cfg.insn_stack);
	free(env->insns);
	free(env->insn_aux_data);
	free(env);
}

int hive_verify(const struct hive_verifier_input *in, struct hive_verifier_output *out)
{
	u64 start_time = now_ns();
	struct bpf_verifier_env *env;
	int ret;

	memset(out, 0, sizeof(*out));
	env = calloc(1, sizeof(*env));
	if (!env)
		return out->err = -ENOMEM;
	ret = env_init(env, in, out);
	if (ret) {
		if (out->log_owned)
			free(out->log);
		out->log = NULL;
		out->log_owned = false;
		env_free(env);
		return out->err = ret;
	}
	cur_env = env;
	mark_verifier_state_clean(env);
	ret = check_prepare(env);
	if (!ret) {
		ret = do_check_main(env);
		ret = ret ?: do_check_subprogs(env);
	}
	ret = ret ?: verifier_finish(env);
	env->verification_time = now_ns() - start_time;
	print_verification_stats(env);
	fill_stats(env, out);
	finalize_log(env, out);
	if (ret)
		out->hint = verifier_hint(env, out->log);
	if (!ret && out->log_truncated)
		ret = -ENOSPC;
	if (!ret)
		ret = verifier_export_program(env, out);
	cur_env = NULL;
	env_free(env);
	return out->err = ret;
}

void hive_verifier_output_free(struct hive_verifier_output *out)
{
	if (!out)
		return;
	free(out->insns);
	free(out->aux);
	free(out->subprog_starts);
	free(out->hint);
	out->hint = NULL;
	if (out->log_owned)
		free(out->log);
	out->log = NULL;
	out->log_owned = false;
	out->insns = NULL;
	out->aux = NULL;
	out->subprog_starts = NULL;
}
