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

#if __has_include("isa/insn.h")
#include "isa/insn.h"
#else
/* Until isa/insn.h is merged: the kernel's layout and the UAPI values used here. */
struct hive_insn {
	uint8_t code;
	uint8_t dst_reg : 4;
	uint8_t src_reg : 4;
	int16_t off;
	int32_t imm;
};
#define BPF_CLASS(code) ((code)&0x07)
#define BPF_LD 0x00
#define BPF_LDX 0x01
#define BPF_ST 0x02
#define BPF_STX 0x03
#define BPF_ALU 0x04
#define BPF_JMP 0x05
#define BPF_JMP32 0x06
#define BPF_ALU64 0x07
#define BPF_SIZE(code) ((code)&0x18)
#define BPF_W 0x00
#define BPF_H 0x08
#define BPF_B 0x10
#define BPF_DW 0x18
#define BPF_MODE(code) ((code)&0xe0)
#define BPF_IMM 0x00
#define BPF_MEM 0x60
#define BPF_MEMSX 0x80
#define BPF_ATOMIC 0xc0
#define BPF_OP(code) ((code)&0xf0)
#define BPF_SRC(code) ((code)&0x08)
#define BPF_K 0x00
#define BPF_X 0x08
#define BPF_MOV 0xb0
#define BPF_CALL 0x80
#define BPF_EXIT 0x90
#define BPF_PSEUDO_MAP_FD 1
#define BPF_PSEUDO_MAP_VALUE 2
#define BPF_PSEUDO_BTF_ID 3
#define BPF_PSEUDO_FUNC 4
#define BPF_PSEUDO_MAP_IDX 5
#define BPF_PSEUDO_MAP_IDX_VALUE 6
#define BPF_PSEUDO_CALL 1
#define BPF_PSEUDO_KFUNC_CALL 2
#endif

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

/* Bytes of a BPF_SIZE() field, or 0. */
static inline int insn_bpf_size_bytes(int size)
{
	switch (size) {
	case BPF_B:
		return 1;
	case BPF_H:
		return 2;
	case BPF_W:
		return 4;
	case BPF_DW:
		return 8;
	}
	return 0;
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
