/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * btf/btf.h: BTF for the rest of bpfhive: parse (raw bytes, raw file, ELF .BTF, split BTF on a
 * base), structural validation at parse time plus the kernel's stricter rules on demand, queries
 * (by id, by name and kind through a hash index, sizes and alignments, members, decl tags,
 * function prototypes) and a builder that can also modify a parsed BTF (the loader's DATASEC
 * fix-ups, spec B.8).
 *
 * Ids: 0 is void; a base BTF owns ids 1..type_cnt-1; a split BTF owns start_id..type_cnt-1 and
 * sees its base's types and strings below that (string offsets continue after the base's).
 *
 * Lifetimes: every pointer returned by a getter (types, strings) stays valid until the BTF is
 * freed or modified (any btf_add_*() / btf_type_mut() call may move the data).
 *
 * Errors: constructors return ERR_PTR(-errno), other functions 0/-errno. Where a message is
 * useful the caller passes an error buffer; messages name the type ("type [12] STRUCT 'foo':
 * member 3 ...") and never the file, which the caller adds.
 */
#ifndef __HIVE_BTF_BTF_H
#define __HIVE_BTF_BTF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "btf/btf_types.h"

#ifdef __cplusplus
extern "C" {
#endif

struct hive_btf;
struct hive_elf;

/* Deepest chain of modifiers/typedefs/arrays the resolvers follow (the kernel's limit). */
#define BTF_MAX_RESOLVE_DEPTH 32

struct btf_parse_opts {
	const struct hive_btf *base; /* parse as split BTF on top of this (borrowed, must outlive) */
	char *errbuf; /* optional: receives one line saying what is wrong */
	size_t errbuf_sz;
	bool borrow; /* btf_parse_raw(): keep a pointer to the caller's bytes */
};

/* ---- parse ---- */

/*
 * btf_parse_raw() - parse raw BTF bytes (header + types + strings). The bytes are copied unless
 * opts->borrow (then they must outlive the BTF and must be in native byte order). Big-endian
 * (byte-swapped) BTF is accepted and converted to native order in the copy.
 */
struct hive_btf *btf_parse_raw(const void *data, size_t size, const struct btf_parse_opts *opts);
/* btf_parse_file() - raw BTF file (mapped, not read) or an ELF object's .BTF section. */
struct hive_btf *btf_parse_file(const char *path, const struct btf_parse_opts *opts);

/*
 * btf_find_vmlinux() - the running kernel's BTF: /sys/kernel/btf/vmlinux, then the vmlinux
 * images libbpf also looks at for this kernel release. The first that parses wins; its path
 * goes to @path (@path_sz bytes) when @path is not NULL. -ESRCH if there is none.
 */
struct hive_btf *btf_find_vmlinux(char *path, size_t path_sz);
/* btf_parse_elf() - the .BTF section of an opened object (-ENOENT if it has none). */
struct hive_btf *btf_parse_elf(const struct hive_elf *elf, const struct btf_parse_opts *opts);
/* btf_new_empty() - an empty BTF to build into (on top of @base if not NULL). */
struct hive_btf *btf_new_empty(const struct hive_btf *base);
/* btf_free() - accepts NULL and ERR_PTR. */
void btf_free(struct hive_btf *btf);

/*
 * btf_validate_kernel() - check the rules the kernel applies at BPF_BTF_LOAD (spec B.5) beyond
 * the structural checks done at parse. Returns 0 or -EINVAL with the first problem in @errbuf.
 */
int btf_validate_kernel(const struct hive_btf *btf, char *errbuf, size_t errbuf_sz);

/* ---- access ---- */

/* Number of ids including void and the base's types: valid ids are 0..btf_type_cnt()-1. */
uint32_t btf_type_cnt(const struct hive_btf *btf);
/* First id this BTF owns (1 for base BTF). */
uint32_t btf_start_id(const struct hive_btf *btf);
const struct hive_btf *btf_base(const struct hive_btf *btf);
/* NULL when @id is out of range. Id 0 gives a zeroed "void" record (kind UNKN). */
const struct btf_type *btf_type_by_id(const struct hive_btf *btf, uint32_t id);
/* String at @off (base strings for a split BTF below its start offset); NULL if invalid. */
const char *btf_str_by_offset(const struct hive_btf *btf, uint32_t off);
/* Name of a type, member, ...: "" when anonymous, never NULL for validated BTF. */
static inline const char *btf_name(const struct hive_btf *btf, uint32_t name_off)
{
	const char *s = btf_str_by_offset(btf, name_off);

	return s ? s : "";
}
/* Pointer size: 8 unless the BTF says otherwise (a 4-byte `long`). */
int btf_ptr_size(const struct hive_btf *btf);
void btf_set_ptr_size(struct hive_btf *btf, int ptr_sz);
/* True if the input was big-endian BTF (the BTF in memory is in native order). */
bool btf_is_swapped(const struct hive_btf *btf);
/* Kind name as bpftool prints it ("STRUCT"; "UNKNOWN" for out-of-range kinds). */
const char *btf_kind_str(unsigned int kind);
/* String section length of this BTF (without the base's). */
uint32_t btf_strs_len(const struct hive_btf *btf);

/*
 * btf_raw_data() - the BTF as raw bytes in native order (header, types, strings), as they would
 * be uploaded with BPF_BTF_LOAD. For a modified BTF the bytes are rebuilt (cached until the next
 * change). Valid until the BTF is freed or modified.
 */
const void *btf_raw_data(struct hive_btf *btf, uint32_t *size);

/* ---- lookup ---- */

/*
 * btf_find_by_name_kind() - lowest id whose name is @name and kind is @kind (-1: any kind),
 * searching the base first; -ENOENT if none. A hash index is built on first use (O(1) lookups
 * on vmlinux's ~150k types).
 */
int btf_find_by_name_kind(const struct hive_btf *btf, const char *name, int kind);
/* Next matching id strictly after @after_id (0 to start), or -ENOENT: all types of a name. */
int btf_find_next_by_name_kind(const struct hive_btf *btf, uint32_t after_id, const char *name,
			       int kind);

/* ---- resolution (spec B.6) ---- */

/* Follow const/volatile/restrict/type tags; *res_id (if given) gets the id reached. */
const struct btf_type *btf_skip_mods(const struct hive_btf *btf, uint32_t id, uint32_t *res_id);
/* Follow modifiers and typedefs. */
const struct btf_type *btf_skip_mods_and_typedefs(const struct hive_btf *btf, uint32_t id,
						  uint32_t *res_id);
/* Size in bytes through modifiers, typedefs, vars, decl tags, arrays; <0 (-EINVAL, -E2BIG). */
int64_t btf_resolve_size(const struct hive_btf *btf, uint32_t id);
/* Id of the sized type reached from @id (following the same kinds), or -EINVAL. */
int btf_resolve_type(const struct hive_btf *btf, uint32_t id);
/* Natural alignment in bytes; 1 for a packed struct; 0 and -EINVAL-ish for unsized kinds. */
int btf_align_of(const struct hive_btf *btf, uint32_t id);

/* ---- members ---- */

struct btf_member_info {
	const char *name; /* "" when anonymous */
	uint32_t type;
	uint32_t bit_off; /* from the start of the struct */
	uint32_t bitfield_size; /* 0: not a bitfield */
};

/* Member @idx of STRUCT/UNION @t; -EINVAL if @t is not composite or idx is out of range. */
int btf_member(const struct hive_btf *btf, const struct btf_type *t, uint32_t idx,
	       struct btf_member_info *out);
/*
 * btf_find_member() - member named @name of composite @type_id (modifiers/typedefs skipped),
 * looking inside anonymous struct/union members too; *out->bit_off is then relative to the
 * outer struct. Returns the member index at the top level (or in the path's first anonymous
 * member), or -ENOENT.
 */
int btf_find_member(const struct hive_btf *btf, uint32_t type_id, const char *name,
		    struct btf_member_info *out);

/* ---- decl tags ---- */

/*
 * btf_next_decl_tag() - next DECL_TAG id (after @prev_tag_id, 0 to start) attached to
 * (@target_id, @component_idx); component -1 is the declaration itself, otherwise a member or
 * argument index. Returns the tag id or -ENOENT. Uses an index built on first use.
 */
int btf_next_decl_tag(const struct hive_btf *btf, uint32_t target_id, int component_idx,
		      uint32_t prev_tag_id);
/*
 * btf_find_decl_tag_value() - the first tag on (@target_id, @component_idx) whose string starts
 * with @prefix; returns the rest of the string ("contains:" on a bpf_rb_root member gives
 * "node_data:node"), or NULL.
 */
const char *btf_find_decl_tag_value(const struct hive_btf *btf, uint32_t target_id,
				    int component_idx, const char *prefix);

/* ---- data sections ---- */

/*
 * btf_find_datasec_of() - the DATASEC listing VAR or FUNC @id (externs: `.ksyms`/`.kconfig`),
 * and in *@idx (if given) the entry's index; -ENOENT if no DATASEC lists it.
 */
int btf_find_datasec_of(const struct hive_btf *btf, uint32_t id, uint32_t *idx);

/* ---- functions ---- */

/* FUNC_PROTO of FUNC @func_id (or @func_id itself if it is a FUNC_PROTO), or NULL. */
const struct btf_type *btf_func_proto(const struct hive_btf *btf, uint32_t func_id);
/* Linkage of a FUNC (BTF_FUNC_STATIC/GLOBAL/EXTERN) or VAR (BTF_VAR_*); -EINVAL otherwise. */
int btf_linkage(const struct btf_type *t);

/* ---- builder ---- */

/* Each returns the new type's id or -errno. Names are copied into the string section. */
int btf_add_str(struct hive_btf *btf, const char *s); /* offset of (a dedup'ed copy of) s */
int btf_find_str(struct hive_btf *btf, const char *s); /* offset or -ENOENT */
int btf_add_int(struct hive_btf *btf, const char *name, uint32_t byte_sz, int encoding);
int btf_add_float(struct hive_btf *btf, const char *name, uint32_t byte_sz);
int btf_add_ptr(struct hive_btf *btf, uint32_t ref_type_id);
int btf_add_array(struct hive_btf *btf, uint32_t index_type_id, uint32_t elem_type_id,
		  uint32_t nr_elems);
int btf_add_struct(struct hive_btf *btf, const char *name, uint32_t byte_sz);
int btf_add_union(struct hive_btf *btf, const char *name, uint32_t byte_sz);
/* Adds a member to the last added struct/union; bitfield_size > 0 sets kflag on it. */
int btf_add_field(struct hive_btf *btf, const char *name, uint32_t type_id, uint32_t bit_off,
		  uint32_t bitfield_size);
int btf_add_enum(struct hive_btf *btf, const char *name, uint32_t byte_sz, bool is_signed);
int btf_add_enum_value(struct hive_btf *btf, const char *name, int64_t value);
int btf_add_enum64(struct hive_btf *btf, const char *name, uint32_t byte_sz, bool is_signed);
int btf_add_enum64_value(struct hive_btf *btf, const char *name, uint64_t value);
int btf_add_fwd(struct hive_btf *btf, const char *name, bool is_union);
int btf_add_typedef(struct hive_btf *btf, const char *name, uint32_t ref_type_id);
int btf_add_volatile(struct hive_btf *btf, uint32_t ref_type_id);
int btf_add_const(struct hive_btf *btf, uint32_t ref_type_id);
int btf_add_restrict(struct hive_btf *btf, uint32_t ref_type_id);
int btf_add_type_tag(struct hive_btf *btf, const char *value, uint32_t ref_type_id);
int btf_add_func(struct hive_btf *btf, const char *name, int linkage, uint32_t proto_type_id);
int btf_add_func_proto(struct hive_btf *btf, uint32_t ret_type_id);
/* Adds a parameter to the last added FUNC_PROTO ({0, 0} at the end means varargs). */
int btf_add_func_param(struct hive_btf *btf, const char *name, uint32_t type_id);
int btf_add_var(struct hive_btf *btf, const char *name, int linkage, uint32_t type_id);
int btf_add_datasec(struct hive_btf *btf, const char *name, uint32_t byte_sz);
/* Adds an entry to the last added DATASEC. */
int btf_add_datasec_var_info(struct hive_btf *btf, uint32_t var_type_id, uint32_t offset,
			     uint32_t byte_sz);
int btf_add_decl_tag(struct hive_btf *btf, const char *value, uint32_t ref_type_id,
		     int component_idx);
/* Append a copy of type @src_id of @src (ids are copied as they are; strings are re-added). */
int btf_add_type_copy(struct hive_btf *btf, const struct hive_btf *src, uint32_t src_id);

/* ---- in-place changes (the loader's fix-ups, spec B.8) ---- */

/*
 * btf_type_mut() - writable record of type @id (owned by this BTF, not the base). Converts a
 * parsed BTF to its modifiable form on first use; every earlier pointer becomes invalid.
 */
struct btf_type *btf_type_mut(struct hive_btf *btf, uint32_t id);
int btf_set_name(struct hive_btf *btf, uint32_t id, const char *name);
int btf_datasec_set_size(struct hive_btf *btf, uint32_t datasec_id, uint32_t size);
int btf_datasec_set_var(struct hive_btf *btf, uint32_t datasec_id, uint32_t idx, uint32_t var_id,
			uint32_t offset, uint32_t size);
int btf_var_set_linkage(struct hive_btf *btf, uint32_t var_id, int linkage);
int btf_func_set_linkage(struct hive_btf *btf, uint32_t func_id, int linkage);
/* Sort a DATASEC's entries by offset (stable). */
int btf_datasec_sort(struct hive_btf *btf, uint32_t datasec_id);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_BTF_BTF_H */
