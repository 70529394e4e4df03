// SPDX-License-Identifier: BSD-2-Clause
/*
 * examples/runqueue/runqueue.bpf.c: an earliest-deadline-first run queue, the way a sched_ext
 * scheduler keeps one: tasks are objects allocated with bpf_obj_new(), queued on a bpf_rb_root
 * ordered by deadline; dispatching takes the leftmost task, advances a virtual clock by its
 * slice and moves it to a FIFO of completed tasks (a bpf_list_head), which user space reaps.
 * Each root lives in its own data section with the bpf_spin_lock that protects it.
 *
 *   enqueue(pid, deadline, slice)   a new task in the run queue
 *   dispatch()                      run the task with the earliest deadline
 *   reap()                          take up to 8 completed tasks, oldest first
 *   simulate(seed)                  all of it at once, for a single `bpfhive run`
 *
 * The same object loads into the kernel (syscall programs, BPF_PROG_TEST_RUN) and into bpfhive.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf_experimental.h>

char LICENSE[] SEC("license") = "GPL";

#define REAP_MAX 8
#define SIM_TASKS 8

struct task {
	__u64 deadline; /* absolute, in virtual ns */
	__u32 pid;
	__u32 slice; /* ns of virtual time the task runs for */
	struct bpf_rb_node node; /* in the run queue */
	struct bpf_list_node link; /* in the completed FIFO */
	struct bpf_refcount ref; /* a type in two collections must be refcounted */
};

private(rq) struct bpf_spin_lock rq_lock;
private(rq) struct bpf_rb_root runq __contains(task, node);
private(done) struct bpf_spin_lock done_lock;
private(done) struct bpf_list_head completed __contains(task, link);

/* Statistics, read by user space from .bss (one struct, so its layout is the C one). */
struct stats {
	__u64 clock_ns; /* virtual time: the sum of the slices run */
	__u64 nr_enqueued, nr_dispatched, nr_reaped, nr_missed, nr_queued;
} stats;

struct enqueue_args {
	__u32 pid;
	__u32 slice;
	__u64 deadline;
};

struct dispatch_args {
	__s32 pid; /* -1: the queue was empty */
	__u32 late; /* 1 if the task finished after its deadline */
	__u64 clock; /* virtual time after the task ran */
};

struct reap_args {
	__u32 nr;
	__u32 pids[REAP_MAX];
};

struct simulate_args {
	__u64 seed;
	__s32 order[SIM_TASKS]; /* pids in dispatch order */
	__u32 reaped[SIM_TASKS]; /* pids as reaped from the FIFO */
};

static bool deadline_less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	struct task *x = container_of(a, struct task, node);
	struct task *y = container_of(b, struct task, node);

	return x->deadline < y->deadline;
}

static int enqueue_task(__u32 pid, __u64 deadline, __u32 slice)
{
	struct task *t = bpf_obj_new(struct task);

	if (!t)
		return -1;
	t->pid = pid;
	t->deadline = deadline;
	t->slice = slice;
	bpf_spin_lock(&rq_lock);
	bpf_rbtree_add(&runq, &t->node, deadline_less);
	bpf_spin_unlock(&rq_lock);
	__sync_fetch_and_add(&stats.nr_enqueued, 1);
	__sync_fetch_and_add(&stats.nr_queued, 1);
	return 0;
}

/* Run the earliest-deadline task: returns its pid (-1 if none), sets *late. */
static int dispatch_one(__u32 *late)
{
	struct bpf_rb_node *n;
	struct task *t;
	int pid;

	bpf_spin_lock(&rq_lock);
	n = bpf_rbtree_first(&runq);
	if (n)
		n = bpf_rbtree_remove(&runq, n);
	bpf_spin_unlock(&rq_lock);
	if (!n)
		return -1;
	t = container_of(n, struct task, node);
	stats.clock_ns += t->slice;
	*late = stats.clock_ns > t->deadline;
	stats.nr_missed += *late;
	stats.nr_dispatched++;
	stats.nr_queued--;
	pid = (int)t->pid;
	bpf_spin_lock(&done_lock);
	bpf_list_push_back(&completed, &t->link);
	bpf_spin_unlock(&done_lock);
	return pid;
}

/* Take the oldest completed task; its pid, or -1 if the FIFO is empty. */
static int reap_one(void)
{
	struct bpf_list_node *l;
	struct task *t;
	int pid;

	bpf_spin_lock(&done_lock);
	l = bpf_list_pop_front(&completed);
	bpf_spin_unlock(&done_lock);
	if (!l)
		return -1;
	t = container_of(l, struct task, link);
	pid = (int)t->pid;
	bpf_obj_drop(t);
	stats.nr_reaped++;
	return pid;
}

SEC("syscall")
int enqueue(struct enqueue_args *a)
{
	return enqueue_task(a->pid, a->deadline, a->slice);
}

SEC("syscall")
int dispatch(struct dispatch_args *a)
{
	__u32 late = 0;

	a->pid = dispatch_one(&late);
	a->late = late;
	a->clock = stats.clock_ns;
	return a->pid;
}

SEC("syscall")
int reap(struct reap_args *a)
{
	__u32 n = 0;

	/* unrolled: the context may only be accessed at constant offsets */
#pragma clang loop unroll(full)
	for (int i = 0; i < REAP_MAX; i++) {
		int pid = reap_one();

		if (pid < 0)
			break;
		a->pids[i] = pid;
		n++;
	}
	a->nr = n;
	return n;
}

/* Eight tasks with pseudo-random deadlines and slices from the seed, dispatched and reaped. */
SEC("syscall")
int simulate(struct simulate_args *a)
{
	__u64 x = a->seed ?: 1, now = stats.clock_ns;

	for (int i = 0; i < SIM_TASKS; i++) {
		x = x * 6364136223846793005ULL + 1442695040888963407ULL;
		if (enqueue_task(100 + i, now + 1000 + (x >> 33) % 8000, 500 + (x >> 50) % 1000))
			return -1;
	}
#pragma clang loop unroll(full)
	for (int i = 0; i < SIM_TASKS; i++) {
		__u32 late = 0;

		a->order[i] = dispatch_one(&late);
	}
#pragma clang loop unroll(full)
	for (int i = 0; i < SIM_TASKS; i++) {
		int pid = reap_one();

		a->reaped[i] = pid < 0 ? 0 : pid;
	}
	return (int)stats.nr_missed;
}
