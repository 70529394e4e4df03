/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bpfhive/run.h: running loaded programs in user space, the way BPF_PROG_TEST_RUN runs them in
 * the kernel, and reading what they produced (ring buffers; map elements are in map.h).
 *
 *   obj = hive_object__open_file("prog.bpf.o", NULL);
 *   hive_object__load(obj);                      verify (the kernel's rules) and load in-process
 *   prog = hive_object__find_program_by_name(obj, "classify");
 *   HIVE_OPTS(hive_test_run_opts, o, .data_in = pkt, .data_size_in = sizeof(pkt),
 *             .data_out = out, .data_size_out = sizeof(out), .repeat = 100);
 *   err = hive_program__test_run(prog, &o);      o.retval, o.duration, o.data_size_out
 *
 * What a run looks like, by program type (net/bpf/test_run.c of Linux 6.18):
 *   SCHED_CLS, SCHED_ACT   an sk_buff built from data_in (an Ethernet frame, 14..3712 bytes):
 *                          eth_type_trans() on the loopback device sets protocol and pkt_type,
 *                          data starts at the Ethernet header; ctx_in is a struct __sk_buff of
 *                          which only mark, priority, ingress_ifindex, ifindex, cb, tstamp,
 *                          wire_len, gso_segs, gso_size and hwtstamp may be non-zero (-EINVAL
 *                          otherwise); data_out is the packet after the run, ctx_out the
 *                          __sk_buff with the fields the kernel copies back.
 *   SOCKET_FILTER,         the same sk_buff with data at the network header; data_out gets the
 *   CGROUP_SKB             14-byte link-layer header back as zero bytes, as the kernel's does.
 *   XDP                    an xdp_buff with 256 bytes of headroom and a 4096-byte frame;
 *                          ctx_in is a struct xdp_md (data = metadata length, data_end =
 *                          data_size_in, ingress_ifindex, rx_queue_index); adjust_head/tail/meta
 *                          are visible in data_out (metadata included) and ctx_out.
 *   SYSCALL                ctx_in (up to 65535 bytes) is the program's context and is written
 *                          back in place after the run, as the kernel does (so it must be
 *                          writable memory); data_in, data_out, ctx_out, repeat and flags give
 *                          -EINVAL.
 *   RAW_TRACEPOINT         ctx_in holds the u64 arguments (at most 12); no data, no repeat.
 *   TRACING, LSM, KPROBE,  (a bpfhive extension: the kernel cannot run these directly) ctx_in
 *   TRACEPOINT, PERF_EVENT is the context as the program receives it (u64 args[], pt_regs...),
 *                          copied back to ctx_out.
 * Other types give -ENOTSUPP (524), as the kernel's bpf() does.
 *
 * retval is the program's r0 truncated to 32 bits, as the kernel reports it; duration the
 * average wall-clock time of one repetition in ns (what the kernel measures). Runs are
 * deterministic: bpf_ktime_get_ns() and bpf_get_prandom_u32() come from a virtual clock and a
 * fixed seed unless hive_runtime_configure() says otherwise. A run executes as CPU 0 unless
 * HIVE_TEST_RUN_ON_CPU and cpu say otherwise (per-CPU maps then use that CPU's slot).
 */
#ifndef __HIVE_PUBLIC_RUN_H
#define __HIVE_PUBLIC_RUN_H

#include "bpfhive/common.h"
#include "bpfhive/map.h"
#include "bpfhive/prog.h"

#ifdef __cplusplus
extern "C" {
#endif

/* hive_test_run_opts.flags (the UAPI's BPF_F_TEST_* values) */
#define HIVE_TEST_RUN_ON_CPU (1U << 0) /* run as CPU opts->cpu (any program type here) */
#define HIVE_TEST_XDP_LIVE_FRAMES (1U << 1) /* not supported: -EOPNOTSUPP */
#define HIVE_TEST_SKB_CHECKSUM_COMPLETE (1U << 2) /* skb->csum from data, checked after */

/* The kernel's "not supported" errno that bpf() returns for program types without test_run. */
#define HIVE_ENOTSUPP 524

/* BPF_PROG_TEST_RUN's arguments, in libbpf's bpf_test_run_opts shape. */
struct hive_test_run_opts {
	size_t sz; /* sizeof(struct hive_test_run_opts) */
	const void *data_in; /* packet (skb, xdp) */
	void *data_out; /* packet after the run; may be NULL */
	uint32_t data_size_in;
	/* in: capacity of data_out (0: unlimited, as the kernel); out: full size of the packet.
	 * A smaller capacity gets a truncated copy and -ENOSPC. */
	uint32_t data_size_out;
	const void *ctx_in; /* __sk_buff, xdp_md, the syscall buffer, tracing args */
	void *ctx_out;
	uint32_t ctx_size_in;
	uint32_t ctx_size_out; /* in: capacity of ctx_out; out: size written (-ENOSPC if short) */
	uint32_t retval; /* out: r0 as u32 */
	int repeat; /* runs (0: 1); each run sees the state the previous one left */
	uint32_t duration; /* out: average ns per run */
	uint32_t flags; /* HIVE_TEST_* */
	uint32_t cpu; /* with HIVE_TEST_RUN_ON_CPU: the CPU to run as (-ENXIO if not possible) */
	uint32_t batch_size; /* XDP live frames only: must be 0 */
	size_t : 0;
};
#define hive_test_run_opts__last_field batch_size

/**
 * hive_program__test_run() - run a loaded program once or @opts->repeat times, as
 * BPF_PROG_TEST_RUN does (see the top of this file). Returns 0, or a negative errno (errno set):
 * the kernel's for bad arguments (-EINVAL, -E2BIG, -EMSGSIZE, -ENOSPC, -EFAULT, -ENODEV, -ENXIO),
 * -ENOENT if the program is not loaded, -ENOTSUPP (524) for a type without test-run, and
 * -EFAULT (with the reason logged) if the interpreter stopped the program. Thread-safe: several
 * threads may run programs of the same object at once.
 */
HIVE_API int hive_program__test_run(const struct hive_program *prog,
				    struct hive_test_run_opts *opts);

/**
 * hive_program__trace_log() - what bpf_printk() printed during the last test run of @prog in
 * the calling thread ("msg\nmsg\n"; "" if nothing). Valid until the thread's next test run.
 */
HIVE_API const char *hive_program__trace_log(const struct hive_program *prog);

/* ---- the runtime (process-wide) ---- */

struct hive_runtime_opts {
	size_t sz;
	/* Describe kfuncs with bpfhive's own BTF even when /sys/kernel/btf/vmlinux is readable
	 * (objects then need no kernel BTF at all; CO-RE against kernel types is not possible). */
	bool runtime_btf;
	uint32_t nr_cpus; /* possible CPUs of per-CPU maps (0: the host's count) */
	bool real_clock; /* bpf_ktime_get_ns() from the machine's clock instead of a counter */
	bool real_random; /* bpf_get_prandom_u32() seeded from the OS */
	uint64_t seed; /* random seed (0: the default fixed one) */
	size_t : 0;
};
#define hive_runtime_opts__last_field seed

/**
 * hive_runtime_configure() - set up the process-wide runtime before any object is loaded.
 * Returns 0, -EBUSY once the runtime is in use, -EINVAL for bad options.
 */
HIVE_API int hive_runtime_configure(const struct hive_runtime_opts *opts);
/** hive_runtime_btf_kind() - "vmlinux" or "runtime": which BTF describes the kfuncs. */
HIVE_API const char *hive_runtime_btf_kind(void);

/* ---- ring buffers (libbpf's ring_buffer API) ---- */

struct hive_ring_buffer;

/* Called for each record in order; a negative return stops consumption with that error. */
typedef int (*hive_ring_buffer_sample_fn)(void *ctx, void *data, size_t size);

struct hive_ring_buffer_opts {
	size_t sz;
};
#define hive_ring_buffer_opts__last_field sz

/**
 * hive_ring_buffer__new() - a consumer of the BPF_MAP_TYPE_RINGBUF @map (loaded). Returns it,
 * or NULL with errno (EINVAL: not a loaded ring buffer map).
 */
HIVE_API struct hive_ring_buffer *hive_ring_buffer__new(const struct hive_map *map,
							hive_ring_buffer_sample_fn sample_cb,
							void *ctx,
							const struct hive_ring_buffer_opts *opts);
/** hive_ring_buffer__add() - consume one more ring buffer map with its own callback. */
HIVE_API int hive_ring_buffer__add(struct hive_ring_buffer *rb, const struct hive_map *map,
				   hive_ring_buffer_sample_fn sample_cb, void *ctx);
/**
 * hive_ring_buffer__poll() - wait up to @timeout_ms (-1: forever) for a program to submit
 * records (a wakeup), then consume every available record. Returns the number of records
 * consumed (INT_MAX at most), or a negative errno (the callback's, -EINTR).
 */
HIVE_API int hive_ring_buffer__poll(struct hive_ring_buffer *rb, int timeout_ms);
/** hive_ring_buffer__consume() - consume available records without waiting. */
HIVE_API int hive_ring_buffer__consume(struct hive_ring_buffer *rb);
/** hive_ring_buffer__epoll_fd() - an fd that becomes readable on wakeups (epoll/poll). */
HIVE_API int hive_ring_buffer__epoll_fd(const struct hive_ring_buffer *rb);
/** hive_ring_buffer__free() - accepts NULL. */
HIVE_API void hive_ring_buffer__free(struct hive_ring_buffer *rb);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_PUBLIC_RUN_H */
