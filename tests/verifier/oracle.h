/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/verifier/oracle.h: the running kernel as the verifier's oracle, for tests and benchmarks
 * only. Raw bpf() calls: create maps, load a program with a verifier log, query what the kernel
 * reported. The instruction layout is the kernel's struct bpf_insn (the same bytes as
 * struct hive_insn), passed as an opaque pointer so that this header does not clash with either
 * <linux/bpf.h> or isa/insn.h.
 */
#ifndef __HIVE_TESTS_ORACLE_H
#define __HIVE_TESTS_ORACLE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True if bpf() works here (root, not forbidden by a seccomp filter). Cached. */
bool oracle_available(void);

struct oracle_map_spec {
	uint32_t type, key_size, value_size, max_entries, flags;
	const char *name;
	int btf_fd; /* 0: no BTF */
	uint32_t btf_key_type_id, btf_value_type_id;
	int inner_map_fd; /* map-in-map template, 0: none */
};

/* Create a map; returns its fd or -errno. */
int oracle_map_create(const struct oracle_map_spec *spec);
/* Write @value under @key; freeze the map if @freeze. Returns 0 or -errno. */
int oracle_map_update(int fd, const void *key, const void *value);
int oracle_map_freeze(int fd);

/* Load raw BTF bytes; returns the BTF fd or -errno (the kernel's log goes to @log). */
int oracle_btf_load(const void *data, uint32_t size, char *log, uint32_t log_size);

struct oracle_prog {
	uint32_t prog_type, expected_attach_type, prog_flags;
	const void *insns; /* struct bpf_insn[] */
	uint32_t insn_cnt;
	const int *fd_array; /* for BPF_PSEUDO_MAP_IDX(_VALUE) */
	uint32_t fd_array_cnt;
	int prog_btf_fd;
	const void *func_info; /* struct bpf_func_info[] */
	uint32_t func_info_cnt;
	const void *line_info; /* struct bpf_line_info[] */
	uint32_t line_info_cnt;
	uint32_t attach_btf_id;
	int attach_btf_obj_fd;
	uint32_t log_level;
	char *log;
	uint32_t log_size;
};

/*
 * Load a program. Returns the program fd (the caller closes it) or -errno; the verifier log is
 * in prog->log. The "processed N insns" count and verification time are parsed with
 * oracle_log_stats().
 */
int oracle_prog_load(struct oracle_prog *prog);

struct oracle_stats {
	long insns, max_states_per_insn, total_states, peak_states, mark_read;
	long verification_usec; /* -1 if the log did not say */
};

/* Parse the statistics lines of a verifier log; returns 0 if the "processed" line was found. */
int oracle_log_stats(const char *log, struct oracle_stats *st);

/*
 * The kernel's error line: the last line of @log that is not a statistics line ("processed ...",
 * "verification time ...", "stack depth ..."), copied without its newline. Returns its length,
 * or 0 if there is none.
 */
size_t oracle_log_error_line(const char *log, char *buf, size_t size);

/* Program type by section-like name ("socket_filter", "xdp", "tc", "syscall", ...); -1 if unknown. */
int oracle_prog_type_by_name(const char *name);

/* Close an fd (keeps <unistd.h> out of callers that do not need it). */
void oracle_close(int fd);

#endif /* __HIVE_TESTS_ORACLE_H */
