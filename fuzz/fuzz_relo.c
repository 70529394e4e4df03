// SPDX-License-Identifier: BSD-2-Clause
/*
 * fuzz/fuzz_relo.c: libFuzzer target for CO-RE (relo/): a hostile local BTF and CO-RE record
 * against a fixed target BTF built here (nested and anonymous structs, unions, arrays,
 * flexible arrays, bitfields, enums and enum64s, typedef and modifier chains, function
 * prototypes, forward declarations, and flavoured duplicates that agree or disagree). The
 * relocation is computed, then applied to two instructions from the input.
 *
 *   input: kind u8 | type_id u16 | access string length u8 | insn[2] (16 bytes)
 *          | access string | raw BTF (the local BTF, parsed and validated as from an object)
 *
 * Anything but a clean error is a bug; candidate lists are pruned as the loader does, across
 * the relocations of one input (the input's string may name several, separated by '|').
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf.h"
#include "common/err.h"
#include "common/log.h"
#include "object/obj_insn.h"
#include "relo/core.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct hive_btf *target;

static int quiet(enum hive_print_level level, const char *fmt, va_list args)
{
	return 0;
}

static void add_nested(struct hive_btf *b, const char *name, int i32, int u8, int pad)
{
	int inner = btf_add_struct(b, "", 8), un, st;

	btf_add_field(b, "a", i32, 0, 0);
	btf_add_field(b, "c", u8, 32, 3);
	un = btf_add_union(b, "", 8);
	btf_add_field(b, "a", inner, 0, 0);
	btf_add_field(b, "x", i32, 0, 0);
	st = btf_add_struct(b, name, 24);
	btf_add_field(b, "__pad", i32, 0, 0);
	btf_add_field(b, "a", un, pad, 0);
	btf_add_field(b, "b", i32, 96, 0);
	btf_add_field(b, "", inner, 128, 0);
	(void)st;
}

/* One target with a bit of everything the matcher walks through. */
static struct hive_btf *build_target(void)
{
	struct hive_btf *b = btf_new_empty(NULL);
	int i32 = btf_add_int(b, "int", 4, BTF_INT_SIGNED);
	int u8 = btf_add_int(b, "unsigned char", 1, 0);
	int u64 = btf_add_int(b, "unsigned long long", 8, 0);
	int arr = btf_add_array(b, i32, i32, 4), flex, e, e64, fp, td, cst, vol, fwd, p, s;

	flex = btf_add_array(b, i32, u8, 0);
	add_nested(b, "s", i32, u8, 32);
	add_nested(b, "s___same", i32, u8, 32);
	add_nested(b, "s___other", i32, u8, 64);
	e = btf_add_enum(b, "e", 4, true);
	btf_add_enum_value(b, "E_A", -1);
	btf_add_enum_value(b, "E_B___v2", 7);
	e64 = btf_add_enum64(b, "e", 8, false);
	btf_add_enum64_value(b, "E_A", 1ULL << 40);
	fp = btf_add_func_proto(b, i32);
	btf_add_func_param(b, "x", u64);
	btf_add_func(b, "f", BTF_FUNC_GLOBAL, fp);
	fwd = btf_add_fwd(b, "t", false);
	p = btf_add_ptr(b, fwd);
	cst = btf_add_const(b, arr);
	vol = btf_add_volatile(b, cst);
	td = btf_add_typedef(b, "td", vol);
	s = btf_add_struct(b, "t", 64);
	btf_add_field(b, "arr", td, 0, 0);
	btf_add_field(b, "e", e, 128, 0);
	btf_add_field(b, "e64", e64, 192, 0);
	btf_add_field(b, "p", p, 256, 0);
	btf_add_field(b, "fp", btf_add_ptr(b, fp), 320, 0);
	btf_add_field(b, "bf", u64, 384, 61);
	btf_add_field(b, "flex", flex, 448, 0);
	btf_add_typedef(b, "td", s);
	btf_add_typedef(b, "td___v2", btf_add_ptr(b, s));
	return b;
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	hive_set_print(quiet);
	target = build_target();
	return 0;
}

struct header {
	uint8_t kind;
	uint8_t type_lo, type_hi;
	uint8_t str_len;
	struct hive_insn insns[2];
};

static void relocate(struct hive_btf *local, const struct header *h, uint32_t str_off,
		     struct core_cand_list *cands, uint32_t cached_id)
{
	struct btf_ext_core_relo rec = {
		.insn_off = 0,
		.type_id = h->type_lo | (uint32_t)h->type_hi << 8,
		.access_str_off = str_off,
		.kind = h->kind % 14, /* one past the last kind: "unrecognized" */
	};
	struct core_spec *scratch = malloc(3 * sizeof(*scratch));
	struct hive_insn insns[2];
	struct core_relo_res res;

	if (!scratch)
		return;
	if (rec.type_id >= btf_type_cnt(local))
		goto out;
	if (!cands->cands || cached_id != rec.type_id) {
		free(cands->cands);
		cands->cands = NULL;
		cands->len = 0;
		if (core_add_cands(local, rec.type_id, target, "target", 1, cands))
			goto out;
	}
	memcpy(insns, h->insns, sizeof(insns));
	if (core_calc_relo_insn("fuzz", &rec, 0, local, cands, scratch, &res))
		goto out;
	core_patch_insn("fuzz", insns, 2, 0, &rec, 0, &res);
out:
	free(scratch);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct core_cand_list cands = { NULL, 0 };
	struct btf_parse_opts opts = {};
	struct hive_btf *local;
	struct header h;
	char *str, *cur, *end;

	if (size < sizeof(h))
		return 0;
	memcpy(&h, data, sizeof(h));
	if (size < sizeof(h) + h.str_len)
		return 0;
	local = btf_parse_raw(data + sizeof(h) + h.str_len, size - sizeof(h) - h.str_len, &opts);
	if (IS_ERR(local))
		return 0;
	str = malloc(h.str_len + 1);
	if (!str)
		goto out;
	memcpy(str, data + sizeof(h), h.str_len);
	str[h.str_len] = '\0';
	/* each '|'-separated access string is one relocation of the same local type */
	for (cur = str; cur; cur = end ? end + 1 : NULL) {
		int off;

		end = strchr(cur, '|');
		if (end)
			*end = '\0';
		off = btf_add_str(local, cur);
		if (off < 0)
			break;
		relocate(local, &h, (uint32_t)off, &cands, h.type_lo | (uint32_t)h.type_hi << 8);
	}
out:
	free(cands.cands);
	free(str);
	btf_free(local);
	return 0;
}
