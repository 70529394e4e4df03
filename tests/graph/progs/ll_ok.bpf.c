// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/progs/ll_ok.bpf.c: spec E.3, the linked-list programs run in the three modes
 * (push/pop, push/pop of many, lists in lists) against heads in an array map value, an inner
 * map value, globals, a global struct and global arrays. Each program does a full pass that
 * must leave its list empty and then a second pass that leaves nodes behind, so that what
 * frees lists (user space overwriting the value with 0xff bytes, or map destruction) has
 * something to free; each program first checks that its list is empty, which is what shows
 * that such an overwrite drained it. Return codes name the failing step: 2 allocation,
 * 3/4 list unexpectedly non-empty, 5-9 wrong or missing element.
 *
 * Layouts: ll.h, plus
 *   .data.D  { struct ll_nested { int dummy@0; struct ll_inner { bpf_spin_lock lock@0;
 *              bpf_list_head head@8 (ll_bin:link2) } inner@8 } gnested@0 }
 *   .data.C  { bpf_spin_lock glock_c@0; bpf_list_head ghead_array[2]@8;
 *              bpf_list_head ghead_array_one[1]@40 }                   (all ll_bin:link2)
 */
#include "ll.h"

char LICENSE[] SEC("license") = "GPL";

struct ll_inner {
	struct bpf_spin_lock lock;
	struct bpf_list_head head __contains(ll_bin, link2);
};

struct ll_nested {
	int dummy;
	struct ll_inner inner;
};

private(D) struct ll_nested gnested = {};
private(C) struct bpf_spin_lock glock_c = {};
private(C) struct bpf_list_head ghead_array[2] __contains(ll_bin, link2) = {};
private(C) struct bpf_list_head ghead_array_one[1] __contains(ll_bin, link2) = {};

#define LL_MULT 200
#define LL_ITEMS 8

static struct ll_bin *pop(struct bpf_spin_lock *lock, struct bpf_list_head *head, bool front)
{
	struct bpf_list_node *n;

	bpf_spin_lock(lock);
	n = front ? bpf_list_pop_front(head) : bpf_list_pop_back(head);
	bpf_spin_unlock(lock);
	if (!n)
		return NULL;
	gc_barrier_var(n);
	return container_of(n, struct ll_bin, link2);
}

/* 0 if the list is empty at both ends; otherwise what was found is dropped. */
static int check_empty(struct bpf_spin_lock *lock, struct bpf_list_head *head)
{
	struct ll_bin *f = pop(lock, head, true);

	if (f) {
		bpf_obj_drop(f);
		return 3;
	}
	f = pop(lock, head, false);
	if (f) {
		bpf_obj_drop(f);
		return 4;
	}
	return 0;
}

static int push_one(struct bpf_spin_lock *lock, struct bpf_list_head *head, long data, bool front)
{
	struct ll_bin *f = bpf_obj_new(struct ll_bin);

	if (!f)
		return 2;
	f->data = data;
	bpf_spin_lock(lock);
	if (front)
		bpf_list_push_front(head, &f->link2);
	else
		bpf_list_push_back(head, &f->link2);
	bpf_spin_unlock(lock);
	return 0;
}

/* Pop one end, expect @data, drop. */
static int pop_expect(struct bpf_spin_lock *lock, struct bpf_list_head *head, long data, bool front)
{
	struct ll_bin *f = pop(lock, head, front);
	int ret;

	if (!f)
		return 5;
	ret = f->data == data ? 0 : 6;
	bpf_obj_drop(f);
	return ret;
}

/* Empty; push 42, pop_back 42; push 13, pop_front 13; empty; with @leave, 42 stays. */
static int push_pop(struct bpf_spin_lock *lock, struct bpf_list_head *head, bool leave)
{
	int err;

	err = check_empty(lock, head);
	err = err ?: push_one(lock, head, 42, true);
	err = err ?: pop_expect(lock, head, 42, false);
	err = err ?: push_one(lock, head, 13, false);
	err = err ?: pop_expect(lock, head, 13, true);
	err = err ?: check_empty(lock, head);
	if (!err && leave)
		err = push_one(lock, head, 42, true);
	return err;
}

static int push_pop_twice(struct bpf_spin_lock *lock, struct bpf_list_head *head)
{
	return push_pop(lock, head, false) ?: push_pop(lock, head, true);
}

/*
 * Two at a time to the front (data 0..199: the front ends up 199); 200 x pop_front expecting
 * 199 - i, each pushed back to the back; 200 x pop_back expecting i... reversed order;
 * with @leave the second round keeps all 200.
 */
static int push_pop_mult(struct bpf_spin_lock *lock, struct bpf_list_head *head, bool leave)
{
	struct ll_bin *f;
	int i, err;

	err = check_empty(lock, head);
	for (i = 0; i < LL_MULT && !err; i += 2)
		err = push_one(lock, head, i, true) ?: push_one(lock, head, i + 1, true);
	for (i = 0; i < LL_MULT && !err; i++) {
		f = pop(lock, head, true);
		if (!f)
			return 7;
		if (f->data != LL_MULT - 1 - i) {
			bpf_obj_drop(f);
			return 8;
		}
		bpf_spin_lock(lock);
		bpf_list_push_back(head, &f->link2);
		bpf_spin_unlock(lock);
	}
	if (err || leave)
		return err;
	for (i = 0; i < LL_MULT && !err; i++)
		err = pop_expect(lock, head, i, false);
	return err ?: check_empty(lock, head);
}

static int push_pop_mult_twice(struct bpf_spin_lock *lock, struct bpf_list_head *head)
{
	return push_pop_mult(lock, head, false) ?: push_pop_mult(lock, head, true);
}

/* An ll_bin (data 42) holding 8 ll_items (0..7) in its own list, in the outer list. */
static int push_bin_of_items(struct bpf_spin_lock *lock, struct bpf_list_head *head)
{
	struct ll_item *it;
	struct ll_bin *f;
	int i;

	f = bpf_obj_new(struct ll_bin);
	if (!f)
		return 2;
	f->data = 42;
	for (i = 0; i < LL_ITEMS; i++) {
		it = bpf_obj_new(struct ll_item);
		if (!it) {
			bpf_obj_drop(f);
			return 2;
		}
		it->val = i;
		bpf_spin_lock(&f->lock);
		bpf_list_push_back(&f->items, &it->node);
		bpf_spin_unlock(&f->lock);
	}
	bpf_spin_lock(lock);
	bpf_list_push_front(head, &f->link2);
	bpf_spin_unlock(lock);
	return 0;
}

/* Pop the bin back, its items in order 0..7, its list then empty. */
static int pop_bin_of_items(struct bpf_spin_lock *lock, struct bpf_list_head *head)
{
	struct bpf_list_node *n;
	struct ll_bin *f;
	int i, err = 0;

	f = pop(lock, head, true);
	if (!f)
		return 5;
	if (f->data != 42)
		err = 6;
	for (i = 0; i < LL_ITEMS && !err; i++) {
		bpf_spin_lock(&f->lock);
		n = bpf_list_pop_front(&f->items);
		bpf_spin_unlock(&f->lock);
		if (!n) {
			err = 7;
			break;
		}
		if (container_of(n, struct ll_item, node)->val != i)
			err = 8;
		bpf_obj_drop(container_of(n, struct ll_item, node));
	}
	if (!err) {
		bpf_spin_lock(&f->lock);
		n = bpf_list_pop_front(&f->items);
		bpf_spin_unlock(&f->lock);
		if (n) {
			bpf_obj_drop(container_of(n, struct ll_item, node));
			err = 9;
		}
	}
	bpf_obj_drop(f);
	return err;
}

static int list_in_list(struct bpf_spin_lock *lock, struct bpf_list_head *head)
{
	return check_empty(lock, head)		     ?:
		       push_bin_of_items(lock, head) ?:
		       pop_bin_of_items(lock, head)  ?:
		       check_empty(lock, head)	     ?:
						       push_bin_of_items(lock, head);
}

#define LL_MAP_PROG(name, body, getter)          \
	SEC("?tc")                               \
	int name(void *ctx)                      \
	{                                        \
		struct ll_slot *v = getter(0);   \
                                                 \
		if (!v)                          \
			return 1;                \
		return body(&v->lock, &v->head); \
	}

LL_MAP_PROG(map_list_push_pop, push_pop_twice, slot_get)
LL_MAP_PROG(inner_map_list_push_pop, push_pop_twice, inner_slot_get)
LL_MAP_PROG(map_list_push_pop_multiple, push_pop_mult_twice, slot_get)
LL_MAP_PROG(inner_map_list_push_pop_multiple, push_pop_mult_twice, inner_slot_get)
LL_MAP_PROG(map_list_in_list, list_in_list, slot_get)
LL_MAP_PROG(inner_map_list_in_list, list_in_list, inner_slot_get)

SEC("?tc")
int global_list_push_pop(void *ctx)
{
	return push_pop_twice(&glock, &ghead);
}

SEC("?tc")
int global_list_push_pop_nested(void *ctx)
{
	return push_pop_twice(&gnested.inner.lock, &gnested.inner.head);
}

SEC("?tc")
int global_list_array_push_pop(void *ctx)
{
	return push_pop_twice(&glock_c, &ghead_array[0])	 ?:
		       push_pop_twice(&glock_c, &ghead_array[1]) ?:
		       push_pop_twice(&glock_c, &ghead_array_one[0]);
}

SEC("?tc")
int global_list_push_pop_multiple(void *ctx)
{
	return push_pop_mult_twice(&glock, &ghead);
}

SEC("?tc")
int global_list_in_list(void *ctx)
{
	return list_in_list(&glock, &ghead);
}
