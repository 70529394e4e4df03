/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verifier/regs.h: the state of one register as the verifier tracks it (the kernel's
 * struct bpf_reg_state), and the operations on its scalar part that every other verifier
 * file uses: marking a register known or unknown, and keeping its bounds in sync.
 *
 * A scalar is described five ways at once, each a superset of the values it may hold:
 *   var_off                    which bits are known (a tnum, see tnum.h)
 *   [smin_value, smax_value]   signed 64-bit range
 *   [umin_value, umax_value]   unsigned 64-bit range
 *   [s32_min_value, s32_max_value], [u32_min_value, u32_max_value]   the same for the low half
 * reg_bounds_sync() makes each description learn from the others exactly as the kernel does.
 * Pointer registers use the same fields for their variable offset; their other fields belong
 * to the verifier driver (verifier/env.h).
 *
 * Kernel names: the kernel's __mark_reg_known() is reg_mark_known() here, __mark_reg_unknown()
 * is reg_mark_unknown(), __update_reg_bounds() is reg_update_bounds(), __reg_deduce_bounds()
 * is reg_deduce_bounds(), __reg_bound_offset() is reg_bound_offset(); reg_bounds_sync(),
 * coerce_reg_to_size() and zext_32_to_64() keep their names (see scalar.h for the rest).
 */
#ifndef __HIVE_VERIFIER_REGS_H
#define __HIVE_VERIFIER_REGS_H

#include "isa/insn.h"
#include "verifier/tnum.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Base register types, in the kernel's order (include/linux/bpf.h). */
enum bpf_reg_type {
	NOT_INIT = 0, /* nothing was written into the register */
	SCALAR_VALUE, /* not a pointer: a number described by var_off and the ranges */
	PTR_TO_CTX, /* the program's context */
	CONST_PTR_TO_MAP, /* a struct bpf_map (map_ptr) */
	PTR_TO_MAP_VALUE, /* a map element value (map_ptr) */
	PTR_TO_MAP_KEY, /* a map element key (map_ptr) */
	PTR_TO_STACK, /* frame pointer + offset (frameno) */
	PTR_TO_PACKET_META, /* skb->data - meta_len (range) */
	PTR_TO_PACKET, /* skb->data (range) */
	PTR_TO_PACKET_END, /* skb->data + headlen */
	PTR_TO_FLOW_KEYS, /* struct bpf_flow_keys */
	PTR_TO_SOCKET, /* struct bpf_sock */
	PTR_TO_SOCK_COMMON, /* struct sock_common */
	PTR_TO_TCP_SOCK, /* struct tcp_sock */
	PTR_TO_TP_BUFFER, /* a writable raw tracepoint buffer */
	PTR_TO_XDP_SOCK, /* struct xdp_sock */
	PTR_TO_BTF_ID, /* a kernel or program object of type btf/btf_id */
	PTR_TO_MEM, /* memory of mem_size bytes */
	PTR_TO_ARENA, /* a bpf_arena address */
	PTR_TO_BUF, /* a read/write buffer */
	PTR_TO_FUNC, /* a BPF function (subprogno) */
	CONST_PTR_TO_DYNPTR, /* a const struct bpf_dynptr (dynptr) */
	__BPF_REG_TYPE_MAX,
};

/* Flags on top of the base type (the low BPF_BASE_TYPE_BITS bits). */
#define BPF_BASE_TYPE_BITS 8
#define BPF_BASE_TYPE_MASK ((1U << BPF_BASE_TYPE_BITS) - 1)
enum bpf_type_flag {
	PTR_MAYBE_NULL = 1U << (0 + BPF_BASE_TYPE_BITS),
	MEM_RDONLY = 1U << (1 + BPF_BASE_TYPE_BITS),
	MEM_RINGBUF = 1U << (2 + BPF_BASE_TYPE_BITS),
	MEM_USER = 1U << (3 + BPF_BASE_TYPE_BITS),
	MEM_PERCPU = 1U << (4 + BPF_BASE_TYPE_BITS),
	OBJ_RELEASE = 1U << (5 + BPF_BASE_TYPE_BITS),
	PTR_UNTRUSTED = 1U << (6 + BPF_BASE_TYPE_BITS),
	MEM_UNINIT = 1U << (7 + BPF_BASE_TYPE_BITS),
	DYNPTR_TYPE_LOCAL = 1U << (8 + BPF_BASE_TYPE_BITS),
	DYNPTR_TYPE_RINGBUF = 1U << (9 + BPF_BASE_TYPE_BITS),
	MEM_FIXED_SIZE = 1U << (10 + BPF_BASE_TYPE_BITS),
	MEM_ALLOC = 1U << (11 + BPF_BASE_TYPE_BITS),
	PTR_TRUSTED = 1U << (12 + BPF_BASE_TYPE_BITS),
	MEM_RCU = 1U << (13 + BPF_BASE_TYPE_BITS),
	NON_OWN_REF = 1U << (14 + BPF_BASE_TYPE_BITS), /* non-owning graph reference */
	DYNPTR_TYPE_SKB = 1U << (15 + BPF_BASE_TYPE_BITS),
	DYNPTR_TYPE_XDP = 1U << (16 + BPF_BASE_TYPE_BITS),
	MEM_ALIGNED = 1U << (17 + BPF_BASE_TYPE_BITS),
	MEM_WRITE = 1U << (18 + BPF_BASE_TYPE_BITS),
	DYNPTR_TYPE_SKB_META = 1U << (19 + BPF_BASE_TYPE_BITS),
};

static inline u32 base_type(u32 type)
{
	return type & BPF_BASE_TYPE_MASK;
}

/*
 * Linked scalars: reg->id | BPF_ADD_CONST64 means "the register with this id, plus reg->off"
 * (r1 = r2; r1 += 10), reg->id | BPF_ADD_CONST32 the same through a 32-bit add, zero-extended
 * (r3 = r2; w3 += 10). 6.18.44 has both (stable backport of the linked-register rework).
 */
#define BPF_ADD_CONST64 (1U << 31)
#define BPF_ADD_CONST32 (1U << 30)
#define BPF_ADD_CONST (BPF_ADD_CONST64 | BPF_ADD_CONST32)

/* subreg_def when the last write was a full 64-bit one. */
#define DEF_NOT_SUBREG 0

struct hive_verifier_map; /* verifier/verifier.h */
struct hive_btf;

enum bpf_dynptr_type {
	BPF_DYNPTR_TYPE_INVALID,
	BPF_DYNPTR_TYPE_LOCAL,
	BPF_DYNPTR_TYPE_RINGBUF,
	BPF_DYNPTR_TYPE_SKB,
	BPF_DYNPTR_TYPE_XDP,
	BPF_DYNPTR_TYPE_SKB_META,
};

enum bpf_iter_state {
	BPF_ITER_STATE_INVALID,
	BPF_ITER_STATE_ACTIVE,
	BPF_ITER_STATE_DRAINED,
};

struct bpf_reg_state {
	/* Base type plus enum bpf_type_flag bits. Everything before var_off is cleared by
	 * reg_mark_known() and reg_mark_unknown(), as the kernel's memset does.
	 */
	u32 type;
	/* Fixed part of a pointer's offset (the variable part is var_off and the ranges). For a
	 * scalar with id & BPF_ADD_CONST: the constant added to the linked register.
	 */
	s32 off;
	union {
		int range; /* PTR_TO_PACKET: bytes known readable after off */
		struct {
			/* CONST_PTR_TO_MAP, PTR_TO_MAP_VALUE/_KEY */
			const struct hive_verifier_map *map_ptr;
			u32 map_uid; /* inner map identity (bpf_timer / bpf_wq) */
		};
		struct {
			const struct hive_btf *btf; /* PTR_TO_BTF_ID, PTR_TO_MEM | MEM_ALLOC */
			u32 btf_id;
		};
		struct {
			u32 mem_size; /* PTR_TO_MEM, PTR_TO_BUF */
			u32 dynptr_id; /* slice of this dynptr */
		};
		struct {
			enum bpf_dynptr_type type;
			bool first_slot;
		} dynptr; /* STACK_DYNPTR slots, CONST_PTR_TO_DYNPTR */
		struct {
			const struct hive_btf *btf;
			u32 btf_id;
			enum bpf_iter_state state : 2;
			int depth : 30;
		} iter; /* STACK_ITER slots */
		struct {
			int kfunc_class; /* IRQ_NATIVE_KFUNC or IRQ_LOCK_KFUNC */
		} irq; /* STACK_IRQ_FLAG slots */
		u32 subprogno; /* PTR_TO_FUNC */
		struct {
			unsigned long raw1;
			unsigned long raw2;
		} raw;
	};
	struct tnum var_off;
	s64 smin_value;
	s64 smax_value;
	u64 umin_value;
	u64 umax_value;
	s32 s32_min_value;
	s32 s32_max_value;
	u32 u32_min_value;
	u32 u32_max_value;
	/* Pointers from the same lookup (null checks) or scalars copied from one another share
	 * an id; 0 for none.
	 */
	u32 id;
	/* The acquired reference this pointer holds (release must name it), 0 for none. */
	u32 ref_obj_id;
	/* PTR_TO_STACK: the frame the pointer points into. */
	u32 frameno;
	/* Index + 1 of the insn that last wrote only the low 32 bits, or DEF_NOT_SUBREG. */
	s32 subreg_def;
	/* Read/write marks for state pruning (the driver's; 6.18 no longer prints them). */
	u8 live;
	/* The exact value matters for a verdict somewhere (log prints "P"). */
	bool precise;
};

/* ---- marking ---- */

/* A known constant @imm: bounds and var_off exact; clears off, the pointer union, id and
 * ref_obj_id but not type (the kernel's __mark_reg_known).
 */
void reg_mark_known(struct bpf_reg_state *reg, u64 imm);
/* Only the scalar part becomes @imm (the kernel's ___mark_reg_known). */
void reg_mark_known_bounds(struct bpf_reg_state *reg, u64 imm);
/* The low 32 bits become the constant @imm; the high half of var_off is kept. */
void reg_mark32_known(struct bpf_reg_state *reg, u64 imm);
/* An unknown scalar (the kernel's __mark_reg_unknown): type SCALAR_VALUE, every other field
 * cleared, bounds unbounded, var_off unknown, precise = @precise (the kernel sets it for
 * programs loaded without CAP_BPF).
 */
void reg_mark_unknown(struct bpf_reg_state *reg, bool precise);
/* A register that holds nothing (NOT_INIT), as the kernel's __mark_reg_not_init. */
void reg_mark_not_init(struct bpf_reg_state *reg);

/* Bounds to the widest range, 64-bit and 32-bit together or separately. */
void reg_mark_unbounded(struct bpf_reg_state *reg);
void reg_mark64_unbounded(struct bpf_reg_state *reg);
void reg_mark32_unbounded(struct bpf_reg_state *reg);

/* ---- bounds ---- */

/* Tighten the ranges from var_off (kernel: __update_reg_bounds and its 32/64 halves). */
void reg_update_bounds(struct bpf_reg_state *reg);
void reg_update_bounds32(struct bpf_reg_state *reg);
void reg_update_bounds64(struct bpf_reg_state *reg);
/* Let the signed, unsigned, 32- and 64-bit ranges learn from each other (kernel:
 * __reg_deduce_bounds = __reg32_deduce_bounds + __reg64_deduce_bounds +
 * __reg_deduce_mixed_bounds).
 */
void reg_deduce_bounds(struct bpf_reg_state *reg);
/* Tighten var_off from the unsigned ranges (kernel: __reg_bound_offset). */
void reg_bound_offset(struct bpf_reg_state *reg);
/* All of the above, in the kernel's order: every transfer function ends with it. */
void reg_bounds_sync(struct bpf_reg_state *reg);
/* The 32-bit ranges become the 64-bit ones (kernel: __reg_assign_32_into_64). */
void reg_assign_32_into_64(struct bpf_reg_state *reg);

/* True if the ranges and var_off contradict each other (the kernel's reg_bounds_sanity_check
 * reports "REG INVARIANTS VIOLATION" then). @msg, if not NULL, receives the kernel's reason.
 */
bool reg_bounds_invalid(const struct bpf_reg_state *reg, const char **msg);

/* ---- conversions ---- */

/* Keep the low @size bytes (1, 2 or 4), as a narrow load or zero-extending move does. */
void coerce_reg_to_size(struct bpf_reg_state *reg, int size);
/* Sign-extend the low @size bytes (1, 2 or 4) to 64 bits (BPF_MOVSX, BPF_MEMSX). */
void coerce_reg_to_size_sx(struct bpf_reg_state *reg, int size);
/* Sign-extend the low @size bytes (1 or 2) into the 32-bit subregister (32-bit MOVSX). */
void coerce_subreg_to_size_sx(struct bpf_reg_state *reg, int size);
/* Zero-extend the 32-bit subregister to 64 bits, as every ALU32 instruction does. */
void zext_32_to_64(struct bpf_reg_state *reg);

/* True if the register is a scalar whose (low 32 bits, for @subreg32) value is known. */
bool is_reg_const(const struct bpf_reg_state *reg, bool subreg32);
/* That known value (zero-extended for @subreg32). */
u64 reg_const_value(const struct bpf_reg_state *reg, bool subreg32);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_VERIFIER_REGS_H */
