// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/args.c: checking the registers passed to helpers (and, for the shared parts, to
 * kfuncs and global subprograms) against what the callee declares.
 *
 * A helper's prototype gives each of R1-R5 an argument type (protos.h). check_func_arg()
 * accepts a register when its type is one the argument allows (compatible_reg_types below,
 * the kernel's table), its offset is one the argument allows, and what it points to is
 * accessible for the callee: a map key on the stack must be initialised over key_size bytes,
 * a buffer with a size argument over the size's maximum, and so on. Along the way it records
 * in struct bpf_call_arg_meta what the rest of the call needs (the map, the released
 * reference, the buffer written by the helper, the callback).
 */
#include <errno.h>
#include <string.h>

#include "verifier/btf_access.h"
#include "verifier/env.h"
#include "verifier/kfunc_call.h"
#include "verifier/progops.h"

bool arg_type_is_mem_size(u32 type)
{
	return type == ARG_CONST_SIZE || type == ARG_CONST_SIZE_OR_ZERO;
}

bool arg_type_is_raw_mem(u32 type)
{
	return base_type(type) == ARG_PTR_TO_MEM && (type & MEM_UNINIT);
}

bool arg_type_is_release(u32 type)
{
	return type & OBJ_RELEASE;
}

bool arg_type_is_dynptr(u32 type)
{
	return base_type(type) == ARG_PTR_TO_DYNPTR;
}

/* ---- register types an argument accepts ---- */

#define MAX_COMPATIBLE 10

struct bpf_reg_types {
	u32 types[MAX_COMPATIBLE];
	const char *btf_struct; /* the kernel struct PTR_TO_BTF_ID must be, when the arg names none */
};

static const struct bpf_reg_types sock_types = {
	.types = { PTR_TO_SOCK_COMMON, PTR_TO_SOCKET, PTR_TO_TCP_SOCK, PTR_TO_XDP_SOCK },
};
static const struct bpf_reg_types btf_id_sock_common_types = {
	.types = { PTR_TO_SOCK_COMMON, PTR_TO_SOCKET, PTR_TO_TCP_SOCK, PTR_TO_XDP_SOCK,
		   PTR_TO_BTF_ID, PTR_TO_BTF_ID | PTR_TRUSTED },
	.btf_struct = "sock_common",
};
static const struct bpf_reg_types mem_types = {
	.types = { PTR_TO_STACK, PTR_TO_PACKET, PTR_TO_PACKET_META, PTR_TO_MAP_KEY,
		   PTR_TO_MAP_VALUE, PTR_TO_MEM, PTR_TO_MEM | MEM_RINGBUF, PTR_TO_BUF,
		   PTR_TO_BTF_ID | PTR_TRUSTED },
};
static const struct bpf_reg_types spin_lock_types = {
	.types = { PTR_TO_MAP_VALUE, PTR_TO_BTF_ID | MEM_ALLOC },
};
static const struct bpf_reg_types fullsock_types = { .types = { PTR_TO_SOCKET } };
static const struct bpf_reg_types scalar_types = { .types = { SCALAR_VALUE } };
static const struct bpf_reg_types context_types = { .types = { PTR_TO_CTX } };
static const struct bpf_reg_types ringbuf_mem_types = { .types = { PTR_TO_MEM | MEM_RINGBUF } };
static const struct bpf_reg_types const_map_ptr_types = { .types = { CONST_PTR_TO_MAP } };
static const struct bpf_reg_types btf_ptr_types = {
	.types = { PTR_TO_BTF_ID, PTR_TO_BTF_ID | PTR_TRUSTED, PTR_TO_BTF_ID | MEM_RCU },
};
static const struct bpf_reg_types percpu_btf_ptr_types = {
	.types = { PTR_TO_BTF_ID | MEM_PERCPU, PTR_TO_BTF_ID | MEM_PERCPU | MEM_RCU,
		   PTR_TO_BTF_ID | MEM_PERCPU | PTR_TRUSTED },
};
static const struct bpf_reg_types func_ptr_types = { .types = { PTR_TO_FUNC } };
static const struct bpf_reg_types stack_ptr_types = { .types = { PTR_TO_STACK } };
static const struct bpf_reg_types const_str_ptr_types = { .types = { PTR_TO_MAP_VALUE } };
static const struct bpf_reg_types timer_types = { .types = { PTR_TO_MAP_VALUE } };
static const struct bpf_reg_types kptr_xchg_dest_types = {
	.types = { PTR_TO_MAP_VALUE, PTR_TO_BTF_ID | MEM_ALLOC },
};
static const struct bpf_reg_types dynptr_types = {
	.types = { PTR_TO_STACK, CONST_PTR_TO_DYNPTR },
};

static const struct bpf_reg_types *const compatible_reg_types[__BPF_ARG_TYPE_MAX] = {
	[ARG_PTR_TO_MAP_KEY] = &mem_types,
	[ARG_PTR_TO_MAP_VALUE] = &mem_types,
	[ARG_CONST_SIZE] = &scalar_types,
	[ARG_CONST_SIZE_OR_ZERO] = &scalar_types,
	[ARG_CONST_ALLOC_SIZE_OR_ZERO] = &scalar_types,
	[ARG_CONST_MAP_PTR] = &const_map_ptr_types,
	[ARG_PTR_TO_CTX] = &context_types,
	[ARG_PTR_TO_SOCK_COMMON] = &sock_types,
	[ARG_PTR_TO_BTF_ID_SOCK_COMMON] = &btf_id_sock_common_types,
	[ARG_PTR_TO_SOCKET] = &fullsock_types,
	[ARG_PTR_TO_BTF_ID] = &btf_ptr_types,
	[ARG_PTR_TO_SPIN_LOCK] = &spin_lock_types,
	[ARG_PTR_TO_MEM] = &mem_types,
	[ARG_PTR_TO_RINGBUF_MEM] = &ringbuf_mem_types,
	[ARG_PTR_TO_PERCPU_BTF_ID] = &percpu_btf_ptr_types,
	[ARG_PTR_TO_FUNC] = &func_ptr_types,
	[ARG_PTR_TO_STACK] = &stack_ptr_types,
	[ARG_PTR_TO_CONST_STR] = &const_str_ptr_types,
	[ARG_PTR_TO_TIMER] = &timer_types,
	[ARG_KPTR_XCHG_DEST] = &kptr_xchg_dest_types,
	[ARG_PTR_TO_DYNPTR] = &dynptr_types,
};

static int match_compatible(struct bpf_verifier_env *env, u32 regno, u32 arg_type,
			    const struct bpf_reg_types *compatible, u32 func_id)
{
	struct bpf_reg_state *reg = reg_state(env, (int)regno);
	u32 type = reg->type;
	int i, j;

	/* an argument that may be read-only or NULL also takes the stricter register type */
	if (arg_type & MEM_RDONLY)
		type &= ~MEM_RDONLY;
	if (arg_type & PTR_MAYBE_NULL)
		type &= ~PTR_MAYBE_NULL;
	if (base_type(arg_type) == ARG_PTR_TO_MEM)
		type &= ~DYNPTR_TYPE_FLAG_MASK;
	/* bpf_kptr_xchg() moves local objects into kptr fields */
	if (func_id == BPF_FUNC_kptr_xchg && type_is_alloc(type) && regno == BPF_REG_2) {
		type &= ~MEM_ALLOC;
		type &= ~MEM_PERCPU;
	}
	for (i = 0; i < MAX_COMPATIBLE; i++) {
		if (compatible->types[i] == NOT_INIT)
			break;
		if (type == compatible->types[i])
			return 0;
	}
	verbose(env, "R%d type=%s expected=", regno, reg_type_str(env, reg->type));
	for (j = 0; j + 1 < i; j++)
		verbose(env, "%s, ", reg_type_str(env, compatible->types[j]));
	verbose(env, "%s\n", reg_type_str(env, compatible->types[j]));
	return -EACCES;
}

/* The kernel struct a PTR_TO_BTF_ID argument must point to. */
struct arg_btf {
	bool poison; /* the kernel's BPF_PTR_POISON: decided by the verifier elsewhere */
	bool none;
	u32 id; /* in vmlinux BTF */
};

static int check_btf_id_arg(struct bpf_verifier_env *env, u32 regno, u32 arg_type,
			    const struct arg_btf *arg_btf, const struct bpf_reg_types *compatible,
			    struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = reg_state(env, (int)regno);
	bool strict_type_match = arg_type_is_release(arg_type) &&
				 meta->func_id != BPF_FUNC_sk_release;
	const struct hive_btf *vmlinux = env->in->vmlinux_btf;
	struct arg_btf want = *arg_btf;

	if (type_may_be_null(reg->type) &&
	    (!type_may_be_null(arg_type) || arg_type_is_release(arg_type))) {
		verbose(env, "Possibly NULL pointer passed to helper arg%d\n", regno);
		return -EACCES;
	}
	if (want.none) {
		int id;

		if (!compatible->btf_struct) {
			verifier_bug(env, "missing arg compatible BTF ID");
			return -EFAULT;
		}
		id = proto_resolve_btf_id(vmlinux, compatible->btf_struct);
		want.id = id > 0 ? (u32)id : 0;
	}
	if (meta->func_id == BPF_FUNC_kptr_xchg)
		return map_kptr_match_type(env, meta->kptr_field, reg, regno) ? -EACCES : 0;
	if (want.poison) {
		verbose(env, "verifier internal error:");
		verbose(env, "R%d has non-overwritten BPF_PTR_POISON type\n", regno);
		return -EACCES;
	}
	if (!btf_struct_ids_match(env, reg->btf, reg->btf_id, reg->off, vmlinux, want.id,
				  strict_type_match)) {
		verbose(env, "R%d is of type %s but %s is expected\n", regno,
			btf_type_name(reg->btf, reg->btf_id), btf_type_name(vmlinux, want.id));
		return -EACCES;
	}
	return 0;
}

static int check_reg_type_btf(struct bpf_verifier_env *env, u32 regno, u32 arg_type,
			      const struct arg_btf *arg_btf, const struct bpf_reg_types *compatible,
			      struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = reg_state(env, (int)regno);

	if (compatible == &mem_types) {
		if (!(arg_type & MEM_RDONLY)) {
			verbose(env, "%s() may write into memory pointed by R%d type=%s\n",
				func_id_name(meta->func_id), regno, reg_type_str(env, reg->type));
			return -EACCES;
		}
		return 0;
	}
	switch (reg->type) {
	case PTR_TO_BTF_ID:
	case PTR_TO_BTF_ID | PTR_TRUSTED:
	case PTR_TO_BTF_ID | PTR_TRUSTED | PTR_MAYBE_NULL:
	case PTR_TO_BTF_ID | MEM_RCU:
	case PTR_TO_BTF_ID | PTR_MAYBE_NULL:
	case PTR_TO_BTF_ID | PTR_MAYBE_NULL | MEM_RCU:
		return check_btf_id_arg(env, regno, arg_type, arg_btf, compatible, meta);
	case PTR_TO_BTF_ID | MEM_ALLOC:
	case PTR_TO_BTF_ID | MEM_PERCPU | MEM_ALLOC:
		if (meta->func_id != BPF_FUNC_spin_lock && meta->func_id != BPF_FUNC_spin_unlock &&
		    meta->func_id != BPF_FUNC_kptr_xchg) {
			verifier_bug(env, "unimplemented handling of MEM_ALLOC");
			return -EFAULT;
		}
		/* the local object given to bpf_kptr_xchg() must match the destination field */
		if (meta->func_id == BPF_FUNC_kptr_xchg && regno == BPF_REG_2 &&
		    map_kptr_match_type(env, meta->kptr_field, reg, regno))
			return -EACCES;
		return 0;
	case PTR_TO_BTF_ID | MEM_PERCPU:
	case PTR_TO_BTF_ID | MEM_PERCPU | MEM_RCU:
	case PTR_TO_BTF_ID | MEM_PERCPU | PTR_TRUSTED:
		return 0; /* checked by the helper-specific code */
	default:
		verifier_bug(env, "invalid PTR_TO_BTF_ID register for type match");
		return -EFAULT;
	}
}

int check_reg_type(struct bpf_verifier_env *env, u32 regno, u32 arg_type, const u32 *arg_btf_id,
		   bool btf_poison, struct bpf_call_arg_meta *meta)
{
	const struct bpf_reg_types *compatible = compatible_reg_types[base_type(arg_type)];
	struct arg_btf arg_btf = { .poison = btf_poison, .none = !arg_btf_id && !btf_poison };
	int err;

	if (base_type(arg_type) >= __BPF_ARG_TYPE_MAX || !compatible) {
		verifier_bug(env, "unsupported arg type %d", arg_type);
		return -EFAULT;
	}
	if (arg_btf_id)
		arg_btf.id = *arg_btf_id;
	err = match_compatible(env, regno, arg_type, compatible, (u32)meta->func_id);
	if (err)
		return err;
	if (base_type(reg_state(env, (int)regno)->type) != PTR_TO_BTF_ID)
		return 0;
	return check_reg_type_btf(env, regno, arg_type, &arg_btf, compatible, meta);
}

/* ---- offsets ---- */

int check_func_arg_reg_off(struct bpf_verifier_env *env, const struct bpf_reg_state *reg, int regno,
			   u32 arg_type)
{
	u32 type = reg->type;

	if (arg_type_is_release(arg_type)) {
		/* a released dynptr is found through the stack slot it lives in */
		if (arg_type_is_dynptr(arg_type) && type == PTR_TO_STACK)
			return 0;
		if (reg->off) {
			verbose(env,
				"R%d must have zero offset when passed to release func or trusted arg "
				"to kfunc\n",
				regno);
			return -EINVAL;
		}
		return __check_ptr_off_reg(env, reg, regno, false);
	}
	switch (type) {
	/* pointers that may carry both a fixed and a variable offset */
	case PTR_TO_STACK:
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
	case PTR_TO_MAP_KEY:
	case PTR_TO_MAP_VALUE:
	case PTR_TO_MEM:
	case PTR_TO_MEM | MEM_RDONLY:
	case PTR_TO_MEM | MEM_RINGBUF:
	case PTR_TO_BUF:
	case PTR_TO_BUF | MEM_RDONLY:
	case PTR_TO_ARENA:
	case SCALAR_VALUE:
		return 0;
	/* a fixed offset into a BTF object is fine, a variable one is not */
	case PTR_TO_BTF_ID:
	case PTR_TO_BTF_ID | MEM_ALLOC:
	case PTR_TO_BTF_ID | PTR_TRUSTED:
	case PTR_TO_BTF_ID | MEM_RCU:
	case PTR_TO_BTF_ID | MEM_ALLOC | NON_OWN_REF:
	case PTR_TO_BTF_ID | MEM_ALLOC | NON_OWN_REF | MEM_RCU:
		return __check_ptr_off_reg(env, reg, regno, true);
	default:
		return __check_ptr_off_reg(env, reg, regno, false);
	}
}

/* ---- memory passed to a callee ---- */

int check_helper_mem_access(struct bpf_verifier_env *env, int regno, int access_size,
			    enum bpf_access_type access_type, bool zero_size_allowed,
			    struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *regs = cur_regs(env), *reg = &regs[regno];

	switch (base_type(reg->type)) {
	case PTR_TO_PACKET:
	case PTR_TO_PACKET_META:
		return check_packet_access(env, (u32)regno, reg->off, access_size,
					   zero_size_allowed);
	case PTR_TO_MAP_KEY:
		if (access_type == BPF_WRITE) {
			verbose(env, "R%d cannot write into %s\n", regno,
				reg_type_str(env, reg->type));
			return -EACCES;
		}
		return check_mem_region_access(env, (u32)regno, reg->off, access_size,
					       reg->map_ptr->key_size, false);
	case PTR_TO_MAP_VALUE:
		if (check_map_access_type(env, (u32)regno, reg->off, access_size, access_type))
			return -EACCES;
		return check_map_access(env, (u32)regno, reg->off, access_size, zero_size_allowed,
					2 /* ACCESS_HELPER */);
	case PTR_TO_MEM:
		if ((reg->type & MEM_RDONLY) && access_type == BPF_WRITE) {
			verbose(env, "R%d cannot write into %s\n", regno,
				reg_type_str(env, reg->type));
			return -EACCES;
		}
		return check_mem_region_access(env, (u32)regno, reg->off, access_size,
					       reg->mem_size, zero_size_allowed);
	case PTR_TO_BUF:
		if ((reg->type & MEM_RDONLY) && access_type == BPF_WRITE) {
			verbose(env, "R%d cannot write into %s\n", regno,
				reg_type_str(env, reg->type));
			return -EACCES;
		}
		return check_buffer_access(
			env, reg, regno, reg->off, access_size, zero_size_allowed,
			(reg->type & MEM_RDONLY) ? &env->max_rdonly_access : &env->max_rdwr_access);
	case PTR_TO_STACK:
		return check_stack_range_initialized(env, regno, reg->off, access_size,
						     zero_size_allowed, access_type, meta);
	case PTR_TO_BTF_ID:
		return check_ptr_to_btf_access(env, regs, regno, reg->off, access_size, BPF_READ,
					       -1);
	case PTR_TO_CTX:
		/* a context without conversion (syscall programs) is checked byte-wise */
		if (!prog_ctx_convertible(env)) {
			if (access_size == 0)
				return zero_size_allowed ? 0 : -EACCES;
			return check_mem_access(env, (int)env->insn_idx, (u32)regno,
						access_size - 1, BPF_B, access_type, -1, false,
						false);
		}
		__attribute__((fallthrough));
	default:
		/* a NULL with a zero size is fine whatever the argument */
		if (zero_size_allowed && access_size == 0 && register_is_null(reg))
			return 0;
		verbose(env, "R%d type=%s ", regno, reg_type_str(env, reg->type));
		verbose(env, "expected=%s\n", reg_type_str(env, PTR_TO_STACK));
		return -EACCES;
	}
}

/* The size argument in @regno of the buffer in @regno - 1. */
int check_mem_size_reg(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 regno,
		       enum bpf_access_type access_type, bool zero_size_allowed,
		       struct bpf_call_arg_meta *meta)
{
	int err;

	/* some helpers return at most the buffer size: remember it for the return value */
	meta->msize_max_value = reg->umax_value;
	/* only a constant size lets an uninitialised buffer count as written */
	if (!tnum_is_const(reg->var_off))
		meta = NULL;
	if (reg->smin_value < 0) {
		verbose(env, "R%d min value is negative, either use unsigned or 'var &= const'\n",
			regno);
		return -EACCES;
	}
	if (reg->umin_value == 0 && !zero_size_allowed) {
		verbose(env, "R%d invalid zero-sized read: u64=[%lld,%lld]\n", regno,
			(long long)reg->umin_value, (long long)reg->umax_value);
		return -EACCES;
	}
	if (reg->umax_value >= BPF_MAX_VAR_SIZ) {
		verbose(env,
			"R%d unbounded memory access, use 'var &= const' or 'if (var < const)'\n",
			regno);
		return -EACCES;
	}
	err = check_helper_mem_access(env, (int)regno - 1, (int)reg->umax_value, access_type,
				      zero_size_allowed, meta);
	if (!err)
		err = mark_chain_precision(env, (int)regno);
	return err;
}

/* A global subprogram's memory argument: readable and writable over @mem_size. */
int check_mem_reg(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 regno, u32 mem_size)
{
	bool may_be_null = type_may_be_null(reg->type);
	struct bpf_reg_state saved_reg;
	int err;

	if (register_is_null(reg))
		return 0;
	/* check as if not NULL, without the caller seeing the conversion */
	if (may_be_null) {
		saved_reg = *reg;
		mark_ptr_not_null_reg(reg);
	}
	err = check_helper_mem_access(env, (int)regno, (int)mem_size, BPF_READ, true, NULL);
	err = err ?: check_helper_mem_access(env, (int)regno, (int)mem_size, BPF_WRITE, true, NULL);
	if (may_be_null)
		*reg = saved_reg;
	return err;
}

int check_kfunc_mem_size_reg(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 regno)
{
	struct bpf_reg_state *mem_reg = &cur_regs(env)[regno - 1];
	bool may_be_null = type_may_be_null(mem_reg->type);
	struct bpf_reg_state saved_reg;
	struct bpf_call_arg_meta meta;
	int err;

	memset(&meta, 0, sizeof(meta));
	if (may_be_null) {
		saved_reg = *mem_reg;
		mark_ptr_not_null_reg(mem_reg);
	}
	err = check_mem_size_reg(env, reg, regno, BPF_READ, true, &meta);
	err = err ?: check_mem_size_reg(env, reg, regno, BPF_WRITE, true, &meta);
	if (may_be_null)
		*mem_reg = saved_reg;
	return err;
}

/* ---- special objects passed by pointer ---- */

/*
 * A bpf_dynptr argument: MEM_UNINIT constructs one in 16 stack bytes, MEM_RDONLY reads an
 * initialised one without changing it, neither flag may change or destroy it.
 */
int process_dynptr_func(struct bpf_verifier_env *env, int regno, int insn_idx, u32 arg_type,
			int clone_ref_obj_id)
{
	struct bpf_reg_state *reg = reg_state(env, regno);
	int err;

	if (reg->type != PTR_TO_STACK && reg->type != CONST_PTR_TO_DYNPTR) {
		verbose(env, "arg#%d expected pointer to stack or const struct bpf_dynptr\n",
			regno - 1);
		return -EINVAL;
	}
	if ((arg_type & (MEM_UNINIT | MEM_RDONLY)) == (MEM_UNINIT | MEM_RDONLY)) {
		verifier_bug(env, "misconfigured dynptr helper type flags");
		return -EFAULT;
	}
	if (arg_type & MEM_UNINIT) {
		if (!is_dynptr_reg_valid_uninit(env, reg)) {
			verbose(env, "Dynptr has to be an uninitialized dynptr\n");
			return -EINVAL;
		}
		for (int i = 0; i < BPF_DYNPTR_SIZE; i += 8) {
			err = check_mem_access(env, insn_idx, (u32)regno, i, BPF_DW, BPF_WRITE, -1,
					       false, false);
			if (err)
				return err;
		}
		return mark_stack_slots_dynptr(env, reg, arg_type, insn_idx, clone_ref_obj_id);
	}
	if (reg->type == CONST_PTR_TO_DYNPTR && !(arg_type & MEM_RDONLY)) {
		verbose(env, "cannot pass pointer to const bpf_dynptr, the helper mutates it\n");
		return -EINVAL;
	}
	if (!is_dynptr_reg_valid_init(env, reg)) {
		verbose(env, "Expected an initialized dynptr as arg #%d\n", regno - 1);
		return -EINVAL;
	}
	if (!is_dynptr_type_expected(env, reg, arg_type & ~MEM_RDONLY)) {
		verbose(env, "Expected a dynptr of type %s as arg #%d\n",
			dynptr_type_str(arg_to_dynptr_type(arg_type)), regno - 1);
		return -EINVAL;
	}
	return mark_dynptr_read(env, reg);
}

int dynptr_id(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	int spi;

	if (reg->type == CONST_PTR_TO_DYNPTR)
		return (int)reg->id;
	spi = dynptr_get_spi(env, reg);
	if (spi < 0)
		return spi;
	return (int)func(env, reg)->stack[spi].spilled_ptr.id;
}

int dynptr_ref_obj_id(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	int spi;

	if (reg->type == CONST_PTR_TO_DYNPTR)
		return (int)reg->ref_obj_id;
	spi = dynptr_get_spi(env, reg);
	if (spi < 0)
		return spi;
	return (int)func(env, reg)->stack[spi].spilled_ptr.ref_obj_id;
}

enum bpf_dynptr_type dynptr_get_type(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	int spi;

	if (reg->type == CONST_PTR_TO_DYNPTR)
		return reg->dynptr.type;
	spi = __get_spi(reg->off);
	if (spi < 0) {
		verbose(env, "verifier internal error: invalid spi when querying dynptr type\n");
		return BPF_DYNPTR_TYPE_INVALID;
	}
	return func(env, reg)->stack[spi].spilled_ptr.dynptr.type;
}

/* A pointer to a special field (bpf_timer, bpf_task_work) of a map value. */
int check_map_field_pointer(struct bpf_verifier_env *env, u32 regno, u32 field_kind)
{
	struct bpf_reg_state *reg = reg_state(env, (int)regno);
	const struct hive_verifier_map *map = reg->map_ptr;
	const char *struct_name = btf_field_type_name(field_kind);
	u64 val = reg->var_off.value;
	int field_off = -1;

	if (!tnum_is_const(reg->var_off)) {
		verbose(env,
			"R%d doesn't have constant offset. %s has to be at the constant offset\n",
			regno, struct_name);
		return -EINVAL;
	}
	if (!map->btf) {
		verbose(env, "map '%s' has to have BTF in order to use %s\n", map->name,
			struct_name);
		return -EINVAL;
	}
	if (!btf_record_has_field(map->record, field_kind)) {
		verbose(env, "map '%s' has no valid %s\n", map->name, struct_name);
		return -EINVAL;
	}
	if (field_kind == HIVE_FIELD_TIMER) {
		field_off = map->record->timer_off;
	} else if (field_kind == HIVE_FIELD_TASK_WORK) {
		field_off = map->record->task_work_off;
	} else {
		verifier_bug(env, "unsupported BTF field type: %s\n", struct_name);
		return -EINVAL;
	}
	if ((u64)field_off != val + (u64)(s64)reg->off) {
		verbose(env, "off %lld doesn't point to 'struct %s' that is at %d\n",
			(long long)(val + (u64)(s64)reg->off), struct_name, field_off);
		return -EINVAL;
	}
	return 0;
}

static int process_timer_func(struct bpf_verifier_env *env, int regno,
			      struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = reg_state(env, regno);
	int err = check_map_field_pointer(env, (u32)regno, HIVE_FIELD_TIMER);

	if (err)
		return err;
	if (meta->map_ptr) {
		verifier_bug(env, "Two map pointers in a timer helper");
		return -EFAULT;
	}
	meta->map_uid = (int)reg->map_uid;
	meta->map_ptr = reg->map_ptr;
	return 0;
}

/* The destination of bpf_kptr_xchg(): a referenced kptr field of a map value or object. */
static int process_kptr_func(struct bpf_verifier_env *env, int regno,
			     struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = reg_state(env, regno);
	const struct hive_field *kptr_field;
	const struct hive_record *rec;
	u32 kptr_off;

	if (type_is_ptr_alloc_obj(reg->type)) {
		rec = reg_btf_record(reg);
	} else {
		if (!reg->map_ptr->btf) {
			verbose(env, "map '%s' has to have BTF in order to use bpf_kptr_xchg\n",
				reg->map_ptr->name);
			return -EINVAL;
		}
		rec = reg->map_ptr->record;
		meta->map_ptr = reg->map_ptr;
	}
	if (!tnum_is_const(reg->var_off)) {
		verbose(env,
			"R%d doesn't have constant offset. kptr has to be at the constant offset\n",
			regno);
		return -EINVAL;
	}
	if (!btf_record_has_field(rec, HIVE_FIELD_KPTR)) {
		verbose(env, "R%d has no valid kptr\n", regno);
		return -EINVAL;
	}
	kptr_off = (u32)(reg->off + (s64)reg->var_off.value);
	kptr_field = btf_record_find(rec, kptr_off, HIVE_FIELD_KPTR);
	if (!kptr_field) {
		verbose(env, "off=%d doesn't point to kptr\n", kptr_off);
		return -EACCES;
	}
	if (kptr_field->kind != HIVE_FIELD_KPTR_REF && kptr_field->kind != HIVE_FIELD_KPTR_PERCPU) {
		verbose(env, "off=%d kptr isn't referenced kptr\n", kptr_off);
		return -EACCES;
	}
	meta->kptr_field = kptr_field;
	return 0;
}

/* A format string argument must be a NUL-terminated string in read-only map data. */
int check_reg_const_str(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 regno)
{
	const struct hive_verifier_map *map = reg->map_ptr;
	int err, map_off;

	if (reg->type != PTR_TO_MAP_VALUE)
		return -EINVAL;
	if (!bpf_map_is_rdonly(map)) {
		verbose(env, "R%d does not point to a readonly map'\n", regno);
		return -EACCES;
	}
	if (!tnum_is_const(reg->var_off)) {
		verbose(env, "R%d is not a constant address'\n", regno);
		return -EACCES;
	}
	if (map->type != BPF_MAP_TYPE_ARRAY) {
		verbose(env, "no direct value access support for this map type\n");
		return -EACCES;
	}
	err = check_map_access(env, regno, reg->off, (int)map->value_size - reg->off, false,
			       2 /* ACCESS_HELPER */);
	if (err)
		return err;
	map_off = reg->off + (int)reg->var_off.value;
	if (map->type != BPF_MAP_TYPE_ARRAY || map->max_entries != 1 || !map->data ||
	    (u32)map_off >= map->value_size) {
		verbose(env, "direct value access on string failed\n");
		return map->max_entries != 1 ? -ENOTSUPP : -EINVAL;
	}
	if (!memchr((const char *)map->data + map_off, 0, map->value_size - (u32)map_off)) {
		verbose(env, "string is not zero-terminated\n");
		return -EINVAL;
	}
	return 0;
}

/* The key of an array lookup when it is a constant on the stack (elides the NULL check). */
static int get_constant_map_key(struct bpf_verifier_env *env, struct bpf_reg_state *key,
				u32 key_size, s64 *value)
{
	struct bpf_func_state *state = func(env, key);
	struct bpf_reg_state *reg;
	int slot, spi, off, stack_off, i, err;
	u32 spill_size = 0, zero_size = 0;
	u8 *stype;

	if (key->type != PTR_TO_STACK || !tnum_is_const(key->var_off))
		return -EOPNOTSUPP;
	stack_off = key->off + (int)key->var_off.value;
	slot = -stack_off - 1;
	spi = slot / BPF_REG_SIZE;
	off = slot % BPF_REG_SIZE;
	stype = state->stack[spi].slot_type;
	for (i = off; i >= 0 && stype[i] == STACK_ZERO; i--)
		zero_size++;
	if (zero_size >= key_size) {
		*value = 0;
		return 0;
	}
	if (!is_spilled_scalar_reg(&state->stack[spi]))
		return -EOPNOTSUPP;
	for (i = off; i >= 0 && stype[i] == STACK_SPILL; i--)
		spill_size++;
	if (spill_size != key_size)
		return -EOPNOTSUPP;
	reg = &state->stack[spi].spilled_ptr;
	if (!tnum_is_const(reg->var_off))
		return -EOPNOTSUPP;
	/* the verdict now depends on the exact key */
	bt_set_frame_slot(&env->bt, key->frameno, (u32)spi);
	err = mark_chain_precision_batch(env, env->cur_state);
	if (err < 0)
		return err;
	*value = (s64)reg->var_off.value;
	return 0;
}

bool can_elide_value_nullness(u32 type)
{
	return type == BPF_MAP_TYPE_ARRAY || type == BPF_MAP_TYPE_PERCPU_ARRAY;
}

static int resolve_map_arg_type(struct bpf_verifier_env *env, const struct bpf_call_arg_meta *meta,
				u32 *arg_type)
{
	if (!meta->map_ptr) {
		verifier_bug(env, "invalid map_ptr to access map->type");
		return -EFAULT;
	}
	switch (meta->map_ptr->type) {
	case BPF_MAP_TYPE_SOCKMAP:
	case BPF_MAP_TYPE_SOCKHASH:
		if (*arg_type == ARG_PTR_TO_MAP_VALUE) {
			*arg_type = ARG_PTR_TO_BTF_ID_SOCK_COMMON;
		} else {
			verbose(env, "invalid arg_type for sockmap/sockhash\n");
			return -EINVAL;
		}
		break;
	case BPF_MAP_TYPE_BLOOM_FILTER:
		if (meta->func_id == BPF_FUNC_map_peek_elem)
			*arg_type = ARG_PTR_TO_MAP_VALUE;
		break;
	default:
		break;
	}
	return 0;
}

/* ---- one helper argument ---- */

static int check_release_arg(struct bpf_verifier_env *env, u32 regno, u32 arg_type,
			     struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = reg_state(env, (int)regno);

	if (arg_type_is_dynptr(arg_type)) {
		/* only a dynptr on the stack can be released */
		if (reg->type == PTR_TO_STACK) {
			int spi = dynptr_get_spi(env, reg);

			if (spi < 0 || !func(env, reg)->stack[spi].spilled_ptr.ref_obj_id) {
				verbose(env, "arg %d is an unacquired reference\n", regno);
				return -EINVAL;
			}
		} else {
			verbose(env, "cannot release unowned const bpf_dynptr\n");
			return -EINVAL;
		}
	} else if (!reg->ref_obj_id && !register_is_null(reg)) {
		verbose(env, "R%d must be referenced when passed to release function\n", regno);
		return -EINVAL;
	}
	if (meta->release_regno) {
		verifier_bug(env, "more than one release argument");
		return -EFAULT;
	}
	meta->release_regno = (u8)regno;
	return 0;
}

static int check_map_ptr_arg(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
			     struct bpf_call_arg_meta *meta)
{
	/* inner maps of the same outer map are told apart by map_uid */
	if (meta->map_ptr &&
	    (meta->map_ptr != reg->map_ptr || meta->map_uid != (int)reg->map_uid)) {
		verbose(env,
			"timer pointer in R1 map_uid=%d doesn't match map pointer in R2 map_uid=%d\n",
			meta->map_uid, reg->map_uid);
		return -EINVAL;
	}
	meta->map_ptr = reg->map_ptr;
	meta->map_uid = (int)reg->map_uid;
	return 0;
}

static int check_map_key_arg(struct bpf_verifier_env *env, u32 regno,
			     struct bpf_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = reg_state(env, (int)regno);
	u32 key_size;
	int err;

	if (!meta->map_ptr) {
		verifier_bug(env, "invalid map_ptr to access map->key");
		return -EFAULT;
	}
	key_size = meta->map_ptr->key_size;
	err = check_helper_mem_access(env, (int)regno, (int)key_size, BPF_READ, false, NULL);
	if (err)
		return err;
	if (can_elide_value_nullness(meta->map_ptr->type)) {
		err = get_constant_map_key(env, reg, key_size, &meta->const_map_key);
		if (err < 0) {
			meta->const_map_key = -1;
			if (err != -EOPNOTSUPP)
				return err;
		}
	}
	return 0;
}

static int check_arg_by_type(struct bpf_verifier_env *env, u32 arg, u32 arg_type,
			     struct bpf_call_arg_meta *meta, const struct bpf_func_proto *fn,
			     int insn_idx)
{
	u32 regno = BPF_REG_1 + arg;
	struct bpf_reg_state *reg = reg_state(env, (int)regno);
	int err;

	switch (base_type(arg_type)) {
	case ARG_CONST_MAP_PTR:
		return check_map_ptr_arg(env, reg, meta);
	case ARG_PTR_TO_MAP_KEY:
		return check_map_key_arg(env, regno, meta);
	case ARG_PTR_TO_MAP_VALUE:
		if (type_may_be_null(arg_type) && register_is_null(reg))
			return 0;
		if (!meta->map_ptr) {
			verifier_bug(env, "invalid map_ptr to access map->value");
			return -EFAULT;
		}
		meta->raw_mode = arg_type & MEM_UNINIT;
		return check_helper_mem_access(env, (int)regno, (int)meta->map_ptr->value_size,
					       arg_type & MEM_WRITE ? BPF_WRITE : BPF_READ, false,
					       meta);
	case ARG_PTR_TO_PERCPU_BTF_ID:
		if (!reg->btf_id) {
			verbose(env, "Helper has invalid btf_id in R%d\n", regno);
			return -EACCES;
		}
		meta->ret_btf = reg->btf;
		meta->ret_btf_id = reg->btf_id;
		return 0;
	case ARG_PTR_TO_SPIN_LOCK:
		if (in_rbtree_lock_required_cb(env)) {
			verbose(env, "can't spin_{lock,unlock} in rbtree cb\n");
			return -EACCES;
		}
		if (meta->func_id == BPF_FUNC_spin_lock)
			return process_spin_lock(env, (int)regno, PROCESS_SPIN_LOCK);
		if (meta->func_id == BPF_FUNC_spin_unlock)
			return process_spin_lock(env, (int)regno, 0);
		verifier_bug(env, "spin lock arg on unexpected helper");
		return -EFAULT;
	case ARG_PTR_TO_TIMER:
		return process_timer_func(env, (int)regno, meta);
	case ARG_PTR_TO_FUNC:
		meta->subprogno = reg->subprogno;
		return 0;
	case ARG_PTR_TO_MEM:
		/* checked with the size argument that follows, unless the size is fixed */
		meta->raw_mode = arg_type & MEM_UNINIT;
		if (!(arg_type & MEM_FIXED_SIZE))
			return 0;
		err = check_helper_mem_access(env, (int)regno, (int)fn->arg_size[arg],
					      arg_type & MEM_WRITE ? BPF_WRITE : BPF_READ, false,
					      meta);
		if (err)
			return err;
		if (arg_type & MEM_ALIGNED)
			err = check_ptr_alignment(env, reg, 0, (int)fn->arg_size[arg], true);
		return err;
	case ARG_CONST_SIZE:
	case ARG_CONST_SIZE_OR_ZERO:
		return check_mem_size_reg(env, reg, regno,
					  fn->arg_type[arg - 1] & MEM_WRITE ? BPF_WRITE : BPF_READ,
					  base_type(arg_type) == ARG_CONST_SIZE_OR_ZERO, meta);
	case ARG_PTR_TO_DYNPTR:
		return process_dynptr_func(env, (int)regno, insn_idx, arg_type, 0);
	case ARG_CONST_ALLOC_SIZE_OR_ZERO:
		if (!tnum_is_const(reg->var_off)) {
			verbose(env, "R%d is not a known constant'\n", regno);
			return -EACCES;
		}
		meta->mem_size = (int)reg->var_off.value;
		return mark_chain_precision(env, (int)regno);
	case ARG_PTR_TO_CONST_STR:
		return check_reg_const_str(env, reg, regno);
	case ARG_KPTR_XCHG_DEST:
		return process_kptr_func(env, (int)regno, meta);
	default:
		return 0;
	}
}

int check_func_arg(struct bpf_verifier_env *env, u32 arg, struct bpf_call_arg_meta *meta,
		   const struct bpf_func_proto *fn, int insn_idx)
{
	u32 regno = BPF_REG_1 + arg;
	struct bpf_reg_state *reg = reg_state(env, (int)regno);
	u32 arg_type = fn->arg_type[arg];
	int err;

	if (arg_type == ARG_DONTCARE)
		return 0;
	err = check_reg_arg(env, regno, SRC_OP);
	if (err)
		return err;
	if (arg_type == ARG_ANYTHING) {
		if (is_pointer_value(env, (int)regno)) {
			verbose(env, "R%d leaks addr into helper function\n", regno);
			return -EACCES;
		}
		return 0;
	}
	if (type_is_pkt_pointer(reg->type) && !may_access_direct_pkt_data(env, meta, BPF_READ)) {
		verbose(env, "helper access to the packet is not allowed\n");
		return -EACCES;
	}
	if (base_type(arg_type) == ARG_PTR_TO_MAP_VALUE) {
		err = resolve_map_arg_type(env, meta, &arg_type);
		if (err)
			return err;
	}
	/* a NULL (a scalar zero) needs no type check where NULL is allowed */
	if (!(register_is_null(reg) && type_may_be_null(arg_type))) {
		u32 btf_id = 0, *arg_btf_id = NULL;
		bool poison = false;

		if (base_type(arg_type) == ARG_PTR_TO_BTF_ID ||
		    base_type(arg_type) == ARG_PTR_TO_SPIN_LOCK) {
			const char *name = fn->arg_btf_id[arg];

			poison = name == PROTO_BTF_POISON;
			if (name && !poison) {
				int id = proto_resolve_btf_id(env->in->vmlinux_btf, name);

				btf_id = id > 0 ? (u32)id : 0;
				arg_btf_id = &btf_id;
			}
		}
		err = check_reg_type(env, regno, arg_type, arg_btf_id, poison, meta);
		if (err)
			return err;
		err = check_func_arg_reg_off(env, reg, (int)regno, arg_type);
		if (err)
			return err;
	}
	if (arg_type_is_release(arg_type)) {
		err = check_release_arg(env, regno, arg_type, meta);
		if (err)
			return err;
	}
	if (reg->ref_obj_id && base_type(arg_type) != ARG_KPTR_XCHG_DEST) {
		if (meta->ref_obj_id) {
			verbose(env, "more than one arg with ref_obj_id R%d %u %u", regno,
				reg->ref_obj_id, meta->ref_obj_id);
			return -EACCES;
		}
		meta->ref_obj_id = (int)reg->ref_obj_id;
	}
	return check_arg_by_type(env, arg, arg_type, meta, fn, insn_idx);
}
