// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/hside.c: one corpus case in bpfhive (see corpus.h), through the same entry
 * points a user has:
 *
 *   GC_BTF     btf_parse_raw + btf_validate_kernel + btf_parse_struct_metas (what
 *              BPF_BTF_LOAD computes): the errno must be the kernel's.
 *   objects    hive_object__open_file (user backend) -> autoload the case's programs ->
 *              hive_object__load, which verifies. A rejection must carry the expected message
 *              (searched in the program's verifier log, at the case's log level), and the
 *              line(s) holding it must be the kernel's very line(s) (kfunc ids aside); a
 *              run goes through
 *              hive_program__test_run and the globals through hive_map__lookup_elem, and
 *              every retval and global must be the kernel's.
 *
 * A build without a user backend reports its cases as UNSUPPORTED with the reason, never
 * as passing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* bpfhive's own BTF layouts first: the public header then skips <linux/btf.h> */
#include "btf/btf_types.h"
#include "btf/btf.h"
#include "btf/btf_fields.h"
#include "bpfhive/bpfhive.h"
#include "common/err.h"
#include "corpus.h"
#include "kfunc/alloc.h"
#include "kfunc/runtime.h"
#include "match.h"
#include "object/backend.h"

static void hive_btf_case(const struct gc_case *c, struct gc_result *r)
{
	char errbuf[512] = "";
	struct btf_fields_ctx ctx = { .errbuf = errbuf, .errbuf_sz = sizeof(errbuf) };
	struct btf_struct_metas *metas;
	struct hive_btf *btf;
	uint32_t size;
	void *raw;
	int err;

	err = gc_build_btf(c, &raw, &size);
	if (err) {
		r->v = GC_V_FAIL;
		snprintf(r->reason, sizeof(r->reason), "building the BTF failed: %d", err);
		return;
	}
	btf = btf_parse_raw(raw, size, NULL);
	free(raw);
	if (IS_ERR_OR_NULL(btf)) {
		err = btf ? (int)PTR_ERR(btf) : -ENOMEM;
		btf = NULL;
	} else {
		err = btf_validate_kernel(btf, errbuf, sizeof(errbuf));
	}
	if (!err) {
		metas = btf_parse_struct_metas(btf, &ctx);
		err = IS_ERR(metas) ? (int)PTR_ERR(metas) : 0;
		btf_struct_metas_free(metas);
	}
	btf_free(btf);
	snprintf(r->answer, sizeof(r->answer), "errno %d%s%s", err, errbuf[0] ? ": " : "", errbuf);
	if (err != c->err) {
		r->v = GC_V_FAIL;
		snprintf(r->reason, sizeof(r->reason), "errno %d, kernel: %d (%s)", err, c->err,
			 errbuf);
		return;
	}
	r->v = GC_V_OK;
}

/* Open @path and autoload exactly @progs; NULL with r filled on failure. */
static struct hive_object *open_with(const char *path, const char *const *progs,
				     struct gc_result *r)
{
	struct hive_object_open_opts opts = { .sz = sizeof(opts), .backend = HIVE_BACKEND_USER };
	struct hive_program *p;
	struct hive_object *obj;
	const char *const *w;

	obj = hive_object__open_file(path, &opts);
	if (!obj) {
		r->v = GC_V_FAIL;
		snprintf(r->reason, sizeof(r->reason), "open: %s", object_last_error());
		return NULL;
	}
	hive_object__for_each_program(p, obj) {
		bool on = false;

		for (w = progs; *w; w++)
			on |= !strcmp(*w, hive_program__name(p));
		hive_program__set_autoload(p, on);
	}
	return obj;
}

/* The backend is missing: the only honest verdict is UNSUPPORTED. */
static bool no_backend(int err, struct gc_result *r)
{
	if (err != -EOPNOTSUPP || !strstr(object_last_error(), "not available"))
		return false;
	r->v = GC_V_UNSUPPORTED;
	snprintf(r->reason, sizeof(r->reason), "no user backend (issue 6): %s",
		 object_last_error());
	return true;
}

#include "hside_run.h"

/*
 * After a run and the object's close nothing the programs allocated may be left: every
 * bpf_obj_new object was dropped by a program or freed with the map or global holding it,
 * once the deferred frees have run. A leak fails the case even if every result matched.
 */
static void check_leaks(struct gc_result *r)
{
	struct kfunc_mem_stats st;
	int err = kfunc_rcu_barrier();

	kfunc_mem_stats(&st);
	if (!err && st.live_objs == 0 && st.live_bytes == 0 && kfunc_rcu_pending() == 0)
		return;
	if (r->v == GC_V_OK)
		snprintf(r->reason, sizeof(r->reason),
			 "leak after close: %lld objects, %lld bytes live, %llu frees pending "
			 "(barrier %d)",
			 (long long)st.live_objs, (long long)st.live_bytes,
			 (unsigned long long)kfunc_rcu_pending(), err);
	r->v = GC_V_FAIL;
}

/* The expected text was found in @line: it must also be the kernel's very line(s). */
static void same_line(const char *line, const char *kernel_answer, struct gc_result *r)
{
	gc_one_line(r->answer, sizeof(r->answer), line);
	if (kernel_answer && strcmp(kernel_answer, r->answer)) {
		r->v = GC_V_FAIL;
		snprintf(r->reason, sizeof(r->reason),
			 "message \"%.400s\" is not the kernel's \"%.400s\"", r->answer,
			 kernel_answer);
		return;
	}
	r->v = GC_V_OK;
}

void gc_hive_case(const struct gc_case *c, const char *dir, const char *kernel_answer,
		  struct gc_result *r)
{
	const char *progs[32] = { c->prog, NULL };
	char path[1024], line[1024];
	struct hive_program *prog;
	struct hive_object *obj;
	const char *log;
	int err;

	memset(r, 0, sizeof(*r));
	if (c->kind == GC_BTF) {
		hive_btf_case(c, r);
		return;
	}
	gc_obj_path(c, dir, path, sizeof(path));
	if (c->kind == GC_RUN)
		gc_step_progs(c, progs, 32);
	obj = open_with(path, progs, r);
	if (!obj)
		return;
	prog = hive_object__find_program_by_name(obj, c->prog);
	if (prog && c->kind == GC_REJECT)
		hive_program__set_log_level(prog, c->log_level ? c->log_level : 1);
	err = hive_object__load(obj);
	if (no_backend(err, r))
		goto out;
	if (c->kind == GC_REJECT) {
		/* the verifier's log, as the kernel side reads the kernel's */
		log = prog ? hive_program__log_buf(prog, NULL) : NULL;
		if (!log || !log[0])
			log = object_last_error();
		if (!err) {
			r->v = GC_V_FAIL;
			snprintf(r->reason, sizeof(r->reason), "bpfhive accepted the program");
		} else if (gc_match(c->msg, log, line, sizeof(line)) == 1) {
			same_line(line, kernel_answer, r);
		} else {
			r->v = GC_V_FAIL;
			gc_last_line(log, line, sizeof(line));
			snprintf(r->reason, sizeof(r->reason),
				 "rejected (%d) without \"%s\": %.400s", err, c->msg, line);
		}
		goto out;
	}
	if (err) {
		r->v = GC_V_FAIL;
		snprintf(r->reason, sizeof(r->reason), "load failed (%d): %s", err,
			 object_last_error());
		goto out;
	}
	if (c->kind == GC_ACCEPT)
		r->v = GC_V_OK;
	else
		hive_steps(obj, c, r);
out:
	hive_object__close(obj);
	if (c->kind == GC_RUN)
		check_leaks(r);
}
