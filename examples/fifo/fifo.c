// SPDX-License-Identifier: BSD-2-Clause
/*
 * examples/fifo/fifo.c: drive the message queue of fifo.bpf.c with bpfhive's public API:
 * produce a few messages, one urgent, peek, consume everything, then fill the queue past its
 * capacity. No kernel, no root.
 *
 *   fifo fifo.bpf.o
 *
 * Exits 0 if messages came out in FIFO order (the urgent one first) and the bound held.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfhive/bpfhive.h"

#define FIFO_CAP 16

struct msg_args {
	uint64_t id, payload;
};

/* fifo.bpf.c's `struct fifo_stats stats`, the only variable of its .bss. */
struct fifo_stats {
	uint64_t produced, consumed, rejected;
};

static int run(struct hive_object *obj, const char *name, void *args, size_t size)
{
	struct hive_program *prog = hive_object__find_program_by_name(obj, name);
	HIVE_OPTS(hive_test_run_opts, opts, .ctx_in = args, .ctx_size_in = (uint32_t)size);

	if (!prog || hive_program__test_run(prog, &opts)) {
		fprintf(stderr, "fifo: %s failed\n", name);
		exit(1);
	}
	return (int)opts.retval;
}

static int produce(struct hive_object *obj, const char *prog, uint64_t id)
{
	struct msg_args a = { id, id * 100 };
	int depth = run(obj, prog, &a, sizeof(a));

	printf("%-15s id %3llu -> depth %d\n", prog, (unsigned long long)id, depth);
	return depth;
}

int main(int argc, char **argv)
{
	static const uint64_t want[] = { 99, 1, 2, 3, 4 };
	struct hive_object *obj;
	struct msg_args m;
	const struct fifo_stats *st;
	int ok = 1, n = 0, full = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: %s fifo.bpf.o\n", argv[0]);
		return 2;
	}
	obj = hive_object__open_file(argv[1], NULL);
	if (!obj || hive_object__load(obj))
		return 1;
	for (uint64_t id = 1; id <= 4; id++)
		produce(obj, "produce", id);
	produce(obj, "produce_urgent", 99);
	printf("peek -> %d\n", run(obj, "peek", &m, sizeof(m)));
	ok &= run(obj, "peek", &m, sizeof(m)) == 99;
	while (run(obj, "consume", &m, sizeof(m)) == 0) {
		printf("consume -> id %llu payload %llu\n", (unsigned long long)m.id,
		       (unsigned long long)m.payload);
		ok &= n < 5 && m.id == want[n] && m.payload == m.id * 100;
		n++;
	}
	ok &= n == 5 && run(obj, "peek", &m, sizeof(m)) == -1;
	/* the bound: FIFO_CAP messages fit, the next ones are refused */
	for (uint64_t id = 100; id < 100 + FIFO_CAP + 3; id++) {
		struct msg_args a = { id, 0 };

		full += run(obj, "produce", &a, sizeof(a)) < 0;
	}
	printf("%d messages beyond the capacity of %d were refused\n", full, FIFO_CAP);
	ok &= full == 3;
	st = hive_map__initial_value(hive_object__find_map_by_name(obj, ".bss"), NULL);
	printf("stats: produced %llu consumed %llu rejected %llu\n",
	       (unsigned long long)st->produced, (unsigned long long)st->consumed,
	       (unsigned long long)st->rejected);
	ok &= st->produced == 5 + FIFO_CAP && st->consumed == 5 && st->rejected == 3;
	printf("%s\n", ok ? "FIFO order: ok" : "FIFO order: WRONG");
	/* the messages still queued are freed with the object */
	hive_object__close(obj);
	return ok ? 0 : 1;
}
