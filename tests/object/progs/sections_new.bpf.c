// SPDX-License-Identifier: BSD-2-Clause
/*
 * sections_new: SEC() names that upstream libbpf knows and libbpf 1.1 does not (tcx, netkit,
 * uprobe.multi, kprobe.session, unix socket hooks, netfilter) and a name nobody knows, loaded
 * only on request ('?'), checked by test_object_open (not by the libbpf 1.1 comparison).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define P(sec, name)                 \
	SEC(sec) int name(void *ctx) \
	{                            \
		return 0;            \
	}

P("tc/ingress", n_tc_ingress)
P("tcx/egress", n_tcx_egress)
P("netkit/primary", n_netkit_primary)
P("uprobe.multi/bin:f*", n_uprobe_multi)
P("uprobe.session/bin:f", n_uprobe_session)
P("kprobe.session/do_*", n_kprobe_session)
P("cgroup/connect_unix", n_connect_unix)
P("netfilter", n_netfilter)
P("struct_ops.s/dispatch", n_struct_ops_s)
P("usdt/bin:prov:name", n_usdt)
P("?hive_unknown_section", n_unknown)
