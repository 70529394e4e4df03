/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * common/list.h: intrusive circular doubly linked list in the shape of the kernel's list.h,
 * for the library's own bookkeeping. (The BPF-visible bpf_list_head is in kfunc/, because its
 * layout and owner rules are the kernel's ABI, not a convenience.)
 */
#ifndef __HIVE_COMMON_LIST_H
#define __HIVE_COMMON_LIST_H

#include <stdbool.h>
#include "common/err.h"

struct hive_list {
	struct hive_list *next, *prev;
};

#define HIVE_LIST_INIT(name)     \
	{                        \
		&(name), &(name) \
	}

static inline void hive_list_init(struct hive_list *h)
{
	h->next = h->prev = h;
}

static inline bool hive_list_empty(const struct hive_list *h)
{
	return h->next == h;
}

static inline void __hive_list_add(struct hive_list *n, struct hive_list *prev,
				   struct hive_list *next)
{
	next->prev = n;
	n->next = next;
	n->prev = prev;
	prev->next = n;
}

static inline void hive_list_add(struct hive_list *n, struct hive_list *head)
{
	__hive_list_add(n, head, head->next);
}

static inline void hive_list_add_tail(struct hive_list *n, struct hive_list *head)
{
	__hive_list_add(n, head->prev, head);
}

static inline void hive_list_del(struct hive_list *e)
{
	e->next->prev = e->prev;
	e->prev->next = e->next;
	e->next = e->prev = e;
}

#define list_entry(ptr, type, member) container_of(ptr, type, member)

#define list_for_each_entry(pos, head, member)                                             \
	for (pos = list_entry((head)->next, typeof(*pos), member); &pos->member != (head); \
	     pos = list_entry(pos->member.next, typeof(*pos), member))

#define list_for_each_entry_safe(pos, n, head, member)              \
	for (pos = list_entry((head)->next, typeof(*pos), member),  \
	    n = list_entry(pos->member.next, typeof(*pos), member); \
	     &pos->member != (head); pos = n, n = list_entry(n->member.next, typeof(*n), member))

#endif /* __HIVE_COMMON_LIST_H */
