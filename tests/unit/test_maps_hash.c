// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests for HASH, PERCPU_HASH, LRU_HASH, LRU_PERCPU_HASH: creation errnos, update flags,
 * full maps (-E2BIG, replacement still allowed, immediate reuse after delete) with and without
 * preallocation, get_next_key visiting every key exactly once, the kernel's bucket order with
 * BPF_F_ZERO_SEED, jhash known answers, special-field values, per-CPU semantics, LRU eviction,
 * and concurrent updaters and readers.
 */
#include <pthread.h>

#include "test_kfunc_fixtures.h"
#include "maps/map.h"
#include "maps/map_internal.h"

#define NCPU 4

static struct hive_map_impl *mk(uint32_t type, uint32_t ksz, uint32_t vsz, uint32_t max,
				uint32_t flags, const struct hive_record *rec)
{
	struct hive_map_attr attr = { .map_type = type,
				      .key_size = ksz,
				      .value_size = vsz,
				      .max_entries = max,
				      .map_flags = flags,
				      .record = rec };

	return maps_create(&attr);
}

static long create_err(uint32_t type, uint32_t ksz, uint32_t vsz, uint32_t max, uint32_t flags)
{
	struct hive_map_impl *m = mk(type, ksz, vsz, max, flags, NULL);

	if (IS_ERR(m))
		return PTR_ERR(m);
	maps_put(m);
	return 0;
}

static void test_jhash_known_answers(void **state)
{
	const char *s = "Four score and seven years ago";
	uint32_t words[5] = { 1, 2, 3, 4, 5 };

	/* Bob Jenkins' lookup3 reference values (hashlittle == the kernel's jhash) */
	assert_int_equal(maps_jhash("", 0, 0), 0xdeadbeef);
	assert_int_equal(maps_jhash("", 0, 0xdeadbeef), 0xbd5b7dde);
	assert_int_equal(maps_jhash(s, 30, 0), 0x17770551);
	assert_int_equal(maps_jhash(s, 30, 1), 0xcd628161);
	/* jhash2 over words equals jhash over their little-endian bytes */
	for (uint32_t n = 0; n <= 5; n++)
		assert_int_equal(maps_jhash2(words, n, 77), maps_jhash(words, 4 * n, 77));
}

static void test_create_checks(void **state)
{
	assert_int_equal(create_err(HIVE_MAP_TYPE_HASH, 4, 8, 16, 0), 0);
	assert_int_equal(create_err(HIVE_MAP_TYPE_HASH, 0, 8, 16, 0), -EINVAL);
	assert_int_equal(create_err(HIVE_MAP_TYPE_HASH, 4, 0, 16, 0), -EINVAL);
	assert_int_equal(create_err(HIVE_MAP_TYPE_HASH, 4, 8, 0, 0), -EINVAL);
	assert_int_equal(create_err(HIVE_MAP_TYPE_HASH, 4, 8, 16, HIVE_F_MMAPABLE), -EINVAL);
	assert_int_equal(create_err(HIVE_MAP_TYPE_HASH, 4, 8, 16, HIVE_F_NO_COMMON_LRU), -EINVAL);
	assert_int_equal(create_err(HIVE_MAP_TYPE_LRU_HASH, 4, 8, 16, HIVE_F_NO_PREALLOC),
			 -HIVE_ENOTSUPP);
	assert_int_equal(create_err(HIVE_MAP_TYPE_PERCPU_HASH, 4, 8, 16, HIVE_F_NUMA_NODE),
			 -EINVAL);
	assert_int_equal(create_err(HIVE_MAP_TYPE_PERCPU_HASH, 4, 32769, 16, 0), -E2BIG);
	assert_int_equal(create_err(HIVE_MAP_TYPE_HASH, 4, 4 << 20, 16, 0), -E2BIG);
	assert_int_equal(create_err(HIVE_MAP_TYPE_HASH, 4, 8, 16, HIVE_F_NO_PREALLOC), 0);
	assert_int_equal(create_err(HIVE_MAP_TYPE_HASH_OF_MAPS, 4, 4, 16, 0), -EBADF);

	/* per-CPU LRU lists: max_entries rounded to a multiple of the CPU count */
	struct hive_map_impl *m = mk(HIVE_MAP_TYPE_LRU_HASH, 4, 8, 10, HIVE_F_NO_COMMON_LRU, NULL);

	assert_int_equal(m->max_entries, 12);
	maps_put(m);
}

static void test_update_flags(void **state)
{
	for (int prealloc = 0; prealloc < 2; prealloc++) {
		struct hive_map_impl *m =
			mk(HIVE_MAP_TYPE_HASH, 4, 8, 8, prealloc ? 0 : HIVE_F_NO_PREALLOC, NULL);
		uint32_t k = 7;
		uint64_t v = 1, out;

		assert_int_equal(maps_update(m, &k, &v, HIVE_EXIST), -ENOENT);
		assert_int_equal(maps_update(m, &k, &v, 3), -EINVAL);
		assert_int_equal(maps_update(m, &k, &v, HIVE_F_LOCK), -EINVAL);
		assert_int_equal(maps_update(m, &k, &v, HIVE_NOEXIST), 0);
		assert_int_equal(maps_update(m, &k, &v, HIVE_NOEXIST), -EEXIST);
		v = 2;
		assert_int_equal(maps_update(m, &k, &v, HIVE_EXIST), 0);
		assert_int_equal(*(uint64_t *)maps_lookup(m, &k), 2);
		assert_int_equal(maps_sys_lookup(m, &k, &out, 0), 0);
		assert_int_equal(out, 2);
		assert_int_equal(maps_delete(m, &k), 0);
		assert_int_equal(maps_delete(m, &k), -ENOENT);
		assert_int_equal(maps_sys_lookup(m, &k, &out, 0), -ENOENT);
		assert_null(maps_lookup(m, &k));
		/* lookup_and_delete */
		assert_int_equal(maps_sys_update(m, &k, &v, 0), 0);
		out = 0;
		assert_int_equal(maps_sys_lookup_and_delete(m, &k, &out, 0), 0);
		assert_int_equal(out, 2);
		assert_int_equal(maps_sys_lookup_and_delete(m, &k, &out, 0), -ENOENT);
		assert_int_equal(maps_sys_lookup_and_delete(m, &k, &out, HIVE_F_LOCK), -EINVAL);
		maps_put(m);
	}
}

/* Fill, overflow, replace many times (more than the spares), delete and refill at once. */
static void test_full_map(void **state)
{
	for (int prealloc = 0; prealloc < 2; prealloc++) {
		struct hive_map_impl *m =
			mk(HIVE_MAP_TYPE_HASH, 4, 8, 64, prealloc ? 0 : HIVE_F_NO_PREALLOC, NULL);
		uint64_t v;

		for (uint32_t k = 0; k < 64; k++) {
			v = k * 10;
			assert_int_equal(maps_update(m, &k, &v, HIVE_NOEXIST), 0);
		}
		uint32_t extra = 1000;

		assert_int_equal(maps_update(m, &extra, &v, HIVE_ANY), -E2BIG);
		for (int round = 0; round < 50; round++)
			for (uint32_t k = 0; k < 64; k++) {
				v = k + round;
				assert_int_equal(maps_update(m, &k, &v, HIVE_ANY), 0);
			}
		for (uint32_t k = 0; k < 64; k++)
			assert_int_equal(*(uint64_t *)maps_lookup(m, &k), k + 49);
		assert_int_equal(maps_update(m, &extra, &v, HIVE_ANY), -E2BIG);
		uint32_t k = 5;

		assert_int_equal(maps_delete(m, &k), 0);
		assert_int_equal(maps_update(m, &extra, &v, HIVE_ANY), 0);
		assert_int_equal(maps_update(m, &k, &v, HIVE_ANY), -E2BIG);
		maps_put(m);
	}
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

static void test_get_next_key_covers_all(void **state)
{
	for (int prealloc = 0; prealloc < 2; prealloc++) {
		struct hive_map_impl *m =
			mk(HIVE_MAP_TYPE_HASH, 4, 4, 1000, prealloc ? 0 : HIVE_F_NO_PREALLOC, NULL);
		uint32_t keys[1000], seen[1000], k, next, n = 0;

		assert_int_equal(maps_get_next_key(m, NULL, &next), -ENOENT);
		srand(3);
		for (int i = 0; i < 1000; i++) {
			do
				k = (uint32_t)rand();
			while (maps_lookup(m, &k));
			keys[i] = k;
			assert_int_equal(maps_update(m, &k, &k, HIVE_NOEXIST), 0);
		}
		for (int err = maps_get_next_key(m, NULL, &next); !err;
		     err = maps_get_next_key(m, &k, &next)) {
			assert_true(n < 1000);
			seen[n++] = next;
			k = next;
		}
		assert_int_equal(n, 1000);
		qsort(keys, 1000, 4, cmp_u32);
		qsort(seen, 1000, 4, cmp_u32);
		assert_memory_equal(keys, seen, sizeof(keys));
		/* an absent key restarts from the first one */
		k = keys[0] ^ 0x80000000U;
		if (!maps_lookup(m, &k)) {
			uint32_t first;

			maps_get_next_key(m, NULL, &first);
			assert_int_equal(maps_get_next_key(m, &k, &next), 0);
			assert_int_equal(next, first);
		}
		maps_put(m);
	}
}

/*
 * With BPF_F_ZERO_SEED the order is the kernel's: buckets in index order (jhash2(key, 0) &
 * (n_buckets - 1)), newest first within a bucket.
 */
static void test_zero_seed_order(void **state)
{
	struct hive_map_impl *m = mk(HIVE_MAP_TYPE_HASH, 4, 4, 16, HIVE_F_ZERO_SEED, NULL);
	uint32_t expect[16], n = 0, k, next;

	for (uint32_t key = 100; key < 116; key++)
		assert_int_equal(maps_update(m, &key, &key, 0), 0);
	for (uint32_t b = 0; b < 16; b++)
		for (uint32_t key = 115; key >= 100; key--)
			if ((maps_jhash2(&key, 1, 0) & 15) == b)
				expect[n++] = key;
	assert_int_equal(n, 16);
	n = 0;
	for (int err = maps_get_next_key(m, NULL, &next); !err;
	     err = maps_get_next_key(m, &k, &next)) {
		assert_int_equal(next, expect[n++]);
		k = next;
	}
	assert_int_equal(n, 16);
	maps_put(m);
}

/* Hash values with a kptr slot: replacing or deleting releases the stashed object. */
static void test_kptr_values(void **state)
{
	for (int prealloc = 0; prealloc < 2; prealloc++) {
		struct hive_map_impl *m = mk(HIVE_MAP_TYPE_HASH, 4, 8, 4,
					     prealloc ? 0 : HIVE_F_NO_PREALLOC, FX.rc_stash);
		uint32_t k = 1;
		uint64_t zero = 0, out = 1;
		struct rc_stash *slot;

		assert_int_equal(maps_update(m, &k, &zero, 0), 0);
		PROG_BEGIN();
		slot = maps_lookup(m, &k);
		kfunc_kptr_xchg(&slot->node,
				kfunc_obj_new_impl(sizeof(struct rc_node), M(T_RC_NODE)));
		PROG_END();
		assert_int_equal(maps_sys_lookup(m, &k, &out, 0), 0);
		assert_int_equal(out, 0);
		assert_int_equal(fx_live(), 1);
		/* replacing the element releases the old one's kptr; the new value's is NULL */
		assert_int_equal(maps_sys_update(m, &k, &zero, 0), 0);
		assert_int_equal(fx_live(), 0);
		assert_null(((struct rc_stash *)maps_lookup(m, &k))->node);
		PROG_BEGIN();
		slot = maps_lookup(m, &k);
		kfunc_kptr_xchg(&slot->node,
				kfunc_obj_new_impl(sizeof(struct rc_node), M(T_RC_NODE)));
		PROG_END();
		assert_int_equal(maps_delete(m, &k), 0);
		assert_int_equal(fx_live(), 0);
		k = 2;
		assert_int_equal(maps_update(m, &k, &zero, 0), 0);
		PROG_BEGIN();
		slot = maps_lookup(m, &k);
		kfunc_kptr_xchg(&slot->node,
				kfunc_obj_new_impl(sizeof(struct rc_node), M(T_RC_NODE)));
		PROG_END();
		maps_put(m); /* destruction releases the last one */
		assert_int_equal(fx_live(), 0);
	}
}

/* A value with a lock and a list head (allowed in HASH): F_LOCK updates in place. */
static void test_lock_and_list_values(void **state)
{
	struct hive_map_impl *m = mk(HIVE_MAP_TYPE_HASH, 4, 24, 4, 0, FX.map_value);
	struct map_value in = { .data = 5 }, out, *v;
	uint32_t k = 3;

	assert_int_equal(maps_sys_update(m, &k, &in, HIVE_F_LOCK), 0); /* inserts */
	v = maps_lookup(m, &k);
	PROG_BEGIN();
	for (int i = 0; i < 2; i++) {
		struct foo *f = kfunc_obj_new_impl(sizeof(*f), M(T_FOO));

		kfunc_spin_lock(&v->lock);
		kfunc_list_push_front_impl(&v->head, &f->node2, M(T_FOO), 48);
		kfunc_spin_unlock(&v->lock);
	}
	PROG_END();
	in.data = 6;
	assert_int_equal(maps_sys_update(m, &k, &in, HIVE_F_LOCK), 0);
	assert_ptr_equal(maps_lookup(m, &k), v); /* in place: the list survives */
	assert_int_equal(v->data, 6);
	assert_int_equal(fx_live(), 2);
	assert_int_equal(maps_sys_lookup(m, &k, &out, HIVE_F_LOCK), 0);
	assert_int_equal(out.data, 6);
	assert_null(out.head.head.next);
	assert_int_equal(maps_sys_update(m, &k, &in, HIVE_F_LOCK | HIVE_NOEXIST), -EEXIST);
	/* a plain update replaces the element: the old list is drained */
	assert_int_equal(maps_sys_update(m, &k, &in, 0), 0);
	assert_int_equal(fx_live(), 0);
	maps_put(m);
}

static void test_percpu_hash(void **state)
{
	struct hive_map_impl *m = mk(HIVE_MAP_TYPE_PERCPU_HASH, 4, 4, 8, 0, NULL);
	uint32_t k = 9, v = 0xaa, all[NCPU * 2], out[NCPU * 2];

	assert_int_equal(maps_sys_value_size(m), NCPU * 8);
	/* a program's insert sets its CPU's value and zeroes the others */
	kfunc_set_this_cpu(1);
	assert_int_equal(maps_update(m, &k, &v, HIVE_ANY), 0);
	assert_int_equal(*(uint32_t *)maps_lookup(m, &k), 0xaa);
	kfunc_set_this_cpu(0);
	assert_int_equal(*(uint32_t *)maps_lookup(m, &k), 0);
	assert_int_equal(*(uint32_t *)maps_lookup_percpu(m, &k, 1), 0xaa);
	assert_null(maps_lookup_percpu(m, &k, NCPU));
	/* update of a present key: in place, this CPU only */
	v = 0xbb;
	assert_int_equal(maps_update(m, &k, &v, HIVE_EXIST), 0);
	assert_int_equal(maps_sys_lookup(m, &k, out, 0), 0);
	assert_int_equal(out[0], 0xbb);
	assert_int_equal(out[2], 0xaa);
	/* user space writes all CPUs */
	for (int c = 0; c < NCPU; c++)
		all[2 * c] = 100 + c;
	assert_int_equal(maps_sys_update(m, &k, all, HIVE_ANY), 0);
	assert_int_equal(*(uint32_t *)maps_lookup_percpu(m, &k, 3), 103);
	assert_int_equal(maps_sys_update(m, &k, all, HIVE_F_LOCK), -EINVAL);
	assert_int_equal(maps_sys_lookup_and_delete(m, &k, out, 0), 0);
	assert_int_equal(out[6], 103);
	assert_int_equal(maps_sys_lookup(m, &k, out, 0), -ENOENT);
	/* full per-CPU map: -E2BIG for a new key */
	for (uint32_t i = 0; i < 8; i++)
		assert_int_equal(maps_update(m, &i, &v, 0), 0);
	assert_int_equal(maps_update(m, &k, &v, 0), -E2BIG);
	maps_put(m);
}

/*
 * Common LRU, everything on CPU 0, 64 entries on 4 CPUs: the local free target is
 * (64 / 4) / 2 = 8. Filling flushes each batch of 8 to the inactive list; after looking up keys
 * 1..32 (reference bits), the next refill rotates them to the active list and evicts the 8
 * oldest unreferenced keys, 33..40.
 */
static void test_lru_eviction(void **state)
{
	struct hive_map_impl *m = mk(HIVE_MAP_TYPE_LRU_HASH, 4, 8, 64, 0, NULL);
	uint64_t v = 0;

	for (uint32_t k = 1; k <= 64; k++)
		assert_int_equal(maps_update(m, &k, &v, HIVE_NOEXIST), 0);
	for (uint32_t k = 1; k <= 32; k++)
		assert_non_null(maps_lookup(m, &k)); /* program lookups set the ref bit */
	for (uint32_t k = 65; k <= 72; k++)
		assert_int_equal(maps_update(m, &k, &v, HIVE_NOEXIST), 0);
	for (uint32_t k = 1; k <= 72; k++) {
		bool evicted = k >= 33 && k <= 40;

		assert_int_equal(maps_lookup(m, &k) == NULL, evicted);
	}
	/* user-space lookups do not count as uses */
	uint64_t out;
	uint32_t k = 41;

	assert_int_equal(maps_sys_lookup(m, &k, &out, 0), 0);
	maps_put(m);
}

/* Per-CPU LRU lists: 12 entries on 4 CPUs, 3 per CPU; a full list evicts up to 4 at once. */
static void test_lru_percpu_lists(void **state)
{
	struct hive_map_impl *m = mk(HIVE_MAP_TYPE_LRU_HASH, 4, 8, 12, HIVE_F_NO_COMMON_LRU, NULL);
	uint64_t v = 0;
	uint32_t k;

	for (k = 1; k <= 3; k++)
		assert_int_equal(maps_update(m, &k, &v, 0), 0);
	k = 2;
	assert_non_null(maps_lookup(m, &k));
	k = 4;
	assert_int_equal(maps_update(m, &k, &v, 0), 0);
	for (k = 1; k <= 4; k++)
		assert_int_equal(maps_lookup(m, &k) != NULL, k == 2 || k == 4);
	/* another CPU has its own list: its inserts do not evict CPU 0's keys */
	kfunc_set_this_cpu(3);
	for (k = 10; k < 13; k++)
		assert_int_equal(maps_update(m, &k, &v, 0), 0);
	kfunc_set_this_cpu(0);
	k = 2;
	assert_non_null(maps_lookup(m, &k));
	maps_put(m);
}

static void test_lru_percpu_values(void **state)
{
	struct hive_map_impl *m = mk(HIVE_MAP_TYPE_LRU_PERCPU_HASH, 4, 8, 16, 0, NULL);
	uint64_t v = 7, out[NCPU];
	uint32_t k = 1;

	assert_int_equal(maps_update(m, &k, &v, HIVE_EXIST), -ENOENT);
	assert_int_equal(maps_update(m, &k, &v, 0), 0);
	assert_int_equal(maps_sys_lookup(m, &k, out, 0), 0);
	assert_int_equal(out[0], 7);
	assert_int_equal(out[1], 0);
	v = 8;
	assert_int_equal(maps_update(m, &k, &v, HIVE_EXIST), 0);
	assert_int_equal(*(uint64_t *)maps_lookup(m, &k), 8);
	/* hundreds of distinct keys in a 16-entry map: never -E2BIG, evictions instead */
	for (uint32_t i = 100; i < 600; i++)
		assert_int_equal(maps_update(m, &i, &v, 0), 0);
	uint32_t n = 0, next;

	for (int err = maps_get_next_key(m, NULL, &next); !err;
	     err = maps_get_next_key(m, &k, &next), n++)
		k = next;
	assert_true(n > 0 && n <= 16);
	maps_put(m);
}

/* ---- concurrency ---- */

#define NTHREADS 4
#define KEYS_PER_THREAD 2000

struct worker {
	struct hive_map_impl *m;
	int id;
	long bad_reads;
	long errors;
};

static void *updater(void *arg)
{
	struct worker *w = arg;

	kfunc_set_this_cpu(w->id % NCPU);
	for (int round = 0; round < 3; round++) {
		for (uint32_t i = 0; i < KEYS_PER_THREAD; i++) {
			uint32_t k = w->id * KEYS_PER_THREAD + i;
			uint64_t v = ((uint64_t)k << 32) | round;

			kfunc_rcu_read_lock();
			if (round == 1 && i % 3 == 0 && maps_delete(w->m, &k))
				w->errors++;
			if (maps_update(w->m, &k, &v, HIVE_ANY))
				w->errors++;
			/* the shared counter: a program's lookup + atomic add */
			uint32_t ck = 0xffffffff;
			uint64_t *c = maps_lookup(w->m, &ck);

			__atomic_fetch_add(c, 1, __ATOMIC_RELAXED);
			kfunc_rcu_read_unlock();
		}
	}
	return NULL;
}

/* Counts values a reader finds under a key they do not belong to (see the test for when). */
static void *reader(void *arg)
{
	struct worker *w = arg;

	for (int n = 0; n < 200000; n++) {
		uint32_t k = (uint32_t)(n * 7919) % (NTHREADS * KEYS_PER_THREAD);

		kfunc_rcu_read_lock();
		uint64_t *v = maps_lookup(w->m, &k);

		if (v && (*v >> 32) != k)
			w->bad_reads++;
		kfunc_rcu_read_unlock();
	}
	return NULL;
}

/*
 * Room for every key plus one per thread: as in the kernel, a replacement without
 * preallocation briefly counts both elements, so an exactly full map may refuse a concurrent
 * insert with -E2BIG.
 */
static void test_concurrent_updates(void **state)
{
	for (int prealloc = 0; prealloc < 2; prealloc++) {
		struct hive_map_impl *m = mk(HIVE_MAP_TYPE_HASH, 4, 8,
					     NTHREADS * KEYS_PER_THREAD + 1 + NTHREADS,
					     prealloc ? 0 : HIVE_F_NO_PREALLOC, NULL);
		struct worker w[NTHREADS + 1];
		pthread_t t[NTHREADS + 1];
		uint32_t ck = 0xffffffff;
		uint64_t zero = 0;

		assert_int_equal(maps_update(m, &ck, &zero, 0), 0);
		for (int i = 0; i <= NTHREADS; i++) {
			w[i] = (struct worker){ .m = m, .id = i };
			pthread_create(&t[i], NULL, i < NTHREADS ? updater : reader, &w[i]);
		}
		for (int i = 0; i <= NTHREADS; i++)
			pthread_join(t[i], NULL);
		/*
		 * Without preallocation a replaced or deleted element is freed after an RCU grace
		 * period, so a reader never sees another key's value. Preallocated elements are
		 * recycled at once, in the kernel too, so there a reader may (memory stays valid).
		 */
		if (!prealloc)
			assert_int_equal(w[NTHREADS].bad_reads, 0);
		for (int i = 0; i < NTHREADS; i++)
			assert_int_equal(w[i].errors, 0);
		for (uint32_t k = 0; k < NTHREADS * KEYS_PER_THREAD; k++) {
			uint64_t *v = maps_lookup(m, &k);

			assert_non_null(v);
			assert_int_equal(*v, ((uint64_t)k << 32) | 2);
		}
		assert_int_equal(*(uint64_t *)maps_lookup(m, &ck), 3 * NTHREADS * KEYS_PER_THREAD);
		maps_put(m);
	}
}

static void *lru_hammer(void *arg)
{
	struct worker *w = arg;
	uint64_t v = 1;

	kfunc_set_this_cpu(w->id % NCPU);
	for (uint32_t i = 0; i < 20000; i++) {
		uint32_t k = (i * 31 + w->id) % 5000;

		kfunc_rcu_read_lock();
		if (maps_update(w->m, &k, &v, HIVE_ANY))
			w->bad_reads++;
		maps_lookup(w->m, &k);
		if (i % 7 == 0)
			maps_delete(w->m, &k);
		kfunc_rcu_read_unlock();
	}
	return NULL;
}

static void test_concurrent_lru(void **state)
{
	for (int percpu_lru = 0; percpu_lru < 2; percpu_lru++) {
		struct hive_map_impl *m = mk(HIVE_MAP_TYPE_LRU_HASH, 4, 8, 512,
					     percpu_lru ? HIVE_F_NO_COMMON_LRU : 0, NULL);
		struct worker w[NTHREADS];
		pthread_t t[NTHREADS];
		uint32_t n = 0, k, next;

		for (int i = 0; i < NTHREADS; i++) {
			w[i] = (struct worker){ .m = m, .id = i };
			pthread_create(&t[i], NULL, lru_hammer, &w[i]);
		}
		for (int i = 0; i < NTHREADS; i++) {
			pthread_join(t[i], NULL);
			assert_int_equal(w[i].bad_reads, 0); /* LRU updates never fail */
		}
		for (int err = maps_get_next_key(m, NULL, &next); !err;
		     err = maps_get_next_key(m, &k, &next), n++)
			k = next;
		assert_true(n <= 512);
		maps_put(m);
	}
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_jhash_known_answers),
		T(test_create_checks),
		T(test_update_flags),
		T(test_full_map),
		T(test_get_next_key_covers_all),
		T(test_zero_seed_order),
		T(test_kptr_values),
		T(test_lock_and_list_values),
		T(test_percpu_hash),
		T(test_lru_eviction),
		T(test_lru_percpu_lists),
		T(test_lru_percpu_values),
		T(test_concurrent_updates),
		T(test_concurrent_lru),
	};

	if (kfunc_set_nr_cpus(NCPU))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
