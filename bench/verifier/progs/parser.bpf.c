// SPDX-License-Identifier: BSD-2-Clause
/* A full packet parser: VLAN tags, IPv4 with options, IPv6 extension headers, TCP options, and a
 * flow table keyed by the 5-tuple with per-flow counters. */
#include "bench_common.h"

struct flow_key {
	__u32 src[4], dst[4];
	__u16 sport, dport;
	__u8 proto, family, pad[2];
};

struct flow_val {
	__u64 packets, bytes, syn, fin, rst;
	__u32 mss, wscale;
	__u64 first_seen, last_seen;
};

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, struct flow_key);
	__type(value, struct flow_val);
} flows SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} drops SEC(".maps");

static __always_inline void count_drop(__u32 why)
{
	__u64 *v = bpf_map_lookup_elem(&drops, &why);

	if (v)
		*v += 1;
}

static __always_inline int parse_tcp_opts(struct tcphdr *tcp, void *data_end, struct flow_val *fv)
{
	__u8 *p = (__u8 *)(tcp + 1);
	int optlen = tcp->doff * 4 - (int)sizeof(*tcp);

	for (int i = 0; i < 10; i++) {
		__u8 kind, len;

		if (optlen <= 0 || (void *)(p + 1) > data_end)
			break;
		kind = p[0];
		if (kind == 0)
			break;
		if (kind == 1) {
			p++;
			optlen--;
			continue;
		}
		if ((void *)(p + 2) > data_end)
			break;
		len = p[1];
		if (len < 2 || len > optlen)
			break;
		if (kind == 2 && len == 4 && (void *)(p + 4) <= data_end)
			fv->mss = (p[2] << 8) | p[3];
		if (kind == 3 && len == 3 && (void *)(p + 3) <= data_end)
			fv->wscale = p[2];
		p += len;
		optlen -= len;
	}
	return 0;
}

static __always_inline int handle_l4(void *l4, void *data_end, struct flow_key *k, __u64 bytes)
{
	struct flow_val *fv, zero = {};
	__u64 now = bpf_ktime_get_ns();

	if (k->proto == IPPROTO_TCP) {
		struct tcphdr *tcp = l4;

		if ((void *)(tcp + 1) > data_end)
			return -1;
		k->sport = tcp->source;
		k->dport = tcp->dest;
	} else if (k->proto == IPPROTO_UDP) {
		struct udphdr *udp = l4;

		if ((void *)(udp + 1) > data_end)
			return -1;
		k->sport = udp->source;
		k->dport = udp->dest;
	}
	fv = bpf_map_lookup_elem(&flows, k);
	if (!fv) {
		zero.first_seen = now;
		bpf_map_update_elem(&flows, k, &zero, BPF_NOEXIST);
		fv = bpf_map_lookup_elem(&flows, k);
		if (!fv)
			return -1;
	}
	__sync_fetch_and_add(&fv->packets, 1);
	__sync_fetch_and_add(&fv->bytes, bytes);
	fv->last_seen = now;
	if (k->proto == IPPROTO_TCP) {
		struct tcphdr *tcp = l4;

		if ((void *)(tcp + 1) > data_end)
			return -1;
		if (tcp->syn)
			fv->syn++;
		if (tcp->fin)
			fv->fin++;
		if (tcp->rst)
			fv->rst++;
		parse_tcp_opts(tcp, data_end, fv);
	}
	return 0;
}

SEC("xdp")
int xdp_parser(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct flow_key k = {};
	__u16 proto;
	void *nh;

	if ((void *)(eth + 1) > data_end) {
		count_drop(0);
		return XDP_DROP;
	}
	proto = eth->h_proto;
	nh = eth + 1;
	for (int i = 0; i < 2; i++) {
		struct vlan_hdr *vh = nh;

		if (proto != bpf_htons(ETH_P_8021Q) && proto != bpf_htons(ETH_P_8021AD))
			break;
		if ((void *)(vh + 1) > data_end)
			return XDP_DROP;
		proto = vh->h_vlan_encapsulated_proto;
		nh = vh + 1;
	}
	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *iph = nh;
		int hl;

		if ((void *)(iph + 1) > data_end)
			return XDP_DROP;
		hl = iph->ihl * 4;
		if (hl < (int)sizeof(*iph))
			return XDP_DROP;
		if (nh + hl > data_end)
			return XDP_DROP;
		k.family = 4;
		k.proto = iph->protocol;
		k.src[0] = iph->saddr;
		k.dst[0] = iph->daddr;
		if (handle_l4(nh + hl, data_end, &k, data_end - data))
			count_drop(1);
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = nh;
		__u8 next;

		if ((void *)(ip6 + 1) > data_end)
			return XDP_DROP;
		k.family = 6;
		__builtin_memcpy(k.src, &ip6->saddr, 16);
		__builtin_memcpy(k.dst, &ip6->daddr, 16);
		next = ip6->nexthdr;
		nh = ip6 + 1;
		for (int i = 0; i < 4; i++) {
			struct ipv6_opt_hdr *oh = nh;

			if (next != 0 && next != 43 && next != 60)
				break;
			if ((void *)(oh + 1) > data_end)
				return XDP_DROP;
			next = oh->nexthdr;
			nh += (oh->hdrlen + 1) * 8;
		}
		k.proto = next;
		if (handle_l4(nh, data_end, &k, data_end - data))
			count_drop(2);
	}
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
