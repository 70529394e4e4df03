// SPDX-License-Identifier: BSD-2-Clause
/* mistake: a pinning value that is neither NONE nor BY_NAME */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
char LICENSE[] SEC("license") = "GPL";
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
	__uint(pinning, 7);
} m SEC(".maps");
SEC("xdp")
int prog(void *ctx)
{
	__u32 k = 0;
	return bpf_map_lookup_elem(&m, &k) ? 1 : 2;
}
