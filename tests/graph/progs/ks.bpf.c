// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/progs/ks.bpf.c: stashing local objects with bpf_kptr_xchg (spec D.9, E.7): in
 * map values and inside other local objects, an object owning its own rb root stashed whole,
 * a refcounted object read and refcount-acquired in place without unstashing, and a kernel
 * kptr (a bpf_cpumask: the selftests use bpf_testmod's prog_test_ref_kfunc) in the same value.
 *
 * Layout:
 *   struct kp_plain { long key@0; long data@8 }                                   (16)
 *   struct kn       { long key@0; long data@8; kp_plain __kptr *inner@16;
 *                     bpf_rb_node node@24 }                                       (56)
 *   struct kn2      { long key@0; bpf_rb_node node@8 }                            (40)
 *   struct kroot    { long key@0; bpf_spin_lock l@8; bpf_rb_root r@16 (kn:node) } (32)
 *   struct kslot    { kn __kptr *node@0; kp_plain __kptr *plain@8; kroot __kptr *root@16;
 *                     bpf_cpumask __kptr *mask@24 }      ks_nodes: ARRAY(2)
 *   struct krc      { long key@0; long data@8; bpf_rb_node node@16; bpf_refcount ref@48 }
 *   struct krcslot  { bpf_spin_lock l@0; krc __kptr *stashed@8 }   ks_rc: ARRAY(10)
 */
#include "gc.h"

char LICENSE[] SEC("license") = "GPL";

struct kp_plain {
	long key;
	long data;
};

struct kn {
	long key;
	long data;
	struct kp_plain __kptr *inner;
	struct bpf_rb_node node;
};

struct kn2 {
	long key;
	struct bpf_rb_node node;
};

struct kroot {
	long key;
	struct bpf_spin_lock l;
	struct bpf_rb_root r __contains(kn, node);
};

struct kslot {
	struct kn __kptr *node;
	struct kp_plain __kptr *plain;
	struct kroot __kptr *root;
	struct bpf_cpumask __kptr *mask;
};

struct krc {
	long key;
	long data;
	struct bpf_rb_node node;
	struct bpf_refcount ref;
};

struct krcslot {
	struct bpf_spin_lock l;
	struct krc __kptr *stashed;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, int);
	__type(value, struct kslot);
	__uint(max_entries, 2);
} ks_nodes SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, int);
	__type(value, struct krcslot);
	__uint(max_entries, 10);
} ks_rc SEC(".maps");

struct bpf_cpumask *bpf_cpumask_create(void) __ksym;
void bpf_cpumask_release(struct bpf_cpumask *cpumask) __ksym;

static bool kn_less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	return container_of(a, struct kn, node)->key < container_of(b, struct kn, node)->key;
}

/* A kn with key @key, holding a fresh kp_plain (kptr inside a local object), into slot @idx. */
static long ks_stash_one(int idx, long key)
{
	struct kp_plain *p, *oldp;
	struct kn *n, *old;
	struct kslot *v;

	v = bpf_map_lookup_elem(&ks_nodes, &idx);
	if (!v)
		return 1;
	n = bpf_obj_new(struct kn);
	if (!n)
		return 2;
	p = bpf_obj_new(struct kp_plain);
	if (!p) {
		bpf_obj_drop(n);
		return 3;
	}
	n->key = key;
	p->key = key + 100;
	oldp = bpf_kptr_xchg(&n->inner, p);
	if (oldp)
		bpf_obj_drop(oldp);
	old = bpf_kptr_xchg(&v->node, n);
	if (old)
		bpf_obj_drop(old);
	return 0;
}

SEC("?tc")
int ks_stash_rb_nodes(void *ctx)
{
	return ks_stash_one(0, 41) ?: ks_stash_one(1, 42);
}

/* Slot 1 out, then the kp_plain out of it; both dropped. Returns the kn's key (42). */
SEC("?tc")
int ks_unstash_rb_node(void *ctx)
{
	struct kp_plain *p;
	struct kslot *v;
	struct kn *n;
	int idx = 1;
	long key;

	v = bpf_map_lookup_elem(&ks_nodes, &idx);
	if (!v)
		return 1;
	n = bpf_kptr_xchg(&v->node, NULL);
	if (!n)
		return 2;
	p = bpf_kptr_xchg(&n->inner, NULL);
	if (!p) {
		bpf_obj_drop(n);
		return 3;
	}
	key = p->key == n->key + 100 ? n->key : 4;
	bpf_obj_drop(p);
	bpf_obj_drop(n);
	return key;
}

SEC("?tc")
int ks_stash_plain(void *ctx)
{
	struct kp_plain *p, *old;
	struct kslot *v;
	int idx = 0;

	v = bpf_map_lookup_elem(&ks_nodes, &idx);
	if (!v)
		return 1;
	p = bpf_obj_new(struct kp_plain);
	if (!p)
		return 2;
	p->key = 41;
	old = bpf_kptr_xchg(&v->plain, p);
	if (old)
		bpf_obj_drop(old);
	return 0;
}

/* An object owning a tree (with a node in it) stashed whole; freed with the map. */
SEC("?tc")
int ks_stash_local_with_root(void *ctx)
{
	struct kroot *r, *old;
	struct kslot *v;
	struct kn *n;
	int idx = 0;

	v = bpf_map_lookup_elem(&ks_nodes, &idx);
	if (!v)
		return 1;
	r = bpf_obj_new(struct kroot);
	if (!r)
		return 2;
	n = bpf_obj_new(struct kn);
	if (!n) {
		bpf_obj_drop(r);
		return 3;
	}
	n->key = 7;
	bpf_spin_lock(&r->l);
	bpf_rbtree_add(&r->r, &n->node, kn_less);
	bpf_spin_unlock(&r->l);
	old = bpf_kptr_xchg(&v->root, r);
	if (old)
		bpf_obj_drop(old);
	return 0;
}

SEC("?tc")
int ks_stash_refcounted(void *ctx)
{
	struct krcslot *v;
	struct krc *p, *old;
	int idx = 0;

	v = bpf_map_lookup_elem(&ks_rc, &idx);
	if (!v)
		return 1;
	p = bpf_obj_new(struct krc);
	if (!p)
		return 2;
	p->data = 42;
	old = bpf_kptr_xchg(&v->stashed, p);
	if (old)
		bpf_obj_drop(old);
	return 0;
}

/*
 * Read the stashed object in place (an RCU load: non-owning, since krc has a node) and take
 * a reference without unstashing it. 2 = slot empty; else the object's data (42).
 */
SEC("?tc")
int ks_acquire_without_unstash(void *ctx)
{
	struct krcslot *v;
	struct krc *p, *m;
	int idx = 0;
	long data;

	v = bpf_map_lookup_elem(&ks_rc, &idx);
	if (!v)
		return 1;
	p = v->stashed;
	if (!p)
		return 2;
	m = bpf_refcount_acquire(p);
	if (!m)
		return 3;
	data = p->data;
	bpf_obj_drop(m);
	return data;
}

/* A kernel kptr next to the local ones: stash a bpf_cpumask, take it back, release it. */
SEC("?syscall")
int ks_stash_kernel_kptr(void *ctx)
{
	struct bpf_cpumask *mask, *old;
	struct kslot *v;
	int idx = 0;

	v = bpf_map_lookup_elem(&ks_nodes, &idx);
	if (!v)
		return 1;
	mask = bpf_cpumask_create();
	if (!mask)
		return 2;
	old = bpf_kptr_xchg(&v->mask, mask);
	if (old)
		bpf_cpumask_release(old);
	mask = bpf_kptr_xchg(&v->mask, NULL);
	if (!mask)
		return 3;
	bpf_cpumask_release(mask);
	return 0;
}

/* ---- D.9: failures ---- */

SEC("?tc")
int ks_stash_wrong_type(void *ctx)
{
	struct kn2 *n, *old;
	struct kslot *v;
	int idx = 0;

	v = bpf_map_lookup_elem(&ks_nodes, &idx);
	if (!v)
		return 1;
	n = bpf_obj_new(struct kn2);
	if (!n)
		return 2;
	old = bpf_kptr_xchg(&v->node, n);
	if (old)
		bpf_obj_drop(old);
	return 0;
}

SEC("?tc")
int ks_drop_node_off(void *ctx)
{
	struct kslot *v;
	struct kn *n;
	int idx = 0;

	v = bpf_map_lookup_elem(&ks_nodes, &idx);
	if (!v)
		return 1;
	n = bpf_obj_new(struct kn);
	if (!n)
		return 2;
	n->key = 42;
	n = bpf_kptr_xchg(&v->node, n);
	if (n)
		bpf_obj_drop(&n->node);
	return 0;
}
