/* SPDX-License-Identifier: BSD-2-Clause */
/* bench/interp/native.h: the benchmark programs in C (native.c). */
#ifndef __HIVE_BENCH_NATIVE_H
#define __HIVE_BENCH_NATIVE_H

#include <stdint.h>

uint64_t native_loop(uint64_t seed);
uint64_t native_calls(uint64_t seed);
uint64_t native_memory(uint64_t seed);
uint64_t native_branchy(uint64_t seed);
uint64_t native_alu32(uint64_t seed);

#endif /* __HIVE_BENCH_NATIVE_H */
