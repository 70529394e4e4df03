/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/records/rcases.h: the hand-written record cases, each a BTF (and optionally a map to
 * create from it) with the errno Linux 6.18 gives: the 13 failing and 3 loading BTFs of the
 * kernel's linked_list BTF subtests (spec D.5, E.4) and one case per rule of spec A.2-A.5.
 * The unit tests assert the expected errnos; the differential test also asks the kernel.
 */
#ifndef __HIVE_TESTS_RECORDS_RCASES_H
#define __HIVE_TESTS_RECORDS_RCASES_H

#include <errno.h>
#include <stdbool.h>

#include "rbuild.h"

/* Map type numbers (enum bpf_map_type) and flags used below. */
enum {
	RC_HASH = 1,
	RC_ARRAY = 2,
	RC_PERCPU_HASH = 5,
	RC_PERCPU_ARRAY = 6,
	RC_LRU_HASH = 9,
	RC_LRU_PERCPU_HASH = 10,
	RC_TASK_STORAGE = 29,
	RC_F_NO_PREALLOC = 1,
	RC_F_RDONLY_PROG = 128,
	RC_F_WRONLY_PROG = 256,
};

struct rcase {
	const char *name;
	/* builds the BTF; sets map->value_type_id (and the rest) when a map is to be created */
	void (*build)(struct rb *r, struct btf_map_def *map);
	int load_err; /* BPF_BTF_LOAD errno, 0: loads */
	int map_err; /* BPF_MAP_CREATE errno when a map is described */
	bool diverges; /* the kernel WARNs and accepts; bpfhive rejects; never sent to the kernel */
	bool warns; /* same errno as the kernel, which also WARNs: never sent to the kernel */
};

/* A hash or array map of @value_id with an int key, @max_entries 1. */
static inline void rc_map(struct rb *r, struct btf_map_def *m, uint32_t type, int value_id,
			  uint32_t flags)
{
	int64_t sz = btf_resolve_size(r->btf, value_id);

	*m = (struct btf_map_def){ .map_type = type,
				   .map_flags = flags,
				   .key_size = 4,
				   .value_size = (uint32_t)sz,
				   .max_entries = 1,
				   .key_type_id = r->i32,
				   .value_type_id = value_id };
}

/* libbpf's global-data map: a keyless 1-entry ARRAY whose value is the DATASEC. */
static inline void rc_global_map(struct rb *r, struct btf_map_def *m, int datasec_id)
{
	*m = (struct btf_map_def){ .map_type = RC_ARRAY,
				   .key_size = 4,
				   .value_size = btf_type_by_id(r->btf, datasec_id)->size,
				   .max_entries = 1,
				   .value_type_id = datasec_id };
}

#define RC_BUILD(fn) static void fn(struct rb *r, struct btf_map_def *m)
#define RC_UNUSED_MAP (void)m

/* ---- spec D.5: linked_list BTF subtests that must fail ---- */

RC_BUILD(d5_too_many_locks)
{
	int foo = rb_struct(r, "foo", 24, "lock a@0, lock b@4, head c@8");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 2, "bar:a");
	rb_struct(r, "bar", 24, "node a@0");
}

RC_BUILD(d5_missing_lock)
{
	int foo = rb_struct(r, "foo", 16, "head a@0");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 0, "baz:a");
	rb_struct(r, "baz", 24, "node a@0");
}

RC_BUILD(d5_bad_offset)
{
	int foo = rb_struct(r, "foo", 36, "head a@0, node b@0, lock c@0");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 0, "foo:b");
}

RC_BUILD(d5_missing_contains)
{
	RC_UNUSED_MAP;
	rb_struct(r, "foo", 24, "lock a@0, head b@8");
}

RC_BUILD(d5_missing_struct)
{
	int foo = rb_struct(r, "foo", 24, "lock a@0, head b@8");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 1, "bar:bar");
}

RC_BUILD(d5_missing_node)
{
	int foo = rb_struct(r, "foo", 24, "lock a@0, head b@8");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 1, "foo:c");
}

RC_BUILD(d5_node_incorrect_type)
{
	int foo = rb_struct(r, "foo", 20, "head a@0, lock b@16");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 0, "bar:a");
	rb_struct(r, "bar", 4, "lock a@0");
}

RC_BUILD(d5_two_nodes_named_b)
{
	/* the selftest's offsets overlap, but the duplicate name is found first */
	int foo = rb_struct(r, "foo", 56, "head a@0, node b@16, node b@32, lock d@48");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 0, "foo:b");
}

RC_BUILD(d5_aa_cycle)
{
	int foo = rb_struct(r, "foo", 48, "head a@0, node b@16, lock c@40");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 0, "foo:b");
}

RC_BUILD(d5_aba_cycle)
{
	int foo = rb_struct(r, "foo", 48, "head a@0, node b@16, lock c@40");
	int bar = rb_struct(r, "bar", 48, "head a@0, node b@16, lock c@40");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 0, "bar:b");
	rb_contains(r, bar, 0, "foo:b");
}

RC_BUILD(d5_owned_owning_owned)
{
	int foo = rb_struct(r, "foo", 48, "head a@0, node b@16, lock c@40");
	int bar = rb_struct(r, "bar", 48, "head a@0, node b@16, lock c@40");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 0, "bar:b");
	rb_contains(r, bar, 0, "baz:a");
	rb_struct(r, "baz", 24, "node a@0");
}

RC_BUILD(d5_owning_chain_too_deep)
{
	int foo = rb_struct(r, "foo", 20, "head a@0, lock b@16");
	int bar = rb_struct(r, "bar", 48, "head a@0, node b@16, lock c@40");
	int baz = rb_struct(r, "baz", 48, "head a@0, node b@16, lock c@40");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 0, "bar:b");
	rb_contains(r, bar, 0, "baz:b");
	rb_contains(r, baz, 0, "bam:a");
	rb_struct(r, "bam", 24, "node a@0");
}

RC_BUILD(d5_two_node_kinds_no_refcount)
{
	int foo = rb_struct(r, "foo", 20, "head a@0, lock b@16");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 0, "bar:a");
	rb_struct(r, "bar", 56, "node a@0, rbnode c@24");
}

/* ---- spec E.4: linked_list BTF subtests that must load ---- */

RC_BUILD(e4_owning_owned)
{
	int foo = rb_struct(r, "foo", 28, "head a@0, lock b@24");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 0, "bar:a");
	rb_struct(r, "bar", 24, "node a@0");
}

RC_BUILD(e4_owning_owning_owned)
{
	int foo = rb_struct(r, "foo", 20, "head a@0, lock b@16");
	int bar = rb_struct(r, "bar", 48, "head a@0, node b@16, lock c@40");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 0, "bar:b");
	rb_contains(r, bar, 0, "baz:a");
	rb_struct(r, "baz", 24, "node a@0");
}

RC_BUILD(e4_two_node_kinds_refcount)
{
	int foo = rb_struct(r, "foo", 20, "head a@0, lock b@16");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 0, "bar:a");
	rb_struct(r, "bar", 64, "node a@0, rbnode c@24, ref ref@56");
}

/* ---- spec A.2: discovery ---- */

RC_BUILD(a2_bitfield_off_byte)
{
	RC_UNUSED_MAP;
	rb_struct(r, "foo", 8, "lock l@0, int a@4:4, int b@.36:4");
}

RC_BUILD(a2_bitfield_on_byte)
{
	RC_UNUSED_MAP;
	rb_struct(r, "foo", 8, "lock l@0, int a@4:4, int b@5:4");
}

RC_BUILD(a2_misaligned_lock)
{
	/* not a field: the struct qualifies for a meta but has no record */
	RC_UNUSED_MAP;
	rb_struct(r, "foo", 8, "char c@0, lock l@2");
}

RC_BUILD(a2_wrong_size_lock)
{
	/* the first bpf_spin_lock has the wrong size: a direct member still makes a meta */
	rb_free(r); /* start over without the standard special structs */
	rb_init_empty(r);
	r->i32 = rb_check(btf_add_int(r->btf, "int", 4, 1), "int");
	r->lock = rb_opaque(r, "bpf_spin_lock", 8);
	RC_UNUSED_MAP;
	rb_struct(r, "foo", 12, "lock l@0, int x@8");
}

RC_BUILD(a2_second_lock_type_not_trigger)
{
	/* a second struct named bpf_spin_lock (right size) is found by name, but only the first
	 * id makes a struct a local object type */
	int l2 = rb_opaque(r, "bpf_spin_lock", 4);
	char spec[64];

	RC_UNUSED_MAP;
	snprintf(spec, sizeof(spec), "#%d l@0, int x@4", l2);
	rb_struct(r, "foo", 8, spec);
}

RC_BUILD(a2_union_not_searched)
{
	int u = rb_union(r, "u", 4, "lock l@0, int x@0");
	char spec[64];

	RC_UNUSED_MAP;
	snprintf(spec, sizeof(spec), "lock l@0, #%d u@4", u);
	rb_struct(r, "foo", 8, spec);
}

RC_BUILD(a2_typedef_lock_ignored)
{
	int td = rb_check(btf_add_typedef(r->btf, "lock_t", r->lock), "typedef");
	char spec[64];

	RC_UNUSED_MAP;
	snprintf(spec, sizeof(spec), "lock a@0, #%d b@4", td);
	rb_struct(r, "foo", 8, spec);
}

RC_BUILD(a2_typedef_named_like_lock)
{
	/* a typedef *named* bpf_spin_lock counts for uniqueness, then is not a struct */
	int td = rb_check(btf_add_typedef(r->btf, "bpf_spin_lock", r->i32), "typedef");
	char spec[64];

	RC_UNUSED_MAP;
	snprintf(spec, sizeof(spec), "lock a@0, #%d b@4", td);
	rb_struct(r, "foo", 8, spec);
}

RC_BUILD(a2_array_of_locks)
{
	RC_UNUSED_MAP;
	rb_struct(r, "foo", 12, "lock l[2]@0, lock m@8");
}

RC_BUILD(a2_array_of_one_lock)
{
	RC_UNUSED_MAP;
	rb_struct(r, "foo", 8, "lock l[1]@0, lock m@4");
}

RC_BUILD(a2_array_of_zero_locks)
{
	RC_UNUSED_MAP;
	rb_struct(r, "foo", 8, "lock l[0]@0, lock m@0, int x@4");
}

RC_BUILD(a2_array_of_heads)
{
	int foo = rb_struct(r, "foo", 56, "lock l@0, head h[3]@8");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 1, "bar:n");
	rb_struct(r, "bar", 32, "int k@0, node n@8");
}

RC_BUILD(a2_array_2d_of_kptrs)
{
	int bar = rb_struct(r, "bar", 8, "u64 x@0");
	int p = rb_tagged_ptr(r, "kptr", bar);
	char spec[64];

	RC_UNUSED_MAP;
	snprintf(spec, sizeof(spec), "#%d p[2][3]@0, lock l@48", p);
	rb_struct(r, "foo", 52, spec);
}

RC_BUILD(a2_kptr_array_too_many)
{
	int bar = rb_struct(r, "bar", 8, "u64 x@0");
	int p = rb_tagged_ptr(r, "kptr", bar);
	char spec[64];

	RC_UNUSED_MAP;
	snprintf(spec, sizeof(spec), "lock l@0, #%d p[11]@8", p);
	rb_struct(r, "foo", 96, spec);
}

RC_BUILD(a2_eleven_fields)
{
	int bar = rb_struct(r, "bar", 8, "u64 x@0");
	int p = rb_tagged_ptr(r, "kptr", bar);
	char spec[64];

	RC_UNUSED_MAP;
	snprintf(spec, sizeof(spec), "lock l@0, #%d p[10]@8", p);
	rb_struct(r, "foo", 88, spec);
}

RC_BUILD(a2_nested_root)
{
	/* inner is a local object type of its own (direct head), so it carries its lock; the
	 * map value only reaches them through nesting */
	int in = rb_struct(r, "inner", 24, "lock l@0, head h@8");
	char spec[64];

	rb_contains(r, in, 1, "bar:n");
	rb_struct(r, "bar", 24, "node n@0");
	snprintf(spec, sizeof(spec), "int x@0, #%d in@8", in);
	rc_map(r, m, RC_HASH, rb_struct(r, "foo", 32, spec), 0);
}

RC_BUILD(a2_nested_root_lock_outside)
{
	/* inner has a direct head, hence a meta of its own, without a lock */
	int in = rb_struct(r, "inner", 16, "head h@0");
	char spec[64];

	RC_UNUSED_MAP;
	rb_contains(r, in, 0, "bar:n");
	rb_struct(r, "bar", 24, "node n@0");
	snprintf(spec, sizeof(spec), "lock l@0, #%d in@8", in);
	rb_struct(r, "foo", 24, spec);
}

RC_BUILD(a2_nested_array_of_roots)
{
	/* roots in an array member do not make inner a local object type */
	int in = rb_struct(r, "inner", 24, "int x@0, root r[1]@8");
	char spec[64];

	RC_UNUSED_MAP;
	rb_contains(r, in, 1, "bar:n");
	rb_struct(r, "bar", 40, "u64 k@0, rbnode n@8");
	snprintf(spec, sizeof(spec), "lock l@0, #%d in[3]@8", in);
	rb_struct(r, "foo", 80, spec);
}

RC_BUILD(a2_nested_array_of_locks)
{
	int in = rb_struct(r, "inner", 4, "lock l@0");
	char spec[64];

	RC_UNUSED_MAP;
	snprintf(spec, sizeof(spec), "ref r@0, #%d in[2]@4", in);
	rb_struct(r, "foo", 12, spec);
}

RC_BUILD(a2_nested_lock_twice)
{
	/* kernel: WARN_ON_ONCE and keeps the last lock; bpfhive: -E2BIG */
	int in = rb_struct(r, "inner", 4, "lock l@0");
	char spec[64];

	RC_UNUSED_MAP;
	snprintf(spec, sizeof(spec), "lock l@0, #%d in@4", in);
	rb_struct(r, "foo", 8, spec);
}

RC_BUILD(a2_two_refcounts)
{
	RC_UNUSED_MAP;
	rb_struct(r, "foo", 8, "ref a@0, ref b@4");
}

RC_BUILD(a2_unique_kinds_once_each)
{
	/* in a map value: a lock, a timer, a wq and a task work, one of each */
	int v = rb_struct(r, "val", 48, "lock l@0, timer t@8, wq w@24, tw k@40");

	rc_map(r, m, RC_HASH, v, 0);
}

RC_BUILD(a2_two_timers)
{
	int v = rb_struct(r, "val", 32, "timer a@0, timer b@16");

	rc_map(r, m, RC_HASH, v, 0);
}

RC_BUILD(a2_res_and_spin_lock)
{
	RC_UNUSED_MAP;
	rb_struct(r, "foo", 8, "rlock a@0, lock b@4");
}

RC_BUILD(a2_spin_then_res_lock)
{
	/* same answer, but the kernel WARNs on a res lock found after a spin lock */
	RC_UNUSED_MAP;
	rb_struct(r, "foo", 8, "lock a@0, rlock b@4");
}

RC_BUILD(a2_res_lock_protects_root)
{
	int foo = rb_struct(r, "foo", 24, "rlock a@0, head h@8");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 1, "bar:n");
	rb_struct(r, "bar", 24, "node n@0");
}

RC_BUILD(a2_res_lock_only_no_meta)
{
	/* bpf_res_spin_lock alone does not make a local object type */
	RC_UNUSED_MAP;
	rb_struct(r, "foo", 8, "rlock a@0, int x@4");
}

/* ---- spec A.2 rule 3: kptrs ---- */

static inline int rc_kptr_struct(struct rb *r, const char *tag, int target)
{
	int p = rb_tagged_ptr(r, tag, target);
	char spec[64];

	snprintf(spec, sizeof(spec), "int x@0, #%d p@8", p);
	return rb_struct(r, "foo", 16, spec);
}

RC_BUILD(k_local_kptr)
{
	RC_UNUSED_MAP;
	rc_kptr_struct(r, "kptr", rb_struct(r, "bar", 8, "u64 x@0"));
}

RC_BUILD(k_untrusted)
{
	RC_UNUSED_MAP;
	rc_kptr_struct(r, "kptr_untrusted", rb_struct(r, "bar", 8, "u64 x@0"));
}

RC_BUILD(k_percpu)
{
	RC_UNUSED_MAP;
	rc_kptr_struct(r, "percpu_kptr", rb_struct(r, "bar", 8, "u64 x@0"));
}

RC_BUILD(k_bad_tag)
{
	/* a badly tagged pointer is not a kptr type, so foo is no local object type */
	RC_UNUSED_MAP;
	rc_kptr_struct(r, "kptr_bogus", rb_struct(r, "bar", 8, "u64 x@0"));
}

RC_BUILD(k_two_tags)
{
	int bar = rb_struct(r, "bar", 8, "u64 x@0");
	int t1 = rb_check(btf_add_type_tag(r->btf, "kptr", bar), "tag");
	int t2 = rb_check(btf_add_type_tag(r->btf, "kptr", t1), "tag");
	int p = rb_check(btf_add_ptr(r->btf, t2), "ptr");
	char spec[64];

	RC_UNUSED_MAP;
	snprintf(spec, sizeof(spec), "lock l@0, #%d p@8", p);
	rb_struct(r, "foo", 16, spec);
}

RC_BUILD(k_to_int)
{
	RC_UNUSED_MAP;
	/* not collected as a kptr type; the lock makes foo a meta, whose parse fails */
	int p = rb_tagged_ptr(r, "kptr", r->i32);
	char spec[64];

	snprintf(spec, sizeof(spec), "lock l@0, #%d p@8", p);
	rb_struct(r, "foo", 16, spec);
}

RC_BUILD(k_misaligned_bad_tag)
{
	/* a misaligned pointer is skipped before its tag is looked at */
	int p = rb_tagged_ptr(r, "bogus", r->i32);
	char spec[64];

	RC_UNUSED_MAP;
	snprintf(spec, sizeof(spec), "lock l@0, #%d p@4", p);
	rb_struct(r, "foo", 12, spec);
}

RC_BUILD(k_user_tag_in_meta)
{
	/* `int __user *` in a local object type: any unknown tag fails */
	int p = rb_tagged_ptr(r, "user", r->i32);
	char spec[64];

	RC_UNUSED_MAP;
	snprintf(spec, sizeof(spec), "lock l@0, #%d p@8", p);
	rb_struct(r, "foo", 16, spec);
}

RC_BUILD(k_volatile_kptr)
{
	int bar = rb_struct(r, "bar", 8, "u64 x@0");
	int v = rb_check(btf_add_volatile(r->btf, rb_tagged_ptr(r, "kptr", bar)), "volatile");
	char spec[64];

	RC_UNUSED_MAP;
	snprintf(spec, sizeof(spec), "int x@0, #%d p@8", v);
	rb_struct(r, "foo", 16, spec);
}

RC_BUILD(k_typedef_pointee)
{
	int bar = rb_struct(r, "bar", 8, "u64 x@0");
	int td = rb_check(btf_add_typedef(r->btf, "bar_t", bar), "typedef");

	RC_UNUSED_MAP;
	rc_kptr_struct(r, "kptr", td);
}

RC_BUILD(k_union_pointee)
{
	RC_UNUSED_MAP;
	int u = rb_union(r, "ubar", 8, "u64 x@0");
	int p = rb_tagged_ptr(r, "kptr", u);
	char spec[64];

	snprintf(spec, sizeof(spec), "lock l@0, #%d p@8", p);
	rb_struct(r, "foo", 16, spec);
}

RC_BUILD(k_uptr_in_meta_ignored)
{
	int bar = rb_struct(r, "bar", 8, "u64 x@0");
	int p = rb_tagged_ptr(r, "uptr", bar);
	char spec[64];

	RC_UNUSED_MAP;
	snprintf(spec, sizeof(spec), "lock l@0, #%d p@8", p);
	rb_struct(r, "foo", 16, spec);
}

RC_BUILD(k_kernel_with_dtor)
{
	RC_UNUSED_MAP;
	rc_kptr_struct(r, "kptr", rb_struct(r, "task_struct", 8, "u64 x@0"));
}

RC_BUILD(k_kernel_without_dtor)
{
	RC_UNUSED_MAP;
	rc_kptr_struct(r, "kptr", rb_struct(r, "file", 8, "u64 x@0"));
}

RC_BUILD(k_kernel_untrusted_without_dtor)
{
	RC_UNUSED_MAP;
	rc_kptr_struct(r, "kptr_untrusted", rb_struct(r, "file", 8, "u64 x@0"));
}

RC_BUILD(k_kernel_test_type)
{
	RC_UNUSED_MAP;
	rc_kptr_struct(r, "kptr", rb_struct(r, "prog_test_ref_kfunc", 8, "u64 x@0"));
}

RC_BUILD(k_plain_pointer)
{
	int p = rb_check(btf_add_ptr(r->btf, r->i32), "ptr");
	char spec[64];

	RC_UNUSED_MAP;
	snprintf(spec, sizeof(spec), "lock l@0, #%d p@8", p);
	rb_struct(r, "foo", 16, spec);
}

/* ---- spec A.3: contains ---- */

RC_BUILD(c_two_tags)
{
	int foo = rb_struct(r, "foo", 24, "lock a@0, head b@8");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 1, "bar:n");
	rb_contains(r, foo, 1, "bar:n");
	rb_struct(r, "bar", 24, "node n@0");
}

RC_BUILD(c_other_tag_ignored)
{
	int foo = rb_struct(r, "foo", 24, "lock a@0, head b@8");

	RC_UNUSED_MAP;
	rb_tag(r, "something:else", foo, 1);
	rb_contains(r, foo, 1, "bar:n");
	rb_struct(r, "bar", 24, "node n@0");
}

RC_BUILD(c_tag_on_wrong_member)
{
	int foo = rb_struct(r, "foo", 24, "lock a@0, head b@8");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 0, "bar:n");
	rb_struct(r, "bar", 24, "node n@0");
}

RC_BUILD(c_no_colon)
{
	int foo = rb_struct(r, "foo", 24, "lock a@0, head b@8");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 1, "bar");
	rb_struct(r, "bar", 24, "node n@0");
}

RC_BUILD(c_empty_field)
{
	int foo = rb_struct(r, "foo", 24, "lock a@0, head b@8");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 1, "bar:");
	rb_struct(r, "bar", 24, "node n@0");
}

RC_BUILD(c_missing_type_empty_field)
{
	/* the type is looked up before the field is checked */
	int foo = rb_struct(r, "foo", 24, "lock a@0, head b@8");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 1, "nosuch:");
}

RC_BUILD(c_field_with_colon)
{
	/* split at the first ':' only */
	int foo = rb_struct(r, "foo", 24, "lock a@0, head b@8");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 1, "bar:n:x");
	rb_struct(r, "bar", 24, "node n@0");
}

RC_BUILD(c_anonymous_type)
{
	/* "contains::n": the empty TYPE finds the first anonymous struct */
	int foo = rb_struct(r, "foo", 24, "lock a@0, head b@8");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 1, ":n");
	rb_struct(r, "", 24, "node n@0");
}

RC_BUILD(c_node_misaligned_value_first)
{
	/* bar (lower id) has its node at 4: not a field, so bar's meta has no record */
	int bar = rb_struct(r, "bar", 32, "int x@0, node n@4");
	int foo = rb_struct(r, "foo", 24, "lock a@0, head b@8");

	RC_UNUSED_MAP;
	(void)bar;
	rb_contains(r, foo, 1, "bar:n");
}

RC_BUILD(c_node_misaligned_root_first)
{
	int foo = rb_struct(r, "foo", 24, "lock a@0, head b@8");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 1, "bar:n");
	rb_struct(r, "bar", 32, "int x@0, node n@4");
}

RC_BUILD(c_list_head_rb_node)
{
	int foo = rb_struct(r, "foo", 24, "lock a@0, head b@8");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 1, "bar:n");
	rb_struct(r, "bar", 32, "rbnode n@0");
}

RC_BUILD(c_rb_root_ok)
{
	int foo = rb_struct(r, "foo", 24, "lock a@0, root b@8");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 1, "bar:n");
	rb_struct(r, "bar", 40, "u64 key@0, rbnode n@8");
}

RC_BUILD(c_node_in_nested_struct)
{
	/* FIELD must be a direct member of TYPE */
	int w = rb_struct(r, "wrap", 24, "node n@0");
	char spec[64];
	int foo = rb_struct(r, "foo", 24, "lock a@0, head b@8");

	RC_UNUSED_MAP;
	rb_contains(r, foo, 1, "bar:n");
	snprintf(spec, sizeof(spec), "node m@0, #%d w@24", w);
	rb_struct(r, "bar", 48, spec);
}

RC_BUILD(c_value_without_meta)
{
	/* bar's node is a second struct named bpf_list_node: bar is not a local object type,
	 * so A.5 finds no meta for the root's value (-EFAULT) */
	int n2 = rb_opaque(r, "bpf_list_node", 24);
	int foo = rb_struct(r, "foo", 24, "lock a@0, head b@8");
	char spec[64];

	RC_UNUSED_MAP;
	rb_contains(r, foo, 1, "bar:n");
	snprintf(spec, sizeof(spec), "#%d n@0", n2);
	rb_struct(r, "bar", 24, spec);
}

/* ---- spec A.4 rule 13: map values ---- */

static inline int rc_global_list(struct rb *r, const char *node_field)
{
	int lv = rb_var(r, "glock", r->lock), hv = rb_var(r, "ghead", r->head);

	rb_contains(r, hv, -1, node_field);
	rb_struct(r, "foo", 32, "u64 k@0, node n@8");
	return rb_datasec(r, ".bss.A", 32, 2, (const uint32_t[]){ lv, 0, 4, hv, 16, 16 });
}

RC_BUILD(m_global_list)
{
	rc_global_map(r, m, rc_global_list(r, "foo:n"));
}

RC_BUILD(m_global_list_bad_node)
{
	/* the kernel creates the map: the bad root is plain memory (the record is an error) */
	rc_global_map(r, m, rc_global_list(r, "foo:x"));
}

RC_BUILD(m_global_list_percpu_array)
{
	rc_map(r, m, RC_PERCPU_ARRAY, rc_global_list(r, "foo:n"), 0);
}

RC_BUILD(m_global_keyless_two_entries)
{
	rc_global_map(r, m, rc_global_list(r, "foo:n"));
	m->max_entries = 2;
}

RC_BUILD(m_global_var_size_mismatch)
{
	/* a lock variable of 8 bytes is not a lock: the head then has no lock */
	int lv = rb_var(r, "glock", r->lock), hv = rb_var(r, "ghead", r->head);
	int ds;

	rb_contains(r, hv, -1, "foo:n");
	rb_struct(r, "foo", 32, "u64 k@0, node n@8");
	ds = rb_datasec(r, ".bss.A", 32, 2, (const uint32_t[]){ lv, 0, 8, hv, 16, 16 });
	rc_global_map(r, m, ds);
}

RC_BUILD(m_global_nested)
{
	int in = rb_struct(r, "inner", 24, "lock l@0, head h@8");
	int v = rb_var(r, "d", in);
	int ds;

	rb_contains(r, in, 1, "foo:n");
	rb_struct(r, "foo", 32, "u64 k@0, node n@8");
	ds = rb_datasec(r, ".bss.D", 24, 1, (const uint32_t[]){ v, 0, 24 });
	rc_global_map(r, m, ds);
}

RC_BUILD(m_global_value_no_meta)
{
	int n2 = rb_opaque(r, "bpf_list_node", 24);
	int lv = rb_var(r, "glock", r->lock), hv = rb_var(r, "ghead", r->head);
	char spec[64];
	int ds;

	rb_contains(r, hv, -1, "foo:n");
	snprintf(spec, sizeof(spec), "#%d n@0", n2);
	rb_struct(r, "foo", 24, spec);
	ds = rb_datasec(r, ".bss.A", 32, 2, (const uint32_t[]){ lv, 0, 4, hv, 16, 16 });
	rc_global_map(r, m, ds);
}

static inline int rc_timer_value(struct rb *r)
{
	return rb_struct(r, "val", 24, "int x@0, timer t@8");
}

RC_BUILD(m_timer_hash)
{
	rc_map(r, m, RC_HASH, rc_timer_value(r), 0);
}

RC_BUILD(m_timer_percpu_hash)
{
	rc_map(r, m, RC_PERCPU_HASH, rc_timer_value(r), 0);
}

RC_BUILD(m_timer_lru)
{
	rc_map(r, m, RC_LRU_HASH, rc_timer_value(r), 0);
}

RC_BUILD(m_timer_rdonly_prog)
{
	rc_map(r, m, RC_ARRAY, rc_timer_value(r), RC_F_RDONLY_PROG);
}

RC_BUILD(m_timer_wronly_prog)
{
	rc_map(r, m, RC_HASH, rc_timer_value(r), RC_F_WRONLY_PROG);
}

RC_BUILD(m_plain_rdonly_prog)
{
	rc_map(r, m, RC_ARRAY, rb_struct(r, "val", 8, "int x@0, int y@4"), RC_F_RDONLY_PROG);
}

RC_BUILD(m_lock_lru)
{
	rc_map(r, m, RC_LRU_HASH, rb_struct(r, "val", 8, "lock l@0, int y@4"), 0);
}

RC_BUILD(m_lock_percpu_array)
{
	rc_map(r, m, RC_PERCPU_ARRAY, rb_struct(r, "val", 8, "lock l@0, int y@4"), 0);
}

RC_BUILD(m_kptr_lru_percpu)
{
	int bar = rb_struct(r, "bar", 8, "u64 x@0");

	rc_map(r, m, RC_LRU_PERCPU_HASH, rc_kptr_struct(r, "kptr", bar), 0);
}

RC_BUILD(m_refcount_percpu_array)
{
	rc_map(r, m, RC_PERCPU_ARRAY, rb_struct(r, "val", 8, "ref r@0, int y@4"), 0);
}

RC_BUILD(m_nodes_are_plain)
{
	/* list and rb nodes are not in the map-value mask */
	rc_map(r, m, RC_PERCPU_HASH, rb_struct(r, "val", 32, "node n@0, int x@24"), 0);
}

RC_BUILD(m_typedef_value)
{
	int v = rc_timer_value(r);
	int td = rb_check(btf_add_typedef(r->btf, "val_t", v), "typedef");

	rc_map(r, m, RC_ARRAY, td, RC_F_RDONLY_PROG);
}

RC_BUILD(m_int_value)
{
	rc_map(r, m, RC_ARRAY, r->i32, RC_F_RDONLY_PROG);
}

RC_BUILD(m_value_size_mismatch)
{
	rc_map(r, m, RC_HASH, rc_timer_value(r), 0);
	m->value_size += 8;
}

RC_BUILD(m_hash_no_key_type)
{
	rc_map(r, m, RC_HASH, rc_timer_value(r), 0);
	m->key_type_id = 0;
}

RC_BUILD(m_array_u64_key_type)
{
	rc_map(r, m, RC_ARRAY, rc_timer_value(r), 0);
	m->key_type_id = r->u64;
	m->key_size = 4;
}

RC_BUILD(m_array_struct_value_keyless)
{
	rc_map(r, m, RC_ARRAY, rc_timer_value(r), 0);
	m->key_type_id = 0;
}

RC_BUILD(m_uptr_hash)
{
	int bar = rb_struct(r, "bar", 8, "u64 x@0");

	rc_map(r, m, RC_HASH, rc_kptr_struct(r, "uptr", bar), 0);
}

static inline void rc_task_storage(struct rb *r, struct btf_map_def *m, int value)
{
	rc_map(r, m, RC_TASK_STORAGE, value, RC_F_NO_PREALLOC);
	m->max_entries = 0;
}

RC_BUILD(m_uptr_task_storage)
{
	rc_task_storage(r, m, rc_kptr_struct(r, "uptr", rb_struct(r, "bar", 8, "u64 x@0")));
}

RC_BUILD(m_uptr_empty_struct)
{
	rc_task_storage(r, m, rc_kptr_struct(r, "uptr", rb_struct(r, "bar", 0, NULL)));
}

RC_BUILD(m_uptr_big_struct)
{
	rc_task_storage(r, m, rc_kptr_struct(r, "uptr", rb_struct(r, "bar", 4097, "int x@0")));
}

RC_BUILD(m_uptr_page_struct)
{
	rc_task_storage(r, m, rc_kptr_struct(r, "uptr", rb_struct(r, "bar", 4096, "int x@0")));
}

RC_BUILD(m_uptr_kernel_type)
{
	rc_task_storage(r, m, rc_kptr_struct(r, "uptr", rb_struct(r, "task_struct", 8, "u64 x@0")));
}

RC_BUILD(m_root_in_hash_map_value)
{
	/* a root in a struct value: the struct is also a local object type (lock member) */
	int v = rb_struct(r, "val", 24, "lock l@0, root t@8");

	rb_contains(r, v, 1, "bar:n");
	rb_struct(r, "bar", 40, "u64 k@0, rbnode n@8");
	rc_map(r, m, RC_HASH, v, 0);
}

RC_BUILD(m_root_in_lru_percpu)
{
	int v = rb_struct(r, "val", 24, "lock l@0, root t@8");

	rb_contains(r, v, 1, "bar:n");
	rb_struct(r, "bar", 40, "u64 k@0, rbnode n@8");
	rc_map(r, m, RC_LRU_PERCPU_HASH, v, 0);
}

RC_BUILD(m_global_kptrs)
{
	/* kptr variables in a global section: a 1-entry ARRAY may hold them */
	int bar = rb_struct(r, "bar", 8, "u64 x@0");
	int k = rb_var(r, "gk", rb_tagged_ptr(r, "kptr", bar));
	int ks = rb_var(r, "gks",
			rb_array(r, rb_tagged_ptr(r, "kptr_untrusted", bar),
				 (const uint32_t[]){ 2 }, 1));
	int ds = rb_datasec(r, ".bss.K", 24, 2, (const uint32_t[]){ k, 0, 8, ks, 8, 16 });

	rc_global_map(r, m, ds);
}

RC_BUILD(m_global_uptr)
{
	int bar = rb_struct(r, "bar", 8, "u64 x@0");
	int u = rb_var(r, "gu", rb_tagged_ptr(r, "uptr", bar));

	rc_global_map(r, m, rb_datasec(r, ".bss.U", 8, 1, (const uint32_t[]){ u, 0, 8 }));
}

RC_BUILD(m_global_bad_tag)
{
	/* a bad tag in a global section is a record error: the map is still created */
	int u = rb_var(r, "gp", rb_tagged_ptr(r, "rcu", r->i32));

	rc_global_map(r, m, rb_datasec(r, ".bss.P", 8, 1, (const uint32_t[]){ u, 0, 8 }));
}

RC_BUILD(m_list_head_lru)
{
	/* LRU_HASH may hold roots, but not the lock every root needs */
	int v = rb_struct(r, "val", 24, "lock l@0, head h@8");

	rb_contains(r, v, 1, "bar:n");
	rb_struct(r, "bar", 24, "node n@0");
	rc_map(r, m, RC_LRU_HASH, v, 0);
}

RC_BUILD(m_kptr_percpu_hash)
{
	int bar = rb_struct(r, "bar", 8, "u64 x@0");

	rc_map(r, m, RC_PERCPU_HASH, rc_kptr_struct(r, "percpu_kptr", bar), 0);
}

RC_BUILD(m_wq_percpu_array)
{
	rc_map(r, m, RC_PERCPU_ARRAY, rb_struct(r, "val", 24, "int x@0, wq w@8"), 0);
}

RC_BUILD(m_task_work_lru)
{
	rc_map(r, m, RC_LRU_HASH, rb_struct(r, "val", 16, "int x@0, tw w@8"), 0);
}

RC_BUILD(m_res_lock_percpu_hash)
{
	rc_map(r, m, RC_PERCPU_HASH, rb_struct(r, "val", 8, "rlock l@0, int x@4"), 0);
}

// clang-format off
#define RC(n, load, map) { #n, n, load, map, false, false }
#define RC_DIVERGES(n, load, map) { #n, n, load, map, true, false }
#define RC_WARNS(n, load, map) { #n, n, load, map, false, true }
// clang-format on

static const struct rcase rcases[] = {
	RC(d5_too_many_locks, -E2BIG, 0),
	RC(d5_missing_lock, -EINVAL, 0),
	RC(d5_bad_offset, -EEXIST, 0),
	RC(d5_missing_contains, -EINVAL, 0),
	RC(d5_missing_struct, -ENOENT, 0),
	RC(d5_missing_node, -ENOENT, 0),
	RC(d5_node_incorrect_type, -EINVAL, 0),
	RC(d5_two_nodes_named_b, -EINVAL, 0),
	RC(d5_aa_cycle, -ELOOP, 0),
	RC(d5_aba_cycle, -ELOOP, 0),
	RC(d5_owned_owning_owned, -ELOOP, 0),
	RC(d5_owning_chain_too_deep, -ELOOP, 0),
	RC(d5_two_node_kinds_no_refcount, -EINVAL, 0),
	RC(e4_owning_owned, 0, 0),
	RC(e4_owning_owning_owned, 0, 0),
	RC(e4_two_node_kinds_refcount, 0, 0),
	RC(a2_bitfield_off_byte, -EINVAL, 0),
	RC(a2_bitfield_on_byte, 0, 0),
	RC(a2_misaligned_lock, -EFAULT, 0),
	RC(a2_wrong_size_lock, -EFAULT, 0),
	RC(a2_second_lock_type_not_trigger, 0, 0),
	RC(a2_union_not_searched, 0, 0),
	RC(a2_typedef_lock_ignored, 0, 0),
	RC(a2_typedef_named_like_lock, -E2BIG, 0),
	RC(a2_array_of_locks, -EINVAL, 0),
	RC(a2_array_of_one_lock, -E2BIG, 0),
	RC(a2_array_of_zero_locks, 0, 0),
	RC(a2_array_of_heads, 0, 0),
	RC(a2_array_2d_of_kptrs, 0, 0),
	RC(a2_kptr_array_too_many, -E2BIG, 0),
	RC(a2_eleven_fields, 0, 0),
	RC(a2_nested_root, 0, 0),
	RC(a2_nested_root_lock_outside, -EINVAL, 0),
	RC(a2_nested_array_of_roots, 0, 0),
	RC(a2_nested_array_of_locks, -EINVAL, 0),
	RC_DIVERGES(a2_nested_lock_twice, -E2BIG, 0),
	RC_DIVERGES(a2_two_refcounts, -E2BIG, 0),
	RC(a2_unique_kinds_once_each, 0, 0),
	RC(a2_two_timers, 0, 0),
	RC(a2_res_and_spin_lock, -EINVAL, 0),
	RC_WARNS(a2_spin_then_res_lock, -EINVAL, 0),
	RC(a2_res_lock_protects_root, 0, 0),
	RC(a2_res_lock_only_no_meta, 0, 0),
	RC(k_local_kptr, 0, 0),
	RC(k_untrusted, 0, 0),
	RC(k_percpu, 0, 0),
	RC(k_bad_tag, 0, 0),
	RC(k_two_tags, -EINVAL, 0),
	RC(k_to_int, -EINVAL, 0),
	RC(k_misaligned_bad_tag, 0, 0),
	RC(k_user_tag_in_meta, -EINVAL, 0),
	RC(k_volatile_kptr, 0, 0),
	RC(k_typedef_pointee, 0, 0),
	RC(k_union_pointee, -EINVAL, 0),
	RC(k_uptr_in_meta_ignored, 0, 0),
	RC(k_kernel_with_dtor, 0, 0),
	RC(k_kernel_without_dtor, -ENOENT, 0),
	RC(k_kernel_untrusted_without_dtor, 0, 0),
	RC(k_kernel_test_type, 0, 0),
	RC(k_plain_pointer, 0, 0),
	RC(c_two_tags, -EINVAL, 0),
	RC(c_other_tag_ignored, 0, 0),
	RC(c_tag_on_wrong_member, -EINVAL, 0),
	RC(c_no_colon, -EINVAL, 0),
	RC(c_empty_field, -EINVAL, 0),
	RC(c_missing_type_empty_field, -ENOENT, 0),
	RC(c_field_with_colon, -ENOENT, 0),
	RC(c_anonymous_type, 0, 0),
	RC(c_node_misaligned_value_first, -EFAULT, 0),
	RC(c_node_misaligned_root_first, -EINVAL, 0),
	RC(c_list_head_rb_node, -EINVAL, 0),
	RC(c_rb_root_ok, 0, 0),
	RC(c_node_in_nested_struct, -ENOENT, 0),
	RC(c_value_without_meta, -EFAULT, 0),
	RC(m_global_list, 0, 0),
	RC(m_global_list_bad_node, 0, 0),
	RC(m_global_list_percpu_array, 0, -EOPNOTSUPP),
	RC(m_global_keyless_two_entries, 0, -EINVAL),
	RC(m_global_var_size_mismatch, 0, 0),
	RC(m_global_nested, 0, 0),
	RC(m_global_value_no_meta, 0, -EFAULT),
	RC(m_timer_hash, 0, 0),
	RC(m_timer_percpu_hash, 0, -EOPNOTSUPP),
	RC(m_timer_lru, 0, 0),
	RC(m_timer_rdonly_prog, 0, -EACCES),
	RC(m_timer_wronly_prog, 0, -EACCES),
	RC(m_plain_rdonly_prog, 0, 0),
	RC(m_lock_lru, 0, -EOPNOTSUPP),
	RC(m_lock_percpu_array, 0, -EOPNOTSUPP),
	RC(m_kptr_lru_percpu, 0, 0),
	RC(m_refcount_percpu_array, 0, 0),
	RC(m_nodes_are_plain, 0, 0),
	RC(m_typedef_value, 0, -EACCES),
	RC(m_int_value, 0, 0),
	RC(m_value_size_mismatch, 0, -EINVAL),
	RC(m_hash_no_key_type, 0, -EINVAL),
	RC(m_array_u64_key_type, 0, -EINVAL),
	RC(m_array_struct_value_keyless, 0, -EINVAL),
	RC(m_uptr_hash, 0, -EOPNOTSUPP),
	RC(m_uptr_task_storage, 0, 0),
	RC(m_uptr_empty_struct, 0, -EINVAL),
	RC(m_uptr_big_struct, 0, -E2BIG),
	RC(m_uptr_page_struct, 0, 0),
	RC(m_uptr_kernel_type, 0, -EINVAL),
	RC(m_root_in_hash_map_value, 0, 0),
	RC(m_root_in_lru_percpu, 0, -EOPNOTSUPP),
	RC(m_global_kptrs, 0, 0),
	RC(m_global_uptr, 0, -EOPNOTSUPP),
	RC(m_global_bad_tag, 0, 0),
	RC(m_list_head_lru, 0, -EOPNOTSUPP),
	RC(m_kptr_percpu_hash, 0, 0),
	RC(m_wq_percpu_array, 0, -EOPNOTSUPP),
	RC(m_task_work_lru, 0, 0),
	RC(m_res_lock_percpu_hash, 0, -EOPNOTSUPP),
};

#endif /* __HIVE_TESTS_RECORDS_RCASES_H */
