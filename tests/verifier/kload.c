// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/verifier/kload.c: developer tool: load an assembler test case (asmcase.h format) into
 * the running kernel and print the kernel's verdict and verifier log.
 *
 *	kload [-l LEVEL] FILE.s
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "asmcase.h"
#include "btf/btf.h"
#include "common/err.h"
#include "oracle.h"

#define LOG_SIZE (64u << 20)

int main(int argc, char **argv)
{
	struct oracle_prog p = { 0 };
	struct asmcase c;
	int fds[ASMCASE_MAX_MAPS];
	char err[256];
	int level = 2, opt, ret, i;
	static char log[LOG_SIZE];

	while ((opt = getopt(argc, argv, "l:")) != -1)
		if (opt == 'l')
			level = atoi(optarg);
	if (optind >= argc) {
		fprintf(stderr, "usage: kload [-l LEVEL] FILE.s\n");
		return 2;
	}
	{
		struct hive_btf *vml = btf_parse_file("/sys/kernel/btf/vmlinux", NULL);

		if (!IS_ERR(vml))
			asmcase_set_vmlinux(vml);
	}
	if (asmcase_load(argv[optind], &c, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return 2;
	}
	for (i = 0; i < c.nr_maps; i++) {
		struct oracle_map_spec s = { .type = c.maps[i].type,
					     .key_size = c.maps[i].key_size,
					     .value_size = c.maps[i].value_size,
					     .max_entries = c.maps[i].max_entries,
					     .flags = c.maps[i].flags,
					     .name = c.maps[i].name };

		fds[i] = oracle_map_create(&s);
		if (fds[i] < 0) {
			fprintf(stderr, "map %s: %s\n", c.maps[i].name, strerror(-fds[i]));
			return 2;
		}
	}
	p.prog_type = (uint32_t)c.prog_type;
	p.expected_attach_type = c.expected_attach_type;
	p.prog_flags = c.prog_flags;
	p.insns = c.insns;
	p.insn_cnt = (uint32_t)c.insn_cnt;
	p.fd_array = fds;
	p.fd_array_cnt = (uint32_t)c.nr_maps;
	p.attach_btf_id = c.attach_btf_id;
	p.log_level = (uint32_t)level;
	p.log = log;
	p.log_size = LOG_SIZE;
	ret = oracle_prog_load(&p);
	fputs(log, stdout);
	printf("== %s (%d)\n", ret >= 0 ? "ACCEPT" : "REJECT", ret >= 0 ? 0 : ret);
	oracle_close(ret);
	asmcase_free(&c);
	return ret >= 0 ? 0 : 1;
}
