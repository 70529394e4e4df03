// SPDX-License-Identifier: BSD-2-Clause
/* mistake: a kfunc (under a flavoured name) declared with the wrong prototype */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
char LICENSE[] SEC("license") = "GPL";
extern struct task_struct *bpf_task_from_pid___bad(int a, int b) __ksym;
SEC("syscall")
int prog(void *ctx)
{
	return bpf_task_from_pid___bad(1, 2) ? 1 : 0;
}
