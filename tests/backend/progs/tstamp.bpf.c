// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/backend/progs/tstamp.bpf.c: __sk_buff->tstamp, whose rewrite by the verifier uses the
 * kernel's hidden register BPF_REG_AX (r11): reads depend on tstamp_type and tc_at_ingress,
 * writes clear the type.
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

SEC("tc")
int tc_tstamp(struct __sk_buff *skb)
{
	__u64 t = skb->tstamp;

	skb->tstamp = t + 1;
	return (int)t + skb->tstamp_type * 1000;
}
