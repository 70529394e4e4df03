// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/cases_btf.c: spec D.5 (13 program BTFs BPF_BTF_LOAD must refuse) and E.4 (3 it
 * must accept), built with bpfhive's own BTF builder (src/btf). The kernel prints nothing for
 * these (struct-meta parsing happens after the BTF itself was checked): the errno is the
 * answer. Our type names differ from the selftests'; the shapes are the spec's.
 *
 * Every builder starts from the same base types (ids in order): int (1), bpf_spin_lock (2,
 * 4 bytes), bpf_list_head (3, 16), bpf_list_node (4, 24), bpf_rb_node (5, 32),
 * bpf_refcount (6, 4); offsets below are bytes.
 */
#include <errno.h>
#include <stddef.h>

#include "btf/btf.h"
#include "cases.h"

enum { T_INT = 1, T_LOCK, T_HEAD, T_NODE, T_RBNODE, T_REFCOUNT };

struct member {
	const char *name;
	int type;
	unsigned int off; /* bytes */
};

static int base(struct hive_btf *btf)
{
	int err = 0;

	err = err ?: btf_add_int(btf, "int", 4, 1) == T_INT ? 0 : -EINVAL;
	err = err ?: btf_add_struct(btf, "bpf_spin_lock", 4) == T_LOCK ? 0 : -EINVAL;
	err = err ?: btf_add_struct(btf, "bpf_list_head", 16) == T_HEAD ? 0 : -EINVAL;
	err = err ?: btf_add_struct(btf, "bpf_list_node", 24) == T_NODE ? 0 : -EINVAL;
	err = err ?: btf_add_struct(btf, "bpf_rb_node", 32) == T_RBNODE ? 0 : -EINVAL;
	err = err ?: btf_add_struct(btf, "bpf_refcount", 4) == T_REFCOUNT ? 0 : -EINVAL;
	return err;
}

/* A struct with @n members; returns its id or -errno. */
static int add_struct(struct hive_btf *btf, const char *name, unsigned int size,
		      const struct member *m, int n)
{
	int id = btf_add_struct(btf, name, size), i, err;

	for (i = 0; id > 0 && i < n; i++) {
		err = btf_add_field(btf, m[i].name, (uint32_t)m[i].type, m[i].off * 8, 0);
		if (err < 0)
			return err;
	}
	return id;
}

/* "contains:TYPE:FIELD" on member @idx of struct @id. */
static int contains(struct hive_btf *btf, int id, int idx, const char *value)
{
	int err = btf_add_decl_tag(btf, value, (uint32_t)id, idx);

	return err < 0 ? err : 0;
}

#define STRUCT(btf, name, size, ...)                                                \
	({                                                                          \
		const struct member m_[] = { __VA_ARGS__ };                         \
		add_struct(btf, name, size, m_, (int)(sizeof(m_) / sizeof(m_[0]))); \
	})

/* ---- D.5 ---- */

static int too_many_locks(struct hive_btf *btf)
{
	int id = STRUCT(btf, "two_locks", 24, { "a", T_LOCK, 0 }, { "b", T_LOCK, 4 },
			{ "c", T_HEAD, 8 });

	return id < 0 ? id : 0;
}

static int missing_lock(struct hive_btf *btf)
{
	int id = STRUCT(btf, "lockless", 16, { "a", T_HEAD, 0 });

	if (id < 0 || STRUCT(btf, "elem", 24, { "a", T_NODE, 0 }) < 0)
		return -EINVAL;
	return contains(btf, id, 0, "contains:elem:a");
}

static int bad_offset(struct hive_btf *btf)
{
	int id = STRUCT(btf, "stacked", 36, { "a", T_HEAD, 0 }, { "b", T_NODE, 0 },
			{ "c", T_LOCK, 0 });

	return id < 0 ? id : contains(btf, id, 0, "contains:stacked:b");
}

static int missing_contains(struct hive_btf *btf)
{
	int id = STRUCT(btf, "untagged", 24, { "a", T_LOCK, 0 }, { "b", T_HEAD, 8 });

	return id < 0 ? id : 0;
}

static int missing_struct(struct hive_btf *btf)
{
	int id = STRUCT(btf, "holder", 24, { "a", T_LOCK, 0 }, { "b", T_HEAD, 8 });

	return id < 0 ? id : contains(btf, id, 1, "contains:nowhere:b");
}

static int missing_node(struct hive_btf *btf)
{
	int id = STRUCT(btf, "holder", 24, { "a", T_LOCK, 0 }, { "b", T_HEAD, 8 });

	return id < 0 ? id : contains(btf, id, 1, "contains:holder:c");
}

static int node_incorrect_type(struct hive_btf *btf)
{
	int id = STRUCT(btf, "holder", 20, { "a", T_HEAD, 0 }, { "b", T_LOCK, 16 });

	if (id < 0 || STRUCT(btf, "impostor", 4, { "a", T_LOCK, 0 }) < 0)
		return -EINVAL;
	return contains(btf, id, 0, "contains:impostor:a");
}

/* Two members named b (not overlapping: the name alone is what is wrong). */
static int two_nodes_same_name(struct hive_btf *btf)
{
	int id = STRUCT(btf, "twins", 72, { "a", T_HEAD, 0 }, { "b", T_NODE, 16 },
			{ "b", T_NODE, 40 }, { "d", T_LOCK, 64 });

	return id < 0 ? id : contains(btf, id, 0, "contains:twins:b");
}

/* head@0, node@16, lock@40: can own and be owned. */
static int owner_owned(struct hive_btf *btf, const char *name)
{
	return STRUCT(btf, name, 44, { "a", T_HEAD, 0 }, { "b", T_NODE, 16 }, { "c", T_LOCK, 40 });
}

static int cycle_aa(struct hive_btf *btf)
{
	int id = owner_owned(btf, "ouroboros");

	return id < 0 ? id : contains(btf, id, 0, "contains:ouroboros:b");
}

static int cycle_aba(struct hive_btf *btf)
{
	int a = owner_owned(btf, "ping"), b = owner_owned(btf, "pong");

	if (a < 0 || b < 0)
		return -EINVAL;
	return contains(btf, a, 0, "contains:pong:b") ?: contains(btf, b, 0, "contains:ping:b");
}

/* owner|owned -> owner|owned -> owned */
static int chain_two_middles(struct hive_btf *btf)
{
	int a = owner_owned(btf, "top"), b = owner_owned(btf, "mid");

	if (a < 0 || b < 0 || STRUCT(btf, "leaf", 24, { "b", T_NODE, 0 }) < 0)
		return -EINVAL;
	return contains(btf, a, 0, "contains:mid:b") ?: contains(btf, b, 0, "contains:leaf:b");
}

/* owner -> owner|owned -> owner|owned -> owned */
static int chain_root_two_middles(struct hive_btf *btf)
{
	int r = STRUCT(btf, "root_only", 20, { "a", T_HEAD, 0 }, { "b", T_LOCK, 16 });
	int a = owner_owned(btf, "mid1"), b = owner_owned(btf, "mid2");

	if (r < 0 || a < 0 || b < 0 || STRUCT(btf, "leaf", 24, { "b", T_NODE, 0 }) < 0)
		return -EINVAL;
	return contains(btf, r, 0, "contains:mid1:b")	      ?:
		       contains(btf, a, 0, "contains:mid2:b") ?:
		       contains(btf, b, 0, "contains:leaf:b");
}

static int both_nodes(struct hive_btf *btf, bool refcount)
{
	int r = STRUCT(btf, "list_owner", 20, { "a", T_HEAD, 0 }, { "b", T_LOCK, 16 });
	int e = refcount ? STRUCT(btf, "dual", 64, { "a", T_NODE, 0 }, { "c", T_RBNODE, 24 },
				  { "ref", T_REFCOUNT, 56 }) :
			   STRUCT(btf, "dual", 56, { "a", T_NODE, 0 }, { "c", T_RBNODE, 24 });

	if (r < 0 || e < 0)
		return -EINVAL;
	return contains(btf, r, 0, "contains:dual:a");
}

static int both_nodes_no_refcount(struct hive_btf *btf)
{
	return both_nodes(btf, false);
}

/* ---- E.4 ---- */

static int owner_to_owned(struct hive_btf *btf)
{
	int r = STRUCT(btf, "list_owner", 28, { "a", T_HEAD, 0 }, { "b", T_LOCK, 24 });

	if (r < 0 || STRUCT(btf, "elem", 24, { "a", T_NODE, 0 }) < 0)
		return -EINVAL;
	return contains(btf, r, 0, "contains:elem:a");
}

/* owner -> owner|owned -> owned */
static int chain_one_middle(struct hive_btf *btf)
{
	int r = STRUCT(btf, "root_only", 20, { "a", T_HEAD, 0 }, { "b", T_LOCK, 16 });
	int m = owner_owned(btf, "mid");

	if (r < 0 || m < 0 || STRUCT(btf, "leaf", 24, { "a", T_NODE, 0 }) < 0)
		return -EINVAL;
	return contains(btf, r, 0, "contains:mid:b") ?: contains(btf, m, 0, "contains:leaf:a");
}

static int both_nodes_refcounted(struct hive_btf *btf)
{
	return both_nodes(btf, true);
}

#define BTF_CASE(sec, nm, fn, e)                                                  \
	{                                                                         \
		.name = nm, .section = sec, .kind = GC_BTF, .build = fn, .err = e \
	}

/* The builders get a BTF that already holds the base types. */
#define WITH_BASE(fn)                           \
	static int fn##_b(struct hive_btf *btf) \
	{                                       \
		return base(btf) ?: fn(btf);    \
	}

WITH_BASE(too_many_locks)
WITH_BASE(missing_lock)
WITH_BASE(bad_offset)
WITH_BASE(missing_contains)
WITH_BASE(missing_struct)
WITH_BASE(missing_node)
WITH_BASE(node_incorrect_type)
WITH_BASE(two_nodes_same_name)
WITH_BASE(cycle_aa)
WITH_BASE(cycle_aba)
WITH_BASE(chain_two_middles)
WITH_BASE(chain_root_two_middles)
WITH_BASE(both_nodes_no_refcount)
WITH_BASE(owner_to_owned)
WITH_BASE(chain_one_middle)
WITH_BASE(both_nodes_refcounted)

const struct gc_case gc_btf_cases[] = {
	BTF_CASE("D.5", "d5.too_many_locks", too_many_locks_b, -E2BIG),
	BTF_CASE("D.5", "d5.missing_lock", missing_lock_b, -EINVAL),
	BTF_CASE("D.5", "d5.bad_offset", bad_offset_b, -EEXIST),
	BTF_CASE("D.5", "d5.missing_contains", missing_contains_b, -EINVAL),
	BTF_CASE("D.5", "d5.missing_struct", missing_struct_b, -ENOENT),
	BTF_CASE("D.5", "d5.missing_node", missing_node_b, -ENOENT),
	BTF_CASE("D.5", "d5.node_incorrect_type", node_incorrect_type_b, -EINVAL),
	BTF_CASE("D.5", "d5.two_nodes_same_name", two_nodes_same_name_b, -EINVAL),
	BTF_CASE("D.5", "d5.cycle_aa", cycle_aa_b, -ELOOP),
	BTF_CASE("D.5", "d5.cycle_aba", cycle_aba_b, -ELOOP),
	BTF_CASE("D.5", "d5.chain_two_middles", chain_two_middles_b, -ELOOP),
	BTF_CASE("D.5", "d5.chain_root_two_middles", chain_root_two_middles_b, -ELOOP),
	BTF_CASE("D.5", "d5.both_nodes_no_refcount", both_nodes_no_refcount_b, -EINVAL),
	BTF_CASE("E.4", "e4.owner_to_owned", owner_to_owned_b, 0),
	BTF_CASE("E.4", "e4.chain_one_middle", chain_one_middle_b, 0),
	BTF_CASE("E.4", "e4.both_nodes_refcounted", both_nodes_refcounted_b, 0),
	{ .name = NULL },
};
