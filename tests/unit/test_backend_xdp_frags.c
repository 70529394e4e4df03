// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/unit/test_backend_xdp_frags.c: multi-buffer XDP test runs in the user backend, without
 * the kernel (tests/backend/diff_kernel compares the same programs with Linux 6.18 where bpf()
 * works). The expected frames are worked out here from the input packet and what the programs
 * of tests/backend/progs/pkt_xdp_frags.bpf.c store: a 3520-byte linear part, fragments of
 * 4096 bytes, data_out as the kernel copies it out.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "bpfhive/bpfhive.h"

#define LINEAR 3520
#define PAGE 4096
#define BIG (LINEAR + 17 * PAGE + 1)

static uint8_t pkt[BIG], out[BIG];
static const uint8_t pat[12] = { 0xa1, 0xa2, 0xa3, 0xa4, 0xa5, 0xa6,
				 0xa7, 0xa8, 0xa9, 0xaa, 0xab, 0xac };

static struct hive_object *load(void)
{
	const char *dir = getenv("HIVE_BUILD_DIR");
	char path[1024];
	struct hive_object *obj;

	snprintf(path, sizeof(path), "%s/tests/backend/progs/pkt_xdp_frags.bpf.o", dir ? dir : ".");
	obj = hive_object__open_file(path, NULL);
	assert_non_null(obj);
	assert_int_equal(hive_object__load(obj), 0);
	return obj;
}

/* results[] of the last run (the programs' .bss). */
static void results(struct hive_object *obj, int64_t *r, size_t n)
{
	struct hive_map *bss = hive_object__find_map_by_name(obj, ".bss");
	uint32_t zero = 0;
	uint64_t v[32];

	assert_non_null(bss);
	assert_int_equal(hive_map__lookup_elem(bss, &zero, 4, v, sizeof(v), 0), 0);
	memcpy(r, v, n * sizeof(*r));
}

static int run(struct hive_object *obj, const char *name, uint32_t size, uint32_t size_out,
	       uint32_t *retval, uint32_t *data_len)
{
	struct hive_program *p = hive_object__find_program_by_name(obj, name);
	HIVE_OPTS(hive_test_run_opts, o, .data_in = pkt, .data_size_in = size, .data_out = out,
		  .data_size_out = size_out);
	int err;

	assert_non_null(p);
	memset(out, 0, sizeof(out));
	err = hive_program__test_run(p, &o);
	*retval = o.retval;
	*data_len = o.data_size_out;
	return err;
}

static uint64_t le64(const uint8_t *p)
{
	uint64_t v;

	memcpy(&v, p, 8);
	return v;
}

static int setup(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(pkt); i++)
		pkt[i] = (uint8_t)(i * 7 + 3);
	return 0;
}

/* Loads and stores across the linear part and the fragments, and the frame copied out. */
static void test_rw_12000(void **state)
{
	struct hive_object *obj = load();
	uint8_t want[12000];
	uint32_t retval, len;
	int64_t r[19];

	(void)state;
	assert_int_equal(run(obj, "xdp_frags_rw", 12000, 0, &retval, &len), 0);
	assert_int_equal(retval, 2); /* XDP_PASS */
	assert_int_equal(len, 12000);
	results(obj, r, 19);
	assert_int_equal(r[0], 12000);
	assert_int_equal(r[1], LINEAR);
	assert_int_equal(r[2], 0);
	assert_true((uint64_t)r[3] == le64(pkt + LINEAR - 4));
	memcpy(want, pkt, sizeof(want));
	memcpy(want + LINEAR - 6, pat, 12); /* spans the linear part's end */
	assert_int_equal(r[4], 0);
	assert_true((uint64_t)r[6] == le64(want + LINEAR - 8));
	assert_true((uint64_t)r[7] == le64(want + LINEAR));
	assert_int_equal(r[8], 0);
	memcpy(want + LINEAR + PAGE - 3, pat, 7); /* spans the first fragment's end */
	assert_int_equal(r[10], 0);
	assert_int_equal(r[11], 0);
	assert_int_equal(r[13], -EINVAL);
	assert_int_equal(r[14], -EINVAL);
	memcpy(want + 12000 - 4, pat, 4);
	assert_int_equal(r[15], 0);
	assert_true((uint64_t)r[12] == le64(pkt + 12000 - 8));
	assert_int_equal(r[18], -EFAULT);
	assert_memory_equal(out, want, sizeof(want));
	hive_object__close(obj);
}

/* Shrinking releases emptied fragments, then cuts the linear part of a linear frame. */
static void test_shrink_12000(void **state)
{
	struct hive_object *obj = load();
	uint32_t retval, len;
	int64_t r[14];

	(void)state;
	assert_int_equal(run(obj, "xdp_frags_shrink", 12000, 0, &retval, &len), 0);
	assert_int_equal(retval, 3); /* XDP_TX */
	results(obj, r, 14);
	assert_int_equal(r[1], -EINVAL); /* would leave 13 bytes */
	assert_int_equal(r[2], 0);
	assert_int_equal(r[3], 11997);
	assert_int_equal(r[4], 0); /* the last fragment (285 bytes) released */
	assert_int_equal(r[5], LINEAR + 2 * PAGE);
	assert_int_equal(r[6], LINEAR);
	assert_int_equal(r[7], 0); /* both fragments and 10 linear bytes */
	assert_int_equal(r[8], LINEAR - 10);
	assert_int_equal(r[9], LINEAR - 10);
	assert_int_equal(r[10], -EINVAL); /* past the frame's tailroom */
	assert_int_equal(r[12], -EINVAL);
	assert_int_equal(len, LINEAR - 10);
	assert_memory_equal(out, pkt, LINEAR - 10);
	hive_object__close(obj);
}

/* The last fragment grows within its page, zero-filled. */
static void test_grow_5000(void **state)
{
	struct hive_object *obj = load();
	uint32_t retval, len;
	int64_t r[12];

	(void)state;
	assert_int_equal(run(obj, "xdp_frags_grow", 5000, 0, &retval, &len), 0);
	results(obj, r, 12);
	assert_int_equal(r[1], 0);
	assert_int_equal(r[2], 5007);
	assert_int_equal(r[5], -EINVAL);
	assert_int_equal(r[6], 0);
	assert_int_equal(r[7], LINEAR + PAGE);
	assert_int_equal(r[8], -EINVAL);
	assert_int_equal(r[9], 0);
	assert_int_equal(r[10], LINEAR);
	assert_int_equal(len, LINEAR + PAGE);
	assert_memory_equal(out, pkt, 5000);
	for (uint32_t i = 5000; i < len; i++)
		assert_int_equal(out[i], 0);
	hive_object__close(obj);
}

/* At most 17 fragments; data_size_out bounds as bpf_test_finish() does. */
static void test_limits(void **state)
{
	struct hive_object *obj = load();
	uint32_t retval, len;

	(void)state;
	assert_int_equal(run(obj, "xdp_frags_rw", BIG - 1, 0, &retval, &len), 0);
	assert_int_equal(len, BIG - 1);
	assert_int_equal(run(obj, "xdp_frags_rw", BIG, 0, &retval, &len), -ENOMEM);
	/* xdp_frags_grow makes 7700 bytes 3520 + 4096 + 4096: 10000 of them leave 1808 of the
	 * linear part, then the fragments */
	assert_int_equal(run(obj, "xdp_frags_grow", 7700, 10000, &retval, &len), -ENOSPC);
	assert_int_equal(len, LINEAR + 2 * PAGE);
	assert_memory_equal(out, pkt, 1808);
	assert_memory_equal(out + 1808, pkt + LINEAR, 7700 - LINEAR);
	for (uint32_t i = 1808 + 7700 - LINEAR; i < 10000; i++)
		assert_int_equal(out[i], 0);
	/* less than the fragments hold: nothing reported */
	assert_int_equal(run(obj, "xdp_frags_grow", 7700, 3000, &retval, &len), -ENOSPC);
	assert_int_equal(len, 3000);
	hive_object__close(obj);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rw_12000),
		cmocka_unit_test(test_shrink_12000),
		cmocka_unit_test(test_grow_5000),
		cmocka_unit_test(test_limits),
	};

	return cmocka_run_group_tests(tests, setup, NULL);
}
