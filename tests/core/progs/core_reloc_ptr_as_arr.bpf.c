// SPDX-License-Identifier: BSD-2-Clause
/* CO-RE matrix, ptr_as_arr: &p[2].a (access string "2:0") scales with the target's size. */
#include "core_common.h"

SEC("raw_tp/sys_enter")
int test_ptr_as_arr(void *ctx)
{
	out[0] = __builtin_preserve_field_info(((struct core_reloc_ptr_as_arr *)0)[2].a,
					       BPF_FIELD_BYTE_OFFSET);
	return 0;
}
