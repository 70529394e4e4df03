// SPDX-License-Identifier: BSD-2-Clause
/*
 * bench/run/progs/interp.bpf.c: the interpreter benchmark's programs (bench/interp, the .s files) written
 * in C, so that whole objects can go through `bpfhive run` and libbpf: the same loops, round
 * counts and constants, seeded from skb->len. Socket filters, as the interpreter benchmark
 * runs them in the kernel.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

SEC("socket")
int run_loop(struct __sk_buff *skb)
{
	__u64 r0 = skb->len;

#pragma clang loop unroll(disable)
	for (__u64 i = 0; i < 20000; i++) {
		r0 *= 0x2545f491;
		r0 ^= i;
		r0 ^= r0 >> 29;
		r0 += 0x3c6ef372;
	}
	return (int)r0;
}

static __noinline __u64 mix(__u64 x, __u64 i)
{
	return ((x ^ i) * 0x01000193) ^ (x >> 17);
}

SEC("socket")
int run_calls(struct __sk_buff *skb)
{
	__u64 x = skb->len;

#pragma clang loop unroll(disable)
	for (__u64 i = 0; i < 5000; i++)
		x = mix(x, i);
	return (int)x;
}

SEC("socket")
int run_memory(struct __sk_buff *skb)
{
	volatile __u64 s[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	__u64 r0 = skb->len;

#pragma clang loop unroll(disable)
	for (int i = 0; i < 4000; i++) {
		r0 = s[0] = (s[0] + s[1]) ^ r0;
		r0 = s[1] = (s[1] + s[2]) ^ r0;
		r0 = s[2] = (s[2] + s[3]) ^ r0;
		r0 = s[3] = (s[3] + s[4]) ^ r0;
		r0 = s[4] = (s[4] + s[5]) ^ r0;
		r0 = s[5] = (s[5] + s[6]) ^ r0;
		r0 = s[6] = (s[6] + s[7]) ^ r0;
		r0 = s[7] = (s[7] + s[0]) ^ r0;
	}
	return (int)r0;
}

SEC("socket")
int run_branchy(struct __sk_buff *skb)
{
	__u64 x = skb->len, acc = 0;

#pragma clang loop unroll(disable)
	for (int i = 0; i < 1500; i++) {
		__u64 r2;

		x = x * 0x41c64e6d + 12345;
		r2 = x >> 16;
		if (r2 & 1) {
			acc -= r2;
			if (!(r2 & 4))
				acc <<= 1;
		} else {
			acc += r2;
			if (!(r2 & 2))
				acc ^= x;
		}
	}
	return (int)acc;
}

SEC("socket")
int run_alu32(struct __sk_buff *skb)
{
	__u32 r0 = skb->len;

#pragma clang loop unroll(disable)
	for (__u32 i = 0; i < 10000; i++) {
		__u32 k = i * 0xcc9e2d51u;

		k = (k << 15) | (k >> 17);
		k *= 0x1b873593u;
		r0 ^= k;
		r0 = (r0 << 13) | (r0 >> 19);
		r0 = r0 * 5 + 0xe6546b64u;
	}
	return (int)r0;
}
