// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/progs/pc.bpf.c: per-CPU local objects (spec B.1/B.2 percpu, C.9, D.10):
 * bpf_percpu_obj_new/drop, stashing into a __percpu_kptr field, per-CPU access through
 * bpf_this_cpu_ptr/bpf_per_cpu_ptr on the RCU view, and the 8 rejections of D.10.
 *
 * Layout: struct pv { long a@0; long b@8 } (16); struct pcslot { pv __percpu_kptr *pc@0 };
 * pc_arr: ARRAY(1) of pcslot. Rejected types: pv2 { long c }, pv_ptr { long a; long *p },
 * pv_lock { long a; bpf_spin_lock l }, pv_big { long arr[65] } (520 bytes).
 */
#include "gc.h"

char LICENSE[] SEC("license") = "GPL";

struct pv {
	long a;
	long b;
};

struct pv2 {
	long c;
};

struct pv_ptr {
	long a;
	long *p;
};

struct pv_lock {
	long a;
	struct bpf_spin_lock l;
};

struct pv_big {
	long arr[65];
};

struct pcslot {
	struct pv __percpu_kptr *pc;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, int);
	__type(value, struct pcslot);
	__uint(max_entries, 1);
} pc_arr SEC(".maps");

#define PC_MAX_CPUS 256

static __always_inline struct pcslot *pc_slot(void)
{
	int k = 0;

	return bpf_map_lookup_elem(&pc_arr, &k);
}

/* ---- success ---- */

SEC("?tc")
int pc_new_drop(void *ctx)
{
	struct pv __percpu_kptr *p = bpf_percpu_obj_new(struct pv);

	if (!p)
		return 1;
	bpf_percpu_obj_drop(p);
	return 0;
}

/*
 * Allocate, stash, then zero every CPU's copy through the view the stashed pointer keeps (we
 * are in an RCU section). The zeroing is needed: 6.18's per-CPU allocator does not clear a
 * recycled object (a second run of this sequence without it read 20, not 10).
 */
SEC("?tc")
int pc_stash(void *ctx)
{
	struct pv __percpu_kptr *p, *old;
	struct pcslot *v = pc_slot();
	struct pv *q;
	__u32 cpu;

	if (!v)
		return 1;
	p = bpf_percpu_obj_new(struct pv);
	if (!p)
		return 2;
	old = bpf_kptr_xchg(&v->pc, p);
	if (old)
		bpf_percpu_obj_drop(old);
	for (cpu = 0; cpu < PC_MAX_CPUS; cpu++) {
		q = bpf_per_cpu_ptr(p, cpu);
		if (!q)
			break;
		q->a = 0;
		q->b = 0;
	}
	return 0;
}

/* This CPU's copy through the RCU view of the stashed object: a += 5, b = 7. */
SEC("?tc")
int pc_update(void *ctx)
{
	struct pcslot *v = pc_slot();
	struct pv __percpu_kptr *p;
	struct pv *q;

	if (!v)
		return 1;
	p = v->pc;
	if (!p)
		return 2;
	q = bpf_this_cpu_ptr(p);
	q->a += 5;
	q->b = 7;
	return 0;
}

/* Sum of `a` over every CPU's copy; 1000 when nothing is stashed. */
SEC("?tc")
int pc_read_sum(void *ctx)
{
	struct pcslot *v = pc_slot();
	struct pv __percpu_kptr *p;
	struct pv *q;
	long sum = 0;
	__u32 cpu;

	if (!v)
		return 1;
	p = v->pc;
	if (!p)
		return 1000;
	for (cpu = 0; cpu < PC_MAX_CPUS; cpu++) {
		q = bpf_per_cpu_ptr(p, cpu);
		if (!q)
			break;
		sum += q->a;
	}
	return sum;
}

SEC("?tc")
int pc_unstash_drop(void *ctx)
{
	struct pv __percpu_kptr *p;
	struct pcslot *v = pc_slot();

	if (!v)
		return 1;
	p = bpf_kptr_xchg(&v->pc, NULL);
	if (!p)
		return 2;
	bpf_percpu_obj_drop(p);
	return 0;
}

/* ---- D.10: failures ---- */

SEC("?tc")
int pc_plain_store(void *ctx)
{
	struct pcslot *v = pc_slot();
	struct pv __percpu_kptr *p;

	if (!v)
		return 1;
	p = bpf_percpu_obj_new(struct pv);
	if (!p)
		return 2;
	v->pc = p;
	return 0;
}

SEC("?tc")
int pc_xchg_wrong_type(void *ctx)
{
	struct pcslot *v = pc_slot();
	struct pv2 __percpu_kptr *p;
	struct pv __percpu_kptr *old;

	if (!v)
		return 1;
	p = bpf_percpu_obj_new(struct pv2);
	if (!p)
		return 2;
	old = bpf_kptr_xchg(&v->pc, p);
	if (old)
		bpf_percpu_obj_drop(old);
	return 0;
}

/* Sleepable (syscall): once stashed, p is gone; no RCU view survives outside RCU. */
SEC("?syscall")
int pc_use_after_stash(void *ctx)
{
	struct pcslot *v = pc_slot();
	struct pv __percpu_kptr *p, *old;
	struct pv *q;

	if (!v)
		return 1;
	p = bpf_percpu_obj_new(struct pv);
	if (!p)
		return 2;
	old = bpf_kptr_xchg(&v->pc, p);
	if (old)
		bpf_percpu_obj_drop(old);
	q = bpf_this_cpu_ptr(p);
	q->a = 1;
	return 0;
}

SEC("?tc")
int pc_obj_drop_percpu(void *ctx)
{
	struct pv __percpu_kptr *p = bpf_percpu_obj_new(struct pv);

	if (!p)
		return 1;
	bpf_obj_drop(p);
	return 0;
}

SEC("?tc")
int pc_percpu_drop_plain(void *ctx)
{
	struct pv *p = bpf_obj_new(struct pv);

	if (!p)
		return 1;
	bpf_percpu_obj_drop(p);
	return 0;
}

#define PC_NEW_BAD(name, type)                                    \
	SEC("?tc")                                                \
	int name(void *ctx)                                       \
	{                                                         \
		type __percpu_kptr *p = bpf_percpu_obj_new(type); \
                                                                  \
		if (p)                                            \
			bpf_percpu_obj_drop(p);                   \
		return 0;                                         \
	}

PC_NEW_BAD(pc_new_ptr_member, struct pv_ptr)
PC_NEW_BAD(pc_new_special, struct pv_lock)
PC_NEW_BAD(pc_new_too_big, struct pv_big)
