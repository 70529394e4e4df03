// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests for the allocator, the RCU-like reclamation, the CPU model, the special-field
 * helpers (init, free, copy around, zero for user space), and concurrency: several threads
 * adding and removing nodes of one tree under its bpf_spin_lock, and readers racing droppers.
 */
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>

#include "test_kfunc_fixtures.h"

#define NR_TEST_CPUS 4

/* ---- allocator and CPUs ---- */

static void test_percpu_objects(void **state)
{
	uint8_t *p = kfunc_percpu_obj_new_impl(20, NULL);
	uint8_t *copies[NR_TEST_CPUS];

	assert_non_null(p);
	assert_true(kfunc_obj_is_percpu(p));
	assert_int_equal(kfunc_obj_size(p), 20);
	for (unsigned int cpu = 0; cpu < NR_TEST_CPUS; cpu++) {
		copies[cpu] = kfunc_percpu_ptr(p, cpu);
		assert_non_null(copies[cpu]);
		for (int i = 0; i < 20; i++)
			assert_int_equal(copies[cpu][i], 0);
		memset(copies[cpu], cpu + 1, 20);
	}
	assert_ptr_equal(copies[0], p);
	for (unsigned int cpu = 1; cpu < NR_TEST_CPUS; cpu++) {
		assert_true(copies[cpu] >= copies[cpu - 1] + 20); /* no overlap */
		assert_int_equal(copies[cpu - 1][19], cpu);
	}
	assert_null(kfunc_percpu_ptr(p, NR_TEST_CPUS));
	assert_int_equal(fx_live(), 1);
	kfunc_percpu_obj_drop_impl(p, NULL);
	assert_int_equal(fx_live(), 0);
	assert_null(kfunc_percpu_obj_new_impl(0, NULL));
}

static void test_percpu_kptr_field_freed(void **state)
{
	struct hive_record *rec = FX_REC(
		8, ((struct hive_field){ .offset = 0,
					 .kind = HIVE_FIELD_KPTR_PERCPU,
					 .kptr = { .type = FX_TYPE(T_PLAIN), .local = true } }));
	void **slot = fx_value(8);

	assert_null(kfunc_kptr_xchg(slot, kfunc_percpu_obj_new_impl(16, NULL)));
	assert_int_equal(fx_live(), 1);
	fx_value_free(rec, slot);
	assert_int_equal(fx_live(), 0);
	btf_record_free(rec);
}

static void test_cpu_ids(void **state)
{
	assert_int_equal(kfunc_nr_cpus(), NR_TEST_CPUS);
	assert_int_equal(kfunc_this_cpu(), 0);
	assert_int_equal(kfunc_set_this_cpu(3), 0);
	assert_int_equal(kfunc_this_cpu(), 3);
	assert_int_equal(kfunc_set_this_cpu(NR_TEST_CPUS), -EINVAL);
	assert_int_equal(kfunc_this_cpu(), 3);
	assert_int_equal(kfunc_set_this_cpu(0), 0);
	/* per-CPU objects exist (or existed): the count is fixed now */
	kfunc_cpus_pin();
	assert_int_equal(kfunc_set_nr_cpus(8), -EBUSY);
	assert_int_equal(kfunc_set_nr_cpus(NR_TEST_CPUS), 0);
	assert_int_equal(kfunc_set_nr_cpus(0), -EINVAL);
}

static void *cpu_thread(void *arg)
{
	/* each thread starts as CPU 0 whatever its creator chose */
	return (void *)(uintptr_t)(kfunc_this_cpu() == 0);
}

static void test_cpu_id_is_per_thread(void **state)
{
	pthread_t t;
	void *ok;

	assert_int_equal(kfunc_set_this_cpu(2), 0);
	assert_int_equal(pthread_create(&t, NULL, cpu_thread, NULL), 0);
	pthread_join(t, &ok);
	assert_true(ok != NULL);
	assert_int_equal(kfunc_this_cpu(), 2);
	kfunc_set_this_cpu(0);
}

/* ---- special-field helpers ---- */

struct mixed {
	struct hive_bpf_spin_lock lock; /* 0 */
	uint32_t a; /* 4 */
	struct hive_bpf_list_head head; /* 8 */
	uint64_t b; /* 24 */
	struct hive_bpf_rb_root root; /* 32 */
	struct hive_bpf_refcount ref; /* 48 */
	uint32_t c; /* 52 */
	struct hive_bpf_rb_node rbn; /* 56 */
	struct hive_bpf_list_node ln; /* 88 */
	void *kptr; /* 112 */
	uint64_t d; /* 120 */
};

static struct hive_record *mixed_rec(void)
{
	return FX_REC(128, F_LOCK(0), F_LHEAD(8, T_BAR, 0), F_RROOT(32, T_NODE_DATA, 16), F_REF(48),
		      F_RNODE(56), F_LNODE(88), F_KPTR(112, T_PLAIN));
}

static void test_obj_init(void **state)
{
	struct hive_record *rec = mixed_rec();
	struct mixed *m = malloc(sizeof(*m));

	memset(m, 0x5a, sizeof(*m));
	kfunc_obj_init(rec, m);
	assert_int_equal(m->lock.val, 0);
	assert_ptr_equal(m->head.head.next, &m->head.head);
	assert_ptr_equal(m->head.head.prev, &m->head.head);
	assert_null(m->root.tree.root.node);
	assert_null(m->root.tree.leftmost);
	assert_int_equal(m->ref.refs, 1);
	assert_true(hive_rb_empty_node(&m->rbn.node));
	assert_null(m->rbn.owner);
	assert_ptr_equal(m->ln.link.next, &m->ln.link);
	assert_null(m->ln.owner);
	assert_null(m->kptr);
	/* non-special bytes are the allocator's business, not init's */
	assert_int_equal(m->a, 0x5a5a5a5a);
	assert_int_equal(m->d, 0x5a5a5a5a5a5a5a5aULL);
	kfunc_obj_init(NULL, m); /* no record: nothing to do */
	free(m);
	btf_record_free(rec);
}

static void test_copy_and_zero(void **state)
{
	struct hive_record *rec = mixed_rec();
	struct mixed src, dst, orig;

	memset(&src, 0xaa, sizeof(src));
	memset(&dst, 0x11, sizeof(dst));
	orig = dst;
	kfunc_copy_map_value(rec, &dst, &src, sizeof(dst));
	assert_int_equal(dst.a, 0xaaaaaaaa);
	assert_int_equal(dst.b, 0xaaaaaaaaaaaaaaaaULL);
	assert_int_equal(dst.c, 0xaaaaaaaa);
	assert_int_equal(dst.d, 0xaaaaaaaaaaaaaaaaULL);
	assert_memory_equal(&dst.head, &orig.head, sizeof(dst.head));
	assert_memory_equal(&dst.root, &orig.root, sizeof(dst.root));
	assert_memory_equal(&dst.rbn, &orig.rbn, sizeof(dst.rbn) + sizeof(dst.ln));
	assert_int_equal(dst.lock.val, 0x11111111);
	assert_ptr_equal(dst.kptr, orig.kptr);

	/* user space sees special fields as zero bytes, the rest untouched */
	kfunc_zero_special_fields(rec, &dst);
	assert_int_equal(dst.lock.val, 0);
	assert_null(dst.head.head.next);
	assert_int_equal(dst.ref.refs, 0);
	assert_null(dst.kptr);
	assert_int_equal(dst.d, 0xaaaaaaaaaaaaaaaaULL);

	/* zero_map_value: the opposite */
	memset(&dst, 0x11, sizeof(dst));
	kfunc_zero_map_value(rec, &dst, sizeof(dst));
	assert_int_equal(dst.a, 0);
	assert_int_equal(dst.d, 0);
	assert_int_equal(dst.lock.val, 0x11111111);
	assert_int_equal(dst.ref.refs, 0x11111111);

	/* no record: a plain memcpy/memset */
	kfunc_copy_map_value(NULL, &dst, &src, sizeof(dst));
	assert_memory_equal(&dst, &src, sizeof(dst));
	kfunc_zero_map_value(NULL, &dst, sizeof(dst));
	assert_int_equal(dst.lock.val, 0);

	/* BPF_F_LOCK copy: takes and releases the value's lock */
	memset(&dst, 0, sizeof(dst));
	kfunc_copy_map_value_locked(rec, &dst, &src, sizeof(dst), false);
	assert_int_equal(dst.lock.val, 0);
	assert_int_equal(dst.b, 0xaaaaaaaaaaaaaaaaULL);
	src.lock.val = 0;
	kfunc_copy_map_value_locked(rec, &dst, &src, sizeof(dst), true);
	assert_int_equal(src.lock.val, 0);
	btf_record_free(rec);
}

static void *hooked_ptr;
static void timer_hook(void *p)
{
	hooked_ptr = p;
}

static void test_free_hooks(void **state)
{
	struct hive_record *rec =
		FX_REC(32, ((struct hive_field){ .offset = 0, .kind = HIVE_FIELD_KPTR_UNREF }),
		       ((struct hive_field){ .offset = 16, .kind = HIVE_FIELD_TIMER }));
	uint64_t v[4] = { 0xdeadbeef, 0, 0, 0 };

	assert_int_equal(kfunc_set_field_free_hook(HIVE_FIELD_LIST_HEAD, timer_hook), -EINVAL);
	kfunc_obj_free_fields(rec, v); /* no hook yet: timer left alone */
	assert_null(hooked_ptr);
	assert_int_equal(v[0], 0); /* unreferenced kptr cleared */
	assert_int_equal(kfunc_set_field_free_hook(HIVE_FIELD_TIMER, timer_hook), 0);
	kfunc_obj_free_fields(rec, v);
	assert_ptr_equal(hooked_ptr, &v[2]);
	assert_int_equal(kfunc_set_field_free_hook(HIVE_FIELD_TIMER, NULL), 0);
	btf_record_free(rec);
}

/* ---- deferred reclamation ---- */

struct reader_sync {
	atomic_int phase; /* 0 start, 1 reader inside, 2 go read, 3 done */
	struct node_data *obj;
	long seen;
};

static void *reader_thread(void *arg)
{
	struct reader_sync *s = arg;

	kfunc_rcu_read_lock();
	atomic_store(&s->phase, 1);
	while (atomic_load(&s->phase) != 2)
		sched_yield();
	s->seen = s->obj->key; /* the object was dropped meanwhile: must still be readable */
	kfunc_rcu_read_unlock();
	atomic_store(&s->phase, 3);
	return NULL;
}

static void test_rcu_defers_until_readers_leave(void **state)
{
	struct reader_sync s = { .phase = 0 };
	pthread_t t;

	s.obj = kfunc_obj_new_impl(sizeof(*s.obj), M(T_NODE_DATA));
	s.obj->key = 77;
	assert_int_equal(pthread_create(&t, NULL, reader_thread, &s), 0);
	while (atomic_load(&s.phase) != 1)
		sched_yield();
	kfunc_obj_drop_impl(s.obj, M(T_NODE_DATA));
	/* an opportunistic reclaim (any section exit) must not free it: the reader is older */
	kfunc_rcu_read_lock();
	kfunc_rcu_read_unlock();
	assert_int_equal(kfunc_rcu_pending(), 1);
	assert_int_equal(fx_live_now(), 1);
	atomic_store(&s.phase, 2);
	pthread_join(t, NULL);
	assert_int_equal(s.seen, 77);
	assert_int_equal(fx_live(), 0);
	assert_int_equal(kfunc_rcu_pending(), 0);
}

static void test_rcu_nesting_and_deadlock(void **state)
{
	void *p;

	kfunc_rcu_read_lock();
	kfunc_rcu_read_lock();
	assert_true(kfunc_rcu_read_lock_held());
	p = kfunc_obj_new_impl(8, NULL);
	kfunc_obj_drop_impl(p, NULL);
	assert_int_equal(kfunc_rcu_synchronize(), -EDEADLK);
	assert_int_equal(kfunc_rcu_barrier(), -EDEADLK);
	kfunc_rcu_read_unlock();
	assert_true(kfunc_rcu_read_lock_held());
	assert_int_equal(fx_live_now(), 1); /* still inside the outer section */
	kfunc_rcu_read_unlock();
	assert_false(kfunc_rcu_read_lock_held());
	/* leaving the outermost section reclaimed it: no other reader exists */
	assert_int_equal(fx_live_now(), 0);
}

/* Many drops outside any section are reclaimed in batches without a barrier. */
static void test_rcu_batches_outside_sections(void **state)
{
	for (int i = 0; i < 2000; i++)
		kfunc_obj_drop_impl(kfunc_obj_new_impl(32, NULL), NULL);
	assert_true(kfunc_rcu_pending() < 2000);
	assert_true(fx_live_now() < 2000);
}

/* ---- concurrency ---- */

#define NR_THREADS 4
#define OPS_PER_THREAD 4000

struct tree_worker {
	struct rb_glob *g;
	int id;
	long *removed;
	int nr_removed;
	int nr_added;
};

static bool less_key(void *ctx, struct hive_bpf_rb_node *a, const struct hive_bpf_rb_node *b)
{
	return container_of(a, struct node_data, node)->key <
	       container_of(b, struct node_data, node)->key;
}

static void *tree_worker(void *arg)
{
	struct tree_worker *w = arg;
	unsigned int seed = w->id * 7919 + 1;

	kfunc_set_this_cpu(w->id % NR_TEST_CPUS);
	for (int i = 0; i < OPS_PER_THREAD; i++) {
		kfunc_rcu_read_lock();
		if (rand_r(&seed) % 3) {
			struct node_data *n = kfunc_obj_new_impl(sizeof(*n), M(T_NODE_DATA));

			n->key = (long)w->id * OPS_PER_THREAD + i;
			kfunc_spin_lock(&w->g->glock);
			kfunc_rbtree_add_impl(&w->g->groot, &n->node, less_key, NULL,
					      M(T_NODE_DATA), 16);
			kfunc_spin_unlock(&w->g->glock);
			w->nr_added++;
		} else {
			struct hive_bpf_rb_node *rb;

			kfunc_spin_lock(&w->g->glock);
			rb = kfunc_rbtree_first(&w->g->groot);
			if (rb)
				rb = kfunc_rbtree_remove(&w->g->groot, rb);
			kfunc_spin_unlock(&w->g->glock);
			if (rb) {
				w->removed[w->nr_removed++] =
					container_of(rb, struct node_data, node)->key;
				kfunc_obj_drop_impl(container_of(rb, struct node_data, node),
						    M(T_NODE_DATA));
			}
		}
		kfunc_rcu_read_unlock();
	}
	return NULL;
}

static int cmp_long(const void *a, const void *b)
{
	long x = *(const long *)a, y = *(const long *)b;

	return x < y ? -1 : x > y;
}

static void test_concurrent_tree(void **state)
{
	struct rb_glob *g = fx_value(sizeof(*g));
	struct tree_worker w[NR_THREADS];
	pthread_t t[NR_THREADS];
	long *all = calloc(NR_THREADS * OPS_PER_THREAD, sizeof(*all));
	int nr_all = 0, nr_added = 0;

	for (int i = 0; i < NR_THREADS; i++) {
		w[i] = (struct tree_worker){ .g = g, .id = i };
		w[i].removed = calloc(OPS_PER_THREAD, sizeof(long));
		assert_int_equal(pthread_create(&t[i], NULL, tree_worker, &w[i]), 0);
	}
	for (int i = 0; i < NR_THREADS; i++) {
		pthread_join(t[i], NULL);
		nr_added += w[i].nr_added;
		memcpy(all + nr_all, w[i].removed, w[i].nr_removed * sizeof(long));
		nr_all += w[i].nr_removed;
		free(w[i].removed);
	}
	/* what is left in the tree, in order, with valid links */
	long prev = -1;
	int left = 0;

	for (struct hive_rb_node *n = hive_rb_first(&g->groot.tree.root); n; n = hive_rb_next(n)) {
		struct node_data *nd = container_of(n, struct node_data, node.node);

		assert_true(nd->key > prev);
		assert_ptr_equal(nd->node.owner, &g->groot);
		prev = nd->key;
		all[nr_all++] = nd->key;
		left++;
	}
	assert_ptr_equal(g->groot.tree.leftmost, hive_rb_first(&g->groot.tree.root));
	/* removed + left == added, and no key twice: nothing lost, nothing duplicated */
	assert_int_equal(nr_all, nr_added);
	qsort(all, nr_all, sizeof(*all), cmp_long);
	for (int i = 1; i < nr_all; i++)
		assert_true(all[i] != all[i - 1]);
	assert_int_equal(fx_live(), left);
	fx_value_free(FX.rb_glob, g);
	free(all);
}

/* Readers read stashed objects under RCU while writers replace and drop them. */
struct stash_race {
	struct rc_stash_val slot;
	atomic_bool stop;
	atomic_long reads;
	atomic_long bad; /* reads that saw anything but MAGIC */
};

#define MAGIC 0x5eed5eedL

static void *stash_writer(void *arg)
{
	struct stash_race *r = arg;

	for (int i = 0; i < 3000; i++) {
		struct refcounted_node *n = kfunc_obj_new_impl(sizeof(*n), M(T_REFCOUNTED)), *old;

		kfunc_rcu_read_lock();
		n->data = MAGIC;
		old = kfunc_kptr_xchg(&r->slot.stashed, n);
		if (old)
			kfunc_obj_drop_impl(old, M(T_REFCOUNTED));
		kfunc_rcu_read_unlock();
	}
	return NULL;
}

static void *stash_reader(void *arg)
{
	struct stash_race *r = arg;

	while (!atomic_load(&r->stop)) {
		kfunc_rcu_read_lock();
		struct refcounted_node *p = __atomic_load_n(&r->slot.stashed, __ATOMIC_ACQUIRE);

		if (p) {
			/* dropped or not, the memory is valid until we leave the section */
			if (p->data != MAGIC)
				atomic_fetch_add(&r->bad, 1);
			struct refcounted_node *q = kfunc_refcount_acquire_impl(p, M(T_REFCOUNTED));

			if (q)
				kfunc_obj_drop_impl(q, M(T_REFCOUNTED));
			atomic_fetch_add(&r->reads, 1);
		}
		kfunc_rcu_read_unlock();
	}
	return NULL;
}

static void test_concurrent_stash_rcu(void **state)
{
	struct stash_race *r = fx_value(sizeof(*r));
	pthread_t wt[2], rt[2];

	for (int i = 0; i < 2; i++) {
		assert_int_equal(pthread_create(&rt[i], NULL, stash_reader, r), 0);
		assert_int_equal(pthread_create(&wt[i], NULL, stash_writer, r), 0);
	}
	for (int i = 0; i < 2; i++)
		pthread_join(wt[i], NULL);
	atomic_store(&r->stop, true);
	for (int i = 0; i < 2; i++)
		pthread_join(rt[i], NULL);
	assert_int_equal(atomic_load(&r->bad), 0);
	assert_int_equal(fx_live(), 1); /* the last one stashed */
	kfunc_obj_free_fields(FX.rc_stash_val, &r->slot);
	free(r);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_cpu_ids),
		T(test_cpu_id_is_per_thread),
		T(test_percpu_objects),
		T(test_percpu_kptr_field_freed),
		T(test_obj_init),
		T(test_copy_and_zero),
		T(test_free_hooks),
		T(test_rcu_defers_until_readers_leave),
		T(test_rcu_nesting_and_deadlock),
		T(test_rcu_batches_outside_sections),
		T(test_concurrent_tree),
		T(test_concurrent_stash_rcu),
	};

	/* Before any per-CPU allocation: fixes the CPU count for the whole process. */
	if (kfunc_set_nr_cpus(NR_TEST_CPUS))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
