/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vm/interp_body.h: the interpreter loop, included twice by vm/interp.c: once as the fast
 * interpreter (INTERP_CHECKED 0: nothing but the instruction's own work) and once as the
 * checked one (INTERP_CHECKED 1: every memory access bounds-checked, an instruction budget).
 * INTERP_NAME is the function's name.
 *
 * Dispatch follows Lua's lvm.c: each handler is a vmcase() ending in vmbreak. With computed
 * goto (the default, gcc and clang) vmbreak is `pc++; goto *pc->label`: the decoded op carries
 * its handler's address, so a dispatch is one load and one indirect jump, and each handler has
 * its own jump for the branch predictor. With -DHIVE_NO_JUMPTABLE the same handlers become the
 * cases of a switch.
 *
 * Registers live in a local array reached through DST/SRC (the kernel's ___bpf_prog_run), with a
 * 12th slot for r11 (BPF_REG_AX, named only by verified images: the validator keeps every register
 * index in range, so DST/SRC need no mask); r10 points at the top of the current 512-byte frame of
 * run->stack. Every handler that writes one register also leaves the value in `last` (and moves the
 * one before to `last2`), locals the compiler keeps in host registers; handler variants read their
 * destination or source operand from one of those instead of the array, which the decoder picks
 * when one of the two previous writes was to that register (see VM_VARIANT_OPS in vm_internal.h). A
 * chain of dependent instructions then rarely waits for a store to the array to reach the next
 * load. bpf-to-bpf calls do not recurse in C: they save r6-r10 and the return point in
 * run->frames[]. Helpers and kfuncs may re-enter through hive_vm_call(), which recurses once per
 * callback.
 */

uint64_t INTERP_NAME(struct hive_vm_run *run, const struct vm_op *pc, const uint64_t *args)
{
#ifndef HIVE_NO_JUMPTABLE
#define LABEL_ADDR(name, ...) [HIVE_OP_##name] = &&L_##name,
/* variants[op][d + 3 * s], d and s as in the NAME_ds labels (see VARIANTS_DS below) */
#define VL_D(name) \
	[HIVE_OP_##name] = { [0] = &&L_##name, [1] = &&L_##name##_10, [2] = &&L_##name##_20 },
#define VL_S(name) \
	[HIVE_OP_##name] = { [0] = &&L_##name, [3] = &&L_##name##_01, [6] = &&L_##name##_02 },
#define VL_DS(name)                                                             \
	[HIVE_OP_##name] = { &&L_##name,      &&L_##name##_10, &&L_##name##_20, \
			     &&L_##name##_01, &&L_##name##_11, &&L_##name##_21, \
			     &&L_##name##_02, &&L_##name##_12, &&L_##name##_22 },
	static const void *const labels[HIVE_OP_CNT] = { HIVE_INSN_MAP(LABEL_ADDR) };
	static const void *const variants[HIVE_OP_CNT][VM_NR_VARIANTS] = { VM_VARIANT_OPS(
		VL_D, VL_S, VL_DS) };
#define FM_L(op) &&L_FM_##op##_0, &&L_FM_##op##_1, &&L_FM_##op##_2
#define FM_ROW(o)                                                                         \
	[HIVE_OP_##o##64_K] = { FM_L(o##64_K) }, [HIVE_OP_##o##64_X] = { FM_L(o##64_X) }, \
	[HIVE_OP_##o##32_K] = { FM_L(o##32_K) }, [HIVE_OP_##o##32_X] = { FM_L(o##32_X) },
#define FJ_ROW(j, A) \
	[HIVE_OP_##j##64_K] = &&L_FJ_##A##64_##j, [HIVE_OP_##j##32_K] = &&L_FJ_##A##32_##j,
#define FJ_ADD(j) FJ_ROW(j, ADD)
#define FJ_SUB(j) FJ_ROW(j, SUB)
	static const void *const fuse_mov[HIVE_OP_CNT][3] = { VM_FUSE_MOV_OPS(FM_ROW) };
	static const void *const fuse_jmp[2][HIVE_OP_CNT] = { { VM_FUSE_JMP_OPS(FJ_ADD) },
							      { VM_FUSE_JMP_OPS(FJ_SUB) } };
#define FPL(n) [HIVE_OP_##n] = { &&L_##n##_F },
#define FPS(n) [HIVE_OP_##n] = { &&L_##n##_F0, &&L_##n##_F1, &&L_##n##_F2 },
	static const void *const fp_ops[HIVE_OP_CNT][3] = {
		FPL(LDXB) FPL(LDXH) FPL(LDXW) FPL(LDXDW) FPL(LDXSB) FPL(LDXSH) FPL(LDXSW) FPL(STB)
			FPL(STH) FPL(STW) FPL(STDW) FPS(STXB) FPS(STXH) FPS(STXW) FPS(STXDW)
	};
	static const struct vm_tables tables = { labels, variants, fuse_mov, fuse_jmp, fp_ops };
#undef FPL
#undef FPS
#undef FM_L
#undef FM_ROW
#undef FJ_ROW
#undef FJ_ADD
#undef FJ_SUB
#undef LABEL_ADDR
#undef VL_D
#undef VL_S
#undef VL_DS
	if (unlikely(!run))
		return (uint64_t)(uintptr_t)&tables;
#else
	if (unlikely(!run))
		return 0;
#endif
	const struct hive_vm *vm = run->vm;
	uint8_t *const stack_top = run->stack + sizeof(run->stack);
	const unsigned base = run->depth;
	const struct hive_vm_func *fn;
	const struct vm_op *target;
	struct hive_vm_frame *f;
	/* r0-r10 and r11 (BPF_REG_AX), which only verified images name */
	uint64_t regs[ISA_NR_EXT_REGS], addr, last = 0, last2 = 0, fp;
#if INTERP_CHECKED
	uint64_t budget = run->budget;
#endif

	regs[BPF_REG_0] = 0;
	for (int i = 0; i < 5; i++)
		regs[BPF_REG_1 + i] = args[i];
	regs[6] = regs[7] = regs[8] = regs[9] = regs[ISA_REG_AX] = 0;
	regs[BPF_REG_FP] = fp = (uintptr_t)(stack_top - base * HIVE_VM_STACK_SIZE);

#define DST regs[pc->dst]
#define SRC regs[pc->src]
#define IMM pc->imm
#define OFF pc->off

/*
 * Write the destination register and remember its value: last2 <- last <- value. PUT1 is for
 * a destination that is the register `last` holds (the d=1 variants): last2 keeps its value.
 */
#define PUT(v)                       \
	do {                         \
		uint64_t put_ = (v); \
		DST = put_;          \
		last2 = last;        \
		last = put_;         \
	} while (0)
#define PUT1(v)                      \
	do {                         \
		uint64_t put_ = (v); \
		DST = put_;          \
		last = put_;         \
	} while (0)

/*
 * GEN(label, P, A, B, ...) writes one handler reading its destination operand as A and its
 * source as B, writing its result with P (PUT or PUT1); these emit the plain handler and its variants, named NAME_ds where d and s say where
 * the destination and the source come from: 0 the register array, 1 `last`, 2 `last2`. A
 * switch build has no variants.
 */
#ifndef HIVE_NO_JUMPTABLE
#define VARIANTS_D(GEN, NAME, ...)            \
	GEN(NAME, PUT, DST, SRC, __VA_ARGS__) \
	GEN(NAME##_10, PUT1, last, SRC, __VA_ARGS__) GEN(NAME##_20, PUT, last2, SRC, __VA_ARGS__)
#define VARIANTS_S(GEN, NAME, ...)            \
	GEN(NAME, PUT, DST, SRC, __VA_ARGS__) \
	GEN(NAME##_01, PUT, DST, last, __VA_ARGS__) GEN(NAME##_02, PUT, DST, last2, __VA_ARGS__)
#define VARIANTS_DS(GEN, NAME, ...)                    \
	VARIANTS_D(GEN, NAME, __VA_ARGS__)             \
	GEN(NAME##_01, PUT, DST, last, __VA_ARGS__)    \
	GEN(NAME##_02, PUT, DST, last2, __VA_ARGS__)   \
	GEN(NAME##_11, PUT1, last, last, __VA_ARGS__)  \
	GEN(NAME##_12, PUT1, last, last2, __VA_ARGS__) \
	GEN(NAME##_21, PUT, last2, last, __VA_ARGS__)  \
	GEN(NAME##_22, PUT, last2, last2, __VA_ARGS__)
#else
#define VARIANTS_D(GEN, NAME, ...) GEN(NAME, PUT, DST, SRC, __VA_ARGS__)
#define VARIANTS_S(GEN, NAME, ...) GEN(NAME, PUT, DST, SRC, __VA_ARGS__)
#define VARIANTS_DS(GEN, NAME, ...) GEN(NAME, PUT, DST, SRC, __VA_ARGS__)
#endif

#if INTERP_CHECKED
#define SYNC_OUT() (run->budget = budget)
#define SYNC_IN() (budget = run->budget)
#define COUNT()                          \
	do {                             \
		if (unlikely(!--budget)) \
			goto out_budget; \
	} while (0)
#define CHECK_MEM(a, size, write)                                \
	do {                                                     \
		if (unlikely(!vm_mem_ok(run, a, size, write))) { \
			vm_mem_fault(run, pc, a, size, write);   \
			goto out;                                \
		}                                                \
	} while (0)
#define CHECK_ALIGNED(a, size)                                                                     \
	do {                                                                                       \
		CHECK_MEM(a, size, true);                                                          \
		if (unlikely((a) & ((size)-1))) {                                                  \
			vm_fault_at(run, pc, -EFAULT,                                              \
				    "misaligned atomic access of %d bytes at 0x%llx", (int)(size), \
				    (unsigned long long)(a));                                      \
			goto out;                                                                  \
		}                                                                                  \
	} while (0)
#else
#define SYNC_OUT() ((void)0)
#define SYNC_IN() ((void)0)
#define COUNT() ((void)0)
#define CHECK_MEM(a, size, write) ((void)0)
#define CHECK_ALIGNED(a, size) ((void)0)
#endif

#ifndef HIVE_NO_JUMPTABLE
#define vmdispatch(x) goto *(x);
#define vmcase(l) L_##l:
#define vmbreak                   \
	do {                      \
		pc++;             \
		COUNT();          \
		goto * pc->label; \
	} while (0)
#define vmjump() goto * pc->label
	vmdispatch(pc->label)
#else
#define vmdispatch(x) switch (x)
#define vmcase(l) case HIVE_OP_##l:
#define vmbreak           \
	{                 \
		pc++;     \
		COUNT();  \
		continue; \
	}
#define vmjump() continue
	(void)last2; /* no variants read it in a switch build */
	for (;;)
		vmdispatch(pc->id)
#endif
	{
/* ---- ALU ---- */
#define ALU64_K(L, P, A, B, OP)                  \
	vmcase(L)                                \
	{                                        \
		P((A)OP(uint64_t)(int64_t) IMM); \
		vmbreak;                         \
	}
#define ALU64_X(L, P, A, B, OP) \
	vmcase(L)               \
	{                       \
		P((A)OP(B));    \
		vmbreak;        \
	}
#define ALU32_K(L, P, A, B, OP)                               \
	vmcase(L)                                             \
	{                                                     \
		P((uint32_t)((uint32_t)(A)OP(uint32_t) IMM)); \
		vmbreak;                                      \
	}
#define ALU32_X(L, P, A, B, OP)                              \
	vmcase(L)                                            \
	{                                                    \
		P((uint32_t)((uint32_t)(A)OP(uint32_t)(B))); \
		vmbreak;                                     \
	}
#define ALU(NAME, OP)                        \
	VARIANTS_D(ALU64_K, NAME##64_K, OP)  \
	VARIANTS_DS(ALU64_X, NAME##64_X, OP) \
	VARIANTS_D(ALU32_K, NAME##32_K, OP)  \
	VARIANTS_DS(ALU32_X, NAME##32_X, OP)
		ALU(ADD, +)
		ALU(SUB, -)
		ALU(MUL, *)
		ALU(OR, |)
		ALU(AND, &)
		ALU(XOR, ^)
#undef ALU
#undef ALU64_K
#undef ALU64_X
#undef ALU32_K
#undef ALU32_X

/*
 * Shifts take the count modulo the operand width, as the kernel's interpreter does. E is the
 * result in terms of a (the value) and n (the count).
 */
#define SHIFT64_K(L, P, A, B, E)                \
	vmcase(L)                               \
	{                                       \
		uint64_t a = (A), n = IMM & 63; \
		P((E));                         \
		vmbreak;                        \
	}
#define SHIFT64_X(L, P, A, B, E)              \
	vmcase(L)                             \
	{                                     \
		uint64_t a = (A), n = (B)&63; \
		P((E));                       \
		vmbreak;                      \
	}
#define SHIFT32_K(L, P, A, B, E)                          \
	vmcase(L)                                         \
	{                                                 \
		uint32_t a = (uint32_t)(A), n = IMM & 31; \
		P((uint32_t)(E));                         \
		vmbreak;                                  \
	}
#define SHIFT32_X(L, P, A, B, E)                        \
	vmcase(L)                                       \
	{                                               \
		uint32_t a = (uint32_t)(A), n = (B)&31; \
		P((uint32_t)(E));                       \
		vmbreak;                                \
	}
#define SHIFT(NAME, E64, E32)                   \
	VARIANTS_D(SHIFT64_K, NAME##64_K, E64)  \
	VARIANTS_DS(SHIFT64_X, NAME##64_X, E64) \
	VARIANTS_D(SHIFT32_K, NAME##32_K, E32)  \
	VARIANTS_DS(SHIFT32_X, NAME##32_X, E32)
		SHIFT(LSH, a << n, a << n)
		SHIFT(RSH, a >> n, a >> n)
		SHIFT(ARSH, (uint64_t)((int64_t)a >> n), (int32_t)a >> n)
#undef SHIFT
#undef SHIFT64_K
#undef SHIFT64_X
#undef SHIFT32_K
#undef SHIFT32_X

/*
 * Division and modulo with the ISA's results for the cases C leaves undefined: x / 0 = 0,
 * x % 0 = x (32-bit: zero-extended), INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0. Rare enough
 * in hot code to have no variants.
 */
#define DIVMOD(SFX, S)                                                                \
	vmcase(DIV64_##SFX)                                                           \
	{                                                                             \
		uint64_t d = (uint64_t)(S);                                           \
		PUT(d ? DST / d : 0);                                                 \
		vmbreak;                                                              \
	}                                                                             \
	vmcase(MOD64_##SFX)                                                           \
	{                                                                             \
		uint64_t d = (uint64_t)(S);                                           \
		PUT(d ? DST % d : DST);                                               \
		vmbreak;                                                              \
	}                                                                             \
	vmcase(SDIV64_##SFX)                                                          \
	{                                                                             \
		int64_t d = (int64_t)(S);                                             \
		PUT(!d ? 0 : d == -1 ? 0 - DST : (uint64_t)((int64_t)DST / d));       \
		vmbreak;                                                              \
	}                                                                             \
	vmcase(SMOD64_##SFX)                                                          \
	{                                                                             \
		int64_t d = (int64_t)(S);                                             \
		PUT(!d ? DST : d == -1 ? 0 : (uint64_t)((int64_t)DST % d));           \
		vmbreak;                                                              \
	}                                                                             \
	vmcase(DIV32_##SFX)                                                           \
	{                                                                             \
		uint32_t d = (uint32_t)(S);                                           \
		PUT(d ? (uint32_t)DST / d : 0);                                       \
		vmbreak;                                                              \
	}                                                                             \
	vmcase(MOD32_##SFX)                                                           \
	{                                                                             \
		uint32_t d = (uint32_t)(S);                                           \
		PUT(d ? (uint32_t)DST % d : (uint32_t)DST);                           \
		vmbreak;                                                              \
	}                                                                             \
	vmcase(SDIV32_##SFX)                                                          \
	{                                                                             \
		int32_t d = (int32_t)(S);                                             \
		PUT(!d	    ? 0 :                                                     \
		    d == -1 ? (uint32_t)(0u - (uint32_t)DST) :                        \
			      (uint32_t)((int32_t)DST / d));                          \
		vmbreak;                                                              \
	}                                                                             \
	vmcase(SMOD32_##SFX)                                                          \
	{                                                                             \
		int32_t d = (int32_t)(S);                                             \
		PUT(!d ? (uint32_t)DST : d == -1 ? 0 : (uint32_t)((int32_t)DST % d)); \
		vmbreak;                                                              \
	}
		DIVMOD(K, (int64_t)IMM)
		DIVMOD(X, SRC)
#undef DIVMOD

/* One-operand forms: E in terms of a (the destination's value) or b (the source's). */
#define UNARY_D(L, P, A, B, E)    \
	vmcase(L)                 \
	{                         \
		uint64_t a = (A); \
		P((E));           \
		vmbreak;          \
	}
#define UNARY_S(L, P, A, B, E)    \
	vmcase(L)                 \
	{                         \
		uint64_t b = (B); \
		P((E));           \
		vmbreak;          \
	}
		VARIANTS_D(UNARY_D, NEG64, 0 - a)
		VARIANTS_D(UNARY_D, NEG32, (uint32_t)(0u - (uint32_t)a))
		vmcase(MOV64_K)
		{
			PUT((uint64_t)(int64_t)IMM);
			vmbreak;
		}
		vmcase(MOV32_K)
		{
			PUT((uint32_t)IMM);
			vmbreak;
		}
		VARIANTS_S(UNARY_S, MOV64_X, b)
		VARIANTS_S(UNARY_S, MOV32_X, (uint32_t)b)
		VARIANTS_S(UNARY_S, MOVSX8_64, (uint64_t)(int64_t)(int8_t)b)
		VARIANTS_S(UNARY_S, MOVSX16_64, (uint64_t)(int64_t)(int16_t)b)
		VARIANTS_S(UNARY_S, MOVSX32_64, (uint64_t)(int64_t)(int32_t)b)
		VARIANTS_S(UNARY_S, MOVSX8_32, (uint32_t)(int32_t)(int8_t)b)
		VARIANTS_S(UNARY_S, MOVSX16_32, (uint32_t)(int32_t)(int16_t)b)
		/* byte order: the host is little-endian (checked in interp.c) */
		VARIANTS_D(UNARY_D, LE16, (uint16_t)a)
		VARIANTS_D(UNARY_D, LE32, (uint32_t)a)
		VARIANTS_D(UNARY_D, LE64, a)
		VARIANTS_D(UNARY_D, BE16, __builtin_bswap16((uint16_t)a))
		VARIANTS_D(UNARY_D, BE32, __builtin_bswap32((uint32_t)a))
		VARIANTS_D(UNARY_D, BE64, __builtin_bswap64(a))
		VARIANTS_D(UNARY_D, BSWAP16, __builtin_bswap16((uint16_t)a))
		VARIANTS_D(UNARY_D, BSWAP32, __builtin_bswap32((uint32_t)a))
		VARIANTS_D(UNARY_D, BSWAP64, __builtin_bswap64(a))
#undef UNARY_D
#undef UNARY_S
		vmcase(ASCAST)
		{
			/* No arenas yet: a cast keeps the 32-bit offset; checked mode refuses. */
			if (INTERP_CHECKED) {
				vm_fault_at(run, pc, -EINVAL, "addr_space_cast needs a BPF arena");
				goto out;
			}
			PUT((uint32_t)SRC);
			vmbreak;
		}

/* ---- memory ---- */
#define LOAD(T, a)                                                    \
	({                                                            \
		T v_;                                                 \
		memcpy(&v_, (const void *)(uintptr_t)(a), sizeof(T)); \
		v_;                                                   \
	})
#define STORE(T, a, v)                                          \
	do {                                                    \
		T v_ = (T)(v);                                  \
		memcpy((void *)(uintptr_t)(a), &v_, sizeof(T)); \
	} while (0)
#define LDX(L, P, A, B, T)                         \
	vmcase(L)                                  \
	{                                          \
		addr = (B) + OFF;                  \
		CHECK_MEM(addr, sizeof(T), false); \
		P((uint64_t)LOAD(T, addr));        \
		vmbreak;                           \
	}
#define ST(L, P, A, B, T)                         \
	vmcase(L)                                 \
	{                                         \
		addr = (A) + OFF;                 \
		CHECK_MEM(addr, sizeof(T), true); \
		STORE(T, addr, (int64_t)IMM);     \
		vmbreak;                          \
	}
#define STX(L, P, A, B, T)                        \
	vmcase(L)                                 \
	{                                         \
		addr = (A) + OFF;                 \
		CHECK_MEM(addr, sizeof(T), true); \
		STORE(T, addr, (B));              \
		vmbreak;                          \
	}
		VARIANTS_S(LDX, LDXB, uint8_t)
		VARIANTS_S(LDX, LDXH, uint16_t)
		VARIANTS_S(LDX, LDXW, uint32_t)
		VARIANTS_S(LDX, LDXDW, uint64_t)
		/* the signed types sign-extend to 64 bits through (uint64_t) */
		VARIANTS_S(LDX, LDXSB, int8_t)
		VARIANTS_S(LDX, LDXSH, int16_t)
		VARIANTS_S(LDX, LDXSW, int32_t)
		VARIANTS_D(ST, STB, uint8_t)
		VARIANTS_D(ST, STH, uint16_t)
		VARIANTS_D(ST, STW, uint32_t)
		VARIANTS_D(ST, STDW, uint64_t)
		VARIANTS_DS(STX, STXB, uint8_t)
		VARIANTS_DS(STX, STXH, uint16_t)
		VARIANTS_DS(STX, STXW, uint32_t)
		VARIANTS_DS(STX, STXDW, uint64_t)
#ifndef HIVE_NO_JUMPTABLE
/* r10-relative: the address from `fp`, a local copy of r10, known without a load */
#define FP_LDX(N, T) LDX(N##_F, PUT, DST, fp, T)
#define FP_ST(N, T) ST(N##_F, PUT, fp, SRC, T)
#define FP_STX(N, T) \
	STX(N##_F0, PUT, fp, SRC, T) STX(N##_F1, PUT, fp, last, T) STX(N##_F2, PUT, fp, last2, T)
		FP_LDX(LDXB, uint8_t)
		FP_LDX(LDXH, uint16_t)
		FP_LDX(LDXW, uint32_t)
		FP_LDX(LDXDW, uint64_t)
		FP_LDX(LDXSB, int8_t)
		FP_LDX(LDXSH, int16_t)
		FP_LDX(LDXSW, int32_t)
		FP_ST(STB, uint8_t)
		FP_ST(STH, uint16_t)
		FP_ST(STW, uint32_t)
		FP_ST(STDW, uint64_t)
		FP_STX(STXB, uint8_t)
		FP_STX(STXH, uint16_t)
		FP_STX(STXW, uint32_t)
		FP_STX(STXDW, uint64_t)
#undef FP_LDX
#undef FP_ST
#undef FP_STX
#endif
#undef LDX
#undef ST
#undef STX

/* Atomics: sequentially consistent, as the kernel's. 32-bit results are zero-extended. */
#define ATOMIC_OPS(W, T)                                                                    \
	vmcase(AADD##W)                                                                     \
	{                                                                                   \
		addr = DST + OFF;                                                           \
		CHECK_ALIGNED(addr, sizeof(T));                                             \
		__atomic_fetch_add((T *)(uintptr_t)addr, (T)SRC, __ATOMIC_SEQ_CST);         \
		vmbreak;                                                                    \
	}                                                                                   \
	vmcase(AFADD##W)                                                                    \
	{                                                                                   \
		addr = DST + OFF;                                                           \
		CHECK_ALIGNED(addr, sizeof(T));                                             \
		SRC = __atomic_fetch_add((T *)(uintptr_t)addr, (T)SRC, __ATOMIC_SEQ_CST);   \
		vmbreak;                                                                    \
	}                                                                                   \
	vmcase(AOR##W)                                                                      \
	{                                                                                   \
		addr = DST + OFF;                                                           \
		CHECK_ALIGNED(addr, sizeof(T));                                             \
		__atomic_fetch_or((T *)(uintptr_t)addr, (T)SRC, __ATOMIC_SEQ_CST);          \
		vmbreak;                                                                    \
	}                                                                                   \
	vmcase(AFOR##W)                                                                     \
	{                                                                                   \
		addr = DST + OFF;                                                           \
		CHECK_ALIGNED(addr, sizeof(T));                                             \
		SRC = __atomic_fetch_or((T *)(uintptr_t)addr, (T)SRC, __ATOMIC_SEQ_CST);    \
		vmbreak;                                                                    \
	}                                                                                   \
	vmcase(AAND##W)                                                                     \
	{                                                                                   \
		addr = DST + OFF;                                                           \
		CHECK_ALIGNED(addr, sizeof(T));                                             \
		__atomic_fetch_and((T *)(uintptr_t)addr, (T)SRC, __ATOMIC_SEQ_CST);         \
		vmbreak;                                                                    \
	}                                                                                   \
	vmcase(AFAND##W)                                                                    \
	{                                                                                   \
		addr = DST + OFF;                                                           \
		CHECK_ALIGNED(addr, sizeof(T));                                             \
		SRC = __atomic_fetch_and((T *)(uintptr_t)addr, (T)SRC, __ATOMIC_SEQ_CST);   \
		vmbreak;                                                                    \
	}                                                                                   \
	vmcase(AXOR##W)                                                                     \
	{                                                                                   \
		addr = DST + OFF;                                                           \
		CHECK_ALIGNED(addr, sizeof(T));                                             \
		__atomic_fetch_xor((T *)(uintptr_t)addr, (T)SRC, __ATOMIC_SEQ_CST);         \
		vmbreak;                                                                    \
	}                                                                                   \
	vmcase(AFXOR##W)                                                                    \
	{                                                                                   \
		addr = DST + OFF;                                                           \
		CHECK_ALIGNED(addr, sizeof(T));                                             \
		SRC = __atomic_fetch_xor((T *)(uintptr_t)addr, (T)SRC, __ATOMIC_SEQ_CST);   \
		vmbreak;                                                                    \
	}                                                                                   \
	vmcase(AXCHG##W)                                                                    \
	{                                                                                   \
		addr = DST + OFF;                                                           \
		CHECK_ALIGNED(addr, sizeof(T));                                             \
		SRC = __atomic_exchange_n((T *)(uintptr_t)addr, (T)SRC, __ATOMIC_SEQ_CST);  \
		vmbreak;                                                                    \
	}                                                                                   \
	vmcase(ACMPXCHG##W)                                                                 \
	{                                                                                   \
		T expected = (T)regs[BPF_REG_0];                                            \
		addr = DST + OFF;                                                           \
		CHECK_ALIGNED(addr, sizeof(T));                                             \
		__atomic_compare_exchange_n((T *)(uintptr_t)addr, &expected, (T)SRC, false, \
					    __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);            \
		regs[BPF_REG_0] = expected;                                                 \
		vmbreak;                                                                    \
	}
		ATOMIC_OPS(32, uint32_t)
		ATOMIC_OPS(64, uint64_t)
#undef ATOMIC_OPS

#define ACQREL(SFX, T)                                                            \
	vmcase(LDACQ##SFX)                                                        \
	{                                                                         \
		addr = SRC + OFF;                                                 \
		CHECK_MEM(addr, sizeof(T), false);                                \
		CHECK_ALIGNED(addr, sizeof(T));                                   \
		PUT(__atomic_load_n((T *)(uintptr_t)addr, __ATOMIC_ACQUIRE));     \
		vmbreak;                                                          \
	}                                                                         \
	vmcase(STREL##SFX)                                                        \
	{                                                                         \
		addr = DST + OFF;                                                 \
		CHECK_ALIGNED(addr, sizeof(T));                                   \
		__atomic_store_n((T *)(uintptr_t)addr, (T)SRC, __ATOMIC_RELEASE); \
		vmbreak;                                                          \
	}
		ACQREL(b, uint8_t)
		ACQREL(h, uint16_t)
		ACQREL(w, uint32_t)
		ACQREL(dw, uint64_t)
#undef ACQREL

		vmcase(LDDW)
		{
			PUT(pc[1].imm64);
			pc++;
			vmbreak;
		}

/*
 * Legacy packet loads: big-endian, from run->pkt. Out of bounds, the program ends with r0 = 0
 * (the kernel's rule); checked mode without packet data is a fault.
 */
#define LD_PKT(NAME, T, OFFSET)                                                 \
	vmcase(NAME)                                                            \
	{                                                                       \
		uint64_t v_;                                                    \
		if (INTERP_CHECKED && !run->pkt) {                              \
			vm_fault_at(run, pc, -EFAULT, "%s without packet data", \
				    isa_desc[HIVE_OP_##NAME].mnem);             \
			goto out;                                               \
		}                                                               \
		if (unlikely(!vm_pkt_load(run, (OFFSET), sizeof(T), &v_))) {    \
			hive_vm_exit(run, 0);                                   \
			goto out;                                               \
		}                                                               \
		regs[BPF_REG_0] = v_;                                           \
		vmbreak;                                                        \
	}
		LD_PKT(LDABSB, uint8_t, IMM)
		LD_PKT(LDABSH, uint16_t, IMM)
		LD_PKT(LDABSW, uint32_t, IMM)
		LD_PKT(LDINDB, uint8_t, (int32_t)((uint32_t)SRC + (uint32_t)IMM))
		LD_PKT(LDINDH, uint16_t, (int32_t)((uint32_t)SRC + (uint32_t)IMM))
		LD_PKT(LDINDW, uint32_t, (int32_t)((uint32_t)SRC + (uint32_t)IMM))
#undef LD_PKT

/* ---- jumps ---- */
#define JCOND64_K(L, P, A, B, OP, T64, T32)       \
	vmcase(L)                                 \
	{                                         \
		if ((T64)(A)OP(T64)(int64_t) IMM) \
			pc += OFF;                \
		vmbreak;                          \
	}
#define JCOND64_X(L, P, A, B, OP, T64, T32) \
	vmcase(L)                           \
	{                                   \
		if ((T64)(A)OP(T64)(B))     \
			pc += OFF;          \
		vmbreak;                    \
	}
#define JCOND32_K(L, P, A, B, OP, T64, T32) \
	vmcase(L)                           \
	{                                   \
		if ((T32)(A)OP(T32) IMM)    \
			pc += OFF;          \
		vmbreak;                    \
	}
#define JCOND32_X(L, P, A, B, OP, T64, T32) \
	vmcase(L)                           \
	{                                   \
		if ((T32)(A)OP(T32)(B))     \
			pc += OFF;          \
		vmbreak;                    \
	}
#define JCOND(NAME, T64, T32, OP)                        \
	VARIANTS_D(JCOND64_K, NAME##64_K, OP, T64, T32)  \
	VARIANTS_DS(JCOND64_X, NAME##64_X, OP, T64, T32) \
	VARIANTS_D(JCOND32_K, NAME##32_K, OP, T64, T32)  \
	VARIANTS_DS(JCOND32_X, NAME##32_X, OP, T64, T32)
		JCOND(JEQ, uint64_t, uint32_t, ==)
		JCOND(JNE, uint64_t, uint32_t, !=)
		JCOND(JGT, uint64_t, uint32_t, >)
		JCOND(JGE, uint64_t, uint32_t, >=)
		JCOND(JLT, uint64_t, uint32_t, <)
		JCOND(JLE, uint64_t, uint32_t, <=)
		JCOND(JSGT, int64_t, int32_t, >)
		JCOND(JSGE, int64_t, int32_t, >=)
		JCOND(JSLT, int64_t, int32_t, <)
		JCOND(JSLE, int64_t, int32_t, <=)
		JCOND(JSET, uint64_t, uint32_t, &)
#undef JCOND
#undef JCOND64_K
#undef JCOND64_X
#undef JCOND32_K
#undef JCOND32_X

/*
 * Superinstructions (see vm_internal.h). pc[1] is the second instruction; the handler steps
 * over it. mov + ALU: b is rB (from the array, `last` or `last2`), EXPR the result in terms of
 * b and x, the second instruction's operand.
 */
#ifndef HIVE_NO_JUMPTABLE
#define FM_ONE(L, B, W, K, EXPR)                                                           \
	vmcase(L)                                                                          \
	{                                                                                  \
		uint64_t b = W(B), x = K ? (uint64_t)(int64_t)pc[1].imm : regs[pc[1].src]; \
		(void)x;                                                                   \
		PUT(b);                                                                    \
		PUT(W(EXPR));                                                              \
		pc++;                                                                      \
		COUNT(); /* the budget counts instructions, not dispatches */              \
		vmbreak;                                                                   \
	}
#define FM(NAME, W, K, EXPR)                    \
	FM_ONE(FM_##NAME##_0, SRC, W, K, EXPR)  \
	FM_ONE(FM_##NAME##_1, last, W, K, EXPR) \
	FM_ONE(FM_##NAME##_2, last2, W, K, EXPR)
#define W64(v) ((uint64_t)(v))
#define W32(v) ((uint32_t)(v))
#define FM_ALU(NAME, OP)                                   \
	FM(NAME##64_K, W64, 1, b OP x)                     \
	FM(NAME##64_X, W64, 0, b OP x)                     \
	FM(NAME##32_K, W32, 1, (uint32_t)b OP(uint32_t) x) \
	FM(NAME##32_X, W32, 0, (uint32_t)b OP(uint32_t) x)
#define FM_SHIFT(NAME, E64, E32)               \
	FM(NAME##64_K, W64, 1, E64(b, x & 63)) \
	FM(NAME##64_X, W64, 0, E64(b, x & 63)) \
	FM(NAME##32_K, W32, 1, E32(b, x & 31)) FM(NAME##32_X, W32, 0, E32(b, x & 31))
#define LSH_(v, n) ((v) << (n))
#define RSH_(v, n) ((v) >> (n))
#define ARSH64_(v, n) ((uint64_t)((int64_t)(v) >> (n)))
#define ARSH32_(v, n) ((uint32_t)((int32_t)(uint32_t)(v) >> (n)))
		FM_ALU(ADD, +)
		FM_ALU(SUB, -)
		FM_ALU(MUL, *)
		FM_ALU(OR, |)
		FM_ALU(AND, &)
		FM_ALU(XOR, ^)
		FM_SHIFT(LSH, LSH_, LSH_)
		FM_SHIFT(RSH, RSH_, RSH_)
		FM_SHIFT(ARSH, ARSH64_, ARSH32_)
#undef FM_ONE
#undef FM
#undef FM_ALU
#undef FM_SHIFT
#undef LSH_
#undef RSH_
#undef ARSH64_
#undef ARSH32_

/* rA op= K; if rA cond K2 goto: the jump's offset is relative to the second instruction. */
#define FJ_ONE(L, W, OPA, T, CMP)                           \
	vmcase(L)                                           \
	{                                                   \
		uint64_t v = W(W(DST) OPA W((int64_t)IMM)); \
		PUT(v);                                     \
		pc++;                                       \
		COUNT();                                    \
		if ((T)v CMP(T)(int64_t) IMM)               \
			pc += OFF;                          \
		vmbreak;                                    \
	}
#define FJ(J, T64, T32, CMP)                   \
	FJ_ONE(FJ_ADD64_##J, W64, +, T64, CMP) \
	FJ_ONE(FJ_SUB64_##J, W64, -, T64, CMP) \
	FJ_ONE(FJ_ADD32_##J, W32, +, T32, CMP) \
	FJ_ONE(FJ_SUB32_##J, W32, -, T32, CMP)
		FJ(JEQ, uint64_t, uint32_t, ==)
		FJ(JNE, uint64_t, uint32_t, !=)
		FJ(JGT, uint64_t, uint32_t, >)
		FJ(JGE, uint64_t, uint32_t, >=)
		FJ(JLT, uint64_t, uint32_t, <)
		FJ(JLE, uint64_t, uint32_t, <=)
		FJ(JSGT, int64_t, int32_t, >)
		FJ(JSGE, int64_t, int32_t, >=)
		FJ(JSLT, int64_t, int32_t, <)
		FJ(JSLE, int64_t, int32_t, <=)
#undef FJ_ONE
#undef FJ
#undef W64
#undef W32
#endif /* HIVE_NO_JUMPTABLE */

		vmcase(JA)
		{
			pc += OFF;
			vmbreak;
		}
		vmcase(GOTOL)
		{
			pc += IMM;
			vmbreak;
		}
		vmcase(MAY_GOTO)
		{
			/* taken once this frame's budget is spent, as the kernel's rewrite does */
			f = &run->frames[run->depth];
			if (!f->loops)
				pc += OFF;
			else
				f->loops--;
			vmbreak;
		}

		/* ---- calls ---- */
		vmcase(CALL)
		{
			uint32_t id = (uint32_t)IMM;

			if (unlikely(id >= vm->nr_helpers || !vm->helpers[id].fn)) {
				vm_fault_at(run, pc, -ENOENT, "call to unknown helper %u%s%s", id,
					    isa_helper_name(id) ? " " : "",
					    isa_helper_name(id) ?: "");
				goto out;
			}
			fn = &vm->helpers[id];
			goto call_fn;
		}
		vmcase(CALL_KFUNC)
		{
			uint32_t slot = (uint32_t)IMM;

			if (unlikely(slot >= vm->nr_kfuncs || !vm->kfuncs[slot].fn)) {
				vm_fault_at(run, pc, -ENOENT, "call to unknown kfunc slot %u",
					    slot);
				goto out;
			}
			fn = &vm->kfuncs[slot];
			goto call_fn;
		}
		vmcase(CALL_LOCAL)
		{
			target = pc + IMM + 1;
			goto call_local;
		}
		vmcase(CALLX)
		{
			long idx = hive_vm_prog_func_idx(run->prog, DST);

			if (idx >= 0) {
				target = &run->prog->ops[INTERP_CHECKED][idx];
				goto call_local;
			}
			fn = vm_callx_helper(run, pc, DST);
			if (unlikely(!fn))
				goto out;
			goto call_fn;
		}
		vmcase(EXIT)
		{
			unsigned d = run->depth;

			if (d == base)
				goto out;
			f = &run->frames[d - 1];
			regs[6] = f->saved[0];
			regs[7] = f->saved[1];
			regs[8] = f->saved[2];
			regs[9] = f->saved[3];
			regs[BPF_REG_FP] = fp = f->saved[4];
			run->prog = f->prog;
			run->depth = d - 1;
			pc = f->ret;
			vmbreak;
		}

/* Shared tails of the call instructions, reached by goto (never by falling through). */
call_local : {
	unsigned d = run->depth;

	if (unlikely(d + 1 >= HIVE_VM_MAX_FRAMES)) {
		vm_fault_too_deep(run, pc);
		goto out;
	}
	f = &run->frames[d];
	f->ret = pc;
	f->prog = run->prog;
	f->saved[0] = regs[6];
	f->saved[1] = regs[7];
	f->saved[2] = regs[8];
	f->saved[3] = regs[9];
	f->saved[4] = regs[BPF_REG_FP];
	run->depth = d + 1;
	run->frames[d + 1].loops = HIVE_MAX_LOOPS;
	regs[BPF_REG_FP] = fp = (uintptr_t)(stack_top - (d + 1) * HIVE_VM_STACK_SIZE);
	pc = target;
	COUNT();
	vmjump();
}

call_fn:
		run->pc = pc;
		SYNC_OUT();
		regs[BPF_REG_0] = fn->fn(regs[1], regs[2], regs[3], regs[4], regs[5], run);
		SYNC_IN();
		if (likely(!run->pending))
			vmbreak;
		if (run->pending != VM_PENDING_TAIL_CALL)
			goto out; /* exit request or fault: unwind to the outermost interpreter */
		pc = vm_take_tail_call(run)->ops[INTERP_CHECKED];
		COUNT();
		vmjump();
	}

#if INTERP_CHECKED
out_budget:
	vm_fault_at(run, pc, -E2BIG, "instruction budget of %llu exhausted (endless loop?)",
		    (unsigned long long)run->budget_init);
#endif
out:
	SYNC_OUT();
	run->depth = base;
	return regs[BPF_REG_0];

#undef DST
#undef SRC
#undef IMM
#undef OFF
#undef SYNC_OUT
#undef SYNC_IN
#undef COUNT
#undef CHECK_MEM
#undef CHECK_ALIGNED
#undef PUT
#undef PUT1
#undef VARIANTS_D
#undef VARIANTS_S
#undef VARIANTS_DS
#undef vmdispatch
#undef vmcase
#undef vmbreak
#undef vmjump
#undef LOAD
#undef STORE
}
