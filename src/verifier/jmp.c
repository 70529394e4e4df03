// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/jmp.c: conditional jumps (the kernel's check_cond_jmp_op()). A jump whose outcome
 * the registers decide follows one successor only; otherwise the state is forked and each
 * successor learns what the condition implies:
 *   - scalars narrow their ranges (scalar core, reg_set_min_max), and so do the registers
 *     linked to them by id (sync_linked_regs);
 *   - "ptr == 0" on a maybe-NULL pointer makes it NULL (a scalar 0) on one side and a valid
 *     pointer on the other, for every copy with the same id (mark_ptr_or_null_regs);
 *   - packet pointers compared with data_end gain a known readable range
 *     (find_good_pkt_pointers);
 *   - may_goto forks an exploration of its fall-through.
 */
#include <errno.h>
#include <string.h>

#include "verifier/env.h"
#include "verifier/scalar.h"

enum {
	AT_PKT_END = -1,
	BEYOND_PKT_END = -2,
};

static int is_pkt_ptr_branch_taken(struct bpf_reg_state *dst_reg, struct bpf_reg_state *src_reg,
				   u8 opcode)
{
	struct bpf_reg_state *pkt;

	if (src_reg->type == PTR_TO_PACKET_END) {
		pkt = dst_reg;
	} else if (dst_reg->type == PTR_TO_PACKET_END) {
		pkt = src_reg;
		opcode = flip_opcode(opcode);
	} else {
		return -1;
	}
	if (pkt->range >= 0)
		return -1;
	switch (opcode) {
	case BPF_JLE: /* pkt <= pkt_end */
	case BPF_JGT: /* pkt > pkt_end */
		if (pkt->range == BEYOND_PKT_END)
			/* pkt has at least one extra byte beyond pkt_end */
			return opcode == BPF_JGT;
		break;
	case BPF_JLT: /* pkt < pkt_end */
	case BPF_JGE: /* pkt >= pkt_end */
		if (pkt->range == BEYOND_PKT_END || pkt->range == AT_PKT_END)
			return opcode == BPF_JGE;
		break;
	}
	return -1;
}

/* 1: the jump is taken, 0: it falls through, -1: unknown. */
static int branch_taken(struct bpf_reg_state *reg1, struct bpf_reg_state *reg2, u8 opcode,
			bool is_jmp32)
{
	if (reg_is_pkt_pointer_any(reg1) && reg_is_pkt_pointer_any(reg2) && !is_jmp32)
		return is_pkt_ptr_branch_taken(reg1, reg2, opcode);
	if (__is_pointer_value(false, reg1) || __is_pointer_value(false, reg2)) {
		u64 val;

		/* arrange that reg2 is a scalar, and reg1 is a pointer */
		if (!is_reg_const(reg2, is_jmp32)) {
			struct bpf_reg_state *t = reg1;

			opcode = flip_opcode(opcode);
			reg1 = reg2;
			reg2 = t;
		}
		/* and ensure that reg2 is a constant */
		if (!is_reg_const(reg2, is_jmp32))
			return -1;
		if (!reg_not_null(reg1))
			return -1;
		/* a valid pointer is never equal to zero */
		val = reg_const_value(reg2, is_jmp32);
		if (val != 0)
			return -1;
		switch (opcode) {
		case BPF_JEQ:
			return 0;
		case BPF_JNE:
			return 1;
		default:
			return -1;
		}
	}
	return is_scalar_branch_taken(reg1, reg2, opcode, is_jmp32);
}

static int set_min_max(struct bpf_verifier_env *env, struct bpf_reg_state *true_reg1,
		       struct bpf_reg_state *true_reg2, struct bpf_reg_state *false_reg1,
		       struct bpf_reg_state *false_reg2, u8 opcode, bool is_jmp32)
{
	int err;

	/* nothing is learnt about pointers' variable offsets */
	if (false_reg1->type != SCALAR_VALUE || false_reg2->type != SCALAR_VALUE)
		return 0;
	regs_refine_cond_op(false_reg1, false_reg2, rev_opcode(opcode), is_jmp32);
	reg_bounds_sync(false_reg1);
	reg_bounds_sync(false_reg2);
	regs_refine_cond_op(true_reg1, true_reg2, opcode, is_jmp32);
	reg_bounds_sync(true_reg1);
	reg_bounds_sync(true_reg2);
	err = reg_bounds_sanity_check(env, true_reg1, "true_reg1");
	err = err ?: reg_bounds_sanity_check(env, true_reg2, "true_reg2");
	err = err ?: reg_bounds_sanity_check(env, false_reg1, "false_reg1");
	err = err ?: reg_bounds_sanity_check(env, false_reg2, "false_reg2");
	return err;
}

static void mark_ptr_or_null_reg(struct bpf_reg_state *reg, u32 id, bool is_null)
{
	if (!type_may_be_null(reg->type) || reg->id != id || (!is_rcu_reg(reg) && !reg->id))
		return;
	/* offsets stay zero on maybe-NULL pointers (no arithmetic allowed on them), except
	 * for local object pointers returned at a node offset
	 */
	if (reg->smin_value || reg->smax_value || !tnum_equals_const(reg->var_off, 0))
		return;
	if (!(type_is_ptr_alloc_obj(reg->type) || type_is_non_owning_ref(reg->type)) && reg->off)
		return;
	if (is_null) {
		reg->type = SCALAR_VALUE;
		/* id and ref_obj_id are no longer needed: reset them for pruning */
		reg->id = 0;
		reg->ref_obj_id = 0;
		return;
	}
	mark_ptr_not_null_reg(reg);
	if (!reg_may_point_to_spin_lock(reg))
		/* the id stays only where it names a lock's object */
		reg->id = 0;
}

static void mark_ptr_or_null_regs(struct bpf_verifier_state *vstate, u32 regno, bool is_null)
{
	struct bpf_func_state *state = vstate->frame[vstate->curframe];
	struct bpf_reg_state *regs = state->regs, *reg;
	u32 ref_obj_id = regs[regno].ref_obj_id;
	u32 id = regs[regno].id;

	/* in the "== NULL" branch the reference was never really acquired */
	if (ref_obj_id && ref_obj_id == id && is_null)
		release_reference_nomark(vstate, (int)id);
	bpf_for_each_reg_in_vstate(vstate, state, reg, mark_ptr_or_null_reg(reg, id, is_null))
		;
}

static void find_good_pkt_pointers(struct bpf_verifier_state *vstate, struct bpf_reg_state *dst_reg,
				   u32 type, bool range_right_open)
{
	struct bpf_func_state *state;
	struct bpf_reg_state *reg;
	int new_range;

	if (dst_reg->off < 0 || (dst_reg->off == 0 && range_right_open))
		/* This doesn't give us any range */
		return;
	if (dst_reg->umax_value > MAX_PACKET_OFF ||
	    dst_reg->umax_value + (u64)(s64)dst_reg->off > MAX_PACKET_OFF)
		/* ptr + (1<<63) may be less than pkt_end only because it wraps */
		return;
	new_range = dst_reg->off;
	if (range_right_open)
		new_range++;
	/* every pointer with this id has the same variable offset: keep the widest range */
	bpf_for_each_reg_in_vstate(vstate, state, reg, {
		if (reg->type == type && reg->id == dst_reg->id)
			reg->range = reg->range > new_range ? reg->range : new_range;
	})
		;
}

static void mark_pkt_end(struct bpf_verifier_state *vstate, int regn, bool range_open)
{
	struct bpf_func_state *state = vstate->frame[vstate->curframe];
	struct bpf_reg_state *reg = &state->regs[regn];

	if (reg->type != PTR_TO_PACKET)
		/* PTR_TO_PACKET_META is not supported yet */
		return;
	/* pkt > pkt_end (open) or pkt >= pkt_end: by how much is unknown */
	reg->range = range_open ? BEYOND_PKT_END : AT_PKT_END;
}

/* Unmodified PTR_TO_PACKET[_META,_END] register from ctx access. */
static bool reg_is_init_pkt_pointer(const struct bpf_reg_state *reg, u32 which)
{
	return reg->type == which && reg->id == 0 && reg->off == 0 &&
	       tnum_equals_const(reg->var_off, 0);
}

static bool pkt_lhs(const struct bpf_reg_state *dst_reg, const struct bpf_reg_state *src_reg)
{
	return (dst_reg->type == PTR_TO_PACKET && src_reg->type == PTR_TO_PACKET_END) ||
	       (dst_reg->type == PTR_TO_PACKET_META &&
		reg_is_init_pkt_pointer(src_reg, PTR_TO_PACKET));
}

static bool pkt_rhs(const struct bpf_reg_state *dst_reg, const struct bpf_reg_state *src_reg)
{
	return (dst_reg->type == PTR_TO_PACKET_END && src_reg->type == PTR_TO_PACKET) ||
	       (reg_is_init_pkt_pointer(dst_reg, PTR_TO_PACKET) &&
		src_reg->type == PTR_TO_PACKET_META);
}

static bool try_match_pkt_pointers(const struct hive_insn *insn, struct bpf_reg_state *dst_reg,
				   struct bpf_reg_state *src_reg,
				   struct bpf_verifier_state *this_branch,
				   struct bpf_verifier_state *other_branch)
{
	struct bpf_verifier_state *lhs_good, *rhs_good, *lhs_end, *rhs_end;
	bool lhs_open, rhs_open;

	if (BPF_SRC(insn->code) != BPF_X || BPF_CLASS(insn->code) == BPF_JMP32)
		return false;
	switch (BPF_OP(insn->code)) {
	case BPF_JGT: /* pkt' > end: good on fall-through */
		lhs_good = this_branch, lhs_open = false, lhs_end = other_branch;
		rhs_good = other_branch, rhs_open = true, rhs_end = this_branch;
		break;
	case BPF_JLT:
		lhs_good = other_branch, lhs_open = true, lhs_end = this_branch;
		rhs_good = this_branch, rhs_open = false, rhs_end = other_branch;
		break;
	case BPF_JGE:
		lhs_good = this_branch, lhs_open = true, lhs_end = other_branch;
		rhs_good = other_branch, rhs_open = false, rhs_end = this_branch;
		break;
	case BPF_JLE:
		lhs_good = other_branch, lhs_open = false, lhs_end = this_branch;
		rhs_good = this_branch, rhs_open = true, rhs_end = other_branch;
		break;
	default:
		return false;
	}
	if (pkt_lhs(dst_reg, src_reg)) {
		find_good_pkt_pointers(lhs_good, dst_reg, dst_reg->type, lhs_open);
		/* the end marking is open exactly when the good side's range is not */
		mark_pkt_end(lhs_end, insn->dst_reg, !lhs_open);
	} else if (pkt_rhs(dst_reg, src_reg)) {
		find_good_pkt_pointers(rhs_good, src_reg, src_reg->type, rhs_open);
		mark_pkt_end(rhs_end, insn->src_reg, !rhs_open);
	} else {
		return false;
	}
	return true;
}

/* ---- linked scalars ---- */

static void __collect_linked_regs(struct linked_regs *reg_set, struct bpf_reg_state *reg, u32 id,
				  u32 frameno, u32 spi_or_reg, bool is_reg)
{
	struct linked_reg *e;

	if (reg->type != SCALAR_VALUE || (reg->id & ~BPF_ADD_CONST) != id)
		return;
	if (reg_set->cnt < LINKED_REGS_MAX) {
		e = &reg_set->entries[reg_set->cnt++];
		e->frameno = (u8)frameno;
		e->is_reg = is_reg;
		e->regno = (u8)spi_or_reg;
	} else {
		reg->id = 0;
	}
}

/*
 * Every scalar (live register or spill) with this id, up to LINKED_REGS_MAX; others lose it.
 * Registers dead at the frame's current instruction are left out (6.18.44 backports
 * "collect only live registers in linked regs").
 */
static void collect_linked_regs(struct bpf_verifier_env *env, struct bpf_verifier_state *vstate,
				u32 id, struct linked_regs *linked_regs)
{
	struct bpf_func_state *f;
	u16 live_regs;
	int i, j;

	id = id & ~BPF_ADD_CONST;
	for (i = (int)vstate->curframe; i >= 0; i--) {
		live_regs = env->insn_aux_data[frame_insn_idx(vstate, (u32)i)].live_regs_before;
		f = vstate->frame[i];
		for (j = 0; j < BPF_REG_FP; j++) {
			if (!(live_regs & BIT(j)))
				continue;
			__collect_linked_regs(linked_regs, &f->regs[j], id, (u32)i, (u32)j, true);
		}
		for (j = 0; j < f->allocated_stack / BPF_REG_SIZE; j++) {
			if (!is_spilled_reg(&f->stack[j]))
				continue;
			__collect_linked_regs(linked_regs, &f->stack[j].spilled_ptr, id, (u32)i,
					      (u32)j, false);
		}
	}
}

static void sync_linked_regs(struct bpf_verifier_state *vstate, struct bpf_reg_state *known_reg,
			     struct linked_regs *linked_regs)
{
	struct bpf_reg_state fake_reg;

	for (int i = 0; i < linked_regs->cnt; ++i) {
		struct linked_reg *e = &linked_regs->entries[i];
		struct bpf_reg_state *reg =
			e->is_reg ? &vstate->frame[e->frameno]->regs[e->regno] :
				    &vstate->frame[e->frameno]->stack[e->spi].spilled_ptr;
		s32 saved_subreg_def, saved_off;
		u32 saved_id;

		if (reg->type != SCALAR_VALUE || reg == known_reg)
			continue;
		if ((reg->id & ~BPF_ADD_CONST) != (known_reg->id & ~BPF_ADD_CONST))
			continue;
		/* deltas of a 32-bit and of a 64-bit add do not compose */
		if (((reg->id | known_reg->id) & BPF_ADD_CONST) == BPF_ADD_CONST)
			continue;
		saved_subreg_def = reg->subreg_def;
		if ((!(reg->id & BPF_ADD_CONST) && !(known_reg->id & BPF_ADD_CONST)) ||
		    reg->off == known_reg->off) {
			*reg = *known_reg;
			reg->subreg_def = saved_subreg_def;
			continue;
		}
		saved_off = reg->off;
		saved_id = reg->id;
		memset(&fake_reg, 0, sizeof(fake_reg));
		fake_reg.type = SCALAR_VALUE;
		reg_mark_known(&fake_reg, (u64)((s64)reg->off - (s64)known_reg->off));
		/* reg = known_reg; reg += delta, keeping off, id and subreg_def */
		*reg = *known_reg;
		reg->off = saved_off;
		reg->id = saved_id;
		reg->subreg_def = saved_subreg_def;
		scalar32_min_max_add(reg, &fake_reg);
		scalar_min_max_add(reg, &fake_reg);
		reg->var_off = tnum_add(reg->var_off, fake_reg.var_off);
		if ((saved_id | known_reg->id) & BPF_ADD_CONST32)
			zext_32_to_64(reg);
		reg_bounds_sync(reg);
	}
}

/* ---- may_goto ---- */

static int check_may_goto(struct bpf_verifier_env *env, struct hive_insn *insn, int *insn_idx)
{
	struct bpf_verifier_state *cur_st = env->cur_state, *queued_st, *prev_st;
	int idx = *insn_idx;

	if (insn->code != (BPF_JMP | BPF_JCOND) || insn->src_reg != BPF_MAY_GOTO || insn->dst_reg ||
	    insn->imm) {
		verbose(env, "invalid may_goto imm %d\n", insn->imm);
		return -EINVAL;
	}
	prev_st = find_prev_entry(env, cur_st->parent, idx);
	/* branch out 'fallthrough' insn as a new state to explore */
	queued_st = push_stack(env, idx + 1, idx, false);
	if (!queued_st)
		return -ENOMEM;
	queued_st->may_goto_depth++;
	if (prev_st)
		widen_imprecise_scalars(env, prev_st, queued_st);
	*insn_idx += insn->off;
	return 0;
}

/* ---- conditional jumps ---- */

static int check_jmp_operands(struct bpf_verifier_env *env, struct hive_insn *insn,
			      struct bpf_reg_state **src_out, int *insn_flags)
{
	struct bpf_reg_state *regs = cur_regs(env), *dst_reg = &regs[insn->dst_reg], *src_reg;
	int err;

	if (BPF_SRC(insn->code) == BPF_X) {
		if (insn->imm != 0) {
			verbose(env, "BPF_JMP/JMP32 uses reserved fields\n");
			return -EINVAL;
		}
		err = check_reg_arg(env, insn->src_reg, SRC_OP);
		if (err)
			return err;
		src_reg = &regs[insn->src_reg];
		if (!(reg_is_pkt_pointer_any(dst_reg) && reg_is_pkt_pointer_any(src_reg)) &&
		    is_pointer_value(env, insn->src_reg)) {
			verbose(env, "R%d pointer comparison prohibited\n", insn->src_reg);
			return -EACCES;
		}
		if (src_reg->type == PTR_TO_STACK)
			*insn_flags |= INSN_F_SRC_REG_STACK;
		if (dst_reg->type == PTR_TO_STACK)
			*insn_flags |= INSN_F_DST_REG_STACK;
	} else {
		if (insn->src_reg != BPF_REG_0) {
			verbose(env, "BPF_JMP/JMP32 uses reserved fields\n");
			return -EINVAL;
		}
		src_reg = &env->fake_reg[0];
		memset(src_reg, 0, sizeof(*src_reg));
		src_reg->type = SCALAR_VALUE;
		reg_mark_known(src_reg, (u64)(s64)insn->imm);
		if (dst_reg->type == PTR_TO_STACK)
			*insn_flags |= INSN_F_DST_REG_STACK;
	}
	*src_out = src_reg;
	return 0;
}

/* The jump's outcome is known: mark the compared scalars precise and follow one side. */
static int follow_one_branch(struct bpf_verifier_env *env, struct hive_insn *insn,
			     struct bpf_reg_state *dst_reg, struct bpf_reg_state *src_reg, int pred,
			     int *insn_idx)
{
	struct bpf_verifier_state *this_branch = env->cur_state;
	int err = 0;

	/* a pointer dst got here only through the special case of comparing it with 0 */
	if (!__is_pointer_value(false, dst_reg))
		err = mark_chain_precision(env, insn->dst_reg);
	if (BPF_SRC(insn->code) == BPF_X && !err && !__is_pointer_value(false, src_reg))
		err = mark_chain_precision(env, insn->src_reg);
	if (err)
		return err;
	if (env->log.level & (HIVE_LOG_LEVEL1 | HIVE_LOG_LEVEL2))
		print_insn_state(env, this_branch, this_branch->curframe);
	if (pred == 1)
		*insn_idx += insn->off;
	return 0;
}

/* JEQ/JNE between a maybe-NULL pointer and a non-NULL one proves the first non-NULL. */
static void propagate_nullness(struct hive_insn *insn, struct bpf_reg_state *dst_reg,
			       struct bpf_reg_state *src_reg, struct bpf_reg_state *regs,
			       struct bpf_reg_state *other_branch_regs, bool is_jmp32)
{
	struct bpf_reg_state *eq_branch_regs = NULL;

	if (is_jmp32 || BPF_SRC(insn->code) != BPF_X || !__is_pointer_value(false, src_reg) ||
	    !__is_pointer_value(false, dst_reg) ||
	    type_may_be_null(src_reg->type) == type_may_be_null(dst_reg->type) ||
	    base_type(src_reg->type) == PTR_TO_BTF_ID || base_type(dst_reg->type) == PTR_TO_BTF_ID)
		return;
	switch (BPF_OP(insn->code)) {
	case BPF_JEQ:
		eq_branch_regs = other_branch_regs;
		break;
	case BPF_JNE:
		eq_branch_regs = regs;
		break;
	default:
		return;
	}
	if (type_may_be_null(src_reg->type))
		mark_ptr_not_null_reg(&eq_branch_regs[insn->src_reg]);
	else
		mark_ptr_not_null_reg(&eq_branch_regs[insn->dst_reg]);
}

static int refine_both_branches(struct bpf_verifier_env *env, struct hive_insn *insn,
				struct bpf_reg_state *dst_reg, struct bpf_reg_state *src_reg,
				struct bpf_verifier_state *other_branch,
				struct linked_regs *linked_regs, bool is_jmp32)
{
	struct bpf_verifier_state *this_branch = env->cur_state;
	struct bpf_reg_state *other_branch_regs = other_branch->frame[other_branch->curframe]->regs;
	u8 opcode = BPF_OP(insn->code);
	int err;

	if (BPF_SRC(insn->code) == BPF_X) {
		err = set_min_max(env, &other_branch_regs[insn->dst_reg],
				  &other_branch_regs[insn->src_reg], dst_reg, src_reg, opcode,
				  is_jmp32);
	} else {
		/* set_min_max can change fake_reg: use two copies */
		env->fake_reg[1] = env->fake_reg[0];
		err = set_min_max(env, &other_branch_regs[insn->dst_reg], &env->fake_reg[0],
				  dst_reg, &env->fake_reg[1], opcode, is_jmp32);
	}
	if (err)
		return err;
	if (BPF_SRC(insn->code) == BPF_X && src_reg->type == SCALAR_VALUE && src_reg->id &&
	    src_reg->id == other_branch_regs[insn->src_reg].id) {
		sync_linked_regs(this_branch, src_reg, linked_regs);
		sync_linked_regs(other_branch, &other_branch_regs[insn->src_reg], linked_regs);
	}
	if (dst_reg->type == SCALAR_VALUE && dst_reg->id &&
	    dst_reg->id == other_branch_regs[insn->dst_reg].id) {
		sync_linked_regs(this_branch, dst_reg, linked_regs);
		sync_linked_regs(other_branch, &other_branch_regs[insn->dst_reg], linked_regs);
	}
	return 0;
}

int check_cond_jmp_op(struct bpf_verifier_env *env, struct hive_insn *insn, int *insn_idx)
{
	struct bpf_verifier_state *this_branch = env->cur_state, *other_branch;
	struct bpf_reg_state *regs = this_branch->frame[this_branch->curframe]->regs;
	struct bpf_reg_state *dst_reg, *src_reg = NULL;
	struct linked_regs linked_regs = { 0 };
	u8 opcode = BPF_OP(insn->code);
	int insn_flags = 0, pred, err;
	bool is_jmp32;

	/* Only conditional jumps are expected to reach here. */
	if (opcode == BPF_JA || opcode > BPF_JCOND) {
		verbose(env, "invalid BPF_JMP/JMP32 opcode %x\n", opcode);
		return -EINVAL;
	}
	if (opcode == BPF_JCOND)
		return check_may_goto(env, insn, insn_idx);
	err = check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;
	dst_reg = &regs[insn->dst_reg];
	err = check_jmp_operands(env, insn, &src_reg, &insn_flags);
	if (err)
		return err;
	if (insn_flags) {
		err = push_jmp_history(env, this_branch, insn_flags, 0);
		if (err)
			return err;
	}
	is_jmp32 = BPF_CLASS(insn->code) == BPF_JMP32;
	pred = branch_taken(dst_reg, src_reg, opcode, is_jmp32);
	if (pred >= 0)
		return follow_one_branch(env, insn, dst_reg, src_reg, pred, insn_idx);
	/* registers sharing ids go to the jump history before the fork, so that both
	 * branches share it if a parent state is created
	 */
	if (BPF_SRC(insn->code) == BPF_X && src_reg->type == SCALAR_VALUE && src_reg->id)
		collect_linked_regs(env, this_branch, src_reg->id, &linked_regs);
	if (dst_reg->type == SCALAR_VALUE && dst_reg->id)
		collect_linked_regs(env, this_branch, dst_reg->id, &linked_regs);
	if (linked_regs.cnt > 1) {
		err = push_jmp_history(env, this_branch, 0, linked_regs_pack(&linked_regs));
		if (err)
			return err;
	}
	other_branch = push_stack(env, *insn_idx + insn->off + 1, *insn_idx, false);
	if (!other_branch)
		return -EFAULT;
	err = refine_both_branches(env, insn, dst_reg, src_reg, other_branch, &linked_regs,
				   is_jmp32);
	if (err)
		return err;
	propagate_nullness(insn, dst_reg, src_reg, regs,
			   other_branch->frame[other_branch->curframe]->regs, is_jmp32);
	/* "R == 0" where R may be NULL: NULL on one side, valid on the other */
	if (!is_jmp32 && BPF_SRC(insn->code) == BPF_K && insn->imm == 0 &&
	    (opcode == BPF_JEQ || opcode == BPF_JNE) && type_may_be_null(dst_reg->type)) {
		mark_ptr_or_null_regs(this_branch, insn->dst_reg, opcode == BPF_JNE);
		mark_ptr_or_null_regs(other_branch, insn->dst_reg, opcode == BPF_JEQ);
	} else if (!try_match_pkt_pointers(insn, dst_reg, &regs[insn->src_reg], this_branch,
					   other_branch) &&
		   is_pointer_value(env, insn->dst_reg)) {
		verbose(env, "R%d pointer comparison prohibited\n", insn->dst_reg);
		return -EACCES;
	}
	if (env->log.level & (HIVE_LOG_LEVEL1 | HIVE_LOG_LEVEL2))
		print_insn_state(env, this_branch, this_branch->curframe);
	return 0;
}
