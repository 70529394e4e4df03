// SPDX-License-Identifier: BSD-2-Clause
/*
 * tools/bpfhive/prog.c: `bpfhive verify OBJ.o [--prog NAME] [--log-level 1|2] [--stats]`.
 *
 * Opens and prepares the object as libbpf would, then verifies each selected program (every
 * autoloaded one, or the one --prog names) as Linux 6.18's verifier would load it. For each
 * program it prints the verifier log (the kernel's format: the failing path with its source
 * lines at level 1, every state at level 2, the "processed N insns" line last), then, after a
 * rejection, possibly a "hint:" section (ours, never part of the kernel-identical log: the
 * source line where a leaked reference was acquired, or of the bpf_spin_unlock that
 * invalidated a non-owning reference), then a verdict line. Exit status 0 when every selected
 * program is accepted, 1 otherwise, 2 on usage or object errors.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfhive/object.h"
#include "bpfhive/prog.h"
#include "bpfhive/verify.h"
#include "main.h"
#include "object/backend.h"

static int verify_usage(void)
{
	fprintf(stderr,
		"Usage: %s verify OBJ.o [--prog NAME] [--log-level 1|2] [--stats] [--quiet]\n"
		"\n"
		"Verify the programs of OBJ.o as Linux 6.18 would load them (as root). Prints each\n"
		"program's verifier log and verdict; exits 0 when all are accepted.\n"
		"  --prog NAME      only this program (default: every autoloaded program)\n"
		"  --log-level N    1: the failing path (default), 2: every instruction's state\n"
		"  --stats          add the kernel's statistics lines (log_level | 4)\n"
		"  --quiet          no log, only the verdict lines\n",
		bin_name);
	return 2;
}

int do_verify(int argc, char **argv)
{
	const char *path = NULL, *only = NULL;
	struct hive_program *prog;
	struct hive_object *obj;
	hive_print_fn old_print;
	unsigned int level = 1;
	bool quiet = false, stats_lines = false;
	int n = 0, failed = 0, err;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "--prog") && i + 1 < argc) {
			only = argv[++i];
		} else if (!strcmp(argv[i], "--log-level") && i + 1 < argc) {
			char *end;

			level = (unsigned int)strtoul(argv[++i], &end, 0);
			if (*end || (level != 1 && level != 2))
				return p_err("--log-level takes 1 or 2"), 2;
		} else if (!strcmp(argv[i], "--stats")) {
			stats_lines = true;
		} else if (!strcmp(argv[i], "--quiet") || !strcmp(argv[i], "-q")) {
			quiet = true;
		} else if (!strcmp(argv[i], "help") || !strcmp(argv[i], "--help") ||
			   !strcmp(argv[i], "-h")) {
			return verify_usage();
		} else if (argv[i][0] == '-' || path) {
			p_err("unexpected argument '%s'", argv[i]);
			return verify_usage();
		} else {
			path = argv[i];
		}
	}
	if (!path)
		return verify_usage();
	/* a broken object is one error line: the reason, not the library's warning plus errno */
	old_print = hive_set_print(NULL);
	obj = hive_object__open_file(path, NULL);
	hive_set_print(old_print);
	if (!obj)
		return p_err("%s", object_last_error()[0] ? object_last_error() : strerror(errno)),
		       2;
	/* --prog loads that program alone, as libbpf does for a "?sec" one: prepare only
	 * relocates autoloaded programs */
	if (only)
		hive_object__for_each_program(prog, obj)
			hive_program__set_autoload(prog, !strcmp(hive_program__name(prog), only));
	err = hive_object__prepare(obj);
	if (err) {
		hive_object__close(obj);
		return p_err("cannot prepare %s: %s", path, strerror(-err)), 2;
	}
	hive_object__for_each_program(prog, obj) {
		char *log = NULL, *hint = NULL;
		HIVE_OPTS(hive_verify_opts, o, .log_level = level | (stats_lines ? 4 : 0),
			  .hint = &hint);
		struct hive_verify_stats st;

		if (!hive_program__autoload(prog))
			continue;
		n++;
		err = hive_program__verify(prog, &o, &log, &st);
		if (!quiet && log) {
			fputs(log, stdout);
			if (log[0] && log[strlen(log) - 1] != '\n')
				putchar('\n');
		}
		/* ours, after the kernel's log: what the log does not say in source terms */
		if (!quiet && hint)
			printf("hint:\n%s", hint);
		free(log);
		free(hint);
		if (err) {
			failed++;
			printf("%s: %s: REJECTED (%s)\n", hive_program__section_name(prog),
			       hive_program__name(prog), strerror(-err));
		} else {
			printf("%s: %s: accepted, %u insns processed\n",
			       hive_program__section_name(prog), hive_program__name(prog),
			       st.insn_processed);
		}
	}
	hive_object__close(obj);
	if (only && !n)
		return p_err("no program named '%s' in %s", only, path), 2;
	/* nothing verified must not look like "all accepted" */
	if (!n)
		return p_err("no program to verify in %s: none is autoloaded ('?' sections); "
			     "name one with --prog",
			     path),
		       2;
	return failed ? 1 : 0;
}
