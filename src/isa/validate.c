// SPDX-License-Identifier: BSD-2-Clause
/*
 * isa/validate.c: the table of instruction forms as data, the decoder, and the validator.
 *
 * Decoding goes from the opcode byte to the rows that share it (a 256-entry index built once),
 * then picks the row whose selector field (off, imm or src) matches. Validation adds what the
 * table implies: fields outside a row's operands must be zero, registers must exist (r0-r10, and
 * r11 in verified images, for the verifier's rewrites), and the control flow must stay inside
 * the program. The reasons use the kernel verifier's wording
 * ("BPF_ALU uses reserved fields", "jump out of range from insn 3 to 9") so that messages read
 * the same whichever tool produced them.
 */
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "isa/isa.h"

/* clang-format off */
#define ISA_DESC_ROW(name, code, key, keyval, fmt, mnem, kop) \
	{ #name, code, HIVE_KEY_##key, keyval, HIVE_FMT_##fmt, mnem, kop },
const struct hive_insn_desc isa_desc[HIVE_OP_CNT] = {
	HIVE_INSN_MAP(ISA_DESC_ROW)
};
#undef ISA_DESC_ROW
/* clang-format on */

/* code_first[code]: first row with that opcode byte; next_row[op]: next row with the same one. */
static uint16_t code_first[256];
static uint16_t next_row[HIVE_OP_CNT];
static pthread_once_t index_once = PTHREAD_ONCE_INIT;

static void build_index(void)
{
	for (int c = 0; c < 256; c++)
		code_first[c] = HIVE_OP_INVALID;
	/* Walk backwards so that each chain lists rows in table order. */
	for (int op = HIVE_OP_CNT - 1; op >= 0; op--) {
		next_row[op] = code_first[isa_desc[op].code];
		code_first[isa_desc[op].code] = op;
	}
}

unsigned isa_fmt_fields(enum hive_insn_fmt fmt)
{
	switch (fmt) {
	case HIVE_FMT_ALU_K:
	case HIVE_FMT_LDDW:
		return fmt == HIVE_FMT_LDDW ? HIVE_F_DST | HIVE_F_SRC | HIVE_F_IMM :
					      HIVE_F_DST | HIVE_F_IMM;
	case HIVE_FMT_ALU_X:
	case HIVE_FMT_MOVSX:
		return HIVE_F_DST | HIVE_F_SRC;
	case HIVE_FMT_NEG:
	case HIVE_FMT_END:
	case HIVE_FMT_CALLX:
		return HIVE_F_DST;
	case HIVE_FMT_ASCAST:
		return HIVE_F_DST | HIVE_F_SRC | HIVE_F_IMM;
	case HIVE_FMT_LDX:
	case HIVE_FMT_STX:
	case HIVE_FMT_ATOMIC:
	case HIVE_FMT_ATOMIC_FETCH:
	case HIVE_FMT_XCHG:
	case HIVE_FMT_CMPXCHG:
	case HIVE_FMT_LOAD_ACQ:
	case HIVE_FMT_STORE_REL:
	case HIVE_FMT_JCOND_X:
		return HIVE_F_DST | HIVE_F_SRC | HIVE_F_OFF;
	case HIVE_FMT_ST:
	case HIVE_FMT_JCOND_K:
		return HIVE_F_DST | HIVE_F_OFF | HIVE_F_IMM;
	case HIVE_FMT_LD_ABS:
	case HIVE_FMT_GOTOL:
	case HIVE_FMT_CALL_HELPER:
	case HIVE_FMT_CALL_LOCAL:
		return HIVE_F_IMM;
	case HIVE_FMT_LD_IND:
		return HIVE_F_SRC | HIVE_F_IMM;
	case HIVE_FMT_JA:
	case HIVE_FMT_MAY_GOTO:
		return HIVE_F_OFF;
	case HIVE_FMT_CALL_KFUNC:
		return HIVE_F_IMM | HIVE_F_OFF;
	case HIVE_FMT_EXIT:
		return 0;
	}
	return 0;
}

static bool key_matches(const struct hive_insn_desc *d, const struct hive_insn *insn)
{
	switch (d->key) {
	case HIVE_KEY_OFF:
		return insn->off == d->keyval;
	case HIVE_KEY_IMM:
		return insn->imm == d->keyval;
	case HIVE_KEY_SRC:
		return insn->src_reg == d->keyval;
	default:
		return true;
	}
}

enum hive_op isa_decode(const struct hive_insn *insn)
{
	pthread_once(&index_once, build_index);
	for (unsigned op = code_first[insn->code]; op != HIVE_OP_INVALID; op = next_row[op])
		if (key_matches(&isa_desc[op], insn))
			return op;
	return HIVE_OP_INVALID;
}

__attribute__((format(printf, 3, 4))) static int fail(struct isa_error *err, int idx,
						      const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return -EINVAL;
	err->idx = idx;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return -EINVAL;
}

/* The kernel's name for the kind of instruction, as its "... uses reserved fields" says it. */
static const char *field_owner(uint8_t code)
{
	switch (BPF_CLASS(code)) {
	case BPF_ALU:
	case BPF_ALU64:
		if (BPF_OP(code) == BPF_NEG)
			return "BPF_NEG";
		if (BPF_OP(code) == BPF_END)
			return "BPF_END";
		if (BPF_OP(code) == BPF_MOV)
			return "BPF_MOV";
		return "BPF_ALU";
	case BPF_LDX:
		return "BPF_LDX";
	case BPF_ST:
		return "BPF_ST";
	case BPF_STX:
		return BPF_MODE(code) == BPF_ATOMIC ? "BPF_ATOMIC" : "BPF_STX";
	case BPF_LD:
		return BPF_MODE(code) == BPF_IMM ? "BPF_LD_IMM64" : "BPF_LD_[ABS|IND]";
	default:
		switch (BPF_OP(code)) {
		case BPF_JA:
			return "BPF_JA";
		case BPF_CALL:
			return "BPF_CALL";
		case BPF_EXIT:
			return "BPF_EXIT";
		case BPF_JCOND:
			return "BPF_JCOND";
		default:
			return "BPF_JMP/JMP32";
		}
	}
}

/* No row of the code accepts this selector value: say which field and value. */
static int bad_selector(const struct hive_insn *insn, enum hive_op first, int i,
			struct isa_error *err)
{
	const struct hive_insn_desc *d = &isa_desc[first];
	const char *owner = field_owner(insn->code);

	switch (d->key) {
	case HIVE_KEY_OFF:
		return fail(err, i, "%s uses reserved fields (off=%d)", owner, insn->off);
	case HIVE_KEY_IMM:
		if (d->fmt == HIVE_FMT_END)
			return fail(err, i, "%s uses reserved fields (imm=%d, not 16, 32 or 64)",
				    owner, insn->imm);
		return fail(err, i, "BPF_ATOMIC uses invalid atomic opcode %02x", insn->imm);
	case HIVE_KEY_SRC:
		if (BPF_OP(insn->code) == BPF_JCOND)
			return fail(err, i, "invalid may_goto src_reg %d", insn->src_reg);
		return fail(err, i, "%s uses reserved fields (src_reg=%d)", owner, insn->src_reg);
	default:
		return fail(err, i, "unknown opcode %02x", insn->code);
	}
}

bool isa_fmt_writes_dst(enum hive_insn_fmt fmt)
{
	switch (fmt) {
	case HIVE_FMT_ALU_K:
	case HIVE_FMT_ALU_X:
	case HIVE_FMT_NEG:
	case HIVE_FMT_END:
	case HIVE_FMT_MOVSX:
	case HIVE_FMT_ASCAST:
	case HIVE_FMT_LDX:
	case HIVE_FMT_LOAD_ACQ:
	case HIVE_FMT_LDDW:
		return true;
	default:
		return false;
	}
}

static int check_fields(const struct hive_insn *insn, const struct hive_insn_desc *d, int i,
			unsigned int flags, struct isa_error *err)
{
	unsigned used = isa_fmt_fields(d->fmt);
	const char *owner = field_owner(insn->code);
	int nr_regs = flags & ISA_ALLOW_REG_AX ? ISA_NR_EXT_REGS : MAX_BPF_REG;

	if (d->key == HIVE_KEY_OFF)
		used |= HIVE_F_OFF;
	if (d->key == HIVE_KEY_IMM)
		used |= HIVE_F_IMM;
	if (d->key == HIVE_KEY_SRC)
		used |= HIVE_F_SRC;
	if (!(used & HIVE_F_DST) && insn->dst_reg)
		return fail(err, i, "%s uses reserved fields (dst_reg=%d)", owner, insn->dst_reg);
	if (!(used & HIVE_F_SRC) && insn->src_reg)
		return fail(err, i, "%s uses reserved fields (src_reg=%d)", owner, insn->src_reg);
	if (!(used & HIVE_F_OFF) && insn->off)
		return fail(err, i, "%s uses reserved fields (off=%d)", owner, insn->off);
	if (!(used & HIVE_F_IMM) && insn->imm)
		return fail(err, i, "%s uses reserved fields (imm=%d)", owner, insn->imm);
	if (insn->dst_reg >= nr_regs)
		return fail(err, i, "R%d is invalid", insn->dst_reg);
	if (insn->src_reg >= nr_regs && d->fmt != HIVE_FMT_LDDW)
		return fail(err, i, "R%d is invalid", insn->src_reg);
	if (insn->dst_reg == BPF_REG_FP && isa_fmt_writes_dst(d->fmt))
		return fail(err, i, "frame pointer is read only");
	if (insn->src_reg == BPF_REG_FP &&
	    (d->fmt == HIVE_FMT_ATOMIC_FETCH || d->fmt == HIVE_FMT_XCHG))
		return fail(err, i, "frame pointer is read only");
	if (d->fmt == HIVE_FMT_ASCAST && insn->imm != 1 && insn->imm != 1 << 16)
		return fail(
			err, i,
			"BPF_MOV uses reserved fields (off=1 is addr_space_cast, whose imm must "
			"be 1 or 65536, not %d)",
			insn->imm);
	return 0;
}

static int check_ldimm64(const struct hive_insn *insns, size_t cnt, size_t i, struct isa_error *err)
{
	const struct hive_insn *next = &insns[i + 1];

	if (i + 1 >= cnt || next->code || next->dst_reg || next->src_reg || next->off)
		return fail(err, i, "invalid bpf_ld_imm64 insn");
	if (insns[i].src_reg > BPF_PSEUDO_MAP_IDX_VALUE)
		return fail(err, i, "unrecognized bpf_ld_imm64 insn (src_reg=%d)",
			    insns[i].src_reg);
	return 0;
}

static int check_insn(const struct hive_insn *insns, size_t cnt, size_t i, unsigned int flags,
		      enum hive_op *opp, struct isa_error *err)
{
	const struct hive_insn *insn = &insns[i];
	enum hive_op op = isa_decode(insn);
	int ret;

	if (op == HIVE_OP_INVALID) {
		if (code_first[insn->code] == HIVE_OP_INVALID)
			return fail(err, i, "unknown opcode %02x", insn->code);
		return bad_selector(insn, code_first[insn->code], i, err);
	}
	ret = check_fields(insn, &isa_desc[op], i, flags, err);
	if (!ret && op == HIVE_OP_LDDW)
		ret = check_ldimm64(insns, cnt, i, err);
	if (!ret && opp)
		*opp = op;
	return ret;
}

int isa_check_insn(const struct hive_insn *insns, size_t cnt, size_t i, enum hive_op *opp,
		   struct isa_error *err)
{
	return check_insn(insns, cnt, i, 0, opp, err);
}

/* Per-slot facts gathered by the first pass. */
#define SLOT_SECOND 0x1 /* second half of an ld_imm64 */
#define SLOT_SUBPROG 0x2 /* a subprogram starts here */
#define SLOT_BRANCH 0x4 /* a jump whose target is in jump_target() */
#define SLOT_STOP 0x8 /* exit, ja or gotol: control does not fall through */

/* Target of a jump or call at @i, relative to the next instruction. */
static long long jump_target(const struct hive_insn *insn, enum hive_op op, size_t i)
{
	enum hive_insn_fmt fmt = isa_desc[op].fmt;
	long long rel =
		(fmt == HIVE_FMT_GOTOL || fmt == HIVE_FMT_CALL_LOCAL || fmt == HIVE_FMT_LDDW) ?
			insn->imm :
			insn->off;

	return (long long)i + rel + 1;
}

static bool is_branch(enum hive_op op)
{
	switch (isa_desc[op].fmt) {
	case HIVE_FMT_JA:
	case HIVE_FMT_GOTOL:
	case HIVE_FMT_JCOND_K:
	case HIVE_FMT_JCOND_X:
	case HIVE_FMT_MAY_GOTO:
		return true;
	default:
		return false;
	}
}

/* First pass: every instruction on its own; mark ld_imm64 halves and what stops the flow. */
static int check_each(const struct hive_insn *insns, size_t cnt, unsigned int flags, uint8_t *slot,
		      bool *has_exit, struct isa_error *err)
{
	enum hive_op op;
	int ret;

	for (size_t i = 0; i < cnt; i++) {
		ret = check_insn(insns, cnt, i, flags, &op, err);
		if (ret)
			return ret;
		if (op == HIVE_OP_LDDW) {
			slot[++i] |= SLOT_SECOND;
			continue;
		}
		if (is_branch(op))
			slot[i] |= SLOT_BRANCH;
		if (op == HIVE_OP_EXIT || op == HIVE_OP_JA || op == HIVE_OP_GOTOL)
			slot[i] |= SLOT_STOP;
		if (op == HIVE_OP_EXIT)
			*has_exit = true;
	}
	return 0;
}

static int check_target(size_t cnt, const uint8_t *slot, size_t from, long long to,
			struct isa_error *err)
{
	if (to < 0 || to >= (long long)cnt)
		return fail(err, from, "jump out of range from insn %zu to %lld", from, to);
	if (slot[to] & SLOT_SECOND)
		return fail(err, from, "jump from insn %zu into the middle of ldimm64 insn %lld",
			    from, to - 1);
	return 0;
}

/* Second pass: calls and function addresses define subprograms; their targets must be sane. */
static int mark_subprogs(const struct hive_insn *insns, size_t cnt, uint8_t *slot,
			 struct isa_error *err)
{
	slot[0] |= SLOT_SUBPROG;
	for (size_t i = 0; i < cnt; i++) {
		const struct hive_insn *insn = &insns[i];
		bool func_ref =
			(insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_CALL) ||
			(isa_is_ldimm64(insn) && !(slot[i] & SLOT_SECOND) &&
			 insn->src_reg == BPF_PSEUDO_FUNC);
		long long to = (long long)i + insn->imm + 1;
		int ret;

		if (!func_ref)
			continue;
		ret = check_target(cnt, slot, i, to, err);
		if (ret)
			return ret;
		slot[to] |= SLOT_SUBPROG;
	}
	return 0;
}

/* Third pass: jumps stay within their subprogram, which ends in exit or ja. */
static int check_flow(const struct hive_insn *insns, size_t cnt, const uint8_t *slot,
		      struct isa_error *err)
{
	size_t start = 0, end = 0;

	for (size_t i = 0; i < cnt; i++) {
		if (slot[i] & SLOT_SUBPROG) {
			start = i;
			for (end = i + 1; end < cnt && !(slot[end] & SLOT_SUBPROG); end++)
				;
		}
		if (slot[i] & SLOT_BRANCH) {
			long long to = jump_target(&insns[i], isa_decode(&insns[i]), i);
			int ret = check_target(cnt, slot, i, to, err);

			if (ret)
				return ret;
			if (to < (long long)start || to >= (long long)end)
				return fail(err, i, "jump out of range from insn %zu to %lld", i,
					    to);
		}
		if (i + 1 == end) {
			size_t last = slot[i] & SLOT_SECOND ? i - 1 : i;

			if (!(slot[last] & SLOT_STOP))
				return fail(err, last, "last insn is not an exit or jmp");
		}
	}
	return 0;
}

int isa_validate(const struct hive_insn *insns, size_t cnt, struct isa_error *err)
{
	return isa_validate_flags(insns, cnt, 0, err);
}

int isa_validate_flags(const struct hive_insn *insns, size_t cnt, unsigned int flags,
		       struct isa_error *err)
{
	bool has_exit = false;
	uint8_t *slot;
	int ret;

	if (!cnt)
		return fail(err, -1, "empty program: no instructions");
	if (cnt > HIVE_MAX_INSNS)
		return fail(err, -1, "program too large: %zu insns (at most %d)", cnt,
			    HIVE_MAX_INSNS);
	if (flags & ~ISA_ALLOW_REG_AX)
		return fail(err, -1, "unknown validation flags %#x", flags);
	slot = calloc(cnt, 1);
	if (!slot)
		return -ENOMEM;
	ret = check_each(insns, cnt, flags, slot, &has_exit, err);
	if (!ret)
		ret = mark_subprogs(insns, cnt, slot, err);
	if (!ret)
		ret = check_flow(insns, cnt, slot, err);
	if (!ret && !has_exit)
		ret = fail(err, -1, "program has no exit instruction");
	free(slot);
	return ret;
}
