// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzz/fuzz_elf.c: libFuzzer target for the ELF reader, in the shape of libbpf's
 * bpf-object-fuzzer: open an object from memory, walk every section, symbol and relocation,
 * then parse .BTF and .BTF.ext when present, validate them and dump the BTF to a null sink.
 * Anything but a clean error is a bug.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "btf/btf.h"
#include "btf/btf_dump.h"
#include "btf/btf_ext.h"
#include "common/err.h"
#include "common/log.h"
#include "elf/elf.h"

static int quiet(enum hive_print_level level, const char *fmt, va_list args)
{
	return 0;
}

/* A null sink that gives up after 8 MiB, so huge (valid) dumps do not stall the fuzzer. */
static int budget_write(void *ctx, const char *data, size_t len)
{
	size_t *left = ctx;

	if (len > *left)
		return -ENOSPC;
	*left -= len;
	return 0;
}

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	hive_set_print(quiet);
	return 0;
}

/* Read every byte the reader hands out, so ASan sees any out-of-bounds range. */
static unsigned int touch(const void *p, uint64_t len)
{
	const volatile uint8_t *b = p;
	unsigned int sum = 0;

	for (uint64_t i = 0; p && i < len; i++)
		sum += b[i];
	return sum;
}

static void walk(const struct hive_elf *elf)
{
	volatile unsigned int sink = 0;

	for (uint32_t i = 0; i < elf_sec_cnt(elf); i++) {
		const struct hive_elf_sec *s = elf_sec(elf, i);
		const struct hive_elf_rel *rels;
		int n;

		sink += touch(s->data, s->data ? s->size : 0) + touch(s->name, 1);
		n = elf_relocs(elf, i, &rels);
		for (int r = 0; r < n; r++)
			sink += elf_sym(elf, rels[r].sym)->shndx + (unsigned int)rels[r].offset;
	}
	for (uint32_t i = 0; i < elf_sym_cnt(elf); i++)
		sink += touch(elf_sym(elf, i)->name, 1);
	(void)sink;
}

static void check_btf(const struct hive_elf *elf)
{
	char errbuf[256];
	struct btf_parse_opts opts = { .errbuf = errbuf, .errbuf_sz = sizeof(errbuf) };
	const struct hive_elf_sec *ext_sec = elf_sec_by_class(elf, ELF_SEC_BTF_EXT);
	struct hive_btf *btf = btf_parse_elf(elf, &opts);
	struct btf_out *out;

	if (IS_ERR(btf))
		return;
	btf_validate_kernel(btf, errbuf, sizeof(errbuf));
	if (ext_sec && ext_sec->data) {
		struct hive_btf_ext *ext =
			btf_ext_parse(ext_sec->data, ext_sec->size, btf, errbuf, sizeof(errbuf));

		btf_ext_free(ext);
	}
	out = malloc(sizeof(*out));
	if (out) {
		size_t left = 8 << 20;

		btf_out_init(out, budget_write, &left);
		btf_dump_raw(btf, out);
		btf_out_finish(out);
		free(out);
	}
	btf_free(btf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char errbuf[256];
	struct hive_elf *elf = elf_open_mem(data, size, "fuzz.o", errbuf, sizeof(errbuf));

	if (IS_ERR(elf))
		return 0;
	walk(elf);
	check_btf(elf);
	elf_close(elf);
	return 0;
}
