// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/gc_kload.c: developer tool: load programs of a corpus object into the running
 * kernel and print the verdict and the verifier log; optionally test-run them.
 *
 *	gc_kload [-l LEVEL] [-r] OBJ.bpf.o PROG [PROG...]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kside.h"

#define LOG_SIZE (16u << 20)

int main(int argc, char **argv)
{
	static char log[LOG_SIZE];
	struct ks_obj *o;
	uint32_t level = 1, retval;
	bool run = false;
	int opt, err, i;

	while ((opt = getopt(argc, argv, "l:r")) != -1) {
		if (opt == 'l')
			level = (uint32_t)atoi(optarg);
		else if (opt == 'r')
			run = true;
		else
			return 2;
	}
	if (argc - optind < 2) {
		fprintf(stderr, "usage: gc_kload [-l LEVEL] [-r] OBJ.bpf.o PROG [PROG...]\n");
		return 2;
	}
	err = ks_load(argv[optind], (const char *const *)&argv[optind + 1], level, log, sizeof(log),
		      &o);
	fputs(log, stdout);
	printf("== %s (%d)\n", err ? "REJECT" : "ACCEPT", err);
	for (i = optind + 1; !err && run && i < argc; i++) {
		int e = ks_run(o, argv[i], &retval, 1, NULL);

		if (e)
			printf("run %s: error %d\n", argv[i], e);
		else
			printf("run %s: retval %u (%d)\n", argv[i], retval, (int)retval);
	}
	ks_close(o);
	return err ? 1 : 0;
}
