/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * kfunc/kfunc.h: the run-time side of the graph collections, as BPF programs call it.
 *
 * Each kfunc_* entry point is the kernel function of the same name without the `bpf_` prefix,
 * with the arguments the verifier's fixup leaves in R1-R5 (spec B.0 rule 25): bpf_obj_new_impl
 * receives the object size and the type's struct meta, push receives (meta, node offset),
 * rbtree_add receives (less, meta, node offset). The bytes inside the opaque BPF structs are
 * the kernel's (spec A.1.1), so sizes and offsets match what programs were compiled against:
 *
 *   struct bpf_list_head (16)  { next, prev }                   = hive_bpf_list_head
 *   struct bpf_list_node (24)  { next, prev, owner }            = hive_bpf_list_node
 *   struct bpf_rb_root   (16)  { root, leftmost }               = hive_bpf_rb_root
 *   struct bpf_rb_node   (32)  { parent_color, right, left, owner } = hive_bpf_rb_node
 *   struct bpf_refcount  (4)   refcount_t                       = hive_bpf_refcount
 *   struct bpf_spin_lock (4)   lock word                        = hive_bpf_spin_lock
 *
 * `owner` is NULL while a node is in no collection, KFUNC_PTR_POISON while it is being linked,
 * and the address of its bpf_list_head/bpf_rb_root while linked: that is what makes pushing an
 * already-linked refcounted node fail and removing a node through a stale alias return NULL.
 *
 * Concurrency: the verifier guarantees that list/rbtree kfuncs run with the root's bpf_spin_lock
 * held, so they do no locking of their own; owner updates are atomic because a refcounted node
 * can be pushed to a second collection under a different lock. obj_new/drop, refcount_acquire
 * and kptr_xchg are safe without locks. A caller must be inside kfunc_rcu_read_lock() when it
 * uses pointers it does not own (non-owning refs), as programs always are.
 */
#ifndef __HIVE_KFUNC_KFUNC_H
#define __HIVE_KFUNC_KFUNC_H

#include <stdbool.h>
#include <stdint.h>

#include "btf/btf_record.h"
#include "common/list.h"
#include "common/rbtree.h"

#ifdef __cplusplus
extern "C" {
#endif

struct hive_bpf_spin_lock {
	uint32_t val;
};

struct hive_bpf_refcount {
	uint32_t refs; /* refcount_t: 0 = dead, negative = saturated */
};

struct hive_bpf_list_head {
	struct hive_list head; /* all zero until the first list operation (lazy init) */
};

struct hive_bpf_list_node {
	struct hive_list link;
	void *owner;
};

struct hive_bpf_rb_root {
	struct hive_rb_root_cached tree; /* all zero = empty tree */
};

struct hive_bpf_rb_node {
	struct hive_rb_node node;
	void *owner;
};

_Static_assert(sizeof(struct hive_bpf_list_head) == 16, "bpf_list_head is 16 bytes");
_Static_assert(sizeof(struct hive_bpf_list_node) == 24, "bpf_list_node is 24 bytes");
_Static_assert(sizeof(struct hive_bpf_rb_root) == 16, "bpf_rb_root is 16 bytes");
_Static_assert(sizeof(struct hive_bpf_rb_node) == 32, "bpf_rb_node is 32 bytes");
_Static_assert(sizeof(struct hive_bpf_refcount) == 4, "bpf_refcount is 4 bytes");
_Static_assert(sizeof(struct hive_bpf_spin_lock) == 4, "bpf_spin_lock is 4 bytes");

/* The kernel's BPF_PTR_POISON on x86-64 (0xeB9F + POISON_POINTER_DELTA). */
#define KFUNC_PTR_POISON ((void *)(0xdead000000000000UL + 0xeB9FUL))

/* ---- allocation (spec B.1-B.3) ---- */

/* bpf_obj_new_impl: zeroed object of @size bytes with @meta's fields initialised; NULL on
 * failure (also for size 0 or > KFUNC_OBJ_MAX_SIZE). */
void *kfunc_obj_new_impl(uint64_t size, const struct hive_struct_meta *meta);
/* bpf_percpu_obj_new_impl: one zeroed copy of @size bytes per possible CPU (meta is NULL). */
void *kfunc_percpu_obj_new_impl(uint64_t size, const struct hive_struct_meta *meta);
/* bpf_obj_drop_impl: refcount-aware drop (B.2 rule 33). */
void kfunc_obj_drop_impl(void *p, const struct hive_struct_meta *meta);
void kfunc_percpu_obj_drop_impl(void *p, const struct hive_struct_meta *meta);
/* bpf_refcount_acquire_impl: @p with one more reference, or NULL if its count was 0. */
void *kfunc_refcount_acquire_impl(void *p, const struct hive_struct_meta *meta);

/* ---- lists (spec B.4) ---- */

/*
 * bpf_list_push_{front,back}_impl: link @node (at offset @off in its object) at the head/tail.
 * Returns 0, or -EINVAL when @node already belongs to a collection: then the reference passed
 * in is dropped (the object is freed if that was its last reference).
 */
int kfunc_list_push_front_impl(struct hive_bpf_list_head *head, struct hive_bpf_list_node *node,
			       const struct hive_struct_meta *meta, uint64_t off);
int kfunc_list_push_back_impl(struct hive_bpf_list_head *head, struct hive_bpf_list_node *node,
			      const struct hive_struct_meta *meta, uint64_t off);
/* bpf_list_pop_{front,back}: unlink and return the first/last node (owning), NULL if empty. */
struct hive_bpf_list_node *kfunc_list_pop_front(struct hive_bpf_list_head *head);
struct hive_bpf_list_node *kfunc_list_pop_back(struct hive_bpf_list_head *head);
/* bpf_list_{front,back}: peek (non-owning), NULL if empty or never initialised. */
struct hive_bpf_list_node *kfunc_list_front(struct hive_bpf_list_head *head);
struct hive_bpf_list_node *kfunc_list_back(struct hive_bpf_list_head *head);

/* ---- red-black trees (spec B.5) ---- */

/*
 * The `less` callback of bpf_rbtree_add: both arguments address bpf_rb_node members; a true
 * result sends @a left of @b. @ctx is the caller's (the interpreter passes its frame for the
 * BPF subprogram there).
 */
typedef bool (*kfunc_rb_less_fn)(void *ctx, struct hive_bpf_rb_node *a,
				 const struct hive_bpf_rb_node *b);

/*
 * bpf_rbtree_add_impl: insert @node (at offset @off in its object) ordered by @less; equal
 * keys go after existing ones. Returns 0, or -EINVAL with the passed reference dropped when
 * @node already belongs to a collection (@less is then not called).
 */
int kfunc_rbtree_add_impl(struct hive_bpf_rb_root *root, struct hive_bpf_rb_node *node,
			  kfunc_rb_less_fn less, void *less_ctx,
			  const struct hive_struct_meta *meta, uint64_t off);
/* bpf_rbtree_remove: erase @node if @root owns it and return it (owning), else NULL. */
struct hive_bpf_rb_node *kfunc_rbtree_remove(struct hive_bpf_rb_root *root,
					     struct hive_bpf_rb_node *node);
/* bpf_rbtree_first / bpf_rbtree_root: leftmost / root node, NULL if empty (non-owning). */
struct hive_bpf_rb_node *kfunc_rbtree_first(struct hive_bpf_rb_root *root);
struct hive_bpf_rb_node *kfunc_rbtree_root(struct hive_bpf_rb_root *root);
/* bpf_rbtree_{left,right}: @node's child, NULL if none or if @root does not own @node. */
struct hive_bpf_rb_node *kfunc_rbtree_left(struct hive_bpf_rb_root *root,
					   struct hive_bpf_rb_node *node);
struct hive_bpf_rb_node *kfunc_rbtree_right(struct hive_bpf_rb_root *root,
					    struct hive_bpf_rb_node *node);

/* ---- helpers used with graphs (spec B.6) ---- */

/* bpf_spin_lock / bpf_spin_unlock (helpers 93/94): a real lock on the 4-byte word. Return 0. */
long kfunc_spin_lock(struct hive_bpf_spin_lock *lock);
long kfunc_spin_unlock(struct hive_bpf_spin_lock *lock);
/* bpf_kptr_xchg (helper 194): atomically store @ptr in the 8-byte slot @dst, return the old. */
void *kfunc_kptr_xchg(void *dst, void *ptr);

/* The refcount_t primitives the kfuncs use (saturating as the kernel's). */
bool kfunc_refcount_inc_not_zero(struct hive_bpf_refcount *r);
bool kfunc_refcount_dec_and_test(struct hive_bpf_refcount *r);
uint32_t kfunc_refcount_read(const struct hive_bpf_refcount *r);

/* ---- lookup by name, for the interpreter and the verifier ---- */

/* Uniform signature: R1-R5 in, R0 out. */
typedef uint64_t (*kfunc_generic_fn)(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4,
				     uint64_t r5);

/* Kernel kfunc flags (include/linux/btf.h), for the verifier's convenience. */
#define KFUNC_F_ACQUIRE (1U << 0)
#define KFUNC_F_RELEASE (1U << 1)
#define KFUNC_F_RET_NULL (1U << 2)
#define KFUNC_F_TRUSTED_ARGS (1U << 4)
#define KFUNC_F_RCU (1U << 7)
/* Not a kernel flag: R3 is a BPF callback the caller must turn into a kfunc_rb_less_fn. */
#define KFUNC_F_NEEDS_CALLBACK (1U << 31)

struct kfunc_desc {
	const char *name; /* kernel name, e.g. "bpf_list_push_back_impl" */
	kfunc_generic_fn fn; /* NULL when KFUNC_F_NEEDS_CALLBACK: call the typed function */
	uint32_t flags;
	uint8_t nr_args;
};

/* kfunc_find() - descriptor of a run-time kfunc (graph or cpumask) by kernel name, NULL if not one of ours. */
const struct kfunc_desc *kfunc_find(const char *name);
/* kfunc_table() - all descriptors; *@cnt receives their number. */
const struct kfunc_desc *kfunc_table(uint32_t *cnt);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_KFUNC_KFUNC_H */
