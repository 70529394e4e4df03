/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/graph/progs/ll.h: the linked-list layouts shared by the D.4 failure programs
 * (ll_lock.bpf.c, ll_fail.bpf.c) and the E.3 success programs (ll_ok.bpf.c). Offsets, which
 * the kernel's messages quote:
 *
 *   struct ll_item  { int val@0; int pad@4; bpf_list_node node@8 }                       (32)
 *   struct ll_bin   { long data@0; bpf_list_node link@8; bpf_spin_lock lock@32; int pad@36;
 *                     bpf_list_head items@40 (contains ll_item:node);
 *                     bpf_list_node link2@56 }                                           (80)
 *   struct ll_slot  { long seq@0; bpf_spin_lock lock@8; int data@12;
 *                     bpf_list_head head@16 (contains ll_bin:link2) }                    (32)
 *   .data.A         { long gcount@0; bpf_list_head ghead@8 (contains ll_bin:link2);
 *                     bpf_spin_lock glock@24 }
 *   .data.B         { bpf_spin_lock glock2@0 }
 *   slots, inner_slots: ARRAY(2) of struct ll_slot; slot_maps: ARRAY_OF_MAPS(1) holding
 *   inner_slots
 *
 * So a head's protecting lock is at: ll_bin 32, .data.A 24, ll_slot 8.
 * (Names carry an ll_ prefix: vmlinux.h already has a struct bucket, item, slot...)
 */
#ifndef __GC_LL_H
#define __GC_LL_H

#include "gc.h"

struct ll_item {
	int val;
	int pad;
	struct bpf_list_node node;
};

struct ll_bin {
	long data;
	struct bpf_list_node link;
	struct bpf_spin_lock lock;
	int pad;
	struct bpf_list_head items __contains(ll_item, node);
	struct bpf_list_node link2;
};

struct ll_slot {
	long seq;
	struct bpf_spin_lock lock;
	int data;
	struct bpf_list_head head __contains(ll_bin, link2);
};

struct ll_slot_array {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, int);
	__type(value, struct ll_slot);
	__uint(max_entries, 2);
};

struct ll_slot_array slots SEC(".maps");
struct ll_slot_array inner_slots SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1);
	__type(key, int);
	__array(values, struct ll_slot_array);
} slot_maps SEC(".maps") = {
	.values = { [0] = &inner_slots },
};

private(A) long gcount = 0;
private(A) struct bpf_list_head ghead __contains(ll_bin, link2) = {};
private(A) struct bpf_spin_lock glock = {};
private(B) struct bpf_spin_lock glock2 = {};

static __always_inline struct ll_slot *slot_get(int key)
{
	return bpf_map_lookup_elem(&slots, &key);
}

static __always_inline struct ll_slot *inner_slot_get(int key)
{
	int zero = 0;
	void *inner = bpf_map_lookup_elem(&slot_maps, &zero);

	if (!inner)
		return NULL;
	return bpf_map_lookup_elem(inner, &key);
}

#endif /* __GC_LL_H */
