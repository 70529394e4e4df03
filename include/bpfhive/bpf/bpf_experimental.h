/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bpf_experimental.h: the BPF-side API of the graph collections, for programs compiled with
 * `clang -target bpf`. It offers the macro names BPF developers know from the kernel tree
 * (bpf_obj_new(), bpf_list_push_back(), bpf_rbtree_add(), __contains(), private(), ...) on top of
 * the `*_impl` kfuncs that Linux 6.18 exports, so the same source loads into the kernel and runs
 * under bpfhive.
 *
 * Include it after vmlinux.h (for struct bpf_rb_root and friends) and <bpf/bpf_helpers.h>.
 * The kfunc declarations below are compatible with the prototypes a vmlinux.h made by
 * `bpfhive btf dump ... format c` carries, so including both is fine.
 *
 * The hidden trailing arguments (meta, node offset) are passed as NULL/0: the verifier fills them
 * in after verification (the `__ign`/`__k` parameter-name suffixes tell it how to check them).
 */
#ifndef __BPFHIVE_BPF_EXPERIMENTAL_H
#define __BPFHIVE_BPF_EXPERIMENTAL_H

#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

/* Tag a bpf_list_head / bpf_rb_root with the type and member name of the nodes it holds. */
#define __contains(name, node) __attribute__((btf_decl_tag("contains:" #name ":" #node)))

/*
 * Globals sharing one lock must live in one section (one map value): a root is protected by the
 * bpf_spin_lock of its own section. private(A) puts a variable in ".data.A".
 */
#define private(name) SEC(".data." #name) __hidden __attribute__((aligned(8)))

#ifndef __kptr_untrusted
#define __kptr_untrusted __attribute__((btf_type_tag("kptr_untrusted")))
#endif
#ifndef __percpu_kptr
#define __percpu_kptr __attribute__((btf_type_tag("percpu_kptr")))
#endif

#ifndef container_of
#define container_of(ptr, type, member)                                \
	({                                                             \
		void *__mptr = (void *)(ptr);                          \
		((type *)(__mptr - __builtin_offsetof(type, member))); \
	})
#endif

/* Allocation: an owning reference to a zeroed object of a program-defined struct, or NULL. */
extern void *bpf_obj_new_impl(__u64 local_type_id__k, void *meta__ign) __ksym;
#define bpf_obj_new(type) ((type *)bpf_obj_new_impl(bpf_core_type_id_local(type), NULL))

extern void bpf_obj_drop_impl(void *p__alloc, void *meta__ign) __ksym;
#define bpf_obj_drop(kptr) bpf_obj_drop_impl(kptr, NULL)

extern void *bpf_percpu_obj_new_impl(__u64 local_type_id__k, void *meta__ign) __ksym;
#define bpf_percpu_obj_new(type) \
	((type __percpu_kptr *)bpf_percpu_obj_new_impl(bpf_core_type_id_local(type), NULL))

extern void bpf_percpu_obj_drop_impl(void *p__alloc, void *meta__ign) __ksym;
#define bpf_percpu_obj_drop(kptr) bpf_percpu_obj_drop_impl(kptr, NULL)

/* Shared ownership: a second owning reference to a refcounted object (NULL if it is dying). */
extern void *bpf_refcount_acquire_impl(void *p__refcounted_kptr, void *meta__ign) __ksym;
#define bpf_refcount_acquire(kptr) bpf_refcount_acquire_impl(kptr, NULL)

/* Lists: push consumes the owning reference (0 on success, -EINVAL if already linked). */
extern int bpf_list_push_front_impl(struct bpf_list_head *head, struct bpf_list_node *node,
				    void *meta__ign, __u64 off) __ksym;
#define bpf_list_push_front(head, node) bpf_list_push_front_impl(head, node, NULL, 0)

extern int bpf_list_push_back_impl(struct bpf_list_head *head, struct bpf_list_node *node,
				   void *meta__ign, __u64 off) __ksym;
#define bpf_list_push_back(head, node) bpf_list_push_back_impl(head, node, NULL, 0)

extern struct bpf_list_node *bpf_list_pop_front(struct bpf_list_head *head) __ksym;
extern struct bpf_list_node *bpf_list_pop_back(struct bpf_list_head *head) __ksym;
extern struct bpf_list_node *bpf_list_front(struct bpf_list_head *head) __ksym;
extern struct bpf_list_node *bpf_list_back(struct bpf_list_head *head) __ksym;

/* Red-black trees: add consumes the owning reference; `less` orders two nodes. */
extern int bpf_rbtree_add_impl(struct bpf_rb_root *root, struct bpf_rb_node *node,
			       bool(less)(struct bpf_rb_node *a, const struct bpf_rb_node *b),
			       void *meta__ign, __u64 off) __ksym;
#define bpf_rbtree_add(head, node, less) bpf_rbtree_add_impl(head, node, less, NULL, 0)

extern struct bpf_rb_node *bpf_rbtree_remove(struct bpf_rb_root *root,
					     struct bpf_rb_node *node) __ksym;
extern struct bpf_rb_node *bpf_rbtree_first(struct bpf_rb_root *root) __ksym;
extern struct bpf_rb_node *bpf_rbtree_root(struct bpf_rb_root *root) __ksym;
extern struct bpf_rb_node *bpf_rbtree_left(struct bpf_rb_root *root,
					   struct bpf_rb_node *node) __ksym;
extern struct bpf_rb_node *bpf_rbtree_right(struct bpf_rb_root *root,
					    struct bpf_rb_node *node) __ksym;

#endif /* __BPFHIVE_BPF_EXPERIMENTAL_H */
