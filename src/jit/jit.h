/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * jit/jit.h: the x86-64 JIT, which the VM uses for verified programs in fast mode.
 *
 * The interpreter stays the reference: checked mode (code nobody verified) always interprets,
 * and a program the JIT does not take (another host architecture, a helper or kfunc missing
 * from the tables when the program is made) runs in the fast interpreter instead. The
 * machine code keeps the interpreter's model, so that helpers, kfuncs and callbacks cannot tell
 * the two apart: BPF registers live in host registers (r0 rax, r1-r5 the System V argument
 * registers rdi rsi rdx rcx r8, r6-r9 the callee-saved rbx r13 r14 r15, r10 rbp, r11 r10), the
 * BPF stack is the run's own (frame d at run->stack's top minus d * 512, as the interpreter's),
 * a helper is a plain C call with the run in the sixth argument register, run->depth and
 * run->pc are kept as the interpreter keeps them, and a helper's request (tail call, exit,
 * fault) is read from run->pending after each call.
 */
#ifndef __HIVE_JIT_JIT_H
#define __HIVE_JIT_JIT_H

#include <stddef.h>
#include <stdint.h>

struct hive_vm_prog;
struct hive_vm_run;
struct jit_image;

/*
 * jit_compile() - machine code for @prog, whose helper and kfunc tables must be complete.
 * Returns NULL when the JIT leaves this program to the interpreter, with *@why (if not NULL)
 * saying why; ENOMEM also gives NULL (the interpreter still runs the program).
 */
struct jit_image *jit_compile(const struct hive_vm_prog *prog, const char **why);

/* Accepts NULL. */
void jit_free(struct jit_image *img);

/*
 * jit_run() - run the function that starts at instruction @idx (0, or a function start) with
 * r1-r5 from @args, in the frame run->depth names, as vm_interp_fast() would. On an exit or
 * fault request the code unwinds to here; run->depth is then the caller's to restore.
 */
uint64_t jit_run(const struct jit_image *img, struct hive_vm_run *run, size_t idx,
		 const uint64_t *args);

#endif /* __HIVE_JIT_JIT_H */
