// SPDX-License-Identifier: BSD-2-Clause
/*
 * externs_weak: a weak kfunc the kernel does not have (its call is poisoned and must be dead
 * code) and a kfunc declared under a flavoured name (bpf_task_from_pid___v1 binds to
 * bpf_task_from_pid). libbpf 1.1 predates both rules; see diff_libbpf.sh.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

extern void bpf_hive_no_such_kfunc(int x) __ksym __weak;
extern struct task_struct *bpf_task_from_pid___v1(s32 pid) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;

int seen;

SEC("syscall")
int weak_kfunc(void *ctx)
{
	if (&bpf_hive_no_such_kfunc)
		bpf_hive_no_such_kfunc(1);
	return 0;
}

SEC("syscall")
int flavoured_kfunc(void *ctx)
{
	struct task_struct *t = bpf_task_from_pid___v1(1);

	if (t) {
		seen = t->pid;
		bpf_task_release(t);
	}
	return 0;
}
