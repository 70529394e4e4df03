// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/unit/test_btf_build.c: the builder and the in-place changes the loader makes (spec
 * B.8): string dedup, argument checks, copying types between BTFs, DATASEC size/entries/sort,
 * VAR and FUNC linkage, renaming; and the kernel's validation rules on what was built.
 */
#include "btf_sample.h"

static void test_strings(void **state)
{
	struct hive_btf *b = btf_new_empty(NULL);
	int a = btf_add_str(b, "alpha"), a2, beta;

	assert_true(a > 0);
	a2 = btf_add_str(b, "alpha");
	assert_int_equal(a, a2);
	assert_int_equal(btf_find_str(b, "alpha"), a);
	assert_int_equal(btf_find_str(b, "gamma"), -ENOENT);
	beta = btf_add_str(b, "beta");
	assert_true(beta > a);
	assert_int_equal(btf_add_str(b, ""), 0);
	assert_string_equal(btf_str_by_offset(b, a), "alpha");
	assert_string_equal(btf_str_by_offset(b, beta), "beta");
	/* a string that was only looked up is not kept */
	assert_int_equal(btf_find_str(b, "gamma"), -ENOENT);
	btf_free(b);
}

static void test_bad_args(void **state)
{
	struct hive_btf *b = btf_new_empty(NULL);
	int i = btf_add_int(b, "int", 4, BTF_INT_SIGNED);

	assert_int_equal(btf_add_int(b, "", 4, 0), -EINVAL);
	assert_int_equal(btf_add_int(b, "x", 3, 0x10), -EINVAL);
	assert_int_equal(btf_add_ptr(b, 999), -EINVAL);
	assert_int_equal(btf_add_field(b, "f", i, 0, 0), -EINVAL); /* no struct being built */
	assert_int_equal(btf_add_enum_value(b, "E", 1), -EINVAL);
	assert_int_equal(btf_add_func(b, "f", BTF_FUNC_GLOBAL, i), -EINVAL); /* not a proto */
	assert_int_equal(btf_add_float(b, "f", 3), -EINVAL);
	assert_int_equal(btf_add_enum(b, "e", 4, false), 2);
	assert_int_equal(btf_add_enum_value(b, "TOO_BIG", 1LL << 33), -E2BIG);
	assert_int_equal(btf_add_enum_value(b, "NEG", -1), 0);
	assert_true(btf_kflag(btf_type_by_id(b, 2))); /* a negative value makes the enum signed */
	assert_int_equal(btf_add_union(b, "u", 4), 3);
	assert_int_equal(btf_add_field(b, "x", i, 8, 0), -EINVAL); /* union members are at 0 */
	assert_int_equal(btf_add_decl_tag(b, "t", i, -2), -EINVAL);
	btf_free(b);
}

static void test_copy(void **state)
{
	struct hive_btf *src = make_sample(), *dst = btf_new_empty(NULL);
	char *a, *b;

	for (uint32_t id = 1; id < btf_type_cnt(src); id++)
		assert_int_equal(btf_add_type_copy(dst, src, id), (int)id);
	a = dump_to_string(src, false);
	b = dump_to_string(dst, false);
	assert_string_equal(a, b);
	free(a);
	free(b);
	btf_free(src);
	btf_free(dst);
}

static void test_loader_fixups(void **state)
{
	struct hive_btf *b = make_sample();
	int v2 = btf_add_var(b, "second", BTF_VAR_GLOBAL_EXTERN, SAMPLE_LONG);
	int sec = btf_add_datasec(b, ".bss", 0);
	const struct btf_type *t;
	const struct btf_var_secinfo *vi;

	assert_true(v2 > 0 && sec > 0);
	assert_int_equal(btf_add_datasec_var_info(b, v2, 0, 8), 0);
	assert_int_equal(btf_add_datasec_var_info(b, SAMPLE_VAR, 0, 4), 0);
	/* clang leaves offsets and the size 0; the loader fills them from the ELF symbols */
	assert_int_equal(btf_datasec_set_var(b, sec, 0, v2, 16, 8), 0);
	assert_int_equal(btf_datasec_set_var(b, sec, 1, SAMPLE_VAR, 4, 4), 0);
	assert_int_equal(btf_datasec_set_var(b, sec, 2, SAMPLE_VAR, 4, 4), -EINVAL);
	assert_int_equal(btf_datasec_set_size(b, sec, 24), 0);
	assert_int_equal(btf_datasec_sort(b, sec), 0);
	assert_int_equal(btf_var_set_linkage(b, v2, BTF_VAR_GLOBAL_ALLOCATED), 0);
	assert_int_equal(btf_var_set_linkage(b, SAMPLE_INT, 0), -EINVAL);
	assert_int_equal(btf_func_set_linkage(b, SAMPLE_FUNC, BTF_FUNC_STATIC), 0);
	assert_int_equal(btf_set_name(b, SAMPLE_STRUCT_PT, "point"), 0);
	t = btf_type_by_id(b, sec);
	vi = btf_var_secinfos(t);
	assert_int_equal(t->size, 24);
	assert_int_equal(vi[0].type, SAMPLE_VAR);
	assert_int_equal(vi[0].offset, 4);
	assert_int_equal(vi[1].type, v2);
	assert_int_equal(vi[1].offset, 16);
	assert_int_equal(btf_var(btf_type_by_id(b, v2))->linkage, BTF_VAR_GLOBAL_ALLOCATED);
	assert_int_equal(btf_vlen(btf_type_by_id(b, SAMPLE_FUNC)), BTF_FUNC_STATIC);
	assert_int_equal(btf_find_by_name_kind(b, "point", BTF_KIND_STRUCT), SAMPLE_STRUCT_PT);
	assert_int_equal(btf_find_by_name_kind(b, "pt", BTF_KIND_STRUCT), -ENOENT);
	btf_free(b);
}

/* Changes to a parsed (read-only, possibly mmap'ed) BTF go to a private copy. */
static void test_modify_parsed(void **state)
{
	uint32_t size, size2;
	void *raw = sample_raw(&size);
	struct btf_parse_opts opts = { .borrow = true };
	struct hive_btf *b = btf_parse_raw(raw, size, &opts);
	const void *out;
	struct hive_btf *again;

	assert_false(IS_ERR(b));
	assert_int_equal(btf_var_set_linkage(b, SAMPLE_VAR, BTF_VAR_STATIC), 0);
	assert_int_equal(btf_var(btf_type_by_id(b, SAMPLE_VAR))->linkage, BTF_VAR_STATIC);
	assert_int_equal(btf_add_int(b, "short", 2, BTF_INT_SIGNED), SAMPLE_CNT);
	out = btf_raw_data(b, &size2);
	assert_non_null(out);
	assert_true(size2 > size);
	again = btf_parse_raw(out, size2, NULL);
	assert_false(IS_ERR(again));
	assert_int_equal(btf_find_by_name_kind(again, "short", BTF_KIND_INT), SAMPLE_CNT);
	assert_int_equal(btf_var(btf_type_by_id(again, SAMPLE_VAR))->linkage, BTF_VAR_STATIC);
	btf_free(again);
	btf_free(b);
	free(raw);
}

static void expect_invalid(struct hive_btf *b, const char *expect)
{
	char errbuf[256] = "";

	assert_int_equal(btf_validate_kernel(b, errbuf, sizeof(errbuf)), -EINVAL);
	if (!strstr(errbuf, expect)) {
		print_error("got \"%s\", expected \"%s\"\n", errbuf, expect);
		fail();
	}
	btf_free(b);
}

static void test_kernel_rules(void **state)
{
	char errbuf[256] = "";
	struct hive_btf *b = make_sample();
	int f, p;

	assert_int_equal(btf_validate_kernel(b, errbuf, sizeof(errbuf)), 0);
	btf_free(b);

	b = make_sample();
	p = btf_add_func_proto(b, SAMPLE_INT);
	f = btf_add_func(b, "ext_fn", BTF_FUNC_EXTERN, p);
	assert_true(f > 0);
	expect_invalid(b, "'ext_fn': linkage extern is not allowed");

	b = make_sample();
	btf_add_var(b, "ext_var", BTF_VAR_GLOBAL_EXTERN, SAMPLE_INT);
	expect_invalid(b, "'ext_var': linkage extern is not allowed");

	b = make_sample();
	btf_add_datasec(b, ".kconfig", 0);
	expect_invalid(b, "DATASEC '.kconfig': size is 0");

	b = make_sample();
	btf_add_decl_tag(b, "t", SAMPLE_STRUCT_PT, 9);
	expect_invalid(b, "component_idx 9 is out of range");

	b = make_sample();
	btf_add_decl_tag(b, "t", SAMPLE_INT, -1);
	expect_invalid(b, "target [1] INT cannot carry a decl tag");

	b = make_sample();
	btf_add_typedef(b, "not an identifier", SAMPLE_INT);
	expect_invalid(b, "typedef name is not a C identifier");

	b = make_sample();
	btf_add_struct(b, "short_s", 2);
	btf_add_field(b, "x", SAMPLE_INT, 0, 0);
	expect_invalid(b, "member 0 'x': ends past the struct size 2");

	b = make_sample();
	btf_add_struct(b, "bits", 4);
	btf_add_field(b, "p", SAMPLE_PTR_CHAR, 0, 3);
	expect_invalid(b, "bitfield of a type that is not an integer");

	b = make_sample();
	btf_add_const(b, SAMPLE_TYPE_TAG);
	expect_invalid(b, "Type tags don't precede modifiers");
}

static void test_struct_loop(void **state)
{
	struct hive_btf *b = btf_new_empty(NULL);
	int i = btf_add_int(b, "int", 4, BTF_INT_SIGNED);
	int a = btf_add_struct(b, "a", 8);
	int bb;

	btf_add_field(b, "x", i, 0, 0);
	bb = btf_add_struct(b, "b", 8);
	btf_add_field(b, "a", a, 0, 0);
	/* now make a's member an embedded b: a contains b contains a */
	((struct btf_member *)(btf_type_mut(b, a) + 1))->type = bb;
	expect_invalid(b, "Loop detected");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strings),	      cmocka_unit_test(test_bad_args),
		cmocka_unit_test(test_copy),	      cmocka_unit_test(test_loader_fixups),
		cmocka_unit_test(test_modify_parsed), cmocka_unit_test(test_kernel_rules),
		cmocka_unit_test(test_struct_loop),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
