// SPDX-License-Identifier: BSD-2-Clause
/*
 * bench/maps/bench_maps.c: map operations per second, bpfhive against the kernel. The same
 * object (progs/maps.bpf.c) is loaded into the kernel (libbpf, JIT) and into bpfhive; each
 * program does 1024 lookups or updates of one map (array, hash, lru_hash, 1024 elements each,
 * the hash maps filled from user space first) and runs through BPF_PROG_TEST_RUN /
 * hive_program__test_run() with repeat. ops/s = 1024 / (average ns per run). Figures are
 * medians of TRIALS interleaved measurements; results (the lookups' sums) must agree. The ratio
 * is bpfhive's ops/s over the kernel's (higher is better, the target is >= 1).
 *
 *   bench_maps [--check]
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfhive/bpfhive.h"

#define TRIALS 7
#define OPS 1024
#define REPEAT 2000

static const char *const progs[] = { "array_lookup", "hash_lookup", "lru_hash_lookup",
				     "array_update", "hash_update", "lru_hash_update" };
static const char *obj_path = HIVE_BUILD_DIR "/bench/maps/progs/maps.bpf.o";
static const uint8_t packet[64] = { [12] = 0x08, [13] = 0x00 };
static bool check_only;

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, n, sizeof(*v), cmp_double);
	return v[n / 2];
}

static int kernel_fill(struct bpf_object *obj)
{
	const char *maps[] = { "array", "hash", "lru_hash" };

	for (size_t m = 0; m < 3; m++) {
		struct bpf_map *map = bpf_object__find_map_by_name(obj, maps[m]);

		for (uint32_t k = 0; map && k < 1024; k++) {
			uint64_t v = k * 3;

			if (bpf_map_update_elem(bpf_map__fd(map), &k, &v, 0))
				return -1;
		}
	}
	return 0;
}

static int hive_fill(struct hive_object *obj)
{
	const char *maps[] = { "array", "hash", "lru_hash" };

	for (size_t m = 0; m < 3; m++) {
		struct hive_map *map = hive_object__find_map_by_name(obj, maps[m]);

		for (uint32_t k = 0; map && k < 1024; k++) {
			uint64_t v = k * 3;

			if (hive_map__update_elem(map, &k, 4, &v, 8, 0))
				return -1;
		}
	}
	return 0;
}

static int kernel_run(struct bpf_object *obj, const char *name, int repeat, double *ns,
		      uint32_t *rv)
{
	struct bpf_program *p = bpf_object__find_program_by_name(obj, name);
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = packet, .data_size_in = sizeof(packet),
		    .repeat = repeat);

	if (!p || bpf_prog_test_run_opts(bpf_program__fd(p), &o))
		return -1;
	*ns = o.duration;
	*rv = o.retval;
	return 0;
}

static int hive_run(struct hive_object *obj, const char *name, int repeat, double *ns, uint32_t *rv)
{
	struct hive_program *p = hive_object__find_program_by_name(obj, name);
	HIVE_OPTS(hive_test_run_opts, o, .data_in = packet, .data_size_in = sizeof(packet),
		  .repeat = repeat);

	if (!p || hive_program__test_run(p, &o))
		return -1;
	*ns = o.duration;
	*rv = o.retval;
	return 0;
}

int main(int argc, char **argv)
{
	struct bpf_object *kobj;
	struct hive_object *hobj;
	int trials, repeat, failed = 0, nr = 0;
	double ratios[8];
	cpu_set_t set;

	check_only = argc > 1 && !strcmp(argv[1], "--check");
	trials = check_only ? 1 : TRIALS;
	repeat = check_only ? 1 : REPEAT;
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
	libbpf_set_print(NULL);
	kobj = bpf_object__open_file(obj_path, NULL);
	if (!kobj || bpf_object__load(kobj) || kernel_fill(kobj)) {
		printf("kernel: SKIP (cannot load BPF programs here: %s)\n", strerror(errno));
		bpf_object__close(kobj);
		kobj = NULL;
	}
	hobj = hive_object__open_file(obj_path, NULL);
	if (!hobj || hive_object__load(hobj) || hive_fill(hobj)) {
		printf("bpfhive: cannot load %s\n", obj_path);
		return 1;
	}
	if (!check_only)
		printf("%-16s %14s %14s %8s\n", "program", "kernel ops/s", "bpfhive ops/s",
		       "ratio");
	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		double k[TRIALS], h[TRIALS];
		uint32_t krv = 0, hrv = 0;
		int err = 0;

		for (int t = 0; t < trials && !err; t++) {
			err = kobj ? kernel_run(kobj, progs[i], repeat, &k[t], &krv) : 0;
			err = err ?: hive_run(hobj, progs[i], repeat, &h[t], &hrv);
		}
		if (err || (kobj && krv != hrv)) {
			printf("%s: FAILED (kernel retval %u, bpfhive %u)\n", progs[i], krv, hrv);
			failed++;
			continue;
		}
		if (check_only) {
			printf("%-16s ok (retval %u)\n", progs[i], hrv);
			continue;
		}
		double kops = kobj ? OPS / median(k, trials) * 1e9 : 0;
		double hops = OPS / median(h, trials) * 1e9;

		ratios[nr++] = kops ? hops / kops : 0;
		printf("%-16s %14.0f %14.0f %8.2f\n", progs[i], kops, hops, ratios[nr - 1]);
	}
	if (!check_only && nr && kobj)
		printf("median bpfhive / kernel ops/s ratio: %.2f\n", median(ratios, nr));
	hive_object__close(hobj);
	bpf_object__close(kobj);
	return failed ? 1 : 0;
}
