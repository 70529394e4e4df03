// SPDX-License-Identifier: BSD-2-Clause
/*
 * maps_all: every attribute of a BTF-defined map: type, key/value given as types and as sizes,
 * max_entries, map_flags, numa_node, map_extra (as __uint and as a 64-bit __ulong), pinning;
 * map-in-map (array and hash of maps) with static initialisation of slots, a prog array with
 * statically initialised tail-call targets, and a ring buffer.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#ifndef __ulong
#define __ulong(name, val) enum { ___bpf_concat(__unique_value, __COUNTER__) = val } name
#endif

struct key3 {
	__u32 a;
	__u16 b;
	__u8 c;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 128);
	__type(key, struct key3);
	__type(value, __u64);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} by_type SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__uint(key_size, 12);
	__uint(value_size, 40);
} by_size SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u32);
	__uint(map_flags, BPF_F_NUMA_NODE);
	__uint(numa_node, 0);
} lru_numa SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 100);
	__type(value, __u32);
	__uint(map_extra, 3);
} bloom SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
	__uint(pinning, LIBBPF_PIN_NONE);
} unpinned SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 8192);
} events SEC(".maps");

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
};

struct inner inner_a SEC(".maps"), inner_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner);
} outer_arr SEC(".maps") = {
	.values = { [0] = &inner_a, [2] = &inner_b },
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner);
} outer_hash SEC(".maps") = {
	.values = { [1] = &inner_b },
};

SEC("xdp")
int tail_one(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int tail_two(struct xdp_md *ctx)
{
	return XDP_DROP;
}

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 3);
	__type(key, __u32);
	__array(values, int(void *));
} jumps SEC(".maps") = {
	.values = { [0] = (void *)&tail_one, [2] = (void *)&tail_two },
};

SEC("xdp")
int use_maps(struct xdp_md *ctx)
{
	struct key3 k3 = { .a = 1 };
	__u32 k = 0, v = 7, *p;
	void *inner;

	bpf_map_update_elem(&by_type, &k3, &v, 0);
	bpf_map_lookup_elem(&by_size, &k);
	bpf_map_lookup_elem(&lru_numa, &k);
	bpf_map_push_elem(&bloom, &v, 0);
	bpf_map_lookup_elem(&unpinned, &k);
	bpf_ringbuf_output(&events, &v, sizeof(v), 0);
	inner = bpf_map_lookup_elem(&outer_arr, &k);
	if (inner) {
		p = bpf_map_lookup_elem(inner, &k);
		if (p)
			v += *p;
	}
	inner = bpf_map_lookup_elem(&outer_hash, &k);
	if (inner)
		bpf_map_lookup_elem(inner, &k);
	bpf_tail_call(ctx, &jumps, v & 1);
	return XDP_PASS;
}
