/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vm/vm.h: the BPF interpreter, as the loader, the runtime, helpers and kfuncs use it.
 *
 * Three objects:
 *
 *   struct hive_vm        the execution environment: the table of helpers (indexed by helper
 *                         id) and the table of kfuncs (indexed by a slot the loader chooses).
 *   struct hive_vm_prog   a program image decoded for the interpreter. Immutable once made;
 *                         any number of threads may run it at once.
 *   struct hive_vm_run    one execution: registers' home, the stack (8 frames of 512 bytes),
 *                         the memory regions checked mode allows, the helpers' environment
 *                         (env) and the embedder's own pointer (user). Helpers and kfuncs
 *                         receive it. One run is used by one thread at a time.
 *
 * What the interpreter expects of a program image (what a loader must have done):
 *  - every ld_imm64 with a pseudo source except BPF_PSEUDO_FUNC holds its final 64-bit value
 *    (a map pointer, a value address); src_reg may still say what it was, it is ignored;
 *  - BPF_PSEUDO_FUNC ld_imm64 are left as the kernel receives them: imm = offset of the target
 *    instruction relative to the next one. hive_vm_prog_new() rewrites them into a *function
 *    address*, the value the program sees in the register: hive_vm_prog_func_addr(prog, idx),
 *    which is the address of instruction idx in the program's own copy of its instructions.
 *    Helpers and kfuncs pass such a value back to hive_vm_call() to run the callback;
 *  - helper calls (src_reg 0) have imm = helper id, looked up in the vm's helper table;
 *  - kfunc calls (src_reg BPF_PSEUDO_KFUNC_CALL) have imm = a slot of the vm's kfunc table (the
 *    loader resolves BTF ids or names with hive_vm_find_kfunc() and rewrites imm; off is
 *    ignored);
 *  - callx (BPF_JMP | BPF_CALL | BPF_X, kernel ISA extension from LLVM) calls the function
 *    address in dst_reg if it is one of this program's, otherwise the helper of that id;
 *  - registers are r0-r10, plus r11 (BPF_REG_AX, ISA_REG_AX) in a verified image
 *    (hive_vm_prog_opts.verified): the verifier's rewrites use it as a scratch register. It
 *    starts at 0 and is not preserved across calls (no rewrite keeps a value in it that long).
 *
 * Two modes. Fast mode runs verified programs: no check in the loop beyond what keeps the
 * interpreter itself sound (call depth, helper and kfunc table bounds). Checked mode runs code
 * no verifier has seen: every load, store and atomic is checked against the live stack frames,
 * the regions added with hive_vm_run_add_region() and an optional callback; atomics must be
 * aligned; every instruction counts against a budget. A fault stops the run with a message
 * naming the instruction, the access and the address. Neither mode crashes on a program that
 * hive_vm_prog_new() accepted, as long as fast mode is given only verified programs.
 *
 * On x86-64, fast mode runs a program made with hive_vm_prog_opts.verified as machine code from
 * jit/ (same results, same services to helpers; BPFHIVE_JIT=0 or opts.no_jit keep it
 * interpreted). The JIT binds helpers and kfuncs when the program is made: fill the tables
 * first (a call to a slot still empty then leaves the program to the interpreter).
 *
 * Semantics are the ISA's (RFC 9669 and the kernel's): division by zero gives 0, modulo by zero
 * leaves dst unchanged, INT_MIN / -1 gives INT_MIN and INT_MIN % -1 gives 0, shifts are masked
 * to the operand width, 32-bit results are zero-extended.
 */
#ifndef __HIVE_VM_VM_H
#define __HIVE_VM_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isa/isa.h"

#ifdef __cplusplus
extern "C" {
#endif

#define HIVE_VM_STACK_SIZE MAX_BPF_STACK /* bytes per frame */
#define HIVE_VM_MAX_FRAMES HIVE_MAX_CALL_FRAMES /* main program + 7 nested calls */
#define HIVE_VM_MAX_TAIL_CALLS 33 /* the kernel's MAX_TAIL_CALL_CNT */
#define HIVE_VM_DEFAULT_BUDGET (1ull << 32) /* checked mode: instructions per run */

struct hive_vm;
struct hive_vm_prog;
struct hive_vm_run;

/*
 * A helper or kfunc: r1-r5 are the BPF arguments, the result goes to r0. @run is the current
 * execution: run->prog, run->env, run->user, run->cpu, hive_vm_printf(run, ...) for the log
 * sink, and the hive_vm_call() / hive_vm_tail_call() / hive_vm_exit() / hive_vm_fault()
 * requests below.
 */
typedef uint64_t (*hive_func_fn)(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
				 struct hive_vm_run *run);

/* Checked mode: decide on an access outside the stack and the regions; return true to allow. */
typedef bool (*hive_vm_access_fn)(struct hive_vm_run *run, uint64_t addr, uint64_t size, bool write,
				  void *ctx);

/* Where hive_vm_printf() output goes: one message (a line without its newline) per call. */
typedef void (*hive_vm_log_fn)(void *ctx, const char *msg);

struct hive_vm_func {
	const char *name; /* borrowed: a string literal or something that outlives the vm */
	hive_func_fn fn;
};

/* ---- the environment ---- */

/** hive_vm_new() - an environment with empty helper and kfunc tables; NULL on ENOMEM. */
struct hive_vm *hive_vm_new(void);
void hive_vm_free(struct hive_vm *vm);

/**
 * hive_vm_set_helper() - make helper @id (1..HIVE_HELPER_MAX_ID-1, or any id up to 65535 for
 * an embedder's own helpers) call @fn. @name is borrowed. Returns 0, -EINVAL or -ENOMEM.
 * Must not be called while programs of this vm run; verified programs made before keep the
 * helper they were made with (the JIT calls it directly).
 */
int hive_vm_set_helper(struct hive_vm *vm, int32_t id, const char *name, hive_func_fn fn);

/** hive_vm_add_kfunc() - append a kfunc; returns its slot (>= 0) or -ENOMEM. */
int hive_vm_add_kfunc(struct hive_vm *vm, const char *name, hive_func_fn fn);

/** hive_vm_find_kfunc() - slot of the kfunc named @name, or -ENOENT. */
int hive_vm_find_kfunc(const struct hive_vm *vm, const char *name);

/** hive_vm_helper() / hive_vm_kfunc() - a table entry, or NULL if unset. */
const struct hive_vm_func *hive_vm_helper(const struct hive_vm *vm, int32_t id);
const struct hive_vm_func *hive_vm_kfunc(const struct hive_vm *vm, int32_t slot);

/* ---- programs ---- */

/**
 * hive_vm_prog_new() - validate @insns (isa_validate()) and decode them for both modes.
 * The instructions are copied. @name (may be NULL) is copied, for messages. On failure returns
 * ERR_PTR(-EINVAL) with @err (if not NULL) saying which instruction and why, or
 * ERR_PTR(-ENOMEM).
 */
struct hive_vm_prog *hive_vm_prog_new(const struct hive_vm *vm, const struct hive_insn *insns,
				      size_t cnt, const char *name, struct isa_error *err);

struct hive_vm_prog_opts {
	size_t sz;
	const char *name; /* copied, for messages (NULL: "prog") */
	/*
	 * The image is the verifier's output: validate with ISA_ALLOW_REG_AX, so that r11
	 * (BPF_REG_AX) is accepted as a scratch register. Raw input must leave this false.
	 */
	bool verified;
	/*
	 * Interpret even where the JIT could run the program. The JIT (x86-64 hosts) takes
	 * verified images only, in fast mode; checked runs always interpret.
	 */
	bool no_jit;
};
#define hive_vm_prog_opts__last_field no_jit

/**
 * hive_vm_prog_new_opts() - hive_vm_prog_new() with options (@opts may be NULL: defaults; sz 0
 * means sizeof). Returns ERR_PTR(-EINVAL) also for an opts struct larger than known whose
 * unknown bytes are not zero, or smaller than its first field.
 */
struct hive_vm_prog *hive_vm_prog_new_opts(const struct hive_vm *vm, const struct hive_insn *insns,
					   size_t cnt, const struct hive_vm_prog_opts *opts,
					   struct isa_error *err);
/* Accepts NULL and ERR_PTR. */
void hive_vm_prog_free(struct hive_vm_prog *prog);

/** hive_vm_prog_jitted() - whether fast-mode runs of @prog execute JIT machine code. */
bool hive_vm_prog_jitted(const struct hive_vm_prog *prog);

/** hive_vm_prog_insns() - the program's own copy of its instructions, as decoded. */
const struct hive_insn *hive_vm_prog_insns(const struct hive_vm_prog *prog, size_t *cnt);
const char *hive_vm_prog_name(const struct hive_vm_prog *prog);

/**
 * hive_vm_prog_func_addr() - the function address of instruction @idx: what a PSEUDO_FUNC
 * ld_imm64 targeting @idx puts in its register (hive_vm_prog_new() does this rewrite itself).
 */
uint64_t hive_vm_prog_func_addr(const struct hive_vm_prog *prog, size_t idx);

/** hive_vm_prog_func_idx() - inverse of hive_vm_prog_func_addr(); -1 if @addr is not one. */
long hive_vm_prog_func_idx(const struct hive_vm_prog *prog, uint64_t addr);

/* ---- runs ---- */

struct hive_vm_run_opts {
	size_t sz;
	bool checked; /* bounds-check memory, count instructions */
	uint64_t insn_budget; /* checked mode: instructions per exec (0: HIVE_VM_DEFAULT_BUDGET) */
	hive_vm_access_fn access_fn;
	void *access_ctx;
	void *user; /* run->user: the embedder's own pointer, never touched by bpfhive */
	uint32_t cpu; /* run->cpu, what bpf_get_smp_processor_id() should say */
	hive_vm_log_fn log_fn; /* NULL: hive_vm_printf() output is dropped */
	void *log_ctx;
	const void *pkt; /* data the legacy ld_abs/ld_ind instructions read (NULL: none) */
	size_t pkt_len;
	/*
	 * run->env: the helpers' environment. The helpers of vm/helpers.h expect a struct
	 * hive_run_env (vm_env_run_opts() sets it) or NULL (a default environment).
	 */
	void *env;
};

struct hive_vm_region {
	uint64_t base, len;
	bool writable;
};

struct hive_vm_frame {
	const void *ret; /* where the caller resumes */
	const struct hive_vm_prog *prog; /* the caller's program (tail calls change it) */
	uint64_t saved[5]; /* caller's r6-r9 and r10 */
	uint64_t loops; /* may_goto budget of this frame */
};

/*
 * One execution. The caller owns the memory (it is about 5 KiB: fine on a thread's stack) and
 * sets it up with hive_vm_run_init(); the fields before `stack` may be read by helpers and
 * kfuncs, the rest is the interpreter's.
 */
struct hive_vm_run {
	const struct hive_vm_prog *prog; /* program now executing (the entry, or a tail call's) */
	const struct hive_vm *vm;
	void *env; /* the helpers' environment (opts->env) */
	void *user; /* the embedder's pointer (opts->user) */
	uint32_t cpu;
	bool checked;
	hive_vm_log_fn log_fn;
	void *log_ctx;

	/* interpreter state */
	const struct hive_vm_prog *entry;
	const void *pc; /* instruction being executed, for messages */
	unsigned depth; /* current frame, 0 = entry */
	unsigned pending; /* request a helper left for the interpreter */
	unsigned tail_calls;
	const struct hive_vm_prog *tail_target;
	uint64_t exit_val;
	uint64_t budget, budget_init;
	int status; /* 0, or the -errno of the fault */
	int fault_idx;
	char fault[256];
	struct hive_vm_region *regions;
	size_t nr_regions, regions_cap;
	hive_vm_access_fn access_fn;
	void *access_ctx;
	const uint8_t *pkt;
	size_t pkt_len;
	void *jit_sp; /* JIT: the host stack pointer an exit or fault unwinds to */
	uint64_t jit_ctx; /* JIT: r1 of the last bpf_tail_call(), the target's context */
	uint64_t jit_callx; /* JIT: the target of the callx being made */
	/* aligned: calls save and restore r6-r9 with aligned 16-byte moves */
	struct hive_vm_frame frames[HIVE_VM_MAX_FRAMES] __attribute__((aligned(16)));
	uint8_t stack[HIVE_VM_MAX_FRAMES * HIVE_VM_STACK_SIZE] __attribute__((aligned(16)));
};

/** hive_vm_run_init() - prepare @run to execute @prog. @opts may be NULL (fast mode). */
int hive_vm_run_init(struct hive_vm_run *run, const struct hive_vm_prog *prog,
		     const struct hive_vm_run_opts *opts);

/**
 * hive_vm_run_add_region() - checked mode: allow accesses to [@base, @base + @len), writes only
 * if @writable. Returns 0 or -ENOMEM. Regions stay for every later exec of this run.
 */
int hive_vm_run_add_region(struct hive_vm_run *run, const void *base, size_t len, bool writable);

/* Release what init and add_region allocated. */
void hive_vm_run_fini(struct hive_vm_run *run);

/**
 * hive_vm_run_exec() - run the program with r1..r@nr_args from @args (at most 5; the others
 * are 0; @args may be NULL when @nr_args is 0) and r10 at the top of the first stack frame. On
 * success stores r0 in *@r0 and returns 0. On a fault returns a negative errno (-EFAULT for a
 * bad access, -E2BIG when the budget runs out, -ENOENT for a missing helper or kfunc, -ELOOP
 * for too deep calls, -EINVAL otherwise) and hive_vm_run_error() says what happened. Returns
 * -EINVAL without running for more than 5 arguments or NULL @args with @nr_args > 0.
 */
int hive_vm_run_exec(struct hive_vm_run *run, const uint64_t *args, size_t nr_args, uint64_t *r0);

/** hive_vm_run_error() - "insn 3: invalid read of 8 bytes at 0x10 (...)", or "" after success. */
const char *hive_vm_run_error(const struct hive_vm_run *run);

/** hive_vm_run_fault_insn() - index of the faulting instruction, or -1. */
int hive_vm_run_fault_insn(const struct hive_vm_run *run);

/* ---- for helpers and kfuncs, during a run ---- */

/**
 * hive_vm_call() - run the BPF function at @func_addr (a value a PSEUDO_FUNC ld_imm64 produced)
 * with r1-r5 and return its r0: bpf_loop's callback, rbtree_add's less(). It uses a fresh stack
 * frame of the same run, counted against HIVE_VM_MAX_FRAMES; calls may nest. If @func_addr is
 * not a function of the running program, or the callback faults, the run is marked faulted (the
 * interpreter stops when the helper returns) and 0 is returned.
 */
uint64_t hive_vm_call(struct hive_vm_run *run, uint64_t func_addr, uint64_t r1, uint64_t r2,
		      uint64_t r3, uint64_t r4, uint64_t r5);

/**
 * hive_vm_tail_call() - for bpf_tail_call(): when the calling helper returns, continue at the
 * start of @target instead of after the call, in the same stack frame, registers unchanged
 * (r1 still holds the context). Returns 0 if the tail call will happen, -E2BIG after
 * HIVE_VM_MAX_TAIL_CALLS of them, -EINVAL if @target is NULL or of another vm; then the helper
 * returns normally and the program goes on, as in the kernel. Only calls that return 0 count
 * toward the limit: a helper that finds no target (empty slot) does not call this, as the
 * kernel's JIT does not count a tail call to an empty slot.
 */
int hive_vm_tail_call(struct hive_vm_run *run, const struct hive_vm_prog *target);

/** hive_vm_exit() - end the whole run with r0 = @r0 when the calling helper returns. */
void hive_vm_exit(struct hive_vm_run *run, uint64_t r0);

/** hive_vm_fault() - stop the run with an error (-EINVAL) naming the current instruction. */
__attribute__((format(printf, 2, 3))) void hive_vm_fault(struct hive_vm_run *run, const char *fmt,
							 ...);

/**
 * hive_vm_check_access() - would the program itself be allowed this access? Always true in
 * fast mode; in checked mode, the same rule as loads and stores. For helpers that take
 * pointers from unverified code.
 */
bool hive_vm_check_access(struct hive_vm_run *run, uint64_t addr, uint64_t size, bool write);

/** hive_vm_printf() - a message to the run's log sink (bpf_trace_printk and friends). */
__attribute__((format(printf, 2, 3))) void hive_vm_printf(struct hive_vm_run *run, const char *fmt,
							  ...);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_VM_VM_H */
