// SPDX-License-Identifier: BSD-2-Clause
/*
 * kfunc/alloc.c: zeroed, RCU-freed objects with a hidden header.
 *
 *   block (kfunc/slab.c size class, or malloc when too big):
 *        [ struct obj_hdr (16 bytes) | object bytes ... ]
 *                                    ^ pointer given to programs
 *   per-CPU:  [ struct obj_hdr | copy for CPU 0 | CPU 1 | ... ]  (stride = size rounded up to 8)
 *
 * Freeing is always deferred (kfunc/runtime.h): the header stays valid while the object waits,
 * so accounting happens when the memory really goes back. Objects freed inside a read-side
 * section (a program run) are retired in batches: one epoch ticket and one queue entry per
 * RETIRE_BATCH objects instead of one each, and the reclaimer walks an array of what it
 * needs instead of a list threaded through scattered objects (which it would have to fetch
 * into the cache again, one miss after another). The thread's open batch is queued
 * when it fills up and when its section ends (kfunc_obj_flush_retired()), so no batch outlives
 * a section. Outside a section each object gets a batch of its own.
 */
#include <stdatomic.h>
#include <stdlib.h>

#include "kfunc/alloc.h"
#include "kfunc/runtime.h"
#include "kfunc/slab.h"
#include "common/err.h"
#include "common/log.h"

struct obj_hdr {
	uint32_t size; /* bytes of one copy */
	uint16_t nr_cpus; /* 0 for a plain object */
	uint8_t cls; /* slab class, or SLAB_NO_CLASS */
	uint8_t poisoned; /* set once freed: a second free is ignored */
	uint64_t unused;
};

_Static_assert(sizeof(struct obj_hdr) == 16, "objects must stay 16-byte aligned");

#define RETIRE_BATCH 500

/* The objects' sizes and classes are noted while the objects are hot, so that the reclaimer,
 * which runs once the program is done with them, need not fetch them again. */
struct retire_batch {
	struct kfunc_rcu_head rcu;
	uint32_t nr, cap;
	int64_t bytes, block_bytes; /* summed over objs[] */
	void *objs[]; /* cap pointers to headers, then cap classes (uint8_t) */
};

static inline uint8_t *batch_cls(struct retire_batch *b)
{
	return (uint8_t *)&b->objs[b->cap];
}

static __thread struct retire_batch *retiring; /* open batch of this thread's section */

static _Atomic int64_t live_objs, live_bytes, live_block_bytes;
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

/* What the object holds for programs (per-CPU: all copies), and what its block takes. */
static uint64_t obj_bytes(const struct obj_hdr *h)
{
	return h->nr_cpus ? (uint64_t)h->size * h->nr_cpus : h->size;
}

static uint64_t block_bytes(const struct obj_hdr *h)
{
	uint64_t payload = h->nr_cpus ? stride_of(h->size) * h->nr_cpus : h->size;

	return h->cls == SLAB_NO_CLASS ? sizeof(*h) + payload : slab_class_size(h->cls);
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
	uint8_t cls;

	atomic_fetch_add_explicit(&total_allocs, 1, memory_order_relaxed);
	if (inject_failure() || !(h = slab_alloc(sizeof(*h) + bytes, &cls))) {
		atomic_fetch_add_explicit(&failed_allocs, 1, memory_order_relaxed);
		return NULL;
	}
	h->size = (uint32_t)size;
	h->nr_cpus = (uint16_t)nr_cpus;
	h->cls = cls;
	atomic_fetch_add_explicit(&live_objs, 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&live_bytes, (int64_t)obj_bytes(h), memory_order_relaxed);
	atomic_fetch_add_explicit(&live_block_bytes, (int64_t)block_bytes(h), memory_order_relaxed);
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

/* The memory of @b's objects goes back; no running program can reach them any more. */
static void release(struct retire_batch *b)
{
	slab_free_many(b->objs, batch_cls(b), b->nr);
	atomic_fetch_sub_explicit(&live_objs, (int64_t)b->nr, memory_order_relaxed);
	atomic_fetch_sub_explicit(&live_bytes, b->bytes, memory_order_relaxed);
	atomic_fetch_sub_explicit(&live_block_bytes, b->block_bytes, memory_order_relaxed);
}

static void reclaim_batch(struct kfunc_rcu_head *head)
{
	struct retire_batch *b = container_of(head, struct retire_batch, rcu);

	release(b);
	free(b);
}

static struct retire_batch *new_batch(uint32_t cap)
{
	struct retire_batch *b = malloc(sizeof(*b) + cap * (sizeof(b->objs[0]) + 1));

	if (b) {
		b->nr = 0;
		b->cap = cap;
		b->bytes = b->block_bytes = 0;
	}
	return b;
}

static void retire_batch(struct retire_batch *b)
{
	if (b == retiring)
		retiring = NULL;
	kfunc_rcu_call(&b->rcu, reclaim_batch);
}

/*
 * No memory for a batch. Outside a section: wait for every running program, then the object
 * can go at once. Inside one (this thread's run may still hold the object), it is leaked and
 * stays counted as live, which leak checks report: the process is out of memory anyway.
 */
static void retire_without_batch(struct obj_hdr *h)
{
	if (!kfunc_rcu_synchronize()) {
		atomic_fetch_sub_explicit(&live_objs, 1, memory_order_relaxed);
		atomic_fetch_sub_explicit(&live_bytes, (int64_t)obj_bytes(h), memory_order_relaxed);
		atomic_fetch_sub_explicit(&live_block_bytes, (int64_t)block_bytes(h),
					  memory_order_relaxed);
		slab_free(h, h->cls);
		return;
	}
	pr_warn("kfunc: out of memory while freeing an object: %u bytes leaked\n", h->size);
}

void kfunc_obj_flush_retired(void)
{
	if (retiring)
		retire_batch(retiring);
}

void kfunc_obj_free_rcu(void *p)
{
	bool in_section = kfunc_rcu_read_lock_held();
	struct retire_batch *b;
	struct obj_hdr *h;

	if (!p)
		return;
	h = hdr_of(p);
	/* A second free of the same object is a runtime bug (the verifier forbids it). */
	if (h->poisoned)
		return;
	h->poisoned = 1;
	b = in_section ? retiring : NULL;
	if (!b) {
		b = new_batch(in_section ? RETIRE_BATCH : 1);
		if (!b) {
			retire_without_batch(h);
			return;
		}
		if (in_section)
			retiring = b;
	}
	batch_cls(b)[b->nr] = h->cls;
	b->objs[b->nr++] = h;
	b->bytes += (int64_t)obj_bytes(h);
	b->block_bytes += (int64_t)block_bytes(h);
	if (b->nr == b->cap)
		retire_batch(b);
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
	stats->live_block_bytes = atomic_load(&live_block_bytes);
	stats->mapped_bytes = slab_mapped_bytes();
	stats->total_allocs = atomic_load(&total_allocs);
	stats->failed_allocs = atomic_load(&failed_allocs);
}

void kfunc_alloc_fail_after(int64_t n)
{
	atomic_store(&fail_after, n < 0 ? -1 : n);
}
