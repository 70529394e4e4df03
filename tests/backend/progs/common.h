/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/backend/progs/common.h: what the backend's test programs share: vmlinux.h, libbpf's
 * helper headers and the protocol constants vmlinux.h (types only) does not carry.
 */
#ifndef __HIVE_BACKEND_TEST_PROGS_H
#define __HIVE_BACKEND_TEST_PROGS_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_core_read.h>

#define ETH_ALEN 6
#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define ETH_P_ARP 0x0806
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define TC_ACT_OK 0
#define TC_ACT_SHOT 2

/* Record helper results in .bss so both runtimes' map dumps compare them. */
#define RESULTS(n) __u64 results[n]

#endif
