// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/calls.c: calls and returns.
 *
 *   helpers        check_helper_call(): the prototype for this program type, each argument
 *                  (args.c), the map/helper pairing, then R0 from the return type and r1-r5
 *                  clobbered; helpers that take a callback schedule it (below)
 *   subprograms    static ones are entered with a new frame and walked for this call site;
 *                  global ones are checked against their BTF prototype and verified once, on
 *                  their own, after the main program (do_check_subprogs)
 *   callbacks      bpf_loop, bpf_for_each_map_elem, bpf_find_vma, bpf_user_ringbuf_drain
 *                  (synchronous): the callback is walked in a new frame that returns to the
 *                  call instruction, which the walk repeats until a state repeats; timers and
 *                  other asynchronous callbacks are walked on their own from a fresh stack
 *   exits          prepare_func_exit() returns to the caller, check_return_code() checks R0
 *                  at program exit against the program type's rule
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf_types.h"
#include "verifier/btf_access.h"
#include "verifier/env.h"
#include "verifier/graph.h"
#include "verifier/kfunc_call.h"
#include "verifier/progops.h"

/* ---- small predicates ---- */

bool is_sync_callback_calling_insn(struct bpf_verifier_env *env, const struct hive_insn *insn)
{
	return (bpf_helper_call(insn) && helper_is_sync_callback_calling(insn->imm)) ||
	       (bpf_pseudo_kfunc_call(insn) && is_sync_callback_calling_kfunc(env, (u32)insn->imm));
}

bool is_async_callback_calling_insn(struct bpf_verifier_env *env, const struct hive_insn *insn)
{
	return (bpf_helper_call(insn) && helper_is_async_callback_calling(insn->imm)) ||
	       (bpf_pseudo_kfunc_call(insn) &&
		is_async_callback_calling_kfunc(env, (u32)insn->imm));
}

static bool is_callback_calling_function(int func_id)
{
	return helper_is_sync_callback_calling(func_id) ||
	       helper_is_async_callback_calling(func_id);
}

static bool reg_is_dynptr_slice_pkt(const struct bpf_reg_state *reg)
{
	return base_type(reg->type) == PTR_TO_MEM &&
	       (reg->type & (DYNPTR_TYPE_SKB | DYNPTR_TYPE_XDP | DYNPTR_TYPE_SKB_META));
}

/* Packet data may have moved: every packet pointer (and packet dynptr slice) is void. */
void clear_all_pkt_pointers(struct bpf_verifier_env *env)
{
	struct bpf_func_state *state;
	struct bpf_reg_state *reg;

	bpf_for_each_reg_in_vstate(env->cur_state, state, reg, ({
					   if (reg_is_pkt_pointer_any(reg) ||
					       reg_is_dynptr_slice_pkt(reg))
						   mark_reg_invalid(env, reg);
				   }))
		;
}

static void clear_caller_saved_regs(struct bpf_verifier_env *env, struct bpf_reg_state *regs)
{
	for (u32 i = 0; i < CALLER_SAVED_REGS; i++) {
		mark_reg_not_init(env, regs, i);
		__check_reg_arg(env, regs, i, DST_OP_NO_MARK);
	}
}

/* ---- entering a function ---- */

typedef int (*set_callee_state_fn)(struct bpf_verifier_env *env, struct bpf_func_state *caller,
				   struct bpf_func_state *callee, int insn_idx);

static int setup_func_entry(struct bpf_verifier_env *env, int subprog, int callsite,
			    set_callee_state_fn set_callee_state_cb,
			    struct bpf_verifier_state *state)
{
	struct bpf_func_state *caller, *callee;
	int err;

	if (state->curframe + 1 >= MAX_CALL_FRAMES) {
		verbose(env, "the call stack of %d frames is too deep\n", state->curframe + 2);
		return -E2BIG;
	}
	if (state->frame[state->curframe + 1]) {
		verifier_bug(env, "Frame %d already allocated", state->curframe + 1);
		return -EFAULT;
	}
	caller = state->frame[state->curframe];
	callee = calloc(1, sizeof(*callee));
	if (!callee)
		return -ENOMEM;
	state->frame[state->curframe + 1] = callee;
	/* the callee starts with r1-r5 only and its own empty stack */
	init_func_state(env, callee, callsite, (int)state->curframe + 1, subprog);
	err = set_callee_state_cb(env, caller, callee, callsite);
	if (err) {
		free_func_state(callee);
		state->frame[state->curframe + 1] = NULL;
		return err;
	}
	state->curframe++;
	return 0;
}

static int set_callee_state(struct bpf_verifier_env *env, struct bpf_func_state *caller,
			    struct bpf_func_state *callee, int insn_idx)
{
	(void)env;
	(void)insn_idx;
	for (int i = BPF_REG_1; i <= BPF_REG_5; i++)
		callee->regs[i] = caller->regs[i];
	return 0;
}

static bool map_has_for_each_callback(const struct hive_verifier_map *map)
{
	switch (map->type) {
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
		return true;
	default:
		return false;
	}
}

static void mark_map_reg(struct bpf_reg_state *reg, u32 type, const struct hive_verifier_map *map)
{
	reg->type = type;
	__mark_reg_known_zero(reg);
	reg->map_ptr = map;
}

/* callback_fn(struct bpf_map *map, void *key, void *value, void *ctx) */
static int set_map_elem_callback_state(struct bpf_verifier_env *env, struct bpf_func_state *caller,
				       struct bpf_func_state *callee, int insn_idx)
{
	const struct hive_verifier_map *map = env->insn_aux_data[insn_idx].map_ptr;

	if (!map || !map_has_for_each_callback(map)) {
		verbose(env, "callback function not allowed for map\n");
		return -ENOTSUPP;
	}
	callee->regs[BPF_REG_1] = caller->regs[BPF_REG_1];
	mark_map_reg(&callee->regs[BPF_REG_2], PTR_TO_MAP_KEY, caller->regs[BPF_REG_1].map_ptr);
	mark_map_reg(&callee->regs[BPF_REG_3], PTR_TO_MAP_VALUE, caller->regs[BPF_REG_1].map_ptr);
	callee->regs[BPF_REG_4] = caller->regs[BPF_REG_3];
	__mark_reg_not_init(env, &callee->regs[BPF_REG_5]);
	callee->in_callback_fn = true;
	callee->callback_ret_range = (struct bpf_retval_range){ 0, 1 };
	return 0;
}

/* callback_fn(u64 index, void *ctx) */
static int set_loop_callback_state(struct bpf_verifier_env *env, struct bpf_func_state *caller,
				   struct bpf_func_state *callee, int insn_idx)
{
	(void)insn_idx;
	callee->regs[BPF_REG_1].type = SCALAR_VALUE;
	callee->regs[BPF_REG_2] = caller->regs[BPF_REG_3];
	__mark_reg_not_init(env, &callee->regs[BPF_REG_3]);
	__mark_reg_not_init(env, &callee->regs[BPF_REG_4]);
	__mark_reg_not_init(env, &callee->regs[BPF_REG_5]);
	callee->in_callback_fn = true;
	callee->callback_ret_range = (struct bpf_retval_range){ 0, 1 };
	return 0;
}

/* callback_fn(struct bpf_map *map, void *key, void *value) of a timer */
static int set_timer_callback_state(struct bpf_verifier_env *env, struct bpf_func_state *caller,
				    struct bpf_func_state *callee, int insn_idx)
{
	const struct hive_verifier_map *map_ptr = caller->regs[BPF_REG_1].map_ptr;

	(void)insn_idx;
	mark_map_reg(&callee->regs[BPF_REG_1], CONST_PTR_TO_MAP, map_ptr);
	mark_map_reg(&callee->regs[BPF_REG_2], PTR_TO_MAP_KEY, map_ptr);
	mark_map_reg(&callee->regs[BPF_REG_3], PTR_TO_MAP_VALUE, map_ptr);
	__mark_reg_not_init(env, &callee->regs[BPF_REG_4]);
	__mark_reg_not_init(env, &callee->regs[BPF_REG_5]);
	callee->in_async_callback_fn = true;
	callee->callback_ret_range = (struct bpf_retval_range){ 0, 0 };
	return 0;
}

/* callback_fn(struct bpf_map *map, void *key, void *value) of bpf_task_work_schedule_*() */
static int set_task_work_schedule_callback_state(struct bpf_verifier_env *env,
						 struct bpf_func_state *caller,
						 struct bpf_func_state *callee, int insn_idx)
{
	const struct hive_verifier_map *map_ptr = caller->regs[BPF_REG_3].map_ptr;

	(void)insn_idx;
	mark_map_reg(&callee->regs[BPF_REG_1], CONST_PTR_TO_MAP, map_ptr);
	mark_map_reg(&callee->regs[BPF_REG_2], PTR_TO_MAP_KEY, map_ptr);
	mark_map_reg(&callee->regs[BPF_REG_3], PTR_TO_MAP_VALUE, map_ptr);
	__mark_reg_not_init(env, &callee->regs[BPF_REG_4]);
	__mark_reg_not_init(env, &callee->regs[BPF_REG_5]);
	callee->in_async_callback_fn = true;
	callee->callback_ret_range = (struct bpf_retval_range){ 0, 0 };
	return 0;
}

kfunc_callee_state_fn kfunc_callback_state_fn(int kind)
{
	switch (kind) {
	case KFUNC_CB_RBTREE_ADD:
		return set_rbtree_add_callback_state;
	case KFUNC_CB_WQ:
		return set_timer_callback_state;
	case KFUNC_CB_TASK_WORK:
		return set_task_work_schedule_callback_state;
	}
	return NULL;
}

/* callback_fn(struct task_struct *task, struct vm_area_struct *vma, void *ctx) */
static int set_find_vma_callback_state(struct bpf_verifier_env *env, struct bpf_func_state *caller,
				       struct bpf_func_state *callee, int insn_idx)
{
	int vma_id = proto_resolve_btf_id(env->in->vmlinux_btf, "vm_area_struct");

	(void)insn_idx;
	callee->regs[BPF_REG_1] = caller->regs[BPF_REG_1];
	callee->regs[BPF_REG_2].type = PTR_TO_BTF_ID;
	__mark_reg_known_zero(&callee->regs[BPF_REG_2]);
	callee->regs[BPF_REG_2].btf = env->in->vmlinux_btf;
	callee->regs[BPF_REG_2].btf_id = vma_id > 0 ? (u32)vma_id : 0;
	callee->regs[BPF_REG_3] = caller->regs[BPF_REG_4];
	__mark_reg_not_init(env, &callee->regs[BPF_REG_4]);
	__mark_reg_not_init(env, &callee->regs[BPF_REG_5]);
	callee->in_callback_fn = true;
	callee->callback_ret_range = (struct bpf_retval_range){ 0, 1 };
	return 0;
}

/* callback_fn(const struct bpf_dynptr *dynptr, void *ctx) */
static int set_user_ringbuf_callback_state(struct bpf_verifier_env *env,
					   struct bpf_func_state *caller,
					   struct bpf_func_state *callee, int insn_idx)
{
	(void)insn_idx;
	__mark_reg_not_init(env, &callee->regs[BPF_REG_0]);
	mark_dynptr_reg(&callee->regs[BPF_REG_1], BPF_DYNPTR_TYPE_LOCAL, true, (int)++env->id_gen);
	callee->regs[BPF_REG_2] = caller->regs[BPF_REG_3];
	__mark_reg_not_init(env, &callee->regs[BPF_REG_3]);
	__mark_reg_not_init(env, &callee->regs[BPF_REG_4]);
	__mark_reg_not_init(env, &callee->regs[BPF_REG_5]);
	callee->in_callback_fn = true;
	callee->callback_ret_range = (struct bpf_retval_range){ 0, 1 };
	return 0;
}

/* ---- global subprograms: arguments against the BTF prototype ---- */

static int check_subprog_arg(struct bpf_verifier_env *env, u32 i,
			     const struct bpf_subprog_arg_info *arg, struct bpf_reg_state *regs)
{
	u32 regno = i + 1;
	struct bpf_reg_state *reg = &regs[regno];
	int ret;

	if (arg->arg_type == ARG_ANYTHING) {
		if (reg->type != SCALAR_VALUE) {
			verbose(env, "R%d is not a scalar\n", regno);
			return -EINVAL;
		}
	} else if (arg->arg_type & PTR_UNTRUSTED) {
		/* read through probe loads: anything goes */
	} else if (arg->arg_type == ARG_PTR_TO_CTX) {
		ret = check_func_arg_reg_off(env, reg, (int)regno, ARG_DONTCARE);
		if (ret < 0)
			return ret;
		if (reg->type != PTR_TO_CTX) {
			verbose(env, "arg#%d expects pointer to ctx\n", i);
			return -EINVAL;
		}
	} else if (base_type(arg->arg_type) == ARG_PTR_TO_MEM) {
		ret = check_func_arg_reg_off(env, reg, (int)regno, ARG_DONTCARE);
		if (ret < 0)
			return ret;
		if (check_mem_reg(env, reg, regno, arg->mem_size))
			return -EINVAL;
		if (!(arg->arg_type & PTR_MAYBE_NULL) && (reg->type & PTR_MAYBE_NULL)) {
			verbose(env, "arg#%d is expected to be non-NULL\n", i);
			return -EINVAL;
		}
	} else if (base_type(arg->arg_type) == ARG_PTR_TO_ARENA) {
		/* anything is safe; only arena pointers and scalars make sense */
		if (reg->type != PTR_TO_ARENA && reg->type != SCALAR_VALUE) {
			verbose(env, "R%d is not a pointer to arena or scalar.\n", regno);
			return -EINVAL;
		}
	} else if (arg->arg_type == (ARG_PTR_TO_DYNPTR | MEM_RDONLY)) {
		ret = check_func_arg_reg_off(env, reg, (int)regno, ARG_PTR_TO_DYNPTR);
		if (ret)
			return ret;
		return process_dynptr_func(env, (int)regno, -1, arg->arg_type, 0);
	} else if (base_type(arg->arg_type) == ARG_PTR_TO_BTF_ID) {
		struct bpf_call_arg_meta meta;
		int err;

		if (register_is_null(reg) && type_may_be_null(arg->arg_type))
			return 0;
		memset(&meta, 0, sizeof(meta));
		err = check_reg_type(env, regno, arg->arg_type, &arg->btf_id, false, &meta);
		return err ?: check_func_arg_reg_off(env, reg, (int)regno, arg->arg_type);
	} else {
		verifier_bug(env, "unrecognized arg#%d type %d", i, arg->arg_type);
		return -EFAULT;
	}
	return 0;
}

static int btf_check_func_arg_match(struct bpf_verifier_env *env, int subprog,
				    struct bpf_reg_state *regs)
{
	struct bpf_subprog_info *sub = subprog_info(env, subprog);
	int ret = btf_prepare_func_args(env, subprog);

	if (ret)
		return ret;
	for (u32 i = 0; i < sub->arg_cnt; i++) {
		ret = check_subprog_arg(env, i, &sub->args[i], regs);
		if (ret)
			return ret;
	}
	return 0;
}

/* 0: BTF matches; -EINVAL: no usable BTF or a mismatch; -EFAULT: verifier bug. */
static int btf_check_subprog_call(struct bpf_verifier_env *env, int subprog,
				  struct bpf_reg_state *regs)
{
	int err;

	if (!env->in->func_info_cnt)
		return -EINVAL;
	if (!env->in->func_info[subprog].type_id)
		return -EFAULT;
	if (env->subprog_info[subprog].unreliable)
		return -EINVAL;
	err = btf_check_func_arg_match(env, subprog, regs);
	/* compilers drop arguments of static functions: the BTF cannot be trusted then */
	if (err)
		env->subprog_info[subprog].unreliable = true;
	return err;
}

/* ---- callbacks ---- */

static int push_callback_call(struct bpf_verifier_env *env, const struct hive_insn *insn,
			      int insn_idx, int subprog, set_callee_state_fn set_callee_state_cb)
{
	struct bpf_verifier_state *state = env->cur_state, *callback_state;
	struct bpf_func_state *caller = state->frame[state->curframe], *callee;
	int err;

	err = btf_check_subprog_call(env, subprog, caller->regs);
	if (err == -EFAULT)
		return err;
	env->subprog_info[subprog].is_cb = true;
	if (bpf_pseudo_kfunc_call(insn) && !is_callback_calling_kfunc(env, (u32)insn->imm)) {
		verifier_bug(env, "kfunc %s#%d not marked as callback-calling",
			     func_id_name(insn->imm), insn->imm);
		return -EFAULT;
	} else if (!bpf_pseudo_kfunc_call(insn) && !is_callback_calling_function(insn->imm)) {
		verifier_bug(env, "helper %s#%d not marked as callback-calling",
			     func_id_name(insn->imm), insn->imm);
		return -EFAULT;
	}
	if (is_async_callback_calling_insn(env, insn)) {
		struct bpf_verifier_state *async_cb;

		/* verified later from a fresh stack: the caller's state does not matter */
		env->subprog_info[subprog].is_async_cb = true;
		async_cb = push_async_cb(env, (int)env->subprog_info[subprog].start, insn_idx,
					 subprog, is_sleepable_async_kfunc(env, insn));
		if (!async_cb)
			return -EFAULT;
		callee = async_cb->frame[0];
		callee->async_entry_cnt = caller->async_entry_cnt + 1;
		return set_callee_state_cb(env, caller, callee, insn_idx);
	}
	/* walk the callback next; its exit comes back to this call */
	callback_state = push_stack(env, (int)env->subprog_info[subprog].start, insn_idx, false);
	if (!callback_state)
		return -ENOMEM;
	err = setup_func_entry(env, subprog, insn_idx, set_callee_state_cb, callback_state);
	if (err)
		return err;
	callback_state->callback_unroll_depth++;
	callback_state->frame[callback_state->curframe - 1]->callback_depth++;
	caller->callback_depth = 0;
	return 0;
}

int push_kfunc_callback(struct bpf_verifier_env *env, const struct hive_insn *insn, int insn_idx,
			int subprog, int kind)
{
	(void)kind;
	return push_callback_call(env, insn, insn_idx, subprog, kfunc_callback_state_fn(kind));
}

/* ---- bpf-to-bpf calls ---- */

static int call_global_subprog(struct bpf_verifier_env *env, int subprog, int err)
{
	struct bpf_func_state *caller = cur_func(env);
	const char *sub_name = subprog_name(env, subprog);
	struct bpf_verifier_state *st = env->cur_state;

	if (st->active_locks) {
		verbose(env, "global function calls are not allowed while holding a lock,\n"
			     "use static function instead\n");
		return -EINVAL;
	}
	if (env->subprog_info[subprog].might_sleep &&
	    (st->active_rcu_lock || st->active_preempt_locks || st->active_irq_id ||
	     !in_sleepable(env))) {
		verbose(env, "global functions that may sleep are not allowed in non-sleepable "
			     "context,\ni.e., in a RCU/IRQ/preempt-disabled section, or in\na "
			     "non-sleepable BPF program context\n");
		return -EINVAL;
	}
	if (err) {
		verbose(env, "Caller passes invalid args into func#%d ('%s')\n", subprog, sub_name);
		return err;
	}
	verbose(env, "Func#%d ('%s') is global and assumed valid.\n", subprog, sub_name);
	if (env->subprog_info[subprog].changes_pkt_data)
		clear_all_pkt_pointers(env);
	/* verified on its own after the main program */
	env->subprog_info[subprog].called = true;
	clear_caller_saved_regs(env, caller->regs);
	/* a global function returns a 64-bit scalar */
	mark_reg_unknown(env, caller->regs, BPF_REG_0);
	caller->regs[BPF_REG_0].subreg_def = DEF_NOT_SUBREG;
	return 0;
}

int check_func_call(struct bpf_verifier_env *env, struct hive_insn *insn, int *insn_idx)
{
	struct bpf_verifier_state *state = env->cur_state;
	struct bpf_func_state *caller;
	int err, subprog, target_insn;

	target_insn = *insn_idx + insn->imm + 1;
	subprog = find_subprog(env, target_insn);
	if (verifier_bug_if(subprog < 0, env, "target of func call at insn %d is not a program",
			    target_insn))
		return -EFAULT;
	caller = state->frame[state->curframe];
	err = btf_check_subprog_call(env, subprog, caller->regs);
	if (err == -EFAULT)
		return err;
	if (subprog_is_global(env, subprog))
		return call_global_subprog(env, subprog, err);
	/* a static function: walk its body for this call */
	err = setup_func_entry(env, subprog, *insn_idx, set_callee_state, state);
	if (err)
		return err;
	clear_caller_saved_regs(env, caller->regs);
	*insn_idx = (int)env->subprog_info[subprog].start - 1;
	bpf_reset_live_stack_callchain(env);
	if (env->log.level & (HIVE_LOG_LEVEL1 | HIVE_LOG_LEVEL2)) {
		verbose(env, "caller:\n");
		print_verifier_state(env, state, caller->frameno, true);
		verbose(env, "callee:\n");
		print_verifier_state(env, state, state->curframe, true);
	}
	return 0;
}

static bool retval_within(struct bpf_retval_range range, const struct bpf_reg_state *reg,
			  bool return_32bit)
{
	if (return_32bit)
		return range.minval <= reg->s32_min_value && reg->s32_max_value <= range.maxval;
	return range.minval <= reg->smin_value && reg->smax_value <= range.maxval;
}

static int check_callback_return(struct bpf_verifier_env *env, struct bpf_func_state *callee,
				 int insn_idx)
{
	struct bpf_reg_state *r0 = &callee->regs[BPF_REG_0];
	int err;

	if (r0->type != SCALAR_VALUE) {
		verbose(env, "R0 not a scalar value\n");
		return -EACCES;
	}
	/* the callback's return value decides whether iteration goes on */
	err = mark_chain_precision(env, BPF_REG_0);
	if (err)
		return err;
	if (!retval_within(callee->callback_ret_range, r0, false)) {
		verbose_invalid_scalar(env, r0, callee->callback_ret_range, "At callback return",
				       "R0");
		return -EINVAL;
	}
	if (!bpf_calls_callback(env, callee->callsite)) {
		verifier_bug(env, "in callback at %d, callsite %d !calls_callback", insn_idx,
			     callee->callsite);
		return -EFAULT;
	}
	return 0;
}

int prepare_func_exit(struct bpf_verifier_env *env, int *insn_idx)
{
	struct bpf_verifier_state *state = env->cur_state, *prev_st;
	struct bpf_func_state *caller, *callee = state->frame[state->curframe];
	struct bpf_reg_state *r0 = &callee->regs[BPF_REG_0];
	bool in_callback_fn;
	int err;

	if (r0->type == PTR_TO_STACK) {
		/* conservative: only the callee's own stack would really be gone */
		verbose(env, "cannot return stack pointer to the caller\n");
		return -EINVAL;
	}
	caller = state->frame[state->curframe - 1];
	if (callee->in_callback_fn) {
		err = check_callback_return(env, callee, *insn_idx);
		if (err)
			return err;
	} else {
		caller->regs[BPF_REG_0] = *r0;
	}
	/* a callback returns to its helper call, which decides whether to call it again */
	in_callback_fn = callee->in_callback_fn;
	*insn_idx = in_callback_fn ? callee->callsite : callee->callsite + 1;
	if (env->log.level & (HIVE_LOG_LEVEL1 | HIVE_LOG_LEVEL2)) {
		verbose(env, "returning from callee:\n");
		print_verifier_state(env, state, callee->frameno, true);
		verbose(env, "to caller at %d:\n", *insn_idx);
		print_verifier_state(env, state, caller->frameno, true);
	}
	free_func_state(callee);
	state->frame[state->curframe--] = NULL;
	/* forget imprecise scalars between iterations so that callback loops converge */
	prev_st = in_callback_fn ? find_prev_entry(env, state, *insn_idx) : NULL;
	if (prev_st) {
		err = widen_imprecise_scalars(env, prev_st, state);
		if (err)
			return err;
	}
	return 0;
}

/* ---- helper calls ---- */

static int do_refine_retval_range(struct bpf_verifier_env *env, struct bpf_reg_state *regs,
				  int ret_type, int func_id, struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *ret_reg = &regs[BPF_REG_0];

	if (ret_type != RET_INTEGER)
		return 0;
	switch (func_id) {
	case BPF_FUNC_get_stack:
	case BPF_FUNC_get_task_stack:
	case BPF_FUNC_probe_read_str:
	case BPF_FUNC_probe_read_kernel_str:
	case BPF_FUNC_probe_read_user_str:
		ret_reg->smax_value = (s64)meta->msize_max_value;
		ret_reg->s32_max_value = (s32)meta->msize_max_value;
		ret_reg->smin_value = -MAX_ERRNO;
		ret_reg->s32_min_value = -MAX_ERRNO;
		reg_bounds_sync(ret_reg);
		break;
	case BPF_FUNC_get_smp_processor_id:
		ret_reg->umax_value = env->nr_cpu_ids - 1;
		ret_reg->u32_max_value = env->nr_cpu_ids - 1;
		ret_reg->smax_value = env->nr_cpu_ids - 1;
		ret_reg->s32_max_value = (s32)env->nr_cpu_ids - 1;
		ret_reg->umin_value = 0;
		ret_reg->u32_min_value = 0;
		ret_reg->smin_value = 0;
		ret_reg->s32_min_value = 0;
		reg_bounds_sync(ret_reg);
		break;
	}
	return reg_bounds_sanity_check(env, ret_reg, "retval");
}

/* The map a map helper works on, per call site (the fixups inline per map type). */
static int record_func_map(struct bpf_verifier_env *env, struct bpf_call_arg_meta *meta,
			   int func_id, int insn_idx)
{
	struct bpf_insn_aux_data *aux = &env->insn_aux_data[insn_idx];
	const struct hive_verifier_map *map = meta->map_ptr;

	if (func_id != BPF_FUNC_tail_call && func_id != BPF_FUNC_map_lookup_elem &&
	    func_id != BPF_FUNC_map_update_elem && func_id != BPF_FUNC_map_delete_elem &&
	    func_id != BPF_FUNC_map_push_elem && func_id != BPF_FUNC_map_pop_elem &&
	    func_id != BPF_FUNC_map_peek_elem && func_id != BPF_FUNC_for_each_map_elem &&
	    func_id != BPF_FUNC_redirect_map && func_id != BPF_FUNC_map_lookup_percpu_elem)
		return 0;
	if (!map) {
		verifier_bug(env, "expected map for helper call");
		return -EFAULT;
	}
	/* a read-only map cannot be changed from the program side */
	if ((map->flags & BPF_F_RDONLY_PROG) &&
	    (func_id == BPF_FUNC_map_delete_elem || func_id == BPF_FUNC_map_update_elem ||
	     func_id == BPF_FUNC_map_push_elem || func_id == BPF_FUNC_map_pop_elem)) {
		verbose(env, "write into map forbidden\n");
		return -EACCES;
	}
	if (!aux->map_ptr)
		aux->map_ptr = map;
	else if (aux->map_ptr != map)
		aux->map_ptr_poison = true;
	return 0;
}

/* A tail call's index, per call site: constant (directly jumpable) or poisoned. */
static int record_func_key(struct bpf_verifier_env *env, struct bpf_call_arg_meta *meta,
			   int func_id, int insn_idx)
{
	struct bpf_insn_aux_data *aux = &env->insn_aux_data[insn_idx];
	struct bpf_reg_state *reg = &cur_regs(env)[BPF_REG_3];
	const struct hive_verifier_map *map = meta->map_ptr;
	bool poisoned = aux->map_key_state & BPF_MAP_KEY_POISON;
	u64 val, max;
	int err;

	if (func_id != BPF_FUNC_tail_call)
		return 0;
	if (!map || map->type != BPF_MAP_TYPE_PROG_ARRAY) {
		verbose(env, "expected prog array map for tail call");
		return -EINVAL;
	}
	val = reg->var_off.value;
	max = map->max_entries;
	if (!(is_reg_const(reg, false) && val < max)) {
		aux->map_key_state = BPF_MAP_KEY_POISON | BPF_MAP_KEY_SEEN;
		return 0;
	}
	err = mark_chain_precision(env, BPF_REG_3);
	if (err)
		return err;
	if (!(aux->map_key_state & BPF_MAP_KEY_SEEN))
		aux->map_key_state = val | BPF_MAP_KEY_SEEN | (poisoned ? BPF_MAP_KEY_POISON : 0);
	else if (!poisoned &&
		 (aux->map_key_state & ~(BPF_MAP_KEY_SEEN | BPF_MAP_KEY_POISON)) != val)
		aux->map_key_state |= BPF_MAP_KEY_POISON;
	return 0;
}

static bool check_args_pair_invalid(const struct bpf_func_proto *fn, int arg)
{
	bool is_fixed = fn->arg_type[arg] & MEM_FIXED_SIZE;
	bool has_size = fn->arg_size[arg] != 0;
	bool is_next_size = false;

	if (arg + 1 < MAX_BPF_FUNC_REG_ARGS)
		is_next_size = arg_type_is_mem_size(fn->arg_type[arg + 1]);
	if (base_type(fn->arg_type[arg]) != ARG_PTR_TO_MEM)
		return is_next_size;
	return has_size == is_next_size || is_next_size == is_fixed;
}

/* Sanity of a prototype (a table bug, not a program error). */
static int check_func_proto(const struct bpf_func_proto *fn)
{
	int raw = 0, i;

	for (i = 0; i < MAX_BPF_FUNC_REG_ARGS; i++)
		raw += arg_type_is_raw_mem(fn->arg_type[i]);
	if (raw > 1 || arg_type_is_mem_size(fn->arg1_type))
		return -EINVAL;
	for (i = 0; i < MAX_BPF_FUNC_REG_ARGS; i++)
		if (check_args_pair_invalid(fn, i))
			return -EINVAL;
	for (i = 0; i < MAX_BPF_FUNC_REG_ARGS; i++) {
		if (base_type(fn->arg_type[i]) == ARG_PTR_TO_BTF_ID)
			return fn->arg_btf_id[i] ? 0 : -EINVAL;
		if (base_type(fn->arg_type[i]) == ARG_PTR_TO_SPIN_LOCK)
			return fn->arg_btf_id[i] == PROTO_BTF_POISON ? 0 : -EINVAL;
	}
	return 0;
}

static int check_helper_context(struct bpf_verifier_env *env, const struct bpf_func_proto *fn,
				int func_id, int insn_idx)
{
	struct bpf_verifier_state *st = env->cur_state;
	static const char *const region[] = { "rcu_read_lock region", "non-preemptible region",
					      "IRQ-disabled region" };
	bool in_region[] = { st->active_rcu_lock, st->active_preempt_locks != 0,
			     st->active_irq_id != 0 };

	for (int i = 0; i < 3; i++) {
		if (!in_region[i])
			continue;
		if (fn->might_sleep) {
			verbose(env, "sleepable helper %s#%d in %s\n", func_id_name(func_id),
				func_id, region[i]);
			return -EINVAL;
		}
		if (in_sleepable(env) && helper_is_storage_get_function(func_id))
			env->insn_aux_data[insn_idx].storage_get_func_atomic = true;
	}
	return 0;
}

static int release_helper_arg(struct bpf_verifier_env *env, const struct bpf_func_proto *fn,
			      struct bpf_call_arg_meta *meta, int func_id)
{
	struct bpf_reg_state *regs = cur_regs(env);
	int err = -EINVAL;

	if (arg_type_is_dynptr(fn->arg_type[meta->release_regno - BPF_REG_1])) {
		if (regs[meta->release_regno].type == CONST_PTR_TO_DYNPTR) {
			verifier_bug(env, "CONST_PTR_TO_DYNPTR cannot be released");
			return -EFAULT;
		}
		err = unmark_stack_slots_dynptr(env, &regs[meta->release_regno]);
	} else if (func_id == BPF_FUNC_kptr_xchg && meta->ref_obj_id) {
		u32 ref_obj_id = (u32)meta->ref_obj_id;
		bool in_rcu = in_rcu_cs(env);
		struct bpf_func_state *state;
		struct bpf_reg_state *reg;

		err = release_reference_nomark(env->cur_state, (int)ref_obj_id);
		if (!err) {
			bpf_for_each_reg_in_vstate(env->cur_state, state, reg, ({
							   if (reg->ref_obj_id != ref_obj_id)
								   continue;
							   /* a per-CPU object stays readable under RCU */
							   if (in_rcu && (reg->type & MEM_ALLOC) &&
							       (reg->type & MEM_PERCPU)) {
								   reg->ref_obj_id = 0;
								   reg->type &= ~MEM_ALLOC;
								   reg->type |= MEM_RCU;
							   } else {
								   mark_reg_invalid(env, reg);
							   }
						   }))
				;
		}
	} else if (meta->ref_obj_id) {
		err = release_reference(env, meta->ref_obj_id);
	} else if (register_is_null(&regs[meta->release_regno])) {
		err = 0; /* releasing NULL */
	}
	if (err) {
		verbose(env, "func %s#%d reference has not been acquired before\n",
			func_id_name(func_id), func_id);
		return err;
	}
	return 0;
}

static bool loop_flag_is_zero(struct bpf_verifier_env *env)
{
	struct bpf_reg_state *reg = &cur_regs(env)[BPF_REG_4];
	bool reg_is_null = register_is_null(reg);

	if (reg_is_null)
		mark_chain_precision(env, BPF_REG_4);
	return reg_is_null;
}

static void update_loop_inline_state(struct bpf_verifier_env *env, u32 subprogno)
{
	struct bpf_loop_inline_state *state = &cur_aux(env)->loop_inline_state;

	if (!state->initialized) {
		state->initialized = 1;
		state->fit_for_inline = loop_flag_is_zero(env);
		state->callback_subprogno = subprogno;
		return;
	}
	if (!state->fit_for_inline)
		return;
	state->fit_for_inline = loop_flag_is_zero(env) && state->callback_subprogno == subprogno;
}

static struct bpf_reg_state *get_dynptr_arg_reg(struct bpf_verifier_env *env,
						const struct bpf_func_proto *fn,
						struct bpf_reg_state *regs)
{
	struct bpf_reg_state *state = NULL;

	for (int i = 0; i < MAX_BPF_FUNC_REG_ARGS; i++)
		if (arg_type_is_dynptr(fn->arg_type[i])) {
			if (state) {
				verbose(env, "verifier internal error: multiple dynptr args\n");
				return NULL;
			}
			state = &regs[BPF_REG_1 + i];
		}
	if (!state)
		verbose(env, "verifier internal error: no dynptr arg found\n");
	return state;
}

static int helper_loop(struct bpf_verifier_env *env, const struct hive_insn *insn, int insn_idx,
		       struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *regs = cur_regs(env);
	int err;

	update_loop_inline_state(env, meta->subprogno);
	/* the iteration count decides when the callback is done */
	err = mark_chain_precision(env, BPF_REG_1);
	if (err)
		return err;
	if (cur_func(env)->callback_depth < regs[BPF_REG_1].umax_value)
		return push_callback_call(env, insn, insn_idx, (int)meta->subprogno,
					  set_loop_callback_state);
	cur_func(env)->callback_depth = 0;
	if (env->log.level & HIVE_LOG_LEVEL2)
		verbose(env, "frame%d bpf_loop iteration limit reached\n",
			env->cur_state->curframe);
	return 0;
}

static int helper_dynptr_data(struct bpf_verifier_env *env, const struct bpf_func_proto *fn,
			      struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = get_dynptr_arg_reg(env, fn, cur_regs(env));
	int id, ref_obj_id;

	if (!reg)
		return -EFAULT;
	if (meta->dynptr_id) {
		verifier_bug(env, "meta.dynptr_id already set");
		return -EFAULT;
	}
	if (meta->ref_obj_id) {
		verifier_bug(env, "meta.ref_obj_id already set");
		return -EFAULT;
	}
	id = dynptr_id(env, reg);
	if (id < 0) {
		verifier_bug(env, "failed to obtain dynptr id");
		return id;
	}
	ref_obj_id = dynptr_ref_obj_id(env, reg);
	if (ref_obj_id < 0) {
		verifier_bug(env, "failed to obtain dynptr ref_obj_id");
		return ref_obj_id;
	}
	meta->dynptr_id = id;
	meta->ref_obj_id = ref_obj_id;
	return 0;
}

/* Per-helper rules checked after the arguments. */
static int helper_specifics(struct bpf_verifier_env *env, const struct hive_insn *insn,
			    int insn_idx, const struct bpf_func_proto *fn,
			    struct bpf_call_arg_meta *meta, bool *changes_data, bool *cpu_alloc)
{
	struct bpf_reg_state *regs = cur_regs(env);
	int func_id = insn->imm;

	switch (func_id) {
	case BPF_FUNC_tail_call:
		return check_resource_leak(env, false, true, "tail_call");
	case BPF_FUNC_get_local_storage:
		/* get_local_storage() cannot fail, so no flags */
		if (!register_is_null(&regs[BPF_REG_2])) {
			verbose(env, "get_local_storage() doesn't support non-zero flags\n");
			return -EINVAL;
		}
		return 0;
	case BPF_FUNC_for_each_map_elem:
		return push_callback_call(env, insn, insn_idx, (int)meta->subprogno,
					  set_map_elem_callback_state);
	case BPF_FUNC_timer_set_callback:
		return push_callback_call(env, insn, insn_idx, (int)meta->subprogno,
					  set_timer_callback_state);
	case BPF_FUNC_find_vma:
		return push_callback_call(env, insn, insn_idx, (int)meta->subprogno,
					  set_find_vma_callback_state);
	case BPF_FUNC_snprintf:
		return check_bpf_snprintf_call(env, regs);
	case BPF_FUNC_loop:
		return helper_loop(env, insn, insn_idx, meta);
	case BPF_FUNC_dynptr_from_mem:
		if (regs[BPF_REG_1].type != PTR_TO_MAP_VALUE) {
			verbose(env, "Unsupported reg type %s for bpf_dynptr_from_mem data\n",
				reg_type_str(env, regs[BPF_REG_1].type));
			return -EACCES;
		}
		return 0;
	case BPF_FUNC_set_retval:
		if (env->prog_type == BPF_PROG_TYPE_LSM &&
		    env->in->expected_attach_type == BPF_LSM_CGROUP &&
		    env->prog_desc.attach_func_proto && !env->prog_desc.attach_func_proto->type) {
			verbose(env, "BPF_LSM_CGROUP that attach to void LSM hooks can't modify "
				     "return value!\n");
			return -EINVAL;
		}
		return 0;
	case BPF_FUNC_dynptr_data:
		return helper_dynptr_data(env, fn, meta);
	case BPF_FUNC_dynptr_write: {
		struct bpf_reg_state *reg = get_dynptr_arg_reg(env, fn, regs);
		enum bpf_dynptr_type dynptr_type;

		if (!reg)
			return -EFAULT;
		dynptr_type = dynptr_get_type(env, reg);
		if (dynptr_type == BPF_DYNPTR_TYPE_INVALID)
			return -EFAULT;
		/* writing into an skb dynptr may move packet data */
		if (dynptr_type == BPF_DYNPTR_TYPE_SKB || dynptr_type == BPF_DYNPTR_TYPE_SKB_META)
			*changes_data = true;
		return 0;
	}
	case BPF_FUNC_per_cpu_ptr:
	case BPF_FUNC_this_cpu_ptr: {
		struct bpf_reg_state *reg = &regs[BPF_REG_1];

		if (reg->type & MEM_RCU) {
			const struct btf_type *type = btf_type_by_id(reg->btf, reg->btf_id);

			if (!type || !btf_is_struct(type)) {
				verbose(env, "Helper has invalid btf/btf_id in R1\n");
				return -EFAULT;
			}
			*cpu_alloc = true;
			env->insn_aux_data[insn_idx].call_with_percpu_alloc_ptr = true;
		}
		return 0;
	}
	case BPF_FUNC_user_ringbuf_drain:
		return push_callback_call(env, insn, insn_idx, (int)meta->subprogno,
					  set_user_ringbuf_callback_state);
	default:
		return 0;
	}
}

static int ret_ptr_to_map_value(struct bpf_verifier_env *env, struct bpf_call_arg_meta *meta,
				int func_id, u32 ret_flag)
{
	struct bpf_reg_state *regs = cur_regs(env);

	mark_reg_known_zero(env, regs, BPF_REG_0);
	if (!meta->map_ptr) {
		verifier_bug(env, "unexpected null map_ptr");
		return -EFAULT;
	}
	/* an array lookup with a constant in-range key cannot fail */
	if (func_id == BPF_FUNC_map_lookup_elem && can_elide_value_nullness(meta->map_ptr->type) &&
	    meta->const_map_key >= 0 && meta->const_map_key < meta->map_ptr->max_entries)
		ret_flag &= ~PTR_MAYBE_NULL;
	regs[BPF_REG_0].map_ptr = meta->map_ptr;
	regs[BPF_REG_0].map_uid = (u32)meta->map_uid;
	regs[BPF_REG_0].type = PTR_TO_MAP_VALUE | ret_flag;
	/* values with a lock keep their identity for lock pairing */
	if (!type_may_be_null(ret_flag) &&
	    btf_record_has_field(meta->map_ptr->record,
				 HIVE_FIELD_SPIN_LOCK | HIVE_FIELD_RES_SPIN_LOCK))
		regs[BPF_REG_0].id = ++env->id_gen;
	return 0;
}

static int ret_ptr_to_mem_or_btf_id(struct bpf_verifier_env *env, struct bpf_call_arg_meta *meta,
				    u32 ret_flag, bool cpu_alloc)
{
	struct bpf_reg_state *regs = cur_regs(env);
	const struct btf_type *t;
	u32 res_id = meta->ret_btf_id;

	mark_reg_known_zero(env, regs, BPF_REG_0);
	t = btf_skip_mods(meta->ret_btf, meta->ret_btf_id, &res_id);
	if (!t || !btf_is_struct(t)) {
		s64 tsize = btf_resolve_size(meta->ret_btf, res_id);

		if (tsize < 0) {
			verbose(env, "unable to resolve the size of type '%s': %lld\n",
				t ? btf_name(meta->ret_btf, t->name_off) : "", (long long)tsize);
			return -EINVAL;
		}
		regs[BPF_REG_0].type = PTR_TO_MEM | ret_flag;
		regs[BPF_REG_0].mem_size = (u32)tsize;
		return 0;
	}
	if (cpu_alloc)
		regs[BPF_REG_0].type = PTR_TO_BTF_ID | MEM_ALLOC | MEM_RCU;
	else
		regs[BPF_REG_0].type = PTR_TO_BTF_ID | (ret_flag & ~MEM_RDONLY);
	regs[BPF_REG_0].btf = meta->ret_btf;
	regs[BPF_REG_0].btf_id = meta->ret_btf_id;
	return 0;
}

static int ret_ptr_to_btf_id(struct bpf_verifier_env *env, const struct bpf_func_proto *fn,
			     struct bpf_call_arg_meta *meta, int func_id, u32 ret_type)
{
	struct bpf_reg_state *regs = cur_regs(env);
	const struct hive_btf *ret_btf;
	int ret_btf_id;

	mark_reg_known_zero(env, regs, BPF_REG_0);
	regs[BPF_REG_0].type = PTR_TO_BTF_ID | type_flag(ret_type);
	if (func_id == BPF_FUNC_kptr_xchg) {
		ret_btf = meta->kptr_field->kptr.type.btf;
		ret_btf_id = (int)meta->kptr_field->kptr.type.id;
		if (meta->kptr_field->kptr.local) {
			regs[BPF_REG_0].type |= MEM_ALLOC;
			if (meta->kptr_field->kind == HIVE_FIELD_KPTR_PERCPU)
				regs[BPF_REG_0].type |= MEM_PERCPU;
		}
	} else {
		if (fn->ret_btf_id == PROTO_BTF_POISON) {
			verifier_bug(env, "func %s has non-overwritten BPF_PTR_POISON return type",
				     func_id_name(func_id));
			return -EFAULT;
		}
		ret_btf = env->in->vmlinux_btf;
		ret_btf_id = proto_resolve_btf_id(ret_btf, fn->ret_btf_id);
		if (ret_btf_id < 0)
			ret_btf_id = 0;
	}
	if (ret_btf_id == 0) {
		verbose(env, "invalid return type %u of func %s#%d\n", base_type(ret_type),
			func_id_name(func_id), func_id);
		return -EINVAL;
	}
	regs[BPF_REG_0].btf = ret_btf;
	regs[BPF_REG_0].btf_id = (u32)ret_btf_id;
	return 0;
}

static int set_helper_retval(struct bpf_verifier_env *env, const struct bpf_func_proto *fn,
			     struct bpf_call_arg_meta *meta, int func_id, bool cpu_alloc)
{
	struct bpf_reg_state *regs = cur_regs(env);
	u32 ret_type = fn->ret_type, ret_flag = type_flag(ret_type);

	switch (base_type(ret_type)) {
	case RET_INTEGER:
		mark_reg_unknown(env, regs, BPF_REG_0);
		return 0;
	case RET_VOID:
		regs[BPF_REG_0].type = NOT_INIT;
		return 0;
	case RET_PTR_TO_MAP_VALUE:
		return ret_ptr_to_map_value(env, meta, func_id, ret_flag);
	case RET_PTR_TO_SOCKET:
	case RET_PTR_TO_SOCK_COMMON:
	case RET_PTR_TO_TCP_SOCK:
		mark_reg_known_zero(env, regs, BPF_REG_0);
		regs[BPF_REG_0].type =
			(base_type(ret_type) == RET_PTR_TO_SOCKET      ? PTR_TO_SOCKET :
			 base_type(ret_type) == RET_PTR_TO_SOCK_COMMON ? PTR_TO_SOCK_COMMON :
									 PTR_TO_TCP_SOCK) |
			ret_flag;
		return 0;
	case RET_PTR_TO_MEM:
		mark_reg_known_zero(env, regs, BPF_REG_0);
		regs[BPF_REG_0].type = PTR_TO_MEM | ret_flag;
		regs[BPF_REG_0].mem_size = (u32)meta->mem_size;
		return 0;
	case RET_PTR_TO_MEM_OR_BTF_ID:
		return ret_ptr_to_mem_or_btf_id(env, meta, ret_flag, cpu_alloc);
	case RET_PTR_TO_BTF_ID:
		return ret_ptr_to_btf_id(env, fn, meta, func_id, ret_type);
	default:
		verbose(env, "unknown return type %u of func %s#%d\n", base_type(ret_type),
			func_id_name(func_id), func_id);
		return -EINVAL;
	}
}

static int set_helper_ref(struct bpf_verifier_env *env, struct bpf_call_arg_meta *meta, int func_id,
			  int insn_idx)
{
	struct bpf_reg_state *regs = cur_regs(env);
	int map_type = meta->map_ptr ? (int)meta->map_ptr->type : BPF_MAP_TYPE_UNSPEC;
	int uses = helper_is_ptr_cast_function(func_id) +
		   helper_is_acquire_function(func_id, map_type) +
		   helper_is_dynptr_ref_function(func_id);

	if (type_may_be_null(regs[BPF_REG_0].type))
		regs[BPF_REG_0].id = ++env->id_gen;
	if (uses > 1) {
		verifier_bug(env, "func %s#%d sets ref_obj_id more than once",
			     func_id_name(func_id), func_id);
		return -EFAULT;
	}
	if (helper_is_dynptr_ref_function(func_id))
		regs[BPF_REG_0].dynptr_id = (u32)meta->dynptr_id;
	if (helper_is_ptr_cast_function(func_id) || helper_is_dynptr_ref_function(func_id)) {
		/* the result is the same object: releasing it releases the argument */
		regs[BPF_REG_0].ref_obj_id = (u32)meta->ref_obj_id;
	} else if (helper_is_acquire_function(func_id, map_type)) {
		int id = acquire_reference(env, insn_idx);

		if (id < 0)
			return id;
		regs[BPF_REG_0].id = (u32)id;
		regs[BPF_REG_0].ref_obj_id = (u32)id;
	}
	return 0;
}

static int check_get_func_ip(struct bpf_verifier_env *env)
{
	int func_id = BPF_FUNC_get_func_ip;

	if (env->prog_type == BPF_PROG_TYPE_TRACING) {
		if (!prog_has_trampoline(&env->prog_desc)) {
			verbose(env,
				"func %s#%d supported only for fentry/fexit/fmod_ret programs\n",
				func_id_name(func_id), func_id);
			return -ENOTSUPP;
		}
		return 0;
	} else if (env->prog_type == BPF_PROG_TYPE_KPROBE) {
		return 0;
	}
	verbose(env, "func %s#%d not supported for program type %d\n", func_id_name(func_id),
		func_id, env->prog_type);
	return -ENOTSUPP;
}

static int check_helper_call_args(struct bpf_verifier_env *env, const struct bpf_func_proto *fn,
				  struct bpf_call_arg_meta *meta, int func_id, int insn_idx)
{
	int i, err;

	meta->func_id = func_id;
	for (i = 0; i < MAX_BPF_FUNC_REG_ARGS; i++) {
		err = check_func_arg(env, (u32)i, meta, fn, insn_idx);
		if (err)
			return err;
	}
	err = record_func_map(env, meta, func_id, insn_idx);
	if (err)
		return err;
	err = record_func_key(env, meta, func_id, insn_idx);
	if (err)
		return err;
	/* the bytes of an uninitialised output buffer become written */
	for (i = 0; i < meta->access_size; i++) {
		err = check_mem_access(env, insn_idx, (u32)meta->regno, i, BPF_B, BPF_WRITE, -1,
				       false, false);
		if (err)
			return err;
	}
	if (meta->release_regno)
		return release_helper_arg(env, fn, meta, func_id);
	return 0;
}

int check_helper_call(struct bpf_verifier_env *env, struct hive_insn *insn, int *insn_idx_p)
{
	const struct bpf_func_proto *fn = NULL;
	bool changes_data, cpu_alloc = false;
	int insn_idx = *insn_idx_p, func_id = insn->imm, err;
	struct bpf_call_arg_meta meta;
	struct bpf_reg_state *regs;

	err = prog_helper_proto(env, func_id, &fn);
	if (err)
		return err;
	changes_data = bpf_helper_changes_pkt_data(func_id);
	if (changes_data && fn->arg1_type != ARG_PTR_TO_CTX) {
		verifier_bug(env, "func %s#%d: r1 != ctx", func_id_name(func_id), func_id);
		return -EFAULT;
	}
	memset(&meta, 0, sizeof(meta));
	meta.pkt_access = fn->pkt_access;
	if (check_func_proto(fn)) {
		verifier_bug(env, "incorrect func proto %s#%d", func_id_name(func_id), func_id);
		return -EINVAL;
	}
	err = check_helper_context(env, fn, func_id, insn_idx);
	err = err ?: check_helper_call_args(env, fn, &meta, func_id, insn_idx);
	err = err ?: helper_specifics(env, insn, insn_idx, fn, &meta, &changes_data, &cpu_alloc);
	if (err)
		return err;
	regs = cur_regs(env);
	for (u32 i = 0; i < CALLER_SAVED_REGS; i++) {
		mark_reg_not_init(env, regs, i);
		check_reg_arg(env, i, DST_OP_NO_MARK);
	}
	/* helpers return 64-bit values */
	regs[BPF_REG_0].subreg_def = DEF_NOT_SUBREG;
	err = set_helper_retval(env, fn, &meta, func_id, cpu_alloc);
	err = err ?: set_helper_ref(env, &meta, func_id, insn_idx);
	err = err ?: do_refine_retval_range(env, regs, (int)fn->ret_type, func_id, &meta);
	err = err ?: check_map_func_compatibility(env, meta.map_ptr, func_id);
	if (err)
		return err;
	if (func_id == BPF_FUNC_get_func_ip && check_get_func_ip(env))
		return -ENOTSUPP;
	if (changes_data)
		clear_all_pkt_pointers(env);
	return 0;
}

/* ---- program exit ---- */

static int check_struct_ops_return(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
				   int regno, bool *done)
{
	const struct btf_type *reg_type, *ret_type;
	const struct hive_prog_desc *prog = &env->prog_desc;

	*done = false;
	if (!prog->attach_func_proto || !prog->attach_func_proto->type) {
		*done = true;
		return 0;
	}
	/* a referenced kptr of the operator's return type, unmodified, may be returned */
	reg_type = reg->btf ? btf_type_by_id(reg->btf, reg->btf_id) : NULL;
	ret_type = btf_resolve_ptr_type(prog->attach_btf, prog->attach_func_proto->type);
	if (ret_type && ret_type == reg_type && reg->ref_obj_id) {
		*done = true;
		return __check_ptr_off_reg(env, reg, regno, false);
	}
	return 0;
}

int check_return_code(struct bpf_verifier_env *env, int regno, const char *reg_name)
{
	struct bpf_reg_state *reg = reg_state(env, regno);
	struct bpf_func_state *frame = env->cur_state->frame[0];
	const bool is_subprog = frame->subprogno;
	const char *exit_ctx = "At program exit";
	struct prog_retval_rule rule;
	struct bpf_retval_range range;
	bool done;
	int err;

	if ((!is_subprog || frame->in_exception_callback_fn) &&
	    env->prog_type == BPF_PROG_TYPE_STRUCT_OPS && !frame->in_exception_callback_fn) {
		err = check_struct_ops_return(env, reg, regno, &done);
		if (done)
			return err;
	}
	prog_retval_rule(&env->prog_desc, &rule);
	if ((!is_subprog || frame->in_exception_callback_fn) && rule.kind == PROG_RETVAL_VOID)
		return 0;
	/* R0 must have been written before exit */
	err = check_reg_arg(env, (u32)regno, SRC_OP);
	if (err)
		return err;
	if (is_pointer_value(env, regno)) {
		verbose(env, "R%d leaks addr as return value\n", regno);
		return -EACCES;
	}
	if (frame->in_async_callback_fn) {
		exit_ctx = "At async callback return";
		range = frame->callback_ret_range;
		rule.return_32bit = false;
		rule.has_enforce_range = false;
		rule.lsm_cgroup_void_note = false;
		goto enforce_retval;
	}
	if (is_subprog && !frame->in_exception_callback_fn) {
		if (reg->type != SCALAR_VALUE) {
			verbose(env,
				"At subprogram exit the register R%d is not a scalar value (%s)\n",
				regno, reg_type_str(env, reg->type));
			return -EINVAL;
		}
		return 0;
	}
	if (rule.kind == PROG_RETVAL_NOTSUPP)
		return -ENOTSUPP;
	if (rule.kind != PROG_RETVAL_RANGE)
		return 0;
	range = rule.range;
enforce_retval:
	if (reg->type != SCALAR_VALUE) {
		verbose(env, "%s the register R%d is not a known value (%s)\n", exit_ctx, regno,
			reg_type_str(env, reg->type));
		return -EINVAL;
	}
	err = mark_chain_precision(env, regno);
	if (err)
		return err;
	if (!retval_within(range, reg, rule.return_32bit)) {
		verbose_invalid_scalar(env, reg, range, exit_ctx, reg_name);
		if (!is_subprog && rule.lsm_cgroup_void_note)
			verbose(env, PROG_LSM_CGROUP_VOID_NOTE);
		return -EINVAL;
	}
	return 0;
}
