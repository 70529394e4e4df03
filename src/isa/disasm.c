// SPDX-License-Identifier: BSD-2-Clause
/*
 * isa/disasm.c: instructions to text, in the conformance suite's assembler syntax (which
 * isa_assemble() reads back to the same bytes) or in the kernel's verifier-log notation.
 *
 * Every instruction prints: one that does not validate becomes `.insn code, dst, src, off, imm`
 * in assembler syntax, so that disassembling arbitrary bytes and assembling the text gives the
 * bytes back. Jump targets print as relative offsets (+3), never as invented labels.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "common/err.h"
#include "isa/helpers.h"
#include "isa/isa.h"

static const char *size_str(uint8_t code)
{
	switch (BPF_SIZE(code)) {
	case BPF_B:
		return "u8";
	case BPF_H:
		return "u16";
	case BPF_W:
		return "u32";
	default:
		return "u64";
	}
}

static const char *const pseudo_names[] = {
	[BPF_PSEUDO_MAP_FD] = "map_fd",	  [BPF_PSEUDO_MAP_VALUE] = "map_value",
	[BPF_PSEUDO_BTF_ID] = "btf_id",	  [BPF_PSEUDO_FUNC] = "func",
	[BPF_PSEUDO_MAP_IDX] = "map_idx", [BPF_PSEUDO_MAP_IDX_VALUE] = "map_idx_value",
};

static int print_raw(const struct hive_insn *in, char *buf, size_t size)
{
	snprintf(buf, size, ".insn 0x%02x, %d, %d, %d, %d", in->code, in->dst_reg, in->src_reg,
		 in->off, in->imm);
	return 1;
}

static int asm_lddw(const struct hive_insn *in, const char *m, char *buf, size_t size)
{
	const char *name = pseudo_names[in->src_reg];

	if (!in->src_reg)
		snprintf(buf, size, "%s %%r%d, 0x%llx", m, in->dst_reg,
			 (unsigned long long)isa_ldimm64_val(in));
	else if (in->src_reg == BPF_PSEUDO_FUNC && in[1].imm)
		return print_raw(in, buf, size); /* func() has no second argument */
	else if (in->src_reg == BPF_PSEUDO_FUNC)
		snprintf(buf, size, "%s %%r%d, %s(%+d)", m, in->dst_reg, name, in->imm);
	else if (in[1].imm)
		snprintf(buf, size, "%s %%r%d, %s(%d, %d)", m, in->dst_reg, name, in->imm,
			 in[1].imm);
	else
		snprintf(buf, size, "%s %%r%d, %s(%d)", m, in->dst_reg, name, in->imm);
	return 2;
}

/* The conformance suite's syntax. */
static int print_asm(const struct hive_insn *in, enum hive_op op, char *buf, size_t size)
{
	const struct hive_insn_desc *d = &isa_desc[op];
	const char *m = d->mnem;
	int dst = in->dst_reg, src = in->src_reg;

	switch ((enum hive_insn_fmt)d->fmt) {
	case HIVE_FMT_ALU_K:
		snprintf(buf, size, "%s %%r%d, %d", m, dst, in->imm);
		break;
	case HIVE_FMT_ALU_X:
	case HIVE_FMT_MOVSX:
		snprintf(buf, size, "%s %%r%d, %%r%d", m, dst, src);
		break;
	case HIVE_FMT_ASCAST:
		snprintf(buf, size, "%s %%r%d, %%r%d, %u, %u", m, dst, src, (uint32_t)in->imm >> 16,
			 (uint16_t)in->imm);
		break;
	case HIVE_FMT_NEG:
	case HIVE_FMT_END:
	case HIVE_FMT_CALLX:
		snprintf(buf, size, "%s %%r%d", m, dst);
		break;
	case HIVE_FMT_LDX:
	case HIVE_FMT_LOAD_ACQ:
		snprintf(buf, size, "%s %%r%d, [%%r%d%+d]", m, dst, src, in->off);
		break;
	case HIVE_FMT_ST:
		snprintf(buf, size, "%s [%%r%d%+d], %d", m, dst, in->off, in->imm);
		break;
	case HIVE_FMT_STX:
	case HIVE_FMT_ATOMIC:
	case HIVE_FMT_ATOMIC_FETCH:
	case HIVE_FMT_XCHG:
	case HIVE_FMT_CMPXCHG:
	case HIVE_FMT_STORE_REL:
		snprintf(buf, size, "%s [%%r%d%+d], %%r%d", m, dst, in->off, src);
		break;
	case HIVE_FMT_LDDW:
		return asm_lddw(in, m, buf, size);
	case HIVE_FMT_LD_ABS:
		snprintf(buf, size, "%s %d", m, in->imm);
		break;
	case HIVE_FMT_LD_IND:
		snprintf(buf, size, "%s %%r%d, %d", m, src, in->imm);
		break;
	case HIVE_FMT_JA:
	case HIVE_FMT_MAY_GOTO:
		snprintf(buf, size, "%s %+d", m, in->off);
		break;
	case HIVE_FMT_GOTOL:
	case HIVE_FMT_CALL_LOCAL:
		snprintf(buf, size, "%s %+d", m, in->imm);
		break;
	case HIVE_FMT_JCOND_K:
		snprintf(buf, size, "%s %%r%d, %d, %+d", m, dst, in->imm, in->off);
		break;
	case HIVE_FMT_JCOND_X:
		snprintf(buf, size, "%s %%r%d, %%r%d, %+d", m, dst, src, in->off);
		break;
	case HIVE_FMT_CALL_HELPER:
		snprintf(buf, size, "%s %d", m, in->imm);
		break;
	case HIVE_FMT_CALL_KFUNC:
		if (in->off)
			snprintf(buf, size, "%s %d, %d", m, in->imm, in->off);
		else
			snprintf(buf, size, "%s %d", m, in->imm);
		break;
	case HIVE_FMT_EXIT:
		snprintf(buf, size, "%s", m);
		break;
	}
	return 1;
}

/* Atomics and load-acquire/store-release, kernel notation. */
static void kernel_atomic(const struct hive_insn *in, const struct hive_insn_desc *d, char *p,
			  size_t size)
{
	const char *w = BPF_SIZE(in->code) == BPF_DW ? "64" : "";
	const char *sz = size_str(in->code);
	int dst = in->dst_reg, src = in->src_reg;

	switch ((enum hive_insn_fmt)d->fmt) {
	case HIVE_FMT_ATOMIC:
		snprintf(p, size, "lock *(%s *)(r%d %+d) %s r%d", sz, dst, in->off, d->kop, src);
		break;
	case HIVE_FMT_ATOMIC_FETCH:
		snprintf(p, size, "r%d = atomic%s_fetch_%s((%s *)(r%d %+d), r%d)", src, w, d->kop,
			 sz, dst, in->off, src);
		break;
	case HIVE_FMT_XCHG:
		snprintf(p, size, "r%d = atomic%s_xchg((%s *)(r%d %+d), r%d)", src, w, sz, dst,
			 in->off, src);
		break;
	case HIVE_FMT_CMPXCHG:
		snprintf(p, size, "r0 = atomic%s_cmpxchg((%s *)(r%d %+d), r0, r%d)", w, sz, dst,
			 in->off, src);
		break;
	case HIVE_FMT_LOAD_ACQ:
		snprintf(p, size, "r%d = load_acquire((%s *)(r%d %+d))", dst, sz, src, in->off);
		break;
	default: /* HIVE_FMT_STORE_REL */
		snprintf(p, size, "store_release((%s *)(r%d %+d), r%d)", sz, dst, in->off, src);
		break;
	}
}

static void kernel_call(const struct hive_insn *in, const struct hive_insn_desc *d,
			const struct isa_disasm_opts *opts, char *p, size_t size)
{
	const char *name = NULL;

	if (d->fmt == HIVE_FMT_CALL_LOCAL) {
		snprintf(p, size, "call pc%+d", in->imm);
		return;
	}
	if (d->fmt == HIVE_FMT_CALLX) {
		snprintf(p, size, "callx r%d", in->dst_reg);
		return;
	}
	if (d->fmt == HIVE_FMT_CALL_KFUNC)
		name = opts && opts->kfunc_name ? opts->kfunc_name(opts->ctx, in) : NULL;
	else
		name = isa_helper_name(in->imm);
	if (!name)
		name = d->fmt == HIVE_FMT_CALL_KFUNC ? "kernel-function" : "unknown";
	snprintf(p, size, "call %s#%d", name, in->imm);
}

/* The verifier log's notation (kernel/bpf/disasm.c), after the "(code) " prefix. */
static int print_kernel(const struct hive_insn *in, enum hive_op op,
			const struct isa_disasm_opts *opts, char *buf, size_t size)
{
	const struct hive_insn_desc *d = &isa_desc[op];
	uint8_t cls = BPF_CLASS(in->code);
	char r = cls == BPF_ALU || cls == BPF_JMP32 ? 'w' : 'r';
	int dst = in->dst_reg, src = in->src_reg, n;
	size_t left;
	char *p;

	n = snprintf(buf, size, "(%02x) ", in->code);
	p = buf + n;
	left = size > (size_t)n ? size - n : 0;
	switch ((enum hive_insn_fmt)d->fmt) {
	case HIVE_FMT_ALU_K:
		snprintf(p, left, "%c%d %s %d", r, dst, d->kop, in->imm);
		break;
	case HIVE_FMT_ALU_X:
		snprintf(p, left, "%c%d %s %c%d", r, dst, d->kop, r, src);
		break;
	case HIVE_FMT_NEG:
		snprintf(p, left, "%c%d = -%c%d", r, dst, r, dst);
		break;
	case HIVE_FMT_END:
		snprintf(p, left, "r%d = %s r%d", dst, d->kop, dst);
		break;
	case HIVE_FMT_MOVSX:
		snprintf(p, left, "%c%d = %s%c%d", r, dst, d->kop, r, src);
		break;
	case HIVE_FMT_ASCAST:
		snprintf(p, left, "r%d = addr_space_cast(r%d, %u, %u)", dst, src,
			 (uint32_t)in->imm >> 16, (uint16_t)in->imm);
		break;
	case HIVE_FMT_LDX:
		snprintf(p, left, "r%d = *(%s *)(r%d %+d)", dst, d->kop, src, in->off);
		break;
	case HIVE_FMT_ST:
		snprintf(p, left, "*(%s *)(r%d %+d) = %d", d->kop, dst, in->off, in->imm);
		break;
	case HIVE_FMT_STX:
		snprintf(p, left, "*(%s *)(r%d %+d) = r%d", d->kop, dst, in->off, src);
		break;
	case HIVE_FMT_ATOMIC:
	case HIVE_FMT_ATOMIC_FETCH:
	case HIVE_FMT_XCHG:
	case HIVE_FMT_CMPXCHG:
	case HIVE_FMT_LOAD_ACQ:
	case HIVE_FMT_STORE_REL:
		kernel_atomic(in, d, p, left);
		break;
	case HIVE_FMT_LDDW:
		snprintf(p, left, "r%d = 0x%llx", dst, (unsigned long long)isa_ldimm64_val(in));
		return 2;
	case HIVE_FMT_LD_ABS:
		snprintf(p, left, "r0 = *(%s *)skb[%d]", d->kop, in->imm);
		break;
	case HIVE_FMT_LD_IND:
		snprintf(p, left, "r0 = *(%s *)skb[r%d + %d]", d->kop, src, in->imm);
		break;
	case HIVE_FMT_JA:
		snprintf(p, left, "goto pc%+d", in->off);
		break;
	case HIVE_FMT_GOTOL:
		snprintf(p, left, "gotol pc%+d", in->imm);
		break;
	case HIVE_FMT_MAY_GOTO:
		snprintf(p, left, "may_goto pc%+d", in->off);
		break;
	case HIVE_FMT_JCOND_K:
		snprintf(p, left, "if %c%d %s 0x%x goto pc%+d", r, dst, d->kop, (uint32_t)in->imm,
			 in->off);
		break;
	case HIVE_FMT_JCOND_X:
		snprintf(p, left, "if %c%d %s %c%d goto pc%+d", r, dst, d->kop, r, src, in->off);
		break;
	case HIVE_FMT_CALL_HELPER:
	case HIVE_FMT_CALL_LOCAL:
	case HIVE_FMT_CALL_KFUNC:
	case HIVE_FMT_CALLX:
		kernel_call(in, d, opts, p, left);
		break;
	case HIVE_FMT_EXIT:
		snprintf(p, left, "exit");
		break;
	}
	return 1;
}

int isa_disasm_insn(const struct hive_insn *insns, size_t cnt, size_t i,
		    const struct isa_disasm_opts *opts, char *buf, size_t size)
{
	enum isa_syntax syntax = opts ? opts->syntax : ISA_SYNTAX_ASM;
	struct isa_error err;
	enum hive_op op;

	if (isa_check_insn(insns, cnt, i, &op, &err)) {
		if (syntax == ISA_SYNTAX_KERNEL) {
			snprintf(buf, size, "(%02x) invalid: %s", insns[i].code, err.msg);
			return 1;
		}
		return print_raw(&insns[i], buf, size);
	}
	if (syntax == ISA_SYNTAX_KERNEL)
		return print_kernel(&insns[i], op, opts, buf, size);
	return print_asm(&insns[i], op, buf, size);
}

int isa_disasm(const struct hive_insn *insns, size_t cnt, const struct isa_disasm_opts *opts,
	       FILE *out)
{
	bool kernel = opts && opts->syntax == ISA_SYNTAX_KERNEL;
	char buf[256];

	for (size_t i = 0; i < cnt;) {
		int n = isa_disasm_insn(insns, cnt, i, opts, buf, sizeof(buf));

		if (kernel ? fprintf(out, "%zu: %s\n", i, buf) < 0 : fprintf(out, "%s\n", buf) < 0)
			return -EIO;
		i += n;
	}
	return 0;
}
