// SPDX-License-Identifier: BSD-2-Clause
/* mistake: `values` (static slots) on a map that is neither map-in-map nor a prog array */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
char LICENSE[] SEC("license") = "GPL";
struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
};
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner);
} m SEC(".maps");
SEC("xdp")
int prog(void *ctx)
{
	__u32 k = 0;
	return bpf_map_lookup_elem(&m, &k) ? 1 : 2;
}
