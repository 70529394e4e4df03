/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/graph/hside_run.h: the run steps of a case in bpfhive (included by hside.c only when
 * CMake found hive_program__test_run and hive_map__lookup_elem/update_elem with the libbpf
 * shapes used here). Same packet, same steps, same globals as the kernel side.
 */
#include "btf/btf_types.h"
#include "kside.h"

static struct hive_map *map_of_section(struct hive_object *obj, const char *sec)
{
	struct hive_map *m;

	hive_object__for_each_map(m, obj) {
		const char *s = hive_map__section_name(m);

		if ((s && !strcmp(s, sec)) || !strcmp(hive_map__name(m), sec))
			return m;
	}
	return NULL;
}

/* Global @var ("name" or "name[i]") of @obj, sign-extended. */
static int hive_read_var(struct hive_object *obj, const char *var, int64_t *val)
{
	const struct hive_btf *btf = object_btf(obj);
	char name[128];
	const char *br = strchr(var, '[');
	size_t len = br ? (size_t)(br - var) : strlen(var);
	long idx = br ? strtol(br + 1, NULL, 10) : -1;
	uint32_t id, n, i, key = 0;

	if (!btf || len >= sizeof(name))
		return -EINVAL;
	memcpy(name, var, len);
	name[len] = 0;
	n = btf_type_cnt(btf);
	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf_type_by_id(btf, id);
		const struct btf_var_secinfo *vs;

		if (!btf_is_datasec(t))
			continue;
		vs = btf_var_secinfos(t);
		for (i = 0; i < btf_vlen(t); i++, vs++) {
			const struct btf_type *v = btf_type_by_id(btf, vs->type);
			struct hive_map *m;
			uint32_t off = vs->offset, tid = v->type, size;
			unsigned char *buf;
			int err;

			if (strcmp(btf_name(btf, v->name_off), name))
				continue;
			if (idx >= 0) {
				const struct btf_type *a =
					btf_type_by_id(btf, (uint32_t)btf_resolve_type(btf, tid));

				if (!a || !btf_is_array(a))
					return -EINVAL;
				tid = btf_array(a)->type;
				off += (uint32_t)idx * (uint32_t)btf_resolve_size(btf, tid);
			}
			size = (uint32_t)btf_resolve_size(btf, tid);
			m = map_of_section(obj, btf_name(btf, t->name_off));
			if (!m || size > 8 || off + size > hive_map__value_size(m))
				return -ENOENT;
			buf = calloc(1, hive_map__value_size(m));
			if (!buf)
				return -ENOMEM;
			err = hive_map__lookup_elem(m, &key, sizeof(key), buf,
						    hive_map__value_size(m), 0);
			*val = 0;
			if (!err) {
				int64_t x = 0;

				memcpy(&x, buf + off, size);
				*val = size < 8 ? (x << (64 - 8 * size)) >> (64 - 8 * size) : x;
			}
			free(buf);
			return err;
		}
	}
	return -ENOENT;
}

static int hive_step(struct hive_object *obj, const struct gc_step *s, struct gc_result *r)
{
	struct hive_test_run_opts opts = { .sz = sizeof(opts) };
	struct hive_program *p;
	struct hive_map *m;
	unsigned char *buf;
	int64_t val;
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
