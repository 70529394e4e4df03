/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verifier/ctx.h: the per-program-type context rules, in the shape of the kernel's
 * struct bpf_verifier_ops (include/linux/bpf.h of Linux 6.18):
 *
 *   is_valid_access()     may the program load/store @size bytes at ctx offset @off, and what
 *                         does a load give (a scalar, PTR_TO_PACKET, a BTF pointer, ...)?
 *                         net/core/filter.c (__sk_buff, xdp_md), kernel/trace/bpf_trace.c
 *                         (pt_regs, tracepoints, raw tracepoints, perf events), kernel/bpf/btf.c
 *                         (btf_ctx_access for fentry/fexit/fmod_ret/tp_btf/lsm/struct_ops),
 *                         kernel/bpf/syscall.c (syscall programs);
 *   convert_ctx_access()  rewrite one allowed ctx load/store into loads/stores on the runtime's
 *                         own context (vm/ctx.h), as the kernel rewrites __sk_buff accesses into
 *                         struct sk_buff accesses. Types whose runtime context *is* the UAPI
 *                         layout (pt_regs, tracepoint buffers, u64 argument arrays, perf event
 *                         data, syscall buffers) have none, as in the kernel for most of them.
 *
 * ctx_check_access() is the kernel's check_ctx_access() (with its message) and
 * ctx_convert_insn() the per-instruction part of convert_ctx_accesses() (narrow loads, sign
 * extension), so the driver only walks the program.
 *
 * Messages: "invalid bpf_context access off=%d size=%d" comes from ctx_check_access(); the
 * btf_ctx_access() messages ("func '%s' offset %d is not multiple of 8", ...) are written by
 * is_valid_access() itself to info->log, as the kernel does. The driver keeps the ones that
 * precede the type check: "dereference of modified ctx ptr R%d off=%d disallowed",
 * "R%d leaks addr into ctx", "BPF_ATOMIC stores into R%d %s is not allowed".
 */
#ifndef __HIVE_VERIFIER_CTX_H
#define __HIVE_VERIFIER_CTX_H

#include <stdbool.h>

#include "isa/insn.h"
#include "verifier/log.h"
#include "verifier/prog_types.h"
#include "verifier/protos.h"
#include "verifier/regs.h"

#ifdef __cplusplus
extern "C" {
#endif

struct hive_btf;

enum bpf_access_type {
	BPF_READ = 1,
	BPF_WRITE = 2,
};

/*
 * The kernel's temporary register for rewrites (BPF_REG_AX, register 11): the __sk_buff tstamp
 * rewrites need it because source and destination may be the same register. The interpreter
 * must provide a 12th register that programs cannot name.
 */
#define HIVE_REG_AX MAX_BPF_REG

/* Largest rewrite of one instruction (the kernel's INSN_BUF_SIZE). */
#define CTX_INSN_BUF_SIZE 32

/* What is_valid_access() reports about an allowed access (kernel: bpf_insn_access_aux). */
struct bpf_insn_access_aux {
	enum bpf_reg_type reg_type; /* type a load gives; SCALAR_VALUE unless set */
	bool is_ldsx; /* in: the load is sign-extending (BPF_MEMSX) */
	union {
		/* scalar fields: the field's width, for narrow loads (0: no narrowing) */
		int ctx_field_size;
		/* reg_type PTR_TO_BTF_ID: the pointee */
		struct {
			const struct hive_btf *btf;
			u32 btf_id;
			u32 ref_obj_id;
		};
	};
	struct vlog_buf *log; /* in: where btf_ctx_access() writes (may be NULL) */
	bool is_retval; /* out: LSM_MAC access to the hook's return value */
};

/* The kernel's bpf_verifier_ops, minus what only the kernel has (btf_struct_access). */
struct hive_verifier_ops {
	/* The helper prototype for @func_id (protos.h has the dispatch). */
	const struct bpf_func_proto *(*get_func_proto)(int func_id,
						       const struct hive_prog_desc *prog);
	/* May set bits of @prog (tstamp_type_access), as tc_cls_act_is_valid_access() does. */
	bool (*is_valid_access)(int off, int size, enum bpf_access_type type,
				struct hive_prog_desc *prog, struct bpf_insn_access_aux *info);
	/*
	 * Rewrite @si (a load or store through a PTR_TO_CTX register; for narrow loads already
	 * widened by ctx_convert_insn()) into @insn_buf; return the number of instructions
	 * (0 = bug). Sets *@target_size to the width of the runtime field it reads (0 if not
	 * applicable). May set @prog->cb_access.
	 */
	u32 (*convert_ctx_access)(enum bpf_access_type type, const struct hive_insn *si,
				  struct hive_insn *insn_buf, struct hive_prog_desc *prog,
				  u32 *target_size);
};

/* verifier_ops_get() - the ops of @type, NULL for types prog_types.h does not support. */
const struct hive_verifier_ops *verifier_ops_get(enum bpf_prog_type type);

/**
 * ctx_check_access() - the kernel's check_ctx_access(): ask @prog's is_valid_access() about
 * a load or store of @size bytes at @off (register offset + instruction offset). On success
 * fills @info (reg_type, ctx_field_size, btf/btf_id/ref_obj_id, is_retval) and returns 0;
 * the caller records info->ctx_field_size for the instruction (insn_aux ctx_field_size) and
 * max_ctx_offset = max(off + size). Otherwise writes
 * "invalid bpf_context access off=%d size=%d\n" to @log and returns -EACCES.
 * @is_ldsx says the load is BPF_MEMSX. The reference-state check for PTR_TO_BTF_ID results
 * with a ref_obj_id ("... Reference may already be released") is the driver's.
 */
int ctx_check_access(struct hive_prog_desc *prog, int off, int size, enum bpf_access_type type,
		     bool is_ldsx, struct vlog_buf *log, struct bpf_insn_access_aux *info);

/**
 * ctx_convert_insn() - rewrite the ctx access @insn of a verified program, as
 * convert_ctx_accesses() does for PTR_TO_CTX: widen a narrow load to the field
 * (@ctx_field_size as ctx_check_access() reported it), call convert_ctx_access(), add the
 * shift/mask of a narrow load and the sign extension of BPF_MEMSX. @type is BPF_READ for LDX,
 * BPF_WRITE for ST/STX. Writes up to CTX_INSN_BUF_SIZE instructions to @buf and returns their
 * number; 0 when the type has no convert_ctx_access (the instruction stays as it is);
 * -EFAULT on an inconsistency the kernel reports as a verifier bug.
 */
int ctx_convert_insn(struct hive_prog_desc *prog, const struct hive_insn *insn,
		     enum bpf_access_type type, int ctx_field_size, struct hive_insn *buf);

/* ---- the individual checks, for tests and for the driver's special cases ---- */

/* net/core/filter.c */
bool sk_filter_is_valid_access(int off, int size, enum bpf_access_type type,
			       struct hive_prog_desc *prog, struct bpf_insn_access_aux *info);
bool tc_cls_act_is_valid_access(int off, int size, enum bpf_access_type type,
				struct hive_prog_desc *prog, struct bpf_insn_access_aux *info);
bool cg_skb_is_valid_access(int off, int size, enum bpf_access_type type,
			    struct hive_prog_desc *prog, struct bpf_insn_access_aux *info);
bool xdp_is_valid_access(int off, int size, enum bpf_access_type type, struct hive_prog_desc *prog,
			 struct bpf_insn_access_aux *info);
u32 skb_convert_ctx_access(enum bpf_access_type type, const struct hive_insn *si,
			   struct hive_insn *insn_buf, struct hive_prog_desc *prog,
			   u32 *target_size);
u32 xdp_convert_ctx_access(enum bpf_access_type type, const struct hive_insn *si,
			   struct hive_insn *insn_buf, struct hive_prog_desc *prog,
			   u32 *target_size);

/* kernel/trace/bpf_trace.c, kernel/bpf/syscall.c */
bool kprobe_prog_is_valid_access(int off, int size, enum bpf_access_type type,
				 struct hive_prog_desc *prog, struct bpf_insn_access_aux *info);
bool tp_prog_is_valid_access(int off, int size, enum bpf_access_type type,
			     struct hive_prog_desc *prog, struct bpf_insn_access_aux *info);
bool raw_tp_prog_is_valid_access(int off, int size, enum bpf_access_type type,
				 struct hive_prog_desc *prog, struct bpf_insn_access_aux *info);
bool raw_tp_writable_prog_is_valid_access(int off, int size, enum bpf_access_type type,
					  struct hive_prog_desc *prog,
					  struct bpf_insn_access_aux *info);
bool pe_prog_is_valid_access(int off, int size, enum bpf_access_type type,
			     struct hive_prog_desc *prog, struct bpf_insn_access_aux *info);
bool syscall_prog_is_valid_access(int off, int size, enum bpf_access_type type,
				  struct hive_prog_desc *prog, struct bpf_insn_access_aux *info);
bool tracing_prog_is_valid_access(int off, int size, enum bpf_access_type type,
				  struct hive_prog_desc *prog, struct bpf_insn_access_aux *info);

/*
 * kernel/bpf/btf.c btf_ctx_access(): BTF-described arguments of fentry/fexit/fmod_ret/tp_btf,
 * lsm and struct_ops programs. Needs prog->attach_btf, attach_func_proto (NULL: five u64
 * arguments), attach_func_name, attach_btf_trace and expected_attach_type. Pointer arguments
 * give PTR_TO_BTF_ID [| PTR_TRUSTED] [| PTR_MAYBE_NULL for "__nullable" parameters]
 * [| MEM_USER / MEM_PERCPU from type tags] with info->btf/btf_id; void and integer pointers
 * are scalars.
 */
bool btf_ctx_access(int off, int size, enum bpf_access_type type, struct hive_prog_desc *prog,
		    struct bpf_insn_access_aux *info);

/* btf_ctx_arg_idx(): which argument (nr_args: the return value) ctx offset @off reads. */
u32 btf_ctx_arg_idx(const struct hive_btf *btf, const struct btf_type *func_proto, int off);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_VERIFIER_CTX_H */
