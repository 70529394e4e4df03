// SPDX-License-Identifier: BSD-2-Clause
/*
 * vm/vm.c: environments, program decoding, runs, and the services the interpreter gives
 * helpers and kfuncs (callbacks, tail calls, exit and fault requests, access checks, logging).
 * The instruction loop itself is in vm/interp_body.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/mem.h"
#include "isa/helpers.h"
#include "jit/jit.h"
#include "vm/vm_internal.h"

#define HIVE_VM_MAX_HELPER_ID 65535

/* ---- environment ---- */

struct hive_vm *hive_vm_new(void)
{
	return calloc(1, sizeof(struct hive_vm));
}

void hive_vm_free(struct hive_vm *vm)
{
	if (IS_ERR_OR_NULL(vm))
		return;
	free(vm->helpers);
	free(vm->kfuncs);
	free(vm);
}

int hive_vm_set_helper(struct hive_vm *vm, int32_t id, const char *name, hive_func_fn fn)
{
	if (id < 0 || id > HIVE_VM_MAX_HELPER_ID)
		return -EINVAL;
	if (hive_ensure_mem((void **)&vm->helpers, &vm->helpers_cap, sizeof(*vm->helpers),
			    (size_t)id + 1))
		return -ENOMEM;
	vm->helpers[id].name = name;
	vm->helpers[id].fn = fn;
	if ((size_t)id >= vm->nr_helpers)
		vm->nr_helpers = (size_t)id + 1;
	return 0;
}

int hive_vm_add_kfunc(struct hive_vm *vm, const char *name, hive_func_fn fn)
{
	if (vm->nr_kfuncs >= INT32_MAX || hive_ensure_mem((void **)&vm->kfuncs, &vm->kfuncs_cap,
							  sizeof(*vm->kfuncs), vm->nr_kfuncs + 1))
		return -ENOMEM;
	vm->kfuncs[vm->nr_kfuncs].name = name;
	vm->kfuncs[vm->nr_kfuncs].fn = fn;
	return (int)vm->nr_kfuncs++;
}

int hive_vm_find_kfunc(const struct hive_vm *vm, const char *name)
{
	for (size_t i = 0; i < vm->nr_kfuncs; i++)
		if (vm->kfuncs[i].name && !strcmp(vm->kfuncs[i].name, name))
			return (int)i;
	return -ENOENT;
}

const struct hive_vm_func *hive_vm_helper(const struct hive_vm *vm, int32_t id)
{
	if (id < 0 || (size_t)id >= vm->nr_helpers || !vm->helpers[id].fn)
		return NULL;
	return &vm->helpers[id];
}

const struct hive_vm_func *hive_vm_kfunc(const struct hive_vm *vm, int32_t slot)
{
	if (slot < 0 || (size_t)slot >= vm->nr_kfuncs || !vm->kfuncs[slot].fn)
		return NULL;
	return &vm->kfuncs[slot];
}

/* ---- programs ---- */

/* Functions of a program: instruction 0 and every target of a local call or PSEUDO_FUNC. */
static int mark_funcs(struct hive_vm_prog *prog)
{
	prog->is_func = calloc(prog->cnt, 1);
	if (!prog->is_func)
		return -ENOMEM;
	prog->is_func[0] = 1;
	for (size_t i = 0; i < prog->cnt; i++) {
		const struct hive_insn *insn = &prog->insns[i];

		if ((insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_CALL) ||
		    (isa_is_ldimm64(insn) && insn->src_reg == BPF_PSEUDO_FUNC))
			prog->is_func[i + insn->imm + 1] = 1; /* in range: validated */
		if (isa_is_ldimm64(insn))
			i++;
	}
	return 0;
}

/* Forms that write no register (so `last` still holds what it held). */
static bool writes_no_reg(enum hive_insn_fmt fmt)
{
	switch (fmt) {
	case HIVE_FMT_ST:
	case HIVE_FMT_STX:
	case HIVE_FMT_ATOMIC:
	case HIVE_FMT_STORE_REL:
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

/*
 * Instructions that can be reached other than from the previous one: jump targets, function
 * starts, the instruction after a call (where the callee returns). `last` means nothing there.
 */
uint8_t *vm_entry_points(const struct hive_vm_prog *prog)
{
	uint8_t *entry = calloc(prog->cnt + 1, 1);

	if (!entry)
		return NULL;
	for (size_t i = 0; i < prog->cnt; i++) {
		const struct hive_insn *insn = &prog->insns[i];
		enum hive_op op = isa_decode(insn);
		enum hive_insn_fmt fmt = isa_desc[op].fmt;

		entry[i] |= prog->is_func[i];
		if (fmt == HIVE_FMT_JA || fmt == HIVE_FMT_MAY_GOTO || fmt == HIVE_FMT_JCOND_K ||
		    fmt == HIVE_FMT_JCOND_X)
			entry[i + insn->off + 1] = 1; /* in range: validated */
		else if (fmt == HIVE_FMT_GOTOL)
			entry[i + insn->imm + 1] = 1;
		else if (fmt == HIVE_FMT_CALL_HELPER || fmt == HIVE_FMT_CALL_LOCAL ||
			 fmt == HIVE_FMT_CALL_KFUNC || fmt == HIVE_FMT_CALLX)
			entry[i + 1] = 1;
		else if (op == HIVE_OP_LDDW)
			i++;
	}
	return entry;
}

#ifndef HIVE_NO_JUMPTABLE
/*
 * The handler for @insn: a variant reading from `last` (which holds register @l1) or `last2`
 * (register @l2) where it can, or the plain one. *@d says where the destination operand comes
 * from; d == 1 variants write with PUT1, which leaves `last2` alone.
 */
static const void *pick_handler(const struct vm_tables *t, const struct hive_insn *insn,
				enum hive_op op, int l1, int l2, unsigned *dp)
{
	unsigned d = insn->dst_reg == l1 ? 1 : insn->dst_reg == l2 ? 2 : 0;
	unsigned s = insn->src_reg == l1 ? 1 : insn->src_reg == l2 ? 2 : 0;
	const void *const *v = t->variants[op];
	enum hive_insn_fmt fmt = isa_desc[op].fmt;

	*dp = 0;
	if (fmt == HIVE_FMT_LDX && insn->src_reg == BPF_REG_FP && t->fp_ops[op][0])
		return t->fp_ops[op][0];
	if (fmt == HIVE_FMT_ST && insn->dst_reg == BPF_REG_FP && t->fp_ops[op][0])
		return t->fp_ops[op][0];
	if (fmt == HIVE_FMT_STX && insn->dst_reg == BPF_REG_FP && t->fp_ops[op][s])
		return t->fp_ops[op][s];
	/* a form has variants only for the operands it reads: drop the other one */
	*dp = d;
	if (v[d + 3 * s])
		return v[d + 3 * s];
	if (d && v[d])
		return v[d];
	*dp = 0;
	if (s && v[3 * s])
		return v[3 * s];
	return t->labels[op];
}

/*
 * A superinstruction for @insn and the one after it (which no jump targets), or NULL; see
 * vm_internal.h for the two kinds.
 */
static const void *pick_fused(const struct vm_tables *t, const struct hive_insn *insn,
			      enum hive_op op, int l1, int l2)
{
	const struct hive_insn *next = insn + 1;
	enum hive_op op2 = isa_decode(next);
	unsigned s = insn->src_reg == l1 ? 1 : insn->src_reg == l2 ? 2 : 0;

	if (op2 == HIVE_OP_INVALID || next->dst_reg != insn->dst_reg)
		return NULL;
	if ((op == HIVE_OP_MOV64_X || op == HIVE_OP_MOV32_X) && t->fuse_mov[op2][0] &&
	    BPF_CLASS(isa_desc[op2].code) == BPF_CLASS(insn->code) &&
	    (BPF_SRC(next->code) == BPF_K || next->src_reg != insn->dst_reg))
		return t->fuse_mov[op2][s];
	if (op == HIVE_OP_ADD64_K || op == HIVE_OP_ADD32_K)
		return t->fuse_jmp[0][op2] &&
				       BPF_CLASS(next->code) ==
					       (op == HIVE_OP_ADD64_K ? BPF_JMP : BPF_JMP32) ?
			       t->fuse_jmp[0][op2] :
			       NULL;
	if (op == HIVE_OP_SUB64_K || op == HIVE_OP_SUB32_K)
		return t->fuse_jmp[1][op2] &&
				       BPF_CLASS(next->code) ==
					       (op == HIVE_OP_SUB64_K ? BPF_JMP : BPF_JMP32) ?
			       t->fuse_jmp[1][op2] :
			       NULL;
	return NULL;
}
#endif

static int decode(struct hive_vm_prog *prog, int checked, bool variants)
{
	const struct vm_tables *t =
		(const struct vm_tables *)(uintptr_t)(checked ?
							      vm_interp_checked(NULL, NULL, NULL) :
							      vm_interp_fast(NULL, NULL, NULL));
	uint8_t *entry = vm_entry_points(prog);
	struct vm_op *ops = prog->ops[checked];
	int l1 = -1, l2 = -1; /* the registers `last` and `last2` hold, -1: none */
	bool in_fused = false; /* this instruction is the second half of a superinstruction */

	if (!entry)
		return -ENOMEM;
	for (size_t i = 0; i < prog->cnt; i++) {
		const struct hive_insn *insn = &prog->insns[i];
		enum hive_op op = isa_decode(insn);
		enum hive_insn_fmt fmt = isa_desc[op].fmt;
		struct vm_op *o = &ops[i];
		bool fused = false;
		unsigned d = 0;

		if (entry[i] || !variants)
			l1 = l2 = -1;
#ifdef HIVE_NO_JUMPTABLE
		o->id = op;
		(void)t;
		(void)in_fused;
#else
		o->label = pick_handler(t, insn, op, l1, l2, &d);
		if (variants && !in_fused && i + 1 < prog->cnt && !entry[i + 1]) {
			const void *f = pick_fused(t, insn, op, l1, l2);

			if (f) {
				o->label = f;
				fused = true;
			}
		}
#endif
		o->dst = insn->dst_reg;
		o->src = insn->src_reg;
		o->off = insn->off;
		o->imm = insn->imm;
		/* what the handler leaves in last/last2 (superinstructions always shift: PUT) */
		if (in_fused || fused)
			d = 0;
		in_fused = fused;
		if (isa_fmt_writes_dst(fmt) && d != 1) {
			/* last2 <- last <- dst; an older copy of dst in last2 is stale */
			l2 = l1 == insn->dst_reg ? -1 : l1;
			l1 = insn->dst_reg;
		} else if (!isa_fmt_writes_dst(fmt) && !writes_no_reg(fmt)) {
			l1 = l2 = -1;
		}
		if (op != HIVE_OP_LDDW)
			continue;
		if (insn->src_reg == BPF_PSEUDO_FUNC)
			ops[i + 1].imm64 = hive_vm_prog_func_addr(prog, i + insn->imm + 1);
		else
			ops[i + 1].imm64 = isa_ldimm64_val(insn);
		i++;
	}
	free(entry);
	return 0;
}

/* The JIT is on unless the caller or BPFHIVE_JIT=0 in the environment says otherwise. */
static bool jit_wanted(void)
{
	const char *env = getenv("BPFHIVE_JIT");

	return !env || strcmp(env, "0");
}

static struct hive_vm_prog *prog_new(const struct hive_vm *vm, const struct hive_insn *insns,
				     size_t cnt, const char *name, bool verified, bool variants,
				     bool jit, struct isa_error *err)
{
	struct hive_vm_prog *prog;
	int ret;

	ret = isa_validate_flags(insns, cnt, verified ? ISA_ALLOW_REG_AX : 0, err);
	if (ret)
		return ERR_PTR(ret);
	prog = calloc(1, sizeof(*prog));
	if (!prog)
		return ERR_PTR(-ENOMEM);
	prog->vm = vm;
	prog->cnt = cnt;
	prog->insns = hive_memdup(insns, cnt * sizeof(*insns));
	prog->ops[0] = calloc(cnt, sizeof(struct vm_op));
	prog->ops[1] = calloc(cnt, sizeof(struct vm_op));
	prog->name = strdup(name ? name : "prog");
	if (!prog->insns || !prog->ops[0] || !prog->ops[1] || !prog->name || mark_funcs(prog) ||
	    decode(prog, 0, variants) || decode(prog, 1, variants)) {
		hive_vm_prog_free(prog);
		return ERR_PTR(-ENOMEM);
	}
	/* only verified code is safe to run without checks; NULL keeps it in the interpreter */
	if (verified && jit && jit_wanted())
		prog->jit = jit_compile(prog, NULL);
	return prog;
}

struct hive_vm_prog *vm_prog_new(const struct hive_vm *vm, const struct hive_insn *insns,
				 size_t cnt, const char *name, struct isa_error *err, bool variants)
{
	return prog_new(vm, insns, cnt, name, false, variants, false, err);
}

struct hive_vm_prog *hive_vm_prog_new(const struct hive_vm *vm, const struct hive_insn *insns,
				      size_t cnt, const char *name, struct isa_error *err)
{
	return prog_new(vm, insns, cnt, name, false, true, false, err);
}

/* Options as this build knows them: a shorter struct reads as zeroes, a longer one must be. */
static int copy_prog_opts(struct hive_vm_prog_opts *dst, const struct hive_vm_prog_opts *src,
			  struct isa_error *err)
{
	size_t sz;

	memset(dst, 0, sizeof(*dst));
	if (!src)
		return 0;
	sz = src->sz ? src->sz : sizeof(*src);
	if (sz < sizeof(src->sz))
		goto bad;
	for (size_t i = sizeof(*dst); i < sz; i++)
		if (((const uint8_t *)src)[i])
			goto bad;
	memcpy(dst, src, sz < sizeof(*dst) ? sz : sizeof(*dst));
	return 0;
bad:
	if (err) {
		err->idx = -1;
		snprintf(err->msg, sizeof(err->msg),
			 "hive_vm_prog_opts: size %zu with unknown non-zero fields", sz);
	}
	return -EINVAL;
}

struct hive_vm_prog *hive_vm_prog_new_opts(const struct hive_vm *vm, const struct hive_insn *insns,
					   size_t cnt, const struct hive_vm_prog_opts *opts,
					   struct isa_error *err)
{
	struct hive_vm_prog_opts o;
	int ret = copy_prog_opts(&o, opts, err);

	if (ret)
		return ERR_PTR(ret);
	return prog_new(vm, insns, cnt, o.name, o.verified, true, !o.no_jit, err);
}

void hive_vm_prog_free(struct hive_vm_prog *prog)
{
	if (IS_ERR_OR_NULL(prog))
		return;
	jit_free(prog->jit);
	free(prog->insns);
	free(prog->ops[0]);
	free(prog->ops[1]);
	free(prog->is_func);
	free(prog->name);
	free(prog);
}

bool hive_vm_prog_jitted(const struct hive_vm_prog *prog)
{
	return prog->jit;
}

const struct hive_insn *hive_vm_prog_insns(const struct hive_vm_prog *prog, size_t *cnt)
{
	if (cnt)
		*cnt = prog->cnt;
	return prog->insns;
}

const char *hive_vm_prog_name(const struct hive_vm_prog *prog)
{
	return prog->name;
}

uint64_t hive_vm_prog_func_addr(const struct hive_vm_prog *prog, size_t idx)
{
	return (uintptr_t)&prog->insns[idx];
}

long hive_vm_prog_func_idx(const struct hive_vm_prog *prog, uint64_t addr)
{
	uint64_t base = (uintptr_t)prog->insns, idx;

	if (addr < base || (addr - base) % sizeof(struct hive_insn))
		return -1;
	idx = (addr - base) / sizeof(struct hive_insn);
	if (idx >= prog->cnt || !prog->is_func[idx])
		return -1;
	return (long)idx;
}

/* ---- runs ---- */

int hive_vm_run_init(struct hive_vm_run *run, const struct hive_vm_prog *prog,
		     const struct hive_vm_run_opts *opts)
{
	/* the stack is left as it is: fast mode never promised zeroed memory */
	memset(run, 0, offsetof(struct hive_vm_run, stack));
	run->prog = run->entry = prog;
	run->vm = prog->vm;
	run->fault_idx = -1;
	run->budget_init = HIVE_VM_DEFAULT_BUDGET;
	if (!opts)
		return 0;
	run->checked = opts->checked;
	if (opts->insn_budget)
		run->budget_init = opts->insn_budget;
	run->access_fn = opts->access_fn;
	run->access_ctx = opts->access_ctx;
	run->env = opts->env;
	run->user = opts->user;
	run->cpu = opts->cpu;
	run->log_fn = opts->log_fn;
	run->log_ctx = opts->log_ctx;
	run->pkt = opts->pkt;
	run->pkt_len = opts->pkt ? opts->pkt_len : 0;
	return 0;
}

int hive_vm_run_add_region(struct hive_vm_run *run, const void *base, size_t len, bool writable)
{
	if (hive_ensure_mem((void **)&run->regions, &run->regions_cap, sizeof(*run->regions),
			    run->nr_regions + 1))
		return -ENOMEM;
	run->regions[run->nr_regions++] = (struct hive_vm_region){
		.base = (uintptr_t)base,
		.len = len,
		.writable = writable,
	};
	return 0;
}

void hive_vm_run_fini(struct hive_vm_run *run)
{
	free(run->regions);
	run->regions = NULL;
	run->nr_regions = run->regions_cap = 0;
}

uint64_t vm_run_at(struct hive_vm_run *run, size_t idx, const uint64_t *args)
{
	const struct hive_vm_prog *prog = run->prog;
	unsigned depth = run->depth;
	uint64_t r0;

	if (run->checked)
		return vm_interp_checked(run, &prog->ops[1][idx], args);
	if (!prog->jit)
		return vm_interp_fast(run, &prog->ops[0][idx], args);
	r0 = jit_run(prog->jit, run, idx, args);
	run->depth = depth; /* an unwind leaves the depth of the frame that asked for it */
	return r0;
}

int hive_vm_run_exec(struct hive_vm_run *run, const uint64_t *args, size_t nr_args, uint64_t *r0)
{
	uint64_t regs[5] = { 0 }, ret;

	if (nr_args > 5 || (nr_args && !args))
		return -EINVAL;
	if (nr_args) /* memcpy() from NULL is undefined even for 0 bytes */
		memcpy(regs, args, nr_args * sizeof(*args));
	run->prog = run->entry;
	run->depth = 0;
	run->pending = VM_PENDING_NONE;
	run->tail_calls = 0;
	run->status = 0;
	run->fault_idx = -1;
	run->fault[0] = 0;
	run->pc = NULL;
	run->budget = run->budget_init;
	run->frames[0].loops = HIVE_MAX_LOOPS;
	if (run->checked)
		memset(run->stack, 0, sizeof(run->stack)); /* deterministic for unverified code */
	ret = vm_run_at(run, 0, regs);
	if (run->pending == VM_PENDING_EXIT)
		ret = run->exit_val;
	run->pending = VM_PENDING_NONE;
	if (run->status)
		return run->status;
	*r0 = ret;
	return 0;
}

const char *hive_vm_run_error(const struct hive_vm_run *run)
{
	return run->fault;
}

int hive_vm_run_fault_insn(const struct hive_vm_run *run)
{
	return run->fault_idx;
}

/* ---- faults and checked memory ---- */

void vm_fault_at(struct hive_vm_run *run, const struct vm_op *pc, int err, const char *fmt, ...)
{
	va_list ap;
	int n = 0;

	if (run->status)
		return; /* the first fault is the one to report */
	run->status = err;
	run->pending = VM_PENDING_FAULT;
	run->fault_idx = pc ? (int)(pc - run->prog->ops[run->checked]) : -1;
	if (pc)
		n = snprintf(run->fault, sizeof(run->fault), "insn %d: ", run->fault_idx);
	va_start(ap, fmt);
	vsnprintf(run->fault + n, sizeof(run->fault) - n, fmt, ap);
	va_end(ap);
}

static uint64_t stack_lo(const struct hive_vm_run *run)
{
	return (uintptr_t)run->stack + sizeof(run->stack) -
	       (uint64_t)(run->depth + 1) * HIVE_VM_STACK_SIZE;
}

static bool in_range(uint64_t addr, uint64_t size, uint64_t base, uint64_t len)
{
	return addr >= base && addr - base < len && size <= len - (addr - base);
}

bool vm_mem_ok(struct hive_vm_run *run, uint64_t addr, uint64_t size, bool write)
{
	uint64_t lo = stack_lo(run), hi = (uintptr_t)run->stack + sizeof(run->stack);

	if (in_range(addr, size, lo, hi - lo))
		return true;
	for (size_t i = 0; i < run->nr_regions; i++) {
		const struct hive_vm_region *r = &run->regions[i];

		if (in_range(addr, size, r->base, r->len))
			return !write || r->writable;
	}
	return run->access_fn && run->access_fn(run, addr, size, write, run->access_ctx);
}

void vm_mem_fault(struct hive_vm_run *run, const struct vm_op *pc, uint64_t addr, uint64_t size,
		  bool write)
{
	uint64_t top = (uintptr_t)run->stack + sizeof(run->stack);
	uint64_t fp = top - (uint64_t)run->depth * HIVE_VM_STACK_SIZE;
	const char *why = "outside the stack and every memory region";
	char buf[96];

	bool near_stack = addr - (uintptr_t)run->stack < sizeof(run->stack) + HIVE_VM_STACK_SIZE ||
			  (uintptr_t)run->stack - addr <= HIVE_VM_STACK_SIZE;

	if (near_stack) {
		snprintf(buf, sizeof(buf), "stack offset %lld from r10 is outside the frame",
			 (long long)(addr - fp));
		why = buf;
	}
	/* a region the access touches says more than the stack's neighbourhood */
	for (size_t i = 0; i < run->nr_regions; i++) {
		const struct hive_vm_region *r = &run->regions[i];

		if (in_range(addr, size, r->base, r->len)) {
			why = "the memory region is read-only";
		} else if (addr >= r->base && addr - r->base < r->len + HIVE_VM_STACK_SIZE) {
			snprintf(buf, sizeof(buf), "offset %llu of a %llu-byte memory region",
				 (unsigned long long)(addr - r->base), (unsigned long long)r->len);
			why = buf;
		}
	}
	vm_fault_at(run, pc, -EFAULT, "invalid %s of %llu byte%s at 0x%llx (%s)",
		    write ? "write" : "read", (unsigned long long)size, size == 1 ? "" : "s",
		    (unsigned long long)addr, why);
}

void vm_fault_too_deep(struct hive_vm_run *run, const struct vm_op *pc)
{
	vm_fault_at(run, pc, -ELOOP, "call stack too deep (more than %d frames)",
		    HIVE_VM_MAX_FRAMES);
}

const struct hive_vm_func *vm_callx_helper(struct hive_vm_run *run, const struct vm_op *pc,
					   uint64_t target)
{
	const struct hive_vm_func *fn =
		target <= INT32_MAX ? hive_vm_helper(run->vm, (int32_t)target) : NULL;
	const char *name = target <= INT32_MAX ? isa_helper_name((int)target) : NULL;

	if (fn)
		return fn;
	if (target > 0xffff)
		vm_fault_at(run, pc, -ENOENT,
			    "callx to 0x%llx: neither a function of this program nor a helper",
			    (unsigned long long)target);
	else
		vm_fault_at(run, pc, -ENOENT, "callx to unknown helper %u%s%s", (unsigned)target,
			    name ? " " : "", name ?: "");
	return NULL;
}

/* ---- services for helpers and kfuncs ---- */

uint64_t vm_call_idx(struct hive_vm_run *run, size_t idx, const uint64_t *args)
{
	const struct hive_vm_prog *prog = run->prog;
	unsigned depth = run->depth;
	uint64_t r0;

	if (depth + 1 >= HIVE_VM_MAX_FRAMES) {
		vm_fault_at(run, run->pc, -ELOOP,
			    "callback: call stack too deep (more than %d frames)",
			    HIVE_VM_MAX_FRAMES);
		return 0;
	}
	run->depth = depth + 1;
	run->frames[depth + 1].loops = HIVE_MAX_LOOPS;
	r0 = vm_run_at(run, idx, args);
	run->depth = depth;
	run->prog = prog; /* a tail call inside the callback does not outlive it */
	return r0;
}

uint64_t hive_vm_call(struct hive_vm_run *run, uint64_t func_addr, uint64_t r1, uint64_t r2,
		      uint64_t r3, uint64_t r4, uint64_t r5)
{
	const uint64_t args[5] = { r1, r2, r3, r4, r5 };
	long idx;

	if (run->status || run->pending == VM_PENDING_EXIT)
		return 0;
	idx = hive_vm_prog_func_idx(run->prog, func_addr);
	if (idx < 0) {
		vm_fault_at(run, run->pc, -EINVAL,
			    "callback address 0x%llx is not a function of program '%s'",
			    (unsigned long long)func_addr, run->prog->name);
		return 0;
	}
	return vm_call_idx(run, idx, args);
}

int hive_vm_tail_call(struct hive_vm_run *run, const struct hive_vm_prog *target)
{
	if (!target || target->vm != run->vm)
		return -EINVAL;
	if (run->tail_calls >= HIVE_VM_MAX_TAIL_CALLS)
		return -E2BIG;
	run->tail_calls++;
	run->tail_target = target;
	if (run->pending == VM_PENDING_NONE)
		run->pending = VM_PENDING_TAIL_CALL;
	return 0;
}

void hive_vm_exit(struct hive_vm_run *run, uint64_t r0)
{
	if (run->pending == VM_PENDING_FAULT)
		return;
	run->exit_val = r0;
	run->pending = VM_PENDING_EXIT;
}

void hive_vm_fault(struct hive_vm_run *run, const char *fmt, ...)
{
	char msg[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	vm_fault_at(run, run->pc, -EINVAL, "%s", msg);
}

bool hive_vm_check_access(struct hive_vm_run *run, uint64_t addr, uint64_t size, bool write)
{
	return !run->checked || vm_mem_ok(run, addr, size, write);
}

void hive_vm_printf(struct hive_vm_run *run, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!run->log_fn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	run->log_fn(run->log_ctx, msg);
}
