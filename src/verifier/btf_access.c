// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/btf_access.c: BTF walks for the verifier (kernel/bpf/btf.c's verifier helpers).
 *
 * A PTR_TO_BTF_ID register points to a struct of a known type. A load at an offset walks the
 * struct's members (into nested structs and arrays) until the offset lands on a scalar (the
 * load gives a number), a pointer to a struct (the load gives another PTR_TO_BTF_ID, whose
 * trust is decided by the caller) or something else (the load is refused). The same walk
 * answers "does a pointer to X at offset off also point to a Y?" (an X whose first member is
 * a Y), which argument checks use.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "verifier/btf_access.h"
#include "verifier/progops.h"

#define MAX_RESOLVE_DEPTH 32

const struct btf_type *kbtf_skip_modifiers(const struct hive_btf *btf, u32 id, u32 *res_id)
{
	const struct btf_type *t = btf_type_by_id(btf, id);

	for (int i = 0; t && kbtf_is_modifier(t) && i < MAX_RESOLVE_DEPTH; i++) {
		id = t->type;
		t = btf_type_by_id(btf, id);
	}
	if (res_id)
		*res_id = id;
	return t;
}

const char *kbtf_type_str(const struct btf_type *t)
{
	return t ? btf_kind_str(btf_kind(t)) : "UNKNOWN";
}

bool btf_is_kernel_btf(const struct bpf_verifier_env *env, const struct hive_btf *btf)
{
	return btf != env->in->btf;
}

bool reg_btf_is_local(const struct bpf_verifier_env *env, const struct bpf_reg_state *reg)
{
	return !btf_is_kernel_btf(env, reg->btf);
}

const struct btf_type *btf_resolve_ptr_type(const struct hive_btf *btf, u32 id)
{
	const struct btf_type *t = kbtf_skip_modifiers(btf, id, NULL);

	if (!t || !btf_is_ptr(t))
		return NULL;
	t = kbtf_skip_modifiers(btf, t->type, NULL);
	return kbtf_is_struct(t) ? t : NULL;
}

/* btf_type_resolve_func_ptr(): the FUNC_PROTO a pointer type @id points to, or NULL. */
const struct btf_type *btf_resolve_func_ptr(const struct hive_btf *btf, u32 id)
{
	const struct btf_type *t = kbtf_skip_modifiers(btf, id, NULL);

	if (!t || !btf_is_ptr(t))
		return NULL;
	t = kbtf_skip_modifiers(btf, t->type, NULL);
	return t && btf_is_func_proto(t) ? t : NULL;
}

bool kbtf_is_struct_ptr(const struct hive_btf *btf, const struct btf_type *t)
{
	if (!t || !btf_is_ptr(t))
		return false;
	t = kbtf_skip_modifiers(btf, t->type, NULL);
	return kbtf_is_struct(t);
}

bool btf_param_match_suffix(const struct hive_btf *btf, const struct btf_param *arg,
			    const char *suffix)
{
	const char *param_name = btf_str_by_offset(btf, arg->name_off);
	size_t suffix_len = strlen(suffix), len;

	if (!param_name || !*param_name)
		return false;
	len = strlen(param_name);
	if (len <= suffix_len)
		return false;
	return !strncmp(param_name + len - suffix_len, suffix, suffix_len);
}

/* ---- sizes ---- */

struct resolved {
	const struct btf_type *type; /* the array itself for arrays, else the sized type */
	const struct btf_type *elem_type; /* innermost element (or the type) */
	u32 size, elem_id, total_nelems, type_id;
};

/* __btf_resolve_size(): size through modifiers and (multi-dimensional) arrays. */
static int resolve_size(const struct hive_btf *btf, const struct btf_type *type, u32 id,
			struct resolved *r)
{
	const struct btf_type *array_type = NULL;
	const struct btf_array *array = NULL;
	u64 nelems = 1;
	u32 size = 0;

	r->type_id = id;
	for (int i = 0; i < MAX_RESOLVE_DEPTH && type; i++) {
		switch (btf_kind(type)) {
		case BTF_KIND_INT:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_ENUM:
		case BTF_KIND_FLOAT:
		case BTF_KIND_ENUM64:
			size = type->size;
			goto resolved;
		case BTF_KIND_PTR:
			size = 8;
			goto resolved;
		case BTF_KIND_TYPEDEF:
		case BTF_KIND_VOLATILE:
		case BTF_KIND_CONST:
		case BTF_KIND_RESTRICT:
		case BTF_KIND_TYPE_TAG:
			r->type_id = type->type;
			type = btf_type_by_id(btf, type->type);
			break;
		case BTF_KIND_ARRAY:
			if (!array_type)
				array_type = type;
			array = btf_array(type);
			nelems *= array->nelems;
			if (nelems > U32_MAX)
				return -EINVAL;
			type = btf_type_by_id(btf, array->type);
			break;
		default:
			return -EINVAL;
		}
	}
	return -EINVAL;
resolved:
	if (nelems && size > U32_MAX / nelems)
		return -EINVAL;
	r->size = (u32)(nelems * size);
	r->total_nelems = (u32)nelems;
	r->elem_type = type;
	r->elem_id = array ? array->type : 0;
	r->type = array_type ? array_type : type;
	return 0;
}

/* ---- struct walks ---- */

enum { WALK_SCALAR = 0, WALK_PTR, WALK_PTR_UNTRUSTED, WALK_STRUCT };

static u32 pointer_tag_flag(const struct hive_btf *btf, const struct btf_type *mtype)
{
	const struct btf_type *t = btf_type_by_id(btf, mtype->type);
	const char *tag_value;

	if (!t || !btf_is_type_tag(t) || btf_kflag(t))
		return 0;
	tag_value = btf_str_by_offset(btf, t->name_off);
	if (!strcmp(tag_value, "user"))
		return MEM_USER;
	if (!strcmp(tag_value, "percpu"))
		return MEM_PERCPU;
	if (!strcmp(tag_value, "rcu"))
		return MEM_RCU;
	return 0;
}

/* Past the end: only a trailing flexible array of ints or structs is walkable. */
static int walk_flex_array(struct bpf_verifier_env *env, const struct hive_btf *btf,
			   const struct btf_type **t, int *off, int size, const char *tname)
{
	u32 vlen = btf_vlen(*t), moff;
	const struct btf_member *member;
	const struct btf_type *mtype;

	if (vlen == 0)
		goto error;
	member = btf_members(*t) + vlen - 1;
	mtype = kbtf_skip_modifiers(btf, member->type, NULL);
	if (!mtype || !btf_is_array(mtype) || btf_array(mtype)->nelems != 0)
		goto error;
	moff = btf_member_bit_offset(*t, vlen - 1) / 8;
	if ((u32)*off < moff)
		goto error;
	mtype = kbtf_skip_modifiers(btf, btf_array(mtype)->type, NULL);
	if (mtype && btf_is_int(mtype))
		return WALK_SCALAR;
	if (!kbtf_is_struct(mtype))
		goto error;
	*off = (int)((*off - moff) % mtype->size);
	*t = mtype;
	return -EAGAIN;
error:
	verbose(env, "access beyond struct %s at off %u size %u\n", tname, *off, size);
	return -EACCES;
}

static int walk_member_ptr(struct bpf_verifier_env *env, const struct hive_btf *btf,
			   const struct btf_type *mtype, u32 moff, u32 msize, int off, int size,
			   const char *mname, const char *tname, u32 *next_btf_id, u32 *flag,
			   const char **field_name)
{
	const struct btf_type *stype;
	u32 tmp_flag, id;

	if (msize != (u32)size || (u32)off != moff) {
		verbose(env,
			"cannot access ptr member %s with moff %u in struct %s with off %u size %u\n",
			mname, moff, tname, off, size);
		return -EACCES;
	}
	tmp_flag = pointer_tag_flag(btf, mtype);
	stype = kbtf_skip_modifiers(btf, mtype->type, &id);
	if (kbtf_is_struct(stype)) {
		*next_btf_id = id;
		*flag |= tmp_flag;
		if (field_name)
			*field_name = mname;
		return WALK_PTR;
	}
	return WALK_PTR_UNTRUSTED;
}

static int btf_struct_walk(struct bpf_verifier_env *env, const struct hive_btf *btf,
			   const struct btf_type *t, int off, int size, u32 *next_btf_id, u32 *flag,
			   const char **field_name)
{
	const char *tname, *mname;
	u32 i, moff, mtrue_end;
	int ret;

again:
	if (kbtf_is_modifier(t))
		t = kbtf_skip_modifiers(btf, t->type, NULL);
	tname = t ? btf_name(btf, t->name_off) : "";
	if (!kbtf_is_struct(t)) {
		verbose(env, "Type '%s' is not a struct\n", tname);
		return -EINVAL;
	}
	/* walking unions (other than single-member ones) gives untrusted pointers */
	if (btf_is_union(t) && btf_vlen(t) != 1 && !(*flag & PTR_UNTRUSTED))
		*flag |= PTR_UNTRUSTED;
	if ((u32)(off + size) > t->size) {
		ret = walk_flex_array(env, btf, &t, &off, size, tname);
		if (ret == -EAGAIN)
			goto again;
		return ret;
	}
	for (i = 0; i < btf_vlen(t); i++) {
		const struct btf_member *member = btf_members(t) + i;
		u32 bitfield = btf_member_bitfield_size(t, i);
		const struct btf_type *mtype;
		struct resolved r;
		u32 mid;

		moff = btf_member_bit_offset(t, i) / 8;
		if ((u32)(off + size) <= moff)
			break;
		if (bitfield) {
			u32 end_bit = btf_member_bit_offset(t, i) + bitfield;

			/* an access covering the whole bitfield reads a scalar */
			if ((u32)off <= moff && (end_bit + 7) / 8 <= (u32)(off + size))
				return WALK_SCALAR;
			continue;
		}
		if ((u32)off < moff)
			break; /* a hole */
		mname = btf_name(btf, member->name_off);
		if (resolve_size(btf, btf_type_by_id(btf, member->type), member->type, &r)) {
			verbose(env, "field %s doesn't have size\n", mname);
			return -EFAULT;
		}
		mtype = r.type;
		mid = r.type_id;
		mtrue_end = moff + r.size;
		if ((u32)off >= mtrue_end)
			continue;
		if (btf_is_array(mtype)) {
			u32 msize, elem_idx;

			if (moff == mtrue_end)
				continue; /* empty array */
			/* a (multi-dimensional) array is a run of its elements */
			msize = r.size / r.total_nelems;
			elem_idx = ((u32)off - moff) / msize;
			moff += elem_idx * msize;
			mtype = r.elem_type;
			mid = r.elem_id;
			r.size = msize;
		}
		if (kbtf_is_struct(mtype)) {
			t = mtype;
			if ((u32)off == moff) {
				*next_btf_id = mid;
				return WALK_STRUCT;
			}
			off -= (int)moff;
			goto again;
		}
		if (btf_is_ptr(mtype))
			return walk_member_ptr(env, btf, mtype, moff, r.size, off, size, mname,
					       tname, next_btf_id, flag, field_name);
		/* ints (and int arrays as scratch space, like skb->cb) up to the member's end */
		if ((u32)(off + size) > mtrue_end && !(*flag & PTR_UNTRUSTED)) {
			verbose(env,
				"access beyond the end of member %s (mend:%u) in struct %s with off %u "
				"size %u\n",
				mname, mtrue_end, tname, off, size);
			return -EACCES;
		}
		return WALK_SCALAR;
	}
	verbose(env, "struct %s doesn't have field at offset %d\n", tname, off);
	return -EINVAL;
}

int btf_struct_access(struct bpf_verifier_env *env, const struct bpf_reg_state *reg, int off,
		      int size, u32 *next_btf_id, u32 *flag, const char **field_name)
{
	const struct hive_btf *btf = reg->btf;
	const struct btf_type *t;
	u32 id = reg->btf_id, tmp_flag = 0;
	int err;

	if (type_is_alloc(reg->type)) {
		const struct hive_record *rec = verifier_struct_record(btf, id);

		/* special fields of local objects are off limits */
		for (u32 i = 0; rec && i < rec->cnt; i++) {
			const struct hive_field *field = &rec->fields[i];

			if ((u32)off < field->offset + field->size &&
			    field->offset < (u32)(off + size)) {
				verbose(env, "direct access to %s is disallowed\n",
					btf_field_type_name(field->kind));
				return -EACCES;
			}
		}
	}
	t = btf_type_by_id(btf, id);
	do {
		err = btf_struct_walk(env, btf, t, off, size, &id, &tmp_flag, field_name);
		switch (err) {
		case WALK_PTR:
			/* a local object's fields never become pointers again */
			if (type_is_alloc(reg->type))
				return SCALAR_VALUE;
			*next_btf_id = id;
			*flag = tmp_flag;
			return PTR_TO_BTF_ID;
		case WALK_PTR_UNTRUSTED:
			*flag = MEM_RDONLY | PTR_UNTRUSTED;
			return PTR_TO_MEM;
		case WALK_SCALAR:
			return SCALAR_VALUE;
		case WALK_STRUCT:
			/* a nested struct at the offset: keep looking inside it */
			t = btf_type_by_id(btf, id);
			off = 0;
			break;
		default:
			return err > 0 ? -EINVAL : err;
		}
	} while (t);
	return -EINVAL;
}

bool btf_types_are_same(const struct hive_btf *btf1, u32 id1, const struct hive_btf *btf2, u32 id2)
{
	if (id1 != id2)
		return false;
	if (btf1 == btf2)
		return true;
	return btf_type_by_id(btf1, id1) == btf_type_by_id(btf2, id2);
}

bool btf_struct_ids_match(struct bpf_verifier_env *env, const struct hive_btf *btf, u32 id, int off,
			  const struct hive_btf *need_btf, u32 need_type_id, bool strict)
{
	u32 flag = 0;
	u64 saved = env->log.end_pos;

	if (off == 0 && btf_types_are_same(btf, id, need_btf, need_type_id))
		return true;
	if (strict)
		return false;
	(void)saved;
	for (;;) {
		const struct btf_type *type = btf_type_by_id(btf, id);

		if (!type)
			return false;
		/* is there a struct starting at off? */
		if (btf_struct_walk(env, btf, type, off, 1, &id, &flag, NULL) != WALK_STRUCT)
			return false;
		if (btf_types_are_same(btf, id, need_btf, need_type_id))
			return true;
		off = 0;
	}
}

/* "<type><suffix>" structs of the kernel BTF list fields that stay trusted (task__safe_rcu). */
bool btf_nested_type_is_trusted(const struct bpf_reg_state *reg, const char *field_name, u32 btf_id,
				const char *suffix)
{
	const struct hive_btf *btf = reg->btf;
	const struct btf_type *walk_type, *safe_type;
	char safe_tname[64];
	int ret, safe_id;

	walk_type = btf_type_by_id(btf, reg->btf_id);
	if (!walk_type || !field_name)
		return false;
	ret = snprintf(safe_tname, sizeof(safe_tname), "%s%s", btf_name(btf, walk_type->name_off),
		       suffix);
	if (ret < 0 || (size_t)ret >= sizeof(safe_tname))
		return false;
	safe_id = btf_find_by_name_kind(btf, safe_tname, btf_kind(walk_type));
	if (safe_id < 0)
		return false;
	safe_type = btf_type_by_id(btf, (u32)safe_id);
	if (!safe_type)
		return false;
	for (u32 i = 0; i < btf_vlen(safe_type); i++) {
		const struct btf_member *member = btf_members(safe_type) + i;
		const struct btf_type *mtype = btf_type_by_id(btf, member->type);
		u32 id;

		if (!mtype || !btf_is_ptr(mtype))
			continue;
		kbtf_skip_modifiers(btf, mtype->type, &id);
		if (btf_id == id && !strcmp(field_name, btf_name(btf, member->name_off)))
			return true;
	}
	return false;
}

/* "nf_conn___init" may be passed where "nf_conn" is expected only without casts. */
bool btf_type_ids_nocast_alias(const struct hive_btf *reg_btf, u32 reg_id,
			       const struct hive_btf *arg_btf, u32 arg_id)
{
	static const char suffix[] = "___init";
	const struct btf_type *reg_type = btf_type_by_id(reg_btf, reg_id);
	const struct btf_type *arg_type = btf_type_by_id(arg_btf, arg_id);
	const char *reg_name, *arg_name, *needle;
	size_t reg_len, arg_len, cmp_len, pattern_len = sizeof(suffix) - 1;

	if (!reg_type || !arg_type)
		return false;
	reg_name = btf_name(reg_btf, reg_type->name_off);
	arg_name = btf_name(arg_btf, arg_type->name_off);
	reg_len = strlen(reg_name);
	arg_len = strlen(arg_name);
	if (reg_len == arg_len)
		return false;
	if (reg_len != arg_len + pattern_len && arg_len != reg_len + pattern_len)
		return false;
	if (reg_len < arg_len) {
		needle = strstr(arg_name, suffix);
		cmp_len = reg_len;
	} else {
		needle = strstr(reg_name, suffix);
		cmp_len = arg_len;
	}
	if (!needle || needle[pattern_len] != '\0')
		return false;
	return !strncmp(reg_name, arg_name, cmp_len);
}

bool btf_is_projection_of(const char *pname, const char *tname)
{
	return (!strcmp(pname, "__sk_buff") && !strcmp(tname, "sk_buff")) ||
	       (!strcmp(pname, "xdp_md") && !strcmp(tname, "xdp_buff"));
}

/* ---- the program's context type ---- */

/* Member "BPF_PROG_TYPE_<X>_prog" (or _kern) of vmlinux's struct bpf_ctx_convert. */
static int ctx_convert_member(struct bpf_verifier_env *env, u32 prog_type, const char *which)
{
	const struct hive_btf *vmlinux = env->in->vmlinux_btf;
	struct btf_member_info mi;
	const struct btf_type *e;
	const char *ename = NULL;
	char name[96];
	int conv, eid;

	if (!vmlinux)
		return -EINVAL;
	conv = btf_find_by_name_kind(vmlinux, "bpf_ctx_convert", BTF_KIND_STRUCT);
	eid = btf_find_by_name_kind(vmlinux, "bpf_prog_type", BTF_KIND_ENUM);
	if (conv < 0 || eid < 0)
		return -EINVAL;
	e = btf_type_by_id(vmlinux, (u32)eid);
	for (u32 i = 0; i < btf_vlen(e); i++)
		if (btf_enum(e)[i].val == (s32)prog_type)
			ename = btf_name(vmlinux, btf_enum(e)[i].name_off);
	if (!ename)
		return -EINVAL;
	snprintf(name, sizeof(name), "%s_%s", ename, which);
	if (btf_find_member(vmlinux, (u32)conv, name, &mi) < 0)
		return -EINVAL;
	return (int)mi.type;
}

static const struct btf_type *find_canonical_prog_ctx_type(struct bpf_verifier_env *env,
							   u32 prog_type)
{
	int id = ctx_convert_member(env, prog_type, "prog");

	return id < 0 ? NULL : btf_type_by_id(env->in->vmlinux_btf, (u32)id);
}

int get_kern_ctx_btf_id(struct bpf_verifier_env *env, u32 prog_type)
{
	int id = ctx_convert_member(env, prog_type, "kern");
	const struct btf_type *t;

	if (id < 0)
		return -EINVAL;
	t = btf_type_by_id(env->in->vmlinux_btf, (u32)id);
	if (!kbtf_is_struct(t)) {
		verbose(env, "kern ctx type id %u is not a struct\n", id);
		return -EINVAL;
	}
	return id;
}

static bool is_pt_regs_typedef(const struct hive_btf *btf, const struct btf_type **t)
{
	while (*t && kbtf_is_modifier(*t) && !btf_is_typedef(*t))
		*t = btf_type_by_id(btf, (*t)->type);
	if (*t && btf_is_typedef(*t)) {
		const char *tname = btf_name(btf, (*t)->name_off);

		return tname && !strcmp(tname, "bpf_user_pt_regs_t");
	}
	return false;
}

bool btf_is_prog_ctx_type(struct bpf_verifier_env *env, const struct hive_btf *btf,
			  const struct btf_type *t, u32 prog_type, int arg)
{
	const struct hive_btf *vmlinux = env->in->vmlinux_btf;
	const struct btf_type *ctx_type;
	const char *tname, *ctx_tname;

	t = btf_type_by_id(btf, t->type);
	if (prog_type == BPF_PROG_TYPE_KPROBE && is_pt_regs_typedef(btf, &t))
		return true;
	while (t && kbtf_is_modifier(t))
		t = btf_type_by_id(btf, t->type);
	if (!kbtf_is_struct(t))
		return false; /* only pointers to structs are contexts */
	tname = btf_name(btf, t->name_off);
	if (!tname) {
		verbose(env, "arg#%d struct doesn't have a name\n", arg);
		return false;
	}
	ctx_type = find_canonical_prog_ctx_type(env, prog_type);
	if (!ctx_type) {
		verbose(env, "btf_vmlinux is malformed\n");
		return false;
	}
	for (;;) {
		ctx_tname = btf_name(vmlinux, ctx_type->name_off);
		if (!ctx_tname || ctx_tname[0] == '\0')
			return false; /* unnamed contexts only take the arg:ctx tag */
		if (btf_is_projection_of(ctx_tname, tname))
			return true;
		if (!strcmp(ctx_tname, tname))
			return true;
		/* bpf_user_pt_regs_t: compare with the struct behind the typedef */
		if (!kbtf_is_modifier(ctx_type))
			return false;
		while (kbtf_is_modifier(ctx_type))
			ctx_type = btf_type_by_id(vmlinux, ctx_type->type);
	}
}

static int validate_special_ctx(u32 prog_type, u32 attach_type, const struct btf_type *t,
				const char *tname)
{
	bool u64_ptr = btf_is_int(t) && t->size == 8;

	switch (prog_type) {
	case BPF_PROG_TYPE_KPROBE:
		return btf_is_struct(t) && !strcmp(tname, "pt_regs") ? 0 : 1;
	case BPF_PROG_TYPE_PERF_EVENT:
		return btf_is_struct(t) && !strcmp(tname, "pt_regs") ? 0 : 1;
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
	case BPF_PROG_TYPE_LSM:
	case BPF_PROG_TYPE_STRUCT_OPS:
		return u64_ptr ? 0 : 1;
	case BPF_PROG_TYPE_TRACING:
		if (attach_type == BPF_TRACE_RAW_TP)
			return (btf_is_struct(t) && !strcmp(tname, "bpf_raw_tracepoint_args")) ||
					       u64_ptr ?
				       0 :
				       1;
		if (attach_type == BPF_TRACE_ITER)
			return btf_is_struct(t) && !strncmp(tname, "bpf_iter__", 10) ? 0 : 1;
		if (attach_type == BPF_TRACE_FENTRY || attach_type == BPF_TRACE_FEXIT ||
		    attach_type == BPF_MODIFY_RETURN)
			return u64_ptr ? 0 : 1;
		return 1;
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_SYSCALL:
	case BPF_PROG_TYPE_EXT:
		return 0;
	default:
		return 1;
	}
}

/* An argument tagged __arg_ctx must be the program type's context (or void *). */
static int btf_validate_prog_ctx_type(struct bpf_verifier_env *env, const struct hive_btf *btf,
				      const struct btf_type *t, int arg, u32 prog_type,
				      u32 attach_type)
{
	const struct hive_btf *vmlinux = env->in->vmlinux_btf;
	const struct btf_type *ctx_type;
	const char *tname, *ctx_tname;

	if (!btf_is_ptr(t)) {
		verbose(env, "arg#%d type isn't a pointer\n", arg);
		return -EINVAL;
	}
	t = btf_type_by_id(btf, t->type);
	if ((prog_type == BPF_PROG_TYPE_KPROBE || prog_type == BPF_PROG_TYPE_PERF_EVENT) &&
	    is_pt_regs_typedef(btf, &t))
		return 0;
	while (t && kbtf_is_modifier(t))
		t = btf_type_by_id(btf, t->type);
	if (kbtf_is_void(t))
		return 0;
	tname = btf_name(btf, t->name_off);
	if (!tname || !*tname) {
		verbose(env, "arg#%d type doesn't have a name\n", arg);
		return -EINVAL;
	}
	if (validate_special_ctx(prog_type, attach_type, t, tname) == 0)
		return 0;
	ctx_type = find_canonical_prog_ctx_type(env, prog_type);
	if (!ctx_type) {
		verbose(env, "btf_vmlinux is malformed\n");
		return -EINVAL;
	}
	while (kbtf_is_modifier(ctx_type))
		ctx_type = btf_type_by_id(vmlinux, ctx_type->type);
	if (!btf_is_struct(ctx_type)) {
		verbose(env, "arg#%d should be void pointer\n", arg);
		return -EINVAL;
	}
	ctx_tname = btf_name(vmlinux, ctx_type->name_off);
	if (!btf_is_struct(t) || strcmp(ctx_tname, tname) != 0) {
		verbose(env, "arg#%d should be `struct %s *`\n", arg, ctx_tname);
		return -EINVAL;
	}
	return 0;
}

int btf_check_iter_arg(const struct hive_btf *btf, const struct btf_type *func_proto, int arg_idx)
{
	const struct btf_type *t;
	const char *name;
	u32 btf_id;

	if (btf_vlen(func_proto) <= (u32)arg_idx)
		return -EINVAL;
	t = kbtf_skip_modifiers(btf, btf_params(func_proto)[arg_idx].type, NULL);
	if (!t || !btf_is_ptr(t))
		return -EINVAL;
	t = kbtf_skip_modifiers(btf, t->type, &btf_id);
	if (!t || !btf_is_struct(t))
		return -EINVAL;
	name = btf_name(btf, t->name_off);
	if (!name || strncmp(name, "bpf_iter_", 9))
		return -EINVAL;
	return (int)btf_id;
}

/* ---- global function prototypes ---- */

enum {
	ARG_TAG_CTX = 1 << 0,
	ARG_TAG_NONNULL = 1 << 1,
	ARG_TAG_TRUSTED = 1 << 2,
	ARG_TAG_UNTRUSTED = 1 << 3,
	ARG_TAG_NULLABLE = 1 << 4,
	ARG_TAG_ARENA = 1 << 5,
};

/* "foo___flavor" names the same type as "foo" (libbpf's flavor convention). */
static size_t essential_name_len(const char *name)
{
	size_t n = strlen(name);

	for (long i = (long)n - 5; i >= 0; i--) {
		const char *s = name + i;

		if (s[0] != '_' && s[1] == '_' && s[2] == '_' && s[3] == '_' && s[4] != '_')
			return (size_t)i + 1;
	}
	return n;
}

/* The unique vmlinux type a program-BTF pointer argument names (CO-RE candidate match). */
static int btf_get_ptr_to_btf_id(struct bpf_verifier_env *env, int arg_idx,
				 const struct hive_btf *btf, const struct btf_type *t)
{
	const struct hive_btf *vmlinux = env->in->vmlinux_btf;
	u32 type_id = t->type, cnt = 0, kern_id = 0;
	const char *name;
	size_t len;

	t = btf_type_by_id(btf, t->type);
	while (t && kbtf_is_modifier(t)) {
		type_id = t->type;
		t = btf_type_by_id(btf, t->type);
	}
	name = t ? btf_name(btf, t->name_off) : "";
	len = essential_name_len(name);
	for (u32 id = 1; vmlinux && name[0] && id < btf_type_cnt(vmlinux); id++) {
		const struct btf_type *kt = btf_type_by_id(vmlinux, id);
		const char *kname;

		if (!kt || btf_kind(kt) != btf_kind(t))
			continue;
		kname = btf_name(vmlinux, kt->name_off);
		if (!kname || strncmp(name, kname, len) || essential_name_len(kname) != len)
			continue;
		cnt++;
		kern_id = id;
	}
	(void)type_id;
	if (cnt != 1) {
		verbose(env, "arg#%d reference type('%s %s') %s\n", arg_idx, kbtf_type_str(t), name,
			cnt == 0 ? "has no matches" : "is ambiguous");
		return cnt == 0 ? -ENOENT : -ESRCH;
	}
	return (int)kern_id;
}

static int collect_arg_tags(struct bpf_verifier_env *env, const struct hive_btf *btf, u32 fn_id,
			    u32 i, bool is_global, u32 *tags)
{
	u32 tag = 0;
	int next;

	while ((next = btf_next_decl_tag(btf, fn_id, (int)i, tag)) > 0) {
		const char *val = btf_name(btf, btf_type_by_id(btf, (u32)next)->name_off);

		tag = (u32)next;
		if (!val || strncmp(val, "arg:", 4))
			continue;
		val += 4;
		if (!is_global) {
			verbose(env, "arg#%d type tag is not supported in static functions\n", i);
			return -EOPNOTSUPP;
		}
		if (!strcmp(val, "ctx"))
			*tags |= ARG_TAG_CTX;
		else if (!strcmp(val, "trusted"))
			*tags |= ARG_TAG_TRUSTED;
		else if (!strcmp(val, "untrusted"))
			*tags |= ARG_TAG_UNTRUSTED;
		else if (!strcmp(val, "nonnull"))
			*tags |= ARG_TAG_NONNULL;
		else if (!strcmp(val, "nullable"))
			*tags |= ARG_TAG_NULLABLE;
		else if (!strcmp(val, "arena"))
			*tags |= ARG_TAG_ARENA;
		else {
			verbose(env, "arg#%d has unsupported set of tags\n", i);
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

static bool btf_is_dynptr_ptr(const struct hive_btf *btf, const struct btf_type *t)
{
	const char *name;

	t = btf_type_by_id(btf, t->type);
	while (t && kbtf_is_modifier(t))
		t = btf_type_by_id(btf, t->type);
	if (!t || !(kbtf_is_struct(t) || (btf_is_fwd(t) && !btf_kflag(t))))
		return false;
	name = btf_str_by_offset(btf, t->name_off);
	return name && !strcmp(name, "bpf_dynptr");
}

static int prepare_untrusted_arg(struct bpf_verifier_env *env, const struct hive_btf *btf,
				 const struct btf_type *t, u32 i, u32 tags,
				 struct bpf_subprog_arg_info *arg)
{
	const struct btf_type *ref_t;
	int kern_type_id;

	if (tags & ~ARG_TAG_UNTRUSTED) {
		verbose(env, "arg#%d untrusted cannot be combined with any other tags\n", i);
		return -EINVAL;
	}
	ref_t = kbtf_skip_modifiers(btf, t->type, NULL);
	if (kbtf_is_void(ref_t) || btf_is_int(ref_t) || btf_is_any_enum(ref_t) ||
	    btf_is_float(ref_t)) {
		arg->arg_type = ARG_PTR_TO_MEM | MEM_RDONLY | PTR_UNTRUSTED;
		arg->mem_size = 0;
		return 0;
	}
	kern_type_id = btf_get_ptr_to_btf_id(env, (int)i, btf, t);
	if (kern_type_id < 0)
		return kern_type_id;
	ref_t = btf_type_by_id(env->in->vmlinux_btf, (u32)kern_type_id);
	if (!kbtf_is_struct(ref_t)) {
		verbose(env,
			"arg#%d has type %s '%s', but only struct or primitive types are allowed\n",
			i, kbtf_type_str(ref_t), btf_name(env->in->vmlinux_btf, t->name_off));
		return -EINVAL;
	}
	arg->arg_type = ARG_PTR_TO_BTF_ID | PTR_UNTRUSTED;
	arg->btf_id = (u32)kern_type_id;
	return 0;
}

/* One pointer argument; returns 1 when it is not a pointer after all. */
static int prepare_ptr_arg(struct bpf_verifier_env *env, const struct hive_btf *btf,
			   const struct btf_type *t, u32 i, u32 tags, bool is_global,
			   struct bpf_subprog_arg_info *arg)
{
	if ((tags & ARG_TAG_CTX) || btf_is_prog_ctx_type(env, btf, t, env->prog_type, (int)i)) {
		if (tags & ~ARG_TAG_CTX) {
			verbose(env, "arg#%d has invalid combination of tags\n", i);
			return -EINVAL;
		}
		if ((tags & ARG_TAG_CTX) &&
		    btf_validate_prog_ctx_type(env, btf, t, (int)i, env->prog_type,
					       env->in->expected_attach_type))
			return -EINVAL;
		arg->arg_type = ARG_PTR_TO_CTX;
		return 0;
	}
	if (btf_is_dynptr_ptr(btf, t)) {
		if (tags) {
			verbose(env, "arg#%d has invalid combination of tags\n", i);
			return -EINVAL;
		}
		arg->arg_type = ARG_PTR_TO_DYNPTR | MEM_RDONLY;
		return 0;
	}
	if (tags & ARG_TAG_TRUSTED) {
		int kern_type_id;

		if (tags & ARG_TAG_NONNULL) {
			verbose(env, "arg#%d has invalid combination of tags\n", i);
			return -EINVAL;
		}
		kern_type_id = btf_get_ptr_to_btf_id(env, (int)i, btf, t);
		if (kern_type_id < 0)
			return kern_type_id;
		arg->arg_type = ARG_PTR_TO_BTF_ID | PTR_TRUSTED;
		if (tags & ARG_TAG_NULLABLE)
			arg->arg_type |= PTR_MAYBE_NULL;
		arg->btf_id = (u32)kern_type_id;
		return 0;
	}
	if (tags & ARG_TAG_UNTRUSTED)
		return prepare_untrusted_arg(env, btf, t, i, tags, arg);
	if (tags & ARG_TAG_ARENA) {
		if (tags & ~ARG_TAG_ARENA) {
			verbose(env, "arg#%d arena cannot be combined with any other tags\n", i);
			return -EINVAL;
		}
		arg->arg_type = ARG_PTR_TO_ARENA;
		return 0;
	}
	if (is_global) {
		u32 ref_id;
		const struct btf_type *ref_t = kbtf_skip_modifiers(btf, t->type, &ref_id);
		s64 mem_size;

		if (tags & ARG_TAG_NULLABLE) {
			verbose(env, "arg#%d has invalid combination of tags\n", i);
			return -EINVAL;
		}
		mem_size = ref_t && !kbtf_is_void(ref_t) ? btf_resolve_size(btf, ref_id) : -EINVAL;
		if (mem_size < 0) {
			verbose(env,
				"arg#%d reference type('%s %s') size cannot be determined: %lld\n",
				i, kbtf_type_str(ref_t),
				ref_t ? btf_name(btf, ref_t->name_off) : "", (long long)mem_size);
			return -EINVAL;
		}
		arg->arg_type = ARG_PTR_TO_MEM | PTR_MAYBE_NULL;
		if (tags & ARG_TAG_NONNULL)
			arg->arg_type &= ~PTR_MAYBE_NULL;
		arg->mem_size = (u32)mem_size;
		return 0;
	}
	return 1;
}

static int prepare_check_proto(struct bpf_verifier_env *env, const struct btf_type *t,
			       const char *tname, bool is_global)
{
	const struct hive_btf *btf = env->in->btf;
	u32 nargs = btf_vlen(t);

	if (nargs > MAX_BPF_FUNC_REG_ARGS) {
		if (!is_global)
			return -EINVAL;
		verbose(env, "Global function %s() with %d > %d args. Buggy compiler.\n", tname,
			nargs, MAX_BPF_FUNC_REG_ARGS);
		return -EINVAL;
	}
	/* void or a scalar return (the exception callback too) */
	t = btf_type_by_id(btf, t->type);
	while (t && kbtf_is_modifier(t))
		t = btf_type_by_id(btf, t->type);
	if (!kbtf_is_void(t) && !btf_is_int(t) && !btf_is_any_enum(t)) {
		if (!is_global)
			return -EINVAL;
		verbose(env,
			"Global function %s() return value not void or scalar. Only those are "
			"supported.\n",
			tname);
		return -EINVAL;
	}
	return 0;
}

int btf_prepare_func_args(struct bpf_verifier_env *env, int subprog)
{
	bool is_global = env->subprog_info[subprog].linkage == BTF_FUNC_GLOBAL;
	struct bpf_subprog_info *sub = subprog_info(env, subprog);
	const struct hive_btf *btf = env->in->btf;
	const struct btf_type *t, *fn_t;
	const char *tname;
	u32 i, btf_id;
	int ret;

	if (sub->args_cached)
		return 0;
	if (!env->in->func_info_cnt) {
		verifier_bug(env, "func_info undefined");
		return -EFAULT;
	}
	btf_id = env->in->func_info[subprog].type_id;
	if (!btf_id) {
		if (!is_global)
			return -EINVAL;
		verbose(env, "Global functions need valid BTF\n");
		return -EFAULT;
	}
	fn_t = btf_type_by_id(btf, btf_id);
	if (!fn_t || !btf_is_func(fn_t)) {
		verbose(env, "BTF of func#%d doesn't point to KIND_FUNC\n", subprog);
		return -EFAULT;
	}
	tname = btf_name(btf, fn_t->name_off);
	if (sub->unreliable) {
		verifier_bug(env, "unreliable BTF for function %s()", tname);
		return -EFAULT;
	}
	t = btf_type_by_id(btf, fn_t->type);
	if (!t || !btf_is_func_proto(t)) {
		verbose(env, "Invalid type of function %s()\n", tname);
		return -EFAULT;
	}
	ret = prepare_check_proto(env, t, tname, is_global);
	if (ret)
		return ret;
	for (i = 0; i < btf_vlen(t); i++) {
		const struct btf_type *at;
		u32 tags = 0;

		ret = collect_arg_tags(env, btf, btf_id, i, is_global, &tags);
		if (ret)
			return ret;
		at = btf_type_by_id(btf, btf_params(t)[i].type);
		while (at && kbtf_is_modifier(at))
			at = btf_type_by_id(btf, at->type);
		if (at && btf_is_ptr(at)) {
			ret = prepare_ptr_arg(env, btf, at, i, tags, is_global, &sub->args[i]);
			if (ret <= 0) {
				if (ret < 0)
					return ret;
				continue;
			}
		}
		if (tags) {
			verbose(env, "arg#%d has pointer tag, but is not a pointer type\n", i);
			return -EINVAL;
		}
		if (at && (btf_is_int(at) || btf_is_any_enum(at))) {
			sub->args[i].arg_type = ARG_ANYTHING;
			continue;
		}
		if (!is_global)
			return -EINVAL;
		verbose(env, "Arg#%d type %s in %s() is not supported yet.\n", i, kbtf_type_str(at),
			tname);
		return -EINVAL;
	}
	sub->arg_cnt = (u8)btf_vlen(t);
	sub->args_cached = true;
	return 0;
}

/* ---- loads through BTF pointers ---- */

static bool type_is_trusted_field(const struct bpf_reg_state *reg, const char *field_name,
				  u32 btf_id, const char *suffix)
{
	return btf_nested_type_is_trusted(reg, field_name, btf_id, suffix);
}

static u32 btf_load_flag(struct bpf_verifier_env *env, const struct bpf_reg_state *reg,
			 const char *field_name, u32 btf_id, u32 flag)
{
	if (type_flag(reg->type) & PTR_UNTRUSTED)
		return PTR_UNTRUSTED; /* untrusted stays untrusted */
	if (!is_trusted_reg(reg) && !is_rcu_reg(reg)) {
		flag &= ~(BPF_REG_TRUSTED_MODIFIERS | MEM_RCU); /* old compat: plain pointer */
		return flag;
	}
	/* trust passes only to fields the kernel marks as keeping it */
	if (type_is_trusted_field(reg, field_name, btf_id, "__safe_trusted"))
		return flag | PTR_TRUSTED;
	if (type_is_trusted_field(reg, field_name, btf_id, "__safe_trusted_or_null"))
		return flag | PTR_TRUSTED | PTR_MAYBE_NULL;
	if (!in_rcu_cs(env) || type_may_be_null(reg->type))
		return PTR_UNTRUSTED;
	if (type_is_trusted_field(reg, field_name, btf_id, "__safe_rcu"))
		return flag | MEM_RCU;
	if ((flag & MEM_RCU) ||
	    type_is_trusted_field(reg, field_name, btf_id, "__safe_rcu_or_null")) {
		flag |= MEM_RCU | PTR_MAYBE_NULL;
		if (type_is_trusted_field(reg, field_name, btf_id, "__safe_rcu_or_null") &&
		    (flag & PTR_UNTRUSTED))
			flag &= ~PTR_UNTRUSTED;
		return flag;
	}
	if (flag & (MEM_PERCPU | MEM_USER))
		return flag;
	return flag & ~(BPF_REG_TRUSTED_MODIFIERS | MEM_RCU);
}

int check_ptr_to_btf_access(struct bpf_verifier_env *env, struct bpf_reg_state *regs, int regno,
			    int off, int size, enum bpf_access_type atype, int value_regno)
{
	struct bpf_reg_state *reg = regs + regno;
	const struct btf_type *t = btf_type_by_id(reg->btf, reg->btf_id);
	const char *tname = t ? btf_name(reg->btf, t->name_off) : "";
	const char *field_name = NULL;
	u32 flag = 0, btf_id = 0;
	int ret;

	if (!env->in->gpl_compatible && btf_is_kernel_btf(env, reg->btf)) {
		verbose(env, "Cannot access kernel 'struct %s' from non-GPL compatible program\n",
			tname);
		return -EINVAL;
	}
	if (off < 0) {
		verbose(env, "R%d is ptr_%s invalid negative access: off=%d\n", regno, tname, off);
		return -EACCES;
	}
	if (!tnum_is_const(reg->var_off) || reg->var_off.value) {
		char tn_buf[48];

		tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
		verbose(env, "R%d is ptr_%s invalid variable offset: off=%d, var_off=%s\n", regno,
			tname, off, tn_buf);
		return -EACCES;
	}
	if (reg->type & MEM_USER) {
		verbose(env, "R%d is ptr_%s access user memory: off=%d\n", regno, tname, off);
		return -EACCES;
	}
	if (reg->type & MEM_PERCPU) {
		verbose(env, "R%d is ptr_%s access percpu memory: off=%d\n", regno, tname, off);
		return -EACCES;
	}
	ret = -ENOTSUPP;
	if (!type_is_alloc(reg->type) && atype == BPF_WRITE)
		ret = prog_btf_struct_write(env, reg, off, size);
	if (ret == -ENOTSUPP) {
		/* only local objects (referenced ones) may be written by default */
		if (atype != BPF_READ && !type_is_ptr_alloc_obj(reg->type)) {
			verbose(env, "only read is supported\n");
			return -EACCES;
		}
		if (type_is_alloc(reg->type) && !type_is_non_owning_ref(reg->type) &&
		    !(reg->type & MEM_RCU) && !reg->ref_obj_id) {
			verifier_bug(env, "ref_obj_id for allocated object must be non-zero");
			return -EFAULT;
		}
		ret = btf_struct_access(env, reg, off, size, &btf_id, &flag, &field_name);
	}
	if (ret < 0)
		return ret;
	if (ret == PTR_TO_BTF_ID)
		flag = btf_load_flag(env, reg, field_name, btf_id, flag);
	if (atype == BPF_READ && value_regno >= 0)
		return mark_btf_ld_reg(env, regs, (u32)value_regno, (u32)ret, reg->btf, btf_id,
				       flag);
	return 0;
}

/* The kernel struct behind a struct bpf_map of each type (map->ops->map_btf_id). */
static const char *map_btf_struct(u32 map_type)
{
	switch (map_type) {
	case BPF_MAP_TYPE_ARRAY:
	case BPF_MAP_TYPE_PERCPU_ARRAY:
	case BPF_MAP_TYPE_PROG_ARRAY:
	case BPF_MAP_TYPE_PERF_EVENT_ARRAY:
	case BPF_MAP_TYPE_CGROUP_ARRAY:
	case BPF_MAP_TYPE_ARRAY_OF_MAPS:
		return "bpf_array";
	case BPF_MAP_TYPE_HASH:
	case BPF_MAP_TYPE_PERCPU_HASH:
	case BPF_MAP_TYPE_LRU_HASH:
	case BPF_MAP_TYPE_LRU_PERCPU_HASH:
	case BPF_MAP_TYPE_HASH_OF_MAPS:
		return "bpf_htab";
	case BPF_MAP_TYPE_RINGBUF:
	case BPF_MAP_TYPE_USER_RINGBUF:
		return "bpf_ringbuf_map";
	case BPF_MAP_TYPE_LPM_TRIE:
		return "lpm_trie";
	case BPF_MAP_TYPE_STACK_TRACE:
		return "bpf_stack_map";
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
		return "bpf_queue_stack";
	case BPF_MAP_TYPE_BLOOM_FILTER:
		return "bpf_bloom_filter";
	case BPF_MAP_TYPE_DEVMAP:
	case BPF_MAP_TYPE_DEVMAP_HASH:
		return "bpf_dtab";
	case BPF_MAP_TYPE_CPUMAP:
		return "bpf_cpu_map";
	case BPF_MAP_TYPE_XSKMAP:
		return "xsk_map";
	case BPF_MAP_TYPE_SOCKMAP:
		return "bpf_stab";
	case BPF_MAP_TYPE_SOCKHASH:
		return "bpf_shtab";
	case BPF_MAP_TYPE_SK_STORAGE:
	case BPF_MAP_TYPE_INODE_STORAGE:
	case BPF_MAP_TYPE_TASK_STORAGE:
	case BPF_MAP_TYPE_CGRP_STORAGE:
		return "bpf_local_storage_map";
	default:
		return NULL;
	}
}

int check_ptr_to_map_access(struct bpf_verifier_env *env, struct bpf_reg_state *regs, int regno,
			    int off, int size, enum bpf_access_type atype, int value_regno)
{
	struct bpf_reg_state *reg = regs + regno;
	const struct hive_btf *vmlinux = env->in->vmlinux_btf;
	const char *sname = map_btf_struct(reg->map_ptr->type);
	struct bpf_reg_state map_reg;
	u32 flag = 0, btf_id = 0;
	const char *tname;
	int id, ret;

	if (!vmlinux) {
		verbose(env, "map_ptr access not supported without CONFIG_DEBUG_INFO_BTF\n");
		return -ENOTSUPP;
	}
	id = sname ? btf_find_by_name_kind(vmlinux, sname, BTF_KIND_STRUCT) : -ENOENT;
	if (id < 0) {
		verbose(env, "map_ptr access not supported for map type %d\n", reg->map_ptr->type);
		return -ENOTSUPP;
	}
	tname = btf_name(vmlinux, btf_type_by_id(vmlinux, (u32)id)->name_off);
	if (off < 0) {
		verbose(env, "R%d is %s invalid negative access: off=%d\n", regno, tname, off);
		return -EACCES;
	}
	if (atype != BPF_READ) {
		verbose(env, "only read from %s is supported\n", tname);
		return -EACCES;
	}
	/* as if reading through a PTR_TO_BTF_ID to the map's kernel struct */
	memset(&map_reg, 0, sizeof(map_reg));
	ret = mark_btf_ld_reg(env, &map_reg, 0, PTR_TO_BTF_ID, vmlinux, (u32)id, 0);
	if (ret < 0)
		return ret;
	ret = btf_struct_access(env, &map_reg, off, size, &btf_id, &flag, NULL);
	if (ret < 0)
		return ret;
	if (value_regno >= 0)
		return mark_btf_ld_reg(env, regs, (u32)value_regno, (u32)ret, vmlinux, btf_id,
				       flag);
	return 0;
}
