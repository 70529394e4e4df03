/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verifier/graph.h: the graph-collection rules (spec graph-collections.md C/D) hooked into the
 * kfunc call path: bpf_list_head/bpf_rb_root arguments and the lock that must protect them
 * (identity (id, ptr) of refs.c), node arguments, owning -> non-owning conversion at insert,
 * local object allocation (bpf_obj_new) and release, refcount acquire, and the rbtree "less"
 * callback.
 */
#ifndef __HIVE_VERIFIER_GRAPH_H
#define __HIVE_VERIFIER_GRAPH_H

#include "verifier/env.h"
#include "verifier/kfunc_call.h"

/* Argument classes LIST_HEAD, LIST_NODE, RB_ROOT, RB_NODE, REFCOUNTED_KPTR, ALLOC_BTF_ID. */
int graph_process_kf_arg(struct bpf_verifier_env *env, int kf_arg_type, struct bpf_reg_state *reg,
			 u32 regno, struct bpf_kfunc_call_arg_meta *meta, u32 argno);
/* The special return values: 1 handled, 0 not a graph kfunc, <0 error (check_special_kfunc). */
int graph_special_ret(struct bpf_verifier_env *env, struct bpf_kfunc_call_arg_meta *meta,
		      struct bpf_reg_state *regs, struct bpf_insn_aux_data *insn_aux,
		      const struct btf_type *ptr_type);
/* After the arguments: insertions turn the inserted node into a non-owning reference. */
int graph_after_args(struct bpf_verifier_env *env, struct bpf_kfunc_call_arg_meta *meta,
		     const struct hive_insn *insn, int insn_idx,
		     struct bpf_insn_aux_data *insn_aux);
/* bpf_obj_drop & co: remember the dropped type's meta for the fixup. */
void graph_void_ret(struct bpf_verifier_env *env, struct bpf_kfunc_call_arg_meta *meta,
		    struct bpf_insn_aux_data *insn_aux);
bool graph_is_node_type(struct bpf_verifier_env *env, const struct btf_type *t);
int set_rbtree_add_callback_state(struct bpf_verifier_env *env, struct bpf_func_state *caller,
				  struct bpf_func_state *callee, int insn_idx);

#endif /* __HIVE_VERIFIER_GRAPH_H */
