// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/prog_types.c: the static properties of each program type and the per-type rules of
 * Linux 6.18's verifier that need no verifier state: the return-value rule at exit
 * (check_return_code()), which types may be sleepable (check_attach_btf_id()), direct packet
 * access (may_access_direct_pkt_data()) and the program/map rules of
 * check_map_prog_compatibility().
 */
#include <errno.h>
#include <string.h>

#include "btf/btf.h"
#include "btf/btf_types.h"
#include "common/err.h"
#include "verifier/prog_types.h"

#define VLOG(log, ...)                                 \
	do {                                           \
		if (log)                               \
			vlog_printf(log, __VA_ARGS__); \
	} while (0)

#define SKB_CTX_SIZE 192 /* sizeof(struct __sk_buff) */
#define XDP_CTX_SIZE 24 /* sizeof(struct xdp_md) */
#define PT_REGS_SIZE 168 /* sizeof(struct pt_regs), x86-64 */
#define PERF_CTX_SIZE 184 /* sizeof(struct bpf_perf_event_data) */

#define H(hook) BTF_KFUNC_HOOK_##hook
#define T(type) [BPF_PROG_TYPE_##type]

/* clang-format off */
static const struct prog_type_info type_info[] = {
	T(UNSPEC) = { "unspec", NULL, NULL, NULL, 0, false, false, false, false, H(COMMON) },
	T(SOCKET_FILTER) = { "socket_filter", "sk_filter", "__sk_buff", "sk_buff", SKB_CTX_SIZE,
			     true, false, true, false, H(SOCKET_FILTER) },
	T(KPROBE) = { "kprobe", "kprobe", "bpf_user_pt_regs_t", "pt_regs", PT_REGS_SIZE,
		      true, true, false, false, H(KPROBE) },
	T(SCHED_CLS) = { "sched_cls", "tc_cls_act", "__sk_buff", "sk_buff", SKB_CTX_SIZE,
			 true, false, true, true, H(TC) },
	T(SCHED_ACT) = { "sched_act", "tc_cls_act", "__sk_buff", "sk_buff", SKB_CTX_SIZE,
			 true, false, true, true, H(SCHED_ACT) },
	T(TRACEPOINT) = { "tracepoint", "tracepoint", "__u64", "u64", 0,
			  true, true, false, false, H(TRACING) },
	T(XDP) = { "xdp", "xdp", "xdp_md", "xdp_buff", XDP_CTX_SIZE,
		   true, false, false, true, H(XDP) },
	T(PERF_EVENT) = { "perf_event", "perf_event", "bpf_perf_event_data",
			  "bpf_perf_event_data_kern", PERF_CTX_SIZE, true, true, false, false,
			  H(TRACING) },
	T(CGROUP_SKB) = { "cgroup_skb", "cg_skb", "__sk_buff", "sk_buff", SKB_CTX_SIZE,
			  true, false, false, false, H(CGROUP) },
	T(CGROUP_SOCK) = { "cgroup_sock", "cg_sock", "bpf_sock", "sock", 0,
			   false, false, false, false, H(CGROUP) },
	T(LWT_IN) = { "lwt_in", "lwt_in", "__sk_buff", "sk_buff", SKB_CTX_SIZE,
		      false, false, false, false, H(LWT) },
	T(LWT_OUT) = { "lwt_out", "lwt_out", "__sk_buff", "sk_buff", SKB_CTX_SIZE,
		       false, false, false, false, H(LWT) },
	T(LWT_XMIT) = { "lwt_xmit", "lwt_xmit", "__sk_buff", "sk_buff", SKB_CTX_SIZE,
			false, false, false, true, H(LWT) },
	T(SOCK_OPS) = { "sock_ops", "sock_ops", "bpf_sock_ops", "bpf_sock_ops_kern", 0,
			false, false, false, false, H(CGROUP) },
	T(SK_SKB) = { "sk_skb", "sk_skb", "__sk_buff", "sk_buff", SKB_CTX_SIZE,
		      false, false, false, true, H(SK_SKB) },
	T(CGROUP_DEVICE) = { "cgroup_device", "cg_dev", "bpf_cgroup_dev_ctx",
			     "bpf_cgroup_dev_ctx", 0, false, false, false, false, H(CGROUP) },
	T(SK_MSG) = { "sk_msg", "sk_msg", "sk_msg_md", "sk_msg", 0,
		      false, false, false, false, -1 },
	/* no kfunc hook: only the common set (checked against the kernel) */
	T(RAW_TRACEPOINT) = { "raw_tracepoint", "raw_tracepoint", "bpf_raw_tracepoint_args", "u64",
			      0, true, true, false, false, -1 },
	T(CGROUP_SOCK_ADDR) = { "cgroup_sock_addr", "cg_sock_addr", "bpf_sock_addr",
				"bpf_sock_addr_kern", 0, false, false, false, false, H(CGROUP) },
	T(LWT_SEG6LOCAL) = { "lwt_seg6local", "lwt_seg6local", "__sk_buff", "sk_buff",
			     SKB_CTX_SIZE, false, false, false, false, H(LWT) },
	T(LIRC_MODE2) = { "lirc_mode2", "lirc_mode2", "__u32", "u32", 0,
			  false, false, false, false, -1 },
	T(SK_REUSEPORT) = { "sk_reuseport", "sk_reuseport", "sk_reuseport_md", "sk_reuseport_kern",
			    0, false, false, false, false, -1 },
	T(FLOW_DISSECTOR) = { "flow_dissector", "flow_dissector", "__sk_buff",
			      "bpf_flow_dissector", SKB_CTX_SIZE, false, false, false, false, -1 },
	T(CGROUP_SYSCTL) = { "cgroup_sysctl", "cg_sysctl", "bpf_sysctl", "bpf_sysctl_kern", 0,
			     false, false, false, false, H(CGROUP) },
	T(RAW_TRACEPOINT_WRITABLE) = { "raw_tracepoint_writable", "raw_tracepoint_writable",
				       "bpf_raw_tracepoint_args", "u64", 0,
				       true, true, false, false, -1 },
	T(CGROUP_SOCKOPT) = { "cgroup_sockopt", "cg_sockopt", "bpf_sockopt", "bpf_sockopt_kern", 0,
			      false, false, false, false, H(CGROUP) },
	T(TRACING) = { "tracing", "tracing", "void *", "void *", 0,
		       true, false, false, false, H(TRACING) },
	T(STRUCT_OPS) = { "struct_ops", "bpf_struct_ops", "void *", "void *", 0,
			  true, false, false, false, H(STRUCT_OPS) },
	T(EXT) = { "ext", "bpf_extension", "void *", "void *", 0,
		   false, false, false, false, -1 },
	T(LSM) = { "lsm", "lsm", "void *", "void *", 0,
		   true, false, false, false, H(TRACING) },
	T(SK_LOOKUP) = { "sk_lookup", "sk_lookup", "bpf_sk_lookup", "bpf_sk_lookup_kern", 0,
			 false, false, false, false, -1 },
	T(SYSCALL) = { "syscall", "bpf_syscall", "void *", "void *", 0,
		       true, false, false, false, H(SYSCALL) },
	T(NETFILTER) = { "netfilter", "netfilter", "bpf_nf_ctx", "bpf_nf_ctx", 0,
			 false, false, false, false, H(NETFILTER) },
};
/* clang-format on */

void prog_desc_init_root(struct hive_prog_desc *prog, enum bpf_prog_type type,
			 enum bpf_attach_type expected_attach_type)
{
	memset(prog, 0, sizeof(*prog));
	prog->type = type;
	prog->expected_attach_type = expected_attach_type;
	prog->gpl_compatible = true;
	prog->cap_bpf = true;
	prog->cap_perfmon = true;
	prog->cap_net_admin = true;
	prog->cap_sys_admin = true;
}

const struct prog_type_info *prog_type_info(enum bpf_prog_type type)
{
	if ((unsigned int)type >= ARRAY_SIZE(type_info) || !type_info[type].name)
		return NULL;
	return &type_info[type];
}

const char *prog_type_name(enum bpf_prog_type type)
{
	const struct prog_type_info *info = prog_type_info(type);

	return info ? info->name : "unknown";
}

bool prog_type_supported(enum bpf_prog_type type)
{
	const struct prog_type_info *info = prog_type_info(type);

	return info && info->supported;
}

bool prog_is_tracing_type(enum bpf_prog_type type)
{
	switch (type) {
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
		return true;
	default:
		return false;
	}
}

bool prog_may_access_direct_pkt_data(const struct hive_prog_desc *prog, bool write,
				     bool meta_pkt_access)
{
	switch (prog->type) {
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_REUSEPORT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_CGROUP_SKB:
		if (write)
			return false;
		/* read-only types fall through to the read/write ones */
		return meta_pkt_access;
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_SK_MSG:
		return meta_pkt_access;
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		return true;
	default:
		return false;
	}
}

bool prog_may_access_skb(enum bpf_prog_type type)
{
	switch (type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
		return true;
	default:
		return false;
	}
}

bool prog_has_trampoline(const struct hive_prog_desc *prog)
{
	switch (prog->type) {
	case BPF_PROG_TYPE_TRACING:
		return prog->expected_attach_type == BPF_TRACE_FENTRY ||
		       prog->expected_attach_type == BPF_TRACE_FEXIT ||
		       prog->expected_attach_type == BPF_MODIFY_RETURN;
	case BPF_PROG_TYPE_LSM:
		return prog->expected_attach_type == BPF_LSM_MAC;
	default:
		return false;
	}
}

/* kernel/bpf/bpf_lsm.c untrusted_lsm_hooks: objects being allocated or freed. */
static const char *const untrusted_lsm_hooks[] = {
	"bpf_lsm_bpf_map_free",	      "bpf_lsm_bpf_prog_free",	   "bpf_lsm_file_alloc_security",
	"bpf_lsm_file_free_security", "bpf_lsm_sk_alloc_security", "bpf_lsm_sk_free_security",
	"bpf_lsm_task_free",
};

static bool lsm_is_trusted(const struct hive_prog_desc *prog)
{
	if (!prog->attach_func_name)
		return true;
	for (size_t i = 0; i < ARRAY_SIZE(untrusted_lsm_hooks); i++)
		if (!strcmp(prog->attach_func_name, untrusted_lsm_hooks[i]))
			return false;
	return true;
}

bool prog_args_trusted(const struct hive_prog_desc *prog)
{
	switch (prog->type) {
	case BPF_PROG_TYPE_TRACING:
		return prog->expected_attach_type == BPF_TRACE_RAW_TP ||
		       prog->expected_attach_type == BPF_TRACE_ITER;
	case BPF_PROG_TYPE_LSM:
		return lsm_is_trusted(prog);
	case BPF_PROG_TYPE_STRUCT_OPS:
		return true;
	default:
		return false;
	}
}

bool prog_check_recur(const struct hive_prog_desc *prog)
{
	switch (prog->type) {
	case BPF_PROG_TYPE_TRACING:
		return prog->expected_attach_type != BPF_TRACE_ITER;
	case BPF_PROG_TYPE_STRUCT_OPS: /* jits_use_priv_stack: never for us */
	case BPF_PROG_TYPE_LSM:
		return false;
	default:
		return true;
	}
}

int prog_iter_ctx_arg_info(const char *target, const struct hive_btf *btf,
			   struct bpf_ctx_arg_aux *out, u32 max)
{
	int id;

	if (!target || !btf || strcmp(target, "bpf_iter_task") != 0)
		return -ENOENT;
	/* kernel/bpf/task_iter.c: struct bpf_iter__task { meta; task; } */
	id = btf_find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT);
	if (id < 0)
		return -ENOENT;
	if (max < 1)
		return 0;
	out[0] = (struct bpf_ctx_arg_aux){ .offset = 8,
					   .reg_type = PTR_MAYBE_NULL | PTR_TO_BTF_ID | PTR_TRUSTED,
					   .btf = btf,
					   .btf_id = (u32)id };
	return 1;
}

static bool can_be_sleepable(const struct hive_prog_desc *prog)
{
	if (prog->type == BPF_PROG_TYPE_TRACING) {
		switch (prog->expected_attach_type) {
		case BPF_TRACE_FENTRY:
		case BPF_TRACE_FEXIT:
		case BPF_MODIFY_RETURN:
		case BPF_TRACE_ITER:
			return true;
		default:
			return false;
		}
	}
	return prog->type == BPF_PROG_TYPE_LSM || prog->type == BPF_PROG_TYPE_KPROBE ||
	       prog->type == BPF_PROG_TYPE_STRUCT_OPS;
}

int prog_check_sleepable(const struct hive_prog_desc *prog, struct vlog_buf *log)
{
	if (prog->type == BPF_PROG_TYPE_SYSCALL) {
		if (prog->sleepable)
			return 0;
		VLOG(log, "Syscall programs can only be sleepable\n");
		return -EINVAL;
	}
	if (prog->sleepable && !can_be_sleepable(prog)) {
		VLOG(log, "Only fentry/fexit/fmod_ret, lsm, iter, uprobe, and struct_ops programs "
			  "can be sleepable\n");
		return -EINVAL;
	}
	return 0;
}

/* ---- return values ---- */

static struct bpf_retval_range retval_range(s32 minval, s32 maxval)
{
	return (struct bpf_retval_range){ minval, maxval };
}

/* kernel/bpf/bpf_lsm.c bool_lsm_hooks (this kernel has SECURITY_NETWORK_XFRM and AUDIT). */
static const char *const bool_lsm_hooks[] = {
	"bpf_lsm_xfrm_state_pol_flow_match",
	"bpf_lsm_audit_rule_known",
	"bpf_lsm_inode_xattr_skipcap",
};

static bool attach_returns_void(const struct hive_prog_desc *prog)
{
	return !prog->attach_func_proto || !prog->attach_func_proto->type;
}

/* bpf_lsm_get_retval_range(): false for void hooks (no range). */
static bool lsm_retval_range(const struct hive_prog_desc *prog, struct bpf_retval_range *range)
{
	if (attach_returns_void(prog))
		return false;
	*range = retval_range(-4095, 0); /* -MAX_ERRNO .. 0 */
	for (size_t i = 0; i < ARRAY_SIZE(bool_lsm_hooks); i++)
		if (prog->attach_func_name && !strcmp(prog->attach_func_name, bool_lsm_hooks[i]))
			*range = retval_range(0, 1);
	return true;
}

/* btf_type_resolve_ptr(attach_btf, ret type): the struct a struct_ops operator returns. */
static u32 struct_ops_ret_struct(const struct hive_prog_desc *prog)
{
	const struct btf_type *t;
	u32 id;

	if (!prog->attach_btf || attach_returns_void(prog))
		return 0;
	t = btf_skip_mods_and_typedefs(prog->attach_btf, prog->attach_func_proto->type, &id);
	if (!t || BTF_INFO_KIND(t->info) != BTF_KIND_PTR)
		return 0;
	t = btf_skip_mods_and_typedefs(prog->attach_btf, t->type, &id);
	return t ? id : 0;
}

static void retval_rule_tracing(const struct hive_prog_desc *prog, struct prog_retval_rule *rule)
{
	switch (prog->expected_attach_type) {
	case BPF_TRACE_FENTRY:
	case BPF_TRACE_FEXIT:
		rule->range = retval_range(0, 0);
		break;
	case BPF_TRACE_RAW_TP:
	case BPF_MODIFY_RETURN:
		rule->kind = PROG_RETVAL_ANY;
		break;
	case BPF_TRACE_ITER:
		break;
	default:
		rule->kind = PROG_RETVAL_NOTSUPP;
		break;
	}
}

static void retval_rule_lsm(const struct hive_prog_desc *prog, struct prog_retval_rule *rule)
{
	if (prog->expected_attach_type != BPF_LSM_CGROUP) {
		if (!lsm_retval_range(prog, &rule->range) ||
		    (rule->range.minval == S32_MIN && rule->range.maxval == S32_MAX))
			rule->kind = PROG_RETVAL_ANY;
		else
			rule->return_32bit = true;
	} else if (attach_returns_void(prog)) {
		rule->range = retval_range(1, 1);
		rule->lsm_cgroup_void_note = true;
	}
}

void prog_retval_rule(const struct hive_prog_desc *prog, struct prog_retval_rule *rule)
{
	memset(rule, 0, sizeof(*rule));
	rule->kind = PROG_RETVAL_RANGE;
	rule->range = retval_range(0, 1);

	/* LSM and struct_ops operators may return void: nothing is checked at all */
	if ((prog->type == BPF_PROG_TYPE_LSM && prog->expected_attach_type != BPF_LSM_CGROUP) ||
	    prog->type == BPF_PROG_TYPE_STRUCT_OPS) {
		if (attach_returns_void(prog)) {
			rule->kind = PROG_RETVAL_VOID;
			return;
		}
	}

	switch (prog->type) {
	case BPF_PROG_TYPE_CGROUP_SOCK_ADDR:
		switch (prog->expected_attach_type) {
		case BPF_CGROUP_UDP4_RECVMSG:
		case BPF_CGROUP_UDP6_RECVMSG:
		case BPF_CGROUP_UNIX_RECVMSG:
		case BPF_CGROUP_INET4_GETPEERNAME:
		case BPF_CGROUP_INET6_GETPEERNAME:
		case BPF_CGROUP_UNIX_GETPEERNAME:
		case BPF_CGROUP_INET4_GETSOCKNAME:
		case BPF_CGROUP_INET6_GETSOCKNAME:
		case BPF_CGROUP_UNIX_GETSOCKNAME:
			rule->range = retval_range(1, 1);
			break;
		case BPF_CGROUP_INET4_BIND:
		case BPF_CGROUP_INET6_BIND:
			rule->range = retval_range(0, 3);
			break;
		default:
			break;
		}
		break;
	case BPF_PROG_TYPE_CGROUP_SKB:
		if (prog->expected_attach_type == BPF_CGROUP_INET_EGRESS) {
			rule->range = retval_range(0, 3);
			rule->has_enforce_range = true;
			rule->enforce_range = retval_range(2, 3);
		}
		break;
	case BPF_PROG_TYPE_CGROUP_SOCK:
	case BPF_PROG_TYPE_SOCK_OPS:
	case BPF_PROG_TYPE_CGROUP_DEVICE:
	case BPF_PROG_TYPE_CGROUP_SYSCTL:
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		break;
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
		if (!prog->attach_btf_id)
			rule->kind = PROG_RETVAL_ANY;
		else
			rule->range = retval_range(0, 0);
		break;
	case BPF_PROG_TYPE_TRACING:
		retval_rule_tracing(prog, rule);
		break;
	case BPF_PROG_TYPE_KPROBE:
		if (prog->expected_attach_type != BPF_TRACE_KPROBE_SESSION &&
		    prog->expected_attach_type != BPF_TRACE_UPROBE_SESSION)
			rule->kind = PROG_RETVAL_ANY;
		break;
	case BPF_PROG_TYPE_SK_LOOKUP:
		break; /* [SK_DROP, SK_PASS] */
	case BPF_PROG_TYPE_LSM:
		retval_rule_lsm(prog, rule);
		break;
	case BPF_PROG_TYPE_NETFILTER:
		break; /* [NF_DROP, NF_ACCEPT] */
	case BPF_PROG_TYPE_STRUCT_OPS:
		rule->struct_ops_ret_btf_id = struct_ops_ret_struct(prog);
		if (!rule->struct_ops_ret_btf_id)
			rule->kind = PROG_RETVAL_ANY;
		else
			rule->range = retval_range(0, 0);
		break;
	default:
		rule->kind = PROG_RETVAL_ANY;
		break;
	}
}

bool retval_range_within(struct bpf_retval_range range, const struct bpf_reg_state *reg,
			 bool return_32bit)
{
	if (return_32bit)
		return range.minval <= reg->s32_min_value && reg->s32_max_value <= range.maxval;
	return range.minval <= reg->smin_value && reg->smax_value <= range.maxval;
}

void prog_verbose_invalid_scalar(struct vlog_buf *log, const struct bpf_reg_state *reg,
				 struct bpf_retval_range range, const char *exit_ctx,
				 const char *reg_name)
{
	bool unknown = true;

	VLOG(log, "%s the register %s has", exit_ctx, reg_name);
	if (reg->smin_value > S64_MIN) {
		VLOG(log, " smin=%lld", (long long)reg->smin_value);
		unknown = false;
	}
	if (reg->smax_value < S64_MAX) {
		VLOG(log, " smax=%lld", (long long)reg->smax_value);
		unknown = false;
	}
	if (unknown)
		VLOG(log, " unknown scalar value");
	VLOG(log, " should have been in [%d, %d]\n", range.minval, range.maxval);
}

/* ---- maps ---- */

bool prog_sleepable_map_ok(u32 map_type)
{
	switch (map_type) {
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
	case BPF_MAP_TYPE_RINGBUF:
	case BPF_MAP_TYPE_USER_RINGBUF:
	case BPF_MAP_TYPE_INODE_STORAGE:
	case BPF_MAP_TYPE_SK_STORAGE:
	case BPF_MAP_TYPE_TASK_STORAGE:
	case BPF_MAP_TYPE_CGRP_STORAGE:
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
	case BPF_MAP_TYPE_ARENA:
		return true;
	default:
		return false;
	}
}

int prog_check_map_compat(const struct hive_prog_desc *prog, const struct prog_map_facts *map,
			  struct vlog_buf *log)
{
	bool tracing = prog_is_tracing_type(prog->type);

	if (map->has_graph_root && tracing) {
		VLOG(log, "tracing progs cannot use bpf_{list_head,rb_root} yet\n");
		return -EINVAL;
	}
	if (map->has_spin_lock) {
		if (prog->type == BPF_PROG_TYPE_SOCKET_FILTER) {
			VLOG(log, "socket filter progs cannot use bpf_spin_lock yet\n");
			return -EINVAL;
		}
		if (tracing) {
			VLOG(log, "tracing progs cannot use bpf_spin_lock yet\n");
			return -EINVAL;
		}
	}
	if (map->map_type == BPF_MAP_TYPE_STRUCT_OPS) {
		VLOG(log, "bpf_struct_ops map cannot be used in prog\n");
		return -EINVAL;
	}
	if (prog->sleepable && !prog_sleepable_map_ok(map->map_type)) {
		VLOG(log, "Sleepable programs can only use array, hash, ringbuf and local storage "
			  "maps\n");
		return -EINVAL;
	}
	return 0;
}
