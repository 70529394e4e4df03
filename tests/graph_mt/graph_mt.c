// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph_mt/graph_mt.c: bpfhive's graph collections under real concurrency. Several
 * threads test-run one loaded program (progs/graph_mt.bpf.c) at the same time; all of them
 * add to and remove from one bpf_rb_root under its bpf_spin_lock. Afterwards every key must
 * have come out of the tree exactly once (no lost node, no duplicated node), the counters
 * must agree, and once the object is closed the allocator must hold nothing (no leak), also
 * when the object is closed with nodes still in the tree. Run under the asan preset too,
 * where ASan sees any use after free a race would cause.
 */
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "hive_vars.h" /* bpfhive's BTF layouts first, then the public API */
#include "kfunc/alloc.h"
#include "kfunc/runtime.h"

#define NR_THREADS 4
#define ROUNDS 25 /* test runs per thread */
#define PER_RUN 400 /* nodes added per run */
#define NR_KEYS ((uint64_t)NR_THREADS * ROUNDS * PER_RUN)

struct mt_ctx {
	uint64_t base, n;
};

struct worker {
	struct hive_program *prog;
	unsigned int id;
	int err; /* first failed test run's error, or a non-zero retval */
};

static const char *obj_path(void)
{
	const char *dir = getenv("HIVE_BUILD_DIR");
	static char path[1024];

	snprintf(path, sizeof(path), "%s/tests/graph_mt/progs/graph_mt.bpf.o", dir ? dir : ".");
	return path;
}

static struct hive_object *load(void)
{
	struct hive_object *obj = hive_object__open_file(obj_path(), NULL);

	assert_non_null(obj);
	assert_int_equal(hive_object__load(obj), 0);
	return obj;
}

static int64_t var(struct hive_object *obj, const char *name)
{
	int64_t v = -1;

	assert_int_equal(hive_read_var(obj, name, &v), 0);
	return v;
}

/* Each thread adds keys of its own range: thread t, round r -> [(t*ROUNDS + r) * PER_RUN, +PER_RUN). */
static void *work(void *arg)
{
	struct worker *w = arg;

	kfunc_set_this_cpu(w->id % kfunc_nr_cpus());
	for (unsigned int r = 0; r < ROUNDS && !w->err; r++) {
		struct mt_ctx c = { .base = ((uint64_t)w->id * ROUNDS + r) * PER_RUN,
				    .n = PER_RUN };
		struct hive_test_run_opts o = { .sz = sizeof(o),
						.ctx_in = &c,
						.ctx_size_in = sizeof(c) };

		w->err = hive_program__test_run(w->prog, &o);
		if (!w->err && o.retval)
			w->err = (int)o.retval;
	}
	return NULL;
}

static void run_threads(struct hive_object *obj)
{
	struct hive_program *p = hive_object__find_program_by_name(obj, "mt_churn");
	struct worker w[NR_THREADS];
	pthread_t tid[NR_THREADS];
	unsigned int i;

	assert_non_null(p);
	for (i = 0; i < NR_THREADS; i++) {
		w[i] = (struct worker){ .prog = p, .id = i };
		assert_int_equal(pthread_create(&tid[i], NULL, work, &w[i]), 0);
	}
	for (i = 0; i < NR_THREADS; i++)
		assert_int_equal(pthread_join(tid[i], NULL), 0);
	for (i = 0; i < NR_THREADS; i++)
		assert_int_equal(w[i].err, 0);
}

static void assert_no_live_objects(void)
{
	struct kfunc_mem_stats st;

	assert_int_equal(kfunc_rcu_barrier(), 0);
	kfunc_mem_stats(&st);
	assert_int_equal(st.live_objs, 0);
	assert_int_equal(st.live_bytes, 0);
	assert_int_equal(kfunc_rcu_pending(), 0);
}

/* The bits of word @k of `seen` that keys 0..NR_KEYS-1 set. */
static uint64_t want_bits(uint32_t k)
{
	uint64_t lo = (uint64_t)k * 64;

	if (lo + 64 <= NR_KEYS)
		return ~0ULL;
	if (lo >= NR_KEYS)
		return 0;
	return (1ULL << (NR_KEYS - lo)) - 1;
}

/* Every key 0..NR_KEYS-1 has its bit in `seen`, and no other bit is set. */
static void assert_all_seen_once(struct hive_object *obj)
{
	struct hive_map *m = hive_object__find_map_by_name(obj, "seen");
	uint64_t missing = 0, extra = 0;

	assert_non_null(m);
	for (uint32_t k = 0; k < hive_map__max_entries(m); k++) {
		uint64_t word = 0, want;

		assert_int_equal(hive_map__lookup_elem(m, &k, sizeof(k), &word, sizeof(word), 0),
				 0);
		want = want_bits(k);
		missing += (uint64_t)__builtin_popcountll(want & ~word);
		extra += (uint64_t)__builtin_popcountll(word & ~want);
	}
	assert_int_equal(missing, 0);
	assert_int_equal(extra, 0);
}

static void test_concurrent_add_remove(void **state)
{
	struct hive_object *obj;
	struct hive_test_run_opts o = { .sz = sizeof(o) };

	(void)state;
	assert_no_live_objects();
	obj = load();
	run_threads(obj);
	/* each run removed one node per two adds, so half the keys are still in the tree */
	assert_int_equal(var(obj, "added"), NR_KEYS);
	assert_int_equal(var(obj, "removed"), NR_KEYS / 2);
	assert_int_equal(
		hive_program__test_run(hive_object__find_program_by_name(obj, "mt_drain"), &o), 0);
	assert_int_equal(o.retval, 0);
	assert_int_equal(var(obj, "drained"), NR_KEYS / 2);
	assert_int_equal(var(obj, "removed"), NR_KEYS);
	assert_int_equal(var(obj, "dups"), 0);
	assert_int_equal(var(obj, "bad"), 0);
	assert_int_equal(var(obj, "alloc_fail"), 0);
	assert_all_seen_once(obj);
	hive_object__close(obj);
	assert_no_live_objects();
}

/* Closing the object frees the nodes still in the tree (map destruction drains the root). */
static void test_close_with_nodes(void **state)
{
	struct hive_object *obj;
	struct kfunc_mem_stats st;

	(void)state;
	obj = load();
	run_threads(obj);
	assert_int_equal(var(obj, "added") - var(obj, "removed"), NR_KEYS / 2);
	assert_int_equal(kfunc_rcu_barrier(), 0);
	kfunc_mem_stats(&st);
	assert_int_equal(st.live_objs, NR_KEYS / 2);
	hive_object__close(obj);
	assert_no_live_objects();
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_concurrent_add_remove),
		cmocka_unit_test(test_close_with_nodes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
