// SPDX-License-Identifier: BSD-2-Clause
/*
 * examples/runqueue/runqueue.c: drive the EDF run queue of runqueue.bpf.c from user space with
 * bpfhive's public API: load the object (verified with the kernel's rules), enqueue a few
 * tasks, dispatch until the queue is empty, reap the completed FIFO, and read the statistics
 * straight from the program's .bss. No kernel, no root.
 *
 *   runqueue runqueue.bpf.o
 *
 * Exits 0 if tasks ran in deadline order and came back from the FIFO in that order.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfhive/bpfhive.h"

struct enqueue_args {
	uint32_t pid, slice;
	uint64_t deadline;
};

struct dispatch_args {
	int32_t pid;
	uint32_t late;
	uint64_t clock;
};

struct reap_args {
	uint32_t nr;
	uint32_t pids[8];
};

/* runqueue.bpf.c's `struct stats stats`, the only variable of its .bss. */
struct stats {
	uint64_t clock_ns, nr_enqueued, nr_dispatched, nr_reaped, nr_missed, nr_queued;
};

static int run(struct hive_object *obj, const char *name, void *args, size_t size)
{
	struct hive_program *prog = hive_object__find_program_by_name(obj, name);
	HIVE_OPTS(hive_test_run_opts, opts, .ctx_in = args, .ctx_size_in = (uint32_t)size);

	if (!prog || hive_program__test_run(prog, &opts)) {
		fprintf(stderr, "runqueue: %s failed\n", name);
		exit(1);
	}
	return (int)opts.retval;
}

int main(int argc, char **argv)
{
	static const struct enqueue_args tasks[] = {
		{ 1, 1500, 5000 }, { 2, 800, 2000 },  { 3, 2000, 9000 },
		{ 4, 1000, 2500 }, { 5, 3000, 7000 },
	};
	uint64_t last_deadline = 0, deadline[8] = { 0 };
	struct hive_object *obj;
	struct reap_args reaped = { 0 };
	const struct stats *st;
	int order[8], n = 0, ok = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: %s runqueue.bpf.o\n", argv[0]);
		return 2;
	}
	obj = hive_object__open_file(argv[1], NULL);
	if (!obj || hive_object__load(obj))
		return 1;
	for (size_t i = 0; i < sizeof(tasks) / sizeof(tasks[0]); i++) {
		struct enqueue_args a = tasks[i];

		run(obj, "enqueue", &a, sizeof(a));
		deadline[a.pid] = a.deadline;
		printf("enqueue  pid %u  deadline %5llu  slice %4u\n", a.pid,
		       (unsigned long long)a.deadline, a.slice);
	}
	for (;;) {
		struct dispatch_args d = { 0 };

		if (run(obj, "dispatch", &d, sizeof(d)) < 0)
			break;
		printf("t=%5llu  dispatch pid %d (deadline %5llu)%s\n", (unsigned long long)d.clock,
		       d.pid, (unsigned long long)deadline[d.pid], d.late ? "  late" : "");
		ok &= deadline[d.pid] >= last_deadline;
		last_deadline = deadline[d.pid];
		order[n++] = d.pid;
	}
	run(obj, "reap", &reaped, sizeof(reaped));
	printf("reaped (FIFO):");
	for (uint32_t i = 0; i < reaped.nr; i++) {
		printf(" %u", reaped.pids[i]);
		ok &= (int)reaped.pids[i] == order[i];
	}
	ok &= reaped.nr == (uint32_t)n;
	/* .bss after load is the programs' live memory */
	st = hive_map__initial_value(hive_object__find_map_by_name(obj, ".bss"), NULL);
	printf("\nstats: enqueued %llu dispatched %llu reaped %llu missed %llu queued %llu clock %llu\n",
	       (unsigned long long)st->nr_enqueued, (unsigned long long)st->nr_dispatched,
	       (unsigned long long)st->nr_reaped, (unsigned long long)st->nr_missed,
	       (unsigned long long)st->nr_queued, (unsigned long long)st->clock_ns);
	printf("%s\n", ok ? "EDF order: ok" : "EDF order: WRONG");
	hive_object__close(obj);
	return ok ? 0 : 1;
}
