// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/unit/test_btf_ext.c: .BTF.ext of the clang-built test programs (func_info, line_info
 * with file names and source text, CO-RE records of every group) and malformed .BTF.ext.
 */
#include "btf_test_util.h"

#include "btf/btf_ext.h"
#include "elf/elf.h"

struct obj {
	struct hive_elf *elf;
	struct hive_btf *btf;
	struct hive_btf_ext *ext;
	const struct hive_elf_sec *ext_sec;
};

static void open_obj(struct obj *o, const char *rel)
{
	char errbuf[256] = "";
	const char *path = build_file(rel);

	o->elf = elf_open_file(path, errbuf, sizeof(errbuf));
	assert_false(IS_ERR(o->elf));
	o->btf = btf_parse_elf(o->elf, NULL);
	assert_false(IS_ERR(o->btf));
	o->ext_sec = elf_sec_by_class(o->elf, ELF_SEC_BTF_EXT);
	assert_non_null(o->ext_sec);
	o->ext = btf_ext_parse(o->ext_sec->data, o->ext_sec->size, o->btf, errbuf, sizeof(errbuf));
	if (IS_ERR(o->ext))
		print_error("%s\n", errbuf);
	assert_false(IS_ERR(o->ext));
}

static void close_obj(struct obj *o)
{
	btf_ext_free(o->ext);
	btf_free(o->btf);
	elf_close(o->elf);
}

static void test_func_and_line_info(void **state)
{
	struct obj o;
	const struct btf_ext_info *fi, *li;
	const struct btf_ext_sec *s;
	bool saw_text = false;

	open_obj(&o, "tests/progs/core.bpf.o");
	fi = btf_ext_info(o.ext, BTF_EXT_FUNC_INFO);
	li = btf_ext_info(o.ext, BTF_EXT_LINE_INFO);
	assert_int_equal(fi->rec_size, 8);
	assert_int_equal(li->rec_size, 16);
	s = btf_ext_find_sec(o.ext, BTF_EXT_FUNC_INFO, "xdp");
	assert_non_null(s);
	assert_int_equal(s->nr_recs, 1);
	{
		const struct btf_ext_func_info *f = btf_ext_rec(fi, s, 0);
		const struct btf_type *t = btf_type_by_id(o.btf, f->type_id);

		assert_int_equal(f->insn_off, 0);
		assert_string_equal(btf_name(o.btf, t->name_off), "hive_xdp");
	}
	s = btf_ext_find_sec(o.ext, BTF_EXT_FUNC_INFO, ".text");
	assert_non_null(s);
	assert_true(s->nr_recs >= 2); /* sum() and loop_cb() */
	for (uint32_t i = 0; i < li->nr_secs; i++) {
		const struct btf_ext_sec *ls = &li->secs[i];

		saw_text |= !strcmp(ls->sec_name, ".text");
		for (uint32_t r = 0; r < ls->nr_recs; r++) {
			const struct btf_ext_line_info *l = btf_ext_rec(li, ls, r);
			const char *file = btf_name(o.btf, l->file_name_off);

			assert_non_null(strstr(file, "core.bpf.c"));
			assert_true(BTF_EXT_LINE_NUM(l->line_col) > 0);
			assert_int_equal(l->insn_off % 8, 0);
		}
	}
	assert_true(saw_text);
	s = btf_ext_find_sec(o.ext, BTF_EXT_LINE_INFO, "xdp");
	assert_non_null(s);
	{
		const struct btf_ext_line_info *l0 = btf_ext_rec(li, s, 0);
		const struct btf_ext_line_info *l1 = btf_ext_rec(li, s, 1);

		/* hive_xdp's first lines: its signature, then the data/data_end loads below it */
		assert_string_equal(btf_name(o.btf, l0->line_off),
				    "int hive_xdp(struct xdp_md *ctx)");
		assert_non_null(strstr(btf_name(o.btf, l1->line_off), "ctx->data_end"));
		assert_true(BTF_EXT_LINE_NUM(l1->line_col) > BTF_EXT_LINE_NUM(l0->line_col));
	}
	assert_null(btf_ext_find_sec(o.ext, BTF_EXT_FUNC_INFO, "nope"));
	close_obj(&o);
}

static void test_core_relos(void **state)
{
	struct obj o;
	const struct btf_ext_info *ci;
	const struct btf_ext_sec *s;
	bool kinds[BTF_EXT_CORE_KIND_MAX + 1] = { false };

	open_obj(&o, "tests/progs/core.bpf.o");
	ci = btf_ext_info(o.ext, BTF_EXT_CORE_RELO);
	assert_int_equal(ci->rec_size, 16);
	s = btf_ext_find_sec(o.ext, BTF_EXT_CORE_RELO, "tp_btf/sched_switch");
	assert_non_null(s);
	assert_true(s->nr_recs >= 8);
	for (uint32_t i = 0; i < s->nr_recs; i++) {
		const struct btf_ext_core_relo *c = btf_ext_rec(ci, s, i);

		kinds[c->kind] = true;
		assert_non_null(btf_str_by_offset(o.btf, c->access_str_off));
	}
	assert_true(kinds[0]); /* byte_off: BPF_CORE_READ(task, pid) */
	assert_true(kinds[2]); /* field_exists */
	assert_true(kinds[1]); /* byte_sz */
	assert_true(kinds[8]); /* type_exists */
	assert_true(kinds[9]); /* type_size */
	assert_true(kinds[10]); /* enumval_exists */
	assert_true(kinds[11]); /* enumval_value */
	assert_true(kinds[7]); /* target_type_id */
	assert_string_equal(btf_ext_core_kind_str(2), "field_exists");
	assert_string_equal(btf_ext_core_kind_str(99), "unknown");
	close_obj(&o);
}

/*
 * The loader modifies the object's BTF during fix-ups, which moves its strings: section names
 * must be the ext's own, not pointers into the BTF's string memory (ASan reports the use after
 * free otherwise), and their offsets must still name the same strings.
 */
static void test_names_survive_btf_changes(void **state)
{
	char names[BTF_EXT_NR][8][64];
	struct obj o;
	char buf[32];

	open_obj(&o, "tests/progs/core.bpf.o");
	for (int k = 0; k < BTF_EXT_NR; k++) {
		const struct btf_ext_info *info = btf_ext_info(o.ext, k);

		assert_true(info->nr_secs <= 8);
		for (uint32_t i = 0; i < info->nr_secs; i++) {
			const struct btf_ext_sec *sec = &info->secs[i];

			assert_ptr_not_equal(sec->sec_name,
					     btf_str_by_offset(o.btf, sec->sec_name_off));
			assert_string_equal(sec->sec_name,
					    btf_str_by_offset(o.btf, sec->sec_name_off));
			snprintf(names[k][i], sizeof(names[k][i]), "%s", sec->sec_name);
		}
	}
	/* the first change frees the parsed strings; more strings make the new buffer grow */
	for (int i = 0; i < 2000; i++) {
		snprintf(buf, sizeof(buf), "fixup_%d", i);
		assert_true(btf_add_str(o.btf, buf) > 0);
	}
	assert_true(btf_add_int(o.btf, "fixup_int", 4, 0) > 0);
	for (int k = 0; k < BTF_EXT_NR; k++) {
		const struct btf_ext_info *info = btf_ext_info(o.ext, k);

		for (uint32_t i = 0; i < info->nr_secs; i++) {
			const struct btf_ext_sec *sec = &info->secs[i];

			assert_string_equal(sec->sec_name, names[k][i]);
			assert_string_equal(btf_str_by_offset(o.btf, sec->sec_name_off),
					    names[k][i]);
			assert_ptr_equal(btf_ext_find_sec(o.ext, k, names[k][i]), sec);
		}
	}
	assert_non_null(btf_ext_find_sec(o.ext, BTF_EXT_FUNC_INFO, "xdp"));
	assert_non_null(btf_ext_find_sec(o.ext, BTF_EXT_CORE_RELO, "tp_btf/sched_switch"));
	close_obj(&o);
}

/* Copy the object's .BTF.ext, break it with @mutate, and check the message. */
static void expect_bad(struct obj *o, void (*mutate)(uint32_t *w, size_t *size), const char *msg)
{
	size_t size = o->ext_sec->size;
	uint32_t *w = malloc(size + 64);
	char errbuf[256] = "";
	struct hive_btf_ext *ext;

	assert_non_null(w);
	memcpy(w, o->ext_sec->data, size);
	mutate(w, &size);
	ext = btf_ext_parse(w, size, o->btf, errbuf, sizeof(errbuf));
	assert_true(IS_ERR(ext));
	if (!strstr(errbuf, msg)) {
		print_error("got \"%s\", expected \"%s\"\n", errbuf, msg);
		fail();
	}
	free(w);
}

/* header words: [0] magic/version/flags [1] hdr_len [2,3] func [4,5] line [6,7] core */
static uint32_t *func_sub(uint32_t *w)
{
	return (uint32_t *)((uint8_t *)w + w[1] + w[2]);
}

static void m_magic(uint32_t *w, size_t *size)
{
	w[0] = 0x0001abcd;
}
static void m_version(uint32_t *w, size_t *size)
{
	w[0] = 0x0002eb9f;
}
static void m_hdr(uint32_t *w, size_t *size)
{
	w[1] = 7;
}
static void m_nodata(uint32_t *w, size_t *size)
{
	*size = w[1];
}
static void m_sub_out(uint32_t *w, size_t *size)
{
	w[3] = 0x100000;
}
static void m_rec_size(uint32_t *w, size_t *size)
{
	func_sub(w)[0] = 4;
}
static void m_sec_name(uint32_t *w, size_t *size)
{
	func_sub(w)[1] = 0xfffffff;
}
static void m_num_info(uint32_t *w, size_t *size)
{
	func_sub(w)[2] = 0;
}
static void m_too_many(uint32_t *w, size_t *size)
{
	func_sub(w)[2] = 0x10000000;
}
static void m_func_type(uint32_t *w, size_t *size)
{
	func_sub(w)[4] = 1; /* a PTR, not a FUNC */
}

static void test_malformed(void **state)
{
	struct obj o;

	open_obj(&o, "tests/progs/core.bpf.o");
	expect_bad(&o, m_magic, ".BTF.ext: bad magic");
	expect_bad(&o, m_version, "unsupported version 2");
	expect_bad(&o, m_hdr, "invalid header length 7");
	expect_bad(&o, m_nodata, "BTF.ext has no data");
	expect_bad(&o, m_sub_out, "func_info (offset 0, length 1048576) is misaligned or outside");
	expect_bad(&o, m_rec_size, "func_info: invalid record size 4");
	expect_bad(&o, m_sec_name, "func_info: section name offset 268435455 is not a name");
	expect_bad(&o, m_num_info, "no records");
	expect_bad(&o, m_too_many, "records of 8 bytes run past the end");
	expect_bad(&o, m_func_type, "record 0: type id 1 is not a FUNC");
	close_obj(&o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_func_and_line_info),
		cmocka_unit_test(test_core_relos),
		cmocka_unit_test(test_names_survive_btf_changes),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
