// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzz/fuzz_object.c: libFuzzer target for the loader (object/): hive_object__open_mem() of a
 * hostile object, then hive_object__prepare() in hermetic mode against a small backend (its
 * kfunc table and target BTF are built here, so nothing of the running system is read and a
 * run stays fast), then the views tools use. Anything but a clean error is a bug. Seeds are
 * real objects from tests/object, tests/core and tests/progs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "bpfhive/object.h"
#include "btf/btf.h"
#include "common/err.h"
#include "common/log.h"
#include "object/backend.h"
#include "object/inspect.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct hive_btf *table;

static int quiet(enum hive_print_level level, const char *fmt, va_list args)
{
	return 0;
}

static const struct hive_btf *fuzz_btf(void *ctx)
{
	return table;
}

static const struct hive_backend_ops fuzz_ops = {
	.name = "fuzz",
	.kfunc_btf = fuzz_btf,
	.target_btf = fuzz_btf,
};

/* kfuncs the test programs call, a per-CPU variable and a few CO-RE targets */
static struct hive_btf *build_table(void)
{
	struct hive_btf *b = btf_new_empty(NULL);
	int i32 = btf_add_int(b, "int", 4, BTF_INT_SIGNED);
	int task = btf_add_struct(b, "task_struct", 16), pt, fp;

	btf_add_field(b, "pid", i32, 0, 0);
	btf_add_field(b, "tgid", i32, 32, 0);
	btf_add_field(b, "group_leader", btf_add_ptr(b, task), 64, 0);
	pt = btf_add_ptr(b, task);
	fp = btf_add_func_proto(b, pt);
	btf_add_func_param(b, "pid", i32);
	btf_add_func(b, "bpf_task_from_pid", BTF_FUNC_GLOBAL, fp);
	fp = btf_add_func_proto(b, 0);
	btf_add_func_param(b, "p", pt);
	btf_add_func(b, "bpf_task_release", BTF_FUNC_GLOBAL, fp);
	fp = btf_add_func_proto(b, 0);
	btf_add_func(b, "bpf_rcu_read_lock", BTF_FUNC_GLOBAL, fp);
	btf_add_func(b, "bpf_rcu_read_unlock", BTF_FUNC_GLOBAL, fp);
	btf_add_var(b, "bpf_prog_active", BTF_VAR_GLOBAL_ALLOCATED, i32);
	return b;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	hive_set_print(quiet);
	table = build_table();
	return 0;
}

static void walk(struct hive_object *obj)
{
	struct hive_object_counts c;
	struct hive_insn_ref_info r;
	struct hive_extern_info e;
	struct hive_program *p;
	struct hive_map *m;
	volatile size_t sink = 0;

	hive_object__for_each_program(p, obj) {
		for (size_t i = 0; i < object_prog_ref_cnt(p); i++)
			sink += object_prog_ref(p, i, &r) ? 0 : r.insn_idx;
		sink += hive_program__insn_cnt(p);
	}
	hive_object__for_each_map(m, obj) {
		size_t sz;
		const uint8_t *img = hive_map__initial_value(m, &sz);

		for (size_t i = 0; img && i < sz; i++)
			sink += img[i];
		sink += hive_map__init_slot(m, 0, NULL, NULL);
	}
	for (size_t i = 0; i < object_extern_cnt(obj); i++)
		sink += object_extern(obj, i, &e) ? 0 : e.resolved;
	object_counts(obj, &c);
	(void)sink;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	HIVE_OPTS(hive_object_open_opts, opts, .object_name = "fuzz",
		  .kconfig = "CONFIG_HZ=100\nCONFIG_BPF_SYSCALL=y\nCONFIG_NET=y\n");
	struct hive_object *obj = hive_object__open_mem(data, size, &opts);

	if (!obj)
		return 0;
	walk(obj);
	object_set_hermetic(obj);
	object_set_backend(obj, &fuzz_ops, NULL);
	hive_object__prepare(obj);
	walk(obj);
	hive_object__close(obj);
	return 0;
}
