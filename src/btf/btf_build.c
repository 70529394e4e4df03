// SPDX-License-Identifier: BSD-2-Clause
/*
 * btf/btf_build.c: building and changing BTF: the runtime's own BTF, the kernel backend's
 * uploads, and the loader's fix-ups of object BTF (spec B.8: DATASEC sizes and offsets, VAR and
 * FUNC linkage, sorted DATASEC entries).
 *
 * A parsed BTF is read-only and may point into an mmap; the first change copies its own types
 * and strings into growable buffers (the "modifiable form"). Strings are deduplicated with a
 * hash map whose keys are string offsets; a new string is appended tentatively past the end,
 * looked up by that offset, and kept only if it was not there already.
 *
 * Members (fields, enumerators, parameters, DATASEC entries) are appended to the last type
 * added, the way libbpf's btf__add_*() work: records must stay contiguous.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "btf/btf_internal.h"
#include "common/err.h"
#include "common/mem.h"

static size_t str_hash(uintptr_t key, void *ctx)
{
	const struct hive_btf *btf = ctx;

	return hive_hash_bytes(btf->strs_buf + key, strlen(btf->strs_buf + key));
}

static bool str_equal(uintptr_t a, uintptr_t b, void *ctx)
{
	const struct hive_btf *btf = ctx;

	return !strcmp(btf->strs_buf + a, btf->strs_buf + b);
}

static int index_strings(struct hive_btf *btf)
{
	hive_hashmap_init(&btf->str_index, str_hash, str_equal, btf);
	for (uint32_t off = 1; off < btf->strs_len; off += strlen(btf->strs_buf + off) + 1) {
		int err = hive_hashmap_add(&btf->str_index, off, off);

		if (err && err != -EEXIST)
			return err;
	}
	return 0;
}

/* Copy own types and strings into growable buffers; drop the parsed storage. */
static int make_modifiable(struct hive_btf *btf)
{
	uint8_t *types;
	char *strs;

	if (btf->modifiable)
		return 0;
	types = malloc(btf->types_len ? btf->types_len : 4);
	strs = malloc(btf->strs_len ? btf->strs_len : 1);
	if (!types || !strs) {
		free(types);
		free(strs);
		return -ENOMEM;
	}
	if (btf->types_len)
		memcpy(types, btf->types, btf->types_len);
	if (btf->strs_len)
		memcpy(strs, btf->strs, btf->strs_len);
	btf->types = types;
	btf->types_cap = btf->types_len ? btf->types_len : 4;
	btf->strs_buf = strs;
	btf->strs = strs;
	btf->strs_cap = btf->strs_len ? btf->strs_len : 1;
	btf->modifiable = true;
	free(btf->owned);
	btf->owned = NULL;
	if (btf->map)
		munmap(btf->map, btf->map_len);
	btf->map = NULL;
	btf->last_type_id = -1;
	if (index_strings(btf))
		return -ENOMEM;
	btf_invalidate_indexes(btf);
	return 0;
}

/* Put @s just past the end of the strings (not committed) and look it up. */
static int stage_str(struct hive_btf *btf, const char *s, uint32_t *off, uintptr_t *found)
{
	size_t len = strlen(s);
	int err = make_modifiable(btf);

	if (err)
		return err;
	if (btf->strs_len + len + 1 > BTF_MAX_NAME_OFFSET)
		return -E2BIG;
	if (hive_ensure_mem((void **)&btf->strs_buf, &btf->strs_cap, 1, btf->strs_len + len + 1))
		return -ENOMEM;
	btf->strs = btf->strs_buf;
	*off = btf->strs_len;
	memcpy(btf->strs_buf + *off, s, len + 1);
	return hive_hashmap_find(&btf->str_index, *off, found) ? 1 : 0;
}

int btf_find_str(struct hive_btf *btf, const char *s)
{
	uintptr_t found;
	uint32_t off;
	int ret;

	if (!s[0])
		return 0;
	ret = stage_str(btf, s, &off, &found);
	if (ret < 0)
		return ret;
	return ret ? (int)(btf->start_str_off + found) : -ENOENT;
}

int btf_add_str(struct hive_btf *btf, const char *s)
{
	uintptr_t found;
	uint32_t off;
	int ret;

	if (!s[0])
		return 0;
	ret = stage_str(btf, s, &off, &found);
	if (ret < 0)
		return ret;
	if (ret)
		return btf->start_str_off + found;
	if (hive_hashmap_add(&btf->str_index, off, off))
		return -ENOMEM;
	btf->strs_len += strlen(s) + 1;
	free(btf->raw_cache);
	btf->raw_cache = NULL;
	return btf->start_str_off + off;
}

/* Room for @sz more bytes of type records; returns where they go. */
static void *grow_types(struct hive_btf *btf, size_t sz)
{
	if (make_modifiable(btf))
		return NULL;
	if ((uint64_t)btf->types_len + sz > UINT32_MAX)
		return NULL;
	if (hive_ensure_mem((void **)&btf->types, &btf->types_cap, 1, btf->types_len + sz))
		return NULL;
	return btf->types + btf->types_len;
}

static int add_type(struct hive_btf *btf, const char *name, uint32_t info, uint32_t size_type,
		    const void *tail, size_t tail_sz)
{
	struct btf_type *t;
	int name_off = 0;

	if (name && name[0]) {
		name_off = btf_add_str(btf, name);
		if (name_off < 0)
			return name_off;
	}
	if (btf_type_cnt(btf) >= BTF_MAX_TYPE)
		return -E2BIG;
	t = grow_types(btf, sizeof(*t) + tail_sz);
	if (!t || hive_ensure_mem((void **)&btf->type_offs, &btf->type_offs_cap, sizeof(uint32_t),
				  btf->nr_types + 1))
		return -ENOMEM;
	t->name_off = name_off;
	t->info = info;
	t->size = size_type;
	if (tail_sz)
		memcpy(t + 1, tail, tail_sz);
	btf->type_offs[btf->nr_types++] = btf->types_len;
	btf->types_len += sizeof(*t) + tail_sz;
	btf_invalidate_indexes(btf);
	btf->last_type_id = btf_type_cnt(btf) - 1;
	return btf->last_type_id;
}

static bool valid_ref(const struct hive_btf *btf, uint32_t id)
{
	return id < btf_type_cnt(btf);
}

int btf_add_int(struct hive_btf *btf, const char *name, uint32_t byte_sz, int encoding)
{
	uint32_t data = ((uint32_t)encoding << 24) | (byte_sz * 8);

	if (!name || !name[0] || !byte_sz || byte_sz > 16 || (encoding & ~7))
		return -EINVAL;
	return add_type(btf, name, btf_type_info(BTF_KIND_INT, 0, 0), byte_sz, &data, 4);
}

int btf_add_float(struct hive_btf *btf, const char *name, uint32_t byte_sz)
{
	if (!name || !name[0] ||
	    (byte_sz != 2 && byte_sz != 4 && byte_sz != 8 && byte_sz != 12 && byte_sz != 16))
		return -EINVAL;
	return add_type(btf, name, btf_type_info(BTF_KIND_FLOAT, 0, 0), byte_sz, NULL, 0);
}

static int add_ref(struct hive_btf *btf, int kind, const char *name, uint32_t ref)
{
	if (!valid_ref(btf, ref))
		return -EINVAL;
	return add_type(btf, name, btf_type_info(kind, 0, 0), ref, NULL, 0);
}

int btf_add_ptr(struct hive_btf *btf, uint32_t ref_type_id)
{
	return add_ref(btf, BTF_KIND_PTR, NULL, ref_type_id);
}

int btf_add_volatile(struct hive_btf *btf, uint32_t ref_type_id)
{
	return add_ref(btf, BTF_KIND_VOLATILE, NULL, ref_type_id);
}

int btf_add_const(struct hive_btf *btf, uint32_t ref_type_id)
{
	return add_ref(btf, BTF_KIND_CONST, NULL, ref_type_id);
}

int btf_add_restrict(struct hive_btf *btf, uint32_t ref_type_id)
{
	return add_ref(btf, BTF_KIND_RESTRICT, NULL, ref_type_id);
}

int btf_add_typedef(struct hive_btf *btf, const char *name, uint32_t ref_type_id)
{
	if (!name || !name[0])
		return -EINVAL;
	return add_ref(btf, BTF_KIND_TYPEDEF, name, ref_type_id);
}

int btf_add_type_tag(struct hive_btf *btf, const char *value, uint32_t ref_type_id)
{
	if (!value || !value[0])
		return -EINVAL;
	return add_ref(btf, BTF_KIND_TYPE_TAG, value, ref_type_id);
}

int btf_add_array(struct hive_btf *btf, uint32_t index_type_id, uint32_t elem_type_id,
		  uint32_t nr_elems)
{
	struct btf_array a = { elem_type_id, index_type_id, nr_elems };

	if (!valid_ref(btf, index_type_id) || !valid_ref(btf, elem_type_id))
		return -EINVAL;
	return add_type(btf, NULL, btf_type_info(BTF_KIND_ARRAY, 0, 0), 0, &a, sizeof(a));
}

int btf_add_struct(struct hive_btf *btf, const char *name, uint32_t byte_sz)
{
	return add_type(btf, name, btf_type_info(BTF_KIND_STRUCT, 0, 0), byte_sz, NULL, 0);
}

int btf_add_union(struct hive_btf *btf, const char *name, uint32_t byte_sz)
{
	return add_type(btf, name, btf_type_info(BTF_KIND_UNION, 0, 0), byte_sz, NULL, 0);
}

/* The last added type if it has kind @k1 or @k2 and nothing was added after it. */
static struct btf_type *last_of(struct hive_btf *btf, int k1, int k2)
{
	struct btf_type *t;

	if (!btf->modifiable || btf->last_type_id < (int)btf->start_id ||
	    btf->last_type_id != (int)btf_type_cnt(btf) - 1)
		return NULL;
	t = btf_own_type(btf, btf->last_type_id);
	if (btf_kind(t) != k1 && btf_kind(t) != k2)
		return NULL;
	if (btf_vlen(t) == BTF_MAX_VLEN)
		return NULL;
	return t;
}

/* Append a member record to the last type and bump its vlen. */
static int add_member(struct hive_btf *btf, int k1, int k2, const void *rec, size_t sz,
		      uint32_t set_kflag)
{
	struct btf_type *t = last_of(btf, k1, k2);
	size_t t_off;
	void *p;

	if (!t)
		return -EINVAL;
	t_off = (uint8_t *)t - btf->types;
	p = grow_types(btf, sz);
	if (!p)
		return -ENOMEM;
	t = (struct btf_type *)(btf->types + t_off);
	memcpy(p, rec, sz);
	btf->types_len += sz;
	t->info = btf_type_info(btf_kind(t), btf_vlen(t) + 1, btf_kflag(t) || set_kflag);
	btf_invalidate_indexes(btf);
	return 0;
}

int btf_add_field(struct hive_btf *btf, const char *name, uint32_t type_id, uint32_t bit_off,
		  uint32_t bitfield_size)
{
	struct btf_member m = { 0, type_id, bit_off | (bitfield_size << 24) };
	struct btf_type *t = last_of(btf, BTF_KIND_STRUCT, BTF_KIND_UNION);
	int name_off = 0;

	if (!t || !valid_ref(btf, type_id) || bitfield_size > 255 || bit_off > 0xffffff)
		return -EINVAL;
	if (btf_is_union(t) && bit_off)
		return -EINVAL;
	if (name && name[0]) {
		name_off = btf_add_str(btf, name);
		if (name_off < 0)
			return name_off;
	}
	m.name_off = name_off;
	return add_member(btf, BTF_KIND_STRUCT, BTF_KIND_UNION, &m, sizeof(m), bitfield_size != 0);
}

int btf_add_enum(struct hive_btf *btf, const char *name, uint32_t byte_sz, bool is_signed)
{
	if (byte_sz != 1 && byte_sz != 2 && byte_sz != 4 && byte_sz != 8)
		return -EINVAL;
	return add_type(btf, name, btf_type_info(BTF_KIND_ENUM, 0, is_signed), byte_sz, NULL, 0);
}

int btf_add_enum64(struct hive_btf *btf, const char *name, uint32_t byte_sz, bool is_signed)
{
	if (byte_sz != 1 && byte_sz != 2 && byte_sz != 4 && byte_sz != 8)
		return -EINVAL;
	return add_type(btf, name, btf_type_info(BTF_KIND_ENUM64, 0, is_signed), byte_sz, NULL, 0);
}

int btf_add_enum_value(struct hive_btf *btf, const char *name, int64_t value)
{
	struct btf_enum e = { 0, (int32_t)value };
	int name_off;

	if (!last_of(btf, BTF_KIND_ENUM, BTF_KIND_ENUM) || !name || !name[0])
		return -EINVAL;
	if (value < INT32_MIN || value > UINT32_MAX)
		return -E2BIG;
	name_off = btf_add_str(btf, name);
	if (name_off < 0)
		return name_off;
	e.name_off = name_off;
	return add_member(btf, BTF_KIND_ENUM, BTF_KIND_ENUM, &e, sizeof(e), value < 0);
}

int btf_add_enum64_value(struct hive_btf *btf, const char *name, uint64_t value)
{
	struct btf_enum64 e = { 0, (uint32_t)value, (uint32_t)(value >> 32) };
	int name_off;

	if (!last_of(btf, BTF_KIND_ENUM64, BTF_KIND_ENUM64) || !name || !name[0])
		return -EINVAL;
	name_off = btf_add_str(btf, name);
	if (name_off < 0)
		return name_off;
	e.name_off = name_off;
	return add_member(btf, BTF_KIND_ENUM64, BTF_KIND_ENUM64, &e, sizeof(e), 0);
}

int btf_add_fwd(struct hive_btf *btf, const char *name, bool is_union)
{
	if (!name || !name[0])
		return -EINVAL;
	return add_type(btf, name, btf_type_info(BTF_KIND_FWD, 0, is_union), 0, NULL, 0);
}

int btf_add_func(struct hive_btf *btf, const char *name, int linkage, uint32_t proto_type_id)
{
	const struct btf_type *p = btf_type_by_id(btf, proto_type_id);

	if (!name || !name[0] || linkage < 0 || linkage > BTF_FUNC_EXTERN || !p ||
	    !btf_is_func_proto(p))
		return -EINVAL;
	return add_type(btf, name, btf_type_info(BTF_KIND_FUNC, linkage, 0), proto_type_id, NULL,
			0);
}

int btf_add_func_proto(struct hive_btf *btf, uint32_t ret_type_id)
{
	return add_ref(btf, BTF_KIND_FUNC_PROTO, NULL, ret_type_id);
}

int btf_add_func_param(struct hive_btf *btf, const char *name, uint32_t type_id)
{
	struct btf_param p = { 0, type_id };
	int name_off = 0;

	if (!last_of(btf, BTF_KIND_FUNC_PROTO, BTF_KIND_FUNC_PROTO) || !valid_ref(btf, type_id))
		return -EINVAL;
	if (name && name[0]) {
		name_off = btf_add_str(btf, name);
		if (name_off < 0)
			return name_off;
	}
	p.name_off = name_off;
	return add_member(btf, BTF_KIND_FUNC_PROTO, BTF_KIND_FUNC_PROTO, &p, sizeof(p), 0);
}

int btf_add_var(struct hive_btf *btf, const char *name, int linkage, uint32_t type_id)
{
	struct btf_var v = { (uint32_t)linkage };

	if (!name || !name[0] || linkage < 0 || linkage > BTF_VAR_GLOBAL_EXTERN ||
	    !valid_ref(btf, type_id))
		return -EINVAL;
	return add_type(btf, name, btf_type_info(BTF_KIND_VAR, 0, 0), type_id, &v, sizeof(v));
}

int btf_add_datasec(struct hive_btf *btf, const char *name, uint32_t byte_sz)
{
	if (!name || !name[0])
		return -EINVAL;
	return add_type(btf, name, btf_type_info(BTF_KIND_DATASEC, 0, 0), byte_sz, NULL, 0);
}

int btf_add_datasec_var_info(struct hive_btf *btf, uint32_t var_type_id, uint32_t offset,
			     uint32_t byte_sz)
{
	struct btf_var_secinfo v = { var_type_id, offset, byte_sz };

	if (!valid_ref(btf, var_type_id))
		return -EINVAL;
	return add_member(btf, BTF_KIND_DATASEC, BTF_KIND_DATASEC, &v, sizeof(v), 0);
}

int btf_add_decl_tag(struct hive_btf *btf, const char *value, uint32_t ref_type_id,
		     int component_idx)
{
	struct btf_decl_tag d = { component_idx };

	if (!value || !value[0] || component_idx < -1 || !valid_ref(btf, ref_type_id))
		return -EINVAL;
	return add_type(btf, value, btf_type_info(BTF_KIND_DECL_TAG, 0, 0), ref_type_id, &d,
			sizeof(d));
}

/* Re-add the string at @off of @src into @btf; 0 stays 0. */
static int copy_str(struct hive_btf *btf, const struct hive_btf *src, uint32_t *off)
{
	int n;

	if (!*off)
		return 0;
	n = btf_add_str(btf, btf_name(src, *off));
	if (n < 0)
		return n;
	*off = n;
	return 0;
}

/* Name offsets inside a record: the type's own, then one per member/enumerator/param. */
static uint32_t *tail_name_off(struct btf_type *t, uint32_t i)
{
	if (btf_is_composite(t))
		return &((struct btf_member *)(t + 1))[i].name_off;
	if (btf_is_enum(t))
		return &((struct btf_enum *)(t + 1))[i].name_off;
	if (btf_is_enum64(t))
		return &((struct btf_enum64 *)(t + 1))[i].name_off;
	if (btf_is_func_proto(t))
		return &((struct btf_param *)(t + 1))[i].name_off;
	return NULL;
}

int btf_add_type_copy(struct hive_btf *btf, const struct hive_btf *src, uint32_t src_id)
{
	const struct btf_type *st = btf_type_by_id(src, src_id);
	struct btf_type *t;
	int sz, id, err;

	if (!st || src_id == 0)
		return -EINVAL;
	sz = btf_type_size(st);
	t = malloc(sz);
	if (!t)
		return -ENOMEM;
	memcpy(t, st, sz);
	err = copy_str(btf, src, &t->name_off);
	for (uint32_t i = 0; i < btf_vlen(t) && !err; i++) {
		uint32_t *off = tail_name_off(t, i);

		if (off)
			err = copy_str(btf, src, off);
	}
	id = err ?: add_type(btf, NULL, t->info, t->size, t + 1, sz - sizeof(*t));
	if (id > 0)
		btf_own_type(btf, id)->name_off = t->name_off;
	free(t);
	return id;
}

/* ---- in-place changes ---- */

struct btf_type *btf_type_mut(struct hive_btf *btf, uint32_t id)
{
	if (id < btf->start_id || id >= btf_type_cnt(btf) || make_modifiable(btf))
		return NULL;
	btf_invalidate_indexes(btf);
	return btf_own_type(btf, id);
}

int btf_set_name(struct hive_btf *btf, uint32_t id, const char *name)
{
	int off = btf_add_str(btf, name ? name : "");
	struct btf_type *t;

	if (off < 0)
		return off;
	t = btf_type_mut(btf, id);
	if (!t)
		return -EINVAL;
	t->name_off = off;
	return 0;
}

static struct btf_type *mut_kind(struct hive_btf *btf, uint32_t id, int kind)
{
	struct btf_type *t = btf_type_mut(btf, id);

	return t && btf_kind(t) == kind ? t : NULL;
}

int btf_datasec_set_size(struct hive_btf *btf, uint32_t datasec_id, uint32_t size)
{
	struct btf_type *t = mut_kind(btf, datasec_id, BTF_KIND_DATASEC);

	if (!t)
		return -EINVAL;
	t->size = size;
	return 0;
}

int btf_datasec_set_var(struct hive_btf *btf, uint32_t datasec_id, uint32_t idx, uint32_t var_id,
			uint32_t offset, uint32_t size)
{
	struct btf_type *t = mut_kind(btf, datasec_id, BTF_KIND_DATASEC);
	struct btf_var_secinfo *v;

	if (!t || idx >= btf_vlen(t) || !valid_ref(btf, var_id))
		return -EINVAL;
	v = (struct btf_var_secinfo *)(t + 1) + idx;
	v->type = var_id;
	v->offset = offset;
	v->size = size;
	return 0;
}

int btf_var_set_linkage(struct hive_btf *btf, uint32_t var_id, int linkage)
{
	struct btf_type *t = mut_kind(btf, var_id, BTF_KIND_VAR);

	if (!t || linkage < 0 || linkage > BTF_VAR_GLOBAL_EXTERN)
		return -EINVAL;
	((struct btf_var *)(t + 1))->linkage = linkage;
	return 0;
}

int btf_func_set_linkage(struct hive_btf *btf, uint32_t func_id, int linkage)
{
	struct btf_type *t = mut_kind(btf, func_id, BTF_KIND_FUNC);

	if (!t || linkage < 0 || linkage > BTF_FUNC_EXTERN)
		return -EINVAL;
	t->info = btf_type_info(BTF_KIND_FUNC, linkage, btf_kflag(t));
	return 0;
}

int btf_datasec_sort(struct hive_btf *btf, uint32_t datasec_id)
{
	struct btf_type *t = mut_kind(btf, datasec_id, BTF_KIND_DATASEC);
	struct btf_var_secinfo *v;

	if (!t)
		return -EINVAL;
	v = (struct btf_var_secinfo *)(t + 1);
	/* insertion sort: stable, and DATASECs are short */
	for (uint32_t i = 1; i < btf_vlen(t); i++) {
		struct btf_var_secinfo cur = v[i];
		uint32_t j = i;

		for (; j > 0 && v[j - 1].offset > cur.offset; j--)
			v[j] = v[j - 1];
		v[j] = cur;
	}
	return 0;
}

/* ---- serialisation ---- */

const void *btf_raw_data(struct hive_btf *btf, uint32_t *size)
{
	struct btf_header h = {
		.magic = BTF_MAGIC,
		.version = BTF_VERSION,
		.hdr_len = sizeof(h),
		.type_off = 0,
		.type_len = btf->types_len,
		.str_off = btf->types_len,
		.str_len = btf->strs_len,
	};
	uint64_t total = sizeof(h) + (uint64_t)btf->types_len + btf->strs_len;
	uint8_t *p;

	if (btf->raw_cache) {
		*size = btf->raw_cache_sz;
		return btf->raw_cache;
	}
	if (total > UINT32_MAX)
		return NULL;
	p = malloc(total);
	if (!p)
		return NULL;
	memcpy(p, &h, sizeof(h));
	if (btf->types_len)
		memcpy(p + sizeof(h), btf->types, btf->types_len);
	if (btf->strs_len)
		memcpy(p + sizeof(h) + btf->types_len, btf->strs, btf->strs_len);
	btf->raw_cache = p;
	btf->raw_cache_sz = total;
	*size = total;
	return p;
}
