/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/graph/progs/gc.h: what every program of the graph-collection corpus includes.
 *
 * The corpus reproduces the scenarios of spec/graph-collections.md D and E with our own types,
 * names and layouts; the offsets the kernel prints in its messages are therefore ours and are
 * written down next to each type (the driver's tables quote them). Every failure program lives
 * in a `?tc`-style section (not auto-loaded): the driver loads exactly one program per load, as
 * the kernel selftests do, so one bad program never hides another.
 *
 * Globals of a private(X) section are always defined with an initializer (`= {}`): clang
 * places tentative definitions in the order of their first use, initialised ones in
 * declaration order, and the lock offsets the kernel prints depend on that order.
 */
#ifndef __GC_H
#define __GC_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include "bpf_experimental.h"

/* Keep a value alive for the compiler without emitting anything. */
#define gc_sink(x) asm volatile("" ::"r"(x))

/*
 * Make clang forget what it knows about @x here: used after a NULL check so that it cannot
 * hoist a container_of() subtraction above the check (the verifier rejects pointer
 * arithmetic on a maybe-NULL pointer).
 */
#define gc_barrier_var(x) asm volatile("" : "+r"(x))

/* An unknown 32-bit scalar the verifier cannot see through (var_off (0x0; 0xffffffff)). */
#define gc_unknown_u32() ((__u32)bpf_get_prandom_u32())

#endif /* __GC_H */
