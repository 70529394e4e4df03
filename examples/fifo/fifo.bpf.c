// SPDX-License-Identifier: BSD-2-Clause
/*
 * examples/fifo/fifo.bpf.c: a bounded message queue on a bpf_list_head, the way a BPF program
 * hands work to a consumer in order: producers append messages (bpf_obj_new objects) at the
 * tail, urgent ones jump to the head, the consumer takes them from the head. The list and the
 * counter that bounds it live in one data section with the bpf_spin_lock that protects both.
 *
 *   produce(id, payload)          append; returns the queue depth, or -1 when full/no memory
 *   produce_urgent(id, payload)   the same at the head
 *   peek()                        id of the next message without taking it (bpf_list_front)
 *   consume()                     take the next message: its id and payload, -1 when empty
 *
 * The same object loads into the kernel (syscall programs, BPF_PROG_TEST_RUN) and into bpfhive.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf_experimental.h>

char LICENSE[] SEC("license") = "GPL";

#define FIFO_CAP 16

struct fifo_msg {
	__u64 id;
	__u64 payload;
	struct bpf_list_node link;
};

private(q) struct bpf_spin_lock q_lock = {};
private(q) struct bpf_list_head q_head __contains(fifo_msg, link) = {};
private(q) __u32 q_depth = 0; /* messages in q_head; changed under q_lock only */

/* Statistics in .bss, read by user space. */
struct fifo_stats {
	__u64 produced, consumed, rejected;
} stats;

struct msg_args {
	__u64 id;
	__u64 payload;
};

static int push(struct msg_args *a, bool urgent)
{
	struct fifo_msg *m = bpf_obj_new(struct fifo_msg);
	int depth = -1;

	if (!m) {
		stats.rejected++;
		return -1;
	}
	m->id = a->id;
	m->payload = a->payload;
	bpf_spin_lock(&q_lock);
	if (q_depth < FIFO_CAP) {
		if (urgent)
			bpf_list_push_front(&q_head, &m->link);
		else
			bpf_list_push_back(&q_head, &m->link);
		m = NULL; /* the list owns it now */
		depth = ++q_depth;
	}
	bpf_spin_unlock(&q_lock);
	if (m) { /* full: the message was not queued */
		bpf_obj_drop(m);
		stats.rejected++;
		return -1;
	}
	stats.produced++;
	return depth;
}

SEC("syscall")
int produce(struct msg_args *a)
{
	return push(a, false);
}

SEC("syscall")
int produce_urgent(struct msg_args *a)
{
	return push(a, true);
}

SEC("syscall")
int peek(void *ctx)
{
	struct bpf_list_node *l;
	long id = -1;

	bpf_spin_lock(&q_lock);
	l = bpf_list_front(&q_head);
	if (l)
		id = container_of(l, struct fifo_msg, link)->id;
	bpf_spin_unlock(&q_lock);
	return id;
}

SEC("syscall")
int consume(struct msg_args *a)
{
	struct bpf_list_node *l;
	struct fifo_msg *m;

	bpf_spin_lock(&q_lock);
	l = bpf_list_pop_front(&q_head);
	if (l)
		q_depth--;
	bpf_spin_unlock(&q_lock);
	if (!l)
		return -1;
	m = container_of(l, struct fifo_msg, link);
	a->id = m->id;
	a->payload = m->payload;
	bpf_obj_drop(m);
	stats.consumed++;
	return 0;
}
