/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * isa/insn.h: the BPF instruction encoding, and the one table of instruction forms that every
 * consumer expands: the interpreter's jump table, the validator, the assembler's mnemonics, the
 * disassembler, and later the verifier's opcode whitelist and the JIT.
 *
 * An instruction is 8 bytes, in the kernel's layout (struct bpf_insn); ld_imm64 takes two:
 *
 *    byte  0      1          2   3    4   5   6   7
 *        +------+----+----+-------+----------------+
 *        | code | dst| src|  off  |      imm       |     dst = low nibble of byte 1
 *        +------+----+----+-------+----------------+
 *
 *    code = | op or mode (4 or 3 bits) | source or size | class (3 bits) |
 *
 * The BPF_* macros below have the UAPI's names and values, so code reads like the kernel's, but
 * src/ never includes <linux/bpf.h> (it must build anywhere); a file must not include both.
 *
 * An opcode byte does not always name one operation: div and sdiv differ in `off`, movsx in
 * `off`, the byte swaps in `imm`, the atomics in `imm`, helper/local/kfunc calls in `src`. The
 * table therefore lists instruction *forms*: one row per (code, selector field value). Each
 * row becomes an enum hive_op value, HIVE_OP_<name>, which is what consumers switch on.
 */
#ifndef __HIVE_ISA_INSN_H
#define __HIVE_ISA_INSN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifdef _UAPI__LINUX_BPF_H__
#error "isa/insn.h defines the UAPI's BPF_* names itself; do not include <linux/bpf.h> with it"
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* The kernel's struct bpf_insn. */
struct hive_insn {
	uint8_t code;
	uint8_t dst_reg : 4;
	uint8_t src_reg : 4;
	int16_t off;
	int32_t imm;
};

/* ---- UAPI names and values (linux/bpf_common.h, linux/bpf.h) ---- */

/* instruction classes */
#define BPF_CLASS(code) ((code)&0x07)
#define BPF_LD 0x00
#define BPF_LDX 0x01
#define BPF_ST 0x02
#define BPF_STX 0x03
#define BPF_ALU 0x04
#define BPF_JMP 0x05
#define BPF_JMP32 0x06
#define BPF_ALU64 0x07

/* ld/ldx/st/stx: size and mode */
#define BPF_SIZE(code) ((code)&0x18)
#define BPF_W 0x00
#define BPF_H 0x08
#define BPF_B 0x10
#define BPF_DW 0x18
#define BPF_MODE(code) ((code)&0xe0)
#define BPF_IMM 0x00
#define BPF_ABS 0x20
#define BPF_IND 0x40
#define BPF_MEM 0x60
#define BPF_MEMSX 0x80
#define BPF_ATOMIC 0xc0

/* alu/jmp: operation and source */
#define BPF_OP(code) ((code)&0xf0)
#define BPF_SRC(code) ((code)&0x08)
#define BPF_K 0x00
#define BPF_X 0x08
#define BPF_ADD 0x00
#define BPF_SUB 0x10
#define BPF_MUL 0x20
#define BPF_DIV 0x30
#define BPF_OR 0x40
#define BPF_AND 0x50
#define BPF_LSH 0x60
#define BPF_RSH 0x70
#define BPF_NEG 0x80
#define BPF_MOD 0x90
#define BPF_XOR 0xa0
#define BPF_MOV 0xb0
#define BPF_ARSH 0xc0
#define BPF_END 0xd0
#define BPF_TO_LE 0x00
#define BPF_TO_BE 0x08
#define BPF_FROM_LE BPF_TO_LE
#define BPF_FROM_BE BPF_TO_BE

#define BPF_JA 0x00
#define BPF_JEQ 0x10
#define BPF_JGT 0x20
#define BPF_JGE 0x30
#define BPF_JSET 0x40
#define BPF_JNE 0x50
#define BPF_JSGT 0x60
#define BPF_JSGE 0x70
#define BPF_CALL 0x80
#define BPF_EXIT 0x90
#define BPF_JLT 0xa0
#define BPF_JLE 0xb0
#define BPF_JSLT 0xc0
#define BPF_JSLE 0xd0
#define BPF_JCOND 0xe0

/* atomic operations, in imm of BPF_STX | BPF_ATOMIC */
#define BPF_FETCH 0x01
#define BPF_XCHG (0xe0 | BPF_FETCH)
#define BPF_CMPXCHG (0xf0 | BPF_FETCH)
#define BPF_LOAD_ACQ 0x100
#define BPF_STORE_REL 0x110

/* src_reg of BPF_JMP | BPF_JCOND */
#define BPF_MAY_GOTO 0
/* off of BPF_ALU64 | BPF_MOV | BPF_X: arena pointer cast, imm = dst_as << 16 | src_as */
#define BPF_ADDR_SPACE_CAST 1

/* src_reg of ld_imm64: what the 64-bit immediate refers to (relocated by a loader) */
#define BPF_PSEUDO_MAP_FD 1 /* imm = map fd */
#define BPF_PSEUDO_MAP_VALUE 2 /* imm = map fd, next imm = offset into its value */
#define BPF_PSEUDO_BTF_ID 3 /* imm = BTF id of a ksym, next imm = BTF obj fd */
#define BPF_PSEUDO_FUNC 4 /* imm = insn offset of a subprogram (a callback) */
#define BPF_PSEUDO_MAP_IDX 5 /* imm = index into fd_array */
#define BPF_PSEUDO_MAP_IDX_VALUE 6 /* imm = index into fd_array, next imm = offset */

/* src_reg of BPF_JMP | BPF_CALL */
#define BPF_PSEUDO_CALL 1 /* bpf-to-bpf call, imm = insn offset of the callee */
#define BPF_PSEUDO_KFUNC_CALL 2 /* imm = BTF id of the kernel function, off = BTF fd index */

/* registers */
#define BPF_REG_0 0
#define BPF_REG_1 1
#define BPF_REG_2 2
#define BPF_REG_3 3
#define BPF_REG_4 4
#define BPF_REG_5 5
#define BPF_REG_6 6
#define BPF_REG_7 7
#define BPF_REG_8 8
#define BPF_REG_9 9
#define BPF_REG_10 10
#define BPF_REG_FP BPF_REG_10
#define MAX_BPF_REG 11

#define MAX_BPF_STACK 512
/* The kernel's cap on program size (BPF_COMPLEXITY_LIMIT_INSNS) and call depth. */
#define HIVE_MAX_INSNS 1000000
#define HIVE_MAX_CALL_FRAMES 8
/* Budget of one may_goto counter (the kernel's BPF_MAX_LOOPS). */
#define HIVE_MAX_LOOPS (8 * 1024 * 1024)

/* ---- instruction forms ---- */

/*
 * Which field, besides the opcode byte, selects a row. A row keyed on OFF, IMM or SRC applies
 * only when that field equals the row's key value.
 */
enum hive_insn_key {
	HIVE_KEY_NONE,
	HIVE_KEY_OFF,
	HIVE_KEY_IMM,
	HIVE_KEY_SRC,
};

/*
 * Operand shape of a row: which fields carry operands (every other field is reserved and must be
 * zero, the key field excepted), how the assembler parses them and how the disassemblers print
 * them. Conformance syntax | kernel verifier-log notation:
 */
/* clang-format off */
enum hive_insn_fmt {
	HIVE_FMT_ALU_K,        /* add %r0, 1               | r0 += 1, w0 += 1 */
	HIVE_FMT_ALU_X,        /* add %r0, %r1             | r0 += r1 */
	HIVE_FMT_NEG,          /* neg %r0                  | r0 = -r0 */
	HIVE_FMT_END,          /* be16 %r0                 | r0 = be16 r0 */
	HIVE_FMT_MOVSX,        /* movsx864 %r0, %r1        | r0 = (s8)r1 */
	HIVE_FMT_ASCAST,       /* addr_space_cast %r0, %r1, 0, 1 | r0 = addr_space_cast(r1, 0, 1) */
	HIVE_FMT_LDX,          /* ldxb %r0, [%r1+2]        | r0 = *(u8 *)(r1 +2) */
	HIVE_FMT_ST,           /* stb [%r1+2], 7           | *(u8 *)(r1 +2) = 7 */
	HIVE_FMT_STX,          /* stxb [%r1+2], %r2        | *(u8 *)(r1 +2) = r2 */
	HIVE_FMT_ATOMIC,       /* lock add [%r1+0], %r2    | lock *(u64 *)(r1 +0) += r2 */
	HIVE_FMT_ATOMIC_FETCH, /* lock fetch add [%r1+0], %r2 | r2 = atomic64_fetch_add((u64 *)(r1 +0), r2) */
	HIVE_FMT_XCHG,         /* lock xchg [%r1+0], %r2   | r2 = atomic64_xchg((u64 *)(r1 +0), r2) */
	HIVE_FMT_CMPXCHG,      /* lock cmpxchg [%r1+0], %r2 | r0 = atomic64_cmpxchg((u64 *)(r1 +0), r0, r2) */
	HIVE_FMT_LOAD_ACQ,     /* ldacqdw %r0, [%r1+0]     | r0 = load_acquire((u64 *)(r1 +0)) */
	HIVE_FMT_STORE_REL,    /* streldw [%r1+0], %r2     | store_release((u64 *)(r1 +0), r2) */
	HIVE_FMT_LDDW,         /* lddw %r0, 0x1122334455667788 | r0 = 0x1122334455667788 */
	HIVE_FMT_LD_ABS,       /* ldabsb 12                | r0 = *(u8 *)skb[12] */
	HIVE_FMT_LD_IND,       /* ldindb %r1, 12           | r0 = *(u8 *)skb[r1 + 12] */
	HIVE_FMT_JA,           /* ja +3                    | goto pc+3 */
	HIVE_FMT_GOTOL,        /* ja32 +3                  | gotol pc+3 */
	HIVE_FMT_JCOND_K,      /* jeq %r1, 5, +3           | if r1 == 0x5 goto pc+3 */
	HIVE_FMT_JCOND_X,      /* jeq %r1, %r2, +3         | if r1 == r2 goto pc+3 */
	HIVE_FMT_MAY_GOTO,     /* may_goto +3              | may_goto pc+3 */
	HIVE_FMT_CALL_HELPER,  /* call 1                   | call bpf_map_lookup_elem#1 */
	HIVE_FMT_CALL_LOCAL,   /* call local +3            | call pc+3 */
	HIVE_FMT_CALL_KFUNC,   /* call kfunc 1234          | call kernel-function#1234 */
	HIVE_FMT_CALLX,        /* call %r2                 | callx r2 */
	HIVE_FMT_EXIT,         /* exit                     | exit */
};
/* clang-format on */

/*
 * HIVE_INSN_MAP(X): the instruction forms of RFC 9669 and of the Linux 6.18 kernel (cpu v1-v4,
 * may_goto, arena casts, load-acquire/store-release, legacy packet loads), one row each:
 *
 *   X(name, code, key, keyval, fmt, mnem, kop)
 *
 *   name    the op is HIVE_OP_<name>; the interpreter's handler label is named after it
 *   code    the opcode byte
 *   key     HIVE_KEY_<key>: the field that selects this row among rows with the same code
 *   keyval  the value that field must have
 *   fmt     HIVE_FMT_<fmt>: operand shape (see enum hive_insn_fmt)
 *   mnem    mnemonic in the assembler syntax of the conformance suite
 *   kop     operator or function name in the kernel's verifier-log notation
 */
/* clang-format off */
#define HIVE_INSN_MAP_ALU(X, CL, SFX, W)                                                           \
	X(ADD##W##_K,  CL|BPF_ADD|BPF_K,  NONE, 0, ALU_K, "add" SFX,  "+=")                         \
	X(ADD##W##_X,  CL|BPF_ADD|BPF_X,  NONE, 0, ALU_X, "add" SFX,  "+=")                         \
	X(SUB##W##_K,  CL|BPF_SUB|BPF_K,  NONE, 0, ALU_K, "sub" SFX,  "-=")                         \
	X(SUB##W##_X,  CL|BPF_SUB|BPF_X,  NONE, 0, ALU_X, "sub" SFX,  "-=")                         \
	X(MUL##W##_K,  CL|BPF_MUL|BPF_K,  NONE, 0, ALU_K, "mul" SFX,  "*=")                         \
	X(MUL##W##_X,  CL|BPF_MUL|BPF_X,  NONE, 0, ALU_X, "mul" SFX,  "*=")                         \
	X(DIV##W##_K,  CL|BPF_DIV|BPF_K,  OFF,  0, ALU_K, "div" SFX,  "/=")                         \
	X(SDIV##W##_K, CL|BPF_DIV|BPF_K,  OFF,  1, ALU_K, "sdiv" SFX, "s/=")                        \
	X(DIV##W##_X,  CL|BPF_DIV|BPF_X,  OFF,  0, ALU_X, "div" SFX,  "/=")                         \
	X(SDIV##W##_X, CL|BPF_DIV|BPF_X,  OFF,  1, ALU_X, "sdiv" SFX, "s/=")                        \
	X(OR##W##_K,   CL|BPF_OR|BPF_K,   NONE, 0, ALU_K, "or" SFX,   "|=")                         \
	X(OR##W##_X,   CL|BPF_OR|BPF_X,   NONE, 0, ALU_X, "or" SFX,   "|=")                         \
	X(AND##W##_K,  CL|BPF_AND|BPF_K,  NONE, 0, ALU_K, "and" SFX,  "&=")                         \
	X(AND##W##_X,  CL|BPF_AND|BPF_X,  NONE, 0, ALU_X, "and" SFX,  "&=")                         \
	X(LSH##W##_K,  CL|BPF_LSH|BPF_K,  NONE, 0, ALU_K, "lsh" SFX,  "<<=")                        \
	X(LSH##W##_X,  CL|BPF_LSH|BPF_X,  NONE, 0, ALU_X, "lsh" SFX,  "<<=")                        \
	X(RSH##W##_K,  CL|BPF_RSH|BPF_K,  NONE, 0, ALU_K, "rsh" SFX,  ">>=")                        \
	X(RSH##W##_X,  CL|BPF_RSH|BPF_X,  NONE, 0, ALU_X, "rsh" SFX,  ">>=")                        \
	X(NEG##W,      CL|BPF_NEG|BPF_K,  NONE, 0, NEG,   "neg" SFX,  "-")                          \
	X(MOD##W##_K,  CL|BPF_MOD|BPF_K,  OFF,  0, ALU_K, "mod" SFX,  "%=")                         \
	X(SMOD##W##_K, CL|BPF_MOD|BPF_K,  OFF,  1, ALU_K, "smod" SFX, "s%=")                        \
	X(MOD##W##_X,  CL|BPF_MOD|BPF_X,  OFF,  0, ALU_X, "mod" SFX,  "%=")                         \
	X(SMOD##W##_X, CL|BPF_MOD|BPF_X,  OFF,  1, ALU_X, "smod" SFX, "s%=")                        \
	X(XOR##W##_K,  CL|BPF_XOR|BPF_K,  NONE, 0, ALU_K, "xor" SFX,  "^=")                         \
	X(XOR##W##_X,  CL|BPF_XOR|BPF_X,  NONE, 0, ALU_X, "xor" SFX,  "^=")                         \
	X(MOV##W##_K,  CL|BPF_MOV|BPF_K,  NONE, 0, ALU_K, "mov" SFX,  "=")                          \
	X(MOV##W##_X,  CL|BPF_MOV|BPF_X,  OFF,  0, ALU_X, "mov" SFX,  "=")                          \
	X(MOVSX8_##W,  CL|BPF_MOV|BPF_X,  OFF,  8, MOVSX, "movsx8" #W,  "(s8)")                     \
	X(MOVSX16_##W, CL|BPF_MOV|BPF_X,  OFF, 16, MOVSX, "movsx16" #W, "(s16)")                    \
	X(ARSH##W##_K, CL|BPF_ARSH|BPF_K, NONE, 0, ALU_K, "arsh" SFX, "s>>=")                       \
	X(ARSH##W##_X, CL|BPF_ARSH|BPF_X, NONE, 0, ALU_X, "arsh" SFX, "s>>=")

#define HIVE_INSN_MAP_JMP(X, CL, SFX, W)                                                           \
	X(JEQ##W##_K,  CL|BPF_JEQ|BPF_K,  NONE, 0, JCOND_K, "jeq" SFX,  "==")                       \
	X(JEQ##W##_X,  CL|BPF_JEQ|BPF_X,  NONE, 0, JCOND_X, "jeq" SFX,  "==")                       \
	X(JGT##W##_K,  CL|BPF_JGT|BPF_K,  NONE, 0, JCOND_K, "jgt" SFX,  ">")                        \
	X(JGT##W##_X,  CL|BPF_JGT|BPF_X,  NONE, 0, JCOND_X, "jgt" SFX,  ">")                        \
	X(JGE##W##_K,  CL|BPF_JGE|BPF_K,  NONE, 0, JCOND_K, "jge" SFX,  ">=")                       \
	X(JGE##W##_X,  CL|BPF_JGE|BPF_X,  NONE, 0, JCOND_X, "jge" SFX,  ">=")                       \
	X(JSET##W##_K, CL|BPF_JSET|BPF_K, NONE, 0, JCOND_K, "jset" SFX, "&")                        \
	X(JSET##W##_X, CL|BPF_JSET|BPF_X, NONE, 0, JCOND_X, "jset" SFX, "&")                        \
	X(JNE##W##_K,  CL|BPF_JNE|BPF_K,  NONE, 0, JCOND_K, "jne" SFX,  "!=")                       \
	X(JNE##W##_X,  CL|BPF_JNE|BPF_X,  NONE, 0, JCOND_X, "jne" SFX,  "!=")                       \
	X(JSGT##W##_K, CL|BPF_JSGT|BPF_K, NONE, 0, JCOND_K, "jsgt" SFX, "s>")                       \
	X(JSGT##W##_X, CL|BPF_JSGT|BPF_X, NONE, 0, JCOND_X, "jsgt" SFX, "s>")                       \
	X(JSGE##W##_K, CL|BPF_JSGE|BPF_K, NONE, 0, JCOND_K, "jsge" SFX, "s>=")                      \
	X(JSGE##W##_X, CL|BPF_JSGE|BPF_X, NONE, 0, JCOND_X, "jsge" SFX, "s>=")                      \
	X(JLT##W##_K,  CL|BPF_JLT|BPF_K,  NONE, 0, JCOND_K, "jlt" SFX,  "<")                        \
	X(JLT##W##_X,  CL|BPF_JLT|BPF_X,  NONE, 0, JCOND_X, "jlt" SFX,  "<")                        \
	X(JLE##W##_K,  CL|BPF_JLE|BPF_K,  NONE, 0, JCOND_K, "jle" SFX,  "<=")                       \
	X(JLE##W##_X,  CL|BPF_JLE|BPF_X,  NONE, 0, JCOND_X, "jle" SFX,  "<=")                       \
	X(JSLT##W##_K, CL|BPF_JSLT|BPF_K, NONE, 0, JCOND_K, "jslt" SFX, "s<")                       \
	X(JSLT##W##_X, CL|BPF_JSLT|BPF_X, NONE, 0, JCOND_X, "jslt" SFX, "s<")                       \
	X(JSLE##W##_K, CL|BPF_JSLE|BPF_K, NONE, 0, JCOND_K, "jsle" SFX, "s<=")                      \
	X(JSLE##W##_X, CL|BPF_JSLE|BPF_X, NONE, 0, JCOND_X, "jsle" SFX, "s<=")

#define HIVE_INSN_MAP_ATOMIC(X, SZ, SFX, W)                                                        \
	X(AADD##W,     BPF_STX|BPF_ATOMIC|SZ, IMM, BPF_ADD,             ATOMIC,       "lock add" SFX,       "+=")  \
	X(AFADD##W,    BPF_STX|BPF_ATOMIC|SZ, IMM, BPF_ADD|BPF_FETCH,   ATOMIC_FETCH, "lock fetch add" SFX, "add") \
	X(AOR##W,      BPF_STX|BPF_ATOMIC|SZ, IMM, BPF_OR,              ATOMIC,       "lock or" SFX,        "|=")  \
	X(AFOR##W,     BPF_STX|BPF_ATOMIC|SZ, IMM, BPF_OR|BPF_FETCH,    ATOMIC_FETCH, "lock fetch or" SFX,  "or")  \
	X(AAND##W,     BPF_STX|BPF_ATOMIC|SZ, IMM, BPF_AND,             ATOMIC,       "lock and" SFX,       "&=")  \
	X(AFAND##W,    BPF_STX|BPF_ATOMIC|SZ, IMM, BPF_AND|BPF_FETCH,   ATOMIC_FETCH, "lock fetch and" SFX, "and") \
	X(AXOR##W,     BPF_STX|BPF_ATOMIC|SZ, IMM, BPF_XOR,             ATOMIC,       "lock xor" SFX,       "^=")  \
	X(AFXOR##W,    BPF_STX|BPF_ATOMIC|SZ, IMM, BPF_XOR|BPF_FETCH,   ATOMIC_FETCH, "lock fetch xor" SFX, "xor") \
	X(AXCHG##W,    BPF_STX|BPF_ATOMIC|SZ, IMM, BPF_XCHG,            XCHG,         "lock xchg" SFX,      "xchg")\
	X(ACMPXCHG##W, BPF_STX|BPF_ATOMIC|SZ, IMM, BPF_CMPXCHG,         CMPXCHG,      "lock cmpxchg" SFX,   "cmpxchg")

#define HIVE_INSN_MAP_ACQREL(X, SZ, SFX)                                                           \
	X(LDACQ##SFX,  BPF_STX|BPF_ATOMIC|SZ, IMM, BPF_LOAD_ACQ,  LOAD_ACQ,  "ldacq" #SFX, "load_acquire") \
	X(STREL##SFX,  BPF_STX|BPF_ATOMIC|SZ, IMM, BPF_STORE_REL, STORE_REL, "strel" #SFX, "store_release")

#define HIVE_INSN_MAP(X)                                                                           \
	/* 0x00: BPF_LD */                                                                          \
	X(LDDW,      BPF_LD|BPF_IMM|BPF_DW,   NONE, 0, LDDW,   "lddw",   "")                        \
	X(LDABSW,    BPF_LD|BPF_ABS|BPF_W,    NONE, 0, LD_ABS, "ldabsw", "u32")                     \
	X(LDABSH,    BPF_LD|BPF_ABS|BPF_H,    NONE, 0, LD_ABS, "ldabsh", "u16")                     \
	X(LDABSB,    BPF_LD|BPF_ABS|BPF_B,    NONE, 0, LD_ABS, "ldabsb", "u8")                      \
	X(LDINDW,    BPF_LD|BPF_IND|BPF_W,    NONE, 0, LD_IND, "ldindw", "u32")                     \
	X(LDINDH,    BPF_LD|BPF_IND|BPF_H,    NONE, 0, LD_IND, "ldindh", "u16")                     \
	X(LDINDB,    BPF_LD|BPF_IND|BPF_B,    NONE, 0, LD_IND, "ldindb", "u8")                      \
	/* 0x01: BPF_LDX */                                                                         \
	X(LDXW,      BPF_LDX|BPF_MEM|BPF_W,   NONE, 0, LDX,    "ldxw",   "u32")                     \
	X(LDXH,      BPF_LDX|BPF_MEM|BPF_H,   NONE, 0, LDX,    "ldxh",   "u16")                     \
	X(LDXB,      BPF_LDX|BPF_MEM|BPF_B,   NONE, 0, LDX,    "ldxb",   "u8")                      \
	X(LDXDW,     BPF_LDX|BPF_MEM|BPF_DW,  NONE, 0, LDX,    "ldxdw",  "u64")                     \
	X(LDXSW,     BPF_LDX|BPF_MEMSX|BPF_W, NONE, 0, LDX,    "ldxsw",  "s32")                     \
	X(LDXSH,     BPF_LDX|BPF_MEMSX|BPF_H, NONE, 0, LDX,    "ldxsh",  "s16")                     \
	X(LDXSB,     BPF_LDX|BPF_MEMSX|BPF_B, NONE, 0, LDX,    "ldxsb",  "s8")                      \
	/* 0x02: BPF_ST */                                                                          \
	X(STW,       BPF_ST|BPF_MEM|BPF_W,    NONE, 0, ST,     "stw",    "u32")                     \
	X(STH,       BPF_ST|BPF_MEM|BPF_H,    NONE, 0, ST,     "sth",    "u16")                     \
	X(STB,       BPF_ST|BPF_MEM|BPF_B,    NONE, 0, ST,     "stb",    "u8")                      \
	X(STDW,      BPF_ST|BPF_MEM|BPF_DW,   NONE, 0, ST,     "stdw",   "u64")                     \
	/* 0x03: BPF_STX */                                                                         \
	X(STXW,      BPF_STX|BPF_MEM|BPF_W,   NONE, 0, STX,    "stxw",   "u32")                     \
	X(STXH,      BPF_STX|BPF_MEM|BPF_H,   NONE, 0, STX,    "stxh",   "u16")                     \
	X(STXB,      BPF_STX|BPF_MEM|BPF_B,   NONE, 0, STX,    "stxb",   "u8")                      \
	X(STXDW,     BPF_STX|BPF_MEM|BPF_DW,  NONE, 0, STX,    "stxdw",  "u64")                     \
	HIVE_INSN_MAP_ATOMIC(X, BPF_W, "32", 32)                                                    \
	HIVE_INSN_MAP_ACQREL(X, BPF_W, w)                                                           \
	HIVE_INSN_MAP_ACQREL(X, BPF_H, h)                                                           \
	HIVE_INSN_MAP_ACQREL(X, BPF_B, b)                                                           \
	HIVE_INSN_MAP_ATOMIC(X, BPF_DW, "", 64)                                                     \
	HIVE_INSN_MAP_ACQREL(X, BPF_DW, dw)                                                         \
	/* 0x04: BPF_ALU */                                                                         \
	HIVE_INSN_MAP_ALU(X, BPF_ALU, "32", 32)                                                     \
	X(LE16,      BPF_ALU|BPF_END|BPF_TO_LE, IMM, 16, END,  "le16",   "le16")                    \
	X(LE32,      BPF_ALU|BPF_END|BPF_TO_LE, IMM, 32, END,  "le32",   "le32")                    \
	X(LE64,      BPF_ALU|BPF_END|BPF_TO_LE, IMM, 64, END,  "le64",   "le64")                    \
	X(BE16,      BPF_ALU|BPF_END|BPF_TO_BE, IMM, 16, END,  "be16",   "be16")                    \
	X(BE32,      BPF_ALU|BPF_END|BPF_TO_BE, IMM, 32, END,  "be32",   "be32")                    \
	X(BE64,      BPF_ALU|BPF_END|BPF_TO_BE, IMM, 64, END,  "be64",   "be64")                    \
	/* 0x05: BPF_JMP */                                                                         \
	X(JA,        BPF_JMP|BPF_JA,          NONE, 0, JA,     "ja",     "goto")                    \
	HIVE_INSN_MAP_JMP(X, BPF_JMP, "", 64)                                                       \
	X(CALL,      BPF_JMP|BPF_CALL,        SRC,  0, CALL_HELPER, "call",       "call")           \
	X(CALL_LOCAL, BPF_JMP|BPF_CALL,       SRC,  1, CALL_LOCAL,  "call local", "call")           \
	X(CALL_KFUNC, BPF_JMP|BPF_CALL,       SRC,  2, CALL_KFUNC,  "call kfunc", "call")           \
	X(CALLX,     BPF_JMP|BPF_CALL|BPF_X,  NONE, 0, CALLX,  "call",   "callx")                   \
	X(EXIT,      BPF_JMP|BPF_EXIT,        NONE, 0, EXIT,   "exit",   "exit")                    \
	X(MAY_GOTO,  BPF_JMP|BPF_JCOND,       SRC,  BPF_MAY_GOTO, MAY_GOTO, "may_goto", "may_goto") \
	/* 0x06: BPF_JMP32 */                                                                       \
	X(GOTOL,     BPF_JMP32|BPF_JA,        NONE, 0, GOTOL,  "ja32",   "gotol")                   \
	HIVE_INSN_MAP_JMP(X, BPF_JMP32, "32", 32)                                                   \
	/* 0x07: BPF_ALU64 */                                                                       \
	HIVE_INSN_MAP_ALU(X, BPF_ALU64, "", 64)                                                     \
	X(MOVSX32_64, BPF_ALU64|BPF_MOV|BPF_X, OFF, 32, MOVSX, "movsx3264", "(s32)")                \
	X(ASCAST,    BPF_ALU64|BPF_MOV|BPF_X, OFF, BPF_ADDR_SPACE_CAST, ASCAST, "addr_space_cast", "addr_space_cast") \
	X(BSWAP16,   BPF_ALU64|BPF_END|BPF_TO_LE, IMM, 16, END, "bswap16", "bswap16")               \
	X(BSWAP32,   BPF_ALU64|BPF_END|BPF_TO_LE, IMM, 32, END, "bswap32", "bswap32")               \
	X(BSWAP64,   BPF_ALU64|BPF_END|BPF_TO_LE, IMM, 64, END, "bswap64", "bswap64")
/* clang-format on */

#define HIVE_OP_ENUM_(name, code, key, keyval, fmt, mnem, kop) HIVE_OP_##name,
/* One value per row of HIVE_INSN_MAP, in table order. */
enum hive_op {
	/* clang-format off */
	HIVE_INSN_MAP(HIVE_OP_ENUM_)
	/* clang-format on */
	HIVE_OP_CNT,
	HIVE_OP_INVALID = HIVE_OP_CNT,
};
#undef HIVE_OP_ENUM_

/* A row of HIVE_INSN_MAP as data, for consumers that look rows up rather than expand them. */
struct hive_insn_desc {
	const char *name; /* "ADD64_K" */
	uint8_t code;
	uint8_t key; /* enum hive_insn_key */
	int32_t keyval;
	uint8_t fmt; /* enum hive_insn_fmt */
	const char *mnem; /* "add" */
	const char *kop; /* "+=" */
};

/* isa_desc[op]: the row of each op. */
extern const struct hive_insn_desc isa_desc[HIVE_OP_CNT];

/* Fields that carry an operand or a key in each format (a HIVE_F_* mask). */
#define HIVE_F_DST 0x1
#define HIVE_F_SRC 0x2
#define HIVE_F_OFF 0x4
#define HIVE_F_IMM 0x8
unsigned isa_fmt_fields(enum hive_insn_fmt fmt);
/* Formats whose only register write is dst (ALU, MOV, LDX, LDDW, ...): the validator refuses
 * them on r10, the interpreter tracks which register they leave in its cache. */
bool isa_fmt_writes_dst(enum hive_insn_fmt fmt);

/**
 * isa_decode() - the form of one instruction, from its opcode byte and the selector field.
 * Returns the op, or HIVE_OP_INVALID when no row matches (unknown opcode, or a selector value
 * with no meaning, e.g. off=2 on a div). It does not check reserved fields or registers: that is
 * isa_validate()'s job (isa/isa.h).
 */
enum hive_op isa_decode(const struct hive_insn *insn);

/* True for the first slot of a two-slot ld_imm64. */
static inline bool isa_is_ldimm64(const struct hive_insn *insn)
{
	return insn->code == (BPF_LD | BPF_IMM | BPF_DW);
}

/* Bytes accessed by a BPF_SIZE() code (BPF_B/H/W/DW), -1 for anything else (the kernel's
 * bpf_size_to_bytes()). */
static inline int isa_size_bytes(int size)
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
	default:
		return -1;
	}
}

/* The 64-bit immediate of an ld_imm64 pair. */
static inline uint64_t isa_ldimm64_val(const struct hive_insn *insn)
{
	return (uint64_t)(uint32_t)insn[0].imm | ((uint64_t)(uint32_t)insn[1].imm << 32);
}

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_ISA_INSN_H */
