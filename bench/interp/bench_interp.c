// SPDX-License-Identifier: BSD-2-Clause
/*
 * bench/interp/bench_interp.c: how fast is the interpreter? Each program of bench/interp (*.s)
 * (loops, bpf-to-bpf calls, stack traffic, branches, alu32) runs, in the same process:
 *
 *   - in the interpreter's fast mode (verified programs) and checked mode (raw bytecode),
 *     and in fast mode decoded without the register caching of the handler variants
 *     ("no-cache", to show what that optimisation buys),
 *   - as bpfhive's JIT machine code (src/jit; x86-64),
 *   - in the kernel, JIT-compiled, through BPF_PROG_TEST_RUN with `repeat` (a socket filter
 *     run on a 64-byte packet; the kernel reports its average time per run),
 *   - as the same logic in C (native.c, -O2).
 *
 * Each figure is the median of TRIALS measurements of ns per run, the trials of all
 * implementations interleaved; the summary is the median of the interpreter/JIT ratios and
 * of our JIT's against the kernel's. The programs read their seed from the first u32 of the
 * context (skb->len in the kernel; the interpreter gets a context holding the same value) and
 * every implementation's result must agree, or the benchmark fails. Build with the `release`
 * preset; without bpf() the kernel column says SKIP.
 *
 *   bench_interp [--check] [PROGRAM...]
 *
 * --check runs each implementation once and only compares results (no timing): that is what
 * ctest runs, so the benchmark programs stay correct in every build.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "common/err.h"
#include "native.h"
#include "oracle.h"
#include "vm/vm.h"
#include "vm/vm_internal.h"

#define TRIALS 11
#define TRIAL_NS 30e6 /* grow the repeat count until one trial takes this long */

static bool check_only;

struct bench {
	const char *name;
	uint64_t (*native)(uint64_t seed);
};

static const struct bench benches[] = {
	{ "loop", native_loop },       { "calls", native_calls }, { "memory", native_memory },
	{ "branchy", native_branchy }, { "alu32", native_alu32 },
};

static const uint8_t packet[64] = { [12] = 0x08, [13] = 0x00 }; /* an IPv4 ethertype */

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

/* One way of running a program: returns ns per run for @reps runs, or < 0 on error. */
typedef double (*measure_fn)(void *ctx, uint64_t reps, uint64_t *result);

/* A contestant: an implementation of the program, measured in turn with the others. */
struct contestant {
	measure_fn fn;
	void *ctx;
	uint64_t reps, result;
	double t[TRIALS];
	bool failed;
};

/* Find a repeat count worth measuring (one trial of at least TRIAL_NS). */
static void calibrate(struct contestant *c)
{
	c->reps = 1;
	for (;;) {
		double ns = c->fn(c->ctx, c->reps, &c->result);

		if (ns < 0) {
			c->failed = true;
			return;
		}
		if (check_only || ns * c->reps >= TRIAL_NS || c->reps >= (1u << 30))
			return;
		c->reps *= ns * c->reps < TRIAL_NS / 16 ? 16 : 2;
	}
}

/*
 * Median ns per run of each contestant. The trials are interleaved (a round measures every
 * contestant once) so that a burst of load on the machine hits them all alike.
 */
static void measure_all(struct contestant *c, int n, double *out)
{
	for (int i = 0; i < n; i++)
		calibrate(&c[i]);
	for (int t = 0; t < (check_only ? 1 : TRIALS); t++)
		for (int i = 0; i < n; i++)
			if (!c[i].failed &&
			    (c[i].t[t] = c[i].fn(c[i].ctx, c[i].reps, &c[i].result)) < 0)
				c[i].failed = true;
	for (int i = 0; i < n; i++)
		out[i] = c[i].failed ? -1 : median(c[i].t, check_only ? 1 : TRIALS);
}

struct interp_ctx {
	struct hive_vm_run run;
	uint64_t arg;
};

static double measure_interp(void *p, uint64_t reps, uint64_t *result)
{
	struct interp_ctx *ic = p;
	double start = now_ns();

	for (uint64_t i = 0; i < reps; i++)
		if (hive_vm_run_exec(&ic->run, &ic->arg, 1, result))
			return -1;
	return (now_ns() - start) / reps;
}

static double measure_kernel(void *p, uint64_t reps, uint64_t *result)
{
	struct oracle_run r = { .data_in = packet, .data_size_in = sizeof(packet), .repeat = reps };

	if (oracle_test_run(*(int *)p, &r))
		return -1;
	*result = r.retval;
	return r.duration_ns;
}

struct native_ctx {
	uint64_t (*fn)(uint64_t seed);
	volatile uint64_t seed;
};

static double measure_native(void *p, uint64_t reps, uint64_t *result)
{
	struct native_ctx *nc = p;
	double start = now_ns();
	volatile uint64_t sink = 0;

	for (uint64_t i = 0; i < reps; i++)
		sink = nc->fn(nc->seed);
	*result = sink;
	return (now_ns() - start) / reps;
}

static struct hive_insn *load_program(const char *name, size_t *cnt)
{
	char path[4096];
	struct isa_error err;
	struct hive_insn *insns;
	char *src;
	size_t len = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/bench/interp/%s.s", HIVE_SOURCE_DIR, name);
	f = fopen(path, "rb");
	src = malloc(1 << 20);
	if (!f || !src) {
		fprintf(stderr, "%s: %s\n", path, strerror(errno));
		goto fail;
	}
	len = fread(src, 1, (1 << 20) - 1, f);
	if (isa_assemble(src, len, &insns, cnt, &err)) {
		fprintf(stderr, "%s:%d: %s\n", path, err.idx, err.msg);
		goto fail;
	}
	fclose(f);
	free(src);
	return insns;
fail:
	if (f)
		fclose(f);
	free(src);
	return NULL;
}

/* The kernel's skb->len for our packet: what the programs read as their seed. */
static uint32_t kernel_seed(void)
{
	const struct hive_insn prog[] = {
		{ .code = BPF_LDX | BPF_MEM | BPF_W, .dst_reg = 0, .src_reg = 1 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	struct oracle_load_opts o = { .prog_type = ORACLE_PROG_SOCKET_FILTER };
	struct oracle_run r = { .data_in = packet, .data_size_in = sizeof(packet) };
	int fd = oracle_prog_load(prog, 2, &o);

	if (fd < 0 || oracle_test_run(fd, &r))
		r.retval = sizeof(packet);
	oracle_prog_close(fd);
	return r.retval;
}

struct row {
	double interp, plain, checked, jit, kernel, native;
	bool agree;
};

static int kernel_load(const struct hive_insn *insns, size_t cnt, const char *name)
{
	static char log[1 << 16];
	struct oracle_load_opts o = { .prog_type = ORACLE_PROG_SOCKET_FILTER,
				      .name = name,
				      .log_buf = log,
				      .log_size = sizeof(log) };
	int fd = oracle_prog_load(insns, cnt, &o);

	if (fd < 0)
		fprintf(stderr, "%s: the kernel rejects it: %s\n%s", name, strerror(-fd), log);
	return fd;
}

static int run_bench(struct hive_vm *vm, const struct bench *b, uint32_t seed, bool kernel,
		     struct row *row)
{
	enum { FAST, PLAIN, CHECKED, JIT, NATIVE, KERNEL, NR };
	struct hive_vm_prog_opts jit_opts = { .sz = sizeof(jit_opts),
					      .name = b->name,
					      .verified = true };
	static uint32_t ctx[64];
	struct hive_vm_run_opts fast = { .sz = sizeof(fast) }, checked = fast;
	struct interp_ctx *ic = calloc(4, sizeof(*ic));
	struct native_ctx nc = { .fn = b->native, .seed = seed };
	struct contestant c[NR] = { 0 };
	struct hive_vm_prog *prog, *plain, *jit;
	struct hive_insn *insns;
	double ns[NR];
	size_t cnt;
	int fd = -1;

	insns = load_program(b->name, &cnt);
	if (!insns || !ic)
		return -1;
	prog = hive_vm_prog_new(vm, insns, cnt, b->name, NULL);
	/* the same program without the decoder's register caching (vm_internal.h) */
	plain = vm_prog_new(vm, insns, cnt, b->name, NULL, false);
	/* our benchmark programs are safe: the JIT takes them as verified */
	jit = hive_vm_prog_new_opts(vm, insns, cnt, &jit_opts, NULL);
	if (IS_ERR(prog) || IS_ERR(plain) || IS_ERR(jit))
		return -1;
	ctx[0] = seed;
	checked.checked = true;
	hive_vm_run_init(&ic[0].run, prog, &fast);
	hive_vm_run_init(&ic[1].run, plain, &fast);
	hive_vm_run_init(&ic[2].run, prog, &checked);
	hive_vm_run_add_region(&ic[2].run, ctx, sizeof(ctx), false);
	hive_vm_run_init(&ic[3].run, jit, &fast);
	for (int i = 0; i < 4; i++) {
		ic[i].arg = (uintptr_t)ctx;
		c[i] = (struct contestant){ .fn = measure_interp, .ctx = &ic[i] };
	}
	c[NATIVE] = (struct contestant){ .fn = measure_native, .ctx = &nc };
	c[KERNEL] = (struct contestant){ .fn = measure_kernel, .ctx = &fd, .failed = true };
	if (kernel && (fd = kernel_load(insns, cnt, b->name)) >= 0)
		c[KERNEL].failed = false;
	measure_all(c, NR, ns);
	oracle_prog_close(fd);
	hive_vm_run_fini(&ic[2].run);
	*row = (struct row){ .interp = ns[FAST],
			     .plain = ns[PLAIN],
			     .checked = ns[CHECKED],
			     .jit = hive_vm_prog_jitted(jit) ? ns[JIT] : -1,
			     .native = ns[NATIVE],
			     .kernel = ns[KERNEL] };
	row->agree = !c[FAST].failed && !c[PLAIN].failed && !c[CHECKED].failed && !c[JIT].failed &&
		     c[FAST].result == c[JIT].result && c[FAST].result == c[PLAIN].result &&
		     c[FAST].result == c[CHECKED].result && c[FAST].result == c[NATIVE].result &&
		     (c[KERNEL].failed || (uint32_t)c[FAST].result == (uint32_t)c[KERNEL].result);
	if (!row->agree)
		fprintf(stderr,
			"%s: results differ: interp 0x%llx no-cache 0x%llx checked 0x%llx "
			"jit 0x%llx native 0x%llx kernel 0x%llx\n",
			b->name, (unsigned long long)c[FAST].result,
			(unsigned long long)c[PLAIN].result, (unsigned long long)c[CHECKED].result,
			(unsigned long long)c[JIT].result, (unsigned long long)c[NATIVE].result,
			(unsigned long long)c[KERNEL].result);
	hive_vm_prog_free(prog);
	hive_vm_prog_free(plain);
	hive_vm_prog_free(jit);
	free(insns);
	free(ic);
	return 0;
}

static void jit_status(void)
{
	FILE *f = fopen("/proc/sys/net/core/bpf_jit_enable", "r");
	int v = -1;

	if (f && fscanf(f, "%d", &v) != 1)
		v = -1;
	if (f)
		fclose(f);
	printf("kernel: bpf_jit_enable = %d%s\n", v,
	       v == 1 ? "" : " (the kernel column may not be JIT code)");
}

int main(int argc, char **argv)
{
	struct hive_vm *vm = hive_vm_new();
	bool kernel = oracle_available(), failed = false;
	double ratios[sizeof(benches) / sizeof(benches[0])];
	double jit_ratios[sizeof(benches) / sizeof(benches[0])];
	int nr_ratios = 0, nr_jit = 0, passed = 0, nr_failed = 0;
	uint32_t seed;

	if (argc > 1 && !strcmp(argv[1], "--check")) {
		check_only = true;
		argc--;
		argv++;
	}
	if (!vm)
		return 1;
	if (kernel)
		jit_status();
	else
		printf("kernel JIT: SKIP (%s)\n", oracle_unavailable_reason());
	seed = kernel ? kernel_seed() : 50;
	printf("%-8s %9s %9s %9s %9s %10s %9s %8s %8s %8s %8s\n", "program", "interp", "no-cache",
	       "checked", "our-jit", "kernel-jit", "native", "interp/", "checked/", "our-jit/",
	       "our-jit/");
	printf("%-8s %9s %9s %9s %9s %10s %9s %8s %8s %8s %8s\n", "", "ns/run", "ns/run", "ns/run",
	       "ns/run", "ns/run", "ns/run", "k-jit", "k-jit", "k-jit", "native");
	for (size_t i = 0; i < sizeof(benches) / sizeof(benches[0]); i++) {
		const struct bench *b = &benches[i];
		bool selected = argc < 2;
		struct row row;

		for (int a = 1; a < argc; a++)
			selected |= !strcmp(argv[a], b->name);
		if (!selected)
			continue;
		if (run_bench(vm, b, seed, kernel, &row)) {
			printf("%-8s failed to load\n", b->name);
			failed = true;
			nr_failed++;
			continue;
		}
		failed |= !row.agree;
		row.agree ? passed++ : nr_failed++;
		if (row.kernel > 0)
			ratios[nr_ratios++] = row.interp / row.kernel;
		if (row.kernel > 0 && row.jit > 0)
			jit_ratios[nr_jit++] = row.jit / row.kernel;
		printf("%-8s %9.0f %9.0f %9.0f %9.0f %10.0f %9.0f %8.2f %8.2f %8.2f %8.2f%s\n",
		       b->name, row.interp, row.plain, row.checked, row.jit, row.kernel, row.native,
		       row.kernel > 0 ? row.interp / row.kernel : 0,
		       row.kernel > 0 ? row.checked / row.kernel : 0,
		       row.kernel > 0 && row.jit > 0 ? row.jit / row.kernel : 0,
		       row.jit > 0 ? row.jit / row.native : 0, row.agree ? "" : "  RESULTS DIFFER");
	}
	if (check_only)
		printf("%d passed, %d failed (results only, timings not meaningful)\n", passed,
		       nr_failed);
	else if (nr_ratios)
		printf("median interpreter/JIT ratio: %.2f (target: at most 6)\n",
		       median(ratios, nr_ratios));
	if (!check_only && nr_jit)
		printf("median our-JIT/kernel-JIT time ratio: %.2f (below 1: faster than the "
		       "kernel)\n",
		       median(jit_ratios, nr_jit));
	hive_vm_free(vm);
	return failed;
}
