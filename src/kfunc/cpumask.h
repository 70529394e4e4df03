/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kfunc/cpumask.h: the run-time side of the kernel's bpf_cpumask kfuncs (kernel/bpf/cpumask.c):
 * a refcounted bitmap of the possible CPUs that programs create, query, combine and stash in map
 * values as a kernel kptr (released by bpf_cpumask_release_dtor when the value goes away).
 *
 * Layout, as the kernel's struct bpf_cpumask { cpumask_t cpumask; refcount_t usage; }: the bits
 * at offset 0 (so a bpf_cpumask is also a struct cpumask for the read-only kfuncs), in 64-bit
 * words, at least KFUNC_CPUMASK_MIN_WORDS of them (the host kernel's NR_CPUS=256: 40 bytes in
 * all), more when kfunc_nr_cpus() needs them; the refcount follows the bits. Masks come from the
 * bpf_obj_new allocator, so they are freed after an RCU grace period and counted in
 * kfunc_mem_stats() like every other object.
 *
 * nr_cpu_ids is kfunc_nr_cpus() (pinned by the first mask). Which bits each operation touches
 * follows the kernel's cpumask.h for NR_CPUS <= 4 * BITS_PER_LONG: queries look at the first
 * nr_cpu_ids bits, setall/or/xor work on whole words, clear/copy on the whole mask.
 */
#ifndef __HIVE_KFUNC_CPUMASK_H
#define __HIVE_KFUNC_CPUMASK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "btf/btf_record.h"
#include "kfunc/kfunc.h"

#ifdef __cplusplus
extern "C" {
#endif

#define KFUNC_CPUMASK_MIN_WORDS 4

/* Opaque to callers: the bits, then a struct hive_bpf_refcount. */
struct hive_bpf_cpumask;
/* A read-only cpumask argument: a struct hive_bpf_cpumask or any bitmap of nr_cpu_ids bits. */
struct hive_cpumask;

/* Bytes of a bpf_cpumask object for the current kfunc_nr_cpus(). */
size_t kfunc_cpumask_size(void);

struct hive_bpf_cpumask *kfunc_cpumask_create(void);
struct hive_bpf_cpumask *kfunc_cpumask_acquire(struct hive_bpf_cpumask *m);
/* Drops one reference; the last one frees the mask (RCU-deferred). */
void kfunc_cpumask_release(struct hive_bpf_cpumask *m);
/* The kptr destructor (bpf_cpumask_release_dtor): @p is a struct hive_bpf_cpumask. */
void kfunc_cpumask_release_dtor(void *p);
uint32_t kfunc_cpumask_refs(const struct hive_bpf_cpumask *m);

uint32_t kfunc_cpumask_first(const struct hive_cpumask *m);
uint32_t kfunc_cpumask_first_zero(const struct hive_cpumask *m);
uint32_t kfunc_cpumask_first_and(const struct hive_cpumask *a, const struct hive_cpumask *b);
void kfunc_cpumask_set_cpu(uint32_t cpu, struct hive_bpf_cpumask *m);
void kfunc_cpumask_clear_cpu(uint32_t cpu, struct hive_bpf_cpumask *m);
bool kfunc_cpumask_test_cpu(uint32_t cpu, const struct hive_cpumask *m);
bool kfunc_cpumask_test_and_set_cpu(uint32_t cpu, struct hive_bpf_cpumask *m);
bool kfunc_cpumask_test_and_clear_cpu(uint32_t cpu, struct hive_bpf_cpumask *m);
void kfunc_cpumask_setall(struct hive_bpf_cpumask *m);
void kfunc_cpumask_clear(struct hive_bpf_cpumask *m);
bool kfunc_cpumask_and(struct hive_bpf_cpumask *dst, const struct hive_cpumask *a,
		       const struct hive_cpumask *b);
void kfunc_cpumask_or(struct hive_bpf_cpumask *dst, const struct hive_cpumask *a,
		      const struct hive_cpumask *b);
void kfunc_cpumask_xor(struct hive_bpf_cpumask *dst, const struct hive_cpumask *a,
		       const struct hive_cpumask *b);
bool kfunc_cpumask_equal(const struct hive_cpumask *a, const struct hive_cpumask *b);
bool kfunc_cpumask_intersects(const struct hive_cpumask *a, const struct hive_cpumask *b);
bool kfunc_cpumask_subset(const struct hive_cpumask *a, const struct hive_cpumask *b);
bool kfunc_cpumask_empty(const struct hive_cpumask *m);
bool kfunc_cpumask_full(const struct hive_cpumask *m);
void kfunc_cpumask_copy(struct hive_bpf_cpumask *dst, const struct hive_cpumask *src);
uint32_t kfunc_cpumask_weight(const struct hive_cpumask *m);
/* A set CPU of @m, moving round-robin from call to call; >= nr_cpu_ids when @m is empty. */
uint32_t kfunc_cpumask_any_distribute(const struct hive_cpumask *m);
uint32_t kfunc_cpumask_any_and_distribute(const struct hive_cpumask *a,
					  const struct hive_cpumask *b);
/* Copy nr_cpu_ids bits (whole words) from @src: 0, or -EACCES if @sz is too small. */
int kfunc_cpumask_populate(struct hive_cpumask *m, const void *src, uint64_t sz);

/*
 * kfunc_kernel_kptr_dtor() - the run-time destructor of kernel type @type_name stashed as a
 * referenced kptr, NULL when the user backend implements none (the field is then only cleared).
 */
hive_kptr_dtor_fn kfunc_kernel_kptr_dtor(const char *type_name);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_KFUNC_CPUMASK_H */
