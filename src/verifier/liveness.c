// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/liveness.c: which registers and stack slots may still be read, as Linux 6.18
 * computes it. Pruning ignores dead registers and slots, so the answers here change which
 * states are pruned and the "processed N insns" count.
 *
 * Registers (compute_live_registers): a classic backward data-flow analysis over the CFG,
 * once before verification: live_before(i) = (U live_before(succ(i)) \ def(i)) U use(i).
 *
 * Stack slots: call-chain sensitive and accumulated during verification (the kernel's
 * liveness.c). For each call chain (the call sites leading to a subprogram) and instruction,
 * the verifier records slots that may be read ("may_read", a union over visits) and slots
 * surely written ("must_write", an intersection). Before checkpoints are compared, the same
 * backward equation gives live_before per slot; a subprogram's reads and guaranteed writes
 * flow to the instruction that called it. Example, one frame:
 *
 *	0: *(u64 *)(r10 -8) = 1       must_write {-8}     live_before {}
 *	1: if r1 == 100 goto 3                             live_before {-8}
 *	2: *(u64 *)(r10 -8) = 2       must_write {-8}     live_before {}
 *	3: r0 = *(u64 *)(r10 -8)      may_read {-8}       live_before {-8}
 */
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/hashmap.h"
#include "verifier/env.h"

struct callchain {
	u32 callsites[MAX_CALL_FRAMES]; /* call insn of each frame; current frame: its start */
	u32 sp_starts[MAX_CALL_FRAMES]; /* first insn of the subprogram of each frame */
	u32 curframe;
};

struct per_frame_masks {
	u64 may_read; /* stack slots that may be read by this instruction */
	u64 must_write; /* stack slots written by this instruction */
	u64 must_write_acc; /* written by this instruction and all its successors */
	u64 live_before; /* may be read by this insn and its successors */
};

/* A subprogram as reached through one call chain: marks per frame and instruction. */
struct func_instance {
	struct callchain callchain;
	u32 insn_cnt;
	bool updated;
	bool must_write_dropped;
	struct per_frame_masks *frames[MAX_CALL_FRAMES];
	bool *must_write_set; /* per insn: must_write was initialised */
};

struct live_stack_query {
	struct func_instance *instances[MAX_CALL_FRAMES];
	u32 curframe;
	u32 insn_idx;
};

struct bpf_liveness {
	struct hive_hashmap func_instances; /* callchain -> func_instance */
	struct live_stack_query live_stack_query;
	struct func_instance *cur_instance; /* of env->cur_state */
	u64 write_masks_acc[MAX_CALL_FRAMES]; /* writes of the insn being verified */
	u32 write_insn_idx;
};

static void compute_callchain(struct bpf_verifier_env *env, struct bpf_verifier_state *st,
			      struct callchain *callchain, u32 frameno)
{
	memset(callchain, 0, sizeof(*callchain));
	for (u32 i = 0; i <= frameno; i++) {
		callchain->sp_starts[i] = env->subprog_info[st->frame[i]->subprogno].start;
		if (i < st->curframe)
			callchain->callsites[i] = (u32)st->frame[i + 1]->callsite;
	}
	callchain->curframe = frameno;
	callchain->callsites[frameno] = callchain->sp_starts[frameno];
}

static size_t hash_callchain(uintptr_t key, void *ctx)
{
	const struct callchain *cc = (const struct callchain *)key;

	return hive_hash_bytes(cc->callsites, (cc->curframe + 1) * sizeof(u32));
}

static bool equal_callchain(uintptr_t a, uintptr_t b, void *ctx)
{
	const struct callchain *x = (const struct callchain *)a, *y = (const struct callchain *)b;

	if (x->curframe != y->curframe)
		return false;
	for (int i = (int)x->curframe; i >= 0; i--)
		if (x->callsites[i] != y->callsites[i])
			return false;
	return true;
}

static struct func_instance *__lookup_instance(struct bpf_verifier_env *env,
					       struct callchain *callchain)
{
	struct bpf_liveness *liveness = env->liveness;
	struct bpf_subprog_info *subprog;
	struct func_instance *result;
	uintptr_t v;
	u32 subprog_sz;

	if (hive_hashmap_find(&liveness->func_instances, (uintptr_t)callchain, &v))
		return (struct func_instance *)v;
	subprog = bpf_find_containing_subprog(env, (int)callchain->sp_starts[callchain->curframe]);
	subprog_sz = (subprog + 1)->start - subprog->start;
	result = calloc(1, sizeof(*result));
	if (!result)
		return NULL;
	result->must_write_set = calloc(subprog_sz ? subprog_sz : 1, sizeof(bool));
	if (!result->must_write_set) {
		free(result);
		return NULL;
	}
	result->callchain = *callchain;
	result->insn_cnt = subprog_sz;
	if (hive_hashmap_add(&liveness->func_instances, (uintptr_t)&result->callchain,
			     (uintptr_t)result)) {
		free(result->must_write_set);
		free(result);
		return NULL;
	}
	return result;
}

static struct func_instance *lookup_instance(struct bpf_verifier_env *env,
					     struct bpf_verifier_state *st, u32 frameno)
{
	struct callchain callchain;

	compute_callchain(env, st, &callchain, frameno);
	return __lookup_instance(env, &callchain);
}

int bpf_stack_liveness_init(struct bpf_verifier_env *env)
{
	env->liveness = calloc(1, sizeof(*env->liveness));
	if (!env->liveness)
		return -ENOMEM;
	hive_hashmap_init(&env->liveness->func_instances, hash_callchain, equal_callchain, NULL);
	return 0;
}

void bpf_stack_liveness_free(struct bpf_verifier_env *env)
{
	struct hive_hashmap_entry *cur;
	size_t bkt;

	if (!env->liveness)
		return;
	hive_hashmap_for_each_entry(&env->liveness->func_instances, cur, bkt)
	{
		struct func_instance *instance = (struct func_instance *)cur->value;

		for (u32 i = 0; i <= instance->callchain.curframe; i++)
			free(instance->frames[i]);
		free(instance->must_write_set);
		free(instance);
	}
	hive_hashmap_clear(&env->liveness->func_instances);
	free(env->liveness);
	env->liveness = NULL;
}

static int relative_idx(struct func_instance *instance, u32 insn_idx)
{
	return (int)(insn_idx - instance->callchain.sp_starts[instance->callchain.curframe]);
}

static struct per_frame_masks *get_frame_masks(struct func_instance *instance, u32 frame,
					       u32 insn_idx)
{
	if (!instance->frames[frame])
		return NULL;
	return &instance->frames[frame][relative_idx(instance, insn_idx)];
}

static struct per_frame_masks *alloc_frame_masks(struct func_instance *instance, u32 frame,
						 u32 insn_idx)
{
	if (!instance->frames[frame]) {
		instance->frames[frame] = calloc(instance->insn_cnt ? instance->insn_cnt : 1,
						 sizeof(struct per_frame_masks));
		if (!instance->frames[frame])
			return NULL;
	}
	return get_frame_masks(instance, frame, insn_idx);
}

void bpf_reset_live_stack_callchain(struct bpf_verifier_env *env)
{
	env->liveness->cur_instance = NULL;
}

static int ensure_cur_instance(struct bpf_verifier_env *env)
{
	struct bpf_liveness *liveness = env->liveness;
	struct func_instance *instance;

	if (liveness->cur_instance)
		return 0;
	instance = lookup_instance(env, env->cur_state, env->cur_state->curframe);
	if (!instance)
		return -ENOMEM;
	liveness->cur_instance = instance;
	return 0;
}

static int mark_stack_read(struct func_instance *instance, u32 frame, u32 insn_idx, u64 mask)
{
	struct per_frame_masks *masks = alloc_frame_masks(instance, frame, insn_idx);
	u64 new_may_read;

	if (!masks)
		return -ENOMEM;
	new_may_read = masks->may_read | mask;
	if (new_may_read != masks->may_read &&
	    ((new_may_read | masks->live_before) != masks->live_before))
		instance->updated = true;
	masks->may_read |= mask;
	return 0;
}

int bpf_mark_stack_read(struct bpf_verifier_env *env, u32 frame, u32 insn_idx, u64 mask)
{
	int err = ensure_cur_instance(env);

	return err ?: mark_stack_read(env->liveness->cur_instance, frame, insn_idx, mask);
}

static void reset_stack_write_marks(struct bpf_verifier_env *env, struct func_instance *instance,
				    u32 insn_idx)
{
	struct bpf_liveness *liveness = env->liveness;

	liveness->write_insn_idx = insn_idx;
	for (u32 i = 0; i <= instance->callchain.curframe; i++)
		liveness->write_masks_acc[i] = 0;
}

int bpf_reset_stack_write_marks(struct bpf_verifier_env *env, u32 insn_idx)
{
	int err = ensure_cur_instance(env);

	if (err)
		return err;
	reset_stack_write_marks(env, env->liveness->cur_instance, insn_idx);
	return 0;
}

void bpf_mark_stack_write(struct bpf_verifier_env *env, u32 frame, u64 mask)
{
	env->liveness->write_masks_acc[frame] |= mask;
}

static int commit_stack_write_marks(struct bpf_verifier_env *env, struct func_instance *instance)
{
	struct bpf_liveness *liveness = env->liveness;
	u32 idx, frame, curframe;

	if (!instance)
		return 0;
	curframe = instance->callchain.curframe;
	idx = (u32)relative_idx(instance, liveness->write_insn_idx);
	for (frame = 0; frame <= curframe; frame++) {
		u64 mask = liveness->write_masks_acc[frame], old_must_write;
		struct per_frame_masks *masks;

		/* avoid allocating frames for zero masks */
		if (mask == 0 && !instance->must_write_set[idx])
			continue;
		masks = alloc_frame_masks(instance, frame, liveness->write_insn_idx);
		if (!masks)
			return -ENOMEM;
		/* the kernel keeps must_write in a u32 here; keep its truncation */
		old_must_write = (u32)masks->must_write;
		/* first visit: must_write = mask; later: intersection */
		if (instance->must_write_set[idx])
			mask &= old_must_write;
		if (old_must_write != mask) {
			masks->must_write = mask;
			instance->updated = true;
		}
		if (old_must_write & ~mask)
			instance->must_write_dropped = true;
	}
	instance->must_write_set[idx] = true;
	liveness->write_insn_idx = 0;
	return 0;
}

int bpf_commit_stack_write_marks(struct bpf_verifier_env *env)
{
	return commit_stack_write_marks(env, env->liveness->cur_instance);
}

static char *fmt_callchain(struct bpf_verifier_env *env, struct callchain *callchain)
{
	char *buf_end = env->tmp_str_buf + sizeof(env->tmp_str_buf);
	char *buf = env->tmp_str_buf;

	buf += snprintf(buf, (size_t)(buf_end - buf), "(");
	for (u32 i = 0; i <= callchain->curframe; i++)
		buf += snprintf(buf, (size_t)(buf_end - buf), "%s%d", i ? "," : "",
				callchain->callsites[i]);
	snprintf(buf, (size_t)(buf_end - buf), ")");
	return env->tmp_str_buf;
}

static void log_mask_change(struct bpf_verifier_env *env, struct callchain *callchain,
			    const char *pfx, u32 frame, u32 insn_idx, u64 old, u64 new)
{
	u64 changed_bits = old ^ new;
	u64 new_ones = new &changed_bits;
	u64 new_zeros = ~new &changed_bits;
	char mask[TMP_STR_BUF_LEN];

	if (!changed_bits)
		return;
	verbose(env, "%s frame %d insn %d ", fmt_callchain(env, callchain), frame, insn_idx);
	if (new_ones) {
		bpf_fmt_stack_mask(mask, sizeof(mask), new_ones);
		verbose(env, "+%s %s ", pfx, mask);
	}
	if (new_zeros) {
		bpf_fmt_stack_mask(mask, sizeof(mask), new_zeros);
		verbose(env, "-%s %s", pfx, mask);
	}
	verbose(env, "\n");
}

int bpf_jmp_offset(const struct hive_insn *insn)
{
	if (insn->code == (BPF_JMP32 | BPF_JA))
		return insn->imm;
	return insn->off;
}

int bpf_insn_successors(struct bpf_verifier_env *env, u32 idx, u32 succ[2])
{
	const struct hive_insn *insn = &env->insns[idx];
	u8 class = BPF_CLASS(insn->code), op = BPF_OP(insn->code);
	bool can_jump = false, can_fallthrough = true;
	int i = 0, insn_sz;

	if (class == BPF_JMP || class == BPF_JMP32) {
		switch (op) {
		case BPF_EXIT:
			can_fallthrough = false;
			break;
		case BPF_JA:
			can_jump = true;
			can_fallthrough = false;
			break;
		case BPF_CALL:
			break;
		default:
			can_jump = op <= BPF_JCOND && op != BPF_CALL;
			break;
		}
	}
	insn_sz = isa_is_ldimm64(insn) ? 2 : 1;
	if (can_fallthrough)
		succ[i++] = idx + (u32)insn_sz;
	if (can_jump)
		succ[i++] = (u32)((int)idx + bpf_jmp_offset(insn) + 1);
	return i;
}

static struct func_instance *get_outer_instance(struct bpf_verifier_env *env,
						struct func_instance *instance)
{
	struct callchain callchain = instance->callchain;

	/* the same callchain one frame up */
	callchain.callsites[callchain.curframe] = 0;
	callchain.sp_starts[callchain.curframe] = 0;
	callchain.curframe--;
	callchain.callsites[callchain.curframe] = callchain.sp_starts[callchain.curframe];
	return __lookup_instance(env, &callchain);
}

/* A subprogram's reads and sure writes become the call instruction's in the caller. */
static int propagate_to_outer_instance(struct bpf_verifier_env *env, struct func_instance *instance)
{
	struct callchain *callchain = &instance->callchain;
	u32 this_subprog_start = callchain->sp_starts[callchain->curframe];
	struct func_instance *outer_instance = get_outer_instance(env, instance);
	u32 callsite = callchain->callsites[callchain->curframe - 1];
	int err;

	if (!outer_instance)
		return -ENOMEM;
	reset_stack_write_marks(env, outer_instance, callsite);
	for (u32 frame = 0; frame < callchain->curframe; frame++) {
		struct per_frame_masks *insn = get_frame_masks(instance, frame, this_subprog_start);

		if (!insn)
			continue;
		bpf_mark_stack_write(env, frame, insn->must_write_acc);
		err = mark_stack_read(outer_instance, frame, callsite, insn->live_before);
		if (err)
			return err;
	}
	return commit_stack_write_marks(env, outer_instance);
}

static bool update_insn(struct bpf_verifier_env *env, struct func_instance *instance, u32 frame,
			u32 insn_idx)
{
	u64 new_before, new_after = 0, must_write_acc = U64_MAX;
	struct per_frame_masks *insn, *succ_insn;
	u32 succ_num, s, succ[2];
	bool changed = false;

	succ_num = (u32)bpf_insn_successors(env, insn_idx, succ);
	if (succ_num == 0)
		return false;
	insn = get_frame_masks(instance, frame, insn_idx);
	/* must_write_acc: written on every path after, plus written here */
	for (s = 0; s < succ_num; ++s) {
		succ_insn = get_frame_masks(instance, frame, succ[s]);
		new_after |= succ_insn->live_before;
		must_write_acc &= succ_insn->must_write_acc;
	}
	must_write_acc |= insn->must_write;
	new_before = (new_after & ~insn->must_write) | insn->may_read;
	changed |= new_before != insn->live_before;
	changed |= must_write_acc != insn->must_write_acc;
	if ((env->log.level & HIVE_LOG_LEVEL2) &&
	    (insn->may_read || insn->must_write ||
	     insn_idx == instance->callchain.sp_starts[instance->callchain.curframe] ||
	     env->insn_aux_data[insn_idx].prune_point)) {
		log_mask_change(env, &instance->callchain, "live", frame, insn_idx,
				insn->live_before, new_before);
		log_mask_change(env, &instance->callchain, "written", frame, insn_idx,
				insn->must_write_acc, must_write_acc);
	}
	insn->live_before = new_before;
	insn->must_write_acc = must_write_acc;
	return changed;
}

/* Fixed point of live_before and must_write_acc over the subprogram, in postorder. */
static int update_instance(struct bpf_verifier_env *env, struct func_instance *instance)
{
	struct callchain *callchain = &instance->callchain;
	u32 this_subprog_start = callchain->sp_starts[callchain->curframe];
	int *insn_postorder = env->cfg.insn_postorder;
	struct bpf_subprog_info *subprog;
	u32 i, frame, po_start, po_end, cnt = 0;
	bool changed;

	/* smaller must_write sets: recompute must_write_acc from scratch */
	if (instance->must_write_dropped) {
		for (frame = 0; frame <= callchain->curframe; frame++) {
			if (!instance->frames[frame])
				continue;
			for (i = 0; i < instance->insn_cnt; i++)
				instance->frames[frame][i].must_write_acc = 0;
		}
	}
	subprog = bpf_find_containing_subprog(env, (int)this_subprog_start);
	po_start = subprog->postorder_start;
	po_end = (subprog + 1)->postorder_start;
	do {
		cnt++;
		changed = false;
		for (frame = 0; frame <= instance->callchain.curframe; frame++) {
			if (!instance->frames[frame])
				continue;
			for (i = po_start; i < po_end; i++)
				changed |=
					update_insn(env, instance, frame, (u32)insn_postorder[i]);
		}
	} while (changed);
	if (env->log.level & HIVE_LOG_LEVEL2)
		verbose(env, "%s live stack update done in %d iterations\n",
			fmt_callchain(env, callchain), cnt);
	if (callchain->curframe > 0)
		return propagate_to_outer_instance(env, instance);
	return 0;
}

/*
 * Bring the marks of every call chain of the current state up to date, so that queries
 * about visited states are exact. Called after each pop_stack() and subprogram exit.
 */
int bpf_update_live_stack(struct bpf_verifier_env *env)
{
	bpf_reset_live_stack_callchain(env);
	for (int frame = (int)env->cur_state->curframe; frame >= 0; --frame) {
		struct func_instance *instance = lookup_instance(env, env->cur_state, (u32)frame);
		int err;

		if (!instance)
			return -ENOMEM;
		if (instance->updated) {
			err = update_instance(env, instance);
			if (err)
				return err;
			instance->updated = false;
			instance->must_write_dropped = false;
		}
	}
	return 0;
}

static bool is_live_before(struct func_instance *instance, u32 insn_idx, u32 frameno, u32 spi)
{
	struct per_frame_masks *masks = get_frame_masks(instance, frameno, insn_idx);

	return masks && (masks->live_before & BIT(spi));
}

int bpf_live_stack_query_init(struct bpf_verifier_env *env, struct bpf_verifier_state *st)
{
	struct live_stack_query *q = &env->liveness->live_stack_query;

	memset(q, 0, sizeof(*q));
	for (u32 frame = 0; frame <= st->curframe; frame++) {
		struct func_instance *instance = lookup_instance(env, st, frame);

		if (!instance)
			return -ENOMEM;
		q->instances[frame] = instance;
	}
	q->curframe = st->curframe;
	q->insn_idx = st->insn_idx;
	return 0;
}

/*
 * A slot is alive if it may be read at or after the current insn of its frame, or, in an
 * outer frame, after the call site (at the call site itself for callbacks, which run again).
 */
bool bpf_stack_slot_alive(struct bpf_verifier_env *env, u32 frameno, u32 spi)
{
	struct live_stack_query *q = &env->liveness->live_stack_query;
	struct func_instance *curframe_instance = q->instances[q->curframe];

	if (is_live_before(curframe_instance, q->insn_idx, frameno, spi))
		return true;
	for (u32 i = frameno; i < q->curframe; i++) {
		u32 callsite = curframe_instance->callchain.callsites[i];
		struct func_instance *instance = q->instances[i];
		bool alive = bpf_calls_callback(env, (int)callsite) ?
				     is_live_before(instance, callsite, frameno, spi) :
				     is_live_before(instance, callsite + 1, frameno, spi);

		if (alive)
			return true;
	}
	return false;
}

/* ---- registers ---- */

struct insn_live_regs {
	u16 use; /* registers read by instruction */
	u16 def; /* registers written by instruction */
	u16 in; /* registers that may be alive before instruction */
	u16 out; /* registers that may be alive after instruction */
};

static void compute_ld_st_regs(const struct hive_insn *insn, u16 *def, u16 *use)
{
	u8 class = BPF_CLASS(insn->code), mode = BPF_MODE(insn->code);
	u16 dst = (u16)BIT(insn->dst_reg), src = (u16)BIT(insn->src_reg), r0 = (u16)BIT(0);

	switch (class) {
	case BPF_LD:
		if (mode == BPF_IMM) {
			if (BPF_SIZE(insn->code) == BPF_DW) {
				*def = dst;
				*use = 0;
			}
		}
		/* LD_ABS/LD_IND stick with the defaults (def 0, use all), as 6.18 does */
		break;
	case BPF_LDX:
		if (mode == BPF_MEM || mode == BPF_MEMSX) {
			*def = dst;
			*use = src;
		}
		break;
	case BPF_ST:
		if (mode == BPF_MEM) {
			*def = 0;
			*use = dst;
		}
		break;
	case BPF_STX:
		if (mode == BPF_MEM) {
			*def = 0;
			*use = dst | src;
		} else if (mode == BPF_ATOMIC) {
			switch (insn->imm) {
			case BPF_CMPXCHG:
				*use = r0 | dst | src;
				*def = r0;
				break;
			case BPF_LOAD_ACQ:
				*def = dst;
				*use = src;
				break;
			case BPF_STORE_REL:
				*def = 0;
				*use = dst | src;
				break;
			default:
				*use = dst | src;
				*def = (insn->imm & BPF_FETCH) ? src : 0;
			}
		}
		break;
	}
}

static void compute_insn_live_regs(struct bpf_verifier_env *env, const struct hive_insn *insn,
				   struct insn_live_regs *info)
{
	u8 class = BPF_CLASS(insn->code), code = BPF_OP(insn->code);
	u16 dst = (u16)BIT(insn->dst_reg), src = (u16)BIT(insn->src_reg), r0 = (u16)BIT(0);
	u16 def = 0, use = 0xffff;
	int num_params;

	switch (class) {
	case BPF_LD:
	case BPF_LDX:
	case BPF_ST:
	case BPF_STX:
		compute_ld_st_regs(insn, &def, &use);
		break;
	case BPF_ALU:
	case BPF_ALU64:
		if (code == BPF_END) {
			use = dst;
			def = dst;
		} else if (code == BPF_MOV) {
			def = dst;
			use = BPF_SRC(insn->code) == BPF_K ? 0 : src;
		} else {
			def = dst;
			use = BPF_SRC(insn->code) == BPF_K ? dst : (u16)(dst | src);
		}
		break;
	case BPF_JMP:
	case BPF_JMP32:
		if (code == BPF_JA || code == BPF_JCOND) {
			def = 0;
			use = 0;
		} else if (code == BPF_EXIT) {
			def = 0;
			use = r0;
		} else if (code == BPF_CALL) {
			def = ALL_CALLER_SAVED_REGS;
			use = def & ~(u16)BIT(BPF_REG_0);
			num_params = call_num_params(env, insn);
			if (num_params >= 0)
				use = (u16)(((1u << (num_params + 1)) - 1) & ~1u);
		} else {
			def = 0;
			use = BPF_SRC(insn->code) == BPF_K ? dst : (u16)(dst | src);
		}
		break;
	}
	info->def = def;
	info->use = use;
}

static void log_live_regs(struct bpf_verifier_env *env)
{
	verbose(env, "Live regs before insn:\n");
	for (u32 i = 0; i < env->len; ++i) {
		if (env->insn_aux_data[i].scc)
			verbose(env, "%3d ", env->insn_aux_data[i].scc);
		else
			verbose(env, "    ");
		verbose(env, "%3d: ", i);
		for (int j = BPF_REG_0; j < BPF_REG_10; ++j)
			if (env->insn_aux_data[i].live_regs_before & BIT(j))
				verbose(env, "%d", j);
			else
				verbose(env, ".");
		verbose(env, " ");
		verbose_insn(env, &env->insns[i]);
		if (isa_is_ldimm64(&env->insns[i]))
			i++;
	}
}

int compute_live_registers(struct bpf_verifier_env *env)
{
	struct insn_live_regs *state;
	bool changed = true;
	u32 i;

	state = calloc(env->len ? env->len : 1, sizeof(*state));
	if (!state)
		return -ENOMEM;
	for (i = 0; i < env->len; ++i)
		compute_insn_live_regs(env, &env->insns[i], &state[i]);
	while (changed) {
		changed = false;
		for (i = 0; i < (u32)env->cfg.cur_postorder; ++i) {
			int insn_idx = env->cfg.insn_postorder[i];
			struct insn_live_regs *live = &state[insn_idx];
			u16 new_out = 0, new_in;
			u32 succ[2];
			int succ_num = bpf_insn_successors(env, (u32)insn_idx, succ);

			for (int s = 0; s < succ_num; ++s)
				new_out |= state[succ[s]].in;
			new_in = (u16)((new_out & ~live->def) | live->use);
			if (new_out != live->out || new_in != live->in) {
				live->in = new_in;
				live->out = new_out;
				changed = true;
			}
		}
	}
	for (i = 0; i < env->len; ++i)
		env->insn_aux_data[i].live_regs_before = state[i].in;
	if (env->log.level & HIVE_LOG_LEVEL2)
		log_live_regs(env);
	free(state);
	return 0;
}
