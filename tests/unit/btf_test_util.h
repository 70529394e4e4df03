/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/unit/btf_test_util.h: helpers shared by the elf/btf unit tests: paths of the built test
 * objects (skipped visibly when absent), reading files, a small BTF with every kind built with
 * the builder, and a memory sink for dumps.
 */
#ifndef __HIVE_TEST_BTF_UTIL_H
#define __HIVE_TEST_BTF_UTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "btf/btf.h"
#include "btf/btf_dump.h"
#include "common/err.h"

/* Path of a build artefact under HIVE_BUILD_DIR; skips the test (visibly) if it is missing. */
static inline const char *build_file(const char *rel)
{
	static char path[1024];
	const char *dir = getenv("HIVE_BUILD_DIR");

	snprintf(path, sizeof(path), "%s/%s", dir ? dir : ".", rel);
	if (access(path, R_OK)) {
		fprintf(stderr, "SKIP: %s not found (build the test programs first)\n", path);
		skip();
	}
	return path;
}

static inline void *read_file(const char *path, size_t *size)
{
	FILE *f = fopen(path, "rb");
	void *buf;
	long len;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc(len + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, len, f), (size_t)len);
	fclose(f);
	*size = len;
	return buf;
}

/* Dump into a malloc'ed string: raw (c == false) or C without the frame. */
static inline char *dump_to_string(const struct hive_btf *btf, bool c)
{
	struct btf_out_mem mem = { 0 };
	struct btf_out *out = malloc(sizeof(*out));
	struct btf_dump_c_opts opts = { .no_frame = true };
	int err;

	assert_non_null(out);
	btf_out_init(out, btf_out_write_mem, &mem);
	err = c ? btf_dump_c(btf, out, &opts) : btf_dump_raw(btf, out);
	err = btf_out_finish(out) ?: err;
	free(out);
	assert_int_equal(err, 0);
	return mem.data ? mem.data : strdup("");
}

#endif /* __HIVE_TEST_BTF_UTIL_H */
