// SPDX-License-Identifier: BSD-2-Clause
/*
 * kfunc/spin_lock.c: bpf_spin_lock/bpf_spin_unlock on the program's 4-byte word, and
 * bpf_kptr_xchg.
 *
 * The lock is a test-and-test-and-set spin lock (0 free, 1 held). Critical sections are short and
 * cannot call out (the verifier allows only graph kfuncs inside), but the holder may be a
 * preempted thread on an oversubscribed machine, so a waiter yields its CPU after a while
 * instead of burning it.
 */
#include <sched.h>

#include "kfunc/kfunc.h"

#define SPINS_BEFORE_YIELD 128

static inline void cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

long kfunc_spin_lock(struct hive_bpf_spin_lock *lock)
{
	unsigned int spins = 0;

	while (__atomic_exchange_n(&lock->val, 1, __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&lock->val, __ATOMIC_RELAXED)) {
			if (++spins < SPINS_BEFORE_YIELD) {
				cpu_relax();
			} else {
				spins = 0;
				sched_yield();
			}
		}
	}
	return 0;
}

long kfunc_spin_unlock(struct hive_bpf_spin_lock *lock)
{
	__atomic_store_n(&lock->val, 0, __ATOMIC_RELEASE);
	return 0;
}

void *kfunc_kptr_xchg(void *dst, void *ptr)
{
	return __atomic_exchange_n((void **)dst, ptr, __ATOMIC_SEQ_CST);
}
