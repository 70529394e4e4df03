// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/protos.c: "which prototype does helper N have for this program?" and the checks
 * check_helper_call() of Linux 6.18 makes before it looks at arguments; the per-helper facts
 * the verifier consults elsewhere (kernel/bpf/verifier.c, net/core/filter.c).
 */
#include <errno.h>
#include <stddef.h>

#include "btf/btf.h"
#include "btf/btf_types.h"
#include "verifier/protos_internal.h"

#define VLOG(log, ...)                                 \
	do {                                           \
		if (log)                               \
			vlog_printf(log, __VA_ARGS__); \
	} while (0)

const char proto_btf_poison[] = "(poison)";

const struct bpf_func_proto *verifier_get_func_proto(const struct hive_prog_desc *prog, int func_id)
{
	if (func_id < 0 || func_id >= __BPF_FUNC_MAX_ID)
		return NULL;
	switch (prog->type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_CGROUP_SKB:
		return net_prog_func_proto(func_id, prog);
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_LSM:
	case BPF_PROG_TYPE_SYSCALL:
	case BPF_PROG_TYPE_STRUCT_OPS:
		return trace_prog_func_proto(func_id, prog);
	default:
		return NULL;
	}
}

const char *helper_func_name(int func_id)
{
	const char *name;

	if (func_id == 0)
		return "bpf_unspec";
	name = isa_helper_name(func_id);
	return name ? name : "unknown";
}

int verifier_check_helper(const struct hive_prog_desc *prog, int func_id, bool in_sleepable,
			  struct vlog_buf *log, const struct bpf_func_proto **fn)
{
	const struct bpf_func_proto *p;

	*fn = NULL;
	if (func_id < 0 || func_id >= __BPF_FUNC_MAX_ID) {
		VLOG(log, "invalid func %s#%d\n", helper_func_name(func_id), func_id);
		return -EINVAL;
	}
	p = verifier_get_func_proto(prog, func_id);
	if (!p) {
		VLOG(log, "program of this type cannot use helper %s#%d\n",
		     helper_func_name(func_id), func_id);
		return -EINVAL;
	}
	if (!prog->gpl_compatible && p->gpl_only) {
		VLOG(log, "cannot call GPL-restricted function from non-GPL compatible program\n");
		return -EINVAL;
	}
	if (p->allowed && !p->allowed(prog)) {
		VLOG(log, "helper call is not allowed in probe\n");
		return -EINVAL;
	}
	if (!in_sleepable && p->might_sleep) {
		VLOG(log, "helper call might sleep in a non-sleepable prog\n");
		return -EINVAL;
	}
	*fn = p;
	return 0;
}

int proto_resolve_btf_id(const struct hive_btf *btf, const char *name)
{
	if (!btf || !name || name == PROTO_BTF_POISON)
		return -EINVAL;
	return btf_find_by_name_kind(btf, name, BTF_KIND_STRUCT);
}

int proto_nr_args(const struct bpf_func_proto *fn)
{
	int i;

	for (i = 0; i < MAX_BPF_FUNC_REG_ARGS; i++)
		if (fn->arg_type[i] == ARG_DONTCARE)
			break;
	return i;
}

bool bpf_helper_changes_pkt_data(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_clone_redirect:
	case BPF_FUNC_l3_csum_replace:
	case BPF_FUNC_l4_csum_replace:
	case BPF_FUNC_lwt_push_encap:
	case BPF_FUNC_lwt_seg6_action:
	case BPF_FUNC_lwt_seg6_adjust_srh:
	case BPF_FUNC_lwt_seg6_store_bytes:
	case BPF_FUNC_msg_pop_data:
	case BPF_FUNC_msg_pull_data:
	case BPF_FUNC_msg_push_data:
	case BPF_FUNC_skb_adjust_room:
	case BPF_FUNC_skb_change_head:
	case BPF_FUNC_skb_change_proto:
	case BPF_FUNC_skb_change_tail:
	case BPF_FUNC_skb_pull_data:
	case BPF_FUNC_skb_store_bytes:
	case BPF_FUNC_skb_vlan_pop:
	case BPF_FUNC_skb_vlan_push:
	case BPF_FUNC_store_hdr_opt:
	case BPF_FUNC_xdp_adjust_head:
	case BPF_FUNC_xdp_adjust_meta:
	case BPF_FUNC_xdp_adjust_tail:
	case BPF_FUNC_tail_call: /* the tail-called program may call any of the above */
		return true;
	default:
		return false;
	}
}

bool helper_is_acquire_function(int func_id, int map_type)
{
	switch (func_id) {
	case BPF_FUNC_sk_lookup_tcp:
	case BPF_FUNC_sk_lookup_udp:
	case BPF_FUNC_skc_lookup_tcp:
	case BPF_FUNC_ringbuf_reserve:
	case BPF_FUNC_kptr_xchg:
		return true;
	case BPF_FUNC_map_lookup_elem:
		return map_type == BPF_MAP_TYPE_SOCKMAP || map_type == BPF_MAP_TYPE_SOCKHASH;
	default:
		return false;
	}
}

bool helper_is_ptr_cast_function(int func_id)
{
	/* bpf_skc_to_unix_sock is not one, as in the kernel */
	switch (func_id) {
	case BPF_FUNC_tcp_sock:
	case BPF_FUNC_sk_fullsock:
	case BPF_FUNC_skc_to_tcp_sock:
	case BPF_FUNC_skc_to_tcp6_sock:
	case BPF_FUNC_skc_to_udp6_sock:
	case BPF_FUNC_skc_to_mptcp_sock:
	case BPF_FUNC_skc_to_tcp_timewait_sock:
	case BPF_FUNC_skc_to_tcp_request_sock:
		return true;
	default:
		return false;
	}
}

bool helper_is_dynptr_ref_function(int func_id)
{
	return func_id == BPF_FUNC_dynptr_data;
}

bool helper_is_storage_get_function(int func_id)
{
	return func_id == BPF_FUNC_sk_storage_get || func_id == BPF_FUNC_inode_storage_get ||
	       func_id == BPF_FUNC_task_storage_get || func_id == BPF_FUNC_cgrp_storage_get;
}

bool helper_is_sync_callback_calling(int func_id)
{
	return func_id == BPF_FUNC_for_each_map_elem || func_id == BPF_FUNC_find_vma ||
	       func_id == BPF_FUNC_loop || func_id == BPF_FUNC_user_ringbuf_drain;
}

bool helper_is_async_callback_calling(int func_id)
{
	return func_id == BPF_FUNC_timer_set_callback;
}
