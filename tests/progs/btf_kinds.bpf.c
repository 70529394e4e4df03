// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/progs/btf_kinds.bpf.c: a program whose BTF has every kind clang emits: bitfields,
 * unions, anonymous members, packed structs, enums (signed, unsigned, 64-bit, 1-byte), typedef
 * chains, const/volatile/restrict, function pointers, arrays (multi-dimensional, flexible),
 * floats, decl tags on structs/members/functions/parameters/variables, type tags, and globals
 * in .data, .bss, .rodata and a custom .data section. Used by the BTF dump tests.
 */
#include "progs.h"

char LICENSE[] SEC("license") = "GPL";

#define __tag(x) __attribute__((btf_decl_tag(x)))
#define __ttag(x) __attribute__((btf_type_tag(x)))

enum hive_color { HIVE_RED, HIVE_GREEN = 5, HIVE_BLUE = 0xffffffff };
enum hive_signed { HIVE_NEG = -3, HIVE_POS = 7 };
enum hive_wide { HIVE_WIDE_SMALL = 1, HIVE_WIDE_BIG = 0x1234567890ULL };
enum hive_swide : long long { HIVE_SWIDE_NEG = -0x100000000LL, HIVE_SWIDE_POS = 2 };
enum hive_byte : unsigned char { HIVE_BYTE_A = 1, HIVE_BYTE_B = 200 };

typedef unsigned int hive_u32;
typedef hive_u32 hive_id_t;
typedef const volatile hive_id_t hive_cv_id_t;
typedef int (*hive_cb_t)(void *ctx, long arg);
typedef void (*hive_vcb_t)(void);

struct hive_bits {
	unsigned int a : 3;
	unsigned int b : 13;
	int c : 7;
	unsigned long long d : 40;
	unsigned char e;
	enum hive_color color : 8;
	long tail;
} __tag("bits_struct");

union hive_union {
	int i;
	float f;
	double d;
	char bytes[8];
	struct {
		short lo, hi;
	};
};

struct __attribute__((packed)) hive_packed {
	char c;
	int i;
	short s;
};

struct hive_aligned {
	char c;
	long long l __attribute__((aligned(16)));
	char end;
};

struct hive_everything {
	struct hive_bits bits;
	union hive_union u;
	struct hive_packed packed;
	struct hive_aligned aligned;
	hive_cv_id_t id;
	const char *const name;
	char *restrict buf;
	int matrix[2][3][4];
	int (*ptr_to_array)[10];
	hive_cb_t cb;
	hive_vcb_t vcb;
	long (*fnptr_array[2])(int, ...);
	int __ttag("user") __ttag("percpu") * tagged;
	void __ttag("rcu") * __ttag("ptr_tag") * tagged2;
	enum hive_wide wide;
	enum hive_swide swide;
	enum hive_byte byte;
	enum hive_signed sgn;
	float fl;
	double db;
	_Bool flag;
	__int128 big;
	int member_tagged __tag("member_tag");
	union {
		int anon_i;
		struct {
			char anon_c;
			char anon_d;
		};
	};
	int flex[];
};

struct hive_self {
	struct hive_self *next;
	struct hive_other *other;
};

struct hive_other {
	struct hive_self self;
	int v;
};

/* globals in every data section kind */
int hive_data_var = 42;
int hive_bss_var;
const volatile int hive_rodata_var = 7;
static int hive_static_var = 3;
int hive_custom_var SEC(".data.custom") = 11;
struct hive_everything hive_everything_var __tag("var_tag");
struct hive_self hive_self_var;
struct hive_other hive_other_var;

static __noinline int hive_static_fn(struct hive_bits *b, union hive_union *u)
{
	return b->a + b->c + u->i + hive_static_var;
}

__noinline int hive_global_fn(int x __tag("arg_tag"), hive_id_t id) __tag("func_tag")
{
	return x * 2 + (int)id;
}

SEC("tc")
int hive_kinds(struct __sk_buff *skb)
{
	struct hive_bits b = { .a = 1, .c = -2 };
	union hive_union u = { .i = skb->len };
	int r;

	r = hive_static_fn(&b, &u) + hive_global_fn(skb->mark, hive_rodata_var);
	hive_bss_var = r + hive_data_var + hive_custom_var;
	hive_everything_var.sgn = hive_self_var.next ? HIVE_POS : HIVE_NEG;
	hive_other_var.v = hive_everything_var.matrix[1][2][3];
	return r & 1;
}
