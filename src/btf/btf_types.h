/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * btf/btf_types.h: the BTF binary format, with the kernel's names (struct btf_type,
 * struct btf_member, BTF_KIND_*, ...) so that code reads like the kernel's and libbpf's.
 *
 * We do not include <linux/btf.h> in src/: the layouts below are the UAPI ones (they are a file
 * format, fixed forever), and this header also blocks a later <linux/btf.h> from redefining them.
 *
 *   raw BTF:  +-----------+------------------------+---------------------+
 *             | btf_header| types (type_off..+len) | strings (str_off..) |
 *             +-----------+------------------------+---------------------+
 *   one type: name_off u32 | info u32 (vlen 0-15, kind 24-28, kflag 31) | size/type u32 | tail
 */
#ifndef __HIVE_BTF_TYPES_H
#define __HIVE_BTF_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#ifndef _UAPI__LINUX_BTF_H__
#define _UAPI__LINUX_BTF_H__ /* the layouts below are the UAPI ones */

#define BTF_MAGIC 0xeB9F
#define BTF_VERSION 1

struct btf_header {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	/* All offsets are in bytes relative to the end of this header */
	uint32_t type_off;
	uint32_t type_len;
	uint32_t str_off;
	uint32_t str_len;
};

#define BTF_MAX_TYPE 0x000fffff
#define BTF_MAX_NAME_OFFSET 0x00ffffff
#define BTF_MAX_VLEN 0xffff

struct btf_type {
	uint32_t name_off;
	uint32_t info;
	union {
		uint32_t size;
		uint32_t type;
	};
};

#define BTF_INFO_KIND(info) (((info) >> 24) & 0x1f)
#define BTF_INFO_VLEN(info) ((info)&0xffff)
#define BTF_INFO_KFLAG(info) ((info) >> 31)

enum {
	BTF_KIND_UNKN = 0,
	BTF_KIND_INT = 1,
	BTF_KIND_PTR = 2,
	BTF_KIND_ARRAY = 3,
	BTF_KIND_STRUCT = 4,
	BTF_KIND_UNION = 5,
	BTF_KIND_ENUM = 6,
	BTF_KIND_FWD = 7,
	BTF_KIND_TYPEDEF = 8,
	BTF_KIND_VOLATILE = 9,
	BTF_KIND_CONST = 10,
	BTF_KIND_RESTRICT = 11,
	BTF_KIND_FUNC = 12,
	BTF_KIND_FUNC_PROTO = 13,
	BTF_KIND_VAR = 14,
	BTF_KIND_DATASEC = 15,
	BTF_KIND_FLOAT = 16,
	BTF_KIND_DECL_TAG = 17,
	BTF_KIND_TYPE_TAG = 18,
	BTF_KIND_ENUM64 = 19,
	NR_BTF_KINDS,
	BTF_KIND_MAX = NR_BTF_KINDS - 1,
};

#define BTF_INT_ENCODING(VAL) (((VAL)&0x0f000000) >> 24)
#define BTF_INT_OFFSET(VAL) (((VAL)&0x00ff0000) >> 16)
#define BTF_INT_BITS(VAL) ((VAL)&0x000000ff)

#define BTF_INT_SIGNED (1 << 0)
#define BTF_INT_CHAR (1 << 1)
#define BTF_INT_BOOL (1 << 2)

struct btf_enum {
	uint32_t name_off;
	int32_t val;
};

struct btf_array {
	uint32_t type;
	uint32_t index_type;
	uint32_t nelems;
};

struct btf_member {
	uint32_t name_off;
	uint32_t type;
	uint32_t offset; /* kflag=1: bitfield_size << 24 | bit_offset */
};

#define BTF_MEMBER_BITFIELD_SIZE(val) ((val) >> 24)
#define BTF_MEMBER_BIT_OFFSET(val) ((val)&0xffffff)

struct btf_param {
	uint32_t name_off;
	uint32_t type;
};

enum {
	BTF_VAR_STATIC = 0,
	BTF_VAR_GLOBAL_ALLOCATED = 1,
	BTF_VAR_GLOBAL_EXTERN = 2,
};

enum btf_func_linkage {
	BTF_FUNC_STATIC = 0,
	BTF_FUNC_GLOBAL = 1,
	BTF_FUNC_EXTERN = 2,
};

struct btf_var {
	uint32_t linkage;
};

struct btf_var_secinfo {
	uint32_t type;
	uint32_t offset;
	uint32_t size;
};

struct btf_decl_tag {
	int32_t component_idx;
};

struct btf_enum64 {
	uint32_t name_off;
	uint32_t val_lo32;
	uint32_t val_hi32;
};

#endif /* _UAPI__LINUX_BTF_H__ */

/* Inline accessors in libbpf's spelling. They never check bounds: types reached through
 * btf_type_by_id() were validated at parse time. */
static inline uint16_t btf_kind(const struct btf_type *t)
{
	return BTF_INFO_KIND(t->info);
}

static inline uint16_t btf_vlen(const struct btf_type *t)
{
	return BTF_INFO_VLEN(t->info);
}

static inline bool btf_kflag(const struct btf_type *t)
{
	return BTF_INFO_KFLAG(t->info);
}

static inline bool btf_is_int(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_INT;
}

static inline bool btf_is_ptr(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_PTR;
}

static inline bool btf_is_array(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_ARRAY;
}

static inline bool btf_is_struct(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_STRUCT;
}

static inline bool btf_is_union(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_UNION;
}

static inline bool btf_is_composite(const struct btf_type *t)
{
	uint16_t kind = btf_kind(t);

	return kind == BTF_KIND_STRUCT || kind == BTF_KIND_UNION;
}

static inline bool btf_is_enum(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_ENUM;
}

static inline bool btf_is_enum64(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_ENUM64;
}

static inline bool btf_is_any_enum(const struct btf_type *t)
{
	return btf_is_enum(t) || btf_is_enum64(t);
}

static inline bool btf_is_fwd(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_FWD;
}

static inline bool btf_is_typedef(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_TYPEDEF;
}

static inline bool btf_is_func(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_FUNC;
}

static inline bool btf_is_func_proto(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_FUNC_PROTO;
}

static inline bool btf_is_var(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_VAR;
}

static inline bool btf_is_datasec(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_DATASEC;
}

static inline bool btf_is_float(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_FLOAT;
}

static inline bool btf_is_decl_tag(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_DECL_TAG;
}

static inline bool btf_is_type_tag(const struct btf_type *t)
{
	return btf_kind(t) == BTF_KIND_TYPE_TAG;
}

/* const, volatile, restrict, type tag: what skip_mods() walks through (typedef is separate) */
static inline bool btf_is_mod(const struct btf_type *t)
{
	uint16_t kind = btf_kind(t);

	return kind == BTF_KIND_VOLATILE || kind == BTF_KIND_CONST || kind == BTF_KIND_RESTRICT ||
	       kind == BTF_KIND_TYPE_TAG;
}

static inline uint32_t btf_int_encoding(const struct btf_type *t)
{
	return BTF_INT_ENCODING(*(const uint32_t *)(t + 1));
}

static inline uint32_t btf_int_offset(const struct btf_type *t)
{
	return BTF_INT_OFFSET(*(const uint32_t *)(t + 1));
}

static inline uint32_t btf_int_bits(const struct btf_type *t)
{
	return BTF_INT_BITS(*(const uint32_t *)(t + 1));
}

static inline const struct btf_array *btf_array(const struct btf_type *t)
{
	return (const struct btf_array *)(t + 1);
}

static inline const struct btf_enum *btf_enum(const struct btf_type *t)
{
	return (const struct btf_enum *)(t + 1);
}

static inline const struct btf_enum64 *btf_enum64(const struct btf_type *t)
{
	return (const struct btf_enum64 *)(t + 1);
}

static inline uint64_t btf_enum64_value(const struct btf_enum64 *e)
{
	return ((uint64_t)e->val_hi32 << 32) | e->val_lo32;
}

static inline const struct btf_member *btf_members(const struct btf_type *t)
{
	return (const struct btf_member *)(t + 1);
}

static inline uint32_t btf_member_bit_offset(const struct btf_type *t, uint32_t idx)
{
	const struct btf_member *m = btf_members(t) + idx;

	return btf_kflag(t) ? BTF_MEMBER_BIT_OFFSET(m->offset) : m->offset;
}

static inline uint32_t btf_member_bitfield_size(const struct btf_type *t, uint32_t idx)
{
	const struct btf_member *m = btf_members(t) + idx;

	return btf_kflag(t) ? BTF_MEMBER_BITFIELD_SIZE(m->offset) : 0;
}

static inline const struct btf_param *btf_params(const struct btf_type *t)
{
	return (const struct btf_param *)(t + 1);
}

static inline const struct btf_var *btf_var(const struct btf_type *t)
{
	return (const struct btf_var *)(t + 1);
}

static inline const struct btf_var_secinfo *btf_var_secinfos(const struct btf_type *t)
{
	return (const struct btf_var_secinfo *)(t + 1);
}

static inline const struct btf_decl_tag *btf_decl_tag(const struct btf_type *t)
{
	return (const struct btf_decl_tag *)(t + 1);
}

static inline uint32_t btf_type_info(int kind, int vlen, int kflag)
{
	return ((uint32_t) !!kflag << 31) | ((uint32_t)kind << 24) | (vlen & BTF_MAX_VLEN);
}

#endif /* __HIVE_BTF_TYPES_H */
