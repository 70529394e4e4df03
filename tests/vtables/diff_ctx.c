// SPDX-License-Identifier: BSD-2-Clause
/*
 * Differential test of context access rules against the running kernel's verifier.
 *
 * For each program type and attach target of kload.h, each context offset in (and just past)
 * the UAPI context, each size, and each access kind
 *   load     r0 = *(uSZ *)(r1 + off)
 *   ldsx     r0 = *(sSZ *)(r1 + off)
 *   store    r2 = 0; *(uSZ *)(r1 + off) = r2
 *   st       *(uSZ *)(r1 + off) = 0
 * followed by `r0 = 0; exit`, the kernel's verdict (loaded or not) and its message lines must
 * equal what ctx_check_access() says (and logs) for the same access.
 *
 * Exit status: 0 if every case agrees, 1 otherwise, 77 (skip) if bpf() is not permitted.
 */
#include "kload.h"
#include "verifier/ctx.h"

enum kind { K_LOAD, K_LDSX, K_STORE, K_ST, NR_KINDS };

static const char *const kind_names[] = { "load", "ldsx", "store", "st" };
static const u8 size_codes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };

static char klog[KLOAD_LOG_SIZE], kmsgs[KLOAD_LOG_SIZE];

/* The offsets worth trying for a type: the whole context and a little beyond. */
static int ctx_span(const struct kcfg *cfg)
{
	switch (cfg->type) {
	case BPF_PROG_TYPE_SOCKET_FILTER:
	case BPF_PROG_TYPE_SCHED_CLS:
	case BPF_PROG_TYPE_SCHED_ACT:
	case BPF_PROG_TYPE_CGROUP_SKB:
		return 200;
	case BPF_PROG_TYPE_XDP:
		return 32;
	case BPF_PROG_TYPE_KPROBE:
		return 176;
	case BPF_PROG_TYPE_PERF_EVENT:
		return 192;
	case BPF_PROG_TYPE_SYSCALL:
	case BPF_PROG_TYPE_TRACEPOINT:
		return 72;
	default:
		return 104; /* u64 args[12] and beyond */
	}
}

static int build(enum kind k, u8 size_code, int off, struct hive_insn *p)
{
	int n = 0;

	switch (k) {
	case K_LOAD:
		p[n++] = (struct hive_insn){ .code = BPF_LDX | BPF_MEM | size_code,
					     .dst_reg = 0,
					     .src_reg = 1,
					     .off = (s16)off };
		break;
	case K_LDSX:
		p[n++] = (struct hive_insn){ .code = BPF_LDX | BPF_MEMSX | size_code,
					     .dst_reg = 0,
					     .src_reg = 1,
					     .off = (s16)off };
		break;
	case K_STORE:
		p[n++] = (struct hive_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 2 };
		p[n++] = (struct hive_insn){ .code = BPF_STX | BPF_MEM | size_code,
					     .dst_reg = 1,
					     .src_reg = 2,
					     .off = (s16)off };
		break;
	default:
		p[n++] = (struct hive_insn){ .code = BPF_ST | BPF_MEM | size_code,
					     .dst_reg = 1,
					     .off = (s16)off };
		break;
	}
	p[n++] = (struct hive_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .dst_reg = 0 };
	p[n++] = (struct hive_insn){ .code = BPF_JMP | BPF_EXIT };
	return n;
}

struct stats {
	int cases, agree, allowed, typed;
};

/* What the kernel's log calls a register of type @info (reg_type_str() + BTF struct name). */
static void type_text(const struct bpf_insn_access_aux *info, char *out, size_t size)
{
	u32 t = info->reg_type, base = base_type(t);
	const char *name = "?", *sname = "";

	switch (base) {
	case SCALAR_VALUE:
		name = "scalar";
		break;
	case PTR_TO_PACKET:
		name = "pkt";
		break;
	case PTR_TO_PACKET_META:
		name = "pkt_meta";
		break;
	case PTR_TO_PACKET_END:
		name = "pkt_end";
		break;
	case PTR_TO_SOCK_COMMON:
		name = "sock_common";
		break;
	case PTR_TO_TP_BUFFER:
		name = "tp_buffer";
		break;
	case PTR_TO_BTF_ID:
		name = "ptr_";
		sname = btf_str_by_offset(info->btf,
					  btf_type_by_id(info->btf, info->btf_id)->name_off);
		break;
	default:
		break;
	}
	snprintf(out, size, "%s%s%s%s%s%s", t & PTR_TRUSTED ? "trusted_" : "",
		 t & MEM_USER ? "user_" : "", t & MEM_PERCPU ? "percpu_" : "", name,
		 !(t & PTR_MAYBE_NULL) ? "" :
		 base == PTR_TO_BTF_ID ? "or_null_" :
					 "_or_null",
		 sname);
}

/* The type of R0 the kernel printed after instruction 0 ("0: (61) r0 = ... ; R0_w=pkt(r=0)"). */
static void kernel_r0_type(const char *log, char *out, size_t size)
{
	const char *p = strstr(log, "\n0: (");
	size_t n;

	out[0] = 0;
	if (!p)
		return;
	/* the state after the load: on the same line, or after the load's own messages */
	while ((p = strstr(p, " R0")) && p[3] != '=' && strncmp(p + 3, "_w=", 3))
		p += 3;
	if (!p)
		return;
	p = strchr(p, '=') + 1;
	n = strcspn(p, "( \n");
	if (n >= size)
		n = size - 1;
	memcpy(out, p, n);
	out[n] = 0;
	/* a constant prints as its value */
	if (n && ((*out >= '0' && *out <= '9') || *out == '-'))
		snprintf(out, size, "scalar");
}

/* For an accepted load: does the kernel give R0 the type is_valid_access() says? */
static bool check_type(const struct kcfg *cfg, const struct hive_insn *prog, int n,
		       const struct bpf_insn_access_aux *info, int off, int size)
{
	char want[128], got[128];

	kload_log_level = 2;
	kload(cfg, prog, n, true, klog, sizeof(klog));
	kload_log_level = 1;
	kernel_r0_type(klog, got, sizeof(got));
	type_text(info, want, sizeof(want));
	if (!strcmp(want, got))
		return true;
	printf("MISMATCH %s load size %d off %d: kernel R0 type %s, ours %s\n", cfg->name, size,
	       off, got, want);
	return false;
}

static void run_case(const struct kcfg *cfg, enum kind k, int size_idx, int off, struct stats *st)
{
	u8 size_code = size_codes[size_idx];
	int size = 1 << size_idx;
	struct bpf_insn_access_aux info;
	struct hive_insn prog[4];
	struct hive_prog_desc desc;
	char ours[1024];
	struct vlog_buf log;
	int n, kerr, oerr;

	if (k == K_LDSX && size == 8)
		return;
	n = build(k, size_code, off, prog);
	kerr = kload(cfg, prog, n, true, klog, sizeof(klog));
	kload_messages(klog, kmsgs, sizeof(kmsgs));

	kload_desc(cfg, true, &desc);
	vlog_init(&log, ours, sizeof(ours));
	oerr = ctx_check_access(&desc, off, size, k >= K_STORE ? BPF_WRITE : BPF_READ, k == K_LDSX,
				&log, &info);
	st->cases++;
	/* a successful verification keeps no messages at log level 1 (the log of a path that
	 * reaches exit is rewound), so messages are compared on refusals */
	if (!kerr == !oerr && (!kerr || !strcmp(kmsgs, ours))) {
		if (!kerr && k == K_LOAD) {
			if (!check_type(cfg, prog, n, &info, off, size))
				return;
			st->typed++;
		}
		st->agree++;
		st->allowed += !kerr;
		return;
	}
	for (char *q = kmsgs; *q; q++)
		*q = *q == '\n' ? '|' : *q;
	for (char *q = ours; *q; q++)
		*q = *q == '\n' ? '|' : *q;
	printf("MISMATCH %s %s size %d off %d: kernel %s \"%s\", ours %s \"%s\"\n", cfg->name,
	       kind_names[k], size, off, kerr ? "refuses" : "accepts", kmsgs,
	       oerr ? "refuse" : "accept", ours);
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
		struct stats st = { 0 };
		int span = ctx_span(cfg);

		if (kload_target_id(cfg) < 0 || !kload_cfg_available(cfg))
			continue;
		for (int off = -8; off < span; off++)
			for (int k = 0; k < NR_KINDS; k++)
				for (int s = 0; s < 4; s++)
					run_case(cfg, (enum kind)k, s, off, &st);
		printf("%-24s %5d/%5d agree (%d accesses allowed, %d load result types checked)\n",
		       cfg->name, st.agree, st.cases, st.allowed, st.typed);
		total += st.cases;
		agree += st.agree;
	}
	printf("ctx: %d/%d cases agree with the kernel\n", agree, total);
	return agree == total ? 0 : 1;
}
