/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/verifier/progs/vprogs.h: what the verifier corpus programs share. A program whose name
 * starts with fail_ must be rejected by the kernel (diff_obj checks that too), every other
 * program accepted.
 */
#ifndef __HIVE_VPROGS_H
#define __HIVE_VPROGS_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_tracing.h>

#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define TC_ACT_OK 0
#define TC_ACT_SHOT 2

/* LD_ABS loads (socket filters), as the kernel's samples declare them. */
unsigned long long load_byte(void *skb, unsigned long long off) asm("llvm.bpf.load.byte");
unsigned long long load_half(void *skb, unsigned long long off) asm("llvm.bpf.load.half");
unsigned long long load_word(void *skb, unsigned long long off) asm("llvm.bpf.load.word");

/* Keep a value opaque to the compiler (the verifier still sees every path). */
#define opaque(x)                             \
	({                                    \
		typeof(x) __v = (x);          \
		asm volatile("" : "+r"(__v)); \
		__v;                          \
	})

#endif /* __HIVE_VPROGS_H */
