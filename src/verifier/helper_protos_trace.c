// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/helper_protos_trace.c: the tracing helpers' prototypes (kernel/trace/bpf_trace.c,
 * kernel/bpf/syscall.c, kernel/bpf/bpf_lsm.c of Linux 6.18) and the get_func_proto() of the
 * tracing program types: KPROBE, TRACEPOINT, PERF_EVENT, RAW_TRACEPOINT(_WRITABLE), TRACING,
 * LSM and SYSCALL.
 */
#include <stddef.h>
#include <string.h>

#include "common/err.h"
#include "verifier/protos_internal.h"

/* ---- memory probes and printing ---- */

#define PROBE_READ(sym, kname)                                       \
	PROTO(sym, kname, .gpl_only = true, .ret_type = RET_INTEGER, \
	      ARGS(ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING))

PROBE_READ(bpf_probe_read_user_proto, "bpf_probe_read_user");
PROBE_READ(bpf_probe_read_user_str_proto, "bpf_probe_read_user_str");
PROBE_READ(bpf_probe_read_kernel_proto, "bpf_probe_read_kernel");
PROBE_READ(bpf_probe_read_kernel_str_proto, "bpf_probe_read_kernel_str");
static PROBE_READ(bpf_probe_read_compat_proto, "bpf_probe_read_compat");
static PROBE_READ(bpf_probe_read_compat_str_proto, "bpf_probe_read_compat_str");

static PROTO(bpf_probe_write_user_proto, "bpf_probe_write_user", .gpl_only = true,
	     .ret_type = RET_INTEGER, ARGS(ARG_ANYTHING, RDONLY_MEM, ARG_CONST_SIZE));
PROTO(bpf_trace_printk_proto, "bpf_trace_printk", .gpl_only = true, .ret_type = RET_INTEGER,
      ARGS(RDONLY_MEM, ARG_CONST_SIZE));
PROTO(bpf_trace_vprintk_proto, "bpf_trace_vprintk", .gpl_only = true, .ret_type = RET_INTEGER,
      ARGS(RDONLY_MEM, ARG_CONST_SIZE, RDONLY_MEM_OR_NULL, ARG_CONST_SIZE_OR_ZERO));
static PROTO(bpf_seq_printf_proto, "bpf_seq_printf", .gpl_only = true, .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_BTF_ID, RDONLY_MEM, ARG_CONST_SIZE, RDONLY_MEM_OR_NULL,
		  ARG_CONST_SIZE_OR_ZERO),
	     .arg1_btf_id = "seq_file");
static PROTO(bpf_seq_write_proto, "bpf_seq_write", .gpl_only = true, .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_BTF_ID, RDONLY_MEM, ARG_CONST_SIZE_OR_ZERO),
	     .arg1_btf_id = "seq_file");
static PROTO(bpf_seq_printf_btf_proto, "bpf_seq_printf_btf", .gpl_only = true,
	     .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_BTF_ID, RDONLY_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING),
	     .arg1_btf_id = "seq_file");
PROTO(bpf_snprintf_btf_proto, "bpf_snprintf_btf", .ret_type = RET_INTEGER,
      ARGS(WRITE_MEM, ARG_CONST_SIZE, RDONLY_MEM, ARG_CONST_SIZE, ARG_ANYTHING));

/* ---- perf events and tasks ---- */

PROTO(bpf_perf_event_read_proto, "bpf_perf_event_read", .gpl_only = true, .ret_type = RET_INTEGER,
      ARGS(ARG_CONST_MAP_PTR, ARG_ANYTHING));
PROTO(bpf_perf_event_read_value_proto, "bpf_perf_event_read_value", .gpl_only = true,
      .ret_type = RET_INTEGER,
      ARGS(ARG_CONST_MAP_PTR, ARG_ANYTHING, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE));

#define EVENT_OUTPUT(sym, kname)                                                \
	PROTO(sym, kname, .gpl_only = true, .ret_type = RET_INTEGER,            \
	      ARGS(ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING, RDONLY_MEM, \
		   ARG_CONST_SIZE_OR_ZERO))

static EVENT_OUTPUT(bpf_perf_event_output_proto, "bpf_perf_event_output");
static EVENT_OUTPUT(bpf_perf_event_output_proto_tp, "bpf_perf_event_output_tp");
static EVENT_OUTPUT(bpf_perf_event_output_proto_raw_tp, "bpf_perf_event_output_raw_tp");

#define GET_STACKID(sym, kname)                                      \
	PROTO(sym, kname, .gpl_only = true, .ret_type = RET_INTEGER, \
	      ARGS(ARG_PTR_TO_CTX, ARG_CONST_MAP_PTR, ARG_ANYTHING))
#define GET_STACK(sym, kname)                                        \
	PROTO(sym, kname, .gpl_only = true, .ret_type = RET_INTEGER, \
	      ARGS(ARG_PTR_TO_CTX, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING))

static GET_STACKID(bpf_get_stackid_proto_tp, "bpf_get_stackid_tp");
static GET_STACKID(bpf_get_stackid_proto_raw_tp, "bpf_get_stackid_raw_tp");
static GET_STACK(bpf_get_stack_proto_tp, "bpf_get_stack_tp");
static GET_STACK(bpf_get_stack_proto_raw_tp, "bpf_get_stack_raw_tp");

static PROTO(bpf_perf_prog_read_value_proto, "bpf_perf_prog_read_value", .gpl_only = true,
	     .ret_type = RET_INTEGER, ARGS(ARG_PTR_TO_CTX, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE));
static PROTO(bpf_read_branch_records_proto, "bpf_read_branch_records", .gpl_only = true,
	     .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_PTR_TO_MEM_OR_NULL | MEM_WRITE, ARG_CONST_SIZE_OR_ZERO,
		  ARG_ANYTHING));

PROTO(bpf_get_current_task_proto, "bpf_get_current_task", .gpl_only = true,
      .ret_type = RET_INTEGER);
PROTO(bpf_get_current_task_btf_proto, "bpf_get_current_task_btf", .gpl_only = true,
      .ret_type = RET_PTR_TO_BTF_ID_TRUSTED, .ret_btf_id = "task_struct");
PROTO(bpf_task_pt_regs_proto, "bpf_task_pt_regs", .gpl_only = true, .ret_type = RET_PTR_TO_BTF_ID,
      .ret_btf_id = "pt_regs", ARGS(ARG_PTR_TO_BTF_ID), .arg1_btf_id = "task_struct");
PROTO(bpf_send_signal_proto, "bpf_send_signal", .ret_type = RET_INTEGER, ARGS(ARG_ANYTHING));
PROTO(bpf_send_signal_thread_proto, "bpf_send_signal_thread", .ret_type = RET_INTEGER,
      ARGS(ARG_ANYTHING));
PROTO(bpf_get_branch_snapshot_proto, "bpf_get_branch_snapshot", .gpl_only = true,
      .ret_type = RET_INTEGER, ARGS(ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE_OR_ZERO));

/* ---- d_path: only where the path cannot go away under the helper ---- */

/* kernel/trace/bpf_trace.c btf_allowlist_d_path (this kernel has SECURITY and SECURITY_PATH). */
static const char *const d_path_allowlist[] = {
	"security_file_permission",
	"security_inode_getattr",
	"security_file_open",
	"security_path_truncate",
	"vfs_truncate",
	"vfs_fallocate",
	"dentry_open",
	"vfs_getattr",
	"filp_close",
};

static bool name_in(const char *name, const char *const *set, size_t cnt)
{
	for (size_t i = 0; name && i < cnt; i++)
		if (!strcmp(name, set[i]))
			return true;
	return false;
}

/* kernel/bpf/bpf_lsm.c sleepable_lsm_hooks (SECURITY_PATH and SECURITY_NETWORK set). */
static const char *const sleepable_lsm_hooks[] = {
	"bpf_lsm_bpf",
	"bpf_lsm_bpf_map",
	"bpf_lsm_bpf_map_create",
	"bpf_lsm_bpf_map_free",
	"bpf_lsm_bpf_prog",
	"bpf_lsm_bpf_prog_load",
	"bpf_lsm_bpf_prog_free",
	"bpf_lsm_bpf_token_create",
	"bpf_lsm_bpf_token_free",
	"bpf_lsm_bpf_token_cmd",
	"bpf_lsm_bpf_token_capable",
	"bpf_lsm_bprm_check_security",
	"bpf_lsm_bprm_committed_creds",
	"bpf_lsm_bprm_committing_creds",
	"bpf_lsm_bprm_creds_for_exec",
	"bpf_lsm_bprm_creds_from_file",
	"bpf_lsm_capget",
	"bpf_lsm_capset",
	"bpf_lsm_cred_prepare",
	"bpf_lsm_file_ioctl",
	"bpf_lsm_file_lock",
	"bpf_lsm_file_open",
	"bpf_lsm_file_post_open",
	"bpf_lsm_file_receive",
	"bpf_lsm_inode_create",
	"bpf_lsm_inode_free_security",
	"bpf_lsm_inode_getattr",
	"bpf_lsm_inode_getxattr",
	"bpf_lsm_inode_mknod",
	"bpf_lsm_inode_need_killpriv",
	"bpf_lsm_inode_post_setxattr",
	"bpf_lsm_inode_post_removexattr",
	"bpf_lsm_inode_readlink",
	"bpf_lsm_inode_removexattr",
	"bpf_lsm_inode_rename",
	"bpf_lsm_inode_rmdir",
	"bpf_lsm_inode_setattr",
	"bpf_lsm_inode_setxattr",
	"bpf_lsm_inode_symlink",
	"bpf_lsm_inode_unlink",
	"bpf_lsm_kernel_module_request",
	"bpf_lsm_kernel_read_file",
	"bpf_lsm_kernfs_init_security",
	"bpf_lsm_path_unlink",
	"bpf_lsm_path_mkdir",
	"bpf_lsm_path_rmdir",
	"bpf_lsm_path_truncate",
	"bpf_lsm_path_symlink",
	"bpf_lsm_path_link",
	"bpf_lsm_path_rename",
	"bpf_lsm_path_chmod",
	"bpf_lsm_path_chown",
	"bpf_lsm_mmap_file",
	"bpf_lsm_netlink_send",
	"bpf_lsm_path_notify",
	"bpf_lsm_release_secctx",
	"bpf_lsm_sb_alloc_security",
	"bpf_lsm_sb_eat_lsm_opts",
	"bpf_lsm_sb_kern_mount",
	"bpf_lsm_sb_mount",
	"bpf_lsm_sb_remount",
	"bpf_lsm_sb_set_mnt_opts",
	"bpf_lsm_sb_show_options",
	"bpf_lsm_sb_statfs",
	"bpf_lsm_sb_umount",
	"bpf_lsm_settime",
	"bpf_lsm_socket_accept",
	"bpf_lsm_socket_bind",
	"bpf_lsm_socket_connect",
	"bpf_lsm_socket_create",
	"bpf_lsm_socket_getpeername",
	"bpf_lsm_socket_getpeersec_dgram",
	"bpf_lsm_socket_getsockname",
	"bpf_lsm_socket_getsockopt",
	"bpf_lsm_socket_listen",
	"bpf_lsm_socket_post_create",
	"bpf_lsm_socket_recvmsg",
	"bpf_lsm_socket_sendmsg",
	"bpf_lsm_socket_shutdown",
	"bpf_lsm_socket_socketpair",
	"bpf_lsm_syslog",
	"bpf_lsm_task_alloc",
	"bpf_lsm_task_prctl",
	"bpf_lsm_task_setscheduler",
	"bpf_lsm_userns_create",
	"bpf_lsm_bdev_alloc_security",
	"bpf_lsm_bdev_setintegrity",
};

bool proto_lsm_is_sleepable_hook(const char *name)
{
	return name_in(name, sleepable_lsm_hooks, ARRAY_SIZE(sleepable_lsm_hooks));
}

static bool bpf_d_path_allowed(const struct hive_prog_desc *prog)
{
	if (prog->type == BPF_PROG_TYPE_TRACING && prog->expected_attach_type == BPF_TRACE_ITER)
		return true;
	if (prog->type == BPF_PROG_TYPE_LSM)
		return proto_lsm_is_sleepable_hook(prog->attach_func_name);
	return name_in(prog->attach_func_name, d_path_allowlist, ARRAY_SIZE(d_path_allowlist));
}

static PROTO(bpf_d_path_proto, "bpf_d_path", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_BTF_ID, WRITE_MEM, ARG_CONST_SIZE_OR_ZERO), .arg1_btf_id = "path",
	     .allowed = bpf_d_path_allowed);

/* ---- function arguments and attach info ---- */

static PROTO(bpf_get_func_ip_proto_tracing, "bpf_get_func_ip_tracing", .gpl_only = true,
	     .ret_type = RET_INTEGER, ARGS(ARG_PTR_TO_CTX));
static PROTO(bpf_get_func_ip_proto_kprobe, "bpf_get_func_ip_kprobe", .gpl_only = true,
	     .ret_type = RET_INTEGER, ARGS(ARG_PTR_TO_CTX));
static PROTO(bpf_get_func_ip_proto_kprobe_multi, "bpf_get_func_ip_kprobe_multi",
	     .ret_type = RET_INTEGER, ARGS(ARG_PTR_TO_CTX));
static PROTO(bpf_get_func_ip_proto_uprobe_multi, "bpf_get_func_ip_uprobe_multi",
	     .ret_type = RET_INTEGER, ARGS(ARG_PTR_TO_CTX));
PROTO(bpf_get_attach_cookie_proto_trace, "bpf_get_attach_cookie_trace", .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_CTX));
static PROTO(bpf_get_attach_cookie_proto_pe, "bpf_get_attach_cookie_pe", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX));
PROTO(bpf_get_attach_cookie_proto_tracing, "bpf_get_attach_cookie_tracing", .ret_type = RET_INTEGER,
      ARGS(ARG_PTR_TO_CTX));
static PROTO(bpf_get_attach_cookie_proto_kmulti, "bpf_get_attach_cookie_kprobe_multi",
	     .ret_type = RET_INTEGER, ARGS(ARG_PTR_TO_CTX));
static PROTO(bpf_get_attach_cookie_proto_umulti, "bpf_get_attach_cookie_uprobe_multi",
	     .ret_type = RET_INTEGER, ARGS(ARG_PTR_TO_CTX));
static PROTO(bpf_get_func_arg_proto, "bpf_get_func_arg", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ARG_ANYTHING, ALIGNED_U64_OUT), .arg3_size = 8);
static PROTO(bpf_get_func_ret_proto, "bpf_get_func_ret", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX, ALIGNED_U64_OUT), .arg2_size = 8);
static PROTO(bpf_get_func_arg_cnt_proto, "bpf_get_func_arg_cnt", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX));

/* ---- syscall programs (kernel/bpf/syscall.c) ---- */

static PROTO(bpf_sys_bpf_proto, "bpf_sys_bpf", .ret_type = RET_INTEGER,
	     ARGS(ARG_ANYTHING, RDONLY_MEM, ARG_CONST_SIZE));
static PROTO(bpf_sys_close_proto, "bpf_sys_close", .ret_type = RET_INTEGER, ARGS(ARG_ANYTHING));
static PROTO(bpf_kallsyms_lookup_name_proto, "bpf_kallsyms_lookup_name", .ret_type = RET_INTEGER,
	     ARGS(RDONLY_MEM, ARG_CONST_SIZE_OR_ZERO, ARG_ANYTHING, ALIGNED_U64_OUT),
	     .arg4_size = 8);

/* ---- LSM (kernel/bpf/bpf_lsm.c) ---- */

static bool bpf_ima_inode_hash_allowed(const struct hive_prog_desc *prog)
{
	return proto_lsm_is_sleepable_hook(prog->attach_func_name);
}

static PROTO(bpf_bprm_opts_set_proto, "bpf_bprm_opts_set", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_BTF_ID, ARG_ANYTHING), .arg1_btf_id = "linux_binprm");
static PROTO(bpf_ima_inode_hash_proto, "bpf_ima_inode_hash", .might_sleep = true,
	     .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_BTF_ID, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE), .arg1_btf_id = "inode",
	     .allowed = bpf_ima_inode_hash_allowed);
static PROTO(bpf_ima_file_hash_proto, "bpf_ima_file_hash", .might_sleep = true,
	     .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_BTF_ID, ARG_PTR_TO_UNINIT_MEM, ARG_CONST_SIZE), .arg1_btf_id = "file",
	     .allowed = bpf_ima_inode_hash_allowed);
static PROTO(bpf_lsm_get_attach_cookie_proto, "bpf_get_attach_cookie", .ret_type = RET_INTEGER,
	     ARGS(ARG_PTR_TO_CTX));

/* ---- get_func_proto of the tracing types ---- */

const struct bpf_func_proto *bpf_tracing_func_proto(int func_id, const struct hive_prog_desc *prog)
{
	const struct bpf_func_proto *fn;

	switch (func_id) {
	case BPF_FUNC_get_smp_processor_id:
		return &bpf_get_smp_processor_id_proto;
	case BPF_FUNC_probe_read:
		return prog->lockdown_read_kernel ? NULL : &bpf_probe_read_compat_proto;
	case BPF_FUNC_probe_read_str:
		return prog->lockdown_read_kernel ? NULL : &bpf_probe_read_compat_str_proto;
	case BPF_FUNC_get_func_ip:
		return &bpf_get_func_ip_proto_tracing;
	default:
		break;
	}
	fn = bpf_base_func_proto(func_id, prog);
	if (fn)
		return fn;
	if (!prog->cap_sys_admin || func_id != BPF_FUNC_probe_write_user)
		return NULL;
	return prog->lockdown_write_user ? NULL : &bpf_probe_write_user_proto;
}

static bool is_kprobe_multi(const struct hive_prog_desc *prog)
{
	return prog->expected_attach_type == BPF_TRACE_KPROBE_MULTI ||
	       prog->expected_attach_type == BPF_TRACE_KPROBE_SESSION;
}

static bool is_uprobe_multi(const struct hive_prog_desc *prog)
{
	return prog->expected_attach_type == BPF_TRACE_UPROBE_MULTI ||
	       prog->expected_attach_type == BPF_TRACE_UPROBE_SESSION;
}

static const struct bpf_func_proto *kprobe_prog_func_proto(int func_id,
							   const struct hive_prog_desc *prog)
{
	switch (func_id) {
	case BPF_FUNC_perf_event_output:
		return &bpf_perf_event_output_proto;
	case BPF_FUNC_get_stackid:
		return &bpf_get_stackid_proto;
	case BPF_FUNC_get_stack:
		return prog->sleepable ? &bpf_get_stack_sleepable_proto : &bpf_get_stack_proto;
	case BPF_FUNC_get_func_ip:
		if (is_kprobe_multi(prog))
			return &bpf_get_func_ip_proto_kprobe_multi;
		if (is_uprobe_multi(prog))
			return &bpf_get_func_ip_proto_uprobe_multi;
		return &bpf_get_func_ip_proto_kprobe;
	case BPF_FUNC_get_attach_cookie:
		if (is_kprobe_multi(prog))
			return &bpf_get_attach_cookie_proto_kmulti;
		if (is_uprobe_multi(prog))
			return &bpf_get_attach_cookie_proto_umulti;
		return &bpf_get_attach_cookie_proto_trace;
	default:
		return bpf_tracing_func_proto(func_id, prog);
	}
}

static const struct bpf_func_proto *tp_prog_func_proto(int func_id,
						       const struct hive_prog_desc *prog)
{
	switch (func_id) {
	case BPF_FUNC_perf_event_output:
		return &bpf_perf_event_output_proto_tp;
	case BPF_FUNC_get_stackid:
		return &bpf_get_stackid_proto_tp;
	case BPF_FUNC_get_stack:
		return &bpf_get_stack_proto_tp;
	case BPF_FUNC_get_attach_cookie:
		return &bpf_get_attach_cookie_proto_trace;
	default:
		return bpf_tracing_func_proto(func_id, prog);
	}
}

static const struct bpf_func_proto *pe_prog_func_proto(int func_id,
						       const struct hive_prog_desc *prog)
{
	switch (func_id) {
	case BPF_FUNC_perf_event_output:
		return &bpf_perf_event_output_proto_tp;
	case BPF_FUNC_get_stackid:
		return &bpf_get_stackid_proto_pe;
	case BPF_FUNC_get_stack:
		return &bpf_get_stack_proto_pe;
	case BPF_FUNC_perf_prog_read_value:
		return &bpf_perf_prog_read_value_proto;
	case BPF_FUNC_read_branch_records:
		return &bpf_read_branch_records_proto;
	case BPF_FUNC_get_attach_cookie:
		return &bpf_get_attach_cookie_proto_pe;
	default:
		return bpf_tracing_func_proto(func_id, prog);
	}
}

const struct bpf_func_proto *raw_tp_prog_func_proto(int func_id, const struct hive_prog_desc *prog)
{
	switch (func_id) {
	case BPF_FUNC_perf_event_output:
		return &bpf_perf_event_output_proto_raw_tp;
	case BPF_FUNC_get_stackid:
		return &bpf_get_stackid_proto_raw_tp;
	case BPF_FUNC_get_stack:
		return &bpf_get_stack_proto_raw_tp;
	case BPF_FUNC_get_attach_cookie:
		return &bpf_get_attach_cookie_proto_tracing;
	default:
		return bpf_tracing_func_proto(func_id, prog);
	}
}

static const struct bpf_func_proto *iter_only(const struct hive_prog_desc *prog,
					      const struct bpf_func_proto *fn)
{
	return prog->expected_attach_type == BPF_TRACE_ITER ? fn : NULL;
}

static const struct bpf_func_proto *trampoline_only(const struct hive_prog_desc *prog,
						    const struct bpf_func_proto *fn)
{
	return prog_has_trampoline(prog) ? fn : NULL;
}

const struct bpf_func_proto *tracing_prog_func_proto(int func_id, const struct hive_prog_desc *prog)
{
	const struct bpf_func_proto *fn = tracing_net_func_proto(func_id, prog);

	if (fn)
		return fn;
	switch (func_id) {
	case BPF_FUNC_seq_printf:
		return iter_only(prog, &bpf_seq_printf_proto);
	case BPF_FUNC_seq_write:
		return iter_only(prog, &bpf_seq_write_proto);
	case BPF_FUNC_seq_printf_btf:
		return iter_only(prog, &bpf_seq_printf_btf_proto);
	case BPF_FUNC_d_path:
		return &bpf_d_path_proto;
	case BPF_FUNC_get_func_arg:
		return trampoline_only(prog, &bpf_get_func_arg_proto);
	case BPF_FUNC_get_func_ret:
		return trampoline_only(prog, &bpf_get_func_ret_proto);
	case BPF_FUNC_get_func_arg_cnt:
		return trampoline_only(prog, &bpf_get_func_arg_cnt_proto);
	case BPF_FUNC_get_attach_cookie:
		if (prog->type == BPF_PROG_TYPE_TRACING &&
		    prog->expected_attach_type == BPF_TRACE_RAW_TP)
			return &bpf_get_attach_cookie_proto_tracing;
		return trampoline_only(prog, &bpf_get_attach_cookie_proto_tracing);
	default:
		/* iterator targets' own helpers (bpf_iter_get_func_proto) are not modelled */
		return raw_tp_prog_func_proto(func_id, prog);
	}
}

static const struct bpf_func_proto *syscall_prog_func_proto(int func_id,
							    const struct hive_prog_desc *prog)
{
	switch (func_id) {
	case BPF_FUNC_sys_bpf:
		return proto_cap_perfmon(prog) ? &bpf_sys_bpf_proto : NULL;
	case BPF_FUNC_btf_find_by_name_kind:
		return &bpf_btf_find_by_name_kind_proto;
	case BPF_FUNC_sys_close:
		return &bpf_sys_close_proto;
	case BPF_FUNC_kallsyms_lookup_name:
		return &bpf_kallsyms_lookup_name_proto;
	default:
		return tracing_prog_func_proto(func_id, prog);
	}
}

/* kernel/bpf/bpf_lsm.c bpf_lsm_{locked,unlocked}_sockopt_hooks (SECURITY_NETWORK set). */
static const char *const lsm_locked_sockopt_hooks[] = {
	"bpf_lsm_sock_graft",
	"bpf_lsm_inet_csk_clone",
	"bpf_lsm_inet_conn_established",
};
static const char *const lsm_unlocked_sockopt_hooks[] = {
	"bpf_lsm_socket_post_create",
	"bpf_lsm_socket_socketpair",
};

static const struct bpf_func_proto *lsm_sockopt(const struct hive_prog_desc *prog,
						const struct bpf_func_proto *locked,
						const struct bpf_func_proto *unlocked)
{
	const char *name = prog->attach_func_name;

	if (prog->expected_attach_type != BPF_LSM_CGROUP)
		return NULL;
	if (name_in(name, lsm_locked_sockopt_hooks, ARRAY_SIZE(lsm_locked_sockopt_hooks)))
		return locked;
	if (name_in(name, lsm_unlocked_sockopt_hooks, ARRAY_SIZE(lsm_unlocked_sockopt_hooks)))
		return unlocked;
	return NULL;
}

const struct bpf_func_proto *bpf_lsm_func_proto(int func_id, const struct hive_prog_desc *prog)
{
	const struct bpf_func_proto *fn;

	if (prog->expected_attach_type == BPF_LSM_CGROUP) {
		fn = cgroup_common_func_proto(func_id, prog);
		if (fn)
			return fn;
	}
	switch (func_id) {
	case BPF_FUNC_inode_storage_get:
		return &bpf_inode_storage_get_proto;
	case BPF_FUNC_inode_storage_delete:
		return &bpf_inode_storage_delete_proto;
	case BPF_FUNC_sk_storage_get:
		return &bpf_sk_storage_get_proto;
	case BPF_FUNC_sk_storage_delete:
		return &bpf_sk_storage_delete_proto;
	case BPF_FUNC_spin_lock:
		return &bpf_spin_lock_proto;
	case BPF_FUNC_spin_unlock:
		return &bpf_spin_unlock_proto;
	case BPF_FUNC_bprm_opts_set:
		return &bpf_bprm_opts_set_proto;
	case BPF_FUNC_ima_inode_hash:
		return &bpf_ima_inode_hash_proto;
	case BPF_FUNC_ima_file_hash:
		return &bpf_ima_file_hash_proto;
	case BPF_FUNC_get_attach_cookie:
		return trampoline_only(prog, &bpf_lsm_get_attach_cookie_proto);
	case BPF_FUNC_setsockopt:
		return lsm_sockopt(prog, &bpf_sk_setsockopt_proto,
				   &bpf_unlocked_sk_setsockopt_proto);
	case BPF_FUNC_getsockopt:
		return lsm_sockopt(prog, &bpf_sk_getsockopt_proto,
				   &bpf_unlocked_sk_getsockopt_proto);
	default:
		return tracing_prog_func_proto(func_id, prog);
	}
}

const struct bpf_func_proto *trace_prog_func_proto(int func_id, const struct hive_prog_desc *prog)
{
	switch (prog->type) {
	case BPF_PROG_TYPE_KPROBE:
		return kprobe_prog_func_proto(func_id, prog);
	case BPF_PROG_TYPE_TRACEPOINT:
		return tp_prog_func_proto(func_id, prog);
	case BPF_PROG_TYPE_PERF_EVENT:
		return pe_prog_func_proto(func_id, prog);
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE:
		return raw_tp_prog_func_proto(func_id, prog);
	case BPF_PROG_TYPE_TRACING:
		return tracing_prog_func_proto(func_id, prog);
	case BPF_PROG_TYPE_LSM:
		return bpf_lsm_func_proto(func_id, prog);
	case BPF_PROG_TYPE_SYSCALL:
		return syscall_prog_func_proto(func_id, prog);
	case BPF_PROG_TYPE_STRUCT_OPS:
		/* generic struct_ops (sched_ext, bpf_testmod ...): the base set */
		return bpf_base_func_proto(func_id, prog);
	default:
		return NULL;
	}
}
