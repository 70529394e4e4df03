// SPDX-License-Identifier: BSD-2-Clause
/* mistake: an fentry program attached to a function the kernel does not have */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
char LICENSE[] SEC("license") = "GPL";
SEC("fentry/hive_no_such_function")
int prog(void *ctx)
{
	return 0;
}
