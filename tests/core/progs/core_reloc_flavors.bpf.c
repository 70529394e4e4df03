// SPDX-License-Identifier: BSD-2-Clause
/* CO-RE matrix, flavors: three local flavours of one type, one field each. */
#include "core_common.h"

SEC("raw_tp/sys_enter")
int test_flavors(void *ctx)
{
	out[0] = OFF(struct core_reloc_flavors, a);
	out[1] = OFF(struct core_reloc_flavors___reversed, b);
	out[2] = OFF(struct core_reloc_flavors___weird, c);
	return 0;
}
