/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kfunc/runtime.h: what the interpreter wraps around every program run: the CPU the run
 * executes as (per-CPU maps and objects pick their slot with it) and the RCU-like read-side
 * section that keeps freed objects readable until every run that could still see them ends.
 *
 * CPU model: there are kfunc_nr_cpus() possible CPUs (the host's configured count unless set
 * before the first per-CPU allocation); each thread executes as CPU 0 until it calls
 * kfunc_set_this_cpu(). Two threads may claim the same CPU id; nothing here prevents it
 * (per-CPU data is then shared, as it would be with preemption in the kernel).
 *
 * Deferred reclamation (an epoch scheme): a run does
 *	kfunc_rcu_read_lock(); ...program...; kfunc_rcu_read_unlock();
 * and anything retired with kfunc_rcu_call() while a run is active is reclaimed only after all
 * runs active at retire time have finished. Sections nest. Reclamation happens opportunistically
 * at read_unlock and in kfunc_rcu_call(), and synchronously in kfunc_rcu_barrier() (tests, object
 * close). Callbacks run outside any internal lock and may retire more memory.
 */
#ifndef __HIVE_KFUNC_RUNTIME_H
#define __HIVE_KFUNC_RUNTIME_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Possible CPUs (the kernel's num_possible_cpus()); at least 1. */
unsigned int kfunc_nr_cpus(void);
/*
 * kfunc_set_nr_cpus() - choose the number of possible CPUs. Returns 0, -EINVAL for 0 or more
 * than HIVE_MAX_CPUS, -EBUSY once a per-CPU map or object exists (their layout depends on it).
 */
int kfunc_set_nr_cpus(unsigned int nr);
#define HIVE_MAX_CPUS 4096

/* The CPU the calling thread executes as (bpf_get_smp_processor_id()); 0 by default. */
unsigned int kfunc_this_cpu(void);
/* kfunc_set_this_cpu() - 0, or -EINVAL if @cpu >= kfunc_nr_cpus(). */
int kfunc_set_this_cpu(unsigned int cpu);
/* Called by per-CPU maps and objects when created: freezes kfunc_nr_cpus(). */
void kfunc_cpus_pin(void);

struct kfunc_rcu_head;
typedef void (*kfunc_rcu_fn)(struct kfunc_rcu_head *head);

/* Embedded in whatever is retired (as the kernel's struct rcu_head). */
struct kfunc_rcu_head {
	struct kfunc_rcu_head *next;
	uint64_t epoch;
	kfunc_rcu_fn func;
};

/* Enter/leave a read-side section (one program run). Cheap; nestable; per thread. */
void kfunc_rcu_read_lock(void);
void kfunc_rcu_read_unlock(void);
bool kfunc_rcu_read_lock_held(void);

/* kfunc_rcu_call() - run @func(@head) once every section active now has ended. */
void kfunc_rcu_call(struct kfunc_rcu_head *head, kfunc_rcu_fn func);
/*
 * kfunc_rcu_synchronize() - wait until every section active at the call has ended, then
 * reclaim what became reclaimable. Returns 0, or -EDEADLK if the caller is itself inside a
 * section (it would wait for itself; nothing is waited for then).
 */
int kfunc_rcu_synchronize(void);
/*
 * kfunc_rcu_barrier() - synchronize, then run every callback queued before the call (and, as
 * callbacks may queue more, repeat until the queue holds nothing older). Same errors.
 */
int kfunc_rcu_barrier(void);
/* Callbacks queued and not yet run (for tests and leak reports). */
uint64_t kfunc_rcu_pending(void);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_KFUNC_RUNTIME_H */
