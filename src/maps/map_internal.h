/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * maps/map_internal.h: what the map type files share and nobody else needs: the ops tables,
 * a bucket/queue spin lock, the kernel's jhash (so hash layouts and bloom filter bits follow
 * the kernel's for a given seed), and deferred release of objects held in fd maps.
 */
#ifndef __HIVE_MAPS_MAP_INTERNAL_H
#define __HIVE_MAPS_MAP_INTERNAL_H

#include <sched.h>
#include <stdint.h>
#include <string.h>

#include "maps/map.h"
#include "common/err.h"

extern const struct hive_map_ops array_map_ops;
extern const struct hive_map_ops percpu_array_map_ops;
extern const struct hive_map_ops prog_array_map_ops;
extern const struct hive_map_ops array_of_maps_map_ops;
extern const struct hive_map_ops htab_map_ops;
extern const struct hive_map_ops htab_percpu_map_ops;
extern const struct hive_map_ops htab_lru_map_ops;
extern const struct hive_map_ops htab_lru_percpu_map_ops;
extern const struct hive_map_ops htab_of_maps_map_ops;
extern const struct hive_map_ops queue_map_ops;
extern const struct hive_map_ops stack_map_ops;
extern const struct hive_map_ops ringbuf_map_ops;
extern const struct hive_map_ops bloom_filter_map_ops;

/* ---- locks: a 4-byte test-and-test-and-set spin lock ---- */

struct maps_lock {
	uint32_t v;
};

static inline void maps_cpu_relax(void)
{
#if defined(__x86_64__) || defined(__i386__)
	__builtin_ia32_pause();
#endif
}

static inline void maps_lock(struct maps_lock *l)
{
	unsigned int spins = 0;

	while (__atomic_exchange_n(&l->v, 1, __ATOMIC_ACQUIRE)) {
		while (__atomic_load_n(&l->v, __ATOMIC_RELAXED)) {
			/* the holder may be preempted: give it the CPU after a while */
			if (++spins & 127)
				maps_cpu_relax();
			else
				sched_yield();
		}
	}
}

static inline void maps_unlock(struct maps_lock *l)
{
	__atomic_store_n(&l->v, 0, __ATOMIC_RELEASE);
}

/* ---- the kernel's jhash (Bob Jenkins' lookup3) ---- */

#define MAPS_JHASH_INITVAL 0xdeadbeefU

static inline uint32_t maps_rol32(uint32_t w, unsigned int s)
{
	return (w << s) | (w >> (32 - s));
}

#define MAPS_JHASH_MIX(a, b, c)         \
	do {                            \
		a -= c;                 \
		a ^= maps_rol32(c, 4);  \
		c += b;                 \
		b -= a;                 \
		b ^= maps_rol32(a, 6);  \
		a += c;                 \
		c -= b;                 \
		c ^= maps_rol32(b, 8);  \
		b += a;                 \
		a -= c;                 \
		a ^= maps_rol32(c, 16); \
		c += b;                 \
		b -= a;                 \
		b ^= maps_rol32(a, 19); \
		a += c;                 \
		c -= b;                 \
		c ^= maps_rol32(b, 4);  \
		b += a;                 \
	} while (0)

#define MAPS_JHASH_FINAL(a, b, c)       \
	do {                            \
		c ^= b;                 \
		c -= maps_rol32(b, 14); \
		a ^= c;                 \
		a -= maps_rol32(c, 11); \
		b ^= a;                 \
		b -= maps_rol32(a, 25); \
		c ^= b;                 \
		c -= maps_rol32(b, 16); \
		a ^= c;                 \
		a -= maps_rol32(c, 4);  \
		b ^= a;                 \
		b -= maps_rol32(a, 14); \
		c ^= b;                 \
		c -= maps_rol32(b, 24); \
	} while (0)

/* jhash2(): @len 32-bit words. */
static inline uint32_t maps_jhash2(const void *key, uint32_t len, uint32_t initval)
{
	const uint8_t *k = key;
	uint32_t a, b, c, w[3];

	a = b = c = MAPS_JHASH_INITVAL + (len << 2) + initval;
	while (len > 3) {
		memcpy(w, k, 12);
		a += w[0];
		b += w[1];
		c += w[2];
		MAPS_JHASH_MIX(a, b, c);
		len -= 3;
		k += 12;
	}
	if (!len)
		return c;
	memcpy(w, k, len * 4);
	/* the last 1..3 words, as the kernel's switch with fall-through adds them */
	if (len == 3)
		c += w[2];
	if (len >= 2)
		b += w[1];
	a += w[0];
	MAPS_JHASH_FINAL(a, b, c);
	return c;
}

/* jhash(): @len bytes, any alignment (little-endian byte order as on x86). */
uint32_t maps_jhash(const void *key, uint32_t len, uint32_t initval);

/* htab_map_hash(): jhash2 when the key is a whole number of words. */
static inline uint32_t maps_key_hash(const void *key, uint32_t len, uint32_t seed)
{
	if (likely(len % 4 == 0))
		return maps_jhash2(key, len / 4, seed);
	return maps_jhash(key, len, seed);
}

/* ---- shared helpers ---- */

/* The next hash seed (deterministic sequence, see maps_set_hash_seed()). */
uint32_t maps_next_seed(void);
/* Fill the common part from @attr (record duplicated, name copied). -ENOMEM. */
int maps_init_from_attr(struct hive_map_impl *map, const struct hive_map_attr *attr,
			const struct hive_map_ops *ops);
/* Undo maps_init_from_attr(). */
void maps_release_common(struct hive_map_impl *map);
/* Both RDONLY_PROG and WRONLY_PROG is contradictory (bpf_map_flags_access_ok()). */
static inline bool maps_flags_access_ok(uint32_t flags)
{
	return (flags & (HIVE_F_RDONLY_PROG | HIVE_F_WRONLY_PROG)) !=
	       (HIVE_F_RDONLY_PROG | HIVE_F_WRONLY_PROG);
}

/* Map-in-map: a copy of the inner template's shape, and the kernel's compatibility test. */
struct hive_map_impl *maps_meta_alloc(struct hive_map_impl *inner);
void maps_meta_free(struct hive_map_impl *meta);
bool maps_meta_equal(const struct hive_map_impl *meta, const struct hive_map_impl *inner);

/* Release objects held by fd maps once no running program can still use them. */
void maps_put_deferred(struct hive_map_impl *map);
void maps_prog_put_deferred(void *prog);
void maps_prog_get(void *prog);
uint32_t maps_prog_id(const void *prog);

/* 8-aligned slot of a per-CPU value as user space lays them out. */
static inline uint32_t maps_round8(uint32_t x)
{
	return (x + 7) & ~7U;
}

#endif /* __HIVE_MAPS_MAP_INTERNAL_H */
