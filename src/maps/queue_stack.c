// SPDX-License-Identifier: BSD-2-Clause
/*
 * maps/queue_stack.c: QUEUE (FIFO) and STACK (LIFO), after the kernel's queue_stack_maps.c.
 *
 * A ring of max_entries + 1 value slots (one always empty), head = next slot to write,
 * tail = oldest element. Push with BPF_EXIST on a full map overwrites the oldest element;
 * pop/peek of an empty map zero the output and return -ENOENT. There are no keys: lookup,
 * update, delete and get_next_key are -EINVAL, and user space reaches peek/push/pop through
 * lookup/update/lookup_and_delete.
 */
#include <errno.h>
#include <stdlib.h>

#include "maps/map_internal.h"

#define QUEUE_STACK_CREATE_FLAG_MASK (HIVE_F_NUMA_NODE | HIVE_F_ACCESS_MASK)
#define KMALLOC_MAX_SIZE (4UL << 20)

struct queue_stack {
	struct hive_map_impl map;
	struct maps_lock lock;
	uint32_t head, tail;
	uint32_t size; /* max_entries + 1 */
	char *elements;
};

static inline struct queue_stack *qs_of(struct hive_map_impl *map)
{
	return container_of(map, struct queue_stack, map);
}

static bool is_empty(const struct queue_stack *qs)
{
	return qs->head == qs->tail;
}

static bool is_full(const struct queue_stack *qs)
{
	uint32_t head = qs->head + 1;

	if (head >= qs->size)
		head = 0;
	return head == qs->tail;
}

static int qs_alloc_check(const struct hive_map_attr *attr)
{
	if (!attr->max_entries || attr->key_size || !attr->value_size ||
	    (attr->map_flags & ~QUEUE_STACK_CREATE_FLAG_MASK) ||
	    !maps_flags_access_ok(attr->map_flags))
		return -EINVAL;
	if (attr->value_size > KMALLOC_MAX_SIZE)
		return -E2BIG;
	return 0;
}

static struct hive_map_impl *qs_alloc(const struct hive_map_attr *attr)
{
	struct queue_stack *qs = calloc(1, sizeof(*qs));
	int err;

	if (!qs)
		return ERR_PTR(-ENOMEM);
	err = maps_init_from_attr(&qs->map, attr,
				  attr->map_type == HIVE_MAP_TYPE_QUEUE ? &queue_map_ops :
									  &stack_map_ops);
	if (err) {
		free(qs);
		return ERR_PTR(err);
	}
	qs->size = attr->max_entries + 1;
	qs->elements = calloc(qs->size, attr->value_size);
	if (!qs->elements) {
		maps_release_common(&qs->map);
		free(qs);
		return ERR_PTR(-ENOMEM);
	}
	return &qs->map;
}

static void qs_free(struct hive_map_impl *map)
{
	struct queue_stack *qs = qs_of(map);

	free(qs->elements);
	maps_release_common(map);
	free(qs);
}

static long queue_get(struct hive_map_impl *map, void *value, bool delete)
{
	struct queue_stack *qs = qs_of(map);
	long err = 0;

	maps_lock(&qs->lock);
	if (is_empty(qs)) {
		memset(value, 0, map->value_size);
		err = -ENOENT;
		goto out;
	}
	memcpy(value, qs->elements + (size_t)qs->tail * map->value_size, map->value_size);
	if (delete &&++qs->tail >= qs->size)
		qs->tail = 0;
out:
	maps_unlock(&qs->lock);
	return err;
}

static long stack_get(struct hive_map_impl *map, void *value, bool delete)
{
	struct queue_stack *qs = qs_of(map);
	uint32_t index;
	long err = 0;

	maps_lock(&qs->lock);
	if (is_empty(qs)) {
		memset(value, 0, map->value_size);
		err = -ENOENT;
		goto out;
	}
	index = qs->head - 1;
	if (index >= qs->size)
		index = qs->size - 1;
	memcpy(value, qs->elements + (size_t)index * map->value_size, map->value_size);
	if (delete)
		qs->head = index;
out:
	maps_unlock(&qs->lock);
	return err;
}

static long queue_pop(struct hive_map_impl *map, void *value)
{
	return queue_get(map, value, true);
}

static long queue_peek(struct hive_map_impl *map, void *value)
{
	return queue_get(map, value, false);
}

static long stack_pop(struct hive_map_impl *map, void *value)
{
	return stack_get(map, value, true);
}

static long stack_peek(struct hive_map_impl *map, void *value)
{
	return stack_get(map, value, false);
}

static long qs_push(struct hive_map_impl *map, const void *value, uint64_t flags)
{
	struct queue_stack *qs = qs_of(map);
	bool replace = flags & HIVE_EXIST; /* make room by dropping the oldest */
	long err = 0;

	if ((flags & HIVE_NOEXIST) || flags > HIVE_EXIST)
		return -EINVAL;
	maps_lock(&qs->lock);
	if (is_full(qs)) {
		if (!replace) {
			err = -E2BIG;
			goto out;
		}
		if (++qs->tail >= qs->size)
			qs->tail = 0;
	}
	memcpy(qs->elements + (size_t)qs->head * map->value_size, value, map->value_size);
	if (++qs->head >= qs->size)
		qs->head = 0;
out:
	maps_unlock(&qs->lock);
	return err;
}

static void *qs_lookup(struct hive_map_impl *map, const void *key)
{
	return NULL;
}

static long qs_update(struct hive_map_impl *map, const void *key, const void *value, uint64_t flags)
{
	return -EINVAL;
}

static long qs_delete(struct hive_map_impl *map, const void *key)
{
	return -EINVAL;
}

/* bpf(): lookup is peek, update is push, lookup_and_delete is pop. */
static int qs_sys_lookup(struct hive_map_impl *map, const void *key, void *value, uint64_t flags)
{
	return (int)map->ops->peek(map, value);
}

static int qs_sys_update(struct hive_map_impl *map, const void *key, const void *value,
			 uint64_t flags)
{
	return (int)qs_push(map, value, flags);
}

static int qs_sys_delete(struct hive_map_impl *map, const void *key)
{
	return -EINVAL;
}

static int qs_sys_pop(struct hive_map_impl *map, const void *key, void *value, uint64_t flags)
{
	return (int)map->ops->pop(map, value);
}

static int qs_get_next_key(struct hive_map_impl *map, const void *key, void *next_key)
{
	return -EINVAL;
}

#define QS_OPS(name, popfn, peekfn)                  \
	const struct hive_map_ops name = {           \
		.alloc_check = qs_alloc_check,       \
		.alloc = qs_alloc,                   \
		.free = qs_free,                     \
		.lookup = qs_lookup,                 \
		.update = qs_update,                 \
		.delete = qs_delete,                 \
		.push = qs_push,                     \
		.pop = popfn,                        \
		.peek = peekfn,                      \
		.sys_lookup = qs_sys_lookup,         \
		.sys_update = qs_sys_update,         \
		.sys_delete = qs_sys_delete,         \
		.get_next_key = qs_get_next_key,     \
		.sys_lookup_and_delete = qs_sys_pop, \
	}

QS_OPS(queue_map_ops, queue_pop, queue_peek);
QS_OPS(stack_map_ops, stack_pop, stack_peek);
