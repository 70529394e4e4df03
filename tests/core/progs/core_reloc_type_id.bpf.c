// SPDX-License-Identifier: BSD-2-Clause
/* CO-RE matrix, type_id: local type ids (no search) and target type ids. */
#include "core_common.h"

SEC("raw_tp/sys_enter")
int test_type_id(void *ctx)
{
	out[0] = bpf_core_type_id_local(struct core_tb_struct);
	out[1] = bpf_core_type_id_local(union core_tb_union);
	out[2] = bpf_core_type_id_local(core_tb_named_struct_t);
	out[3] = bpf_core_type_id_local(core_tb_func_proto_t);
	out[4] = bpf_core_type_id_kernel(struct core_tb_struct);
	out[5] = bpf_core_type_id_kernel(union core_tb_union);
	out[6] = bpf_core_type_id_kernel(enum core_tb_enum);
	out[7] = bpf_core_type_id_kernel(core_tb_named_struct_t);
	out[8] = bpf_core_type_id_kernel(core_tb_func_proto_t);
	out[9] = bpf_core_type_id_kernel(core_tb_int_t);
	return 0;
}
