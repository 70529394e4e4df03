// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/kside.c: the kernel side of the graph corpus over Debian's libbpf 1.1 (see
 * kside.h). libbpf's own messages are captured (not printed) so that a map-creation failure,
 * which produces no verifier log, can still be matched and recorded; GC_VERBOSE=1 in the
 * environment echoes them to stderr.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include "kside.h"

struct ks_obj {
	struct bpf_object *obj;
};

/* What libbpf said during the current open/load (warnings and info; debug is dropped). */
static char captured[16384];
static size_t captured_len;

__attribute__((format(printf, 2, 0))) static int capture(enum libbpf_print_level level,
							 const char *fmt, va_list ap)
{
	va_list copy;
	int n;

	if (level == LIBBPF_DEBUG)
		return 0;
	if (getenv("GC_VERBOSE")) {
		va_copy(copy, ap);
		vfprintf(stderr, fmt, copy);
		va_end(copy);
	}
	if (captured_len + 1 >= sizeof(captured))
		return 0;
	n = vsnprintf(captured + captured_len, sizeof(captured) - captured_len, fmt, ap);
	if (n > 0)
		captured_len += (size_t)n < sizeof(captured) - captured_len ?
					(size_t)n :
					sizeof(captured) - captured_len - 1;
	return 0;
}

bool ks_available(char *why, size_t why_sz)
{
	const struct bpf_insn prog[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = BPF_REG_0, .imm = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	int fd = bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, "gc_probe", "GPL", prog, 2, NULL);

	if (fd < 0) {
		snprintf(why, why_sz, "bpf() refused a trivial program: %s", strerror(errno));
		return false;
	}
	close(fd);
	return true;
}

static bool in_list(const char *name, const char *const *list)
{
	for (; list && *list; list++)
		if (!strcmp(*list, name))
			return true;
	return false;
}

/* Autoload exactly @progs; give them @log; -ENOENT if one of them is not in the object. */
static int select_progs(struct bpf_object *obj, const char *const *progs, uint32_t log_level,
			char *log, size_t log_sz)
{
	struct bpf_program *p;
	const char *const *want;

	for (want = progs; want && *want; want++)
		if (!bpf_object__find_program_by_name(obj, *want)) {
			snprintf(log, log_sz, "no program '%s' in the object\n", *want);
			return -ENOENT;
		}
	bpf_object__for_each_program(p, obj)
	{
		bool on = in_list(bpf_program__name(p), progs);

		bpf_program__set_autoload(p, on);
		if (on && log_level) {
			bpf_program__set_log_buf(p, log, log_sz);
			bpf_program__set_log_level(p, log_level);
		}
	}
	return 0;
}

int ks_load(const char *path, const char *const *progs, uint32_t log_level, char *log,
	    size_t log_sz, struct ks_obj **out)
{
	struct bpf_object *obj;
	struct ks_obj *o;
	int err;

	*out = NULL;
	log[0] = 0;
	captured_len = 0;
	captured[0] = 0;
	libbpf_set_print(capture);
	obj = bpf_object__open_file(path, NULL);
	if (!obj) {
		err = -errno;
		snprintf(log, log_sz, "open %s: %s\n%s", path, strerror(-err), captured);
		return err;
	}
	err = select_progs(obj, progs, log_level, log, log_sz);
	if (!err)
		err = bpf_object__load(obj);
	if (err) {
		if (!log[0])
			snprintf(log, log_sz, "%s", captured);
		bpf_object__close(obj);
		return err < 0 ? err : -EINVAL;
	}
	o = calloc(1, sizeof(*o));
	if (!o) {
		bpf_object__close(obj);
		return -ENOMEM;
	}
	o->obj = obj;
	*out = o;
	return 0;
}

void ks_close(struct ks_obj *o)
{
	if (!o)
		return;
	bpf_object__close(o->obj);
	free(o);
}

int ks_prog_fd(struct ks_obj *o, const char *prog)
{
	struct bpf_program *p = bpf_object__find_program_by_name(o->obj, prog);

	if (!p || bpf_program__fd(p) < 0)
		return -ENOENT;
	return bpf_program__fd(p);
}

/* Ethernet + IPv4 + TCP, 64 bytes: what the selftests' pkt_v4 roughly is. */
const unsigned char gc_pkt_v4[64] = {
	0,    0,  0, 0,	 0,   1, 0, 0, 0,  0, 0, 2, 0x08, 0x00, /* eth, ETH_P_IP */
	0x45, 0,  0, 50, 0,   0, 0, 0, 64, 6, 0, 0, /* iphdr, proto TCP, tot_len 50 */
	127,  0,  0, 1,	 127, 0, 0, 1, /* saddr, daddr */
	0,    80, 0, 81, /* tcp ports */
};

int ks_run_ctx(struct ks_obj *o, const char *prog, const void *ctx, uint32_t ctx_sz,
	       uint32_t *retval, uint32_t repeat, uint64_t *wall_ns)
{
	struct bpf_program *p = bpf_object__find_program_by_name(o->obj, prog);
	LIBBPF_OPTS(bpf_test_run_opts, opts, .ctx_in = ctx, .ctx_size_in = ctx_sz);
	struct timespec t0, t1;
	uint32_t i, n = 1;
	int err = 0;

	if (!p || bpf_program__fd(p) < 0)
		return -ENOENT;
	/* The kernel refuses `repeat` for syscall programs: repeat them from here instead. */
	if (bpf_program__type(p) == BPF_PROG_TYPE_SYSCALL) {
		n = repeat ? repeat : 1;
	} else {
		opts.data_in = gc_pkt_v4;
		opts.data_size_in = sizeof(gc_pkt_v4);
		opts.repeat = repeat;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	for (i = 0; i < n && !err; i++)
		err = bpf_prog_test_run_opts(bpf_program__fd(p), &opts);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	if (err)
		return -errno;
	*retval = opts.retval;
	if (wall_ns)
		*wall_ns = (uint64_t)(t1.tv_sec - t0.tv_sec) * 1000000000ull +
			   (uint64_t)(t1.tv_nsec - t0.tv_nsec);
	return 0;
}

int ks_run(struct ks_obj *o, const char *prog, uint32_t *retval, uint32_t repeat, uint64_t *wall_ns)
{
	return ks_run_ctx(o, prog, NULL, 0, retval, repeat, wall_ns);
}

/* Split "name[3]" into name and index (-1 without brackets). */
static int parse_var(const char *var, char *name, size_t name_sz, long *idx)
{
	const char *br = strchr(var, '[');
	size_t len = br ? (size_t)(br - var) : strlen(var);
	char *end;

	if (len == 0 || len >= name_sz)
		return -EINVAL;
	memcpy(name, var, len);
	name[len] = 0;
	*idx = -1;
	if (br) {
		*idx = strtol(br + 1, &end, 10);
		if (end == br + 1 || *end != ']' || *idx < 0)
			return -EINVAL;
	}
	return 0;
}

/* Find VAR @name in a DATASEC: section name, byte offset, type id. */
static int find_var(const struct btf *btf, const char *name, const char **sec, uint32_t *off,
		    uint32_t *type_id)
{
	uint32_t id, n = btf__type_cnt(btf);

	for (id = 1; id < n; id++) {
		const struct btf_type *t = btf__type_by_id(btf, id);
		const struct btf_var_secinfo *vs;
		int i;

		if (!btf_is_datasec(t))
			continue;
		vs = btf_var_secinfos(t);
		for (i = 0; i < btf_vlen(t); i++, vs++) {
			const struct btf_type *v = btf__type_by_id(btf, vs->type);

			if (strcmp(btf__name_by_offset(btf, v->name_off), name))
				continue;
			*sec = btf__name_by_offset(btf, t->name_off);
			*off = vs->offset;
			*type_id = v->type;
			return 0;
		}
	}
	return -ENOENT;
}

static int64_t sext(const unsigned char *p, uint32_t size)
{
	int64_t v = 0;

	switch (size) {
	case 1:
		v = *(const int8_t *)p;
		break;
	case 2: {
		int16_t x;
		memcpy(&x, p, 2);
		v = x;
		break;
	}
	case 4: {
		int32_t x;
		memcpy(&x, p, 4);
		v = x;
		break;
	}
	default:
		memcpy(&v, p, 8);
		break;
	}
	return v;
}

int ks_read_var(struct ks_obj *o, const char *var, int64_t *val)
{
	const struct btf *btf = bpf_object__btf(o->obj);
	char name[128];
	const char *sec;
	uint32_t off, tid, key = 0, size;
	const struct btf_type *t;
	struct bpf_map *map;
	unsigned char *buf;
	long idx;
	int err;

	if (!btf || parse_var(var, name, sizeof(name), &idx))
		return -EINVAL;
	err = find_var(btf, name, &sec, &off, &tid);
	if (err)
		return err;
	t = btf__type_by_id(btf, btf__resolve_type(btf, tid));
	if (idx >= 0) {
		if (!t || !btf_is_array(t) || (uint32_t)idx >= btf_array(t)->nelems)
			return -ERANGE;
		tid = btf_array(t)->type;
		off += (uint32_t)idx * (uint32_t)btf__resolve_size(btf, tid);
	}
	size = (uint32_t)btf__resolve_size(btf, tid);
	if (size != 1 && size != 2 && size != 4 && size != 8)
		return -EINVAL;
	map = bpf_object__find_map_by_name(o->obj, sec);
	if (!map || off + size > bpf_map__value_size(map))
		return -ENOENT;
	buf = calloc(1, bpf_map__value_size(map));
	if (!buf)
		return -ENOMEM;
	err = bpf_map_lookup_elem(bpf_map__fd(map), &key, buf) ? -errno : 0;
	if (!err)
		*val = sext(buf + off, size);
	free(buf);
	return err;
}

int ks_fill_map(struct ks_obj *o, const char *name, uint32_t size, uint8_t byte)
{
	struct bpf_map *map = bpf_object__find_map_by_name(o->obj, name);
	uint32_t key = 0, vsz;
	unsigned char *buf;
	int err;

	if (!map)
		return -ENOENT;
	vsz = bpf_map__value_size(map);
	if (size > vsz)
		return -EINVAL;
	buf = calloc(1, vsz);
	if (!buf)
		return -ENOMEM;
	memset(buf, byte, size ? size : vsz);
	err = bpf_map_update_elem(bpf_map__fd(map), &key, buf, BPF_ANY) ? -errno : 0;
	free(buf);
	return err;
}

int ks_btf_load(const void *raw, size_t size, char *log, size_t log_sz)
{
	LIBBPF_OPTS(bpf_btf_load_opts, opts, .log_buf = log, .log_size = (uint32_t)log_sz,
		    .log_level = 1);
	int fd;

	log[0] = 0;
	fd = bpf_btf_load(raw, size, &opts);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}
