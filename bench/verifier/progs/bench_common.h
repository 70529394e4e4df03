/* SPDX-License-Identifier: BSD-2-Clause */
#ifndef __HIVE_BENCH_COMMON_H
#define __HIVE_BENCH_COMMON_H
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_tracing.h>
#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86DD
#define ETH_P_8021Q 0x8100
#define ETH_P_8021AD 0x88A8
#define IPPROTO_TCP 6
#define IPPROTO_UDP 17
#define IPPROTO_ICMP 1
#define TC_ACT_OK 0
#define TC_ACT_SHOT 2
#endif
