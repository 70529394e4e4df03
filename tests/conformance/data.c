// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/conformance/data.c: the .data file reader (see data.h).
 */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "data.h"

enum section { SEC_NONE, SEC_ASM, SEC_RAW, SEC_MEM, SEC_RESULT, SEC_ERROR, SEC_IGNORE };

struct buf {
	char *v;
	size_t cnt, cap;
};

static int buf_add(struct buf *b, const char *s, size_t n)
{
	if (hive_ensure_mem((void **)&b->v, &b->cap, 1, b->cnt + n + 1))
		return -ENOMEM;
	memcpy(b->v + b->cnt, s, n);
	b->cnt += n;
	b->v[b->cnt] = 0;
	return 0;
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct buf b = { 0 };
	char chunk[4096];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		if (buf_add(&b, chunk, n))
			break;
	fclose(f);
	if (!b.v)
		buf_add(&b, "", 0);
	*len = b.cnt;
	return b.v;
}

static enum section directive(const char *d)
{
	static const struct {
		const char *name;
		enum section sec;
	} dirs[] = {
		{ "asm", SEC_ASM },
		{ "raw", SEC_RAW },
		{ "mem", SEC_MEM },
		{ "result", SEC_RESULT },
		{ "error", SEC_ERROR },
		{ "c", SEC_IGNORE },
		{ "no register offset", SEC_IGNORE },
	};

	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++)
		if (!strcmp(d, dirs[i].name))
			return dirs[i].sec;
	return SEC_NONE;
}

static bool is_byte_token(const char *t)
{
	return strlen(t) == 2 && isxdigit((unsigned char)t[0]) && isxdigit((unsigned char)t[1]);
}

/* Raw code: all two-digit tokens = a byte stream; otherwise one 64-bit word per token. */
static int parse_raw(char *text, struct conf_case *c, char *why, size_t why_len)
{
	char **tok = NULL, *save, *t;
	size_t ntok = 0, cap = 0;
	bool all_bytes = true;
	int ret = 0;

	for (char *p = text; (t = strtok_r(p, " \t\r\n", &save)); p = NULL) {
		if (hive_ensure_mem((void **)&tok, &cap, sizeof(*tok), ntok + 1)) {
			free(tok);
			return -ENOMEM;
		}
		tok[ntok++] = t;
		all_bytes &= is_byte_token(t);
	}
	if (all_bytes && ntok % 8) {
		snprintf(why, why_len, "raw section has %zu bytes, not a multiple of 8", ntok);
		ret = -EINVAL;
		goto out;
	}
	c->raw_cnt = all_bytes ? ntok / 8 : ntok;
	c->raw = calloc(c->raw_cnt ? c->raw_cnt : 1, sizeof(*c->raw));
	if (!c->raw) {
		ret = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < ntok; i++) {
		char *end;
		uint64_t v = strtoull(tok[i], &end, all_bytes ? 16 : 0);

		if (*end) {
			snprintf(why, why_len, "bad raw token '%s'", tok[i]);
			ret = -EINVAL;
			goto out;
		}
		if (all_bytes)
			((uint8_t *)c->raw)[i] = v;
		else
			memcpy(&c->raw[i], &v, sizeof(v));
	}
out:
	free(tok);
	return ret;
}

static int parse_mem(char *text, struct conf_case *c, char *why, size_t why_len)
{
	size_t cap = 0;
	char *save, *t;

	for (char *p = text; (t = strtok_r(p, " \t\r\n", &save)); p = NULL) {
		char *end;
		unsigned long v = strtoul(t, &end, 16);

		if (*end || v > 0xff) {
			snprintf(why, why_len, "bad memory byte '%s'", t);
			return -EINVAL;
		}
		if (hive_ensure_mem((void **)&c->mem, &cap, 1, c->mem_len + 1))
			return -ENOMEM;
		c->mem[c->mem_len++] = v;
	}
	return 0;
}

static int parse_result(char *text, struct conf_case *c, char *why, size_t why_len)
{
	char *end, *s = text;

	while (isspace((unsigned char)*s))
		s++;
	c->result = strtoull(s, &end, 0);
	while (isspace((unsigned char)*end))
		end++;
	if (end == s || *end) {
		snprintf(why, why_len, "bad result '%s'", text);
		return -EINVAL;
	}
	c->has_result = true;
	return 0;
}

/* Sections accumulate their lines; comments count only outside asm and error text. */
static int add_line(struct buf *sec, enum section cur, const char *line, size_t n)
{
	if (cur == SEC_NONE || cur == SEC_IGNORE)
		return 0;
	if (cur != SEC_ASM && n && line[0] == '#')
		return 0;
	return buf_add(&sec[cur], line, n) ?: buf_add(&sec[cur], "\n", 1);
}

static int finish(struct buf *sec, struct conf_case *c, char *why, size_t why_len)
{
	int ret = 0;

	if (sec[SEC_ASM].v) {
		c->asm_src = sec[SEC_ASM].v;
		c->asm_len = sec[SEC_ASM].cnt;
		sec[SEC_ASM].v = NULL;
	}
	if (sec[SEC_RAW].v)
		ret = parse_raw(sec[SEC_RAW].v, c, why, why_len);
	if (!ret && sec[SEC_MEM].v)
		ret = parse_mem(sec[SEC_MEM].v, c, why, why_len);
	if (!ret && sec[SEC_RESULT].v)
		ret = parse_result(sec[SEC_RESULT].v, c, why, why_len);
	if (!ret && sec[SEC_ERROR].v) {
		char *e = sec[SEC_ERROR].v;
		size_t n = strlen(e);

		while (n && isspace((unsigned char)e[n - 1]))
			e[--n] = 0;
		snprintf(c->error, sizeof(c->error), "%s", e);
	}
	if (!ret && !c->asm_src && !c->raw) {
		snprintf(why, why_len, "no program: neither an asm nor a raw section");
		ret = -EINVAL;
	}
	return ret;
}

int conf_case_load(const char *path, struct conf_case *c, char *why, size_t why_len)
{
	struct buf sec[SEC_IGNORE + 1] = { 0 };
	enum section cur = SEC_NONE;
	size_t len, pos = 0;
	char *text;
	int ret = 0;

	memset(c, 0, sizeof(*c));
	text = read_file(path, &len);
	if (!text) {
		snprintf(why, why_len, "cannot read: %s", strerror(errno));
		return -errno;
	}
	while (pos < len && !ret) {
		size_t end = pos, n;

		while (end < len && text[end] != '\n')
			end++;
		n = end - pos;
		if (n && text[pos + n - 1] == '\r')
			n--;
		if (n >= 3 && !strncmp(text + pos, "-- ", 3)) {
			char d[64];

			snprintf(d, sizeof(d), "%.*s", (int)(n - 3), text + pos + 3);
			cur = directive(d);
			if (cur == SEC_NONE) {
				snprintf(why, why_len, "unknown directive '-- %s'", d);
				ret = -EINVAL;
			}
			if (cur == SEC_ERROR)
				c->has_error = true;
		} else {
			ret = add_line(sec, cur, text + pos, n);
		}
		pos = end + 1;
	}
	free(text);
	ret = ret ?: finish(sec, c, why, why_len);
	for (int i = 0; i <= SEC_IGNORE; i++)
		free(sec[i].v);
	if (ret)
		conf_case_free(c);
	return ret;
}

void conf_case_free(struct conf_case *c)
{
	free(c->asm_src);
	free(c->raw);
	free(c->mem);
	c->asm_src = NULL;
	c->raw = NULL;
	c->mem = NULL;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int conf_list_dir(const char *dir, char ***names, size_t *cnt)
{
	DIR *d = opendir(dir);
	size_t cap = 0;
	struct dirent *de;

	*names = NULL;
	*cnt = 0;
	if (!d)
		return -errno;
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		char *path;

		if (n < 5 || strcmp(de->d_name + n - 5, ".data"))
			continue;
		if (hive_ensure_mem((void **)names, &cap, sizeof(char *), *cnt + 1) ||
		    asprintf(&path, "%s/%s", dir, de->d_name) < 0) {
			closedir(d);
			return -ENOMEM;
		}
		(*names)[(*cnt)++] = path;
	}
	closedir(d);
	if (*cnt)
		qsort(*names, *cnt, sizeof(char *), cmp_str);
	return 0;
}

void conf_free_list(char **names, size_t cnt)
{
	for (size_t i = 0; i < cnt; i++)
		free(names[i]);
	free(names);
}
