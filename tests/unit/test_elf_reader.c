// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/unit/test_elf_reader.c: the ELF reader on the clang-built test programs (section
 * classes of spec A.2, symbols, relocation records, big-endian objects) and on corrupted
 * copies of them, each of which must fail with a message naming the file, the place and the
 * reason.
 */
#include <elf.h>

#include "btf_test_util.h"

#include "elf/elf.h"

static struct hive_elf *open_rel(const char *rel)
{
	char errbuf[256] = "";
	struct hive_elf *elf = elf_open_file(build_file(rel), errbuf, sizeof(errbuf));

	if (IS_ERR(elf))
		print_error("%s\n", errbuf);
	assert_false(IS_ERR(elf));
	return elf;
}

static void expect_class(struct hive_elf *elf, const char *name, enum elf_sec_class cls)
{
	const struct hive_elf_sec *s = elf_sec_by_name(elf, name);

	if (!s) {
		print_error("no section '%s'\n", name);
		fail();
	}
	if (s->cls != cls) {
		print_error("section '%s' is %s, expected %s\n", name, elf_sec_class_str(s->cls),
			    elf_sec_class_str(cls));
		fail();
	}
}

static void test_sections(void **state)
{
	struct hive_elf *elf = open_rel("tests/progs/btf_kinds.bpf.o");
	const struct hive_elf_sec *lic;

	assert_int_equal(elf_machine(elf), EM_BPF);
	assert_false(elf_is_swapped(elf));
	expect_class(elf, "license", ELF_SEC_LICENSE);
	expect_class(elf, "tc", ELF_SEC_PROG);
	expect_class(elf, ".text", ELF_SEC_TEXT);
	expect_class(elf, ".data", ELF_SEC_DATA);
	expect_class(elf, ".data.custom", ELF_SEC_DATA);
	expect_class(elf, ".rodata", ELF_SEC_RODATA);
	expect_class(elf, ".bss", ELF_SEC_BSS);
	expect_class(elf, ".BTF", ELF_SEC_BTF);
	expect_class(elf, ".BTF.ext", ELF_SEC_BTF_EXT);
	expect_class(elf, ".reltc", ELF_SEC_RELO);
	expect_class(elf, ".rel.BTF", ELF_SEC_IGNORED);
	expect_class(elf, ".debug_info", ELF_SEC_IGNORED);
	expect_class(elf, ".symtab", ELF_SEC_SYMTAB);
	lic = elf_sec_by_name(elf, "license");
	assert_string_equal(lic->data, "GPL");
	assert_null(elf_sec(elf, elf_sec_cnt(elf)));
	assert_null(elf_sec(elf, 0)->data);
	assert_null(elf_sec_by_class(elf, ELF_SEC_MAPS));
	assert_null(elf_sec_by_class(elf, ELF_SEC_BSS)->data); /* NOBITS */
	elf_close(elf);
}

static void test_symbols_and_relocs(void **state)
{
	struct hive_elf *elf = open_rel("tests/progs/maps.bpf.o");
	const struct hive_elf_sec *maps, *prog, *rel;
	const struct hive_elf_sym *sym;
	const struct hive_elf_rel *rels;
	bool saw_array = false;
	int n;

	expect_class(elf, ".maps", ELF_SEC_MAPS);
	maps = elf_sec_by_name(elf, ".maps");
	prog = elf_sec_by_name(elf, "tc");
	sym = elf_sym_by_name(elf, "hive_count", STT_FUNC);
	assert_non_null(sym);
	assert_int_equal(sym->shndx, prog->idx);
	assert_int_equal(sym->bind, STB_GLOBAL);
	assert_true(sym->size > 0 && sym->size % 8 == 0);
	sym = elf_sym_by_name(elf, "hive_array", STT_OBJECT);
	assert_non_null(sym);
	assert_int_equal(sym->shndx, maps->idx);
	/* code relocations: ld_imm64 of the maps, all inside the program */
	rel = elf_relo_sec_for(elf, prog->idx);
	assert_non_null(rel);
	n = elf_relocs(elf, rel->idx, &rels);
	assert_true(n >= 3);
	for (int i = 0; i < n; i++) {
		assert_true(rels[i].offset < prog->size);
		assert_int_equal(rels[i].offset % 8, 0);
		assert_int_equal(rels[i].type, 1); /* R_BPF_64_64 */
		saw_array |= !strcmp(elf_sym(elf, rels[i].sym)->name, "hive_array");
	}
	assert_true(saw_array);
	/* .rel.maps: the map-in-map and prog-array slots (R_BPF_64_ABS64) */
	rel = elf_relo_sec_for(elf, maps->idx);
	assert_non_null(rel);
	n = elf_relocs(elf, rel->idx, &rels);
	assert_int_equal(n, 2);
	assert_int_equal(rels[0].type, 2);
	assert_int_equal(elf_relocs(elf, maps->idx, &rels), -EINVAL);
	elf_close(elf);
}

static void test_big_endian(void **state)
{
	struct hive_elf *be = open_rel("tests/btf/endian_bpfeb.o");
	struct hive_elf *le = open_rel("tests/btf/endian_bpfel.o");
	struct hive_btf *bbtf, *lbtf;
	char *a, *b;

	assert_true(elf_is_swapped(be));
	assert_false(elf_is_swapped(le));
	assert_int_equal(elf_sec_cnt(be), elf_sec_cnt(le));
	assert_int_equal(elf_sym_cnt(be), elf_sym_cnt(le));
	assert_int_equal(elf_sym_by_name(be, "endian_prog", STT_FUNC)->size,
			 elf_sym_by_name(le, "endian_prog", STT_FUNC)->size);
	bbtf = btf_parse_elf(be, NULL);
	lbtf = btf_parse_elf(le, NULL);
	assert_false(IS_ERR(bbtf));
	assert_false(IS_ERR(lbtf));
	assert_true(btf_is_swapped(bbtf));
	a = dump_to_string(bbtf, false);
	b = dump_to_string(lbtf, false);
	assert_string_equal(a, b);
	free(a);
	free(b);
	btf_free(bbtf);
	btf_free(lbtf);
	elf_close(be);
	elf_close(le);
}

struct corrupt {
	const char *what;
	void (*mutate)(uint8_t *img, size_t *size);
	const char *expect;
};

static Elf64_Ehdr *eh(uint8_t *img)
{
	return (Elf64_Ehdr *)img;
}

static Elf64_Shdr *sh_named(uint8_t *img, const char *name)
{
	Elf64_Shdr *sh = (Elf64_Shdr *)(img + eh(img)->e_shoff);
	const char *names = (const char *)img + sh[eh(img)->e_shstrndx].sh_offset;

	for (int i = 0; i < eh(img)->e_shnum; i++)
		if (!strcmp(names + sh[i].sh_name, name))
			return &sh[i];
	fail_msg("no section %s", name);
	return NULL;
}

static void c_truncate(uint8_t *img, size_t *size)
{
	*size = 40;
}
static void c_magic(uint8_t *img, size_t *size)
{
	img[1] = 'X';
}
static void c_class(uint8_t *img, size_t *size)
{
	img[EI_CLASS] = ELFCLASS32;
}
static void c_type(uint8_t *img, size_t *size)
{
	eh(img)->e_type = ET_EXEC;
}
static void c_machine(uint8_t *img, size_t *size)
{
	eh(img)->e_machine = EM_X86_64;
}
static void c_shoff(uint8_t *img, size_t *size)
{
	eh(img)->e_shoff = *size;
}
static void c_shentsize(uint8_t *img, size_t *size)
{
	eh(img)->e_shentsize = 32;
}
static void c_sec_data(uint8_t *img, size_t *size)
{
	sh_named(img, "tc")->sh_offset = 1 << 30;
}
static void c_sec_name(uint8_t *img, size_t *size)
{
	sh_named(img, "tc")->sh_name = 1 << 30;
}
static void c_btf_type(uint8_t *img, size_t *size)
{
	sh_named(img, ".BTF")->sh_type = SHT_NOBITS;
}
static void c_symtab_ent(uint8_t *img, size_t *size)
{
	sh_named(img, ".symtab")->sh_entsize = 16;
}
static void c_no_symtab(uint8_t *img, size_t *size)
{
	sh_named(img, ".symtab")->sh_type = SHT_PROGBITS;
}
static void c_rel_info(uint8_t *img, size_t *size)
{
	sh_named(img, ".reltc")->sh_info = 999;
}
static void c_rel_offset(uint8_t *img, size_t *size)
{
	Elf64_Rel *r = (Elf64_Rel *)(img + sh_named(img, ".reltc")->sh_offset);

	r[0].r_offset = 0x100000;
}
static void c_rel_sym(uint8_t *img, size_t *size)
{
	Elf64_Rel *r = (Elf64_Rel *)(img + sh_named(img, ".reltc")->sh_offset);

	r[0].r_info = ELF64_R_INFO(100000, 1);
}
static void c_sym_shndx(uint8_t *img, size_t *size)
{
	Elf64_Sym *s = (Elf64_Sym *)(img + sh_named(img, ".symtab")->sh_offset);

	s[1].st_shndx = 0xfe00;
}

static const struct corrupt corrupts[] = {
	{ "truncated", c_truncate, "not an ELF file" },
	{ "magic", c_magic, "not an ELF file" },
	{ "class", c_class, "not a 64-bit ELF file" },
	{ "type", c_type, "not a relocatable object (e_type 2)" },
	{ "machine", c_machine, "not a BPF object (e_machine 62, expected 247)" },
	{ "shoff", c_shoff, "section header table" },
	{ "shentsize", c_shentsize, "section header size 32" },
	{ "section data", c_sec_data, "'tc': data (offset 0x40000000" },
	{ "section name", c_sec_name, "name offset 1073741824 is outside the section name table" },
	{ "btf type", c_btf_type, "'.BTF': must be SHT_PROGBITS" },
	{ "symtab entsize", c_symtab_ent, "symbol entry size 16" },
	{ "no symtab", c_no_symtab, "couldn't find symbol table" },
	{ "rel info", c_rel_info, "'.reltc': sh_info 999 is not a section" },
	{ "rel offset", c_rel_offset,
	  "'.reltc': relocation #0 offset 0x100000 is outside section 'tc'" },
	{ "rel sym", c_rel_sym, "relocation #0 symbol index 100000 is outside the symbol table" },
	{ "sym shndx", c_sym_shndx, "section index 65024 is not a section" },
};

static void test_corrupt(void **state)
{
	const char *path = build_file("tests/progs/btf_kinds.bpf.o");
	size_t size;
	uint8_t *orig = read_file(path, &size);

	for (size_t i = 0; i < ARRAY_SIZE(corrupts); i++) {
		uint8_t *img = malloc(size);
		size_t sz = size;
		char errbuf[256] = "";
		struct hive_elf *elf;

		assert_non_null(img);
		memcpy(img, orig, size);
		corrupts[i].mutate(img, &sz);
		elf = elf_open_mem(img, sz, "k.o", errbuf, sizeof(errbuf));
		if (!IS_ERR(elf) || strncmp(errbuf, "k.o: ", 5) ||
		    !strstr(errbuf, corrupts[i].expect)) {
			print_error("case '%s': got \"%s\", expected \"k.o: ...%s\"\n",
				    corrupts[i].what, IS_ERR(elf) ? errbuf : "success",
				    corrupts[i].expect);
			fail();
		}
		free(img);
	}
	free(orig);
}

/* Every prefix of a valid object is refused with a message, never a crash. */
static void test_truncations(void **state)
{
	const char *path = build_file("tests/progs/graph.bpf.o");
	size_t size;
	uint8_t *img = read_file(path, &size);

	for (size_t len = 0; len < size; len += 7) {
		char errbuf[256] = "";
		struct hive_elf *elf = elf_open_mem(img, len, "t.o", errbuf, sizeof(errbuf));

		assert_true(IS_ERR(elf));
		assert_non_null(strstr(errbuf, "t.o: "));
	}
	free(img);
}

static void test_open_errors(void **state)
{
	char errbuf[256] = "";
	struct hive_elf *elf = elf_open_file("/nonexistent.o", errbuf, sizeof(errbuf));

	assert_int_equal(PTR_ERR(elf), -ENOENT);
	assert_string_equal(errbuf, "/nonexistent.o: No such file or directory");
	elf = elf_open_file("/tmp", errbuf, sizeof(errbuf));
	assert_true(IS_ERR(elf));
	assert_non_null(strstr(errbuf, "/tmp: not a regular file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sections),    cmocka_unit_test(test_symbols_and_relocs),
		cmocka_unit_test(test_big_endian),  cmocka_unit_test(test_corrupt),
		cmocka_unit_test(test_truncations), cmocka_unit_test(test_open_errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
