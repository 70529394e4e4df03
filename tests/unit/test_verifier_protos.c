// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests for the per-type tables of the verifier that do not need a kernel:
 * helper prototypes (spot checks of arguments and return types as Linux 6.18 declares them),
 * get_func_proto per program type with check_helper_call()'s messages, the kfunc
 * registrations, and the program type rules (return values, sleepable, maps).
 * tests/vtables/ compares the same tables with the running kernel where it can.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "btf/btf.h"
#include "btf/btf_types.h"
#include "verifier/kfuncs.h"
#include "verifier/prog_types.h"
#include "verifier/protos.h"

static struct hive_prog_desc desc_of(enum bpf_prog_type type, enum bpf_attach_type eat)
{
	struct hive_prog_desc d;

	prog_desc_init_root(&d, type, eat);
	return d;
}

static const struct bpf_func_proto *proto_of(enum bpf_prog_type type, int func_id)
{
	struct hive_prog_desc d = desc_of(type, 0);

	return verifier_get_func_proto(&d, func_id);
}

static void assert_args(const struct bpf_func_proto *fn, enum bpf_return_type ret,
			const enum bpf_arg_type *args, int nr)
{
	assert_non_null(fn);
	assert_int_equal(fn->ret_type, ret);
	for (int i = 0; i < MAX_BPF_FUNC_REG_ARGS; i++)
		assert_int_equal(fn->arg_type[i], i < nr ? args[i] : ARG_DONTCARE);
	assert_int_equal(proto_nr_args(fn), nr);
}

#define ASSERT_PROTO(fn, ret, ...)                                           \
	do {                                                                 \
		const enum bpf_arg_type a_[] = { __VA_ARGS__ };              \
		assert_args(fn, ret, a_, (int)(sizeof(a_) / sizeof(a_[0]))); \
	} while (0)

/* ---- vocabulary ---- */

static void test_enum_values(void **state)
{
	(void)state;
	/* the running 6.18 kernel's BTF values */
	assert_int_equal(ARG_PTR_TO_DYNPTR, 23);
	assert_int_equal(__BPF_ARG_TYPE_MAX, 24);
	assert_int_equal(ARG_PTR_TO_STACK_OR_NULL, 275);
	assert_int_equal(RET_PTR_TO_BTF_ID, 8);
	assert_int_equal(ARG_PTR_TO_UNINIT_MEM, ARG_PTR_TO_MEM | MEM_UNINIT | MEM_WRITE);
	assert_int_equal(RET_PTR_TO_RINGBUF_MEM_OR_NULL, PTR_MAYBE_NULL | MEM_RINGBUF | 6);
	assert_int_equal(PTR_MAYBE_NULL, 1 << 8);
	assert_int_equal(DYNPTR_TYPE_SKB_META, 1 << 27);
	assert_int_equal(BPF_FUNC_map_lookup_elem, 1);
	assert_int_equal(BPF_FUNC_cgrp_storage_delete, 211);
	assert_int_equal(__BPF_FUNC_MAX_ID, 212);
	assert_string_equal(helper_func_name(0), "bpf_unspec");
	assert_string_equal(helper_func_name(26), "bpf_skb_load_bytes");
	assert_string_equal(helper_func_name(212), "unknown");
	assert_string_equal(helper_func_name(-1), "unknown");
}

/* ---- prototypes ---- */

static void test_map_helpers(void **state)
{
	const struct bpf_func_proto *fn;

	(void)state;
	fn = proto_of(BPF_PROG_TYPE_SOCKET_FILTER, BPF_FUNC_map_lookup_elem);
	ASSERT_PROTO(fn, RET_PTR_TO_MAP_VALUE_OR_NULL, ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY);
	assert_true(fn->pkt_access);
	assert_false(fn->gpl_only);
	ASSERT_PROTO(proto_of(BPF_PROG_TYPE_XDP, BPF_FUNC_map_update_elem), RET_INTEGER,
		     ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY, ARG_PTR_TO_MAP_VALUE, ARG_ANYTHING);
	ASSERT_PROTO(proto_of(BPF_PROG_TYPE_KPROBE, BPF_FUNC_map_pop_elem), RET_INTEGER,
		     ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_VALUE | MEM_UNINIT | MEM_WRITE);
	ASSERT_PROTO(proto_of(BPF_PROG_TYPE_SCHED_CLS, BPF_FUNC_for_each_map_elem), RET_INTEGER,
		     ARG_CONST_MAP_PTR, ARG_PTR_TO_FUNC, ARG_PTR_TO_STACK_OR_NULL, ARG_ANYTHING);
	ASSERT_PROTO(proto_of(BPF_PROG_TYPE_SCHED_CLS, BPF_FUNC_tail_call), RET_VOID,
		     ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING);
	ASSERT_PROTO(proto_of(BPF_PROG_TYPE_TRACING, BPF_FUNC_ringbuf_reserve),
		     RET_PTR_TO_RINGBUF_MEM_OR_NULL, ARG_CONST_MAP_PTR,
		     ARG_CONST_ALLOC_SIZE_OR_ZERO, ARG_ANYTHING);
	ASSERT_PROTO(proto_of(BPF_PROG_TYPE_TRACING, BPF_FUNC_ringbuf_submit), RET_VOID,
		     ARG_PTR_TO_RINGBUF_MEM | OBJ_RELEASE, ARG_ANYTHING);
	ASSERT_PROTO(proto_of(BPF_PROG_TYPE_XDP, BPF_FUNC_ringbuf_submit_dynptr), RET_VOID,
		     ARG_PTR_TO_DYNPTR | DYNPTR_TYPE_RINGBUF | OBJ_RELEASE, ARG_ANYTHING);
	ASSERT_PROTO(proto_of(BPF_PROG_TYPE_XDP, BPF_FUNC_loop), RET_INTEGER, ARG_ANYTHING,
		     ARG_PTR_TO_FUNC, ARG_PTR_TO_STACK_OR_NULL, ARG_ANYTHING);
}

static void test_misc_helpers(void **state)
{
	const struct bpf_func_proto *fn;

	(void)state;
	fn = proto_of(BPF_PROG_TYPE_SYSCALL, BPF_FUNC_strtol);
	ASSERT_PROTO(fn, RET_INTEGER, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE, ARG_ANYTHING,
		     ARG_PTR_TO_FIXED_SIZE_MEM | MEM_UNINIT | MEM_WRITE | MEM_ALIGNED);
	assert_int_equal(fn->arg4_size, 8);
	ASSERT_PROTO(proto_of(BPF_PROG_TYPE_SOCKET_FILTER, BPF_FUNC_strncmp), RET_INTEGER,
		     ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE, ARG_PTR_TO_CONST_STR);
	fn = proto_of(BPF_PROG_TYPE_TRACING, BPF_FUNC_kptr_xchg);
	ASSERT_PROTO(fn, RET_PTR_TO_BTF_ID_OR_NULL, ARG_KPTR_XCHG_DEST,
		     ARG_PTR_TO_BTF_ID_OR_NULL | OBJ_RELEASE);
	assert_ptr_equal(fn->ret_btf_id, PROTO_BTF_POISON);
	assert_ptr_equal(fn->arg2_btf_id, PROTO_BTF_POISON);
	fn = proto_of(BPF_PROG_TYPE_TRACING, BPF_FUNC_spin_lock);
	ASSERT_PROTO(fn, RET_VOID, ARG_PTR_TO_SPIN_LOCK);
	fn = proto_of(BPF_PROG_TYPE_XDP, BPF_FUNC_timer_init);
	ASSERT_PROTO(fn, RET_INTEGER, ARG_PTR_TO_TIMER, ARG_CONST_MAP_PTR, ARG_ANYTHING);
	assert_true(fn->gpl_only);
	fn = proto_of(BPF_PROG_TYPE_TRACING, BPF_FUNC_get_current_task_btf);
	ASSERT_PROTO(fn, RET_PTR_TO_BTF_ID_TRUSTED);
	assert_string_equal(fn->ret_btf_id, "task_struct");
	fn = proto_of(BPF_PROG_TYPE_KPROBE, BPF_FUNC_probe_read_kernel);
	ASSERT_PROTO(fn, RET_INTEGER, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING);
	assert_true(fn->gpl_only);
	fn = proto_of(BPF_PROG_TYPE_SYSCALL, BPF_FUNC_copy_from_user);
	assert_true(fn->might_sleep);
	fn = proto_of(BPF_PROG_TYPE_XDP, BPF_FUNC_dynptr_data);
	ASSERT_PROTO(fn, RET_PTR_TO_DYNPTR_MEM_OR_NULL, ARG_PTR_TO_DYNPTR | MEM_RDONLY,
		     ARG_ANYTHING, ARG_CONST_ALLOC_SIZE_OR_ZERO);
	fn = proto_of(BPF_PROG_TYPE_TRACING, BPF_FUNC_snprintf);
	ASSERT_PROTO(fn, RET_INTEGER, ARG_PTR_TO_MEM_OR_NULL | MEM_WRITE, ARG_CONST_SIZE_OR_ZERO,
		     ARG_PTR_TO_CONST_STR, ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY,
		     ARG_CONST_SIZE_OR_ZERO);
}

static void test_net_helpers(void **state)
{
	const struct bpf_func_proto *fn;

	(void)state;
	ASSERT_PROTO(proto_of(BPF_PROG_TYPE_SCHED_CLS, BPF_FUNC_skb_load_bytes), RET_INTEGER,
		     ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE);
	ASSERT_PROTO(proto_of(BPF_PROG_TYPE_SCHED_CLS, BPF_FUNC_skb_store_bytes), RET_INTEGER,
		     ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_MEM | MEM_RDONLY, ARG_CONST_SIZE,
		     ARG_ANYTHING);
	ASSERT_PROTO(proto_of(BPF_PROG_TYPE_SCHED_ACT, BPF_FUNC_l3_csum_replace), RET_INTEGER,
		     ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING);
	fn = proto_of(BPF_PROG_TYPE_XDP, BPF_FUNC_csum_diff);
	assert_true(fn->pkt_access);
	ASSERT_PROTO(proto_of(BPF_PROG_TYPE_XDP, BPF_FUNC_xdp_adjust_head), RET_INTEGER,
		     ARG_PTR_TO_CTX, ARG_ANYTHING);
	fn = proto_of(BPF_PROG_TYPE_XDP, BPF_FUNC_redirect_map);
	assert_string_equal(fn->name, "bpf_xdp_redirect_map");
	fn = proto_of(BPF_PROG_TYPE_SCHED_CLS, BPF_FUNC_check_mtu);
	assert_int_equal(fn->arg3_type, ARG_PTR_TO_FIXED_SIZE_MEM | MEM_WRITE | MEM_ALIGNED);
	assert_int_equal(fn->arg3_size, 4);
	assert_true(fn->gpl_only);
	fn = proto_of(BPF_PROG_TYPE_SCHED_CLS, BPF_FUNC_sk_lookup_tcp);
	assert_string_equal(fn->name, "bpf_tc_sk_lookup_tcp");
	assert_int_equal(fn->ret_type, RET_PTR_TO_SOCKET_OR_NULL);
	fn = proto_of(BPF_PROG_TYPE_CGROUP_SKB, BPF_FUNC_sk_lookup_tcp);
	assert_string_equal(fn->name, "bpf_sk_lookup_tcp");
	ASSERT_PROTO(proto_of(BPF_PROG_TYPE_CGROUP_SKB, BPF_FUNC_sk_release), RET_INTEGER,
		     ARG_PTR_TO_BTF_ID_SOCK_COMMON | OBJ_RELEASE);
	fn = proto_of(BPF_PROG_TYPE_XDP, BPF_FUNC_tcp_raw_gen_syncookie_ipv6);
	assert_int_equal(fn->arg1_size, 40);
	/* the same id, different implementations per type */
	assert_string_equal(proto_of(BPF_PROG_TYPE_SCHED_CLS, BPF_FUNC_perf_event_output)->name,
			    "bpf_skb_event_output");
	assert_string_equal(proto_of(BPF_PROG_TYPE_XDP, BPF_FUNC_perf_event_output)->name,
			    "bpf_xdp_event_output");
	assert_string_equal(proto_of(BPF_PROG_TYPE_KPROBE, BPF_FUNC_perf_event_output)->name,
			    "bpf_perf_event_output");
	assert_string_equal(proto_of(BPF_PROG_TYPE_TRACEPOINT, BPF_FUNC_perf_event_output)->name,
			    "bpf_perf_event_output_tp");
	assert_string_equal(proto_of(BPF_PROG_TYPE_TRACING, BPF_FUNC_perf_event_output)->name,
			    "bpf_perf_event_output_raw_tp");
	assert_string_equal(proto_of(BPF_PROG_TYPE_XDP, BPF_FUNC_get_smp_processor_id)->name,
			    "bpf_get_smp_processor_id");
	assert_string_equal(
		proto_of(BPF_PROG_TYPE_SOCKET_FILTER, BPF_FUNC_get_smp_processor_id)->name,
		"bpf_get_raw_cpu_id");
	fn = proto_of(BPF_PROG_TYPE_TRACING, BPF_FUNC_sk_storage_get);
	assert_string_equal(fn->name, "bpf_sk_storage_get_tracing");
	assert_string_equal(fn->arg2_btf_id, "sock_common");
	assert_non_null(fn->allowed);
	fn = proto_of(BPF_PROG_TYPE_CGROUP_SKB, BPF_FUNC_sk_storage_get);
	assert_int_equal(fn->arg2_type, ARG_PTR_TO_BTF_ID_SOCK_COMMON);
}

static void test_type_availability(void **state)
{
	struct hive_prog_desc d;

	(void)state;
	/* networking */
	assert_null(proto_of(BPF_PROG_TYPE_SOCKET_FILTER, BPF_FUNC_skb_store_bytes));
	assert_non_null(proto_of(BPF_PROG_TYPE_SOCKET_FILTER, BPF_FUNC_skb_load_bytes));
	assert_null(proto_of(BPF_PROG_TYPE_SCHED_CLS, BPF_FUNC_redirect_map));
	assert_null(proto_of(BPF_PROG_TYPE_XDP, BPF_FUNC_skb_load_bytes));
	assert_null(proto_of(BPF_PROG_TYPE_SOCKET_FILTER, BPF_FUNC_sk_release));
	assert_null(proto_of(BPF_PROG_TYPE_KPROBE, BPF_FUNC_skb_load_bytes));
	/* base tiers: CAP_PERFMON helpers reach networking programs too */
	assert_non_null(proto_of(BPF_PROG_TYPE_SOCKET_FILTER, BPF_FUNC_get_current_task));
	d = desc_of(BPF_PROG_TYPE_SOCKET_FILTER, 0);
	d.cap_perfmon = d.cap_sys_admin = false;
	assert_null(verifier_get_func_proto(&d, BPF_FUNC_get_current_task));
	assert_null(verifier_get_func_proto(&d, BPF_FUNC_skc_to_tcp_sock));
	assert_non_null(verifier_get_func_proto(&d, BPF_FUNC_spin_lock));
	d.cap_bpf = false;
	assert_null(verifier_get_func_proto(&d, BPF_FUNC_spin_lock));
	assert_non_null(verifier_get_func_proto(&d, BPF_FUNC_map_lookup_elem));
	/* cgroup helpers */
	assert_null(proto_of(BPF_PROG_TYPE_CGROUP_SKB, BPF_FUNC_get_retval));
	assert_non_null(proto_of(BPF_PROG_TYPE_CGROUP_SKB, BPF_FUNC_get_local_storage));
	/* tracing */
	d = desc_of(BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY);
	assert_non_null(verifier_get_func_proto(&d, BPF_FUNC_get_func_arg));
	assert_null(verifier_get_func_proto(&d, BPF_FUNC_seq_printf));
	d = desc_of(BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER);
	assert_null(verifier_get_func_proto(&d, BPF_FUNC_get_func_arg));
	assert_non_null(verifier_get_func_proto(&d, BPF_FUNC_seq_printf));
	d = desc_of(BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP);
	assert_non_null(verifier_get_func_proto(&d, BPF_FUNC_get_attach_cookie));
	d = desc_of(BPF_PROG_TYPE_SYSCALL, 0);
	assert_non_null(verifier_get_func_proto(&d, BPF_FUNC_sys_bpf));
	d.lockdown_write_user = true;
	assert_null(verifier_get_func_proto(&d, BPF_FUNC_probe_write_user));
	d.lockdown_write_user = false;
	assert_non_null(verifier_get_func_proto(&d, BPF_FUNC_probe_write_user));
	d = desc_of(BPF_PROG_TYPE_LSM, BPF_LSM_MAC);
	assert_non_null(verifier_get_func_proto(&d, BPF_FUNC_bprm_opts_set));
	assert_null(verifier_get_func_proto(&d, BPF_FUNC_setsockopt));
	d = desc_of(BPF_PROG_TYPE_LSM, BPF_LSM_CGROUP);
	d.attach_func_name = "bpf_lsm_socket_post_create";
	assert_string_equal(verifier_get_func_proto(&d, BPF_FUNC_setsockopt)->name,
			    "bpf_unlocked_sk_setsockopt");
	assert_non_null(verifier_get_func_proto(&d, BPF_FUNC_get_retval));
	d = desc_of(BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI);
	assert_string_equal(verifier_get_func_proto(&d, BPF_FUNC_get_func_ip)->name,
			    "bpf_get_func_ip_kprobe_multi");
	/* program types the tables do not model */
	assert_null(proto_of(BPF_PROG_TYPE_SK_SKB, BPF_FUNC_map_lookup_elem));
}

static void check_helper_msg(struct hive_prog_desc *d, int id, bool sleepable, int err,
			     const char *msg)
{
	const struct bpf_func_proto *fn;
	char buf[256];
	struct vlog_buf log;

	vlog_init(&log, buf, sizeof(buf));
	assert_int_equal(verifier_check_helper(d, id, sleepable, &log, &fn), err);
	assert_string_equal(buf, msg);
	if (err)
		assert_null(fn);
	else
		assert_non_null(fn);
}

static void test_check_helper(void **state)
{
	struct hive_prog_desc d = desc_of(BPF_PROG_TYPE_KPROBE, 0);

	(void)state;
	check_helper_msg(&d, 212, false, -EINVAL, "invalid func unknown#212\n");
	check_helper_msg(&d, -3, false, -EINVAL, "invalid func unknown#-3\n");
	check_helper_msg(&d, 0, false, -EINVAL,
			 "program of this type cannot use helper bpf_unspec#0\n");
	check_helper_msg(&d, BPF_FUNC_skb_load_bytes, false, -EINVAL,
			 "program of this type cannot use helper bpf_skb_load_bytes#26\n");
	check_helper_msg(&d, BPF_FUNC_copy_from_user, false, -EINVAL,
			 "helper call might sleep in a non-sleepable prog\n");
	check_helper_msg(&d, BPF_FUNC_copy_from_user, true, 0, "");
	d.gpl_compatible = false;
	check_helper_msg(&d, BPF_FUNC_trace_printk, false, -EINVAL,
			 "cannot call GPL-restricted function from non-GPL compatible program\n");
	check_helper_msg(&d, BPF_FUNC_get_prandom_u32, false, 0, "");
	d = desc_of(BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY);
	d.attach_func_name = "tcp_v4_connect";
	check_helper_msg(&d, BPF_FUNC_d_path, false, -EINVAL,
			 "helper call is not allowed in probe\n");
	d.attach_func_name = "vfs_truncate";
	check_helper_msg(&d, BPF_FUNC_d_path, false, 0, "");
	d.attach_func_name = "bpf_sk_storage_free";
	check_helper_msg(&d, BPF_FUNC_sk_storage_get, false, -EINVAL,
			 "helper call is not allowed in probe\n");
}

static void test_helper_facts(void **state)
{
	(void)state;
	assert_true(bpf_helper_changes_pkt_data(BPF_FUNC_skb_store_bytes));
	assert_true(bpf_helper_changes_pkt_data(BPF_FUNC_xdp_adjust_tail));
	assert_true(bpf_helper_changes_pkt_data(BPF_FUNC_tail_call));
	assert_false(bpf_helper_changes_pkt_data(BPF_FUNC_skb_load_bytes));
	assert_true(helper_is_acquire_function(BPF_FUNC_ringbuf_reserve, 0));
	assert_true(helper_is_acquire_function(BPF_FUNC_map_lookup_elem, BPF_MAP_TYPE_SOCKMAP));
	assert_false(helper_is_acquire_function(BPF_FUNC_map_lookup_elem, BPF_MAP_TYPE_HASH));
	assert_true(helper_is_ptr_cast_function(BPF_FUNC_skc_to_tcp_sock));
	assert_false(helper_is_ptr_cast_function(BPF_FUNC_skc_to_unix_sock));
	assert_true(helper_is_storage_get_function(BPF_FUNC_cgrp_storage_get));
	assert_true(helper_is_sync_callback_calling(BPF_FUNC_user_ringbuf_drain));
	assert_true(helper_is_async_callback_calling(BPF_FUNC_timer_set_callback));
	assert_true(helper_is_dynptr_ref_function(BPF_FUNC_dynptr_data));
}

/* ---- kfuncs ---- */

static void check_kfunc(enum bpf_prog_type type, const char *name, int err, const char *msg)
{
	struct hive_prog_desc d = desc_of(type, 0);
	const struct kfunc_meta *kf;
	char buf[256];
	struct vlog_buf log;

	vlog_init(&log, buf, sizeof(buf));
	assert_int_equal(verifier_check_kfunc(&d, name, false, true, &log, &kf), err);
	assert_string_equal(buf, msg);
}

static void test_kfuncs(void **state)
{
	const struct kfunc_meta *kf;
	struct hive_prog_desc d;
	u32 flags;

	(void)state;
	for (enum bpf_prog_type t = 1; t <= BPF_PROG_TYPE_NETFILTER; t++) {
		bool graph = t == BPF_PROG_TYPE_TRACING || t == BPF_PROG_TYPE_SCHED_CLS ||
			     t == BPF_PROG_TYPE_XDP || t == BPF_PROG_TYPE_STRUCT_OPS ||
			     t == BPF_PROG_TYPE_SYSCALL || t == BPF_PROG_TYPE_CGROUP_SKB;

		d = desc_of(t, 0);
		kf = verifier_kfunc_find("bpf_iter_num_new");
		assert_true(verifier_kfunc_allowed(&d, kf, &flags));
		assert_int_equal(flags, KF_ITER_NEW);
		if (graph)
			check_kfunc(t, "bpf_obj_new_impl", 0, "");
	}
	check_kfunc(BPF_PROG_TYPE_KPROBE, "bpf_obj_new_impl", -EACCES,
		    "calling kernel function bpf_obj_new_impl is not allowed\n");
	check_kfunc(BPF_PROG_TYPE_SCHED_ACT, "bpf_list_push_back_impl", -EACCES,
		    "calling kernel function bpf_list_push_back_impl is not allowed\n");
	check_kfunc(BPF_PROG_TYPE_XDP, "bpf_dynptr_from_skb", -EACCES,
		    "calling kernel function bpf_dynptr_from_skb is not allowed\n");
	check_kfunc(BPF_PROG_TYPE_SCHED_ACT, "bpf_dynptr_from_skb_meta", 0, "");
	check_kfunc(BPF_PROG_TYPE_SOCKET_FILTER, "bpf_rcu_read_lock", 0, "");
	check_kfunc(BPF_PROG_TYPE_SOCKET_FILTER, "no_such_kfunc", -EACCES,
		    "calling kernel function no_such_kfunc is not allowed\n");
	d = desc_of(BPF_PROG_TYPE_XDP, 0);
	d.gpl_compatible = false;
	{
		char buf[128];
		struct vlog_buf log;

		vlog_init(&log, buf, sizeof(buf));
		assert_int_equal(verifier_check_kfunc(&d, "bpf_obj_new_impl", false, true, &log,
						      NULL),
				 -EINVAL);
		assert_string_equal(
			buf, "cannot call kernel function from non-GPL compatible program\n");
	}
	kf = verifier_kfunc_find("bpf_refcount_acquire_impl");
	assert_int_equal(kf->flags, KF_ACQUIRE | KF_RET_NULL | KF_RCU);
	assert_int_equal(kf->special, KF_bpf_refcount_acquire_impl);
	assert_int_equal(verifier_kfunc_special("bpf_rbtree_add_impl"), 14);
	assert_int_equal(verifier_kfunc_special("bpf_task_work_schedule_resume_impl"), 48);
	assert_int_equal(verifier_kfunc_special("bpf_task_acquire"), -1);
	assert_string_equal(verifier_kfunc_special_name(KF_bpf_cast_to_kern_ctx),
			    "bpf_cast_to_kern_ctx");
	assert_null(verifier_kfunc_special_name(__KF_SPECIAL_MAX));
}

/* ---- program types ---- */

static void test_prog_type_info(void **state)
{
	(void)state;
	assert_string_equal(prog_type_name(BPF_PROG_TYPE_SCHED_CLS), "sched_cls");
	assert_string_equal(prog_type_name(BPF_PROG_TYPE_NETFILTER), "netfilter");
	assert_string_equal(prog_type_name((enum bpf_prog_type)99), "unknown");
	assert_int_equal(prog_type_info(BPF_PROG_TYPE_XDP)->ctx_size, 24);
	assert_string_equal(prog_type_info(BPF_PROG_TYPE_XDP)->kern_ctx_name, "xdp_buff");
	assert_true(prog_is_tracing_type(BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE));
	assert_false(prog_is_tracing_type(BPF_PROG_TYPE_TRACING));
	assert_true(prog_may_access_skb(BPF_PROG_TYPE_SCHED_ACT));
	assert_false(prog_may_access_skb(BPF_PROG_TYPE_XDP));
	{
		struct hive_prog_desc d = desc_of(BPF_PROG_TYPE_CGROUP_SKB, 0);

		assert_true(prog_may_access_direct_pkt_data(&d, false, true));
		assert_false(prog_may_access_direct_pkt_data(&d, true, true));
		d = desc_of(BPF_PROG_TYPE_XDP, 0);
		assert_true(prog_may_access_direct_pkt_data(&d, true, true));
		assert_false(prog_may_access_direct_pkt_data(&d, false, false));
		d = desc_of(BPF_PROG_TYPE_SOCKET_FILTER, 0);
		assert_false(prog_may_access_direct_pkt_data(&d, false, true));
	}
}

static void check_rule(struct hive_prog_desc *d, enum prog_retval_kind kind, s32 min, s32 max)
{
	struct prog_retval_rule r;

	prog_retval_rule(d, &r);
	assert_int_equal(r.kind, kind);
	if (kind == PROG_RETVAL_RANGE) {
		assert_int_equal(r.range.minval, min);
		assert_int_equal(r.range.maxval, max);
	}
}

static void test_retval_rules(void **state)
{
	struct hive_prog_desc d;
	struct prog_retval_rule r;

	(void)state;
	d = desc_of(BPF_PROG_TYPE_SOCKET_FILTER, 0);
	check_rule(&d, PROG_RETVAL_ANY, 0, 0);
	d = desc_of(BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS);
	check_rule(&d, PROG_RETVAL_RANGE, 0, 1);
	d = desc_of(BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS);
	prog_retval_rule(&d, &r);
	assert_int_equal(r.range.maxval, 3);
	assert_true(r.has_enforce_range);
	assert_int_equal(r.enforce_range.minval, 2);
	d = desc_of(BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT);
	check_rule(&d, PROG_RETVAL_RANGE, 0, 0);
	d = desc_of(BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN);
	check_rule(&d, PROG_RETVAL_ANY, 0, 0);
	d = desc_of(BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER);
	check_rule(&d, PROG_RETVAL_RANGE, 0, 1);
	d = desc_of(BPF_PROG_TYPE_TRACING, BPF_TRACE_KPROBE_MULTI);
	check_rule(&d, PROG_RETVAL_NOTSUPP, 0, 0);
	d = desc_of(BPF_PROG_TYPE_RAW_TRACEPOINT, 0);
	check_rule(&d, PROG_RETVAL_ANY, 0, 0);
	d.attach_btf_id = 5;
	check_rule(&d, PROG_RETVAL_RANGE, 0, 0);
	d = desc_of(BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_SESSION);
	check_rule(&d, PROG_RETVAL_RANGE, 0, 1);
	d = desc_of(BPF_PROG_TYPE_STRUCT_OPS, 0);
	check_rule(&d, PROG_RETVAL_VOID, 0, 0);
	d = desc_of(BPF_PROG_TYPE_LSM, BPF_LSM_CGROUP);
	prog_retval_rule(&d, &r);
	assert_int_equal(r.kind, PROG_RETVAL_RANGE);
	assert_int_equal(r.range.minval, 1);
	assert_true(r.lsm_cgroup_void_note);
}

static void test_retval_lsm(void **state)
{
	struct hive_btf *btf = btf_new_empty(NULL);
	int int_id, proto_void, proto_int;
	struct hive_prog_desc d;
	struct prog_retval_rule r;

	(void)state;
	int_id = btf_add_int(btf, "int", 4, BTF_INT_SIGNED);
	proto_void = btf_add_func_proto(btf, 0);
	proto_int = btf_add_func_proto(btf, (u32)int_id);
	d = desc_of(BPF_PROG_TYPE_LSM, BPF_LSM_MAC);
	d.attach_btf = btf;
	d.attach_func_proto = btf_type_by_id(btf, (u32)proto_void);
	prog_retval_rule(&d, &r);
	assert_int_equal(r.kind, PROG_RETVAL_VOID);
	d.attach_func_proto = btf_type_by_id(btf, (u32)proto_int);
	d.attach_func_name = "bpf_lsm_file_open";
	prog_retval_rule(&d, &r);
	assert_int_equal(r.kind, PROG_RETVAL_RANGE);
	assert_int_equal(r.range.minval, -4095);
	assert_int_equal(r.range.maxval, 0);
	assert_true(r.return_32bit);
	d.attach_func_name = "bpf_lsm_audit_rule_known";
	prog_retval_rule(&d, &r);
	assert_int_equal(r.range.minval, 0);
	assert_int_equal(r.range.maxval, 1);
	btf_free(btf);
}

static void test_retval_messages(void **state)
{
	struct bpf_reg_state reg;
	struct bpf_retval_range range = { 0, 1 };
	char buf[256];
	struct vlog_buf log;

	(void)state;
	memset(&reg, 0, sizeof(reg));
	reg.type = SCALAR_VALUE;
	reg.smin_value = S64_MIN;
	reg.smax_value = S64_MAX;
	reg.s32_min_value = 0;
	reg.s32_max_value = 1;
	vlog_init(&log, buf, sizeof(buf));
	prog_verbose_invalid_scalar(&log, &reg, range, "At program exit", "R0");
	assert_string_equal(buf, "At program exit the register R0 has unknown scalar value "
				 "should have been in [0, 1]\n");
	assert_false(retval_range_within(range, &reg, false));
	assert_true(retval_range_within(range, &reg, true));
	reg.smin_value = 2;
	reg.smax_value = 7;
	vlog_init(&log, buf, sizeof(buf));
	prog_verbose_invalid_scalar(&log, &reg, range, "At program exit", "R0");
	assert_string_equal(buf, "At program exit the register R0 has smin=2 smax=7 should have "
				 "been in [0, 1]\n");
}

static void test_sleepable_and_maps(void **state)
{
	struct hive_prog_desc d;
	struct prog_map_facts m = { BPF_MAP_TYPE_HASH, false, true };
	char buf[256];
	struct vlog_buf log;

	(void)state;
	d = desc_of(BPF_PROG_TYPE_SYSCALL, 0);
	vlog_init(&log, buf, sizeof(buf));
	assert_int_equal(prog_check_sleepable(&d, &log), -EINVAL);
	assert_string_equal(buf, "Syscall programs can only be sleepable\n");
	d.sleepable = true;
	assert_int_equal(prog_check_sleepable(&d, NULL), 0);
	d = desc_of(BPF_PROG_TYPE_XDP, 0);
	d.sleepable = true;
	vlog_init(&log, buf, sizeof(buf));
	assert_int_equal(prog_check_sleepable(&d, &log), -EINVAL);
	assert_string_equal(buf, "Only fentry/fexit/fmod_ret, lsm, iter, uprobe, and struct_ops "
				 "programs can be sleepable\n");
	d = desc_of(BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER);
	d.sleepable = true;
	assert_int_equal(prog_check_sleepable(&d, NULL), 0);

	d = desc_of(BPF_PROG_TYPE_SOCKET_FILTER, 0);
	vlog_init(&log, buf, sizeof(buf));
	assert_int_equal(prog_check_map_compat(&d, &m, &log), -EINVAL);
	assert_string_equal(buf, "socket filter progs cannot use bpf_spin_lock yet\n");
	d = desc_of(BPF_PROG_TYPE_KPROBE, 0);
	m.has_graph_root = true;
	vlog_init(&log, buf, sizeof(buf));
	assert_int_equal(prog_check_map_compat(&d, &m, &log), -EINVAL);
	assert_string_equal(buf, "tracing progs cannot use bpf_{list_head,rb_root} yet\n");
	d = desc_of(BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY);
	assert_int_equal(prog_check_map_compat(&d, &m, NULL), 0);
	d.sleepable = true;
	m.map_type = BPF_MAP_TYPE_LPM_TRIE;
	vlog_init(&log, buf, sizeof(buf));
	assert_int_equal(prog_check_map_compat(&d, &m, &log), -EINVAL);
	assert_string_equal(buf, "Sleepable programs can only use array, hash, ringbuf and local "
				 "storage maps\n");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_enum_values),	   cmocka_unit_test(test_map_helpers),
		cmocka_unit_test(test_misc_helpers),	   cmocka_unit_test(test_net_helpers),
		cmocka_unit_test(test_type_availability),  cmocka_unit_test(test_check_helper),
		cmocka_unit_test(test_helper_facts),	   cmocka_unit_test(test_kfuncs),
		cmocka_unit_test(test_prog_type_info),	   cmocka_unit_test(test_retval_rules),
		cmocka_unit_test(test_retval_lsm),	   cmocka_unit_test(test_retval_messages),
		cmocka_unit_test(test_sleepable_and_maps),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
