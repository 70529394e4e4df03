/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verifier/verifier.h: the static verifier as the rest of bpfhive calls it.
 *
 * The verifier receives a program the way the kernel's BPF_PROG_LOAD does, after the loader has
 * linked and relocated it, and answers the way the kernel does: a verdict, the same errno, the
 * same log text, the same "processed N insns" statistics. On success it also hands back the
 * program rewritten for the user-space runtime (context accesses converted to the runtime's
 * context layout, as the kernel's convert_ctx_accesses() does for the kernel's).
 *
 * What the input looks like (struct hive_verifier_input):
 *
 *   insns        after linking and relocation. Map references are ld_imm64 with src_reg
 *                BPF_PSEUDO_MAP_FD or BPF_PSEUDO_MAP_IDX (imm = index into @maps) or
 *                BPF_PSEUDO_MAP_VALUE / BPF_PSEUDO_MAP_IDX_VALUE (imm = index, next imm =
 *                offset into the value); kfunc calls have src_reg BPF_PSEUDO_KFUNC_CALL, imm =
 *                BTF id in @kfunc_btf (off = 0); callbacks are BPF_PSEUDO_FUNC ld_imm64.
 *   maps         one description per map index, symbolic (no runtime instance needed). An
 *                entry of type 0 (BPF_MAP_TYPE_UNSPEC) is a hole: referring to it is the
 *                kernel's "fd N is not pointing to valid bpf_map".
 *   btf, func_info, line_info
 *                the program's BTF and .BTF.ext records in instruction units: subprogram
 *                boundaries and global function prototypes come from func_info as in the kernel,
 *                line_info gives the "; source line @ file:N" annotations of the log.
 *
 * The verifier emulates a privileged loader (CAP_BPF, CAP_PERFMON, CAP_NET_ADMIN: what root
 * gets), which is what every user of a BPF toolchain runs as; the unprivileged mode's Spectre
 * mitigations are not modelled.
 */
#ifndef __HIVE_VERIFIER_VERIFIER_H
#define __HIVE_VERIFIER_VERIFIER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isa/insn.h"

#ifdef __cplusplus
extern "C" {
#endif

struct hive_btf;
struct hive_record;
struct btf_struct_metas;

/* The kernel's BPF_LOG_LEVEL1/2 and BPF_LOG_STATS bits of log_level. */
#define HIVE_LOG_LEVEL1 1
#define HIVE_LOG_LEVEL2 2
#define HIVE_LOG_STATS 4

/* BPF_PROG_LOAD prog_flags the verifier looks at (UAPI values). */
#define HIVE_F_STRICT_ALIGNMENT (1U << 0)
#define HIVE_F_ANY_ALIGNMENT (1U << 1)
#define HIVE_F_TEST_RND_HI32 (1U << 2)
#define HIVE_F_TEST_STATE_FREQ (1U << 3)
#define HIVE_F_SLEEPABLE (1U << 4)
#define HIVE_F_XDP_HAS_FRAGS (1U << 5)
#define HIVE_F_TEST_REG_INVARIANTS (1U << 7)

/* One map the program refers to. Everything is borrowed for the duration of the call. */
struct hive_verifier_map {
	const char *name; /* as the kernel keeps it: at most 15 characters are printed */
	uint32_t type; /* enum bpf_map_type */
	uint32_t key_size, value_size, max_entries;
	uint32_t flags; /* map_flags (BPF_F_RDONLY_PROG, BPF_F_MMAPABLE, ...) */
	uint64_t map_extra;
	const struct hive_btf *btf; /* BTF of key and value, NULL if the map has none */
	uint32_t btf_key_type_id, btf_value_type_id;
	const struct hive_record *record; /* special fields of the value, NULL for none */
	const struct hive_verifier_map *inner_map; /* map-in-map: the inner map template */
	/* Frozen by user space (BPF_MAP_FREEZE). A frozen BPF_F_RDONLY_PROG array is read-only
	 * data: loads from it are known constants, taken from @data.
	 */
	bool frozen;
	const void *data; /* value bytes of entry 0, for direct value reads; may be NULL */
	void *user; /* the caller's handle, returned untouched in the output */
};

/* The .BTF.ext records, in instruction units (not bytes). */
struct hive_verifier_func_info {
	uint32_t insn_off;
	uint32_t type_id; /* a BTF FUNC in @btf */
};

struct hive_verifier_line_info {
	uint32_t insn_off;
	uint32_t file_name_off; /* string offsets in @btf */
	uint32_t line_off;
	uint32_t line_col; /* line << 10 | column */
};

struct hive_verifier_input {
	const struct hive_insn *insns;
	uint32_t insn_cnt;
	uint32_t prog_type; /* enum bpf_prog_type */
	uint32_t expected_attach_type; /* enum bpf_attach_type */
	uint32_t prog_flags; /* HIVE_F_* */
	bool gpl_compatible; /* license is GPL-compatible */
	const char *prog_name; /* for messages, may be NULL */

	const struct hive_verifier_map *maps;
	uint32_t nr_maps;

	const struct hive_btf *btf; /* program BTF, may be NULL */
	const struct hive_verifier_func_info *func_info;
	uint32_t func_info_cnt;
	const struct hive_verifier_line_info *line_info;
	uint32_t line_info_cnt;

	/* Kernel BTF (vmlinux): kfunc prototypes, PTR_TO_BTF_ID types, attach targets. */
	const struct hive_btf *vmlinux_btf;
	/* Tracing/LSM/struct_ops: the BTF and id of the attach target (a FUNC or struct). */
	const struct hive_btf *attach_btf;
	uint32_t attach_btf_id;

	/* The struct metas of @btf (btf_parse_struct_metas()), NULL to have them computed. */
	const struct btf_struct_metas *struct_metas;
	/*
	 * Does the kernel know the address of symbol @name (kallsyms_lookup_name())? A typed ksym
	 * (ld_imm64 BPF_PSEUDO_BTF_ID) of a symbol it does not know is rejected. NULL: every
	 * symbol is known.
	 */
	bool (*ksym_exists)(void *ctx, const char *name);
	void *ksym_ctx;
	/* The kernel's nr_cpu_ids (bounds of bpf_get_smp_processor_id()); 0: this machine's. */
	uint32_t nr_cpu_ids;

	uint32_t log_level; /* HIVE_LOG_* */
	/* Log buffer: as the kernel's, the log keeps its tail when it does not fit and the
	 * verdict becomes -ENOSPC. With log_buf NULL the log is allocated and returned in the
	 * output (log_size then caps it; 0 means 16 MiB).
	 */
	char *log_buf;
	uint32_t log_size;
};

struct hive_verifier_stats {
	uint32_t insn_processed;
	uint32_t max_states_per_insn;
	uint32_t total_states;
	uint32_t peak_states;
	uint32_t mark_read; /* always 0 in 6.18, kept for the statistics line */
	uint32_t subprog_cnt;
	uint32_t stack_depth[256]; /* per subprogram, bytes */
	uint64_t verification_ns;
};

/* Per instruction of the rewritten program: what the runtime needs to know. */
struct hive_verifier_insn_aux {
	uint32_t orig_idx; /* index in the input program */
	/* ld_imm64 with a map pseudo source: the map index (stays symbolic), -1 otherwise */
	int32_t map_index;
	uint32_t map_off; /* BPF_PSEUDO_MAP_VALUE: offset into the value */
	/* kfunc calls: hidden arguments the graph kfuncs need (spec B.0 rule 25) */
	uint64_t obj_new_size;
	const void *kptr_struct_meta;
	int32_t insert_off;
};

struct hive_verifier_output {
	int err; /* 0, -EACCES, -EINVAL, -E2BIG, -EFAULT, -ENOSPC ... */
	char *log; /* NUL-terminated; points into input->log_buf or is malloc'ed */
	size_t log_len;
	bool log_truncated;
	bool log_owned; /* the log was allocated by hive_verify() */
	struct hive_verifier_stats stats;
	/* The rewritten program (NULL unless err == 0). */
	struct hive_insn *insns;
	uint32_t insn_cnt;
	struct hive_verifier_insn_aux *aux; /* insn_cnt entries */
	uint32_t *subprog_starts; /* stats.subprog_cnt entries, in the rewritten program */
	/* After a rejection: a short explanation in source terms for a human (the "hint:"
	 * section of `bpfhive verify`), malloc'ed, NULL when there is none. Never in the log. */
	char *hint;
};

/**
 * hive_verify() - verify @in as Linux 6.18's verifier would. Always fills @out (free it with
 * hive_verifier_output_free()); returns out->err. Never crashes or leaks on bad input: a
 * malformed program is a verdict, not an error of the call.
 */
int hive_verify(const struct hive_verifier_input *in, struct hive_verifier_output *out);

/** hive_verifier_output_free() - release what hive_verify() allocated; accepts a zeroed @out. */
void hive_verifier_output_free(struct hive_verifier_output *out);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_VERIFIER_VERIFIER_H */
