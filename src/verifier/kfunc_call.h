/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verifier/kfunc_call.h: kfunc calls (kernel functions called by BTF id) as the verifier sees
 * them: the prototype comes from the kfunc's BTF FUNC, the flags and the program types that may
 * call it from kfuncs.h, and the arguments are classified from the BTF parameter types and
 * name suffixes (__sz, __k, __nullable, ...) as the kernel's check_kfunc_args() does.
 *
 * Graph collections (bpf_list_*, bpf_rbtree_*, bpf_obj_new/drop, bpf_refcount_acquire) are
 * handled through the hooks of verifier/graph.h.
 */
#ifndef __HIVE_VERIFIER_KFUNC_CALL_H
#define __HIVE_VERIFIER_KFUNC_CALL_H

#include "verifier/env.h"

/* get_kfunc_ptr_arg_type() classes (kernel order). */
enum kfunc_ptr_arg_type {
	KF_ARG_PTR_TO_CTX,
	KF_ARG_PTR_TO_ALLOC_BTF_ID,
	KF_ARG_PTR_TO_REFCOUNTED_KPTR,
	KF_ARG_PTR_TO_DYNPTR,
	KF_ARG_PTR_TO_ITER,
	KF_ARG_PTR_TO_LIST_HEAD,
	KF_ARG_PTR_TO_LIST_NODE,
	KF_ARG_PTR_TO_BTF_ID,
	KF_ARG_PTR_TO_MEM,
	KF_ARG_PTR_TO_MEM_SIZE,
	KF_ARG_PTR_TO_CALLBACK,
	KF_ARG_PTR_TO_RB_ROOT,
	KF_ARG_PTR_TO_RB_NODE,
	KF_ARG_PTR_TO_NULL,
	KF_ARG_PTR_TO_CONST_STR,
	KF_ARG_PTR_TO_MAP,
	KF_ARG_PTR_TO_WORKQUEUE,
	KF_ARG_PTR_TO_IRQ_FLAG,
	KF_ARG_PTR_TO_RES_SPIN_LOCK,
	KF_ARG_PTR_TO_TASK_WORK,
};

/* Callback kinds for push_kfunc_callback(). */
enum { KFUNC_CB_RBTREE_ADD, KFUNC_CB_WQ, KFUNC_CB_TASK_WORK };

int add_kfunc_call(struct bpf_verifier_env *env, u32 func_id, s16 offset);
int fetch_kfunc_meta(struct bpf_verifier_env *env, const struct hive_insn *insn,
		     struct bpf_kfunc_call_arg_meta *meta, const char **kfunc_name);
int check_kfunc_call(struct bpf_verifier_env *env, struct hive_insn *insn, int *insn_idx_p);

/* BTF id of special kfunc @kf (enum special_kfunc_type) in the kfunc BTF, 0 if absent. */
u32 special_kfunc_id(struct bpf_verifier_env *env, int kf);
static inline bool is_special_kfunc(struct bpf_verifier_env *env, u32 btf_id, int kf)
{
	return btf_id && btf_id == special_kfunc_id(env, kf);
}

bool is_bpf_throw_kfunc(struct bpf_verifier_env *env, const struct hive_insn *insn);
bool kfunc_spin_allowed(struct bpf_verifier_env *env, u32 btf_id);
bool is_sync_callback_calling_kfunc(struct bpf_verifier_env *env, u32 btf_id);
bool is_async_callback_calling_kfunc(struct bpf_verifier_env *env, u32 btf_id);
bool is_callback_calling_kfunc(struct bpf_verifier_env *env, u32 btf_id);
bool is_sleepable_async_kfunc(struct bpf_verifier_env *env, const struct hive_insn *insn);
bool is_kfunc_pkt_changing(const struct bpf_kfunc_call_arg_meta *meta);
bool is_rbtree_lock_required_kfunc(struct bpf_verifier_env *env, u32 btf_id);
bool is_bpf_list_api_kfunc(struct bpf_verifier_env *env, u32 btf_id);
bool is_bpf_rbtree_api_kfunc(struct bpf_verifier_env *env, u32 btf_id);
bool in_rbtree_lock_required_cb(struct bpf_verifier_env *env);

typedef int (*kfunc_callee_state_fn)(struct bpf_verifier_env *env, struct bpf_func_state *caller,
				     struct bpf_func_state *callee, int insn_idx);
kfunc_callee_state_fn kfunc_callback_state_fn(int kind);
int push_kfunc_callback(struct bpf_verifier_env *env, const struct hive_insn *insn, int insn_idx,
			int subprog, int kind);

/* __btf_type_is_scalar_struct(): a struct of scalars, nested up to 4 levels. */
bool btf_type_is_scalar_struct(struct bpf_verifier_env *env, const struct hive_btf *btf,
			       const struct btf_type *t, int rec);

#endif /* __HIVE_VERIFIER_KFUNC_CALL_H */
