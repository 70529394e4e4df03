// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/hint.c: a rejection explained in source terms (issue 8, "a log that teaches").
 *
 * The log must stay the kernel's byte for byte, so what the kernel does not say goes here,
 * into a separate text that `bpfhive verify` prints after the log as a "hint:" section:
 *
 *   Unreleased reference id=N alloc_insn=M
 *       -> the source line of insn M (where the leaked object was acquired)
 *   a non-owning reference used after the unlock that invalidated it ('scalar' access,
 *   remove/add refusing the node, ...)
 *       -> the source line of that bpf_spin_unlock (recorded in the failing path's state)
 *
 * The verifier records the facts while it runs (env->hint_leaks, env->hint_unlock_insn);
 * this file only renders them. Programs without line_info get instruction numbers.
 */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "verifier/env.h"

struct hint_buf {
	char *s;
	size_t len, cap;
};

static __attribute__((format(printf, 2, 3))) void hint_printf(struct hint_buf *b, const char *fmt,
							      ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || hive_ensure_mem((void **)&b->s, &b->cap, sizeof(char), b->len + (size_t)n + 1))
		return;
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

/* "file.c:LINE: text" for @insn, or "insn N" without line_info. */
static void print_where(struct hint_buf *b, const struct bpf_verifier_env *env, int insn)
{
	const struct hive_verifier_line_info *li = NULL;
	const char *text, *file, *base;

	if (insn >= 0 && env->in->btf)
		li = find_linfo(env, (u32)insn);
	if (!li) {
		hint_printf(b, "insn %d", insn);
		return;
	}
	text = btf_name(env->in->btf, li->line_off);
	while (isspace((unsigned char)*text))
		text++;
	file = btf_name(env->in->btf, li->file_name_off);
	base = strrchr(file, '/');
	hint_printf(b, "%s:%u: %s", base ? base + 1 : file, li->line_col >> 10, text);
}

/* The error line: the last line of the log before the statistics. */
static bool error_line_has(const char *log, const char *const *needles)
{
	const char *end, *start, *stats;
	size_t len;

	if (!log)
		return false;
	stats = strstr(log, "\nprocessed ");
	end = stats ? stats : log + strlen(log);
	while (end > log && end[-1] == '\n')
		end--;
	start = end;
	while (start > log && start[-1] != '\n')
		start--;
	len = (size_t)(end - start);
	for (; *needles; needles++)
		if (memmem(start, len, *needles, strlen(*needles)))
			return true;
	return false;
}

/* Messages a use of an invalidated non-owning reference ends in. */
static const char *const invalidated_use[] = {
	"'scalar'",
	"type=scalar",
	"can only take non-owning or refcounted",
	"expected pointer to allocated object",
	"is neither owning or non-owning ref",
	NULL,
};

char *verifier_hint(const struct bpf_verifier_env *env, const char *log)
{
	struct hint_buf b = { 0 };
	u32 i;

	for (i = 0; i < env->nr_hint_leaks; i++) {
		hint_printf(&b, "  reference id=%d (never released) was acquired at ",
			    env->hint_leaks[i].id);
		print_where(&b, env, env->hint_leaks[i].insn);
		hint_printf(&b, "\n");
	}
	if (env->nr_hint_leaks)
		hint_printf(&b, "  release it on every path to exit: bpf_obj_drop() it, add it "
				"to a list or rbtree, or stash it with bpf_kptr_xchg()\n");
	if (env->hint_unlock_insn && error_line_has(log, invalidated_use)) {
		hint_printf(&b, "  non-owning references (nodes added to or found in a collection "
				"under the lock) were invalidated by the unlock at ");
		print_where(&b, env, (int)env->hint_unlock_insn - 1);
		hint_printf(&b, "\n  use them only while the lock is held, or take an owning "
				"reference to a refcounted node (bpf_refcount_acquire) before "
				"the unlock\n");
	}
	return b.s;
}
