// SPDX-License-Identifier: BSD-2-Clause
/*
 * backend/maps_glue.c: the user backend's only contact with maps/. maps/map.h declares its own
 * enum hive_map_type (the same numbers as the public one in bpfhive/map.h, but a second
 * definition), so the two headers cannot meet in one file: the rest of the backend calls the
 * be_maps_*() wrappers below with plain integers.
 *
 * Global data (spec loader.md E.1): the initial image is stored with one update of key 0, then
 * .rodata/.kconfig are frozen, then mmapable maps are "mapped": the value area of the array is
 * exposed for direct access, read-only when frozen or RDONLY_PROG, as libbpf maps the map fd
 * over its image.
 */
#include <errno.h>
#include <string.h>

#include "backend/backend.h"
#include "common/err.h"
#include "common/log.h"
#include "maps/map.h"
#include "maps/ringbuf.h"
#include "verifier/verifier.h"

struct hive_map_impl *be_maps_create(const struct be_map_spec *spec)
{
	struct hive_map_attr attr = {
		.map_type = spec->type,
		.key_size = spec->key_size,
		.value_size = spec->value_size,
		.max_entries = spec->max_entries,
		.map_flags = spec->flags,
		.map_extra = spec->extra,
		.record = spec->record,
		.inner_map = spec->inner,
		.name = spec->name,
	};

	return maps_create(&attr);
}

struct hive_map_impl *be_maps_get(struct hive_map_impl *impl)
{
	return maps_get(impl);
}

void be_maps_put(struct hive_map_impl *impl)
{
	maps_put(impl);
}

int be_maps_init_data(struct be_map *bm, const void *image, bool freeze)
{
	struct hive_map_impl *impl = bm->impl;
	uint32_t zero = 0;
	bool writable;
	void *area;
	int err;

	if (image) {
		err = maps_sys_update(impl, &zero, image, HIVE_ANY);
		if (err)
			return err;
	}
	if (freeze) {
		err = maps_freeze(impl);
		if (err)
			return err;
	}
	if (!(impl->map_flags & HIVE_F_MMAPABLE))
		return 0;
	writable = !impl->frozen && !(impl->map_flags & HIVE_F_RDONLY_PROG);
	area = maps_mmap(impl, writable, &bm->mmap_sz);
	if (IS_ERR(area))
		return (int)PTR_ERR(area);
	bm->mmaped = area;
	bm->mmap_writable = writable;
	return 0;
}

void be_maps_fini_data(struct be_map *bm)
{
	if (bm->mmaped)
		maps_munmap(bm->impl, bm->mmap_writable);
	bm->mmaped = NULL;
}

void *be_maps_value0(struct hive_map_impl *impl)
{
	uint32_t zero = 0;

	if (impl->map_type != HIVE_MAP_TYPE_ARRAY || !impl->max_entries)
		return NULL;
	/* array values never move: the pointer stays valid for the map's life */
	return maps_lookup(impl, &zero);
}

int be_maps_array_layout(struct hive_map_impl *impl, uint64_t *base, uint64_t *stride)
{
	uint32_t zero = 0, one = 1;
	uint8_t *v0, *v1;

	if (impl->map_type != HIVE_MAP_TYPE_ARRAY || !impl->max_entries)
		return -EINVAL;
	v0 = maps_lookup(impl, &zero);
	v1 = impl->max_entries > 1 ? maps_lookup(impl, &one) : v0 + 8;
	if (!v0 || !v1 || v1 <= v0)
		return -EINVAL;
	*base = (uintptr_t)v0;
	*stride = (uint64_t)(v1 - v0);
	return 0;
}

void be_maps_describe(struct hive_map_impl *impl, struct hive_verifier_map *vm)
{
	vm->type = impl->map_type;
	vm->key_size = impl->key_size;
	vm->value_size = impl->value_size;
	vm->max_entries = impl->max_entries;
	vm->flags = impl->map_flags;
	vm->map_extra = impl->map_extra;
	vm->record = impl->record && impl->record->cnt ? impl->record : NULL;
	vm->frozen = __atomic_load_n(&impl->frozen, __ATOMIC_ACQUIRE);
	vm->data = be_maps_value0(impl);
}

int be_maps_set_slot(struct hive_map_impl *impl, uint32_t slot, void *obj)
{
	return maps_sys_update_fd(impl, &slot, obj, HIVE_ANY);
}

uint32_t be_maps_nr_cpus(const struct hive_map_impl *impl)
{
	return be_maps_is_percpu(impl->map_type) ? impl->nr_cpus : 1;
}

uint32_t be_maps_sys_value_size(const struct hive_map_impl *impl)
{
	return maps_sys_value_size(impl);
}

bool be_maps_is_percpu(uint32_t type)
{
	return type == HIVE_MAP_TYPE_PERCPU_ARRAY || type == HIVE_MAP_TYPE_PERCPU_HASH ||
	       type == HIVE_MAP_TYPE_LRU_PERCPU_HASH;
}

bool be_maps_is_fd_map(uint32_t type)
{
	return type == HIVE_MAP_TYPE_PROG_ARRAY || type == HIVE_MAP_TYPE_ARRAY_OF_MAPS ||
	       type == HIVE_MAP_TYPE_HASH_OF_MAPS;
}

int be_maps_lookup(struct hive_map_impl *impl, const void *key, void *value, uint64_t flags)
{
	return maps_sys_lookup(impl, key, value, flags);
}

int be_maps_update(struct hive_map_impl *impl, const void *key, const void *value, uint64_t flags)
{
	return maps_sys_update(impl, key, value, flags);
}

int be_maps_delete(struct hive_map_impl *impl, const void *key)
{
	return maps_sys_delete(impl, key);
}

int be_maps_lookup_and_delete(struct hive_map_impl *impl, const void *key, void *value,
			      uint64_t flags)
{
	return maps_sys_lookup_and_delete(impl, key, value, flags);
}

int be_maps_next_key(struct hive_map_impl *impl, const void *key, void *next)
{
	return maps_get_next_key(impl, key, next);
}

int be_maps_freeze(struct hive_map_impl *impl)
{
	return maps_freeze(impl);
}

int be_maps_ringbuf_consume(struct hive_map_impl *impl, be_ringbuf_fn fn, void *ctx)
{
	if (impl->map_type != HIVE_MAP_TYPE_RINGBUF)
		return -EINVAL;
	return ringbuf_consume(impl, fn, ctx);
}

uint64_t be_maps_ringbuf_avail(struct hive_map_impl *impl)
{
	return impl->map_type == HIVE_MAP_TYPE_RINGBUF ? ringbuf_avail(impl) : 0;
}

void be_maps_ringbuf_notify(struct hive_map_impl *impl, void (*fn)(void *ctx), void *ctx)
{
	if (impl->map_type == HIVE_MAP_TYPE_RINGBUF)
		ringbuf_set_notify(impl, fn, ctx);
}

/* ---- programs held by prog arrays ---- */

static void prog_ref_get(void *p)
{
	be_prog_get(p);
}

static void prog_ref_put(void *p)
{
	be_prog_put(p);
}

static uint32_t prog_ref_id(const void *p)
{
	return ((const struct be_prog *)p)->id;
}

static const struct hive_prog_ref_ops prog_ref_ops = {
	.get = prog_ref_get,
	.put = prog_ref_put,
	.id = prog_ref_id,
};

void be_maps_runtime_init(uint64_t seed)
{
	maps_set_prog_ref_ops(&prog_ref_ops);
	if (seed)
		maps_set_hash_seed(seed);
}
