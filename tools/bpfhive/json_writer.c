// SPDX-License-Identifier: BSD-2-Clause
/*
 * tools/bpfhive/json_writer.c: the streaming JSON writer of json_writer.h.
 *
 * State is a nesting depth and a pending separator: '\0' right after an opening bracket or a
 * key, ',' after a value. Every value first emits the pending separator ("end of record");
 * closing brackets go on their own line in pretty mode only when the container was not empty.
 */
#include <inttypes.h>
#include <stdarg.h>
#include <stdlib.h>

#include "json_writer.h"

struct json_writer {
	FILE *out;
	unsigned int depth;
	bool pretty;
	char sep;
};

struct json_writer *jsonw_new(FILE *f)
{
	struct json_writer *w = calloc(1, sizeof(*w));

	if (w)
		w->out = f;
	return w;
}

void jsonw_destroy(struct json_writer **wp)
{
	struct json_writer *w = *wp;

	if (!w)
		return;
	fputc('\n', w->out);
	fflush(w->out);
	free(w);
	*wp = NULL;
}

void jsonw_pretty(struct json_writer *w, bool on)
{
	w->pretty = on;
}

void jsonw_reset(struct json_writer *w)
{
	w->sep = '\0';
}

static void indent(struct json_writer *w)
{
	for (unsigned int i = 0; i < w->depth; i++)
		fputs("    ", w->out);
}

/* end of line (pretty only) */
static void eol(struct json_writer *w)
{
	if (!w->pretty)
		return;
	putc('\n', w->out);
	indent(w);
}

/* end of record: the separator owed to the previous value */
static void eor(struct json_writer *w)
{
	if (w->sep)
		putc(w->sep, w->out);
	w->sep = ',';
}

static void puts_quoted(struct json_writer *w, const char *s)
{
	putc('"', w->out);
	for (; *s; s++) {
		unsigned char c = *s;

		switch (c) {
		case '\t':
			fputs("\\t", w->out);
			break;
		case '\n':
			fputs("\\n", w->out);
			break;
		case '\r':
			fputs("\\r", w->out);
			break;
		case '\f':
			fputs("\\f", w->out);
			break;
		case '\b':
			fputs("\\b", w->out);
			break;
		case '\\':
			fputs("\\\\", w->out);
			break;
		case '"':
			fputs("\\\"", w->out);
			break;
		default:
			if (c < 0x20)
				fprintf(w->out, "\\u%04x", c);
			else
				putc(c, w->out);
		}
	}
	putc('"', w->out);
}

static void begin(struct json_writer *w, int c)
{
	eor(w);
	putc(c, w->out);
	w->depth++;
	w->sep = '\0';
}

static void end(struct json_writer *w, int c)
{
	if (w->depth)
		w->depth--;
	if (w->sep)
		eol(w);
	putc(c, w->out);
	w->sep = ',';
}

void jsonw_start_object(struct json_writer *w)
{
	begin(w, '{');
}

void jsonw_end_object(struct json_writer *w)
{
	end(w, '}');
}

void jsonw_start_array(struct json_writer *w)
{
	begin(w, '[');
}

void jsonw_end_array(struct json_writer *w)
{
	end(w, ']');
}

void jsonw_name(struct json_writer *w, const char *name)
{
	eor(w);
	eol(w);
	w->sep = '\0';
	puts_quoted(w, name);
	putc(':', w->out);
	if (w->pretty)
		putc(' ', w->out);
}

void jsonw_printf(struct json_writer *w, const char *fmt, ...)
{
	va_list ap;

	eor(w);
	va_start(ap, fmt);
	vfprintf(w->out, fmt, ap);
	va_end(ap);
}

void jsonw_string(struct json_writer *w, const char *value)
{
	eor(w);
	puts_quoted(w, value);
}

void jsonw_bool(struct json_writer *w, bool value)
{
	jsonw_printf(w, "%s", value ? "true" : "false");
}

void jsonw_null(struct json_writer *w)
{
	jsonw_printf(w, "null");
}

void jsonw_uint(struct json_writer *w, uint64_t value)
{
	jsonw_printf(w, "%" PRIu64, value);
}

void jsonw_int(struct json_writer *w, int64_t value)
{
	jsonw_printf(w, "%" PRId64, value);
}

void jsonw_float(struct json_writer *w, double value)
{
	jsonw_printf(w, "%g", value);
}

void jsonw_string_field(struct json_writer *w, const char *name, const char *value)
{
	jsonw_name(w, name);
	jsonw_string(w, value);
}

void jsonw_bool_field(struct json_writer *w, const char *name, bool value)
{
	jsonw_name(w, name);
	jsonw_bool(w, value);
}

void jsonw_null_field(struct json_writer *w, const char *name)
{
	jsonw_name(w, name);
	jsonw_null(w);
}

void jsonw_uint_field(struct json_writer *w, const char *name, uint64_t value)
{
	jsonw_name(w, name);
	jsonw_uint(w, value);
}

void jsonw_int_field(struct json_writer *w, const char *name, int64_t value)
{
	jsonw_name(w, name);
	jsonw_int(w, value);
}

void jsonw_float_field(struct json_writer *w, const char *name, double value)
{
	jsonw_name(w, name);
	jsonw_float(w, value);
}
