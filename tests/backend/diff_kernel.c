// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/backend/diff_kernel.c: the user backend against the running kernel.
 *
 * Each case names an object, the programs to load, and a sequence of test runs (program, packet,
 * context, repeat, output sizes). The object is loaded into the kernel with Debian's libbpf and
 * into bpfhive; both run the same sequence with BPF_PROG_TEST_RUN / hive_program__test_run(),
 * and then every map is dumped the same way on both sides:
 *
 *   keyed maps          every key (get_next_key) and its value, sorted (hash order differs);
 *                       per-CPU maps with one value slot per possible CPU; prog arrays and
 *                       map-in-map slots only as "set" (ids differ)
 *   queue, stack        popped until empty, in order
 *   ring buffer         consumed, record by record
 *   bloom filter        not iterable: checked through the programs' peeks
 *
 * A case agrees when every run gives the same errno, retval, data_out (bytes and size),
 * ctx_out (or the syscall context written back in place) and the dumps are equal. The process
 * runs pinned to CPU 0, so per-CPU slots and bpf_get_smp_processor_id() agree.
 *
 *   diff_kernel BACKEND_PROGS_DIR TEST_PROGS_DIR [CASE-SUBSTRING]
 *
 * Prints PASS/FAIL per case and "N passed, N failed"; exit 1 on a failure, 77 (SKIP) when the
 * kernel cannot load programs.
 */
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bpfhive/bpfhive.h"

/* the case tables below name only the fields that matter */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

#define MAX_RUNS 4
#define DATA_MAX 81920 /* a multi-buffer XDP frame: 3520 + 17 * 4096 bytes and more */
#define CTX_MAX 512
#define DUMP_MAX (1 << 20)

/* ---- packets ---- */

/* Ethernet to 02:00:00:00:00:01 from 02:00:00:00:00:02, IPv4 10.1.2.3 -> 192.168.133.150, TCP
 * 12345 -> 80 */
static const uint8_t pkt_tcp4[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x08, 0x00,
	0x45, 0x10, 0x00, 0x28, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x5b, 0x6e, 0x0a, 0x01,
	0x02, 0x03, 0xc0, 0xa8, 0x85, 0x96, 0x30, 0x39, 0x00, 0x50, 0x01, 0x02, 0x03, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x50, 0x02, 0x20, 0x00, 0x6c, 0x3f, 0x00, 0x00,
};

/* IPv4 UDP 10.0.0.1:53 -> 10.0.0.2:4000, 4 bytes of payload, to the broadcast address */
static const uint8_t pkt_udp4[] = {
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x20, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11,
	0x66, 0xcb, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x00, 0x35,
	0x0f, 0xa0, 0x00, 0x0c, 0x9e, 0x2c, 0x61, 0x62, 0x63, 0x64,
};

/* IPv6 UDP fe80::1 -> ff02::1 (multicast MAC 33:33:00:00:00:01), 8 bytes of payload */
static const uint8_t pkt_udp6[] = {
	0x33, 0x33, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x86, 0xdd,
	0x60, 0x00, 0x00, 0x00, 0x00, 0x10, 0x11, 0x40, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0x02, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x12, 0x34,
	0x56, 0x78, 0x00, 0x10, 0x00, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
};

/* ARP request to the all-zero (loopback) MAC: PACKET_HOST */
static const uint8_t pkt_arp[] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x08, 0x06,
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02,
	0x0a, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x02,
};

/* 802.2 frame (length field < 0x600), and a bare 14-byte header */
static const uint8_t pkt_llc[] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x09, 0x02, 0x00, 0x00, 0x00,
	0x00, 0x02, 0x00, 0x06, 0x42, 0x42, 0x03, 0x00, 0x00, 0x00,
};

static uint8_t pkt_big[DATA_MAX];

struct pkt {
	const uint8_t *p;
	uint32_t len;
};

#define PKT(a) ((struct pkt){ a, sizeof(a) })
#define PKTN(a, n) ((struct pkt){ a, n })

/* ---- contexts ---- */

static void put32(uint8_t *b, int off, uint32_t v)
{
	memcpy(b + off, &v, 4);
}

struct ctxbuf {
	const uint8_t *p;
	uint32_t len;
};

/* A context of @len bytes with (offset, u32) pairs set, ended by -1 (lives until exit). */
static struct ctxbuf mk(uint32_t len, ...)
{
	uint8_t *b = calloc(1, CTX_MAX);
	va_list ap;
	int off;

	va_start(ap, len);
	while ((off = va_arg(ap, int)) >= 0)
		put32(b, off, va_arg(ap, uint32_t));
	va_end(ap);
	return (struct ctxbuf){ b, len };
}

/* ---- cases ---- */

struct run {
	const char *prog;
	struct pkt pkt;
	struct ctxbuf ctx;
	uint32_t repeat, flags;
	uint32_t data_size_out; /* 0: DATA_MAX */
	uint32_t ctx_size_out; /* 0: CTX_MAX when a ctx is given */
	bool no_data_out, ctx_out_only, null_data;
};

struct dcase {
	const char *name;
	const char *obj; /* "b:" backend progs, "t:" tests/progs */
	const char *load; /* comma-separated programs to load */
	struct run runs[MAX_RUNS];
	/* value bytes not compared: "map:off:len" (a kernel quirk, explained at the case) */
	const char *mask;
	/* both runtimes must refuse to load the object with this errno (0: must load) */
	int expect_load_err;
	/* a known, documented difference: bpfhive's errno for every run, or for the load */
	int known_hive_err;
	int known_hive_load_err;
	const char *known_why;
};

static const char *backend_dir, *tests_dir;
static const struct dcase *cur_case;

/* ---- results ---- */

struct run_result {
	int err;
	uint32_t retval;
	uint32_t data_len, ctx_len;
	uint8_t data[DATA_MAX], ctx[CTX_MAX];
};

struct result {
	int load_err;
	struct run_result runs[MAX_RUNS];
	char *dump;
	size_t dump_len;
};

__attribute__((format(printf, 2, 3))) static void out(struct result *r, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (!r->dump)
		r->dump = calloc(1, DUMP_MAX);
	if (!r->dump || r->dump_len >= DUMP_MAX - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(r->dump + r->dump_len, DUMP_MAX - r->dump_len, fmt, ap);
	va_end(ap);
	if (n > 0)
		r->dump_len += (size_t)n < DUMP_MAX - r->dump_len ? (size_t)n :
								    DUMP_MAX - r->dump_len - 1;
}

static void hex(char *s, const void *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		sprintf(s + 2 * i, "%02x", ((const uint8_t *)p)[i]);
	s[2 * n] = 0;
}

/* Sorted lines, so that hash maps compare whatever their iteration order. */
struct lines {
	char **v;
	size_t n, cap;
};

static void lines_add(struct lines *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 16;
		l->v = realloc(l->v, l->cap * sizeof(*l->v));
	}
	l->v[l->n++] = strdup(s);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void lines_flush(struct lines *l, struct result *r)
{
	if (l->n)
		qsort(l->v, l->n, sizeof(*l->v), cmp_str);
	for (size_t i = 0; i < l->n; i++) {
		out(r, "  %s\n", l->v[i]);
		free(l->v[i]);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* One map's elements, through callbacks shared by both runtimes. */
struct map_io {
	void *m;
	const char *name;
	int (*next)(void *m, const void *key, void *next);
	int (*lookup)(void *m, const void *key, void *val);
	int (*pop)(void *m, void *val);
	int (*ring)(void *m, struct result *r);
};

/* The case's masked value bytes of map @name: zeroed before the comparison. */
static void apply_mask(const char *name, uint8_t *val, uint32_t vsz)
{
	char map[64];
	unsigned int off, len;

	if (!cur_case->mask || sscanf(cur_case->mask, "%63[^:]:%u:%u", map, &off, &len) != 3 ||
	    strcmp(map, name) || off + len > vsz)
		return;
	memset(val + off, 0, len);
}

static void dump_keyed(struct map_io *io, uint32_t ksz, uint32_t vsz, bool fd_map, struct result *r)
{
	uint8_t *key = calloc(1, ksz + 8), *next = calloc(1, ksz + 8), *val = calloc(1, vsz + 8);
	char *line = malloc(2 * (ksz + vsz) + 16);
	struct lines l = { 0 };
	bool first = true;

	while (!io->next(io->m, first ? NULL : key, next)) {
		first = false;
		memcpy(key, next, ksz);
		hex(line, key, ksz);
		if (io->lookup(io->m, key, val))
			strcat(line, "=<lookup failed>");
		else if (fd_map)
			strcat(line, "=set");
		else {
			apply_mask(io->name, val, vsz);
			strcat(line, "=");
			hex(line + strlen(line), val, vsz);
		}
		lines_add(&l, line);
	}
	lines_flush(&l, r);
	free(key);
	free(next);
	free(val);
	free(line);
}

static void dump_popped(struct map_io *io, uint32_t vsz, struct result *r)
{
	uint8_t *val = calloc(1, vsz + 8);
	char *line = malloc(2 * vsz + 8);

	while (!io->pop(io->m, val)) {
		hex(line, val, vsz);
		out(r, "  pop %s\n", line);
	}
	free(val);
	free(line);
}

static void dump_one(struct map_io *io, const char *name, uint32_t type, uint32_t ksz, uint32_t vsz,
		     struct result *r)
{
	io->name = name;
	out(r, "map %s type %u key %u value %u\n", name, type, ksz, vsz);
	switch (type) {
	case BPF_MAP_TYPE_QUEUE:
	case BPF_MAP_TYPE_STACK:
		dump_popped(io, vsz, r);
		break;
	case BPF_MAP_TYPE_RINGBUF:
		io->ring(io->m, r);
		break;
	case BPF_MAP_TYPE_BLOOM_FILTER:
		break;
	default:
		dump_keyed(io, ksz, vsz,
			   type == BPF_MAP_TYPE_PROG_ARRAY || type == BPF_MAP_TYPE_ARRAY_OF_MAPS ||
				   type == BPF_MAP_TYPE_HASH_OF_MAPS,
			   r);
	}
}

static int sample(void *ctx, void *data, size_t size)
{
	char *line = malloc(2 * size + 1);

	hex(line, data, size);
	out(ctx, "  rec %s\n", line);
	free(line);
	return 0;
}

static bool percpu(uint32_t type)
{
	return type == BPF_MAP_TYPE_PERCPU_ARRAY || type == BPF_MAP_TYPE_PERCPU_HASH ||
	       type == BPF_MAP_TYPE_LRU_PERCPU_HASH;
}

/* ---- the kernel ---- */

static int k_next(void *m, const void *key, void *next)
{
	return bpf_map_get_next_key(bpf_map__fd(m), key, next) ? -errno : 0;
}

static int k_lookup(void *m, const void *key, void *val)
{
	return bpf_map_lookup_elem(bpf_map__fd(m), key, val) ? -errno : 0;
}

static int k_pop(void *m, void *val)
{
	return bpf_map_lookup_and_delete_elem(bpf_map__fd(m), NULL, val) ? -errno : 0;
}

static int k_ring(void *m, struct result *r)
{
	struct ring_buffer *rb = ring_buffer__new(bpf_map__fd(m), sample, r, NULL);

	if (!rb)
		return -errno;
	ring_buffer__consume(rb);
	ring_buffer__free(rb);
	return 0;
}

static bool in_list(const char *list, const char *name)
{
	size_t n = strlen(name);

	for (const char *p = list; (p = strstr(p, name)); p += n)
		if ((p == list || p[-1] == ',') && (p[n] == ',' || !p[n]))
			return true;
	return false;
}

static void opts_for(const struct run *run, struct run_result *rr, const uint8_t **ctx_in,
		     uint8_t *ctx_copy)
{
	if (run->ctx.p)
		memcpy(ctx_copy, run->ctx.p, run->ctx.len);
	*ctx_in = run->ctx.p ? ctx_copy : NULL;
	memset(rr, 0, sizeof(*rr));
}

static void k_run(struct bpf_object *obj, const struct run *run, struct run_result *rr)
{
	struct bpf_program *prog = bpf_object__find_program_by_name(obj, run->prog);
	uint8_t ctx_copy[CTX_MAX];
	const uint8_t *ctx_in;
	int err;

	opts_for(run, rr, &ctx_in, ctx_copy);
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = run->null_data ? NULL : run->pkt.p,
		    .data_size_in = run->pkt.len, .ctx_in = ctx_in, .ctx_size_in = run->ctx.len,
		    .repeat = (int)run->repeat, .flags = run->flags);
	if (!prog) {
		rr->err = -ENOENT;
		return;
	}
	if (run->pkt.p && !run->no_data_out) {
		o.data_out = rr->data;
		o.data_size_out = run->data_size_out ? run->data_size_out : DATA_MAX;
	}
	if ((run->ctx.p || run->ctx_out_only) && bpf_program__type(prog) != BPF_PROG_TYPE_SYSCALL) {
		o.ctx_out = rr->ctx;
		o.ctx_size_out = run->ctx_size_out ? run->ctx_size_out : CTX_MAX;
	}
	err = bpf_prog_test_run_opts(bpf_program__fd(prog), &o);
	rr->err = err ? -errno : 0;
	rr->retval = o.retval;
	rr->data_len = o.data_size_out;
	rr->ctx_len = o.ctx_size_out;
	if (bpf_program__type(prog) == BPF_PROG_TYPE_SYSCALL && ctx_in) {
		memcpy(rr->ctx, ctx_copy, run->ctx.len);
		rr->ctx_len = run->ctx.len;
	}
}

static void k_dump(struct bpf_object *obj, struct result *r)
{
	struct bpf_map *m;
	int ncpu = libbpf_num_possible_cpus();

	bpf_object__for_each_map(m, obj)
	{
		struct map_io io = { m, NULL, k_next, k_lookup, k_pop, k_ring };
		uint32_t t = bpf_map__type(m), vsz = bpf_map__value_size(m);

		if (percpu(t))
			vsz = ((vsz + 7) & ~7U) * (uint32_t)ncpu;
		dump_one(&io, bpf_map__name(m), t, bpf_map__key_size(m), vsz, r);
	}
}

static void k_case(const char *path, const struct dcase *c, struct result *r)
{
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	struct bpf_program *p;

	if (!obj) {
		r->load_err = -errno;
		return;
	}
	bpf_object__for_each_program(p, obj)
		bpf_program__set_autoload(p, in_list(c->load, bpf_program__name(p)));
	r->load_err = bpf_object__load(obj);
	for (int i = 0; !r->load_err && i < MAX_RUNS && c->runs[i].prog; i++)
		k_run(obj, &c->runs[i], &r->runs[i]);
	if (!r->load_err)
		k_dump(obj, r);
	bpf_object__close(obj);
}

/* ---- bpfhive ---- */

static int h_next(void *m, const void *key, void *next)
{
	return hive_map__get_next_key(m, key, next, hive_map__key_size(m));
}

static int h_lookup(void *m, const void *key, void *val)
{
	return hive_map__lookup_elem(m, key, hive_map__key_size(m), val,
				     hive_map__value_buf_size(m), 0);
}

static int h_pop(void *m, void *val)
{
	return hive_map__lookup_and_delete_elem(m, NULL, 0, val, hive_map__value_buf_size(m), 0);
}

static int h_ring(void *m, struct result *r)
{
	struct hive_ring_buffer *rb = hive_ring_buffer__new(m, sample, r, NULL);

	if (!rb)
		return -errno;
	hive_ring_buffer__consume(rb);
	hive_ring_buffer__free(rb);
	return 0;
}

static void h_run(struct hive_object *obj, const struct run *run, struct run_result *rr)
{
	struct hive_program *prog = hive_object__find_program_by_name(obj, run->prog);
	uint8_t ctx_copy[CTX_MAX];
	const uint8_t *ctx_in;

	opts_for(run, rr, &ctx_in, ctx_copy);
	HIVE_OPTS(hive_test_run_opts, o, .data_in = run->null_data ? NULL : run->pkt.p,
		  .data_size_in = run->pkt.len, .ctx_in = ctx_in, .ctx_size_in = run->ctx.len,
		  .repeat = (int)run->repeat, .flags = run->flags);
	if (!prog) {
		rr->err = -ENOENT;
		return;
	}
	if (run->pkt.p && !run->no_data_out) {
		o.data_out = rr->data;
		o.data_size_out = run->data_size_out ? run->data_size_out : DATA_MAX;
	}
	if ((run->ctx.p || run->ctx_out_only) &&
	    hive_program__type(prog) != HIVE_PROG_TYPE_SYSCALL) {
		o.ctx_out = rr->ctx;
		o.ctx_size_out = run->ctx_size_out ? run->ctx_size_out : CTX_MAX;
	}
	rr->err = hive_program__test_run(prog, &o);
	rr->retval = o.retval;
	rr->data_len = o.data_size_out;
	rr->ctx_len = o.ctx_size_out;
	if (hive_program__type(prog) == HIVE_PROG_TYPE_SYSCALL && ctx_in) {
		memcpy(rr->ctx, ctx_copy, run->ctx.len);
		rr->ctx_len = run->ctx.len;
	}
}

static void h_dump(struct hive_object *obj, struct result *r)
{
	struct hive_map *m;

	hive_object__for_each_map(m, obj) {
		struct map_io io = { m, NULL, h_next, h_lookup, h_pop, h_ring };

		if (hive_map__autocreate(m))
			dump_one(&io, hive_map__name(m), hive_map__type(m), hive_map__key_size(m),
				 (uint32_t)hive_map__value_buf_size(m), r);
	}
}

static void h_case(const char *path, const struct dcase *c, struct result *r)
{
	struct hive_object *obj = hive_object__open_file(path, NULL);
	struct hive_program *p;

	if (!obj) {
		r->load_err = -errno;
		return;
	}
	hive_object__for_each_program(p, obj)
		hive_program__set_autoload(p, in_list(c->load, hive_program__name(p)));
	r->load_err = hive_object__load(obj);
	for (int i = 0; !r->load_err && i < MAX_RUNS && c->runs[i].prog; i++)
		h_run(obj, &c->runs[i], &r->runs[i]);
	if (!r->load_err)
		h_dump(obj, r);
	hive_object__close(obj);
}

/* ---- comparing ---- */

static int n_pass, n_fail, n_known;

static void show_bytes(const char *what, const uint8_t *p, uint32_t n)
{
	printf("    %s (%u):", what, n);
	for (uint32_t i = 0; i < n && i < 96; i++)
		printf(" %02x", p[i]);
	printf("%s\n", n > 96 ? " ..." : "");
}

static bool cmp_run(int i, const struct run *run, const struct run_result *k,
		    const struct run_result *h)
{
	uint32_t dl = k->data_len < DATA_MAX ? k->data_len : DATA_MAX;
	uint32_t cl = k->ctx_len < CTX_MAX ? k->ctx_len : CTX_MAX;
	bool ok = k->err == h->err && k->retval == h->retval && k->data_len == h->data_len &&
		  k->ctx_len == h->ctx_len && !memcmp(k->data, h->data, dl) &&
		  !memcmp(k->ctx, h->ctx, cl);

	if (ok)
		return true;
	printf("  run %d (%s): kernel err %d retval %u (0x%x) | bpfhive err %d retval %u (0x%x)\n",
	       i, run->prog, k->err, k->retval, k->retval, h->err, h->retval, h->retval);
	if (k->data_len != h->data_len || memcmp(k->data, h->data, dl)) {
		uint32_t at = 0;

		while (at < dl && k->data[at] == h->data[at])
			at++;
		show_bytes("kernel data_out", k->data, k->data_len);
		show_bytes("bpfhive data_out", h->data, h->data_len);
		if (at < dl)
			printf("    first difference at byte %u\n", at);
	}
	if (k->ctx_len != h->ctx_len || memcmp(k->ctx, h->ctx, cl)) {
		show_bytes("kernel ctx_out", k->ctx, k->ctx_len);
		show_bytes("bpfhive ctx_out", h->ctx, h->ctx_len);
	}
	return false;
}

/* Print the lines of the dumps that differ. */
static void diff_dumps(const char *a, const char *b)
{
	char *x = strdup(a ? a : ""), *y = strdup(b ? b : "");
	char *sx, *sy, *lx = strtok_r(x, "\n", &sx), *ly = strtok_r(y, "\n", &sy);
	int shown = 0;

	while ((lx || ly) && shown < 12) {
		if (!lx || !ly || strcmp(lx, ly)) {
			printf("    kernel:  %s\n    bpfhive: %s\n", lx ? lx : "(end)",
			       ly ? ly : "(end)");
			shown++;
		}
		lx = lx ? strtok_r(NULL, "\n", &sx) : NULL;
		ly = ly ? strtok_r(NULL, "\n", &sy) : NULL;
	}
	free(x);
	free(y);
}

static void run_case(const struct dcase *c)
{
	struct result *k = calloc(1, sizeof(*k)), *h = calloc(1, sizeof(*h));
	char path[512];
	bool ok = true;

	snprintf(path, sizeof(path), "%s/%s.bpf.o", c->obj[0] == 't' ? tests_dir : backend_dir,
		 c->obj + 2);
	cur_case = c;
	k_case(path, c, k);
	h_case(path, c, h);
	if (c->known_hive_load_err) {
		bool known = !k->load_err && h->load_err == c->known_hive_load_err;

		printf("%s %s: %s\n", known ? "KNOWN-DIFF" : "FAIL", c->name, c->known_why);
		known ? n_known++ : n_fail++;
		goto free;
	}
	if (c->known_hive_err) {
		bool known = !h->load_err;

		for (int i = 0; i < MAX_RUNS && c->runs[i].prog; i++)
			known &= h->runs[i].err == c->known_hive_err && !k->runs[i].err;
		printf("%s %s: %s\n", known ? "KNOWN-DIFF" : "FAIL", c->name, c->known_why);
		if (known)
			n_known++;
		else
			n_fail++;
		goto free;
	}
	if (k->load_err || h->load_err) {
		/* a case is there to run: both refusing it is a broken case unless it says so */
		ok = k->load_err == h->load_err && c->expect_load_err == k->load_err;
		printf("%s %s: load: kernel %d, bpfhive %d\n", ok ? "PASS" : "FAIL", c->name,
		       k->load_err, h->load_err);
		goto out;
	}
	for (int i = 0; i < MAX_RUNS && c->runs[i].prog; i++)
		ok &= cmp_run(i, &c->runs[i], &k->runs[i], &h->runs[i]);
	if (strcmp(k->dump ? k->dump : "", h->dump ? h->dump : "")) {
		printf("  maps differ:\n");
		diff_dumps(k->dump, h->dump);
		ok = false;
	}
	printf("%s %s\n", ok ? "PASS" : "FAIL", c->name);
out:
	if (ok)
		n_pass++;
	else
		n_fail++;
free:
	free(k->dump);
	free(h->dump);
	free(k);
	free(h);
}

/* ---- the cases ---- */

#define SKB_mark 8
#define SKB_priority 32
#define SKB_ingress_ifindex 36
#define SKB_ifindex 40
#define SKB_cb 48
#define SKB_wire_len 160
#define SKB_gso_segs 164
#define SKB_gso_size 176
#define SKB_len 0

#define R(...)              \
	{                   \
		__VA_ARGS__ \
	}
#define NOCTX ((struct ctxbuf){ 0 })

static struct dcase *cases;
static size_t nr_cases, cap_cases;

static void add(struct dcase c)
{
	if (nr_cases == cap_cases) {
		cap_cases = cap_cases ? 2 * cap_cases : 64;
		cases = realloc(cases, cap_cases * sizeof(*cases));
	}
	cases[nr_cases++] = c;
}

/* pkt_tc's prog array is initialised with tc_tail_target: it must always be loaded */
static const char *tc_load(const char *prog)
{
	char *s;

	return asprintf(&s, "%s,tc_tail_target", prog) < 0 ? prog : s;
}

static void tc_cases(void)
{
	static const struct {
		const char *name;
		struct pkt pkt;
	} pk[] = {
		{ "tcp4", PKT(pkt_tcp4) }, { "udp4", PKT(pkt_udp4) }, { "udp6", PKT(pkt_udp6) },
		{ "arp", PKT(pkt_arp) },   { "llc", PKT(pkt_llc) },   { "eth", PKTN(pkt_llc, 14) },
	};
	static const char *const progs[] = { "tc_parse", "tc_rewrite", "tc_resize", "tc_csum",
					     "tc_meta" };
	char *name;

	for (size_t p = 0; p < sizeof(progs) / sizeof(progs[0]); p++)
		for (size_t i = 0; i < sizeof(pk) / sizeof(pk[0]); i++) {
			if (asprintf(&name, "%s/%s", progs[p], pk[i].name) < 0)
				return;
			add((struct dcase){ name,
					    "b:pkt_tc",
					    tc_load(progs[p]),
					    { { progs[p], pk[i].pkt, NOCTX } } });
		}
	add((struct dcase){
		"tc_parse/ctx+repeat",
		"b:pkt_tc",
		"tc_parse,tc_tail_target",
		{ { "tc_parse", PKT(pkt_tcp4),
		    mk(192, SKB_mark, 7, SKB_priority, 3, SKB_ingress_ifindex, 5, SKB_cb, 0xc0ffee,
		       SKB_cb + 16, 9, SKB_wire_len, 1500, SKB_gso_segs, 4, SKB_gso_size, 1400, -1),
		    3 },
		  { "tc_parse", PKT(pkt_udp6), mk(192, SKB_ifindex, 1, -1) } } });
	/* tstamp's rewrite uses BPF_REG_AX, read and written in both directions */
	add((struct dcase){ "tc_tstamp",
			    "b:tstamp",
			    "tc_tstamp",
			    { { "tc_tstamp", PKT(pkt_tcp4), mk(192, 152, 77, -1), 2 },
			      { "tc_tstamp", PKT(pkt_tcp4), NOCTX } } });
	add((struct dcase){ "tc_tail",
			    "b:pkt_tc",
			    "tc_tail,tc_tail_target",
			    { { "tc_tail", PKT(pkt_tcp4), mk(192, -1), 2 } } });
	add((struct dcase){ "tc_rewrite/csum_complete",
			    "b:pkt_tc",
			    "tc_rewrite,tc_tail_target",
			    { { "tc_rewrite", PKT(pkt_tcp4), NOCTX, .flags = 4 },
			      { "tc_rewrite", PKT(pkt_udp4), NOCTX, .flags = 4 } } });
	add((struct dcase){ "tc_resize/csum_complete",
			    "b:pkt_tc",
			    "tc_resize,tc_tail_target",
			    { { "tc_resize", PKT(pkt_tcp4), NOCTX, .flags = 4 } } });
	add((struct dcase){ "tc_csum/csum_complete",
			    "b:pkt_tc",
			    "tc_csum,tc_tail_target",
			    { { "tc_csum", PKT(pkt_udp4), NOCTX, .flags = 4 } } });
}

/* The argument checks of bpf_prog_test_run_skb/_xdp/_syscall: errno and outputs. */
static void arg_cases(void)
{
	struct dcase base = { "", "b:pkt_tc", "tc_parse,tc_tail_target" };
	struct run r = { "tc_parse", PKT(pkt_tcp4), NOCTX };
	struct {
		const char *name;
		struct run run;
	} v[] = {
		{ "args/13-bytes", { "tc_parse", PKTN(pkt_big, 13), NOCTX } },
		{ "args/3712-bytes", { "tc_parse", PKTN(pkt_big, 3712), NOCTX } },
		{ "args/3713-bytes", { "tc_parse", PKTN(pkt_big, 3713), NOCTX } },
		{ "args/null-data", { "tc_parse", PKT(pkt_tcp4), NOCTX, .null_data = true } },
		{ "args/ctx-len-set", { "tc_parse", PKT(pkt_tcp4), mk(192, SKB_len, 1, -1) } },
		{ "args/ctx-short", { "tc_parse", PKT(pkt_tcp4), mk(20, SKB_mark, 1, -1) } },
		{ "args/ctx-long-zero", { "tc_parse", PKT(pkt_tcp4), mk(300, SKB_mark, 1, -1) } },
		{ "args/ctx-long-dirty", { "tc_parse", PKT(pkt_tcp4), mk(300, 256, 1, -1) } },
		{ "args/ctx-tc_index", { "tc_parse", PKT(pkt_tcp4), mk(192, 44, 1, -1) } },
		{ "args/ctx-wire-short",
		  { "tc_parse", PKT(pkt_tcp4), mk(192, SKB_wire_len, 20, -1) } },
		{ "args/ctx-wire-huge",
		  { "tc_parse", PKT(pkt_tcp4), mk(192, SKB_wire_len, 70000, -1) } },
		{ "args/ctx-gso-segs",
		  { "tc_parse", PKT(pkt_tcp4), mk(192, SKB_gso_segs, 70000, -1) } },
		{ "args/ctx-ifindex-none",
		  { "tc_parse", PKT(pkt_tcp4), mk(192, SKB_ifindex, 99999, -1) } },
		{ "args/ctx-out-only", { "tc_parse", PKT(pkt_tcp4), NOCTX, .ctx_out_only = true } },
		{ "args/data-out-short",
		  { "tc_parse", PKT(pkt_tcp4), NOCTX, .data_size_out = 10 } },
		{ "args/ctx-out-short",
		  { "tc_parse", PKT(pkt_tcp4), mk(192, -1), .ctx_size_out = 100 } },
		{ "args/flags", { "tc_parse", PKT(pkt_tcp4), NOCTX, .flags = 8 } },
		{ "args/no-data-out", { "tc_parse", PKT(pkt_tcp4), NOCTX, .no_data_out = true } },
	};

	(void)r;
	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		struct dcase c = base;

		c.name = v[i].name;
		c.runs[0] = v[i].run;
		add(c);
	}
}

static void sk_cases(void)
{
	static const struct {
		const char *name;
		struct pkt pkt;
	} pk[] = {
		{ "tcp4", PKT(pkt_tcp4) }, { "udp4", PKT(pkt_udp4) },	 { "udp6", PKT(pkt_udp6) },
		{ "arp", PKT(pkt_arp) },   { "eth", PKTN(pkt_llc, 14) },
	};
	char *name;

	for (size_t i = 0; i < sizeof(pk) / sizeof(pk[0]); i++) {
		if (asprintf(&name, "sf_len/%s", pk[i].name) >= 0)
			add((struct dcase){
				name,
				"b:pkt_sk",
				"sf_len",
				{ { "sf_len", pk[i].pkt, mk(192, SKB_cb + 4, 5, -1) } } });
		if (asprintf(&name, "cg_skb/%s", pk[i].name) >= 0)
			add((struct dcase){
				name, "b:pkt_sk", "cg_skb", { { "cg_skb", pk[i].pkt, NOCTX } } });
	}
}

#define MD_data 0
#define MD_data_end 4
#define MD_data_meta 8
#define MD_ingress 12
#define MD_rxq 16
#define MD_egress 20

static void frags_cases(void);

static void xdp_cases(void)
{
	static const char *const progs[] = { "xdp_swap", "xdp_adjust", "xdp_bytes", "xdp_meta" };
	uint32_t n = sizeof(pkt_tcp4);
	char *name;

	for (size_t p = 0; p < sizeof(progs) / sizeof(progs[0]); p++) {
		if (asprintf(&name, "%s/tcp4", progs[p]) >= 0)
			add((struct dcase){ name,
					    "b:pkt_xdp",
					    progs[p],
					    { { progs[p], PKT(pkt_tcp4), NOCTX, 2 } } });
		if (asprintf(&name, "%s/udp6+ctx", progs[p]) >= 0)
			add((struct dcase){
				name,
				"b:pkt_xdp",
				progs[p],
				{ { progs[p], PKT(pkt_udp6),
				    mk(24, MD_data_end, (uint32_t)sizeof(pkt_udp6), -1) } } });
	}
	add((struct dcase){ "xdp_meta/meta8",
			    "b:pkt_xdp",
			    "xdp_meta",
			    { { "xdp_meta", PKT(pkt_tcp4), mk(24, MD_data, 8, MD_data_end, n, -1) },
			      { "xdp_meta", PKT(pkt_tcp4),
				mk(24, MD_data, 4, MD_data_end, n, MD_ingress, 1, -1) } } });
	add((struct dcase){
		"xdp_adjust/meta4",
		"b:pkt_xdp",
		"xdp_adjust",
		{ { "xdp_adjust", PKT(pkt_tcp4), mk(24, MD_data, 4, MD_data_end, n, -1) } } });
	add((struct dcase){ "xdp_swap/3520",
			    "b:pkt_xdp",
			    "xdp_swap",
			    { { "xdp_swap", PKTN(pkt_big, 3520), NOCTX } } });
	struct {
		const char *name;
		struct ctxbuf ctx;
		uint32_t len;
	} bad[] = {
		{ "xdp-args/meta-set", mk(24, MD_data_meta, 4, MD_data_end, n, -1), n },
		{ "xdp-args/end-past", mk(24, MD_data_end, n + 1, -1), n },
		{ "xdp-args/meta-odd", mk(24, MD_data, 6, MD_data_end, n, -1), n },
		{ "xdp-args/meta-past-end", mk(24, MD_data, n + 4, MD_data_end, n, -1), n },
		{ "xdp-args/egress", mk(24, MD_data_end, n, MD_egress, 1, -1), n },
		{ "xdp-args/rxq-no-dev", mk(24, MD_data_end, n, MD_rxq, 1, -1), n },
		{ "xdp-args/rxq-too-big", mk(24, MD_data_end, n, MD_ingress, 1, MD_rxq, 5, -1), n },
		{ "xdp-args/no-dev", mk(24, MD_data_end, n, MD_ingress, 99999, -1), n },
		{ "xdp-args/ctx-long", mk(40, MD_data_end, n, 32, 1, -1), n },
		{ "xdp-args/13-bytes", mk(24, MD_data_end, 13, -1), 13 },
	};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		add((struct dcase){ bad[i].name,
				    "b:pkt_xdp",
				    "xdp_meta",
				    { { "xdp_meta", PKTN(pkt_tcp4, bad[i].len), bad[i].ctx } } });
	/* 6.18: ctx_in data_end below data_size_in sets the linear size of a multi-buffer frame */
	const uint32_t lin[] = { n - 1, 13, 0 };

	for (size_t i = 0; i < sizeof(lin) / sizeof(lin[0]); i++) {
		if (asprintf(&name, "xdp-frags/linear-%u", lin[i]) < 0)
			return;
		add((struct dcase){
			name,
			"b:pkt_xdp",
			"xdp_meta",
			{ { "xdp_meta", PKT(pkt_tcp4), mk(24, MD_data_end, lin[i], -1) } } });
	}
	/* larger than the linear part: the programs of pkt_xdp (not "xdp.frags") run too */
	add((struct dcase){ "xdp-frags/3600",
			    "b:pkt_xdp",
			    "xdp_swap",
			    { { "xdp_swap", PKTN(pkt_big, 3600), NOCTX } } });
	for (size_t p = 1; p < 3; p++) {
		if (asprintf(&name, "xdp-frags/%s-7700", progs[p]) >= 0)
			add((struct dcase){ name,
					    "b:pkt_xdp",
					    progs[p],
					    { { progs[p], PKTN(pkt_big, 7700), NOCTX } } });
	}
	frags_cases();
}

/* Multi-buffer frames: the "xdp.frags" programs of pkt_xdp_frags on sizes across pages. */
static void frags_cases(void)
{
	static const char *const progs[] = { "xdp_frags_rw", "xdp_frags_shrink", "xdp_frags_grow" };
	/* 3520: the largest linear part; 3520 + 17 pages: the largest frame */
	static const uint32_t sizes[] = { 3521, 3600, 7616, 7617, 12000, 73152 };
	uint32_t n = sizeof(pkt_tcp4);
	char *name;

	for (size_t p = 0; p < sizeof(progs) / sizeof(progs[0]); p++)
		for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
			if (asprintf(&name, "xdp-frags/%s/%u", progs[p], sizes[i]) < 0)
				return;
			add((struct dcase){ name,
					    "b:pkt_xdp_frags",
					    progs[p],
					    { { progs[p], PKTN(pkt_big, sizes[i]), NOCTX } } });
		}
	struct {
		const char *name;
		struct run run;
	} v[] = {
		/* ctx_in: the linear part's size, with and without metadata */
		{ "linear-0", { "xdp_frags_rw", PKTN(pkt_big, 5000), mk(24, MD_data_end, 0, -1) } },
		{ "linear-14",
		  { "xdp_frags_rw", PKTN(pkt_big, 5000), mk(24, MD_data_end, 14, -1) } },
		{ "linear-14-shrink",
		  { "xdp_frags_shrink", PKTN(pkt_big, 300), mk(24, MD_data_end, 14, -1) } },
		{ "meta8-linear-100",
		  { "xdp_frags_rw", PKTN(pkt_big, 9000),
		    mk(24, MD_data, 8, MD_data_end, 100, -1) } },
		{ "meta8-3536",
		  { "xdp_frags_grow", PKTN(pkt_big, 3536),
		    mk(24, MD_data, 8, MD_data_end, 3536, -1) } },
		{ "lo-rxq0-grow",
		  { "xdp_frags_grow", PKTN(pkt_big, 5000),
		    mk(24, MD_data_end, 5000, MD_ingress, 1, -1) } },
		{ "linear-0-meta",
		  { "xdp_frags_rw", PKTN(pkt_big, 5000), mk(24, MD_data, 4, MD_data_end, 0, -1) } },
		/* ctx_out alone: a zeroed xdp_md in, so a linear part of 0 bytes */
		{ "ctx-out-only",
		  { "xdp_frags_rw", PKTN(pkt_big, 5000), NOCTX, .ctx_out_only = true } },
		{ "ctx-out-only-54",
		  { "xdp_frags_rw", PKT(pkt_tcp4), NOCTX, .ctx_out_only = true } },
		/* errors: more than 17 fragments, fewer than 14 bytes past the metadata */
		{ "73153", { "xdp_frags_rw", PKTN(pkt_big, 73153), NOCTX } },
		{ "meta8-20",
		  { "xdp_frags_rw", PKTN(pkt_big, 20), mk(24, MD_data, 8, MD_data_end, 8, -1) } },
		{ "linear-0-14",
		  { "xdp_frags_rw", PKTN(pkt_big, 14), mk(24, MD_data_end, 0, -1) } },
		{ "null-data", { "xdp_frags_rw", PKTN(pkt_big, 5000), NOCTX, .null_data = true } },
		{ "null-data-linear-0",
		  { "xdp_frags_rw", PKTN(pkt_big, 5000), mk(24, MD_data_end, 0, -1),
		    .null_data = true } },
		/* data_size_out: cutting the linear part, below the fragments' bytes, none */
		{ "out-4000",
		  { "xdp_frags_rw", PKTN(pkt_big, 7700), NOCTX, .data_size_out = 4000 } },
		{ "out-7000",
		  { "xdp_frags_rw", PKTN(pkt_big, 7700), NOCTX, .data_size_out = 7000 } },
		{ "out-3000",
		  { "xdp_frags_rw", PKTN(pkt_big, 7700), NOCTX, .data_size_out = 3000 } },
		{ "out-none", { "xdp_frags_rw", PKTN(pkt_big, 7700), NOCTX, .no_data_out = true } },
		{ "out-3000-ctx",
		  { "xdp_frags_rw", PKTN(pkt_big, 7700), mk(24, MD_data_end, 200, -1),
		    .data_size_out = 3000 } },
		/* repeated runs work on the same frame: the shrinks add up */
		{ "shrink-repeat", { "xdp_frags_shrink", PKTN(pkt_big, 20000), NOCTX, 3 } },
		{ "grow-repeat", { "xdp_frags_grow", PKTN(pkt_big, 20000), NOCTX, 2 } },
	};

	for (size_t i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		if (asprintf(&name, "xdp-frags/%s", v[i].name) < 0)
			return;
		add((struct dcase){ name, "b:pkt_xdp_frags", v[i].run.prog, { v[i].run } });
	}
	/* another device's rx queue has no frag_size: the last fragment cannot grow there */
	struct if_nameindex *ifs = if_nameindex();
	uint32_t other = 0;

	for (struct if_nameindex *i = ifs; i && i->if_index && !other; i++)
		if (i->if_index != 1)
			other = i->if_index;
	if (ifs)
		if_freenameindex(ifs);
	if (other)
		add((struct dcase){ "xdp-frags/other-dev-grow",
				    "b:pkt_xdp_frags",
				    "xdp_frags_grow",
				    { { "xdp_frags_grow", PKTN(pkt_big, 5000),
					mk(24, MD_data_end, 5000, MD_ingress, other, -1) } } });
	else
		printf("SKIP xdp-frags/other-dev-grow: no network device besides lo\n");
	/* one object, several runs: a linear packet, then frames cut by ctx_in and by size */
	add((struct dcase){
		"xdp-frags/mixed",
		"b:pkt_xdp_frags",
		"xdp_frags_rw,xdp_frags_shrink,xdp_frags_grow",
		{ { "xdp_frags_grow", PKT(pkt_tcp4), NOCTX },
		  { "xdp_frags_shrink", PKTN(pkt_big, 4000), mk(24, MD_data_end, n, -1) },
		  { "xdp_frags_rw", PKTN(pkt_big, 8000), NOCTX },
		  { "xdp_frags_grow", PKTN(pkt_big, 8000), NOCTX, 2 } } });
}

static void sys_cases(void)
{
	static uint64_t args[8] = { 3, 10 };
	struct ctxbuf a = { (const uint8_t *)args, sizeof(args) };

	add((struct dcase){
		"sys_maps/fill", "b:sys_maps", "sys_fill,sys_drain", { { "sys_fill", { 0 }, a } } });
	add((struct dcase){ "sys_maps/fill+drain",
			    "b:sys_maps",
			    "sys_fill,sys_drain",
			    { { "sys_fill", { 0 }, a },
			      { "sys_drain", { 0 }, a },
			      { "sys_fill", { 0 }, a },
			      { "sys_drain", { 0 }, a } } });
	add((struct dcase){ "sys_maps/bloom",
			    "b:sys_maps",
			    "tc_bloom",
			    { { "tc_bloom", PKT(pkt_tcp4), NOCTX, 2 } } });
	add((struct dcase){ "sys-args/data",
			    "b:sys_maps",
			    "sys_fill",
			    { { "sys_fill", PKT(pkt_tcp4), a, .no_data_out = true } } });
	add((struct dcase){
		"sys-args/repeat", "b:sys_maps", "sys_fill", { { "sys_fill", { 0 }, a, 2 } } });
	add((struct dcase){ "sys-args/ctx-out",
			    "b:sys_maps",
			    "sys_fill",
			    { { "sys_fill", { 0 }, a, .ctx_out_only = true } } });
	/* The kernel's lookup of a value with a bpf_list_head runs INIT_LIST_HEAD() on its
	 * temporary copy: user space reads the copy's kernel address twice there, not zeros. */
	add((struct dcase){ "graph/add+pop",
			    "t:graph",
			    "hive_graph_add,hive_graph_pop",
			    { { "hive_graph_add", { 0 }, NOCTX },
			      { "hive_graph_add", { 0 }, NOCTX },
			      { "hive_graph_pop", { 0 }, NOCTX } },
			    .mask = ".data.list:8:16" });
	add((struct dcase){ "maps/hive_count",
			    "t:maps",
			    "hive_count,hive_tail",
			    { { "hive_count", PKT(pkt_tcp4), NOCTX, 3 },
			      { "hive_count", PKT(pkt_udp6), NOCTX } } });
}

int main(int argc, char **argv)
{
	const char *filter = NULL;
	bool want_runtime_btf = false;
	cpu_set_t set;

	if (argc < 3) {
		fprintf(stderr,
			"usage: %s BACKEND_PROGS_DIR TEST_PROGS_DIR [--runtime-btf] [FILTER]\n",
			argv[0]);
		return 2;
	}
	for (int i = 3; i < argc; i++) {
		/* bpfhive describes kfuncs with its own BTF, as where no vmlinux BTF exists */
		if (!strcmp(argv[i], "--runtime-btf")) {
			HIVE_OPTS(hive_runtime_opts, ro, .runtime_btf = true);

			want_runtime_btf = true;
			if (hive_runtime_configure(&ro)) {
				printf("FAIL: hive_runtime_configure: %s\n", strerror(errno));
				return 1;
			}
		} else {
			filter = argv[i];
		}
	}
	backend_dir = argv[1];
	tests_dir = argv[2];
	for (size_t i = 0; i < sizeof(pkt_big); i++)
		pkt_big[i] = (uint8_t)(i * 7 + 3);
	memcpy(pkt_big, pkt_tcp4, sizeof(pkt_tcp4));
	CPU_ZERO(&set);
	CPU_SET(0, &set);
	sched_setaffinity(0, sizeof(set), &set);
	if (bpf_prog_load(BPF_PROG_TYPE_SOCKET_FILTER, NULL, "GPL",
			  (const struct bpf_insn[]){ { 0xb7, 0, 0, 0, 0 }, { 0x95, 0, 0, 0, 0 } },
			  2, NULL) < 0) {
		printf("SKIP: the kernel does not load BPF programs here: %s\n", strerror(errno));
		return 77;
	}
	if (!getenv("DIFF_VERBOSE")) {
		libbpf_set_print(NULL);
		hive_set_print(NULL);
	}
	tc_cases();
	arg_cases();
	sk_cases();
	xdp_cases();
	sys_cases();
	for (size_t i = 0; i < nr_cases; i++)
		if (!filter || strstr(cases[i].name, filter))
			run_case(&cases[i]);
	printf("kfunc BTF: %s\n", hive_runtime_btf_kind());
	if (want_runtime_btf && strcmp(hive_runtime_btf_kind(), "runtime")) {
		printf("FAIL: --runtime-btf did not take effect\n");
		return 1;
	}
	printf("%d passed, %d failed, %d known differences\n", n_pass, n_fail, n_known);
	return n_fail ? 1 : 0;
}
