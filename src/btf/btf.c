// SPDX-License-Identifier: BSD-2-Clause
/*
 * btf/btf.c: parsing BTF and answering queries about it.
 *
 * Parsing checks the header (spec B.1), the string section (B.3) and every type record: its
 * size from kind and vlen, every name offset (types, members, enumerators, parameters) and
 * every referenced type id (B.4), so that the accessors and the dumps never read out of
 * bounds. The kernel's stricter rules (B.5) are in btf_validate.c and run on demand.
 *
 * Raw files are mmap'ed and not copied; big-endian BTF is copied and swapped word by word
 * (every field after the header is a 32-bit word). Lookups by name use an open-addressing
 * table of ids built on the first lookup, so parsing vmlinux for a dump costs one pass.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "btf/btf_internal.h"
#include "common/err.h"
#include "common/mem.h"
#include "elf/elf.h"

/* The kernel refuses BTF blobs above 16 MiB; vmlinux is ~6 MiB. We accept up to 256 MiB. */
#define BTF_MAX_SIZE (256u << 20)

static const struct btf_type btf_void;

static const char *const kind_names[NR_BTF_KINDS] = {
	[BTF_KIND_UNKN] = "UNKNOWN",	  [BTF_KIND_INT] = "INT",
	[BTF_KIND_PTR] = "PTR",		  [BTF_KIND_ARRAY] = "ARRAY",
	[BTF_KIND_STRUCT] = "STRUCT",	  [BTF_KIND_UNION] = "UNION",
	[BTF_KIND_ENUM] = "ENUM",	  [BTF_KIND_FWD] = "FWD",
	[BTF_KIND_TYPEDEF] = "TYPEDEF",	  [BTF_KIND_VOLATILE] = "VOLATILE",
	[BTF_KIND_CONST] = "CONST",	  [BTF_KIND_RESTRICT] = "RESTRICT",
	[BTF_KIND_FUNC] = "FUNC",	  [BTF_KIND_FUNC_PROTO] = "FUNC_PROTO",
	[BTF_KIND_VAR] = "VAR",		  [BTF_KIND_DATASEC] = "DATASEC",
	[BTF_KIND_FLOAT] = "FLOAT",	  [BTF_KIND_DECL_TAG] = "DECL_TAG",
	[BTF_KIND_TYPE_TAG] = "TYPE_TAG", [BTF_KIND_ENUM64] = "ENUM64",
};

const char *btf_kind_str(unsigned int kind)
{
	return kind < NR_BTF_KINDS ? kind_names[kind] : "UNKNOWN";
}

int btf_err(char *errbuf, size_t errbuf_sz, const char *fmt, ...)
{
	va_list ap;

	if (errbuf && errbuf_sz) {
		va_start(ap, fmt);
		vsnprintf(errbuf, errbuf_sz, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

int btf_type_err(const struct hive_btf *btf, uint32_t id, char *errbuf, size_t errbuf_sz,
		 const char *fmt, ...)
{
	const struct btf_type *t = btf_type_by_id(btf, id);
	const char *name = t ? btf_str_by_offset(btf, t->name_off) : NULL;
	va_list ap;
	int n;

	if (!errbuf || !errbuf_sz)
		return -EINVAL;
	n = snprintf(errbuf, errbuf_sz, "type [%u] %s '%s': ", id,
		     t ? btf_kind_str(btf_kind(t)) : "?", name ? name : "(invalid name)");
	if (n < 0 || (size_t)n >= errbuf_sz)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(errbuf + n, errbuf_sz - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

int btf_type_size(const struct btf_type *t)
{
	const int base = sizeof(struct btf_type);
	uint16_t vlen = btf_vlen(t);

	switch (btf_kind(t)) {
	case BTF_KIND_FWD:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_FUNC:
	case BTF_KIND_FLOAT:
	case BTF_KIND_TYPE_TAG:
		return base;
	case BTF_KIND_INT:
		return base + sizeof(uint32_t);
	case BTF_KIND_ENUM:
		return base + vlen * sizeof(struct btf_enum);
	case BTF_KIND_ENUM64:
		return base + vlen * sizeof(struct btf_enum64);
	case BTF_KIND_ARRAY:
		return base + sizeof(struct btf_array);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return base + vlen * sizeof(struct btf_member);
	case BTF_KIND_FUNC_PROTO:
		return base + vlen * sizeof(struct btf_param);
	case BTF_KIND_VAR:
		return base + sizeof(struct btf_var);
	case BTF_KIND_DATASEC:
		return base + vlen * sizeof(struct btf_var_secinfo);
	case BTF_KIND_DECL_TAG:
		return base + sizeof(struct btf_decl_tag);
	default:
		return -EINVAL;
	}
}

/* ---- access ---- */

uint32_t btf_type_cnt(const struct hive_btf *btf)
{
	return btf->start_id + btf->nr_types;
}

uint32_t btf_start_id(const struct hive_btf *btf)
{
	return btf->start_id;
}

const struct hive_btf *btf_base(const struct hive_btf *btf)
{
	return btf->base;
}

const struct btf_type *btf_type_by_id(const struct hive_btf *btf, uint32_t id)
{
	if (id == 0)
		return &btf_void;
	if (id < btf->start_id)
		return btf_type_by_id(btf->base, id);
	if (id - btf->start_id >= btf->nr_types)
		return NULL;
	return btf_own_type(btf, id);
}

const char *btf_str_by_offset(const struct hive_btf *btf, uint32_t off)
{
	if (off < btf->start_str_off)
		return btf_str_by_offset(btf->base, off);
	off -= btf->start_str_off;
	if (off >= btf->strs_len)
		return NULL;
	return btf->strs + off;
}

int btf_ptr_size(const struct hive_btf *btf)
{
	return btf->ptr_sz;
}

void btf_set_ptr_size(struct hive_btf *btf, int ptr_sz)
{
	btf->ptr_sz = ptr_sz;
}

bool btf_is_swapped(const struct hive_btf *btf)
{
	return btf->swapped;
}

uint32_t btf_strs_len(const struct hive_btf *btf)
{
	return btf->strs_len;
}

/* ---- parse ---- */

static int check_name(const struct hive_btf *btf, uint32_t id, uint32_t off, const char *what,
		      uint32_t idx, const struct btf_parse_opts *o)
{
	if (btf_str_by_offset(btf, off))
		return 0;
	if (what)
		return btf_type_err(btf, id, o->errbuf, o->errbuf_sz,
				    "%s %u: name offset %u is outside the string section", what,
				    idx, off);
	return btf_err(o->errbuf, o->errbuf_sz,
		       "type [%u] %s: name offset %u is outside the string section", id,
		       btf_kind_str(btf_kind(btf_type_by_id(btf, id))), off);
}

static int check_ref(const struct hive_btf *btf, uint32_t id, uint32_t ref, const char *what,
		     const struct btf_parse_opts *o)
{
	if (ref < btf_type_cnt(btf))
		return 0;
	return btf_type_err(btf, id, o->errbuf, o->errbuf_sz,
			    "%s type id %u is out of range (%u types)", what, ref,
			    btf_type_cnt(btf) - 1);
}

/* Name offsets and type ids inside the tail records of @t. */
static int check_tail(const struct hive_btf *btf, uint32_t id, const struct btf_type *t,
		      const struct btf_parse_opts *o)
{
	uint16_t vlen = btf_vlen(t);
	int err = 0;

	switch (btf_kind(t)) {
	case BTF_KIND_ARRAY:
		err = check_ref(btf, id, btf_array(t)->type, "element", o);
		return err ?: check_ref(btf, id, btf_array(t)->index_type, "index", o);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (uint32_t i = 0; i < vlen && !err; i++) {
			const struct btf_member *m = btf_members(t) + i;

			err = check_name(btf, id, m->name_off, "member", i, o);
			err = err ?: check_ref(btf, id, m->type, "member", o);
		}
		return err;
	case BTF_KIND_ENUM:
		for (uint32_t i = 0; i < vlen && !err; i++)
			err = check_name(btf, id, btf_enum(t)[i].name_off, "enumerator", i, o);
		return err;
	case BTF_KIND_ENUM64:
		for (uint32_t i = 0; i < vlen && !err; i++)
			err = check_name(btf, id, btf_enum64(t)[i].name_off, "enumerator", i, o);
		return err;
	case BTF_KIND_FUNC_PROTO:
		for (uint32_t i = 0; i < vlen && !err; i++) {
			err = check_name(btf, id, btf_params(t)[i].name_off, "parameter", i, o);
			err = err ?: check_ref(btf, id, btf_params(t)[i].type, "parameter", o);
		}
		return err;
	case BTF_KIND_DATASEC:
		for (uint32_t i = 0; i < vlen && !err; i++)
			err = check_ref(btf, id, btf_var_secinfos(t)[i].type, "variable", o);
		return err;
	default:
		return 0;
	}
}

static bool kind_has_ref(int kind)
{
	switch (kind) {
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_FUNC:
	case BTF_KIND_FUNC_PROTO:
	case BTF_KIND_VAR:
	case BTF_KIND_DECL_TAG:
	case BTF_KIND_TYPE_TAG:
		return true;
	default:
		return false;
	}
}

/* Structural checks of every own type (spec B.4). */
static int check_types(const struct hive_btf *btf, const struct btf_parse_opts *o)
{
	for (uint32_t id = btf->start_id; id < btf_type_cnt(btf); id++) {
		const struct btf_type *t = btf_own_type(btf, id);
		int err;

		err = check_name(btf, id, t->name_off, NULL, 0, o);
		if (!err && kind_has_ref(btf_kind(t)))
			err = check_ref(btf, id, t->type, "referenced", o);
		err = err ?: check_tail(btf, id, t, o);
		if (err)
			return err;
		if (btf_is_func(t) && !btf_is_func_proto(btf_type_by_id(btf, t->type)))
			return btf_type_err(btf, id, o->errbuf, o->errbuf_sz,
					    "type id %u is not a FUNC_PROTO", t->type);
		if (btf_is_decl_tag(t) && btf_decl_tag(t)->component_idx < -1)
			return btf_type_err(btf, id, o->errbuf, o->errbuf_sz,
					    "component_idx %d is below -1",
					    btf_decl_tag(t)->component_idx);
	}
	return 0;
}

/* Find where each type starts. */
static int index_types(struct hive_btf *btf, const struct btf_parse_opts *o)
{
	uint32_t off = 0, n = 0;

	while (off < btf->types_len) {
		const struct btf_type *t = (const void *)(btf->types + off);
		int sz;

		if (btf->types_len - off < sizeof(struct btf_type))
			return btf_err(o->errbuf, o->errbuf_sz,
				       "type [%u]: truncated record at type section offset %u",
				       btf->start_id + n, off);
		sz = btf_type_size(t);
		if (sz < 0)
			return btf_err(o->errbuf, o->errbuf_sz, "type [%u]: unknown kind %u",
				       btf->start_id + n, btf_kind(t));
		if ((uint32_t)sz > btf->types_len - off)
			return btf_err(
				o->errbuf, o->errbuf_sz,
				"type [%u] %s: record of %d bytes (vlen %u) runs past the end of the type section",
				btf->start_id + n, btf_kind_str(btf_kind(t)), sz, btf_vlen(t));
		if (btf->start_id + n >= BTF_MAX_TYPE)
			return btf_err(o->errbuf, o->errbuf_sz, "too many types (more than %u)",
				       BTF_MAX_TYPE);
		if (hive_ensure_mem((void **)&btf->type_offs, &btf->type_offs_cap, sizeof(uint32_t),
				    n + 1))
			return -ENOMEM;
		btf->type_offs[n++] = off;
		off += sz;
	}
	btf->nr_types = n;
	return 0;
}

static int check_header(struct hive_btf *btf, const uint8_t *data, size_t size,
			const struct btf_parse_opts *o)
{
	const struct btf_header *h = (const void *)data;
	uint64_t body = size - h->hdr_len;

	if (h->version != BTF_VERSION)
		return btf_err(o->errbuf, o->errbuf_sz, "unsupported BTF version %u", h->version);
	if (h->flags)
		return btf_err(o->errbuf, o->errbuf_sz, "unsupported BTF flags %#x", h->flags);
	if (h->hdr_len < sizeof(*h) || h->hdr_len > size)
		return btf_err(o->errbuf, o->errbuf_sz,
			       "BTF header length %u is invalid (file size %zu)", h->hdr_len, size);
	for (uint32_t i = sizeof(*h); i < h->hdr_len; i++)
		if (data[i])
			return btf_err(o->errbuf, o->errbuf_sz,
				       "BTF header has unsupported fields (hdr_len %u)",
				       h->hdr_len);
	if (h->type_off % 4)
		return btf_err(o->errbuf, o->errbuf_sz,
			       "type section offset %u is not 4-byte aligned", h->type_off);
	if ((uint64_t)h->type_off + h->type_len > h->str_off && h->type_len)
		return btf_err(
			o->errbuf, o->errbuf_sz,
			"type section (offset %u, length %u) overlaps the string section (offset %u)",
			h->type_off, h->type_len, h->str_off);
	if ((uint64_t)h->str_off + h->str_len > body || (uint64_t)h->type_off + h->type_len > body)
		return btf_err(
			o->errbuf, o->errbuf_sz,
			"sections (types %u+%u, strings %u+%u) run past the end of the data (%lu bytes after the header)",
			h->type_off, h->type_len, h->str_off, h->str_len, (unsigned long)body);
	btf->types = (uint8_t *)data + h->hdr_len + h->type_off;
	btf->types_len = h->type_len;
	btf->strs = (const char *)data + h->hdr_len + h->str_off;
	btf->strs_len = h->str_len;
	return 0;
}

static int check_strings(const struct hive_btf *btf, const struct btf_parse_opts *o)
{
	if (!btf->base && (!btf->strs_len || btf->strs[0]))
		return btf_err(
			o->errbuf, o->errbuf_sz,
			"string section must start with an empty string (split BTF without its base?)");
	if (btf->strs_len && btf->strs[btf->strs_len - 1])
		return btf_err(o->errbuf, o->errbuf_sz,
			       "string section does not end with a NUL byte");
	if (btf->strs_len && btf->strs_len - 1 > BTF_MAX_NAME_OFFSET)
		return btf_err(o->errbuf, o->errbuf_sz, "string section too large (%u bytes)",
			       btf->strs_len);
	return 0;
}

/* libbpf's guess: the size of an INT named like `long`. */
static int guess_ptr_size(const struct hive_btf *btf)
{
	static const char *const longs[] = { "long",
					     "long int",
					     "int long",
					     "unsigned long",
					     "long unsigned",
					     "unsigned long int",
					     "unsigned int long",
					     "long unsigned int",
					     "long int unsigned",
					     "int unsigned long",
					     "int long unsigned" };

	if (btf->base)
		return btf->base->ptr_sz;
	for (uint32_t id = 1; id < btf_type_cnt(btf); id++) {
		const struct btf_type *t = btf_own_type(btf, id);
		const char *name;

		if (!btf_is_int(t) || (t->size != 4 && t->size != 8))
			continue;
		name = btf_name(btf, t->name_off);
		for (size_t i = 0; i < ARRAY_SIZE(longs); i++)
			if (!strcmp(name, longs[i]))
				return t->size;
	}
	return 8;
}

static void swap_blob(uint8_t *data, size_t size)
{
	struct btf_header *h = (void *)data;
	uint32_t *w, hdr_len, len;
	uint64_t off;

	h->magic = __builtin_bswap16(h->magic);
	h->hdr_len = __builtin_bswap32(h->hdr_len);
	h->type_off = __builtin_bswap32(h->type_off);
	h->type_len = __builtin_bswap32(h->type_len);
	h->str_off = __builtin_bswap32(h->str_off);
	h->str_len = __builtin_bswap32(h->str_len);
	/*
	 * The type section is all 32-bit words; check_header() checks the bounds again later.
	 * Locals, not h->..., bound the loop: a hostile header may make the words overlap it.
	 */
	hdr_len = h->hdr_len;
	off = (uint64_t)hdr_len + h->type_off;
	len = h->type_len;
	if (hdr_len < sizeof(*h) || off + len > size || off % 4 || len % 4)
		return;
	w = (uint32_t *)(data + off);
	for (uint32_t i = 0; i < len / 4; i++)
		w[i] = __builtin_bswap32(w[i]);
}

static int parse_into(struct hive_btf *btf, const uint8_t *data, size_t size,
		      const struct btf_parse_opts *o)
{
	int err;

	btf->base = o->base;
	btf->start_id = o->base ? btf_type_cnt(o->base) : 1;
	btf->start_str_off = o->base ? o->base->start_str_off + o->base->strs_len : 0;
	err = check_header(btf, data, size, o);
	err = err ?: check_strings(btf, o);
	if (!err && ((uintptr_t)btf->types & 3))
		err = btf_err(o->errbuf, o->errbuf_sz,
			      "type section is not 4-byte aligned (header length %u)",
			      ((const struct btf_header *)data)->hdr_len);
	err = err ?: index_types(btf, o);
	err = err ?: check_types(btf, o);
	if (!err)
		btf->ptr_sz = guess_ptr_size(btf);
	return err;
}

static const struct btf_parse_opts no_opts;

struct hive_btf *btf_parse_raw(const void *data, size_t size, const struct btf_parse_opts *opts)
{
	const struct btf_parse_opts *o = opts ? opts : &no_opts;
	struct hive_btf *btf;
	uint16_t magic;
	bool swapped;
	int err;

	if (!data || size < sizeof(struct btf_header))
		return ERR_PTR(btf_err(o->errbuf, o->errbuf_sz,
				       "too small for a BTF header (%zu bytes)", size));
	if (size > BTF_MAX_SIZE)
		return ERR_PTR(btf_err(o->errbuf, o->errbuf_sz, "too large (%zu bytes)", size));
	memcpy(&magic, data, sizeof(magic)); /* the input may be unaligned */
	swapped = magic == __builtin_bswap16(BTF_MAGIC);
	if (magic != BTF_MAGIC && !swapped)
		return ERR_PTR(btf_err(o->errbuf, o->errbuf_sz,
				       "bad BTF magic %#06x (expected %#06x)", magic, BTF_MAGIC));
	btf = calloc(1, sizeof(*btf));
	if (!btf)
		return ERR_PTR(-ENOMEM);
	btf->swapped = swapped;
	if (swapped || !o->borrow || ((uintptr_t)data & 3)) {
		btf->owned = malloc(size);
		if (!btf->owned) {
			free(btf);
			return ERR_PTR(-ENOMEM);
		}
		memcpy(btf->owned, data, size);
		if (swapped)
			swap_blob(btf->owned, size);
		data = btf->owned;
	}
	err = parse_into(btf, data, size, o);
	if (err) {
		btf_free(btf);
		return ERR_PTR(err);
	}
	return btf;
}

static struct hive_btf *parse_read(int fd, const struct btf_parse_opts *o);

static struct hive_btf *parse_mapped(int fd, size_t size, const char *path,
				     const struct btf_parse_opts *o)
{
	struct btf_parse_opts mo = *o;
	struct hive_btf *btf;
	void *map;

	map = mmap(NULL, size, PROT_READ, MAP_PRIVATE, fd, 0);
	if (map == MAP_FAILED)
		return parse_read(fd, o); /* e.g. a sysfs file without mmap support */
	mo.borrow = true;
	btf = btf_parse_raw(map, size, &mo);
	if (IS_ERR(btf)) {
		munmap(map, size);
		return btf;
	}
	btf->map = map;
	btf->map_len = size;
	return btf;
}

/* sysfs BTF files report size 4096 or the real size depending on the kernel: read them. */
static struct hive_btf *parse_read(int fd, const struct btf_parse_opts *o)
{
	size_t cap = 1 << 20, len = 0;
	struct hive_btf *btf;
	char *buf = malloc(cap);

	for (;;) {
		ssize_t n;

		if (!buf)
			return ERR_PTR(-ENOMEM);
		n = read(fd, buf + len, cap - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			free(buf);
			return ERR_PTR(-errno);
		}
		if (n == 0)
			break;
		len += n;
		if (len == cap) {
			char *nb = cap >= BTF_MAX_SIZE ? NULL : realloc(buf, cap * 2);

			if (!nb) {
				free(buf);
				return ERR_PTR(-EFBIG);
			}
			buf = nb;
			cap *= 2;
		}
	}
	btf = btf_parse_raw(buf, len, o);
	free(buf);
	return btf;
}

/* Prefix the message in errbuf with "@what: " (file names, section names). */
static void prefix_err(const struct btf_parse_opts *o, const char *what)
{
	char tmp[512];

	if (!o->errbuf || !o->errbuf_sz)
		return;
	snprintf(tmp, sizeof(tmp), "%s: %s", what, o->errbuf);
	snprintf(o->errbuf, o->errbuf_sz, "%s", tmp);
}

struct hive_btf *btf_parse_file(const char *path, const struct btf_parse_opts *opts)
{
	const struct btf_parse_opts *o = opts ? opts : &no_opts;
	struct hive_btf *btf;
	unsigned char magic[4] = { 0 };
	struct stat st;
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		int err = -errno;

		btf_err(o->errbuf, o->errbuf_sz, "%s: %s", path, strerror(-err));
		return ERR_PTR(err);
	}
	n = pread(fd, magic, sizeof(magic), 0);
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		close(fd);
		return ERR_PTR(btf_err(o->errbuf, o->errbuf_sz, "%s: not a regular file", path));
	}
	if (n == 4 && !memcmp(magic, "\177ELF", 4)) {
		struct hive_elf *elf;

		close(fd);
		elf = elf_open_file(path, o->errbuf, o->errbuf_sz);
		if (IS_ERR(elf))
			return (void *)elf;
		btf = btf_parse_elf(elf, o);
		elf_close(elf);
		return btf;
	}
	if (st.st_size >= 4096 * 4 && (uint64_t)st.st_size <= BTF_MAX_SIZE)
		btf = parse_mapped(fd, st.st_size, path, o);
	else
		btf = parse_read(fd, o);
	close(fd);
	if (IS_ERR(btf))
		prefix_err(o, path);
	return btf;
}

struct hive_btf *btf_parse_elf(const struct hive_elf *elf, const struct btf_parse_opts *opts)
{
	const struct btf_parse_opts *o = opts ? opts : &no_opts;
	const struct hive_elf_sec *sec = elf_sec_by_class(elf, ELF_SEC_BTF);
	struct btf_parse_opts eo = *o;
	struct hive_btf *btf;

	if (!sec) {
		btf_err(o->errbuf, o->errbuf_sz, "%s: no .BTF section", elf_name(elf));
		return ERR_PTR(-ENOENT);
	}
	eo.borrow = false;
	btf = btf_parse_raw(sec->data, sec->size, &eo);
	if (IS_ERR(btf)) {
		prefix_err(o, ".BTF");
		prefix_err(o, elf_name(elf));
		return btf;
	}
	btf->ptr_sz = 8; /* BPF objects are 64-bit (spec B.4) */
	return btf;
}

struct hive_btf *btf_new_empty(const struct hive_btf *base)
{
	static const char empty[1];
	struct hive_btf *btf = calloc(1, sizeof(*btf));

	if (!btf)
		return ERR_PTR(-ENOMEM);
	btf->base = base;
	btf->start_id = base ? btf_type_cnt(base) : 1;
	btf->start_str_off = base ? base->start_str_off + base->strs_len : 0;
	btf->strs = base ? "" : empty;
	btf->strs_len = base ? 0 : 1;
	btf->ptr_sz = base ? base->ptr_sz : 8;
	return btf;
}

void btf_invalidate_indexes(struct hive_btf *btf)
{
	free(btf->name_tab);
	btf->name_tab = NULL;
	btf->name_tab_mask = 0;
	free(btf->tag_ids);
	btf->tag_ids = NULL;
	btf->nr_tags = 0;
	btf->tags_built = false;
	free(btf->raw_cache);
	btf->raw_cache = NULL;
}

void btf_free(struct hive_btf *btf)
{
	if (IS_ERR_OR_NULL(btf))
		return;
	btf_invalidate_indexes(btf);
	if (btf->modifiable) {
		free(btf->types);
		free(btf->strs_buf);
		hive_hashmap_clear(&btf->str_index);
	}
	free(btf->type_offs);
	free(btf->owned);
	if (btf->map)
		munmap(btf->map, btf->map_len);
	free(btf);
}
