/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/core/core_reloc_types.h: the types of the CO-RE matrix (spec loader.md C.14), ours.
 *
 * Each group has a *local* type, used by the BPF program in progs/core_reloc_<group>.bpf.c,
 * and *target flavours* `<local name>___<flavour>`: other layouts of "the same" type, as a
 * different kernel would have them. Each flavour becomes its own target BTF (btf_target.c,
 * compiled with -DCORE_TARGET=<flavour>), so the loader sees one candidate whose essential
 * name equals the local one. The host test includes this header too and computes the expected
 * values (offsets, sizes, signedness) from the flavours with the C compiler.
 *
 * Only C keyword types are used, so the header compiles for the host and for -target bpf
 * (where the programs also include vmlinux.h; every name here is prefixed core_ to stay
 * clear of the kernel's).
 */
#ifndef __CORE_RELOC_TYPES_H
#define __CORE_RELOC_TYPES_H

/* ---- flavors: several local flavours, one target ---- */
struct core_reloc_flavors {
	int a;
	int b;
	int c;
};
struct core_reloc_flavors___reversed {
	int c;
	int b;
	int a;
};
struct core_reloc_flavors___weird {
	struct {
		int b;
	};
	union {
		int a;
		int c;
	};
};
/* "__" is not a flavour separator: this is a different type */
struct core_reloc_flavors__err_wrong_name {
	int a;
	int b;
	int c;
};

/* ---- nesting ---- */
struct core_reloc_nesting_substruct {
	int a;
};
union core_reloc_nesting_subunion {
	int b;
};
struct core_reloc_nesting {
	union {
		struct core_reloc_nesting_substruct a;
	} a;
	struct {
		union core_reloc_nesting_subunion b;
	} b;
};
struct core_reloc_nesting___anon_embed {
	int __pad;
	union {
		struct {
			int a;
		} a;
	} a;
	struct {
		union {
			int b;
		} b;
	} b;
};
struct core_reloc_nesting___struct_union_mixup {
	int __a;
	struct {
		int __a;
		union {
			char __a;
			int a;
		} a;
	} a;
	int __b;
	union {
		int __b;
		union {
			char __b;
			int b;
		} b;
	} b;
};
struct core_reloc_nesting___extra_nesting {
	int __pad;
	struct {
		struct {
			struct {
				int __pad;
				int a;
			} a;
		};
	} a;
	union {
		struct {
			int __pad2;
			union {
				int b;
			} b;
		};
	} b;
};
/* three different shapes that agree on where a.a.a and b.b.b are */
struct core_reloc_nesting___dup_compat_types {
	char __pad;
	union {
		struct {
			int a;
		} a;
	} a;
	struct {
		union {
			int b;
		} b;
	} b;
};
struct core_reloc_nesting___dup_compat_types__2 {
	int __pad;
	union {
		int __more;
		struct {
			int a;
		} a;
	} a;
	union {
		union {
			int b;
		} b;
	} b;
	int __extra;
};
struct core_reloc_nesting___dup_compat_types__3 {
	char __pad[4];
	union {
		struct {
			int a;
		} a;
	} a;
	struct {
		union {
			int b;
		} b;
	} b;
};
struct core_reloc_nesting___err_missing_field {
	union {
		struct {
			int x;
		} a;
	} a;
	struct {
		union {
			int b;
		} b;
	} b;
};
struct core_reloc_nesting___err_array_field {
	union {
		struct {
			int a[1];
		} a;
	} a;
	struct {
		union {
			int b;
		} b;
	} b;
};
struct core_reloc_nesting___err_missing_container {
	int x;
	struct {
		union {
			int b;
		} b;
	} b;
};
struct core_reloc_nesting___err_nonstruct_container {
	struct core_reloc_nesting_substruct *a;
	struct {
		union {
			int b;
		} b;
	} b;
};
struct core_reloc_nesting___err_array_container {
	union {
		struct {
			int a;
		} a;
	} a[1];
	struct {
		union {
			int b;
		} b;
	} b;
};
/* two shapes that disagree on where a.a.a is */
struct core_reloc_nesting___err_dup_incompat_types__1 {
	union {
		struct {
			int a;
		} a;
	} a;
	struct {
		union {
			int b;
		} b;
	} b;
};
struct core_reloc_nesting___err_dup_incompat_types__2 {
	int __pad;
	union {
		struct {
			int a;
		} a;
	} a;
	struct {
		union {
			int b;
		} b;
	} b;
};
/* each has only one of the two fields: the first relocation prunes the other */
struct core_reloc_nesting___err_partial_match_dups__a {
	union {
		struct {
			int a;
		} a;
	} a;
};
struct core_reloc_nesting___err_partial_match_dups__b {
	struct {
		union {
			int b;
		} b;
	} b;
};
/* `a` buried under 65 anonymous levels: deeper than a CO-RE spec may go */
#define CORE_ANON1(x) \
	struct {      \
		x;    \
	}
#define CORE_ANON4(x) CORE_ANON1(CORE_ANON1(CORE_ANON1(CORE_ANON1(x))))
#define CORE_ANON16(x) CORE_ANON4(CORE_ANON4(CORE_ANON4(CORE_ANON4(x))))
#define CORE_ANON64(x) CORE_ANON16(CORE_ANON16(CORE_ANON16(CORE_ANON16(x))))
struct core_reloc_nesting___err_too_deep {
	CORE_ANON64(CORE_ANON1(union {
		struct {
			int a;
		} a;
	} a));
	struct {
		union {
			int b;
		} b;
	} b;
};

/* ---- arrays ---- */
struct core_reloc_arrays_substruct {
	int c;
	int d;
};
struct core_reloc_arrays {
	int a[5];
	char b[2][3][4];
	struct core_reloc_arrays_substruct c[3];
	struct core_reloc_arrays_substruct d[1][2];
	struct core_reloc_arrays_substruct f[][2];
};
struct core_reloc_arrays___diff_arr_dim {
	int a[7];
	char b[3][4][5];
	struct core_reloc_arrays_substruct c[4];
	struct core_reloc_arrays_substruct d[2][3];
	struct core_reloc_arrays_substruct f[][3];
};
struct core_reloc_arrays___diff_arr_val_sz {
	long a[5];
	char b[2][3][4];
	struct {
		int __pad;
		char c;
		int d;
	} c[3];
	struct {
		int __pad;
		char c;
		int d;
	} d[1][2];
	struct {
		int __pad;
		char c;
		int d;
	} f[][2];
};
struct core_reloc_arrays___equiv_zero_sz_arr {
	int a[5];
	char b[2][3][4];
	struct core_reloc_arrays_substruct c[3];
	struct core_reloc_arrays_substruct d[1][2];
	struct core_reloc_arrays_substruct f[0][2];
};
struct core_reloc_arrays___fixed_arr {
	int a[5];
	char b[2][3][4];
	struct core_reloc_arrays_substruct c[3];
	struct core_reloc_arrays_substruct d[1][2];
	struct core_reloc_arrays_substruct f[2][2];
};
struct core_reloc_arrays___err_too_small {
	int a[2];
	char b[2][3][4];
	struct core_reloc_arrays_substruct c[3];
	struct core_reloc_arrays_substruct d[1][2];
	struct core_reloc_arrays_substruct f[][2];
};
struct core_reloc_arrays___err_too_shallow {
	int a[5];
	char b[2][3];
	struct core_reloc_arrays_substruct c[3];
	struct core_reloc_arrays_substruct d[1][2];
	struct core_reloc_arrays_substruct f[][2];
};
struct core_reloc_arrays___err_non_array {
	int a;
	char b[2][3][4];
	struct core_reloc_arrays_substruct c[3];
	struct core_reloc_arrays_substruct d[1][2];
	struct core_reloc_arrays_substruct f[][2];
};
struct core_reloc_arrays___err_wrong_val_type {
	struct {
		int x;
	} a[5];
	char b[2][3][4];
	struct core_reloc_arrays_substruct c[3];
	struct core_reloc_arrays_substruct d[1][2];
	struct core_reloc_arrays_substruct f[][2];
};
struct core_reloc_arrays___err_bad_zero_sz_arr {
	int a[5];
	char b[2][3][4];
	struct core_reloc_arrays_substruct c[3];
	struct core_reloc_arrays_substruct d[1][2];
	struct core_reloc_arrays_substruct f[0][2];
	int __after_f;
};

/* ---- primitives ---- */
enum core_reloc_primitives_enum {
	CORE_PRIM_A = 0,
	CORE_PRIM_B = 1,
};
struct core_reloc_primitives {
	char a;
	int b;
	enum core_reloc_primitives_enum c;
	void *d;
	int (*f)(const char *);
};
struct core_reloc_primitives___diff_enum_def {
	char a;
	int b;
	void *d;
	int (*f)(const char *);
	enum {
		CORE_PRIM_X = 100,
		CORE_PRIM_Y = 200,
	} c;
};
struct core_reloc_primitives___diff_func_proto {
	void (*f)(int);
	void *d;
	enum core_reloc_primitives_enum c;
	int b;
	char a;
};
struct core_reloc_primitives___diff_ptr_type {
	const char *const d;
	char a;
	int b;
	enum core_reloc_primitives_enum c;
	int (*f)(const char *);
};
struct core_reloc_primitives___err_non_enum {
	char a[1];
	int b;
	int c;
	void *d;
	int (*f)(const char *);
};
struct core_reloc_primitives___err_non_int {
	char a[1];
	int *b;
	enum core_reloc_primitives_enum c;
	void *d;
	int (*f)(const char *);
};
struct core_reloc_primitives___err_non_ptr {
	char a[1];
	int b;
	enum core_reloc_primitives_enum c;
	int d;
	int f;
};

/* ---- mods: qualifiers and typedefs are transparent ---- */
typedef const int core_reloc_mods_int_t;
typedef int *core_reloc_mods_ptr_t;
struct core_reloc_mods_substruct {
	int x;
	int y;
};
typedef struct {
	int x;
	int y;
} core_reloc_mods_substruct_tdef;
struct core_reloc_mods {
	int a;
	const int b;
	volatile int c;
	const volatile int d;
	core_reloc_mods_int_t e;
	core_reloc_mods_ptr_t f;
	struct core_reloc_mods_substruct g;
	core_reloc_mods_substruct_tdef h;
};
struct core_reloc_mods___mod_swap {
	int b;
	int a;
	volatile int d;
	const volatile int c;
	int e;
	int *volatile const f;
	const struct core_reloc_mods_substruct h;
	volatile core_reloc_mods_substruct_tdef g;
};
typedef int core_reloc_mods_int1_t;
typedef core_reloc_mods_int1_t core_reloc_mods_int2_t;
typedef core_reloc_mods_int2_t core_reloc_mods_int3_t;
typedef int *core_reloc_mods_ptr1_t;
typedef core_reloc_mods_ptr1_t core_reloc_mods_ptr2_t;
typedef struct core_reloc_mods_substruct core_reloc_mods_ss1_t;
typedef core_reloc_mods_ss1_t core_reloc_mods_ss2_t;
struct core_reloc_mods___typedefs {
	core_reloc_mods_ss2_t h;
	core_reloc_mods_ss1_t g;
	core_reloc_mods_ptr2_t f;
	core_reloc_mods_int3_t e;
	core_reloc_mods_int3_t d;
	core_reloc_mods_int2_t c;
	core_reloc_mods_int1_t b;
	core_reloc_mods_int3_t a;
};

/* ---- ptr_as_arr: &p[2].a scales with the target's size ---- */
struct core_reloc_ptr_as_arr {
	int a;
};
struct core_reloc_ptr_as_arr___diff_sz {
	int __pad[3];
	int a;
};

/* ---- ints: sizes and signedness ---- */
struct core_reloc_ints {
	unsigned char u8_field;
	signed char s8_field;
	unsigned short u16_field;
	short s16_field;
	unsigned int u32_field;
	int s32_field;
	unsigned long long u64_field;
	long long s64_field;
};
struct core_reloc_ints___bool {
	_Bool u8_field;
	signed char s8_field;
	unsigned short u16_field;
	short s16_field;
	unsigned int u32_field;
	int s32_field;
	unsigned long long u64_field;
	long long s64_field;
};
struct core_reloc_ints___reverse_sign {
	signed char u8_field;
	unsigned char s8_field;
	short u16_field;
	unsigned short s16_field;
	int u32_field;
	unsigned int s32_field;
	long long u64_field;
	unsigned long long s64_field;
};

/* ---- misc: two local flavours with one access string; an array-only accessor ---- */
struct core_reloc_misc___a {
	int a1;
	int a2;
};
struct core_reloc_misc___b {
	int b1;
	int b2;
};
struct core_reloc_misc_extensible {
	int a;
	int b;
};
struct core_reloc_misc {
	int a1;
	int a2;
	int b1;
	int b2;
};
struct core_reloc_misc_extensible___bigger {
	int a;
	int b;
	int c;
};
struct core_reloc_misc___target {
	struct core_reloc_misc m;
	struct core_reloc_misc_extensible___bigger e;
};

/* ---- existence ---- */
struct core_reloc_existence {
	int a;
	struct {
		int x;
	} b;
	int c;
	int arr[1];
	int d;
	struct {
		int z;
	} s;
};
struct core_reloc_existence___minimal {
	int a;
};
struct core_reloc_existence___wrong_field_defs {
	void *a;
	int b[1];
	struct {
		int y;
	} c;
	int arr;
	float d;
	int s;
};

/* ---- bitfields ---- */
struct core_reloc_bitfields {
	unsigned char ub1 : 1;
	unsigned char ub2 : 2;
	unsigned int ub7 : 7;
	int sb4 : 4;
	int sb20 : 20;
	unsigned int u32;
	int s32;
};
struct core_reloc_bitfields___bit_sz_change {
	unsigned short ub1 : 3;
	unsigned int ub2 : 20;
	unsigned char ub7 : 1;
	int sb4 : 1;
	int sb20 : 30;
	unsigned short u32;
	short s32;
};
struct core_reloc_bitfields___bitfield_vs_int {
	unsigned long long ub1;
	unsigned char ub2;
	unsigned short ub7;
	signed char sb4;
	long long sb20;
	unsigned int u32 : 20;
	int s32 : 10;
};
struct core_reloc_bitfields___just_big_enough {
	unsigned long long ub1 : 4;
	unsigned long long ub2 : 60;
	unsigned long long ub7;
	unsigned long long sb4;
	unsigned long long sb20;
	unsigned long long u32;
	unsigned long long s32;
} __attribute__((packed));
struct core_reloc_bitfields___err_too_big_bitfield {
	unsigned long long ub1 : 4;
	unsigned long long ub2 : 61;
	unsigned long long ub7;
	unsigned long long sb4;
	unsigned long long sb20;
	unsigned long long u32;
	unsigned long long s32;
} __attribute__((packed));

/* ---- size ---- */
struct core_reloc_size {
	int int_field;
	struct {
		int x;
	} struct_field;
	union {
		int x;
	} union_field;
	int arr_field[4];
	void *ptr_field;
	enum { CORE_SZ_X = 1 } enum_field;
	float float_field;
};
struct core_reloc_size___diff_sz {
	long long int_field;
	struct {
		int x;
		int y;
		int z;
	} struct_field;
	union {
		int x;
		char to_increase_size[5];
	} union_field;
	int arr_field[2];
	void *ptr_field;
	enum { CORE_SZ_Y = 0x1000000000LL } enum_field;
	double float_field;
};
struct core_reloc_size___diff_offs {
	float float_field;
	enum { CORE_SZ_Z = 1 } enum_field;
	void *ptr_field;
	int arr_field[4];
	union {
		int x;
	} union_field;
	struct {
		int x;
	} struct_field;
	int int_field;
};
/* two flavours, int_field at the same offset but of different sizes: no single answer */
struct core_reloc_size___err_ambiguous1 {
	int int_field;
	struct {
		int x;
	} struct_field;
	union {
		int x;
	} union_field;
	int arr_field[4];
	void *ptr_field;
	enum { CORE_SZ_A = 1 } enum_field;
	float float_field;
};
struct core_reloc_size___err_ambiguous2 {
	char int_field;
	struct {
		int x;
	} struct_field;
	union {
		int x;
	} union_field;
	int arr_field[4];
	void *ptr_field;
	enum { CORE_SZ_B = 1 } enum_field;
	float float_field;
};

/* ---- type_based: exists / matches / size of whole types ---- */
struct core_tb_struct {
	int x;
};
union core_tb_union {
	int y;
	int z;
};
enum core_tb_enum {
	CORE_TB_ENUM_VAL1 = 1,
	CORE_TB_ENUM_VAL2 = 2,
	CORE_TB_ENUM_VAL3 = 3,
};
typedef struct core_tb_struct core_tb_named_struct_t;
typedef struct {
	int x, y, z;
} core_tb_anon_struct_t;
typedef struct {
	int a, b, c;
} * core_tb_struct_ptr_t;
typedef enum core_tb_enum core_tb_enum_t;
typedef void *core_tb_void_ptr_t;
typedef int *restrict core_tb_restrict_ptr_t;
typedef int (*core_tb_func_proto_t)(long);
typedef char core_tb_arr_t[20];
typedef int core_tb_int_t;

/* each target flavour: a root struct that pulls its versions of the types into BTF */
struct core_reloc_type_based {
	struct core_tb_struct f1;
	union core_tb_union f2;
	enum core_tb_enum f3;
	core_tb_named_struct_t f4;
	core_tb_anon_struct_t f5;
	core_tb_struct_ptr_t f6;
	core_tb_enum_t f7;
	core_tb_void_ptr_t f8;
	core_tb_restrict_ptr_t f9;
	core_tb_func_proto_t f10;
	core_tb_arr_t f11;
	core_tb_int_t f12;
};
struct core_reloc_type_based___all_missing {
	int nothing;
};

struct core_tb_struct___diff {
	int x;
	int extra;
};
union core_tb_union___diff {
	int y;
	int z;
	int extra;
};
enum core_tb_enum___diff {
	CORE_TB_ENUM_VAL1___diff = 11,
	CORE_TB_ENUM_VAL2___diff = 22,
	CORE_TB_ENUM_VAL3___diff = 33,
	CORE_TB_ENUM_VAL4___diff = 44,
};
typedef struct core_tb_struct___diff core_tb_named_struct_t___diff;
typedef struct {
	int x, y, z, extra;
} core_tb_anon_struct_t___diff;
typedef struct {
	int a, b, c;
} * core_tb_struct_ptr_t___diff;
typedef enum core_tb_enum___diff core_tb_enum_t___diff;
typedef void *core_tb_void_ptr_t___diff;
typedef int *restrict core_tb_restrict_ptr_t___diff;
typedef unsigned int (*core_tb_func_proto_t___diff)(long);
typedef char core_tb_arr_t___diff[21];
typedef unsigned int core_tb_int_t___diff;
struct core_reloc_type_based___diff {
	struct core_tb_struct___diff f1;
	union core_tb_union___diff f2;
	enum core_tb_enum___diff f3;
	core_tb_named_struct_t___diff f4;
	core_tb_anon_struct_t___diff f5;
	core_tb_struct_ptr_t___diff f6;
	core_tb_enum_t___diff f7;
	core_tb_void_ptr_t___diff f8;
	core_tb_restrict_ptr_t___diff f9;
	core_tb_func_proto_t___diff f10;
	core_tb_arr_t___diff f11;
	core_tb_int_t___diff f12;
};

struct core_tb_struct___diff_sz {
	long x;
	int y;
};
union core_tb_union___diff_sz {
	long y;
	char z;
};
enum core_tb_enum___diff_sz {
	CORE_TB_ENUM_VAL1___diff_sz = 0x100000000LL,
	CORE_TB_ENUM_VAL2___diff_sz,
	CORE_TB_ENUM_VAL3___diff_sz,
};
typedef struct core_tb_struct___diff_sz core_tb_named_struct_t___diff_sz;
typedef struct {
	long x, y, z;
} core_tb_anon_struct_t___diff_sz;
typedef struct {
	long a, b, c;
} * core_tb_struct_ptr_t___diff_sz;
typedef enum core_tb_enum___diff_sz core_tb_enum_t___diff_sz;
typedef void *core_tb_void_ptr_t___diff_sz;
typedef int *restrict core_tb_restrict_ptr_t___diff_sz;
typedef int (*core_tb_func_proto_t___diff_sz)(long);
typedef char core_tb_arr_t___diff_sz[30];
typedef long core_tb_int_t___diff_sz;
struct core_reloc_type_based___diff_sz {
	struct core_tb_struct___diff_sz f1;
	union core_tb_union___diff_sz f2;
	enum core_tb_enum___diff_sz f3;
	core_tb_named_struct_t___diff_sz f4;
	core_tb_anon_struct_t___diff_sz f5;
	core_tb_struct_ptr_t___diff_sz f6;
	core_tb_enum_t___diff_sz f7;
	core_tb_void_ptr_t___diff_sz f8;
	core_tb_restrict_ptr_t___diff_sz f9;
	core_tb_func_proto_t___diff_sz f10;
	core_tb_arr_t___diff_sz f11;
	core_tb_int_t___diff_sz f12;
};

/* wrong kinds everywhere, except the enum */
union core_tb_struct___incompat {
	int x;
};
struct core_tb_union___incompat {
	int y;
	int z;
};
enum core_tb_enum___incompat {
	CORE_TB_ENUM_VAL1___incompat = 1,
};
typedef union core_tb_struct___incompat core_tb_named_struct_t___incompat;
typedef int core_tb_anon_struct_t___incompat;
typedef int core_tb_struct_ptr_t___incompat;
typedef int core_tb_enum_t___incompat;
typedef int core_tb_void_ptr_t___incompat;
typedef int core_tb_restrict_ptr_t___incompat;
typedef int core_tb_func_proto_t___incompat;
typedef int core_tb_arr_t___incompat;
typedef struct core_tb_incompat_int_struct {
	int x;
} core_tb_int_t___incompat;
struct core_reloc_type_based___incompat {
	union core_tb_struct___incompat f1;
	struct core_tb_union___incompat f2;
	enum core_tb_enum___incompat f3;
	core_tb_named_struct_t___incompat f4;
	core_tb_anon_struct_t___incompat f5;
	core_tb_struct_ptr_t___incompat f6;
	core_tb_enum_t___incompat f7;
	core_tb_void_ptr_t___incompat f8;
	core_tb_restrict_ptr_t___incompat f9;
	core_tb_func_proto_t___incompat f10;
	core_tb_arr_t___incompat f11;
	core_tb_int_t___incompat f12;
};

/* function pointer typedefs with wrong return/argument types or counts */
typedef int (*core_tb_func_proto_t___fn_wrong_ret)(long);
struct core_fn_ret_struct {
	int x;
};
typedef struct core_fn_ret_struct *(*core_tb_func_proto_t___fn_wrong_ret2)(long);
typedef int (*core_tb_func_proto_t___fn_wrong_arg)(void *);
typedef int (*core_tb_func_proto_t___fn_wrong_arg_cnt1)(long, long);
typedef int (*core_tb_func_proto_t___fn_wrong_arg_cnt2)(void);
struct core_reloc_type_based___fn_wrong_args {
	core_tb_func_proto_t___fn_wrong_ret2 f1;
	core_tb_func_proto_t___fn_wrong_arg f2;
	core_tb_func_proto_t___fn_wrong_arg_cnt1 f3;
	core_tb_func_proto_t___fn_wrong_arg_cnt2 f4;
};

/* ---- enumval ---- */
enum core_named_enum {
	CORE_NAMED_VAL1 = 1,
	CORE_NAMED_VAL2 = 2,
	CORE_NAMED_VAL3 = 3,
};
typedef enum {
	CORE_ANON_VAL1 = 0x10,
	CORE_ANON_VAL2 = 0x20,
	CORE_ANON_VAL3 = 0x30,
} core_anon_enum;
struct core_reloc_enumval {
	enum core_named_enum f1;
	core_anon_enum f2;
};
enum core_named_enum___diff {
	CORE_NAMED_VAL1___diff = 101,
	CORE_NAMED_VAL2___diff = 202,
	CORE_NAMED_VAL3___diff = 303,
};
typedef enum {
	CORE_ANON_VAL1___diff = 0x11,
	CORE_ANON_VAL2___diff = 0x22,
	CORE_ANON_VAL3___diff = 0x33,
} core_anon_enum___diff;
struct core_reloc_enumval___diff {
	enum core_named_enum___diff f1;
	core_anon_enum___diff f2;
};
enum core_named_enum___val3_missing {
	CORE_NAMED_VAL1___val3_missing = 111,
	CORE_NAMED_VAL2___val3_missing = 222,
};
typedef enum {
	CORE_ANON_VAL1___val3_missing = 0x111,
	CORE_ANON_VAL2___val3_missing = 0x222,
} core_anon_enum___val3_missing;
struct core_reloc_enumval___val3_missing {
	enum core_named_enum___val3_missing f1;
	core_anon_enum___val3_missing f2;
};
enum core_named_enum___err_missing {
	CORE_NAMED_VAL2___err_missing = 2,
	CORE_NAMED_VAL3___err_missing = 3,
};
typedef enum {
	CORE_ANON_VAL2___err_missing = 0x20,
	CORE_ANON_VAL3___err_missing = 0x30,
} core_anon_enum___err_missing;
struct core_reloc_enumval___err_missing {
	enum core_named_enum___err_missing f1;
	core_anon_enum___err_missing f2;
};

/* ---- enum64val ---- */
enum core_named_enum64 {
	CORE_NAMED_ENUM64_VAL1 = 0x1ffffffffULL,
	CORE_NAMED_ENUM64_VAL2 = 0x2,
	CORE_NAMED_ENUM64_VAL3 = 0x1ffffffffULL,
};
enum core_named_signed_enum64 {
	CORE_NAMED_SIGNED_ENUM64_VAL1 = 0x1ffffffffLL,
	CORE_NAMED_SIGNED_ENUM64_VAL2 = -2,
	CORE_NAMED_SIGNED_ENUM64_VAL3 = 0x1ffffffffLL,
};
struct core_reloc_enum64val {
	enum core_named_enum64 f1;
	enum core_named_signed_enum64 f2;
};
enum core_named_enum64___diff {
	CORE_NAMED_ENUM64_VAL1___diff = 0x101ffffffffULL,
	CORE_NAMED_ENUM64_VAL2___diff = 0x202ffffffffULL,
	CORE_NAMED_ENUM64_VAL3___diff = 0x303ffffffffULL,
};
enum core_named_signed_enum64___diff {
	CORE_NAMED_SIGNED_ENUM64_VAL1___diff = -0xfffffffffLL,
	CORE_NAMED_SIGNED_ENUM64_VAL2___diff = -0xffffffffeLL,
	CORE_NAMED_SIGNED_ENUM64_VAL3___diff = -0xffffffffdLL,
};
struct core_reloc_enum64val___diff {
	enum core_named_enum64___diff f1;
	enum core_named_signed_enum64___diff f2;
};
enum core_named_enum64___val3_missing {
	CORE_NAMED_ENUM64_VAL1___val3_missing = 0x111ffffffffULL,
	CORE_NAMED_ENUM64_VAL2___val3_missing = 0x222,
};
enum core_named_signed_enum64___val3_missing {
	CORE_NAMED_SIGNED_ENUM64_VAL1___val3_missing = 0x111ffffffffLL,
	CORE_NAMED_SIGNED_ENUM64_VAL2___val3_missing = -2,
};
struct core_reloc_enum64val___val3_missing {
	enum core_named_enum64___val3_missing f1;
	enum core_named_signed_enum64___val3_missing f2;
};
enum core_named_enum64___err_missing {
	CORE_NAMED_ENUM64_VAL1___err_missing = 0x1ffffffffULL,
	CORE_NAMED_ENUM64_VAL3___err_missing = 0x3ffffffffULL,
};
enum core_named_signed_enum64___err_missing {
	CORE_NAMED_SIGNED_ENUM64_VAL1___err_missing = 0x1ffffffffLL,
	CORE_NAMED_SIGNED_ENUM64_VAL3___err_missing = -3,
};
struct core_reloc_enum64val___err_missing {
	enum core_named_enum64___err_missing f1;
	enum core_named_signed_enum64___err_missing f2;
};

/* ---- type_id: the local type ids, and the target's ---- */
struct core_reloc_type_id {
	struct core_tb_struct f1;
	union core_tb_union f2;
	enum core_tb_enum f3;
	core_tb_named_struct_t f4;
	core_tb_func_proto_t f5;
	core_tb_int_t f6;
};
struct core_reloc_type_id___missing_targets {
	int nothing;
};

#endif /* __CORE_RELOC_TYPES_H */
