// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests of the user backend's own kfunc BTF (backend/runtime_btf.c): it is valid BTF by
 * the kernel's rules, every kfunc the interpreter implements has a FUNC in it, and each
 * prototype is the running kernel's: the same parameter names (their __k/__ign/__alloc suffixes
 * steer the verifier) and the same types, compared structurally through typedef chains, down
 * to the sizes of the graph structs. Without /sys/kernel/btf/vmlinux the comparison is skipped
 * visibly and only the self-checks run.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "backend/backend.h"
#include "btf/btf.h"
#include "common/err.h"
#include "kfunc/kfunc.h"
#include "vm/kfunc_glue.h"

/* A structural description of type @id: kinds, names and sizes, through every reference. */
static void describe(const struct hive_btf *btf, uint32_t id, char *buf, size_t sz, int depth)
{
	const struct btf_type *t = btf_type_by_id(btf, id);
	size_t n = strlen(buf);

	if (depth > 8 || n + 64 > sz)
		return;
	if (!id || !t) {
		snprintf(buf + n, sz - n, "void");
		return;
	}
	snprintf(buf + n, sz - n, "%s:%s:", btf_kind_str(btf_kind(t)), btf_name(btf, t->name_off));
	n = strlen(buf);
	switch (btf_kind(t)) {
	case BTF_KIND_INT:
	case BTF_KIND_STRUCT:
		/* struct members are opaque arrays: the size says it all */
		snprintf(buf + n, sz - n, "%u", t->size);
		break;
	case BTF_KIND_FUNC_PROTO:
		describe(btf, t->type, buf, sz, depth + 1);
		for (uint16_t i = 0; i < btf_vlen(t); i++) {
			n = strlen(buf);
			snprintf(buf + n, sz - n, ",%s=", btf_name(btf, btf_params(t)[i].name_off));
			describe(btf, btf_params(t)[i].type, buf, sz, depth + 1);
		}
		break;
	case BTF_KIND_PTR:
	case BTF_KIND_TYPEDEF:
	case BTF_KIND_CONST:
		describe(btf, t->type, buf, sz, depth + 1);
		break;
	default:
		break;
	}
}

static struct hive_btf *runtime_btf(void)
{
	struct hive_btf *btf = be_runtime_btf_new();

	assert_false(IS_ERR_OR_NULL(btf));
	return btf;
}

static void test_valid_for_the_kernel(void **state)
{
	struct hive_btf *btf = runtime_btf();
	char err[256] = "";

	assert_int_equal(btf_validate_kernel(btf, err, sizeof(err)), 0);
	btf_free(btf);
}

/* Every kfunc the interpreter has must be resolvable by name in the runtime BTF. */
static void test_covers_every_kfunc(void **state)
{
	struct hive_btf *btf = runtime_btf();
	const struct kfunc_desc *tab;
	uint32_t cnt;

	tab = kfunc_table(&cnt);
	for (uint32_t i = 0; i < cnt; i++)
		assert_true(btf_find_by_name_kind(btf, tab[i].name, BTF_KIND_FUNC) > 0);
	for (size_t i = 0; vm_runtime_kfunc_names[i]; i++)
		assert_true(btf_find_by_name_kind(btf, vm_runtime_kfunc_names[i], BTF_KIND_FUNC) >
			    0);
	btf_free(btf);
}

static void test_matches_vmlinux(void **state)
{
	struct hive_btf *btf = runtime_btf(),
			*vml = btf_parse_file("/sys/kernel/btf/vmlinux", NULL);
	uint32_t n = btf_type_cnt(btf), funcs = 0;

	if (IS_ERR(vml)) {
		printf("SKIP: /sys/kernel/btf/vmlinux not readable: prototypes not compared\n");
		btf_free(btf);
		return;
	}
	for (uint32_t id = 1; id < n; id++) {
		const struct btf_type *t = btf_type_by_id(btf, id), *k;
		char mine[2048] = "", theirs[2048] = "";
		const char *name = btf_name(btf, t->name_off);
		int kid;

		if (btf_kind(t) != BTF_KIND_FUNC)
			continue;
		kid = btf_find_by_name_kind(vml, name, BTF_KIND_FUNC);
		if (kid <= 0)
			fail_msg("%s: not in vmlinux", name);
		k = btf_type_by_id(vml, (uint32_t)kid);
		describe(btf, t->type, mine, sizeof(mine), 0);
		describe(vml, k->type, theirs, sizeof(theirs), 0);
		if (strcmp(mine, theirs))
			fail_msg("%s:\n  runtime: %s\n  vmlinux: %s", name, mine, theirs);
		funcs++;
	}
	assert_true(funcs >= 20);
	btf_free(vml);
	btf_free(btf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_valid_for_the_kernel),
		cmocka_unit_test(test_covers_every_kfunc),
		cmocka_unit_test(test_matches_vmlinux),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
