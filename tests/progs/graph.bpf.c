// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/progs/graph.bpf.c: the graph collections: an rbtree and a list of objects allocated
 * with bpf_obj_new, each root guarded by a bpf_spin_lock in the same private data section and
 * tagged `contains:` so the verifier knows the node type. The kfuncs are declared by vmlinux.h
 * (bpfhive's `format c` emits the kernel's kfunc prototypes); nothing here declares an extern.
 */
#include "progs.h"

char LICENSE[] SEC("license") = "GPL";

struct hive_task {
	long key;
	long value;
	struct bpf_rb_node rb;
	struct bpf_list_node ln;
	struct bpf_refcount ref;
};

private(tree) struct bpf_spin_lock tree_lock;
private(tree) struct bpf_rb_root tree_root __contains(hive_task, rb);
private(list) struct bpf_spin_lock list_lock;
private(list) struct bpf_list_head list_head __contains(hive_task, ln);

static bool less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	struct hive_task *x = container_of(a, struct hive_task, rb);
	struct hive_task *y = container_of(b, struct hive_task, rb);

	return x->key < y->key;
}

SEC("syscall")
int hive_graph_add(void *ctx)
{
	struct hive_task *t, *m;

	t = bpf_obj_new(struct hive_task);
	if (!t)
		return 1;
	t->key = 42;
	m = bpf_refcount_acquire(t);
	bpf_spin_lock(&tree_lock);
	bpf_rbtree_add(&tree_root, &t->rb, less);
	bpf_spin_unlock(&tree_lock);
	if (!m)
		return 2;
	bpf_spin_lock(&list_lock);
	bpf_list_push_back(&list_head, &m->ln);
	bpf_spin_unlock(&list_lock);
	return 0;
}

SEC("syscall")
int hive_graph_pop(void *ctx)
{
	struct bpf_rb_node *rb;
	struct bpf_list_node *ln;
	long key = -1;

	bpf_spin_lock(&tree_lock);
	rb = bpf_rbtree_first(&tree_root);
	if (rb)
		rb = bpf_rbtree_remove(&tree_root, rb);
	bpf_spin_unlock(&tree_lock);
	if (rb) {
		struct hive_task *t = container_of(rb, struct hive_task, rb);

		key = t->key;
		bpf_obj_drop(t);
	}
	bpf_spin_lock(&list_lock);
	ln = bpf_list_pop_front(&list_head);
	bpf_spin_unlock(&list_lock);
	if (ln)
		bpf_obj_drop(container_of(ln, struct hive_task, ln));
	return key;
}
