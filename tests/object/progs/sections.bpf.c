// SPDX-License-Identifier: BSD-2-Clause
/*
 * sections: one trivial program per family of SEC() names libbpf 1.1 knows, to compare the
 * program types and expected attach types the loader assigns.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define P(sec, name)                 \
	SEC(sec) int name(void *ctx) \
	{                            \
		return 0;            \
	}

P("socket", s_socket)
P("sk_reuseport/migrate", s_reuseport_migrate)
P("sk_reuseport", s_reuseport)
P("kprobe/do_unlinkat", s_kprobe)
P("kretprobe/do_unlinkat", s_kretprobe)
P("uprobe/bin:func", s_uprobe)
P("uprobe.s/bin:func", s_uprobe_s)
P("kprobe.multi/do_*", s_kprobe_multi)
P("ksyscall/getpid", s_ksyscall)
P("tc", s_tc)
P("classifier", s_classifier)
P("action", s_action)
P("tracepoint/syscalls/sys_enter_getpid", s_tracepoint)
P("tp/syscalls/sys_enter_getpid", s_tp)
P("raw_tracepoint/sys_enter", s_raw_tracepoint)
P("raw_tp/sys_enter", s_raw_tp)
P("raw_tp.w/sys_enter", s_raw_tp_w)
P("tp_btf/sched_switch", s_tp_btf)
P("fentry/do_unlinkat", s_fentry)
P("fmod_ret/security_file_open", s_fmod_ret)
P("fexit/do_unlinkat", s_fexit)
P("fentry.s/do_unlinkat", s_fentry_s)
P("lsm/file_open", s_lsm)
P("lsm.s/file_open", s_lsm_s)
P("iter/task", s_iter)
P("syscall", s_syscall)
P("xdp.frags/devmap", s_xdp_frags_devmap)
P("xdp/devmap", s_xdp_devmap)
P("xdp/cpumap", s_xdp_cpumap)
P("xdp.frags", s_xdp_frags)
P("xdp", s_xdp)
P("perf_event", s_perf_event)
P("lwt_in", s_lwt_in)
P("lwt_out", s_lwt_out)
P("lwt_xmit", s_lwt_xmit)
P("lwt_seg6local", s_lwt_seg6local)
P("sockops", s_sockops)
P("sk_skb/stream_parser", s_sk_skb_parser)
P("sk_skb/stream_verdict", s_sk_skb_verdict)
P("sk_skb", s_sk_skb)
P("sk_msg", s_sk_msg)
P("lirc_mode2", s_lirc_mode2)
P("flow_dissector", s_flow_dissector)
P("cgroup_skb/ingress", s_cgroup_skb_ingress)
P("cgroup_skb/egress", s_cgroup_skb_egress)
P("cgroup/skb", s_cgroup_skb)
P("cgroup/sock_create", s_cgroup_sock_create)
P("cgroup/sock_release", s_cgroup_sock_release)
P("cgroup/sock", s_cgroup_sock)
P("cgroup/post_bind4", s_post_bind4)
P("cgroup/bind6", s_bind6)
P("cgroup/connect4", s_connect4)
P("cgroup/sendmsg6", s_sendmsg6)
P("cgroup/recvmsg4", s_recvmsg4)
P("cgroup/getpeername6", s_getpeername6)
P("cgroup/getsockname4", s_getsockname4)
P("cgroup/sysctl", s_sysctl)
P("cgroup/getsockopt", s_getsockopt)
P("cgroup/setsockopt", s_setsockopt)
P("cgroup/dev", s_dev)
P("sk_lookup", s_sk_lookup)
