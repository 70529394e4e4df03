// SPDX-License-Identifier: BSD-2-Clause
/*
 * Differential test of helper availability against the running kernel's verifier.
 *
 * For each program type and attach target of kload.h, each helper id (and ids outside the
 * table), under a GPL and a non-GPL license, the program `call id; r0 = 0; exit` is loaded with
 * BPF_PROG_LOAD. The kernel's first complaint tells how far check_helper_call() got:
 *   "invalid func ..."                             the id is not a helper
 *   "program of this type cannot use helper ..."   no prototype for this program
 *   "cannot call GPL-restricted function ..."      gpl_only
 *   "helper call is not allowed in probe"          the prototype's allowed() refused
 *   "helper call might sleep in a non-sleepable prog"
 *   anything else (usually "R1 !read_ok")          a prototype exists and was accepted
 * and verifier_check_helper() must reach the same verdict with the same message.
 *
 * Exit status: 0 if every case agrees, 1 otherwise, 77 (skip) if bpf() is not permitted.
 */
#include "kload.h"
#include "verifier/kfuncs.h"
#include "verifier/protos.h"

enum verdict { V_OK, V_INVALID, V_NOPROTO, V_GPL, V_NOTALLOWED, V_SLEEP, V_LOADFAIL };

static const char *const verdict_names[] = { "ok",	    "invalid",	   "noproto",  "gpl",
					     "not-allowed", "might-sleep", "load-fail" };

static const struct {
	const char *prefix;
	enum verdict v;
} kernel_msgs[] = {
	{ "invalid func ", V_INVALID },
	{ "program of this type cannot use helper ", V_NOPROTO },
	{ "cannot call GPL-restricted function", V_GPL },
	{ "helper call is not allowed in probe", V_NOTALLOWED },
	{ "helper call might sleep in a non-sleepable prog", V_SLEEP },
};

static enum verdict classify(const char *msgs, const char **line)
{
	const char *p = msgs;

	*line = "";
	while (*p) {
		for (size_t i = 0; i < sizeof(kernel_msgs) / sizeof(kernel_msgs[0]); i++) {
			if (!strncmp(p, kernel_msgs[i].prefix, strlen(kernel_msgs[i].prefix))) {
				*line = p;
				return kernel_msgs[i].v;
			}
		}
		p = strchr(p, '\n');
		if (!p)
			break;
		p++;
	}
	return V_OK;
}

static int first_line_cmp(const char *a, const char *b)
{
	size_t la = strcspn(a, "\n"), lb = strcspn(b, "\n");

	return la == lb ? strncmp(a, b, la) : 1;
}

static char klog[KLOAD_LOG_SIZE], kmsgs[KLOAD_LOG_SIZE];

struct stats {
	int cases, agree, ok_protos;
};

/* Run as a loader without CAP_PERFMON and CAP_SYS_ADMIN (set by drop_perfmon()). */
static bool no_perfmon;

static void run_case(const struct kcfg *cfg, int id, bool gpl, struct stats *st)
{
	struct hive_insn prog[3] = {
		{ .code = BPF_JMP | BPF_CALL, .imm = id },
		{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0 },
		{ .code = BPF_JMP | BPF_EXIT },
	};
	const struct bpf_func_proto *fn;
	struct hive_prog_desc desc;
	char ours[512];
	struct vlog_buf log;
	enum verdict kv, ov;
	const char *kline;
	int err;

	err = kload(cfg, prog, 3, gpl, klog, sizeof(klog));
	kload_messages(klog, kmsgs, sizeof(kmsgs));
	kv = classify(kmsgs, &kline);
	if (err == 0)
		kv = V_OK;
	else if (kv == V_OK && !strstr(klog, "0: (85)"))
		kv = V_LOADFAIL; /* refused before verification started */

	kload_desc(cfg, gpl, &desc);
	if (no_perfmon)
		desc.cap_perfmon = desc.cap_sys_admin = false;
	vlog_init(&log, ours, sizeof(ours));
	ov = V_OK;
	if (verifier_check_helper(&desc, id, desc.sleepable, &log, &fn)) {
		const char *dummy;

		ov = classify(ours, &dummy);
	}
	st->cases++;
	if (kv == ov && (kv == V_OK || !first_line_cmp(kline, ours))) {
		st->agree++;
		st->ok_protos += kv == V_OK;
		return;
	}
	printf("MISMATCH %s %s helper %s#%d: kernel %s \"%.*s\", ours %s \"%.*s\"\n", cfg->name,
	       gpl ? "GPL" : "non-GPL", helper_func_name(id), id, verdict_names[kv],
	       (int)strcspn(kv == V_LOADFAIL ? kmsgs : kline, "\n"),
	       kv == V_LOADFAIL ? kmsgs : kline, verdict_names[ov], (int)strcspn(ours, "\n"), ours);
}

/*
 * kfunc registrations: `call kfunc; r0 = 0; exit` for every kfunc of kfuncs.c and program
 * type. The kernel says "calling kernel function %s is not allowed" exactly when the kfunc is
 * in no set registered for the type; any other complaint (arguments) means it is.
 */
static void run_kfuncs(const struct kcfg *cfg, int *total, int *agree)
{
	const struct kfunc_meta *table;
	int cases = 0, ok = 0, callable = 0;
	u32 cnt;

	table = verifier_kfunc_table(&cnt);
	for (u32 i = 0; i < cnt; i++) {
		int id = btf_find_by_name_kind(kload_btf(), table[i].name, BTF_KIND_FUNC);
		struct hive_insn prog[3] = {
			{ .code = BPF_JMP | BPF_CALL, .src_reg = BPF_PSEUDO_KFUNC_CALL, .imm = id },
			{ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0 },
			{ .code = BPF_JMP | BPF_EXIT },
		};
		struct hive_prog_desc desc;
		char want[256];
		bool kallowed, oallowed;

		if (id < 0) {
			printf("%s: kfunc %s not in this kernel's BTF\n", cfg->name, table[i].name);
			continue;
		}
		kload(cfg, prog, 3, true, klog, sizeof(klog));
		snprintf(want, sizeof(want), "calling kernel function %s is not allowed",
			 table[i].name);
		kallowed = !strstr(klog, want);
		kload_desc(cfg, true, &desc);
		oallowed = verifier_kfunc_allowed(&desc, &table[i], NULL);
		cases++;
		if (kallowed == oallowed) {
			ok++;
			callable += oallowed;
			continue;
		}
		printf("MISMATCH %s kfunc %s: kernel %s, ours %s\n", cfg->name, table[i].name,
		       kallowed ? "allows" : "refuses", oallowed ? "allows" : "refuses");
	}
	printf("%-24s kfuncs %3d/%3d agree (%d callable)\n", cfg->name, ok, cases, callable);
	*total += cases;
	*agree += ok;
}

/* Drop CAP_PERFMON (38) and CAP_SYS_ADMIN (21), keeping CAP_BPF and CAP_NET_ADMIN. */
static bool drop_perfmon(void)
{
	struct {
		uint32_t version;
		int pid;
	} hdr = { 0x20080522, 0 }; /* _LINUX_CAPABILITY_VERSION_3 */
	struct {
		uint32_t effective, permitted, inheritable;
	} data[2];

	if (syscall(SYS_capget, &hdr, data))
		return false;
	for (int i = 0; i < 2; i++) {
		uint32_t drop = i == 0 ? 1u << 21 : 1u << (38 - 32);

		data[i].effective &= ~drop;
		data[i].permitted &= ~drop;
	}
	return syscall(SYS_capset, &hdr, data) == 0;
}

static void run_cfg(const struct kcfg *cfg, int *total, int *agree)
{
	static const int extra_ids[] = { -1, HIVE_HELPER_MAX_ID, 1000 };
	struct stats st = { 0 };

	for (int gpl = 1; gpl >= 0; gpl--) {
		if (!gpl && cfg->gpl_only_license)
			continue;
		for (int id = 0; id < HIVE_HELPER_MAX_ID; id++)
			run_case(cfg, id, gpl, &st);
		for (size_t i = 0; i < sizeof(extra_ids) / sizeof(extra_ids[0]); i++)
			run_case(cfg, extra_ids[i], gpl, &st);
	}
	printf("%-24s%s %4d/%4d agree (%d callable)\n", cfg->name, no_perfmon ? " -perfmon" : "",
	       st.agree, st.cases, st.ok_protos);
	*total += st.cases;
	*agree += st.agree;
}

int main(void)
{
	int total = 0, agree = 0;

	if (!kload_available()) {
		printf("SKIP: bpf() is not permitted here\n");
		return 77;
	}
	for (size_t c = 0; c < NR_KCFGS; c++) {
		const struct kcfg *cfg = &kcfgs[c];

		if (kload_target_id(cfg) < 0) {
			printf("%-24s SKIP (no attach target %s)\n", cfg->name, cfg->target);
			continue;
		}
		if (!kload_cfg_available(cfg))
			continue;
		run_cfg(cfg, &total, &agree);
		run_kfuncs(cfg, &total, &agree);
	}
	/* the networking types again, for a loader with CAP_BPF but not CAP_PERFMON */
	if (drop_perfmon()) {
		no_perfmon = true;
		for (size_t c = 0; c < NR_KCFGS; c++)
			if (kcfgs[c].type == BPF_PROG_TYPE_SOCKET_FILTER ||
			    kcfgs[c].type == BPF_PROG_TYPE_SCHED_CLS ||
			    kcfgs[c].type == BPF_PROG_TYPE_XDP ||
			    kcfgs[c].type == BPF_PROG_TYPE_CGROUP_SKB)
				run_cfg(&kcfgs[c], &total, &agree);
	}
	printf("helpers and kfuncs: %d/%d cases agree with the kernel\n", agree, total);
	return agree == total ? 0 : 1;
}
