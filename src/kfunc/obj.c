// SPDX-License-Identifier: BSD-2-Clause
/*
 * kfunc/obj.c: bpf_obj_new/bpf_obj_drop (plain and per-CPU) and bpf_refcount_acquire, with the
 * refcount_t primitives they rely on.
 *
 * refcount_t semantics: a count never goes from 0 back up (inc_not_zero fails instead), and an
 * overflow or an underflow leaves the counter saturated at REFCOUNT_SATURATED (INT_MIN / 2), after
 * which the object is never freed — a leak rather than a use after free, as in the kernel.
 */
#include <limits.h>

#include "kfunc/kfunc.h"
#include "kfunc/alloc.h"
#include "kfunc/fields.h"

#define REFCOUNT_SATURATED ((int32_t)(INT_MIN / 2))

static void saturate(struct hive_bpf_refcount *r)
{
	__atomic_store_n((int32_t *)&r->refs, REFCOUNT_SATURATED, __ATOMIC_RELAXED);
}

bool kfunc_refcount_inc_not_zero(struct hive_bpf_refcount *r)
{
	int32_t *p = (int32_t *)&r->refs;
	int32_t old = __atomic_load_n(p, __ATOMIC_RELAXED);

	do {
		if (!old)
			return false;
	} while (!__atomic_compare_exchange_n(p, &old, (int32_t)((uint32_t)old + 1), true,
					      __ATOMIC_RELAXED, __ATOMIC_RELAXED));
	if (old < 0 || (int32_t)((uint32_t)old + 1) < 0)
		saturate(r);
	return true;
}

bool kfunc_refcount_dec_and_test(struct hive_bpf_refcount *r)
{
	int32_t old = __atomic_fetch_sub((int32_t *)&r->refs, 1, __ATOMIC_RELEASE);

	if (old == 1) {
		/* pairs with the release above in other droppers: the object is ours now */
		__atomic_thread_fence(__ATOMIC_ACQUIRE);
		return true;
	}
	if (old <= 0)
		saturate(r);
	return false;
}

uint32_t kfunc_refcount_read(const struct hive_bpf_refcount *r)
{
	return __atomic_load_n(&r->refs, __ATOMIC_RELAXED);
}

static const struct hive_record *rec_of(const struct hive_struct_meta *meta)
{
	return meta ? meta->record : NULL;
}

void *kfunc_obj_new_impl(uint64_t size, const struct hive_struct_meta *meta)
{
	void *p = kfunc_obj_alloc(size);

	if (p && meta)
		kfunc_obj_init(meta->record, p);
	return p;
}

void *kfunc_percpu_obj_new_impl(uint64_t size, const struct hive_struct_meta *meta)
{
	/* The verifier only allows structs of scalars here: meta is NULL. */
	(void)meta;
	return kfunc_percpu_obj_alloc(size);
}

void kfunc_obj_drop_impl(void *p, const struct hive_struct_meta *meta)
{
	kfunc_obj_drop(p, rec_of(meta), false);
}

void kfunc_percpu_obj_drop_impl(void *p, const struct hive_struct_meta *meta)
{
	(void)meta;
	kfunc_obj_free_rcu(p);
}

void *kfunc_refcount_acquire_impl(void *p, const struct hive_struct_meta *meta)
{
	struct hive_bpf_refcount *ref;

	/* The verifier only passes types with a bpf_refcount, so meta and its offset exist. */
	ref = (struct hive_bpf_refcount *)((char *)p + meta->record->refcount_off);
	return kfunc_refcount_inc_not_zero(ref) ? p : NULL;
}
