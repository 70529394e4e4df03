/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/records/rbuild.h: a small language for writing the BTFs of the record tests with
 * bpfhive's BTF builder, shared by the cmocka unit tests and the kernel differential tests.
 *
 *	rb_init(&r);                       int(1) bpf_spin_lock(2) bpf_list_head(3) bpf_list_node(4)
 *	                                   (the numbering of the kernel's linked_list BTF subtests)
 *	                                   then bpf_rb_root bpf_rb_node bpf_refcount bpf_res_spin_lock
 *	                                   bpf_timer bpf_wq bpf_task_work u64 char
 *	foo = rb_struct(&r, "foo", 40, "head a@0, lock b@16, int c@20");
 *	rb_contains(&r, foo, 0, "bar:node");          decl tag contains:bar:node on member 0
 *
 * A member is `TYPE NAME[dims]@OFF[:BITS]`: TYPE is int u64 char lock rlock head node root
 * rbnode ref timer wq tw, or #ID for any type id; OFF is bytes, or .BITS for a bit offset;
 * :BITS makes it a bitfield. Builder failures abort the test (they are test bugs).
 */
#ifndef __HIVE_TESTS_RECORDS_RBUILD_H
#define __HIVE_TESTS_RECORDS_RBUILD_H

#include <ctype.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf.h"
#include "btf/btf_fields.h"
#include "common/err.h"

struct rb {
	struct hive_btf *btf;
	int i32, lock, head, node, root, rbnode, ref, rlock, timer, wq, tw, u64, chr;
};

static inline int rb_check(int id, const char *what)
{
	if (id < 0) {
		fprintf(stderr, "rbuild: %s failed: %d\n", what, id);
		abort();
	}
	return id;
}

/* A struct of @size bytes with one int member: how the special structs look to the kernel
 * (it only checks their name and size). */
static inline int rb_opaque(struct rb *r, const char *name, uint32_t size)
{
	int id = rb_check(btf_add_struct(r->btf, name, size), name);

	if (size >= 4)
		rb_check(btf_add_field(r->btf, "__opaque", r->i32, 0, 0), "field");
	return id;
}

/* The special structs only, no base types (for BTFs that need their own numbering). */
static inline void rb_init_empty(struct rb *r)
{
	memset(r, 0, sizeof(*r));
	r->btf = btf_new_empty(NULL);
	if (IS_ERR_OR_NULL(r->btf))
		abort();
}

static inline void rb_init(struct rb *r)
{
	rb_init_empty(r);
	r->i32 = rb_check(btf_add_int(r->btf, "int", 4, 1), "int");
	r->lock = rb_opaque(r, "bpf_spin_lock", 4);
	r->head = rb_opaque(r, "bpf_list_head", 16);
	r->node = rb_opaque(r, "bpf_list_node", 24);
	r->root = rb_opaque(r, "bpf_rb_root", 16);
	r->rbnode = rb_opaque(r, "bpf_rb_node", 32);
	r->ref = rb_opaque(r, "bpf_refcount", 4);
	r->rlock = rb_opaque(r, "bpf_res_spin_lock", 4);
	r->timer = rb_opaque(r, "bpf_timer", 16);
	r->wq = rb_opaque(r, "bpf_wq", 16);
	r->tw = rb_opaque(r, "bpf_task_work", 8);
	r->u64 = rb_check(btf_add_int(r->btf, "long long unsigned int", 8, 0), "u64");
	r->chr = rb_check(btf_add_int(r->btf, "char", 1, 0), "char");
}

static inline void rb_free(struct rb *r)
{
	btf_free(r->btf);
	r->btf = NULL;
}

static inline int rb_type_word(struct rb *r, const char *w, size_t n)
{
	static const struct {
		const char *w;
		size_t off;
	} words[] = {
		{ "int", offsetof(struct rb, i32) },	   { "u64", offsetof(struct rb, u64) },
		{ "char", offsetof(struct rb, chr) },	   { "lock", offsetof(struct rb, lock) },
		{ "rlock", offsetof(struct rb, rlock) },   { "head", offsetof(struct rb, head) },
		{ "node", offsetof(struct rb, node) },	   { "root", offsetof(struct rb, root) },
		{ "rbnode", offsetof(struct rb, rbnode) }, { "ref", offsetof(struct rb, ref) },
		{ "timer", offsetof(struct rb, timer) },   { "wq", offsetof(struct rb, wq) },
		{ "tw", offsetof(struct rb, tw) },
	};

	if (w[0] == '#')
		return atoi(w + 1);
	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (strlen(words[i].w) == n && !strncmp(w, words[i].w, n))
			return *(int *)((char *)r + words[i].off);
	fprintf(stderr, "rbuild: unknown type word '%.*s'\n", (int)n, w);
	abort();
}

/* Array type of @elem with the given dimensions, outermost first (int a[2][3]: dims 2, 3). */
static inline int rb_array(struct rb *r, int elem, const uint32_t *dims, int ndims)
{
	for (int i = ndims - 1; i >= 0; i--)
		elem = rb_check(btf_add_array(r->btf, r->i32, elem, dims[i]), "array");
	return elem;
}

struct rb_parsed {
	int type;
	uint32_t bits, bitfield;
	char name[64];
};

/* Parse one member `TYPE NAME[dims]@OFF[:BITS]` (creating its array types). */
static inline const char *rb_member(struct rb *r, const char *p, struct rb_parsed *out)
{
	uint32_t dims[40];
	int ndims = 0;
	size_t n;

	while (isspace((unsigned char)*p))
		p++;
	for (n = 0; p[n] && !isspace((unsigned char)p[n]) && p[n] != '['; n++)
		;
	out->type = rb_type_word(r, p, n);
	p += n;
	while (*p == '[' && ndims < 40) {
		dims[ndims++] = (uint32_t)strtoul(p + 1, (char **)&p, 10);
		p++; /* ']' */
	}
	while (isspace((unsigned char)*p))
		p++;
	for (n = 0; p[n] && p[n] != '@' && p[n] != '[' && n < sizeof(out->name) - 1; n++)
		out->name[n] = p[n];
	out->name[n] = 0;
	p += n;
	while (*p == '[' && ndims < 40) { /* C order: NAME[dims] */
		dims[ndims++] = (uint32_t)strtoul(p + 1, (char **)&p, 10);
		p++; /* ']' */
	}
	p++; /* '@' */
	if (*p == '.')
		out->bits = (uint32_t)strtoul(p + 1, (char **)&p, 10);
	else
		out->bits = 8 * (uint32_t)strtoul(p, (char **)&p, 10);
	out->bitfield = 0;
	if (*p == ':')
		out->bitfield = (uint32_t)strtoul(p + 1, (char **)&p, 10);
	if (ndims)
		out->type = rb_array(r, out->type, dims, ndims);
	while (isspace((unsigned char)*p) || *p == ',')
		p++;
	return p;
}

/* Members are parsed (and their array types added) before the composite itself, because the
 * builder adds fields only to the type added last. */
static inline int rb_composite(struct rb *r, bool is_union, const char *name, uint32_t size,
			       const char *members)
{
	struct rb_parsed m[64];

	int n = 0, id;

	while (members && *members && n < 64)
		members = rb_member(r, members, &m[n++]);
	id = rb_check(is_union ? btf_add_union(r->btf, name, size) :
				 btf_add_struct(r->btf, name, size),
		      name);
	for (int i = 0; i < n; i++)
		rb_check(btf_add_field(r->btf, m[i].name, m[i].type, m[i].bits, m[i].bitfield),
			 m[i].name);
	return id;
}

static inline int rb_struct(struct rb *r, const char *name, uint32_t size, const char *members)
{
	return rb_composite(r, false, name, size, members);
}

static inline int rb_union(struct rb *r, const char *name, uint32_t size, const char *members)
{
	return rb_composite(r, true, name, size, members);
}

static inline int rb_tag(struct rb *r, const char *value, int target, int comp)
{
	return rb_check(btf_add_decl_tag(r->btf, value, target, comp), "decl tag");
}

/* The selftests' __contains(TYPE, FIELD) on member @comp of @target (-1: a VAR). */
static inline int rb_contains(struct rb *r, int target, int comp, const char *type_field)
{
	char v[128];

	snprintf(v, sizeof(v), "contains:%s", type_field);
	return rb_tag(r, v, target, comp);
}

/* PTR -> TYPE_TAG(@tag) -> @target: `struct x __kptr *` and friends. */
static inline int rb_tagged_ptr(struct rb *r, const char *tag, int target)
{
	int t = rb_check(btf_add_type_tag(r->btf, tag, target), "type tag");

	return rb_check(btf_add_ptr(r->btf, t), "ptr");
}

static inline int rb_var(struct rb *r, const char *name, int type)
{
	return rb_check(btf_add_var(r->btf, name, BTF_VAR_GLOBAL_ALLOCATED, type), name);
}

/* DATASEC @name of @size bytes with @n (var id, offset, size) triples. */
static inline int rb_datasec(struct rb *r, const char *name, uint32_t size, int n,
			     const uint32_t *vars)
{
	int id = rb_check(btf_add_datasec(r->btf, name, size), name);

	for (int i = 0; i < n; i++)
		rb_check(btf_add_datasec_var_info(r->btf, vars[3 * i], vars[3 * i + 1],
						  vars[3 * i + 2]),
			 "datasec var");
	return id;
}

/*
 * What BPF_BTF_LOAD does, as bpfhive does it: the kernel's BTF rules (btf_validate_kernel()),
 * then the struct metas. Returns 0 or -errno; *metas (if given) receives the table on success.
 */
static inline int rb_load(struct rb *r, const struct hive_btf *kbtf,
			  struct btf_struct_metas **metas, char *err, size_t err_sz)
{
	struct btf_fields_ctx ctx = { .kernel_btf = kbtf, .errbuf = err, .errbuf_sz = err_sz };
	struct btf_struct_metas *tab;
	int ret;

	if (err && err_sz)
		err[0] = 0;
	ret = btf_validate_kernel(r->btf, err, err_sz);
	if (ret)
		return ret;
	tab = btf_parse_struct_metas(r->btf, &ctx);
	if (IS_ERR(tab))
		return (int)PTR_ERR(tab);
	if (metas)
		*metas = tab;
	else
		btf_struct_metas_free(tab);
	return 0;
}

#endif /* __HIVE_TESTS_RECORDS_RBUILD_H */
