// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/progs/rb_fail.bpf.c: spec D.1, the rbtree programs the verifier must reject
 * (lock discipline, ownership after add/unlock, unchecked results, the `less` callback's
 * restrictions), plus E.1's remove-of-an-unadded-node, which it must accept.
 *
 * Layout (the offsets the kernel prints):
 *   struct job        { int prio@0; int cpu@4; long tag@8; long cookie@16; bpf_rb_node rb@24 }
 *   .data.Q (1 value) { bpf_rb_root q_root@0; bpf_rb_root q_root2@16; long q_count@32;
 *                       bpf_spin_lock q_lock@40 }
 */
#include "gc.h"

char LICENSE[] SEC("license") = "GPL";

struct job {
	int prio;
	int cpu;
	long tag;
	long cookie;
	struct bpf_rb_node rb;
};

private(Q) struct bpf_rb_root q_root __contains(job, rb) = {};
private(Q) struct bpf_rb_root q_root2 __contains(job, rb) = {};
private(Q) long q_count = 0;
private(Q) struct bpf_spin_lock q_lock = {};

static bool job_less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	struct job *x = container_of(a, struct job, rb);
	struct job *y = container_of(b, struct job, rb);

	return x->prio < y->prio;
}

/* D.1 #1: bpf_rbtree_add with no lock held at all. */
SEC("?tc")
int rbf_nolock_add(void *ctx)
{
	struct job *j = bpf_obj_new(struct job);

	if (!j)
		return 1;
	bpf_rbtree_add(&q_root, &j->rb, job_less);
	return 0;
}

/* D.1 #2: added under the lock, then removed after the unlock, lock not re-taken. */
SEC("?tc")
int rbf_nolock_remove(void *ctx)
{
	struct job *j = bpf_obj_new(struct job);

	if (!j)
		return 1;
	bpf_spin_lock(&q_lock);
	bpf_rbtree_add(&q_root, &j->rb, job_less);
	bpf_spin_unlock(&q_lock);
	bpf_rbtree_remove(&q_root, &j->rb);
	return 0;
}

/* D.1 #3: bpf_rbtree_first with no lock. */
SEC("?tc")
int rbf_nolock_first(void *ctx)
{
	bpf_rbtree_first(&q_root);
	return 0;
}

/* D.1 #4: the removed node is an owning reference that is never dropped. */
SEC("?tc")
int rbf_remove_no_drop(void *ctx)
{
	struct bpf_rb_node *rb;

	bpf_spin_lock(&q_lock);
	rb = bpf_rbtree_first(&q_root);
	if (!rb) {
		bpf_spin_unlock(&q_lock);
		return 1;
	}
	rb = bpf_rbtree_remove(&q_root, rb);
	if (rb)
		q_count = container_of(rb, struct job, rb)->prio;
	bpf_spin_unlock(&q_lock);
	return 0;
}

/* D.1 #5: the same node added to two trees; after the first add it is non-owning. */
SEC("?tc")
int rbf_add_two_trees(void *ctx)
{
	struct job *j = bpf_obj_new(struct job);

	if (!j)
		return 1;
	bpf_spin_lock(&q_lock);
	bpf_rbtree_add(&q_root, &j->rb, job_less);
	bpf_rbtree_add(&q_root2, &j->rb, job_less);
	bpf_spin_unlock(&q_lock);
	return 0;
}

/* D.1 #6: the maybe-NULL result of remove (pointing at rb, off 24) re-added unchecked. */
SEC("?tc")
int rbf_readd_unchecked(void *ctx)
{
	struct bpf_rb_node *rb;

	bpf_spin_lock(&q_lock);
	rb = bpf_rbtree_first(&q_root);
	if (!rb) {
		bpf_spin_unlock(&q_lock);
		return 1;
	}
	rb = bpf_rbtree_remove(&q_root, rb);
	bpf_rbtree_add(&q_root, rb, job_less);
	bpf_spin_unlock(&q_lock);
	return 0;
}

/* D.1 #7: a node added in one critical section used as remove's argument in the next one. */
SEC("?tc")
int rbf_add_escape(void *ctx)
{
	struct bpf_rb_node *rb;
	struct job *j = bpf_obj_new(struct job);

	if (!j)
		return 1;
	bpf_spin_lock(&q_lock);
	bpf_rbtree_add(&q_root, &j->rb, job_less);
	bpf_spin_unlock(&q_lock);

	bpf_spin_lock(&q_lock);
	rb = bpf_rbtree_remove(&q_root, &j->rb);
	bpf_spin_unlock(&q_lock);
	if (rb)
		bpf_obj_drop(container_of(rb, struct job, rb));
	return 0;
}

/* D.1 #8: bpf_rbtree_first's result kept across an unlock/lock pair. */
SEC("?tc")
int rbf_first_escape(void *ctx)
{
	struct bpf_rb_node *rb, *first;

	bpf_spin_lock(&q_lock);
	first = bpf_rbtree_first(&q_root);
	bpf_spin_unlock(&q_lock);
	if (!first)
		return 1;

	bpf_spin_lock(&q_lock);
	rb = bpf_rbtree_remove(&q_root, first);
	bpf_spin_unlock(&q_lock);
	if (rb)
		bpf_obj_drop(container_of(rb, struct job, rb));
	return 0;
}

static bool less_adds(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	struct job *x = container_of(a, struct job, rb);
	struct job *y = container_of(b, struct job, rb);

	bpf_rbtree_add(&q_root2, &x->rb, job_less);
	return x->prio < y->prio;
}

static bool less_removes(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	struct job *x = container_of(a, struct job, rb);
	struct job *y = container_of(b, struct job, rb);

	bpf_rbtree_remove(&q_root, &x->rb);
	return x->prio < y->prio;
}

static bool less_unlocks(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	struct job *x = container_of(a, struct job, rb);
	struct job *y = container_of(b, struct job, rb);

	if (bpf_rbtree_first(&q_root))
		q_count++;
	bpf_spin_unlock(&q_lock);
	return x->prio < y->prio;
}

/* One add with a callback that misbehaves (D.1 #9-11). */
#define ADD_WITH(name, cb)                               \
	SEC("?tc")                                       \
	int name(void *ctx)                              \
	{                                                \
		struct job *j = bpf_obj_new(struct job); \
                                                         \
		if (!j)                                  \
			return 1;                        \
		bpf_spin_lock(&q_lock);                  \
		bpf_rbtree_add(&q_root, &j->rb, cb);     \
		bpf_spin_unlock(&q_lock);                \
		return 0;                                \
	}

/* D.1 #9: the callback adds its non-owning argument to another tree. */
ADD_WITH(rbf_cb_add, less_adds)
/* D.1 #10: the callback removes a node. */
ADD_WITH(rbf_cb_remove, less_removes)
/* D.1 #11: the callback peeks at the tree, then releases the caller's lock. */
ADD_WITH(rbf_cb_unlock, less_unlocks)

/*
 * E.1 (rbtree_api_remove_unadded_node): removing an owning node that was never added is legal
 * for the verifier and returns NULL at run time; removing the added one returns it.
 * Returns 0; 2 would mean the unadded node was "removed".
 */
SEC("?tc")
int rbs_remove_unadded(void *ctx)
{
	struct bpf_rb_node *res, *res2;
	struct job *n, *m;

	n = bpf_obj_new(struct job);
	if (!n)
		return 1;
	m = bpf_obj_new(struct job);
	if (!m) {
		bpf_obj_drop(n);
		return 1;
	}
	bpf_spin_lock(&q_lock);
	bpf_rbtree_add(&q_root, &n->rb, job_less);
	res = bpf_rbtree_remove(&q_root, &n->rb);
	res2 = bpf_rbtree_remove(&q_root, &m->rb);
	bpf_spin_unlock(&q_lock);

	bpf_obj_drop(m);
	if (res)
		bpf_obj_drop(container_of(res, struct job, rb));
	if (res2) {
		bpf_obj_drop(container_of(res2, struct job, rb));
		return 2;
	}
	return 0;
}
