// SPDX-License-Identifier: BSD-2-Clause
/*
 * subprogs: static and global bpf-to-bpf calls, a hidden global subprogram, callbacks passed
 * to bpf_loop and bpf_for_each_map_elem, and two entry programs sharing subprograms in a
 * different order (each gets its own copies, appended in the order it reaches them).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

static __noinline int twice(int x)
{
	return x * 2;
}

static __noinline int add_twice(int a, int b)
{
	return twice(a) + twice(b);
}

__noinline int global_sum(int a, int b, int c)
{
	return a + b + c;
}

__attribute__((visibility("hidden"))) __noinline int hidden_mul(int a, int b)
{
	return a * b;
}

struct loop_ctx {
	__u64 acc;
};

static int loop_body(__u64 i, void *data)
{
	struct loop_ctx *c = data;

	c->acc += twice((int)i);
	return 0;
}

static long count_elem(void *map, __u32 *key, __u64 *val, void *data)
{
	struct loop_ctx *c = data;

	c->acc += *val;
	return 0;
}

SEC("xdp")
int entry_a(struct xdp_md *ctx)
{
	struct loop_ctx c = {};
	__u32 k = 0;
	__u64 *v;

	bpf_loop(8, loop_body, &c, 0);
	v = bpf_map_lookup_elem(&counters, &k);
	if (v)
		*v += c.acc + add_twice(ctx->ingress_ifindex, 3);
	return global_sum(1, 2, (int)c.acc) > 100 ? XDP_DROP : XDP_PASS;
}

SEC("tc")
int entry_b(struct __sk_buff *skb)
{
	struct loop_ctx c = {};

	bpf_for_each_map_elem(&counters, count_elem, &c, 0);
	return hidden_mul(global_sum(skb->len, 1, 2), add_twice(1, 2)) + (int)c.acc;
}

SEC("?syscall")
int not_autoloaded(void *ctx)
{
	return twice(21);
}
