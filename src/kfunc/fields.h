/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kfunc/fields.h: what happens to special fields when objects and map values are created,
 * dropped, copied and shown to user space. Maps, the loader and the interpreter call these; they
 * are the kernel's bpf_obj_init(), __bpf_obj_drop_impl(), bpf_obj_free_fields(),
 * copy_map_value[_locked]() and check_and_init_map_value().
 *
 * A NULL or ERR_PTR record means "no special fields" everywhere.
 */
#ifndef __HIVE_KFUNC_FIELDS_H
#define __HIVE_KFUNC_FIELDS_H

#include <stdbool.h>
#include <stdint.h>

#include "btf/btf_record.h"
#include "kfunc/kfunc.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * kfunc_obj_init() - spec A.6 rule 20 on a new local object: refcount 1, rb nodes cleared,
 * list heads and nodes self-linked, everything else in the fields zero.
 */
void kfunc_obj_init(const struct hive_record *rec, void *obj);

/*
 * kfunc_obj_drop() - drop one reference to local object @p whose type has record @rec (the
 * kernel's __bpf_obj_drop_impl): if @rec has a refcount and it does not reach zero, nothing
 * else happens; otherwise all its fields are freed (kfunc_obj_free_fields) and its memory is
 * released after an RCU grace period. @percpu: @p came from the per-CPU allocator.
 */
void kfunc_obj_drop(void *p, const struct hive_record *rec, bool percpu);

/*
 * kfunc_obj_free_fields() - release what the special fields of @obj own (bpf_obj_free_fields):
 * list heads and rb roots are detached under the record's spin lock and every contained object
 * is dropped with the contained type's record (recursively); referenced and per-CPU kptrs are
 * exchanged with NULL and released (local: dropped; kernel: the field's dtor); unreferenced
 * kptrs are cleared; timers, workqueues, task works and uptrs go to the hooks below.
 * Locks, nodes and refcounts are left as they are.
 */
void kfunc_obj_free_fields(const struct hive_record *rec, void *obj);

/* Individual root releases, as used by kfunc_obj_free_fields (@lock may be NULL). */
void kfunc_list_head_free(const struct hive_field *field, struct hive_bpf_list_head *head,
			  struct hive_bpf_spin_lock *lock);
void kfunc_rb_root_free(const struct hive_field *field, struct hive_bpf_rb_root *root,
			struct hive_bpf_spin_lock *lock);

/*
 * Releasing timers/workqueues/task works/uptrs belongs to the component that implements them
 * (vm/). It registers a hook per kind; without one the field's bytes are simply left alone.
 */
typedef void (*kfunc_field_free_fn)(void *field_ptr);
/* Returns 0, or -EINVAL for a kind that is not TIMER, WQ, TASK_WORK or UPTR. */
int kfunc_set_field_free_hook(enum hive_field_kind kind, kfunc_field_free_fn fn);

/*
 * kfunc_copy_map_value() - copy @size bytes from @src to @dst except the bytes of @rec's fields
 * (copy_map_value): user-space updates never overwrite locks, roots, kptrs... (A.6 rule 21).
 */
void kfunc_copy_map_value(const struct hive_record *rec, void *dst, const void *src, uint32_t size);
/*
 * kfunc_copy_map_value_locked() - the same while holding the value's bpf_spin_lock (BPF_F_LOCK):
 * the lock of @src if @lock_src (lookup), else of @dst (update). @rec must have a spin lock.
 */
void kfunc_copy_map_value_locked(const struct hive_record *rec, void *dst, const void *src,
				 uint32_t size, bool lock_src);
/* kfunc_zero_special_fields() - zero the bytes of @rec's fields in @value (what user space sees
 * of them on lookup: check_and_init_map_value). */
void kfunc_zero_special_fields(const struct hive_record *rec, void *value);
/* kfunc_zero_map_value() - zero everything in @value except @rec's fields (zero_map_value). */
void kfunc_zero_map_value(const struct hive_record *rec, void *value, uint32_t size);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_KFUNC_FIELDS_H */
