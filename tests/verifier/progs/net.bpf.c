// SPDX-License-Identifier: BSD-2-Clause
/* Packet access: XDP and tc parsers with range checks, context fields, LD_ABS. */
#include "vprogs.h"

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 256);
	__type(key, __u32);
	__type(value, __u64);
} proto_count SEC(".maps");

struct flow {
	__u32 saddr, daddr;
	__u16 sport, dport;
	__u8 proto;
	__u8 pad[3];
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, struct flow);
	__type(value, __u64);
} flows SEC(".maps");

static __always_inline int parse_ipv4(void *data, void *data_end, struct flow *f)
{
	struct ethhdr *eth = data;
	struct iphdr *iph;
	struct udphdr *udp;

	if ((void *)(eth + 1) > data_end)
		return -1;
	if (eth->h_proto != bpf_htons(ETH_P_IP))
		return -1;
	iph = (void *)(eth + 1);
	if ((void *)(iph + 1) > data_end)
		return -1;
	if (iph->ihl < 5)
		return -1;
	f->saddr = iph->saddr;
	f->daddr = iph->daddr;
	f->proto = iph->protocol;
	if (iph->protocol != IPPROTO_UDP && iph->protocol != IPPROTO_TCP)
		return 0;
	udp = (void *)iph + iph->ihl * 4;
	if ((void *)(udp + 1) > data_end)
		return -1;
	f->sport = udp->source;
	f->dport = udp->dest;
	return 0;
}

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	struct flow f = {};
	__u32 key;
	__u64 *v, one = 1;

	if (parse_ipv4(data, data_end, &f))
		return XDP_PASS;
	key = f.proto;
	v = bpf_map_lookup_elem(&proto_count, &key);
	if (v)
		(*v)++;
	v = bpf_map_lookup_elem(&flows, &f);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&flows, &f, &one, BPF_NOEXIST);
	return f.dport == bpf_htons(53) ? XDP_DROP : XDP_PASS;
}

SEC("xdp")
int xdp_rewrite(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	unsigned char tmp[6];

	if ((void *)(eth + 1) > data_end)
		return XDP_DROP;
	__builtin_memcpy(tmp, eth->h_source, 6);
	__builtin_memcpy(eth->h_source, eth->h_dest, 6);
	__builtin_memcpy(eth->h_dest, tmp, 6);
	return XDP_TX;
}

SEC("xdp")
int xdp_adjust(struct xdp_md *ctx)
{
	void *data, *data_end;
	__u8 *p;

	if (bpf_xdp_adjust_head(ctx, -4))
		return XDP_DROP;
	data = (void *)(long)ctx->data;
	data_end = (void *)(long)ctx->data_end;
	p = data;
	if (p + 4 > (__u8 *)data_end)
		return XDP_DROP;
	p[0] = 1;
	p[3] = 4;
	return XDP_PASS;
}

/* The packet pointer is stale after bpf_xdp_adjust_head(). */
SEC("xdp")
int fail_xdp_stale_pkt(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;
	__u8 *p = data;

	if (p + 4 > (__u8 *)data_end)
		return XDP_DROP;
	if (bpf_xdp_adjust_head(ctx, 2))
		return XDP_DROP;
	return p[1];
}

SEC("xdp")
int fail_xdp_no_check(struct xdp_md *ctx)
{
	struct ethhdr *eth = (void *)(long)ctx->data;

	return eth->h_proto == bpf_htons(ETH_P_IP) ? XDP_PASS : XDP_DROP;
}

SEC("xdp")
int fail_xdp_off_by_one(struct xdp_md *ctx)
{
	__u8 *data = (void *)(long)ctx->data, *data_end = (void *)(long)ctx->data_end;

	if (data + 14 > data_end)
		return XDP_DROP;
	return data[opaque(14)];
}

SEC("tc")
int tc_parse(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *data_end = (void *)(long)skb->data_end;
	struct flow f = {};

	if (parse_ipv4(data, data_end, &f))
		return TC_ACT_OK;
	skb->mark = f.saddr ^ f.daddr;
	skb->cb[0] = f.sport;
	skb->priority = f.proto;
	skb->tc_index = 7;
	return f.proto == IPPROTO_TCP ? TC_ACT_OK : TC_ACT_SHOT;
}

SEC("tc")
int tc_meta(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data;
	void *meta = (void *)(long)skb->data_meta;
	__u32 *m = meta;

	if ((void *)(m + 1) > data)
		return TC_ACT_OK;
	return *m == 0x1234 ? TC_ACT_SHOT : TC_ACT_OK;
}

SEC("tc")
int tc_load_bytes(struct __sk_buff *skb)
{
	__u8 buf[20];

	if (bpf_skb_load_bytes(skb, 14, buf, sizeof(buf)))
		return TC_ACT_OK;
	if (bpf_skb_pull_data(skb, 34))
		return TC_ACT_OK;
	return buf[9] == IPPROTO_UDP ? TC_ACT_SHOT : TC_ACT_OK;
}

SEC("tc")
int fail_tc_write_len(struct __sk_buff *skb)
{
	skb->len = 3;
	return TC_ACT_OK;
}

SEC("tc")
int fail_tc_pkt_after_pull(struct __sk_buff *skb)
{
	__u8 *data = (void *)(long)skb->data, *data_end = (void *)(long)skb->data_end;

	if (data + 1 > data_end)
		return TC_ACT_OK;
	bpf_skb_pull_data(skb, 10);
	return data[0];
}

SEC("socket")
int sock_filter(struct __sk_buff *skb)
{
	__u64 proto = load_half(skb, 12);

	if (proto != ETH_P_IP)
		return 0;
	if (load_byte(skb, 23) != IPPROTO_UDP)
		return 0;
	return skb->len > 100 ? -1 : 0;
}

SEC("socket")
int sock_fields(struct __sk_buff *skb)
{
	__u32 x = skb->len + skb->protocol + skb->ifindex + skb->hash + skb->vlan_tci;

	skb->cb[4] = x;
	return skb->pkt_type == 0 ? x : 0;
}

SEC("socket")
int fail_sock_data(struct __sk_buff *skb)
{
	__u8 *data = (void *)(long)skb->data, *data_end = (void *)(long)skb->data_end;

	if (data + 1 > data_end)
		return 0;
	return data[0];
}

SEC("cgroup_skb/ingress")
int cgskb(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *data_end = (void *)(long)skb->data_end;
	struct iphdr *iph = data;

	if ((void *)(iph + 1) > data_end)
		return 1;
	return iph->ttl > 1;
}

char LICENSE[] SEC("license") = "GPL";
