// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests for QUEUE, STACK, BLOOM_FILTER, RINGBUF, PROG_ARRAY, ARRAY_OF_MAPS and
 * HASH_OF_MAPS: creation errnos, push/pop/peek orders and BPF_EXIST overwriting, bloom filter
 * membership and map_extra, ring buffer record format, space accounting, wrap-around and
 * wakeup rules, and the object references fd maps hold.
 */
#include "test_kfunc_fixtures.h"
#include "maps/map.h"
#include "maps/ringbuf.h"

#define NCPU 4

static struct hive_map_impl *mk_attr(struct hive_map_attr attr)
{
	return maps_create(&attr);
}

static struct hive_map_impl *mk(uint32_t type, uint32_t ksz, uint32_t vsz, uint32_t max,
				uint32_t flags)
{
	return mk_attr((struct hive_map_attr){ .map_type = type,
					       .key_size = ksz,
					       .value_size = vsz,
					       .max_entries = max,
					       .map_flags = flags });
}

static long err_of(struct hive_map_impl *m)
{
	if (IS_ERR(m))
		return PTR_ERR(m);
	maps_put(m);
	return 0;
}

/* ---- queue and stack ---- */

static void test_queue(void **state)
{
	struct hive_map_impl *q = mk(HIVE_MAP_TYPE_QUEUE, 0, 4, 3, 0);
	uint32_t v, k;

	assert_int_equal(err_of(mk(HIVE_MAP_TYPE_QUEUE, 4, 4, 3, 0)), -EINVAL);
	assert_int_equal(err_of(mk(HIVE_MAP_TYPE_QUEUE, 0, 0, 3, 0)), -EINVAL);
	assert_int_equal(err_of(mk(HIVE_MAP_TYPE_QUEUE, 0, 4, 0, 0)), -EINVAL);
	assert_int_equal(err_of(mk(HIVE_MAP_TYPE_QUEUE, 0, 4, 3, HIVE_F_NO_PREALLOC)), -EINVAL);
	v = 0xdead;
	assert_int_equal(maps_pop(q, &v), -ENOENT);
	assert_int_equal(v, 0); /* zeroed on empty */
	for (v = 1; v <= 3; v++)
		assert_int_equal(maps_push(q, &v, 0), 0);
	assert_int_equal(maps_push(q, &v, 0), -E2BIG);
	assert_int_equal(maps_push(q, &v, HIVE_NOEXIST), -EINVAL);
	assert_int_equal(maps_push(q, &v, 4), -EINVAL);
	v = 4;
	assert_int_equal(maps_push(q, &v, HIVE_EXIST), 0); /* drops the oldest (1) */
	assert_int_equal(maps_peek(q, &v), 0);
	assert_int_equal(v, 2);
	for (uint32_t want = 2; want <= 4; want++) {
		assert_int_equal(maps_pop(q, &v), 0);
		assert_int_equal(v, want);
	}
	assert_int_equal(maps_peek(q, &v), -ENOENT);
	/* the syscall side: update = push, lookup = peek, lookup_and_delete = pop */
	v = 9;
	assert_int_equal(maps_sys_update(q, NULL, &v, 0), 0);
	v = 0;
	assert_int_equal(maps_sys_lookup(q, NULL, &v, 0), 0);
	assert_int_equal(v, 9);
	assert_int_equal(maps_sys_lookup_and_delete(q, NULL, &v, HIVE_F_LOCK), -EINVAL);
	assert_int_equal(maps_sys_lookup_and_delete(q, NULL, &v, 0), 0);
	assert_int_equal(maps_sys_lookup_and_delete(q, NULL, &v, 0), -ENOENT);
	assert_int_equal(maps_get_next_key(q, NULL, &k), -EINVAL);
	assert_int_equal(maps_sys_delete(q, NULL), -EINVAL);
	assert_null(maps_lookup(q, &k));
	assert_int_equal(maps_update(q, &k, &v, 0), -EINVAL);
	maps_put(q);
}

static void test_stack(void **state)
{
	struct hive_map_impl *s = mk(HIVE_MAP_TYPE_STACK, 0, 8, 3, 0);
	uint64_t v;

	for (v = 1; v <= 3; v++)
		assert_int_equal(maps_push(s, &v, 0), 0);
	assert_int_equal(maps_push(s, &v, 0), -E2BIG);
	v = 4;
	assert_int_equal(maps_push(s, &v, HIVE_EXIST), 0); /* the oldest (1) is dropped */
	assert_int_equal(maps_peek(s, &v), 0);
	assert_int_equal(v, 4);
	for (uint64_t want = 4; want >= 2; want--) {
		assert_int_equal(maps_pop(s, &v), 0);
		assert_int_equal(v, want);
	}
	assert_int_equal(maps_pop(s, &v), -ENOENT);
	/* wrap-around: many pushes and pops through the ring */
	for (uint64_t i = 0; i < 100; i++) {
		assert_int_equal(maps_push(s, &i, 0), 0);
		assert_int_equal(maps_pop(s, &v), 0);
		assert_int_equal(v, i);
	}
	maps_put(s);
}

/* ---- bloom filter ---- */

static void test_bloom(void **state)
{
	struct hive_map_attr attr = { .map_type = HIVE_MAP_TYPE_BLOOM_FILTER,
				      .value_size = 8,
				      .max_entries = 1000,
				      .map_extra = 3 };
	struct hive_map_impl *b, *b2;
	uint64_t v;
	int fp = 0;

	attr.map_extra = 16;
	assert_int_equal(err_of(mk_attr(attr)), -EINVAL);
	attr.map_extra = 3;
	attr.key_size = 4;
	assert_int_equal(err_of(mk_attr(attr)), -EINVAL);
	attr.key_size = 0;
	b = mk_attr(attr);
	assert_false(IS_ERR(b));
	for (v = 0; v < 1000; v += 2)
		assert_int_equal(maps_push(b, &v, HIVE_ANY), 0);
	assert_int_equal(maps_push(b, &v, HIVE_EXIST), -EINVAL);
	for (v = 0; v < 1000; v += 2)
		assert_int_equal(maps_peek(b, &v), 0); /* no false negatives */
	for (v = 1; v < 1000; v += 2)
		fp += maps_peek(b, &v) == 0;
	assert_true(fp < 100); /* ~7 bits per entry with 3 hashes: a few percent */
	assert_int_equal(maps_pop(b, &v), -EOPNOTSUPP);
	assert_int_equal(maps_delete(b, &v), -EOPNOTSUPP);
	assert_int_equal(maps_get_next_key(b, NULL, &v), -EOPNOTSUPP);
	v = 4;
	assert_int_equal(maps_sys_lookup(b, NULL, &v, 0), 0);
	v = 5001;
	assert_int_equal(maps_sys_update(b, NULL, &v, 0), 0);
	assert_int_equal(maps_sys_lookup(b, NULL, &v, 0), 0);
	maps_put(b);

	/* with a zero seed two filters are bit-for-bit the same: same false positives */
	attr.map_flags = HIVE_F_ZERO_SEED;
	attr.map_extra = 0; /* default: 5 hashes */
	b = mk_attr(attr);
	b2 = mk_attr(attr);
	for (v = 0; v < 300; v++) {
		maps_push(b, &v, 0);
		maps_push(b2, &v, 0);
	}
	for (v = 300; v < 5000; v++)
		assert_int_equal(maps_peek(b, &v), maps_peek(b2, &v));
	maps_put(b);
	maps_put(b2);
}

/* ---- ring buffer ---- */

struct rb_seen {
	int n;
	uint32_t sizes[64];
	uint8_t first[64];
};

static int rb_cb(void *ctx, void *data, size_t size)
{
	struct rb_seen *s = ctx;

	s->sizes[s->n] = (uint32_t)size;
	s->first[s->n] = size ? *(uint8_t *)data : 0;
	s->n++;
	return 0;
}

static void test_ringbuf_create(void **state)
{
	assert_int_equal(err_of(mk(HIVE_MAP_TYPE_RINGBUF, 0, 0, 4096, 0)), 0);
	assert_int_equal(err_of(mk(HIVE_MAP_TYPE_RINGBUF, 0, 0, 4096 * 3, 0)), -EINVAL);
	assert_int_equal(err_of(mk(HIVE_MAP_TYPE_RINGBUF, 0, 0, 1024, 0)), -EINVAL);
	assert_int_equal(err_of(mk(HIVE_MAP_TYPE_RINGBUF, 4, 0, 4096, 0)), -EINVAL);
	assert_int_equal(err_of(mk(HIVE_MAP_TYPE_RINGBUF, 0, 4, 4096, 0)), -EINVAL);
	assert_int_equal(err_of(mk(HIVE_MAP_TYPE_RINGBUF, 0, 0, 4096, HIVE_F_NO_PREALLOC)),
			 -EINVAL);
}

static void test_ringbuf_records(void **state)
{
	struct hive_map_impl *rb = mk(HIVE_MAP_TYPE_RINGBUF, 0, 0, 4096, 0);
	struct hive_ringbuf_layout lay;
	struct rb_seen seen = { 0 };
	uint8_t *p, *q;
	const uint32_t *hdr;

	assert_int_equal(ringbuf_layout(rb, &lay), 0);
	assert_int_equal(lay.size, 4096);
	assert_null(ringbuf_reserve(rb, 8, 1)); /* flags must be 0 */
	p = ringbuf_reserve(rb, 5, 0);
	assert_non_null(p);
	hdr = (const uint32_t *)(p - 8);
	assert_ptr_equal(hdr, lay.data);
	assert_int_equal(hdr[0], 5 | HIVE_RINGBUF_BUSY_BIT);
	assert_int_equal(hdr[1], 3); /* pg_off: the kernel's data starts on page 3 */
	assert_int_equal(ringbuf_query(rb, HIVE_RB_PROD_POS), 16); /* round_up(5 + 8, 8) */
	assert_int_equal(ringbuf_query(rb, HIVE_RB_RING_SIZE), 4096);
	assert_int_equal(ringbuf_query(rb, 99), 0);
	q = ringbuf_reserve(rb, 0, 0);
	assert_non_null(q);
	assert_ptr_equal(q, p + 16);
	*p = 0x11;
	/* the consumer stops at the busy first record */
	assert_int_equal(ringbuf_consume(rb, rb_cb, &seen), 0);
	ringbuf_discard(q, HIVE_RB_NO_WAKEUP);
	assert_int_equal(ringbuf_consume(rb, rb_cb, &seen), 0);
	ringbuf_submit(p, 0);
	assert_int_equal(hdr[0], 5);
	assert_int_equal(ringbuf_query(rb, HIVE_RB_AVAIL_DATA), 24);
	assert_int_equal(ringbuf_consume(rb, rb_cb, &seen), 1); /* the discarded one is skipped */
	assert_int_equal(seen.sizes[0], 5);
	assert_int_equal(seen.first[0], 0x11);
	assert_int_equal(ringbuf_query(rb, HIVE_RB_CONS_POS), 24);
	assert_int_equal(ringbuf_query(rb, HIVE_RB_AVAIL_DATA), 0);
	assert_int_equal(ringbuf_output(rb, "hello", 5, 4), -EINVAL);
	assert_int_equal(ringbuf_output(rb, "hello", 5, HIVE_RB_FORCE_WAKEUP), 0);
	assert_int_equal(ringbuf_consume(rb, rb_cb, &seen), 1);
	assert_int_equal(seen.first[1], 'h');
	/* not a key/value map */
	assert_int_equal(maps_sys_lookup(rb, NULL, NULL, 0), -HIVE_ENOTSUPP);
	assert_int_equal(maps_update(rb, NULL, NULL, 0), -HIVE_ENOTSUPP);
	maps_put(rb);
}

static void test_ringbuf_space_and_wrap(void **state)
{
	struct hive_map_impl *rb = mk(HIVE_MAP_TYPE_RINGBUF, 0, 0, 4096, 0);
	struct rb_seen seen = { 0 };
	uint8_t buf[4096];
	void *p, *busy;
	int n = 0;

	assert_null(ringbuf_reserve(rb, 4096, 0)); /* record bigger than the ring */
	assert_null(ringbuf_reserve(rb, 4096 - 8, 0)); /* exactly the ring: no room */
	assert_non_null(p = ringbuf_reserve(rb, 4096 - 16, 0)); /* size - 8 bytes: fits */
	ringbuf_discard(p, 0);
	assert_int_equal(ringbuf_consume(rb, rb_cb, &seen), 0);
	/* fill with 1000-byte records (1008 with header): 4 fit in 4095 bytes */
	while (ringbuf_output(rb, buf, 1000, 0) == 0)
		n++;
	assert_int_equal(n, 4);
	assert_int_equal(ringbuf_output(rb, buf, 1000, 0), -EAGAIN);
	assert_int_equal(ringbuf_consume(rb, rb_cb, &seen), 4);
	/* an uncommitted record holds back reuse of its space even after consumption */
	busy = ringbuf_reserve(rb, 1000, 0);
	assert_non_null(busy);
	for (n = 0; ringbuf_output(rb, buf, 1000, 0) == 0; n++)
		;
	assert_int_equal(n, 3);
	assert_int_equal(ringbuf_consume(rb, rb_cb, &seen), 0); /* busy first */
	/* this record crosses the end of the ring: contiguous thanks to the double mapping */
	memset(busy, 0x5a, 1000);
	ringbuf_submit(busy, 0);
	assert_int_equal(ringbuf_consume(rb, rb_cb, &seen), 4);
	assert_int_equal(seen.first[4], 0x5a);
	maps_put(rb);
}

static void test_ringbuf_wakeups(void **state)
{
	struct hive_map_impl *rb = mk(HIVE_MAP_TYPE_RINGBUF, 0, 0, 4096, 0);
	struct rb_seen seen = { 0 };
	void *a, *b;

	/* the consumer waits at position 0: committing that record wakes it */
	a = ringbuf_reserve(rb, 8, 0);
	b = ringbuf_reserve(rb, 8, 0);
	ringbuf_submit(b, 0); /* not the record the consumer waits for */
	assert_int_equal(ringbuf_wakeups(rb), 0);
	ringbuf_submit(a, HIVE_RB_NO_WAKEUP);
	assert_int_equal(ringbuf_wakeups(rb), 0);
	assert_int_equal(ringbuf_consume(rb, rb_cb, &seen), 2);
	a = ringbuf_reserve(rb, 8, 0);
	ringbuf_submit(a, 0);
	assert_int_equal(ringbuf_wakeups(rb), 1);
	b = ringbuf_reserve(rb, 8, 0);
	ringbuf_submit(b, HIVE_RB_FORCE_WAKEUP); /* forced even though it is not the first */
	assert_int_equal(ringbuf_wakeups(rb), 2);
	maps_put(rb);
}

/* ---- fd maps ---- */

struct fake_prog {
	int refs;
	uint32_t id;
};

static void prog_get(void *p)
{
	((struct fake_prog *)p)->refs++;
}

static void prog_put(void *p)
{
	((struct fake_prog *)p)->refs--;
}

static uint32_t prog_id(const void *p)
{
	return ((const struct fake_prog *)p)->id;
}

static const struct hive_prog_ref_ops fake_prog_ops = { prog_get, prog_put, prog_id };

static void test_prog_array(void **state)
{
	struct hive_map_impl *pa = mk(HIVE_MAP_TYPE_PROG_ARRAY, 4, 4, 4, 0);
	struct fake_prog p1 = { .refs = 1, .id = 11 }, p2 = { .refs = 1, .id = 22 };
	uint32_t k = 1, out;

	maps_set_prog_ref_ops(&fake_prog_ops);
	assert_int_equal(err_of(mk(HIVE_MAP_TYPE_PROG_ARRAY, 4, 8, 4, 0)), -EINVAL);
	assert_int_equal(err_of(mk(HIVE_MAP_TYPE_PROG_ARRAY, 4, 4, 4, HIVE_F_RDONLY_PROG)),
			 -EINVAL);
	assert_int_equal(maps_sys_update_fd(pa, &k, &p1, HIVE_NOEXIST), -EINVAL);
	k = 4;
	assert_int_equal(maps_sys_update_fd(pa, &k, &p1, 0), -E2BIG);
	k = 1;
	assert_int_equal(maps_sys_update_fd(pa, &k, &p1, 0), 0);
	assert_int_equal(p1.refs, 2);
	assert_ptr_equal(maps_prog_array_get(pa, 1), &p1);
	assert_null(maps_prog_array_get(pa, 0));
	assert_null(maps_prog_array_get(pa, 100));
	assert_null(maps_lookup(pa, &k)); /* programs cannot look into prog arrays */
	assert_int_equal(maps_sys_lookup(pa, &k, &out, 0), 0);
	assert_int_equal(out, 11);
	assert_int_equal(maps_sys_update(pa, &k, &out, 0), -HIVE_ENOTSUPP); /* needs the object */
	/* replacing releases the old program after the running programs are done */
	assert_int_equal(maps_sys_update_fd(pa, &k, &p2, 0), 0);
	assert_int_equal(kfunc_rcu_barrier(), 0);
	assert_int_equal(p1.refs, 1);
	assert_int_equal(maps_sys_delete(pa, &k), 0);
	assert_int_equal(maps_sys_delete(pa, &k), -ENOENT);
	k = 9;
	assert_int_equal(maps_sys_delete(pa, &k), -E2BIG);
	k = 2;
	assert_int_equal(maps_sys_update_fd(pa, &k, &p2, 0), 0);
	maps_put(pa); /* releases p2 */
	assert_int_equal(kfunc_rcu_barrier(), 0);
	assert_int_equal(p2.refs, 1);
	maps_set_prog_ref_ops(NULL);
}

static void test_map_in_map(void **state)
{
	struct hive_map_impl *tmpl = mk(HIVE_MAP_TYPE_ARRAY, 4, 24, 2, 0);
	struct hive_map_impl *inner = mk(HIVE_MAP_TYPE_ARRAY, 4, 24, 2, 0);
	struct hive_map_impl *wrong = mk(HIVE_MAP_TYPE_ARRAY, 4, 24, 3, 0);
	struct hive_map_impl *outer, *houter;
	struct hive_map_attr attr = { .map_type = HIVE_MAP_TYPE_ARRAY_OF_MAPS,
				      .key_size = 4,
				      .value_size = 4,
				      .max_entries = 2,
				      .inner_map = tmpl };
	uint32_t k = 0, id;

	outer = mk_attr(attr);
	assert_false(IS_ERR(outer));
	attr.map_type = HIVE_MAP_TYPE_HASH_OF_MAPS;
	houter = mk_attr(attr);
	assert_false(IS_ERR(houter));
	/* no nesting beyond one level */
	attr.inner_map = outer;
	assert_int_equal(err_of(mk_attr(attr)), -EINVAL);
	attr.inner_map = NULL;
	assert_int_equal(err_of(mk_attr(attr)), -EBADF);
	maps_put(tmpl); /* the outer maps keep only a description of it */

	assert_int_equal(maps_sys_update_fd(outer, &k, wrong, 0), -EINVAL);
	assert_int_equal(maps_sys_update_fd(outer, &k, inner, 0), 0);
	assert_int_equal(inner->refcnt, 2);
	assert_ptr_equal(maps_lookup(outer, &k), inner);
	assert_int_equal(maps_sys_lookup(outer, &k, &id, 0), 0);
	assert_int_equal(id, maps_id(inner));
	/* hash of maps: flags as for hashes, inner map ids from user space */
	k = 77;
	assert_int_equal(maps_sys_update_fd(houter, &k, inner, HIVE_EXIST), -ENOENT);
	assert_int_equal(inner->refcnt, 2);
	assert_int_equal(maps_sys_update_fd(houter, &k, inner, HIVE_NOEXIST), 0);
	assert_int_equal(inner->refcnt, 3);
	assert_ptr_equal(maps_lookup(houter, &k), inner);
	assert_int_equal(maps_sys_lookup(houter, &k, &id, 0), 0);
	assert_int_equal(id, maps_id(inner));
	assert_int_equal(maps_sys_update_fd(houter, &k, wrong, 0), -EINVAL);
	assert_int_equal(maps_sys_delete(houter, &k), 0);
	assert_int_equal(kfunc_rcu_barrier(), 0);
	assert_int_equal(inner->refcnt, 2);
	maps_put(outer);
	maps_put(houter);
	assert_int_equal(kfunc_rcu_barrier(), 0);
	assert_int_equal(inner->refcnt, 1);
	maps_put(inner);
	maps_put(wrong);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_queue),		 T(test_stack),		  T(test_bloom),
		T(test_ringbuf_create),	 T(test_ringbuf_records), T(test_ringbuf_space_and_wrap),
		T(test_ringbuf_wakeups), T(test_prog_array),	  T(test_map_in_map),
	};

	if (kfunc_set_nr_cpus(NCPU))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
