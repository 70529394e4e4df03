/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * maps/lru.h: the LRU lists behind LRU_HASH and LRU_PERCPU_HASH, with the kernel's algorithm
 * (kernel/bpf/bpf_lru_list.c) so that the same sequence of updates evicts the same keys:
 * an active and an inactive list with reference bits and a rotating inactive cursor, shrinking
 * from the inactive tail; in the common (shared) mode each CPU keeps a local free list and a
 * pending list of nodes it handed out, refilled target_free nodes at a time from the global
 * list and stealing from other CPUs when everything is in use; in the per-CPU mode
 * (BPF_F_NO_COMMON_LRU) each CPU has a private list.
 *
 * Nodes are embedded in hash elements. Eviction calls back into the hash table (del_fn) to
 * unlink the victim under its bucket lock; the callback says whether it found it there.
 */
#ifndef __HIVE_MAPS_LRU_H
#define __HIVE_MAPS_LRU_H

#include <stdbool.h>
#include <stdint.h>

#include "common/list.h"
#include "maps/map_internal.h"

enum lru_list_type {
	LRU_ACTIVE,
	LRU_INACTIVE,
	LRU_FREE,
	LRU_LOCAL_FREE,
	LRU_LOCAL_PENDING,
};

struct lru_node {
	struct hive_list list;
	uint16_t cpu;
	uint8_t type;
	uint8_t ref; /* set by lookups, read and cleared under the list lock */
};

struct lru_list {
	struct hive_list lists[3]; /* active, inactive, free */
	uint32_t counts[2]; /* active, inactive */
	struct hive_list *next_inactive_rotation;
	struct maps_lock lock;
};

struct lru_locallist {
	struct hive_list free;
	struct hive_list pending;
	uint32_t next_steal;
	struct maps_lock lock;
};

typedef bool (*lru_del_fn)(void *arg, struct lru_node *node);

struct lru {
	struct lru_list common; /* shared mode */
	struct lru_locallist *local; /* shared mode, one per CPU */
	struct lru_list *percpu; /* per-CPU mode, one per CPU */
	lru_del_fn del;
	void *del_arg;
	uint32_t hash_offset; /* where pop_free stores the new element's hash, from the node */
	uint32_t target_free;
	uint32_t nr_scans;
	uint32_t nr_cpus;
	bool is_percpu;
};

int lru_init(struct lru *lru, bool percpu, uint32_t nr_cpus, uint32_t hash_offset, lru_del_fn del,
	     void *del_arg);
void lru_destroy(struct lru *lru);
/* Put @nr nodes (at @node_offset in elements of @elem_size bytes from @buf) on free lists. */
void lru_populate(struct lru *lru, void *buf, uint32_t node_offset, uint32_t elem_size,
		  uint32_t nr);
/* A free node for the calling CPU, evicting if needed; NULL only if nothing can be freed. */
struct lru_node *lru_pop_free(struct lru *lru, uint32_t hash);
void lru_push_free(struct lru *lru, struct lru_node *node);

static inline void lru_set_ref(struct lru_node *node)
{
	if (!__atomic_load_n(&node->ref, __ATOMIC_RELAXED))
		__atomic_store_n(&node->ref, 1, __ATOMIC_RELAXED);
}

#endif /* __HIVE_MAPS_LRU_H */
