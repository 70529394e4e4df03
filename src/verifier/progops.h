/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verifier/progops.h: what the verifier asks about the program's type (the kernel's
 * struct bpf_verifier_ops and the per-type tables of net/core/filter.c, kernel/trace/bpf_trace.c
 * and friends), behind one small interface so that the driver does not depend on how those
 * tables are organised:
 *
 *   context loads and stores     prog_ctx_access()          (ops->is_valid_access)
 *   socket pointer loads         prog_sock_access()         (bpf_sock_*_is_valid_access)
 *   writes into kernel structs   prog_btf_struct_write()    (ops->btf_struct_access)
 *   helper prototypes            prog_helper_proto()        (ops->get_func_proto + checks)
 *   context rewriting            prog_convert_ctx_access()  (ops->convert_ctx_access)
 *
 * The per-type tables themselves live in protos*.c / ctx_*.c / prog_types.c.
 */
#ifndef __HIVE_VERIFIER_PROGOPS_H
#define __HIVE_VERIFIER_PROGOPS_H

#include "verifier/env.h"

/*
 * prog_ctx_access() - may the program access [off, off + size) of its context with @t?
 * Fills @info. Returns false when not, after logging "invalid bpf_context access ...".
 */
bool prog_ctx_access(struct bpf_verifier_env *env, int off, int size, enum bpf_access_type t,
		     struct bpf_insn_access_aux *info);

/* prog_ctx_convertible() - the type rewrites context accesses (ops->convert_ctx_access). */
bool prog_ctx_convertible(struct bpf_verifier_env *env);

/* prog_sock_access() - loads through PTR_TO_SOCKET & co (@reg_type). */
bool prog_sock_access(struct bpf_verifier_env *env, u32 reg_type, int off, int size,
		      enum bpf_access_type t, struct bpf_insn_access_aux *info);

/*
 * prog_btf_struct_write() - the type's rule for writing kernel struct fields; -ENOTSUPP when
 * the type has none (then only reads are allowed).
 */
int prog_btf_struct_write(struct bpf_verifier_env *env, const struct bpf_reg_state *reg, int off,
			  int size);

/*
 * prog_helper_proto() - the prototype of helper @func_id for this program, after the
 * kernel's checks (unknown id, not allowed for the type, GPL, sleepable); on refusal the
 * kernel's message is logged and -EINVAL returned.
 */
int prog_helper_proto(struct bpf_verifier_env *env, int func_id, const struct bpf_func_proto **fn);

/* prog_may_ld_abs() - LD_ABS/LD_IND are allowed (the type has gen_ld_abs). */
bool prog_may_ld_abs(struct bpf_verifier_env *env);

/* prog_is_tracing() - is_tracing_prog_type(). */
bool prog_is_tracing(struct bpf_verifier_env *env);

/* prog_convert_ctx_insn() - ctx_convert_insn() for the program's type (see ctx.h). */
int prog_convert_ctx_insn(struct bpf_verifier_env *env, const struct hive_insn *insn,
			  enum bpf_access_type type, int ctx_field_size, struct hive_insn *buf);

/* helper_proto_quiet() - the prototype, or NULL, without any message (CFG pass). */
const struct bpf_func_proto *helper_proto_quiet(struct bpf_verifier_env *env, int func_id);

/* prog_needs_recursion_check() - bpf_prog_check_recur() (private stacks). */
bool prog_needs_recursion_check(struct bpf_verifier_env *env);

/* prog_func_retval_range() - the LSM hook's return range, false if none. */
bool prog_func_retval_range(struct bpf_verifier_env *env, struct bpf_retval_range *range);

/* prog_sleepable_check() - the sleepable rules of check_attach_btf_id(), with messages. */
int prog_sleepable_check(struct bpf_verifier_env *env);

#endif /* __HIVE_VERIFIER_PROGOPS_H */
