// SPDX-License-Identifier: BSD-2-Clause
/* CO-RE matrix, arrays: multi-dimensional, arrays of structs, a flexible array. */
#include "core_common.h"

SEC("raw_tp/sys_enter")
int test_arrays(void *ctx)
{
	out[0] = OFF(struct core_reloc_arrays, a[2]);
	out[1] = OFF(struct core_reloc_arrays, b[1][2][3]);
	out[2] = OFF(struct core_reloc_arrays, c[1].c);
	out[3] = OFF(struct core_reloc_arrays, d[0][0].d);
	out[4] = OFF(struct core_reloc_arrays, f[1][0].c);
	out[5] = SZ(struct core_reloc_arrays, a[2]);
	out[6] = SZ(struct core_reloc_arrays, c[1]);
	out[7] = EXISTS(struct core_reloc_arrays, d[0][0].d);
	return 0;
}
