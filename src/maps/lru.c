// SPDX-License-Identifier: BSD-2-Clause
/*
 * maps/lru.c: the kernel's BPF LRU algorithm (bpf_lru_list.c), list for list.
 *
 * Every decision follows the kernel so that eviction order matches: which list a node moves
 * to, where in that list (head or tail), the scan limits (nr_scans), the rotation cursor of the
 * inactive list, the local free target (half the per-CPU share of the map, at most 128), the
 * round-robin stealing order. Locks: a CPU's local list lock may be held while taking the
 * global list lock, and the deletion callback takes a hash bucket lock under either; no path
 * takes them in the other order.
 */
#include <errno.h>
#include <stdlib.h>

#include "maps/lru.h"
#include "kfunc/runtime.h"

#define LOCAL_FREE_TARGET 128
#define LOCAL_NR_SCANS LOCAL_FREE_TARGET
#define PERCPU_FREE_TARGET 4
#define PERCPU_NR_SCANS PERCPU_FREE_TARGET

#define node_of(pos) container_of(pos, struct lru_node, list)

static inline bool is_local(uint8_t type)
{
	return type >= LRU_LOCAL_FREE;
}

static inline void set_type(struct lru_node *node, uint8_t type)
{
	__atomic_store_n(&node->type, type, __ATOMIC_RELAXED);
}

static inline void clear_ref(struct lru_node *node)
{
	__atomic_store_n(&node->ref, 0, __ATOMIC_RELAXED);
}

static inline bool is_ref(const struct lru_node *node)
{
	return __atomic_load_n(&node->ref, __ATOMIC_RELAXED);
}

static inline void list_move(struct hive_list *n, struct hive_list *head)
{
	hive_list_del(n);
	hive_list_add(n, head);
}

static void count_inc(struct lru_list *l, uint8_t type)
{
	if (type < 2)
		l->counts[type]++;
}

static void count_dec(struct lru_list *l, uint8_t type)
{
	if (type < 2)
		l->counts[type]--;
}

/* Keep the inactive cursor valid when its node leaves. */
static void cursor_skip(struct lru_list *l, struct lru_node *node)
{
	if (&node->list == l->next_inactive_rotation)
		l->next_inactive_rotation = l->next_inactive_rotation->prev;
}

static void move_to_free(struct lru_list *l, struct lru_node *node, struct hive_list *free_list,
			 uint8_t tgt_type)
{
	if (is_local(node->type))
		return;
	cursor_skip(l, node);
	count_dec(l, node->type);
	set_type(node, tgt_type);
	list_move(&node->list, free_list);
}

/* From a local (pending) list into the LRU list. */
static void move_in(struct lru_list *l, struct lru_node *node, uint8_t tgt_type)
{
	count_inc(l, tgt_type);
	set_type(node, tgt_type);
	clear_ref(node);
	list_move(&node->list, &l->lists[tgt_type]);
}

/* Between or within the active and inactive lists (or to the free list). */
static void move(struct lru_list *l, struct lru_node *node, uint8_t tgt_type)
{
	if (node->type != tgt_type) {
		count_dec(l, node->type);
		count_inc(l, tgt_type);
		set_type(node, tgt_type);
	}
	clear_ref(node);
	cursor_skip(l, node);
	list_move(&node->list, &l->lists[tgt_type]);
}

/*
 * Scan the active list from its tail: referenced nodes go back to its head with the bit
 * cleared (one more chance), the others to the inactive head. Stops after nr_scans nodes or at
 * the node that was first when the scan began.
 */
static void rotate_active(struct lru *lru, struct lru_list *l)
{
	struct hive_list *active = &l->lists[LRU_ACTIVE], *pos, *prev;
	struct hive_list *first = active->next;
	uint32_t i = 0;

	for (pos = active->prev; pos != active; pos = prev) {
		prev = pos->prev;
		move(l, node_of(pos), is_ref(node_of(pos)) ? LRU_ACTIVE : LRU_INACTIVE);
		if (++i == lru->nr_scans || pos == first)
			break;
	}
}

/*
 * Scan the inactive list backwards from the rotation cursor: referenced nodes move to the active
 * head, the others stay for the next shrink. The cursor wraps around the list head and stops
 * one past where it started.
 */
static void rotate_inactive(struct lru *lru, struct lru_list *l)
{
	struct hive_list *inactive = &l->lists[LRU_INACTIVE];
	struct hive_list *cur, *last, *next = inactive;
	uint32_t i = 0;

	if (hive_list_empty(inactive))
		return;
	last = l->next_inactive_rotation->next;
	if (last == inactive)
		last = last->next;
	cur = l->next_inactive_rotation;
	while (i < lru->nr_scans) {
		if (cur == inactive) {
			cur = cur->prev;
			continue;
		}
		next = cur->prev;
		if (is_ref(node_of(cur)))
			move(l, node_of(cur), LRU_ACTIVE);
		if (cur == last)
			break;
		cur = next;
		i++;
	}
	l->next_inactive_rotation = next;
}

/* Take unreferenced nodes from the inactive tail that the hash table agrees to drop. */
static uint32_t shrink_inactive(struct lru *lru, struct lru_list *l, uint32_t tgt,
				struct hive_list *free_list, uint8_t free_type)
{
	struct hive_list *inactive = &l->lists[LRU_INACTIVE], *pos, *prev;
	uint32_t n = 0, i = 0;

	for (pos = inactive->prev; pos != inactive; pos = prev) {
		struct lru_node *node = node_of(pos);

		prev = pos->prev;
		if (is_ref(node)) {
			move(l, node, LRU_ACTIVE);
		} else if (lru->del(lru->del_arg, node)) {
			move_to_free(l, node, free_list, free_type);
			if (++n == tgt)
				break;
		}
		if (++i == lru->nr_scans)
			break;
	}
	return n;
}

static void rotate(struct lru *lru, struct lru_list *l)
{
	if (l->counts[LRU_INACTIVE] < l->counts[LRU_ACTIVE])
		rotate_active(lru, l);
	rotate_inactive(lru, l);
}

/* Shrink; if nothing came free, force one node out ignoring reference bits (inactive first). */
static uint32_t shrink(struct lru *lru, struct lru_list *l, uint32_t tgt,
		       struct hive_list *free_list, uint8_t free_type)
{
	struct hive_list *force, *pos, *prev;
	uint32_t n = shrink_inactive(lru, l, tgt, free_list, free_type);

	if (n)
		return n;
	force = !hive_list_empty(&l->lists[LRU_INACTIVE]) ? &l->lists[LRU_INACTIVE] :
							    &l->lists[LRU_ACTIVE];
	for (pos = force->prev; pos != force; pos = prev) {
		prev = pos->prev;
		if (lru->del(lru->del_arg, node_of(pos))) {
			move_to_free(l, node_of(pos), free_list, free_type);
			return 1;
		}
	}
	return 0;
}

static void local_flush(struct lru_list *l, struct lru_locallist *loc)
{
	struct hive_list *pos, *prev;

	for (pos = loc->pending.prev; pos != &loc->pending; pos = prev) {
		prev = pos->prev;
		move_in(l, node_of(pos), is_ref(node_of(pos)) ? LRU_ACTIVE : LRU_INACTIVE);
	}
}

static void pop_free_to_local(struct lru *lru, struct lru_locallist *loc)
{
	struct lru_list *l = &lru->common;
	struct hive_list *pos, *next;
	uint32_t nfree = 0;

	maps_lock(&l->lock);
	local_flush(l, loc);
	rotate(lru, l);
	for (pos = l->lists[LRU_FREE].next; pos != &l->lists[LRU_FREE]; pos = next) {
		next = pos->next;
		move_to_free(l, node_of(pos), &loc->free, LRU_LOCAL_FREE);
		if (++nfree == lru->target_free)
			break;
	}
	if (nfree < lru->target_free)
		shrink(lru, l, lru->target_free - nfree, &loc->free, LRU_LOCAL_FREE);
	maps_unlock(&l->lock);
}

static void add_pending(struct lru *lru, struct lru_locallist *loc, uint32_t cpu,
			struct lru_node *node, uint32_t hash)
{
	*(uint32_t *)((char *)node + (int32_t)lru->hash_offset) = hash;
	node->cpu = (uint16_t)cpu;
	set_type(node, LRU_LOCAL_PENDING);
	clear_ref(node);
	hive_list_add(&node->list, &loc->pending);
}

static struct lru_node *local_pop_free(struct lru_locallist *loc)
{
	struct hive_list *first = loc->free.next;

	if (first == &loc->free)
		return NULL;
	hive_list_del(first);
	return node_of(first);
}

/* Oldest pending node the hash table lets go, preferring unreferenced ones. */
static struct lru_node *local_pop_pending(struct lru *lru, struct lru_locallist *loc)
{
	for (int force = 0; force < 2; force++) {
		for (struct hive_list *pos = loc->pending.prev; pos != &loc->pending;
		     pos = pos->prev) {
			struct lru_node *node = node_of(pos);

			if ((!is_ref(node) || force) && lru->del(lru->del_arg, node)) {
				hive_list_del(pos);
				return node;
			}
		}
	}
	return NULL;
}

static struct lru_node *common_pop_free(struct lru *lru, uint32_t hash)
{
	uint32_t cpu = kfunc_this_cpu() % lru->nr_cpus, steal, first_steal;
	struct lru_locallist *loc = &lru->local[cpu];
	struct lru_node *node;

	maps_lock(&loc->lock);
	node = local_pop_free(loc);
	if (!node) {
		pop_free_to_local(lru, loc);
		node = local_pop_free(loc);
	}
	if (node)
		add_pending(lru, loc, cpu, node, hash);
	maps_unlock(&loc->lock);
	if (node)
		return node;

	/* Nothing free here or globally: steal round-robin from the CPUs' local lists. */
	first_steal = __atomic_load_n(&loc->next_steal, __ATOMIC_RELAXED);
	steal = first_steal;
	do {
		struct lru_locallist *sl = &lru->local[steal];

		maps_lock(&sl->lock);
		node = local_pop_free(sl);
		if (!node)
			node = local_pop_pending(lru, sl);
		maps_unlock(&sl->lock);
		steal = (steal + 1) % lru->nr_cpus;
	} while (!node && steal != first_steal);
	__atomic_store_n(&loc->next_steal, steal, __ATOMIC_RELAXED);
	if (node) {
		maps_lock(&loc->lock);
		add_pending(lru, loc, cpu, node, hash);
		maps_unlock(&loc->lock);
	}
	return node;
}

static struct lru_node *percpu_pop_free(struct lru *lru, uint32_t hash)
{
	struct lru_list *l = &lru->percpu[kfunc_this_cpu() % lru->nr_cpus];
	struct hive_list *free_list = &l->lists[LRU_FREE];
	struct lru_node *node = NULL;

	maps_lock(&l->lock);
	rotate(lru, l);
	if (hive_list_empty(free_list))
		shrink(lru, l, PERCPU_FREE_TARGET, free_list, LRU_FREE);
	if (!hive_list_empty(free_list)) {
		node = node_of(free_list->next);
		*(uint32_t *)((char *)node + (int32_t)lru->hash_offset) = hash;
		clear_ref(node);
		move(l, node, LRU_INACTIVE);
	}
	maps_unlock(&l->lock);
	return node;
}

struct lru_node *lru_pop_free(struct lru *lru, uint32_t hash)
{
	return lru->is_percpu ? percpu_pop_free(lru, hash) : common_pop_free(lru, hash);
}

static void common_push_free(struct lru *lru, struct lru_node *node)
{
	uint8_t type = __atomic_load_n(&node->type, __ATOMIC_RELAXED);

	if (type == LRU_FREE || type == LRU_LOCAL_FREE)
		return; /* already free: a kernel WARN */
	if (type == LRU_LOCAL_PENDING) {
		struct lru_locallist *loc = &lru->local[node->cpu];

		maps_lock(&loc->lock);
		/* it may have been flushed into the LRU list since we looked */
		if (node->type == LRU_LOCAL_PENDING) {
			set_type(node, LRU_LOCAL_FREE);
			clear_ref(node);
			list_move(&node->list, &loc->free);
			maps_unlock(&loc->lock);
			return;
		}
		maps_unlock(&loc->lock);
	}
	maps_lock(&lru->common.lock);
	move(&lru->common, node, LRU_FREE);
	maps_unlock(&lru->common.lock);
}

void lru_push_free(struct lru *lru, struct lru_node *node)
{
	struct lru_list *l;

	if (!lru->is_percpu) {
		common_push_free(lru, node);
		return;
	}
	l = &lru->percpu[node->cpu];
	maps_lock(&l->lock);
	move(l, node, LRU_FREE);
	maps_unlock(&l->lock);
}

static void list_init(struct lru_list *l)
{
	for (int i = 0; i < 3; i++)
		hive_list_init(&l->lists[i]);
	l->counts[0] = l->counts[1] = 0;
	l->next_inactive_rotation = &l->lists[LRU_INACTIVE];
	l->lock.v = 0;
}

int lru_init(struct lru *lru, bool percpu, uint32_t nr_cpus, uint32_t hash_offset, lru_del_fn del,
	     void *del_arg)
{
	lru->is_percpu = percpu;
	lru->nr_cpus = nr_cpus;
	lru->del = del;
	lru->del_arg = del_arg;
	lru->hash_offset = hash_offset;
	if (percpu) {
		lru->percpu = calloc(nr_cpus, sizeof(*lru->percpu));
		if (!lru->percpu)
			return -ENOMEM;
		for (uint32_t c = 0; c < nr_cpus; c++)
			list_init(&lru->percpu[c]);
		lru->nr_scans = PERCPU_NR_SCANS;
		return 0;
	}
	lru->local = calloc(nr_cpus, sizeof(*lru->local));
	if (!lru->local)
		return -ENOMEM;
	for (uint32_t c = 0; c < nr_cpus; c++) {
		hive_list_init(&lru->local[c].free);
		hive_list_init(&lru->local[c].pending);
		lru->local[c].next_steal = c;
	}
	list_init(&lru->common);
	lru->nr_scans = LOCAL_NR_SCANS;
	return 0;
}

void lru_destroy(struct lru *lru)
{
	free(lru->percpu);
	free(lru->local);
}

static void populate_node(struct lru_node *node, struct lru_list *l, uint32_t cpu)
{
	node->cpu = (uint16_t)cpu;
	set_type(node, LRU_FREE);
	clear_ref(node);
	hive_list_add(&node->list, &l->lists[LRU_FREE]);
}

void lru_populate(struct lru *lru, void *buf, uint32_t node_offset, uint32_t elem_size, uint32_t nr)
{
	char *p = buf;

	if (!lru->is_percpu) {
		uint32_t share = (nr / lru->nr_cpus) / 2;

		for (uint32_t i = 0; i < nr; i++, p += elem_size)
			populate_node((struct lru_node *)(p + node_offset), &lru->common, 0);
		lru->target_free = share < 1		     ? 1 :
				   share > LOCAL_FREE_TARGET ? LOCAL_FREE_TARGET :
							       share;
		return;
	}
	/* an equal share per CPU (the map size was rounded to a multiple of the CPU count) */
	uint32_t per_cpu = nr / lru->nr_cpus, i = 0;

	for (uint32_t cpu = 0; cpu < lru->nr_cpus && i < nr; cpu++) {
		do {
			populate_node((struct lru_node *)(p + node_offset), &lru->percpu[cpu], cpu);
			p += elem_size;
			i++;
		} while (i < nr && i % per_cpu);
	}
}
