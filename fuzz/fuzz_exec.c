// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzz/fuzz_exec.c: the validator and the checked interpreter on arbitrary bytecode.
 *
 *   input = [memory length, 1 byte][memory][instructions, 8 bytes each]
 *
 * Whatever validates runs in checked mode with the memory as its one region (r1 = its address,
 * r2 = its length), a small instruction budget, and helpers that exercise the interpreter's
 * services: callbacks (hive_vm_call), tail calls, exit and fault requests, access checks. It
 * must never crash or hang, and the optimised decoding (handler variants, superinstructions)
 * must give exactly what the plain decoding gives: same status, same r0, same message.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "vm/vm_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define BUDGET 20000

static uint64_t h_callback(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
			   struct hive_vm_run *run)
{
	return hive_vm_call(run, r1, r2, r3, r4, r5, 0) + 1;
}

static uint64_t h_tail_call(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
			    struct hive_vm_run *run)
{
	return (uint64_t)hive_vm_tail_call(run, run->prog);
}

static uint64_t h_exit(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
		       struct hive_vm_run *run)
{
	if (!r2)
		hive_vm_exit(run, r1);
	return r1;
}

static uint64_t h_fault(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
			struct hive_vm_run *run)
{
	if (r1 == 0xdead)
		hive_vm_fault(run, "fuzz helper fault");
	return r1 ^ r2;
}

static uint64_t h_check(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
			struct hive_vm_run *run)
{
	return hive_vm_check_access(run, r1, r2 & 0xff, r3 & 1);
}

struct outcome {
	int status;
	uint64_t r0;
	char msg[256];
};

static void run_prog(struct hive_vm_prog *prog, uint8_t *mem, size_t mem_len, struct outcome *out)
{
	struct hive_vm_run_opts opts = { .sz = sizeof(opts),
					 .checked = true,
					 .insn_budget = BUDGET };
	uint64_t args[2] = { (uintptr_t)mem, mem_len };
	/* one run object for both decodings: fault messages name the same stack addresses */
	static struct hive_vm_run run;

	hive_vm_run_init(&run, prog, &opts);
	if (mem_len && hive_vm_run_add_region(&run, mem, mem_len, true))
		abort();
	out->r0 = 0;
	out->status = hive_vm_run_exec(&run, args, 2, &out->r0);
	snprintf(out->msg, sizeof(out->msg), "%s", hive_vm_run_error(&run));
	hive_vm_run_fini(&run);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct hive_vm *vm;
	struct hive_vm_prog *opt, *plain;
	struct outcome a, b;
	size_t mem_len, cnt;
	struct hive_insn *insns;
	uint8_t *mem;

	if (!vm) {
		vm = hive_vm_new();
		if (!vm || hive_vm_set_helper(vm, 1, "callback", h_callback) ||
		    hive_vm_set_helper(vm, 2, "tail_call", h_tail_call) ||
		    hive_vm_set_helper(vm, 3, "exit", h_exit) ||
		    hive_vm_set_helper(vm, 4, "fault", h_fault) ||
		    hive_vm_set_helper(vm, 5, "check", h_check) ||
		    hive_vm_add_kfunc(vm, "callback", h_callback) < 0)
			abort();
	}
	if (size < 1)
		return 0;
	mem_len = data[0] < size - 1 ? data[0] : size - 1;
	cnt = (size - 1 - mem_len) / sizeof(struct hive_insn);
	/* copies, so that the sanitizers see the exact bounds */
	mem = malloc(mem_len ? mem_len : 1);
	insns = malloc(cnt ? cnt * sizeof(*insns) : 1);
	if (!mem || !insns)
		abort();
	memcpy(mem, data + 1, mem_len);
	memcpy(insns, data + 1 + mem_len, cnt * sizeof(*insns));
	opt = vm_prog_new(vm, insns, cnt, "fuzz", NULL, true);
	plain = vm_prog_new(vm, insns, cnt, "fuzz", NULL, false);
	if (IS_ERR(opt) != IS_ERR(plain))
		abort();
	if (!IS_ERR(opt)) {
		run_prog(opt, mem, mem_len, &a);
		memcpy(mem, data + 1, mem_len); /* the same memory for the second run */
		run_prog(plain, mem, mem_len, &b);
		if (a.status != b.status || (!a.status && a.r0 != b.r0) || strcmp(a.msg, b.msg)) {
			fprintf(stderr, "optimised: %d 0x%llx '%s'\nplain:     %d 0x%llx '%s'\n",
				a.status, (unsigned long long)a.r0, a.msg, b.status,
				(unsigned long long)b.r0, b.msg);
			abort();
		}
	}
	hive_vm_prog_free(opt);
	hive_vm_prog_free(plain);
	free(insns);
	free(mem);
	return 0;
}
