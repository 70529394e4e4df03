// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/cases_ll.c: spec D.4.a/b as a table generated from progs/ll_matrix.h, the
 * same X-macros that generate the 80 programs, so a name here is a program there. The lock
 * offset in the message is the one of the head's container (ll.h): ll_bin 32, .data.A 24,
 * ll_slot 8.
 */
#include <stddef.h>

#include "cases.h"
#include "progs/ll_matrix.h"

#define GC_STR_(x) #x
#define GC_STR(x) GC_STR_(x)

#define GC_LL_HELD(h) \
	"bpf_spin_lock at off=" GC_STR(GC_LL_LOCK_OFF_##h) " must be held for bpf_list_head"

#define MISSING_CASE(h, op)                      \
	{ .name = "d4." #h "_missing_lock_" #op, \
	  .section = "D.4.a",                    \
	  .kind = GC_REJECT,                     \
	  .obj = "ll_lock",                      \
	  .prog = #h "_missing_lock_" #op,       \
	  .msg = GC_LL_HELD(h) },

#define INCORRECT_CASE(l, h, op)                          \
	{ .name = "d4." #l "_" #h "_incorrect_lock_" #op, \
	  .section = "D.4.b",                             \
	  .kind = GC_REJECT,                              \
	  .obj = "ll_lock",                               \
	  .prog = #l "_" #h "_incorrect_lock_" #op,       \
	  .msg = "held lock and object are not in the same allocation\n" GC_LL_HELD(h) },

const struct gc_case gc_ll_lock_cases[] = {
	GC_LL_MISSING(MISSING_CASE) GC_LL_INCORRECT(INCORRECT_CASE){ .name = NULL },
};
