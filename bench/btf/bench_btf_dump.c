// SPDX-License-Identifier: BSD-2-Clause
/*
 * bench/btf/bench_btf_dump.c: how fast and how big `bpfhive btf dump file F [format c]` is
 * against `bpftool btf dump file F [format c]`, measured in the same run.
 *
 * Each tool runs as a child process with stdout on /dev/null; runs of the two tools are
 * interleaved so both see the same machine state. Wall time comes from CLOCK_MONOTONIC around
 * fork..wait4, peak memory from wait4's ru_maxrss. Reported: median and minimum time, largest
 * peak RSS, and the ratios (speedup = bpftool time / bpfhive time; memory = bpfhive / bpftool).
 *
 * usage: bench_btf_dump [-n RUNS] [-f BTF_FILE] [--bpfhive PATH] [--bpftool PATH]
 */
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define MAX_RUNS 200

struct sample {
	double ms;
	long maxrss_kb;
};

struct tool {
	const char *name;
	const char *path;
	struct sample s[MAX_RUNS];
};

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Run `path btf dump file F [format c]`; 0 on a clean exit. */
static int run_once(const char *path, const char *file, bool c_format, struct sample *out)
{
	const char *argv[] = { path, "btf", "dump", "file", file, "format", c_format ? "c" : "raw",
			       NULL };
	struct rusage ru;
	double t0 = now_ms();
	int status;
	pid_t pid = fork();

	if (pid < 0)
		return -errno;
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (null < 0 || dup2(null, STDOUT_FILENO) < 0)
			_exit(126);
		execv(path, (char *const *)argv);
		_exit(127);
	}
	if (wait4(pid, &status, 0, &ru) < 0)
		return -errno;
	out->ms = now_ms() - t0;
	out->maxrss_kb = ru.ru_maxrss;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : -ECHILD;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void summarize(const struct tool *t, int runs, double *median, double *min, long *rss)
{
	double ms[MAX_RUNS];

	*rss = 0;
	for (int i = 0; i < runs; i++) {
		ms[i] = t->s[i].ms;
		if (t->s[i].maxrss_kb > *rss)
			*rss = t->s[i].maxrss_kb;
	}
	qsort(ms, runs, sizeof(ms[0]), cmp_double);
	*median = runs % 2 ? ms[runs / 2] : (ms[runs / 2 - 1] + ms[runs / 2]) / 2;
	*min = ms[0];
}

static int bench_mode(struct tool *tools, const char *file, bool c_format, int runs)
{
	double med[2], min[2];
	long rss[2];

	for (int i = 0; i < runs; i++) {
		for (int k = 0; k < 2; k++) {
			/* alternate which tool goes first */
			struct tool *t = &tools[(i + k) % 2];

			if (run_once(t->path, file, c_format, &t->s[i])) {
				fprintf(stderr, "%s failed on %s\n", t->path, file);
				return 1;
			}
		}
	}
	for (int k = 0; k < 2; k++)
		summarize(&tools[k], runs, &med[k], &min[k], &rss[k]);
	printf("%-4s", c_format ? "c" : "raw");
	for (int k = 0; k < 2; k++)
		printf("  %s: median %7.1f ms (min %6.1f), peak RSS %6.1f MiB |", tools[k].name,
		       med[k], min[k], rss[k] / 1024.0);
	printf("  speedup %.2fx, memory %.2fx\n", med[1] / med[0], (double)rss[0] / rss[1]);
	return 0;
}

int main(int argc, char **argv)
{
	struct tool tools[2] = { { .name = "bpfhive", .path = HIVE_CLI_PATH },
				 { .name = "bpftool", .path = "/usr/sbin/bpftool" } };
	const char *file = HIVE_VMLINUX_BTF;
	int runs = 21;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-n") && i + 1 < argc)
			runs = atoi(argv[++i]);
		else if (!strcmp(argv[i], "-f") && i + 1 < argc)
			file = argv[++i];
		else if (!strcmp(argv[i], "--bpfhive") && i + 1 < argc)
			tools[0].path = argv[++i];
		else if (!strcmp(argv[i], "--bpftool") && i + 1 < argc)
			tools[1].path = argv[++i];
		else {
			fprintf(stderr,
				"usage: %s [-n RUNS] [-f BTF_FILE] [--bpfhive PATH] [--bpftool PATH]\n",
				argv[0]);
			return 2;
		}
	}
	if (runs < 1 || runs > MAX_RUNS)
		runs = 21;
	if (access(tools[1].path, X_OK)) {
		printf("SKIP: bpftool not found at %s, nothing to compare with\n", tools[1].path);
		return 0;
	}
	printf("btf dump file %s, %d runs per tool, output to /dev/null\n", file, runs);
	return bench_mode(tools, file, false, runs) || bench_mode(tools, file, true, runs);
}
