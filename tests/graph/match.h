/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/graph/match.h: the corpus' message matching. An expected message is literal text in
 * which {{...}} is a POSIX extended regex (the kernel selftests' __msg() convention);
 * matching finds it anywhere in a log and hands back the whole line(s) it covers, which is
 * what gets recorded as "the kernel's actual error line".
 */
#ifndef __GC_MATCH_H
#define __GC_MATCH_H

#include <stdbool.h>
#include <stddef.h>

/*
 * gc_match() - does @log contain @pattern? On a match, the full lines the match spans are
 * copied to @line (newlines inside kept, truncated to @line_sz). Returns 1 (match), 0 (no
 * match) or -EINVAL for a pattern that does not compile.
 */
int gc_match(const char *pattern, const char *log, char *line, size_t line_sz);

/* gc_last_line() - the last non-empty line of @log that is not the verifier's statistics. */
void gc_last_line(const char *log, char *line, size_t line_sz);

#endif /* __GC_MATCH_H */
