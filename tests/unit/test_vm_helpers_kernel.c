// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/unit/test_vm_helpers_kernel.c: differential tests of helpers against the running
 * kernel. Each case is one small program in our assembler syntax; the same instructions are
 * loaded into the kernel with bpf() as a sleepable BPF_PROG_TYPE_SYSCALL program and run with
 * BPF_PROG_TEST_RUN, and run by our interpreter. Programs write their results into the context
 * (a 512-byte buffer) and r0; both contexts and both r0 must be identical.
 *
 * Constant strings (bpf_snprintf formats, bpf_strncmp's second string) live in a frozen
 * read-only array map for the kernel (ld_imm64 BPF_PSEUDO_MAP_VALUE) and in a plain buffer for
 * us: programs load them with `lddw %rN, CONST(k)`, a marker patched per side. Callbacks
 * (bpf_loop, for_each_map_elem) need BTF func_info, built with our BTF writer.
 *
 * Tail calls need a program type that may use a prog array: that case loads a socket filter
 * that counts its runs in skb->cb[0] and compares the count.
 *
 * Where bpf() is not permitted every case prints SKIP and passes without comparing.
 */
#include <sys/syscall.h>
#include <unistd.h>

#include "btf/btf.h"
#include "test_vm_helpers_fixtures.h"

#define CTX_SIZE 512
#define MARK 0x5eed000000000000ULL
#define CONST(k) (MARK | (k))

/* The parts of the bpf() UAPI used here (linux/bpf.h clashes with isa/insn.h). */
enum {
	K_MAP_CREATE = 0,
	K_MAP_UPDATE_ELEM = 2,
	K_PROG_LOAD = 5,
	K_PROG_TEST_RUN = 10,
	K_BTF_LOAD = 18,
	K_MAP_FREEZE = 22,
	K_MAP_TYPE_ARRAY = 2,
	K_MAP_TYPE_PROG_ARRAY = 3,
	K_PROG_TYPE_SOCKET_FILTER = 1,
	K_F_RDONLY_PROG = 1 << 7,
	K_PROG_TYPE_SYSCALL = 31,
	K_F_SLEEPABLE = 1 << 4,
};

struct kfunc_info {
	uint32_t insn_off, type_id;
};

union kattr {
	struct {
		uint32_t map_type, key_size, value_size, max_entries, map_flags;
	} map;
	struct {
		uint32_t map_fd, pad;
		uint64_t key, value, flags;
	} elem;
	struct {
		uint32_t prog_type, insn_cnt;
		uint64_t insns, license;
		uint32_t log_level, log_size;
		uint64_t log_buf;
		uint32_t kern_version, prog_flags;
		char prog_name[16];
		uint32_t prog_ifindex, expected_attach_type, prog_btf_fd, func_info_rec_size;
		uint64_t func_info;
		uint32_t func_info_cnt, line_info_rec_size;
		uint64_t line_info;
		uint32_t line_info_cnt, attach_btf_id;
	} load;
	struct {
		uint32_t prog_fd, retval, data_size_in, data_size_out;
		uint64_t data_in, data_out;
		uint32_t repeat, duration, ctx_size_in, ctx_size_out;
		uint64_t ctx_in, ctx_out;
		uint32_t flags, cpu, batch_size;
	} test;
	struct {
		uint64_t btf, btf_log_buf;
		uint32_t btf_size, btf_log_size, btf_log_level;
	} btf;
	uint8_t bytes[160];
};

static bool kernel_ok = true;
static const char *cur_case = ""; /* what the failing program tests, for messages */
static int nr_compared;

static long sys_bpf(int cmd, union kattr *attr)
{
	long ret = syscall(__NR_bpf, cmd, attr, sizeof(*attr));

	return ret < 0 ? -errno : ret;
}

/* The constant pool of one case: NUL-separated strings at known offsets. */
struct pool {
	char data[1024];
	size_t len;
	size_t off[8];
};

static void pool_add(struct pool *p, int k, const char *s, size_t len)
{
	p->off[k] = p->len;
	memcpy(p->data + p->len, s, len);
	p->len += len + 1;
	assert_true(p->len < sizeof(p->data));
}

static int kernel_pool_map(const struct pool *p)
{
	union kattr attr;
	uint32_t key = 0;
	int fd;

	memset(&attr, 0, sizeof(attr));
	attr.map.map_type = K_MAP_TYPE_ARRAY;
	attr.map.key_size = 4;
	attr.map.value_size = sizeof(p->data);
	attr.map.max_entries = 1;
	attr.map.map_flags = K_F_RDONLY_PROG;
	fd = (int)sys_bpf(K_MAP_CREATE, &attr);
	if (fd < 0) {
		print_message("pool map: BPF_MAP_CREATE: %s\n", strerror(-fd));
		return fd;
	}
	memset(&attr, 0, sizeof(attr));
	attr.elem.map_fd = (uint32_t)fd;
	attr.elem.key = (uintptr_t)&key;
	attr.elem.value = (uintptr_t)p->data;
	if (sys_bpf(K_MAP_UPDATE_ELEM, &attr) < 0 ||
	    (memset(&attr, 0, sizeof(attr)), attr.elem.map_fd = (uint32_t)fd,
	     sys_bpf(K_MAP_FREEZE, &attr) < 0)) {
		print_message("pool map: update/freeze: %s\n", strerror(errno));
		close(fd);
		return -EINVAL;
	}
	return fd;
}

/* Patch CONST(k) ld_imm64s: for the kernel a map value reference, for us an address. */
static void patch(struct hive_insn *insns, size_t cnt, const struct pool *p, int map_fd,
		  const char *base)
{
	for (size_t i = 0; i + 1 < cnt; i++) {
		uint64_t v = (uint32_t)insns[i].imm | (uint64_t)(uint32_t)insns[i + 1].imm << 32;

		if (insns[i].code != (BPF_LD | BPF_DW | BPF_IMM))
			continue;
		if ((v & ~0xffULL) == MARK) {
			if (map_fd >= 0) {
				insns[i].src_reg = BPF_PSEUDO_MAP_VALUE;
				insns[i].imm = map_fd;
				insns[i + 1].imm = (int32_t)p->off[v & 0xff];
			} else {
				v = (uintptr_t)(base + p->off[v & 0xff]);
				insns[i].imm = (int32_t)(uint32_t)v;
				insns[i + 1].imm = (int32_t)(uint32_t)(v >> 32);
			}
		}
		i++;
	}
}

/* BTF for a main function and, if @cb >= 0, a static callback at instruction @cb. */
static int kernel_btf(int cb, struct kfunc_info *fi, uint32_t *nr_fi)
{
	/* an empty BTF (header and the empty string) to add to */
	static const struct {
		uint16_t magic;
		uint8_t version, flags;
		uint32_t hdr_len, type_off, type_len, str_off, str_len;
		char strs[4];
	} empty = { 0xeB9F, 1, 0, 24, 0, 0, 0, 1, "" };
	struct hive_btf *btf = btf_parse_raw(&empty, 24 + 1, NULL);
	union kattr attr;
	const void *raw;
	uint32_t size;
	int i32, ptr, proto, cbproto, u64, fd;

	assert_false(IS_ERR_OR_NULL(btf));
	i32 = btf_add_int(btf, "int", 4, 1);
	ptr = btf_add_ptr(btf, 0);
	proto = btf_add_func_proto(btf, i32);
	btf_add_func_param(btf, "ctx", ptr);
	fi[0] = (struct kfunc_info){ 0, btf_add_func(btf, "main", 1, proto) };
	*nr_fi = 1;
	if (cb >= 0) {
		u64 = btf_add_int(btf, "long", 8, 1);
		cbproto = btf_add_func_proto(btf, u64);
		btf_add_func_param(btf, "a", u64);
		btf_add_func_param(btf, "b", u64);
		btf_add_func_param(btf, "c", u64);
		btf_add_func_param(btf, "d", u64);
		fi[1] = (struct kfunc_info){ (uint32_t)cb, btf_add_func(btf, "cb", 0, cbproto) };
		*nr_fi = 2;
	}
	raw = btf_raw_data(btf, &size);
	memset(&attr, 0, sizeof(attr));
	attr.btf.btf = (uintptr_t)raw;
	attr.btf.btf_size = size;
	fd = (int)sys_bpf(K_BTF_LOAD, &attr);
	btf_free(btf);
	return fd;
}

static int callback_insn(const struct hive_insn *insns, size_t cnt)
{
	for (size_t i = 0; i + 1 < cnt; i++)
		if (insns[i].code == (BPF_LD | BPF_DW | BPF_IMM) &&
		    insns[i].src_reg == BPF_PSEUDO_FUNC)
			return (int)i + insns[i].imm + 1;
	return -1;
}

/* Load and run in the kernel; 0 with *ret and @ctx updated, or -errno (log printed). */
static int kernel_run(struct hive_insn *insns, size_t cnt, const struct pool *p, uint8_t *ctx,
		      uint64_t *ret)
{
	int map_fd = -1, btf_fd = -1, prog_fd, cb = callback_insn(insns, cnt), err = 0;
	struct kfunc_info fi[2];
	static char log[65536];
	union kattr attr;
	uint32_t nr_fi = 0;

	if (p->len && (map_fd = kernel_pool_map(p)) < 0)
		return map_fd;
	patch(insns, cnt, p, map_fd, NULL);
	if (cb >= 0 && (btf_fd = kernel_btf(cb, fi, &nr_fi)) < 0) {
		err = btf_fd;
		goto out;
	}
	memset(&attr, 0, sizeof(attr));
	attr.load.prog_type = K_PROG_TYPE_SYSCALL;
	attr.load.prog_flags = K_F_SLEEPABLE;
	attr.load.insns = (uintptr_t)insns;
	attr.load.insn_cnt = (uint32_t)cnt;
	attr.load.license = (uintptr_t) "GPL";
	attr.load.log_buf = (uintptr_t)log;
	attr.load.log_size = sizeof(log);
	attr.load.log_level = 1;
	if (btf_fd >= 0) {
		attr.load.prog_btf_fd = (uint32_t)btf_fd;
		attr.load.func_info = (uintptr_t)fi;
		attr.load.func_info_cnt = nr_fi;
		attr.load.func_info_rec_size = sizeof(fi[0]);
	}
	log[0] = 0;
	prog_fd = (int)sys_bpf(K_PROG_LOAD, &attr);
	if (prog_fd < 0) {
		err = prog_fd;
		if (err != -EPERM)
			print_message("kernel rejected the program (%d):\n%s\n", err, log);
		goto out;
	}
	memset(&attr, 0, sizeof(attr));
	attr.test.prog_fd = (uint32_t)prog_fd;
	attr.test.ctx_in = (uintptr_t)ctx;
	attr.test.ctx_size_in = CTX_SIZE;
	/* syscall programs write the context back to ctx_in; ctx_out must stay unset */
	err = (int)sys_bpf(K_PROG_TEST_RUN, &attr);
	*ret = attr.test.retval;
	close(prog_fd);
out:
	if (btf_fd >= 0)
		close(btf_fd);
	if (map_fd >= 0)
		close(map_fd);
	return err;
}

/*
 * Run @src (printf-style, assembled) in both; compare r0 (as the kernel's u32 retval) and the
 * contexts. Returns our r0. @p may be NULL.
 */
__attribute__((format(printf, 3, 4))) static uint64_t both(struct tvm *t, const struct pool *p,
							   const char *fmt, ...)
{
	static const struct pool empty;
	uint8_t kctx[CTX_SIZE] = { 0 }, uctx[CTX_SIZE] = { 0 };
	struct hive_insn *insns, *kinsns;
	struct isa_error ierr = { 0 };
	struct hive_vm_prog *prog;
	uint64_t kret = 0, uret;
	char src[16384];
	va_list ap;
	size_t cnt;
	int err;

	p = p ? p : &empty;
	va_start(ap, fmt);
	vsnprintf(src, sizeof(src), fmt, ap);
	va_end(ap);
	if (isa_assemble(src, strlen(src), &insns, &cnt, &ierr))
		fail_msg("assembler: line %d: %s\n%s", ierr.idx, ierr.msg, src);
	kinsns = malloc(cnt * sizeof(*insns));
	assert_non_null(kinsns);
	memcpy(kinsns, insns, cnt * sizeof(*insns));
	patch(insns, cnt, p, -1, p->data);
	prog = hive_vm_prog_new(t->vm, insns, cnt, "diff", &ierr);
	if (IS_ERR(prog))
		fail_msg("validator: insn %d: %s", ierr.idx, ierr.msg);
	uret = tvm_run(t, prog, (uintptr_t)uctx);
	hive_vm_prog_free(prog);
	free(insns);
	if (kernel_ok) {
		err = kernel_run(kinsns, cnt, p, kctx, &kret);
		if (err == -EPERM || err == -ENOSYS) {
			kernel_ok = false;
			printf("SKIP: bpf() not permitted here (%s): kernel comparison skipped\n",
			       strerror(-err));
		} else if (err) {
			fail_msg("kernel load/run failed: %s\n%s", strerror(-err), src);
		} else {
			if ((uint32_t)kret != (uint32_t)uret)
				fail_msg("%s: r0: kernel %#x, ours %#x\n%s", cur_case,
					 (uint32_t)kret, (uint32_t)uret, src);
			if (memcmp(kctx, uctx, CTX_SIZE)) {
				for (int i = 0; i < CTX_SIZE; i++)
					if (kctx[i] != uctx[i])
						fail_msg(
							"%s: ctx byte %d: kernel %#x, ours %#x "
							"(kernel output \"%.64s\", ours \"%.64s\")\n%s",
							cur_case, i, kctx[i], uctx[i], kctx + 64,
							uctx + 64, src);
			}
			nr_compared++;
		}
	}
	free(kinsns);
	return uret;
}

static int setup(void **state)
{
	struct tvm *t = malloc(sizeof(*t));

	tvm_init(t, NULL);
	*state = t;
	return 0;
}

static int teardown(void **state)
{
	tvm_fini(*state);
	free(*state);
	return 0;
}

/* ---- strtol / strtoul ---- */

static void one_strto(struct tvm *t, int helper, const char *s, size_t len, uint64_t flags)
{
	char str[512];

	/* string at [r10-72.. ], result at [r10-80]; ctx[0] = ret, ctx[8] = res */
	both(t, NULL,
	     "mov %%r9, %%r1\n%sstdw [%%r10-80], 99\nmov %%r1, %%r10\nadd %%r1, -72\n"
	     "mov %%r2, %zu\nlddw %%r3, %llu\nmov %%r4, %%r10\nadd %%r4, -80\ncall %d\n"
	     "stxdw [%%r9+0], %%r0\nldxdw %%r1, [%%r10-80]\nstxdw [%%r9+8], %%r1\nmov %%r0, 0\n"
	     "exit",
	     tvm_stack_str(str, sizeof(str), s, 72), len, (unsigned long long)flags, helper);
}

static void test_diff_strtol(void **state)
{
	static const struct {
		const char *s;
		uint64_t flags;
	} cases[] = {
		{ "123", 10 },
		{ "  -42abc", 0 },
		{ "\t\n\v\f\r 7", 0 },
		{ "0x1f", 0 },
		{ "0X1F", 16 },
		{ "1f", 16 },
		{ "0x", 0 },
		{ "0xg", 0 },
		{ "0xg", 16 },
		{ "0x", 16 },
		{ "017", 0 },
		{ "019", 0 },
		{ "019", 8 },
		{ "+5", 0 },
		{ "- 5", 0 },
		{ "   ", 0 },
		{ "-", 0 },
		{ "9223372036854775807", 10 },
		{ "9223372036854775808", 10 },
		{ "-9223372036854775808", 10 },
		{ "-9223372036854775809", 10 },
		{ "18446744073709551615", 10 },
		{ "18446744073709551616", 10 },
		{ "ffffffffffffffff", 16 },
		{ "-0", 0 },
		{ "5", 2 },
		{ "5", 32 | 10 },
		{ "\xa0"
		  "9",
		  0 },
		{ "00000000000000000000000000000000000000000000000000000000000000000001", 10 },
	};

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		for (int h = 0; h < 2; h++)
			one_strto(*state, h ? VM_FUNC_strtoul : VM_FUNC_strtol, cases[i].s,
				  strlen(cases[i].s), cases[i].flags);
	/* a length shorter than the string */
	one_strto(*state, VM_FUNC_strtol, "12345", 3, 10);
	one_strto(*state, VM_FUNC_strtoul, "  ", 1, 10);
}

/* ---- strncmp ---- */

static void test_diff_strncmp(void **state)
{
	static const struct {
		const char *s1, *s2;
		uint32_t n;
	} cases[] = {
		{ "abc", "abd", 3 }, { "abd", "abc", 3 }, { "abc", "abd", 2 },	 { "abc", "ab", 4 },
		{ "ab", "abc", 3 },  { "\xff", "a", 1 },  { "same", "same", 5 },
	};
	char str[256];

	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct pool p = { 0 };

		pool_add(&p, 0, cases[i].s2, strlen(cases[i].s2));
		both(*state, &p,
		     "mov %%r9, %%r1\n%smov %%r1, %%r10\nadd %%r1, -16\nmov %%r2, %u\n"
		     "lddw %%r3, %llu\ncall 182\nstxdw [%%r9+0], %%r0\nmov %%r0, 0\nexit",
		     tvm_stack_str(str, sizeof(str), cases[i].s1, 16), cases[i].n,
		     (unsigned long long)CONST(0));
	}
}

/* ---- snprintf ---- */

/*
 * bpf_snprintf(ctx + 64, size, fmt, args, 8 * nr): ctx[0] = return value, the output at
 * ctx + 64. Arguments are constants; ARG_STR(k) stands for the address of pool string k.
 */
#define ARG_STR(k) (0x5eed000000000100ULL | (k))

/* Assembler lines: zero @n bytes at [r10-@off], or copy them to [r9+@to] when @to >= 0. */
static const char *stack_lines(char *buf, size_t size, int off, int n, int to)
{
	size_t len = 0;

	for (int i = 0; i < n; i += 8) {
		if (to < 0)
			len += (size_t)snprintf(buf + len, size - len, "stdw [%%r10-%d], 0\n",
						off - i);
		else
			len += (size_t)snprintf(buf + len, size - len,
						"ldxdw %%r1, [%%r10-%d]\nstxdw [%%r9+%d], %%r1\n",
						off - i, to + i);
	}
	return buf;
}

static void one_snprintf(struct tvm *t, const char *fmt, uint32_t size, const uint64_t *args,
			 int nr, const char *const *strs, int nr_strs)
{
	char setup[4096], zero[1024], copy[2048];
	size_t n = 0;
	struct pool p = { 0 };

	cur_case = fmt;
	pool_add(&p, 0, fmt, strlen(fmt));
	for (int k = 0; k < nr_strs; k++)
		pool_add(&p, 1 + k, strs[k], strlen(strs[k]));
	setup[0] = 0;
	for (int i = 0; i < nr; i++) {
		if ((args[i] & ~0xffULL) == (ARG_STR(0) & ~0xffULL))
			n += (size_t)snprintf(setup + n, sizeof(setup) - n,
					      "lddw %%r1, %llu\nstxdw [%%r10-%d], %%r1\n",
					      (unsigned long long)CONST(1 + (args[i] & 0xff)),
					      96 - 8 * i);
		else
			n += (size_t)snprintf(setup + n, sizeof(setup) - n,
					      "lddw %%r1, %llu\nstxdw [%%r10-%d], %%r1\n",
					      (unsigned long long)args[i], 96 - 8 * i);
	}
	/* the output buffer is [r10-256, r10-192), zeroed, then copied to ctx + 64 */
	both(t, &p,
	     "mov %%r9, %%r1\n%s%smov %%r1, %%r10\nadd %%r1, -256\nmov %%r2, %u\n"
	     "lddw %%r3, %llu\nmov %%r4, %%r10\nadd %%r4, -96\nmov %%r5, %d\ncall 165\n"
	     "stxdw [%%r9+0], %%r0\n%smov %%r0, 0\nexit",
	     stack_lines(zero, sizeof(zero), 256, 64, -1), setup, size,
	     (unsigned long long)CONST(0), 8 * nr, stack_lines(copy, sizeof(copy), 256, 64, 64));
}

static void test_diff_snprintf(void **state)
{
	static const char *const strs[] = { "str", "a longer string of text", "" };
	struct tvm *t = *state;
	uint64_t a[12] = { 0 };

#define S(fmt, size, ...)                                                          \
	do {                                                                       \
		const uint64_t v_[] = { 0, ##__VA_ARGS__ };                        \
		memcpy(a, v_ + 1, sizeof(v_) - 8);                                 \
		one_snprintf(t, fmt, size, a, (int)(sizeof(v_) / 8 - 1), strs, 3); \
	} while (0)

	S("hello", 64);
	S("%d|%u|%x|%X", 64, -5, -1, 255, 255);
	S("%ld|%lu|%lld|%llx|%lX", 128, -5, -1, -1, 0x1234567890ULL, 0xabcdefULL);
	S("%5d|%-5d|%05d|%-05d|", 64, 42, 42, 42, 7);
	S("%+d|% d|%+d|% d|%+u", 64, 5, 5, -5, -5, 5);
	S("%08x|%-8X|%+08d", 64, 0xbeef, 0xbeef, -12);
	S("%c%c|%3c|%-3c|", 64, 'a', 'b', 'x', 'y');
	S("%s|%8s|%-8s|%s.", 128, ARG_STR(0), ARG_STR(0), ARG_STR(0), ARG_STR(2));
	S("%s", 128, 0);
	S("%s", 128, 1);
	S("%%|%%d", 64);
	S("%px|%p|%pK", 128, 0x1234, 0, 0);
	S("%20px|%-20px|", 128, 0xabc, 0xabc);
	S("%pI4 %pi4", 128, ARG_STR(1), ARG_STR(1));
	S("%pI6|%pi6", 128, ARG_STR(1), ARG_STR(1));
	/* (%pus is left out: a map value is kernel memory, which user reads refuse; here all
	 * memory is the process's) */
	S("%pks %pks.", 128, ARG_STR(0), ARG_STR(1));
	/* truncation, and the return value counting the whole output */
	S("abcdefgh", 4);
	S("%d%d", 3, 12345, 678);
	S("%s", 5, ARG_STR(1));
	S("ab%pI4 %d", 2, ARG_STR(1), 7);
	S("a%pks|%d", 1, ARG_STR(0), 9);
	S("%1000d|%d", 64, 1, 2);
	S("%ld%ld%ld%ld%ld%ld%ld%ld%ld%ld%ld%ld", 128, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
	/* arguments beyond the 512-byte packing buffer */
	S("%s%s%s%s%s%s%s%s%s%s%s%s", 64, ARG_STR(1), ARG_STR(1), ARG_STR(1), ARG_STR(1),
	  ARG_STR(1), ARG_STR(1), ARG_STR(1), ARG_STR(1), ARG_STR(1), ARG_STR(1), ARG_STR(1),
	  ARG_STR(1));
	/* more arguments than conversions is fine */
	S("%d", 64, 1, 2, 3);
#undef S
}

/* ---- trace_printk: the verifier does not look at its format; compare return values ---- */

static void one_printk(struct tvm *t, const char *fmt, uint32_t fmt_size, uint64_t a1, uint64_t a2,
		       uint64_t a3)
{
	char str[512], zero[1024];

	cur_case = fmt;
	both(t, NULL,
	     "mov %%r9, %%r1\n%s%smov %%r1, %%r10\nadd %%r1, -128\nmov %%r2, %u\nlddw %%r3, %llu\n"
	     "lddw %%r4, %llu\nlddw %%r5, %llu\ncall 6\nstxdw [%%r9+0], %%r0\nmov %%r0, 0\nexit",
	     stack_lines(zero, sizeof(zero), 128, 128, -1),
	     tvm_stack_str(str, sizeof(str), fmt, 128), fmt_size, (unsigned long long)a1,
	     (unsigned long long)a2, (unsigned long long)a3);
}

static void test_diff_printk(void **state)
{
	static const char *const bad[] = {
		"%d %d %d %d", "%q",   "%hd",  "%.2d", "%#x",	 "%*d",	 "%n",		 "%f",
		"%lld%",       "%sx",  "%pZ",  "%pI5", "%pi",	 "%lu%", "%z",		 "%",
		"%lx",	       "%hhd", "\x01", "\x7f", "ok\x1b", "\x85", "\xe2\x82\xac", "%s\xc3",
		"\x9f",
	};
	static const char *const good[] = {
		"plain\n",
		"%d %u %x\n",
		"%5d|%-5d|%05d\n",
		"%c%c%c",
		"%s.",
		"%p %px %pK\n",
		"%pS %ps\n",
		"%%%d%%",
		"tab\tnew\nline",
		"%ld|%lld|%llx\n",
		"%pB\n",
		"\xc3\xa9t\xc3\xa9",
		"\xa0",
		"%s\xa9",
		"%p\xa9",
		"%c\xff",
	};
	struct tvm *t = *state;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		one_printk(t, bad[i], (uint32_t)strlen(bad[i]) + 1, 1, 2, 3);
	for (size_t i = 0; i < ARRAY_SIZE(good); i++)
		one_printk(t, good[i], (uint32_t)strlen(good[i]) + 1, 'a', 0, 'c');
	/* no NUL within fmt_size */
	one_printk(t, "abcdef", 6, 0, 0, 0);
	one_printk(t, "abc\0def", 3, 0, 0, 0);
	one_printk(t, "abc", 100, 0, 0, 0);
	/* output beyond the 1024-byte buffer: the full length is returned */
	one_printk(t, "%900d|%200d", 12, 1, 2, 0);
}

/* ---- tail calls ---- */

#define PROG_ARRAY_MARK 0x7a11000000000000ULL

/*
 * A socket filter that counts its runs in skb->cb[0] (ctx + 48), tail-calls an empty slot
 * (@miss_src: `mov %r3, 1` for a constant key, which the kernel's JIT makes a direct tail call,
 * or a key computed from cb[1], an indirect one), then itself, and returns the count.
 */
#define TAIL_DIFF_SRC                                                               \
	"mov %%r6, %%r1\nldxw %%r2, [%%r6+48]\nadd %%r2, 1\nstxw [%%r6+48], %%r2\n" \
	"mov %%r1, %%r6\nlddw %%r2, 0x%llx\n%scall 12\n"                            \
	"mov %%r1, %%r6\nlddw %%r2, 0x%llx\n%scall 12\nldxw %%r0, [%%r6+48]\nexit"

/* Point the marked ld_imm64s at the prog array: a map fd for the kernel, a pointer for us. */
static void patch_map(struct hive_insn *insns, size_t cnt, int map_fd, uint64_t ptr)
{
	for (size_t i = 0; i + 1 < cnt; i++) {
		uint64_t v = (uint32_t)insns[i].imm | (uint64_t)(uint32_t)insns[i + 1].imm << 32;

		if (insns[i].code != (BPF_LD | BPF_DW | BPF_IMM))
			continue;
		if (v == PROG_ARRAY_MARK) {
			insns[i].src_reg = map_fd >= 0 ? BPF_PSEUDO_MAP_FD : 0;
			insns[i].imm = map_fd >= 0 ? map_fd : (int32_t)(uint32_t)ptr;
			insns[i + 1].imm = map_fd >= 0 ? 0 : (int32_t)(uint32_t)(ptr >> 32);
		}
		i++;
	}
}

/* The program in the kernel with itself in slot 0: its return value, or -errno. */
static int64_t kernel_tail_run(struct hive_insn *insns, size_t cnt)
{
	static const uint8_t pkt[64] = { [12] = 0x08 };
	static char log[16384];
	uint32_t key = 0, val;
	int map_fd, prog_fd;
	union kattr attr;
	int64_t ret;

	memset(&attr, 0, sizeof(attr));
	attr.map.map_type = K_MAP_TYPE_PROG_ARRAY;
	attr.map.key_size = 4;
	attr.map.value_size = 4;
	attr.map.max_entries = 4;
	map_fd = (int)sys_bpf(K_MAP_CREATE, &attr);
	if (map_fd < 0)
		return map_fd;
	patch_map(insns, cnt, map_fd, 0);
	memset(&attr, 0, sizeof(attr));
	attr.load.prog_type = K_PROG_TYPE_SOCKET_FILTER;
	attr.load.insns = (uintptr_t)insns;
	attr.load.insn_cnt = (uint32_t)cnt;
	attr.load.license = (uintptr_t) "GPL";
	attr.load.log_buf = (uintptr_t)log;
	attr.load.log_size = sizeof(log);
	attr.load.log_level = 1;
	prog_fd = (int)sys_bpf(K_PROG_LOAD, &attr);
	if (prog_fd < 0) {
		if (prog_fd != -EPERM)
			print_message("kernel rejected the program (%d):\n%s\n", prog_fd, log);
		close(map_fd);
		return prog_fd;
	}
	val = (uint32_t)prog_fd;
	memset(&attr, 0, sizeof(attr));
	attr.elem.map_fd = (uint32_t)map_fd;
	attr.elem.key = (uintptr_t)&key;
	attr.elem.value = (uintptr_t)&val;
	ret = sys_bpf(K_MAP_UPDATE_ELEM, &attr);
	if (!ret) {
		memset(&attr, 0, sizeof(attr));
		attr.test.prog_fd = (uint32_t)prog_fd;
		attr.test.data_in = (uintptr_t)pkt;
		attr.test.data_size_in = sizeof(pkt);
		attr.test.repeat = 1;
		ret = sys_bpf(K_PROG_TEST_RUN, &attr);
		if (!ret)
			ret = attr.test.retval;
	}
	/* closing the map's last fd empties it, which breaks the prog <-> map cycle */
	close(prog_fd);
	close(map_fd);
	return ret;
}

/*
 * Tail calls to an empty slot do not count toward the 33: the kernel's JIT increments the
 * counter only when the slot holds a program, so both give 34 runs (17 if misses counted).
 */
static void test_diff_tail_call_miss(void **state)
{
	static const char *const miss_src[] = {
		"mov %r3, 1\n",
		"ldxw %r3, [%r6+52]\nadd %r3, 1\n",
	};
	static const char *const hit_src[] = {
		"mov %r3, 0\n",
		"ldxw %r3, [%r6+52]\n",
	};
	struct tvm *t = *state;

	for (size_t i = 0; i < ARRAY_SIZE(miss_src); i++) {
		struct hive_map_impl *pa = tvm_map(HIVE_MAP_TYPE_PROG_ARRAY, 4, 4, 4);
		uint8_t uctx[CTX_SIZE] = { 0 };
		struct isa_error ierr = { 0 };
		struct hive_vm_prog *prog;
		struct hive_insn *insns;
		uint64_t uret;
		uint32_t k0 = 0;
		int64_t kret = 0;
		char src[1024];
		size_t cnt;

		snprintf(src, sizeof(src), TAIL_DIFF_SRC, PROG_ARRAY_MARK, miss_src[i],
			 PROG_ARRAY_MARK, hit_src[i]);
		if (isa_assemble(src, strlen(src), &insns, &cnt, &ierr))
			fail_msg("assembler: line %d: %s\n%s", ierr.idx, ierr.msg, src);
		if (kernel_ok) {
			struct hive_insn *kinsns = malloc(cnt * sizeof(*insns));

			assert_non_null(kinsns);
			memcpy(kinsns, insns, cnt * sizeof(*insns));
			kret = kernel_tail_run(kinsns, cnt);
			free(kinsns);
			if (kret == -EPERM || kret == -ENOSYS) {
				kernel_ok = false;
				printf("SKIP: bpf() not permitted here (%s): kernel comparison "
				       "skipped\n",
				       strerror((int)-kret));
			} else if (kret < 0) {
				fail_msg("kernel tail call run failed: %s", strerror((int)-kret));
			}
		}
		patch_map(insns, cnt, -1, (uintptr_t)pa);
		prog = hive_vm_prog_new(t->vm, insns, cnt, "tail", &ierr);
		free(insns);
		assert_false(IS_ERR(prog));
		assert_int_equal(maps_sys_update_fd(pa, &k0, prog, 0), 0);
		uret = tvm_run(t, prog, (uintptr_t)uctx);
		if (kernel_ok) {
			if ((uint64_t)kret != uret)
				fail_msg("%s key: kernel ran %lld times, ours %llu",
					 i ? "variable" : "constant", (long long)kret,
					 (unsigned long long)uret);
			nr_compared++;
		}
		assert_int_equal(uret, 1 + HIVE_VM_MAX_TAIL_CALLS);
		maps_put(pa);
		hive_vm_prog_free(prog);
	}
}

/* ---- callbacks ---- */

static void test_diff_loop(void **state)
{
	static const struct {
		uint64_t nr;
		int flags, stop;
	} cases[] = {
		{ 10, 0, 100 },
		{ 10, 0, 3 },
		{ 0, 0, 0 },
		{ 5, 1, 100 },
		{ (1 << 23) + 1, 0, 100 },
		{ 1, 0, 0 },
		{ 0x100000005ULL, 0, 100 },
	};

	cur_case = "bpf_loop";
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++)
		both(*state, NULL,
		     "mov %%r9, %%r1\nstdw [%%r10-8], 0\nlddw %%r1, %llu\nlddw %%r2, func(cb)\n"
		     "mov %%r3, %%r10\nadd %%r3, -8\nmov %%r4, %d\ncall 181\nstxdw [%%r9+0], %%r0\n"
		     "ldxdw %%r1, [%%r10-8]\nstxdw [%%r9+8], %%r1\nmov %%r0, 0\nexit\n"
		     "cb: ldxdw %%r3, [%%r2+0]\nadd %%r3, %%r1\nadd %%r3, 1000\nstxdw [%%r2+0], %%r3\n"
		     "mov %%r0, 0\njne %%r1, %d, cont\nmov %%r0, 1\ncont: exit",
		     (unsigned long long)cases[i].nr, cases[i].flags, cases[i].stop);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_diff_strtol, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diff_strncmp, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diff_snprintf, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diff_printk, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diff_loop, setup, teardown),
		cmocka_unit_test_setup_teardown(test_diff_tail_call_miss, setup, teardown),
	};
	int failed = cmocka_run_group_tests(tests, NULL, NULL);

	if (kernel_ok)
		printf("kernel differential: %d programs compared with the kernel\n", nr_compared);
	else
		printf("SKIP: kernel differential not run (bpf() not permitted)\n");
	return failed;
}
