// SPDX-License-Identifier: BSD-2-Clause
/*
 * jit/x86_64.c: BPF to x86-64 machine code, one pass over the instructions.
 *
 * A forward jump is a rel32 patched when the pass ends; a jump back (a loop's back edge) knows
 * its distance and takes the short form when it fits. A few adjacent pairs that compiled
 * code and the backend's rewrites produce become one x86 instruction (zero and sign extension
 * by shifts, mov + add as lea, an ld_imm64 the next one overwrites). The image is laid out as:
 *
 *   entry stub | function 0: prologue, body ... | function 1 ... | shared tails
 *
 * The entry stub is what C calls: it saves the host's callee-saved registers and the previous
 * unwind point (run->jit_sp, so that callbacks may nest), loads r1-r5 and the frame pointer and
 * calls the function. Each BPF function saves r6-r9 (rbx r13 r14 r15) in its prologue and keeps
 * the host stack 16-byte aligned, so helpers are called directly. An exit or fault request from
 * a helper unwinds at once to the entry stub (rsp from run->jit_sp); a tail call runs the target
 * through vm_run_at() and returns its r0 from the calling function, which is what the
 * interpreter's "continue in the same frame" amounts to.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "jit/jit.h"
#include "common/err.h"
#include "common/mem.h"
#include "vm/vm_internal.h"

#if defined(__x86_64__) && defined(__linux__)
#include <sys/mman.h>

/* host registers */
enum {
	RAX = 0,
	RCX = 1,
	RDX = 2,
	RBX = 3,
	RSP = 4,
	RBP = 5,
	RSI = 6,
	RDI = 7,
	R8 = 8,
	R9 = 9,
	R10 = 10,
	R11 = 11,
	R12 = 12,
	R13 = 13,
	R14 = 14,
	R15 = 15,
};

/* BPF r0-r10 and r11 (BPF_REG_AX). r9 and r11 are the JIT's scratch registers, r12 the run. */
static const uint8_t reg_map[ISA_NR_EXT_REGS] = { RAX, RDI, RSI, RDX, RCX, R8,
						  RBX, R13, R14, R15, RBP, R10 };
#define RUN R12
#define TMP R11
#define TMP2 R9

/* condition codes (the low nibble of jcc) */
enum { CC_B = 2, CC_AE = 3, CC_E = 4, CC_NE = 5, CC_BE = 6, CC_A = 7, CC_L = 12, CC_GE = 13 };
enum { CC_LE = 14, CC_G = 15 };

/* ins() flags */
#define W 0x1 /* REX.W: 64-bit operands */
#define P66 0x2 /* 16-bit operands */
#define MEM 0x4 /* rm is a base register, with a displacement */
#define B8 0x8 /* byte registers: sil, dil, bpl need a REX prefix */

/* where a rel32 goes */
enum fix_kind { FIX_INSN, FIX_FUNC, FIX_PENDING, FIX_ENTER_RET };

struct fixup {
	size_t at; /* offset of the rel32 */
	uint32_t target; /* instruction index for FIX_INSN and FIX_FUNC */
	enum fix_kind kind;
};

struct jit {
	const struct hive_vm_prog *prog;
	uint8_t *buf;
	size_t len, cap;
	struct fixup *fix;
	size_t nr_fix, fix_cap;
	uint32_t *addrs; /* [i]: offset of instruction i's code (after a prologue) */
	uint32_t *func; /* [i]: offset of the prologue of the function starting at i */
	size_t pending, enter_ret; /* offsets of the shared tails */
	size_t cur; /* the instruction being translated */
	bool has_may_goto;
	bool oom;
};

struct jit_image {
	uint8_t *code;
	size_t size;
	uint32_t *func; /* [i]: offset of the function starting at instruction i */
};

/* ---- bytes ---- */

static void emit(struct jit *j, const void *p, size_t n)
{
	if (j->oom || hive_ensure_mem((void **)&j->buf, &j->cap, 1, j->len + n)) {
		j->oom = true;
		return;
	}
	memcpy(j->buf + j->len, p, n);
	j->len += n;
}

static void emit1(struct jit *j, uint8_t b)
{
	emit(j, &b, 1);
}

static void emit4(struct jit *j, uint32_t v)
{
	emit(j, &v, 4);
}

static void emit8(struct jit *j, uint64_t v)
{
	emit(j, &v, 8);
}

static bool is_imm8(int64_t v)
{
	return v >= -128 && v <= 127;
}

static void rex(struct jit *j, bool w, int reg, int rm, bool force)
{
	uint8_t b = 0x40 | (w << 3) | ((reg >> 3) & 1) << 2 | ((rm >> 3) & 1);

	if (b != 0x40 || force)
		emit1(j, b);
}

/* ModRM (and SIB, displacement) for register @reg and memory at [@base + @disp] */
static void modrm_mem(struct jit *j, int reg, int base, int32_t disp)
{
	int mod = !disp && (base & 7) != RBP ? 0 : is_imm8(disp) ? 1 : 2;

	emit1(j, (uint8_t)(mod << 6 | (reg & 7) << 3 | (base & 7)));
	if ((base & 7) == RSP)
		emit1(j, 0x24); /* SIB: base only */
	if (mod == 1)
		emit1(j, (uint8_t)disp);
	else if (mod == 2)
		emit4(j, (uint32_t)disp);
}

/*
 * One instruction with a register operand @reg (or an opcode extension) and a register or
 * memory operand @rm: [66] [REX] opcode (one byte, or 0x0Fxx) ModRM [SIB] [disp].
 */
static void ins(struct jit *j, unsigned flags, unsigned opc, int reg, int rm, int32_t disp)
{
	bool force = (flags & B8) &&
		     ((reg >= RSP && reg <= RDI) || (!(flags & MEM) && rm >= RSP && rm <= RDI));

	if (flags & P66)
		emit1(j, 0x66);
	rex(j, flags & W, reg, rm, force);
	if (opc > 0xff)
		emit1(j, (uint8_t)(opc >> 8));
	emit1(j, (uint8_t)opc);
	if (flags & MEM)
		modrm_mem(j, reg, rm, disp);
	else
		emit1(j, (uint8_t)(0xc0 | (reg & 7) << 3 | (rm & 7)));
}

static void mov_rr(struct jit *j, bool w, int dst, int src)
{
	ins(j, w ? W : 0, 0x89, src, dst, 0);
}

static void mov_imm64(struct jit *j, int dst, uint64_t v)
{
	if (!v) {
		ins(j, 0, 0x31, dst, dst, 0); /* xor r32, r32 */
	} else if (v <= UINT32_MAX) {
		rex(j, false, 0, dst, false);
		emit1(j, (uint8_t)(0xb8 + (dst & 7)));
		emit4(j, (uint32_t)v);
	} else if ((int64_t)v == (int32_t)v) {
		ins(j, W, 0xc7, 0, dst, 0);
		emit4(j, (uint32_t)v);
	} else {
		rex(j, true, 0, dst, false);
		emit1(j, (uint8_t)(0xb8 + (dst & 7)));
		emit8(j, v);
	}
}

/* group-1 ALU op with an immediate: ext 0 add, 1 or, 4 and, 5 sub, 6 xor, 7 cmp */
static void alu_imm(struct jit *j, bool w, int ext, int dst, int32_t imm)
{
	if (is_imm8(imm)) {
		ins(j, w ? W : 0, 0x83, ext, dst, 0);
		emit1(j, (uint8_t)imm);
	} else {
		ins(j, w ? W : 0, 0x81, ext, dst, 0);
		emit4(j, (uint32_t)imm);
	}
}

static void push(struct jit *j, int r)
{
	rex(j, false, 0, r, false);
	emit1(j, (uint8_t)(0x50 + (r & 7)));
}

static void pop(struct jit *j, int r)
{
	rex(j, false, 0, r, false);
	emit1(j, (uint8_t)(0x58 + (r & 7)));
}

static void call_abs(struct jit *j, const void *fn)
{
	mov_imm64(j, TMP, (uint64_t)(uintptr_t)fn);
	ins(j, 0, 0xff, 2, TMP, 0); /* call r11 */
}

/* a rel32 to be patched, after the opcode bytes */
static void rel32(struct jit *j, enum fix_kind kind, uint32_t target)
{
	if (!j->oom &&
	    hive_ensure_mem((void **)&j->fix, &j->fix_cap, sizeof(*j->fix), j->nr_fix + 1))
		j->oom = true;
	if (!j->oom)
		j->fix[j->nr_fix++] = (struct fixup){ j->len, target, kind };
	emit4(j, 0);
}

/*
 * A jump back to an instruction already emitted (a loop's back edge) has a known distance:
 * the short form when it fits. Returns false for a jump that needs a fixup.
 */
static bool jump_back(struct jit *j, int cc, enum fix_kind kind, uint32_t target)
{
	int64_t rel;

	if (kind != FIX_INSN || target > j->cur)
		return false;
	rel = (int64_t)j->addrs[target] - (int64_t)(j->len + 2);
	if (is_imm8(rel)) {
		emit1(j, cc < 0 ? 0xeb : (uint8_t)(0x70 + cc));
		emit1(j, (uint8_t)rel);
		return true;
	}
	if (cc < 0) {
		emit1(j, 0xe9);
		emit4(j, (uint32_t)(rel - 3));
	} else {
		emit1(j, 0x0f);
		emit1(j, (uint8_t)(0x80 + cc));
		emit4(j, (uint32_t)(rel - 4));
	}
	return true;
}

static void jmp_to(struct jit *j, enum fix_kind kind, uint32_t target)
{
	if (jump_back(j, -1, kind, target))
		return;
	emit1(j, 0xe9);
	rel32(j, kind, target);
}

static void jcc_to(struct jit *j, int cc, enum fix_kind kind, uint32_t target)
{
	if (jump_back(j, cc, kind, target))
		return;
	emit1(j, 0x0f);
	emit1(j, (uint8_t)(0x80 + cc));
	rel32(j, kind, target);
}

/* a short forward jcc (cc < 0: jmp) whose rel8 short_here() fills in */
static size_t short_jcc(struct jit *j, int cc)
{
	emit1(j, cc < 0 ? 0xeb : (uint8_t)(0x70 + cc));
	emit1(j, 0);
	return j->len - 1;
}

static void short_here(struct jit *j, size_t at)
{
	if (!j->oom)
		j->buf[at] = (uint8_t)(j->len - at - 1);
}

/* ---- the run's fields ---- */

#define RUN_OFF(field) ((int32_t)offsetof(struct hive_vm_run, field))
#define FRAME_LOOPS_OFF (RUN_OFF(frames) + (int32_t)offsetof(struct hive_vm_frame, loops))
_Static_assert(sizeof(struct hive_vm_frame) == 64, "frames are indexed with a shift by 6");
_Static_assert(sizeof(((struct hive_vm_run *)0)->pending) == 4, "pending is compared as a dword");
_Static_assert(sizeof(((struct hive_vm_run *)0)->depth) == 4, "depth is read as a dword");

static void cmp_run_dword(struct jit *j, int32_t off, int8_t imm)
{
	ins(j, MEM, 0x83, 7, RUN, off);
	emit1(j, (uint8_t)imm);
}

/* ---- C the machine code calls ---- */

/* bpf_tail_call() asked for a tail call: run the target in this frame, return its r0. */
static uint64_t rt_tail_call(struct hive_vm_run *run)
{
	const struct hive_vm_prog *caller = run->prog;
	const uint64_t args[5] = { run->jit_ctx };
	uint64_t r0;

	vm_take_tail_call(run);
	r0 = vm_run_at(run, 0, args);
	run->prog = caller;
	return r0;
}

/* ld_abs / ld_ind: out of bounds, the program ends with r0 = 0 */
static uint64_t rt_ld_pkt(struct hive_vm_run *run, int32_t off, uint32_t size)
{
	uint64_t v;

	if (vm_pkt_load(run, off, size, &v))
		return v;
	hive_vm_exit(run, 0);
	return 0;
}

/* callx: a function of this program (in a fresh frame) or a helper, as the interpreter's */
static uint64_t rt_callx(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
			 struct hive_vm_run *run)
{
	const uint64_t args[5] = { r1, r2, r3, r4, r5 }, target = run->jit_callx;
	long idx = hive_vm_prog_func_idx(run->prog, target);
	const struct hive_vm_func *fn;

	if (idx >= 0)
		return vm_call_idx(run, (size_t)idx, args);
	fn = vm_callx_helper(run, run->pc, target);
	if (!fn)
		return 0;
	if (target == 12) /* bpf_tail_call(): its target's context */
		run->jit_ctx = r1;
	return fn->fn(r1, r2, r3, r4, r5, run);
}

/* ---- prologue, epilogue, calls ---- */

static void prologue(struct jit *j)
{
	push(j, RBX);
	push(j, R13);
	push(j, R14);
	push(j, R15);
	alu_imm(j, true, 5, RSP, 8); /* 16-byte aligned for the calls */
}

static void epilogue(struct jit *j)
{
	alu_imm(j, true, 0, RSP, 8);
	pop(j, R15);
	pop(j, R14);
	pop(j, R13);
	pop(j, RBX);
	emit1(j, 0xc3);
}

static const struct vm_op *op_at(const struct jit *j, size_t i)
{
	return &j->prog->ops[0][i];
}

/* a helper or kfunc: fn(r1..r5, run), then the run's pending request */
static void call_fn(struct jit *j, size_t i, hive_func_fn fn, bool tail_call)
{
	if (tail_call) /* the target's r1: the context bpf_tail_call() got */
		ins(j, W | MEM, 0x89, RDI, RUN, RUN_OFF(jit_ctx));
	mov_imm64(j, TMP, (uint64_t)(uintptr_t)op_at(j, i));
	ins(j, W | MEM, 0x89, TMP, RUN, RUN_OFF(pc));
	mov_rr(j, true, R9, RUN);
	call_abs(j, (const void *)fn);
	cmp_run_dword(j, RUN_OFF(pending), 0);
	jcc_to(j, CC_NE, FIX_PENDING, 0);
}

static void call_local(struct jit *j, size_t i, uint32_t target)
{
	size_t ok;

	ins(j, MEM, 0x8b, TMP, RUN, RUN_OFF(depth));
	alu_imm(j, false, 7, TMP, HIVE_VM_MAX_FRAMES - 1);
	ok = short_jcc(j, CC_B);
	mov_rr(j, true, RDI, RUN);
	mov_imm64(j, RSI, (uint64_t)(uintptr_t)op_at(j, i));
	call_abs(j, (const void *)vm_fault_too_deep);
	jmp_to(j, FIX_PENDING, 0);
	short_here(j, ok);
	alu_imm(j, false, 0, TMP, 1);
	ins(j, MEM, 0x89, TMP, RUN, RUN_OFF(depth));
	if (j->has_may_goto) { /* frames[depth].loops = HIVE_MAX_LOOPS */
		ins(j, 0, 0xc1, 4, TMP, 0);
		emit1(j, 6);
		ins(j, W, 0x01, RUN, TMP, 0);
		ins(j, W | MEM, 0xc7, 0, TMP, FRAME_LOOPS_OFF);
		emit4(j, HIVE_MAX_LOOPS);
	}
	alu_imm(j, true, 5, RBP, HIVE_VM_STACK_SIZE);
	emit1(j, 0xe8);
	rel32(j, FIX_FUNC, target);
	alu_imm(j, true, 0, RBP, HIVE_VM_STACK_SIZE);
	ins(j, MEM, 0xff, 1, RUN, RUN_OFF(depth)); /* dec dword */
}

/* may_goto: taken once this frame's budget is spent */
static void may_goto(struct jit *j, uint32_t target)
{
	ins(j, MEM, 0x8b, TMP, RUN, RUN_OFF(depth));
	ins(j, 0, 0xc1, 4, TMP, 0);
	emit1(j, 6);
	ins(j, W, 0x01, RUN, TMP, 0); /* r11 = run + depth * 64 */
	ins(j, W | MEM, 0x83, 7, TMP, FRAME_LOOPS_OFF);
	emit1(j, 0);
	jcc_to(j, CC_E, FIX_INSN, target);
	ins(j, W | MEM, 0xff, 1, TMP, FRAME_LOOPS_OFF);
}

static void ld_pkt(struct jit *j, size_t i, const struct hive_insn *insn, uint32_t size)
{
	if (BPF_MODE(insn->code) == BPF_IND) {
		mov_rr(j, false, TMP, reg_map[insn->src_reg]);
		alu_imm(j, false, 0, TMP, insn->imm);
		mov_rr(j, false, RSI, TMP);
	} else {
		mov_imm64(j, RSI, (uint32_t)insn->imm);
	}
	mov_rr(j, true, RDI, RUN);
	mov_imm64(j, RDX, size);
	mov_imm64(j, TMP, (uint64_t)(uintptr_t)op_at(j, i));
	ins(j, W | MEM, 0x89, TMP, RUN, RUN_OFF(pc));
	call_abs(j, (const void *)rt_ld_pkt);
	cmp_run_dword(j, RUN_OFF(pending), 0);
	jcc_to(j, CC_NE, FIX_PENDING, 0);
}

/* ---- ALU ---- */

/*
 * Division and modulo with the ISA's results where x86 would trap or C is undefined: x / 0 = 0,
 * x % 0 = x, INT_MIN / -1 = INT_MIN, x % -1 = 0. div and idiv use rax and rdx, which are BPF
 * r0 and r3: both are saved around the sequence and the result written last.
 */
static void divmod(struct jit *j, bool w, bool k, bool sign, bool mod, int dst, int src,
		   int32_t imm)
{
	unsigned f = w ? W : 0;
	size_t zero, done = 0, normal;

	push(j, RDX);
	push(j, RAX);
	if (k)
		mov_imm64(j, TMP, w ? (uint64_t)(int64_t)imm : (uint32_t)imm);
	else
		mov_rr(j, w, TMP, src);
	if (!w || dst != RAX)
		mov_rr(j, w, RAX, dst);
	ins(j, f, 0x85, TMP, TMP, 0); /* test */
	zero = short_jcc(j, CC_E);
	if (sign) {
		alu_imm(j, w, 7, TMP, -1);
		normal = short_jcc(j, CC_NE);
		if (mod)
			ins(j, 0, 0x31, RAX, RAX, 0);
		else
			ins(j, f, 0xf7, 3, RAX, 0); /* neg */
		done = short_jcc(j, -1);
		short_here(j, normal);
		if (w)
			emit1(j, 0x48); /* cqo */
		emit1(j, 0x99); /* cdq */
		ins(j, f, 0xf7, 7, TMP, 0); /* idiv */
	} else {
		ins(j, 0, 0x31, RDX, RDX, 0);
		ins(j, f, 0xf7, 6, TMP, 0); /* div */
	}
	if (mod)
		mov_rr(j, w, RAX, RDX);
	if (sign) {
		short_here(j, done);
		done = short_jcc(j, -1);
	} else {
		done = short_jcc(j, -1);
	}
	short_here(j, zero);
	if (!mod)
		ins(j, 0, 0x31, RAX, RAX, 0);
	short_here(j, done);
	mov_rr(j, true, TMP, RAX);
	pop(j, RAX);
	pop(j, RDX);
	mov_rr(j, true, dst, TMP);
}

/* shifts by a register: the count goes through cl (BPF r4 is rcx) */
static void shift_x(struct jit *j, bool w, int ext, int dst, int src)
{
	unsigned f = w ? W : 0;

	if (src == RCX) {
		ins(j, f, 0xd3, ext, dst, 0);
		return;
	}
	mov_rr(j, true, TMP, RCX);
	mov_rr(j, true, RCX, src);
	if (dst == RCX) {
		ins(j, f, 0xd3, ext, TMP, 0);
		mov_rr(j, true, RCX, TMP);
		return;
	}
	ins(j, f, 0xd3, ext, dst, 0);
	mov_rr(j, true, RCX, TMP);
}

static void shift(struct jit *j, bool w, bool k, int op, int dst, int src, int32_t imm)
{
	int ext = op == BPF_LSH ? 4 : op == BPF_RSH ? 5 : 7;
	unsigned n = (unsigned)imm & (w ? 63 : 31);

	if (!k) {
		shift_x(j, w, ext, dst, src);
	} else if (n) {
		ins(j, w ? W : 0, 0xc1, ext, dst, 0);
		emit1(j, (uint8_t)n);
	} else if (!w) {
		mov_rr(j, false, dst, dst); /* a 32-bit result is still zero-extended */
	}
}

static void byteswap(struct jit *j, enum hive_op op, int dst)
{
	switch (op) {
	case HIVE_OP_BE16:
	case HIVE_OP_BSWAP16:
		ins(j, P66, 0xc1, 1, dst, 0); /* ror r16, 8 */
		emit1(j, 8);
		__attribute__((fallthrough));
	case HIVE_OP_LE16:
		ins(j, 0, 0x0fb7, dst, dst, 0); /* movzx r32, r16 */
		return;
	case HIVE_OP_BE32:
	case HIVE_OP_BSWAP32:
	case HIVE_OP_BE64:
	case HIVE_OP_BSWAP64:
		rex(j, op == HIVE_OP_BE64 || op == HIVE_OP_BSWAP64, 0, dst, false);
		emit1(j, 0x0f);
		emit1(j, (uint8_t)(0xc8 + (dst & 7)));
		return;
	case HIVE_OP_LE32:
		mov_rr(j, false, dst, dst);
		return;
	default: /* LE64: nothing to do */
		return;
	}
}

static void movsx(struct jit *j, enum hive_op op, int dst, int src)
{
	switch (op) {
	case HIVE_OP_MOVSX8_64:
		ins(j, W | B8, 0x0fbe, dst, src, 0);
		return;
	case HIVE_OP_MOVSX16_64:
		ins(j, W, 0x0fbf, dst, src, 0);
		return;
	case HIVE_OP_MOVSX32_64:
		ins(j, W, 0x63, dst, src, 0);
		return;
	case HIVE_OP_MOVSX8_32:
		ins(j, B8, 0x0fbe, dst, src, 0);
		return;
	default: /* MOVSX16_32 */
		ins(j, 0, 0x0fbf, dst, src, 0);
		return;
	}
}

static void alu(struct jit *j, enum hive_op op, const struct hive_insn *insn)
{
	uint8_t code = isa_desc[op].code;
	bool w = BPF_CLASS(code) == BPF_ALU64, k = BPF_SRC(code) == BPF_K;
	int dst = reg_map[insn->dst_reg], src = reg_map[insn->src_reg];
	int32_t imm = insn->imm;
	unsigned f = w ? W : 0;

	switch (BPF_OP(code)) {
	case BPF_ADD:
	case BPF_SUB:
	case BPF_OR:
	case BPF_AND:
	case BPF_XOR: {
		int ext = BPF_OP(code) == BPF_ADD ? 0 :
			  BPF_OP(code) == BPF_OR  ? 1 :
			  BPF_OP(code) == BPF_AND ? 4 :
			  BPF_OP(code) == BPF_SUB ? 5 :
						    6;

		if (k)
			alu_imm(j, w, ext, dst, imm);
		else
			ins(j, f, (unsigned)(ext << 3 | 1), src, dst, 0);
		return;
	}
	case BPF_MUL:
		if (!k) {
			ins(j, f, 0x0faf, dst, src, 0);
		} else if (is_imm8(imm)) {
			ins(j, f, 0x6b, dst, dst, 0);
			emit1(j, (uint8_t)imm);
		} else {
			ins(j, f, 0x69, dst, dst, 0);
			emit4(j, (uint32_t)imm);
		}
		return;
	case BPF_DIV:
	case BPF_MOD:
		divmod(j, w, k, insn->off == 1, BPF_OP(code) == BPF_MOD, dst, src, imm);
		return;
	case BPF_LSH:
	case BPF_RSH:
	case BPF_ARSH:
		shift(j, w, k, BPF_OP(code), dst, src, imm);
		return;
	case BPF_NEG:
		ins(j, f, 0xf7, 3, dst, 0);
		return;
	case BPF_END:
		byteswap(j, op, dst);
		return;
	default: /* BPF_MOV */
		break;
	}
	if (isa_desc[op].fmt == HIVE_FMT_MOVSX)
		movsx(j, op, dst, src);
	else if (op == HIVE_OP_ASCAST) /* no arenas: the cast keeps the 32-bit offset */
		mov_rr(j, false, dst, src);
	else if (k)
		mov_imm64(j, dst, w ? (uint64_t)(int64_t)imm : (uint32_t)imm);
	else if (!w || dst != src)
		mov_rr(j, w, dst, src);
}

/* ---- memory ---- */

static void load(struct jit *j, enum hive_op op, int dst, int base, int16_t off)
{
	switch (op) {
	case HIVE_OP_LDXB:
	case HIVE_OP_LDACQb:
		ins(j, MEM, 0x0fb6, dst, base, off);
		return;
	case HIVE_OP_LDXH:
	case HIVE_OP_LDACQh:
		ins(j, MEM, 0x0fb7, dst, base, off);
		return;
	case HIVE_OP_LDXW:
	case HIVE_OP_LDACQw:
		ins(j, MEM, 0x8b, dst, base, off);
		return;
	case HIVE_OP_LDXSB:
		ins(j, W | MEM, 0x0fbe, dst, base, off);
		return;
	case HIVE_OP_LDXSH:
		ins(j, W | MEM, 0x0fbf, dst, base, off);
		return;
	case HIVE_OP_LDXSW:
		ins(j, W | MEM, 0x63, dst, base, off);
		return;
	default: /* LDXDW, LDACQdw */
		ins(j, W | MEM, 0x8b, dst, base, off);
		return;
	}
}

/* x86 stores are release stores already: store_release is a plain store */
static void store_reg(struct jit *j, int size, int base, int16_t off, int src)
{
	if (size == BPF_B)
		ins(j, MEM | B8, 0x88, src, base, off);
	else if (size == BPF_H)
		ins(j, MEM | P66, 0x89, src, base, off);
	else
		ins(j, MEM | (size == BPF_DW ? W : 0), 0x89, src, base, off);
}

static void store_imm(struct jit *j, int size, int base, int16_t off, int32_t imm)
{
	if (size == BPF_B) {
		ins(j, MEM, 0xc6, 0, base, off);
		emit1(j, (uint8_t)imm);
	} else if (size == BPF_H) {
		ins(j, MEM | P66, 0xc7, 0, base, off);
		emit1(j, (uint8_t)imm);
		emit1(j, (uint8_t)(imm >> 8));
	} else {
		ins(j, MEM | (size == BPF_DW ? W : 0), 0xc7, 0, base, off);
		emit4(j, (uint32_t)imm);
	}
}

/*
 * fetch-or/and/xor: a cmpxchg loop on rax. The operand is kept on the host stack, so that it
 * may be any register, rax included; the old value goes to src, rax gets its own back.
 */
static void atomic_fetch_loop(struct jit *j, bool w, unsigned opc, int dst, int16_t off, int src)
{
	unsigned f = w ? W : 0;
	size_t loop;

	ins(j, W | MEM, 0x8d, TMP2, dst, off); /* lea r9, [dst + off] */
	push(j, RAX);
	push(j, src);
	ins(j, f | MEM, 0x8b, RAX, TMP2, 0);
	loop = j->len;
	mov_rr(j, true, TMP, RAX);
	ins(j, f | MEM, opc, TMP, RSP, 0); /* op r11, [rsp] */
	emit1(j, 0xf0);
	ins(j, f | MEM, 0x0fb1, TMP, TMP2, 0); /* lock cmpxchg [r9], r11 */
	emit1(j, 0x75); /* jne loop */
	emit1(j, (uint8_t)(loop - (j->len + 1)));
	alu_imm(j, true, 0, RSP, 8);
	mov_rr(j, w, TMP, RAX);
	pop(j, RAX);
	mov_rr(j, true, src, TMP);
}

static void atomic(struct jit *j, enum hive_op op, const struct hive_insn *insn)
{
	bool w = BPF_SIZE(insn->code) == BPF_DW;
	int dst = reg_map[insn->dst_reg], src = reg_map[insn->src_reg];
	unsigned f = (w ? W : 0) | MEM;
	int16_t off = insn->off;

	switch (insn->imm) {
	case BPF_ADD:
	case BPF_OR:
	case BPF_AND:
	case BPF_XOR:
		emit1(j, 0xf0);
		ins(j, f,
		    insn->imm == BPF_ADD ? 0x01 :
		    insn->imm == BPF_OR	 ? 0x09 :
		    insn->imm == BPF_AND ? 0x21 :
					   0x31,
		    src, dst, off);
		return;
	case BPF_ADD | BPF_FETCH:
		emit1(j, 0xf0);
		ins(j, f, 0x0fc1, src, dst, off); /* xadd */
		return;
	case BPF_OR | BPF_FETCH:
		atomic_fetch_loop(j, w, 0x0b, dst, off, src);
		return;
	case BPF_AND | BPF_FETCH:
		atomic_fetch_loop(j, w, 0x23, dst, off, src);
		return;
	case BPF_XOR | BPF_FETCH:
		atomic_fetch_loop(j, w, 0x33, dst, off, src);
		return;
	case BPF_XCHG:
		ins(j, f, 0x87, src, dst, off);
		return;
	case BPF_CMPXCHG:
		emit1(j, 0xf0);
		ins(j, f, 0x0fb1, src, dst, off);
		if (!w) /* r0 is the 32-bit old value, zero-extended, also on success */
			mov_rr(j, false, RAX, RAX);
		return;
	case BPF_LOAD_ACQ:
		load(j, op, dst, src, off);
		return;
	default: /* BPF_STORE_REL */
		store_reg(j, BPF_SIZE(insn->code), dst, off, src);
		return;
	}
}

/* ---- jumps ---- */

static int jump_cc(int bpf_op)
{
	switch (bpf_op) {
	case BPF_JEQ:
		return CC_E;
	case BPF_JNE:
	case BPF_JSET:
		return CC_NE;
	case BPF_JGT:
		return CC_A;
	case BPF_JGE:
		return CC_AE;
	case BPF_JLT:
		return CC_B;
	case BPF_JLE:
		return CC_BE;
	case BPF_JSGT:
		return CC_G;
	case BPF_JSGE:
		return CC_GE;
	case BPF_JSLT:
		return CC_L;
	default: /* BPF_JSLE */
		return CC_LE;
	}
}

static void cond_jump(struct jit *j, enum hive_op op, const struct hive_insn *insn, uint32_t target)
{
	uint8_t code = isa_desc[op].code;
	bool w = BPF_CLASS(code) == BPF_JMP;
	unsigned f = w ? W : 0;
	int dst = reg_map[insn->dst_reg], src = reg_map[insn->src_reg];

	if (BPF_SRC(code) == BPF_X) {
		ins(j, f, BPF_OP(code) == BPF_JSET ? 0x85 : 0x39, src, dst, 0);
	} else if (BPF_OP(code) == BPF_JSET) {
		ins(j, f, 0xf7, 0, dst, 0); /* test r, imm32 */
		emit4(j, (uint32_t)insn->imm);
	} else if (!insn->imm) {
		ins(j, f, 0x85, dst, dst, 0); /* test r, r: the flags of cmp r, 0 */
	} else {
		alu_imm(j, w, 7, dst, insn->imm);
	}
	jcc_to(j, jump_cc(BPF_OP(code)), FIX_INSN, target);
}

/* ---- the program ---- */

/* Forms the JIT leaves to the interpreter, and the tables it reads at compile time. */
static const char *unsupported(const struct jit *j, const struct hive_insn *insn, enum hive_op op)
{
	const struct hive_vm *vm = j->prog->vm;

	if (op == HIVE_OP_CALL && !hive_vm_helper(vm, insn->imm))
		return "a call to a helper the vm does not have";
	if (op == HIVE_OP_CALL_KFUNC && !hive_vm_kfunc(vm, insn->imm))
		return "a call to a kfunc the vm does not have";
	return NULL;
}

static void translate(struct jit *j, size_t i, const struct hive_insn *insn, enum hive_op op)
{
	const struct hive_vm *vm = j->prog->vm;
	enum hive_insn_fmt fmt = isa_desc[op].fmt;
	int dst = reg_map[insn->dst_reg], src = reg_map[insn->src_reg];

	switch (fmt) {
	case HIVE_FMT_LDX:
		load(j, op, dst, src, insn->off);
		return;
	case HIVE_FMT_ST:
		store_imm(j, BPF_SIZE(insn->code), dst, insn->off, insn->imm);
		return;
	case HIVE_FMT_STX:
		store_reg(j, BPF_SIZE(insn->code), dst, insn->off, src);
		return;
	case HIVE_FMT_ATOMIC:
	case HIVE_FMT_ATOMIC_FETCH:
	case HIVE_FMT_XCHG:
	case HIVE_FMT_CMPXCHG:
	case HIVE_FMT_LOAD_ACQ:
	case HIVE_FMT_STORE_REL:
		atomic(j, op, insn);
		return;
	case HIVE_FMT_LDDW:
		mov_imm64(j, dst, j->prog->ops[0][i + 1].imm64);
		return;
	case HIVE_FMT_LD_ABS:
	case HIVE_FMT_LD_IND:
		ld_pkt(j, i, insn, (uint32_t)isa_size_bytes(BPF_SIZE(insn->code)));
		return;
	case HIVE_FMT_JA:
		if (insn->off)
			jmp_to(j, FIX_INSN, (uint32_t)(i + insn->off + 1));
		return;
	case HIVE_FMT_GOTOL:
		if (insn->imm)
			jmp_to(j, FIX_INSN, (uint32_t)(i + insn->imm + 1));
		return;
	case HIVE_FMT_JCOND_K:
	case HIVE_FMT_JCOND_X:
		cond_jump(j, op, insn, (uint32_t)(i + insn->off + 1));
		return;
	case HIVE_FMT_MAY_GOTO:
		may_goto(j, (uint32_t)(i + insn->off + 1));
		return;
	case HIVE_FMT_CALL_HELPER:
		call_fn(j, i, hive_vm_helper(vm, insn->imm)->fn, insn->imm == 12 /* tail_call */);
		return;
	case HIVE_FMT_CALL_KFUNC:
		call_fn(j, i, hive_vm_kfunc(vm, insn->imm)->fn, false);
		return;
	case HIVE_FMT_CALL_LOCAL:
		call_local(j, i, (uint32_t)(i + insn->imm + 1));
		return;
	case HIVE_FMT_CALLX:
		ins(j, W | MEM, 0x89, dst, RUN, RUN_OFF(jit_callx));
		call_fn(j, i, rt_callx, false);
		return;
	case HIVE_FMT_EXIT:
		epilogue(j);
		return;
	default:
		alu(j, op, insn);
		return;
	}
}

/*
 * The entry stub: jit_run()'s entry(run, code, args). It keeps the previous unwind point on the
 * host stack, so that a callback's own entry (helper -> hive_vm_call() -> entry) nests.
 */
static void entry_stub(struct jit *j)
{
	static const int saved[] = { RBP, RBX, R12, R13, R14, R15 };

	for (size_t k = 0; k < ARRAY_SIZE(saved); k++)
		push(j, saved[k]);
	ins(j, MEM, 0xff, 6, RDI, RUN_OFF(jit_sp)); /* push qword [rdi + jit_sp] */
	mov_rr(j, true, RUN, RDI);
	ins(j, W | MEM, 0x89, RSP, RUN, RUN_OFF(jit_sp));
	mov_rr(j, true, TMP, RSI);
	mov_rr(j, true, RAX, RDX);
	ins(j, W | MEM, 0x8b, RDI, RAX, 0);
	ins(j, W | MEM, 0x8b, RSI, RAX, 8);
	ins(j, W | MEM, 0x8b, RDX, RAX, 16);
	ins(j, W | MEM, 0x8b, RCX, RAX, 24);
	ins(j, W | MEM, 0x8b, R8, RAX, 32);
	/* r10 = the top of frame run->depth */
	ins(j, MEM, 0x8b, TMP2, RUN, RUN_OFF(depth));
	ins(j, 0, 0xc1, 4, TMP2, 0);
	emit1(j, 9);
	ins(j, W | MEM, 0x8d, RBP, RUN,
	    RUN_OFF(stack) + (int32_t)sizeof(((struct hive_vm_run *)0)->stack));
	ins(j, W, 0x29, TMP2, RBP, 0);
	/* r0, r6-r9 and r11 start at 0, as in the interpreter */
	ins(j, 0, 0x31, RAX, RAX, 0);
	ins(j, 0, 0x31, RBX, RBX, 0);
	ins(j, 0, 0x31, R13, R13, 0);
	ins(j, 0, 0x31, R14, R14, 0);
	ins(j, 0, 0x31, R15, R15, 0);
	ins(j, 0, 0x31, R10, R10, 0);
	ins(j, 0, 0xff, 2, TMP, 0); /* call r11 */
	j->enter_ret = j->len;
	ins(j, MEM, 0x8f, 0, RUN, RUN_OFF(jit_sp)); /* pop qword [r12 + jit_sp] */
	for (size_t k = ARRAY_SIZE(saved); k--;)
		pop(j, saved[k]);
	emit1(j, 0xc3);
}

/*
 * After a call whose helper left a request: a tail call runs its target and returns the
 * target's r0 from the current function; an exit or a fault unwinds to the entry stub.
 */
static void pending_tail(struct jit *j)
{
	size_t unwind, unwind2;

	j->pending = j->len;
	cmp_run_dword(j, RUN_OFF(pending), VM_PENDING_TAIL_CALL);
	unwind = short_jcc(j, CC_NE);
	mov_rr(j, true, RDI, RUN);
	call_abs(j, (const void *)rt_tail_call);
	cmp_run_dword(j, RUN_OFF(pending), 0);
	unwind2 = short_jcc(j, CC_NE);
	epilogue(j);
	short_here(j, unwind);
	short_here(j, unwind2);
	ins(j, W | MEM, 0x8b, RSP, RUN, RUN_OFF(jit_sp));
	jmp_to(j, FIX_ENTER_RET, 0);
}

/*
 * Two instructions as one, where compiled code has a common idiom x86 says in fewer
 * instructions: rX <<= 32; rX >>= 32 (zero-extension) is mov r32, r32, and with s>>= it is
 * movsxd; rX = rY; rX += K (an address on the stack) is lea. Returns true if it did.
 */
static bool fuse_pair(struct jit *j, const struct hive_insn *a, enum hive_op op_a,
		      const struct hive_insn *b)
{
	enum hive_op op_b = isa_decode(b);
	int dst = reg_map[a->dst_reg];

	if (b->dst_reg != a->dst_reg)
		return false;
	if (op_a == HIVE_OP_LSH64_K && a->imm == 32 && b->imm == 32) {
		if (op_b == HIVE_OP_RSH64_K)
			mov_rr(j, false, dst, dst);
		else if (op_b == HIVE_OP_ARSH64_K)
			ins(j, W, 0x63, dst, dst, 0);
		else
			return false;
		return true;
	}
	if (op_a == HIVE_OP_MOV64_X && op_b == HIVE_OP_ADD64_K && a->src_reg != a->dst_reg) {
		ins(j, W | MEM, 0x8d, dst, reg_map[a->src_reg], b->imm);
		return true;
	}
	return false;
}

static void body(struct jit *j, const char **why)
{
	const struct hive_insn *insns = j->prog->insns;
	size_t cnt = j->prog->cnt;
	uint8_t *target;

	for (size_t i = 0; i < cnt && !j->oom; i++) {
		enum hive_op op = isa_decode(&insns[i]);

		*why = unsupported(j, &insns[i], op);
		if (*why)
			return;
		if (op == HIVE_OP_MAY_GOTO)
			j->has_may_goto = true;
		if (op == HIVE_OP_LDDW)
			i++;
	}
	target = vm_entry_points(j->prog); /* a pair may become one only if its second is none */
	if (!target)
		j->oom = true;
	for (size_t i = 0; i < cnt && !j->oom; i++) {
		enum hive_op op = isa_decode(&insns[i]);

		if (j->prog->is_func[i]) {
			j->func[i] = (uint32_t)j->len;
			prologue(j);
		}
		j->addrs[i] = (uint32_t)j->len;
		j->cur = i;
		if (i + 1 < cnt && !target[i + 1] && fuse_pair(j, &insns[i], op, &insns[i + 1])) {
			j->addrs[++i] = (uint32_t)j->len; /* never a jump's target */
			continue;
		}
		/*
		 * an ld_imm64 the next one overwrites (the map pointer of an inlined lookup): also
		 * right when a jump lands on the second, which the first's address then names
		 */
		if (op == HIVE_OP_LDDW && i + 2 < cnt && isa_is_ldimm64(&insns[i + 2]) &&
		    insns[i + 2].dst_reg == insns[i].dst_reg) {
			j->addrs[++i] = (uint32_t)j->len;
			continue;
		}
		translate(j, i, &insns[i], op);
		if (op == HIVE_OP_LDDW)
			j->addrs[++i] = (uint32_t)j->len;
	}
	free(target);
}

static void patch(struct jit *j)
{
	for (size_t k = 0; k < j->nr_fix && !j->oom; k++) {
		const struct fixup *f = &j->fix[k];
		size_t to = f->kind == FIX_INSN	   ? j->addrs[f->target] :
			    f->kind == FIX_FUNC	   ? j->func[f->target] :
			    f->kind == FIX_PENDING ? j->pending :
						     j->enter_ret;
		int32_t rel = (int32_t)((int64_t)to - (int64_t)(f->at + 4));

		memcpy(j->buf + f->at, &rel, 4);
	}
}

static struct jit_image *install(struct jit *j)
{
	struct jit_image *img = calloc(1, sizeof(*img));
	void *code;

	if (!img)
		return NULL;
	code = mmap(NULL, j->len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (code == MAP_FAILED) {
		free(img);
		return NULL;
	}
	memcpy(code, j->buf, j->len);
	if (mprotect(code, j->len, PROT_READ | PROT_EXEC)) { /* never writable and executable */
		munmap(code, j->len);
		free(img);
		return NULL;
	}
	img->code = code;
	img->size = j->len;
	img->func = j->func;
	j->func = NULL;
	return img;
}

struct jit_image *jit_compile(const struct hive_vm_prog *prog, const char **why)
{
	struct jit j = { .prog = prog };
	struct jit_image *img = NULL;
	const char *reason = NULL;

	j.addrs = calloc(prog->cnt + 1, sizeof(*j.addrs));
	j.func = calloc(prog->cnt + 1, sizeof(*j.func));
	if (!j.addrs || !j.func)
		j.oom = true;
	if (!j.oom)
		entry_stub(&j);
	if (!j.oom)
		body(&j, &reason);
	if (!reason && !j.oom) {
		pending_tail(&j);
		patch(&j);
	}
	if (!reason && !j.oom)
		img = install(&j);
	if (!img && !reason)
		reason = "out of memory";
	if (why)
		*why = reason;
	free(j.buf);
	free(j.fix);
	free(j.addrs);
	free(j.func);
	return img;
}

void jit_free(struct jit_image *img)
{
	if (!img)
		return;
	munmap(img->code, img->size);
	free(img->func);
	free(img);
}

typedef uint64_t (*jit_entry_fn)(struct hive_vm_run *run, const void *code, const uint64_t *args);

/* clang's -fsanitize=function would look for a type signature in front of generated code */
#if defined(__clang__)
__attribute__((no_sanitize("function")))
#endif
uint64_t
jit_run(const struct jit_image *img, struct hive_vm_run *run, size_t idx, const uint64_t *args)
{
	jit_entry_fn entry;
	void *code = img->code;

	/* the image starts with the entry stub; C has no cast from data to function pointers */
	memcpy(&entry, &code, sizeof(entry));
	return entry(run, img->code + img->func[idx], args);
}

#else /* no JIT for this host: every program is interpreted */

struct jit_image *jit_compile(const struct hive_vm_prog *prog, const char **why)
{
	if (why)
		*why = "no JIT for this host architecture";
	return NULL;
}

void jit_free(struct jit_image *img)
{
}

uint64_t jit_run(const struct jit_image *img, struct hive_vm_run *run, size_t idx,
		 const uint64_t *args)
{
	return 0;
}

#endif
