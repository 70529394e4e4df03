// SPDX-License-Identifier: BSD-2-Clause
/*
 * btf/btf_ext.c: parsing .BTF.ext (spec B.7).
 *
 * The three subsections share one shape, so one walker handles them: a u32 record size, then
 * per ELF section {u32 sec_name_off, u32 num_info, num_info records}. Layout checks come first
 * (offsets, alignment, sizes, counts), then the meaning of each record is checked against the
 * BTF: strings exist, func_info points at FUNCs, CO-RE records have known kinds and 8-byte
 * aligned instruction offsets.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf_ext.h"
#include "btf/btf_internal.h"
#include "common/err.h"

struct btf_ext_header {
	uint16_t magic;
	uint8_t version;
	uint8_t flags;
	uint32_t hdr_len;
	uint32_t func_info_off;
	uint32_t func_info_len;
	uint32_t line_info_off;
	uint32_t line_info_len;
	uint32_t core_relo_off;
	uint32_t core_relo_len;
};

#define BTF_EXT_MIN_HDR offsetof(struct btf_ext_header, core_relo_off)

struct hive_btf_ext {
	void *data;
	size_t size;
	const struct hive_btf *btf;
	struct btf_ext_info info[BTF_EXT_NR];
	char *names; /* the sections' names, NUL-separated: sec_name points here */
	char *errbuf;
	size_t errbuf_sz;
};

static const char *const sub_names[BTF_EXT_NR] = { "func_info", "line_info", "core_relo" };
static const uint32_t min_rec[BTF_EXT_NR] = { sizeof(struct btf_ext_func_info),
					      sizeof(struct btf_ext_line_info),
					      sizeof(struct btf_ext_core_relo) };

__attribute__((format(printf, 2, 3))) static int seterr(struct hive_btf_ext *ext, const char *fmt,
							...)
{
	va_list ap;
	int n;

	if (!ext->errbuf || !ext->errbuf_sz)
		return -EINVAL;
	n = snprintf(ext->errbuf, ext->errbuf_sz, ".BTF.ext: ");
	va_start(ap, fmt);
	vsnprintf(ext->errbuf + n, ext->errbuf_sz - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* Walk one subsection twice: count sections (secs == NULL), then fill them. */
static int walk(struct hive_btf_ext *ext, int kind, const uint8_t *p, uint32_t len,
		struct btf_ext_info *info)
{
	uint32_t rec_size = *(const uint32_t *)p, off = 4, n = 0;

	for (; off < len; n++) {
		uint32_t name_off, cnt;
		const char *name;

		if (len - off < 8)
			return seterr(ext, "%s: truncated section header at offset %u",
				      sub_names[kind], off);
		name_off = *(const uint32_t *)(p + off);
		cnt = *(const uint32_t *)(p + off + 4);
		name = btf_str_by_offset(ext->btf, name_off);
		if (!name || !name[0])
			return seterr(ext, "%s: section name offset %u is not a name",
				      sub_names[kind], name_off);
		if (cnt == 0)
			return seterr(ext, "%s of section '%s': no records", sub_names[kind], name);
		off += 8;
		if ((uint64_t)cnt * rec_size > len - off)
			return seterr(ext,
				      "%s of section '%s': %u records of %u bytes run past the end",
				      sub_names[kind], name, cnt, rec_size);
		if (info->secs)
			info->secs[n] = (struct btf_ext_sec){ name, name_off, cnt, p + off };
		off += cnt * rec_size;
	}
	if (!info->secs)
		info->nr_secs = n;
	return 0;
}

static int parse_sub(struct hive_btf_ext *ext, int kind, uint32_t sub_off, uint32_t sub_len)
{
	const struct btf_ext_header *h = ext->data;
	struct btf_ext_info *info = &ext->info[kind];
	uint64_t body = ext->size - h->hdr_len;
	const uint8_t *p;
	int err;

	if (!sub_len)
		return 0;
	if (sub_off % 4 || (uint64_t)sub_off + sub_len > body)
		return seterr(
			ext,
			"%s (offset %u, length %u) is misaligned or outside the data (%lu bytes)",
			sub_names[kind], sub_off, sub_len, (unsigned long)body);
	if (sub_len < 4)
		return seterr(ext, "%s: too short for its record size", sub_names[kind]);
	p = (const uint8_t *)ext->data + h->hdr_len + sub_off;
	info->rec_size = *(const uint32_t *)p;
	if (info->rec_size < min_rec[kind] || info->rec_size % 4 || info->rec_size > 0xffff ||
	    (h->magic != BTF_MAGIC && info->rec_size != min_rec[kind]))
		return seterr(ext, "%s: invalid record size %u", sub_names[kind], info->rec_size);
	if (sub_len == 4)
		return seterr(ext, "%s: record size but no records", sub_names[kind]);
	err = walk(ext, kind, p, sub_len, info);
	if (err)
		return err;
	info->secs = calloc(info->nr_secs, sizeof(*info->secs));
	if (!info->secs)
		return -ENOMEM;
	return walk(ext, kind, p, sub_len, info);
}

static int check_rec(struct hive_btf_ext *ext, int kind, const struct btf_ext_sec *s, uint32_t i,
		     const void *rec)
{
	const struct hive_btf *btf = ext->btf;

	if (kind == BTF_EXT_FUNC_INFO) {
		const struct btf_ext_func_info *f = rec;
		const struct btf_type *t = btf_type_by_id(btf, f->type_id);

		if (!t || !btf_is_func(t))
			return seterr(
				ext,
				"func_info of section '%s', record %u: type id %u is not a FUNC",
				s->sec_name, i, f->type_id);
	} else if (kind == BTF_EXT_LINE_INFO) {
		const struct btf_ext_line_info *l = rec;

		if (!btf_str_by_offset(btf, l->file_name_off) ||
		    !btf_str_by_offset(btf, l->line_off))
			return seterr(
				ext,
				"line_info of section '%s', record %u: file name offset %u or line offset %u is not a string",
				s->sec_name, i, l->file_name_off, l->line_off);
	} else {
		const struct btf_ext_core_relo *c = rec;

		if (c->insn_off % 8 || c->kind > BTF_EXT_CORE_KIND_MAX ||
		    !btf_type_by_id(btf, c->type_id) || !btf_str_by_offset(btf, c->access_str_off))
			return seterr(
				ext,
				"core_relo of section '%s', record %u: invalid (insn_off %u, type id %u, access string offset %u, kind %u)",
				s->sec_name, i, c->insn_off, c->type_id, c->access_str_off,
				c->kind);
	}
	return 0;
}

static int check_recs(struct hive_btf_ext *ext)
{
	for (int k = 0; k < BTF_EXT_NR; k++) {
		const struct btf_ext_info *info = &ext->info[k];

		for (uint32_t s = 0; s < info->nr_secs; s++)
			for (uint32_t i = 0; i < info->secs[s].nr_recs; i++) {
				int err = check_rec(ext, k, &info->secs[s], i,
						    btf_ext_rec(info, &info->secs[s], i));

				if (err)
					return err;
			}
	}
	return 0;
}

/*
 * Give the sections names of their own. The BTF's strings move when the BTF is modified (the
 * loader adds types and strings during fix-ups), so pointers into them would dangle.
 */
static int own_names(struct hive_btf_ext *ext)
{
	size_t len = 0;
	char *p;

	for (int k = 0; k < BTF_EXT_NR; k++)
		for (uint32_t s = 0; s < ext->info[k].nr_secs; s++)
			len += strlen(ext->info[k].secs[s].sec_name) + 1;
	ext->names = p = malloc(len ? len : 1);
	if (!p)
		return -ENOMEM;
	for (int k = 0; k < BTF_EXT_NR; k++)
		for (uint32_t s = 0; s < ext->info[k].nr_secs; s++) {
			struct btf_ext_sec *sec = &ext->info[k].secs[s];
			size_t n = strlen(sec->sec_name) + 1;

			memcpy(p, sec->sec_name, n);
			sec->sec_name = p;
			p += n;
		}
	return 0;
}

static int parse_header(struct hive_btf_ext *ext)
{
	struct btf_ext_header *h = ext->data;
	bool swapped;

	if (ext->size < 8)
		return seterr(ext, "too small for a header (%zu bytes)", ext->size);
	swapped = h->magic == __builtin_bswap16(BTF_MAGIC);
	if (h->magic != BTF_MAGIC && !swapped)
		return seterr(ext, "bad magic %#06x", h->magic);
	if (swapped) {
		/* everything after magic/version/flags is 32-bit words */
		uint32_t *w = (uint32_t *)((uint8_t *)ext->data + 4);

		for (size_t i = 0; i < (ext->size - 4) / 4; i++)
			w[i] = __builtin_bswap32(w[i]);
	}
	if (h->version != BTF_VERSION)
		return seterr(ext, "unsupported version %u", h->version);
	if (h->flags)
		return seterr(ext, "unsupported flags %#x", h->flags);
	if (h->hdr_len < BTF_EXT_MIN_HDR || h->hdr_len > ext->size || h->hdr_len % 4)
		return seterr(ext, "invalid header length %u", h->hdr_len);
	if (ext->size == h->hdr_len)
		return seterr(ext, "BTF.ext has no data");
	return 0;
}

struct hive_btf_ext *btf_ext_parse(const void *data, size_t size, const struct hive_btf *btf,
				   char *errbuf, size_t errbuf_sz)
{
	struct hive_btf_ext *ext = calloc(1, sizeof(*ext));
	const struct btf_ext_header *h;
	int err;

	if (!ext)
		return ERR_PTR(-ENOMEM);
	ext->errbuf = errbuf;
	ext->errbuf_sz = errbuf_sz;
	ext->btf = btf;
	ext->size = size;
	ext->data = malloc(size ? size : 1);
	if (!ext->data || !data) {
		btf_ext_free(ext);
		return ERR_PTR(data ? -ENOMEM : -EINVAL);
	}
	memcpy(ext->data, data, size);
	err = parse_header(ext);
	h = ext->data;
	err = err ?: parse_sub(ext, BTF_EXT_FUNC_INFO, h->func_info_off, h->func_info_len);
	err = err ?: parse_sub(ext, BTF_EXT_LINE_INFO, h->line_info_off, h->line_info_len);
	if (!err && h->hdr_len >= sizeof(*h))
		err = parse_sub(ext, BTF_EXT_CORE_RELO, h->core_relo_off, h->core_relo_len);
	err = err ?: check_recs(ext);
	err = err ?: own_names(ext);
	ext->errbuf = NULL;
	if (err) {
		btf_ext_free(ext);
		return ERR_PTR(err);
	}
	return ext;
}

void btf_ext_free(struct hive_btf_ext *ext)
{
	if (IS_ERR_OR_NULL(ext))
		return;
	for (int k = 0; k < BTF_EXT_NR; k++)
		free(ext->info[k].secs);
	free(ext->names);
	free(ext->data);
	free(ext);
}

const struct btf_ext_info *btf_ext_info(const struct hive_btf_ext *ext, enum btf_ext_kind kind)
{
	return (unsigned int)kind < BTF_EXT_NR ? &ext->info[kind] : NULL;
}

const struct btf_ext_sec *btf_ext_find_sec(const struct hive_btf_ext *ext, enum btf_ext_kind kind,
					   const char *sec_name)
{
	const struct btf_ext_info *info = btf_ext_info(ext, kind);

	for (uint32_t i = 0; info && i < info->nr_secs; i++)
		if (!strcmp(info->secs[i].sec_name, sec_name))
			return &info->secs[i];
	return NULL;
}

const char *btf_ext_core_kind_str(uint32_t kind)
{
	static const char *const names[] = {
		"byte_off",	  "byte_sz",	   "field_exists",   "signed",	    "lshift_u64",
		"rshift_u64",	  "local_type_id", "target_type_id", "type_exists", "type_size",
		"enumval_exists", "enumval_value", "type_matches",
	};

	return kind < ARRAY_SIZE(names) ? names[kind] : "unknown";
}
