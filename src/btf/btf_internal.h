/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * btf/btf_internal.h: the layout of struct hive_btf, shared by the files of src/btf/ only.
 *
 *   parsed (read-only) form:            modifiable form (after the first change):
 *     data -> [hdr|types|strings]         types -> own growable buffer
 *     types, strs point into data         strs  -> own growable buffer + dedup index
 *     type_offs[i] = offset of own type i in types (id = start_id + i)
 *
 * Types are 4-byte aligned and validated once at parse (record sizes, string offsets,
 * referenced ids), so every accessor can index without checking.
 */
#ifndef __HIVE_BTF_INTERNAL_H
#define __HIVE_BTF_INTERNAL_H

#include <stdarg.h>

#include "btf/btf.h"
#include "common/hashmap.h"

struct hive_btf {
	const struct hive_btf *base;
	uint32_t start_id; /* first own id */
	uint32_t start_str_off; /* first own string offset (base's str_len for split BTF) */

	uint8_t *types; /* own type records */
	uint32_t types_len;
	const char *strs; /* own string section */
	uint32_t strs_len;
	uint32_t *type_offs; /* offset of each own type in types[] */
	uint32_t nr_types; /* own types */
	size_t type_offs_cap;

	int ptr_sz;
	bool swapped;

	/* storage of the parsed form */
	void *owned; /* malloc'ed copy of the input (or swapped copy) */
	void *map; /* mmap of a raw file */
	size_t map_len;

	/* modifiable form */
	bool modifiable;
	size_t types_cap;
	char *strs_buf;
	size_t strs_cap;
	struct hive_hashmap str_index; /* string offset -> offset, hashed by content */
	int last_type_id; /* struct/enum/proto/datasec that members are added to */
	void *raw_cache;
	uint32_t raw_cache_sz;

	/* lazily built lookup indexes (reset on any change) */
	uint32_t *name_tab; /* open addressing: own type ids, 0 = empty slot */
	uint32_t name_tab_mask;
	uint32_t *tag_ids; /* DECL_TAG ids sorted by (target, component, id) */
	uint32_t nr_tags;
	bool tags_built;
};

/* Formats "type [id] KIND 'name': " + message into errbuf; returns -EINVAL. */
__attribute__((format(printf, 5, 6))) int btf_type_err(const struct hive_btf *btf, uint32_t id,
						       char *errbuf, size_t errbuf_sz,
						       const char *fmt, ...);
__attribute__((format(printf, 3, 4))) int btf_err(char *errbuf, size_t errbuf_sz, const char *fmt,
						  ...);

/* Size in bytes of the record of @t (12 + kind-specific tail), or -EINVAL for unknown kinds. */
int btf_type_size(const struct btf_type *t);
/* Drop lookup indexes after a change. */
void btf_invalidate_indexes(struct hive_btf *btf);
/* Own type by id without range checks (id >= start_id). */
static inline struct btf_type *btf_own_type(const struct hive_btf *btf, uint32_t id)
{
	return (struct btf_type *)(btf->types + btf->type_offs[id - btf->start_id]);
}

#endif /* __HIVE_BTF_INTERNAL_H */
