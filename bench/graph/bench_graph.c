// SPDX-License-Identifier: BSD-2-Clause
/*
 * bench/graph/bench_graph.c: how fast are the graph collections, bpfhive against the kernel
 * running the very same object (bench_graph.bpf.o) through BPF_PROG_TEST_RUN in the same run?
 *
 *   rbtree: N x add (obj_new + add), N x first, N x (first + remove + obj_drop)
 *   list:   N x push_back (obj_new + push), N x (pop_front + obj_drop)
 *
 * for N = 1e3, 1e5, 1e6 (bpf_loop inside one program run; small N are repeated so that each
 * figure covers about 1e6 operations), printing operations per second for each side and the
 * ratio, and bpfhive's live allocator memory after a fill (kfunc_mem_stats), which must grow
 * linearly with N. Each phase's result is checked (N operations done, keys/sequence in order)
 * so that both sides are known to have done the same work. Wall time around the test-run
 * call is what is measured: at N = 1e3 the syscall overhead is part of the kernel's figure.
 *
 *	bench_graph [-o OBJ] [-N n[,n...]]
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kside.h"

#ifdef GC_HAVE_HIVE_TEST_RUN
#include "hive_vars.h" /* bpfhive's BTF layouts first, then the public API */
#include "kfunc/alloc.h"
#endif

enum { OP_RB_ADD, OP_RB_FIRST, OP_RB_REMOVE, OP_LL_PUSH, OP_LL_POP, NR_OPS };

static const struct {
	const char *prog, *label;
} ops[NR_OPS] = {
	[OP_RB_ADD] = { "rb_fill", "rbtree add" },
	[OP_RB_FIRST] = { "rb_peek", "rbtree first" },
	[OP_RB_REMOVE] = { "rb_drain", "rbtree remove" },
	[OP_LL_PUSH] = { "ll_fill", "list push_back" },
	[OP_LL_POP] = { "ll_drain", "list pop_front" },
};

/* One engine: run a phase of @n operations, read a global. */
struct side {
	const char *name;
	void *h;
	int (*run)(void *h, const char *prog, uint64_t n, uint64_t *ns);
	int (*read)(void *h, const char *var, int64_t *val);
	double ns[NR_OPS]; /* summed over repetitions */
	/* bpfhive after a fill, -1 if none: live objects, their bytes, the blocks they take
	 * (header and size-class rounding included), the allocator's mapped regions */
	int64_t mem_bytes, mem_objs, mem_block_bytes, mem_mapped;
	char why[256]; /* not measured: why */
};

static int k_run(void *h, const char *prog, uint64_t n, uint64_t *ns)
{
	uint32_t retval;
	int err = ks_run_ctx(h, prog, &n, sizeof(n), &retval, 1, ns);

	return err ? err : retval ? -EIO : 0;
}

static int k_read(void *h, const char *var, int64_t *val)
{
	return ks_read_var(h, var, val);
}

#ifdef GC_HAVE_HIVE_TEST_RUN
#include "bench_graph_hive.h"
#else
static int hive_open(struct side *s, const char *path)
{
	(void)path;
	snprintf(s->why, sizeof(s->why),
		 "not measured: the user backend cannot run programs yet (no "
		 "hive_program__test_run in the public API, issue 6)");
	return -EOPNOTSUPP;
}

static void hive_close(struct side *s)
{
	(void)s;
}

static void hive_mem(struct side *s)
{
	s->mem_bytes = s->mem_objs = s->mem_block_bytes = s->mem_mapped = -1;
}
#endif

/* One phase, checked: @n operations done, nothing out of order. */
static int phase(struct side *s, int op, uint64_t n)
{
	int64_t done = 0, disorder = 0;
	uint64_t ns = 0;
	int err;

	err = s->run(s->h, ops[op].prog, n, &ns);
	err = err ?: s->read(s->h, "done", &done);
	err = err ?: s->read(s->h, "disorder", &disorder);
	if (err || done != (int64_t)n || disorder) {
		fprintf(stderr, "%s: %s(%llu): err %d, %lld done, %lld out of order\n", s->name,
			ops[op].prog, (unsigned long long)n, err, (long long)done,
			(long long)disorder);
		return err ? err : -EIO;
	}
	s->ns[op] += (double)ns;
	return 0;
}

static int measure(struct side *s, uint64_t n, uint64_t reps)
{
	uint64_t r;
	int err = 0;

	memset(s->ns, 0, sizeof(s->ns));
	s->mem_bytes = s->mem_objs = s->mem_block_bytes = s->mem_mapped = -1;
	for (r = 0; r < reps && !err; r++) {
		err = phase(s, OP_RB_ADD, n);
		if (!err && r == 0)
			hive_mem(s);
		err = err ?: phase(s, OP_RB_FIRST, n);
		err = err ?: phase(s, OP_RB_REMOVE, n);
		err = err ?: phase(s, OP_LL_PUSH, n);
		err = err ?: phase(s, OP_LL_POP, n);
	}
	return err;
}

static void print_row(uint64_t n, int op, double total, const struct side *k, const struct side *h,
		      bool have_h)
{
	double kops = total / (k->ns[op] / 1e9), hops = have_h ? total / (h->ns[op] / 1e9) : 0;

	printf("%9llu  %-16s %12.2f", (unsigned long long)n, ops[op].label, kops / 1e6);
	if (have_h)
		printf(" %14.2f %10.2f\n", hops / 1e6, hops / kops);
	else
		printf(" %14s %10s\n", "-", "-");
}

int main(int argc, char **argv)
{
	uint64_t sizes[8] = { 1000, 100000, 1000000 }, n, reps;
	static const char *const all[] = { "rb_fill", "rb_peek",  "rb_drain",
					   "ll_fill", "ll_drain", NULL };
	const char *path = BENCH_GRAPH_OBJ;
	struct side k = { .name = "kernel", .run = k_run, .read = k_read };
	struct side h = { .name = "bpfhive" };
	int nsizes = 3, opt, i, op, err;
	bool have_h;
	char why[256];
	static char log[1 << 20];

	while ((opt = getopt(argc, argv, "o:N:")) != -1) {
		if (opt == 'o') {
			path = optarg;
		} else if (opt == 'N') {
			char *p = optarg;

			for (nsizes = 0; *p && nsizes < 8; nsizes++) {
				sizes[nsizes] = strtoull(p, &p, 10);
				p += *p == ',';
			}
		} else {
			fprintf(stderr, "usage: bench_graph [-o OBJ] [-N n[,n...]]\n");
			return 2;
		}
	}
	if (!ks_available(why, sizeof(why))) {
		printf("SKIP: kernel reference unavailable: %s\n", why);
		return 0;
	}
	err = ks_load(path, all, 0, log, sizeof(log), (struct ks_obj **)&k.h);
	if (err) {
		fprintf(stderr, "bench_graph: loading %s into the kernel: %s\n%s", path,
			strerror(-err), log);
		return 1;
	}
	have_h = hive_open(&h, path) == 0;

	printf("graph collections: ops/s in millions; kernel = BPF_PROG_TEST_RUN (JIT), bpfhive = "
	       "user backend; same object\n");
	printf("%9s  %-16s %12s %14s %10s\n", "N", "operation", "kernel", "bpfhive", "ratio");
	for (i = 0; i < nsizes; i++) {
		n = sizes[i];
		reps = n >= 1000000 ? 1 : 1000000 / n;
		err = measure(&k, n, reps);
		if (!err && have_h && measure(&h, n, reps))
			have_h = false;
		if (err)
			break;
		for (op = 0; op < NR_OPS; op++)
			print_row(n, op, (double)n * (double)reps, &k, &h, have_h);
		if (have_h && h.mem_bytes >= 0)
			printf("%9llu  bpfhive live memory after the fill: %lld objects, %lld bytes "
			       "(%.1f per node; %.1f with header and class rounding; regions "
			       "mapped %.1f MiB)\n",
			       (unsigned long long)n, (long long)h.mem_objs, (long long)h.mem_bytes,
			       (double)h.mem_bytes / (double)n,
			       (double)h.mem_block_bytes / (double)n,
			       (double)h.mem_mapped / (1 << 20));
	}
	if (!have_h)
		printf("bpfhive: %s\n", h.why);
	hive_close(&h);
	ks_close(k.h);
	return err ? 1 : 0;
}
