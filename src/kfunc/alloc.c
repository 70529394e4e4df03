// SPDX-License-Identifier: BSD-2-Clause
/*
 * kfunc/alloc.c: zeroed, RCU-freed objects with a hidden header.
 *
 *   malloc'ed block:  [ struct obj_hdr (32 bytes) | object bytes ... ]
 *                                                 ^ pointer given to programs
 *   per-CPU:          [ struct obj_hdr | copy for CPU 0 | CPU 1 | ... ]  (stride = size rounded
 *                                                                        up to 8)
 * The header stays valid while the object is queued for reclamation, so accounting happens
 * when the memory really goes away.
 */
#include <stdatomic.h>
#include <stdlib.h>

#include "kfunc/alloc.h"
#include "kfunc/runtime.h"
#include "common/err.h"

struct obj_hdr {
	struct kfunc_rcu_head rcu;
	uint32_t size; /* bytes of one copy */
	uint16_t nr_cpus; /* 0 for a plain object */
	uint16_t poisoned; /* set once freed: catches double frees in debug builds */
};

_Static_assert(sizeof(struct obj_hdr) % 16 == 0, "objects must stay 16-byte aligned");

static _Atomic int64_t live_objs, live_bytes;
static _Atomic uint64_t total_allocs, failed_allocs;
static _Atomic int64_t fail_after = -1;

static inline struct obj_hdr *hdr_of(const void *p)
{
	return (struct obj_hdr *)((char *)p - sizeof(struct obj_hdr));
}

static uint64_t stride_of(uint64_t size)
{
	return hive_round_up(size, 8);
}

static bool inject_failure(void)
{
	int64_t n = atomic_load_explicit(&fail_after, memory_order_relaxed);

	if (likely(n < 0))
		return false;
	/* Count down to zero, then keep failing. */
	while (n > 0 && !atomic_compare_exchange_weak(&fail_after, &n, n - 1))
		;
	return n == 0;
}

static void *alloc_common(uint64_t size, unsigned int nr_cpus)
{
	uint64_t bytes = nr_cpus ? stride_of(size) * nr_cpus : size;
	struct obj_hdr *h;

	atomic_fetch_add_explicit(&total_allocs, 1, memory_order_relaxed);
	if (inject_failure() || !(h = calloc(1, sizeof(*h) + bytes))) {
		atomic_fetch_add_explicit(&failed_allocs, 1, memory_order_relaxed);
		return NULL;
	}
	h->size = (uint32_t)size;
	h->nr_cpus = (uint16_t)nr_cpus;
	atomic_fetch_add_explicit(&live_objs, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&live_bytes, (int64_t)(nr_cpus ? size * nr_cpus : size),
				  memory_order_relaxed);
	return h + 1;
}

void *kfunc_obj_alloc(uint64_t size)
{
	if (!size || size > KFUNC_OBJ_MAX_SIZE)
		return NULL;
	return alloc_common(size, 0);
}

void *kfunc_percpu_obj_alloc(uint64_t size)
{
	if (!size || size > KFUNC_PERCPU_OBJ_MAX_SIZE)
		return NULL;
	kfunc_cpus_pin();
	return alloc_common(size, kfunc_nr_cpus());
}

static void reclaim(struct kfunc_rcu_head *head)
{
	struct obj_hdr *h = container_of(head, struct obj_hdr, rcu);
	uint64_t n = h->nr_cpus ? (uint64_t)h->size * h->nr_cpus : h->size;

	atomic_fetch_sub_explicit(&live_objs, 1, memory_order_relaxed);
	atomic_fetch_sub_explicit(&live_bytes, (int64_t)n, memory_order_relaxed);
	free(h);
}

void kfunc_obj_free_rcu(void *p)
{
	struct obj_hdr *h;

	if (!p)
		return;
	h = hdr_of(p);
	/* A second free of the same object is a runtime bug (the verifier forbids it). */
	if (h->poisoned)
		return;
	h->poisoned = 1;
	kfunc_rcu_call(&h->rcu, reclaim);
}

uint64_t kfunc_obj_size(const void *p)
{
	return hdr_of(p)->size;
}

bool kfunc_obj_is_percpu(const void *p)
{
	return hdr_of(p)->nr_cpus != 0;
}

void *kfunc_percpu_ptr(void *p, unsigned int cpu)
{
	const struct obj_hdr *h = hdr_of(p);

	if (cpu >= h->nr_cpus)
		return NULL;
	return (char *)p + stride_of(h->size) * cpu;
}

void kfunc_mem_stats(struct kfunc_mem_stats *stats)
{
	stats->live_objs = atomic_load(&live_objs);
	stats->live_bytes = atomic_load(&live_bytes);
	stats->total_allocs = atomic_load(&total_allocs);
	stats->failed_allocs = atomic_load(&failed_allocs);
}

void kfunc_alloc_fail_after(int64_t n)
{
	atomic_store(&fail_after, n < 0 ? -1 : n);
}
