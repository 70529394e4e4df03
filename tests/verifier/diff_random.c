// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/verifier/diff_random.c: random programs (progen.h) through the kernel's verifier and
 * ours; the verdicts, the kernel's error line and the processed-instruction counts must agree.
 *
 *	diff_random [-n COUNT] [-s FIRST_SEED] [-m MUTATIONS] [-l LEVEL] [-f] [-v] [-w FILE.s]
 *
 * -m applies that many rounds of random mutations to each program (verdicts then mostly
 * rejections: decoding, CFG, reserved fields), -l 2 -f compares the complete logs at log level
 * 2 (every register state), -v prints both logs of a disagreement, -w writes the first
 * disagreeing program as an assembler test case (asmcase.h format) to FILE.s.
 * Exit status 0 when all agree, 1 otherwise, 77 when the kernel cannot be asked.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "btf/btf.h"
#include "common/err.h"
#include "common/uapi.h"
#include "isa/isa.h"
#include "oracle.h"
#include "progen.h"
#include "verifier/verifier.h"

#define LOG_SIZE (16u << 20)

static char klog[LOG_SIZE], hlog[LOG_SIZE];
/* One set of maps per program type: a prog_array belongs to the first program type that
 * tail-calls through it (bpf_prog_map_compatible()), later ones fail with -EINVAL. */
static int map_fds[3][PROGEN_NR_MAPS];

/*
 * Both verifiers resolve map references through fds: the program's map_idx(N) becomes
 * map_idx(fd of map N) before loading, the kernel gets fd_array[i] = i, and our map table is
 * indexed by fd (other fds are holes). Mutated map references then mean the same to both.
 */
#define MAX_FD 64
static int fd_identity[MAX_FD];
static struct hive_verifier_map fd_maps[MAX_FD];

static bool translate_maps(struct progen_prog *p, int slot)
{
	for (uint32_t i = 0; i + 1 < p->insn_cnt; i++) {
		struct hive_insn *insn = &p->insns[i];

		if (insn->code != (BPF_LD | BPF_IMM | BPF_DW))
			continue;
		if ((insn->src_reg == BPF_PSEUDO_MAP_IDX ||
		     insn->src_reg == BPF_PSEUDO_MAP_IDX_VALUE) &&
		    insn->imm >= 0 && insn->imm < PROGEN_NR_MAPS)
			insn->imm = map_fds[slot][insn->imm];
		else if ((insn->src_reg == BPF_PSEUDO_MAP_IDX ||
			  insn->src_reg == BPF_PSEUDO_MAP_IDX_VALUE) &&
			 (insn->imm < 0 || insn->imm >= MAX_FD))
			return false; /* the kernel would read outside fd_array */
		i++;
	}
	return true;
}

static int type_slot(uint32_t t)
{
	return t == BPF_PROG_TYPE_XDP ? 1 : t == BPF_PROG_TYPE_SCHED_CLS ? 2 : 0;
}
static struct hive_verifier_map maps[PROGEN_NR_MAPS];
static int opt_level = 1, opt_full, opt_verbose, opt_mut;
static const char *opt_write;
static bool written;
static struct hive_btf *vmlinux;

static const char *type_name(uint32_t t)
{
	return t == BPF_PROG_TYPE_XDP	    ? "xdp" :
	       t == BPF_PROG_TYPE_SCHED_CLS ? "tc" :
					      "socket_filter";
}

static const char *map_type_name(uint32_t t)
{
	switch (t) {
	case BPF_MAP_TYPE_ARRAY:
		return "array";
	case BPF_MAP_TYPE_HASH:
		return "hash";
	case BPF_MAP_TYPE_RINGBUF:
		return "ringbuf";
	case BPF_MAP_TYPE_PROG_ARRAY:
		return "prog_array";
	default:
		return "percpu_array";
	}
}

static void write_case(const struct progen_prog *p, uint64_t seed, const char *kline, bool kacc)
{
	struct isa_disasm_opts o = { .syntax = ISA_SYNTAX_ASM };
	FILE *f = fopen(opt_write, "w");

	if (!f)
		return;
	fprintf(f, "# progen seed %llu%s\n# type: %s\n", (unsigned long long)seed,
		opt_mut ? " (mutated)" : "", type_name(p->prog_type));
	for (int i = 0; i < PROGEN_NR_MAPS; i++)
		fprintf(f, "# map: %s %s key=%u value=%u entries=%u\n", progen_maps[i].name,
			map_type_name(progen_maps[i].type), progen_maps[i].key_size,
			progen_maps[i].value_size, progen_maps[i].max_entries);
	if (kacc)
		fprintf(f, "# expect: accept\n");
	else
		fprintf(f, "# expect: reject %s\n", kline);
	isa_disasm(p->insns, p->insn_cnt, &o, f);
	fclose(f);
	written = true;
}

static void normalize(char *s)
{
	for (char *p = s; (p = strstr(p, "0xffff"));) {
		int n = 0;

		while (n < 12 && ((p[6 + n] >= '0' && p[6 + n] <= '9') ||
				  (p[6 + n] >= 'a' && p[6 + n] <= 'f')))
			n++;
		if (n == 12)
			memset(p + 6, 'X', 12);
		p += 6 + n;
	}
}

static int first_diff_line(const char *a, const char *b, const char **la, const char **lb)
{
	int line = 1;

	while (*a || *b) {
		size_t na = strcspn(a, "\n"), nb = strcspn(b, "\n");

		if (na != nb || memcmp(a, b, na)) {
			*la = a;
			*lb = b;
			return line;
		}
		a += na + (a[na] == '\n');
		b += nb + (b[nb] == '\n');
		line++;
	}
	return 0;
}

int main(int argc, char **argv)
{
	static struct progen_prog prog;
	uint64_t first = 1, n = 1000;
	long agree = 0, verdict_ok = 0, msg_ok = 0, rejects = 0, insn_ok = 0, log_ok = 0, total = 0;
	long kacc = 0, disagreements = 0;
	int opt;

	while ((opt = getopt(argc, argv, "n:s:m:l:fvw:")) != -1) {
		switch (opt) {
		case 'n':
			n = strtoull(optarg, NULL, 0);
			break;
		case 's':
			first = strtoull(optarg, NULL, 0);
			break;
		case 'm':
			opt_mut = atoi(optarg);
			break;
		case 'l':
			opt_level = atoi(optarg);
			break;
		case 'f':
			opt_full = 1;
			break;
		case 'v':
			opt_verbose = 1;
			break;
		case 'w':
			opt_write = optarg;
			break;
		default:
			fprintf(stderr,
				"usage: diff_random [-n COUNT] [-s SEED] [-m MUT] [-l LEVEL] "
				"[-f] [-v] [-w FILE.s]\n");
			return 2;
		}
	}
	if (!oracle_available()) {
		printf("SKIP: bpf() not available\n");
		return 77;
	}
	for (int i = 0; i < PROGEN_NR_MAPS; i++) {
		struct oracle_map_spec s = { .type = progen_maps[i].type,
					     .key_size = progen_maps[i].key_size,
					     .value_size = progen_maps[i].value_size,
					     .max_entries = progen_maps[i].max_entries,
					     .name = progen_maps[i].name };

		for (int t = 0; t < 3; t++) {
			map_fds[t][i] = oracle_map_create(&s);
			if (map_fds[t][i] < 0) {
				fprintf(stderr, "map %s: %s\n", s.name, strerror(-map_fds[t][i]));
				return 2;
			}
		}
		maps[i].name = progen_maps[i].name;
		maps[i].type = progen_maps[i].type;
		maps[i].key_size = progen_maps[i].key_size;
		maps[i].value_size = progen_maps[i].value_size;
		maps[i].max_entries = progen_maps[i].max_entries;
		for (int t = 0; t < 3; t++)
			if (map_fds[t][i] < MAX_FD)
				fd_maps[map_fds[t][i]] = maps[i];
	}
	for (int i = 0; i < MAX_FD; i++)
		fd_identity[i] = i;
	vmlinux = btf_parse_file("/sys/kernel/btf/vmlinux", NULL);
	if (IS_ERR(vmlinux))
		vmlinux = NULL;
	for (uint64_t seed = first; seed < first + n; seed++) {
		struct oracle_prog kp = { 0 };
		struct hive_verifier_input in = { 0 };
		struct hive_verifier_output out;
		struct oracle_stats st;
		char kline[512] = "", hline[512] = "";
		bool k_ok, h_ok, ok = true;
		long kinsns;
		int fd, kerr;

		if (progen_generate(seed, NULL, &prog))
			continue;
		for (int m = 0; m < opt_mut; m++)
			progen_mutate(seed * 131 + (uint64_t)m, &prog);
		if (!translate_maps(&prog, type_slot(prog.prog_type)))
			continue;
		total++;
		kp.prog_type = prog.prog_type;
		kp.insns = prog.insns;
		kp.insn_cnt = prog.insn_cnt;
		kp.fd_array = fd_identity;
		kp.fd_array_cnt = MAX_FD;
		kp.log_level = (uint32_t)opt_level;
		kp.log = klog;
		kp.log_size = LOG_SIZE;
		fd = oracle_prog_load(&kp);
		k_ok = fd >= 0;
		kerr = fd < 0 ? fd : 0;
		if (fd >= 0)
			oracle_close(fd);
		kacc += k_ok;
		if (!k_ok)
			oracle_log_error_line(klog, kline, sizeof(kline));
		kinsns = oracle_log_stats(klog, &st) ? -1 : st.insns;

		in.insns = prog.insns;
		in.insn_cnt = prog.insn_cnt;
		in.prog_type = prog.prog_type;
		in.gpl_compatible = true;
		in.maps = fd_maps;
		in.nr_maps = MAX_FD;
		in.vmlinux_btf = vmlinux;
		in.log_level = (uint32_t)opt_level;
		in.log_buf = hlog;
		in.log_size = LOG_SIZE;
		hlog[0] = 0;
		hive_verify(&in, &out);
		h_ok = out.err == 0;
		if (!h_ok)
			oracle_log_error_line(hlog, hline, sizeof(hline));

		if (k_ok == h_ok)
			verdict_ok++;
		else
			ok = false;
		if (!k_ok) {
			rejects++;
			if (!h_ok && (!kline[0] || strstr(hlog, kline)))
				msg_ok++;
			else
				ok = false;
		}
		if (kinsns >= 0 && kinsns == (long)out.stats.insn_processed)
			insn_ok++;
		if (opt_full) {
			const char *la, *lb;
			int line;

			normalize(klog);
			normalize(hlog);
			line = first_diff_line(klog, hlog, &la, &lb);
			if (!line) {
				log_ok++;
			} else {
				printf("LOG seed %llu line %d\n  kernel: %.*s\n  hive:   %.*s\n",
				       (unsigned long long)seed, line, (int)strcspn(la, "\n"), la,
				       (int)strcspn(lb, "\n"), lb);
			}
		}
		if (!ok || (kinsns >= 0 && kinsns != (long)out.stats.insn_processed)) {
			if (!ok)
				disagreements++;
			printf("%s seed %llu (%s, %u insns): kernel %s (%d) '%s' %ld insns, hive %s "
			       "(%d) '%s' %u insns\n",
			       ok ? "INSNS" : "FAIL", (unsigned long long)seed,
			       type_name(prog.prog_type), prog.insn_cnt,
			       k_ok ? "accepts" : "rejects", kerr, kline, kinsns,
			       h_ok ? "accepts" : "rejects", out.err, hline,
			       out.stats.insn_processed);
			if (opt_write && !written)
				write_case(&prog, seed, kline, k_ok);
			if (opt_verbose)
				printf("----- kernel log -----\n%s----- hive log -----\n%s", klog,
				       hlog);
		} else {
			agree++;
		}
		hive_verifier_output_free(&out);
		fflush(stdout);
	}
	printf("%ld programs (%ld accepted by the kernel): verdict agrees %ld/%ld, kernel error "
	       "line in our log %ld/%ld, processed insns equal %ld/%ld",
	       total, kacc, verdict_ok, total, msg_ok, rejects, insn_ok, total);
	if (opt_full)
		printf(", full logs equal %ld/%ld", log_ok, total);
	printf("\n");
	(void)agree;
	return disagreements ? 1 : 0;
}
