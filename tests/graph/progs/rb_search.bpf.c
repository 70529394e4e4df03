// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/progs/rb_search.bpf.c: spec D.3 (bpf_rbtree_root/left/right need the lock and
 * return non-owning, RCU-protected, nullable nodes) and E.2 (a binary search over a tree
 * with root/left/right, refcounted nodes living in two trees at once).
 *
 * Layout:
 *   struct sn        { bpf_refcount ref@0; bpf_rb_node r0@8; bpf_rb_node r1@40; int key0@72;
 *                      int key1@76 }                                              (80)
 *   .data.S0         { long s_seen0@0; bpf_rb_root s_root0@8 (contains sn:r0);
 *                      bpf_spin_lock s_lock0@24 }
 *   .data.S1         { bpf_spin_lock s_lock1@0; bpf_rb_root s_root1@8 (contains sn:r1) }
 * All programs are syscall programs (sleepable; run without a packet).
 */
#include "gc.h"

char LICENSE[] SEC("license") = "GPL";

struct sn {
	struct bpf_refcount ref;
	struct bpf_rb_node r0;
	struct bpf_rb_node r1;
	int key0;
	int key1;
};

private(S0) long s_seen0 = 0;
private(S0) struct bpf_rb_root s_root0 __contains(sn, r0) = {};
private(S0) struct bpf_spin_lock s_lock0 = {};
private(S1) struct bpf_spin_lock s_lock1 = {};
private(S1) struct bpf_rb_root s_root1 __contains(sn, r1) = {};

/* Results of rs_search, read by the driver. */
long rs_visited = -1; /* nodes on the search path before the key was found */
long rs_found_key1 = -1;
long rs_removed = -1; /* path nodes removed from s_root0 */

static bool less0(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	return container_of(a, struct sn, r0)->key0 < container_of(b, struct sn, r0)->key0;
}

static bool less1(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	return container_of(a, struct sn, r1)->key1 < container_of(b, struct sn, r1)->key1;
}

/* ---- D.3: failures ---- */

/* Under the lock: root, then a helper call (forbidden under a lock). Log level 2 shows R0. */
SEC("?syscall")
int rs_root_locked(void *ctx)
{
	struct bpf_rb_node *rb;

	bpf_spin_lock(&s_lock0);
	rb = bpf_rbtree_root(&s_root0);
	if (rb)
		s_seen0 = bpf_jiffies64();
	bpf_spin_unlock(&s_lock0);
	return 0;
}

/* A node of ours (refcount-acquired before it was added) walked with left/right. */
#define WALK_LOCKED(name, walk)                            \
	SEC("?syscall")                                    \
	int name(void *ctx)                                \
	{                                                  \
		struct sn *n = bpf_obj_new(struct sn), *m; \
		struct bpf_rb_node *rb;                    \
                                                           \
		if (!n)                                    \
			return 1;                          \
		m = bpf_refcount_acquire(n);               \
		bpf_spin_lock(&s_lock0);                   \
		bpf_rbtree_add(&s_root0, &n->r0, less0);   \
		rb = walk(&s_root0, &m->r0);               \
		if (rb)                                    \
			s_seen0 = bpf_jiffies64();         \
		bpf_spin_unlock(&s_lock0);                 \
		bpf_obj_drop(m);                           \
		return 0;                                  \
	}

WALK_LOCKED(rs_left_locked, bpf_rbtree_left)
WALK_LOCKED(rs_right_locked, bpf_rbtree_right)

SEC("?syscall")
int rs_root_unlocked(void *ctx)
{
	gc_sink(bpf_rbtree_root(&s_root0));
	return 0;
}

#define WALK_UNLOCKED(name, walk)                      \
	SEC("?syscall")                                \
	int name(void *ctx)                            \
	{                                              \
		struct sn *n = bpf_obj_new(struct sn); \
                                                       \
		if (!n)                                \
			return 1;                      \
		gc_sink(walk(&s_root0, &n->r0));       \
		bpf_obj_drop(n);                       \
		return 0;                              \
	}

WALK_UNLOCKED(rs_left_unlocked, bpf_rbtree_left)
WALK_UNLOCKED(rs_right_unlocked, bpf_rbtree_right)

/* ---- E.2: search ---- */

#define RS_NODES 16
#define RS_KEY 8
#define RS_DEPTH 8 /* a red-black tree of 16 nodes is at most 2*log2(17) < 9 deep */

/* Node i: key0 = i (tree 0), key1 = 100 + i (tree 1); one reference per tree. */
static int rs_fill(void)
{
	struct sn *n, *m;
	int i;

	for (i = 0; i < RS_NODES; i++) {
		n = bpf_obj_new(struct sn);
		if (!n)
			return 1;
		n->key0 = i;
		n->key1 = 100 + i;
		m = bpf_refcount_acquire(n);
		bpf_spin_lock(&s_lock0);
		bpf_rbtree_add(&s_root0, &n->r0, less0);
		bpf_spin_unlock(&s_lock0);
		bpf_spin_lock(&s_lock1);
		bpf_rbtree_add(&s_root1, &m->r1, less1);
		bpf_spin_unlock(&s_lock1);
	}
	return 0;
}

/*
 * Walk s_root0 from its root towards RS_KEY, keeping the path (non-owning refs on the stack);
 * still under the lock, take a reference to the found node and remove the path nodes; after
 * the unlock drop them, then remove the found node from s_root1 and drop both references.
 * Returns 0, or the step that failed.
 */
SEC("?syscall")
int rs_search(void *ctx)
{
	struct bpf_rb_node *path[RS_DEPTH] = {}, *out[RS_DEPTH] = {};
	struct bpf_rb_node *rb, *found = NULL;
	struct sn *n, *m = NULL;
	long visited = 0, removed = 0;
	int i;

	if (rs_fill())
		return 1;
	bpf_spin_lock(&s_lock0);
	rb = bpf_rbtree_root(&s_root0);
#pragma unroll
	for (i = 0; i < RS_DEPTH; i++) {
		if (!rb)
			break;
		n = container_of(rb, struct sn, r0);
		if (n->key0 == RS_KEY) {
			found = rb;
			break;
		}
		path[i] = rb;
		visited++;
		if (RS_KEY < n->key0)
			rb = bpf_rbtree_left(&s_root0, rb);
		else
			rb = bpf_rbtree_right(&s_root0, rb);
	}
	if (found)
		m = bpf_refcount_acquire(container_of(found, struct sn, r0));
#pragma unroll
	for (i = 0; i < RS_DEPTH; i++)
		if (path[i])
			out[i] = bpf_rbtree_remove(&s_root0, path[i]);
	bpf_spin_unlock(&s_lock0);

#pragma unroll
	for (i = 0; i < RS_DEPTH; i++) {
		if (out[i]) {
			bpf_obj_drop(container_of(out[i], struct sn, r0));
			removed++;
		}
	}
	rs_visited = visited;
	rs_removed = removed;
	if (!m)
		return 2;
	rs_found_key1 = m->key1;
	bpf_spin_lock(&s_lock1);
	rb = bpf_rbtree_remove(&s_root1, &m->r1);
	bpf_spin_unlock(&s_lock1);
	bpf_obj_drop(m);
	if (!rb)
		return 3;
	bpf_obj_drop(container_of(rb, struct sn, r1));
	return 0;
}
