/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * btf/btf_fields.h: special-field records built from BTF, exactly as Linux 6.18 builds them
 * (spec graph-collections.md A.2-A.5): field discovery in a STRUCT or DATASEC, the struct metas
 * of a program BTF (what BPF_BTF_LOAD computes for bpf_obj_new types), and the map-value side
 * of BPF_MAP_CREATE (map_check_btf).
 *
 * Every rejection returns the errno the kernel returns for the same BTF. The kernel prints no
 * text for these; we do: one line naming the type, the member and the reason, written to the
 * caller's errbuf or, without one, to pr_warn().
 *
 * Who calls what:
 *   - the loader, after parsing the program BTF: btf_parse_struct_metas() (a failure fails the
 *     object as BPF_BTF_LOAD would), keeping the table for as long as any object, map or
 *     program of that BTF lives;
 *   - the loader, for every map with BTF before maps_create(): btf_map_check_btf(), then
 *     hive_map_attr.record = the record it returned;
 *   - the verifier and kfunc fixups: btf_struct_meta_find() (bpf_obj_new of type X needs X's
 *     meta and size).
 */
#ifndef __HIVE_BTF_BTF_FIELDS_H
#define __HIVE_BTF_BTF_FIELDS_H

#include <stddef.h>
#include <stdint.h>

#include "btf/btf.h"
#include "btf/btf_record.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The kernel's BTF_FIELDS_MAX: at most this many fields in one record (more: -E2BIG). */
#define BTF_FIELDS_MAX 11

/*
 * Context shared by the calls below; every member is optional (a NULL context is fine).
 * @kernel_btf: vmlinux BTF. A kptr pointee whose name and kind exist there is a kernel type
 *	(spec A.4 rule 16): a referenced `__kptr` to it needs a destructor registered in 6.18, else
 *	-ENOENT, as BPF_BTF_LOAD says on this kernel. Without it every pointee is program-local.
 * @errbuf: receives the one-line reason of a rejection (and of a map value whose fields the
 *	kernel ignores); without it that line goes to pr_warn().
 */
struct btf_fields_ctx {
	const struct hive_btf *kernel_btf;
	char *errbuf;
	size_t errbuf_sz;
};

/*
 * btf_parse_fields() - the record of STRUCT or DATASEC @type_id, searched for the kinds in
 * @field_mask (enum hive_field_kind bits), for a value of @value_size bytes (the kernel's
 * btf_parse_fields(): spec A.2, A.3 and the record-level rules of A.2 rule 9).
 *
 * Returns NULL when the type has no such field, the record (sorted by offset, owned by the
 * caller: btf_record_free()), or ERR_PTR(-errno): -EINVAL, -E2BIG, -ENOENT, -EEXIST, -EFAULT,
 * -ENOMEM. Graph roots get value_type/node_offset; their value_rec is set by A.5
 * (btf_record_check_and_fixup). Kptrs get their pointee {btf, id} and `local`.
 *
 * Deliberate difference: a unique kind (spin lock, timer, ...) found twice at different nesting
 * levels, or two bpf_refcount, make the kernel WARN and keep the last one; we reject them with
 * -E2BIG at that field, in the kernel's field order (the record caches one offset; spec A.1),
 * and the message says "the kernel keeps only one".
 */
struct hive_record *btf_parse_fields(const struct hive_btf *btf, uint32_t type_id,
				     uint32_t field_mask, uint32_t value_size,
				     const struct btf_fields_ctx *ctx);

/* The struct metas of one program BTF, sorted by type id. */
struct btf_struct_metas;

/*
 * btf_parse_struct_metas() - what BPF_BTF_LOAD computes (spec A.4 rules 14-15): one meta per
 * STRUCT with a direct member whose type is one of the program BTF's bpf_spin_lock,
 * bpf_list_head, bpf_list_node, bpf_rb_root, bpf_rb_node, bpf_refcount structs or a
 * kptr-tagged pointer, its record parsed with HIVE_FIELD_LOCAL_OBJ_MASK; then A.5 on each.
 * Returns the table (possibly empty) or ERR_PTR(-errno): the errno BPF_BTF_LOAD returns.
 * The table borrows @btf (and ctx->kernel_btf), which must outlive it.
 */
struct btf_struct_metas *btf_parse_struct_metas(const struct hive_btf *btf,
						const struct btf_fields_ctx *ctx);
/* btf_struct_metas_free() - accepts NULL and ERR_PTR. */
void btf_struct_metas_free(struct btf_struct_metas *tab);
/* Number of metas, and the @idx-th (in type id order). */
uint32_t btf_struct_metas_cnt(const struct btf_struct_metas *tab);
const struct hive_struct_meta *btf_struct_meta_at(const struct btf_struct_metas *tab, uint32_t idx);
/*
 * btf_struct_meta_find() - the meta of type @type_id (the kernel's btf_find_struct_meta), or
 * NULL when the type has none (a plain object: bpf_obj_new passes a NULL meta). Valid until the
 * table is freed.
 */
const struct hive_struct_meta *btf_struct_meta_find(const struct btf_struct_metas *tab,
						    uint32_t type_id);
/* hive_find_meta_fn over a table passed as @ctx (for btf_record_check_and_fixup). */
const struct hive_struct_meta *btf_struct_metas_lookup(struct hive_type_id type, void *ctx);

/* What BPF_MAP_CREATE gets that matters for the BTF checks. */
struct btf_map_def {
	uint32_t map_type; /* enum bpf_map_type numbering */
	uint32_t map_flags;
	uint32_t key_size;
	uint32_t value_size;
	uint32_t max_entries;
	uint32_t key_type_id; /* 0: no key type (libbpf's .data/.bss/.rodata arrays) */
	uint32_t value_type_id;
};

/*
 * btf_map_check_btf() - the BTF part of BPF_MAP_CREATE (the kernel's map_check_btf, spec A.4
 * rule 13): key and value types must resolve to the map's key and value sizes (-EINVAL); the
 * value's record is parsed with HIVE_FIELD_MAP_VALUE_MASK; if it has fields, BPF_F_RDONLY_PROG
 * or BPF_F_WRONLY_PROG give -EACCES and a kind the map type cannot hold -EOPNOTSUPP; then the
 * uptr checks and A.5 against @metas (the program BTF's table); then the array maps' key rule.
 *
 * On success returns 0 and *@rec = the value's record (NULL: no special field; owned by the
 * caller, pass it as hive_map_attr.record). Like the kernel, a value whose fields cannot be
 * parsed does not fail map creation: its special fields are plain memory (*@rec = NULL), the
 * reason is reported as a warning and the parse errno is stored in *@fields_err (0 otherwise;
 * @fields_err may be NULL). The CAP_BPF check (-EPERM) has no user-space meaning and is not
 * made.
 */
int btf_map_check_btf(const struct hive_btf *btf, const struct btf_struct_metas *metas,
		      const struct btf_map_def *def, const struct btf_fields_ctx *ctx,
		      struct hive_record **rec, int *fields_err);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_BTF_BTF_FIELDS_H */
