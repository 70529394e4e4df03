// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/verifier/vsound.c: the soundness fuzzer (fuzz/fuzz_verifier.c) driven without
 * libFuzzer: progen programs of a range of seeds, each also mutated, verified and, when
 * accepted, run in the checked interpreter. Aborts on the first unsound acceptance.
 *
 *	vsound [-n COUNT] [-s FIRST_SEED] [-w CORPUS_DIR]
 *
 * -w writes one mode-1 corpus file (raw instructions) per accepted unmutated program of the
 * range to CORPUS_DIR, as seeds for libFuzzer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "progen.h"
#include "verifier/verifier.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
extern unsigned long fuzz_verifier_stats[5];

static void write_seed(const char *dir, uint64_t seed)
{
	static struct progen_prog p;
	struct hive_verifier_map maps[PROGEN_NR_MAPS];
	struct hive_verifier_input in = { 0 };
	struct hive_verifier_output out;
	char path[4096];
	FILE *f;
	uint8_t hdr[2] = { 1, 0 };

	if (progen_generate(seed, NULL, &p))
		return;
	memset(maps, 0, sizeof(maps));
	for (int i = 0; i < PROGEN_NR_MAPS; i++) {
		maps[i].name = progen_maps[i].name;
		maps[i].type = progen_maps[i].type;
		maps[i].key_size = progen_maps[i].key_size;
		maps[i].value_size = progen_maps[i].value_size;
		maps[i].max_entries = progen_maps[i].max_entries;
	}
	in.insns = p.insns;
	in.insn_cnt = p.insn_cnt;
	in.prog_type = p.prog_type;
	in.gpl_compatible = true;
	in.maps = maps;
	in.nr_maps = PROGEN_NR_MAPS;
	hive_verify(&in, &out);
	if (!out.err) {
		hdr[1] = p.prog_type == 6 ? 1 : p.prog_type == 3 ? 2 : 0;
		snprintf(path, sizeof(path), "%s/progen_%llu", dir, (unsigned long long)seed);
		f = fopen(path, "wb");
		if (f) {
			fwrite(hdr, 1, 2, f);
			fwrite(p.insns, sizeof(p.insns[0]), p.insn_cnt, f);
			fclose(f);
		}
	}
	hive_verifier_output_free(&out);
}

int main(int argc, char **argv)
{
	uint64_t first = 1, n = 1000;
	const char *dir = NULL;
	int opt;

	while ((opt = getopt(argc, argv, "n:s:w:")) != -1) {
		if (opt == 'n')
			n = strtoull(optarg, NULL, 0);
		else if (opt == 's')
			first = strtoull(optarg, NULL, 0);
		else if (opt == 'w')
			dir = optarg;
	}
	for (uint64_t seed = first; seed < first + n; seed++) {
		uint8_t in[10] = { 0 };

		if (dir) {
			write_seed(dir, seed);
			continue;
		}
		memcpy(in + 1, &seed, 8);
		for (int m = 0; m < 4; m++) {
			in[9] = (uint8_t)m;
			LLVMFuzzerTestOneInput(in, sizeof(in));
		}
	}
	printf("%llu seeds x 4 (unmutated and 1-3 mutations): %lu programs verified, %lu accepted, "
	       "%lu runs in the checked interpreter (%lu ended early: budget or missing helper), no "
	       "unsound acceptance; %lu runs repeated as JIT machine code with the same r0 and "
	       "memory\n",
	       (unsigned long long)n, fuzz_verifier_stats[0], fuzz_verifier_stats[1],
	       fuzz_verifier_stats[2], fuzz_verifier_stats[3], fuzz_verifier_stats[4]);
	return 0;
}
