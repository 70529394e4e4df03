// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzz/fuzz_verifier.c: soundness of the verifier. Every program the verifier accepts is run
 * in the checked interpreter, with the stack, the context, the packet and the map values as the
 * only memory it may touch; a fault there means the verifier accepted an unsafe program.
 *
 *   input: mode u8
 *          mode 0: seed u64 | mutation rounds u8    a progen program (tests/verifier/progen.h),
 *                                                    mutated that many times
 *          mode 1: type u8 | insn[] (8 bytes each)   a raw program (corpus: the assembler
 *                                                    cases and accepted progen programs)
 *
 * Maps are the five of progen (array, hash, ring buffer, prog array, per-CPU array); map
 * pointers are the addresses of zeroed stand-ins for struct bpf_map, values live in buffers
 * the helpers below hand out as the verifier assumes the kernel's do. Each accepted program is
 * run a few times with different packets and context fields. A bad access, an invalid
 * instruction or a program the interpreter cannot decode is reported and aborts.
 *
 * Each run that ends normally is then repeated, from the same state, as JIT machine code in
 * fast mode: r0, the context, the packet and every map value must come out the same, or the
 * difference is reported and aborts (the JIT's differential test against the interpreter).
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/uapi.h"
#include "isa/isa.h"
#include "verifier/verifier.h"
#include "vm/ctx.h"
#include "vm/vm.h"

/* the program generator of the differential tests */
#include "../tests/verifier/progen.c"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* What happened so far (vsound prints them): programs verified, accepted, runs, runs that
 * ended early for a benign reason (instruction budget, a helper the harness lacks), and runs
 * repeated as JIT machine code with the same results. */
unsigned long fuzz_verifier_stats[5];

#define MAX_RAW_INSNS 1024
#define PKT_ROOM 512
#define HEADROOM 256
#define MAP_STUB_SIZE 1024 /* larger than the kernel's struct bpf_map */
#define RB_SIZE 4096
#define LOOP_CAP 32

/*
 * Every map value and ring buffer record is its own allocation and its own region, so that an
 * access one byte past it lands outside every region and faults.
 */
#define MAX_RB_RECORDS 64

struct fuzz_state {
	uint8_t map_stub[PROGEN_NR_MAPS][MAP_STUB_SIZE];
	uint8_t *arr[4]; /* 64 bytes each */
	uint8_t *hash[16]; /* 16 */
	uint8_t *pcpu[2]; /* 32 */
	uint8_t *rb[MAX_RB_RECORDS];
	size_t rb_cnt, rb_used;
	uint8_t pkt[HEADROOM + PKT_ROOM];
	union {
		struct hive_skb_ctx skb;
		struct hive_xdp_ctx xdp;
	} ctx;
	uint64_t rng;
};

static struct fuzz_state st;
static struct hive_vm *vm;
static struct hive_verifier_map maps[PROGEN_NR_MAPS];

static uint64_t frand(void)
{
	uint64_t z = (st.rng += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static int map_of(uint64_t ptr)
{
	for (int i = 0; i < PROGEN_NR_MAPS; i++)
		if (ptr == (uint64_t)(uintptr_t)st.map_stub[i])
			return i;
	return -1;
}

static uint64_t h_lookup(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
			 struct hive_vm_run *run)
{
	int m = map_of(r1);
	uint32_t key;

	if (m < 0 || !hive_vm_check_access(run, r2, 4, false))
		return 0;
	memcpy(&key, (void *)(uintptr_t)r2, 4);
	switch (m) {
	case PROGEN_MAP_ARRAY:
		return key < 4 ? (uint64_t)(uintptr_t)st.arr[key] : 0;
	case PROGEN_MAP_HASH:
		return frand() & 3 ? (uint64_t)(uintptr_t)st.hash[key & 15] : 0;
	case PROGEN_MAP_PERCPU:
		return key < 2 ? (uint64_t)(uintptr_t)st.pcpu[key] : 0;
	default:
		return 0;
	}
}

static uint64_t h_zero(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
		       struct hive_vm_run *run)
{
	return 0;
}

static uint64_t h_rand(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
		       struct hive_vm_run *run)
{
	return frand() & 0xffffffff;
}

static uint64_t h_ktime(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
			struct hive_vm_run *run)
{
	return frand();
}

static uint64_t h_tail_call(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
			    struct hive_vm_run *run)
{
	return (uint64_t)-ENOENT; /* no program in the slot: the caller goes on */
}

static uint64_t h_rb_reserve(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
			     struct hive_vm_run *run)
{
	uint64_t p;

	uint8_t *rec;

	if (map_of(r1) != PROGEN_MAP_RINGBUF || r2 > RB_SIZE - st.rb_used ||
	    st.rb_cnt == MAX_RB_RECORDS || (frand() & 7) == 0)
		return 0;
	/* zeroed: the region is handed out as const memory too */
	rec = calloc(1, r2 ? r2 : 1);
	if (!rec)
		return 0;
	if (hive_vm_run_add_region(run, rec, r2, true)) {
		free(rec);
		return 0;
	}
	st.rb[st.rb_cnt++] = rec;
	st.rb_used += (r2 + 7) & ~7ull;
	p = (uint64_t)(uintptr_t)rec;
	return p;
}

static uint64_t h_loop(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
		       struct hive_vm_run *run)
{
	uint64_t n = r1 < LOOP_CAP ? r1 : LOOP_CAP, i;

	for (i = 0; i < n; i++)
		if (hive_vm_call(run, r2, i, r3, 0, 0, 0))
			return i + 1;
	return n;
}

static void setup(void)
{
	static const struct {
		int id;
		const char *name;
		hive_func_fn fn;
	} helpers[] = {
		{ 1, "bpf_map_lookup_elem", h_lookup },
		{ 2, "bpf_map_update_elem", h_zero },
		{ 3, "bpf_map_delete_elem", h_zero },
		{ 5, "bpf_ktime_get_ns", h_ktime },
		{ 7, "bpf_get_prandom_u32", h_rand },
		{ 8, "bpf_get_smp_processor_id", h_zero },
		{ 12, "bpf_tail_call", h_tail_call },
		{ 130, "bpf_ringbuf_output", h_zero },
		{ 131, "bpf_ringbuf_reserve", h_rb_reserve },
		{ 132, "bpf_ringbuf_submit", h_zero },
		{ 133, "bpf_ringbuf_discard", h_zero },
		{ 181, "bpf_loop", h_loop },
	};

	vm = hive_vm_new();
	if (!vm)
		abort();
	for (int i = 0; i < 4; i++)
		st.arr[i] = malloc(64);
	for (int i = 0; i < 16; i++)
		st.hash[i] = malloc(16);
	for (int i = 0; i < 2; i++)
		st.pcpu[i] = malloc(32);
	for (size_t i = 0; i < sizeof(helpers) / sizeof(helpers[0]); i++)
		hive_vm_set_helper(vm, helpers[i].id, helpers[i].name, helpers[i].fn);
	for (int i = 0; i < PROGEN_NR_MAPS; i++) {
		maps[i].name = progen_maps[i].name;
		maps[i].type = progen_maps[i].type;
		maps[i].key_size = progen_maps[i].key_size;
		maps[i].value_size = progen_maps[i].value_size;
		maps[i].max_entries = progen_maps[i].max_entries;
	}
}

/* Give map references the runtime's meaning: the stand-in's address, or a value's. */
static void link_maps(struct hive_insn *insns, uint32_t cnt,
		      const struct hive_verifier_insn_aux *aux)
{
	for (uint32_t i = 0; i + 1 < cnt; i++) {
		struct hive_insn *insn = &insns[i];
		uint64_t addr;

		if (insn->code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if (aux[i].map_index >= 0 && aux[i].map_index < PROGEN_NR_MAPS) {
			if (insn->src_reg == BPF_PSEUDO_MAP_VALUE ||
			    insn->src_reg == BPF_PSEUDO_MAP_IDX_VALUE)
				/* direct value access: single-entry arrays only; progen has none, a
				 * mutated reference gets entry 0 of the array */
				addr = (uint64_t)(uintptr_t)st.arr[0] + aux[i].map_off;
			else
				addr = (uint64_t)(uintptr_t)st.map_stub[aux[i].map_index];
			insn[0].src_reg = 0;
			insn[0].imm = (int32_t)(uint32_t)addr;
			insn[1].imm = (int32_t)(uint32_t)(addr >> 32);
		}
		i++;
	}
}

static void fill_ctx(uint32_t prog_type, uint32_t *ctx_len, void **ctx)
{
	uint32_t len = (uint32_t)(frand() % 80), meta = (uint32_t)(frand() % 3) * 4;
	uint8_t *data = st.pkt + HEADROOM;

	for (size_t i = 0; i < sizeof(st.pkt); i++)
		st.pkt[i] = (uint8_t)frand();
	memset(&st.ctx, 0, sizeof(st.ctx));
	if (prog_type == BPF_PROG_TYPE_XDP) {
		st.ctx.xdp.data = (uint64_t)(uintptr_t)data;
		st.ctx.xdp.data_end = (uint64_t)(uintptr_t)(data + len);
		st.ctx.xdp.data_meta = (uint64_t)(uintptr_t)(data - meta);
		st.ctx.xdp.data_hard_start = (uint64_t)(uintptr_t)st.pkt;
		st.ctx.xdp.ingress_ifindex = (uint32_t)frand();
		st.ctx.xdp.rx_queue_index = (uint32_t)frand();
		st.ctx.xdp.frame_sz = sizeof(st.pkt);
		*ctx_len = sizeof(st.ctx.xdp);
	} else {
		uint8_t *raw = (uint8_t *)&st.ctx.skb;

		for (size_t i = 0; i < sizeof(st.ctx.skb); i++)
			raw[i] = (uint8_t)frand();
		st.ctx.skb.data = (uint64_t)(uintptr_t)data;
		st.ctx.skb.data_end = (uint64_t)(uintptr_t)(data + len);
		st.ctx.skb.data_meta = (uint64_t)(uintptr_t)(data - meta);
		st.ctx.skb.sk = 0;
		st.ctx.skb.len = len;
		*ctx_len = sizeof(st.ctx.skb);
	}
	*ctx = &st.ctx;
}

static void report(const char *what, const struct hive_insn *insns, uint32_t cnt,
		   const struct hive_verifier_output *out, const char *detail)
{
	struct isa_disasm_opts o = { .syntax = ISA_SYNTAX_KERNEL };

	fprintf(stderr, "SOUNDNESS: %s: %s\n--- program as verified ---\n", what, detail);
	isa_disasm(insns, cnt, &o, stderr);
	fprintf(stderr, "--- program as run ---\n");
	isa_disasm(out->insns, out->insn_cnt, &o, stderr);
	abort();
}

/* What a run leaves behind that the JIT's run must reproduce. */
struct outcome {
	uint64_t r0;
	uint8_t arr[4][64], hash[16][16], pcpu[2][32];
	uint8_t pkt[HEADROOM + PKT_ROOM];
	uint8_t ctx[sizeof(st.ctx)];
};

static void reset_values(void)
{
	for (int i = 0; i < 4; i++)
		memset(st.arr[i], 0, 64);
	for (int i = 0; i < 16; i++)
		memset(st.hash[i], 0, 16);
	for (int i = 0; i < 2; i++)
		memset(st.pcpu[i], 0, 32);
	for (size_t i = 0; i < st.rb_cnt; i++)
		free(st.rb[i]);
	st.rb_used = 0;
	st.rb_cnt = 0;
}

static void keep_outcome(struct outcome *o, uint64_t r0)
{
	o->r0 = r0;
	for (int i = 0; i < 4; i++)
		memcpy(o->arr[i], st.arr[i], 64);
	for (int i = 0; i < 16; i++)
		memcpy(o->hash[i], st.hash[i], 16);
	for (int i = 0; i < 2; i++)
		memcpy(o->pcpu[i], st.pcpu[i], 32);
	memcpy(o->pkt, st.pkt, sizeof(st.pkt));
	memcpy(o->ctx, &st.ctx, sizeof(st.ctx));
}

/* One run from the state @rng gives; checked mode gets every region, fast mode needs none. */
static int run_once(struct hive_vm_prog *prog, uint32_t prog_type, uint64_t rng, bool checked,
		    uint64_t *r0, char *why, size_t why_size)
{
	struct hive_vm_run_opts opts = { .sz = sizeof(opts),
					 .checked = checked,
					 .insn_budget = 50000000 };
	/* one address for both modes' runs: a program may store a stack pointer */
	static struct hive_vm_run run;
	uint64_t args[1];
	uint32_t ctx_len;
	void *ctx;
	int err;

	st.rng = rng;
	reset_values();
	fill_ctx(prog_type, &ctx_len, &ctx);
	opts.pkt = st.pkt + HEADROOM;
	opts.pkt_len = (size_t)(st.ctx.skb.data_end - st.ctx.skb.data);
	if (prog_type == BPF_PROG_TYPE_XDP)
		opts.pkt = NULL, opts.pkt_len = 0;
	if (hive_vm_run_init(&run, prog, &opts))
		abort();
	memset(run.stack, 0, sizeof(run.stack)); /* as checked mode's, for uninitialized reads */
	hive_vm_run_add_region(&run, ctx, ctx_len, true);
	/* the packet from data_meta to data_end, nothing around it */
	hive_vm_run_add_region(&run, (void *)(uintptr_t)st.ctx.skb.data_meta,
			       (size_t)(st.ctx.skb.data_end - st.ctx.skb.data_meta), true);
	for (int i = 0; i < 4; i++)
		hive_vm_run_add_region(&run, st.arr[i], 64, true);
	for (int i = 0; i < 16; i++)
		hive_vm_run_add_region(&run, st.hash[i], 16, true);
	for (int i = 0; i < 2; i++)
		hive_vm_run_add_region(&run, st.pcpu[i], 32, true);
	hive_vm_run_add_region(&run, st.map_stub, sizeof(st.map_stub), false);
	args[0] = (uint64_t)(uintptr_t)ctx;
	err = hive_vm_run_exec(&run, args, 1, r0);
	snprintf(why, why_size, "%s", hive_vm_run_error(&run));
	hive_vm_run_fini(&run);
	return err;
}

/* The JIT's run of what checked mode ran as @want. */
static void compare_jit(struct hive_vm_prog *jprog, uint32_t prog_type, uint64_t rng,
			const struct outcome *want, const struct hive_insn *insns, uint32_t cnt,
			const struct hive_verifier_output *out)
{
	static struct outcome got;
	char why[256], msg[400];
	uint64_t r0 = 0;
	int err = run_once(jprog, prog_type, rng, false, &r0, why, sizeof(why));

	if (err) {
		snprintf(msg, sizeof(msg), "the JIT's run failed (%d: %s), checked mode's did not",
			 err, why);
		report("JIT differs from the interpreter", insns, cnt, out, msg);
	}
	keep_outcome(&got, r0);
	if (got.r0 != want->r0) {
		snprintf(msg, sizeof(msg), "r0 0x%llx, checked mode 0x%llx",
			 (unsigned long long)got.r0, (unsigned long long)want->r0);
		report("JIT differs from the interpreter", insns, cnt, out, msg);
	}
	if (memcmp(got.arr, want->arr, sizeof(got.arr)) ||
	    memcmp(got.hash, want->hash, sizeof(got.hash)) ||
	    memcmp(got.pcpu, want->pcpu, sizeof(got.pcpu)) ||
	    memcmp(got.pkt, want->pkt, sizeof(got.pkt)) ||
	    memcmp(got.ctx, want->ctx, sizeof(got.ctx)))
		report("JIT differs from the interpreter", insns, cnt, out,
		       "memory (map values, packet or context) differs after the run");
	fuzz_verifier_stats[4]++;
}

static void run_accepted(const struct hive_insn *insns, uint32_t cnt, uint32_t prog_type,
			 struct hive_verifier_output *out)
{
	struct hive_vm_prog_opts jopts = { .sz = sizeof(jopts), .name = "fuzz", .verified = true };
	struct hive_insn *code = malloc(out->insn_cnt * sizeof(*code));
	struct hive_vm_prog *prog, *jprog;
	static struct outcome want;
	struct isa_error ierr;

	if (!code)
		return;
	memcpy(code, out->insns, out->insn_cnt * sizeof(*code));
	link_maps(code, out->insn_cnt, out->aux);
	prog = hive_vm_prog_new(vm, code, out->insn_cnt, "fuzz", &ierr);
	jprog = IS_ERR(prog) ? NULL : hive_vm_prog_new_opts(vm, code, out->insn_cnt, &jopts, NULL);
	free(code);
	if (IS_ERR(prog)) {
		char msg[300];

		snprintf(msg, sizeof(msg), "interpreter refuses insn %d: %s", ierr.idx, ierr.msg);
		report("accepted program does not decode", insns, cnt, out, msg);
	}
	if (IS_ERR(jprog) || (jprog && !hive_vm_prog_jitted(jprog))) {
		hive_vm_prog_free(jprog);
		jprog = NULL;
	}
	for (int rep = 0; rep < 4; rep++) {
		uint64_t rng = st.rng, r0 = 0;
		char why[256];
		int err = run_once(prog, prog_type, rng, true, &r0, why, sizeof(why));

		fuzz_verifier_stats[2]++;
		if (err)
			fuzz_verifier_stats[3]++;
		if (err == -EFAULT || err == -EINVAL)
			report("accepted program faults", insns, cnt, out, why);
		if (!err && jprog) {
			keep_outcome(&want, r0);
			compare_jit(jprog, prog_type, rng, &want, insns, cnt, out);
		}
		st.rng = rng + 1; /* the next repetition: another packet and context */
	}
	reset_values();
	hive_vm_prog_free(jprog);
	hive_vm_prog_free(prog);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct progen_prog p;
	struct hive_verifier_input in = { 0 };
	struct hive_verifier_output out;

	if (!vm)
		setup();
	if (size < 2)
		return 0;
	if (data[0] == 0) {
		uint64_t seed = 0;

		if (size < 10)
			return 0;
		memcpy(&seed, data + 1, 8);
		if (progen_generate(seed, NULL, &p))
			return 0;
		for (int m = 0; m < (data[9] & 3); m++)
			progen_mutate(seed * 131 + (uint64_t)m, &p);
		st.rng = seed;
	} else {
		static const uint32_t types[] = { BPF_PROG_TYPE_SOCKET_FILTER, BPF_PROG_TYPE_XDP,
						  BPF_PROG_TYPE_SCHED_CLS };
		size_t n = (size - 2) / sizeof(struct hive_insn);

		if (n > MAX_RAW_INSNS)
			n = MAX_RAW_INSNS;
		p.prog_type = types[data[1] % 3];
		memcpy(p.insns, data + 2, n * sizeof(struct hive_insn));
		p.insn_cnt = (uint32_t)n;
		st.rng = size;
	}
	if (!p.insn_cnt)
		return 0;
	in.insns = p.insns;
	in.insn_cnt = p.insn_cnt;
	in.prog_type = p.prog_type;
	in.gpl_compatible = true;
	in.maps = maps;
	in.nr_maps = PROGEN_NR_MAPS;
	in.log_level = 0;
	hive_verify(&in, &out);
	fuzz_verifier_stats[0]++;
	if (out.err == 0)
		fuzz_verifier_stats[1]++;
	if (out.err == 0)
		run_accepted(p.insns, p.insn_cnt, p.prog_type, &out);
	hive_verifier_output_free(&out);
	return 0;
}
