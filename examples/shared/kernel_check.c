// SPDX-License-Identifier: BSD-2-Clause
/*
 * examples/shared/kernel_check.c: the two-collection cache in the kernel and in bpfhive,
 * compared (examples/common/kernel_compare.h): entries inserted with scattered keys, evicted
 * by key and by age in an interleaving that leaves stale list entries, until both collections
 * are empty, then refilled. Prints SKIP (exit 77) where the kernel cannot load BPF programs.
 *
 *   shared_kernel_check shared.bpf.o
 */
#include "kernel_compare.h"

static struct kc_step steps[96];
static int nr_steps;

static void add(const char *prog, uint64_t key)
{
	struct kc_step *s = &steps[nr_steps++];
	uint64_t kv[2] = { key, key * 3 + 1 };

	s->prog = prog;
	memcpy(s->ctx, kv, sizeof(kv));
	s->size = sizeof(kv);
}

int main(int argc, char **argv)
{
	if (argc != 2)
		return 2;
	for (uint64_t i = 0; i < 12; i++)
		add("insert", (i * 37) % 23);
	for (int i = 0; i < 14; i++) {
		add(i % 3 ? "evict_oldest" : "evict_smallest", 0);
		add("smallest", 0);
	}
	for (uint64_t i = 0; i < 5; i++)
		add("insert", 100 - i);
	add("evict_smallest", 0);
	add("evict_oldest", 0);
	add("smallest", 0);
	return kc_compare(argv[1], steps, nr_steps, 32);
}
