/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verifier/btf_access.h: what the verifier needs from BTF beyond plain lookups (the kernel's
 * kernel/bpf/btf.c helpers): walking a struct to an offset (PTR_TO_BTF_ID loads), matching a
 * pointer against an expected struct, recognising the program's context type in a prototype,
 * and turning a global function's BTF prototype into argument expectations.
 *
 * "Kernel" BTF is the vmlinux BTF of the input (and the attach target's); the program's own
 * BTF is env->in->btf. Types are identified by (btf, id) as in the kernel.
 */
#ifndef __HIVE_VERIFIER_BTF_ACCESS_H
#define __HIVE_VERIFIER_BTF_ACCESS_H

#include "btf/btf_types.h"
#include "verifier/env.h"

/* The kernel's btf_type_is_* family (kernel names, kernel meanings). */
static inline bool kbtf_is_modifier(const struct btf_type *t)
{
	return btf_is_mod(t) || btf_is_typedef(t);
}

static inline bool kbtf_is_struct(const struct btf_type *t)
{
	return t && btf_is_composite(t);
}

static inline bool kbtf_is_scalar(const struct btf_type *t)
{
	return t && (btf_is_int(t) || btf_is_enum(t));
}

static inline bool kbtf_is_void(const struct btf_type *t)
{
	return !t || btf_kind(t) == BTF_KIND_UNKN;
}

/* btf_type_skip_modifiers(): follow modifiers and typedefs. */
const struct btf_type *kbtf_skip_modifiers(const struct hive_btf *btf, u32 id, u32 *res_id);
/* btf_type_str(): "STRUCT", "PTR", ... */
const char *kbtf_type_str(const struct btf_type *t);
/* btf_is_kernel(): @btf is not the program's own BTF. */
bool btf_is_kernel_btf(const struct bpf_verifier_env *env, const struct hive_btf *btf);
bool reg_btf_is_local(const struct bpf_verifier_env *env, const struct bpf_reg_state *reg);
/* The struct a pointer type points to, through modifiers (btf_type_resolve_ptr). */
const struct btf_type *btf_resolve_ptr_type(const struct hive_btf *btf, u32 id);
/* btf_type_is_struct_ptr(): @t is a pointer to a struct. */
const struct btf_type *btf_resolve_func_ptr(const struct hive_btf *btf, u32 id);
bool kbtf_is_struct_ptr(const struct hive_btf *btf, const struct btf_type *t);
/* btf_param_match_suffix(): the parameter's name ends in @suffix (and is longer). */
bool btf_param_match_suffix(const struct hive_btf *btf, const struct btf_param *arg,
			    const char *suffix);

bool btf_types_are_same(const struct hive_btf *btf1, u32 id1, const struct hive_btf *btf2, u32 id2);
bool btf_struct_ids_match(struct bpf_verifier_env *env, const struct hive_btf *btf, u32 id, int off,
			  const struct hive_btf *need_btf, u32 need_type_id, bool strict);
/* btf_struct_access(): SCALAR_VALUE, PTR_TO_BTF_ID (*next_btf_id, *flag) or PTR_TO_MEM. */
int btf_struct_access(struct bpf_verifier_env *env, const struct bpf_reg_state *reg, int off,
		      int size, u32 *next_btf_id, u32 *flag, const char **field_name);
bool btf_nested_type_is_trusted(const struct bpf_reg_state *reg, const char *field_name, u32 btf_id,
				const char *suffix);
bool btf_type_ids_nocast_alias(const struct hive_btf *reg_btf, u32 reg_id,
			       const struct hive_btf *arg_btf, u32 arg_id);
bool btf_is_projection_of(const char *pname, const char *tname);

/* The program type's context: is pointer type @t to it? (btf_is_prog_ctx_type) */
bool btf_is_prog_ctx_type(struct bpf_verifier_env *env, const struct hive_btf *btf,
			  const struct btf_type *t, u32 prog_type, int arg);
/* The kernel's own context struct for @prog_type (struct sk_buff for tc), or -EINVAL. */
int get_kern_ctx_btf_id(struct bpf_verifier_env *env, u32 prog_type);
/* btf_check_iter_arg(): id of the bpf_iter_* struct argument @arg_idx points to, or -EINVAL. */
int btf_check_iter_arg(const struct hive_btf *btf, const struct btf_type *func_proto, int arg_idx);

/* Global function arguments from BTF, cached in subprog_info (btf_prepare_func_args). */
int btf_prepare_func_args(struct bpf_verifier_env *env, int subprog);

/* Loads through PTR_TO_BTF_ID and CONST_PTR_TO_MAP. */
int check_ptr_to_btf_access(struct bpf_verifier_env *env, struct bpf_reg_state *regs, int regno,
			    int off, int size, enum bpf_access_type atype, int value_regno);
int check_ptr_to_map_access(struct bpf_verifier_env *env, struct bpf_reg_state *regs, int regno,
			    int off, int size, enum bpf_access_type atype, int value_regno);

#endif /* __HIVE_VERIFIER_BTF_ACCESS_H */
