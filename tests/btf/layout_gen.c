// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/btf/layout_gen.c: `layout_gen FILE` writes C that checks, at compile time, that the
 * vmlinux.h generated from FILE lays every type out as its BTF says:
 *   _Static_assert(sizeof(struct task_struct) == 9792, "...");
 *   _Static_assert(__builtin_offsetof(struct task_struct, pid) == 2464, "...");
 * for every struct/union/enum/typedef whose name is unique in the BTF (a duplicated name is
 * renamed name___2 by the dump in an order this tool does not reproduce) and every named
 * non-bitfield member. BTF has no alignments, so none are checked: only what the BTF states.
 * Types holding a va_list by value are left out: __builtin_va_list is a 24-byte array on
 * x86-64 and a pointer on the BPF target, a difference no header can hide.
 * It prints the count of checks to stderr so the test can insist there are thousands.
 */
#include <stdio.h>
#include <string.h>

#include "btf/btf.h"
#include "common/err.h"

static unsigned long checks;

static int count(const struct hive_btf *btf, const char *name, int kind)
{
	int n = 0;

	for (int id = 0; (id = btf_find_next_by_name_kind(btf, id, name, kind)) > 0;)
		n++;
	return n;
}

static int count_tags(const struct hive_btf *btf, const char *name)
{
	return count(btf, name, BTF_KIND_STRUCT) + count(btf, name, BTF_KIND_UNION) +
	       count(btf, name, BTF_KIND_ENUM) + count(btf, name, BTF_KIND_ENUM64);
}

static void check_members(const struct hive_btf *btf, const struct btf_type *t, const char *spelled)
{
	for (uint32_t i = 0; i < btf_vlen(t); i++) {
		struct btf_member_info m;

		btf_member(btf, t, i, &m);
		if (!m.name[0] || m.bitfield_size || m.bit_off % 8)
			continue;
		printf("_Static_assert(__builtin_offsetof(%s, %s) == %u, \"offsetof(%s, %s)\");\n",
		       spelled, m.name, m.bit_off / 8, spelled, m.name);
		checks++;
	}
}

/* Does @id hold __builtin_va_list by value (through typedefs, arrays, members)? */
static bool has_va_list(const struct hive_btf *btf, uint32_t id, int depth)
{
	const struct btf_type *t = btf_type_by_id(btf, id);

	if (depth > 64)
		return true;
	if (t->name_off && !strcmp(btf_name(btf, t->name_off), "__builtin_va_list"))
		return true;
	switch (btf_kind(t)) {
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_CONST:
	case BTF_KIND_VOLATILE:
	case BTF_KIND_RESTRICT:
	case BTF_KIND_TYPE_TAG:
		return has_va_list(btf, t->type, depth + 1);
	case BTF_KIND_ARRAY:
		return has_va_list(btf, btf_array(t)->type, depth + 1);
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		for (uint32_t i = 0; i < btf_vlen(t); i++)
			if (has_va_list(btf, btf_members(t)[i].type, depth + 1))
				return true;
		return false;
	default:
		return false;
	}
}

static void check_type(const struct hive_btf *btf, uint32_t id)
{
	const struct btf_type *t = btf_type_by_id(btf, id);
	const char *name = btf_name(btf, t->name_off);
	const char *tag;
	char spelled[600];
	int64_t size;

	if (!name[0])
		return;
	switch (btf_kind(t)) {
	case BTF_KIND_STRUCT:
		tag = "struct ";
		break;
	case BTF_KIND_UNION:
		tag = "union ";
		break;
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		if (!btf_vlen(t))
			return;
		tag = "enum ";
		break;
	case BTF_KIND_TYPEDEF:
		tag = "";
		break;
	default:
		return;
	}
	/* struct, union and enum tags share one namespace, typedefs another */
	if ((btf_is_typedef(t) ? count(btf, name, BTF_KIND_TYPEDEF) : count_tags(btf, name)) != 1 ||
	    !strcmp(name, "__builtin_va_list") || !strcmp(name, "__gnuc_va_list"))
		return;
	size = btf_resolve_size(btf, id);
	if (size < 0 || has_va_list(btf, id, 0))
		return; /* typedef of void or a function type */
	snprintf(spelled, sizeof(spelled), "%s%s", tag, name);
	printf("_Static_assert(sizeof(%s) == %ld, \"sizeof(%s)\");\n", spelled, (long)size,
	       spelled);
	checks++;
	if (btf_is_composite(t))
		check_members(btf, t, spelled);
}

int main(int argc, char **argv)
{
	char errbuf[512] = "";
	struct btf_parse_opts opts = { .errbuf = errbuf, .errbuf_sz = sizeof(errbuf) };
	struct hive_btf *btf;

	if (argc != 2) {
		fprintf(stderr, "usage: %s FILE\n", argv[0]);
		return 2;
	}
	btf = btf_parse_file(argv[1], &opts);
	if (IS_ERR(btf)) {
		fprintf(stderr, "%s\n", errbuf);
		return 1;
	}
	printf("#include \"vmlinux.h\"\n\n");
	for (uint32_t id = 1; id < btf_type_cnt(btf); id++)
		check_type(btf, id);
	fprintf(stderr, "%lu layout checks\n", checks);
	btf_free(btf);
	return 0;
}
