// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/ctx.c: the per-type verifier ops table, check_ctx_access() and the
 * per-instruction part of convert_ctx_accesses() of Linux 6.18 (kernel/bpf/verifier.c):
 * narrow loads are widened to the field, converted, then shifted and masked; sign-extending
 * loads get a MOVSX after the conversion.
 */
#include <errno.h>
#include <string.h>

#include "verifier/ctx_internal.h"

#define OPS(type) [BPF_PROG_TYPE_##type]

static const struct hive_verifier_ops verifier_ops[] = {
	OPS(SOCKET_FILTER) = { net_prog_func_proto, sk_filter_is_valid_access,
			       skb_convert_ctx_access },
	OPS(SCHED_CLS) = { net_prog_func_proto, tc_cls_act_is_valid_access,
			   skb_convert_ctx_access },
	OPS(SCHED_ACT) = { net_prog_func_proto, tc_cls_act_is_valid_access,
			   skb_convert_ctx_access },
	OPS(CGROUP_SKB) = { net_prog_func_proto, cg_skb_is_valid_access, skb_convert_ctx_access },
	OPS(XDP) = { net_prog_func_proto, xdp_is_valid_access, xdp_convert_ctx_access },
	OPS(KPROBE) = { trace_prog_func_proto, kprobe_prog_is_valid_access, NULL },
	OPS(TRACEPOINT) = { trace_prog_func_proto, tp_prog_is_valid_access, NULL },
	OPS(PERF_EVENT) = { trace_prog_func_proto, pe_prog_is_valid_access, NULL },
	OPS(RAW_TRACEPOINT) = { trace_prog_func_proto, raw_tp_prog_is_valid_access, NULL },
	OPS(RAW_TRACEPOINT_WRITABLE) = { trace_prog_func_proto,
					 raw_tp_writable_prog_is_valid_access, NULL },
	OPS(TRACING) = { trace_prog_func_proto, tracing_prog_is_valid_access, NULL },
	OPS(LSM) = { trace_prog_func_proto, btf_ctx_access, NULL },
	/* generic struct_ops: bpf_tracing_btf_ctx_access() */
	OPS(STRUCT_OPS) = { trace_prog_func_proto, tracing_prog_is_valid_access, NULL },
	OPS(SYSCALL) = { trace_prog_func_proto, syscall_prog_is_valid_access, NULL },
};

const struct hive_verifier_ops *verifier_ops_get(enum bpf_prog_type type)
{
	if ((unsigned int)type >= sizeof(verifier_ops) / sizeof(verifier_ops[0]) ||
	    !verifier_ops[type].is_valid_access)
		return NULL;
	return &verifier_ops[type];
}

int ctx_check_access(struct hive_prog_desc *prog, int off, int size, enum bpf_access_type type,
		     bool is_ldsx, struct vlog_buf *log, struct bpf_insn_access_aux *info)
{
	const struct hive_verifier_ops *ops = verifier_ops_get(prog->type);

	memset(info, 0, sizeof(*info));
	info->reg_type = SCALAR_VALUE;
	info->is_ldsx = is_ldsx;
	info->log = log;
	if (ops && ops->is_valid_access(off, size, type, prog, info))
		return 0;
	VLOG(log, "invalid bpf_context access off=%d size=%d\n", off, size);
	return -EACCES;
}

/* Shift and mask a widened narrow load down to the bytes the program asked for. */
static int narrow_fixup(const struct hive_insn *insn, int off, int size, int ctx_field_size,
			struct hive_insn *buf, int cnt)
{
	/* bpf_ctx_narrow_access_offset(), little endian */
	int shift = (off & (ctx_field_size - 1)) * 8;
	s32 mask = (s32)((1ULL << (size * 8)) - 1);

	if (cnt + 2 >= CTX_INSN_BUF_SIZE)
		return -EFAULT;
	if (ctx_field_size <= 4) {
		if (shift)
			buf[cnt++] = CTX_ALU32_IMM(BPF_RSH, insn->dst_reg, shift);
	} else {
		if (shift)
			buf[cnt++] = CTX_ALU64_IMM(BPF_RSH, insn->dst_reg, shift);
	}
	buf[cnt++] = CTX_ALU32_IMM(BPF_AND, insn->dst_reg, mask);
	return cnt;
}

int ctx_convert_insn(struct hive_prog_desc *prog, const struct hive_insn *insn,
		     enum bpf_access_type type, int ctx_field_size, struct hive_insn *buf)
{
	const struct hive_verifier_ops *ops = verifier_ops_get(prog->type);
	int size = isa_size_bytes(BPF_SIZE(insn->code));
	bool is_narrower_load = size < ctx_field_size;
	struct hive_insn si = *insn;
	u32 target_size = 0;
	int cnt;

	if (!ops || !ops->convert_ctx_access)
		return 0;
	if (is_narrower_load) {
		u8 size_code = BPF_H;

		if (type == BPF_WRITE)
			return -EFAULT; /* "narrow ctx access misconfigured" */
		if (ctx_field_size == 4)
			size_code = BPF_W;
		else if (ctx_field_size == 8)
			size_code = BPF_DW;
		si.off = (s16)(insn->off & ~(ctx_field_size - 1));
		si.code = BPF_LDX | BPF_MEM | size_code;
	}
	cnt = (int)ops->convert_ctx_access(type, &si, buf, prog, &target_size);
	if (cnt == 0 || cnt >= CTX_INSN_BUF_SIZE || (ctx_field_size && !target_size))
		return -EFAULT; /* "error during ctx access conversion" */
	if (is_narrower_load && (u32)size < target_size) {
		cnt = narrow_fixup(insn, insn->off, size, ctx_field_size, buf, cnt);
		if (cnt < 0)
			return cnt;
	}
	if (BPF_MODE(insn->code) == BPF_MEMSX)
		buf[cnt++] = ctx_insn(BPF_ALU64 | BPF_MOV | BPF_X, insn->dst_reg, insn->dst_reg,
				      size * 8, 0);
	return cnt;
}
