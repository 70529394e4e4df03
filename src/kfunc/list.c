// SPDX-License-Identifier: BSD-2-Clause
/*
 * kfunc/list.c: bpf_list_push_{front,back}_impl, bpf_list_pop_{front,back}, bpf_list_{front,back}.
 *
 * A bpf_list_head in a map value starts as 16 zero bytes (maps do not run bpf_obj_init), so
 * every operation that may link or unlink first turns a zero head into an empty self-linked
 * one; peeking treats a zero head as empty without writing it.
 */
#include "kfunc/kfunc.h"
#include "kfunc/fields.h"

static inline void lazy_init(struct hive_bpf_list_head *head)
{
	if (unlikely(!head->head.next))
		hive_list_init(&head->head);
}

/*
 * Claim @node for a collection: NULL -> poison. Failure means it is linked somewhere already,
 * which only a refcounted node obtained through bpf_refcount_acquire can be; the reference the
 * program passed in is consumed either way, so on failure it is dropped here.
 */
static bool claim(void **owner, void *node, const struct hive_struct_meta *meta, uint64_t off)
{
	void *expected = NULL;

	if (__atomic_compare_exchange_n(owner, &expected, KFUNC_PTR_POISON, false, __ATOMIC_ACQ_REL,
					__ATOMIC_ACQUIRE))
		return true;
	kfunc_obj_drop((char *)node - off, meta ? meta->record : NULL, false);
	return false;
}

static int list_add(struct hive_bpf_list_head *head, struct hive_bpf_list_node *node, bool tail,
		    const struct hive_struct_meta *meta, uint64_t off)
{
	lazy_init(head);
	if (!claim(&node->owner, node, meta, off))
		return -EINVAL;
	if (tail)
		hive_list_add_tail(&node->link, &head->head);
	else
		hive_list_add(&node->link, &head->head);
	__atomic_store_n(&node->owner, head, __ATOMIC_RELEASE);
	return 0;
}

int kfunc_list_push_front_impl(struct hive_bpf_list_head *head, struct hive_bpf_list_node *node,
			       const struct hive_struct_meta *meta, uint64_t off)
{
	return list_add(head, node, false, meta, off);
}

int kfunc_list_push_back_impl(struct hive_bpf_list_head *head, struct hive_bpf_list_node *node,
			      const struct hive_struct_meta *meta, uint64_t off)
{
	return list_add(head, node, true, meta, off);
}

static struct hive_bpf_list_node *list_del(struct hive_bpf_list_head *head, bool tail)
{
	struct hive_bpf_list_node *node;
	struct hive_list *n;

	lazy_init(head);
	if (hive_list_empty(&head->head))
		return NULL;
	n = tail ? head->head.prev : head->head.next;
	node = container_of(n, struct hive_bpf_list_node, link);
	/* Cannot happen while the verifier's rules hold (the kernel WARNs): refuse, don't unlink. */
	if (__atomic_load_n(&node->owner, __ATOMIC_ACQUIRE) != head)
		return NULL;
	hive_list_del(n); /* leaves n self-linked, as list_del_init */
	__atomic_store_n(&node->owner, NULL, __ATOMIC_RELEASE);
	return node;
}

struct hive_bpf_list_node *kfunc_list_pop_front(struct hive_bpf_list_head *head)
{
	return list_del(head, false);
}

struct hive_bpf_list_node *kfunc_list_pop_back(struct hive_bpf_list_head *head)
{
	return list_del(head, true);
}

struct hive_bpf_list_node *kfunc_list_front(struct hive_bpf_list_head *head)
{
	struct hive_list *h = &head->head;

	if (!h->next || hive_list_empty(h))
		return NULL;
	return container_of(h->next, struct hive_bpf_list_node, link);
}

struct hive_bpf_list_node *kfunc_list_back(struct hive_bpf_list_head *head)
{
	struct hive_list *h = &head->head;

	if (!h->next || hive_list_empty(h))
		return NULL;
	return container_of(h->prev, struct hive_bpf_list_node, link);
}
