// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests for common/rbtree: after every insert and erase of long random sequences the tree
 * must satisfy the red-black invariants, hold exactly the elements of a brute-force sorted
 * model in order, keep its cached leftmost and parent links right, and have exactly the shape
 * and colours of an independent textbook (CLRS, sentinel-based) red-black tree driven by the
 * same operations. CLRS's insert and delete take the same decisions as lib/rbtree.c (uncle
 * recolouring; successor replacement; the four sibling cases), so shape equality with it is our
 * stand-in for the kernel until the differential test against real BPF programs exists.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/err.h"
#include "common/rbtree.h"

struct item {
	struct hive_rb_node rb;
	int key;
	int id;
	bool linked;
};

static bool item_less(const struct hive_rb_node *a, const struct hive_rb_node *b, void *ctx)
{
	return container_of(a, struct item, rb)->key < container_of(b, struct item, rb)->key;
}

/* ---- the reference: CLRS red-black tree with a sentinel ---- */

enum { C_RED, C_BLACK };

struct ref_node {
	struct ref_node *left, *right, *p;
	int color, key, id;
};

struct ref_tree {
	struct ref_node nil;
	struct ref_node *root;
};

static void ref_init(struct ref_tree *t)
{
	t->nil.color = C_BLACK;
	t->nil.left = t->nil.right = t->nil.p = &t->nil;
	t->root = &t->nil;
}

static void ref_rotate(struct ref_tree *t, struct ref_node *x, int left)
{
	struct ref_node *y = left ? x->right : x->left;
	struct ref_node *inner = left ? y->left : y->right;

	if (left)
		x->right = inner;
	else
		x->left = inner;
	if (inner != &t->nil)
		inner->p = x;
	y->p = x->p;
	if (x->p == &t->nil)
		t->root = y;
	else if (x == x->p->left)
		x->p->left = y;
	else
		x->p->right = y;
	if (left)
		y->left = x;
	else
		y->right = x;
	x->p = y;
}

static void ref_insert(struct ref_tree *t, struct ref_node *z)
{
	struct ref_node *y = &t->nil, *x = t->root;

	while (x != &t->nil) {
		y = x;
		x = z->key < x->key ? x->left : x->right;
	}
	z->p = y;
	if (y == &t->nil)
		t->root = z;
	else if (z->key < y->key)
		y->left = z;
	else
		y->right = z;
	z->left = z->right = &t->nil;
	z->color = C_RED;
	while (z->p->color == C_RED) {
		int pleft = z->p == z->p->p->left;
		struct ref_node *u = pleft ? z->p->p->right : z->p->p->left;

		if (u->color == C_RED) {
			z->p->color = C_BLACK;
			u->color = C_BLACK;
			z->p->p->color = C_RED;
			z = z->p->p;
			continue;
		}
		if (z == (pleft ? z->p->right : z->p->left)) {
			z = z->p;
			ref_rotate(t, z, pleft);
		}
		z->p->color = C_BLACK;
		z->p->p->color = C_RED;
		ref_rotate(t, z->p->p, !pleft);
	}
	t->root->color = C_BLACK;
}

static void ref_transplant(struct ref_tree *t, struct ref_node *u, struct ref_node *v)
{
	if (u->p == &t->nil)
		t->root = v;
	else if (u == u->p->left)
		u->p->left = v;
	else
		u->p->right = v;
	v->p = u->p;
}

static void ref_delete_fixup(struct ref_tree *t, struct ref_node *x)
{
	while (x != t->root && x->color == C_BLACK) {
		int xleft = x == x->p->left;
		struct ref_node *w = xleft ? x->p->right : x->p->left;

		if (w->color == C_RED) {
			w->color = C_BLACK;
			x->p->color = C_RED;
			ref_rotate(t, x->p, xleft);
			w = xleft ? x->p->right : x->p->left;
		}
		struct ref_node *wnear = xleft ? w->left : w->right;
		struct ref_node *wfar = xleft ? w->right : w->left;

		if (wnear->color == C_BLACK && wfar->color == C_BLACK) {
			w->color = C_RED;
			x = x->p;
			continue;
		}
		if (wfar->color == C_BLACK) {
			wnear->color = C_BLACK;
			w->color = C_RED;
			ref_rotate(t, w, !xleft);
			w = xleft ? x->p->right : x->p->left;
		}
		w->color = x->p->color;
		x->p->color = C_BLACK;
		(xleft ? w->right : w->left)->color = C_BLACK;
		ref_rotate(t, x->p, xleft);
		x = t->root;
	}
	x->color = C_BLACK;
}

static void ref_delete(struct ref_tree *t, struct ref_node *z)
{
	struct ref_node *y = z, *x;
	int y_color = y->color;

	if (z->left == &t->nil) {
		x = z->right;
		ref_transplant(t, z, z->right);
	} else if (z->right == &t->nil) {
		x = z->left;
		ref_transplant(t, z, z->left);
	} else {
		y = z->right;
		while (y->left != &t->nil)
			y = y->left;
		y_color = y->color;
		x = y->right;
		if (y->p == z) {
			x->p = y;
		} else {
			ref_transplant(t, y, y->right);
			y->right = z->right;
			y->right->p = y;
		}
		ref_transplant(t, z, y);
		y->left = z->left;
		y->left->p = y;
		y->color = z->color;
	}
	if (y_color == C_BLACK)
		ref_delete_fixup(t, x);
}

/* ---- checks ---- */

/* Returns the black height; fails the test on any broken invariant or link. */
static int check_subtree(const struct hive_rb_node *n, const struct hive_rb_node *parent,
			 const int *lo, const int *hi)
{
	int lh, rh;

	if (!n)
		return 1;
	assert_ptr_equal(hive_rb_parent(n), parent);
	assert_int_equal(n->parent_color & 2UL, 0);
	if (hive_rb_is_red(n)) {
		assert_true(!n->left || hive_rb_is_black(n->left));
		assert_true(!n->right || hive_rb_is_black(n->right));
	}
	int key = container_of(n, struct item, rb)->key;

	if (lo)
		assert_true(key >= *lo);
	if (hi)
		assert_true(key <= *hi);
	lh = check_subtree(n->left, n, lo, &key);
	rh = check_subtree(n->right, n, &key, hi);
	assert_int_equal(lh, rh);
	return lh + hive_rb_is_black(n);
}

static void check_same_shape(const struct hive_rb_node *n, const struct ref_node *r,
			     const struct ref_tree *t)
{
	if (!n) {
		assert_ptr_equal(r, &t->nil);
		return;
	}
	assert_ptr_not_equal(r, &t->nil);
	assert_int_equal(container_of(n, struct item, rb)->id, r->id);
	assert_int_equal(hive_rb_is_black(n) ? C_BLACK : C_RED, r->color);
	check_same_shape(n->left, r->left, t);
	check_same_shape(n->right, r->right, t);
}

static int cmp_int(const void *a, const void *b)
{
	return *(const int *)a - *(const int *)b;
}

static void check_all(struct hive_rb_root_cached *tree, struct ref_tree *ref, const int *model,
		      int cnt)
{
	struct hive_rb_node *n;
	int i = 0;

	if (tree->root.node)
		assert_true(hive_rb_is_black(tree->root.node));
	check_subtree(tree->root.node, NULL, NULL, NULL);
	check_same_shape(tree->root.node, ref->root, ref);
	assert_ptr_equal(tree->leftmost, hive_rb_first(&tree->root));
	for (n = hive_rb_first(&tree->root); n; n = hive_rb_next(n), i++) {
		assert_true(i < cnt);
		assert_int_equal(container_of(n, struct item, rb)->key, model[i]);
	}
	assert_int_equal(i, cnt);
	for (n = hive_rb_last(&tree->root); n; n = hive_rb_prev(n))
		assert_int_equal(container_of(n, struct item, rb)->key, model[--i]);
	assert_int_equal(i, 0);
}

static void run_random(unsigned int seed, int nr_items, int nr_ops, int key_range)
{
	struct item *items = calloc(nr_items, sizeof(*items));
	struct ref_node *refs = calloc(nr_items, sizeof(*refs));
	int *model = calloc(nr_items, sizeof(*model));
	struct hive_rb_root_cached tree = { 0 };
	struct ref_tree ref;
	int cnt = 0;

	srand(seed);
	ref_init(&ref);
	for (int i = 0; i < nr_items; i++)
		items[i].id = refs[i].id = i;
	for (int op = 0; op < nr_ops; op++) {
		int i = rand() % nr_items;
		struct item *it = &items[i];

		if (!it->linked) {
			it->key = refs[i].key = rand() % key_range;
			hive_rb_add_cached(&it->rb, &tree, item_less, NULL);
			ref_insert(&ref, &refs[i]);
			it->linked = true;
			model[cnt++] = it->key;
			qsort(model, cnt, sizeof(*model), cmp_int);
		} else {
			int *slot = bsearch(&it->key, model, cnt, sizeof(*model), cmp_int);

			assert_non_null(slot);
			memmove(slot, slot + 1, (size_t)(model + cnt - slot - 1) * sizeof(*model));
			cnt--;
			hive_rb_erase_cached(&it->rb, &tree);
			hive_rb_clear_node(&it->rb);
			ref_delete(&ref, &refs[i]);
			it->linked = false;
		}
		check_all(&tree, &ref, model, cnt);
	}
	free(items);
	free(refs);
	free(model);
}

static void test_random_small_keys(void **state)
{
	/* Many duplicates: equal keys must go after existing ones in both trees. */
	for (unsigned int seed = 1; seed <= 20; seed++)
		run_random(seed, 40, 2000, 8);
}

static void test_random_wide_keys(void **state)
{
	for (unsigned int seed = 100; seed < 105; seed++)
		run_random(seed, 300, 6000, 1 << 20);
}

static void test_ascending_then_drain(void **state)
{
	enum { N = 257 };
	struct item items[N];
	struct hive_rb_root_cached tree = { 0 };
	struct ref_node refs[N];
	struct ref_tree ref;
	int model[N];

	ref_init(&ref);
	memset(items, 0, sizeof(items));
	for (int i = 0; i < N; i++) {
		items[i].key = refs[i].key = model[i] = i;
		items[i].id = refs[i].id = i;
		hive_rb_add_cached(&items[i].rb, &tree, item_less, NULL);
		ref_insert(&ref, &refs[i]);
		check_all(&tree, &ref, model, i + 1);
	}
	/* Always erase the leftmost: exercises the cache update on every step. */
	for (int i = 0; i < N; i++) {
		assert_ptr_equal(tree.leftmost, &items[i].rb);
		hive_rb_erase_cached(&items[i].rb, &tree);
		ref_delete(&ref, &refs[i]);
		check_all(&tree, &ref, model + i + 1, N - i - 1);
	}
	assert_null(tree.root.node);
	assert_null(tree.leftmost);
}

/* Hand-derived shapes: inserting 1,2,3 rotates to root 2; adding 4 recolours. */
static void test_known_shapes(void **state)
{
	struct item it[4] = { { .key = 1 }, { .key = 2 }, { .key = 3 }, { .key = 4 } };
	struct hive_rb_root_cached tree = { 0 };

	for (int i = 0; i < 3; i++)
		assert_int_equal(hive_rb_add_cached(&it[i].rb, &tree, item_less, NULL), i == 0);
	assert_ptr_equal(tree.root.node, &it[1].rb);
	assert_ptr_equal(it[1].rb.left, &it[0].rb);
	assert_ptr_equal(it[1].rb.right, &it[2].rb);
	assert_true(hive_rb_is_black(&it[1].rb));
	assert_true(hive_rb_is_red(&it[0].rb) && hive_rb_is_red(&it[2].rb));
	hive_rb_add_cached(&it[3].rb, &tree, item_less, NULL);
	/* uncle (1) red: 1 and 3 turn black, 2 would turn red but is the root */
	assert_true(hive_rb_is_black(&it[0].rb) && hive_rb_is_black(&it[2].rb));
	assert_true(hive_rb_is_black(&it[1].rb));
	assert_true(hive_rb_is_red(&it[3].rb));
	assert_ptr_equal(it[2].rb.right, &it[3].rb);
	/* Erasing the root (two children) promotes its successor 3, whose right child 4
	 * takes its place and turns black. */
	hive_rb_erase_cached(&it[1].rb, &tree);
	assert_ptr_equal(tree.root.node, &it[2].rb);
	assert_ptr_equal(it[2].rb.left, &it[0].rb);
	assert_ptr_equal(it[2].rb.right, &it[3].rb);
	assert_true(hive_rb_is_black(&it[3].rb));
}

static void test_postorder_visits_children_first(void **state)
{
	enum { N = 100 };
	struct item items[N];
	struct hive_rb_root_cached tree = { 0 };
	bool seen[N] = { false };
	int visited = 0;

	memset(items, 0, sizeof(items));
	for (int i = 0; i < N; i++) {
		items[i].key = (i * 37) % N;
		items[i].id = i;
		hive_rb_add_cached(&items[i].rb, &tree, item_less, NULL);
	}
	for (struct hive_rb_node *n = hive_rb_first_postorder(&tree.root); n;
	     n = hive_rb_next_postorder(n)) {
		struct item *it = container_of(n, struct item, rb);

		if (n->left)
			assert_true(seen[container_of(n->left, struct item, rb)->id]);
		if (n->right)
			assert_true(seen[container_of(n->right, struct item, rb)->id]);
		assert_false(seen[it->id]);
		seen[it->id] = true;
		visited++;
	}
	assert_int_equal(visited, N);
	assert_null(hive_rb_first_postorder(&(struct hive_rb_root){ NULL }));
}

static void test_empty_node_helpers(void **state)
{
	struct item it = { .key = 1 };

	hive_rb_clear_node(&it.rb);
	assert_true(hive_rb_empty_node(&it.rb));
	assert_null(hive_rb_next(&it.rb));
	assert_null(hive_rb_prev(&it.rb));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known_shapes),
		cmocka_unit_test(test_random_small_keys),
		cmocka_unit_test(test_random_wide_keys),
		cmocka_unit_test(test_ascending_then_drain),
		cmocka_unit_test(test_postorder_visits_children_first),
		cmocka_unit_test(test_empty_node_helpers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
