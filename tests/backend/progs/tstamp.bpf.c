// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/backend/progs/tstamp.bpf.c: __sk_buff->tstamp. The verifier's rewrite of this field
 * uses the kernel's hidden register BPF_REG_AX, which the interpreter does not have yet: the
 * user backend refuses the program with a clear message (a known difference of the
 * differential test, kept in its own object so that the other programs load).
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

SEC("tc")
int tc_tstamp(struct __sk_buff *skb)
{
	__u64 t = skb->tstamp;

	skb->tstamp = t + 1;
	return (int)t;
}
