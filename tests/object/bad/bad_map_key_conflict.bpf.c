// SPDX-License-Identifier: BSD-2-Clause
/* mistake: key type and key_size disagree */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
char LICENSE[] SEC("license") = "GPL";
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u64);
	__uint(key_size, 4);
	__type(value, __u32);
} m SEC(".maps");
SEC("xdp")
int prog(void *ctx)
{
	__u64 k = 0;
	return bpf_map_lookup_elem(&m, &k) ? 1 : 2;
}
