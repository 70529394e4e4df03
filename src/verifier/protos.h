/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verifier/protos.h: the kernel's vocabulary for helper prototypes (include/linux/bpf.h of
 * Linux 6.18: enum bpf_arg_type, enum bpf_return_type, struct bpf_func_proto) and the
 * per-program-type question "which prototype does helper N have for this program?", with the
 * messages check_helper_call() prints when the answer is "none".
 *
 * Argument and return types are a base type in the low BPF_BASE_TYPE_BITS bits plus flags from
 * enum bpf_type_flag (verifier/regs.h), the same bits the register types use: the numeric values
 * below are the running 6.18 kernel's (checked against its BTF, enum bpf_arg_type and
 * enum bpf_return_type), so ARG_PTR_TO_UNINIT_MEM is ARG_PTR_TO_MEM | MEM_UNINIT | MEM_WRITE.
 *
 * Differences from the kernel's struct bpf_func_proto, all because we have no kernel image:
 *  - no .func pointer; .name names the kernel implementation the prototype describes (several
 *    prototypes share a helper id: perf_event_output is bpf_skb_event_output for tc and
 *    bpf_perf_event_output_raw_tp for raw tracepoints), which is what a runtime keys on;
 *  - arg_btf_id / ret_btf_id hold the *name* of the struct the kernel's resolved BTF id stands
 *    for ("task_struct"), resolved against the target BTF with proto_resolve_btf_id(); the
 *    kernel's BPF_PTR_POISON ("decided by the verifier") is PROTO_BTF_POISON;
 *  - .allowed takes our program description (verifier/prog_types.h).
 */
#ifndef __HIVE_VERIFIER_PROTOS_H
#define __HIVE_VERIFIER_PROTOS_H

#include <stdbool.h>

#include "isa/helpers.h"
#include "verifier/log.h"
#include "verifier/regs.h"

#ifdef __cplusplus
extern "C" {
#endif

struct hive_btf;
struct hive_prog_desc;

/* Helper ids (the UAPI's enum bpf_func_id): BPF_FUNC_map_lookup_elem = 1, ... */
#define __PROTO_FUNC_ENUM(id, name) BPF_FUNC_##name = id,
enum bpf_func_id {
	BPF_FUNC_unspec = 0,
	HIVE_HELPER_MAP(__PROTO_FUNC_ENUM) __BPF_FUNC_MAX_ID,
};
#undef __PROTO_FUNC_ENUM

_Static_assert(__BPF_FUNC_MAX_ID == HIVE_HELPER_MAX_ID, "helper table and enum agree");

/* Largest value an argument/return/register type may take (the kernel's BPF_TYPE_LIMIT). */
#define BPF_TYPE_LIMIT (DYNPTR_TYPE_SKB_META | (DYNPTR_TYPE_SKB_META - 1))
#define DYNPTR_TYPE_FLAG_MASK                                                          \
	(DYNPTR_TYPE_LOCAL | DYNPTR_TYPE_RINGBUF | DYNPTR_TYPE_SKB | DYNPTR_TYPE_XDP | \
	 DYNPTR_TYPE_SKB_META)

/* Argument constraints of a helper (include/linux/bpf.h, 6.18 order and values). */
enum bpf_arg_type {
	ARG_DONTCARE = 0, /* unused argument */
	ARG_CONST_MAP_PTR, /* const argument used as pointer to bpf_map */
	ARG_PTR_TO_MAP_KEY, /* pointer to stack used as map key */
	ARG_PTR_TO_MAP_VALUE, /* pointer to stack used as map value */
	ARG_PTR_TO_MEM, /* pointer to valid memory (stack, packet, map value) */
	ARG_PTR_TO_ARENA,
	ARG_CONST_SIZE, /* number of bytes accessed from memory */
	ARG_CONST_SIZE_OR_ZERO, /* number of bytes accessed from memory or 0 */
	ARG_PTR_TO_CTX, /* pointer to context */
	ARG_ANYTHING, /* any (initialized) argument is ok */
	ARG_PTR_TO_SPIN_LOCK, /* pointer to bpf_spin_lock */
	ARG_PTR_TO_SOCK_COMMON, /* pointer to sock_common */
	ARG_PTR_TO_SOCKET, /* pointer to bpf_sock (fullsock) */
	ARG_PTR_TO_BTF_ID, /* pointer to in-kernel struct */
	ARG_PTR_TO_RINGBUF_MEM, /* pointer to dynamically reserved ringbuf memory */
	ARG_CONST_ALLOC_SIZE_OR_ZERO, /* number of allocated bytes requested */
	ARG_PTR_TO_BTF_ID_SOCK_COMMON, /* pointer to in-kernel sock_common or bpf-mirrored bpf_sock */
	ARG_PTR_TO_PERCPU_BTF_ID, /* pointer to in-kernel percpu type */
	ARG_PTR_TO_FUNC, /* pointer to a bpf program function */
	ARG_PTR_TO_STACK, /* pointer to stack */
	ARG_PTR_TO_CONST_STR, /* pointer to a null terminated read-only string */
	ARG_PTR_TO_TIMER, /* pointer to bpf_timer */
	ARG_KPTR_XCHG_DEST, /* pointer to destination that kptrs are bpf_kptr_xchg'd into */
	ARG_PTR_TO_DYNPTR, /* pointer to bpf_dynptr (see bpf_type_flag for dynptr type) */
	__BPF_ARG_TYPE_MAX,

	/* Extended arg types. */
	ARG_PTR_TO_MAP_VALUE_OR_NULL = PTR_MAYBE_NULL | ARG_PTR_TO_MAP_VALUE,
	ARG_PTR_TO_MEM_OR_NULL = PTR_MAYBE_NULL | ARG_PTR_TO_MEM,
	ARG_PTR_TO_CTX_OR_NULL = PTR_MAYBE_NULL | ARG_PTR_TO_CTX,
	ARG_PTR_TO_SOCKET_OR_NULL = PTR_MAYBE_NULL | ARG_PTR_TO_SOCKET,
	ARG_PTR_TO_STACK_OR_NULL = PTR_MAYBE_NULL | ARG_PTR_TO_STACK,
	ARG_PTR_TO_BTF_ID_OR_NULL = PTR_MAYBE_NULL | ARG_PTR_TO_BTF_ID,
	/* Memory the helper fills completely or clears on error (it writes, never reads). */
	ARG_PTR_TO_UNINIT_MEM = MEM_UNINIT | MEM_WRITE | ARG_PTR_TO_MEM,
	/* Memory of the fixed size in arg_size[]. */
	ARG_PTR_TO_FIXED_SIZE_MEM = MEM_FIXED_SIZE | ARG_PTR_TO_MEM,

	__BPF_ARG_TYPE_LIMIT = BPF_TYPE_LIMIT,
};

/* Type of the value a helper returns in R0 (include/linux/bpf.h, 6.18). */
enum bpf_return_type {
	RET_INTEGER, /* function returns integer */
	RET_VOID, /* function doesn't return anything */
	RET_PTR_TO_MAP_VALUE, /* returns a pointer to map elem value */
	RET_PTR_TO_SOCKET, /* returns a pointer to a socket */
	RET_PTR_TO_TCP_SOCK, /* returns a pointer to a tcp_sock */
	RET_PTR_TO_SOCK_COMMON, /* returns a pointer to a sock_common */
	RET_PTR_TO_MEM, /* returns a pointer to memory */
	RET_PTR_TO_MEM_OR_BTF_ID, /* returns a pointer to a valid memory or a btf_id */
	RET_PTR_TO_BTF_ID, /* returns a pointer to a btf_id */
	__BPF_RET_TYPE_MAX,

	/* Extended ret_types. */
	RET_PTR_TO_MAP_VALUE_OR_NULL = PTR_MAYBE_NULL | RET_PTR_TO_MAP_VALUE,
	RET_PTR_TO_SOCKET_OR_NULL = PTR_MAYBE_NULL | RET_PTR_TO_SOCKET,
	RET_PTR_TO_TCP_SOCK_OR_NULL = PTR_MAYBE_NULL | RET_PTR_TO_TCP_SOCK,
	RET_PTR_TO_SOCK_COMMON_OR_NULL = PTR_MAYBE_NULL | RET_PTR_TO_SOCK_COMMON,
	RET_PTR_TO_RINGBUF_MEM_OR_NULL = PTR_MAYBE_NULL | MEM_RINGBUF | RET_PTR_TO_MEM,
	RET_PTR_TO_DYNPTR_MEM_OR_NULL = PTR_MAYBE_NULL | RET_PTR_TO_MEM,
	RET_PTR_TO_BTF_ID_OR_NULL = PTR_MAYBE_NULL | RET_PTR_TO_BTF_ID,
	RET_PTR_TO_BTF_ID_TRUSTED = PTR_TRUSTED | RET_PTR_TO_BTF_ID,

	__BPF_RET_TYPE_LIMIT = BPF_TYPE_LIMIT,
};

/* Number of register arguments a helper takes (R1..R5). */
#define MAX_BPF_FUNC_REG_ARGS 5
/* Arguments a BTF-described function may have (tracing contexts). */
#define MAX_BPF_FUNC_ARGS 12

/* arg_btf_id / ret_btf_id value the kernel calls BPF_PTR_POISON: the type is decided by the
 * verifier from the other arguments (bpf_kptr_xchg, bpf_spin_lock).
 */
extern const char proto_btf_poison[];
#define PROTO_BTF_POISON proto_btf_poison

/* A helper's prototype as check_helper_call() consults it. */
struct bpf_func_proto {
	const char *name; /* kernel implementation, e.g. "bpf_skb_event_output" */
	bool gpl_only; /* callable only from GPL-compatible programs */
	bool pkt_access; /* may take packet pointers as ARG_PTR_TO_MEM */
	bool might_sleep; /* callable only from sleepable programs */
	bool allow_fastcall; /* follows the bpf_fastcall convention */
	enum bpf_return_type ret_type;
	union {
		struct {
			enum bpf_arg_type arg1_type;
			enum bpf_arg_type arg2_type;
			enum bpf_arg_type arg3_type;
			enum bpf_arg_type arg4_type;
			enum bpf_arg_type arg5_type;
		};
		enum bpf_arg_type arg_type[MAX_BPF_FUNC_REG_ARGS];
	};
	/* ARG_PTR_TO_BTF_ID and friends: struct name of the expected type (NULL: none). */
	union {
		struct {
			const char *arg1_btf_id;
			const char *arg2_btf_id;
			const char *arg3_btf_id;
			const char *arg4_btf_id;
			const char *arg5_btf_id;
		};
		const char *arg_btf_id[MAX_BPF_FUNC_REG_ARGS];
	};
	/* ARG_PTR_TO_FIXED_SIZE_MEM: size in bytes. */
	union {
		struct {
			u32 arg1_size;
			u32 arg2_size;
			u32 arg3_size;
			u32 arg4_size;
			u32 arg5_size;
		};
		u32 arg_size[MAX_BPF_FUNC_REG_ARGS];
	};
	/* RET_PTR_TO_BTF_ID[_OR_NULL|_TRUSTED] and RET_PTR_TO_MEM_OR_BTF_ID: struct name. */
	const char *ret_btf_id;
	/* Extra per-program check; false gives "helper call is not allowed in probe". */
	bool (*allowed)(const struct hive_prog_desc *prog);
};

/* ---- the per-program-type question ---- */

/**
 * verifier_get_func_proto() - the prototype Linux 6.18's get_func_proto() of @prog's type
 * returns for helper @func_id, or NULL when the type cannot call it (or @func_id is not a
 * helper). Program types outside the supported set (see prog_types.h) always give NULL.
 */
const struct bpf_func_proto *verifier_get_func_proto(const struct hive_prog_desc *prog,
						     int func_id);

/**
 * verifier_check_helper() - the checks check_helper_call() makes before looking at arguments,
 * with the kernel's messages written to @log (may be NULL):
 *   "invalid func %s#%d"                          id outside [0, __BPF_FUNC_MAX_ID)
 *   "program of this type cannot use helper %s#%d" no prototype for this program
 *   "cannot call GPL-restricted function from non-GPL compatible program"
 *   "helper call is not allowed in probe"         proto->allowed() refused
 *   "helper call might sleep in a non-sleepable prog"
 * @in_sleepable is the verifier's in_sleepable(env) (sleepable program or sleepable callback).
 * Returns 0 and *@fn, or -EINVAL with *@fn set to NULL.
 */
int verifier_check_helper(const struct hive_prog_desc *prog, int func_id, bool in_sleepable,
			  struct vlog_buf *log, const struct bpf_func_proto **fn);

/**
 * helper_func_name() - the verifier's func_id_name(): "bpf_map_lookup_elem" for 1,
 * "bpf_unspec" for 0, "unknown" for anything else outside the helper table.
 */
const char *helper_func_name(int func_id);

/**
 * proto_resolve_btf_id() - BTF id of the struct named @name in @btf (kernel or program BTF),
 * as the kernel's resolve_btfids would have stored it. -ENOENT if there is no such struct,
 * -EINVAL for NULL or PROTO_BTF_POISON.
 */
int proto_resolve_btf_id(const struct hive_btf *btf, const char *name);

/* Number of declared arguments (up to the first ARG_DONTCARE), as get_call_summary counts. */
int proto_nr_args(const struct bpf_func_proto *fn);

/* ---- per-helper facts the verifier driver consults (kernel/bpf/verifier.c, filter.c) ---- */

/* bpf_helper_changes_pkt_data(): the helper may move packet data (invalidates pkt pointers). */
bool bpf_helper_changes_pkt_data(int func_id);
/* is_acquire_function(): the helper returns a new reference; @map_type for map_lookup_elem. */
bool helper_is_acquire_function(int func_id, int map_type);
/* is_ptr_cast_function(): returns its argument with another type (keeps ref_obj_id). */
bool helper_is_ptr_cast_function(int func_id);
/* is_dynptr_ref_function(): bpf_dynptr_data. */
bool helper_is_dynptr_ref_function(int func_id);
/* is_storage_get_function(): *_storage_get helpers (atomic flag in sleepable RCU sections). */
bool helper_is_storage_get_function(int func_id);
/* is_sync_callback_calling_function() / is_async_callback_calling_function(). */
bool helper_is_sync_callback_calling(int func_id);
bool helper_is_async_callback_calling(int func_id);

/* ---- prototype tables (the kernel's extern bpf_*_proto objects) ---- */

/* kernel/bpf/helpers.c and friends: helper_protos_base.c */
extern const struct bpf_func_proto bpf_map_lookup_elem_proto;
extern const struct bpf_func_proto bpf_map_update_elem_proto;
extern const struct bpf_func_proto bpf_map_delete_elem_proto;
extern const struct bpf_func_proto bpf_map_push_elem_proto;
extern const struct bpf_func_proto bpf_map_pop_elem_proto;
extern const struct bpf_func_proto bpf_map_peek_elem_proto;
extern const struct bpf_func_proto bpf_map_lookup_percpu_elem_proto;
extern const struct bpf_func_proto bpf_get_prandom_u32_proto;
extern const struct bpf_func_proto bpf_get_smp_processor_id_proto;
extern const struct bpf_func_proto bpf_get_raw_smp_processor_id_proto;
extern const struct bpf_func_proto bpf_get_numa_node_id_proto;
extern const struct bpf_func_proto bpf_tail_call_proto;
extern const struct bpf_func_proto bpf_ktime_get_ns_proto;
extern const struct bpf_func_proto bpf_ktime_get_boot_ns_proto;
extern const struct bpf_func_proto bpf_ktime_get_coarse_ns_proto;
extern const struct bpf_func_proto bpf_ktime_get_tai_ns_proto;
extern const struct bpf_func_proto bpf_get_current_pid_tgid_proto;
extern const struct bpf_func_proto bpf_get_current_uid_gid_proto;
extern const struct bpf_func_proto bpf_get_current_comm_proto;
extern const struct bpf_func_proto bpf_get_current_cgroup_id_proto;
extern const struct bpf_func_proto bpf_get_current_ancestor_cgroup_id_proto;
extern const struct bpf_func_proto bpf_get_cgroup_classid_curr_proto;
extern const struct bpf_func_proto bpf_current_task_under_cgroup_proto;
extern const struct bpf_func_proto bpf_spin_lock_proto;
extern const struct bpf_func_proto bpf_spin_unlock_proto;
extern const struct bpf_func_proto bpf_jiffies64_proto;
extern const struct bpf_func_proto bpf_per_cpu_ptr_proto;
extern const struct bpf_func_proto bpf_this_cpu_ptr_proto;
extern const struct bpf_func_proto bpf_strtol_proto;
extern const struct bpf_func_proto bpf_strtoul_proto;
extern const struct bpf_func_proto bpf_strncmp_proto;
extern const struct bpf_func_proto bpf_get_ns_current_pid_tgid_proto;
extern const struct bpf_func_proto bpf_event_output_data_proto;
extern const struct bpf_func_proto bpf_copy_from_user_proto;
extern const struct bpf_func_proto bpf_copy_from_user_task_proto;
extern const struct bpf_func_proto bpf_snprintf_proto;
extern const struct bpf_func_proto bpf_timer_init_proto;
extern const struct bpf_func_proto bpf_timer_set_callback_proto;
extern const struct bpf_func_proto bpf_timer_start_proto;
extern const struct bpf_func_proto bpf_timer_cancel_proto;
extern const struct bpf_func_proto bpf_kptr_xchg_proto;
extern const struct bpf_func_proto bpf_dynptr_from_mem_proto;
extern const struct bpf_func_proto bpf_dynptr_read_proto;
extern const struct bpf_func_proto bpf_dynptr_write_proto;
extern const struct bpf_func_proto bpf_dynptr_data_proto;
extern const struct bpf_func_proto bpf_ringbuf_output_proto;
extern const struct bpf_func_proto bpf_ringbuf_reserve_proto;
extern const struct bpf_func_proto bpf_ringbuf_submit_proto;
extern const struct bpf_func_proto bpf_ringbuf_discard_proto;
extern const struct bpf_func_proto bpf_ringbuf_query_proto;
extern const struct bpf_func_proto bpf_ringbuf_reserve_dynptr_proto;
extern const struct bpf_func_proto bpf_ringbuf_submit_dynptr_proto;
extern const struct bpf_func_proto bpf_ringbuf_discard_dynptr_proto;
extern const struct bpf_func_proto bpf_user_ringbuf_drain_proto;
extern const struct bpf_func_proto bpf_for_each_map_elem_proto;
extern const struct bpf_func_proto bpf_loop_proto;
extern const struct bpf_func_proto bpf_find_vma_proto;
extern const struct bpf_func_proto bpf_task_storage_get_proto;
extern const struct bpf_func_proto bpf_task_storage_delete_proto;
extern const struct bpf_func_proto bpf_task_storage_get_recur_proto;
extern const struct bpf_func_proto bpf_task_storage_delete_recur_proto;
extern const struct bpf_func_proto bpf_cgrp_storage_get_proto;
extern const struct bpf_func_proto bpf_cgrp_storage_delete_proto;
extern const struct bpf_func_proto bpf_inode_storage_get_proto;
extern const struct bpf_func_proto bpf_inode_storage_delete_proto;
extern const struct bpf_func_proto bpf_sk_storage_get_proto;
extern const struct bpf_func_proto bpf_sk_storage_delete_proto;
extern const struct bpf_func_proto bpf_sk_storage_get_tracing_proto;
extern const struct bpf_func_proto bpf_sk_storage_delete_tracing_proto;
extern const struct bpf_func_proto bpf_get_local_storage_proto;
extern const struct bpf_func_proto bpf_get_retval_proto;
extern const struct bpf_func_proto bpf_set_retval_proto;
extern const struct bpf_func_proto bpf_get_stackid_proto;
extern const struct bpf_func_proto bpf_get_stackid_proto_pe;
extern const struct bpf_func_proto bpf_get_stack_proto;
extern const struct bpf_func_proto bpf_get_stack_sleepable_proto;
extern const struct bpf_func_proto bpf_get_stack_proto_pe;
extern const struct bpf_func_proto bpf_get_task_stack_proto;
extern const struct bpf_func_proto bpf_get_task_stack_sleepable_proto;
extern const struct bpf_func_proto bpf_btf_find_by_name_kind_proto;
/* kernel/trace/bpf_trace.c: helper_protos_trace.c */
extern const struct bpf_func_proto bpf_probe_read_user_proto;
extern const struct bpf_func_proto bpf_probe_read_user_str_proto;
extern const struct bpf_func_proto bpf_probe_read_kernel_proto;
extern const struct bpf_func_proto bpf_probe_read_kernel_str_proto;
extern const struct bpf_func_proto bpf_get_current_task_proto;
extern const struct bpf_func_proto bpf_get_current_task_btf_proto;
extern const struct bpf_func_proto bpf_task_pt_regs_proto;
extern const struct bpf_func_proto bpf_perf_event_read_proto;
extern const struct bpf_func_proto bpf_perf_event_read_value_proto;
extern const struct bpf_func_proto bpf_send_signal_proto;
extern const struct bpf_func_proto bpf_send_signal_thread_proto;
extern const struct bpf_func_proto bpf_get_branch_snapshot_proto;
extern const struct bpf_func_proto bpf_snprintf_btf_proto;
extern const struct bpf_func_proto bpf_trace_printk_proto;
extern const struct bpf_func_proto bpf_trace_vprintk_proto;
/* net/core/filter.c: helper_protos_net.c */
extern const struct bpf_func_proto bpf_skc_to_tcp6_sock_proto;
extern const struct bpf_func_proto bpf_skc_to_tcp_sock_proto;
extern const struct bpf_func_proto bpf_skc_to_tcp_timewait_sock_proto;
extern const struct bpf_func_proto bpf_skc_to_tcp_request_sock_proto;
extern const struct bpf_func_proto bpf_skc_to_udp6_sock_proto;
extern const struct bpf_func_proto bpf_skc_to_unix_sock_proto;
extern const struct bpf_func_proto bpf_skc_to_mptcp_sock_proto;
extern const struct bpf_func_proto bpf_sock_from_file_proto;
extern const struct bpf_func_proto bpf_get_socket_ptr_cookie_proto;
extern const struct bpf_func_proto bpf_skb_output_proto;
extern const struct bpf_func_proto bpf_xdp_output_proto;
extern const struct bpf_func_proto bpf_xdp_get_buff_len_trace_proto;
extern const struct bpf_func_proto bpf_sk_setsockopt_proto;
extern const struct bpf_func_proto bpf_sk_getsockopt_proto;
extern const struct bpf_func_proto bpf_unlocked_sk_setsockopt_proto;
extern const struct bpf_func_proto bpf_unlocked_sk_getsockopt_proto;

/* ---- the kernel's get_func_proto building blocks (shared between the proto files) ---- */

const struct bpf_func_proto *bpf_base_func_proto(int func_id, const struct hive_prog_desc *prog);
const struct bpf_func_proto *cgroup_common_func_proto(int func_id,
						      const struct hive_prog_desc *prog);
const struct bpf_func_proto *tracing_prog_func_proto(int func_id,
						     const struct hive_prog_desc *prog);
/* Per program type; NULL for types this table does not model. */
const struct bpf_func_proto *net_prog_func_proto(int func_id, const struct hive_prog_desc *prog);
const struct bpf_func_proto *trace_prog_func_proto(int func_id, const struct hive_prog_desc *prog);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_VERIFIER_PROTOS_H */
