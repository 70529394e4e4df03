// SPDX-License-Identifier: BSD-2-Clause
/* Loops: bounded loops explored to completion, bpf_loop callbacks, open-coded iterators,
 * for_each_map_elem, and the complexity limits. */
#include "vprogs.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} nums SEC(".maps");

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __ksym;

SEC("socket")
int bounded_loop(struct __sk_buff *skb)
{
	__u32 s = 0;

	for (int i = 0; i < 64; i++)
		s += (skb->len >> (i & 7)) ^ i;
	return s;
}

SEC("socket")
int nested_loops(struct __sk_buff *skb)
{
	__u32 s = 0;

	for (int i = 0; i < 10; i++)
		for (int j = 0; j < i; j++)
			s += i * j + skb->mark;
	return s;
}

SEC("socket")
int data_dependent_loop(struct __sk_buff *skb)
{
	__u32 n = skb->len & 31, s = 0;

	for (__u32 i = 0; i < n; i++)
		s += i;
	return s;
}

SEC("socket")
int fail_unbounded_loop(struct __sk_buff *skb)
{
	__u32 n = skb->len, s = 0;

	for (__u32 i = 0; i < n; i++)
		s += opaque(i);
	return s;
}

SEC("socket")
int fail_infinite_loop(struct __sk_buff *skb)
{
	volatile __u32 s = 0;

	while (opaque(1))
		s++;
	return s;
}

struct loop_ctx {
	__u64 sum;
	__u32 mark;
};

static int loop_cb(__u64 i, struct loop_ctx *c)
{
	c->sum += i * c->mark;
	return c->sum > 1000000 ? 1 : 0;
}

SEC("socket")
int bpf_loop_ok(struct __sk_buff *skb)
{
	struct loop_ctx c = { .mark = skb->mark };

	bpf_loop(1000, loop_cb, &c, 0);
	return (int)c.sum;
}

static int bad_cb(__u64 i, struct loop_ctx *c)
{
	return 2;
}

SEC("socket")
int fail_bpf_loop_ret(struct __sk_buff *skb)
{
	struct loop_ctx c = {};

	bpf_loop(10, bad_cb, &c, 0);
	return 0;
}

static long elem_cb(struct bpf_map *map, __u32 *key, __u64 *val, struct loop_ctx *c)
{
	c->sum += *val + *key;
	return 0;
}

SEC("socket")
int for_each_elem(struct __sk_buff *skb)
{
	struct loop_ctx c = {};

	bpf_for_each_map_elem(&nums, elem_cb, &c, 0);
	return (int)c.sum;
}

SEC("syscall")
int iter_num(void *ctx)
{
	struct bpf_iter_num it;
	int *v, s = 0;

	bpf_iter_num_new(&it, 0, 100);
	while ((v = bpf_iter_num_next(&it)))
		s += *v;
	bpf_iter_num_destroy(&it);
	return s;
}

SEC("syscall")
int fail_iter_leak(void *ctx)
{
	struct bpf_iter_num it;
	int *v;

	bpf_iter_num_new(&it, 0, 10);
	v = bpf_iter_num_next(&it);
	return v ? *v : 0;
}

SEC("syscall")
int iter_array(void *ctx)
{
	struct bpf_iter_num it;
	__u64 arr[16] = {};
	int *v, s = 0;

	bpf_iter_num_new(&it, 0, 16);
	while ((v = bpf_iter_num_next(&it))) {
		if (*v >= 0 && *v < 16)
			s += arr[*v];
	}
	bpf_iter_num_destroy(&it);
	return s;
}

SEC("socket")
int many_branches(struct __sk_buff *skb)
{
	__u32 x = skb->len, y = skb->mark, s = 0;

#define STEP(n)                      \
	do {                         \
		if (x & (1u << n))   \
			s += y >> n; \
		else                 \
			s ^= x << n; \
	} while (0)
	STEP(0);
	STEP(1);
	STEP(2);
	STEP(3);
	STEP(4);
	STEP(5);
	STEP(6);
	STEP(7);
	STEP(8);
	STEP(9);
	STEP(10);
	STEP(11);
	STEP(12);
	STEP(13);
	STEP(14);
	STEP(15);
	return s;
}

char LICENSE[] SEC("license") = "GPL";
