/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/graph/hive_vars.h: a global variable of a loaded bpfhive object, by name ("name" or
 * "name[i]"), read through the public map API: what the corpus driver's run steps and
 * bench/graph check results with. Needs hive_map__lookup_elem (only included where CMake
 * found it) and the object's BTF (object/backend.h).
 */
#ifndef __GC_HIVE_VARS_H
#define __GC_HIVE_VARS_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf_types.h"
#include "btf/btf.h"
#include "bpfhive/bpfhive.h"
#include "object/backend.h"

static inline struct hive_map *map_of_section(struct hive_object *obj, const char *sec)
{
	struct hive_map *m;

	hive_object__for_each_map(m, obj) {
		const char *s = hive_map__section_name(m);

		if ((s && !strcmp(s, sec)) || !strcmp(hive_map__name(m), sec))
			return m;
	}
	return NULL;
}

/* Global @var ("name" or "name[i]") of @obj, sign-extended. */
static inline int hive_read_var(struct hive_object *obj, const char *var, int64_t *val)
{
	const struct hive_btf *btf = object_btf(obj);
	char name[128];
	const char *br = strchr(var, '[');
	size_t len = br ? (size_t)(br - var) : strlen(var);
	long idx = br ? strtol(br + 1, NULL, 10) : -1;
	uint32_t id, n, i, key = 0;

	if (!btf || len >= sizeof(name))
		return -EINVAL;
	memcpy(name, var, len);
	name[len] = 0;
	n = btf_type_cnt(btf);
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf_type_by_id(btf, id);
		const struct btf_var_secinfo *vs;

		if (!btf_is_datasec(t))
			continue;
		vs = btf_var_secinfos(t);
		for (i = 0; i < btf_vlen(t); i++, vs++) {
			const struct btf_type *v = btf_type_by_id(btf, vs->type);
			struct hive_map *m;
			uint32_t off = vs->offset, tid = v->type, size;
			unsigned char *buf;
			int err;

			if (strcmp(btf_name(btf, v->name_off), name))
				continue;
			if (idx >= 0) {
				/* not btf_resolve_type(): it looks through arrays */
				const struct btf_type *a =
					btf_skip_mods_and_typedefs(btf, tid, NULL);

				if (!a || !btf_is_array(a) || (uint64_t)idx >= btf_array(a)->nelems)
					return -EINVAL;
				tid = btf_array(a)->type;
				off += (uint32_t)idx * (uint32_t)btf_resolve_size(btf, tid);
			}
			size = (uint32_t)btf_resolve_size(btf, tid);
			m = map_of_section(obj, btf_name(btf, t->name_off));
			if (!m || size > 8 || off + size > hive_map__value_size(m))
				return -ENOENT;
			buf = calloc(1, hive_map__value_size(m));
			if (!buf)
				return -ENOMEM;
			err = hive_map__lookup_elem(m, &key, sizeof(key), buf,
						    hive_map__value_size(m), 0);
			*val = 0;
			if (!err) {
				int64_t x = 0;

				memcpy(&x, buf + off, size);
				*val = size < 8 ? (x << (64 - 8 * size)) >> (64 - 8 * size) : x;
			}
			free(buf);
			return err;
		}
	}
	return -ENOENT;
}

#endif /* __GC_HIVE_VARS_H */
