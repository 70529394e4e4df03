// SPDX-License-Identifier: BSD-2-Clause
/*
 * examples/shared/shared.c: drive the two-collection cache of shared.bpf.c with bpfhive's
 * public API: insert entries, evict by smallest key (through the tree) and by age (through
 * the list), and watch entries evicted one way be skipped the other way. No kernel, no root.
 *
 *   shared shared.bpf.o
 *
 * Exits 0 if every eviction returned the expected entry and the statistics add up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfhive/bpfhive.h"

struct kv {
	uint64_t key, value;
};

/* shared.bpf.c's `struct cache_stats stats`, the only variable of its .bss. */
struct cache_stats {
	uint64_t inserted, in_tree, in_list, stale_dropped;
};

static int run(struct hive_object *obj, const char *name, struct kv *a)
{
	struct hive_program *prog = hive_object__find_program_by_name(obj, name);
	HIVE_OPTS(hive_test_run_opts, opts, .ctx_in = a, .ctx_size_in = sizeof(*a));

	if (!prog || hive_program__test_run(prog, &opts)) {
		fprintf(stderr, "shared: %s failed\n", name);
		exit(1);
	}
	return (int)opts.retval;
}

/* Run @name; it must return @ret and, when 0, yield @key. */
static int expect(struct hive_object *obj, const char *name, int ret, uint64_t key)
{
	struct kv a = { 0, 0 };
	int r = run(obj, name, &a);

	if (r)
		printf("%-15s -> %d (nothing)\n", name, r);
	else
		printf("%-15s -> key %llu value %llu\n", name, (unsigned long long)a.key,
		       (unsigned long long)a.value);
	return r == ret && (r || (a.key == key && a.value == key * 10));
}

int main(int argc, char **argv)
{
	static const uint64_t keys[] = { 50, 20, 80, 10, 60 };
	const struct cache_stats *st;
	struct hive_object *obj;
	int ok = 1;

	if (argc != 2) {
		fprintf(stderr, "usage: %s shared.bpf.o\n", argv[0]);
		return 2;
	}
	obj = hive_object__open_file(argv[1], NULL);
	if (!obj || hive_object__load(obj))
		return 1;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		struct kv a = { keys[i], keys[i] * 10 };

		ok &= run(obj, "insert", &a) == 0;
		printf("insert          key %llu\n", (unsigned long long)keys[i]);
	}
	ok &= expect(obj, "smallest", 0, 10);
	ok &= expect(obj, "evict_smallest", 0, 10); /* 10 stays in the list, stale */
	ok &= expect(obj, "evict_oldest", 0, 50);
	ok &= expect(obj, "evict_oldest", 0, 20);
	ok &= expect(obj, "evict_smallest", 0, 60); /* stale in the list too */
	ok &= expect(obj, "evict_oldest", 0, 80);
	ok &= expect(obj, "evict_oldest", -1, 0); /* drops stale 10 and 60, then empty */
	ok &= expect(obj, "smallest", -1, 0);
	st = hive_map__initial_value(hive_object__find_map_by_name(obj, ".bss"), NULL);
	printf("stats: inserted %llu in tree %llu in list %llu stale dropped %llu\n",
	       (unsigned long long)st->inserted, (unsigned long long)st->in_tree,
	       (unsigned long long)st->in_list, (unsigned long long)st->stale_dropped);
	ok &= st->inserted == 5 && !st->in_tree && !st->in_list && st->stale_dropped == 2;
	printf("%s\n", ok ? "shared entries: ok" : "shared entries: WRONG");
	hive_object__close(obj);
	return ok ? 0 : 1;
}
