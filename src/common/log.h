/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * common/log.h: the library's own messages (not the verifier log, which is a per-call buffer).
 * Everything goes through the user-settable print callback of hive_set_print().
 */
#ifndef __HIVE_COMMON_LOG_H
#define __HIVE_COMMON_LOG_H

#include "bpfhive/common.h"

__attribute__((format(printf, 2, 3))) void hive_pr(enum hive_print_level level, const char *fmt,
						   ...);

#define pr_warn(fmt, ...) hive_pr(HIVE_WARN, "bpfhive: " fmt, ##__VA_ARGS__)
#define pr_info(fmt, ...) hive_pr(HIVE_INFO, "bpfhive: " fmt, ##__VA_ARGS__)
#define pr_debug(fmt, ...) hive_pr(HIVE_DEBUG, "bpfhive: " fmt, ##__VA_ARGS__)

/* errstr(-EINVAL) = "-EINVAL": the libbpf spelling used in messages. */
const char *hive_errstr(int err);

#endif /* __HIVE_COMMON_LOG_H */
