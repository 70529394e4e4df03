// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/unit/test_vm_helpers_printf.c: the bpf_snprintf/bpf_trace_printk engine called directly
 * (vm_bprintf): accepted conversions and their output, flags and widths, pointers and their
 * hashing, addresses, strings from bad pointers, truncation and return values, the 512-byte
 * argument buffer, and every rejection rule. test_vm_helpers_kernel.c checks the same kinds of
 * cases against the running kernel.
 */
#include "test_vm_helpers_fixtures.h"

#define S(p) ((uint64_t)(uintptr_t)(p))

struct pf_case {
	const char *fmt;
	uint64_t args[12];
	uint32_t nr;
	const char *out; /* NULL: an error is expected */
	long ret; /* length, or -errno */
};

static void check(const struct pf_case *c, uint32_t size)
{
	char buf[2048];
	long ret;

	memset(buf, 0x5a, sizeof(buf));
	ret = vm_bprintf(NULL, buf, size, c->fmt, UINT32_MAX, c->args, c->nr);
	if (ret != c->ret)
		fail_msg("\"%s\": returned %ld, want %ld", c->fmt, ret, c->ret);
	if (c->out && strcmp(buf, c->out))
		fail_msg("\"%s\": printed \"%s\", want \"%s\"", c->fmt, buf, c->out);
}

static void test_conversions(void **state)
{
	static const uint8_t ip4[4] = { 192, 168, 1, 20 };
	static const uint8_t ip6[16] = {
		0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1
	};
	const struct pf_case cases[] = {
		{ "hello", { 0 }, 0, "hello", 5 },
		{ "%d|%u|%x|%X", { -5, -1, 255, 255 }, 4, "-5|4294967295|ff|FF", 19 },
		{ "%ld|%lu|%lld", { -5, -1, -1 }, 3, "-5|18446744073709551615|-1", 26 },
		{ "%d", { 0x100000007ULL }, 1, "7", 1 }, /* %d takes the low 32 bits */
		{ "%5d|%-5d|%05d|%-05d|", { 42, 42, 42, 7 }, 4, "   42|42   |00042|7    |", 24 },
		{ "%+d|% d|%+d|% d|%+u", { 5, 5, -5, -5, 5 }, 5, "+5| 5|-5|-5|5", 13 },
		{ "%08x|%-8X|%+08d", { 0xbeef, 0xbeef, -12 }, 3, "0000beef|BEEF    |-0000012", 26 },
		{ "%c%c|%3c|%-3c|", { 'a', 'b', 'x', 'y' }, 4, "ab|  x|y  |", 11 },
		{ "%s|%6s|%-6s|", { S("str"), S("str"), S("str") }, 3, "str|   str|str   |", 18 },
		{ "%s.", { 0 }, 1, ".", 1 }, /* an unreadable string prints as nothing */
		{ "%%|%%d", { 0 }, 0, "%|%d", 4 },
		{ "%px|%p|%pK",
		  { 0x1234, 0, 0 },
		  3,
		  "0000000000001234|0000000000000000|0000000000000000",
		  50 },
		{ "%8px|%-8px|", { 0xabc, 0xabc }, 2, "     abc|abc     |", 18 },
		{ "%p", { (uint64_t)-2 }, 1, "fffffffffffffffe", 16 }, /* error pointers as is */
		{ "%pS|%ps|%pB", { 0x1234, 0x10, 0xff }, 3, "0x1234|0x10|0xff", 16 },
		{ "%pI4 %pi4", { S(ip4), S(ip4) }, 2, "192.168.1.20 192.168.001.020", 28 },
		{ "%pI6", { S(ip6) }, 1, "2001:0db8:0000:0000:0000:0000:0000:0001", 39 },
		{ "%pi6", { S(ip6) }, 1, "20010db8000000000000000000000001", 32 },
		{ "%pI4", { 0 }, 1, "0.0.0.0", 7 }, /* unreadable address: zeros */
		{ "%pks|%pus", { S("k"), S("u") }, 2, "k|u", 3 },
		{ "%d", { 1, 2, 3 }, 3, "1", 1 }, /* unused arguments are fine */
		{ "\xc3\xa9t\xc3\xa9 \x85", { 0 }, 0, "\xc3\xa9t\xc3\xa9 \x85", 7 },
		{ "%s\xa9", { S("x") }, 1, "x\xa9", 2 }, /* 0xa9 is punctuation in Latin-1 */
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		check(&cases[i], 1024);
}

static void test_errors(void **state)
{
	static const char *const bad[] = {
		"%d %d %d %d", "%q",	 "%hd",	   "%.2d", "%#x",  "%*d",    "%n",  "%f",
		"%lld%",       "%sx",	 "%pZ",	   "%pI5", "%pi",  "%z",     "%",   "%hhd",
		"%lf",	       "%s\xc3", "%s\x85", "\x01", "\x7f", "ok\x1b", "%ls", "%5",
	};
	char buf[64];

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		const uint64_t args[3] = { 1, 2, 3 };
		long ret = vm_bprintf(NULL, buf, sizeof(buf), bad[i], UINT32_MAX, args, 3);

		if (ret != -EINVAL)
			fail_msg("\"%s\": %ld, want -EINVAL", bad[i], ret);
	}
	/* a conversion needs an argument; %% does not */
	assert_int_equal(vm_bprintf(NULL, buf, sizeof(buf), "%d", UINT32_MAX, NULL, 0), -EINVAL);
	assert_int_equal(vm_bprintf(NULL, buf, sizeof(buf), "100%%", UINT32_MAX, NULL, 0), 4);
	/* the NUL must be inside fmt_size */
	assert_int_equal(vm_bprintf(NULL, buf, sizeof(buf), "abc", 3, NULL, 0), -EINVAL);
	assert_int_equal(vm_bprintf(NULL, buf, sizeof(buf), "abc", 4, NULL, 0), 3);
	assert_int_equal(vm_bprintf(NULL, buf, sizeof(buf), "ab\0%d", 5, NULL, 0), 2);
}

static void test_truncation(void **state)
{
	const uint64_t ip = S("\x01\x02\x03\x04"), big[2] = { 1, 2 };
	const uint64_t args[2] = { ip, 7 };
	char buf[2048];
	long ret;

	memset(buf, 0x5a, sizeof(buf));
	assert_int_equal(vm_bprintf(NULL, buf, 4, "abcdefgh", 9, NULL, 0), 8);
	assert_string_equal(buf, "abc");
	assert_int_equal(buf[4], 0x5a);
	/* size 0: nothing written, the length still returned */
	assert_int_equal(vm_bprintf(NULL, NULL, 0, "%d%d", 5, (uint64_t[]){ 12345, 678 }, 2), 8);
	/*
	 * The kernel's quirk: a pre-formatted argument met with no room left adds nothing, and
	 * its text is not skipped either, so %d then reads "1.2." as an int (775106097).
	 */
	assert_int_equal(vm_bprintf(NULL, buf, 2, "ab%pI4 %d", 10, args, 2), 2 + 1 + 9);
	assert_string_equal(buf, "a");
	assert_int_equal(vm_bprintf(NULL, buf, 3, "ab%pI4 %d", 10, args, 2), 11);
	/* trace_printk's 1024-byte buffer: 1023 characters kept, the full length returned */
	ret = vm_bprintf(NULL, buf, VM_MAX_BPRINTF_BUF, "%900d|%200d", 12, big, 2);
	assert_int_equal(ret, 1101);
	assert_int_equal(strlen(buf), 1023);
}

static void test_arg_buffer(void **state)
{
	char long_str[200], buf[64];
	uint64_t args[12];

	memset(long_str, 'x', sizeof(long_str) - 1);
	long_str[sizeof(long_str) - 1] = 0;
	for (int i = 0; i < 12; i++)
		args[i] = S(long_str);
	/* strings share the 512-byte buffer: the third is cut to the 112 bytes left, a
	 * fourth finds it full */
	assert_int_equal(vm_bprintf(NULL, buf, sizeof(buf), "%s%s", UINT32_MAX, args, 2), 398);
	assert_int_equal(vm_bprintf(NULL, buf, sizeof(buf), "%s%s%s", UINT32_MAX, args, 3),
			 398 + 111);
	assert_int_equal(vm_bprintf(NULL, buf, sizeof(buf), "%s%s%s%s", UINT32_MAX, args, 4),
			 -ENOSPC);
	/* twelve longs take 96 bytes */
	for (int i = 0; i < 12; i++)
		args[i] = (uint64_t)i;
	assert_int_equal(vm_bprintf(NULL, buf, sizeof(buf), "%ld%ld%ld%ld%ld%ld%ld%ld%ld%ld%ld%ld",
				    UINT32_MAX, args, 12),
			 14);
	assert_string_equal(buf, "01234567891011");
	/* a string argument longer than the buffer is cut to what fits */
	char huge[700];

	memset(huge, 'y', sizeof(huge) - 1);
	huge[sizeof(huge) - 1] = 0;
	args[0] = S(huge);
	assert_int_equal(vm_bprintf(NULL, NULL, 0, "%s", UINT32_MAX, args, 1), 511);
}

/* %p hashes: stable for one host, different across seeds, 32 bits in 16 digits. */
static void test_pointer_hash(void **state)
{
	struct hive_host_opts opts = { .sz = sizeof(opts), .seed = 1 };
	struct hive_host *a = vm_host_new(&opts), *b = vm_host_new(&opts), *c;
	uint64_t ptr = S(&opts);
	char pa[32], pb[32], pc[32], want[32];

	opts.seed = 2;
	c = vm_host_new(&opts);
	assert_int_equal(vm_bprintf(a, pa, sizeof(pa), "%p", 3, &ptr, 1), 16);
	assert_int_equal(vm_bprintf(b, pb, sizeof(pb), "%pK", 4, &ptr, 1), 16);
	assert_int_equal(vm_bprintf(c, pc, sizeof(pc), "%p", 3, &ptr, 1), 16);
	assert_string_equal(pa, pb);
	assert_string_not_equal(pa, pc);
	assert_memory_equal(pa, "00000000", 8);
	snprintf(want, sizeof(want), "%016x", vm_host_ptr_hash(a, ptr));
	assert_string_equal(pa, want);
	vm_host_free(a);
	vm_host_free(b);
	vm_host_free(c);
}

/*
 * Random formats over the alphabet the parser cares about, with a mix of valid, NULL and
 * wild pointer arguments: never a crash (run under ASan in CI), only the documented errors,
 * and the output always NUL-terminated inside the buffer.
 */
static void test_random_formats(void **state)
{
	static const char alphabet[] = "%%%%dsxXpIi46lkuBcSK0-+ .#*hz\x85\xa9"
				       "a1";
	static const char text[] = "text";
	uint64_t seed = 12345;
	char fmt[40], buf[40];

	for (int iter = 0; iter < 20000; iter++) {
		uint64_t args[12];
		uint32_t size, len;
		long ret;

		seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
		len = (uint32_t)(seed >> 59) + 1;
		for (uint32_t i = 0; i < len; i++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			fmt[i] = alphabet[(seed >> 33) % (sizeof(alphabet) - 1)];
		}
		fmt[len] = 0;
		for (int i = 0; i < 12; i++) {
			seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
			args[i] = (seed >> 62) == 0 ? S(text) : (seed >> 62) == 1 ? 0 : seed >> 8;
		}
		size = (uint32_t)(seed % sizeof(buf));
		memset(buf, 0x5a, sizeof(buf));
		ret = vm_bprintf(NULL, buf, size, fmt, len + 1, args, (uint32_t)(seed >> 40) % 13);
		if (ret < 0 && ret != -EINVAL && ret != -ENOSPC)
			fail_msg("\"%s\": unexpected %ld", fmt, ret);
		if (ret >= 0 && size && !memchr(buf, 0, size))
			fail_msg("\"%s\": output not terminated", fmt);
		if (size < sizeof(buf))
			assert_int_equal(buf[size], 0x5a);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_conversions),  cmocka_unit_test(test_errors),
		cmocka_unit_test(test_truncation),   cmocka_unit_test(test_arg_buffer),
		cmocka_unit_test(test_pointer_hash), cmocka_unit_test(test_random_formats),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
