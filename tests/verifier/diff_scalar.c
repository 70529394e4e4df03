// SPDX-License-Identifier: BSD-2-Clause
/*
 * Differential test of the scalar domain against the running kernel's verifier.
 *
 * Random straight-line socket-filter programs are generated together with our model of their
 * register states: unknown u32 scalars are loaded from the context, then ALU/ALU64 ops (every
 * opcode, immediate and register operands, MOVSX, NEG, byte swaps) and conditional jumps (JMP
 * and JMP32, every condition) are applied. Each undecided jump goes to its own exit block, so
 * the kernel explores the fall-through first and later prints the jump's other successor as
 * "from I to T: R0=... R2=...". The program is loaded with log_level 2 and every register
 * state the kernel prints after each instruction and at each "from" line is compared, as
 * text, with what our functions compute and print for the same register.
 *
 * Scalar ids are the driver's business, so the kernel's "id=N" is removed before comparing,
 * and a register that was copied from (and so linked to its copy) is no longer used.
 *
 * Exit status: 0 if all programs matched, 1 otherwise, 77 (skip) if bpf() is not permitted.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "verifier/log.h"
#include "verifier/scalar.h"

#define NR_PROGS_DEFAULT 10000
#define MAX_INSNS 96
#define MAX_OPS 24
#define LOG_SIZE (1 << 20)

#define BPF_PROG_LOAD_CMD 5
#define BPF_PROG_TYPE_SOCKET_FILTER 1
#define OFF_LEN 0 /* __sk_buff.len */
#define OFF_MARK 8 /* __sk_buff.mark */

/* The head of union bpf_attr for BPF_PROG_LOAD; the rest stays zero. */
struct prog_load_attr {
	uint32_t prog_type;
	uint32_t insn_cnt;
	uint64_t insns;
	uint64_t license;
	uint32_t log_level;
	uint32_t log_size;
	uint64_t log_buf;
	uint8_t rest[144 - 40];
};

static char log_buf[LOG_SIZE], log_copy[LOG_SIZE];

static int prog_load(const struct hive_insn *insns, int cnt)
{
	struct prog_load_attr attr;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = BPF_PROG_TYPE_SOCKET_FILTER;
	attr.insn_cnt = (uint32_t)cnt;
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.license = (uint64_t)(uintptr_t) "GPL";
	attr.log_level = 2;
	attr.log_size = LOG_SIZE;
	attr.log_buf = (uint64_t)(uintptr_t)log_buf;
	log_buf[0] = 0;
	fd = (int)syscall(__NR_bpf, BPF_PROG_LOAD_CMD, &attr, sizeof(attr));
	if (fd >= 0)
		close(fd);
	return fd < 0 ? -errno : 0;
}

/* ---- random numbers (xorshift, seeded: a failure can be replayed) ---- */

static uint64_t rng_state;

static uint64_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return rng_state;
}

static unsigned int pick(unsigned int n)
{
	return (unsigned int)(rnd() % n);
}

static const int32_t interesting_imms[] = {
	0,    1,      2,      3,      7,	 8,	     15,	 16,
	31,   32,     63,     100,    127,	 128,	     255,	 256,
	1000, 0x7fff, 0x8000, 0xffff, 0x10000,	 0x7fffffff, -1,	 -2,
	-8,   -128,   -256,   -32768, INT32_MIN, 0x12345678, 0x40000000, 0x0f0f0f0f,
};

static int32_t rnd_imm(void)
{
	if (pick(4) == 0)
		return (int32_t)rnd();
	return interesting_imms[pick(sizeof(interesting_imms) / sizeof(interesting_imms[0]))];
}

/* ---- one test program and our expectations ---- */

#define FIRST_REG 2
#define LAST_REG 9

struct expect {
	int idx; /* insn index, or jump index for a "from" line */
	bool from; /* state at "from idx to target" */
	int reg;
	char text[320];
	bool seen;
};

struct testcase {
	struct hive_insn insns[MAX_INSNS];
	int cnt;
	struct bpf_reg_state regs[MAX_BPF_REG];
	bool live[MAX_BPF_REG]; /* holds a modelled scalar */
	int jump_at[MAX_OPS]; /* insn index of undecided jumps */
	int nr_jumps;
	struct expect exp[MAX_INSNS * MAX_BPF_REG];
	int nr_exp;
	int main_end; /* index of the main path's "r0 = 0" */
};

static struct hive_insn mk(uint8_t code, int dst, int src, int16_t off, int32_t imm)
{
	struct hive_insn i = {
		.code = code, .dst_reg = dst, .src_reg = src, .off = off, .imm = imm
	};

	return i;
}

static void expect_regs(struct testcase *tc, int idx, bool from, const struct bpf_reg_state *regs)
{
	int r;

	for (r = 0; r < MAX_BPF_REG; r++) {
		struct expect *e;

		if (!tc->live[r])
			continue;
		e = &tc->exp[tc->nr_exp++];
		e->idx = idx;
		e->from = from;
		e->reg = r;
		e->seen = false;
		scalar_snprint(e->text, sizeof(e->text), &regs[r]);
	}
}

static int rnd_live_reg(const struct testcase *tc)
{
	int r, tries;

	for (tries = 0; tries < 64; tries++) {
		r = FIRST_REG + (int)pick(LAST_REG - FIRST_REG + 1);
		if (tc->live[r])
			return r;
	}
	return -1;
}

static void emit_load(struct testcase *tc, int r)
{
	struct hive_insn insn =
		mk(BPF_LDX | BPF_MEM | BPF_W, r, 1, pick(2) ? OFF_LEN : OFF_MARK, 0);

	tc->insns[tc->cnt] = insn;
	reg_mark_unknown(&tc->regs[r], false);
	coerce_reg_to_size(&tc->regs[r], 4);
	tc->live[r] = true;
	expect_regs(tc, tc->cnt, false, tc->regs);
	tc->cnt++;
}

/* Some instruction encodings the kernel rejects; stay within the accepted ones. */
static bool make_alu(struct testcase *tc, struct hive_insn *insn)
{
	static const uint8_t ops[] = { BPF_ADD,	 BPF_SUB, BPF_MUL, BPF_DIV, BPF_OR,   BPF_AND,
				       BPF_LSH,	 BPF_RSH, BPF_NEG, BPF_MOD, BPF_XOR,  BPF_MOV,
				       BPF_ARSH, BPF_END, BPF_ADD, BPF_AND, BPF_ARSH, BPF_MOV };
	uint8_t op = ops[pick(sizeof(ops))];
	bool alu64 = pick(3) != 0;
	uint8_t cls = alu64 ? BPF_ALU64 : BPF_ALU;
	int dst = rnd_live_reg(tc), src = rnd_live_reg(tc);
	bool x = pick(3) == 0;
	int32_t imm = rnd_imm();
	int16_t off = 0;

	if (dst < 0 || src < 0)
		return false;
	if (op == BPF_NEG) {
		*insn = mk(cls | op | BPF_K, dst, 0, 0, 0);
		return true;
	}
	if (op == BPF_END) {
		static const int32_t widths[] = { 16, 32, 64 };

		imm = widths[pick(3)];
		if (alu64)
			*insn = mk(BPF_ALU64 | BPF_END | BPF_TO_LE, dst, 0, 0, imm);
		else
			*insn = mk(BPF_ALU | BPF_END | (pick(2) ? BPF_TO_BE : BPF_TO_LE), dst, 0, 0,
				   imm);
		return true;
	}
	if (op == BPF_LSH || op == BPF_RSH || op == BPF_ARSH) {
		x = x && pick(4) == 0; /* mostly constants: the interesting case */
		imm = (int32_t)pick(alu64 ? 64 : 32);
	}
	if ((op == BPF_DIV || op == BPF_MOD) && !x) {
		if (!imm)
			imm = 3;
		off = pick(4) == 0; /* sdiv/smod */
	}
	if (op == BPF_MOV && x) {
		static const int16_t sx64[] = { 0, 0, 8, 16, 32 }, sx32[] = { 0, 0, 8, 16 };

		off = alu64 ? sx64[pick(5)] : sx32[pick(4)];
		if (src == dst)
			return false;
	}
	if (x)
		*insn = mk(cls | op | BPF_X, dst, src, off, 0);
	else
		*insn = mk(cls | op | BPF_K, dst, 0, off, imm);
	return true;
}

static bool gen_alu(struct testcase *tc)
{
	struct hive_insn insn;
	struct bpf_reg_state *dst, fork;
	int ret;

	if (!make_alu(tc, &insn))
		return false;
	dst = &tc->regs[insn.dst_reg];
	/* The kernel forks "x & K" / "x | K" for x in [-1, 0]: keep the path single. */
	if ((BPF_OP(insn.code) == BPF_AND || BPF_OP(insn.code) == BPF_OR) &&
	    ((dst->smin_value == -1 && dst->smax_value == 0) ||
	     (dst->s32_min_value == -1 && dst->s32_max_value == 0)))
		return false;
	ret = scalar_alu_insn(&insn, tc->regs, false, &fork);
	if (ret)
		return false;
	/* A copied-from register is linked to its copy by an id: retire it. */
	if (BPF_OP(insn.code) == BPF_MOV && BPF_SRC(insn.code) == BPF_X)
		tc->live[insn.src_reg] = false;
	tc->live[insn.dst_reg] = true;
	tc->insns[tc->cnt] = insn;
	expect_regs(tc, tc->cnt, false, tc->regs);
	tc->cnt++;
	return true;
}

static bool gen_jmp(struct testcase *tc)
{
	static const uint8_t ops[] = { BPF_JEQ,	 BPF_JGT, BPF_JGE, BPF_JSET, BPF_JNE, BPF_JSGT,
				       BPF_JSGE, BPF_JLT, BPF_JLE, BPF_JSLT, BPF_JSLE };
	uint8_t op = ops[pick(sizeof(ops))];
	bool jmp32 = pick(3) == 0, x = pick(3) == 0;
	int dst = rnd_live_reg(tc), src = rnd_live_reg(tc);
	struct bpf_reg_state k, tregs[MAX_BPF_REG], *s, *ts;
	struct hive_insn insn;
	int pred;

	if (dst < 0 || src < 0)
		return false;
	insn = x ? mk((jmp32 ? BPF_JMP32 : BPF_JMP) | op | BPF_X, dst, src, 0, 0) :
		   mk((jmp32 ? BPF_JMP32 : BPF_JMP) | op | BPF_K, dst, 0, 0, rnd_imm());
	if (x) {
		s = &tc->regs[src];
	} else {
		reg_mark_unknown(&k, false);
		reg_mark_known(&k, (u64)(s64)insn.imm);
		s = &k;
	}
	pred = is_branch_taken(&tc->regs[dst], s, op, jmp32, false, false);
	if (pred == 1)
		return false; /* would end the main path */
	if (pred < 0) {
		struct bpf_reg_state tk = k;

		memcpy(tregs, tc->regs, sizeof(tregs));
		ts = x ? &tregs[src] : &tk;
		reg_set_min_max(&tregs[dst], ts, &tc->regs[dst], s, op, jmp32);
		expect_regs(tc, tc->cnt, true, tregs);
		tc->jump_at[tc->nr_jumps++] = tc->cnt;
	}
	tc->insns[tc->cnt] = insn;
	expect_regs(tc, tc->cnt, false, tc->regs);
	tc->cnt++;
	return true;
}

static void gen_program(struct testcase *tc, int nr_ops)
{
	int r, i, tries;

	memset(tc, 0, sizeof(*tc));
	for (r = 0; r < MAX_BPF_REG; r++)
		reg_mark_not_init(&tc->regs[r]);
	for (r = FIRST_REG; r <= LAST_REG; r++) {
		if (pick(4) == 0) {
			struct hive_insn insn = mk(BPF_ALU64 | BPF_MOV | BPF_K, r, 0, 0, rnd_imm());

			scalar_alu_insn(&insn, tc->regs, false, NULL);
			tc->live[r] = true;
			tc->insns[tc->cnt] = insn;
			expect_regs(tc, tc->cnt, false, tc->regs);
			tc->cnt++;
		} else {
			emit_load(tc, r);
		}
	}
	for (i = 0; i < nr_ops; i++) {
		for (tries = 0; tries < 32; tries++) {
			unsigned int what = pick(10);

			if (what < 6 ?
				    gen_alu(tc) :
			    what < 9 ?
				    gen_jmp(tc) :
				    (emit_load(tc, FIRST_REG + (int)pick(LAST_REG - FIRST_REG + 1)),
				     true))
				break;
		}
	}
	/* r0 = 0; exit; then one "r0 = 0; exit" block per undecided jump. */
	tc->main_end = tc->cnt;
	tc->insns[tc->cnt++] = mk(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0);
	tc->insns[tc->cnt++] = mk(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	for (i = 0; i < tc->nr_jumps; i++) {
		int at = tc->jump_at[i];

		tc->insns[at].off = (int16_t)(tc->cnt - at - 1);
		tc->insns[tc->cnt++] = mk(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0);
		tc->insns[tc->cnt++] = mk(BPF_JMP | BPF_EXIT, 0, 0, 0, 0);
	}
}

/* ---- reading the kernel's log ---- */

/* Drop the kernel's "P" (precision) and "id=N" / "id=N+K" (scalar links) from a state. */
static void normalize(const char *in, size_t len, char *out, size_t size)
{
	size_t o = 0, i = 0;

	if (len && in[0] == 'P')
		i = 1;
	while (i < len && o + 1 < size) {
		if (!strncmp(in + i, "id=", 3) && (in[i - 1] == '(' || in[i - 1] == ',')) {
			i += 3;
			while (i < len &&
			       (in[i] == '+' || in[i] == '-' || (in[i] >= '0' && in[i] <= '9')))
				i++;
			if (i < len && in[i] == ',')
				i++;
			continue;
		}
		out[o++] = in[i++];
	}
	out[o] = 0;
}

static struct expect *find_expect(struct testcase *tc, int idx, bool from, int reg)
{
	int i;

	for (i = 0; i < tc->nr_exp; i++)
		if (tc->exp[i].idx == idx && tc->exp[i].from == from && tc->exp[i].reg == reg)
			return &tc->exp[i];
	return NULL;
}

static int mismatches;

/* " R0=0 R2=scalar(...) R10=fp0": compare each modelled register the kernel printed. */
static void check_states(struct testcase *tc, int idx, bool from, const char *s, const char *line)
{
	const char *p = s;

	while ((p = strstr(p, " R")) != NULL) {
		char *end, norm[512];
		const char *val, *next;
		long reg = strtol(p + 2, &end, 10);
		struct expect *e;

		if (end == p + 2 || *end != '=') {
			p += 2;
			continue;
		}
		val = end + 1;
		next = strstr(val, " R");
		while (next && !(next[2] >= '0' && next[2] <= '9'))
			next = strstr(next + 2, " R");
		if (!next)
			next = val + strlen(val);
		p = next;
		e = reg < MAX_BPF_REG ? find_expect(tc, idx, from, (int)reg) : NULL;
		if (!e)
			continue;
		e->seen = true;
		normalize(val, (size_t)(next - val), norm, sizeof(norm));
		if (strcmp(norm, e->text)) {
			if (mismatches++ < 25)
				fprintf(stderr, "  insn %d%s R%ld: kernel %s, ours %s\n    %s\n",
					idx, from ? " (jump taken)" : "", reg, norm, e->text, line);
		}
	}
}

/*
 * The state after an instruction is appended to its line ("3: (07) r2 += 1 ; R2=..."), or,
 * when something else was logged in between (precision marks), printed on a line of its own
 * that starts with an instruction index ("4: R2=... R3=..."). Such a line right after a
 * "from" line is the popped state instead, which the "from" line already showed.
 */
static void parse_log(struct testcase *tc)
{
	char *line = log_buf, *nl;
	int last = -1; /* instruction whose state is still to come, or -1 */

	for (; line && *line; line = nl ? nl + 1 : NULL) {
		int idx, to;
		char *semi, *colon;

		nl = strchr(line, '\n');
		if (nl)
			*nl = 0;
		if (sscanf(line, "from %d to %d:", &idx, &to) == 2) {
			colon = strchr(line, ':');
			if (colon && strstr(colon, " R"))
				check_states(tc, idx, true, colon + 1, line);
			last = -1;
			continue;
		}
		if (sscanf(line, "%d: ", &idx) != 1)
			continue;
		colon = strchr(line, ':');
		if (colon[1] == ' ' && colon[2] == 'R') {
			if (last >= 0)
				check_states(tc, last, false, colon + 1, line);
			last = -1;
			continue;
		}
		if (colon[1] != ' ' || colon[2] != '(' || idx >= tc->main_end) {
			last = -1;
			continue;
		}
		/* "12: (bf) r3 = r2   ; R2=... R3=..." */
		semi = strstr(line, " ; ");
		if (!semi)
			semi = strstr(line, "; R");
		if (semi) {
			check_states(tc, idx, false, strchr(semi, ';') + 1, line);
			last = -1;
		} else {
			last = idx;
		}
	}
}

static void dump_program(const struct testcase *tc)
{
	int i;

	for (i = 0; i < tc->cnt; i++)
		fprintf(stderr, "    %2d: code %#04x dst r%d src r%d off %d imm %d\n", i,
			tc->insns[i].code, tc->insns[i].dst_reg, tc->insns[i].src_reg,
			tc->insns[i].off, tc->insns[i].imm);
}

static bool run_one(struct testcase *tc, unsigned long seed)
{
	int err, i, before = mismatches, unseen = 0;

	err = prog_load(tc->insns, tc->cnt);
	if (err) {
		fprintf(stderr, "seed %lu: kernel rejected the program (%d):\n%s\n", seed, err,
			log_buf + (strlen(log_buf) > 2000 ? strlen(log_buf) - 2000 : 0));
		dump_program(tc);
		return false;
	}
	memcpy(log_copy, log_buf, sizeof(log_copy));
	parse_log(tc);
	/* Every modelled destination and every undecided jump's successor must have been seen. */
	for (i = 0; i < tc->nr_exp; i++) {
		const struct expect *e = &tc->exp[i];
		const struct hive_insn *insn = &tc->insns[e->idx];

		if (e->seen)
			continue;
		if (e->from || (BPF_CLASS(insn->code) != BPF_JMP &&
				BPF_CLASS(insn->code) != BPF_JMP32 && e->reg == insn->dst_reg)) {
			if (unseen++ < 3)
				fprintf(stderr,
					"  insn %d%s R%d: not printed by the kernel (ours %s)\n",
					e->idx, e->from ? " (jump taken)" : "", e->reg, e->text);
		}
	}
	if (mismatches != before || unseen) {
		fprintf(stderr, "seed %lu: %d mismatching states, %d missing\n", seed,
			mismatches - before, unseen);
		if (getenv("HIVE_DIFF_VERBOSE")) {
			dump_program(tc);
			fprintf(stderr, "%s\n", log_copy);
		}
		return false;
	}
	return true;
}

int main(int argc, char **argv)
{
	static struct testcase tc;
	unsigned long seed0 = argc > 1 ? strtoul(argv[1], NULL, 0) : 1;
	int nr = argc > 2 ? atoi(argv[2]) : NR_PROGS_DEFAULT;
	int passed = 0, failed = 0, i, err;
	struct hive_insn probe[2] = { mk(BPF_ALU64 | BPF_MOV | BPF_K, 0, 0, 0, 0),
				      mk(BPF_JMP | BPF_EXIT, 0, 0, 0, 0) };

	err = prog_load(probe, 2);
	if (err == -EPERM || err == -ENOSYS || err == -EACCES) {
		printf("SKIP: bpf(BPF_PROG_LOAD) not permitted here (%s)\n", strerror(-err));
		return 77;
	}
	for (i = 0; i < nr; i++) {
		unsigned long seed = seed0 + (unsigned long)i;

		rng_state = seed * 0x9e3779b97f4a7c15ULL + 1;
		gen_program(&tc, 4 + (int)pick(MAX_OPS - 4));
		if (run_one(&tc, seed))
			passed++;
		else
			failed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
