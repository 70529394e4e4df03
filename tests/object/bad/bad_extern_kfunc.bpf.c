// SPDX-License-Identifier: BSD-2-Clause
/* mistake: a (strong) kfunc the kernel does not have */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
char LICENSE[] SEC("license") = "GPL";
extern int bpf_hive_no_such_kfunc(int x) __ksym;
SEC("syscall")
int prog(void *ctx)
{
	return bpf_hive_no_such_kfunc(1);
}
