// SPDX-License-Identifier: BSD-2-Clause
/*
 * object/sec_def.c: from a SEC() name to a program type, expected attach type and flags, with
 * libbpf's rules (spec A.3), and libbpf's names for program, attach and map types.
 *
 * A rule "kprobe+" matches "kprobe" and "kprobe/<anything>"; a rule ending in '/' matches any
 * name with that prefix; any other rule matches exactly. The first matching rule wins, so the
 * order matters: "sk_reuseport/migrate" before "sk_reuseport", "xdp.frags/devmap" before
 * "xdp.frags", "tc/ingress" before "tc". The table is libbpf's (upstream, for Linux 6.18),
 * including types that user space will never run, so that every object gets the same types
 * it gets from libbpf.
 */
#include <string.h>

#include "bpfhive/map.h"
#include "bpfhive/prog.h"
#include "common/err.h"
#include "object/object_internal.h"

#define P(x) HIVE_PROG_TYPE_##x
#define A(x) HIVE_##x

// clang-format off
static const struct sec_def sec_defs[] = {
	{ "socket",			P(SOCKET_FILTER), 0, SEC_NONE },
	{ "sk_reuseport/migrate",	P(SK_REUSEPORT), A(SK_REUSEPORT_SELECT_OR_MIGRATE), SEC_ATTACHABLE },
	{ "sk_reuseport",		P(SK_REUSEPORT), A(SK_REUSEPORT_SELECT), SEC_ATTACHABLE },
	{ "kprobe+",			P(KPROBE), 0, SEC_NONE },
	{ "uprobe+",			P(KPROBE), 0, SEC_NONE },
	{ "uprobe.s+",			P(KPROBE), 0, SEC_SLEEPABLE },
	{ "kretprobe+",			P(KPROBE), 0, SEC_NONE },
	{ "uretprobe+",			P(KPROBE), 0, SEC_NONE },
	{ "uretprobe.s+",		P(KPROBE), 0, SEC_SLEEPABLE },
	{ "kprobe.multi+",		P(KPROBE), A(TRACE_KPROBE_MULTI), SEC_NONE },
	{ "kretprobe.multi+",		P(KPROBE), A(TRACE_KPROBE_MULTI), SEC_NONE },
	{ "kprobe.session+",		P(KPROBE), A(TRACE_KPROBE_SESSION), SEC_NONE },
	{ "uprobe.multi+",		P(KPROBE), A(TRACE_UPROBE_MULTI), SEC_NONE },
	{ "uretprobe.multi+",		P(KPROBE), A(TRACE_UPROBE_MULTI), SEC_NONE },
	{ "uprobe.session+",		P(KPROBE), A(TRACE_UPROBE_SESSION), SEC_NONE },
	{ "uprobe.multi.s+",		P(KPROBE), A(TRACE_UPROBE_MULTI), SEC_SLEEPABLE },
	{ "uretprobe.multi.s+",		P(KPROBE), A(TRACE_UPROBE_MULTI), SEC_SLEEPABLE },
	{ "uprobe.session.s+",		P(KPROBE), A(TRACE_UPROBE_SESSION), SEC_SLEEPABLE },
	{ "ksyscall+",			P(KPROBE), 0, SEC_NONE },
	{ "kretsyscall+",		P(KPROBE), 0, SEC_NONE },
	{ "usdt+",			P(KPROBE), 0, SEC_USDT },
	{ "usdt.s+",			P(KPROBE), 0, SEC_USDT | SEC_SLEEPABLE },
	{ "tc/ingress",			P(SCHED_CLS), A(TCX_INGRESS), SEC_NONE },
	{ "tc/egress",			P(SCHED_CLS), A(TCX_EGRESS), SEC_NONE },
	{ "tcx/ingress",		P(SCHED_CLS), A(TCX_INGRESS), SEC_NONE },
	{ "tcx/egress",			P(SCHED_CLS), A(TCX_EGRESS), SEC_NONE },
	{ "tc",				P(SCHED_CLS), 0, SEC_NONE },
	{ "classifier",			P(SCHED_CLS), 0, SEC_NONE },
	{ "action",			P(SCHED_ACT), 0, SEC_NONE },
	{ "netkit/primary",		P(SCHED_CLS), A(NETKIT_PRIMARY), SEC_NONE },
	{ "netkit/peer",		P(SCHED_CLS), A(NETKIT_PEER), SEC_NONE },
	{ "tracepoint+",		P(TRACEPOINT), 0, SEC_NONE },
	{ "tp+",			P(TRACEPOINT), 0, SEC_NONE },
	{ "raw_tracepoint+",		P(RAW_TRACEPOINT), 0, SEC_NONE },
	{ "raw_tp+",			P(RAW_TRACEPOINT), 0, SEC_NONE },
	{ "raw_tracepoint.w+",		P(RAW_TRACEPOINT_WRITABLE), 0, SEC_NONE },
	{ "raw_tp.w+",			P(RAW_TRACEPOINT_WRITABLE), 0, SEC_NONE },
	{ "tp_btf+",			P(TRACING), A(TRACE_RAW_TP), SEC_ATTACH_BTF },
	{ "fentry+",			P(TRACING), A(TRACE_FENTRY), SEC_ATTACH_BTF },
	{ "fmod_ret+",			P(TRACING), A(MODIFY_RETURN), SEC_ATTACH_BTF },
	{ "fexit+",			P(TRACING), A(TRACE_FEXIT), SEC_ATTACH_BTF },
	{ "fentry.s+",			P(TRACING), A(TRACE_FENTRY), SEC_ATTACH_BTF | SEC_SLEEPABLE },
	{ "fmod_ret.s+",		P(TRACING), A(MODIFY_RETURN), SEC_ATTACH_BTF | SEC_SLEEPABLE },
	{ "fexit.s+",			P(TRACING), A(TRACE_FEXIT), SEC_ATTACH_BTF | SEC_SLEEPABLE },
	{ "freplace+",			P(EXT), 0, SEC_ATTACH_BTF },
	{ "lsm+",			P(LSM), A(LSM_MAC), SEC_ATTACH_BTF },
	{ "lsm.s+",			P(LSM), A(LSM_MAC), SEC_ATTACH_BTF | SEC_SLEEPABLE },
	{ "lsm_cgroup+",		P(LSM), A(LSM_CGROUP), SEC_ATTACH_BTF },
	{ "iter+",			P(TRACING), A(TRACE_ITER), SEC_ATTACH_BTF },
	{ "iter.s+",			P(TRACING), A(TRACE_ITER), SEC_ATTACH_BTF | SEC_SLEEPABLE },
	{ "syscall",			P(SYSCALL), 0, SEC_SLEEPABLE },
	{ "xdp.frags/devmap",		P(XDP), A(XDP_DEVMAP), SEC_XDP_FRAGS },
	{ "xdp/devmap",			P(XDP), A(XDP_DEVMAP), SEC_ATTACHABLE },
	{ "xdp.frags/cpumap",		P(XDP), A(XDP_CPUMAP), SEC_XDP_FRAGS },
	{ "xdp/cpumap",			P(XDP), A(XDP_CPUMAP), SEC_ATTACHABLE },
	{ "xdp.frags",			P(XDP), A(XDP), SEC_XDP_FRAGS },
	{ "xdp",			P(XDP), A(XDP), SEC_ATTACHABLE_OPT },
	{ "perf_event",			P(PERF_EVENT), 0, SEC_NONE },
	{ "lwt_in",			P(LWT_IN), 0, SEC_NONE },
	{ "lwt_out",			P(LWT_OUT), 0, SEC_NONE },
	{ "lwt_xmit",			P(LWT_XMIT), 0, SEC_NONE },
	{ "lwt_seg6local",		P(LWT_SEG6LOCAL), 0, SEC_NONE },
	{ "sockops",			P(SOCK_OPS), A(CGROUP_SOCK_OPS), SEC_ATTACHABLE_OPT },
	{ "sk_skb/stream_parser",	P(SK_SKB), A(SK_SKB_STREAM_PARSER), SEC_ATTACHABLE_OPT },
	{ "sk_skb/stream_verdict",	P(SK_SKB), A(SK_SKB_STREAM_VERDICT), SEC_ATTACHABLE_OPT },
	{ "sk_skb",			P(SK_SKB), 0, SEC_NONE },
	{ "sk_msg",			P(SK_MSG), A(SK_MSG_VERDICT), SEC_ATTACHABLE_OPT },
	{ "lirc_mode2",			P(LIRC_MODE2), A(LIRC_MODE2), SEC_ATTACHABLE_OPT },
	{ "flow_dissector",		P(FLOW_DISSECTOR), A(FLOW_DISSECTOR), SEC_ATTACHABLE_OPT },
	{ "cgroup_skb/ingress",		P(CGROUP_SKB), A(CGROUP_INET_INGRESS), SEC_ATTACHABLE_OPT },
	{ "cgroup_skb/egress",		P(CGROUP_SKB), A(CGROUP_INET_EGRESS), SEC_ATTACHABLE_OPT },
	{ "cgroup/skb",			P(CGROUP_SKB), 0, SEC_NONE },
	{ "cgroup/sock_create",		P(CGROUP_SOCK), A(CGROUP_INET_SOCK_CREATE), SEC_ATTACHABLE },
	{ "cgroup/sock_release",	P(CGROUP_SOCK), A(CGROUP_INET_SOCK_RELEASE), SEC_ATTACHABLE },
	{ "cgroup/sock",		P(CGROUP_SOCK), A(CGROUP_INET_SOCK_CREATE), SEC_ATTACHABLE_OPT },
	{ "cgroup/post_bind4",		P(CGROUP_SOCK), A(CGROUP_INET4_POST_BIND), SEC_ATTACHABLE },
	{ "cgroup/post_bind6",		P(CGROUP_SOCK), A(CGROUP_INET6_POST_BIND), SEC_ATTACHABLE },
	{ "cgroup/bind4",		P(CGROUP_SOCK_ADDR), A(CGROUP_INET4_BIND), SEC_ATTACHABLE },
	{ "cgroup/bind6",		P(CGROUP_SOCK_ADDR), A(CGROUP_INET6_BIND), SEC_ATTACHABLE },
	{ "cgroup/connect4",		P(CGROUP_SOCK_ADDR), A(CGROUP_INET4_CONNECT), SEC_ATTACHABLE },
	{ "cgroup/connect6",		P(CGROUP_SOCK_ADDR), A(CGROUP_INET6_CONNECT), SEC_ATTACHABLE },
	{ "cgroup/connect_unix",	P(CGROUP_SOCK_ADDR), A(CGROUP_UNIX_CONNECT), SEC_ATTACHABLE },
	{ "cgroup/sendmsg4",		P(CGROUP_SOCK_ADDR), A(CGROUP_UDP4_SENDMSG), SEC_ATTACHABLE },
	{ "cgroup/sendmsg6",		P(CGROUP_SOCK_ADDR), A(CGROUP_UDP6_SENDMSG), SEC_ATTACHABLE },
	{ "cgroup/sendmsg_unix",	P(CGROUP_SOCK_ADDR), A(CGROUP_UNIX_SENDMSG), SEC_ATTACHABLE },
	{ "cgroup/recvmsg4",		P(CGROUP_SOCK_ADDR), A(CGROUP_UDP4_RECVMSG), SEC_ATTACHABLE },
	{ "cgroup/recvmsg6",		P(CGROUP_SOCK_ADDR), A(CGROUP_UDP6_RECVMSG), SEC_ATTACHABLE },
	{ "cgroup/recvmsg_unix",	P(CGROUP_SOCK_ADDR), A(CGROUP_UNIX_RECVMSG), SEC_ATTACHABLE },
	{ "cgroup/getpeername4",	P(CGROUP_SOCK_ADDR), A(CGROUP_INET4_GETPEERNAME), SEC_ATTACHABLE },
	{ "cgroup/getpeername6",	P(CGROUP_SOCK_ADDR), A(CGROUP_INET6_GETPEERNAME), SEC_ATTACHABLE },
	{ "cgroup/getpeername_unix",	P(CGROUP_SOCK_ADDR), A(CGROUP_UNIX_GETPEERNAME), SEC_ATTACHABLE },
	{ "cgroup/getsockname4",	P(CGROUP_SOCK_ADDR), A(CGROUP_INET4_GETSOCKNAME), SEC_ATTACHABLE },
	{ "cgroup/getsockname6",	P(CGROUP_SOCK_ADDR), A(CGROUP_INET6_GETSOCKNAME), SEC_ATTACHABLE },
	{ "cgroup/getsockname_unix",	P(CGROUP_SOCK_ADDR), A(CGROUP_UNIX_GETSOCKNAME), SEC_ATTACHABLE },
	{ "cgroup/sysctl",		P(CGROUP_SYSCTL), A(CGROUP_SYSCTL), SEC_ATTACHABLE },
	{ "cgroup/getsockopt",		P(CGROUP_SOCKOPT), A(CGROUP_GETSOCKOPT), SEC_ATTACHABLE },
	{ "cgroup/setsockopt",		P(CGROUP_SOCKOPT), A(CGROUP_SETSOCKOPT), SEC_ATTACHABLE },
	{ "cgroup/dev",			P(CGROUP_DEVICE), A(CGROUP_DEVICE), SEC_ATTACHABLE_OPT },
	{ "struct_ops+",		P(STRUCT_OPS), 0, SEC_NONE },
	{ "struct_ops.s+",		P(STRUCT_OPS), 0, SEC_SLEEPABLE },
	{ "sk_lookup",			P(SK_LOOKUP), A(SK_LOOKUP), SEC_ATTACHABLE },
	{ "netfilter",			P(NETFILTER), A(NETFILTER), SEC_NONE },
};

static const char *const prog_type_names[] = {
	[P(UNSPEC)] = "unspec",			[P(SOCKET_FILTER)] = "socket_filter",
	[P(KPROBE)] = "kprobe",			[P(SCHED_CLS)] = "sched_cls",
	[P(SCHED_ACT)] = "sched_act",		[P(TRACEPOINT)] = "tracepoint",
	[P(XDP)] = "xdp",			[P(PERF_EVENT)] = "perf_event",
	[P(CGROUP_SKB)] = "cgroup_skb",		[P(CGROUP_SOCK)] = "cgroup_sock",
	[P(LWT_IN)] = "lwt_in",			[P(LWT_OUT)] = "lwt_out",
	[P(LWT_XMIT)] = "lwt_xmit",		[P(SOCK_OPS)] = "sock_ops",
	[P(SK_SKB)] = "sk_skb",			[P(CGROUP_DEVICE)] = "cgroup_device",
	[P(SK_MSG)] = "sk_msg",			[P(RAW_TRACEPOINT)] = "raw_tracepoint",
	[P(CGROUP_SOCK_ADDR)] = "cgroup_sock_addr", [P(LWT_SEG6LOCAL)] = "lwt_seg6local",
	[P(LIRC_MODE2)] = "lirc_mode2",		[P(SK_REUSEPORT)] = "sk_reuseport",
	[P(FLOW_DISSECTOR)] = "flow_dissector",	[P(CGROUP_SYSCTL)] = "cgroup_sysctl",
	[P(RAW_TRACEPOINT_WRITABLE)] = "raw_tracepoint_writable",
	[P(CGROUP_SOCKOPT)] = "cgroup_sockopt",	[P(TRACING)] = "tracing",
	[P(STRUCT_OPS)] = "struct_ops",		[P(EXT)] = "ext",
	[P(LSM)] = "lsm",			[P(SK_LOOKUP)] = "sk_lookup",
	[P(SYSCALL)] = "syscall",		[P(NETFILTER)] = "netfilter",
};

static const char *const attach_type_names[] = {
	[A(CGROUP_INET_INGRESS)] = "cgroup_inet_ingress",
	[A(CGROUP_INET_EGRESS)] = "cgroup_inet_egress",
	[A(CGROUP_INET_SOCK_CREATE)] = "cgroup_inet_sock_create",
	[A(CGROUP_INET_SOCK_RELEASE)] = "cgroup_inet_sock_release",
	[A(CGROUP_SOCK_OPS)] = "cgroup_sock_ops",
	[A(CGROUP_DEVICE)] = "cgroup_device",
	[A(CGROUP_INET4_BIND)] = "cgroup_inet4_bind",
	[A(CGROUP_INET6_BIND)] = "cgroup_inet6_bind",
	[A(CGROUP_INET4_CONNECT)] = "cgroup_inet4_connect",
	[A(CGROUP_INET6_CONNECT)] = "cgroup_inet6_connect",
	[A(CGROUP_UNIX_CONNECT)] = "cgroup_unix_connect",
	[A(CGROUP_INET4_POST_BIND)] = "cgroup_inet4_post_bind",
	[A(CGROUP_INET6_POST_BIND)] = "cgroup_inet6_post_bind",
	[A(CGROUP_INET4_GETPEERNAME)] = "cgroup_inet4_getpeername",
	[A(CGROUP_INET6_GETPEERNAME)] = "cgroup_inet6_getpeername",
	[A(CGROUP_UNIX_GETPEERNAME)] = "cgroup_unix_getpeername",
	[A(CGROUP_INET4_GETSOCKNAME)] = "cgroup_inet4_getsockname",
	[A(CGROUP_INET6_GETSOCKNAME)] = "cgroup_inet6_getsockname",
	[A(CGROUP_UNIX_GETSOCKNAME)] = "cgroup_unix_getsockname",
	[A(CGROUP_UDP4_SENDMSG)] = "cgroup_udp4_sendmsg",
	[A(CGROUP_UDP6_SENDMSG)] = "cgroup_udp6_sendmsg",
	[A(CGROUP_UNIX_SENDMSG)] = "cgroup_unix_sendmsg",
	[A(CGROUP_SYSCTL)] = "cgroup_sysctl",
	[A(CGROUP_UDP4_RECVMSG)] = "cgroup_udp4_recvmsg",
	[A(CGROUP_UDP6_RECVMSG)] = "cgroup_udp6_recvmsg",
	[A(CGROUP_UNIX_RECVMSG)] = "cgroup_unix_recvmsg",
	[A(CGROUP_GETSOCKOPT)] = "cgroup_getsockopt",
	[A(CGROUP_SETSOCKOPT)] = "cgroup_setsockopt",
	[A(SK_SKB_STREAM_PARSER)] = "sk_skb_stream_parser",
	[A(SK_SKB_STREAM_VERDICT)] = "sk_skb_stream_verdict",
	[A(SK_SKB_VERDICT)] = "sk_skb_verdict",
	[A(SK_MSG_VERDICT)] = "sk_msg_verdict",
	[A(LIRC_MODE2)] = "lirc_mode2",
	[A(FLOW_DISSECTOR)] = "flow_dissector",
	[A(TRACE_RAW_TP)] = "trace_raw_tp",
	[A(TRACE_FENTRY)] = "trace_fentry",
	[A(TRACE_FEXIT)] = "trace_fexit",
	[A(MODIFY_RETURN)] = "modify_return",
	[A(LSM_MAC)] = "lsm_mac",
	[A(LSM_CGROUP)] = "lsm_cgroup",
	[A(SK_LOOKUP)] = "sk_lookup",
	[A(TRACE_ITER)] = "trace_iter",
	[A(XDP_DEVMAP)] = "xdp_devmap",
	[A(XDP_CPUMAP)] = "xdp_cpumap",
	[A(XDP)] = "xdp",
	[A(SK_REUSEPORT_SELECT)] = "sk_reuseport_select",
	[A(SK_REUSEPORT_SELECT_OR_MIGRATE)] = "sk_reuseport_select_or_migrate",
	[A(PERF_EVENT)] = "perf_event",
	[A(TRACE_KPROBE_MULTI)] = "trace_kprobe_multi",
	[A(STRUCT_OPS)] = "struct_ops",
	[A(NETFILTER)] = "netfilter",
	[A(TCX_INGRESS)] = "tcx_ingress",
	[A(TCX_EGRESS)] = "tcx_egress",
	[A(TRACE_UPROBE_MULTI)] = "trace_uprobe_multi",
	[A(NETKIT_PRIMARY)] = "netkit_primary",
	[A(NETKIT_PEER)] = "netkit_peer",
	[A(TRACE_KPROBE_SESSION)] = "trace_kprobe_session",
	[A(TRACE_UPROBE_SESSION)] = "trace_uprobe_session",
};

#define M(x) HIVE_MAP_TYPE_##x
static const char *const map_type_names[] = {
	[M(UNSPEC)] = "unspec",			[M(HASH)] = "hash",
	[M(ARRAY)] = "array",			[M(PROG_ARRAY)] = "prog_array",
	[M(PERF_EVENT_ARRAY)] = "perf_event_array", [M(PERCPU_HASH)] = "percpu_hash",
	[M(PERCPU_ARRAY)] = "percpu_array",	[M(STACK_TRACE)] = "stack_trace",
	[M(CGROUP_ARRAY)] = "cgroup_array",	[M(LRU_HASH)] = "lru_hash",
	[M(LRU_PERCPU_HASH)] = "lru_percpu_hash", [M(LPM_TRIE)] = "lpm_trie",
	[M(ARRAY_OF_MAPS)] = "array_of_maps",	[M(HASH_OF_MAPS)] = "hash_of_maps",
	[M(DEVMAP)] = "devmap",			[M(DEVMAP_HASH)] = "devmap_hash",
	[M(SOCKMAP)] = "sockmap",		[M(CPUMAP)] = "cpumap",
	[M(XSKMAP)] = "xskmap",			[M(SOCKHASH)] = "sockhash",
	[M(CGROUP_STORAGE)] = "cgroup_storage",	[M(REUSEPORT_SOCKARRAY)] = "reuseport_sockarray",
	[M(PERCPU_CGROUP_STORAGE)] = "percpu_cgroup_storage",
	[M(QUEUE)] = "queue",			[M(STACK)] = "stack",
	[M(SK_STORAGE)] = "sk_storage",		[M(STRUCT_OPS)] = "struct_ops",
	[M(RINGBUF)] = "ringbuf",		[M(INODE_STORAGE)] = "inode_storage",
	[M(TASK_STORAGE)] = "task_storage",	[M(BLOOM_FILTER)] = "bloom_filter",
	[M(USER_RINGBUF)] = "user_ringbuf",	[M(CGRP_STORAGE)] = "cgrp_storage",
	[M(ARENA)] = "arena",
};
// clang-format on

static bool sec_def_matches(const struct sec_def *def, const char *name)
{
	size_t len = strlen(def->sec);

	if (def->sec[len - 1] == '/')
		return !strncmp(name, def->sec, len);
	if (def->sec[len - 1] == '+') {
		len--;
		if (strncmp(name, def->sec, len))
			return false;
		return name[len] == '\0' || name[len] == '/';
	}
	return !strcmp(name, def->sec);
}

const struct sec_def *sec_def_find(const char *sec_name)
{
	for (size_t i = 0; i < ARRAY_SIZE(sec_defs); i++)
		if (sec_def_matches(&sec_defs[i], sec_name))
			return &sec_defs[i];
	return NULL;
}

/* ---- public API ---- */

HIVE_API const char *hive_prog_type_str(enum hive_prog_type t)
{
	if ((unsigned int)t >= ARRAY_SIZE(prog_type_names))
		return NULL;
	return prog_type_names[t];
}

HIVE_API const char *hive_attach_type_str(enum hive_attach_type t)
{
	if ((unsigned int)t >= ARRAY_SIZE(attach_type_names))
		return NULL;
	return attach_type_names[t];
}

HIVE_API const char *hive_map_type_str(enum hive_map_type t)
{
	if ((unsigned int)t >= ARRAY_SIZE(map_type_names))
		return NULL;
	return map_type_names[t];
}

HIVE_API int hive_prog_type_by_name(const char *sec, enum hive_prog_type *prog_type,
				    enum hive_attach_type *attach_type)
{
	const struct sec_def *def;

	if (!sec || !prog_type || !attach_type)
		return hive_err(-EINVAL);
	def = sec_def_find(sec);
	if (!def)
		return hive_err(-ESRCH);
	*prog_type = def->prog_type;
	*attach_type = def->attach_type;
	return 0;
}
