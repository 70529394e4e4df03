/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/graph/progs/ll_matrix.h: the combinatorial part of spec D.4 as X-macros, included by
 * the BPF side (ll_lock.bpf.c stamps out one program per entry) and by the driver (which
 * stamps out the matching case table), so names and expectations cannot drift apart.
 *
 * Owners of a lock or a list head: kptr (an owning struct bucket), global (.data.A), map (a
 * value of `slots`), inner_map (a value of the inner map of `slot_maps`).
 *
 *   GC_LL_MISSING(X):   X(head_owner, op)           -> <head>_missing_lock_<op>        (16)
 *   GC_LL_INCORRECT(X): X(lock_owner, head_owner, op) -> <lock>_<head>_incorrect_lock_<op> (64)
 *
 * GC_LL_LOCK_OFF_<head_owner> is the offset of the bpf_spin_lock that protects that head in
 * its container (see ll.h): it is the number in "bpf_spin_lock at off=N must be held".
 */
#ifndef __GC_LL_MATRIX_H
#define __GC_LL_MATRIX_H

#define GC_LL_LOCK_OFF_kptr 32
#define GC_LL_LOCK_OFF_global 24
#define GC_LL_LOCK_OFF_map 8
#define GC_LL_LOCK_OFF_inner_map 8

#define GC_LL_OPS1(X, h) X(h, push_front) X(h, push_back) X(h, pop_front) X(h, pop_back)
#define GC_LL_OPS2(X, l, h) \
	X(l, h, push_front) X(l, h, push_back) X(l, h, pop_front) X(l, h, pop_back)

#define GC_LL_MISSING(X) \
	GC_LL_OPS1(X, kptr) GC_LL_OPS1(X, global) GC_LL_OPS1(X, map) GC_LL_OPS1(X, inner_map)

#define GC_LL_INCORRECT_L(X, l) \
	GC_LL_OPS2(X, l, kptr)  \
	GC_LL_OPS2(X, l, global) GC_LL_OPS2(X, l, map) GC_LL_OPS2(X, l, inner_map)

#define GC_LL_INCORRECT(X)         \
	GC_LL_INCORRECT_L(X, kptr) \
	GC_LL_INCORRECT_L(X, global) GC_LL_INCORRECT_L(X, map) GC_LL_INCORRECT_L(X, inner_map)

#endif /* __GC_LL_MATRIX_H */
