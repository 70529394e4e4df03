/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/graph/cases.h: the graph-collection corpus as data.
 *
 * A case names one BPF object of tests/graph/progs (built into GC_PROGS_DIR/<obj>.bpf.o), the
 * program(s) it loads and what must happen:
 *
 *   GC_REJECT  load exactly @prog; the load must fail and the verifier log must match @msg
 *              (literal text in which {{...}} is a POSIX extended regex, as in the kernel
 *              selftests' __msg()). @err, when non-zero, is the errno the load must return
 *              (map or BTF failures that print nothing in the verifier log).
 *   GC_ACCEPT  load exactly @prog; it must load (spec's "loaded only" successes).
 *   GC_RUN     load the programs the steps name (in one object, so they share maps and
 *              globals), then run the steps in order: BPF_PROG_TEST_RUN with an expected
 *              retval, checks of global variables, user-space map updates.
 *   GC_BTF     upload raw BTF made by @build with BPF_BTF_LOAD; @err is the expected errno
 *              (0 = must load).
 *
 * @msg is written for our layouts (offsets computed from our structs, see each program's
 * header comment). Where this kernel prints something other than the spec's text, @note says
 * what the spec says and why ours differs.
 */
#ifndef __GC_CASES_H
#define __GC_CASES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct hive_btf;

enum gc_kind {
	GC_REJECT,
	GC_ACCEPT,
	GC_RUN,
	GC_BTF,
};

enum gc_step_op {
	GC_STEP_END = 0,
	GC_STEP_RUN, /* test-run @prog, retval must be @val (compared as u32) */
	GC_STEP_CHECK, /* global @var ("name" or "name[i]") must hold @val */
	GC_STEP_FILL, /* user space writes @size bytes of @byte to key 0 of data map @map */
};

struct gc_step {
	enum gc_step_op op;
	const char *prog;
	const char *var;
	int64_t val;
	const char *map; /* FILL: the map's name as the object names it (e.g. "vals", ".bss.A") */
	uint32_t size;
	uint8_t byte;
};

#define GC_RUN_(p, r)                                      \
	{                                                  \
		.op = GC_STEP_RUN, .prog = (p), .val = (r) \
	}
#define GC_CHECK_(v, x)                                     \
	{                                                   \
		.op = GC_STEP_CHECK, .var = (v), .val = (x) \
	}
#define GC_FILL_(m, n, b)                                                \
	{                                                                \
		.op = GC_STEP_FILL, .map = (m), .size = (n), .byte = (b) \
	}
#define GC_END_                   \
	{                         \
		.op = GC_STEP_END \
	}

/* Builds a raw BTF into @btf (empty on entry); returns 0 or -errno. */
typedef int (*gc_btf_build_fn)(struct hive_btf *btf);

struct gc_case {
	const char *name; /* unique: "<section>.<what>", e.g. "d1.nolock_add" */
	const char *section; /* spec section, e.g. "D.1" */
	enum gc_kind kind;
	const char *obj; /* object base name (REJECT/ACCEPT/RUN) */
	const char *prog; /* REJECT/ACCEPT: the one program loaded */
	const char *msg; /* REJECT: expected log text */
	int err; /* REJECT: expected errno (0: any); BTF: expected errno, 0 = loads */
	uint32_t log_level; /* 0: 1 */
	const struct gc_step *steps; /* RUN */
	gc_btf_build_fn build; /* BTF */
	const char *note; /* difference from the spec's text, or a remark */
};

/* The tables, each ending with a zeroed entry (name == NULL). */
extern const struct gc_case gc_fail_cases[]; /* D.1-D.3, D.4.c, D.6-D.10 */
extern const struct gc_case gc_ll_lock_cases[]; /* D.4.a/b, generated from ll_matrix.h */
extern const struct gc_case gc_btf_cases[]; /* D.5, E.4 */
extern const struct gc_case gc_ok_cases[]; /* E.1-E.3, E.5-E.7, kfunc coverage */
extern const struct gc_case gc_real_cases[]; /* realistic programs */

#endif /* __GC_CASES_H */
