// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/records/progs/records.bpf.c: the special-field layouts real programs use, for the
 * record tests: a refcounted type that is in a tree and a list at once, a local type owning a
 * tree, kptrs to local and kernel types in a map value, global roots in arrays and in a nested
 * struct, and a hash map value with a timer and a lock. The program only touches a little of
 * it; what is checked is what BTF and map creation make of the layouts.
 */
#include "progs.h"

char LICENSE[] SEC("license") = "GPL";

struct rec_elem {
	long key;
	struct bpf_rb_node rb;
	struct bpf_list_node ln;
	struct bpf_refcount ref;
};

/* a local object type that owns a tree of its own */
struct rec_holder {
	long id;
	struct bpf_spin_lock lock;
	struct bpf_rb_root root __contains(rec_elem, rb);
};

struct rec_stash {
	struct rec_elem __kptr *elem;
	struct bpf_cpumask __kptr *mask;
	struct rec_holder __kptr *holder;
	long plain;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, int);
	__type(value, struct rec_stash);
} rec_stashes SEC(".maps");

struct rec_timed {
	long count;
	struct bpf_timer timer;
	struct bpf_spin_lock lock;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 4);
	__type(key, int);
	__type(value, struct rec_timed);
} rec_timers SEC(".maps");

private(A) struct bpf_spin_lock rec_glock;
private(A) struct bpf_list_head rec_ghead __contains(rec_elem, ln);
private(A) struct bpf_rb_root rec_groots[2] __contains(rec_elem, rb);

struct rec_nested {
	int dummy;
	struct {
		struct bpf_spin_lock lock;
		struct bpf_list_head head __contains(rec_elem, ln);
	} inner;
};

private(B) struct rec_nested rec_gnested;

SEC("syscall")
int rec_push(void *ctx)
{
	struct rec_elem *e = bpf_obj_new(struct rec_elem);

	if (!e)
		return 1;
	e->key = 7;
	bpf_spin_lock(&rec_glock);
	bpf_list_push_back(&rec_ghead, &e->ln);
	bpf_spin_unlock(&rec_glock);
	return 0;
}

SEC("syscall")
int rec_stash_holder(void *ctx)
{
	struct rec_holder *h = bpf_obj_new(struct rec_holder);
	struct rec_stash *s;
	int key = 0;

	if (!h)
		return 1;
	s = bpf_map_lookup_elem(&rec_stashes, &key);
	if (!s) {
		bpf_obj_drop(h);
		return 2;
	}
	h = bpf_kptr_xchg(&s->holder, h);
	if (h)
		bpf_obj_drop(h);
	return 0;
}

/* Reading through the kernel kptr makes clang emit struct bpf_cpumask in full (a kptr to a
 * type the BTF only declares is rejected). Never loaded: the test loads BTF and maps only. */
SEC("syscall")
int rec_peek_mask(void *ctx)
{
	struct rec_stash *s;
	int key = 0;

	s = bpf_map_lookup_elem(&rec_stashes, &key);
	if (!s || !s->mask)
		return 0;
	return s->mask->usage.refs.counter;
}
