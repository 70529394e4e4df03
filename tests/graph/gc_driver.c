// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/gc_driver.c: the graph-collection corpus driver. For every case of the tables
 * (cases*.c) it runs the kernel side (always; SKIP when bpf() is not permitted) and the
 * bpfhive side, and prints one line per case:
 *
 *   D.1   d1.nolock_add                    KERNEL ok    BPFHIVE UNSUPPORTED  <reason>
 *
 * What is asserted: every kernel case passes, every kernel answer equals the recorded one
 * (-k kernel_answers.txt: the kernel's actual error lines, errnos and results, written by
 * -r), and every case listed in the expectations file (-e bpfhive_expect.txt) passes in
 * bpfhive. The last line is "N passed, N failed"; the exit status is 1 on any failure, 77
 * when the kernel could not be used and nothing failed, else 0.
 *
 *	gc_driver [-d PROGS_DIR] [-e EXPECT] [-k RECORDED] [-r RECORD_OUT] [-f SUBSTRING]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "bpfhive/common.h"
#include "corpus.h"
#include "kside.h"

#define MAX_NAMES 1024

struct names {
	char *name[MAX_NAMES];
	char *value[MAX_NAMES];
	bool used[MAX_NAMES];
	int cnt;
};

struct tally {
	int k_ok, k_fail, k_skip;
	int h_ok, h_fail, h_unsup;
	int want, want_ok;
};

static const struct gc_case *const tables[] = {
	gc_fail_cases, gc_ll_lock_cases, gc_btf_cases, gc_ok_cases, gc_real_cases,
};

static const char *vname[] = { "ok", "FAIL", "SKIP", "UNSUPPORTED" };

/* Lines "name" or "name<TAB>value"; '#' starts a comment line. */
static int read_names(const char *path, struct names *n)
{
	char line[4096], *tab, *end;
	FILE *f = fopen(path, "r");

	if (!f)
		return -errno;
	while (fgets(line, sizeof(line), f) && n->cnt < MAX_NAMES) {
		end = line + strcspn(line, "\r\n");
		*end = 0;
		if (!line[0] || line[0] == '#')
			continue;
		tab = strchr(line, '\t');
		if (tab)
			*tab++ = 0;
		n->name[n->cnt] = strdup(line);
		n->value[n->cnt] = tab ? strdup(tab) : NULL;
		n->cnt++;
	}
	fclose(f);
	return 0;
}

static int find_name(struct names *n, const char *name)
{
	int i;

	for (i = 0; i < n->cnt; i++)
		if (!strcmp(n->name[i], name))
			return i;
	return -1;
}

static void free_names(struct names *n)
{
	int i;

	for (i = 0; i < n->cnt; i++) {
		free(n->name[i]);
		free(n->value[i]);
	}
}

struct section {
	const char *name;
	int n, k[4], h[4];
};

struct run {
	struct section sec[64];
	int nsec;
	const char *dir;
	const char *filter;
	bool kernel;
	char why[256];
	struct names expect, recorded;
	bool have_recorded;
	FILE *record;
	struct tally all;
	int failed; /* asserted checks that failed */
	int passed;
};

/* The kernel side, checked against the recorded answer. */
static void kernel_side(struct run *st, const struct gc_case *c, struct gc_result *k)
{
	int i;

	if (!st->kernel) {
		memset(k, 0, sizeof(*k));
		k->v = GC_V_SKIP;
		snprintf(k->reason, sizeof(k->reason), "%s", st->why);
		return;
	}
	gc_kernel_case(c, st->dir, k);
	if (k->v != GC_V_OK || !st->have_recorded)
		return;
	i = find_name(&st->recorded, c->name);
	if (i < 0) {
		k->v = GC_V_FAIL;
		snprintf(k->reason, sizeof(k->reason), "no recorded answer (re-record with -r)");
		return;
	}
	st->recorded.used[i] = true;
	if (strcmp(st->recorded.value[i] ? st->recorded.value[i] : "", k->answer)) {
		k->v = GC_V_FAIL;
		snprintf(k->reason, sizeof(k->reason),
			 "answer \"%.450s\" differs from the recorded \"%.450s\"", k->answer,
			 st->recorded.value[i] ? st->recorded.value[i] : "");
	}
}

static void tally_section(struct run *st, const char *name, enum gc_verdict k, enum gc_verdict h)
{
	int i;

	for (i = 0; i < st->nsec && strcmp(st->sec[i].name, name); i++)
		;
	if (i == st->nsec) {
		if (st->nsec == 64)
			return;
		st->sec[st->nsec++].name = name;
	}
	st->sec[i].n++;
	st->sec[i].k[k]++;
	st->sec[i].h[h]++;
}

static void one_case(struct run *st, const struct gc_case *c)
{
	struct gc_result k, h;
	const char *recorded = NULL;
	int want, i;

	kernel_side(st, c, &k);
	i = st->have_recorded ? find_name(&st->recorded, c->name) : -1;
	if (i >= 0)
		recorded = st->recorded.value[i];
	gc_hive_case(c, st->dir, k.v == GC_V_OK ? k.answer : recorded, &h);
	want = find_name(&st->expect, c->name);
	if (want >= 0)
		st->expect.used[want] = true;

	printf("%-6s %-46s KERNEL %-4s BPFHIVE %-11s", c->section, c->name, vname[k.v], vname[h.v]);
	if (k.v == GC_V_FAIL || k.v == GC_V_SKIP)
		printf("  kernel: %s", k.reason);
	if (h.v != GC_V_OK)
		printf("  bpfhive: %s", h.reason);
	else if (want < 0)
		printf("  (passes in bpfhive: add it to the expectations)");
	if (c->note && k.v == GC_V_OK)
		printf("  [note: %s]", c->note);
	printf("\n");

	tally_section(st, c->section, k.v, h.v);
	st->all.k_ok += k.v == GC_V_OK;
	st->all.k_fail += k.v == GC_V_FAIL;
	st->all.k_skip += k.v == GC_V_SKIP;
	st->all.h_ok += h.v == GC_V_OK;
	st->all.h_fail += h.v == GC_V_FAIL;
	st->all.h_unsup += h.v == GC_V_UNSUPPORTED;
	st->passed += k.v == GC_V_OK;
	st->failed += k.v == GC_V_FAIL;
	if (want >= 0) {
		st->all.want++;
		st->all.want_ok += h.v == GC_V_OK;
		st->passed += h.v == GC_V_OK;
		st->failed += h.v != GC_V_OK;
		if (h.v != GC_V_OK)
			printf("  ^ listed in the expectations but does not pass in bpfhive\n");
	}
	if (st->record && k.v == GC_V_OK)
		fprintf(st->record, "%s\t%s\n", c->name, k.answer);
}

/* Per spec section: how many cases and how each side did. */
static void section_summary(const struct run *st)
{
	const struct section *x;
	int i;

	printf("\n%-6s %5s   %-22s %s\n", "spec", "cases", "kernel ok/FAIL/SKIP",
	       "bpfhive ok/FAIL/UNSUPPORTED");
	for (i = 0; i < st->nsec; i++) {
		x = &st->sec[i];
		printf("%-6s %5d   %4d/%d/%-14d %4d/%d/%d\n", x->name, x->n, x->k[GC_V_OK],
		       x->k[GC_V_FAIL], x->k[GC_V_SKIP], x->h[GC_V_OK], x->h[GC_V_FAIL],
		       x->h[GC_V_UNSUPPORTED]);
	}
}

static int usage(void)
{
	fprintf(stderr, "usage: gc_driver [-d PROGS_DIR] [-e EXPECT] [-k RECORDED] "
			"[-r RECORD_OUT] [-f SUBSTRING]\n");
	return 2;
}

int main(int argc, char **argv)
{
	static struct run st = { .dir = GC_PROGS_DIR };
	const char *expect = NULL, *recorded = NULL, *record = NULL;
	int opt, t, i, err;

	while ((opt = getopt(argc, argv, "d:e:k:r:f:")) != -1) {
		switch (opt) {
		case 'd':
			st.dir = optarg;
			break;
		case 'e':
			expect = optarg;
			break;
		case 'k':
			recorded = optarg;
			break;
		case 'r':
			record = optarg;
			break;
		case 'f':
			st.filter = optarg;
			break;
		default:
			return usage();
		}
	}
	if ((expect && (err = read_names(expect, &st.expect))) ||
	    (recorded && (err = read_names(recorded, &st.recorded)))) {
		fprintf(stderr, "gc_driver: %s: %s\n", expect && !st.expect.cnt ? expect : recorded,
			strerror(-err));
		return 2;
	}
	/* bpfhive's warnings would interleave with the report; its errors reach the report
	 * through the object's last-error text */
	hive_set_print(NULL);
	st.have_recorded = recorded && !record;
	st.kernel = ks_available(st.why, sizeof(st.why));
	if (!st.kernel)
		printf("SKIP kernel side: %s\n", st.why);
	if (record && !(st.record = fopen(record, "w"))) {
		fprintf(stderr, "gc_driver: %s: %s\n", record, strerror(errno));
		return 2;
	}
	if (st.record)
		fprintf(st.record, "# The running kernel's answers for tests/graph, written by "
				   "gc_driver -r: case<TAB>answer\n");
	for (t = 0; t < (int)(sizeof(tables) / sizeof(tables[0])); t++)
		for (i = 0; tables[t][i].name; i++)
			if (!st.filter || strstr(tables[t][i].name, st.filter))
				one_case(&st, &tables[t][i]);
	for (i = 0; i < st.expect.cnt; i++) {
		if (!st.expect.used[i] && !st.filter) {
			printf("expectations: unknown case %s\n", st.expect.name[i]);
			st.failed++;
		}
	}
	section_summary(&st);
	printf("\nkernel:  %d ok, %d failed, %d skipped\n", st.all.k_ok, st.all.k_fail,
	       st.all.k_skip);
	printf("bpfhive: %d ok, %d failed, %d unsupported; %d of the %d listed in the "
	       "expectations pass\n",
	       st.all.h_ok, st.all.h_fail, st.all.h_unsup, st.all.want_ok, st.all.want);
	printf("%d passed, %d failed\n", st.passed, st.failed);
	if (st.record)
		fclose(st.record);
	free_names(&st.expect);
	free_names(&st.recorded);
	if (st.failed)
		return 1;
	return st.kernel ? 0 : 77;
}
