// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests for kfunc/slab.c (size classes carved from 2 MiB regions) and the batched
 * retirement of objects freed inside a read-side section (kfunc/alloc.c).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "kfunc/alloc.h"
#include "kfunc/runtime.h"
#include "kfunc/slab.h"

#define NR 3000 /* more blocks than one batch, fewer than one region holds */

static int64_t live_objs(void)
{
	struct kfunc_mem_stats st;

	kfunc_mem_stats(&st);
	return st.live_objs;
}

/* Blocks are zeroed, aligned, of their class, and never overlap. */
static void test_classes(void **state)
{
	static const uint64_t sizes[] = { 1, 16, 17, 40, 56, 64, 65, 200, 1024 };
	uint8_t cls;

	(void)state;
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		uint8_t *a = slab_alloc(sizes[i], &cls), *b;

		assert_non_null(a);
		assert_int_not_equal(cls, SLAB_NO_CLASS);
		assert_true(slab_class_size(cls) >= sizes[i]);
		assert_int_equal((uintptr_t)a % 16, 0);
		for (uint64_t j = 0; j < sizes[i]; j++)
			assert_int_equal(a[j], 0);
		memset(a, 0xab, sizes[i]);
		b = slab_alloc(sizes[i], &cls);
		assert_non_null(b);
		assert_true(b >= a + slab_class_size(cls) || b + slab_class_size(cls) <= a);
		slab_free(a, cls);
		slab_free(b, cls);
	}
	/* beyond the largest class: malloc, still zeroed */
	uint8_t *big = slab_alloc(5000, &cls);

	assert_non_null(big);
	assert_int_equal(cls, SLAB_NO_CLASS);
	assert_int_equal(slab_class_size(cls), 0);
	assert_int_equal(big[4999], 0);
	slab_free(big, cls);
}

/*
 * Once every block of a region is back, the region starts over: the next blocks come in
 * address order from the same memory, and nothing new is mapped.
 */
static void test_region_reset(void **state)
{
	void **a = calloc(NR, sizeof(*a));
	uint8_t cls = 0, c2;
	uint64_t mapped;

	(void)state;
	assert_non_null(a);
	for (int i = 0; i < NR; i++) {
		a[i] = slab_alloc(100, &cls); /* a class of its own in this test (128) */
		assert_non_null(a[i]);
		if (i)
			assert_ptr_equal(a[i], (char *)a[i - 1] + slab_class_size(cls));
	}
	mapped = slab_mapped_bytes();
	/* free in a scattered order, as a drain in key order would */
	for (int i = 0; i < NR; i++)
		slab_free(a[(i * 7919) % NR], cls);
	for (int i = 0; i < NR; i++) {
		void *p = slab_alloc(100, &c2);

		assert_ptr_equal(p, a[i]);
	}
	assert_int_equal(slab_mapped_bytes(), mapped);
	for (int i = 0; i < NR; i++)
		slab_free(a[i], cls);
	free(a);
}

/*
 * Objects dropped inside a section are reclaimed only after the section ends, batch or not,
 * and all of them are (a batch holds fewer than NR).
 */
static void test_batched_retire(void **state)
{
	int64_t base;
	void **objs = calloc(NR, sizeof(*objs));

	(void)state;
	assert_non_null(objs);
	assert_int_equal(kfunc_rcu_barrier(), 0);
	base = live_objs();
	for (int i = 0; i < NR; i++) {
		objs[i] = kfunc_obj_alloc(40);
		assert_non_null(objs[i]);
	}
	kfunc_rcu_read_lock();
	for (int i = 0; i < NR; i++)
		kfunc_obj_free_rcu(objs[i]);
	/* still readable: nothing may go while this section runs */
	assert_int_equal(kfunc_rcu_barrier(), -EDEADLK);
	assert_int_equal(live_objs() - base, NR);
	assert_int_equal(*(volatile uint64_t *)objs[NR - 1], 0);
	kfunc_rcu_read_unlock();
	assert_int_equal(kfunc_rcu_barrier(), 0);
	assert_int_equal(live_objs() - base, 0);
	assert_int_equal(kfunc_rcu_pending(), 0);
	free(objs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_classes),
		cmocka_unit_test(test_region_reset),
		cmocka_unit_test(test_batched_retire),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
