// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/progs/rb_btf_wrong_type.bpf.c: spec D.2, second object: a wt_b node added to a
 * root that contains wt_a nodes.
 *
 * Layout: struct wt_a { long key@0; bpf_rb_node rb@8 }; struct wt_b { long key@0; long
 * extra@8; bpf_rb_node rb@16 }; .data.T { bpf_spin_lock wt_lock@0; bpf_rb_root wt_root@8
 * (contains wt_a:rb) }
 */
#include "gc.h"

char LICENSE[] SEC("license") = "GPL";

struct wt_a {
	long key;
	struct bpf_rb_node rb;
};

struct wt_b {
	long key;
	long extra;
	struct bpf_rb_node rb;
};

private(T) struct bpf_spin_lock wt_lock = {};
private(T) struct bpf_rb_root wt_root __contains(wt_a, rb) = {};

static bool wt_less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	return container_of(a, struct wt_a, rb)->key < container_of(b, struct wt_a, rb)->key;
}

/* A wt_a is added first (legal; it also makes clang emit struct wt_a into the BTF, which
 * __contains needs), then a wt_b. */
SEC("tc")
int wt_add_b(void *ctx)
{
	struct wt_a *a = bpf_obj_new(struct wt_a);
	struct wt_b *b;

	if (!a)
		return 1;
	b = bpf_obj_new(struct wt_b);
	if (!b) {
		bpf_obj_drop(a);
		return 1;
	}
	bpf_spin_lock(&wt_lock);
	bpf_rbtree_add(&wt_root, &a->rb, wt_less);
	bpf_rbtree_add(&wt_root, &b->rb, wt_less);
	bpf_spin_unlock(&wt_lock);
	return 0;
}
