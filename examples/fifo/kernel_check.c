// SPDX-License-Identifier: BSD-2-Clause
/*
 * examples/fifo/kernel_check.c: the message queue in the kernel and in bpfhive, compared
 * (examples/common/kernel_compare.h): messages produced at both ends, peeked, consumed past
 * empty, and the queue filled past its capacity. Prints SKIP (exit 77) where the kernel
 * cannot load BPF programs.
 *
 *   fifo_kernel_check fifo.bpf.o
 */
#include "kernel_compare.h"

static struct kc_step steps[64];
static int nr_steps;

static void add(const char *prog, uint64_t id)
{
	struct kc_step *s = &steps[nr_steps++];
	uint64_t args[2] = { id, id * 7 + 1 };

	s->prog = prog;
	memcpy(s->ctx, args, sizeof(args));
	s->size = sizeof(args);
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	for (uint64_t id = 1; id <= 6; id++)
		add(id % 3 ? "produce" : "produce_urgent", id);
	add("peek", 0);
	for (int i = 0; i < 8; i++) /* two more than queued: the empty case */
		add("consume", 0);
	add("peek", 0);
	for (uint64_t id = 20; id < 40; id++) /* 16 fit, 4 are refused */
		add("produce", id);
	add("consume", 0);
	add("produce_urgent", 50);
	add("peek", 0);
	return kc_compare(argv[1], steps, nr_steps, 24);
}
