// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/states.c: verifier states and pruning (the kernel's copy_verifier_state(),
 * push_stack()/pop_stack(), is_state_visited(), states_equal() and friends).
 *
 * A state is a checkpoint candidate at every prune point (jump targets, calls, loop heads).
 * The current state can be pruned when a checkpoint at the same instruction and call chain
 * already reached an exit safely (branches == 0) and is "equal or more general": every
 * register and stack slot the rest of the program may read is safe in the old state implies
 * safe in the current one (regsafe/stacksafe/refsafe). Precision matters: only scalars marked
 * precise (their value decided something, see precision.c) must have ranges that contain the
 * current ones; imprecise scalars match anything. Liveness matters: dead registers and stack
 * slots (liveness.c) are cleared in finished checkpoints and match anything.
 *
 * Loops: a checkpoint with branches > 0 at the same insn is an ancestor on the current path.
 * An exactly equal state there is an infinite loop; otherwise iterations are explored until
 * they converge. Checkpoints inside a loop (an SCC of the CFG) cannot rely on their read and
 * precision marks until every path from the loop entry is explored, so matches against them
 * are recorded as "backedges" and marks are propagated along them to a fixed point when the
 * SCC visit ends.
 */
#include <stdio.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "verifier/env.h"

/* ---- allocation ---- */

static int copy_stack_state(struct bpf_func_state *dst, const struct bpf_func_state *src)
{
	size_t n = (size_t)src->allocated_stack / BPF_REG_SIZE;

	if (n) {
		struct bpf_stack_state *s = realloc(dst->stack, n * sizeof(*s));

		if (!s)
			return -ENOMEM;
		memcpy(s, src->stack, n * sizeof(*s));
		dst->stack = s;
	}
	dst->allocated_stack = src->allocated_stack;
	return 0;
}

/* Everything up to the stack pointer is plain data. */
static int copy_func_state(struct bpf_func_state *dst, const struct bpf_func_state *src)
{
	memcpy(dst, src, offsetof(struct bpf_func_state, stack));
	return copy_stack_state(dst, src);
}

static int copy_reference_state(struct bpf_verifier_state *dst,
				const struct bpf_verifier_state *src)
{
	if (src->acquired_refs) {
		struct bpf_reference_state *r = realloc(dst->refs, src->acquired_refs * sizeof(*r));

		if (!r)
			return -ENOMEM;
		memcpy(r, src->refs, src->acquired_refs * sizeof(*r));
		dst->refs = r;
	}
	dst->acquired_refs = src->acquired_refs;
	dst->active_locks = src->active_locks;
	dst->active_preempt_locks = src->active_preempt_locks;
	dst->active_rcu_lock = src->active_rcu_lock;
	dst->active_irq_id = src->active_irq_id;
	dst->active_lock_id = src->active_lock_id;
	dst->active_lock_ptr = src->active_lock_ptr;
	return 0;
}

void free_func_state(struct bpf_func_state *state)
{
	if (!state)
		return;
	free(state->stack);
	free(state);
}

static void clear_jmp_history(struct bpf_verifier_state *state)
{
	free(state->jmp_history);
	state->jmp_history = NULL;
	state->jmp_history_cnt = 0;
}

void free_verifier_state(struct bpf_verifier_state *state, bool free_self)
{
	for (u32 i = 0; i <= state->curframe; i++) {
		free_func_state(state->frame[i]);
		state->frame[i] = NULL;
	}
	free(state->refs);
	state->refs = NULL;
	clear_jmp_history(state);
	if (free_self)
		free(state);
}

int copy_verifier_state(struct bpf_verifier_state *dst_state, const struct bpf_verifier_state *src)
{
	u32 i;
	int err;

	if (src->jmp_history_cnt) {
		struct bpf_jmp_history_entry *h =
			realloc(dst_state->jmp_history, src->jmp_history_cnt * sizeof(*h));

		if (!h)
			return -ENOMEM;
		memcpy(h, src->jmp_history, src->jmp_history_cnt * sizeof(*h));
		dst_state->jmp_history = h;
	}
	dst_state->jmp_history_cnt = src->jmp_history_cnt;
	/* frames beyond src's are dropped (also after bpf_throw's exceptional exit) */
	for (i = src->curframe + 1; i <= dst_state->curframe; i++) {
		free_func_state(dst_state->frame[i]);
		dst_state->frame[i] = NULL;
	}
	err = copy_reference_state(dst_state, src);
	if (err)
		return err;
	dst_state->speculative = src->speculative;
	dst_state->in_sleepable = src->in_sleepable;
	dst_state->cleaned = src->cleaned;
	dst_state->curframe = src->curframe;
	dst_state->branches = src->branches;
	dst_state->parent = src->parent;
	dst_state->first_insn_idx = src->first_insn_idx;
	dst_state->last_insn_idx = src->last_insn_idx;
	dst_state->dfs_depth = src->dfs_depth;
	dst_state->callback_unroll_depth = src->callback_unroll_depth;
	dst_state->may_goto_depth = src->may_goto_depth;
	dst_state->nonown_unlock_insn = src->nonown_unlock_insn;
	dst_state->equal_state = src->equal_state;
	for (i = 0; i <= src->curframe; i++) {
		struct bpf_func_state *dst = dst_state->frame[i];

		if (!dst) {
			dst = calloc(1, sizeof(*dst));
			if (!dst)
				return -ENOMEM;
			dst_state->frame[i] = dst;
		}
		err = copy_func_state(dst, src->frame[i]);
		if (err)
			return err;
	}
	return 0;
}

/* Make room for @size bytes of stack in @state; raise the subprogram's stack depth. */
int grow_stack_state(struct bpf_verifier_env *env, struct bpf_func_state *state, int size)
{
	size_t old_n = (size_t)state->allocated_stack / BPF_REG_SIZE, n;
	struct bpf_stack_state *s;

	size = (size + BPF_REG_SIZE - 1) / BPF_REG_SIZE * BPF_REG_SIZE;
	n = (size_t)size / BPF_REG_SIZE;
	if (old_n >= n)
		return 0;
	s = realloc(state->stack, n * sizeof(*s));
	if (!s)
		return -ENOMEM;
	memset(s + old_n, 0, (n - old_n) * sizeof(*s));
	state->stack = s;
	state->allocated_stack = size;
	if (env->subprog_info[state->subprogno].stack_depth < size)
		env->subprog_info[state->subprogno].stack_depth = (u16)size;
	return 0;
}

/* ---- the exploration stack ---- */

void update_peak_states(struct bpf_verifier_env *env)
{
	u32 cur_states = env->explored_states_size + env->free_list_size + env->num_backedges;

	if (env->peak_states < cur_states)
		env->peak_states = cur_states;
}

struct bpf_verifier_state *push_stack(struct bpf_verifier_env *env, int insn_idx, int prev_insn_idx,
				      bool speculative)
{
	struct bpf_verifier_state *cur = env->cur_state;
	struct bpf_verifier_stack_elem *elem;

	elem = calloc(1, sizeof(*elem));
	if (!elem)
		return NULL;
	elem->insn_idx = insn_idx;
	elem->prev_insn_idx = prev_insn_idx;
	elem->next = env->head;
	elem->log_pos = env->log.end_pos;
	env->head = elem;
	env->stack_size++;
	if (copy_verifier_state(&elem->st, cur))
		return NULL;
	elem->st.speculative |= speculative;
	if (env->stack_size > BPF_COMPLEXITY_LIMIT_JMP_SEQ) {
		verbose(env, "The sequence of %d jumps is too complex.\n", env->stack_size);
		return NULL;
	}
	if (elem->st.parent)
		++elem->st.parent->branches;
	return &elem->st;
}

int pop_stack(struct bpf_verifier_env *env, int *prev_insn_idx, int *insn_idx, bool pop_log)
{
	struct bpf_verifier_state *cur = env->cur_state;
	struct bpf_verifier_stack_elem *elem, *head = env->head;
	int err;

	if (!head)
		return -ENOENT;
	if (cur) {
		err = copy_verifier_state(cur, &head->st);
		if (err)
			return err;
	}
	if (pop_log)
		bpf_vlog_reset(&env->log, head->log_pos);
	if (insn_idx)
		*insn_idx = head->insn_idx;
	if (prev_insn_idx)
		*prev_insn_idx = head->prev_insn_idx;
	elem = head->next;
	free_verifier_state(&head->st, false);
	free(head);
	env->head = elem;
	env->stack_size--;
	return 0;
}

/* An async callback starts from a fresh stack frame: its caller's state does not matter. */
struct bpf_verifier_state *push_async_cb(struct bpf_verifier_env *env, int insn_idx,
					 int prev_insn_idx, int subprog, bool is_sleepable)
{
	struct bpf_verifier_stack_elem *elem;
	struct bpf_func_state *frame;

	elem = calloc(1, sizeof(*elem));
	if (!elem)
		return NULL;
	elem->insn_idx = insn_idx;
	elem->prev_insn_idx = prev_insn_idx;
	elem->next = env->head;
	elem->log_pos = env->log.end_pos;
	env->head = elem;
	env->stack_size++;
	if (env->stack_size > BPF_COMPLEXITY_LIMIT_JMP_SEQ) {
		verbose(env, "The sequence of %d jumps is too complex for async cb.\n",
			env->stack_size);
		return NULL;
	}
	elem->st.branches = 1;
	elem->st.in_sleepable = is_sleepable;
	frame = calloc(1, sizeof(*frame));
	if (!frame)
		return NULL;
	init_func_state(env, frame, BPF_MAIN_FUNC, 0, subprog);
	elem->st.frame[0] = frame;
	return &elem->st;
}

/* ---- checkpoint lists ---- */

static struct hive_list *explored_state(struct bpf_verifier_env *env, int idx)
{
	struct bpf_verifier_state *cur = env->cur_state;
	struct bpf_func_state *state = cur->frame[cur->curframe];

	return &env->explored_states[((u32)idx ^ (u32)state->callsite) % env->len];
}

static struct bpf_verifier_state_list *state_as_list(struct bpf_verifier_state *st)
{
	return container_of(st, struct bpf_verifier_state_list, state);
}

bool same_callsites(struct bpf_verifier_state *a, struct bpf_verifier_state *b)
{
	if (a->curframe != b->curframe)
		return false;
	for (int fr = (int)a->curframe; fr >= 0; fr--)
		if (a->frame[fr]->callsite != b->frame[fr]->callsite)
			return false;
	return true;
}

/* The instruction a frame is at: the current insn, or the call site of the next frame. */
u32 frame_insn_idx(struct bpf_verifier_state *st, u32 frame)
{
	return frame == st->curframe ? st->insn_idx : (u32)st->frame[frame + 1]->callsite;
}

/* ---- SCC visits ---- */

/* The topmost frame of @st inside an SCC, as (call sites leading to it, SCC id). */
static bool compute_scc_callchain(struct bpf_verifier_env *env, struct bpf_verifier_state *st,
				  struct bpf_scc_callchain *callchain)
{
	memset(callchain, 0, sizeof(*callchain));
	for (u32 i = 0; i <= st->curframe; i++) {
		u32 insn_idx = frame_insn_idx(st, i), scc = env->insn_aux_data[insn_idx].scc;

		if (scc) {
			callchain->scc = scc;
			break;
		} else if (i < st->curframe) {
			callchain->callsites[i] = insn_idx;
		} else {
			return false;
		}
	}
	return true;
}

static struct bpf_scc_visit *scc_visit_lookup(struct bpf_verifier_env *env,
					      struct bpf_scc_callchain *callchain)
{
	struct bpf_scc_info *info = env->scc_info[callchain->scc];

	if (!info)
		return NULL;
	for (u32 i = 0; i < info->num_visits; i++)
		if (!memcmp(callchain, &info->visits[i].callchain, sizeof(*callchain)))
			return &info->visits[i];
	return NULL;
}

static struct bpf_scc_visit *scc_visit_alloc(struct bpf_verifier_env *env,
					     struct bpf_scc_callchain *callchain)
{
	u32 scc = callchain->scc;
	struct bpf_scc_info *info = env->scc_info[scc];
	u32 num_visits = info ? info->num_visits : 0;
	struct bpf_scc_visit *visit;

	info = realloc(info, sizeof(*info) + sizeof(struct bpf_scc_visit) * (num_visits + 1));
	if (!info)
		return NULL;
	env->scc_info[scc] = info;
	info->num_visits = num_visits + 1;
	visit = &info->visits[num_visits];
	memset(visit, 0, sizeof(*visit));
	visit->callchain = *callchain;
	return visit;
}

static char *format_callchain(struct bpf_verifier_env *env, struct bpf_scc_callchain *callchain)
{
	char *buf = env->tmp_str_buf;
	int delta = 0;

	delta += snprintf(buf + delta, TMP_STR_BUF_LEN - delta, "(");
	for (u32 i = 0; i < MAX_CALL_FRAMES - 1; i++) {
		if (!callchain->callsites[i])
			break;
		delta += snprintf(buf + delta, TMP_STR_BUF_LEN - delta, "%u,",
				  callchain->callsites[i]);
	}
	snprintf(buf + delta, TMP_STR_BUF_LEN - delta, "%u)", callchain->scc);
	return buf;
}

static int maybe_enter_scc(struct bpf_verifier_env *env, struct bpf_verifier_state *st)
{
	struct bpf_scc_callchain *callchain = &env->callchain_buf;
	struct bpf_scc_visit *visit;

	if (!compute_scc_callchain(env, st, callchain))
		return 0;
	visit = scc_visit_lookup(env, callchain);
	visit = visit ?: scc_visit_alloc(env, callchain);
	if (!visit)
		return -ENOMEM;
	if (!visit->entry_state) {
		visit->entry_state = st;
		if (env->log.level & HIVE_LOG_LEVEL2)
			verbose(env, "SCC enter %s\n", format_callchain(env, callchain));
	}
	return 0;
}

static void free_backedges(struct bpf_scc_visit *visit)
{
	struct bpf_scc_backedge *backedge, *next;

	for (backedge = visit->backedges; backedge; backedge = next) {
		free_verifier_state(&backedge->state, false);
		next = backedge->next;
		free(backedge);
	}
	visit->backedges = NULL;
}

#define MAX_BACKEDGE_ITERS 64

/* Propagate precision marks along the backedges until nothing changes, then drop them. */
static int propagate_backedges(struct bpf_verifier_env *env, struct bpf_scc_visit *visit)
{
	struct bpf_scc_backedge *backedge;
	bool changed;
	int i = 0, err;

	do {
		if (i++ > MAX_BACKEDGE_ITERS) {
			if (env->log.level & HIVE_LOG_LEVEL2)
				verbose(env, "%s: too many iterations\n", "propagate_backedges");
			for (backedge = visit->backedges; backedge; backedge = backedge->next)
				mark_all_scalars_precise(env, &backedge->state);
			break;
		}
		changed = false;
		for (backedge = visit->backedges; backedge; backedge = backedge->next) {
			struct bpf_verifier_state *st = &backedge->state;

			err = propagate_precision(env, st->equal_state, st, &changed);
			if (err)
				return err;
		}
	} while (changed);
	free_backedges(visit);
	return 0;
}

static int maybe_exit_scc(struct bpf_verifier_env *env, struct bpf_verifier_state *st)
{
	struct bpf_scc_callchain *callchain = &env->callchain_buf;
	struct bpf_scc_visit *visit;

	if (!compute_scc_callchain(env, st, callchain))
		return 0;
	visit = scc_visit_lookup(env, callchain);
	if (!visit) {
		/* only a matched checkpoint inside an SCC gets here, and it has a visit */
		if (!st->speculative) {
			verifier_bug(env, "scc exit: no visit info for call chain %s",
				     format_callchain(env, callchain));
			return -EFAULT;
		}
		return 0;
	}
	if (visit->entry_state != st)
		return 0;
	if (env->log.level & HIVE_LOG_LEVEL2)
		verbose(env, "SCC exit %s\n", format_callchain(env, callchain));
	visit->entry_state = NULL;
	env->num_backedges -= visit->num_backedges;
	visit->num_backedges = 0;
	update_peak_states(env);
	return propagate_backedges(env, visit);
}

static int add_scc_backedge(struct bpf_verifier_env *env, struct bpf_verifier_state *st,
			    struct bpf_scc_backedge *backedge)
{
	struct bpf_scc_callchain *callchain = &env->callchain_buf;
	struct bpf_scc_visit *visit;

	if (!compute_scc_callchain(env, st, callchain)) {
		verifier_bug(env, "add backedge: no SCC in verification path, insn_idx %d",
			     st->insn_idx);
		return -EFAULT;
	}
	visit = scc_visit_lookup(env, callchain);
	if (!visit) {
		verifier_bug(env, "add backedge: no visit info for call chain %s",
			     format_callchain(env, callchain));
		return -EFAULT;
	}
	if (env->log.level & HIVE_LOG_LEVEL2)
		verbose(env, "SCC backedge %s\n", format_callchain(env, callchain));
	backedge->next = visit->backedges;
	visit->backedges = backedge;
	visit->num_backedges++;
	env->num_backedges++;
	update_peak_states(env);
	return 0;
}

/* A checkpoint inside an SCC whose paths are not all explored yet has incomplete marks. */
static bool incomplete_read_marks(struct bpf_verifier_env *env, struct bpf_verifier_state *st)
{
	struct bpf_scc_callchain *callchain = &env->callchain_buf;
	struct bpf_scc_visit *visit;

	if (!compute_scc_callchain(env, st, callchain))
		return false;
	visit = scc_visit_lookup(env, callchain);
	if (!visit)
		return false;
	return !!visit->backedges;
}

/* ---- freeing finished checkpoints ---- */

static void maybe_free_verifier_state(struct bpf_verifier_env *env,
				      struct bpf_verifier_state_list *sl)
{
	if (!sl->in_free_list || sl->state.branches != 0 || incomplete_read_marks(env, &sl->state))
		return;
	hive_list_del(&sl->node);
	free_verifier_state(&sl->state, false);
	free(sl);
	env->free_list_size--;
}

int update_branch_counts(struct bpf_verifier_env *env, struct bpf_verifier_state *st)
{
	struct bpf_verifier_state_list *sl = NULL, *parent_sl;
	struct bpf_verifier_state *parent;
	int err;

	while (st) {
		u32 br = --st->branches;

		if (verifier_bug_if((int)br < 0, env, "%s:branches_to_explore=%d",
				    "update_branch_counts", br))
			return -EFAULT;
		if (br)
			break;
		err = maybe_exit_scc(env, st);
		if (err)
			return err;
		parent = st->parent;
		parent_sl = parent ? state_as_list(parent) : NULL;
		if (sl)
			maybe_free_verifier_state(env, sl);
		st = parent;
		sl = parent_sl;
	}
	return 0;
}

/* ---- state comparison ---- */

/* check %cur's range satisfies %old's */
static bool range_within(const struct bpf_reg_state *old, const struct bpf_reg_state *cur)
{
	return old->umin_value <= cur->umin_value && old->umax_value >= cur->umax_value &&
	       old->smin_value <= cur->smin_value && old->smax_value >= cur->smax_value &&
	       old->u32_min_value <= cur->u32_min_value &&
	       old->u32_max_value >= cur->u32_max_value &&
	       old->s32_min_value <= cur->s32_min_value && old->s32_max_value >= cur->s32_max_value;
}

/*
 * Ids in the old state may differ from the new state's, but the relation must be the same:
 * once old id 5 mapped to new id 9, every other old 5 must be a new 9.
 */
static bool check_ids(u32 old_id, u32 cur_id, struct bpf_idmap *idmap)
{
	struct bpf_id_pair *map = idmap->map;

	/* either both IDs should be set or both should be zero */
	if (!!old_id != !!cur_id)
		return false;
	if (old_id == 0)
		return true;
	for (unsigned int i = 0; i < BPF_ID_MAP_SIZE; i++) {
		if (!map[i].old) {
			map[i].old = old_id;
			map[i].cur = cur_id;
			return true;
		}
		if (map[i].old == old_id)
			return map[i].cur == cur_id;
		if (map[i].cur == cur_id)
			return false;
	}
	return false;
}

/* As check_ids(), with a fresh id standing for 0: "0 vs unique id" is a valid pair. */
/*
 * An old register without id relied on no relation: anything in cur is fine. An old id needs
 * a consistent mapping; a cur register without id gets a unique temporary one, so that two
 * independent cur registers cannot both stand for one old id. (6.18 stable: "Relax scalar id
 * equivalence for state pruning".)
 */
static bool check_scalar_ids(u32 old_id, u32 cur_id, struct bpf_idmap *idmap)
{
	if (!old_id)
		return true;
	cur_id = cur_id ? cur_id : ++idmap->tmp_id_gen;
	return check_ids(old_id, cur_id, idmap);
}

static void reset_idmap_scratch(struct bpf_verifier_env *env)
{
	env->idmap_scratch.tmp_id_gen = env->id_gen;
	memset(&env->idmap_scratch.map, 0, sizeof(env->idmap_scratch.map));
}

static bool regs_exact(const struct bpf_reg_state *rold, const struct bpf_reg_state *rcur,
		       struct bpf_idmap *idmap)
{
	return memcmp(rold, rcur, offsetof(struct bpf_reg_state, id)) == 0 &&
	       check_ids(rold->id, rcur->id, idmap) &&
	       check_ids(rold->ref_obj_id, rcur->ref_obj_id, idmap);
}

enum exact_level { NOT_EXACT, EXACT, RANGE_WITHIN };

static bool scalar_safe(struct bpf_verifier_env *env, struct bpf_reg_state *rold,
			struct bpf_reg_state *rcur, struct bpf_idmap *idmap, enum exact_level exact)
{
	if (env->explore_alu_limits)
		return memcmp(rold, rcur, offsetof(struct bpf_reg_state, id)) == 0 &&
		       check_scalar_ids(rold->id, rcur->id, idmap);
	if (!rold->precise && exact == NOT_EXACT)
		return true;
	/*
	 *                   rold->id    rold + ADD_CONST   rold->id == 0
	 * rcur->id          range,ids   false              range
	 * rcur + ADD_CONST  false       range,ids,off      range
	 * rcur->id == 0     range,ids   false              range
	 * ADD_CONST32 and ADD_CONST64 link differently (alu32 zero-extends): they must match.
	 */
	if (rold->id && (rold->id & BPF_ADD_CONST) != (rcur->id & BPF_ADD_CONST))
		return false;
	if ((rold->id & BPF_ADD_CONST) && rold->off != rcur->off)
		return false;
	if (!check_scalar_ids(rold->id, rcur->id, idmap))
		return false;
	/* the new value must satisfy the old range knowledge */
	return range_within(rold, rcur) && tnum_in(rold->var_off, rcur->var_off);
}

/* Returns true if (rold safe implies rcur safe) */
static bool regsafe(struct bpf_verifier_env *env, struct bpf_reg_state *rold,
		    struct bpf_reg_state *rcur, struct bpf_idmap *idmap, enum exact_level exact)
{
	if (exact == EXACT)
		return regs_exact(rold, rcur, idmap);
	if (rold->type == NOT_INIT) {
		if (exact == NOT_EXACT || rcur->type == NOT_INIT)
			/* explored state can't have used this */
			return true;
	}
	/* types must match exactly, modifiers included */
	if (rold->type != rcur->type)
		return false;
	switch (base_type(rold->type)) {
	case SCALAR_VALUE:
		return scalar_safe(env, rold, rcur, idmap, exact);
	case PTR_TO_MAP_KEY:
	case PTR_TO_MAP_VALUE:
	case PTR_TO_MEM:
	case PTR_TO_BUF:
	case PTR_TO_TP_BUFFER:
		/* the new offset range must be within the old one, all else equal */
		return memcmp(rold, rcur, offsetof(struct bpf_reg_state, var_off)) == 0 &&
		       range_within(rold, rcur) && tnum_in(rold->var_off, rcur->var_off) &&
		       check_ids(rold->id, rcur->id, idmap) &&
		       check_ids(rold->ref_obj_id, rcur->ref_obj_id, idmap);
	case PTR_TO_PACKET_META:
	case PTR_TO_PACKET:
		/* at least the old range, the same fixed offset, the same id relations */
		if (rold->range < 0 || rcur->range < 0) {
			/* [BEYOND|AT]_PKT_END only match themselves (2026 stable fix) */
			if (rold->range != rcur->range)
				return false;
		} else if (rold->range > rcur->range) {
			return false;
		}
		if (rold->off != rcur->off)
			return false;
		if (!check_ids(rold->id, rcur->id, idmap))
			return false;
		return range_within(rold, rcur) && tnum_in(rold->var_off, rcur->var_off);
	case PTR_TO_STACK:
		/* fp-8 in foo is not fp-8 in bar */
		return regs_exact(rold, rcur, idmap) && rold->frameno == rcur->frameno;
	case PTR_TO_ARENA:
		return true;
	default:
		return regs_exact(rold, rcur, idmap);
	}
}

static bool is_stack_all_misc(struct bpf_verifier_env *env, struct bpf_stack_state *stack)
{
	for (u32 i = 0; i < BPF_REG_SIZE; ++i) {
		if ((stack->slot_type[i] == STACK_MISC) ||
		    (stack->slot_type[i] == STACK_INVALID && env->allow_uninit_stack))
			continue;
		return false;
	}
	return true;
}

static struct bpf_reg_state unbound_reg;
static bool unbound_reg_ready;

static struct bpf_reg_state *scalar_reg_for_stack(struct bpf_verifier_env *env,
						  struct bpf_stack_state *stack)
{
	if (is_spilled_scalar_reg64(stack))
		return &stack->spilled_ptr;
	if (is_stack_all_misc(env, stack)) {
		if (!unbound_reg_ready) {
			reg_mark_unknown(&unbound_reg, false);
			unbound_reg_ready = true;
		}
		return &unbound_reg;
	}
	return NULL;
}

static bool stack_objects_safe(struct bpf_stack_state *os, struct bpf_stack_state *cs,
			       struct bpf_verifier_env *env, struct bpf_idmap *idmap,
			       enum exact_level exact)
{
	struct bpf_reg_state *old_reg = &os->spilled_ptr, *cur_reg = &cs->spilled_ptr;

	switch (os->slot_type[BPF_REG_SIZE - 1]) {
	case STACK_SPILL:
		/* both spilled registers: their states must be compatible */
		return regsafe(env, old_reg, cur_reg, idmap, exact);
	case STACK_DYNPTR:
		return old_reg->dynptr.type == cur_reg->dynptr.type &&
		       old_reg->dynptr.first_slot == cur_reg->dynptr.first_slot &&
		       check_ids(old_reg->ref_obj_id, cur_reg->ref_obj_id, idmap);
	case STACK_ITER:
		/* iter.depth is not compared: it only serves the infinite loop check */
		return old_reg->iter.btf == cur_reg->iter.btf &&
		       old_reg->iter.btf_id == cur_reg->iter.btf_id &&
		       old_reg->iter.state == cur_reg->iter.state &&
		       check_ids(old_reg->ref_obj_id, cur_reg->ref_obj_id, idmap);
	case STACK_IRQ_FLAG:
		return check_ids(old_reg->ref_obj_id, cur_reg->ref_obj_id, idmap) &&
		       old_reg->irq.kfunc_class == cur_reg->irq.kfunc_class;
	case STACK_MISC:
	case STACK_ZERO:
	case STACK_INVALID:
		return true;
	default:
		return false;
	}
}

static bool stacksafe(struct bpf_verifier_env *env, struct bpf_func_state *old,
		      struct bpf_func_state *cur, struct bpf_idmap *idmap, enum exact_level exact)
{
	/* slots the explored (safe) state did not have were not used by it */
	for (int i = 0; i < old->allocated_stack; i++) {
		struct bpf_reg_state *old_reg, *cur_reg;
		int spi = i / BPF_REG_SIZE;
		u8 ot = old->stack[spi].slot_type[i % BPF_REG_SIZE], ct;

		if (exact != NOT_EXACT && (i >= cur->allocated_stack ||
					   ot != cur->stack[spi].slot_type[i % BPF_REG_SIZE]))
			return false;
		if (ot == STACK_INVALID)
			continue;
		if (env->allow_uninit_stack && ot == STACK_MISC)
			continue;
		if (i >= cur->allocated_stack)
			return false;
		/* a 64-bit scalar spill and all-MISC slots both read as scalars */
		old_reg = scalar_reg_for_stack(env, &old->stack[spi]);
		cur_reg = scalar_reg_for_stack(env, &cur->stack[spi]);
		if (old_reg && cur_reg) {
			if (!regsafe(env, old_reg, cur_reg, idmap, exact))
				return false;
			i += BPF_REG_SIZE - 1;
			continue;
		}
		ct = cur->stack[spi].slot_type[i % BPF_REG_SIZE];
		/* safe with misc data implies safe with zeros, not the reverse */
		if (ot == STACK_MISC && ct == STACK_ZERO)
			continue;
		if (ot != ct)
			return false;
		if (i % BPF_REG_SIZE != BPF_REG_SIZE - 1)
			continue;
		if (!stack_objects_safe(&old->stack[spi], &cur->stack[spi], env, idmap, exact))
			return false;
	}
	return true;
}

static bool refsafe(struct bpf_verifier_state *old, struct bpf_verifier_state *cur,
		    struct bpf_idmap *idmap)
{
	if (old->acquired_refs != cur->acquired_refs)
		return false;
	if (old->active_locks != cur->active_locks)
		return false;
	if (old->active_preempt_locks != cur->active_preempt_locks)
		return false;
	if (old->active_rcu_lock != cur->active_rcu_lock)
		return false;
	if (!check_ids(old->active_irq_id, cur->active_irq_id, idmap))
		return false;
	if (!check_ids(old->active_lock_id, cur->active_lock_id, idmap) ||
	    old->active_lock_ptr != cur->active_lock_ptr)
		return false;
	for (u32 i = 0; i < old->acquired_refs; i++) {
		if (!check_ids((u32)old->refs[i].id, (u32)cur->refs[i].id, idmap) ||
		    old->refs[i].type != cur->refs[i].type)
			return false;
		switch (old->refs[i].type) {
		case REF_TYPE_PTR:
		case REF_TYPE_IRQ:
			break;
		case REF_TYPE_LOCK:
		case REF_TYPE_RES_LOCK:
		case REF_TYPE_RES_LOCK_IRQ:
			if (old->refs[i].ptr != cur->refs[i].ptr)
				return false;
			break;
		default:
			return false;
		}
	}
	return true;
}

static bool func_states_equal(struct bpf_verifier_env *env, struct bpf_func_state *old,
			      struct bpf_func_state *cur, u32 insn_idx, enum exact_level exact)
{
	u16 live_regs = env->insn_aux_data[insn_idx].live_regs_before;

	if (old->callback_depth > cur->callback_depth)
		return false;
	for (int i = 0; i < MAX_BPF_REG; i++)
		if (((1 << i) & live_regs) &&
		    !regsafe(env, &old->regs[i], &cur->regs[i], &env->idmap_scratch, exact))
			return false;
	return stacksafe(env, old, cur, &env->idmap_scratch, exact);
}

static bool states_equal(struct bpf_verifier_env *env, struct bpf_verifier_state *old,
			 struct bpf_verifier_state *cur, enum exact_level exact)
{
	if (old->curframe != cur->curframe)
		return false;
	reset_idmap_scratch(env);
	/* speculative states must never prune non-speculative ones */
	if (old->speculative && !cur->speculative)
		return false;
	if (old->in_sleepable != cur->in_sleepable)
		return false;
	if (!refsafe(old, cur, &env->idmap_scratch))
		return false;
	/* callsites must match and every frame must be equivalent */
	for (u32 i = 0; i <= old->curframe; i++) {
		u32 insn_idx = frame_insn_idx(old, i);

		if (old->frame[i]->callsite != cur->frame[i]->callsite)
			return false;
		if (!func_states_equal(env, old->frame[i], cur->frame[i], insn_idx, exact))
			return false;
	}
	return true;
}

/* Precise scalars of the equivalent old state must be precise in the current path too. */
int propagate_precision(struct bpf_verifier_env *env, const struct bpf_verifier_state *old,
			struct bpf_verifier_state *cur, bool *changed)
{
	for (int fr = (int)old->curframe; fr >= 0; fr--) {
		struct bpf_func_state *state = old->frame[fr];
		bool first = true;
		int i;

		for (i = 0; i < BPF_REG_FP; i++) {
			struct bpf_reg_state *r = &state->regs[i];

			if (r->type != SCALAR_VALUE || !r->precise)
				continue;
			if (env->log.level & HIVE_LOG_LEVEL2) {
				if (first)
					verbose(env, "frame %d: propagating r%d", fr, i);
				else
					verbose(env, ",r%d", i);
			}
			bt_set_frame_reg(&env->bt, (u32)fr, (u32)i);
			first = false;
		}
		for (i = 0; i < state->allocated_stack / BPF_REG_SIZE; i++) {
			struct bpf_reg_state *r;

			if (!is_spilled_reg(&state->stack[i]))
				continue;
			r = &state->stack[i].spilled_ptr;
			if (r->type != SCALAR_VALUE || !r->precise)
				continue;
			if (env->log.level & HIVE_LOG_LEVEL2) {
				if (first)
					verbose(env, "frame %d: propagating fp%d", fr,
						(-i - 1) * BPF_REG_SIZE);
				else
					verbose(env, ",fp%d", (-i - 1) * BPF_REG_SIZE);
			}
			bt_set_frame_slot(&env->bt, (u32)fr, (u32)i);
			first = false;
		}
		if (!first)
			verbose(env, "\n");
	}
	return __mark_chain_precision(env, cur, -1, changed) < 0 ? -EFAULT : 0;
}

/* ---- cleaning dead registers and slots of finished checkpoints ---- */

static void clean_func_state(struct bpf_verifier_env *env, struct bpf_func_state *st, u32 ip)
{
	u16 live_regs = env->insn_aux_data[ip].live_regs_before;

	for (int i = 0; i < BPF_REG_FP; i++)
		if (!(live_regs & BIT(i)))
			/* unused register: clear it to make comparison simpler */
			__mark_reg_not_init(env, &st->regs[i]);
	for (int i = 0; i < st->allocated_stack / BPF_REG_SIZE; i++) {
		if (!bpf_stack_slot_alive(env, st->frameno, (u32)i)) {
			__mark_reg_not_init(env, &st->stack[i].spilled_ptr);
			for (int j = 0; j < BPF_REG_SIZE; j++)
				st->stack[i].slot_type[j] = STACK_INVALID;
		}
	}
}

static void clean_verifier_state(struct bpf_verifier_env *env, struct bpf_verifier_state *st)
{
	bpf_live_stack_query_init(env, st);
	st->cleaned = true;
	for (u32 i = 0; i <= st->curframe; i++)
		clean_func_state(env, st->frame[i], frame_insn_idx(st, i));
}

/*
 * Walking a branch for the second time means every state below it was explored and has final
 * liveness; finished checkpoints at this insn can forget what will never be read.
 */
static void clean_live_states(struct bpf_verifier_env *env, int insn,
			      struct bpf_verifier_state *cur)
{
	struct hive_list *head = explored_state(env, insn), *pos;

	for (pos = head->next; pos != head; pos = pos->next) {
		struct bpf_verifier_state_list *sl =
			container_of(pos, struct bpf_verifier_state_list, node);

		if (sl->state.branches)
			continue;
		if (sl->state.insn_idx != (u32)insn || !same_callsites(&sl->state, cur))
			continue;
		if (sl->state.cleaned)
			continue;
		if (incomplete_read_marks(env, &sl->state))
			continue;
		clean_verifier_state(env, &sl->state);
	}
}

/* ---- loops ---- */

static bool states_maybe_looping(struct bpf_verifier_state *old, struct bpf_verifier_state *cur)
{
	struct bpf_func_state *fold, *fcur;
	u32 fr = cur->curframe;

	if (old->curframe != fr)
		return false;
	fold = old->frame[fr];
	fcur = cur->frame[fr];
	for (int i = 0; i < MAX_BPF_REG; i++)
		if (memcmp(&fold->regs[i], &fcur->regs[i], offsetof(struct bpf_reg_state, frameno)))
			return false;
	return true;
}

/* An ACTIVE iterator at a different depth is another iteration, not an infinite loop. */
static bool iter_active_depths_differ(struct bpf_verifier_state *old,
				      struct bpf_verifier_state *cur)
{
	for (int fr = (int)old->curframe; fr >= 0; fr--) {
		struct bpf_func_state *state = old->frame[fr];

		for (int i = 0; i < state->allocated_stack / BPF_REG_SIZE; i++) {
			struct bpf_reg_state *slot, *cur_slot;

			if (state->stack[i].slot_type[0] != STACK_ITER)
				continue;
			slot = &state->stack[i].spilled_ptr;
			if (slot->iter.state != BPF_ITER_STATE_ACTIVE)
				continue;
			cur_slot = &cur->frame[fr]->stack[i].spilled_ptr;
			if (cur_slot->iter.depth != slot->iter.depth)
				return true;
		}
	}
	return false;
}

/* The nearest ancestor checkpoint at insn_idx with the same call sites: a loop entry. */
struct bpf_verifier_state *find_prev_entry(struct bpf_verifier_env *env,
					   struct bpf_verifier_state *cur, int insn_idx)
{
	struct hive_list *head = explored_state(env, insn_idx), *pos;

	for (pos = head->next; pos != head; pos = pos->next) {
		struct bpf_verifier_state_list *sl =
			container_of(pos, struct bpf_verifier_state_list, node);
		struct bpf_verifier_state *st = &sl->state;

		if (st->insn_idx == (u32)insn_idx && st->branches && same_callsites(st, cur) &&
		    st->dfs_depth < cur->dfs_depth)
			return st;
	}
	return NULL;
}

static void maybe_widen_reg(struct bpf_verifier_env *env, struct bpf_reg_state *rold,
			    struct bpf_reg_state *rcur, struct bpf_idmap *idmap)
{
	if (rold->type != SCALAR_VALUE)
		return;
	if (rold->type != rcur->type)
		return;
	if (rold->precise || rcur->precise || regs_exact(rold, rcur, idmap))
		return;
	__mark_reg_unknown(env, rcur);
}

/* Loop iterations: forget the ranges of imprecise scalars that changed, so they converge. */
int widen_imprecise_scalars(struct bpf_verifier_env *env, struct bpf_verifier_state *old,
			    struct bpf_verifier_state *cur)
{
	reset_idmap_scratch(env);
	for (int fr = (int)old->curframe; fr >= 0; fr--) {
		struct bpf_func_state *fold = old->frame[fr], *fcur = cur->frame[fr];
		int i, num_slots;

		for (i = 0; i < MAX_BPF_REG; i++)
			maybe_widen_reg(env, &fold->regs[i], &fcur->regs[i], &env->idmap_scratch);
		num_slots = fold->allocated_stack < fcur->allocated_stack ? fold->allocated_stack :
									    fcur->allocated_stack;
		num_slots /= BPF_REG_SIZE;
		for (i = 0; i < num_slots; i++) {
			if (!is_spilled_reg(&fold->stack[i]) || !is_spilled_reg(&fcur->stack[i]))
				continue;
			maybe_widen_reg(env, &fold->stack[i].spilled_ptr,
					&fcur->stack[i].spilled_ptr, &env->idmap_scratch);
		}
	}
	return 0;
}

/* ---- is_state_visited ---- */

/* Decide about a checkpoint that is still on the current path (branches > 0). */
static int loop_checkpoint(struct bpf_verifier_env *env, struct bpf_verifier_state_list *sl,
			   int insn_idx, bool *loop)
{
	struct bpf_verifier_state *cur = env->cur_state;
	struct bpf_func_state *frame = sl->state.frame[sl->state.curframe];

	/* another entry into an async callback is not a loop */
	if (frame->in_async_callback_fn &&
	    frame->async_entry_cnt != cur->frame[cur->curframe]->async_entry_cnt)
		return 0;
	if (env->insn_aux_data[insn_idx].is_iter_next) {
		/* iterators converge when states match exactly at iter_next() */
		if (states_equal(env, &sl->state, cur, RANGE_WITHIN)) {
			struct bpf_reg_state *iter_reg =
				&cur->frame[cur->curframe]->regs[BPF_REG_1];
			int spi = __get_spi(iter_reg->off + (s32)iter_reg->var_off.value);
			struct bpf_reg_state *iter_state =
				&func(env, iter_reg)->stack[spi].spilled_ptr;

			if (iter_state->iter.state == BPF_ITER_STATE_ACTIVE) {
				*loop = true;
				return 1;
			}
		}
		return 0;
	}
	if (is_may_goto_insn(&env->insns[insn_idx])) {
		if (sl->state.may_goto_depth != cur->may_goto_depth &&
		    states_equal(env, &sl->state, cur, RANGE_WITHIN)) {
			*loop = true;
			return 1;
		}
	}
	if (bpf_calls_callback(env, insn_idx))
		return states_equal(env, &sl->state, cur, RANGE_WITHIN) ? 1 : 0;
	/* detect an infinite loop: an exactly equal ancestor */
	if (states_maybe_looping(&sl->state, cur) && states_equal(env, &sl->state, cur, EXACT) &&
	    !iter_active_depths_differ(&sl->state, cur) &&
	    sl->state.may_goto_depth == cur->may_goto_depth &&
	    sl->state.callback_unroll_depth == cur->callback_unroll_depth) {
		verbose_linfo(env, (u32)insn_idx, "; ");
		verbose(env, "infinite loop detected at insn %d\n", insn_idx);
		verbose(env, "cur state:");
		print_verifier_state(env, cur, cur->curframe, true);
		verbose(env, "old state:");
		print_verifier_state(env, &sl->state, cur->curframe, true);
		return -EINVAL;
	}
	return 0;
}

/* The current state equals checkpoint @sl: propagate precision, record a backedge. */
static int checkpoint_hit(struct bpf_verifier_env *env, struct bpf_verifier_state_list *sl,
			  int insn_idx, bool loop)
{
	struct bpf_verifier_state *cur = env->cur_state;
	int err = 0;

	sl->hit_cnt++;
	if (env->debug) {
		/* HIVE_VERIFIER_DEBUG=1: which checkpoint pruned this path */
		verbose(env, "DEBUG %d: pruned by checkpoint (loop %d):\n", insn_idx, loop);
		for (u32 i = 0; i <= sl->state.curframe; i++)
			print_verifier_state(env, &sl->state, i, true);
	}
	if (is_jmp_point(env, (int)env->insn_idx))
		err = push_jmp_history(env, cur, 0, 0);
	err = err ?: propagate_precision(env, &sl->state, cur, NULL);
	if (err)
		return err;
	if (loop) {
		struct bpf_scc_backedge *backedge = calloc(1, sizeof(*backedge));

		if (!backedge)
			return -ENOMEM;
		err = copy_verifier_state(&backedge->state, cur);
		backedge->state.equal_state = &sl->state;
		backedge->state.insn_idx = (u32)insn_idx;
		err = err ?: add_scc_backedge(env, &sl->state, backedge);
		if (err) {
			free_verifier_state(&backedge->state, false);
			free(backedge);
			return err;
		}
	}
	return 1;
}

static void checkpoint_miss(struct bpf_verifier_env *env, struct bpf_verifier_state_list *sl,
			    int insn_idx, bool add_new_state)
{
	int n;

	/* count misses only when a new state will be added, or loop iterations would
	 * evict the states recorded earlier
	 */
	if (add_new_state)
		sl->miss_cnt++;
	/* keep checkpoints longer (more misses allowed) at forced checkpoints */
	n = is_force_checkpoint(env, insn_idx) && sl->state.branches > 0 ? 64 : 3;
	if (sl->miss_cnt > sl->hit_cnt * (u32)n + (u32)n) {
		/* the state is unlikely to be useful: evict it */
		sl->in_free_list = true;
		hive_list_del(&sl->node);
		hive_list_add(&sl->node, &env->free_list);
		env->free_list_size++;
		env->explored_states_size--;
		maybe_free_verifier_state(env, sl);
	}
}

static int add_checkpoint(struct bpf_verifier_env *env, int insn_idx, struct hive_list *head)
{
	struct bpf_verifier_state *cur = env->cur_state, *new;
	struct bpf_verifier_state_list *new_sl;
	int err;

	new_sl = calloc(1, sizeof(*new_sl));
	if (!new_sl)
		return -ENOMEM;
	env->total_states++;
	env->explored_states_size++;
	update_peak_states(env);
	env->prev_jmps_processed = env->jmps_processed;
	env->prev_insn_processed = env->insn_processed;
	/* forget precise markings we inherited, see __mark_chain_precision */
	if (env->bpf_capable)
		mark_all_scalars_imprecise(env, cur);
	new = &new_sl->state;
	err = copy_verifier_state(new, cur);
	if (!err) {
		new->insn_idx = (u32)insn_idx;
		err = maybe_enter_scc(env, new);
	}
	if (err) {
		free_verifier_state(new, false);
		free(new_sl);
		return err;
	}
	cur->parent = new;
	cur->first_insn_idx = (u32)insn_idx;
	cur->dfs_depth = new->dfs_depth + 1;
	clear_jmp_history(cur);
	hive_list_add(&new_sl->node, head);
	return 0;
}

int is_state_visited(struct bpf_verifier_env *env, int insn_idx)
{
	struct bpf_verifier_state *cur = env->cur_state;
	bool force_new_state, add_new_state, loop;
	struct hive_list *pos, *tmp, *head;
	int err, states_cnt = 0;

	/* avoid accumulating infinitely long jump histories */
	force_new_state = env->test_state_freq || is_force_checkpoint(env, insn_idx) ||
			  cur->jmp_history_cnt > 40;
	/* add a state only after at least 2 jumps and 8 instructions */
	add_new_state = force_new_state;
	if (env->jmps_processed - env->prev_jmps_processed >= 2 &&
	    env->insn_processed - env->prev_insn_processed >= 8)
		add_new_state = true;
	clean_live_states(env, insn_idx, cur);
	/* as in the kernel, 'loop' carries over from one checkpoint of the list to the next */
	loop = false;
	head = explored_state(env, insn_idx);
	for (pos = head->next, tmp = pos->next; pos != head; pos = tmp, tmp = pos->next) {
		struct bpf_verifier_state_list *sl =
			container_of(pos, struct bpf_verifier_state_list, node);

		states_cnt++;
		if (sl->state.insn_idx != (u32)insn_idx)
			continue;
		if (sl->state.branches) {
			err = loop_checkpoint(env, sl, insn_idx, &loop);
			if (err < 0)
				return err;
			if (err == 1)
				return checkpoint_hit(env, sl, insn_idx, loop);
			/* loops: don't add states too often, iterations differ */
			if (!force_new_state &&
			    env->jmps_processed - env->prev_jmps_processed < 20 &&
			    env->insn_processed - env->prev_insn_processed < 100)
				add_new_state = false;
			checkpoint_miss(env, sl, insn_idx, add_new_state);
			continue;
		}
		/* marks of a checkpoint inside a loop may be incomplete: compare ranges */
		loop = incomplete_read_marks(env, &sl->state);
		if (env->debug && env->debug_insn == insn_idx) {
			verbose(env, "DEBUG %d: old state (loop %d) miss %d hit %d:", insn_idx,
				loop, sl->miss_cnt, sl->hit_cnt);
			print_verifier_state(env, &sl->state, sl->state.curframe, true);
		}
		if (states_equal(env, &sl->state, cur, loop ? RANGE_WITHIN : NOT_EXACT))
			return checkpoint_hit(env, sl, insn_idx, loop);
		checkpoint_miss(env, sl, insn_idx, add_new_state);
	}
	if (env->max_states_per_insn < (u32)states_cnt)
		env->max_states_per_insn = (u32)states_cnt;
	if (!env->bpf_capable && states_cnt > BPF_COMPLEXITY_LIMIT_STATES)
		return 0;
	if (!add_new_state)
		return 0;
	/*
	 * Remember the current state. It is not proven safe yet, but it will reach an exit or
	 * be rejected; while looping, its branches > 0 keep it out of comparisons.
	 */
	return add_checkpoint(env, insn_idx, head);
}

/* ---- teardown ---- */

void free_states(struct bpf_verifier_env *env)
{
	struct hive_list *pos, *tmp;

	free_verifier_state(env->cur_state, true);
	env->cur_state = NULL;
	while (!pop_stack(env, NULL, NULL, false))
		;
	for (pos = env->free_list.next; pos != &env->free_list; pos = tmp) {
		struct bpf_verifier_state_list *sl =
			container_of(pos, struct bpf_verifier_state_list, node);

		tmp = pos->next;
		free_verifier_state(&sl->state, false);
		free(sl);
	}
	hive_list_init(&env->free_list);
	for (u32 i = 0; i < env->scc_cnt; ++i) {
		struct bpf_scc_info *info = env->scc_info[i];

		if (!info)
			continue;
		for (u32 j = 0; j < info->num_visits; j++)
			free_backedges(&info->visits[j]);
		free(info);
		env->scc_info[i] = NULL;
	}
	for (u32 i = 0; i < env->len; i++) {
		struct hive_list *head = &env->explored_states[i];

		for (pos = head->next; pos != head; pos = tmp) {
			struct bpf_verifier_state_list *sl =
				container_of(pos, struct bpf_verifier_state_list, node);

			tmp = pos->next;
			free_verifier_state(&sl->state, false);
			free(sl);
		}
		hive_list_init(head);
	}
	/* as in the kernel, the counters are not reset: peak_states accumulates over the
	 * global subprograms verified one after the other */
}

/*
 * compute_scc() - strongly connected components of the CFG (the kernel's iterative Tarjan,
 * Pearce's "Algorithm #3"): aux[i].scc is the component of instruction i, 0 for an instruction
 * alone in its component without a self edge. Loops are the components with a number.
 */
int compute_scc(struct bpf_verifier_env *env)
{
	const u32 NOT_ON_STACK = U32_MAX;
	struct bpf_insn_aux_data *aux = env->insn_aux_data;
	const u32 insn_cnt = env->len;
	u32 *stack, *pre, *low, *dfs;
	u32 stack_sz, dfs_sz, succ_cnt, i, j, t, w, next_preorder_num = 1, next_scc_id = 1;
	u32 succ[2];
	bool assign_scc;
	int err = 0;

	stack = calloc(insn_cnt ? insn_cnt : 1, sizeof(u32));
	pre = calloc(insn_cnt ? insn_cnt : 1, sizeof(u32));
	low = calloc(insn_cnt ? insn_cnt : 1, sizeof(u32));
	dfs = calloc(insn_cnt ? insn_cnt : 1, sizeof(u32));
	if (!stack || !pre || !low || !dfs) {
		err = -ENOMEM;
		goto exit;
	}
	for (i = 0; i < insn_cnt; i++) {
		if (pre[i])
			continue;
		stack_sz = 0;
		dfs_sz = 1;
		dfs[0] = i;
dfs_continue:
		while (dfs_sz) {
			w = dfs[dfs_sz - 1];
			if (pre[w] == 0) {
				low[w] = next_preorder_num;
				pre[w] = next_preorder_num;
				next_preorder_num++;
				stack[stack_sz++] = w;
			}
			succ_cnt = (u32)bpf_insn_successors(env, w, succ);
			for (j = 0; j < succ_cnt; ++j) {
				if (pre[succ[j]]) {
					low[w] = low[w] < low[succ[j]] ? low[w] : low[succ[j]];
				} else {
					dfs[dfs_sz++] = succ[j];
					goto dfs_continue;
				}
			}
			if (low[w] < pre[w]) {
				dfs_sz--;
				goto dfs_continue;
			}
			assign_scc = stack[stack_sz - 1] != w;
			for (j = 0; j < succ_cnt; ++j) {
				if (succ[j] == w) {
					assign_scc = true;
					break;
				}
			}
			do {
				t = stack[--stack_sz];
				low[t] = NOT_ON_STACK;
				if (assign_scc)
					aux[t].scc = next_scc_id;
			} while (t != w);
			if (assign_scc)
				next_scc_id++;
			dfs_sz--;
		}
	}
	env->scc_info = calloc(next_scc_id, sizeof(*env->scc_info));
	if (!env->scc_info) {
		err = -ENOMEM;
		goto exit;
	}
	env->scc_cnt = next_scc_id;
exit:
	free(stack);
	free(pre);
	free(low);
	free(dfs);
	return err;
}
