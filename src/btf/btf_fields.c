// SPDX-License-Identifier: BSD-2-Clause
/*
 * btf/btf_fields.c: special-field records from BTF, with the kernel's (6.18) rules and errnos.
 *
 * Two phases, as in the kernel's btf_parse_fields():
 *
 *  1. discovery (btf_find_field): walk the members of a STRUCT (or the variables of a DATASEC)
 *     in order, strip arrays, classify the element type by its *name* (bpf_spin_lock, ...) or,
 *     for a non-struct, as a possible kptr (PTR [-> VOLATILE] -> TYPE_TAG "kptr"...), descend
 *     into plain nested structs with offsets rebased to the outermost container, and repeat
 *     fields found in arrays. Discovery errors come out in member order: a unique kind twice at
 *     one struct level (-E2BIG), a bad type tag (-EINVAL), an array of a kind that cannot be
 *     repeated (-EINVAL), a bad `contains:` tag (-EINVAL / -ENOENT), more than BTF_FIELDS_MAX
 *     fields or deeper than 32 levels (-E2BIG), a member at a bit offset (-EINVAL).
 *     Whatever does not match exactly (wrong size, misaligned offset, a typedef or a const in
 *     front of the special struct, a union) is silently not a field.
 *  2. record building, field by field in discovery order: bounds (-EFAULT), overlap with the
 *     previous field (-EEXIST), then the kind's own resolution (the node member named by
 *     `contains:`, the kptr pointee in kernel BTF), then the record-level rules of
 *     btf_record_finalize(). So a root whose node cannot be found reports -ENOENT even if a
 *     later field overlaps, exactly like the kernel.
 *
 *   struct outer {                         discovery order  offset
 *       struct bpf_spin_lock lock;         SPIN_LOCK          0
 *       struct { struct bpf_rb_root r; }   RB_ROOT            8   (nested: rebased)
 *           in[2];                         RB_ROOT           24   (array: repeated)
 *       struct task __kptr *t;             KPTR_REF          40
 *   };
 *
 * Work is bounded on hostile BTF: nesting and array depth stop at 32, fields at 11, and a
 * struct subtree already known to hold no field is not walked again (memo), so a BTF whose
 * struct graph is a deep DAG cannot make discovery exponential.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf_fields.h"
#include "common/err.h"
#include "common/log.h"
#include "common/mem.h"
#include "common/uapi.h"
#include "kfunc/cpumask.h"

/* The kernel's MAX_RESOLVE_DEPTH for nesting and array levels. */
#define FIELDS_MAX_DEPTH 32
#define PAGE_SIZE_4K 4096

enum { FIELD_IGNORE = 0, FIELD_FOUND = 1 };

/* One field found by discovery (the kernel's btf_field_info) plus where it came from. */
struct field_info {
	enum hive_field_kind kind;
	uint32_t off;
	uint32_t type_id; /* kptr: pointee struct; graph root: value struct */
	const char *node_name; /* graph root: FIELD of contains:TYPE:FIELD (BTF string) */
	uint32_t where_id; /* struct or VAR holding the member, for messages */
	int where_idx; /* member index, -1 for a DATASEC variable */
};

/* State of one discovery walk (shared by the parses of btf_parse_struct_metas). */
struct finder {
	const struct hive_btf *btf;
	const struct btf_fields_ctx *ctx;
	uint32_t mask;
	uint32_t cur_id; /* container being walked: struct id or VAR id */
	int cur_idx; /* member index in it, -1 for a variable */
	uint32_t deepest; /* deepest nesting level reached (for the memo) */
	uint8_t *memo; /* per type id: 0 unknown, h+1: struct with no field, h levels deep */
	bool quiet; /* probing (struct metas' kptr scan): no message */
	char msg[320];
};

/* ---- messages ---- */

static const char *type_name(const struct hive_btf *btf, uint32_t id)
{
	const struct btf_type *t = btf_type_by_id(btf, id);
	const char *s = t ? btf_name(btf, t->name_off) : "";

	return s[0] ? s : "(anon)";
}

/* "member 'x' of struct 'foo'" or "variable 'x'" for the member being looked at. */
static void where(const struct finder *f, char *buf, size_t sz)
{
	const struct btf_type *t = btf_type_by_id(f->btf, f->cur_id);
	struct btf_member_info m;

	if (!t) {
		snprintf(buf, sz, "type [%u]", f->cur_id);
	} else if (btf_is_var(t)) {
		snprintf(buf, sz, "variable '%s'", type_name(f->btf, f->cur_id));
	} else if (f->cur_idx >= 0 && !btf_member(f->btf, t, f->cur_idx, &m)) {
		if (m.name[0])
			snprintf(buf, sz, "member '%s' of struct '%s'", m.name,
				 type_name(f->btf, f->cur_id));
		else
			snprintf(buf, sz, "member #%d of struct '%s'", f->cur_idx,
				 type_name(f->btf, f->cur_id));
	} else {
		snprintf(buf, sz, "struct '%s'", type_name(f->btf, f->cur_id));
	}
}

/* Remember why (first error only: errors propagate straight up) and return @err. */
__attribute__((format(printf, 3, 4))) static int fail(struct finder *f, int err, const char *fmt,
						      ...)
{
	char loc[160];
	va_list ap;
	int n;

	if (f->quiet || f->msg[0])
		return err;
	where(f, loc, sizeof(loc));
	n = snprintf(f->msg, sizeof(f->msg), "%s: ", loc);
	if (n < 0 || (size_t)n >= sizeof(f->msg))
		return err;
	va_start(ap, fmt);
	vsnprintf(f->msg + n, sizeof(f->msg) - n, fmt, ap);
	va_end(ap);
	return err;
}

/* Like fail() for messages about the whole value rather than one member. */
__attribute__((format(printf, 3, 4))) static int say(struct finder *f, int err, const char *fmt,
						     ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(f->msg, sizeof(f->msg), fmt, ap);
	va_end(ap);
	return err;
}

/* Hand the message to the caller: errbuf if given, else the library log. */
static void report(const struct btf_fields_ctx *ctx, const char *what, const char *msg, int err)
{
	if (ctx && ctx->errbuf && ctx->errbuf_sz) {
		snprintf(ctx->errbuf, ctx->errbuf_sz, "%s: %s (%s)", what, msg, hive_errstr(err));
		return;
	}
	pr_warn("%s: %s (%s)\n", what, msg, hive_errstr(err));
}

/* ---- type helpers with the kernel's exact semantics ---- */

/* First STRUCT named @name, anonymous ones included (btf_find_by_name_kind() in the kernel is a
 * plain scan, so "" finds the first anonymous struct). */
static int find_struct(const struct hive_btf *btf, const char *name)
{
	uint32_t n = btf_type_cnt(btf);

	if (name[0] && strcmp(name, "void"))
		return btf_find_by_name_kind(btf, name, BTF_KIND_STRUCT);
	for (uint32_t id = 1; id < n; id++) {
		const struct btf_type *t = btf_type_by_id(btf, id);

		if (t && btf_is_struct(t) && !strcmp(btf_name(btf, t->name_off), name))
			return (int)id;
	}
	return -ENOENT;
}

/* ---- discovery ---- */

struct kind_name {
	enum hive_field_kind kind;
	const char *name;
};

/* Recognised by struct name; the unique ones may appear once per struct level. */
static const struct kind_name named_kinds[] = {
	{ HIVE_FIELD_SPIN_LOCK, "bpf_spin_lock" },
	{ HIVE_FIELD_RES_SPIN_LOCK, "bpf_res_spin_lock" },
	{ HIVE_FIELD_TIMER, "bpf_timer" },
	{ HIVE_FIELD_WQ, "bpf_wq" },
	{ HIVE_FIELD_TASK_WORK, "bpf_task_work" },
	{ HIVE_FIELD_LIST_HEAD, "bpf_list_head" },
	{ HIVE_FIELD_LIST_NODE, "bpf_list_node" },
	{ HIVE_FIELD_RB_ROOT, "bpf_rb_root" },
	{ HIVE_FIELD_RB_NODE, "bpf_rb_node" },
	{ HIVE_FIELD_REFCOUNT, "bpf_refcount" },
};

/*
 * The kernel's btf_get_field_type(): the kind @t stands for (0: none), by name whatever its
 * BTF kind; any non-struct is a kptr candidate when kptrs are searched for. The name decides
 * uniqueness even if the size later turns out wrong, as in the kernel.
 */
static int field_type(struct finder *f, const struct btf_type *t, uint32_t *seen)
{
	const char *name = btf_name(f->btf, t->name_off);

	for (size_t i = 0; i < ARRAY_SIZE(named_kinds); i++) {
		enum hive_field_kind k = named_kinds[i].kind;

		if (!(f->mask & k) || strcmp(name, named_kinds[i].name))
			continue;
		if (k & HIVE_FIELD_UNIQUE) {
			if (*seen & k)
				return fail(f, -E2BIG,
					    "a second %s at the same struct level (one is allowed)",
					    named_kinds[i].name);
			*seen |= k;
		}
		return (int)k;
	}
	if ((f->mask & (HIVE_FIELD_KPTR | HIVE_FIELD_UPTR)) && !btf_is_struct(t))
		return HIVE_FIELD_KPTR_REF;
	return 0;
}

static const struct kind_name kptr_tags[] = {
	{ HIVE_FIELD_KPTR_UNREF, "kptr_untrusted" },
	{ HIVE_FIELD_KPTR_REF, "kptr" },
	{ HIVE_FIELD_KPTR_PERCPU, "percpu_kptr" },
	{ HIVE_FIELD_UPTR, "uptr" },
};

/*
 * The kernel's btf_find_kptr(): [VOLATILE ->] PTR -> TYPE_TAG(kptr...) -> [mods/typedefs ->]
 * STRUCT. A pointer without a type tag is data; any other tag string fails even when kptrs of
 * that kind are not searched for.
 */
static int find_kptr(struct finder *f, const struct btf_type *t, uint32_t off,
		     struct field_info *out)
{
	const struct btf_type *next;
	enum hive_field_kind kind = 0;
	const char *tag;
	uint32_t res_id;

	if (btf_kind(t) == BTF_KIND_VOLATILE)
		t = btf_type_by_id(f->btf, t->type);
	if (!t || !btf_is_ptr(t))
		return FIELD_IGNORE;
	t = btf_type_by_id(f->btf, t->type);
	if (!t || !btf_is_type_tag(t) || btf_kflag(t))
		return FIELD_IGNORE;
	tag = btf_name(f->btf, t->name_off);
	next = btf_type_by_id(f->btf, t->type);
	if (next && btf_is_type_tag(next))
		return fail(f, -EINVAL, "pointer with type tag '%s' and a second type tag", tag);
	for (size_t i = 0; i < ARRAY_SIZE(kptr_tags); i++)
		if (!strcmp(tag, kptr_tags[i].name))
			kind = kptr_tags[i].kind;
	if (!kind)
		return fail(
			f, -EINVAL,
			"unknown pointer type tag '%s' (kptr, kptr_untrusted, percpu_kptr or uptr)",
			tag);
	if (!(kind & f->mask))
		return FIELD_IGNORE;
	t = btf_skip_mods_and_typedefs(f->btf, t->type, &res_id);
	if (t && btf_is_fwd(t))
		return fail(
			f, -EINVAL,
			"a '%s' pointer must point to a struct, but 'struct %s' is only declared "
			"(FWD) in this BTF: the program must use the type's definition",
			tag, btf_name(f->btf, t->name_off));
	if (!t || !btf_is_struct(t))
		return fail(f, -EINVAL, "a '%s' pointer must point to a struct", tag);
	*out = (struct field_info){ .kind = kind, .off = off, .type_id = res_id };
	return FIELD_FOUND;
}

/* The unique `contains:` tag on (@target, @idx), or NULL with the errno in *err. */
static const char *contains_tag(struct finder *f, uint32_t target, int idx, int *err)
{
	static const char prefix[] = "contains:";
	const char *value = NULL;
	int id = 0;

	while ((id = btf_next_decl_tag(f->btf, target, idx, id)) > 0) {
		const char *s = btf_name(f->btf, btf_type_by_id(f->btf, id)->name_off);

		if (strncmp(s, prefix, sizeof(prefix) - 1))
			continue;
		if (value) {
			*err = fail(f, -EINVAL, "two 'contains:' declaration tags");
			return NULL;
		}
		value = s + sizeof(prefix) - 1;
	}
	if (!value)
		*err = fail(f, -EINVAL,
			    "a graph root needs __contains(TYPE, FIELD): no 'contains:' tag");
	return value;
}

/* The kernel's btf_find_graph_root(): resolve `contains:TYPE:FIELD` up to TYPE's id. */
static int find_graph_root(struct finder *f, const struct btf_type *t, uint32_t sz, uint32_t off,
			   enum hive_field_kind kind, struct field_info *out)
{
	const char *value, *colon;
	char *tname;
	int err = 0, id;

	if (!btf_is_struct(t) || t->size != sz)
		return FIELD_IGNORE;
	value = contains_tag(f, f->cur_id, f->cur_idx, &err);
	if (!value)
		return err;
	colon = strchr(value, ':');
	if (!colon)
		return fail(f, -EINVAL, "'contains:%s' has no ':' between type and field", value);
	tname = strndup(value, colon - value);
	if (!tname)
		return -ENOMEM;
	id = find_struct(f->btf, tname);
	if (id < 0)
		err = fail(f, id, "'contains:%s': no struct '%s' in this BTF", value, tname);
	free(tname);
	if (id < 0)
		return err;
	if (!colon[1])
		return fail(f, -EINVAL, "'contains:%s': empty field name", value);
	*out = (struct field_info){
		.kind = kind, .off = off, .type_id = id, .node_name = colon + 1
	};
	return FIELD_FOUND;
}

/* Kinds the kernel lets arrays (and arrays of structs holding them) repeat. */
#define REPEATABLE (HIVE_FIELD_KPTR | HIVE_FIELD_UPTR | HIVE_FIELD_LIST_HEAD | HIVE_FIELD_RB_ROOT)

/*
 * The kernel's btf_repeat_fields(): fields info[0..cnt) become @times more copies, each shifted
 * by one more @elem_size. The capacity test is done in 64 bits (the 6.18 kernel's u32 product can
 * wrap on malformed BTF; valid BTF never gets there).
 */
static int repeat_fields(struct finder *f, struct field_info *info, uint32_t cap, uint32_t cnt,
			 uint32_t times, uint32_t elem_size)
{
	for (uint32_t i = 0; i < cnt; i++)
		if (!(info[i].kind & REPEATABLE))
			return fail(f, -EINVAL,
				    "array of %s: only kptrs, bpf_list_head and bpf_rb_root can be "
				    "in arrays",
				    btf_field_type_name(info[i].kind));
	if ((uint64_t)cnt * ((uint64_t)times + 1) > cap)
		return fail(f, -E2BIG, "more than %d special fields", BTF_FIELDS_MAX);
	for (uint32_t r = 1; r <= times; r++)
		for (uint32_t j = 0; j < cnt; j++) {
			info[r * cnt + j] = info[j];
			info[r * cnt + j].off += r * elem_size;
		}
	return 0;
}

static int find_struct_fields(struct finder *f, uint32_t id, struct field_info *info, uint32_t cap,
			      uint32_t level);

/*
 * The kernel's btf_find_nested_struct(): fields of a plain struct member, rebased to @off and
 * repeated for arrays. A subtree known to hold nothing is skipped if it cannot reach the depth
 * limit from here.
 */
static int find_nested(struct finder *f, uint32_t id, uint32_t off, uint32_t nelems,
		       struct field_info *info, uint32_t cap, uint32_t level)
{
	uint32_t saved_id = f->cur_id, saved_deepest = f->deepest;
	int saved_idx = f->cur_idx, ret, err;

	if (++level >= FIELDS_MAX_DEPTH)
		return fail(f, -E2BIG, "structs nested more than %d levels deep",
			    FIELDS_MAX_DEPTH - 1);
	if (f->memo && f->memo[id] && level + (f->memo[id] - 1) < FIELDS_MAX_DEPTH) {
		f->deepest = hive_max(f->deepest, level + f->memo[id] - 1);
		return 0;
	}
	f->deepest = level;
	ret = find_struct_fields(f, id, info, cap, level);
	if (ret == 0 && f->memo)
		f->memo[id] = (uint8_t)(f->deepest - level + 1);
	f->deepest = hive_max(saved_deepest, f->deepest);
	f->cur_id = saved_id;
	f->cur_idx = saved_idx;
	if (ret <= 0)
		return ret;
	for (int i = 0; i < ret; i++)
		info[i].off += off;
	if (nelems > 1) {
		const struct btf_type *t = btf_type_by_id(f->btf, id);

		err = repeat_fields(f, info, cap, ret, nelems - 1, t->size);
		ret = err ? err : ret * (int)nelems;
	}
	return ret;
}

/* Classify a non-nested candidate of kind @kind at @off (FIELD_IGNORE, FIELD_FOUND, -errno). */
static int find_one_kind(struct finder *f, const struct btf_type *t, int kind, uint32_t off,
			 struct field_info *out)
{
	uint32_t sz = btf_field_size(kind);

	switch (kind) {
	case HIVE_FIELD_KPTR_REF:
		return find_kptr(f, t, off, out);
	case HIVE_FIELD_LIST_HEAD:
	case HIVE_FIELD_RB_ROOT:
		return find_graph_root(f, t, sz, off, kind, out);
	default:
		if (!btf_is_struct(t) || t->size != sz)
			return FIELD_IGNORE;
		*out = (struct field_info){ .kind = kind, .off = off };
		return FIELD_FOUND;
	}
}

/*
 * The kernel's btf_find_field_one(): member or variable of type @type_id at byte @off (in its
 * direct container f->cur_id). @expected_size is the DATASEC entry size (0 for members). Returns
 * the number of fields written to info[0..cap), or -errno.
 */
static int find_field_one(struct finder *f, uint32_t type_id, uint32_t off, uint32_t expected_size,
			  uint32_t *seen, struct field_info *info, uint32_t cap, uint32_t level)
{
	const struct btf_type *t = btf_type_by_id(f->btf, type_id);
	struct field_info tmp, *out = cap ? &info[0] : &tmp;
	uint32_t nelems = 1, sz, i;
	int kind, ret;

	/* nelems wraps like the kernel's u32 (only zero-sized elements can get there) */
	for (i = 0; i < FIELDS_MAX_DEPTH && t && btf_is_array(t); i++) {
		nelems *= btf_array(t)->nelems;
		type_id = btf_array(t)->type;
		t = btf_type_by_id(f->btf, type_id);
	}
	if (i == FIELDS_MAX_DEPTH)
		return fail(f, -E2BIG, "array with more than %d dimensions", FIELDS_MAX_DEPTH - 1);
	if (!t)
		return fail(f, -EINVAL, "invalid type id %u", type_id);
	if (nelems == 0)
		return 0;
	kind = field_type(f, t, seen);
	if (kind < 0)
		return kind;
	if (!kind && btf_is_struct(t)) {
		if (expected_size && expected_size != t->size * nelems)
			return 0;
		return find_nested(f, type_id, off, nelems, info, cap, level);
	}
	if (!kind)
		return 0;
	sz = btf_field_size(kind);
	if ((expected_size && expected_size != sz * nelems) || off % btf_field_align(kind))
		return 0;
	ret = find_one_kind(f, t, kind, off, out);
	if (ret <= 0)
		return ret;
	out->where_id = f->cur_id;
	out->where_idx = f->cur_idx;
	if (!cap)
		return fail(f, -E2BIG, "more than %d special fields", BTF_FIELDS_MAX);
	if (nelems > 1) {
		ret = repeat_fields(f, info, cap, 1, nelems - 1, sz);
		if (ret < 0)
			return ret;
	}
	return (int)nelems;
}

/* The kernel's btf_find_struct_field(): every member of STRUCT @id, in order. */
static int find_struct_fields(struct finder *f, uint32_t id, struct field_info *info, uint32_t cap,
			      uint32_t level)
{
	const struct btf_type *t = btf_type_by_id(f->btf, id);
	uint32_t seen = 0, idx = 0;

	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		uint32_t bit_off = btf_member_bit_offset(t, i);
		int ret;

		f->cur_id = id;
		f->cur_idx = (int)i;
		if (bit_off % 8)
			return fail(f, -EINVAL, "member at bit offset %u (not a byte boundary)",
				    bit_off);
		ret = find_field_one(f, btf_members(t)[i].type, bit_off / 8, 0, &seen, info + idx,
				     cap - idx, level);
		if (ret < 0)
			return ret;
		idx += ret;
	}
	return (int)idx;
}

/* The kernel's btf_find_datasec_var(): every variable of DATASEC @id. */
static int find_datasec_fields(struct finder *f, uint32_t id, struct field_info *info, uint32_t cap)
{
	const struct btf_type *t = btf_type_by_id(f->btf, id);
	uint32_t seen = 0, idx = 0;

	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		const struct btf_var_secinfo *vsi = &btf_var_secinfos(t)[i];
		const struct btf_type *var = btf_type_by_id(f->btf, vsi->type);
		int ret;

		f->cur_id = vsi->type;
		f->cur_idx = -1;
		if (!var || !btf_is_var(var))
			return fail(f, -EINVAL, "DATASEC entry %u is not a VAR", i);
		ret = find_field_one(f, var->type, vsi->offset, vsi->size, &seen, info + idx,
				     cap - idx, 0);
		if (ret < 0)
			return ret;
		idx += ret;
	}
	return (int)idx;
}

/* ---- record building ---- */

/* Destructors registered with register_btf_id_dtor_kfuncs() in 6.18 (type, dtor kfunc). A
 * kernel type has one when its dtor function is in the kernel BTF (config-dependent). */
static const struct {
	const char *type;
	const char *dtor;
} kernel_dtors[] = {
	{ "task_struct", "bpf_task_release_dtor" },
	{ "cgroup", "bpf_cgroup_release_dtor" },
	{ "bpf_cpumask", "bpf_cpumask_release_dtor" },
	{ "bpf_crypto_ctx", "bpf_crypto_ctx_release_dtor" },
	{ "prog_test_ref_kfunc", "bpf_kfunc_call_test_release_dtor" },
	{ "prog_test_member", "bpf_kfunc_call_memb_release_dtor" },
	{ "sk_buff", "bpf_kfree_skb" }, /* bpf_qdisc */
};

static bool kernel_has_dtor(const struct hive_btf *kbtf, const char *type)
{
	for (size_t i = 0; i < ARRAY_SIZE(kernel_dtors); i++)
		if (!strcmp(type, kernel_dtors[i].type))
			return btf_find_by_name_kind(kbtf, kernel_dtors[i].dtor, BTF_KIND_FUNC) > 0;
	return false;
}

/* The kernel's btf_parse_kptr(): a pointee known to the kernel is a kernel type (a referenced
 * one needs a destructor), otherwise it is a program-local type. */
static int parse_kptr(struct finder *f, const struct field_info *info, struct hive_field *field)
{
	const struct hive_btf *kbtf = f->ctx ? f->ctx->kernel_btf : NULL;
	const char *name = btf_name(f->btf, btf_type_by_id(f->btf, info->type_id)->name_off);
	int kid = kbtf ? find_struct(kbtf, name) : -ENOENT;

	if (kid < 0) {
		field->kptr.type = (struct hive_type_id){ .btf = f->btf, .id = info->type_id };
		field->kptr.local = true;
		return 0;
	}
	if (info->kind == HIVE_FIELD_KPTR_REF && !kernel_has_dtor(kbtf, name))
		return fail(f, -ENOENT,
			    "kernel type 'struct %s' has no registered destructor, so it cannot be "
			    "a referenced __kptr (__kptr_untrusted can)",
			    name);
	field->kptr.type = (struct hive_type_id){ .btf = kbtf, .id = (uint32_t)kid };
	field->kptr.local = false;
	/* what releases it at run time when the map value or object holding it goes away */
	field->kptr.dtor = kfunc_kernel_kptr_dtor(name);
	return 0;
}

/* The kernel's btf_parse_graph_root(): locate FIELD in TYPE; it must be a @node struct at a
 * byte offset that is a multiple of 8. */
static int parse_graph_root(struct finder *f, const struct field_info *info, const char *node,
			    struct hive_field *field)
{
	const struct btf_type *t = btf_type_by_id(f->btf, info->type_id);
	const char *tname = type_name(f->btf, info->type_id);
	bool found = false;

	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *m = &btf_members(t)[i];
		const struct btf_type *n;
		uint32_t off;

		if (strcmp(info->node_name, btf_name(f->btf, m->name_off)))
			continue;
		if (found)
			return fail(f, -EINVAL, "struct '%s' has two members named '%s'", tname,
				    info->node_name);
		found = true;
		n = btf_type_by_id(f->btf, m->type);
		if (!n || !btf_is_struct(n) || strcmp(btf_name(f->btf, n->name_off), node))
			return fail(f, -EINVAL, "'%s.%s' named by contains: is not a struct %s",
				    tname, info->node_name, node);
		/* the kernel decodes the offset with the node struct's kflag */
		off = btf_kflag(n) ? BTF_MEMBER_BIT_OFFSET(m->offset) : m->offset;
		if (off % 64)
			return fail(f, -EINVAL, "'%s.%s' is not at a multiple of 8 bytes", tname,
				    info->node_name);
		field->graph_root.value_type =
			(struct hive_type_id){ .btf = f->btf, .id = info->type_id };
		field->graph_root.node_offset = off / 8;
	}
	if (!found)
		return fail(f, -ENOENT, "struct '%s' has no member '%s' (named by contains:)",
			    tname, info->node_name);
	return 0;
}

/* Resolve one discovered field into @field. */
static int parse_one(struct finder *f, const struct field_info *info, struct hive_field *field)
{
	*field = (struct hive_field){ .offset = info->off,
				      .kind = info->kind,
				      .size = btf_field_size(info->kind) };
	f->cur_id = info->where_id;
	f->cur_idx = info->where_idx;
	switch (info->kind) {
	case HIVE_FIELD_KPTR_UNREF:
	case HIVE_FIELD_KPTR_REF:
	case HIVE_FIELD_KPTR_PERCPU:
	case HIVE_FIELD_UPTR:
		return parse_kptr(f, info, field);
	case HIVE_FIELD_LIST_HEAD:
		return parse_graph_root(f, info, "bpf_list_node", field);
	case HIVE_FIELD_RB_ROOT:
		return parse_graph_root(f, info, "bpf_rb_node", field);
	default:
		return 0;
	}
}

/* Say which record-level rule btf_record_finalize() applied (same order as it checks). */
static void explain_record(struct finder *f, const struct hive_record *rec, int err)
{
	uint32_t kinds = 0, lock = HIVE_FIELD_SPIN_LOCK | HIVE_FIELD_RES_SPIN_LOCK;

	if (f->quiet || f->msg[0])
		return;
	for (uint32_t i = 0; i < rec->cnt; i++)
		kinds |= rec->fields[i].kind;
	if (err == -E2BIG)
		snprintf(f->msg, sizeof(f->msg),
			 "a lock, timer, workqueue, task work or refcount appears twice: the "
			 "kernel keeps only one (and WARNs)");
	else if ((kinds & lock) == lock)
		snprintf(f->msg, sizeof(f->msg), "both a bpf_spin_lock and a bpf_res_spin_lock");
	else if ((kinds & HIVE_FIELD_GRAPH_ROOT) && !(kinds & lock))
		snprintf(f->msg, sizeof(f->msg),
			 "a bpf_list_head or bpf_rb_root needs a bpf_spin_lock in the same value");
	else if ((kinds & HIVE_FIELD_GRAPH_NODE) == HIVE_FIELD_GRAPH_NODE)
		snprintf(f->msg, sizeof(f->msg),
			 "a bpf_list_node and a bpf_rb_node in one type need a bpf_refcount");
	else
		snprintf(f->msg, sizeof(f->msg), "invalid special-field layout");
}

/* Kinds the record caches one offset of: a second one is where the kernel WARNs. */
#define CACHED_KINDS (HIVE_FIELD_UNIQUE | HIVE_FIELD_REFCOUNT)

/* One field of phase 2: bounds, overlap with the previous field, a second cached kind (our
 * deliberate -E2BIG where the kernel WARNs and goes on), then the kind's own resolution. */
static int build_one(struct finder *f, const struct field_info *info, uint64_t next_off,
		     uint32_t *cached, uint32_t value_size, struct hive_field *field)
{
	const char *name = btf_field_type_name(info->kind);

	f->cur_id = info->where_id;
	f->cur_idx = info->where_idx;
	if ((uint64_t)info->off + btf_field_size(info->kind) > value_size)
		return fail(f, -EFAULT, "%s at offset %u ends past the value size %u", name,
			    info->off, value_size);
	if (info->off < next_off)
		return fail(f, -EEXIST, "%s at offset %u overlaps the previous special field", name,
			    info->off);
	if (info->kind & *cached & CACHED_KINDS)
		return fail(f, -E2BIG,
			    "a second %s (offset %u) in one value: the kernel keeps only one (and "
			    "WARNs)",
			    name, info->off);
	*cached |= info->kind;
	return parse_one(f, info, field);
}

/* Phase 2: fields in discovery order, then the record-level rules. */
static struct hive_record *build_record(struct finder *f, const struct field_info *info, int cnt,
					uint32_t value_size)
{
	struct hive_record *rec = btf_record_new(cnt);
	uint64_t next_off = 0;
	uint32_t cached = 0;
	int err = 0;

	if (!rec)
		return ERR_PTR(-ENOMEM);
	for (int i = 0; i < cnt && !err; i++) {
		struct hive_field field;

		err = build_one(f, &info[i], next_off, &cached, value_size, &field) ?:
			      btf_record_add(rec, &field);
		next_off = (uint64_t)info[i].off + btf_field_size(info[i].kind);
	}
	if (!err) {
		err = btf_record_finalize(rec, value_size);
		if (err)
			explain_record(f, rec, err);
	}
	if (err) {
		btf_record_free(rec);
		return ERR_PTR(err);
	}
	return rec;
}

/* Discovery then building, for a finder already set up. */
static struct hive_record *parse_fields(struct finder *f, uint32_t type_id, uint32_t value_size)
{
	const struct btf_type *t = btf_type_by_id(f->btf, type_id);
	struct field_info info[BTF_FIELDS_MAX];
	int cnt;

	f->msg[0] = 0;
	f->cur_id = type_id;
	f->cur_idx = -1;
	f->deepest = 0;
	if (t && btf_is_struct(t))
		cnt = find_struct_fields(f, type_id, info, BTF_FIELDS_MAX, 0);
	else if (t && btf_is_datasec(t))
		cnt = find_datasec_fields(f, type_id, info, BTF_FIELDS_MAX);
	else
		cnt = fail(f, -EINVAL, "special fields are only searched in a STRUCT or DATASEC");
	if (cnt < 0)
		return ERR_PTR(cnt);
	if (cnt == 0)
		return NULL;
	return build_record(f, info, cnt, value_size);
}

/* "STRUCT 'foo' [5]": what a message is about. */
static void describe(const struct hive_btf *btf, uint32_t id, char *buf, size_t sz)
{
	const struct btf_type *t = btf_type_by_id(btf, id);

	snprintf(buf, sz, "%s '%s' [%u]", t ? btf_kind_str(btf_kind(t)) : "type",
		 type_name(btf, id), id);
}

/* ---- public API ---- */

struct hive_record *btf_parse_fields(const struct hive_btf *btf, uint32_t type_id,
				     uint32_t field_mask, uint32_t value_size,
				     const struct btf_fields_ctx *ctx)
{
	struct finder f = { .btf = btf, .ctx = ctx, .mask = field_mask };
	struct hive_record *rec;
	char what[160];

	f.memo = calloc(btf_type_cnt(btf), 1); /* optional: only saves work */
	rec = parse_fields(&f, type_id, value_size);
	free(f.memo);
	if (IS_ERR(rec)) {
		describe(btf, type_id, what, sizeof(what));
		report(ctx, what, f.msg[0] ? f.msg : "cannot build the special-field record",
		       (int)PTR_ERR(rec));
	}
	return rec;
}

/* ---- struct metas (BPF_BTF_LOAD) ---- */

struct btf_struct_metas {
	const struct hive_btf *btf;
	struct hive_struct_meta *v; /* sorted by type id */
	size_t cnt, cap;
};

/* The special structs whose direct presence gives a struct a meta (no res spin lock: the
 * kernel's alloc_obj_fields[] does not list it). */
static const char *const alloc_obj_fields[] = {
	"bpf_spin_lock", "bpf_list_head", "bpf_list_node",
	"bpf_rb_root",	 "bpf_rb_node",	  "bpf_refcount",
};

static bool bit_test(const uint8_t *set, uint32_t id)
{
	return set[id / 8] & (1U << (id % 8));
}

/*
 * Type ids that make a struct a local object type when used as a direct member: the first
 * struct of each alloc_obj_fields[] name and every PTR (or VOLATILE PTR) tagged kptr,
 * kptr_untrusted or percpu_kptr to a struct. Member types are compared by id, so an array of
 * heads or a typedef of a lock does not count.
 */
static uint8_t *meta_trigger_ids(struct finder *f, uint32_t n)
{
	uint8_t *set = calloc(n / 8 + 1, 1);
	struct field_info tmp;

	if (!set)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(alloc_obj_fields); i++) {
		int id = find_struct(f->btf, alloc_obj_fields[i]);

		if (id > 0)
			set[id / 8] |= 1U << (id % 8);
	}
	f->quiet = true;
	f->mask = HIVE_FIELD_KPTR;
	for (uint32_t id = 1; id < n; id++) {
		const struct btf_type *t = btf_type_by_id(f->btf, id);

		if (t && find_kptr(f, t, 0, &tmp) == FIELD_FOUND)
			set[id / 8] |= 1U << (id % 8);
	}
	f->quiet = false;
	return set;
}

static bool has_trigger_member(const struct btf_type *t, const uint8_t *set, uint32_t n)
{
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		uint32_t id = btf_members(t)[i].type;

		if (id < n && bit_test(set, id))
			return true;
	}
	return false;
}

static int add_meta(struct btf_struct_metas *tab, uint32_t id, uint32_t size,
		    struct hive_record *rec)
{
	int err = hive_ensure_mem((void **)&tab->v, &tab->cap, sizeof(*tab->v), tab->cnt + 1);

	if (err)
		return err;
	tab->v[tab->cnt++] = (struct hive_struct_meta){ .type = { .btf = tab->btf, .id = id },
							.size = size,
							.record = rec };
	return 0;
}

/* Parse the record of every struct that qualifies (in id order, first error wins). */
static int collect_metas(struct finder *f, struct btf_struct_metas *tab, char *what, size_t sz)
{
	uint32_t n = btf_type_cnt(f->btf);
	uint8_t *set = meta_trigger_ids(f, n);
	int err = 0;

	if (!set)
		return -ENOMEM;
	f->mask = HIVE_FIELD_LOCAL_OBJ_MASK;
	for (uint32_t id = 1; id < n && !err; id++) {
		const struct btf_type *t = btf_type_by_id(f->btf, id);
		struct hive_record *rec;

		if (!t || !btf_is_struct(t) || !has_trigger_member(t, set, n))
			continue;
		rec = parse_fields(f, id, t->size);
		if (IS_ERR(rec))
			err = (int)PTR_ERR(rec);
		else if (!rec)
			err = fail(f, -EFAULT,
				   "its special members are not fields (wrong size or misaligned), "
				   "so it has no record");
		else if ((err = add_meta(tab, id, t->size, rec)))
			btf_record_free(rec);
		if (err)
			describe(f->btf, id, what, sz);
	}
	free(set);
	return err;
}

/* Why btf_record_check_and_fixup() failed on @rec: the first root at fault. */
static void explain_fixup(struct finder *f, const struct btf_struct_metas *tab,
			  const struct hive_record *rec, int err)
{
	for (uint32_t i = 0; i < rec->cnt; i++) {
		const struct hive_field *fld = &rec->fields[i];
		const struct hive_struct_meta *m;
		const char *vname;

		if (!(fld->kind & HIVE_FIELD_GRAPH_ROOT))
			continue;
		m = btf_struct_meta_find(tab, fld->graph_root.value_type.id);
		vname = type_name(f->btf, fld->graph_root.value_type.id);
		if (!m && err == -EFAULT) {
			snprintf(f->msg, sizeof(f->msg),
				 "the %s at offset %u contains struct '%s', which is not a local "
				 "object type (no struct meta)",
				 btf_field_type_name(fld->kind), fld->offset, vname);
			return;
		}
		if (m && err == -ELOOP && btf_record_has_field(m->record, HIVE_FIELD_GRAPH_ROOT)) {
			snprintf(
				f->msg, sizeof(f->msg),
				"ownership cycle or chain too deep: this type can be owned (it has a "
				"graph node) and its %s at offset %u owns struct '%s', which owns "
				"others in turn",
				btf_field_type_name(fld->kind), fld->offset, vname);
			return;
		}
	}
	snprintf(f->msg, sizeof(f->msg), "ownership check failed");
}

/* Spec A.5 on every meta, in id order. */
static int fixup_metas(struct finder *f, struct btf_struct_metas *tab, char *what, size_t sz)
{
	for (size_t i = 0; i < tab->cnt; i++) {
		int err =
			btf_record_check_and_fixup(tab->v[i].record, btf_struct_metas_lookup, tab);

		if (err) {
			describe(f->btf, tab->v[i].type.id, what, sz);
			explain_fixup(f, tab, tab->v[i].record, err);
			return err;
		}
	}
	return 0;
}

struct btf_struct_metas *btf_parse_struct_metas(const struct hive_btf *btf,
						const struct btf_fields_ctx *ctx)
{
	struct finder f = { .btf = btf, .ctx = ctx };
	struct btf_struct_metas *tab = calloc(1, sizeof(*tab));
	char what[160] = "BTF";
	int err;

	if (!tab)
		return ERR_PTR(-ENOMEM);
	tab->btf = btf;
	/* one memo for all parses: they share the mask */
	f.memo = calloc(btf_type_cnt(btf), 1);
	err = collect_metas(&f, tab, what, sizeof(what));
	err = err ?: fixup_metas(&f, tab, what, sizeof(what));
	free(f.memo);
	if (err) {
		report(ctx, what, f.msg[0] ? f.msg : "cannot build the struct metas", err);
		btf_struct_metas_free(tab);
		return ERR_PTR(err);
	}
	return tab;
}

void btf_struct_metas_free(struct btf_struct_metas *tab)
{
	if (IS_ERR_OR_NULL(tab))
		return;
	for (size_t i = 0; i < tab->cnt; i++)
		btf_record_free(tab->v[i].record);
	free(tab->v);
	free(tab);
}

uint32_t btf_struct_metas_cnt(const struct btf_struct_metas *tab)
{
	return IS_ERR_OR_NULL(tab) ? 0 : (uint32_t)tab->cnt;
}

const struct hive_struct_meta *btf_struct_meta_at(const struct btf_struct_metas *tab, uint32_t idx)
{
	return idx < btf_struct_metas_cnt(tab) ? &tab->v[idx] : NULL;
}

const struct hive_struct_meta *btf_struct_meta_find(const struct btf_struct_metas *tab,
						    uint32_t type_id)
{
	size_t lo = 0, hi = btf_struct_metas_cnt(tab);

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (tab->v[mid].type.id == type_id)
			return &tab->v[mid];
		if (tab->v[mid].type.id < type_id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const struct hive_struct_meta *btf_struct_metas_lookup(struct hive_type_id type, void *ctx)
{
	const struct btf_struct_metas *tab = ctx;

	if (IS_ERR_OR_NULL(tab) || type.btf != tab->btf)
		return NULL;
	return btf_struct_meta_find(tab, type.id);
}

/* ---- map values (BPF_MAP_CREATE) ---- */

/*
 * The kernel's btf_type_id_size(): follow modifiers, typedefs and VARs to a sized type; arrays
 * and pointers are sized types themselves. Returns the type reached (its id in *id) or NULL.
 */
static const struct btf_type *sized_type(const struct hive_btf *btf, uint32_t *id, uint32_t *size)
{
	const struct btf_type *t = btf_type_by_id(btf, *id);
	int64_t sz;

	for (int depth = 0; t && depth < BTF_MAX_RESOLVE_DEPTH; depth++) {
		if (!btf_is_mod(t) && !btf_is_typedef(t) && !btf_is_var(t))
			break;
		*id = t->type;
		t = btf_type_by_id(btf, *id);
	}
	if (!t || !*id)
		return NULL;
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
	case BTF_KIND_DATASEC:
	case BTF_KIND_FLOAT:
		*size = t->size;
		return t;
	case BTF_KIND_PTR:
		*size = (uint32_t)btf_ptr_size(btf);
		return t;
	case BTF_KIND_ARRAY:
		sz = btf_resolve_size(btf, *id);
		if (sz < 0 || sz > UINT32_MAX)
			return NULL;
		*size = (uint32_t)sz;
		return t;
	default:
		return NULL;
	}
}

static bool type_in(uint32_t type, const uint32_t *types, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (types[i] == type)
			return true;
	return false;
}

/* Map types that may hold each kind (map_check_btf's switch); NULL list: none may. */
static int check_map_kinds(const struct hive_record *rec, uint32_t map_type, char *msg, size_t sz)
{
	static const uint32_t lock[] = { BPF_MAP_TYPE_HASH,	      BPF_MAP_TYPE_ARRAY,
					 BPF_MAP_TYPE_CGROUP_STORAGE, BPF_MAP_TYPE_SK_STORAGE,
					 BPF_MAP_TYPE_INODE_STORAGE,  BPF_MAP_TYPE_TASK_STORAGE,
					 BPF_MAP_TYPE_CGRP_STORAGE };
	static const uint32_t timer[] = { BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_LRU_HASH,
					  BPF_MAP_TYPE_ARRAY };
	static const uint32_t kptr[] = { BPF_MAP_TYPE_HASH,	    BPF_MAP_TYPE_PERCPU_HASH,
					 BPF_MAP_TYPE_LRU_HASH,	    BPF_MAP_TYPE_LRU_PERCPU_HASH,
					 BPF_MAP_TYPE_ARRAY,	    BPF_MAP_TYPE_PERCPU_ARRAY,
					 BPF_MAP_TYPE_SK_STORAGE,   BPF_MAP_TYPE_INODE_STORAGE,
					 BPF_MAP_TYPE_TASK_STORAGE, BPF_MAP_TYPE_CGRP_STORAGE };
	static const uint32_t uptr[] = { BPF_MAP_TYPE_TASK_STORAGE };

	for (uint32_t bit = 1; bit; bit <<= 1) {
		bool ok = false;

		if (!(rec->field_mask & bit))
			continue;
		if (bit & (HIVE_FIELD_SPIN_LOCK | HIVE_FIELD_RES_SPIN_LOCK))
			ok = type_in(map_type, lock, ARRAY_SIZE(lock));
		else if (bit & (HIVE_FIELD_TIMER | HIVE_FIELD_WQ | HIVE_FIELD_TASK_WORK |
				HIVE_FIELD_GRAPH_ROOT))
			ok = type_in(map_type, timer, ARRAY_SIZE(timer));
		else if (bit & (HIVE_FIELD_KPTR | HIVE_FIELD_REFCOUNT))
			ok = type_in(map_type, kptr, ARRAY_SIZE(kptr));
		else if (bit & HIVE_FIELD_UPTR)
			ok = type_in(map_type, uptr, ARRAY_SIZE(uptr));
		if (!ok) {
			snprintf(msg, sz, "map type %u cannot hold a %s", map_type,
				 btf_field_type_name(bit));
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

/* btf_check_and_fixup_fields()' uptr rules: a program type of 1..4096 bytes. */
static int check_uptrs(const struct hive_btf *btf, const struct hive_record *rec, char *msg,
		       size_t sz)
{
	for (uint32_t i = 0; rec && i < rec->cnt; i++) {
		const struct hive_field *fld = &rec->fields[i];
		const struct btf_type *t;

		if (fld->kind != HIVE_FIELD_UPTR)
			continue;
		if (!fld->kptr.local) {
			snprintf(msg, sz, "the uptr at offset %u points to a kernel type",
				 fld->offset);
			return -EINVAL;
		}
		t = btf_type_by_id(btf, fld->kptr.type.id);
		if (!t->size || t->size > PAGE_SIZE_4K) {
			snprintf(msg, sz,
				 "the uptr at offset %u points to a %u-byte struct (1 to %d)",
				 fld->offset, t->size, PAGE_SIZE_4K);
			return t->size ? -E2BIG : -EINVAL;
		}
	}
	return 0;
}

/* The map types' own map_check_btf: array keys, global-data arrays, local storage keys. */
static int key_rules(const struct btf_map_def *def, const struct btf_type *key, bool keyless,
		     const struct btf_type *value, char *msg, size_t sz)
{
	static const uint32_t storage[] = { BPF_MAP_TYPE_SK_STORAGE, BPF_MAP_TYPE_INODE_STORAGE,
					    BPF_MAP_TYPE_TASK_STORAGE, BPF_MAP_TYPE_CGRP_STORAGE };
	bool array = def->map_type == BPF_MAP_TYPE_ARRAY ||
		     def->map_type == BPF_MAP_TYPE_PERCPU_ARRAY;

	if (array && keyless) {
		/* libbpf's global data maps: a 1-entry ARRAY whose value is the DATASEC */
		if (def->map_type == BPF_MAP_TYPE_ARRAY && def->max_entries == 1 &&
		    btf_is_datasec(value))
			return 0;
		snprintf(msg, sz, "only a 1-entry ARRAY of a DATASEC may have no key type");
		return -EINVAL;
	}
	if (array && (!btf_is_int(key) || btf_int_bits(key) != 32 || btf_int_offset(key))) {
		snprintf(msg, sz, "an array map's key type must be a 32-bit integer");
		return -EINVAL;
	}
	if (type_in(def->map_type, storage, ARRAY_SIZE(storage)) &&
	    (keyless || !btf_is_int(key) || key->size != 4)) {
		snprintf(msg, sz, "a local storage map's key type must be a 32-bit integer");
		return -EINVAL;
	}
	return 0;
}

/* Map types known to have no map_check_btf of their own: they need a key type. */
static bool needs_key_type(uint32_t map_type)
{
	static const uint32_t hashes[] = { BPF_MAP_TYPE_HASH, BPF_MAP_TYPE_PERCPU_HASH,
					   BPF_MAP_TYPE_LRU_HASH, BPF_MAP_TYPE_LRU_PERCPU_HASH };

	return type_in(map_type, hashes, ARRAY_SIZE(hashes));
}

/* Sizes, then the value's record (parse errors only warn), then the map-side rules. */
static int map_check(struct finder *f, const struct btf_struct_metas *metas,
		     const struct btf_map_def *def, struct hive_record **out, int *fields_err)
{
	uint32_t key_id = def->key_type_id, val_id = def->value_type_id, size = 0;
	const struct btf_type *key = NULL, *val;
	struct hive_record *rec;
	int err = 0;

	if (key_id && (!(key = sized_type(f->btf, &key_id, &size)) || size != def->key_size))
		return say(f, -EINVAL, "key type [%u] is not %u bytes", def->key_type_id,
			   def->key_size);
	if (!key_id && needs_key_type(def->map_type))
		return say(f, -EINVAL, "this map type needs a key type");
	val = sized_type(f->btf, &val_id, &size);
	if (!val || size != def->value_size)
		return say(f, -EINVAL, "value type [%u] is not %u bytes", def->value_type_id,
			   def->value_size);
	rec = parse_fields(f, val_id, def->value_size);
	if (IS_ERR(rec)) {
		*fields_err = (int)PTR_ERR(rec);
		return 0;
	}
	if (rec && (def->map_flags & (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG)))
		err = say(f, -EACCES,
			  "a value with special fields cannot be BPF_F_RDONLY_PROG/WRONLY_PROG");
	err = err ?: rec ? check_map_kinds(rec, def->map_type, f->msg, sizeof(f->msg)) : 0;
	err = err ?: check_uptrs(f->btf, rec, f->msg, sizeof(f->msg));
	if (!err) {
		err = btf_record_check_and_fixup(rec, btf_struct_metas_lookup, (void *)metas);
		if (err)
			explain_fixup(f, metas, rec, err);
	}
	err = err ?: key_rules(def, key, !key_id, val, f->msg, sizeof(f->msg));
	if (err) {
		btf_record_free(rec);
		return err;
	}
	*out = rec;
	return 0;
}

int btf_map_check_btf(const struct hive_btf *btf, const struct btf_struct_metas *metas,
		      const struct btf_map_def *def, const struct btf_fields_ctx *ctx,
		      struct hive_record **rec, int *fields_err)
{
	struct finder f = { .btf = btf, .ctx = ctx, .mask = HIVE_FIELD_MAP_VALUE_MASK };
	int err, ferr = 0;
	char what[200];

	*rec = NULL;
	f.memo = calloc(btf_type_cnt(btf), 1);
	err = map_check(&f, metas, def, rec, &ferr);
	free(f.memo);
	describe(btf, def->value_type_id, what, sizeof(what));
	if (ferr) {
		/* the kernel creates the map anyway: these bytes are plain memory */
		char warn[sizeof(f.msg) + 64];

		snprintf(warn, sizeof(warn), "%s; its special fields are ignored",
			 f.msg[0] ? f.msg : "invalid special fields");
		report(ctx, what, warn, ferr);
	} else if (err) {
		report(ctx, what, f.msg[0] ? f.msg : "map BTF check failed", err);
	}
	if (fields_err)
		*fields_err = ferr;
	return err;
}
