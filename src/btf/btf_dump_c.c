// SPDX-License-Identifier: BSD-2-Clause
/*
 * btf/btf_dump_c.c: BTF to C, the vmlinux.h writer (spec G).
 *
 * C needs every type defined before it is used by value, and allows a forward declaration
 * where it is only used through a pointer. Dumping a type therefore has two passes:
 *
 * 1. ordering (order_type): a depth-first walk that queues named definitions after what they
 *    need. It returns whether the link from the parent is "strong" (a full definition is
 *    needed) or "weak" (a pointer to a named struct/union/typedef: a forward declaration does).
 *    A struct being ordered that is reached again by value is a cycle C cannot express.
 * 2. emission (emit_type): walks the queue; a struct first emits what its members need
 *    (forward declarations for named composites not yet defined), then its body. Anonymous
 *    structs, unions and enums are printed inline where they are used.
 *
 * Names: struct/union/enum tags live in one namespace, typedefs and enumerators in another;
 * the k-th definition of a name gets `___k` (k >= 2) in emission order (G.3).
 *
 * Declarators (emit_decl): the chain from the declared type to its base type is pushed on a
 * stack and printed inside out, so `int *(*fn)(void)` and `char (*p)[8]` come out right.
 *
 * The order, names and padding reproduce libbpf's btf_dump (what bpftool prints), so our output
 * can be diffed against bpftool's. Recursion is bounded: malformed BTF (cycles through arrays,
 * typedefs or pointers) gives -ELOOP with the type id, never a stack overflow.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf_cdump.h"
#include "btf/btf_dump.h"
#include "btf/btf_internal.h"
#include "common/err.h"
#include "common/mem.h"

#define MAX_NESTING 600 /* recursion depth of the walks */
#define MAX_DECL_CHAIN 4096 /* ids in one declarator chain */
#define MAX_INDENT 13 /* libbpf's pfx(): deeper levels print 13 tabs */

enum { NOT_ORDERED, ORDERING, ORDERED };
enum { NOT_EMITTED, EMITTING, EMITTED };

struct type_state {
	uint8_t order : 2;
	uint8_t emit : 2;
	uint8_t fwd_emitted : 1;
	uint8_t name_resolved : 1;
	uint8_t referenced : 1;
	uint8_t renamed : 1; /* name in cdump.renames */
};

/* name -> how many definitions used it; keys point into BTF strings (stable) */
struct name_ent {
	const char *key;
	uint32_t hash;
	uint32_t count;
};

struct name_tab {
	struct name_ent *v;
	uint32_t cap; /* power of two */
	uint32_t cnt;
};

struct rename {
	uint32_t id;
	char *name;
};

struct btf_cdump {
	const struct hive_btf *btf;
	struct btf_out *out;
	int ptr_sz;
	uint32_t nr; /* type_cnt when created */
	struct type_state *st;
	uint8_t *align_memo; /* composite alignments, 0 = not computed */
	struct name_tab type_names;
	struct name_tab ident_names;
	struct rename *renames;
	size_t nr_renames, renames_cap;
	uint32_t *queue;
	size_t queue_cnt, queue_cap;
	uint32_t *decl_stack;
	size_t decl_cnt, decl_cap;
	int depth;
	int err;
	size_t max_out; /* bytes: inline anonymous types can make the text exponential */
	uint64_t work, max_work; /* steps of the walks, bounded for the same reason */
	bool strip_mods;
	bool compat_71; /* bpftool 7.1: no enum mode attributes, no union padding */
	char *errbuf;
	size_t errbuf_sz;
};

__attribute__((format(printf, 3, 4))) static void fail(struct btf_cdump *d, int err,
						       const char *fmt, ...)
{
	va_list ap;

	if (d->err)
		return;
	d->err = err;
	if (d->errbuf && d->errbuf_sz) {
		va_start(ap, fmt);
		vsnprintf(d->errbuf, d->errbuf_sz, fmt, ap);
		va_end(ap);
	}
}

static bool enter(struct btf_cdump *d, uint32_t id)
{
	if (d->err)
		return false;
	if (d->out->err) {
		d->err = d->out->err;
		return false;
	}
	if (++d->work > d->max_work) {
		fail(d, -E2BIG, "type [%u]: too many nested anonymous types to print", id);
		return false;
	}
	if (d->out->total + d->out->len > d->max_out) {
		fail(d, -E2BIG,
		     "type [%u]: the C text would exceed %zu MiB (anonymous types nest too much)",
		     id, d->max_out >> 20);
		return false;
	}
	if (++d->depth > MAX_NESTING) {
		fail(d, -ELOOP, "type [%u]: types nest too deeply or form a cycle", id);
		return false;
	}
	return true;
}

static void leave(struct btf_cdump *d)
{
	d->depth--;
}

static inline const struct btf_type *type(const struct btf_cdump *d, uint32_t id)
{
	return btf_type_by_id(d->btf, id);
}

static inline const char *str(const struct btf_cdump *d, uint32_t off)
{
	return btf_name(d->btf, off);
}

static inline void out(struct btf_cdump *d, const char *s)
{
	btf_out_str(d->out, s);
}

static void pfx(struct btf_cdump *d, int lvl)
{
	btf_out_indent(d->out, lvl > MAX_INDENT ? MAX_INDENT : lvl);
}

/* ---- names ---- */

static uint32_t hash_str(const char *s)
{
	uint32_t h = 2166136261u;

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 16777619u;
	return h;
}

static int tab_grow(struct name_tab *t)
{
	uint32_t cap = t->cap ? t->cap * 2 : 1024;
	struct name_ent *v = calloc(cap, sizeof(*v));

	if (!v)
		return -ENOMEM;
	for (uint32_t i = 0; i < t->cap; i++) {
		uint32_t slot;

		if (!t->v[i].key)
			continue;
		for (slot = t->v[i].hash & (cap - 1); v[slot].key; slot = (slot + 1) & (cap - 1))
			;
		v[slot] = t->v[i];
	}
	free(t->v);
	t->v = v;
	t->cap = cap;
	return 0;
}

/* Count one more use of @name; returns the new count (libbpf's btf_dump_name_dups()). */
static uint32_t name_dups(struct btf_cdump *d, struct name_tab *t, const char *name)
{
	uint32_t h = hash_str(name), slot;

	if ((t->cnt + 1) * 2 > t->cap && tab_grow(t)) {
		fail(d, -ENOMEM, "out of memory");
		return 1;
	}
	for (slot = h & (t->cap - 1); t->v[slot].key; slot = (slot + 1) & (t->cap - 1))
		if (t->v[slot].hash == h && !strcmp(t->v[slot].key, name))
			return ++t->v[slot].count;
	t->v[slot] = (struct name_ent){ name, h, 1 };
	t->cnt++;
	return 1;
}

static const char *renamed(const struct btf_cdump *d, uint32_t id)
{
	/* renames are appended in resolution order, ids unordered: linear but rare (~1%) */
	for (size_t i = d->nr_renames; i-- > 0;)
		if (d->renames[i].id == id)
			return d->renames[i].name;
	return NULL;
}

static const char *resolve_name(struct btf_cdump *d, uint32_t id, struct name_tab *tab)
{
	struct type_state *s = &d->st[id];
	const struct btf_type *t = type(d, id);
	const char *orig = str(d, t->name_off);
	uint32_t dups;
	char *name;

	if (!t->name_off)
		return "";
	if (s->name_resolved)
		return s->renamed ? renamed(d, id) : orig;
	s->name_resolved = 1;
	if (btf_is_fwd(t) || (btf_is_enum(t) && !btf_vlen(t)))
		return orig;
	dups = name_dups(d, tab, orig);
	if (dups <= 1)
		return orig;
	if (hive_ensure_mem((void **)&d->renames, &d->renames_cap, sizeof(*d->renames),
			    d->nr_renames + 1) ||
	    asprintf(&name, "%s___%u", orig, dups) < 0) {
		fail(d, -ENOMEM, "out of memory");
		return orig;
	}
	d->renames[d->nr_renames++] = (struct rename){ id, name };
	s->renamed = 1;
	return name;
}

static const char *type_name(struct btf_cdump *d, uint32_t id)
{
	return resolve_name(d, id, &d->type_names);
}

static const char *ident_name(struct btf_cdump *d, uint32_t id)
{
	return resolve_name(d, id, &d->ident_names);
}

/* ---- layout ---- */

static int align_of(struct btf_cdump *d, uint32_t id);

#define ALIGN_BUSY 0xff /* being computed: a struct that contains itself */
#define ALIGN_BAD 0xfe /* no alignment (a member of a kind without one) */

static int composite_align(struct btf_cdump *d, uint32_t id, const struct btf_type *t)
{
	int max_align = 1;

	if (d->align_memo[id] == ALIGN_BUSY || d->align_memo[id] == ALIGN_BAD)
		return 0;
	if (d->align_memo[id])
		return d->align_memo[id];
	if (!enter(d, id))
		return 1;
	d->align_memo[id] = ALIGN_BUSY;
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = btf_members(t) + i;
		int align = align_of(d, m->type);

		if (align <= 0) {
			max_align = 0;
			break;
		}
		max_align = hive_max(max_align, align);
		if (!btf_member_bitfield_size(t, i) && m->offset % (8 * align)) {
			max_align = 1;
			break;
		}
	}
	if (max_align > 1 && t->size % max_align)
		max_align = 1;
	leave(d);
	d->align_memo[id] = max_align > 0 ? max_align : ALIGN_BAD;
	return max_align;
}

/* btf_align_of() with memoised struct/union results and the dump's recursion guard. */
static int align_of(struct btf_cdump *d, uint32_t id)
{
	const struct btf_type *t = type(d, id);

	for (int depth = 0; depth < BTF_MAX_RESOLVE_DEPTH * 4; depth++) {
		switch (btf_kind(t)) {
		case BTF_KIND_INT:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
		case BTF_KIND_FLOAT:
			return hive_min((uint32_t)d->ptr_sz, t->size);
		case BTF_KIND_PTR:
			return d->ptr_sz;
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			id = t->type;
			break;
		case BTF_KIND_ARRAY:
			id = btf_array(t)->type;
			break;
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			return composite_align(d, id, t);
		default:
			return 0;
		}
		t = type(d, id);
	}
	return 0;
}

static bool is_struct_packed(struct btf_cdump *d, const struct btf_type *t)
{
	int max_align = 1;

	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = btf_members(t) + i;
		int align = align_of(d, m->type);

		if (align && !btf_member_bitfield_size(t, i) && m->offset % (8 * align))
			return true;
		max_align = hive_max(max_align, align);
	}
	return t->size % max_align != 0;
}

/* ---- ordering ---- */

static void mark_referenced(struct btf_cdump *d)
{
	for (uint32_t id = 1; id < d->nr; id++) {
		const struct btf_type *t = type(d, id);
		uint16_t vlen = btf_vlen(t);

		switch (btf_kind(t)) {
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_PTR:
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_FUNC:
		case BTF_KIND_VAR:
		case BTF_KIND_DECL_TAG:
		case BTF_KIND_TYPE_TAG:
			d->st[t->type].referenced = 1;
			break;
		case BTF_KIND_ARRAY:
			d->st[btf_array(t)->index_type].referenced = 1;
			d->st[btf_array(t)->type].referenced = 1;
			break;
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			for (uint32_t i = 0; i < vlen; i++)
				d->st[btf_members(t)[i].type].referenced = 1;
			break;
		case BTF_KIND_FUNC_PROTO:
			/* only parameters: libbpf does not count return types */
			for (uint32_t i = 0; i < vlen; i++)
				d->st[btf_params(t)[i].type].referenced = 1;
			break;
		case BTF_KIND_DATASEC:
			for (uint32_t i = 0; i < vlen; i++)
				d->st[btf_var_secinfos(t)[i].type].referenced = 1;
			break;
		default:
			break;
		}
	}
}

static int queue_add(struct btf_cdump *d, uint32_t id)
{
	if (hive_ensure_mem((void **)&d->queue, &d->queue_cap, sizeof(*d->queue),
			    d->queue_cnt + 1)) {
		fail(d, -ENOMEM, "out of memory");
		return -ENOMEM;
	}
	d->queue[d->queue_cnt++] = id;
	return 0;
}

static int order_type(struct btf_cdump *d, uint32_t id, bool through_ptr);

static int order_composite(struct btf_cdump *d, uint32_t id, const struct btf_type *t,
			   bool through_ptr)
{
	/* named and only pointed to: a forward declaration will do */
	if (through_ptr && t->name_off)
		return 0;
	d->st[id].order = ORDERING;
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		int err = order_type(d, btf_members(t)[i].type, false);

		if (err < 0)
			return err;
	}
	if (t->name_off && queue_add(d, id))
		return -ENOMEM;
	d->st[id].order = ORDERED;
	return 1;
}

static int order_proto(struct btf_cdump *d, const struct btf_type *t, bool through_ptr)
{
	int err = order_type(d, t->type, through_ptr);
	bool strong;

	if (err < 0)
		return err;
	strong = err > 0;
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		err = order_type(d, btf_params(t)[i].type, through_ptr);
		if (err < 0)
			return err;
		strong = strong || err > 0;
	}
	return strong;
}

static int order_kind(struct btf_cdump *d, uint32_t id, const struct btf_type *t, bool through_ptr)
{
	int err;

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_FLOAT:
		d->st[id].order = ORDERED;
		return 0;
	case BTF_KIND_PTR:
		err = order_type(d, t->type, true);
		d->st[id].order = ORDERED;
		return err;
	case BTF_KIND_ARRAY:
		return order_type(d, btf_array(t)->type, false);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		return order_composite(d, id, t, through_ptr);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_FWD:
		/* named, or a top-level anonymous enum nothing refers to */
		if ((t->name_off || !d->st[id].referenced) && queue_add(d, id))
			return -ENOMEM;
		d->st[id].order = ORDERED;
		return 1;
	case BTF_KIND_TYPEDEF:
		err = order_type(d, t->type, through_ptr);
		if (err < 0)
			return err;
		if (through_ptr && !err)
			return 0;
		if (queue_add(d, id))
			return -ENOMEM;
		d->st[id].order = ORDERED;
		return 1;
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return order_type(d, t->type, through_ptr);
	case BTF_KIND_FUNC_PROTO:
		return order_proto(d, t, through_ptr);
	case BTF_KIND_FUNC:
	case BTF_KIND_VAR:
	case BTF_KIND_DATASEC:
	case BTF_KIND_DECL_TAG:
		d->st[id].order = ORDERED;
		return 0;
	default:
		fail(d, -EINVAL, "type [%u]: unexpected kind %u", id, btf_kind(t));
		return -EINVAL;
	}
}

static int order_type(struct btf_cdump *d, uint32_t id, bool through_ptr)
{
	const struct btf_type *t;
	int ret;

	if (d->st[id].order == ORDERED)
		return 1;
	t = type(d, id);
	if (d->st[id].order == ORDERING) {
		/* a loop that a forward declaration breaks */
		if (btf_is_composite(t) && through_ptr && t->name_off)
			return 0;
		fail(d, -ELOOP, "type [%u] %s '%s': unsatisfiable type cycle", id,
		     btf_kind_str(btf_kind(t)), str(d, t->name_off));
		return -ELOOP;
	}
	if (!enter(d, id))
		return d->err;
	ret = order_kind(d, id, t, through_ptr);
	leave(d);
	return d->err ? d->err : ret;
}

/* ---- declarations ---- */

static void emit_decl(struct btf_cdump *d, uint32_t id, const char *fname, int lvl);
static void emit_struct_def(struct btf_cdump *d, uint32_t id, const struct btf_type *t, int lvl);
static void emit_enum_def(struct btf_cdump *d, uint32_t id, const struct btf_type *t, int lvl);

static void emit_struct_fwd(struct btf_cdump *d, uint32_t id, const struct btf_type *t)
{
	out(d, btf_is_struct(t) ? "struct" : "union");
	if (t->name_off)
		btf_out_char(d->out, ' ');
	out(d, type_name(d, id));
}

static void emit_fwd_def(struct btf_cdump *d, uint32_t id, const struct btf_type *t)
{
	out(d, btf_kflag(t) ? "union " : "struct ");
	out(d, type_name(d, id));
}

static void emit_typedef_def(struct btf_cdump *d, uint32_t id, const struct btf_type *t, int lvl)
{
	const char *name = ident_name(d, id);

	if (t->type == 0 && !strcmp(name, "__gnuc_va_list")) {
		out(d, "typedef __builtin_va_list __gnuc_va_list");
		return;
	}
	out(d, "typedef ");
	emit_decl(d, t->type, name, lvl);
}

/* const/volatile/restrict directly on top of the stack, printed before a base type */
static void emit_mods(struct btf_cdump *d, uint32_t *ids, size_t *cnt)
{
	while (*cnt) {
		switch (btf_kind(type(d, ids[*cnt - 1]))) {
		case BTF_KIND_VOLATILE:
			out(d, "volatile ");
			break;
		case BTF_KIND_CONST:
			out(d, "const ");
			break;
		case BTF_KIND_RESTRICT:
			out(d, "restrict ");
			break;
		default:
			return;
		}
		(*cnt)--;
	}
}

static void drop_mods(struct btf_cdump *d, uint32_t *ids, size_t *cnt)
{
	while (*cnt && btf_is_mod(type(d, ids[*cnt - 1])))
		(*cnt)--;
}

static void emit_name(struct btf_cdump *d, const char *name, bool last_was_ptr)
{
	if (name[0] && !last_was_ptr)
		btf_out_char(d->out, ' ');
	out(d, name);
}

static void emit_chain(struct btf_cdump *d, uint32_t *ids, size_t *cnt, const char *fname, int lvl);

static void emit_array(struct btf_cdump *d, const struct btf_type *t, uint32_t *ids, size_t *cnt,
		       const char *fname, int lvl, bool last_was_ptr)
{
	bool multidim;

	/* GCC puts const/volatile on the array type; C wants them on the element */
	drop_mods(d, ids, cnt);
	if (!*cnt) {
		emit_name(d, fname, last_was_ptr);
	} else {
		multidim = btf_is_array(type(d, ids[*cnt - 1]));
		if (fname[0] && !last_was_ptr)
			btf_out_char(d->out, ' ');
		if (!multidim)
			btf_out_char(d->out, '(');
		emit_chain(d, ids, cnt, fname, lvl);
		if (!multidim)
			btf_out_char(d->out, ')');
	}
	btf_out_char(d->out, '[');
	btf_out_u32(d->out, btf_array(t)->nelems);
	btf_out_char(d->out, ']');
}

static void emit_proto(struct btf_cdump *d, const struct btf_type *t, uint32_t *ids, size_t *cnt,
		       const char *fname, int lvl, bool last_was_ptr)
{
	uint16_t vlen = btf_vlen(t);

	drop_mods(d, ids, cnt);
	if (*cnt) {
		out(d, " (");
		emit_chain(d, ids, cnt, fname, lvl);
		btf_out_char(d->out, ')');
	} else {
		emit_name(d, fname, last_was_ptr);
	}
	/* no parameters, or clang's single void one: "(void)" */
	if (vlen == 0 || (vlen == 1 && btf_params(t)[0].type == 0)) {
		out(d, "(void)");
		return;
	}
	btf_out_char(d->out, '(');
	for (uint32_t i = 0; i < vlen && !d->err; i++) {
		const struct btf_param *p = btf_params(t) + i;

		if (i > 0)
			out(d, ", ");
		if (i == vlen - 1u && p->type == 0) {
			out(d, "...");
			break;
		}
		emit_decl(d, p->type, str(d, p->name_off), lvl);
	}
	btf_out_char(d->out, ')');
}

static void emit_type_tag(struct btf_cdump *d, const struct btf_type *t)
{
	out(d, btf_kflag(t) ? " __attribute__((" : " __attribute__((btf_type_tag(\"");
	out(d, str(d, t->name_off));
	out(d, btf_kflag(t) ? "))" : "\")))");
}

/* Pop the chain and print it: base type first, then pointers/qualifiers, then the name. */
static void emit_chain(struct btf_cdump *d, uint32_t *ids, size_t *cnt, const char *fname, int lvl)
{
	bool last_was_ptr = true;

	while (*cnt && !d->err) {
		uint32_t id = ids[--*cnt];
		const struct btf_type *t = type(d, id);
		int kind = id ? btf_kind(t) : BTF_KIND_UNKN;

		switch (kind) {
		case BTF_KIND_UNKN: /* void */
			emit_mods(d, ids, cnt);
			out(d, "void");
			break;
		case BTF_KIND_INT:
		case BTF_KIND_FLOAT:
			emit_mods(d, ids, cnt);
			out(d, str(d, t->name_off));
			break;
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
			emit_mods(d, ids, cnt);
			if (!t->name_off)
				emit_struct_def(d, id, t, lvl);
			else
				emit_struct_fwd(d, id, t);
			break;
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
			emit_mods(d, ids, cnt);
			if (!t->name_off) {
				emit_enum_def(d, id, t, lvl);
			} else {
				out(d, "enum ");
				out(d, type_name(d, id));
			}
			break;
		case BTF_KIND_FWD:
			emit_mods(d, ids, cnt);
			emit_fwd_def(d, id, t);
			break;
		case BTF_KIND_TYPEDEF:
			emit_mods(d, ids, cnt);
			out(d, ident_name(d, id));
			break;
		case BTF_KIND_PTR:
			out(d, last_was_ptr ? "*" : " *");
			break;
		case BTF_KIND_VOLATILE:
			out(d, " volatile");
			break;
		case BTF_KIND_CONST:
			out(d, " const");
			break;
		case BTF_KIND_RESTRICT:
			out(d, " restrict");
			break;
		case BTF_KIND_TYPE_TAG:
			emit_mods(d, ids, cnt);
			emit_type_tag(d, t);
			break;
		case BTF_KIND_ARRAY:
			emit_array(d, t, ids, cnt, fname, lvl, last_was_ptr);
			return;
		case BTF_KIND_FUNC_PROTO:
			emit_proto(d, t, ids, cnt, fname, lvl, last_was_ptr);
			return;
		default:
			fail(d, -EINVAL, "type [%u] %s: cannot appear in a C declaration", id,
			     btf_kind_str(kind));
			return;
		}
		last_was_ptr = kind == BTF_KIND_PTR;
	}
	emit_name(d, fname, last_was_ptr);
}

static bool push_decl(struct btf_cdump *d, uint32_t id, size_t start)
{
	if (d->decl_cnt - start >= MAX_DECL_CHAIN) {
		fail(d, -ELOOP, "type [%u]: declarator chain too long or cyclic", id);
		return false;
	}
	if (hive_ensure_mem((void **)&d->decl_stack, &d->decl_cap, sizeof(uint32_t),
			    d->decl_cnt + 1)) {
		fail(d, -ENOMEM, "out of memory");
		return false;
	}
	d->decl_stack[d->decl_cnt++] = id;
	return true;
}

/* Print "type fname" for type @id, e.g. "const char *name" or "int (*cb)(void *)". */
static void emit_decl(struct btf_cdump *d, uint32_t id, const char *fname, int lvl)
{
	size_t start = d->decl_cnt, cnt;

	if (!enter(d, id))
		return;
	for (;;) {
		const struct btf_type *t = type(d, id);

		if (!(d->strip_mods && id && btf_is_mod(t)) && !push_decl(d, id, start))
			break;
		if (id == 0)
			break;
		if (btf_is_ptr(t) || btf_is_mod(t) || btf_is_func_proto(t))
			id = t->type;
		else if (btf_is_array(t))
			id = btf_array(t)->type;
		else
			break; /* a base type, or a kind emit_chain() will reject */
	}
	cnt = d->decl_cnt - start;
	if (!d->err)
		emit_chain(d, d->decl_stack + start, &cnt, fname, lvl);
	d->decl_cnt = start;
	leave(d);
}

/* ---- definitions ---- */

static void emit_pad(struct btf_cdump *d, const char *pad_type, int bits, int lvl)
{
	btf_out_char(d->out, '\n');
	pfx(d, lvl);
	out(d, pad_type);
	out(d, ": ");
	btf_out_u32(d->out, bits);
	btf_out_char(d->out, ';');
}

/* Larger holes than this (in bits) are refused: 16k lines of `long: 64;` per hole at most. */
#define MAX_PAD_BITS (1 << 20)

/* Anonymous bitfields that move from @cur_off to @next_off bits (G.4). */
static void emit_bit_padding(struct btf_cdump *d, int64_t cur_off, int64_t next_off, int next_align,
			     bool in_bitfield, int lvl)
{
	const struct {
		const char *name;
		int bits;
	} pads[] = { { "long", d->ptr_sz * 8 }, { "int", 32 }, { "short", 16 }, { "char", 8 } };
	int64_t new_off = cur_off;
	int pad_bits = 8, i;
	const char *pad_type = "char";

	if (cur_off >= next_off)
		return;
	if (next_off - cur_off > MAX_PAD_BITS) {
		fail(d, -E2BIG, "a hole of %lld bytes is too large to print as padding",
		     (long long)(next_off - cur_off) / 8);
		return;
	}
	if (next_align <= 0)
		next_align = 1;
	for (i = 0; i < (int)ARRAY_SIZE(pads); i++) {
		pad_bits = pads[i].bits;
		pad_type = pads[i].name;
		new_off = hive_round_up(cur_off, pad_bits);
		if (new_off <= next_off)
			break;
	}
	if (new_off > cur_off && new_off <= next_off) {
		/* an explicit alignment step, unless the compiler would take it by itself */
		if (in_bitfield ||
		    (new_off == next_off && hive_round_up(cur_off, next_align * 8) != new_off) ||
		    (new_off != next_off && next_off - new_off <= new_off - cur_off))
			emit_pad(d, pad_type, in_bitfield ? new_off - cur_off : 0, lvl);
		cur_off = new_off;
	}
	while (cur_off != next_off && !d->err) {
		int bits = hive_min(next_off - cur_off, pad_bits);

		if (bits == pad_bits) {
			emit_pad(d, pad_type, pad_bits, lvl);
			cur_off += bits;
			continue;
		}
		for (i = ARRAY_SIZE(pads) - 1; i >= 0; i--) {
			if (pads[i].bits < bits)
				continue;
			emit_pad(d, pads[i].name, bits, lvl);
			cur_off += bits;
			break;
		}
	}
}

/*
 * A union bigger than its largest member (an aligned union, or pahole's member-less unions)
 * gets an unnamed bitfield of its full size, or for more than a long, an anonymous struct of
 * them: unnamed bitfields add size to a union but no alignment. bpftool leaves such unions
 * short, which changes the layout of every struct that embeds them.
 */
static void emit_union_padding(struct btf_cdump *d, const struct btf_type *t, int64_t max_end,
			       int lvl)
{
	static const char *const names[] = { "char", "short", "int", "long" };
	int64_t bits = (int64_t)t->size * 8;
	int i;

	if (d->compat_71 || bits <= max_end)
		return;
	if (bits <= d->ptr_sz * 8) {
		for (i = 0; (8 << i) < bits && i < 3; i++)
			;
		emit_pad(d, names[i], bits, lvl);
		return;
	}
	btf_out_char(d->out, '\n');
	pfx(d, lvl);
	out(d, "struct {");
	emit_bit_padding(d, 0, bits, 1, false, lvl + 1);
	btf_out_char(d->out, '\n');
	pfx(d, lvl);
	out(d, "};");
}

static void emit_struct_def(struct btf_cdump *d, uint32_t id, const struct btf_type *t, int lvl)
{
	bool is_struct = btf_is_struct(t), packed, prev_bitfield = false;
	int64_t off = 0, max_end = 0;
	int align;
	uint16_t vlen = btf_vlen(t);

	if (!enter(d, id))
		return;
	align = align_of(d, id);
	packed = is_struct ? is_struct_packed(d, t) : false;
	emit_struct_fwd(d, id, t);
	out(d, " {");
	for (uint32_t i = 0; i < vlen && !d->err; i++) {
		const struct btf_member *m = btf_members(t) + i;
		int m_sz = btf_member_bitfield_size(t, i);
		int64_t m_off = btf_member_bit_offset(t, i);
		int m_align = packed ? 1 : align_of(d, m->type);

		emit_bit_padding(d, off, m_off, m_align, prev_bitfield && m_sz, lvl + 1);
		btf_out_char(d->out, '\n');
		pfx(d, lvl + 1);
		emit_decl(d, m->type, str(d, m->name_off), lvl + 1);
		if (m_sz) {
			out(d, ": ");
			btf_out_u32(d->out, m_sz);
			off = m_off + m_sz;
			prev_bitfield = true;
		} else {
			int64_t sz = btf_resolve_size(d->btf, m->type);

			off = m_off + (sz > 0 ? sz : 0) * 8;
			prev_bitfield = false;
		}
		max_end = hive_max(max_end, off);
		btf_out_char(d->out, ';');
	}
	if (is_struct)
		emit_bit_padding(d, off, (int64_t)t->size * 8, align, false, lvl + 1);
	else
		emit_union_padding(d, t, max_end, lvl + 1);
	if (vlen || t->size) {
		btf_out_char(d->out, '\n');
		pfx(d, lvl);
	}
	btf_out_char(d->out, '}');
	if (packed)
		out(d, " __attribute__((packed))");
	leave(d);
}

static void emit_enum_val(struct btf_cdump *d, const char *name, uint32_t dups, int lvl)
{
	btf_out_char(d->out, '\n');
	pfx(d, lvl + 1);
	out(d, name);
	if (dups > 1) {
		out(d, "___");
		btf_out_u32(d->out, dups);
	}
	out(d, " = ");
}

static void emit_enum_vals(struct btf_cdump *d, const struct btf_type *t, int lvl)
{
	bool is_signed = btf_kflag(t);

	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		if (btf_is_enum(t)) {
			const struct btf_enum *e = btf_enum(t) + i;
			const char *name = str(d, e->name_off);

			emit_enum_val(d, name, name_dups(d, &d->ident_names, name), lvl);
			if (is_signed)
				btf_out_s64(d->out, e->val);
			else
				btf_out_u32(d->out, (uint32_t)e->val);
		} else {
			const struct btf_enum64 *e = btf_enum64(t) + i;
			const char *name = str(d, e->name_off);
			uint64_t v = btf_enum64_value(e);

			emit_enum_val(d, name, name_dups(d, &d->ident_names, name), lvl);
			if (is_signed)
				btf_out_s64(d->out, (int64_t)v);
			else
				btf_out_u64(d->out, v);
			out(d, is_signed ? "LL" : "ULL");
		}
		btf_out_char(d->out, ',');
	}
}

/* mode(byte)/mode(word) give a 1- or 8-byte enum its size in C (G.5). */
static void emit_enum_mode(struct btf_cdump *d, const struct btf_type *t)
{
	bool word = true;

	if (d->compat_71)
		return;
	if (t->size == 1) {
		out(d, " __attribute__((mode(byte)))");
		return;
	}
	if (t->size != 8 || d->ptr_sz != 8)
		return;
	for (uint32_t i = 0; btf_is_enum64(t) && i < btf_vlen(t); i++)
		if (btf_enum64(t)[i].val_hi32)
			word = false; /* the values already force 64 bits */
	if (word)
		out(d, " __attribute__((mode(word)))");
}

static void emit_enum_def(struct btf_cdump *d, uint32_t id, const struct btf_type *t, int lvl)
{
	out(d, "enum");
	if (t->name_off)
		btf_out_char(d->out, ' ');
	out(d, type_name(d, id));
	if (!btf_vlen(t))
		return;
	out(d, " {");
	emit_enum_vals(d, t, lvl);
	btf_out_char(d->out, '\n');
	pfx(d, lvl);
	btf_out_char(d->out, '}');
	emit_enum_mode(d, t);
}

static bool is_blacklisted(struct btf_cdump *d, const struct btf_type *t)
{
	return t->name_off && !strcmp(str(d, t->name_off), "__builtin_va_list");
}

static void end_def(struct btf_cdump *d)
{
	out(d, ";\n\n");
}

/* GCC's ARM NEON poly types have no C spelling: alias them (libbpf does the same). */
static void emit_missing_alias(struct btf_cdump *d, uint32_t id)
{
	static const char *const aliases[][2] = {
		{ "__Poly8_t", "unsigned char" },
		{ "__Poly16_t", "unsigned short" },
		{ "__Poly64_t", "unsigned long long" },
		{ "__Poly128_t", "unsigned __int128" },
	};
	const char *name = type_name(d, id);

	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++) {
		if (strcmp(name, aliases[i][0]))
			continue;
		out(d, "typedef ");
		out(d, aliases[i][1]);
		btf_out_char(d->out, ' ');
		out(d, name);
		end_def(d);
		break;
	}
}

static void emit_type(struct btf_cdump *d, uint32_t id, uint32_t cont_id);

/* A type already being emitted is needed again: a forward declaration breaks the loop. */
static void emit_again(struct btf_cdump *d, uint32_t id, const struct btf_type *t, uint32_t cont_id)
{
	struct type_state *s = &d->st[id];

	if (s->fwd_emitted)
		return;
	if (btf_is_composite(t)) {
		/* a struct referring to itself needs no forward declaration */
		if (id == cont_id)
			return;
		if (!t->name_off) {
			fail(d, -ELOOP, "type [%u]: anonymous struct/union loop", id);
			return;
		}
		emit_struct_fwd(d, id, t);
		end_def(d);
		s->fwd_emitted = 1;
	} else if (btf_is_typedef(t)) {
		if (!is_blacklisted(d, t)) {
			emit_typedef_def(d, id, t, 0);
			end_def(d);
		}
		s->fwd_emitted = 1;
	}
}

static void emit_composite(struct btf_cdump *d, uint32_t id, const struct btf_type *t,
			   uint32_t cont_id)
{
	struct type_state *s = &d->st[id];
	bool top_level = cont_id == 0;

	s->emit = EMITTING;
	if (top_level || !t->name_off) {
		/* emit what members need; an anonymous struct belongs to its container */
		uint32_t new_cont = t->name_off ? id : cont_id;

		for (uint32_t i = 0; i < btf_vlen(t) && !d->err; i++)
			emit_type(d, btf_members(t)[i].type, new_cont);
	} else if (!s->fwd_emitted && id != cont_id) {
		emit_struct_fwd(d, id, t);
		end_def(d);
		s->fwd_emitted = 1;
	}
	if (top_level) {
		emit_struct_def(d, id, t, 0);
		end_def(d);
		s->emit = EMITTED;
	} else {
		s->emit = NOT_EMITTED;
	}
}

static void emit_kind(struct btf_cdump *d, uint32_t id, const struct btf_type *t, uint32_t cont_id)
{
	struct type_state *s = &d->st[id];

	switch (btf_kind(t)) {
	case BTF_KIND_INT:
		emit_missing_alias(d, id);
		s->emit = EMITTED;
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (cont_id == 0) {
			emit_enum_def(d, id, t, 0);
			end_def(d);
		}
		s->emit = EMITTED;
		break;
	case BTF_KIND_PTR:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_CONST:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		emit_type(d, t->type, cont_id);
		break;
	case BTF_KIND_ARRAY:
		emit_type(d, btf_array(t)->type, cont_id);
		break;
	case BTF_KIND_FWD:
		emit_fwd_def(d, id, t);
		end_def(d);
		s->emit = EMITTED;
		break;
	case BTF_KIND_TYPEDEF:
		s->emit = EMITTING;
		emit_type(d, t->type, id);
		/* emitting the target may have printed the typedef already (emit_again) */
		if (!s->fwd_emitted && !is_blacklisted(d, t)) {
			emit_typedef_def(d, id, t, 0);
			end_def(d);
		}
		s->emit = EMITTED;
		break;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		emit_composite(d, id, t, cont_id);
		break;
	case BTF_KIND_FUNC_PROTO:
		emit_type(d, t->type, cont_id);
		for (uint32_t i = 0; i < btf_vlen(t) && !d->err; i++)
			emit_type(d, btf_params(t)[i].type, cont_id);
		break;
	default:
		break;
	}
}

static void emit_type(struct btf_cdump *d, uint32_t id, uint32_t cont_id)
{
	const struct btf_type *t;

	if (d->st[id].emit == EMITTED || d->err)
		return;
	t = type(d, id);
	if (d->st[id].emit == EMITTING) {
		emit_again(d, id, t, cont_id);
		return;
	}
	if (!enter(d, id))
		return;
	emit_kind(d, id, t, cont_id);
	leave(d);
}

/* ---- the object API (btf_cdump.h) ---- */

struct btf_cdump *btf_cdump_new(const struct hive_btf *btf, struct btf_out *o,
				const struct btf_cdump_opts *opts)
{
	struct btf_cdump *d = calloc(1, sizeof(*d));

	if (!d)
		return ERR_PTR(-ENOMEM);
	d->btf = btf;
	d->out = o;
	d->ptr_sz = btf_ptr_size(btf) ? btf_ptr_size(btf) : 8;
	d->nr = btf_type_cnt(btf);
	d->compat_71 = opts && opts->compat_71;
	/* 64 bytes of C per byte of BTF is ~10x what vmlinux needs */
	d->max_out = (size_t)64 * (btf_type_cnt(btf) * 16 + btf_strs_len(btf)) + (64 << 20);
	d->max_work = (uint64_t)64 * btf_type_cnt(btf) + (1 << 22);
	if (opts) {
		d->errbuf = opts->errbuf;
		d->errbuf_sz = opts->errbuf_sz;
	}
	d->st = calloc(d->nr, sizeof(*d->st));
	d->align_memo = calloc(d->nr, 1);
	if (!d->st || !d->align_memo) {
		btf_cdump_free(d);
		return ERR_PTR(-ENOMEM);
	}
	d->st[0].order = ORDERED; /* void */
	d->st[0].emit = EMITTED;
	mark_referenced(d);
	return d;
}

void btf_cdump_free(struct btf_cdump *d)
{
	if (IS_ERR_OR_NULL(d))
		return;
	for (size_t i = 0; i < d->nr_renames; i++)
		free(d->renames[i].name);
	free(d->renames);
	free(d->type_names.v);
	free(d->ident_names.v);
	free(d->queue);
	free(d->decl_stack);
	free(d->align_memo);
	free(d->st);
	free(d);
}

int btf_cdump_type(struct btf_cdump *d, uint32_t id)
{
	if (id >= d->nr)
		return -EINVAL;
	d->queue_cnt = 0;
	if (order_type(d, id, false) < 0 || d->err)
		return d->err ? d->err : -EINVAL;
	for (size_t i = 0; i < d->queue_cnt && !d->err; i++)
		emit_type(d, d->queue[i], 0);
	return d->err ? d->err : d->out->err;
}

int btf_cdump_decl(struct btf_cdump *d, uint32_t id, const char *fname, int lvl, bool strip_mods)
{
	if (id >= d->nr)
		return -EINVAL;
	d->strip_mods = strip_mods;
	emit_decl(d, id, fname ? fname : "", lvl);
	d->strip_mods = false;
	return d->err ? d->err : d->out->err;
}

/* ---- vmlinux.h ---- */

static const char frame_head[] =
	"#ifndef __VMLINUX_H__\n"
	"#define __VMLINUX_H__\n"
	"\n"
	"#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n"
	"#pragma clang attribute push (__attribute__((preserve_access_index)), apply_to = record)\n"
	"#endif\n\n";

static const char frame_defaults[] = "#ifndef __ksym\n"
				     "#define __ksym __attribute__((section(\".ksyms\")))\n"
				     "#endif\n\n"
				     "#ifndef __weak\n"
				     "#define __weak __attribute__((weak))\n"
				     "#endif\n\n"
				     "#ifndef __bpf_fastcall\n"
				     "#if __has_attribute(bpf_fastcall)\n"
				     "#define __bpf_fastcall __attribute__((bpf_fastcall))\n"
				     "#else\n"
				     "#define __bpf_fastcall\n"
				     "#endif\n"
				     "#endif\n\n";

static const char frame_tail[] = "#ifndef BPF_NO_PRESERVE_ACCESS_INDEX\n"
				 "#pragma clang attribute pop\n"
				 "#endif\n"
				 "\n"
				 "#endif /* __VMLINUX_H__ */\n";

struct kfunc {
	const char *name;
	uint32_t func_id;
	bool fastcall;
};

static int cmp_kfunc(const void *a, const void *b)
{
	const struct kfunc *x = a, *y = b;
	int r = strcmp(x->name, y->name);

	return r ? r : (x->func_id > y->func_id) - (x->func_id < y->func_id);
}

/* FUNCs carrying DECL_TAG bpf_kfunc (whole declaration), sorted by name. */
static struct kfunc *collect_kfuncs(const struct hive_btf *btf, size_t *cnt)
{
	struct kfunc *v = NULL;
	size_t n = 0, cap = 0;

	for (uint32_t id = 1; id < btf_type_cnt(btf); id++) {
		const struct btf_type *t = btf_type_by_id(btf, id), *ft;

		if (!btf_is_decl_tag(t) || btf_decl_tag(t)->component_idx != -1)
			continue;
		ft = btf_type_by_id(btf, t->type);
		if (!btf_is_func(ft) || strcmp(btf_name(btf, t->name_off), "bpf_kfunc"))
			continue;
		if (hive_ensure_mem((void **)&v, &cap, sizeof(*v), n + 1)) {
			free(v);
			return ERR_PTR(-ENOMEM);
		}
		v[n].name = btf_name(btf, ft->name_off);
		v[n].func_id = t->type;
		v[n].fastcall = false;
		for (int tag = 0; (tag = btf_next_decl_tag(btf, t->type, -1, tag)) > 0;)
			if (!strcmp(btf_name(btf, btf_type_by_id(btf, tag)->name_off),
				    "bpf_fastcall"))
				v[n].fastcall = true;
		n++;
	}
	if (n)
		qsort(v, n, sizeof(*v), cmp_kfunc);
	*cnt = n;
	return v;
}

static int dump_kfuncs(struct btf_cdump *d, const struct hive_btf *btf, struct btf_out *o)
{
	size_t cnt = 0;
	struct kfunc *k = collect_kfuncs(btf, &cnt);
	int err = 0;

	if (IS_ERR(k))
		return PTR_ERR(k);
	btf_out_str(o, "\n/* BPF kfuncs */\n#ifndef BPF_NO_KFUNC_PROTOTYPES\n");
	for (size_t i = 0; i < cnt && !err; i++) {
		btf_out_str(o, k[i].fastcall ? "extern __bpf_fastcall " : "extern ");
		err = btf_cdump_decl(d, btf_type_by_id(btf, k[i].func_id)->type, k[i].name, 0,
				     false);
		btf_out_str(o, " __weak __ksym;\n");
	}
	btf_out_str(o, "#endif\n\n");
	free(k);
	return err;
}

int btf_dump_c(const struct hive_btf *btf, struct btf_out *o, const struct btf_dump_c_opts *opts)
{
	static const struct btf_dump_c_opts none;
	const struct btf_dump_c_opts *op = opts ? opts : &none;
	struct btf_cdump_opts copts = {
		.compat_71 = op->compat_71,
		.errbuf = op->errbuf,
		.errbuf_sz = op->errbuf_sz,
	};
	struct btf_cdump *d = btf_cdump_new(btf, o, &copts);
	int err = 0;

	if (IS_ERR(d))
		return PTR_ERR(d);
	if (!op->no_frame) {
		btf_out_str(o, frame_head);
		if (!op->old_frame)
			btf_out_str(o, frame_defaults);
	}
	for (uint32_t id = 1; id < btf_type_cnt(btf) && !err; id++)
		err = btf_cdump_type(d, id);
	if (!err && !op->no_frame && !op->no_kfuncs && !op->old_frame)
		err = dump_kfuncs(d, btf, o);
	if (!err && !op->no_frame)
		btf_out_str(o, frame_tail);
	btf_cdump_free(d);
	return err ? err : o->err;
}
