// SPDX-License-Identifier: BSD-2-Clause
/*
 * kfunc/runtime.c: the CPU id of each thread and epoch-based deferred reclamation.
 *
 * Epochs: a global counter starts at 1. A thread entering its outermost read section publishes
 * the counter's value as its `start` (0 means "not in a section") and fences, so that any
 * pointer it loads afterwards was loaded after the publication. Retiring memory takes a ticket
 * T = counter++ (under the queue lock, so the queue is ordered by T). Memory with ticket T may be
 * reclaimed when every thread is either outside a section or started with a value > T: such a
 * thread read the counter after the retire, hence after the memory was unlinked, and cannot
 * reach it. The classic EBR argument, with sequentially consistent fences on both sides.
 *
 * Readers are per-thread slots on a list that only grows; a slot is recycled when its thread
 * exits (pthread key destructor), so the list is bounded by the peak number of threads.
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "kfunc/runtime.h"
#include "kfunc/alloc.h"
#include "common/err.h"

/* ---- CPUs ---- */

static _Atomic unsigned int nr_cpus; /* 0 until first asked */
static _Atomic bool cpus_pinned;
static __thread unsigned int this_cpu;

unsigned int kfunc_nr_cpus(void)
{
	unsigned int n = atomic_load_explicit(&nr_cpus, memory_order_relaxed);
	long host;

	if (likely(n))
		return n;
	host = sysconf(_SC_NPROCESSORS_CONF);
	n = host < 1 ? 1 : host > HIVE_MAX_CPUS ? HIVE_MAX_CPUS : (unsigned int)host;
	/* Racing first callers compute the same value; keep whichever landed first. */
	unsigned int expected = 0;

	if (!atomic_compare_exchange_strong(&nr_cpus, &expected, n))
		n = expected;
	return n;
}

int kfunc_set_nr_cpus(unsigned int nr)
{
	if (!nr || nr > HIVE_MAX_CPUS)
		return -EINVAL;
	if (atomic_load(&cpus_pinned))
		return nr == kfunc_nr_cpus() ? 0 : -EBUSY;
	atomic_store(&nr_cpus, nr);
	if (this_cpu >= nr)
		this_cpu = 0;
	return 0;
}

void kfunc_cpus_pin(void)
{
	kfunc_nr_cpus();
	atomic_store(&cpus_pinned, true);
}

unsigned int kfunc_this_cpu(void)
{
	return this_cpu;
}

int kfunc_set_this_cpu(unsigned int cpu)
{
	if (cpu >= kfunc_nr_cpus())
		return -EINVAL;
	this_cpu = cpu;
	return 0;
}

/* ---- epochs ---- */

struct rcu_reader {
	_Atomic uint64_t start; /* epoch at outermost lock, 0 when outside any section */
	unsigned int nest; /* touched by the owning thread (under overflow_lock if shared) */
	_Atomic bool in_use;
};

/*
 * Slots are static so that entering a section never allocates (and so never fails). Threads
 * beyond RCU_SLOTS share the overflow slot under a mutex; its start is the epoch at which its
 * first current user entered, which is conservative for the others.
 */
#define RCU_SLOTS 256
static struct rcu_reader slots[RCU_SLOTS + 1];
#define overflow_slot (&slots[RCU_SLOTS])
static pthread_mutex_t overflow_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic unsigned int nr_slots_used; /* high-water mark of slots[] handed out */

static _Atomic uint64_t global_epoch = 1;
static pthread_mutex_t readers_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_key_t reader_key;
static pthread_once_t reader_key_once = PTHREAD_ONCE_INIT;
static __thread struct rcu_reader *self;
static __thread unsigned int depth; /* this thread's nesting (a shared slot counts all users) */

/* The retire queue, ordered by epoch ticket. */
static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static struct kfunc_rcu_head *queue_head, **queue_tail = &queue_head;
static _Atomic uint64_t queue_len;
static uint64_t queue_last_epoch; /* ticket of the newest queued head (under queue_lock) */

/* Reclaim without waiting once this many callbacks are queued. */
#define RCU_BATCH 256

static void reader_release(void *arg)
{
	struct rcu_reader *r = arg;

	atomic_store(&r->start, 0);
	r->nest = 0;
	atomic_store(&r->in_use, false);
}

static void make_key(void)
{
	/* Failure leaves slots unrecycled at thread exit: later threads share the overflow
	 * slot, which is slower but still correct. */
	(void)pthread_key_create(&reader_key, reader_release);
}

static struct rcu_reader *reader_get(void)
{
	struct rcu_reader *r = overflow_slot;
	unsigned int i, used;

	if (likely(self))
		return self;
	pthread_once(&reader_key_once, make_key);
	pthread_mutex_lock(&readers_lock);
	used = atomic_load(&nr_slots_used);
	for (i = 0; i < used; i++)
		if (!atomic_load(&slots[i].in_use))
			break;
	if (i < RCU_SLOTS) {
		r = &slots[i];
		atomic_store(&r->in_use, true);
		if (i == used)
			atomic_store(&nr_slots_used, used + 1);
		pthread_setspecific(reader_key, r);
	}
	pthread_mutex_unlock(&readers_lock);
	self = r;
	return r;
}

static void rcu_reclaim(bool wait);

void kfunc_rcu_read_lock(void)
{
	struct rcu_reader *r = reader_get();

	depth++;

	if (unlikely(r == overflow_slot)) {
		pthread_mutex_lock(&overflow_lock);
		if (!r->nest++) {
			atomic_store(&r->start, atomic_load(&global_epoch));
			atomic_thread_fence(memory_order_seq_cst);
		}
		pthread_mutex_unlock(&overflow_lock);
		return;
	}
	if (r->nest++)
		return;
	atomic_store_explicit(&r->start, atomic_load(&global_epoch), memory_order_relaxed);
	atomic_thread_fence(memory_order_seq_cst);
}

void kfunc_rcu_read_unlock(void)
{
	struct rcu_reader *r = self;
	bool last;

	/* What the allocator retired in bulk must be queued while this section still holds
	 * back reclamation: queued after the section's end, it could be missed by a
	 * kfunc_rcu_barrier() that saw the section end. */
	if (depth == 1)
		kfunc_obj_flush_retired();
	depth--;

	if (unlikely(r == overflow_slot)) {
		pthread_mutex_lock(&overflow_lock);
		last = !--r->nest;
		if (last)
			atomic_store(&r->start, 0);
		pthread_mutex_unlock(&overflow_lock);
	} else {
		last = !--r->nest;
		if (last)
			atomic_store_explicit(&r->start, 0, memory_order_release);
	}
	if (last && unlikely(atomic_load_explicit(&queue_len, memory_order_relaxed)))
		rcu_reclaim(false);
}

/* Whether the calling thread is inside a section. */
bool kfunc_rcu_read_lock_held(void)
{
	return depth != 0;
}

/*
 * Slots handed out so far. A thread that takes a new slot after this was read publishes its
 * start only later, after every ticket issued before the read: it cannot hold retired memory.
 */
static unsigned int nr_readers(void)
{
	return atomic_load(&nr_slots_used);
}

/* Scan order: slots[0 .. n-1], then the overflow slot at index n. */
static struct rcu_reader *reader_at(unsigned int i, unsigned int n)
{
	return i < n ? &slots[i] : overflow_slot;
}

/* Smallest start among active readers, or UINT64_MAX when none is active. */
static uint64_t oldest_reader(void)
{
	unsigned int n = nr_readers();
	uint64_t min = UINT64_MAX;

	atomic_thread_fence(memory_order_seq_cst);
	for (unsigned int i = 0; i <= n; i++) {
		uint64_t s = atomic_load(&reader_at(i, n)->start);

		if (s && s < min)
			min = s;
	}
	return min;
}

/* Detach the queued callbacks with a ticket below @limit and run them. */
static void run_expired(uint64_t limit, bool wait)
{
	struct kfunc_rcu_head *list, **tail = &list, *h;
	uint64_t n = 0;

	if (wait)
		pthread_mutex_lock(&queue_lock);
	else if (pthread_mutex_trylock(&queue_lock))
		return;
	/*
	 * Usually everything queued has expired (a run ended and no other is active): take the
	 * whole queue without walking it. A walk touches every retired object once more, in
	 * retire order, which is random in memory, and holds the lock retirers need meanwhile.
	 */
	if (queue_head && queue_last_epoch < limit) {
		list = queue_head;
		n = atomic_load(&queue_len);
		queue_head = NULL;
		queue_tail = &queue_head;
		atomic_fetch_sub(&queue_len, n);
		pthread_mutex_unlock(&queue_lock);
		goto run;
	}
	while (queue_head && queue_head->epoch < limit) {
		h = queue_head;
		queue_head = h->next;
		*tail = h;
		tail = &h->next;
		n++;
	}
	*tail = NULL;
	if (!queue_head)
		queue_tail = &queue_head;
	atomic_fetch_sub(&queue_len, n);
	pthread_mutex_unlock(&queue_lock);
run:
	while (list) {
		h = list;
		list = h->next;
		h->func(h);
	}
}

static void rcu_reclaim(bool wait)
{
	run_expired(oldest_reader(), wait);
}

void kfunc_rcu_call(struct kfunc_rcu_head *head, kfunc_rcu_fn func)
{
	uint64_t len;

	head->func = func;
	head->next = NULL;
	pthread_mutex_lock(&queue_lock);
	head->epoch = atomic_fetch_add(&global_epoch, 1);
	queue_last_epoch = head->epoch;
	*queue_tail = head;
	queue_tail = &head->next;
	len = atomic_fetch_add(&queue_len, 1) + 1;
	pthread_mutex_unlock(&queue_lock);
	/* Nothing runs concurrently (typical for user-space map operations): free right away
	 * in batches rather than letting the queue grow until the next program run. */
	if (len >= RCU_BATCH && !kfunc_rcu_read_lock_held())
		rcu_reclaim(false);
}

int kfunc_rcu_synchronize(void)
{
	uint64_t ticket;
	unsigned int n;

	if (kfunc_rcu_read_lock_held())
		return -EDEADLK;
	ticket = atomic_fetch_add(&global_epoch, 1);
	atomic_thread_fence(memory_order_seq_cst);
	n = nr_readers();
	for (unsigned int i = 0; i <= n; i++) {
		for (;;) {
			uint64_t s = atomic_load(&reader_at(i, n)->start);

			if (!s || s > ticket)
				break;
			sched_yield();
		}
	}
	rcu_reclaim(true);
	return 0;
}

int kfunc_rcu_barrier(void)
{
	int err;

	/* Callbacks may retire more memory (a dropped object's nested objects are retired when
	 * it is dropped, not when it is reclaimed, but a map element's callback may drop), so
	 * loop until a pass leaves nothing behind. */
	do {
		err = kfunc_rcu_synchronize();
		if (err)
			return err;
	} while (atomic_load(&queue_len));
	return 0;
}

uint64_t kfunc_rcu_pending(void)
{
	return atomic_load(&queue_len);
}
