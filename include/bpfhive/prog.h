/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bpfhive/prog.h: programs of an opened object (libbpf's bpf_program), and the program and
 * attach types with the kernel's numbering and libbpf's names ("sched_cls", "xdp", ...).
 *
 * A program is one entry point found in a code section (SEC("xdp") int f(...)); the
 * subprograms of .text are not listed. After hive_object__prepare() a program's instructions
 * are final: CO-RE relocated, with every subprogram it calls appended, and map, global data
 * and kfunc references resolved (see hive_program__insns()).
 */
#ifndef __HIVE_PUBLIC_PROG_H
#define __HIVE_PUBLIC_PROG_H

#include "bpfhive/common.h"

#ifdef __cplusplus
extern "C" {
#endif

struct hive_object;
struct hive_program;
/* 8 bytes with the kernel's struct bpf_insn layout: code, dst:4/src:4, off, imm. */
struct hive_insn;

/* enum bpf_prog_type of the UAPI, same values. */
enum hive_prog_type {
	HIVE_PROG_TYPE_UNSPEC = 0,
	HIVE_PROG_TYPE_SOCKET_FILTER = 1,
	HIVE_PROG_TYPE_KPROBE = 2,
	HIVE_PROG_TYPE_SCHED_CLS = 3,
	HIVE_PROG_TYPE_SCHED_ACT = 4,
	HIVE_PROG_TYPE_TRACEPOINT = 5,
	HIVE_PROG_TYPE_XDP = 6,
	HIVE_PROG_TYPE_PERF_EVENT = 7,
	HIVE_PROG_TYPE_CGROUP_SKB = 8,
	HIVE_PROG_TYPE_CGROUP_SOCK = 9,
	HIVE_PROG_TYPE_LWT_IN = 10,
	HIVE_PROG_TYPE_LWT_OUT = 11,
	HIVE_PROG_TYPE_LWT_XMIT = 12,
	HIVE_PROG_TYPE_SOCK_OPS = 13,
	HIVE_PROG_TYPE_SK_SKB = 14,
	HIVE_PROG_TYPE_CGROUP_DEVICE = 15,
	HIVE_PROG_TYPE_SK_MSG = 16,
	HIVE_PROG_TYPE_RAW_TRACEPOINT = 17,
	HIVE_PROG_TYPE_CGROUP_SOCK_ADDR = 18,
	HIVE_PROG_TYPE_LWT_SEG6LOCAL = 19,
	HIVE_PROG_TYPE_LIRC_MODE2 = 20,
	HIVE_PROG_TYPE_SK_REUSEPORT = 21,
	HIVE_PROG_TYPE_FLOW_DISSECTOR = 22,
	HIVE_PROG_TYPE_CGROUP_SYSCTL = 23,
	HIVE_PROG_TYPE_RAW_TRACEPOINT_WRITABLE = 24,
	HIVE_PROG_TYPE_CGROUP_SOCKOPT = 25,
	HIVE_PROG_TYPE_TRACING = 26,
	HIVE_PROG_TYPE_STRUCT_OPS = 27,
	HIVE_PROG_TYPE_EXT = 28,
	HIVE_PROG_TYPE_LSM = 29,
	HIVE_PROG_TYPE_SK_LOOKUP = 30,
	HIVE_PROG_TYPE_SYSCALL = 31,
	HIVE_PROG_TYPE_NETFILTER = 32,
	HIVE_PROG_TYPE_CNT,
};

/* enum bpf_attach_type of the UAPI (Linux 6.18), same values. */
enum hive_attach_type {
	HIVE_CGROUP_INET_INGRESS = 0,
	HIVE_CGROUP_INET_EGRESS = 1,
	HIVE_CGROUP_INET_SOCK_CREATE = 2,
	HIVE_CGROUP_SOCK_OPS = 3,
	HIVE_SK_SKB_STREAM_PARSER = 4,
	HIVE_SK_SKB_STREAM_VERDICT = 5,
	HIVE_CGROUP_DEVICE = 6,
	HIVE_SK_MSG_VERDICT = 7,
	HIVE_CGROUP_INET4_BIND = 8,
	HIVE_CGROUP_INET6_BIND = 9,
	HIVE_CGROUP_INET4_CONNECT = 10,
	HIVE_CGROUP_INET6_CONNECT = 11,
	HIVE_CGROUP_INET4_POST_BIND = 12,
	HIVE_CGROUP_INET6_POST_BIND = 13,
	HIVE_CGROUP_UDP4_SENDMSG = 14,
	HIVE_CGROUP_UDP6_SENDMSG = 15,
	HIVE_LIRC_MODE2 = 16,
	HIVE_FLOW_DISSECTOR = 17,
	HIVE_CGROUP_SYSCTL = 18,
	HIVE_CGROUP_UDP4_RECVMSG = 19,
	HIVE_CGROUP_UDP6_RECVMSG = 20,
	HIVE_CGROUP_GETSOCKOPT = 21,
	HIVE_CGROUP_SETSOCKOPT = 22,
	HIVE_TRACE_RAW_TP = 23,
	HIVE_TRACE_FENTRY = 24,
	HIVE_TRACE_FEXIT = 25,
	HIVE_MODIFY_RETURN = 26,
	HIVE_LSM_MAC = 27,
	HIVE_TRACE_ITER = 28,
	HIVE_CGROUP_INET4_GETPEERNAME = 29,
	HIVE_CGROUP_INET6_GETPEERNAME = 30,
	HIVE_CGROUP_INET4_GETSOCKNAME = 31,
	HIVE_CGROUP_INET6_GETSOCKNAME = 32,
	HIVE_XDP_DEVMAP = 33,
	HIVE_CGROUP_INET_SOCK_RELEASE = 34,
	HIVE_XDP_CPUMAP = 35,
	HIVE_SK_LOOKUP = 36,
	HIVE_XDP = 37,
	HIVE_SK_SKB_VERDICT = 38,
	HIVE_SK_REUSEPORT_SELECT = 39,
	HIVE_SK_REUSEPORT_SELECT_OR_MIGRATE = 40,
	HIVE_PERF_EVENT = 41,
	HIVE_TRACE_KPROBE_MULTI = 42,
	HIVE_LSM_CGROUP = 43,
	HIVE_STRUCT_OPS = 44,
	HIVE_NETFILTER = 45,
	HIVE_TCX_INGRESS = 46,
	HIVE_TCX_EGRESS = 47,
	HIVE_TRACE_UPROBE_MULTI = 48,
	HIVE_CGROUP_UNIX_CONNECT = 49,
	HIVE_CGROUP_UNIX_SENDMSG = 50,
	HIVE_CGROUP_UNIX_RECVMSG = 51,
	HIVE_CGROUP_UNIX_GETPEERNAME = 52,
	HIVE_CGROUP_UNIX_GETSOCKNAME = 53,
	HIVE_NETKIT_PRIMARY = 54,
	HIVE_NETKIT_PEER = 55,
	HIVE_TRACE_KPROBE_SESSION = 56,
	HIVE_TRACE_UPROBE_SESSION = 57,
	HIVE_ATTACH_TYPE_CNT,
};

/* Program flags libbpf derives from the section name (the UAPI's BPF_F_* values). */
#define HIVE_PROG_F_SLEEPABLE (1U << 4) /* BPF_F_SLEEPABLE: ".s" sections, syscall */
#define HIVE_PROG_F_XDP_HAS_FRAGS (1U << 5) /* BPF_F_XDP_HAS_FRAGS: "xdp.frags" */

/** hive_prog_type_str() - libbpf's name ("sched_cls"), or NULL for an unknown value. */
HIVE_API const char *hive_prog_type_str(enum hive_prog_type t);
/** hive_attach_type_str() - libbpf's name ("trace_fentry"), or NULL for an unknown value. */
HIVE_API const char *hive_attach_type_str(enum hive_attach_type t);
/**
 * hive_prog_type_by_name() - program and expected attach type libbpf assigns to section name
 * @sec ("xdp", "fentry/do_unlinkat", "tc", ...). Returns 0, or -ESRCH if no rule matches.
 */
HIVE_API int hive_prog_type_by_name(const char *sec, enum hive_prog_type *prog_type,
				    enum hive_attach_type *attach_type);

/* ---- one program ---- */

/** hive_program__name() - the function's name (valid while the object lives). */
HIVE_API const char *hive_program__name(const struct hive_program *prog);
/** hive_program__section_name() - the SEC() string, without a leading '?'. */
HIVE_API const char *hive_program__section_name(const struct hive_program *prog);
HIVE_API enum hive_prog_type hive_program__type(const struct hive_program *prog);
HIVE_API enum hive_attach_type hive_program__expected_attach_type(const struct hive_program *prog);
/** hive_program__flags() - HIVE_PROG_F_* flags from the section name. */
HIVE_API uint32_t hive_program__flags(const struct hive_program *prog);
/** hive_program__autoload() - false for SEC("?...") programs unless changed. */
HIVE_API bool hive_program__autoload(const struct hive_program *prog);
/** hive_program__set_autoload() - before prepare/load only (-EBUSY after). */
HIVE_API int hive_program__set_autoload(struct hive_program *prog, bool autoload);
/**
 * hive_program__insns() - the program's instructions: as in the ELF file before
 * hive_object__prepare(), final after it (subprograms appended, relocations applied). Map
 * references are ld_imm64 with src_reg BPF_PSEUDO_MAP_FD / BPF_PSEUDO_MAP_VALUE and imm = the
 * map's index in the object (hive_map__index()); kfunc calls have src_reg
 * BPF_PSEUDO_KFUNC_CALL and imm = the kfunc's BTF id in the kfunc BTF. Valid until the object
 * is prepared again or closed.
 */
HIVE_API const struct hive_insn *hive_program__insns(const struct hive_program *prog);
HIVE_API size_t hive_program__insn_cnt(const struct hive_program *prog);
/** hive_program__func_info() - func_info records (8 bytes each) after prepare, or NULL. */
HIVE_API const void *hive_program__func_info(const struct hive_program *prog, uint32_t *cnt,
					     uint32_t *rec_size);
/** hive_program__line_info() - line_info records (16 bytes each) after prepare, or NULL. */
HIVE_API const void *hive_program__line_info(const struct hive_program *prog, uint32_t *cnt,
					     uint32_t *rec_size);
/**
 * hive_program__attach_btf_id() - for fentry/fexit/fmod_ret/lsm/iter/tp_btf programs, the id
 * in the kernel's BTF of the function (or btf_trace_ typedef) named after the '/'; set by
 * prepare, 0 otherwise.
 */
HIVE_API uint32_t hive_program__attach_btf_id(const struct hive_program *prog);
/** hive_program__object() - the object the program belongs to. */
HIVE_API struct hive_object *hive_program__object(const struct hive_program *prog);
/**
 * hive_program__set_log_level() - verifier log level for hive_object__load() (the kernel's
 * BPF_LOG_LEVEL1 = 1, LEVEL2 = 2, STATS = 4; default 0: a log is produced only when the
 * program is rejected, as libbpf retries with level 1). -EBUSY after load.
 */
HIVE_API int hive_program__set_log_level(struct hive_program *prog, uint32_t log_level);
HIVE_API uint32_t hive_program__log_level(const struct hive_program *prog);
/**
 * hive_program__log_buf() - the verifier log of the last load (NUL-terminated; @log_size gets
 * its length), also after a rejection; NULL if the backend produced none. Valid until the
 * object is closed.
 */
HIVE_API const char *hive_program__log_buf(const struct hive_program *prog, size_t *log_size);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_PUBLIC_PROG_H */
