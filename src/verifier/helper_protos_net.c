// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/helper_protos_net.c: the networking helpers' prototypes (net/core/filter.c,
 * net/core/bpf_sk_storage.c of Linux 6.18, with this kernel's configuration: INET, IPV6, XFRM,
 * CGROUP_NET_CLASSID, SOCK_CGROUP_DATA, NET_SCHED, SYN_COOKIES) and the get_func_proto() of
 * SOCKET_FILTER, SCHED_CLS, SCHED_ACT, XDP and CGROUP_SKB, plus the networking part of
 * tracing_prog_func_proto().
 */
#include <stddef.h>
#include <string.h>

#include "verifier/protos_internal.h"

#define CTX_ONLY(sym, kname) PROTO(sym, kname, .ret_type = RET_INTEGER, ARGS(ARG_PTR_TO_CTX))

/* ---- reading and writing the packet ---- */

static PROTO(bpf_skb_load_bytes_proto, "bpf_skb_load_bytes", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE));
static PROTO(bpf_skb_load_bytes_relative_proto, "bpf_skb_load_bytes_relative",
	     .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE,
		  ARG_ANYTHING));
static PROTO(bpf_skb_store_bytes_proto, "bpf_skb_store_bytes", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING, RDONLY_MEM, ARG_CONST_SIZE, ARG_ANYTHING));
static PROTO(bpf_skb_pull_data_proto, "bpf_skb_pull_data", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING));
static PROTO(bpf_csum_diff_proto, "bpf_csum_diff", .pkt_access = true, .ret_type = RET_INTEGER,
	     ARGS(RDONLY_MEM_OR_NULL, ARG_CONST_SIZE_OR_ZERO, RDONLY_MEM_OR_NULL,
		  ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING));
static PROTO(bpf_csum_update_proto, "bpf_csum_update", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING));
static PROTO(bpf_csum_level_proto, "bpf_csum_level", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING));
static PROTO(bpf_l3_csum_replace_proto, "bpf_l3_csum_replace", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING));
static PROTO(bpf_l4_csum_replace_proto, "bpf_l4_csum_replace", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING));

/* ---- reshaping the packet ---- */

static PROTO(bpf_skb_vlan_push_proto, "bpf_skb_vlan_push", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING));
static CTX_ONLY(bpf_skb_vlan_pop_proto, "bpf_skb_vlan_pop");
static PROTO(bpf_skb_change_proto_proto, "bpf_skb_change_proto", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING));
static PROTO(bpf_skb_change_type_proto, "bpf_skb_change_type", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING));
static PROTO(bpf_skb_adjust_room_proto, "bpf_skb_adjust_room", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING, ARG_ANYTHING));
static PROTO(bpf_skb_change_tail_proto, "bpf_skb_change_tail", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING));
static PROTO(bpf_skb_change_head_proto, "bpf_skb_change_head", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING));
static PROTO(bpf_skb_get_tunnel_key_proto, "bpf_skb_get_tunnel_key", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE, ARG_ANYTHING));
static PROTO(bpf_skb_get_tunnel_opt_proto, "bpf_skb_get_tunnel_opt", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE));
static PROTO(bpf_skb_set_tunnel_key_proto, "bpf_skb_set_tunnel_key", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, RDONLY_MEM, ARG_CONST_SIZE, ARG_ANYTHING));
static PROTO(bpf_skb_set_tunnel_opt_proto, "bpf_skb_set_tunnel_opt", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, RDONLY_MEM, ARG_CONST_SIZE));
static PROTO(bpf_skb_get_xfrm_state_proto, "bpf_skb_get_xfrm_state", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE,
		  ARG_ANYTHING));
static PROTO(bpf_skb_set_tstamp_proto, "bpf_skb_set_tstamp", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING));

/* ---- redirects and routing ---- */

static PROTO(bpf_clone_redirect_proto, "bpf_clone_redirect", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_ANYTHING));
static PROTO(bpf_redirect_proto, "bpf_redirect", .ret_type = RET_INTEGER,
	     ARGS(ARG_ANYTHING, ARG_ANYTHING));
static PROTO(bpf_redirect_peer_proto, "bpf_redirect_peer", .ret_type = RET_INTEGER,
	     ARGS(ARG_ANYTHING, ARG_ANYTHING));
static PROTO(bpf_redirect_neigh_proto, "bpf_redirect_neigh", .ret_type = RET_INTEGER,
	     ARGS(ARG_ANYTHING, RDONLY_MEM_OR_NULL, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING));
static PROTO(bpf_skb_fib_lookup_proto, "bpf_skb_fib_lookup", .gpl_only = true,
	     .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, WRITE_MEM, ARG_CONST_SIZE, ARG_ANYTHING));
static PROTO(bpf_skb_check_mtu_proto, "bpf_skb_check_mtu", .gpl_only = true,
	     .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_FIXED_SIZE_MEM | MEM_WRITE | MEM_ALIGNED,
		  ARG_ANYTHING, ARG_ANYTHING),
	     .arg3_size = 4);
static CTX_ONLY(bpf_get_route_realm_proto, "bpf_get_route_realm");
static CTX_ONLY(bpf_get_hash_recalc_proto, "bpf_get_hash_recalc");
static CTX_ONLY(bpf_set_hash_invalid_proto, "bpf_set_hash_invalid");
static PROTO(bpf_set_hash_proto, "bpf_set_hash", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING));

/* ---- skb metadata ---- */

static CTX_ONLY(bpf_get_cgroup_classid_proto, "bpf_get_cgroup_classid");
static CTX_ONLY(bpf_skb_cgroup_classid_proto, "bpf_skb_cgroup_classid");
static PROTO(bpf_skb_under_cgroup_proto, "bpf_skb_under_cgroup", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING));
static CTX_ONLY(bpf_skb_cgroup_id_proto, "bpf_skb_cgroup_id");
static PROTO(bpf_skb_ancestor_cgroup_id_proto, "bpf_skb_ancestor_cgroup_id",
	     .ret_type = RET_INTEGER, ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING));
static PROTO(bpf_sk_cgroup_id_proto, "bpf_sk_cgroup_id", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_BTF_ID_SOCK_COMMON));
static PROTO(bpf_sk_ancestor_cgroup_id_proto, "bpf_sk_ancestor_cgroup_id", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_BTF_ID_SOCK_COMMON, ARG_ANYTHING));
static CTX_ONLY(bpf_get_socket_cookie_proto, "bpf_get_socket_cookie");
static PROTO(bpf_get_netns_cookie_proto, "bpf_get_netns_cookie", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX_OR_NULL));
static CTX_ONLY(bpf_get_socket_uid_proto, "bpf_get_socket_uid");
static CTX_ONLY(bpf_skb_ecn_set_ce_proto, "bpf_skb_ecn_set_ce");
static PROTO(bpf_skb_event_output_proto, "bpf_skb_event_output", .gpl_only = true,
	     .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING, RDONLY_MEM,
		  ARG_CONST_SIZE_OR_ZERO));

/* ---- sockets ---- */

#define SK_LOOKUP(sym, kname, ret, pkt)                                              \
	PROTO(sym, kname, .pkt_access = pkt, .ret_type = ret,                        \
	      ARGS(ARG_PTR_TO_CTX, RDONLY_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING, \
		   ARG_ANYTHING))

static SK_LOOKUP(bpf_sk_lookup_tcp_proto, "bpf_sk_lookup_tcp", RET_PTR_TO_SOCKET_OR_NULL, true);
static SK_LOOKUP(bpf_sk_lookup_udp_proto, "bpf_sk_lookup_udp", RET_PTR_TO_SOCKET_OR_NULL, true);
static SK_LOOKUP(bpf_skc_lookup_tcp_proto, "bpf_skc_lookup_tcp", RET_PTR_TO_SOCK_COMMON_OR_NULL,
		 true);
static SK_LOOKUP(bpf_tc_sk_lookup_tcp_proto, "bpf_tc_sk_lookup_tcp", RET_PTR_TO_SOCKET_OR_NULL,
		 true);
static SK_LOOKUP(bpf_tc_sk_lookup_udp_proto, "bpf_tc_sk_lookup_udp", RET_PTR_TO_SOCKET_OR_NULL,
		 true);
static SK_LOOKUP(bpf_tc_skc_lookup_tcp_proto, "bpf_tc_skc_lookup_tcp",
		 RET_PTR_TO_SOCK_COMMON_OR_NULL, true);
static SK_LOOKUP(bpf_xdp_sk_lookup_tcp_proto, "bpf_xdp_sk_lookup_tcp", RET_PTR_TO_SOCKET_OR_NULL,
		 true);
static SK_LOOKUP(bpf_xdp_sk_lookup_udp_proto, "bpf_xdp_sk_lookup_udp", RET_PTR_TO_SOCKET_OR_NULL,
		 true);
static SK_LOOKUP(bpf_xdp_skc_lookup_tcp_proto, "bpf_xdp_skc_lookup_tcp",
		 RET_PTR_TO_SOCK_COMMON_OR_NULL, true);
static PROTO(bpf_sk_release_proto, "bpf_sk_release", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_BTF_ID_SOCK_COMMON | OBJ_RELEASE));
static PROTO(bpf_sk_fullsock_proto, "bpf_sk_fullsock", .ret_type = RET_PTR_TO_SOCKET_OR_NULL,
	     ARGS(ARG_PTR_TO_SOCK_COMMON));
static PROTO(bpf_tcp_sock_proto, "bpf_tcp_sock", .ret_type = RET_PTR_TO_TCP_SOCK_OR_NULL,
	     ARGS(ARG_PTR_TO_SOCK_COMMON));
static PROTO(bpf_get_listener_sock_proto, "bpf_get_listener_sock",
	     .ret_type = RET_PTR_TO_SOCKET_OR_NULL, ARGS(ARG_PTR_TO_SOCK_COMMON));
static PROTO(bpf_sk_assign_proto, "bpf_sk_assign", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_PTR_TO_BTF_ID_SOCK_COMMON, ARG_ANYTHING));

#define SYNCOOKIE(sym, kname)                                                             \
	PROTO(sym, kname, .gpl_only = true, .pkt_access = true, .ret_type = RET_INTEGER,  \
	      ARGS(ARG_PTR_TO_BTF_ID_SOCK_COMMON, RDONLY_MEM, ARG_CONST_SIZE, RDONLY_MEM, \
		   ARG_CONST_SIZE))

static SYNCOOKIE(bpf_tcp_check_syncookie_proto, "bpf_tcp_check_syncookie");
static SYNCOOKIE(bpf_tcp_gen_syncookie_proto, "bpf_tcp_gen_syncookie");

#define RDONLY_FIXED (ARG_PTR_TO_FIXED_SIZE_MEM | MEM_RDONLY)

static PROTO(bpf_tcp_raw_gen_syncookie_ipv4_proto, "bpf_tcp_raw_gen_syncookie_ipv4",
	     .gpl_only = true, .pkt_access = true, .ret_type = RET_INTEGER,
	     ARGS(RDONLY_FIXED, RDONLY_MEM, ARG_CONST_SIZE_OR_ZERO), .arg1_size = 20);
static PROTO(bpf_tcp_raw_gen_syncookie_ipv6_proto, "bpf_tcp_raw_gen_syncookie_ipv6",
	     .gpl_only = true, .pkt_access = true, .ret_type = RET_INTEGER,
	     ARGS(RDONLY_FIXED, RDONLY_MEM, ARG_CONST_SIZE_OR_ZERO), .arg1_size = 40);
static PROTO(bpf_tcp_raw_check_syncookie_ipv4_proto, "bpf_tcp_raw_check_syncookie_ipv4",
	     .gpl_only = true, .pkt_access = true, .ret_type = RET_INTEGER,
	     ARGS(RDONLY_FIXED, RDONLY_FIXED), .arg1_size = 20, .arg2_size = 20);
static PROTO(bpf_tcp_raw_check_syncookie_ipv6_proto, "bpf_tcp_raw_check_syncookie_ipv6",
	     .gpl_only = true, .pkt_access = true, .ret_type = RET_INTEGER,
	     ARGS(RDONLY_FIXED, RDONLY_FIXED), .arg1_size = 40, .arg2_size = 20);

/* sk storage (net/core/bpf_sk_storage.c) */
PROTO(bpf_sk_storage_get_proto, "bpf_sk_storage_get", .ret_type = RET_PTR_TO_MAP_VALUE_OR_NULL,
      ARGS(ARG_CONST_MAP_PTR, ARG_PTR_TO_BTF_ID_SOCK_COMMON, ARG_PTR_TO_MAP_VALUE_OR_NULL,
	   ARG_ANYTHING));
PROTO(bpf_sk_storage_delete_proto, "bpf_sk_storage_delete", .ret_type = RET_INTEGER,
      ARGS(ARG_CONST_MAP_PTR, ARG_PTR_TO_BTF_ID_SOCK_COMMON));

/* bpf_sk_storage_tracing_allowed(): not from a program tracing bpf_sk_storage* itself. */
static bool sk_storage_tracing_allowed(const struct hive_prog_desc *prog)
{
	switch (prog->expected_attach_type) {
	case BPF_TRACE_ITER:
	case BPF_TRACE_RAW_TP:
		return true;
	case BPF_TRACE_FENTRY:
	case BPF_TRACE_FEXIT:
		return !prog->attach_func_name ||
		       strncmp(prog->attach_func_name, "bpf_sk_storage", 14) != 0;
	default:
		return false;
	}
}

PROTO(bpf_sk_storage_get_tracing_proto, "bpf_sk_storage_get_tracing",
      .ret_type = RET_PTR_TO_MAP_VALUE_OR_NULL,
      ARGS(ARG_CONST_MAP_PTR, ARG_PTR_TO_BTF_ID_OR_NULL, ARG_PTR_TO_MAP_VALUE_OR_NULL,
	   ARG_ANYTHING),
      .arg2_btf_id = "sock_common", .allowed = sk_storage_tracing_allowed);
PROTO(bpf_sk_storage_delete_tracing_proto, "bpf_sk_storage_delete_tracing", .ret_type = RET_INTEGER,
      ARGS(ARG_CONST_MAP_PTR, ARG_PTR_TO_BTF_ID_OR_NULL), .arg2_btf_id = "sock_common",
      .allowed = sk_storage_tracing_allowed);

/* BTF socket casts */
#define SKC_TO(sym, kname, target, arg) \
	PROTO(sym, kname, .ret_type = RET_PTR_TO_BTF_ID_OR_NULL, .ret_btf_id = target, ARGS(arg))

SKC_TO(bpf_skc_to_tcp6_sock_proto, "bpf_skc_to_tcp6_sock", "tcp6_sock",
       ARG_PTR_TO_BTF_ID_SOCK_COMMON);
SKC_TO(bpf_skc_to_tcp_sock_proto, "bpf_skc_to_tcp_sock", "tcp_sock", ARG_PTR_TO_BTF_ID_SOCK_COMMON);
SKC_TO(bpf_skc_to_tcp_timewait_sock_proto, "bpf_skc_to_tcp_timewait_sock", "tcp_timewait_sock",
       ARG_PTR_TO_BTF_ID_SOCK_COMMON);
SKC_TO(bpf_skc_to_tcp_request_sock_proto, "bpf_skc_to_tcp_request_sock", "tcp_request_sock",
       ARG_PTR_TO_BTF_ID_SOCK_COMMON);
SKC_TO(bpf_skc_to_udp6_sock_proto, "bpf_skc_to_udp6_sock", "udp6_sock",
       ARG_PTR_TO_BTF_ID_SOCK_COMMON);
SKC_TO(bpf_skc_to_unix_sock_proto, "bpf_skc_to_unix_sock", "unix_sock",
       ARG_PTR_TO_BTF_ID_SOCK_COMMON);
SKC_TO(bpf_skc_to_mptcp_sock_proto, "bpf_skc_to_mptcp_sock", "mptcp_sock", ARG_PTR_TO_SOCK_COMMON);
PROTO(bpf_sock_from_file_proto, "bpf_sock_from_file", .ret_type = RET_PTR_TO_BTF_ID_OR_NULL,
      .ret_btf_id = "socket", ARGS(ARG_PTR_TO_BTF_ID), .arg1_btf_id = "file");
PROTO(bpf_get_socket_ptr_cookie_proto, "bpf_get_socket_ptr_cookie", .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_BTF_ID_SOCK_COMMON | PTR_MAYBE_NULL));

/* {get,set}sockopt on a BTF socket (tracing, lsm_cgroup, struct_ops) */
#define SK_SETSOCKOPT(sym, kname)                                                         \
	PROTO(sym, kname, .ret_type = RET_INTEGER,                                        \
	      ARGS(ARG_PTR_TO_BTF_ID_SOCK_COMMON, ARG_ANYTHING, ARG_ANYTHING, RDONLY_MEM, \
		   ARG_CONST_SIZE))
#define SK_GETSOCKOPT(sym, kname)                                             \
	PROTO(sym, kname, .ret_type = RET_INTEGER,                            \
	      ARGS(ARG_PTR_TO_BTF_ID_SOCK_COMMON, ARG_ANYTHING, ARG_ANYTHING, \
		   ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE))

SK_SETSOCKOPT(bpf_sk_setsockopt_proto, "bpf_sk_setsockopt");
SK_GETSOCKOPT(bpf_sk_getsockopt_proto, "bpf_sk_getsockopt");
SK_SETSOCKOPT(bpf_unlocked_sk_setsockopt_proto, "bpf_unlocked_sk_setsockopt");
SK_GETSOCKOPT(bpf_unlocked_sk_getsockopt_proto, "bpf_unlocked_sk_getsockopt");

/* ---- XDP ---- */

static PROTO(bpf_xdp_event_output_proto, "bpf_xdp_event_output", .gpl_only = true,
	     .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING, RDONLY_MEM,
		  ARG_CONST_SIZE_OR_ZERO));
static PROTO(bpf_xdp_adjust_head_proto, "bpf_xdp_adjust_head", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING));
static PROTO(bpf_xdp_adjust_meta_proto, "bpf_xdp_adjust_meta", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING));
static PROTO(bpf_xdp_adjust_tail_proto, "bpf_xdp_adjust_tail", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING));
static CTX_ONLY(bpf_xdp_get_buff_len_proto, "bpf_xdp_get_buff_len");
static PROTO(bpf_xdp_load_bytes_proto, "bpf_xdp_load_bytes", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE));
static PROTO(bpf_xdp_store_bytes_proto, "bpf_xdp_store_bytes", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING, RDONLY_MEM, ARG_CONST_SIZE));
static PROTO(bpf_xdp_redirect_proto, "bpf_xdp_redirect", .ret_type = RET_INTEGER,
	     ARGS(ARG_ANYTHING, ARG_ANYTHING));
static PROTO(bpf_xdp_redirect_map_proto, "bpf_xdp_redirect_map", .ret_type = RET_INTEGER,
	     ARGS(ARG_CONST_MAP_PTR, ARG_ANYTHING, ARG_ANYTHING));
static PROTO(bpf_xdp_fib_lookup_proto, "bpf_xdp_fib_lookup", .gpl_only = true,
	     .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, WRITE_MEM, ARG_CONST_SIZE, ARG_ANYTHING));
static PROTO(bpf_xdp_check_mtu_proto, "bpf_xdp_check_mtu", .gpl_only = true,
	     .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING, ARG_PTR_TO_FIXED_SIZE_MEM | MEM_WRITE | MEM_ALIGNED,
		  ARG_ANYTHING, ARG_ANYTHING),
	     .arg3_size = 4);

/* ---- tracing access to networking objects ---- */

PROTO(bpf_skb_output_proto, "bpf_skb_output", .gpl_only = true, .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_BTF_ID, ARG_CONST_MAP_PTR, ARG_ANYTHING, RDONLY_MEM, ARG_CONST_SIZE_OR_ZERO),
      .arg1_btf_id = "sk_buff");
PROTO(bpf_xdp_output_proto, "bpf_xdp_output", .gpl_only = true, .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_BTF_ID, ARG_CONST_MAP_PTR, ARG_ANYTHING, RDONLY_MEM, ARG_CONST_SIZE_OR_ZERO),
      .arg1_btf_id = "xdp_buff");
PROTO(bpf_xdp_get_buff_len_trace_proto, "bpf_xdp_get_buff_len_trace", .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_BTF_ID), .arg1_btf_id = "xdp_buff");

/* ---- get_func_proto ---- */

/* bpf_sk_base_func_proto(): socket casts need CAP_PERFMON. */
static const struct bpf_func_proto *bpf_sk_base_func_proto(int func_id,
							   const struct hive_prog_desc *prog)
{
	const struct bpf_func_proto *fn;

	switch (func_id) {
	case BPF_FUNC_skc_to_tcp6_sock:
		fn = &bpf_skc_to_tcp6_sock_proto;
		break;
	case BPF_FUNC_skc_to_tcp_sock:
		fn = &bpf_skc_to_tcp_sock_proto;
		break;
	case BPF_FUNC_skc_to_tcp_timewait_sock:
		fn = &bpf_skc_to_tcp_timewait_sock_proto;
		break;
	case BPF_FUNC_skc_to_tcp_request_sock:
		fn = &bpf_skc_to_tcp_request_sock_proto;
		break;
	case BPF_FUNC_skc_to_udp6_sock:
		fn = &bpf_skc_to_udp6_sock_proto;
		break;
	case BPF_FUNC_skc_to_unix_sock:
		fn = &bpf_skc_to_unix_sock_proto;
		break;
	case BPF_FUNC_skc_to_mptcp_sock:
		fn = &bpf_skc_to_mptcp_sock_proto;
		break;
	case BPF_FUNC_ktime_get_coarse_ns:
		return &bpf_ktime_get_coarse_ns_proto;
	default:
		return bpf_base_func_proto(func_id, prog);
	}
	return proto_cap_perfmon(prog) ? fn : NULL;
}

static const struct bpf_func_proto *sk_filter_func_proto(int func_id,
							 const struct hive_prog_desc *prog)
{
	switch (func_id) {
	case BPF_FUNC_skb_load_bytes:
		return &bpf_skb_load_bytes_proto;
	case BPF_FUNC_skb_load_bytes_relative:
		return &bpf_skb_load_bytes_relative_proto;
	case BPF_FUNC_get_socket_cookie:
		return &bpf_get_socket_cookie_proto;
	case BPF_FUNC_get_netns_cookie:
		return &bpf_get_netns_cookie_proto;
	case BPF_FUNC_get_socket_uid:
		return &bpf_get_socket_uid_proto;
	case BPF_FUNC_perf_event_output:
		return &bpf_skb_event_output_proto;
	default:
		return bpf_sk_base_func_proto(func_id, prog);
	}
}

/* The socket helpers cgroup skb and tc programs share (CONFIG_INET). */
static const struct bpf_func_proto *skb_sock_func_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_sk_fullsock:
		return &bpf_sk_fullsock_proto;
	case BPF_FUNC_sk_storage_get:
		return &bpf_sk_storage_get_proto;
	case BPF_FUNC_sk_storage_delete:
		return &bpf_sk_storage_delete_proto;
	case BPF_FUNC_skb_cgroup_id:
		return &bpf_skb_cgroup_id_proto;
	case BPF_FUNC_skb_ancestor_cgroup_id:
		return &bpf_skb_ancestor_cgroup_id_proto;
	case BPF_FUNC_sk_release:
		return &bpf_sk_release_proto;
	case BPF_FUNC_tcp_sock:
		return &bpf_tcp_sock_proto;
	case BPF_FUNC_get_listener_sock:
		return &bpf_get_listener_sock_proto;
	case BPF_FUNC_skb_ecn_set_ce:
		return &bpf_skb_ecn_set_ce_proto;
	default:
		return NULL;
	}
}

static const struct bpf_func_proto *cg_skb_func_proto(int func_id,
						      const struct hive_prog_desc *prog)
{
	const struct bpf_func_proto *fn = cgroup_common_func_proto(func_id, prog);

	if (fn)
		return fn;
	fn = skb_sock_func_proto(func_id);
	if (fn)
		return fn;
	switch (func_id) {
	case BPF_FUNC_perf_event_output:
		return &bpf_skb_event_output_proto;
	case BPF_FUNC_sk_cgroup_id:
		return &bpf_sk_cgroup_id_proto;
	case BPF_FUNC_sk_ancestor_cgroup_id:
		return &bpf_sk_ancestor_cgroup_id_proto;
	case BPF_FUNC_sk_lookup_tcp:
		return &bpf_sk_lookup_tcp_proto;
	case BPF_FUNC_sk_lookup_udp:
		return &bpf_sk_lookup_udp_proto;
	case BPF_FUNC_skc_lookup_tcp:
		return &bpf_skc_lookup_tcp_proto;
	default:
		return sk_filter_func_proto(func_id, prog);
	}
}

/* SYN cookies, shared by tc and XDP. */
static const struct bpf_func_proto *syncookie_func_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_tcp_check_syncookie:
		return &bpf_tcp_check_syncookie_proto;
	case BPF_FUNC_tcp_gen_syncookie:
		return &bpf_tcp_gen_syncookie_proto;
	case BPF_FUNC_tcp_raw_gen_syncookie_ipv4:
		return &bpf_tcp_raw_gen_syncookie_ipv4_proto;
	case BPF_FUNC_tcp_raw_gen_syncookie_ipv6:
		return &bpf_tcp_raw_gen_syncookie_ipv6_proto;
	case BPF_FUNC_tcp_raw_check_syncookie_ipv4:
		return &bpf_tcp_raw_check_syncookie_ipv4_proto;
	case BPF_FUNC_tcp_raw_check_syncookie_ipv6:
		return &bpf_tcp_raw_check_syncookie_ipv6_proto;
	default:
		return NULL;
	}
}

/* tc_cls_act_func_proto(), first half: reading and rewriting the packet. */
static const struct bpf_func_proto *tc_packet_func_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_skb_store_bytes:
		return &bpf_skb_store_bytes_proto;
	case BPF_FUNC_skb_load_bytes:
		return &bpf_skb_load_bytes_proto;
	case BPF_FUNC_skb_load_bytes_relative:
		return &bpf_skb_load_bytes_relative_proto;
	case BPF_FUNC_skb_pull_data:
		return &bpf_skb_pull_data_proto;
	case BPF_FUNC_csum_diff:
		return &bpf_csum_diff_proto;
	case BPF_FUNC_csum_update:
		return &bpf_csum_update_proto;
	case BPF_FUNC_csum_level:
		return &bpf_csum_level_proto;
	case BPF_FUNC_l3_csum_replace:
		return &bpf_l3_csum_replace_proto;
	case BPF_FUNC_l4_csum_replace:
		return &bpf_l4_csum_replace_proto;
	case BPF_FUNC_skb_vlan_push:
		return &bpf_skb_vlan_push_proto;
	case BPF_FUNC_skb_vlan_pop:
		return &bpf_skb_vlan_pop_proto;
	case BPF_FUNC_skb_change_proto:
		return &bpf_skb_change_proto_proto;
	case BPF_FUNC_skb_change_type:
		return &bpf_skb_change_type_proto;
	case BPF_FUNC_skb_adjust_room:
		return &bpf_skb_adjust_room_proto;
	case BPF_FUNC_skb_change_tail:
		return &bpf_skb_change_tail_proto;
	case BPF_FUNC_skb_change_head:
		return &bpf_skb_change_head_proto;
	case BPF_FUNC_skb_get_tunnel_key:
		return &bpf_skb_get_tunnel_key_proto;
	case BPF_FUNC_skb_set_tunnel_key:
		return &bpf_skb_set_tunnel_key_proto;
	case BPF_FUNC_skb_get_tunnel_opt:
		return &bpf_skb_get_tunnel_opt_proto;
	case BPF_FUNC_skb_set_tunnel_opt:
		return &bpf_skb_set_tunnel_opt_proto;
	case BPF_FUNC_skb_set_tstamp:
		return &bpf_skb_set_tstamp_proto;
	case BPF_FUNC_skb_get_xfrm_state:
		return &bpf_skb_get_xfrm_state_proto;
	default:
		return NULL;
	}
}

/* tc_cls_act_func_proto(), second half: metadata, redirects, sockets. */
static const struct bpf_func_proto *tc_meta_func_proto(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_clone_redirect:
		return &bpf_clone_redirect_proto;
	case BPF_FUNC_get_cgroup_classid:
		return &bpf_get_cgroup_classid_proto;
	case BPF_FUNC_redirect:
		return &bpf_redirect_proto;
	case BPF_FUNC_redirect_neigh:
		return &bpf_redirect_neigh_proto;
	case BPF_FUNC_redirect_peer:
		return &bpf_redirect_peer_proto;
	case BPF_FUNC_get_route_realm:
		return &bpf_get_route_realm_proto;
	case BPF_FUNC_get_hash_recalc:
		return &bpf_get_hash_recalc_proto;
	case BPF_FUNC_set_hash_invalid:
		return &bpf_set_hash_invalid_proto;
	case BPF_FUNC_set_hash:
		return &bpf_set_hash_proto;
	case BPF_FUNC_perf_event_output:
		return &bpf_skb_event_output_proto;
	case BPF_FUNC_get_smp_processor_id:
		return &bpf_get_smp_processor_id_proto;
	case BPF_FUNC_skb_under_cgroup:
		return &bpf_skb_under_cgroup_proto;
	case BPF_FUNC_get_socket_cookie:
		return &bpf_get_socket_cookie_proto;
	case BPF_FUNC_get_netns_cookie:
		return &bpf_get_netns_cookie_proto;
	case BPF_FUNC_get_socket_uid:
		return &bpf_get_socket_uid_proto;
	case BPF_FUNC_fib_lookup:
		return &bpf_skb_fib_lookup_proto;
	case BPF_FUNC_check_mtu:
		return &bpf_skb_check_mtu_proto;
	case BPF_FUNC_skb_cgroup_classid:
		return &bpf_skb_cgroup_classid_proto;
	case BPF_FUNC_sk_lookup_tcp:
		return &bpf_tc_sk_lookup_tcp_proto;
	case BPF_FUNC_sk_lookup_udp:
		return &bpf_tc_sk_lookup_udp_proto;
	case BPF_FUNC_skc_lookup_tcp:
		return &bpf_tc_skc_lookup_tcp_proto;
	case BPF_FUNC_sk_assign:
		return &bpf_sk_assign_proto;
	default:
		return NULL;
	}
}

static const struct bpf_func_proto *tc_cls_act_func_proto(int func_id,
							  const struct hive_prog_desc *prog)
{
	const struct bpf_func_proto *fn = tc_packet_func_proto(func_id);

	if (!fn)
		fn = tc_meta_func_proto(func_id);
	if (!fn)
		fn = skb_sock_func_proto(func_id);
	if (!fn)
		fn = syncookie_func_proto(func_id);
	return fn ? fn : bpf_sk_base_func_proto(func_id, prog);
}

static const struct bpf_func_proto *xdp_func_proto(int func_id, const struct hive_prog_desc *prog)
{
	switch (func_id) {
	case BPF_FUNC_perf_event_output:
		return &bpf_xdp_event_output_proto;
	case BPF_FUNC_get_smp_processor_id:
		return &bpf_get_smp_processor_id_proto;
	case BPF_FUNC_csum_diff:
		return &bpf_csum_diff_proto;
	case BPF_FUNC_xdp_adjust_head:
		return &bpf_xdp_adjust_head_proto;
	case BPF_FUNC_xdp_adjust_meta:
		return &bpf_xdp_adjust_meta_proto;
	case BPF_FUNC_redirect:
		return &bpf_xdp_redirect_proto;
	case BPF_FUNC_redirect_map:
		return &bpf_xdp_redirect_map_proto;
	case BPF_FUNC_xdp_adjust_tail:
		return &bpf_xdp_adjust_tail_proto;
	case BPF_FUNC_xdp_get_buff_len:
		return &bpf_xdp_get_buff_len_proto;
	case BPF_FUNC_xdp_load_bytes:
		return &bpf_xdp_load_bytes_proto;
	case BPF_FUNC_xdp_store_bytes:
		return &bpf_xdp_store_bytes_proto;
	case BPF_FUNC_fib_lookup:
		return &bpf_xdp_fib_lookup_proto;
	case BPF_FUNC_check_mtu:
		return &bpf_xdp_check_mtu_proto;
	case BPF_FUNC_sk_lookup_udp:
		return &bpf_xdp_sk_lookup_udp_proto;
	case BPF_FUNC_sk_lookup_tcp:
		return &bpf_xdp_sk_lookup_tcp_proto;
	case BPF_FUNC_sk_release:
		return &bpf_sk_release_proto;
	case BPF_FUNC_skc_lookup_tcp:
		return &bpf_xdp_skc_lookup_tcp_proto;
	default:
		break;
	}
	return syncookie_func_proto(func_id) ?: bpf_sk_base_func_proto(func_id, prog);
}

const struct bpf_func_proto *net_prog_func_proto(int func_id, const struct hive_prog_desc *prog)
{
	switch (prog->type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
		return sk_filter_func_proto(func_id, prog);
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
		return tc_cls_act_func_proto(func_id, prog);
	case BPF_PROG_TYPE_XDP:
		return xdp_func_proto(func_id, prog);
	case BPF_PROG_TYPE_CGROUP_SKB:
		return cg_skb_func_proto(func_id, prog);
	default:
		return NULL;
	}
}

const struct bpf_func_proto *tracing_net_func_proto(int func_id, const struct hive_prog_desc *prog)
{
	switch (func_id) {
	case BPF_FUNC_skb_output:
		return &bpf_skb_output_proto;
	case BPF_FUNC_xdp_output:
		return &bpf_xdp_output_proto;
	case BPF_FUNC_skc_to_tcp6_sock:
		return &bpf_skc_to_tcp6_sock_proto;
	case BPF_FUNC_skc_to_tcp_sock:
		return &bpf_skc_to_tcp_sock_proto;
	case BPF_FUNC_skc_to_tcp_timewait_sock:
		return &bpf_skc_to_tcp_timewait_sock_proto;
	case BPF_FUNC_skc_to_tcp_request_sock:
		return &bpf_skc_to_tcp_request_sock_proto;
	case BPF_FUNC_skc_to_udp6_sock:
		return &bpf_skc_to_udp6_sock_proto;
	case BPF_FUNC_skc_to_unix_sock:
		return &bpf_skc_to_unix_sock_proto;
	case BPF_FUNC_skc_to_mptcp_sock:
		return &bpf_skc_to_mptcp_sock_proto;
	case BPF_FUNC_sk_storage_get:
		return &bpf_sk_storage_get_tracing_proto;
	case BPF_FUNC_sk_storage_delete:
		return &bpf_sk_storage_delete_tracing_proto;
	case BPF_FUNC_sock_from_file:
		return &bpf_sock_from_file_proto;
	case BPF_FUNC_get_socket_cookie:
		return &bpf_get_socket_ptr_cookie_proto;
	case BPF_FUNC_xdp_get_buff_len:
		return &bpf_xdp_get_buff_len_trace_proto;
	default:
		return NULL;
	}
}
