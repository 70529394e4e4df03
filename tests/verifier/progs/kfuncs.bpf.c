// SPDX-License-Identifier: BSD-2-Clause
/* kfuncs: allocated objects, kptrs in map values, graph collections under their lock, argument
 * checks from BTF prototypes, KF_ACQUIRE/KF_RELEASE, KF_RET_NULL, sleepable kfuncs. */
#include "vprogs.h"
#include "bpf_experimental.h"

struct vnode {
	long key;
	struct bpf_rb_node rb;
	struct bpf_list_node ln;
	struct bpf_refcount ref; /* two graph nodes need it, or BPF_BTF_LOAD fails */
};

struct holder {
	struct vnode __kptr *obj;
	struct task_struct __kptr *task;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct holder);
} kptrs SEC(".maps");

private(g) struct bpf_spin_lock glock;
private(g) struct bpf_list_head ghead __contains(vnode, ln);
private(g) struct bpf_rb_root groot __contains(vnode, rb);

extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;

static bool less(struct bpf_rb_node *a, const struct bpf_rb_node *b)
{
	return container_of(a, struct vnode, rb)->key < container_of(b, struct vnode, rb)->key;
}

SEC("syscall")
int obj_new_drop(void *ctx)
{
	struct vnode *n = bpf_obj_new(struct vnode);

	if (!n)
		return 0;
	n->key = 5;
	bpf_obj_drop(n);
	return 0;
}

SEC("syscall")
int fail_obj_leak(void *ctx)
{
	struct vnode *n = bpf_obj_new(struct vnode);

	if (!n)
		return 0;
	n->key = 5;
	return 0;
}

SEC("syscall")
int fail_obj_use_after_drop(void *ctx)
{
	struct vnode *n = bpf_obj_new(struct vnode);

	if (!n)
		return 0;
	bpf_obj_drop(n);
	return n->key;
}

SEC("syscall")
int kptr_stash(void *ctx)
{
	struct vnode *n = bpf_obj_new(struct vnode), *old;
	struct holder *h;
	__u32 k = 0;

	if (!n)
		return 0;
	h = bpf_map_lookup_elem(&kptrs, &k);
	if (!h) {
		bpf_obj_drop(n);
		return 0;
	}
	old = bpf_kptr_xchg(&h->obj, n);
	if (old)
		bpf_obj_drop(old);
	return 0;
}

SEC("syscall")
int fail_kptr_direct_store(void *ctx)
{
	struct vnode *n = bpf_obj_new(struct vnode);
	struct holder *h;
	__u32 k = 0;

	if (!n)
		return 0;
	h = bpf_map_lookup_elem(&kptrs, &k);
	if (h)
		h->obj = n;
	bpf_obj_drop(n);
	return 0;
}

SEC("syscall")
int list_push_pop(void *ctx)
{
	struct vnode *n = bpf_obj_new(struct vnode);
	struct bpf_list_node *l;

	if (!n)
		return 0;
	bpf_spin_lock(&glock);
	bpf_list_push_front(&ghead, &n->ln);
	l = bpf_list_pop_back(&ghead);
	bpf_spin_unlock(&glock);
	if (l)
		bpf_obj_drop(container_of(l, struct vnode, ln));
	return 0;
}

SEC("syscall")
int fail_list_no_lock(void *ctx)
{
	struct vnode *n = bpf_obj_new(struct vnode);

	if (!n)
		return 0;
	bpf_list_push_front(&ghead, &n->ln);
	return 0;
}

SEC("syscall")
int rbtree_add_first(void *ctx)
{
	struct vnode *n = bpf_obj_new(struct vnode);
	struct bpf_rb_node *f;
	long k = 0;

	if (!n)
		return 0;
	n->key = 3;
	bpf_spin_lock(&glock);
	bpf_rbtree_add(&groot, &n->rb, less);
	f = bpf_rbtree_first(&groot);
	if (f)
		k = container_of(f, struct vnode, rb)->key;
	bpf_spin_unlock(&glock);
	return k;
}

SEC("syscall")
int fail_non_owning_after_unlock(void *ctx)
{
	struct vnode *n = bpf_obj_new(struct vnode);

	if (!n)
		return 0;
	bpf_spin_lock(&glock);
	bpf_rbtree_add(&groot, &n->rb, less);
	bpf_spin_unlock(&glock);
	return n->key;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(task_kptr, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *t = bpf_task_acquire(next), *old;
	struct holder *h;
	__u32 k = 0;

	if (!t)
		return 0;
	h = bpf_map_lookup_elem(&kptrs, &k);
	if (!h) {
		bpf_task_release(t);
		return 0;
	}
	old = bpf_kptr_xchg(&h->task, t);
	if (old)
		bpf_task_release(old);
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(fail_kfunc_null_arg, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *t = bpf_task_acquire(next);

	bpf_task_release(t);
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(fail_kfunc_scalar_arg, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	struct task_struct *t = bpf_task_acquire((struct task_struct *)opaque(0x1000UL));

	if (t)
		bpf_task_release(t);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
