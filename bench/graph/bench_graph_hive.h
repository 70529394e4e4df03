/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bench/graph/bench_graph_hive.h: the bpfhive side of bench_graph (included only when CMake
 * found hive_program__test_run with the libbpf shape used here): the same object opened with
 * the user backend, the same phases, and the allocator's live memory after a fill.
 */
#include <time.h>

#include "hive_vars.h"
#include "kfunc/runtime.h"

static int h_run(void *h, const char *prog, uint64_t n, uint64_t *ns)
{
	struct hive_program *p = hive_object__find_program_by_name(h, prog);
	struct hive_test_run_opts o = { .sz = sizeof(o), .ctx_in = &n, .ctx_size_in = sizeof(n) };
	struct timespec t0, t1;
	int err;

	if (!p)
		return -ENOENT;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	err = hive_program__test_run(p, &o);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	*ns = (uint64_t)(t1.tv_sec - t0.tv_sec) * 1000000000ull +
	      (uint64_t)(t1.tv_nsec - t0.tv_nsec);
	return err ? err : o.retval ? -EIO : 0;
}

static int h_read(void *h, const char *var, int64_t *val)
{
	return hive_read_var(h, var, val);
}

static int hive_open(struct side *s, const char *path)
{
	struct hive_object_open_opts opts = { .sz = sizeof(opts), .backend = HIVE_BACKEND_USER };
	struct hive_object *obj = hive_object__open_file(path, &opts);
	int err;

	if (!obj) {
		snprintf(s->why, sizeof(s->why), "not measured: open: %s", object_last_error());
		return -errno;
	}
	err = hive_object__load(obj);
	if (err) {
		snprintf(s->why, sizeof(s->why), "not measured: load: %s", object_last_error());
		hive_object__close(obj);
		return err;
	}
	s->h = obj;
	s->run = h_run;
	s->read = h_read;
	return 0;
}

static void hive_close(struct side *s)
{
	hive_object__close(s->h);
}

/* Live allocator memory now, right after the first fill of a size (the tree holds N nodes). */
static void hive_mem(struct side *s)
{
	struct kfunc_mem_stats st;

	if (s->run != h_run)
		return;
	kfunc_rcu_barrier();
	kfunc_mem_stats(&st);
	s->mem_bytes = st.live_bytes;
	s->mem_block_bytes = st.live_block_bytes;
	s->mem_mapped = (int64_t)st.mapped_bytes;
	s->mem_objs = st.live_objs;
}
