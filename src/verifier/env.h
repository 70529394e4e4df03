/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * verifier/env.h: the verifier's internal state, shared by the files of src/verifier/ and by
 * nothing else: the environment of one verification (the kernel's struct bpf_verifier_env),
 * verifier states (one per explored path), per-instruction auxiliary data, subprogram info,
 * and the prototypes that the files call across each other.
 *
 * The structures and names follow Linux 6.18's include/linux/bpf_verifier.h because the
 * verifier's decisions depend on their exact contents: two states are "equal" (pruning) when
 * their registers compare equal field by field, so a field added here or missing here changes
 * which states are pruned and thus the "processed N insns" count the kernel reports.
 *
 *	env ─┬─ cur_state ── frame[0..curframe] ── regs[11], stack[allocated_stack / 8]
 *	     │              └─ refs[acquired_refs] (pointers, locks, irq flags)
 *	     ├─ head: states pushed at branches, explored depth first
 *	     ├─ explored_states[insn]: checkpoints for pruning (struct state_list)
 *	     └─ insn_aux[insn], subprog_info[subprog]
 */
#ifndef __HIVE_VERIFIER_ENV_H
#define __HIVE_VERIFIER_ENV_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "btf/btf.h"
#include "btf/btf_fields.h"
#include "btf/btf_record.h"
#include "common/list.h"
#include "common/uapi.h"
#include "isa/helpers.h"
#include "isa/insn.h"
#include "verifier/regs.h"
#include "verifier/verifier.h"
#include "verifier/vtables.h"

/* ---- limits (include/linux/bpf_verifier.h, bpf.h) ---- */

/* The kernel-internal errno of unsupported operations (include/linux/errno.h). */
#ifndef ENOTSUPP
#define ENOTSUPP 524
#endif

#define BPF_REG_SIZE 8
#define MAX_CALL_FRAMES 8
#define BPF_MAX_SUBPROGS 256
#define BPF_MAX_VAR_OFF (1 << 29)
#define BPF_MAX_VAR_SIZ (1 << 29)
#define BPF_COMPLEXITY_LIMIT_INSNS 1000000
#define BPF_COMPLEXITY_LIMIT_JMP_SEQ 8192
#define BPF_COMPLEXITY_LIMIT_STATES 64
#define HIVE_HINT_MAX_LEAKS 8 /* leaked references a rejection hint names */
#define BPF_ID_MAP_SIZE ((MAX_BPF_REG + MAX_BPF_STACK / BPF_REG_SIZE) * MAX_CALL_FRAMES)
#define MAX_USED_MAPS 64
#define BPF_DYNPTR_SIZE 16
#define BPF_DYNPTR_NR_SLOTS (BPF_DYNPTR_SIZE / BPF_REG_SIZE)
#define TMP_STR_BUF_LEN 320
#define BPF_LOG_ALIGNMENT 40
#define BPF_LOG_MIN_ALIGNMENT 8
#define BPF_VERIFIER_TMP_LOG_SIZE 1024
#define MAX_PACKET_OFF 0xffff
#define MAX_ERRNO 4095
#define BPF_MAIN_FUNC (-1)
#define BPF_REGMASK_ARGS                                                             \
	((1 << BPF_REG_1) | (1 << BPF_REG_2) | (1 << BPF_REG_3) | (1 << BPF_REG_4) | \
	 (1 << BPF_REG_5))
#define CALLER_SAVED_REGS 6
#define ALL_CALLER_SAVED_REGS ((1u << CALLER_SAVED_REGS) - 1)
#define BPF_MAX_LOOPS (8 * 1024 * 1024)

#define BIT(n) (1ULL << (n))

/* ---- stack ---- */

enum bpf_stack_slot_type {
	STACK_INVALID, /* nothing was stored in this stack slot */
	STACK_SPILL, /* register spilled into stack */
	STACK_MISC, /* BPF program wrote some data into this slot */
	STACK_ZERO, /* BPF program wrote constant zero */
	STACK_DYNPTR, /* a bpf_dynptr lives here (spilled_ptr.dynptr) */
	STACK_ITER, /* an open-coded iterator lives here (spilled_ptr.iter) */
	STACK_IRQ_FLAG, /* saved IRQ flags of bpf_local_irq_save() */
};

struct bpf_stack_state {
	struct bpf_reg_state spilled_ptr;
	u8 slot_type[BPF_REG_SIZE];
};

/* ---- references and locks ---- */

enum ref_state_type {
	REF_TYPE_PTR = 1 << 1,
	REF_TYPE_IRQ = 1 << 2,
	REF_TYPE_LOCK = 1 << 3,
	REF_TYPE_RES_LOCK = 1 << 4,
	REF_TYPE_RES_LOCK_IRQ = 1 << 5,
	REF_TYPE_LOCK_MASK = REF_TYPE_LOCK | REF_TYPE_RES_LOCK | REF_TYPE_RES_LOCK_IRQ,
};

/*
 * An acquired resource: a pointer reference (id = the ref_obj_id its registers carry), a held
 * lock (id = register id of the locked object, ptr = its map or BTF: the lock identity the
 * graph rules compare, spec C.3), or saved IRQ flags. Kept in acquisition order: IRQ restore
 * and res-lock release must happen in reverse order.
 */
struct bpf_reference_state {
	enum ref_state_type type;
	int id;
	int insn_idx; /* where it was acquired, for "Unreleased reference ... alloc_insn=" */
	const void *ptr; /* locks: map or BTF owning the lock */
};

/* ---- one frame of a verifier state ---- */

struct bpf_func_state {
	struct bpf_reg_state regs[MAX_BPF_REG];
	int callsite; /* index of the call insn that created this frame, or BPF_MAIN_FUNC */
	u32 frameno; /* 0 = main function */
	u32 subprogno;
	u32 async_entry_cnt; /* distinguishes entries into the same async callback */
	struct bpf_retval_range callback_ret_range;
	bool in_callback_fn;
	bool in_async_callback_fn;
	bool in_exception_callback_fn;
	/* For callback calling functions that limit number of possible callback invocations
	 * (e.g. bpf_loop) counts how many times a callback was called from this frame.
	 */
	u32 callback_depth;
	/* The following fields should be last. See copy_func_state(). */
	int allocated_stack;
	struct bpf_stack_state *stack;
};

/* ---- jump history, used by precision backtracking ---- */

#define INSN_F_FRAMENO_MASK 0x7
#define INSN_F_SPI_MASK 0x3f
#define INSN_F_SPI_SHIFT 3
#define INSN_F_STACK_ACCESS (1 << 9)
#define INSN_F_DST_REG_STACK (1 << 10)
#define INSN_F_SRC_REG_STACK (1 << 11)

struct bpf_jmp_history_entry {
	u32 idx;
	u32 prev_idx : 20;
	u32 flags : 12;
	/* linked registers that gained a range at this insn, see linked_regs_pack() */
	u64 linked_regs;
};

/* ---- a verifier state: all frames of one path ---- */

struct bpf_verifier_state {
	struct bpf_func_state *frame[MAX_CALL_FRAMES];
	struct bpf_verifier_state *parent;
	struct bpf_reference_state *refs;
	/*
	 * Number of branches left to explore from this state: 0 means every path from here
	 * reached an exit or was pruned, so the state may prune others; > 0 with an equal
	 * state at the same insn means a loop.
	 */
	u32 branches;
	u32 insn_idx;
	u32 curframe;
	u32 acquired_refs;
	u32 active_locks;
	u32 active_preempt_locks;
	u32 active_irq_id;
	u32 active_lock_id;
	const void *active_lock_ptr;
	bool active_rcu_lock;
	bool speculative;
	bool in_sleepable;
	bool cleaned;
	u32 first_insn_idx;
	u32 last_insn_idx;
	/* backedge states: the checkpoint this state was found equal to */
	struct bpf_verifier_state *equal_state;
	struct bpf_jmp_history_entry *jmp_history;
	u32 jmp_history_cnt;
	u32 dfs_depth;
	u32 callback_unroll_depth;
	u32 may_goto_depth;
	/* Index + 1 of the last bpf_spin_unlock on this path that invalidated non-owning
	 * references (0: none); only for the CLI's hint after a rejection, never compared.
	 */
	u32 nonown_unlock_insn;
};

/* A checkpoint in env->explored_states[] (or in env->free_list once evicted). */
struct bpf_verifier_state_list {
	struct bpf_verifier_state state;
	struct hive_list node;
	u32 miss_cnt;
	u32 hit_cnt;
	bool in_free_list;
};

/* A state waiting on the exploration stack. */
struct bpf_verifier_stack_elem {
	struct bpf_verifier_state st;
	int insn_idx;
	int prev_insn_idx;
	struct bpf_verifier_stack_elem *next;
	u64 log_pos; /* log length when pushed: level 1 forgets finished paths */
};

/* Iteration over every register and spilled register of every frame of a state. */
#define bpf_for_each_reg_in_vstate_mask(vst, st_, reg_, mask_, body)                               \
	do {                                                                                       \
		struct bpf_verifier_state *vst__ = (vst);                                          \
		for (u32 fi__ = 0; fi__ <= vst__->curframe; fi__++) {                              \
			(st_) = vst__->frame[fi__];                                                \
			for (int ri__ = 0; ri__ < MAX_BPF_REG; ri__++) {                           \
				(reg_) = &(st_)->regs[ri__];                                       \
				body;                                                              \
			}                                                                          \
			for (int si__ = 0; si__ < (st_)->allocated_stack / BPF_REG_SIZE; si__++) { \
				if (!((1u << (st_)->stack[si__].slot_type[BPF_REG_SIZE - 1]) &     \
				      (mask_)))                                                    \
					continue;                                                  \
				(reg_) = &(st_)->stack[si__].spilled_ptr;                          \
				body;                                                              \
			}                                                                          \
		}                                                                                  \
	} while (0)

#define bpf_for_each_reg_in_vstate(vst, st_, reg_, body) \
	bpf_for_each_reg_in_vstate_mask(vst, st_, reg_, 1u << STACK_SPILL, body)

/* ---- strongly connected components (loops) ---- */

struct bpf_scc_callchain {
	u32 callsites[MAX_CALL_FRAMES - 1]; /* call sites leading to the frame in the SCC */
	u32 scc;
};

struct bpf_scc_backedge {
	struct bpf_scc_backedge *next;
	struct bpf_verifier_state state;
};

struct bpf_scc_visit {
	struct bpf_scc_callchain callchain;
	struct bpf_verifier_state *entry_state; /* first state that entered this visit */
	struct bpf_scc_backedge *backedges; /* states that looped back, for propagation */
	u32 num_backedges;
};

struct bpf_scc_info {
	u32 num_visits;
	struct bpf_scc_visit visits[];
};

/* ---- per-instruction data ---- */

struct bpf_loop_inline_state {
	bool initialized;
	bool fit_for_inline;
	u32 callback_subprogno;
};

struct bpf_insn_aux_data {
	u32 ptr_type; /* pointer type of a load/store's base register */
	/* helper calls taking a map: which map (poisoned when several) */
	const struct hive_verifier_map *map_ptr;
	bool map_ptr_poison;
	u64 map_key_state; /* tail calls: the constant key, BPF_MAP_KEY_* flags */
	/* ld_imm64 with a map: index into the map table, offset into the value */
	int map_index;
	u32 map_off;
	struct {
		u32 reg_type;
		const struct hive_btf *btf;
		u32 btf_id;
		u32 mem_size;
	} btf_var; /* ld_imm64 of a ksym (BPF_PSEUDO_BTF_ID) */
	struct bpf_loop_inline_state loop_inline_state;
	int ctx_field_size; /* narrow context loads: the field's size */
	u32 seen; /* pass number in which this insn was processed, 0: never */
	bool zext_dst;
	bool needs_zext;
	bool storage_get_func_atomic;
	bool is_iter_next;
	bool call_with_percpu_alloc_ptr;
	bool prune_point;
	bool force_checkpoint;
	bool calls_callback;
	bool jmp_point;
	u8 fastcall_pattern;
	u8 fastcall_spills_num;
	u8 arg_prog;
	u32 scc; /* 0: not in a loop */
	u16 live_regs_before; /* registers that may be read at or after this insn */
	u32 orig_idx;
	/* kfunc fixups (graph collections, spec B.0 rule 25) */
	u64 obj_new_size;
	const struct hive_struct_meta *kptr_struct_meta;
	int insert_off;
};

/* ---- subprograms ---- */

struct bpf_subprog_arg_info {
	u32 arg_type; /* enum bpf_arg_type with flags */
	union {
		u32 mem_size;
		u32 btf_id;
	};
};

enum priv_stack_mode {
	PRIV_STACK_UNKNOWN,
	NO_PRIV_STACK,
	PRIV_STACK_ADAPTIVE,
};

struct bpf_subprog_info {
	u32 start; /* insn idx of function entry point */
	u32 linfo_idx; /* the idx to the main_prog->aux->linfo */
	u32 postorder_start; /* the idx to the env->cfg.insn_postorder */
	u16 stack_depth; /* max. stack depth used by this function */
	s16 fastcall_stack_off;
	bool has_tail_call;
	bool tail_call_reachable;
	bool has_ld_abs;
	bool is_cb;
	bool is_async_cb;
	bool is_exception_cb;
	bool args_cached;
	bool keep_fastcall_stack;
	bool changes_pkt_data;
	bool might_sleep;
	enum priv_stack_mode priv_stack_mode;
	u8 arg_cnt;
	struct bpf_subprog_arg_info args[MAX_BPF_FUNC_REG_ARGS];
	/* from func_info: the kernel's bpf_func_info_aux */
	u16 linkage;
	bool unreliable;
	bool called;
	bool verified;
};

/* ---- precision backtracking ---- */

struct backtrack_state {
	struct bpf_verifier_env *env;
	u32 frame;
	u32 reg_masks[MAX_CALL_FRAMES];
	u64 stack_masks[MAX_CALL_FRAMES];
};

struct bpf_id_pair {
	u32 old;
	u32 cur;
};

struct bpf_idmap {
	u32 tmp_id_gen;
	struct bpf_id_pair map[BPF_ID_MAP_SIZE];
};

/* ---- the log ---- */

/*
 * The kernel's rotating log: end_pos counts every byte ever written (after resets), the
 * buffer keeps the last len_total of them. bpf_vlog_reset() rewinds end_pos, which the
 * verifier does at log level 1 to forget paths that ended well.
 */
struct bpf_verifier_log {
	u32 level;
	char *ubuf; /* NULL: no log */
	u32 len_total;
	u64 start_pos, end_pos;
	u64 len_max; /* longest the log has been */
};

/* ---- calls: what argument checking learns about a helper or kfunc call ---- */

#define BPF_MAP_KEY_POISON (1ULL << 63)
#define BPF_MAP_KEY_SEEN (1ULL << 62)
#define BPF_PRIV_STACK_MIN_SIZE 64

struct bpf_call_arg_meta {
	const struct hive_verifier_map *map_ptr;
	bool raw_mode; /* the callee writes an uninitialised buffer */
	bool pkt_access;
	u8 release_regno;
	int regno;
	int access_size;
	int mem_size;
	u64 msize_max_value;
	int ref_obj_id;
	int dynptr_id;
	int map_uid;
	int func_id;
	const struct hive_btf *btf;
	u32 btf_id;
	const struct hive_btf *ret_btf;
	u32 ret_btf_id;
	u32 subprogno;
	const struct hive_field *kptr_field;
	s64 const_map_key;
};

struct bpf_kfunc_call_arg_meta {
	/* in */
	const struct hive_btf *btf;
	u32 func_id;
	u32 kfunc_flags;
	const struct btf_type *func_proto;
	const char *func_name;
	int special; /* enum special_kfunc_type, -1 if none */
	/* out */
	u32 ref_obj_id;
	u8 release_regno;
	bool r0_rdonly;
	u32 ret_btf_id;
	u64 r0_size;
	u32 subprogno;
	struct {
		u64 value;
		bool found;
	} arg_constant;
	/* local kptr type of bpf_obj_drop / bpf_refcount_acquire arguments */
	const struct hive_btf *arg_btf;
	u32 arg_btf_id;
	bool arg_owning_ref;
	bool arg_prog;
	struct {
		const struct hive_field *field;
	} arg_list_head;
	struct {
		const struct hive_field *field;
	} arg_rbtree_root;
	struct {
		enum bpf_dynptr_type type;
		u32 id;
		u32 ref_obj_id;
	} initialized_dynptr;
	struct {
		u8 spi;
		u8 frameno;
	} iter;
	struct {
		const struct hive_verifier_map *ptr;
		int uid;
	} map;
	u64 mem_size;
};

enum { IRQ_NATIVE_KFUNC, IRQ_LOCK_KFUNC };

/* ---- program-type properties (from vtables' prog_types/ctx/protos) ---- */

struct bpf_insn_access_aux;

struct bpf_liveness;

/* ---- the environment ---- */

struct bpf_verifier_env {
	const struct hive_verifier_input *in;
	/* the program being verified; rewritten in place by the fixups */
	struct hive_insn *insns;
	u32 len;
	struct bpf_insn_aux_data *insn_aux_data;
	struct hive_prog_desc prog_desc; /* the program as the per-type tables see it */
	bool debug; /* HIVE_VERIFIER_DEBUG set: extra DEBUG lines in the log */
	int debug_insn; /* HIVE_VERIFIER_DEBUG=N: also the checkpoints compared at insn N */
	/* struct metas of the program BTF (bpf_obj_new types): the loader's or our own */
	const struct btf_struct_metas *struct_metas;
	struct btf_struct_metas *own_struct_metas;
	u32 prog_type; /* resolved program type (an EXT prog takes its target's) */
	bool sleepable;

	struct bpf_verifier_state *cur_state;
	struct bpf_verifier_stack_elem *head;
	int stack_size; /* number of states on the exploration stack */
	struct hive_list *explored_states; /* one list per insn index (hashed with callsite) */
	struct hive_list free_list;
	u32 explored_states_size, free_list_size, num_backedges;

	u32 id_gen; /* used to generate unique reg IDs */
	u32 insn_idx;
	u32 prev_insn_idx;
	u32 pass_cnt; /* number of times do_check_common() was called */
	u32 subprog_cnt;
	u32 hidden_subprog_cnt;
	int exception_callback_subprog;
	struct bpf_subprog_info subprog_info[BPF_MAX_SUBPROGS + 2]; /* +1 fake exit, +1 hidden */

	bool strict_alignment;
	bool test_state_freq;
	bool test_reg_invariants;
	bool seen_direct_write;
	bool seen_exception;
	bool explore_alu_limits;
	bool bpf_capable, allow_ptr_leaks, allow_uninit_stack, bypass_spec_v1, bypass_spec_v4;
	bool has_btf_vmlinux;

	struct bpf_verifier_log log;
	const struct hive_verifier_line_info *prev_linfo;
	/* What a rejection's hint explains (vlog.c verifier_hint()), never the log: the leaked
	 * references (id, alloc insn) and the unlock that invalidated non-owning references
	 * on the failing path (index + 1, 0: none).
	 */
	struct {
		int id, insn;
	} hint_leaks[HIVE_HINT_MAX_LEAKS];
	u32 nr_hint_leaks;
	u32 hint_unlock_insn;
	u64 prev_log_pos, prev_insn_print_pos;
	u32 scratched_regs;
	u64 scratched_stack_slots;

	struct backtrack_state bt;
	struct bpf_jmp_history_entry *cur_hist_ent;
	struct bpf_idmap idmap_scratch;
	struct bpf_reg_state fake_reg[2];

	struct {
		int *insn_state;
		int *insn_stack;
		int cur_stack;
		int *insn_postorder;
		int cur_postorder;
	} cfg;

	struct bpf_scc_info **scc_info;
	u32 scc_cnt;
	struct bpf_scc_callchain callchain_buf;
	struct bpf_liveness *liveness;

	/* statistics */
	u32 insn_processed;
	u32 prev_insn_processed;
	u32 jmps_processed;
	u32 prev_jmps_processed;
	u32 max_states_per_insn;
	u32 total_states;
	u32 peak_states;
	u32 longest_mark_read_walk;
	u64 verification_time;

	u32 max_ctx_offset, max_pkt_offset, max_tp_access, max_rdonly_access, max_rdwr_access;
	u32 nr_cpu_ids; /* possible CPUs: bpf_get_smp_processor_id() < nr_cpu_ids */

	/* maps referenced by ld_imm64, checked against the program type once each */
	const struct hive_verifier_map *used_maps[MAX_USED_MAPS];
	u32 nr_used_maps;

	/* BTF ids of the kfuncs the verifier knows by name (special_kfunc_list) */
	u32 special_kfunc_ids[__KF_SPECIAL_MAX];
	bool special_kfuncs_resolved;
	char tmp_str_buf[TMP_STR_BUF_LEN];
	char type_str_buf[2][TMP_STR_BUF_LEN]; /* reg_type_str() results, two may coexist */
	int type_str_idx;
};

/* ---- small helpers used everywhere ---- */

static inline struct bpf_func_state *cur_func(struct bpf_verifier_env *env)
{
	struct bpf_verifier_state *cur = env->cur_state;

	return cur->frame[cur->curframe];
}

static inline struct bpf_reg_state *cur_regs(struct bpf_verifier_env *env)
{
	return cur_func(env)->regs;
}

static inline struct bpf_reg_state *reg_state(struct bpf_verifier_env *env, int regno)
{
	return cur_regs(env) + regno;
}

static inline struct bpf_func_state *func(struct bpf_verifier_env *env,
					  const struct bpf_reg_state *reg)
{
	return env->cur_state->frame[reg->frameno];
}

static inline struct bpf_insn_aux_data *cur_aux(const struct bpf_verifier_env *env)
{
	return &env->insn_aux_data[env->insn_idx];
}

static inline struct bpf_subprog_info *subprog_info(struct bpf_verifier_env *env, int subprog)
{
	return &env->subprog_info[subprog];
}

static inline u32 type_flag(u32 type)
{
	return type & ~BPF_BASE_TYPE_MASK;
}

static inline bool type_may_be_null(u32 type)
{
	return type & PTR_MAYBE_NULL;
}

static inline bool type_is_ptr_alloc_obj(u32 type)
{
	return base_type(type) == PTR_TO_BTF_ID && (type & MEM_ALLOC);
}

static inline bool type_is_non_owning_ref(u32 type)
{
	return type_is_ptr_alloc_obj(type) && (type & NON_OWN_REF);
}

static inline bool type_is_alloc(u32 type)
{
	return type & MEM_ALLOC;
}

static inline bool type_is_pkt_pointer(u32 type)
{
	type = base_type(type);
	return type == PTR_TO_PACKET || type == PTR_TO_PACKET_META;
}

static inline bool type_is_sk_pointer(u32 type)
{
	return type == PTR_TO_SOCKET || type == PTR_TO_SOCK_COMMON || type == PTR_TO_TCP_SOCK ||
	       type == PTR_TO_XDP_SOCK;
}

#define BPF_REG_TRUSTED_MODIFIERS (MEM_ALLOC | PTR_TRUSTED | NON_OWN_REF)

/* Any flag outside the trusted ones (MEM_RCU, MEM_PERCPU, PTR_MAYBE_NULL, PTR_UNTRUSTED ...)
 * makes a pointer "not trusted" (e.g. a bpf_per_cpu_ptr() result may still be NULL-checked).
 */
static inline bool bpf_type_has_unsafe_modifiers(u32 type)
{
	return type_flag(type) & ~BPF_REG_TRUSTED_MODIFIERS;
}

static inline bool register_is_null(const struct bpf_reg_state *reg)
{
	return reg->type == SCALAR_VALUE && tnum_equals_const(reg->var_off, 0);
}

static inline bool is_spilled_reg(const struct bpf_stack_state *stack)
{
	return stack->slot_type[BPF_REG_SIZE - 1] == STACK_SPILL;
}

static inline bool is_spilled_scalar_reg(const struct bpf_stack_state *stack)
{
	return stack->slot_type[BPF_REG_SIZE - 1] == STACK_SPILL &&
	       stack->spilled_ptr.type == SCALAR_VALUE;
}

static inline bool is_spilled_scalar_reg64(const struct bpf_stack_state *stack)
{
	return stack->slot_type[0] == STACK_SPILL && stack->spilled_ptr.type == SCALAR_VALUE;
}

static inline int __get_spi(s32 off)
{
	return (-off - 1) / BPF_REG_SIZE;
}

static inline void mark_reg_scratched(struct bpf_verifier_env *env, u32 regno)
{
	env->scratched_regs |= 1U << regno;
}

static inline void mark_stack_slot_scratched(struct bpf_verifier_env *env, u32 spi)
{
	env->scratched_stack_slots |= 1ULL << spi;
}

static inline bool reg_scratched(const struct bpf_verifier_env *env, u32 regno)
{
	return (env->scratched_regs >> regno) & 1;
}

static inline bool stack_slot_scratched(const struct bpf_verifier_env *env, u64 spi)
{
	return (env->scratched_stack_slots >> spi) & 1;
}

static inline bool verifier_state_scratched(const struct bpf_verifier_env *env)
{
	return env->scratched_regs || env->scratched_stack_slots;
}

static inline void mark_verifier_state_clean(struct bpf_verifier_env *env)
{
	env->scratched_regs = 0U;
	env->scratched_stack_slots = 0ULL;
}

static inline void mark_verifier_state_scratched(struct bpf_verifier_env *env)
{
	env->scratched_regs = ~0U;
	env->scratched_stack_slots = ~0ULL;
}

static inline bool bpf_helper_call(const struct hive_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == 0;
}

static inline bool bpf_pseudo_call(const struct hive_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_CALL;
}

static inline bool bpf_pseudo_kfunc_call(const struct hive_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_CALL) && insn->src_reg == BPF_PSEUDO_KFUNC_CALL;
}

static inline bool bpf_pseudo_func(const struct hive_insn *insn)
{
	return isa_is_ldimm64(insn) && insn->src_reg == BPF_PSEUDO_FUNC;
}

static inline bool is_may_goto_insn(const struct hive_insn *insn)
{
	return insn->code == (BPF_JMP | BPF_JCOND) && insn->src_reg == BPF_MAY_GOTO;
}

static inline bool subprog_is_global(const struct bpf_verifier_env *env, int subprog)
{
	return env->in->func_info_cnt && env->subprog_info[subprog].linkage == 1 /* GLOBAL */;
}

/* ---- log.c / vlog.c ---- */

__attribute__((format(printf, 2, 3))) void verbose(struct bpf_verifier_env *env, const char *fmt,
						   ...);
__attribute__((format(printf, 2, 0))) void bpf_verifier_vlog(struct bpf_verifier_log *log,
							     const char *fmt, va_list args);
void bpf_vlog_reset(struct bpf_verifier_log *log, u64 new_pos);
int bpf_vlog_init(struct bpf_verifier_log *log, u32 level, char *buf, u32 size);
static inline bool bpf_verifier_log_needed(const struct bpf_verifier_log *log)
{
	return log->level && log->ubuf;
}
__attribute__((format(printf, 3, 4))) void verbose_linfo(struct bpf_verifier_env *env, u32 insn_off,
							 const char *prefix_fmt, ...);
/* The line_info record covering @insn_off (the rightmost one at or before it), or NULL. */
const struct hive_verifier_line_info *find_linfo(const struct bpf_verifier_env *env, u32 insn_off);
/* hint.c: the CLI's "hint:" text for a rejection (malloc'ed; NULL when there is none). */
char *verifier_hint(const struct bpf_verifier_env *env, const char *log);
const char *reg_type_str(struct bpf_verifier_env *env, u32 type);
const char *dynptr_type_str(enum bpf_dynptr_type type);
const char *iter_type_str(const struct hive_btf *btf, u32 btf_id);
const char *iter_state_str(enum bpf_iter_state state);
const char *btf_type_name(const struct hive_btf *btf, u32 id);
void print_verifier_state(struct bpf_verifier_env *env, const struct bpf_verifier_state *vstate,
			  u32 frameno, bool print_all);
void print_insn_state(struct bpf_verifier_env *env, const struct bpf_verifier_state *vstate,
		      u32 frameno);
void verbose_insn(struct bpf_verifier_env *env, const struct hive_insn *insn);
void verbose_invalid_scalar(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
			    struct bpf_retval_range range, const char *ctx, const char *reg_name);
void bpf_fmt_stack_mask(char *buf, ssize_t buf_sz, u64 stack_mask);
void fmt_reg_mask(char *buf, ssize_t buf_sz, u32 reg_mask);
const char *func_id_name(int id);
__attribute__((format(printf, 2, 3))) void verifier_bug(struct bpf_verifier_env *env,
							const char *fmt, ...);
#define verifier_bug_if(cond, env, fmt, ...)                                  \
	({                                                                    \
		bool __cond = (cond);                                         \
		if (__cond)                                                   \
			verifier_bug(env, fmt " (" #cond ")", ##__VA_ARGS__); \
		__cond;                                                       \
	})

/* ---- regs (verifier.c) ---- */

void __mark_reg_unknown(const struct bpf_verifier_env *env, struct bpf_reg_state *reg);
void __mark_reg_not_init(const struct bpf_verifier_env *env, struct bpf_reg_state *reg);
void __mark_reg_known_zero(struct bpf_reg_state *reg);
void __mark_reg_const_zero(const struct bpf_verifier_env *env, struct bpf_reg_state *reg);
void mark_reg_known_zero(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno);
void mark_reg_unknown(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno);
void mark_reg_not_init(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno);
void mark_reg_invalid(const struct bpf_verifier_env *env, struct bpf_reg_state *reg);
int __mark_reg_s32_range(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno,
			 s32 s32_min, s32 s32_max);
int reg_bounds_sanity_check(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
			    const char *ctx);
void mark_ptr_not_null_reg(struct bpf_reg_state *reg);
int mark_btf_ld_reg(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno,
		    u32 reg_type, const struct hive_btf *btf, u32 btf_id, u32 flag);
void init_func_state(struct bpf_verifier_env *env, struct bpf_func_state *state, int callsite,
		     int frameno, int subprogno);
bool reg_not_null(const struct bpf_reg_state *reg);
bool is_trusted_reg(const struct bpf_reg_state *reg);
bool is_rcu_reg(const struct bpf_reg_state *reg);
bool reg_is_pkt_pointer(const struct bpf_reg_state *reg);
bool reg_is_pkt_pointer_any(const struct bpf_reg_state *reg);
bool __is_pointer_value(bool allow_ptr_leaks, const struct bpf_reg_state *reg);
bool is_pointer_value(struct bpf_verifier_env *env, int regno);
const struct hive_record *reg_btf_record(const struct bpf_reg_state *reg);
bool reg_may_point_to_spin_lock(const struct bpf_reg_state *reg);

enum reg_arg_type {
	SRC_OP, /* register is used as source operand */
	DST_OP, /* register is used as destination operand */
	DST_OP_NO_MARK /* same as above, check only, don't mark */
};

int check_reg_arg(struct bpf_verifier_env *env, u32 regno, enum reg_arg_type t);
int __check_reg_arg(struct bpf_verifier_env *env, struct bpf_reg_state *regs, u32 regno,
		    enum reg_arg_type t);
void mark_insn_zext(struct bpf_verifier_env *env, struct bpf_reg_state *reg);
bool in_sleepable(struct bpf_verifier_env *env);
bool in_rcu_cs(struct bpf_verifier_env *env);
const struct hive_verifier_map *map_of(const struct bpf_reg_state *reg);
bool bpf_map_is_rdonly(const struct hive_verifier_map *map);

/* ---- states.c ---- */

int copy_verifier_state(struct bpf_verifier_state *dst, const struct bpf_verifier_state *src);
void free_verifier_state(struct bpf_verifier_state *state, bool free_self);
void free_func_state(struct bpf_func_state *state);
int grow_stack_state(struct bpf_verifier_env *env, struct bpf_func_state *state, int size);
struct bpf_verifier_state *push_stack(struct bpf_verifier_env *env, int insn_idx, int prev_insn_idx,
				      bool speculative);
int pop_stack(struct bpf_verifier_env *env, int *prev_insn_idx, int *insn_idx, bool pop_log);
struct bpf_verifier_state *push_async_cb(struct bpf_verifier_env *env, int insn_idx,
					 int prev_insn_idx, int subprog, bool is_sleepable);
int update_branch_counts(struct bpf_verifier_env *env, struct bpf_verifier_state *st);
int is_state_visited(struct bpf_verifier_env *env, int insn_idx);
struct bpf_verifier_state *find_prev_entry(struct bpf_verifier_env *env,
					   struct bpf_verifier_state *cur, int insn_idx);
int widen_imprecise_scalars(struct bpf_verifier_env *env, struct bpf_verifier_state *old,
			    struct bpf_verifier_state *cur);
void free_states(struct bpf_verifier_env *env);
u32 frame_insn_idx(struct bpf_verifier_state *st, u32 frame);
bool same_callsites(struct bpf_verifier_state *a, struct bpf_verifier_state *b);
void update_peak_states(struct bpf_verifier_env *env);

/* ---- precision.c ---- */

int push_jmp_history(struct bpf_verifier_env *env, struct bpf_verifier_state *cur, int insn_flags,
		     u64 linked_regs);
int mark_chain_precision(struct bpf_verifier_env *env, int regno);
int mark_chain_precision_batch(struct bpf_verifier_env *env,
			       struct bpf_verifier_state *starting_state);
int __mark_chain_precision(struct bpf_verifier_env *env, struct bpf_verifier_state *starting_state,
			   int regno, bool *changed);
void mark_all_scalars_precise(struct bpf_verifier_env *env, struct bpf_verifier_state *st);
void mark_all_scalars_imprecise(struct bpf_verifier_env *env, struct bpf_verifier_state *st);
void bt_set_frame_reg(struct backtrack_state *bt, u32 frame, u32 reg);
void bt_set_frame_slot(struct backtrack_state *bt, u32 frame, u32 slot);
static inline int insn_stack_access_flags(int frameno, int spi)
{
	return INSN_F_STACK_ACCESS | (spi << INSN_F_SPI_SHIFT) | frameno;
}
#define LINKED_REGS_MAX 6
struct linked_reg {
	u8 frameno;
	union {
		u8 spi;
		u8 regno;
	};
	bool is_reg;
};
struct linked_regs {
	int cnt;
	struct linked_reg entries[LINKED_REGS_MAX];
};
u64 linked_regs_pack(struct linked_regs *s);
void linked_regs_unpack(u64 val, struct linked_regs *s);

/* ---- liveness.c ---- */

int bpf_stack_liveness_init(struct bpf_verifier_env *env);
void bpf_stack_liveness_free(struct bpf_verifier_env *env);
int bpf_mark_stack_read(struct bpf_verifier_env *env, u32 frame, u32 insn_idx, u64 mask);
void bpf_mark_stack_write(struct bpf_verifier_env *env, u32 frame, u64 mask);
int bpf_reset_stack_write_marks(struct bpf_verifier_env *env, u32 insn_idx);
int bpf_commit_stack_write_marks(struct bpf_verifier_env *env);
int bpf_update_live_stack(struct bpf_verifier_env *env);
int bpf_live_stack_query_init(struct bpf_verifier_env *env, struct bpf_verifier_state *st);
bool bpf_stack_slot_alive(struct bpf_verifier_env *env, u32 frameno, u32 spi);
void bpf_reset_live_stack_callchain(struct bpf_verifier_env *env);
int bpf_insn_successors(struct bpf_verifier_env *env, u32 idx, u32 succ[2]);
int bpf_jmp_offset(const struct hive_insn *insn);
int compute_live_registers(struct bpf_verifier_env *env);

/* ---- cfg.c ---- */

int add_subprog_and_kfunc(struct bpf_verifier_env *env);
int check_subprogs(struct bpf_verifier_env *env);
int check_btf_info(struct bpf_verifier_env *env);
int check_cfg(struct bpf_verifier_env *env);
int compute_postorder(struct bpf_verifier_env *env);
int compute_scc(struct bpf_verifier_env *env);
int check_max_stack_depth(struct bpf_verifier_env *env);
int find_subprog(struct bpf_verifier_env *env, int off);
struct bpf_subprog_info *bpf_find_containing_subprog(struct bpf_verifier_env *env, int off);
const char *subprog_name(const struct bpf_verifier_env *env, int subprog);
int mark_fastcall_patterns(struct bpf_verifier_env *env);
static inline bool bpf_calls_callback(struct bpf_verifier_env *env, int insn_idx)
{
	return env->insn_aux_data[insn_idx].calls_callback;
}
static inline bool is_jmp_point(struct bpf_verifier_env *env, int insn_idx)
{
	return env->insn_aux_data[insn_idx].jmp_point;
}
static inline bool is_prune_point(struct bpf_verifier_env *env, int insn_idx)
{
	return env->insn_aux_data[insn_idx].prune_point;
}
static inline bool is_force_checkpoint(struct bpf_verifier_env *env, int insn_idx)
{
	return env->insn_aux_data[insn_idx].force_checkpoint;
}

/* ---- stack.c ---- */

int check_stack_read(struct bpf_verifier_env *env, int ptr_regno, int off, int size, int dst_regno);
int check_stack_write(struct bpf_verifier_env *env, int ptr_regno, int off, int size,
		      int value_regno, int insn_idx);
int check_stack_access_within_bounds(struct bpf_verifier_env *env, int regno, int off,
				     int access_size, int type);
int check_stack_range_initialized(struct bpf_verifier_env *env, int regno, int off, int access_size,
				  bool zero_size_allowed, int type, struct bpf_call_arg_meta *meta);
int destroy_if_dynptr_stack_slot(struct bpf_verifier_env *env, struct bpf_func_state *state,
				 int spi);

/* ---- mem.c ---- */

int check_mem_access(struct bpf_verifier_env *env, int insn_idx, u32 regno, int off, int bpf_size,
		     enum bpf_access_type t, int value_regno, bool strict_alignment_once,
		     bool is_ldsx);
int check_load_mem(struct bpf_verifier_env *env, struct hive_insn *insn, bool strict_alignment_once,
		   bool is_ldsx, bool allow_trust_mismatch, const char *ctx);
int check_store_reg(struct bpf_verifier_env *env, struct hive_insn *insn,
		    bool strict_alignment_once);
int check_atomic(struct bpf_verifier_env *env, struct hive_insn *insn);
int save_aux_ptr_type(struct bpf_verifier_env *env, u32 type, bool allow_trust_mismatch);
int check_ptr_alignment(struct bpf_verifier_env *env, const struct bpf_reg_state *reg, int off,
			int size, bool strict_alignment_once);
int __check_ptr_off_reg(struct bpf_verifier_env *env, const struct bpf_reg_state *reg, int regno,
			bool fixed_off_ok);
int check_ptr_off_reg(struct bpf_verifier_env *env, const struct bpf_reg_state *reg, int regno);
int check_map_access(struct bpf_verifier_env *env, u32 regno, int off, int size,
		     bool zero_size_allowed, int src);
int check_mem_region_access(struct bpf_verifier_env *env, u32 regno, int off, int size,
			    u32 mem_size, bool zero_size_allowed);
int check_packet_access(struct bpf_verifier_env *env, u32 regno, int off, int size,
			bool zero_size_allowed);
bool may_access_direct_pkt_data(struct bpf_verifier_env *env, const struct bpf_call_arg_meta *meta,
				enum bpf_access_type t);

/* ---- alu.c, jmp.c ---- */

int check_alu_op(struct bpf_verifier_env *env, struct hive_insn *insn);
const char *alu_op_string(u8 opcode);
int get_reg_width(const struct bpf_reg_state *reg);
void assign_scalar_id_before_mov(struct bpf_verifier_env *env, struct bpf_reg_state *src_reg);
bool verifier_prog_has_arena(const struct bpf_verifier_env *env);
int check_cond_jmp_op(struct bpf_verifier_env *env, struct hive_insn *insn, int *insn_idx);

/* ---- more of states.c, liveness.c, cfg.c ---- */

int propagate_precision(struct bpf_verifier_env *env, const struct bpf_verifier_state *old,
			struct bpf_verifier_state *cur, bool *changed);
int call_num_params(struct bpf_verifier_env *env, const struct hive_insn *call);
int check_btf_info_early(struct bpf_verifier_env *env);

/* ---- more of stack.c ---- */

bool is_spillable_regtype(u32 type);
int dynptr_get_spi(struct bpf_verifier_env *env, struct bpf_reg_state *reg);
int iter_get_spi(struct bpf_verifier_env *env, struct bpf_reg_state *reg, int nr_slots);
int irq_flag_get_spi(struct bpf_verifier_env *env, struct bpf_reg_state *reg);
enum bpf_dynptr_type arg_to_dynptr_type(u32 arg_type);
u32 get_dynptr_type_flag(enum bpf_dynptr_type type);
bool dynptr_type_refcounted(enum bpf_dynptr_type type);
void mark_dynptr_reg(struct bpf_reg_state *reg, enum bpf_dynptr_type type, bool first_slot,
		     int dynptr_id);
int mark_stack_slots_dynptr(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 arg_type,
			    int insn_idx, int clone_ref_obj_id);
int unmark_stack_slots_dynptr(struct bpf_verifier_env *env, struct bpf_reg_state *reg);
bool is_dynptr_reg_valid_uninit(struct bpf_verifier_env *env, struct bpf_reg_state *reg);
bool is_dynptr_reg_valid_init(struct bpf_verifier_env *env, struct bpf_reg_state *reg);
bool is_dynptr_type_expected(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 arg_type);
int mark_stack_slots_iter(struct bpf_verifier_env *env, bool rcu_protected,
			  struct bpf_reg_state *reg, int insn_idx, const struct hive_btf *btf,
			  u32 btf_id, int nr_slots);
int unmark_stack_slots_iter(struct bpf_verifier_env *env, struct bpf_reg_state *reg, int nr_slots);
bool is_iter_reg_valid_uninit(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
			      int nr_slots);
int is_iter_reg_valid_init(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
			   const struct hive_btf *btf, u32 btf_id, int nr_slots);
int mark_stack_slot_irq_flag(struct bpf_verifier_env *env, struct bpf_reg_state *reg, int insn_idx,
			     int kfunc_class);
int unmark_stack_slot_irq_flag(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
			       int kfunc_class);
bool is_irq_flag_reg_valid_uninit(struct bpf_verifier_env *env, struct bpf_reg_state *reg);
int is_irq_flag_reg_valid_init(struct bpf_verifier_env *env, struct bpf_reg_state *reg);
int mark_dynptr_read(struct bpf_verifier_env *env, struct bpf_reg_state *reg);
int mark_iter_read(struct bpf_verifier_env *env, struct bpf_reg_state *reg, int spi, int nr_slots);
int mark_irq_flag_read(struct bpf_verifier_env *env, struct bpf_reg_state *reg);

/* ---- more of mem.c ---- */

int check_map_access_type(struct bpf_verifier_env *env, u32 regno, int off, int size,
			  enum bpf_access_type type);
int map_kptr_match_type(struct bpf_verifier_env *env, const struct hive_field *kptr_field,
			struct bpf_reg_state *reg, u32 regno);
int check_buffer_access(struct bpf_verifier_env *env, const struct bpf_reg_state *reg, int regno,
			int off, int size, bool zero_size_allowed, u32 *max_access);

/* ---- args.c ---- */

bool arg_type_is_mem_size(u32 type);
bool arg_type_is_raw_mem(u32 type);
bool arg_type_is_release(u32 type);
bool arg_type_is_dynptr(u32 type);
int check_reg_type(struct bpf_verifier_env *env, u32 regno, u32 arg_type, const u32 *arg_btf_id,
		   bool btf_poison, struct bpf_call_arg_meta *meta);
int check_func_arg_reg_off(struct bpf_verifier_env *env, const struct bpf_reg_state *reg, int regno,
			   u32 arg_type);
int check_helper_mem_access(struct bpf_verifier_env *env, int regno, int access_size,
			    enum bpf_access_type access_type, bool zero_size_allowed,
			    struct bpf_call_arg_meta *meta);
int check_mem_size_reg(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 regno,
		       enum bpf_access_type access_type, bool zero_size_allowed,
		       struct bpf_call_arg_meta *meta);
int check_mem_reg(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 regno, u32 mem_size);
int check_kfunc_mem_size_reg(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 regno);
int process_dynptr_func(struct bpf_verifier_env *env, int regno, int insn_idx, u32 arg_type,
			int clone_ref_obj_id);
int dynptr_id(struct bpf_verifier_env *env, struct bpf_reg_state *reg);
int dynptr_ref_obj_id(struct bpf_verifier_env *env, struct bpf_reg_state *reg);
enum bpf_dynptr_type dynptr_get_type(struct bpf_verifier_env *env, struct bpf_reg_state *reg);
int check_map_field_pointer(struct bpf_verifier_env *env, u32 regno, u32 field_kind);
int check_reg_const_str(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 regno);
bool can_elide_value_nullness(u32 type);
int check_func_arg(struct bpf_verifier_env *env, u32 arg, struct bpf_call_arg_meta *meta,
		   const struct bpf_func_proto *fn, int insn_idx);

/* ---- calls.c, helper_maps.c ---- */

bool is_sync_callback_calling_insn(struct bpf_verifier_env *env, const struct hive_insn *insn);
bool is_async_callback_calling_insn(struct bpf_verifier_env *env, const struct hive_insn *insn);
void clear_all_pkt_pointers(struct bpf_verifier_env *env);
int check_func_call(struct bpf_verifier_env *env, struct hive_insn *insn, int *insn_idx);
int prepare_func_exit(struct bpf_verifier_env *env, int *insn_idx);
int check_helper_call(struct bpf_verifier_env *env, struct hive_insn *insn, int *insn_idx_p);
int check_return_code(struct bpf_verifier_env *env, int regno, const char *reg_name);
int check_map_func_compatibility(struct bpf_verifier_env *env, const struct hive_verifier_map *map,
				 int func_id);
int check_bpf_snprintf_call(struct bpf_verifier_env *env, struct bpf_reg_state *regs);

/* ---- refs.c ---- */

enum {
	PROCESS_SPIN_LOCK = 1 << 0,
	PROCESS_RES_LOCK = 1 << 1,
	PROCESS_LOCK_IRQ = 1 << 2,
};

int acquire_reference(struct bpf_verifier_env *env, int insn_idx);
int acquire_lock_state(struct bpf_verifier_env *env, int insn_idx, enum ref_state_type type, int id,
		       const void *ptr);
int acquire_irq_state(struct bpf_verifier_env *env, int insn_idx);
bool find_reference_state(struct bpf_verifier_state *state, int ptr_id);
int release_lock_state(struct bpf_verifier_state *state, int type, int id, const void *ptr);
int release_irq_state(struct bpf_verifier_state *state, int id);
struct bpf_reference_state *find_lock_state(struct bpf_verifier_state *state, u32 type, int id,
					    const void *ptr);
int release_reference_nomark(struct bpf_verifier_state *state, int ref_obj_id);
int release_reference(struct bpf_verifier_env *env, int ref_obj_id);
void invalidate_non_owning_refs(struct bpf_verifier_env *env);
int ref_set_non_owning(struct bpf_verifier_env *env, struct bpf_reg_state *reg);
int check_resource_leak(struct bpf_verifier_env *env, bool exception_exit, bool check_lock,
			const char *prefix);
int process_spin_lock(struct bpf_verifier_env *env, int regno, int flags);

/* ---- fixups.c, verifier.c ---- */

int resolve_pseudo_ldimm64(struct bpf_verifier_env *env);
int check_attach_btf_id(struct bpf_verifier_env *env);
int verifier_finish(struct bpf_verifier_env *env);
int verifier_export_program(struct bpf_verifier_env *env, struct hive_verifier_output *out);
/* The special-field record / struct meta of a program-local type (spec A.4), or NULL. */
const struct hive_record *verifier_struct_record(const struct hive_btf *btf, u32 btf_id);
const struct hive_struct_meta *verifier_struct_meta(struct bpf_verifier_env *env,
						    const struct hive_btf *btf, u32 btf_id);

#endif /* __HIVE_VERIFIER_ENV_H */
