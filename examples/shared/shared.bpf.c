// SPDX-License-Identifier: BSD-2-Clause
/*
 * examples/shared/shared.bpf.c: one refcounted object in two collections at once. A small
 * cache keeps its entries in a bpf_rb_root ordered by key (to find the smallest) and in a
 * bpf_list_head in insertion order (to evict the oldest). Each entry carries a bpf_refcount:
 * the tree holds one reference, the list holds the other (bpf_refcount_acquire makes the
 * second), and the entry is freed when the last collection lets go of it.
 *
 * There is no "remove this node from the list" kfunc, so an entry evicted through the tree
 * stays in the list until it reaches the front; bpf_rbtree_remove() on it then returns NULL
 * (its node is no longer in that tree: the runtime checks the owner), which is how the oldest
 * eviction recognises and skips such stale entries.
 *
 *   insert(key, value)   a new entry in both collections
 *   smallest()           key and value of the smallest entry, left in place
 *   evict_smallest()     take the smallest entry out of the tree (it lingers in the list)
 *   evict_oldest()       take the oldest live entry out of both, dropping stale ones
 *
 * The same object loads into the kernel (syscall programs, BPF_PROG_TEST_RUN) and into bpfhive.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf_experimental.h>

char LICENSE[] SEC("license") = "GPL";

#define STALE_MAX 8 /* stale list entries one evict_oldest() may drop */

struct cache_entry {
	__u64 key;
	__u64 value;
	struct bpf_rb_node by_key;
	struct bpf_list_node by_age;
	struct bpf_refcount ref;
};

private(tree) struct bpf_spin_lock tree_lock = {};
private(tree) struct bpf_rb_root tree __contains(cache_entry, by_key) = {};
private(list) struct bpf_spin_lock list_lock = {};
private(list) struct bpf_list_head ages __contains(cache_entry, by_age) = {};

/* Statistics in .bss, read by user space. */
struct cache_stats {
	__u64 inserted, in_tree, in_list, stale_dropped;
} stats;

struct kv {
	__u64 key;
	__u64 value;
};

static bool key_less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	return container_of(a, struct cache_entry, by_key)->key <
	       container_of(b, struct cache_entry, by_key)->key;
}

SEC("syscall")
int insert(struct kv *a)
{
	struct cache_entry *e, *second;

	e = bpf_obj_new(struct cache_entry);
	if (!e)
		return -1;
	e->key = a->key;
	e->value = a->value;
	/* from an owning reference, refcount_acquire cannot fail: no NULL check needed */
	second = bpf_refcount_acquire(e);
	bpf_spin_lock(&tree_lock);
	bpf_rbtree_add(&tree, &e->by_key, key_less);
	bpf_spin_unlock(&tree_lock);
	bpf_spin_lock(&list_lock);
	bpf_list_push_back(&ages, &second->by_age);
	bpf_spin_unlock(&list_lock);
	stats.inserted++;
	stats.in_tree++;
	stats.in_list++;
	return 0;
}

SEC("syscall")
int smallest(struct kv *a)
{
	struct bpf_rb_node *n;
	int ret = -1;

	bpf_spin_lock(&tree_lock);
	n = bpf_rbtree_first(&tree);
	if (n) {
		struct cache_entry *e = container_of(n, struct cache_entry, by_key);

		a->key = e->key;
		a->value = e->value;
		ret = 0;
	}
	bpf_spin_unlock(&tree_lock);
	return ret;
}

SEC("syscall")
int evict_smallest(struct kv *a)
{
	struct bpf_rb_node *n;
	struct cache_entry *e;

	bpf_spin_lock(&tree_lock);
	n = bpf_rbtree_first(&tree);
	if (n)
		n = bpf_rbtree_remove(&tree, n);
	bpf_spin_unlock(&tree_lock);
	if (!n)
		return -1;
	e = container_of(n, struct cache_entry, by_key);
	a->key = e->key;
	a->value = e->value;
	stats.in_tree--;
	/* the tree's reference; the list still holds the entry */
	bpf_obj_drop(e);
	return 0;
}

/* The oldest entry out of the list: 1 if it was live (and is now out of both), 0 if stale,
 * -1 if the list is empty. */
static int evict_one(struct kv *a)
{
	struct bpf_list_node *l;
	struct bpf_rb_node *n;
	struct cache_entry *e;

	bpf_spin_lock(&list_lock);
	l = bpf_list_pop_front(&ages);
	bpf_spin_unlock(&list_lock);
	if (!l)
		return -1;
	e = container_of(l, struct cache_entry, by_age);
	stats.in_list--;
	bpf_spin_lock(&tree_lock);
	n = bpf_rbtree_remove(&tree, &e->by_key);
	bpf_spin_unlock(&tree_lock);
	if (!n) { /* evicted by key earlier: only the list's reference was left */
		stats.stale_dropped++;
		bpf_obj_drop(e);
		return 0;
	}
	a->key = e->key;
	a->value = e->value;
	stats.in_tree--;
	bpf_obj_drop(e); /* the list's reference */
	bpf_obj_drop(container_of(n, struct cache_entry, by_key)); /* the tree's */
	return 1;
}

SEC("syscall")
int evict_oldest(struct kv *a)
{
	for (int i = 0; i < STALE_MAX; i++) {
		int r = evict_one(a);

		if (r)
			return r > 0 ? 0 : -1;
	}
	return -1;
}
