/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verifier/kfuncs.h: what Linux 6.18 registers about the kfuncs bpfhive implements: their
 * KF_* flags (include/linux/btf.h), the kfunc sets and the program types each set is
 * registered for (kernel/bpf/helpers.c, net/core/filter.c, register_btf_kfunc_id_set()), and
 * the verifier's special_kfunc_list identities (kernel/bpf/verifier.c).
 *
 * Prototypes are not here: they come from the BTF the kfunc is resolved in (vmlinux BTF, or
 * the runtime's own BTF), as in the kernel.
 *
 * Lookup follows btf_kfunc_id_set_contains(): the COMMON hook (sets registered for
 * BPF_PROG_TYPE_UNSPEC, callable from every program type) first, then the hook of the
 * program's type (prog_type_info()->kfunc_hook). A kfunc found in neither gives
 * "calling kernel function %s is not allowed\n".
 */
#ifndef __HIVE_VERIFIER_KFUNCS_H
#define __HIVE_VERIFIER_KFUNCS_H

#include <stdbool.h>

#include "verifier/log.h"
#include "verifier/prog_types.h"

#ifdef __cplusplus
extern "C" {
#endif

/* kfunc flags (include/linux/btf.h, 6.18). */
#define KF_ACQUIRE (1 << 0) /* returns a new reference */
#define KF_RELEASE (1 << 1) /* releases its reference argument */
#define KF_RET_NULL (1 << 2) /* may return NULL */
#define KF_TRUSTED_ARGS (1 << 4) /* pointer arguments must be trusted */
#define KF_SLEEPABLE (1 << 5) /* only from sleepable programs */
#define KF_DESTRUCTIVE (1 << 6) /* needs CAP_SYS_BOOT */
#define KF_RCU (1 << 7) /* pointer arguments may be RCU-protected */
#define KF_ITER_NEW (1 << 8) /* open-coded iterator constructor */
#define KF_ITER_NEXT (1 << 9) /* open-coded iterator next */
#define KF_ITER_DESTROY (1 << 10) /* open-coded iterator destructor */
#define KF_RCU_PROTECTED (1 << 11) /* must be called in an RCU critical section */
#define KF_FASTCALL (1 << 12) /* follows the bpf_fastcall convention */
#define KF_ARENA_RET (1 << 13)
#define KF_ARENA_ARG1 (1 << 14)
#define KF_ARENA_ARG2 (1 << 15)

/* The verifier's special_kfunc_list, in 6.18's order (enum special_kfunc_type). */
enum special_kfunc_type {
	KF_bpf_obj_new_impl,
	KF_bpf_obj_drop_impl,
	KF_bpf_refcount_acquire_impl,
	KF_bpf_list_push_front_impl,
	KF_bpf_list_push_back_impl,
	KF_bpf_list_pop_front,
	KF_bpf_list_pop_back,
	KF_bpf_list_front,
	KF_bpf_list_back,
	KF_bpf_cast_to_kern_ctx,
	KF_bpf_rdonly_cast,
	KF_bpf_rcu_read_lock,
	KF_bpf_rcu_read_unlock,
	KF_bpf_rbtree_remove,
	KF_bpf_rbtree_add_impl,
	KF_bpf_rbtree_first,
	KF_bpf_rbtree_root,
	KF_bpf_rbtree_left,
	KF_bpf_rbtree_right,
	KF_bpf_dynptr_from_skb,
	KF_bpf_dynptr_from_xdp,
	KF_bpf_dynptr_from_skb_meta,
	KF_bpf_xdp_pull_data,
	KF_bpf_dynptr_slice,
	KF_bpf_dynptr_slice_rdwr,
	KF_bpf_dynptr_clone,
	KF_bpf_percpu_obj_new_impl,
	KF_bpf_percpu_obj_drop_impl,
	KF_bpf_throw,
	KF_bpf_wq_set_callback_impl,
	KF_bpf_preempt_disable,
	KF_bpf_preempt_enable,
	KF_bpf_iter_css_task_new,
	KF_bpf_session_cookie,
	KF_bpf_get_kmem_cache,
	KF_bpf_local_irq_save,
	KF_bpf_local_irq_restore,
	KF_bpf_iter_num_new,
	KF_bpf_iter_num_next,
	KF_bpf_iter_num_destroy,
	KF_bpf_set_dentry_xattr,
	KF_bpf_remove_dentry_xattr,
	KF_bpf_res_spin_lock,
	KF_bpf_res_spin_unlock,
	KF_bpf_res_spin_lock_irqsave,
	KF_bpf_res_spin_unlock_irqrestore,
	KF___bpf_trap,
	KF_bpf_task_work_schedule_signal_impl,
	KF_bpf_task_work_schedule_resume_impl,
	__KF_SPECIAL_MAX,
};

/* A kfunc as the kernel registers it. */
struct kfunc_meta {
	const char *name; /* kernel function name */
	u32 flags; /* KF_* */
	u32 hooks; /* 1 << enum btf_kfunc_hook, for each hook its set is registered on */
	/* Only for BPF_TRACE_ITER tracing programs (the set's filter, e.g. bpf_sock_destroy). */
	bool iter_only;
	int special; /* enum special_kfunc_type, -1 if not special */
};

/* verifier_kfunc_find() - the registration of kfunc @name, NULL if bpfhive does not know it. */
const struct kfunc_meta *verifier_kfunc_find(const char *name);

/* verifier_kfunc_table() - all known kfuncs; *@cnt receives their number. */
const struct kfunc_meta *verifier_kfunc_table(u32 *cnt);

/* verifier_kfunc_special() - enum special_kfunc_type of @name, -1 if not in the list. */
int verifier_kfunc_special(const char *name);

/* verifier_kfunc_special_name() - the name of special kfunc @special, NULL if out of range. */
const char *verifier_kfunc_special_name(int special);

/**
 * verifier_kfunc_allowed() - btf_kfunc_id_set_contains(): whether @prog's type may call @kf
 * (in the COMMON hook or in its type's hook, and past the set's filter). Returns the flags
 * through *@flags when allowed.
 */
bool verifier_kfunc_allowed(const struct hive_prog_desc *prog, const struct kfunc_meta *kf,
			    u32 *flags);

/**
 * verifier_check_kfunc() - the program-level checks of check_kfunc_call() before arguments:
 *   not registered for the type -> "calling kernel function %s is not allowed\n"  -EACCES
 *   KF_DESTRUCTIVE without CAP_SYS_BOOT (@cap_sys_boot)
 *                   -> "destructive kfunc calls require CAP_SYS_BOOT capability\n" -EACCES
 *   KF_SLEEPABLE outside a sleepable context
 *                   -> "program must be sleepable to call sleepable kfunc %s\n" -EACCES
 * and the JIT-independent part of add_kfunc_call(): a non-GPL program ->
 * "cannot call kernel function from non-GPL compatible program\n" -EINVAL. A @name bpfhive does
 * not know is treated as not allowed. On success *@kf (may be NULL) receives the registration.
 * RCU, preemption and IRQ-region rules need the verifier state and stay with the driver.
 */
int verifier_check_kfunc(const struct hive_prog_desc *prog, const char *name, bool in_sleepable,
			 bool cap_sys_boot, struct vlog_buf *log, const struct kfunc_meta **kf);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_VERIFIER_KFUNCS_H */
