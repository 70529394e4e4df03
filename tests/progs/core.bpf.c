// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/progs/core.bpf.c: CO-RE relocations of every group (field, type, enum value) against
 * kernel types, a kconfig extern and a typed ksym, plus subprograms and a bpf_loop callback so
 * that .BTF.ext carries func_info, line_info and core_relo records for several sections.
 */
#include "progs.h"

char LICENSE[] SEC("license") = "GPL";

extern int LINUX_KERNEL_VERSION __kconfig;
extern unsigned int CONFIG_HZ __kconfig __weak;

struct task_struct___hive {
	int pid;
	int no_such_field;
} __attribute__((preserve_access_index));

enum bpf_map_type___hive { BPF_MAP_TYPE_ARRAY___hive = 2 };

long hive_sink;

static int loop_cb(__u32 idx, void *ctx)
{
	*(long *)ctx += idx;
	return 0;
}

static __noinline long sum(int n)
{
	long acc = 0;

	bpf_loop(n, loop_cb, &acc, 0);
	return acc;
}

SEC("tp_btf/sched_switch")
int hive_core(u64 *ctx)
{
	struct task_struct *task = (void *)bpf_get_current_task_btf();
	struct task_struct___hive *t = (void *)task;
	long r = 0;

	r += BPF_CORE_READ(task, pid);
	r += bpf_core_field_exists(t->no_such_field);
	r += bpf_core_field_size(task->comm);
	r += bpf_core_type_exists(struct bpf_rb_root);
	r += bpf_core_type_size(struct task_struct);
	r += bpf_core_enum_value_exists(enum bpf_map_type___hive, BPF_MAP_TYPE_ARRAY___hive);
	r += bpf_core_enum_value(enum bpf_map_type___hive, BPF_MAP_TYPE_ARRAY___hive);
	r += bpf_core_type_id_kernel(struct task_struct);
	r += LINUX_KERNEL_VERSION + CONFIG_HZ;
	hive_sink = r + sum(4);
	return 0;
}

SEC("xdp")
int hive_xdp(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;

	if (data + 14 > end)
		return XDP_DROP;
	return sum(2) > 0 ? XDP_PASS : XDP_ABORTED;
}
