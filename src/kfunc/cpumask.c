// SPDX-License-Identifier: BSD-2-Clause
/*
 * kfunc/cpumask.c: bpf_cpumask objects and the cpumask kfuncs at run time (see kfunc/cpumask.h).
 * Each kfunc takes the same bits into account as the kernel's cpumask.h helpers do, so that
 * what a program can observe (results, and the raw bits it may read) matches the kernel's.
 */
#include <errno.h>
#include <string.h>

#include "kfunc/alloc.h"
#include "kfunc/cpumask.h"
#include "kfunc/runtime.h"

#define WORD_BITS 64u

static __thread uint32_t distribute_prev; /* the kernel keeps it per CPU */

static uint32_t nr_cpu_ids(void)
{
	return kfunc_nr_cpus();
}

/* Words covering nr_cpu_ids bits (what the kernel's bitmap_size() rounds to). */
static uint32_t nr_words(void)
{
	return (nr_cpu_ids() + WORD_BITS - 1) / WORD_BITS;
}

/* Words of a whole mask (the kernel's NR_CPUS bits). */
static uint32_t mask_words(void)
{
	uint32_t n = nr_words();

	return n < KFUNC_CPUMASK_MIN_WORDS ? KFUNC_CPUMASK_MIN_WORDS : n;
}

static uint64_t *bits(const void *m)
{
	return (uint64_t *)m;
}

static struct hive_bpf_refcount *usage(const struct hive_bpf_cpumask *m)
{
	return (struct hive_bpf_refcount *)(bits(m) + mask_words());
}

/* Mask of the valid bits of word @w: all ones except in the last, partial word. */
static uint64_t valid(uint32_t w)
{
	uint32_t nr = nr_cpu_ids();

	if ((w + 1) * WORD_BITS <= nr)
		return ~0ULL;
	return nr % WORD_BITS ? (1ULL << (nr % WORD_BITS)) - 1 : ~0ULL;
}

size_t kfunc_cpumask_size(void)
{
	/* the kernel's 4-byte refcount_t, padded to the struct's 8-byte alignment */
	return (size_t)mask_words() * 8 + 8;
}

struct hive_bpf_cpumask *kfunc_cpumask_create(void)
{
	struct hive_bpf_cpumask *m;

	kfunc_cpus_pin(); /* the layout depends on the CPU count from now on */
	m = kfunc_obj_alloc(kfunc_cpumask_size());
	if (!m)
		return NULL;
	usage(m)->refs = 1;
	return m;
}

struct hive_bpf_cpumask *kfunc_cpumask_acquire(struct hive_bpf_cpumask *m)
{
	/* the verifier only passes trusted masks, whose count is above zero */
	kfunc_refcount_inc_not_zero(usage(m));
	return m;
}

void kfunc_cpumask_release(struct hive_bpf_cpumask *m)
{
	if (m && kfunc_refcount_dec_and_test(usage(m)))
		kfunc_obj_free_rcu(m);
}

void kfunc_cpumask_release_dtor(void *p)
{
	kfunc_cpumask_release(p);
}

uint32_t kfunc_cpumask_refs(const struct hive_bpf_cpumask *m)
{
	return kfunc_refcount_read(usage(m));
}

/* First bit of (a & b), or of a alone (b NULL), or of ~a (invert), within nr_cpu_ids. */
static uint32_t find_first(const void *a, const void *b, bool invert)
{
	for (uint32_t w = 0; w < nr_words(); w++) {
		uint64_t v = bits(a)[w];

		if (invert)
			v = ~v;
		if (b)
			v &= bits(b)[w];
		v &= valid(w);
		if (v)
			return w * WORD_BITS + (uint32_t)__builtin_ctzll(v);
	}
	return nr_cpu_ids();
}

uint32_t kfunc_cpumask_first(const struct hive_cpumask *m)
{
	return find_first(m, NULL, false);
}

uint32_t kfunc_cpumask_first_zero(const struct hive_cpumask *m)
{
	return find_first(m, NULL, true);
}

uint32_t kfunc_cpumask_first_and(const struct hive_cpumask *a, const struct hive_cpumask *b)
{
	return find_first(a, b, false);
}

/* Atomic bit operations, as the kernel's set_bit/test_and_set_bit are. */
static bool bit_op(uint32_t cpu, const void *m, int op)
{
	uint64_t *word = &bits(m)[cpu / WORD_BITS], bit = 1ULL << (cpu % WORD_BITS), old;

	if (cpu >= nr_cpu_ids())
		return false;
	if (op > 0)
		old = __atomic_fetch_or(word, bit, __ATOMIC_SEQ_CST);
	else if (op < 0)
		old = __atomic_fetch_and(word, ~bit, __ATOMIC_SEQ_CST);
	else
		old = __atomic_load_n(word, __ATOMIC_RELAXED);
	return old & bit;
}

void kfunc_cpumask_set_cpu(uint32_t cpu, struct hive_bpf_cpumask *m)
{
	bit_op(cpu, m, 1);
}

void kfunc_cpumask_clear_cpu(uint32_t cpu, struct hive_bpf_cpumask *m)
{
	bit_op(cpu, m, -1);
}

bool kfunc_cpumask_test_cpu(uint32_t cpu, const struct hive_cpumask *m)
{
	return bit_op(cpu, m, 0);
}

bool kfunc_cpumask_test_and_set_cpu(uint32_t cpu, struct hive_bpf_cpumask *m)
{
	return bit_op(cpu, m, 1);
}

bool kfunc_cpumask_test_and_clear_cpu(uint32_t cpu, struct hive_bpf_cpumask *m)
{
	return bit_op(cpu, m, -1);
}

void kfunc_cpumask_setall(struct hive_bpf_cpumask *m)
{
	/* bitmap_fill() sets whole words */
	memset(m, 0xff, (size_t)nr_words() * 8);
}

void kfunc_cpumask_clear(struct hive_bpf_cpumask *m)
{
	memset(m, 0, (size_t)mask_words() * 8);
}

bool kfunc_cpumask_and(struct hive_bpf_cpumask *dst, const struct hive_cpumask *a,
		       const struct hive_cpumask *b)
{
	uint64_t any = 0;

	/* __bitmap_and() clears the bits past nr_cpu_ids in the last word */
	for (uint32_t w = 0; w < nr_words(); w++)
		any |= bits(dst)[w] = bits(a)[w] & bits(b)[w] & valid(w);
	return any != 0;
}

void kfunc_cpumask_or(struct hive_bpf_cpumask *dst, const struct hive_cpumask *a,
		      const struct hive_cpumask *b)
{
	for (uint32_t w = 0; w < nr_words(); w++)
		bits(dst)[w] = bits(a)[w] | bits(b)[w];
}

void kfunc_cpumask_xor(struct hive_bpf_cpumask *dst, const struct hive_cpumask *a,
		       const struct hive_cpumask *b)
{
	for (uint32_t w = 0; w < nr_words(); w++)
		bits(dst)[w] = bits(a)[w] ^ bits(b)[w];
}

/* Relations over the first nr_cpu_ids bits. */
enum rel { REL_EQUAL, REL_INTERSECTS, REL_SUBSET };

static bool relation(const void *a, const void *b, enum rel rel)
{
	for (uint32_t w = 0; w < nr_words(); w++) {
		uint64_t x = bits(a)[w] & valid(w), y = bits(b)[w] & valid(w);

		if (rel == REL_EQUAL && x != y)
			return false;
		if (rel == REL_INTERSECTS && (x & y))
			return true;
		if (rel == REL_SUBSET && (x & ~y))
			return false;
	}
	return rel != REL_INTERSECTS;
}

bool kfunc_cpumask_equal(const struct hive_cpumask *a, const struct hive_cpumask *b)
{
	return relation(a, b, REL_EQUAL);
}

bool kfunc_cpumask_intersects(const struct hive_cpumask *a, const struct hive_cpumask *b)
{
	return relation(a, b, REL_INTERSECTS);
}

bool kfunc_cpumask_subset(const struct hive_cpumask *a, const struct hive_cpumask *b)
{
	return relation(a, b, REL_SUBSET);
}

uint32_t kfunc_cpumask_weight(const struct hive_cpumask *m)
{
	uint32_t n = 0;

	for (uint32_t w = 0; w < nr_words(); w++)
		n += (uint32_t)__builtin_popcountll(bits(m)[w] & valid(w));
	return n;
}

bool kfunc_cpumask_empty(const struct hive_cpumask *m)
{
	return kfunc_cpumask_weight(m) == 0;
}

bool kfunc_cpumask_full(const struct hive_cpumask *m)
{
	return kfunc_cpumask_weight(m) == nr_cpu_ids();
}

void kfunc_cpumask_copy(struct hive_bpf_cpumask *dst, const struct hive_cpumask *src)
{
	memmove(dst, src, (size_t)mask_words() * 8);
}

/* Next CPU of (a & b) after the last one handed out, wrapping around. */
static uint32_t distribute(const void *a, const void *b)
{
	uint32_t nr = nr_cpu_ids();

	for (uint32_t i = 1; i <= nr; i++) {
		uint32_t cpu = (distribute_prev + i) % nr;
		uint64_t v = bits(a)[cpu / WORD_BITS] & (b ? bits(b)[cpu / WORD_BITS] : ~0ULL);

		if (v & (1ULL << (cpu % WORD_BITS))) {
			distribute_prev = cpu;
			return cpu;
		}
	}
	return nr;
}

uint32_t kfunc_cpumask_any_distribute(const struct hive_cpumask *m)
{
	return distribute(m, NULL);
}

uint32_t kfunc_cpumask_any_and_distribute(const struct hive_cpumask *a,
					  const struct hive_cpumask *b)
{
	return distribute(a, b);
}

int kfunc_cpumask_populate(struct hive_cpumask *m, const void *src, uint64_t sz)
{
	if (sz < (uint64_t)nr_words() * 8)
		return -EACCES;
	memcpy(m, src, (size_t)nr_words() * 8);
	return 0;
}

hive_kptr_dtor_fn kfunc_kernel_kptr_dtor(const char *type_name)
{
	if (type_name && !strcmp(type_name, "bpf_cpumask"))
		return kfunc_cpumask_release_dtor;
	return NULL;
}
