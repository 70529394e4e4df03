// SPDX-License-Identifier: BSD-2-Clause
/* Calls: static and global subprograms, pointer arguments, tail calls, helper argument kinds. */
#include "vprogs.h"

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} jmp SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} h SEC(".maps");

static __noinline int add3(int a, int b, int c)
{
	return a + b * c;
}

static __noinline int sum_buf(__u8 *buf, int n)
{
	int s = 0;

	for (int i = 0; i < 16 && i < n; i++)
		s += buf[i];
	return s;
}

__noinline int global_len(struct __sk_buff *skb)
{
	if (!skb)
		return 0;
	return skb->len;
}

__noinline int global_mem(__u64 *p, int x)
{
	if (!p)
		return 0;
	*p += x;
	return (int)*p;
}

__noinline int fail_global_deref(__u64 *p)
{
	return (int)*p;
}

SEC("tc")
int static_calls(struct __sk_buff *skb)
{
	__u8 buf[16] = { 1, 2, 3 };

	return add3(skb->len, skb->mark, 3) + sum_buf(buf, skb->len & 15);
}

SEC("tc")
int global_calls(struct __sk_buff *skb)
{
	__u64 v = 5;

	return global_len(skb) + global_mem(&v, skb->mark);
}

SEC("tc")
int fail_uses_bad_global(struct __sk_buff *skb)
{
	__u64 v = 1;

	return fail_global_deref(&v);
}

SEC("tc")
int tail_target(struct __sk_buff *skb)
{
	return 1;
}

SEC("tc")
int tail_caller(struct __sk_buff *skb)
{
	bpf_tail_call(skb, &jmp, skb->mark & 3);
	bpf_tail_call(skb, &jmp, 0);
	return 0;
}

SEC("tc")
int helper_args(struct __sk_buff *skb)
{
	__u32 k = skb->mark;
	__u64 v = skb->len, *p;
	char comm[16];

	bpf_map_update_elem(&h, &k, &v, BPF_ANY);
	p = bpf_map_lookup_elem(&h, &k);
	if (p)
		bpf_map_delete_elem(&h, &k);
	bpf_get_current_comm(comm, sizeof(comm));
	return bpf_get_smp_processor_id() + (int)bpf_ktime_get_ns() + comm[0];
}

SEC("tc")
int fail_helper_size(struct __sk_buff *skb)
{
	char comm[8];

	bpf_get_current_comm(comm, opaque(16));
	return comm[0];
}

SEC("tc")
int fail_helper_ptr_type(struct __sk_buff *skb)
{
	__u32 k = 0;

	bpf_map_update_elem(&h, &k, skb, BPF_ANY);
	return 0;
}

SEC("xdp")
int fail_helper_prog_type(struct xdp_md *ctx)
{
	return bpf_get_socket_cookie(ctx);
}

char LICENSE[] SEC("license") = "GPL";
