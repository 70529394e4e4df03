// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/ctx_trace.c: the contexts of the tracing program types, as Linux 6.18 checks them:
 * pt_regs (kprobe), trace records (tracepoint), u64 argument arrays (raw tracepoints),
 * bpf_perf_event_data (kernel/trace/bpf_trace.c), syscall buffers (kernel/bpf/syscall.c) and
 * BTF-described arguments (btf_ctx_access() of kernel/bpf/btf.c). None is rewritten: the
 * runtime lays these contexts out as the UAPI does.
 */
#include <string.h>

#include "btf/btf.h"
#include "btf/btf_types.h"
#include "verifier/ctx_internal.h"

#define PT_REGS_SIZE 168 /* sizeof(struct pt_regs), x86-64 */
#define PERF_MAX_TRACE_SIZE 8192
#define PERF_SAMPLE_PERIOD_OFF 168 /* offsetof(struct bpf_perf_event_data, sample_period) */
#define PERF_ADDR_OFF 176 /* offsetof(struct bpf_perf_event_data, addr) */
#define PERF_CTX_SIZE 184

bool kprobe_prog_is_valid_access(int off, int size, enum bpf_access_type type,
				 struct hive_prog_desc *prog, struct bpf_insn_access_aux *info)
{
	if (off < 0 || off >= PT_REGS_SIZE)
		return false;
	if (type != BPF_READ)
		return false;
	if (off % size != 0)
		return false;
	return off + size <= PT_REGS_SIZE;
}

bool tp_prog_is_valid_access(int off, int size, enum bpf_access_type type,
			     struct hive_prog_desc *prog, struct bpf_insn_access_aux *info)
{
	/*
	 * The first 8 bytes are the trace entry's common fields. The kernel compares off with
	 * sizeof(void *), an unsigned comparison: negative offsets pass this check (and the
	 * next), as they do here.
	 */
	if ((unsigned int)off < 8 || off >= PERF_MAX_TRACE_SIZE)
		return false;
	if (type != BPF_READ)
		return false;
	return off % size == 0;
}

/* bpf_tracing_ctx_access(): u64 args[MAX_BPF_FUNC_ARGS], read only. */
static bool bpf_tracing_ctx_access(int off, int size, enum bpf_access_type type)
{
	if (off < 0 || off >= 8 * MAX_BPF_FUNC_ARGS)
		return false;
	if (type != BPF_READ)
		return false;
	return off % size == 0;
}

bool raw_tp_prog_is_valid_access(int off, int size, enum bpf_access_type type,
				 struct hive_prog_desc *prog, struct bpf_insn_access_aux *info)
{
	return bpf_tracing_ctx_access(off, size, type);
}

bool raw_tp_writable_prog_is_valid_access(int off, int size, enum bpf_access_type type,
					  struct hive_prog_desc *prog,
					  struct bpf_insn_access_aux *info)
{
	if (off == 0) {
		if (size != 8 || type != BPF_READ)
			return false;
		info->reg_type = PTR_TO_TP_BUFFER;
	}
	return raw_tp_prog_is_valid_access(off, size, type, prog, info);
}

bool pe_prog_is_valid_access(int off, int size, enum bpf_access_type type,
			     struct hive_prog_desc *prog, struct bpf_insn_access_aux *info)
{
	if (off < 0 || off >= PERF_CTX_SIZE)
		return false;
	if (type != BPF_READ)
		return false;
	if (off % size != 0)
		return false;
	if (ctx_in(off, PERF_SAMPLE_PERIOD_OFF, 8) || ctx_in(off, PERF_ADDR_OFF, 8)) {
		ctx_record_field_size(info, 8);
		return ctx_narrow_access_ok(off, size, 8);
	}
	return size == 8; /* pt_regs: sizeof(long) */
}

bool syscall_prog_is_valid_access(int off, int size, enum bpf_access_type type,
				  struct hive_prog_desc *prog, struct bpf_insn_access_aux *info)
{
	if (off < 0 || off >= U16_MAX)
		return false;
	return off % size == 0;
}

bool tracing_prog_is_valid_access(int off, int size, enum bpf_access_type type,
				  struct hive_prog_desc *prog, struct bpf_insn_access_aux *info)
{
	if (!bpf_tracing_ctx_access(off, size, type))
		return false;
	return btf_ctx_access(off, size, type, prog, info);
}

/* ---- btf_ctx_access ---- */

/* btf_type_is_modifier(): the kernel counts typedefs as modifiers. */
static const struct btf_type *skip_modifiers(const struct hive_btf *btf, u32 id, u32 *res_id)
{
	return btf_skip_mods_and_typedefs(btf, id, res_id);
}

static bool is_small_int(const struct btf_type *t)
{
	return btf_is_int(t) && t->size <= 8;
}

static u32 roundup8(u32 v)
{
	return (v + 7) & ~7u;
}

u32 btf_ctx_arg_idx(const struct hive_btf *btf, const struct btf_type *func_proto, int off)
{
	const struct btf_param *args;
	const struct btf_type *t;
	u32 offset = 0, nr_args, i;

	if (!func_proto)
		return (u32)off / 8;
	nr_args = btf_vlen(func_proto);
	args = btf_params(func_proto);
	for (i = 0; i < nr_args; i++) {
		t = skip_modifiers(btf, args[i].type, NULL);
		offset += btf_is_ptr(t) ? 8 : roundup8(t->size);
		if (off < (int)offset)
			return i;
	}
	t = skip_modifiers(btf, func_proto->type, NULL);
	offset += btf_is_ptr(t) ? 8 : roundup8(t->size);
	if (off < (int)offset)
		return nr_args;
	return nr_args + 1;
}

static const char *type_name(const struct hive_btf *btf, const struct btf_type *t)
{
	const char *name = btf_str_by_offset(btf, t->name_off);

	return name ? name : "";
}

/* The type the access reads (argument @arg, or the return value); NULL: access allowed as is;
 * *ok false: refused (message written). */
static const struct btf_type *ctx_arg_type(const struct hive_prog_desc *prog,
					   const struct btf_param *args, u32 arg, u32 nr_args,
					   struct bpf_insn_access_aux *info, bool *ok)
{
	const struct btf_type *t = prog->attach_func_proto;
	const struct hive_btf *btf = prog->attach_btf;
	const char *tname = prog->attach_func_name;

	*ok = true;
	if (arg < nr_args) {
		if (!t)
			return NULL; /* default prog with MAX_BPF_FUNC_REG_ARGS args */
		return btf_type_by_id(btf, args[arg].type);
	}
	switch (prog->expected_attach_type) {
	case BPF_LSM_MAC:
		info->is_retval = true;
		__attribute__((fallthrough));
	case BPF_LSM_CGROUP:
	case BPF_TRACE_FEXIT:
		return t ? btf_type_by_id(btf, t->type) : NULL;
	case BPF_MODIFY_RETURN:
		if (!t) {
			*ok = false;
			return NULL;
		}
		t = skip_modifiers(btf, t->type, NULL);
		if (!is_small_int(t)) {
			VLOG(info->log, "ret type %s not allowed for fmod_ret\n",
			     btf_kind_str(btf_kind(t)));
			*ok = false;
			return NULL;
		}
		return t;
	default:
		VLOG(info->log, "func '%s' doesn't have %d-th argument\n", tname, arg + 1);
		*ok = false;
		return NULL;
	}
}

/* A pointer argument: PTR_TO_BTF_ID of the struct it points to. */
static bool ctx_ptr_arg(const struct hive_prog_desc *prog, const struct btf_param *param,
			const struct btf_type *t, u32 arg, struct bpf_insn_access_aux *info)
{
	const struct hive_btf *btf = prog->attach_btf;
	const char *tname = prog->attach_func_name;
	const char *pname;
	size_t len;

	info->reg_type = PTR_TO_BTF_ID;
	if (prog_args_trusted(prog))
		info->reg_type |= PTR_TRUSTED;
	pname = param ? btf_str_by_offset(btf, param->name_off) : NULL;
	len = pname ? strlen(pname) : 0;
	if (len >= 10 && !strcmp(pname + len - 10, "__nullable"))
		info->reg_type |= PTR_MAYBE_NULL;

	info->btf = btf;
	info->btf_id = t->type;
	t = btf_type_by_id(btf, t->type);
	if (btf_is_type_tag(t) && !btf_kflag(t)) {
		const char *tag = type_name(btf, t);

		if (!strcmp(tag, "user"))
			info->reg_type |= MEM_USER;
		if (!strcmp(tag, "percpu"))
			info->reg_type |= MEM_PERCPU;
	}
	while (btf_is_mod(t) || btf_is_typedef(t)) {
		info->btf_id = t->type;
		t = btf_type_by_id(btf, t->type);
	}
	if (!btf_is_composite(t)) {
		VLOG(info->log, "func '%s' arg%d type %s is not a struct\n", tname, arg,
		     btf_kind_str(btf_kind(t)));
		return false;
	}
	VLOG(info->log, "func '%s' arg%d has btf_id %d type %s '%s'\n", tname, arg, info->btf_id,
	     btf_kind_str(btf_kind(t)), type_name(btf, t));
	return true;
}

bool btf_ctx_access(int off, int size, enum bpf_access_type type, struct hive_prog_desc *prog,
		    struct bpf_insn_access_aux *info)
{
	const struct btf_type *proto = prog->attach_func_proto;
	const struct hive_btf *btf = prog->attach_btf;
	const char *tname = prog->attach_func_name;
	const struct btf_param *args = NULL;
	const struct btf_type *t, *pointee;
	u32 nr_args, arg;
	bool ok;

	if (off % 8) {
		VLOG(info->log, "func '%s' offset %d is not multiple of 8\n", tname, off);
		return false;
	}
	arg = btf_ctx_arg_idx(btf, proto, off);
	nr_args = proto ? btf_vlen(proto) : MAX_BPF_FUNC_REG_ARGS;
	if (proto)
		args = btf_params(proto);
	if (prog->attach_btf_trace && args) {
		/* skip the tracepoint's 'void *__data' */
		args++;
		nr_args--;
	}
	if (arg > nr_args) {
		VLOG(info->log, "func '%s' doesn't have %d-th argument\n", tname, arg + 1);
		return false;
	}
	t = ctx_arg_type(prog, args, arg, nr_args, info, &ok);
	if (!t)
		return ok;

	while (btf_is_mod(t) || btf_is_typedef(t))
		t = btf_type_by_id(btf, t->type);
	if (is_small_int(t) || btf_is_any_enum(t) || btf_is_composite(t))
		return true; /* a scalar */
	if (!btf_is_ptr(t)) {
		VLOG(info->log,
		     "func '%s' arg%d '%s' has type %s. Only pointer access is allowed\n", tname,
		     arg, type_name(btf, t), btf_kind_str(btf_kind(t)));
		return false;
	}
	if (size != 8) {
		VLOG(info->log, "func '%s' size %d must be 8\n", tname, size);
		return false;
	}
	/* read-only/read-write buffers of iterators (PTR_TO_BUF | PTR_MAYBE_NULL) */
	for (u32 i = 0; i < prog->ctx_arg_info_size; i++) {
		const struct bpf_ctx_arg_aux *a = &prog->ctx_arg_info[i];

		if (a->offset == (u32)off && base_type(a->reg_type) == PTR_TO_BUF &&
		    (a->reg_type & PTR_MAYBE_NULL)) {
			info->reg_type = a->reg_type;
			return true;
		}
	}
	/* pointers to void or to integers are scalars: no pointer walking */
	pointee = skip_modifiers(btf, t->type, NULL);
	if (!t->type || !pointee || btf_kind(pointee) == BTF_KIND_UNKN || btf_is_int(pointee))
		return true;
	/* the attach target decides this argument */
	for (u32 i = 0; i < prog->ctx_arg_info_size; i++) {
		const struct bpf_ctx_arg_aux *a = &prog->ctx_arg_info[i];

		if (a->offset != (u32)off)
			continue;
		if (!a->btf_id) {
			VLOG(info->log, "invalid btf_id for context argument offset %u\n",
			     (u32)off);
			return false;
		}
		info->reg_type = a->reg_type;
		info->btf = a->btf ? a->btf : btf;
		info->btf_id = a->btf_id;
		info->ref_obj_id = a->ref_obj_id;
		return true;
	}
	return ctx_ptr_arg(prog, arg < nr_args ? &args[arg] : NULL, t, arg, info);
}
