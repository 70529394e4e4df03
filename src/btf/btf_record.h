/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * btf/btf_record.h: special-field records (the kernel's struct btf_record) and struct metas.
 *
 * A record lists the fields of a map value or of a program-local object type that the runtime
 * and the verifier treat specially: locks, timers, kptrs, graph roots and nodes, refcounts.
 * It is sorted by offset and caches the offsets of the unique kinds. Who uses it:
 *   - the verifier, to forbid direct access to those bytes and to check kfunc arguments;
 *   - kfunc/, to initialise fields of new objects and free them (drain lists and trees, release
 *     kptrs) when an object is dropped or a map value is overwritten or deleted;
 *   - maps/, to copy values around special fields and to show them as zero to user space.
 *
 * Type identity is (btf, id) where btf is opaque here: the BTF parser fills it in, the verifier
 * compares it, nothing in this file dereferences it. Records are built either by the BTF
 * parser (spec A.2-A.5, follow-up work) or by hand in tests:
 *
 *	rec = btf_record_new(4);
 *	btf_record_add(rec, &(struct hive_field){ .offset = 0, .kind = HIVE_FIELD_SPIN_LOCK });
 *	...
 *	err = btf_record_finalize(rec, value_size);	// sort, cache offsets, reject bad layouts
 *
 * Lifetimes: graph_root.value_rec and kptr.rec are borrowed from the struct metas of the
 * contained/pointee types; whoever owns those metas (the program BTF) must outlive every record
 * pointing into them and every object or map value still holding such fields.
 */
#ifndef __HIVE_BTF_BTF_RECORD_H
#define __HIVE_BTF_BTF_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Field kinds, one bit each in the kernel's order (enum btf_field_type), so masks compose. */
enum hive_field_kind {
	HIVE_FIELD_SPIN_LOCK = 1U << 0,
	HIVE_FIELD_TIMER = 1U << 1,
	HIVE_FIELD_KPTR_UNREF = 1U << 2,
	HIVE_FIELD_KPTR_REF = 1U << 3,
	HIVE_FIELD_KPTR_PERCPU = 1U << 4,
	HIVE_FIELD_LIST_HEAD = 1U << 5,
	HIVE_FIELD_LIST_NODE = 1U << 6,
	HIVE_FIELD_RB_ROOT = 1U << 7,
	HIVE_FIELD_RB_NODE = 1U << 8,
	HIVE_FIELD_REFCOUNT = 1U << 9,
	HIVE_FIELD_WQ = 1U << 10,
	HIVE_FIELD_UPTR = 1U << 11,
	HIVE_FIELD_RES_SPIN_LOCK = 1U << 12,
	HIVE_FIELD_TASK_WORK = 1U << 13,
};

#define HIVE_FIELD_KPTR (HIVE_FIELD_KPTR_UNREF | HIVE_FIELD_KPTR_REF | HIVE_FIELD_KPTR_PERCPU)
#define HIVE_FIELD_GRAPH_ROOT (HIVE_FIELD_LIST_HEAD | HIVE_FIELD_RB_ROOT)
#define HIVE_FIELD_GRAPH_NODE (HIVE_FIELD_LIST_NODE | HIVE_FIELD_RB_NODE)
/* Kinds that may appear at most once per struct level (spec A.2 rule 5). */
#define HIVE_FIELD_UNIQUE                                                                     \
	(HIVE_FIELD_SPIN_LOCK | HIVE_FIELD_RES_SPIN_LOCK | HIVE_FIELD_TIMER | HIVE_FIELD_WQ | \
	 HIVE_FIELD_TASK_WORK)
/* Masks of spec A.4: what a map value / a local object type is searched for. */
#define HIVE_FIELD_MAP_VALUE_MASK                                                               \
	(HIVE_FIELD_SPIN_LOCK | HIVE_FIELD_RES_SPIN_LOCK | HIVE_FIELD_TIMER | HIVE_FIELD_KPTR | \
	 HIVE_FIELD_UPTR | HIVE_FIELD_LIST_HEAD | HIVE_FIELD_RB_ROOT | HIVE_FIELD_REFCOUNT |    \
	 HIVE_FIELD_WQ | HIVE_FIELD_TASK_WORK)
#define HIVE_FIELD_LOCAL_OBJ_MASK                                                               \
	(HIVE_FIELD_SPIN_LOCK | HIVE_FIELD_RES_SPIN_LOCK | HIVE_FIELD_LIST_HEAD |               \
	 HIVE_FIELD_LIST_NODE | HIVE_FIELD_RB_ROOT | HIVE_FIELD_RB_NODE | HIVE_FIELD_REFCOUNT | \
	 HIVE_FIELD_KPTR)

/* Identity of a BTF type: the BTF object (opaque here) and the type id inside it. */
struct hive_type_id {
	const void *btf;
	uint32_t id;
};

static inline bool hive_type_id_eq(struct hive_type_id a, struct hive_type_id b)
{
	return a.btf == b.btf && a.id == b.id;
}

struct hive_record;

/* Releases a kernel-type kptr (the kernel's kptr dtor); NULL for program-local types. */
typedef void (*hive_kptr_dtor_fn)(void *ptr);

struct hive_field_kptr {
	struct hive_type_id type; /* the pointee struct */
	bool local; /* program-BTF type, allocated by bpf_obj_new */
	const struct hive_record *rec; /* local pointee's record (NULL: no special fields) */
	hive_kptr_dtor_fn dtor; /* kernel pointee: how to release it (may be NULL) */
};

struct hive_field_graph_root {
	struct hive_type_id value_type; /* the struct named by __contains */
	uint32_t node_offset; /* its bpf_list_node/bpf_rb_node member */
	const struct hive_record *value_rec; /* that struct's record, set by A.5 fix-up */
};

struct hive_field {
	uint32_t offset;
	uint32_t size; /* btf_field_size(kind); filled by btf_record_add() when 0 */
	enum hive_field_kind kind;
	union {
		struct hive_field_kptr kptr; /* KPTR_* and UPTR */
		struct hive_field_graph_root graph_root; /* LIST_HEAD, RB_ROOT */
	};
};

struct hive_record {
	uint32_t cnt;
	uint32_t cap;
	uint32_t field_mask; /* OR of the kinds present */
	/* cached offsets of the unique kinds, negative when absent */
	int32_t spin_lock_off;
	int32_t res_spin_lock_off;
	int32_t timer_off;
	int32_t wq_off;
	int32_t refcount_off;
	int32_t task_work_off;
	struct hive_field fields[]; /* sorted by offset once finalized */
};

/*
 * The kernel's btf_struct_meta: what the verifier's fixup passes to bpf_obj_new_impl & co as
 * the hidden `meta` argument (spec B.0 rule 25). One per program-local struct type that has a
 * direct special member (spec A.4 rule 14).
 */
struct hive_struct_meta {
	struct hive_type_id type;
	uint32_t size; /* sizeof the struct */
	struct hive_record *record; /* owned by the meta */
};

/* Kernel sizes and alignments of the special structs (spec A.1); 0 for unknown kinds. */
uint32_t btf_field_size(enum hive_field_kind kind);
uint32_t btf_field_align(enum hive_field_kind kind);
/* The names the kernel prints in messages (btf_field_type_name()): "bpf_spin_lock", "kptr"... */
const char *btf_field_type_name(enum hive_field_kind kind);

/* btf_record_new() - empty record with room for @cap fields, or NULL. */
struct hive_record *btf_record_new(uint32_t cap);
/*
 * btf_record_add() - append a copy of @field (offset/kind and kind-specific info; size is
 * filled in from the kind when 0). Returns 0, -E2BIG when the record is full, -EINVAL for an
 * unknown kind or a kind not valid in a record (exactly one bit must be set).
 */
int btf_record_add(struct hive_record *rec, const struct hive_field *field);
/*
 * btf_record_finalize() - validate and index a record whose fields were added in member order,
 * as the kernel's btf_parse_fields() does (spec A.2 rules 8-9). Errors, checked in this order:
 * a field ending past @value_size: -EFAULT; a field starting before the previous one (in
 * insertion order) ends: -EEXIST; a unique kind twice: -E2BIG; both spin lock kinds: -EINVAL;
 * a list head or rb root without any spin lock: -EINVAL; a list node and an rb node without a
 * refcount: -EINVAL. On success the fields are sorted by offset and the caches are set.
 */
int btf_record_finalize(struct hive_record *rec, uint32_t value_size);
/* btf_record_free() - accepts NULL and ERR_PTR. Borrowed value_rec/kptr.rec are not freed. */
void btf_record_free(struct hive_record *rec);
/* btf_record_dup() - a copy (same borrowed pointers), or NULL. Accepts NULL (returns NULL). */
struct hive_record *btf_record_dup(const struct hive_record *rec);

static inline bool btf_record_has_field(const struct hive_record *rec, uint32_t kind_mask)
{
	return rec && (rec->field_mask & kind_mask);
}

/* btf_record_find() - the field of a kind in @kind_mask that starts exactly at @offset. */
const struct hive_field *btf_record_find(const struct hive_record *rec, uint32_t offset,
					 uint32_t kind_mask);
/*
 * btf_record_find_overlap() - the first field overlapping [@offset, @offset + @size), or NULL.
 * The verifier uses this for "direct access to %s is disallowed".
 */
const struct hive_field *btf_record_find_overlap(const struct hive_record *rec, uint32_t offset,
						 uint32_t size);

/* Looks up the struct meta of a type, or NULL if the type has none. */
typedef const struct hive_struct_meta *(*hive_find_meta_fn)(struct hive_type_id type, void *ctx);

/*
 * btf_record_check_and_fixup() - spec A.5 (the kernel's btf_check_and_fixup_fields): set every
 * graph root's value_rec from the contained type's meta (-EFAULT when it has none), and reject
 * ownership cycles: a record with both a root and a node whose root contains a type that itself
 * has a root gives -ELOOP. Local kptr pointees get their rec filled in the same way when unset.
 */
int btf_record_check_and_fixup(struct hive_record *rec, hive_find_meta_fn find_meta, void *ctx);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_BTF_BTF_RECORD_H */
