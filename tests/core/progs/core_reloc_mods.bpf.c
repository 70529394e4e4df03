// SPDX-License-Identifier: BSD-2-Clause
/* CO-RE matrix, mods: const/volatile/typedef chains are transparent. */
#include "core_common.h"

#define T struct core_reloc_mods

SEC("raw_tp/sys_enter")
int test_mods(void *ctx)
{
	out[0] = OFF(T, a);
	out[1] = OFF(T, b);
	out[2] = OFF(T, c);
	out[3] = OFF(T, d);
	out[4] = OFF(T, e);
	out[5] = OFF(T, f);
	out[6] = OFF(T, g.y);
	out[7] = OFF(T, h.y);
	return 0;
}
