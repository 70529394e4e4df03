/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * btf/btf_ext.h: .BTF.ext (spec B.7): per ELF section, func_info (which BTF FUNC starts at an
 * instruction), line_info (file, source line text, line and column of an instruction) and CO-RE
 * relocation records. Parsing checks the layout and every string offset and type id against the
 * object's BTF, so consumers can use the records directly.
 *
 *   header (32 bytes) | func_info: rec_size, {sec_name_off, num_info, records...}...
 *                     | line_info: same shape | core_relo: same shape
 */
#ifndef __HIVE_BTF_EXT_H
#define __HIVE_BTF_EXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "btf/btf.h"

#ifdef __cplusplus
extern "C" {
#endif

struct hive_btf_ext;

/* Record layouts (the UAPI's struct bpf_func_info, bpf_line_info, bpf_core_relo). */
struct btf_ext_func_info {
	uint32_t insn_off; /* in the file: bytes from the section start */
	uint32_t type_id; /* a BTF FUNC */
};

struct btf_ext_line_info {
	uint32_t insn_off;
	uint32_t file_name_off;
	uint32_t line_off; /* the source line's text */
	uint32_t line_col; /* line << 10 | column */
};

#define BTF_EXT_LINE_NUM(line_col) ((line_col) >> 10)
#define BTF_EXT_LINE_COL(line_col) ((line_col)&0x3ff)

struct btf_ext_core_relo {
	uint32_t insn_off; /* bytes, multiple of 8 */
	uint32_t type_id; /* local root type */
	uint32_t access_str_off;
	uint32_t kind; /* BPF_CORE_FIELD_BYTE_OFFSET (0) .. BPF_CORE_TYPE_MATCHES (12) */
};

#define BTF_EXT_CORE_KIND_MAX 12

/* One ELF section's run of records. */
struct btf_ext_sec {
	const char *sec_name; /* the ext's own copy: stays valid when the BTF changes */
	uint32_t sec_name_off;
	uint32_t nr_recs;
	const void *recs; /* nr_recs records of rec_size bytes (rec_size may exceed the struct) */
};

struct btf_ext_info {
	uint32_t rec_size; /* 0 if the subsection is absent */
	struct btf_ext_sec *secs;
	uint32_t nr_secs;
};

enum btf_ext_kind {
	BTF_EXT_FUNC_INFO,
	BTF_EXT_LINE_INFO,
	BTF_EXT_CORE_RELO,
	BTF_EXT_NR,
};

/*
 * btf_ext_parse() - parse .BTF.ext bytes (copied; big-endian input is converted) against the
 * object's @btf (borrowed, must outlive the result). Errors name the subsection, section and
 * record: "line_info of section 'xdp', record 4: file name offset 9999 is not a string".
 * Records are checked against @btf as it is now; the result keeps its own section names, so
 * @btf may be modified afterwards (string offsets in records keep their meaning, as BTF only
 * grows).
 */
struct hive_btf_ext *btf_ext_parse(const void *data, size_t size, const struct hive_btf *btf,
				   char *errbuf, size_t errbuf_sz);
/* Accepts NULL and ERR_PTR. */
void btf_ext_free(struct hive_btf_ext *ext);

const struct btf_ext_info *btf_ext_info(const struct hive_btf_ext *ext, enum btf_ext_kind kind);
/* The run of @kind records for ELF section @sec_name, or NULL. */
const struct btf_ext_sec *btf_ext_find_sec(const struct hive_btf_ext *ext, enum btf_ext_kind kind,
					   const char *sec_name);

static inline const void *btf_ext_rec(const struct btf_ext_info *info,
				      const struct btf_ext_sec *sec, uint32_t idx)
{
	return (const uint8_t *)sec->recs + (size_t)idx * info->rec_size;
}

/* Names of CO-RE relocation kinds as libbpf logs them ("byte_off", ...); "unknown" else. */
const char *btf_ext_core_kind_str(uint32_t kind);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_BTF_EXT_H */
