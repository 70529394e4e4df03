// SPDX-License-Identifier: BSD-2-Clause
/*
 * vm/helpers_str.c: string helpers (bpf_strtol, bpf_strtoul, bpf_strncmp) and the fault-safe
 * memory readers (bpf_probe_read_{kernel,user}[_str], bpf_copy_from_user).
 *
 * strtol/strtoul follow the kernel's __bpf_strtoull(): flags carry the base in their low 5 bits
 * (0, 8, 10 or 16; any other bit set is -EINVAL); leading whitespace (the kernel's isspace(),
 * which includes 0xa0) is skipped, then one optional '-' (no '+'); at most 63 characters are
 * looked at; base 0 means 16 after "0x" followed by a hex digit, 8 after "0", else 10; base 16
 * skips an "0x" prefix; no digit is -EINVAL, a value past 64 bits is -ERANGE, and strtol also
 * gives -ERANGE for a value outside s64. The result is the number of characters consumed.
 *
 * "Kernel" and "user" memory are both this process's memory. A read never faults: it goes
 * through process_vm_readv() on our own pid, which reports a bad address as EFAULT, or (where
 * that system call is refused) through a pipe, whose write() does the same. Reads are split at
 * page boundaries so a string ending just before an unmapped page is still read.
 */
#include <errno.h>
#include <string.h>
#include <sys/uio.h>
#include <unistd.h>

#include "common/err.h"
#include "vm/helpers.h"

#define HELPER(name)                                                                              \
	static uint64_t h_##name(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5, \
				 struct hive_vm_run *run)

#define PAGE_SZ 4096UL

/* ---- strtol / strtoul ---- */

/* The kernel's isspace(): \t \n \v \f \r, space, and 0xa0 (Latin-1 NBSP) in its ctype table. */
static bool k_isspace(unsigned char c)
{
	return (c >= 9 && c <= 13) || c == ' ' || c == 0xa0;
}

static int digit_val(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20;
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return 99;
}

/* Returns characters consumed or -errno; *neg tells whether a '-' was seen. */
static long strtoull_core(const char *buf, size_t buf_len, uint64_t flags, uint64_t *res, bool *neg)
{
	unsigned base = flags & VM_BPF_STRTOX_BASE_MASK;
	size_t pos = 0, len, n = 0;
	bool overflow = false;
	uint64_t v = 0;
	char str[64];
	const char *s;

	if (!buf || !buf_len)
		return -EINVAL;
	if ((base != 0 && base != 8 && base != 10 && base != 16) ||
	    (flags & ~(uint64_t)VM_BPF_STRTOX_BASE_MASK))
		return -EINVAL;
	while (pos < buf_len && k_isspace((unsigned char)buf[pos]))
		pos++;
	*neg = pos < buf_len && buf[pos] == '-';
	if (*neg)
		pos++;
	if (pos == buf_len)
		return -EINVAL;
	/* the kernel parses a NUL-terminated copy of at most 63 characters */
	len = buf_len - pos < sizeof(str) - 1 ? buf_len - pos : sizeof(str) - 1;
	memcpy(str, buf + pos, len);
	str[len] = 0;
	s = str;
	if (base == 0)
		base = s[0] != '0' ? 10 : ((s[1] | 0x20) == 'x' && digit_val(s[2]) < 16) ? 16 : 8;
	if (base == 16 && s[0] == '0' && (s[1] | 0x20) == 'x')
		s += 2;
	for (; digit_val(s[n]) < (int)base; n++) {
		unsigned d = digit_val(s[n]);

		if (v > (UINT64_MAX - d) / base)
			overflow = true;
		v = v * base + d;
	}
	if (overflow)
		return -ERANGE;
	if (!n)
		return -EINVAL;
	*res = v;
	return (long)(pos + (size_t)(s - str) + n);
}

long vm_strtol(const char *buf, size_t buf_len, uint64_t flags, int64_t *res)
{
	uint64_t v = 0;
	bool neg = false;
	long ret;

	*res = 0;
	ret = strtoull_core(buf, buf_len, flags, &v, &neg);
	if (ret < 0)
		return ret;
	if (neg ? (v > (uint64_t)INT64_MAX + 1) : (v > (uint64_t)INT64_MAX))
		return -ERANGE;
	*res = neg ? (int64_t)(0 - v) : (int64_t)v;
	return ret;
}

long vm_strtoul(const char *buf, size_t buf_len, uint64_t flags, uint64_t *res)
{
	uint64_t v = 0;
	bool neg = false;
	long ret;

	*res = 0;
	ret = strtoull_core(buf, buf_len, flags, &v, &neg);
	if (ret < 0)
		return ret;
	if (neg)
		return -EINVAL;
	*res = v;
	return ret;
}

long vm_strncmp(const char *s1, uint32_t s1_sz, const char *s2)
{
	for (; s1_sz; s1_sz--) {
		unsigned char c1 = (unsigned char)*s1++, c2 = (unsigned char)*s2++;

		if (c1 != c2)
			return c1 < c2 ? -1 : 1;
		if (!c1)
			break;
	}
	return 0;
}

/* ---- fault-safe reads ---- */

static int read_method; /* 0: untried, 1: process_vm_readv, 2: pipe */

/* Copy [src, src + len) within one page; 0 or -EFAULT. */
static int pipe_read(void *dst, uint64_t src, size_t len)
{
	int fds[2], err = 0;

	if (pipe(fds))
		return -EFAULT;
	if (write(fds[1], (const void *)(uintptr_t)src, len) != (ssize_t)len ||
	    read(fds[0], dst, len) != (ssize_t)len)
		err = -EFAULT;
	close(fds[0]);
	close(fds[1]);
	return err;
}

static int chunk_read(void *dst, uint64_t src, size_t len)
{
	struct iovec local = { dst, len }, remote = { (void *)(uintptr_t)src, len };
	int method = __atomic_load_n(&read_method, __ATOMIC_RELAXED);
	ssize_t n;

	if (method != 2) {
		n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
		if (n == (ssize_t)len) {
			__atomic_store_n(&read_method, 1, __ATOMIC_RELAXED);
			return 0;
		}
		if (n >= 0 || errno == EFAULT || method == 1)
			return -EFAULT;
		__atomic_store_n(&read_method, 2, __ATOMIC_RELAXED); /* ENOSYS, EPERM... */
	}
	return pipe_read(dst, src, len);
}

static size_t to_page_end(uint64_t addr, size_t len)
{
	size_t room = PAGE_SZ - (addr & (PAGE_SZ - 1));

	return len < room ? len : room;
}

long vm_probe_read(void *dst, uint32_t size, uint64_t src)
{
	for (size_t done = 0; done < size;) {
		size_t n = to_page_end(src + done, size - done);

		if (src + done < src || chunk_read((char *)dst + done, src + done, n)) {
			memset(dst, 0, size);
			return -EFAULT;
		}
		done += n;
	}
	return 0;
}

/* Bytes after the NUL are never copied: equal strings give equal buffers (map keys). */
long vm_probe_read_str(void *dst, uint32_t size, uint64_t src)
{
	char *out = dst, chunk[256];
	size_t done = 0;

	if (!size)
		return 0;
	while (done < size) {
		size_t n = to_page_end(src + done, size - done);
		char *nul;

		if (n > sizeof(chunk))
			n = sizeof(chunk);
		if (src + done < src || chunk_read(chunk, src + done, n)) {
			memset(dst, 0, size);
			return -EFAULT;
		}
		nul = memchr(chunk, 0, n);
		if (nul) {
			memcpy(out + done, chunk, (size_t)(nul - chunk) + 1);
			return (long)(done + (size_t)(nul - chunk) + 1);
		}
		memcpy(out + done, chunk, n);
		done += n;
	}
	out[size - 1] = 0;
	return size;
}

/* ---- helpers ---- */

HELPER(strtol)
{
	int64_t res;
	long ret;

	if (!vm_helper_mem_ok(run, "bpf_strtol", "buffer", r1, r2, false) ||
	    !vm_helper_mem_ok(run, "bpf_strtol", "result", r4, 8, true))
		return 0;
	ret = vm_strtol((const char *)(uintptr_t)r1, r2, r3, &res);
	*(int64_t *)(uintptr_t)r4 = res;
	return (uint64_t)ret;
}

HELPER(strtoul)
{
	uint64_t res;
	long ret;

	if (!vm_helper_mem_ok(run, "bpf_strtoul", "buffer", r1, r2, false) ||
	    !vm_helper_mem_ok(run, "bpf_strtoul", "result", r4, 8, true))
		return 0;
	ret = vm_strtoul((const char *)(uintptr_t)r1, r2, r3, &res);
	*(uint64_t *)(uintptr_t)r4 = res;
	return (uint64_t)ret;
}

HELPER(strncmp)
{
	if (!vm_helper_mem_ok(run, "bpf_strncmp", "s1", r1, (uint32_t)r2, false) ||
	    !vm_helper_str_ok(run, "bpf_strncmp", "s2", r3))
		return 0;
	return (uint64_t)vm_strncmp((const char *)(uintptr_t)r1, (uint32_t)r2,
				    (const char *)(uintptr_t)r3);
}

static uint64_t probe(struct hive_vm_run *run, const char *name, uint64_t dst, uint64_t size,
		      uint64_t src, bool str)
{
	if (!vm_helper_mem_ok(run, name, "destination", dst, (uint32_t)size, true))
		return 0;
	if (str)
		return (uint64_t)vm_probe_read_str((void *)(uintptr_t)dst, (uint32_t)size, src);
	return (uint64_t)vm_probe_read((void *)(uintptr_t)dst, (uint32_t)size, src);
}

HELPER(probe_read_kernel)
{
	return probe(run, "bpf_probe_read_kernel", r1, r2, r3, false);
}

HELPER(probe_read_user)
{
	return probe(run, "bpf_probe_read_user", r1, r2, r3, false);
}

HELPER(probe_read_kernel_str)
{
	return probe(run, "bpf_probe_read_kernel_str", r1, r2, r3, true);
}

HELPER(probe_read_user_str)
{
	return probe(run, "bpf_probe_read_user_str", r1, r2, r3, true);
}

/* bpf_copy_from_user(dst, size, user_ptr): 0, or -EFAULT with dst zeroed. */
HELPER(copy_from_user)
{
	return probe(run, "bpf_copy_from_user", r1, r2, r3, false);
}

#define D(name)                             \
	{                                   \
		VM_FUNC_##name, h_##name, 0 \
	}
#define DP(name)                                          \
	{                                                 \
		VM_FUNC_##name, h_##name, VM_HELPER_PROBE \
	}

static const struct vm_helper_desc descs[] = {
	D(strtol),
	D(strtoul),
	D(strncmp),
	DP(probe_read_user),
	DP(probe_read_kernel),
	DP(probe_read_user_str),
	DP(probe_read_kernel_str),
	DP(copy_from_user),
	/* the legacy bpf_probe_read/_str pick user or kernel by address: one memory here */
	{ VM_FUNC_probe_read, h_probe_read_kernel, VM_HELPER_PROBE },
	{ VM_FUNC_probe_read_str, h_probe_read_kernel_str, VM_HELPER_PROBE },
};

const struct vm_helper_group vm_helpers_str = { "str", descs, ARRAY_SIZE(descs) };
