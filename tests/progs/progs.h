/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * tests/progs/progs.h: what the test programs share on top of vmlinux.h and libbpf's
 * bpf_helpers.h: the graph-collection macros of the kernel's bpf_experimental.h, written
 * here (the kfunc prototypes themselves come from vmlinux.h, as `bpftool btf dump ... format c`
 * emits them for FUNCs tagged bpf_kfunc).
 */
#ifndef __HIVE_TEST_PROGS_H
#define __HIVE_TEST_PROGS_H

#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>

/* A node type contained in a root: the verifier reads this decl tag. */
#define __contains(name, node) __attribute__((btf_decl_tag("contains:" #name ":" #node)))
/* Globals of a private data section, so the lock and its root share one map value. */
#define private(name) SEC(".data." #name) __hidden __attribute__((aligned(8)))

#define bpf_obj_new(type) ((type *)bpf_obj_new_impl(bpf_core_type_id_local(type), NULL))
#define bpf_obj_drop(kptr) bpf_obj_drop_impl(kptr, NULL)
#define bpf_refcount_acquire(kptr) bpf_refcount_acquire_impl(kptr, NULL)
#define bpf_rbtree_add(head, node, less) bpf_rbtree_add_impl(head, node, less, NULL, 0)
#define bpf_list_push_front(head, node) bpf_list_push_front_impl(head, node, NULL, 0)
#define bpf_list_push_back(head, node) bpf_list_push_back_impl(head, node, NULL, 0)

#endif /* __HIVE_TEST_PROGS_H */
