// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/progs/real.bpf.c: graph programs shaped like real users (sched_ext-style), for
 * the examples, the corpus and the benchmark's reference points:
 *
 *   EDF run queue   rbtree keyed by deadline (ties keep insertion order), pop-min loop
 *   FIFO DSQ        a list per dispatch queue, queues in a HASH map created on demand
 *   shared task     one refcounted task in a vtime tree and in an "all tasks" list
 *   sharded tree    four roots, one per ARRAY map value, each with its own lock
 *   nested          objects that own a tree, themselves linked in a global list
 *
 * Every program is a syscall program returning 0 on success (or the failing step) and leaves
 * checkable results in globals; expected values are derived in the comments.
 */
#include "gc.h"

char LICENSE[] SEC("license") = "GPL";

/* ---- EDF run queue ---- */

struct edf_task {
	__u64 deadline;
	__u32 pid;
	__u32 pad;
	struct bpf_rb_node rb;
};

private(EDF) struct bpf_spin_lock edf_lock = {};
private(EDF) struct bpf_rb_root edf_root __contains(edf_task, rb) = {};

#define EDF_TASKS 64
long edf_popped = 0;
long edf_first_pid = -1;
long edf_order_hash = 0; /* sum over pop position k (1-based) of k * pid */

static bool edf_less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	return container_of(a, struct edf_task, rb)->deadline <
	       container_of(b, struct edf_task, rb)->deadline;
}

/* Task i (pid i) gets deadline 100 + 10 * ((37 * i) % 32): every deadline twice (i, i + 32). */
SEC("?syscall")
int edf_enqueue(void *ctx)
{
	struct edf_task *t;
	int i;

	for (i = 0; i < EDF_TASKS; i++) {
		t = bpf_obj_new(struct edf_task);
		if (!t)
			return 1;
		t->pid = i;
		t->deadline = 100 + 10 * ((37 * i) % 32);
		bpf_spin_lock(&edf_lock);
		bpf_rbtree_add(&edf_root, &t->rb, edf_less);
		bpf_spin_unlock(&edf_lock);
	}
	return 0;
}

/* Pop the earliest deadline until empty; 2 if deadlines ever go backwards. */
SEC("?syscall")
int edf_dispatch(void *ctx)
{
	struct bpf_rb_node *rb;
	struct edf_task *t;
	__u64 last = 0;
	int i, err = 0;

	for (i = 0; i < EDF_TASKS + 1; i++) {
		bpf_spin_lock(&edf_lock);
		rb = bpf_rbtree_first(&edf_root);
		if (rb)
			rb = bpf_rbtree_remove(&edf_root, rb);
		bpf_spin_unlock(&edf_lock);
		if (!rb)
			break;
		t = container_of(rb, struct edf_task, rb);
		if (t->deadline < last)
			err = 2;
		last = t->deadline;
		if (edf_popped == 0)
			edf_first_pid = t->pid;
		edf_popped++;
		edf_order_hash += edf_popped * t->pid;
		bpf_obj_drop(t);
	}
	return err;
}

/* ---- FIFO dispatch queues in a HASH map ---- */

struct fifo_task {
	__u32 pid;
	__u32 weight;
	struct bpf_list_node ln;
};

struct dsq {
	struct bpf_spin_lock lock;
	__u32 nr;
	struct bpf_list_head q __contains(fifo_task, ln);
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__type(key, __u32);
	__type(value, struct dsq);
	__uint(max_entries, 4);
} dsqs SEC(".maps");

#define FIFO_DSQ 7
#define FIFO_TASKS 32
#define FIFO_BATCH 8
long fifo_count = 0;
long fifo_order_hash = 0; /* sum over dispatch position k (1-based) of k * pid */
long fifo_peeked = -1; /* pid seen at the front before the first pop */

static struct dsq *dsq_get(__u32 id, bool create)
{
	struct dsq zero = {}, *q = bpf_map_lookup_elem(&dsqs, &id);

	if (q || !create)
		return q;
	bpf_map_update_elem(&dsqs, &id, &zero, BPF_NOEXIST);
	return bpf_map_lookup_elem(&dsqs, &id);
}

/* pid i, weight i % 3; to the back of queue FIFO_DSQ. */
SEC("?syscall")
int fifo_enqueue(void *ctx)
{
	struct fifo_task *t;
	struct dsq *q;
	int i;

	q = dsq_get(FIFO_DSQ, true);
	if (!q)
		return 1;
	for (i = 0; i < FIFO_TASKS; i++) {
		t = bpf_obj_new(struct fifo_task);
		if (!t)
			return 2;
		t->pid = i;
		t->weight = i % 3;
		bpf_spin_lock(&q->lock);
		bpf_list_push_back(&q->q, &t->ln);
		q->nr++;
		bpf_spin_unlock(&q->lock);
	}
	return 0;
}

/* Dispatch in batches of FIFO_BATCH from the front, peeking first; pids must come in order. */
SEC("?syscall")
int fifo_dispatch(void *ctx)
{
	struct bpf_list_node *n;
	struct fifo_task *t;
	struct dsq *q;
	int b, i, err = 0;

	q = dsq_get(FIFO_DSQ, false);
	if (!q)
		return 1;
	bpf_spin_lock(&q->lock);
	n = bpf_list_front(&q->q);
	if (n)
		fifo_peeked = container_of(n, struct fifo_task, ln)->pid;
	bpf_spin_unlock(&q->lock);
	for (b = 0; b < FIFO_TASKS / FIFO_BATCH + 1; b++) {
		for (i = 0; i < FIFO_BATCH; i++) {
			bpf_spin_lock(&q->lock);
			n = bpf_list_pop_front(&q->q);
			if (n)
				q->nr--;
			bpf_spin_unlock(&q->lock);
			if (!n)
				return err;
			t = container_of(n, struct fifo_task, ln);
			if (t->pid != fifo_count)
				err = 2;
			fifo_count++;
			fifo_order_hash += fifo_count * t->pid;
			bpf_obj_drop(t);
		}
	}
	return err ?: 3;
}

/* ---- one refcounted task in a tree and a list ---- */

struct rt_task {
	__u64 vtime;
	__u32 pid;
	__u32 picks;
	struct bpf_rb_node rb;
	struct bpf_list_node ln;
	struct bpf_refcount ref;
};

private(RT) struct bpf_spin_lock rt_lock = {};
private(RT) struct bpf_rb_root rt_tree __contains(rt_task, rb) = {};
private(RT) struct bpf_list_head rt_all __contains(rt_task, ln) = {};

#define RT_TASKS 16
#define RT_PICKS 40
long rt_pick_hash = 0; /* sum over pick k (1-based) of k * pid */
long rt_list_count = 0; /* tasks found in rt_all when draining */
long rt_tree_count = 0; /* tasks found in rt_tree when draining */
long rt_picks_total = 0; /* sum of every task's pick counter, seen through the list */

static bool rt_less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	return container_of(a, struct rt_task, rb)->vtime <
	       container_of(b, struct rt_task, rb)->vtime;
}

/* Task i: vtime 1000 + 7 * i; one reference in the tree, one in the list. */
SEC("?syscall")
int rt_add(void *ctx)
{
	struct rt_task *t, *m;
	int i;

	for (i = 0; i < RT_TASKS; i++) {
		t = bpf_obj_new(struct rt_task);
		if (!t)
			return 1;
		t->pid = i;
		t->vtime = 1000 + 7 * i;
		t->picks = 0; /* bpf_obj_new does not clear recycled memory */
		m = bpf_refcount_acquire(t);
		bpf_spin_lock(&rt_lock);
		bpf_rbtree_add(&rt_tree, &t->rb, rt_less);
		bpf_list_push_back(&rt_all, &m->ln);
		bpf_spin_unlock(&rt_lock);
	}
	return 0;
}

/*
 * RT_PICKS times: take the smallest vtime out of the tree, charge it 50 + pid (so tasks
 * drift apart), count the pick, put it back. The task stays in rt_all throughout.
 */
SEC("?syscall")
int rt_pick(void *ctx)
{
	struct bpf_rb_node *rb;
	struct rt_task *t;
	int k;

	for (k = 1; k <= RT_PICKS; k++) {
		bpf_spin_lock(&rt_lock);
		rb = bpf_rbtree_first(&rt_tree);
		if (rb)
			rb = bpf_rbtree_remove(&rt_tree, rb);
		bpf_spin_unlock(&rt_lock);
		if (!rb)
			return 1;
		t = container_of(rb, struct rt_task, rb);
		rt_pick_hash += k * t->pid;
		t->vtime += 50 + t->pid;
		t->picks++;
		bpf_spin_lock(&rt_lock);
		bpf_rbtree_add(&rt_tree, &t->rb, rt_less);
		bpf_spin_unlock(&rt_lock);
	}
	return 0;
}

/* Empty both collections, dropping each reference. */
SEC("?syscall")
int rt_drain(void *ctx)
{
	struct bpf_list_node *ln;
	struct bpf_rb_node *rb;
	struct rt_task *t;
	int i;

	for (i = 0; i < RT_TASKS + 1; i++) {
		bpf_spin_lock(&rt_lock);
		ln = bpf_list_pop_front(&rt_all);
		bpf_spin_unlock(&rt_lock);
		if (!ln)
			break;
		t = container_of(ln, struct rt_task, ln);
		rt_list_count++;
		rt_picks_total += t->picks;
		bpf_obj_drop(t);
	}
	for (i = 0; i < RT_TASKS + 1; i++) {
		bpf_spin_lock(&rt_lock);
		rb = bpf_rbtree_first(&rt_tree);
		if (rb)
			rb = bpf_rbtree_remove(&rt_tree, rb);
		bpf_spin_unlock(&rt_lock);
		if (!rb)
			break;
		rt_tree_count++;
		bpf_obj_drop(container_of(rb, struct rt_task, rb));
	}
	return 0;
}

/* ---- sharded tree: one root per ARRAY value ---- */

struct shard_node {
	long key;
	struct bpf_rb_node rb;
};

struct shard {
	long count;
	struct bpf_spin_lock lock;
	struct bpf_rb_root root __contains(shard_node, rb);
};

#define NR_SHARDS 4
#define SHARD_KEYS 64

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, __u32);
	__type(value, struct shard);
	__uint(max_entries, NR_SHARDS);
} shards SEC(".maps");

long shard_counts[NR_SHARDS] = {};
long shard_min[NR_SHARDS] = {};

static bool shard_less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	return container_of(a, struct shard_node, rb)->key <
	       container_of(b, struct shard_node, rb)->key;
}

/* Keys 63..0 (descending), key k into shard k % NR_SHARDS. */
SEC("?syscall")
int shard_insert(void *ctx)
{
	struct shard_node *n;
	struct shard *s;
	__u32 idx;
	int k;

	for (k = SHARD_KEYS - 1; k >= 0; k--) {
		idx = k % NR_SHARDS;
		s = bpf_map_lookup_elem(&shards, &idx);
		if (!s)
			return 1;
		n = bpf_obj_new(struct shard_node);
		if (!n)
			return 2;
		n->key = k;
		bpf_spin_lock(&s->lock);
		bpf_rbtree_add(&s->root, &n->rb, shard_less);
		s->count++;
		bpf_spin_unlock(&s->lock);
	}
	return 0;
}

/*
 * Drain one shard in key order, returning the sum of its keys (-1: no such shard). A global
 * function: the verifier checks it once, on its own, instead of once per shard.
 */
__noinline int shard_drain_one(__u32 idx)
{
	struct bpf_rb_node *rb;
	struct shard *s;
	long sum = 0, key;
	__u32 slot = idx;
	int i;

	s = bpf_map_lookup_elem(&shards, &idx);
	if (!s)
		return -1;
	/* a register copy, masked: idx itself lives on the stack (its address was taken) */
	gc_barrier_var(slot);
	slot &= NR_SHARDS - 1;
	shard_min[slot] = -1;
	for (i = 0; i < SHARD_KEYS / NR_SHARDS + 1; i++) {
		bpf_spin_lock(&s->lock);
		rb = bpf_rbtree_first(&s->root);
		if (rb)
			rb = bpf_rbtree_remove(&s->root, rb);
		if (rb)
			s->count--;
		bpf_spin_unlock(&s->lock);
		if (!rb)
			break;
		key = container_of(rb, struct shard_node, rb)->key;
		if (i == 0)
			shard_min[slot] = key;
		shard_counts[slot]++;
		sum += key;
		bpf_obj_drop(container_of(rb, struct shard_node, rb));
	}
	return sum;
}

/* Drain every shard; returns the sum of all keys (0 + ... + 63 = 2016). */
SEC("?syscall")
int shard_drain(void *ctx)
{
	long sum = 0, part;
	__u32 idx;

	for (idx = 0; idx < NR_SHARDS; idx++) {
		part = shard_drain_one(idx);
		if (part < 0)
			return -1;
		sum += part;
	}
	return sum;
}

/* ---- nested ownership: objects owning a tree, linked in a global list ---- */

struct nest_inner {
	long v;
	struct bpf_rb_node rb;
};

struct nest_outer {
	long id;
	struct bpf_spin_lock lock;
	struct bpf_rb_root tree __contains(nest_inner, rb);
	struct bpf_list_node ln;
};

private(NEST) struct bpf_spin_lock nest_lock = {};
private(NEST) struct bpf_list_head nest_list __contains(nest_outer, ln) = {};

#define NEST_OUTER 3
#define NEST_INNER 5
long nest_sum = 0; /* sum of every inner value consumed */
long nest_outers = 0;

static bool nest_less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	return container_of(a, struct nest_inner, rb)->v <
	       container_of(b, struct nest_inner, rb)->v;
}

/* Outer o (id o) holds inners v = 10 * o + j; outers go to the back of nest_list. */
SEC("?syscall")
int nest_build(void *ctx)
{
	struct nest_outer *o;
	struct nest_inner *in;
	int i, j;

	for (i = 0; i < NEST_OUTER; i++) {
		o = bpf_obj_new(struct nest_outer);
		if (!o)
			return 1;
		o->id = i;
		for (j = 0; j < NEST_INNER; j++) {
			in = bpf_obj_new(struct nest_inner);
			if (!in) {
				bpf_obj_drop(o);
				return 2;
			}
			in->v = 10 * i + j;
			bpf_spin_lock(&o->lock);
			bpf_rbtree_add(&o->tree, &in->rb, nest_less);
			bpf_spin_unlock(&o->lock);
		}
		bpf_spin_lock(&nest_lock);
		bpf_list_push_back(&nest_list, &o->ln);
		bpf_spin_unlock(&nest_lock);
	}
	return 0;
}

/*
 * Take every outer but the last out of the list, empty its tree (min first), drop it. The
 * last outer stays, with its tree, for map destruction to free. Inner values consumed:
 * outers 0 and 1: 0..4 and 10..14, sum 10 + 60 = 70.
 */
SEC("?syscall")
int nest_consume(void *ctx)
{
	struct bpf_list_node *ln;
	struct bpf_rb_node *rb;
	struct nest_outer *o;
	int i, j;

	for (i = 0; i < NEST_OUTER - 1; i++) {
		bpf_spin_lock(&nest_lock);
		ln = bpf_list_pop_front(&nest_list);
		bpf_spin_unlock(&nest_lock);
		if (!ln)
			return 1;
		o = container_of(ln, struct nest_outer, ln);
		nest_outers++;
		for (j = 0; j < NEST_INNER + 1; j++) {
			bpf_spin_lock(&o->lock);
			rb = bpf_rbtree_first(&o->tree);
			if (rb)
				rb = bpf_rbtree_remove(&o->tree, rb);
			bpf_spin_unlock(&o->lock);
			if (!rb)
				break;
			nest_sum += container_of(rb, struct nest_inner, rb)->v;
			bpf_obj_drop(container_of(rb, struct nest_inner, rb));
		}
		bpf_obj_drop(o);
	}
	return 0;
}
