// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/progs/ll_fail.bpf.c: spec D.4.c, the 36 list programs rejected for reasons other
 * than the lock: tracing programs using a map with a list head, bad bpf_obj_new type ids,
 * releasing or dereferencing the wrong pointer, direct access to special fields, pushing the
 * wrong node or into the wrong head, variable and wrong offsets. Layouts in ll.h.
 */
#include "ll.h"

char LICENSE[] SEC("license") = "GPL";

/* An object type without any special field, and a union. */
struct ll_plain {
	long a, b, c, d;
};

union ll_union {
	long a;
	int b;
};

/* A pointer whose pointee is only declared: loading it gives read-only untrusted memory. */
struct ll_opaque;
struct ll_walker {
	struct ll_opaque *next;
	long x;
};

/* Tracing programs may not use a map whose value holds a bpf_list_head (spec A.7). */
#define MAP_COMPAT(name, sec)                    \
	SEC(sec)                                 \
	int name(void *ctx)                      \
	{                                        \
		struct ll_slot *v = slot_get(0); \
                                                 \
		if (v)                           \
			v->data = 1;             \
		return 0;                        \
	}

MAP_COMPAT(map_compat_kprobe, "?kprobe/do_nanosleep")
MAP_COMPAT(map_compat_kretprobe, "?kretprobe/do_nanosleep")
MAP_COMPAT(map_compat_tp, "?tp/syscalls/sys_enter_nanosleep")
MAP_COMPAT(map_compat_perf, "?perf_event")
MAP_COMPAT(map_compat_raw_tp, "?raw_tp/sys_enter")
MAP_COMPAT(map_compat_raw_tp_w, "?raw_tp.w/sys_enter")

SEC("?tc")
int obj_type_id_oor(void *ctx)
{
	void *p = bpf_obj_new_impl(~0UL, NULL);

	if (p)
		bpf_obj_drop(p);
	return 0;
}

SEC("?tc")
int obj_new_no_composite(void *ctx)
{
	void *p = bpf_obj_new_impl(bpf_core_type_id_local(int), NULL);

	if (p)
		bpf_obj_drop(p);
	return 0;
}

SEC("?tc")
int obj_new_no_struct(void *ctx)
{
	void *p = bpf_obj_new(union ll_union);

	if (p)
		bpf_obj_drop(p);
	return 0;
}

/* Release through a pointer to a member (off 8), not to the object. */
SEC("?tc")
int obj_drop_non_zero_off(void *ctx)
{
	struct ll_bin *f = bpf_obj_new(struct ll_bin);

	if (!f)
		return 1;
	bpf_obj_drop(&f->link);
	return 0;
}

SEC("?tc")
int new_null_ret(void *ctx)
{
	return bpf_obj_new(struct ll_item)->val;
}

SEC("?tc")
int obj_new_acq(void *ctx)
{
	gc_sink(bpf_obj_new(struct ll_item));
	return 0;
}

SEC("?tc")
int use_after_drop(void *ctx)
{
	struct ll_item *n = bpf_obj_new(struct ll_item);

	if (!n)
		return 1;
	bpf_obj_drop(n);
	return n->val;
}

SEC("?tc")
int ptr_walk_scalar(void *ctx)
{
	struct ll_walker *w = bpf_obj_new(struct ll_walker);

	if (!w)
		return 1;
	gc_sink(bpf_this_cpu_ptr(w->next));
	bpf_obj_drop(w);
	return 0;
}

/* Loads and stores that overlap a special field of an owned ll_bin. */
#define DIRECT(name, type, field, stmt)                        \
	SEC("?tc")                                             \
	int name(void *ctx)                                    \
	{                                                      \
		struct ll_bin *f = bpf_obj_new(struct ll_bin); \
		type *p;                                       \
		int ret = 0;                                   \
                                                               \
		if (!f)                                        \
			return 1;                              \
		p = (type *)&f->field;                         \
		stmt;                                          \
		bpf_obj_drop(f);                               \
		return ret;                                    \
	}

DIRECT(direct_read_lock, int, lock, ret = *p)
DIRECT(direct_write_lock, int, lock, *p = 1)
DIRECT(direct_read_head, long, items, ret = (int)*p)
DIRECT(direct_write_head, long, items, *p = 1)
DIRECT(direct_read_node, long, link2, ret = (int)*p)
DIRECT(direct_write_node, long, link2, *p = 1)

/* After push + unlock the pointer is no longer ours: reading through it must fail. */
#define USE_AFTER_UNLOCK(name, push)                           \
	SEC("?tc")                                             \
	int name(void *ctx)                                    \
	{                                                      \
		struct ll_bin *f = bpf_obj_new(struct ll_bin); \
                                                               \
		if (!f)                                        \
			return 1;                              \
		bpf_spin_lock(&glock);                         \
		push(&ghead, &f->link2);                       \
		bpf_spin_unlock(&glock);                       \
		return f->data;                                \
	}

USE_AFTER_UNLOCK(use_after_unlock_push_front, bpf_list_push_front)
USE_AFTER_UNLOCK(use_after_unlock_push_back, bpf_list_push_back)

/* The second push gets a non-owning reference. */
#define DOUBLE_PUSH(name, push)                                \
	SEC("?tc")                                             \
	int name(void *ctx)                                    \
	{                                                      \
		struct ll_bin *f = bpf_obj_new(struct ll_bin); \
                                                               \
		if (!f)                                        \
			return 1;                              \
		bpf_spin_lock(&glock);                         \
		push(&ghead, &f->link2);                       \
		push(&ghead, &f->link2);                       \
		bpf_spin_unlock(&glock);                       \
		return 0;                                      \
	}

DOUBLE_PUSH(double_push_front, bpf_list_push_front)
DOUBLE_PUSH(double_push_back, bpf_list_push_back)

SEC("?tc")
int no_node_value_type(void *ctx)
{
	struct ll_plain *p = bpf_obj_new(struct ll_plain);

	if (!p)
		return 1;
	bpf_spin_lock(&glock);
	bpf_list_push_front(&ghead, (struct bpf_list_node *)p);
	bpf_spin_unlock(&glock);
	return 0;
}

SEC("?tc")
int incorrect_value_type(void *ctx)
{
	struct ll_item *n = bpf_obj_new(struct ll_item);

	if (!n)
		return 1;
	bpf_spin_lock(&glock);
	bpf_list_push_front(&ghead, &n->node);
	bpf_spin_unlock(&glock);
	return 0;
}

SEC("?tc")
int incorrect_node_var_off(void *ctx)
{
	struct ll_bin *f = bpf_obj_new(struct ll_bin);
	__u32 var = gc_unknown_u32();

	if (!f)
		return 1;
	bpf_spin_lock(&glock);
	bpf_list_push_front(&ghead, (void *)&f->link2 + var);
	bpf_spin_unlock(&glock);
	return 0;
}

SEC("?tc")
int incorrect_node_off1(void *ctx)
{
	struct ll_bin *f = bpf_obj_new(struct ll_bin);

	if (!f)
		return 1;
	bpf_spin_lock(&glock);
	bpf_list_push_front(&ghead, (void *)&f->link2 + 1);
	bpf_spin_unlock(&glock);
	return 0;
}

/* ghead holds ll_bins by link2 (off 56); link (off 8) is the wrong member. */
SEC("?tc")
int incorrect_node_off2(void *ctx)
{
	struct ll_bin *f = bpf_obj_new(struct ll_bin);

	if (!f)
		return 1;
	bpf_spin_lock(&glock);
	bpf_list_push_front(&ghead, &f->link);
	bpf_spin_unlock(&glock);
	return 0;
}

SEC("?tc")
int no_head_type(void *ctx)
{
	struct ll_plain *p = bpf_obj_new(struct ll_plain);
	struct ll_bin *f;

	if (!p)
		return 1;
	f = bpf_obj_new(struct ll_bin);
	if (!f) {
		bpf_obj_drop(p);
		return 1;
	}
	bpf_list_push_front((struct bpf_list_head *)p, &f->link2);
	bpf_obj_drop(p);
	return 0;
}

SEC("?tc")
int incorrect_head_var_off1(void *ctx)
{
	struct ll_bin *f = bpf_obj_new(struct ll_bin);
	__u32 var = gc_unknown_u32();

	if (!f)
		return 1;
	bpf_spin_lock(&glock);
	bpf_list_push_front((void *)&ghead + var, &f->link2);
	bpf_spin_unlock(&glock);
	return 0;
}

SEC("?tc")
int incorrect_head_var_off2(void *ctx)
{
	struct ll_bin *f = bpf_obj_new(struct ll_bin);
	__u32 var = gc_unknown_u32();
	struct ll_item *n;

	if (!f)
		return 1;
	n = bpf_obj_new(struct ll_item);
	if (!n) {
		bpf_obj_drop(f);
		return 1;
	}
	bpf_spin_lock(&f->lock);
	bpf_list_push_front((void *)&f->items + var, &n->node);
	bpf_spin_unlock(&f->lock);
	bpf_obj_drop(f);
	return 0;
}

SEC("?tc")
int incorrect_head_off1(void *ctx)
{
	struct ll_bin *f = bpf_obj_new(struct ll_bin);
	struct ll_item *n;

	if (!f)
		return 1;
	n = bpf_obj_new(struct ll_item);
	if (!n) {
		bpf_obj_drop(f);
		return 1;
	}
	bpf_spin_lock(&f->lock);
	bpf_list_push_front((void *)&f->items + 1, &n->node);
	bpf_spin_unlock(&f->lock);
	bpf_obj_drop(f);
	return 0;
}

SEC("?tc")
int incorrect_head_off2(void *ctx)
{
	struct ll_bin *f = bpf_obj_new(struct ll_bin);

	if (!f)
		return 1;
	bpf_spin_lock(&glock);
	bpf_list_push_front((void *)&ghead + 1, &f->link2);
	bpf_spin_unlock(&glock);
	return 0;
}

/* A popped node points at link2 (off 56) of an ll_bin, whose lock is at 32. */
#define POP_OFF(name, pop)                                           \
	SEC("?tc")                                                   \
	int name(void *ctx)                                          \
	{                                                            \
		struct bpf_list_node *n;                             \
                                                                     \
		bpf_spin_lock(&glock);                               \
		n = pop(&ghead);                                     \
		bpf_spin_unlock(&glock);                             \
		if (!n)                                              \
			return 1;                                    \
		bpf_spin_lock((void *)n);                            \
		bpf_spin_unlock((void *)n);                          \
		bpf_obj_drop(container_of(n, struct ll_bin, link2)); \
		return 0;                                            \
	}

POP_OFF(pop_front_off, bpf_list_pop_front)
POP_OFF(pop_back_off, bpf_list_pop_back)
