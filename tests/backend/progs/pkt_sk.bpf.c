// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/backend/progs/pkt_sk.bpf.c: socket filter and cgroup skb programs for the kernel
 * differential test: data starts at the network header, the link-layer header is reachable
 * through load_bytes_relative(MAC), data_out gets 14 zero bytes back.
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

RESULTS(16);

SEC("socket")
int sf_len(struct __sk_buff *skb)
{
	__u8 b[4] = {};

	results[0] = skb->len;
	results[1] = skb->protocol | (__u64)skb->pkt_type << 32;
	results[2] = bpf_skb_load_bytes(skb, 0, b, 4);
	results[3] = *(__u32 *)b;
	results[4] = bpf_skb_load_bytes_relative(skb, 12, b, 2, BPF_HDR_START_MAC);
	results[5] = *(__u16 *)b;
	results[6] = bpf_skb_load_bytes_relative(skb, 9, b, 1, BPF_HDR_START_NET);
	results[7] = b[0];
	results[8] = skb->ifindex | (__u64)skb->mark << 32;
	results[9] = bpf_get_socket_uid(skb);
	results[10] = skb->cb[1];
	skb->cb[1] = 77;
	return skb->len > 40 ? 40 : skb->len;
}

SEC("cgroup_skb/ingress")
int cg_skb(struct __sk_buff *skb)
{
	results[0] = skb->len;
	results[1] = skb->family;
	results[2] = skb->local_ip4 | (__u64)skb->remote_ip4 << 32;
	results[3] = skb->remote_ip6[3] | (__u64)skb->local_ip6[0] << 32;
	results[4] = skb->data_end - skb->data;
	results[5] = skb->protocol;
	return 1;
}
