// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests for the graph kfuncs: every run-time result of spec E (rbtree.c, rbtree_search.c,
 * linked_list.c, linked_list_peek.c, refcounted_kptr.c, local_kptr_stash.c) replayed as the
 * C-level sequence of kfunc calls the verified program makes, plus the failure behaviour of
 * spec B (already-owned nodes, wrong owners, empty collections). Each test checks for leaks
 * through the allocator's live-object counter (fx_teardown).
 */
#include "test_kfunc_fixtures.h"

/* ---- E.1 rbtree.c ---- */

struct less_ctx {
	int ran; /* less_callback_ran */
};

static bool less_nd(void *ctx, struct hive_bpf_rb_node *a, const struct hive_bpf_rb_node *b)
{
	struct node_data *na = container_of(a, struct node_data, node);
	const struct node_data *nb = container_of(b, struct node_data, node);

	if (ctx)
		((struct less_ctx *)ctx)->ran = 1;
	return na->key < nb->key;
}

static struct node_data *new_nd(long key, long data)
{
	struct node_data *n = kfunc_obj_new_impl(sizeof(*n), M(T_NODE_DATA));

	assert_non_null(n);
	/* bpf_obj_init: node cleared, owner NULL */
	assert_true(hive_rb_empty_node(&n->node.node));
	assert_null(n->node.owner);
	n->key = key;
	n->data = data;
	return n;
}

static int add_nd(struct rb_glob *g, struct node_data *n, struct less_ctx *lc)
{
	return kfunc_rbtree_add_impl(&g->groot, &n->node, less_nd, lc, M(T_NODE_DATA),
				     offsetof(struct node_data, node));
}

#define ND(rb) container_of(rb, struct node_data, node)

static void test_rbtree_add_nodes(void **state)
{
	struct rb_glob *g = fx_value(sizeof(*g));
	struct less_ctx lc = { .ran = -1 };
	struct node_data *n, *m, *o;

	PROG_BEGIN();
	n = new_nd(5, 0);
	m = new_nd(1, 0);
	kfunc_spin_lock(&g->glock);
	assert_int_equal(add_nd(g, n, &lc), 0);
	assert_int_equal(lc.ran, -1); /* first node: no comparison */
	assert_int_equal(add_nd(g, m, &lc), 0);
	kfunc_spin_unlock(&g->glock);
	o = new_nd(3, 0);
	kfunc_spin_lock(&g->glock);
	assert_int_equal(add_nd(g, o, &lc), 0);
	/* owner tags point at the root; the tree is 1 < 3 < 5 with 3 at the root after the
	 * rotation, and first() is the cached leftmost */
	assert_ptr_equal(n->node.owner, &g->groot);
	assert_ptr_equal(ND(kfunc_rbtree_first(&g->groot)), m);
	assert_ptr_equal(ND(kfunc_rbtree_root(&g->groot)), o);
	assert_ptr_equal(ND(kfunc_rbtree_left(&g->groot, &o->node)), m);
	assert_ptr_equal(ND(kfunc_rbtree_right(&g->groot, &o->node)), n);
	assert_null(kfunc_rbtree_left(&g->groot, &m->node));
	kfunc_spin_unlock(&g->glock);
	PROG_END();
	assert_int_equal(lc.ran, 1);
	assert_int_equal(fx_live(), 3);
	fx_value_free(FX.rb_glob, g); /* map destruction drains the tree */
	assert_int_equal(fx_live(), 0);
}

static void test_rbtree_add_and_remove(void **state)
{
	struct rb_glob *g = fx_value(sizeof(*g));
	struct node_data *n, *m, *res;
	struct hive_bpf_rb_node *rb;
	long removed_key = -1;

	PROG_BEGIN();
	n = new_nd(5, 0);
	m = new_nd(3, 0);
	kfunc_spin_lock(&g->glock);
	add_nd(g, n, NULL);
	add_nd(g, m, NULL);
	/* n is non-owning now; remove through it gives back an owning ref */
	rb = kfunc_rbtree_remove(&g->groot, &n->node);
	kfunc_spin_unlock(&g->glock);
	assert_non_null(rb);
	res = ND(rb);
	assert_null(res->node.owner);
	assert_true(hive_rb_empty_node(&res->node.node));
	removed_key = res->key;
	kfunc_obj_drop_impl(res, M(T_NODE_DATA));
	PROG_END();
	assert_int_equal(removed_key, 5);
	assert_int_equal(fx_live(), 1);
	fx_value_free(FX.rb_glob, g);
}

static void test_rbtree_add_and_remove_array(void **state)
{
	/* groot_array[2] and groot_array_one[1] under one lock: three roots, one value */
	struct {
		struct hive_bpf_rb_root roots[3];
		struct hive_bpf_spin_lock lock;
	} *g = fx_value(56);
	struct hive_record *rec = FX_REC(56, F_RROOT(0, T_NODE_DATA, 16),
					 F_RROOT(16, T_NODE_DATA, 16), F_RROOT(32, T_NODE_DATA, 16),
					 F_LOCK(48));
	struct node_data *nodes[6];
	long removed[3];

	assert_int_equal(btf_record_check_and_fixup(rec, fx_find_meta, NULL), 0);
	PROG_BEGIN();
	for (int i = 0; i < 6; i++)
		nodes[i] = new_nd(i, 0);
	kfunc_spin_lock(&g->lock);
	for (int i = 0; i < 6; i++)
		assert_int_equal(kfunc_rbtree_add_impl(&g->roots[i / 2], &nodes[i]->node, less_nd,
						       NULL, M(T_NODE_DATA), 16),
				 0);
	for (int r = 0; r < 3; r++) {
		struct hive_bpf_rb_node *rb =
			kfunc_rbtree_remove(&g->roots[r], &nodes[2 * r]->node);

		assert_non_null(rb);
		removed[r] = ND(rb)->key;
		nodes[2 * r] = ND(rb);
	}
	kfunc_spin_unlock(&g->lock);
	for (int r = 0; r < 3; r++)
		kfunc_obj_drop_impl(nodes[2 * r], M(T_NODE_DATA));
	PROG_END();
	assert_int_equal(removed[0], 0);
	assert_int_equal(removed[1], 2);
	assert_int_equal(removed[2], 4);
	fx_value_free(rec, g);
	btf_record_free(rec);
}

static void test_rbtree_first_and_remove(void **state)
{
	struct rb_glob *g = fx_value(sizeof(*g));
	long first_data[2] = { -1, -1 }, removed_key = -1;
	struct hive_bpf_rb_node *rb;
	struct node_data *n;

	PROG_BEGIN();
	struct node_data *a = new_nd(3, 4), *b = new_nd(5, 6), *c = new_nd(1, 2);

	kfunc_spin_lock(&g->glock);
	add_nd(g, a, NULL);
	add_nd(g, b, NULL);
	add_nd(g, c, NULL);
	rb = kfunc_rbtree_first(&g->groot);
	assert_non_null(rb);
	first_data[0] = ND(rb)->data;
	rb = kfunc_rbtree_remove(&g->groot, rb);
	kfunc_spin_unlock(&g->glock);
	assert_non_null(rb);
	n = ND(rb);
	removed_key = n->key;
	kfunc_obj_drop_impl(n, M(T_NODE_DATA));
	kfunc_spin_lock(&g->glock);
	rb = kfunc_rbtree_first(&g->groot);
	assert_non_null(rb);
	first_data[1] = ND(rb)->data;
	kfunc_spin_unlock(&g->glock);
	PROG_END();
	assert_int_equal(first_data[0], 2);
	assert_int_equal(removed_key, 1);
	assert_int_equal(first_data[1], 4);
	fx_value_free(FX.rb_glob, g);
}

static void test_rbtree_api_release_aliasing(void **state)
{
	struct rb_glob *g = fx_value(sizeof(*g));
	long first_data[2] = { -1, -1 };
	struct hive_bpf_rb_node *m, *o, *res, *res2;

	PROG_BEGIN();
	kfunc_spin_lock(&g->glock);
	add_nd(g, new_nd(41, 42), NULL);
	kfunc_spin_unlock(&g->glock);

	kfunc_spin_lock(&g->glock);
	m = kfunc_rbtree_first(&g->groot);
	o = kfunc_rbtree_first(&g->groot);
	assert_ptr_equal(m, o);
	res = kfunc_rbtree_remove(&g->groot, m);
	res2 = kfunc_rbtree_remove(&g->groot, o); /* owner is NULL now: fails */
	kfunc_spin_unlock(&g->glock);
	assert_non_null(res);
	assert_null(res2);
	first_data[0] = ND(res)->data;
	kfunc_obj_drop_impl(ND(res), M(T_NODE_DATA));
	PROG_END();
	assert_int_equal(first_data[0], 42);
	assert_int_equal(first_data[1], -1);
	fx_value_free(FX.rb_glob, g);
}

static void test_rbtree_api_remove_unadded_node(void **state)
{
	struct rb_glob *g = fx_value(sizeof(*g));
	struct hive_bpf_rb_node *res, *res2;
	struct node_data *n, *m;

	PROG_BEGIN();
	n = new_nd(1, 0);
	m = new_nd(2, 0);
	kfunc_spin_lock(&g->glock);
	add_nd(g, n, NULL);
	res = kfunc_rbtree_remove(&g->groot, &n->node);
	res2 = kfunc_rbtree_remove(&g->groot, &m->node);
	kfunc_spin_unlock(&g->glock);
	assert_ptr_equal(res, &n->node);
	assert_null(res2);
	kfunc_obj_drop_impl(n, M(T_NODE_DATA));
	kfunc_obj_drop_impl(m, M(T_NODE_DATA));
	PROG_END();
	fx_value_free(FX.rb_glob, g);
}

static void test_rbtree_empty_root(void **state)
{
	struct rb_glob *g = fx_value(sizeof(*g));

	assert_null(kfunc_rbtree_first(&g->groot));
	assert_null(kfunc_rbtree_root(&g->groot));
	fx_value_free(FX.rb_glob, g);
}

/* ---- E.2 rbtree_search.c ---- */

static bool less0(void *ctx, struct hive_bpf_rb_node *a, const struct hive_bpf_rb_node *b)
{
	return container_of(a, struct search_node, r0)->key0 <
	       container_of(b, struct search_node, r0)->key0;
}

static bool less1(void *ctx, struct hive_bpf_rb_node *a, const struct hive_bpf_rb_node *b)
{
	return container_of(a, struct search_node, r1)->key1 <
	       container_of(b, struct search_node, r1)->key1;
}

static void test_rbtree_search(void **state)
{
	struct search_glob *g0 = fx_value(24), *g1 = fx_value(24);
	struct search_node *visited[16], *found = NULL, *acq;
	struct hive_bpf_rb_node *rb;
	int nr_visited = 0;

	PROG_BEGIN();
	for (int i = 0; i < 16; i++) {
		struct search_node *n = kfunc_obj_new_impl(sizeof(*n), M(T_SEARCH)), *m;

		assert_non_null(n);
		assert_int_equal(kfunc_refcount_read(&n->ref), 1);
		n->key0 = i;
		n->key1 = i + 100;
		m = kfunc_refcount_acquire_impl(n, M(T_SEARCH));
		assert_ptr_equal(m, n);
		kfunc_spin_lock(&g0->lock);
		assert_int_equal(
			kfunc_rbtree_add_impl(&g0->root, &n->r0, less0, NULL, M(T_SEARCH), 8), 0);
		kfunc_spin_unlock(&g0->lock);
		kfunc_spin_lock(&g1->lock);
		assert_int_equal(
			kfunc_rbtree_add_impl(&g1->root, &m->r1, less1, NULL, M(T_SEARCH), 40), 0);
		kfunc_spin_unlock(&g1->lock);
		assert_int_equal(kfunc_refcount_read(&n->ref), 2);
	}
	/* binary search for key0 == 8 with root/left/right, removing visited nodes */
	kfunc_spin_lock(&g0->lock);
	rb = kfunc_rbtree_root(&g0->root);
	while (rb && nr_visited < 16) {
		struct search_node *n = container_of(rb, struct search_node, r0);

		if (n->key0 == 8) {
			found = n;
			break;
		}
		visited[nr_visited++] = n;
		rb = n->key0 > 8 ? kfunc_rbtree_left(&g0->root, rb) :
				   kfunc_rbtree_right(&g0->root, rb);
	}
	assert_non_null(found);
	for (int i = 0; i < nr_visited; i++) {
		rb = kfunc_rbtree_remove(&g0->root, &visited[i]->r0);
		assert_non_null(rb);
		visited[i] = container_of(rb, struct search_node, r0);
	}
	acq = kfunc_refcount_acquire_impl(found, M(T_SEARCH));
	kfunc_spin_unlock(&g0->lock);
	assert_ptr_equal(acq, found);
	for (int i = 0; i < nr_visited; i++)
		kfunc_obj_drop_impl(visited[i], M(T_SEARCH));
	kfunc_spin_lock(&g1->lock);
	rb = kfunc_rbtree_remove(&g1->root, &acq->r1);
	kfunc_spin_unlock(&g1->lock);
	assert_non_null(rb);
	kfunc_obj_drop_impl(container_of(rb, struct search_node, r1), M(T_SEARCH));
	kfunc_obj_drop_impl(acq, M(T_SEARCH));
	PROG_END();
	assert_true(nr_visited > 0);
	/* all 16 live: the found node is still in groot0, the visited ones in groot1 */
	assert_int_equal(fx_live(), 16);
	fx_value_free(FX.search0, g0);
	fx_value_free(FX.search1, g1);
	assert_int_equal(fx_live(), 0);
}

/* ---- E.3 linked_list.c ---- */

static struct foo *new_foo(int data)
{
	struct foo *f = kfunc_obj_new_impl(sizeof(*f), M(T_FOO));

	assert_non_null(f);
	/* bpf_obj_init: heads and nodes self-linked, owners NULL */
	assert_ptr_equal(f->head.head.next, &f->head.head);
	assert_ptr_equal(f->node2.link.next, &f->node2.link);
	f->data = data;
	return f;
}

#define FOO2(ln) container_of(ln, struct foo, node2)

/* map_list_push_pop / global_list_push_pop: one pass; leave one node in when asked. */
static int list_push_pop(struct hive_bpf_spin_lock *lock, struct hive_bpf_list_head *head,
			 bool leave_in_map)
{
	struct hive_bpf_list_node *n;
	struct foo *f;

	kfunc_spin_lock(lock);
	n = kfunc_list_pop_front(head);
	kfunc_spin_unlock(lock);
	if (n)
		return 3;
	kfunc_spin_lock(lock);
	n = kfunc_list_pop_back(head);
	kfunc_spin_unlock(lock);
	if (n)
		return 4;

	f = new_foo(42);
	kfunc_spin_lock(lock);
	kfunc_list_push_front_impl(head, &f->node2, M(T_FOO), 48);
	n = kfunc_list_pop_back(head);
	kfunc_spin_unlock(lock);
	if (!n)
		return 5;
	f = FOO2(n);
	if (f->data != 42)
		return 6;
	f->data = 13;
	kfunc_spin_lock(lock);
	kfunc_list_push_front_impl(head, &f->node2, M(T_FOO), 48);
	n = kfunc_list_pop_front(head);
	kfunc_spin_unlock(lock);
	if (!n)
		return 7;
	f = FOO2(n);
	if (f->data != 13)
		return 8;
	kfunc_obj_drop_impl(f, M(T_FOO));

	kfunc_spin_lock(lock);
	n = kfunc_list_pop_front(head);
	kfunc_spin_unlock(lock);
	if (n)
		return 9;
	if (leave_in_map) {
		f = new_foo(42);
		kfunc_spin_lock(lock);
		kfunc_list_push_front_impl(head, &f->node2, M(T_FOO), 48);
		kfunc_spin_unlock(lock);
	}
	return 0;
}

static int list_push_pop_multiple(struct hive_bpf_spin_lock *lock, struct hive_bpf_list_head *head,
				  bool leave_in_map)
{
	struct hive_bpf_list_node *n;

	for (int i = 0; i < 200; i += 2) {
		struct foo *f = new_foo(i), *b = new_foo(i + 1);

		kfunc_spin_lock(lock);
		kfunc_list_push_front_impl(head, &f->node2, M(T_FOO), 48);
		kfunc_list_push_front_impl(head, &b->node2, M(T_FOO), 48);
		kfunc_spin_unlock(lock);
	}
	for (int i = 0; i < 200; i++) {
		kfunc_spin_lock(lock);
		n = kfunc_list_pop_front(head);
		kfunc_spin_unlock(lock);
		if (!n)
			return 3;
		if (FOO2(n)->data != 199 - i)
			return 4;
		kfunc_spin_lock(lock);
		kfunc_list_push_back_impl(head, n, M(T_FOO), 48);
		kfunc_spin_unlock(lock);
	}
	if (leave_in_map)
		return 0;
	for (int i = 0; i < 200; i++) {
		kfunc_spin_lock(lock);
		n = kfunc_list_pop_back(head);
		kfunc_spin_unlock(lock);
		if (!n)
			return 5;
		if (FOO2(n)->data != i)
			return 6;
		kfunc_obj_drop_impl(FOO2(n), M(T_FOO));
	}
	kfunc_spin_lock(lock);
	n = kfunc_list_pop_back(head);
	kfunc_spin_unlock(lock);
	return n ? 7 : 0;
}

static int list_in_list(struct hive_bpf_spin_lock *lock, struct hive_bpf_list_head *head,
			bool leave_in_map)
{
	struct hive_bpf_list_node *n;
	struct foo *f = new_foo(42);

	for (int i = 0; i < 8; i++) {
		struct bar *b = kfunc_obj_new_impl(sizeof(*b), M(T_BAR));

		if (!b)
			return 2;
		b->data = i;
		kfunc_spin_lock(&f->lock);
		kfunc_list_push_back_impl(&f->head, &b->node, M(T_BAR), 0);
		kfunc_spin_unlock(&f->lock);
	}
	kfunc_spin_lock(lock);
	kfunc_list_push_front_impl(head, &f->node2, M(T_FOO), 48);
	kfunc_spin_unlock(lock);
	if (leave_in_map)
		return 0;
	kfunc_spin_lock(lock);
	n = kfunc_list_pop_back(head);
	kfunc_spin_unlock(lock);
	if (!n)
		return 3;
	f = FOO2(n);
	if (f->data != 42)
		return 4;
	for (int i = 0; i < 8; i++) {
		kfunc_spin_lock(&f->lock);
		n = kfunc_list_pop_front(&f->head);
		kfunc_spin_unlock(&f->lock);
		if (!n)
			return 5;
		if (container_of(n, struct bar, node)->data != i)
			return 6;
		kfunc_obj_drop_impl(container_of(n, struct bar, node), M(T_BAR));
	}
	kfunc_spin_lock(&f->lock);
	n = kfunc_list_pop_front(&f->head);
	kfunc_spin_unlock(&f->lock);
	if (n)
		return 7;
	kfunc_obj_drop_impl(f, M(T_FOO));
	return 0;
}

typedef int (*list_prog_fn)(struct hive_bpf_spin_lock *, struct hive_bpf_list_head *, bool);

/*
 * prog_tests/linked_list.c's flow for one program: the program runs its body twice, the second
 * time leaving elements in the list; then, unless leave_in_map, user space writes 24 bytes of
 * 0xff to the value, which keeps the special fields and drains the list (A.6 rule 21).
 */
static void run_list_prog(list_prog_fn prog, bool leave_in_map, int64_t left_after)
{
	struct map_value *v = fx_value(sizeof(*v));
	uint8_t ff[24];

	PROG_BEGIN();
	assert_int_equal(prog(&v->lock, &v->head, false), 0);
	assert_int_equal(prog(&v->lock, &v->head, true), 0);
	PROG_END();
	assert_int_equal(fx_live(), left_after);
	if (!leave_in_map) {
		memset(ff, 0xff, sizeof(ff));
		kfunc_copy_map_value(FX.map_value, v, ff, sizeof(ff));
		kfunc_obj_free_fields(FX.map_value, v);
		assert_int_equal(v->data, -1);
		assert_int_equal(v->lock.val, 0);
		assert_ptr_equal(v->head.head.next, &v->head.head);
		assert_int_equal(fx_live(), 0);
		/* the next run sees an empty list */
		PROG_BEGIN();
		kfunc_spin_lock(&v->lock);
		assert_null(kfunc_list_pop_front(&v->head));
		kfunc_spin_unlock(&v->lock);
		PROG_END();
	}
	fx_value_free(FX.map_value, v); /* map destruction: nested free */
	assert_int_equal(fx_live(), 0);
}

static void test_list_push_pop(void **state)
{
	run_list_prog(list_push_pop, false, 1);
	run_list_prog(list_push_pop, true, 1);
}

static void test_list_push_pop_multiple(void **state)
{
	run_list_prog(list_push_pop_multiple, false, 200);
	run_list_prog(list_push_pop_multiple, true, 200);
}

static void test_list_in_list(void **state)
{
	run_list_prog(list_in_list, false, 9); /* f + its 8 bars */
	run_list_prog(list_in_list, true, 9);
}

/* global_list_array_push_pop: one lock protecting three heads of one section. */
static void test_list_array_push_pop(void **state)
{
	struct {
		struct hive_bpf_list_head heads[3];
		struct hive_bpf_spin_lock lock;
	} *g = fx_value(56);
	struct hive_record *rec = FX_REC(56, F_LHEAD(0, T_FOO, 48), F_LHEAD(16, T_FOO, 48),
					 F_LHEAD(32, T_FOO, 48), F_LOCK(48));

	assert_int_equal(btf_record_check_and_fixup(rec, fx_find_meta, NULL), 0);
	PROG_BEGIN();
	for (int i = 0; i < 3; i++)
		assert_int_equal(list_push_pop(&g->lock, &g->heads[i], true), 0);
	PROG_END();
	assert_int_equal(fx_live(), 3);
	fx_value_free(rec, g);
	btf_record_free(rec);
}

/* ---- E.5 linked_list_peek.c ---- */

static void test_list_peek(void **state)
{
	struct map_value *v = fx_value(sizeof(*v));

	PROG_BEGIN();
	/* a never-initialised (zero) head peeks as empty and is not written */
	kfunc_spin_lock(&v->lock);
	assert_null(kfunc_list_front(&v->head));
	kfunc_spin_unlock(&v->lock);
	kfunc_spin_lock(&v->lock);
	assert_null(kfunc_list_back(&v->head));
	kfunc_spin_unlock(&v->lock);
	assert_null(v->head.head.next);
	for (int i = 0; i < 16; i++) {
		struct foo *f = new_foo(i);

		kfunc_spin_lock(&v->lock);
		assert_int_equal(kfunc_list_push_back_impl(&v->head, &f->node2, M(T_FOO), 48), 0);
		kfunc_spin_unlock(&v->lock);
	}
	kfunc_spin_lock(&v->lock);
	assert_int_equal(FOO2(kfunc_list_front(&v->head))->data, 0);
	assert_int_equal(FOO2(kfunc_list_back(&v->head))->data, 15);
	kfunc_spin_unlock(&v->lock);
	PROG_END();
	assert_int_equal(fx_live(), 16);
	fx_value_free(FX.map_value, v);
}

/* ---- E.6 refcounted_kptr.c ---- */

static bool less_rc(void *ctx, struct hive_bpf_rb_node *a, const struct hive_bpf_rb_node *b)
{
	return container_of(a, struct rc_node, r)->key < container_of(b, struct rc_node, r)->key;
}

static int rc_add(struct hive_bpf_rb_root *root, struct rc_node *n)
{
	return kfunc_rbtree_add_impl(root, &n->r, less_rc, NULL, M(T_RC_NODE), 16);
}

static int rc_push(struct hive_bpf_list_head *head, struct rc_node *n)
{
	return kfunc_list_push_back_impl(head, &n->l, M(T_RC_NODE), 48);
}

static long insert(struct rc_glob *g)
{
	struct rc_node *n = kfunc_obj_new_impl(sizeof(*n), M(T_RC_NODE)), *m;

	if (!n)
		return -1;
	m = kfunc_refcount_acquire_impl(n, M(T_RC_NODE));
	m->key = 123;
	m->list_data = 456;
	kfunc_spin_lock(&g->lock);
	rc_add(&g->root, n);
	kfunc_spin_unlock(&g->lock);
	kfunc_spin_lock(&g->lock);
	rc_push(&g->head, m);
	kfunc_spin_unlock(&g->lock);
	return 0;
}

static long read_from_tree(struct rc_glob *g, bool remove)
{
	struct hive_bpf_rb_node *rb;
	struct rc_node *n;
	long key;

	kfunc_spin_lock(&g->lock);
	rb = kfunc_rbtree_first(&g->root);
	if (!rb) {
		kfunc_spin_unlock(&g->lock);
		return -1;
	}
	n = container_of(rb, struct rc_node, r);
	key = n->key;
	if (!remove) {
		kfunc_spin_unlock(&g->lock);
		return key;
	}
	rb = kfunc_rbtree_remove(&g->root, rb);
	kfunc_spin_unlock(&g->lock);
	if (!rb)
		return -2;
	kfunc_obj_drop_impl(container_of(rb, struct rc_node, r), M(T_RC_NODE));
	return key;
}

static long read_from_list(struct rc_glob *g, bool remove)
{
	struct hive_bpf_list_node *l;
	struct rc_node *n;
	long data;

	kfunc_spin_lock(&g->lock);
	l = kfunc_list_pop_front(&g->head);
	kfunc_spin_unlock(&g->lock);
	if (!l)
		return -1;
	n = container_of(l, struct rc_node, l);
	data = n->list_data;
	if (!remove) {
		kfunc_spin_lock(&g->lock);
		rc_push(&g->head, n);
		kfunc_spin_unlock(&g->lock);
		return data;
	}
	kfunc_obj_drop_impl(n, M(T_RC_NODE));
	return data;
}

static void test_refcounted_insert_and_remove(void **state)
{
	for (int mode = 0; mode < 8; mode++) {
		struct rc_glob *g = fx_value(sizeof(*g));
		bool rm_tree = mode & 1, rm_list = mode & 2, list_first = mode & 4;
		long a, b;

		PROG_BEGIN();
		assert_int_equal(insert(g), 0);
		if (list_first) {
			b = read_from_list(g, rm_list);
			a = read_from_tree(g, rm_tree);
		} else {
			a = read_from_tree(g, rm_tree);
			b = read_from_list(g, rm_list);
		}
		PROG_END();
		assert_int_equal(a + b, 579);
		assert_int_equal(fx_live(), rm_tree && rm_list ? 0 : 1);
		fx_value_free(FX.rc_glob, g);
		assert_int_equal(fx_live(), 0);
	}
}

static void test_refcounted_insert_double_del(void **state)
{
	struct rc_glob *g = fx_value(sizeof(*g));
	long r1, r2;

	PROG_BEGIN();
	insert(g);
	r1 = read_from_tree(g, true);
	r2 = read_from_tree(g, true);
	PROG_END();
	assert_int_equal(r1, 123);
	assert_int_equal(r2, -1);
	PROG_BEGIN();
	r1 = read_from_list(g, true);
	r2 = read_from_list(g, true);
	PROG_END();
	assert_int_equal(r1, 456);
	assert_int_equal(r2, -1);
	assert_int_equal(fx_live(), 0);
	fx_value_free(FX.rc_glob, g);
}

/* Pushing/adding a node that is already linked fails and consumes the passed reference. */
static void test_refcounted_already_owned(void **state)
{
	struct rc_glob *g = fx_value(sizeof(*g)), *g2 = fx_value(sizeof(*g2));
	struct rc_node *n, *m, *k;

	PROG_BEGIN();
	n = kfunc_obj_new_impl(sizeof(*n), M(T_RC_NODE));
	m = kfunc_refcount_acquire_impl(n, M(T_RC_NODE));
	k = kfunc_refcount_acquire_impl(n, M(T_RC_NODE));
	assert_int_equal(kfunc_refcount_read(&n->ref), 3);
	kfunc_spin_lock(&g->lock);
	assert_int_equal(rc_push(&g->head, n), 0);
	assert_ptr_equal(n->l.owner, &g->head);
	kfunc_spin_unlock(&g->lock);
	kfunc_spin_lock(&g2->lock);
	assert_int_equal(rc_push(&g2->head, m), -EINVAL); /* list node owned by g->head */
	kfunc_spin_unlock(&g2->lock);
	assert_int_equal(kfunc_refcount_read(&n->ref), 2);
	kfunc_spin_lock(&g->lock);
	assert_int_equal(rc_add(&g->root, k), 0); /* the rb node is still free */
	kfunc_spin_unlock(&g->lock);
	/* a fourth reference added to the same tree again: -EINVAL, less never called */
	m = kfunc_refcount_acquire_impl(n, M(T_RC_NODE));
	kfunc_spin_lock(&g2->lock);
	assert_int_equal(kfunc_rbtree_add_impl(&g2->root, &m->r, NULL, NULL, M(T_RC_NODE), 16),
			 -EINVAL);
	kfunc_spin_unlock(&g2->lock);
	assert_int_equal(kfunc_refcount_read(&n->ref), 2);
	PROG_END();
	fx_value_free(FX.rc_glob, g);
	assert_int_equal(fx_live(), 0);
	fx_value_free(FX.rc_glob, g2);
}

static void test_refcount_acquire_dead_object(void **state)
{
	struct rc_node *n;

	PROG_BEGIN();
	n = kfunc_obj_new_impl(sizeof(*n), M(T_RC_NODE));
	kfunc_obj_drop_impl(n, M(T_RC_NODE));
	/* Still readable inside the section (RCU); the count is 0 so acquire fails. */
	assert_int_equal(kfunc_refcount_read(&n->ref), 0);
	assert_null(kfunc_refcount_acquire_impl(n, M(T_RC_NODE)));
	PROG_END();
}

static void test_refcount_saturates(void **state)
{
	struct hive_bpf_refcount r = { .refs = 0x7fffffff };

	assert_true(kfunc_refcount_inc_not_zero(&r));
	assert_int_equal((int32_t)r.refs, INT32_MIN / 2);
	assert_false(kfunc_refcount_dec_and_test(&r)); /* saturated: never freed */
	r.refs = 0;
	assert_false(kfunc_refcount_inc_not_zero(&r));
	assert_false(kfunc_refcount_dec_and_test(&r)); /* underflow saturates too */
	assert_int_equal((int32_t)r.refs, INT32_MIN / 2);
}

static void test_refcounted_stash_and_tree(void **state)
{
	for (int del = 0; del < 2; del++) {
		struct rc_glob *g = fx_value(sizeof(*g));
		struct rc_stash *slot = fx_value(sizeof(*slot));
		struct rc_node *n, *m, *old;
		long key, ret;

		PROG_BEGIN();
		n = kfunc_obj_new_impl(sizeof(*n), M(T_RC_NODE));
		n->key = 42;
		m = kfunc_refcount_acquire_impl(n, M(T_RC_NODE));
		old = kfunc_kptr_xchg(&slot->node, m);
		assert_null(old);
		kfunc_spin_lock(&g->lock);
		rc_add(&g->root, n);
		kfunc_spin_unlock(&g->lock);
		key = read_from_tree(g, del);
		m = kfunc_kptr_xchg(&slot->node, NULL);
		assert_non_null(m);
		ret = key + m->key;
		kfunc_obj_drop_impl(m, M(T_RC_NODE));
		PROG_END();
		assert_int_equal(ret, 84);
		assert_int_equal(fx_live(), del ? 0 : 1);
		fx_value_free(FX.rc_stash, slot);
		fx_value_free(FX.rc_glob, g);
		assert_int_equal(fx_live(), 0);
	}
}

/* rbtree_wrong_owner_remove_fail_{a1,b,a2}: removing a node from a tree it is not in. */
static void test_refcounted_wrong_owner(void **state)
{
	struct rc_glob *a = fx_value(sizeof(*a)), *c = fx_value(sizeof(*c));
	struct rc_stash *slots = fx_value(2 * sizeof(*slots));
	struct hive_bpf_rb_node *res;
	struct rc_node *n, *m;

	/* a1: n and an acquired m stashed in slots 0 and 1 */
	PROG_BEGIN();
	n = kfunc_obj_new_impl(sizeof(*n), M(T_RC_NODE));
	m = kfunc_refcount_acquire_impl(n, M(T_RC_NODE));
	assert_null(kfunc_kptr_xchg(&slots[0].node, n));
	assert_null(kfunc_kptr_xchg(&slots[1].node, m));
	PROG_END();
	/* b: unstash slot 0, add to broot under block */
	PROG_BEGIN();
	n = kfunc_kptr_xchg(&slots[0].node, NULL);
	kfunc_spin_lock(&c->lock);
	assert_int_equal(rc_add(&c->root, n), 0);
	kfunc_spin_unlock(&c->lock);
	PROG_END();
	/* a2: unstash slot 1, push to head (non-owning), remove from root: not ours, NULL */
	PROG_BEGIN();
	m = kfunc_kptr_xchg(&slots[1].node, NULL);
	kfunc_spin_lock(&a->lock);
	assert_int_equal(rc_push(&a->head, m), 0);
	res = kfunc_rbtree_remove(&a->root, &m->r);
	kfunc_spin_unlock(&a->lock);
	assert_null(res);
	assert_ptr_equal(m->r.owner, &c->root);
	PROG_END();
	assert_int_equal(fx_live(), 1);
	fx_value_free(FX.rc_glob, a);
	assert_int_equal(fx_live(), 1); /* still in c's tree */
	fx_value_free(FX.rc_glob, c);
	assert_int_equal(fx_live(), 0);
	/* the stash map's own destruction finds both slots empty */
	kfunc_obj_free_fields(FX.rc_stash, &slots[0]);
	kfunc_obj_free_fields(FX.rc_stash, &slots[1]);
	free(slots);
}

/* A node drained from one collection while alive in another keeps rejecting re-adds. */
static void test_drained_node_survives(void **state)
{
	struct rc_glob *g = fx_value(sizeof(*g));
	struct hive_bpf_list_node *l;
	struct rc_node *n;

	PROG_BEGIN();
	insert(g); /* in the tree and in the list */
	PROG_END();
	/* user space overwrites the value: the tree and the list are both drained */
	kfunc_obj_free_fields(FX.rc_glob, g);
	assert_int_equal(fx_live(), 0);

	PROG_BEGIN();
	insert(g);
	PROG_END();
	/* only the tree is drained (a value with just a root, sharing the lock) */
	kfunc_rb_root_free(&FX.rc_glob->fields[1], &g->root, &g->lock);
	assert_int_equal(fx_live(), 1);
	PROG_BEGIN();
	kfunc_spin_lock(&g->lock);
	l = kfunc_list_pop_front(&g->head);
	kfunc_spin_unlock(&g->lock);
	assert_non_null(l);
	n = container_of(l, struct rc_node, l);
	kfunc_spin_lock(&g->lock);
	assert_null(kfunc_rbtree_remove(&g->root, &n->r));
	assert_null(kfunc_rbtree_left(&g->root, &n->r));
	assert_int_equal(rc_add(&g->root, kfunc_refcount_acquire_impl(n, M(T_RC_NODE))), -EINVAL);
	kfunc_spin_unlock(&g->lock);
	kfunc_obj_drop_impl(n, M(T_RC_NODE));
	PROG_END();
	assert_int_equal(fx_live(), 0);
	fx_value_free(FX.rc_glob, g);
}

/* ---- E.7 local_kptr_stash.c ---- */

static bool less_sn(void *ctx, struct hive_bpf_rb_node *a, const struct hive_bpf_rb_node *b)
{
	return container_of(a, struct sn_node, node)->key <
	       container_of(b, struct sn_node, node)->key;
}

static int stash_rb_nodes(struct some_nodes_val *vals)
{
	for (int idx = 0; idx < 2; idx++) {
		struct sn_node *res = kfunc_obj_new_impl(sizeof(*res), M(T_SN_NODE));
		struct plain_local *p = kfunc_obj_new_impl(sizeof(*p), NULL), *oldp;
		struct sn_node *old;

		if (!res || !p)
			return 1;
		res->key = 41 + idx;
		p->key = 100 + idx;
		oldp = kfunc_kptr_xchg(&res->stashed_in_local_kptr, p);
		if (oldp)
			kfunc_obj_drop_impl(oldp, NULL);
		old = kfunc_kptr_xchg(&vals[idx].node, res);
		if (old)
			kfunc_obj_drop_impl(old, M(T_SN_NODE));
	}
	return 0;
}

static long unstash_rb_node(struct some_nodes_val *vals)
{
	struct sn_node *res = kfunc_kptr_xchg(&vals[1].node, NULL);
	struct plain_local *p;
	long key;

	if (!res)
		return 1;
	key = res->key;
	p = kfunc_kptr_xchg(&res->stashed_in_local_kptr, NULL);
	if (!p) {
		kfunc_obj_drop_impl(res, M(T_SN_NODE));
		return 2;
	}
	kfunc_obj_drop_impl(p, NULL);
	kfunc_obj_drop_impl(res, M(T_SN_NODE));
	return key;
}

static void test_local_kptr_stash_unstash(void **state)
{
	struct some_nodes_val *vals = fx_value(2 * sizeof(*vals));

	PROG_BEGIN();
	assert_int_equal(stash_rb_nodes(vals), 0);
	PROG_END();
	assert_int_equal(fx_live(), 4);
	PROG_BEGIN();
	assert_int_equal(stash_rb_nodes(vals), 0); /* displaced objects are dropped */
	PROG_END();
	assert_int_equal(fx_live(), 4);
	PROG_BEGIN();
	assert_int_equal(unstash_rb_node(vals), 42);
	PROG_END();
	assert_int_equal(fx_live(), 2);
	/* map destruction: slot 0's node and the plain_local stashed inside it */
	kfunc_obj_free_fields(FX.some_nodes, &vals[0]);
	kfunc_obj_free_fields(FX.some_nodes, &vals[1]);
	free(vals);
}

static void test_local_kptr_stash_plain_and_kernel(void **state)
{
	struct some_nodes_val *v = fx_value(sizeof(*v));
	struct plain_local *p;

	PROG_BEGIN();
	p = kfunc_obj_new_impl(sizeof(*p), NULL);
	p->key = 41;
	assert_null(kfunc_kptr_xchg(&v->plain, p));
	/* a kernel object in the kernel-type slot: released with its dtor */
	assert_null(kfunc_kptr_xchg(&v->val, malloc(16)));
	v->not_kptr = (void *)0x1234; /* plain data, left alone */
	PROG_END();
	fx_value_free(FX.some_nodes, v);
	assert_int_equal(FX.kernel_dtor_calls, 1);
}

static void test_local_kptr_stash_local_with_root(void **state)
{
	struct some_nodes_val *v = fx_value(sizeof(*v));
	struct local_with_root *lwr;
	struct sn_node *n;

	PROG_BEGIN();
	lwr = kfunc_obj_new_impl(sizeof(*lwr), M(T_LWR));
	n = kfunc_obj_new_impl(sizeof(*n), M(T_SN_NODE));
	n->key = 7;
	assert_null(kfunc_kptr_xchg(&n->stashed_in_local_kptr,
				    kfunc_obj_new_impl(sizeof(struct plain_local), NULL)));
	kfunc_spin_lock(&lwr->l);
	assert_int_equal(kfunc_rbtree_add_impl(&lwr->r, &n->node, less_sn, NULL, M(T_SN_NODE), 24),
			 0);
	kfunc_spin_unlock(&lwr->l);
	assert_null(kfunc_kptr_xchg(&v->local_root, lwr));
	PROG_END();
	assert_int_equal(fx_live(), 3);
	fx_value_free(FX.some_nodes, v); /* lwr -> its tree -> n -> n's stashed plain_local */
	assert_int_equal(fx_live(), 0);
}

static void test_refcount_acquire_without_unstash(void **state)
{
	struct rc_stash_val *v = fx_value(10 * sizeof(*v));
	struct refcounted_node *p, *q;
	long ret;

	/* first run: nothing stashed */
	PROG_BEGIN();
	p = __atomic_load_n(&v[0].stashed, __ATOMIC_ACQUIRE);
	ret = p ? 0 : 2;
	PROG_END();
	assert_int_equal(ret, 2);
	/* stash_refcounted_node */
	PROG_BEGIN();
	p = kfunc_obj_new_impl(sizeof(*p), M(T_REFCOUNTED));
	p->data = 42;
	q = kfunc_kptr_xchg(&v[0].stashed, p);
	if (q)
		kfunc_obj_drop_impl(q, M(T_REFCOUNTED));
	PROG_END();
	/* second run: RCU load of the slot, acquire without unstashing */
	PROG_BEGIN();
	p = __atomic_load_n(&v[0].stashed, __ATOMIC_ACQUIRE);
	assert_non_null(p);
	q = kfunc_refcount_acquire_impl(p, M(T_REFCOUNTED));
	assert_non_null(q);
	ret = p->data;
	kfunc_obj_drop_impl(q, M(T_REFCOUNTED));
	PROG_END();
	assert_int_equal(ret, 42);
	assert_int_equal(fx_live(), 1);
	for (int i = 0; i < 10; i++)
		kfunc_obj_free_fields(FX.rc_stash_val, &v[i]);
	free(v);
}

/* ---- B.1 allocation limits ---- */

static void test_obj_new_limits(void **state)
{
	void *p;

	assert_null(kfunc_obj_new_impl(0, NULL));
	assert_null(kfunc_obj_new_impl(KFUNC_OBJ_MAX_SIZE + 1, NULL));
	p = kfunc_obj_new_impl(KFUNC_OBJ_MAX_SIZE, NULL);
	assert_non_null(p);
	assert_int_equal(kfunc_obj_size(p), KFUNC_OBJ_MAX_SIZE);
	for (size_t i = 0; i < KFUNC_OBJ_MAX_SIZE; i++)
		assert_int_equal(((uint8_t *)p)[i], 0);
	kfunc_obj_drop_impl(p, NULL);
	kfunc_alloc_fail_after(1);
	p = kfunc_obj_new_impl(8, NULL);
	assert_non_null(p);
	assert_null(kfunc_obj_new_impl(8, M(T_FOO))); /* NULL, and no init on NULL */
	kfunc_alloc_fail_after(-1);
	kfunc_obj_drop_impl(p, NULL);
}

/* ---- the generic table ---- */

static void test_kfunc_table(void **state)
{
	const struct kfunc_desc *d, *all;
	uint32_t cnt;
	uint64_t p;

	d = kfunc_find("bpf_obj_new_impl");
	assert_non_null(d);
	assert_int_equal(d->flags, KFUNC_F_ACQUIRE | KFUNC_F_RET_NULL);
	p = d->fn(sizeof(struct foo), (uintptr_t)M(T_FOO), 0, 0, 0);
	assert_true(p != 0);
	assert_ptr_equal(((struct foo *)(uintptr_t)p)->head.head.next,
			 &((struct foo *)(uintptr_t)p)->head.head);
	kfunc_find("bpf_obj_drop_impl")->fn(p, (uintptr_t)M(T_FOO), 0, 0, 0);
	assert_null(kfunc_find("bpf_rbtree_add_impl")->fn);
	assert_int_equal(kfunc_find("bpf_rbtree_add_impl")->flags, KFUNC_F_NEEDS_CALLBACK);
	assert_null(kfunc_find("bpf_task_acquire"));
	all = kfunc_table(&cnt);
	assert_int_equal(cnt, 17 + 26); /* graph kfuncs + cpumask kfuncs */
	for (uint32_t i = 0; i < cnt; i++)
		assert_ptr_equal(kfunc_find(all[i].name), &all[i]);
	/* an int return is sign-extended into R0 */
	struct map_value *v = fx_value(sizeof(*v));
	struct rc_glob *g = fx_value(sizeof(*g));
	struct rc_node *n = kfunc_obj_new_impl(sizeof(*n), M(T_RC_NODE));

	kfunc_refcount_acquire_impl(n, M(T_RC_NODE));
	assert_int_equal(rc_push(&g->head, n), 0);
	assert_int_equal(kfunc_find("bpf_list_push_back_impl")
				 ->fn((uintptr_t)&g->head, (uintptr_t)&n->l,
				      (uintptr_t)M(T_RC_NODE), 48, 0),
			 (uint64_t)(int64_t)-EINVAL);
	fx_value_free(FX.rc_glob, g);
	fx_value_free(FX.map_value, v);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_rbtree_add_nodes),
		T(test_rbtree_add_and_remove),
		T(test_rbtree_add_and_remove_array),
		T(test_rbtree_first_and_remove),
		T(test_rbtree_api_release_aliasing),
		T(test_rbtree_api_remove_unadded_node),
		T(test_rbtree_empty_root),
		T(test_rbtree_search),
		T(test_list_push_pop),
		T(test_list_push_pop_multiple),
		T(test_list_in_list),
		T(test_list_array_push_pop),
		T(test_list_peek),
		T(test_refcounted_insert_and_remove),
		T(test_refcounted_insert_double_del),
		T(test_refcounted_already_owned),
		T(test_refcount_acquire_dead_object),
		T(test_refcount_saturates),
		T(test_refcounted_stash_and_tree),
		T(test_refcounted_wrong_owner),
		T(test_drained_node_survives),
		T(test_local_kptr_stash_unstash),
		T(test_local_kptr_stash_plain_and_kernel),
		T(test_local_kptr_stash_local_with_root),
		T(test_refcount_acquire_without_unstash),
		T(test_obj_new_limits),
		T(test_kfunc_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
