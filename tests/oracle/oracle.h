/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/oracle/oracle.h: the running kernel as an oracle, for tests and benchmarks only (it
 * links Debian's libbpf; nothing under src/ may use it).
 *
 *   if (!oracle_available()) { printf("SKIP: %s\n", oracle_unavailable_reason()); ... }
 *   fd = oracle_prog_load(insns, cnt, &(struct oracle_load_opts){ .prog_type = ... });
 *   oracle_test_run(fd, &(struct oracle_run){ .data_in = pkt, .data_size_in = 64, .repeat = 1000 });
 *   oracle_prog_close(fd);
 *
 * It deliberately does not include <linux/bpf.h>, so that a file can use it together with
 * src/isa/insn.h: program types are the kernel's enum bpf_prog_type values, the ones tests use
 * being named below. Later: loading whole ELF objects, reading maps.
 */
#ifndef __HIVE_TESTS_ORACLE_H
#define __HIVE_TESTS_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* enum bpf_prog_type values (checked against the UAPI in oracle.c) */
enum oracle_prog_type {
	ORACLE_PROG_SOCKET_FILTER = 1,
	ORACLE_PROG_SCHED_CLS = 3,
	ORACLE_PROG_XDP = 6,
	ORACLE_PROG_SYSCALL = 31,
};

/* BPF_F_SLEEPABLE, for oracle_load_opts.prog_flags */
#define ORACLE_F_SLEEPABLE (1U << 4)

/**
 * oracle_available() - may this process load and run BPF programs in the kernel? Decided once
 * (by loading a two-instruction socket filter) and cached. When false, callers print a visible
 * SKIP with oracle_unavailable_reason().
 */
bool oracle_available(void);
const char *oracle_unavailable_reason(void);

struct oracle_load_opts {
	int prog_type; /* enum oracle_prog_type / enum bpf_prog_type */
	const char *name; /* program name (at most 15 characters kept); NULL: "oracle" */
	const char *license; /* NULL: "GPL" */
	uint32_t prog_flags;
	int expected_attach_type;
	char *log_buf; /* verifier log of a rejected program, NUL-terminated; NULL: none */
	size_t log_size;
	uint32_t log_level; /* 0: 1 (the log is asked for only when a first load fails) */
};

/**
 * oracle_prog_load() - load @insn_cnt raw instructions (struct bpf_insn layout) as a program
 * of opts->prog_type. Returns the program fd, or -errno; on rejection the verifier's log is in
 * opts->log_buf.
 */
int oracle_prog_load(const void *insns, size_t insn_cnt, const struct oracle_load_opts *opts);

/* BPF_PROG_TEST_RUN arguments and results. */
struct oracle_run {
	const void *data_in;
	uint32_t data_size_in;
	void *data_out;
	uint32_t data_size_out; /* in: capacity of data_out; out: bytes written */
	const void *ctx_in;
	uint32_t ctx_size_in;
	void *ctx_out;
	uint32_t ctx_size_out; /* in: capacity of ctx_out; out: bytes written */
	uint32_t repeat; /* 0 or 1: once */
	/* results */
	uint32_t retval; /* the program's r0, truncated to 32 bits by the kernel */
	uint32_t duration_ns; /* the kernel's average time per repetition */
};

/** oracle_test_run() - BPF_PROG_TEST_RUN on @prog_fd. Returns 0 or -errno. */
int oracle_test_run(int prog_fd, struct oracle_run *run);

void oracle_prog_close(int prog_fd);

#endif /* __HIVE_TESTS_ORACLE_H */
