// SPDX-License-Identifier: BSD-2-Clause
/* mistake: a strong __kconfig extern no kernel config sets */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
char LICENSE[] SEC("license") = "GPL";
extern int CONFIG_HIVE_NO_SUCH_OPTION __kconfig;
int out;
SEC("syscall")
int prog(void *ctx)
{
	out = CONFIG_HIVE_NO_SUCH_OPTION;
	return 0;
}
