/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * btf/btf_dump.h: text dumps of a BTF, as `bpftool btf dump file F [format raw|c]` prints them.
 *
 * - raw: one line per type plus one per member/enumerator/parameter/variable, byte for byte
 *   what Debian's bpftool 7.1 prints (checked by tests/btf against bpftool).
 * - c: a compilable header (vmlinux.h) following spec G: bpftool 7.1's type order and names
 *   (unsorted), the 7.8 frame (__ksym/__weak/__bpf_fastcall defaults) and the block of kfunc
 *   prototypes (FUNCs tagged bpf_kfunc).
 */
#ifndef __HIVE_BTF_DUMP_H
#define __HIVE_BTF_DUMP_H

#include "btf/btf.h"
#include "btf/btf_out.h"

/* Own types of @btf (start_id..type_cnt-1), raw format. Returns 0 or the sink's error. */
int btf_dump_raw(const struct hive_btf *btf, struct btf_out *out);
/* One type, raw format, with its trailing newline. */
void btf_dump_raw_type(const struct hive_btf *btf, uint32_t id, struct btf_out *out);
/* "(anon)" for offset 0, "(invalid)" for a bad offset, else the string: bpftool's btf_str(). */
const char *btf_dump_str(const struct hive_btf *btf, uint32_t off);

/* Raw-format vocabulary, shared with the JSON dump of the command line. */
const char *btf_int_enc_str(uint32_t encoding);
const char *btf_var_linkage_str(uint32_t linkage);
const char *btf_func_linkage_str(uint32_t linkage);

struct btf_dump_c_opts {
	bool no_frame; /* only the type definitions: no guard, pragma or kfunc block */
	bool no_kfuncs; /* no kfunc prototype block */
	bool old_frame; /* bpftool 7.1's frame: no __ksym/__weak/__bpf_fastcall defaults */
	bool compat_71; /* bpftool 7.1's type bodies (see btf_cdump_opts), for diff tests */
	char *errbuf;
	size_t errbuf_sz;
};

/*
 * btf_dump_c() - the whole BTF (own types and, for split BTF, what they need) as C.
 * Returns 0, the sink's error, or -ELOOP/-EINVAL for BTF that has no C rendering (a type
 * cycle that no forward declaration breaks), with the type named in errbuf.
 */
int btf_dump_c(const struct hive_btf *btf, struct btf_out *out, const struct btf_dump_c_opts *opts);

#endif /* __HIVE_BTF_DUMP_H */
