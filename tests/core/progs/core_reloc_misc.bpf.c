// SPDX-License-Identifier: BSD-2-Clause
/*
 * CO-RE matrix, misc: two local flavours whose access strings are the same ("0:1") but name
 * different fields; an array-only accessor ("2") on a struct that grows in the target.
 */
#include "core_common.h"

SEC("raw_tp/sys_enter")
int test_misc(void *ctx)
{
	out[0] = OFF(struct core_reloc_misc___a, a2);
	out[1] = OFF(struct core_reloc_misc___b, b2);
	out[2] = __builtin_preserve_field_info(((struct core_reloc_misc_extensible *)0)[2],
					       BPF_FIELD_BYTE_OFFSET);
	return 0;
}
