// SPDX-License-Identifier: BSD-2-Clause
/*
 * backend/test_run.c: hive_program__test_run(), the user backend's BPF_PROG_TEST_RUN.
 *
 * The argument checks and the copy-out rules are net/bpf/test_run.c's (Linux 6.18): which
 * fields each program type accepts, bpf_ctx_init()'s "bytes past the known context must be
 * zero" (-E2BIG), bpf_test_finish()'s truncation (-ENOSPC after copying what fits, with retval,
 * duration and the full size still reported). The packet types live in ctx_skb.c and
 * ctx_xdp.c; syscall, raw tracepoint and the tracing-style runs are here.
 *
 * One extension: HIVE_TEST_RUN_ON_CPU is accepted for every type (the kernel runs skb and xdp
 * tests on whatever CPU the caller is on; here that is CPU 0 unless the flag picks another).
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "backend/backend.h"
#include "bpfhive/prog.h"
#include "bpfhive/run.h"
#include "common/err.h"
#include "common/log.h"
#include "vm/vm.h"

#define PAGE_SIZE 4096
#define MAX_BPF_FUNC_ARGS 12
#define SYSCALL_CTX_MAX 65535 /* U16_MAX */
#define TRACE_CTX_MIN 4096 /* tracing-style runs: room for any context the verifier allows */

/* ---- executing a program ---- */

int be_exec_begin(struct be_exec *ex, const struct be_prog *bp, uint32_t cpu, void *user)
{
	const struct be_runtime *rt = be_runtime(NULL);
	struct hive_vm_run_opts opts = { .sz = sizeof(opts) };
	int err;

	memset(ex, 0, sizeof(*ex));
	if (!rt)
		return -ENODEV;
	if (cpu >= rt->nr_cpus)
		return -ENXIO;
	err = vm_env_init(&ex->env, rt->host, cpu);
	if (err)
		return err == -EINVAL ? -ENXIO : err;
	ex->env.user = user;
	ex->run = malloc(sizeof(*ex->run));
	if (!ex->run) {
		vm_env_fini(&ex->env);
		return -ENOMEM;
	}
	vm_env_run_opts(&ex->env, &opts);
	err = hive_vm_run_init(ex->run, bp->vm_prog, &opts);
	if (err) {
		free(ex->run);
		ex->run = NULL;
		vm_env_fini(&ex->env);
		return err;
	}
	ex->bp = bp;
	return 0;
}

void be_exec_end(struct be_exec *ex)
{
	if (ex->run) {
		hive_vm_run_fini(ex->run);
		free(ex->run);
		ex->run = NULL;
	}
	vm_env_fini(&ex->env);
}

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ULL + (uint64_t)ts.tv_nsec;
}

static pthread_key_t trace_key;
static pthread_once_t trace_once = PTHREAD_ONCE_INIT;

static void trace_key_make(void)
{
	pthread_key_create(&trace_key, free);
}

/* Keep what the last run printed for hive_program__trace_log() (per thread). */
static void keep_trace(struct be_exec *ex)
{
	size_t len;
	const char *log = vm_env_log(&ex->env, &len);
	char *copy;

	pthread_once(&trace_once, trace_key_make);
	copy = malloc(len + 1);
	if (!copy)
		return;
	memcpy(copy, log, len);
	copy[len] = 0;
	free(pthread_getspecific(trace_key));
	pthread_setspecific(trace_key, copy);
}

int be_exec_repeat(struct be_exec *ex, void *ctx, uint32_t repeat, uint32_t *retval,
		   uint32_t *duration)
{
	uint64_t arg = (uintptr_t)ctx, r0 = 0, t0, spent;
	uint32_t i;
	int err = 0;

	if (!repeat)
		repeat = 1;
	t0 = now_ns();
	for (i = 0; i < repeat && !err; i++)
		err = vm_env_exec(&ex->env, ex->run, &arg, 1, &r0);
	spent = now_ns() - t0;
	keep_trace(ex);
	if (err) {
		pr_warn("prog '%s': run stopped: %s\n", ex->bp->name, hive_vm_run_error(ex->run));
		return -EFAULT;
	}
	*retval = (uint32_t)r0;
	if (duration) {
		spent /= repeat;
		*duration = spent > UINT32_MAX ? UINT32_MAX : (uint32_t)spent;
	}
	return 0;
}

/* ---- copying contexts and data in and out ---- */

void *be_ctx_init(const struct hive_test_run_opts *o, uint32_t max_size)
{
	uint32_t size = o->ctx_size_in;
	void *ctx;

	if (!o->ctx_in && !o->ctx_out)
		return NULL;
	if (!o->ctx_in && size)
		size = 0; /* the kernel copies nothing without a pointer */
	if (size > PAGE_SIZE)
		return ERR_PTR(-E2BIG);
	for (uint32_t i = max_size; o->ctx_in && i < size; i++)
		if (((const uint8_t *)o->ctx_in)[i])
			return ERR_PTR(-E2BIG);
	ctx = calloc(1, max_size);
	if (!ctx)
		return ERR_PTR(-ENOMEM);
	if (o->ctx_in)
		memcpy(ctx, o->ctx_in, size < max_size ? size : max_size);
	return ctx;
}

int be_ctx_finish(struct hive_test_run_opts *o, const void *ctx, uint32_t size)
{
	uint32_t copy = size;
	int err = 0;

	if (!ctx || !o->ctx_out)
		return 0;
	if (copy > o->ctx_size_out) {
		copy = o->ctx_size_out;
		err = -ENOSPC;
	}
	memcpy(o->ctx_out, ctx, copy);
	o->ctx_size_out = size;
	return err;
}

int be_data_finish(struct hive_test_run_opts *o, const void *data, uint32_t size, uint32_t retval,
		   uint32_t duration)
{
	uint32_t copy = size;
	int err = 0;

	o->retval = retval;
	o->duration = duration;
	if (o->data_size_out && copy > o->data_size_out) {
		copy = o->data_size_out;
		err = -ENOSPC;
	}
	if (o->data_out && copy)
		memcpy(o->data_out, data, copy);
	o->data_size_out = size;
	return err;
}

/* ---- syscall, raw tracepoint, tracing-style ---- */

static int run_once(const struct be_prog *bp, void *ctx, uint32_t cpu, uint32_t repeat,
		    uint32_t *retval, uint32_t *duration)
{
	struct be_exec ex;
	int err = be_exec_begin(&ex, bp, cpu, NULL);

	if (err)
		return err;
	err = be_exec_repeat(&ex, ctx, repeat, retval, duration);
	be_exec_end(&ex);
	return err;
}

/* bpf_prog_test_run_syscall(): ctx_in is copied in and written back in place. */
static int run_syscall(const struct be_prog *bp, struct hive_test_run_opts *o, uint32_t cpu,
		       uint32_t flags)
{
	uint32_t size = o->ctx_size_in;
	void *ctx;
	int err;

	if (o->data_in || o->data_out || o->ctx_out || o->repeat || flags || o->batch_size)
		return -EINVAL;
	if (size < bp->max_ctx_offset || size > SYSCALL_CTX_MAX)
		return -EINVAL;
	if (size && !o->ctx_in)
		return -EFAULT;
	/* the whole 64 KiB: the verifier's max_ctx_offset is not known here yet, and a program
	 * reading past a short buffer must read zeros, not other memory */
	ctx = calloc(1, SYSCALL_CTX_MAX);
	if (!ctx)
		return -ENOMEM;
	if (size)
		memcpy(ctx, o->ctx_in, size);
	err = run_once(bp, ctx, cpu, 1, &o->retval, NULL);
	if (!err && size)
		memcpy((void *)(uintptr_t)o->ctx_in, ctx, size);
	free(ctx);
	return err;
}

/* bpf_prog_test_run_raw_tp(): up to 12 u64 arguments; no data, no repeat, no ctx_out. */
static int run_raw_tp(const struct be_prog *bp, struct hive_test_run_opts *o, uint32_t cpu,
		      bool on_cpu)
{
	uint32_t size = o->ctx_size_in;
	uint64_t args[MAX_BPF_FUNC_ARGS + 1] = { 0 };

	if (o->data_in || o->data_out || o->ctx_out || o->repeat || o->batch_size)
		return -EINVAL;
	if (size < bp->max_ctx_offset || size > MAX_BPF_FUNC_ARGS * sizeof(uint64_t))
		return -EINVAL;
	if (!on_cpu && o->cpu)
		return -EINVAL;
	if (size && !o->ctx_in)
		return -EFAULT;
	if (size)
		memcpy(args, o->ctx_in, size);
	return run_once(bp, args, cpu, 1, &o->retval, NULL);
}

/* A bpfhive extension: tracing-style programs run on a caller-supplied context. */
static int run_ctx(const struct be_prog *bp, struct hive_test_run_opts *o, uint32_t cpu,
		   uint32_t flags)
{
	uint32_t size = o->ctx_size_in, cap = size > TRACE_CTX_MIN ? size : TRACE_CTX_MIN;
	void *ctx;
	int err;

	if (o->data_in || o->data_out || flags || o->batch_size)
		return -EINVAL;
	if (size < bp->max_ctx_offset || size > (1U << 20))
		return -EINVAL;
	if (size && !o->ctx_in)
		return -EFAULT;
	ctx = calloc(1, cap);
	if (!ctx)
		return -ENOMEM;
	if (size)
		memcpy(ctx, o->ctx_in, size);
	err = run_once(bp, ctx, cpu, (uint32_t)o->repeat, &o->retval, &o->duration);
	if (!err && o->ctx_out)
		err = be_ctx_finish(o, ctx, size);
	free(ctx);
	return err;
}

/* ---- public API ---- */

static int check_opts(const struct hive_test_run_opts *o)
{
	if (!o || o->sz < offsetof(struct hive_test_run_opts, retval))
		return -EINVAL;
	for (size_t i = sizeof(*o); i < o->sz; i++)
		if (((const char *)o)[i])
			return -EINVAL;
	return o->repeat < 0 ? -EINVAL : 0;
}

static int dispatch(const struct be_prog *bp, struct hive_test_run_opts *o)
{
	bool on_cpu = o->flags & HIVE_TEST_RUN_ON_CPU;
	uint32_t flags = o->flags & ~HIVE_TEST_RUN_ON_CPU, cpu = on_cpu ? o->cpu : 0;

	switch (bp->prog_type) {
	case HIVE_PROG_TYPE_SOCKET_FILTER:
	case HIVE_PROG_TYPE_SCHED_CLS:
	case HIVE_PROG_TYPE_SCHED_ACT:
	case HIVE_PROG_TYPE_CGROUP_SKB:
		if ((flags & ~HIVE_TEST_SKB_CHECKSUM_COMPLETE) || (!on_cpu && o->cpu) ||
		    o->batch_size)
			return -EINVAL;
		return be_run_skb(bp, o, cpu);
	case HIVE_PROG_TYPE_XDP:
		if (flags & HIVE_TEST_XDP_LIVE_FRAMES)
			return -EOPNOTSUPP;
		if (flags || o->batch_size)
			return -EINVAL;
		return be_run_xdp(bp, o, cpu);
	case HIVE_PROG_TYPE_SYSCALL:
		return run_syscall(bp, o, cpu, flags);
	case HIVE_PROG_TYPE_RAW_TRACEPOINT:
		return run_raw_tp(bp, o, cpu, on_cpu);
	case HIVE_PROG_TYPE_TRACING:
	case HIVE_PROG_TYPE_LSM:
	case HIVE_PROG_TYPE_KPROBE:
	case HIVE_PROG_TYPE_TRACEPOINT:
	case HIVE_PROG_TYPE_PERF_EVENT:
	case HIVE_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
		return run_ctx(bp, o, cpu, flags);
	default:
		return -HIVE_ENOTSUPP;
	}
}

HIVE_API int hive_program__test_run(const struct hive_program *prog,
				    struct hive_test_run_opts *opts)
{
	struct be_prog *bp;
	int err;

	if (!prog)
		return hive_err(-EINVAL);
	err = check_opts(opts);
	if (err)
		return hive_err(err);
	bp = be_prog_of(prog);
	if (!bp)
		return hive_err(-ENOENT);
	return hive_err(dispatch(bp, opts));
}

HIVE_API const char *hive_program__trace_log(const struct hive_program *prog)
{
	const char *log;

	(void)prog;
	pthread_once(&trace_once, trace_key_make);
	log = pthread_getspecific(trace_key);
	return log ? log : "";
}
