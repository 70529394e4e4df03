/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kfunc/slab.h: the size-class allocator under kfunc/alloc.c (the counterpart of the kernel's
 * bpf_mem_alloc caches). Internal to src/kfunc.
 */
#ifndef __HIVE_KFUNC_SLAB_H
#define __HIVE_KFUNC_SLAB_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Returned by slab_alloc() in *@cls for blocks that came from malloc (too big for a class). */
#define SLAB_NO_CLASS 0xff

/*
 * slab_alloc() - zeroed block of at least @bytes, 16-byte aligned, or NULL. *@cls receives
 * the class to give back to slab_free().
 */
void *slab_alloc(uint64_t bytes, uint8_t *cls);
/* slab_free() - give a block back (NULL is ignored). */
void slab_free(void *p, uint8_t cls);
/* slab_free_many() - give @n blocks back, block i of class @cls[i] (none NULL). */
void slab_free_many(void *const *blocks, const uint8_t *cls, uint32_t n);
/* Bytes of one block of class @cls (0 for SLAB_NO_CLASS). */
uint32_t slab_class_size(uint8_t cls);
/* Bytes mapped for the classes so far (they are kept for reuse, never unmapped). */
uint64_t slab_mapped_bytes(void);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_KFUNC_SLAB_H */
