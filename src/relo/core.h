/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * relo/core.h: CO-RE ("compile once, run everywhere") relocations (spec C): given one
 * .BTF.ext CO-RE record of a program, the program's BTF (local) and a target BTF, compute what
 * the instruction must say on the target and patch it, with libbpf's semantics and messages.
 *
 * A record names a local root type, an access string and a kind. For field kinds the access
 * string walks from the root: for
 *
 *     struct s { int a; struct { int b; int c[4]; } n; };      p->n.c[3]
 *
 * clang writes "0:1:1:3" (p[0], member 1 `n`, member 1 `c`, element 3). The *spec* built from
 * it keeps the named steps (.n .c) and array indices ([3]) as accessors, and the bit offset
 * (0 + 32 + 32 + 3*32 = 160). On the target the same names are looked up (through anonymous
 * members, with field compatibility checks), which gives the target's offset, size, signedness
 * and bitfield shifts. Candidates are the target types whose name matches the local root's
 * name with any `___flavour` suffix removed; every matching candidate must agree.
 *
 * Nothing here knows about objects or programs: callers keep the candidate cache (one list per
 * local root type for the whole object, pruned as relocations succeed) and walk the records.
 */
#ifndef __HIVE_RELO_CORE_H
#define __HIVE_RELO_CORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "btf/btf.h"
#include "btf/btf_ext.h"

struct hive_insn;

enum core_relo_kind {
	CORE_FIELD_BYTE_OFFSET = 0,
	CORE_FIELD_BYTE_SIZE = 1,
	CORE_FIELD_EXISTS = 2,
	CORE_FIELD_SIGNED = 3,
	CORE_FIELD_LSHIFT_U64 = 4,
	CORE_FIELD_RSHIFT_U64 = 5,
	CORE_TYPE_ID_LOCAL = 6,
	CORE_TYPE_ID_TARGET = 7,
	CORE_TYPE_EXISTS = 8,
	CORE_TYPE_SIZE = 9,
	CORE_ENUMVAL_EXISTS = 10,
	CORE_ENUMVAL_VALUE = 11,
	CORE_TYPE_MATCHES = 12,
};

#define CORE_SPEC_MAX_LEN 64

/* The failed-relocation sentinel: `call 0xbad2310` (spec C.11). */
#define CORE_POISON_IMM 195896080

struct core_accessor {
	uint32_t type_id; /* containing struct/union, or array element type */
	uint32_t idx; /* member index or array index */
	const char *name; /* member name; NULL for an array index */
};

struct core_spec {
	const struct hive_btf *btf;
	struct core_accessor spec[CORE_SPEC_MAX_LEN]; /* named fields and array indices */
	uint32_t root_type_id;
	uint32_t relo_kind;
	int len;
	int raw_spec[CORE_SPEC_MAX_LEN]; /* every step, anonymous members included */
	int raw_len;
	uint32_t bit_offset;
};

struct core_cand {
	const struct hive_btf *btf;
	uint32_t id;
};

struct core_cand_list {
	struct core_cand *cands;
	int len;
};

/* The outcome of one relocation: expected (local) and new (target) value. */
struct core_relo_res {
	uint64_t orig_val;
	uint64_t new_val;
	bool poison; /* no target: the instruction becomes `call 0xbad2310` */
	bool validate; /* orig_val must be what the instruction holds */
	bool fail_memsz_adjust; /* load/store size would change unsafely: poison memory insns */
	uint32_t orig_sz, orig_type_id;
	uint32_t new_sz, new_type_id;
};

static inline bool core_kind_is_field_based(uint32_t kind)
{
	return kind <= CORE_FIELD_RSHIFT_U64;
}

static inline bool core_kind_is_type_based(uint32_t kind)
{
	return (kind >= CORE_TYPE_ID_LOCAL && kind <= CORE_TYPE_SIZE) || kind == CORE_TYPE_MATCHES;
}

static inline bool core_kind_is_enumval_based(uint32_t kind)
{
	return kind == CORE_ENUMVAL_EXISTS || kind == CORE_ENUMVAL_VALUE;
}

/*
 * core_last_warning() - the last problem a CO-RE function reported in this thread (one line in
 * libbpf's words, also sent to pr_warn()), "" after core_clear_warning().
 */
const char *core_last_warning(void);
void core_clear_warning(void);

/* Length of @name without a `___flavour` suffix (the last X___Y split, X and Y not '_'). */
size_t core_essential_name_len(const char *name);
/* libbpf's lower-case kind names ("struct", "typedef", "func_proto"; "void" for 0). */
const char *core_btf_kind_str(const struct btf_type *t);

/*
 * core_parse_spec() - parse @relo's access string against @btf. 0, or -EINVAL (malformed,
 * out-of-range index, unexpected kind on the path), -E2BIG (more than 64 steps).
 */
int core_parse_spec(const char *prog_name, const struct hive_btf *btf,
		    const struct btf_ext_core_relo *relo, struct core_spec *spec);
/* "<byte_off> [5] struct s.a.b[3] (0:1:2:3 @ offset 20)"; returns the full length. */
int core_format_spec(char *buf, size_t buf_sz, const struct core_spec *spec);

/*
 * core_add_cands() - append to @cands every type of @targ_btf (from @start_id) whose kind is
 * compatible with local type @local_id and whose essential name equals the local one.
 * @targ_name names the target in debug messages ("vmlinux").
 */
int core_add_cands(const struct hive_btf *local_btf, uint32_t local_id,
		   const struct hive_btf *targ_btf, const char *targ_name, uint32_t start_id,
		   struct core_cand_list *cands);
void core_free_cands(struct core_cand_list *cands);

/* spec C.5/C.6/C.7: 1 = compatible/matching, 0 = not, <0 = error (too deep, bad BTF). */
int core_fields_are_compat(const struct hive_btf *local_btf, uint32_t local_id,
			   const struct hive_btf *targ_btf, uint32_t targ_id);
int core_types_are_compat(const struct hive_btf *local_btf, uint32_t local_id,
			  const struct hive_btf *targ_btf, uint32_t targ_id);
int core_types_match(const struct hive_btf *local_btf, uint32_t local_id,
		     const struct hive_btf *targ_btf, uint32_t targ_id);

/* core_spec_match() - match @local against candidate @targ_id: 1, 0, or <0 (fatal). */
int core_spec_match(const struct core_spec *local, const struct hive_btf *targ_btf,
		    uint32_t targ_id, struct core_spec *targ);

/*
 * core_calc_relo_insn() - the result of relocation @relo (#@relo_idx of its section) of
 * program @prog_name against @cands, which is pruned to the matching candidates if any
 * matched. @scratch holds three specs (they are big). 0 or -errno (fatal; logged).
 */
int core_calc_relo_insn(const char *prog_name, const struct btf_ext_core_relo *relo, int relo_idx,
			const struct hive_btf *local_btf, struct core_cand_list *cands,
			struct core_spec scratch[3], struct core_relo_res *res);

/*
 * core_patch_insn() - apply @res to instruction @insn_idx of @insns (@cnt instructions):
 * ALU/ALU64 imm, LDX/ST/STX off (and size), ld_imm64 value, or poison. 0 or -errno (logged).
 */
int core_patch_insn(const char *prog_name, struct hive_insn *insns, size_t cnt, size_t insn_idx,
		    const struct btf_ext_core_relo *relo, int relo_idx,
		    const struct core_relo_res *res);

#endif /* __HIVE_RELO_CORE_H */
