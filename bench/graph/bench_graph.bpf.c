// SPDX-License-Identifier: BSD-2-Clause
/*
 * bench/graph/bench_graph.bpf.c: the programs of the graph-collection benchmark. Each is a
 * syscall program whose context is struct bench_ctx (n = how many operations); bpf_loop
 * reaches large n in one run (one program run is limited to 1M verified instructions, not
 * to run time). Results are left in globals so that the benchmark can check that both sides
 * did the same work:
 *
 *   rb_fill   n x (bpf_obj_new, lock, bpf_rbtree_add, unlock), keys from a multiplicative hash
 *   rb_peek   n x (lock, bpf_rbtree_first, unlock)
 *   rb_drain  n x (lock, first, bpf_rbtree_remove, unlock, bpf_obj_drop); keys must ascend
 *   ll_fill   n x (bpf_obj_new, lock, bpf_list_push_back, unlock)
 *   ll_drain  n x (lock, bpf_list_pop_front, unlock, bpf_obj_drop); values must be in order
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include "bpf_experimental.h"

char LICENSE[] SEC("license") = "GPL";

struct bench_ctx {
	__u64 n;
};

struct bt {
	__u64 key;
	struct bpf_rb_node rb;
};

struct bl {
	__u64 seq;
	struct bpf_list_node ln;
};

private(T) struct bpf_spin_lock t_lock = {};
private(T) struct bpf_rb_root t_root __contains(bt, rb) = {};
private(L) struct bpf_spin_lock l_lock = {};
private(L) struct bpf_list_head l_head __contains(bl, ln) = {};

__u64 done = 0; /* operations that did what they should */
__u64 disorder = 0; /* drains that saw a key or sequence go backwards */
__u64 last = 0;
__u64 seq = 0;

static bool bt_less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	return container_of(a, struct bt, rb)->key < container_of(b, struct bt, rb)->key;
}

static long rb_add_one(__u64 i, void *data)
{
	struct bt *n = bpf_obj_new(struct bt);

	if (!n)
		return 1;
	/* Knuth's multiplicative hash: a permutation of 32-bit keys, so no two are equal */
	n->key = (__u32)((seq++) * 2654435761u);
	bpf_spin_lock(&t_lock);
	bpf_rbtree_add(&t_root, &n->rb, bt_less);
	bpf_spin_unlock(&t_lock);
	done++;
	return 0;
}

static long rb_peek_one(__u64 i, void *data)
{
	struct bpf_rb_node *rb;

	bpf_spin_lock(&t_lock);
	rb = bpf_rbtree_first(&t_root);
	bpf_spin_unlock(&t_lock);
	if (!rb)
		return 1;
	done++;
	return 0;
}

static long rb_remove_one(__u64 i, void *data)
{
	struct bpf_rb_node *rb;
	struct bt *n;

	bpf_spin_lock(&t_lock);
	rb = bpf_rbtree_first(&t_root);
	if (rb)
		rb = bpf_rbtree_remove(&t_root, rb);
	bpf_spin_unlock(&t_lock);
	if (!rb)
		return 1;
	n = container_of(rb, struct bt, rb);
	if (n->key < last)
		disorder++;
	last = n->key;
	bpf_obj_drop(n);
	done++;
	return 0;
}

static long ll_push_one(__u64 i, void *data)
{
	struct bl *n = bpf_obj_new(struct bl);

	if (!n)
		return 1;
	n->seq = seq++;
	bpf_spin_lock(&l_lock);
	bpf_list_push_back(&l_head, &n->ln);
	bpf_spin_unlock(&l_lock);
	done++;
	return 0;
}

static long ll_pop_one(__u64 i, void *data)
{
	struct bpf_list_node *ln;
	struct bl *n;

	bpf_spin_lock(&l_lock);
	ln = bpf_list_pop_front(&l_head);
	bpf_spin_unlock(&l_lock);
	if (!ln)
		return 1;
	n = container_of(ln, struct bl, ln);
	if (n->seq != last)
		disorder++;
	last = n->seq + 1;
	bpf_obj_drop(n);
	done++;
	return 0;
}

/* done/disorder/last are per phase; seq runs on so that keys differ between fills. */
#define PHASE(name, cb)                                   \
	SEC("syscall")                                    \
	int name(struct bench_ctx *ctx)                   \
	{                                                 \
		done = 0;                                 \
		disorder = 0;                             \
		last = 0;                                 \
		return bpf_loop(ctx->n, cb, NULL, 0) < 0; \
	}

PHASE(rb_fill, rb_add_one)
PHASE(rb_peek, rb_peek_one)
PHASE(rb_drain, rb_remove_one)

SEC("syscall")
int ll_fill(struct bench_ctx *ctx)
{
	done = 0;
	disorder = 0;
	return bpf_loop(ctx->n, ll_push_one, NULL, 0) < 0;
}

/* Sequences in the list start where the last fill started. */
SEC("syscall")
int ll_drain(struct bench_ctx *ctx)
{
	done = 0;
	disorder = 0;
	last = seq - ctx->n;
	return bpf_loop(ctx->n, ll_pop_one, NULL, 0) < 0;
}
