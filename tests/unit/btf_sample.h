/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/unit/btf_sample.h: one BTF with every kind, built with the builder; the ids are fixed
 * (SAMPLE_*) so tests can name them.
 */
#ifndef __HIVE_TEST_BTF_SAMPLE_H
#define __HIVE_TEST_BTF_SAMPLE_H

#include "btf_test_util.h"

enum {
	SAMPLE_INT = 1,
	SAMPLE_UINT,
	SAMPLE_CHAR,
	SAMPLE_LONG,
	SAMPLE_PTR_CHAR,
	SAMPLE_CONST_CHAR,
	SAMPLE_PTR_CONST_CHAR,
	SAMPLE_ARR_INT4,
	SAMPLE_STRUCT_PT,
	SAMPLE_UNION_NUM,
	SAMPLE_ENUM_COLOR,
	SAMPLE_ENUM64_BIG,
	SAMPLE_FWD_OPAQUE,
	SAMPLE_TYPEDEF_PT,
	SAMPLE_VOLATILE_INT,
	SAMPLE_PROTO,
	SAMPLE_FUNC,
	SAMPLE_VAR,
	SAMPLE_DATASEC,
	SAMPLE_FLOAT,
	SAMPLE_DECL_TAG,
	SAMPLE_TYPE_TAG,
	SAMPLE_PTR_OPAQUE,
	SAMPLE_RESTRICT,
	SAMPLE_STRUCT_HOLDER,
	SAMPLE_ARR_2D,
	SAMPLE_PTR_PROTO,
	SAMPLE_PACKED,
	SAMPLE_CNT,
};

static inline struct hive_btf *make_sample(void)
{
	struct hive_btf *b = btf_new_empty(NULL);

	assert_false(IS_ERR(b));
	assert_int_equal(btf_add_int(b, "int", 4, BTF_INT_SIGNED), SAMPLE_INT);
	assert_int_equal(btf_add_int(b, "unsigned int", 4, 0), SAMPLE_UINT);
	assert_int_equal(btf_add_int(b, "char", 1, BTF_INT_CHAR), SAMPLE_CHAR);
	assert_int_equal(btf_add_int(b, "long", 8, BTF_INT_SIGNED), SAMPLE_LONG);
	assert_int_equal(btf_add_ptr(b, SAMPLE_CHAR), SAMPLE_PTR_CHAR);
	assert_int_equal(btf_add_const(b, SAMPLE_CHAR), SAMPLE_CONST_CHAR);
	assert_int_equal(btf_add_ptr(b, SAMPLE_CONST_CHAR), SAMPLE_PTR_CONST_CHAR);
	assert_int_equal(btf_add_array(b, SAMPLE_INT, SAMPLE_INT, 4), SAMPLE_ARR_INT4);
	assert_int_equal(btf_add_struct(b, "pt", 40), SAMPLE_STRUCT_PT);
	assert_int_equal(btf_add_field(b, "x", SAMPLE_INT, 0, 0), 0);
	assert_int_equal(btf_add_field(b, "flags", SAMPLE_UINT, 32, 3), 0);
	assert_int_equal(btf_add_field(b, "mode", SAMPLE_UINT, 35, 5), 0);
	assert_int_equal(btf_add_field(b, "name", SAMPLE_PTR_CONST_CHAR, 64, 0), 0);
	assert_int_equal(btf_add_field(b, "vals", SAMPLE_ARR_INT4, 128, 0), 0);
	assert_int_equal(btf_add_union(b, "num", 8), SAMPLE_UNION_NUM);
	assert_int_equal(btf_add_field(b, "i", SAMPLE_INT, 0, 0), 0);
	assert_int_equal(btf_add_field(b, "l", SAMPLE_LONG, 0, 0), 0);
	assert_int_equal(btf_add_enum(b, "color", 4, false), SAMPLE_ENUM_COLOR);
	assert_int_equal(btf_add_enum_value(b, "RED", 0), 0);
	assert_int_equal(btf_add_enum_value(b, "BLUE", 7), 0);
	assert_int_equal(btf_add_enum64(b, "big", 8, false), SAMPLE_ENUM64_BIG);
	assert_int_equal(btf_add_enum64_value(b, "BIG", 0x100000000ULL), 0);
	assert_int_equal(btf_add_fwd(b, "opaque", false), SAMPLE_FWD_OPAQUE);
	assert_int_equal(btf_add_typedef(b, "pt_t", SAMPLE_STRUCT_PT), SAMPLE_TYPEDEF_PT);
	assert_int_equal(btf_add_volatile(b, SAMPLE_INT), SAMPLE_VOLATILE_INT);
	assert_int_equal(btf_add_func_proto(b, SAMPLE_INT), SAMPLE_PROTO);
	assert_int_equal(btf_add_func_param(b, "p", SAMPLE_PTR_CHAR), 0);
	assert_int_equal(btf_add_func_param(b, "n", SAMPLE_LONG), 0);
	assert_int_equal(btf_add_func(b, "do_it", BTF_FUNC_GLOBAL, SAMPLE_PROTO), SAMPLE_FUNC);
	assert_int_equal(btf_add_var(b, "counter", BTF_VAR_GLOBAL_ALLOCATED, SAMPLE_INT),
			 SAMPLE_VAR);
	assert_int_equal(btf_add_datasec(b, ".data", 4), SAMPLE_DATASEC);
	assert_int_equal(btf_add_datasec_var_info(b, SAMPLE_VAR, 0, 4), 0);
	assert_int_equal(btf_add_float(b, "double", 8), SAMPLE_FLOAT);
	assert_int_equal(btf_add_decl_tag(b, "contains:holder:u", SAMPLE_STRUCT_PT, 4),
			 SAMPLE_DECL_TAG);
	assert_int_equal(btf_add_type_tag(b, "user", SAMPLE_INT), SAMPLE_TYPE_TAG);
	assert_int_equal(btf_add_ptr(b, SAMPLE_FWD_OPAQUE), SAMPLE_PTR_OPAQUE);
	assert_int_equal(btf_add_restrict(b, SAMPLE_PTR_CHAR), SAMPLE_RESTRICT);
	assert_int_equal(btf_add_struct(b, "holder", 64), SAMPLE_STRUCT_HOLDER);
	assert_int_equal(btf_add_field(b, "head", SAMPLE_TYPEDEF_PT, 0, 0), 0);
	assert_int_equal(btf_add_field(b, "u", SAMPLE_UNION_NUM, 320, 0), 0);
	assert_int_equal(btf_add_field(b, "op", SAMPLE_PTR_OPAQUE, 384, 0), 0);
	assert_int_equal(btf_add_field(b, "c", SAMPLE_ENUM_COLOR, 448, 0), 0);
	assert_int_equal(btf_add_array(b, SAMPLE_INT, SAMPLE_ARR_INT4, 2), SAMPLE_ARR_2D);
	assert_int_equal(btf_add_ptr(b, SAMPLE_PROTO), SAMPLE_PTR_PROTO);
	assert_int_equal(btf_add_struct(b, "packed", 5), SAMPLE_PACKED);
	assert_int_equal(btf_add_field(b, "c", SAMPLE_CHAR, 0, 0), 0);
	assert_int_equal(btf_add_field(b, "i", SAMPLE_INT, 8, 0), 0);
	assert_int_equal(btf_type_cnt(b), SAMPLE_CNT);
	return b;
}

/* The sample as raw bytes (malloc'ed copy). */
static inline void *sample_raw(uint32_t *size)
{
	struct hive_btf *b = make_sample();
	const void *raw = btf_raw_data(b, size);
	void *copy = malloc(*size);

	assert_non_null(raw);
	assert_non_null(copy);
	memcpy(copy, raw, *size);
	btf_free(b);
	return copy;
}

#endif /* __HIVE_TEST_BTF_SAMPLE_H */
