// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests for relo/: essential names, access-string parsing and printing, the three type
 * comparisons, bitfield values (the spec's measured example), ambiguity, and patching of each
 * instruction class, on BTF built in the test with the BTF builder.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "bpfhive/common.h"
#include "btf/btf.h"
#include "common/err.h"
#include "object/obj_insn.h"
#include "relo/core.h"

static int quiet(enum hive_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

static void test_essential_names(void **state)
{
	assert_int_equal(core_essential_name_len("task_struct___v2"), 11);
	assert_int_equal(core_essential_name_len("task_struct"), 11);
	assert_int_equal(core_essential_name_len("a____b"), 6);
	assert_int_equal(core_essential_name_len("___x"), 4);
	assert_int_equal(core_essential_name_len("name__err"), 9);
	assert_int_equal(core_essential_name_len("x___y___z"), 5);
	assert_int_equal(core_essential_name_len(""), 0);
}

/* struct s { int a; struct { int b; int c[4]; } n; int d:3 at bit 69; }  (local) */
struct local {
	struct hive_btf *btf;
	int i32, s, n, arr;
};

static struct local make_local(void)
{
	struct local l = { .btf = btf_new_empty(NULL) };

	l.i32 = btf_add_int(l.btf, "int", 4, BTF_INT_SIGNED);
	l.arr = btf_add_array(l.btf, l.i32, l.i32, 4);
	l.n = btf_add_struct(l.btf, "", 20);
	btf_add_field(l.btf, "b", l.i32, 0, 0);
	btf_add_field(l.btf, "c", l.arr, 32, 0);
	l.s = btf_add_struct(l.btf, "s", 32);
	btf_add_field(l.btf, "a", l.i32, 0, 0);
	btf_add_field(l.btf, "n", l.n, 32, 0);
	btf_add_field(l.btf, "d", l.i32, 69, 3);
	return l;
}

static struct btf_ext_core_relo relo(struct hive_btf *btf, uint32_t type_id, const char *acc,
				     uint32_t kind)
{
	struct btf_ext_core_relo r = { .insn_off = 0, .type_id = type_id, .kind = kind };

	r.access_str_off = btf_add_str(btf, acc);
	return r;
}

static void test_spec_parse_format(void **state)
{
	struct local l = make_local();
	struct btf_ext_core_relo r = relo(l.btf, l.s, "0:1:1:3", CORE_FIELD_BYTE_OFFSET);
	struct core_spec spec;
	char buf[256];

	assert_int_equal(core_parse_spec("p", l.btf, &r, &spec), 0);
	assert_int_equal(spec.bit_offset, 160);
	assert_int_equal(spec.len, 4); /* accessors: root [0], .n, .c, [3] */
	core_format_spec(buf, sizeof(buf), &spec);
	snprintf(buf + 200, 56, "<byte_off> [%d] struct s.n.c[3] (0:1:1:3 @ offset 20)", l.s);
	assert_string_equal(buf, buf + 200);
	r = relo(l.btf, l.s, "0:2", CORE_FIELD_LSHIFT_U64);
	assert_int_equal(core_parse_spec("p", l.btf, &r, &spec), 0);
	core_format_spec(buf, sizeof(buf), &spec);
	assert_non_null(strstr(buf, "struct s.d (0:2 @ offset 8.5)"));
	/* malformed access strings */
	static const char *const bad[] = { "", ":1", "0:-1", "0:a", "0:1:", "0:9", "1 ", "0:1:5:9" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		r = relo(l.btf, l.s, bad[i], CORE_FIELD_BYTE_OFFSET);
		assert_int_equal(core_parse_spec("p", l.btf, &r, &spec), -EINVAL);
	}
	/* type kinds take exactly "0" */
	r = relo(l.btf, l.s, "1", CORE_TYPE_SIZE);
	assert_int_equal(core_parse_spec("p", l.btf, &r, &spec), -EINVAL);
	/* more than 64 steps */
	{
		char deep[200] = "0";

		for (int i = 0; i < 64; i++)
			strcat(deep, ":0");
		r = relo(l.btf, l.s, deep, CORE_FIELD_BYTE_OFFSET);
		assert_int_equal(core_parse_spec("p", l.btf, &r, &spec), -E2BIG);
	}
	btf_free(l.btf);
}

/* The spec's measured example: local `int d:3` at bit 69, target `int d:9` at bit 169. */
static void test_bitfield_values(void **state)
{
	static const struct {
		uint32_t kind;
		uint64_t orig, targ;
	} t[] = {
		{ CORE_FIELD_BYTE_OFFSET, 8, 20 }, { CORE_FIELD_BYTE_SIZE, 4, 4 },
		{ CORE_FIELD_LSHIFT_U64, 56, 46 }, { CORE_FIELD_RSHIFT_U64, 61, 55 },
		{ CORE_FIELD_SIGNED, 1, 1 },	   { CORE_FIELD_EXISTS, 1, 1 },
	};
	struct local l = make_local();
	struct hive_btf *tb = btf_new_empty(NULL);
	struct core_cand cand;
	struct core_cand_list cands = { &cand, 1 };
	struct core_spec scratch[3];
	struct core_relo_res res;
	int i32 = btf_add_int(tb, "int", 4, BTF_INT_SIGNED);
	int ts = btf_add_struct(tb, "s___target", 32);

	btf_add_field(tb, "x", i32, 0, 0);
	btf_add_field(tb, "d", i32, 169, 9);
	cand = (struct core_cand){ tb, ts };
	for (size_t i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct btf_ext_core_relo r = relo(l.btf, l.s, "0:2", t[i].kind);

		cands.len = 1;
		assert_int_equal(core_calc_relo_insn("p", &r, 0, l.btf, &cands, scratch, &res), 0);
		assert_false(res.poison);
		assert_int_equal(res.orig_val, t[i].orig);
		assert_int_equal(res.new_val, t[i].targ);
		/* bitfields are checked against the instruction only for SIGNED and RSHIFT */
		assert_int_equal(res.validate, t[i].kind == CORE_FIELD_SIGNED ||
						       t[i].kind == CORE_FIELD_RSHIFT_U64 ||
						       t[i].kind == CORE_FIELD_EXISTS);
	}
	btf_free(tb);
	btf_free(l.btf);
}

static void test_type_comparisons(void **state)
{
	struct hive_btf *a = btf_new_empty(NULL), *b = btf_new_empty(NULL);
	int ai = btf_add_int(a, "int", 4, BTF_INT_SIGNED);
	int bu = btf_add_int(b, "unsigned int", 4, 0);
	int bi = btf_add_int(b, "int", 4, BTF_INT_SIGNED);
	int as = btf_add_struct(a, "node", 8);
	int bf = btf_add_fwd(b, "node", false);
	int bs = btf_add_struct(b, "node", 16);
	int ap = btf_add_ptr(a, as), bp = btf_add_ptr(b, bf);
	int ae = btf_add_enum(a, "e", 4, false), be;

	btf_add_enum_value(a, "E_A", 1);
	btf_add_enum_value(a, "E_B", 2);
	be = btf_add_enum(b, "e", 8, false);
	btf_add_enum_value(b, "E_A___v2", 1);
	btf_add_enum_value(b, "E_B", 5);
	/* int vs unsigned int: compatible, but not matching */
	assert_int_equal(core_types_are_compat(a, ai, b, bu), 1);
	assert_int_equal(core_types_match(a, ai, b, bu), 0);
	assert_int_equal(core_types_match(a, ai, b, bi), 1);
	/* behind a pointer a struct matches a fwd of the same name */
	assert_int_equal(core_types_match(a, ap, b, bp), 1);
	assert_int_equal(core_types_match(a, as, b, bf), 0);
	assert_int_equal(core_types_are_compat(a, as, b, bs), 1);
	/* enums: compatible whatever their size; matching needs the same size */
	assert_int_equal(core_types_are_compat(a, ae, b, be), 1);
	assert_int_equal(core_types_match(a, ae, b, be), 0);
	/* fields: any struct/union pair, ints of any size, enums by essential name */
	assert_int_equal(core_fields_are_compat(a, ai, b, bu), 1);
	assert_int_equal(core_fields_are_compat(a, ae, b, be), 1);
	assert_int_equal(core_fields_are_compat(a, ai, b, bp), 0);
	btf_free(a);
	btf_free(b);
}

static void test_ambiguity(void **state)
{
	struct local l = make_local();
	struct hive_btf *tb = btf_new_empty(NULL);
	struct core_cand c[2];
	struct core_cand_list cands = { c, 2 };
	struct core_spec scratch[3];
	struct core_relo_res res;
	struct btf_ext_core_relo r = relo(l.btf, l.s, "0:0", CORE_FIELD_BYTE_OFFSET);
	int i32 = btf_add_int(tb, "int", 4, BTF_INT_SIGNED);
	int t1 = btf_add_struct(tb, "s___one", 4), t2;

	btf_add_field(tb, "a", i32, 0, 0);
	t2 = btf_add_struct(tb, "s___two", 8);
	btf_add_field(tb, "x", i32, 0, 0);
	btf_add_field(tb, "a", i32, 32, 0);
	c[0] = (struct core_cand){ tb, t1 };
	c[1] = (struct core_cand){ tb, t2 };
	assert_int_equal(core_calc_relo_insn("p", &r, 3, l.btf, &cands, scratch, &res), -EINVAL);
	assert_non_null(strstr(core_last_warning(), "relo #3: field offset ambiguity: 32 != 0"));
	/* even for existence (1 for both): the offsets differ, which libbpf refuses as well */
	r = relo(l.btf, l.s, "0:0", CORE_FIELD_EXISTS);
	cands.len = 2;
	assert_int_equal(core_calc_relo_insn("p", &r, 4, l.btf, &cands, scratch, &res), -EINVAL);
	btf_free(tb);
	btf_free(l.btf);
}

static void test_anon_and_local_id(void **state)
{
	struct local l = make_local();
	struct core_spec scratch[3];
	struct core_relo_res res;
	struct core_cand_list cands = { NULL, 0 };
	struct btf_ext_core_relo r = relo(l.btf, l.n, "0:0", CORE_FIELD_BYTE_OFFSET);

	assert_int_equal(core_calc_relo_insn("p", &r, 0, l.btf, &cands, scratch, &res),
			 -EOPNOTSUPP);
	assert_non_null(strstr(core_last_warning(), "doesn't support anonymous types"));
	r = relo(l.btf, l.n, "0", CORE_TYPE_ID_LOCAL);
	assert_int_equal(core_calc_relo_insn("p", &r, 0, l.btf, &cands, scratch, &res), 0);
	assert_int_equal(res.new_val, l.n);
	assert_false(res.validate);
	/* no candidate at all: existence is 0, an offset is poisoned */
	r = relo(l.btf, l.s, "0:0", CORE_FIELD_EXISTS);
	assert_int_equal(core_calc_relo_insn("p", &r, 0, l.btf, &cands, scratch, &res), 0);
	assert_int_equal(res.new_val, 0);
	assert_false(res.poison);
	r = relo(l.btf, l.s, "0:0", CORE_FIELD_BYTE_OFFSET);
	assert_int_equal(core_calc_relo_insn("p", &r, 0, l.btf, &cands, scratch, &res), 0);
	assert_true(res.poison);
	btf_free(l.btf);
}

#define INSN(c, d, s, o, i) \
	((struct hive_insn){ .code = (c), .dst_reg = (d), .src_reg = (s), .off = (o), .imm = (i) })

static void test_patch(void **state)
{
	struct btf_ext_core_relo r = { .insn_off = 0, .kind = CORE_FIELD_BYTE_OFFSET };
	struct core_relo_res res = { .orig_val = 4, .new_val = 12, .validate = true };
	struct hive_insn in[2];

	/* ALU imm */
	in[0] = INSN(BPF_ALU64 | BPF_MOV | BPF_K, 1, 0, 0, 4);
	assert_int_equal(core_patch_insn("p", in, 1, 0, &r, 0, &res), 0);
	assert_int_equal(in[0].imm, 12);
	in[0].imm = 5; /* not what the local spec says */
	assert_int_equal(core_patch_insn("p", in, 1, 0, &r, 0, &res), -EINVAL);
	assert_non_null(strstr(core_last_warning(), "unexpected insn #0 (ALU/ALU64) value: got 5"));
	/* LDX off, with an unsigned size change u32 -> u64 */
	in[0] = INSN(BPF_LDX | BPF_MEM | BPF_W, 1, 2, 4, 0);
	res.orig_sz = 4;
	res.new_sz = 8;
	assert_int_equal(core_patch_insn("p", in, 1, 0, &r, 0, &res), 0);
	assert_int_equal(in[0].off, 12);
	assert_int_equal(in[0].code, BPF_LDX | BPF_MEM | BPF_DW);
	/* an unsafe size change poisons the load */
	in[0] = INSN(BPF_LDX | BPF_MEM | BPF_W, 1, 2, 4, 0);
	res.fail_memsz_adjust = true;
	assert_int_equal(core_patch_insn("p", in, 1, 0, &r, 0, &res), 0);
	assert_int_equal(in[0].code, BPF_JMP | BPF_CALL);
	assert_int_equal(in[0].imm, CORE_POISON_IMM);
	res.fail_memsz_adjust = false;
	res.orig_sz = res.new_sz = 0;
	/* an offset that does not fit in 16 bits */
	in[0] = INSN(BPF_STX | BPF_MEM | BPF_W, 1, 2, 4, 0);
	res.new_val = 40000;
	assert_int_equal(core_patch_insn("p", in, 1, 0, &r, 0, &res), -ERANGE);
	/* ld_imm64: 64-bit value over both halves */
	in[0] = INSN(BPF_LD | BPF_IMM | BPF_DW, 1, 0, 0, 4);
	in[1] = INSN(0, 0, 0, 0, 0);
	res.new_val = 0x123456789ULL;
	assert_int_equal(core_patch_insn("p", in, 2, 0, &r, 0, &res), 0);
	assert_int_equal(in[0].imm, 0x23456789);
	assert_int_equal(in[1].imm, 1);
	/* poison of an ld_imm64 turns both halves into calls */
	res.poison = true;
	assert_int_equal(core_patch_insn("p", in, 2, 0, &r, 0, &res), 0);
	assert_int_equal(in[1].code, BPF_JMP | BPF_CALL);
	assert_int_equal(in[1].imm, CORE_POISON_IMM);
	res.poison = false;
	/* a jump cannot carry a CO-RE relocation */
	in[0] = INSN(BPF_JMP | BPF_JA, 0, 0, 1, 0);
	assert_int_equal(core_patch_insn("p", in, 1, 0, &r, 0, &res), -EINVAL);
	assert_non_null(strstr(core_last_warning(), "trying to relocate unrecognized insn #0"));
	/* out of range instruction index */
	assert_int_equal(core_patch_insn("p", in, 1, 1, &r, 0, &res), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_essential_names), cmocka_unit_test(test_spec_parse_format),
		cmocka_unit_test(test_bitfield_values), cmocka_unit_test(test_type_comparisons),
		cmocka_unit_test(test_ambiguity),	cmocka_unit_test(test_anon_and_local_id),
		cmocka_unit_test(test_patch),
	};

	hive_set_print(quiet);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
