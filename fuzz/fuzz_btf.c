// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzz/fuzz_btf.c: libFuzzer target for the BTF parser and everything that trusts it: parse
 * raw bytes (as base BTF, and as split BTF on a small fixed base), validate with the kernel's
 * rules, run the queries on every type, dump raw and C to a null sink, copy every type with
 * the builder and re-parse the rebuilt bytes. Anything but a clean error is a bug.
 */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

#include "btf/btf.h"
#include "btf/btf_dump.h"
#include "common/err.h"
#include "common/log.h"

static struct hive_btf *base;

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
	int i, s;

	hive_set_print(quiet);
	/* base for split parsing: int, long, a struct and a pointer to it */
	base = btf_new_empty(NULL);
	i = btf_add_int(base, "int", 4, BTF_INT_SIGNED);
	btf_add_int(base, "long", 8, BTF_INT_SIGNED);
	s = btf_add_struct(base, "base_s", 8);
	btf_add_field(base, "a", i, 0, 0);
	btf_add_field(base, "b", i, 32, 0);
	btf_add_ptr(base, s);
	return 0;
}

static void queries(struct hive_btf *btf)
{
	volatile int64_t sink = 0;
	uint32_t cnt = btf_type_cnt(btf);

	for (uint32_t id = 0; id < cnt && id < 4096; id++) {
		const struct btf_type *t = btf_type_by_id(btf, id);
		struct btf_member_info m;

		sink += btf_resolve_size(btf, id) + btf_align_of(btf, id) +
			btf_resolve_type(btf, id);
		sink += btf_find_by_name_kind(btf, btf_name(btf, t->name_off), btf_kind(t));
		sink += btf_next_decl_tag(btf, id, -1, 0);
		if (btf_is_composite(t) && btf_vlen(t)) {
			btf_member(btf, t, 0, &m);
			sink += btf_find_member(btf, id, m.name, &m);
		}
		sink += btf_func_proto(btf, id) != NULL;
	}
	(void)sink;
}

static void dumps(struct hive_btf *btf)
{
	struct btf_out *out = malloc(sizeof(*out));
	struct btf_dump_c_opts copts = { 0 };

	size_t left = 8 << 20;

	if (!out)
		return;
	btf_out_init(out, budget_write, &left);
	btf_dump_raw(btf, out);
	btf_dump_c(btf, out, &copts);
	btf_out_finish(out);
	free(out);
}

/* Copy every own type into a new BTF and parse the rebuilt bytes again. */
static void rebuild(struct hive_btf *btf)
{
	struct hive_btf *copy = btf_new_empty(btf_base(btf)), *again;
	struct btf_parse_opts opts = { .base = btf_base(btf) };
	const void *raw;
	uint32_t size;

	if (IS_ERR(copy))
		return;
	for (uint32_t id = btf_start_id(btf); id < btf_type_cnt(btf); id++)
		if (btf_add_type_copy(copy, btf, id) < 0)
			goto out;
	raw = btf_raw_data(copy, &size);
	if (raw) {
		again = btf_parse_raw(raw, size, &opts);
		btf_free(again);
	}
out:
	btf_free(copy);
}

static void one(const uint8_t *data, size_t size, const struct hive_btf *on)
{
	char errbuf[256];
	struct btf_parse_opts opts = { .base = on, .errbuf = errbuf, .errbuf_sz = sizeof(errbuf) };
	struct hive_btf *btf = btf_parse_raw(data, size, &opts);

	if (IS_ERR(btf))
		return;
	btf_validate_kernel(btf, errbuf, sizeof(errbuf));
	queries(btf);
	dumps(btf);
	rebuild(btf);
	btf_free(btf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	one(data, size, NULL);
	one(data, size, base);
	return 0;
}
