// SPDX-License-Identifier: BSD-2-Clause
/* mistake: a map without a type */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
char LICENSE[] SEC("license") = "GPL";
struct {
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} m SEC(".maps");
SEC("xdp")
int prog(void *ctx)
{
	__u32 k = 0;
	return bpf_map_lookup_elem(&m, &k) ? 1 : 2;
}
