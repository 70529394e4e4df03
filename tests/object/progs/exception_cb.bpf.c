// SPDX-License-Identifier: BSD-2-Clause
/*
 * exception_cb: a program naming its exception callback with the `exception_callback:<name>`
 * decl tag. The callback is a global subprogram nobody calls; the loader appends it anyway
 * (libbpf 1.4+; 1.1 does not, see diff_libbpf.sh).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

__noinline int my_exception_cb(__u64 cookie)
{
	return (int)cookie + 1;
}

__attribute__((btf_decl_tag("exception_callback:my_exception_cb")))
SEC("tc") int with_exception_cb(struct __sk_buff *skb)
{
	return skb->len;
}
