// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/btf/dump_compat.c: `dump_compat FILE` prints FILE's BTF as C the way Debian's bpftool
 * 7.1 does (its frame, no mode(byte)/mode(word) on enums, no kfunc block), so the tests can
 * diff our type ordering, naming, padding and declarators against bpftool byte for byte.
 * `bpfhive btf dump ... format c` adds only the frame and attributes spec G asks for.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "btf/btf.h"
#include "btf/btf_dump.h"
#include "common/err.h"

int main(int argc, char **argv)
{
	struct btf_parse_opts popts = { 0 };
	struct btf_dump_c_opts copts = { .old_frame = true, .compat_71 = true };
	char errbuf[512] = "";
	struct hive_btf *btf;
	struct btf_out *out;
	int fd = STDOUT_FILENO, err;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE\n", argv[0]);
		return 2;
	}
	popts.errbuf = errbuf;
	popts.errbuf_sz = sizeof(errbuf);
	btf = btf_parse_file(argv[1], &popts);
	if (IS_ERR(btf)) {
		fprintf(stderr, "%s\n", errbuf);
		return 1;
	}
	out = malloc(sizeof(*out));
	if (!out)
		return 1;
	btf_out_init(out, btf_out_write_fd, &fd);
	copts.errbuf = errbuf;
	copts.errbuf_sz = sizeof(errbuf);
	err = btf_dump_c(btf, out, &copts);
	err = btf_out_finish(out) ?: err;
	if (err)
		fprintf(stderr, "%s: %s\n", argv[1], errbuf);
	free(out);
	btf_free(btf);
	return err ? 1 : 0;
}
