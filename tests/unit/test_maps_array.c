// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests for ARRAY and PERCPU_ARRAY: creation checks and errnos, index bounds, update
 * flags, get_next_key, values with special fields (kept on user update, shown as zero, drained
 * after a write), per-CPU layout, for_each, mmap of global data and freezing, access flags,
 * and the special-field restrictions of map creation.
 */
#include "test_kfunc_fixtures.h"
#include "maps/map.h"

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

	if (!IS_ERR(m)) {
		maps_put(m);
		return 0;
	}
	return PTR_ERR(m);
}

static void test_create_checks(void **state)
{
	struct hive_map_attr attr = {
		.map_type = HIVE_MAP_TYPE_ARRAY, .key_size = 4, .value_size = 8, .max_entries = 1
	};

	assert_int_equal(create_err(HIVE_MAP_TYPE_ARRAY, 4, 8, 16, 0), 0);
	assert_int_equal(create_err(HIVE_MAP_TYPE_ARRAY, 8, 8, 16, 0), -EINVAL);
	assert_int_equal(create_err(HIVE_MAP_TYPE_ARRAY, 4, 0, 16, 0), -EINVAL);
	assert_int_equal(create_err(HIVE_MAP_TYPE_ARRAY, 4, 8, 0, 0), -EINVAL);
	assert_int_equal(create_err(HIVE_MAP_TYPE_ARRAY, 4, 8, 1, HIVE_F_NO_PREALLOC), -EINVAL);
	assert_int_equal(create_err(HIVE_MAP_TYPE_PERCPU_ARRAY, 4, 8, 1, HIVE_F_MMAPABLE), -EINVAL);
	assert_int_equal(create_err(HIVE_MAP_TYPE_ARRAY, 4, 8, 1,
				    HIVE_F_RDONLY_PROG | HIVE_F_WRONLY_PROG),
			 -EINVAL);
	assert_int_equal(create_err(HIVE_MAP_TYPE_ARRAY, 4, 8, 1, HIVE_F_RDONLY | HIVE_F_WRONLY),
			 -EINVAL);
	assert_int_equal(create_err(HIVE_MAP_TYPE_PERCPU_ARRAY, 4, 32768, 1, 0), 0);
	assert_int_equal(create_err(HIVE_MAP_TYPE_PERCPU_ARRAY, 4, 32769, 1, 0), -E2BIG);
	assert_int_equal(create_err(7 /* stack trace: not provided */, 4, 8, 1, 0), -EINVAL);
	assert_int_equal(create_err(1000, 4, 8, 1, 0), -EINVAL);
	attr.map_extra = 1;
	assert_int_equal(PTR_ERR(maps_create(&attr)), -EINVAL);
	attr.map_extra = 0;
	attr.name = "bad name!";
	assert_int_equal(PTR_ERR(maps_create(&attr)), -EINVAL);
	attr.name = "ok_name.bss";
	struct hive_map_impl *m = maps_create(&attr);

	assert_false(IS_ERR(m));
	assert_string_equal(m->name, "ok_name.bss");
	assert_int_equal(m->nr_cpus, NCPU);
	maps_put(m);
}

static void test_bounds_and_flags(void **state)
{
	struct hive_map_impl *m = mk(HIVE_MAP_TYPE_ARRAY, 4, 12, 10, 0, NULL);
	uint32_t k, next;
	uint8_t v[12], out[12];

	memset(v, 0xab, sizeof(v));
	k = 9;
	assert_non_null(maps_lookup(m, &k));
	k = 10;
	assert_null(maps_lookup(m, &k));
	assert_int_equal(maps_sys_lookup(m, &k, out, 0), -ENOENT);
	assert_int_equal(maps_sys_update(m, &k, v, HIVE_ANY), -E2BIG);
	k = 3;
	assert_int_equal(maps_sys_update(m, &k, v, HIVE_NOEXIST), -EEXIST);
	assert_int_equal(maps_sys_update(m, &k, v, 3), -EINVAL);
	assert_int_equal(maps_sys_update(m, &k, v, HIVE_F_LOCK), -EINVAL); /* no spin lock */
	assert_int_equal(maps_sys_lookup(m, &k, out, HIVE_F_LOCK), -EINVAL);
	assert_int_equal(maps_sys_lookup(m, &k, out, 8), -EINVAL);
	assert_int_equal(maps_sys_update(m, &k, v, HIVE_EXIST), 0);
	assert_int_equal(maps_sys_lookup(m, &k, out, 0), 0);
	assert_memory_equal(out, v, sizeof(v));
	/* the program's pointer sees the same bytes; slots are 8-aligned */
	assert_memory_equal(maps_lookup(m, &k), v, sizeof(v));
	assert_int_equal((uintptr_t)maps_lookup(m, &k) % 8, 0);
	assert_int_equal(maps_sys_delete(m, &k), -EINVAL);
	assert_int_equal(maps_delete(m, &k), -EINVAL);
	assert_int_equal(maps_sys_lookup_and_delete(m, &k, out, 0), -HIVE_ENOTSUPP);

	/* get_next_key visits 0..9 once, then -ENOENT; an out-of-range key restarts at 0 */
	assert_int_equal(maps_get_next_key(m, NULL, &next), 0);
	assert_int_equal(next, 0);
	for (uint32_t i = 0; i < 9; i++) {
		assert_int_equal(maps_get_next_key(m, &i, &next), 0);
		assert_int_equal(next, i + 1);
	}
	k = 9;
	assert_int_equal(maps_get_next_key(m, &k, &next), -ENOENT);
	k = 1000;
	assert_int_equal(maps_get_next_key(m, &k, &next), 0);
	assert_int_equal(next, 0);
	maps_put(m);
}

struct fe_ctx {
	int calls;
	int stop_at;
	uint32_t keys_sum;
};

static long fe_cb(struct hive_map_impl *map, void *key, void *value, void *ctx)
{
	struct fe_ctx *c = ctx;

	c->calls++;
	c->keys_sum += *(uint32_t *)key;
	return c->calls == c->stop_at;
}

static void test_for_each(void **state)
{
	struct hive_map_impl *m = mk(HIVE_MAP_TYPE_ARRAY, 4, 8, 10, 0, NULL);
	struct fe_ctx c = { 0 };

	assert_int_equal(maps_for_each(m, fe_cb, &c, 0), 10);
	assert_int_equal(c.keys_sum, 45);
	c = (struct fe_ctx){ .stop_at = 3 };
	assert_int_equal(maps_for_each(m, fe_cb, &c, 0), 3);
	assert_int_equal(maps_for_each(m, fe_cb, &c, 1), -EINVAL);
	maps_put(m);
}

static void test_percpu_layout(void **state)
{
	struct hive_map_impl *m = mk(HIVE_MAP_TYPE_PERCPU_ARRAY, 4, 12, 4, 0, NULL);
	uint8_t all[NCPU * 16], out[NCPU * 16], v[12];
	uint32_t k = 2;

	assert_int_equal(maps_sys_value_size(m), NCPU * 16);
	for (int c = 0; c < NCPU; c++)
		memset(all + c * 16, 0x10 + c, 16);
	assert_int_equal(maps_sys_update(m, &k, all, HIVE_ANY), 0);
	assert_int_equal(maps_sys_update(m, &k, all, HIVE_F_LOCK), -EINVAL);
	assert_int_equal(maps_sys_update(m, &k, all, HIVE_NOEXIST), -EEXIST);
	for (uint32_t c = 0; c < NCPU; c++) {
		uint8_t *p = maps_lookup_percpu(m, &k, c);

		assert_non_null(p);
		assert_int_equal(p[0], 0x10 + c);
	}
	assert_null(maps_lookup_percpu(m, &k, NCPU));
	/* a program on CPU 2 writes only CPU 2's copy */
	assert_int_equal(kfunc_set_this_cpu(2), 0);
	memset(v, 0xee, sizeof(v));
	assert_int_equal(maps_update(m, &k, v, HIVE_ANY), 0);
	assert_int_equal(*(uint8_t *)maps_lookup(m, &k), 0xee);
	kfunc_set_this_cpu(0);
	assert_int_equal(*(uint8_t *)maps_lookup(m, &k), 0x10);
	assert_int_equal(maps_sys_lookup(m, &k, out, 0), 0);
	for (int c = 0; c < NCPU; c++)
		assert_int_equal(out[c * 16 + 11], c == 2 ? 0xee : 0x10 + c);
	k = 4;
	assert_int_equal(maps_sys_lookup(m, &k, out, 0), -ENOENT);
	maps_put(m);
}

/* A value {lock@0, data@4, head@8 contains foo:node2}: E.3's array_map. */
static void test_special_fields(void **state)
{
	struct hive_map_impl *m = mk(HIVE_MAP_TYPE_ARRAY, 4, 24, 2, 0, FX.map_value);
	struct map_value user, *v;
	uint32_t k = 1;

	assert_false(IS_ERR(m));
	v = maps_lookup(m, &k);
	PROG_BEGIN();
	for (int i = 0; i < 3; i++) {
		struct foo *f = kfunc_obj_new_impl(sizeof(*f), M(T_FOO));

		kfunc_spin_lock(&v->lock);
		kfunc_list_push_back_impl(&v->head, &f->node2, M(T_FOO), 48);
		kfunc_spin_unlock(&v->lock);
	}
	v->data = 7;
	PROG_END();
	assert_int_equal(fx_live(), 3);
	/* user space reads the special fields as zeros */
	memset(&user, 0x55, sizeof(user));
	assert_int_equal(maps_sys_lookup(m, &k, &user, 0), 0);
	assert_int_equal(user.data, 7);
	assert_int_equal(user.lock.val, 0);
	assert_null(user.head.head.next);
	/* the value has a bpf_spin_lock: BPF_F_LOCK reads under it */
	assert_int_equal(maps_sys_lookup(m, &k, &user, HIVE_F_LOCK), 0);
	assert_int_equal(user.data, 7);
	assert_int_equal(v->lock.val, 0);
	/* user update: head and lock untouched by the copy, then the list is drained */
	memset(&user, 0xff, sizeof(user));
	assert_int_equal(maps_sys_update(m, &k, &user, 0), 0);
	assert_int_equal(v->data, -1);
	assert_int_equal(v->lock.val, 0);
	assert_ptr_equal(v->head.head.next, &v->head.head);
	assert_int_equal(fx_live(), 0);
	/* leave one in to be freed by map destruction */
	PROG_BEGIN();
	struct foo *f = kfunc_obj_new_impl(sizeof(*f), M(T_FOO));

	kfunc_spin_lock(&v->lock);
	kfunc_list_push_back_impl(&v->head, &f->node2, M(T_FOO), 48);
	kfunc_spin_unlock(&v->lock);
	PROG_END();
	maps_put(m);
	assert_int_equal(fx_live(), 0);
}

static void test_lock_flag(void **state)
{
	/* {lock@0, data@4..}: BPF_F_LOCK copies under the value's lock */
	struct hive_record *rec = FX_REC(16, F_LOCK(0));
	struct hive_map_impl *m = mk(HIVE_MAP_TYPE_ARRAY, 4, 16, 1, 0, rec);
	uint32_t k = 0, in[4] = { 99, 1, 2, 3 }, out[4];

	assert_int_equal(maps_sys_update(m, &k, in, HIVE_F_LOCK), 0);
	assert_int_equal(maps_sys_update(m, &k, in, HIVE_F_LOCK | HIVE_NOEXIST), -EEXIST);
	assert_int_equal(maps_sys_lookup(m, &k, out, HIVE_F_LOCK), 0);
	assert_int_equal(out[0], 0); /* the lock word reads as zero */
	assert_int_equal(out[3], 3);
	assert_int_equal(((uint32_t *)maps_lookup(m, &k))[0], 0); /* and was released */
	assert_int_equal(maps_freeze(m), -HIVE_ENOTSUPP);
	maps_put(m);
	btf_record_free(rec);
}

static void test_field_restrictions(void **state)
{
	struct hive_record *lock = FX_REC(8, F_LOCK(0));
	struct hive_record *kptr = FX_REC(8, F_KPTR(0, T_PLAIN));

	/* a list head is only allowed in HASH, LRU_HASH, ARRAY */
	assert_int_equal(PTR_ERR(mk(HIVE_MAP_TYPE_PERCPU_ARRAY, 4, 24, 1, 0, FX.map_value)),
			 -EOPNOTSUPP);
	assert_int_equal(PTR_ERR(mk(HIVE_MAP_TYPE_PERCPU_ARRAY, 4, 8, 1, 0, lock)), -EOPNOTSUPP);
	assert_int_equal(PTR_ERR(mk(HIVE_MAP_TYPE_ARRAY, 4, 8, 1, HIVE_F_RDONLY_PROG, lock)),
			 -EACCES);
	struct hive_map_impl *m = mk(HIVE_MAP_TYPE_PERCPU_ARRAY, 4, 8, 1, 0, kptr);

	assert_false(IS_ERR(m));
	maps_put(m);
	assert_int_equal(PTR_ERR(mk(HIVE_MAP_TYPE_QUEUE, 0, 8, 1, 0, kptr)), -EOPNOTSUPP);
	btf_record_free(lock);
	btf_record_free(kptr);
}

/* kptr values: stashed objects are released by overwrite (array write) and destruction. */
static void test_kptr_values(void **state)
{
	struct hive_map_impl *m = mk(HIVE_MAP_TYPE_PERCPU_ARRAY, 4, 8, 2, 0, FX.rc_stash);
	uint32_t k = 1;
	uint64_t zero[NCPU] = { 0 };
	struct rc_stash *slot;

	PROG_BEGIN();
	kfunc_set_this_cpu(1);
	slot = maps_lookup(m, &k);
	assert_null(kfunc_kptr_xchg(&slot->node,
				    kfunc_obj_new_impl(sizeof(struct rc_node), M(T_RC_NODE))));
	kfunc_set_this_cpu(0);
	PROG_END();
	uint64_t out[NCPU];

	assert_int_equal(maps_sys_lookup(m, &k, out, 0), 0);
	assert_int_equal(out[1], 0); /* kptr reads as zero */
	assert_int_equal(fx_live(), 1);
	assert_int_equal(maps_sys_update(m, &k, zero, 0), 0); /* frees CPU 1's stashed node */
	assert_int_equal(fx_live(), 0);
	PROG_BEGIN();
	slot = maps_lookup(m, &k);
	kfunc_kptr_xchg(&slot->node, kfunc_obj_new_impl(sizeof(struct rc_node), M(T_RC_NODE)));
	PROG_END();
	maps_put(m);
	assert_int_equal(fx_live(), 0);
}

static void test_mmap_and_freeze(void **state)
{
	struct hive_map_impl *m = mk(HIVE_MAP_TYPE_ARRAY, 4, 12, 1, HIVE_F_MMAPABLE, NULL);
	struct hive_map_impl *plain = mk(HIVE_MAP_TYPE_ARRAY, 4, 12, 1, 0, NULL);
	uint32_t k = 0, v[3] = { 1, 2, 3 }, out[3];
	size_t size;
	uint32_t *mem;

	assert_int_equal(PTR_ERR(maps_mmap(plain, false, &size)), -EINVAL);
	mem = maps_mmap(m, true, &size);
	assert_false(IS_ERR(mem));
	assert_int_equal(size, 4096);
	assert_int_equal((uintptr_t)mem % 4096, 0);
	mem[1] = 42; /* .data written directly */
	assert_int_equal(maps_sys_lookup(m, &k, out, 0), 0);
	assert_int_equal(out[1], 42);
	assert_int_equal(maps_freeze(m), -EBUSY); /* writable mapping outstanding */
	maps_munmap(m, true);
	assert_int_equal(maps_freeze(m), 0);
	assert_int_equal(maps_freeze(m), -EPERM); /* no longer writable from user space */
	assert_int_equal(maps_sys_update(m, &k, v, 0), -EPERM);
	assert_int_equal(PTR_ERR(maps_mmap(m, true, NULL)), -EPERM);
	assert_false(IS_ERR(maps_mmap(m, false, NULL)));
	/* programs may still write a frozen map (.rodata is protected by the verifier) */
	assert_int_equal(maps_update(m, &k, v, 0), 0);
	maps_put(m);
	maps_put(plain);

	m = mk(HIVE_MAP_TYPE_ARRAY, 4, 8, 1, HIVE_F_MMAPABLE | HIVE_F_RDONLY_PROG, NULL);
	assert_int_equal(PTR_ERR(maps_mmap(m, true, NULL)), -EACCES);
	maps_put(m);
}

static void test_access_flags(void **state)
{
	struct hive_map_impl *ro = mk(HIVE_MAP_TYPE_ARRAY, 4, 8, 2, HIVE_F_RDONLY, NULL);
	struct hive_map_impl *wo = mk(HIVE_MAP_TYPE_ARRAY, 4, 8, 2, HIVE_F_WRONLY, NULL);
	uint32_t k = 0, next;
	uint64_t v = 5;

	assert_int_equal(maps_sys_update(ro, &k, &v, 0), -EPERM);
	assert_int_equal(maps_sys_lookup(ro, &k, &v, 0), 0);
	assert_int_equal(maps_freeze(ro), -EPERM);
	assert_int_equal(maps_sys_lookup(wo, &k, &v, 0), -EPERM);
	assert_int_equal(maps_get_next_key(wo, NULL, &next), -EPERM);
	assert_int_equal(maps_sys_update(wo, &k, &v, 0), 0);
	/* programs are not bound by the user-space access flags */
	v = 5;
	assert_int_equal(maps_update(ro, &k, &v, 0), 0);
	assert_int_equal(*(uint64_t *)maps_lookup(ro, &k), 5);
	maps_put(ro);
	maps_put(wo);
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, fx_setup, fx_teardown)
	const struct CMUnitTest tests[] = {
		T(test_create_checks),	    T(test_bounds_and_flags), T(test_for_each),
		T(test_percpu_layout),	    T(test_special_fields),   T(test_lock_flag),
		T(test_field_restrictions), T(test_kptr_values),      T(test_mmap_and_freeze),
		T(test_access_flags),
	};

	if (kfunc_set_nr_cpus(NCPU))
		return 1;
	return cmocka_run_group_tests(tests, NULL, NULL);
}
