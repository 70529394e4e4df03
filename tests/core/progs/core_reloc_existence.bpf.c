// SPDX-License-Identifier: BSD-2-Clause
/* CO-RE matrix, existence: field existence, including fields of incompatible type. */
#include "core_common.h"

#define T struct core_reloc_existence

SEC("raw_tp/sys_enter")
int test_existence(void *ctx)
{
	out[0] = EXISTS(T, a);
	out[1] = EXISTS(T, b);
	out[2] = EXISTS(T, c);
	out[3] = EXISTS(T, arr);
	out[4] = EXISTS(T, d);
	out[5] = EXISTS(T, s.z);
	return 0;
}
