// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/progs/rc.bpf.c: refcounted nodes (spec D.7, D.8, E.6): one object in a tree
 * and a list at once, second references with bpf_refcount_acquire, stashing a reference in a
 * map while the other is linked, and removing through a reference whose node lives in a tree
 * other than the one named (the owner check).
 *
 * Layout:
 *   struct rn      { long key@0; long list_data@8; bpf_rb_node r@16; bpf_list_node l@48;
 *                    bpf_refcount ref@72 }                                          (80)
 *   struct ra      { long key@0; long data@8; bpf_rb_node node@16; bpf_refcount ref@48 } (56)
 *   struct rc_only { long x@0; bpf_refcount ref@8 }                                  (16)
 *   .data.A        { bpf_spin_lock rc_lock@0; bpf_rb_root rc_root@8 (rn:r);
 *                    bpf_list_head rc_head@24 (rn:l) }
 *   .data.B        { bpf_spin_lock rc_alock@0; bpf_rb_root rc_aroot@8 (ra:node) }
 *   .data.C        { bpf_spin_lock rc_block@0; bpf_rb_root rc_broot@8 (rn:r) }
 *   struct rz      { bpf_rb_node r@0; long key@32; bpf_refcount ref@40 }             (48)
 *   .data.Z        { bpf_spin_lock rc_zlock@0; bpf_rb_root rc_zroot@8 (rz:r) }
 *   rc_stash       ARRAY(2) of { struct rn __kptr *node@0; struct rc_only __kptr *only@8;
 *                                struct rz __kptr *z@16 }
 */
#include "gc.h"

char LICENSE[] SEC("license") = "GPL";

struct rn {
	long key;
	long list_data;
	struct bpf_rb_node r;
	struct bpf_list_node l;
	struct bpf_refcount ref;
};

struct ra {
	long key;
	long data;
	struct bpf_rb_node node;
	struct bpf_refcount ref;
};

struct rc_only {
	long x;
	struct bpf_refcount ref;
};

/* Like rn but with its rb node at offset 0 (D.8: offsets change the 6.18 verdict). */
struct rz {
	struct bpf_rb_node r;
	long key;
	struct bpf_refcount ref;
};

struct rc_slot {
	struct rn __kptr *node;
	struct rc_only __kptr *only;
	struct rz __kptr *z;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, int);
	__type(value, struct rc_slot);
	__uint(max_entries, 2);
} rc_stash SEC(".maps");

private(A) struct bpf_spin_lock rc_lock = {};
private(A) struct bpf_rb_root rc_root __contains(rn, r) = {};
private(A) struct bpf_list_head rc_head __contains(rn, l) = {};
private(B) struct bpf_spin_lock rc_alock = {};
private(B) struct bpf_rb_root rc_aroot __contains(ra, node) = {};
private(C) struct bpf_spin_lock rc_block = {};
private(C) struct bpf_rb_root rc_broot __contains(rn, r) = {};
private(Z) struct bpf_spin_lock rc_zlock = {};
private(Z) struct bpf_rb_root rc_zroot __contains(rz, r) = {};

static bool rn_less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	return container_of(a, struct rn, r)->key < container_of(b, struct rn, r)->key;
}

static bool ra_less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	return container_of(a, struct ra, node)->key < container_of(b, struct ra, node)->key;
}

/* ---- E.6 helpers ---- */

/* One rn (key 123, list_data 456) in rc_root and in rc_head: two references. */
static long rc_insert(void)
{
	struct rn *n, *m;

	n = bpf_obj_new(struct rn);
	if (!n)
		return 10;
	m = bpf_refcount_acquire(n);
	m->key = 123;
	m->list_data = 456;
	bpf_spin_lock(&rc_lock);
	bpf_rbtree_add(&rc_root, &n->r, rn_less);
	bpf_spin_unlock(&rc_lock);
	bpf_spin_lock(&rc_lock);
	bpf_list_push_front(&rc_head, &m->l);
	bpf_spin_unlock(&rc_lock);
	return 0;
}

/* Key of the tree's first node (-1 if empty); with @remove it is also taken out and dropped. */
static long rc_read_tree(bool remove)
{
	struct bpf_rb_node *rb;
	long key;

	bpf_spin_lock(&rc_lock);
	rb = bpf_rbtree_first(&rc_root);
	if (!rb) {
		bpf_spin_unlock(&rc_lock);
		return -1;
	}
	key = container_of(rb, struct rn, r)->key;
	if (remove)
		rb = bpf_rbtree_remove(&rc_root, rb);
	else
		rb = NULL;
	bpf_spin_unlock(&rc_lock);
	if (rb)
		bpf_obj_drop(container_of(rb, struct rn, r));
	return key;
}

/* list_data of the list's first node (-1 if empty); kept in the list unless @remove. */
static long rc_read_list(bool remove)
{
	struct bpf_list_node *l;
	struct rn *n;
	long data;

	bpf_spin_lock(&rc_lock);
	l = bpf_list_pop_front(&rc_head);
	bpf_spin_unlock(&rc_lock);
	if (!l)
		return -1;
	n = container_of(l, struct rn, l);
	data = n->list_data;
	if (remove) {
		bpf_obj_drop(n);
		return data;
	}
	bpf_spin_lock(&rc_lock);
	bpf_list_push_back(&rc_head, &n->l);
	bpf_spin_unlock(&rc_lock);
	return data;
}

/* insert, then read tree and list (each optionally removing), in either order: 579. */
#define INSERT_READ(name, tree_rm, list_rm, list_first) \
	SEC("?tc")                                      \
	int name(void *ctx)                             \
	{                                               \
		long err = rc_insert(), t, l;           \
                                                        \
		if (err)                                \
			return err;                     \
		if (list_first) {                       \
			l = rc_read_list(list_rm);      \
			t = rc_read_tree(tree_rm);      \
		} else {                                \
			t = rc_read_tree(tree_rm);      \
			l = rc_read_list(list_rm);      \
		}                                       \
		if (t < 0 || l < 0)                     \
			return 1;                       \
		return t + l;                           \
	}

INSERT_READ(rc_tree_rm_list_rm, true, true, false)
INSERT_READ(rc_tree_rm_list_keep, true, false, false)
INSERT_READ(rc_tree_keep_list_rm, false, true, false)
INSERT_READ(rc_tree_keep_list_keep, false, false, false)
INSERT_READ(rc_lf_tree_rm_list_rm, true, true, true)
INSERT_READ(rc_lf_tree_rm_list_keep, true, false, true)
INSERT_READ(rc_lf_tree_keep_list_rm, false, true, true)
INSERT_READ(rc_lf_tree_keep_list_keep, false, false, true)

/* Removing twice: the second read finds the collection empty and returns -1. */
SEC("?tc")
int rc_double_tree(void *ctx)
{
	long err = rc_insert();

	if (err)
		return err;
	if (rc_read_tree(true) != 123)
		return 1;
	return rc_read_tree(true);
}

SEC("?tc")
int rc_double_list(void *ctx)
{
	long err = rc_insert();

	if (err)
		return err;
	if (rc_read_list(true) != 456)
		return 1;
	return rc_read_list(true);
}

/* One reference stashed in rc_stash[0], the other in the tree: 42 + 42. */
static __always_inline long rc_tree_and_stash(bool remove)
{
	struct rn *n, *m, *old;
	struct rc_slot *v;
	int idx = 0;
	long key, t;

	v = bpf_map_lookup_elem(&rc_stash, &idx);
	if (!v)
		return 1;
	n = bpf_obj_new(struct rn);
	if (!n)
		return 2;
	n->key = 42;
	m = bpf_refcount_acquire(n);
	old = bpf_kptr_xchg(&v->node, m);
	if (old)
		bpf_obj_drop(old);
	bpf_spin_lock(&rc_lock);
	bpf_rbtree_add(&rc_root, &n->r, rn_less);
	bpf_spin_unlock(&rc_lock);
	t = rc_read_tree(remove);
	n = bpf_kptr_xchg(&v->node, NULL);
	if (!n)
		return 3;
	key = n->key;
	bpf_obj_drop(n);
	return t + key;
}

SEC("?tc")
int rc_stash_tree_rm(void *ctx)
{
	return rc_tree_and_stash(true);
}

SEC("?tc")
int rc_stash_tree_keep(void *ctx)
{
	return rc_tree_and_stash(false);
}

/* Load-only successes: a second reference taken inside / before the critical section. */
SEC("?tc")
int rc_ref_escapes(void *ctx)
{
	struct ra *n = bpf_obj_new(struct ra), *m;

	if (!n)
		return 1;
	bpf_spin_lock(&rc_alock);
	bpf_rbtree_add(&rc_aroot, &n->node, ra_less);
	m = bpf_refcount_acquire(n);
	bpf_spin_unlock(&rc_alock);
	if (!m)
		return 2;
	m->key = 2;
	bpf_obj_drop(m);
	return 0;
}

SEC("?tc")
int rc_ref_escapes_owning(void *ctx)
{
	struct ra *n = bpf_obj_new(struct ra), *m;

	if (!n)
		return 1;
	m = bpf_refcount_acquire(n);
	bpf_spin_lock(&rc_alock);
	bpf_rbtree_add(&rc_aroot, &n->node, ra_less);
	bpf_spin_unlock(&rc_alock);
	m->key = 2;
	bpf_obj_drop(m);
	return 0;
}

/* Wrong owner, step 1: one node, its two references stashed in slots 0 and 1. */
SEC("?tc")
int rc_wrong_owner_a1(void *ctx)
{
	struct rc_slot *v0, *v1;
	struct rn *n, *m;
	int k0 = 0, k1 = 1;

	v0 = bpf_map_lookup_elem(&rc_stash, &k0);
	v1 = bpf_map_lookup_elem(&rc_stash, &k1);
	if (!v0 || !v1)
		return 1;
	n = bpf_obj_new(struct rn);
	if (!n)
		return 2;
	n->key = 7;
	m = bpf_refcount_acquire(n);
	n = bpf_kptr_xchg(&v0->node, n);
	if (n)
		bpf_obj_drop(n);
	m = bpf_kptr_xchg(&v1->node, m);
	if (m)
		bpf_obj_drop(m);
	return 0;
}

/* Step 2: slot 0's reference goes into rc_broot (under rc_block). */
SEC("?tc")
int rc_wrong_owner_b(void *ctx)
{
	struct rc_slot *v;
	struct rn *n;
	int k0 = 0;

	v = bpf_map_lookup_elem(&rc_stash, &k0);
	if (!v)
		return 1;
	n = bpf_kptr_xchg(&v->node, NULL);
	if (!n)
		return 2;
	bpf_spin_lock(&rc_block);
	bpf_rbtree_add(&rc_broot, &n->r, rn_less);
	bpf_spin_unlock(&rc_block);
	return 0;
}

/*
 * Step 3: slot 1's reference (the same node) is pushed to rc_head, then removed from rc_root,
 * a tree it is not in: the owner check makes remove return NULL. 3 = wrongly removed.
 */
SEC("?tc")
int rc_wrong_owner_a2(void *ctx)
{
	struct bpf_rb_node *rb;
	struct rc_slot *v;
	struct rn *m;
	int k1 = 1;

	v = bpf_map_lookup_elem(&rc_stash, &k1);
	if (!v)
		return 1;
	m = bpf_kptr_xchg(&v->node, NULL);
	if (!m)
		return 2;
	bpf_spin_lock(&rc_lock);
	bpf_list_push_front(&rc_head, &m->l);
	rb = bpf_rbtree_remove(&rc_root, &m->r);
	bpf_spin_unlock(&rc_lock);
	if (rb) {
		bpf_obj_drop(container_of(rb, struct rn, r));
		return 3;
	}
	return 0;
}

/*
 * Sleepable programs. The selftests use fentry.s on bpf_testmod; fentry and lsm loads are
 * refused with EPERM on this machine (even as root), so these are syscall programs, which
 * are sleepable too: same rules for RCU and locks. Load only.
 */
SEC("?syscall")
int rc_sleepable_rcu(void *ctx)
{
	struct bpf_rb_node *rb;
	struct ra *n = bpf_obj_new(struct ra);

	if (!n)
		return 0;
	bpf_rcu_read_lock();
	bpf_spin_lock(&rc_alock);
	bpf_rbtree_add(&rc_aroot, &n->node, ra_less);
	rb = bpf_rbtree_first(&rc_aroot);
	if (rb)
		rb = bpf_rbtree_remove(&rc_aroot, rb);
	bpf_spin_unlock(&rc_alock);
	bpf_rcu_read_unlock();
	if (rb)
		bpf_obj_drop(container_of(rb, struct ra, node));
	return 0;
}

SEC("?syscall")
int rc_sleepable_no_rcu(void *ctx)
{
	struct bpf_rb_node *rb;
	struct ra *n = bpf_obj_new(struct ra);

	if (!n)
		return 0;
	bpf_spin_lock(&rc_alock);
	bpf_rbtree_add(&rc_aroot, &n->node, ra_less);
	rb = bpf_rbtree_first(&rc_aroot);
	if (rb)
		rb = bpf_rbtree_remove(&rc_aroot, rb);
	bpf_spin_unlock(&rc_alock);
	if (rb)
		bpf_obj_drop(container_of(rb, struct ra, node));
	return 0;
}

/* ---- D.7: failures ---- */

/* The second reference (nullable: taken from a non-owning ref) is never dropped. */
SEC("?tc")
int rc_escapes_leak(void *ctx)
{
	struct ra *n = bpf_obj_new(struct ra), *m;

	if (!n)
		return 1;
	bpf_spin_lock(&rc_alock);
	bpf_rbtree_add(&rc_aroot, &n->node, ra_less);
	m = bpf_refcount_acquire(n);
	bpf_spin_unlock(&rc_alock);
	if (!m)
		return 2;
	m->key = 2;
	return 0;
}

SEC("?tc")
int rc_acquire_maybe_null(void *ctx)
{
	struct ra *n = bpf_obj_new(struct ra), *m;

	m = bpf_refcount_acquire(n);
	if (m)
		bpf_obj_drop(m);
	if (n)
		bpf_obj_drop(n);
	return 0;
}

/* The second reference (non-null: taken from the owning ref) is never dropped. */
SEC("?tc")
int rc_escapes_owning_leak(void *ctx)
{
	struct ra *n = bpf_obj_new(struct ra), *m;

	if (!n)
		return 1;
	m = bpf_refcount_acquire(n);
	bpf_spin_lock(&rc_alock);
	bpf_rbtree_add(&rc_aroot, &n->node, ra_less);
	bpf_spin_unlock(&rc_alock);
	m->key = 2;
	return 0;
}

/* The spin lock spans two RCU sections: bpf_rcu_read_unlock is a call under the lock. */
SEC("?syscall")
int rc_lock_across_rcu(void *ctx)
{
	struct ra *n = bpf_obj_new(struct ra);

	if (!n)
		return 0;
	bpf_rcu_read_lock();
	bpf_spin_lock(&rc_alock);
	bpf_rbtree_add(&rc_aroot, &n->node, ra_less);
	bpf_rcu_read_unlock();
	bpf_rcu_read_lock();
	bpf_spin_unlock(&rc_alock);
	bpf_rcu_read_unlock();
	return 0;
}

/* ---- D.8: cases newer kernels reject; what 6.18 does is recorded ---- */

/*
 * Stashes an rc_only in slot 0 (the setup of the next program). It also gives struct rc_only
 * a complete definition in the BTF: a kptr to a type clang emits only as FWD makes the whole
 * BPF_BTF_LOAD fail with -EINVAL (the kptr pointee must be a struct).
 */
SEC("?tc")
int rc_stash_only(void *ctx)
{
	struct rc_only *p, *old;
	struct rc_slot *v;
	int k0 = 0;

	v = bpf_map_lookup_elem(&rc_stash, &k0);
	if (!v)
		return 1;
	p = bpf_obj_new(struct rc_only);
	if (!p)
		return 2;
	p->x = 5;
	old = bpf_kptr_xchg(&v->only, p);
	if (old)
		bpf_obj_drop(old);
	return 0;
}

SEC("?tc")
int rc_acquire_ctx(void *ctx)
{
	struct ra *m = bpf_refcount_acquire(ctx);

	if (m)
		bpf_obj_drop(m);
	return 0;
}

/* refcount_acquire of an RCU-loaded refcount-only kptr, dropped without a NULL check. */
SEC("?tc")
int rc_acquire_rcu_unchecked_drop(void *ctx)
{
	struct rc_only *p;
	struct rc_slot *v;
	int k0 = 0;

	v = bpf_map_lookup_elem(&rc_stash, &k0);
	if (!v)
		return 1;
	p = v->only;
	if (!p)
		return 2;
	bpf_obj_drop(bpf_refcount_acquire(p));
	return 0;
}

/* refcount_acquire of a popped node pointer (off 48, not the object). */
SEC("?tc")
int rc_acquire_node_off(void *ctx)
{
	struct bpf_list_node *l;
	struct rn *m;

	bpf_spin_lock(&rc_lock);
	l = bpf_list_pop_front(&rc_head);
	bpf_spin_unlock(&rc_lock);
	if (!l)
		return 1;
	m = bpf_refcount_acquire(l);
	if (m)
		bpf_obj_drop(m);
	bpf_obj_drop(container_of(l, struct rn, l));
	return 0;
}

/* A kptr loaded inside an explicit RCU section, used after bpf_rcu_read_unlock. */
SEC("?syscall")
int rc_remove_after_rcu_unlock(void *ctx)
{
	struct bpf_rb_node *rb;
	struct rc_slot *v;
	struct rn *p;
	int k0 = 0;

	v = bpf_map_lookup_elem(&rc_stash, &k0);
	if (!v)
		return 0;
	bpf_rcu_read_lock();
	p = v->node;
	bpf_rcu_read_unlock();
	if (!p)
		return 0;
	bpf_spin_lock(&rc_lock);
	rb = bpf_rbtree_remove(&rc_root, &p->r);
	bpf_spin_unlock(&rc_lock);
	if (rb)
		bpf_obj_drop(container_of(rb, struct rn, r));
	return 0;
}

/* The same with the node at offset 0 (struct rz): no modified pointer is passed. */
SEC("?syscall")
int rc_remove_after_rcu_unlock0(void *ctx)
{
	struct bpf_rb_node *rb;
	struct rc_slot *v;
	struct rz *p;
	int k0 = 0;

	v = bpf_map_lookup_elem(&rc_stash, &k0);
	if (!v)
		return 0;
	bpf_rcu_read_lock();
	p = v->z;
	bpf_rcu_read_unlock();
	if (!p)
		return 0;
	bpf_spin_lock(&rc_zlock);
	rb = bpf_rbtree_remove(&rc_zroot, &p->r);
	bpf_spin_unlock(&rc_zlock);
	if (rb)
		bpf_obj_drop(container_of(rb, struct rz, r));
	return 0;
}

/* Stashes an rz in slot 0 (also completes struct rz in the BTF, see rc_stash_only). */
SEC("?tc")
int rc_stash_z(void *ctx)
{
	struct rz *p, *old;
	struct rc_slot *v;
	int k0 = 0;

	v = bpf_map_lookup_elem(&rc_stash, &k0);
	if (!v)
		return 1;
	p = bpf_obj_new(struct rz);
	if (!p)
		return 2;
	old = bpf_kptr_xchg(&v->z, p);
	if (old)
		bpf_obj_drop(old);
	return 0;
}

SEC("?syscall")
int rc_acquire_after_rcu_unlock(void *ctx)
{
	struct rc_slot *v;
	struct rn *p, *m;
	int k0 = 0;

	v = bpf_map_lookup_elem(&rc_stash, &k0);
	if (!v)
		return 0;
	bpf_rcu_read_lock();
	p = v->node;
	bpf_rcu_read_unlock();
	if (!p)
		return 0;
	m = bpf_refcount_acquire(p);
	if (m)
		bpf_obj_drop(m);
	return 0;
}

/* A kptr loaded under the spin lock is non-owning: after the unlock it is gone. */
SEC("?tc")
int rc_kptr_after_unlock(void *ctx)
{
	struct rc_slot *v;
	struct rn *p;
	int k0 = 0;

	v = bpf_map_lookup_elem(&rc_stash, &k0);
	if (!v)
		return 1;
	bpf_spin_lock(&rc_lock);
	p = v->node;
	bpf_spin_unlock(&rc_lock);
	if (!p)
		return 2;
	return p->key;
}
