// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests for btf/btf_fields: special-field records built from BTF (spec A.2-A.5).
 *
 * Part 1 runs every hand-written case of tests/records/rcases.h (D.5's 13 failing BTFs, E.4's
 * 3 loading ones, and one or more cases per rule) as its own cmocka test and checks the
 * errno; tests/records/diff_records.c asks the kernel the same questions. Part 2 looks inside
 * the records and metas that come out: offsets rebased through nesting, arrays repeated,
 * contains resolved to node offsets, value records linked, kptr pointees resolved, the
 * messages users see, and the work bound on hostile BTF.
 *
 * Kernel types come from a small stand-in "vmlinux" BTF built here (task_struct and
 * prog_test_ref_kfunc with their 6.18 destructors, file and cgroup...), so the answers do not
 * depend on the machine.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../records/rcases.h"
#include "btf/btf_fields.h"
#include "common/log.h"

static struct hive_btf *fake_vmlinux;

/* task_struct, file, prog_test_ref_kfunc, cgroup; dtors for task_struct and the test type. */
static struct hive_btf *make_fake_vmlinux(void)
{
	struct hive_btf *k = btf_new_empty(NULL);
	int i32 = btf_add_int(k, "int", 4, 1), proto;

	btf_add_struct(k, "task_struct", 64);
	btf_add_field(k, "pid", i32, 0, 0);
	btf_add_struct(k, "file", 32);
	btf_add_struct(k, "prog_test_ref_kfunc", 16);
	btf_add_struct(k, "cgroup", 16);
	btf_add_struct(k, "", 8); /* an anonymous struct, as vmlinux has many */
	proto = btf_add_func_proto(k, 0);
	btf_add_func_param(k, "p", btf_add_ptr(k, 0));
	btf_add_func(k, "bpf_task_release_dtor", BTF_FUNC_STATIC, proto);
	btf_add_func(k, "bpf_kfunc_call_test_release_dtor", BTF_FUNC_STATIC, proto);
	return k;
}

static int quiet(enum hive_print_level level, const char *fmt, va_list ap)
{
	(void)level;
	(void)fmt;
	(void)ap;
	return 0;
}

static int setup_all(void **state)
{
	(void)state;
	hive_set_print(quiet);
	fake_vmlinux = make_fake_vmlinux();
	return IS_ERR_OR_NULL(fake_vmlinux);
}

static int teardown_all(void **state)
{
	(void)state;
	btf_free(fake_vmlinux);
	return 0;
}

/* ---- part 1: every hand-written case ---- */

static void test_case(void **state)
{
	const struct rcase *c = *state;
	struct btf_fields_ctx ctx = { .kernel_btf = fake_vmlinux };
	struct btf_struct_metas *metas = NULL;
	struct btf_map_def def = { 0 };
	char err[512];
	struct rb r;
	int ret;

	rb_init(&r);
	c->build(&r, &def);
	ret = rb_load(&r, fake_vmlinux, &metas, err, sizeof(err));
	if (ret != c->load_err)
		print_error("%s: BTF load %d, expected %d: %s\n", c->name, ret, c->load_err, err);
	assert_int_equal(ret, c->load_err);
	/* a rejection always says why */
	if (ret)
		assert_true(strlen(err) > 20);
	if (!ret && def.value_type_id) {
		struct hive_record *rec = NULL;
		int ferr;

		ctx.errbuf = err;
		ctx.errbuf_sz = sizeof(err);
		err[0] = 0;
		ret = btf_map_check_btf(r.btf, metas, &def, &ctx, &rec, &ferr);
		if (ret != c->map_err)
			print_error("%s: map %d, expected %d: %s\n", c->name, ret, c->map_err, err);
		assert_int_equal(ret, c->map_err);
		if (ret || ferr)
			assert_true(strlen(err) > 20);
		btf_record_free(rec);
	}
	btf_struct_metas_free(metas);
	rb_free(&r);
}

/* ---- part 2 helpers ---- */

struct loaded {
	struct rb r;
	struct btf_struct_metas *metas;
	struct btf_map_def def;
	char err[512];
};

static const struct rcase *find_case(const char *name)
{
	for (size_t i = 0; i < sizeof(rcases) / sizeof(rcases[0]); i++)
		if (!strcmp(rcases[i].name, name))
			return &rcases[i];
	fail_msg("no case %s", name);
	return NULL;
}

/* Build case @name and load it (it must load). */
static void load_case(struct loaded *l, const char *name)
{
	const struct rcase *c = find_case(name);

	memset(l, 0, sizeof(*l));
	rb_init(&l->r);
	c->build(&l->r, &l->def);
	assert_int_equal(rb_load(&l->r, fake_vmlinux, &l->metas, l->err, sizeof(l->err)), 0);
}

static void unload(struct loaded *l)
{
	btf_struct_metas_free(l->metas);
	rb_free(&l->r);
}

static int id_of(struct loaded *l, const char *name)
{
	int id = btf_find_by_name_kind(l->r.btf, name, BTF_KIND_STRUCT);

	assert_true(id > 0);
	return id;
}

static const struct hive_struct_meta *meta_of(struct loaded *l, const char *name)
{
	const struct hive_struct_meta *m = btf_struct_meta_find(l->metas, id_of(l, name));

	assert_non_null(m);
	return m;
}

static void assert_field(const struct hive_record *rec, uint32_t i, uint32_t off, uint32_t kind)
{
	assert_true(i < rec->cnt);
	assert_int_equal(rec->fields[i].offset, off);
	assert_int_equal(rec->fields[i].kind, kind);
	assert_int_equal(rec->fields[i].size, btf_field_size(kind));
}

/* The map record of the case's map (must succeed). */
static struct hive_record *map_record(struct loaded *l, int *ferr)
{
	struct btf_fields_ctx ctx = { .kernel_btf = fake_vmlinux,
				      .errbuf = l->err,
				      .errbuf_sz = sizeof(l->err) };
	struct hive_record *rec = NULL;

	assert_int_equal(btf_map_check_btf(l->r.btf, l->metas, &l->def, &ctx, &rec, ferr), 0);
	return rec;
}

/* ---- part 2: what the records say ---- */

static void test_e4_owning_owned_records(void **state)
{
	const struct hive_struct_meta *foo, *bar;
	struct loaded l;

	(void)state;
	load_case(&l, "e4_owning_owned");
	assert_int_equal(btf_struct_metas_cnt(l.metas), 2);
	foo = meta_of(&l, "foo");
	bar = meta_of(&l, "bar");
	assert_int_equal(foo->size, 28);
	assert_ptr_equal(foo->type.btf, l.r.btf);
	assert_int_equal(foo->record->cnt, 2);
	assert_field(foo->record, 0, 0, HIVE_FIELD_LIST_HEAD);
	assert_field(foo->record, 1, 24, HIVE_FIELD_SPIN_LOCK);
	assert_int_equal(foo->record->spin_lock_off, 24);
	assert_int_equal(foo->record->fields[0].graph_root.value_type.id, bar->type.id);
	assert_int_equal(foo->record->fields[0].graph_root.node_offset, 0);
	/* A.5 linked the contained type's record */
	assert_ptr_equal(foo->record->fields[0].graph_root.value_rec, bar->record);
	assert_int_equal(bar->record->cnt, 1);
	assert_field(bar->record, 0, 0, HIVE_FIELD_LIST_NODE);
	/* metas in type id order, and lookups by id */
	assert_true(btf_struct_meta_at(l.metas, 0)->type.id <
		    btf_struct_meta_at(l.metas, 1)->type.id);
	assert_null(btf_struct_meta_at(l.metas, 2));
	assert_null(btf_struct_meta_find(l.metas, l.r.i32));
	assert_ptr_equal(btf_struct_metas_lookup(foo->type, l.metas), foo);
	assert_null(btf_struct_metas_lookup(
		(struct hive_type_id){ .btf = fake_vmlinux, .id = foo->type.id }, l.metas));
	unload(&l);
}

static void test_e4_refcounted_two_nodes(void **state)
{
	const struct hive_struct_meta *bar;
	struct loaded l;

	(void)state;
	load_case(&l, "e4_two_node_kinds_refcount");
	bar = meta_of(&l, "bar");
	assert_int_equal(bar->record->cnt, 3);
	assert_field(bar->record, 0, 0, HIVE_FIELD_LIST_NODE);
	assert_field(bar->record, 1, 24, HIVE_FIELD_RB_NODE);
	assert_field(bar->record, 2, 56, HIVE_FIELD_REFCOUNT);
	assert_int_equal(bar->record->refcount_off, 56);
	assert_true(bar->record->spin_lock_off < 0);
	unload(&l);
}

static void test_owning_owning_owned_chain(void **state)
{
	const struct hive_struct_meta *foo, *bar, *baz;
	struct loaded l;

	(void)state;
	load_case(&l, "e4_owning_owning_owned");
	foo = meta_of(&l, "foo");
	bar = meta_of(&l, "bar");
	baz = meta_of(&l, "baz");
	assert_int_equal(foo->record->fields[0].graph_root.node_offset, 16);
	assert_ptr_equal(foo->record->fields[0].graph_root.value_rec, bar->record);
	assert_ptr_equal(bar->record->fields[0].graph_root.value_rec, baz->record);
	assert_int_equal(bar->record->field_mask,
			 HIVE_FIELD_LIST_HEAD | HIVE_FIELD_LIST_NODE | HIVE_FIELD_SPIN_LOCK);
	unload(&l);
}

static void test_array_of_heads_repeated(void **state)
{
	const struct hive_struct_meta *foo;
	struct loaded l;

	(void)state;
	load_case(&l, "a2_array_of_heads");
	foo = meta_of(&l, "foo");
	assert_int_equal(foo->record->cnt, 4);
	assert_field(foo->record, 0, 0, HIVE_FIELD_SPIN_LOCK);
	for (uint32_t i = 0; i < 3; i++) {
		assert_field(foo->record, 1 + i, 8 + 16 * i, HIVE_FIELD_LIST_HEAD);
		assert_int_equal(foo->record->fields[1 + i].graph_root.node_offset, 8);
		assert_int_equal(foo->record->fields[1 + i].graph_root.value_type.id,
				 id_of(&l, "bar"));
	}
	unload(&l);
}

static void test_two_dimensional_kptr_array(void **state)
{
	const struct hive_struct_meta *foo;
	struct loaded l;

	(void)state;
	load_case(&l, "a2_array_2d_of_kptrs");
	foo = meta_of(&l, "foo");
	assert_int_equal(foo->record->cnt, 7);
	for (uint32_t i = 0; i < 6; i++) {
		const struct hive_field *f = &foo->record->fields[i];

		assert_field(foo->record, i, 8 * i, HIVE_FIELD_KPTR_REF);
		assert_true(f->kptr.local);
		assert_ptr_equal(f->kptr.type.btf, l.r.btf);
		assert_int_equal(f->kptr.type.id, id_of(&l, "bar"));
	}
	assert_field(foo->record, 6, 48, HIVE_FIELD_SPIN_LOCK);
	unload(&l);
}

static void test_nested_array_rebased(void **state)
{
	const struct hive_struct_meta *foo;
	struct loaded l;

	(void)state;
	load_case(&l, "a2_nested_array_of_roots");
	/* inner (roots only in an array) is no local object type; foo is */
	assert_null(btf_struct_meta_find(l.metas, id_of(&l, "inner")));
	foo = meta_of(&l, "foo");
	assert_int_equal(foo->record->cnt, 4);
	assert_field(foo->record, 0, 0, HIVE_FIELD_SPIN_LOCK);
	assert_field(foo->record, 1, 16, HIVE_FIELD_RB_ROOT);
	assert_field(foo->record, 2, 40, HIVE_FIELD_RB_ROOT);
	assert_field(foo->record, 3, 64, HIVE_FIELD_RB_ROOT);
	for (uint32_t i = 1; i < 4; i++) {
		assert_int_equal(foo->record->fields[i].graph_root.node_offset, 8);
		assert_ptr_equal(foo->record->fields[i].graph_root.value_rec,
				 meta_of(&l, "bar")->record);
	}
	unload(&l);
}

static void test_nested_map_value(void **state)
{
	struct hive_record *rec;
	struct loaded l;
	int ferr = -1;

	(void)state;
	load_case(&l, "a2_nested_root");
	rec = map_record(&l, &ferr);
	assert_int_equal(ferr, 0);
	assert_non_null(rec);
	assert_int_equal(rec->cnt, 2);
	assert_field(rec, 0, 8, HIVE_FIELD_SPIN_LOCK);
	assert_field(rec, 1, 16, HIVE_FIELD_LIST_HEAD);
	assert_int_equal(rec->spin_lock_off, 8);
	assert_ptr_equal(rec->fields[1].graph_root.value_rec, meta_of(&l, "bar")->record);
	btf_record_free(rec);
	unload(&l);
}

static void test_global_datasec_record(void **state)
{
	struct hive_record *rec;
	struct loaded l;
	int ferr = -1;

	(void)state;
	load_case(&l, "m_global_list");
	rec = map_record(&l, &ferr);
	assert_int_equal(ferr, 0);
	assert_int_equal(rec->cnt, 2);
	assert_field(rec, 0, 0, HIVE_FIELD_SPIN_LOCK);
	assert_field(rec, 1, 16, HIVE_FIELD_LIST_HEAD);
	assert_int_equal(rec->fields[1].graph_root.node_offset, 8);
	assert_int_equal(rec->fields[1].graph_root.value_type.id, id_of(&l, "foo"));
	assert_ptr_equal(rec->fields[1].graph_root.value_rec, meta_of(&l, "foo")->record);
	btf_record_free(rec);
	unload(&l);
}

static void test_global_nested_datasec(void **state)
{
	struct hive_record *rec;
	struct loaded l;
	int ferr;

	(void)state;
	load_case(&l, "m_global_nested");
	rec = map_record(&l, &ferr);
	assert_int_equal(rec->cnt, 2);
	assert_field(rec, 0, 0, HIVE_FIELD_SPIN_LOCK);
	assert_field(rec, 1, 8, HIVE_FIELD_LIST_HEAD);
	btf_record_free(rec);
	unload(&l);
}

static void test_map_value_parse_error_is_plain_memory(void **state)
{
	struct hive_record *rec;
	struct loaded l;
	int ferr = 0;

	(void)state;
	load_case(&l, "m_global_list_bad_node");
	rec = map_record(&l, &ferr);
	assert_null(rec);
	assert_int_equal(ferr, -ENOENT);
	assert_non_null(strstr(l.err, "no member 'x'"));
	assert_non_null(strstr(l.err, "ignored"));
	unload(&l);
}

static void test_map_value_without_fields(void **state)
{
	struct hive_record *rec;
	struct loaded l;
	int ferr = -1;

	(void)state;
	load_case(&l, "m_nodes_are_plain");
	rec = map_record(&l, &ferr);
	assert_null(rec);
	assert_int_equal(ferr, 0);
	unload(&l);
}

static void test_kptr_kernel_and_local(void **state)
{
	const struct hive_struct_meta *foo;
	struct loaded l;
	int tid;

	(void)state;
	load_case(&l, "k_kernel_with_dtor");
	foo = meta_of(&l, "foo");
	assert_field(foo->record, 0, 8, HIVE_FIELD_KPTR_REF);
	assert_false(foo->record->fields[0].kptr.local);
	assert_ptr_equal(foo->record->fields[0].kptr.type.btf, fake_vmlinux);
	tid = btf_find_by_name_kind(fake_vmlinux, "task_struct", BTF_KIND_STRUCT);
	assert_int_equal(foo->record->fields[0].kptr.type.id, tid);
	unload(&l);

	load_case(&l, "k_kernel_untrusted_without_dtor");
	foo = meta_of(&l, "foo");
	assert_field(foo->record, 0, 8, HIVE_FIELD_KPTR_UNREF);
	assert_false(foo->record->fields[0].kptr.local);
	unload(&l);

	load_case(&l, "k_percpu");
	foo = meta_of(&l, "foo");
	assert_field(foo->record, 0, 8, HIVE_FIELD_KPTR_PERCPU);
	assert_true(foo->record->fields[0].kptr.local);
	unload(&l);
}

static void test_kptr_modifiers(void **state)
{
	const struct hive_struct_meta *foo;
	struct loaded l;

	(void)state;
	/* typedef of the pointee skipped: the kptr type is the struct */
	load_case(&l, "k_typedef_pointee");
	foo = meta_of(&l, "foo");
	assert_int_equal(foo->record->fields[0].kptr.type.id, id_of(&l, "bar"));
	unload(&l);
	/* `volatile` on the pointer itself is allowed */
	load_case(&l, "k_volatile_kptr");
	foo = meta_of(&l, "foo");
	assert_field(foo->record, 0, 8, HIVE_FIELD_KPTR_REF);
	unload(&l);
	/* a plain pointer is data; uptr is not searched in local objects */
	load_case(&l, "k_plain_pointer");
	assert_int_equal(meta_of(&l, "foo")->record->cnt, 1);
	unload(&l);
	load_case(&l, "k_uptr_in_meta_ignored");
	assert_int_equal(meta_of(&l, "foo")->record->cnt, 1);
	unload(&l);
}

static void test_anonymous_contains_type(void **state)
{
	const struct hive_struct_meta *foo;
	struct loaded l;
	int anon = 0;

	(void)state;
	load_case(&l, "c_anonymous_type");
	for (uint32_t id = 1; id < btf_type_cnt(l.r.btf) && !anon; id++) {
		const struct btf_type *t = btf_type_by_id(l.r.btf, id);

		if (btf_is_struct(t) && !t->name_off)
			anon = (int)id;
	}
	foo = meta_of(&l, "foo");
	assert_int_equal(foo->record->fields[1].graph_root.value_type.id, anon);
	unload(&l);
}

static void test_unique_kinds_cached(void **state)
{
	struct hive_record *rec;
	struct loaded l;
	int ferr;

	(void)state;
	load_case(&l, "a2_unique_kinds_once_each");
	rec = map_record(&l, &ferr);
	assert_int_equal(rec->cnt, 4);
	assert_int_equal(rec->spin_lock_off, 0);
	assert_int_equal(rec->timer_off, 8);
	assert_int_equal(rec->wq_off, 24);
	assert_int_equal(rec->task_work_off, 40);
	assert_true(rec->res_spin_lock_off < 0 && rec->refcount_off < 0);
	btf_record_free(rec);
	unload(&l);
}

/* The reason names the type, the member and the rule. */
static void assert_load_says(const char *name, const char *a, const char *b)
{
	const struct rcase *c = find_case(name);
	char err[512];
	struct rb r;

	rb_init(&r);
	c->build(&r, &(struct btf_map_def){ 0 });
	assert_int_equal(rb_load(&r, fake_vmlinux, NULL, err, sizeof(err)), c->load_err);
	if (!strstr(err, a) || !strstr(err, b))
		fail_msg("%s: '%s' lacks '%s' or '%s'", name, err, a, b);
	rb_free(&r);
}

static void test_messages(void **state)
{
	(void)state;
	assert_load_says("d5_too_many_locks", "member 'b' of struct 'foo'", "-E2BIG");
	assert_load_says("d5_missing_lock", "STRUCT 'foo'", "needs a bpf_spin_lock");
	assert_load_says("d5_bad_offset", "member 'b' of struct 'foo'", "overlaps");
	assert_load_says("d5_missing_contains", "member 'b' of struct 'foo'", "contains:");
	assert_load_says("d5_missing_struct", "no struct 'bar'", "-ENOENT");
	assert_load_says("d5_missing_node", "no member 'c'", "-ENOENT");
	assert_load_says("d5_node_incorrect_type", "'bar.a'", "bpf_list_node");
	assert_load_says("d5_two_nodes_named_b", "two members named 'b'", "-EINVAL");
	assert_load_says("d5_aa_cycle", "STRUCT 'foo'", "-ELOOP");
	assert_load_says("d5_two_node_kinds_no_refcount", "STRUCT 'bar'", "bpf_refcount");
	assert_load_says("k_kernel_without_dtor", "'struct file'", "destructor");
	assert_load_says("k_user_tag_in_meta", "'user'", "member 'p' of struct 'foo'");
	assert_load_says("a2_bitfield_off_byte", "member 'b'", "bit offset 36");
	assert_load_says("a2_misaligned_lock", "STRUCT 'foo'", "no record");
	assert_load_says("a2_array_of_locks", "member 'l'", "array of bpf_spin_lock");
	assert_load_says("a2_kptr_array_too_many", "member 'p'", "more than 11");
	assert_load_says("c_value_without_meta", "contains struct 'bar'", "-EFAULT");
	assert_load_says("a2_nested_lock_twice", "STRUCT 'foo'", "keeps only one");
}

/* Without an errbuf the reason goes to the library log. */
static char logged[512];

__attribute__((format(printf, 2, 0))) static int capture(enum hive_print_level level,
							 const char *fmt, va_list ap)
{
	(void)level;
	vsnprintf(logged, sizeof(logged), fmt, ap);
	return 0;
}

static void test_message_to_log(void **state)
{
	struct btf_struct_metas *tab;
	struct rb r;

	(void)state;
	rb_init(&r);
	find_case("d5_missing_node")->build(&r, &(struct btf_map_def){ 0 });
	logged[0] = 0;
	hive_set_print(capture);
	tab = btf_parse_struct_metas(r.btf, NULL);
	hive_set_print(quiet);
	assert_int_equal(PTR_ERR(tab), -ENOENT);
	assert_non_null(strstr(logged, "no member 'c'"));
	rb_free(&r);
}

/* ---- direct btf_parse_fields() calls ---- */

static void test_parse_fields_edges(void **state)
{
	struct btf_fields_ctx ctx = { .kernel_btf = fake_vmlinux };
	struct hive_record *rec;
	struct rb r;
	int plain, foo;

	(void)state;
	rb_init(&r);
	plain = rb_struct(&r, "plain", 8, "int a@0, int b@4");
	foo = rb_struct(&r, "foo", 8, "lock l@0, int b@4");
	/* no field: NULL, not an error */
	assert_null(btf_parse_fields(r.btf, plain, HIVE_FIELD_MAP_VALUE_MASK, 8, &ctx));
	/* the mask decides: no lock asked for */
	assert_null(btf_parse_fields(r.btf, foo, HIVE_FIELD_TIMER, 8, &ctx));
	/* only STRUCT and DATASEC */
	rec = btf_parse_fields(r.btf, r.i32, HIVE_FIELD_MAP_VALUE_MASK, 4, &ctx);
	assert_int_equal(PTR_ERR(rec), -EINVAL);
	/* a value smaller than the struct: the lock ends past it */
	rec = btf_parse_fields(r.btf, foo, HIVE_FIELD_SPIN_LOCK, 2, &ctx);
	assert_int_equal(PTR_ERR(rec), -EFAULT);
	rec = btf_parse_fields(r.btf, foo, HIVE_FIELD_SPIN_LOCK, 8, &ctx);
	assert_int_equal(rec->cnt, 1);
	btf_record_free(rec);
	rb_free(&r);
}

/* struct s_k { struct s_{k-1} a, b; } (both at offset 0): 2^k paths, each struct walked once
 * thanks to the memo. Without it this test would not finish. */
static void test_deep_dag_is_not_exponential(void **state)
{
	struct hive_record *rec;
	struct rb r;
	int prev;
	char spec[64], name[16];

	(void)state;
	rb_init(&r);
	prev = rb_struct(&r, "s0", 8, "int x@0, u64 y@0");
	for (int k = 1; k <= 30; k++) {
		snprintf(spec, sizeof(spec), "#%d a@0, #%d b@0", prev, prev);
		snprintf(name, sizeof(name), "s%d", k);
		prev = rb_struct(&r, name, 8, spec);
	}
	rec = btf_parse_fields(r.btf, prev, HIVE_FIELD_MAP_VALUE_MASK, 8, NULL);
	assert_null(rec);
	rb_free(&r);
}

static void test_nesting_and_array_depth_limits(void **state)
{
	struct btf_fields_ctx ctx = { 0 };
	struct hive_record *rec;
	uint32_t dims[33];
	struct rb r;
	char spec[64], name[16];
	int prev, arr;

	(void)state;
	rb_init(&r);
	/* 31 nested structs around a lock: found; 32: -E2BIG */
	prev = rb_struct(&r, "n0", 4, "lock l@0");
	for (int k = 1; k <= 32; k++) {
		snprintf(spec, sizeof(spec), "#%d x@0", prev);
		snprintf(name, sizeof(name), "n%d", k);
		prev = rb_struct(&r, name, 4, spec);
		rec = btf_parse_fields(r.btf, prev, HIVE_FIELD_SPIN_LOCK, 4, &ctx);
		if (k < 32) {
			assert_false(IS_ERR_OR_NULL(rec));
			assert_int_equal(rec->spin_lock_off, 0);
			btf_record_free(rec);
		} else {
			assert_int_equal(PTR_ERR(rec), -E2BIG);
		}
	}
	/* 31 array dimensions: fine; 32: -E2BIG */
	for (int i = 0; i < 33; i++)
		dims[i] = 1;
	for (int nd = 31; nd <= 32; nd++) {
		int s;

		arr = rb_array(&r, r.lock, dims, nd);
		snprintf(spec, sizeof(spec), "#%d x@0", arr);
		s = rb_struct(&r, nd == 31 ? "a31" : "a32", 4, spec);
		rec = btf_parse_fields(r.btf, s, HIVE_FIELD_SPIN_LOCK, 4, &ctx);
		if (nd == 31) {
			assert_int_equal(rec->cnt, 1);
			btf_record_free(rec);
		} else {
			assert_int_equal(PTR_ERR(rec), -E2BIG);
		}
	}
	rb_free(&r);
}

static void test_map_check_order(void **state)
{
	struct btf_fields_ctx ctx = { 0 };
	struct hive_record *rec = NULL;
	struct loaded l;
	int ferr;

	(void)state;
	/* -EACCES comes before the map-type check */
	load_case(&l, "m_lock_lru");
	l.def.map_flags = RC_F_RDONLY_PROG;
	assert_int_equal(btf_map_check_btf(l.r.btf, l.metas, &l.def, &ctx, &rec, &ferr), -EACCES);
	assert_null(rec);
	/* keyless hash */
	l.def.map_flags = 0;
	l.def.map_type = RC_HASH;
	l.def.key_type_id = 0;
	assert_int_equal(btf_map_check_btf(l.r.btf, l.metas, &l.def, &ctx, &rec, NULL), -EINVAL);
	unload(&l);
}

int main(void)
{
	const size_t n = sizeof(rcases) / sizeof(rcases[0]);
	const struct CMUnitTest fixed[] = {
		cmocka_unit_test(test_e4_owning_owned_records),
		cmocka_unit_test(test_e4_refcounted_two_nodes),
		cmocka_unit_test(test_owning_owning_owned_chain),
		cmocka_unit_test(test_array_of_heads_repeated),
		cmocka_unit_test(test_two_dimensional_kptr_array),
		cmocka_unit_test(test_nested_array_rebased),
		cmocka_unit_test(test_nested_map_value),
		cmocka_unit_test(test_global_datasec_record),
		cmocka_unit_test(test_global_nested_datasec),
		cmocka_unit_test(test_map_value_parse_error_is_plain_memory),
		cmocka_unit_test(test_map_value_without_fields),
		cmocka_unit_test(test_kptr_kernel_and_local),
		cmocka_unit_test(test_kptr_modifiers),
		cmocka_unit_test(test_anonymous_contains_type),
		cmocka_unit_test(test_unique_kinds_cached),
		cmocka_unit_test(test_messages),
		cmocka_unit_test(test_message_to_log),
		cmocka_unit_test(test_parse_fields_edges),
		cmocka_unit_test(test_deep_dag_is_not_exponential),
		cmocka_unit_test(test_nesting_and_array_depth_limits),
		cmocka_unit_test(test_map_check_order),
	};
	struct CMUnitTest *tests = calloc(n + ARRAY_SIZE(fixed), sizeof(*tests));
	int ret;

	if (!tests)
		return 1;
	for (size_t i = 0; i < n; i++)
		tests[i] =
			(struct CMUnitTest)cmocka_unit_test_prestate(test_case, (void *)&rcases[i]);
	for (size_t i = 0; i < n; i++)
		tests[i].name = rcases[i].name;
	memcpy(tests + n, fixed, sizeof(fixed));
	ret = _cmocka_run_group_tests("btf_fields", tests, n + ARRAY_SIZE(fixed), setup_all,
				      teardown_all);
	free(tests);
	return ret;
}
