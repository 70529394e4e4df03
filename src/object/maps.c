// SPDX-License-Identifier: BSD-2-Clause
/*
 * object/maps.c: the object's maps (spec D, E.1).
 *
 * BTF-defined maps: each VAR of the `.maps` DATASEC is one map; its (usually anonymous) struct
 * type says everything through member *types*, the bytes being zero:
 *
 *   struct { __uint(type, BPF_MAP_TYPE_HASH);   ->  int (*type)[1]          nelems = value
 *            __type(key, u32);                  ->  u32 *key                size of pointee
 *            __array(values, struct inner);     ->  struct inner *values[]  map-in-map/prog-array
 *            __ulong(map_extra, 1ULL << 40);    ->  enum { x = 1<<40 } map_extra
 *   } counters SEC(".maps");
 *
 * Slots of `values` initialised in C become R_BPF_64_ABS64 records of `.rel.maps` naming the
 * inner map or the program. Global data sections become one-element arrays whose value is the
 * section image (internal maps), plus one `.kconfig` map for __kconfig externs.
 */
#include <ctype.h>
#include <elf.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/mem.h"
#include "object/object_internal.h"
#include "relo/core.h"

#define OBJ_MAX_DATA_SIZE (64u << 20)

struct map_def {
	uint32_t type, key_size, value_size, max_entries, map_flags, numa_node;
	uint64_t map_extra;
	uint32_t key_type_id, value_type_id;
	uint32_t pinning;
	bool has_inner;
};

bool obj_map_type_is_map_in_map(uint32_t type)
{
	return type == HIVE_MAP_TYPE_ARRAY_OF_MAPS || type == HIVE_MAP_TYPE_HASH_OF_MAPS;
}

struct hive_map *obj_add_map(struct hive_object *obj)
{
	struct hive_map *map;

	if (hive_ensure_mem((void **)&obj->maps, &obj->maps_cap, sizeof(*obj->maps),
			    obj->nr_maps + 1))
		return ERR_PTR(-ENOMEM);
	/* maps moved: fix the back pointers of inner definitions */
	map = &obj->maps[obj->nr_maps];
	memset(map, 0, sizeof(*map));
	map->obj = obj;
	map->idx = (int)obj->nr_maps++;
	map->autocreate = true;
	return map;
}

void obj_map_free(struct hive_map *map)
{
	if (map->inner_map) {
		obj_map_free(map->inner_map);
		free(map->inner_map);
	}
	free(map->name);
	free(map->real_name);
	free(map->init_slots);
	free(map->image);
}

/* `__uint(name, N)`: a pointer to an array of N elements. */
static int field_int(struct hive_object *obj, const char *map_name, const struct btf_member *m,
		     uint32_t *res)
{
	const struct btf_type *t = btf_skip_mods_and_typedefs(obj->btf, m->type, NULL);
	const char *name = btf_name(obj->btf, m->name_off);
	const struct btf_type *arr;

	if (!t || !btf_is_ptr(t))
		return obj_fail(obj, -EINVAL, "map '%s': attr '%s': expected PTR, got %s", map_name,
				name, t ? core_btf_kind_str(t) : "?");
	arr = btf_type_by_id(obj->btf, t->type);
	if (!arr || !btf_is_array(arr))
		return obj_fail(obj, -EINVAL, "map '%s': attr '%s': expected ARRAY, got %s",
				map_name, name, arr ? core_btf_kind_str(arr) : "?");
	*res = btf_array(arr)->nelems;
	return 0;
}

/* `__ulong(name, V)` (a one-value enum) or `__uint(name, V)`. */
static int field_long(struct hive_object *obj, const char *map_name, const struct btf_member *m,
		      uint64_t *res)
{
	const struct btf_type *t = btf_skip_mods_and_typedefs(obj->btf, m->type, NULL);
	const char *name = btf_name(obj->btf, m->name_off);
	uint32_t v32;
	int err;

	if (t && btf_is_ptr(t)) {
		err = field_int(obj, map_name, m, &v32);
		*res = v32;
		return err;
	}
	if (!t || !btf_is_any_enum(t))
		return obj_fail(obj, -EINVAL,
				"map '%s': attr '%s': expected ENUM or ENUM64, got %s", map_name,
				name, t ? core_btf_kind_str(t) : "?");
	if (btf_vlen(t) != 1)
		return obj_fail(obj, -EINVAL, "map '%s': attr '%s': invalid __ulong", map_name,
				name);
	if (btf_is_enum(t))
		*res = btf_kflag(t) ? (uint64_t)(int64_t)btf_enum(t)->val :
				      (uint64_t)(uint32_t)btf_enum(t)->val;
	else
		*res = btf_enum64_value(btf_enum64(t));
	return 0;
}

/* `__type(key, T)` / `__type(value, T)`: pointer to T, size must agree with key_size. */
static int field_type(struct hive_object *obj, const char *map_name, const struct btf_member *m,
		      const char *what, uint32_t *size, uint32_t *type_id)
{
	const struct btf_type *t = btf_type_by_id(obj->btf, m->type);
	int64_t sz;

	if (!t || !btf_is_ptr(t))
		return obj_fail(obj, -EINVAL, "map '%s': %s spec is not PTR: %s", map_name, what,
				t ? core_btf_kind_str(t) : "?");
	sz = btf_resolve_size(obj->btf, t->type);
	if (sz < 0 || sz > UINT32_MAX)
		return obj_fail(obj, sz < 0 ? (int)sz : -E2BIG,
				"map '%s': can't determine %s size for type [%u]", map_name, what,
				t->type);
	if (*size && *size != sz)
		return obj_fail(obj, -EINVAL, "map '%s': conflicting %s size %u != %lld", map_name,
				what, *size, (long long)sz);
	*size = (uint32_t)sz;
	*type_id = t->type;
	return 0;
}

static int field_size(struct hive_object *obj, const char *map_name, const struct btf_member *m,
		      const char *what, uint32_t *size)
{
	uint32_t sz;
	int err = field_int(obj, map_name, m, &sz);

	if (err)
		return err;
	if (*size && *size != sz)
		return obj_fail(obj, -EINVAL, "map '%s': conflicting %s size %u != %u", map_name,
				what, *size, sz);
	*size = sz;
	return 0;
}

static int parse_map_def(struct hive_object *obj, const char *map_name,
			 const struct btf_type *def_t, struct map_def *def, struct map_def *inner);

/* `__array(values, ...)`: map-in-map inner definition or prog-array targets. */
static int field_values(struct hive_object *obj, const char *map_name, const struct btf_type *def_t,
			uint32_t i, struct map_def *def, struct map_def *inner)
{
	const struct btf_member *m = btf_members(def_t) + i;
	bool mim = obj_map_type_is_map_in_map(def->type);
	bool pa = def->type == HIVE_MAP_TYPE_PROG_ARRAY;
	const char *desc = mim ? "map-in-map inner" : "prog-array value";
	const struct btf_type *t;
	char inner_name[160];

	if (!inner)
		return obj_fail(obj, -EOPNOTSUPP, "map '%s': multi-level inner maps not supported",
				map_name);
	if (i != btf_vlen(def_t) - 1u)
		return obj_fail(obj, -EINVAL, "map '%s': 'values' member should be last", map_name);
	if (!mim && !pa)
		return obj_fail(obj, -EOPNOTSUPP, "map '%s': should be map-in-map or prog-array",
				map_name);
	if (def->value_size && def->value_size != 4)
		return obj_fail(obj, -EINVAL, "map '%s': conflicting value size %u != 4", map_name,
				def->value_size);
	def->value_size = 4;
	t = btf_type_by_id(obj->btf, m->type);
	if (!t || !btf_is_array(t) || btf_array(t)->nelems)
		return obj_fail(obj, -EINVAL, "map '%s': %s spec is not a zero-sized array",
				map_name, desc);
	t = btf_skip_mods_and_typedefs(obj->btf, btf_array(t)->type, NULL);
	if (!t || !btf_is_ptr(t))
		return obj_fail(obj, -EINVAL, "map '%s': %s def is of unexpected kind %s", map_name,
				desc, t ? core_btf_kind_str(t) : "?");
	t = btf_skip_mods_and_typedefs(obj->btf, t->type, NULL);
	if (pa) {
		if (!t || !btf_is_func_proto(t))
			return obj_fail(obj, -EINVAL,
					"map '%s': prog-array value def is of "
					"unexpected kind %s",
					map_name, t ? core_btf_kind_str(t) : "?");
		return 0;
	}
	if (!t || !btf_is_struct(t))
		return obj_fail(obj, -EINVAL,
				"map '%s': map-in-map inner def is of unexpected kind "
				"%s",
				map_name, t ? core_btf_kind_str(t) : "?");
	snprintf(inner_name, sizeof(inner_name), "%s.inner", map_name);
	def->has_inner = true;
	return parse_map_def(obj, inner_name, t, inner, NULL);
}

static int parse_member(struct hive_object *obj, const char *map_name, const struct btf_type *def_t,
			uint32_t i, struct map_def *def, struct map_def *inner)
{
	const struct btf_member *m = btf_members(def_t) + i;
	const char *name = btf_name(obj->btf, m->name_off);

	if (!strcmp(name, "type"))
		return field_int(obj, map_name, m, &def->type);
	if (!strcmp(name, "max_entries"))
		return field_int(obj, map_name, m, &def->max_entries);
	if (!strcmp(name, "map_flags"))
		return field_int(obj, map_name, m, &def->map_flags);
	if (!strcmp(name, "numa_node"))
		return field_int(obj, map_name, m, &def->numa_node);
	if (!strcmp(name, "key_size"))
		return field_size(obj, map_name, m, "key", &def->key_size);
	if (!strcmp(name, "value_size"))
		return field_size(obj, map_name, m, "value", &def->value_size);
	if (!strcmp(name, "key"))
		return field_type(obj, map_name, m, "key", &def->key_size, &def->key_type_id);
	if (!strcmp(name, "value"))
		return field_type(obj, map_name, m, "value", &def->value_size, &def->value_type_id);
	if (!strcmp(name, "values"))
		return field_values(obj, map_name, def_t, i, def, inner);
	if (!strcmp(name, "map_extra"))
		return field_long(obj, map_name, m, &def->map_extra);
	if (!strcmp(name, "pinning")) {
		int err;

		if (!inner)
			return obj_fail(obj, -EINVAL, "map '%s': inner def can't be pinned",
					map_name);
		err = field_int(obj, map_name, m, &def->pinning);
		if (!err && def->pinning != HIVE_PIN_NONE && def->pinning != HIVE_PIN_BY_NAME)
			return obj_fail(obj, -EINVAL, "map '%s': invalid pinning value %u",
					map_name, def->pinning);
		return err;
	}
	if (!obj->relaxed_maps)
		return obj_fail(obj, -EOPNOTSUPP, "map '%s': unknown field '%s'", map_name, name);
	obj_debug(obj, "map '%s': ignoring unknown field '%s'", map_name, name);
	return 0;
}

/* @inner is NULL while parsing an inner definition (no further nesting, no pinning). */
static int parse_map_def(struct hive_object *obj, const char *map_name,
			 const struct btf_type *def_t, struct map_def *def, struct map_def *inner)
{
	for (uint32_t i = 0; i < btf_vlen(def_t); i++) {
		int err = parse_member(obj, map_name, def_t, i, def, inner);

		if (err)
			return err;
	}
	if (def->type == HIVE_MAP_TYPE_UNSPEC)
		return obj_fail(obj, -EINVAL, "map '%s': map type isn't specified", map_name);
	return 0;
}

/* The kernel wants ring buffer sizes that are a power-of-2 multiple of the page size. */
static uint32_t adjust_ringbuf_sz(uint32_t sz)
{
	uint32_t page = (uint32_t)sysconf(_SC_PAGE_SIZE);

	if (!sz || (sz % page == 0 && !((sz / page) & (sz / page - 1))))
		return sz;
	for (uint64_t mul = 1; mul * page <= UINT32_MAX; mul <<= 1)
		if (mul * page > sz)
			return (uint32_t)(mul * page);
	return sz;
}

static void fill_map(struct hive_map *map, const struct map_def *def)
{
	map->type = def->type;
	map->key_size = def->key_size;
	map->value_size = def->value_size;
	map->max_entries = def->max_entries;
	map->map_flags = def->map_flags;
	map->numa_node = def->numa_node;
	map->map_extra = def->map_extra;
	map->pinning = def->pinning;
	map->btf_key_type_id = def->key_type_id;
	map->btf_value_type_id = def->value_type_id;
	if (map->type == HIVE_MAP_TYPE_RINGBUF || map->type == HIVE_MAP_TYPE_USER_RINGBUF)
		map->max_entries = adjust_ringbuf_sz(map->max_entries);
}

static int add_inner(struct hive_map *map, const struct map_def *inner)
{
	map->inner_map = calloc(1, sizeof(*map->inner_map));
	if (!map->inner_map)
		return -ENOMEM;
	map->inner_map->obj = map->obj;
	map->inner_map->idx = -1;
	map->inner_map->sec_idx = map->sec_idx;
	map->inner_map->autocreate = true;
	if (asprintf(&map->inner_map->name, "%s.inner", map->name) < 0) {
		map->inner_map->name = NULL;
		return -ENOMEM;
	}
	fill_map(map->inner_map, inner);
	return 0;
}

static int init_user_map(struct hive_object *obj, const struct btf_type *sec, uint32_t i,
			 const struct hive_elf_sec *esec)
{
	const struct btf_var_secinfo *vi = btf_var_secinfos(sec) + i;
	const struct btf_type *var = btf_type_by_id(obj->btf, vi->type), *def;
	const char *name = var ? btf_name(obj->btf, var->name_off) : "";
	struct map_def d = {}, inner = {};
	struct hive_map *map;
	int err;

	if (!name[0])
		return obj_fail(obj, -EINVAL, "section '.maps': map #%u has an empty name", i);
	if ((uint64_t)vi->offset + vi->size > esec->size)
		return obj_fail(obj, -EINVAL,
				"map '%s': BTF data is corrupted (offset %u, size %u "
				"outside section '.maps')",
				name, vi->offset, vi->size);
	if (!var || !btf_is_var(var))
		return obj_fail(obj, -EINVAL, "map '%s': unexpected var kind %s", name,
				var ? core_btf_kind_str(var) : "?");
	if (btf_var(var)->linkage != BTF_VAR_GLOBAL_ALLOCATED)
		return obj_fail(obj, -EOPNOTSUPP, "map '%s': unsupported map linkage %s", name,
				btf_var(var)->linkage == BTF_VAR_STATIC ? "static" : "extern");
	def = btf_skip_mods_and_typedefs(obj->btf, var->type, NULL);
	if (!def || !btf_is_struct(def))
		return obj_fail(obj, -EINVAL, "map '%s': unexpected def kind %s (want a struct)",
				name, def ? core_btf_kind_str(def) : "?");
	if (def->size > vi->size)
		return obj_fail(obj, -EINVAL, "map '%s': invalid def size", name);
	map = obj_add_map(obj);
	if (IS_ERR(map))
		return PTR_ERR(map);
	map->name = strdup(name);
	if (!map->name)
		return -ENOMEM;
	map->kind = HIVE_MAP_USER;
	map->sec_idx = esec->idx;
	map->sec_offset = vi->offset;
	map->sec_size = vi->size;
	map->btf_var_idx = i;
	map->btf_var_id = vi->type;
	err = parse_map_def(obj, map->name, def, &d, &inner);
	if (err)
		return err;
	fill_map(map, &d);
	obj_debug(obj, "map '%s': at sec_idx %d, offset %zu, type %u", map->name, map->sec_idx,
		  map->sec_offset, map->type);
	return d.has_inner ? add_inner(map, &inner) : 0;
}

int obj_init_user_maps(struct hive_object *obj)
{
	const struct hive_elf_sec *esec;
	const struct btf_type *sec;
	int id;

	if (!obj->maps_shndx)
		return 0;
	esec = elf_sec(obj->elf, obj->maps_shndx);
	id = obj->btf ? btf_find_by_name_kind(obj->btf, ".maps", BTF_KIND_DATASEC) : -ENOENT;
	if (id < 0)
		return obj_fail(obj, -ENOENT, "DATASEC '.maps' not found in BTF");
	sec = btf_type_by_id(obj->btf, id);
	for (uint32_t i = 0; i < btf_vlen(sec); i++) {
		int err = init_user_map(obj, sec, i, esec);

		if (err)
			return err;
		sec = btf_type_by_id(obj->btf, id);
	}
	return 0;
}

/* libbpf's internal map names: "obj.data", ".data.custom", "obj.kconfig" (15 chars max). */
static char *internal_map_name(const struct hive_object *obj, const char *real_name)
{
	size_t sfx_len = hive_min(hive_max((size_t)7, strlen(real_name)), (size_t)15), pfx_len;
	char name[16];

	if (strchr(real_name + 1, '.'))
		pfx_len = 0;
	else
		pfx_len = hive_min((size_t)16 - sfx_len - 1, strlen(obj->name));
	snprintf(name, sizeof(name), "%.*s%.*s", (int)pfx_len, obj->name, (int)sfx_len, real_name);
	for (char *p = name; *p; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.')
			*p = '_';
	return strdup(name);
}

/* Mmapable only if a non-static variable lives there (hidden ones count as static). */
static bool map_is_mmapable(const struct hive_object *obj, const struct hive_map *map)
{
	const struct btf_type *t;

	if (!map->btf_value_type_id)
		return false;
	t = btf_type_by_id(obj->btf, map->btf_value_type_id);
	if (!btf_is_datasec(t))
		return false;
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		const struct btf_type *vt = btf_type_by_id(obj->btf, btf_var_secinfos(t)[i].type);

		if (vt && btf_is_var(vt) && btf_var(vt)->linkage != BTF_VAR_STATIC)
			return true;
	}
	return false;
}

static int init_internal_map(struct hive_object *obj, enum hive_map_kind kind,
			     const char *real_name, int sec_idx, const void *data, size_t size)
{
	struct hive_map *map;
	int id;

	/* the kernel refuses array values over 4 MiB (KMALLOC_MAX_SIZE); leave room, no more */
	if (size > OBJ_MAX_DATA_SIZE)
		return obj_fail(obj, -E2BIG,
				"section '%s' is too large for a global data map (%zu "
				"bytes, at most %u)",
				real_name, size, OBJ_MAX_DATA_SIZE);
	map = obj_add_map(obj);
	if (IS_ERR(map))
		return PTR_ERR(map);
	map->kind = kind;
	map->sec_idx = sec_idx;
	map->real_name = strdup(real_name);
	map->name = internal_map_name(obj, real_name);
	map->image = calloc(1, size ? size : 1);
	if (!map->real_name || !map->name || !map->image)
		return -ENOMEM;
	map->image_sz = size;
	if (data)
		memcpy(map->image, data, size);
	map->type = HIVE_MAP_TYPE_ARRAY;
	map->key_size = 4;
	map->value_size = (uint32_t)size;
	map->max_entries = 1;
	if (kind == HIVE_MAP_RODATA || kind == HIVE_MAP_KCONFIG)
		map->map_flags = HIVE_MAP_F_RDONLY_PROG;
	id = obj->btf ? btf_find_by_name_kind(obj->btf, real_name, -1) : -ENOENT;
	if (id > 0)
		map->btf_value_type_id = id;
	if (map_is_mmapable(obj, map))
		map->map_flags |= HIVE_MAP_F_MMAPABLE;
	obj_debug(obj, "map '%s' (global data): at sec_idx %d, flags %x", map->name, sec_idx,
		  map->map_flags);
	return 0;
}

int obj_init_data_maps(struct hive_object *obj)
{
	for (uint32_t i = 1; i < elf_sec_cnt(obj->elf); i++) {
		const struct hive_elf_sec *sec = elf_sec(obj->elf, i);
		enum hive_map_kind kind;
		int err;

		if (!obj_sec_is_data(sec) || !sec->size)
			continue;
		kind = sec->cls == ELF_SEC_DATA ? HIVE_MAP_DATA :
		       sec->cls == ELF_SEC_BSS	? HIVE_MAP_BSS :
						  HIVE_MAP_RODATA;
		err = init_internal_map(obj, kind, sec->name, (int)i,
					kind == HIVE_MAP_BSS ? NULL : sec->data, sec->size);
		if (err)
			return err;
	}
	return 0;
}

int obj_init_kconfig_map(struct hive_object *obj)
{
	const struct obj_extern *last = NULL;
	int err;

	for (size_t i = 0; i < obj->nr_externs; i++)
		if (obj->externs[i].type == EXT_KCFG)
			last = &obj->externs[i];
	if (!last)
		return 0;
	err = init_internal_map(obj, HIVE_MAP_KCONFIG, ".kconfig", 0, NULL,
				(size_t)last->kcfg.data_off + last->kcfg.sz);
	if (err)
		return err;
	obj->kconfig_map_idx = (int)obj->nr_maps - 1;
	return 0;
}

/* ---- .rel.maps: static initialisation of map-in-map and prog-array slots (spec D.3) ---- */

static struct hive_map *map_at_offset(struct hive_object *obj, uint64_t off)
{
	for (size_t j = 0; j < obj->nr_maps; j++) {
		struct hive_map *map = &obj->maps[j];

		if (map->kind == HIVE_MAP_USER && map->sec_offset <= off &&
		    off + 8 <= map->sec_offset + map->sec_size)
			return map;
	}
	return NULL;
}

static int slot_target(struct hive_object *obj, int i, struct hive_map *map,
		       const struct hive_elf_sym *sym, struct obj_init_slot *slot)
{
	if (obj_map_type_is_map_in_map(map->type)) {
		if (sym->shndx != obj->maps_shndx)
			return obj_fail(obj, -EINVAL,
					".maps relo #%d: '%s' isn't a BTF-defined map", i,
					sym->name);
		if (map->type == HIVE_MAP_TYPE_HASH_OF_MAPS && map->key_size != 4)
			return obj_fail(obj, -EINVAL,
					".maps relo #%d: hash-of-maps '%s' should have "
					"key size 4",
					i, map->name);
		slot->map = hive_object__find_map_by_name(obj, sym->name);
		if (!slot->map || sym->name[0] == '.')
			return obj_fail(obj, -ESRCH,
					".maps relo #%d: '%s' isn't a valid map "
					"reference",
					i, sym->name);
		return 0;
	}
	if (map->type == HIVE_MAP_TYPE_PROG_ARRAY) {
		struct hive_program *p = hive_object__find_program_by_name(obj, sym->name);

		if (!p)
			return obj_fail(obj, -ESRCH,
					".maps relo #%d: '%s' isn't a valid program "
					"reference",
					i, sym->name);
		if (p->sec_idx != sym->shndx || p->sec_insn_off * 8 != sym->value)
			return obj_fail(obj, -EINVAL,
					".maps relo #%d: '%s' isn't an entry-point "
					"program",
					i, sym->name);
		slot->prog = p;
		return 0;
	}
	return obj_fail(obj, -EINVAL,
			".maps relo #%d: map '%s' (%s) can't be statically "
			"initialized",
			i, map->name, hive_map_type_str(map->type) ?: "?");
}

static int set_slot(struct hive_object *obj, int i, const struct hive_elf_rel *rel)
{
	const struct hive_elf_sym *sym = elf_sym(obj->elf, rel->sym);
	struct hive_map *map = map_at_offset(obj, rel->offset);
	const struct btf_type *var, *def;
	struct obj_init_slot slot = {};
	uint64_t moff;
	int err;

	if (!map)
		return obj_fail(obj, -EINVAL,
				".maps relo #%d: cannot find map '%s' at rel->r_offset "
				"%lu",
				i, sym->name, (unsigned long)rel->offset);
	err = slot_target(obj, i, map, sym, &slot);
	if (err)
		return err;
	var = btf_type_by_id(obj->btf, map->btf_var_id);
	def = btf_skip_mods_and_typedefs(obj->btf, var->type, NULL);
	if (!btf_vlen(def) ||
	    strcmp(btf_name(obj->btf, btf_members(def)[btf_vlen(def) - 1].name_off), "values"))
		return obj_fail(obj, -EINVAL, ".maps relo #%d: map '%s' has no 'values' member", i,
				map->name);
	moff = btf_member_bit_offset(def, btf_vlen(def) - 1) / 8;
	if (rel->offset - map->sec_offset < moff || (rel->offset - map->sec_offset - moff) % 8)
		return obj_fail(obj, -EINVAL, ".maps relo #%d: offset %lu is not a slot of '%s'", i,
				(unsigned long)rel->offset, map->name);
	moff = (rel->offset - map->sec_offset - moff) / 8;
	if (moff >= map->nr_init_slots) {
		if (hive_ensure_mem((void **)&map->init_slots, &map->init_slots_cap,
				    sizeof(*map->init_slots), moff + 1))
			return -ENOMEM;
		map->nr_init_slots = moff + 1;
	}
	map->init_slots[moff] = slot;
	obj_debug(obj, ".maps relo #%d: map '%s' slot [%lu] points to %s '%s'", i, map->name,
		  (unsigned long)moff, slot.map ? "map" : "prog", sym->name);
	return 0;
}

int obj_collect_map_relos(struct hive_object *obj)
{
	const struct hive_elf_sec *rsec;
	const struct hive_elf_rel *rels;
	int n;

	if (!obj->maps_shndx)
		return 0;
	rsec = elf_relo_sec_for(obj->elf, obj->maps_shndx);
	if (!rsec)
		return 0;
	n = elf_relocs(obj->elf, rsec->idx, &rels);
	for (int i = 0; i < n; i++) {
		int err = set_slot(obj, i, &rels[i]);

		if (err)
			return err;
	}
	return n < 0 ? n : 0;
}

/* ---- public API ---- */

HIVE_API const char *hive_map__name(const struct hive_map *map)
{
	return map->name;
}

HIVE_API const char *hive_map__section_name(const struct hive_map *map)
{
	return map->real_name;
}

HIVE_API enum hive_map_kind hive_map__kind(const struct hive_map *map)
{
	return map->kind;
}

HIVE_API enum hive_map_type hive_map__type(const struct hive_map *map)
{
	return (enum hive_map_type)map->type;
}

HIVE_API uint32_t hive_map__key_size(const struct hive_map *map)
{
	return map->key_size;
}

HIVE_API uint32_t hive_map__value_size(const struct hive_map *map)
{
	return map->value_size;
}

HIVE_API uint32_t hive_map__max_entries(const struct hive_map *map)
{
	return map->max_entries;
}

HIVE_API uint32_t hive_map__map_flags(const struct hive_map *map)
{
	return map->map_flags;
}

HIVE_API uint32_t hive_map__numa_node(const struct hive_map *map)
{
	return map->numa_node;
}

HIVE_API uint64_t hive_map__map_extra(const struct hive_map *map)
{
	return map->map_extra;
}

HIVE_API enum hive_map_pinning hive_map__pinning(const struct hive_map *map)
{
	return map->pinning;
}

HIVE_API uint32_t hive_map__btf_key_type_id(const struct hive_map *map)
{
	return map->btf_key_type_id;
}

HIVE_API uint32_t hive_map__btf_value_type_id(const struct hive_map *map)
{
	return map->btf_value_type_id;
}

HIVE_API int hive_map__index(const struct hive_map *map)
{
	return map->idx;
}

HIVE_API const struct hive_map *hive_map__inner_map(const struct hive_map *map)
{
	return map->inner_map;
}

HIVE_API uint32_t hive_map__init_slot(const struct hive_map *map, uint32_t slot,
				      const struct hive_map **inner,
				      const struct hive_program **prog)
{
	const struct obj_init_slot *s = slot < map->nr_init_slots ? &map->init_slots[slot] : NULL;

	if (inner)
		*inner = s ? s->map : NULL;
	if (prog)
		*prog = s ? s->prog : NULL;
	return (uint32_t)map->nr_init_slots;
}

HIVE_API void *hive_map__initial_value(const struct hive_map *map, size_t *size)
{
	const struct hive_object *obj = map->obj;

	/* after load, global data lives in the backend's map (libbpf: the mmaped area) */
	if (obj->loaded && map->backend_priv && obj->backend && obj->backend->map_mmaped) {
		void *live = obj->backend->map_mmaped(obj->backend_ctx, map, size);

		if (live)
			return live;
	}
	if (size)
		*size = map->image ? map->image_sz : 0;
	return map->image;
}

HIVE_API bool hive_map__autocreate(const struct hive_map *map)
{
	return map->autocreate;
}

HIVE_API int hive_map__set_autocreate(struct hive_map *map, bool autocreate)
{
	if (map->obj->prepared || map->obj->prepare_failed)
		return hive_err(-EBUSY);
	map->autocreate = autocreate;
	return 0;
}
