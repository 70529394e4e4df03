// SPDX-License-Identifier: BSD-2-Clause
/*
 * maps/bloom.c: BLOOM_FILTER, after the kernel's bloom_filter.c.
 *
 * map_extra's low 4 bits are the number of hash functions (0 means 5). The bit array holds
 * max_entries * nr_hashes * 7 / 5 bits (about n*k/ln 2) rounded up to a power of two (at least
 * 64, at most 2^32); bit i of value v is jhash(v, seed + i) masked, with jhash2 when the value is
 * a whole number of words. Same seed (BPF_F_ZERO_SEED), same bits, same false positives as
 * the kernel. push sets the bits (flags must be BPF_ANY), peek tests them (-ENOENT: surely
 * absent); there are no keys, no pop, no delete, no iteration.
 */
#include <errno.h>
#include <stdlib.h>

#include "maps/map_internal.h"

#define BLOOM_CREATE_FLAG_MASK (HIVE_F_NUMA_NODE | HIVE_F_ZERO_SEED | HIVE_F_ACCESS_MASK)
#define KMALLOC_MAX_SIZE (4UL << 20)

struct bloom_filter {
	struct hive_map_impl map;
	uint32_t bitset_mask;
	uint32_t hash_seed;
	uint32_t aligned_u32_count; /* value_size / 4 when a whole number of words, else 0 */
	uint32_t nr_hash_funcs;
	unsigned long *bitset;
};

static inline struct bloom_filter *bloom_of(struct hive_map_impl *map)
{
	return container_of(map, struct bloom_filter, map);
}

static uint32_t bloom_hash(const struct bloom_filter *bf, const void *value, uint32_t index)
{
	uint32_t h;

	if (bf->aligned_u32_count)
		h = maps_jhash2(value, bf->aligned_u32_count, bf->hash_seed + index);
	else
		h = maps_jhash(value, bf->map.value_size, bf->hash_seed + index);
	return h & bf->bitset_mask;
}

static int bloom_alloc_check(const struct hive_map_attr *attr)
{
	if (attr->value_size > KMALLOC_MAX_SIZE)
		return -E2BIG;
	return 0;
}

static struct hive_map_impl *bloom_alloc(const struct hive_map_attr *attr)
{
	uint32_t nr_hash = attr->map_extra & 0xF, nr_bits;
	uint64_t bits, bitset_bytes;
	struct bloom_filter *bf;
	int err;

	if (attr->key_size || !attr->value_size || !attr->max_entries ||
	    (attr->map_flags & ~BLOOM_CREATE_FLAG_MASK) || !maps_flags_access_ok(attr->map_flags) ||
	    (attr->map_extra & ~0xFULL))
		return ERR_PTR(-EINVAL);
	if (!nr_hash)
		nr_hash = 5;
	bf = calloc(1, sizeof(*bf));
	if (!bf)
		return ERR_PTR(-ENOMEM);
	err = maps_init_from_attr(&bf->map, attr, &bloom_filter_map_ops);
	if (err)
		goto err_free;
	/* n * k / ln(2), with 7/5 for 1/ln(2), as the kernel computes it (in 32 bits) */
	bits = (uint64_t)attr->max_entries * nr_hash;
	if (bits > UINT32_MAX || (bits / 5) * 7 > UINT32_MAX || (bits / 5) * 7 > (1UL << 31)) {
		bitset_bytes = (UINT32_MAX + 7ULL) / 8;
		bf->bitset_mask = UINT32_MAX;
	} else {
		nr_bits = (uint32_t)((bits / 5) * 7);
		if (nr_bits <= 64) {
			nr_bits = 64;
		} else {
			uint64_t p = 1;

			while (p < nr_bits)
				p <<= 1;
			nr_bits = (uint32_t)p;
		}
		bitset_bytes = (nr_bits + 7) / 8;
		bf->bitset_mask = nr_bits - 1;
	}
	bitset_bytes = (bitset_bytes + sizeof(unsigned long) - 1) & ~(sizeof(unsigned long) - 1);
	err = -ENOMEM;
	bf->bitset = calloc(1, bitset_bytes);
	if (!bf->bitset)
		goto err_common;
	bf->nr_hash_funcs = nr_hash;
	bf->aligned_u32_count = attr->value_size % 4 == 0 ? attr->value_size / 4 : 0;
	bf->hash_seed = (attr->map_flags & HIVE_F_ZERO_SEED) ? 0 : maps_next_seed();
	return &bf->map;

err_common:
	maps_release_common(&bf->map);
err_free:
	free(bf);
	return ERR_PTR(err);
}

static void bloom_free(struct hive_map_impl *map)
{
	struct bloom_filter *bf = bloom_of(map);

	free(bf->bitset);
	maps_release_common(map);
	free(bf);
}

#define BITS_PER_UL (8 * sizeof(unsigned long))

static long bloom_peek(struct hive_map_impl *map, void *value)
{
	struct bloom_filter *bf = bloom_of(map);

	for (uint32_t i = 0; i < bf->nr_hash_funcs; i++) {
		uint32_t h = bloom_hash(bf, value, i);
		unsigned long w = __atomic_load_n(&bf->bitset[h / BITS_PER_UL], __ATOMIC_RELAXED);

		if (!(w & (1UL << (h % BITS_PER_UL))))
			return -ENOENT;
	}
	return 0;
}

static long bloom_push(struct hive_map_impl *map, const void *value, uint64_t flags)
{
	struct bloom_filter *bf = bloom_of(map);

	if (flags != HIVE_ANY)
		return -EINVAL;
	for (uint32_t i = 0; i < bf->nr_hash_funcs; i++) {
		uint32_t h = bloom_hash(bf, value, i);

		__atomic_fetch_or(&bf->bitset[h / BITS_PER_UL], 1UL << (h % BITS_PER_UL),
				  __ATOMIC_RELAXED);
	}
	return 0;
}

static long bloom_pop(struct hive_map_impl *map, void *value)
{
	return -EOPNOTSUPP;
}

static void *bloom_lookup(struct hive_map_impl *map, const void *key)
{
	return NULL; /* programs use bpf_map_peek_elem */
}

static long bloom_update(struct hive_map_impl *map, const void *key, const void *value,
			 uint64_t flags)
{
	return -EINVAL;
}

static long bloom_delete(struct hive_map_impl *map, const void *key)
{
	return -EOPNOTSUPP;
}

static int bloom_sys_lookup(struct hive_map_impl *map, const void *key, void *value, uint64_t flags)
{
	return (int)bloom_peek(map, value);
}

static int bloom_sys_update(struct hive_map_impl *map, const void *key, const void *value,
			    uint64_t flags)
{
	return (int)bloom_push(map, value, flags);
}

static int bloom_sys_delete(struct hive_map_impl *map, const void *key)
{
	return -EOPNOTSUPP;
}

static int bloom_get_next_key(struct hive_map_impl *map, const void *key, void *next_key)
{
	return -EOPNOTSUPP;
}

const struct hive_map_ops bloom_filter_map_ops = {
	.alloc_check = bloom_alloc_check,
	.alloc = bloom_alloc,
	.free = bloom_free,
	.lookup = bloom_lookup,
	.update = bloom_update,
	.delete = bloom_delete,
	.push = bloom_push,
	.pop = bloom_pop,
	.peek = bloom_peek,
	.sys_lookup = bloom_sys_lookup,
	.sys_update = bloom_sys_update,
	.sys_delete = bloom_sys_delete,
	.get_next_key = bloom_get_next_key,
};
