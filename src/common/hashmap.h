/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * common/hashmap.h: a chained hash map from an opaque key to an opaque value, both stored as
 * uintptr_t (a pointer or an integer), with caller-supplied hash and equality. It never owns
 * what keys and values point to (the caller frees them), which keeps it usable for type-id
 * caches, string interning and name lookups alike. Not thread-safe.
 */
#ifndef __HIVE_COMMON_HASHMAP_H
#define __HIVE_COMMON_HASHMAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef size_t (*hive_hash_fn)(uintptr_t key, void *ctx);
typedef bool (*hive_equal_fn)(uintptr_t a, uintptr_t b, void *ctx);

struct hive_hashmap_entry {
	uintptr_t key;
	uintptr_t value;
	struct hive_hashmap_entry *next;
};

struct hive_hashmap {
	hive_hash_fn hash_fn;
	hive_equal_fn equal_fn;
	void *ctx;
	struct hive_hashmap_entry **buckets;
	size_t cap_bits; /* number of buckets is 1 << cap_bits (0 buckets when cap_bits is 0) */
	size_t cnt;
};

void hive_hashmap_init(struct hive_hashmap *map, hive_hash_fn hash_fn, hive_equal_fn equal_fn,
		       void *ctx);
/* Frees the map's own memory, not what keys/values point to. */
void hive_hashmap_clear(struct hive_hashmap *map);

/* Insert or replace. Returns 0 or -ENOMEM. *old_value (if given) gets the replaced value. */
int hive_hashmap_set(struct hive_hashmap *map, uintptr_t key, uintptr_t value, uintptr_t *old_key,
		     uintptr_t *old_value);
/* Insert only if absent: -EEXIST if the key is there. */
int hive_hashmap_add(struct hive_hashmap *map, uintptr_t key, uintptr_t value);
bool hive_hashmap_find(const struct hive_hashmap *map, uintptr_t key, uintptr_t *value);
bool hive_hashmap_delete(struct hive_hashmap *map, uintptr_t key, uintptr_t *old_key,
			 uintptr_t *old_value);

static inline size_t hive_hashmap_size(const struct hive_hashmap *map)
{
	return map->cnt;
}

/* Iterate: for each bucket index bkt, for each entry cur. Do not insert while iterating. */
#define hive_hashmap_for_each_entry(map, cur, bkt)                                       \
	for (bkt = 0; bkt < ((map)->cap_bits ? (size_t)1 << (map)->cap_bits : 0); bkt++) \
		for (cur = (map)->buckets[bkt]; cur; cur = cur->next)

/* Ready-made hash/equality functions. */
size_t hive_hash_str(uintptr_t key, void *ctx); /* key is a NUL-terminated string */
bool hive_equal_str(uintptr_t a, uintptr_t b, void *ctx);
size_t hive_hash_int(uintptr_t key, void *ctx); /* key is the integer itself */
bool hive_equal_int(uintptr_t a, uintptr_t b, void *ctx);
/* FNV-1a over a byte range: also the string hash. */
size_t hive_hash_bytes(const void *data, size_t len);

#endif /* __HIVE_COMMON_HASHMAP_H */
