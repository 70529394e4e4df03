// SPDX-License-Identifier: BSD-2-Clause
/*
 * core_kernel: CO-RE against the running kernel's BTF: field offsets through pointers
 * (BPF_CORE_READ chains), field existence and size, a bitfield read, enum values and their
 * existence, type existence/size/match, local and target type ids, and flavoured local types.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

struct task_struct___local {
	int pid;
	int tgid;
	struct task_struct___local *group_leader;
	int no_such_field;
} __attribute__((preserve_access_index));

enum bpf_map_type___local {
	BPF_MAP_TYPE_HASH___local = 1,
	BPF_MAP_TYPE_RINGBUF___local = 27,
	BPF_MAP_TYPE_NOT_THERE___local = 9999,
};

struct hive_missing_type {
	int x;
};

__u64 out[32];

SEC("tp_btf/sched_switch")
int BPF_PROG(core_task, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct___local *t = (void *)bpf_get_current_task_btf();

	out[0] = BPF_CORE_READ(t, pid);
	out[1] = BPF_CORE_READ(t, group_leader, group_leader, tgid);
	out[2] = bpf_core_field_exists(t->no_such_field);
	out[3] = bpf_core_field_exists(t->tgid);
	out[4] = bpf_core_field_size(t->pid);
	out[5] = bpf_core_field_offset(t->tgid);
	out[6] = BPF_CORE_READ_BITFIELD_PROBED(prev, in_iowait);
	out[7] = bpf_core_enum_value(enum bpf_map_type___local, BPF_MAP_TYPE_RINGBUF___local);
	out[8] = bpf_core_enum_value_exists(enum bpf_map_type___local,
					    BPF_MAP_TYPE_NOT_THERE___local);
	out[9] = bpf_core_type_exists(struct hive_missing_type);
	out[10] = bpf_core_type_size(struct task_struct);
	out[11] = bpf_core_type_id_local(struct task_struct___local);
	out[12] = bpf_core_type_id_kernel(struct task_struct);
	out[13] = bpf_core_type_matches(struct list_head);
	out[14] = __builtin_preserve_field_info(prev->prio, BPF_FIELD_SIGNED);
	if (bpf_core_field_exists(t->no_such_field))
		out[15] = BPF_CORE_READ(t, no_such_field);
	out[16] = prev->pid + next->tgid;
	return 0;
}
