// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/unit/test_vm_interp.c: the interpreter and its API: edge-case semantics in both modes,
 * bpf-to-bpf calls and their depth limit, helpers and kfuncs through the tables, callbacks
 * (hive_vm_call), tail calls and their limit, exit and fault requests, checked-mode faults
 * with their messages, the instruction budget, may_goto, legacy packet loads, callx, r11
 * (BPF_REG_AX) in verified images, program options and exec arguments. Programs are built as
 * verified images, so fast mode is the JIT's machine code on x86-64 (and the fast interpreter
 * in ctest's second run, with BPFHIVE_JIT=0).
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/err.h"
#include "vm/vm.h"

static struct hive_vm_prog *build(struct hive_vm *vm, const char *src)
{
	struct isa_error err = { 0 };
	struct hive_vm_prog *prog;
	struct hive_insn *insns;
	size_t cnt;

	if (isa_assemble(src, strlen(src), &insns, &cnt, &err))
		fail_msg("assembler: line %d: %s", err.idx, err.msg);
	/*
	 * As a verified image, so that fast-mode runs execute JIT machine code where the host has
	 * the JIT (ctest runs this file twice, the second time with BPFHIVE_JIT=0: the fast
	 * interpreter); checked-mode runs always interpret, so run_both() compares the two.
	 */
	prog = hive_vm_prog_new_opts(
		vm, insns, cnt,
		&(struct hive_vm_prog_opts){
			.sz = sizeof(struct hive_vm_prog_opts), .name = "test", .verified = true },
		&err);
	free(insns);
	if (IS_ERR(prog))
		fail_msg("validator: insn %d: %s", err.idx, err.msg);
	return prog;
}

/* Run in one mode; returns the exec status, r0 in *r0. */
static int run_mode(struct hive_vm_prog *prog, bool checked, uint64_t r1, uint64_t *r0, char *msg,
		    size_t msg_len)
{
	struct hive_vm_run_opts opts = { .sz = sizeof(opts), .checked = checked };
	struct hive_vm_run run;
	int ret;

	hive_vm_run_init(&run, prog, &opts);
	ret = hive_vm_run_exec(&run, &r1, 1, r0);
	if (msg)
		snprintf(msg, msg_len, "%s", hive_vm_run_error(&run));
	hive_vm_run_fini(&run);
	return ret;
}

/* Both modes must succeed with the same r0, which is returned. */
static uint64_t run_both(struct hive_vm *vm, const char *src)
{
	struct hive_vm_prog *prog = build(vm, src);
	uint64_t fast = 1, checked = 2;
	char msg[256];

	if (run_mode(prog, true, 0, &checked, msg, sizeof(msg)))
		fail_msg("checked: %s\n%s", msg, src);
	assert_int_equal(run_mode(prog, false, 0, &fast, NULL, 0), 0);
	assert_int_equal(fast, checked);
	hive_vm_prog_free(prog);
	return fast;
}

static void test_arith_edges(void **state)
{
	struct hive_vm *vm = hive_vm_new();

	/* division and modulo by zero */
	assert_int_equal(run_both(vm, "mov %r0, 7\nmov %r1, 0\ndiv %r0, %r1\nexit"), 0);
	assert_int_equal(run_both(vm, "mov %r0, 7\nmov %r1, 0\nmod %r0, %r1\nexit"), 7);
	assert_int_equal(run_both(vm, "lddw %r0, 0x100000007\nmod32 %r0, 0\nexit"), 7);
	assert_int_equal(run_both(vm, "lddw %r0, 0x100000007\nsmod32 %r0, 0\nexit"), 7);
	assert_int_equal(run_both(vm, "mov %r0, -7\nsdiv %r0, 0\nexit"), 0);
	/* INT_MIN / -1 and INT_MIN % -1 */
	assert_int_equal(run_both(vm, "lddw %r0, 0x8000000000000000\nsdiv %r0, -1\nexit"),
			 0x8000000000000000ull);
	assert_int_equal(run_both(vm, "lddw %r0, 0x8000000000000000\nsmod %r0, -1\nexit"), 0);
	assert_int_equal(run_both(vm, "mov32 %r0, 0x80000000\nsdiv32 %r0, -1\nexit"), 0x80000000);
	assert_int_equal(run_both(vm, "mov32 %r0, 0x80000000\nmov %r1, -1\nsmod32 %r0, %r1\nexit"),
			 0);
	/* signed division truncates towards zero, modulo takes the dividend's sign */
	assert_int_equal(run_both(vm, "mov %r0, -7\nsdiv %r0, 2\nexit"), (uint64_t)-3);
	assert_int_equal(run_both(vm, "mov %r0, -7\nsmod %r0, 2\nexit"), (uint64_t)-1);
	/* unsigned division by a negative immediate: sign-extended to 64 bits */
	assert_int_equal(run_both(vm, "mov %r0, -1\ndiv %r0, -1\nexit"), 1);
	assert_int_equal(run_both(vm, "mov %r0, -1\ndiv32 %r0, -1\nexit"), 1);
	/* shifts masked to the width */
	assert_int_equal(run_both(vm, "mov %r0, 1\nlsh %r0, 65\nexit"), 2);
	assert_int_equal(run_both(vm, "mov %r0, 1\nmov %r1, 33\nlsh32 %r0, %r1\nexit"), 2);
	assert_int_equal(run_both(vm, "mov %r0, -1\narsh32 %r0, 4\nexit"), 0xffffffff);
	assert_int_equal(run_both(vm, "mov %r0, -16\narsh %r0, 2\nexit"), (uint64_t)-4);
	/* 32-bit results are zero-extended */
	assert_int_equal(run_both(vm, "mov %r0, -1\nadd32 %r0, 0\nexit"), 0xffffffff);
	assert_int_equal(run_both(vm, "mov %r0, 1\nneg32 %r0\nexit"), 0xffffffff);
	assert_int_equal(run_both(vm, "mov %r0, -1\nmov32 %r0, %r0\nexit"), 0xffffffff);
	assert_int_equal(run_both(vm, "mov %r1, 0x80\nmovsx832 %r0, %r1\nexit"), 0xffffff80);
	assert_int_equal(run_both(vm, "mov %r1, 0x8000\nmovsx1664 %r0, %r1\nexit"),
			 0xffffffffffff8000ull);
	/* byte swaps */
	assert_int_equal(run_both(vm, "lddw %r0, 0x1122334455667788\nbe32 %r0\nexit"), 0x88776655);
	assert_int_equal(run_both(vm, "lddw %r0, 0x1122334455667788\nle16 %r0\nexit"), 0x7788);
	assert_int_equal(run_both(vm, "lddw %r0, 0x1122334455667788\nbswap64 %r0\nexit"),
			 0x8877665544332211ull);
	hive_vm_free(vm);
}

static void test_memory_and_atomics(void **state)
{
	struct hive_vm *vm = hive_vm_new();

	assert_int_equal(run_both(vm, "stdw [%r10-8], -2\nldxsw %r0, [%r10-8]\nexit"),
			 (uint64_t)-2);
	assert_int_equal(run_both(vm, "stw [%r10-4], 0x80\nldxsb %r0, [%r10-4]\nexit"),
			 (uint64_t)-128);
	assert_int_equal(run_both(vm, "mov %r1, 5\nstxdw [%r10-8], %r1\nmov %r2, 3\n"
				      "lock fetch add [%r10-8], %r2\nldxdw %r0, [%r10-8]\n"
				      "lsh %r0, 8\nor %r0, %r2\nexit"),
			 (8 << 8) | 5);
	assert_int_equal(run_both(vm, "stw [%r10-4], 9\nmov %r0, 9\nmov %r1, 4\n"
				      "lock cmpxchg32 [%r10-4], %r1\nldxw %r1, [%r10-4]\n"
				      "lsh %r0, 8\nor %r0, %r1\nexit"),
			 (9 << 8) | 4);
	assert_int_equal(run_both(vm, "stw [%r10-4], 9\nmov %r0, 1\nmov %r1, 4\n"
				      "lock cmpxchg32 [%r10-4], %r1\nldxw %r1, [%r10-4]\n"
				      "lsh %r0, 8\nor %r0, %r1\nexit"),
			 (9 << 8) | 9);
	assert_int_equal(run_both(vm,
				  "stdw [%r10-8], 7\nldacqdw %r0, [%r10-8]\nmov %r1, 3\n"
				  "strelb [%r10-8], %r1\nldxdw %r1, [%r10-8]\nadd %r0, %r1\nexit"),
			 7 + 3);
	hive_vm_free(vm);
}

static void test_local_calls_and_depth(void **state)
{
	struct hive_vm *vm = hive_vm_new();
	struct hive_vm_prog *prog;
	char src[2048], msg[256];
	size_t len = 0;
	uint64_t r0;

	/* callee frames are 512 bytes apart; r6-r9 survive calls */
	assert_int_equal(run_both(vm, "mov %r6, 6\nmov %r1, %r10\ncall local f\nsub %r1, %r0\n"
				      "mov %r0, %r1\nadd %r0, %r6\nexit\n"
				      "f: mov %r6, 0\nmov %r0, %r10\nexit"),
			 512 + 6);
	/* 8 frames deep is allowed, 9 is not */
	for (int depth = 8; depth <= 9; depth++) {
		len = 0;
		for (int i = 1; i < depth; i++)
			len += snprintf(src + len, sizeof(src) - len,
					"call local f%d\nexit\nf%d:\n", i, i);
		len += snprintf(src + len, sizeof(src) - len, "mov %%r0, 42\nexit\n");
		prog = build(vm, src);
		for (int checked = 0; checked < 2; checked++) {
			int ret = run_mode(prog, checked, 0, &r0, msg, sizeof(msg));

			if (depth == 8) {
				assert_int_equal(ret, 0);
				assert_int_equal(r0, 42);
			} else {
				assert_int_equal(ret, -ELOOP);
				assert_string_equal(
					msg, "insn 14: call stack too deep (more than 8 frames)");
			}
		}
		hive_vm_prog_free(prog);
	}
	hive_vm_free(vm);
}

static uint64_t h_sum(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e,
		      struct hive_vm_run *run)
{
	return a + b + c + d + e + *(uint64_t *)run->user + run->cpu;
}

static uint64_t h_loop(uint64_t n, uint64_t fn, uint64_t ctx, uint64_t d, uint64_t e,
		       struct hive_vm_run *run)
{
	uint64_t acc = 0;

	/* like bpf_loop: call fn(i, ctx) n times, stop when it returns 1 */
	for (uint64_t i = 0; i < n; i++) {
		uint64_t r = hive_vm_call(run, fn, i, ctx, 0, 0, 0);

		acc += r;
		if (r == 1000)
			break;
	}
	return acc;
}

static void test_helpers_kfuncs_callbacks(void **state)
{
	struct hive_vm *vm = hive_vm_new();
	struct hive_vm_run_opts opts = { .sz = sizeof(opts), .cpu = 3 };
	struct hive_vm_prog *prog;
	struct hive_vm_run run;
	uint64_t extra = 100, r0;
	int slot;

	assert_int_equal(hive_vm_set_helper(vm, 1, "sum", h_sum), 0);
	assert_int_equal(hive_vm_set_helper(vm, 70000, "bad", h_sum), -EINVAL);
	slot = hive_vm_add_kfunc(vm, "loop", h_loop);
	assert_true(slot >= 0);
	assert_int_equal(hive_vm_find_kfunc(vm, "loop"), slot);
	assert_int_equal(hive_vm_find_kfunc(vm, "nope"), -ENOENT);
	opts.user = &extra;
	prog = build(vm, "mov %r1, 1\nmov %r2, 2\nmov %r3, 3\nmov %r4, 4\nmov %r5, 5\ncall 1\n"
			 "mov %r6, %r0\n"
			 "mov %r1, 4\nlddw %r2, func(cb)\nmov %r3, 10\ncall kfunc 0\n"
			 "add %r0, %r6\nexit\n"
			 "cb: mov %r0, %r1\nmul %r0, %r2\nexit");
	for (int checked = 0; checked < 2; checked++) {
		opts.checked = checked;
		hive_vm_run_init(&run, prog, &opts);
		assert_int_equal(hive_vm_run_exec(&run, NULL, 0, &r0), 0);
		/* 15 + 100 + cpu 3, then (0+1+2+3) * 10 */
		assert_int_equal(r0, 118 + 60);
		hive_vm_run_fini(&run);
	}
	hive_vm_prog_free(prog);
	hive_vm_free(vm);
}

static uint64_t h_bad_callback(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e,
			       struct hive_vm_run *run)
{
	return hive_vm_call(run, a, 0, 0, 0, 0, 0) + 5;
}

static uint64_t h_exit(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e,
		       struct hive_vm_run *run)
{
	hive_vm_exit(run, a);
	return 0;
}

static uint64_t h_fault(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e,
			struct hive_vm_run *run)
{
	hive_vm_fault(run, "helper refused %llu", (unsigned long long)a);
	return 0;
}

static void test_requests(void **state)
{
	struct hive_vm *vm = hive_vm_new();
	struct hive_vm_prog *prog;
	uint64_t r0 = 0;
	char msg[256];

	hive_vm_set_helper(vm, 2, "bad_cb", h_bad_callback);
	hive_vm_set_helper(vm, 3, "exit", h_exit);
	hive_vm_set_helper(vm, 4, "fault", h_fault);
	/* a callback address that is not a function */
	prog = build(vm, "mov %r1, 12345\ncall 2\nexit");
	assert_int_equal(run_mode(prog, true, 0, &r0, msg, sizeof(msg)), -EINVAL);
	assert_string_equal(msg,
			    "insn 1: callback address 0x3039 is not a function of program 'test'");
	hive_vm_prog_free(prog);
	/* exit from a helper, even inside a callback inside a call */
	prog = build(vm, "call local f\nmov %r0, 1\nexit\n"
			 "f: lddw %r1, func(cb)\ncall 2\nmov %r0, 2\nexit\n"
			 "cb: mov %r1, 77\ncall 3\nmov %r0, 3\nexit");
	for (int checked = 0; checked < 2; checked++) {
		assert_int_equal(run_mode(prog, checked, 0, &r0, NULL, 0), 0);
		assert_int_equal(r0, 77);
	}
	hive_vm_prog_free(prog);
	/* a helper's fault names the calling instruction */
	prog = build(vm, "mov %r1, 9\nmov %r1, 9\ncall 4\nmov %r0, 0\nexit");
	assert_int_equal(run_mode(prog, false, 0, &r0, msg, sizeof(msg)), -EINVAL);
	assert_string_equal(msg, "insn 2: helper refused 9");
	hive_vm_prog_free(prog);
	/* unknown helper and kfunc */
	prog = build(vm, "call 1\nexit");
	assert_int_equal(run_mode(prog, false, 0, &r0, msg, sizeof(msg)), -ENOENT);
	assert_string_equal(msg, "insn 0: call to unknown helper 1 bpf_map_lookup_elem");
	hive_vm_prog_free(prog);
	prog = build(vm, "call kfunc 3\nexit");
	assert_int_equal(run_mode(prog, true, 0, &r0, msg, sizeof(msg)), -ENOENT);
	assert_string_equal(msg, "insn 0: call to unknown kfunc slot 3");
	hive_vm_prog_free(prog);
	hive_vm_free(vm);
}

static const struct hive_vm_prog *tail_target;

static uint64_t h_tail(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e,
		       struct hive_vm_run *run)
{
	return hive_vm_tail_call(run, tail_target) ? (uint64_t)-1 : 0;
}

static void test_tail_calls(void **state)
{
	struct hive_vm *vm = hive_vm_new();
	struct hive_vm_prog *a, *b;
	uint64_t r0, count = 0;
	struct hive_vm_run_opts opts = { .sz = sizeof(opts) };
	struct hive_vm_run run;

	hive_vm_set_helper(vm, 12, "tail_call", h_tail);
	/* a: tail-calls b, which sees r1 and the stack frame unchanged */
	a = build(vm, "stdw [%r10-8], 40\ncall 12\nmov %r0, -1\nexit");
	b = build(vm, "ldxdw %r0, [%r10-8]\nadd %r0, %r1\nexit");
	tail_target = b;
	for (int checked = 0; checked < 2; checked++) {
		assert_int_equal(run_mode(a, checked, 2, &r0, NULL, 0), 0);
		assert_int_equal(r0, 42);
	}
	hive_vm_prog_free(a);
	/*
	 * a program tail-calling itself: the 34th attempt fails and the program goes on (with
	 * the context from r6: a call clobbers r1-r5, and JIT code does clobber them)
	 */
	a = build(vm, "mov %r6, %r1\nldxdw %r2, [%r1+0]\nadd %r2, 1\nstxdw [%r1+0], %r2\n"
		      "call 12\nldxdw %r0, [%r6+0]\nexit");
	tail_target = a;
	for (int checked = 0; checked < 2; checked++) {
		uint64_t arg = (uintptr_t)&count;

		count = 0;
		opts.checked = checked;
		hive_vm_run_init(&run, a, &opts);
		assert_int_equal(hive_vm_run_add_region(&run, &count, sizeof(count), true), 0);
		assert_int_equal(hive_vm_run_exec(&run, &arg, 1, &r0), 0);
		assert_int_equal(r0, 1 + HIVE_VM_MAX_TAIL_CALLS);
		hive_vm_run_fini(&run);
	}
	assert_int_equal(hive_vm_tail_call(&run, NULL), -EINVAL);
	hive_vm_prog_free(a);
	hive_vm_prog_free(b);
	hive_vm_free(vm);
}

static uint8_t magic = 7;

/* Checked mode's callback: `magic` may be read, one byte at a time, never written. */
static bool allow_magic(struct hive_vm_run *run, uint64_t addr, uint64_t size, bool write,
			void *ctx)
{
	return addr == (uintptr_t)&magic && size == 1 && !write;
}

static void test_checked_faults(void **state)
{
	static const struct {
		const char *src;
		int err;
		const char *msg;
	} cases[] = {
		{ "ldxdw %r0, [%r1+0]\nexit", -EFAULT,
		  "insn 0: invalid read of 8 bytes at 0x0 (outside the stack and every memory region)" },
		{ "mov %r0, 0\nstxb [%r1+16], %r0\nexit", -EFAULT,
		  "insn 1: invalid write of 1 byte at 0x10 (outside the stack and every memory region)" },
		{ "ldxdw %r0, [%r10-520]\nexit", -EFAULT,
		  "stack offset -520 from r10 is outside the frame" },
		{ "ldxw %r0, [%r10+0]\nexit", -EFAULT,
		  "stack offset 0 from r10 is outside the frame" },
		{ "mov %r1, 1\nlock add [%r10-12], %r1\nexit", -EFAULT,
		  "insn 1: misaligned atomic access of 8 bytes at" },
		{ "mov %r0, 0\nja -1\nexit", -E2BIG,
		  "insn 1: instruction budget of 1000 exhausted (endless loop?)" },
		{ "addr_space_cast %r0, %r1, 0, 1\nexit", -EINVAL,
		  "insn 0: addr_space_cast needs a BPF arena" },
		{ "ldabsb 0\nexit", -EFAULT, "insn 0: ldabsb without packet data" },
	};
	struct hive_vm *vm = hive_vm_new();
	struct hive_vm_run_opts opts = {
		.sz = sizeof(opts), .checked = true, .insn_budget = 1000, .access_fn = allow_magic
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct hive_vm_prog *prog = build(vm, cases[i].src);
		struct hive_vm_run run;
		uint64_t r0;
		int ret;

		hive_vm_run_init(&run, prog, &opts);
		ret = hive_vm_run_exec(&run, NULL, 0, &r0);
		if (ret != cases[i].err || !strstr(hive_vm_run_error(&run), cases[i].msg))
			fail_msg("'%s': got %d '%s'", cases[i].src, ret, hive_vm_run_error(&run));
		hive_vm_run_fini(&run);
		hive_vm_prog_free(prog);
	}
	hive_vm_free(vm);
}

static void test_regions(void **state)
{
	static const char *const srcs[] = {
		/* reads of the read-only region and of `magic` pass, the write to ro[] not */
		"ldxb %r0, [%r1+0]\nldxb %r3, [%r1+1]\nadd %r0, %r3\nldxb %r3, [%r2+0]\n"
		"stb [%r1+0], 1\nexit",
		/* the callback refuses writes to `magic` */
		"ldxb %r3, [%r2+0]\nstb [%r2+0], 1\nexit",
	};
	struct hive_vm *vm = hive_vm_new();
	struct hive_vm_run_opts opts = { .sz = sizeof(opts),
					 .checked = true,
					 .access_fn = allow_magic };
	uint8_t ro[2] = { 3, 4 };
	uint64_t args[2] = { (uintptr_t)ro, (uintptr_t)&magic }, r0;
	char want[2][160];

	snprintf(want[0], sizeof(want[0]),
		 "insn 4: invalid write of 1 byte at 0x%llx (the memory region is read-only)",
		 (unsigned long long)args[0]);
	snprintf(want[1], sizeof(want[1]),
		 "insn 1: invalid write of 1 byte at 0x%llx (outside the stack and every memory "
		 "region)",
		 (unsigned long long)args[1]);
	for (int i = 0; i < 2; i++) {
		struct hive_vm_prog *prog = build(vm, srcs[i]);
		struct hive_vm_run run;

		hive_vm_run_init(&run, prog, &opts);
		assert_int_equal(hive_vm_run_add_region(&run, ro, sizeof(ro), false), 0);
		assert_int_equal(hive_vm_run_exec(&run, args, 2, &r0), -EFAULT);
		assert_string_equal(hive_vm_run_error(&run), want[i]);
		assert_int_equal(hive_vm_run_fault_insn(&run), i ? 1 : 4);
		assert_false(hive_vm_check_access(&run, args[0], 1, true));
		assert_true(hive_vm_check_access(&run, args[0], 2, false));
		assert_false(hive_vm_check_access(&run, args[0], 3, false));
		assert_true(hive_vm_check_access(&run, args[1], 1, false));
		hive_vm_run_fini(&run);
		hive_vm_prog_free(prog);
	}
	assert_int_equal(magic, 7);
	hive_vm_free(vm);
}

static void test_may_goto(void **state)
{
	struct hive_vm *vm = hive_vm_new();

	/* the loop ends when the frame's budget of BPF_MAX_LOOPS is spent */
	assert_int_equal(run_both(vm, "mov %r0, 0\nloop: may_goto out\nadd %r0, 1\nja loop\n"
				      "out: exit"),
			 HIVE_MAX_LOOPS);
	hive_vm_free(vm);
}

static void test_packet_loads(void **state)
{
	struct hive_vm *vm = hive_vm_new();
	struct hive_vm_prog *prog = build(vm, "ldabsh 1\nmov %r6, %r0\nmov %r1, 2\nldindw %r1, 0\n"
					      "lsh %r6, 32\nor %r0, %r6\nexit");
	const uint8_t pkt[6] = { 0x11, 0x22, 0x33, 0x44, 0x55, 0x66 };
	struct hive_vm_run_opts opts = { .sz = sizeof(opts), .pkt = pkt, .pkt_len = sizeof(pkt) };
	struct hive_vm_run run;
	uint64_t r0;

	for (int checked = 0; checked < 2; checked++) {
		opts.checked = checked;
		opts.pkt_len = sizeof(pkt);
		hive_vm_run_init(&run, prog, &opts);
		assert_int_equal(hive_vm_run_exec(&run, NULL, 0, &r0), 0);
		assert_int_equal(r0, 0x2233ull << 32 | 0x33445566);
		/* out of bounds: the program ends with 0 */
		opts.pkt_len = 5;
		hive_vm_run_init(&run, prog, &opts);
		r0 = 1;
		assert_int_equal(hive_vm_run_exec(&run, NULL, 0, &r0), 0);
		assert_int_equal(r0, 0);
	}
	hive_vm_prog_free(prog);
	hive_vm_free(vm);
}

static void test_callx(void **state)
{
	struct hive_vm *vm = hive_vm_new();
	struct hive_vm_prog *prog;
	uint64_t r0;
	char msg[200];

	hive_vm_set_helper(vm, 1, "sum", h_sum);
	/* to a function address, then to a helper id */
	assert_int_equal(run_both(vm, "lddw %r2, func(f)\ncall %r2\nmov %r6, %r0\nexit\n"
				      "f: mov %r0, 5\nexit"),
			 5);
	prog = build(vm, "mov %r2, 0x12345678\ncall %r2\nexit");
	assert_int_equal(run_mode(prog, true, 0, &r0, msg, sizeof(msg)), -ENOENT);
	assert_string_equal(msg, "insn 1: callx to 0x12345678: neither a function of this program "
				 "nor a helper");
	hive_vm_prog_free(prog);
	prog = build(vm, "mov %r2, 5\ncall %r2\nexit");
	assert_int_equal(run_mode(prog, false, 0, &r0, msg, sizeof(msg)), -ENOENT);
	assert_string_equal(msg, "insn 1: callx to unknown helper 5 bpf_ktime_get_ns");
	hive_vm_prog_free(prog);
	hive_vm_free(vm);
}

static void test_prog_api(void **state)
{
	struct hive_vm *vm = hive_vm_new();
	const struct hive_insn bad[] = { { .code = 0x07, .off = 1 }, { .code = 0x95 } };
	struct isa_error err = { 0 };
	struct hive_vm_prog *prog;
	size_t cnt;

	prog = hive_vm_prog_new(vm, bad, 2, NULL, &err);
	assert_true(IS_ERR(prog));
	assert_int_equal(PTR_ERR(prog), -EINVAL);
	assert_int_equal(err.idx, 0);
	hive_vm_prog_free(prog); /* ERR_PTR is accepted */
	prog = build(vm, "lddw %r1, func(f)\nexit\nf: exit");
	assert_int_equal(hive_vm_prog_func_idx(prog, hive_vm_prog_func_addr(prog, 3)), 3);
	assert_int_equal(hive_vm_prog_func_idx(prog, hive_vm_prog_func_addr(prog, 2)), -1);
	assert_int_equal(hive_vm_prog_func_idx(prog, hive_vm_prog_func_addr(prog, 3) + 1), -1);
	assert_non_null(hive_vm_prog_insns(prog, &cnt));
	assert_int_equal(cnt, 4);
	assert_string_equal(hive_vm_prog_name(prog), "test");
	hive_vm_prog_free(prog);
	hive_vm_free(vm);
	hive_vm_free(NULL);
}

/*
 * r11 (BPF_REG_AX) in a verified image: the program is written with r8 standing for r11 (the
 * assembler, like the kernel's syntax, has no name for it), run once as it is and once with
 * every r8 operand turned into r11. Both must give the same results in both modes, which also
 * shows that r11 is a register of its own (neither r10 nor an alias of another).
 */
#define AX_SRC                                                                                    \
	"mov %r0, %r8\nldxb %r8, [%r1+0]\njset32 %r8, 4, skip\nadd %r0, 1000\n"                   \
	"skip: and32 %r8, -5\nstxb [%r1+0], %r8\nmov %r8, %r1\nadd %r8, 8\nstxdw [%r10-8], %r8\n" \
	"mov %r8, 0\nldxdw %r8, [%r10-8]\nldxdw %r2, [%r8+0]\nadd %r0, %r2\nmov %r8, %r10\n"      \
	"sub %r8, %r10\nadd %r0, %r8\nmov %r8, 3\nlsh %r0, %r8\nexit"

static uint64_t run_ax(struct hive_vm_prog *prog, bool checked, uint8_t *buf)
{
	struct hive_vm_run_opts opts = { .sz = sizeof(opts), .checked = checked };
	uint64_t r1 = (uintptr_t)buf, r0 = 0;
	struct hive_vm_run run;
	char msg[256];

	buf[0] = 0x0c;
	memset(buf + 1, 0, 7);
	*(uint64_t *)(buf + 8) = 0x1234;
	hive_vm_run_init(&run, prog, &opts);
	assert_int_equal(hive_vm_run_add_region(&run, buf, 16, true), 0);
	if (hive_vm_run_exec(&run, &r1, 1, &r0)) {
		snprintf(msg, sizeof(msg), "%s", hive_vm_run_error(&run));
		hive_vm_run_fini(&run);
		fail_msg("%s run: %s", checked ? "checked" : "fast", msg);
	}
	hive_vm_run_fini(&run);
	return r0;
}

static void test_reg_ax(void **state)
{
	struct hive_vm *vm = hive_vm_new();
	const struct hive_vm_prog_opts verified = { .sz = sizeof(verified), .verified = true };
	struct hive_vm_prog *raw, *ax, *rejected;
	uint8_t buf[16] __attribute__((aligned(8)));
	struct isa_error err = { 0 };
	struct hive_insn *insns;
	size_t cnt;

	assert_int_equal(isa_assemble(AX_SRC, strlen(AX_SRC), &insns, &cnt, &err), 0);
	raw = hive_vm_prog_new(vm, insns, cnt, "r8", &err);
	assert_false(IS_ERR(raw));
	for (size_t i = 0; i < cnt; i++) {
		if (insns[i].dst_reg == BPF_REG_8)
			insns[i].dst_reg = ISA_REG_AX;
		if (insns[i].src_reg == BPF_REG_8)
			insns[i].src_reg = ISA_REG_AX;
	}
	/* raw input may not name r11; a verified image may */
	rejected = hive_vm_prog_new(vm, insns, cnt, "raw", &err);
	assert_true(IS_ERR(rejected));
	assert_int_equal(err.idx, 0);
	assert_string_equal(err.msg, "R11 is invalid");
	rejected = hive_vm_prog_new_opts(vm, insns, cnt, NULL, &err);
	assert_true(IS_ERR(rejected));
	ax = hive_vm_prog_new_opts(vm, insns, cnt, &verified, &err);
	if (IS_ERR(ax))
		fail_msg("verified image: insn %d: %s", err.idx, err.msg);
	assert_string_equal(hive_vm_prog_name(ax), "prog");
	for (int checked = 0; checked < 2; checked++) {
		assert_int_equal(run_ax(raw, checked, buf), 0x1234 << 3);
		assert_int_equal(buf[0], 0x08);
		assert_int_equal(run_ax(ax, checked, buf), 0x1234 << 3);
		assert_int_equal(buf[0], 0x08);
	}
	free(insns);
	hive_vm_prog_free(raw);
	hive_vm_prog_free(ax);
	hive_vm_free(vm);
}

/* Options structs: a shorter one reads as zeroes, a longer one must have zero extra bytes. */
static void test_prog_opts(void **state)
{
	struct hive_vm *vm = hive_vm_new();
	const struct hive_insn prog[] = { { .code = 0xb7, .imm = 9 }, { .code = 0x95 } };
	struct {
		struct hive_vm_prog_opts o;
		uint64_t extra;
	} big = { .o = { .sz = sizeof(big), .name = "big" }, .extra = 0 };
	struct isa_error err = { 0 };
	struct hive_vm_prog *p;
	uint64_t r0 = 0;

	p = hive_vm_prog_new_opts(vm, prog, 2, &big.o, &err);
	assert_false(IS_ERR(p));
	assert_string_equal(hive_vm_prog_name(p), "big");
	assert_int_equal(run_mode(p, false, 0, &r0, NULL, 0), 0);
	assert_int_equal(r0, 9);
	hive_vm_prog_free(p);
	big.extra = 1;
	p = hive_vm_prog_new_opts(vm, prog, 2, &big.o, &err);
	assert_true(IS_ERR(p));
	assert_int_equal(PTR_ERR(p), -EINVAL);
	assert_int_equal(err.idx, -1);
	assert_non_null(strstr(err.msg, "unknown non-zero fields"));
	/* only sz: name and verified read as NULL and false */
	big.o.sz = sizeof(size_t);
	p = hive_vm_prog_new_opts(vm, prog, 2, &big.o, &err);
	assert_false(IS_ERR(p));
	assert_string_equal(hive_vm_prog_name(p), "prog");
	hive_vm_prog_free(p);
	big.o.sz = 3;
	assert_true(IS_ERR(hive_vm_prog_new_opts(vm, prog, 2, &big.o, &err)));
	hive_vm_free(vm);
}

/* Arguments: none may come as NULL (UBSan: no memcpy from NULL); NULL with a count is refused. */
/*
 * The pairs the JIT turns into one x86 instruction, and the same pairs where a jump lands on
 * the second instruction (which must then stay an instruction of its own).
 */
static void test_jit_pairs(void **state)
{
	struct hive_vm *vm = hive_vm_new();

	/* rX <<= 32; rX >>= 32 and s>>= 32: zero and sign extension */
	assert_int_equal(run_both(vm, "lddw %r0, 0x1234567887654321\nlsh %r0, 32\nrsh %r0, 32\n"
				      "exit"),
			 0x87654321);
	assert_int_equal(run_both(vm, "lddw %r0, 0x1234567887654321\nlsh %r0, 32\narsh %r0, 32\n"
				      "exit"),
			 0xffffffff87654321ull);
	/* rX = rY; rX += K: an address on the stack */
	assert_int_equal(run_both(vm, "stdw [%r10-16], 77\nmov %r1, %r10\nadd %r1, -16\n"
				      "ldxdw %r0, [%r1+0]\nexit"),
			 77);
	/* an ld_imm64 the next one overwrites */
	assert_int_equal(run_both(vm, "lddw %r0, 0x1111111111\nlddw %r0, 0x2222222222\nexit"),
			 0x2222222222ull);
	/* a jump to the second of each pair: the first must not have swallowed it */
	assert_int_equal(run_both(vm, "lddw %r0, 0x1234567887654321\nja +1\nlsh %r0, 32\n"
				      "rsh %r0, 32\nexit"),
			 0x12345678);
	assert_int_equal(run_both(vm, "mov %r1, 5\nmov %r0, 1\njeq %r1, 5, +1\nmov %r0, %r1\n"
				      "add %r0, 10\nexit"),
			 11);
	assert_int_equal(run_both(vm, "mov %r1, 1\nlddw %r0, 7\njeq %r1, 1, +2\n"
				      "lddw %r0, 0x1111111111\nlddw %r0, 0x2222222222\nexit"),
			 0x2222222222ull);
	hive_vm_free(vm);
}

/* On x86-64, verified images become JIT code unless BPFHIVE_JIT=0 says otherwise. */
static void test_jit_used(void **state)
{
	struct hive_vm *vm = hive_vm_new();
	struct hive_vm_prog *prog = build(vm, "mov %r0, 1\nexit");
	const char *env = getenv("BPFHIVE_JIT");
	bool want = env && !strcmp(env, "0") ? false : true;

#if !defined(__x86_64__)
	want = false;
#endif
	assert_int_equal(hive_vm_prog_jitted(prog), want);
	hive_vm_prog_free(prog);
	prog = hive_vm_prog_new(vm,
				(const struct hive_insn[]){ { .code = 0xb7 }, { .code = 0x95 } }, 2,
				"raw", NULL);
	assert_false(hive_vm_prog_jitted(prog)); /* raw input: never */
	hive_vm_prog_free(prog);
	hive_vm_free(vm);
}

static void test_exec_args(void **state)
{
	struct hive_vm *vm = hive_vm_new();
	struct hive_vm_prog *prog = build(vm, "mov %r0, %r1\nadd %r0, %r5\nexit");
	const uint64_t five[5] = { 1, 2, 3, 4, 5 }, six[6] = { 0 };
	struct hive_vm_run run;
	uint64_t r0 = 99;

	for (int checked = 0; checked < 2; checked++) {
		struct hive_vm_run_opts opts = { .sz = sizeof(opts), .checked = checked };

		hive_vm_run_init(&run, prog, &opts);
		assert_int_equal(hive_vm_run_exec(&run, NULL, 0, &r0), 0);
		assert_int_equal(r0, 0);
		assert_int_equal(hive_vm_run_exec(&run, five, 5, &r0), 0);
		assert_int_equal(r0, 6);
		r0 = 99;
		assert_int_equal(hive_vm_run_exec(&run, NULL, 1, &r0), -EINVAL);
		assert_int_equal(hive_vm_run_exec(&run, six, 6, &r0), -EINVAL);
		assert_int_equal(r0, 99);
		hive_vm_run_fini(&run);
	}
	hive_vm_prog_free(prog);
	hive_vm_free(vm);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arith_edges),
		cmocka_unit_test(test_memory_and_atomics),
		cmocka_unit_test(test_local_calls_and_depth),
		cmocka_unit_test(test_helpers_kfuncs_callbacks),
		cmocka_unit_test(test_requests),
		cmocka_unit_test(test_tail_calls),
		cmocka_unit_test(test_checked_faults),
		cmocka_unit_test(test_regions),
		cmocka_unit_test(test_may_goto),
		cmocka_unit_test(test_packet_loads),
		cmocka_unit_test(test_callx),
		cmocka_unit_test(test_prog_api),
		cmocka_unit_test(test_reg_ax),
		cmocka_unit_test(test_prog_opts),
		cmocka_unit_test(test_exec_args),
		cmocka_unit_test(test_jit_used),
		cmocka_unit_test(test_jit_pairs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
