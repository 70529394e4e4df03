/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * common/rbtree.h: intrusive red-black tree with the Linux kernel's node layout.
 *
 * The layout is ABI, not a convenience: BPF programs embed a `struct bpf_rb_node` (32 bytes) and a
 * `struct bpf_rb_root` (16 bytes) in their objects, and the runtime keeps a hive_rb_node and a
 * hive_rb_root_cached inside those bytes exactly as the kernel keeps its rb_node and
 * rb_root_cached. Programs observe the tree's shape through bpf_rbtree_root/left/right, so the
 * rebalancing follows lib/rbtree.c case for case (same rotations, same recolourings, erase by
 * in-order successor) and the same operations produce the same tree in both.
 *
 *   struct hive_rb_node            struct hive_rb_root_cached
 *   +0  parent_color  (parent | colour bit 0: 0 red, 1 black)    +0 root.node
 *   +8  right                                                    +8 leftmost
 *   +16 left
 *
 * The tree never allocates and never owns its nodes; callers provide the search (or use
 * hive_rb_add_cached() with a `less` function) and the locking.
 */
#ifndef __HIVE_COMMON_RBTREE_H
#define __HIVE_COMMON_RBTREE_H

#include <stdbool.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

struct hive_rb_node {
	unsigned long parent_color;
	struct hive_rb_node *right;
	struct hive_rb_node *left;
} __attribute__((aligned(sizeof(long))));

struct hive_rb_root {
	struct hive_rb_node *node;
};

/* A root that also caches its leftmost (smallest) node, as the kernel's rb_root_cached. */
struct hive_rb_root_cached {
	struct hive_rb_root root;
	struct hive_rb_node *leftmost;
};

#define HIVE_RB_RED 0UL
#define HIVE_RB_BLACK 1UL

static inline struct hive_rb_node *hive_rb_parent(const struct hive_rb_node *n)
{
	return (struct hive_rb_node *)(n->parent_color & ~3UL);
}

static inline bool hive_rb_is_black(const struct hive_rb_node *n)
{
	return n->parent_color & HIVE_RB_BLACK;
}

static inline bool hive_rb_is_red(const struct hive_rb_node *n)
{
	return !hive_rb_is_black(n);
}

/* A node in no tree points to itself (RB_CLEAR_NODE / RB_EMPTY_NODE). */
static inline void hive_rb_clear_node(struct hive_rb_node *n)
{
	n->parent_color = (unsigned long)n;
}

static inline bool hive_rb_empty_node(const struct hive_rb_node *n)
{
	return n->parent_color == (unsigned long)n;
}

/*
 * hive_rb_link_node() - hang @node, red and childless, at *@link below @parent (NULL for the
 * root). The caller then calls hive_rb_insert_color() to rebalance.
 */
static inline void hive_rb_link_node(struct hive_rb_node *node, struct hive_rb_node *parent,
				     struct hive_rb_node **link)
{
	node->parent_color = (unsigned long)parent;
	node->left = node->right = NULL;
	*link = node;
}

/* Rebalance after hive_rb_link_node(). */
void hive_rb_insert_color(struct hive_rb_node *node, struct hive_rb_root *root);
/* Same, and make @node the cached leftmost if @leftmost (it never descended right). */
void hive_rb_insert_color_cached(struct hive_rb_node *node, struct hive_rb_root_cached *root,
				 bool leftmost);
/* Unlink @node and rebalance. @node's own fields are left stale (use hive_rb_clear_node()). */
void hive_rb_erase(struct hive_rb_node *node, struct hive_rb_root *root);
void hive_rb_erase_cached(struct hive_rb_node *node, struct hive_rb_root_cached *root);

/* In-order and post-order walks; NULL at the end. */
struct hive_rb_node *hive_rb_first(const struct hive_rb_root *root);
struct hive_rb_node *hive_rb_last(const struct hive_rb_root *root);
struct hive_rb_node *hive_rb_next(const struct hive_rb_node *node);
struct hive_rb_node *hive_rb_prev(const struct hive_rb_node *node);
struct hive_rb_node *hive_rb_first_postorder(const struct hive_rb_root *root);
struct hive_rb_node *hive_rb_next_postorder(const struct hive_rb_node *node);

static inline struct hive_rb_node *hive_rb_first_cached(const struct hive_rb_root_cached *root)
{
	return root->leftmost;
}

typedef bool (*hive_rb_less_fn)(const struct hive_rb_node *a, const struct hive_rb_node *b,
				void *ctx);

/*
 * hive_rb_add_cached() - insert @node where @less puts it: descend left while less(node, cur),
 * else right, so equal keys go after the existing ones (the kernel's rb_add_cached() and
 * bpf_rbtree_add()). Returns true if @node became the leftmost node.
 */
bool hive_rb_add_cached(struct hive_rb_node *node, struct hive_rb_root_cached *tree,
			hive_rb_less_fn less, void *ctx);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_COMMON_RBTREE_H */
