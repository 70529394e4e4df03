// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/progs/rb_btf_wrong_node.bpf.c: spec D.2, first object: the rb root's
 * __contains names a member that is a bpf_list_node, not a bpf_rb_node. The whole object must
 * fail to load (the selftest only asserts that open_and_load fails); where it fails is what
 * the driver records.
 *
 * Layout: struct wn_task { long key@0; bpf_list_node ln@8 }; .data.W { bpf_spin_lock
 * wn_lock@0; bpf_rb_root wn_root@8 (contains wn_task:ln) }
 */
#include "gc.h"

char LICENSE[] SEC("license") = "GPL";

struct wn_task {
	long key;
	struct bpf_list_node ln;
};

private(W) struct bpf_spin_lock wn_lock = {};
private(W) struct bpf_rb_root wn_root __contains(wn_task, ln) = {};

SEC("tc")
int wn_first(void *ctx)
{
	struct wn_task *t = bpf_obj_new(struct wn_task);

	if (!t)
		return 1;
	bpf_obj_drop(t);
	bpf_spin_lock(&wn_lock);
	gc_sink(bpf_rbtree_first(&wn_root));
	bpf_spin_unlock(&wn_lock);
	return 0;
}
