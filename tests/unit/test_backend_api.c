// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests of the user backend through the public API (no kernel needed): loading, the
 * verifier log of a rejected program, hive_program__test_run()'s argument rules, per-CPU
 * values and the CPU a run executes as, map element access with special fields shown as
 * zeros, global data before and after load (.rodata frozen), ring buffers, bpf_printk output,
 * and many threads running one program, the JIT and the open option that turns it off. The
 * runtime is configured with 4 possible CPUs.
 *
 * The programs are tests/backend/progs/{api,pkt_tc,rejected}.bpf.c.
 */
#include <errno.h>
#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "backend/backend.h"
#include "bpfhive/bpfhive.h"
#include "object/backend.h"
#include "vm/vm.h"

#define NR_CPUS 4

struct args {
	uint64_t in, out;
};

static char *prog_path(const char *name)
{
	const char *dir = getenv("HIVE_BUILD_DIR");
	static char path[1024];

	snprintf(path, sizeof(path), "%s/tests/backend/progs/%s.bpf.o", dir ? dir : ".", name);
	return path;
}

static struct hive_object *load(const char *name)
{
	struct hive_object *obj = hive_object__open_file(prog_path(name), NULL);

	assert_non_null(obj);
	assert_int_equal(hive_object__load(obj), 0);
	return obj;
}

static struct hive_program *prog(struct hive_object *obj, const char *name)
{
	struct hive_program *p = hive_object__find_program_by_name(obj, name);

	assert_non_null(p);
	return p;
}

static struct hive_map *map(struct hive_object *obj, const char *name)
{
	struct hive_map *m = hive_object__find_map_by_name(obj, name);

	assert_non_null(m);
	return m;
}

static int run_sys(struct hive_program *p, struct args *a, uint32_t *retval)
{
	HIVE_OPTS(hive_test_run_opts, o, .ctx_in = a, .ctx_size_in = sizeof(*a));
	int err = hive_program__test_run(p, &o);

	*retval = o.retval;
	return err;
}

/* ---- loading ---- */

static void test_rejected_keeps_log(void **state)
{
	struct hive_object *obj = hive_object__open_file(prog_path("rejected"), NULL);
	struct hive_program *p;
	const char *log;
	HIVE_OPTS(hive_test_run_opts, o);

	assert_non_null(obj);
	assert_int_equal(hive_object__load(obj), -EACCES);
	p = prog(obj, "no_null_check");
	log = hive_program__log_buf(p, NULL);
	assert_non_null(log);
	assert_non_null(strstr(log, "R0 invalid mem access 'map_value_or_null'"));
	/* never run what the verifier rejected */
	assert_int_equal(hive_program__test_run(p, &o), -ENOENT);
	hive_object__close(obj);
}

static void test_log_level(void **state)
{
	struct hive_object *obj = hive_object__open_file(prog_path("api"), NULL);
	struct hive_program *p = prog(obj, "count");

	assert_int_equal(hive_program__set_log_level(p, 2), 0);
	assert_int_equal(hive_object__load(obj), 0);
	assert_non_null(strstr(hive_program__log_buf(p, NULL), "processed "));
	assert_int_equal(hive_program__set_log_level(p, 1), -EBUSY);
	assert_null(hive_program__log_buf(prog(obj, "emit"), NULL));
	hive_object__close(obj);
}

/* ---- test run arguments ---- */

static void test_syscall_args(void **state)
{
	struct hive_object *obj = load("api");
	struct hive_program *p = prog(obj, "count");
	struct args a = { .in = 3 };
	uint8_t pkt[64] = { 0 };
	uint32_t retval;

	assert_int_equal(run_sys(p, &a, &retval), 0);
	/* data_var * 1000 + ro_var * 100 + cpu: written back into ctx_in */
	assert_int_equal(a.out, 5 * 1000 + 7 * 100 + 0);
	assert_int_equal(retval, 5);
	{
		HIVE_OPTS(hive_test_run_opts, o, .ctx_in = &a, .ctx_size_in = sizeof(a),
			  .repeat = 2);
		assert_int_equal(hive_program__test_run(p, &o), -EINVAL);
	}
	{
		HIVE_OPTS(hive_test_run_opts, o, .ctx_in = &a, .ctx_size_in = sizeof(a),
			  .data_in = pkt, .data_size_in = sizeof(pkt));
		assert_int_equal(hive_program__test_run(p, &o), -EINVAL);
	}
	{
		HIVE_OPTS(hive_test_run_opts, o, .ctx_in = &a, .ctx_size_in = 70000);
		assert_int_equal(hive_program__test_run(p, &o), -EINVAL);
	}
	{
		HIVE_OPTS(hive_test_run_opts, o, .ctx_size_in = 8);
		assert_int_equal(hive_program__test_run(p, &o), -EFAULT);
	}
	/* unknown non-zero option bytes past the known struct: -EINVAL (OPTS_VALID) */
	{
		struct {
			struct hive_test_run_opts o;
			uint64_t more;
		} big = { .o = { .sz = sizeof(big) }, .more = 1 };
		assert_int_equal(hive_program__test_run(p, &big.o), -EINVAL);
	}
	hive_object__close(obj);
}

/* The JIT runs verified programs on x86-64 unless the object was opened with no_jit. */
static void test_no_jit(void **state)
{
	const char *env = getenv("BPFHIVE_JIT");
	bool jit_expected = !(env && !strcmp(env, "0"));

#if !defined(__x86_64__)
	jit_expected = false;
#endif
	for (int no_jit = 0; no_jit < 2; no_jit++) {
		HIVE_OPTS(hive_object_open_opts, oo, .no_jit = no_jit);
		struct hive_object *obj = hive_object__open_file(prog_path("api"), &oo);
		struct hive_program *p;
		const struct be_prog *bp;
		struct args a = { .in = 3 };
		uint32_t retval;

		assert_non_null(obj);
		assert_int_equal(hive_object__load(obj), 0);
		p = prog(obj, "count");
		bp = object_prog_priv(p);
		assert_non_null(bp);
		assert_int_equal(hive_vm_prog_jitted(bp->vm_prog), jit_expected && !no_jit);
		/* the same results either way */
		assert_int_equal(run_sys(p, &a, &retval), 0);
		assert_int_equal(a.out, 5 * 1000 + 7 * 100 + 0);
		assert_int_equal(retval, 5);
		hive_object__close(obj);
	}
}

static void test_skb_args(void **state)
{
	struct hive_object *obj = load("pkt_tc");
	struct hive_program *p = prog(obj, "tc_parse");
	uint8_t pkt[60] = { [12] = 0x08, [14] = 0x45 }, out[64], ctx[192] = { 0 };
	HIVE_OPTS(hive_test_run_opts, o, .data_in = pkt, .data_size_in = 13);

	assert_int_equal(hive_program__test_run(p, &o), -EINVAL);
	o.data_size_in = sizeof(pkt);
	o.data_out = out;
	o.data_size_out = 10;
	assert_int_equal(hive_program__test_run(p, &o), -ENOSPC);
	assert_int_equal(o.data_size_out, sizeof(pkt)); /* the full size is reported */
	assert_memory_equal(out, pkt, 10);
	o.data_size_out = sizeof(out);
	ctx[0] = 1; /* __sk_buff.len: not settable */
	o.ctx_in = ctx;
	o.ctx_size_in = sizeof(ctx);
	assert_int_equal(hive_program__test_run(p, &o), -EINVAL);
	ctx[0] = 0;
	o.cpu = 1; /* a CPU without HIVE_TEST_RUN_ON_CPU */
	assert_int_equal(hive_program__test_run(p, &o), -EINVAL);
	o.flags = HIVE_TEST_RUN_ON_CPU;
	o.cpu = NR_CPUS;
	assert_int_equal(hive_program__test_run(p, &o), -ENXIO);
	o.cpu = NR_CPUS - 1;
	assert_int_equal(hive_program__test_run(p, &o), 0);
	assert_int_equal(o.retval, 0); /* TC_ACT_OK: not UDP */
	hive_object__close(obj);
	{
		struct hive_object *o2 = hive_object__open_file(prog_path("api"), NULL);
		HIVE_OPTS(hive_test_run_opts, r);

		/* not loaded: -ENOENT */
		assert_int_equal(hive_program__test_run(prog(o2, "count"), &r), -ENOENT);
		hive_object__close(o2);
	}
}

/* ---- maps ---- */

static void test_percpu_and_cpu(void **state)
{
	struct hive_object *obj = load("api");
	struct hive_program *p = prog(obj, "count");
	struct hive_map *pc = map(obj, "per_cpu");
	uint64_t vals[NR_CPUS + 1] = { 0 };
	struct args a = { .in = 4 };
	uint32_t zero = 0;
	HIVE_OPTS(hive_test_run_opts, o, .ctx_in = &a, .ctx_size_in = sizeof(a),
		  .flags = HIVE_TEST_RUN_ON_CPU, .cpu = 2);

	assert_int_equal(hive_map__nr_cpus(pc), NR_CPUS);
	assert_int_equal(hive_map__value_buf_size(pc), NR_CPUS * 8);
	assert_int_equal(hive_program__test_run(p, &o), 0);
	assert_int_equal(a.out % 100, 2); /* bpf_get_smp_processor_id() */
	a.in = 9;
	o.cpu = 0;
	assert_int_equal(hive_program__test_run(p, &o), 0);
	/* a wrong value size is refused as libbpf refuses it */
	assert_int_equal(hive_map__lookup_elem(pc, &zero, 4, vals, 8, 0), -EINVAL);
	assert_int_equal(hive_map__lookup_elem(pc, &zero, 4, vals, NR_CPUS * 8, 0), 0);
	assert_int_equal(vals[0], 9);
	assert_int_equal(vals[1], 0);
	assert_int_equal(vals[2], 4);
	vals[3] = 77;
	assert_int_equal(hive_map__update_elem(pc, &zero, 4, vals, NR_CPUS * 8, 0), 0);
	memset(vals, 0, sizeof(vals));
	assert_int_equal(hive_map__lookup_elem(pc, &zero, 4, vals, NR_CPUS * 8, 0), 0);
	assert_int_equal(vals[3], 77);
	hive_object__close(obj);
}

static void test_hash_ops(void **state)
{
	struct hive_object *obj = load("api");
	struct hive_program *p = prog(obj, "count");
	struct hive_map *h = map(obj, "hits");
	uint32_t key, next, keys = 0, retval;
	uint64_t v;
	struct args a;

	for (uint32_t i = 0; i < 5; i++) {
		a.in = i % 3;
		assert_int_equal(run_sys(p, &a, &retval), 0);
	}
	key = 1;
	assert_int_equal(hive_map__lookup_elem(h, &key, 4, &v, 8, 0), 0);
	assert_int_equal(v, 2);
	key = 7;
	assert_int_equal(hive_map__lookup_elem(h, &key, 4, &v, 8, 0), -ENOENT);
	v = 40;
	assert_int_equal(hive_map__update_elem(h, &key, 4, &v, 8, HIVE_MAP_NOEXIST), 0);
	assert_int_equal(hive_map__update_elem(h, &key, 4, &v, 8, HIVE_MAP_NOEXIST), -EEXIST);
	for (int err = hive_map__get_next_key(h, NULL, &next, 4); !err;
	     err = hive_map__get_next_key(h, &key, &next, 4)) {
		key = next;
		keys++;
	}
	assert_int_equal(keys, 4);
	key = 7;
	assert_int_equal(hive_map__lookup_and_delete_elem(h, &key, 4, &v, 8, 0), 0);
	assert_int_equal(v, 40);
	assert_int_equal(hive_map__delete_elem(h, &key, 4, 0), -ENOENT);
	assert_int_equal(hive_map__get_next_key(h, &key, &next, 3), -EINVAL);
	hive_object__close(obj);
}

/* bpf_spin_lock and kptr fields read as zeros; updates leave them alone. */
static void test_special_fields(void **state)
{
	struct hive_object *obj = load("api");
	struct hive_map *s = map(obj, "spec");
	struct {
		uint32_t lock, cnt;
		uint64_t kp, tail;
	} v;
	struct args a = { .in = 1 };
	uint32_t zero = 0, retval;

	assert_int_equal(run_sys(prog(obj, "emit"), &a, &retval), 0);
	assert_int_equal(retval, 0);
	memset(&v, 0xff, sizeof(v));
	assert_int_equal(hive_map__lookup_elem(s, &zero, 4, &v, sizeof(v), 0), 0);
	assert_int_equal(v.lock, 0);
	assert_int_equal(v.cnt, 1);
	assert_int_equal(v.kp, 0); /* the object is there, but user space sees zeros */
	assert_int_equal(v.tail, 0x1122334455667788ULL);
	v.kp = 0xdead;
	v.cnt = 5;
	assert_int_equal(hive_map__update_elem(s, &zero, 4, &v, sizeof(v), 0), 0);
	assert_int_equal(hive_map__lookup_elem(s, &zero, 4, &v, sizeof(v), 0), 0);
	assert_int_equal(v.kp, 0);
	assert_int_equal(v.cnt, 5);
	/* a value with special fields cannot be frozen */
	assert_int_equal(hive_map__freeze(s), -HIVE_ENOTSUPP);
	hive_object__close(obj);
}

static void test_queue(void **state)
{
	struct hive_object *obj = load("api");
	struct hive_program *p = prog(obj, "push");
	struct hive_map *q = map(obj, "fifo");
	uint8_t pkt[20] = { 0 };
	uint32_t v;
	HIVE_OPTS(hive_test_run_opts, o, .data_in = pkt, .data_size_in = 14);

	assert_int_equal(hive_program__test_run(p, &o), 0);
	/* data_size_out now says 14: as in the kernel, a longer packet is -ENOSPC even without
	 * a data_out buffer */
	o.data_size_in = 20;
	assert_int_equal(hive_program__test_run(p, &o), -ENOSPC); /* ... after the run */
	o.data_size_in = 16;
	o.data_size_out = 0;
	assert_int_equal(hive_program__test_run(p, &o), 0);
	assert_int_equal(hive_map__lookup_elem(q, NULL, 0, &v, 4, 0), 0); /* peek */
	assert_int_equal(v, 14);
	assert_int_equal(hive_map__lookup_and_delete_elem(q, NULL, 0, &v, 4, 0), 0);
	assert_int_equal(v, 14);
	assert_int_equal(hive_map__lookup_and_delete_elem(q, NULL, 0, &v, 4, 0), 0);
	assert_int_equal(v, 20);
	assert_int_equal(hive_map__lookup_and_delete_elem(q, NULL, 0, &v, 4, 0), 0);
	assert_int_equal(v, 16);
	assert_int_equal(hive_map__lookup_and_delete_elem(q, NULL, 0, &v, 4, 0), -ENOENT);
	hive_object__close(obj);
}

/* ---- global data ---- */

static void test_global_data(void **state)
{
	struct hive_object *obj = hive_object__open_file(prog_path("api"), NULL);
	struct hive_map *data = map(obj, ".data"), *bss = map(obj, ".bss"),
			*ro = map(obj, ".rodata");
	struct hive_program *p = prog(obj, "count");
	uint64_t *d, *b, *r;
	struct args a = { .in = 0 };
	uint32_t zero = 0, retval;
	uint64_t v = 1;
	size_t sz, rsz;
	void *rbuf;

	/* before load: the initial images, writable */
	d = hive_map__initial_value(data, &sz);
	assert_int_equal(sz, 8);
	*d = 11;
	r = hive_map__initial_value(ro, &sz);
	*r = 3;
	assert_int_equal(hive_object__load(obj), 0);
	assert_int_equal(run_sys(p, &a, &retval), 0);
	assert_int_equal(a.out, 11 * 1000 + 3 * 100);
	/* after load: the live values */
	b = hive_map__initial_value(bss, NULL);
	assert_int_equal(*b, 11);
	d = hive_map__initial_value(data, NULL);
	*d = 2;
	assert_int_equal(run_sys(p, &a, &retval), 0);
	assert_int_equal(*b, 13);
	assert_int_equal(retval, 13);
	/* .rodata (ro_var and the bpf_printk format) is frozen at load */
	rsz = hive_map__value_size(ro);
	assert_int_equal(hive_map__update_elem(ro, &zero, 4, &v, 8, 0), -EINVAL);
	rbuf = calloc(1, rsz);
	assert_int_equal(hive_map__update_elem(ro, &zero, 4, rbuf, rsz, 0), -EPERM);
	free(rbuf);
	r = hive_map__initial_value(ro, NULL);
	assert_int_equal(*r, 3);
	hive_object__close(obj);
}

/* ---- ring buffer and trace output ---- */

struct samples {
	int n;
	uint64_t first[2];
	size_t sizes[4];
};

static int on_sample(void *ctx, void *data, size_t size)
{
	struct samples *s = ctx;

	if (!s->n)
		memcpy(s->first, data, size < 16 ? size : 16);
	if (s->n < 4)
		s->sizes[s->n] = size;
	s->n++;
	return 0;
}

static void test_ring_buffer(void **state)
{
	struct hive_object *obj = load("api");
	struct hive_map *ev = map(obj, "events");
	struct samples s = { 0 };
	struct hive_ring_buffer *rb = hive_ring_buffer__new(ev, on_sample, &s, NULL);
	struct args a = { .in = 42 };
	uint32_t retval;

	assert_non_null(rb);
	assert_true(hive_ring_buffer__epoll_fd(rb) >= 0);
	assert_int_equal(hive_ring_buffer__poll(rb, 10), 0); /* nothing: times out */
	assert_int_equal(run_sys(prog(obj, "emit"), &a, &retval), 0);
	assert_string_equal(hive_program__trace_log(prog(obj, "emit")), "emit 42\n");
	assert_int_equal(hive_ring_buffer__poll(rb, 1000), 2);
	assert_int_equal(s.n, 2);
	assert_int_equal(s.first[0], 42);
	assert_int_equal(s.first[1], 0xabcd);
	assert_int_equal(s.sizes[0], 16);
	assert_int_equal(s.sizes[1], 8);
	assert_int_equal(hive_ring_buffer__consume(rb), 0);
	/* not a ring buffer */
	assert_null(hive_ring_buffer__new(map(obj, "hits"), on_sample, &s, NULL));
	assert_int_equal(errno, EINVAL);
	/* the ring buffer keeps its map alive past the object */
	hive_object__close(obj);
	assert_int_equal(hive_ring_buffer__consume(rb), 0);
	hive_ring_buffer__free(rb);
}

/* ---- threads ---- */

struct thr {
	struct hive_program *p;
	int err;
};

static void *thread_fn(void *arg)
{
	struct thr *t = arg;

	for (int i = 0; i < 500 && !t->err; i++) {
		struct args a = { .in = 5 };
		uint32_t retval;

		t->err = run_sys(t->p, &a, &retval);
	}
	return NULL;
}

static void test_threads(void **state)
{
	struct hive_object *obj = load("api");
	struct thr t[4];
	pthread_t th[4];
	uint32_t key = 5;
	uint64_t v;

	for (int i = 0; i < 4; i++) {
		t[i] = (struct thr){ .p = prog(obj, "count") };
		assert_int_equal(pthread_create(&th[i], NULL, thread_fn, &t[i]), 0);
	}
	for (int i = 0; i < 4; i++) {
		pthread_join(th[i], NULL);
		assert_int_equal(t[i].err, 0);
	}
	/* the hash counter is updated atomically by the program (one insert wins the race) */
	assert_int_equal(hive_map__lookup_elem(map(obj, "hits"), &key, 4, &v, 8, 0), 0);
	assert_int_equal(v, 4 * 500);
	hive_object__close(obj);
}

int main(void)
{
	HIVE_OPTS(hive_runtime_opts, ro, .nr_cpus = NR_CPUS);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rejected_keeps_log),
		cmocka_unit_test(test_log_level),
		cmocka_unit_test(test_syscall_args),
		cmocka_unit_test(test_no_jit),
		cmocka_unit_test(test_skb_args),
		cmocka_unit_test(test_percpu_and_cpu),
		cmocka_unit_test(test_hash_ops),
		cmocka_unit_test(test_special_fields),
		cmocka_unit_test(test_queue),
		cmocka_unit_test(test_global_data),
		cmocka_unit_test(test_ring_buffer),
		cmocka_unit_test(test_threads),
	};

	if (hive_runtime_configure(&ro)) {
		fprintf(stderr, "hive_runtime_configure: %s\n", strerror(errno));
		return 1;
	}
	hive_set_print(NULL);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
