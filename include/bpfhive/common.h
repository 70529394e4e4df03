/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bpfhive/common.h: conventions shared by the whole public API.
 *
 * Errors: functions returning int return 0 or a negative errno and also set errno; functions
 * returning a pointer return NULL and set errno. Options structs start with `size_t sz` so that
 * they can grow without breaking callers (libbpf's scheme): declare them with HIVE_OPTS().
 */
#ifndef __HIVE_PUBLIC_COMMON_H
#define __HIVE_PUBLIC_COMMON_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h> /* memset in HIVE_OPTS */

#ifdef __cplusplus
extern "C" {
#endif

#ifndef HIVE_API
#define HIVE_API __attribute__((visibility("default")))
#endif

#define HIVE_VERSION_MAJOR 0
#define HIVE_VERSION_MINOR 1
#define HIVE_VERSION_PATCH 0

/* Declare and zero an options struct, setting its size: HIVE_OPTS(hive_test_run_opts, o, .repeat = 10); */
#define HIVE_OPTS(TYPE, NAME, ...)                                       \
	struct TYPE NAME = ({                                            \
		memset(&NAME, 0, sizeof(struct TYPE));                   \
		(struct TYPE){ .sz = sizeof(struct TYPE), __VA_ARGS__ }; \
	})

enum hive_print_level {
	HIVE_WARN,
	HIVE_INFO,
	HIVE_DEBUG,
};

typedef int (*hive_print_fn)(enum hive_print_level level, const char *fmt, va_list args);

/**
 * hive_set_print() - route the library's messages to @fn (NULL silences them).
 * The default prints warnings and info to stderr, and debug too when the environment variable
 * HIVE_LOG_LEVEL is "debug". Returns the previous callback.
 */
HIVE_API hive_print_fn hive_set_print(hive_print_fn fn);

/** hive_version_string() - "MAJOR.MINOR.PATCH" of the library. */
HIVE_API const char *hive_version_string(void);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_PUBLIC_COMMON_H */
