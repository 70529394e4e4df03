// SPDX-License-Identifier: BSD-2-Clause
/*
 * bench/interp/native.c: the benchmark programs' logic in C, compiled like the rest (-O2), the
 * physical limit the interpreter and the JIT are measured against. Kept in its own file so the
 * compiler cannot fold the seed into the loops.
 */
#include "native.h"

uint64_t native_loop(uint64_t seed)
{
	uint64_t r0 = seed;

	for (uint64_t i = 0; i < 20000; i++) {
		r0 *= 0x2545f491;
		r0 ^= i;
		r0 ^= r0 >> 29;
		r0 += 0x3c6ef372;
	}
	return r0;
}

static uint64_t mix(uint64_t x, uint64_t i)
{
	return ((x ^ i) * 0x01000193) ^ (x >> 17);
}

uint64_t native_calls(uint64_t seed)
{
	uint64_t x = seed;

	for (uint64_t i = 0; i < 5000; i++)
		x = mix(x, i);
	return x;
}

uint64_t native_memory(uint64_t seed)
{
	uint64_t s[8] = { 1, 2, 3, 4, 5, 6, 7, 8 }, r0 = seed;

	for (int i = 0; i < 4000; i++) {
		for (int k = 0; k < 8; k++) {
			s[k] = (s[k] + s[(k + 1) % 8]) ^ r0;
			r0 = s[k];
		}
	}
	return r0;
}

uint64_t native_branchy(uint64_t seed)
{
	uint64_t x = seed, acc = 0;

	for (int i = 0; i < 1500; i++) {
		uint64_t r2;

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
	return acc;
}

uint64_t native_alu32(uint64_t seed)
{
	uint32_t r0 = (uint32_t)seed;

	for (uint32_t i = 0; i < 10000; i++) {
		uint32_t k = i * 0xcc9e2d51u;

		k = (k << 15) | (k >> 17);
		k *= 0x1b873593u;
		r0 ^= k;
		r0 = (r0 << 13) | (r0 >> 19);
		r0 = r0 * 5 + 0xe6546b64u;
	}
	return r0;
}
