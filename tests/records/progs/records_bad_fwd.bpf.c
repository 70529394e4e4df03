// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/records/progs/records_bad_fwd.bpf.c: a mistake real programs make: a __kptr to a
 * kernel type the program never uses otherwise, so clang emits only a declaration (FWD) of
 * struct task_struct. The value type has a lock, so it is a local object type and BPF_BTF_LOAD
 * fails with -EINVAL; bpfhive must say the same, and say why.
 */
#include "progs.h"

char LICENSE[] SEC("license") = "GPL";

struct bad_val {
	struct bpf_spin_lock lock;
	struct task_struct __kptr *task;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, int);
	__type(value, struct bad_val);
} bad_map SEC(".maps");

SEC("syscall")
int bad_prog(void *ctx)
{
	return 0;
}
