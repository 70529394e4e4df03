// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/kfunc_call.c: calls to kernel functions (BPF_PSEUDO_KFUNC_CALL).
 *
 * A kfunc is a FUNC in the kernel BTF. Its prototype decides how each register is checked:
 * scalars by size (and constants for __k arguments), pointers by what they point to
 * (get_kfunc_ptr_arg_type(): the program context, a dynptr, an iterator, a graph root or node,
 * memory with a size argument, a kernel struct, ...). Its registration (kfuncs.h) decides
 * whether the program type may call it and gives the KF_* flags: acquire/release of
 * references, possibly-NULL returns, trusted arguments, sleepable, iterator constructor /
 * next / destructor.
 */
#include <errno.h>
#include <string.h>

#include "btf/btf_types.h"
#include "verifier/btf_access.h"
#include "verifier/graph.h"
#include "verifier/kfunc_call.h"
#include "verifier/progops.h"

/* ---- identity of kfuncs ---- */

u32 special_kfunc_id(struct bpf_verifier_env *env, int kf)
{
	const struct hive_btf *btf = env->in->vmlinux_btf;

	if (kf < 0 || kf >= __KF_SPECIAL_MAX || !btf)
		return 0;
	if (!env->special_kfuncs_resolved) {
		for (int i = 0; i < __KF_SPECIAL_MAX; i++) {
			const char *name = verifier_kfunc_special_name(i);
			int id = name ? btf_find_by_name_kind(btf, name, BTF_KIND_FUNC) : -ENOENT;

			env->special_kfunc_ids[i] = id > 0 ? (u32)id : 0;
		}
		env->special_kfuncs_resolved = true;
	}
	return env->special_kfunc_ids[kf];
}

bool is_bpf_throw_kfunc(struct bpf_verifier_env *env, const struct hive_insn *insn)
{
	return bpf_pseudo_kfunc_call(insn) && insn->off == 0 &&
	       is_special_kfunc(env, (u32)insn->imm, KF_bpf_throw);
}

bool is_bpf_list_api_kfunc(struct bpf_verifier_env *env, u32 btf_id)
{
	static const int list_api[] = { KF_bpf_list_push_front_impl, KF_bpf_list_push_back_impl,
					KF_bpf_list_pop_front,	     KF_bpf_list_pop_back,
					KF_bpf_list_front,	     KF_bpf_list_back };

	for (size_t i = 0; i < ARRAY_SIZE(list_api); i++)
		if (is_special_kfunc(env, btf_id, list_api[i]))
			return true;
	return false;
}

bool is_bpf_rbtree_api_kfunc(struct bpf_verifier_env *env, u32 btf_id)
{
	static const int rbtree_api[] = { KF_bpf_rbtree_add_impl, KF_bpf_rbtree_remove,
					  KF_bpf_rbtree_first,	  KF_bpf_rbtree_root,
					  KF_bpf_rbtree_left,	  KF_bpf_rbtree_right };

	for (size_t i = 0; i < ARRAY_SIZE(rbtree_api); i++)
		if (is_special_kfunc(env, btf_id, rbtree_api[i]))
			return true;
	return false;
}

static bool is_bpf_res_spin_lock_kfunc(struct bpf_verifier_env *env, u32 btf_id)
{
	return is_special_kfunc(env, btf_id, KF_bpf_res_spin_lock) ||
	       is_special_kfunc(env, btf_id, KF_bpf_res_spin_unlock) ||
	       is_special_kfunc(env, btf_id, KF_bpf_res_spin_lock_irqsave) ||
	       is_special_kfunc(env, btf_id, KF_bpf_res_spin_unlock_irqrestore);
}

/* Kfuncs allowed while a spin lock is held: graph operations, iter_num, res locks. */
bool kfunc_spin_allowed(struct bpf_verifier_env *env, u32 btf_id)
{
	return is_bpf_list_api_kfunc(env, btf_id) || is_bpf_rbtree_api_kfunc(env, btf_id) ||
	       is_special_kfunc(env, btf_id, KF_bpf_refcount_acquire_impl) ||
	       is_special_kfunc(env, btf_id, KF_bpf_iter_num_new) ||
	       is_special_kfunc(env, btf_id, KF_bpf_iter_num_next) ||
	       is_special_kfunc(env, btf_id, KF_bpf_iter_num_destroy) ||
	       is_bpf_res_spin_lock_kfunc(env, btf_id);
}

static bool is_task_work_add_kfunc(struct bpf_verifier_env *env, u32 btf_id)
{
	return is_special_kfunc(env, btf_id, KF_bpf_task_work_schedule_signal_impl) ||
	       is_special_kfunc(env, btf_id, KF_bpf_task_work_schedule_resume_impl);
}

bool is_sync_callback_calling_kfunc(struct bpf_verifier_env *env, u32 btf_id)
{
	return is_special_kfunc(env, btf_id, KF_bpf_rbtree_add_impl);
}

bool is_async_callback_calling_kfunc(struct bpf_verifier_env *env, u32 btf_id)
{
	return is_special_kfunc(env, btf_id, KF_bpf_wq_set_callback_impl) ||
	       is_task_work_add_kfunc(env, btf_id);
}

bool is_callback_calling_kfunc(struct bpf_verifier_env *env, u32 btf_id)
{
	return is_sync_callback_calling_kfunc(env, btf_id) ||
	       is_async_callback_calling_kfunc(env, btf_id);
}

bool is_sleepable_async_kfunc(struct bpf_verifier_env *env, const struct hive_insn *insn)
{
	return bpf_pseudo_kfunc_call(insn) &&
	       (is_special_kfunc(env, (u32)insn->imm, KF_bpf_wq_set_callback_impl) ||
		is_task_work_add_kfunc(env, (u32)insn->imm));
}

bool is_rbtree_lock_required_kfunc(struct bpf_verifier_env *env, u32 btf_id)
{
	return is_bpf_rbtree_api_kfunc(env, btf_id);
}

/* In the "less" callback of bpf_rbtree_add (the lock is held by the caller). */
bool in_rbtree_lock_required_cb(struct bpf_verifier_env *env)
{
	struct bpf_verifier_state *state = env->cur_state;
	struct bpf_func_state *callee;

	if (!state->curframe)
		return false;
	callee = state->frame[state->curframe];
	if (!callee->in_callback_fn)
		return false;
	return is_rbtree_lock_required_kfunc(env, (u32)env->insns[callee->callsite].imm);
}

bool is_kfunc_pkt_changing(const struct bpf_kfunc_call_arg_meta *meta)
{
	return meta->special == KF_bpf_xdp_pull_data;
}

/* ---- finding the kfunc ---- */

static const struct hive_btf *find_kfunc_desc_btf(struct bpf_verifier_env *env, s16 offset)
{
	if (offset) {
		if (offset < 0) {
			verbose(env,
				"negative offset disallowed for kernel module function call\n");
			return NULL;
		}
		/* module BTFs come through fd_array, which this verifier does not take */
		verbose(env, "kfunc offset > 0 without fd_array is invalid\n");
		return NULL;
	}
	return env->in->vmlinux_btf;
}

/* The parts of btf_distill_func_proto() that can reject a kfunc prototype. */
static int check_kfunc_func_model(struct bpf_verifier_env *env, const struct hive_btf *btf,
				  const struct btf_type *proto, const char *name)
{
	u32 nargs = btf_vlen(proto);
	const struct btf_type *t;

	if (nargs > MAX_BPF_FUNC_ARGS) {
		verbose(env, "The function %s has %d arguments. Too many.\n", name, nargs);
		return -EINVAL;
	}
	t = kbtf_skip_modifiers(btf, proto->type, NULL);
	if (proto->type &&
	    (!t || kbtf_is_struct(t) || !(btf_is_ptr(t) || btf_is_int(t) || btf_is_any_enum(t)))) {
		verbose(env, "The function %s return type %s is unsupported.\n", name,
			kbtf_type_str(t));
		return -EINVAL;
	}
	for (u32 i = 0; i < nargs; i++) {
		u32 type = btf_params(proto)[i].type;

		if (i == nargs - 1 && type == 0) {
			verbose(env, "The function %s with variable args is unsupported.\n", name);
			return -EINVAL;
		}
		t = kbtf_skip_modifiers(btf, type, NULL);
		if (!type) {
			verbose(env, "The function %s has malformed void argument.\n", name);
			return -EINVAL;
		}
		if (!t || !(btf_is_ptr(t) || btf_is_int(t) || btf_is_any_enum(t) ||
			    (kbtf_is_struct(t) && t->size <= 16))) {
			verbose(env, "The function %s arg%d type %s is unsupported.\n", name, i,
				kbtf_type_str(t));
			return -EINVAL;
		}
	}
	return 0;
}

int add_kfunc_call(struct bpf_verifier_env *env, u32 func_id, s16 offset)
{
	const struct btf_type *func, *func_proto;
	const struct hive_btf *desc_btf;
	const char *func_name;

	if (!env->in->vmlinux_btf) {
		verbose(env,
			"calling kernel function is not supported without CONFIG_DEBUG_INFO_BTF\n");
		return -ENOTSUPP;
	}
	if (!env->in->gpl_compatible) {
		verbose(env, "cannot call kernel function from non-GPL compatible program\n");
		return -EINVAL;
	}
	/* id 0 is reported later, in the fixups, if the call survives dead code removal */
	if (!func_id && !offset)
		return 0;
	desc_btf = find_kfunc_desc_btf(env, offset);
	if (!desc_btf) {
		verbose(env, "failed to find BTF for kernel function\n");
		return offset < 0 ? -EINVAL : -EPROTO;
	}
	func = btf_type_by_id(desc_btf, func_id);
	if (!func || !btf_is_func(func)) {
		verbose(env, "kernel btf_id %u is not a function\n", func_id);
		return -EINVAL;
	}
	func_proto = btf_type_by_id(desc_btf, func->type);
	if (!func_proto || !btf_is_func_proto(func_proto)) {
		verbose(env, "kernel function btf_id %u does not have a valid func_proto\n",
			func_id);
		return -EINVAL;
	}
	func_name = btf_name(desc_btf, func->name_off);
	return check_kfunc_func_model(env, desc_btf, func_proto, func_name);
}

int fetch_kfunc_meta(struct bpf_verifier_env *env, const struct hive_insn *insn,
		     struct bpf_kfunc_call_arg_meta *meta, const char **kfunc_name)
{
	const struct hive_btf *desc_btf;
	const struct btf_type *func;
	const struct kfunc_meta *kf;
	const char *func_name;
	u32 flags = 0;

	if (kfunc_name)
		*kfunc_name = NULL;
	if (!insn->imm || insn->off)
		return -EINVAL;
	desc_btf = env->in->vmlinux_btf;
	if (!desc_btf)
		return -EINVAL;
	func = btf_type_by_id(desc_btf, (u32)insn->imm);
	if (!func || !btf_is_func(func))
		return -EINVAL;
	func_name = btf_name(desc_btf, func->name_off);
	if (kfunc_name)
		*kfunc_name = func_name;
	kf = verifier_kfunc_find(func_name);
	if (!kf || !verifier_kfunc_allowed(&env->prog_desc, kf, &flags))
		return -EACCES;
	memset(meta, 0, sizeof(*meta));
	meta->btf = desc_btf;
	meta->func_id = (u32)insn->imm;
	meta->kfunc_flags = flags;
	meta->func_proto = btf_type_by_id(desc_btf, func->type);
	meta->func_name = func_name;
	meta->special = kf->special;
	return 0;
}

/* ---- flags ---- */

static bool is_kfunc_acquire(const struct bpf_kfunc_call_arg_meta *meta)
{
	return meta->kfunc_flags & KF_ACQUIRE;
}

static bool is_kfunc_release(const struct bpf_kfunc_call_arg_meta *meta)
{
	return meta->kfunc_flags & KF_RELEASE;
}

static bool is_kfunc_trusted_args(const struct bpf_kfunc_call_arg_meta *meta)
{
	return (meta->kfunc_flags & KF_TRUSTED_ARGS) || is_kfunc_release(meta);
}

static bool is_kfunc_rcu(const struct bpf_kfunc_call_arg_meta *meta)
{
	return meta->kfunc_flags & KF_RCU;
}

static bool is_kfunc_rcu_protected(const struct bpf_kfunc_call_arg_meta *meta)
{
	return meta->kfunc_flags & KF_RCU_PROTECTED;
}

static bool is_kfunc_ret_null(const struct bpf_kfunc_call_arg_meta *meta)
{
	if (meta->special == KF_bpf_refcount_acquire_impl && meta->arg_owning_ref)
		return false;
	return meta->kfunc_flags & KF_RET_NULL;
}

static bool is_iter_kfunc(const struct bpf_kfunc_call_arg_meta *meta)
{
	return meta->kfunc_flags & (KF_ITER_NEW | KF_ITER_NEXT | KF_ITER_DESTROY);
}

/* ---- argument classification ---- */

static bool is_kfunc_arg_scalar_with_name(const struct hive_btf *btf, const struct btf_param *arg,
					  const char *name)
{
	const char *param_name = btf_str_by_offset(btf, arg->name_off);

	return param_name && *param_name && !strcmp(param_name, name);
}

/* The parameter is a pointer to the kernel's struct @sname (bpf_dynptr, bpf_list_head, ...). */
static bool is_kfunc_ptr_arg_type(const struct hive_btf *btf, const struct btf_param *arg,
				  const char *sname)
{
	const struct btf_type *t = kbtf_skip_modifiers(btf, arg->type, NULL);
	const char *name;

	if (!t || !btf_is_ptr(t))
		return false;
	t = kbtf_skip_modifiers(btf, t->type, NULL);
	if (!t || !btf_is_struct(t))
		return false;
	name = btf_name(btf, t->name_off);
	return name && !strcmp(name, sname);
}

static bool is_kfunc_arg_mem_size(const struct hive_btf *btf, const struct btf_param *arg,
				  const struct bpf_reg_state *reg, const char *suffix)
{
	const struct btf_type *t = kbtf_skip_modifiers(btf, arg->type, NULL);

	if (!kbtf_is_scalar(t) || reg->type != SCALAR_VALUE)
		return false;
	return btf_param_match_suffix(btf, arg, suffix);
}

static bool is_kfunc_arg_iter(const struct bpf_kfunc_call_arg_meta *meta, int arg_idx,
			      const struct btf_param *arg)
{
	/* every iterator kfunc takes its state first */
	if (is_iter_kfunc(meta))
		return arg_idx == 0;
	return btf_param_match_suffix(meta->btf, arg, "__iter");
}

bool btf_type_is_scalar_struct(struct bpf_verifier_env *env, const struct hive_btf *btf,
			       const struct btf_type *t, int rec)
{
	if (!t || !kbtf_is_struct(t))
		return false;
	for (u32 i = 0; i < btf_vlen(t); i++) {
		const struct btf_type *mt = kbtf_skip_modifiers(btf, btf_members(t)[i].type, NULL);

		if (kbtf_is_struct(mt)) {
			if (rec >= 3) {
				verbose(env, "max struct nesting depth exceeded\n");
				return false;
			}
			if (!btf_type_is_scalar_struct(env, btf, mt, rec + 1))
				return false;
			continue;
		}
		if (mt && btf_is_array(mt)) {
			if (!btf_array(mt)->nelems)
				return false;
			mt = kbtf_skip_modifiers(btf, btf_array(mt)->type, NULL);
			if (!kbtf_is_scalar(mt))
				return false;
			continue;
		}
		if (!kbtf_is_scalar(mt))
			return false;
	}
	return true;
}

/* The kernel struct behind register types with a fixed kernel type (reg2btf_ids). */
static const char *reg2btf_struct(u32 type)
{
	switch (base_type(type)) {
	case PTR_TO_SOCKET:
		return "sock";
	case PTR_TO_SOCK_COMMON:
		return "sock_common";
	case PTR_TO_TCP_SOCK:
		return "tcp_sock";
	case CONST_PTR_TO_MAP:
		return "bpf_map";
	default:
		return NULL;
	}
}

struct kfunc_special_arg {
	const char *suffix_or_struct;
	bool is_struct;
	int type;
};

static const struct kfunc_special_arg kfunc_special_args[] = {
	{ "__alloc", false, KF_ARG_PTR_TO_ALLOC_BTF_ID },
	{ "__refcounted_kptr", false, KF_ARG_PTR_TO_REFCOUNTED_KPTR },
	{ "bpf_dynptr", true, KF_ARG_PTR_TO_DYNPTR },
	{ NULL, false, KF_ARG_PTR_TO_ITER }, /* placeholder: order matters */
	{ "bpf_list_head", true, KF_ARG_PTR_TO_LIST_HEAD },
	{ "bpf_list_node", true, KF_ARG_PTR_TO_LIST_NODE },
	{ "bpf_rb_root", true, KF_ARG_PTR_TO_RB_ROOT },
	{ "bpf_rb_node", true, KF_ARG_PTR_TO_RB_NODE },
	{ "__str", false, KF_ARG_PTR_TO_CONST_STR },
	{ "__map", false, KF_ARG_PTR_TO_MAP },
	{ "bpf_wq", true, KF_ARG_PTR_TO_WORKQUEUE },
	{ "bpf_task_work", true, KF_ARG_PTR_TO_TASK_WORK },
	{ "__irq_flag", false, KF_ARG_PTR_TO_IRQ_FLAG },
	{ "bpf_res_spin_lock", true, KF_ARG_PTR_TO_RES_SPIN_LOCK },
};

static int get_kfunc_ptr_arg_type(struct bpf_verifier_env *env,
				  struct bpf_kfunc_call_arg_meta *meta, const struct btf_type *t,
				  const struct btf_type *ref_t, const char *ref_tname,
				  const struct btf_param *args, u32 argno, u32 nargs)
{
	struct bpf_reg_state *regs = cur_regs(env), *reg = &regs[argno + 1];
	bool arg_mem_size = false;

	if (meta->special == KF_bpf_cast_to_kern_ctx)
		return KF_ARG_PTR_TO_CTX;
	if (btf_is_prog_ctx_type(env, meta->btf, t, env->prog_type, (int)argno))
		return KF_ARG_PTR_TO_CTX;
	if (btf_param_match_suffix(meta->btf, &args[argno], "__nullable") && register_is_null(reg))
		return KF_ARG_PTR_TO_NULL;
	for (size_t i = 0; i < ARRAY_SIZE(kfunc_special_args); i++) {
		const struct kfunc_special_arg *sa = &kfunc_special_args[i];

		if (!sa->suffix_or_struct) {
			if (is_kfunc_arg_iter(meta, (int)argno, &args[argno]))
				return KF_ARG_PTR_TO_ITER;
		} else if (sa->is_struct ? is_kfunc_ptr_arg_type(meta->btf, &args[argno],
								 sa->suffix_or_struct) :
					   btf_param_match_suffix(meta->btf, &args[argno],
								  sa->suffix_or_struct)) {
			return sa->type;
		}
	}
	if (base_type(reg->type) == PTR_TO_BTF_ID || reg2btf_struct(reg->type)) {
		if (!kbtf_is_struct(ref_t)) {
			verbose(env,
				"kernel function %s args#%d pointer type %s %s is not supported\n",
				meta->func_name, argno, kbtf_type_str(ref_t), ref_tname);
			return -EINVAL;
		}
		return KF_ARG_PTR_TO_BTF_ID;
	}
	if (btf_resolve_func_ptr(meta->btf, args[argno].type))
		return KF_ARG_PTR_TO_CALLBACK;
	if (argno + 1 < nargs &&
	    (is_kfunc_arg_mem_size(meta->btf, &args[argno + 1], &regs[argno + 2], "__sz") ||
	     is_kfunc_arg_mem_size(meta->btf, &args[argno + 1], &regs[argno + 2], "__szk")))
		arg_mem_size = true;
	/* memory: a pointer to scalars, a struct of scalars, or void with a size */
	if (!kbtf_is_scalar(ref_t) && !btf_type_is_scalar_struct(env, meta->btf, ref_t, 0) &&
	    (arg_mem_size ? !kbtf_is_void(ref_t) : 1)) {
		verbose(env,
			"arg#%d pointer type %s %s must point to %sscalar, or struct with scalar\n",
			argno, kbtf_type_str(ref_t), ref_tname, arg_mem_size ? "void, " : "");
		return -EINVAL;
	}
	return arg_mem_size ? KF_ARG_PTR_TO_MEM_SIZE : KF_ARG_PTR_TO_MEM;
}

/* ---- per-class argument checks ---- */

static int process_kf_arg_ptr_to_btf_id(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
					const struct btf_type *ref_t, const char *ref_tname,
					u32 ref_id, struct bpf_kfunc_call_arg_meta *meta, u32 argno)
{
	const struct hive_btf *reg_btf;
	const struct btf_type *reg_ref_t;
	const char *reg_ref_tname;
	bool strict_type_match = false;
	u32 reg_ref_id;

	if (base_type(reg->type) == PTR_TO_BTF_ID) {
		reg_btf = reg->btf;
		reg_ref_id = reg->btf_id;
	} else {
		int id = proto_resolve_btf_id(env->in->vmlinux_btf, reg2btf_struct(reg->type));

		reg_btf = env->in->vmlinux_btf;
		reg_ref_id = id > 0 ? (u32)id : 0;
	}
	/* acquire/release and ___init aliases need the exact type */
	if ((is_kfunc_release(meta) && reg->ref_obj_id) ||
	    btf_type_ids_nocast_alias(reg_btf, reg_ref_id, meta->btf, ref_id))
		strict_type_match = true;
	reg_ref_t = kbtf_skip_modifiers(reg_btf, reg_ref_id, &reg_ref_id);
	reg_ref_tname = reg_ref_t ? btf_name(reg_btf, reg_ref_t->name_off) : "";
	if (!btf_is_projection_of(ref_tname, reg_ref_tname) &&
	    !btf_struct_ids_match(env, reg_btf, reg_ref_id, reg->off, meta->btf, ref_id,
				  strict_type_match)) {
		verbose(env,
			"kernel function %s args#%d expected pointer to %s %s but R%d has a pointer "
			"to %s %s\n",
			meta->func_name, argno, kbtf_type_str(ref_t), ref_tname, argno + 1,
			kbtf_type_str(reg_ref_t), reg_ref_tname);
		return -EINVAL;
	}
	return 0;
}

static int process_irq_flag(struct bpf_verifier_env *env, int regno,
			    struct bpf_kfunc_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = reg_state(env, regno);
	int err, kfunc_class = IRQ_NATIVE_KFUNC;
	bool irq_save;

	if (meta->special == KF_bpf_local_irq_save ||
	    meta->special == KF_bpf_res_spin_lock_irqsave) {
		irq_save = true;
		if (meta->special == KF_bpf_res_spin_lock_irqsave)
			kfunc_class = IRQ_LOCK_KFUNC;
	} else if (meta->special == KF_bpf_local_irq_restore ||
		   meta->special == KF_bpf_res_spin_unlock_irqrestore) {
		irq_save = false;
		if (meta->special == KF_bpf_res_spin_unlock_irqrestore)
			kfunc_class = IRQ_LOCK_KFUNC;
	} else {
		verifier_bug(env, "unknown irq flags kfunc");
		return -EFAULT;
	}
	if (irq_save) {
		if (!is_irq_flag_reg_valid_uninit(env, reg)) {
			verbose(env, "expected uninitialized irq flag as arg#%d\n", regno - 1);
			return -EINVAL;
		}
		err = check_mem_access(env, (int)env->insn_idx, (u32)regno, 0, BPF_DW, BPF_WRITE,
				       -1, false, false);
		if (err)
			return err;
		return mark_stack_slot_irq_flag(env, reg, (int)env->insn_idx, kfunc_class);
	}
	err = is_irq_flag_reg_valid_init(env, reg);
	if (err) {
		verbose(env, "expected an initialized irq flag as arg#%d\n", regno - 1);
		return err;
	}
	err = mark_irq_flag_read(env, reg);
	return err ?: unmark_stack_slot_irq_flag(env, reg, kfunc_class);
}

static int process_iter_arg(struct bpf_verifier_env *env, int regno, int insn_idx,
			    struct bpf_kfunc_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = reg_state(env, regno);
	int spi, err, nr_slots, btf_id;

	if (reg->type != PTR_TO_STACK) {
		verbose(env, "arg#%d expected pointer to an iterator on stack\n", regno - 1);
		return -EINVAL;
	}
	btf_id = btf_check_iter_arg(meta->btf, meta->func_proto, regno - 1);
	if (btf_id < 0) {
		verbose(env, "expected valid iter pointer as arg #%d\n", regno - 1);
		return -EINVAL;
	}
	nr_slots = (int)(btf_type_by_id(meta->btf, (u32)btf_id)->size / BPF_REG_SIZE);
	if (meta->kfunc_flags & KF_ITER_NEW) {
		if (!is_iter_reg_valid_uninit(env, reg, nr_slots)) {
			verbose(env, "expected uninitialized iter_%s as arg #%d\n",
				iter_type_str(meta->btf, (u32)btf_id), regno - 1);
			return -EINVAL;
		}
		for (int i = 0; i < nr_slots * 8; i += BPF_REG_SIZE) {
			err = check_mem_access(env, insn_idx, (u32)regno, i, BPF_DW, BPF_WRITE, -1,
					       false, false);
			if (err)
				return err;
		}
		return mark_stack_slots_iter(env, is_kfunc_rcu_protected(meta), reg, insn_idx,
					     meta->btf, (u32)btf_id, nr_slots);
	}
	err = is_iter_reg_valid_init(env, reg, meta->btf, (u32)btf_id, nr_slots);
	if (err == -EINVAL) {
		verbose(env, "expected an initialized iter_%s as arg #%d\n",
			iter_type_str(meta->btf, (u32)btf_id), regno - 1);
		return err;
	}
	if (err == -EPROTO) {
		verbose(env, "expected an RCU CS when using %s\n", meta->func_name);
		return err;
	}
	if (err)
		return err;
	spi = iter_get_spi(env, reg, nr_slots);
	if (spi < 0)
		return spi;
	err = mark_iter_read(env, reg, spi, nr_slots);
	if (err)
		return err;
	/* for process_iter_next_call() */
	meta->iter.spi = (u8)spi;
	meta->iter.frameno = (u8)reg->frameno;
	meta->ref_obj_id = func(env, reg)->stack[spi].spilled_ptr.ref_obj_id;
	if (meta->kfunc_flags & KF_ITER_DESTROY)
		return unmark_stack_slots_iter(env, reg, nr_slots);
	return 0;
}

static struct bpf_reg_state *get_iter_from_state(struct bpf_verifier_state *cur_st,
						 struct bpf_kfunc_call_arg_meta *meta)
{
	return &cur_st->frame[meta->iter.frameno]->stack[meta->iter.spi].spilled_ptr;
}

/*
 * iter_next(): the current path sees the iterator drained (NULL returned); a copy queued for
 * later sees it active with one more iteration done and a non-NULL result. States converge
 * when an iteration starts from a state already seen.
 */
static int process_iter_next_call(struct bpf_verifier_env *env, int insn_idx,
				  struct bpf_kfunc_call_arg_meta *meta)
{
	struct bpf_verifier_state *cur_st = env->cur_state, *queued_st, *prev_st;
	struct bpf_func_state *cur_fr = cur_st->frame[cur_st->curframe];
	struct bpf_reg_state *cur_iter = get_iter_from_state(cur_st, meta), *queued_iter;

	if (cur_iter->iter.state != BPF_ITER_STATE_ACTIVE &&
	    cur_iter->iter.state != BPF_ITER_STATE_DRAINED) {
		verifier_bug(env, "unexpected iterator state %d (%s)", cur_iter->iter.state,
			     iter_state_str(cur_iter->iter.state));
		return -EFAULT;
	}
	if (cur_iter->iter.state == BPF_ITER_STATE_ACTIVE) {
		/* the checkpoint taken at this call is cur_st->parent */
		if (!cur_st->parent || cur_st->parent->insn_idx != (u32)insn_idx ||
		    !same_callsites(cur_st->parent, cur_st)) {
			verifier_bug(env, "bad parent state for iter next call");
			return -EFAULT;
		}
		prev_st = find_prev_entry(env, cur_st->parent, insn_idx);
		queued_st = push_stack(env, insn_idx + 1, insn_idx, false);
		if (!queued_st)
			return -ENOMEM;
		queued_iter = get_iter_from_state(queued_st, meta);
		queued_iter->iter.state = BPF_ITER_STATE_ACTIVE;
		queued_iter->iter.depth++;
		if (prev_st)
			widen_imprecise_scalars(env, prev_st, queued_st);
		mark_ptr_not_null_reg(&queued_st->frame[queued_st->curframe]->regs[BPF_REG_0]);
	}
	cur_iter->iter.state = BPF_ITER_STATE_DRAINED;
	__mark_reg_const_zero(env, &cur_fr->regs[BPF_REG_0]);
	return 0;
}

static int process_wq_func(struct bpf_verifier_env *env, int regno,
			   struct bpf_kfunc_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = reg_state(env, regno);
	const struct hive_verifier_map *map = reg->map_ptr;
	u64 val = reg->var_off.value + (u64)(s64)reg->off;

	if (!map->record || (u64)(s64)map->record->wq_off != val) {
		verbose(env, "off %lld doesn't point to 'struct bpf_wq' that is at %d\n",
			(long long)val, map->record ? map->record->wq_off : -1);
		return -EINVAL;
	}
	meta->map.uid = (int)reg->map_uid;
	meta->map.ptr = map;
	return 0;
}

static int process_task_work_func(struct bpf_verifier_env *env, int regno,
				  struct bpf_kfunc_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = reg_state(env, regno);
	int err = check_map_field_pointer(env, (u32)regno, HIVE_FIELD_TASK_WORK);

	if (err)
		return err;
	if (meta->map.ptr) {
		verifier_bug(env, "Two map pointers in a bpf_task_work helper");
		return -EFAULT;
	}
	meta->map.uid = (int)reg->map_uid;
	meta->map.ptr = reg->map_ptr;
	return 0;
}

static int check_kfunc_map_arg(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 regno,
			       struct bpf_kfunc_call_arg_meta *meta)
{
	const struct hive_record *rec;

	if (!reg->map_ptr ||
	    (base_type(reg->type) != CONST_PTR_TO_MAP && base_type(reg->type) != PTR_TO_MAP_VALUE &&
	     base_type(reg->type) != PTR_TO_MAP_KEY)) {
		verbose(env, "pointer in R%d isn't map pointer\n", regno);
		return -EINVAL;
	}
	rec = reg->map_ptr->record;
	if (meta->map.ptr && rec && (rec->wq_off >= 0 || rec->task_work_off >= 0) &&
	    (meta->map.ptr != reg->map_ptr || meta->map.uid != (int)reg->map_uid)) {
		if (rec->task_work_off >= 0) {
			verbose(env,
				"bpf_task_work pointer in R2 map_uid=%d doesn't match map pointer in R3 "
				"map_uid=%d\n",
				meta->map.uid, reg->map_uid);
			return -EINVAL;
		}
		verbose(env,
			"workqueue pointer in R1 map_uid=%d doesn't match map pointer in R2 "
			"map_uid=%d\n",
			meta->map.uid, reg->map_uid);
		return -EINVAL;
	}
	meta->map.ptr = reg->map_ptr;
	meta->map.uid = (int)reg->map_uid;
	return 0;
}

/* Trust required of BTF-typed arguments of KF_TRUSTED_ARGS / KF_RCU kfuncs. */
static int check_kfunc_arg_trust(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 regno,
				 struct bpf_kfunc_call_arg_meta *meta)
{
	if (!is_kfunc_trusted_args(meta) && !is_kfunc_rcu(meta))
		return 0;
	if (!is_trusted_reg(reg)) {
		if (!is_kfunc_rcu(meta)) {
			verbose(env, "R%d must be referenced or trusted\n", regno);
			return -EINVAL;
		}
		if (!is_rcu_reg(reg)) {
			verbose(env, "R%d must be a rcu pointer\n", regno);
			return -EINVAL;
		}
	}
	return 0;
}

static int kfunc_dynptr_arg(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 regno,
			    int insn_idx, const struct btf_param *arg,
			    struct bpf_kfunc_call_arg_meta *meta)
{
	u32 dynptr_arg_type = ARG_PTR_TO_DYNPTR;
	int clone_ref_obj_id = 0, ret;

	if (reg->type == CONST_PTR_TO_DYNPTR)
		dynptr_arg_type |= MEM_RDONLY;
	if (btf_param_match_suffix(meta->btf, arg, "__uninit"))
		dynptr_arg_type |= MEM_UNINIT;
	if (meta->special == KF_bpf_dynptr_from_skb) {
		dynptr_arg_type |= DYNPTR_TYPE_SKB;
	} else if (meta->special == KF_bpf_dynptr_from_xdp) {
		dynptr_arg_type |= DYNPTR_TYPE_XDP;
	} else if (meta->special == KF_bpf_dynptr_from_skb_meta) {
		dynptr_arg_type |= DYNPTR_TYPE_SKB_META;
	} else if (meta->special == KF_bpf_dynptr_clone && (dynptr_arg_type & MEM_UNINIT)) {
		enum bpf_dynptr_type parent_type = meta->initialized_dynptr.type;

		if (parent_type == BPF_DYNPTR_TYPE_INVALID) {
			verifier_bug(env, "no dynptr type for parent of clone");
			return -EFAULT;
		}
		dynptr_arg_type |= get_dynptr_type_flag(parent_type);
		clone_ref_obj_id = (int)meta->initialized_dynptr.ref_obj_id;
		if (dynptr_type_refcounted(parent_type) && !clone_ref_obj_id) {
			verifier_bug(env, "missing ref obj id for parent of clone");
			return -EFAULT;
		}
	}
	ret = process_dynptr_func(env, (int)regno, insn_idx, dynptr_arg_type, clone_ref_obj_id);
	if (ret < 0)
		return ret;
	if (!(dynptr_arg_type & MEM_UNINIT)) {
		int id = dynptr_id(env, reg);

		if (id < 0) {
			verifier_bug(env, "failed to obtain dynptr id");
			return id;
		}
		meta->initialized_dynptr.id = (u32)id;
		meta->initialized_dynptr.type = dynptr_get_type(env, reg);
		meta->initialized_dynptr.ref_obj_id = (u32)dynptr_ref_obj_id(env, reg);
	}
	return 0;
}

static bool check_css_task_iter_allowlist(struct bpf_verifier_env *env)
{
	if (env->prog_type == BPF_PROG_TYPE_LSM)
		return true;
	if (env->prog_type == BPF_PROG_TYPE_TRACING &&
	    env->in->expected_attach_type == BPF_TRACE_ITER)
		return true;
	return in_sleepable(env);
}

static int kfunc_mem_size_arg(struct bpf_verifier_env *env, u32 regno, u32 i,
			      const struct btf_param *args, struct bpf_kfunc_call_arg_meta *meta)
{
	struct bpf_reg_state *regs = cur_regs(env);
	struct bpf_reg_state *size_reg = &regs[regno + 1];
	int ret;

	if (!register_is_null(&regs[regno]) ||
	    !btf_param_match_suffix(meta->btf, &args[i], "__opt")) {
		ret = check_kfunc_mem_size_reg(env, size_reg, regno + 1);
		if (ret < 0) {
			verbose(env,
				"arg#%d arg#%d memory, len pair leads to invalid memory access\n",
				i, i + 1);
			return ret;
		}
	}
	if (is_kfunc_arg_mem_size(meta->btf, &args[i + 1], size_reg, "__szk")) {
		if (meta->arg_constant.found) {
			verifier_bug(env, "only one constant argument permitted");
			return -EFAULT;
		}
		if (!tnum_is_const(size_reg->var_off)) {
			verbose(env, "R%d must be a known constant\n", regno + 1);
			return -EINVAL;
		}
		meta->arg_constant.found = true;
		meta->arg_constant.value = size_reg->var_off.value;
	}
	return 0;
}

static int kfunc_btf_id_arg(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 i,
			    int kf_arg_type, const struct btf_type *ref_t, const char *ref_tname,
			    u32 ref_id, struct bpf_kfunc_call_arg_meta *meta)
{
	if (kf_arg_type == KF_ARG_PTR_TO_MAP) {
		/* a __map argument is a struct bpf_map */
		int id = proto_resolve_btf_id(env->in->vmlinux_btf, "bpf_map");

		ref_id = id > 0 ? (u32)id : 0;
		ref_t = btf_type_by_id(env->in->vmlinux_btf, ref_id);
		ref_tname = ref_t ? btf_name(meta->btf, ref_t->name_off) : "";
	}
	if ((base_type(reg->type) != PTR_TO_BTF_ID ||
	     (bpf_type_has_unsafe_modifiers(reg->type) && !is_rcu_reg(reg))) &&
	    !reg2btf_struct(reg->type)) {
		verbose(env, "arg#%d is %s ", i, reg_type_str(env, reg->type));
		verbose(env, "expected %s or socket\n",
			reg_type_str(env, base_type(reg->type) | (type_flag(reg->type) &
								  BPF_REG_TRUSTED_MODIFIERS)));
		return -EINVAL;
	}
	return process_kf_arg_ptr_to_btf_id(env, reg, ref_t, ref_tname, ref_id, meta, i);
}

static int kfunc_res_lock_arg(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 regno,
			      u32 i, struct bpf_kfunc_call_arg_meta *meta)
{
	int flags = PROCESS_RES_LOCK;

	if (reg->type != PTR_TO_MAP_VALUE && reg->type != (PTR_TO_BTF_ID | MEM_ALLOC)) {
		verbose(env, "arg#%d doesn't point to map value or allocated object\n", i);
		return -EINVAL;
	}
	if (!is_bpf_res_spin_lock_kfunc(env, meta->func_id))
		return -EFAULT;
	if (meta->special == KF_bpf_res_spin_lock || meta->special == KF_bpf_res_spin_lock_irqsave)
		flags |= PROCESS_SPIN_LOCK;
	if (meta->special == KF_bpf_res_spin_lock_irqsave ||
	    meta->special == KF_bpf_res_spin_unlock_irqrestore)
		flags |= PROCESS_LOCK_IRQ;
	return process_spin_lock(env, (int)regno, flags);
}

struct kfunc_arg {
	u32 i, regno;
	int kf_arg_type;
	const struct btf_type *t, *ref_t;
	const char *ref_tname;
	u32 ref_id;
};

/* Checks by class after the offset check (second switch of check_kfunc_args). */
static int check_kfunc_ptr_arg(struct bpf_verifier_env *env, struct kfunc_arg *a,
			       const struct btf_param *args, struct bpf_kfunc_call_arg_meta *meta,
			       int insn_idx)
{
	struct bpf_reg_state *reg = reg_state(env, (int)a->regno);
	int ret;

	switch (a->kf_arg_type) {
	case KF_ARG_PTR_TO_CTX:
		if (reg->type != PTR_TO_CTX) {
			verbose(env, "arg#%d expected pointer to ctx, but got %s\n", a->i,
				reg_type_str(env, reg->type));
			return -EINVAL;
		}
		if (meta->special == KF_bpf_cast_to_kern_ctx) {
			ret = get_kern_ctx_btf_id(env, env->prog_type);
			if (ret < 0)
				return -EINVAL;
			meta->ret_btf_id = (u32)ret;
		}
		return 0;
	case KF_ARG_PTR_TO_ALLOC_BTF_ID:
	case KF_ARG_PTR_TO_LIST_HEAD:
	case KF_ARG_PTR_TO_RB_ROOT:
	case KF_ARG_PTR_TO_LIST_NODE:
	case KF_ARG_PTR_TO_RB_NODE:
	case KF_ARG_PTR_TO_REFCOUNTED_KPTR:
		return graph_process_kf_arg(env, a->kf_arg_type, reg, a->regno, meta, a->i);
	case KF_ARG_PTR_TO_DYNPTR:
		return kfunc_dynptr_arg(env, reg, a->regno, insn_idx, &args[a->i], meta);
	case KF_ARG_PTR_TO_ITER:
		if (meta->special == KF_bpf_iter_css_task_new &&
		    !check_css_task_iter_allowlist(env)) {
			verbose(env, "css_task_iter is only allowed in bpf_lsm, bpf_iter and "
				     "sleepable progs\n");
			return -EINVAL;
		}
		return process_iter_arg(env, (int)a->regno, insn_idx, meta);
	case KF_ARG_PTR_TO_MAP:
	case KF_ARG_PTR_TO_BTF_ID:
		return kfunc_btf_id_arg(env, reg, a->i, a->kf_arg_type, a->ref_t, a->ref_tname,
					a->ref_id, meta);
	case KF_ARG_PTR_TO_MEM: {
		s64 type_size = btf_resolve_size(meta->btf, a->ref_id);

		if (type_size < 0) {
			verbose(env,
				"arg#%d reference type('%s %s') size cannot be determined: %lld\n",
				a->i, kbtf_type_str(a->ref_t), a->ref_tname, (long long)type_size);
			return -EINVAL;
		}
		return check_mem_reg(env, reg, a->regno, (u32)type_size);
	}
	case KF_ARG_PTR_TO_CALLBACK:
		if (reg->type != PTR_TO_FUNC) {
			verbose(env, "arg%d expected pointer to func\n", a->i);
			return -EINVAL;
		}
		meta->subprogno = reg->subprogno;
		return 0;
	case KF_ARG_PTR_TO_CONST_STR:
		if (reg->type != PTR_TO_MAP_VALUE) {
			verbose(env, "arg#%d doesn't point to a const string\n", a->i);
			return -EINVAL;
		}
		return check_reg_const_str(env, reg, a->regno);
	case KF_ARG_PTR_TO_WORKQUEUE:
	case KF_ARG_PTR_TO_TASK_WORK:
		if (reg->type != PTR_TO_MAP_VALUE) {
			verbose(env, "arg#%d doesn't point to a map value\n", a->i);
			return -EINVAL;
		}
		return a->kf_arg_type == KF_ARG_PTR_TO_WORKQUEUE ?
			       process_wq_func(env, (int)a->regno, meta) :
			       process_task_work_func(env, (int)a->regno, meta);
	case KF_ARG_PTR_TO_IRQ_FLAG:
		if (reg->type != PTR_TO_STACK) {
			verbose(env, "arg#%d doesn't point to an irq flag on stack\n", a->i);
			return -EINVAL;
		}
		return process_irq_flag(env, (int)a->regno, meta);
	case KF_ARG_PTR_TO_RES_SPIN_LOCK:
		return kfunc_res_lock_arg(env, reg, a->regno, a->i, meta);
	default:
		return 0;
	}
}

static int check_kfunc_scalar_arg(struct bpf_verifier_env *env, struct bpf_reg_state *reg,
				  u32 regno, const struct btf_param *arg,
				  struct bpf_kfunc_call_arg_meta *meta)
{
	bool is_ret_buf_sz = false;
	int ret;

	if (reg->type != SCALAR_VALUE) {
		verbose(env, "R%d is not a scalar\n", regno);
		return -EINVAL;
	}
	if (btf_param_match_suffix(meta->btf, arg, "__k")) {
		if (meta->arg_constant.found) {
			verifier_bug(env, "only one constant argument permitted");
			return -EFAULT;
		}
		if (!tnum_is_const(reg->var_off)) {
			verbose(env, "R%d must be a known constant\n", regno);
			return -EINVAL;
		}
		ret = mark_chain_precision(env, (int)regno);
		if (ret < 0)
			return ret;
		meta->arg_constant.found = true;
		meta->arg_constant.value = reg->var_off.value;
	} else if (is_kfunc_arg_scalar_with_name(meta->btf, arg, "rdonly_buf_size")) {
		meta->r0_rdonly = true;
		is_ret_buf_sz = true;
	} else if (is_kfunc_arg_scalar_with_name(meta->btf, arg, "rdwr_buf_size")) {
		is_ret_buf_sz = true;
	}
	if (!is_ret_buf_sz)
		return 0;
	if (meta->r0_size) {
		verbose(env, "2 or more rdonly/rdwr_buf_size parameters for kfunc");
		return -EINVAL;
	}
	if (!tnum_is_const(reg->var_off)) {
		verbose(env, "R%d is not a const\n", regno);
		return -EINVAL;
	}
	meta->r0_size = reg->var_off.value;
	return mark_chain_precision(env, (int)regno);
}

/* First checks of a pointer argument: NULL, references, class, trust, offset. */
static int classify_kfunc_ptr_arg(struct bpf_verifier_env *env, struct kfunc_arg *a,
				  const struct btf_param *args, u32 nargs,
				  struct bpf_kfunc_call_arg_meta *meta)
{
	struct bpf_reg_state *reg = reg_state(env, (int)a->regno);
	u32 arg_type = ARG_DONTCARE;
	int ret;

	if ((is_kfunc_trusted_args(meta) || is_kfunc_rcu(meta)) &&
	    (register_is_null(reg) || type_may_be_null(reg->type)) &&
	    !btf_param_match_suffix(meta->btf, &args[a->i], "__nullable")) {
		verbose(env, "Possibly NULL pointer passed to trusted arg%d\n", a->i);
		return -EACCES;
	}
	if (reg->ref_obj_id) {
		if (is_kfunc_release(meta) && meta->ref_obj_id) {
			verifier_bug(env, "more than one arg with ref_obj_id R%d %u %u", a->regno,
				     reg->ref_obj_id, meta->ref_obj_id);
			return -EFAULT;
		}
		meta->ref_obj_id = reg->ref_obj_id;
		if (is_kfunc_release(meta))
			meta->release_regno = (u8)a->regno;
	}
	a->ref_t = kbtf_skip_modifiers(meta->btf, a->t->type, &a->ref_id);
	a->ref_tname = a->ref_t ? btf_name(meta->btf, a->ref_t->name_off) : "";
	ret = get_kfunc_ptr_arg_type(env, meta, a->t, a->ref_t, a->ref_tname, args, a->i, nargs);
	if (ret < 0)
		return ret;
	a->kf_arg_type = ret;
	if (ret == KF_ARG_PTR_TO_NULL)
		return 1;
	if (ret == KF_ARG_PTR_TO_MAP) {
		ret = check_kfunc_map_arg(env, reg, a->regno, meta);
		if (ret)
			return ret;
	}
	if (a->kf_arg_type == KF_ARG_PTR_TO_MAP || a->kf_arg_type == KF_ARG_PTR_TO_ALLOC_BTF_ID ||
	    a->kf_arg_type == KF_ARG_PTR_TO_BTF_ID) {
		ret = check_kfunc_arg_trust(env, reg, a->regno, meta);
		if (ret)
			return ret;
	}
	if (is_kfunc_release(meta) && reg->ref_obj_id)
		arg_type |= OBJ_RELEASE;
	ret = check_func_arg_reg_off(env, reg, (int)a->regno, arg_type);
	return ret < 0 ? ret : 0;
}

static int check_kfunc_args(struct bpf_verifier_env *env, struct bpf_kfunc_call_arg_meta *meta,
			    int insn_idx)
{
	const struct btf_param *args = btf_params(meta->func_proto);
	u32 i, nargs = btf_vlen(meta->func_proto);
	int ret;

	if (nargs > MAX_BPF_FUNC_REG_ARGS) {
		verbose(env, "Function %s has %d > %d args\n", meta->func_name, nargs,
			MAX_BPF_FUNC_REG_ARGS);
		return -EINVAL;
	}
	for (i = 0; i < nargs; i++) {
		struct kfunc_arg a = { .i = i, .regno = i + 1 };
		struct bpf_reg_state *reg = reg_state(env, (int)a.regno);

		a.t = kbtf_skip_modifiers(meta->btf, args[i].type, NULL);
		if (btf_param_match_suffix(meta->btf, &args[i], "__ign"))
			continue;
		if (btf_param_match_suffix(meta->btf, &args[i], "__prog")) {
			if (meta->arg_prog) {
				verifier_bug(env, "Only 1 prog->aux argument supported per-kfunc");
				return -EFAULT;
			}
			meta->arg_prog = true;
			cur_aux(env)->arg_prog = (u8)a.regno;
			continue;
		}
		if (kbtf_is_scalar(a.t)) {
			ret = check_kfunc_scalar_arg(env, reg, a.regno, &args[i], meta);
			if (ret)
				return ret;
			continue;
		}
		if (!a.t || !btf_is_ptr(a.t)) {
			verbose(env, "Unrecognized arg#%d type %s\n", i, kbtf_type_str(a.t));
			return -EINVAL;
		}
		ret = classify_kfunc_ptr_arg(env, &a, args, nargs, meta);
		if (ret == 1)
			continue;
		if (ret)
			return ret;
		if (a.kf_arg_type == KF_ARG_PTR_TO_MEM_SIZE) {
			ret = kfunc_mem_size_arg(env, a.regno, i, args, meta);
			i++; /* the size argument is checked with its buffer */
		} else {
			ret = check_kfunc_ptr_arg(env, &a, args, meta, insn_idx);
		}
		if (ret < 0)
			return ret;
	}
	if (is_kfunc_release(meta) && !meta->release_regno) {
		verbose(env, "release kernel function %s expects refcounted PTR_TO_BTF_ID\n",
			meta->func_name);
		return -EINVAL;
	}
	return 0;
}

/* ---- the call ---- */

static void __mark_btf_func_reg_size(struct bpf_verifier_env *env, struct bpf_reg_state *regs,
				     u32 regno, size_t reg_size)
{
	struct bpf_reg_state *reg = &regs[regno];

	if (regno == BPF_REG_0)
		reg->subreg_def = reg_size == 8 ? DEF_NOT_SUBREG : (s32)env->insn_idx + 1;
	else if (reg_size == 8)
		mark_insn_zext(env, reg);
}

/* bpf_res_spin_lock() may fail: the failure path is explored separately. */
static int fork_res_lock_failure(struct bpf_verifier_env *env)
{
	struct bpf_verifier_state *branch;
	struct bpf_reg_state *regs;
	int err;

	branch = push_stack(env, (int)env->insn_idx + 1, (int)env->insn_idx, false);
	if (!branch) {
		verbose(env, "failed to push state for failed lock acquisition\n");
		return -ENOMEM;
	}
	regs = branch->frame[branch->curframe]->regs;
	for (u32 i = 0; i < CALLER_SAVED_REGS; i++)
		mark_reg_not_init(env, regs, i);
	mark_reg_unknown(env, regs, BPF_REG_0);
	err = __mark_reg_s32_range(env, regs, BPF_REG_0, -MAX_ERRNO, -1);
	if (err) {
		verbose(env, "failed to mark s32 range for retval in forked state for lock\n");
		return err;
	}
	__mark_btf_func_reg_size(env, regs, BPF_REG_0, sizeof(u32));
	return 0;
}

static int kfunc_rcu_preempt_irq(struct bpf_verifier_env *env, struct bpf_kfunc_call_arg_meta *meta,
				 const char *func_name)
{
	struct bpf_verifier_state *st = env->cur_state;
	bool sleepable = meta->kfunc_flags & KF_SLEEPABLE;
	bool rcu_lock = meta->special == KF_bpf_rcu_read_lock;
	bool rcu_unlock = meta->special == KF_bpf_rcu_read_unlock;
	bool preempt_disable = meta->special == KF_bpf_preempt_disable;
	bool preempt_enable = meta->special == KF_bpf_preempt_enable;

	if (st->active_rcu_lock) {
		struct bpf_func_state *state;
		struct bpf_reg_state *reg;

		if (in_rbtree_lock_required_cb(env) && (rcu_lock || rcu_unlock)) {
			verbose(env,
				"Calling bpf_rcu_read_{lock,unlock} in unnecessary rbtree callback\n");
			return -EACCES;
		}
		if (rcu_lock) {
			verbose(env, "nested rcu read lock (kernel function %s)\n", func_name);
			return -EINVAL;
		} else if (rcu_unlock) {
			/* RCU pointers become untrusted outside the critical section */
			bpf_for_each_reg_in_vstate_mask(
				st, state, reg, (1u << STACK_SPILL) | (1u << STACK_ITER), ({
					if (reg->type & MEM_RCU) {
						reg->type &= ~(MEM_RCU | PTR_MAYBE_NULL);
						reg->type |= PTR_UNTRUSTED;
					}
				}));
			st->active_rcu_lock = false;
		} else if (sleepable) {
			verbose(env, "kernel func %s is sleepable within rcu_read_lock region\n",
				func_name);
			return -EACCES;
		}
	} else if (rcu_lock) {
		st->active_rcu_lock = true;
	} else if (rcu_unlock) {
		verbose(env, "unmatched rcu read unlock (kernel function %s)\n", func_name);
		return -EINVAL;
	}
	if (st->active_preempt_locks) {
		if (preempt_disable) {
			st->active_preempt_locks++;
		} else if (preempt_enable) {
			st->active_preempt_locks--;
		} else if (sleepable) {
			verbose(env, "kernel func %s is sleepable within non-preemptible region\n",
				func_name);
			return -EACCES;
		}
	} else if (preempt_disable) {
		st->active_preempt_locks++;
	} else if (preempt_enable) {
		verbose(env, "unmatched attempt to enable preemption (kernel function %s)\n",
			func_name);
		return -EINVAL;
	}
	if (st->active_irq_id && sleepable) {
		verbose(env, "kernel func %s is sleepable within IRQ-disabled region\n", func_name);
		return -EACCES;
	}
	if (is_kfunc_rcu_protected(meta) && !in_rcu_cs(env)) {
		verbose(env, "kernel func %s requires RCU critical section protection\n",
			func_name);
		return -EACCES;
	}
	return 0;
}

/* Return values of the non-graph special kfuncs: 1 handled, 0 not special, <0 error. */
static int check_special_kfunc(struct bpf_verifier_env *env, struct bpf_kfunc_call_arg_meta *meta,
			       struct bpf_reg_state *regs, struct bpf_insn_aux_data *insn_aux,
			       const struct btf_type *ptr_type)
{
	const struct hive_btf *desc_btf = meta->btf;
	int ret = graph_special_ret(env, meta, regs, insn_aux, ptr_type);

	if (ret)
		return ret;
	if (meta->special == KF_bpf_cast_to_kern_ctx) {
		mark_reg_known_zero(env, regs, BPF_REG_0);
		regs[BPF_REG_0].type = PTR_TO_BTF_ID | PTR_TRUSTED;
		regs[BPF_REG_0].btf = desc_btf;
		regs[BPF_REG_0].btf_id = meta->ret_btf_id;
	} else if (meta->special == KF_bpf_rdonly_cast) {
		const struct btf_type *ret_t =
			btf_type_by_id(desc_btf, (u32)meta->arg_constant.value);

		if (!ret_t) {
			verbose(env, "Unknown type ID %lld passed to kfunc bpf_rdonly_cast\n",
				(long long)meta->arg_constant.value);
			return -EINVAL;
		} else if (kbtf_is_struct(ret_t)) {
			mark_reg_known_zero(env, regs, BPF_REG_0);
			regs[BPF_REG_0].type = PTR_TO_BTF_ID | PTR_UNTRUSTED;
			regs[BPF_REG_0].btf = desc_btf;
			regs[BPF_REG_0].btf_id = (u32)meta->arg_constant.value;
		} else if (kbtf_is_void(ret_t) || meta->arg_constant.value == 0) {
			mark_reg_known_zero(env, regs, BPF_REG_0);
			regs[BPF_REG_0].type = PTR_TO_MEM | MEM_RDONLY | PTR_UNTRUSTED;
			regs[BPF_REG_0].mem_size = 0;
		} else {
			verbose(env,
				"kfunc bpf_rdonly_cast type ID argument must be of a struct or void\n");
			return -EINVAL;
		}
	} else if (meta->special == KF_bpf_dynptr_slice ||
		   meta->special == KF_bpf_dynptr_slice_rdwr) {
		u32 flag = get_dynptr_type_flag(meta->initialized_dynptr.type);

		mark_reg_known_zero(env, regs, BPF_REG_0);
		if (!meta->arg_constant.found) {
			verifier_bug(env, "bpf_dynptr_slice(_rdwr) no constant size");
			return -EFAULT;
		}
		regs[BPF_REG_0].mem_size = (u32)meta->arg_constant.value;
		regs[BPF_REG_0].type = PTR_TO_MEM | flag;
		if (meta->special == KF_bpf_dynptr_slice) {
			regs[BPF_REG_0].type |= MEM_RDONLY;
		} else if (!may_access_direct_pkt_data(env, NULL, BPF_WRITE)) {
			verbose(env, "the prog does not allow writes to packet data\n");
			return -EINVAL;
		}
		if (!meta->initialized_dynptr.id) {
			verifier_bug(env, "no dynptr id");
			return -EFAULT;
		}
		regs[BPF_REG_0].dynptr_id = meta->initialized_dynptr.id;
	} else {
		return 0;
	}
	return 1;
}

static int kfunc_ret_ptr(struct bpf_verifier_env *env, struct bpf_kfunc_call_arg_meta *meta,
			 const struct btf_type *t, struct bpf_insn_aux_data *insn_aux,
			 const char *func_name, int insn_idx)
{
	struct bpf_reg_state *regs = cur_regs(env);
	const struct hive_btf *desc_btf = meta->btf;
	const struct btf_type *ptr_type;
	u32 ptr_type_id;
	int err;

	ptr_type = kbtf_skip_modifiers(desc_btf, t->type, &ptr_type_id);
	err = check_special_kfunc(env, meta, regs, insn_aux, ptr_type);
	if (err < 0)
		return err;
	if (err) {
		/* handled above */
	} else if (kbtf_is_void(ptr_type)) {
		/* void * is a scalar */
		mark_reg_unknown(env, regs, BPF_REG_0);
	} else if (!btf_is_struct(ptr_type)) {
		if (!meta->r0_size) {
			s64 sz = btf_resolve_size(desc_btf, ptr_type_id);

			if (sz > 0) {
				meta->r0_size = (u64)sz;
				meta->r0_rdonly = true;
			}
		}
		if (!meta->r0_size) {
			verbose(env,
				"kernel function %s returns pointer type %s %s is not supported\n",
				func_name, kbtf_type_str(ptr_type),
				btf_name(desc_btf, ptr_type->name_off));
			return -EINVAL;
		}
		mark_reg_known_zero(env, regs, BPF_REG_0);
		regs[BPF_REG_0].type = PTR_TO_MEM;
		regs[BPF_REG_0].mem_size = (u32)meta->r0_size;
		if (meta->r0_rdonly)
			regs[BPF_REG_0].type |= MEM_RDONLY;
		/* the memory goes away with the reference */
		if (meta->ref_obj_id)
			regs[BPF_REG_0].ref_obj_id = meta->ref_obj_id;
		if (is_kfunc_rcu_protected(meta))
			regs[BPF_REG_0].type |= MEM_RCU;
	} else {
		mark_reg_known_zero(env, regs, BPF_REG_0);
		regs[BPF_REG_0].btf = desc_btf;
		regs[BPF_REG_0].type = PTR_TO_BTF_ID;
		regs[BPF_REG_0].btf_id = ptr_type_id;
		if (meta->special == KF_bpf_get_kmem_cache)
			regs[BPF_REG_0].type |= PTR_UNTRUSTED;
		else if (is_kfunc_rcu_protected(meta))
			regs[BPF_REG_0].type |= MEM_RCU;
		if (meta->kfunc_flags & KF_ITER_NEXT) {
			struct bpf_reg_state *cur_iter = get_iter_from_state(env->cur_state, meta);

			regs[BPF_REG_0].type |= (cur_iter->type & MEM_RCU) ? MEM_RCU : PTR_TRUSTED;
		}
	}
	if (is_kfunc_ret_null(meta)) {
		regs[BPF_REG_0].type |= PTR_MAYBE_NULL;
		regs[BPF_REG_0].id = ++env->id_gen;
	}
	__mark_btf_func_reg_size(env, regs, BPF_REG_0, 8);
	if (is_kfunc_acquire(meta)) {
		int id = acquire_reference(env, insn_idx);

		if (id < 0)
			return id;
		if (is_kfunc_ret_null(meta))
			regs[BPF_REG_0].id = (u32)id;
		regs[BPF_REG_0].ref_obj_id = (u32)id;
	} else if (graph_is_node_type(env, ptr_type)) {
		ref_set_non_owning(env, &regs[BPF_REG_0]);
	}
	if (reg_may_point_to_spin_lock(&regs[BPF_REG_0]) && !regs[BPF_REG_0].id)
		regs[BPF_REG_0].id = ++env->id_gen;
	return 0;
}

static int kfunc_set_retval(struct bpf_verifier_env *env, struct bpf_kfunc_call_arg_meta *meta,
			    struct bpf_insn_aux_data *insn_aux, const char *func_name, int insn_idx)
{
	struct bpf_reg_state *regs = cur_regs(env);
	const struct btf_type *t = kbtf_skip_modifiers(meta->btf, meta->func_proto->type, NULL);

	if (is_kfunc_acquire(meta) && !kbtf_is_struct_ptr(meta->btf, t) &&
	    meta->special != KF_bpf_obj_new_impl && meta->special != KF_bpf_percpu_obj_new_impl &&
	    meta->special != KF_bpf_refcount_acquire_impl) {
		verbose(env, "acquire kernel function does not return PTR_TO_BTF_ID\n");
		return -EINVAL;
	}
	if (kbtf_is_scalar(t)) {
		mark_reg_unknown(env, regs, BPF_REG_0);
		if (meta->special == KF_bpf_res_spin_lock ||
		    meta->special == KF_bpf_res_spin_lock_irqsave)
			__mark_reg_const_zero(env, &regs[BPF_REG_0]);
		__mark_btf_func_reg_size(env, regs, BPF_REG_0, t->size);
	} else if (t && btf_is_ptr(t)) {
		return kfunc_ret_ptr(env, meta, t, insn_aux, func_name, insn_idx);
	} else if (kbtf_is_void(t)) {
		graph_void_ret(env, meta, insn_aux);
	}
	return 0;
}

static int kfunc_callbacks(struct bpf_verifier_env *env, struct bpf_kfunc_call_arg_meta *meta,
			   const struct hive_insn *insn, int insn_idx, const char *func_name)
{
	int kind = -1, err;

	if (meta->special == KF_bpf_rbtree_add_impl)
		kind = KFUNC_CB_RBTREE_ADD;
	else if (meta->special == KF_bpf_wq_set_callback_impl)
		kind = KFUNC_CB_WQ;
	else if (meta->special == KF_bpf_task_work_schedule_signal_impl ||
		 meta->special == KF_bpf_task_work_schedule_resume_impl)
		kind = KFUNC_CB_TASK_WORK;
	if (kind < 0)
		return 0;
	err = push_kfunc_callback(env, insn, insn_idx, (int)meta->subprogno, kind);
	if (err)
		verbose(env, "kfunc %s#%d failed callback verification\n", func_name,
			meta->func_id);
	return err;
}

static int kfunc_prologue(struct bpf_verifier_env *env, struct hive_insn *insn,
			  struct bpf_kfunc_call_arg_meta *meta, const char *func_name)
{
	if (meta->special == KF_bpf_res_spin_lock ||
	    meta->special == KF_bpf_res_spin_lock_irqsave) {
		int err = fork_res_lock_failure(env);

		if (err)
			return err;
	} else if (meta->special == KF___bpf_trap) {
		verbose(env, "unexpected __bpf_trap() due to uninitialized variable?\n");
		return -EFAULT;
	}
	(void)insn;
	if ((meta->kfunc_flags & KF_DESTRUCTIVE) && !env->prog_desc.cap_sys_admin) {
		verbose(env, "destructive kfunc calls require CAP_SYS_BOOT capability\n");
		return -EACCES;
	}
	if ((meta->kfunc_flags & KF_SLEEPABLE) && !in_sleepable(env)) {
		verbose(env, "program must be sleepable to call sleepable kfunc %s\n", func_name);
		return -EACCES;
	}
	return 0;
}

static int kfunc_throw(struct bpf_verifier_env *env)
{
	env->seen_exception = true;
	/* without an exception callback, bpf_throw's cookie is the program's return value */
	if (!env->exception_callback_subprog)
		return check_return_code(env, BPF_REG_1, "R1");
	return 0;
}

int check_kfunc_call(struct bpf_verifier_env *env, struct hive_insn *insn, int *insn_idx_p)
{
	int err, insn_idx = *insn_idx_p;
	struct bpf_reg_state *regs = cur_regs(env);
	struct bpf_kfunc_call_arg_meta meta;
	struct bpf_insn_aux_data *insn_aux;
	const char *func_name;
	u32 i, nargs;

	/* id 0 is reported by the fixups if the call is still there */
	if (!insn->imm)
		return 0;
	err = fetch_kfunc_meta(env, insn, &meta, &func_name);
	if (err == -EACCES && func_name)
		verbose(env, "calling kernel function %s is not allowed\n", func_name);
	if (err)
		return err;
	insn_aux = &env->insn_aux_data[insn_idx];
	insn_aux->is_iter_next = meta.kfunc_flags & KF_ITER_NEXT;
	err = kfunc_prologue(env, insn, &meta, func_name);
	err = err ?: check_kfunc_args(env, &meta, insn_idx);
	err = err ?: kfunc_callbacks(env, &meta, insn, insn_idx, func_name);
	if (err < 0)
		return err;
	if (meta.special == KF_bpf_session_cookie) {
		meta.r0_size = sizeof(u64);
		meta.r0_rdonly = false;
	}
	err = kfunc_rcu_preempt_irq(env, &meta, func_name);
	if (err)
		return err;
	if (meta.release_regno) {
		err = release_reference(env, (int)regs[meta.release_regno].ref_obj_id);
		if (err) {
			verbose(env, "kfunc %s#%d reference has not been acquired before\n",
				func_name, meta.func_id);
			return err;
		}
	}
	err = graph_after_args(env, &meta, insn, insn_idx, insn_aux);
	if (!err && meta.special == KF_bpf_throw)
		err = kfunc_throw(env);
	if (err)
		return err;
	for (i = 0; i < CALLER_SAVED_REGS; i++)
		mark_reg_not_init(env, regs, i);
	err = kfunc_set_retval(env, &meta, insn_aux, func_name, insn_idx);
	if (err)
		return err;
	if (is_kfunc_pkt_changing(&meta))
		clear_all_pkt_pointers(env);
	nargs = btf_vlen(meta.func_proto);
	for (i = 0; i < nargs; i++) {
		const struct btf_type *t =
			kbtf_skip_modifiers(meta.btf, btf_params(meta.func_proto)[i].type, NULL);

		__mark_btf_func_reg_size(env, regs, i + 1,
					 t && btf_is_ptr(t) ? 8 :
					 t		    ? t->size :
							      8);
	}
	if (meta.kfunc_flags & KF_ITER_NEXT)
		return process_iter_next_call(env, insn_idx, &meta);
	return 0;
}
