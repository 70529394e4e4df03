/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * isa/helpers.h: every BPF helper of Linux 6.18, by id, in the order of the UAPI's
 * ___BPF_FUNC_MAPPER (enum bpf_func_id). The list was generated from the running 6.18 kernel's
 * BTF (`bpftool btf dump file /sys/kernel/btf/vmlinux format c`, enum bpf_func_id): ids 1..211,
 * no gaps. No helper has been added since 6.1; new kernel functionality comes as kfuncs.
 *
 * HIVE_HELPER_MAP(X) calls X(id, name) for each helper, name without the bpf_ prefix, so that
 * consumers can build what they need: the disassembler's `call bpf_map_lookup_elem#1`, the
 * verifier's prototype table, the runtime's function table.
 */
#ifndef __HIVE_ISA_HELPERS_H
#define __HIVE_ISA_HELPERS_H

#ifdef __cplusplus
extern "C" {
#endif

/* clang-format off */
#define HIVE_HELPER_MAP(X) \
	X(1, map_lookup_elem) \
	X(2, map_update_elem) \
	X(3, map_delete_elem) \
	X(4, probe_read) \
	X(5, ktime_get_ns) \
	X(6, trace_printk) \
	X(7, get_prandom_u32) \
	X(8, get_smp_processor_id) \
	X(9, skb_store_bytes) \
	X(10, l3_csum_replace) \
	X(11, l4_csum_replace) \
	X(12, tail_call) \
	X(13, clone_redirect) \
	X(14, get_current_pid_tgid) \
	X(15, get_current_uid_gid) \
	X(16, get_current_comm) \
	X(17, get_cgroup_classid) \
	X(18, skb_vlan_push) \
	X(19, skb_vlan_pop) \
	X(20, skb_get_tunnel_key) \
	X(21, skb_set_tunnel_key) \
	X(22, perf_event_read) \
	X(23, redirect) \
	X(24, get_route_realm) \
	X(25, perf_event_output) \
	X(26, skb_load_bytes) \
	X(27, get_stackid) \
	X(28, csum_diff) \
	X(29, skb_get_tunnel_opt) \
	X(30, skb_set_tunnel_opt) \
	X(31, skb_change_proto) \
	X(32, skb_change_type) \
	X(33, skb_under_cgroup) \
	X(34, get_hash_recalc) \
	X(35, get_current_task) \
	X(36, probe_write_user) \
	X(37, current_task_under_cgroup) \
	X(38, skb_change_tail) \
	X(39, skb_pull_data) \
	X(40, csum_update) \
	X(41, set_hash_invalid) \
	X(42, get_numa_node_id) \
	X(43, skb_change_head) \
	X(44, xdp_adjust_head) \
	X(45, probe_read_str) \
	X(46, get_socket_cookie) \
	X(47, get_socket_uid) \
	X(48, set_hash) \
	X(49, setsockopt) \
	X(50, skb_adjust_room) \
	X(51, redirect_map) \
	X(52, sk_redirect_map) \
	X(53, sock_map_update) \
	X(54, xdp_adjust_meta) \
	X(55, perf_event_read_value) \
	X(56, perf_prog_read_value) \
	X(57, getsockopt) \
	X(58, override_return) \
	X(59, sock_ops_cb_flags_set) \
	X(60, msg_redirect_map) \
	X(61, msg_apply_bytes) \
	X(62, msg_cork_bytes) \
	X(63, msg_pull_data) \
	X(64, bind) \
	X(65, xdp_adjust_tail) \
	X(66, skb_get_xfrm_state) \
	X(67, get_stack) \
	X(68, skb_load_bytes_relative) \
	X(69, fib_lookup) \
	X(70, sock_hash_update) \
	X(71, msg_redirect_hash) \
	X(72, sk_redirect_hash) \
	X(73, lwt_push_encap) \
	X(74, lwt_seg6_store_bytes) \
	X(75, lwt_seg6_adjust_srh) \
	X(76, lwt_seg6_action) \
	X(77, rc_repeat) \
	X(78, rc_keydown) \
	X(79, skb_cgroup_id) \
	X(80, get_current_cgroup_id) \
	X(81, get_local_storage) \
	X(82, sk_select_reuseport) \
	X(83, skb_ancestor_cgroup_id) \
	X(84, sk_lookup_tcp) \
	X(85, sk_lookup_udp) \
	X(86, sk_release) \
	X(87, map_push_elem) \
	X(88, map_pop_elem) \
	X(89, map_peek_elem) \
	X(90, msg_push_data) \
	X(91, msg_pop_data) \
	X(92, rc_pointer_rel) \
	X(93, spin_lock) \
	X(94, spin_unlock) \
	X(95, sk_fullsock) \
	X(96, tcp_sock) \
	X(97, skb_ecn_set_ce) \
	X(98, get_listener_sock) \
	X(99, skc_lookup_tcp) \
	X(100, tcp_check_syncookie) \
	X(101, sysctl_get_name) \
	X(102, sysctl_get_current_value) \
	X(103, sysctl_get_new_value) \
	X(104, sysctl_set_new_value) \
	X(105, strtol) \
	X(106, strtoul) \
	X(107, sk_storage_get) \
	X(108, sk_storage_delete) \
	X(109, send_signal) \
	X(110, tcp_gen_syncookie) \
	X(111, skb_output) \
	X(112, probe_read_user) \
	X(113, probe_read_kernel) \
	X(114, probe_read_user_str) \
	X(115, probe_read_kernel_str) \
	X(116, tcp_send_ack) \
	X(117, send_signal_thread) \
	X(118, jiffies64) \
	X(119, read_branch_records) \
	X(120, get_ns_current_pid_tgid) \
	X(121, xdp_output) \
	X(122, get_netns_cookie) \
	X(123, get_current_ancestor_cgroup_id) \
	X(124, sk_assign) \
	X(125, ktime_get_boot_ns) \
	X(126, seq_printf) \
	X(127, seq_write) \
	X(128, sk_cgroup_id) \
	X(129, sk_ancestor_cgroup_id) \
	X(130, ringbuf_output) \
	X(131, ringbuf_reserve) \
	X(132, ringbuf_submit) \
	X(133, ringbuf_discard) \
	X(134, ringbuf_query) \
	X(135, csum_level) \
	X(136, skc_to_tcp6_sock) \
	X(137, skc_to_tcp_sock) \
	X(138, skc_to_tcp_timewait_sock) \
	X(139, skc_to_tcp_request_sock) \
	X(140, skc_to_udp6_sock) \
	X(141, get_task_stack) \
	X(142, load_hdr_opt) \
	X(143, store_hdr_opt) \
	X(144, reserve_hdr_opt) \
	X(145, inode_storage_get) \
	X(146, inode_storage_delete) \
	X(147, d_path) \
	X(148, copy_from_user) \
	X(149, snprintf_btf) \
	X(150, seq_printf_btf) \
	X(151, skb_cgroup_classid) \
	X(152, redirect_neigh) \
	X(153, per_cpu_ptr) \
	X(154, this_cpu_ptr) \
	X(155, redirect_peer) \
	X(156, task_storage_get) \
	X(157, task_storage_delete) \
	X(158, get_current_task_btf) \
	X(159, bprm_opts_set) \
	X(160, ktime_get_coarse_ns) \
	X(161, ima_inode_hash) \
	X(162, sock_from_file) \
	X(163, check_mtu) \
	X(164, for_each_map_elem) \
	X(165, snprintf) \
	X(166, sys_bpf) \
	X(167, btf_find_by_name_kind) \
	X(168, sys_close) \
	X(169, timer_init) \
	X(170, timer_set_callback) \
	X(171, timer_start) \
	X(172, timer_cancel) \
	X(173, get_func_ip) \
	X(174, get_attach_cookie) \
	X(175, task_pt_regs) \
	X(176, get_branch_snapshot) \
	X(177, trace_vprintk) \
	X(178, skc_to_unix_sock) \
	X(179, kallsyms_lookup_name) \
	X(180, find_vma) \
	X(181, loop) \
	X(182, strncmp) \
	X(183, get_func_arg) \
	X(184, get_func_ret) \
	X(185, get_func_arg_cnt) \
	X(186, get_retval) \
	X(187, set_retval) \
	X(188, xdp_get_buff_len) \
	X(189, xdp_load_bytes) \
	X(190, xdp_store_bytes) \
	X(191, copy_from_user_task) \
	X(192, skb_set_tstamp) \
	X(193, ima_file_hash) \
	X(194, kptr_xchg) \
	X(195, map_lookup_percpu_elem) \
	X(196, skc_to_mptcp_sock) \
	X(197, dynptr_from_mem) \
	X(198, ringbuf_reserve_dynptr) \
	X(199, ringbuf_submit_dynptr) \
	X(200, ringbuf_discard_dynptr) \
	X(201, dynptr_read) \
	X(202, dynptr_write) \
	X(203, dynptr_data) \
	X(204, tcp_raw_gen_syncookie_ipv4) \
	X(205, tcp_raw_gen_syncookie_ipv6) \
	X(206, tcp_raw_check_syncookie_ipv4) \
	X(207, tcp_raw_check_syncookie_ipv6) \
	X(208, ktime_get_tai_ns) \
	X(209, user_ringbuf_drain) \
	X(210, cgrp_storage_get) \
	X(211, cgrp_storage_delete)
/* clang-format on */

/* One past the highest helper id (the UAPI's __BPF_FUNC_MAX_ID). */
#define HIVE_HELPER_MAX_ID 212

/** isa_helper_name() - "bpf_map_lookup_elem" for 1; NULL for an id that is not a helper. */
const char *isa_helper_name(int id);

/** isa_helper_id() - id of a helper by name, with or without the bpf_ prefix; -1 if unknown. */
int isa_helper_id(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_ISA_HELPERS_H */
