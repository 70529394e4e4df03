// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/records/progs/records_bad_contains.bpf.c: __contains() naming a field the type does
 * not have (a typo). The struct owning the head is a local object type, so BPF_BTF_LOAD fails
 * with -ENOENT.
 */
#include "progs.h"

char LICENSE[] SEC("license") = "GPL";

struct bad_node {
	long key;
	struct bpf_list_node node;
};

struct bad_owner {
	struct bpf_spin_lock lock;
	struct bpf_list_head head __contains(bad_node, nod);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct bad_owner);
} bad_owners SEC(".maps");

/* makes clang emit struct bad_node, so the typo, not a missing type, is what fails */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct bad_node);
} bad_nodes SEC(".maps");

SEC("syscall")
int bad_prog(void *ctx)
{
	return 0;
}
