// SPDX-License-Identifier: BSD-2-Clause
/*
 * common/mem.c: growable arrays (amortised doubling, zeroed tails, overflow-checked sizes).
 */
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/mem.h"

int hive_ensure_mem(void **data, size_t *cap, size_t elem_sz, size_t need)
{
	size_t new_cap, bytes;
	void *p;

	if (need <= *cap)
		return 0;
	new_cap = *cap ? *cap : 16;
	while (new_cap < need) {
		if (hive_mul_overflow(new_cap, (size_t)2, &new_cap))
			return -ENOMEM;
	}
	if (hive_mul_overflow(new_cap, elem_sz, &bytes))
		return -ENOMEM;
	p = realloc(*data, bytes);
	if (!p)
		return -ENOMEM;
	memset((char *)p + *cap * elem_sz, 0, (new_cap - *cap) * elem_sz);
	*data = p;
	*cap = new_cap;
	return 0;
}

void *hive_memdup(const void *src, size_t len)
{
	void *p = malloc(len ? len : 1);

	if (p && len)
		memcpy(p, src, len);
	return p;
}

void *hive_reallocarray(void *ptr, size_t nmemb, size_t size)
{
	size_t bytes;

	if (hive_mul_overflow(nmemb, size, &bytes))
		return NULL;
	return realloc(ptr, bytes ? bytes : 1);
}
