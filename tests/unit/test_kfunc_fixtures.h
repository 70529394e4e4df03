/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared by the kfunc unit tests: C mirrors of the BPF types the kernel selftests use (spec D/E)
 * laid out with the runtime's hive_bpf_* structs, their hand-built records and struct metas,
 * and leak accounting around each test. Offsets are asserted against the ones the spec quotes.
 */
#ifndef __HIVE_TEST_KFUNC_FIXTURES_H
#define __HIVE_TEST_KFUNC_FIXTURES_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "btf/btf_record.h"
#include "common/err.h"
#include "kfunc/alloc.h"
#include "kfunc/fields.h"
#include "kfunc/kfunc.h"
#include "kfunc/runtime.h"

/* ---- rbtree.c (E.1) ---- */
struct node_data {
	long key;
	long data;
	struct hive_bpf_rb_node node;
};
struct rb_glob { /* .data.A: groot, glock */
	struct hive_bpf_rb_root groot;
	struct hive_bpf_spin_lock glock;
};

/* ---- linked_list.h (E.3): foo{node@0, head@24, lock@40, data@44, node2@48} ---- */
struct bar {
	struct hive_bpf_list_node node;
	int data;
};
struct foo {
	struct hive_bpf_list_node node;
	struct hive_bpf_list_head head; /* contains bar:node */
	struct hive_bpf_spin_lock lock;
	int data;
	struct hive_bpf_list_node node2;
};
struct map_value {
	struct hive_bpf_spin_lock lock;
	int data;
	struct hive_bpf_list_head head; /* contains foo:node2 */
};
_Static_assert(offsetof(struct foo, head) == 24 && offsetof(struct foo, lock) == 40 &&
		       offsetof(struct foo, node2) == 48 && sizeof(struct foo) == 72,
	       "linked_list.h layout");
_Static_assert(offsetof(struct map_value, head) == 8 && sizeof(struct map_value) == 24,
	       "map_value layout");

/* ---- refcounted_kptr.c (E.6) ---- */
struct rc_node {
	long key;
	long list_data;
	struct hive_bpf_rb_node r;
	struct hive_bpf_list_node l;
	struct hive_bpf_refcount ref;
};
struct rc_glob { /* .bss.A: lock, root (contains rc_node:r), head (contains rc_node:l) */
	struct hive_bpf_spin_lock lock;
	struct hive_bpf_rb_root root;
	struct hive_bpf_list_head head;
};
struct rc_stash { /* value of stashed_nodes */
	struct rc_node *node;
};

/* ---- local_kptr_stash.c (E.7) ---- */
struct plain_local {
	long key;
	long data;
};
struct sn_node {
	long key;
	long data;
	struct plain_local *stashed_in_local_kptr;
	struct hive_bpf_rb_node node;
};
struct local_with_root {
	long key;
	struct hive_bpf_spin_lock l;
	struct hive_bpf_rb_root r; /* contains sn_node:node */
};
struct some_nodes_val {
	void *not_kptr;
	void *val; /* kernel-type kptr: released through its dtor */
	struct sn_node *node;
	struct plain_local *plain;
	struct local_with_root *local_root;
};
struct refcounted_node {
	long data;
	struct hive_bpf_rb_node rb_node;
	struct hive_bpf_refcount refcount;
};
struct rc_stash_val {
	struct hive_bpf_spin_lock l;
	struct refcounted_node *stashed;
};

/* ---- rbtree_search.c (E.2) ---- */
struct search_node {
	struct hive_bpf_refcount ref;
	struct hive_bpf_rb_node r0;
	struct hive_bpf_rb_node r1;
	int key0, key1;
};
struct search_glob {
	struct hive_bpf_spin_lock lock;
	struct hive_bpf_rb_root root;
};

/* Type ids in one fake program BTF. */
enum {
	T_NODE_DATA = 1,
	T_BAR,
	T_FOO,
	T_RC_NODE,
	T_PLAIN,
	T_SN_NODE,
	T_LWR,
	T_REFCOUNTED,
	T_SEARCH,
	T_NR,
};

static const int fx_btf;
static const int fx_kernel_btf;
#define FX_TYPE(n) ((struct hive_type_id){ .btf = &fx_btf, .id = (n) })

struct fx {
	struct hive_struct_meta meta[T_NR]; /* by type id; record NULL for types without */
	/* map value / global section records */
	struct hive_record *rb_glob, *map_value, *rc_glob, *rc_stash, *some_nodes, *rc_stash_val,
		*search0, *search1;
	int kernel_dtor_calls;
	struct kfunc_mem_stats base;
};

static struct fx FX;

#define F_LOCK(o) ((struct hive_field){ .offset = (o), .kind = HIVE_FIELD_SPIN_LOCK })
#define F_LNODE(o) ((struct hive_field){ .offset = (o), .kind = HIVE_FIELD_LIST_NODE })
#define F_RNODE(o) ((struct hive_field){ .offset = (o), .kind = HIVE_FIELD_RB_NODE })
#define F_REF(o) ((struct hive_field){ .offset = (o), .kind = HIVE_FIELD_REFCOUNT })
#define F_ROOT(k, o, t, n)                   \
	((struct hive_field){ .offset = (o), \
			      .kind = (k),   \
			      .graph_root = { .value_type = FX_TYPE(t), .node_offset = (n) } })
#define F_LHEAD(o, t, n) F_ROOT(HIVE_FIELD_LIST_HEAD, o, t, n)
#define F_RROOT(o, t, n) F_ROOT(HIVE_FIELD_RB_ROOT, o, t, n)
#define F_KPTR(o, t)                                       \
	((struct hive_field){ .offset = (o),               \
			      .kind = HIVE_FIELD_KPTR_REF, \
			      .kptr = { .type = FX_TYPE(t), .local = true } })

static inline const struct hive_struct_meta *fx_find_meta(struct hive_type_id t, void *ctx)
{
	if (t.btf != &fx_btf || t.id >= T_NR || !FX.meta[t.id].record)
		return NULL;
	return &FX.meta[t.id];
}

static inline struct hive_record *fx_rec(uint32_t size, int n, const struct hive_field *f)
{
	struct hive_record *rec = btf_record_new(n);

	assert_non_null(rec);
	for (int i = 0; i < n; i++)
		assert_int_equal(btf_record_add(rec, &f[i]), 0);
	assert_int_equal(btf_record_finalize(rec, size), 0);
	return rec;
}

#define FX_REC(size, ...)                                                                      \
	fx_rec(size, sizeof((struct hive_field[]){ __VA_ARGS__ }) / sizeof(struct hive_field), \
	       (struct hive_field[]){ __VA_ARGS__ })

static inline void fx_meta(int id, uint32_t size, struct hive_record *rec)
{
	FX.meta[id] = (struct hive_struct_meta){ .type = FX_TYPE(id), .size = size, .record = rec };
}

static inline void fx_kernel_dtor(void *p)
{
	FX.kernel_dtor_calls++;
	free(p);
}

static inline int fx_setup(void **state)
{
	struct hive_field kern = { .offset = 8,
				   .kind = HIVE_FIELD_KPTR_REF,
				   .kptr = { .type = { &fx_kernel_btf, 7 },
					     .dtor = fx_kernel_dtor } };

	memset(&FX, 0, sizeof(FX));
	fx_meta(T_NODE_DATA, sizeof(struct node_data), FX_REC(48, F_RNODE(16)));
	fx_meta(T_BAR, sizeof(struct bar), FX_REC(32, F_LNODE(0)));
	fx_meta(T_FOO, sizeof(struct foo),
		FX_REC(72, F_LNODE(0), F_LHEAD(24, T_BAR, 0), F_LOCK(40), F_LNODE(48)));
	fx_meta(T_RC_NODE, sizeof(struct rc_node), FX_REC(80, F_RNODE(16), F_LNODE(48), F_REF(72)));
	fx_meta(T_PLAIN, sizeof(struct plain_local), NULL);
	fx_meta(T_SN_NODE, sizeof(struct sn_node), FX_REC(56, F_KPTR(16, T_PLAIN), F_RNODE(24)));
	fx_meta(T_LWR, sizeof(struct local_with_root),
		FX_REC(32, F_LOCK(8), F_RROOT(16, T_SN_NODE, 24)));
	fx_meta(T_REFCOUNTED, sizeof(struct refcounted_node), FX_REC(48, F_RNODE(8), F_REF(40)));
	fx_meta(T_SEARCH, sizeof(struct search_node),
		FX_REC(80, F_REF(0), F_RNODE(8), F_RNODE(40)));

	FX.rb_glob = FX_REC(24, F_RROOT(0, T_NODE_DATA, 16), F_LOCK(16));
	FX.map_value = FX_REC(24, F_LOCK(0), F_LHEAD(8, T_FOO, 48));
	FX.rc_glob = FX_REC(40, F_LOCK(0), F_RROOT(8, T_RC_NODE, 16), F_LHEAD(24, T_RC_NODE, 48));
	FX.rc_stash = FX_REC(8, F_KPTR(0, T_RC_NODE));
	FX.some_nodes =
		FX_REC(40, kern, F_KPTR(16, T_SN_NODE), F_KPTR(24, T_PLAIN), F_KPTR(32, T_LWR));
	FX.rc_stash_val = FX_REC(16, F_LOCK(0), F_KPTR(8, T_REFCOUNTED));
	FX.search0 = FX_REC(24, F_LOCK(0), F_RROOT(8, T_SEARCH, 8));
	FX.search1 = FX_REC(24, F_LOCK(0), F_RROOT(8, T_SEARCH, 40));

	/* A.5 fix-up fills value_rec and local kptr pointee records, as BTF load would. */
	for (int i = 1; i < T_NR; i++)
		assert_int_equal(btf_record_check_and_fixup(FX.meta[i].record, fx_find_meta, NULL),
				 0);
	struct hive_record *maps[] = { FX.rb_glob,    FX.map_value,    FX.rc_glob, FX.rc_stash,
				       FX.some_nodes, FX.rc_stash_val, FX.search0, FX.search1 };
	for (size_t i = 0; i < ARRAY_SIZE(maps); i++)
		assert_int_equal(btf_record_check_and_fixup(maps[i], fx_find_meta, NULL), 0);

	assert_int_equal(kfunc_rcu_barrier(), 0);
	kfunc_mem_stats(&FX.base);
	return 0;
}

/* Every test must leave no object behind once deferred frees have run. */
static inline int fx_teardown(void **state)
{
	struct kfunc_mem_stats now;

	assert_int_equal(kfunc_rcu_barrier(), 0);
	kfunc_mem_stats(&now);
	assert_int_equal(now.live_objs, FX.base.live_objs);
	assert_int_equal(now.live_bytes, FX.base.live_bytes);
	for (int i = 1; i < T_NR; i++)
		btf_record_free(FX.meta[i].record);
	btf_record_free(FX.rb_glob);
	btf_record_free(FX.map_value);
	btf_record_free(FX.rc_glob);
	btf_record_free(FX.rc_stash);
	btf_record_free(FX.some_nodes);
	btf_record_free(FX.rc_stash_val);
	btf_record_free(FX.search0);
	btf_record_free(FX.search1);
	return 0;
}

/* Live objects beyond the baseline, after deferred frees ran. */
static inline int64_t fx_live(void)
{
	struct kfunc_mem_stats now;

	assert_int_equal(kfunc_rcu_barrier(), 0);
	kfunc_mem_stats(&now);
	return now.live_objs - FX.base.live_objs;
}

/* Live objects beyond the baseline right now (dropped objects count until reclaimed). */
static inline int64_t fx_live_now(void)
{
	struct kfunc_mem_stats now;

	kfunc_mem_stats(&now);
	return now.live_objs - FX.base.live_objs;
}

/* A zeroed "map value" (as map memory is), released like map destruction releases it. */
static inline void *fx_value(size_t size)
{
	void *v = calloc(1, size);

	assert_non_null(v);
	return v;
}

static inline void fx_value_free(const struct hive_record *rec, void *v)
{
	kfunc_obj_free_fields(rec, v);
	free(v);
}

static inline const struct hive_struct_meta *M(int id)
{
	return FX.meta[id].record ? &FX.meta[id] : NULL;
}

/* A program run: the interpreter brackets each one like this. */
#define PROG_BEGIN() kfunc_rcu_read_lock()
#define PROG_END() kfunc_rcu_read_unlock()

#endif /* __HIVE_TEST_KFUNC_FIXTURES_H */
