// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests for btf/btf_record: building, validating and querying special-field records, and
 * the A.5 ownership fix-up. The failing layouts are the C-level equivalents of the kernel's
 * linked_list BTF subtests (spec D.5/E.4): each must fail with the kernel's errno.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "btf/btf_record.h"
#include "common/err.h"

static const int fake_btf;
#define TYPE(n) ((struct hive_type_id){ .btf = &fake_btf, .id = (n) })

#define LOCK(o)                                             \
	{                                                   \
		.offset = (o), .kind = HIVE_FIELD_SPIN_LOCK \
	}
#define LNODE(o)                                            \
	{                                                   \
		.offset = (o), .kind = HIVE_FIELD_LIST_NODE \
	}
#define RNODE(o)                                          \
	{                                                 \
		.offset = (o), .kind = HIVE_FIELD_RB_NODE \
	}
#define REF(o)                                             \
	{                                                  \
		.offset = (o), .kind = HIVE_FIELD_REFCOUNT \
	}
#define LHEAD(o, t, n)                                                       \
	{                                                                    \
		.offset = (o), .kind = HIVE_FIELD_LIST_HEAD, .graph_root = { \
			.value_type = TYPE(t),                               \
			.node_offset = (n)                                   \
		}                                                            \
	}
#define RROOT(o, t, n)                                                     \
	{                                                                  \
		.offset = (o), .kind = HIVE_FIELD_RB_ROOT, .graph_root = { \
			.value_type = TYPE(t),                             \
			.node_offset = (n)                                 \
		}                                                          \
	}

/* Build and finalize; returns the finalize error through *err. */
static struct hive_record *build(uint32_t size, const struct hive_field *f, int n, int *err)
{
	struct hive_record *rec = btf_record_new(n);

	assert_non_null(rec);
	for (int i = 0; i < n; i++)
		assert_int_equal(btf_record_add(rec, &f[i]), 0);
	*err = btf_record_finalize(rec, size);
	return rec;
}

static int finalize_err(uint32_t size, const struct hive_field *f, int n)
{
	int err;

	btf_record_free(build(size, f, n, &err));
	return err;
}

static void test_sizes_and_names(void **state)
{
	assert_int_equal(btf_field_size(HIVE_FIELD_LIST_HEAD), 16);
	assert_int_equal(btf_field_size(HIVE_FIELD_LIST_NODE), 24);
	assert_int_equal(btf_field_size(HIVE_FIELD_RB_ROOT), 16);
	assert_int_equal(btf_field_size(HIVE_FIELD_RB_NODE), 32);
	assert_int_equal(btf_field_size(HIVE_FIELD_REFCOUNT), 4);
	assert_int_equal(btf_field_size(HIVE_FIELD_SPIN_LOCK), 4);
	assert_int_equal(btf_field_size(HIVE_FIELD_KPTR_REF), 8);
	assert_int_equal(btf_field_size(HIVE_FIELD_TIMER), 16);
	assert_int_equal(btf_field_align(HIVE_FIELD_RB_NODE), 8);
	assert_string_equal(btf_field_type_name(HIVE_FIELD_KPTR_UNREF), "kptr");
	assert_string_equal(btf_field_type_name(HIVE_FIELD_KPTR_PERCPU), "percpu_kptr");
	assert_string_equal(btf_field_type_name(HIVE_FIELD_RB_ROOT), "bpf_rb_root");
	assert_int_equal(btf_field_size(HIVE_FIELD_KPTR), 0); /* a mask is not a kind */
}

/* linked_list.h's foo: {node@0, head@24 contains bar:node, lock@40, data@44, node2@48} */
static void test_sorted_cached_and_found(void **state)
{
	const struct hive_field f[] = { LNODE(48), LHEAD(24, 2, 0), LOCK(40), LNODE(0) };
	struct hive_record *rec = btf_record_new(4);
	const struct hive_field *hit;

	/* Added in member order, as the parser discovers them. */
	assert_int_equal(btf_record_add(rec, &f[3]), 0);
	assert_int_equal(btf_record_add(rec, &f[1]), 0);
	assert_int_equal(btf_record_add(rec, &f[2]), 0);
	assert_int_equal(btf_record_add(rec, &f[0]), 0);
	assert_int_equal(btf_record_add(rec, &f[0]), -E2BIG); /* full */
	assert_int_equal(btf_record_finalize(rec, 72), 0);
	assert_int_equal(rec->cnt, 4);
	for (uint32_t i = 1; i < rec->cnt; i++)
		assert_true(rec->fields[i - 1].offset < rec->fields[i].offset);
	assert_int_equal(rec->spin_lock_off, 40);
	assert_true(rec->refcount_off < 0 && rec->timer_off < 0 && rec->res_spin_lock_off < 0);
	assert_int_equal(rec->field_mask,
			 HIVE_FIELD_LIST_NODE | HIVE_FIELD_LIST_HEAD | HIVE_FIELD_SPIN_LOCK);
	assert_int_equal(rec->fields[1].size, 16);
	hit = btf_record_find(rec, 24, HIVE_FIELD_LIST_HEAD);
	assert_non_null(hit);
	assert_int_equal(hit->graph_root.value_type.id, 2);
	assert_null(btf_record_find(rec, 24, HIVE_FIELD_RB_ROOT));
	assert_null(btf_record_find(rec, 25, HIVE_FIELD_LIST_HEAD));
	assert_non_null(btf_record_find(rec, 48, HIVE_FIELD_GRAPH_NODE));
	/* direct access checks: a 4-byte load at 44 (data) is fine, at 42 it hits the lock */
	assert_null(btf_record_find_overlap(rec, 44, 4));
	assert_int_equal(btf_record_find_overlap(rec, 42, 4)->kind, HIVE_FIELD_SPIN_LOCK);
	assert_int_equal(btf_record_find_overlap(rec, 70, 8)->kind, HIVE_FIELD_LIST_NODE);
	assert_true(btf_record_has_field(rec, HIVE_FIELD_GRAPH_ROOT));
	assert_false(btf_record_has_field(rec, HIVE_FIELD_RB_NODE));
	assert_false(btf_record_has_field(NULL, HIVE_FIELD_RB_NODE));

	struct hive_record *dup = btf_record_dup(rec);

	assert_non_null(dup);
	assert_memory_equal(dup, rec, sizeof(*rec) + rec->cap * sizeof(rec->fields[0]));
	btf_record_free(dup);
	btf_record_free(rec);
	btf_record_free(NULL);
	btf_record_free(ERR_PTR(-EINVAL));
}

/* The kernel checks overlap in discovery order, so a field found "behind" another fails. */
static void test_discovery_order_matters(void **state)
{
	const struct hive_field backwards[] = { LNODE(48), LNODE(0) };

	assert_int_equal(finalize_err(72, backwards, 2), -EEXIST);
}

static void test_bad_kind(void **state)
{
	struct hive_record *rec = btf_record_new(1);

	assert_int_equal(btf_record_add(rec, &(struct hive_field){ .kind = HIVE_FIELD_KPTR }),
			 -EINVAL);
	assert_int_equal(btf_record_add(rec, &(struct hive_field){ .kind = 0 }), -EINVAL);
	btf_record_free(rec);
}

/* Spec D.5 layouts, errno for errno. */
static void test_layout_rejections(void **state)
{
	/* btf: bad offset — foo{head a@0, node b@0, lock c@0} */
	const struct hive_field bad_off[] = { LHEAD(0, 1, 0), LNODE(0), LOCK(0) };
	/* btf: missing lock — foo{head a@0} */
	const struct hive_field no_lock[] = { LHEAD(0, 2, 0) };
	/* two locks at one level (the parser reports it; finalize agrees) */
	const struct hive_field two_locks[] = { LOCK(0), LOCK(4), LHEAD(8, 2, 0) };
	/* list node and rb node without bpf_refcount */
	const struct hive_field two_nodes[] = { LNODE(0), RNODE(24) };
	const struct hive_field two_nodes_ref[] = { LNODE(0), RNODE(24), REF(56) };
	const struct hive_field both_locks[] = {
		LOCK(0), { .offset = 4, .kind = HIVE_FIELD_RES_SPIN_LOCK }
	};
	const struct hive_field past_end[] = { LOCK(0), LHEAD(8, 2, 0) };
	const struct hive_field root_res_lock[] = {
		{ .offset = 0, .kind = HIVE_FIELD_RES_SPIN_LOCK }, RROOT(8, 2, 0)
	};

	assert_int_equal(finalize_err(64, bad_off, 3), -EEXIST);
	assert_int_equal(finalize_err(16, no_lock, 1), -EINVAL);
	assert_int_equal(finalize_err(24, two_locks, 3), -E2BIG);
	assert_int_equal(finalize_err(64, two_nodes, 2), -EINVAL);
	assert_int_equal(finalize_err(64, two_nodes_ref, 3), 0);
	assert_int_equal(finalize_err(8, both_locks, 2), -EINVAL);
	assert_int_equal(finalize_err(23, past_end, 2), -EFAULT);
	assert_int_equal(finalize_err(24, past_end, 2), 0);
	assert_int_equal(finalize_err(24, root_res_lock, 2), 0);
}

/* Metas of the A.5 tests, looked up by type id. */
struct meta_table {
	struct hive_struct_meta *metas;
	int cnt;
};

static const struct hive_struct_meta *find_meta(struct hive_type_id t, void *ctx)
{
	struct meta_table *tab = ctx;

	for (int i = 0; i < tab->cnt; i++)
		if (hive_type_id_eq(tab->metas[i].type, t))
			return &tab->metas[i];
	return NULL;
}

/* Build metas for types 1..n from field lists, then run the fix-up on each like BTF load. */
static int load_types(const struct hive_field *const *fields, const int *nr, int n)
{
	struct hive_struct_meta metas[8];
	struct meta_table tab = { metas, n };
	int err = 0;

	for (int i = 0; i < n; i++) {
		metas[i].type = TYPE(i + 1);
		metas[i].size = 128;
		metas[i].record = build(128, fields[i], nr[i], &err);
		assert_int_equal(err, 0);
	}
	for (int i = 0; i < n && !err; i++)
		err = btf_record_check_and_fixup(metas[i].record, find_meta, &tab);
	if (!err) {
		/* value_rec must now point at the contained type's record */
		for (int i = 0; i < n; i++)
			for (uint32_t j = 0; j < metas[i].record->cnt; j++) {
				const struct hive_field *f = &metas[i].record->fields[j];

				if (f->kind & HIVE_FIELD_GRAPH_ROOT)
					assert_ptr_equal(
						f->graph_root.value_rec,
						metas[f->graph_root.value_type.id - 1].record);
			}
	}
	for (int i = 0; i < n; i++)
		btf_record_free(metas[i].record);
	return err;
}

static void test_ownership_fixup(void **state)
{
	/* owning -> owned: foo{head contains bar:a, lock}, bar{node} (E.4, loads) */
	const struct hive_field foo1[] = { LHEAD(0, 2, 0), LOCK(24) };
	const struct hive_field bar1[] = { LNODE(0) };
	const struct hive_field *const t1[] = { foo1, bar1 };
	/* owning -> owning|owned -> owned: foo{head->bar, lock}; bar{head->baz, node, lock} */
	const struct hive_field bar2[] = { LHEAD(0, 3, 0), LNODE(16), LOCK(40) };
	const struct hive_field foo2[] = { LHEAD(0, 2, 16), LOCK(16) };
	const struct hive_field *const t2[] = { foo2, bar2, bar1 };
	/* AA: foo{head contains foo:b, node b, lock} */
	const struct hive_field aa[] = { LHEAD(0, 1, 16), LNODE(16), LOCK(40) };
	const struct hive_field *const t3[] = { aa };
	/* ABA: foo{head->bar, node, lock}, bar{head->foo, node, lock} */
	const struct hive_field aba_foo[] = { LHEAD(0, 2, 16), LNODE(16), LOCK(40) };
	const struct hive_field aba_bar[] = { LHEAD(0, 1, 16), LNODE(16), LOCK(40) };
	const struct hive_field *const t4[] = { aba_foo, aba_bar };
	/* owning|owned -> owning|owned -> owned: foo->bar->baz, all but baz root+node */
	const struct hive_field *const t5[] = { aba_foo, bar2, bar1 };
	/* a root whose contained type has no meta at all */
	const struct hive_field orphan[] = { RROOT(0, 7, 0), LOCK(16) };
	const struct hive_field *const t6[] = { orphan };

	assert_int_equal(load_types(t1, (int[]){ 2, 1 }, 2), 0);
	assert_int_equal(load_types(t2, (int[]){ 2, 3, 1 }, 3), 0);
	assert_int_equal(load_types(t3, (int[]){ 3 }, 1), -ELOOP);
	assert_int_equal(load_types(t4, (int[]){ 3, 3 }, 2), -ELOOP);
	assert_int_equal(load_types(t5, (int[]){ 3, 3, 1 }, 3), -ELOOP);
	assert_int_equal(load_types(t6, (int[]){ 2 }, 1), -EFAULT);
}

static void test_local_kptr_fixup(void **state)
{
	struct hive_field kp = { .offset = 0,
				 .kind = HIVE_FIELD_KPTR_REF,
				 .kptr = { .type = TYPE(2), .local = true } };
	struct hive_field node = RNODE(0);
	struct hive_struct_meta metas[2];
	struct meta_table tab = { metas, 2 };
	int err;

	metas[0] = (struct hive_struct_meta){ TYPE(1), 8, build(8, &kp, 1, &err) };
	assert_int_equal(err, 0);
	metas[1] = (struct hive_struct_meta){ TYPE(2), 32, build(32, &node, 1, &err) };
	assert_int_equal(err, 0);
	assert_int_equal(btf_record_check_and_fixup(metas[0].record, find_meta, &tab), 0);
	assert_ptr_equal(metas[0].record->fields[0].kptr.rec, metas[1].record);
	btf_record_free(metas[0].record);
	btf_record_free(metas[1].record);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sizes_and_names),
		cmocka_unit_test(test_sorted_cached_and_found),
		cmocka_unit_test(test_discovery_order_matters),
		cmocka_unit_test(test_bad_kind),
		cmocka_unit_test(test_layout_rejections),
		cmocka_unit_test(test_ownership_fixup),
		cmocka_unit_test(test_local_kptr_fixup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
