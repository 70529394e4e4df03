// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/unit/test_btf_parse.c: parsing BTF: a round trip of every kind, big-endian input,
 * split BTF on a base, the kernel's vmlinux BTF and its queries, and malformed inputs, each of
 * which must fail with one message naming the problem (and the type id where there is one).
 */
#include "btf_sample.h"

#include "btf/btf_internal.h"

static struct hive_btf *parse(const void *data, size_t size, char *errbuf, size_t errbuf_sz)
{
	struct btf_parse_opts opts = { .errbuf = errbuf, .errbuf_sz = errbuf_sz };

	errbuf[0] = '\0';
	return btf_parse_raw(data, size, &opts);
}

static void test_roundtrip(void **state)
{
	uint32_t size;
	void *raw = sample_raw(&size);
	char errbuf[256];
	struct hive_btf *btf = parse(raw, size, errbuf, sizeof(errbuf));
	const struct btf_type *t;

	assert_false(IS_ERR(btf));
	assert_int_equal(btf_type_cnt(btf), SAMPLE_CNT);
	assert_int_equal(btf_ptr_size(btf), 8);
	t = btf_type_by_id(btf, SAMPLE_STRUCT_PT);
	assert_int_equal(btf_kind(t), BTF_KIND_STRUCT);
	assert_string_equal(btf_name(btf, t->name_off), "pt");
	assert_null(btf_type_by_id(btf, SAMPLE_CNT));
	assert_int_equal(btf_kind(btf_type_by_id(btf, 0)), BTF_KIND_UNKN);
	assert_int_equal(btf_find_by_name_kind(btf, "pt", BTF_KIND_STRUCT), SAMPLE_STRUCT_PT);
	assert_int_equal(btf_find_by_name_kind(btf, "pt", BTF_KIND_UNION), -ENOENT);
	assert_int_equal(btf_find_by_name_kind(btf, "pt_t", -1), SAMPLE_TYPEDEF_PT);
	assert_int_equal(btf_find_by_name_kind(btf, "void", -1), 0);
	assert_int_equal(btf_find_by_name_kind(btf, "nope", -1), -ENOENT);
	assert_false(btf_is_swapped(btf));
	btf_free(btf);
	free(raw);
}

static void test_queries(void **state)
{
	struct hive_btf *btf = make_sample();
	struct btf_member_info m;
	uint32_t id;

	assert_int_equal(btf_resolve_size(btf, SAMPLE_STRUCT_PT), 40);
	assert_int_equal(btf_resolve_size(btf, SAMPLE_TYPEDEF_PT), 40);
	assert_int_equal(btf_resolve_size(btf, SAMPLE_ARR_2D), 32);
	assert_int_equal(btf_resolve_size(btf, SAMPLE_VOLATILE_INT), 4);
	assert_int_equal(btf_resolve_size(btf, SAMPLE_VAR), 4);
	assert_int_equal(btf_resolve_size(btf, SAMPLE_PTR_PROTO), 8);
	assert_true(btf_resolve_size(btf, SAMPLE_FWD_OPAQUE) < 0);
	assert_true(btf_resolve_size(btf, 0) < 0);
	assert_int_equal(btf_resolve_type(btf, SAMPLE_TYPEDEF_PT), SAMPLE_STRUCT_PT);
	assert_int_equal(btf_align_of(btf, SAMPLE_STRUCT_PT), 8);
	assert_int_equal(btf_align_of(btf, SAMPLE_PACKED), 1);
	assert_int_equal(btf_align_of(btf, SAMPLE_CHAR), 1);
	btf_skip_mods_and_typedefs(btf, SAMPLE_TYPEDEF_PT, &id);
	assert_int_equal(id, SAMPLE_STRUCT_PT);
	btf_skip_mods(btf, SAMPLE_CONST_CHAR, &id);
	assert_int_equal(id, SAMPLE_CHAR);
	assert_int_equal(btf_member(btf, btf_type_by_id(btf, SAMPLE_STRUCT_PT), 2, &m), 0);
	assert_string_equal(m.name, "mode");
	assert_int_equal(m.bit_off, 35);
	assert_int_equal(m.bitfield_size, 5);
	assert_int_equal(btf_member(btf, btf_type_by_id(btf, SAMPLE_STRUCT_PT), 5, &m), -EINVAL);
	assert_int_equal(btf_find_member(btf, SAMPLE_TYPEDEF_PT, "name", &m), 3);
	assert_int_equal(m.bit_off, 64);
	assert_int_equal(btf_find_member(btf, SAMPLE_STRUCT_PT, "zzz", &m), -ENOENT);
	assert_string_equal(btf_find_decl_tag_value(btf, SAMPLE_STRUCT_PT, 4, "contains:"),
			    "holder:u");
	assert_null(btf_find_decl_tag_value(btf, SAMPLE_STRUCT_PT, 3, "contains:"));
	assert_int_equal(btf_next_decl_tag(btf, SAMPLE_STRUCT_PT, 4, 0), SAMPLE_DECL_TAG);
	assert_int_equal(btf_next_decl_tag(btf, SAMPLE_STRUCT_PT, 4, SAMPLE_DECL_TAG), -ENOENT);
	assert_ptr_equal(btf_func_proto(btf, SAMPLE_FUNC), btf_type_by_id(btf, SAMPLE_PROTO));
	assert_null(btf_func_proto(btf, SAMPLE_INT));
	assert_int_equal(btf_linkage(btf_type_by_id(btf, SAMPLE_FUNC)), BTF_FUNC_GLOBAL);
	assert_int_equal(btf_linkage(btf_type_by_id(btf, SAMPLE_VAR)), BTF_VAR_GLOBAL_ALLOCATED);
	assert_int_equal(btf_find_datasec_of(btf, SAMPLE_VAR, &id), SAMPLE_DATASEC);
	assert_int_equal(id, 0);
	assert_int_equal(btf_find_datasec_of(btf, SAMPLE_FUNC, NULL), -ENOENT);
	btf_free(btf);
}

/* Convert a native raw blob to the other byte order. */
static void swap_raw(uint8_t *raw, size_t size)
{
	struct btf_header *h = (void *)raw;
	uint32_t *w = (uint32_t *)(raw + h->hdr_len + h->type_off);
	uint32_t n = h->type_len / 4;

	for (uint32_t i = 0; i < n; i++)
		w[i] = __builtin_bswap32(w[i]);
	h->magic = __builtin_bswap16(h->magic);
	h->hdr_len = __builtin_bswap32(h->hdr_len);
	h->type_off = __builtin_bswap32(h->type_off);
	h->type_len = __builtin_bswap32(h->type_len);
	h->str_off = __builtin_bswap32(h->str_off);
	h->str_len = __builtin_bswap32(h->str_len);
}

static void test_big_endian(void **state)
{
	uint32_t size;
	void *raw = sample_raw(&size);
	char errbuf[256];
	struct hive_btf *native = parse(raw, size, errbuf, sizeof(errbuf)), *swapped;
	char *a, *b;

	assert_false(IS_ERR(native));
	swap_raw(raw, size);
	swapped = parse(raw, size, errbuf, sizeof(errbuf));
	assert_false(IS_ERR(swapped));
	assert_true(btf_is_swapped(swapped));
	a = dump_to_string(native, false);
	b = dump_to_string(swapped, false);
	assert_string_equal(a, b);
	free(a);
	free(b);
	btf_free(native);
	btf_free(swapped);
	free(raw);
}

static void test_split(void **state)
{
	struct hive_btf *base = make_sample(), *split = btf_new_empty(base), *parsed;
	struct btf_parse_opts opts = { .base = base };
	const void *raw;
	uint32_t size;
	int s, p;

	s = btf_add_struct(split, "mod_s", 16);
	assert_int_equal(s, SAMPLE_CNT);
	assert_int_equal(btf_add_field(split, "pt", SAMPLE_PTR_CHAR, 0, 0), 0);
	assert_int_equal(btf_add_field(split, "x", SAMPLE_INT, 64, 0), 0);
	p = btf_add_ptr(split, s);
	assert_int_equal(p, SAMPLE_CNT + 1);
	/* new strings are numbered after the base's strings */
	assert_true(btf_add_str(split, "mod_s") >= (int)btf_strs_len(base));
	raw = btf_raw_data(split, &size);
	assert_non_null(raw);
	parsed = btf_parse_raw(raw, size, &opts);
	assert_false(IS_ERR(parsed));
	assert_int_equal(btf_start_id(parsed), SAMPLE_CNT);
	assert_int_equal(btf_type_cnt(parsed), SAMPLE_CNT + 2);
	assert_int_equal(btf_find_by_name_kind(parsed, "mod_s", BTF_KIND_STRUCT), s);
	assert_int_equal(btf_find_by_name_kind(parsed, "pt", BTF_KIND_STRUCT), SAMPLE_STRUCT_PT);
	assert_int_equal(btf_resolve_size(parsed, s), 16);
	assert_string_equal(btf_name(parsed, btf_type_by_id(parsed, SAMPLE_INT)->name_off), "int");
	/* the raw dump of split BTF lists only its own types, as bpftool does */
	{
		char *text = dump_to_string(parsed, false);

		assert_non_null(strstr(text, "STRUCT 'mod_s' size=16 vlen=2"));
		assert_null(strstr(text, "'pt' size=40"));
		free(text);
	}
	/* without its base the same bytes are refused */
	assert_true(IS_ERR(btf_parse_raw(raw, size, NULL)));
	btf_free(parsed);
	btf_free(split);
	btf_free(base);
}

static void test_vmlinux(void **state)
{
	const char *path = "/sys/kernel/btf/vmlinux";
	char errbuf[256] = "";
	struct btf_parse_opts opts = { .errbuf = errbuf, .errbuf_sz = sizeof(errbuf) };
	struct hive_btf *btf;
	struct btf_member_info m;
	int task, skb, func;

	if (access(path, R_OK)) {
		fprintf(stderr, "SKIP: %s not readable\n", path);
		skip();
	}
	btf = btf_parse_file(path, &opts);
	assert_false(IS_ERR(btf));
	assert_true(btf_type_cnt(btf) > 50000);
	assert_int_equal(btf_ptr_size(btf), 8);
	task = btf_find_by_name_kind(btf, "task_struct", BTF_KIND_STRUCT);
	assert_true(task > 0);
	assert_int_equal(btf_resolve_size(btf, task), btf_type_by_id(btf, task)->size);
	assert_true(btf_find_member(btf, task, "pid", &m) >= 0);
	assert_int_equal(m.bit_off % 8, 0);
	assert_true(m.bit_off > 0);
	/* sk_buff's `next` sits in anonymous unions/structs at offset 0 */
	skb = btf_find_by_name_kind(btf, "sk_buff", BTF_KIND_STRUCT);
	assert_true(skb > 0);
	assert_true(btf_find_member(btf, skb, "next", &m) >= 0);
	assert_int_equal(m.bit_off, 0);
	func = btf_find_by_name_kind(btf, "bpf_obj_new_impl", BTF_KIND_FUNC);
	assert_true(func > 0);
	assert_non_null(btf_find_decl_tag_value(btf, func, -1, "bpf_kfunc"));
	assert_non_null(btf_func_proto(btf, func));
	assert_int_equal(btf_validate_kernel(btf, errbuf, sizeof(errbuf)), 0);
	btf_free(btf);
}

/* A mutation of a valid blob and the words its error message must contain. */
struct bad_case {
	const char *what;
	void (*mutate)(uint8_t *raw, uint32_t *size);
	const char *expect;
};

static struct btf_header *hdr(uint8_t *raw)
{
	return (struct btf_header *)raw;
}

static struct btf_type *type1(uint8_t *raw)
{
	return (struct btf_type *)(raw + hdr(raw)->hdr_len + hdr(raw)->type_off);
}

/* the record of type @id in the sample (walks the records) */
static struct btf_type *sample_type(uint8_t *raw, uint32_t id)
{
	uint8_t *p = (uint8_t *)type1(raw);

	for (uint32_t i = 1; i < id; i++)
		p += btf_type_size((struct btf_type *)p);
	return (struct btf_type *)p;
}

static void m_tiny(uint8_t *raw, uint32_t *size)
{
	*size = 10;
}
static void m_magic(uint8_t *raw, uint32_t *size)
{
	hdr(raw)->magic = 0x1234;
}
static void m_version(uint8_t *raw, uint32_t *size)
{
	hdr(raw)->version = 2;
}
static void m_flags(uint8_t *raw, uint32_t *size)
{
	hdr(raw)->flags = 1;
}
static void m_hdr_len(uint8_t *raw, uint32_t *size)
{
	hdr(raw)->hdr_len = 100000;
}
static void m_str_len(uint8_t *raw, uint32_t *size)
{
	hdr(raw)->str_len += 100;
}
static void m_truncated(uint8_t *raw, uint32_t *size)
{
	hdr(raw)->type_len -= 4;
	hdr(raw)->str_off -= 4;
	memmove(raw + 24 + hdr(raw)->str_off, raw + 24 + hdr(raw)->str_off + 4, hdr(raw)->str_len);
	*size -= 4;
}
static void m_kind(uint8_t *raw, uint32_t *size)
{
	type1(raw)->info = 31u << 24;
}
static void m_name(uint8_t *raw, uint32_t *size)
{
	type1(raw)->name_off = 0xffffff;
}
static void m_ref(uint8_t *raw, uint32_t *size)
{
	sample_type(raw, SAMPLE_PTR_CHAR)->type = 9999;
}
static void m_strs0(uint8_t *raw, uint32_t *size)
{
	raw[24 + hdr(raw)->str_off] = 'x';
}
static void m_strs_end(uint8_t *raw, uint32_t *size)
{
	raw[*size - 1] = 'x';
}
static void m_func(uint8_t *raw, uint32_t *size)
{
	sample_type(raw, SAMPLE_FUNC)->type = SAMPLE_INT;
}
static void m_member(uint8_t *raw, uint32_t *size)
{
	struct btf_member *mem = (void *)(sample_type(raw, SAMPLE_STRUCT_PT) + 1);

	mem[1].name_off = 0x7fffff;
}
static void m_vlen(uint8_t *raw, uint32_t *size)
{
	struct btf_type *t = sample_type(raw, SAMPLE_PACKED);

	t->info = btf_type_info(BTF_KIND_STRUCT, 500, 0);
}
static void m_misaligned(uint8_t *raw, uint32_t *size)
{
	hdr(raw)->type_off = 2;
}
static void m_overlap(uint8_t *raw, uint32_t *size)
{
	hdr(raw)->str_off = 4;
}
static void m_param(uint8_t *raw, uint32_t *size)
{
	struct btf_param *p = (void *)(sample_type(raw, SAMPLE_PROTO) + 1);

	p[1].type = 77777;
}
static void m_tag(uint8_t *raw, uint32_t *size)
{
	((struct btf_decl_tag *)(sample_type(raw, SAMPLE_DECL_TAG) + 1))->component_idx = -5;
}

static const struct bad_case bad_cases[] = {
	{ "tiny", m_tiny, "too small for a BTF header" },
	{ "magic", m_magic, "bad BTF magic 0x1234" },
	{ "version", m_version, "unsupported BTF version 2" },
	{ "flags", m_flags, "unsupported BTF flags" },
	{ "hdr_len", m_hdr_len, "header length 100000 is invalid" },
	{ "str_len", m_str_len, "run past the end of the data" },
	{ "truncated type", m_truncated, "runs past the end of the type section" },
	{ "kind", m_kind, "type [1]: unknown kind 31" },
	{ "name", m_name, "type [1] INT: name offset 16777215 is outside the string section" },
	{ "ref", m_ref, "type [5] PTR '': referenced type id 9999 is out of range" },
	{ "strs0", m_strs0, "string section must start with an empty string" },
	{ "strs_end", m_strs_end, "does not end with a NUL byte" },
	{ "func", m_func, "type [17] FUNC 'do_it': type id 1 is not a FUNC_PROTO" },
	{ "member", m_member, "type [9] STRUCT 'pt': member 1: name offset 8388607" },
	{ "vlen", m_vlen, "type [28] STRUCT: record of 6012 bytes (vlen 500) runs past the end" },
	{ "misaligned", m_misaligned, "not 4-byte aligned" },
	{ "overlap", m_overlap, "overlaps the string section" },
	{ "param", m_param, "type [16] FUNC_PROTO '': parameter type id 77777 is out of range" },
	{ "tag", m_tag, "component_idx -5 is below -1" },
};

static void test_malformed(void **state)
{
	for (size_t i = 0; i < ARRAY_SIZE(bad_cases); i++) {
		uint32_t size;
		uint8_t *raw = sample_raw(&size);
		char errbuf[256];
		struct hive_btf *btf;

		bad_cases[i].mutate(raw, &size);
		btf = parse(raw, size, errbuf, sizeof(errbuf));
		if (!IS_ERR(btf) || !strstr(errbuf, bad_cases[i].expect)) {
			print_error("case '%s': got \"%s\", expected \"%s\"\n", bad_cases[i].what,
				    IS_ERR(btf) ? errbuf : "success", bad_cases[i].expect);
			fail();
		}
		free(raw);
	}
}

/* Every prefix of a valid blob is refused cleanly (or, if complete, accepted). */
static void test_truncations(void **state)
{
	uint32_t size;
	uint8_t *raw = sample_raw(&size);
	int refused = 0;

	for (uint32_t len = 0; len < size; len++) {
		char errbuf[256];
		struct hive_btf *btf = parse(raw, len, errbuf, sizeof(errbuf));

		if (IS_ERR(btf)) {
			refused++;
			assert_true(errbuf[0] != '\0');
		}
		btf_free(btf);
	}
	assert_int_equal(refused, size);
	free(raw);
}

static void test_file_errors(void **state)
{
	char errbuf[256] = "";
	struct btf_parse_opts opts = { .errbuf = errbuf, .errbuf_sz = sizeof(errbuf) };
	struct hive_btf *btf = btf_parse_file("/nonexistent/file.btf", &opts);

	assert_true(IS_ERR(btf));
	assert_non_null(strstr(errbuf, "/nonexistent/file.btf"));
	btf = btf_parse_file("/etc/hostname", &opts);
	assert_true(IS_ERR(btf));
	assert_non_null(strstr(errbuf, "/etc/hostname: "));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),   cmocka_unit_test(test_queries),
		cmocka_unit_test(test_big_endian),  cmocka_unit_test(test_split),
		cmocka_unit_test(test_vmlinux),	    cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_truncations), cmocka_unit_test(test_file_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
