/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bpfhive/map.h: maps of an opened object (libbpf's bpf_map): the BTF-defined maps of
 * SEC(".maps") and the internal maps behind global data (.data, .bss, .rodata, .data.NAME,
 * .rodata.NAME, .kconfig), with the kernel's map type numbering and libbpf's type names.
 *
 * Definitions are final after hive_object__open_file(); the initial data image of an internal
 * map is writable by the caller until the object is loaded (hive_map__initial_value()).
 */
#ifndef __HIVE_PUBLIC_MAP_H
#define __HIVE_PUBLIC_MAP_H

#include "bpfhive/common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct hive_object;
struct hive_program;
struct hive_map;

/* enum bpf_map_type of the UAPI (Linux 6.18), same values. */
enum hive_map_type {
	HIVE_MAP_TYPE_UNSPEC = 0,
	HIVE_MAP_TYPE_HASH = 1,
	HIVE_MAP_TYPE_ARRAY = 2,
	HIVE_MAP_TYPE_PROG_ARRAY = 3,
	HIVE_MAP_TYPE_PERF_EVENT_ARRAY = 4,
	HIVE_MAP_TYPE_PERCPU_HASH = 5,
	HIVE_MAP_TYPE_PERCPU_ARRAY = 6,
	HIVE_MAP_TYPE_STACK_TRACE = 7,
	HIVE_MAP_TYPE_CGROUP_ARRAY = 8,
	HIVE_MAP_TYPE_LRU_HASH = 9,
	HIVE_MAP_TYPE_LRU_PERCPU_HASH = 10,
	HIVE_MAP_TYPE_LPM_TRIE = 11,
	HIVE_MAP_TYPE_ARRAY_OF_MAPS = 12,
	HIVE_MAP_TYPE_HASH_OF_MAPS = 13,
	HIVE_MAP_TYPE_DEVMAP = 14,
	HIVE_MAP_TYPE_SOCKMAP = 15,
	HIVE_MAP_TYPE_CPUMAP = 16,
	HIVE_MAP_TYPE_XSKMAP = 17,
	HIVE_MAP_TYPE_SOCKHASH = 18,
	HIVE_MAP_TYPE_CGROUP_STORAGE = 19,
	HIVE_MAP_TYPE_REUSEPORT_SOCKARRAY = 20,
	HIVE_MAP_TYPE_PERCPU_CGROUP_STORAGE = 21,
	HIVE_MAP_TYPE_QUEUE = 22,
	HIVE_MAP_TYPE_STACK = 23,
	HIVE_MAP_TYPE_SK_STORAGE = 24,
	HIVE_MAP_TYPE_DEVMAP_HASH = 25,
	HIVE_MAP_TYPE_STRUCT_OPS = 26,
	HIVE_MAP_TYPE_RINGBUF = 27,
	HIVE_MAP_TYPE_INODE_STORAGE = 28,
	HIVE_MAP_TYPE_TASK_STORAGE = 29,
	HIVE_MAP_TYPE_BLOOM_FILTER = 30,
	HIVE_MAP_TYPE_USER_RINGBUF = 31,
	HIVE_MAP_TYPE_CGRP_STORAGE = 32,
	HIVE_MAP_TYPE_ARENA = 33,
	HIVE_MAP_TYPE_CNT,
};

/* Map flags the loader itself sets (the UAPI's BPF_F_* values). */
#define HIVE_MAP_F_NUMA_NODE (1U << 2)
#define HIVE_MAP_F_RDONLY_PROG (1U << 7) /* .rodata*, .kconfig */
#define HIVE_MAP_F_MMAPABLE (1U << 10) /* internal maps with global variables */

enum hive_map_pinning {
	HIVE_PIN_NONE = 0,
	HIVE_PIN_BY_NAME = 1,
};

/* What a map is for: user-defined in .maps, or the storage of a global data section. */
enum hive_map_kind {
	HIVE_MAP_USER = 0,
	HIVE_MAP_DATA, /* .data, .data.* */
	HIVE_MAP_BSS, /* .bss, .bss.* */
	HIVE_MAP_RODATA, /* .rodata, .rodata.* */
	HIVE_MAP_KCONFIG, /* __kconfig externs */
};

/** hive_map_type_str() - libbpf's name ("hash", "ringbuf"), or NULL for an unknown value. */
HIVE_API const char *hive_map_type_str(enum hive_map_type t);

/** hive_map__name() - "counters", or for internal maps "obj.data", ".data.foo", ... */
HIVE_API const char *hive_map__name(const struct hive_map *map);
/** hive_map__section_name() - ELF section of an internal map (".rodata.str1.1"), else NULL. */
HIVE_API const char *hive_map__section_name(const struct hive_map *map);
HIVE_API enum hive_map_kind hive_map__kind(const struct hive_map *map);
HIVE_API enum hive_map_type hive_map__type(const struct hive_map *map);
HIVE_API uint32_t hive_map__key_size(const struct hive_map *map);
HIVE_API uint32_t hive_map__value_size(const struct hive_map *map);
HIVE_API uint32_t hive_map__max_entries(const struct hive_map *map);
HIVE_API uint32_t hive_map__map_flags(const struct hive_map *map);
HIVE_API uint32_t hive_map__numa_node(const struct hive_map *map);
HIVE_API uint64_t hive_map__map_extra(const struct hive_map *map);
HIVE_API enum hive_map_pinning hive_map__pinning(const struct hive_map *map);
/** hive_map__btf_key_type_id() / __btf_value_type_id() - ids in the object's BTF, 0 if none. */
HIVE_API uint32_t hive_map__btf_key_type_id(const struct hive_map *map);
HIVE_API uint32_t hive_map__btf_value_type_id(const struct hive_map *map);
/** hive_map__index() - position in the object's map list (what program references carry). */
HIVE_API int hive_map__index(const struct hive_map *map);
/** hive_map__inner_map() - inner definition of a map-in-map ("outer.inner"), or NULL. */
HIVE_API const struct hive_map *hive_map__inner_map(const struct hive_map *map);
/**
 * hive_map__init_slot() - static initialisation of a map-in-map or prog array: the map
 * (*@inner) or program (*@prog) in slot @slot, both NULL for an empty slot. Returns the number
 * of slots (highest set + 1).
 */
HIVE_API uint32_t hive_map__init_slot(const struct hive_map *map, uint32_t slot,
				      const struct hive_map **inner,
				      const struct hive_program **prog);
/**
 * hive_map__initial_value() - the initial data image of an internal map (@size gets its
 * length), writable before load; NULL for other maps.
 */
HIVE_API void *hive_map__initial_value(const struct hive_map *map, size_t *size);
/*
 * After hive_object__load(), hive_map__initial_value() of an mmapable global data map
 * (.data, .bss, .rodata with non-static variables) returns the live values the programs use,
 * like libbpf's mmaped skeleton pointer: writes to .data/.bss are seen by the next run;
 * .rodata is frozen at load and must not be written.
 */

HIVE_API bool hive_map__autocreate(const struct hive_map *map);
/** hive_map__set_autocreate() - before prepare/load only; references are then poisoned. */
HIVE_API int hive_map__set_autocreate(struct hive_map *map, bool autocreate);

/* ---- elements of a loaded map (the bpf() syscall's semantics) ---- */

/* Flags of update (BPF_ANY, BPF_NOEXIST, BPF_EXIST, BPF_F_LOCK) and lookup (BPF_F_LOCK). */
#define HIVE_MAP_ANY 0ULL
#define HIVE_MAP_NOEXIST 1ULL
#define HIVE_MAP_EXIST 2ULL
#define HIVE_MAP_F_LOCK 4ULL

/*
 * Sizes are checked as libbpf's bpf_map__*_elem() do: @key_sz must be the key size (0 for
 * queue/stack/bloom maps), @value_sz the value size, or for per-CPU maps
 * hive_map__nr_cpus() * round_up(value size, 8) (one slot per possible CPU); -EINVAL otherwise.
 * Values read from user space show special fields (bpf_spin_lock, bpf_list_head, bpf_rb_root,
 * kptrs, ...) as zero bytes, and updates leave them alone, as in the kernel. Errors are the
 * kernel's (-ENOENT, -EEXIST, -E2BIG, -EPERM, -ENOTSUPP...); -ENOENT also when the map was not
 * loaded. Thread-safe.
 */
HIVE_API int hive_map__lookup_elem(const struct hive_map *map, const void *key, size_t key_sz,
				   void *value, size_t value_sz, uint64_t flags);
HIVE_API int hive_map__update_elem(const struct hive_map *map, const void *key, size_t key_sz,
				   const void *value, size_t value_sz, uint64_t flags);
HIVE_API int hive_map__delete_elem(const struct hive_map *map, const void *key, size_t key_sz,
				   uint64_t flags);
HIVE_API int hive_map__lookup_and_delete_elem(const struct hive_map *map, const void *key,
					      size_t key_sz, void *value, size_t value_sz,
					      uint64_t flags);
/** hive_map__get_next_key() - @cur_key NULL gives the first key; -ENOENT after the last. */
HIVE_API int hive_map__get_next_key(const struct hive_map *map, const void *cur_key, void *next_key,
				    size_t key_sz);
/** hive_map__freeze() - BPF_MAP_FREEZE: user space can no longer write the map. */
HIVE_API int hive_map__freeze(const struct hive_map *map);
/** hive_map__nr_cpus() - per-CPU maps: the number of values a lookup returns (else 1). */
HIVE_API uint32_t hive_map__nr_cpus(const struct hive_map *map);
/** hive_map__value_buf_size() - the @value_sz lookups need (per-CPU layout included). */
HIVE_API size_t hive_map__value_buf_size(const struct hive_map *map);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_PUBLIC_MAP_H */
