// SPDX-License-Identifier: BSD-2-Clause
/* CO-RE matrix, enumval: enumerator existence and values, named and anonymous enums. */
#include "core_common.h"

SEC("raw_tp/sys_enter")
int test_enumval(void *ctx)
{
	out[0] = bpf_core_enum_value_exists(enum core_named_enum, CORE_NAMED_VAL1);
	out[1] = bpf_core_enum_value_exists(enum core_named_enum, CORE_NAMED_VAL3);
	out[2] = bpf_core_enum_value_exists(core_anon_enum, CORE_ANON_VAL1);
	out[3] = bpf_core_enum_value_exists(core_anon_enum, CORE_ANON_VAL3);
	out[4] = bpf_core_enum_value(enum core_named_enum, CORE_NAMED_VAL1);
	out[5] = bpf_core_enum_value(enum core_named_enum, CORE_NAMED_VAL2);
	out[6] = bpf_core_enum_value(enum core_named_enum, CORE_NAMED_VAL3);
	out[7] = bpf_core_enum_value(core_anon_enum, CORE_ANON_VAL1);
	out[8] = bpf_core_enum_value(core_anon_enum, CORE_ANON_VAL2);
	out[9] = bpf_core_enum_value(core_anon_enum, CORE_ANON_VAL3);
	return 0;
}
