// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests for the context tables (verifier/ctx*.c): which __sk_buff and xdp_md fields each
 * program type may read and write with which sizes (the table below is Linux 6.18's rules,
 * confirmed field by field against the kernel by tests/vtables/diff_ctx), the types loads give,
 * the rewrites into struct hive_skb_ctx run in the interpreter (narrow loads, sign extension,
 * the kernel's quirks), btf_ctx_access() on a hand-built BTF, and the tracing contexts.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "btf/btf.h"
#include "btf/btf_types.h"
#include "common/err.h"
#include "verifier/ctx.h"
#include "vm/ctx.h"
#include "vm/vm.h"

static struct hive_prog_desc desc_of(enum bpf_prog_type type, enum bpf_attach_type eat)
{
	struct hive_prog_desc d;

	prog_desc_init_root(&d, type, eat);
	return d;
}

static bool allowed(struct hive_prog_desc *d, int off, int size, enum bpf_access_type t, bool ldsx,
		    struct bpf_insn_access_aux *info)
{
	struct bpf_insn_access_aux tmp;

	return ctx_check_access(d, off, size, t, ldsx, NULL, info ? info : &tmp) == 0;
}

/* ---- the field table ---- */

/* Sizes allowed at a field's offset: bit 0 = 1 byte, 1 = 2, 2 = 4, 3 = 8. */
#define B 1
#define H 2
#define W 4
#define DW 8
#define N124 (B | H | W)

struct field_rule {
	const char *name;
	int off;
	u8 read[3], write[3]; /* socket filter, tc, cgroup skb */
};

/* clang-format off */
static const struct field_rule skb_fields[] = {
	{ "len",             0,   { N124, N124, N124 }, { 0, 0, 0 } },
	{ "pkt_type",        4,   { N124, N124, N124 }, { 0, 0, 0 } },
	{ "mark",            8,   { N124, N124, N124 }, { 0, W, W } },
	{ "queue_mapping",   12,  { N124, N124, N124 }, { 0, W, 0 } },
	{ "protocol",        16,  { N124, N124, N124 }, { 0, 0, 0 } },
	{ "vlan_present",    20,  { N124, N124, N124 }, { 0, 0, 0 } },
	{ "vlan_tci",        24,  { N124, N124, N124 }, { 0, 0, 0 } },
	{ "vlan_proto",      28,  { N124, N124, N124 }, { 0, 0, 0 } },
	{ "priority",        32,  { N124, N124, N124 }, { 0, W, W } },
	{ "ingress_ifindex", 36,  { N124, N124, N124 }, { 0, 0, 0 } },
	{ "ifindex",         40,  { N124, N124, N124 }, { 0, 0, 0 } },
	{ "tc_index",        44,  { N124, N124, N124 }, { 0, W, 0 } },
	{ "cb[0]",           48,  { N124 | DW, N124 | DW, N124 | DW }, { N124 | DW, N124 | DW, N124 | DW } },
	{ "cb[1]",           52,  { N124, N124, N124 }, { N124, N124, N124 } },
	{ "cb[4]",           64,  { N124, N124, N124 }, { N124, N124, N124 } },
	{ "hash",            68,  { N124, N124, N124 }, { 0, 0, 0 } },
	{ "tc_classid",      72,  { 0, N124, 0 },       { 0, W, 0 } },
	{ "data",            76,  { 0, W, W },          { 0, 0, 0 } },
	{ "data_end",        80,  { 0, W, W },          { 0, 0, 0 } },
	{ "napi_id",         84,  { N124, N124, N124 }, { 0, 0, 0 } },
	{ "family",          88,  { 0, 0, N124 },       { 0, 0, 0 } },
	{ "remote_ip4",      92,  { 0, 0, W },          { 0, 0, 0 } },
	{ "local_ip4",       96,  { 0, 0, W },          { 0, 0, 0 } },
	{ "remote_ip6[0]",   100, { 0, 0, W },          { 0, 0, 0 } },
	{ "remote_ip6[3]",   112, { 0, 0, W },          { 0, 0, 0 } },
	{ "local_ip6[0]",    116, { 0, 0, W },          { 0, 0, 0 } },
	{ "remote_port",     132, { 0, 0, N124 },       { 0, 0, 0 } },
	{ "local_port",      136, { 0, 0, N124 },       { 0, 0, 0 } },
	{ "data_meta",       140, { 0, W, 0 },          { 0, 0, 0 } },
	{ "flow_keys",       144, { 0, 0, 0 },          { 0, 0, 0 } },
	{ "tstamp",          152, { 0, DW, DW },        { 0, DW, DW } },
	{ "wire_len",        160, { 0, N124, 0 },       { 0, 0, 0 } },
	{ "gso_segs",        164, { N124, N124, N124 }, { 0, 0, 0 } },
	{ "sk",              168, { DW, DW, DW },       { 0, 0, 0 } },
	{ "gso_size",        176, { N124, N124, N124 }, { 0, 0, 0 } },
	{ "tstamp_type",     180, { 0, B, 0 },          { 0, 0, 0 } },
	{ "padding",         181, { 0, 0, 0 },          { 0, 0, 0 } },
	{ "hwtstamp",        184, { 0, DW, DW },        { 0, 0, 0 } },
	{ "end",             192, { 0, 0, 0 },          { 0, 0, 0 } },
};
/* clang-format on */

static void test_skb_fields(void **state)
{
	static const enum bpf_prog_type types[] = { BPF_PROG_TYPE_SOCKET_FILTER,
						    BPF_PROG_TYPE_SCHED_CLS,
						    BPF_PROG_TYPE_CGROUP_SKB };

	(void)state;
	for (size_t f = 0; f < sizeof(skb_fields) / sizeof(skb_fields[0]); f++) {
		const struct field_rule *r = &skb_fields[f];

		for (int t = 0; t < 3; t++) {
			for (int s = 0; s < 4; s++) {
				struct hive_prog_desc d = desc_of(types[t], 0);
				int size = 1 << s;
				bool rd = allowed(&d, r->off, size, BPF_READ, false, NULL);
				bool wr = allowed(&d, r->off, size, BPF_WRITE, false, NULL);

				if (rd != !!(r->read[t] & size) || wr != !!(r->write[t] & size))
					fail_msg("%s type %d size %d: read %d write %d", r->name,
						 types[t], size, rd, wr);
			}
		}
	}
}

static void test_skb_misc(void **state)
{
	struct hive_prog_desc d = desc_of(BPF_PROG_TYPE_SCHED_CLS, 0);
	struct bpf_insn_access_aux info;
	char buf[128];
	struct vlog_buf log;

	(void)state;
	/* narrow loads inside a field, misaligned accesses, sign extension */
	assert_true(allowed(&d, 2, 2, BPF_READ, false, &info));
	assert_int_equal(info.ctx_field_size, 4);
	assert_true(allowed(&d, 3, 1, BPF_READ, true, NULL));
	assert_false(allowed(&d, 2, 4, BPF_READ, false, NULL));
	assert_false(allowed(&d, 76, 4, BPF_READ, true, NULL)); /* no ldsx of data */
	assert_true(allowed(&d, 56, 8, BPF_WRITE, false, NULL)); /* cb[2..3] */
	assert_false(allowed(&d, 64, 8, BPF_WRITE, false, NULL)); /* past cb[4] */
	assert_false(allowed(&d, -4, 4, BPF_READ, false, NULL));
	/* result types */
	assert_true(allowed(&d, 76, 4, BPF_READ, false, &info));
	assert_int_equal(info.reg_type, PTR_TO_PACKET);
	assert_true(allowed(&d, 140, 4, BPF_READ, false, &info));
	assert_int_equal(info.reg_type, PTR_TO_PACKET_META);
	assert_true(allowed(&d, 80, 4, BPF_READ, false, &info));
	assert_int_equal(info.reg_type, PTR_TO_PACKET_END);
	assert_true(allowed(&d, 168, 8, BPF_READ, false, &info));
	assert_int_equal(info.reg_type, PTR_MAYBE_NULL | PTR_TO_SOCK_COMMON);
	assert_true(allowed(&d, 8, 4, BPF_READ, false, &info));
	assert_int_equal(info.reg_type, SCALAR_VALUE);
	/* tc: reading tstamp_type changes how tstamp is rewritten */
	assert_false(d.tstamp_type_access);
	assert_true(allowed(&d, 180, 1, BPF_READ, false, NULL));
	assert_true(d.tstamp_type_access);
	/* cgroup skb needs CAP_BPF for packet pointers and tstamp writes */
	d = desc_of(BPF_PROG_TYPE_CGROUP_SKB, 0);
	d.cap_bpf = d.cap_sys_admin = false;
	assert_false(allowed(&d, 76, 4, BPF_READ, false, NULL));
	assert_false(allowed(&d, 152, 8, BPF_WRITE, false, NULL));
	assert_true(allowed(&d, 152, 8, BPF_READ, false, NULL));
	/* the message */
	vlog_init(&log, buf, sizeof(buf));
	assert_int_equal(ctx_check_access(&d, 190, 2, BPF_READ, false, &log, &info), -EACCES);
	assert_string_equal(buf, "invalid bpf_context access off=190 size=2\n");
}

static void test_xdp_fields(void **state)
{
	struct hive_prog_desc d = desc_of(BPF_PROG_TYPE_XDP, 0);
	struct bpf_insn_access_aux info;

	(void)state;
	for (int off = -4; off < 28; off++) {
		for (int s = 0; s < 4; s++) {
			int size = 1 << s;
			bool want = size == 4 && off >= 0 && off <= 16 && off % 4 == 0;

			assert_int_equal(allowed(&d, off, size, BPF_READ, false, NULL), want);
			assert_false(allowed(&d, off, size, BPF_WRITE, false, NULL));
		}
	}
	assert_true(allowed(&d, 0, 4, BPF_READ, false, &info));
	assert_int_equal(info.reg_type, PTR_TO_PACKET);
	assert_true(allowed(&d, 8, 4, BPF_READ, false, &info));
	assert_int_equal(info.reg_type, PTR_TO_PACKET_META);
	assert_false(allowed(&d, 4, 4, BPF_READ, true, NULL));
	assert_true(allowed(&d, 12, 4, BPF_READ, true, NULL));
	d = desc_of(BPF_PROG_TYPE_XDP, BPF_XDP_DEVMAP);
	assert_true(allowed(&d, 20, 4, BPF_READ, false, NULL));
}

static void test_trace_contexts(void **state)
{
	struct hive_prog_desc d;
	struct bpf_insn_access_aux info;

	(void)state;
	d = desc_of(BPF_PROG_TYPE_KPROBE, 0);
	assert_true(allowed(&d, 160, 8, BPF_READ, false, NULL));
	assert_true(allowed(&d, 164, 4, BPF_READ, false, NULL));
	assert_false(allowed(&d, 168, 1, BPF_READ, false, NULL));
	assert_false(allowed(&d, 0, 8, BPF_WRITE, false, NULL));
	d = desc_of(BPF_PROG_TYPE_TRACEPOINT, 0);
	assert_false(allowed(&d, 0, 8, BPF_READ, false, NULL));
	assert_true(allowed(&d, 8, 8, BPF_READ, false, NULL));
	assert_true(allowed(&d, -8, 8, BPF_READ, false, NULL)); /* the kernel's unsigned compare */
	assert_false(allowed(&d, 8192, 1, BPF_READ, false, NULL));
	d = desc_of(BPF_PROG_TYPE_PERF_EVENT, 0);
	assert_true(allowed(&d, 172, 4, BPF_READ, false, &info)); /* sample_period, narrow */
	assert_int_equal(info.ctx_field_size, 8);
	assert_false(allowed(&d, 8, 4, BPF_READ, false, NULL)); /* regs: 8 bytes only */
	d = desc_of(BPF_PROG_TYPE_RAW_TRACEPOINT, 0);
	assert_true(allowed(&d, 88, 8, BPF_READ, false, NULL));
	assert_false(allowed(&d, 96, 8, BPF_READ, false, NULL));
	d = desc_of(BPF_PROG_TYPE_RAW_TRACEPOINT_WRITABLE, 0);
	assert_true(allowed(&d, 0, 8, BPF_READ, false, &info));
	assert_int_equal(info.reg_type, PTR_TO_TP_BUFFER);
	assert_false(allowed(&d, 0, 4, BPF_READ, false, NULL));
	d = desc_of(BPF_PROG_TYPE_SYSCALL, 0);
	assert_true(allowed(&d, 100, 4, BPF_WRITE, false, NULL));
	assert_true(allowed(&d, 32766, 2, BPF_READ, false, NULL));
	assert_false(allowed(&d, 3, 2, BPF_READ, false, NULL));
}

/* ---- btf_ctx_access on a small BTF ---- */

struct mini_btf {
	struct hive_btf *btf;
	int task, proto_fn, proto_void, proto_trace;
};

/* int fn(struct task_struct *t, int x, void *p, long *l, struct task_struct *n__nullable)
 * void fv(int x); typedef void (*btf_trace_ev)(void *__data, struct task_struct *t) */
static void mini_btf_build(struct mini_btf *m)
{
	int i32, i64, t, pt, pv, pl, pbt;

	m->btf = btf_new_empty(NULL);
	i32 = btf_add_int(m->btf, "int", 4, BTF_INT_SIGNED);
	i64 = btf_add_int(m->btf, "long", 8, BTF_INT_SIGNED);
	t = btf_add_struct(m->btf, "task_struct", 16);
	btf_add_field(m->btf, "pid", (u32)i32, 0, 0);
	pt = btf_add_ptr(m->btf, (u32)t);
	pv = btf_add_ptr(m->btf, 0);
	pl = btf_add_ptr(m->btf, (u32)i64);
	m->task = t;
	m->proto_fn = btf_add_func_proto(m->btf, (u32)i32);
	btf_add_func_param(m->btf, "t", (u32)pt);
	btf_add_func_param(m->btf, "x", (u32)i32);
	btf_add_func_param(m->btf, "p", (u32)pv);
	btf_add_func_param(m->btf, "l", (u32)pl);
	btf_add_func_param(m->btf, "n__nullable", (u32)pt);
	m->proto_void = btf_add_func_proto(m->btf, 0);
	btf_add_func_param(m->btf, "x", (u32)i32);
	m->proto_trace = btf_add_func_proto(m->btf, 0);
	btf_add_func_param(m->btf, "__data", (u32)pv);
	btf_add_func_param(m->btf, "t", (u32)pt);
	pbt = btf_add_ptr(m->btf, (u32)m->proto_trace);
	(void)pbt;
}

static bool btf_access(struct hive_prog_desc *d, int off, int size, char *msg, size_t msz,
		       struct bpf_insn_access_aux *info)
{
	struct vlog_buf log;

	vlog_init(&log, msg, msz);
	return ctx_check_access(d, off, size, BPF_READ, false, &log, info) == 0;
}

static void test_btf_ctx_access(void **state)
{
	struct mini_btf m;
	struct hive_prog_desc d = desc_of(BPF_PROG_TYPE_TRACING, BPF_TRACE_FENTRY);
	struct bpf_insn_access_aux info;
	char msg[512], want[256];

	(void)state;
	mini_btf_build(&m);
	d.attach_btf = m.btf;
	d.attach_func_name = "fn";
	d.attach_func_proto = btf_type_by_id(m.btf, (u32)m.proto_fn);

	assert_true(btf_access(&d, 0, 8, msg, sizeof(msg), &info));
	snprintf(want, sizeof(want), "func 'fn' arg0 has btf_id %d type STRUCT 'task_struct'\n",
		 m.task);
	assert_string_equal(msg, want);
	assert_int_equal(info.reg_type, PTR_TO_BTF_ID);
	assert_int_equal(info.btf_id, m.task);
	assert_true(btf_access(&d, 8, 4, msg, sizeof(msg), &info)); /* int: any size */
	assert_int_equal(info.reg_type, SCALAR_VALUE);
	assert_true(btf_access(&d, 16, 8, msg, sizeof(msg), &info)); /* void *: scalar */
	assert_int_equal(info.reg_type, SCALAR_VALUE);
	assert_true(btf_access(&d, 24, 8, msg, sizeof(msg), &info)); /* long *: scalar */
	assert_int_equal(info.reg_type, SCALAR_VALUE);
	assert_true(btf_access(&d, 32, 8, msg, sizeof(msg), &info));
	assert_int_equal(info.reg_type, PTR_TO_BTF_ID | PTR_MAYBE_NULL);

	assert_false(btf_access(&d, 4, 4, msg, sizeof(msg), &info));
	assert_string_equal(msg, "func 'fn' offset 4 is not multiple of 8\n"
				 "invalid bpf_context access off=4 size=4\n");
	assert_false(btf_access(&d, 0, 4, msg, sizeof(msg), &info));
	assert_string_equal(msg, "func 'fn' size 4 must be 8\n"
				 "invalid bpf_context access off=0 size=4\n");
	assert_false(btf_access(&d, 40, 8, msg, sizeof(msg), &info)); /* fentry: no retval */
	assert_string_equal(msg, "func 'fn' doesn't have 6-th argument\n"
				 "invalid bpf_context access off=40 size=8\n");
	assert_false(btf_access(&d, 48, 8, msg, sizeof(msg), &info));
	assert_string_equal(msg, "func 'fn' doesn't have 7-th argument\n"
				 "invalid bpf_context access off=48 size=8\n");

	/* fexit and fmod_ret read the int return value after the arguments */
	d.expected_attach_type = BPF_TRACE_FEXIT;
	assert_true(btf_access(&d, 40, 8, msg, sizeof(msg), &info));
	assert_int_equal(info.reg_type, SCALAR_VALUE);
	d.expected_attach_type = BPF_MODIFY_RETURN;
	assert_true(btf_access(&d, 40, 4, msg, sizeof(msg), &info));
	/* LSM: the return value is marked as such */
	d = desc_of(BPF_PROG_TYPE_LSM, BPF_LSM_MAC);
	d.attach_btf = m.btf;
	d.attach_func_name = "bpf_lsm_fn";
	d.attach_func_proto = btf_type_by_id(m.btf, (u32)m.proto_fn);
	assert_true(btf_access(&d, 40, 8, msg, sizeof(msg), &info));
	assert_true(info.is_retval);
	assert_true(btf_access(&d, 0, 8, msg, sizeof(msg), &info));
	assert_int_equal(info.reg_type, PTR_TO_BTF_ID | PTR_TRUSTED);
	/* fexit of a void function: the return value takes no slot (btf_ctx_arg_idx) */
	d = desc_of(BPF_PROG_TYPE_TRACING, BPF_TRACE_FEXIT);
	d.attach_btf = m.btf;
	d.attach_func_name = "fv";
	d.attach_func_proto = btf_type_by_id(m.btf, (u32)m.proto_void);
	assert_false(btf_access(&d, 8, 8, msg, sizeof(msg), &info));
	assert_string_equal(msg, "func 'fv' doesn't have 3-th argument\n"
				 "invalid bpf_context access off=8 size=8\n");
	/* tp_btf: the first argument is the tracepoint's __data */
	d = desc_of(BPF_PROG_TYPE_TRACING, BPF_TRACE_RAW_TP);
	d.attach_btf = m.btf;
	d.attach_func_name = "ev";
	d.attach_func_proto = btf_type_by_id(m.btf, (u32)m.proto_trace);
	d.attach_btf_trace = true;
	assert_true(btf_access(&d, 0, 8, msg, sizeof(msg), &info));
	assert_int_equal(info.reg_type, PTR_TO_BTF_ID | PTR_TRUSTED);
	assert_false(btf_access(&d, 8, 8, msg, sizeof(msg), &info));
	assert_string_equal(msg, "func 'ev' doesn't have 2-th argument\n"
				 "invalid bpf_context access off=8 size=8\n");
	/* writes never */
	assert_int_equal(ctx_check_access(&d, 0, 8, BPF_WRITE, false, NULL, &info), -EACCES);
	btf_free(m.btf);
}

/* ---- rewrites, run in the interpreter ---- */

static struct hive_skb_ctx skb;

static void skb_init(void)
{
	memset(&skb, 0, sizeof(skb));
	skb.len = 0x11223344;
	skb.pkt_type = 3;
	skb.mark = 0xa1b2c3d4;
	skb.queue_mapping = 7;
	skb.protocol = 0x0008;
	skb.vlan_tci = 0x0123;
	skb.tc_classid = 0xbeef;
	skb.remote_port = 0x5000; /* port 80, network order */
	skb.wire_len = 0x80;
	for (int i = 0; i < 5; i++)
		skb.cb[i] = 0x01010101u * (uint32_t)(i + 1);
}

/* Rewrite @insns (ctx accesses through r1) for @d and run them on skb. */
static uint64_t run_rewritten(struct hive_prog_desc *d, const struct hive_insn *insns, int cnt)
{
	struct hive_insn out[128], buf[CTX_INSN_BUF_SIZE];
	struct bpf_insn_access_aux info;
	struct hive_vm *vm = hive_vm_new();
	struct hive_vm_prog *prog;
	struct hive_vm_run run;
	uint64_t arg = (uint64_t)(uintptr_t)&skb, r0 = 0;
	int n = 0;

	for (int i = 0; i < cnt; i++) {
		u8 cls = BPF_CLASS(insns[i].code);
		bool ctx = (cls == BPF_LDX && insns[i].src_reg == 1) ||
			   ((cls == BPF_ST || cls == BPF_STX) && insns[i].dst_reg == 1);
		int k = 0;

		if (ctx) {
			enum bpf_access_type t = cls == BPF_LDX ? BPF_READ : BPF_WRITE;
			int size;

			switch (BPF_SIZE(insns[i].code)) {
			case BPF_B:
				size = 1;
				break;
			case BPF_H:
				size = 2;
				break;
			case BPF_W:
				size = 4;
				break;
			default:
				size = 8;
			}
			assert_int_equal(ctx_check_access(d, insns[i].off, size, t,
							  BPF_MODE(insns[i].code) == BPF_MEMSX,
							  NULL, &info),
					 0);
			k = ctx_convert_insn(d, &insns[i], t, info.ctx_field_size, buf);
			assert_true(k > 0);
		}
		if (k == 0)
			out[n++] = insns[i];
		for (int j = 0; j < k; j++)
			out[n++] = buf[j];
	}
	prog = hive_vm_prog_new(vm, out, (size_t)n, "t", NULL);
	assert_false(IS_ERR(prog));
	hive_vm_run_init(&run, prog, NULL);
	assert_int_equal(hive_vm_run_exec(&run, &arg, 1, &r0), 0);
	hive_vm_run_fini(&run);
	hive_vm_prog_free(prog);
	hive_vm_free(vm);
	return r0;
}

#define LDX(sz, o)                                                                       \
	{                                                                                \
		.code = BPF_LDX | BPF_MEM | (sz), .dst_reg = 0, .src_reg = 1, .off = (o) \
	}
#define ST(sz, o, v)                                                                  \
	{                                                                             \
		.code = BPF_ST | BPF_MEM | (sz), .dst_reg = 1, .off = (o), .imm = (v) \
	}
#define EXIT                               \
	{                                  \
		.code = BPF_JMP | BPF_EXIT \
	}

static uint64_t load1(enum bpf_prog_type type, u8 mode, u8 size, s16 off)
{
	struct hive_prog_desc d = desc_of(type, 0);
	struct hive_insn p[2] = {
		{ .code = BPF_LDX | mode | size, .dst_reg = 0, .src_reg = 1, .off = off }, EXIT
	};

	return run_rewritten(&d, p, 2);
}

static void test_rewrite_loads(void **state)
{
	const enum bpf_prog_type tc = BPF_PROG_TYPE_SCHED_CLS;

	(void)state;
	skb_init();
	assert_int_equal(load1(tc, BPF_MEM, BPF_W, 0), 0x11223344);
	assert_int_equal(load1(tc, BPF_MEM, BPF_B, 1), 0x33); /* narrow: shift and mask */
	assert_int_equal(load1(tc, BPF_MEM, BPF_H, 2), 0x1122);
	assert_int_equal(load1(tc, BPF_MEMSX, BPF_B, 0), 0x44);
	assert_int_equal(load1(tc, BPF_MEMSX, BPF_W, 8), 0xffffffffa1b2c3d4ull);
	assert_int_equal(load1(tc, BPF_MEMSX, BPF_B, 8), 0xffffffffffffffd4ull);
	assert_int_equal(load1(tc, BPF_MEM, BPF_W, 4), 3); /* pkt_type */
	/* a byte of pkt_type beyond its 1-byte kernel field reads the whole field (no shift) */
	assert_int_equal(load1(tc, BPF_MEM, BPF_B, 5), 3);
	/* tc_classid is 16 bits in the kernel: the upper half-word reads the lower one */
	assert_int_equal(load1(tc, BPF_MEM, BPF_W, 72), 0xbeef);
	assert_int_equal(load1(tc, BPF_MEM, BPF_B, 73), 0xbe);
	assert_int_equal(load1(tc, BPF_MEM, BPF_H, 74), 0xbeef);
	assert_int_equal(load1(tc, BPF_MEM, BPF_W, 20), 1); /* vlan_present */
	assert_int_equal(load1(tc, BPF_MEM, BPF_B, 21), 0);
	assert_int_equal(load1(tc, BPF_MEM, BPF_W, 12), 7); /* queue_mapping */
	assert_int_equal(load1(tc, BPF_MEM, BPF_DW, 48), 0x0202020201010101ull); /* cb[0..1] */
	assert_int_equal(load1(tc, BPF_MEM, BPF_B, 55), 0x02);
	assert_int_equal(load1(tc, BPF_MEM, BPF_W, 160), 0x80); /* wire_len */
	assert_int_equal(load1(BPF_PROG_TYPE_CGROUP_SKB, BPF_MEM, BPF_W, 132), 0x50000000);
}

static void test_rewrite_stores(void **state)
{
	struct hive_prog_desc d = desc_of(BPF_PROG_TYPE_SCHED_CLS, 0);
	struct hive_insn p[3] = { ST(BPF_W, 72, 0x12345678), LDX(BPF_W, 72), EXIT };

	(void)state;
	skb_init();
	/* tc_classid keeps 16 bits */
	assert_int_equal(run_rewritten(&d, p, 3), 0x5678);
	/* queue_mapping: NO_QUEUE_MAPPING (0xffff) and above are ignored */
	p[0] = (struct hive_insn)ST(BPF_W, 12, 0xffff);
	p[1] = (struct hive_insn)LDX(BPF_W, 12);
	assert_int_equal(run_rewritten(&d, p, 3), 7);
	p[0] = (struct hive_insn)ST(BPF_W, 12, 0x1234);
	assert_int_equal(run_rewritten(&d, p, 3), 0x1234);
	/* cb: any size at the same place */
	p[0] = (struct hive_insn)ST(BPF_B, 49, 0x7f);
	p[1] = (struct hive_insn)LDX(BPF_W, 48);
	assert_int_equal(run_rewritten(&d, p, 3), 0x01017f01);
	assert_true(d.cb_access);
	p[0] = (struct hive_insn)ST(BPF_W, 8, -1);
	p[1] = (struct hive_insn)LDX(BPF_W, 8);
	assert_int_equal(run_rewritten(&d, p, 3), 0xffffffff);
	assert_int_equal(skb.mark, 0xffffffff);
}

static void test_rewrite_tstamp(void **state)
{
	struct hive_prog_desc d = desc_of(BPF_PROG_TYPE_SCHED_CLS, 0);
	struct hive_insn insn = LDX(BPF_DW, 152), buf[CTX_INSN_BUF_SIZE];
	int n;

	(void)state;
	/* without tstamp_type access: the kernel's 8 instructions through BPF_REG_AX */
	n = ctx_convert_insn(&d, &insn, BPF_READ, 0, buf);
	assert_int_equal(n, 8);
	assert_int_equal(buf[0].dst_reg, HIVE_REG_AX);
	assert_int_equal(buf[0].off, offsetof(struct hive_skb_ctx, tstamp_flags));
	assert_int_equal(buf[7].off, offsetof(struct hive_skb_ctx, tstamp));
	d.tstamp_type_access = true;
	assert_int_equal(ctx_convert_insn(&d, &insn, BPF_READ, 0, buf), 1);
	/* no rewrite for layouts that are the UAPI's */
	d = desc_of(BPF_PROG_TYPE_KPROBE, 0);
	assert_int_equal(ctx_convert_insn(&d, &insn, BPF_READ, 0, buf), 0);
	assert_null(verifier_ops_get(BPF_PROG_TYPE_SK_MSG));
	assert_non_null(verifier_ops_get(BPF_PROG_TYPE_LSM));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_skb_fields),     cmocka_unit_test(test_skb_misc),
		cmocka_unit_test(test_xdp_fields),     cmocka_unit_test(test_trace_contexts),
		cmocka_unit_test(test_btf_ctx_access), cmocka_unit_test(test_rewrite_loads),
		cmocka_unit_test(test_rewrite_stores), cmocka_unit_test(test_rewrite_tstamp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
