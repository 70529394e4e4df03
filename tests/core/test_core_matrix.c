// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/core/test_core_matrix.c: the CO-RE matrix (spec loader.md C.14) with our programs.
 *
 * For each case of cases.def the program of its group is opened with the case's target BTF
 * (btf_custom_path) and prepared. Fatal cases (ambiguity, too deep, bitfield too big) must
 * fail with the expected reason. For the others, the relocated values are read back from the
 * final instructions: every program is straight-line code storing one CO-RE value per slot of
 * `out` (.bss), so a small evaluator over the instructions gives the value of each slot, or
 * POISON when the relocation failed and the instruction became `call 0xbad2310`. Expected
 * values come from the C compiler on the host (offsetof/sizeof over the same target types),
 * from a memory probe of bitfield positions, or, where the answer is a rule (type matching,
 * pruning), are written down with the reason.
 *
 * Ends with "N passed, N failed" and exits non-zero on failure.
 */
/* the case table leaves optional fields out */
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"
/* SIGN() asks "is this type signed?" of unsigned types too */
#pragma GCC diagnostic ignored "-Wtype-limits"

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfhive/object.h"
#include "btf/btf.h"
#include "common/err.h"
#include "object/backend.h"
#include "object/obj_insn.h"
#include "relo/core.h"
#include "core_reloc_types.h"

#define POISON UINT64_MAX
#define UNKNOWN (UINT64_MAX - 1)
#define MAX_SLOTS 40

struct core_case {
	const char *name;
	const char *group;
	const char *fatal; /* prepare must fail with this in the error, or NULL */
	int n;
	uint64_t exp[MAX_SLOTS];
	void (*compute)(uint64_t *exp, const struct core_case *c); /* values known at run time */
};

#define OFFS(T, f) ((uint64_t)offsetof(T, f))
#define SIZE(T, f) ((uint64_t)sizeof(((T *)0)->f))
#define SIGN(T, f) ((uint64_t)((__typeof__(((T *)0)->f))-1 < 0))

/* ---- expected values per group, from the target type ---- */

#define EXP_FLAVORS(T)                             \
	3,                                         \
	{                                          \
		OFFS(T, a), OFFS(T, b), OFFS(T, c) \
	}
#define EXP_NESTING(T)                               \
	4,                                           \
	{                                            \
		OFFS(T, a.a.a), OFFS(T, b.b.b), 4, 1 \
	}
/* a.a.a cannot be found: its offset and size are poisoned, b.b.b is fine */
#define EXP_NESTING_NO_A(T)                       \
	4,                                        \
	{                                         \
		POISON, OFFS(T, b.b.b), POISON, 1 \
	}
#define EXP_ARRAYS(T)                                                                    \
	8,                                                                               \
	{                                                                                \
		OFFS(T, a[2]), OFFS(T, b[1][2][3]), OFFS(T, c[1].c), OFFS(T, d[0][0].d), \
			OFFS(T, f[1][0].c), SIZE(T, a[2]), SIZE(T, c[1]), 1              \
	}
#define EXP_PRIM(T)                                                                                \
	7,                                                                                         \
	{                                                                                          \
		OFFS(T, a), OFFS(T, b), OFFS(T, c), OFFS(T, d), OFFS(T, f), SIZE(T, c), SIZE(T, d) \
	}
#define EXP_MODS(T)                                                                     \
	8,                                                                              \
	{                                                                               \
		OFFS(T, a), OFFS(T, b), OFFS(T, c), OFFS(T, d), OFFS(T, e), OFFS(T, f), \
			OFFS(T, g.y), OFFS(T, h.y)                                      \
	}
#define I3(T, f) OFFS(T, f), SIZE(T, f), SIGN(T, f)
#define EXP_INTS(T)                                                                            \
	24,                                                                                    \
	{                                                                                      \
		I3(T, u8_field), I3(T, s8_field), I3(T, u16_field), I3(T, s16_field),          \
			I3(T, u32_field), I3(T, s32_field), I3(T, u64_field), I3(T, s64_field) \
	}
#define EXP_SIZE(T)                                                                      \
	15,                                                                              \
	{                                                                                \
		SIZE(T, int_field), SIZE(T, struct_field), SIZE(T, union_field),         \
			SIZE(T, arr_field), SIZE(T, arr_field[0]), SIZE(T, ptr_field),   \
			SIZE(T, enum_field), SIZE(T, float_field), OFFS(T, int_field),   \
			OFFS(T, struct_field), OFFS(T, union_field), OFFS(T, arr_field), \
			OFFS(T, ptr_field), OFFS(T, enum_field), OFFS(T, float_field)    \
	}

/* type_based: exists, matches, size for the 12 local types, in the program's order */
#define TB(e, m, s) e, m, s
#define EXP_TB_BASE                                                                            \
	36,                                                                                    \
	{                                                                                      \
		TB(1, 1, 4), TB(1, 1, 4), TB(1, 1, 4), TB(1, 1, 4), TB(1, 1, 12), TB(1, 1, 8), \
			TB(1, 1, 4), TB(1, 1, 8), TB(1, 1, 8), TB(1, 1, 8), TB(1, 1, 20),      \
			TB(1, 1, 4)                                                            \
	}
#define EXP_TB_NONE \
	36,         \
	{           \
		0   \
	}

/* type_based___diff: everything exists; extra members/enumerators still match, but an
 * unsigned return type, an array of another length and an unsigned int do not. */
#define EXP_TB_DIFF                                                                            \
	36,                                                                                    \
	{                                                                                      \
		TB(1, 1, 8), TB(1, 1, 4), TB(1, 1, 4), TB(1, 1, 8), TB(1, 1, 16), TB(1, 1, 8), \
			TB(1, 1, 4), TB(1, 1, 8), TB(1, 1, 8), TB(1, 0, 8), TB(1, 0, 21),      \
			TB(1, 0, 4)                                                            \
	}
/* type_based___diff_sz: sizes are ignored by existence, not by matching; only the pointer
 * typedefs (whose pointees are not compared member by member) match. */
#define EXP_TB_DIFF_SZ                                                                           \
	36,                                                                                      \
	{                                                                                        \
		TB(1, 0, 16), TB(1, 0, 8), TB(1, 0, 8), TB(1, 0, 16), TB(1, 0, 24), TB(1, 1, 8), \
			TB(1, 0, 8), TB(1, 1, 8), TB(1, 1, 8), TB(1, 1, 8), TB(1, 0, 30),        \
			TB(1, 0, 8)                                                              \
	}
/* type_based___incompat: kinds differ everywhere but for the enum, which exists (one
 * enumerator instead of three, so it does not match) */
#define EXP_TB_INCOMPAT                                                                       \
	36,                                                                                   \
	{                                                                                     \
		TB(0, 0, 0), TB(0, 0, 0), TB(1, 0, 4), TB(0, 0, 0), TB(0, 0, 0), TB(0, 0, 0), \
			TB(0, 0, 0), TB(0, 0, 0), TB(0, 0, 0), TB(0, 0, 0), TB(0, 0, 0),      \
			TB(0, 0, 0)                                                           \
	}

#define EXP_ENUMVAL(v1, v2, v3, a1, a2, a3)        \
	10,                                        \
	{                                          \
		1, 1, 1, 1, v1, v2, v3, a1, a2, a3 \
	}
#define U64(x) ((uint64_t)(x))

static void compute_bitfields(uint64_t *exp, const struct core_case *c);
static void compute_type_id(uint64_t *exp, const struct core_case *c);

// clang-format off
static const struct core_case cases[] = {
	{ "flavors", "flavors", NULL, EXP_FLAVORS(struct core_reloc_flavors) },
	{ "flavors__err_wrong_name", "flavors", NULL, 3, { POISON, POISON, POISON } },

	{ "nesting", "nesting", NULL, EXP_NESTING(struct core_reloc_nesting) },
	{ "nesting___anon_embed", "nesting", NULL, EXP_NESTING(struct core_reloc_nesting___anon_embed) },
	{ "nesting___struct_union_mixup", "nesting", NULL,
	  EXP_NESTING(struct core_reloc_nesting___struct_union_mixup) },
	{ "nesting___extra_nesting", "nesting", NULL,
	  EXP_NESTING(struct core_reloc_nesting___extra_nesting) },
	{ "nesting___dup_compat_types", "nesting", NULL,
	  EXP_NESTING(struct core_reloc_nesting___dup_compat_types) },
	{ "nesting___err_missing_field", "nesting", NULL,
	  EXP_NESTING_NO_A(struct core_reloc_nesting___err_missing_field) },
	{ "nesting___err_array_field", "nesting", NULL,
	  EXP_NESTING_NO_A(struct core_reloc_nesting___err_array_field) },
	{ "nesting___err_missing_container", "nesting", NULL,
	  EXP_NESTING_NO_A(struct core_reloc_nesting___err_missing_container) },
	{ "nesting___err_nonstruct_container", "nesting", NULL,
	  EXP_NESTING_NO_A(struct core_reloc_nesting___err_nonstruct_container) },
	{ "nesting___err_array_container", "nesting", NULL,
	  EXP_NESTING_NO_A(struct core_reloc_nesting___err_array_container) },
	{ "nesting___err_dup_incompat_types", "nesting", "field offset ambiguity" },
	/* The first relocation clang emits (out[0], a.a.a) only matches flavour __a, which
	 * prunes __b from the candidates: b.b.b then has none. */
	{ "nesting___err_partial_match_dups", "nesting", NULL, 4,
	  { OFFS(struct core_reloc_nesting___err_partial_match_dups__a, a.a.a), POISON, 4, 0 } },
	{ "nesting___err_too_deep", "nesting", "error matching candidate" },

	{ "arrays", "arrays", NULL, EXP_ARRAYS(struct core_reloc_arrays) },
	{ "arrays___diff_arr_dim", "arrays", NULL, EXP_ARRAYS(struct core_reloc_arrays___diff_arr_dim) },
	{ "arrays___diff_arr_val_sz", "arrays", NULL,
	  EXP_ARRAYS(struct core_reloc_arrays___diff_arr_val_sz) },
	{ "arrays___equiv_zero_sz_arr", "arrays", NULL,
	  EXP_ARRAYS(struct core_reloc_arrays___equiv_zero_sz_arr) },
	{ "arrays___fixed_arr", "arrays", NULL, EXP_ARRAYS(struct core_reloc_arrays___fixed_arr) },
	{ "arrays___err_too_small", "arrays", NULL, 8,
	  { POISON, OFFS(struct core_reloc_arrays___err_too_small, b[1][2][3]),
	    OFFS(struct core_reloc_arrays___err_too_small, c[1].c),
	    OFFS(struct core_reloc_arrays___err_too_small, d[0][0].d),
	    OFFS(struct core_reloc_arrays___err_too_small, f[1][0].c), POISON, 8, 1 } },
	{ "arrays___err_too_shallow", "arrays", NULL, 8,
	  { OFFS(struct core_reloc_arrays___err_too_shallow, a[2]), POISON,
	    OFFS(struct core_reloc_arrays___err_too_shallow, c[1].c),
	    OFFS(struct core_reloc_arrays___err_too_shallow, d[0][0].d),
	    OFFS(struct core_reloc_arrays___err_too_shallow, f[1][0].c), 4, 8, 1 } },
	{ "arrays___err_non_array", "arrays", NULL, 8,
	  { POISON, OFFS(struct core_reloc_arrays___err_non_array, b[1][2][3]),
	    OFFS(struct core_reloc_arrays___err_non_array, c[1].c),
	    OFFS(struct core_reloc_arrays___err_non_array, d[0][0].d),
	    OFFS(struct core_reloc_arrays___err_non_array, f[1][0].c), POISON, 8, 1 } },
	{ "arrays___err_wrong_val_type", "arrays", NULL, 8,
	  { POISON, OFFS(struct core_reloc_arrays___err_wrong_val_type, b[1][2][3]),
	    OFFS(struct core_reloc_arrays___err_wrong_val_type, c[1].c),
	    OFFS(struct core_reloc_arrays___err_wrong_val_type, d[0][0].d),
	    OFFS(struct core_reloc_arrays___err_wrong_val_type, f[1][0].c), POISON, 8, 1 } },
	{ "arrays___err_bad_zero_sz_arr", "arrays", NULL, 8,
	  { OFFS(struct core_reloc_arrays___err_bad_zero_sz_arr, a[2]),
	    OFFS(struct core_reloc_arrays___err_bad_zero_sz_arr, b[1][2][3]),
	    OFFS(struct core_reloc_arrays___err_bad_zero_sz_arr, c[1].c),
	    OFFS(struct core_reloc_arrays___err_bad_zero_sz_arr, d[0][0].d), POISON, 4, 8, 1 } },

	{ "primitives", "primitives", NULL, EXP_PRIM(struct core_reloc_primitives) },
	{ "primitives___diff_enum_def", "primitives", NULL,
	  EXP_PRIM(struct core_reloc_primitives___diff_enum_def) },
	{ "primitives___diff_func_proto", "primitives", NULL,
	  EXP_PRIM(struct core_reloc_primitives___diff_func_proto) },
	{ "primitives___diff_ptr_type", "primitives", NULL,
	  EXP_PRIM(struct core_reloc_primitives___diff_ptr_type) },
	{ "primitives___err_non_enum", "primitives", NULL, 7,
	  { POISON, OFFS(struct core_reloc_primitives___err_non_enum, b), POISON,
	    OFFS(struct core_reloc_primitives___err_non_enum, d),
	    OFFS(struct core_reloc_primitives___err_non_enum, f), POISON, 8 } },
	{ "primitives___err_non_int", "primitives", NULL, 7,
	  { POISON, POISON, OFFS(struct core_reloc_primitives___err_non_int, c),
	    OFFS(struct core_reloc_primitives___err_non_int, d),
	    OFFS(struct core_reloc_primitives___err_non_int, f), 4, 8 } },
	{ "primitives___err_non_ptr", "primitives", NULL, 7,
	  { POISON, OFFS(struct core_reloc_primitives___err_non_ptr, b),
	    OFFS(struct core_reloc_primitives___err_non_ptr, c), POISON, POISON, 4, POISON } },

	{ "mods", "mods", NULL, EXP_MODS(struct core_reloc_mods) },
	{ "mods___mod_swap", "mods", NULL, EXP_MODS(struct core_reloc_mods___mod_swap) },
	{ "mods___typedefs", "mods", NULL, EXP_MODS(struct core_reloc_mods___typedefs) },

	{ "ptr_as_arr", "ptr_as_arr", NULL, 1,
	  { 2 * sizeof(struct core_reloc_ptr_as_arr) + OFFS(struct core_reloc_ptr_as_arr, a) } },
	{ "ptr_as_arr___diff_sz", "ptr_as_arr", NULL, 1,
	  { 2 * sizeof(struct core_reloc_ptr_as_arr___diff_sz) +
	    OFFS(struct core_reloc_ptr_as_arr___diff_sz, a) } },

	{ "ints", "ints", NULL, EXP_INTS(struct core_reloc_ints) },
	{ "ints___bool", "ints", NULL, EXP_INTS(struct core_reloc_ints___bool) },
	{ "ints___reverse_sign", "ints", NULL, EXP_INTS(struct core_reloc_ints___reverse_sign) },

	{ "misc", "misc", NULL, 3,
	  { OFFS(struct core_reloc_misc, a2), OFFS(struct core_reloc_misc, b2),
	    2 * sizeof(struct core_reloc_misc_extensible___bigger) } },

	{ "existence", "existence", NULL, 6, { 1, 1, 1, 1, 1, 1 } },
	{ "existence___minimal", "existence", NULL, 6, { 1, 0, 0, 0, 0, 0 } },
	/* the names are all there, the types are not compatible (C.5) */
	{ "existence___wrong_field_defs", "existence", NULL, 6, { 0, 0, 0, 0, 0, 0 } },

	{ "bitfields", "bitfields", NULL, 35, { 0 }, compute_bitfields },
	{ "bitfields___bit_sz_change", "bitfields", NULL, 35, { 0 }, compute_bitfields },
	{ "bitfields___bitfield_vs_int", "bitfields", NULL, 35, { 0 }, compute_bitfields },
	{ "bitfields___just_big_enough", "bitfields", NULL, 35, { 0 }, compute_bitfields },
	{ "bitfields___err_too_big_bitfield", "bitfields", "can't be satisfied for bitfield" },

	{ "size", "size", NULL, EXP_SIZE(struct core_reloc_size) },
	{ "size___diff_sz", "size", NULL, EXP_SIZE(struct core_reloc_size___diff_sz) },
	{ "size___diff_offs", "size", NULL, EXP_SIZE(struct core_reloc_size___diff_offs) },
	{ "size___err_ambiguous", "size", "relocation decision ambiguity" },

	{ "type_based", "type_based", NULL, EXP_TB_BASE },
	{ "type_based___all_missing", "type_based", NULL, EXP_TB_NONE },
	{ "type_based___diff", "type_based", NULL, EXP_TB_DIFF },
	{ "type_based___diff_sz", "type_based", NULL, EXP_TB_DIFF_SZ },
	{ "type_based___incompat", "type_based", NULL, EXP_TB_INCOMPAT },
	/* every func proto typedef has a wrong return, argument or count: none exists */
	{ "type_based___fn_wrong_args", "type_based", NULL, EXP_TB_NONE },

	{ "type_id", "type_id", NULL, 10, { 0 }, compute_type_id },
	{ "type_id___missing_targets", "type_id", NULL, 10, { 0 }, compute_type_id },

	{ "enumval", "enumval", NULL,
	  EXP_ENUMVAL(CORE_NAMED_VAL1, CORE_NAMED_VAL2, CORE_NAMED_VAL3, CORE_ANON_VAL1,
		      CORE_ANON_VAL2, CORE_ANON_VAL3) },
	{ "enumval___diff", "enumval", NULL,
	  EXP_ENUMVAL(CORE_NAMED_VAL1___diff, CORE_NAMED_VAL2___diff, CORE_NAMED_VAL3___diff,
		      CORE_ANON_VAL1___diff, CORE_ANON_VAL2___diff, CORE_ANON_VAL3___diff) },
	{ "enumval___val3_missing", "enumval", NULL, 10,
	  { 1, 0, 1, 0, CORE_NAMED_VAL1___val3_missing, CORE_NAMED_VAL2___val3_missing, POISON,
	    CORE_ANON_VAL1___val3_missing, CORE_ANON_VAL2___val3_missing, POISON } },
	{ "enumval___err_missing", "enumval", NULL, 10,
	  { 0, 1, 0, 1, POISON, CORE_NAMED_VAL2___err_missing, CORE_NAMED_VAL3___err_missing,
	    POISON, CORE_ANON_VAL2___err_missing, CORE_ANON_VAL3___err_missing } },

	{ "enum64val", "enum64val", NULL,
	  EXP_ENUMVAL(U64(CORE_NAMED_ENUM64_VAL1), U64(CORE_NAMED_ENUM64_VAL2),
		      U64(CORE_NAMED_ENUM64_VAL3), U64(CORE_NAMED_SIGNED_ENUM64_VAL1),
		      U64(CORE_NAMED_SIGNED_ENUM64_VAL2), U64(CORE_NAMED_SIGNED_ENUM64_VAL3)) },
	{ "enum64val___diff", "enum64val", NULL,
	  EXP_ENUMVAL(U64(CORE_NAMED_ENUM64_VAL1___diff), U64(CORE_NAMED_ENUM64_VAL2___diff),
		      U64(CORE_NAMED_ENUM64_VAL3___diff), U64(CORE_NAMED_SIGNED_ENUM64_VAL1___diff),
		      U64(CORE_NAMED_SIGNED_ENUM64_VAL2___diff),
		      U64(CORE_NAMED_SIGNED_ENUM64_VAL3___diff)) },
	{ "enum64val___val3_missing", "enum64val", NULL, 10,
	  { 1, 0, 1, 0, U64(CORE_NAMED_ENUM64_VAL1___val3_missing),
	    U64(CORE_NAMED_ENUM64_VAL2___val3_missing), POISON,
	    U64(CORE_NAMED_SIGNED_ENUM64_VAL1___val3_missing),
	    U64(CORE_NAMED_SIGNED_ENUM64_VAL2___val3_missing), POISON } },
	{ "enum64val___err_missing", "enum64val", NULL, 10,
	  { 1, 1, 1, 1, U64(CORE_NAMED_ENUM64_VAL1___err_missing), POISON,
	    U64(CORE_NAMED_ENUM64_VAL3___err_missing),
	    U64(CORE_NAMED_SIGNED_ENUM64_VAL1___err_missing), POISON,
	    U64(CORE_NAMED_SIGNED_ENUM64_VAL3___err_missing) } },
};
// clang-format on

static const char *build_dir(void)
{
	const char *d = getenv("HIVE_BUILD_DIR");

	return d ? d : ".";
}

/* ---- bitfields: positions probed in memory, load units per spec C.9 ---- */

struct bf_field {
	uint32_t bit_off, bit_sz, decl_sz;
	bool is_signed;
};

/* Set the field to all ones in a zeroed object and see which bits changed. */
#define PROBE(T, f, dsz, sgn)                                            \
	do {                                                             \
		T x;                                                     \
		const uint8_t *p = (const uint8_t *)&x;                  \
		uint32_t first = UINT32_MAX, n = 0;                      \
		memset(&x, 0, sizeof(x));                                \
		x.f = all_ones;                                          \
		for (uint32_t b = 0; b < sizeof(x) * 8; b++)             \
			if (p[b / 8] & (1u << (b % 8))) {                \
				first = first == UINT32_MAX ? b : first; \
				n++;                                     \
			}                                                \
		fields[k++] = (struct bf_field){ first, n, dsz, sgn };   \
	} while (0)

/* the seven fields of the program in order: ub1 ub2 ub7 sb4 sb20 u32 s32 */
#define PROBE_ALL(T, s1, s2, s3, s4, s5, s6, s7, g1, g2, g3, g4, g5, g6, g7) \
	do {                                                                 \
		PROBE(T, ub1, s1, g1);                                       \
		PROBE(T, ub2, s2, g2);                                       \
		PROBE(T, ub7, s3, g3);                                       \
		PROBE(T, sb4, s4, g4);                                       \
		PROBE(T, sb20, s5, g5);                                      \
		PROBE(T, u32, s6, g6);                                       \
		PROBE(T, s32, s7, g7);                                       \
	} while (0)

static void compute_bitfields(uint64_t *exp, const struct core_case *c)
{
	volatile unsigned long long all_ones = ~0ULL; /* truncated by each assignment */
	struct bf_field fields[7];
	int k = 0;

	if (!strcmp(c->name, "bitfields"))
		PROBE_ALL(struct core_reloc_bitfields, 1, 1, 4, 4, 4, 4, 4, 0, 0, 0, 1, 1, 0, 1);
	else if (!strcmp(c->name, "bitfields___bit_sz_change"))
		PROBE_ALL(struct core_reloc_bitfields___bit_sz_change, 2, 4, 1, 4, 4, 2, 2, 0, 0, 0,
			  1, 1, 0, 1);
	else if (!strcmp(c->name, "bitfields___bitfield_vs_int"))
		PROBE_ALL(struct core_reloc_bitfields___bitfield_vs_int, 8, 1, 2, 1, 8, 4, 4, 0, 0,
			  0, 1, 1, 0, 1);
	else
		PROBE_ALL(struct core_reloc_bitfields___just_big_enough, 8, 8, 8, 8, 8, 8, 8, 0, 0,
			  0, 0, 0, 0, 0);
	for (int i = 0; i < 7; i++) {
		const struct bf_field *f = &fields[i];
		uint32_t sz = f->decl_sz, off = f->bit_off / 8 / sz * sz;

		while (f->bit_off + f->bit_sz - off * 8 > sz * 8) {
			sz *= 2;
			off = f->bit_off / 8 / sz * sz;
		}
		exp[i * 5] = off;
		exp[i * 5 + 1] = sz;
		exp[i * 5 + 2] = 64 - (f->bit_off + f->bit_sz - off * 8);
		exp[i * 5 + 3] = 64 - f->bit_sz;
		exp[i * 5 + 4] = f->is_signed;
	}
}

/* ---- type ids: looked up by name in the object's and the target's BTF ---- */

static int id_of(const struct hive_btf *btf, const char *name, int kind)
{
	int id = btf ? btf_find_by_name_kind(btf, name, kind) : -1;

	return id > 0 ? id : 0;
}

static void compute_type_id(uint64_t *exp, const struct core_case *c)
{
	char path[512];
	struct hive_btf *local, *targ;
	bool missing = strstr(c->name, "missing") != NULL;

	snprintf(path, sizeof(path), "%s/tests/core/progs/core_reloc_type_id.bpf.o", build_dir());
	local = btf_parse_file(path, NULL);
	snprintf(path, sizeof(path), "%s/tests/core/btf/btf__%s.bpf.o", build_dir(), c->name);
	targ = btf_parse_file(path, NULL);
	if (IS_ERR(local) || IS_ERR(targ)) {
		memset(exp, 0xee, sizeof(uint64_t) * c->n); /* cannot match: the case fails */
		goto out;
	}
	exp[0] = id_of(local, "core_tb_struct", BTF_KIND_STRUCT);
	exp[1] = id_of(local, "core_tb_union", BTF_KIND_UNION);
	exp[2] = id_of(local, "core_tb_named_struct_t", BTF_KIND_TYPEDEF);
	exp[3] = id_of(local, "core_tb_func_proto_t", BTF_KIND_TYPEDEF);
	exp[4] = missing ? 0 : id_of(targ, "core_tb_struct", BTF_KIND_STRUCT);
	exp[5] = missing ? 0 : id_of(targ, "core_tb_union", BTF_KIND_UNION);
	exp[6] = missing ? 0 : id_of(targ, "core_tb_enum", BTF_KIND_ENUM);
	exp[7] = missing ? 0 : id_of(targ, "core_tb_named_struct_t", BTF_KIND_TYPEDEF);
	exp[8] = missing ? 0 : id_of(targ, "core_tb_func_proto_t", BTF_KIND_TYPEDEF);
	exp[9] = missing ? 0 : id_of(targ, "core_tb_int_t", BTF_KIND_TYPEDEF);
	for (int i = 0; i < 10; i++)
		if (!exp[i] && (i < 4 || !missing))
			exp[i] = 0xee; /* a type the test expects is not there: fail loudly */
out:
	btf_free(IS_ERR(local) ? NULL : local);
	btf_free(IS_ERR(targ) ? NULL : targ);
}

/* ---- reading the relocated values back ---- */

struct reg {
	enum { R_UNKNOWN, R_CONST, R_OUT, R_POISON } kind;
	uint64_t val; /* constant, or offset into `out` */
};

/*
 * Straight-line evaluation of the prepared program: constants and the address of `out` in
 * registers; each 8-byte store into `out` records a slot. A poisoned instruction (a failed
 * relocation) leaves POISON in the register the original instruction wrote.
 */
static void evaluate(const struct hive_insn *insns, size_t cnt, const struct hive_insn *orig,
		     int out_map, uint64_t *slots)
{
	struct reg r[16] = {};

	for (int i = 0; i < MAX_SLOTS; i++)
		slots[i] = UNKNOWN;
	for (size_t i = 0; i < cnt; i++) {
		const struct hive_insn *in = &insns[i];
		uint8_t cls = BPF_CLASS(in->code);

		if (in->code == (BPF_JMP | BPF_EXIT))
			break;
		if (insn_is_call(in) && in->imm == CORE_POISON_IMM) {
			r[orig[i].dst_reg] = (struct reg){ R_POISON, 0 };
			if (insn_is_ldimm64(&orig[i]))
				i++;
			continue;
		}
		if (insn_is_ldimm64(in) && i + 1 < cnt) {
			if (in->src_reg == BPF_PSEUDO_MAP_VALUE && in->imm == out_map)
				r[in->dst_reg] = (struct reg){ R_OUT, (uint32_t)in[1].imm };
			else if (!in->src_reg)
				r[in->dst_reg] =
					(struct reg){ R_CONST,
						      (uint32_t)in->imm |
							      (uint64_t)(uint32_t)in[1].imm << 32 };
			else
				r[in->dst_reg].kind = R_UNKNOWN;
			i++;
			continue;
		}
		if ((cls == BPF_ALU64 || cls == BPF_ALU) && BPF_OP(in->code) == BPF_MOV &&
		    !in->off) {
			if (BPF_SRC(in->code) == BPF_X)
				r[in->dst_reg] = r[in->src_reg];
			else
				r[in->dst_reg] =
					(struct reg){ R_CONST, cls == BPF_ALU64 ?
								       (uint64_t)(int64_t)in->imm :
								       (uint32_t)in->imm };
			continue;
		}
		if (cls == BPF_ALU64 && BPF_OP(in->code) == BPF_ADD && BPF_SRC(in->code) == BPF_K &&
		    r[in->dst_reg].kind == R_OUT) {
			r[in->dst_reg].val += in->imm;
			continue;
		}
		if (cls == BPF_STX && BPF_MODE(in->code) == BPF_MEM &&
		    BPF_SIZE(in->code) == BPF_DW && r[in->dst_reg].kind == R_OUT) {
			uint64_t slot = (r[in->dst_reg].val + in->off) / 8;
			const struct reg *v = &r[in->src_reg];

			if (slot < MAX_SLOTS)
				slots[slot] = v->kind == R_CONST  ? v->val :
					      v->kind == R_POISON ? POISON :
								    UNKNOWN;
			continue;
		}
		if (cls == BPF_ALU || cls == BPF_ALU64 || cls == BPF_LDX)
			r[in->dst_reg].kind = R_UNKNOWN;
	}
}

static void fmt_val(char *buf, size_t sz, uint64_t v)
{
	if (v == POISON)
		snprintf(buf, sz, "POISON");
	else if (v == UNKNOWN)
		snprintf(buf, sz, "?");
	else
		snprintf(buf, sz, "%llu", (unsigned long long)v);
}

__attribute__((format(printf, 2, 0))) static int quiet(enum hive_print_level level, const char *fmt,
						       va_list ap)
{
	if (getenv("CORE_MATRIX_VERBOSE"))
		return vfprintf(stderr, fmt, ap);
	return 0;
}

static struct hive_object *open_case(const struct core_case *c, bool with_target)
{
	HIVE_OPTS(hive_object_open_opts, opts);
	char prog[512], btf[512];

	snprintf(prog, sizeof(prog), "%s/tests/core/progs/core_reloc_%s.bpf.o", build_dir(),
		 c->group);
	snprintf(btf, sizeof(btf), "%s/tests/core/btf/btf__%s.bpf.o", build_dir(), c->name);
	if (with_target)
		opts.btf_custom_path = btf;
	return hive_object__open_file(prog, &opts);
}

/* Returns true if the case behaves as expected; prints why not. */
static bool run_case(const struct core_case *c)
{
	struct hive_object *obj = open_case(c, true), *orig = open_case(c, false);
	const struct hive_program *p, *po;
	uint64_t exp[MAX_SLOTS], got[MAX_SLOTS];
	const struct hive_map *out;
	bool ok = true;
	int err;

	if (!obj || !orig) {
		printf("FAIL %s: cannot open: %s\n", c->name, object_last_error());
		hive_object__close(obj);
		hive_object__close(orig);
		return false;
	}
	err = hive_object__prepare(obj);
	if (c->fatal) {
		ok = err && strstr(object_last_error(), c->fatal);
		if (!ok)
			printf("FAIL %s: expected a failure with \"%s\", got %s\n", c->name,
			       c->fatal, err ? object_last_error() : "success");
		goto out;
	}
	if (err) {
		printf("FAIL %s: prepare: %s\n", c->name, object_last_error());
		ok = false;
		goto out;
	}
	memcpy(exp, c->exp, sizeof(exp));
	if (c->compute)
		c->compute(exp, c);
	p = hive_object__next_program(obj, NULL);
	po = hive_object__next_program(orig, NULL);
	out = hive_object__find_map_by_name(obj, ".bss");
	evaluate(hive_program__insns(p), hive_program__insn_cnt(p), hive_program__insns(po),
		 out ? hive_map__index(out) : -1, got);
	for (int i = 0; i < c->n; i++) {
		char e[32], g[32];

		if (got[i] == exp[i])
			continue;
		fmt_val(e, sizeof(e), exp[i]);
		fmt_val(g, sizeof(g), got[i]);
		printf("FAIL %s: out[%d] = %s, expected %s\n", c->name, i, g, e);
		ok = false;
	}
out:
	hive_object__close(obj);
	hive_object__close(orig);
	return ok;
}

int main(void)
{
	int pass = 0, fail = 0;

	hive_set_print(quiet);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (run_case(&cases[i])) {
			printf("PASS %s\n", cases[i].name);
			pass++;
		} else {
			fail++;
		}
	}
	printf("SKIP kernel, module_probed, module_direct: vmlinux CO-RE is covered by "
	       "tests/object/progs/core_kernel.bpf.c; no test module is loaded here\n");
	printf("%d passed, %d failed\n", pass, fail);
	return fail ? 1 : 0;
}
