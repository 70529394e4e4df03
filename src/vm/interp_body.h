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
 * Registers live in a local array reached through DST/SRC (the kernel's ___bpf_prog_run);
 * r10 points at the top of the current 512-byte frame of run->stack. bpf-to-bpf calls do not
 * recurse in C: they save r6-r10 and the return point in run->frames[]. Helpers and kfuncs may
 * re-enter through hive_vm_call(), which recurses once per callback.
 */

uint64_t INTERP_NAME(struct hive_vm_run *run, const struct vm_op *pc, const uint64_t *args)
{
#ifndef HIVE_NO_JUMPTABLE
#define LABEL_ADDR(name, ...) [HIVE_OP_##name] = &&L_##name,
	static const void *const labels[HIVE_OP_CNT] = { HIVE_INSN_MAP(LABEL_ADDR) };
#undef LABEL_ADDR
	if (unlikely(!run))
		return (uint64_t)(uintptr_t)labels;
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
	uint64_t regs[MAX_BPF_REG], addr;
#if INTERP_CHECKED
	uint64_t budget = run->budget;
#endif

	regs[BPF_REG_0] = 0;
	for (int i = 0; i < 5; i++)
		regs[BPF_REG_1 + i] = args[i];
	regs[6] = regs[7] = regs[8] = regs[9] = 0;
	regs[BPF_REG_FP] = (uintptr_t)(stack_top - base * HIVE_VM_STACK_SIZE);

#define DST regs[pc->dst]
#define SRC regs[pc->src]
#define IMM pc->imm
#define OFF pc->off

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
	for (;;)
		vmdispatch(pc->id)
#endif
	{
/* ---- ALU ---- */
#define ALU(NAME, OP)                                             \
	vmcase(NAME##64_K)                                        \
	{                                                         \
		DST = DST OP(uint64_t)(int64_t) IMM;              \
		vmbreak;                                          \
	}                                                         \
	vmcase(NAME##64_X)                                        \
	{                                                         \
		DST = DST OP SRC;                                 \
		vmbreak;                                          \
	}                                                         \
	vmcase(NAME##32_K)                                        \
	{                                                         \
		DST = (uint32_t)((uint32_t)DST OP(uint32_t) IMM); \
		vmbreak;                                          \
	}                                                         \
	vmcase(NAME##32_X)                                        \
	{                                                         \
		DST = (uint32_t)((uint32_t)DST OP(uint32_t) SRC); \
		vmbreak;                                          \
	}
		ALU(ADD, +)
		ALU(SUB, -)
		ALU(MUL, *)
		ALU(OR, |)
		ALU(AND, &)
		ALU(XOR, ^)
#undef ALU

/* Shifts take the count modulo the operand width, as the kernel's interpreter does. */
#define SHIFT(NAME, EXPR64, EXPR32)       \
	vmcase(NAME##64_K)                \
	{                                 \
		uint64_t n = IMM & 63;    \
		DST = EXPR64;             \
		vmbreak;                  \
	}                                 \
	vmcase(NAME##64_X)                \
	{                                 \
		uint64_t n = SRC & 63;    \
		DST = EXPR64;             \
		vmbreak;                  \
	}                                 \
	vmcase(NAME##32_K)                \
	{                                 \
		uint32_t n = IMM & 31;    \
		DST = (uint32_t)(EXPR32); \
		vmbreak;                  \
	}                                 \
	vmcase(NAME##32_X)                \
	{                                 \
		uint32_t n = SRC & 31;    \
		DST = (uint32_t)(EXPR32); \
		vmbreak;                  \
	}
		SHIFT(LSH, DST << n, (uint32_t)DST << n)
		SHIFT(RSH, DST >> n, (uint32_t)DST >> n)
		SHIFT(ARSH, (uint64_t)((int64_t)DST >> n), (int32_t)DST >> n)
#undef SHIFT

/*
 * Division and modulo with the ISA's results for the cases C leaves undefined: x / 0 = 0,
 * x % 0 = x (32-bit: zero-extended), INT_MIN / -1 = INT_MIN, INT_MIN % -1 = 0.
 */
#define DIVMOD(SFX, S)                                                                 \
	vmcase(DIV64_##SFX)                                                            \
	{                                                                              \
		uint64_t d = (uint64_t)(S);                                            \
		DST = d ? DST / d : 0;                                                 \
		vmbreak;                                                               \
	}                                                                              \
	vmcase(MOD64_##SFX)                                                            \
	{                                                                              \
		uint64_t d = (uint64_t)(S);                                            \
		DST = d ? DST % d : DST;                                               \
		vmbreak;                                                               \
	}                                                                              \
	vmcase(SDIV64_##SFX)                                                           \
	{                                                                              \
		int64_t d = (int64_t)(S);                                              \
		DST = !d ? 0 : d == -1 ? 0 - DST : (uint64_t)((int64_t)DST / d);       \
		vmbreak;                                                               \
	}                                                                              \
	vmcase(SMOD64_##SFX)                                                           \
	{                                                                              \
		int64_t d = (int64_t)(S);                                              \
		DST = !d ? DST : d == -1 ? 0 : (uint64_t)((int64_t)DST % d);           \
		vmbreak;                                                               \
	}                                                                              \
	vmcase(DIV32_##SFX)                                                            \
	{                                                                              \
		uint32_t d = (uint32_t)(S);                                            \
		DST = d ? (uint32_t)DST / d : 0;                                       \
		vmbreak;                                                               \
	}                                                                              \
	vmcase(MOD32_##SFX)                                                            \
	{                                                                              \
		uint32_t d = (uint32_t)(S);                                            \
		DST = d ? (uint32_t)DST % d : (uint32_t)DST;                           \
		vmbreak;                                                               \
	}                                                                              \
	vmcase(SDIV32_##SFX)                                                           \
	{                                                                              \
		int32_t d = (int32_t)(S);                                              \
		DST = !d      ? 0 :                                                    \
		      d == -1 ? (uint32_t)(0u - (uint32_t)DST) :                       \
				(uint32_t)((int32_t)DST / d);                          \
		vmbreak;                                                               \
	}                                                                              \
	vmcase(SMOD32_##SFX)                                                           \
	{                                                                              \
		int32_t d = (int32_t)(S);                                              \
		DST = !d ? (uint32_t)DST : d == -1 ? 0 : (uint32_t)((int32_t)DST % d); \
		vmbreak;                                                               \
	}
		DIVMOD(K, (int64_t)IMM)
		DIVMOD(X, SRC)
#undef DIVMOD

		vmcase(NEG64)
		{
			DST = 0 - DST;
			vmbreak;
		}
		vmcase(NEG32)
		{
			DST = (uint32_t)(0u - (uint32_t)DST);
			vmbreak;
		}
		vmcase(MOV64_K)
		{
			DST = (uint64_t)(int64_t)IMM;
			vmbreak;
		}
		vmcase(MOV64_X)
		{
			DST = SRC;
			vmbreak;
		}
		vmcase(MOV32_K)
		{
			DST = (uint32_t)IMM;
			vmbreak;
		}
		vmcase(MOV32_X)
		{
			DST = (uint32_t)SRC;
			vmbreak;
		}
		vmcase(MOVSX8_64)
		{
			DST = (uint64_t)(int64_t)(int8_t)SRC;
			vmbreak;
		}
		vmcase(MOVSX16_64)
		{
			DST = (uint64_t)(int64_t)(int16_t)SRC;
			vmbreak;
		}
		vmcase(MOVSX32_64)
		{
			DST = (uint64_t)(int64_t)(int32_t)SRC;
			vmbreak;
		}
		vmcase(MOVSX8_32)
		{
			DST = (uint32_t)(int32_t)(int8_t)SRC;
			vmbreak;
		}
		vmcase(MOVSX16_32)
		{
			DST = (uint32_t)(int32_t)(int16_t)SRC;
			vmbreak;
		}
		vmcase(ASCAST)
		{
			/* No arenas yet: a cast keeps the 32-bit offset; checked mode refuses. */
			if (INTERP_CHECKED) {
				vm_fault_at(run, pc, -EINVAL, "addr_space_cast needs a BPF arena");
				goto out;
			}
			DST = (uint32_t)SRC;
			vmbreak;
		}
		/* byte order: the host is little-endian (checked in interp.c) */
		vmcase(LE16)
		{
			DST = (uint16_t)DST;
			vmbreak;
		}
		vmcase(LE32)
		{
			DST = (uint32_t)DST;
			vmbreak;
		}
		vmcase(LE64)
		{
			vmbreak;
		}
		vmcase(BE16) vmcase(BSWAP16)
		{
			DST = __builtin_bswap16((uint16_t)DST);
			vmbreak;
		}
		vmcase(BE32) vmcase(BSWAP32)
		{
			DST = __builtin_bswap32((uint32_t)DST);
			vmbreak;
		}
		vmcase(BE64) vmcase(BSWAP64)
		{
			DST = __builtin_bswap64(DST);
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
#define LDX(NAME, T)                               \
	vmcase(NAME)                               \
	{                                          \
		addr = SRC + OFF;                  \
		CHECK_MEM(addr, sizeof(T), false); \
		DST = (uint64_t)LOAD(T, addr);     \
		vmbreak;                           \
	}
#define ST(NAME, T)                               \
	vmcase(NAME)                              \
	{                                         \
		addr = DST + OFF;                 \
		CHECK_MEM(addr, sizeof(T), true); \
		STORE(T, addr, (int64_t)IMM);     \
		vmbreak;                          \
	}
#define STX(NAME, T)                              \
	vmcase(NAME)                              \
	{                                         \
		addr = DST + OFF;                 \
		CHECK_MEM(addr, sizeof(T), true); \
		STORE(T, addr, SRC);              \
		vmbreak;                          \
	}
		LDX(LDXB, uint8_t)
		LDX(LDXH, uint16_t)
		LDX(LDXW, uint32_t)
		LDX(LDXDW, uint64_t)
		/* the signed types sign-extend to 64 bits through (uint64_t) */
		LDX(LDXSB, int8_t)
		LDX(LDXSH, int16_t)
		LDX(LDXSW, int32_t)
		ST(STB, uint8_t)
		ST(STH, uint16_t)
		ST(STW, uint32_t)
		ST(STDW, uint64_t)
		STX(STXB, uint8_t)
		STX(STXH, uint16_t)
		STX(STXW, uint32_t)
		STX(STXDW, uint64_t)
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
		DST = __atomic_load_n((T *)(uintptr_t)addr, __ATOMIC_ACQUIRE);    \
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
			DST = pc[1].imm64;
			pc++;
			vmbreak;
		}

/*
 * Legacy packet loads: big-endian, from run->pkt. Out of bounds, the program ends with r0 = 0
 * (the kernel's rule); checked mode without packet data is a fault.
 */
#define LD_PKT(NAME, T, SWAP, OFFSET)                                            \
	vmcase(NAME)                                                             \
	{                                                                        \
		int64_t o = (OFFSET);                                            \
		if (INTERP_CHECKED && !run->pkt) {                               \
			vm_fault_at(run, pc, -EFAULT, "%s without packet data",  \
				    isa_desc[HIVE_OP_##NAME].mnem);              \
			goto out;                                                \
		}                                                                \
		if (unlikely(o < 0 || (uint64_t)o + sizeof(T) > run->pkt_len)) { \
			hive_vm_exit(run, 0);                                    \
			goto out;                                                \
		}                                                                \
		regs[BPF_REG_0] = SWAP(LOAD(T, run->pkt + o));                   \
		vmbreak;                                                         \
	}
#define NOSWAP(x) (x)
		LD_PKT(LDABSB, uint8_t, NOSWAP, IMM)
		LD_PKT(LDABSH, uint16_t, __builtin_bswap16, IMM)
		LD_PKT(LDABSW, uint32_t, __builtin_bswap32, IMM)
		LD_PKT(LDINDB, uint8_t, NOSWAP, (int32_t)((uint32_t)SRC + (uint32_t)IMM))
		LD_PKT(LDINDH, uint16_t, __builtin_bswap16,
		       (int32_t)((uint32_t)SRC + (uint32_t)IMM))
		LD_PKT(LDINDW, uint32_t, __builtin_bswap32,
		       (int32_t)((uint32_t)SRC + (uint32_t)IMM))
#undef NOSWAP
#undef LD_PKT

/* ---- jumps ---- */
#define JCOND(NAME, T64, T32, OP)                  \
	vmcase(NAME##64_K)                         \
	{                                          \
		if ((T64)DST OP(T64)(int64_t) IMM) \
			pc += OFF;                 \
		vmbreak;                           \
	}                                          \
	vmcase(NAME##64_X)                         \
	{                                          \
		if ((T64)DST OP(T64) SRC)          \
			pc += OFF;                 \
		vmbreak;                           \
	}                                          \
	vmcase(NAME##32_K)                         \
	{                                          \
		if ((T32)DST OP(T32) IMM)          \
			pc += OFF;                 \
		vmbreak;                           \
	}                                          \
	vmcase(NAME##32_X)                         \
	{                                          \
		if ((T32)DST OP(T32) SRC)          \
			pc += OFF;                 \
		vmbreak;                           \
	}
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
			if (unlikely(DST >= vm->nr_helpers || !vm->helpers[DST].fn)) {
				vm_fault_at(
					run, pc, -ENOENT,
					"callx to 0x%llx: neither a function of this program nor a helper",
					(unsigned long long)DST);
				goto out;
			}
			fn = &vm->helpers[DST];
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
			regs[BPF_REG_FP] = f->saved[4];
			run->prog = f->prog;
			run->depth = d - 1;
			pc = f->ret;
			vmbreak;
		}

/* Shared tails of the call instructions, reached by goto (never by falling through). */
call_local : {
	unsigned d = run->depth;

	if (unlikely(d + 1 >= HIVE_VM_MAX_FRAMES)) {
		vm_fault_at(run, pc, -ELOOP, "call stack too deep (more than %d frames)",
			    HIVE_VM_MAX_FRAMES);
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
	regs[BPF_REG_FP] = (uintptr_t)(stack_top - (d + 1) * HIVE_VM_STACK_SIZE);
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
		run->pending = VM_PENDING_NONE;
		run->prog = run->tail_target;
		run->frames[run->depth].loops = HIVE_MAX_LOOPS;
		pc = run->prog->ops[INTERP_CHECKED];
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
#undef vmdispatch
#undef vmcase
#undef vmbreak
#undef vmjump
#undef LOAD
#undef STORE
}
