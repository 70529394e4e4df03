// SPDX-License-Identifier: BSD-2-Clause
/*
 * kfunc/table.c: the run-time kfuncs (graph collections and bpf_cpumask) by kernel name, with
 * a uniform R1-R5 -> R0 entry point each, so that the interpreter can dispatch a `call` to a
 * kfunc without knowing its C prototype.
 * bpf_rbtree_add_impl is the exception: its R3 is a BPF subprogram that the interpreter must
 * wrap as a kfunc_rb_less_fn, so it is listed with KFUNC_F_NEEDS_CALLBACK and no generic entry.
 */
#include <string.h>

#include "kfunc/cpumask.h"
#include "kfunc/kfunc.h"
#include "common/err.h"

#define P(x) ((void *)(uintptr_t)(x))
#define R(x) ((uint64_t)(uintptr_t)(x))

static uint64_t g_obj_new(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
{
	return R(kfunc_obj_new_impl(r1, P(r2)));
}

static uint64_t g_percpu_obj_new(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
{
	return R(kfunc_percpu_obj_new_impl(r1, P(r2)));
}

static uint64_t g_obj_drop(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
{
	kfunc_obj_drop_impl(P(r1), P(r2));
	return 0;
}

static uint64_t g_percpu_obj_drop(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
{
	kfunc_percpu_obj_drop_impl(P(r1), P(r2));
	return 0;
}

static uint64_t g_refcount_acquire(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
{
	return R(kfunc_refcount_acquire_impl(P(r1), P(r2)));
}

static uint64_t g_push_front(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
{
	/* int return: sign-extended into R0 as the kernel's calling convention does */
	return (uint64_t)(int64_t)kfunc_list_push_front_impl(P(r1), P(r2), P(r3), r4);
}

static uint64_t g_push_back(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5)
{
	return (uint64_t)(int64_t)kfunc_list_push_back_impl(P(r1), P(r2), P(r3), r4);
}

#define G1(name, call)                                                                        \
	static uint64_t name(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5) \
	{                                                                                     \
		return R(call(P(r1)));                                                        \
	}
#define G2(name, call)                                                                        \
	static uint64_t name(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5) \
	{                                                                                     \
		return R(call(P(r1), P(r2)));                                                 \
	}

G1(g_pop_front, kfunc_list_pop_front)
G1(g_pop_back, kfunc_list_pop_back)
G1(g_front, kfunc_list_front)
G1(g_back, kfunc_list_back)
G1(g_rb_first, kfunc_rbtree_first)
G1(g_rb_root, kfunc_rbtree_root)
G2(g_rb_remove, kfunc_rbtree_remove)
G2(g_rb_left, kfunc_rbtree_left)
G2(g_rb_right, kfunc_rbtree_right)

/* cpumask kfuncs (kfunc/cpumask.h): cpu numbers are u32, bools widen to 0/1 */
#define C0(name, call)                                                                        \
	static uint64_t name(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5) \
	{                                                                                     \
		return R(call());                                                             \
	}
#define CV(name, call, ...)                                                                   \
	static uint64_t name(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5) \
	{                                                                                     \
		call(__VA_ARGS__);                                                            \
		return 0;                                                                     \
	}
#define CR(name, call, ...)                                                                   \
	static uint64_t name(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5) \
	{                                                                                     \
		return (uint64_t)call(__VA_ARGS__);                                           \
	}

C0(g_cm_create, kfunc_cpumask_create)
CR(g_cm_acquire, (uintptr_t)kfunc_cpumask_acquire, P(r1))
CV(g_cm_release, kfunc_cpumask_release, P(r1))
CR(g_cm_first, kfunc_cpumask_first, P(r1))
CR(g_cm_first_zero, kfunc_cpumask_first_zero, P(r1))
CR(g_cm_first_and, kfunc_cpumask_first_and, P(r1), P(r2))
CV(g_cm_set_cpu, kfunc_cpumask_set_cpu, (uint32_t)r1, P(r2))
CV(g_cm_clear_cpu, kfunc_cpumask_clear_cpu, (uint32_t)r1, P(r2))
CR(g_cm_test_cpu, kfunc_cpumask_test_cpu, (uint32_t)r1, P(r2))
CR(g_cm_test_and_set, kfunc_cpumask_test_and_set_cpu, (uint32_t)r1, P(r2))
CR(g_cm_test_and_clear, kfunc_cpumask_test_and_clear_cpu, (uint32_t)r1, P(r2))
CV(g_cm_setall, kfunc_cpumask_setall, P(r1))
CV(g_cm_clear, kfunc_cpumask_clear, P(r1))
CR(g_cm_and, kfunc_cpumask_and, P(r1), P(r2), P(r3))
CV(g_cm_or, kfunc_cpumask_or, P(r1), P(r2), P(r3))
CV(g_cm_xor, kfunc_cpumask_xor, P(r1), P(r2), P(r3))
CR(g_cm_equal, kfunc_cpumask_equal, P(r1), P(r2))
CR(g_cm_intersects, kfunc_cpumask_intersects, P(r1), P(r2))
CR(g_cm_subset, kfunc_cpumask_subset, P(r1), P(r2))
CR(g_cm_empty, kfunc_cpumask_empty, P(r1))
CR(g_cm_full, kfunc_cpumask_full, P(r1))
CV(g_cm_copy, kfunc_cpumask_copy, P(r1), P(r2))
CR(g_cm_any_distribute, kfunc_cpumask_any_distribute, P(r1))
CR(g_cm_any_and_distribute, kfunc_cpumask_any_and_distribute, P(r1), P(r2))
CR(g_cm_weight, kfunc_cpumask_weight, P(r1))
/* int return: sign-extended */
CR(g_cm_populate, (int64_t)kfunc_cpumask_populate, P(r1), P(r2), r3)

#define ACQ KFUNC_F_ACQUIRE
#define REL KFUNC_F_RELEASE
#define NUL KFUNC_F_RET_NULL
#define RCU KFUNC_F_RCU

/* Flags as registered by the 6.18 kernel (spec B.0 rule 26). */
static const struct kfunc_desc descs[] = {
	{ "bpf_obj_new_impl", g_obj_new, ACQ | NUL, 2 },
	{ "bpf_percpu_obj_new_impl", g_percpu_obj_new, ACQ | NUL, 2 },
	{ "bpf_obj_drop_impl", g_obj_drop, REL, 2 },
	{ "bpf_percpu_obj_drop_impl", g_percpu_obj_drop, REL, 2 },
	{ "bpf_refcount_acquire_impl", g_refcount_acquire, ACQ | NUL | KFUNC_F_RCU, 2 },
	{ "bpf_list_push_front_impl", g_push_front, 0, 4 },
	{ "bpf_list_push_back_impl", g_push_back, 0, 4 },
	{ "bpf_list_pop_front", g_pop_front, ACQ | NUL, 1 },
	{ "bpf_list_pop_back", g_pop_back, ACQ | NUL, 1 },
	{ "bpf_list_front", g_front, NUL, 1 },
	{ "bpf_list_back", g_back, NUL, 1 },
	{ "bpf_rbtree_add_impl", NULL, KFUNC_F_NEEDS_CALLBACK, 5 },
	{ "bpf_rbtree_remove", g_rb_remove, ACQ | NUL, 2 },
	{ "bpf_rbtree_first", g_rb_first, NUL, 1 },
	{ "bpf_rbtree_root", g_rb_root, NUL, 1 },
	{ "bpf_rbtree_left", g_rb_left, NUL, 2 },
	{ "bpf_rbtree_right", g_rb_right, NUL, 2 },
	{ "bpf_cpumask_create", g_cm_create, ACQ | NUL, 0 },
	{ "bpf_cpumask_release", g_cm_release, REL, 1 },
	{ "bpf_cpumask_acquire", g_cm_acquire, ACQ | KFUNC_F_TRUSTED_ARGS, 1 },
	{ "bpf_cpumask_first", g_cm_first, RCU, 1 },
	{ "bpf_cpumask_first_zero", g_cm_first_zero, RCU, 1 },
	{ "bpf_cpumask_first_and", g_cm_first_and, RCU, 2 },
	{ "bpf_cpumask_set_cpu", g_cm_set_cpu, RCU, 2 },
	{ "bpf_cpumask_clear_cpu", g_cm_clear_cpu, RCU, 2 },
	{ "bpf_cpumask_test_cpu", g_cm_test_cpu, RCU, 2 },
	{ "bpf_cpumask_test_and_set_cpu", g_cm_test_and_set, RCU, 2 },
	{ "bpf_cpumask_test_and_clear_cpu", g_cm_test_and_clear, RCU, 2 },
	{ "bpf_cpumask_setall", g_cm_setall, RCU, 1 },
	{ "bpf_cpumask_clear", g_cm_clear, RCU, 1 },
	{ "bpf_cpumask_and", g_cm_and, RCU, 3 },
	{ "bpf_cpumask_or", g_cm_or, RCU, 3 },
	{ "bpf_cpumask_xor", g_cm_xor, RCU, 3 },
	{ "bpf_cpumask_equal", g_cm_equal, RCU, 2 },
	{ "bpf_cpumask_intersects", g_cm_intersects, RCU, 2 },
	{ "bpf_cpumask_subset", g_cm_subset, RCU, 2 },
	{ "bpf_cpumask_empty", g_cm_empty, RCU, 1 },
	{ "bpf_cpumask_full", g_cm_full, RCU, 1 },
	{ "bpf_cpumask_copy", g_cm_copy, RCU, 2 },
	{ "bpf_cpumask_any_distribute", g_cm_any_distribute, RCU, 1 },
	{ "bpf_cpumask_any_and_distribute", g_cm_any_and_distribute, RCU, 2 },
	{ "bpf_cpumask_weight", g_cm_weight, RCU, 1 },
	{ "bpf_cpumask_populate", g_cm_populate, RCU, 3 },
};

const struct kfunc_desc *kfunc_find(const char *name)
{
	for (size_t i = 0; i < ARRAY_SIZE(descs); i++)
		if (!strcmp(descs[i].name, name))
			return &descs[i];
	return NULL;
}

const struct kfunc_desc *kfunc_table(uint32_t *cnt)
{
	*cnt = ARRAY_SIZE(descs);
	return descs;
}
