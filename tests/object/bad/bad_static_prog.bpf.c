// SPDX-License-Identifier: BSD-2-Clause
/* mistake: an entry program declared static */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
char LICENSE[] SEC("license") = "GPL";
SEC("xdp")
static int hidden_prog(void *ctx)
{
	return 0;
}
int (*keep)(void *) = hidden_prog;
