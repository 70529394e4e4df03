/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verifier/ctx_internal.h: instruction builders and range helpers the context rewrites share
 * (the kernel's BPF_LDX_MEM, BPF_EMIT_STORE, bpf_ctx_range ... of include/linux/filter.h).
 * Not for use outside src/verifier/ctx*.c.
 */
#ifndef __HIVE_VERIFIER_CTX_INTERNAL_H
#define __HIVE_VERIFIER_CTX_INTERNAL_H

#include "verifier/ctx.h"

#define VLOG(log, ...)                                 \
	do {                                           \
		if (log)                               \
			vlog_printf(log, __VA_ARGS__); \
	} while (0)

static inline struct hive_insn ctx_insn(u8 code, u8 dst, u8 src, s16 off, s32 imm)
{
	struct hive_insn insn = { .code = code, .off = off, .imm = imm };

	insn.dst_reg = dst & 0xf;
	insn.src_reg = src & 0xf;
	return insn;
}

/* dst = *(size *)(src + off) */
#define CTX_LDX(size, dst, src, off) ctx_insn(BPF_LDX | BPF_MEM | (size), dst, src, off, 0)
/* *(size *)(dst + off) = src */
#define CTX_STX(size, dst, src, off) ctx_insn(BPF_STX | BPF_MEM | (size), dst, src, off, 0)
/* BPF_EMIT_STORE: the store @si describes (ST or STX), resized and moved to @off */
#define CTX_STORE(size, si, off)                                                              \
	ctx_insn(BPF_CLASS((si)->code) | (size) | BPF_MEM, (si)->dst_reg, (si)->src_reg, off, \
		 (si)->imm)
#define CTX_ALU32_IMM(op, dst, imm) ctx_insn(BPF_ALU | (op) | BPF_K, dst, 0, 0, imm)
#define CTX_ALU64_IMM(op, dst, imm) ctx_insn(BPF_ALU64 | (op) | BPF_K, dst, 0, 0, imm)
#define CTX_JMP_IMM(op, dst, imm, off) ctx_insn(BPF_JMP | (op) | BPF_K, dst, 0, off, imm)
#define CTX_JMP32_IMM(op, dst, imm, off) ctx_insn(BPF_JMP32 | (op) | BPF_K, dst, 0, off, imm)
#define CTX_JA(off) ctx_insn(BPF_JMP | BPF_JA, 0, 0, off, 0)

/* off within [start, start + len): the kernel's case ranges (bpf_ctx_range and friends). */
static inline bool ctx_in(int off, int start, int len)
{
	return off >= start && off < start + len;
}

/* bpf_ctx_narrow_access_ok() */
static inline bool ctx_narrow_access_ok(int off, int size, int size_default)
{
	(void)off;
	return size <= size_default && (size & (size - 1)) == 0;
}

/* bpf_ctx_record_field_size() */
static inline void ctx_record_field_size(struct bpf_insn_access_aux *info, int size)
{
	info->ctx_field_size = size;
}

#endif /* __HIVE_VERIFIER_CTX_INTERNAL_H */
