/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verifier/protos_internal.h: shorthands the helper prototype tables share. Not for use outside
 * src/verifier/helper_protos*.c and protos.c.
 */
#ifndef __HIVE_VERIFIER_PROTOS_INTERNAL_H
#define __HIVE_VERIFIER_PROTOS_INTERNAL_H

#include "verifier/prog_types.h"
#include "verifier/protos.h"

/* PROTO(symbol, "kernel implementation", fields...): one prototype object. */
#define PROTO(sym, kname, ...) const struct bpf_func_proto sym = { .name = kname, __VA_ARGS__ }
#define ARGS(...) .arg_type = { __VA_ARGS__ }

/* Argument shorthands used by many prototypes. */
#define RDONLY_MEM (ARG_PTR_TO_MEM | MEM_RDONLY) /* memory the helper only reads */
#define RDONLY_MEM_OR_NULL (ARG_PTR_TO_MEM | PTR_MAYBE_NULL | MEM_RDONLY)
#define WRITE_MEM (ARG_PTR_TO_MEM | MEM_WRITE) /* memory the helper reads and writes */
#define ALIGNED_U64_OUT (ARG_PTR_TO_FIXED_SIZE_MEM | MEM_UNINIT | MEM_WRITE | MEM_ALIGNED)

/* The kernel's bpf_token_capable() answers, from the program description. */
static inline bool proto_cap_bpf(const struct hive_prog_desc *prog)
{
	return prog->cap_bpf || prog->cap_sys_admin;
}

static inline bool proto_cap_perfmon(const struct hive_prog_desc *prog)
{
	return prog->cap_perfmon || prog->cap_sys_admin;
}

/* Prototypes only one table file and protos.c use. */
extern const struct bpf_func_proto bpf_get_attach_cookie_proto_trace;
extern const struct bpf_func_proto bpf_get_attach_cookie_proto_tracing;

const struct bpf_func_proto *raw_tp_prog_func_proto(int func_id, const struct hive_prog_desc *prog);
const struct bpf_func_proto *bpf_tracing_func_proto(int func_id, const struct hive_prog_desc *prog);
const struct bpf_func_proto *bpf_lsm_func_proto(int func_id, const struct hive_prog_desc *prog);
const struct bpf_func_proto *tracing_net_func_proto(int func_id, const struct hive_prog_desc *prog);

/* kernel/bpf/bpf_lsm.c bpf_lsm_is_sleepable_hook(), by attach function name. */
bool proto_lsm_is_sleepable_hook(const char *name);

#endif /* __HIVE_VERIFIER_PROTOS_INTERNAL_H */
