// SPDX-License-Identifier: BSD-2-Clause
/*
 * kfunc/rbtree.c: bpf_rbtree_add_impl, bpf_rbtree_remove, bpf_rbtree_first/root/left/right.
 *
 * The tree is common/rbtree.c's, which rebalances exactly as lib/rbtree.c, inside the 16 bytes
 * of a bpf_rb_root (an rb_root_cached). Insertion walks from the root calling the program's
 * `less(new, cur)`: true goes left, false goes right and clears "leftmost" — the kernel's
 * __bpf_rbtree_add(), so equal keys land after existing ones and the cached leftmost is exact.
 */
#include "kfunc/kfunc.h"
#include "kfunc/fields.h"

static inline struct hive_bpf_rb_node *to_bpf(struct hive_rb_node *n)
{
	return n ? container_of(n, struct hive_bpf_rb_node, node) : NULL;
}

int kfunc_rbtree_add_impl(struct hive_bpf_rb_root *root, struct hive_bpf_rb_node *node,
			  kfunc_rb_less_fn less, void *less_ctx,
			  const struct hive_struct_meta *meta, uint64_t off)
{
	struct hive_rb_node **link = &root->tree.root.node, *parent = NULL;
	void *expected = NULL;
	bool leftmost = true;

	/* Already in a collection (only possible for refcounted nodes): consume the reference. */
	if (!__atomic_compare_exchange_n(&node->owner, &expected, KFUNC_PTR_POISON, false,
					 __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) {
		kfunc_obj_drop((char *)node - off, meta ? meta->record : NULL, false);
		return -EINVAL;
	}
	while (*link) {
		parent = *link;
		if (less(less_ctx, node, to_bpf(parent))) {
			link = &parent->left;
		} else {
			link = &parent->right;
			leftmost = false;
		}
	}
	hive_rb_link_node(&node->node, parent, link);
	hive_rb_insert_color_cached(&node->node, &root->tree, leftmost);
	__atomic_store_n(&node->owner, root, __ATOMIC_RELEASE);
	return 0;
}

struct hive_bpf_rb_node *kfunc_rbtree_remove(struct hive_bpf_rb_root *root,
					     struct hive_bpf_rb_node *node)
{
	/* Not in this tree: never added, in another tree, or already removed via an alias. */
	if (__atomic_load_n(&node->owner, __ATOMIC_ACQUIRE) != root)
		return NULL;
	hive_rb_erase_cached(&node->node, &root->tree);
	hive_rb_clear_node(&node->node);
	__atomic_store_n(&node->owner, NULL, __ATOMIC_RELEASE);
	return node;
}

struct hive_bpf_rb_node *kfunc_rbtree_first(struct hive_bpf_rb_root *root)
{
	return to_bpf(hive_rb_first_cached(&root->tree));
}

struct hive_bpf_rb_node *kfunc_rbtree_root(struct hive_bpf_rb_root *root)
{
	return to_bpf(root->tree.root.node);
}

struct hive_bpf_rb_node *kfunc_rbtree_left(struct hive_bpf_rb_root *root,
					   struct hive_bpf_rb_node *node)
{
	if (__atomic_load_n(&node->owner, __ATOMIC_ACQUIRE) != root)
		return NULL;
	return to_bpf(node->node.left);
}

struct hive_bpf_rb_node *kfunc_rbtree_right(struct hive_bpf_rb_root *root,
					    struct hive_bpf_rb_node *node)
{
	if (__atomic_load_n(&node->owner, __ATOMIC_ACQUIRE) != root)
		return NULL;
	return to_bpf(node->node.right);
}
