// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/progs/ll_lock.bpf.c: spec D.4.a/b, the 80 list programs that touch a head
 * without its lock (16) or while holding some other allocation's lock (64), generated from
 * ll_matrix.h. Every program first obtains everything any variant needs (two owning ll_bins,
 * an item, one more ll_bin to push, two values of each map), so the variants differ only in
 * the lock they take and the head they use:
 *
 *   lock owner:  kptr = &f1->lock, global = &glock (&glock2 when the head is global too),
 *                map = &v->lock, inner_map = &iv->lock
 *   head owner:  kptr = &f2->items (pushes an item), global = &ghead, map = &v2->head,
 *                inner_map = &iv2->head (these three push an ll_bin's link2)
 *
 * Every pair is two different allocations for the verifier (two objects, two sections, two
 * map lookups), so each must be rejected at the list call.
 */
#include "ll.h"
#include "ll_matrix.h"

char LICENSE[] SEC("license") = "GPL";

#define LL_HEAD_kptr (&f2->items)
#define LL_HEAD_global (&ghead)
#define LL_HEAD_map (&v2->head)
#define LL_HEAD_inner_map (&iv2->head)

#define LL_NODE_kptr (&n->node)
#define LL_NODE_global (&b->link2)
#define LL_NODE_map (&b->link2)
#define LL_NODE_inner_map (&b->link2)

#define LL_GLOCK_FOR_kptr (&glock)
#define LL_GLOCK_FOR_global (&glock2)
#define LL_GLOCK_FOR_map (&glock)
#define LL_GLOCK_FOR_inner_map (&glock)
#define LL_LOCK_kptr(h) (&f1->lock)
#define LL_LOCK_global(h) LL_GLOCK_FOR_##h
#define LL_LOCK_map(h) (&v->lock)
#define LL_LOCK_inner_map(h) (&iv->lock)

#define LL_OP_push_front(h, nd) bpf_list_push_front(h, nd)
#define LL_OP_push_back(h, nd) bpf_list_push_back(h, nd)
#define LL_OP_pop_front(h, nd) gc_sink(bpf_list_pop_front(h))
#define LL_OP_pop_back(h, nd) gc_sink(bpf_list_pop_back(h))

/* Everything any variant uses; on any failure all that was obtained is given back. */
#define LL_PROLOGUE                                                       \
	struct ll_slot *v = slot_get(0), *v2 = slot_get(1);               \
	struct ll_slot *iv = inner_slot_get(0), *iv2 = inner_slot_get(1); \
	struct ll_bin *f1, *f2, *b;                                       \
	struct ll_item *n;                                                \
                                                                          \
	if (!v || !v2 || !iv || !iv2)                                     \
		return 1;                                                 \
	f1 = bpf_obj_new(struct ll_bin);                                  \
	f2 = bpf_obj_new(struct ll_bin);                                  \
	b = bpf_obj_new(struct ll_bin);                                   \
	n = bpf_obj_new(struct ll_item);                                  \
	if (!f1 || !f2 || !b || !n) {                                     \
		ll_drop_all(f1, f2, b, n);                                \
		return 1;                                                 \
	}                                                                 \
	gc_sink(v);                                                       \
	gc_sink(iv)

#define LL_EPILOGUE                \
	ll_drop_all(f1, f2, b, n); \
	return 0

static __always_inline void ll_drop_all(struct ll_bin *f1, struct ll_bin *f2, struct ll_bin *b,
					struct ll_item *n)
{
	if (f1)
		bpf_obj_drop(f1);
	if (f2)
		bpf_obj_drop(f2);
	if (b)
		bpf_obj_drop(b);
	if (n)
		bpf_obj_drop(n);
}

#define LL_MISSING_PROG(h, op)                        \
	SEC("?tc")                                    \
	int h##_missing_lock_##op(void *ctx)          \
	{                                             \
		LL_PROLOGUE;                          \
		LL_OP_##op(LL_HEAD_##h, LL_NODE_##h); \
		LL_EPILOGUE;                          \
	}

#define LL_INCORRECT_PROG(l, h, op)                   \
	SEC("?tc")                                    \
	int l##_##h##_incorrect_lock_##op(void *ctx)  \
	{                                             \
		LL_PROLOGUE;                          \
		bpf_spin_lock(LL_LOCK_##l(h));        \
		LL_OP_##op(LL_HEAD_##h, LL_NODE_##h); \
		bpf_spin_unlock(LL_LOCK_##l(h));      \
		LL_EPILOGUE;                          \
	}

GC_LL_MISSING(LL_MISSING_PROG)
GC_LL_INCORRECT(LL_INCORRECT_PROG)
