/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/verifier/asmcase.h: one verifier test program written in our assembler syntax, with its
 * environment in header comments:
 *
 *	# type: xdp                          program type (oracle_prog_type_by_name() names)
 *	# attach: 0                          expected attach type (number), optional
 *	# flags: 0                           BPF_PROG_LOAD prog_flags, optional
 *	# map: counters array key=4 value=16 entries=1 [flags=0x400]
 *	# expect: accept                     or: # expect: reject <text of the kernel's error line>
 *	# attach_func: bpf_fentry_test1      tracing/LSM: the attach target, a FUNC of vmlinux (for
 *	                                     tp_btf: the tracepoint name, btf_trace_<name> TYPEDEF)
 *	# sleepable: 1                       BPF_F_SLEEPABLE, optional
 *
 * In the program text, $kfunc(NAME) and $btf(NAME) become the vmlinux BTF id of the FUNC or
 * STRUCT NAME (asmcase_set_vmlinux() must have been called).
 * Maps are numbered in the order they are declared; the program refers to them with
 * lddw %rX, map_idx(N) / map_idx_value(N, off), which both the kernel (through fd_array) and
 * our verifier (through the map table) resolve.
 */
#ifndef __HIVE_TESTS_ASMCASE_H
#define __HIVE_TESTS_ASMCASE_H

#include <stdbool.h>
#include <stdint.h>

#include "isa/insn.h"

#define ASMCASE_MAX_MAPS 16

struct asmcase_map {
	char name[16];
	uint32_t type, key_size, value_size, max_entries, flags;
};

struct asmcase {
	char path[512];
	char name[128];
	int prog_type;
	uint32_t expected_attach_type;
	uint32_t prog_flags;
	struct asmcase_map maps[ASMCASE_MAX_MAPS];
	int nr_maps;
	bool expect_accept;
	bool has_expect;
	char expect_msg[256];
	char attach_func[128];
	uint32_t attach_btf_id; /* resolved attach_func, 0 if none */
	struct hive_insn *insns;
	size_t insn_cnt;
};

struct hive_btf;
/* The vmlinux BTF used to resolve $kfunc()/$btf() and attach_func. */
void asmcase_set_vmlinux(const struct hive_btf *btf);

/* Read and assemble @path. Returns 0, or -errno with @err (one line) filled. */
int asmcase_load(const char *path, struct asmcase *c, char *err, size_t err_size);
void asmcase_free(struct asmcase *c);

/* Map type number by name ("hash", "array", "percpu_array", "ringbuf", ...); -1 if unknown. */
int asmcase_map_type(const char *name);

#endif /* __HIVE_TESTS_ASMCASE_H */
