/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verifier/log.h: the verifier log's text for register states, character for character as
 * Linux 6.18 prints it (kernel/bpf/log.c: print_verifier_state, print_reg_state,
 * print_scalar_ranges). Examples of scalars:
 *
 *   R0=0  R3=-1  R4=0xffffffff  R1=P5                    known values (P: precise)
 *   R2=scalar()                                          nothing known
 *   R2=scalar(smin=0,smax=umax=0xffffffff,var_off=(0x0; 0xffffffff))
 *   R2=scalar(id=1,smin=smin32=-5,smax=smax32=10)
 *
 * Numbers within [-32768, 32767] (signed) or up to 65535 (unsigned) print in decimal, others in
 * hex; bounds at their type's extreme are left out, and equal bounds share one "=" chain.
 */
#ifndef __HIVE_VERIFIER_LOG_H
#define __HIVE_VERIFIER_LOG_H

#include <stddef.h>

#include "verifier/regs.h"

#ifdef __cplusplus
extern "C" {
#endif

/* A text buffer that never overflows: text past the end is counted in len, not stored. */
struct vlog_buf {
	char *buf; /* NUL-terminated while size > 0 */
	size_t size;
	size_t len; /* length the whole text would have */
};

static inline void vlog_init(struct vlog_buf *b, char *buf, size_t size)
{
	b->buf = buf;
	b->size = size;
	b->len = 0;
	if (size)
		buf[0] = 0;
}

__attribute__((format(printf, 2, 3))) void vlog_printf(struct vlog_buf *b, const char *fmt, ...);

/* The kernel's verbose_snum() / verbose_unum(). */
void vlog_snum(struct vlog_buf *b, s64 num);
void vlog_unum(struct vlog_buf *b, u64 num);

/* "smin=...,umax=..." of a non-constant register; @sep is "" or "," before the first item. */
void print_scalar_ranges(struct vlog_buf *b, const struct bpf_reg_state *reg, const char **sep);

/*
 * print_reg_state() - the text after "R1=" for a scalar ("5", "P5", "scalar(...)"). Other
 * types print as "<type>" through @ptr_fn if not NULL (the driver's pointer printer).
 */
typedef void (*vlog_reg_fn)(struct vlog_buf *b, const struct bpf_reg_state *reg, void *ctx);
void print_reg_state(struct vlog_buf *b, const struct bpf_reg_state *reg, vlog_reg_fn ptr_fn,
		     void *ctx);

/*
 * print_verifier_regs() - " R0=... R1=..." for the registers in @mask (bit i for Ri) that
 * hold something, as print_verifier_state() prints them (without the stack and the newline).
 */
void print_verifier_regs(struct vlog_buf *b, const struct bpf_reg_state *regs, u32 mask,
			 vlog_reg_fn ptr_fn, void *ctx);

/* Convenience: print_reg_state() of a scalar into @buf; returns the full length. */
size_t scalar_snprint(char *buf, size_t size, const struct bpf_reg_state *reg);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_VERIFIER_LOG_H */
