// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/unit/test_btf_api.c: the public BTF API (include/bpfhive/btf.h): libbpf's names and
 * error convention (NULL or -errno, with errno set, and the reason sent to the print callback).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "bpfhive/bpfhive.h"

static char last_msg[512];

__attribute__((format(printf, 2, 0))) static int capture(enum hive_print_level level,
							 const char *fmt, va_list args)
{
	return vsnprintf(last_msg, sizeof(last_msg), fmt, args);
}

static void test_vmlinux(void **state)
{
	struct hive_btf *btf;
	const struct btf_type *t;
	int32_t id;

	if (access("/sys/kernel/btf/vmlinux", R_OK)) {
		fprintf(stderr, "SKIP: /sys/kernel/btf/vmlinux not readable\n");
		skip();
	}
	btf = hive_btf__load_vmlinux_btf();
	assert_non_null(btf);
	assert_true(hive_btf__type_cnt(btf) > 50000);
	assert_null(hive_btf__base_btf(btf));
	id = hive_btf__find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT);
	assert_true(id > 0);
	t = hive_btf__type_by_id(btf, id);
	assert_non_null(t);
	assert_string_equal(hive_btf__name_by_offset(btf, t->name_off), "task_struct");
	assert_int_equal(hive_btf__resolve_size(btf, id), t->size);
	assert_int_equal(hive_btf__resolve_type(btf, id), id);
	assert_true(hive_btf__align_of(btf, id) >= 8);
	assert_int_equal(hive_btf__pointer_size(btf), 8);
	assert_int_equal(hive_btf__find_by_name(btf, "no_such_type_anywhere"), -ENOENT);
	assert_int_equal(errno, ENOENT);
	assert_null(hive_btf__type_by_id(btf, hive_btf__type_cnt(btf)));
	assert_int_equal(errno, EINVAL);
	assert_null(hive_btf__name_by_offset(btf, 0x7fffffff));
	hive_btf__free(btf);
}

static void test_errors(void **state)
{
	static const unsigned char junk[32] = { 0x12, 0x34 };
	hive_print_fn old = hive_set_print(capture);
	struct hive_btf *btf;

	errno = 0;
	btf = hive_btf__parse("/nonexistent/vmlinux");
	assert_null(btf);
	assert_int_equal(errno, ENOENT);
	assert_non_null(strstr(last_msg, "/nonexistent/vmlinux"));
	btf = hive_btf__new(junk, sizeof(junk));
	assert_null(btf);
	assert_int_equal(errno, EINVAL);
	assert_non_null(strstr(last_msg, "bad BTF magic 0x3412"));
	assert_int_equal(hive_btf__find_by_name_kind(NULL, "x", 99), -EINVAL);
	hive_btf__free(NULL);
	hive_set_print(old);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vmlinux),
		cmocka_unit_test(test_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
