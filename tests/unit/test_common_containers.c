// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests for common/: growable arrays, the hash map, the list and error pointers.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/err.h"
#include "common/hashmap.h"
#include "common/list.h"
#include "common/log.h"
#include "common/mem.h"

static void test_ensure_mem_grows_and_zeroes(void **state)
{
	int *v = NULL;
	size_t cap = 0;

	assert_int_equal(hive_ensure_mem((void **)&v, &cap, sizeof(*v), 3), 0);
	assert_true(cap >= 3);
	for (size_t i = 0; i < cap; i++)
		assert_int_equal(v[i], 0);
	v[0] = 7;
	assert_int_equal(hive_ensure_mem((void **)&v, &cap, sizeof(*v), 1000), 0);
	assert_true(cap >= 1000);
	assert_int_equal(v[0], 7);
	assert_int_equal(v[999], 0);
	/* A size that overflows is refused and leaves the array alone. */
	assert_int_equal(hive_ensure_mem((void **)&v, &cap, SIZE_MAX / 2, SIZE_MAX / 2), -ENOMEM);
	assert_int_equal(v[0], 7);
	free(v);
}

static void test_hashmap_int_keys(void **state)
{
	struct hive_hashmap map;
	uintptr_t val, old;
	size_t bkt, seen = 0;
	struct hive_hashmap_entry *cur;

	hive_hashmap_init(&map, hive_hash_int, hive_equal_int, NULL);
	assert_false(hive_hashmap_find(&map, 1, &val));
	for (uintptr_t i = 0; i < 10000; i++)
		assert_int_equal(hive_hashmap_add(&map, i, i * 3), 0);
	assert_int_equal(hive_hashmap_add(&map, 5, 0), -EEXIST);
	assert_int_equal(hive_hashmap_size(&map), 10000);
	for (uintptr_t i = 0; i < 10000; i++) {
		assert_true(hive_hashmap_find(&map, i, &val));
		assert_int_equal(val, i * 3);
	}
	assert_int_equal(hive_hashmap_set(&map, 5, 55, NULL, &old), 0);
	assert_int_equal(old, 15);
	assert_true(hive_hashmap_delete(&map, 5, NULL, &old));
	assert_int_equal(old, 55);
	assert_false(hive_hashmap_delete(&map, 5, NULL, NULL));
	hive_hashmap_for_each_entry(&map, cur, bkt) seen++;
	assert_int_equal(seen, 9999);
	hive_hashmap_clear(&map);
	assert_int_equal(hive_hashmap_size(&map), 0);
}

static void test_hashmap_str_keys(void **state)
{
	struct hive_hashmap map;
	char key[32];
	uintptr_t val;

	hive_hashmap_init(&map, hive_hash_str, hive_equal_str, NULL);
	assert_int_equal(hive_hashmap_add(&map, (uintptr_t) "bpf_obj_new_impl", 1), 0);
	assert_int_equal(hive_hashmap_add(&map, (uintptr_t) "bpf_obj_drop_impl", 2), 0);
	strcpy(key, "bpf_obj_new_impl"); /* a different pointer to equal bytes */
	assert_true(hive_hashmap_find(&map, (uintptr_t)key, &val));
	assert_int_equal(val, 1);
	hive_hashmap_clear(&map);
}

struct item {
	int v;
	struct hive_list node;
};

static void test_list_order(void **state)
{
	struct hive_list head = HIVE_LIST_INIT(head);
	struct item a = { .v = 1 }, b = { .v = 2 }, c = { .v = 3 }, *pos, *n;
	int expect[] = { 3, 1, 2 }, i = 0;

	hive_list_add_tail(&a.node, &head);
	hive_list_add_tail(&b.node, &head);
	hive_list_add(&c.node, &head);
	list_for_each_entry(pos, &head, node)
		assert_int_equal(pos->v, expect[i++]);
	assert_int_equal(i, 3);
	list_for_each_entry_safe(pos, n, &head, node)
		hive_list_del(&pos->node);
	assert_true(hive_list_empty(&head));
}

static void test_err_ptr(void **state)
{
	void *p = ERR_PTR(-EINVAL);

	assert_true(IS_ERR(p));
	assert_int_equal(PTR_ERR(p), -EINVAL);
	assert_false(IS_ERR(&p));
	assert_true(IS_ERR_OR_NULL(NULL));
	errno = 0;
	assert_null(hive_ptr(ERR_PTR(-ENOENT)));
	assert_int_equal(errno, ENOENT);
	assert_int_equal(hive_err(-EPERM), -EPERM);
	assert_int_equal(errno, EPERM);
	assert_string_equal(hive_errstr(-ELOOP), "-ELOOP");
	assert_string_equal(hive_errstr(-12345), "-12345");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ensure_mem_grows_and_zeroes),
		cmocka_unit_test(test_hashmap_int_keys),
		cmocka_unit_test(test_hashmap_str_keys),
		cmocka_unit_test(test_list_order),
		cmocka_unit_test(test_err_ptr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
