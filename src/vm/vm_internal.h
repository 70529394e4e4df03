/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vm/vm_internal.h: what vm.c and the interpreter share: the decoded instruction format, the
 * environment and program structures, and the fault helpers.
 *
 * A program is decoded twice, once per mode, into an array of struct vm_op parallel to its
 * instructions (op i is instruction i, so fault messages name the original index):
 *
 *     +------------------------+-----+-----+-------+-----------+
 *     | handler (label / id)   | dst | src |  off  |    imm    |   16 bytes
 *     +------------------------+-----+-----+-------+-----------+
 *
 * The handler is the address of the interpreter's label for the instruction's form (direct
 * threading: dispatch is one indirect jump, no table lookup), or the enum hive_op value when
 * the interpreter is built as a switch (HIVE_NO_JUMPTABLE). The second slot of an ld_imm64
 * holds the full 64-bit value in place of a handler.
 */
#ifndef __HIVE_VM_INTERNAL_H
#define __HIVE_VM_INTERNAL_H

#include "vm/vm.h"

struct vm_op {
	union {
		const void *label;
		uintptr_t id;
		uint64_t imm64;
	};
	uint8_t dst;
	uint8_t src;
	int16_t off;
	int32_t imm;
};

_Static_assert(sizeof(struct vm_op) == 16, "vm_op is two words");

struct hive_vm {
	struct hive_vm_func *helpers; /* indexed by helper id */
	size_t nr_helpers, helpers_cap;
	struct hive_vm_func *kfuncs; /* indexed by slot */
	size_t nr_kfuncs, kfuncs_cap;
};

struct hive_vm_prog {
	const struct hive_vm *vm;
	struct hive_insn *insns;
	size_t cnt;
	struct vm_op *ops[2]; /* [0]: fast mode, [1]: checked mode */
	uint8_t *is_func; /* is_func[i]: a function starts at instruction i */
	char *name;
};

/* What a helper asked the interpreter to do when it returns (run->pending). */
enum vm_pending {
	VM_PENDING_NONE,
	VM_PENDING_TAIL_CALL,
	VM_PENDING_EXIT,
	VM_PENDING_FAULT,
};

/*
 * The two interpreters. Called with run == NULL they return their label table (NULL in switch
 * builds), which the decoder stores in each vm_op.
 */
uint64_t vm_interp_fast(struct hive_vm_run *run, const struct vm_op *pc, const uint64_t *args);
uint64_t vm_interp_checked(struct hive_vm_run *run, const struct vm_op *pc, const uint64_t *args);

/* Stop @run with @err and a message about the instruction at @pc (NULL: none known). */
__attribute__((format(printf, 4, 5))) void
vm_fault_at(struct hive_vm_run *run, const struct vm_op *pc, int err, const char *fmt, ...);

/* Checked mode: may the program access [addr, addr + size)? */
bool vm_mem_ok(struct hive_vm_run *run, uint64_t addr, uint64_t size, bool write);
/* The fault for an access vm_mem_ok() refused, with the reason. */
void vm_mem_fault(struct hive_vm_run *run, const struct vm_op *pc, uint64_t addr, uint64_t size,
		  bool write);

/* Run the function at ops index @idx of the current program in a fresh frame. */
uint64_t vm_call_idx(struct hive_vm_run *run, size_t idx, const uint64_t *args);

#endif /* __HIVE_VM_INTERNAL_H */
