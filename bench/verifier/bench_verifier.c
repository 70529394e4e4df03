// SPDX-License-Identifier: BSD-2-Clause
/*
 * bench/verifier/bench_verifier.c: how long our verifier takes on realistic programs compared
 * with the running kernel's verifier on the same objects, in the same run.
 *
 *	bench_verifier [-r REPEAT] [OBJ.bpf.o|DIR ...]
 *
 * Defaults to the benchmark programs (bench/verifier/progs) and the verifier corpus
 * (tests/verifier/progs). For every program the kernel accepts, the kernel's time is the
 * median of its "verification time N usec" (log_level 4) over REPEAT loads through libbpf; ours
 * is the median of hive_verify()'s own measurement (the same span: from the start of the
 * checks to the statistics) over REPEAT calls of hive_program__verify(). Both processed-insn
 * counts are printed. The last line gives the geometric mean of the time ratios and the totals.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "bpfhive/object.h"
#include "bpfhive/prog.h"
#include "bpfhive/verify.h"
#include "oracle.h"

#define LOG_SIZE (1u << 20)

static char klog[LOG_SIZE];
static int repeat = 7;
static double log_ratio_sum, k_total, h_total;
static int n_measured;

__attribute__((format(printf, 2, 0))) static int quiet(enum libbpf_print_level level,
						       const char *fmt, va_list ap)
{
	return 0;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* One kernel load of @name; returns the verification time in usec, -1 on failure. */
static long kernel_once(const char *path, const char *name, long *insns)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *p, *target = NULL;
	struct oracle_stats st;
	int err;

	if (!obj || libbpf_get_error(obj))
		return -1;
	bpf_object__for_each_program(p, obj)
	{
		bool me = !strcmp(bpf_program__name(p), name);

		bpf_program__set_autoload(p, me);
		if (me)
			target = p;
	}
	if (!target) {
		bpf_object__close(obj);
		return -1;
	}
	klog[0] = 0;
	bpf_program__set_log_level(target, 4);
	bpf_program__set_log_buf(target, klog, LOG_SIZE);
	err = bpf_object__load(obj);
	bpf_object__close(obj);
	if (oracle_log_stats(klog, &st) || st.verification_usec < 0)
		return -1;
	if (err && !strstr(klog, "processed"))
		return -1;
	*insns = st.insns;
	return st.verification_usec;
}

static void bench_object(const char *path)
{
	struct hive_object *obj = hive_object__open_file(path, NULL);
	struct hive_program *prog;
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (!obj || hive_object__prepare(obj)) {
		hive_object__close(obj);
		return;
	}
	hive_object__for_each_program(prog, obj) {
		const char *name = hive_program__name(prog);
		double kt[64], ht[64], km, hm;
		long kinsns = -1;
		struct hive_verify_stats st = { 0 };
		int n = 0, err = 0;

		if (!hive_program__autoload(prog) || !strncmp(name, "fail_", 5))
			continue;
		for (int r = 0; r < repeat; r++) {
			long us = kernel_once(path, name, &kinsns);

			if (us < 0)
				break;
			kt[n++] = (double)us;
		}
		if (n < repeat)
			continue; /* the kernel cannot load it here (fentry/lsm, or a rejection) */
		for (int r = 0; r < repeat; r++) {
			HIVE_OPTS(hive_verify_opts, o, .log_level = 4);

			err = hive_program__verify(prog, &o, NULL, &st);
			ht[r] = (double)st.verification_ns / 1000.0;
		}
		if (err)
			continue;
		km = median(kt, repeat);
		hm = median(ht, repeat);
		printf("%-22s %-22s %9ld %9u %10.0f %10.1f %7.2f\n", base, name, kinsns,
		       st.insn_processed, km, hm, km > 0 ? hm / km : 0.0);
		if (km > 0 && hm > 0) {
			log_ratio_sum += log(hm / km);
			n_measured++;
		}
		k_total += km;
		h_total += hm;
		fflush(stdout);
	}
	hive_object__close(obj);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void bench_path(const char *path)
{
	struct stat sb;
	struct dirent *de;
	char *names[256];
	size_t n = 0;
	DIR *d;

	if (stat(path, &sb) || !S_ISDIR(sb.st_mode)) {
		bench_object(path);
		return;
	}
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d)) && n < 256) {
		size_t len = strlen(de->d_name);
		char buf[4096];

		if (len < 6 || strcmp(de->d_name + len - 6, ".bpf.o"))
			continue;
		snprintf(buf, sizeof(buf), "%s/%s", path, de->d_name);
		names[n++] = strdup(buf);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		bench_object(names[i]);
		free(names[i]);
	}
}

int main(int argc, char **argv)
{
	int opt;

	while ((opt = getopt(argc, argv, "r:")) != -1)
		if (opt == 'r')
			repeat = atoi(optarg) > 0 && atoi(optarg) <= 64 ? atoi(optarg) : 7;
	if (!oracle_available()) {
		printf("SKIP: bpf() not available\n");
		return 77;
	}
	libbpf_set_print(quiet);
	printf("%-22s %-22s %9s %9s %10s %10s %7s\n", "object", "program", "k insns", "our insns",
	       "k usec", "our usec", "ratio");
	if (optind >= argc) {
		bench_path(HIVE_BUILD_DIR "/bench/verifier/progs");
		bench_path(HIVE_BUILD_DIR "/tests/verifier/progs");
	}
	for (int i = optind; i < argc; i++)
		bench_path(argv[i]);
	if (n_measured)
		printf("%d programs: geometric mean of time ratios (ours / kernel) %.2f; total kernel "
		       "%.0f usec, ours %.1f usec\n",
		       n_measured, exp(log_ratio_sum / n_measured), k_total, h_total);
	return 0;
}
