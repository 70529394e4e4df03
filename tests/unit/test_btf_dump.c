// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/unit/test_btf_dump.c: golden tests of the dumps on BTF built here: the raw format
 * (what bpftool prints, checked against bpftool by tests/btf), and the C format: padding,
 * bitfields, packed structs, declarators (function pointers, arrays, qualifiers, type tags),
 * inline anonymous types, ___N renaming, union padding, the vmlinux.h frame and kfunc block,
 * and clean errors for BTF that has no C rendering.
 */
#include "btf_sample.h"

static const char sample_raw_golden[] =
	"[1] INT 'int' size=4 bits_offset=0 nr_bits=32 encoding=SIGNED\n"
	"[2] INT 'unsigned int' size=4 bits_offset=0 nr_bits=32 encoding=(none)\n"
	"[3] INT 'char' size=1 bits_offset=0 nr_bits=8 encoding=CHAR\n"
	"[4] INT 'long' size=8 bits_offset=0 nr_bits=64 encoding=SIGNED\n"
	"[5] PTR '(anon)' type_id=3\n"
	"[6] CONST '(anon)' type_id=3\n"
	"[7] PTR '(anon)' type_id=6\n"
	"[8] ARRAY '(anon)' type_id=1 index_type_id=1 nr_elems=4\n"
	"[9] STRUCT 'pt' size=40 vlen=5\n"
	"\t'x' type_id=1 bits_offset=0\n"
	"\t'flags' type_id=2 bits_offset=32 bitfield_size=3\n"
	"\t'mode' type_id=2 bits_offset=35 bitfield_size=5\n"
	"\t'name' type_id=7 bits_offset=64\n"
	"\t'vals' type_id=8 bits_offset=128\n"
	"[10] UNION 'num' size=8 vlen=2\n"
	"\t'i' type_id=1 bits_offset=0\n"
	"\t'l' type_id=4 bits_offset=0\n"
	"[11] ENUM 'color' encoding=UNSIGNED size=4 vlen=2\n"
	"\t'RED' val=0\n"
	"\t'BLUE' val=7\n"
	"[12] ENUM64 'big' encoding=UNSIGNED size=8 vlen=1\n"
	"\t'BIG' val=4294967296ULL\n"
	"[13] FWD 'opaque' fwd_kind=struct\n"
	"[14] TYPEDEF 'pt_t' type_id=9\n"
	"[15] VOLATILE '(anon)' type_id=1\n"
	"[16] FUNC_PROTO '(anon)' ret_type_id=1 vlen=2\n"
	"\t'p' type_id=5\n"
	"\t'n' type_id=4\n"
	"[17] FUNC 'do_it' type_id=16 linkage=global\n"
	"[18] VAR 'counter' type_id=1, linkage=global\n"
	"[19] DATASEC '.data' size=4 vlen=1\n"
	"\ttype_id=18 offset=0 size=4 (VAR 'counter')\n"
	"[20] FLOAT 'double' size=8\n"
	"[21] DECL_TAG 'contains:holder:u' type_id=9 component_idx=4\n"
	"[22] TYPE_TAG 'user' type_id=1\n"
	"[23] PTR '(anon)' type_id=13\n"
	"[24] RESTRICT '(anon)' type_id=5\n"
	"[25] STRUCT 'holder' size=64 vlen=4\n"
	"\t'head' type_id=14 bits_offset=0\n"
	"\t'u' type_id=10 bits_offset=320\n"
	"\t'op' type_id=23 bits_offset=384\n"
	"\t'c' type_id=11 bits_offset=448\n"
	"[26] ARRAY '(anon)' type_id=8 index_type_id=1 nr_elems=2\n"
	"[27] PTR '(anon)' type_id=16\n"
	"[28] STRUCT 'packed' size=5 vlen=2\n"
	"\t'c' type_id=3 bits_offset=0\n"
	"\t'i' type_id=1 bits_offset=8\n";

static const char sample_c_golden[] = "struct pt {\n"
				      "\tint x;\n"
				      "\tunsigned int flags: 3;\n"
				      "\tunsigned int mode: 5;\n"
				      "\tconst char *name;\n"
				      "\tint vals[4];\n"
				      "\tlong: 64;\n"
				      "};\n\n"
				      "union num {\n"
				      "\tint i;\n"
				      "\tlong l;\n"
				      "};\n\n"
				      "enum color {\n"
				      "\tRED = 0,\n"
				      "\tBLUE = 7,\n"
				      "};\n\n"
				      "enum big {\n"
				      "\tBIG = 4294967296ULL,\n"
				      "};\n\n"
				      "struct opaque;\n\n"
				      "typedef struct pt pt_t;\n\n"
				      "struct holder {\n"
				      "\tpt_t head;\n"
				      "\tunion num u;\n"
				      "\tstruct opaque *op;\n"
				      "\tenum color c;\n"
				      "};\n\n"
				      "struct packed {\n"
				      "\tchar c;\n"
				      "\tint i;\n"
				      "} __attribute__((packed));\n\n";

static void test_raw_golden(void **state)
{
	struct hive_btf *b = make_sample();
	char *text = dump_to_string(b, false);

	assert_string_equal(text, sample_raw_golden);
	free(text);
	btf_free(b);
}

static void test_c_golden(void **state)
{
	struct hive_btf *b = make_sample();
	char *text = dump_to_string(b, true);

	assert_string_equal(text, sample_c_golden);
	free(text);
	btf_free(b);
}

/* Declarators: one struct whose members cover the shapes of G.6. */
static void test_declarators(void **state)
{
	struct hive_btf *b = make_sample();
	int ptr_arr = btf_add_ptr(b, SAMPLE_ARR_INT4);
	int tagged = btf_add_ptr(b, SAMPLE_TYPE_TAG);
	int cptr = btf_add_const(b, SAMPLE_PTR_CHAR);
	int fp_arr = btf_add_array(b, SAMPLE_INT, SAMPLE_PTR_PROTO, 3);
	int vproto = btf_add_func_proto(b, 0);
	int vfp, anon_s, anon_e, s;
	char *text;

	btf_add_func_param(b, NULL, 0);
	vfp = btf_add_ptr(b, vproto);
	anon_e = btf_add_enum(b, NULL, 4, true);
	btf_add_enum_value(b, "NEG", -2);
	anon_s = btf_add_struct(b, NULL, 4);
	btf_add_field(b, "inner", SAMPLE_INT, 0, 0);
	s = btf_add_struct(b, "decls", 104);
	btf_add_field(b, "fp", SAMPLE_PTR_PROTO, 0, 0);
	btf_add_field(b, "grid", SAMPLE_ARR_2D, 64, 0);
	btf_add_field(b, "r", SAMPLE_RESTRICT, 320, 0);
	btf_add_field(b, "v", SAMPLE_VOLATILE_INT, 384, 0);
	btf_add_field(b, "pa", ptr_arr, 448, 0);
	btf_add_field(b, "tagged", tagged, 512, 0);
	btf_add_field(b, "cp", cptr, 576, 0);
	btf_add_field(b, "fps", fp_arr, 640, 0);
	btf_add_field(b, "vf", vfp, 832, 0);
	btf_add_field(b, "e", anon_e, 768, 0);
	btf_add_field(b, "anon", anon_s, 800, 0);
	assert_true(s > 0);
	text = dump_to_string(b, true);
	assert_non_null(strstr(text, "struct decls {\n"
				     "\tint (*fp)(char *p, long n);\n"
				     "\tint grid[2][4];\n"
				     "\tchar * restrict r;\n"
				     "\tvolatile int v;\n"
				     "\tint (*pa)[4];\n"
				     "\tint __attribute__((btf_type_tag(\"user\"))) *tagged;\n"
				     "\tchar * const cp;\n"
				     "\tint (*fps[3])(char *p, long n);\n"
				     "\tvoid (*vf)(void);\n"
				     "\tenum {\n"
				     "\t\tNEG = -2,\n"
				     "\t} e;\n"
				     "\tstruct {\n"
				     "\t\tint inner;\n"
				     "\t} anon;\n"
				     "};\n"));
	free(text);
	btf_free(b);
}

static void test_renames(void **state)
{
	struct hive_btf *b = btf_new_empty(NULL);
	int i = btf_add_int(b, "int", 4, BTF_INT_SIGNED);
	char *text;

	btf_add_struct(b, "dup", 4);
	btf_add_field(b, "a", i, 0, 0);
	btf_add_struct(b, "dup", 8);
	btf_add_field(b, "a", i, 0, 0);
	btf_add_field(b, "b", i, 32, 0);
	btf_add_enum(b, "e1", 4, false);
	btf_add_enum_value(b, "SAME", 1);
	btf_add_enum(b, "e2", 4, false);
	btf_add_enum_value(b, "SAME", 2);
	btf_add_typedef(b, "dup_t", 2);
	btf_add_typedef(b, "dup_t", 3);
	text = dump_to_string(b, true);
	assert_non_null(strstr(text, "struct dup {\n\tint a;\n};"));
	assert_non_null(strstr(text, "struct dup___2 {\n\tint a;\n\tint b;\n};"));
	assert_non_null(strstr(text, "\tSAME = 1,"));
	assert_non_null(strstr(text, "\tSAME___2 = 2,"));
	assert_non_null(strstr(text, "typedef struct dup dup_t;"));
	assert_non_null(strstr(text, "typedef struct dup___2 dup_t___2;"));
	free(text);
	btf_free(b);
}

static void test_padding(void **state)
{
	struct hive_btf *b = btf_new_empty(NULL);
	int i = btf_add_int(b, "int", 4, BTF_INT_SIGNED);
	int l = btf_add_int(b, "long", 8, BTF_INT_SIGNED);
	char *text;

	/* G.4's shapes; `long: 0` makes an int-aligned struct 8-aligned to reach its size */
	btf_add_struct(b, "gap", 32);
	btf_add_field(b, "a", i, 0, 0);
	btf_add_field(b, "b", i, 192, 0);
	btf_add_struct(b, "bits", 16);
	btf_add_field(b, "a", i, 0, 4);
	btf_add_field(b, "b", l, 64, 16);
	btf_add_struct(b, "tail", 1);
	btf_add_union(b, "big_union", 16);
	btf_add_field(b, "x", i, 0, 0);
	btf_add_union(b, "byte_union", 2);
	text = dump_to_string(b, true);
	assert_non_null(strstr(
		text,
		"struct gap {\n\tint a;\n\tlong: 64;\n\tlong: 64;\n\tint b;\n\tlong: 0;\n};"));
	assert_non_null(strstr(text, "struct bits {\n\tint a: 4;\n\tlong: 60;\n\tlong b: 16;\n};"));
	assert_non_null(strstr(text, "struct tail {\n\tchar: 8;\n};"));
	assert_non_null(strstr(
		text,
		"union big_union {\n\tint x;\n\tstruct {\n\t\tlong: 64;\n\t\tlong: 64;\n\t};\n};"));
	assert_non_null(strstr(text, "union byte_union {\n\tshort: 16;\n};"));
	free(text);
	btf_free(b);
}

static void test_frame_and_kfuncs(void **state)
{
	struct hive_btf *b = make_sample();
	struct btf_out_mem mem = { 0 };
	struct btf_out *out = malloc(sizeof(*out));
	int f2, p;

	p = btf_add_func_proto(b, 0);
	f2 = btf_add_func(b, "a_kfunc", BTF_FUNC_GLOBAL, p);
	btf_add_decl_tag(b, "bpf_kfunc", f2, -1);
	btf_add_decl_tag(b, "bpf_kfunc", SAMPLE_FUNC, -1);
	btf_add_decl_tag(b, "bpf_fastcall", SAMPLE_FUNC, -1);
	assert_non_null(out);
	btf_out_init(out, btf_out_write_mem, &mem);
	assert_int_equal(btf_dump_c(b, out, NULL), 0);
	assert_int_equal(btf_out_finish(out), 0);
	assert_true(!strncmp(mem.data, "#ifndef __VMLINUX_H__\n#define __VMLINUX_H__\n\n", 45));
	assert_non_null(strstr(
		mem.data,
		"#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)"));
	assert_non_null(strstr(mem.data, "#define __ksym __attribute__((section(\".ksyms\")))"));
	assert_non_null(strstr(mem.data,
			       "\n/* BPF kfuncs */\n#ifndef BPF_NO_KFUNC_PROTOTYPES\n"
			       "extern void a_kfunc(void) __weak __ksym;\n"
			       "extern __bpf_fastcall int do_it(char *p, long n) __weak __ksym;\n"
			       "#endif\n\n"));
	assert_non_null(strstr(
		mem.data, "#pragma clang attribute pop\n#endif\n\n#endif /* __VMLINUX_H__ */\n"));
	free(mem.data);
	free(out);
	btf_free(b);
}

static void expect_dump_error(struct hive_btf *b, int err, const char *msg)
{
	char errbuf[256] = "";
	struct btf_dump_c_opts opts = { .no_frame = true,
					.errbuf = errbuf,
					.errbuf_sz = sizeof(errbuf) };
	struct btf_out *out = malloc(sizeof(*out));

	assert_non_null(out);
	btf_out_init(out, btf_out_write_null, NULL);
	assert_int_equal(btf_dump_c(b, out, &opts), err);
	btf_out_finish(out);
	if (!strstr(errbuf, msg)) {
		print_error("got \"%s\", expected \"%s\"\n", errbuf, msg);
		fail();
	}
	free(out);
	btf_free(b);
}

static void test_c_errors(void **state)
{
	struct hive_btf *b = btf_new_empty(NULL);
	int i = btf_add_int(b, "int", 4, BTF_INT_SIGNED);
	int a = btf_add_struct(b, "a", 4), bb;

	btf_add_field(b, "x", i, 0, 0);
	bb = btf_add_struct(b, "b", 4);
	btf_add_field(b, "y", a, 0, 0);
	((struct btf_member *)(btf_type_mut(b, a) + 1))->type = bb; /* a holds b holds a */
	expect_dump_error(b, -ELOOP, "unsatisfiable type cycle");

	b = btf_new_empty(NULL);
	i = btf_add_int(b, "int", 4, BTF_INT_SIGNED);
	a = btf_add_typedef(b, "t", i);
	btf_type_mut(b, a)->type = a; /* typedef t t */
	expect_dump_error(b, -ELOOP, "type [2]");

	b = btf_new_empty(NULL);
	i = btf_add_int(b, "int", 4, BTF_INT_SIGNED);
	a = btf_add_var(b, "v", 0, i);
	btf_add_struct(b, "s", 4);
	btf_add_field(b, "m", a, 0, 0); /* a VAR as a member type */
	expect_dump_error(b, -EINVAL, "type [2] VAR: cannot appear in a C declaration");
}

/* Shapes that would make a naive walk exponential must end quickly with an error. */
static void test_hostile_shapes(void **state)
{
	struct hive_btf *b = btf_new_empty(NULL);
	int i = btf_add_int(b, "int", 4, BTF_INT_SIGNED), prev = i, top;
	struct btf_member_info m;

	/* 40 levels of anonymous structs, each holding two of the next: 2^40 inline copies */
	for (int lvl = 0; lvl < 40; lvl++) {
		int s = btf_add_struct(b, NULL, 4);

		btf_add_field(b, NULL, prev, 0, 0);
		btf_add_field(b, NULL, prev, 0, 0);
		prev = s;
	}
	top = btf_add_struct(b, "top", 4);
	btf_add_field(b, "deep", prev, 0, 0);
	/* searching a name through the anonymous members is bounded too */
	assert_int_equal(btf_find_member(b, top, "nothere", &m), -ENOENT);
	assert_int_equal(btf_find_member(b, top, "", &m), -ENOENT);
	assert_true(btf_align_of(b, top) >= 0);
	expect_dump_error(b, -E2BIG, "too many nested anonymous types");

	/* a struct holding itself twice by value */
	b = btf_new_empty(NULL);
	i = btf_add_int(b, "int", 4, BTF_INT_SIGNED);
	top = btf_add_struct(b, "twice", 8);
	btf_add_field(b, NULL, i, 0, 0);
	btf_add_field(b, NULL, i, 32, 0);
	((struct btf_member *)(btf_type_mut(b, top) + 1))[0].type = top;
	((struct btf_member *)(btf_type_mut(b, top) + 1))[1].type = top;
	assert_int_equal(btf_find_member(b, top, "x", &m), -ENOENT);
	assert_true(btf_align_of(b, top) >= 0);
	expect_dump_error(b, -ELOOP, "unsatisfiable type cycle");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_raw_golden),  cmocka_unit_test(test_c_golden),
		cmocka_unit_test(test_declarators), cmocka_unit_test(test_renames),
		cmocka_unit_test(test_padding),	    cmocka_unit_test(test_frame_and_kfuncs),
		cmocka_unit_test(test_c_errors),    cmocka_unit_test(test_hostile_shapes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
