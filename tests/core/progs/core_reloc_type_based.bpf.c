// SPDX-License-Identifier: BSD-2-Clause
/* CO-RE matrix, type_based: existence, match and size of whole types. */
#include "core_common.h"

#define TB3(i, T)                              \
	out[i] = bpf_core_type_exists(T);      \
	out[i + 1] = bpf_core_type_matches(T); \
	out[i + 2] = bpf_core_type_size(T)

SEC("raw_tp/sys_enter")
int test_type_based(void *ctx)
{
	TB3(0, struct core_tb_struct);
	TB3(3, union core_tb_union);
	TB3(6, enum core_tb_enum);
	TB3(9, core_tb_named_struct_t);
	TB3(12, core_tb_anon_struct_t);
	TB3(15, core_tb_struct_ptr_t);
	TB3(18, core_tb_enum_t);
	TB3(21, core_tb_void_ptr_t);
	TB3(24, core_tb_restrict_ptr_t);
	TB3(27, core_tb_func_proto_t);
	TB3(30, core_tb_arr_t);
	TB3(33, core_tb_int_t);
	return 0;
}
