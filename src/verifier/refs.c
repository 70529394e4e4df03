// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/refs.c: resources a program acquires and must give back before it exits.
 *
 * state->refs[] lists, in acquisition order:
 *   REF_TYPE_PTR       a reference (socket, ringbuf record, kptr, task, local object ...):
 *                      every register holding it carries ref_obj_id = the entry's id; a
 *                      release invalidates all of them; "Unreleased reference id=N
 *                      alloc_insn=M" at exit otherwise
 *   REF_TYPE_LOCK      a held bpf_spin_lock, identified by (id, ptr): the register id of the
 *   REF_TYPE_RES_LOCK* locked map value or object and the map or BTF owning it (the identity
 *                      the graph rules compare, spec C.3). state->active_lock_{id,ptr} is the
 *                      most recent one: unlocks must come in reverse order
 *   REF_TYPE_IRQ       saved IRQ flags (bpf_local_irq_save), restored in reverse order
 *
 * Non-owning references to graph nodes (NON_OWN_REF) are only valid while the lock is held:
 * every unlock invalidates them.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "verifier/env.h"

static struct bpf_reference_state *acquire_reference_state(struct bpf_verifier_env *env,
							   int insn_idx)
{
	struct bpf_verifier_state *state = env->cur_state;
	struct bpf_reference_state *refs;

	refs = realloc(state->refs, (state->acquired_refs + 1) * sizeof(*refs));
	if (!refs)
		return NULL;
	state->refs = refs;
	memset(&refs[state->acquired_refs], 0, sizeof(*refs));
	refs[state->acquired_refs].insn_idx = insn_idx;
	return &refs[state->acquired_refs++];
}

int acquire_reference(struct bpf_verifier_env *env, int insn_idx)
{
	struct bpf_reference_state *s = acquire_reference_state(env, insn_idx);

	if (!s)
		return -ENOMEM;
	s->type = REF_TYPE_PTR;
	s->id = (int)++env->id_gen;
	return s->id;
}

int acquire_lock_state(struct bpf_verifier_env *env, int insn_idx, enum ref_state_type type, int id,
		       const void *ptr)
{
	struct bpf_verifier_state *state = env->cur_state;
	struct bpf_reference_state *s = acquire_reference_state(env, insn_idx);

	if (!s)
		return -ENOMEM;
	s->type = type;
	s->id = id;
	s->ptr = ptr;
	state->active_locks++;
	state->active_lock_id = (u32)id;
	state->active_lock_ptr = ptr;
	return 0;
}

int acquire_irq_state(struct bpf_verifier_env *env, int insn_idx)
{
	struct bpf_verifier_state *state = env->cur_state;
	struct bpf_reference_state *s = acquire_reference_state(env, insn_idx);

	if (!s)
		return -ENOMEM;
	s->type = REF_TYPE_IRQ;
	s->id = (int)++env->id_gen;
	state->active_irq_id = (u32)s->id;
	return s->id;
}

/* Remove entry @idx keeping the order (IRQ and lock entries behave as a stack). */
static void release_reference_state(struct bpf_verifier_state *state, u32 idx)
{
	u32 last_idx = state->acquired_refs - 1;

	if (last_idx && idx != last_idx)
		memmove(&state->refs[idx], &state->refs[idx + 1],
			sizeof(*state->refs) * (last_idx - idx));
	memset(&state->refs[last_idx], 0, sizeof(*state->refs));
	state->acquired_refs--;
}

bool find_reference_state(struct bpf_verifier_state *state, int ptr_id)
{
	for (u32 i = 0; i < state->acquired_refs; i++)
		if (state->refs[i].id == ptr_id)
			return true;
	return false;
}

int release_lock_state(struct bpf_verifier_state *state, int type, int id, const void *ptr)
{
	const void *prev_ptr = NULL;
	u32 prev_id = 0;

	for (u32 i = 0; i < state->acquired_refs; i++) {
		if ((int)state->refs[i].type == type && state->refs[i].id == id &&
		    state->refs[i].ptr == ptr) {
			release_reference_state(state, i);
			state->active_locks--;
			/* the previous lock becomes the active one */
			state->active_lock_id = prev_id;
			state->active_lock_ptr = prev_ptr;
			return 0;
		}
		if (state->refs[i].type & REF_TYPE_LOCK_MASK) {
			prev_id = (u32)state->refs[i].id;
			prev_ptr = state->refs[i].ptr;
		}
	}
	return -EINVAL;
}

int release_irq_state(struct bpf_verifier_state *state, int id)
{
	u32 prev_id = 0;

	if ((u32)id != state->active_irq_id)
		return -EACCES;
	for (u32 i = 0; i < state->acquired_refs; i++) {
		if (state->refs[i].type != REF_TYPE_IRQ)
			continue;
		if (state->refs[i].id == id) {
			release_reference_state(state, i);
			state->active_irq_id = prev_id;
			return 0;
		}
		prev_id = (u32)state->refs[i].id;
	}
	return -EINVAL;
}

struct bpf_reference_state *find_lock_state(struct bpf_verifier_state *state, u32 type, int id,
					    const void *ptr)
{
	for (u32 i = 0; i < state->acquired_refs; i++) {
		struct bpf_reference_state *s = &state->refs[i];

		if (!(s->type & type))
			continue;
		if (s->id == id && s->ptr == ptr)
			return s;
	}
	return NULL;
}

int release_reference_nomark(struct bpf_verifier_state *state, int ref_obj_id)
{
	for (u32 i = 0; i < state->acquired_refs; i++) {
		if (state->refs[i].type != REF_TYPE_PTR)
			continue;
		if (state->refs[i].id == ref_obj_id) {
			release_reference_state(state, i);
			return 0;
		}
	}
	return -EINVAL;
}

/* Release reference @ref_obj_id: every register still holding it becomes unusable. */
int release_reference(struct bpf_verifier_env *env, int ref_obj_id)
{
	struct bpf_verifier_state *vstate = env->cur_state;
	struct bpf_func_state *state;
	struct bpf_reg_state *reg;
	int err = release_reference_nomark(vstate, ref_obj_id);

	if (err)
		return err;
	bpf_for_each_reg_in_vstate(vstate, state, reg, ({
					   if (reg->ref_obj_id == (u32)ref_obj_id)
						   mark_reg_invalid(env, reg);
				   }))
		;
	return 0;
}

/* Graph hook (spec C): at unlock, non-owning references lose their validity. */
void invalidate_non_owning_refs(struct bpf_verifier_env *env)
{
	struct bpf_func_state *unused;
	struct bpf_reg_state *reg;
	bool any = false;

	bpf_for_each_reg_in_vstate(env->cur_state, unused, reg, ({
					   if (type_is_non_owning_ref(reg->type)) {
						   mark_reg_invalid(env, reg);
						   any = true;
					   }
				   }))
		;
	/* a later use of one of them is explained by this unlock (CLI hint) */
	if (any)
		env->cur_state->nonown_unlock_insn = env->insn_idx + 1;
}

/* Graph hook (spec C): turn @reg into a non-owning reference valid under the held lock. */
int ref_set_non_owning(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	const struct hive_record *rec;

	if (!env->cur_state->active_locks) {
		verifier_bug(env, "%s w/o active lock", __func__);
		return -EFAULT;
	}
	if (type_flag(reg->type) & NON_OWN_REF) {
		verifier_bug(env, "NON_OWN_REF already set");
		return -EFAULT;
	}
	reg->type |= NON_OWN_REF;
	rec = reg_btf_record(reg);
	/* refcounted objects stay alive under RCU after the unlock */
	if (rec && rec->refcount_off >= 0)
		reg->type |= MEM_RCU;
	return 0;
}

/* ---- leaks ---- */

static int check_reference_leak(struct bpf_verifier_env *env, bool exception_exit)
{
	struct bpf_verifier_state *state = env->cur_state;
	struct bpf_reg_state *reg = reg_state(env, BPF_REG_0);
	bool refs_lingering = false;

	if (!exception_exit && cur_func(env)->frameno)
		return 0;
	for (u32 i = 0; i < state->acquired_refs; i++) {
		if (state->refs[i].type != REF_TYPE_PTR)
			continue;
		/* struct_ops may return a reference to the kernel (checked at return) */
		if (env->prog_type == BPF_PROG_TYPE_STRUCT_OPS && !exception_exit &&
		    reg->ref_obj_id == (u32)state->refs[i].id)
			continue;
		verbose(env, "Unreleased reference id=%d alloc_insn=%d\n", state->refs[i].id,
			state->refs[i].insn_idx);
		if (env->nr_hint_leaks < HIVE_HINT_MAX_LEAKS) {
			env->hint_leaks[env->nr_hint_leaks].id = state->refs[i].id;
			env->hint_leaks[env->nr_hint_leaks++].insn = state->refs[i].insn_idx;
		}
		refs_lingering = true;
	}
	return refs_lingering ? -EINVAL : 0;
}

/* Nothing may be held where the program may end (exit, tail call, LD_ABS). */
int check_resource_leak(struct bpf_verifier_env *env, bool exception_exit, bool check_lock,
			const char *prefix)
{
	struct bpf_verifier_state *st = env->cur_state;
	int err;

	if (check_lock && st->active_locks) {
		verbose(env, "%s cannot be used inside bpf_spin_lock-ed region\n", prefix);
		return -EINVAL;
	}
	err = check_reference_leak(env, exception_exit);
	if (err) {
		verbose(env, "%s would lead to reference leak\n", prefix);
		return err;
	}
	if (check_lock && st->active_irq_id) {
		verbose(env, "%s cannot be used inside bpf_local_irq_save-ed region\n", prefix);
		return -EINVAL;
	}
	if (check_lock && st->active_rcu_lock) {
		verbose(env, "%s cannot be used inside bpf_rcu_read_lock-ed region\n", prefix);
		return -EINVAL;
	}
	if (check_lock && st->active_preempt_locks) {
		verbose(env, "%s cannot be used inside bpf_preempt_disable-ed region\n", prefix);
		return -EINVAL;
	}
	return 0;
}

/* ---- spin locks ---- */

static int lock_target(struct bpf_verifier_env *env, struct bpf_reg_state *reg, int regno,
		       bool is_res_lock, const char *lock_str, const void **ptr)
{
	const struct hive_verifier_map *map = NULL;
	const struct hive_record *rec;
	u64 val = reg->var_off.value;
	u32 spin_lock_off;

	if (!tnum_is_const(reg->var_off)) {
		verbose(env,
			"R%d doesn't have constant offset. %s_lock has to be at the constant offset\n",
			regno, lock_str);
		return -EINVAL;
	}
	if (reg->type == PTR_TO_MAP_VALUE) {
		map = reg->map_ptr;
		if (!map->btf) {
			verbose(env, "map '%s' has to have BTF in order to use %s_lock\n",
				map->name, lock_str);
			return -EINVAL;
		}
		*ptr = map;
	} else {
		*ptr = reg->btf;
	}
	rec = reg_btf_record(reg);
	if (!btf_record_has_field(rec,
				  is_res_lock ? HIVE_FIELD_RES_SPIN_LOCK : HIVE_FIELD_SPIN_LOCK)) {
		verbose(env, "%s '%s' has no valid %s_lock\n", map ? "map" : "local",
			map ? map->name : "kptr", lock_str);
		return -EINVAL;
	}
	spin_lock_off = (u32)(is_res_lock ? rec->res_spin_lock_off : rec->spin_lock_off);
	if (spin_lock_off != val + (u64)(s64)reg->off) {
		verbose(env, "off %lld doesn't point to 'struct %s_lock' that is at %d\n",
			(long long)(val + (u64)(s64)reg->off), lock_str, spin_lock_off);
		return -EINVAL;
	}
	return 0;
}

/*
 * bpf_spin_lock/unlock and the res_spin_lock kfuncs. One bpf_spin_lock at a time; resilient
 * locks nest, but not the same lock twice (an AA deadlock). The lock identity is
 * (reg->id, map or BTF): two lookups give two different locks.
 */
int process_spin_lock(struct bpf_verifier_env *env, int regno, int flags)
{
	bool is_lock = flags & PROCESS_SPIN_LOCK, is_res_lock = flags & PROCESS_RES_LOCK;
	const char *lock_str = is_res_lock ? "bpf_res_spin" : "bpf_spin";
	struct bpf_reg_state *reg = reg_state(env, regno);
	struct bpf_verifier_state *cur = env->cur_state;
	bool is_irq = flags & PROCESS_LOCK_IRQ;
	const void *ptr = NULL;
	int type, err;

	err = lock_target(env, reg, regno, is_res_lock, lock_str, &ptr);
	if (err)
		return err;
	type = is_res_lock ? (is_irq ? REF_TYPE_RES_LOCK_IRQ : REF_TYPE_RES_LOCK) : REF_TYPE_LOCK;
	if (is_lock) {
		if (!is_res_lock && cur->active_locks &&
		    find_lock_state(cur, REF_TYPE_LOCK, 0, NULL)) {
			verbose(env, "Locking two bpf_spin_locks are not allowed\n");
			return -EINVAL;
		}
		if (is_res_lock && cur->active_locks &&
		    find_lock_state(cur, REF_TYPE_RES_LOCK | REF_TYPE_RES_LOCK_IRQ, (int)reg->id,
				    ptr)) {
			verbose(env, "Acquiring the same lock again, AA deadlock detected\n");
			return -EINVAL;
		}
		err = acquire_lock_state(env, (int)env->insn_idx, (enum ref_state_type)type,
					 (int)reg->id, ptr);
		if (err < 0) {
			verbose(env, "Failed to acquire lock state\n");
			return err;
		}
		return 0;
	}
	if (!cur->active_locks) {
		verbose(env, "%s_unlock without taking a lock\n", lock_str);
		return -EINVAL;
	}
	if (!find_lock_state(cur, (u32)type, (int)reg->id, ptr)) {
		verbose(env, "%s_unlock of different lock\n", lock_str);
		return -EINVAL;
	}
	if (reg->id != cur->active_lock_id || ptr != cur->active_lock_ptr) {
		verbose(env, "%s_unlock cannot be out of order\n", lock_str);
		return -EINVAL;
	}
	if (release_lock_state(cur, type, (int)reg->id, ptr)) {
		verbose(env, "%s_unlock of different lock\n", lock_str);
		return -EINVAL;
	}
	invalidate_non_owning_refs(env);
	return 0;
}
