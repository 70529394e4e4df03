// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/backend/progs/pkt_xdp.bpf.c: XDP programs for the kernel differential test: MAC swap,
 * adjust_head/tail/meta (successes and each error), load/store bytes, buffer length, metadata
 * given through ctx_in, redirect. Helper results go to results[] (.bss).
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

RESULTS(32);

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16);
	__type(key, __u64);
	__type(value, __u32);
} macs SEC(".maps");

SEC("xdp")
int xdp_swap(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__u8 tmp[ETH_ALEN];
	__u64 key = 0;
	__u32 one = 1, *v;

	results[0] = ctx->ingress_ifindex | (__u64)ctx->rx_queue_index << 32;
	results[1] = end - data;
	if ((void *)(eth + 1) > end)
		return XDP_ABORTED;
	__builtin_memcpy(&key, eth->h_source, ETH_ALEN);
	v = bpf_map_lookup_elem(&macs, &key);
	if (v)
		(*v)++;
	else
		bpf_map_update_elem(&macs, &key, &one, BPF_ANY);
	__builtin_memcpy(tmp, eth->h_dest, ETH_ALEN);
	__builtin_memcpy(eth->h_dest, eth->h_source, ETH_ALEN);
	__builtin_memcpy(eth->h_source, tmp, ETH_ALEN);
	return XDP_TX;
}

SEC("xdp")
int xdp_adjust(struct xdp_md *ctx)
{
	void *data, *end;

	results[0] = bpf_xdp_adjust_head(ctx, -8);
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	if (data + 8 > end)
		return XDP_ABORTED;
	__builtin_memset(data, 0xab, 8);
	results[1] = bpf_xdp_adjust_tail(ctx, 6);
	results[2] = bpf_xdp_adjust_tail(ctx, -3);
	results[3] = bpf_xdp_adjust_meta(ctx, -8);
	data = (void *)(long)ctx->data;
	{
		void *meta = (void *)(long)ctx->data_meta;

		if (meta + 8 > data)
			return XDP_ABORTED;
		*(__u64 *)meta = 0x1122334455667788ULL;
	}
	results[4] = ctx->data_end - ctx->data;
	results[5] = ctx->data - ctx->data_meta;
	/* the errors */
	results[6] = bpf_xdp_adjust_head(ctx, -400);
	results[7] = bpf_xdp_adjust_head(ctx, 4000);
	results[8] = bpf_xdp_adjust_tail(ctx, 4000);
	results[9] = bpf_xdp_adjust_tail(ctx, -4000);
	results[10] = bpf_xdp_adjust_meta(ctx, -2);
	results[11] = bpf_xdp_adjust_meta(ctx, -300);
	results[12] = bpf_xdp_adjust_meta(ctx, 100);
	results[13] = bpf_xdp_get_buff_len(ctx);
	return XDP_PASS;
}

SEC("xdp")
int xdp_bytes(struct xdp_md *ctx)
{
	__u8 buf[16] = {};
	__u8 pat[4] = { 1, 2, 3, 4 };

	results[0] = bpf_xdp_load_bytes(ctx, 0, buf, 12);
	results[1] = *(__u64 *)buf;
	results[2] = bpf_xdp_store_bytes(ctx, 2, pat, 4);
	results[3] = bpf_xdp_load_bytes(ctx, 0, buf, 8);
	results[4] = *(__u64 *)buf;
	results[5] = bpf_xdp_load_bytes(ctx, ctx->data_end - ctx->data - 4, buf, 8);
	results[6] = bpf_xdp_store_bytes(ctx, 0x10000, pat, 4);
	results[7] = bpf_xdp_get_buff_len(ctx);
	results[8] = bpf_redirect(7, 1);
	results[9] = bpf_redirect(7, 0);
	return XDP_DROP;
}

/* With ctx_in metadata: the first bytes of data_in are metadata. */
SEC("xdp")
int xdp_meta(struct xdp_md *ctx)
{
	void *meta = (void *)(long)ctx->data_meta, *data = (void *)(long)ctx->data;

	results[0] = data - meta;
	if (meta + 4 <= data)
		results[1] = *(__u32 *)meta;
	results[2] = bpf_xdp_adjust_meta(ctx, 4);
	results[3] = ctx->data - ctx->data_meta;
	results[4] = ctx->ingress_ifindex | (__u64)ctx->rx_queue_index << 32;
	return XDP_PASS;
}
