// SPDX-License-Identifier: BSD-2-Clause
/*
 * Differential test of the __sk_buff rewrites (convert_ctx_access) against the running kernel.
 *
 * For SOCKET_FILTER, SCHED_CLS and CGROUP_SKB, every readable __sk_buff field is read with every
 * size and offset the verifier accepts, plain and sign-extending, by `r0 = *(SZ *)(r1 + off);
 * [r0 >>= 32;] exit`, and every writable field is written (`*(SZ *)(r1 + off) = imm`) and read
 * back. The kernel runs the program with BPF_PROG_TEST_RUN on a fixed packet and __sk_buff;
 * we rewrite it with ctx_convert_insn() and run it in the interpreter on a struct hive_skb_ctx
 * filled as net/bpf/test_run.c fills its sk_buff from the same input. R0 must agree: this
 * checks the runtime layout, the rewrites and the narrow-load shift/mask logic together.
 *
 * Not covered: tstamp (its rewrite needs the interpreter's BPF_REG_AX) and the pointer fields.
 * Exit status: 0 if every case agrees, 1 otherwise, 77 (skip) if bpf() is not permitted.
 */
#include "kload.h"
#include "verifier/ctx.h"
#include "vm/ctx.h"
#include "vm/vm.h"

#define BPF_PROG_TEST_RUN_CMD 10

struct test_run_attr {
	uint32_t prog_fd;
	uint32_t retval;
	uint32_t data_size_in;
	uint32_t data_size_out;
	uint64_t data_in;
	uint64_t data_out;
	uint32_t repeat;
	uint32_t duration;
	uint32_t ctx_size_in;
	uint32_t ctx_size_out;
	uint64_t ctx_in;
	uint64_t ctx_out;
	uint32_t flags;
	uint32_t cpu;
	uint32_t batch_size;
	uint32_t pad;
};

/* Ethernet (dst 02:00:00:00:00:01, not lo's address: PACKET_OTHERHOST), IPv4, TCP. */
static const uint8_t packet[54] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x01, 0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x08, 0x00,
	0x45, 0x00, 0x00, 0x28, 0x12, 0x34, 0x40, 0x00, 0x40, 0x06, 0x00, 0x00, 0x0a, 0x01,
	0x02, 0x03, 0xc0, 0xa8, 0x85, 0x96, 0x30, 0x39, 0x00, 0x50, 0x01, 0x02, 0x03, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x50, 0x02, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* The __sk_buff given as ctx_in: only fields test_run accepts. */
static uint8_t skb_in[192];

static void put32(int off, uint32_t v)
{
	memcpy(skb_in + off, &v, 4);
}

static void put64(int off, uint64_t v)
{
	memcpy(skb_in + off, &v, 8);
}

static void make_ctx_in(void)
{
	memset(skb_in, 0, sizeof(skb_in));
	put32(8, 0xa1b2c3d4); /* mark */
	put32(32, 0x8badf00d); /* priority */
	put32(36, 0x7f); /* ingress_ifindex */
	put32(40, 1); /* ifindex: lo */
	for (int i = 0; i < 20; i++)
		skb_in[48 + i] = (uint8_t)(0x81 + 7 * i); /* cb */
	put32(160, 0x1f0); /* wire_len */
	put32(164, 0x2c); /* gso_segs */
	put32(176, 0xfedc); /* gso_size */
	put64(184, 0x8877665544332211ull); /* hwtstamp */
}

/* What test_run's sk_buff holds, in our layout, for @cfg (tc sees the Ethernet header). */
static void make_hive_ctx(const struct kcfg *cfg, struct hive_skb_ctx *c, uint8_t *pkt)
{
	bool l2 = cfg->type == BPF_PROG_TYPE_SCHED_CLS;
	uint32_t len = l2 ? 54 : 40;

	memset(c, 0, sizeof(*c));
	memcpy(pkt, packet, sizeof(packet));
	c->data = (uint64_t)(uintptr_t)(pkt + (l2 ? 0 : 14));
	c->data_end = c->data + len;
	c->data_meta = c->data;
	c->sk = (uint64_t)(uintptr_t)c; /* some socket */
	memcpy(c->cb, skb_in + 48, 20);
	c->len = len;
	c->mark = 0xa1b2c3d4;
	c->priority = 0x8badf00d;
	c->ingress_ifindex = 0x7f;
	c->ifindex = 1;
	c->wire_len = 0x1f0;
	c->protocol = 0x0008; /* htons(ETH_P_IP) */
	c->gso_segs = 0x2c;
	c->gso_size = 0xfedc;
	c->hwtstamp = 0x8877665544332211ull;
	c->pkt_type = 3; /* PACKET_OTHERHOST */
	c->family = 2; /* AF_INET */
	memcpy(&c->local_ip4, packet + 26, 4); /* saddr */
	memcpy(&c->remote_ip4, packet + 30, 4); /* daddr */
}

static char klog[KLOAD_LOG_SIZE];

/*
 * CGROUP_SKB programs must return 0 or 1: their result goes through cb[0] (the program stores
 * it there, test_run copies the __sk_buff back to ctx_out).
 */
static bool via_cb(const struct kcfg *cfg)
{
	return cfg->type == BPF_PROG_TYPE_CGROUP_SKB;
}

/* Kernel: load and test-run @insns; *retval gets R0's low 32 bits (or cb[0], see via_cb()). */
static int kernel_run(const struct kcfg *cfg, const struct hive_insn *insns, int cnt,
		      uint32_t *retval)
{
	uint8_t ctx_out[192];

	struct kload_attr attr;
	struct test_run_attr t;
	uint8_t out[256];
	int fd, err;

	memset(&attr, 0, sizeof(attr));
	attr.prog_type = cfg->type;
	attr.expected_attach_type = cfg->eat;
	attr.insn_cnt = (uint32_t)cnt;
	attr.insns = (uint64_t)(uintptr_t)insns;
	attr.license = (uint64_t)(uintptr_t) "GPL";
	attr.log_level = 1;
	attr.log_size = sizeof(klog);
	attr.log_buf = (uint64_t)(uintptr_t)klog;
	fd = (int)syscall(__NR_bpf, BPF_PROG_LOAD_CMD, &attr, sizeof(attr));
	if (fd < 0)
		return -errno;
	memset(&t, 0, sizeof(t));
	t.prog_fd = (uint32_t)fd;
	t.data_in = (uint64_t)(uintptr_t)packet;
	t.data_size_in = sizeof(packet);
	t.data_out = (uint64_t)(uintptr_t)out;
	t.data_size_out = sizeof(out);
	t.ctx_in = (uint64_t)(uintptr_t)skb_in;
	t.ctx_size_in = sizeof(skb_in);
	t.ctx_out = (uint64_t)(uintptr_t)ctx_out;
	t.ctx_size_out = sizeof(ctx_out);
	t.repeat = 1;
	err = (int)syscall(__NR_bpf, BPF_PROG_TEST_RUN_CMD, &t, sizeof(t));
	err = err ? -errno : 0;
	close(fd);
	*retval = t.retval;
	if (via_cb(cfg))
		memcpy(retval, ctx_out + 48, 4);
	return err;
}

/* Append @insn to @out, rewritten as a ctx access of @type when @type is not 0. */
static int emit(struct hive_prog_desc *desc, const struct hive_insn *insn, int type,
		int ctx_field_size, struct hive_insn *out, int *n)
{
	struct hive_insn buf[CTX_INSN_BUF_SIZE];
	int k = type ? ctx_convert_insn(desc, insn, (enum bpf_access_type)type, ctx_field_size,
					buf) :
		       0;

	if (k < 0)
		return k;
	if (k == 0)
		out[(*n)++] = *insn;
	for (int j = 0; j < k; j++)
		out[(*n)++] = buf[j];
	return 0;
}

/* Ours: interpret the rewritten @insns on the hive_skb_ctx of @cfg. */
static int our_exec(const struct kcfg *cfg, const struct hive_insn *insns, int cnt, uint64_t *r0)
{
	static uint8_t pkt[64];
	struct hive_skb_ctx c;
	struct hive_vm_prog *prog;
	struct hive_vm_run run;
	struct hive_vm *vm = hive_vm_new();
	uint64_t arg = (uint64_t)(uintptr_t)&c;
	int err;

	make_hive_ctx(cfg, &c, pkt);
	prog = hive_vm_prog_new(vm, insns, (size_t)cnt, "ctx", NULL);
	if (IS_ERR(prog)) {
		hive_vm_free(vm);
		return (int)PTR_ERR(prog);
	}
	hive_vm_run_init(&run, prog, NULL);
	err = hive_vm_run_exec(&run, &arg, 1, r0);
	if (via_cb(cfg))
		*r0 = c.cb[0];
	hive_vm_run_fini(&run);
	hive_vm_prog_free(prog);
	hive_vm_free(vm);
	return err;
}

struct stats {
	int cases, agree;
};

static void compare(const struct kcfg *cfg, const char *what, int off, int size,
		    const struct hive_insn *insns, int cnt, const struct hive_insn *ours_insns,
		    int ours_cnt, struct stats *st)
{
	uint32_t kret = 0;
	uint64_t ours = 0;
	int kerr = kernel_run(cfg, insns, cnt, &kret);
	int oerr = ours_cnt > 0 ? our_exec(cfg, ours_insns, ours_cnt, &ours) : ours_cnt;

	st->cases++;
	if (!kerr && !oerr && kret == (uint32_t)ours) {
		st->agree++;
		return;
	}
	printf("MISMATCH %s %s size %d off %d: kernel %d 0x%x, ours %d 0x%llx\n", cfg->name, what,
	       size, off, kerr, kret, oerr, (unsigned long long)ours);
}

static const u8 size_codes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };

static void read_case(const struct kcfg *cfg, int off, int s, bool sx, bool hi, struct stats *st)
{
	u8 reg = via_cb(cfg) ? 2 : 0;
	struct hive_insn p[8];
	struct hive_insn out[64];
	struct bpf_insn_access_aux info, cbinfo;
	struct hive_prog_desc desc;
	int cnt = 0, n = 0, err;
	char what[32];

	kload_desc(cfg, true, &desc);
	if (ctx_check_access(&desc, off, 1 << s, BPF_READ, sx, NULL, &info))
		return;
	p[cnt++] = (struct hive_insn){ .code = BPF_LDX | (sx ? BPF_MEMSX : BPF_MEM) | size_codes[s],
				       .dst_reg = reg,
				       .src_reg = 1,
				       .off = (s16)off };
	if (hi)
		p[cnt++] = (struct hive_insn){ .code = BPF_ALU64 | BPF_RSH | BPF_K,
					       .dst_reg = reg,
					       .imm = 32 };
	if (via_cb(cfg)) {
		p[cnt++] = (struct hive_insn){
			.code = BPF_STX | BPF_MEM | BPF_W, .dst_reg = 1, .src_reg = 2, .off = 48
		};
		p[cnt++] = (struct hive_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .imm = 1 };
	}
	p[cnt++] = (struct hive_insn){ .code = BPF_JMP | BPF_EXIT };

	ctx_check_access(&desc, 48, 4, BPF_WRITE, false, NULL, &cbinfo);
	err = emit(&desc, &p[0], BPF_READ, info.ctx_field_size, out, &n);
	for (int i = 1; i < cnt && !err; i++)
		err = emit(&desc, &p[i], p[i].code == (BPF_STX | BPF_MEM | BPF_W) ? BPF_WRITE : 0,
			   0, out, &n);
	snprintf(what, sizeof(what), "%s%s", sx ? "ldsx" : "load", hi ? ">>32" : "");
	compare(cfg, what, off, 1 << s, p, cnt, out, err ? err : n, st);
}

static void write_case(const struct kcfg *cfg, int off, int s, int32_t imm, struct stats *st)
{
	int roff = off & ~3, cnt = 0, n = 0, err;
	u8 reg = via_cb(cfg) ? 2 : 0;
	struct hive_insn p[8], out[96];
	struct bpf_insn_access_aux info, rinfo;
	struct hive_prog_desc desc;
	char what[32];

	kload_desc(cfg, true, &desc);
	if (ctx_check_access(&desc, off, 1 << s, BPF_WRITE, false, NULL, &info) ||
	    ctx_check_access(&desc, roff, 4, BPF_READ, false, NULL, &rinfo))
		return;
	p[cnt++] = (struct hive_insn){
		.code = BPF_ST | BPF_MEM | size_codes[s], .dst_reg = 1, .off = (s16)off, .imm = imm
	};
	p[cnt++] = (struct hive_insn){
		.code = BPF_LDX | BPF_MEM | BPF_W, .dst_reg = reg, .src_reg = 1, .off = (s16)roff
	};
	if (via_cb(cfg)) {
		p[cnt++] = (struct hive_insn){
			.code = BPF_STX | BPF_MEM | BPF_W, .dst_reg = 1, .src_reg = 2, .off = 48
		};
		p[cnt++] = (struct hive_insn){ .code = BPF_ALU64 | BPF_MOV | BPF_K, .imm = 1 };
	}
	p[cnt++] = (struct hive_insn){ .code = BPF_JMP | BPF_EXIT };

	err = emit(&desc, &p[0], BPF_WRITE, 0, out, &n);
	if (!err)
		err = emit(&desc, &p[1], BPF_READ, rinfo.ctx_field_size, out, &n);
	for (int i = 2; i < cnt && !err; i++)
		err = emit(&desc, &p[i], p[i].code == (BPF_STX | BPF_MEM | BPF_W) ? BPF_WRITE : 0,
			   0, out, &n);
	snprintf(what, sizeof(what), "st 0x%x", (uint32_t)imm);
	compare(cfg, what, off, 1 << s, p, cnt, out, err ? err : n, st);
}

static void run_cfg(const struct kcfg *cfg, struct stats *st)
{
	static const int32_t imms[] = { 0x7a5b3c1d, 0x1234, 0x12345, -1 };

	for (int off = 0; off < 192; off++) {
		/* data, data_end, data_meta, tstamp, sk: pointers, or AX-based rewrites */
		if ((off >= 76 && off < 84) || (off >= 140 && off < 144) ||
		    (off >= 152 && off < 160) || (off >= 168 && off < 176))
			continue;
		for (int s = 0; s < 4; s++) {
			for (int sx = 0; sx < 2; sx++)
				for (int hi = 0; hi < 2; hi++)
					if (!(sx && s == 3))
						read_case(cfg, off, s, sx, hi, st);
			for (size_t i = 0; i < sizeof(imms) / sizeof(imms[0]); i++)
				write_case(cfg, off, s, imms[i], st);
		}
	}
}

int main(void)
{
	static const char *const names[] = { "socket_filter", "sched_cls", "cgroup_skb_ingress" };
	int total = 0, agree = 0;

	if (!kload_available()) {
		printf("SKIP: bpf() is not permitted here\n");
		return 77;
	}
	make_ctx_in();
	for (size_t c = 0; c < NR_KCFGS; c++) {
		const struct kcfg *cfg = &kcfgs[c];
		struct stats st = { 0 };
		bool want = false;

		for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
			want |= !strcmp(cfg->name, names[i]);
		if (!want)
			continue;
		run_cfg(cfg, &st);
		printf("%-24s %5d/%5d runs agree\n", cfg->name, st.agree, st.cases);
		total += st.cases;
		agree += st.agree;
	}
	printf("ctx rewrites: %d/%d test runs agree with the kernel\n", agree, total);
	return agree == total ? 0 : 1;
}
