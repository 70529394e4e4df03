// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/verifier/diff_obj.c: BPF objects compiled from C, each program verified by the running
 * kernel (loaded with the system's libbpf, one program at a time) and by hive_program__verify()
 * on our object model; verdicts, the kernel's error line and processed counts must agree.
 *
 *	diff_obj [-v] [-f] [-l LEVEL] [-s] FILE.bpf.o|DIR ...
 *
 * Programs whose name starts with "fail_" are expected to be rejected by the kernel, the others
 * accepted (a program the kernel judges otherwise is reported as STALE: the corpus itself is
 * wrong). -f compares complete logs (kernel addresses masked), -l sets the log level (default
 * 1), -s makes processed-count differences failures, -v prints both logs of a disagreement,
 * -x FILE lists known disagreements (reported as KNOWN, not failures).
 * Exit 0 when all agree, 1 otherwise, 77 when bpf() is not available.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <dirent.h>
#include <errno.h>
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

/* 16 MiB, or HIVE_DIFF_LOG_MB MiB (level-2 logs of large programs) */
static uint32_t LOG_SIZE = 16u << 20;
static char *klog;
/* -x FILE: known disagreements, one "object.bpf.o:program reason..." a line */
static char known[64][256];
static int n_known_entries, n_known;

static bool is_known(const char *what)
{
	for (int i = 0; i < n_known_entries; i++) {
		size_t n = strcspn(known[i], " \t");

		if (n == strlen(what) && !strncmp(known[i], what, n))
			return true;
	}
	return false;
}

static void load_known(const char *path)
{
	FILE *f = fopen(path, "r");
	char line[256];

	while (f && fgets(line, sizeof(line), f) && n_known_entries < 64) {
		if (line[0] == '#' || line[0] == '\n')
			continue;
		line[strcspn(line, "\n")] = 0;
		snprintf(known[n_known_entries++], sizeof(known[0]), "%s", line);
	}
	if (f)
		fclose(f);
}
static int opt_verbose, opt_level = 1, opt_full, opt_strict;
static int n_progs, n_verdict, n_rejects, n_msg, n_insn, n_insn_cmp, n_log, n_fail, n_stale, n_skip;

__attribute__((format(printf, 2, 0))) static int quiet_print(enum libbpf_print_level level,
							     const char *fmt, va_list ap)
{
	if (opt_verbose && level == LIBBPF_WARN)
		return vfprintf(stderr, fmt, ap);
	return 0;
}

/* The kernel's verdict on program @name of @path; -ENOTSUP if libbpf cannot load it. */
static int kernel_load_level(const char *path, const char *name, int *err_out, int level);

static int kernel_load(const char *path, const char *name, int *err_out)
{
	int ret = kernel_load_level(path, name, err_out, opt_level);

	/* at level 2 an accepted program's log cannot be told from a rejected one's when libbpf
	 * failed after loading it: ask again at level 1 */
	if (!ret && *err_out && opt_level > 1) {
		char *save = malloc(LOG_SIZE);
		int err1 = 0;

		if (!save)
			return ret;
		memcpy(save, klog, LOG_SIZE);
		if (!kernel_load_level(path, name, &err1, 1) && !err1)
			*err_out = 0;
		memcpy(klog, save, LOG_SIZE);
		free(save);
	}
	return ret;
}

static int kernel_load_level(const char *path, const char *name, int *err_out, int level)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *p, *target = NULL;
	char line[512];
	int err;

	klog[0] = 0;
	if (!obj || libbpf_get_error(obj))
		return -ENOTSUP;
	bpf_object__for_each_program(p, obj)
	{
		bool me = !strcmp(bpf_program__name(p), name);

		bpf_program__set_autoload(p, me);
		if (me)
			target = p;
	}
	if (!target) {
		bpf_object__close(obj);
		return -ENOTSUP;
	}
	bpf_program__set_log_level(target, (uint32_t)level);
	bpf_program__set_log_buf(target, klog, LOG_SIZE);
	err = bpf_object__load(obj);
	/* the program may be loaded while a later step of libbpf failed (prog array slots) */
	if (err && bpf_program__fd(target) >= 0)
		err = 0;
	/* ... or libbpf unloaded it again: the verifier's log then has no error line */
	if (err && level == 1 && strstr(klog, "processed ") &&
	    !oracle_log_error_line(klog, line, sizeof(line)))
		err = 0;
	bpf_object__close(obj);
	*err_out = err;
	/* a failure before the verifier ran (map creation, attach target) leaves no log */
	if (err && !strstr(klog, "processed ") && !klog[0])
		return -ENOTSUP;
	return 0;
}

static void normalize(char *s)
{
	for (char *p = s; (p = strstr(p, "0xffff"));) {
		int n = 0;

		while (n < 12 && ((p[6 + n] >= '0' && p[6 + n] <= '9') ||
				  (p[6 + n] >= 'a' && p[6 + n] <= 'f')))
			n++;
		if (n == 12)
			memset(p + 6, 'X', 12);
		p += 6 + n;
	}
}

static bool same_log(const char *what, char *a, char *b)
{
	const char *pa = a, *pb = b;
	int line = 1;

	normalize(a);
	normalize(b);
	while (*pa || *pb) {
		size_t la = strcspn(pa, "\n"), lb = strcspn(pb, "\n");

		if (la != lb || memcmp(pa, pb, la)) {
			printf("LOG %s: line %d differs\n  kernel: %.*s\n  hive:   %.*s\n", what,
			       line, (int)la, pa, (int)lb, pb);
			return false;
		}
		pa += la + (pa[la] == '\n');
		pb += lb + (pb[lb] == '\n');
		line++;
	}
	return true;
}

static void run_object(const char *path)
{
	struct hive_object *obj = hive_object__open_file(path, NULL);
	struct hive_program *prog;
	const char *base = strrchr(path, '/');

	base = base ? base + 1 : path;
	if (!obj || hive_object__prepare(obj)) {
		printf("SKIP %s: our loader cannot prepare it (%s)\n", base, strerror(errno));
		n_skip++;
		hive_object__close(obj);
		return;
	}
	hive_object__for_each_program(prog, obj) {
		const char *name = hive_program__name(prog);
		HIVE_OPTS(hive_verify_opts, o, .log_level = (uint32_t)opt_level,
			  .log_size = LOG_SIZE);
		struct hive_verify_stats st = { 0 };
		struct oracle_stats ks;
		char kline[512] = "", hline[512] = "", what[256];
		char *hlog = NULL;
		bool expect_reject = !strncmp(name, "fail_", 5), ok = true;
		int kerr = 0, herr;
		long kinsns;

		if (!hive_program__autoload(prog))
			continue;
		snprintf(what, sizeof(what), "%s:%s", base, name);
		if (kernel_load(path, name, &kerr)) {
			printf("SKIP %s: libbpf cannot load it for the kernel\n", what);
			n_skip++;
			continue;
		}
		n_progs++;
		herr = hive_program__verify(prog, &o, &hlog, &st);
		if (!hlog)
			hlog = strdup("");
		if (kerr)
			oracle_log_error_line(klog, kline, sizeof(kline));
		if (herr)
			oracle_log_error_line(hlog, hline, sizeof(hline));
		kinsns = oracle_log_stats(klog, &ks) ? -1 : ks.insns;
		if (!kerr == expect_reject) {
			printf("STALE %s: the kernel %s it\n", what, kerr ? "rejects" : "accepts");
			n_stale++;
		}
		if (!kerr == !herr)
			n_verdict++;
		else
			ok = false;
		if (kerr) {
			n_rejects++;
			if (herr && (!kline[0] || strstr(hlog, kline)))
				n_msg++;
			else
				ok = false;
		}
		if (kinsns >= 0) {
			n_insn_cmp++;
			if (kinsns == (long)st.insn_processed)
				n_insn++;
			else if (opt_strict)
				ok = false;
		}
		if (opt_full) {
			if (same_log(what, klog, hlog))
				n_log++;
			else if (opt_strict)
				ok = false;
		}
		if (!ok && is_known(what)) {
			n_known++;
			printf("KNOWN %s: listed as a known disagreement\n", what);
			ok = true;
		}
		if (!ok) {
			n_fail++;
			printf("FAIL %s: kernel %s (%d) '%s', hive %s (%d) '%s'\n", what,
			       kerr ? "rejects" : "accepts", kerr, kline,
			       herr ? "rejects" : "accepts", herr, hline);
		}
		if (kinsns >= 0 && kinsns != (long)st.insn_processed)
			printf("INSNS %s: processed %u insns, kernel %ld\n", what,
			       st.insn_processed, kinsns);
		if (opt_verbose && (!ok || kinsns != (long)st.insn_processed))
			printf("----- kernel log -----\n%s----- hive log -----\n%s", klog, hlog);
		free(hlog);
		fflush(stdout);
	}
	hive_object__close(obj);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_path(const char *path)
{
	struct stat sb;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	DIR *d;

	if (stat(path, &sb) || !S_ISDIR(sb.st_mode)) {
		run_object(path);
		return;
	}
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char buf[4096];

		if (len < 6 || strcmp(de->d_name + len - 6, ".bpf.o"))
			continue;
		snprintf(buf, sizeof(buf), "%s/%s", path, de->d_name);
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				exit(2);
		}
		names[n++] = strdup(buf);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		run_object(names[i]);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	int opt;

	while ((opt = getopt(argc, argv, "vfl:sx:")) != -1) {
		switch (opt) {
		case 'v':
			opt_verbose = 1;
			break;
		case 'f':
			opt_full = 1;
			break;
		case 'l':
			opt_level = atoi(optarg);
			break;
		case 's':
			opt_strict = 1;
			break;
		case 'x':
			load_known(optarg);
			break;
		default:
			fprintf(stderr, "usage: diff_obj [-v] [-f] [-l LEVEL] [-s] OBJ|DIR ...\n");
			return 2;
		}
	}
	if (!oracle_available()) {
		printf("SKIP: bpf() not available\n");
		return 77;
	}
	if (getenv("HIVE_DIFF_LOG_MB"))
		LOG_SIZE = (uint32_t)atoi(getenv("HIVE_DIFF_LOG_MB")) << 20;
	klog = malloc(LOG_SIZE);
	if (!klog)
		return 2;
	libbpf_set_print(quiet_print);
	for (int i = optind; i < argc; i++)
		run_path(argv[i]);
	printf("%d programs (%d skipped): verdict agrees %d/%d, kernel error line in our log %d/%d, "
	       "processed insns equal %d/%d",
	       n_progs, n_skip, n_verdict, n_progs, n_msg, n_rejects, n_insn, n_insn_cmp);
	if (opt_full)
		printf(", full logs equal %d/%d", n_log, n_progs);
	if (n_stale)
		printf(", %d STALE", n_stale);
	if (n_known)
		printf(", %d KNOWN disagreements", n_known);
	printf("\n");
	return n_fail ? 1 : 0;
}
