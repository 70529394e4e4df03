// SPDX-License-Identifier: BSD-2-Clause
/*
 * relo/core_spec.c: CO-RE access strings (spec C.2): parsing "0:1:2:3" against the local BTF
 * into a spec, printing a spec the way libbpf's log does, and essential (flavour-less) names.
 *
 * Field spec walk, for `struct s { int x; union { int y; int z[2]; }; } *p; &p->z[1]` with
 * access string "0:1:1:1":
 *   raw 0: p[0]           root accessor [0], bit offset 0 * sizeof(s) * 8
 *   raw 1: member 1       anonymous union: offset +32, no accessor (raw spec keeps it)
 *   raw 2: member 1 `z`   accessor .z, offset +0
 *   raw 3: index 1        accessor [1], offset +1 * 32
 * giving "<byte_off> [N] struct s.z[1] (0:1:1:1 @ offset 8)".
 */
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "common/err.h"
#include "common/log.h"
#include "relo/core.h"
#include "relo/core_internal.h"

static bool is_flavor_sep(const char *s)
{
	return s[0] != '_' && s[1] == '_' && s[2] == '_' && s[3] == '_' && s[4] != '_';
}

static __thread char last_warning[320];

void core_warn(const char *fmt, ...)
{
	va_list ap;
	size_t n;

	va_start(ap, fmt);
	vsnprintf(last_warning, sizeof(last_warning), fmt, ap);
	va_end(ap);
	pr_warn("%s", last_warning);
	n = strlen(last_warning);
	if (n && last_warning[n - 1] == '\n')
		last_warning[n - 1] = '\0';
}

const char *core_last_warning(void)
{
	return last_warning;
}

void core_clear_warning(void)
{
	last_warning[0] = '\0';
}

size_t core_essential_name_len(const char *name)
{
	long n = (long)strlen(name);

	for (long i = n - 5; i >= 0; i--)
		if (is_flavor_sep(name + i))
			return (size_t)i + 1;
	return (size_t)n;
}

const char *core_btf_kind_str(const struct btf_type *t)
{
	static const char *const names[] = {
		[BTF_KIND_UNKN] = "void",	  [BTF_KIND_INT] = "int",
		[BTF_KIND_PTR] = "ptr",		  [BTF_KIND_ARRAY] = "array",
		[BTF_KIND_STRUCT] = "struct",	  [BTF_KIND_UNION] = "union",
		[BTF_KIND_ENUM] = "enum",	  [BTF_KIND_FWD] = "fwd",
		[BTF_KIND_TYPEDEF] = "typedef",	  [BTF_KIND_VOLATILE] = "volatile",
		[BTF_KIND_CONST] = "const",	  [BTF_KIND_RESTRICT] = "restrict",
		[BTF_KIND_FUNC] = "func",	  [BTF_KIND_FUNC_PROTO] = "func_proto",
		[BTF_KIND_VAR] = "var",		  [BTF_KIND_DATASEC] = "datasec",
		[BTF_KIND_FLOAT] = "float",	  [BTF_KIND_DECL_TAG] = "decl_tag",
		[BTF_KIND_TYPE_TAG] = "type_tag", [BTF_KIND_ENUM64] = "enum64",
	};
	unsigned int k = btf_kind(t);

	return k < ARRAY_SIZE(names) ? names[k] : "unknown";
}

/* A zero-length array that is the last member of the struct named by @acc. */
static bool is_flex_arr(const struct hive_btf *btf, const struct core_accessor *acc,
			const struct btf_array *arr)
{
	const struct btf_type *t;

	if (!acc->name || arr->nelems > 0)
		return false;
	t = btf_type_by_id(btf, acc->type_id);
	return t && acc->idx + 1 == btf_vlen(t);
}

/* "0:12:3" -> raw_spec; negative numbers, empty parts and garbage are errors. */
static int parse_raw(const char *s, struct core_spec *spec)
{
	if (!s || !*s || *s == ':')
		return -EINVAL;
	while (*s) {
		long v = 0;

		if (*s == ':')
			s++;
		if (*s < '0' || *s > '9')
			return -EINVAL;
		for (; *s >= '0' && *s <= '9'; s++) {
			v = v * 10 + (*s - '0');
			if (v > INT_MAX)
				return -EINVAL;
		}
		if (*s && *s != ':')
			return -EINVAL;
		if (spec->raw_len == CORE_SPEC_MAX_LEN)
			return -E2BIG;
		spec->raw_spec[spec->raw_len++] = (int)v;
	}
	return spec->raw_len ? 0 : -EINVAL;
}

/* bit_offset += idx * sz * 8, refusing offsets past 4 GiB (hostile BTF) */
static int add_bits(struct core_spec *spec, int64_t idx, int64_t sz)
{
	int64_t bits;

	if (sz < 0)
		return (int)sz;
	if (hive_mul_overflow(idx, sz * 8, &bits) || bits + spec->bit_offset > UINT32_MAX)
		return -E2BIG;
	spec->bit_offset += (uint32_t)bits;
	return 0;
}

static int parse_enumval(const struct hive_btf *btf, const struct btf_type *t,
			 struct core_spec *spec)
{
	struct core_accessor *acc = &spec->spec[0];
	uint32_t name_off;

	if (!btf_is_any_enum(t) || spec->raw_len > 1 || acc->idx >= btf_vlen(t))
		return -EINVAL;
	name_off = btf_is_enum(t) ? btf_enum(t)[acc->idx].name_off :
				    btf_enum64(t)[acc->idx].name_off;
	acc->name = btf_name(btf, name_off);
	return 0;
}

/* One step below a struct/union: member @idx (named ones become accessors). */
static int step_member(const struct hive_btf *btf, const struct btf_type *t, uint32_t *id,
		       uint32_t idx, struct core_spec *spec)
{
	const struct btf_member *m;
	struct core_accessor *acc = &spec->spec[spec->len];
	uint64_t bits;

	if (idx >= btf_vlen(t))
		return -EINVAL;
	bits = (uint64_t)spec->bit_offset + btf_member_bit_offset(t, idx);
	if (bits > UINT32_MAX)
		return -E2BIG;
	spec->bit_offset = (uint32_t)bits;
	m = btf_members(t) + idx;
	if (m->name_off) {
		const char *name = btf_name(btf, m->name_off);

		if (!name[0])
			return -EINVAL;
		acc->type_id = *id;
		acc->idx = idx;
		acc->name = name;
		spec->len++;
	}
	*id = m->type;
	return 0;
}

static int step_array(const struct hive_btf *btf, const struct btf_type *t, uint32_t *id,
		      uint32_t idx, struct core_spec *spec)
{
	const struct btf_array *a = btf_array(t);
	bool flex;

	if (!btf_skip_mods_and_typedefs(btf, a->type, id))
		return -EINVAL;
	flex = is_flex_arr(btf, &spec->spec[spec->len - 1], a);
	if (!flex && idx >= a->nelems)
		return -EINVAL;
	spec->spec[spec->len].type_id = *id;
	spec->spec[spec->len].idx = idx;
	spec->spec[spec->len].name = NULL;
	spec->len++;
	return add_bits(spec, idx, btf_resolve_size(btf, *id));
}

int core_parse_spec(const char *prog_name, const struct hive_btf *btf,
		    const struct btf_ext_core_relo *relo, struct core_spec *spec)
{
	const char *spec_str = btf_str_by_offset(btf, relo->access_str_off);
	const struct btf_type *t;
	uint32_t id;
	int err;

	memset(spec, 0, sizeof(*spec));
	spec->btf = btf;
	spec->root_type_id = relo->type_id;
	spec->relo_kind = relo->kind;
	if (!spec_str || !*spec_str || *spec_str == ':')
		return -EINVAL;
	if (core_kind_is_type_based(relo->kind))
		return strcmp(spec_str, "0") ? -EINVAL : 0;
	err = parse_raw(spec_str, spec);
	if (err)
		return err;
	t = btf_skip_mods_and_typedefs(btf, relo->type_id, &id);
	if (!t)
		return -EINVAL;
	spec->spec[0].type_id = id;
	spec->spec[0].idx = spec->raw_spec[0];
	spec->len = 1;
	if (core_kind_is_enumval_based(relo->kind))
		return parse_enumval(btf, t, spec);
	if (!core_kind_is_field_based(relo->kind))
		return -EINVAL;
	err = add_bits(spec, spec->raw_spec[0], btf_resolve_size(btf, id));
	for (int i = 1; !err && i < spec->raw_len; i++) {
		uint32_t idx = spec->raw_spec[i];

		t = btf_skip_mods_and_typedefs(btf, id, &id);
		if (!t)
			return -EINVAL;
		if (btf_is_composite(t)) {
			err = step_member(btf, t, &id, idx, spec);
		} else if (btf_is_array(t)) {
			err = step_array(btf, t, &id, idx, spec);
		} else {
			core_warn("prog '%s': relo for [%u] %s (at idx %d) captures type [%u] of "
				  "unexpected kind %s\n",
				  prog_name, relo->type_id, spec_str, i, id, core_btf_kind_str(t));
			return -EINVAL;
		}
	}
	return err;
}

struct fmt_buf {
	char *buf;
	size_t sz;
	int len;
};

__attribute__((format(printf, 2, 3))) static void append(struct fmt_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(b->buf, b->sz, fmt, ap);
	va_end(ap);
	if (r < 0)
		return;
	b->len += r;
	if ((size_t)r >= b->sz)
		r = b->sz ? (int)b->sz - 1 : 0;
	b->buf += r;
	b->sz -= r;
}

static void format_enumval(struct fmt_buf *b, const struct core_spec *spec)
{
	const struct btf_type *t = btf_skip_mods_and_typedefs(spec->btf, spec->root_type_id, NULL);
	uint32_t i = spec->raw_spec[0];

	if (!t || !btf_is_any_enum(t) || i >= btf_vlen(t))
		return;
	if (btf_is_enum(t)) {
		const struct btf_enum *e = btf_enum(t) + i;

		if (btf_kflag(t))
			append(b, "::%s = %d", btf_name(spec->btf, e->name_off), e->val);
		else
			append(b, "::%s = %u", btf_name(spec->btf, e->name_off), (uint32_t)e->val);
	} else {
		const struct btf_enum64 *e = btf_enum64(t) + i;

		if (btf_kflag(t))
			append(b, "::%s = %lld", btf_name(spec->btf, e->name_off),
			       (long long)btf_enum64_value(e));
		else
			append(b, "::%s = %llu", btf_name(spec->btf, e->name_off),
			       (unsigned long long)btf_enum64_value(e));
	}
}

int core_format_spec(char *buf, size_t buf_sz, const struct core_spec *spec)
{
	const struct btf_type *t = btf_type_by_id(spec->btf, spec->root_type_id);
	struct fmt_buf b = { buf, buf_sz, 0 };
	const char *s = t ? btf_name(spec->btf, t->name_off) : "";

	if (buf_sz)
		buf[0] = '\0';
	append(&b, "<%s> [%u] %s %s", btf_ext_core_kind_str(spec->relo_kind), spec->root_type_id,
	       t ? core_btf_kind_str(t) : "?", s[0] ? s : "<anon>");
	if (core_kind_is_type_based(spec->relo_kind))
		return b.len;
	if (core_kind_is_enumval_based(spec->relo_kind)) {
		if (spec->raw_len)
			format_enumval(&b, spec);
		return b.len;
	}
	for (int i = 0; i < spec->len; i++) {
		if (spec->spec[i].name)
			append(&b, ".%s", spec->spec[i].name);
		else if (i > 0 || spec->spec[i].idx > 0)
			append(&b, "[%u]", spec->spec[i].idx);
	}
	append(&b, " (");
	for (int i = 0; i < spec->raw_len; i++)
		append(&b, "%s%d", i == 0 ? "" : ":", spec->raw_spec[i]);
	if (spec->bit_offset % 8)
		append(&b, " @ offset %u.%u)", spec->bit_offset / 8, spec->bit_offset % 8);
	else
		append(&b, " @ offset %u)", spec->bit_offset / 8);
	return b.len;
}
