/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/graph/corpus.h: what the driver's two sides (kernel: kside_case.c, bpfhive: hside.c)
 * report for one case, and the raw-BTF helper both use.
 */
#ifndef __GC_CORPUS_H
#define __GC_CORPUS_H

#include <stddef.h>
#include <stdint.h>

#include "cases.h"

enum gc_verdict {
	GC_V_OK,
	GC_V_FAIL,
	GC_V_SKIP, /* kernel side: bpf() not permitted */
	GC_V_UNSUPPORTED, /* bpfhive side: the needed component has not landed */
};

struct gc_result {
	enum gc_verdict v;
	char reason[1024]; /* why not OK */
	/* What was observed, one line (newlines as "\n"): the matched log line(s) of a
	 * rejection, the errno of a BTF load, the retvals and checked globals of a run. */
	char answer[2048];
};

/* Where the case's object is: @dir/<obj>.bpf.o */
void gc_obj_path(const struct gc_case *c, const char *dir, char *path, size_t sz);

/* The case's raw BTF (GC_BTF), malloc'ed; -errno if the builder failed. */
int gc_build_btf(const struct gc_case *c, void **raw, uint32_t *size);

/* The distinct programs a RUN case's steps name (NULL terminated, at most @max - 1). */
void gc_step_progs(const struct gc_case *c, const char **progs, int max);

void gc_kernel_case(const struct gc_case *c, const char *dir, struct gc_result *r);
void gc_hive_case(const struct gc_case *c, const char *dir, const char *kernel_answer,
		  struct gc_result *r);

/*
 * gc_one_line() - @src as one line of an answer: newlines written as "\n", and the BTF id in
 * "call NAME#12345" as "#ID" (kfunc ids differ between kernel builds, and bpfhive's own).
 */
void gc_one_line(char *dst, size_t sz, const char *src);

/* printf into a result field, appending */
void gc_appendf(char *buf, size_t sz, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

#endif /* __GC_CORPUS_H */
