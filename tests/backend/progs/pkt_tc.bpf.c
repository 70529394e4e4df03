// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/backend/progs/pkt_tc.bpf.c: tc programs for the kernel differential test: direct packet
 * parsing, __sk_buff fields, the checksum and byte helpers, resizing, tail calls, redirect.
 * Helper results go to results[] (.bss) so that the map dumps of both runtimes compare them.
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

struct fstats {
	__u64 pkts;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct fstats);
} by_proto SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} pcpu SEC(".maps");

RESULTS(32);
__u32 seen_len;

static void count(__u32 idx, __u64 n)
{
	__u64 *c = bpf_map_lookup_elem(&counters, &idx);

	if (c)
		__sync_fetch_and_add(c, n);
}

SEC("tc")
int tc_parse(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;
	struct ethhdr *eth = data;
	struct fstats *st, init = {};
	__u32 zero = 0, proto;
	__u64 *pc;

	count(0, 1);
	pc = bpf_map_lookup_elem(&pcpu, &zero);
	if (pc)
		*pc += skb->len;
	results[0] = skb->len;
	results[1] = skb->pkt_type;
	results[2] = skb->protocol;
	results[3] = skb->ifindex | (__u64)skb->ingress_ifindex << 32;
	results[4] = skb->mark | (__u64)skb->priority << 32;
	results[5] = skb->cb[0] | (__u64)skb->cb[4] << 32;
	results[6] = skb->wire_len | (__u64)skb->gso_segs << 32;
	results[7] = skb->gso_size | (__u64)skb->queue_mapping << 32;
	results[8] = skb->vlan_present | (__u64)skb->hash << 32;
	results[9] = skb->tc_index | (__u64)skb->napi_id << 32;
	results[10] = (__u64)(skb->data_end - skb->data);
	results[11] = skb->data_meta == skb->data;
	if ((void *)(eth + 1) > end)
		return TC_ACT_SHOT;
	if (eth->h_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = (void *)(eth + 1);

		if ((void *)(iph + 1) > end)
			return TC_ACT_SHOT;
		proto = iph->protocol;
		skb->mark = iph->saddr ^ iph->daddr;
		skb->priority = iph->tos + 1;
		skb->cb[0] = proto;
		skb->cb[4] = iph->ttl;
		skb->tc_classid = 0x10002;
		if (proto == IPPROTO_TCP_) {
			struct tcphdr *tcp = (void *)iph + iph->ihl * 4;

			if ((void *)(tcp + 1) > end)
				return TC_ACT_SHOT;
			results[12] = bpf_ntohs(tcp->dest);
		}
	} else if (eth->h_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = (void *)(eth + 1);

		if ((void *)(ip6 + 1) > end)
			return TC_ACT_SHOT;
		proto = ip6->nexthdr;
		skb->mark = ip6->daddr.in6_u.u6_addr32[3];
	} else {
		proto = 0x10000 | bpf_ntohs(eth->h_proto);
	}
	st = bpf_map_lookup_elem(&by_proto, &proto);
	if (!st) {
		bpf_map_update_elem(&by_proto, &proto, &init, BPF_NOEXIST);
		st = bpf_map_lookup_elem(&by_proto, &proto);
		if (!st)
			return TC_ACT_SHOT;
	}
	st->pkts++;
	st->bytes += skb->len;
	seen_len += skb->len;
	return proto == IPPROTO_UDP_ ? TC_ACT_SHOT : TC_ACT_OK;
}

/* TTL decrement and destination rewrite with the checksum helpers. */
SEC("tc")
int tc_rewrite(struct __sk_buff *skb)
{
	__u32 ip_off = sizeof(struct ethhdr), new_daddr = bpf_htonl(0x0a000063);
	__u16 old_ttl_proto, new_ttl_proto;
	struct iphdr iph;
	__u8 buf[6];
	long r;

	r = bpf_skb_load_bytes(skb, ip_off, &iph, sizeof(iph));
	results[0] = r;
	if (r || iph.version != 4)
		return TC_ACT_OK;
	old_ttl_proto = *(__u16 *)&iph.ttl;
	iph.ttl--;
	new_ttl_proto = *(__u16 *)&iph.ttl;
	results[1] = bpf_l3_csum_replace(skb, ip_off + offsetof(struct iphdr, check), old_ttl_proto,
					 new_ttl_proto, 2);
	results[2] = bpf_skb_store_bytes(skb, ip_off + offsetof(struct iphdr, ttl), &iph.ttl, 1, 0);
	results[3] = bpf_l3_csum_replace(skb, ip_off + offsetof(struct iphdr, check), iph.daddr,
					 new_daddr, 4);
	if (iph.protocol == IPPROTO_TCP_ || iph.protocol == IPPROTO_UDP_) {
		__u32 l4 = ip_off + iph.ihl * 4;
		__u32 csum_off = l4 + (iph.protocol == IPPROTO_TCP_ ? 16 : 6);

		results[4] = bpf_l4_csum_replace(skb, csum_off, iph.daddr, new_daddr,
						 BPF_F_PSEUDO_HDR | 4 | BPF_F_MARK_MANGLED_0);
		results[5] = bpf_l4_csum_replace(skb, csum_off, 0, 0x1234, 0);
	}
	results[6] = bpf_skb_store_bytes(skb, ip_off + offsetof(struct iphdr, daddr), &new_daddr, 4,
					 BPF_F_INVALIDATE_HASH);
	/* the error paths */
	results[7] = bpf_skb_store_bytes(skb, skb->len - 2, buf, 4, 0);
	results[8] = bpf_skb_store_bytes(skb, 0, buf, 4, 8);
	results[9] = bpf_l3_csum_replace(skb, 1, 0, 0, 2);
	results[10] = bpf_l3_csum_replace(skb, 24, 0, 0, 3);
	results[11] = bpf_l4_csum_replace(skb, 24, 1, 0, 0);
	results[12] = bpf_skb_load_bytes(skb, skb->len - 3, buf, 6);
	results[13] = buf[0] | buf[5];
	results[14] = bpf_skb_load_bytes_relative(skb, 0, buf, 6, BPF_HDR_START_MAC);
	results[15] = buf[0] | (__u64)buf[5] << 8;
	results[16] = bpf_skb_load_bytes_relative(skb, 2, buf, 4, BPF_HDR_START_NET);
	results[17] = *(__u32 *)buf;
	results[18] = bpf_skb_load_bytes_relative(skb, 0, buf, 4, 7);
	results[19] = bpf_skb_load_bytes_relative(skb, 0x10000, buf, 4, BPF_HDR_START_NET);
	results[20] = bpf_l4_csum_replace(skb, ip_off + 10, 0, 0, 0x100);
	return TC_ACT_OK;
}

SEC("tc")
int tc_resize(struct __sk_buff *skb)
{
	__u32 len = skb->len;
	void *data, *end;

	results[0] = bpf_skb_change_tail(skb, len + 16, 0);
	results[1] = skb->len;
	results[2] = bpf_skb_change_tail(skb, len - 8, 0);
	results[3] = skb->len;
	results[4] = bpf_skb_change_tail(skb, 5, 0);
	results[5] = bpf_skb_change_tail(skb, len, 1);
	results[6] = bpf_skb_change_tail(skb, 20000, 0);
	results[7] = bpf_skb_change_head(skb, 14, 0);
	results[8] = skb->len;
	results[9] = bpf_skb_change_head(skb, 4, 1);
	results[10] = bpf_skb_pull_data(skb, 20);
	results[11] = bpf_skb_pull_data(skb, 5000);
	results[12] = bpf_skb_pull_data(skb, 0);
	data = (void *)(long)skb->data;
	end = (void *)(long)skb->data_end;
	results[13] = end - data;
	if (data + 2 <= end)
		*(__u16 *)data = 0xbeef;
	results[14] = bpf_skb_change_tail(skb, skb->len + 3, 0);
	return skb->len;
}

SEC("tc")
int tc_csum(struct __sk_buff *skb)
{
	__u32 a[4] = { 0x01020304, 0xa0b0c0d0, 0xffffffff, 0 };
	__u32 b[4] = { 0x11223344, 0x55667788, 0x99aabbcc, 0xddeeff00 };
	void *data = (void *)(long)skb->data, *end = (void *)(long)skb->data_end;

	results[0] = bpf_csum_diff(a, 16, b, 16, 0);
	results[1] = bpf_csum_diff(0, 0, b, 16, 0x1234);
	results[2] = bpf_csum_diff(a, 8, 0, 0, 0xffff);
	results[3] = bpf_csum_diff(a, 4, b, 12, 0xdeadbeef);
	results[4] = bpf_csum_diff(0, 0, 0, 0, 77);
	results[5] = bpf_csum_diff(a, 3, b, 4, 0);
	if (data + 32 <= end)
		results[6] = bpf_csum_diff(0, 0, data, 32, 0);
	results[7] = bpf_csum_update(skb, 0x1234);
	results[8] = bpf_csum_level(skb, BPF_CSUM_LEVEL_QUERY);
	results[9] = bpf_csum_level(skb, BPF_CSUM_LEVEL_INC);
	results[10] = bpf_csum_level(skb, BPF_CSUM_LEVEL_QUERY);
	results[11] = bpf_csum_level(skb, BPF_CSUM_LEVEL_RESET);
	results[12] = bpf_csum_level(skb, 9);
	return 0;
}

SEC("tc")
int tc_meta(struct __sk_buff *skb)
{
	results[0] = bpf_set_hash(skb, 0xabcd1234);
	results[1] = bpf_get_hash_recalc(skb);
	results[2] = skb->hash;
	results[3] = bpf_skb_change_type(skb, 3);
	results[4] = skb->pkt_type;
	results[5] = bpf_skb_change_type(skb, 7);
	bpf_set_hash_invalid(skb);
	results[7] = skb->hash;
	results[8] = bpf_redirect(3, 0);
	results[9] = bpf_redirect(3, 0x10);
	skb->queue_mapping = 3;
	skb->tc_index = 9;
	results[10] = skb->queue_mapping | (__u64)skb->tc_index << 16;
	{
		/* array lookups with keys unknown to the verifier: in range and out of range */
		__u32 in = skb->len & 7, out = skb->len + 1000;
		__u64 *v = bpf_map_lookup_elem(&counters, &in);

		results[11] = v ? 1 + *v : 0;
		results[12] = !!bpf_map_lookup_elem(&counters, &out);
		if (v)
			*v += 5;
	}
	return bpf_redirect(1, BPF_F_INGRESS);
}

int tc_tail_target(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, int(struct __sk_buff *));
} jump SEC(".maps") = {
	.values = { [2] = &tc_tail_target },
};

SEC("tc")
int tc_tail_target(struct __sk_buff *skb)
{
	skb->mark = 0x7a11;
	count(1, 1);
	return 5;
}

SEC("tc")
int tc_tail(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &jump, 1); /* empty slot: falls through */
	count(2, 1);
	bpf_tail_call(skb, &jump, 9); /* out of range */
	count(3, 1);
	bpf_tail_call(skb, &jump, 2);
	return 99;
}
