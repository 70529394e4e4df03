// SPDX-License-Identifier: BSD-2-Clause
/*
 * maps/hash.c: HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH and HASH_OF_MAPS, after the
 * kernel's hashtab.c.
 *
 * Layout, as the kernel's: n_buckets = roundup_pow_of_two(max_entries) buckets, each a spin
 * lock and a singly linked chain; an element's bucket is jhash(key, seed) & (n_buckets - 1) and
 * new elements go to the head of the chain. With the same seed (BPF_F_ZERO_SEED) the key order
 * of get_next_key is therefore the kernel's.
 *
 *   struct htab_elem:  next | free-list / rcu / lru node | hash | pptr | key (8-aligned) | value
 *
 * Lookups take no lock. Chains end in a "nulls" marker naming their bucket: preallocated
 * elements are reused at once after a delete (as in the kernel, so a full map accepts a new key
 * right after a delete), and a reader that followed a reused element into another chain sees
 * the wrong marker at the end and starts over. Memory is never returned while a program may
 * read it: preallocated elements live as long as the map, others are freed through RCU.
 *
 * Preallocation (the default): max_entries elements on a free list; popping from an empty
 * list is -E2BIG. A plain HASH also keeps one spare per CPU for replacing an existing key, so a
 * full map still accepts updates of present keys (the kernel's extra_elems). Without
 * preallocation a counter enforces max_entries. LRU maps take a free element from maps/lru.c
 * before locking the bucket, evicting when needed.
 */
#include <errno.h>
#include <stdlib.h>

#include "maps/lru.h"
#include "maps/map_internal.h"
#include "kfunc/fields.h"
#include "kfunc/runtime.h"

#define HTAB_CREATE_FLAG_MASK                                                                \
	(HIVE_F_NO_PREALLOC | HIVE_F_NO_COMMON_LRU | HIVE_F_NUMA_NODE | HIVE_F_ACCESS_MASK | \
	 HIVE_F_ZERO_SEED)
#define PCPU_MIN_UNIT_SIZE (32 << 10)
#define KMALLOC_MAX_SIZE (4UL << 20)

struct htab_elem {
	struct htab_elem *next;
	union {
		struct htab_elem *free_next;
		struct kfunc_rcu_head rcu;
		struct lru_node lru;
	};
	uint32_t hash;
	uint32_t pad;
	void *pptr;
	char key[] __attribute__((aligned(8)));
};

struct htab_bucket {
	struct htab_elem *head;
	struct maps_lock lock;
};

struct htab {
	struct hive_map_impl map;
	struct htab_bucket *buckets;
	uint32_t n_buckets;
	uint32_t hashrnd;
	uint32_t elem_size;
	uint32_t key_round;
	uint32_t value_round; /* one value (one CPU's for per-CPU maps) */
	bool prealloc, percpu, is_lru, of_maps;
	char *elems; /* preallocated elements */
	char *pcpu_area; /* preallocated per-CPU values */
	uint32_t nr_elems;
	struct maps_lock free_lock;
	struct htab_elem *free_list;
	struct htab_elem *spare_list;
	int count; /* linked elements, atomic (enforces max_entries without preallocation) */
	struct lru lru;
};

static inline struct htab *htab_of(struct hive_map_impl *map)
{
	return container_of(map, struct htab, map);
}

/* ---- nulls-terminated chains ---- */

static inline struct htab_elem *nulls(uint32_t bucket)
{
	return (struct htab_elem *)(((uintptr_t)bucket << 1) | 1);
}

static inline bool is_nulls(const struct htab_elem *p)
{
	return (uintptr_t)p & 1;
}

static inline uint32_t nulls_value(const struct htab_elem *p)
{
	return (uint32_t)((uintptr_t)p >> 1);
}

static inline struct htab_bucket *bucket_of(struct htab *h, uint32_t hash)
{
	return &h->buckets[hash & (h->n_buckets - 1)];
}

static inline void *elem_value(struct htab *h, struct htab_elem *l)
{
	return l->key + h->key_round;
}

static inline void *elem_cpu_value(struct htab *h, struct htab_elem *l, uint32_t cpu)
{
	return (char *)l->pptr + (size_t)cpu * h->value_round;
}

/* Lockless: restart when the walk ended in another bucket's chain (a reused element). */
static struct htab_elem *lookup_nulls(struct htab *h, uint32_t hash, const void *key)
{
	uint32_t idx = hash & (h->n_buckets - 1), ksz = h->map.key_size;
	struct htab_elem *p;

again:
	p = __atomic_load_n(&h->buckets[idx].head, __ATOMIC_ACQUIRE);
	while (!is_nulls(p)) {
		if (p->hash == hash && !memcmp(p->key, key, ksz))
			return p;
		p = __atomic_load_n(&p->next, __ATOMIC_ACQUIRE);
	}
	if (unlikely(nulls_value(p) != idx))
		goto again;
	return NULL;
}

/* Under the bucket lock. */
static struct htab_elem *lookup_locked(struct htab *h, struct htab_bucket *b, uint32_t hash,
				       const void *key)
{
	for (struct htab_elem *p = b->head; !is_nulls(p); p = p->next)
		if (p->hash == hash && !memcmp(p->key, key, h->map.key_size))
			return p;
	return NULL;
}

static void link_head(struct htab_bucket *b, struct htab_elem *l)
{
	l->next = b->head;
	__atomic_store_n(&b->head, l, __ATOMIC_RELEASE);
}

/* Unlink @l from @b (under its lock); @l->next stays valid for readers standing on it. */
static bool unlink_elem(struct htab_bucket *b, struct htab_elem *l)
{
	struct htab_elem **pp = &b->head;

	while (!is_nulls(*pp)) {
		if (*pp == l) {
			__atomic_store_n(pp, l->next, __ATOMIC_RELEASE);
			return true;
		}
		pp = &(*pp)->next;
	}
	return false;
}

static inline uint32_t key_hash(struct htab *h, const void *key)
{
	return maps_key_hash(key, h->map.key_size, h->hashrnd);
}

/* ---- element allocation ---- */

static struct htab_elem *list_pop(struct htab *h, struct htab_elem **list)
{
	struct htab_elem *l;

	maps_lock(&h->free_lock);
	l = *list;
	if (l)
		*list = l->free_next;
	maps_unlock(&h->free_lock);
	return l;
}

static void list_push(struct htab *h, struct htab_elem **list, struct htab_elem *l)
{
	maps_lock(&h->free_lock);
	l->free_next = *list;
	*list = l;
	maps_unlock(&h->free_lock);
}

static void free_fields(struct htab *h, struct htab_elem *l)
{
	if (!h->map.record)
		return;
	if (h->percpu)
		for (uint32_t cpu = 0; cpu < h->map.nr_cpus; cpu++)
			kfunc_obj_free_fields(h->map.record, elem_cpu_value(h, l, cpu));
	else
		kfunc_obj_free_fields(h->map.record, elem_value(h, l));
}

/* Released special fields are put back to all-zero: a reused element starts clean. */
static void reset_fields(struct htab *h, struct htab_elem *l)
{
	if (!h->map.record)
		return;
	if (h->percpu)
		for (uint32_t cpu = 0; cpu < h->map.nr_cpus; cpu++)
			kfunc_zero_special_fields(h->map.record, elem_cpu_value(h, l, cpu));
	else
		kfunc_zero_special_fields(h->map.record, elem_value(h, l));
}

static void rcu_free_elem(struct kfunc_rcu_head *head)
{
	struct htab_elem *l = container_of(head, struct htab_elem, rcu);

	free(l->pptr);
	free(l);
}

/* The kernel's free_htab_elem(): what a removed element owned is released now. */
static void free_elem(struct htab *h, struct htab_elem *l)
{
	if (h->of_maps)
		maps_put_deferred(*(struct hive_map_impl **)elem_value(h, l));
	free_fields(h, l);
	if (h->prealloc) {
		reset_fields(h, l);
		list_push(h, &h->free_list, l);
		return;
	}
	__atomic_fetch_sub(&h->count, 1, __ATOMIC_RELAXED);
	kfunc_rcu_call(&l->rcu, rcu_free_elem);
}

/*
 * A new element (key set, value not) for @key, replacing @old if given; ERR_PTR on failure.
 * *@spare tells whether it came from the spares, where the replaced element must then go.
 */
static struct htab_elem *alloc_elem(struct htab *h, const void *key, uint32_t hash,
				    struct htab_elem *old, bool *spare)
{
	struct htab_elem *l = NULL;

	*spare = false;
	if (h->prealloc) {
		if (old && (l = list_pop(h, &h->spare_list)))
			*spare = true;
		if (!l)
			l = list_pop(h, &h->free_list);
		if (!l)
			return ERR_PTR(-E2BIG);
	} else {
		if (!old && __atomic_load_n(&h->count, __ATOMIC_RELAXED) >= (int)h->map.max_entries)
			return ERR_PTR(-E2BIG);
		__atomic_fetch_add(&h->count, 1, __ATOMIC_RELAXED);
		l = calloc(1, h->elem_size);
		if (l && h->percpu && !(l->pptr = calloc(h->map.nr_cpus, h->value_round))) {
			free(l);
			l = NULL;
		}
		if (!l) {
			__atomic_fetch_sub(&h->count, 1, __ATOMIC_RELAXED);
			return ERR_PTR(-ENOMEM);
		}
	}
	memcpy(l->key, key, h->map.key_size);
	l->hash = hash;
	return l;
}

static int check_flags(struct htab_elem *old, uint64_t flags)
{
	if (old && (flags & ~HIVE_F_LOCK) == HIVE_NOEXIST)
		return -EEXIST;
	if (!old && (flags & ~HIVE_F_LOCK) == HIVE_EXIST)
		return -ENOENT;
	return 0;
}

/* ---- per-CPU values ---- */

/* pcpu_copy_value(): this CPU's value, or every CPU's from a user buffer. */
static void pcpu_copy(struct htab *h, struct htab_elem *l, const void *value, bool onallcpus)
{
	const char *in = value;

	if (!onallcpus) {
		kfunc_copy_map_value(h->map.record, elem_cpu_value(h, l, kfunc_this_cpu()), value,
				     h->map.value_size);
		return;
	}
	for (uint32_t cpu = 0; cpu < h->map.nr_cpus; cpu++, in += h->value_round)
		kfunc_copy_map_value(h->map.record, elem_cpu_value(h, l, cpu), in, h->value_round);
}

/* pcpu_init_value(): a program's insert sets this CPU and zeroes the others. */
static void pcpu_init(struct htab *h, struct htab_elem *l, const void *value, bool onallcpus)
{
	uint32_t self = kfunc_this_cpu();

	if (onallcpus) {
		pcpu_copy(h, l, value, true);
		return;
	}
	for (uint32_t cpu = 0; cpu < h->map.nr_cpus; cpu++) {
		if (cpu == self) {
			/* a program's buffer is value_size bytes: copy those, zero the padding */
			char *dst = elem_cpu_value(h, l, cpu);

			kfunc_copy_map_value(h->map.record, dst, value, h->map.value_size);
			memset(dst + h->map.value_size, 0, h->value_round - h->map.value_size);
		} else
			kfunc_zero_map_value(h->map.record, elem_cpu_value(h, l, cpu),
					     h->value_round);
	}
}

/* ---- creation ---- */

static int htab_alloc_check(const struct hive_map_attr *attr)
{
	bool percpu = attr->map_type == HIVE_MAP_TYPE_PERCPU_HASH ||
		      attr->map_type == HIVE_MAP_TYPE_LRU_PERCPU_HASH;
	bool lru = attr->map_type == HIVE_MAP_TYPE_LRU_HASH ||
		   attr->map_type == HIVE_MAP_TYPE_LRU_PERCPU_HASH;
	bool percpu_lru = attr->map_flags & HIVE_F_NO_COMMON_LRU;
	bool prealloc = !(attr->map_flags & HIVE_F_NO_PREALLOC);

	if ((attr->map_flags & ~HTAB_CREATE_FLAG_MASK) || !maps_flags_access_ok(attr->map_flags))
		return -EINVAL;
	if (!lru && percpu_lru)
		return -EINVAL;
	if (lru && !prealloc)
		return -HIVE_ENOTSUPP;
	if ((attr->map_flags & HIVE_F_NUMA_NODE) && (percpu || percpu_lru))
		return -EINVAL;
	if (!attr->max_entries || !attr->key_size || !attr->value_size)
		return -EINVAL;
	if ((uint64_t)attr->key_size + attr->value_size >=
	    KMALLOC_MAX_SIZE - sizeof(struct htab_elem))
		return -E2BIG;
	if (percpu && maps_round8(attr->value_size) > PCPU_MIN_UNIT_SIZE)
		return -E2BIG;
	return 0;
}

static int htab_of_maps_alloc_check(const struct hive_map_attr *attr)
{
	if (attr->value_size != sizeof(uint32_t))
		return -EINVAL;
	if (!attr->inner_map)
		return -EBADF;
	if (attr->inner_map->inner_meta)
		return -EINVAL;
	return htab_alloc_check(attr);
}

static bool lru_del_node(void *arg, struct lru_node *node);

/* Preallocate the elements and put them on the free lists (or the LRU). */
static int prealloc_init(struct htab *h)
{
	uint32_t spares = (!h->percpu && !h->is_lru) ? h->map.nr_cpus : 0;
	uint32_t n = h->map.max_entries + spares;

	h->nr_elems = n;
	h->elems = calloc(n, h->elem_size);
	if (!h->elems)
		return -ENOMEM;
	if (h->percpu) {
		h->pcpu_area = calloc((size_t)n * h->map.nr_cpus, h->value_round);
		if (!h->pcpu_area)
			return -ENOMEM;
	}
	for (uint32_t i = 0; i < n; i++) {
		struct htab_elem *l = (struct htab_elem *)(h->elems + (size_t)i * h->elem_size);

		if (h->percpu)
			l->pptr = h->pcpu_area + (size_t)i * h->map.nr_cpus * h->value_round;
		if (h->is_lru)
			continue;
		if (i < spares)
			list_push(h, &h->spare_list, l);
		else
			list_push(h, &h->free_list, l);
	}
	if (h->is_lru) {
		int err =
			lru_init(&h->lru, h->map.map_flags & HIVE_F_NO_COMMON_LRU, h->map.nr_cpus,
				 offsetof(struct htab_elem, hash) - offsetof(struct htab_elem, lru),
				 lru_del_node, h);

		if (err)
			return err;
		lru_populate(&h->lru, h->elems, offsetof(struct htab_elem, lru), h->elem_size, n);
	}
	return 0;
}

static void htab_free(struct hive_map_impl *map);

static struct hive_map_impl *htab_alloc(const struct hive_map_attr *attr)
{
	struct htab *h = calloc(1, sizeof(*h));
	uint64_t n;
	int err;

	if (!h)
		return ERR_PTR(-ENOMEM);
	err = maps_init_from_attr(&h->map, attr, NULL);
	if (err) {
		free(h);
		return ERR_PTR(err);
	}
	h->percpu = attr->map_type == HIVE_MAP_TYPE_PERCPU_HASH ||
		    attr->map_type == HIVE_MAP_TYPE_LRU_PERCPU_HASH;
	h->is_lru = attr->map_type == HIVE_MAP_TYPE_LRU_HASH ||
		    attr->map_type == HIVE_MAP_TYPE_LRU_PERCPU_HASH;
	h->of_maps = attr->map_type == HIVE_MAP_TYPE_HASH_OF_MAPS;
	h->prealloc = !(attr->map_flags & HIVE_F_NO_PREALLOC);
	if (attr->map_flags & HIVE_F_NO_COMMON_LRU) {
		/* each CPU's list gets the same number of elements, at least one */
		uint32_t c = h->map.nr_cpus;
		uint64_t up = ((uint64_t)attr->max_entries + c - 1) / c * c;

		h->map.max_entries = up <= UINT32_MAX ? (uint32_t)up : attr->max_entries / c * c;
	}
	err = -E2BIG;
	if (h->map.max_entries > (1UL << 31))
		goto err;
	for (n = 1; n < h->map.max_entries; n <<= 1)
		;
	h->n_buckets = (uint32_t)n;
	h->key_round = maps_round8(attr->key_size);
	h->value_round = maps_round8(h->of_maps ? sizeof(void *) : attr->value_size);
	h->elem_size = sizeof(struct htab_elem) + h->key_round + (h->percpu ? 0 : h->value_round);
	h->hashrnd = (attr->map_flags & HIVE_F_ZERO_SEED) ? 0 : maps_next_seed();
	err = -ENOMEM;
	h->buckets = calloc(h->n_buckets, sizeof(*h->buckets));
	if (!h->buckets)
		goto err;
	for (uint32_t i = 0; i < h->n_buckets; i++)
		h->buckets[i].head = nulls(i);
	if (h->prealloc && (err = prealloc_init(h)))
		goto err;
	return &h->map;
err:
	htab_free(&h->map);
	return ERR_PTR(err);
}

#define DEFINE_ALLOC(name, table)                                           \
	static struct hive_map_impl *name(const struct hive_map_attr *attr) \
	{                                                                   \
		struct hive_map_impl *map = htab_alloc(attr);               \
		if (!IS_ERR(map))                                           \
			map->ops = &table;                                  \
		return map;                                                 \
	}
DEFINE_ALLOC(htab_alloc_plain, htab_map_ops)
DEFINE_ALLOC(htab_alloc_percpu, htab_percpu_map_ops)
DEFINE_ALLOC(htab_alloc_lru, htab_lru_map_ops)
DEFINE_ALLOC(htab_alloc_lru_percpu, htab_lru_percpu_map_ops)
DEFINE_ALLOC(htab_alloc_of_maps, htab_of_maps_map_ops)

static void htab_free(struct hive_map_impl *map)
{
	struct htab *h = htab_of(map);

	for (uint32_t i = 0; h->buckets && i < h->n_buckets; i++) {
		struct htab_elem *l = h->buckets[i].head, *next;

		for (; !is_nulls(l); l = next) {
			next = l->next;
			if (h->of_maps)
				maps_put_deferred(*(struct hive_map_impl **)elem_value(h, l));
			free_fields(h, l);
			if (!h->prealloc) {
				free(l->pptr);
				free(l);
			}
		}
	}
	if (h->is_lru)
		lru_destroy(&h->lru);
	free(h->elems);
	free(h->pcpu_area);
	free(h->buckets);
	maps_release_common(map);
	free(h);
}

/* ---- program-side lookups ---- */

static struct htab_elem *find(struct hive_map_impl *map, const void *key)
{
	struct htab *h = htab_of(map);

	return lookup_nulls(h, key_hash(h, key), key);
}

static void *htab_lookup(struct hive_map_impl *map, const void *key)
{
	struct htab_elem *l = find(map, key);

	return l ? elem_value(htab_of(map), l) : NULL;
}

static void *htab_lru_lookup(struct hive_map_impl *map, const void *key)
{
	struct htab_elem *l = find(map, key);

	if (!l)
		return NULL;
	lru_set_ref(&l->lru);
	return elem_value(htab_of(map), l);
}

static void *htab_percpu_lookup(struct hive_map_impl *map, const void *key)
{
	struct htab_elem *l = find(map, key);

	return l ? elem_cpu_value(htab_of(map), l, kfunc_this_cpu()) : NULL;
}

static void *htab_lru_percpu_lookup(struct hive_map_impl *map, const void *key)
{
	struct htab_elem *l = find(map, key);

	if (!l)
		return NULL;
	lru_set_ref(&l->lru);
	return elem_cpu_value(htab_of(map), l, kfunc_this_cpu());
}

static void *htab_percpu_lookup_cpu(struct hive_map_impl *map, const void *key, uint32_t cpu)
{
	struct htab *h = htab_of(map);
	struct htab_elem *l = find(map, key);

	if (!l)
		return NULL;
	if (h->is_lru)
		lru_set_ref(&l->lru);
	return elem_cpu_value(h, l, cpu);
}

static void *htab_of_maps_lookup(struct hive_map_impl *map, const void *key)
{
	void **slot = htab_lookup(map, key);

	return slot ? __atomic_load_n(slot, __ATOMIC_ACQUIRE) : NULL;
}

/* ---- HASH / HASH_OF_MAPS updates ---- */

/* BPF_F_LOCK on an existing element updates it in place under its own lock. */
static long update_locked_in_place(struct htab *h, const void *key, uint32_t hash,
				   const void *value, uint64_t flags, bool *done)
{
	struct htab_elem *old = lookup_nulls(h, hash, key);
	int err = check_flags(old, flags);

	*done = err || old;
	if (!err && old)
		kfunc_copy_map_value_locked(h->map.record, elem_value(h, old), value,
					    h->map.value_size, false);
	return err;
}

/* htab_map_update_elem(): program helper and syscall alike. */
static long htab_update(struct hive_map_impl *map, const void *key, const void *value,
			uint64_t flags)
{
	struct htab *h = htab_of(map);
	uint32_t hash = key_hash(h, key);
	struct htab_bucket *b = bucket_of(h, hash);
	struct htab_elem *old, *l;
	bool done, spare;
	long err;

	if (unlikely((flags & ~HIVE_F_LOCK) > HIVE_EXIST))
		return -EINVAL;
	if (unlikely(flags & HIVE_F_LOCK)) {
		if (!btf_record_has_field(map->record, HIVE_FIELD_SPIN_LOCK))
			return -EINVAL;
		err = update_locked_in_place(h, key, hash, value, flags, &done);
		if (done)
			return err;
	}
	maps_lock(&b->lock);
	old = lookup_locked(h, b, hash, key);
	err = check_flags(old, flags);
	if (err)
		goto out;
	if (unlikely(old && (flags & HIVE_F_LOCK))) {
		kfunc_copy_map_value_locked(map->record, elem_value(h, old), value, map->value_size,
					    false);
		goto out;
	}
	l = alloc_elem(h, key, hash, old, &spare);
	if (IS_ERR(l)) {
		if (!old || PTR_ERR(l) != -E2BIG) {
			err = PTR_ERR(l);
			goto out;
		}
		/* more concurrent replacers than spares: overwrite in place instead */
		kfunc_copy_map_value(map->record, elem_value(h, old), value, map->value_size);
		goto out;
	}
	reset_fields(h, l);
	kfunc_copy_map_value(map->record, elem_value(h, l), value,
			     h->of_maps ? sizeof(void *) : map->value_size);
	link_head(b, l);
	if (old) {
		unlink_elem(b, old);
		if (h->prealloc && !h->of_maps)
			free_fields(h, old);
	}
	maps_unlock(&b->lock);
	if (old && !h->prealloc) {
		free_elem(h, old);
	} else if (old) {
		/* the replaced element takes the place of the one we used, keeping the counts */
		if (h->of_maps)
			maps_put_deferred(*(struct hive_map_impl **)elem_value(h, old));
		reset_fields(h, old);
		list_push(h, spare ? &h->spare_list : &h->free_list, old);
	}
	return 0;
out:
	maps_unlock(&b->lock);
	return err;
}

/* ---- PERCPU_HASH updates: in place for present keys ---- */

static long percpu_update(struct hive_map_impl *map, const void *key, const void *value,
			  uint64_t flags, bool onallcpus)
{
	struct htab *h = htab_of(map);
	uint32_t hash = key_hash(h, key);
	struct htab_bucket *b = bucket_of(h, hash);
	struct htab_elem *old, *l;
	bool spare;
	long err;

	if (unlikely(flags > HIVE_EXIST))
		return -EINVAL;
	maps_lock(&b->lock);
	old = lookup_locked(h, b, hash, key);
	err = check_flags(old, flags);
	if (err)
		goto out;
	if (old) {
		pcpu_copy(h, old, value, onallcpus);
		goto out;
	}
	l = alloc_elem(h, key, hash, NULL, &spare);
	if (IS_ERR(l)) {
		err = PTR_ERR(l);
		goto out;
	}
	reset_fields(h, l);
	pcpu_init(h, l, value, onallcpus);
	link_head(b, l);
out:
	maps_unlock(&b->lock);
	return err;
}

static long htab_percpu_update(struct hive_map_impl *map, const void *key, const void *value,
			       uint64_t flags)
{
	return percpu_update(map, key, value, flags, false);
}

static int htab_percpu_sys_update(struct hive_map_impl *map, const void *key, const void *value,
				  uint64_t flags)
{
	return percpu_update(map, key, value, flags, true);
}

/* ---- LRU updates: take a free element first (may evict), then link ---- */

/* htab_lru_map_delete_node(): the LRU evicts @node if it is still linked. */
static bool lru_del_node(void *arg, struct lru_node *node)
{
	struct htab *h = arg;
	struct htab_elem *l = container_of(node, struct htab_elem, lru);
	struct htab_bucket *b = bucket_of(h, l->hash);
	bool found;

	maps_lock(&b->lock);
	found = unlink_elem(b, l);
	maps_unlock(&b->lock);
	if (found)
		free_fields(h, l);
	return found;
}

static struct htab_elem *lru_pop(struct htab *h, const void *key, uint32_t hash)
{
	struct lru_node *node = lru_pop_free(&h->lru, hash);
	struct htab_elem *l;

	if (!node)
		return NULL;
	l = container_of(node, struct htab_elem, lru);
	memcpy(l->key, key, h->map.key_size);
	reset_fields(h, l);
	return l;
}

static void lru_push(struct htab *h, struct htab_elem *l)
{
	free_fields(h, l);
	lru_push_free(&h->lru, &l->lru);
}

static long htab_lru_update(struct hive_map_impl *map, const void *key, const void *value,
			    uint64_t flags)
{
	struct htab *h = htab_of(map);
	uint32_t hash = key_hash(h, key);
	struct htab_bucket *b = bucket_of(h, hash);
	struct htab_elem *old, *l;
	long err;

	if (unlikely(flags > HIVE_EXIST))
		return -EINVAL;
	l = lru_pop(h, key, hash);
	if (!l)
		return -ENOMEM;
	kfunc_copy_map_value(map->record, elem_value(h, l), value, map->value_size);
	maps_lock(&b->lock);
	old = lookup_locked(h, b, hash, key);
	err = check_flags(old, flags);
	if (!err) {
		link_head(b, l);
		if (old) {
			lru_set_ref(&l->lru);
			unlink_elem(b, old);
		}
	}
	maps_unlock(&b->lock);
	if (err)
		lru_push(h, l);
	else if (old)
		lru_push(h, old);
	return err;
}

static long lru_percpu_update(struct hive_map_impl *map, const void *key, const void *value,
			      uint64_t flags, bool onallcpus)
{
	struct htab *h = htab_of(map);
	uint32_t hash = key_hash(h, key);
	struct htab_bucket *b = bucket_of(h, hash);
	struct htab_elem *old, *l = NULL;
	long err;

	if (unlikely(flags > HIVE_EXIST))
		return -EINVAL;
	/* even a present key costs a pop (and maybe an eviction) unless BPF_EXIST */
	if (flags != HIVE_EXIST && !(l = lru_pop(h, key, hash)))
		return -ENOMEM;
	maps_lock(&b->lock);
	old = lookup_locked(h, b, hash, key);
	err = check_flags(old, flags);
	if (!err && old) {
		lru_set_ref(&old->lru);
		pcpu_copy(h, old, value, onallcpus);
	} else if (!err) {
		pcpu_init(h, l, value, onallcpus);
		link_head(b, l);
		l = NULL;
	}
	maps_unlock(&b->lock);
	if (l)
		lru_push_free(&h->lru, &l->lru);
	return err;
}

static long htab_lru_percpu_update(struct hive_map_impl *map, const void *key, const void *value,
				   uint64_t flags)
{
	return lru_percpu_update(map, key, value, flags, false);
}

static int htab_lru_percpu_sys_update(struct hive_map_impl *map, const void *key, const void *value,
				      uint64_t flags)
{
	return lru_percpu_update(map, key, value, flags, true);
}

/* ---- deletes ---- */

/* Unlink @key's element; returns it (caller releases it) or NULL. */
static struct htab_elem *remove_key(struct htab *h, const void *key)
{
	uint32_t hash = key_hash(h, key);
	struct htab_bucket *b = bucket_of(h, hash);
	struct htab_elem *l;

	maps_lock(&b->lock);
	l = lookup_locked(h, b, hash, key);
	if (l)
		unlink_elem(b, l);
	maps_unlock(&b->lock);
	return l;
}

static void release_removed(struct htab *h, struct htab_elem *l)
{
	if (h->is_lru)
		lru_push(h, l);
	else
		free_elem(h, l);
}

static long htab_delete(struct hive_map_impl *map, const void *key)
{
	struct htab *h = htab_of(map);
	struct htab_elem *l = remove_key(h, key);

	if (!l)
		return -ENOENT;
	release_removed(h, l);
	return 0;
}

static int htab_sys_delete(struct hive_map_impl *map, const void *key)
{
	return htab_delete(map, key);
}

/* ---- user-space side ---- */

static int htab_sys_lookup(struct hive_map_impl *map, const void *key, void *value, uint64_t flags)
{
	struct htab *h = htab_of(map);
	struct htab_elem *l = find(map, key); /* no LRU reference bit from user space */

	if (!l)
		return -ENOENT;
	if (flags & HIVE_F_LOCK)
		kfunc_copy_map_value_locked(map->record, value, elem_value(h, l), map->value_size,
					    true);
	else
		kfunc_copy_map_value(map->record, value, elem_value(h, l), map->value_size);
	kfunc_zero_special_fields(map->record, value);
	return 0;
}

static void percpu_copy_out(struct htab *h, struct htab_elem *l, void *value)
{
	char *out = value;

	for (uint32_t cpu = 0; cpu < h->map.nr_cpus; cpu++, out += h->value_round) {
		kfunc_copy_map_value(h->map.record, out, elem_cpu_value(h, l, cpu), h->value_round);
		kfunc_zero_special_fields(h->map.record, out);
	}
}

static int htab_percpu_sys_lookup(struct hive_map_impl *map, const void *key, void *value,
				  uint64_t flags)
{
	struct htab_elem *l = find(map, key);

	if (!l)
		return -ENOENT;
	percpu_copy_out(htab_of(map), l, value);
	return 0;
}

static int htab_of_maps_sys_lookup(struct hive_map_impl *map, const void *key, void *value,
				   uint64_t flags)
{
	struct hive_map_impl *inner = htab_of_maps_lookup(map, key);

	if (!inner)
		return -ENOENT;
	*(uint32_t *)value = maps_id(inner);
	return 0;
}

static int htab_sys_update(struct hive_map_impl *map, const void *key, const void *value,
			   uint64_t flags)
{
	return (int)map->ops->update(map, key, value, flags);
}

/* bpf_fd_htab_map_update_elem(): the map holds a reference to @obj while it is stored. */
static int htab_of_maps_fd_update(struct hive_map_impl *map, const void *key, void *obj,
				  uint64_t flags)
{
	long err;

	if (!obj)
		return -EBADF;
	if (!maps_meta_equal(map->inner_meta, obj))
		return -EINVAL;
	maps_get(obj);
	err = htab_update(map, key, &obj, flags);
	if (err)
		maps_put(obj);
	return (int)err;
}

static int htab_get_next_key(struct hive_map_impl *map, const void *key, void *next_key)
{
	struct htab *h = htab_of(map);
	struct htab_elem *l, *next;
	uint32_t i = 0;

	if (key && (l = find(map, key))) {
		next = __atomic_load_n(&l->next, __ATOMIC_ACQUIRE);
		if (!is_nulls(next)) {
			memcpy(next_key, next->key, map->key_size);
			return 0;
		}
		i = (l->hash & (h->n_buckets - 1)) + 1;
	}
	/* no key, an unknown key, or the end of a chain: first element of the next buckets */
	for (; i < h->n_buckets; i++) {
		next = __atomic_load_n(&h->buckets[i].head, __ATOMIC_ACQUIRE);
		if (!is_nulls(next)) {
			memcpy(next_key, next->key, map->key_size);
			return 0;
		}
	}
	return -ENOENT;
}

static int htab_sys_lookup_and_delete(struct hive_map_impl *map, const void *key, void *value,
				      uint64_t flags)
{
	struct htab *h = htab_of(map);
	uint32_t hash = key_hash(h, key);
	struct htab_bucket *b = bucket_of(h, hash);
	struct htab_elem *l;

	maps_lock(&b->lock);
	l = lookup_locked(h, b, hash, key);
	if (!l) {
		maps_unlock(&b->lock);
		return -ENOENT;
	}
	if (h->percpu) {
		percpu_copy_out(h, l, value);
	} else {
		if (flags & HIVE_F_LOCK)
			kfunc_copy_map_value_locked(map->record, value, elem_value(h, l),
						    map->value_size, true);
		else
			kfunc_copy_map_value(map->record, value, elem_value(h, l), map->value_size);
		kfunc_zero_special_fields(map->record, value);
	}
	unlink_elem(b, l);
	maps_unlock(&b->lock);
	release_removed(h, l);
	return 0;
}

static long htab_for_each(struct hive_map_impl *map, hive_map_for_each_fn fn, void *ctx)
{
	struct htab *h = htab_of(map);
	uint32_t cpu = kfunc_this_cpu();
	long n = 0;

	for (uint32_t i = 0; i < h->n_buckets; i++) {
		struct htab_elem *l = __atomic_load_n(&h->buckets[i].head, __ATOMIC_ACQUIRE);

		for (; !is_nulls(l); l = __atomic_load_n(&l->next, __ATOMIC_ACQUIRE)) {
			void *val = h->percpu ? elem_cpu_value(h, l, cpu) : elem_value(h, l);

			n++;
			if (fn(map, l->key, val, ctx))
				return n;
		}
	}
	return n;
}

const struct hive_map_ops htab_map_ops = {
	.alloc_check = htab_alloc_check,
	.alloc = htab_alloc_plain,
	.free = htab_free,
	.lookup = htab_lookup,
	.update = htab_update,
	.delete = htab_delete,
	.for_each = htab_for_each,
	.sys_lookup = htab_sys_lookup,
	.sys_update = htab_sys_update,
	.sys_delete = htab_sys_delete,
	.get_next_key = htab_get_next_key,
	.sys_lookup_and_delete = htab_sys_lookup_and_delete,
};

const struct hive_map_ops htab_percpu_map_ops = {
	.alloc_check = htab_alloc_check,
	.alloc = htab_alloc_percpu,
	.free = htab_free,
	.lookup = htab_percpu_lookup,
	.update = htab_percpu_update,
	.delete = htab_delete,
	.lookup_percpu = htab_percpu_lookup_cpu,
	.for_each = htab_for_each,
	.sys_lookup = htab_percpu_sys_lookup,
	.sys_update = htab_percpu_sys_update,
	.sys_delete = htab_sys_delete,
	.get_next_key = htab_get_next_key,
	.sys_lookup_and_delete = htab_sys_lookup_and_delete,
};

const struct hive_map_ops htab_lru_map_ops = {
	.alloc_check = htab_alloc_check,
	.alloc = htab_alloc_lru,
	.free = htab_free,
	.lookup = htab_lru_lookup,
	.update = htab_lru_update,
	.delete = htab_delete,
	.for_each = htab_for_each,
	.sys_lookup = htab_sys_lookup,
	.sys_update = htab_sys_update,
	.sys_delete = htab_sys_delete,
	.get_next_key = htab_get_next_key,
	.sys_lookup_and_delete = htab_sys_lookup_and_delete,
};

const struct hive_map_ops htab_lru_percpu_map_ops = {
	.alloc_check = htab_alloc_check,
	.alloc = htab_alloc_lru_percpu,
	.free = htab_free,
	.lookup = htab_lru_percpu_lookup,
	.update = htab_lru_percpu_update,
	.delete = htab_delete,
	.lookup_percpu = htab_percpu_lookup_cpu,
	.for_each = htab_for_each,
	.sys_lookup = htab_percpu_sys_lookup,
	.sys_update = htab_lru_percpu_sys_update,
	.sys_delete = htab_sys_delete,
	.get_next_key = htab_get_next_key,
	.sys_lookup_and_delete = htab_sys_lookup_and_delete,
};

const struct hive_map_ops htab_of_maps_map_ops = {
	.alloc_check = htab_of_maps_alloc_check,
	.alloc = htab_alloc_of_maps,
	.free = htab_free,
	.lookup = htab_of_maps_lookup,
	.delete = htab_delete,
	.sys_lookup = htab_of_maps_sys_lookup,
	.sys_delete = htab_sys_delete,
	.get_next_key = htab_get_next_key,
	.fd_update = htab_of_maps_fd_update,
};
