// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzz/fuzz_test_run.c: hive_program__test_run() on arbitrary arguments. The verified programs
 * of tests/backend/progs/{pkt_tc,pkt_xdp,pkt_sk}.bpf.o (packet parsing, every packet helper,
 * resizing, adjust_head/tail/meta) run on fuzzed packets and contexts:
 *
 *   input = [program, 1 byte][flags, 1 byte][repeat, 1 byte][ctx length, 1 byte]
 *           [data_size_out, 2 bytes LE][ctx][packet]
 *
 * The kernel's argument checks must refuse what is malformed with an errno, and what runs must
 * never crash, leak or touch memory outside its buffers (ASan watches).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfhive/bpfhive.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const struct {
	const char *obj, *prog;
} progs[] = {
	{ "pkt_tc", "tc_parse" },  { "pkt_tc", "tc_rewrite" },	{ "pkt_tc", "tc_resize" },
	{ "pkt_tc", "tc_csum" },   { "pkt_tc", "tc_meta" },	{ "pkt_tc", "tc_tail" },
	{ "pkt_xdp", "xdp_swap" }, { "pkt_xdp", "xdp_adjust" }, { "pkt_xdp", "xdp_bytes" },
	{ "pkt_xdp", "xdp_meta" }, { "pkt_sk", "sf_len" },	{ "pkt_sk", "cg_skb" },
};

static struct hive_object *objs[3];
static struct hive_program *loaded[sizeof(progs) / sizeof(progs[0])];

static struct hive_object *load(const char *name)
{
	char path[1024];
	struct hive_object *obj;

	snprintf(path, sizeof(path), "%s/tests/backend/progs/%s.bpf.o", HIVE_BUILD_DIR, name);
	obj = hive_object__open_file(path, NULL);
	if (!obj || hive_object__load(obj)) {
		fprintf(stderr, "fuzz_test_run: cannot load %s\n", path);
		abort(); /* a setup problem must not look like a clean run */
	}
	return obj;
}

static void setup(void)
{
	static const char *const names[] = { "pkt_tc", "pkt_xdp", "pkt_sk" };

	if (objs[0])
		return;
	hive_set_print(NULL);
	for (size_t i = 0; i < 3; i++)
		objs[i] = load(names[i]);
	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++)
		for (size_t o = 0; o < 3; o++)
			if (!strcmp(progs[i].obj, names[o]))
				loaded[i] =
					hive_object__find_program_by_name(objs[o], progs[i].prog);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[8192], ctx_out[512];
	uint32_t ctx_len;
	size_t n = sizeof(progs) / sizeof(progs[0]);

	if (size < 6)
		return 0;
	setup();
	ctx_len = data[3];
	if (6 + ctx_len > size)
		ctx_len = (uint32_t)(size - 6);
	HIVE_OPTS(hive_test_run_opts, o, .flags = data[1] & 0x7, .repeat = data[2] & 3,
		  .ctx_in = ctx_len ? data + 6 : NULL, .ctx_size_in = ctx_len,
		  .data_in = data + 6 + ctx_len, .data_size_in = (uint32_t)(size - 6 - ctx_len),
		  .data_out = out, .data_size_out = (uint32_t)(data[4] | data[5] << 8),
		  .ctx_out = ctx_out, .ctx_size_out = sizeof(ctx_out));
	if (o.data_size_out > sizeof(out))
		o.data_size_out = sizeof(out);
	if (data[1] & 0x80)
		o.ctx_out = NULL;
	hive_program__test_run(loaded[data[0] % n], &o);
	return 0;
}
