// SPDX-License-Identifier: BSD-2-Clause
/* CO-RE matrix, enum64val: 64-bit enumerators, unsigned and signed. */
#include "core_common.h"

SEC("raw_tp/sys_enter")
int test_enum64val(void *ctx)
{
	out[0] = bpf_core_enum_value_exists(enum core_named_enum64, CORE_NAMED_ENUM64_VAL1);
	out[1] = bpf_core_enum_value_exists(enum core_named_enum64, CORE_NAMED_ENUM64_VAL3);
	out[2] = bpf_core_enum_value_exists(enum core_named_signed_enum64,
					    CORE_NAMED_SIGNED_ENUM64_VAL1);
	out[3] = bpf_core_enum_value_exists(enum core_named_signed_enum64,
					    CORE_NAMED_SIGNED_ENUM64_VAL3);
	out[4] = bpf_core_enum_value(enum core_named_enum64, CORE_NAMED_ENUM64_VAL1);
	out[5] = bpf_core_enum_value(enum core_named_enum64, CORE_NAMED_ENUM64_VAL2);
	out[6] = bpf_core_enum_value(enum core_named_enum64, CORE_NAMED_ENUM64_VAL3);
	out[7] = bpf_core_enum_value(enum core_named_signed_enum64, CORE_NAMED_SIGNED_ENUM64_VAL1);
	out[8] = bpf_core_enum_value(enum core_named_signed_enum64, CORE_NAMED_SIGNED_ENUM64_VAL2);
	out[9] = bpf_core_enum_value(enum core_named_signed_enum64, CORE_NAMED_SIGNED_ENUM64_VAL3);
	return 0;
}
