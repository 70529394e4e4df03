// SPDX-License-Identifier: BSD-2-Clause
/*
 * vm/kfunc_glue.c: kfuncs in the interpreter's table (see vm/kfunc_glue.h).
 *
 * kfunc/ describes its kfuncs with a uniform entry point fn(r1..r5) that has no run argument,
 * while the vm calls fn(r1..r5, run). Casting one function type to the other would be undefined
 * behaviour, so each descriptor of kfunc_table() gets a trampoline: trampoline N calls
 * kfunc_table()[N].fn. New kfuncs in kfunc/ are then installed without touching this file.
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "common/err.h"
#include "common/log.h"
#include "kfunc/kfunc.h"
#include "vm/helpers.h"
#include "vm/kfunc_glue.h"

#define VM_KFUNC_TRAMPOLINES 48
#define P(x) ((void *)(uintptr_t)(x))
#define KFUNC(name)                                                                           \
	static uint64_t name(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5, \
			     struct hive_vm_run *run)

static const struct kfunc_desc *table;

/* clang-format off */
#define T(n)                                                                              \
	static uint64_t tramp_##n(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4,     \
				  uint64_t r5, struct hive_vm_run *run)                   \
	{                                                                                 \
		return table[n].fn(r1, r2, r3, r4, r5);                                   \
	}
T(0) T(1) T(2) T(3) T(4) T(5) T(6) T(7) T(8) T(9) T(10) T(11) T(12) T(13) T(14) T(15)
T(16) T(17) T(18) T(19) T(20) T(21) T(22) T(23) T(24) T(25) T(26) T(27) T(28) T(29) T(30) T(31)
T(32) T(33) T(34) T(35) T(36) T(37) T(38) T(39) T(40) T(41) T(42) T(43) T(44) T(45) T(46) T(47)
#undef T

static const hive_func_fn trampolines[VM_KFUNC_TRAMPOLINES] = {
	tramp_0, tramp_1, tramp_2, tramp_3, tramp_4, tramp_5, tramp_6, tramp_7,
	tramp_8, tramp_9, tramp_10, tramp_11, tramp_12, tramp_13, tramp_14, tramp_15,
	tramp_16, tramp_17, tramp_18, tramp_19, tramp_20, tramp_21, tramp_22, tramp_23,
	tramp_24, tramp_25, tramp_26, tramp_27, tramp_28, tramp_29, tramp_30, tramp_31,
	tramp_32, tramp_33, tramp_34, tramp_35, tramp_36, tramp_37, tramp_38, tramp_39,
	tramp_40, tramp_41, tramp_42, tramp_43, tramp_44, tramp_45, tramp_46, tramp_47,
};
/* clang-format on */

/* ---- bpf_rbtree_add_impl: the BPF `less` callback as a C one ---- */

struct less_ctx {
	struct hive_vm_run *run;
	uint64_t fn;
};

static bool bpf_less(void *ctx, struct hive_bpf_rb_node *a, const struct hive_bpf_rb_node *b)
{
	struct less_ctx *c = ctx;

	return hive_vm_call(c->run, c->fn, (uintptr_t)a, (uintptr_t)b, 0, 0, 0) != 0;
}

KFUNC(rbtree_add_impl)
{
	struct less_ctx c = { run, r3 };

	return (uint64_t)(int64_t)kfunc_rbtree_add_impl(P(r1), P(r2), bpf_less, &c, P(r4), r5);
}

/* ---- state-free run-time kfuncs ---- */

KFUNC(nop)
{
	return 0;
}

KFUNC(identity)
{
	return r1;
}

/* The kernel's struct bpf_iter_num_kern: the value next() returned last, and the end. */
struct iter_num {
	int32_t cur;
	int32_t end;
};

KFUNC(iter_num_new)
{
	struct iter_num *s = P(r1);
	int32_t start = (int32_t)r2, end = (int32_t)r3;

	if (start > end || (int64_t)end - start > VM_BPF_MAX_LOOPS) {
		s->cur = s->end = 0;
		return (uint64_t)(int64_t)(start > end ? -EINVAL : -E2BIG);
	}
	s->cur = (int32_t)((uint32_t)start - 1); /* next() moves to start first */
	s->end = end;
	return 0;
}

KFUNC(iter_num_next)
{
	struct iter_num *s = P(r1);

	/* wraps like the kernel's int arithmetic: start == INT_MIN gives cur == INT_MAX */
	if ((int64_t)(int32_t)((uint32_t)s->cur + 1) >= s->end) {
		s->cur = s->end = 0;
		return 0;
	}
	s->cur = (int32_t)((uint32_t)s->cur + 1);
	return (uintptr_t)&s->cur;
}

KFUNC(iter_num_destroy)
{
	struct iter_num *s = P(r1);

	s->cur = s->end = 0;
	return 0;
}

static const struct vm_helper_desc runtime[] = {
	{ 0, nop, 0 },
	{ 0, nop, 0 },
	{ 0, identity, 0 },
	{ 0, identity, 0 },
	{ 0, iter_num_new, 0 },
	{ 0, iter_num_next, 0 },
	{ 0, iter_num_destroy, 0 },
};

const char *const vm_runtime_kfunc_names[] = {
	"bpf_rcu_read_lock", "bpf_rcu_read_unlock", "bpf_cast_to_kern_ctx", "bpf_rdonly_cast",
	"bpf_iter_num_new",  "bpf_iter_num_next",   "bpf_iter_num_destroy", NULL,
};

_Static_assert(ARRAY_SIZE(runtime) + 1 == ARRAY_SIZE(vm_runtime_kfunc_names),
	       "one name per run-time kfunc");

static int add(struct hive_vm *vm, const char *name, hive_func_fn fn)
{
	int slot;

	if (hive_vm_find_kfunc(vm, name) >= 0)
		return 0;
	slot = hive_vm_add_kfunc(vm, name, fn);
	return slot < 0 ? slot : 0;
}

int vm_register_kfuncs(struct hive_vm *vm)
{
	uint32_t cnt;
	int err = 0;

	table = kfunc_table(&cnt);
	if (cnt > VM_KFUNC_TRAMPOLINES)
		return -E2BIG;
	for (uint32_t i = 0; i < cnt && !err; i++) {
		if (table[i].fn)
			err = add(vm, table[i].name, trampolines[i]);
		else if (!strcmp(table[i].name, "bpf_rbtree_add_impl"))
			err = add(vm, table[i].name, rbtree_add_impl);
		else
			pr_warn("kfunc %s needs a callback adapter the interpreter lacks\n",
				table[i].name);
	}
	for (size_t i = 0; i < ARRAY_SIZE(runtime) && !err; i++)
		err = add(vm, vm_runtime_kfunc_names[i], runtime[i].fn);
	return err;
}
