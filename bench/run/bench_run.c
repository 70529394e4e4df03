// SPDX-License-Identifier: BSD-2-Clause
/*
 * bench/run/bench_run.c: the interpreter benchmark's programs end to end. Each program of
 * progs/interp.bpf.c (loop, calls, memory, branchy, alu32: the logic of bench/interp .s files as a
 * BPF C object) runs as a socket filter on a 64-byte packet:
 *
 *   kernel   loaded with libbpf, JIT-compiled, BPF_PROG_TEST_RUN with repeat (the kernel's
 *            average ns per run)
 *   api      hive_object__load() + hive_program__test_run() with repeat, in this process
 *   cli      `bpfhive run OBJ --prog P --data-hex ... --repeat N --json`: the whole tool
 *            (open, verify, load, run); its duration_ns and, separately, its wall time
 *
 * Figures are medians of TRIALS interleaved measurements; retvals must agree everywhere or the
 * benchmark fails. The ratio is bpfhive's ns per run over the kernel's (lower is better).
 *
 *   bench_run [--check] [BPFHIVE] [PROGRAM...]
 *
 * --check runs everything once and compares results only (what ctest runs).
 */
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfhive/bpfhive.h"

#define TRIALS 5
#define TRIAL_NS 40e6

static const char *const progs[] = { "run_loop", "run_calls", "run_memory", "run_branchy",
				     "run_alu32" };
static const uint8_t packet[64] = { [12] = 0x08, [13] = 0x00 };
static bool check_only;
static const char *cli = HIVE_BUILD_DIR "/bpfhive";
static const char *obj_path = HIVE_BUILD_DIR "/bench/run/progs/interp.bpf.o";

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

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

/* ---- the three ways of running ---- */

static int kernel_run(struct bpf_object *obj, const char *name, uint32_t repeat, double *ns,
		      uint32_t *retval)
{
	struct bpf_program *p = bpf_object__find_program_by_name(obj, name);
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = packet, .data_size_in = sizeof(packet),
		    .repeat = (int)repeat);

	if (!p || bpf_prog_test_run_opts(bpf_program__fd(p), &o))
		return -1;
	*ns = o.duration;
	*retval = o.retval;
	return 0;
}

static int api_run(struct hive_object *obj, const char *name, uint32_t repeat, double *ns,
		   uint32_t *retval)
{
	struct hive_program *p = hive_object__find_program_by_name(obj, name);
	HIVE_OPTS(hive_test_run_opts, o, .data_in = packet, .data_size_in = sizeof(packet),
		  .repeat = (int)repeat);

	if (!p || hive_program__test_run(p, &o))
		return -1;
	*ns = o.duration;
	*retval = o.retval;
	return 0;
}

/* The CLI with --json: duration_ns and retval from its output, wall time around it. */
static int cli_run(const char *name, uint32_t repeat, double *ns, uint32_t *retval, double *wall)
{
	char cmd[2048], out[4096], hex[3 * sizeof(packet) + 1];
	unsigned long long dur = 0;
	unsigned int rv = 0;
	double t0 = now_ns();
	size_t n;
	FILE *f;

	for (size_t i = 0; i < sizeof(packet); i++)
		sprintf(hex + 2 * i, "%02x", packet[i]);
	snprintf(cmd, sizeof(cmd), "%s run %s --prog %s --data-hex %s --repeat %u --json", cli,
		 obj_path, name, hex, repeat);
	f = popen(cmd, "r");
	if (!f)
		return -1;
	n = fread(out, 1, sizeof(out) - 1, f);
	out[n] = 0;
	if (pclose(f) || sscanf(out, "{\"retval\":%u,\"duration_ns\":%llu", &rv, &dur) != 2) {
		fprintf(stderr, "bench_run: '%s' failed: %s\n", cmd, out);
		return -1;
	}
	*wall = now_ns() - t0;
	*ns = (double)dur;
	*retval = rv;
	return 0;
}

/* Repeat count for about TRIAL_NS of running, from one api measurement. */
static uint32_t calibrate(struct hive_object *obj, const char *name)
{
	uint32_t repeat = 16, rv;
	double ns;

	if (check_only)
		return 1;
	if (api_run(obj, name, repeat, &ns, &rv) || ns <= 0)
		return 1000;
	repeat = (uint32_t)(TRIAL_NS / ns);
	return repeat < 1 ? 1 : repeat;
}

struct row {
	double kernel[TRIALS], api[TRIALS], cli[TRIALS], wall[TRIALS];
	uint32_t rv_kernel, rv_api, rv_cli;
};

static int measure(struct bpf_object *kobj, struct hive_object *hobj, const char *name,
		   struct row *r)
{
	uint32_t repeat = calibrate(hobj, name);
	int trials = check_only ? 1 : TRIALS;

	for (int t = 0; t < trials; t++) {
		if ((kobj && kernel_run(kobj, name, repeat, &r->kernel[t], &r->rv_kernel)) ||
		    api_run(hobj, name, repeat, &r->api[t], &r->rv_api) ||
		    cli_run(name, repeat, &r->cli[t], &r->rv_cli, &r->wall[t]))
			return -1;
	}
	if (r->rv_api != r->rv_cli || (kobj && r->rv_kernel != r->rv_api)) {
		printf("%s: results differ: kernel %u, api %u, cli %u\n", name, r->rv_kernel,
		       r->rv_api, r->rv_cli);
		return -1;
	}
	return 0;
}

static void report(const char *name, struct row *r, bool kernel, double *ratio)
{
	int n = check_only ? 1 : TRIALS;
	double k = kernel ? median(r->kernel, n) : 0, a = median(r->api, n), c = median(r->cli, n);

	*ratio = kernel && k > 0 ? c / k : 0;
	if (check_only) {
		printf("%-12s ok (retval %u)\n", name, r->rv_api);
		return;
	}
	printf("%-12s %12.0f %12.0f %12.0f %9.2f %10.1f\n", name, k, a, c, *ratio,
	       median(r->wall, n) / 1e6);
}

int main(int argc, char **argv)
{
	struct bpf_object *kobj = NULL;
	struct hive_object *hobj;
	double ratios[8];
	int nr = 0, failed = 0;
	cpu_set_t set;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--check"))
			check_only = true;
		else
			cli = argv[i];
	}
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
	libbpf_set_print(NULL);
	kobj = bpf_object__open_file(obj_path, NULL);
	if (!kobj || bpf_object__load(kobj)) {
		printf("kernel: SKIP (cannot load BPF programs here: %s)\n", strerror(errno));
		bpf_object__close(kobj);
		kobj = NULL;
	}
	hobj = hive_object__open_file(obj_path, NULL);
	if (!hobj || hive_object__load(hobj)) {
		printf("bpfhive: cannot load %s\n", obj_path);
		return 1;
	}
	if (!check_only)
		printf("%-12s %12s %12s %12s %9s %10s\n", "program", "kernel ns", "api ns",
		       "cli ns", "cli/kern", "cli wall ms");
	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++) {
		struct row r = { 0 };

		if (measure(kobj, hobj, progs[i], &r)) {
			printf("%s: FAILED\n", progs[i]);
			failed++;
			continue;
		}
		report(progs[i], &r, kobj != NULL, &ratios[nr]);
		if (kobj)
			nr++;
	}
	if (!check_only && nr)
		printf("median bpfhive run / kernel JIT ratio: %.2f\n", median(ratios, nr));
	hive_object__close(hobj);
	bpf_object__close(kobj);
	return failed ? 1 : 0;
}
