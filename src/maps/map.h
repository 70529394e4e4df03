/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * maps/map.h: run-time BPF maps of the user backend, one ops table per map type.
 *
 * A map is created from a struct hive_map_attr (what BPF_MAP_CREATE receives, plus the value's
 * special-field record and, for map-in-map, the inner map template) and has two families of
 * entry points:
 *
 *  - the program side, what helpers call while a program runs (inside kfunc_rcu_read_lock()):
 *    maps_lookup() returns a pointer into the map's memory, maps_update()/maps_delete(),
 *    push/pop/peek, maps_lookup_percpu(), maps_for_each(), the ringbuf calls of maps/ringbuf.h,
 *    and maps_prog_array_get()/maps_lookup() on map-in-map returning the inner object;
 *  - the user-space side, the bpf() syscall's semantics: maps_sys_lookup() copies the value out
 *    with special fields shown as zero bytes, per-CPU values as one round_up(value_size, 8)
 *    slot per possible CPU, maps_sys_update() copies only non-special bytes and releases what
 *    the old value owned, maps_get_next_key(), maps_sys_lookup_and_delete(), maps_freeze(),
 *    access flags (BPF_F_RDONLY/WRONLY) and frozen maps giving -EPERM.
 *
 * Errors are the kernel's: -ENOENT, -EEXIST, -E2BIG (full map, index out of range), -EINVAL,
 * -ENOMEM, -EPERM, -EBUSY, -ENOTSUPP (524, the kernel-internal value bpf() returns for
 * unsupported operations) and -EOPNOTSUPP where the kernel uses that one.
 *
 * Threads: every entry point may be called from several threads at once. Per-CPU values are
 * picked with kfunc_this_cpu(). Memory a program can hold a pointer to is reclaimed through
 * kfunc_rcu_call(), so a value pointer stays readable until the run that obtained it ends.
 */
#ifndef __HIVE_MAPS_MAP_H
#define __HIVE_MAPS_MAP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "btf/btf_record.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Map types, numbered as enum bpf_map_type. */
enum hive_map_type {
	HIVE_MAP_TYPE_HASH = 1,
	HIVE_MAP_TYPE_ARRAY = 2,
	HIVE_MAP_TYPE_PROG_ARRAY = 3,
	HIVE_MAP_TYPE_PERCPU_HASH = 5,
	HIVE_MAP_TYPE_PERCPU_ARRAY = 6,
	HIVE_MAP_TYPE_LRU_HASH = 9,
	HIVE_MAP_TYPE_LRU_PERCPU_HASH = 10,
	HIVE_MAP_TYPE_ARRAY_OF_MAPS = 12,
	HIVE_MAP_TYPE_HASH_OF_MAPS = 13,
	HIVE_MAP_TYPE_QUEUE = 22,
	HIVE_MAP_TYPE_STACK = 23,
	HIVE_MAP_TYPE_RINGBUF = 27,
	HIVE_MAP_TYPE_BLOOM_FILTER = 30,
	HIVE_MAP_TYPE_MAX = 34, /* one past the last type number we know of */
};

/* BPF_MAP_CREATE map_flags, as the uapi. */
#define HIVE_F_NO_PREALLOC (1U << 0)
#define HIVE_F_NO_COMMON_LRU (1U << 1)
#define HIVE_F_NUMA_NODE (1U << 2)
#define HIVE_F_RDONLY (1U << 3)
#define HIVE_F_WRONLY (1U << 4)
#define HIVE_F_STACK_BUILD_ID (1U << 5)
#define HIVE_F_ZERO_SEED (1U << 6)
#define HIVE_F_RDONLY_PROG (1U << 7)
#define HIVE_F_WRONLY_PROG (1U << 8)
#define HIVE_F_CLONE (1U << 9)
#define HIVE_F_MMAPABLE (1U << 10)
#define HIVE_F_PRESERVE_ELEMS (1U << 11)
#define HIVE_F_INNER_MAP (1U << 12)
#define HIVE_F_ACCESS_MASK (HIVE_F_RDONLY | HIVE_F_RDONLY_PROG | HIVE_F_WRONLY | HIVE_F_WRONLY_PROG)

/* Update flags (BPF_ANY, BPF_NOEXIST, BPF_EXIST, BPF_F_LOCK). */
#define HIVE_ANY 0ULL
#define HIVE_NOEXIST 1ULL
#define HIVE_EXIST 2ULL
#define HIVE_F_LOCK 4ULL

/* The kernel's internal "not supported" errno, which bpf() lets through to user space. */
#define HIVE_ENOTSUPP 524

struct hive_map_impl;

struct hive_map_attr {
	uint32_t map_type;
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t map_flags;
	uint64_t map_extra;
	/* special fields of the value (map values never contain nodes: spec A.4 rule 13);
	 * borrowed, the map keeps its own copy */
	const struct hive_record *record;
	/* ARRAY_OF_MAPS / HASH_OF_MAPS: a map the inner maps must look like */
	struct hive_map_impl *inner_map;
	const char *name; /* up to 15 characters kept; may be NULL */
};

typedef long (*hive_map_for_each_fn)(struct hive_map_impl *map, void *key, void *value, void *ctx);

struct hive_map_ops {
	int (*alloc_check)(const struct hive_map_attr *attr);
	struct hive_map_impl *(*alloc)(const struct hive_map_attr *attr);
	void (*free)(struct hive_map_impl *map);

	/* program side */
	void *(*lookup)(struct hive_map_impl *map, const void *key);
	long (*update)(struct hive_map_impl *map, const void *key, const void *value,
		       uint64_t flags);
	long (*delete)(struct hive_map_impl *map, const void *key);
	long (*push)(struct hive_map_impl *map, const void *value, uint64_t flags);
	long (*pop)(struct hive_map_impl *map, void *value);
	long (*peek)(struct hive_map_impl *map, void *value);
	void *(*lookup_percpu)(struct hive_map_impl *map, const void *key, uint32_t cpu);
	long (*for_each)(struct hive_map_impl *map, hive_map_for_each_fn fn, void *ctx);

	/* user-space side; generic checks (permissions, flags) are done by maps_sys_*() */
	int (*sys_lookup)(struct hive_map_impl *map, const void *key, void *value, uint64_t flags);
	int (*sys_update)(struct hive_map_impl *map, const void *key, const void *value,
			  uint64_t flags);
	int (*sys_delete)(struct hive_map_impl *map, const void *key);
	int (*get_next_key)(struct hive_map_impl *map, const void *key, void *next_key);
	int (*sys_lookup_and_delete)(struct hive_map_impl *map, const void *key, void *value,
				     uint64_t flags);
	/* fd maps (prog array, map-in-map): store/read an object instead of bytes */
	int (*fd_update)(struct hive_map_impl *map, const void *key, void *obj, uint64_t flags);
};

/* The part of a map every type shares; each type embeds it first. */
struct hive_map_impl {
	const struct hive_map_ops *ops;
	uint32_t map_type;
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries; /* as the kernel reports it (LRU per-CPU lists round it) */
	uint32_t map_flags;
	uint64_t map_extra;
	struct hive_record *record; /* owned copy, NULL when the value has no special field */
	uint32_t nr_cpus; /* per-CPU slots (kfunc_nr_cpus() at creation) */
	uint32_t id; /* unique, never reused, like the kernel's map id */
	int refcnt; /* atomic */
	int mmap_writers; /* atomic: writable direct mappings (blocks freeze) */
	bool frozen;
	struct hive_map_impl *inner_meta; /* map-in-map template (owned reference) */
	char name[16];
};

/*
 * maps_create() - BPF_MAP_CREATE: validate @attr as the kernel does for the type (-EINVAL,
 * -E2BIG, -ENOTSUPP...), reject special fields where the kernel does (spec A.4 rule 13:
 * -EOPNOTSUPP for a kind the map type cannot hold, -EACCES with RDONLY_PROG/WRONLY_PROG), and
 * allocate. Returns the map with one reference, or ERR_PTR(-errno).
 */
struct hive_map_impl *maps_create(const struct hive_map_attr *attr);
/* Reference counting; the last maps_put() frees the map and everything its values own. */
struct hive_map_impl *maps_get(struct hive_map_impl *map);
void maps_put(struct hive_map_impl *map);

/* ---- program side (call inside kfunc_rcu_read_lock()) ---- */

/* bpf_map_lookup_elem: pointer to the value (this CPU's for per-CPU maps), or NULL. */
static inline void *maps_lookup(struct hive_map_impl *map, const void *key)
{
	return map->ops->lookup(map, key);
}

/* bpf_map_update_elem / bpf_map_delete_elem / push / pop / peek: 0 or -errno. */
long maps_update(struct hive_map_impl *map, const void *key, const void *value, uint64_t flags);
long maps_delete(struct hive_map_impl *map, const void *key);
long maps_push(struct hive_map_impl *map, const void *value, uint64_t flags);
long maps_pop(struct hive_map_impl *map, void *value);
long maps_peek(struct hive_map_impl *map, void *value);
/* bpf_map_lookup_percpu_elem: @cpu's value, NULL if absent or @cpu out of range. */
void *maps_lookup_percpu(struct hive_map_impl *map, const void *key, uint32_t cpu);
/*
 * bpf_for_each_map_elem: call @fn(map, key, value, ctx) for each element until it returns
 * non-zero; returns the number of elements visited, or -EINVAL for non-zero @flags or a map
 * type without iteration.
 */
long maps_for_each(struct hive_map_impl *map, hive_map_for_each_fn fn, void *ctx, uint64_t flags);

/* ---- user-space side (bpf() syscall semantics) ---- */

/* Size of the value buffer user space passes: per-CPU maps take one 8-aligned slot per CPU. */
uint32_t maps_sys_value_size(const struct hive_map_impl *map);
int maps_sys_lookup(struct hive_map_impl *map, const void *key, void *value, uint64_t flags);
int maps_sys_update(struct hive_map_impl *map, const void *key, const void *value, uint64_t flags);
int maps_sys_delete(struct hive_map_impl *map, const void *key);
/* @key NULL (or not found for hash maps) gives the first key; -ENOENT after the last. */
int maps_get_next_key(struct hive_map_impl *map, const void *key, void *next_key);
int maps_sys_lookup_and_delete(struct hive_map_impl *map, const void *key, void *value,
			       uint64_t flags);
/*
 * maps_sys_update_fd() - the update of a prog array or map-in-map, with the object the fd
 * resolved to (a program for PROG_ARRAY, a struct hive_map_impl for map-in-map); the map takes
 * its own reference. -EINVAL for other map types or an incompatible inner map.
 */
int maps_sys_update_fd(struct hive_map_impl *map, const void *key, void *obj, uint64_t flags);
/* BPF_MAP_FREEZE: -ENOTSUPP for values with special fields, -EPERM for a map user space
 * cannot write (BPF_F_RDONLY, or already frozen), -EBUSY while mapped writable. */
int maps_freeze(struct hive_map_impl *map);

/*
 * Direct access to an mmapable ARRAY's values (global data sections, bpf_map_mmap()): the
 * page-aligned value area (max_entries slots of round_up(value_size, 8) bytes, *@size rounded
 * to pages), valid for the map's lifetime. A writable mapping blocks maps_freeze() until
 * maps_munmap(). ERR_PTR: -EINVAL if the map is not an mmapable array, -ENOTSUPP if its values
 * have special fields, -EPERM for a writable mapping of a frozen map, -EACCES for a writable
 * mapping of a BPF_F_RDONLY_PROG map.
 */
void *maps_mmap(struct hive_map_impl *map, bool writable, size_t *size);
void maps_munmap(struct hive_map_impl *map, bool writable);

/* ---- programs in prog arrays ---- */

/* How maps hold programs: the interpreter registers these once. */
struct hive_prog_ref_ops {
	void (*get)(void *prog);
	void (*put)(void *prog);
	uint32_t (*id)(const void *prog);
};
void maps_set_prog_ref_ops(const struct hive_prog_ref_ops *ops);
/* bpf_tail_call's lookup: the program at @index, NULL if none or out of range. */
void *maps_prog_array_get(struct hive_map_impl *map, uint32_t index);

/* Map ids for user-space lookups of map-in-map values. */
uint32_t maps_id(const struct hive_map_impl *map);

/* Seed of the hash functions of maps created from now on without BPF_F_ZERO_SEED; runs are
 * deterministic by default (the seed sequence starts from a fixed value). */
void maps_set_hash_seed(uint64_t seed);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_MAPS_MAP_H */
