// SPDX-License-Identifier: BSD-2-Clause
/*
 * mistake: a CO-RE read of a type the kernel does not have. As in libbpf this is not a load
 * error by itself: the instruction is poisoned, and reaching it fails verification with
 * "failed to resolve CO-RE relocation <spec>".
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
char LICENSE[] SEC("license") = "GPL";
struct hive_not_in_kernel {
	int field;
} __attribute__((preserve_access_index));
SEC("raw_tp/sys_enter")
int prog(void *ctx)
{
	struct hive_not_in_kernel *p = (void *)bpf_get_current_task();

	return BPF_CORE_READ(p, field);
}
