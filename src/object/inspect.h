/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * object/inspect.h: what `bpfhive obj show` reports beyond the public API: externs, record
 * counts of the object's relocation and .BTF.ext sections, and per-program sizes before
 * linking. Read-only views; strings live as long as the object.
 */
#ifndef __HIVE_OBJECT_INSPECT_H
#define __HIVE_OBJECT_INSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpfhive/object.h"

struct hive_extern_info {
	const char *name;
	const char *kind; /* "kconfig", "ksym" (variable) or "kfunc" */
	const char *section; /* ".kconfig" or ".ksyms" */
	bool weak;
	bool typeless; /* ksym declared `const void` (address from kallsyms) */
	bool resolved; /* after prepare */
	uint32_t target_btf_id; /* ksym/kfunc after prepare */
	int kconfig_off; /* kconfig: offset in the .kconfig map */
};

struct hive_object_counts {
	size_t code_relos; /* records of .rel<code sections> */
	size_t map_init_relos; /* records of .rel.maps */
	size_t core_relos; /* CO-RE records in .BTF.ext */
	size_t func_info; /* func_info records in .BTF.ext */
	size_t line_info; /* line_info records in .BTF.ext */
};

size_t object_extern_cnt(const struct hive_object *obj);
int object_extern(const struct hive_object *obj, size_t i, struct hive_extern_info *out);
void object_counts(const struct hive_object *obj, struct hive_object_counts *out);
/* Instructions of the program's own function, before subprograms are appended. */
size_t object_prog_own_insn_cnt(const struct hive_program *prog);

#endif /* __HIVE_OBJECT_INSPECT_H */
