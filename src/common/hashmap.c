// SPDX-License-Identifier: BSD-2-Clause
/*
 * common/hashmap.c: chained hash map with power-of-two buckets, grown when the load factor
 * passes 3/4. Keys and values are opaque words; see hashmap.h.
 */
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/hashmap.h"

void hive_hashmap_init(struct hive_hashmap *map, hive_hash_fn hash_fn, hive_equal_fn equal_fn,
		       void *ctx)
{
	memset(map, 0, sizeof(*map));
	map->hash_fn = hash_fn;
	map->equal_fn = equal_fn;
	map->ctx = ctx;
}

void hive_hashmap_clear(struct hive_hashmap *map)
{
	struct hive_hashmap_entry *cur, *next;
	size_t bkt;

	if (map->cap_bits) {
		for (bkt = 0; bkt < (size_t)1 << map->cap_bits; bkt++) {
			for (cur = map->buckets[bkt]; cur; cur = next) {
				next = cur->next;
				free(cur);
			}
		}
	}
	free(map->buckets);
	map->buckets = NULL;
	map->cap_bits = 0;
	map->cnt = 0;
}

static size_t bucket_of(const struct hive_hashmap *map, uintptr_t key)
{
	size_t h = map->hash_fn(key, map->ctx);

	/* Fibonacci hashing spreads weak hashes (small integers) over the buckets. */
	return (size_t)((h * 0x9E3779B97F4A7C15ull) >> (64 - map->cap_bits));
}

static int grow(struct hive_hashmap *map)
{
	size_t new_bits = map->cap_bits ? map->cap_bits + 1 : 4, old_n, bkt;
	struct hive_hashmap_entry **old = map->buckets, *cur, *next;

	if (new_bits >= 8 * sizeof(size_t) - 1)
		return -ENOMEM;
	map->buckets = calloc((size_t)1 << new_bits, sizeof(*map->buckets));
	if (!map->buckets) {
		map->buckets = old;
		return -ENOMEM;
	}
	old_n = map->cap_bits ? (size_t)1 << map->cap_bits : 0;
	map->cap_bits = new_bits;
	for (bkt = 0; bkt < old_n; bkt++) {
		for (cur = old[bkt]; cur; cur = next) {
			size_t b = bucket_of(map, cur->key);

			next = cur->next;
			cur->next = map->buckets[b];
			map->buckets[b] = cur;
		}
	}
	free(old);
	return 0;
}

static struct hive_hashmap_entry **find_slot(const struct hive_hashmap *map, uintptr_t key)
{
	struct hive_hashmap_entry **pp;

	if (!map->cap_bits)
		return NULL;
	for (pp = &map->buckets[bucket_of(map, key)]; *pp; pp = &(*pp)->next)
		if (map->equal_fn((*pp)->key, key, map->ctx))
			return pp;
	return NULL;
}

static int insert(struct hive_hashmap *map, uintptr_t key, uintptr_t value, bool replace,
		  uintptr_t *old_key, uintptr_t *old_value)
{
	struct hive_hashmap_entry **pp = find_slot(map, key), *e;
	size_t b;
	int err;

	if (pp) {
		if (!replace)
			return -EEXIST;
		if (old_key)
			*old_key = (*pp)->key;
		if (old_value)
			*old_value = (*pp)->value;
		(*pp)->key = key;
		(*pp)->value = value;
		return 0;
	}
	if (old_key)
		*old_key = 0;
	if (old_value)
		*old_value = 0;
	if (!map->cap_bits || map->cnt + 1 > ((size_t)3 << map->cap_bits) / 4) {
		err = grow(map);
		if (err)
			return err;
	}
	e = malloc(sizeof(*e));
	if (!e)
		return -ENOMEM;
	b = bucket_of(map, key);
	e->key = key;
	e->value = value;
	e->next = map->buckets[b];
	map->buckets[b] = e;
	map->cnt++;
	return 0;
}

int hive_hashmap_set(struct hive_hashmap *map, uintptr_t key, uintptr_t value, uintptr_t *old_key,
		     uintptr_t *old_value)
{
	return insert(map, key, value, true, old_key, old_value);
}

int hive_hashmap_add(struct hive_hashmap *map, uintptr_t key, uintptr_t value)
{
	return insert(map, key, value, false, NULL, NULL);
}

bool hive_hashmap_find(const struct hive_hashmap *map, uintptr_t key, uintptr_t *value)
{
	struct hive_hashmap_entry **pp = find_slot(map, key);

	if (!pp)
		return false;
	if (value)
		*value = (*pp)->value;
	return true;
}

bool hive_hashmap_delete(struct hive_hashmap *map, uintptr_t key, uintptr_t *old_key,
			 uintptr_t *old_value)
{
	struct hive_hashmap_entry **pp = find_slot(map, key), *e;

	if (!pp)
		return false;
	e = *pp;
	if (old_key)
		*old_key = e->key;
	if (old_value)
		*old_value = e->value;
	*pp = e->next;
	free(e);
	map->cnt--;
	return true;
}

size_t hive_hash_bytes(const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t h = 0xcbf29ce484222325ull;

	while (len--) {
		h ^= *p++;
		h *= 0x100000001b3ull;
	}
	return h;
}

size_t hive_hash_str(uintptr_t key, void *ctx)
{
	const char *s = (const char *)key;

	return hive_hash_bytes(s, strlen(s));
}

bool hive_equal_str(uintptr_t a, uintptr_t b, void *ctx)
{
	return !strcmp((const char *)a, (const char *)b);
}

size_t hive_hash_int(uintptr_t key, void *ctx)
{
	return key;
}

bool hive_equal_int(uintptr_t a, uintptr_t b, void *ctx)
{
	return a == b;
}
