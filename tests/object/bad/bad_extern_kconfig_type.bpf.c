// SPDX-License-Identifier: BSD-2-Clause
/* mistake: a __kconfig extern of a type a config value cannot have */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
char LICENSE[] SEC("license") = "GPL";
extern struct {
	int x;
} CONFIG_HZ __kconfig;
int out;
SEC("syscall")
int prog(void *ctx)
{
	out = CONFIG_HZ.x;
	return 0;
}
