// SPDX-License-Identifier: BSD-2-Clause
/*
 * bench/verifier/progs/graph.bpf.c: graph-heavy programs for the verification benchmark. Many
 * critical sections, owning and non-owning references, refcounted nodes in a tree and a list at
 * once, bounded loops around lock/unlock pairs, and tree walks: the shapes a sched_ext scheduler's
 * run queue takes, where the verifier's reference and lock tracking is most of the work.
 */
#include "bench_common.h"
#include "bpf_experimental.h"

char LICENSE[] SEC("license") = "GPL";

struct task_node {
	__u64 deadline;
	__u32 pid;
	__u32 slice;
	struct bpf_rb_node rb;
	struct bpf_list_node ln;
	struct bpf_refcount ref;
};

private(rq) struct bpf_spin_lock rq_lock;
private(rq) struct bpf_rb_root rq_tree __contains(task_node, rb);
private(rq) struct bpf_list_head rq_fifo __contains(task_node, ln);

__u64 dispatched, enqueued, walked;

static bool by_deadline(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	struct task_node *x = container_of(a, struct task_node, rb);
	struct task_node *y = container_of(b, struct task_node, rb);

	return x->deadline < y->deadline;
}

/* One task into both collections: the tree owns one reference, the FIFO another. */
static __noinline int enqueue_one(__u32 pid, __u64 deadline)
{
	struct task_node *t = bpf_obj_new(struct task_node), *extra;

	if (!t)
		return -1;
	t->pid = pid;
	t->deadline = deadline;
	t->slice = 20;
	extra = bpf_refcount_acquire(t);
	bpf_spin_lock(&rq_lock);
	bpf_rbtree_add(&rq_tree, &t->rb, by_deadline);
	if (extra)
		bpf_list_push_back(&rq_fifo, &extra->ln);
	bpf_spin_unlock(&rq_lock);
	enqueued++;
	return 0;
}

SEC("syscall")
int enqueue_batch(void *ctx)
{
	int err = 0;

	for (__u32 i = 0; i < 32; i++)
		err |= enqueue_one(1000 + i, (i * 7919) % 101);
	return err;
}

/* Earliest deadline first: take the tree's first node, charge its slice, and requeue it with a
 * later deadline or retire it, in as many critical sections as there are rounds. */
SEC("syscall")
int dispatch_rounds(void *ctx)
{
	for (__u32 round = 0; round < 16; round++) {
		struct bpf_rb_node *rb;
		struct task_node *t;

		bpf_spin_lock(&rq_lock);
		rb = bpf_rbtree_first(&rq_tree);
		if (!rb) {
			bpf_spin_unlock(&rq_lock);
			break;
		}
		rb = bpf_rbtree_remove(&rq_tree, rb);
		bpf_spin_unlock(&rq_lock);
		if (!rb)
			continue;
		t = container_of(rb, struct task_node, rb);
		if (t->slice > 5) {
			t->slice -= 5;
			t->deadline += 10 + round;
			bpf_spin_lock(&rq_lock);
			bpf_rbtree_add(&rq_tree, &t->rb, by_deadline);
			bpf_spin_unlock(&rq_lock);
		} else {
			bpf_obj_drop(t);
		}
		dispatched++;
	}
	return 0;
}

/* Drain the FIFO: every popped node is an owning reference that must be dropped. */
SEC("syscall")
int drain_fifo(void *ctx)
{
	__u32 n = 0;

	for (__u32 i = 0; i < 64; i++) {
		struct bpf_list_node *ln;

		bpf_spin_lock(&rq_lock);
		ln = bpf_list_pop_front(&rq_fifo);
		bpf_spin_unlock(&rq_lock);
		if (!ln)
			break;
		bpf_obj_drop(container_of(ln, struct task_node, ln));
		n++;
	}
	return n;
}

/* A binary search down the tree with bpf_rbtree_root/left/right: non-owning references only,
 * all inside one critical section. */
SEC("syscall")
int find_deadline(void *ctx)
{
	__u64 want = 50, found = 0;
	struct bpf_rb_node *rb;

	bpf_spin_lock(&rq_lock);
	rb = bpf_rbtree_root(&rq_tree);
	for (int depth = 0; depth < 12 && rb; depth++) {
		struct task_node *t = container_of(rb, struct task_node, rb);

		walked++;
		if (t->deadline == want) {
			found = t->pid;
			break;
		}
		rb = want < t->deadline ? bpf_rbtree_left(&rq_tree, rb) :
					  bpf_rbtree_right(&rq_tree, rb);
	}
	bpf_spin_unlock(&rq_lock);
	return (int)found;
}

/* Peek both ends of the FIFO and the tree's first node, then rotate the FIFO's head to its
 * tail, several times: short critical sections with non-owning references that die at unlock. */
SEC("syscall")
int rotate_fifo(void *ctx)
{
	__u64 sum = 0;

	for (__u32 i = 0; i < 8; i++) {
		struct bpf_list_node *ln;
		struct bpf_rb_node *rb;

		bpf_spin_lock(&rq_lock);
		rb = bpf_rbtree_first(&rq_tree);
		if (rb)
			sum += container_of(rb, struct task_node, rb)->deadline;
		ln = bpf_list_back(&rq_fifo);
		if (ln)
			sum += container_of(ln, struct task_node, ln)->pid;
		ln = bpf_list_pop_front(&rq_fifo);
		if (ln)
			bpf_list_push_back(&rq_fifo, ln);
		bpf_spin_unlock(&rq_lock);
	}
	return (int)sum;
}
