// SPDX-License-Identifier: BSD-2-Clause
/*
 * btf/btf_validate.c: the rules the kernel applies to BTF at BPF_BTF_LOAD (spec B.5), beyond
 * the structural checks of parsing: names that must be C identifiers, per-kind meta data
 * (vlen, kflag, sizes), members inside their struct, bitfields on integers, sorted DATASECs,
 * no extern FUNC/VAR, decl tags on taggable targets, modifier chains without loops, and no
 * struct containing itself by value. The first violation is reported with the type id.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf_internal.h"
#include "common/err.h"

#define KSYM_NAME_LEN 512

struct vctx {
	const struct hive_btf *btf;
	char *errbuf;
	size_t errbuf_sz;
	uint8_t *visit; /* struct containment walk: 0 new, 1 in progress, 2 done */
};

#define FAIL(c, id, ...) btf_type_err((c)->btf, id, (c)->errbuf, (c)->errbuf_sz, __VA_ARGS__)

/* C identifier; @dots allows '.' (VAR and DATASEC names such as ".data.foo"). */
static bool is_ident(const char *s, bool dots)
{
	size_t n = 0;

	if (!s[0] || (!isalpha((unsigned char)s[0]) && s[0] != '_' && !(dots && s[0] == '.')))
		return false;
	for (; s[n]; n++)
		if (!isalnum((unsigned char)s[n]) && s[n] != '_' && !(dots && s[n] == '.'))
			return false;
	return n < KSYM_NAME_LEN;
}

static const char *name_of(const struct vctx *c, uint32_t off)
{
	return btf_name(c->btf, off);
}

/* An INT whose bits fill it exactly, of a size C has: usable as array index or bitfield. */
static bool is_regular_int(const struct btf_type *t)
{
	uint32_t sz = t->size;

	return btf_is_int(t) && !btf_int_offset(t) && btf_int_bits(t) == sz * 8 &&
	       (sz == 1 || sz == 2 || sz == 4 || sz == 8 || sz == 16);
}

static int check_int(struct vctx *c, uint32_t id, const struct btf_type *t)
{
	uint32_t data = *(const uint32_t *)(t + 1), enc = BTF_INT_ENCODING(data);

	if (data & 0xf0000000)
		return FAIL(c, id, "reserved bits of the int data are set");
	if (BTF_INT_BITS(data) + BTF_INT_OFFSET(data) > 128)
		return FAIL(c, id, "nr_bits + bits_offset exceeds 128");
	if (t->size > 16 || BTF_INT_BITS(data) + BTF_INT_OFFSET(data) > t->size * 8)
		return FAIL(c, id, "nr_bits + bits_offset exceeds the type size");
	if (enc && enc != BTF_INT_SIGNED && enc != BTF_INT_CHAR && enc != BTF_INT_BOOL)
		return FAIL(c, id, "unsupported encoding %u", enc);
	return 0;
}

/* PTR, TYPEDEF, CONST, VOLATILE, RESTRICT, TYPE_TAG */
static int check_ref_kind(struct vctx *c, uint32_t id, const struct btf_type *t)
{
	const struct btf_type *target = btf_type_by_id(c->btf, t->type);
	uint32_t rid;

	if (btf_is_typedef(t) && !is_ident(name_of(c, t->name_off), false))
		return FAIL(c, id, "typedef name is not a C identifier");
	if (btf_is_type_tag(t) && !t->name_off)
		return FAIL(c, id, "type tag without a value");
	if (!btf_is_typedef(t) && !btf_is_type_tag(t) && t->name_off)
		return FAIL(c, id, "must not have a name");
	if (btf_is_mod(t) && !btf_is_type_tag(t) && btf_is_type_tag(target))
		return FAIL(c, id, "Type tags don't precede modifiers");
	btf_skip_mods_and_typedefs(c->btf, id, &rid);
	if (btf_is_mod(btf_type_by_id(c->btf, rid)) || btf_is_typedef(btf_type_by_id(c->btf, rid)))
		return FAIL(c, id, "modifier/typedef chain longer than %d or cyclic",
			    BTF_MAX_RESOLVE_DEPTH);
	return 0;
}

static int check_array(struct vctx *c, uint32_t id, const struct btf_type *t)
{
	const struct btf_array *a = btf_array(t);
	const struct btf_type *idx;
	int64_t elem_sz;

	if (t->name_off || t->size)
		return FAIL(c, id, "array must have no name and size 0");
	if (!a->type || !a->index_type)
		return FAIL(c, id, "element and index types must not be void");
	idx = btf_skip_mods_and_typedefs(c->btf, a->index_type, NULL);
	if (!is_regular_int(idx))
		return FAIL(c, id, "index type [%u] is not a plain integer", a->index_type);
	elem_sz = btf_resolve_size(c->btf, a->type);
	if (elem_sz < 0)
		return FAIL(c, id, "element type [%u] has no size", a->type);
	if (a->nelems && (uint64_t)elem_sz * a->nelems > UINT32_MAX)
		return FAIL(c, id, "array size overflows u32");
	return 0;
}

static int check_bitfield(struct vctx *c, uint32_t id, uint32_t i, const struct btf_member *m,
			  uint32_t bit_off, uint32_t bit_sz, const struct btf_type *t)
{
	const struct btf_type *mt = btf_skip_mods_and_typedefs(c->btf, m->type, NULL);
	uint32_t max_bits;

	if (btf_is_any_enum(mt))
		max_bits = mt->size * 8 > 32 ? 32 : mt->size * 8;
	else if (is_regular_int(mt))
		max_bits = mt->size * 8;
	else
		return FAIL(c, id, "member %u '%s': bitfield of a type that is not an integer", i,
			    name_of(c, m->name_off));
	if (bit_sz > max_bits || (uint64_t)bit_off + bit_sz > (uint64_t)t->size * 8)
		return FAIL(c, id, "member %u '%s': bitfield of %u bits does not fit", i,
			    name_of(c, m->name_off), bit_sz);
	return 0;
}

static int check_member(struct vctx *c, uint32_t id, const struct btf_type *t, uint32_t i,
			uint32_t *prev_off)
{
	const struct btf_member *m = btf_members(t) + i;
	uint32_t bit_off = btf_member_bit_offset(t, i), bit_sz = btf_member_bitfield_size(t, i);
	int64_t sz;

	if (m->name_off && !is_ident(name_of(c, m->name_off), false))
		return FAIL(c, id, "member %u: name is not a C identifier", i);
	if (!m->type)
		return FAIL(c, id, "member %u '%s': void type", i, name_of(c, m->name_off));
	if (btf_is_union(t) && bit_off)
		return FAIL(c, id, "member %u '%s': union member at bit offset %u", i,
			    name_of(c, m->name_off), bit_off);
	if (bit_off < *prev_off)
		return FAIL(c, id, "member %u '%s': offsets are not increasing", i,
			    name_of(c, m->name_off));
	*prev_off = bit_off;
	if (bit_sz)
		return check_bitfield(c, id, i, m, bit_off, bit_sz, t);
	sz = btf_resolve_size(c->btf, m->type);
	if (sz < 0)
		return FAIL(c, id, "member %u '%s': type [%u] has no size", i,
			    name_of(c, m->name_off), m->type);
	if (bit_off % 8 && !btf_is_int(btf_skip_mods_and_typedefs(c->btf, m->type, NULL)))
		return FAIL(c, id, "member %u '%s': not byte aligned", i, name_of(c, m->name_off));
	if (bit_off / 8 + (uint64_t)sz > t->size)
		return FAIL(c, id, "member %u '%s': ends past the struct size %u", i,
			    name_of(c, m->name_off), t->size);
	return 0;
}

static int check_composite(struct vctx *c, uint32_t id, const struct btf_type *t)
{
	uint32_t prev_off = 0;

	if (t->name_off && !is_ident(name_of(c, t->name_off), false))
		return FAIL(c, id, "name is not a C identifier");
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		int err = check_member(c, id, t, i, &prev_off);

		if (err)
			return err;
	}
	return 0;
}

static int check_enum(struct vctx *c, uint32_t id, const struct btf_type *t)
{
	if (t->size != 1 && t->size != 2 && t->size != 4 && t->size != 8)
		return FAIL(c, id, "size %u is not 1, 2, 4 or 8", t->size);
	if (t->name_off && !is_ident(name_of(c, t->name_off), false))
		return FAIL(c, id, "name is not a C identifier");
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		uint32_t off = btf_is_enum(t) ? btf_enum(t)[i].name_off : btf_enum64(t)[i].name_off;

		if (!is_ident(name_of(c, off), false))
			return FAIL(c, id, "enumerator %u: name is not a C identifier", i);
	}
	return 0;
}

static int check_proto(struct vctx *c, uint32_t id, const struct btf_type *t)
{
	uint16_t vlen = btf_vlen(t);

	if (t->name_off)
		return FAIL(c, id, "must not have a name");
	if (t->type && btf_resolve_size(c->btf, t->type) < 0 &&
	    !btf_is_ptr(btf_skip_mods_and_typedefs(c->btf, t->type, NULL)))
		return FAIL(c, id, "return type [%u] has no size", t->type);
	for (uint32_t i = 0; i < vlen; i++) {
		const struct btf_param *p = btf_params(t) + i;

		if (!p->type) {
			if (i != vlen - 1u || p->name_off)
				return FAIL(
					c, id,
					"parameter %u: void parameter that is not the final '...'",
					i);
			continue;
		}
		if (p->name_off && !is_ident(name_of(c, p->name_off), false))
			return FAIL(c, id, "parameter %u: name is not a C identifier", i);
		if (btf_resolve_size(c->btf, p->type) < 0)
			return FAIL(c, id, "parameter %u: type [%u] has no size", i, p->type);
	}
	return 0;
}

static int check_func(struct vctx *c, uint32_t id, const struct btf_type *t)
{
	const struct btf_type *proto = btf_type_by_id(c->btf, t->type);

	if (!is_ident(name_of(c, t->name_off), false))
		return FAIL(c, id, "name is not a C identifier");
	if (btf_vlen(t) > BTF_FUNC_GLOBAL)
		return FAIL(c, id, "linkage %s is not allowed (only static or global)",
			    btf_vlen(t) == BTF_FUNC_EXTERN ? "extern" : "unknown");
	for (uint32_t i = 0; i < btf_vlen(proto); i++)
		if (btf_params(proto)[i].type && !btf_params(proto)[i].name_off)
			return FAIL(c, id, "parameter %u has no name", i);
	return 0;
}

static int check_var(struct vctx *c, uint32_t id, const struct btf_type *t)
{
	if (!is_ident(name_of(c, t->name_off), true))
		return FAIL(c, id, "name is not a valid variable name");
	if (!t->type || btf_resolve_size(c->btf, t->type) < 0)
		return FAIL(c, id, "type [%u] has no size", t->type);
	if (btf_var(t)->linkage > BTF_VAR_GLOBAL_ALLOCATED)
		return FAIL(c, id, "linkage %s is not allowed (only static or global)",
			    btf_var(t)->linkage == BTF_VAR_GLOBAL_EXTERN ? "extern" : "unknown");
	return 0;
}

static int check_datasec(struct vctx *c, uint32_t id, const struct btf_type *t)
{
	uint64_t sum = 0, end = 0;

	if (!t->size)
		return FAIL(c, id, "size is 0");
	if (!is_ident(name_of(c, t->name_off) + (name_of(c, t->name_off)[0] == '?'), true))
		return FAIL(c, id, "name is not a valid section name");
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		const struct btf_var_secinfo *v = btf_var_secinfos(t) + i;
		const struct btf_type *vt = btf_type_by_id(c->btf, v->type);

		if (!btf_is_var(vt))
			return FAIL(c, id, "entry %u: type [%u] is not a VAR", i, v->type);
		if (!v->size || v->offset < end || (uint64_t)v->offset + v->size > t->size)
			return FAIL(
				c, id,
				"entry %u (offset %u, size %u): empty, overlapping, unsorted or outside the section",
				i, v->offset, v->size);
		if (btf_resolve_size(c->btf, vt->type) > v->size)
			return FAIL(c, id, "entry %u: variable larger than its entry size %u", i,
				    v->size);
		end = (uint64_t)v->offset + v->size;
		sum += v->size;
	}
	if (sum > t->size)
		return FAIL(c, id, "entries add up to more than the section size");
	return 0;
}

static int check_decl_tag(struct vctx *c, uint32_t id, const struct btf_type *t)
{
	const struct btf_type *target = btf_type_by_id(c->btf, t->type);
	int comp = btf_decl_tag(t)->component_idx;
	uint32_t limit = 0;

	if (!t->name_off || !name_of(c, t->name_off)[0])
		return FAIL(c, id, "decl tag without a value");
	if (btf_is_composite(target))
		limit = btf_vlen(target);
	else if (btf_is_func(target))
		limit = btf_vlen(btf_type_by_id(c->btf, target->type));
	else if (!btf_is_var(target) && !btf_is_typedef(target))
		return FAIL(c, id, "target [%u] %s cannot carry a decl tag", t->type,
			    btf_kind_str(btf_kind(target)));
	if (comp != -1 && (uint32_t)comp >= limit)
		return FAIL(c, id, "component_idx %d is out of range for target [%u]", comp,
			    t->type);
	return 0;
}

static int check_meta(struct vctx *c, uint32_t id, const struct btf_type *t)
{
	int kind = btf_kind(t);
	bool vlen_ok = kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION || kind == BTF_KIND_ENUM ||
		       kind == BTF_KIND_ENUM64 || kind == BTF_KIND_FUNC_PROTO ||
		       kind == BTF_KIND_DATASEC || kind == BTF_KIND_FUNC;
	bool kflag_ok = kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION ||
			kind == BTF_KIND_ENUM || kind == BTF_KIND_ENUM64 || kind == BTF_KIND_FWD ||
			kind == BTF_KIND_DECL_TAG || kind == BTF_KIND_TYPE_TAG;

	if (t->info & 0x60ff0000)
		return FAIL(c, id, "reserved bits of info are set (%#x)", t->info);
	if (btf_vlen(t) && !vlen_ok)
		return FAIL(c, id, "vlen %u must be 0", btf_vlen(t));
	if (btf_kflag(t) && !kflag_ok)
		return FAIL(c, id, "kind_flag must be 0");
	return 0;
}

static int check_type(struct vctx *c, uint32_t id, const struct btf_type *t)
{
	int err = check_meta(c, id, t);

	if (err)
		return err;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		return check_int(c, id, t);
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return check_ref_kind(c, id, t);
	case BTF_KIND_ARRAY:
		return check_array(c, id, t);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return check_composite(c, id, t);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return check_enum(c, id, t);
	case BTF_KIND_FWD:
		if (t->type || !is_ident(name_of(c, t->name_off), false))
			return FAIL(c, id,
				    "forward declaration needs an identifier name and type 0");
		return 0;
	case BTF_KIND_FUNC_PROTO:
		return check_proto(c, id, t);
	case BTF_KIND_FUNC:
		return check_func(c, id, t);
	case BTF_KIND_VAR:
		return check_var(c, id, t);
	case BTF_KIND_DATASEC:
		return check_datasec(c, id, t);
	case BTF_KIND_FLOAT:
		if (t->size != 2 && t->size != 4 && t->size != 8 && t->size != 12 && t->size != 16)
			return FAIL(c, id, "size %u is not 2, 4, 8, 12 or 16", t->size);
		return 0;
	case BTF_KIND_DECL_TAG:
		return check_decl_tag(c, id, t);
	default:
		return FAIL(c, id, "unknown kind");
	}
}

/* A struct must not contain itself by value (through members, arrays, typedefs). */
static int check_loops(struct vctx *c, uint32_t id, int depth)
{
	const struct btf_type *t = btf_skip_mods_and_typedefs(c->btf, id, &id);
	uint32_t own = id - c->btf->start_id;

	while (btf_is_array(t))
		t = btf_skip_mods_and_typedefs(c->btf, btf_array(t)->type, &id);
	if (!btf_is_composite(t) || id < c->btf->start_id)
		return 0;
	own = id - c->btf->start_id;
	if (c->visit[own] == 2)
		return 0;
	if (c->visit[own] == 1 || depth > BTF_MAX_RESOLVE_DEPTH)
		return FAIL(c, id,
			    "Loop detected: the struct contains itself, or nests deeper than %d",
			    BTF_MAX_RESOLVE_DEPTH);
	c->visit[own] = 1;
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		int err = check_loops(c, btf_members(t)[i].type, depth + 1);

		if (err)
			return err;
	}
	c->visit[own] = 2;
	return 0;
}

int btf_validate_kernel(const struct hive_btf *btf, char *errbuf, size_t errbuf_sz)
{
	struct vctx c = { btf, errbuf, errbuf_sz, NULL };
	int err = 0;

	for (uint32_t id = btf->start_id; id < btf_type_cnt(btf) && !err; id++)
		err = check_type(&c, id, btf_own_type(btf, id));
	if (err)
		return err;
	c.visit = calloc(btf->nr_types ? btf->nr_types : 1, 1);
	if (!c.visit)
		return -ENOMEM;
	for (uint32_t id = btf->start_id; id < btf_type_cnt(btf) && !err; id++)
		err = check_loops(&c, id, 0);
	free(c.visit);
	return err;
}
