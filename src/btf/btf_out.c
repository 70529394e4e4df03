// SPDX-License-Identifier: BSD-2-Clause
/*
 * btf/btf_out.c: the buffered text sink of btf_out.h and its ready-made write callbacks.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "btf/btf_out.h"
#include "common/mem.h"

void btf_out_init(struct btf_out *o, btf_out_write_fn write, void *ctx)
{
	o->buf = o->inline_buf;
	o->len = 0;
	o->cap = BTF_OUT_CHUNK;
	o->write = write;
	o->ctx = ctx;
	o->err = 0;
	o->total = 0;
}

void btf_out_flush(struct btf_out *o)
{
	if (o->len && !o->err)
		o->err = o->write(o->ctx, o->buf, o->len);
	o->total += o->len;
	o->len = 0;
}

int btf_out_finish(struct btf_out *o)
{
	btf_out_flush(o);
	return o->err;
}

void btf_out_mem_slow(struct btf_out *o, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		size_t n = len < BTF_OUT_SLACK ? len : BTF_OUT_SLACK;

		btf_out_reserve(o, n);
		memcpy(o->buf + o->len, p, n);
		o->len += n;
		p += n;
		len -= n;
	}
}

void btf_out_u64(struct btf_out *o, uint64_t v)
{
	char tmp[20];
	int n = 0;

	do {
		tmp[sizeof(tmp) - 1 - n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	btf_out_mem(o, tmp + sizeof(tmp) - n, n);
}

void btf_out_indent(struct btf_out *o, int lvl)
{
	static const char tabs[] = "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t";

	while (lvl > 0) {
		int n = lvl < 16 ? lvl : 16;

		btf_out_mem(o, tabs, n);
		lvl -= n;
	}
}

void btf_out_printf(struct btf_out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	btf_out_reserve(o, BTF_OUT_SLACK);
	va_start(ap, fmt);
	n = vsnprintf(o->buf + o->len, BTF_OUT_SLACK, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (n < BTF_OUT_SLACK) {
		o->len += n;
		return;
	}
	/* long output: format into a temporary buffer */
	{
		char *tmp = malloc(n + 1);

		if (!tmp) {
			o->err = o->err ?: -ENOMEM;
			return;
		}
		va_start(ap, fmt);
		vsnprintf(tmp, n + 1, fmt, ap);
		va_end(ap);
		btf_out_mem_slow(o, tmp, n);
		free(tmp);
	}
}

int btf_out_write_fd(void *ctx, const char *data, size_t len)
{
	int fd = *(int *)ctx;

	while (len) {
		ssize_t n = write(fd, data, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return n < 0 ? -errno : -EIO;
		data += n;
		len -= n;
	}
	return 0;
}

int btf_out_write_file(void *ctx, const char *data, size_t len)
{
	return fwrite(data, 1, len, ctx) == len ? 0 : -EIO;
}

int btf_out_write_null(void *ctx, const char *data, size_t len)
{
	return 0;
}

int btf_out_write_mem(void *ctx, const char *data, size_t len)
{
	struct btf_out_mem *m = ctx;

	if (hive_ensure_mem((void **)&m->data, &m->cap, 1, m->len + len + 1))
		return -ENOMEM;
	memcpy(m->data + m->len, data, len);
	m->len += len;
	m->data[m->len] = '\0';
	return 0;
}
