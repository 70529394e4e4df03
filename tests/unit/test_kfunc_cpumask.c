// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests of the run-time bpf_cpumask (kfunc/cpumask.c): the refcount (acquire/release, the
 * last release frees the object in the allocator's live accounting), the kptr destructor path
 * (a mask stashed in a map value is released by kfunc_obj_free_fields(), one reference only),
 * and the kernel's bit semantics with a CPU count that ends inside a word (70 CPUs): queries
 * stop at nr_cpu_ids, setall fills whole words, and clears the tail bits.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "btf/btf_record.h"
#include "kfunc/alloc.h"
#include "kfunc/cpumask.h"
#include "kfunc/fields.h"
#include "kfunc/runtime.h"

#define NR 70
#define CM(m) ((const struct hive_cpumask *)(m))

static int64_t live(void)
{
	struct kfunc_mem_stats st;

	kfunc_rcu_barrier();
	kfunc_mem_stats(&st);
	return st.live_objs;
}

static uint64_t *bits(struct hive_bpf_cpumask *m)
{
	return (uint64_t *)m;
}

static void test_refcount(void **state)
{
	int64_t base = live();
	struct hive_bpf_cpumask *m = kfunc_cpumask_create();

	assert_non_null(m);
	assert_int_equal(kfunc_cpumask_size(), 40); /* 70 CPUs fit the kernel's 256-bit mask */
	assert_int_equal(kfunc_cpumask_refs(m), 1);
	assert_true(kfunc_cpumask_empty(CM(m)));
	assert_ptr_equal(kfunc_cpumask_acquire(m), m);
	assert_int_equal(kfunc_cpumask_refs(m), 2);
	kfunc_cpumask_release(m);
	assert_int_equal(live(), base + 1);
	assert_int_equal(kfunc_cpumask_refs(m), 1);
	kfunc_cpumask_release(m);
	assert_int_equal(live(), base);
	kfunc_cpumask_release(NULL); /* harmless */
}

/* A map value { u64 pad; struct bpf_cpumask __kptr *mask; } as btf_fields builds its record. */
static struct hive_record *slot_record(void)
{
	struct hive_record *rec = btf_record_new(1);
	struct hive_field f = { .offset = 8, .kind = HIVE_FIELD_KPTR_REF };

	f.kptr.dtor = kfunc_kernel_kptr_dtor("bpf_cpumask");
	assert_non_null(rec);
	assert_int_equal(btf_record_add(rec, &f), 0);
	assert_int_equal(btf_record_finalize(rec, 16), 0);
	return rec;
}

static void test_dtor(void **state)
{
	struct hive_record *rec = slot_record();
	uint64_t value[2] = { 7, 0 };
	int64_t base = live();
	struct hive_bpf_cpumask *m = kfunc_cpumask_create(), *kept;

	assert_null(kfunc_kernel_kptr_dtor("task_struct"));
	assert_null(kfunc_kernel_kptr_dtor(NULL));
	/* the value owns one reference, the test keeps a second one */
	kept = kfunc_cpumask_acquire(m);
	assert_null(kfunc_kptr_xchg(&value[1], m));
	kfunc_obj_free_fields(rec, value);
	assert_int_equal(value[1], 0);
	assert_int_equal(value[0], 7);
	assert_int_equal(kfunc_cpumask_refs(kept), 1);
	assert_int_equal(live(), base + 1);
	/* the last reference in the value: freeing the fields frees the mask */
	assert_null(kfunc_kptr_xchg(&value[1], kept));
	kfunc_obj_free_fields(rec, value);
	assert_int_equal(live(), base);
	kfunc_obj_free_fields(rec, value); /* an empty slot stays empty */
	assert_int_equal(value[1], 0);
	btf_record_free(rec);
}

static void test_bits(void **state)
{
	struct hive_bpf_cpumask *a = kfunc_cpumask_create(), *b = kfunc_cpumask_create(),
				*c = kfunc_cpumask_create();

	assert_int_equal(kfunc_cpumask_first(CM(a)), NR);
	assert_int_equal(kfunc_cpumask_first_zero(CM(a)), 0);
	kfunc_cpumask_set_cpu(NR, a); /* not a possible CPU */
	kfunc_cpumask_set_cpu(69, a);
	assert_false(kfunc_cpumask_test_cpu(NR, CM(a)));
	assert_true(kfunc_cpumask_test_cpu(69, CM(a)));
	assert_int_equal(kfunc_cpumask_first(CM(a)), 69);
	assert_false(kfunc_cpumask_test_and_set_cpu(3, a));
	assert_true(kfunc_cpumask_test_and_set_cpu(3, a));
	assert_int_equal(kfunc_cpumask_weight(CM(a)), 2);
	kfunc_cpumask_setall(b);
	assert_int_equal(bits(b)[1], UINT64_MAX); /* bitmap_fill: whole words */
	assert_int_equal(bits(b)[2], 0);
	assert_int_equal(kfunc_cpumask_weight(CM(b)), NR);
	assert_true(kfunc_cpumask_full(CM(b)));
	assert_int_equal(kfunc_cpumask_first_zero(CM(b)), NR);
	assert_true(kfunc_cpumask_subset(CM(a), CM(b)));
	assert_false(kfunc_cpumask_subset(CM(b), CM(a)));
	/* and: the bits past CPU 69 are cleared in the result */
	assert_true(kfunc_cpumask_and(c, CM(b), CM(b)));
	assert_int_equal(bits(c)[1], (1ULL << (NR - 64)) - 1);
	assert_true(kfunc_cpumask_equal(CM(c), CM(b)));
	kfunc_cpumask_xor(c, CM(b), CM(a));
	assert_int_equal(kfunc_cpumask_weight(CM(c)), NR - 2);
	assert_false(kfunc_cpumask_intersects(CM(c), CM(a)));
	assert_int_equal(kfunc_cpumask_first_and(CM(c), CM(a)), NR);
	kfunc_cpumask_or(c, CM(c), CM(a));
	assert_true(kfunc_cpumask_full(CM(c)));
	kfunc_cpumask_copy(c, CM(a));
	assert_true(kfunc_cpumask_equal(CM(c), CM(a)));
	assert_true(kfunc_cpumask_test_and_clear_cpu(69, c));
	kfunc_cpumask_clear_cpu(3, c);
	assert_true(kfunc_cpumask_empty(CM(c)));
	/* distribution walks the set CPUs in turn */
	uint32_t x = kfunc_cpumask_any_distribute(CM(a)), y = kfunc_cpumask_any_distribute(CM(a));

	assert_true((x == 3 && y == 69) || (x == 69 && y == 3));
	assert_int_equal(kfunc_cpumask_any_distribute(CM(c)), NR);
	x = kfunc_cpumask_any_and_distribute(CM(a), CM(b));
	assert_true(x == 3 || x == 69);
	/* populate needs nr_cpu_ids bits rounded to words */
	uint64_t src[2] = { 1, 1 };

	assert_int_equal(kfunc_cpumask_populate((struct hive_cpumask *)c, src, 8), -EACCES);
	assert_int_equal(kfunc_cpumask_populate((struct hive_cpumask *)c, src, 16), 0);
	assert_int_equal(kfunc_cpumask_weight(CM(c)), 2);
	kfunc_cpumask_clear(b);
	assert_true(kfunc_cpumask_empty(CM(b)));
	assert_int_equal(bits(b)[1], 0);
	kfunc_cpumask_release(a);
	kfunc_cpumask_release(b);
	kfunc_cpumask_release(c);
}

static int setup(void **state)
{
	return kfunc_set_nr_cpus(NR);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_refcount),
		cmocka_unit_test(test_dtor),
		cmocka_unit_test(test_bits),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
