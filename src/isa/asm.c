// SPDX-License-Identifier: BSD-2-Clause
/*
 * isa/asm.c: assembler for the text syntax of the BPF conformance suite.
 *
 *     # comment                      everything after '#' is ignored
 *     loop:                          a label names the next instruction
 *     mov32 %r0, 0                   mnemonic, then operands separated by commas
 *     ldxb %r0, [%r1+0x2]            memory operand [reg+off] / [reg-off] / [reg]
 *     lock fetch add [%r10-8], %r1   multi-word mnemonics (lock ..., call local, call kfunc)
 *     jne %r0, 15, loop              jump target: a label or +N / -N instructions
 *     lddw %r1, map_value(3, 16)     ld_imm64 with a pseudo source (map_fd, map_value,
 *                                    btf_id, func, map_idx, map_idx_value)
 *     .insn 0x07, 0, 1, 1, 1         any raw encoding: code, dst, src, off, imm
 *
 * Mnemonics come from HIVE_INSN_MAP (isa/insn.h), plus aliases the suite uses (`swap16` for
 * `bswap16`, `add64` for `add`, `call helper N`, `call runtime N`). As in the suite's own
 * assembler, a jump to the undefined label `exit` goes to the first exit instruction.
 *
 * Numbers: decimal, or hex with 0x. A 32-bit immediate is a signed decimal (-2^31..2^31-1) or a
 * hex bit pattern up to 0xffffffff; offsets are -32768..32767; lddw takes any 64-bit value.
 * Two passes: the first encodes and records label uses, the second patches them.
 */
#include <ctype.h>
#include <errno.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/hashmap.h"
#include "common/mem.h"
#include "isa/helpers.h"
#include "isa/isa.h"

#define MAX_OPERANDS 6
#define MAX_LINE 4096

/* A jump or call whose target is a label, patched once all labels are known. */
struct asm_ref {
	size_t insn;
	int line;
	char *label;
	bool in_imm; /* the relative target goes in imm (gotol, call, func) rather than off */
};

struct asm_state {
	struct hive_insn *insns;
	size_t cnt, cap;
	struct asm_ref *refs;
	size_t nr_refs, refs_cap;
	struct hive_hashmap labels; /* strdup'ed name -> instruction index */
	long first_exit;
	int line;
	struct isa_error *err;
};

static const struct {
	const char *alias, *mnem;
} aliases[] = {
	{ "swap16", "bswap16" },
	{ "swap32", "bswap32" },
	{ "swap64", "bswap64" },
	{ "call helper", "call" },
	{ "call runtime", "call kfunc" },
	{ "lock add64", "lock add" },
	{ "lock or64", "lock or" },
	{ "lock and64", "lock and" },
	{ "lock xor64", "lock xor" },
	{ "lock xchg64", "lock xchg" },
	{ "lock cmpxchg64", "lock cmpxchg" },
};

__attribute__((format(printf, 2, 3))) static int asm_fail(struct asm_state *st, const char *fmt,
							  ...)
{
	va_list ap;

	if (st->err) {
		st->err->idx = st->line;
		va_start(ap, fmt);
		vsnprintf(st->err->msg, sizeof(st->err->msg), fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

/* ---- mnemonics ---- */

/*
 * Mnemonic lookup, built once: every mnemonic of HIVE_INSN_MAP with its rows (at most two
 * share one: the K and X forms, or call and callx), every alias, and every leading part of a
 * multi-word mnemonic ("lock", "lock fetch") marked as a prefix only.
 */
struct mnem_info {
	int ops[2]; /* rows with this mnemonic; ops[1] = -1 if one; ops[0] = -1: prefix only */
};

static struct hive_hashmap mnem_map;
static pthread_once_t mnem_once = PTHREAD_ONCE_INIT;

static struct mnem_info *mnem_get(const char *name, bool create)
{
	struct mnem_info *mi;
	uintptr_t v;
	char *key;

	if (hive_hashmap_find(&mnem_map, (uintptr_t)name, &v))
		return (struct mnem_info *)v;
	if (!create)
		return NULL;
	mi = malloc(sizeof(*mi));
	key = strdup(name);
	if (!mi || !key || hive_hashmap_add(&mnem_map, (uintptr_t)key, (uintptr_t)mi)) {
		free(mi);
		free(key);
		return NULL;
	}
	mi->ops[0] = mi->ops[1] = -1;
	return mi;
}

/* Register @name for row @op (-1: prefix only) and its leading words as prefixes. */
static void mnem_add(const char *name, int op)
{
	struct mnem_info *mi = mnem_get(name, true);
	char buf[64];

	if (!mi)
		return; /* out of memory: the mnemonic is simply unknown */
	if (op >= 0)
		mi->ops[mi->ops[0] < 0 ? 0 : 1] = op;
	snprintf(buf, sizeof(buf), "%s", name);
	for (char *sp = strrchr(buf, ' '); sp; sp = strrchr(buf, ' ')) {
		*sp = 0;
		mnem_get(buf, true);
	}
}

static void mnem_build(void)
{
	hive_hashmap_init(&mnem_map, hive_hash_str, hive_equal_str, NULL);
	for (int op = 0; op < HIVE_OP_CNT; op++)
		mnem_add(isa_desc[op].mnem, op);
	for (size_t i = 0; i < ARRAY_SIZE(aliases); i++) {
		const struct mnem_info *target = mnem_get(aliases[i].mnem, false);
		struct mnem_info *mi;

		mnem_add(aliases[i].alias, -1);
		mi = mnem_get(aliases[i].alias, false);
		if (mi && target)
			*mi = *target;
	}
}

/* The rows of mnemonic @m (an alias, or "add64" for "add"); NULL if it names none. */
static const struct mnem_info *find_mnem(const char *m)
{
	const struct mnem_info *mi;
	size_t len = strlen(m);
	char buf[64];

	pthread_once(&mnem_once, mnem_build);
	mi = mnem_get(m, false);
	if (mi && mi->ops[0] >= 0)
		return mi;
	/* "add64", "jeq64": the 64-bit form is the unsuffixed one */
	if (len > 2 && len < sizeof(buf) && !strcmp(m + len - 2, "64")) {
		memcpy(buf, m, len - 2);
		buf[len - 2] = 0;
		mi = mnem_get(buf, false);
		if (mi && mi->ops[0] >= 0 && BPF_CLASS(isa_desc[mi->ops[0]].code) != BPF_ALU &&
		    BPF_CLASS(isa_desc[mi->ops[0]].code) != BPF_JMP32)
			return mi;
	}
	return NULL;
}

/* @m is a mnemonic, or the first words of a multi-word one ("lock", "lock fetch"). */
static bool is_mnem_prefix(const char *m)
{
	pthread_once(&mnem_once, mnem_build);
	return mnem_get(m, false) || find_mnem(m);
}

/*
 * Split "lock fetch add [%r10-8], %r1" into the longest known mnemonic and the rest. Words are
 * appended while the result is still a mnemonic or the beginning of one.
 */
static char *take_mnemonic(char *line, char *mnem, size_t size)
{
	char *p = line, cand[64];
	size_t n = 0;

	while (*p && !isspace((unsigned char)*p))
		p++;
	n = p - line;
	if (n >= size)
		n = size - 1;
	memcpy(mnem, line, n);
	mnem[n] = 0;
	for (;;) {
		char *w = p, *e;

		while (isspace((unsigned char)*w))
			w++;
		for (e = w; *e && !isspace((unsigned char)*e); e++)
			;
		if (e == w || n + 1 + (e - w) >= sizeof(cand))
			break;
		memcpy(cand, mnem, n);
		cand[n] = ' ';
		memcpy(cand + n + 1, w, e - w);
		cand[n + 1 + (e - w)] = 0;
		if (!is_mnem_prefix(cand))
			break;
		snprintf(mnem, size, "%s", cand);
		n = strlen(mnem);
		p = e;
	}
	while (isspace((unsigned char)*p))
		p++;
	return p;
}

/* ---- operands ---- */

static char *trim(char *s)
{
	char *e;

	while (isspace((unsigned char)*s))
		s++;
	e = s + strlen(s);
	while (e > s && isspace((unsigned char)e[-1]))
		*--e = 0;
	return s;
}

/* Split at commas outside [] and (). Returns the operand count, or -1 on an empty operand. */
static int split_operands(struct asm_state *st, char *s, char **ops)
{
	int n = 0, depth = 0;
	char *start = s;

	if (!*s)
		return 0;
	for (char *p = s;; p++) {
		if (*p == '[' || *p == '(')
			depth++;
		else if ((*p == ']' || *p == ')') && depth > 0)
			depth--;
		if ((*p == ',' && !depth) || !*p) {
			bool end = !*p;

			*p = 0;
			if (n == MAX_OPERANDS)
				return asm_fail(st, "too many operands");
			ops[n] = trim(start);
			if (!*ops[n])
				return asm_fail(st, "empty operand");
			n++;
			if (end)
				break;
			start = p + 1;
		}
	}
	return n;
}

struct num {
	bool neg, hex;
	uint64_t mag;
};

/* A whole-string number: [+-] then decimal digits or 0x and hex digits. */
static bool parse_num(const char *s, struct num *n)
{
	unsigned base = 10;

	n->neg = *s == '-';
	if (*s == '-' || *s == '+')
		s++;
	n->hex = s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
	if (n->hex) {
		s += 2;
		base = 16;
	}
	if (!*s)
		return false;
	n->mag = 0;
	for (; *s; s++) {
		unsigned d;

		if (isdigit((unsigned char)*s))
			d = *s - '0';
		else if (base == 16 && isxdigit((unsigned char)*s))
			d = tolower((unsigned char)*s) - 'a' + 10;
		else
			return false;
		if (n->mag > (UINT64_MAX - d) / base)
			return false;
		n->mag = n->mag * base + d;
	}
	return true;
}

static int get_imm32(struct asm_state *st, const char *s, int32_t *out)
{
	struct num n;

	if (!parse_num(s, &n))
		return asm_fail(st, "invalid immediate '%s'", s);
	if (n.neg && n.mag <= 0x80000000ull)
		*out = (int32_t)(uint32_t)(0u - (uint32_t)n.mag);
	else if (!n.neg && n.hex && n.mag <= 0xffffffffull)
		*out = (int32_t)(uint32_t)n.mag;
	else if (!n.neg && n.mag <= 0x7fffffffull)
		*out = (int32_t)n.mag;
	else
		return asm_fail(st, "immediate '%s' does not fit in 32 bits", s);
	return 0;
}

static int get_off16(struct asm_state *st, const char *s, int16_t *out)
{
	struct num n;

	if (!parse_num(s, &n))
		return asm_fail(st, "invalid offset '%s'", s);
	if ((n.neg && n.mag > 0x8000) || (!n.neg && n.mag > 0x7fff))
		return asm_fail(st, "offset '%s' out of range (-32768..32767)", s);
	*out = (int16_t)(n.neg ? -(int32_t)n.mag : (int32_t)n.mag);
	return 0;
}

static int get_uint(struct asm_state *st, const char *s, uint64_t max, uint64_t *out)
{
	struct num n;

	if (!parse_num(s, &n) || n.neg)
		return asm_fail(st, "invalid number '%s'", s);
	if (n.mag > max)
		return asm_fail(st, "'%s' out of range (at most %llu)", s, (unsigned long long)max);
	*out = n.mag;
	return 0;
}

static int get_imm64(struct asm_state *st, const char *s, uint64_t *out)
{
	struct num n;

	if (!parse_num(s, &n))
		return asm_fail(st, "invalid 64-bit immediate '%s'", s);
	if (n.neg && n.mag > (1ull << 63))
		return asm_fail(st, "immediate '%s' does not fit in 64 bits", s);
	*out = n.neg ? 0 - n.mag : n.mag;
	return 0;
}

static bool looks_like_reg(const char *s)
{
	if (*s == '%')
		s++;
	return s[0] == 'r' && isdigit((unsigned char)s[1]);
}

static int get_reg(struct asm_state *st, const char *s, uint8_t *out)
{
	const char *p = *s == '%' ? s + 1 : s;
	uint64_t v = 0;

	if (*p != 'r' || !isdigit((unsigned char)p[1]))
		return asm_fail(st, "expected a register, got '%s'", s);
	for (p++; isdigit((unsigned char)*p) && v < 100; p++)
		v = v * 10 + (*p - '0');
	if (*p || v > BPF_REG_10)
		return asm_fail(st, "invalid register '%s' (registers are %%r0..%%r10)", s);
	*out = v;
	return 0;
}

/* "[%r1+0x2]", "[%r10-8]", "[%r1]", spaces allowed inside. */
static int get_mem(struct asm_state *st, char *s, uint8_t *reg, int16_t *off)
{
	size_t len = strlen(s);
	char *inner, *sign;
	char saved;
	int ret;

	if (len < 3 || s[0] != '[' || s[len - 1] != ']')
		return asm_fail(st, "expected a memory operand [reg+off], got '%s'", s);
	s[len - 1] = 0;
	inner = trim(s + 1);
	sign = strpbrk(inner, "+-");
	*off = 0;
	if (!sign)
		return get_reg(st, inner, reg);
	saved = *sign;
	*sign = 0;
	ret = get_reg(st, trim(inner), reg);
	*sign = saved;
	if (ret)
		return ret;
	/* "+ 2" is as good as "+2" */
	if (isspace((unsigned char)sign[1])) {
		char *digits = trim(sign + 1);

		memmove(sign + 1, digits, strlen(digits) + 1);
	}
	return get_off16(st, sign, off);
}

static bool is_ident(const char *s)
{
	if (!isalpha((unsigned char)*s) && *s != '_' && *s != '.')
		return false;
	for (s++; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '_' && *s != '.')
			return false;
	return true;
}

/* A jump or call target: +N / -N, or a label recorded for the second pass. */
static int get_target(struct asm_state *st, const char *s, bool in_imm, int32_t *rel)
{
	struct asm_ref *ref;
	struct num n;

	*rel = 0;
	if (*s == '+' || *s == '-') {
		if (!parse_num(s, &n) || n.mag > (in_imm ? 0x7fffffffull : 0x7fffull) + n.neg)
			return asm_fail(st, "invalid or out-of-range jump offset '%s'", s);
		*rel = n.neg ? -(int64_t)n.mag : (int64_t)n.mag;
		return 0;
	}
	if (!is_ident(s))
		return asm_fail(st, "invalid jump target '%s' (a label, +N or -N)", s);
	if (hive_ensure_mem((void **)&st->refs, &st->refs_cap, sizeof(*st->refs), st->nr_refs + 1))
		return -ENOMEM;
	ref = &st->refs[st->nr_refs];
	ref->label = strdup(s);
	if (!ref->label)
		return -ENOMEM;
	ref->insn = st->cnt;
	ref->line = st->line;
	ref->in_imm = in_imm;
	st->nr_refs++;
	return 0;
}

/* ---- instructions ---- */

static int emit(struct asm_state *st, const struct hive_insn *insn, size_t n)
{
	if (st->cnt + n > HIVE_MAX_INSNS)
		return asm_fail(st, "program too large (more than %d instructions)",
				HIVE_MAX_INSNS);
	if (hive_ensure_mem((void **)&st->insns, &st->cap, sizeof(*insn), st->cnt + n))
		return -ENOMEM;
	memcpy(&st->insns[st->cnt], insn, n * sizeof(*insn));
	st->cnt += n;
	return 0;
}

static const char *const pseudo_names[] = {
	[BPF_PSEUDO_MAP_FD] = "map_fd",	  [BPF_PSEUDO_MAP_VALUE] = "map_value",
	[BPF_PSEUDO_BTF_ID] = "btf_id",	  [BPF_PSEUDO_FUNC] = "func",
	[BPF_PSEUDO_MAP_IDX] = "map_idx", [BPF_PSEUDO_MAP_IDX_VALUE] = "map_idx_value",
};

/* lddw's second operand: a 64-bit number, or pseudo(a[, b]) with a in imm and b in next imm. */
static int encode_lddw(struct asm_state *st, char *s, struct hive_insn *insn)
{
	char *open = strchr(s, '('), *args[MAX_OPERANDS];
	size_t len = strlen(s);
	uint64_t v = 0;
	int n, src = 0, ret;

	if (!open) {
		ret = get_imm64(st, s, &v);
		goto out;
	}
	if (s[len - 1] != ')')
		return asm_fail(st, "expected pseudo(args), got '%s'", s);
	*open = 0;
	s[len - 1] = 0;
	for (int i = 1; i < (int)ARRAY_SIZE(pseudo_names); i++)
		if (!strcmp(trim(s), pseudo_names[i]))
			src = i;
	if (!src)
		return asm_fail(st, "unknown ld_imm64 source '%s'", s);
	n = split_operands(st, open + 1, args);
	if (n < 0)
		return n;
	if (n < 1 || n > 2)
		return asm_fail(st, "%s() takes 1 or 2 arguments", pseudo_names[src]);
	insn->src_reg = src;
	if (src == BPF_PSEUDO_FUNC) {
		int32_t rel;

		if (n != 1)
			return asm_fail(st, "func() takes one jump target");
		ret = get_target(st, args[0], true, &rel);
		v = (uint32_t)rel;
		goto out;
	}
	ret = get_imm32(st, args[0], &insn->imm);
	if (!ret && n == 2)
		ret = get_imm32(st, args[1], &insn[1].imm);
	v = (uint32_t)insn->imm | (uint64_t)(uint32_t)insn[1].imm << 32;
out:
	insn[0].imm = (int32_t)(uint32_t)v;
	insn[1].imm = (int32_t)(uint32_t)(v >> 32);
	return ret;
}

/* How many operands each format takes (CALL_KFUNC and LDDW are checked by their encoders). */
static int fmt_operands(enum hive_insn_fmt fmt)
{
	switch (fmt) {
	case HIVE_FMT_EXIT:
		return 0;
	case HIVE_FMT_NEG:
	case HIVE_FMT_END:
	case HIVE_FMT_LD_ABS:
	case HIVE_FMT_JA:
	case HIVE_FMT_GOTOL:
	case HIVE_FMT_MAY_GOTO:
	case HIVE_FMT_CALL_HELPER:
	case HIVE_FMT_CALL_LOCAL:
	case HIVE_FMT_CALLX:
		return 1;
	case HIVE_FMT_JCOND_K:
	case HIVE_FMT_JCOND_X:
		return 3;
	case HIVE_FMT_ASCAST:
		return 4;
	default:
		return 2;
	}
}

static int encode_call_helper(struct asm_state *st, const char *s, struct hive_insn *insn)
{
	int id;

	if (is_ident(s)) {
		id = isa_helper_id(s);
		if (id < 0)
			return asm_fail(st, "unknown helper '%s'", s);
		insn->imm = id;
		return 0;
	}
	return get_imm32(st, s, &insn->imm);
}

static int encode_ascast(struct asm_state *st, char **ops, struct hive_insn *insn)
{
	uint64_t dst_as, src_as;
	int ret;

	ret = get_uint(st, ops[2], 0xffff, &dst_as);
	ret = ret ?: get_uint(st, ops[3], 0xffff, &src_as);
	if (ret)
		return ret;
	insn->imm = (int32_t)(uint32_t)(dst_as << 16 | src_as);
	return 0;
}

/* Jumps and local calls: a register, an operand and a target, by format. */
static int encode_jump(struct asm_state *st, enum hive_insn_fmt fmt, char **ops,
		       struct hive_insn *insn)
{
	uint8_t r = 0;
	int ret = 0;

	switch (fmt) {
	case HIVE_FMT_JA:
	case HIVE_FMT_MAY_GOTO: {
		int32_t rel = 0;

		ret = get_target(st, ops[0], false, &rel);
		insn->off = rel;
		return ret;
	}
	case HIVE_FMT_GOTOL:
	case HIVE_FMT_CALL_LOCAL:
		return get_target(st, ops[0], true, &insn->imm);
	case HIVE_FMT_JCOND_K:
	case HIVE_FMT_JCOND_X: {
		int32_t rel = 0;

		ret = get_reg(st, ops[0], &r);
		insn->dst_reg = r;
		if (!ret && fmt == HIVE_FMT_JCOND_X) {
			ret = get_reg(st, ops[1], &r);
			insn->src_reg = r;
		} else if (!ret) {
			ret = get_imm32(st, ops[1], &insn->imm);
		}
		ret = ret ?: get_target(st, ops[2], false, &rel);
		insn->off = rel;
		return ret;
	}
	default:
		return asm_fail(st, "internal error: format %d", fmt);
	}
}

/* Operands into fields, by format. @insn holds two slots (ld_imm64). */
static int encode_ops(struct asm_state *st, enum hive_insn_fmt fmt, char **ops, int n,
		      struct hive_insn *insn)
{
	uint8_t r = 0;
	int ret = 0;

	switch (fmt) {
	case HIVE_FMT_ALU_K:
		ret = get_reg(st, ops[0], &r) ?: get_imm32(st, ops[1], &insn->imm);
		insn->dst_reg = r;
		return ret;
	case HIVE_FMT_ALU_X:
	case HIVE_FMT_MOVSX:
	case HIVE_FMT_ASCAST:
		ret = get_reg(st, ops[0], &r);
		insn->dst_reg = r;
		ret = ret ?: get_reg(st, ops[1], &r);
		insn->src_reg = r;
		if (!ret && fmt == HIVE_FMT_ASCAST)
			ret = encode_ascast(st, ops, insn);
		return ret;
	case HIVE_FMT_NEG:
	case HIVE_FMT_END:
	case HIVE_FMT_CALLX:
		ret = get_reg(st, ops[0], &r);
		insn->dst_reg = r;
		return ret;
	case HIVE_FMT_LDX:
	case HIVE_FMT_LOAD_ACQ:
		ret = get_reg(st, ops[0], &r);
		insn->dst_reg = r;
		ret = ret ?: get_mem(st, ops[1], &r, &insn->off);
		insn->src_reg = r;
		return ret;
	case HIVE_FMT_ST:
		ret = get_mem(st, ops[0], &r, &insn->off) ?: get_imm32(st, ops[1], &insn->imm);
		insn->dst_reg = r;
		return ret;
	case HIVE_FMT_STX:
	case HIVE_FMT_ATOMIC:
	case HIVE_FMT_ATOMIC_FETCH:
	case HIVE_FMT_XCHG:
	case HIVE_FMT_CMPXCHG:
	case HIVE_FMT_STORE_REL:
		ret = get_mem(st, ops[0], &r, &insn->off);
		insn->dst_reg = r;
		ret = ret ?: get_reg(st, ops[1], &r);
		insn->src_reg = r;
		return ret;
	case HIVE_FMT_LDDW:
		ret = get_reg(st, ops[0], &r);
		insn->dst_reg = r;
		return ret ?: encode_lddw(st, ops[1], insn);
	case HIVE_FMT_LD_ABS:
		return get_imm32(st, ops[0], &insn->imm);
	case HIVE_FMT_LD_IND:
		ret = get_reg(st, ops[0], &r) ?: get_imm32(st, ops[1], &insn->imm);
		insn->src_reg = r;
		return ret;
	case HIVE_FMT_JA:
	case HIVE_FMT_MAY_GOTO:
	case HIVE_FMT_GOTOL:
	case HIVE_FMT_CALL_LOCAL:
	case HIVE_FMT_JCOND_K:
	case HIVE_FMT_JCOND_X:
		return encode_jump(st, fmt, ops, insn);
	case HIVE_FMT_CALL_HELPER:
		return encode_call_helper(st, ops[0], insn);
	case HIVE_FMT_CALL_KFUNC:
		ret = get_imm32(st, ops[0], &insn->imm);
		if (!ret && n == 2)
			ret = get_off16(st, ops[1], &insn->off);
		return ret;
	case HIVE_FMT_EXIT:
		return 0;
	}
	return asm_fail(st, "internal error: format %d", fmt);
}

/* The K and X forms (and call vs callx) share a mnemonic: a register operand picks X. */
static bool wants_reg_form(enum hive_insn_fmt fmt, char **ops, int n)
{
	switch (fmt) {
	case HIVE_FMT_ALU_K:
	case HIVE_FMT_ALU_X:
	case HIVE_FMT_JCOND_K:
	case HIVE_FMT_JCOND_X:
		return n >= 2 && looks_like_reg(ops[1]);
	case HIVE_FMT_CALL_HELPER:
	case HIVE_FMT_CALLX:
		return n >= 1 && looks_like_reg(ops[0]);
	default:
		return false;
	}
}

static bool is_reg_form(enum hive_insn_fmt fmt)
{
	return fmt == HIVE_FMT_ALU_X || fmt == HIVE_FMT_JCOND_X || fmt == HIVE_FMT_CALLX;
}

static int pick_row(const struct mnem_info *mi, char **ops, int n)
{
	int op = mi->ops[0];

	if (mi->ops[1] >= 0 &&
	    is_reg_form(isa_desc[op].fmt) != wants_reg_form(isa_desc[op].fmt, ops, n))
		op = mi->ops[1];
	return op;
}

static int asm_insn(struct asm_state *st, const struct mnem_info *mi, char **ops, int n)
{
	struct hive_insn insn[2] = { 0 };
	const struct hive_insn_desc *d;
	int op = pick_row(mi, ops, n), want, ret;
	const char *mnem = isa_desc[op].mnem;

	d = &isa_desc[op];
	want = fmt_operands(d->fmt);
	if (d->fmt == HIVE_FMT_CALL_KFUNC && (n < 1 || n > 2))
		return asm_fail(st, "'%s' takes 1 or 2 operands (imm[, off]), got %d", mnem, n);
	if (n != want && d->fmt != HIVE_FMT_CALL_KFUNC)
		return asm_fail(st, "'%s' takes %d operand%s, got %d", mnem, want,
				want == 1 ? "" : "s", n);
	insn[0].code = d->code;
	if (d->key == HIVE_KEY_OFF)
		insn[0].off = d->keyval;
	else if (d->key == HIVE_KEY_IMM)
		insn[0].imm = d->keyval;
	else if (d->key == HIVE_KEY_SRC)
		insn[0].src_reg = d->keyval;
	ret = encode_ops(st, d->fmt, ops, n, insn);
	if (ret)
		return ret;
	if (op == HIVE_OP_EXIT && st->first_exit < 0)
		st->first_exit = st->cnt;
	return emit(st, insn, op == HIVE_OP_LDDW ? 2 : 1);
}

/* .insn CODE, DST, SRC, OFF, IMM */
static int asm_raw(struct asm_state *st, char **ops, int n)
{
	struct hive_insn insn = { 0 };
	uint64_t code, dst, src;
	int ret;

	if (n != 5)
		return asm_fail(st, "'.insn' takes 5 operands (code, dst, src, off, imm), got %d",
				n);
	ret = get_uint(st, ops[0], 0xff, &code) ?: get_uint(st, ops[1], 15, &dst);
	ret = ret ?: get_uint(st, ops[2], 15, &src) ?: get_off16(st, ops[3], &insn.off);
	ret = ret ?: get_imm32(st, ops[4], &insn.imm);
	if (ret)
		return ret;
	insn.code = code;
	insn.dst_reg = dst;
	insn.src_reg = src;
	return emit(st, &insn, 1);
}

static int define_label(struct asm_state *st, const char *name)
{
	char *key = strdup(name);
	int ret;

	if (!key)
		return -ENOMEM;
	ret = hive_hashmap_add(&st->labels, (uintptr_t)key, st->cnt);
	if (ret) {
		free(key);
		if (ret == -EEXIST)
			return asm_fail(st, "duplicate label '%s'", name);
	}
	return ret;
}

static int asm_line(struct asm_state *st, char *line)
{
	char mnem[64], *ops[MAX_OPERANDS], *rest, *colon;
	const struct mnem_info *mi;
	int n;

	rest = strchr(line, '#');
	if (rest)
		*rest = 0;
	line = trim(line);
	colon = strchr(line, ':');
	if (colon && colon > line) {
		*colon = 0;
		if (!is_ident(trim(line)))
			return asm_fail(st, "invalid label '%s'", line);
		n = define_label(st, trim(line));
		if (n)
			return n;
		line = trim(colon + 1);
	}
	if (!*line)
		return 0;
	rest = take_mnemonic(line, mnem, sizeof(mnem));
	n = split_operands(st, rest, ops);
	if (n < 0)
		return n;
	if (!strcmp(mnem, ".insn"))
		return asm_raw(st, ops, n);
	mi = find_mnem(mnem);
	if (!mi) {
		if (is_mnem_prefix(mnem))
			return asm_fail(
				st, "incomplete instruction '%s' (e.g. 'lock add [%%r10-8], %%r1')",
				mnem);
		return asm_fail(st, "unknown mnemonic '%s'", mnem);
	}
	return asm_insn(st, mi, ops, n);
}

static int resolve_refs(struct asm_state *st)
{
	for (size_t i = 0; i < st->nr_refs; i++) {
		struct asm_ref *ref = &st->refs[i];
		struct hive_insn *insn = &st->insns[ref->insn];
		uintptr_t target;
		long long rel;

		st->line = ref->line;
		if (!hive_hashmap_find(&st->labels, (uintptr_t)ref->label, &target)) {
			if (strcmp(ref->label, "exit") || st->first_exit < 0)
				return asm_fail(st, "undefined label '%s'", ref->label);
			target = st->first_exit;
		}
		rel = (long long)target - (long long)ref->insn - 1;
		if (!ref->in_imm && (rel < INT16_MIN || rel > INT16_MAX))
			return asm_fail(st, "label '%s' is too far for a 16-bit jump offset (%lld)",
					ref->label, rel);
		if (ref->in_imm)
			insn->imm = (int32_t)rel;
		else
			insn->off = (int16_t)rel;
	}
	return 0;
}

static void asm_free_state(struct asm_state *st)
{
	struct hive_hashmap_entry *cur;
	size_t bkt;

	// clang-format off
	hive_hashmap_for_each_entry(&st->labels, cur, bkt)
		free((void *)cur->key);
	// clang-format on
	hive_hashmap_clear(&st->labels);
	for (size_t i = 0; i < st->nr_refs; i++)
		free(st->refs[i].label);
	free(st->refs);
}

int isa_assemble(const char *src, size_t len, struct hive_insn **insns, size_t *cnt,
		 struct isa_error *err)
{
	struct asm_state st = { .first_exit = -1, .err = err };
	char line[MAX_LINE];
	size_t pos = 0;
	int ret = 0;

	*insns = NULL;
	*cnt = 0;
	hive_hashmap_init(&st.labels, hive_hash_str, hive_equal_str, NULL);
	while (pos < len && !ret) {
		size_t end = pos, n;

		while (end < len && src[end] != '\n')
			end++;
		n = end - pos;
		st.line++;
		if (n >= sizeof(line) || memchr(src + pos, 0, n))
			ret = asm_fail(&st,
				       n >= sizeof(line) ? "line too long" : "NUL byte in line");
		else {
			memcpy(line, src + pos, n);
			line[n] = 0;
			ret = asm_line(&st, line);
		}
		pos = end + 1;
	}
	ret = ret ?: resolve_refs(&st);
	if (ret == -ENOMEM && err) {
		err->idx = st.line;
		snprintf(err->msg, sizeof(err->msg), "out of memory");
	}
	asm_free_state(&st);
	if (ret) {
		free(st.insns);
		return ret;
	}
	*insns = st.insns;
	*cnt = st.cnt;
	return 0;
}
