// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/progs/maps.bpf.c: BTF-defined maps of the common kinds, including map-in-map and a
 * program array with static initialisation (.rel.maps), plus two programs.
 */
#include "progs.h"

char LICENSE[] SEC("license") = "GPL";

struct hive_value {
	__u64 packets;
	__u64 bytes;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct hive_value);
} hive_array SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 128);
	__type(key, __u64);
	__type(value, __u32);
	__uint(map_flags, BPF_F_NO_PREALLOC);
} hive_hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} hive_ringbuf SEC(".maps");

struct hive_inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} hive_inner_a SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct hive_inner);
} hive_outer SEC(".maps") = {
	.values = { &hive_inner_a },
};

int hive_tail(struct __sk_buff *skb);

struct {
	__uint(type, BPF_MAP_TYPE_PROG_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, int(struct __sk_buff *));
} hive_progs SEC(".maps") = {
	.values = { [1] = &hive_tail },
};

SEC("tc")
int hive_tail(struct __sk_buff *skb)
{
	return 1;
}

SEC("tc")
int hive_count(struct __sk_buff *skb)
{
	__u32 key = 0, *seen, one = 1;
	__u64 hkey = skb->hash;
	struct hive_value *v = bpf_map_lookup_elem(&hive_array, &key);

	if (v) {
		__sync_fetch_and_add(&v->packets, 1);
		__sync_fetch_and_add(&v->bytes, skb->len);
	}
	seen = bpf_map_lookup_elem(&hive_hash, &hkey);
	if (!seen)
		bpf_map_update_elem(&hive_hash, &hkey, &one, BPF_ANY);
	bpf_tail_call(skb, &hive_progs, 1);
	return 0;
}
