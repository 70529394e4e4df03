// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/unit/test_vm_helpers.c: BPF helpers with the kernel's semantics, called directly
 * (strtol/strtoul/strncmp, fault-safe reads, clocks and random numbers) and from BPF programs
 * run by the interpreter (maps from ld_imm64 map pointers, bpf_loop and for_each_map_elem with
 * BPF callbacks, tail calls and their limit, ring buffers, spin locks, printk to the log,
 * identity, checked-mode argument faults).
 */
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "maps/ringbuf.h"
#include "test_vm_helpers_fixtures.h"

/* ---- strtol / strtoul / strncmp ---- */

struct strto_case {
	const char *s;
	size_t len; /* 0: strlen */
	uint64_t flags;
	long ret;
	int64_t res;
};

static void test_strtol(void **state)
{
	static const struct strto_case cases[] = {
		{ "123", 0, 10, 3, 123 },
		{ "  -42abc", 0, 0, 5, -42 },
		{ "\t\n\v\f\r 7", 0, 0, 7, 7 },
		{ "0x1f", 0, 0, 4, 31 },
		{ "0X1F", 0, 16, 4, 31 },
		{ "1f", 0, 16, 2, 31 },
		{ "0x", 0, 0, 1, 0 }, /* base 0: "0x" without a hex digit is octal 0 */
		{ "0xg", 0, 0, 1, 0 },
		{ "0xg", 0, 16, -EINVAL, 0 },
		{ "017", 0, 0, 3, 15 },
		{ "019", 0, 0, 2, 1 },
		{ "019", 0, 8, 2, 1 },
		{ "+5", 0, 0, -EINVAL, 0 },
		{ "- 5", 0, 0, -EINVAL, 0 },
		{ "   ", 0, 0, -EINVAL, 0 },
		{ "-", 0, 0, -EINVAL, 0 },
		{ "12345", 3, 10, 3, 123 },
		{ "9223372036854775807", 0, 10, 19, INT64_MAX },
		{ "9223372036854775808", 0, 10, -ERANGE, 0 },
		{ "-9223372036854775808", 0, 10, 20, INT64_MIN },
		{ "-9223372036854775809", 0, 10, -ERANGE, 0 },
		{ "18446744073709551616", 0, 10, -ERANGE, 0 },
		{ "-0", 0, 0, 2, 0 },
		{ "5", 0, 2, -EINVAL, 0 }, /* only bases 0, 8, 10, 16 */
		{ "5", 0, 32 | 10, -EINVAL, 0 }, /* flag bits above the base */
		{ "\xa0"
		  "9",
		  0, 0, 2, 9 }, /* the kernel's isspace() includes Latin-1 NBSP */
	};
	int64_t res;

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct strto_case *c = &cases[i];
		long ret = vm_strtol(c->s, c->len ? c->len : strlen(c->s), c->flags, &res);

		if (ret != c->ret || res != c->res)
			fail_msg("strtol(\"%s\", %#llx): %ld %lld, want %ld %lld", c->s,
				 (unsigned long long)c->flags, ret, (long long)res, c->ret,
				 (long long)c->res);
	}
	/* only 63 characters after blanks and sign are looked at */
	char buf[80];

	memset(buf, '0', sizeof(buf));
	buf[63] = '5';
	assert_int_equal(vm_strtol(buf, 64, 10, &res), 63);
	assert_int_equal(res, 0);
	assert_int_equal(vm_strtol(NULL, 4, 0, &res), -EINVAL);
	assert_int_equal(vm_strtol("1", 0, 0, &res), -EINVAL);
}

static void test_strtoul(void **state)
{
	uint64_t res = 1;

	assert_int_equal(vm_strtoul("18446744073709551615", 20, 10, &res), 20);
	assert_true(res == UINT64_MAX);
	assert_int_equal(vm_strtoul("ffffffffffffffff", 16, 16, &res), 16);
	assert_true(res == UINT64_MAX);
	assert_int_equal(vm_strtoul("0x10000000000000000", 19, 0, &res), -ERANGE);
	assert_int_equal(res, 0);
	assert_int_equal(vm_strtoul("9223372036854775808", 19, 10, &res), 19);
	assert_true(res == 1ULL << 63);
	res = 7;
	assert_int_equal(vm_strtoul("-1", 2, 0, &res), -EINVAL); /* no negatives at all */
	assert_int_equal(res, 0);
	assert_int_equal(vm_strtoul("-0", 2, 0, &res), -EINVAL);
	assert_int_equal(vm_strtoul(" 0777 ", 6, 0, &res), 5);
	assert_int_equal(res, 0777);
}

static void test_strncmp(void **state)
{
	assert_int_equal(vm_strncmp("abc", 3, "abd"), -1);
	assert_int_equal(vm_strncmp("abd", 3, "abc"), 1);
	assert_int_equal(vm_strncmp("abc", 2, "abd"), 0);
	assert_int_equal(vm_strncmp("ab\0x", 4, "ab"), 0);
	assert_int_equal(vm_strncmp("abc", 4, "ab"), 1);
	assert_int_equal(vm_strncmp("ab", 3, "abc"), -1);
	assert_int_equal(vm_strncmp("\xff", 1, "a"), 1); /* bytes compare unsigned */
	assert_int_equal(vm_strncmp("x", 0, "y"), 0);
}

/* ---- fault-safe reads ---- */

static char *guarded_pages(size_t *page)
{
	char *p;

	*page = (size_t)sysconf(_SC_PAGESIZE);
	p = mmap(NULL, 2 * *page, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(p != MAP_FAILED);
	assert_int_equal(mprotect(p + *page, *page, PROT_NONE), 0);
	return p;
}

static void test_probe_read(void **state)
{
	size_t page;
	char *p = guarded_pages(&page), dst[32];
	uint64_t val = 0x1122334455667788ULL, out = 0;

	assert_int_equal(vm_probe_read(&out, 8, (uintptr_t)&val), 0);
	assert_true(out == val);
	/* a read running into the PROT_NONE page fails and zeroes the whole destination */
	memset(p + page - 4, 'a', 4);
	memset(dst, 0x5a, sizeof(dst));
	assert_int_equal(vm_probe_read(dst, 8, (uintptr_t)(p + page - 4)), -EFAULT);
	for (int i = 0; i < 8; i++)
		assert_int_equal(dst[i], 0);
	assert_int_equal(dst[8], 0x5a);
	assert_int_equal(vm_probe_read(dst, 8, 0), -EFAULT);
	assert_int_equal(vm_probe_read(dst, 8, (uint64_t)-4), -EFAULT); /* wraps around */
	assert_int_equal(vm_probe_read(dst, 0, 0), 0);

	/* strings: a NUL just before the guard page is fine, none is -EFAULT */
	memcpy(p + page - 3, "hi", 3);
	memset(dst, 0x5a, sizeof(dst));
	assert_int_equal(vm_probe_read_str(dst, sizeof(dst), (uintptr_t)(p + page - 3)), 3);
	assert_string_equal(dst, "hi");
	assert_int_equal(dst[3], 0x5a); /* nothing written past the NUL */
	memcpy(p + page - 2, "ok", 2);
	assert_int_equal(vm_probe_read_str(dst, sizeof(dst), (uintptr_t)(p + page - 2)), -EFAULT);
	for (size_t i = 0; i < sizeof(dst); i++)
		assert_int_equal(dst[i], 0);
	/* a long string is cut: size - 1 characters and a NUL, return size */
	assert_int_equal(vm_probe_read_str(dst, 3, (uintptr_t) "hello"), 3);
	assert_string_equal(dst, "he");
	assert_int_equal(vm_probe_read_str(dst, 0, 0), 0);
	assert_int_equal(vm_probe_read_str(dst, 5, 0), -EFAULT);
	/* a string crossing a page boundary into readable memory */
	assert_int_equal(mprotect(p + page, page, PROT_READ | PROT_WRITE), 0);
	memcpy(p + page - 3, "abcdef", 7);
	assert_int_equal(vm_probe_read_str(dst, sizeof(dst), (uintptr_t)(p + page - 3)), 7);
	assert_string_equal(dst, "abcdef");
	munmap(p, 2 * page);
}

/* A BPF program probing an unmapped address gets -EFAULT and a zeroed buffer, and goes on. */
static void test_probe_read_prog(void **state)
{
	struct tvm t;
	struct hive_vm_prog *prog;
	size_t page;
	char *p = guarded_pages(&page);

	tvm_init(&t, NULL);
	prog = tvm_build(&t,
			 "stdw [%%r10-8], -1\nmov %%r1, %%r10\nadd %%r1, -8\nmov %%r2, 8\n"
			 "lddw %%r3, 0x%llx\ncall 113\nldxdw %%r1, [%%r10-8]\nadd %%r0, %%r1\nexit",
			 (unsigned long long)(uintptr_t)(p + page));
	assert_int_equal((int64_t)tvm_run_both(&t, prog, 0), -EFAULT);
	hive_vm_prog_free(prog);
	/* the str variant returns the length with the NUL */
	prog = tvm_build(&t,
			 "mov %%r1, %%r10\nadd %%r1, -16\nmov %%r2, 16\nlddw %%r3, 0x%llx\n"
			 "call 115\nexit",
			 (unsigned long long)(uintptr_t) "bpfhive");
	assert_int_equal(tvm_run_both(&t, prog, 0), 8);
	hive_vm_prog_free(prog);
	munmap(p, 2 * page);
	tvm_fini(&t);
}

/* ---- clocks, random numbers, CPU ---- */

static void test_clock(void **state)
{
	struct hive_host_opts opts = { .sz = sizeof(opts), .clock_step_ns = 3000000 };
	struct hive_host *h = vm_host_new(&opts), *real;
	uint64_t a, b, tick = 1000000000ULL / HIVE_HOST_HZ, c, j;

	assert_false(IS_ERR(h));
	a = vm_host_clock(h, HIVE_CLK_MONO);
	b = vm_host_clock(h, HIVE_CLK_MONO);
	assert_true(a == HIVE_HOST_CLOCK_START_NS);
	assert_true(b == a + 3000000);
	/* every reading advances, whatever the clock */
	assert_true(vm_host_clock(h, HIVE_CLK_BOOT) == b + 3000000);
	c = vm_host_clock(h, HIVE_CLK_COARSE);
	assert_true(c % tick == 0 && c <= b + 6000000 && c + tick > b + 6000000);
	assert_true(vm_host_clock(h, HIVE_CLK_TAI) == b + 9000000 + HIVE_HOST_TAI_OFFSET_NS);
	j = vm_host_clock(h, HIVE_CLK_JIFFIES);
	assert_true(j == (uint64_t)(uint32_t)(-300 * HIVE_HOST_HZ) + (b + 12000000) / tick);
	vm_host_free(h);

	opts = (struct hive_host_opts){ .sz = sizeof(opts), .clock = HIVE_CLOCK_REAL };
	real = vm_host_new(&opts);
	assert_false(IS_ERR(real));
	a = vm_host_clock(real, HIVE_CLK_MONO);
	b = vm_host_clock(real, HIVE_CLK_MONO);
	assert_true(a > 0 && b >= a);
	assert_true(vm_host_clock(real, HIVE_CLK_BOOT) >= a);
	vm_host_free(real);

	/* an unknown non-zero option byte past the known struct is refused */
	struct {
		struct hive_host_opts o;
		uint64_t extra;
	} big = { .o = { .sz = sizeof(big) }, .extra = 1 };
	assert_true(IS_ERR(vm_host_new(&big.o)));
	big.extra = 0;
	h = vm_host_new(&big.o);
	assert_false(IS_ERR(h));
	vm_host_free(h);
}

static void test_random(void **state)
{
	struct hive_host_opts opts = { .sz = sizeof(opts), .seed = 42 };
	struct hive_host *a = vm_host_new(&opts), *b = vm_host_new(&opts), *c;
	uint32_t va[64], vb[64], vc[64], cpu1[64];
	int same_other = 0, same_cpu = 0, distinct = 0;

	opts.seed = 43;
	c = vm_host_new(&opts);
	for (int i = 0; i < 64; i++) {
		va[i] = vm_host_random(a, 0);
		vb[i] = vm_host_random(b, 0);
		vc[i] = vm_host_random(c, 0);
		cpu1[i] = vm_host_random(a, 1);
	}
	for (int i = 0; i < 64; i++) {
		assert_int_equal(va[i], vb[i]); /* same seed: same sequence */
		same_other += va[i] == vc[i];
		same_cpu += va[i] == cpu1[i];
		distinct += i && va[i] != va[i - 1];
	}
	assert_true(same_other < 2 && same_cpu < 2 && distinct > 60);
	vm_host_free(a);
	vm_host_free(b);
	vm_host_free(c);
}

/* Clock, random and CPU helpers through programs, and reproducibility across hosts. */
static void test_env_helpers_prog(void **state)
{
	struct hive_host_opts opts = { .sz = sizeof(opts), .seed = 7, .clock_step_ns = 500 };
	struct tvm t1, t2;
	struct hive_vm_prog *p1, *p2;
	uint32_t cpu = kfunc_nr_cpus() - 1;
	const char *src = "call 5\nmov %r6, %r0\ncall 125\nsub %r0, %r6\nmov %r7, %r0\n"
			  "call 7\nlsh %r0, 16\nor %r0, %r7\nexit";

	tvm_init(&t1, &opts);
	tvm_init(&t2, &opts);
	p1 = tvm_build(&t1, "%s", src);
	p2 = tvm_build(&t2, "%s", src);
	for (int i = 0; i < 5; i++) {
		uint64_t r1 = tvm_run(&t1, p1, 0), r2 = tvm_run(&t2, p2, 0);

		assert_true(r1 == r2);
		assert_int_equal(r1 & 0xffff, 500); /* boot - mono: one step later */
	}
	hive_vm_prog_free(p1);
	p1 = tvm_build(&t1, "call 8\nmov %%r6, %%r0\ncall 42\nlsh %%r0, 8\nor %%r0, %%r6\nexit");
	t1.env.cpu = cpu;
	assert_int_equal(tvm_run(&t1, p1, 0), cpu);
	hive_vm_prog_free(p1);
	hive_vm_prog_free(p2);
	tvm_fini(&t1);
	tvm_fini(&t2);
}

static void test_identity(void **state)
{
	struct hive_host_opts opts = { .sz = sizeof(opts),
				       .fixed_identity = true,
				       .pid = 100,
				       .tgid = 200,
				       .uid = 1000,
				       .gid = 2000,
				       .comm = "hive-test-comm-too-long" };
	struct hive_vm_prog *prog;
	struct tvm t;
	char comm[16];

	tvm_init(&t, &opts);
	prog = tvm_build(&t, "call 14\nexit");
	assert_true(tvm_run(&t, prog, 0) == (200ULL << 32 | 100));
	hive_vm_prog_free(prog);
	prog = tvm_build(&t, "call 15\nexit");
	assert_true(tvm_run(&t, prog, 0) == (2000ULL << 32 | 1000));
	hive_vm_prog_free(prog);
	/* comm: truncated to 15 characters; a smaller buffer gets size - 1 and zero padding */
	prog = tvm_build(&t, "mov %%r6, %%r1\nmov %%r1, %%r6\nmov %%r2, 16\ncall 16\nexit");
	memset(comm, 0x5a, sizeof(comm));
	assert_int_equal(tvm_run_both(&t, prog, (uintptr_t)comm), 0);
	assert_string_equal(comm, "hive-test-comm-");
	hive_vm_prog_free(prog);
	prog = tvm_build(&t, "mov %%r2, 6\ncall 16\nexit");
	memset(comm, 0x5a, sizeof(comm));
	assert_int_equal(tvm_run(&t, prog, (uintptr_t)comm), 0);
	assert_memory_equal(comm, "hive-\0\x5a", 7);
	hive_vm_prog_free(prog);
	tvm_fini(&t);

	/* the default host reports this thread */
	tvm_init(&t, NULL);
	prog = tvm_build(&t, "call 14\nexit");
	assert_true(tvm_run(&t, prog, 0) ==
		    ((uint64_t)getpid() << 32 | (uint32_t)syscall(SYS_gettid)));
	hive_vm_prog_free(prog);
	prog = tvm_build(&t, "call 15\nexit");
	assert_true(tvm_run(&t, prog, 0) == ((uint64_t)getgid() << 32 | getuid()));
	hive_vm_prog_free(prog);
	tvm_fini(&t);
}

/* ---- maps from BPF code ---- */

#define COUNTER_SRC                                                                          \
	"stw [%%r10-4], %d\n"                                                                \
	"lddw %%r1, 0x%llx\nmov %%r2, %%r10\nadd %%r2, -4\ncall 1\n"                         \
	"jeq %%r0, 0, miss\n"                                                                \
	"ldxdw %%r6, [%%r0+0]\nadd %%r6, 1\nstxdw [%%r10-16], %%r6\n"                        \
	"lddw %%r1, 0x%llx\nmov %%r2, %%r10\nadd %%r2, -4\nmov %%r3, %%r10\nadd %%r3, -16\n" \
	"mov %%r4, %d\ncall 2\n"                                                             \
	"jne %%r0, 0, out\nmov %%r0, %%r6\nout: exit\n"                                      \
	"miss: mov %%r0, -1\nexit"

static void test_map_prog(void **state)
{
	struct hive_map_impl *map = tvm_map(HIVE_MAP_TYPE_ARRAY, 4, 8, 4);
	unsigned long long m = (uintptr_t)map;
	struct hive_vm_prog *prog;
	uint64_t *val, r0 = 0;
	uint32_t key = 1;
	struct tvm t;

	tvm_init(&t, NULL);
	prog = tvm_build(&t, COUNTER_SRC, 1, m, m, 0);
	for (uint64_t i = 1; i <= 3; i++)
		assert_int_equal(tvm_run(&t, prog, 0), i);
	hive_vm_prog_free(prog);
	val = maps_lookup(map, &key);
	assert_int_equal(*val, 3);
	/* out of range key: lookup gives NULL */
	prog = tvm_build(&t, COUNTER_SRC, 9, m, m, 0);
	assert_int_equal((int64_t)tvm_run(&t, prog, 0), -1);
	hive_vm_prog_free(prog);
	/* BPF_NOEXIST on an array: the kernel's -EEXIST comes back in r0 */
	prog = tvm_build(&t, COUNTER_SRC, 1, m, m, 1);
	assert_int_equal((int64_t)tvm_run(&t, prog, 0), -EEXIST);
	hive_vm_prog_free(prog);
	/* checked mode (every access allowed) does the same */
	prog = tvm_build(&t, COUNTER_SRC, 2, m, m, 0);
	assert_int_equal(tvm_run(&t, prog, 0), 1);
	assert_int_equal(tvm_exec(&t, prog, true, 0, &r0), 0);
	assert_int_equal(r0, 2);
	hive_vm_prog_free(prog);
	maps_put(map);
	tvm_fini(&t);
}

/* push/pop/peek on a queue, and lookup_percpu_elem on a per-CPU array */
static void test_queue_percpu_prog(void **state)
{
	struct hive_map_impl *q = tvm_map(HIVE_MAP_TYPE_QUEUE, 0, 8, 2);
	struct hive_map_impl *pc = tvm_map(HIVE_MAP_TYPE_PERCPU_ARRAY, 4, 8, 1);
	struct hive_vm_prog *prog;
	struct tvm t;

	tvm_init(&t, NULL);
	prog = tvm_build(
		&t,
		"stdw [%%r10-8], 11\nlddw %%r1, 0x%llx\nmov %%r2, %%r10\nadd %%r2, -8\nmov %%r3, 0\n"
		"call 87\nstdw [%%r10-8], 22\nlddw %%r1, 0x%llx\nmov %%r2, %%r10\nadd %%r2, -8\n"
		"mov %%r3, 0\ncall 87\nstdw [%%r10-8], 33\nlddw %%r1, 0x%llx\nmov %%r2, %%r10\n"
		"add %%r2, -8\nmov %%r3, 0\ncall 87\nmov %%r6, %%r0\n" /* full: -E2BIG */
		"lddw %%r1, 0x%llx\nmov %%r2, %%r10\nadd %%r2, -16\ncall 89\n"
		"lddw %%r1, 0x%llx\nmov %%r2, %%r10\nadd %%r2, -24\ncall 88\n"
		"ldxdw %%r0, [%%r10-16]\nldxdw %%r1, [%%r10-24]\nlsh %%r0, 8\nadd %%r0, %%r1\n"
		"lsh %%r6, 16\nadd %%r0, %%r6\nexit",
		(unsigned long long)(uintptr_t)q, (unsigned long long)(uintptr_t)q,
		(unsigned long long)(uintptr_t)q, (unsigned long long)(uintptr_t)q,
		(unsigned long long)(uintptr_t)q);
	assert_int_equal(tvm_run(&t, prog, 0), (11 << 8) + 11 + ((uint64_t)-E2BIG << 16));
	hive_vm_prog_free(prog);
	/* cpu out of range gives NULL, cpu 0 a value */
	prog = tvm_build(
		&t,
		"stw [%%r10-4], 0\nlddw %%r1, 0x%llx\nmov %%r2, %%r10\nadd %%r2, -4\n"
		"mov %%r3, %u\ncall 195\nmov %%r6, %%r0\n"
		"lddw %%r1, 0x%llx\nmov %%r2, %%r10\nadd %%r2, -4\nmov %%r3, 0\ncall 195\n"
		"jeq %%r0, 0, bad\njne %%r6, 0, bad\nmov %%r0, 1\nexit\nbad: mov %%r0, 0\nexit",
		(unsigned long long)(uintptr_t)pc, kfunc_nr_cpus(),
		(unsigned long long)(uintptr_t)pc);
	assert_int_equal(tvm_run(&t, prog, 0), 1);
	hive_vm_prog_free(prog);
	maps_put(q);
	maps_put(pc);
	tvm_fini(&t);
}

/* ---- callbacks ---- */

#define LOOP_SRC                                                             \
	"mov %%r9, %%r1\nstdw [%%r10-8], 0\nlddw %%r1, 0x%llx\n"             \
	"lddw %%r2, func(cb)\nmov %%r3, %%r10\nadd %%r3, -8\nmov %%r4, %d\n" \
	"call 181\nldxdw %%r1, [%%r10-8]\nstxdw [%%r9+0], %%r1\nexit\n"      \
	"cb: ldxdw %%r3, [%%r2+0]\nadd %%r3, %%r1\nstxdw [%%r2+0], %%r3\n"   \
	"mov %%r0, 0\njne %%r1, %d, cont\nmov %%r0, 1\ncont: exit"

static int64_t run_loop(struct tvm *t, uint64_t nr, int flags, int stop, uint64_t *sum)
{
	struct hive_vm_prog *prog = tvm_build(t, LOOP_SRC, (unsigned long long)nr, flags, stop);
	int64_t ret = (int64_t)tvm_run(t, prog, (uintptr_t)sum);
	uint64_t checked_sum = 0, r0;

	/* checked mode: the callback's frame reaches the caller's stack and nothing else */
	t->deny = true;
	assert_int_equal(tvm_exec(t, prog, true, 0, &r0), -EFAULT); /* r9 = 0: store refused */
	t->deny = false;
	assert_int_equal(tvm_exec(t, prog, true, (uintptr_t)&checked_sum, &r0), 0);
	assert_int_equal((int64_t)r0, ret);
	assert_int_equal(checked_sum, *sum);
	hive_vm_prog_free(prog);
	return ret;
}

static void test_bpf_loop(void **state)
{
	struct tvm t;
	uint64_t sum;

	tvm_init(&t, NULL);
	assert_int_equal(run_loop(&t, 10, 0, 100, &sum), 10);
	assert_int_equal(sum, 45);
	assert_int_equal(run_loop(&t, 10, 0, 3, &sum), 4); /* stopped by the callback at 3 */
	assert_int_equal(sum, 6);
	assert_int_equal(run_loop(&t, 0, 0, 0, &sum), 0);
	assert_int_equal(sum, 0);
	assert_int_equal(run_loop(&t, 10, 1, 100, &sum), -EINVAL);
	assert_int_equal(sum, 0);
	/* as the kernel's inlined bpf_loop: 64-bit limit check, -E2BIG zero-extended */
	assert_int_equal(run_loop(&t, (1 << 23) + 1, 0, 100, &sum), (uint32_t)-E2BIG);
	assert_int_equal(sum, 0);
	assert_int_equal(run_loop(&t, 0x100000005ULL, 0, 100, &sum), (uint32_t)-E2BIG);
	assert_int_equal(sum, 0);
	assert_int_equal(run_loop(&t, 1 << 4, 0, 100, &sum), 16);
	assert_int_equal(sum, 120);
	tvm_fini(&t);
}

#define FOR_EACH_SRC                                                                             \
	"mov %%r9, %%r1\nstdw [%%r10-8], 0\nlddw %%r1, 0x%llx\nlddw %%r2, func(cb)\n"            \
	"mov %%r3, %%r10\nadd %%r3, -8\nmov %%r4, %d\ncall 164\nldxdw %%r1, [%%r10-8]\n"         \
	"stxdw [%%r9+0], %%r1\nexit\n"                                                           \
	"cb: ldxdw %%r5, [%%r3+0]\nldxdw %%r0, [%%r4+0]\nadd %%r0, %%r5\nstxdw [%%r4+0], %%r0\n" \
	"ldxw %%r5, [%%r2+0]\nmov %%r0, 0\njne %%r5, %d, out\nmov %%r0, 1\nout: exit"

static void test_for_each_map_elem(void **state)
{
	struct hive_map_impl *map = tvm_map(HIVE_MAP_TYPE_ARRAY, 4, 8, 5);
	struct hive_vm_prog *prog;
	uint64_t sum;
	struct tvm t;

	tvm_init(&t, NULL);
	for (uint32_t k = 0; k < 5; k++) {
		uint64_t v = (k + 1) * 10;

		assert_int_equal(maps_update(map, &k, &v, 0), 0);
	}
	prog = tvm_build(&t, FOR_EACH_SRC, (unsigned long long)(uintptr_t)map, 0, 99);
	assert_int_equal(tvm_run(&t, prog, (uintptr_t)&sum), 5);
	assert_int_equal(sum, 150);
	hive_vm_prog_free(prog);
	/* non-zero from the callback stops after that element, which counts */
	prog = tvm_build(&t, FOR_EACH_SRC, (unsigned long long)(uintptr_t)map, 0, 2);
	assert_int_equal(tvm_run(&t, prog, (uintptr_t)&sum), 3);
	assert_int_equal(sum, 60);
	hive_vm_prog_free(prog);
	prog = tvm_build(&t, FOR_EACH_SRC, (unsigned long long)(uintptr_t)map, 1, 99);
	assert_int_equal((int64_t)tvm_run(&t, prog, (uintptr_t)&sum), -EINVAL);
	assert_int_equal(sum, 0);
	hive_vm_prog_free(prog);
	maps_put(map);
	tvm_fini(&t);
}

/* ---- tail calls ---- */

#define TAIL_SRC                                                    \
	"mov %%r6, %%r1\nldxdw %%r2, [%%r6+0]\nadd %%r2, 1\n"       \
	"stxdw [%%r6+0], %%r2\nmov %%r1, %%r6\nlddw %%r2, 0x%llx\n" \
	"mov %%r3, %d\ncall 12\nldxdw %%r0, [%%r6+0]\nexit"

static void test_tail_call(void **state)
{
	struct hive_map_impl *pa = tvm_map(HIVE_MAP_TYPE_PROG_ARRAY, 4, 4, 4);
	unsigned long long m = (uintptr_t)pa;
	struct hive_vm_prog *self, *miss, *other, *jump;
	uint32_t k0 = 0, k2 = 2;
	uint64_t count;
	struct tvm t;

	tvm_init(&t, NULL);
	self = tvm_build(&t, TAIL_SRC, m, 0);
	other = tvm_build(&t, "mov %%r0, 77\nexit");
	assert_int_equal(maps_sys_update_fd(pa, &k0, self, 0), 0);
	assert_int_equal(maps_sys_update_fd(pa, &k2, other, 0), 0);
	/* a program tail-calling itself: 33 tail calls succeed, the 34th falls through */
	count = 0;
	assert_int_equal(tvm_run(&t, self, (uintptr_t)&count), 34);
	/* index past max_entries and an empty slot fall through at once */
	miss = tvm_build(&t, TAIL_SRC, m, 7);
	count = 0;
	assert_int_equal(tvm_run(&t, miss, (uintptr_t)&count), 1);
	hive_vm_prog_free(miss);
	miss = tvm_build(&t, TAIL_SRC, m, 1);
	count = 0;
	assert_int_equal(tvm_run(&t, miss, (uintptr_t)&count), 1);
	/* a hit replaces the program: its r0 is the run's */
	jump = tvm_build(&t, TAIL_SRC, m, 2);
	count = 0;
	assert_int_equal(tvm_run(&t, jump, (uintptr_t)&count), 77);
	assert_int_equal(count, 1);
	maps_put(pa); /* no prog ref ops: the map holds plain pointers */
	hive_vm_prog_free(self);
	hive_vm_prog_free(miss);
	hive_vm_prog_free(other);
	hive_vm_prog_free(jump);
	tvm_fini(&t);
}

/*
 * A miss (empty slot, index out of range) before each jump: only jumps count toward the 33,
 * as in the kernel's JIT (test_vm_helpers_kernel.c compares with it), so the program still
 * runs 34 times; counting misses too would stop it after 17.
 */
#define TAIL_MISS_SRC                                                               \
	"mov %%r6, %%r1\nldxdw %%r2, [%%r6+0]\nadd %%r2, 1\nstxdw [%%r6+0], %%r2\n" \
	"mov %%r1, %%r6\nlddw %%r2, 0x%llx\nmov %%r3, %d\ncall 12\n"                \
	"mov %%r1, %%r6\nlddw %%r2, 0x%llx\nmov %%r3, 0\ncall 12\nldxdw %%r0, [%%r6+0]\nexit"

static void test_tail_call_miss_not_counted(void **state)
{
	struct hive_map_impl *pa = tvm_map(HIVE_MAP_TYPE_PROG_ARRAY, 4, 4, 4);
	unsigned long long m = (uintptr_t)pa;
	const int miss_idx[] = { 1, 7 };
	uint32_t k0 = 0;
	struct tvm t;

	tvm_init(&t, NULL);
	for (size_t i = 0; i < ARRAY_SIZE(miss_idx); i++) {
		struct hive_vm_prog *self = tvm_build(&t, TAIL_MISS_SRC, m, miss_idx[i], m);
		uint64_t count = 0, r0 = 0;

		assert_int_equal(maps_sys_update_fd(pa, &k0, self, 0), 0);
		assert_int_equal(tvm_run(&t, self, (uintptr_t)&count), 1 + HIVE_VM_MAX_TAIL_CALLS);
		count = 0;
		assert_int_equal(tvm_exec(&t, self, true, (uintptr_t)&count, &r0), 0);
		assert_int_equal(r0, 1 + HIVE_VM_MAX_TAIL_CALLS);
		assert_int_equal(maps_sys_delete(pa, &k0), 0);
		hive_vm_prog_free(self);
	}
	maps_put(pa);
	tvm_fini(&t);
}

/*
 * The helpers' environment travels in run->env, so run->user stays the embedder's: its own
 * helper reads it while the built-in ones still use the env (its host's clock, its log).
 */
static uint64_t h_user(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5,
		       struct hive_vm_run *run)
{
	return *(const uint64_t *)run->user;
}

static void test_env_and_user(void **state)
{
	struct hive_host_opts hopts = { .sz = sizeof(hopts), .clock_start_ns = 7000000000ULL };
	struct hive_vm_run_opts opts = { .sz = sizeof(opts) };
	struct hive_vm_prog *prog;
	struct hive_vm_run run;
	uint64_t mine = 42, r0 = 0;
	char str[64];
	struct tvm t;

	tvm_init(&t, &hopts);
	assert_int_equal(hive_vm_set_helper(t.vm, 60000, "user", h_user), 0);
	vm_env_run_opts(&t.env, &opts);
	assert_ptr_equal(opts.env, &t.env);
	assert_null(opts.user);
	opts.user = &mine;
	prog = tvm_build(&t,
			 "%smov %%r1, %%r10\nadd %%r1, -8\nmov %%r2, 4\ncall 6\n"
			 "call 5\nmov %%r6, %%r0\ncall 60000\nlddw %%r1, 7000000000\n"
			 "sub %%r6, %%r1\nlsh %%r6, 32\nor %%r0, %%r6\nexit",
			 tvm_stack_str(str, sizeof(str), "env", 8));
	for (int checked = 0; checked < 2; checked++) {
		opts.checked = checked;
		opts.access_fn = tvm_deny;
		opts.access_ctx = &t;
		assert_int_equal(hive_vm_run_init(&run, prog, &opts), 0);
		assert_ptr_equal(run.user, &mine);
		assert_ptr_equal(run.env, &t.env);
		assert_int_equal(vm_env_exec(&t.env, &run, NULL, 0, &r0), 0);
		/* the embedder's 42; the clock read past the env host's start (not the default's) */
		assert_int_equal(r0 & 0xffffffff, 42);
		assert_true((r0 >> 32) < 1000000);
		assert_string_equal(vm_env_log(&t.env, NULL), "env\n");
		hive_vm_run_fini(&run);
	}
	hive_vm_prog_free(prog);
	tvm_fini(&t);
}

/* ---- ring buffers ---- */

struct rb_seen {
	int n;
	size_t size[4];
	uint64_t first[4];
};

static int rb_sample(void *ctx, void *data, size_t size)
{
	struct rb_seen *s = ctx;

	if (s->n < 4) {
		s->size[s->n] = size;
		memcpy(&s->first[s->n], data, 8);
	}
	s->n++;
	return 0;
}

static void test_ringbuf_prog(void **state)
{
	struct hive_map_impl *rb = tvm_map(HIVE_MAP_TYPE_RINGBUF, 0, 0, 4096);
	unsigned long long m = (uintptr_t)rb;
	struct rb_seen seen = { 0 };
	struct hive_vm_prog *prog;
	struct tvm t;

	tvm_init(&t, NULL);
	prog = tvm_build(
		&t,
		/* reserve 16, fill, submit */
		"lddw %%r1, 0x%llx\nmov %%r2, 16\nmov %%r3, 0\ncall 131\njeq %%r0, 0, fail\n"
		"stdw [%%r0+0], 0x11\nstdw [%%r0+8], 0x22\nmov %%r1, %%r0\nmov %%r2, 0\ncall 132\n"
		/* non-zero flags and a record larger than the ring: NULL */
		"lddw %%r1, 0x%llx\nmov %%r2, 8\nmov %%r3, 1\ncall 131\njne %%r0, 0, fail\n"
		"lddw %%r1, 0x%llx\nmov %%r2, 8192\nmov %%r3, 0\ncall 131\njne %%r0, 0, fail\n"
		/* reserve 8 and discard */
		"lddw %%r1, 0x%llx\nmov %%r2, 8\nmov %%r3, 0\ncall 131\njeq %%r0, 0, fail\n"
		"stdw [%%r0+0], 0x99\nmov %%r1, %%r0\nmov %%r2, 0\ncall 133\n"
		/* output 8 bytes; unknown flags are -EINVAL */
		"stdw [%%r10-8], 0x33\nlddw %%r1, 0x%llx\nmov %%r2, %%r10\nadd %%r2, -8\n"
		"mov %%r3, 8\nmov %%r4, 4\ncall 130\njne %%r0, -22, fail\n"
		"lddw %%r1, 0x%llx\nmov %%r2, %%r10\nadd %%r2, -8\nmov %%r3, 8\nmov %%r4, 0\n"
		"call 130\njne %%r0, 0, fail\n"
		/* query: bytes not yet consumed, ring size */
		"lddw %%r1, 0x%llx\nmov %%r2, 0\ncall 134\nmov %%r6, %%r0\n"
		"lddw %%r1, 0x%llx\nmov %%r2, 1\ncall 134\nlsh %%r0, 16\nor %%r0, %%r6\nexit\n"
		"fail: mov %%r0, -1\nexit",
		m, m, m, m, m, m, m, m);
	assert_int_equal(tvm_run(&t, prog, 0), (4096 << 16) | (24 + 16 + 16));
	assert_int_equal(ringbuf_consume(rb, rb_sample, &seen),
			 2); /* the discarded one is skipped */
	assert_int_equal(seen.n, 2);
	assert_int_equal(seen.size[0], 16);
	assert_int_equal(seen.first[0], 0x11);
	assert_int_equal(seen.size[1], 8);
	assert_int_equal(seen.first[1], 0x33);
	hive_vm_prog_free(prog);
	maps_put(rb);
	tvm_fini(&t);
}

/* ---- spin locks and kptr_xchg ---- */

static void test_spin_lock_kptr_prog(void **state)
{
	struct hive_map_impl *map = tvm_map(HIVE_MAP_TYPE_ARRAY, 4, 16, 1);
	struct hive_vm_prog *prog;
	uint32_t key = 0;
	uint64_t slot = 0x1234, *val;
	struct tvm t;

	tvm_init(&t, NULL);
	prog = tvm_build(&t,
			 "stw [%%r10-4], 0\nlddw %%r1, 0x%llx\nmov %%r2, %%r10\nadd %%r2, -4\n"
			 "call 1\njeq %%r0, 0, out\nmov %%r6, %%r0\nmov %%r1, %%r6\ncall 93\n"
			 "ldxdw %%r1, [%%r6+8]\nadd %%r1, 1\nstxdw [%%r6+8], %%r1\nmov %%r1, %%r6\n"
			 "call 94\nldxdw %%r0, [%%r6+8]\nout: exit",
			 (unsigned long long)(uintptr_t)map);
	assert_int_equal(tvm_run(&t, prog, 0), 1);
	assert_int_equal(tvm_run(&t, prog, 0), 2);
	val = maps_lookup(map, &key);
	assert_int_equal(*(uint32_t *)val, 0); /* released */
	hive_vm_prog_free(prog);
	/* kptr_xchg swaps the 8-byte slot and returns the old value */
	prog = tvm_build(&t, "lddw %%r2, 0x5678\ncall 194\nexit");
	assert_int_equal(tvm_run(&t, prog, (uintptr_t)&slot), 0x1234);
	assert_int_equal(slot, 0x5678);
	hive_vm_prog_free(prog);
	maps_put(map);
	tvm_fini(&t);
}

/* ---- printk and the log ---- */

static void append_sink(void *ctx, const char *msg)
{
	strcat(ctx, msg);
}

static void test_printk_prog(void **state)
{
	struct hive_vm_prog *prog;
	char str[512], msgs[1024];
	const char *log;
	struct tvm t;

	tvm_init(&t, NULL);
	prog = tvm_build(&t,
			 "%smov %%r1, %%r10\nadd %%r1, -8\nmov %%r2, 6\nmov %%r3, 5\ncall 6\nexit",
			 tvm_stack_str(str, sizeof(str), "x=%d\n", 8));
	assert_int_equal(tvm_run(&t, prog, 0), 4);
	assert_string_equal(vm_env_log(&t.env, NULL), "x=5\n");
	/* each run starts with an empty log */
	assert_int_equal(tvm_run(&t, prog, 0), 4);
	assert_string_equal(vm_env_log(&t.env, NULL), "x=5\n");
	hive_vm_prog_free(prog);
	/* four conversions for three arguments; fmt_size without the NUL */
	prog = tvm_build(&t, "%smov %%r1, %%r10\nadd %%r1, -16\nmov %%r2, 9\ncall 6\nexit",
			 tvm_stack_str(str, sizeof(str), "%d%d%d%d", 16));
	assert_int_equal((int64_t)tvm_run(&t, prog, 0), -EINVAL);
	hive_vm_prog_free(prog);
	prog = tvm_build(&t, "%smov %%r1, %%r10\nadd %%r1, -8\nmov %%r2, 3\ncall 6\nexit",
			 tvm_stack_str(str, sizeof(str), "abc", 8));
	assert_int_equal((int64_t)tvm_run(&t, prog, 0), -EINVAL);
	assert_string_equal(vm_env_log(&t.env, NULL), "");
	hive_vm_prog_free(prog);
	/* trace_vprintk: 4 arguments from the stack */
	prog = tvm_build(&t,
			 "%sstdw [%%r10-48], 1\nstdw [%%r10-40], -2\nstdw [%%r10-32], 3\n"
			 "stdw [%%r10-24], 4\nmov %%r1, %%r10\nadd %%r1, -16\nmov %%r2, 16\n"
			 "mov %%r3, %%r10\nadd %%r3, -48\nmov %%r4, 32\ncall 177\nexit",
			 tvm_stack_str(str, sizeof(str), "%d %ld %u %x", 16));
	assert_int_equal(tvm_run(&t, prog, 0), strlen("1 -2 3 4"));
	assert_string_equal(vm_env_log(&t.env, NULL), "1 -2 3 4\n");
	hive_vm_prog_free(prog);
	tvm_fini(&t);

	/* a host sink receives the messages instead */
	struct hive_host_opts opts = { .sz = sizeof(opts) };

	msgs[0] = 0;
	opts.log_fn = append_sink;
	opts.log_ctx = msgs;
	tvm_init(&t, &opts);
	prog = tvm_build(&t,
			 "%smov %%r1, %%r10\nadd %%r1, -8\nmov %%r2, 6\nmov %%r3, 5\ncall 6\nexit",
			 tvm_stack_str(str, sizeof(str), "x=%d\n", 8));
	assert_int_equal(tvm_run(&t, prog, 0), 4);
	assert_int_equal(tvm_run(&t, prog, 0), 4);
	assert_string_equal(msgs, "x=5x=5");
	log = vm_env_log(&t.env, NULL);
	assert_string_equal(log, "");
	hive_vm_prog_free(prog);
	tvm_fini(&t);
}

/* ---- checked mode: memory arguments ---- */

static void test_checked_args(void **state)
{
	struct hive_vm_prog *prog;
	struct tvm t;
	uint64_t r0;

	tvm_init(&t, NULL);
	t.deny = true;
	prog = tvm_build(&t, "lddw %%r1, 0x1000\nmov %%r2, 4\nmov %%r3, 0\nmov %%r4, %%r10\n"
			     "add %%r4, -8\ncall 105\nexit");
	assert_int_equal(tvm_exec(&t, prog, true, 0, &r0), -EINVAL);
	assert_string_equal(t.err,
			    "insn 6: bpf_strtol: invalid read of buffer (4 bytes at 0x1000)");
	hive_vm_prog_free(prog);
	/* the result pointer must be writable: the stack is */
	prog = tvm_build(&t,
			 "%smov %%r1, %%r10\nadd %%r1, -8\nmov %%r2, 3\nmov %%r3, 0\n"
			 "mov %%r4, %%r10\nadd %%r4, -16\ncall 105\nldxdw %%r1, [%%r10-16]\n"
			 "lsh %%r0, 32\nadd %%r0, %%r1\nexit",
			 tvm_stack_str((char[128]){ 0 }, 128, "-17", 8));
	assert_int_equal(tvm_exec(&t, prog, true, 0, &r0), 0);
	assert_true(r0 == (3ULL << 32) + (uint64_t)-17);
	hive_vm_prog_free(prog);
	/* a string argument that is not readable */
	prog = tvm_build(&t, "mov %%r1, %%r10\nadd %%r1, -8\nmov %%r2, 8\nlddw %%r3, 0x2000\n"
			     "call 182\nexit");
	assert_int_equal(tvm_exec(&t, prog, true, 0, &r0), -EINVAL);
	assert_string_equal(t.err, "insn 5: bpf_strncmp: s2 at 0x2000 is not a readable "
				   "NUL-terminated string");
	hive_vm_prog_free(prog);
	/* a NULL map pointer (a missing relocation) */
	prog = tvm_build(&t, "mov %%r1, 0\nmov %%r2, %%r10\nadd %%r2, -8\ncall 1\nexit");
	assert_int_equal(tvm_exec(&t, prog, true, 0, &r0), -EINVAL);
	assert_string_equal(t.err, "insn 3: bpf_map_lookup_elem: NULL map pointer");
	hive_vm_prog_free(prog);
	tvm_fini(&t);
}

/* ---- registration ---- */

static void test_registration(void **state)
{
	struct hive_host_opts opts = { .sz = sizeof(opts), .no_probe_read = true };
	struct hive_host *host = vm_host_new(&opts);
	struct hive_vm *vm = hive_vm_new();
	int ids[] = { 1,   2,	3,   5,	  6,   7,   8,	 12,  14,  15,	16,  42,  87,
		      88,  89,	93,  94,  105, 106, 118, 125, 130, 131, 132, 133, 134,
		      153, 154, 160, 164, 165, 177, 181, 182, 194, 195, 208 };

	assert_int_equal(vm_register_helpers(vm, host), 0);
	for (size_t i = 0; i < ARRAY_SIZE(ids); i++) {
		const struct hive_vm_func *f = hive_vm_helper(vm, ids[i]);

		assert_non_null(f);
		assert_string_equal(f->name, isa_helper_name(ids[i]));
	}
	/* the probe family is left out on request; get_current_task is never there */
	assert_null(hive_vm_helper(vm, VM_FUNC_probe_read_kernel));
	assert_null(hive_vm_helper(vm, VM_FUNC_copy_from_user));
	assert_null(hive_vm_helper(vm, VM_FUNC_get_current_task));
	assert_int_equal(vm_register_helpers(vm, NULL), 0);
	assert_non_null(hive_vm_helper(vm, VM_FUNC_probe_read_kernel));
	hive_vm_free(vm);
	vm_host_free(host);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_strtol),
		cmocka_unit_test(test_strtoul),
		cmocka_unit_test(test_strncmp),
		cmocka_unit_test(test_probe_read),
		cmocka_unit_test(test_probe_read_prog),
		cmocka_unit_test(test_clock),
		cmocka_unit_test(test_random),
		cmocka_unit_test(test_env_helpers_prog),
		cmocka_unit_test(test_identity),
		cmocka_unit_test(test_map_prog),
		cmocka_unit_test(test_queue_percpu_prog),
		cmocka_unit_test(test_bpf_loop),
		cmocka_unit_test(test_for_each_map_elem),
		cmocka_unit_test(test_tail_call),
		cmocka_unit_test(test_tail_call_miss_not_counted),
		cmocka_unit_test(test_env_and_user),
		cmocka_unit_test(test_ringbuf_prog),
		cmocka_unit_test(test_spin_lock_kptr_prog),
		cmocka_unit_test(test_printk_prog),
		cmocka_unit_test(test_checked_args),
		cmocka_unit_test(test_registration),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
