/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * examples/common/kernel_compare.h: run one object in the running kernel and in bpfhive and
 * compare, for the examples' *_kernel_check programs. The object is loaded into the kernel
 * with Debian's libbpf (syscall programs run with BPF_PROG_TEST_RUN) and into bpfhive's user
 * backend; both get the same steps (a program and its context), and every error, return value
 * and context written back must be equal, and so must the first @bss_size bytes of .bss.
 * Returns 0 (agree), 1 (differ or bpfhive failed) or 77 (SKIP: the kernel cannot load it).
 */
#ifndef __HIVE_EXAMPLES_KERNEL_COMPARE_H
#define __HIVE_EXAMPLES_KERNEL_COMPARE_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfhive/bpfhive.h"

#define KC_CTX_MAX 128

struct kc_step {
	const char *prog;
	uint8_t ctx[KC_CTX_MAX];
	uint32_t size;
};

struct kc_outcome {
	int err;
	uint32_t retval;
	uint8_t ctx[KC_CTX_MAX];
};

static void kc_run_kernel(struct bpf_object *obj, const struct kc_step *s, int n,
			  struct kc_outcome *out)
{
	for (int i = 0; i < n; i++) {
		struct bpf_program *p = bpf_object__find_program_by_name(obj, s[i].prog);

		memcpy(out[i].ctx, s[i].ctx, s[i].size);
		LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = out[i].ctx, .ctx_size_in = s[i].size);
		out[i].err = p && !bpf_prog_test_run_opts(bpf_program__fd(p), &o) ? 0 : -errno;
		out[i].retval = o.retval;
	}
}

static void kc_run_hive(struct hive_object *obj, const struct kc_step *s, int n,
			struct kc_outcome *out)
{
	for (int i = 0; i < n; i++) {
		struct hive_program *p = hive_object__find_program_by_name(obj, s[i].prog);

		memcpy(out[i].ctx, s[i].ctx, s[i].size);
		HIVE_OPTS(hive_test_run_opts, o, .ctx_in = out[i].ctx, .ctx_size_in = s[i].size);
		out[i].err = p ? hive_program__test_run(p, &o) : -ENOENT;
		out[i].retval = o.retval;
	}
}

/* .bss of both sides differ in their first @size bytes? */
static int kc_bss_differ(struct bpf_object *k, struct hive_object *h, size_t size)
{
	uint8_t kb[256] = { 0 }, hb[256] = { 0 };
	struct bpf_map *km = bpf_object__find_map_by_name(k, ".bss");
	struct hive_map *hm = hive_object__find_map_by_name(h, ".bss");
	uint32_t zero = 0;

	if (!km || !hm || size > sizeof(kb) || bpf_map__value_size(km) > sizeof(kb) ||
	    hive_map__value_size(hm) > sizeof(hb))
		return 1;
	if (bpf_map_lookup_elem(bpf_map__fd(km), &zero, kb) ||
	    hive_map__lookup_elem(hm, &zero, sizeof(zero), hb, hive_map__value_size(hm), 0))
		return 1;
	return memcmp(kb, hb, size) != 0;
}

static int kc_compare(const char *path, const struct kc_step *steps, int n, size_t bss_size)
{
	struct kc_outcome *k = calloc((size_t)n, sizeof(*k)), *h = calloc((size_t)n, sizeof(*h));
	struct bpf_object *kobj;
	struct hive_object *hobj;
	int bad = 0;

	if (!k || !h)
		return 1;
	libbpf_set_print(NULL);
	kobj = bpf_object__open_file(path, NULL);
	if (!kobj || bpf_object__load(kobj)) {
		printf("SKIP: the kernel cannot load %s here: %s\n", path, strerror(errno));
		bpf_object__close(kobj);
		free(k);
		free(h);
		return 77;
	}
	hobj = hive_object__open_file(path, NULL);
	if (!hobj || hive_object__load(hobj)) {
		printf("FAIL: bpfhive cannot load %s\n", path);
		bpf_object__close(kobj);
		return 1;
	}
	kc_run_kernel(kobj, steps, n, k);
	kc_run_hive(hobj, steps, n, h);
	for (int i = 0; i < n; i++) {
		int ctx_differ = memcmp(k[i].ctx, h[i].ctx, steps[i].size) != 0;

		if (k[i].err == h[i].err && k[i].retval == h[i].retval && !ctx_differ)
			continue;
		printf("FAIL step %d (%s): kernel err %d retval %d, bpfhive err %d retval %d%s\n",
		       i, steps[i].prog, k[i].err, (int)k[i].retval, h[i].err, (int)h[i].retval,
		       ctx_differ ? ", contexts differ" : "");
		bad++;
	}
	if (kc_bss_differ(kobj, hobj, bss_size)) {
		printf("FAIL: the statistics in .bss differ\n");
		bad++;
	}
	printf("%d steps, %s\n", n, bad ? "kernel and bpfhive DIFFER" : "kernel and bpfhive agree");
	hive_object__close(hobj);
	bpf_object__close(kobj);
	free(k);
	free(h);
	return bad ? 1 : 0;
}

#endif /* __HIVE_EXAMPLES_KERNEL_COMPARE_H */
