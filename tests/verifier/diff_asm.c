// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/verifier/diff_asm.c: the verifier corpus in assembler syntax, differential against the
 * running kernel.
 *
 *	diff_asm [-v] [-f] [-l LEVEL] [-s] [-k] FILE.s|DIR ...
 *
 * Every case (asmcase.h format) is loaded into the kernel (BPF_PROG_LOAD, maps through fd_array)
 * and given to hive_verify() with the same maps. A case agrees when
 *   - both accept or both reject;
 *   - for a reject, the kernel's error line (the last line of its log that is not statistics)
 *     appears in our log;
 * and, reported separately, when both print the same "processed N insns" count.
 * Without a usable bpf() (not root, seccomp) the `# expect:` header of each case stands in for
 * the kernel, and processed counts are not compared.
 *
 * -b writes the kernel's verdict into each case's `# expect:` header (for new cases),
 * -f compares the whole logs (kernel addresses masked) and reports the first differing line,
 * -v prints both logs of each disagreeing case, -l sets the log level given to both (default 1;
 * 2 compares per-instruction states), -s makes a processed-count difference a failure, -k
 * checks the `# expect:` headers against the kernel (a stale header is a failure).
 * Exit status: 0 when every case agrees, 1 otherwise.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "asmcase.h"
#include "btf/btf.h"
#include "common/err.h"
#include "oracle.h"
#include "verifier/verifier.h"

#define LOG_SIZE (16u << 20)

static char klog[LOG_SIZE], hlog[LOG_SIZE];
static int opt_verbose, opt_level = 1, opt_strict, opt_check_expect, opt_full, opt_bless;
static int n_log_ok, n_log_cmp;
static const struct hive_btf *vmlinux;
static int n_cases, n_verdict_ok, n_msg_ok, n_rejects, n_insn_ok, n_insn_cmp, n_fail, n_stale;

struct verdict {
	bool accept;
	int err;
	char line[512]; /* error line */
	long insns; /* processed, -1 unknown */
};

static int kernel_verdict(const struct asmcase *c, struct verdict *v)
{
	struct oracle_prog p = { 0 };
	struct oracle_stats st;
	int fds[ASMCASE_MAX_MAPS];
	int i, ret;

	for (i = 0; i < c->nr_maps; i++) {
		struct oracle_map_spec s = { .type = c->maps[i].type,
					     .key_size = c->maps[i].key_size,
					     .value_size = c->maps[i].value_size,
					     .max_entries = c->maps[i].max_entries,
					     .flags = c->maps[i].flags,
					     .name = c->maps[i].name };

		fds[i] = oracle_map_create(&s);
		if (fds[i] < 0) {
			fprintf(stderr, "%s: map %s: %s\n", c->name, c->maps[i].name,
				strerror(-fds[i]));
			int err = fds[i];

			while (i-- > 0)
				oracle_close(fds[i]);
			return err;
		}
	}
	p.prog_type = (uint32_t)c->prog_type;
	p.expected_attach_type = c->expected_attach_type;
	p.prog_flags = c->prog_flags;
	p.insns = c->insns;
	p.insn_cnt = (uint32_t)c->insn_cnt;
	p.fd_array = fds;
	p.fd_array_cnt = (uint32_t)c->nr_maps;
	p.attach_btf_id = c->attach_btf_id;
	p.log_level = (uint32_t)opt_level;
	p.log = klog;
	p.log_size = LOG_SIZE;
	ret = oracle_prog_load(&p);
	v->accept = ret >= 0;
	v->err = ret >= 0 ? 0 : ret;
	if (ret >= 0)
		oracle_close(ret);
	for (i = 0; i < c->nr_maps; i++)
		oracle_close(fds[i]);
	v->line[0] = 0;
	if (!v->accept)
		oracle_log_error_line(klog, v->line, sizeof(v->line));
	v->insns = oracle_log_stats(klog, &st) ? -1 : st.insns;
	return 0;
}

static void hive_verdict(const struct asmcase *c, struct verdict *v)
{
	struct hive_verifier_map maps[ASMCASE_MAX_MAPS];
	struct hive_verifier_input in = { 0 };
	struct hive_verifier_output out;
	int i;

	memset(maps, 0, sizeof(maps));
	for (i = 0; i < c->nr_maps; i++) {
		maps[i].name = c->maps[i].name;
		maps[i].type = c->maps[i].type;
		maps[i].key_size = c->maps[i].key_size;
		maps[i].value_size = c->maps[i].value_size;
		maps[i].max_entries = c->maps[i].max_entries;
		maps[i].flags = c->maps[i].flags;
	}
	in.insns = c->insns;
	in.insn_cnt = (uint32_t)c->insn_cnt;
	in.prog_type = (uint32_t)c->prog_type;
	in.expected_attach_type = c->expected_attach_type;
	in.prog_flags = c->prog_flags;
	in.gpl_compatible = true;
	in.maps = maps;
	in.nr_maps = (uint32_t)c->nr_maps;
	in.vmlinux_btf = vmlinux;
	in.attach_btf_id = c->attach_btf_id;
	in.log_level = (uint32_t)opt_level;
	in.log_buf = hlog;
	in.log_size = LOG_SIZE;
	hlog[0] = 0;
	hive_verify(&in, &out);
	v->accept = out.err == 0;
	v->err = out.err;
	v->line[0] = 0;
	if (!v->accept)
		oracle_log_error_line(hlog, v->line, sizeof(v->line));
	v->insns = out.stats.insn_processed;
	hive_verifier_output_free(&out);
}

/* Kernel addresses (map pointers of ld_imm64) differ between runs: 0xffff + 12 hex digits. */
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

/* Compare two logs line by line; print the first difference. Returns true when equal. */
static bool same_log(const char *name, char *a, char *b)
{
	const char *pa = a, *pb = b;
	int line = 1;

	normalize(a);
	normalize(b);
	while (*pa || *pb) {
		size_t la = strcspn(pa, "\n"), lb = strcspn(pb, "\n");

		if (la != lb || memcmp(pa, pb, la)) {
			printf("LOG %s: line %d differs\n  kernel: %.*s\n  hive:   %.*s\n", name,
			       line, (int)la, pa, (int)lb, pb);
			return false;
		}
		pa += la + (pa[la] == '\n');
		pb += lb + (pb[lb] == '\n');
		line++;
	}
	return true;
}

static void dump(const char *what, const char *log)
{
	printf("----- %s log -----\n%s", what, log);
	if (log[0] && log[strlen(log) - 1] != '\n')
		putchar('\n');
}

/* -b: write the kernel's verdict into the case's `# expect:` header. */
static void bless(const struct asmcase *c, const struct verdict *k)
{
	char line[700], *src = NULL, *p;
	size_t len = 0;
	FILE *f = fopen(c->path, "r");
	FILE *o;

	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		size_t n = strlen(line);

		if (!strncmp(line, "# expect:", 9))
			continue;
		p = realloc(src, len + n + 1);
		if (!p)
			break;
		src = p;
		memcpy(src + len, line, n + 1);
		len += n;
	}
	fclose(f);
	o = fopen(c->path, "w");
	if (!o) {
		free(src);
		return;
	}
	/* the header goes after the leading comment block */
	p = src;
	while (p && *p == '#') {
		char *nl = strchr(p, '\n');

		if (!nl)
			break;
		fwrite(p, 1, (size_t)(nl - p) + 1, o);
		p = nl + 1;
	}
	if (k->accept)
		fprintf(o, "# expect: accept\n");
	else
		fprintf(o, "# expect: reject %s\n", k->line);
	if (p)
		fputs(p, o);
	fclose(o);
	free(src);
}

static void run_case(const char *path)
{
	struct verdict k, h;
	struct asmcase c;
	char err[512];
	bool have_kernel = oracle_available(), ok = true, msg_ok = true;

	if (asmcase_load(path, &c, err, sizeof(err))) {
		printf("FAIL %s: %s\n", path, err);
		n_fail++;
		return;
	}
	n_cases++;
	memset(&k, 0, sizeof(k));
	klog[0] = 0;
	if (have_kernel) {
		if (kernel_verdict(&c, &k)) {
			printf("FAIL %s: kernel setup failed\n", c.name);
			n_fail++;
			asmcase_free(&c);
			return;
		}
		if (opt_bless)
			bless(&c, &k);
		if (opt_check_expect && c.has_expect &&
		    (k.accept != c.expect_accept ||
		     (!k.accept && c.expect_msg[0] && !strstr(k.line, c.expect_msg)))) {
			printf("STALE %s: header says %s '%s', kernel %s '%s'\n", c.name,
			       c.expect_accept ? "accept" : "reject", c.expect_msg,
			       k.accept ? "accepts" : "rejects", k.line);
			n_stale++;
		}
	} else {
		if (!c.has_expect) {
			printf("SKIP %s: no kernel and no # expect: header\n", c.name);
			n_cases--;
			asmcase_free(&c);
			return;
		}
		k.accept = c.expect_accept;
		snprintf(k.line, sizeof(k.line), "%s", c.expect_msg);
		k.insns = -1;
	}
	hive_verdict(&c, &h);
	if (k.accept == h.accept)
		n_verdict_ok++;
	else
		ok = false;
	if (!k.accept) {
		n_rejects++;
		msg_ok = !h.accept && (!k.line[0] || strstr(hlog, k.line));
		if (msg_ok)
			n_msg_ok++;
		else
			ok = false;
	}
	if (k.insns >= 0) {
		n_insn_cmp++;
		if (k.insns == h.insns)
			n_insn_ok++;
		else if (opt_strict)
			ok = false;
	}
	if (!ok) {
		n_fail++;
		printf("FAIL %s: kernel %s%s%s, hive %s%s%s\n", c.name,
		       k.accept ? "accepts" : "rejects '", k.accept ? "" : k.line,
		       k.accept ? "" : "'", h.accept ? "accepts" : "rejects '",
		       h.accept ? "" : h.line, h.accept ? "" : "'");
	}
	if (opt_full && have_kernel) {
		n_log_cmp++;
		if (same_log(c.name, klog, hlog))
			n_log_ok++;
		else if (opt_strict)
			ok = false;
	}
	if (k.insns >= 0 && k.insns != h.insns)
		printf("%s %s: processed %ld insns, kernel %ld\n", opt_strict ? "FAIL" : "INSNS",
		       c.name, h.insns, k.insns);
	if (opt_verbose && (!ok || (k.insns >= 0 && k.insns != h.insns))) {
		if (have_kernel)
			dump("kernel", klog);
		dump("hive", hlog);
	}
	asmcase_free(&c);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void run_path(const char *path)
{
	struct stat st;
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0;
	DIR *d;

	if (stat(path, &st) || !S_ISDIR(st.st_mode)) {
		run_case(path);
		return;
	}
	d = opendir(path);
	if (!d)
		return;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);
		char buf[4096];

		if (de->d_name[0] == '.')
			continue;
		snprintf(buf, sizeof(buf), "%s/%s", path, de->d_name);
		if (!(len > 2 && !strcmp(de->d_name + len - 2, ".s")) &&
		    !(stat(buf, &st) == 0 && S_ISDIR(st.st_mode)))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = realloc(names, cap * sizeof(*names));
			if (!names)
				exit(2);
		}
		names[n++] = strdup(buf);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmp_str);
	for (size_t i = 0; i < n; i++) {
		run_path(names[i]);
		free(names[i]);
	}
	free(names);
}

int main(int argc, char **argv)
{
	struct hive_btf *btf;
	int opt;

	while ((opt = getopt(argc, argv, "vl:skfb")) != -1) {
		switch (opt) {
		case 'v':
			opt_verbose = 1;
			break;
		case 'l':
			opt_level = atoi(optarg);
			break;
		case 's':
			opt_strict = 1;
			break;
		case 'k':
			opt_check_expect = 1;
			break;
		case 'f':
			opt_full = 1;
			break;
		case 'b':
			opt_bless = 1;
			break;
		default:
			fprintf(stderr,
				"usage: diff_asm [-v] [-f] [-l LEVEL] [-s] [-k] FILE.s|DIR ...\n");
			return 2;
		}
	}
	btf = btf_parse_file("/sys/kernel/btf/vmlinux", NULL);
	if (btf && !IS_ERR(btf)) {
		vmlinux = btf;
		asmcase_set_vmlinux(btf);
	}
	for (int i = optind; i < argc; i++)
		run_path(argv[i]);
	printf("%d cases%s: verdict agrees %d/%d, kernel error line in our log %d/%d, "
	       "processed insns equal %d/%d%s\n",
	       n_cases, oracle_available() ? "" : " (no kernel: against # expect: headers)",
	       n_verdict_ok, n_cases, n_msg_ok, n_rejects, n_insn_ok, n_insn_cmp,
	       n_stale ? ", STALE HEADERS" : "");
	if (opt_full)
		printf("full logs equal %d/%d\n", n_log_ok, n_log_cmp);
	if (vmlinux)
		btf_free((struct hive_btf *)vmlinux);
	return n_fail || (opt_check_expect && n_stale) ? 1 : 0;
}
