// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/conformance/conformance.c: runs the BPF conformance suite on the interpreter.
 *
 *   conformance_run [--expect pass|reject] [-v] DIR
 *
 * Each .data file goes through the whole pipeline: .data parse, assembler (or raw code),
 * validator (hive_vm_prog_new), then the interpreter in checked mode with r1 = the input
 * memory, r2 = its length. A case *passes* when the program ran and r0 equals `-- result`, or,
 * if it expects an `-- error`, when some stage failed. A case is *rejected* when any stage
 * failed, r0 differs from the expected result, or an expected error did not happen; every
 * case of negative/ must be rejected, and the line printed for it says why.
 *
 * Positive cases also run in fast mode, and as machine code from the JIT (a program made with
 * `verified` set, since the JIT takes only those), which must both give the same r0. On
 * x86-64 every positive case must have been compiled; the summary line says how many were.
 *
 * Helper 5 is ubpf's `unwind`, which the suite's call tests use: it returns r1, and when r1 is
 * 0 it ends the program with r0 = 0.
 *
 * Output: one line per case, then "N passed, N failed"; exit status 1 if any failed.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "data.h"
#include "vm/vm.h"

struct outcome {
	bool ran; /* the program ran to its end */
	uint64_t r0; /* its result, if it ran */
	char why[400]; /* otherwise: the stage and the error */
};

static uint64_t unwind(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
		       struct hive_vm_run *run)
{
	if (!r1)
		hive_vm_exit(run, 0);
	return r1;
}

static int run_mode(struct hive_vm_prog *prog, struct conf_case *c, bool checked,
		    struct outcome *out)
{
	struct hive_vm_run_opts opts = { .sz = sizeof(opts), .checked = checked };
	struct hive_vm_run run;
	uint64_t args[2] = { c->mem_len ? (uintptr_t)c->mem : 0, c->mem_len };
	int ret;

	hive_vm_run_init(&run, prog, &opts);
	if (c->mem_len && hive_vm_run_add_region(&run, c->mem, c->mem_len, true)) {
		snprintf(out->why, sizeof(out->why), "out of memory");
		return -ENOMEM;
	}
	ret = hive_vm_run_exec(&run, args, 2, &out->r0);
	if (ret)
		snprintf(out->why, sizeof(out->why), "runtime (%s mode): %s",
			 checked ? "checked" : "fast", hive_vm_run_error(&run));
	out->ran = !ret;
	hive_vm_run_fini(&run);
	return ret;
}

static int jitted;

/* The same program as machine code: r0 must be checked mode's. */
static void run_jit(struct hive_vm *vm, const struct hive_insn *insns, size_t cnt,
		    struct conf_case *c, struct outcome *out)
{
	struct hive_vm_prog_opts po = { .sz = sizeof(po), .name = "jit", .verified = true };
	struct hive_vm_prog *prog = hive_vm_prog_new_opts(vm, insns, cnt, &po, NULL);
	struct outcome jit_out = { 0 };

	if (IS_ERR(prog))
		return;
	if (!hive_vm_prog_jitted(prog)) {
#if defined(__x86_64__)
		out->ran = false;
		snprintf(out->why, sizeof(out->why), "the JIT did not compile it");
#endif
		hive_vm_prog_free(prog);
		return;
	}
	jitted++;
	if (!run_mode(prog, c, false, &jit_out) && jit_out.r0 != out->r0) {
		out->ran = false;
		snprintf(out->why, sizeof(out->why), "JIT returned 0x%llx, checked mode 0x%llx",
			 (unsigned long long)jit_out.r0, (unsigned long long)out->r0);
	} else if (!jit_out.ran) {
		out->ran = false;
		snprintf(out->why, sizeof(out->why), "JIT: %.390s", jit_out.why);
	}
	hive_vm_prog_free(prog);
}

/* Every stage of one case; fills @out. @fast also runs fast mode and the JIT, and compares. */
static void run_case(struct hive_vm *vm, const char *path, bool fast, struct conf_case *c,
		     struct outcome *out)
{
	struct isa_error err = { .idx = -1 };
	struct hive_insn *insns = NULL;
	struct hive_vm_prog *prog;
	struct outcome fast_out = { 0 };
	size_t cnt;
	char why[256];

	memset(out, 0, sizeof(*out));
	if (conf_case_load(path, c, why, sizeof(why))) {
		snprintf(out->why, sizeof(out->why), "data file: %s", why);
		return;
	}
	if (c->asm_src) {
		if (isa_assemble(c->asm_src, c->asm_len, &insns, &cnt, &err)) {
			snprintf(out->why, sizeof(out->why), "assembler: line %d: %s", err.idx,
				 err.msg);
			return;
		}
	} else {
		insns = malloc(c->raw_cnt * sizeof(*insns));
		if (!insns)
			return;
		memcpy(insns, c->raw, c->raw_cnt * sizeof(*insns));
		cnt = c->raw_cnt;
	}
	prog = hive_vm_prog_new(vm, insns, cnt, path, &err);
	if (IS_ERR(prog)) {
		free(insns);
		snprintf(out->why, sizeof(out->why), "validator: insn %d: %s", err.idx, err.msg);
		return;
	}
	if (!run_mode(prog, c, true, out) && fast && !run_mode(prog, c, false, &fast_out) &&
	    fast_out.r0 != out->r0) {
		out->ran = false;
		snprintf(out->why, sizeof(out->why),
			 "fast mode returned 0x%llx, checked mode 0x%llx",
			 (unsigned long long)fast_out.r0, (unsigned long long)out->r0);
	}
	if (fast && out->ran && fast_out.ran)
		run_jit(vm, insns, cnt, c, out);
	free(insns);
	hive_vm_prog_free(prog);
}

/* Positive verdict: NULL if the case passed, else why not (in @buf). */
static const char *judge_pass(const struct conf_case *c, const struct outcome *o, char *buf,
			      size_t size)
{
	if (c->has_error) {
		if (o->ran)
			snprintf(buf, size, "expected error '%s', but it ran and returned 0x%llx",
				 c->error, (unsigned long long)o->r0);
		return o->ran ? buf : NULL;
	}
	if (!o->ran)
		return o->why;
	if (!c->has_result) {
		snprintf(buf, size, "the file expects neither a result nor an error");
		return buf;
	}
	if (o->r0 != c->result) {
		snprintf(buf, size, "returned 0x%llx, expected 0x%llx", (unsigned long long)o->r0,
			 (unsigned long long)c->result);
		return buf;
	}
	return NULL;
}

/* Negative verdict: why the case was rejected, or NULL if it was not. */
static const char *judge_reject(const struct conf_case *c, const struct outcome *o, char *buf,
				size_t size)
{
	if (!o->ran)
		return o->why;
	if (c->has_error) {
		snprintf(buf, size, "expected error '%s' did not happen (r0 = 0x%llx)", c->error,
			 (unsigned long long)o->r0);
		return buf;
	}
	if (c->has_result && o->r0 != c->result) {
		snprintf(buf, size, "wrong result: 0x%llx, the file expects 0x%llx",
			 (unsigned long long)o->r0, (unsigned long long)c->result);
		return buf;
	}
	if (!c->has_result) {
		snprintf(buf, size, "the file expects neither a result nor an error");
		return buf;
	}
	return NULL;
}

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int run_dir(const char *dir, bool expect_pass, bool verbose)
{
	struct hive_vm *vm = hive_vm_new();
	int passed = 0, failed = 0;
	char **names;
	size_t cnt;

	if (!vm || hive_vm_set_helper(vm, 5, "unwind", unwind) ||
	    conf_list_dir(dir, &names, &cnt)) {
		fprintf(stderr, "conformance: cannot read %s: %s\n", dir, strerror(errno));
		hive_vm_free(vm);
		return 1;
	}
	for (size_t i = 0; i < cnt; i++) {
		struct conf_case c;
		struct outcome o;
		const char *why;
		char buf[512];
		bool ok;

		run_case(vm, names[i], expect_pass, &c, &o);
		why = expect_pass ? judge_pass(&c, &o, buf, sizeof(buf)) :
				    judge_reject(&c, &o, buf, sizeof(buf));
		ok = expect_pass ? !why : !!why;
		ok ? passed++ : failed++;
		if (expect_pass && (!ok || verbose))
			printf("%s %s%s%s\n", ok ? "PASS" : "FAIL", base_name(names[i]),
			       ok ? "" : ": ", ok ? "" : why);
		else if (!expect_pass)
			printf("%s %s%s%s\n", ok ? "REJECTED" : "NOT REJECTED", base_name(names[i]),
			       ok ? ": " : "", ok ? why : "");
		conf_case_free(&c);
	}
	printf("%d passed, %d failed%s\n", passed, failed,
	       expect_pass ? "" : " (a negative case passes when it is rejected)");
	if (expect_pass)
		printf("%d of them also ran as JIT machine code with the same r0\n", jitted);
	conf_free_list(names, cnt);
	hive_vm_free(vm);
	return failed || !cnt ? 1 : 0;
}

int main(int argc, char **argv)
{
	bool expect_pass = true, verbose = false;
	const char *dir = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--expect") && i + 1 < argc) {
			expect_pass = strcmp(argv[++i], "reject") != 0;
		} else if (!strcmp(argv[i], "-v")) {
			verbose = true;
		} else if (argv[i][0] != '-' && !dir) {
			dir = argv[i];
		} else {
			fprintf(stderr, "usage: %s [--expect pass|reject] [-v] DIR\n", argv[0]);
			return 2;
		}
	}
	if (!dir) {
		fprintf(stderr, "usage: %s [--expect pass|reject] [-v] DIR\n", argv[0]);
		return 2;
	}
	return run_dir(dir, expect_pass, verbose);
}
