// SPDX-License-Identifier: BSD-2-Clause
/* CO-RE matrix, ints: offset, size and signedness of u8..s64. */
#include "core_common.h"

#define T struct core_reloc_ints
#define INT3(i, f)             \
	out[i] = OFF(T, f);    \
	out[i + 1] = SZ(T, f); \
	out[i + 2] = SIGNED(T, f)

SEC("raw_tp/sys_enter")
int test_ints(void *ctx)
{
	INT3(0, u8_field);
	INT3(3, s8_field);
	INT3(6, u16_field);
	INT3(9, s16_field);
	INT3(12, u32_field);
	INT3(15, s32_field);
	INT3(18, u64_field);
	INT3(21, s64_field);
	return 0;
}
