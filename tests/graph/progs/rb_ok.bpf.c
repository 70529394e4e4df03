// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/progs/rb_ok.bpf.c: spec E.1, rbtree programs that must load and give known
 * results: adding in one or two critical sections (a lock + root pair as plain globals, and
 * nested in a struct), add-then-remove through a non-owning alias, roots in arrays, first()
 * then remove, and two aliases of one node where only the first remove succeeds.
 *
 * Layout:
 *   struct rbn       { long key@0; long data@8; bpf_rb_node node@16 }             (48)
 *   .data.R          { bpf_spin_lock rb_lock@0; bpf_rb_root rb_root@8 (rbn:node) }
 *   .data.N          { struct rb_nest { long pad@0; bpf_spin_lock lock@8;
 *                                       bpf_rb_root root@16 (rbn:node) } rb_nest@0 }
 *   .data.Y          { bpf_spin_lock rb_alock@0; bpf_rb_root rb_arr[2]@8;
 *                      bpf_rb_root rb_arr_one[1]@40 }                    (all rbn:node)
 *   .data            rb_less_ran = -1, rb_removed_key = -1, rb_first_data[2] = {-1, -1}
 */
#include "gc.h"

char LICENSE[] SEC("license") = "GPL";

struct rbn {
	long key;
	long data;
	struct bpf_rb_node node;
};

struct rb_nest {
	long pad;
	struct bpf_spin_lock lock;
	struct bpf_rb_root root __contains(rbn, node);
};

private(R) struct bpf_spin_lock rb_lock = {};
private(R) struct bpf_rb_root rb_root __contains(rbn, node) = {};
private(N) struct rb_nest rb_nest = {};
private(Y) struct bpf_spin_lock rb_alock = {};
private(Y) struct bpf_rb_root rb_arr[2] __contains(rbn, node) = {};
private(Y) struct bpf_rb_root rb_arr_one[1] __contains(rbn, node) = {};

long rb_less_ran = -1;
long rb_removed_key = -1;
long rb_first_data[2] = { -1, -1 };

static bool rbn_less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	rb_less_ran = 1;
	return container_of(a, struct rbn, node)->key < container_of(b, struct rbn, node)->key;
}

static struct rbn *rbn_new(long key, long data)
{
	struct rbn *n = bpf_obj_new(struct rbn);

	if (n) {
		n->key = key;
		n->data = data;
	}
	return n;
}

/* Keys 5 and 1 in one critical section, 3 in a second one. */
static long add_three(struct bpf_rb_root *root, struct bpf_spin_lock *lock)
{
	struct rbn *n, *m;

	n = rbn_new(5, 0);
	if (!n)
		return 1;
	m = rbn_new(1, 0);
	if (!m) {
		bpf_obj_drop(n);
		return 1;
	}
	bpf_spin_lock(lock);
	bpf_rbtree_add(root, &n->node, rbn_less);
	bpf_rbtree_add(root, &m->node, rbn_less);
	bpf_spin_unlock(lock);

	n = rbn_new(3, 0);
	if (!n)
		return 1;
	bpf_spin_lock(lock);
	bpf_rbtree_add(root, &n->node, rbn_less);
	bpf_spin_unlock(lock);
	return 0;
}

SEC("?tc")
int rb_add_nodes(void *ctx)
{
	return add_three(&rb_root, &rb_lock);
}

SEC("?tc")
int rb_add_nodes_nested(void *ctx)
{
	return add_three(&rb_nest.root, &rb_nest.lock);
}

/* n (5) and m (3) added; n's non-owning alias removes it; its key is recorded. */
SEC("?tc")
int rb_add_and_remove(void *ctx)
{
	struct bpf_rb_node *res;
	struct rbn *n, *m;

	n = rbn_new(5, 0);
	if (!n)
		return 1;
	m = rbn_new(3, 0);
	if (!m) {
		bpf_obj_drop(n);
		return 1;
	}
	bpf_spin_lock(&rb_lock);
	bpf_rbtree_add(&rb_root, &n->node, rbn_less);
	bpf_rbtree_add(&rb_root, &m->node, rbn_less);
	res = bpf_rbtree_remove(&rb_root, &n->node);
	bpf_spin_unlock(&rb_lock);
	if (!res)
		return 2;
	n = container_of(res, struct rbn, node);
	rb_removed_key = n->key;
	bpf_obj_drop(n);
	return 0;
}

/* Adds keys k and k+1 to @root, then removes the node of key k through its alias. */
static long add_pair_remove_first(struct bpf_rb_root *root, long k)
{
	struct bpf_rb_node *res;
	struct rbn *n, *m;
	long key;

	n = rbn_new(k, 0);
	if (!n)
		return -1;
	m = rbn_new(k + 1, 0);
	if (!m) {
		bpf_obj_drop(n);
		return -1;
	}
	bpf_spin_lock(&rb_alock);
	bpf_rbtree_add(root, &n->node, rbn_less);
	bpf_rbtree_add(root, &m->node, rbn_less);
	res = bpf_rbtree_remove(root, &n->node);
	bpf_spin_unlock(&rb_alock);
	if (!res)
		return -1;
	key = container_of(res, struct rbn, node)->key;
	bpf_obj_drop(container_of(res, struct rbn, node));
	return key;
}

/* Returns 0 iff the removed keys are 0, 2 and 4; 2 otherwise. */
SEC("?tc")
int rb_add_and_remove_array(void *ctx)
{
	if (add_pair_remove_first(&rb_arr[0], 0) != 0)
		return 2;
	if (add_pair_remove_first(&rb_arr[1], 2) != 2)
		return 2;
	if (add_pair_remove_first(&rb_arr_one[0], 4) != 4)
		return 2;
	return 0;
}

/* (3,4), (5,6), (1,2); first -> data 2, removed; first again -> data 4. */
SEC("?tc")
int rb_first_and_remove(void *ctx)
{
	struct bpf_rb_node *res;
	struct rbn *a, *b, *c;

	a = rbn_new(3, 4);
	b = rbn_new(5, 6);
	c = rbn_new(1, 2);
	if (!a || !b || !c) {
		if (a)
			bpf_obj_drop(a);
		if (b)
			bpf_obj_drop(b);
		if (c)
			bpf_obj_drop(c);
		return 1;
	}
	bpf_spin_lock(&rb_lock);
	bpf_rbtree_add(&rb_root, &a->node, rbn_less);
	bpf_rbtree_add(&rb_root, &b->node, rbn_less);
	bpf_rbtree_add(&rb_root, &c->node, rbn_less);
	res = bpf_rbtree_first(&rb_root);
	if (!res) {
		bpf_spin_unlock(&rb_lock);
		return 2;
	}
	rb_first_data[0] = container_of(res, struct rbn, node)->data;
	res = bpf_rbtree_remove(&rb_root, res);
	bpf_spin_unlock(&rb_lock);
	if (!res)
		return 3;
	a = container_of(res, struct rbn, node);
	rb_removed_key = a->key;
	bpf_obj_drop(a);

	bpf_spin_lock(&rb_lock);
	res = bpf_rbtree_first(&rb_root);
	if (!res) {
		bpf_spin_unlock(&rb_lock);
		return 4;
	}
	rb_first_data[1] = container_of(res, struct rbn, node)->data;
	bpf_spin_unlock(&rb_lock);
	return 0;
}

/* Two first() aliases of one node: the first remove takes it, the second gets NULL. */
SEC("?tc")
int rb_release_aliasing(void *ctx)
{
	struct bpf_rb_node *m, *o, *rm, *ro;
	struct rbn *n = rbn_new(41, 42);

	if (!n)
		return 1;
	bpf_spin_lock(&rb_lock);
	bpf_rbtree_add(&rb_root, &n->node, rbn_less);
	bpf_spin_unlock(&rb_lock);

	bpf_spin_lock(&rb_lock);
	m = bpf_rbtree_first(&rb_root);
	o = bpf_rbtree_first(&rb_root);
	if (!m || !o) {
		bpf_spin_unlock(&rb_lock);
		return 2;
	}
	rm = bpf_rbtree_remove(&rb_root, m);
	ro = bpf_rbtree_remove(&rb_root, o);
	bpf_spin_unlock(&rb_lock);
	if (rm) {
		rb_first_data[0] = container_of(rm, struct rbn, node)->data;
		bpf_obj_drop(container_of(rm, struct rbn, node));
	}
	if (ro) {
		rb_first_data[1] = container_of(ro, struct rbn, node)->data;
		bpf_obj_drop(container_of(ro, struct rbn, node));
	}
	return 0;
}
