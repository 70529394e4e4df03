/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * btf/btf_cdump.h: the BTF-to-C printer as an object, for callers that print some types or
 * declarations rather than a whole vmlinux.h (the skeleton generator). State persists across
 * calls: each definition is printed once, and renamed duplicates (`name___2`) keep their names.
 */
#ifndef __HIVE_BTF_CDUMP_H
#define __HIVE_BTF_CDUMP_H

#include <stdbool.h>
#include <stdint.h>

#include "btf/btf.h"
#include "btf/btf_out.h"

struct btf_cdump;

struct btf_cdump_opts {
	/* bpftool 7.1's output: no mode(byte)/mode(word) on 1- and 8-byte enums and no padding
	 * of unions larger than their members (both give wrong layouts; for diff tests only) */
	bool compat_71;
	char *errbuf;
	size_t errbuf_sz;
};

/* @btf and @out are borrowed. */
struct btf_cdump *btf_cdump_new(const struct hive_btf *btf, struct btf_out *out,
				const struct btf_cdump_opts *opts);
void btf_cdump_free(struct btf_cdump *d);
/* Definition of @id preceded by everything it needs that was not printed yet. */
int btf_cdump_type(struct btf_cdump *d, uint32_t id);
/* A declaration "T fname" (no ';'), e.g. for a skeleton member; modifiers dropped if asked. */
int btf_cdump_decl(struct btf_cdump *d, uint32_t id, const char *fname, int lvl, bool strip_mods);

#endif /* __HIVE_BTF_CDUMP_H */
