// SPDX-License-Identifier: BSD-2-Clause
/*
 * maps/map.c: map creation, references and the checks the bpf() syscall does before a map type
 * sees a request (syscall.c's map_create(), map_check_btf(), map_lookup_elem(), ...).
 *
 * Per-type behaviour lives in the type files (array.c, hash.c, queue_stack.c, bloom.c,
 * ringbuf.c); this file only knows which ops table serves which map type, the generic
 * validation order, and the special-field restrictions of spec A.4 rule 13.
 */
#include <errno.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "maps/map_internal.h"
#include "kfunc/runtime.h"

static const struct hive_map_ops *const map_types[HIVE_MAP_TYPE_MAX] = {
	[HIVE_MAP_TYPE_HASH] = &htab_map_ops,
	[HIVE_MAP_TYPE_ARRAY] = &array_map_ops,
	[HIVE_MAP_TYPE_PROG_ARRAY] = &prog_array_map_ops,
	[HIVE_MAP_TYPE_PERCPU_HASH] = &htab_percpu_map_ops,
	[HIVE_MAP_TYPE_PERCPU_ARRAY] = &percpu_array_map_ops,
	[HIVE_MAP_TYPE_LRU_HASH] = &htab_lru_map_ops,
	[HIVE_MAP_TYPE_LRU_PERCPU_HASH] = &htab_lru_percpu_map_ops,
	[HIVE_MAP_TYPE_ARRAY_OF_MAPS] = &array_of_maps_map_ops,
	[HIVE_MAP_TYPE_HASH_OF_MAPS] = &htab_of_maps_map_ops,
	[HIVE_MAP_TYPE_QUEUE] = &queue_map_ops,
	[HIVE_MAP_TYPE_STACK] = &stack_map_ops,
	[HIVE_MAP_TYPE_RINGBUF] = &ringbuf_map_ops,
	[HIVE_MAP_TYPE_BLOOM_FILTER] = &bloom_filter_map_ops,
};

static _Atomic uint32_t next_map_id = 1;
static _Atomic uint64_t seed_state = 0x9e3779b97f4a7c15ULL;
static const struct hive_prog_ref_ops *prog_ref_ops;

/* ---- helpers shared with the type files ---- */

uint32_t maps_jhash(const void *key, uint32_t len, uint32_t initval)
{
	const uint8_t *k = key;
	uint32_t a, b, c, w[3];

	a = b = c = MAPS_JHASH_INITVAL + len + initval;
	while (len > 12) {
		memcpy(w, k, 12);
		a += w[0];
		b += w[1];
		c += w[2];
		MAPS_JHASH_MIX(a, b, c);
		len -= 12;
		k += 12;
	}
	if (!len)
		return c;
	/* The last 1..12 bytes, added byte by byte as the kernel does (little-endian). */
	for (uint32_t i = 0; i < len; i++) {
		uint32_t v = (uint32_t)k[i] << (8 * (i % 4));

		if (i < 4)
			a += v;
		else if (i < 8)
			b += v;
		else
			c += v;
	}
	MAPS_JHASH_FINAL(a, b, c);
	return c;
}

uint32_t maps_next_seed(void)
{
	/* splitmix64: a fixed sequence unless the caller picks another start */
	uint64_t z = atomic_fetch_add(&seed_state, 0x9e3779b97f4a7c15ULL) + 0x9e3779b97f4a7c15ULL;

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return (uint32_t)(z ^ (z >> 31));
}

void maps_set_hash_seed(uint64_t seed)
{
	atomic_store(&seed_state, seed);
}

int maps_init_from_attr(struct hive_map_impl *map, const struct hive_map_attr *attr,
			const struct hive_map_ops *ops)
{
	map->ops = ops;
	map->map_type = attr->map_type;
	map->key_size = attr->key_size;
	map->value_size = attr->value_size;
	map->max_entries = attr->max_entries;
	map->map_flags = attr->map_flags;
	map->map_extra = attr->map_extra;
	map->nr_cpus = kfunc_nr_cpus();
	map->refcnt = 1;
	if (attr->name)
		strncpy(map->name, attr->name, sizeof(map->name) - 1);
	if (attr->record && attr->record->cnt) {
		map->record = btf_record_dup(attr->record);
		if (!map->record)
			return -ENOMEM;
	}
	if (attr->inner_map) {
		map->inner_meta = maps_meta_alloc(attr->inner_map);
		if (!map->inner_meta) {
			btf_record_free(map->record);
			return -ENOMEM;
		}
	}
	map->id = atomic_fetch_add(&next_map_id, 1);
	return 0;
}

void maps_release_common(struct hive_map_impl *map)
{
	btf_record_free(map->record);
	maps_meta_free(map->inner_meta);
}

struct hive_map_impl *maps_meta_alloc(struct hive_map_impl *inner)
{
	struct hive_map_impl *meta = malloc(sizeof(*meta));

	if (!meta)
		return NULL;
	*meta = *inner;
	meta->record = btf_record_dup(inner->record);
	if (inner->record && !meta->record) {
		free(meta);
		return NULL;
	}
	meta->inner_meta = NULL;
	meta->refcnt = 0;
	return meta;
}

void maps_meta_free(struct hive_map_impl *meta)
{
	if (!meta)
		return;
	btf_record_free(meta->record);
	free(meta);
}

static bool record_equal(const struct hive_record *a, const struct hive_record *b)
{
	uint32_t na = a ? a->cnt : 0, nb = b ? b->cnt : 0;

	if (na != nb)
		return false;
	for (uint32_t i = 0; i < na; i++) {
		const struct hive_field *fa = &a->fields[i], *fb = &b->fields[i];

		if (fa->offset != fb->offset || fa->size != fb->size || fa->kind != fb->kind)
			return false;
		if ((fa->kind & (HIVE_FIELD_KPTR | HIVE_FIELD_UPTR)) &&
		    !hive_type_id_eq(fa->kptr.type, fb->kptr.type))
			return false;
		if ((fa->kind & HIVE_FIELD_GRAPH_ROOT) &&
		    (!hive_type_id_eq(fa->graph_root.value_type, fb->graph_root.value_type) ||
		     fa->graph_root.node_offset != fb->graph_root.node_offset))
			return false;
	}
	return true;
}

bool maps_meta_equal(const struct hive_map_impl *meta, const struct hive_map_impl *inner)
{
	if (meta->map_type != inner->map_type || meta->key_size != inner->key_size ||
	    meta->value_size != inner->value_size || meta->map_flags != inner->map_flags ||
	    !record_equal(meta->record, inner->record))
		return false;
	/* Arrays also compare sizes unless declared BPF_F_INNER_MAP (array_map_meta_equal). */
	if (meta->map_type == HIVE_MAP_TYPE_ARRAY || meta->map_type == HIVE_MAP_TYPE_PERCPU_ARRAY)
		return (meta->map_flags & HIVE_F_INNER_MAP) ||
		       meta->max_entries == inner->max_entries;
	return true;
}

struct deferred_put {
	struct kfunc_rcu_head rcu;
	void *obj;
	bool is_prog;
};

static void put_now(void *obj, bool is_prog);

static void deferred_put_cb(struct kfunc_rcu_head *head)
{
	struct deferred_put *d = container_of(head, struct deferred_put, rcu);

	put_now(d->obj, d->is_prog);
	free(d);
}

static void put_now(void *obj, bool is_prog)
{
	if (!is_prog)
		maps_put(obj);
	else if (prog_ref_ops && prog_ref_ops->put)
		prog_ref_ops->put(obj);
}

static void put_deferred(void *obj, bool is_prog)
{
	struct deferred_put *d = malloc(sizeof(*d));

	if (!d) {
		/* No memory to defer: wait for the running programs instead, if we may. */
		if (kfunc_rcu_synchronize())
			return; /* inside a run: leak the reference rather than free under it */
		put_now(obj, is_prog);
		return;
	}
	d->obj = obj;
	d->is_prog = is_prog;
	kfunc_rcu_call(&d->rcu, deferred_put_cb);
}

void maps_put_deferred(struct hive_map_impl *map)
{
	put_deferred(map, false);
}

void maps_prog_put_deferred(void *prog)
{
	put_deferred(prog, true);
}

void maps_prog_get(void *prog)
{
	if (prog_ref_ops && prog_ref_ops->get)
		prog_ref_ops->get(prog);
}

uint32_t maps_prog_id(const void *prog)
{
	return prog_ref_ops && prog_ref_ops->id ? prog_ref_ops->id(prog) : 0;
}

void maps_set_prog_ref_ops(const struct hive_prog_ref_ops *ops)
{
	prog_ref_ops = ops;
}

uint32_t maps_id(const struct hive_map_impl *map)
{
	return map->id;
}

/* ---- creation ---- */

static bool name_ok(const char *name)
{
	/* bpf_obj_name_cpy(): [A-Za-z0-9_.], at most 15 characters */
	size_t i;

	if (!name)
		return true;
	for (i = 0; name[i]; i++) {
		char c = name[i];

		if (i >= 15)
			return false;
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '_' || c == '.'))
			return false;
	}
	return true;
}

static bool type_in(uint32_t type, const uint32_t *types, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (types[i] == type)
			return true;
	return false;
}

/* map_check_btf()'s special-field checks (spec A.4 rule 13), storage map types aside. */
static int check_fields(const struct hive_map_attr *attr)
{
	static const uint32_t lock_types[] = { HIVE_MAP_TYPE_HASH, HIVE_MAP_TYPE_ARRAY };
	static const uint32_t timer_types[] = { HIVE_MAP_TYPE_HASH, HIVE_MAP_TYPE_LRU_HASH,
						HIVE_MAP_TYPE_ARRAY };
	static const uint32_t kptr_types[] = {
		HIVE_MAP_TYPE_HASH,	HIVE_MAP_TYPE_PERCPU_HASH,
		HIVE_MAP_TYPE_LRU_HASH, HIVE_MAP_TYPE_LRU_PERCPU_HASH,
		HIVE_MAP_TYPE_ARRAY,	HIVE_MAP_TYPE_PERCPU_ARRAY
	};
	const struct hive_record *rec = attr->record;
	uint32_t t = attr->map_type;

	if (!rec || !rec->cnt)
		return 0;
	if (attr->map_flags & (HIVE_F_RDONLY_PROG | HIVE_F_WRONLY_PROG))
		return -EACCES;
	for (uint32_t bit = 1; bit; bit <<= 1) {
		bool ok;

		if (!(rec->field_mask & bit))
			continue;
		switch (bit) {
		case HIVE_FIELD_SPIN_LOCK:
		case HIVE_FIELD_RES_SPIN_LOCK:
			ok = type_in(t, lock_types, ARRAY_SIZE(lock_types));
			break;
		case HIVE_FIELD_TIMER:
		case HIVE_FIELD_WQ:
		case HIVE_FIELD_TASK_WORK:
		case HIVE_FIELD_LIST_HEAD:
		case HIVE_FIELD_RB_ROOT:
			ok = type_in(t, timer_types, ARRAY_SIZE(timer_types));
			break;
		case HIVE_FIELD_KPTR_UNREF:
		case HIVE_FIELD_KPTR_REF:
		case HIVE_FIELD_KPTR_PERCPU:
		case HIVE_FIELD_REFCOUNT:
			ok = type_in(t, kptr_types, ARRAY_SIZE(kptr_types));
			break;
		default:
			/* uptr (task storage only), nodes (never in map values) */
			ok = false;
			break;
		}
		if (!ok)
			return -EOPNOTSUPP;
	}
	return 0;
}

struct hive_map_impl *maps_create(const struct hive_map_attr *attr)
{
	const struct hive_map_ops *ops;
	int err;

	if (attr->map_extra && attr->map_type != HIVE_MAP_TYPE_BLOOM_FILTER)
		return ERR_PTR(-EINVAL);
	if ((attr->map_flags & HIVE_F_RDONLY) && (attr->map_flags & HIVE_F_WRONLY))
		return ERR_PTR(-EINVAL);
	if (!name_ok(attr->name))
		return ERR_PTR(-EINVAL);
	if (attr->map_type >= HIVE_MAP_TYPE_MAX || !(ops = map_types[attr->map_type]))
		return ERR_PTR(-EINVAL);
	err = ops->alloc_check ? ops->alloc_check(attr) : 0;
	if (err)
		return ERR_PTR(err);
	err = check_fields(attr);
	if (err)
		return ERR_PTR(err);
	if (attr->record && attr->record->cnt) {
		/* a value record must fit the value it describes */
		const struct hive_field *last = &attr->record->fields[attr->record->cnt - 1];

		if ((uint64_t)last->offset + last->size > attr->value_size)
			return ERR_PTR(-EINVAL);
	}
	/* per-CPU values and LRU lists are laid out for the CPU count: fix it from now on */
	kfunc_cpus_pin();
	return ops->alloc(attr);
}

struct hive_map_impl *maps_get(struct hive_map_impl *map)
{
	__atomic_fetch_add(&map->refcnt, 1, __ATOMIC_RELAXED);
	return map;
}

void maps_put(struct hive_map_impl *map)
{
	if (IS_ERR_OR_NULL(map))
		return;
	if (__atomic_sub_fetch(&map->refcnt, 1, __ATOMIC_ACQ_REL))
		return;
	map->ops->free(map);
}

/* ---- program side ---- */

long maps_update(struct hive_map_impl *map, const void *key, const void *value, uint64_t flags)
{
	return map->ops->update ? map->ops->update(map, key, value, flags) : -EINVAL;
}

long maps_delete(struct hive_map_impl *map, const void *key)
{
	return map->ops->delete ? map->ops->delete (map, key) : -EINVAL;
}

long maps_push(struct hive_map_impl *map, const void *value, uint64_t flags)
{
	return map->ops->push ? map->ops->push(map, value, flags) : -EOPNOTSUPP;
}

long maps_pop(struct hive_map_impl *map, void *value)
{
	return map->ops->pop ? map->ops->pop(map, value) : -EOPNOTSUPP;
}

long maps_peek(struct hive_map_impl *map, void *value)
{
	return map->ops->peek ? map->ops->peek(map, value) : -EOPNOTSUPP;
}

void *maps_lookup_percpu(struct hive_map_impl *map, const void *key, uint32_t cpu)
{
	if (!map->ops->lookup_percpu || cpu >= map->nr_cpus)
		return NULL;
	return map->ops->lookup_percpu(map, key, cpu);
}

long maps_for_each(struct hive_map_impl *map, hive_map_for_each_fn fn, void *ctx, uint64_t flags)
{
	if (flags || !map->ops->for_each)
		return -EINVAL;
	return map->ops->for_each(map, fn, ctx);
}

/* ---- user-space side ---- */

static bool is_percpu(const struct hive_map_impl *map)
{
	return map->map_type == HIVE_MAP_TYPE_PERCPU_ARRAY ||
	       map->map_type == HIVE_MAP_TYPE_PERCPU_HASH ||
	       map->map_type == HIVE_MAP_TYPE_LRU_PERCPU_HASH;
}

uint32_t maps_sys_value_size(const struct hive_map_impl *map)
{
	if (is_percpu(map))
		return maps_round8(map->value_size) * map->nr_cpus;
	return map->value_size;
}

static bool can_read(const struct hive_map_impl *map)
{
	return !(map->map_flags & HIVE_F_WRONLY);
}

static bool can_write(const struct hive_map_impl *map)
{
	return !(map->map_flags & HIVE_F_RDONLY) &&
	       !__atomic_load_n(&map->frozen, __ATOMIC_ACQUIRE);
}

static int check_lock_flag(const struct hive_map_impl *map, uint64_t flags)
{
	if ((flags & HIVE_F_LOCK) && !btf_record_has_field(map->record, HIVE_FIELD_SPIN_LOCK))
		return -EINVAL;
	return 0;
}

int maps_sys_lookup(struct hive_map_impl *map, const void *key, void *value, uint64_t flags)
{
	int err;

	if (flags & ~HIVE_F_LOCK)
		return -EINVAL;
	if (!can_read(map))
		return -EPERM;
	err = check_lock_flag(map, flags);
	if (err)
		return err;
	if (!map->ops->sys_lookup)
		return -HIVE_ENOTSUPP;
	kfunc_rcu_read_lock();
	err = map->ops->sys_lookup(map, key, value, flags);
	kfunc_rcu_read_unlock();
	return err;
}

int maps_sys_update(struct hive_map_impl *map, const void *key, const void *value, uint64_t flags)
{
	int err;

	if (!can_write(map))
		return -EPERM;
	err = check_lock_flag(map, flags);
	if (err)
		return err;
	if (!map->ops->sys_update)
		return -HIVE_ENOTSUPP;
	kfunc_rcu_read_lock();
	err = map->ops->sys_update(map, key, value, flags);
	kfunc_rcu_read_unlock();
	return err;
}

int maps_sys_update_fd(struct hive_map_impl *map, const void *key, void *obj, uint64_t flags)
{
	int err;

	if (!can_write(map))
		return -EPERM;
	if (!map->ops->fd_update)
		return -EINVAL;
	kfunc_rcu_read_lock();
	err = map->ops->fd_update(map, key, obj, flags);
	kfunc_rcu_read_unlock();
	return err;
}

int maps_sys_delete(struct hive_map_impl *map, const void *key)
{
	int err;

	if (!can_write(map))
		return -EPERM;
	if (!map->ops->sys_delete)
		return -HIVE_ENOTSUPP;
	kfunc_rcu_read_lock();
	err = map->ops->sys_delete(map, key);
	kfunc_rcu_read_unlock();
	return err;
}

int maps_get_next_key(struct hive_map_impl *map, const void *key, void *next_key)
{
	int err;

	if (!can_read(map))
		return -EPERM;
	if (!map->ops->get_next_key)
		return -HIVE_ENOTSUPP;
	kfunc_rcu_read_lock();
	err = map->ops->get_next_key(map, key, next_key);
	kfunc_rcu_read_unlock();
	return err;
}

int maps_sys_lookup_and_delete(struct hive_map_impl *map, const void *key, void *value,
			       uint64_t flags)
{
	bool qs = map->map_type == HIVE_MAP_TYPE_QUEUE || map->map_type == HIVE_MAP_TYPE_STACK;
	int err;

	/* map_lookup_and_delete_elem()'s order: flags, permissions, queue flags, lock flag */
	if (flags & ~HIVE_F_LOCK)
		return -EINVAL;
	if (!can_read(map) || !can_write(map))
		return -EPERM;
	if (flags && qs)
		return -EINVAL;
	err = check_lock_flag(map, flags);
	if (err)
		return err;
	if (!map->ops->sys_lookup_and_delete)
		return -HIVE_ENOTSUPP;
	kfunc_rcu_read_lock();
	err = map->ops->sys_lookup_and_delete(map, key, value, flags);
	kfunc_rcu_read_unlock();
	return err;
}

int maps_freeze(struct hive_map_impl *map)
{
	bool expected = false;

	if (map->record && map->record->cnt)
		return -HIVE_ENOTSUPP;
	/* a frozen map is no longer writable from user space: freezing again is -EPERM */
	if (!can_write(map))
		return -EPERM;
	if (__atomic_load_n(&map->mmap_writers, __ATOMIC_SEQ_CST))
		return -EBUSY;
	if (!__atomic_compare_exchange_n(&map->frozen, &expected, true, false, __ATOMIC_SEQ_CST,
					 __ATOMIC_SEQ_CST))
		return -EBUSY;
	/* a writable mapping created meanwhile wins the race: undo */
	if (__atomic_load_n(&map->mmap_writers, __ATOMIC_SEQ_CST)) {
		__atomic_store_n(&map->frozen, false, __ATOMIC_SEQ_CST);
		return -EBUSY;
	}
	return 0;
}
