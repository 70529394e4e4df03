// SPDX-License-Identifier: BSD-2-Clause
/*
 * examples/runqueue/kernel_check.c: the run queue in the kernel and in bpfhive, compared. The
 * same object is loaded into the running kernel (Debian's libbpf, syscall programs run with
 * BPF_PROG_TEST_RUN) and into bpfhive; both get the same sequence: simulate() with several
 * seeds, then tasks enqueued one by one, dispatched and reaped. Every return value, every
 * context written back and the statistics in .bss must be equal. Prints SKIP (exit 77) where
 * the kernel cannot load BPF programs.
 *
 *   runqueue_kernel_check runqueue.bpf.o
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfhive/bpfhive.h"

struct step {
	const char *prog;
	uint8_t ctx[128];
	uint32_t size;
};

struct outcome {
	int err;
	uint32_t retval;
	uint8_t ctx[128];
};

static struct step steps[64];
static int nr_steps;

static void add(const char *prog, const void *ctx, uint32_t size)
{
	struct step *s = &steps[nr_steps++];

	s->prog = prog;
	memcpy(s->ctx, ctx, size);
	s->size = size;
}

static void build_steps(void)
{
	uint8_t buf[128] = { 0 };

	for (uint64_t seed = 1; seed <= 5; seed++) {
		memset(buf, 0, sizeof(buf));
		memcpy(buf, &seed, 8);
		add("simulate", buf, 72);
	}
	for (uint32_t i = 0; i < 6; i++) {
		struct {
			uint32_t pid, slice;
			uint64_t deadline;
		} e = { 10 + i, 400 + 100 * i, 90000 - 7000 * (i % 3) };

		add("enqueue", &e, sizeof(e));
	}
	memset(buf, 0, sizeof(buf));
	for (int i = 0; i < 7; i++) /* one more than queued: the empty case */
		add("dispatch", buf, 16);
	add("reap", buf, 36);
	add("reap", buf, 36);
}

static void run_kernel(struct bpf_object *obj, struct outcome *out)
{
	for (int i = 0; i < nr_steps; i++) {
		struct bpf_program *p = bpf_object__find_program_by_name(obj, steps[i].prog);

		memcpy(out[i].ctx, steps[i].ctx, steps[i].size);
		LIBBPF_OPTS(bpf_test_run_opts, o, .ctx_in = out[i].ctx,
			    .ctx_size_in = steps[i].size);
		out[i].err = bpf_prog_test_run_opts(bpf_program__fd(p), &o) ? -errno : 0;
		out[i].retval = o.retval;
	}
}

static void run_hive(struct hive_object *obj, struct outcome *out)
{
	for (int i = 0; i < nr_steps; i++) {
		struct hive_program *p = hive_object__find_program_by_name(obj, steps[i].prog);

		memcpy(out[i].ctx, steps[i].ctx, steps[i].size);
		HIVE_OPTS(hive_test_run_opts, o, .ctx_in = out[i].ctx,
			  .ctx_size_in = steps[i].size);
		out[i].err = hive_program__test_run(p, &o);
		out[i].retval = o.retval;
	}
}

int main(int argc, char **argv)
{
	static struct outcome k[64], h[64];
	uint8_t kbss[64] = { 0 }, hbss[64] = { 0 };
	struct bpf_object *kobj;
	struct hive_object *hobj;
	uint32_t zero = 0;
	int bad = 0;

	if (argc != 2)
		return 2;
	build_steps();
	libbpf_set_print(NULL);
	kobj = bpf_object__open_file(argv[1], NULL);
	if (!kobj || bpf_object__load(kobj)) {
		printf("SKIP: the kernel cannot load %s here: %s\n", argv[1], strerror(errno));
		return 77;
	}
	hobj = hive_object__open_file(argv[1], NULL);
	if (!hobj || hive_object__load(hobj)) {
		printf("FAIL: bpfhive cannot load %s\n", argv[1]);
		return 1;
	}
	run_kernel(kobj, k);
	run_hive(hobj, h);
	for (int i = 0; i < nr_steps; i++) {
		if (k[i].err == h[i].err && k[i].retval == h[i].retval &&
		    !memcmp(k[i].ctx, h[i].ctx, steps[i].size))
			continue;
		printf("FAIL step %d (%s): kernel err %d retval %d, bpfhive err %d retval %d%s\n",
		       i, steps[i].prog, k[i].err, (int)k[i].retval, h[i].err, (int)h[i].retval,
		       memcmp(k[i].ctx, h[i].ctx, steps[i].size) ? ", contexts differ" : "");
		bad++;
	}
	bpf_map_lookup_elem(bpf_map__fd(bpf_object__find_map_by_name(kobj, ".bss")), &zero, kbss);
	hive_map__lookup_elem(hive_object__find_map_by_name(hobj, ".bss"), &zero, 4, hbss, 48, 0);
	if (memcmp(kbss, hbss, 48)) {
		printf("FAIL: the statistics in .bss differ\n");
		bad++;
	}
	printf("%d steps, %s\n", nr_steps,
	       bad ? "kernel and bpfhive DIFFER" : "kernel and bpfhive agree");
	hive_object__close(hobj);
	bpf_object__close(kobj);
	return bad ? 1 : 0;
}
