// SPDX-License-Identifier: BSD-2-Clause
/*
 * tools/bpfhive/main.c: the `bpfhive` command line. A table of command groups in bpftool's
 * style (`bpfhive OBJECT COMMAND ...`); each group lives in its own file. Global flags
 * (-j/--json, -p/--pretty, -d/--debug) come before the group name.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfhive/bpfhive.h"
#include "main.h"

const char *bin_name = "bpfhive";
bool json_output;
bool pretty_output;
const char *base_btf_path;

int p_err(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "%s: error: ", bin_name);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return -1;
}

int cmd_select(const struct cmd *cmds, int argc, char **argv, int (*help)(int argc, char **argv))
{
	const struct cmd *match = NULL;
	size_t len;

	if (argc < 1 || !strcmp(argv[0], "help") || !strcmp(argv[0], "--help") ||
	    !strcmp(argv[0], "-h"))
		return help(argc, argv);
	len = strlen(argv[0]);
	for (const struct cmd *c = cmds; c->name; c++) {
		if (!strcmp(c->name, argv[0]))
			return c->func(argc - 1, argv + 1);
		if (!strncmp(c->name, argv[0], len)) {
			if (match)
				return p_err("'%s' is ambiguous: it could be '%s' or '%s'", argv[0],
					     match->name, c->name);
			match = c;
		}
	}
	if (match)
		return match->func(argc - 1, argv + 1);
	p_err("unknown command '%s' (try '%s help')", argv[0], bin_name);
	return -1;
}

static int do_help(int argc, char **argv)
{
	fprintf(stderr,
		"Usage: %s [OPTIONS] OBJECT { COMMAND | help }\n"
		"       %s version\n"
		"       %s asm FILE.s [-o OUT]\n"
		"       %s disasm FILE [--kernel]\n"
		"       %s exec PROG [--mem-hex \"aa bb ...\" | --mem FILE]\n"
		"       %s run OBJ.o [--prog NAME] [--data-in F] [--ctx-in F] [--repeat N] "
		"[--dump-maps]\n"
		"       %s verify OBJ.o [--prog NAME] [--log-level 1|2] [--stats] [--quiet]\n"
		"\n"
		"       OBJECT := { btf | obj }\n"
		"OPTIONS := { -j|--json [-p|--pretty] | -d|--debug | -B|--base-btf FILE }\n",
		bin_name, bin_name, bin_name, bin_name, bin_name, bin_name, bin_name);
	return 0;
}

int do_version(int argc, char **argv)
{
	printf("%s v%s\n", bin_name, hive_version_string());
	return 0;
}

static const struct cmd cmds[] = {
	{ "help", do_help },	 { "version", do_version },
	{ "btf", do_btf },	 { "obj", do_obj },
	{ "asm", do_asm },	 { "disasm", do_disasm },
	{ "exec", do_exec },	 { "run", do_run },
	{ "verify", do_verify }, { 0 },
};

int main(int argc, char **argv)
{
	int i, ret;

	for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-j") || !strcmp(a, "--json")) {
			json_output = true;
		} else if (!strcmp(a, "-p") || !strcmp(a, "--pretty")) {
			json_output = pretty_output = true;
		} else if (!strcmp(a, "-d") || !strcmp(a, "--debug")) {
			setenv("HIVE_LOG_LEVEL", "debug", 1);
		} else if ((!strcmp(a, "-B") || !strcmp(a, "--base-btf")) && i + 1 < argc) {
			base_btf_path = argv[++i];
		} else if (!strcmp(a, "-V") || !strcmp(a, "--version")) {
			return do_version(0, NULL);
		} else if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			return do_help(0, NULL);
		} else {
			p_err("unknown option '%s'", a);
			return 2;
		}
	}
	ret = cmd_select(cmds, argc - i, argv + i, do_help);
	return ret ? 1 : 0;
}
