// SPDX-License-Identifier: BSD-2-Clause
/*
 * btf/btf_record.c: building, validating and querying special-field records.
 *
 * The validation order of btf_record_finalize() is the kernel's btf_parse_fields(): bounds and
 * overlap are checked field by field in discovery (member) order, before sorting, so a layout
 * the kernel rejects with -EEXIST is rejected here with -EEXIST too; then the record-level rules
 * (lock kinds, root without lock, two node kinds without refcount). The errnos are the ones
 * BPF_BTF_LOAD / BPF_MAP_CREATE return; no log text is produced (the kernel prints none).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf_record.h"
#include "common/err.h"

struct field_kind_info {
	enum hive_field_kind kind;
	uint32_t size;
	uint32_t align;
	const char *name;
};

/* Sizes from the 6.18 vmlinux BTF (bpf_res_spin_lock is the kernel's 4-byte rqspinlock). */
static const struct field_kind_info kind_info[] = {
	{ HIVE_FIELD_SPIN_LOCK, 4, 4, "bpf_spin_lock" },
	{ HIVE_FIELD_TIMER, 16, 8, "bpf_timer" },
	{ HIVE_FIELD_KPTR_UNREF, 8, 8, "kptr" },
	{ HIVE_FIELD_KPTR_REF, 8, 8, "kptr" },
	{ HIVE_FIELD_KPTR_PERCPU, 8, 8, "percpu_kptr" },
	{ HIVE_FIELD_LIST_HEAD, 16, 8, "bpf_list_head" },
	{ HIVE_FIELD_LIST_NODE, 24, 8, "bpf_list_node" },
	{ HIVE_FIELD_RB_ROOT, 16, 8, "bpf_rb_root" },
	{ HIVE_FIELD_RB_NODE, 32, 8, "bpf_rb_node" },
	{ HIVE_FIELD_REFCOUNT, 4, 4, "bpf_refcount" },
	{ HIVE_FIELD_WQ, 16, 8, "bpf_wq" },
	{ HIVE_FIELD_UPTR, 8, 8, "uptr" },
	{ HIVE_FIELD_RES_SPIN_LOCK, 4, 4, "bpf_res_spin_lock" },
	{ HIVE_FIELD_TASK_WORK, 8, 8, "bpf_task_work" },
};

static const struct field_kind_info *info_of(enum hive_field_kind kind)
{
	for (size_t i = 0; i < ARRAY_SIZE(kind_info); i++)
		if (kind_info[i].kind == kind)
			return &kind_info[i];
	return NULL;
}

uint32_t btf_field_size(enum hive_field_kind kind)
{
	const struct field_kind_info *info = info_of(kind);

	return info ? info->size : 0;
}

uint32_t btf_field_align(enum hive_field_kind kind)
{
	const struct field_kind_info *info = info_of(kind);

	return info ? info->align : 0;
}

const char *btf_field_type_name(enum hive_field_kind kind)
{
	const struct field_kind_info *info = info_of(kind);

	return info ? info->name : "unknown";
}

struct hive_record *btf_record_new(uint32_t cap)
{
	struct hive_record *rec;

	rec = calloc(1, sizeof(*rec) + (size_t)cap * sizeof(rec->fields[0]));
	if (!rec)
		return NULL;
	rec->cap = cap;
	rec->spin_lock_off = -EINVAL;
	rec->res_spin_lock_off = -EINVAL;
	rec->timer_off = -EINVAL;
	rec->wq_off = -EINVAL;
	rec->refcount_off = -EINVAL;
	rec->task_work_off = -EINVAL;
	return rec;
}

int btf_record_add(struct hive_record *rec, const struct hive_field *field)
{
	const struct field_kind_info *info = info_of(field->kind);
	struct hive_field *f;

	if (!info)
		return -EINVAL;
	if (rec->cnt >= rec->cap)
		return -E2BIG;
	f = &rec->fields[rec->cnt++];
	*f = *field;
	if (!f->size)
		f->size = info->size;
	return 0;
}

/* Where a unique kind's offset is cached, or NULL for repeatable kinds. */
static int32_t *cached_off(struct hive_record *rec, enum hive_field_kind kind)
{
	switch (kind) {
	case HIVE_FIELD_SPIN_LOCK:
		return &rec->spin_lock_off;
	case HIVE_FIELD_RES_SPIN_LOCK:
		return &rec->res_spin_lock_off;
	case HIVE_FIELD_TIMER:
		return &rec->timer_off;
	case HIVE_FIELD_WQ:
		return &rec->wq_off;
	case HIVE_FIELD_REFCOUNT:
		return &rec->refcount_off;
	case HIVE_FIELD_TASK_WORK:
		return &rec->task_work_off;
	default:
		return NULL;
	}
}

static int cmp_field(const void *a, const void *b)
{
	const struct hive_field *fa = a, *fb = b;

	return fa->offset < fb->offset ? -1 : fa->offset > fb->offset;
}

/* Per-field pass in discovery order: bounds, overlap with the previous field, caches. */
static int index_fields(struct hive_record *rec, uint32_t value_size)
{
	uint64_t next_off = 0;

	rec->field_mask = 0;
	for (uint32_t i = 0; i < rec->cnt; i++) {
		struct hive_field *f = &rec->fields[i];
		int32_t *off;

		if ((uint64_t)f->offset + f->size > value_size)
			return -EFAULT;
		if (f->offset < next_off)
			return -EEXIST;
		next_off = (uint64_t)f->offset + f->size;
		off = cached_off(rec, f->kind);
		if (off) {
			/* A refcount twice is a kernel WARN; treat every repeat as the parser's
			 * duplicate-unique-kind error. */
			if (*off >= 0)
				return -E2BIG;
			*off = (int32_t)f->offset;
		}
		rec->field_mask |= f->kind;
	}
	return 0;
}

int btf_record_finalize(struct hive_record *rec, uint32_t value_size)
{
	int err;

	err = index_fields(rec, value_size);
	if (err)
		return err;
	if (rec->spin_lock_off >= 0 && rec->res_spin_lock_off >= 0)
		return -EINVAL;
	/* A root is only safe to touch under the lock of the same allocation. */
	if (btf_record_has_field(rec, HIVE_FIELD_GRAPH_ROOT) && rec->spin_lock_off < 0 &&
	    rec->res_spin_lock_off < 0)
		return -EINVAL;
	/* Being in two collections at once needs a count of the memberships. */
	if (rec->refcount_off < 0 && btf_record_has_field(rec, HIVE_FIELD_LIST_NODE) &&
	    btf_record_has_field(rec, HIVE_FIELD_RB_NODE))
		return -EINVAL;
	qsort(rec->fields, rec->cnt, sizeof(rec->fields[0]), cmp_field);
	return 0;
}

void btf_record_free(struct hive_record *rec)
{
	if (IS_ERR_OR_NULL(rec))
		return;
	free(rec);
}

struct hive_record *btf_record_dup(const struct hive_record *rec)
{
	struct hive_record *copy;
	size_t sz;

	if (IS_ERR_OR_NULL(rec))
		return NULL;
	sz = sizeof(*rec) + (size_t)rec->cap * sizeof(rec->fields[0]);
	copy = malloc(sz);
	if (copy)
		memcpy(copy, rec, sz);
	return copy;
}

const struct hive_field *btf_record_find(const struct hive_record *rec, uint32_t offset,
					 uint32_t kind_mask)
{
	uint32_t lo = 0, hi;

	if (IS_ERR_OR_NULL(rec) || !(rec->field_mask & kind_mask))
		return NULL;
	/* Fields are sorted and do not overlap: binary search on the offset. */
	hi = rec->cnt;
	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;
		const struct hive_field *f = &rec->fields[mid];

		if (f->offset == offset)
			return (f->kind & kind_mask) ? f : NULL;
		if (f->offset < offset)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct hive_field *btf_record_find_overlap(const struct hive_record *rec, uint32_t offset,
						 uint32_t size)
{
	uint64_t end = (uint64_t)offset + size;

	if (IS_ERR_OR_NULL(rec))
		return NULL;
	for (uint32_t i = 0; i < rec->cnt; i++) {
		const struct hive_field *f = &rec->fields[i];

		if (f->offset >= end)
			break;
		if ((uint64_t)f->offset + f->size > offset)
			return f;
	}
	return NULL;
}

int btf_record_check_and_fixup(struct hive_record *rec, hive_find_meta_fn find_meta, void *ctx)
{
	if (IS_ERR_OR_NULL(rec))
		return 0;
	for (uint32_t i = 0; i < rec->cnt; i++) {
		struct hive_field *f = &rec->fields[i];
		const struct hive_struct_meta *meta;

		if ((f->kind & (HIVE_FIELD_KPTR_REF | HIVE_FIELD_KPTR_PERCPU)) && f->kptr.local &&
		    !f->kptr.rec) {
			meta = find_meta(f->kptr.type, ctx);
			f->kptr.rec = meta ? meta->record : NULL;
			continue;
		}
		if (!(f->kind & HIVE_FIELD_GRAPH_ROOT))
			continue;
		meta = find_meta(f->graph_root.value_type, ctx);
		if (!meta)
			return -EFAULT;
		f->graph_root.value_rec = meta->record;
		/* Only a type that can be owned as well as own can close a cycle. */
		if (!(rec->field_mask & HIVE_FIELD_GRAPH_NODE))
			continue;
		if (btf_record_has_field(meta->record, HIVE_FIELD_GRAPH_ROOT))
			return -ELOOP;
	}
	return 0;
}
