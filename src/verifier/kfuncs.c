// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/kfuncs.c: the kfunc registrations of Linux 6.18 for the kfuncs bpfhive knows
 * (kernel/bpf/helpers.c common and generic sets, net/core/filter.c skb/xdp sets), and the
 * program-level checks of check_kfunc_call().
 */
#include <errno.h>
#include <string.h>

#include "common/err.h"
#include "verifier/kfuncs.h"

#define VLOG(log, ...)                                 \
	do {                                           \
		if (log)                               \
			vlog_printf(log, __VA_ARGS__); \
	} while (0)

#define HOOK(h) (1u << BTF_KFUNC_HOOK_##h)

/* common_kfunc_set: registered for BPF_PROG_TYPE_UNSPEC, i.e. every program type */
#define COMMON HOOK(COMMON)
/* generic_kfunc_set: TRACING, SCHED_CLS, XDP, STRUCT_OPS, SYSCALL and CGROUP_SKB (the cgroup
 * hook, shared by every cgroup program type) */
#define GENERIC \
	(HOOK(TRACING) | HOOK(TC) | HOOK(XDP) | HOOK(STRUCT_OPS) | HOOK(SYSCALL) | HOOK(CGROUP))
/* bpf_kfunc_set_skb: SCHED_CLS, SCHED_ACT, SK_SKB, SOCKET_FILTER, CGROUP_SKB, LWT_*,
 * NETFILTER, TRACING */
#define SKB                                                                               \
	(HOOK(TC) | HOOK(SCHED_ACT) | HOOK(SK_SKB) | HOOK(SOCKET_FILTER) | HOOK(CGROUP) | \
	 HOOK(LWT) | HOOK(NETFILTER) | HOOK(TRACING))
#define SKB_META (HOOK(TC) | HOOK(SCHED_ACT))
/* cpumask_kfunc_set (kernel/bpf/cpumask.c): TRACING, STRUCT_OPS and SYSCALL */
#define CPUMASK (HOOK(TRACING) | HOOK(STRUCT_OPS) | HOOK(SYSCALL))
#define XDP HOOK(XDP)

#define KF(name, flags, hooks)                 \
	{                                      \
#name, flags, hooks, false, -1 \
	}
#define KS(name, flags, hooks)                        \
	{                                             \
#name, flags, hooks, false, KF_##name \
	}

static const struct kfunc_meta kfuncs[] = {
	/* graph collections and allocated objects (spec B) */
	KS(bpf_obj_new_impl, KF_ACQUIRE | KF_RET_NULL, GENERIC),
	KS(bpf_percpu_obj_new_impl, KF_ACQUIRE | KF_RET_NULL, GENERIC),
	KS(bpf_obj_drop_impl, KF_RELEASE, GENERIC),
	KS(bpf_percpu_obj_drop_impl, KF_RELEASE, GENERIC),
	KS(bpf_refcount_acquire_impl, KF_ACQUIRE | KF_RET_NULL | KF_RCU, GENERIC),
	KS(bpf_list_push_front_impl, 0, GENERIC),
	KS(bpf_list_push_back_impl, 0, GENERIC),
	KS(bpf_list_pop_front, KF_ACQUIRE | KF_RET_NULL, GENERIC),
	KS(bpf_list_pop_back, KF_ACQUIRE | KF_RET_NULL, GENERIC),
	KS(bpf_list_front, KF_RET_NULL, GENERIC),
	KS(bpf_list_back, KF_RET_NULL, GENERIC),
	KS(bpf_rbtree_remove, KF_ACQUIRE | KF_RET_NULL, GENERIC),
	KS(bpf_rbtree_add_impl, 0, GENERIC),
	KS(bpf_rbtree_first, KF_RET_NULL, GENERIC),
	KS(bpf_rbtree_root, KF_RET_NULL, GENERIC),
	KS(bpf_rbtree_left, KF_RET_NULL, GENERIC),
	KS(bpf_rbtree_right, KF_RET_NULL, GENERIC),
	/* tasks and cgroups */
	KF(bpf_task_acquire, KF_ACQUIRE | KF_RCU | KF_RET_NULL, GENERIC),
	KF(bpf_task_release, KF_RELEASE, GENERIC),
	KF(bpf_task_from_pid, KF_ACQUIRE | KF_RET_NULL, GENERIC),
	KF(bpf_task_from_vpid, KF_ACQUIRE | KF_RET_NULL, GENERIC),
	KF(bpf_cgroup_acquire, KF_ACQUIRE | KF_RCU | KF_RET_NULL, GENERIC),
	KF(bpf_cgroup_release, KF_RELEASE, GENERIC),
	KS(bpf_throw, 0, GENERIC),
	/* kernel objects a map value may hold as a kptr next to local ones (spec E.7) */
	KF(bpf_cpumask_create, KF_ACQUIRE | KF_RET_NULL, CPUMASK),
	KF(bpf_cpumask_release, KF_RELEASE, CPUMASK),
	KF(bpf_cpumask_acquire, KF_ACQUIRE | KF_TRUSTED_ARGS, CPUMASK),
	KF(bpf_cpumask_first, KF_RCU, CPUMASK),
	KF(bpf_cpumask_first_zero, KF_RCU, CPUMASK),
	KF(bpf_cpumask_first_and, KF_RCU, CPUMASK),
	KF(bpf_cpumask_set_cpu, KF_RCU, CPUMASK),
	KF(bpf_cpumask_clear_cpu, KF_RCU, CPUMASK),
	KF(bpf_cpumask_test_cpu, KF_RCU, CPUMASK),
	KF(bpf_cpumask_test_and_set_cpu, KF_RCU, CPUMASK),
	KF(bpf_cpumask_test_and_clear_cpu, KF_RCU, CPUMASK),
	KF(bpf_cpumask_setall, KF_RCU, CPUMASK),
	KF(bpf_cpumask_clear, KF_RCU, CPUMASK),
	KF(bpf_cpumask_and, KF_RCU, CPUMASK),
	KF(bpf_cpumask_or, KF_RCU, CPUMASK),
	KF(bpf_cpumask_xor, KF_RCU, CPUMASK),
	KF(bpf_cpumask_equal, KF_RCU, CPUMASK),
	KF(bpf_cpumask_intersects, KF_RCU, CPUMASK),
	KF(bpf_cpumask_subset, KF_RCU, CPUMASK),
	KF(bpf_cpumask_empty, KF_RCU, CPUMASK),
	KF(bpf_cpumask_full, KF_RCU, CPUMASK),
	KF(bpf_cpumask_copy, KF_RCU, CPUMASK),
	KF(bpf_cpumask_any_distribute, KF_RCU, CPUMASK),
	KF(bpf_cpumask_any_and_distribute, KF_RCU, CPUMASK),
	KF(bpf_cpumask_weight, KF_RCU, CPUMASK),
	KF(bpf_cpumask_populate, KF_RCU, CPUMASK),
	/* every program type */
	KS(bpf_cast_to_kern_ctx, KF_FASTCALL, COMMON),
	KS(bpf_rdonly_cast, KF_FASTCALL, COMMON),
	KS(bpf_rcu_read_lock, 0, COMMON),
	KS(bpf_rcu_read_unlock, 0, COMMON),
	KS(bpf_dynptr_slice, KF_RET_NULL, COMMON),
	KS(bpf_dynptr_slice_rdwr, KF_RET_NULL, COMMON),
	KS(bpf_iter_num_new, KF_ITER_NEW, COMMON),
	KS(bpf_iter_num_next, KF_ITER_NEXT | KF_RET_NULL, COMMON),
	KS(bpf_iter_num_destroy, KF_ITER_DESTROY, COMMON),
	KF(bpf_dynptr_adjust, 0, COMMON),
	KF(bpf_dynptr_is_null, 0, COMMON),
	KF(bpf_dynptr_is_rdonly, 0, COMMON),
	KF(bpf_dynptr_size, 0, COMMON),
	KS(bpf_dynptr_clone, 0, COMMON),
	KF(bpf_dynptr_copy, 0, COMMON),
	KF(bpf_dynptr_memset, 0, COMMON),
	KS(bpf_preempt_disable, 0, COMMON),
	KS(bpf_preempt_enable, 0, COMMON),
	KS(bpf_local_irq_save, 0, COMMON),
	KS(bpf_local_irq_restore, 0, COMMON),
	/* packet dynptrs (net/core/filter.c) */
	KS(bpf_dynptr_from_skb, KF_TRUSTED_ARGS, SKB),
	KS(bpf_dynptr_from_skb_meta, KF_TRUSTED_ARGS, SKB_META),
	KS(bpf_dynptr_from_xdp, 0, XDP),
	KS(bpf_xdp_pull_data, 0, XDP),
};

static const char *const special_names[__KF_SPECIAL_MAX] = {
#define N(x) [KF_##x] = #x
	N(bpf_obj_new_impl),
	N(bpf_obj_drop_impl),
	N(bpf_refcount_acquire_impl),
	N(bpf_list_push_front_impl),
	N(bpf_list_push_back_impl),
	N(bpf_list_pop_front),
	N(bpf_list_pop_back),
	N(bpf_list_front),
	N(bpf_list_back),
	N(bpf_cast_to_kern_ctx),
	N(bpf_rdonly_cast),
	N(bpf_rcu_read_lock),
	N(bpf_rcu_read_unlock),
	N(bpf_rbtree_remove),
	N(bpf_rbtree_add_impl),
	N(bpf_rbtree_first),
	N(bpf_rbtree_root),
	N(bpf_rbtree_left),
	N(bpf_rbtree_right),
	N(bpf_dynptr_from_skb),
	N(bpf_dynptr_from_xdp),
	N(bpf_dynptr_from_skb_meta),
	N(bpf_xdp_pull_data),
	N(bpf_dynptr_slice),
	N(bpf_dynptr_slice_rdwr),
	N(bpf_dynptr_clone),
	N(bpf_percpu_obj_new_impl),
	N(bpf_percpu_obj_drop_impl),
	N(bpf_throw),
	N(bpf_wq_set_callback_impl),
	N(bpf_preempt_disable),
	N(bpf_preempt_enable),
	N(bpf_iter_css_task_new),
	N(bpf_session_cookie),
	N(bpf_get_kmem_cache),
	N(bpf_local_irq_save),
	N(bpf_local_irq_restore),
	N(bpf_iter_num_new),
	N(bpf_iter_num_next),
	N(bpf_iter_num_destroy),
	N(bpf_set_dentry_xattr),
	N(bpf_remove_dentry_xattr),
	N(bpf_res_spin_lock),
	N(bpf_res_spin_unlock),
	N(bpf_res_spin_lock_irqsave),
	N(bpf_res_spin_unlock_irqrestore),
	N(__bpf_trap),
	N(bpf_task_work_schedule_signal_impl),
	N(bpf_task_work_schedule_resume_impl),
#undef N
};

const struct kfunc_meta *verifier_kfunc_find(const char *name)
{
	for (size_t i = 0; name && i < ARRAY_SIZE(kfuncs); i++)
		if (!strcmp(kfuncs[i].name, name))
			return &kfuncs[i];
	return NULL;
}

const struct kfunc_meta *verifier_kfunc_table(u32 *cnt)
{
	*cnt = ARRAY_SIZE(kfuncs);
	return kfuncs;
}

int verifier_kfunc_special(const char *name)
{
	for (int i = 0; name && i < __KF_SPECIAL_MAX; i++)
		if (!strcmp(special_names[i], name))
			return i;
	return -1;
}

const char *verifier_kfunc_special_name(int special)
{
	return special >= 0 && special < __KF_SPECIAL_MAX ? special_names[special] : NULL;
}

bool verifier_kfunc_allowed(const struct hive_prog_desc *prog, const struct kfunc_meta *kf,
			    u32 *flags)
{
	const struct prog_type_info *info = prog_type_info(prog->type);
	int hook = info ? info->kfunc_hook : -1;

	if (!(kf->hooks & HOOK(COMMON)) && (hook < 0 || !(kf->hooks & (1u << hook))))
		return false;
	if (kf->iter_only &&
	    !(prog->type == BPF_PROG_TYPE_TRACING && prog->expected_attach_type == BPF_TRACE_ITER))
		return false;
	if (flags)
		*flags = kf->flags;
	return true;
}

int verifier_check_kfunc(const struct hive_prog_desc *prog, const char *name, bool in_sleepable,
			 bool cap_sys_boot, struct vlog_buf *log, const struct kfunc_meta **kf)
{
	const struct kfunc_meta *meta = verifier_kfunc_find(name);
	u32 flags = 0;

	if (kf)
		*kf = NULL;
	if (!prog->gpl_compatible) {
		VLOG(log, "cannot call kernel function from non-GPL compatible program\n");
		return -EINVAL;
	}
	if (!meta || !verifier_kfunc_allowed(prog, meta, &flags)) {
		VLOG(log, "calling kernel function %s is not allowed\n", name);
		return -EACCES;
	}
	if ((flags & KF_DESTRUCTIVE) && !cap_sys_boot) {
		VLOG(log, "destructive kfunc calls require CAP_SYS_BOOT capability\n");
		return -EACCES;
	}
	if ((flags & KF_SLEEPABLE) && !in_sleepable) {
		VLOG(log, "program must be sleepable to call sleepable kfunc %s\n", name);
		return -EACCES;
	}
	if (kf)
		*kf = meta;
	return 0;
}
