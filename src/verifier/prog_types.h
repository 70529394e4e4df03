/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verifier/prog_types.h: what the verifier needs to know about a program's type, as Linux 6.18
 * answers it: the program description every per-type table takes (struct hive_prog_desc, our
 * stand-in for the fields of struct bpf_prog and bpf_prog_aux the kernel consults), the static
 * properties of each type (include/linux/bpf_types.h, may_access_direct_pkt_data(),
 * may_access_skb(), is_tracing_prog_type(), the kfunc hook), the return-value rule at program
 * exit (check_return_code()), the sleepable rules (check_attach_btf_id()) and the program/map
 * compatibility rules (check_map_prog_compatibility()).
 *
 * Supported types: SOCKET_FILTER, KPROBE, SCHED_CLS, SCHED_ACT, TRACEPOINT, XDP, PERF_EVENT,
 * CGROUP_SKB, RAW_TRACEPOINT, RAW_TRACEPOINT_WRITABLE, TRACING, STRUCT_OPS, LSM, SYSCALL. The
 * static table knows every 6.18 type; helper, context and kfunc tables only the supported ones.
 */
#ifndef __HIVE_VERIFIER_PROG_TYPES_H
#define __HIVE_VERIFIER_PROG_TYPES_H

#include <stdbool.h>

#include "common/uapi.h"
#include "verifier/log.h"
#include "verifier/regs.h"

#ifdef __cplusplus
extern "C" {
#endif

struct hive_btf;
struct btf_type;

/*
 * The kernel's struct bpf_ctx_arg_aux: what a load of the context slot at @offset gives when the
 * attach target, not BTF, decides it (iterator targets, struct_ops operators' __ref/__nullable
 * arguments). btf_ctx_access() consults these before BTF.
 */
struct bpf_ctx_arg_aux {
	u32 offset;
	u32 reg_type; /* enum bpf_reg_type with flags */
	const struct hive_btf *btf; /* NULL: the program's attach_btf */
	u32 btf_id;
	u32 ref_obj_id;
};

/*
 * A program as the per-type tables see it. The loader fills the first part from the
 * BPF_PROG_LOAD attributes and the attach target; the verifier's context checks set the second
 * part, exactly where the kernel's is_valid_access()/convert_ctx_access() set bits of struct
 * bpf_prog (tc's tstamp_type_access, cb_access). Zero-initialise it, then set what applies.
 */
struct hive_prog_desc {
	enum bpf_prog_type type;
	enum bpf_attach_type expected_attach_type;
	bool gpl_compatible; /* license is GPL-compatible */
	bool sleepable; /* BPF_F_SLEEPABLE */
	/*
	 * Capabilities of the loading task (bpf_capable(), perfmon_capable(), ...). The kernel's
	 * answers for root; a loader emulating an unprivileged user clears them.
	 */
	bool cap_bpf;
	bool cap_perfmon;
	bool cap_net_admin;
	bool cap_sys_admin;
	/* security_locked_down(LOCKDOWN_BPF_READ_KERNEL) denies (confidentiality lockdown):
	 * probe_read_kernel* and probe_read* unavailable. */
	bool lockdown_read_kernel;
	/* security_locked_down(LOCKDOWN_BPF_WRITE_USER) denies (integrity or confidentiality
	 * lockdown): probe_write_user unavailable. */
	bool lockdown_write_user;

	/* BTF-attached programs (TRACING, LSM, STRUCT_OPS, tp_btf RAW_TRACEPOINT). */
	const struct hive_btf *attach_btf; /* the target's BTF (kernel BTF), NULL if none */
	u32 attach_btf_id; /* attach_btf_id of BPF_PROG_LOAD: a FUNC, or a TYPEDEF for tp_btf */
	/* the kernel's aux->attach_func_name: "bpf_lsm_file_open", "tcp_v4_connect"; for tp_btf
	 * the tracepoint name without its btf_trace_ prefix ("sched_switch") */
	const char *attach_func_name;
	/* FUNC_PROTO of the target (kernel's aux->attach_func_proto); NULL if none. */
	const struct btf_type *attach_func_proto;
	/* tp_btf: the first FUNC_PROTO argument is the tracepoint's void *__data, not an arg. */
	bool attach_btf_trace;
	/* aux->ctx_arg_info (prog_iter_ctx_arg_info() fills it for iterators) */
	const struct bpf_ctx_arg_aux *ctx_arg_info;
	u32 ctx_arg_info_size;

	/* Set by the context checks (kernel: prog->tstamp_type_access, prog->cb_access). */
	bool tstamp_type_access; /* tc read __sk_buff->tstamp_type: tstamp reads are raw */
	bool cb_access; /* the program touched __sk_buff->cb[] */
};

/* prog_desc_init_root() - a description with every capability of root set (no lockdown). */
void prog_desc_init_root(struct hive_prog_desc *prog, enum bpf_prog_type type,
			 enum bpf_attach_type expected_attach_type);

/* Kernel kfunc hook a program type registers its kfunc sets on (kernel/bpf/btf.c). */
enum btf_kfunc_hook {
	BTF_KFUNC_HOOK_COMMON,
	BTF_KFUNC_HOOK_XDP,
	BTF_KFUNC_HOOK_TC,
	BTF_KFUNC_HOOK_STRUCT_OPS,
	BTF_KFUNC_HOOK_TRACING,
	BTF_KFUNC_HOOK_SYSCALL,
	BTF_KFUNC_HOOK_FMODRET,
	BTF_KFUNC_HOOK_CGROUP,
	BTF_KFUNC_HOOK_SCHED_ACT,
	BTF_KFUNC_HOOK_SK_SKB,
	BTF_KFUNC_HOOK_SOCKET_FILTER,
	BTF_KFUNC_HOOK_LWT,
	BTF_KFUNC_HOOK_NETFILTER,
	BTF_KFUNC_HOOK_KPROBE,
	BTF_KFUNC_HOOK_MAX,
};

/* Static properties of a program type. */
struct prog_type_info {
	const char *name; /* libbpf/bpftool name: "socket_filter", "sched_cls", ... */
	const char *ops_name; /* bpf_types.h name of its ops: "sk_filter", "tc_cls_act", ... */
	const char *ctx_name; /* UAPI context type: "__sk_buff", "xdp_md", "void *", ... */
	const char *kern_ctx_name; /* kernel context type: "sk_buff", "xdp_buff", ... */
	u32 ctx_size; /* sizeof the UAPI context, 0 if BTF decides (tracing, lsm, struct_ops) */
	bool supported; /* helper/ctx/kfunc tables model it */
	bool is_tracing; /* is_tracing_prog_type(): spin locks and graph roots are refused */
	bool gen_ld_abs; /* ops->gen_ld_abs: LD_ABS/LD_IND allowed (may_access_skb()) */
	bool has_prologue; /* ops->gen_prologue (tc: unclone before direct writes) */
	int kfunc_hook; /* enum btf_kfunc_hook, -1 for none */
};

/* prog_type_info() - the properties of @type, NULL outside the 6.18 enum. */
const struct prog_type_info *prog_type_info(enum bpf_prog_type type);
/* prog_type_name() - prog_type_info(type)->name, "unknown" outside the enum. */
const char *prog_type_name(enum bpf_prog_type type);
/* prog_type_supported() - the per-type tables of this directory model @type. */
bool prog_type_supported(enum bpf_prog_type type);

/* is_tracing_prog_type(): KPROBE, TRACEPOINT, PERF_EVENT, RAW_TRACEPOINT(_WRITABLE). */
bool prog_is_tracing_type(enum bpf_prog_type type);
/*
 * may_access_direct_pkt_data(): whether @prog may read (@write false) or write the packet
 * through PTR_TO_PACKET. @meta_pkt_access is the helper's pkt_access when the access is a
 * helper argument (meta != NULL in the kernel), or true for plain loads and stores.
 */
bool prog_may_access_direct_pkt_data(const struct hive_prog_desc *prog, bool write,
				     bool meta_pkt_access);
/* may_access_skb(): LD_ABS/LD_IND allowed. Else "BPF_LD_[ABS|IND] instructions not allowed for
 * this program type\n" is check_ld_abs()'s message. */
bool prog_may_access_skb(enum bpf_prog_type type);
/* bpf_prog_has_trampoline(): fentry, fexit, fmod_ret tracing and LSM_MAC lsm. */
bool prog_has_trampoline(const struct hive_prog_desc *prog);
/* prog_args_trusted(): BTF ctx pointer args are PTR_TRUSTED (tp_btf, iter, lsm hooks in the
 * trusted set, struct_ops). */
bool prog_args_trusted(const struct hive_prog_desc *prog);
/* bpf_prog_check_recur(): programs whose recursion the kernel prevents (used by some kfuncs). */
bool prog_check_recur(const struct hive_prog_desc *prog);

/**
 * prog_iter_ctx_arg_info() - the ctx_arg_info the BPF iterator target @target (the attach
 * function, "bpf_iter_task") registers, resolved in @btf. Returns how many entries were written
 * to @out (at most @max), 0 for a target without any, -ENOENT for a target bpfhive does not
 * know (only "bpf_iter_task" for now) or a type missing from @btf.
 */
int prog_iter_ctx_arg_info(const char *target, const struct hive_btf *btf,
			   struct bpf_ctx_arg_aux *out, u32 max);

/* ---- sleepable programs ---- */

/**
 * prog_check_sleepable() - the program-type part of check_attach_btf_id():
 *   SYSCALL not sleepable -> "Syscall programs can only be sleepable\n"
 *   sleepable, cannot be  -> "Only fentry/fexit/fmod_ret, lsm, iter, uprobe, and struct_ops
 *                             programs can be sleepable\n"
 * Both -EINVAL. Whether the attach target is sleepable ("%s is not sleepable\n") is decided
 * with the attach target, not here.
 */
int prog_check_sleepable(const struct hive_prog_desc *prog, struct vlog_buf *log);

/* ---- the return value at exit (check_return_code) ---- */

struct bpf_retval_range {
	s32 minval;
	s32 maxval;
};

enum prog_retval_kind {
	/* void LSM/struct_ops hook: R0 is not even read at exit. */
	PROG_RETVAL_VOID,
	/* R0 must be initialised and not a pointer ("R%d leaks addr as return value"), any
	 * scalar value is fine. */
	PROG_RETVAL_ANY,
	/* R0 must be a scalar within .range ("%s the register %s has ... should have been in
	 * [%d, %d]"), checked on the low 32 bits when .return_32bit. */
	PROG_RETVAL_RANGE,
	/* TRACING with an attach type check_return_code() does not know: -ENOTSUPP, no message. */
	PROG_RETVAL_NOTSUPP,
};

struct prog_retval_rule {
	enum prog_retval_kind kind;
	struct bpf_retval_range range;
	bool return_32bit; /* LSM_MAC hooks: compare s32 bounds */
	/* CGROUP_SKB egress: when R0 is within [2, 3] the program sets
	 * enforce_expected_attach_type. */
	bool has_enforce_range;
	struct bpf_retval_range enforce_range;
	/* LSM_CGROUP on a void hook: the extra note after the range message. */
	bool lsm_cgroup_void_note;
	/* STRUCT_OPS returning a pointer: a referenced PTR_TO_BTF_ID of this type (in
	 * attach_btf), unmodified, is also accepted (0 otherwise). */
	u32 struct_ops_ret_btf_id;
};

/**
 * prog_retval_rule() - the rule check_return_code() applies to the main program's R0 at exit
 * (also to the exception callback's). Subprograms and async callbacks are the driver's:
 * "At subprogram exit the register R%d is not a scalar value (%s)\n", and the callback's
 * callback_ret_range with "At async callback return".
 */
void prog_retval_rule(const struct hive_prog_desc *prog, struct prog_retval_rule *rule);

/* retval_range_within() of the kernel. */
bool retval_range_within(struct bpf_retval_range range, const struct bpf_reg_state *reg,
			 bool return_32bit);

/*
 * verbose_invalid_scalar() of the kernel:
 *   "%s the register %s has[ smin=%lld][ smax=%lld][ unknown scalar value] should have been in
 *    [%d, %d]\n"
 * with @exit_ctx "At program exit" (or "At async callback return") and @reg_name "R0".
 */
void prog_verbose_invalid_scalar(struct vlog_buf *log, const struct bpf_reg_state *reg,
				 struct bpf_retval_range range, const char *exit_ctx,
				 const char *reg_name);

/* The note check_return_code() adds for LSM_CGROUP programs on void hooks. */
#define PROG_LSM_CGROUP_VOID_NOTE \
	"Note, BPF_LSM_CGROUP that attach to void LSM hooks can't modify return value!\n"

/* ---- maps a program may use (check_map_prog_compatibility) ---- */

struct prog_map_facts {
	u32 map_type; /* enum bpf_map_type */
	bool has_graph_root; /* value has a bpf_list_head or bpf_rb_root */
	bool has_spin_lock; /* value has a bpf_spin_lock or bpf_res_spin_lock */
};

/**
 * prog_check_map_compat() - the program-type parts of check_map_prog_compatibility():
 *   "tracing progs cannot use bpf_{list_head,rb_root} yet\n"
 *   "socket filter progs cannot use bpf_spin_lock yet\n"
 *   "tracing progs cannot use bpf_spin_lock yet\n"
 *   "bpf_struct_ops map cannot be used in prog\n"
 *   "Sleepable programs can only use array, hash, ringbuf and local storage maps\n"
 * Returns 0 or -EINVAL. Offload, exclusive-map hashes, cgroup-storage uniqueness and arena
 * rules are the driver's.
 */
int prog_check_map_compat(const struct hive_prog_desc *prog, const struct prog_map_facts *map,
			  struct vlog_buf *log);

/* Map types a sleepable program may use (the kernel's check_map_prog_compatibility()). */
bool prog_sleepable_map_ok(u32 map_type);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_VERIFIER_PROG_TYPES_H */
