// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/kside_case.c: one corpus case against the running kernel (see corpus.h): load,
 * expect the verdict, match the message, run the steps, read the globals. What was observed
 * goes to r->answer so that it can be recorded and handed to the bpfhive side.
 */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf.h"
#include "common/err.h"
#include "corpus.h"
#include "kside.h"
#include "match.h"

#define LOG_SIZE (16u << 20)

static char klog[LOG_SIZE];

void gc_appendf(char *buf, size_t sz, const char *fmt, ...)
{
	size_t len = strnlen(buf, sz);
	va_list ap;

	if (len + 1 >= sz)
		return;
	va_start(ap, fmt);
	vsnprintf(buf + len, sz - len, fmt, ap);
	va_end(ap);
}

void gc_obj_path(const struct gc_case *c, const char *dir, char *path, size_t sz)
{
	snprintf(path, sz, "%s/%s.bpf.o", dir, c->obj);
}

void gc_step_progs(const struct gc_case *c, const char **progs, int max)
{
	const struct gc_step *s;
	int n = 0, i;

	for (s = c->steps; s && s->op != GC_STEP_END && n < max - 1; s++) {
		if (s->op != GC_STEP_RUN)
			continue;
		for (i = 0; i < n && strcmp(progs[i], s->prog); i++)
			;
		if (i == n)
			progs[n++] = s->prog;
	}
	progs[n] = NULL;
}

int gc_build_btf(const struct gc_case *c, void **raw, uint32_t *size)
{
	struct hive_btf *btf = btf_new_empty(NULL);
	const void *data;
	int err;

	if (IS_ERR_OR_NULL(btf))
		return -ENOMEM;
	err = c->build(btf);
	data = err ? NULL : btf_raw_data(btf, size);
	if (!err && !data)
		err = -ENOMEM;
	if (!err) {
		*raw = malloc(*size);
		if (*raw)
			memcpy(*raw, data, *size);
		else
			err = -ENOMEM;
	}
	btf_free(btf);
	return err;
}

/* Is src[0] the '#' of "call NAME#digits"? */
static bool call_id(const char *start, const char *src)
{
	const char *p = src;

	if (src[1] < '0' || src[1] > '9')
		return false;
	while (p > start && (isalnum((unsigned char)p[-1]) || p[-1] == '_'))
		p--;
	return p != src && p - start >= 5 && !strncmp(p - 5, "call ", 5);
}

/*
 * Escape newlines so that an answer is one line of the record file, and write the BTF id in
 * "call bpf_rbtree_root#65493" as "#ID": kfunc ids change with every kernel build.
 */
void gc_one_line(char *dst, size_t sz, const char *src)
{
	const char *start = src;
	size_t o = 0;

	for (; *src && o + 4 < sz; src++) {
		if (*src == '\n') {
			dst[o++] = '\\';
			dst[o++] = 'n';
		} else if (*src == '#' && call_id(start, src)) {
			memcpy(dst + o, "#ID", 3);
			o += 3;
			while (src[1] >= '0' && src[1] <= '9')
				src++;
		} else {
			dst[o++] = *src;
		}
	}
	dst[o] = 0;
}

static void kernel_reject(const struct gc_case *c, const char *path, struct gc_result *r)
{
	const char *progs[] = { c->prog, NULL };
	char line[1024];
	struct ks_obj *o;
	int err, m;

	err = ks_load(path, progs, c->log_level ? c->log_level : 1, klog, sizeof(klog), &o);
	if (!err) {
		ks_close(o);
		r->v = GC_V_FAIL;
		snprintf(r->reason, sizeof(r->reason), "kernel accepted the program");
		return;
	}
	m = gc_match(c->msg, klog, line, sizeof(line));
	if (m != 1) {
		gc_last_line(klog, line, sizeof(line));
		r->v = GC_V_FAIL;
		snprintf(r->reason, sizeof(r->reason),
			 "%s: expected \"%.300s\", kernel said \"%.400s\"",
			 m < 0 ? "bad pattern" : "message not found", c->msg, line);
		return;
	}
	if (c->err && err != c->err) {
		r->v = GC_V_FAIL;
		snprintf(r->reason, sizeof(r->reason), "errno %d, expected %d", err, c->err);
		return;
	}
	gc_one_line(r->answer, sizeof(r->answer), line);
	r->v = GC_V_OK;
}

static void kernel_accept(const struct gc_case *c, const char *path, struct gc_result *r)
{
	const char *progs[] = { c->prog, NULL };
	struct ks_obj *o;
	char line[512];
	int err;

	err = ks_load(path, progs, 1, klog, sizeof(klog), &o);
	if (err) {
		gc_last_line(klog, line, sizeof(line));
		r->v = GC_V_FAIL;
		snprintf(r->reason, sizeof(r->reason), "kernel rejected it (%d): %s", err, line);
		return;
	}
	ks_close(o);
	snprintf(r->answer, sizeof(r->answer), "loaded");
	r->v = GC_V_OK;
}

/* One step of a RUN case; appends what it saw to r->answer. 0 or a failure (reason set). */
static int kernel_step(struct ks_obj *o, const struct gc_step *s, struct gc_result *r)
{
	uint32_t retval;
	int64_t val;
	int err;

	switch (s->op) {
	case GC_STEP_RUN:
		err = ks_run(o, s->prog, &retval, 1, NULL);
		if (err) {
			snprintf(r->reason, sizeof(r->reason), "test run of %s: %s", s->prog,
				 strerror(-err));
			return -1;
		}
		gc_appendf(r->answer, sizeof(r->answer), "%s=%d ", s->prog, (int32_t)retval);
		if (retval != (uint32_t)s->val) {
			snprintf(r->reason, sizeof(r->reason), "%s returned %d, expected %lld",
				 s->prog, (int32_t)retval, (long long)s->val);
			return -1;
		}
		return 0;
	case GC_STEP_CHECK:
		err = ks_read_var(o, s->var, &val);
		if (err) {
			snprintf(r->reason, sizeof(r->reason), "reading %s: %s", s->var,
				 strerror(-err));
			return -1;
		}
		gc_appendf(r->answer, sizeof(r->answer), "%s:%lld ", s->var, (long long)val);
		if (val != s->val) {
			snprintf(r->reason, sizeof(r->reason), "%s is %lld, expected %lld", s->var,
				 (long long)val, (long long)s->val);
			return -1;
		}
		return 0;
	case GC_STEP_FILL:
		err = ks_fill_map(o, s->map, s->size, s->byte);
		if (err) {
			snprintf(r->reason, sizeof(r->reason), "update of %s: %s", s->map,
				 strerror(-err));
			return -1;
		}
		gc_appendf(r->answer, sizeof(r->answer), "fill(%s) ", s->map);
		return 0;
	default:
		return 0;
	}
}

static void kernel_run(const struct gc_case *c, const char *path, struct gc_result *r)
{
	const char *progs[32];
	const struct gc_step *s;
	struct ks_obj *o;
	char line[512];
	int err;

	gc_step_progs(c, progs, 32);
	err = ks_load(path, progs, 0, klog, sizeof(klog), &o);
	if (err) {
		gc_last_line(klog, line, sizeof(line));
		r->v = GC_V_FAIL;
		snprintf(r->reason, sizeof(r->reason), "load failed (%d): %s", err, line);
		return;
	}
	r->v = GC_V_OK;
	for (s = c->steps; s->op != GC_STEP_END; s++) {
		if (kernel_step(o, s, r)) {
			r->v = GC_V_FAIL;
			break;
		}
	}
	ks_close(o);
}

static void kernel_btf(const struct gc_case *c, struct gc_result *r)
{
	uint32_t size;
	void *raw;
	int err;

	err = gc_build_btf(c, &raw, &size);
	if (err) {
		r->v = GC_V_FAIL;
		snprintf(r->reason, sizeof(r->reason), "building the BTF failed: %d", err);
		return;
	}
	err = ks_btf_load(raw, size, klog, sizeof(klog));
	free(raw);
	snprintf(r->answer, sizeof(r->answer), "errno %d (%s)", err,
		 err ? strerror(-err) : "loaded");
	if (err != c->err) {
		r->v = GC_V_FAIL;
		snprintf(r->reason, sizeof(r->reason), "BPF_BTF_LOAD gave %d, expected %d", err,
			 c->err);
		return;
	}
	r->v = GC_V_OK;
}

void gc_kernel_case(const struct gc_case *c, const char *dir, struct gc_result *r)
{
	char path[1024];

	memset(r, 0, sizeof(*r));
	if (c->kind == GC_BTF) {
		kernel_btf(c, r);
		return;
	}
	gc_obj_path(c, dir, path, sizeof(path));
	switch (c->kind) {
	case GC_REJECT:
		kernel_reject(c, path, r);
		break;
	case GC_ACCEPT:
		kernel_accept(c, path, r);
		break;
	default:
		kernel_run(c, path, r);
		break;
	}
}
