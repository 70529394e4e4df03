// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/helper_protos_base.c: the prototypes of the helpers every program type can reach
 * through bpf_base_func_proto() (kernel/bpf/helpers.c, ringbuf.c, stackmap.c, the local
 * storage files, cgroup.c, task_iter.c, btf.c of Linux 6.18), and bpf_base_func_proto() and
 * cgroup_common_func_proto() themselves.
 */
#include <stddef.h>

#include "verifier/protos_internal.h"

/* ---- maps ---- */

PROTO(bpf_map_lookup_elem_proto, "bpf_map_lookup_elem", .pkt_access = true,
      .ret_type = RET_PTR_TO_MAP_VALUE_OR_NULL, ARGS(ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY));
PROTO(bpf_map_update_elem_proto, "bpf_map_update_elem", .pkt_access = true, .ret_type = RET_INTEGER,
      ARGS(ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY, ARG_PTR_TO_MAP_VALUE, ARG_ANYTHING));
PROTO(bpf_map_delete_elem_proto, "bpf_map_delete_elem", .pkt_access = true, .ret_type = RET_INTEGER,
      ARGS(ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY));
PROTO(bpf_map_push_elem_proto, "bpf_map_push_elem", .pkt_access = true, .ret_type = RET_INTEGER,
      ARGS(ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_VALUE, ARG_ANYTHING));
PROTO(bpf_map_pop_elem_proto, "bpf_map_pop_elem", .ret_type = RET_INTEGER,
      ARGS(ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_VALUE | MEM_UNINIT | MEM_WRITE));
PROTO(bpf_map_peek_elem_proto, "bpf_map_peek_elem", .ret_type = RET_INTEGER,
      ARGS(ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_VALUE | MEM_UNINIT | MEM_WRITE));
PROTO(bpf_map_lookup_percpu_elem_proto, "bpf_map_lookup_percpu_elem", .pkt_access = true,
      .ret_type = RET_PTR_TO_MAP_VALUE_OR_NULL,
      ARGS(ARG_CONST_MAP_PTR, ARG_PTR_TO_MAP_KEY, ARG_ANYTHING));
PROTO(bpf_for_each_map_elem_proto, "bpf_for_each_map_elem", .ret_type = RET_INTEGER,
      ARGS(ARG_CONST_MAP_PTR, ARG_PTR_TO_FUNC, ARG_PTR_TO_STACK_OR_NULL, ARG_ANYTHING));
PROTO(bpf_tail_call_proto, "bpf_tail_call", .ret_type = RET_VOID,
      ARGS(ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING));

/* ---- misc ---- */

PROTO(bpf_get_prandom_u32_proto, "bpf_user_rnd_u32", .ret_type = RET_INTEGER);
PROTO(bpf_get_smp_processor_id_proto, "bpf_get_smp_processor_id", .ret_type = RET_INTEGER,
      .allow_fastcall = true);
PROTO(bpf_get_raw_smp_processor_id_proto, "bpf_get_raw_cpu_id", .ret_type = RET_INTEGER);
PROTO(bpf_get_numa_node_id_proto, "bpf_get_numa_node_id", .ret_type = RET_INTEGER);
PROTO(bpf_ktime_get_ns_proto, "bpf_ktime_get_ns", .ret_type = RET_INTEGER);
PROTO(bpf_ktime_get_boot_ns_proto, "bpf_ktime_get_boot_ns", .ret_type = RET_INTEGER);
PROTO(bpf_ktime_get_coarse_ns_proto, "bpf_ktime_get_coarse_ns", .ret_type = RET_INTEGER);
PROTO(bpf_ktime_get_tai_ns_proto, "bpf_ktime_get_tai_ns", .ret_type = RET_INTEGER);
PROTO(bpf_jiffies64_proto, "bpf_jiffies64", .ret_type = RET_INTEGER);
PROTO(bpf_get_current_pid_tgid_proto, "bpf_get_current_pid_tgid", .ret_type = RET_INTEGER);
PROTO(bpf_get_current_uid_gid_proto, "bpf_get_current_uid_gid", .ret_type = RET_INTEGER);
PROTO(bpf_get_current_comm_proto, "bpf_get_current_comm", .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE));
PROTO(bpf_get_ns_current_pid_tgid_proto, "bpf_get_ns_current_pid_tgid", .ret_type = RET_INTEGER,
      ARGS(ARG_ANYTHING, ARG_ANYTHING, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE));
PROTO(bpf_get_current_cgroup_id_proto, "bpf_get_current_cgroup_id", .ret_type = RET_INTEGER);
PROTO(bpf_get_current_ancestor_cgroup_id_proto, "bpf_get_current_ancestor_cgroup_id",
      .ret_type = RET_INTEGER, ARGS(ARG_ANYTHING));
PROTO(bpf_get_cgroup_classid_curr_proto, "bpf_get_cgroup_classid_curr", .ret_type = RET_INTEGER);
PROTO(bpf_current_task_under_cgroup_proto, "bpf_current_task_under_cgroup", .ret_type = RET_INTEGER,
      ARGS(ARG_CONST_MAP_PTR, ARG_ANYTHING));
PROTO(bpf_strtol_proto, "bpf_strtol", .ret_type = RET_INTEGER,
      ARGS(RDONLY_MEM, ARG_CONST_SIZE, ARG_ANYTHING, ALIGNED_U64_OUT), .arg4_size = 8);
PROTO(bpf_strtoul_proto, "bpf_strtoul", .ret_type = RET_INTEGER,
      ARGS(RDONLY_MEM, ARG_CONST_SIZE, ARG_ANYTHING, ALIGNED_U64_OUT), .arg4_size = 8);
PROTO(bpf_strncmp_proto, "bpf_strncmp", .ret_type = RET_INTEGER,
      ARGS(RDONLY_MEM, ARG_CONST_SIZE, ARG_PTR_TO_CONST_STR));
PROTO(bpf_event_output_data_proto, "bpf_event_output_data", .gpl_only = true,
      .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING, RDONLY_MEM, ARG_CONST_SIZE_OR_ZERO));
PROTO(bpf_copy_from_user_proto, "bpf_copy_from_user", .might_sleep = true, .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING));
PROTO(bpf_copy_from_user_task_proto, "bpf_copy_from_user_task", .gpl_only = true,
      .might_sleep = true, .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING, ARG_PTR_TO_BTF_ID,
	   ARG_ANYTHING),
      .arg4_btf_id = "task_struct");
PROTO(bpf_per_cpu_ptr_proto, "bpf_per_cpu_ptr",
      .ret_type = RET_PTR_TO_MEM_OR_BTF_ID | PTR_MAYBE_NULL | MEM_RDONLY,
      ARGS(ARG_PTR_TO_PERCPU_BTF_ID, ARG_ANYTHING));
PROTO(bpf_this_cpu_ptr_proto, "bpf_this_cpu_ptr", .ret_type = RET_PTR_TO_MEM_OR_BTF_ID | MEM_RDONLY,
      ARGS(ARG_PTR_TO_PERCPU_BTF_ID));
PROTO(bpf_snprintf_proto, "bpf_snprintf", .gpl_only = true, .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_MEM_OR_NULL | MEM_WRITE, ARG_CONST_SIZE_OR_ZERO, ARG_PTR_TO_CONST_STR,
	   RDONLY_MEM_OR_NULL, ARG_CONST_SIZE_OR_ZERO));
PROTO(bpf_loop_proto, "bpf_loop", .ret_type = RET_INTEGER,
      ARGS(ARG_ANYTHING, ARG_PTR_TO_FUNC, ARG_PTR_TO_STACK_OR_NULL, ARG_ANYTHING));
PROTO(bpf_find_vma_proto, "bpf_find_vma", .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_BTF_ID, ARG_ANYTHING, ARG_PTR_TO_FUNC, ARG_PTR_TO_STACK_OR_NULL,
	   ARG_ANYTHING),
      .arg1_btf_id = "task_struct");
PROTO(bpf_btf_find_by_name_kind_proto, "bpf_btf_find_by_name_kind", .ret_type = RET_INTEGER,
      ARGS(RDONLY_MEM, ARG_CONST_SIZE, ARG_ANYTHING, ARG_ANYTHING));

/* ---- locks, timers, kptrs ---- */

PROTO(bpf_spin_lock_proto, "bpf_spin_lock", .ret_type = RET_VOID, ARGS(ARG_PTR_TO_SPIN_LOCK),
      .arg1_btf_id = PROTO_BTF_POISON);
PROTO(bpf_spin_unlock_proto, "bpf_spin_unlock", .ret_type = RET_VOID, ARGS(ARG_PTR_TO_SPIN_LOCK),
      .arg1_btf_id = PROTO_BTF_POISON);
PROTO(bpf_timer_init_proto, "bpf_timer_init", .gpl_only = true, .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_TIMER, ARG_CONST_MAP_PTR, ARG_ANYTHING));
PROTO(bpf_timer_set_callback_proto, "bpf_timer_set_callback", .gpl_only = true,
      .ret_type = RET_INTEGER, ARGS(ARG_PTR_TO_TIMER, ARG_PTR_TO_FUNC));
PROTO(bpf_timer_start_proto, "bpf_timer_start", .gpl_only = true, .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_TIMER, ARG_ANYTHING, ARG_ANYTHING));
PROTO(bpf_timer_cancel_proto, "bpf_timer_cancel", .gpl_only = true, .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_TIMER));
PROTO(bpf_kptr_xchg_proto, "bpf_kptr_xchg", .ret_type = RET_PTR_TO_BTF_ID_OR_NULL,
      .ret_btf_id = PROTO_BTF_POISON,
      ARGS(ARG_KPTR_XCHG_DEST, ARG_PTR_TO_BTF_ID_OR_NULL | OBJ_RELEASE),
      .arg2_btf_id = PROTO_BTF_POISON);

/* ---- dynptrs ---- */

PROTO(bpf_dynptr_from_mem_proto, "bpf_dynptr_from_mem", .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING,
	   ARG_PTR_TO_DYNPTR | DYNPTR_TYPE_LOCAL | MEM_UNINIT | MEM_WRITE));
PROTO(bpf_dynptr_read_proto, "bpf_dynptr_read", .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_PTR_TO_DYNPTR | MEM_RDONLY,
	   ARG_ANYTHING, ARG_ANYTHING));
PROTO(bpf_dynptr_write_proto, "bpf_dynptr_write", .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_DYNPTR | MEM_RDONLY, ARG_ANYTHING, RDONLY_MEM, ARG_CONST_SIZE_OR_ZERO,
	   ARG_ANYTHING));
PROTO(bpf_dynptr_data_proto, "bpf_dynptr_data", .ret_type = RET_PTR_TO_DYNPTR_MEM_OR_NULL,
      ARGS(ARG_PTR_TO_DYNPTR | MEM_RDONLY, ARG_ANYTHING, ARG_CONST_ALLOC_SIZE_OR_ZERO));

/* ---- ring buffers (kernel/bpf/ringbuf.c) ---- */

PROTO(bpf_ringbuf_output_proto, "bpf_ringbuf_output", .ret_type = RET_INTEGER,
      ARGS(ARG_CONST_MAP_PTR, RDONLY_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING));
PROTO(bpf_ringbuf_reserve_proto, "bpf_ringbuf_reserve", .ret_type = RET_PTR_TO_RINGBUF_MEM_OR_NULL,
      ARGS(ARG_CONST_MAP_PTR, ARG_CONST_ALLOC_SIZE_OR_ZERO, ARG_ANYTHING));
PROTO(bpf_ringbuf_submit_proto, "bpf_ringbuf_submit", .ret_type = RET_VOID,
      ARGS(ARG_PTR_TO_RINGBUF_MEM | OBJ_RELEASE, ARG_ANYTHING));
PROTO(bpf_ringbuf_discard_proto, "bpf_ringbuf_discard", .ret_type = RET_VOID,
      ARGS(ARG_PTR_TO_RINGBUF_MEM | OBJ_RELEASE, ARG_ANYTHING));
PROTO(bpf_ringbuf_query_proto, "bpf_ringbuf_query", .ret_type = RET_INTEGER,
      ARGS(ARG_CONST_MAP_PTR, ARG_ANYTHING));
PROTO(bpf_ringbuf_reserve_dynptr_proto, "bpf_ringbuf_reserve_dynptr", .ret_type = RET_INTEGER,
      ARGS(ARG_CONST_MAP_PTR, ARG_ANYTHING, ARG_ANYTHING,
	   ARG_PTR_TO_DYNPTR | DYNPTR_TYPE_RINGBUF | MEM_UNINIT | MEM_WRITE));
PROTO(bpf_ringbuf_submit_dynptr_proto, "bpf_ringbuf_submit_dynptr", .ret_type = RET_VOID,
      ARGS(ARG_PTR_TO_DYNPTR | DYNPTR_TYPE_RINGBUF | OBJ_RELEASE, ARG_ANYTHING));
PROTO(bpf_ringbuf_discard_dynptr_proto, "bpf_ringbuf_discard_dynptr", .ret_type = RET_VOID,
      ARGS(ARG_PTR_TO_DYNPTR | DYNPTR_TYPE_RINGBUF | OBJ_RELEASE, ARG_ANYTHING));
PROTO(bpf_user_ringbuf_drain_proto, "bpf_user_ringbuf_drain", .ret_type = RET_INTEGER,
      ARGS(ARG_CONST_MAP_PTR, ARG_PTR_TO_FUNC, ARG_PTR_TO_STACK_OR_NULL, ARG_ANYTHING));

/* ---- local storage ---- */

#define STORAGE_GET(sym, kname, obj)                                                           \
	PROTO(sym, kname, .ret_type = RET_PTR_TO_MAP_VALUE_OR_NULL,                            \
	      ARGS(ARG_CONST_MAP_PTR, ARG_PTR_TO_BTF_ID_OR_NULL, ARG_PTR_TO_MAP_VALUE_OR_NULL, \
		   ARG_ANYTHING),                                                              \
	      .arg2_btf_id = obj)
#define STORAGE_DELETE(sym, kname, obj)            \
	PROTO(sym, kname, .ret_type = RET_INTEGER, \
	      ARGS(ARG_CONST_MAP_PTR, ARG_PTR_TO_BTF_ID_OR_NULL), .arg2_btf_id = obj)

STORAGE_GET(bpf_task_storage_get_proto, "bpf_task_storage_get", "task_struct");
STORAGE_GET(bpf_task_storage_get_recur_proto, "bpf_task_storage_get_recur", "task_struct");
STORAGE_DELETE(bpf_task_storage_delete_proto, "bpf_task_storage_delete", "task_struct");
STORAGE_DELETE(bpf_task_storage_delete_recur_proto, "bpf_task_storage_delete_recur", "task_struct");
STORAGE_GET(bpf_cgrp_storage_get_proto, "bpf_cgrp_storage_get", "cgroup");
STORAGE_DELETE(bpf_cgrp_storage_delete_proto, "bpf_cgrp_storage_delete", "cgroup");
STORAGE_GET(bpf_inode_storage_get_proto, "bpf_inode_storage_get", "inode");
STORAGE_DELETE(bpf_inode_storage_delete_proto, "bpf_inode_storage_delete", "inode");

PROTO(bpf_get_local_storage_proto, "bpf_get_local_storage", .ret_type = RET_PTR_TO_MAP_VALUE,
      ARGS(ARG_CONST_MAP_PTR, ARG_ANYTHING));
PROTO(bpf_get_retval_proto, "bpf_get_retval", .ret_type = RET_INTEGER);
PROTO(bpf_set_retval_proto, "bpf_set_retval", .ret_type = RET_INTEGER, ARGS(ARG_ANYTHING));

/* ---- stack traces (kernel/bpf/stackmap.c) ---- */

PROTO(bpf_get_stackid_proto, "bpf_get_stackid", .gpl_only = true, .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING));
PROTO(bpf_get_stackid_proto_pe, "bpf_get_stackid_pe", .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING));
PROTO(bpf_get_stack_proto, "bpf_get_stack", .gpl_only = true, .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_CTX, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING));
PROTO(bpf_get_stack_sleepable_proto, "bpf_get_stack_sleepable", .gpl_only = true,
      .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_CTX, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING));
PROTO(bpf_get_stack_proto_pe, "bpf_get_stack_pe", .gpl_only = true, .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_CTX, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING));
PROTO(bpf_get_task_stack_proto, "bpf_get_task_stack", .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_BTF_ID, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING),
      .arg1_btf_id = "task_struct");
PROTO(bpf_get_task_stack_sleepable_proto, "bpf_get_task_stack_sleepable", .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_BTF_ID, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING),
      .arg1_btf_id = "task_struct");

/* ---- bpf_base_func_proto() ---- */

/* Helpers every program type may call, whatever its capabilities. */
static const struct bpf_func_proto *base_unprivileged(int func_id)
{
	switch (func_id) {
	case BPF_FUNC_map_lookup_elem:
		return &bpf_map_lookup_elem_proto;
	case BPF_FUNC_map_update_elem:
		return &bpf_map_update_elem_proto;
	case BPF_FUNC_map_delete_elem:
		return &bpf_map_delete_elem_proto;
	case BPF_FUNC_map_push_elem:
		return &bpf_map_push_elem_proto;
	case BPF_FUNC_map_pop_elem:
		return &bpf_map_pop_elem_proto;
	case BPF_FUNC_map_peek_elem:
		return &bpf_map_peek_elem_proto;
	case BPF_FUNC_map_lookup_percpu_elem:
		return &bpf_map_lookup_percpu_elem_proto;
	case BPF_FUNC_get_prandom_u32:
		return &bpf_get_prandom_u32_proto;
	case BPF_FUNC_get_smp_processor_id:
		return &bpf_get_raw_smp_processor_id_proto;
	case BPF_FUNC_get_numa_node_id:
		return &bpf_get_numa_node_id_proto;
	case BPF_FUNC_tail_call:
		return &bpf_tail_call_proto;
	case BPF_FUNC_ktime_get_ns:
		return &bpf_ktime_get_ns_proto;
	case BPF_FUNC_ktime_get_boot_ns:
		return &bpf_ktime_get_boot_ns_proto;
	case BPF_FUNC_ktime_get_tai_ns:
		return &bpf_ktime_get_tai_ns_proto;
	case BPF_FUNC_ringbuf_output:
		return &bpf_ringbuf_output_proto;
	case BPF_FUNC_ringbuf_reserve:
		return &bpf_ringbuf_reserve_proto;
	case BPF_FUNC_ringbuf_submit:
		return &bpf_ringbuf_submit_proto;
	case BPF_FUNC_ringbuf_discard:
		return &bpf_ringbuf_discard_proto;
	case BPF_FUNC_ringbuf_query:
		return &bpf_ringbuf_query_proto;
	case BPF_FUNC_strncmp:
		return &bpf_strncmp_proto;
	case BPF_FUNC_strtol:
		return &bpf_strtol_proto;
	case BPF_FUNC_strtoul:
		return &bpf_strtoul_proto;
	case BPF_FUNC_get_current_pid_tgid:
		return &bpf_get_current_pid_tgid_proto;
	case BPF_FUNC_get_ns_current_pid_tgid:
		return &bpf_get_ns_current_pid_tgid_proto;
	case BPF_FUNC_get_current_uid_gid:
		return &bpf_get_current_uid_gid_proto;
	default:
		return NULL;
	}
}

/* Helpers for loaders with CAP_BPF. */
static const struct bpf_func_proto *base_cap_bpf(int func_id, const struct hive_prog_desc *prog)
{
	switch (func_id) {
	case BPF_FUNC_spin_lock:
		return &bpf_spin_lock_proto;
	case BPF_FUNC_spin_unlock:
		return &bpf_spin_unlock_proto;
	case BPF_FUNC_jiffies64:
		return &bpf_jiffies64_proto;
	case BPF_FUNC_per_cpu_ptr:
		return &bpf_per_cpu_ptr_proto;
	case BPF_FUNC_this_cpu_ptr:
		return &bpf_this_cpu_ptr_proto;
	case BPF_FUNC_timer_init:
		return &bpf_timer_init_proto;
	case BPF_FUNC_timer_set_callback:
		return &bpf_timer_set_callback_proto;
	case BPF_FUNC_timer_start:
		return &bpf_timer_start_proto;
	case BPF_FUNC_timer_cancel:
		return &bpf_timer_cancel_proto;
	case BPF_FUNC_kptr_xchg:
		return &bpf_kptr_xchg_proto;
	case BPF_FUNC_for_each_map_elem:
		return &bpf_for_each_map_elem_proto;
	case BPF_FUNC_loop:
		return &bpf_loop_proto;
	case BPF_FUNC_user_ringbuf_drain:
		return &bpf_user_ringbuf_drain_proto;
	case BPF_FUNC_ringbuf_reserve_dynptr:
		return &bpf_ringbuf_reserve_dynptr_proto;
	case BPF_FUNC_ringbuf_submit_dynptr:
		return &bpf_ringbuf_submit_dynptr_proto;
	case BPF_FUNC_ringbuf_discard_dynptr:
		return &bpf_ringbuf_discard_dynptr_proto;
	case BPF_FUNC_dynptr_from_mem:
		return &bpf_dynptr_from_mem_proto;
	case BPF_FUNC_dynptr_read:
		return &bpf_dynptr_read_proto;
	case BPF_FUNC_dynptr_write:
		return &bpf_dynptr_write_proto;
	case BPF_FUNC_dynptr_data:
		return &bpf_dynptr_data_proto;
	case BPF_FUNC_cgrp_storage_get:
		return &bpf_cgrp_storage_get_proto;
	case BPF_FUNC_cgrp_storage_delete:
		return &bpf_cgrp_storage_delete_proto;
	case BPF_FUNC_get_current_cgroup_id:
		return &bpf_get_current_cgroup_id_proto;
	case BPF_FUNC_get_current_ancestor_cgroup_id:
		return &bpf_get_current_ancestor_cgroup_id_proto;
	case BPF_FUNC_current_task_under_cgroup:
		return &bpf_current_task_under_cgroup_proto;
	case BPF_FUNC_get_cgroup_classid:
		return &bpf_get_cgroup_classid_curr_proto;
	case BPF_FUNC_task_storage_get:
		return prog_check_recur(prog) ? &bpf_task_storage_get_recur_proto :
						&bpf_task_storage_get_proto;
	case BPF_FUNC_task_storage_delete:
		return prog_check_recur(prog) ? &bpf_task_storage_delete_recur_proto :
						&bpf_task_storage_delete_proto;
	default:
		return NULL;
	}
}

/* Helpers for loaders with CAP_PERFMON (bpf_trace.c prototypes among them). */
static const struct bpf_func_proto *base_cap_perfmon(int func_id, const struct hive_prog_desc *prog)
{
	switch (func_id) {
	case BPF_FUNC_trace_printk:
		return &bpf_trace_printk_proto;
	case BPF_FUNC_get_current_task:
		return &bpf_get_current_task_proto;
	case BPF_FUNC_get_current_task_btf:
		return &bpf_get_current_task_btf_proto;
	case BPF_FUNC_get_current_comm:
		return &bpf_get_current_comm_proto;
	case BPF_FUNC_probe_read_user:
		return &bpf_probe_read_user_proto;
	case BPF_FUNC_probe_read_kernel:
		return prog->lockdown_read_kernel ? NULL : &bpf_probe_read_kernel_proto;
	case BPF_FUNC_probe_read_user_str:
		return &bpf_probe_read_user_str_proto;
	case BPF_FUNC_probe_read_kernel_str:
		return prog->lockdown_read_kernel ? NULL : &bpf_probe_read_kernel_str_proto;
	case BPF_FUNC_copy_from_user:
		return &bpf_copy_from_user_proto;
	case BPF_FUNC_copy_from_user_task:
		return &bpf_copy_from_user_task_proto;
	case BPF_FUNC_snprintf_btf:
		return &bpf_snprintf_btf_proto;
	case BPF_FUNC_snprintf:
		return &bpf_snprintf_proto;
	case BPF_FUNC_task_pt_regs:
		return &bpf_task_pt_regs_proto;
	case BPF_FUNC_trace_vprintk:
		return &bpf_trace_vprintk_proto;
	case BPF_FUNC_perf_event_read_value:
		return &bpf_perf_event_read_value_proto;
	case BPF_FUNC_perf_event_read:
		return &bpf_perf_event_read_proto;
	case BPF_FUNC_send_signal:
		return &bpf_send_signal_proto;
	case BPF_FUNC_send_signal_thread:
		return &bpf_send_signal_thread_proto;
	case BPF_FUNC_get_task_stack:
		return prog->sleepable ? &bpf_get_task_stack_sleepable_proto :
					 &bpf_get_task_stack_proto;
	case BPF_FUNC_get_branch_snapshot:
		return &bpf_get_branch_snapshot_proto;
	case BPF_FUNC_find_vma:
		return &bpf_find_vma_proto;
	default:
		return NULL;
	}
}

const struct bpf_func_proto *bpf_base_func_proto(int func_id, const struct hive_prog_desc *prog)
{
	const struct bpf_func_proto *fn = base_unprivileged(func_id);

	if (fn)
		return fn;
	if (!proto_cap_bpf(prog))
		return NULL;
	fn = base_cap_bpf(func_id, prog);
	if (fn)
		return fn;
	if (!proto_cap_perfmon(prog))
		return NULL;
	return base_cap_perfmon(func_id, prog);
}

/* kernel/bpf/cgroup.c: get/set_retval need a hook whose return value means something. */
static bool cgroup_has_retval(enum bpf_attach_type type)
{
	switch (type) {
	case BPF_CGROUP_INET_INGRESS:
	case BPF_CGROUP_INET_EGRESS:
	case BPF_CGROUP_SOCK_OPS:
	case BPF_CGROUP_UDP4_RECVMSG:
	case BPF_CGROUP_UDP6_RECVMSG:
	case BPF_CGROUP_UNIX_RECVMSG:
	case BPF_CGROUP_INET4_GETPEERNAME:
	case BPF_CGROUP_INET6_GETPEERNAME:
	case BPF_CGROUP_UNIX_GETPEERNAME:
	case BPF_CGROUP_INET4_GETSOCKNAME:
	case BPF_CGROUP_INET6_GETSOCKNAME:
	case BPF_CGROUP_UNIX_GETSOCKNAME:
		return false;
	default:
		return true;
	}
}

const struct bpf_func_proto *cgroup_common_func_proto(int func_id,
						      const struct hive_prog_desc *prog)
{
	switch (func_id) {
	case BPF_FUNC_get_local_storage:
		return &bpf_get_local_storage_proto;
	case BPF_FUNC_get_retval:
		return cgroup_has_retval(prog->expected_attach_type) ? &bpf_get_retval_proto : NULL;
	case BPF_FUNC_set_retval:
		return cgroup_has_retval(prog->expected_attach_type) ? &bpf_set_retval_proto : NULL;
	default:
		return NULL;
	}
}
