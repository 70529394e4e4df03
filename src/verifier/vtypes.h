/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verifier/vtypes.h: the kernel's fixed-width integer names and limits, so that the verifier
 * reads like kernel/bpf/verifier.c (u64, s32, U32_MAX, S64_MIN ...).
 */
#ifndef __HIVE_VERIFIER_VTYPES_H
#define __HIVE_VERIFIER_VTYPES_H

#include <stdbool.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int8_t s8;
typedef int16_t s16;
typedef int32_t s32;
typedef int64_t s64;

#define U8_MAX UINT8_MAX
#define U16_MAX UINT16_MAX
#define U32_MAX UINT32_MAX
#define U64_MAX UINT64_MAX
#define S8_MIN INT8_MIN
#define S8_MAX INT8_MAX
#define S16_MIN INT16_MIN
#define S16_MAX INT16_MAX
#define S32_MIN INT32_MIN
#define S32_MAX INT32_MAX
#define S64_MIN INT64_MIN
#define S64_MAX INT64_MAX

/* Typed min/max that evaluate each argument once, like the kernel's min_t()/max_t(). */
#define min_t(type, a, b)              \
	({                             \
		type __a = (type)(a);  \
		type __b = (type)(b);  \
		__a < __b ? __a : __b; \
	})
#define max_t(type, a, b)              \
	({                             \
		type __a = (type)(a);  \
		type __b = (type)(b);  \
		__a > __b ? __a : __b; \
	})

#endif /* __HIVE_VERIFIER_VTYPES_H */
