// SPDX-License-Identifier: BSD-2-Clause
/*
 * BTF the kernel refuses (a type with two graph nodes and no bpf_refcount): libbpf loads the
 * programs without BTF, and kfuncs that need program BTF are rejected.
 */
#include "vprogs.h"
#include "bpf_experimental.h"

struct twonodes {
	long key;
	struct bpf_rb_node rb;
	struct bpf_list_node ln;
};

SEC("syscall")
int fail_obj_new_without_btf(void *ctx)
{
	struct twonodes *n = bpf_obj_new(struct twonodes);

	if (!n)
		return 0;
	bpf_obj_drop(n);
	return 0;
}

SEC("syscall")
int plain_without_btf(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
