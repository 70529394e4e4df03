/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * relo/core_internal.h: shared by the files of src/relo/ only.
 */
#ifndef __HIVE_RELO_CORE_INTERNAL_H
#define __HIVE_RELO_CORE_INTERNAL_H

/* pr_warn() one libbpf-format line ("...\n") and remember it as core_last_warning(). */
__attribute__((format(printf, 1, 2))) void core_warn(const char *fmt, ...);

#endif /* __HIVE_RELO_CORE_INTERNAL_H */
