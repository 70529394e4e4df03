/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/conformance/data.h: reader of the conformance suite's .data files (the ubpf format):
 *
 *     -- asm        program text (isa_assemble() syntax)
 *     -- raw        program as 64-bit words (0x0000000000000095) or as bytes (95 00 00 ...)
 *     -- mem        input memory as hex bytes; r1 points at it, r2 holds its length
 *     -- result     expected r0
 *     -- error      expected error text (the program must fail)
 *     -- c / -- no register offset    ignored
 *
 * Any other `-- ` directive is an error, as is a file with neither asm nor raw.
 */
#ifndef __HIVE_TESTS_CONFORMANCE_DATA_H
#define __HIVE_TESTS_CONFORMANCE_DATA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "isa/insn.h"

struct conf_case {
	char *asm_src; /* NUL-terminated; NULL without an asm section */
	size_t asm_len;
	struct hive_insn *raw; /* NULL without a raw section */
	size_t raw_cnt;
	uint8_t *mem;
	size_t mem_len;
	bool has_result;
	uint64_t result;
	bool has_error;
	char error[256]; /* expected error text (may be empty) */
};

/* Read @path into @c. Returns 0, or -errno with a one-line reason in @why. */
int conf_case_load(const char *path, struct conf_case *c, char *why, size_t why_len);
void conf_case_free(struct conf_case *c);

/* The .data files of @dir, sorted; *names is a malloc'ed array of malloc'ed paths. */
int conf_list_dir(const char *dir, char ***names, size_t *cnt);
void conf_free_list(char **names, size_t cnt);

#endif /* __HIVE_TESTS_CONFORMANCE_DATA_H */
