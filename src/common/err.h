/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * common/err.h: error pointers and small helpers that every component uses.
 *
 * Internally a function returns 0 or -errno, or for pointers ERR_PTR(-errno), as the kernel and
 * libbpf do; the public edge (hive_err(), hive_ptr()) converts to libbpf's convention.
 */
#ifndef __HIVE_COMMON_ERR_H
#define __HIVE_COMMON_ERR_H

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define HIVE_MAX_ERRNO 4095

static inline void *ERR_PTR(long error)
{
	return (void *)error;
}

static inline long PTR_ERR(const void *ptr)
{
	return (long)ptr;
}

static inline bool IS_ERR(const void *ptr)
{
	return (uintptr_t)ptr >= (uintptr_t)-HIVE_MAX_ERRNO;
}

static inline bool IS_ERR_OR_NULL(const void *ptr)
{
	return !ptr || IS_ERR(ptr);
}

/* Public edge: -errno is returned and errno is set (libbpf_err()). */
static inline int hive_err(int ret)
{
	if (ret < 0)
		errno = -ret;
	return ret;
}

/* Public edge: an ERR_PTR becomes NULL with errno set (libbpf_ptr()). */
static inline void *hive_ptr(void *ret)
{
	if (IS_ERR(ret)) {
		errno = -PTR_ERR(ret);
		return NULL;
	}
	if (!ret)
		errno = ENOMEM;
	return ret;
}

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#ifndef container_of
#define container_of(ptr, type, member) ((type *)((char *)(ptr)-offsetof(type, member)))
#endif

#define hive_min(a, b) ((a) < (b) ? (a) : (b))
#define hive_max(a, b) ((a) > (b) ? (a) : (b))
#define hive_round_up(x, a) ((((x) + (a)-1) / (a)) * (a))

#define likely(x) __builtin_expect(!!(x), 1)
#define unlikely(x) __builtin_expect(!!(x), 0)

/* Exported symbols: the shared library is built with -fvisibility=hidden. */
#ifndef HIVE_API
#define HIVE_API __attribute__((visibility("default")))
#endif

/* Overflow-checked arithmetic for sizes read from untrusted files. */
#define hive_add_overflow(a, b, res) __builtin_add_overflow(a, b, res)
#define hive_mul_overflow(a, b, res) __builtin_mul_overflow(a, b, res)

#endif /* __HIVE_COMMON_ERR_H */
