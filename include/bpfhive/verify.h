/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bpfhive/verify.h: the static verifier, as Linux 6.18's BPF_PROG_LOAD runs it.
 *
 *   char *log = NULL;
 *   HIVE_OPTS(hive_verify_opts, o, .log_level = 1);
 *   err = hive_program__verify(prog, &o, &log, NULL);   0: the kernel would accept it
 *   fputs(log, stderr);                                  the kernel's log, line for line
 *   free(log);
 *
 * The verdict is the errno the kernel returns (-EACCES, -EINVAL, -E2BIG, ...), the log uses the
 * kernel's messages and format and ends with its "processed N insns ..." statistics line; lines
 * of the program's source (from its line_info) are printed as the kernel prints them. The
 * verifier assumes a privileged loader (root: CAP_BPF, CAP_PERFMON, CAP_NET_ADMIN).
 */
#ifndef __HIVE_PUBLIC_VERIFY_H
#define __HIVE_PUBLIC_VERIFY_H

#include "bpfhive/common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct hive_program;

struct hive_verify_opts {
	size_t sz; /* sizeof(struct hive_verify_opts) */
	/* The kernel's log_level: 0 (errors only are kept, as with no log), 1, 2 (the state after
	 * every instruction); | 4 adds the statistics lines. Default 1. */
	uint32_t log_level;
	/* Bytes of log kept, as the kernel's log_size (its tail when the log is longer, and the
	 * verdict becomes -ENOSPC as in the kernel). 0: 16 MiB. */
	uint32_t log_size;
	/* Out (as libbpf's log_true_size): when not NULL, *hint receives, after a rejection, a
	 * short explanation in source terms that the kernel's log does not give (where a leaked
	 * reference was acquired, which bpf_spin_unlock invalidated a non-owning reference),
	 * one "  ..." line each, malloc'ed (the caller frees it); NULL when there is none.
	 * Never part of the log, which stays the kernel's byte for byte. */
	char **hint;
	size_t : 0;
};
#define hive_verify_opts__last_field hint

struct hive_verify_stats {
	uint32_t insn_processed; /* "processed N insns" */
	uint32_t max_states_per_insn;
	uint32_t total_states;
	uint32_t peak_states;
	uint32_t subprog_cnt;
	uint64_t verification_ns;
};

/**
 * hive_program__verify() - verify @prog (of an object that was prepared, or is prepared here)
 * as the kernel would on loading it. Returns 0 if the kernel would accept the program, else its
 * negative errno (also in errno). *@log, when @log is not NULL, receives the log (malloc'ed,
 * NUL-terminated; the caller frees it), also on rejection. @stats may be NULL.
 */
HIVE_API int hive_program__verify(struct hive_program *prog, const struct hive_verify_opts *opts,
				  char **log, struct hive_verify_stats *stats);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_PUBLIC_VERIFY_H */
