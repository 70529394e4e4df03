/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/verifier/progen.h: random BPF programs for the verifier's differential tests and its
 * fuzzer. A program is built from snippets that exercise the verifier's rules (scalar ALU,
 * stack spills and fills, context loads, map lookups with NULL checks and variable offsets,
 * packet range checks, bounded loops, static subprograms, bpf_loop callbacks, ring buffer
 * references, tail calls, pointer spills), with a small chance of a mistake in each so that
 * rejections are exercised too. The same seed always gives the same program.
 */
#ifndef __HIVE_TESTS_PROGEN_H
#define __HIVE_TESTS_PROGEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isa/insn.h"

#define PROGEN_MAX_INSNS 4096
#define PROGEN_NR_MAPS 5

/* The maps every generated program may refer to (map index = position). */
enum {
	PROGEN_MAP_ARRAY, /* array key=4 value=64 entries=4 */
	PROGEN_MAP_HASH, /* hash key=4 value=16 entries=16 */
	PROGEN_MAP_RINGBUF, /* ringbuf 4096 */
	PROGEN_MAP_PROG_ARRAY, /* prog_array entries=4 */
	PROGEN_MAP_PERCPU, /* percpu_array key=4 value=32 entries=2 */
};

struct progen_map {
	const char *name;
	uint32_t type, key_size, value_size, max_entries;
};

extern const struct progen_map progen_maps[PROGEN_NR_MAPS];

struct progen_opts {
	uint32_t prog_type; /* 0: chosen at random among socket_filter, xdp, tc */
	int max_snippets; /* default 12 */
	int mistake_permille; /* chance of a mistake per snippet, default 40 */
	bool no_subprogs;
};

struct progen_prog {
	uint32_t prog_type;
	struct hive_insn insns[PROGEN_MAX_INSNS];
	uint32_t insn_cnt;
};

/* Generate the program of @seed. Returns 0, or -E2BIG if it did not fit (rare). */
int progen_generate(uint64_t seed, const struct progen_opts *opts, struct progen_prog *out);

/* Mutate @p in place with a few random changes (opcode, register, offset, immediate, swap). */
void progen_mutate(uint64_t seed, struct progen_prog *p);

#endif /* __HIVE_TESTS_PROGEN_H */
