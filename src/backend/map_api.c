// SPDX-License-Identifier: BSD-2-Clause
/*
 * backend/map_api.c: the element API of loaded maps (bpfhive/map.h), libbpf's
 * bpf_map__lookup_elem() and friends: sizes are checked against the map (per-CPU values take
 * one 8-byte-aligned slot per possible CPU), then the bpf() syscall's semantics of maps/ apply
 * (special fields read as zeros and are not overwritten, -EPERM on frozen or read-only maps).
 */
#include <errno.h>

#include "backend/backend.h"
#include "bpfhive/map.h"
#include "common/err.h"

/* The map's instance if the sizes fit, as libbpf's validate_map_op(). */
static int map_op(const struct hive_map *map, size_t key_sz, size_t value_sz, bool check_value,
		  struct be_map **out)
{
	struct be_map *bm = be_map_of(map);

	if (!map)
		return -EINVAL;
	if (!bm)
		return -ENOENT;
	if (key_sz != bm->key_size)
		return -EINVAL;
	if (check_value && value_sz != be_maps_sys_value_size(bm->impl))
		return -EINVAL;
	*out = bm;
	return 0;
}

HIVE_API int hive_map__lookup_elem(const struct hive_map *map, const void *key, size_t key_sz,
				   void *value, size_t value_sz, uint64_t flags)
{
	struct be_map *bm = NULL;
	int err = map_op(map, key_sz, value_sz, true, &bm);

	if (!err && !value)
		err = -EINVAL;
	return hive_err(err ?: be_maps_lookup(bm->impl, key, value, flags));
}

HIVE_API int hive_map__update_elem(const struct hive_map *map, const void *key, size_t key_sz,
				   const void *value, size_t value_sz, uint64_t flags)
{
	struct be_map *bm = NULL;
	int err = map_op(map, key_sz, value_sz, true, &bm);

	if (!err && !value)
		err = -EINVAL;
	return hive_err(err ?: be_maps_update(bm->impl, key, value, flags));
}

HIVE_API int hive_map__delete_elem(const struct hive_map *map, const void *key, size_t key_sz,
				   uint64_t flags)
{
	struct be_map *bm = NULL;
	int err = map_op(map, key_sz, 0, false, &bm);

	/* BPF_MAP_DELETE_ELEM has no flags; libbpf passes them on and the kernel ignores them */
	return hive_err(err ?: be_maps_delete(bm->impl, key));
}

HIVE_API int hive_map__lookup_and_delete_elem(const struct hive_map *map, const void *key,
					      size_t key_sz, void *value, size_t value_sz,
					      uint64_t flags)
{
	struct be_map *bm = NULL;
	int err = map_op(map, key_sz, value_sz, true, &bm);

	if (!err && !value)
		err = -EINVAL;
	return hive_err(err ?: be_maps_lookup_and_delete(bm->impl, key, value, flags));
}

HIVE_API int hive_map__get_next_key(const struct hive_map *map, const void *cur_key, void *next_key,
				    size_t key_sz)
{
	struct be_map *bm = NULL;
	int err = map_op(map, key_sz, 0, false, &bm);

	if (!err && !next_key)
		err = -EINVAL;
	return hive_err(err ?: be_maps_next_key(bm->impl, cur_key, next_key));
}

HIVE_API int hive_map__freeze(const struct hive_map *map)
{
	struct be_map *bm = be_map_of(map);

	if (!map)
		return hive_err(-EINVAL);
	return hive_err(bm ? be_maps_freeze(bm->impl) : -ENOENT);
}

HIVE_API uint32_t hive_map__nr_cpus(const struct hive_map *map)
{
	struct be_map *bm = be_map_of(map);

	if (bm)
		return be_maps_nr_cpus(bm->impl);
	if (map && be_maps_is_percpu(hive_map__type(map))) {
		const struct be_runtime *rt = be_runtime(NULL);

		return rt ? rt->nr_cpus : 1;
	}
	return 1;
}

HIVE_API size_t hive_map__value_buf_size(const struct hive_map *map)
{
	struct be_map *bm = be_map_of(map);

	if (bm)
		return be_maps_sys_value_size(bm->impl);
	if (!map)
		return 0;
	if (be_maps_is_percpu(hive_map__type(map)))
		return (size_t)((hive_map__value_size(map) + 7) & ~7U) * hive_map__nr_cpus(map);
	return hive_map__value_size(map);
}
