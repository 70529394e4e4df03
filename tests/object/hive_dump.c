// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/object/hive_dump.c: prints what bpfhive makes of an object, after
 * hive_object__prepare(), in the canonical text that libbpf_dump.c prints for libbpf, so that
 * diff_libbpf.sh can compare the two line by line:
 *
 *   prog NAME sec SEC type TYPE attach ATTACH insns N
 *     I: CODE DST SRC OFF IMM        IMM is "map:NAME" for map references, "kfunc:NAME" for
 *                                    kfunc calls, a number otherwise
 *     func_info INSN TYPE_ID
 *     line_info INSN FILE_OFF LINE_OFF LINE COL
 *   map NAME type TYPE key K value V max M flags F numa N extra X
 *
 * Usage: hive_dump OBJ [--btf TARGET_BTF] [--prog NAME]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfhive/object.h"
#include "btf/btf.h"
#include "object/backend.h"
#include "object/obj_insn.h"

static void print_imm(const struct hive_program *prog, size_t i, const struct hive_insn *insn)
{
	struct hive_insn_ref_info ref;

	if (!object_prog_ref_at(prog, (uint32_t)i, &ref)) {
		if ((ref.kind == HIVE_REF_MAP || ref.kind == HIVE_REF_MAP_VALUE) &&
		    insn->src_reg != 0) {
			printf("map:%s", hive_map__name(ref.map));
			return;
		}
		if (ref.kind == HIVE_REF_KFUNC) {
			/* the target's name, as the libbpf side prints it from vmlinux BTF */
			const struct hive_btf *btf = object_kfunc_btf(hive_program__object(prog));
			const struct btf_type *t = btf ? btf_type_by_id(btf, ref.btf_id) : NULL;

			printf("kfunc:%s", t ? btf_name(btf, t->name_off) : ref.name);
			return;
		}
	}
	printf("%d", insn->imm);
}

static void dump_prog(const struct hive_program *prog)
{
	const struct hive_insn *insns = hive_program__insns(prog);
	size_t cnt = hive_program__insn_cnt(prog);
	const uint32_t *fi, *li;
	uint32_t nfi, nli, rfi, rli;

	printf("prog %s sec %s type %s attach %s insns %zu\n", hive_program__name(prog),
	       hive_program__section_name(prog), hive_prog_type_str(hive_program__type(prog)),
	       hive_attach_type_str(hive_program__expected_attach_type(prog)), cnt);
	for (size_t i = 0; i < cnt; i++) {
		const struct hive_insn *insn = &insns[i];

		printf("  %zu: %02x %u %u %d ", i, insn->code, insn->dst_reg, insn->src_reg,
		       insn->off);
		print_imm(prog, i, insn);
		putchar('\n');
	}
	fi = hive_program__func_info(prog, &nfi, &rfi);
	for (uint32_t i = 0; fi && i < nfi; i++)
		printf("  func_info %u %u\n", fi[i * rfi / 4], fi[i * rfi / 4 + 1]);
	li = hive_program__line_info(prog, &nli, &rli);
	for (uint32_t i = 0; li && i < nli; i++) {
		const uint32_t *r = li + i * rli / 4;

		printf("  line_info %u %u %u %u %u\n", r[0], r[1], r[2], r[3] >> 10, r[3] & 0x3ff);
	}
}

int main(int argc, char **argv)
{
	HIVE_OPTS(hive_object_open_opts, opts);
	const char *only = NULL;
	struct hive_program *prog;
	struct hive_object *obj;
	struct hive_map *map;

	if (argc < 2) {
		fprintf(stderr, "usage: %s OBJ [--btf FILE] [--prog NAME]\n", argv[0]);
		return 2;
	}
	for (int i = 2; i + 1 < argc; i += 2) {
		if (!strcmp(argv[i], "--btf"))
			opts.btf_custom_path = argv[i + 1];
		else if (!strcmp(argv[i], "--prog"))
			only = argv[i + 1];
	}
	obj = hive_object__open_file(argv[1], &opts);
	if (!obj) {
		printf("error: %s\n", object_last_error());
		return 1;
	}
	if (only)
		hive_object__for_each_program(prog, obj)
			hive_program__set_autoload(prog, !strcmp(hive_program__name(prog), only));
	if (hive_object__prepare(obj)) {
		printf("error: %s\n", object_last_error());
		hive_object__close(obj);
		return 1;
	}
	hive_object__for_each_program(prog, obj)
		if (hive_program__autoload(prog))
			dump_prog(prog);
	hive_object__for_each_map(map, obj)
		printf("map %s type %s key %u value %u max %u flags %#x numa %u extra %llu\n",
		       hive_map__name(map), hive_map_type_str(hive_map__type(map)),
		       hive_map__key_size(map), hive_map__value_size(map),
		       hive_map__max_entries(map), hive_map__map_flags(map),
		       hive_map__numa_node(map), (unsigned long long)hive_map__map_extra(map));
	hive_object__close(obj);
	return 0;
}
