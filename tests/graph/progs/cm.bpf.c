// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/progs/cm.bpf.c: the bpf_cpumask kfuncs (kernel/bpf/cpumask.c), run in the kernel
 * and in bpfhive: mask algebra on masks the program creates, and a mask stashed as a kernel
 * kptr in a map value that user space overwrites and the map's destruction must release.
 * Every expected value below holds whatever the number of possible CPUs N (>= 1): only CPU 0
 * is set by hand, "first of an empty mask" and "first zero of a full mask" are both N.
 *
 *   struct cm_slot { struct bpf_cpumask __kptr *mask; }      cm_slots: ARRAY(1)
 */
#include "gc.h"

struct bpf_cpumask *bpf_cpumask_create(void) __ksym;
void bpf_cpumask_release(struct bpf_cpumask *cpumask) __ksym;
struct bpf_cpumask *bpf_cpumask_acquire(struct bpf_cpumask *cpumask) __ksym;
u32 bpf_cpumask_first(const struct cpumask *cpumask) __ksym;
u32 bpf_cpumask_first_zero(const struct cpumask *cpumask) __ksym;
u32 bpf_cpumask_first_and(const struct cpumask *src1, const struct cpumask *src2) __ksym;
void bpf_cpumask_set_cpu(u32 cpu, struct bpf_cpumask *cpumask) __ksym;
void bpf_cpumask_clear_cpu(u32 cpu, struct bpf_cpumask *cpumask) __ksym;
bool bpf_cpumask_test_cpu(u32 cpu, const struct cpumask *cpumask) __ksym;
bool bpf_cpumask_test_and_set_cpu(u32 cpu, struct bpf_cpumask *cpumask) __ksym;
bool bpf_cpumask_test_and_clear_cpu(u32 cpu, struct bpf_cpumask *cpumask) __ksym;
void bpf_cpumask_setall(struct bpf_cpumask *cpumask) __ksym;
void bpf_cpumask_clear(struct bpf_cpumask *cpumask) __ksym;
bool bpf_cpumask_and(struct bpf_cpumask *dst, const struct cpumask *src1,
		     const struct cpumask *src2) __ksym;
void bpf_cpumask_or(struct bpf_cpumask *dst, const struct cpumask *src1,
		    const struct cpumask *src2) __ksym;
void bpf_cpumask_xor(struct bpf_cpumask *dst, const struct cpumask *src1,
		     const struct cpumask *src2) __ksym;
bool bpf_cpumask_equal(const struct cpumask *src1, const struct cpumask *src2) __ksym;
bool bpf_cpumask_intersects(const struct cpumask *src1, const struct cpumask *src2) __ksym;
bool bpf_cpumask_subset(const struct cpumask *src1, const struct cpumask *src2) __ksym;
bool bpf_cpumask_empty(const struct cpumask *cpumask) __ksym;
bool bpf_cpumask_full(const struct cpumask *cpumask) __ksym;
void bpf_cpumask_copy(struct bpf_cpumask *dst, const struct cpumask *src) __ksym;
u32 bpf_cpumask_any_distribute(const struct cpumask *cpumask) __ksym;
u32 bpf_cpumask_weight(const struct cpumask *cpumask) __ksym;

#define CM(m) ((const struct cpumask *)(m))

struct cm_slot {
	struct bpf_cpumask __kptr *mask;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__type(key, int);
	__type(value, struct cm_slot);
	__uint(max_entries, 1);
} cm_slots SEC(".maps");

/* Results of cm_algebra, each expected to be 1 unless its comment says otherwise. */
int cm_res[16] = {};

/* a = {0}, b = all, c scratch; cm_res[i] records one observation each. */
static void algebra(struct bpf_cpumask *a, struct bpf_cpumask *b, struct bpf_cpumask *c)
{
	bpf_cpumask_set_cpu(0, a);
	bpf_cpumask_set_cpu(1000000, a); /* not a possible CPU: ignored */
	cm_res[0] = bpf_cpumask_weight(CM(a)); /* 1 */
	cm_res[1] = bpf_cpumask_first(CM(a)); /* 0 */
	cm_res[2] = bpf_cpumask_test_and_set_cpu(0, a);
	cm_res[3] = bpf_cpumask_test_cpu(1000000, CM(a)); /* 0 */
	bpf_cpumask_setall(b);
	cm_res[4] = bpf_cpumask_full(CM(b)) && bpf_cpumask_subset(CM(a), CM(b));
	cm_res[5] = bpf_cpumask_first_zero(CM(b)) == bpf_cpumask_weight(CM(b));
	cm_res[6] = bpf_cpumask_and(c, CM(a), CM(b)) && bpf_cpumask_equal(CM(c), CM(a));
	cm_res[7] = bpf_cpumask_intersects(CM(a), CM(b)) &&
		    bpf_cpumask_first_and(CM(a), CM(b)) == 0;
	bpf_cpumask_xor(c, CM(a), CM(a));
	cm_res[8] = bpf_cpumask_empty(CM(c)) && !bpf_cpumask_and(c, CM(a), CM(c));
	bpf_cpumask_copy(c, CM(b));
	cm_res[9] = bpf_cpumask_equal(CM(c), CM(b));
	bpf_cpumask_clear(c);
	bpf_cpumask_or(c, CM(c), CM(a));
	cm_res[10] = bpf_cpumask_equal(CM(c), CM(a));
	cm_res[11] = bpf_cpumask_test_and_clear_cpu(0, a) && !bpf_cpumask_test_and_clear_cpu(0, a);
	cm_res[12] = bpf_cpumask_first(CM(a)) == bpf_cpumask_first_zero(CM(b));
	cm_res[13] = bpf_cpumask_test_cpu(bpf_cpumask_any_distribute(CM(b)), CM(b));
	bpf_cpumask_clear_cpu(0, c);
	cm_res[14] = bpf_cpumask_empty(CM(c)) && !bpf_cpumask_intersects(CM(c), CM(b));
}

SEC("?syscall")
int cm_algebra(void *ctx)
{
	struct bpf_cpumask *a, *b, *c, *d;

	a = bpf_cpumask_create();
	if (!a)
		return 1;
	b = bpf_cpumask_create();
	if (!b) {
		bpf_cpumask_release(a);
		return 2;
	}
	c = bpf_cpumask_create();
	if (!c) {
		bpf_cpumask_release(b);
		bpf_cpumask_release(a);
		return 3;
	}
	d = bpf_cpumask_acquire(c); /* a second reference to c, released first */
	algebra(a, b, d);
	bpf_cpumask_release(d);
	cm_res[15] = bpf_cpumask_empty(CM(c)); /* c still alive after one release */
	bpf_cpumask_release(c);
	bpf_cpumask_release(b);
	bpf_cpumask_release(a);
	return 0;
}

/* Stash a new mask holding CPU 0 in the slot; a mask stashed before is released. Returns 10
 * when it replaced one, 0 otherwise. */
SEC("?syscall")
int cm_stash(void *ctx)
{
	struct bpf_cpumask *m, *old;
	struct cm_slot *v;
	int idx = 0;

	v = bpf_map_lookup_elem(&cm_slots, &idx);
	if (!v)
		return 1;
	m = bpf_cpumask_create();
	if (!m)
		return 2;
	bpf_cpumask_set_cpu(0, m);
	old = bpf_kptr_xchg(&v->mask, m);
	if (!old)
		return 0;
	bpf_cpumask_release(old);
	return 10;
}

/* 100 + the weight of the stashed mask (put back), or 5 when the slot is empty. */
SEC("?syscall")
int cm_peek(void *ctx)
{
	struct bpf_cpumask *m;
	struct cm_slot *v;
	int idx = 0, w;

	v = bpf_map_lookup_elem(&cm_slots, &idx);
	if (!v)
		return 1;
	m = bpf_kptr_xchg(&v->mask, NULL);
	if (!m)
		return 5;
	w = bpf_cpumask_weight(CM(m));
	m = bpf_kptr_xchg(&v->mask, m);
	if (m)
		bpf_cpumask_release(m);
	return 100 + w;
}

char _license[] SEC("license") = "GPL";
