// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/graph/cases_fail.c: the programs the kernel must reject (spec D.1-D.3, D.4.c, D.6,
 * D.7, D.9, D.10) and the D.8 programs whose 6.18 verdict the spec only derived. Messages use
 * our layouts (each program's header comment gives the offsets); `{{...}}` is a regex.
 * Where the spec's text differs from what this kernel prints, .note says so.
 */
#include <errno.h>
#include <stddef.h>

#include "cases.h"

#define REJ(sec, nm, o, p, m, ...)                                                            \
	{                                                                                     \
		.name = nm, .section = sec, .kind = GC_REJECT, .obj = o, .prog = p, .msg = m, \
		__VA_ARGS__                                                                   \
	}
#define ACC(sec, nm, o, p, ...)                                                                 \
	{                                                                                       \
		.name = nm, .section = sec, .kind = GC_ACCEPT, .obj = o, .prog = p, __VA_ARGS__ \
	}

/* struct job: rb@24; .data.Q: q_lock@40 */
#define Q_HELD "bpf_spin_lock at off=40 must be held for bpf_rb_root"
/* .data.S0: s_lock0@24 */
#define S_HELD "bpf_spin_lock at off=24 must be held for bpf_rb_root"
/* .data.P: p_lock@16 */
#define P_HELD "bpf_spin_lock at off=16 must be held for bpf_list_head"
#define NOT_ALLOC "arg#1 expected pointer to allocated object"
#define REMOVE_REF "bpf_rbtree_remove can only take non-owning or refcounted bpf_rb_node pointer"
#define ZERO_OFF "R1 must have zero offset when passed to release func"

const struct gc_case gc_fail_cases[] = {
	/* ---- D.1: rb_fail.bpf.c ---- */
	REJ("D.1", "d1.nolock_add", "rb_fail", "rbf_nolock_add", Q_HELD),
	REJ("D.1", "d1.nolock_remove", "rb_fail", "rbf_nolock_remove", Q_HELD),
	REJ("D.1", "d1.nolock_first", "rb_fail", "rbf_nolock_first", Q_HELD),
	/* first: id 1 (RET_NULL); remove: id 2 (RET_NULL) then reference id 3 */
	REJ("D.1", "d1.remove_no_drop", "rb_fail", "rbf_remove_no_drop",
	    "Unreleased reference id=3 alloc_insn={{[0-9]+}}"),
	REJ("D.1", "d1.add_two_trees", "rb_fail", "rbf_add_two_trees", NOT_ALLOC),
	REJ("D.1", "d1.readd_unchecked", "rb_fail", "rbf_readd_unchecked",
	    "dereference of modified ptr_or_null_ ptr R2 off=24 disallowed",
	    .note = "spec: off=16 (selftest layout); our job.rb is at 24"),
	REJ("D.1", "d1.add_escape", "rb_fail", "rbf_add_escape", REMOVE_REF),
	REJ("D.1", "d1.first_escape", "rb_fail", "rbf_first_escape", REMOVE_REF),
	REJ("D.1", "d1.cb_add", "rb_fail", "rbf_cb_add", NOT_ALLOC),
	REJ("D.1", "d1.cb_remove", "rb_fail", "rbf_cb_remove",
	    "bpf_rbtree_remove not allowed in rbtree cb",
	    .note = "spec quotes the substring rbtree_remove not allowed in rbtree cb"),
	REJ("D.1", "d1.cb_unlock", "rb_fail", "rbf_cb_unlock",
	    "can't spin_{lock,unlock} in rbtree cb"),

	/* ---- D.2 ---- */
	REJ("D.2", "d2.wrong_node_type", "rb_btf_wrong_node", "wn_first",
	    "map '.data.W' has no valid bpf_spin_lock",
	    .note = "spec: fails at map creation (-EINVAL); 6.18 creates the map with its "
		    "record dropped (btf_parse_fields' error is not propagated by map_check_btf), "
		    "so the verifier finds no lock in .data.W"),
	REJ("D.2", "d2.add_wrong_type", "rb_btf_wrong_type", "wt_add_b",
	    "operation on bpf_rb_root expects arg#1 bpf_rb_node at offset=8 in struct wt_a, "
	    "but arg is at offset=16 in struct wt_b"),

	/* ---- D.3: rb_search.bpf.c (struct sn: r0@8) ---- */
	REJ("D.3", "d3.root_locked", "rb_search", "rs_root_locked",
	    "call bpf_rbtree_root{{.+}}; R0{{(_w)?}}=rcu_ptr_or_null_sn(id={{[0-9]+}},non_own_ref",
	    .log_level = 2),
	REJ("D.3", "d3.left_locked", "rb_search", "rs_left_locked",
	    "call bpf_rbtree_left{{.+}}; R0{{(_w)?}}=rcu_ptr_or_null_sn(id={{[0-9]+}},non_own_ref",
	    .log_level = 2),
	REJ("D.3", "d3.right_locked", "rb_search", "rs_right_locked",
	    "call bpf_rbtree_right{{.+}}; R0{{(_w)?}}=rcu_ptr_or_null_sn(id={{[0-9]+}},non_own_ref",
	    .log_level = 2),
	REJ("D.3", "d3.root_unlocked", "rb_search", "rs_root_unlocked", S_HELD),
	REJ("D.3", "d3.left_unlocked", "rb_search", "rs_left_unlocked", S_HELD),
	REJ("D.3", "d3.right_unlocked", "rb_search", "rs_right_unlocked", S_HELD),

/* ---- D.4.c: ll_fail.bpf.c (ll.h layouts) ---- */
#define COMPAT(p)                             \
	REJ("D.4.c", "d4." #p, "ll_fail", #p, \
	    "tracing progs cannot use bpf_{list_head,rb_root} yet")
	COMPAT(map_compat_kprobe),
	COMPAT(map_compat_kretprobe),
	COMPAT(map_compat_tp),
	COMPAT(map_compat_perf),
	COMPAT(map_compat_raw_tp),
	COMPAT(map_compat_raw_tp_w),
#define LLF(p, m, ...) REJ("D.4.c", "d4." #p, "ll_fail", #p, m, __VA_ARGS__)
	LLF(obj_type_id_oor, "local type ID argument must be in range [0, U32_MAX]"),
	LLF(obj_new_no_composite,
	    "bpf_obj_new/bpf_percpu_obj_new type ID argument must be of a struct"),
	LLF(obj_new_no_struct,
	    "bpf_obj_new/bpf_percpu_obj_new type ID argument must be of a struct"),
	LLF(obj_drop_non_zero_off, ZERO_OFF " or trusted arg to kfunc"),
	LLF(new_null_ret, "R0 invalid mem access 'ptr_or_null_'"),
	/* bpf_obj_new: id 1 (RET_NULL), reference id 2 */
	LLF(obj_new_acq, "Unreleased reference id=2 alloc_insn={{[0-9]+}}"),
	LLF(use_after_drop, "invalid mem access 'scalar'"),
	LLF(ptr_walk_scalar, "type=rdonly_untrusted_mem expected=percpu_ptr_"),
	LLF(direct_read_lock, "direct access to bpf_spin_lock is disallowed"),
	LLF(direct_write_lock, "direct access to bpf_spin_lock is disallowed"),
	LLF(direct_read_head, "direct access to bpf_list_head is disallowed"),
	LLF(direct_write_head, "direct access to bpf_list_head is disallowed"),
	LLF(direct_read_node, "direct access to bpf_list_node is disallowed"),
	LLF(direct_write_node, "direct access to bpf_list_node is disallowed"),
	LLF(use_after_unlock_push_front, "invalid mem access 'scalar'"),
	LLF(use_after_unlock_push_back, "invalid mem access 'scalar'"),
	LLF(double_push_front, NOT_ALLOC),
	LLF(double_push_back, NOT_ALLOC),
	LLF(no_node_value_type, "bpf_list_node not found at offset=0"),
	LLF(incorrect_value_type,
	    "operation on bpf_list_head expects arg#1 bpf_list_node at offset=56 in struct "
	    "ll_bin, but arg is at offset=8 in struct ll_item"),
	LLF(incorrect_node_var_off, "variable ptr_ access var_off=(0x0; 0xffffffff) disallowed"),
	LLF(incorrect_node_off1, "bpf_list_node not found at offset=57"),
	LLF(incorrect_node_off2,
	    "arg#1 offset=8, but expected bpf_list_node at offset=56 in struct ll_bin"),
	LLF(no_head_type, "bpf_list_head not found at offset=0"),
	LLF(incorrect_head_var_off1,
	    "R1 doesn't have constant offset. bpf_list_head has to be at the constant offset"),
	LLF(incorrect_head_var_off2, "variable ptr_ access var_off=(0x0; 0xffffffff) disallowed"),
	LLF(incorrect_head_off1, "bpf_list_head not found at offset=41"),
	LLF(incorrect_head_off2, "bpf_list_head not found at offset=9"),
	LLF(pop_front_off, "off 56 doesn't point to 'struct bpf_spin_lock' that is at 32"),
	LLF(pop_back_off, "off 56 doesn't point to 'struct bpf_spin_lock' that is at 32"),

	/* ---- D.6: ll_peek.bpf.c (struct pk: l@8) ---- */
	REJ("D.6", "d6.front_locked", "ll_peek", "lp_front_locked",
	    "call bpf_list_front{{.+}}; R0{{(_w)?}}=ptr_or_null_pk(id={{[0-9]+}},non_own_ref",
	    .log_level = 2,
	    .note = "our node is at off 8: the state also prints ,off=8 after non_own_ref"),
	REJ("D.6", "d6.back_locked", "ll_peek", "lp_back_locked",
	    "call bpf_list_back{{.+}}; R0{{(_w)?}}=ptr_or_null_pk(id={{[0-9]+}},non_own_ref",
	    .log_level = 2),
	REJ("D.6", "d6.front_unlocked", "ll_peek", "lp_front_unlocked", P_HELD),
	REJ("D.6", "d6.back_unlocked", "ll_peek", "lp_back_unlocked", P_HELD),

	/* ---- D.7: rc.bpf.c ---- */
	/* obj_new: 1, 2 (ref); refcount_acquire of a non-owning ref: 3 (RET_NULL), 4 (ref) */
	REJ("D.7", "d7.escapes_leak", "rc", "rc_escapes_leak",
	    "Unreleased reference id=4 alloc_insn={{[0-9]+}}"),
	REJ("D.7", "d7.acquire_maybe_null", "rc", "rc_acquire_maybe_null",
	    "Possibly NULL pointer passed to trusted arg0"),
	/* refcount_acquire of an owning ref: not nullable, no RET_NULL id: reference id 3 */
	REJ("D.7", "d7.escapes_owning_leak", "rc", "rc_escapes_owning_leak",
	    "Unreleased reference id=3 alloc_insn={{[0-9]+}}"),
	REJ("D.7", "d7.lock_across_rcu", "rc", "rc_lock_across_rcu",
	    "function calls are not allowed while holding a lock",
	    .note = "selftest: fentry.s on bpf_testmod; here a syscall program (sleepable too): "
		    "fentry/lsm loads get EPERM on this machine"),

	/* ---- D.8 (informative): what 6.18 says where newer kernels changed ---- */
	REJ("D.8", "d8.acquire_ctx", "rc", "rc_acquire_ctx",
	    "arg#0 is neither owning or non-owning ref",
	    .note = "newest: R1 is neither owning or non-owning ref"),
	ACC("D.8", "d8.acquire_rcu_unchecked_drop", "rc", "rc_acquire_rcu_unchecked_drop",
	    .note = "accepted by 6.18 (C.11 a); newest rejects"),
	ACC("D.8", "d8.acquire_node_off", "rc", "rc_acquire_node_off",
	    .note = "accepted by 6.18 (C.11 b); newest rejects"),
	REJ("D.8", "d8.remove_after_rcu_unlock", "rc", "rc_remove_after_rcu_unlock",
	    "dereference of modified untrusted_ptr_ ptr R2 off=16 disallowed",
	    .note = "spec C.11 c says 6.18 accepts: only when the node is at offset 0 (see "
		    "d8.remove_after_rcu_unlock0); at off 16 the untrusted pointer is a modified "
		    "pointer and 6.18 rejects it"),
	ACC("D.8", "d8.remove_after_rcu_unlock0", "rc", "rc_remove_after_rcu_unlock0",
	    .note = "accepted by 6.18 (C.11 c); newest rejects"),
	ACC("D.8", "d8.acquire_after_rcu_unlock", "rc", "rc_acquire_after_rcu_unlock",
	    .note = "accepted by 6.18 (C.11 c); newest rejects"),
	REJ("D.8", "d8.kptr_after_unlock", "rc", "rc_kptr_after_unlock",
	    "invalid mem access 'scalar'"),

	/* ---- D.9: ks.bpf.c (struct kn: node@24) ---- */
	REJ("D.9", "d9.stash_wrong_type", "ks", "ks_stash_wrong_type",
	    "invalid kptr access, R2 type=ptr_kn2 expected=ptr_kn"),
	REJ("D.9", "d9.drop_node_off", "ks", "ks_drop_node_off", ZERO_OFF),

	/* ---- D.10: pc.bpf.c ---- */
	REJ("D.10", "d10.plain_store", "pc", "pc_plain_store",
	    "store to referenced kptr disallowed"),
	REJ("D.10", "d10.xchg_wrong_type", "pc", "pc_xchg_wrong_type",
	    "invalid kptr access, R2 type=percpu_ptr_pv2 expected=ptr_pv"),
	REJ("D.10", "d10.use_after_stash", "pc", "pc_use_after_stash",
	    "R1 type=scalar expected=percpu_ptr_, percpu_rcu_ptr_, percpu_trusted_ptr_",
	    .note = "sleepable: a syscall program instead of the selftest's sleepable tracing one"),
	REJ("D.10", "d10.obj_drop_percpu", "pc", "pc_obj_drop_percpu",
	    "arg#0 expected for bpf_percpu_obj_drop_impl()"),
	REJ("D.10", "d10.percpu_drop_plain", "pc", "pc_percpu_drop_plain",
	    "arg#0 expected for bpf_obj_drop_impl()"),
	REJ("D.10", "d10.new_ptr_member", "pc", "pc_new_ptr_member",
	    "bpf_percpu_obj_new type ID argument must be of a struct of scalars"),
	REJ("D.10", "d10.new_special", "pc", "pc_new_special",
	    "bpf_percpu_obj_new type ID argument must not contain special fields"),
	REJ("D.10", "d10.new_too_big", "pc", "pc_new_too_big",
	    "bpf_percpu_obj_new type size (520) is greater than 512",
	    .note = "spec: 600 bytes; our pv_big is 520"),
	{ .name = NULL },
};
