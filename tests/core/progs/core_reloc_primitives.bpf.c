// SPDX-License-Identifier: BSD-2-Clause
/* CO-RE matrix, primitives: char, int, enum, pointer and function pointer fields. */
#include "core_common.h"

#define T struct core_reloc_primitives

SEC("raw_tp/sys_enter")
int test_primitives(void *ctx)
{
	out[0] = OFF(T, a);
	out[1] = OFF(T, b);
	out[2] = OFF(T, c);
	out[3] = OFF(T, d);
	out[4] = OFF(T, f);
	out[5] = SZ(T, c);
	out[6] = SZ(T, d);
	return 0;
}
