/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tools/bpfhive/json_writer.h: a streaming JSON writer for the --json output of every command
 * group. It prints what bpftool's writer prints (so `bpfhive -j ...` and `bpftool -j ...` can be
 * compared byte for byte): compact by default ({"a":1,"b":[1,2]}), and with pretty on, 4-space
 * indentation with bpftool's layout ("key": value, "},{" between objects of an array). Commas
 * are placed by the writer; callers only open, name and close.
 *
 * Unlike bpftool's, control characters in strings are escaped (\u00XX), so the output is
 * always valid JSON.
 */
#ifndef __HIVE_CLI_JSON_WRITER_H
#define __HIVE_CLI_JSON_WRITER_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

struct json_writer;

/* A writer on @f (not owned). NULL on allocation failure. */
struct json_writer *jsonw_new(FILE *f);
/* Ends the document with a newline, flushes @f and frees the writer; sets *w to NULL. */
void jsonw_destroy(struct json_writer **w);
void jsonw_pretty(struct json_writer *w, bool on);
/* Forget the separator state at top level, to start another document. */
void jsonw_reset(struct json_writer *w);

void jsonw_start_object(struct json_writer *w);
void jsonw_end_object(struct json_writer *w);
void jsonw_start_array(struct json_writer *w);
void jsonw_end_array(struct json_writer *w);
/* The key of the next value in an object. */
void jsonw_name(struct json_writer *w, const char *name);

void jsonw_string(struct json_writer *w, const char *value);
void jsonw_bool(struct json_writer *w, bool value);
void jsonw_null(struct json_writer *w);
void jsonw_uint(struct json_writer *w, uint64_t value);
void jsonw_int(struct json_writer *w, int64_t value);
void jsonw_float(struct json_writer *w, double value);
/* A raw value formatted by the caller (must be valid JSON). */
__attribute__((format(printf, 2, 3))) void jsonw_printf(struct json_writer *w, const char *fmt,
							...);

/* name + value in one call */
void jsonw_string_field(struct json_writer *w, const char *name, const char *value);
void jsonw_bool_field(struct json_writer *w, const char *name, bool value);
void jsonw_null_field(struct json_writer *w, const char *name);
void jsonw_uint_field(struct json_writer *w, const char *name, uint64_t value);
void jsonw_int_field(struct json_writer *w, const char *name, int64_t value);
void jsonw_float_field(struct json_writer *w, const char *name, double value);

#endif /* __HIVE_CLI_JSON_WRITER_H */
