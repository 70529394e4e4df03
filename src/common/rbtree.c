// SPDX-License-Identifier: BSD-2-Clause
/*
 * common/rbtree.c: red-black tree rebalancing with the kernel's case analysis.
 *
 * Invariants (a NULL child counts as a black leaf):
 *   1. every node is red or black; 2. the root is black; 3. a red node has black children;
 *   4. every path from a node down to its leaves crosses the same number of black nodes.
 *
 * Shape compatibility with the kernel's lib/rbtree.c is a requirement (BPF programs walk the
 * tree with bpf_rbtree_root/left/right), so the fix-ups below take the same decision in every
 * case: on insert, recolour when the uncle is red, otherwise rotate (once or twice) at the
 * parent/grandparent; on erase, a node with two children is replaced by its in-order
 * successor (never the predecessor), and the delete fix-up visits the sibling cases in the
 * kernel's order. Colours are drawn as in lib/rbtree.c: UPPER = black, lower = red.
 */
#include "common/rbtree.h"

static inline void set_parent(struct hive_rb_node *n, struct hive_rb_node *p)
{
	n->parent_color = (n->parent_color & 1UL) | (unsigned long)p;
}

static inline void set_parent_color(struct hive_rb_node *n, struct hive_rb_node *p,
				    unsigned long color)
{
	n->parent_color = (unsigned long)p | color;
}

static inline void set_black(struct hive_rb_node *n)
{
	n->parent_color |= HIVE_RB_BLACK;
}

/* Point whatever referenced @old (its parent's child slot, or the root) at @new. */
static inline void change_child(struct hive_rb_node *old, struct hive_rb_node *new,
				struct hive_rb_node *parent, struct hive_rb_root *root)
{
	if (!parent)
		root->node = new;
	else if (parent->left == old)
		parent->left = new;
	else
		parent->right = new;
}

/*
 * Second half of a rotation: @new takes @old's place (parent, colour, child slot) and @old
 * hangs below @new with @color.
 */
static inline void rotate_set_parents(struct hive_rb_node *old, struct hive_rb_node *new,
				      struct hive_rb_root *root, unsigned long color)
{
	struct hive_rb_node *parent = hive_rb_parent(old);

	new->parent_color = old->parent_color;
	set_parent_color(old, new, color);
	change_child(old, new, parent, root);
}

/*
 * Insert fix-up with @parent on the @dir side of @gparent (dir 0 = left). Returns the node to
 * continue from after a colour flip, or NULL when the tree is balanced. Mirrors the two
 * symmetric branches of the kernel with an index instead of duplicated code: `near` is the
 * child on the same side as @parent, `far` the other one.
 */
static struct hive_rb_node *insert_step(struct hive_rb_node *node, struct hive_rb_node *parent,
					struct hive_rb_node *gparent, struct hive_rb_root *root,
					int dir)
{
	struct hive_rb_node **g_near = dir ? &gparent->right : &gparent->left;
	struct hive_rb_node **g_far = dir ? &gparent->left : &gparent->right;
	struct hive_rb_node *uncle = *g_far, *tmp;

	if (uncle && hive_rb_is_red(uncle)) {
		/*
		 * Case 1: recolour and continue at g (its parent may be red).
		 *       G            g
		 *      / \          / \
		 *     p   u  -->   P   U
		 *    /            /
		 *   n            N
		 */
		set_parent_color(uncle, gparent, HIVE_RB_BLACK);
		set_parent_color(parent, gparent, HIVE_RB_BLACK);
		set_parent_color(gparent, hive_rb_parent(gparent), HIVE_RB_RED);
		return gparent;
	}

	tmp = dir ? parent->left : parent->right;
	if (node == tmp) {
		/*
		 * Case 2: n is the inner grandchild; rotate at p so it becomes the outer one.
		 *      G             G
		 *     / \           / \
		 *    p   U  -->    n   U
		 *     \           /
		 *      n         p
		 */
		tmp = dir ? node->right : node->left;
		if (dir) {
			parent->left = tmp;
			node->right = parent;
		} else {
			parent->right = tmp;
			node->left = parent;
		}
		if (tmp)
			set_parent_color(tmp, parent, HIVE_RB_BLACK);
		set_parent_color(parent, node, HIVE_RB_RED);
		parent = node;
	}

	/*
	 * Case 3: rotate at g; p takes g's place and colour (black), g becomes red.
	 *        G           P
	 *       / \         / \
	 *      p   U  -->  n   g
	 *     /                 \
	 *    n                   U
	 */
	tmp = dir ? parent->left : parent->right;
	*g_near = tmp;
	if (dir)
		parent->left = gparent;
	else
		parent->right = gparent;
	if (tmp)
		set_parent_color(tmp, gparent, HIVE_RB_BLACK);
	rotate_set_parents(gparent, parent, root, HIVE_RB_RED);
	return NULL;
}

void hive_rb_insert_color(struct hive_rb_node *node, struct hive_rb_root *root)
{
	/* node is red, so its parent_color is the bare parent pointer */
	struct hive_rb_node *parent = (struct hive_rb_node *)node->parent_color, *gparent;

	for (;;) {
		if (!parent) {
			set_parent_color(node, NULL, HIVE_RB_BLACK);
			return;
		}
		if (hive_rb_is_black(parent))
			return;
		/* parent is red, hence not the root: gparent exists */
		gparent = (struct hive_rb_node *)parent->parent_color;
		node = insert_step(node, parent, gparent, root, parent == gparent->right);
		if (!node)
			return;
		parent = hive_rb_parent(node);
	}
}

void hive_rb_insert_color_cached(struct hive_rb_node *node, struct hive_rb_root_cached *root,
				 bool leftmost)
{
	if (leftmost)
		root->leftmost = node;
	hive_rb_insert_color(node, &root->root);
}

/*
 * One step of the delete fix-up. The subtree at @parent's @dir side (dir 0 = left; node N,
 * black or NULL) is one black short. Returns the parent to continue from, or NULL when done.
 */
static struct hive_rb_node *erase_step(struct hive_rb_node *parent, struct hive_rb_root *root,
				       int dir)
{
#define NEAR(n) (*(dir ? &(n)->right : &(n)->left))
#define FAR(n) (*(dir ? &(n)->left : &(n)->right))
	struct hive_rb_node *sibling = FAR(parent), *tmp1, *tmp2;

	if (hive_rb_is_red(sibling)) {
		/*
		 * Case 1: rotate at p so that N gets a black sibling (Sl).
		 *     P               S
		 *    / \             / \
		 *   N   s    -->    p   Sr
		 *      / \         / \
		 *     Sl  Sr      N   Sl
		 */
		tmp1 = NEAR(sibling);
		FAR(parent) = tmp1;
		NEAR(sibling) = parent;
		set_parent_color(tmp1, parent, HIVE_RB_BLACK);
		rotate_set_parents(parent, sibling, root, HIVE_RB_RED);
		sibling = tmp1;
	}
	tmp1 = FAR(sibling);
	if (!tmp1 || hive_rb_is_black(tmp1)) {
		tmp2 = NEAR(sibling);
		if (!tmp2 || hive_rb_is_black(tmp2)) {
			/*
			 * Case 2: S and its children black: make S red. If p was red, blacken it
			 * and stop; otherwise the deficit moves up to p.
			 *    (p)           (p)
			 *    / \           / \
			 *   N   S    -->  N   s
			 *      / \           / \
			 *     Sl  Sr        Sl  Sr
			 */
			set_parent_color(sibling, parent, HIVE_RB_RED);
			if (hive_rb_is_red(parent)) {
				set_black(parent);
				return NULL;
			}
			return parent;
		}
		/*
		 * Case 3: near nephew red, far nephew black: rotate at S.
		 *   (p)           (p)
		 *   / \           / \
		 *  N   S    -->  N   sl
		 *     / \             \
		 *    sl  Sr            S
		 *                       \
		 *                        Sr
		 */
		tmp1 = FAR(tmp2);
		NEAR(sibling) = tmp1;
		FAR(tmp2) = sibling;
		FAR(parent) = tmp2;
		if (tmp1)
			set_parent_color(tmp1, sibling, HIVE_RB_BLACK);
		tmp1 = sibling;
		sibling = tmp2;
	}
	/*
	 * Case 4: far nephew red: rotate at p; S takes p's colour, p and Sr become black.
	 *      (p)             (s)
	 *      / \             / \
	 *     N   S     -->   P   Sr
	 *        / \         / \
	 *      (sl) sr      N  (sl)
	 */
	tmp2 = NEAR(sibling);
	FAR(parent) = tmp2;
	NEAR(sibling) = parent;
	set_parent_color(tmp1, sibling, HIVE_RB_BLACK);
	if (tmp2)
		set_parent(tmp2, parent);
	rotate_set_parents(parent, sibling, root, HIVE_RB_BLACK);
	return NULL;
#undef NEAR
#undef FAR
}

static void erase_color(struct hive_rb_node *parent, struct hive_rb_root *root)
{
	struct hive_rb_node *node = NULL;

	/*
	 * N is on the right iff it is parent->right. On the first step N is the NULL leaf left
	 * by the erase; the other side cannot be NULL (it holds the black height N lost), so
	 * the same test finds the right side, as in the kernel.
	 */
	while (parent) {
		int dir = node == parent->right;
		struct hive_rb_node *next = erase_step(parent, root, dir);

		if (!next)
			return;
		node = next;
		parent = hive_rb_parent(node);
	}
}

/*
 * Unlink @node. Returns the node where rebalancing must start (the parent of the removed
 * black leaf position), or NULL when recolouring locally was enough.
 */
static struct hive_rb_node *erase_unlink(struct hive_rb_node *node, struct hive_rb_root *root)
{
	struct hive_rb_node *child = node->right, *tmp = node->left;
	struct hive_rb_node *parent, *successor, *child2;
	unsigned long pc;

	if (!tmp) {
		/* At most a right child, which must be red with a black @node: it takes over. */
		pc = node->parent_color;
		parent = (struct hive_rb_node *)(pc & ~3UL);
		change_child(node, child, parent, root);
		if (child) {
			child->parent_color = pc;
			return NULL;
		}
		return (pc & HIVE_RB_BLACK) ? parent : NULL;
	}
	if (!child) {
		/* Only a (red) left child: it takes over @node's parent and colour. */
		tmp->parent_color = pc = node->parent_color;
		change_child(node, tmp, (struct hive_rb_node *)(pc & ~3UL), root);
		return NULL;
	}

	/* Two children: the in-order successor S (leftmost of the right subtree) moves up. */
	successor = child;
	tmp = child->left;
	if (!tmp) {
		/* S is node's right child; S keeps its right subtree C. */
		parent = successor;
		child2 = successor->right;
	} else {
		/* S is deeper: its right subtree C replaces it under its parent P. */
		do {
			parent = successor;
			successor = tmp;
			tmp = tmp->left;
		} while (tmp);
		child2 = successor->right;
		parent->left = child2;
		successor->right = child;
		set_parent(child, successor);
	}

	tmp = node->left;
	successor->left = tmp;
	set_parent(tmp, successor);

	pc = node->parent_color;
	change_child(node, successor, (struct hive_rb_node *)(pc & ~3UL), root);
	if (child2) {
		successor->parent_color = pc;
		set_parent_color(child2, parent, HIVE_RB_BLACK);
		return NULL;
	} else {
		unsigned long pc2 = successor->parent_color;

		successor->parent_color = pc;
		return (pc2 & HIVE_RB_BLACK) ? parent : NULL;
	}
}

void hive_rb_erase(struct hive_rb_node *node, struct hive_rb_root *root)
{
	struct hive_rb_node *rebalance = erase_unlink(node, root);

	if (rebalance)
		erase_color(rebalance, root);
}

void hive_rb_erase_cached(struct hive_rb_node *node, struct hive_rb_root_cached *root)
{
	if (root->leftmost == node)
		root->leftmost = hive_rb_next(node);
	hive_rb_erase(node, &root->root);
}

struct hive_rb_node *hive_rb_first(const struct hive_rb_root *root)
{
	struct hive_rb_node *n = root->node;

	if (!n)
		return NULL;
	while (n->left)
		n = n->left;
	return n;
}

struct hive_rb_node *hive_rb_last(const struct hive_rb_root *root)
{
	struct hive_rb_node *n = root->node;

	if (!n)
		return NULL;
	while (n->right)
		n = n->right;
	return n;
}

struct hive_rb_node *hive_rb_next(const struct hive_rb_node *node)
{
	struct hive_rb_node *parent;

	if (hive_rb_empty_node(node))
		return NULL;
	if (node->right) {
		node = node->right;
		while (node->left)
			node = node->left;
		return (struct hive_rb_node *)node;
	}
	/* Climb while we come from a right child; the first left-child ancestor is next. */
	while ((parent = hive_rb_parent(node)) && node == parent->right)
		node = parent;
	return parent;
}

struct hive_rb_node *hive_rb_prev(const struct hive_rb_node *node)
{
	struct hive_rb_node *parent;

	if (hive_rb_empty_node(node))
		return NULL;
	if (node->left) {
		node = node->left;
		while (node->right)
			node = node->right;
		return (struct hive_rb_node *)node;
	}
	while ((parent = hive_rb_parent(node)) && node == parent->left)
		node = parent;
	return parent;
}

/* Deepest node reached by going left when possible, else right. */
static struct hive_rb_node *left_deepest(const struct hive_rb_node *node)
{
	for (;;) {
		if (node->left)
			node = node->left;
		else if (node->right)
			node = node->right;
		else
			return (struct hive_rb_node *)node;
	}
}

struct hive_rb_node *hive_rb_first_postorder(const struct hive_rb_root *root)
{
	return root->node ? left_deepest(root->node) : NULL;
}

struct hive_rb_node *hive_rb_next_postorder(const struct hive_rb_node *node)
{
	struct hive_rb_node *parent;

	if (!node)
		return NULL;
	parent = hive_rb_parent(node);
	/* Coming up from the left with a right subtree pending: visit that subtree first. */
	if (parent && node == parent->left && parent->right)
		return left_deepest(parent->right);
	return parent;
}

bool hive_rb_add_cached(struct hive_rb_node *node, struct hive_rb_root_cached *tree,
			hive_rb_less_fn less, void *ctx)
{
	struct hive_rb_node **link = &tree->root.node, *parent = NULL;
	bool leftmost = true;

	while (*link) {
		parent = *link;
		if (less(node, parent, ctx)) {
			link = &parent->left;
		} else {
			link = &parent->right;
			leftmost = false;
		}
	}
	hive_rb_link_node(node, parent, link);
	hive_rb_insert_color_cached(node, tree, leftmost);
	return leftmost;
}
