// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/backend/progs/rejected.bpf.c: a program the verifier must reject (a hash map value used
 * without the NULL check), for the tests of the verifier log through the API and the CLI.
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} arr SEC(".maps");

SEC("syscall")
int no_null_check(void *ctx)
{
	__u32 zero = 0;
	__u64 *v = bpf_map_lookup_elem(&arr, &zero);

	return (int)*v;
}
