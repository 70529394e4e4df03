// SPDX-License-Identifier: BSD-2-Clause
/*
 * tools/bpfhive/run.c: `bpfhive run`, load an object in the user backend and run one program
 * the way BPF_PROG_TEST_RUN runs it in the kernel.
 *
 *   bpfhive run OBJ.o [--prog NAME] [--data-in F | --data-hex HEX] [--ctx-in F | --ctx-hex HEX]
 *                     [--repeat N] [--cpu N] [--dump-maps] [--json] [--log-level N]
 *                     [--data-out F] [--ctx-out F] [--runtime-btf] [--no-jit]
 *
 * Prints the return value (as the kernel reports it: r0 as u32), the average duration, the
 * packet and context after the run, what bpf_printk() printed and, with --dump-maps, every
 * map's contents (per-CPU values as one slot per CPU, special fields as zeros, queue/stack and
 * ring buffer maps drained). --json prints one object, maps included:
 *   {"retval": N, "duration_ns": N, "data_out": "<hex>", "ctx_out": "<hex>",
 *    "maps": {"<name>": [{"key": "<hex>", "value": "<hex>"}, ...]}, "trace": "..."}
 * Programs run as machine code from bpfhive's JIT (x86-64) unless --no-jit (the open option
 * no_jit) or BPFHIVE_JIT=0 in the environment keeps them in the interpreter. Only the chosen program (and prog array
 * targets) is loaded. A rejected program prints the
 * verifier log and one error line; bad input is one error line; the exit status is non-zero.
 */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfhive/bpfhive.h"
#include "json_writer.h"
#include "main.h"
#include "object/backend.h"

#define DATA_OUT_MAX (1 << 17) /* above an XDP frame's 3520 + 252 + 17 * 4096 bytes */
#define CTX_OUT_MAX 4096

struct run_args {
	const char *path, *prog;
	const char *data_in, *data_hex, *ctx_in, *ctx_hex;
	const char *data_out, *ctx_out;
	uint32_t repeat, cpu, log_level;
	bool has_cpu, dump_maps, runtime_btf, has_log_level, no_jit;
};

struct buf {
	uint8_t *p;
	size_t len;
};

static char *warnings;
static size_t warnings_len;

/* Keep the library's warnings; they are printed after the result (or dropped on failure). */
__attribute__((format(printf, 2, 0))) static int run_print(enum hive_print_level level,
							   const char *fmt, va_list ap)
{
	const char *lvl = getenv("HIVE_LOG_LEVEL");
	char line[2048];
	int n;

	if (lvl && !strcmp(lvl, "debug"))
		return vfprintf(stderr, fmt, ap);
	if (level != HIVE_WARN)
		return 0;
	n = vsnprintf(line, sizeof(line), fmt, ap);
	if (n <= 0 || strstr(line, "-- BEGIN PROG LOAD LOG --"))
		return 0;
	if ((size_t)n >= sizeof(line))
		n = sizeof(line) - 1;
	char *w = realloc(warnings, warnings_len + (size_t)n + 1);

	if (!w)
		return 0;
	warnings = w;
	memcpy(warnings + warnings_len, line, (size_t)n + 1);
	warnings_len += (size_t)n;
	return 0;
}

/* Print the kept warnings but the one the error line repeats (the object's last error). */
static void flush_warnings(bool print)
{
	const char *last = object_last_error();
	char *save = NULL, *line;

	for (line = print && warnings_len ? strtok_r(warnings, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save))
		if (!last[0] || !strstr(line, last))
			fprintf(stderr, "%s\n", line);
	free(warnings);
	warnings = NULL;
	warnings_len = 0;
}

static int do_help(void)
{
	fprintf(stderr,
		"Usage: %1$s run OBJ [--prog NAME] [--data-in FILE | --data-hex HEX]\n"
		"                    [--ctx-in FILE | --ctx-hex HEX] [--repeat N] [--cpu N]\n"
		"                    [--dump-maps] [--json] [--log-level N]\n"
		"                    [--data-out FILE] [--ctx-out FILE] [--runtime-btf] [--no-jit]\n"
		"\n"
		"       Loads OBJ in the user backend (verified with the kernel's rules) and runs\n"
		"       one program as BPF_PROG_TEST_RUN does: tc/xdp/socket filter on the packet\n"
		"       of --data-in, syscall and tracing programs on the context of --ctx-in.\n"
		"       --runtime-btf   describe kfuncs with bpfhive's own BTF, not the kernel's\n"
		"       --no-jit        run in the interpreter, not as JIT machine code (also\n"
		"                       BPFHIVE_JIT=0 in the environment)\n",
		bin_name);
	return 0;
}

static int parse_u32(const char *opt, const char *s, uint32_t *v)
{
	char *end;
	unsigned long long x;

	errno = 0;
	x = strtoull(s, &end, 0);
	if (errno || *end || !*s || x > UINT32_MAX)
		return p_err("run: %s: '%s' is not a number from 0 to %u", opt, s, UINT32_MAX);
	*v = (uint32_t)x;
	return 0;
}

static int parse_args(int argc, char **argv, struct run_args *a)
{
	memset(a, 0, sizeof(*a));
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		int err = 0;

		if (!strcmp(s, "--json") || !strcmp(s, "-j"))
			json_output = true;
		else if (!strcmp(s, "--dump-maps"))
			a->dump_maps = true;
		else if (!strcmp(s, "--runtime-btf"))
			a->runtime_btf = true;
		else if (!strcmp(s, "--no-jit"))
			a->no_jit = true;
		else if (!strcmp(s, "--help") || !strcmp(s, "-h"))
			return do_help(), 1;
		else if (!v && s[0] == '-')
			return p_err("run: option '%s' unknown or missing its value (see '%s run "
				     "help')",
				     s, bin_name);
		else if (!strcmp(s, "--prog"))
			a->prog = argv[++i];
		else if (!strcmp(s, "--data-in"))
			a->data_in = argv[++i];
		else if (!strcmp(s, "--data-hex"))
			a->data_hex = argv[++i];
		else if (!strcmp(s, "--ctx-in"))
			a->ctx_in = argv[++i];
		else if (!strcmp(s, "--ctx-hex"))
			a->ctx_hex = argv[++i];
		else if (!strcmp(s, "--data-out"))
			a->data_out = argv[++i];
		else if (!strcmp(s, "--ctx-out"))
			a->ctx_out = argv[++i];
		else if (!strcmp(s, "--repeat"))
			err = parse_u32(s, argv[++i], &a->repeat);
		else if (!strcmp(s, "--cpu"))
			err = parse_u32(s, argv[++i], &a->cpu), a->has_cpu = true;
		else if (!strcmp(s, "--log-level"))
			err = parse_u32(s, argv[++i], &a->log_level), a->has_log_level = true;
		else if (s[0] == '-' || a->path)
			return p_err(
				"run: unknown option or extra argument '%s' (see '%s run help')", s,
				bin_name);
		else
			a->path = s;
		if (err)
			return err;
	}
	if (!a->path)
		return p_err("run: expecting an object file (see '%s run help')", bin_name);
	if ((a->data_in && a->data_hex) || (a->ctx_in && a->ctx_hex))
		return p_err("run: give the input either as a file or as hex, not both");
	if (a->repeat > INT_MAX)
		return p_err("run: --repeat: at most %d", INT_MAX);
	return 0;
}

/* ---- input ---- */

static int read_file(const char *path, struct buf *b)
{
	FILE *f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	size_t cap = 4096;

	if (!f)
		return p_err("run: %s: %s", path, strerror(errno));
	b->p = malloc(cap);
	b->len = 0;
	while (b->p) {
		size_t n = fread(b->p + b->len, 1, cap - b->len, f);

		b->len += n;
		if (b->len < cap)
			break;
		if (cap >= (16U << 20)) {
			if (f != stdin)
				fclose(f);
			return p_err("run: %s: larger than 16 MiB", path);
		}
		cap *= 2;
		uint8_t *n2 = realloc(b->p, cap);

		if (!n2)
			free(b->p);
		b->p = n2;
	}
	if (f != stdin)
		fclose(f);
	return b->p ? 0 : p_err("run: %s: out of memory", path);
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

static int parse_hex(const char *opt, const char *s, struct buf *b)
{
	size_t n = strlen(s);

	b->p = malloc(n / 2 + 1);
	b->len = 0;
	if (!b->p)
		return p_err("run: out of memory");
	for (size_t i = 0; s[i];) {
		int hi, lo;

		if (s[i] == ' ' || s[i] == ':' || s[i] == '\n' || s[i] == '\t') {
			i++;
			continue;
		}
		hi = hexval(s[i]);
		lo = s[i + 1] ? hexval(s[i + 1]) : -1;
		if (hi < 0 || lo < 0)
			return p_err("run: %s: bad hex at character %zu ('%c')", opt,
				     i + 1 + (hi >= 0),
				     hi < 0   ? s[i] :
				     s[i + 1] ? s[i + 1] :
						' ');
		b->p[b->len++] = (uint8_t)(hi << 4 | lo);
		i += 2;
	}
	return 0;
}

static int load_input(const char *file, const char *hex, const char *opt, struct buf *b)
{
	memset(b, 0, sizeof(*b));
	if (file)
		return read_file(file, b);
	if (hex)
		return parse_hex(opt, hex, b);
	return 0;
}

/* ---- output ---- */

static char *to_hex(const uint8_t *p, size_t n)
{
	char *s = malloc(2 * n + 1);

	if (!s)
		return NULL;
	for (size_t i = 0; i < n; i++)
		sprintf(s + 2 * i, "%02x", p[i]);
	s[2 * n] = 0;
	return s;
}

static void print_bytes(const char *indent, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i += 16) {
		printf("%s%04zx:", indent, i);
		for (size_t j = i; j < n && j < i + 16; j++)
			printf(" %02x", p[j]);
		putchar('\n');
	}
}

static void emit_bytes(struct json_writer *jw, const char *name, const uint8_t *p, size_t n)
{
	char *hex;

	if (!jw) {
		printf("%s: %zu byte%s\n", name, n, n == 1 ? "" : "s");
		print_bytes("  ", p, n);
		return;
	}
	hex = to_hex(p, n);
	jsonw_string_field(jw, name, hex ? hex : "");
	free(hex);
}

static int write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(p, 1, n, f) != n) {
		if (f)
			fclose(f);
		return p_err("run: %s: %s", path, strerror(errno));
	}
	return fclose(f) ? p_err("run: %s: %s", path, strerror(errno)) : 0;
}

/* One element of a map dump; @key NULL for queue, stack and ring buffer maps. */
static void emit_elem(struct json_writer *jw, const void *key, size_t ksz, const void *val,
		      size_t vsz)
{
	char *k = to_hex(key, key ? ksz : 0), *v = to_hex(val, vsz);

	if (jw) {
		jsonw_start_object(jw);
		jsonw_string_field(jw, "key", k ? k : "");
		jsonw_string_field(jw, "value", v ? v : "");
		jsonw_end_object(jw);
	} else {
		printf("    %s%s%svalue %s\n", key ? "key " : "", key ? k : "", key ? "  " : "",
		       v ? v : "");
	}
	free(k);
	free(v);
}

struct rb_dump {
	struct json_writer *jw;
};

static int rb_sample(void *ctx, void *data, size_t size)
{
	emit_elem(((struct rb_dump *)ctx)->jw, NULL, 0, data, size);
	return 0;
}

static void dump_keyed(struct json_writer *jw, const struct hive_map *map, size_t ksz, size_t vsz)
{
	uint8_t *key = calloc(1, ksz ? ksz : 1), *next = calloc(1, ksz ? ksz : 1);
	uint8_t *val = calloc(1, vsz ? vsz : 1);
	bool first = true;

	while (key && next && val && !hive_map__get_next_key(map, first ? NULL : key, next, ksz)) {
		first = false;
		memcpy(key, next, ksz);
		if (!hive_map__lookup_elem(map, key, ksz, val, vsz, 0))
			emit_elem(jw, key, ksz, val, vsz);
	}
	free(key);
	free(next);
	free(val);
}

static void dump_map(struct json_writer *jw, const struct hive_map *map)
{
	enum hive_map_type t = hive_map__type(map);
	size_t ksz = hive_map__key_size(map), vsz = hive_map__value_buf_size(map);

	if (jw) {
		jsonw_name(jw, hive_map__name(map));
		jsonw_start_array(jw);
	} else {
		printf("  %s (%s):\n", hive_map__name(map), hive_map_type_str(t) ?: "?");
	}
	if (t == HIVE_MAP_TYPE_RINGBUF) {
		struct rb_dump d = { jw };
		struct hive_ring_buffer *rb = hive_ring_buffer__new(map, rb_sample, &d, NULL);

		hive_ring_buffer__consume(rb);
		hive_ring_buffer__free(rb);
	} else if (t == HIVE_MAP_TYPE_QUEUE || t == HIVE_MAP_TYPE_STACK) {
		uint8_t *val = calloc(1, vsz ? vsz : 1);

		while (val && !hive_map__lookup_and_delete_elem(map, NULL, 0, val, vsz, 0))
			emit_elem(jw, NULL, 0, val, vsz);
		free(val);
	} else if (t != HIVE_MAP_TYPE_BLOOM_FILTER) {
		dump_keyed(jw, map, ksz, vsz);
	}
	if (jw)
		jsonw_end_array(jw);
}

/* ---- the run ---- */

static struct hive_program *pick_prog(struct hive_object *obj, const char *name)
{
	struct hive_program *p, *found = NULL;
	size_t n = 0;

	if (name) {
		found = hive_object__find_program_by_name(obj, name);
		if (!found)
			p_err("run: no program named '%s' in %s", name, hive_object__name(obj));
		return found;
	}
	hive_object__for_each_program(p, obj)
		found = n++ ? found : p;
	if (n == 1)
		return found;
	if (!n) {
		p_err("run: the object has no program");
		return NULL;
	}
	fprintf(stderr,
		"%s: error: run: the object has %zu programs, pick one with --prog:", bin_name, n);
	hive_object__for_each_program(p, obj)
		fprintf(stderr, " %s", hive_program__name(p));
	fputc('\n', stderr);
	return NULL;
}

/* Load only @prog and the programs prog arrays are initialised with. */
static void select_autoload(struct hive_object *obj, struct hive_program *prog)
{
	struct hive_program *p;
	struct hive_map *m;

	hive_object__for_each_program(p, obj)
		hive_program__set_autoload(p, p == prog);
	hive_object__for_each_map(m, obj) {
		uint32_t n = hive_map__init_slot(m, 0, NULL, NULL);

		for (uint32_t s = 0; s < n; s++) {
			const struct hive_program *t = NULL;

			hive_map__init_slot(m, s, NULL, &t);
			if (t)
				hive_program__set_autoload((struct hive_program *)t, true);
		}
	}
}

static int load(struct hive_object *obj, struct hive_program *prog, const struct run_args *a)
{
	const char *log;

	select_autoload(obj, prog);
	if (a->has_log_level)
		hive_program__set_log_level(prog, a->log_level);
	if (!hive_object__load(obj)) {
		log = hive_program__log_buf(prog, NULL);
		if (a->has_log_level && log)
			fputs(log, stderr);
		return 0;
	}
	hive_object__for_each_program(prog, obj) {
		log = hive_program__log_buf(prog, NULL);
		if (log && log[0])
			fprintf(stderr, "%s%s", log, log[strlen(log) - 1] == '\n' ? "" : "\n");
	}
	/* the library's explanation (a kfunc or helper the runtime lacks, a map it refused) */
	flush_warnings(true);
	return p_err("%s", object_last_error()[0] ? object_last_error() : strerror(errno));
}

struct outputs {
	uint8_t *data, *ctx;
	uint32_t ctx_cap;
	const uint8_t *ctx_shown; /* what to print as ctx_out */
	uint32_t ctx_len;
	uint32_t xdp_md[6]; /* struct xdp_md in when an XDP program runs without --ctx-in */
};

static int test_run(struct hive_program *prog, const struct run_args *a, struct buf *data,
		    struct buf *ctx, struct hive_test_run_opts *o, struct outputs *out)
{
	enum hive_prog_type t = hive_program__type(prog);
	int err;

	out->data = malloc(DATA_OUT_MAX);
	out->ctx_cap = ctx->len > CTX_OUT_MAX ? (uint32_t)ctx->len : CTX_OUT_MAX;
	out->ctx = calloc(1, out->ctx_cap);
	if (!out->data || !out->ctx)
		return p_err("run: out of memory");
	o->data_in = data->p;
	o->data_size_in = (uint32_t)data->len;
	o->ctx_in = ctx->p;
	o->ctx_size_in = (uint32_t)ctx->len;
	if (t == HIVE_PROG_TYPE_XDP && !ctx->p) {
		/* ctx_out alone would be a zeroed xdp_md in: data_end 0, a linear part of 0 bytes
		 * with the packet in fragments (Linux 6.18); without --ctx-in the packet is linear
		 * as far as it fits, as without any context */
		out->xdp_md[1] = (uint32_t)data->len;
		o->ctx_in = out->xdp_md;
		o->ctx_size_in = sizeof(out->xdp_md);
	}
	if (t != HIVE_PROG_TYPE_SYSCALL && t != HIVE_PROG_TYPE_RAW_TRACEPOINT) {
		if (data->p) {
			o->data_out = out->data;
			o->data_size_out = DATA_OUT_MAX;
		}
		o->ctx_out = out->ctx;
		o->ctx_size_out = out->ctx_cap;
	}
	o->repeat = (int)a->repeat;
	if (a->has_cpu) {
		o->flags |= HIVE_TEST_RUN_ON_CPU;
		o->cpu = a->cpu;
	}
	err = hive_program__test_run(prog, o);
	if (err) {
		flush_warnings(true); /* the library's reason, if it gave one, then the error */
		return p_err("run: prog '%s': test run failed: %s", hive_program__name(prog),
			     strerror(-err == 524 ? EOPNOTSUPP : -err));
	}
	if (t == HIVE_PROG_TYPE_SYSCALL) {
		out->ctx_shown = ctx->p;
		out->ctx_len = (uint32_t)ctx->len;
	} else if (o->ctx_out) {
		out->ctx_shown = out->ctx;
		out->ctx_len = o->ctx_size_out;
	}
	return 0;
}

static int report(struct hive_object *obj, struct hive_program *prog, const struct run_args *a,
		  const struct hive_test_run_opts *o, const struct outputs *out)
{
	struct json_writer *jw = json_output ? jsonw_new(stdout) : NULL;
	const char *trace = hive_program__trace_log(prog);
	uint32_t runs = a->repeat ? a->repeat : 1;
	struct hive_map *m;

	if (jw) {
		jsonw_pretty(jw, pretty_output);
		jsonw_start_object(jw);
		jsonw_uint_field(jw, "retval", o->retval);
		jsonw_uint_field(jw, "duration_ns", o->duration);
	} else {
		printf("prog '%s' (%s): retval %u (0x%x)\n", hive_program__name(prog),
		       hive_prog_type_str(hive_program__type(prog)) ?: "?", o->retval, o->retval);
		/* the kernel times every test run but the syscall program's (it reports 0) */
		if (hive_program__type(prog) == HIVE_PROG_TYPE_SYSCALL)
			printf("duration: not measured (the kernel reports none for syscall "
			       "programs)\n");
		else
			printf("duration: %u ns (average of %u run%s)\n", o->duration, runs,
			       runs == 1 ? "" : "s");
	}
	if (o->data_out)
		emit_bytes(jw, "data_out", out->data, o->data_size_out);
	else if (jw)
		jsonw_string_field(jw, "data_out", "");
	if (out->ctx_shown)
		emit_bytes(jw, "ctx_out", out->ctx_shown, out->ctx_len);
	if (trace[0] && jw)
		jsonw_string_field(jw, "trace", trace);
	else if (trace[0])
		printf("bpf_printk:\n%s", trace);
	/* --json always has the maps: one object answers everything */
	if (a->dump_maps || jw) {
		if (jw) {
			jsonw_name(jw, "maps");
			jsonw_start_object(jw);
		} else {
			printf("maps:\n");
		}
		hive_object__for_each_map(m, obj)
			if (hive_map__autocreate(m))
				dump_map(jw, m);
		if (jw)
			jsonw_end_object(jw);
	}
	if (jw) {
		jsonw_end_object(jw);
		jsonw_destroy(&jw);
	}
	return 0;
}

static int save_outputs(const struct run_args *a, const struct hive_test_run_opts *o,
			const struct outputs *out)
{
	int err = 0;

	if (a->data_out)
		err = write_file(a->data_out, out->data, o->data_out ? o->data_size_out : 0);
	if (!err && a->ctx_out)
		err = write_file(a->ctx_out, out->ctx_shown ? out->ctx_shown : out->ctx,
				 out->ctx_shown ? out->ctx_len : 0);
	return err;
}

int do_run(int argc, char **argv)
{
	HIVE_OPTS(hive_test_run_opts, o);
	struct outputs out = { 0 };
	struct buf data, ctx = { 0 };
	struct hive_object *obj = NULL;
	struct hive_program *prog;
	struct run_args a;
	int err;

	if (argc >= 1 && !strcmp(argv[0], "help"))
		return do_help();
	err = parse_args(argc, argv, &a);
	if (err)
		return err < 0 ? err : 0;
	err = load_input(a.data_in, a.data_hex, "--data-hex", &data);
	err = err ?: load_input(a.ctx_in, a.ctx_hex, "--ctx-hex", &ctx);
	if (!err && a.runtime_btf &&
	    hive_runtime_configure(&(struct hive_runtime_opts){
		    .sz = sizeof(struct hive_runtime_opts), .runtime_btf = true }))
		err = p_err("run: --runtime-btf: %s", strerror(errno));
	if (!err) {
		hive_set_print(run_print);
		obj = hive_object__open_file(
			a.path,
			&(struct hive_object_open_opts){ .sz = sizeof(struct hive_object_open_opts),
							 .no_jit = a.no_jit });
		if (!obj)
			err = p_err("%s",
				    object_last_error()[0] ? object_last_error() : strerror(errno));
	}
	prog = err ? NULL : pick_prog(obj, a.prog);
	if (!err && !prog)
		err = -1;
	err = err ?: load(obj, prog, &a);
	err = err ?: test_run(prog, &a, &data, &ctx, &o, &out);
	err = err ?: save_outputs(&a, &o, &out);
	err = err ?: report(obj, prog, &a, &o, &out);
	flush_warnings(!err);
	hive_object__close(obj);
	free(out.data);
	free(out.ctx);
	free(data.p);
	free(ctx.p);
	return err;
}
