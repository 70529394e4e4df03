/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/vtables/kload.h: what the kernel-differential tests of the per-type tables share: the
 * program types and attach targets they load, BPF_PROG_LOAD through the raw bpf() syscall, the
 * matching struct hive_prog_desc, and the log's message lines.
 */
#ifndef __HIVE_TESTS_VTABLES_KLOAD_H
#define __HIVE_TESTS_VTABLES_KLOAD_H

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <zlib.h>

#include "btf/btf.h"
#include "btf/btf_types.h"
#include "common/err.h"
#include "verifier/prog_types.h"

#define KLOAD_LOG_SIZE (1 << 16)
#define BPF_PROG_LOAD_CMD 5
#define BPF_F_SLEEPABLE (1U << 4)

/* union bpf_attr for BPF_PROG_LOAD, up to fd_array_cnt. */
struct kload_attr {
	uint32_t prog_type;
	uint32_t insn_cnt;
	uint64_t insns;
	uint64_t license;
	uint32_t log_level;
	uint32_t log_size;
	uint64_t log_buf;
	uint32_t kern_version;
	uint32_t prog_flags;
	char prog_name[16];
	uint32_t prog_ifindex;
	uint32_t expected_attach_type;
	uint32_t prog_btf_fd;
	uint32_t func_info_rec_size;
	uint64_t func_info;
	uint32_t func_info_cnt;
	uint32_t line_info_rec_size;
	uint64_t line_info;
	uint32_t line_info_cnt;
	uint32_t attach_btf_id;
	uint32_t attach_prog_fd;
	uint32_t core_relo_cnt;
	uint64_t fd_array;
	uint64_t core_relos;
	uint32_t core_relo_rec_size;
	uint32_t log_true_size;
	int32_t prog_token_fd;
	uint32_t fd_array_cnt;
};

_Static_assert(offsetof(struct kload_attr, attach_btf_id) == 108, "bpf_attr layout");
_Static_assert(offsetof(struct kload_attr, fd_array_cnt) == 148, "bpf_attr layout");

/* A program type, attach type and attach target the tests load. */
struct kcfg {
	const char *name;
	enum bpf_prog_type type;
	enum bpf_attach_type eat;
	const char *target; /* BTF FUNC (or btf_trace_ TYPEDEF for tp_btf), NULL if none */
	bool sleepable;
	bool gpl_only_license; /* the kernel refuses other licenses (LSM) */
};

/* clang-format off */
static const struct kcfg kcfgs[] = {
	{ "socket_filter", BPF_PROG_TYPE_SOCKET_FILTER, 0, NULL, false, false },
	{ "sched_cls", BPF_PROG_TYPE_SCHED_CLS, 0, NULL, false, false },
	{ "sched_act", BPF_PROG_TYPE_SCHED_ACT, 0, NULL, false, false },
	{ "xdp", BPF_PROG_TYPE_XDP, 0, NULL, false, false },
	{ "xdp_devmap", BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP, NULL, false, false },
	{ "cgroup_skb_ingress", BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_INGRESS, NULL, false, false },
	{ "cgroup_skb_egress", BPF_PROG_TYPE_CGROUP_SKB, BPF_CGROUP_INET_EGRESS, NULL, false, false },
	{ "kprobe", BPF_PROG_TYPE_KPROBE, 0, NULL, false, false },
	{ "kprobe_multi", BPF_PROG_TYPE_KPROBE, BPF_TRACE_KPROBE_MULTI, NULL, false, false },
	{ "uprobe_sleepable", BPF_PROG_TYPE_KPROBE, 0, NULL, true, false },
	{ "tracepoint", BPF_PROG_TYPE_TRACEPOINT, 0, NULL, false, false },
	{ "perf_event", BPF_PROG_TYPE_PERF_EVENT, 0, NULL, false, false },
	{ "raw_tracepoint", BPF_PROG_TYPE_RAW_TRACEPOINT, 0, NULL, false, false },
	{ "raw_tracepoint_writable", BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0, NULL, false, false },
	{ "fentry", BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, "security_file_open", false, false },
	{ "fentry_other", BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, "tcp_v4_connect", false, false },
	{ "fexit", BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT, "security_file_open", false, false },
	{ "fmod_ret", BPF_PROG_TYPE_TRACING, BPF_MODIFY_RETURN, "security_file_open", false, false },
	{ "fentry_sleepable", BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY, "security_file_open", true, false },
	{ "tp_btf", BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP, "btf_trace_sched_switch", false, false },
	{ "iter_task", BPF_PROG_TYPE_TRACING, BPF_TRACE_ITER, "bpf_iter_task", false, false },
	{ "lsm", BPF_PROG_TYPE_LSM, BPF_LSM_MAC, "bpf_lsm_file_open", false, true },
	{ "lsm_sleepable", BPF_PROG_TYPE_LSM, BPF_LSM_MAC, "bpf_lsm_file_open", true, true },
	{ "lsm_void", BPF_PROG_TYPE_LSM, BPF_LSM_MAC, "bpf_lsm_sk_free_security", false, true },
	{ "lsm_cgroup", BPF_PROG_TYPE_LSM, BPF_LSM_CGROUP, "bpf_lsm_socket_post_create", false, true },
	{ "syscall", BPF_PROG_TYPE_SYSCALL, 0, NULL, true, false },
};
/* clang-format on */

#define NR_KCFGS (sizeof(kcfgs) / sizeof(kcfgs[0]))

static struct hive_btf *kload_vmlinux;

static struct hive_btf *kload_btf(void)
{
	if (!kload_vmlinux) {
		kload_vmlinux = btf_parse_file("/sys/kernel/btf/vmlinux", NULL);
		if (IS_ERR(kload_vmlinux))
			kload_vmlinux = NULL;
	}
	return kload_vmlinux;
}

/* BTF id of the attach target of @cfg in vmlinux BTF, 0 if none, -1 if not found. */
static inline int kload_target_id(const struct kcfg *cfg)
{
	struct hive_btf *btf = kload_btf();
	int kind = BTF_KIND_FUNC;

	if (!cfg->target)
		return 0;
	if (!btf)
		return -1;
	if (!strncmp(cfg->target, "btf_trace_", 10))
		kind = BTF_KIND_TYPEDEF;
	return btf_find_by_name_kind(btf, cfg->target, kind);
}

/*
 * The kernel's lockdown level: 0 none, 1 integrity, 2 confidentiality, from securityfs or, when
 * it is not mounted, from the forced level of the kernel's configuration.
 */
static inline int kload_lockdown(void)
{
	static int level = -1;
	char buf[256];
	FILE *f;
	gzFile z;

	if (level >= 0)
		return level;
	level = 0;
	f = fopen("/sys/kernel/security/lockdown", "r");
	if (f) {
		if (fgets(buf, sizeof(buf), f))
			level = strstr(buf, "[integrity]")	 ? 1 :
				strstr(buf, "[confidentiality]") ? 2 :
								   0;
		fclose(f);
		return level;
	}
	z = gzopen("/proc/config.gz", "r");
	if (!z)
		return level;
	while (gzgets(z, buf, sizeof(buf))) {
		if (!strcmp(buf, "CONFIG_LOCK_DOWN_KERNEL_FORCE_INTEGRITY=y\n"))
			level = 1;
		if (!strcmp(buf, "CONFIG_LOCK_DOWN_KERNEL_FORCE_CONFIDENTIALITY=y\n"))
			level = 2;
	}
	gzclose(z);
	return level;
}

/* The struct hive_prog_desc matching what the kernel sees for @cfg. */
static inline void kload_desc(const struct kcfg *cfg, bool gpl, struct hive_prog_desc *desc)
{
	struct hive_btf *btf = kload_btf();
	int id = kload_target_id(cfg);

	prog_desc_init_root(desc, cfg->type, cfg->eat);
	desc->gpl_compatible = gpl;
	desc->sleepable = cfg->sleepable;
	desc->lockdown_write_user = kload_lockdown() >= 1;
	desc->lockdown_read_kernel = kload_lockdown() >= 2;
	if (id <= 0 || !btf)
		return;
	desc->attach_btf = btf;
	desc->attach_btf_id = (u32)id;
	desc->attach_func_name = cfg->target;
	if (!strncmp(cfg->target, "btf_trace_", 10)) {
		desc->attach_func_name = cfg->target + 10; /* the kernel drops the prefix */
		const struct btf_type *t = btf_skip_mods_and_typedefs(btf, (u32)id, NULL);

		/* typedef -> pointer -> FUNC_PROTO, whose first argument is void *__data */
		if (t && btf_is_ptr(t))
			t = btf_type_by_id(btf, t->type);
		desc->attach_func_proto = t;
		desc->attach_btf_trace = true;
	} else {
		static struct bpf_ctx_arg_aux iter_args[4];
		int n = prog_iter_ctx_arg_info(cfg->target, btf, iter_args, 4);

		desc->attach_func_proto = btf_func_proto(btf, (u32)id);
		if (cfg->eat == BPF_TRACE_ITER && n > 0) {
			desc->ctx_arg_info = iter_args;
			desc->ctx_arg_info_size = (u32)n;
		}
	}
}

/* Verifier log level of kload() (1: messages, 2: register states too). */
static uint32_t kload_log_level = 1;

/* BPF_PROG_LOAD of @insns as @cfg; the log goes to @log. Returns 0 or -errno. */
static inline int kload(const struct kcfg *cfg, const struct hive_insn *insns, int cnt, bool gpl,
			char *log, size_t log_size)
{
	struct kload_attr attr;
	int id = kload_target_id(cfg);
	int fd;

	if (id < 0)
		return -ENOENT;
	memset(&attr, 0, sizeof(attr));
	attr.prog_type = cfg->type;
	attr.expected_attach_type = cfg->eat;
	attr.attach_btf_id = (uint32_t)id;
	attr.prog_flags = cfg->sleepable ? BPF_F_SLEEPABLE : 0;
	attr.insn_cnt = (uint32_t)cnt;
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.license = (uint64_t)(uintptr_t)(gpl ? "GPL" : "Proprietary");
	attr.log_level = kload_log_level;
	attr.log_size = (uint32_t)log_size;
	attr.log_buf = (uint64_t)(uintptr_t)log;
	log[0] = 0;
	fd = (int)syscall(__NR_bpf, BPF_PROG_LOAD_CMD, &attr, sizeof(attr));
	if (fd >= 0) {
		close(fd);
		return 0;
	}
	return -errno;
}

/* Whether bpf() works here at all (a socket filter returning 0). */
static inline bool kload_available(void)
{
	static const struct hive_insn prog[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	char log[256];

	return kload(&kcfgs[0], prog, 2, true, log, sizeof(log)) == 0;
}

/* Whether the kernel verifies programs of @cfg at all (some hosts refuse trampolines). */
static inline bool kload_cfg_available(const struct kcfg *cfg)
{
	static const struct hive_insn prog[] = {
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	char log[1024];
	int err = kload(cfg, prog, 2, true, log, sizeof(log));

	if (err)
		printf("%-24s SKIP: the kernel refuses even `r0 = 0; exit` (%s)%s%s\n", cfg->name,
		       strerror(-err), log[0] ? ": " : "", log);
	return err == 0;
}

/*
 * The message lines of a verifier log: everything but instruction and state lines ("12: ..."),
 * the statistics ("processed ...") and blank lines, joined with '\n' into @out.
 */
static inline void kload_messages(const char *log, char *out, size_t out_size)
{
	size_t n = 0;

	out[0] = 0;
	while (*log) {
		const char *eol = strchr(log, '\n');
		size_t len = eol ? (size_t)(eol - log) : strlen(log);
		const char *p = log;

		while (p < log + len && *p >= '0' && *p <= '9')
			p++;
		bool insn_line = p > log && p < log + len && *p == ':';
		bool skip = !len || insn_line || !strncmp(log, "processed ", 10) ||
			    !strncmp(log, "from ", 5) || !strncmp(log, "; ", 2);
		if (!skip && n + len + 2 < out_size) {
			memcpy(out + n, log, len);
			n += len;
			out[n++] = '\n';
			out[n] = 0;
		}
		log += len + (eol ? 1 : 0);
	}
}

#endif /* __HIVE_TESTS_VTABLES_KLOAD_H */
