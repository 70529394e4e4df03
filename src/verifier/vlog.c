// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/vlog.c: the verifier log as Linux 6.18 writes it (kernel/bpf/log.c): a rotating
 * buffer that keeps the tail of the text, each message cut at 1023 bytes, rewinding for log
 * level 1 (only the failing path stays), "; source line @ file:N" annotations from line_info,
 * register type names, and the per-instruction state lines of level 2. The scalar part of a
 * register's text is log.c's, shared with the scalar core's tests.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa/isa.h"
#include "verifier/env.h"
#include "verifier/log.h"

/* ---- the rotating buffer (bpf_verifier_vlog, bpf_vlog_reset) ---- */

int bpf_vlog_init(struct bpf_verifier_log *log, u32 level, char *buf, u32 size)
{
	memset(log, 0, sizeof(*log));
	log->level = level;
	log->ubuf = buf;
	log->len_total = size;
	if (!!buf != !!size)
		return -EINVAL;
	if (buf && !level)
		return -EINVAL;
	if (level & ~(HIVE_LOG_LEVEL1 | HIVE_LOG_LEVEL2 | HIVE_LOG_STATS))
		return -EINVAL;
	if (size > UINT32_MAX >> 2)
		return -EINVAL;
	return 0;
}

static void vlog_update_len_max(struct bpf_verifier_log *log, u32 add_len)
{
	u64 len = log->end_pos + add_len;

	if (len > UINT32_MAX)
		log->len_max = UINT32_MAX;
	else if (len > log->len_max)
		log->len_max = len;
}

/* Copy @n bytes into the ring at absolute position @pos. */
static void ring_write(struct bpf_verifier_log *log, u64 pos, const char *s, u32 n)
{
	while (n) {
		u32 at = (u32)(pos % log->len_total);
		u32 chunk = log->len_total - at;

		if (chunk > n)
			chunk = n;
		memcpy(log->ubuf + at, s, chunk);
		s += chunk;
		pos += chunk;
		n -= chunk;
	}
}

void bpf_verifier_vlog(struct bpf_verifier_log *log, const char *fmt, va_list args)
{
	char kbuf[BPF_VERIFIER_TMP_LOG_SIZE];
	u64 new_end, new_start;
	int r;
	u32 n, new_n;

	r = vsnprintf(kbuf, sizeof(kbuf), fmt, args);
	if (r < 0)
		return;
	n = (u32)r >= sizeof(kbuf) ? sizeof(kbuf) - 1 : (u32)r;
	n += 1; /* the terminating zero, as the kernel counts it */
	vlog_update_len_max(log, n);

	new_end = log->end_pos + n;
	if (new_end - log->start_pos >= log->len_total)
		new_start = new_end - log->len_total;
	else
		new_start = log->start_pos;
	log->start_pos = new_start;
	log->end_pos = new_end - 1;
	if (!log->ubuf)
		return;
	new_n = n < log->len_total ? n : log->len_total;
	ring_write(log, new_end - new_n, kbuf + n - new_n, new_n);
}

void bpf_vlog_reset(struct bpf_verifier_log *log, u64 new_pos)
{
	if (new_pos > log->end_pos)
		return;
	if (!bpf_verifier_log_needed(log))
		return;
	log->end_pos = new_pos;
	if (log->end_pos < log->start_pos)
		log->start_pos = log->end_pos;
	log->ubuf[new_pos % log->len_total] = 0;
}

void verbose(struct bpf_verifier_env *env, const char *fmt, ...)
{
	va_list args;

	if (!bpf_verifier_log_needed(&env->log))
		return;
	va_start(args, fmt);
	bpf_verifier_vlog(&env->log, fmt, args);
	va_end(args);
}

/* verifier_bug(): the kernel's message for its own inconsistencies; -EFAULT follows. */
void verifier_bug(struct bpf_verifier_env *env, const char *fmt, ...)
{
	char buf[512];
	va_list args;

	va_start(args, fmt);
	vsnprintf(buf, sizeof(buf), fmt, args);
	va_end(args);
	verbose(env, "verifier bug: %s\n", buf);
}

/* ---- line info ---- */

const struct hive_verifier_line_info *find_linfo(const struct bpf_verifier_env *env, u32 insn_off)
{
	const struct hive_verifier_line_info *linfo = env->in->line_info;
	u32 nr_linfo = env->in->line_info_cnt;
	int l, r, m;

	if (!nr_linfo || insn_off >= env->len)
		return NULL;
	/* the rightmost record whose insn_off <= insn_off */
	l = 0;
	r = (int)nr_linfo - 1;
	while (l < r) {
		m = l + (r - l + 1) / 2;
		if (linfo[m].insn_off <= insn_off)
			l = m;
		else
			r = m - 1;
	}
	return &linfo[l];
}

void verbose_linfo(struct bpf_verifier_env *env, u32 insn_off, const char *prefix_fmt, ...)
{
	const struct hive_verifier_line_info *linfo, *prev_linfo;
	const char *s, *fname;

	if (!bpf_verifier_log_needed(&env->log))
		return;
	prev_linfo = env->prev_linfo;
	linfo = find_linfo(env, insn_off);
	if (!linfo || linfo == prev_linfo)
		return;
	/* two records of the same source line (different columns) print once */
	if (prev_linfo && linfo->file_name_off == prev_linfo->file_name_off &&
	    (linfo->line_col >> 10) == (prev_linfo->line_col >> 10))
		return;
	if (prefix_fmt) {
		va_list args;

		va_start(args, prefix_fmt);
		bpf_verifier_vlog(&env->log, prefix_fmt, args);
		va_end(args);
	}
	s = btf_name(env->in->btf, linfo->line_off);
	while (isspace((unsigned char)*s))
		s++;
	verbose(env, "%s", s);
	s = btf_name(env->in->btf, linfo->file_name_off);
	fname = strrchr(s, '/');
	fname = fname ? fname + 1 : s;
	verbose(env, " @ %s:%u\n", fname, linfo->line_col >> 10);
	env->prev_linfo = linfo;
}

/* ---- names ---- */

const char *btf_type_name(const struct hive_btf *btf, u32 id)
{
	const struct btf_type *t = btf ? btf_type_by_id(btf, id) : NULL;

	return t ? btf_name(btf, t->name_off) : "";
}

const char *func_id_name(int id)
{
	const char *name = isa_helper_name(id);

	return name ? name : "unknown";
}

const char *reg_type_str(struct bpf_verifier_env *env, u32 type)
{
	static const char *const str[] = {
		[NOT_INIT] = "?",
		[SCALAR_VALUE] = "scalar",
		[PTR_TO_CTX] = "ctx",
		[CONST_PTR_TO_MAP] = "map_ptr",
		[PTR_TO_MAP_VALUE] = "map_value",
		[PTR_TO_STACK] = "fp",
		[PTR_TO_PACKET] = "pkt",
		[PTR_TO_PACKET_META] = "pkt_meta",
		[PTR_TO_PACKET_END] = "pkt_end",
		[PTR_TO_FLOW_KEYS] = "flow_keys",
		[PTR_TO_SOCKET] = "sock",
		[PTR_TO_SOCK_COMMON] = "sock_common",
		[PTR_TO_TCP_SOCK] = "tcp_sock",
		[PTR_TO_TP_BUFFER] = "tp_buffer",
		[PTR_TO_XDP_SOCK] = "xdp_sock",
		[PTR_TO_BTF_ID] = "ptr_",
		[PTR_TO_MEM] = "mem",
		[PTR_TO_ARENA] = "arena",
		[PTR_TO_BUF] = "buf",
		[PTR_TO_FUNC] = "func",
		[PTR_TO_MAP_KEY] = "map_key",
		[CONST_PTR_TO_DYNPTR] = "dynptr_ptr",
	};
	const char *postfix = "";
	char *buf;

	if (type & PTR_MAYBE_NULL)
		postfix = base_type(type) == PTR_TO_BTF_ID ? "or_null_" : "_or_null";
	/* two results may be used in one message (the kernel's callers never do, but the
	 * "R%d type=%s expected=%s" messages are built from two calls)
	 */
	env->type_str_idx ^= 1;
	buf = env->type_str_buf[env->type_str_idx];
	snprintf(buf, TMP_STR_BUF_LEN, "%s%s%s%s%s%s%s%s%s", type & MEM_RDONLY ? "rdonly_" : "",
		 type & MEM_RINGBUF ? "ringbuf_" : "", type & MEM_USER ? "user_" : "",
		 type & MEM_PERCPU ? "percpu_" : "", type & MEM_RCU ? "rcu_" : "",
		 type & PTR_UNTRUSTED ? "untrusted_" : "", type & PTR_TRUSTED ? "trusted_" : "",
		 base_type(type) < __BPF_REG_TYPE_MAX ? str[base_type(type)] : "?", postfix);
	return buf;
}

const char *dynptr_type_str(enum bpf_dynptr_type type)
{
	switch (type) {
	case BPF_DYNPTR_TYPE_LOCAL:
		return "local";
	case BPF_DYNPTR_TYPE_RINGBUF:
		return "ringbuf";
	case BPF_DYNPTR_TYPE_SKB:
		return "skb";
	case BPF_DYNPTR_TYPE_XDP:
		return "xdp";
	case BPF_DYNPTR_TYPE_SKB_META:
		return "skb_meta";
	case BPF_DYNPTR_TYPE_INVALID:
		return "<invalid>";
	default:
		return "<unknown>";
	}
}

const char *iter_type_str(const struct hive_btf *btf, u32 btf_id)
{
	const char *name;

	if (!btf || btf_id == 0)
		return "<invalid>";
	name = btf_type_name(btf, btf_id);
	return strncmp(name, "bpf_iter_", 9) ? name : name + 9;
}

const char *iter_state_str(enum bpf_iter_state state)
{
	switch (state) {
	case BPF_ITER_STATE_ACTIVE:
		return "active";
	case BPF_ITER_STATE_DRAINED:
		return "drained";
	case BPF_ITER_STATE_INVALID:
		return "<invalid>";
	default:
		return "<unknown>";
	}
}

void fmt_reg_mask(char *buf, ssize_t buf_sz, u32 reg_mask)
{
	bool first = true;
	int i, n;

	buf[0] = '\0';
	for (i = 0; i < 32; i++) {
		if (!(reg_mask & (1u << i)))
			continue;
		n = snprintf(buf, (size_t)buf_sz, "%sr%d", first ? "" : ",", i);
		first = false;
		buf += n;
		buf_sz -= n;
		if (buf_sz < 0)
			break;
	}
}

void bpf_fmt_stack_mask(char *buf, ssize_t buf_sz, u64 stack_mask)
{
	bool first = true;
	int i, n;

	buf[0] = '\0';
	for (i = 0; i < 64; i++) {
		if (!(stack_mask & (1ull << i)))
			continue;
		n = snprintf(buf, (size_t)buf_sz, "%s%d", first ? "" : ",", -(i + 1) * 8);
		first = false;
		buf += n;
		buf_sz -= n;
		if (buf_sz < 0)
			break;
	}
}

void verbose_invalid_scalar(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
			    struct bpf_retval_range range, const char *ctx, const char *reg_name)
{
	bool unknown = true;

	verbose(env, "%s the register %s has", ctx, reg_name);
	if (reg->smin_value > S64_MIN) {
		verbose(env, " smin=%lld", (long long)reg->smin_value);
		unknown = false;
	}
	if (reg->smax_value < S64_MAX) {
		verbose(env, " smax=%lld", (long long)reg->smax_value);
		unknown = false;
	}
	if (unknown)
		verbose(env, " unknown scalar value");
	verbose(env, " should have been in [%d, %d]\n", range.minval, range.maxval);
}

/* ---- instructions ---- */

/* ld_imm64 of a map prints the kernel's map address; ours is a stable made-up one. */
#define HIVE_LOG_MAP_ADDR 0xffff888100000000ULL

static const char *kfunc_name_cb(void *ctx, const struct hive_insn *insn)
{
	const struct bpf_verifier_env *env = ctx;
	const struct hive_btf *btf = env->in->vmlinux_btf;
	const struct btf_type *t;

	if (!btf || insn->off)
		return "<error>";
	t = btf_type_by_id(btf, (u32)insn->imm);
	return t ? btf_name(btf, t->name_off) : "<error>";
}

/*
 * The kernel's print_bpf_insn() (kernel/bpf/disasm.c), for encodings isa/disasm.c does not
 * accept: the verifier prints an instruction before deciding it is invalid, and the kernel's
 * printer formats whatever it gets (a missing table entry prints "(null)").
 */
static const char *kstr(const char *s)
{
	return s ? s : "(null)";
}

static void verbose_raw_insn(struct bpf_verifier_env *env, const struct hive_insn *insn)
{
	static const char *const cls[8] = {
		"ld", "ldx", "st", "stx", "alu", "jmp", "jmp32", "alu64"
	};
	static const char *const alu[16] = { "+=",   "-=",     "*=",  "/=", "|=", "&=",
					     "<<=",  ">>=",    "neg", "%=", "^=", "=",
					     "s>>=", "endian", NULL,  NULL };
	static const char *const alu_sign[16] = { [BPF_DIV >> 4] = "s/=", [BPF_MOD >> 4] = "s%=" };
	static const char *const movsx[4] = { "(s8)", "(s16)", NULL, "(s32)" };
	static const char *const atomic_alu[16] = { [BPF_ADD >> 4] = "add",
						    [BPF_AND >> 4] = "and",
						    [BPF_OR >> 4] = "or",
						    [BPF_XOR >> 4] = "xor" };
	static const char *const ldst[4] = { "u32", "u16", "u8", "u64" };
	static const char *const ldsx[4] = { "s32", "s16", "s8", NULL };
	static const char *const jmp[16] = { "jmp",  "==",   ">", ">=", "&",  "!=",  "s>", "s>=",
					     "call", "exit", "<", "<=", "s<", "s<=", NULL, NULL };
	u8 class = BPF_CLASS(insn->code), op = BPF_OP(insn->code), mode = BPF_MODE(insn->code);
	const char *sz = ldst[BPF_SIZE(insn->code) >> 3];

	if (class == BPF_ALU || class == BPF_ALU64) {
		char r = class == BPF_ALU ? 'w' : 'r';
		bool sdiv = (op == BPF_DIV || op == BPF_MOD) && insn->off == 1;
		bool is_movsx = op == BPF_MOV &&
				(insn->off == 8 || insn->off == 16 || insn->off == 32);

		if (op == BPF_END) {
			if (class == BPF_ALU64)
				verbose(env, "(%02x) r%d = bswap%d r%d\n", insn->code,
					insn->dst_reg, insn->imm, insn->dst_reg);
			else
				verbose(env, "(%02x) r%d = %s%d r%d\n", insn->code, insn->dst_reg,
					BPF_SRC(insn->code) == BPF_TO_BE ? "be" : "le", insn->imm,
					insn->dst_reg);
		} else if (op == BPF_NEG) {
			verbose(env, "(%02x) %c%d = -%c%d\n", insn->code, r, insn->dst_reg, r,
				insn->dst_reg);
		} else if (insn->code == (BPF_ALU64 | BPF_MOV | BPF_X) && insn->off == 1) {
			verbose(env, "(%02x) r%d = addr_space_cast(r%d, %d, %d)\n", insn->code,
				insn->dst_reg, insn->src_reg, ((u32)insn->imm) >> 16,
				(u16)insn->imm);
		} else if (insn->code == (BPF_ALU64 | BPF_MOV | BPF_X) && insn->off == -1) {
			verbose(env, "(%02x) r%d = &(void __percpu *)(r%d)\n", insn->code,
				insn->dst_reg, insn->src_reg);
		} else if (BPF_SRC(insn->code) == BPF_X) {
			verbose(env, "(%02x) %c%d %s %s%c%d\n", insn->code, r, insn->dst_reg,
				kstr(sdiv ? alu_sign[op >> 4] : alu[op >> 4]),
				is_movsx ? kstr(movsx[(insn->off >> 3) - 1]) : "", r,
				insn->src_reg);
		} else {
			verbose(env, "(%02x) %c%d %s %d\n", insn->code, r, insn->dst_reg,
				kstr(sdiv ? alu_sign[op >> 4] : alu[op >> 4]), insn->imm);
		}
	} else if (class == BPF_STX) {
		s32 imm = insn->imm;

		if (mode == BPF_MEM)
			verbose(env, "(%02x) *(%s *)(r%d %+d) = r%d\n", insn->code, sz,
				insn->dst_reg, insn->off, insn->src_reg);
		else if (mode == BPF_ATOMIC &&
			 (imm == BPF_ADD || imm == BPF_AND || imm == BPF_OR || imm == BPF_XOR))
			verbose(env, "(%02x) lock *(%s *)(r%d %+d) %s r%d\n", insn->code, sz,
				insn->dst_reg, insn->off, kstr(alu[BPF_OP(imm) >> 4]),
				insn->src_reg);
		else if (mode == BPF_ATOMIC &&
			 (imm == (BPF_ADD | BPF_FETCH) || imm == (BPF_AND | BPF_FETCH) ||
			  imm == (BPF_OR | BPF_FETCH) || imm == (BPF_XOR | BPF_FETCH)))
			verbose(env, "(%02x) r%d = atomic%s_fetch_%s((%s *)(r%d %+d), r%d)\n",
				insn->code, insn->src_reg,
				BPF_SIZE(insn->code) == BPF_DW ? "64" : "",
				kstr(atomic_alu[BPF_OP(imm) >> 4]), sz, insn->dst_reg, insn->off,
				insn->src_reg);
		else if (mode == BPF_ATOMIC && imm == BPF_CMPXCHG)
			verbose(env, "(%02x) r0 = atomic%s_cmpxchg((%s *)(r%d %+d), r0, r%d)\n",
				insn->code, BPF_SIZE(insn->code) == BPF_DW ? "64" : "", sz,
				insn->dst_reg, insn->off, insn->src_reg);
		else if (mode == BPF_ATOMIC && imm == BPF_XCHG)
			verbose(env, "(%02x) r%d = atomic%s_xchg((%s *)(r%d %+d), r%d)\n",
				insn->code, insn->src_reg,
				BPF_SIZE(insn->code) == BPF_DW ? "64" : "", sz, insn->dst_reg,
				insn->off, insn->src_reg);
		else if (mode == BPF_ATOMIC && imm == BPF_LOAD_ACQ)
			verbose(env, "(%02x) r%d = load_acquire((%s *)(r%d %+d))\n", insn->code,
				insn->dst_reg, sz, insn->src_reg, insn->off);
		else if (mode == BPF_ATOMIC && imm == BPF_STORE_REL)
			verbose(env, "(%02x) store_release((%s *)(r%d %+d), r%d)\n", insn->code, sz,
				insn->dst_reg, insn->off, insn->src_reg);
		else
			verbose(env, "BUG_%02x\n", insn->code);
	} else if (class == BPF_ST) {
		if (mode == BPF_MEM)
			verbose(env, "(%02x) *(%s *)(r%d %+d) = %d\n", insn->code, sz,
				insn->dst_reg, insn->off, insn->imm);
		else if (mode == 0xc0)
			verbose(env, "(%02x) nospec\n", insn->code);
		else
			verbose(env, "BUG_st_%02x\n", insn->code);
	} else if (class == BPF_LDX) {
		if (mode != BPF_MEM && mode != BPF_MEMSX) {
			verbose(env, "BUG_ldx_%02x\n", insn->code);
			return;
		}
		verbose(env, "(%02x) r%d = *(%s *)(r%d %+d)\n", insn->code, insn->dst_reg,
			mode == BPF_MEM ? sz : kstr(ldsx[BPF_SIZE(insn->code) >> 3]), insn->src_reg,
			insn->off);
	} else if (class == BPF_LD) {
		if (mode == BPF_ABS)
			verbose(env, "(%02x) r0 = *(%s *)skb[%d]\n", insn->code, sz, insn->imm);
		else if (mode == BPF_IND)
			verbose(env, "(%02x) r0 = *(%s *)skb[r%d + %d]\n", insn->code, sz,
				insn->src_reg, insn->imm);
		else if (mode == BPF_IMM && BPF_SIZE(insn->code) == BPF_DW)
			verbose(env, "(%02x) r%d = 0x%llx\n", insn->code, insn->dst_reg,
				(unsigned long long)(((u64)(u32)insn[1].imm << 32) |
						     (u32)insn->imm));
		else
			verbose(env, "BUG_ld_%02x\n", insn->code);
	} else {
		char r = class == BPF_JMP32 ? 'w' : 'r';

		if (op == BPF_CALL) {
			if (insn->src_reg == BPF_PSEUDO_CALL)
				verbose(env, "(%02x) call pc%+d\n", insn->code, insn->imm);
			else if (insn->src_reg == BPF_PSEUDO_KFUNC_CALL)
				verbose(env, "(%02x) call %s#%d\n", insn->code,
					kfunc_name_cb(env, insn), insn->imm);
			else if (!insn->src_reg && insn->imm >= 0 && insn->imm < __BPF_FUNC_MAX_ID)
				verbose(env, "(%02x) call %s#%d\n", insn->code,
					helper_func_name(insn->imm), insn->imm);
			else
				verbose(env, "(%02x) call unknown#%d\n", insn->code, insn->imm);
		} else if (insn->code == (BPF_JMP | BPF_JA)) {
			verbose(env, "(%02x) goto pc%+d\n", insn->code, insn->off);
		} else if (insn->code == (BPF_JMP | BPF_JCOND) && insn->src_reg == 0) {
			verbose(env, "(%02x) may_goto pc%+d\n", insn->code, insn->off);
		} else if (insn->code == (BPF_JMP32 | BPF_JA)) {
			verbose(env, "(%02x) gotol pc%+d\n", insn->code, insn->imm);
		} else if (insn->code == (BPF_JMP | BPF_EXIT)) {
			verbose(env, "(%02x) exit\n", insn->code);
		} else if (BPF_SRC(insn->code) == BPF_X) {
			verbose(env, "(%02x) if %c%d %s %c%d goto pc%+d\n", insn->code, r,
				insn->dst_reg, kstr(jmp[op >> 4]), r, insn->src_reg, insn->off);
		} else {
			verbose(env, "(%02x) if %c%d %s 0x%x goto pc%+d\n", insn->code, r,
				insn->dst_reg, kstr(jmp[op >> 4]), (u32)insn->imm, insn->off);
		}
	}
	(void)cls;
}

void verbose_insn(struct bpf_verifier_env *env, const struct hive_insn *insn)
{
	struct isa_disasm_opts opts = {
		.syntax = ISA_SYNTAX_KERNEL,
		.kfunc_name = kfunc_name_cb,
		.ctx = env,
	};
	size_t idx = (size_t)(insn - env->insns);
	struct isa_error err;
	char buf[256];

	if (isa_check_insn(env->insns, env->len, idx, NULL, &err)) {
		verbose_raw_insn(env, insn);
		return;
	}
	if (isa_is_ldimm64(insn) &&
	    (insn->src_reg == BPF_PSEUDO_MAP_FD || insn->src_reg == BPF_PSEUDO_MAP_VALUE ||
	     insn->src_reg == BPF_PSEUDO_MAP_IDX || insn->src_reg == BPF_PSEUDO_MAP_IDX_VALUE)) {
		u64 addr = HIVE_LOG_MAP_ADDR + ((u64)(u32)insn->imm << 12);

		if (insn->src_reg == BPF_PSEUDO_MAP_VALUE ||
		    insn->src_reg == BPF_PSEUDO_MAP_IDX_VALUE)
			addr += 0x100 + (u32)insn[1].imm;
		verbose(env, "(%02x) r%d = 0x%llx\n", insn->code, insn->dst_reg,
			(unsigned long long)addr);
		return;
	}
	isa_disasm_insn(env->insns, env->len, idx, &opts, buf, sizeof(buf));
	verbose(env, "%s\n", buf);
}

/* ---- register states ---- */

static bool type_is_map_ptr(u32 t)
{
	switch (base_type(t)) {
	case CONST_PTR_TO_MAP:
	case PTR_TO_MAP_KEY:
	case PTR_TO_MAP_VALUE:
		return true;
	default:
		return false;
	}
}

struct reg_printer {
	struct bpf_verifier_env *env;
	struct vlog_buf *b;
	const char *sep;
};

#define verbose_a(p, ...)                            \
	do {                                         \
		vlog_printf((p)->b, "%s", (p)->sep); \
		vlog_printf((p)->b, __VA_ARGS__);    \
		(p)->sep = ",";                      \
	} while (0)

static void print_ptr_attrs(struct reg_printer *p, const struct bpf_reg_state *reg)
{
	u32 t = reg->type;

	if (reg->id)
		verbose_a(p, "id=%d", reg->id & ~BPF_ADD_CONST);
	if (reg->id & BPF_ADD_CONST)
		vlog_printf(p->b, "%+d", reg->off);
	if (reg->ref_obj_id)
		verbose_a(p, "ref_obj_id=%d", reg->ref_obj_id);
	if (type_is_non_owning_ref(reg->type))
		verbose_a(p, "%s", "non_own_ref");
	if (type_is_map_ptr(t)) {
		const struct hive_verifier_map *map = reg->map_ptr;

		if (map->name && map->name[0])
			verbose_a(p, "map=%.15s", map->name);
		verbose_a(p, "ks=%d,vs=%d", map->key_size, map->value_size);
	}
	if (t != SCALAR_VALUE && reg->off) {
		verbose_a(p, "off=");
		vlog_snum(p->b, reg->off);
	}
	if (type_is_pkt_pointer(t)) {
		verbose_a(p, "r=");
		vlog_unum(p->b, (u64)(s64)reg->range);
	}
	if (base_type(t) == PTR_TO_MEM) {
		verbose_a(p, "sz=");
		vlog_unum(p->b, reg->mem_size);
	}
	if (t == CONST_PTR_TO_DYNPTR)
		verbose_a(p, "type=%s", dynptr_type_str(reg->dynptr.type));
}

static void print_reg_text(struct bpf_verifier_env *env, struct vlog_buf *b,
			   const struct bpf_func_state *state, const struct bpf_reg_state *reg)
{
	struct reg_printer p = { .env = env, .b = b, .sep = "" };
	u32 t = reg->type;

	if (t == SCALAR_VALUE && reg->precise)
		vlog_printf(b, "P");
	if (t == SCALAR_VALUE && tnum_is_const(reg->var_off)) {
		vlog_snum(b, (s64)reg->var_off.value);
		return;
	}
	vlog_printf(b, "%s", reg_type_str(env, t));
	if (t == PTR_TO_ARENA)
		return;
	if (t == PTR_TO_STACK) {
		if (state->frameno != reg->frameno)
			vlog_printf(b, "[%d]", reg->frameno);
		if (tnum_is_const(reg->var_off)) {
			vlog_snum(b, (s64)reg->var_off.value + reg->off);
			return;
		}
	}
	if (base_type(t) == PTR_TO_BTF_ID)
		vlog_printf(b, "%s", btf_type_name(reg->btf, reg->btf_id));
	vlog_printf(b, "(");
	print_ptr_attrs(&p, reg);
	if (tnum_is_const(reg->var_off)) {
		if (reg->var_off.value) {
			verbose_a(&p, "imm=");
			vlog_snum(b, (s64)reg->var_off.value);
		}
	} else {
		print_scalar_ranges(b, reg, &p.sep);
		if (!tnum_is_unknown(reg->var_off)) {
			char tn_buf[48];

			tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
			verbose_a(&p, "var_off=%s", tn_buf);
		}
	}
	vlog_printf(b, ")");
}

static void print_reg(struct bpf_verifier_env *env, const struct bpf_func_state *state,
		      const struct bpf_reg_state *reg)
{
	char text[1024];
	struct vlog_buf b;

	vlog_init(&b, text, sizeof(text));
	print_reg_text(env, &b, state, reg);
	verbose(env, "%s", text);
}

static const char slot_type_char[] = {
	[STACK_INVALID] = '?', [STACK_SPILL] = 'r', [STACK_MISC] = 'm',	    [STACK_ZERO] = '0',
	[STACK_DYNPTR] = 'd',  [STACK_ITER] = 'i',  [STACK_IRQ_FLAG] = 'f',
};

static void print_stack_dynptr(struct bpf_verifier_env *env, int i, const struct bpf_reg_state *reg)
{
	const char *sep = "";

	verbose(env, " fp%d", (-i - 1) * BPF_REG_SIZE);
	verbose(env, "=dynptr_%s(", dynptr_type_str(reg->dynptr.type));
	if (reg->id) {
		verbose(env, "%sid=%d", sep, reg->id);
		sep = ",";
	}
	if (reg->ref_obj_id) {
		verbose(env, "%sref_id=%d", sep, reg->ref_obj_id);
		sep = ",";
	}
	if (reg->dynptr_id)
		verbose(env, "%sdynptr_id=%d", sep, reg->dynptr_id);
	verbose(env, ")");
}

static void print_stack_slots(struct bpf_verifier_env *env, const struct bpf_func_state *state,
			      bool print_all)
{
	for (int i = 0; i < state->allocated_stack / BPF_REG_SIZE; i++) {
		char types_buf[BPF_REG_SIZE + 1];
		const struct bpf_reg_state *reg;
		bool valid = false;
		int j;

		if (!print_all && !stack_slot_scratched(env, (u64)i))
			continue;
		for (j = 0; j < BPF_REG_SIZE; j++) {
			u8 slot_type = state->stack[i].slot_type[j];

			if (slot_type != STACK_INVALID)
				valid = true;
			types_buf[j] = slot_type_char[slot_type];
		}
		types_buf[BPF_REG_SIZE] = 0;
		if (!valid)
			continue;
		reg = &state->stack[i].spilled_ptr;
		switch (state->stack[i].slot_type[BPF_REG_SIZE - 1]) {
		case STACK_SPILL:
			/* print MISC/ZERO/INVALID slots above subreg spill */
			for (j = 0; j < BPF_REG_SIZE; j++)
				if (state->stack[i].slot_type[j] == STACK_SPILL)
					break;
			types_buf[j] = '\0';
			verbose(env, " fp%d=%s", (-i - 1) * BPF_REG_SIZE, types_buf);
			print_reg(env, state, reg);
			break;
		case STACK_DYNPTR:
			/* skip to main dynptr slot */
			i += BPF_DYNPTR_NR_SLOTS - 1;
			print_stack_dynptr(env, i, &state->stack[i].spilled_ptr);
			break;
		case STACK_ITER:
			/* only main slot has ref_obj_id set; skip others */
			if (!reg->ref_obj_id)
				continue;
			verbose(env, " fp%d=iter_%s(ref_id=%d,state=%s,depth=%u)",
				(-i - 1) * BPF_REG_SIZE,
				iter_type_str(reg->iter.btf, reg->iter.btf_id), reg->ref_obj_id,
				iter_state_str(reg->iter.state), (unsigned int)reg->iter.depth);
			break;
		default:
			verbose(env, " fp%d=%s", (-i - 1) * BPF_REG_SIZE, types_buf);
			break;
		}
	}
}

void print_verifier_state(struct bpf_verifier_env *env, const struct bpf_verifier_state *vstate,
			  u32 frameno, bool print_all)
{
	const struct bpf_func_state *state = vstate->frame[frameno];
	int i;

	if (state->frameno)
		verbose(env, " frame%d:", state->frameno);
	for (i = 0; i < MAX_BPF_REG; i++) {
		const struct bpf_reg_state *reg = &state->regs[i];

		if (reg->type == NOT_INIT)
			continue;
		if (!print_all && !reg_scratched(env, (u32)i))
			continue;
		verbose(env, " R%d=", i);
		print_reg(env, state, reg);
	}
	print_stack_slots(env, state, print_all);
	if (vstate->acquired_refs && vstate->refs[0].id) {
		verbose(env, " refs=%d", vstate->refs[0].id);
		for (i = 1; i < (int)vstate->acquired_refs; i++)
			if (vstate->refs[i].id)
				verbose(env, ",%d", vstate->refs[i].id);
	}
	if (state->in_callback_fn)
		verbose(env, " cb");
	if (state->in_async_callback_fn)
		verbose(env, " async_cb");
	verbose(env, "\n");
	if (!print_all)
		mark_verifier_state_clean(env);
}

static u32 vlog_alignment(u32 pos)
{
	u32 a = pos + BPF_LOG_MIN_ALIGNMENT / 2;

	if (a < BPF_LOG_ALIGNMENT)
		a = BPF_LOG_ALIGNMENT;
	a = (a + BPF_LOG_MIN_ALIGNMENT - 1) / BPF_LOG_MIN_ALIGNMENT * BPF_LOG_MIN_ALIGNMENT;
	return a - pos - 1;
}

void print_insn_state(struct bpf_verifier_env *env, const struct bpf_verifier_state *vstate,
		      u32 frameno)
{
	if (env->prev_log_pos && env->prev_log_pos == env->log.end_pos) {
		/* remove new line character */
		bpf_vlog_reset(&env->log, env->prev_log_pos - 1);
		verbose(env, "%*c;", (int)vlog_alignment((u32)env->prev_insn_print_pos), ' ');
	} else {
		verbose(env, "%d:", env->insn_idx);
	}
	print_verifier_state(env, vstate, frameno, false);
}
