/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/core/progs/core_common.h: what every CO-RE matrix program shares. Each program stores
 * one relocated value per slot of `out` (straight-line code, no reads of target memory), so
 * the host test can read the relocated values back from the final instructions.
 */
#ifndef __CORE_COMMON_H
#define __CORE_COMMON_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "../core_reloc_types.h"

char LICENSE[] SEC("license") = "GPL";

__u64 out[64];

#define F_(T, f, kind) __builtin_preserve_field_info(((T *)0)->f, kind)
#define OFF(T, f) F_(T, f, BPF_FIELD_BYTE_OFFSET)
#define SZ(T, f) F_(T, f, BPF_FIELD_BYTE_SIZE)
#define EXISTS(T, f) F_(T, f, BPF_FIELD_EXISTS)
#define SIGNED(T, f) F_(T, f, BPF_FIELD_SIGNED)
#define LSHIFT(T, f) F_(T, f, BPF_FIELD_LSHIFT_U64)
#define RSHIFT(T, f) F_(T, f, BPF_FIELD_RSHIFT_U64)

#endif /* __CORE_COMMON_H */
