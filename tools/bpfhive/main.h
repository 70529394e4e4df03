/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tools/bpfhive/main.h: what the command files share: the command table type (bpftool's shape),
 * one-line errors, and the entry point of each command group.
 */
#ifndef __HIVE_CLI_MAIN_H
#define __HIVE_CLI_MAIN_H

#include <stdbool.h>
#include <stdio.h>

struct cmd {
	const char *name;
	int (*func)(int argc, char **argv);
};

/* Run the command of cmds[] that argv[0] names (a unique prefix is enough, as in bpftool). */
int cmd_select(const struct cmd *cmds, int argc, char **argv, int (*help)(int argc, char **argv));

/* One clear line on stderr ("bpfhive: error: ..."); returns -1 for `return p_err(...)`. */
__attribute__((format(printf, 1, 2))) int p_err(const char *fmt, ...);

extern const char *bin_name;
extern bool json_output;
extern bool pretty_output;
extern const char *base_btf_path; /* -B/--base-btf: base for split BTF */

/* Command groups, one file each. */
int do_version(int argc, char **argv);
int do_btf(int argc, char **argv);
int do_obj(int argc, char **argv); /* obj.c */
int do_asm(int argc, char **argv); /* asm.c */
int do_disasm(int argc, char **argv); /* asm.c */
int do_exec(int argc, char **argv); /* asm.c */
int do_run(int argc, char **argv); /* run.c */
int do_verify(int argc, char **argv); /* prog.c */

#endif /* __HIVE_CLI_MAIN_H */
