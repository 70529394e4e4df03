// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/precision.c: precision tracking (the kernel's __mark_chain_precision() and
 * backtrack_insn()).
 *
 * Scalars start imprecise: when states are compared for pruning, an imprecise scalar matches
 * any scalar. When a scalar's exact value decides something (a pointer offset, a branch taken
 * one way, a helper's size argument, a return value) it becomes precise, and so does, going
 * backwards through the instructions of the current path (the jump history records the
 * non-linear parts) and into parent checkpoints, every register and stack slot it was computed
 * from. Checkpoints thus learn, after the fact, which of their scalars must be compared
 * exactly. Where backtracking cannot follow (a load from memory other than the stack), it
 * stops: the value is precise by construction; where it gets lost, every scalar of the parent
 * states becomes precise ("falling back to forcing all scalars precise").
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "verifier/env.h"

/* ---- jump history ---- */

#define LR_FRAMENO_BITS 3
#define LR_SPI_BITS 6
#define LR_ENTRY_BITS (LR_SPI_BITS + LR_FRAMENO_BITS + 1)
#define LR_SIZE_BITS 4
#define LR_FRAMENO_MASK ((1ull << LR_FRAMENO_BITS) - 1)
#define LR_SPI_MASK ((1ull << LR_SPI_BITS) - 1)
#define LR_SIZE_MASK ((1ull << LR_SIZE_BITS) - 1)
#define LR_SPI_OFF LR_FRAMENO_BITS
#define LR_IS_REG_OFF (LR_SPI_BITS + LR_FRAMENO_BITS)

/* Up to 6 linked registers in a u64: 4 bits of count, then 10 bits per entry. */
u64 linked_regs_pack(struct linked_regs *s)
{
	u64 val = 0;

	for (int i = 0; i < s->cnt; ++i) {
		struct linked_reg *e = &s->entries[i];
		u64 tmp = 0;

		tmp |= e->frameno;
		tmp |= (u64)e->spi << LR_SPI_OFF;
		tmp |= (u64)(e->is_reg ? 1 : 0) << LR_IS_REG_OFF;
		val <<= LR_ENTRY_BITS;
		val |= tmp;
	}
	val <<= LR_SIZE_BITS;
	val |= (u64)s->cnt;
	return val;
}

void linked_regs_unpack(u64 val, struct linked_regs *s)
{
	s->cnt = (int)(val & LR_SIZE_MASK);
	val >>= LR_SIZE_BITS;
	for (int i = 0; i < s->cnt; ++i) {
		struct linked_reg *e = &s->entries[i];

		e->frameno = val & LR_FRAMENO_MASK;
		e->spi = (val >> LR_SPI_OFF) & LR_SPI_MASK;
		e->is_reg = (val >> LR_IS_REG_OFF) & 0x1;
		val >>= LR_ENTRY_BITS;
	}
}

/* Record that the path went through env->insn_idx from env->prev_insn_idx. */
int push_jmp_history(struct bpf_verifier_env *env, struct bpf_verifier_state *cur, int insn_flags,
		     u64 linked_regs)
{
	struct bpf_jmp_history_entry *p;
	u32 cnt = cur->jmp_history_cnt;

	/* combine instruction flags if we already recorded this instruction */
	if (env->cur_hist_ent) {
		/* atomics push flags twice (read and write side); they must agree */
		if (verifier_bug_if((env->cur_hist_ent->flags & insn_flags) &&
					    (env->cur_hist_ent->flags & insn_flags) !=
						    (u32)insn_flags,
				    env, "insn history: insn_idx %d cur flags %x new flags %x",
				    env->insn_idx, env->cur_hist_ent->flags, insn_flags))
			return -EFAULT;
		env->cur_hist_ent->flags |= (u32)insn_flags;
		if (verifier_bug_if(env->cur_hist_ent->linked_regs != 0, env,
				    "insn history: insn_idx %d linked_regs: %#llx", env->insn_idx,
				    (unsigned long long)env->cur_hist_ent->linked_regs))
			return -EFAULT;
		env->cur_hist_ent->linked_regs = linked_regs;
		return 0;
	}
	cnt++;
	p = realloc(cur->jmp_history, cnt * sizeof(*p));
	if (!p)
		return -ENOMEM;
	cur->jmp_history = p;
	p = &cur->jmp_history[cnt - 1];
	p->idx = env->insn_idx;
	p->prev_idx = env->prev_insn_idx;
	p->flags = (u32)insn_flags;
	p->linked_regs = linked_regs;
	cur->jmp_history_cnt = cnt;
	env->cur_hist_ent = p;
	return 0;
}

static struct bpf_jmp_history_entry *get_jmp_hist_entry(struct bpf_verifier_state *st, u32 hist_end,
							int insn_idx)
{
	if (hist_end > 0 && st->jmp_history[hist_end - 1].idx == (u32)insn_idx)
		return &st->jmp_history[hist_end - 1];
	return NULL;
}

/*
 * The instruction before @i on this path: from the jump history if @i was reached by a jump,
 * else i - 1. -ENOENT at the state's first instruction (a loop may pass it several times:
 * only an exhausted history ends the state).
 */
static int get_prev_insn_idx(struct bpf_verifier_state *st, int i, u32 *history)
{
	u32 cnt = *history;

	if ((u32)i == st->first_insn_idx) {
		if (cnt == 0)
			return -ENOENT;
		if (cnt == 1 && st->jmp_history[0].idx == (u32)i)
			return -ENOENT;
	}
	if (cnt && st->jmp_history[cnt - 1].idx == (u32)i) {
		i = (int)st->jmp_history[cnt - 1].prev_idx;
		(*history)--;
	} else {
		i--;
	}
	return i;
}

/* ---- backtracking masks ---- */

static void bt_init(struct backtrack_state *bt, u32 frame)
{
	bt->frame = frame;
}

static void bt_reset(struct backtrack_state *bt)
{
	struct bpf_verifier_env *env = bt->env;

	memset(bt, 0, sizeof(*bt));
	bt->env = env;
}

static bool bt_empty(struct backtrack_state *bt)
{
	u64 mask = 0;

	for (u32 i = 0; i <= bt->frame; i++)
		mask |= bt->reg_masks[i] | bt->stack_masks[i];
	return mask == 0;
}

static int bt_subprog_enter(struct backtrack_state *bt)
{
	if (bt->frame == MAX_CALL_FRAMES - 1) {
		verifier_bug(bt->env, "subprog enter from frame %d", bt->frame);
		return -EFAULT;
	}
	bt->frame++;
	return 0;
}

static int bt_subprog_exit(struct backtrack_state *bt)
{
	if (bt->frame == 0) {
		verifier_bug(bt->env, "subprog exit from frame 0");
		return -EFAULT;
	}
	bt->frame--;
	return 0;
}

void bt_set_frame_reg(struct backtrack_state *bt, u32 frame, u32 reg)
{
	bt->reg_masks[frame] |= 1u << reg;
}

static void bt_clear_frame_reg(struct backtrack_state *bt, u32 frame, u32 reg)
{
	bt->reg_masks[frame] &= ~(1u << reg);
}

static void bt_set_reg(struct backtrack_state *bt, u32 reg)
{
	bt_set_frame_reg(bt, bt->frame, reg);
}

static void bt_clear_reg(struct backtrack_state *bt, u32 reg)
{
	bt_clear_frame_reg(bt, bt->frame, reg);
}

void bt_set_frame_slot(struct backtrack_state *bt, u32 frame, u32 slot)
{
	bt->stack_masks[frame] |= 1ull << slot;
}

static void bt_clear_frame_slot(struct backtrack_state *bt, u32 frame, u32 slot)
{
	bt->stack_masks[frame] &= ~(1ull << slot);
}

static u32 bt_reg_mask(struct backtrack_state *bt)
{
	return bt->reg_masks[bt->frame];
}

static u64 bt_stack_mask(struct backtrack_state *bt)
{
	return bt->stack_masks[bt->frame];
}

static bool bt_is_reg_set(struct backtrack_state *bt, u32 reg)
{
	return bt->reg_masks[bt->frame] & (1u << reg);
}

static bool bt_is_frame_reg_set(struct backtrack_state *bt, u32 frame, u32 reg)
{
	return bt->reg_masks[frame] & (1u << reg);
}

static bool bt_is_frame_slot_set(struct backtrack_state *bt, u32 frame, u32 slot)
{
	return bt->stack_masks[frame] & (1ull << slot);
}

/* If any linked register is precise, all of them are. */
static void bt_sync_linked_regs(struct backtrack_state *bt, struct bpf_jmp_history_entry *hist)
{
	struct linked_regs linked_regs;
	bool some_precise = false;
	int i;

	if (!hist || hist->linked_regs == 0)
		return;
	linked_regs_unpack(hist->linked_regs, &linked_regs);
	for (i = 0; i < linked_regs.cnt; ++i) {
		struct linked_reg *e = &linked_regs.entries[i];

		if ((e->is_reg && bt_is_frame_reg_set(bt, e->frameno, e->regno)) ||
		    (!e->is_reg && bt_is_frame_slot_set(bt, e->frameno, e->spi))) {
			some_precise = true;
			break;
		}
	}
	if (!some_precise)
		return;
	for (i = 0; i < linked_regs.cnt; ++i) {
		struct linked_reg *e = &linked_regs.entries[i];

		if (e->is_reg)
			bt_set_frame_reg(bt, e->frameno, e->regno);
		else
			bt_set_frame_slot(bt, e->frameno, e->spi);
	}
}

/* ---- one instruction backwards ---- */

static int backtrack_alu(struct backtrack_state *bt, const struct hive_insn *insn)
{
	u8 opcode = BPF_OP(insn->code);
	u32 dreg = insn->dst_reg, sreg = insn->src_reg;

	if (!bt_is_reg_set(bt, dreg))
		return 0;
	if (opcode == BPF_END || opcode == BPF_NEG)
		/* dreg still needs precision before this insn */
		return 0;
	if (opcode == BPF_MOV) {
		/* dreg = sreg (or a constant): dreg's precision moves to sreg */
		bt_clear_reg(bt, dreg);
		if (BPF_SRC(insn->code) == BPF_X && sreg != BPF_REG_FP)
			bt_set_reg(bt, sreg);
		return 0;
	}
	/* dreg op= sreg: both needed before; dreg op= K: dreg still needed */
	if (BPF_SRC(insn->code) == BPF_X && sreg != BPF_REG_FP)
		bt_set_reg(bt, sreg);
	return 0;
}

/* A call to a subprogram while going backwards is the exit from it (or a global call). */
static int backtrack_pseudo_call(struct bpf_verifier_env *env, int idx, int subseq_idx,
				 const struct hive_insn *insn, struct backtrack_state *bt)
{
	int subprog = find_subprog(env, idx + insn->imm + 1);

	if (subprog < 0)
		return -EFAULT;
	if (subprog_is_global(env, subprog)) {
		/* a global subprog leaves no instructions in the history */
		if (verifier_bug_if(idx + 1 != subseq_idx, env, "extra insn from subprog"))
			return -EFAULT;
		/* r1-r5 are invalidated after the call */
		if (bt_reg_mask(bt) & BPF_REGMASK_ARGS) {
			verifier_bug(env, "global subprog unexpected regs %x", bt_reg_mask(bt));
			return -EFAULT;
		}
		/* global subprog always sets R0 */
		bt_clear_reg(bt, BPF_REG_0);
		return 0;
	}
	/* leaving a static subprog backwards: only r1-r5 can still be wanted */
	if (bt_reg_mask(bt) & ~BPF_REGMASK_ARGS) {
		verifier_bug(env, "static subprog unexpected regs %x", bt_reg_mask(bt));
		return -EFAULT;
	}
	if (bt_stack_mask(bt) != 0) {
		verifier_bug(env, "static subprog leftover stack slots %llx",
			     (unsigned long long)bt_stack_mask(bt));
		return -EFAULT;
	}
	/* propagate r1-r5 to the caller */
	for (u32 i = BPF_REG_1; i <= BPF_REG_5; i++) {
		if (bt_is_reg_set(bt, i)) {
			bt_clear_reg(bt, i);
			bt_set_frame_reg(bt, bt->frame - 1, i);
		}
	}
	return bt_subprog_exit(bt) ? -EFAULT : 0;
}

static int backtrack_exit(struct bpf_verifier_env *env, int subseq_idx, struct backtrack_state *bt)
{
	bool r0_precise;

	/* a callback's r1-r5 come from the function calling it, not from code */
	if (subseq_idx >= 0 && bpf_calls_callback(env, subseq_idx))
		for (u32 i = BPF_REG_1; i <= BPF_REG_5; i++)
			bt_clear_reg(bt, i);
	if (bt_reg_mask(bt) & BPF_REGMASK_ARGS) {
		verifier_bug(env, "backtracking exit unexpected regs %x", bt_reg_mask(bt));
		return -EFAULT;
	}
	/* r0 flows back into a subprogram's exit, never into a callback's */
	r0_precise = subseq_idx - 1 >= 0 && bpf_pseudo_call(&env->insns[subseq_idx - 1]) &&
		     bt_is_reg_set(bt, BPF_REG_0);
	bt_clear_reg(bt, BPF_REG_0);
	if (bt_subprog_enter(bt))
		return -EFAULT;
	if (r0_precise)
		bt_set_reg(bt, BPF_REG_0);
	return 0;
}

static int backtrack_jmp(struct bpf_verifier_env *env, int idx, int subseq_idx,
			 struct bpf_jmp_history_entry *hist, struct backtrack_state *bt)
{
	const struct hive_insn *insn = env->insns + idx;
	u8 opcode = BPF_OP(insn->code);
	u32 dreg = insn->dst_reg, sreg = insn->src_reg;

	if (bpf_pseudo_call(insn))
		return backtrack_pseudo_call(env, idx, subseq_idx, insn, bt);
	if (is_sync_callback_calling_insn(env, insn) && idx != subseq_idx - 1) {
		/* exit from a callback back to its helper/kfunc: r1-r5 are not arguments */
		if (bt_reg_mask(bt) & ~BPF_REGMASK_ARGS) {
			verifier_bug(env, "callback unexpected regs %x", bt_reg_mask(bt));
			return -EFAULT;
		}
		if (bt_stack_mask(bt) != 0) {
			verifier_bug(env, "callback leftover stack slots %llx",
				     (unsigned long long)bt_stack_mask(bt));
			return -EFAULT;
		}
		for (u32 i = BPF_REG_1; i <= BPF_REG_5; i++)
			bt_clear_reg(bt, i);
		return bt_subprog_exit(bt) ? -EFAULT : 0;
	}
	if (opcode == BPF_CALL) {
		/* a kfunc with imm 0 is rejected later; be conservative */
		if (insn->src_reg == BPF_PSEUDO_KFUNC_CALL && insn->imm == 0)
			return -ENOTSUP;
		/* regular helper call sets R0 */
		bt_clear_reg(bt, BPF_REG_0);
		if (bt_reg_mask(bt) & BPF_REGMASK_ARGS) {
			verifier_bug(env, "backtracking call unexpected regs %x", bt_reg_mask(bt));
			return -EFAULT;
		}
		return 0;
	}
	if (opcode == BPF_EXIT)
		return backtrack_exit(env, subseq_idx, bt);
	if (BPF_SRC(insn->code) == BPF_X) {
		if (!bt_is_reg_set(bt, dreg) && !bt_is_reg_set(bt, sreg))
			return 0;
		/* both operands of a compare need precision before it */
		if (!hist || !(hist->flags & INSN_F_SRC_REG_STACK))
			bt_set_reg(bt, sreg);
		if (!hist || !(hist->flags & INSN_F_DST_REG_STACK))
			bt_set_reg(bt, dreg);
	}
	return 1; /* fall through to linked-regs sync */
}

static void log_backtrack_insn(struct bpf_verifier_env *env, int idx, struct backtrack_state *bt)
{
	fmt_reg_mask(env->tmp_str_buf, TMP_STR_BUF_LEN, bt_reg_mask(bt));
	verbose(env, "mark_precise: frame%d: regs=%s ", bt->frame, env->tmp_str_buf);
	bpf_fmt_stack_mask(env->tmp_str_buf, TMP_STR_BUF_LEN, bt_stack_mask(bt));
	verbose(env, "stack=%s before ", env->tmp_str_buf);
	verbose(env, "%d: ", idx);
	verbose_insn(env, env->insns + idx);
}

static bool is_atomic_load_insn(const struct hive_insn *insn)
{
	return BPF_CLASS(insn->code) == BPF_STX && BPF_MODE(insn->code) == BPF_ATOMIC &&
	       insn->imm == BPF_LOAD_ACQ;
}

/*
 * Compute which registers and stack slots must be precise before insn @idx given those
 * needed after it. @subseq_idx is the instruction that followed @idx on this path.
 */
static int backtrack_insn(struct bpf_verifier_env *env, int idx, int subseq_idx,
			  struct bpf_jmp_history_entry *hist, struct backtrack_state *bt)
{
	const struct hive_insn *insn = env->insns + idx;
	u8 class = BPF_CLASS(insn->code), mode = BPF_MODE(insn->code);
	u32 dreg = insn->dst_reg, sreg = insn->src_reg, spi, fr;
	int ret;

	if (insn->code == 0)
		return 0;
	if (env->log.level & HIVE_LOG_LEVEL2)
		log_backtrack_insn(env, idx, bt);
	/* registers that gained a range here together are precise together */
	bt_sync_linked_regs(bt, hist);
	if (class == BPF_ALU || class == BPF_ALU64) {
		backtrack_alu(bt, insn);
	} else if (class == BPF_LDX || is_atomic_load_insn(insn)) {
		if (!bt_is_reg_set(bt, dreg))
			return 0;
		bt_clear_reg(bt, dreg);
		/* only a fill from the stack carries precision further back */
		if (!hist || !(hist->flags & INSN_F_STACK_ACCESS))
			return 0;
		spi = (hist->flags >> INSN_F_SPI_SHIFT) & INSN_F_SPI_MASK;
		fr = hist->flags & INSN_F_FRAMENO_MASK;
		bt_set_frame_slot(bt, fr, spi);
	} else if (class == BPF_STX || class == BPF_ST) {
		if (bt_is_reg_set(bt, dreg))
			/* a scalar dst_reg addressing memory: pointer subtraction */
			return -ENOTSUP;
		/* scalars can only be spilled into stack */
		if (!hist || !(hist->flags & INSN_F_STACK_ACCESS))
			return 0;
		spi = (hist->flags >> INSN_F_SPI_SHIFT) & INSN_F_SPI_MASK;
		fr = hist->flags & INSN_F_FRAMENO_MASK;
		if (!bt_is_frame_slot_set(bt, fr, spi))
			return 0;
		bt_clear_frame_slot(bt, fr, spi);
		if (class == BPF_STX)
			bt_set_reg(bt, sreg);
	} else if (class == BPF_JMP || class == BPF_JMP32) {
		ret = backtrack_jmp(env, idx, subseq_idx, hist, bt);
		if (ret <= 0)
			return ret;
	} else if (class == BPF_LD) {
		if (!bt_is_reg_set(bt, dreg))
			return 0;
		bt_clear_reg(bt, dreg);
		/* ld_imm64 is a constant; ld_abs/ind is not analysed */
		if (mode == BPF_IND || mode == BPF_ABS)
			return -ENOTSUP;
	}
	/* propagate marks of registers made precise by this insn to their linked regs */
	bt_sync_linked_regs(bt, hist);
	return 0;
}

/* ---- whole-state marking ---- */

void mark_all_scalars_precise(struct bpf_verifier_env *env, struct bpf_verifier_state *st)
{
	if (env->log.level & HIVE_LOG_LEVEL2)
		verbose(env, "mark_precise: frame%d: falling back to forcing all scalars precise\n",
			st->curframe);
	/* the current state's marks do not matter, start at its parent */
	for (st = st->parent; st; st = st->parent) {
		for (u32 i = 0; i <= st->curframe; i++) {
			struct bpf_func_state *f = st->frame[i];
			int j;

			for (j = 0; j < BPF_REG_FP; j++) {
				struct bpf_reg_state *reg = &f->regs[j];

				if (reg->type != SCALAR_VALUE || reg->precise)
					continue;
				reg->precise = true;
				if (env->log.level & HIVE_LOG_LEVEL2)
					verbose(env,
						"force_precise: frame%d: forcing r%d to be precise\n",
						i, j);
			}
			for (j = 0; j < f->allocated_stack / BPF_REG_SIZE; j++) {
				struct bpf_reg_state *reg;

				if (!is_spilled_reg(&f->stack[j]))
					continue;
				reg = &f->stack[j].spilled_ptr;
				if (reg->type != SCALAR_VALUE || reg->precise)
					continue;
				reg->precise = true;
				if (env->log.level & HIVE_LOG_LEVEL2)
					verbose(env,
						"force_precise: frame%d: forcing fp%d to be precise\n",
						i, -(j + 1) * 8);
			}
		}
	}
}

void mark_all_scalars_imprecise(struct bpf_verifier_env *env, struct bpf_verifier_state *st)
{
	for (u32 i = 0; i <= st->curframe; i++) {
		struct bpf_func_state *f = st->frame[i];
		int j;

		for (j = 0; j < BPF_REG_FP; j++)
			if (f->regs[j].type == SCALAR_VALUE)
				f->regs[j].precise = false;
		for (j = 0; j < f->allocated_stack / BPF_REG_SIZE; j++)
			if (is_spilled_reg(&f->stack[j]) &&
			    f->stack[j].spilled_ptr.type == SCALAR_VALUE)
				f->stack[j].spilled_ptr.precise = false;
	}
}

/* A global subprogram's entry: r1-r5 requested precise are its arguments. */
static int backtrack_func_entry(struct bpf_verifier_env *env, struct bpf_verifier_state *st,
				struct backtrack_state *bt, bool *changed)
{
	if (st->curframe == 0 && st->frame[0]->subprogno > 0 &&
	    st->frame[0]->callsite == BPF_MAIN_FUNC && bt_stack_mask(bt) == 0 &&
	    (bt_reg_mask(bt) & ~BPF_REGMASK_ARGS) == 0) {
		for (u32 i = 0; i < 32; i++) {
			struct bpf_reg_state *reg;

			if (!(bt_reg_mask(bt) & (1u << i)))
				continue;
			reg = &st->frame[0]->regs[i];
			bt_clear_reg(bt, i);
			if (reg->type == SCALAR_VALUE) {
				reg->precise = true;
				*changed = true;
			}
		}
		return 0;
	}
	verifier_bug(env, "backtracking func entry subprog %d reg_mask %x stack_mask %llx",
		     st->frame[0]->subprogno, bt_reg_mask(bt),
		     (unsigned long long)bt_stack_mask(bt));
	return -EFAULT;
}

/* Mark the requested registers/slots of parent state @st precise; clear those already so. */
static int mark_parent_precise(struct bpf_verifier_env *env, struct bpf_verifier_state *st,
			       struct backtrack_state *bt, bool *changed)
{
	for (int fr = (int)bt->frame; fr >= 0; fr--) {
		struct bpf_func_state *f = st->frame[fr];
		u32 i;

		for (i = 0; i < 32; i++) {
			struct bpf_reg_state *reg;

			if (!(bt->reg_masks[fr] & (1u << i)))
				continue;
			reg = &f->regs[i];
			if (reg->type != SCALAR_VALUE || reg->precise) {
				bt_clear_frame_reg(bt, (u32)fr, i);
				continue;
			}
			reg->precise = true;
			*changed = true;
		}
		for (i = 0; i < 64; i++) {
			struct bpf_reg_state *reg;

			if (!(bt->stack_masks[fr] & (1ull << i)))
				continue;
			if (verifier_bug_if(i >= (u32)f->allocated_stack / BPF_REG_SIZE, env,
					    "stack slot %d, total slots %d", i,
					    f->allocated_stack / BPF_REG_SIZE))
				return -EFAULT;
			if (!is_spilled_scalar_reg(&f->stack[i])) {
				bt_clear_frame_slot(bt, (u32)fr, i);
				continue;
			}
			reg = &f->stack[i].spilled_ptr;
			if (reg->precise) {
				bt_clear_frame_slot(bt, (u32)fr, i);
				continue;
			}
			reg->precise = true;
			*changed = true;
		}
		if (env->log.level & HIVE_LOG_LEVEL2) {
			fmt_reg_mask(env->tmp_str_buf, TMP_STR_BUF_LEN, bt->reg_masks[fr]);
			verbose(env, "mark_precise: frame%d: parent state regs=%s ", fr,
				env->tmp_str_buf);
			bpf_fmt_stack_mask(env->tmp_str_buf, TMP_STR_BUF_LEN, bt->stack_masks[fr]);
			verbose(env, "stack=%s: ", env->tmp_str_buf);
			print_verifier_state(env, st, (u32)fr, true);
		}
	}
	return 0;
}

/* Walk the instructions of state @st backwards from @last_idx. 1: all found, 0: go on. */
static int backtrack_state(struct bpf_verifier_env *env, struct bpf_verifier_state *st,
			   struct bpf_verifier_state *starting_state, int last_idx, int *subseq_idx,
			   bool *skip_first)
{
	struct backtrack_state *bt = &env->bt;
	u32 history = st->jmp_history_cnt;
	int i, err;

	for (i = last_idx;;) {
		if (*skip_first) {
			err = 0;
			*skip_first = false;
		} else {
			struct bpf_jmp_history_entry *hist = get_jmp_hist_entry(st, history, i);

			err = backtrack_insn(env, i, *subseq_idx, hist, bt);
		}
		if (err == -ENOTSUP) {
			mark_all_scalars_precise(env, starting_state);
			bt_reset(bt);
			return 1;
		} else if (err) {
			return err;
		}
		if (bt_empty(bt))
			/* found the assignments in this state: nothing further back */
			return 1;
		*subseq_idx = i;
		i = get_prev_insn_idx(st, i, &history);
		if (i == -ENOENT)
			return 0;
		if (i >= (int)env->len) {
			verifier_bug(env, "backtracking idx %d", i);
			return -EFAULT;
		}
	}
}

int __mark_chain_precision(struct bpf_verifier_env *env, struct bpf_verifier_state *starting_state,
			   int regno, bool *changed)
{
	struct bpf_verifier_state *st = starting_state;
	struct backtrack_state *bt = &env->bt;
	int first_idx = (int)st->first_insn_idx;
	int last_idx = (int)starting_state->insn_idx;
	int subseq_idx = -1;
	bool tmp, skip_first = true;
	int err;

	if (!env->bpf_capable)
		return 0;
	changed = changed ?: &tmp;
	/* the frame backtracking starts from */
	bt_init(bt, starting_state->curframe);
	/* the current state's precise flags don't matter: only check, don't set */
	if (regno >= 0) {
		struct bpf_reg_state *reg = &st->frame[bt->frame]->regs[regno];

		if (reg->type != SCALAR_VALUE) {
			verifier_bug(env, "backtracking misuse");
			return -EFAULT;
		}
		bt_set_reg(bt, (u32)regno);
	}
	if (bt_empty(bt))
		return 0;
	for (;;) {
		if (env->log.level & HIVE_LOG_LEVEL2)
			verbose(env,
				"mark_precise: frame%d: last_idx %d first_idx %d subseq_idx %d \n",
				bt->frame, last_idx, first_idx, subseq_idx);
		if (last_idx < 0)
			/* at the entry into a subprogram: only global funcs' arguments */
			return backtrack_func_entry(env, st, bt, changed);
		err = backtrack_state(env, st, starting_state, last_idx, &subseq_idx, &skip_first);
		if (err < 0)
			return err;
		if (err == 1)
			return 0;
		st = st->parent;
		if (!st)
			break;
		err = mark_parent_precise(env, st, bt, changed);
		if (err)
			return err;
		if (bt_empty(bt))
			return 0;
		subseq_idx = first_idx;
		last_idx = (int)st->last_insn_idx;
		first_idx = (int)st->first_insn_idx;
	}
	/* registers or slots still wanted: something was missed (e.g. a stack access
	 * through another register), so fall back to marking everything precise
	 */
	if (!bt_empty(bt)) {
		mark_all_scalars_precise(env, starting_state);
		bt_reset(bt);
	}
	return 0;
}

int mark_chain_precision(struct bpf_verifier_env *env, int regno)
{
	return __mark_chain_precision(env, env->cur_state, regno, NULL);
}

/* env->bt was set up by the caller with the wanted masks of every frame */
int mark_chain_precision_batch(struct bpf_verifier_env *env,
			       struct bpf_verifier_state *starting_state)
{
	return __mark_chain_precision(env, starting_state, -1, NULL);
}
