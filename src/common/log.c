// SPDX-License-Identifier: BSD-2-Clause
/*
 * common/log.c: the print callback behind pr_warn()/pr_info()/pr_debug().
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/log.h"

__attribute__((format(printf, 2, 0))) static int default_print(enum hive_print_level level,
							       const char *fmt, va_list args)
{
	static int debug = -1;

	if (debug < 0) {
		const char *env = getenv("HIVE_LOG_LEVEL");

		debug = env && !strcmp(env, "debug");
	}
	if (level == HIVE_DEBUG && !debug)
		return 0;
	return vfprintf(stderr, fmt, args);
}

static hive_print_fn print_fn = default_print;

HIVE_API hive_print_fn hive_set_print(hive_print_fn fn)
{
	hive_print_fn old = print_fn;

	print_fn = fn;
	return old;
}

HIVE_API const char *hive_version_string(void)
{
	return "0.1.0";
}

void hive_pr(enum hive_print_level level, const char *fmt, ...)
{
	va_list args;
	int saved = errno;

	if (!print_fn)
		return;
	va_start(args, fmt);
	print_fn(level, fmt, args);
	va_end(args);
	errno = saved;
}

const char *hive_errstr(int err)
{
	static const struct {
		int err;
		const char *name;
	} names[] = {
		{ EPERM, "-EPERM" },	 { ENOENT, "-ENOENT" },
		{ ESRCH, "-ESRCH" },	 { EINTR, "-EINTR" },
		{ EIO, "-EIO" },	 { E2BIG, "-E2BIG" },
		{ EBADF, "-EBADF" },	 { EAGAIN, "-EAGAIN" },
		{ ENOMEM, "-ENOMEM" },	 { EACCES, "-EACCES" },
		{ EFAULT, "-EFAULT" },	 { EBUSY, "-EBUSY" },
		{ EEXIST, "-EEXIST" },	 { ENODEV, "-ENODEV" },
		{ EINVAL, "-EINVAL" },	 { ENOSPC, "-ENOSPC" },
		{ ERANGE, "-ERANGE" },	 { ENAMETOOLONG, "-ENAMETOOLONG" },
		{ ENOSYS, "-ENOSYS" },	 { ELOOP, "-ELOOP" },
		{ 524, "-ENOTSUPP" },	 { EOPNOTSUPP, "-EOPNOTSUPP" },
		{ ENOEXEC, "-ENOEXEC" }, { EPROTO, "-EPROTO" },
	};
	static __thread char buf[32];
	int e = err < 0 ? -err : err;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (names[i].err == e)
			return names[i].name;
	snprintf(buf, sizeof(buf), "%d", err);
	return buf;
}
