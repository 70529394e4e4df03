// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/mem.c: loads, stores and atomics (the kernel's check_mem_access() and its callers).
 *
 * A memory instruction is checked against what its base register points to:
 *
 *   PTR_TO_STACK        stack.c (spills, fills, initialised bytes)
 *   PTR_TO_MAP_VALUE    within value_size at every offset the register may hold, not touching
 *                       special fields (locks, timers; kptrs only with exact 8-byte accesses),
 *                       read-only maps refuse writes, frozen read-only data reads as constants
 *   PTR_TO_MAP_KEY      read-only, within key_size
 *   PTR_TO_MEM          within mem_size (ringbuf records, helper buffers, dynptr slices)
 *   PTR_TO_PACKET[_META] within the range proven by a comparison with data_end
 *   PTR_TO_CTX          the program type's context rules (progops.h), fixed offset only
 *   PTR_TO_BTF_ID       a walk of the kernel (or program) struct type, btf_access.c
 *   sockets, flow keys, tracepoint and iterator buffers, arena
 *
 * and aligned as the kernel requires (stack always; other pointers under strict alignment;
 * packets with the NET_IP_ALIGN offset of 2).
 */
#include <errno.h>
#include <string.h>

#include "verifier/btf_access.h"
#include "verifier/env.h"
#include "verifier/progops.h"

enum bpf_access_src {
	ACCESS_DIRECT = 1, /* the access is performed by an instruction */
	ACCESS_HELPER = 2, /* the access is performed by a helper */
};

static bool type_is_rdonly_mem(u32 type)
{
	return type & MEM_RDONLY;
}

/* ---- alignment ---- */

static int check_pkt_ptr_alignment(struct bpf_verifier_env *env, const struct bpf_reg_state *reg,
				   int off, int size, bool strict)
{
	/* NET_IP_ALIGN: strict mode checks as if the packet started 2 bytes into a word */
	const int ip_align = 2;
	struct tnum reg_off;

	if (!strict || size == 1)
		return 0;
	reg_off = tnum_add(reg->var_off, tnum_const((u64)(s64)(ip_align + reg->off + off)));
	if (!tnum_is_aligned(reg_off, (u64)size)) {
		char tn_buf[48];

		tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
		verbose(env, "misaligned packet access off %d+%s+%d+%d size %d\n", ip_align, tn_buf,
			reg->off, off, size);
		return -EACCES;
	}
	return 0;
}

static int check_generic_ptr_alignment(struct bpf_verifier_env *env,
				       const struct bpf_reg_state *reg, const char *pointer_desc,
				       int off, int size, bool strict)
{
	struct tnum reg_off;

	if (!strict || size == 1)
		return 0;
	reg_off = tnum_add(reg->var_off, tnum_const((u64)(s64)(reg->off + off)));
	if (!tnum_is_aligned(reg_off, (u64)size)) {
		char tn_buf[48];

		tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
		verbose(env, "misaligned %saccess off %s+%d+%d size %d\n", pointer_desc, tn_buf,
			reg->off, off, size);
		return -EACCES;
	}
	return 0;
}

int check_ptr_alignment(struct bpf_verifier_env *env, const struct bpf_reg_state *reg, int off,
			int size, bool strict_alignment_once)
{
	bool strict = env->strict_alignment || strict_alignment_once;
	const char *pointer_desc = "";

	switch (reg->type) {
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
		return check_pkt_ptr_alignment(env, reg, off, size, strict);
	case PTR_TO_FLOW_KEYS:
		pointer_desc = "flow keys ";
		break;
	case PTR_TO_MAP_KEY:
		pointer_desc = "key ";
		break;
	case PTR_TO_MAP_VALUE:
		pointer_desc = "value ";
		break;
	case PTR_TO_CTX:
		pointer_desc = "context ";
		break;
	case PTR_TO_STACK:
		pointer_desc = "stack ";
		/* spill/fill tracking relies on aligned stack accesses */
		strict = true;
		break;
	case PTR_TO_SOCKET:
		pointer_desc = "sock ";
		break;
	case PTR_TO_SOCK_COMMON:
		pointer_desc = "sock_common ";
		break;
	case PTR_TO_TCP_SOCK:
		pointer_desc = "tcp_sock ";
		break;
	case PTR_TO_XDP_SOCK:
		pointer_desc = "xdp_sock ";
		break;
	case PTR_TO_ARENA:
		return 0;
	default:
		break;
	}
	return check_generic_ptr_alignment(env, reg, pointer_desc, off, size, strict);
}

/* ---- pointer offsets ---- */

int __check_ptr_off_reg(struct bpf_verifier_env *env, const struct bpf_reg_state *reg, int regno,
			bool fixed_off_ok)
{
	/* only the pointer as it was handed out may be dereferenced or passed on */
	if (reg->off < 0) {
		verbose(env, "negative offset %s ptr R%d off=%d disallowed\n",
			reg_type_str(env, reg->type), regno, reg->off);
		return -EACCES;
	}
	if (!fixed_off_ok && reg->off) {
		verbose(env, "dereference of modified %s ptr R%d off=%d disallowed\n",
			reg_type_str(env, reg->type), regno, reg->off);
		return -EACCES;
	}
	if (!tnum_is_const(reg->var_off) || reg->var_off.value) {
		char tn_buf[48];

		tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
		verbose(env, "variable %s access var_off=%s disallowed\n",
			reg_type_str(env, reg->type), tn_buf);
		return -EACCES;
	}
	return 0;
}

int check_ptr_off_reg(struct bpf_verifier_env *env, const struct bpf_reg_state *reg, int regno)
{
	return __check_ptr_off_reg(env, reg, regno, false);
}

/* ---- bounded memory regions ---- */

static int __check_mem_access(struct bpf_verifier_env *env, int regno, int off, int size,
			      u32 mem_size, bool zero_size_allowed)
{
	bool size_ok = size > 0 || (size == 0 && zero_size_allowed);
	struct bpf_reg_state *reg;

	if (off >= 0 && size_ok && (u64)off + (u64)size <= mem_size)
		return 0;
	reg = &cur_regs(env)[regno];
	switch (reg->type) {
	case PTR_TO_MAP_KEY:
		verbose(env, "invalid access to map key, key_size=%d off=%d size=%d\n", mem_size,
			off, size);
		break;
	case PTR_TO_MAP_VALUE:
		verbose(env, "invalid access to map value, value_size=%d off=%d size=%d\n",
			mem_size, off, size);
		break;
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
	case PTR_TO_PACKET_END:
		verbose(env, "invalid access to packet, off=%d size=%d, R%d(id=%d,off=%d,r=%d)\n",
			off, size, regno, reg->id, off, mem_size);
		break;
	default:
		verbose(env, "invalid access to memory, mem_size=%u off=%d size=%d\n", mem_size,
			off, size);
	}
	return -EACCES;
}

/* Every offset the register may hold, plus @off, must keep the access inside @mem_size. */
int check_mem_region_access(struct bpf_verifier_env *env, u32 regno, int off, int size,
			    u32 mem_size, bool zero_size_allowed)
{
	struct bpf_reg_state *reg = &cur_regs(env)[regno];
	int err;

	/* a negative minimum is only fine when it cannot take the access below 0 */
	if (reg->smin_value < 0 && (reg->smin_value == S64_MIN ||
				    (off + reg->smin_value != (s64)(s32)(off + reg->smin_value)) ||
				    reg->smin_value + off < 0)) {
		verbose(env,
			"R%d min value is negative, either use unsigned index or do a if (index "
			">=0) check.\n",
			regno);
		return -EACCES;
	}
	err = __check_mem_access(env, (int)regno, (int)(reg->smin_value + off), size, mem_size,
				 zero_size_allowed);
	if (err) {
		verbose(env, "R%d min value is outside of the allowed memory range\n", regno);
		return err;
	}
	/* an unbounded maximum (or one that could overflow with off) is unsafe */
	if (reg->umax_value >= BPF_MAX_VAR_OFF) {
		verbose(env,
			"R%d unbounded memory access, make sure to bounds check any such access\n",
			regno);
		return -EACCES;
	}
	err = __check_mem_access(env, (int)regno, (int)(reg->umax_value + (u64)(s64)off), size,
				 mem_size, zero_size_allowed);
	if (err) {
		verbose(env, "R%d max value is outside of the allowed memory range\n", regno);
		return err;
	}
	return 0;
}

/* ---- map values ---- */

int check_map_access_type(struct bpf_verifier_env *env, u32 regno, int off, int size,
			  enum bpf_access_type type)
{
	const struct hive_verifier_map *map = cur_regs(env)[regno].map_ptr;
	u32 access = map->flags & (BPF_F_RDONLY_PROG | BPF_F_WRONLY_PROG);
	bool can_read = !(access & BPF_F_WRONLY_PROG) || (access & BPF_F_RDONLY_PROG);
	bool can_write = !(access & BPF_F_RDONLY_PROG);

	if (type == BPF_WRITE && !can_write) {
		verbose(env, "write into map forbidden, value_size=%d off=%d size=%d\n",
			map->value_size, off, size);
		return -EACCES;
	}
	if (type == BPF_READ && !can_read) {
		verbose(env, "read from map forbidden, value_size=%d off=%d size=%d\n",
			map->value_size, off, size);
		return -EACCES;
	}
	return 0;
}

static int check_kptr_field_access(struct bpf_verifier_env *env, const struct hive_field *field,
				   const struct bpf_reg_state *reg, int off, int size, int src)
{
	const char *name = btf_field_type_name(field->kind);

	if (src != ACCESS_DIRECT) {
		verbose(env, "%s cannot be accessed indirectly by helper\n", name);
		return -EACCES;
	}
	if (!tnum_is_const(reg->var_off)) {
		verbose(env, "%s access cannot have variable offset\n", name);
		return -EACCES;
	}
	if (field->offset != off + reg->var_off.value) {
		verbose(env, "%s access misaligned expected=%u off=%llu\n", name, field->offset,
			(unsigned long long)(off + reg->var_off.value));
		return -EACCES;
	}
	if (size != 8) {
		verbose(env, "%s access size must be BPF_DW\n", name);
		return -EACCES;
	}
	return 0;
}

int check_map_access(struct bpf_verifier_env *env, u32 regno, int off, int size,
		     bool zero_size_allowed, int src)
{
	struct bpf_reg_state *reg = &cur_regs(env)[regno];
	const struct hive_verifier_map *map = reg->map_ptr;
	const struct hive_record *rec = map->record;
	int err;

	err = check_mem_region_access(env, regno, off, size, map->value_size, zero_size_allowed);
	if (err || !rec)
		return err;
	for (u32 i = 0; i < rec->cnt; i++) {
		const struct hive_field *field = &rec->fields[i];
		u32 p = field->offset;

		/* [smin + off, umax + off + size) overlapping the field at all */
		if (!(reg->smin_value + off < (s64)(p + field->size) &&
		      p < reg->umax_value + (u64)(s64)off + (u64)size))
			continue;
		if (field->kind & (HIVE_FIELD_KPTR | HIVE_FIELD_UPTR)) {
			err = check_kptr_field_access(env, field, reg, off, size, src);
			if (err)
				return err;
			continue;
		}
		verbose(env, "%s cannot be accessed directly by load/store\n",
			btf_field_type_name(field->kind));
		return -EACCES;
	}
	return 0;
}

/* A frozen read-only array's contents are constants (global const data). */
static int bpf_map_direct_read(const struct hive_verifier_map *map, int off, int size, u64 *val,
			       bool is_ldsx)
{
	const u8 *ptr;

	/* only single-element arrays expose a direct value address */
	if (map->type != BPF_MAP_TYPE_ARRAY || map->max_entries != 1)
		return -ENOTSUPP;
	if ((u32)off >= map->value_size)
		return -EINVAL;
	if (!map->data)
		return -EINVAL;
	ptr = (const u8 *)map->data + off;
	switch (size) {
	case 1:
		*val = is_ldsx ? (u64)(s64)(s8)ptr[0] : ptr[0];
		break;
	case 2: {
		u16 v;

		memcpy(&v, ptr, 2);
		*val = is_ldsx ? (u64)(s64)(s16)v : v;
		break;
	}
	case 4: {
		u32 v;

		memcpy(&v, ptr, 4);
		*val = is_ldsx ? (u64)(s64)(s32)v : v;
		break;
	}
	case 8:
		memcpy(val, ptr, 8);
		break;
	default:
		return -EINVAL;
	}
	return 0;
}

static bool map_has_direct_value_addr(const struct hive_verifier_map *map)
{
	return map->type == BPF_MAP_TYPE_ARRAY;
}

/* ---- kptrs stored in map values ---- */

static bool rcu_protected_object(const struct hive_btf *btf, u32 btf_id, bool kernel)
{
	static const char *const rcu_protected[] = {
		"prog_test_ref_kfunc", "cgroup", "bpf_cpumask", "task_struct", "bpf_crypto_ctx",
	};
	const char *name;

	if (!kernel)
		return true;
	name = btf_type_name(btf, btf_id);
	for (size_t i = 0; i < ARRAY_SIZE(rcu_protected); i++)
		if (!strcmp(name, rcu_protected[i]))
			return true;
	return false;
}

static u32 btf_ld_kptr_type(struct bpf_verifier_env *env, const struct hive_field *kptr_field)
{
	const struct hive_field_kptr *kptr = &kptr_field->kptr;
	bool kernel = !kptr->local;
	bool rcu_safe = kptr_field->kind == HIVE_FIELD_KPTR_PERCPU ||
			(kptr_field->kind == HIVE_FIELD_KPTR_REF &&
			 rcu_protected_object(kptr->type.btf, kptr->type.id, kernel));
	u32 ret = PTR_MAYBE_NULL;

	if (rcu_safe && in_rcu_cs(env)) {
		ret |= MEM_RCU;
		if (kptr_field->kind == HIVE_FIELD_KPTR_PERCPU)
			ret |= MEM_PERCPU;
		else if (!kernel)
			ret |= MEM_ALLOC;
		if (!kernel && btf_record_has_field(kptr->rec, HIVE_FIELD_GRAPH_NODE))
			ret |= NON_OWN_REF;
	} else {
		ret |= PTR_UNTRUSTED;
	}
	return ret;
}

static int mark_uptr_ld_reg(struct bpf_verifier_env *env, u32 regno, const struct hive_field *field)
{
	struct bpf_reg_state *reg = reg_state(env, (int)regno);
	s64 size = btf_resolve_size(field->kptr.type.btf, field->kptr.type.id);

	mark_reg_known_zero(env, cur_regs(env), regno);
	reg->type = PTR_TO_MEM | PTR_MAYBE_NULL;
	reg->mem_size = size > 0 ? (u32)size : 0;
	reg->id = ++env->id_gen;
	return 0;
}

static int check_map_kptr_access(struct bpf_verifier_env *env, u32 regno, int value_regno,
				 int insn_idx, const struct hive_field *kptr_field)
{
	const struct hive_insn *insn = &env->insns[insn_idx];
	int class = BPF_CLASS(insn->code);

	(void)regno;
	if (BPF_MODE(insn->code) != BPF_MEM) {
		verbose(env, "kptr in map can only be accessed using BPF_MEM instruction mode\n");
		return -EACCES;
	}
	/* referenced kptrs are only read here (bpf_kptr_xchg moves them) */
	if (class != BPF_LDX && (kptr_field->kind == HIVE_FIELD_KPTR_REF ||
				 kptr_field->kind == HIVE_FIELD_KPTR_PERCPU)) {
		verbose(env, "store to referenced kptr disallowed\n");
		return -EACCES;
	}
	if (class != BPF_LDX && kptr_field->kind == HIVE_FIELD_UPTR) {
		verbose(env, "store to uptr disallowed\n");
		return -EACCES;
	}
	if (class == BPF_LDX) {
		if (kptr_field->kind == HIVE_FIELD_UPTR)
			return mark_uptr_ld_reg(env, (u32)value_regno, kptr_field);
		return mark_btf_ld_reg(env, cur_regs(env), (u32)value_regno, PTR_TO_BTF_ID,
				       kptr_field->kptr.type.btf, kptr_field->kptr.type.id,
				       btf_ld_kptr_type(env, kptr_field));
	}
	if (class == BPF_STX) {
		struct bpf_reg_state *val_reg = reg_state(env, value_regno);

		if (!register_is_null(val_reg) &&
		    map_kptr_match_type(env, kptr_field, val_reg, (u32)value_regno))
			return -EACCES;
		return 0;
	}
	if (class == BPF_ST) {
		if (insn->imm) {
			verbose(env, "BPF_ST imm must be 0 when storing to kptr at off=%u\n",
				kptr_field->offset);
			return -EACCES;
		}
		return 0;
	}
	verbose(env, "kptr in map can only be accessed using BPF_LDX/BPF_STX/BPF_ST\n");
	return -EACCES;
}

/* A pointer stored into an unreferenced kptr field must have the field's type. */
int map_kptr_match_type(struct bpf_verifier_env *env, const struct hive_field *kptr_field,
			struct bpf_reg_state *reg, u32 regno)
{
	const struct hive_field_kptr *kptr = &kptr_field->kptr;
	const char *targ_name = btf_type_name(kptr->type.btf, kptr->type.id);
	const char *reg_name = "";
	u32 perm_flags;

	if (!reg_btf_is_local(env, reg)) {
		perm_flags = PTR_MAYBE_NULL | PTR_TRUSTED | MEM_RCU;
		if (kptr_field->kind == HIVE_FIELD_KPTR_UNREF)
			perm_flags |= PTR_UNTRUSTED;
	} else {
		perm_flags = PTR_MAYBE_NULL | MEM_ALLOC;
		if (kptr_field->kind == HIVE_FIELD_KPTR_PERCPU)
			perm_flags |= MEM_PERCPU;
	}
	if (base_type(reg->type) != PTR_TO_BTF_ID || (type_flag(reg->type) & ~perm_flags))
		goto bad_type;
	reg_name = btf_type_name(reg->btf, reg->btf_id);
	if (__check_ptr_off_reg(env, reg, (int)regno, true))
		return -EACCES;
	/* a referenced kptr needs the exact type: no walking to the first member */
	if (!btf_struct_ids_match(env, reg->btf, reg->btf_id, reg->off, kptr->type.btf,
				  kptr->type.id, kptr_field->kind != HIVE_FIELD_KPTR_UNREF))
		goto bad_type;
	return 0;
bad_type:
	verbose(env, "invalid kptr access, R%d type=%s%s ", regno, reg_type_str(env, reg->type),
		reg_name);
	verbose(env, "expected=%s%s", reg_type_str(env, PTR_TO_BTF_ID), targ_name);
	if (kptr_field->kind == HIVE_FIELD_KPTR_UNREF)
		verbose(env, " or %s%s\n", reg_type_str(env, PTR_TO_BTF_ID | PTR_UNTRUSTED),
			targ_name);
	else
		verbose(env, "\n");
	return -EINVAL;
}

/* ---- packets, context, sockets, buffers ---- */

bool may_access_direct_pkt_data(struct bpf_verifier_env *env, const struct bpf_call_arg_meta *meta,
				enum bpf_access_type t)
{
	switch (env->prog_type) {
	/* read-only direct packet access */
	case BPF_PROG_TYPE_LWT_IN:
	case BPF_PROG_TYPE_LWT_OUT:
	case BPF_PROG_TYPE_LWT_SEG6LOCAL:
	case BPF_PROG_TYPE_SK_REUSEPORT:
	case BPF_PROG_TYPE_FLOW_DISSECTOR:
	case BPF_PROG_TYPE_CGROUP_SKB:
		if (t == BPF_WRITE)
			return false;
		__attribute__((fallthrough));
	/* read and write */
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_XDP:
	case BPF_PROG_TYPE_LWT_XMIT:
	case BPF_PROG_TYPE_SK_SKB:
	case BPF_PROG_TYPE_SK_MSG:
		if (meta)
			return meta->pkt_access;
		env->seen_direct_write = true;
		return true;
	case BPF_PROG_TYPE_CGROUP_SOCKOPT:
		if (t == BPF_WRITE)
			env->seen_direct_write = true;
		return true;
	default:
		return false;
	}
}

int check_packet_access(struct bpf_verifier_env *env, u32 regno, int off, int size,
			bool zero_size_allowed)
{
	struct bpf_reg_state *reg = &cur_regs(env)[regno];
	int err;

	/* reg->range counts from the variable offset on: only the fixed part is checked */
	if (reg->smin_value < 0) {
		verbose(env,
			"R%d min value is negative, either use unsigned index or do a if (index "
			">=0) check.\n",
			regno);
		return -EACCES;
	}
	err = reg->range < 0 ? -EINVAL :
			       __check_mem_access(env, (int)regno, off, size, (u32)reg->range,
						  zero_size_allowed);
	if (err) {
		verbose(env, "R%d offset is outside of the packet\n", regno);
		return err;
	}
	env->max_pkt_offset =
		max_t(u32, env->max_pkt_offset, (u32)off + (u32)reg->umax_value + (u32)size - 1);
	return err;
}

static int check_ctx_access(struct bpf_verifier_env *env, int insn_idx, int off, int size,
			    enum bpf_access_type t, struct bpf_insn_access_aux *info)
{
	/* the table prints "invalid bpf_context access off=%d size=%d" itself */
	if (!prog_ctx_access(env, off, size, t, info))
		return -EACCES;
	/* a non-zero ctx_field_size allows narrow loads of a wider field */
	if (base_type(info->reg_type) == PTR_TO_BTF_ID) {
		if (info->ref_obj_id &&
		    !find_reference_state(env->cur_state, (int)info->ref_obj_id)) {
			verbose(env,
				"invalid bpf_context access off=%d. Reference may already be "
				"released\n",
				off);
			return -EACCES;
		}
	} else {
		env->insn_aux_data[insn_idx].ctx_field_size = info->ctx_field_size;
	}
	if (env->max_ctx_offset < (u32)(off + size))
		env->max_ctx_offset = (u32)(off + size);
	return 0;
}

#define BPF_FLOW_KEYS_SIZE 56 /* sizeof(struct bpf_flow_keys) */

static int check_flow_keys_access(struct bpf_verifier_env *env, int off, int size)
{
	if (size < 0 || off < 0 || (u64)off + (u64)size > BPF_FLOW_KEYS_SIZE) {
		verbose(env, "invalid access to flow keys off=%d size=%d\n", off, size);
		return -EACCES;
	}
	return 0;
}

static int check_sock_access(struct bpf_verifier_env *env, int insn_idx, u32 regno, int off,
			     int size, enum bpf_access_type t)
{
	struct bpf_reg_state *reg = &cur_regs(env)[regno];
	struct bpf_insn_access_aux info = { 0 };

	if (reg->smin_value < 0) {
		verbose(env,
			"R%d min value is negative, either use unsigned index or do a if (index "
			">=0) check.\n",
			regno);
		return -EACCES;
	}
	if (prog_sock_access(env, reg->type, off, size, t, &info)) {
		env->insn_aux_data[insn_idx].ctx_field_size = info.ctx_field_size;
		return 0;
	}
	verbose(env, "R%d invalid %s access off=%d size=%d\n", regno, reg_type_str(env, reg->type),
		off, size);
	return -EACCES;
}

static int __check_buffer_access(struct bpf_verifier_env *env, const char *buf_info,
				 const struct bpf_reg_state *reg, int regno, int off, int size)
{
	if (off < 0) {
		verbose(env, "R%d invalid %s buffer access: off=%d, size=%d\n", regno, buf_info,
			off, size);
		return -EACCES;
	}
	if (!tnum_is_const(reg->var_off) || reg->var_off.value) {
		char tn_buf[48];

		tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
		verbose(env, "R%d invalid variable buffer offset: off=%d, var_off=%s\n", regno, off,
			tn_buf);
		return -EACCES;
	}
	return 0;
}

static int check_tp_buffer_access(struct bpf_verifier_env *env, const struct bpf_reg_state *reg,
				  int regno, int off, int size)
{
	int err = __check_buffer_access(env, "tracepoint", reg, regno, off, size);

	if (err)
		return err;
	if ((u32)(off + size) > env->max_tp_access)
		env->max_tp_access = (u32)(off + size);
	return 0;
}

int check_buffer_access(struct bpf_verifier_env *env, const struct bpf_reg_state *reg, int regno,
			int off, int size, bool zero_size_allowed, u32 *max_access)
{
	const char *buf_info = type_is_rdonly_mem(reg->type) ? "rdonly" : "rdwr";
	int err;

	(void)zero_size_allowed;
	err = __check_buffer_access(env, buf_info, reg, regno, off, size);
	if (err)
		return err;
	if ((u32)(off + size) > *max_access)
		*max_access = (u32)(off + size);
	return 0;
}

/* ---- the dispatch ---- */

static int access_map_value(struct bpf_verifier_env *env, int insn_idx, u32 regno, int off,
			    int size, enum bpf_access_type t, int value_regno, bool is_ldsx)
{
	struct bpf_reg_state *regs = cur_regs(env), *reg = regs + regno;
	const struct hive_verifier_map *map = reg->map_ptr;
	const struct hive_field *kptr_field = NULL;
	int err;

	if (t == BPF_WRITE && value_regno >= 0 && is_pointer_value(env, value_regno)) {
		verbose(env, "R%d leaks addr into map\n", value_regno);
		return -EACCES;
	}
	err = check_map_access_type(env, regno, off, size, t);
	if (err)
		return err;
	err = check_map_access(env, regno, off, size, false, ACCESS_DIRECT);
	if (err)
		return err;
	if (tnum_is_const(reg->var_off))
		kptr_field = btf_record_find(map->record, (u32)(off + (s64)reg->var_off.value),
					     HIVE_FIELD_KPTR | HIVE_FIELD_UPTR);
	if (kptr_field)
		return check_map_kptr_access(env, regno, value_regno, insn_idx, kptr_field);
	if (t != BPF_READ || value_regno < 0)
		return 0;
	/* a read-only map's contents are known constants */
	if (tnum_is_const(reg->var_off) && bpf_map_is_rdonly(map) &&
	    map_has_direct_value_addr(map)) {
		int map_off = off + (int)reg->var_off.value;
		u64 val = 0;

		err = bpf_map_direct_read(map, map_off, size, &val, is_ldsx);
		if (err)
			return err;
		regs[value_regno].type = SCALAR_VALUE;
		reg_mark_known(&regs[value_regno], val);
	} else {
		mark_reg_unknown(env, regs, (u32)value_regno);
	}
	return 0;
}

static int access_mem(struct bpf_verifier_env *env, u32 regno, int off, int size,
		      enum bpf_access_type t, int value_regno)
{
	struct bpf_reg_state *regs = cur_regs(env), *reg = regs + regno;
	bool rdonly_mem = type_is_rdonly_mem(reg->type);
	bool rdonly_untrusted = rdonly_mem && (reg->type & PTR_UNTRUSTED);
	int err = 0;

	if (type_may_be_null(reg->type)) {
		verbose(env, "R%d invalid mem access '%s'\n", regno, reg_type_str(env, reg->type));
		return -EACCES;
	}
	if (t == BPF_WRITE && rdonly_mem) {
		verbose(env, "R%d cannot write into %s\n", regno, reg_type_str(env, reg->type));
		return -EACCES;
	}
	if (t == BPF_WRITE && value_regno >= 0 && is_pointer_value(env, value_regno)) {
		verbose(env, "R%d leaks addr into mem\n", value_regno);
		return -EACCES;
	}
	/* untrusted read-only memory is read with probe instructions: no bounds */
	if (!rdonly_untrusted)
		err = check_mem_region_access(env, regno, off, size, reg->mem_size, false);
	if (!err && value_regno >= 0 && (t == BPF_READ || rdonly_mem))
		mark_reg_unknown(env, regs, (u32)value_regno);
	return err;
}

static int access_ctx(struct bpf_verifier_env *env, int insn_idx, u32 regno, int off, int size,
		      enum bpf_access_type t, int value_regno, bool is_ldsx)
{
	struct bpf_reg_state *regs = cur_regs(env), *reg = regs + regno;
	struct bpf_insn_access_aux info = { .reg_type = SCALAR_VALUE, .is_ldsx = is_ldsx };
	int err;

	if (t == BPF_WRITE && value_regno >= 0 && is_pointer_value(env, value_regno)) {
		verbose(env, "R%d leaks addr into ctx\n", value_regno);
		return -EACCES;
	}
	err = check_ptr_off_reg(env, reg, (int)regno);
	if (err < 0)
		return err;
	err = check_ctx_access(env, insn_idx, off, size, t, &info);
	if (err)
		verbose_linfo(env, (u32)insn_idx, "; ");
	if (err || t != BPF_READ || value_regno < 0)
		return err;
	/* a scalar, or a pointer (packet, BTF object) at offset zero */
	if (info.reg_type == SCALAR_VALUE) {
		struct bpf_retval_range range;

		if (info.is_retval && prog_func_retval_range(env, &range)) {
			err = __mark_reg_s32_range(env, regs, (u32)value_regno, range.minval,
						   range.maxval);
			if (err)
				return err;
		} else {
			mark_reg_unknown(env, regs, (u32)value_regno);
		}
	} else {
		mark_reg_known_zero(env, regs, (u32)value_regno);
		if (type_may_be_null(info.reg_type))
			regs[value_regno].id = ++env->id_gen;
		/* the real load may be wider than the insn's: never a subregister */
		regs[value_regno].subreg_def = DEF_NOT_SUBREG;
		if (base_type(info.reg_type) == PTR_TO_BTF_ID) {
			regs[value_regno].btf = info.btf;
			regs[value_regno].btf_id = info.btf_id;
			regs[value_regno].ref_obj_id = info.ref_obj_id;
		}
	}
	regs[value_regno].type = info.reg_type;
	return 0;
}

static int access_other(struct bpf_verifier_env *env, int insn_idx, u32 regno, int off, int size,
			enum bpf_access_type t, int value_regno)
{
	struct bpf_reg_state *regs = cur_regs(env), *reg = regs + regno;
	bool load = t == BPF_READ && value_regno >= 0;
	int err;

	if (reg->type == PTR_TO_FLOW_KEYS) {
		if (t == BPF_WRITE && value_regno >= 0 && is_pointer_value(env, value_regno)) {
			verbose(env, "R%d leaks addr into flow keys\n", value_regno);
			return -EACCES;
		}
		err = check_flow_keys_access(env, off, size);
	} else if (type_is_sk_pointer(reg->type)) {
		if (t == BPF_WRITE) {
			verbose(env, "R%d cannot write into %s\n", regno,
				reg_type_str(env, reg->type));
			return -EACCES;
		}
		err = check_sock_access(env, insn_idx, regno, off, size, t);
		load = value_regno >= 0;
	} else if (reg->type == PTR_TO_TP_BUFFER) {
		err = check_tp_buffer_access(env, reg, (int)regno, off, size);
	} else if (base_type(reg->type) == PTR_TO_BTF_ID && !type_may_be_null(reg->type)) {
		return check_ptr_to_btf_access(env, regs, (int)regno, off, size, t, value_regno);
	} else if (reg->type == CONST_PTR_TO_MAP) {
		return check_ptr_to_map_access(env, regs, (int)regno, off, size, t, value_regno);
	} else if (base_type(reg->type) == PTR_TO_BUF) {
		bool rdonly_mem = type_is_rdonly_mem(reg->type);

		if (rdonly_mem && t == BPF_WRITE) {
			verbose(env, "R%d cannot write into %s\n", regno,
				reg_type_str(env, reg->type));
			return -EACCES;
		}
		err = check_buffer_access(env, reg, (int)regno, off, size, false,
					  rdonly_mem ? &env->max_rdonly_access :
						       &env->max_rdwr_access);
		load = value_regno >= 0 && (rdonly_mem || t == BPF_READ);
	} else if (reg->type == PTR_TO_ARENA) {
		err = 0;
	} else {
		verbose(env, "R%d invalid mem access '%s'\n", regno, reg_type_str(env, reg->type));
		return -EACCES;
	}
	if (!err && load)
		mark_reg_unknown(env, regs, (u32)value_regno);
	return err;
}

static int access_packet(struct bpf_verifier_env *env, u32 regno, int off, int size,
			 enum bpf_access_type t, int value_regno)
{
	int err;

	if (t == BPF_WRITE && !may_access_direct_pkt_data(env, NULL, t)) {
		verbose(env, "cannot write into packet\n");
		return -EACCES;
	}
	if (t == BPF_WRITE && value_regno >= 0 && is_pointer_value(env, value_regno)) {
		verbose(env, "R%d leaks addr into packet\n", value_regno);
		return -EACCES;
	}
	err = check_packet_access(env, regno, off, size, false);
	if (!err && t == BPF_READ && value_regno >= 0)
		mark_reg_unknown(env, cur_regs(env), (u32)value_regno);
	return err;
}

/*
 * Is [regno + off, + size of bpf_size) accessible for @t? For a write, value_regno holds the
 * stored value (-1: unknown data); for a read, it receives the loaded value (-1: discarded).
 */
int check_mem_access(struct bpf_verifier_env *env, int insn_idx, u32 regno, int off, int bpf_size,
		     enum bpf_access_type t, int value_regno, bool strict_alignment_once,
		     bool is_ldsx)
{
	struct bpf_reg_state *regs = cur_regs(env), *reg = regs + regno;
	int size, err;

	size = isa_size_bytes(bpf_size);
	if (size < 0)
		return -EINVAL;
	err = check_ptr_alignment(env, reg, off, size, strict_alignment_once);
	if (err)
		return err;
	off += reg->off;
	if (reg->type == PTR_TO_MAP_KEY) {
		if (t == BPF_WRITE) {
			verbose(env, "write to change key R%d not allowed\n", regno);
			return -EACCES;
		}
		err = check_mem_region_access(env, regno, off, size, reg->map_ptr->key_size, false);
		if (!err && value_regno >= 0)
			mark_reg_unknown(env, regs, (u32)value_regno);
	} else if (reg->type == PTR_TO_MAP_VALUE) {
		err = access_map_value(env, insn_idx, regno, off, size, t, value_regno, is_ldsx);
	} else if (base_type(reg->type) == PTR_TO_MEM) {
		err = access_mem(env, regno, off, size, t, value_regno);
	} else if (reg->type == PTR_TO_CTX) {
		err = access_ctx(env, insn_idx, regno, off, size, t, value_regno, is_ldsx);
	} else if (reg->type == PTR_TO_STACK) {
		err = check_stack_access_within_bounds(env, (int)regno, off, size, t);
		if (!err)
			err = t == BPF_READ ?
				      check_stack_read(env, (int)regno, off, size, value_regno) :
				      check_stack_write(env, (int)regno, off, size, value_regno,
							insn_idx);
	} else if (reg_is_pkt_pointer(reg)) {
		err = access_packet(env, regno, off, size, t, value_regno);
	} else {
		err = access_other(env, insn_idx, regno, off, size, t, value_regno);
	}
	if (!err && size < BPF_REG_SIZE && value_regno >= 0 && t == BPF_READ &&
	    regs[value_regno].type == SCALAR_VALUE) {
		/* narrow loads zero- or sign-extend */
		if (!is_ldsx)
			coerce_reg_to_size(&regs[value_regno], size);
		else
			coerce_reg_to_size_sx(&regs[value_regno], size);
	}
	return err;
}

/* ---- load, store, atomic instructions ---- */

static bool reg_type_mismatch_ok(u32 type)
{
	switch (base_type(type)) {
	case PTR_TO_CTX:
	case PTR_TO_SOCKET:
	case PTR_TO_SOCK_COMMON:
	case PTR_TO_TCP_SOCK:
	case PTR_TO_XDP_SOCK:
	case PTR_TO_BTF_ID:
	case PTR_TO_ARENA:
		return false;
	default:
		return true;
	}
}

static bool reg_type_mismatch(u32 src, u32 prev)
{
	return src != prev && (!reg_type_mismatch_ok(src) || !reg_type_mismatch_ok(prev));
}

static bool is_ptr_to_mem_or_btf_id(u32 type)
{
	return base_type(type) == PTR_TO_MEM || base_type(type) == PTR_TO_BTF_ID;
}

/*
 * The fixups rewrite a load/store by the kind of pointer it uses (context accesses become
 * loads from the real structure): every path must use the same kind.
 */
int save_aux_ptr_type(struct bpf_verifier_env *env, u32 type, bool allow_trust_mismatch)
{
	u32 *prev_type = &env->insn_aux_data[env->insn_idx].ptr_type;
	u32 merged_type;

	if (*prev_type == NOT_INIT) {
		*prev_type = type;
		return 0;
	}
	if (!reg_type_mismatch(type, *prev_type))
		return 0;
	if (allow_trust_mismatch && is_ptr_to_mem_or_btf_id(type) &&
	    is_ptr_to_mem_or_btf_id(*prev_type)) {
		/* trusted and untrusted pointers to the same memory may meet */
		if (base_type(type) == PTR_TO_MEM || base_type(*prev_type) == PTR_TO_MEM)
			merged_type = PTR_TO_MEM;
		else
			merged_type = PTR_TO_BTF_ID;
		if ((type & PTR_UNTRUSTED) || (*prev_type & PTR_UNTRUSTED))
			merged_type |= PTR_UNTRUSTED;
		if ((type & MEM_RDONLY) || (*prev_type & MEM_RDONLY))
			merged_type |= MEM_RDONLY;
		*prev_type = merged_type;
		return 0;
	}
	verbose(env, "same insn cannot be used with different pointers\n");
	return -EINVAL;
}

int check_load_mem(struct bpf_verifier_env *env, struct hive_insn *insn, bool strict_alignment_once,
		   bool is_ldsx, bool allow_trust_mismatch, const char *ctx)
{
	struct bpf_reg_state *regs = cur_regs(env);
	u32 src_reg_type;
	int err;

	err = check_reg_arg(env, insn->src_reg, SRC_OP);
	if (err)
		return err;
	err = check_reg_arg(env, insn->dst_reg, DST_OP_NO_MARK);
	if (err)
		return err;
	src_reg_type = regs[insn->src_reg].type;
	err = check_mem_access(env, (int)env->insn_idx, insn->src_reg, insn->off,
			       BPF_SIZE(insn->code), BPF_READ, insn->dst_reg, strict_alignment_once,
			       is_ldsx);
	err = err ?: save_aux_ptr_type(env, src_reg_type, allow_trust_mismatch);
	err = err ?: reg_bounds_sanity_check(env, &regs[insn->dst_reg], ctx);
	return err;
}

int check_store_reg(struct bpf_verifier_env *env, struct hive_insn *insn,
		    bool strict_alignment_once)
{
	struct bpf_reg_state *regs = cur_regs(env);
	u32 dst_reg_type;
	int err;

	err = check_reg_arg(env, insn->src_reg, SRC_OP);
	if (err)
		return err;
	err = check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;
	dst_reg_type = regs[insn->dst_reg].type;
	err = check_mem_access(env, (int)env->insn_idx, insn->dst_reg, insn->off,
			       BPF_SIZE(insn->code), BPF_WRITE, insn->src_reg,
			       strict_alignment_once, false);
	return err ?: save_aux_ptr_type(env, dst_reg_type, false);
}

/* Atomics work on plain memory only: not on the context, packets, sockets or flow keys. */
static bool atomic_ptr_type_ok(struct bpf_verifier_env *env, int regno)
{
	const struct bpf_reg_state *reg = reg_state(env, regno);

	if (reg->type == PTR_TO_CTX || type_is_pkt_pointer(reg->type) ||
	    reg->type == PTR_TO_FLOW_KEYS || type_is_sk_pointer(reg->type))
		return false;
	return true;
}

static int check_atomic_rmw(struct bpf_verifier_env *env, struct hive_insn *insn)
{
	int load_reg, err;

	if (BPF_SIZE(insn->code) != BPF_W && BPF_SIZE(insn->code) != BPF_DW) {
		verbose(env, "invalid atomic operand size\n");
		return -EINVAL;
	}
	err = check_reg_arg(env, insn->src_reg, SRC_OP);
	if (err)
		return err;
	err = check_reg_arg(env, insn->dst_reg, SRC_OP);
	if (err)
		return err;
	if (insn->imm == BPF_CMPXCHG) {
		/* r0 is compared with memory */
		err = check_reg_arg(env, BPF_REG_0, SRC_OP);
		if (err)
			return err;
		if (is_pointer_value(env, BPF_REG_0)) {
			verbose(env, "R%d leaks addr into mem\n", BPF_REG_0);
			return -EACCES;
		}
	}
	if (is_pointer_value(env, insn->src_reg)) {
		verbose(env, "R%d leaks addr into mem\n", insn->src_reg);
		return -EACCES;
	}
	if (!atomic_ptr_type_ok(env, insn->dst_reg)) {
		verbose(env, "BPF_ATOMIC stores into R%d %s is not allowed\n", insn->dst_reg,
			reg_type_str(env, reg_state(env, insn->dst_reg)->type));
		return -EACCES;
	}
	if (insn->imm & BPF_FETCH) {
		load_reg = insn->imm == BPF_CMPXCHG ? BPF_REG_0 : insn->src_reg;
		err = check_reg_arg(env, (u32)load_reg, DST_OP);
		if (err)
			return err;
	} else {
		load_reg = -1; /* memory is accessed but nothing is loaded */
	}
	/* read, then (for fetches) read again as a register fill, then write */
	err = check_mem_access(env, (int)env->insn_idx, insn->dst_reg, insn->off,
			       BPF_SIZE(insn->code), BPF_READ, -1, true, false);
	if (!err && load_reg >= 0)
		err = check_mem_access(env, (int)env->insn_idx, insn->dst_reg, insn->off,
				       BPF_SIZE(insn->code), BPF_READ, load_reg, true, false);
	if (err)
		return err;
	if (reg_state(env, insn->dst_reg)->type == PTR_TO_ARENA) {
		err = save_aux_ptr_type(env, PTR_TO_ARENA, false);
		if (err)
			return err;
	}
	return check_mem_access(env, (int)env->insn_idx, insn->dst_reg, insn->off,
				BPF_SIZE(insn->code), BPF_WRITE, -1, true, false);
}

static int check_atomic_load(struct bpf_verifier_env *env, struct hive_insn *insn)
{
	int err = check_load_mem(env, insn, true, false, false, "atomic_load");

	if (err)
		return err;
	if (!atomic_ptr_type_ok(env, insn->src_reg)) {
		verbose(env, "BPF_ATOMIC loads from R%d %s is not allowed\n", insn->src_reg,
			reg_type_str(env, reg_state(env, insn->src_reg)->type));
		return -EACCES;
	}
	return 0;
}

static int check_atomic_store(struct bpf_verifier_env *env, struct hive_insn *insn)
{
	int err = check_store_reg(env, insn, true);

	if (err)
		return err;
	if (!atomic_ptr_type_ok(env, insn->dst_reg)) {
		verbose(env, "BPF_ATOMIC stores into R%d %s is not allowed\n", insn->dst_reg,
			reg_type_str(env, reg_state(env, insn->dst_reg)->type));
		return -EACCES;
	}
	return 0;
}

int check_atomic(struct bpf_verifier_env *env, struct hive_insn *insn)
{
	switch (insn->imm) {
	case BPF_ADD:
	case BPF_ADD | BPF_FETCH:
	case BPF_AND:
	case BPF_AND | BPF_FETCH:
	case BPF_OR:
	case BPF_OR | BPF_FETCH:
	case BPF_XOR:
	case BPF_XOR | BPF_FETCH:
	case BPF_XCHG:
	case BPF_CMPXCHG:
		return check_atomic_rmw(env, insn);
	case BPF_LOAD_ACQ:
		return check_atomic_load(env, insn);
	case BPF_STORE_REL:
		return check_atomic_store(env, insn);
	default:
		verbose(env, "BPF_ATOMIC uses invalid atomic opcode %02x\n", insn->imm);
		return -EINVAL;
	}
}
