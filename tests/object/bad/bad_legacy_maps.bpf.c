// SPDX-License-Identifier: BSD-2-Clause
/* mistake: a map defined the pre-BTF way, in a section named "maps" */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
char LICENSE[] SEC("license") = "GPL";
struct legacy_def {
	unsigned int type, key_size, value_size, max_entries, map_flags;
};
struct legacy_def old_map SEC("maps") = { BPF_MAP_TYPE_ARRAY, 4, 4, 1, 0 };
SEC("xdp")
int prog(void *ctx)
{
	__u32 k = 0;
	return bpf_map_lookup_elem(&old_map, &k) ? 1 : 2;
}
