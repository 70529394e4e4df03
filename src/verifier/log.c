// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/log.c: register states as text, exactly as Linux 6.18's verifier log writes them
 * (kernel/bpf/log.c). The verifier's log is compared with the kernel's byte for byte, so the
 * rules below are the kernel's, including its choice of decimal or hex and which bounds are
 * left out.
 */
#include <stdarg.h>
#include <stdio.h>

#include "verifier/log.h"

void vlog_printf(struct vlog_buf *b, const char *fmt, ...)
{
	size_t room = b->len < b->size ? b->size - b->len : 0;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(room ? b->buf + b->len : NULL, room, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->len += (size_t)n;
}

/* Small numbers read better in decimal, bit patterns in hex. Hex always has its 0x: the
 * kernel's printf writes 0x0 for %#llx of zero where the C library writes 0.
 */
static bool is_unum_decimal(u64 num)
{
	return num <= U16_MAX;
}

static bool is_snum_decimal(s64 num)
{
	return num >= S16_MIN && num <= S16_MAX;
}

void vlog_unum(struct vlog_buf *b, u64 num)
{
	if (is_unum_decimal(num))
		vlog_printf(b, "%llu", (unsigned long long)num);
	else
		vlog_printf(b, "0x%llx", (unsigned long long)num);
}

void vlog_snum(struct vlog_buf *b, s64 num)
{
	if (is_snum_decimal(num))
		vlog_printf(b, "%lld", (long long)num);
	else
		vlog_printf(b, "0x%llx", (unsigned long long)num);
}

struct minmax {
	const char *name;
	u64 val;
	bool omit;
};

/* A signed 32-bit bound prints sign-extended only when it prints in decimal: in hex,
 * 0xfffffffe is clearer for s32 -2 than 0xfffffffffffffffe.
 */
static u64 s32_print_val(s32 v)
{
	return is_snum_decimal(v) ? (u64)(s64)v : (u64)(u32)v;
}

void print_scalar_ranges(struct vlog_buf *b, const struct bpf_reg_state *reg, const char **sep)
{
	struct minmax mm[] = {
		{ "smin", (u64)reg->smin_value, reg->smin_value == S64_MIN },
		{ "smax", (u64)reg->smax_value, reg->smax_value == S64_MAX },
		{ "umin", reg->umin_value, reg->umin_value == 0 },
		{ "umax", reg->umax_value, reg->umax_value == U64_MAX },
		{ "smin32", s32_print_val(reg->s32_min_value), reg->s32_min_value == S32_MIN },
		{ "smax32", s32_print_val(reg->s32_max_value), reg->s32_max_value == S32_MAX },
		{ "umin32", reg->u32_min_value, reg->u32_min_value == 0 },
		{ "umax32", reg->u32_max_value, reg->u32_max_value == U32_MAX },
	};
	size_t n = sizeof(mm) / sizeof(mm[0]), i, j;
	bool neg1, neg2;

	for (i = 0; i < n; i++) {
		if (mm[i].omit)
			continue;
		neg1 = mm[i].name[0] == 's' && (s64)mm[i].val < 0;
		vlog_printf(b, "%s%s=", *sep, mm[i].name);
		*sep = ",";
		/* Later bounds of the same kind (min or max) and value join this one:
		 * "smax=umax=255". A negative signed value never joins a positive one.
		 */
		for (j = i + 2; j < n; j += 2) {
			if (mm[j].omit || mm[j].val != mm[i].val)
				continue;
			neg2 = mm[j].name[0] == 's' && (s64)mm[j].val < 0;
			if (neg2 != neg1)
				continue;
			mm[j].omit = true;
			vlog_printf(b, "%s=", mm[j].name);
		}
		if (mm[i].name[0] == 's')
			vlog_snum(b, (s64)mm[i].val);
		else
			vlog_unum(b, mm[i].val);
	}
}

static void print_scalar(struct vlog_buf *b, const struct bpf_reg_state *reg)
{
	const char *sep = "";

	vlog_printf(b, "scalar(");
	if (reg->id) {
		vlog_printf(b, "%sid=%d", sep, (int)(reg->id & ~BPF_ADD_CONST));
		sep = ",";
	}
	if (reg->id & BPF_ADD_CONST)
		vlog_printf(b, "%+d", reg->off);
	if (reg->ref_obj_id) {
		vlog_printf(b, "%sref_obj_id=%d", sep, (int)reg->ref_obj_id);
		sep = ",";
	}
	print_scalar_ranges(b, reg, &sep);
	if (!tnum_is_unknown(reg->var_off)) {
		char tn_buf[48];

		tnum_strn(tn_buf, sizeof(tn_buf), reg->var_off);
		vlog_printf(b, "%svar_off=%s", sep, tn_buf);
	}
	vlog_printf(b, ")");
}

void print_reg_state(struct vlog_buf *b, const struct bpf_reg_state *reg, vlog_reg_fn ptr_fn,
		     void *ctx)
{
	if (reg->type != SCALAR_VALUE) {
		if (ptr_fn)
			ptr_fn(b, reg, ctx);
		return;
	}
	if (reg->precise)
		vlog_printf(b, "P");
	if (tnum_is_const(reg->var_off)) {
		vlog_snum(b, (s64)reg->var_off.value);
		return;
	}
	print_scalar(b, reg);
}

void print_verifier_regs(struct vlog_buf *b, const struct bpf_reg_state *regs, u32 mask,
			 vlog_reg_fn ptr_fn, void *ctx)
{
	int i;

	for (i = 0; i < MAX_BPF_REG; i++) {
		if (regs[i].type == NOT_INIT || !(mask & (1U << i)))
			continue;
		vlog_printf(b, " R%d=", i);
		print_reg_state(b, &regs[i], ptr_fn, ctx);
	}
}

size_t scalar_snprint(char *buf, size_t size, const struct bpf_reg_state *reg)
{
	struct vlog_buf b;

	vlog_init(&b, buf, size);
	print_reg_state(&b, reg, NULL, NULL);
	return b.len;
}
