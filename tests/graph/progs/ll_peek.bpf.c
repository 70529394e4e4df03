// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/progs/ll_peek.bpf.c: spec D.6 (bpf_list_front/back need the lock and return a
 * non-owning, nullable node) and E.5 (peeking at both ends of a list).
 *
 * Layout: struct pk { int key@0; int pad@4; bpf_list_node l@8 } (32);
 *         .data.P { bpf_list_head p_head@0 (contains pk:l); bpf_spin_lock p_lock@16 }
 */
#include "gc.h"

char LICENSE[] SEC("license") = "GPL";

struct pk {
	int key;
	int pad;
	struct bpf_list_node l;
};

private(P) struct bpf_list_head p_head __contains(pk, l) = {};
private(P) struct bpf_spin_lock p_lock = {};
long p_seen = 0;

/* ---- D.6: failures ---- */

#define PEEK_LOCKED(name, peek)                   \
	SEC("?syscall")                           \
	int name(void *ctx)                       \
	{                                         \
		struct bpf_list_node *n;          \
                                                  \
		bpf_spin_lock(&p_lock);           \
		n = peek(&p_head);                \
		if (n)                            \
			p_seen = bpf_jiffies64(); \
		bpf_spin_unlock(&p_lock);         \
		return 0;                         \
	}

PEEK_LOCKED(lp_front_locked, bpf_list_front)
PEEK_LOCKED(lp_back_locked, bpf_list_back)

#define PEEK_UNLOCKED(name, peek)       \
	SEC("?syscall")                 \
	int name(void *ctx)             \
	{                               \
		gc_sink(peek(&p_head)); \
		return 0;               \
	}

PEEK_UNLOCKED(lp_front_unlocked, bpf_list_front)
PEEK_UNLOCKED(lp_back_unlocked, bpf_list_back)

/* ---- E.5: success ---- */

#define LP_NODES 16

/* The key of the node at one end (peek), or -1 when the list is empty. */
static __always_inline int lp_end_key(bool front)
{
	struct bpf_list_node *n;
	int key = -1;

	bpf_spin_lock(&p_lock);
	n = front ? bpf_list_front(&p_head) : bpf_list_back(&p_head);
	if (n)
		key = container_of(n, struct pk, l)->key;
	bpf_spin_unlock(&p_lock);
	return key;
}

/* Returns 0; 1 allocation failure, 2/3 empty list not empty, 4/5 wrong end nodes. */
SEC("?syscall")
int lp_peek(void *ctx)
{
	struct bpf_list_node *f, *b;
	int i, kf = -1, kb = -1;
	struct pk *n;

	if (lp_end_key(true) != -1)
		return 2;
	if (lp_end_key(false) != -1)
		return 3;
	for (i = 0; i < LP_NODES; i++) {
		n = bpf_obj_new(struct pk);
		if (!n)
			return 1;
		n->key = i;
		bpf_spin_lock(&p_lock);
		bpf_list_push_back(&p_head, &n->l);
		bpf_spin_unlock(&p_lock);
	}
	bpf_spin_lock(&p_lock);
	f = bpf_list_front(&p_head);
	b = bpf_list_back(&p_head);
	if (f)
		kf = container_of(f, struct pk, l)->key;
	if (b)
		kb = container_of(b, struct pk, l)->key;
	bpf_spin_unlock(&p_lock);
	if (kf != 0)
		return 4;
	if (kb != LP_NODES - 1)
		return 5;
	return 0;
}
