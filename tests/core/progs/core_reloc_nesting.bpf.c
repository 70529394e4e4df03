// SPDX-License-Identifier: BSD-2-Clause
/* CO-RE matrix, nesting: fields reached through nested named structs and unions. */
#include "core_common.h"

SEC("raw_tp/sys_enter")
int test_nesting(void *ctx)
{
	out[0] = OFF(struct core_reloc_nesting, a.a.a);
	out[1] = OFF(struct core_reloc_nesting, b.b.b);
	out[2] = SZ(struct core_reloc_nesting, a.a.a);
	out[3] = EXISTS(struct core_reloc_nesting, b.b.b);
	return 0;
}
