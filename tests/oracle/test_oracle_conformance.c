// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/oracle/test_oracle_conformance.c: the conformance programs on the kernel and on our
 * interpreter, compared.
 *
 * Each program of $HIVE_SHARED_DIR/conformance/tests is wrapped as a BPF_PROG_TYPE_SYSCALL
 * program whose context is the case's memory followed by 8 bytes for the result:
 *
 *     r6 = r1                          ; ctx
 *     r2 = <memory length>
 *     call pc+3                        ; the case's program, as a subprogram: r1 = ctx
 *     *(u64 *)(r6 + <result off>) = r0 ; the full 64-bit r0 (test_run's retval has 32)
 *     r0 = 0
 *     exit
 *     <the case's program>
 *
 * The kernel's verifier rejects many of these programs (reads of uninitialised registers,
 * division by an immediate zero, unaligned context accesses...): they are listed with the
 * verifier's reason and not compared. Every program the kernel runs must give our r0, and at
 * least MIN_COMPARED programs must be compared, so the test cannot pass by comparing nothing.
 * Without bpf() it prints SKIP and exits 77 (ctest shows it as skipped).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "data.h"
#include "oracle.h"
#include "vm/vm.h"

#define MIN_COMPARED 280
#define WRAP_LEN 6

static uint64_t unwind(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
		       struct hive_vm_run *run)
{
	if (!r1)
		hive_vm_exit(run, 0);
	return r1;
}

static struct hive_insn *wrap(const struct hive_insn *insns, size_t cnt, size_t mem_len,
			      size_t res_off)
{
	struct hive_insn *w = calloc(cnt + WRAP_LEN, sizeof(*w));

	if (!w)
		return NULL;
	w[0] = (struct hive_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_X,
				   .dst_reg = 6,
				   .src_reg = 1 };
	w[1] = (struct hive_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K,
				   .dst_reg = 2,
				   .imm = (int32_t)mem_len };
	w[2] = (struct hive_insn){ .code = BPF_JMP | BPF_CALL,
				   .src_reg = BPF_PSEUDO_CALL,
				   .imm = WRAP_LEN - 3 };
	w[3] = (struct hive_insn){ .code = BPF_STX | BPF_MEM | BPF_DW,
				   .dst_reg = 6,
				   .off = (int16_t)res_off };
	w[4] = (struct hive_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K };
	w[5] = (struct hive_insn){ .code = BPF_JMP | BPF_EXIT };
	memcpy(w + WRAP_LEN, insns, cnt * sizeof(*insns));
	return w;
}

/* The verifier's reason: the last line of its log before the "processed N insns" summary. */
static const char *reason(char *log)
{
	char *line = NULL;

	for (char *p = strtok(log, "\n"); p; p = strtok(NULL, "\n"))
		if (strncmp(p, "processed ", 10) && strncmp(p, "verification time", 17))
			line = p;
	return line ? line : "(empty log)";
}

/* Our r0 for the case (checked mode, r1 = memory, r2 = length). */
static int interp_r0(struct hive_vm *vm, const struct hive_insn *insns, size_t cnt,
		     struct conf_case *c, uint64_t *r0)
{
	struct hive_vm_run_opts opts = { .sz = sizeof(opts), .checked = true };
	uint64_t args[2] = { c->mem_len ? (uintptr_t)c->mem : 0, c->mem_len };
	struct hive_vm_prog *prog = hive_vm_prog_new(vm, insns, cnt, "case", NULL);
	struct hive_vm_run run;
	int ret;

	if (IS_ERR(prog))
		return PTR_ERR(prog);
	hive_vm_run_init(&run, prog, &opts);
	ret = c->mem_len ? hive_vm_run_add_region(&run, c->mem, c->mem_len, true) : 0;
	ret = ret ?: hive_vm_run_exec(&run, args, 2, r0);
	hive_vm_run_fini(&run);
	hive_vm_prog_free(prog);
	return ret;
}

/* The kernel's r0; 1 if the verifier rejected the program (reason in @log). */
static int kernel_r0(const struct hive_insn *insns, size_t cnt, const struct conf_case *c,
		     uint64_t *r0, char *log, size_t log_size)
{
	size_t res_off = (c->mem_len + 7) & ~7ul, ctx_len = res_off + 8;
	struct hive_insn *w = wrap(insns, cnt, c->mem_len, res_off);
	struct oracle_load_opts lopts = { .prog_type = ORACLE_PROG_SYSCALL,
					  .prog_flags =
						  ORACLE_F_SLEEPABLE, /* syscall progs must be */
					  .name = "conformance",
					  .log_buf = log,
					  .log_size = log_size };
	uint8_t *ctx = calloc(1, ctx_len);
	int fd, ret = -ENOMEM;

	if (!w || !ctx)
		goto out;
	if (c->mem_len)
		memcpy(ctx, c->mem, c->mem_len);
	fd = oracle_prog_load(w, cnt + WRAP_LEN, &lopts);
	if (fd < 0) {
		ret = 1;
		goto out;
	}
	/* a syscall program writes its context back into ctx_in */
	ret = oracle_test_run(fd, &(struct oracle_run){ .ctx_in = ctx, .ctx_size_in = ctx_len });
	if (!ret)
		memcpy(r0, ctx + res_off, sizeof(*r0));
	oracle_prog_close(fd);
out:
	free(w);
	free(ctx);
	return ret;
}

int main(void)
{
	const char *shared = getenv("HIVE_SHARED_DIR");
	int compared = 0, rejected = 0, mismatched = 0;
	struct hive_vm *vm;
	char dir[4096], **names;
	static char log[1 << 16];
	size_t cnt;

	if (!oracle_available()) {
		printf("SKIP: kernel oracle unavailable: %s\n", oracle_unavailable_reason());
		return 77;
	}
	snprintf(dir, sizeof(dir), "%s/conformance/tests", shared ? shared : HIVE_SHARED_DIR);
	vm = hive_vm_new();
	if (!vm || hive_vm_set_helper(vm, 5, "unwind", unwind) ||
	    conf_list_dir(dir, &names, &cnt)) {
		fprintf(stderr, "cannot read %s\n", dir);
		return 1;
	}
	for (size_t i = 0; i < cnt; i++) {
		const char *name = strrchr(names[i], '/') + 1;
		struct hive_insn *insns = NULL;
		struct isa_error err;
		uint64_t ours = 0, theirs = 0;
		struct conf_case c;
		char why[256];
		size_t n;
		int ret;

		if (conf_case_load(names[i], &c, why, sizeof(why)) || !c.asm_src ||
		    isa_assemble(c.asm_src, c.asm_len, &insns, &n, &err)) {
			printf("FAIL %s: cannot read or assemble\n", name);
			mismatched++;
			conf_case_free(&c);
			continue;
		}
		ret = kernel_r0(insns, n, &c, &theirs, log, sizeof(log));
		if (ret == 1) {
			printf("kernel rejects %s: %s\n", name, reason(log));
			rejected++;
		} else if (ret) {
			printf("FAIL %s: test run: %s\n", name, strerror(-ret));
			mismatched++;
		} else if ((ret = interp_r0(vm, insns, n, &c, &ours)) || ours != theirs) {
			printf("FAIL %s: kernel r0 = 0x%llx, interpreter %s0x%llx\n", name,
			       (unsigned long long)theirs, ret ? "failed, " : "",
			       (unsigned long long)ours);
			mismatched++;
		} else {
			compared++;
		}
		free(insns);
		conf_case_free(&c);
	}
	conf_free_list(names, cnt);
	hive_vm_free(vm);
	printf("%d programs compared with the kernel, %d rejected by its verifier\n", compared,
	       rejected);
	if (compared < MIN_COMPARED)
		printf("FAIL: fewer than %d programs compared\n", MIN_COMPARED);
	printf("%d passed, %d failed\n", compared, mismatched + (compared < MIN_COMPARED));
	return mismatched || compared < MIN_COMPARED;
}
