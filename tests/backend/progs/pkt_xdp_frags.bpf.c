// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/backend/progs/pkt_xdp_frags.bpf.c: "xdp.frags" programs for the kernel differential test
 * of multi-buffer XDP frames: the frame's length, loads and stores spanning the linear part
 * and the fragments or two fragments, bpf_xdp_adjust_tail growing the last fragment and
 * shrinking fragments away (back to a linear frame). Offsets are computed from the frame's
 * length and the linear part's, so one program covers every packet size; helper results and
 * the lengths seen after each step go to results[] (.bss).
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

RESULTS(32);

#define PAGE 4096

/* data_end - data as a number: the barrier keeps clang from folding it into pointer math
 * the verifier refuses (a packet pointer plus an unbounded length) */
static __always_inline __u32 linear_len(struct xdp_md *ctx)
{
	__u32 len = ctx->data_end - ctx->data;

	barrier_var(len);
	return len;
}

/* Loads and stores across the boundaries of the linear part and of the first fragment. */
SEC("xdp.frags")
int xdp_frags_rw(struct xdp_md *ctx)
{
	__u32 len = bpf_xdp_get_buff_len(ctx), lin = linear_len(ctx);
	__u8 pat[12] = { 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6, 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac };
	__u64 buf[3] = {};

	results[0] = len;
	results[1] = lin;
	/* the last 4 bytes of the linear part and the first 4 of the fragments */
	results[2] = bpf_xdp_load_bytes(ctx, lin - 4, buf, 8);
	results[3] = buf[0];
	results[4] = bpf_xdp_store_bytes(ctx, lin - 6, pat, 12);
	results[5] = bpf_xdp_load_bytes(ctx, lin - 8, buf, 16);
	results[6] = buf[0];
	results[7] = buf[1];
	/* across the end of the first fragment (a full page when there is a second one) */
	results[8] = bpf_xdp_load_bytes(ctx, lin + PAGE - 5, buf, 10);
	results[9] = buf[0] ^ buf[1];
	results[10] = bpf_xdp_store_bytes(ctx, lin + PAGE - 3, pat, 7);
	/* the frame's last bytes, and one past them */
	results[11] = bpf_xdp_load_bytes(ctx, len - 8, buf, 8);
	results[12] = buf[0];
	results[13] = bpf_xdp_load_bytes(ctx, len - 7, buf, 8);
	results[14] = bpf_xdp_store_bytes(ctx, len - 3, pat, 4);
	results[15] = bpf_xdp_store_bytes(ctx, len - 4, pat, 4);
	/* a whole buffer's worth from the start: linear part only when it is long enough */
	results[16] = bpf_xdp_load_bytes(ctx, 0, buf, 24);
	results[17] = buf[2];
	results[18] = bpf_xdp_load_bytes(ctx, 0x10000, buf, 8);
	return XDP_PASS;
}

/* Shrink: part of the last fragment, then the rest of it (released), then past the linear
 * part's end (every fragment released, the frame linear again), then grow the linear part. */
SEC("xdp.frags")
int xdp_frags_shrink(struct xdp_md *ctx)
{
	__u32 len = bpf_xdp_get_buff_len(ctx), lin = linear_len(ctx);
	__u32 frags = len - lin, last = frags ? (frags - 1) % PAGE + 1 : 0;

	results[0] = len;
	results[1] = bpf_xdp_adjust_tail(ctx, -(int)(len - 13));
	results[2] = bpf_xdp_adjust_tail(ctx, last > 3 ? -3 : -1);
	results[3] = bpf_xdp_get_buff_len(ctx);
	len = bpf_xdp_get_buff_len(ctx);
	frags = len - linear_len(ctx);
	last = frags ? (frags - 1) % PAGE + 1 : 0;
	results[4] = bpf_xdp_adjust_tail(ctx, -(int)last);
	results[5] = bpf_xdp_get_buff_len(ctx);
	results[6] = linear_len(ctx);
	len = bpf_xdp_get_buff_len(ctx);
	frags = len - linear_len(ctx);
	results[7] = bpf_xdp_adjust_tail(ctx, -(int)(frags + 10));
	results[8] = bpf_xdp_get_buff_len(ctx);
	results[9] = linear_len(ctx);
	results[10] = bpf_xdp_adjust_tail(ctx, 20);
	results[11] = linear_len(ctx);
	results[12] = bpf_xdp_adjust_tail(ctx, -0x7fffffff - 1);
	results[13] = bpf_xdp_get_buff_len(ctx);
	return XDP_TX;
}

/* Grow the last fragment: a little, beyond its page, exactly to its page's end, by nothing. */
SEC("xdp.frags")
int xdp_frags_grow(struct xdp_md *ctx)
{
	__u32 len = bpf_xdp_get_buff_len(ctx), lin = linear_len(ctx);
	__u32 frags = len - lin, last = frags ? (frags - 1) % PAGE + 1 : 0;
	__u64 tail = 0;

	results[0] = len;
	results[1] = bpf_xdp_adjust_tail(ctx, 7);
	results[2] = bpf_xdp_get_buff_len(ctx);
	results[3] = bpf_xdp_load_bytes(ctx, bpf_xdp_get_buff_len(ctx) - 8, &tail, 8);
	results[4] = tail;
	results[5] = bpf_xdp_adjust_tail(ctx, PAGE);
	results[6] = bpf_xdp_adjust_tail(ctx, (int)(PAGE - last - 7));
	results[7] = bpf_xdp_get_buff_len(ctx);
	results[8] = bpf_xdp_adjust_tail(ctx, 1);
	results[9] = bpf_xdp_adjust_tail(ctx, 0);
	results[10] = linear_len(ctx);
	/* the linear part stays what it was: a store in it is still direct */
	results[11] = bpf_xdp_adjust_head(ctx, 0);
	return XDP_PASS;
}
