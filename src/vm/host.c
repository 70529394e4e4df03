// SPDX-License-Identifier: BSD-2-Clause
/*
 * vm/host.c: the execution environment of helpers (clocks, per-CPU random states, pointer
 * hashing, the current task's identity, the printk sink) and the per-run wrapper.
 *
 * The random generator is the kernel's prandom_u32_state(): L'Ecuyer's four-component
 * Tausworthe generator (LFSR113), one state per CPU as bpf_user_rnd_u32() keeps them. The
 * kernel seeds those states from the entropy pool; we seed them from the host's seed (or from
 * getrandom() when asked), so sequences are reproducible but not the kernel's numbers.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "common/err.h"
#include "common/log.h"
#include "kfunc/runtime.h"
#include "vm/host.h"

#define NSEC_PER_SEC 1000000000ULL

struct rnd_state {
	uint32_t s1, s2, s3, s4;
};

struct hive_host {
	struct hive_host_opts opts;
	char comm[HIVE_TASK_COMM_LEN];
	uint64_t ticks; /* virtual clock readings so far (atomic) */
	uint64_t ptr_key;
	uint32_t nr_rnd;
	struct rnd_state rnd[]; /* one per CPU */
};

static uint64_t splitmix64(uint64_t x)
{
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

/* One step of LFSR113; the masks keep each component's significant bits. */
static uint32_t taus(uint32_t s, unsigned a, unsigned b, uint32_t c, unsigned d)
{
	return ((s & c) << d) ^ (((s << a) ^ s) >> b);
}

static uint32_t rnd_next(struct rnd_state *st)
{
	uint32_t s1 = __atomic_load_n(&st->s1, __ATOMIC_RELAXED);
	uint32_t s2 = __atomic_load_n(&st->s2, __ATOMIC_RELAXED);
	uint32_t s3 = __atomic_load_n(&st->s3, __ATOMIC_RELAXED);
	uint32_t s4 = __atomic_load_n(&st->s4, __ATOMIC_RELAXED);

	s1 = taus(s1, 6, 13, 4294967294U, 18);
	s2 = taus(s2, 2, 27, 4294967288U, 2);
	s3 = taus(s3, 13, 21, 4294967280U, 7);
	s4 = taus(s4, 3, 12, 4294967168U, 13);
	/* relaxed atomics: two threads claiming one CPU race as preempted kernel code would */
	__atomic_store_n(&st->s1, s1, __ATOMIC_RELAXED);
	__atomic_store_n(&st->s2, s2, __ATOMIC_RELAXED);
	__atomic_store_n(&st->s3, s3, __ATOMIC_RELAXED);
	__atomic_store_n(&st->s4, s4, __ATOMIC_RELAXED);
	return s1 ^ s2 ^ s3 ^ s4;
}

/* Each component needs a minimum value (2, 8, 16, 128) or it degenerates. */
static void rnd_seed(struct rnd_state *st, uint64_t seed, uint32_t cpu)
{
	uint64_t a = splitmix64(seed ^ ((uint64_t)cpu << 32 | cpu));
	uint64_t b = splitmix64(a);

	st->s1 = (uint32_t)a < 2 ? (uint32_t)a + 2 : (uint32_t)a;
	st->s2 = (uint32_t)(a >> 32) < 8 ? (uint32_t)(a >> 32) + 8 : (uint32_t)(a >> 32);
	st->s3 = (uint32_t)b < 16 ? (uint32_t)b + 16 : (uint32_t)b;
	st->s4 = (uint32_t)(b >> 32) < 128 ? (uint32_t)(b >> 32) + 128 : (uint32_t)(b >> 32);
	for (int i = 0; i < 10; i++) /* warm-up, as prandom_seed_state() callers do */
		rnd_next(st);
}

/* Copy a caller's opts of any known size; unknown trailing bytes must be zero. */
static int copy_opts(struct hive_host_opts *dst, const struct hive_host_opts *src)
{
	size_t sz;

	memset(dst, 0, sizeof(*dst));
	if (!src)
		return 0;
	sz = src->sz ? src->sz : sizeof(*src);
	if (sz < offsetof(struct hive_host_opts, clock))
		return -EINVAL;
	for (size_t i = sizeof(*dst); i < sz; i++)
		if (((const char *)src)[i])
			return -EINVAL;
	memcpy(dst, src, sz < sizeof(*dst) ? sz : sizeof(*dst));
	dst->sz = sizeof(*dst);
	return 0;
}

/* Fill a zeroed host with room for @nr random states. */
static int host_init(struct hive_host *host, const struct hive_host_opts *opts, uint32_t nr)
{
	uint64_t seed;

	if (copy_opts(&host->opts, opts))
		return -EINVAL;
	if (!host->opts.clock_start_ns)
		host->opts.clock_start_ns = HIVE_HOST_CLOCK_START_NS;
	if (!host->opts.clock_step_ns)
		host->opts.clock_step_ns = HIVE_HOST_CLOCK_STEP_NS;
	if (!host->opts.hz)
		host->opts.hz = HIVE_HOST_HZ;
	if (!host->opts.nr_numa_nodes)
		host->opts.nr_numa_nodes = 1;
	if (host->opts.comm)
		strncpy(host->comm, host->opts.comm, sizeof(host->comm) - 1);
	host->opts.comm = host->comm;
	host->opts.log_ctx = host->opts.log_fn ? host->opts.log_ctx : NULL;
	seed = host->opts.seed;
	if (host->opts.real_random && getrandom(&seed, sizeof(seed), 0) != sizeof(seed))
		seed ^= (uint64_t)time(NULL) ^ (uintptr_t)host;
	host->ptr_key = splitmix64(seed ^ 0x7074725f6b6579ULL);
	host->nr_rnd = nr;
	for (uint32_t cpu = 0; cpu < nr; cpu++)
		rnd_seed(&host->rnd[cpu], seed, cpu);
	return 0;
}

struct hive_host *vm_host_new(const struct hive_host_opts *opts)
{
	uint32_t nr = kfunc_nr_cpus();
	struct hive_host *host;

	host = calloc(1, sizeof(*host) + nr * sizeof(struct rnd_state));
	if (!host)
		return ERR_PTR(-ENOMEM);
	if (host_init(host, opts, nr)) {
		free(host);
		return ERR_PTR(-EINVAL);
	}
	return host;
}

void vm_host_free(struct hive_host *host)
{
	if (IS_ERR_OR_NULL(host))
		return;
	free(host);
}

const struct hive_host_opts *vm_host_opts(const struct hive_host *host)
{
	return &host->opts;
}

static struct hive_host *default_host;
static pthread_once_t default_once = PTHREAD_ONCE_INIT;
static struct hive_run_env fallback_env;

/* Without memory for a full host, a static one with a single random state shared by all CPUs. */
static union {
	struct hive_host host;
	char bytes[sizeof(struct hive_host) + sizeof(struct rnd_state)];
} emergency_host;

static void make_default_host(void)
{
	struct hive_host *host = vm_host_new(NULL);

	if (IS_ERR(host)) {
		host_init(&emergency_host.host, NULL, 1);
		host = &emergency_host.host;
	}
	default_host = host;
	fallback_env.host = host;
}

struct hive_host *vm_host_default(void)
{
	pthread_once(&default_once, make_default_host);
	return default_host;
}

/* ---- readings ---- */

static uint64_t real_clock(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts))
		return 0;
	return (uint64_t)ts.tv_sec * NSEC_PER_SEC + (uint64_t)ts.tv_nsec;
}

/* The kernel starts jiffies 5 minutes before the 32-bit counter wraps (INITIAL_JIFFIES). */
static uint64_t initial_jiffies(uint32_t hz)
{
	return (uint64_t)(uint32_t)(-300 * (int32_t)hz);
}

uint64_t vm_host_clock(struct hive_host *host, enum hive_clock_id id)
{
	uint64_t tick = NSEC_PER_SEC / host->opts.hz, mono;

	if (host->opts.clock == HIVE_CLOCK_REAL) {
		switch (id) {
		case HIVE_CLK_BOOT:
			return real_clock(CLOCK_BOOTTIME);
		case HIVE_CLK_COARSE:
			return real_clock(CLOCK_MONOTONIC_COARSE);
		case HIVE_CLK_TAI:
			return real_clock(CLOCK_TAI);
		case HIVE_CLK_JIFFIES:
			return initial_jiffies(host->opts.hz) + real_clock(CLOCK_MONOTONIC) / tick;
		default:
			return real_clock(CLOCK_MONOTONIC);
		}
	}
	mono = host->opts.clock_start_ns +
	       __atomic_fetch_add(&host->ticks, 1, __ATOMIC_RELAXED) * host->opts.clock_step_ns;
	switch (id) {
	case HIVE_CLK_COARSE:
		return mono - mono % tick; /* updated once per tick */
	case HIVE_CLK_TAI:
		return mono + HIVE_HOST_TAI_OFFSET_NS;
	case HIVE_CLK_JIFFIES:
		return initial_jiffies(host->opts.hz) + mono / tick;
	default: /* boot time equals monotonic time: the virtual machine never suspends */
		return mono;
	}
}

uint32_t vm_host_random(struct hive_host *host, uint32_t cpu)
{
	return rnd_next(&host->rnd[cpu % host->nr_rnd]);
}

uint32_t vm_host_ptr_hash(const struct hive_host *host, uint64_t ptr)
{
	return (uint32_t)splitmix64(ptr ^ host->ptr_key);
}

uint32_t vm_host_numa_node(const struct hive_host *host, uint32_t cpu)
{
	uint32_t nodes = host->opts.nr_numa_nodes, cpus = kfunc_nr_cpus();
	uint32_t per_node = (cpus + nodes - 1) / nodes;

	return per_node ? cpu / per_node : 0;
}

void vm_host_current(const struct hive_host *host, struct hive_task_ident *ident)
{
	memset(ident, 0, sizeof(*ident));
	if (host->opts.fixed_identity) {
		ident->pid = host->opts.pid;
		ident->tgid = host->opts.tgid;
		ident->uid = host->opts.uid;
		ident->gid = host->opts.gid;
		memcpy(ident->comm, host->comm, sizeof(ident->comm));
		return;
	}
	ident->pid = (uint32_t)syscall(SYS_gettid);
	ident->tgid = (uint32_t)getpid();
	ident->uid = (uint32_t)getuid();
	ident->gid = (uint32_t)getgid();
	if (prctl(PR_GET_NAME, ident->comm, 0, 0, 0))
		ident->comm[0] = 0;
	ident->comm[HIVE_TASK_COMM_LEN - 1] = 0;
}

/* ---- runs ---- */

int vm_env_init(struct hive_run_env *env, struct hive_host *host, uint32_t cpu)
{
	memset(env, 0, sizeof(*env));
	if (cpu >= kfunc_nr_cpus())
		return -EINVAL;
	env->host = host ? host : vm_host_default();
	env->cpu = cpu;
	return 0;
}

void vm_env_fini(struct hive_run_env *env)
{
	free(env->log);
	env->log = NULL;
	env->log_len = env->log_cap = 0;
}

/* The collector used when the host has no sink: one line per message. */
static void env_collect(void *ctx, const char *msg)
{
	struct hive_run_env *env = ctx;
	size_t len = strlen(msg), need;

	if (env->log_len + len + 1 > HIVE_RUN_LOG_MAX) {
		env->log_truncated = true;
		return;
	}
	need = env->log_len + len + 2;
	if (need > env->log_cap) {
		size_t cap = env->log_cap ? env->log_cap * 2 : 256;
		char *p;

		while (cap < need)
			cap *= 2;
		p = realloc(env->log, cap);
		if (!p) {
			env->log_truncated = true;
			return;
		}
		env->log = p;
		env->log_cap = cap;
	}
	memcpy(env->log + env->log_len, msg, len);
	env->log_len += len;
	env->log[env->log_len++] = '\n';
	env->log[env->log_len] = 0;
}

void vm_env_run_opts(struct hive_run_env *env, struct hive_vm_run_opts *opts)
{
	opts->env = env;
	opts->cpu = env->cpu;
	if (env->host->opts.log_fn) {
		opts->log_fn = env->host->opts.log_fn;
		opts->log_ctx = env->host->opts.log_ctx;
	} else {
		opts->log_fn = env_collect;
		opts->log_ctx = env;
	}
}

void vm_env_enter(struct hive_run_env *env)
{
	env->log_len = 0;
	if (env->log)
		env->log[0] = 0;
	env->log_truncated = false;
	env->saved_cpu = kfunc_this_cpu();
	kfunc_set_this_cpu(env->cpu); /* in range: checked by vm_env_init() */
	kfunc_rcu_read_lock();
	env->entered = true;
}

void vm_env_leave(struct hive_run_env *env)
{
	if (!env->entered)
		return;
	kfunc_rcu_read_unlock();
	kfunc_set_this_cpu(env->saved_cpu);
	env->entered = false;
}

int vm_env_exec(struct hive_run_env *env, struct hive_vm_run *run, const uint64_t *args,
		size_t nr_args, uint64_t *r0)
{
	int err;

	vm_env_enter(env);
	err = hive_vm_run_exec(run, args, nr_args, r0);
	vm_env_leave(env);
	return err;
}

const char *vm_env_log(const struct hive_run_env *env, size_t *len)
{
	if (len)
		*len = env->log_len;
	return env->log ? env->log : "";
}

struct hive_run_env *vm_env_of(struct hive_vm_run *run)
{
	if (run->env)
		return run->env;
	/* no env: helpers only read host and cpu, so one shared env serves every such run */
	pthread_once(&default_once, make_default_host);
	return &fallback_env;
}
