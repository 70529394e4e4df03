// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/btf/endian.bpf.c: a small self-contained program (no vmlinux.h) compiled for both
 * byte orders (-target bpfel and bpfeb): the big-endian object must open, its BTF must parse
 * into the same types as the little-endian one, and bpftool must dump them the same.
 */
struct endian_pair {
	unsigned int lo : 12;
	unsigned int hi : 20;
	long long wide;
	enum { ENDIAN_A = 1, ENDIAN_B = 0x12345678 } e;
};

struct endian_pair endian_var = { .lo = 1, .wide = 2 };
char _license[] __attribute__((section("license"), used)) = "GPL";

__attribute__((section("xdp"), used)) int endian_prog(void *ctx)
{
	return endian_var.lo + (int)endian_var.wide + endian_var.e;
}
