// SPDX-License-Identifier: BSD-2-Clause
/* mistake: a program in a section no loader knows the type of */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
char LICENSE[] SEC("license") = "GPL";
SEC("xdpp")
int misspelled(void *ctx)
{
	return 0;
}
