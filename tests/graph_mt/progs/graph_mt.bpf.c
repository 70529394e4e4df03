// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph_mt/progs/graph_mt.bpf.c: one rbtree shared by many threads. Each test run of
 * mt_churn (syscall program, context struct mt_ctx) adds ctx->n nodes with the distinct keys
 * ctx->base .. ctx->base + n - 1, each in its own critical section, and after every second
 * add removes the tree's leftmost node in another one; mt_drain (run once at the end, from
 * one thread) empties the tree. Every node taken out of the tree is recorded in `seen`, a
 * bitmap indexed by key: a bit found already set means a node came out twice. The checks
 * are left in globals for the host (tests/graph_mt/graph_mt.c):
 *
 *   added    nodes put into the tree          removed  nodes taken out (churn + drain)
 *   dups     keys that came out twice         alloc_fail  bpf_obj_new returned NULL
 *   drained  nodes mt_drain took out          bad      remove found a key >= MT_MAX_KEYS
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_experimental.h"

char LICENSE[] SEC("license") = "GPL";

#define MT_MAX_KEYS (1 << 20)

struct mt_ctx {
	__u64 base; /* first key of this run */
	__u64 n; /* nodes to add */
};

struct mt_node {
	__u64 key;
	struct bpf_rb_node rb;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, MT_MAX_KEYS / 64);
	__type(key, __u32);
	__type(value, __u64);
} seen SEC(".maps");

private(T) struct bpf_spin_lock mt_lock = {};
private(T) struct bpf_rb_root mt_root __contains(mt_node, rb) = {};

__u64 added = 0;
__u64 removed = 0;
__u64 dups = 0;
__u64 alloc_fail = 0;
__u64 drained = 0;
__u64 bad = 0;

static bool mt_less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	return container_of(a, struct mt_node, rb)->key < container_of(b, struct mt_node, rb)->key;
}

/* A node left the tree: mark its key; 1 if the tree was empty. */
static int take_first(void)
{
	struct bpf_rb_node *rb;
	struct mt_node *n;
	__u64 bit, old, *word;
	__u32 idx;

	bpf_spin_lock(&mt_lock);
	rb = bpf_rbtree_first(&mt_root);
	if (rb)
		rb = bpf_rbtree_remove(&mt_root, rb);
	bpf_spin_unlock(&mt_lock);
	if (!rb)
		return 1;
	n = container_of(rb, struct mt_node, rb);
	idx = (__u32)(n->key / 64);
	bit = 1ULL << (n->key % 64);
	word = bpf_map_lookup_elem(&seen, &idx);
	if (!word || n->key >= MT_MAX_KEYS) {
		__sync_fetch_and_add(&bad, 1);
	} else {
		old = __sync_fetch_and_or(word, bit);
		if (old & bit)
			__sync_fetch_and_add(&dups, 1);
	}
	bpf_obj_drop(n);
	__sync_fetch_and_add(&removed, 1);
	return 0;
}

static long churn_one(__u64 i, void *data)
{
	struct mt_ctx *ctx = data;
	struct mt_node *n = bpf_obj_new(struct mt_node);

	if (!n) {
		__sync_fetch_and_add(&alloc_fail, 1);
		return 1;
	}
	n->key = ctx->base + i;
	bpf_spin_lock(&mt_lock);
	bpf_rbtree_add(&mt_root, &n->rb, mt_less);
	bpf_spin_unlock(&mt_lock);
	__sync_fetch_and_add(&added, 1);
	if (i & 1)
		take_first();
	return 0;
}

SEC("syscall")
int mt_churn(struct mt_ctx *ctx)
{
	struct mt_ctx c = { .base = ctx->base, .n = ctx->n };

	return bpf_loop(c.n, churn_one, &c, 0) < 0;
}

static long drain_one(__u64 i, void *data)
{
	if (take_first())
		return 1;
	__sync_fetch_and_add(&drained, 1);
	return 0;
}

SEC("syscall")
int mt_drain(void *ctx)
{
	bpf_loop(MT_MAX_KEYS, drain_one, NULL, 0);
	return 0;
}
