/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vm/vm_internal.h: what vm.c and the interpreter share: the decoded instruction format, the
 * environment and program structures, and the fault helpers.
 *
 * A program is decoded twice, once per mode, into an array of struct vm_op parallel to its
 * instructions (op i is instruction i, so fault messages name the original index):
 *
 *     +------------------------+-----+-----+-------+-----------+
 *     | handler (label / id)   | dst | src |  off  |    imm    |   16 bytes
 *     +------------------------+-----+-----+-------+-----------+
 *
 * The handler is the address of the interpreter's label for the instruction's form (direct
 * threading: dispatch is one indirect jump, no table lookup), or the enum hive_op value when
 * the interpreter is built as a switch (HIVE_NO_JUMPTABLE). The second slot of an ld_imm64
 * holds the full 64-bit value in place of a handler.
 */
#ifndef __HIVE_VM_INTERNAL_H
#define __HIVE_VM_INTERNAL_H

#include "vm/vm.h"

struct jit_image;

struct vm_op {
	union {
		const void *label;
		uintptr_t id;
		uint64_t imm64;
	};
	uint8_t dst;
	uint8_t src;
	int16_t off;
	int32_t imm;
};

_Static_assert(sizeof(struct vm_op) == 16, "vm_op is two words");

/*
 * Handler variants. Every handler that writes a single register also keeps the value in a
 * local of the interpreter, `last`, after moving the previous one to `last2`. When one of the
 * last two writes in straight-line code was to a register an instruction reads, the decoder
 * picks a variant that reads it from there: variants[op][d + 3 * s], where d (destination) and
 * s (source) are 0 for the register array, 1 for `last`, 2 for `last2`. Which forms have
 * variants for which operand (D: destination, S: source, DS: both):
 */
#define VM_NR_VARIANTS 9
#define VM_VARIANT_ALU_(D, S, DS, N) D(N##64_K) DS(N##64_X) D(N##32_K) DS(N##32_X)
/* clang-format off */
#define VM_VARIANT_OPS(D, S, DS)                                                                   \
	VM_VARIANT_ALU_(D, S, DS, ADD) VM_VARIANT_ALU_(D, S, DS, SUB)                              \
	VM_VARIANT_ALU_(D, S, DS, MUL) VM_VARIANT_ALU_(D, S, DS, OR)                               \
	VM_VARIANT_ALU_(D, S, DS, AND) VM_VARIANT_ALU_(D, S, DS, XOR)                              \
	VM_VARIANT_ALU_(D, S, DS, LSH) VM_VARIANT_ALU_(D, S, DS, RSH)                              \
	VM_VARIANT_ALU_(D, S, DS, ARSH)                                                            \
	VM_VARIANT_ALU_(D, S, DS, JEQ) VM_VARIANT_ALU_(D, S, DS, JNE)                              \
	VM_VARIANT_ALU_(D, S, DS, JGT) VM_VARIANT_ALU_(D, S, DS, JGE)                              \
	VM_VARIANT_ALU_(D, S, DS, JLT) VM_VARIANT_ALU_(D, S, DS, JLE)                              \
	VM_VARIANT_ALU_(D, S, DS, JSGT) VM_VARIANT_ALU_(D, S, DS, JSGE)                            \
	VM_VARIANT_ALU_(D, S, DS, JSLT) VM_VARIANT_ALU_(D, S, DS, JSLE)                            \
	VM_VARIANT_ALU_(D, S, DS, JSET)                                                            \
	D(NEG64) D(NEG32)                                                                          \
	S(MOV64_X) S(MOV32_X) S(MOVSX8_64) S(MOVSX16_64) S(MOVSX32_64) S(MOVSX8_32) S(MOVSX16_32) \
	D(LE16) D(LE32) D(LE64) D(BE16) D(BE32) D(BE64) D(BSWAP16) D(BSWAP32) D(BSWAP64)           \
	S(LDXB) S(LDXH) S(LDXW) S(LDXDW) S(LDXSB) S(LDXSH) S(LDXSW)                                \
	D(STB) D(STH) D(STW) D(STDW)                                                               \
	DS(STXB) DS(STXH) DS(STXW) DS(STXDW)
/* clang-format on */

/*
 * Superinstructions: two adjacent instructions (the second not a jump target) run by one
 * handler, which saves a dispatch. Both are common in compiled code:
 *
 *   mov:  rA = rB; rA op= K|rC  (the three-address ALU ops BPF lacks), for the ALU ops below,
 *         64- or 32-bit alike; fuse_mov[op of the second][s], s = where rB comes from (0 the
 *         register array, 1 `last`, 2 `last2`);
 *   jmp:  rA += K (or -=); if rA cond K2 goto ... (loop counters), for the conditions below;
 *         fuse_jmp[0 for add, 1 for sub][op of the second].
 *
 * A superinstruction leaves the registers, `last` and `last2` exactly as the two would.
 */
#define VM_FUSE_MOV_OPS(X) X(ADD) X(SUB) X(MUL) X(OR) X(AND) X(XOR) X(LSH) X(RSH) X(ARSH)
#define VM_FUSE_JMP_OPS(X) X(JEQ) X(JNE) X(JGT) X(JGE) X(JLT) X(JLE) X(JSGT) X(JSGE) X(JSLT) X(JSLE)

/* What an interpreter called with run == NULL returns: its handler addresses. */
struct vm_tables {
	const void *const *labels; /* [op]: the plain handler */
	const void *const (*variants)[VM_NR_VARIANTS]; /* [op][d + 3 * s]: NULL if none */
	const void *const (*fuse_mov)[3]; /* [op][s]: NULL if none */
	const void *const (*fuse_jmp)[HIVE_OP_CNT]; /* [add/sub][op]: NULL if none */
	/*
	 * [op][s]: loads and stores addressed from r10, which take the frame pointer from a local
	 * rather than the register array (r10 never changes within a frame); s as for fuse_mov,
	 * for the value an STX stores.
	 */
	const void *const (*fp_ops)[3];
};

struct hive_vm {
	struct hive_vm_func *helpers; /* indexed by helper id */
	size_t nr_helpers, helpers_cap;
	struct hive_vm_func *kfuncs; /* indexed by slot */
	size_t nr_kfuncs, kfuncs_cap;
};

struct hive_vm_prog {
	const struct hive_vm *vm;
	struct hive_insn *insns;
	size_t cnt;
	struct vm_op *ops[2]; /* [0]: fast mode, [1]: checked mode */
	uint8_t *is_func; /* is_func[i]: a function starts at instruction i */
	char *name;
	struct jit_image *jit; /* machine code for fast mode, or NULL: interpret */
};

/* What a helper asked the interpreter to do when it returns (run->pending). */
enum vm_pending {
	VM_PENDING_NONE,
	VM_PENDING_TAIL_CALL,
	VM_PENDING_EXIT,
	VM_PENDING_FAULT,
};

/*
 * The two interpreters. Called with run == NULL they return their struct vm_tables (0 in
 * switch builds), whose handler addresses the decoder stores in each vm_op.
 */
uint64_t vm_interp_fast(struct hive_vm_run *run, const struct vm_op *pc, const uint64_t *args);
uint64_t vm_interp_checked(struct hive_vm_run *run, const struct vm_op *pc, const uint64_t *args);

/* Stop @run with @err and a message about the instruction at @pc (NULL: none known). */
__attribute__((format(printf, 4, 5))) void
vm_fault_at(struct hive_vm_run *run, const struct vm_op *pc, int err, const char *fmt, ...);

/* Checked mode: may the program access [addr, addr + size)? */
bool vm_mem_ok(struct hive_vm_run *run, uint64_t addr, uint64_t size, bool write);
/* The fault for an access vm_mem_ok() refused, with the reason. */
void vm_mem_fault(struct hive_vm_run *run, const struct vm_op *pc, uint64_t addr, uint64_t size,
		  bool write);

/*
 * hive_vm_prog_new() with a choice: @variants false decodes every instruction to its plain
 * handler, the reference the fuzzer compares the variant-picking decoder against.
 */
struct hive_vm_prog *vm_prog_new(const struct hive_vm *vm, const struct hive_insn *insns,
				 size_t cnt, const char *name, struct isa_error *err,
				 bool variants);

/*
 * Run the function starting at instruction @idx of run->prog in the frame run->depth names:
 * the JIT's code in fast mode when the program has it, else the interpreter.
 */
uint64_t vm_run_at(struct hive_vm_run *run, size_t idx, const uint64_t *args);

/*
 * The rules the interpreter and the JIT's run-time share (one definition each):
 *  - vm_entry_points(): instructions reached other than from the previous one (jump targets,
 *    function starts, returns from calls), a calloc'ed array of cnt + 1 flags, NULL on ENOMEM;
 *  - vm_fault_too_deep(): the fault of a bpf-to-bpf call past HIVE_VM_MAX_FRAMES;
 *  - vm_callx_helper(): the helper a callx to @target (not a function of the program) calls,
 *    or NULL after faulting with the reason;
 *  - vm_take_tail_call(): switch the run to the tail call a helper asked for (in this frame,
 *    with its own may_goto budget) and return the target.
 */
uint8_t *vm_entry_points(const struct hive_vm_prog *prog);
void vm_fault_too_deep(struct hive_vm_run *run, const struct vm_op *pc);
const struct hive_vm_func *vm_callx_helper(struct hive_vm_run *run, const struct vm_op *pc,
					   uint64_t target);

static inline const struct hive_vm_prog *vm_take_tail_call(struct hive_vm_run *run)
{
	run->pending = VM_PENDING_NONE;
	run->prog = run->tail_target;
	run->frames[run->depth].loops = HIVE_MAX_LOOPS;
	return run->prog;
}

/*
 * ld_abs / ld_ind: @size bytes at packet offset @off, big-endian, into *@val; false when the
 * range is outside the packet (the kernel then ends the program with r0 = 0).
 */
static inline bool vm_pkt_load(const struct hive_vm_run *run, int64_t off, unsigned size,
			       uint64_t *val)
{
	const uint8_t *p;

	if (off < 0 || (uint64_t)off + size > run->pkt_len)
		return false;
	p = run->pkt + off;
	*val = 0;
	for (unsigned i = 0; i < size; i++)
		*val = *val << 8 | p[i];
	return true;
}

/* Run the function at ops index @idx of the current program in a fresh frame. */
uint64_t vm_call_idx(struct hive_vm_run *run, size_t idx, const uint64_t *args);

#endif /* __HIVE_VM_INTERNAL_H */
