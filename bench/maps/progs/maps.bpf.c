// SPDX-License-Identifier: BSD-2-Clause
/*
 * bench/maps/progs/maps.bpf.c: map operations per second, the same program in the kernel and
 * in bpfhive. Each run does OPS lookups (or updates) over keys 0..1023 of one map; the maps
 * hold 1024 elements (hash and LRU maps are filled by user space before the runs, so lookups
 * hit and updates replace).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define OPS 1024

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} lru_hash SEC(".maps");

#define LOOKUP(name, map)                                           \
	SEC("tc")                                                   \
	int name(struct __sk_buff *skb)                             \
	{                                                           \
		__u64 sum = 0;                                      \
		for (__u32 i = 0; i < OPS; i++) {                   \
			__u32 key = i & 1023;                       \
			__u64 *v = bpf_map_lookup_elem(&map, &key); \
			if (v)                                      \
				sum += *v;                          \
		}                                                   \
		return (int)sum;                                    \
	}

#define UPDATE(name, map)                                                    \
	SEC("tc")                                                            \
	int name(struct __sk_buff *skb)                                      \
	{                                                                    \
		long err = 0;                                                \
		for (__u32 i = 0; i < OPS; i++) {                            \
			__u32 key = i & 1023;                                \
			__u64 v = i + skb->len;                              \
			err |= bpf_map_update_elem(&map, &key, &v, BPF_ANY); \
		}                                                            \
		return (int)err;                                             \
	}

LOOKUP(array_lookup, array)
LOOKUP(hash_lookup, hash)
LOOKUP(lru_hash_lookup, lru_hash)
UPDATE(array_update, array)
UPDATE(hash_update, hash)
UPDATE(lru_hash_update, lru_hash)
