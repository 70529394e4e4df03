/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vm/host.h: the execution environment BPF helpers see: clocks, random numbers, the identity of
 * the "current task", where bpf_printk output goes, and the per-run wrapper every program run
 * goes through.
 *
 * Two objects:
 *
 *   struct hive_host      made once from struct hive_host_opts and shared by any number of runs
 *                         and threads: the virtual clock, the per-CPU random states, the pointer
 *                         hashing key, the identity and the log sink.
 *   struct hive_run_env   one per run (or per thread running programs; it is reusable): binds a
 *                         run to a host and a CPU, and collects bpf_printk output when the host
 *                         has no sink. Helpers find it through run->env.
 *
 * Deterministic by default (DESIGN.md, execution model): the clock is a counter that advances
 * by a fixed step at every reading, the random generator is seeded with a fixed value, and the
 * pointer hash of %p is keyed from the seed, so that two runs of the same program on two hosts
 * made from the same options give the same results. The identity defaults to the calling
 * process (pid = thread id, tgid = process id, real uid/gid, thread name) as the kernel's
 * `current` would; set fixed_identity for reproducible output.
 *
 * Contract with the interpreter: while helpers of vm/helpers.h are installed in a vm, a run of
 * that vm has run->env == NULL (a process-wide default host is used) or a struct hive_run_env
 * prepared by vm_env_init(). run->user is left to the embedder: its own helpers reach their
 * data through it (or through env->user).
 */
#ifndef __HIVE_VM_HOST_H
#define __HIVE_VM_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vm/vm.h"

#ifdef __cplusplus
extern "C" {
#endif

enum hive_clock_mode {
	HIVE_CLOCK_VIRTUAL = 0, /* counter: start, start + step, start + 2 * step, ... */
	HIVE_CLOCK_REAL = 1, /* the machine's clocks (clock_gettime) */
};

#define HIVE_HOST_CLOCK_START_NS 1000000000ULL /* default first reading: 1 s after "boot" */
#define HIVE_HOST_CLOCK_STEP_NS 1000ULL /* default advance per reading: 1 us */
#define HIVE_HOST_HZ 250 /* CONFIG_HZ of the reference kernel: jiffies and coarse clocks */
#define HIVE_HOST_TAI_OFFSET_NS (1735689600ULL * 1000000000ULL) /* TAI at "boot": 2025-01-01 */
#define HIVE_TASK_COMM_LEN 16

/* What the host looks like; zero-initialised options give the deterministic defaults. */
struct hive_host_opts {
	size_t sz;
	enum hive_clock_mode clock;
	uint64_t clock_start_ns; /* virtual clock: first CLOCK_MONOTONIC reading (0: default) */
	uint64_t clock_step_ns; /* virtual clock: advance per reading (0: default) */
	uint32_t hz; /* jiffies per second (0: HIVE_HOST_HZ) */
	bool real_random; /* seed the generator from the OS instead of @seed */
	uint64_t seed; /* bpf_get_prandom_u32() and %p hashing */
	bool fixed_identity; /* use the fields below instead of the calling thread's */
	uint32_t pid, tgid, uid, gid;
	const char *comm; /* copied, truncated to 15 characters */
	uint32_t nr_numa_nodes; /* CPUs are spread over this many nodes in blocks (0: 1) */
	/* bpf_printk/bpf_trace_vprintk sink; NULL: each run env collects its messages */
	hive_vm_log_fn log_fn;
	void *log_ctx;
	/*
	 * What a BPF_MAP_TYPE_PROG_ARRAY slot holds, as a program bpf_tail_call() can jump to.
	 * NULL: the slots hold struct hive_vm_prog pointers themselves.
	 */
	const struct hive_vm_prog *(*prog_of)(void *obj, void *ctx);
	void *prog_of_ctx;
	/* leave bpf_probe_read*() and bpf_copy_from_user() out (they read process memory) */
	bool no_probe_read;
};
#define hive_host_opts__last_field no_probe_read

struct hive_host;

/**
 * vm_host_new() - a host from @opts (NULL: all defaults). Returns ERR_PTR(-EINVAL) for an
 * opts struct larger than known with non-zero unknown fields, ERR_PTR(-ENOMEM).
 */
struct hive_host *vm_host_new(const struct hive_host_opts *opts);
/* Accepts NULL and ERR_PTR. No run may use the host any more. */
void vm_host_free(struct hive_host *host);
/* The options the host was made with (comm points to the host's copy). */
const struct hive_host_opts *vm_host_opts(const struct hive_host *host);
/*
 * vm_host_default() - the process-wide host used by runs whose run->env is NULL: all
 * defaults. Never freed.
 */
struct hive_host *vm_host_default(void);

/* ---- what helpers read (any thread) ---- */

enum hive_clock_id {
	HIVE_CLK_MONO, /* bpf_ktime_get_ns */
	HIVE_CLK_BOOT, /* bpf_ktime_get_boot_ns */
	HIVE_CLK_COARSE, /* bpf_ktime_get_coarse_ns */
	HIVE_CLK_TAI, /* bpf_ktime_get_tai_ns */
	HIVE_CLK_JIFFIES, /* bpf_jiffies64 */
};
/* One clock reading; the virtual clock advances by its step at every call, whatever the id. */
uint64_t vm_host_clock(struct hive_host *host, enum hive_clock_id id);
/* bpf_get_prandom_u32() on @cpu: the kernel's per-CPU Tausworthe generator (prandom_u32_state). */
uint32_t vm_host_random(struct hive_host *host, uint32_t cpu);
/* The 32-bit hash %p prints for @ptr (the kernel's ptr_to_id(), keyed from the seed). */
uint32_t vm_host_ptr_hash(const struct hive_host *host, uint64_t ptr);
/* NUMA node of @cpu. */
uint32_t vm_host_numa_node(const struct hive_host *host, uint32_t cpu);

struct hive_task_ident {
	uint32_t pid; /* thread id */
	uint32_t tgid; /* process id */
	uint32_t uid, gid;
	char comm[HIVE_TASK_COMM_LEN];
};
/* The "current task" of the calling thread as the host presents it. */
void vm_host_current(const struct hive_host *host, struct hive_task_ident *ident);

/* ---- one run ---- */

struct hive_run_env {
	struct hive_host *host;
	void *user; /* the embedder's own pointer, for its helpers */
	uint32_t cpu; /* bpf_get_smp_processor_id() of runs bound to this env */
	/* bpf_printk output of the last run, when the host has no sink: "msg\nmsg\n" */
	char *log;
	size_t log_len, log_cap;
	bool log_truncated; /* more than HIVE_RUN_LOG_MAX bytes were printed */
	/* vm_env_enter() state */
	unsigned int saved_cpu;
	bool entered;
};
#define HIVE_RUN_LOG_MAX (1U << 20)

/**
 * vm_env_init() - bind @env to @host (NULL: vm_host_default()) and CPU @cpu; @env->user is
 * NULL until the caller sets it. Returns 0, or -EINVAL if @cpu >= kfunc_nr_cpus().
 */
int vm_env_init(struct hive_run_env *env, struct hive_host *host, uint32_t cpu);
/* Frees the collected log. */
void vm_env_fini(struct hive_run_env *env);

/**
 * vm_env_run_opts() - fill the fields of @opts that tie a run to @env: env (= @env), cpu and
 * the log sink (the host's, or @env's collector). opts->user is left alone. Call before
 * hive_vm_run_init().
 */
void vm_env_run_opts(struct hive_run_env *env, struct hive_vm_run_opts *opts);

/*
 * vm_env_enter() / vm_env_leave() - bracket one program run on the calling thread: reset the
 * per-run state (the collected log), execute as @env's CPU (kfunc_set_this_cpu(), restored on
 * leave) and stay inside an RCU read-side section (kfunc_rcu_read_lock()) for the whole run, so
 * that map values and objects a program holds stay valid until it ends.
 */
void vm_env_enter(struct hive_run_env *env);
void vm_env_leave(struct hive_run_env *env);

/**
 * vm_env_exec() - one program run: vm_env_enter(), hive_vm_run_exec(), vm_env_leave().
 * @run must have been initialised with options from vm_env_run_opts(). Returns what
 * hive_vm_run_exec() returns.
 */
int vm_env_exec(struct hive_run_env *env, struct hive_vm_run *run, const uint64_t *args,
		size_t nr_args, uint64_t *r0);

/* vm_env_log() - what the last run printed (NUL-terminated; "" if nothing or a host sink). */
const char *vm_env_log(const struct hive_run_env *env, size_t *len);

/* vm_env_of() - the env of a run (helpers): run->env, or a default env on the default host. */
struct hive_run_env *vm_env_of(struct hive_vm_run *run);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_VM_HOST_H */
