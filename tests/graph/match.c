// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/match.c: expected-message matching for the corpus (see match.h). The pattern
 * is turned into one POSIX extended regex: literal characters are escaped, {{...}} parts
 * are copied as they are.
 */
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <string.h>

#include "match.h"

static char *to_regex(const char *pat)
{
	size_t n = strlen(pat), o = 0;
	char *re = malloc(2 * n + 1);
	const char *end;

	if (!re)
		return NULL;
	while (*pat) {
		if (pat[0] == '{' && pat[1] == '{' && (end = strstr(pat + 2, "}}"))) {
			memcpy(re + o, pat + 2, (size_t)(end - pat - 2));
			o += (size_t)(end - pat - 2);
			pat = end + 2;
			continue;
		}
		if (strchr(".[]{}()*+?^$|\\", *pat))
			re[o++] = '\\';
		re[o++] = *pat++;
	}
	re[o] = 0;
	return re;
}

static void copy_lines(const char *log, size_t so, size_t eo, char *line, size_t line_sz)
{
	size_t len;

	while (so > 0 && log[so - 1] != '\n')
		so--;
	while (log[eo] && log[eo] != '\n')
		eo++;
	len = eo - so < line_sz - 1 ? eo - so : line_sz - 1;
	memcpy(line, log + so, len);
	line[len] = 0;
}

int gc_match(const char *pattern, const char *log, char *line, size_t line_sz)
{
	char *re = to_regex(pattern);
	regmatch_t m;
	regex_t rx;
	int ret;

	if (line_sz)
		line[0] = 0;
	if (!re)
		return -ENOMEM;
	ret = regcomp(&rx, re, REG_EXTENDED | REG_NEWLINE); /* "." stays on one line */
	free(re);
	if (ret)
		return -EINVAL;
	ret = regexec(&rx, log, 1, &m, 0) == 0;
	if (ret && line_sz)
		copy_lines(log, (size_t)m.rm_so, (size_t)m.rm_eo, line, line_sz);
	regfree(&rx);
	return ret;
}

void gc_last_line(const char *log, char *line, size_t line_sz)
{
	const char *p = log, *best = NULL, *nl;
	size_t len;

	line[0] = 0;
	while (*p) {
		nl = strchr(p, '\n');
		len = nl ? (size_t)(nl - p) : strlen(p);
		if (len && strncmp(p, "processed ", 10) && strncmp(p, "verification time", 17) &&
		    strncmp(p, "stack depth", 11))
			best = p;
		p += len + (nl ? 1 : 0);
	}
	if (!best)
		return;
	nl = strchr(best, '\n');
	len = nl ? (size_t)(nl - best) : strlen(best);
	if (len >= line_sz)
		len = line_sz - 1;
	memcpy(line, best, len);
	line[len] = 0;
}
