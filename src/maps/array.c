// SPDX-License-Identifier: BSD-2-Clause
/*
 * maps/array.c: ARRAY, PERCPU_ARRAY and the fd arrays (PROG_ARRAY, ARRAY_OF_MAPS), after the
 * kernel's arraymap.c.
 *
 * Values are preallocated, zeroed, in slots of round_up(value_size, 8) bytes:
 *   ARRAY         values[index]                       (page-aligned when BPF_F_MMAPABLE)
 *   PERCPU_ARRAY  values[index * nr_cpus + cpu]
 *   fd arrays     ptrs[index] (a program or an inner map, swapped atomically)
 * Elements always exist: updates overwrite in place (BPF_NOEXIST is -EEXIST), delete is -EINVAL,
 * and writing a value releases what its special fields owned afterwards (A.6 rule 21: a list in
 * the slot just written is drained, a stashed kptr is dropped).
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>

#include "maps/map_internal.h"
#include "kfunc/fields.h"
#include "kfunc/runtime.h"

#define ARRAY_CREATE_FLAG_MASK                                                             \
	(HIVE_F_NUMA_NODE | HIVE_F_MMAPABLE | HIVE_F_ACCESS_MASK | HIVE_F_PRESERVE_ELEMS | \
	 HIVE_F_INNER_MAP)
/* Largest per-CPU value (PCPU_MIN_UNIT_SIZE). */
#define PCPU_MIN_UNIT_SIZE (32 << 10)
#define PAGE_SZ 4096UL

struct array_map {
	struct hive_map_impl map;
	uint32_t elem_size;
	size_t area_size;
	bool mmapped; /* values came from mmap() */
	char *values;
	void **ptrs;
};

static inline struct array_map *array_of(struct hive_map_impl *map)
{
	return container_of(map, struct array_map, map);
}

static inline void *slot(struct array_map *a, uint32_t index, uint32_t cpu)
{
	if (a->map.map_type == HIVE_MAP_TYPE_PERCPU_ARRAY)
		return a->values + ((size_t)index * a->map.nr_cpus + cpu) * a->elem_size;
	return a->values + (size_t)index * a->elem_size;
}

static int array_alloc_check(const struct hive_map_attr *attr)
{
	bool percpu = attr->map_type == HIVE_MAP_TYPE_PERCPU_ARRAY;

	if (!attr->max_entries || attr->key_size != 4 || !attr->value_size ||
	    (attr->map_flags & ~ARRAY_CREATE_FLAG_MASK) || !maps_flags_access_ok(attr->map_flags) ||
	    (percpu && (attr->map_flags & HIVE_F_NUMA_NODE)))
		return -EINVAL;
	if (attr->map_type != HIVE_MAP_TYPE_ARRAY &&
	    (attr->map_flags & (HIVE_F_MMAPABLE | HIVE_F_INNER_MAP)))
		return -EINVAL;
	/* only perf event arrays may preserve elements */
	if (attr->map_flags & HIVE_F_PRESERVE_ELEMS)
		return -EINVAL;
	if (attr->value_size > INT32_MAX)
		return -E2BIG;
	if (percpu && maps_round8(attr->value_size) > PCPU_MIN_UNIT_SIZE)
		return -E2BIG;
	return 0;
}

static int fd_array_alloc_check(const struct hive_map_attr *attr)
{
	/* only objects (named by fds in the kernel) are stored */
	if (attr->value_size != sizeof(uint32_t))
		return -EINVAL;
	if (attr->map_flags & (HIVE_F_RDONLY_PROG | HIVE_F_WRONLY_PROG))
		return -EINVAL;
	if (attr->map_type == HIVE_MAP_TYPE_ARRAY_OF_MAPS) {
		if (!attr->inner_map)
			return -EBADF;
		if (attr->inner_map->inner_meta)
			return -EINVAL; /* one level of nesting only */
	}
	return array_alloc_check(attr);
}

static struct hive_map_impl *array_alloc(const struct hive_map_attr *attr)
{
	struct array_map *a = calloc(1, sizeof(*a));
	uint64_t bytes;
	int err;

	if (!a)
		return ERR_PTR(-ENOMEM);
	err = maps_init_from_attr(&a->map, attr, NULL);
	if (err)
		goto err_free;
	a->elem_size = maps_round8(attr->value_size);
	err = -ENOMEM;
	if (attr->map_type == HIVE_MAP_TYPE_PROG_ARRAY ||
	    attr->map_type == HIVE_MAP_TYPE_ARRAY_OF_MAPS) {
		a->ptrs = calloc(attr->max_entries, sizeof(void *));
		if (!a->ptrs)
			goto err_common;
		return &a->map;
	}
	bytes = (uint64_t)attr->max_entries * a->elem_size;
	if (attr->map_type == HIVE_MAP_TYPE_PERCPU_ARRAY)
		bytes *= a->map.nr_cpus;
	if (bytes > SIZE_MAX / 2)
		goto err_common;
	if (attr->map_flags & HIVE_F_MMAPABLE) {
		a->area_size = (bytes + PAGE_SZ - 1) & ~(PAGE_SZ - 1);
		a->values = mmap(NULL, a->area_size, PROT_READ | PROT_WRITE,
				 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (a->values == MAP_FAILED)
			goto err_common;
		a->mmapped = true;
	} else {
		a->area_size = bytes;
		a->values = calloc(1, bytes);
		if (!a->values)
			goto err_common;
	}
	return &a->map;

err_common:
	maps_release_common(&a->map);
err_free:
	free(a);
	return ERR_PTR(err);
}

/* The ops pointer is per type; set it after the shared allocation. */
#define DEFINE_ALLOC(name, table)                                           \
	static struct hive_map_impl *name(const struct hive_map_attr *attr) \
	{                                                                   \
		struct hive_map_impl *map = array_alloc(attr);              \
		if (!IS_ERR(map))                                           \
			map->ops = &table;                                  \
		return map;                                                 \
	}
DEFINE_ALLOC(array_alloc_plain, array_map_ops)
DEFINE_ALLOC(array_alloc_percpu, percpu_array_map_ops)
DEFINE_ALLOC(array_alloc_prog, prog_array_map_ops)
DEFINE_ALLOC(array_alloc_of_maps, array_of_maps_map_ops)

static void array_free(struct hive_map_impl *map)
{
	struct array_map *a = array_of(map);
	uint32_t ncpu = map->map_type == HIVE_MAP_TYPE_PERCPU_ARRAY ? map->nr_cpus : 1;

	/* map destruction releases what every value owns (lists, trees, kptrs) */
	if (map->record)
		for (uint32_t i = 0; i < map->max_entries; i++)
			for (uint32_t cpu = 0; cpu < ncpu; cpu++)
				kfunc_obj_free_fields(map->record, slot(a, i, cpu));
	if (a->ptrs) {
		for (uint32_t i = 0; i < map->max_entries; i++) {
			if (!a->ptrs[i])
				continue;
			if (map->map_type == HIVE_MAP_TYPE_PROG_ARRAY)
				maps_prog_put_deferred(a->ptrs[i]);
			else
				maps_put_deferred(a->ptrs[i]);
		}
		free(a->ptrs);
	}
	if (a->mmapped)
		munmap(a->values, a->area_size);
	else
		free(a->values);
	maps_release_common(map);
	free(a);
}

/* ---- ARRAY and PERCPU_ARRAY ---- */

static void *array_lookup(struct hive_map_impl *map, const void *key)
{
	uint32_t index = *(const uint32_t *)key;

	if (unlikely(index >= map->max_entries))
		return NULL;
	return slot(array_of(map), index, kfunc_this_cpu());
}

static void *array_lookup_percpu(struct hive_map_impl *map, const void *key, uint32_t cpu)
{
	uint32_t index = *(const uint32_t *)key;

	if (unlikely(index >= map->max_entries))
		return NULL;
	return slot(array_of(map), index, cpu);
}

/* array_map_update_elem(): the program helper and, for ARRAY, the syscall too. */
static long array_update(struct hive_map_impl *map, const void *key, const void *value,
			 uint64_t flags)
{
	uint32_t index = *(const uint32_t *)key;
	void *val;

	if (unlikely((flags & ~HIVE_F_LOCK) > HIVE_EXIST))
		return -EINVAL;
	if (unlikely(index >= map->max_entries))
		return -E2BIG; /* all elements were preallocated: nothing to insert */
	if (unlikely(flags & HIVE_NOEXIST))
		return -EEXIST;
	if (unlikely((flags & HIVE_F_LOCK) &&
		     !btf_record_has_field(map->record, HIVE_FIELD_SPIN_LOCK)))
		return -EINVAL;
	val = slot(array_of(map), index, kfunc_this_cpu());
	if (flags & HIVE_F_LOCK)
		kfunc_copy_map_value_locked(map->record, val, value, map->value_size, false);
	else
		kfunc_copy_map_value(map->record, val, value, map->value_size);
	kfunc_obj_free_fields(map->record, val);
	return 0;
}

static long array_delete(struct hive_map_impl *map, const void *key)
{
	return -EINVAL;
}

static long array_for_each(struct hive_map_impl *map, hive_map_for_each_fn fn, void *ctx)
{
	struct array_map *a = array_of(map);
	uint32_t cpu = kfunc_this_cpu();
	long n = 0;

	for (uint32_t i = 0; i < map->max_entries; i++) {
		uint32_t key = i;

		n++;
		if (fn(map, &key, slot(a, i, cpu), ctx))
			break;
	}
	return n;
}

static int array_sys_lookup(struct hive_map_impl *map, const void *key, void *value, uint64_t flags)
{
	void *ptr = array_lookup(map, key);

	if (!ptr)
		return -ENOENT;
	if (flags & HIVE_F_LOCK)
		kfunc_copy_map_value_locked(map->record, value, ptr, map->value_size, true);
	else
		kfunc_copy_map_value(map->record, value, ptr, map->value_size);
	kfunc_zero_special_fields(map->record, value);
	return 0;
}

static int array_sys_update(struct hive_map_impl *map, const void *key, const void *value,
			    uint64_t flags)
{
	return array_update(map, key, value, flags);
}

static int array_sys_delete(struct hive_map_impl *map, const void *key)
{
	return -EINVAL;
}

static int array_get_next_key(struct hive_map_impl *map, const void *key, void *next_key)
{
	uint32_t index = key ? *(const uint32_t *)key : UINT32_MAX;
	uint32_t *next = next_key;

	if (index >= map->max_entries) {
		*next = 0;
		return 0;
	}
	if (index == map->max_entries - 1)
		return -ENOENT;
	*next = index + 1;
	return 0;
}

/* bpf_percpu_array_copy(): every CPU's value, 8-aligned slots. */
static int percpu_array_sys_lookup(struct hive_map_impl *map, const void *key, void *value,
				   uint64_t flags)
{
	struct array_map *a = array_of(map);
	uint32_t index = *(const uint32_t *)key;
	char *out = value;

	if (index >= map->max_entries)
		return -ENOENT;
	for (uint32_t cpu = 0; cpu < map->nr_cpus; cpu++, out += a->elem_size) {
		kfunc_copy_map_value(map->record, out, slot(a, index, cpu), a->elem_size);
		kfunc_zero_special_fields(map->record, out);
	}
	return 0;
}

/* bpf_percpu_array_update(): user space provides every CPU's value. */
static int percpu_array_sys_update(struct hive_map_impl *map, const void *key, const void *value,
				   uint64_t flags)
{
	struct array_map *a = array_of(map);
	uint32_t index = *(const uint32_t *)key;
	const char *in = value;

	if (flags > HIVE_EXIST)
		return -EINVAL;
	if (index >= map->max_entries)
		return -E2BIG;
	if (flags == HIVE_NOEXIST)
		return -EEXIST;
	for (uint32_t cpu = 0; cpu < map->nr_cpus; cpu++, in += a->elem_size) {
		void *val = slot(a, index, cpu);

		kfunc_copy_map_value(map->record, val, in, a->elem_size);
		kfunc_obj_free_fields(map->record, val);
	}
	return 0;
}

const struct hive_map_ops array_map_ops = {
	.alloc_check = array_alloc_check,
	.alloc = array_alloc_plain,
	.free = array_free,
	.lookup = array_lookup,
	.update = array_update,
	.delete = array_delete,
	.for_each = array_for_each,
	.sys_lookup = array_sys_lookup,
	.sys_update = array_sys_update,
	.sys_delete = array_sys_delete,
	.get_next_key = array_get_next_key,
};

const struct hive_map_ops percpu_array_map_ops = {
	.alloc_check = array_alloc_check,
	.alloc = array_alloc_percpu,
	.free = array_free,
	.lookup = array_lookup,
	.update = array_update,
	.delete = array_delete,
	.lookup_percpu = array_lookup_percpu,
	.for_each = array_for_each,
	.sys_lookup = percpu_array_sys_lookup,
	.sys_update = percpu_array_sys_update,
	.sys_delete = array_sys_delete,
	.get_next_key = array_get_next_key,
};

/* ---- fd arrays ---- */

static void *fd_array_get(struct hive_map_impl *map, const void *key)
{
	uint32_t index = *(const uint32_t *)key;

	if (index >= map->max_entries)
		return NULL;
	return __atomic_load_n(&array_of(map)->ptrs[index], __ATOMIC_ACQUIRE);
}

/* A program may not look up a prog array; an array of maps gives the inner map. */
static void *prog_array_lookup(struct hive_map_impl *map, const void *key)
{
	return NULL;
}

static void *array_of_maps_lookup(struct hive_map_impl *map, const void *key)
{
	return fd_array_get(map, key);
}

void *maps_prog_array_get(struct hive_map_impl *map, uint32_t index)
{
	if (map->map_type != HIVE_MAP_TYPE_PROG_ARRAY)
		return NULL;
	return fd_array_get(map, &index);
}

static long fd_array_update(struct hive_map_impl *map, const void *key, const void *value,
			    uint64_t flags)
{
	return -EINVAL; /* programs cannot store objects (the verifier forbids it) */
}

static int fd_array_sys_lookup(struct hive_map_impl *map, const void *key, void *value,
			       uint64_t flags)
{
	void *obj = fd_array_get(map, key);

	if (!obj)
		return -ENOENT;
	*(uint32_t *)value = map->map_type == HIVE_MAP_TYPE_PROG_ARRAY ? maps_prog_id(obj) :
									 maps_id(obj);
	return 0;
}

static int fd_array_fd_update(struct hive_map_impl *map, const void *key, void *obj, uint64_t flags)
{
	uint32_t index = *(const uint32_t *)key;
	void *old;

	if (flags != HIVE_ANY)
		return -EINVAL;
	if (index >= map->max_entries)
		return -E2BIG;
	if (!obj)
		return -EBADF;
	if (map->map_type == HIVE_MAP_TYPE_ARRAY_OF_MAPS) {
		if (!maps_meta_equal(map->inner_meta, obj))
			return -EINVAL;
		maps_get(obj);
	} else {
		maps_prog_get(obj);
	}
	old = __atomic_exchange_n(&array_of(map)->ptrs[index], obj, __ATOMIC_ACQ_REL);
	if (old) {
		if (map->map_type == HIVE_MAP_TYPE_PROG_ARRAY)
			maps_prog_put_deferred(old);
		else
			maps_put_deferred(old);
	}
	return 0;
}

static int fd_array_sys_delete(struct hive_map_impl *map, const void *key)
{
	uint32_t index = *(const uint32_t *)key;
	void *old;

	if (index >= map->max_entries)
		return -E2BIG;
	old = __atomic_exchange_n(&array_of(map)->ptrs[index], NULL, __ATOMIC_ACQ_REL);
	if (!old)
		return -ENOENT;
	if (map->map_type == HIVE_MAP_TYPE_PROG_ARRAY)
		maps_prog_put_deferred(old);
	else
		maps_put_deferred(old);
	return 0;
}

static long fd_array_delete(struct hive_map_impl *map, const void *key)
{
	return fd_array_sys_delete(map, key);
}

const struct hive_map_ops prog_array_map_ops = {
	.alloc_check = fd_array_alloc_check,
	.alloc = array_alloc_prog,
	.free = array_free,
	.lookup = prog_array_lookup,
	.update = fd_array_update,
	.delete = fd_array_delete,
	.sys_lookup = fd_array_sys_lookup,
	.sys_delete = fd_array_sys_delete,
	.get_next_key = array_get_next_key,
	.fd_update = fd_array_fd_update,
};

const struct hive_map_ops array_of_maps_map_ops = {
	.alloc_check = fd_array_alloc_check,
	.alloc = array_alloc_of_maps,
	.free = array_free,
	.lookup = array_of_maps_lookup,
	.update = fd_array_update,
	.delete = fd_array_delete,
	.sys_lookup = fd_array_sys_lookup,
	.sys_delete = fd_array_sys_delete,
	.get_next_key = array_get_next_key,
	.fd_update = fd_array_fd_update,
};

/* ---- direct access (mmap of global data) ---- */

void *maps_mmap(struct hive_map_impl *map, bool writable, size_t *size)
{
	struct array_map *a;

	if (map->record && map->record->cnt)
		return ERR_PTR(-HIVE_ENOTSUPP);
	if (map->map_type != HIVE_MAP_TYPE_ARRAY || !(map->map_flags & HIVE_F_MMAPABLE))
		return ERR_PTR(-EINVAL);
	a = array_of(map);
	if (writable) {
		if (map->map_flags & HIVE_F_RDONLY_PROG)
			return ERR_PTR(-EACCES);
		__atomic_fetch_add(&map->mmap_writers, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&map->frozen, __ATOMIC_SEQ_CST)) {
			__atomic_fetch_sub(&map->mmap_writers, 1, __ATOMIC_SEQ_CST);
			return ERR_PTR(-EPERM);
		}
	}
	if (size)
		*size = a->area_size;
	return a->values;
}

void maps_munmap(struct hive_map_impl *map, bool writable)
{
	if (writable)
		__atomic_fetch_sub(&map->mmap_writers, 1, __ATOMIC_SEQ_CST);
}
