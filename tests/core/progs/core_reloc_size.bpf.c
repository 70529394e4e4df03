// SPDX-License-Identifier: BSD-2-Clause
/* CO-RE matrix, size: field sizes of every kind of member, and their offsets. */
#include "core_common.h"

#define T struct core_reloc_size

SEC("raw_tp/sys_enter")
int test_size(void *ctx)
{
	out[0] = SZ(T, int_field);
	out[1] = SZ(T, struct_field);
	out[2] = SZ(T, union_field);
	out[3] = SZ(T, arr_field);
	out[4] = SZ(T, arr_field[0]);
	out[5] = SZ(T, ptr_field);
	out[6] = SZ(T, enum_field);
	out[7] = SZ(T, float_field);
	out[8] = OFF(T, int_field);
	out[9] = OFF(T, struct_field);
	out[10] = OFF(T, union_field);
	out[11] = OFF(T, arr_field);
	out[12] = OFF(T, ptr_field);
	out[13] = OFF(T, enum_field);
	out[14] = OFF(T, float_field);
	return 0;
}
