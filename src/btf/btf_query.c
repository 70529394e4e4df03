// SPDX-License-Identifier: BSD-2-Clause
/*
 * btf/btf_query.c: questions the later stages ask of a BTF: find by name and kind, sizes and
 * alignments through modifiers and typedefs (spec B.6), members with bit offsets, decl tags of
 * a type or member, function prototypes.
 *
 * Both indexes are built on first use and dropped on any change:
 * - names: open addressing over own type ids, probed linearly. Ids are inserted in increasing
 *   order, so along one probe chain equal names appear in id order and the first hit is the
 *   lowest id, which is what btf__find_by_name_kind() returns in libbpf.
 * - decl tags: (target, component, tag id) triples sorted, searched by binary search.
 * Building mutates a const BTF: lookups on one BTF are not thread-safe until the index exists.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf_internal.h"
#include "common/err.h"

static inline uint32_t name_hash(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int build_name_index(struct hive_btf *btf)
{
	uint32_t named = 0, cap = 16, mask;
	uint32_t *tab;

	for (uint32_t i = 0; i < btf->nr_types; i++)
		named += ((const struct btf_type *)(btf->types + btf->type_offs[i]))->name_off != 0;
	while (cap < named * 2)
		cap <<= 1;
	tab = calloc(cap, sizeof(*tab));
	if (!tab)
		return -ENOMEM;
	mask = cap - 1;
	for (uint32_t id = btf->start_id; id < btf_type_cnt(btf); id++) {
		const struct btf_type *t = btf_own_type(btf, id);
		uint32_t slot;

		if (!t->name_off)
			continue;
		slot = name_hash(btf_name(btf, t->name_off)) & mask;
		while (tab[slot])
			slot = (slot + 1) & mask;
		tab[slot] = id;
	}
	btf->name_tab = tab;
	btf->name_tab_mask = mask;
	return 0;
}

/* Own ids named @name of @kind, in id order; the first one > @after_id. */
static int find_own(const struct hive_btf *cbtf, uint32_t after_id, const char *name, int kind)
{
	struct hive_btf *btf = (struct hive_btf *)cbtf;
	uint32_t slot;

	if (!btf->nr_types)
		return -ENOENT;
	if (!btf->name_tab && build_name_index(btf))
		return -ENOMEM;
	slot = name_hash(name) & btf->name_tab_mask;
	for (; btf->name_tab[slot]; slot = (slot + 1) & btf->name_tab_mask) {
		uint32_t id = btf->name_tab[slot];
		const struct btf_type *t = btf_own_type(btf, id);

		if (id <= after_id || (kind >= 0 && btf_kind(t) != kind))
			continue;
		if (!strcmp(btf_name(btf, t->name_off), name))
			return id;
	}
	return -ENOENT;
}

int btf_find_next_by_name_kind(const struct hive_btf *btf, uint32_t after_id, const char *name,
			       int kind)
{
	if (!name || !name[0]) {
		/* "" names void in libbpf's btf__find_by_name_kind() */
		return (kind <= 0 && after_id == 0 && name) ? 0 : -ENOENT;
	}
	if (btf->base && after_id < btf->start_id) {
		int id = btf_find_next_by_name_kind(btf->base, after_id, name, kind);

		if (id >= 0 || id != -ENOENT)
			return id;
	}
	return find_own(btf, after_id, name, kind);
}

int btf_find_by_name_kind(const struct hive_btf *btf, const char *name, int kind)
{
	if (name && !strcmp(name, "void"))
		return kind <= 0 ? 0 : -ENOENT;
	return btf_find_next_by_name_kind(btf, 0, name, kind);
}

/* ---- resolution ---- */

const struct btf_type *btf_skip_mods(const struct hive_btf *btf, uint32_t id, uint32_t *res_id)
{
	const struct btf_type *t = btf_type_by_id(btf, id);

	for (int depth = 0; t && btf_is_mod(t) && depth < BTF_MAX_RESOLVE_DEPTH; depth++) {
		id = t->type;
		t = btf_type_by_id(btf, id);
	}
	if (res_id)
		*res_id = id;
	return t;
}

const struct btf_type *btf_skip_mods_and_typedefs(const struct hive_btf *btf, uint32_t id,
						  uint32_t *res_id)
{
	const struct btf_type *t = btf_type_by_id(btf, id);

	for (int depth = 0;
	     t && (btf_is_mod(t) || btf_is_typedef(t)) && depth < BTF_MAX_RESOLVE_DEPTH; depth++) {
		id = t->type;
		t = btf_type_by_id(btf, id);
	}
	if (res_id)
		*res_id = id;
	return t;
}

/* Walk to the sized type; *mult accumulates array dimensions. Returns the id or <0. */
static int resolve(const struct hive_btf *btf, uint32_t id, uint64_t *mult)
{
	for (int depth = 0; depth < BTF_MAX_RESOLVE_DEPTH; depth++) {
		const struct btf_type *t = btf_type_by_id(btf, id);

		if (!t || id == 0)
			return -EINVAL;
		switch (btf_kind(t)) {
		case BTF_KIND_INT:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
		case BTF_KIND_DATASEC:
		case BTF_KIND_FLOAT:
		case BTF_KIND_PTR:
			return id;
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_VAR:
		case BTF_KIND_DECL_TAG:
		case BTF_KIND_TYPE_TAG:
			id = t->type;
			break;
		case BTF_KIND_ARRAY:
			if (mult) {
				*mult *= btf_array(t)->nelems;
				if (*mult > UINT32_MAX)
					return -E2BIG;
			}
			id = btf_array(t)->type;
			break;
		default:
			return -EINVAL;
		}
	}
	return -EINVAL;
}

int btf_resolve_type(const struct hive_btf *btf, uint32_t id)
{
	return resolve(btf, id, NULL);
}

int64_t btf_resolve_size(const struct hive_btf *btf, uint32_t id)
{
	uint64_t mult = 1, size;
	const struct btf_type *t;
	int rid = resolve(btf, id, &mult);

	if (rid < 0)
		return rid;
	t = btf_type_by_id(btf, rid);
	size = btf_is_ptr(t) ? (uint64_t)btf->ptr_sz : t->size;
	if (mult && size > UINT32_MAX / mult)
		return -E2BIG;
	return (int64_t)(size * mult);
}

/* Work budget of one btf_align_of(): struct members are not memoised here. */
#define ALIGN_BUDGET (1 << 20)

static int align_of(const struct hive_btf *btf, uint32_t id, int depth, int *budget)
{
	const struct btf_type *t = btf_type_by_id(btf, id);
	int max_align = 1;

	if (!t || depth > BTF_MAX_RESOLVE_DEPTH || --*budget < 0)
		return 0;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FLOAT:
		return hive_min((uint32_t)btf->ptr_sz, t->size);
	case BTF_KIND_PTR:
		return btf->ptr_sz;
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return align_of(btf, t->type, depth + 1, budget);
	case BTF_KIND_ARRAY:
		return align_of(btf, btf_array(t)->type, depth + 1, budget);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (uint32_t i = 0; i < btf_vlen(t); i++) {
			const struct btf_member *m = btf_members(t) + i;
			int align = align_of(btf, m->type, depth + 1, budget);

			if (align <= 0)
				return 0;
			max_align = hive_max(max_align, align);
			/* a member off its natural alignment means the struct is packed */
			if (!btf_member_bitfield_size(t, i) && m->offset % (8 * align))
				return 1;
		}
		return t->size % max_align ? 1 : max_align;
	default:
		return 0;
	}
}

int btf_align_of(const struct hive_btf *btf, uint32_t id)
{
	int budget = ALIGN_BUDGET;

	return align_of(btf, id, 0, &budget);
}

/* ---- members ---- */

int btf_member(const struct hive_btf *btf, const struct btf_type *t, uint32_t idx,
	       struct btf_member_info *out)
{
	const struct btf_member *m;

	if (!btf_is_composite(t) || idx >= btf_vlen(t))
		return -EINVAL;
	m = btf_members(t) + idx;
	out->name = btf_name(btf, m->name_off);
	out->type = m->type;
	out->bit_off = btf_member_bit_offset(t, idx);
	out->bitfield_size = btf_member_bitfield_size(t, idx);
	return 0;
}

/*
 * Work budget of one search through anonymous members: hostile BTF can nest an anonymous
 * struct in itself several times, which makes the search exponential without a bound.
 */
#define FIND_MEMBER_BUDGET (1 << 16)

static int find_member(const struct hive_btf *btf, uint32_t type_id, const char *name,
		       struct btf_member_info *out, int depth, int *budget)
{
	const struct btf_type *t = btf_skip_mods_and_typedefs(btf, type_id, NULL);

	if (!t || !btf_is_composite(t) || depth > BTF_MAX_RESOLVE_DEPTH)
		return -ENOENT;
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		struct btf_member_info mi;

		if (--*budget < 0)
			return -ENOENT;
		btf_member(btf, t, i, &mi);
		if (mi.name[0]) {
			if (strcmp(mi.name, name))
				continue;
			*out = mi;
			return i;
		}
		/* anonymous struct/union member: its fields belong to the outer struct */
		if (find_member(btf, mi.type, name, out, depth + 1, budget) >= 0) {
			out->bit_off += mi.bit_off;
			return i;
		}
	}
	return -ENOENT;
}

int btf_find_member(const struct hive_btf *btf, uint32_t type_id, const char *name,
		    struct btf_member_info *out)
{
	struct btf_member_info tmp;
	int budget = FIND_MEMBER_BUDGET;

	if (!name || !name[0])
		return -ENOENT; /* anonymous members have no name to find */
	return find_member(btf, type_id, name, out ? out : &tmp, 0, &budget);
}

/* ---- decl tags ---- */

struct tag_key {
	uint32_t target;
	int32_t comp;
	uint32_t id;
};

static int cmp_tag(const void *a, const void *b)
{
	const struct tag_key *x = a, *y = b;

	if (x->target != y->target)
		return x->target < y->target ? -1 : 1;
	if (x->comp != y->comp)
		return x->comp < y->comp ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int build_tag_index(struct hive_btf *btf)
{
	struct tag_key *keys = NULL;
	uint32_t n = 0;

	for (uint32_t id = btf->start_id; id < btf_type_cnt(btf); id++)
		n += btf_is_decl_tag(btf_own_type(btf, id));
	if (n) {
		keys = calloc(n, sizeof(*keys));
		if (!keys)
			return -ENOMEM;
	}
	n = 0;
	for (uint32_t id = btf->start_id; id < btf_type_cnt(btf); id++) {
		const struct btf_type *t = btf_own_type(btf, id);

		if (!btf_is_decl_tag(t))
			continue;
		keys[n++] = (struct tag_key){ t->type, btf_decl_tag(t)->component_idx, id };
	}
	if (n)
		qsort(keys, n, sizeof(*keys), cmp_tag);
	btf->tag_ids = (uint32_t *)keys;
	btf->nr_tags = n;
	btf->tags_built = true;
	return 0;
}

static int next_own_tag(const struct hive_btf *cbtf, uint32_t target, int comp, uint32_t prev)
{
	struct hive_btf *btf = (struct hive_btf *)cbtf;
	const struct tag_key *keys;
	struct tag_key want = { target, comp, prev + 1 };
	uint32_t lo = 0, hi;

	if (!btf->tags_built && build_tag_index(btf))
		return -ENOMEM;
	keys = (const struct tag_key *)btf->tag_ids;
	hi = btf->nr_tags;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (cmp_tag(&keys[mid], &want) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < btf->nr_tags && keys[lo].target == target && keys[lo].comp == comp)
		return keys[lo].id;
	return -ENOENT;
}

int btf_next_decl_tag(const struct hive_btf *btf, uint32_t target_id, int component_idx,
		      uint32_t prev_tag_id)
{
	if (btf->base && prev_tag_id < btf->start_id) {
		int id = btf_next_decl_tag(btf->base, target_id, component_idx, prev_tag_id);

		if (id != -ENOENT)
			return id;
	}
	return next_own_tag(btf, target_id, component_idx, prev_tag_id);
}

const char *btf_find_decl_tag_value(const struct hive_btf *btf, uint32_t target_id,
				    int component_idx, const char *prefix)
{
	size_t len = strlen(prefix);
	int id = 0;

	while ((id = btf_next_decl_tag(btf, target_id, component_idx, id)) > 0) {
		const char *s = btf_name(btf, btf_type_by_id(btf, id)->name_off);

		if (!strncmp(s, prefix, len))
			return s + len;
	}
	return NULL;
}

/* ---- data sections ---- */

int btf_find_datasec_of(const struct hive_btf *btf, uint32_t id, uint32_t *idx)
{
	for (uint32_t sid = 1; sid < btf_type_cnt(btf); sid++) {
		const struct btf_type *t = btf_type_by_id(btf, sid);

		if (!btf_is_datasec(t))
			continue;
		for (uint32_t i = 0; i < btf_vlen(t); i++) {
			if (btf_var_secinfos(t)[i].type != id)
				continue;
			if (idx)
				*idx = i;
			return sid;
		}
	}
	return -ENOENT;
}

/* ---- functions ---- */

const struct btf_type *btf_func_proto(const struct hive_btf *btf, uint32_t func_id)
{
	const struct btf_type *t = btf_type_by_id(btf, func_id);

	if (t && btf_is_func(t))
		t = btf_type_by_id(btf, t->type);
	return t && btf_is_func_proto(t) ? t : NULL;
}

int btf_linkage(const struct btf_type *t)
{
	if (btf_is_func(t))
		return btf_vlen(t);
	if (btf_is_var(t))
		return btf_var(t)->linkage;
	return -EINVAL;
}
