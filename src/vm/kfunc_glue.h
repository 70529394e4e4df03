/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vm/kfunc_glue.h: the kfuncs BPF programs call, installed in a vm's kfunc table under their
 * kernel names so that the loader can resolve a kfunc call by name (hive_vm_find_kfunc()).
 *
 * What gets installed:
 *  - every graph-collection kfunc of kfunc/ (kfunc_table(): bpf_obj_new_impl,
 *    bpf_list_push_back_impl, bpf_rbtree_first, ...), with the hidden arguments already in
 *    place as the verifier's fixup leaves them (spec B.0 rule 25: R1 of bpf_obj_new_impl is the
 *    object size and R2 the struct hive_struct_meta pointer, push/add get meta and node
 *    offset). bpf_rbtree_add_impl's R3 is a BPF function address (PSEUDO_FUNC ld_imm64): each
 *    comparison runs that subprogram with hive_vm_call(run, less, a, b) and takes a non-zero
 *    r0 as "a < b";
 *  - run-time kfuncs with no state: bpf_rcu_read_lock/bpf_rcu_read_unlock (no-ops: a whole run
 *    is one RCU read-side section, see vm_env_enter()), bpf_cast_to_kern_ctx and
 *    bpf_rdonly_cast (identity), and the open-coded numbers iterator bpf_iter_num_new/next/
 *    destroy with the kernel's behaviour (8-byte state {cur, end}; new() fails with -EINVAL for
 *    start > end and -E2BIG for more than 1 << 23 iterations, leaving an empty iterator).
 */
#ifndef __HIVE_VM_KFUNC_GLUE_H
#define __HIVE_VM_KFUNC_GLUE_H

#include "vm/vm.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * vm_register_kfuncs() - append the kfuncs above to @vm's kfunc table (names not yet present
 * only, so calling it twice is harmless). Returns 0, -ENOMEM, or -E2BIG if kfunc/ grew more
 * kfuncs than this file has trampolines for (a build-time limit: raise VM_KFUNC_TRAMPOLINES).
 */
int vm_register_kfuncs(struct hive_vm *vm);

/* Kernel names of what vm_register_kfuncs() installs besides kfunc_table(), NULL-terminated. */
extern const char *const vm_runtime_kfunc_names[];

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_VM_KFUNC_GLUE_H */
