/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/graph/hside_run.h: the run steps of a case in bpfhive (included by hside.c only when
 * CMake found hive_program__test_run and hive_map__lookup_elem/update_elem with the libbpf
 * shapes used here). Same packet, same steps, same globals as the kernel side.
 */
#include "hive_vars.h"
#include "kside.h"

static int hive_step(struct hive_object *obj, const struct gc_step *s, struct gc_result *r)
{
	struct hive_test_run_opts opts = { .sz = sizeof(opts) };
	struct hive_program *p;
	struct hive_map *m;
	unsigned char *buf;
	int64_t val = 0;
	uint32_t key = 0;
	int err;

	switch (s->op) {
	case GC_STEP_RUN:
		p = hive_object__find_program_by_name(obj, s->prog);
		if (!p)
			return snprintf(r->reason, sizeof(r->reason), "no program %s", s->prog), -1;
		if (hive_program__type(p) != HIVE_PROG_TYPE_SYSCALL) {
			opts.data_in = gc_pkt_v4;
			opts.data_size_in = sizeof(gc_pkt_v4);
		}
		err = hive_program__test_run(p, &opts);
		if (err)
			return snprintf(r->reason, sizeof(r->reason), "test run of %s: %d", s->prog,
					err),
			       -1;
		gc_appendf(r->answer, sizeof(r->answer), "%s=%d ", s->prog, (int32_t)opts.retval);
		if (opts.retval != (uint32_t)s->val)
			return snprintf(r->reason, sizeof(r->reason),
					"%s returned %d, kernel: %lld", s->prog,
					(int32_t)opts.retval, (long long)s->val),
			       -1;
		return 0;
	case GC_STEP_CHECK:
		err = hive_read_var(obj, s->var, &val);
		if (err || val != s->val)
			return snprintf(r->reason, sizeof(r->reason),
					"%s: %lld (err %d), kernel: %lld", s->var, (long long)val,
					err, (long long)s->val),
			       -1;
		gc_appendf(r->answer, sizeof(r->answer), "%s:%lld ", s->var, (long long)val);
		return 0;
	case GC_STEP_FILL:
		m = map_of_section(obj, s->map);
		if (!m)
			m = hive_object__find_map_by_name(obj, s->map);
		if (!m)
			return snprintf(r->reason, sizeof(r->reason), "no map %s", s->map), -1;
		buf = malloc(hive_map__value_size(m));
		if (!buf)
			return -1;
		memset(buf, 0, hive_map__value_size(m));
		memset(buf, s->byte, s->size ? s->size : hive_map__value_size(m));
		err = hive_map__update_elem(m, &key, sizeof(key), buf, hive_map__value_size(m), 0);
		free(buf);
		if (err)
			return snprintf(r->reason, sizeof(r->reason), "update of %s: %d", s->map,
					err),
			       -1;
		gc_appendf(r->answer, sizeof(r->answer), "fill(%s) ", s->map);
		return 0;
	default:
		return 0;
	}
}

static void hive_steps(struct hive_object *obj, const struct gc_case *c, struct gc_result *r)
{
	const struct gc_step *s;

	r->v = GC_V_OK;
	for (s = c->steps; s->op != GC_STEP_END; s++) {
		if (hive_step(obj, s, r)) {
			r->v = GC_V_FAIL;
			return;
		}
	}
}
