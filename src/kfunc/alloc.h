/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kfunc/alloc.h: the typed allocator behind bpf_obj_new/bpf_percpu_obj_new (the kernel's
 * bpf_global_ma / bpf_global_percpu_ma) and the live-object accounting tests use to see leaks.
 *
 * Objects are zeroed. Each carries a 16-byte hidden header (before the returned pointer) with
 * its size and its block's size class (kfunc/slab.c). Freeing is always deferred: a program on
 * another thread may
 * still read an object through a non-owning or RCU pointer after it was dropped, and the memory
 * stays valid until every program run active at drop time has ended (kfunc/runtime.h).
 *
 * Per-CPU objects hold kfunc_nr_cpus() zeroed copies of `size` bytes; the pointer handed to
 * programs addresses CPU 0's copy and kfunc_percpu_ptr() gives any CPU's copy (what
 * bpf_per_cpu_ptr/bpf_this_cpu_ptr return).
 */
#ifndef __HIVE_KFUNC_ALLOC_H
#define __HIVE_KFUNC_ALLOC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Largest bpf_obj_new size the kernel's allocator serves: its biggest bucket is 4096 bytes and
 * non-per-CPU objects carry an 8-byte free-list link (memalloc.c). Larger or zero sizes get
 * NULL at run time, as in the kernel.
 */
#define KFUNC_OBJ_MAX_SIZE (4096 - 8)
#define KFUNC_PERCPU_OBJ_MAX_SIZE 4096

/* kfunc_obj_alloc() - zeroed object of @size bytes, or NULL (size 0, too big, no memory). */
void *kfunc_obj_alloc(uint64_t size);
/* kfunc_percpu_obj_alloc() - zeroed per-CPU object, NULL as above. */
void *kfunc_percpu_obj_alloc(uint64_t size);
/*
 * kfunc_obj_free_rcu() - release the memory of an object from kfunc_obj_alloc() or
 * kfunc_percpu_obj_alloc() once no running program can see it. Does not touch its fields
 * (see kfunc_obj_drop() in kfunc/fields.h for the kernel's drop semantics). Accepts NULL.
 */
void kfunc_obj_free_rcu(void *p);

/*
 * kfunc_obj_flush_retired() - queue for reclamation what the calling thread freed in bulk
 * inside its read-side section (kfunc_obj_free_rcu() batches there). kfunc_rcu_read_unlock()
 * calls it when the thread's outermost section ends.
 */
void kfunc_obj_flush_retired(void);

/* Allocation size of an object from this allocator (per-CPU: the size of one copy). */
uint64_t kfunc_obj_size(const void *p);
bool kfunc_obj_is_percpu(const void *p);
/* kfunc_percpu_ptr() - @cpu's copy of per-CPU object @p, NULL if @cpu is out of range. */
void *kfunc_percpu_ptr(void *p, unsigned int cpu);

/*
 * Live accounting: objects allocated and not yet reclaimed (dropped objects count until the
 * deferred free ran: call kfunc_rcu_barrier() first to see a settled number). Bytes count the
 * objects' sizes (per-CPU objects: size x CPUs), not the headers.
 */
struct kfunc_mem_stats {
	int64_t live_objs;
	int64_t live_bytes;
	/* what the live objects really take: their blocks, headers and class rounding included */
	int64_t live_block_bytes;
	uint64_t mapped_bytes; /* regions of the size classes (kept for reuse once mapped) */
	uint64_t total_allocs; /* attempts since the process started */
	uint64_t failed_allocs; /* attempts that returned NULL */
};
void kfunc_mem_stats(struct kfunc_mem_stats *stats);

/*
 * Fault injection for tests: the next @n allocations succeed, then every one fails until
 * reset with a negative @n (the default).
 */
void kfunc_alloc_fail_after(int64_t n);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_KFUNC_ALLOC_H */
