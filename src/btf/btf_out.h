/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * btf/btf_out.h: a buffered text sink for the dumps. Text is formatted straight into one
 * buffer (no stdio, no printf for numbers) and handed to a write callback in large chunks;
 * this is most of why our dumps are faster than bpftool's printf()-per-field.
 *
 * Errors are sticky: after a failed write every call is a no-op and btf_out_finish() returns
 * the first error.
 */
#ifndef __HIVE_BTF_OUT_H
#define __HIVE_BTF_OUT_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define BTF_OUT_CHUNK (64 * 1024)
/* Callers may write up to this many bytes after one btf_out_reserve() check. */
#define BTF_OUT_SLACK 256

typedef int (*btf_out_write_fn)(void *ctx, const char *data, size_t len);

struct btf_out {
	char *buf;
	size_t len;
	size_t cap;
	btf_out_write_fn write;
	void *ctx;
	int err;
	size_t total; /* bytes handed to write() so far */
	char inline_buf[BTF_OUT_CHUNK + BTF_OUT_SLACK];
};

/* Sinks: @ctx is an int * (fd) / FILE * / struct btf_out_mem * / ignored. */
int btf_out_write_fd(void *ctx, const char *data, size_t len);
int btf_out_write_file(void *ctx, const char *data, size_t len);
int btf_out_write_null(void *ctx, const char *data, size_t len);

/* Growable memory sink (tests, goldens): data is NUL-terminated after btf_out_finish(). */
struct btf_out_mem {
	char *data;
	size_t len;
	size_t cap;
};
int btf_out_write_mem(void *ctx, const char *data, size_t len);

void btf_out_init(struct btf_out *o, btf_out_write_fn write, void *ctx);
/* Flush what is buffered; returns the sticky error (0 or -errno). */
int btf_out_finish(struct btf_out *o);
void btf_out_flush(struct btf_out *o);

static inline void btf_out_reserve(struct btf_out *o, size_t n)
{
	if (o->len + n > o->cap)
		btf_out_flush(o);
}

void btf_out_mem_slow(struct btf_out *o, const void *data, size_t len);

static inline void btf_out_mem(struct btf_out *o, const void *data, size_t len)
{
	if (len <= BTF_OUT_SLACK) {
		btf_out_reserve(o, len);
		memcpy(o->buf + o->len, data, len);
		o->len += len;
		return;
	}
	btf_out_mem_slow(o, data, len);
}

static inline void btf_out_str(struct btf_out *o, const char *s)
{
	btf_out_mem(o, s, strlen(s));
}

static inline void btf_out_char(struct btf_out *o, char c)
{
	btf_out_reserve(o, 1);
	o->buf[o->len++] = c;
}

/* Decimal integers. */
void btf_out_u64(struct btf_out *o, uint64_t v);
static inline void btf_out_u32(struct btf_out *o, uint32_t v)
{
	if (v < 10) {
		btf_out_char(o, '0' + v);
		return;
	}
	btf_out_u64(o, v);
}
static inline void btf_out_s64(struct btf_out *o, int64_t v)
{
	if (v < 0) {
		btf_out_char(o, '-');
		btf_out_u64(o, -(uint64_t)v);
		return;
	}
	btf_out_u64(o, v);
}

/* Tabs for an indentation level. */
void btf_out_indent(struct btf_out *o, int lvl);

__attribute__((format(printf, 2, 3))) void btf_out_printf(struct btf_out *o, const char *fmt, ...);

#endif /* __HIVE_BTF_OUT_H */
