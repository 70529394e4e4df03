/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * common/mem.h: growable arrays. Every array in the project is (T *v; size_t cnt, cap) and
 * grows only through hive_ensure_mem(), so growth policy and overflow checks live in one place.
 */
#ifndef __HIVE_COMMON_MEM_H
#define __HIVE_COMMON_MEM_H

#include <stddef.h>

/*
 * hive_ensure_mem() - make room for @need elements of @elem_sz bytes in *@data.
 * On growth the new tail is zeroed. Returns 0 or -ENOMEM (also on size overflow); on failure
 * *@data and *@cap are unchanged.
 */
int hive_ensure_mem(void **data, size_t *cap, size_t elem_sz, size_t need);

/* hive_memdup() - malloc'ed copy of @len bytes, or NULL. */
void *hive_memdup(const void *src, size_t len);

/* hive_reallocarray() - realloc of nmemb * size with overflow check; NULL on failure. */
void *hive_reallocarray(void *ptr, size_t nmemb, size_t size);

#endif /* __HIVE_COMMON_MEM_H */
