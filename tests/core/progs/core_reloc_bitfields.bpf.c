// SPDX-License-Identifier: BSD-2-Clause
/* CO-RE matrix, bitfields: load unit, shifts and signedness of bitfields and plain ints. */
#include "core_common.h"

#define T struct core_reloc_bitfields
#define BF5(i, f)                  \
	out[i] = OFF(T, f);        \
	out[i + 1] = SZ(T, f);     \
	out[i + 2] = LSHIFT(T, f); \
	out[i + 3] = RSHIFT(T, f); \
	out[i + 4] = SIGNED(T, f)

SEC("raw_tp/sys_enter")
int test_bitfields(void *ctx)
{
	BF5(0, ub1);
	BF5(5, ub2);
	BF5(10, ub7);
	BF5(15, sb4);
	BF5(20, sb20);
	BF5(25, u32);
	BF5(30, s32);
	return 0;
}
