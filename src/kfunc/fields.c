// SPDX-License-Identifier: BSD-2-Clause
/*
 * kfunc/fields.c: initialising, releasing and copying around special fields.
 *
 * Draining a collection follows the kernel: under the protecting lock the root is detached and
 * reset to empty; the lock is dropped; then each former member is dropped with the contained
 * type's record, which may recurse into that object's own roots and kptrs (ownership depth is
 * bounded by the A.5 acyclicity check). One deliberate difference: before its reference is
 * dropped each drained node's `owner` is set to KFUNC_PTR_POISON rather than left pointing at
 * the root it is no longer in. A refcounted node that survives the drain (still in another
 * collection or stashed) then behaves as the kernel's does for push/add (-EINVAL), while
 * bpf_rbtree_remove/left/right on it return NULL instead of walking stale tree links as the
 * kernel would.
 */
#include <stdatomic.h>
#include <string.h>

#include "kfunc/fields.h"
#include "kfunc/alloc.h"
#include "common/err.h"

static kfunc_field_free_fn hook_timer, hook_wq, hook_task_work, hook_uptr;

int kfunc_set_field_free_hook(enum hive_field_kind kind, kfunc_field_free_fn fn)
{
	switch (kind) {
	case HIVE_FIELD_TIMER:
		hook_timer = fn;
		return 0;
	case HIVE_FIELD_WQ:
		hook_wq = fn;
		return 0;
	case HIVE_FIELD_TASK_WORK:
		hook_task_work = fn;
		return 0;
	case HIVE_FIELD_UPTR:
		hook_uptr = fn;
		return 0;
	default:
		return -EINVAL;
	}
}

static void init_field(const struct hive_field *f, void *addr)
{
	memset(addr, 0, f->size);
	switch (f->kind) {
	case HIVE_FIELD_REFCOUNT:
		((struct hive_bpf_refcount *)addr)->refs = 1;
		break;
	case HIVE_FIELD_RB_NODE:
		hive_rb_clear_node(&((struct hive_bpf_rb_node *)addr)->node);
		break;
	case HIVE_FIELD_LIST_HEAD:
	case HIVE_FIELD_LIST_NODE:
		/* a list node and a list head both start with the kernel's list_head */
		hive_list_init((struct hive_list *)addr);
		break;
	default:
		/* roots are valid when zero; locks, kptrs, timers start zeroed */
		break;
	}
}

void kfunc_obj_init(const struct hive_record *rec, void *obj)
{
	if (IS_ERR_OR_NULL(rec))
		return;
	for (uint32_t i = 0; i < rec->cnt; i++)
		init_field(&rec->fields[i], (char *)obj + rec->fields[i].offset);
}

void kfunc_obj_drop(void *p, const struct hive_record *rec, bool percpu)
{
	if (IS_ERR_OR_NULL(rec))
		rec = NULL;
	if (rec && rec->refcount_off >= 0 &&
	    !kfunc_refcount_dec_and_test(
		    (struct hive_bpf_refcount *)((char *)p + rec->refcount_off)))
		return; /* still referenced from a collection, a stash or a program */
	(void)percpu; /* one allocator serves both; its header knows the object's kind */
	if (rec)
		kfunc_obj_free_fields(rec, p);
	kfunc_obj_free_rcu(p);
}

void kfunc_list_head_free(const struct hive_field *field, struct hive_bpf_list_head *head,
			  struct hive_bpf_spin_lock *lock)
{
	struct hive_list *h = &head->head, *pos;

	if (lock)
		kfunc_spin_lock(lock);
	/* Never initialised (all zero) or empty: nothing to drain. */
	pos = (!h->next || hive_list_empty(h)) ? h : h->next;
	hive_list_init(h);
	if (lock)
		kfunc_spin_unlock(lock);

	/* The detached chain still ends at h's address; nobody else walks it any more. */
	while (pos != h) {
		struct hive_bpf_list_node *node =
			container_of(pos, struct hive_bpf_list_node, link);
		void *obj = (char *)node - field->graph_root.node_offset;

		pos = pos->next;
		__atomic_store_n(&node->owner, KFUNC_PTR_POISON, __ATOMIC_RELEASE);
		kfunc_obj_drop(obj, field->graph_root.value_rec, false);
	}
}

void kfunc_rb_root_free(const struct hive_field *field, struct hive_bpf_rb_root *root,
			struct hive_bpf_spin_lock *lock)
{
	struct hive_rb_root_cached orig;
	struct hive_rb_node *pos, *next;

	if (lock)
		kfunc_spin_lock(lock);
	orig = root->tree;
	memset(&root->tree, 0, sizeof(root->tree));
	if (lock)
		kfunc_spin_unlock(lock);

	/* Post-order: a node is dropped only after both its subtrees were visited. */
	for (pos = hive_rb_first_postorder(&orig.root); pos; pos = next) {
		struct hive_bpf_rb_node *node = container_of(pos, struct hive_bpf_rb_node, node);
		void *obj = (char *)node - field->graph_root.node_offset;

		next = hive_rb_next_postorder(pos);
		__atomic_store_n(&node->owner, KFUNC_PTR_POISON, __ATOMIC_RELEASE);
		kfunc_obj_drop(obj, field->graph_root.value_rec, false);
	}
}

static void free_kptr(const struct hive_field *f, void *field_ptr)
{
	void *old = kfunc_kptr_xchg(field_ptr, NULL);

	if (!old)
		return;
	if (f->kptr.local)
		kfunc_obj_drop(old, f->kptr.rec, f->kind == HIVE_FIELD_KPTR_PERCPU);
	else if (f->kptr.dtor)
		f->kptr.dtor(old);
}

/*
 * The lock protecting a record's roots. The kernel only looks at bpf_spin_lock (a root guarded
 * by a bpf_res_spin_lock is a WARN and a leak there); both are a lock word here, so the
 * resilient lock is used when it is the only one.
 */
static struct hive_bpf_spin_lock *root_lock(const struct hive_record *rec, void *obj)
{
	if (rec->spin_lock_off >= 0)
		return (struct hive_bpf_spin_lock *)((char *)obj + rec->spin_lock_off);
	if (rec->res_spin_lock_off >= 0)
		return (struct hive_bpf_spin_lock *)((char *)obj + rec->res_spin_lock_off);
	return NULL;
}

static void call_hook(kfunc_field_free_fn hook, void *field_ptr)
{
	if (hook)
		hook(field_ptr);
}

void kfunc_obj_free_fields(const struct hive_record *rec, void *obj)
{
	if (IS_ERR_OR_NULL(rec))
		return;
	for (uint32_t i = 0; i < rec->cnt; i++) {
		const struct hive_field *f = &rec->fields[i];
		void *ptr = (char *)obj + f->offset;

		switch (f->kind) {
		case HIVE_FIELD_TIMER:
			call_hook(hook_timer, ptr);
			break;
		case HIVE_FIELD_WQ:
			call_hook(hook_wq, ptr);
			break;
		case HIVE_FIELD_TASK_WORK:
			call_hook(hook_task_work, ptr);
			break;
		case HIVE_FIELD_UPTR:
			call_hook(hook_uptr, ptr);
			break;
		case HIVE_FIELD_KPTR_UNREF:
			__atomic_store_n((uint64_t *)ptr, 0, __ATOMIC_RELAXED);
			break;
		case HIVE_FIELD_KPTR_REF:
		case HIVE_FIELD_KPTR_PERCPU:
			free_kptr(f, ptr);
			break;
		case HIVE_FIELD_LIST_HEAD:
			kfunc_list_head_free(f, ptr, root_lock(rec, obj));
			break;
		case HIVE_FIELD_RB_ROOT:
			kfunc_rb_root_free(f, ptr, root_lock(rec, obj));
			break;
		default:
			/* locks, nodes and refcounts own nothing */
			break;
		}
	}
}

void kfunc_copy_map_value(const struct hive_record *rec, void *dst, const void *src, uint32_t size)
{
	uint32_t cur = 0;

	if (IS_ERR_OR_NULL(rec)) {
		memcpy(dst, src, size);
		return;
	}
	/* Copy the gaps between the (sorted, non-overlapping) fields. */
	for (uint32_t i = 0; i < rec->cnt; i++) {
		uint32_t next = rec->fields[i].offset;

		memcpy((char *)dst + cur, (const char *)src + cur, next - cur);
		cur = next + rec->fields[i].size;
	}
	memcpy((char *)dst + cur, (const char *)src + cur, size - cur);
}

void kfunc_copy_map_value_locked(const struct hive_record *rec, void *dst, const void *src,
				 uint32_t size, bool lock_src)
{
	struct hive_bpf_spin_lock *lock;

	lock = (struct hive_bpf_spin_lock *)((char *)(lock_src ? (void *)src : dst) +
					     rec->spin_lock_off);
	kfunc_spin_lock(lock);
	kfunc_copy_map_value(rec, dst, src, size);
	kfunc_spin_unlock(lock);
}

void kfunc_zero_special_fields(const struct hive_record *rec, void *value)
{
	if (IS_ERR_OR_NULL(rec))
		return;
	for (uint32_t i = 0; i < rec->cnt; i++)
		memset((char *)value + rec->fields[i].offset, 0, rec->fields[i].size);
}

void kfunc_zero_map_value(const struct hive_record *rec, void *value, uint32_t size)
{
	uint32_t cur = 0;

	if (IS_ERR_OR_NULL(rec)) {
		memset(value, 0, size);
		return;
	}
	for (uint32_t i = 0; i < rec->cnt; i++) {
		uint32_t next = rec->fields[i].offset;

		memset((char *)value + cur, 0, next - cur);
		cur = next + rec->fields[i].size;
	}
	memset((char *)value + cur, 0, size - cur);
}
