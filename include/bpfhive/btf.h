/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bpfhive/btf.h: BTF (BPF Type Format) in libbpf's shape: parse raw BTF or an object's .BTF,
 * split BTF on a base (kernel modules), look types up, resolve sizes.
 *
 * Type records are the kernel's (struct btf_type and friends from <linux/btf.h>). Errors follow
 * bpfhive/common.h: pointers are NULL with errno set, ints are -errno; the reason for a parse
 * failure (file, section, type id) goes to the print callback of hive_set_print().
 */
#ifndef __HIVE_PUBLIC_BTF_H
#define __HIVE_PUBLIC_BTF_H

#include "bpfhive/common.h"

#ifndef __HIVE_BTF_TYPES_H /* bpfhive's own sources bring the same layouts */
#include <linux/btf.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

struct hive_btf;

/**
 * hive_btf__parse() - BTF from a file: raw BTF (/sys/kernel/btf/vmlinux) or an ELF object's
 * .BTF section. Free with hive_btf__free().
 */
HIVE_API struct hive_btf *hive_btf__parse(const char *path);
/** hive_btf__parse_split() - split BTF from @path on top of @base (which must outlive it). */
HIVE_API struct hive_btf *hive_btf__parse_split(const char *path, const struct hive_btf *base);
/** hive_btf__new() - BTF from raw bytes (copied). */
HIVE_API struct hive_btf *hive_btf__new(const void *data, size_t size);
/** hive_btf__new_split() - split BTF from raw bytes (copied) on top of @base. */
HIVE_API struct hive_btf *hive_btf__new_split(const void *data, size_t size,
					      const struct hive_btf *base);
/** hive_btf__load_vmlinux_btf() - the running kernel's BTF (spec B.9 search order). */
HIVE_API struct hive_btf *hive_btf__load_vmlinux_btf(void);
/** hive_btf__free() - accepts NULL. */
HIVE_API void hive_btf__free(struct hive_btf *btf);

/** hive_btf__type_cnt() - number of type ids including void (0) and the base's types. */
HIVE_API uint32_t hive_btf__type_cnt(const struct hive_btf *btf);
/** hive_btf__base_btf() - the base of a split BTF, or NULL. */
HIVE_API const struct hive_btf *hive_btf__base_btf(const struct hive_btf *btf);
/**
 * hive_btf__type_by_id() - the record of type @id; NULL (errno EINVAL) if out of range.
 * Valid until @btf is freed.
 */
HIVE_API const struct btf_type *hive_btf__type_by_id(const struct hive_btf *btf, uint32_t id);
/** hive_btf__name_by_offset() - string at @offset, or NULL (errno EINVAL). */
HIVE_API const char *hive_btf__name_by_offset(const struct hive_btf *btf, uint32_t offset);
/** hive_btf__str_by_offset() - same as hive_btf__name_by_offset(). */
HIVE_API const char *hive_btf__str_by_offset(const struct hive_btf *btf, uint32_t offset);
/** hive_btf__find_by_name() - lowest type id named @name, or -ENOENT. */
HIVE_API int32_t hive_btf__find_by_name(const struct hive_btf *btf, const char *name);
/** hive_btf__find_by_name_kind() - lowest type id named @name of BTF_KIND_* @kind, or -ENOENT. */
HIVE_API int32_t hive_btf__find_by_name_kind(const struct hive_btf *btf, const char *name,
					     uint32_t kind);
/** hive_btf__resolve_size() - size in bytes through typedefs/modifiers/arrays, or -errno. */
HIVE_API int64_t hive_btf__resolve_size(const struct hive_btf *btf, uint32_t id);
/** hive_btf__resolve_type() - id of the sized type behind @id, or -errno. */
HIVE_API int hive_btf__resolve_type(const struct hive_btf *btf, uint32_t id);
/** hive_btf__align_of() - alignment in bytes (1 for packed structs), or -errno. */
HIVE_API int hive_btf__align_of(const struct hive_btf *btf, uint32_t id);
/** hive_btf__pointer_size() - 8 or 4. */
HIVE_API size_t hive_btf__pointer_size(const struct hive_btf *btf);
/**
 * hive_btf__raw_data() - the BTF as uploadable bytes (header, types, strings); valid until
 * @btf is freed. NULL on allocation failure.
 */
HIVE_API const void *hive_btf__raw_data(const struct hive_btf *btf, uint32_t *size);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_PUBLIC_BTF_H */
