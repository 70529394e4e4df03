// SPDX-License-Identifier: BSD-2-Clause
/*
 * tools/bpfhive/obj.c: `bpfhive obj show|dump`, what the loader makes of an object.
 *
 *   obj show OBJ [--btf FILE] [--kconfig FILE] [--json]
 *       programs (name, section, type, instruction count after linking), maps, data
 *       sections, externs, relocation and CO-RE record counts, line info
 *   obj dump OBJ [--prog NAME] [--btf FILE] [--kconfig FILE]
 *       each program's final instructions (after CO-RE, linking and relocation), in the
 *       verifier log's notation, with map, kfunc, ksym and callback references named and
 *       poisoned instructions explained; source lines from line_info as comments
 *
 * The object is prepared as libbpf would before loading: against the running kernel's BTF, or
 * --btf FILE for CO-RE. A failure is one line naming the file and the reason (the library's
 * other warnings only with -d); warnings of a successful run are printed after it.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfhive/object.h"
#include "btf/btf.h"
#include "common/err.h"
#include "isa/isa.h"
#include "json_writer.h"
#include "main.h"
#include "object/backend.h"
#include "object/inspect.h"
#include "object/obj_insn.h"

struct obj_args {
	const char *path;
	const char *prog;
	const char *btf;
	const char *kconfig;
};

static char *notes[64];
static size_t nr_notes;

static bool debug_log(void)
{
	const char *lvl = getenv("HIVE_LOG_LEVEL");

	return lvl && !strcmp(lvl, "debug");
}

/* Library messages: a fatal one is our error line; keep the others for after a success. */
__attribute__((format(printf, 2, 0))) static int obj_print(enum hive_print_level level,
							   const char *fmt, va_list ap)
{
	char line[1024];
	const char *msg = line;
	size_t n;

	if (debug_log())
		return vfprintf(stderr, fmt, ap);
	if (level != HIVE_WARN)
		return 0;
	vsnprintf(line, sizeof(line), fmt, ap);
	n = strlen(line);
	if (n && line[n - 1] == '\n')
		line[n - 1] = '\0';
	if (!strncmp(msg, "bpfhive: ", 9))
		msg += 9;
	if (!strcmp(msg, object_last_error()) || nr_notes == ARRAY_SIZE(notes))
		return 0;
	notes[nr_notes] = strdup(msg);
	if (notes[nr_notes])
		nr_notes++;
	return 0;
}

static void flush_notes(bool print)
{
	for (size_t i = 0; i < nr_notes; i++) {
		if (print)
			fprintf(stderr, "%s: warning: %s\n", bin_name, notes[i]);
		free(notes[i]);
	}
	nr_notes = 0;
}

static int fail(const char *path)
{
	const char *err = object_last_error();

	flush_notes(false);
	if (err[0])
		return p_err("%s", err);
	return p_err("%s: %s", path, strerror(errno));
}

static int do_help(int argc, char **argv)
{
	fprintf(stderr,
		"Usage: %1$s obj show OBJ [--btf FILE] [--kconfig FILE] [--json]\n"
		"       %1$s obj dump OBJ [--prog NAME] [--btf FILE] [--kconfig FILE]\n"
		"       %1$s obj help\n"
		"\n"
		"       --btf FILE      target BTF for CO-RE (default: /sys/kernel/btf/vmlinux)\n"
		"       --kconfig FILE  kernel config for __kconfig externs (default: the running\n"
		"                       kernel's, /boot/config-$(uname -r) or /proc/config.gz)\n",
		bin_name);
	return 0;
}

static int parse_args(int argc, char **argv, struct obj_args *a, bool dump)
{
	memset(a, 0, sizeof(*a));
	for (int i = 0; i < argc; i++) {
		const char *s = argv[i];

		if (!strcmp(s, "--json") || !strcmp(s, "-j")) {
			json_output = true;
		} else if (i + 1 < argc && !strcmp(s, "--btf")) {
			a->btf = argv[++i];
		} else if (i + 1 < argc && !strcmp(s, "--kconfig")) {
			a->kconfig = argv[++i];
		} else if (dump && i + 1 < argc && !strcmp(s, "--prog")) {
			a->prog = argv[++i];
		} else if (s[0] == '-' || a->path) {
			return p_err(
				"obj %s: unknown option or missing value: '%s' (see '%s obj help')",
				dump ? "dump" : "show", s, bin_name);
		} else {
			a->path = s;
		}
	}
	if (!a->path)
		return p_err("obj %s: expecting an object file (see '%s obj help')",
			     dump ? "dump" : "show", bin_name);
	return 0;
}

static struct hive_object *open_obj(const struct obj_args *a)
{
	HIVE_OPTS(hive_object_open_opts, opts, .btf_custom_path = a->btf,
		  .kconfig_path = a->kconfig);

	hive_set_print(obj_print);
	return hive_object__open_file(a->path, &opts);
}

/* ---- show ---- */

static void show_programs_plain(struct hive_object *obj)
{
	struct hive_program *prog;

	printf("programs:\n");
	hive_object__for_each_program(prog, obj)
		printf("  %-20s section %-24s type %-16s attach %-20s insns %zu%s\n",
		       hive_program__name(prog), hive_program__section_name(prog),
		       hive_prog_type_str(hive_program__type(prog)) ?: "?",
		       hive_attach_type_str(hive_program__expected_attach_type(prog)) ?: "?",
		       hive_program__insn_cnt(prog),
		       hive_program__autoload(prog) ? "" : " (no autoload)");
}

static void show_map_plain(const struct hive_map *map, const char *indent)
{
	printf("%s%-20s type %-14s key %-4u value %-6u max_entries %-8u flags %#x", indent,
	       hive_map__name(map), hive_map_type_str(hive_map__type(map)) ?: "?",
	       hive_map__key_size(map), hive_map__value_size(map), hive_map__max_entries(map),
	       hive_map__map_flags(map));
	if (hive_map__numa_node(map))
		printf(" numa_node %u", hive_map__numa_node(map));
	if (hive_map__map_extra(map))
		printf(" map_extra %#llx", (unsigned long long)hive_map__map_extra(map));
	if (hive_map__pinning(map) == HIVE_PIN_BY_NAME)
		printf(" pinned");
	printf("\n");
	if (hive_map__inner_map(map))
		show_map_plain(hive_map__inner_map(map), "    inner ");
}

static void show_plain(struct hive_object *obj)
{
	struct hive_object_counts c;
	struct hive_map *map;

	printf("object %s  license \"%s\"\n", hive_object__name(obj), hive_object__license(obj));
	show_programs_plain(obj);
	printf("maps:\n");
	hive_object__for_each_map(map, obj)
		if (hive_map__kind(map) == HIVE_MAP_USER)
			show_map_plain(map, "  ");
	printf("data sections:\n");
	hive_object__for_each_map(map, obj)
		if (hive_map__kind(map) != HIVE_MAP_USER)
			printf("  %-20s %u bytes, map %s%s\n", hive_map__section_name(map),
			       hive_map__value_size(map), hive_map__name(map),
			       hive_map__map_flags(map) & HIVE_MAP_F_RDONLY_PROG ? " (read-only)" :
										   "");
	printf("externs:\n");
	for (size_t i = 0; i < object_extern_cnt(obj); i++) {
		struct hive_extern_info e;

		object_extern(obj, i, &e);
		printf("  %-8s %s%s%s\n", e.kind, e.name, e.weak ? " (weak)" : "",
		       e.typeless ? " (typeless)" : "");
	}
	object_counts(obj, &c);
	printf("relocations: %zu code, %zu map init; CO-RE records: %zu; func info: %zu; line info: "
	       "%zu\n",
	       c.code_relos, c.map_init_relos, c.core_relos, c.func_info, c.line_info);
}

static void json_map(struct json_writer *w, const struct hive_map *map)
{
	jsonw_start_object(w);
	jsonw_string_field(w, "name", hive_map__name(map));
	jsonw_string_field(w, "type", hive_map_type_str(hive_map__type(map)) ?: "unknown");
	jsonw_uint_field(w, "key_size", hive_map__key_size(map));
	jsonw_uint_field(w, "value_size", hive_map__value_size(map));
	jsonw_uint_field(w, "max_entries", hive_map__max_entries(map));
	jsonw_uint_field(w, "flags", hive_map__map_flags(map));
	jsonw_uint_field(w, "numa_node", hive_map__numa_node(map));
	jsonw_uint_field(w, "map_extra", hive_map__map_extra(map));
	jsonw_bool_field(w, "pinned", hive_map__pinning(map) == HIVE_PIN_BY_NAME);
	if (hive_map__inner_map(map)) {
		jsonw_name(w, "inner_map");
		json_map(w, hive_map__inner_map(map));
	}
	jsonw_end_object(w);
}

static void json_programs(struct json_writer *w, struct hive_object *obj)
{
	struct hive_program *prog;

	jsonw_name(w, "programs");
	jsonw_start_array(w);
	hive_object__for_each_program(prog, obj) {
		jsonw_start_object(w);
		jsonw_string_field(w, "name", hive_program__name(prog));
		jsonw_string_field(w, "section", hive_program__section_name(prog));
		jsonw_string_field(w, "type", hive_prog_type_str(hive_program__type(prog)) ?: "?");
		jsonw_string_field(w, "attach_type",
				   hive_attach_type_str(hive_program__expected_attach_type(prog)) ?:
					   "?");
		jsonw_uint_field(w, "insns", hive_program__insn_cnt(prog));
		jsonw_uint_field(w, "own_insns", object_prog_own_insn_cnt(prog));
		jsonw_bool_field(w, "autoload", hive_program__autoload(prog));
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

static void json_data_and_externs(struct json_writer *w, struct hive_object *obj)
{
	struct hive_map *map;

	jsonw_name(w, "data_sections");
	jsonw_start_array(w);
	hive_object__for_each_map(map, obj) {
		if (hive_map__kind(map) == HIVE_MAP_USER)
			continue;
		jsonw_start_object(w);
		jsonw_string_field(w, "name", hive_map__section_name(map));
		jsonw_uint_field(w, "size", hive_map__value_size(map));
		jsonw_string_field(w, "map", hive_map__name(map));
		jsonw_bool_field(w, "readonly", hive_map__map_flags(map) & HIVE_MAP_F_RDONLY_PROG);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
	jsonw_name(w, "externs");
	jsonw_start_array(w);
	for (size_t i = 0; i < object_extern_cnt(obj); i++) {
		struct hive_extern_info e;

		object_extern(obj, i, &e);
		jsonw_start_object(w);
		jsonw_string_field(w, "name", e.name);
		jsonw_string_field(w, "kind", e.kind);
		jsonw_bool_field(w, "weak", e.weak);
		jsonw_bool_field(w, "resolved", e.resolved);
		jsonw_end_object(w);
	}
	jsonw_end_array(w);
}

static void show_json(struct hive_object *obj, bool prepared)
{
	struct json_writer *w = jsonw_new(stdout);
	struct hive_object_counts c;
	struct hive_map *map;

	if (!w)
		return;
	jsonw_pretty(w, pretty_output);
	jsonw_start_object(w);
	jsonw_string_field(w, "name", hive_object__name(obj));
	jsonw_string_field(w, "license", hive_object__license(obj));
	jsonw_bool_field(w, "prepared", prepared);
	json_programs(w, obj);
	jsonw_name(w, "maps");
	jsonw_start_array(w);
	hive_object__for_each_map(map, obj)
		if (hive_map__kind(map) == HIVE_MAP_USER)
			json_map(w, map);
	jsonw_end_array(w);
	json_data_and_externs(w, obj);
	object_counts(obj, &c);
	jsonw_name(w, "relocations");
	jsonw_start_object(w);
	jsonw_uint_field(w, "code", c.code_relos);
	jsonw_uint_field(w, "map_init", c.map_init_relos);
	jsonw_uint_field(w, "core", c.core_relos);
	jsonw_end_object(w);
	jsonw_uint_field(w, "func_info", c.func_info);
	jsonw_uint_field(w, "line_info", c.line_info);
	jsonw_end_object(w);
	jsonw_destroy(&w);
}

static int do_show(int argc, char **argv)
{
	struct hive_object *obj;
	struct obj_args a;
	bool prepared;

	if (parse_args(argc, argv, &a, false))
		return -1;
	obj = open_obj(&a);
	if (!obj)
		return fail(a.path);
	/* counts after linking; if prepare fails, say so and show the object as it was opened */
	prepared = !hive_object__prepare(obj);
	if (!prepared)
		flush_notes(false); /* the failure's details: the line below says it all */
	if (!prepared)
		fprintf(stderr, "%s: warning: %s (instruction counts are before linking)\n",
			bin_name, object_last_error());
	if (json_output)
		show_json(obj, prepared);
	else
		show_plain(obj);
	hive_object__close(obj);
	flush_notes(true);
	return ferror(stdout) ? p_err("write error on standard output") : 0;
}

/* ---- dump ---- */

struct dump_ctx {
	const struct hive_program *prog;
	const struct hive_btf *kfunc_btf;
	char name[128];
};

static const char *kfunc_name(void *ctx, const struct hive_insn *insn)
{
	struct dump_ctx *d = ctx;
	const struct btf_type *t = d->kfunc_btf ? btf_type_by_id(d->kfunc_btf, insn->imm) : NULL;

	if (!t)
		return NULL;
	snprintf(d->name, sizeof(d->name), "%s", btf_name(d->kfunc_btf, t->name_off));
	return d->name;
}

/* Name of the function func_info says starts at @insn (a subprogram or callback), or NULL. */
static const char *func_at(const struct hive_program *prog, uint32_t insn)
{
	const struct hive_btf *btf = object_btf(hive_program__object(prog));
	uint32_t cnt, rs;
	const uint8_t *fi = hive_program__func_info(prog, &cnt, &rs);

	for (uint32_t i = 0; fi && btf && i < cnt; i++) {
		const uint32_t *r = (const uint32_t *)(fi + (size_t)i * rs);
		const struct btf_type *t;

		if (r[0] != insn)
			continue;
		t = btf_type_by_id(btf, r[1]);
		return t ? btf_name(btf, t->name_off) : NULL;
	}
	return NULL;
}

/* ld_imm64 forms the loader produced, in the verifier log's spirit. */
static bool ref_line(const struct hive_program *prog, size_t i, const struct hive_insn *in,
		     char *buf, size_t sz)
{
	struct hive_insn_ref_info r;

	if (object_prog_ref_at(prog, (uint32_t)i, &r))
		return false;
	switch (r.kind) {
	case HIVE_REF_MAP:
		snprintf(buf, sz, "(18) r%u = map[%s]", in->dst_reg, r.name);
		return true;
	case HIVE_REF_MAP_VALUE:
		snprintf(buf, sz, "(18) r%u = map[%s][0]+%d", in->dst_reg, r.name, in[1].imm);
		return true;
	case HIVE_REF_KSYM:
		if (in->src_reg == BPF_PSEUDO_BTF_ID)
			snprintf(buf, sz, "(18) r%u = ksym[%s] (btf id %u)", in->dst_reg, r.name,
				 r.btf_id);
		else
			snprintf(buf, sz, "(18) r%u = ksym[%s] 0x%llx", in->dst_reg, r.name,
				 (unsigned long long)((uint32_t)in[0].imm |
						      (uint64_t)(uint32_t)in[1].imm << 32));
		return true;
	case HIVE_REF_CALLBACK: {
		const char *fn = func_at(prog, (uint32_t)(i + in->imm + 1));

		snprintf(buf, sz, "(18) r%u = callback[%s] (insn %zd)", in->dst_reg, fn ? fn : "?",
			 (ssize_t)(i + in->imm + 1));
		return true;
	}
	default:
		return false;
	}
}

static void print_source(const struct hive_program *prog, uint32_t insn, uint32_t *next,
			 const char **last)
{
	const struct hive_btf *btf = object_btf(hive_program__object(prog));
	uint32_t cnt, rs;
	const uint8_t *li = hive_program__line_info(prog, &cnt, &rs);

	for (; li && btf && *next < cnt; (*next)++) {
		const uint32_t *r = (const uint32_t *)(li + (size_t)*next * rs);
		const char *line = btf_name(btf, r[2]);

		if (r[0] > insn)
			break;
		while (*line == ' ' || *line == '\t')
			line++;
		if (r[0] == insn && line[0] && line != *last)
			printf("; %s\n", line);
		*last = line;
	}
}

static void dump_insn(struct dump_ctx *d, size_t i, char *buf, size_t sz)
{
	const struct hive_insn *insns = hive_program__insns(d->prog);
	size_t cnt = hive_program__insn_cnt(d->prog);
	struct isa_disasm_opts o = { .syntax = ISA_SYNTAX_KERNEL,
				     .kfunc_name = kfunc_name,
				     .ctx = d };
	struct hive_insn_ref_info r;
	const char *fn;

	if (!ref_line(d->prog, i, &insns[i], buf, sz) &&
	    isa_disasm_insn(insns, cnt, i, &o, buf, sz) < 0)
		snprintf(buf, sz, "(%02x) ?", insns[i].code);
	printf("%4zu: %s", i, buf);
	if (!object_prog_ref_at(d->prog, (uint32_t)i, &r) && r.text)
		printf("\t; %s", r.text);
	else if (insn_is_pseudo_call(&insns[i]) &&
		 (fn = func_at(d->prog, (uint32_t)(i + insns[i].imm + 1))))
		printf("\t; %s", fn);
	printf("\n");
}

static void dump_prog(const struct hive_program *prog)
{
	struct dump_ctx d = { .prog = prog,
			      .kfunc_btf = object_kfunc_btf(hive_program__object(prog)) };
	const struct hive_insn *insns = hive_program__insns(prog);
	size_t cnt = hive_program__insn_cnt(prog);
	uint32_t next_line = 0;
	const char *last = NULL, *fn;
	char buf[512];

	printf("%s: section %s, type %s, %zu insns\n", hive_program__name(prog),
	       hive_program__section_name(prog),
	       hive_prog_type_str(hive_program__type(prog)) ?: "?", cnt);
	for (size_t i = 0; i < cnt; i++) {
		fn = i ? func_at(prog, (uint32_t)i) : NULL;
		if (fn)
			printf("%s:\n", fn);
		print_source(prog, (uint32_t)i, &next_line, &last);
		dump_insn(&d, i, buf, sizeof(buf));
		if (insn_is_ldimm64(&insns[i]) && i + 1 < cnt)
			i++;
	}
}

static int do_dump(int argc, char **argv)
{
	struct hive_program *prog;
	struct hive_object *obj;
	struct obj_args a;
	bool found = false, first = true;

	if (parse_args(argc, argv, &a, true))
		return -1;
	obj = open_obj(&a);
	if (!obj)
		return fail(a.path);
	if (a.prog) {
		prog = hive_object__find_program_by_name(obj, a.prog);
		if (!prog) {
			hive_object__close(obj);
			return p_err("%s: no program named '%s'", a.path, a.prog);
		}
		hive_object__for_each_program(prog, obj)
			hive_program__set_autoload(prog, !strcmp(hive_program__name(prog), a.prog));
	}
	if (hive_object__prepare(obj)) {
		hive_object__close(obj);
		return fail(a.path);
	}
	hive_object__for_each_program(prog, obj) {
		if (!hive_program__autoload(prog))
			continue;
		if (!first)
			printf("\n");
		dump_prog(prog);
		first = false;
		found = true;
	}
	hive_object__close(obj);
	flush_notes(true);
	if (!found)
		return p_err("%s: no program to dump (all have autoload off)", a.path);
	return ferror(stdout) ? p_err("write error on standard output") : 0;
}

int do_obj(int argc, char **argv)
{
	static const struct cmd cmds[] = {
		{ "show", do_show },
		{ "dump", do_dump },
		{ "help", do_help },
		{ 0 },
	};

	return cmd_select(cmds, argc, argv, do_help);
}
