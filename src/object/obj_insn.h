/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * object/obj_insn.h: the few instruction-encoding facts the loader needs (ld_imm64 and call
 * shapes, load/store sizes, pseudo source registers) on top of isa/insn.h, which owns the
 * encoding. Helpers here only classify and build the instructions the loader rewrites.
 */
#ifndef __HIVE_OBJECT_OBJ_INSN_H
#define __HIVE_OBJECT_OBJ_INSN_H

#include <stdbool.h>
#include <stdint.h>

#include "isa/insn.h"

#define BPF_INSN_SZ 8

/* Sentinels for instructions the loader cannot resolve (spec A.10). */
#define HIVE_POISON_CORE 195896080 /* 0xbad2310: failed CO-RE relocation */
#define HIVE_POISON_MAP_BASE 2001000000 /* + map index: map not created */
#define HIVE_POISON_KFUNC_BASE 2002000000 /* + extern index: unresolved weak kfunc */

static inline bool insn_is_ldimm64(const struct hive_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

static inline bool insn_is_call(const struct hive_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL);
}

static inline bool insn_is_pseudo_call(const struct hive_insn *insn)
{
	return insn_is_call(insn) && insn->src_reg == BPF_PSEUDO_CALL;
}

static inline bool insn_is_pseudo_func(const struct hive_insn *insn)
{
	return insn_is_ldimm64(insn) && insn->src_reg == BPF_PSEUDO_FUNC;
}

/* Turn @insn into `call #imm` (what the verifier rejects with a recognisable number). */
static inline void insn_poison(struct hive_insn *insn, int32_t imm)
{
	insn->code = BPF_JMP | BPF_CALL;
	insn->dst_reg = 0;
	insn->src_reg = 0;
	insn->off = 0;
	insn->imm = imm;
}

/* BPF_SIZE() field for @bytes, or -1. */
static inline int insn_bytes_to_bpf_size(int bytes)
{
	switch (bytes) {
	case 1:
		return BPF_B;
	case 2:
		return BPF_H;
	case 4:
		return BPF_W;
	case 8:
		return BPF_DW;
	}
	return -1;
}

#endif /* __HIVE_OBJECT_OBJ_INSN_H */
