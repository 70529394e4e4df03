// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/graph.c: graph collections in the kfunc call path (spec graph-collections.md C).
 *
 * Owning references (PTR_TO_BTF_ID | MEM_ALLOC with a ref_obj_id) come from bpf_obj_new and
 * the pop/remove operations; inserting one into a list or tree turns it into a non-owning
 * reference (NON_OWN_REF, no ref_obj_id) valid until the lock is released. Roots must be
 * protected by the lock held on the same allocation: the held lock's (id, ptr) must match
 * the root's register (map value: map and id; local object: BTF and id).
 */
#include <errno.h>
#include <string.h>

#include "verifier/btf_access.h"
#include "verifier/graph.h"

#define BPF_GLOBAL_PERCPU_MA_MAX_SIZE 512

static const struct hive_field *reg_find_field_offset(const struct bpf_reg_state *reg, s32 off,
						      u32 kinds)
{
	const struct hive_record *rec = reg_btf_record(reg);

	return rec ? btf_record_find(rec, (u32)off, kinds) : NULL;
}

static void mark_reg_graph_node(struct bpf_reg_state *regs, u32 regno,
				const struct hive_field_graph_root *ds_head)
{
	__mark_reg_known_zero(&regs[regno]);
	regs[regno].type = PTR_TO_BTF_ID | MEM_ALLOC;
	regs[regno].btf = ds_head->value_type.btf;
	regs[regno].btf_id = ds_head->value_type.id;
	regs[regno].off = (s32)ds_head->node_offset;
}

bool graph_is_node_type(struct bpf_verifier_env *env, const struct btf_type *t)
{
	const struct hive_btf *btf = env->in->vmlinux_btf;
	int list_node = btf ? btf_find_by_name_kind(btf, "bpf_list_node", BTF_KIND_STRUCT) : -1;
	int rb_node = btf ? btf_find_by_name_kind(btf, "bpf_rb_node", BTF_KIND_STRUCT) : -1;

	return t && ((list_node > 0 && t == btf_type_by_id(btf, (u32)list_node)) ||
		     (rb_node > 0 && t == btf_type_by_id(btf, (u32)rb_node)));
}

static bool is_node_type(struct bpf_verifier_env *env, const struct btf_type *t, const char *name)
{
	const struct hive_btf *btf = env->in->vmlinux_btf;
	int id = btf ? btf_find_by_name_kind(btf, name, BTF_KIND_STRUCT) : -1;

	return t && id > 0 && t == btf_type_by_id(btf, (u32)id);
}

/* The held lock must be the one of the root's allocation (spec C.3). */
static int check_reg_allocation_locked(struct bpf_verifier_env *env, struct bpf_reg_state *reg)
{
	const void *ptr;

	if (reg->type == PTR_TO_MAP_VALUE) {
		ptr = reg->map_ptr;
	} else if (reg->type == (PTR_TO_BTF_ID | MEM_ALLOC)) {
		ptr = reg->btf;
	} else {
		verifier_bug(env, "unknown reg type for lock check");
		return -EFAULT;
	}
	if (!env->cur_state->active_locks)
		return -EINVAL;
	if (!find_lock_state(env->cur_state, REF_TYPE_LOCK_MASK, (int)reg->id, ptr)) {
		verbose(env, "held lock and object are not in the same allocation\n");
		return -EINVAL;
	}
	return 0;
}

static bool check_kfunc_is_graph_root_api(struct bpf_verifier_env *env, u32 head_kind,
					  u32 kfunc_btf_id)
{
	bool ret;

	if (head_kind == HIVE_FIELD_LIST_HEAD) {
		ret = is_bpf_list_api_kfunc(env, kfunc_btf_id);
	} else if (head_kind == HIVE_FIELD_RB_ROOT) {
		ret = is_bpf_rbtree_api_kfunc(env, kfunc_btf_id);
	} else {
		verbose(env, "verifier internal error: unexpected graph root argument type %s\n",
			btf_field_type_name(head_kind));
		return false;
	}
	if (!ret)
		verbose(env, "verifier internal error: %s head arg for unknown kfunc\n",
			btf_field_type_name(head_kind));
	return ret;
}

static bool check_kfunc_is_graph_node_api(struct bpf_verifier_env *env, u32 node_kind,
					  u32 kfunc_btf_id)
{
	bool ret;

	if (node_kind == HIVE_FIELD_LIST_NODE) {
		ret = is_special_kfunc(env, kfunc_btf_id, KF_bpf_list_push_front_impl) ||
		      is_special_kfunc(env, kfunc_btf_id, KF_bpf_list_push_back_impl);
	} else if (node_kind == HIVE_FIELD_RB_NODE) {
		ret = is_special_kfunc(env, kfunc_btf_id, KF_bpf_rbtree_remove) ||
		      is_special_kfunc(env, kfunc_btf_id, KF_bpf_rbtree_add_impl) ||
		      is_special_kfunc(env, kfunc_btf_id, KF_bpf_rbtree_left) ||
		      is_special_kfunc(env, kfunc_btf_id, KF_bpf_rbtree_right);
	} else {
		verbose(env, "verifier internal error: unexpected graph node argument type %s\n",
			btf_field_type_name(node_kind));
		return false;
	}
	if (!ret)
		verbose(env, "verifier internal error: %s node arg for unknown kfunc\n",
			btf_field_type_name(node_kind));
	return ret;
}

static int process_graph_root(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 regno,
			      struct bpf_kfunc_call_arg_meta *meta, u32 head_kind,
			      const struct hive_field **head_field)
{
	const char *head_type_name = btf_field_type_name(head_kind);
	const struct hive_record *rec;
	const struct hive_field *field;
	u32 head_off;

	if (meta->btf != env->in->vmlinux_btf) {
		verifier_bug(env, "unexpected btf mismatch in kfunc call");
		return -EFAULT;
	}
	if (!check_kfunc_is_graph_root_api(env, head_kind, meta->func_id))
		return -EFAULT;
	if (!tnum_is_const(reg->var_off)) {
		verbose(env,
			"R%d doesn't have constant offset. %s has to be at the constant offset\n",
			regno, head_type_name);
		return -EINVAL;
	}
	rec = reg_btf_record(reg);
	head_off = (u32)(reg->off + (s64)reg->var_off.value);
	field = rec ? btf_record_find(rec, head_off, head_kind) : NULL;
	if (!field) {
		verbose(env, "%s not found at offset=%u\n", head_type_name, head_off);
		return -EINVAL;
	}
	if (check_reg_allocation_locked(env, reg)) {
		verbose(env, "bpf_spin_lock at off=%d must be held for %s\n", rec->spin_lock_off,
			head_type_name);
		return -EINVAL;
	}
	if (*head_field) {
		verifier_bug(env, "repeating %s arg", head_type_name);
		return -EFAULT;
	}
	*head_field = field;
	return 0;
}

static int process_graph_node(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 regno,
			      struct bpf_kfunc_call_arg_meta *meta, u32 head_kind, u32 node_kind,
			      const struct hive_field **node_field)
{
	const char *node_type_name = btf_field_type_name(node_kind);
	const struct hive_field *field;
	const struct btf_type *et, *t;
	u32 node_off;

	if (meta->btf != env->in->vmlinux_btf) {
		verifier_bug(env, "unexpected btf mismatch in kfunc call");
		return -EFAULT;
	}
	if (!check_kfunc_is_graph_node_api(env, node_kind, meta->func_id))
		return -EFAULT;
	if (!tnum_is_const(reg->var_off)) {
		verbose(env,
			"R%d doesn't have constant offset. %s has to be at the constant offset\n",
			regno, node_type_name);
		return -EINVAL;
	}
	node_off = (u32)(reg->off + (s64)reg->var_off.value);
	if (!reg_find_field_offset(reg, (s32)node_off, node_kind)) {
		verbose(env, "%s not found at offset=%u\n", node_type_name, node_off);
		return -EINVAL;
	}
	/* the node must be the one the root (found with the head argument) contains */
	field = *node_field;
	if (!field) {
		verifier_bug(env, "graph node arg without root arg");
		return -EFAULT;
	}
	et = btf_type_by_id(field->graph_root.value_type.btf, field->graph_root.value_type.id);
	t = btf_type_by_id(reg->btf, reg->btf_id);
	if (!btf_struct_ids_match(env, reg->btf, reg->btf_id, 0, field->graph_root.value_type.btf,
				  field->graph_root.value_type.id, true)) {
		verbose(env,
			"operation on %s expects arg#1 %s at offset=%d in struct %s, but arg is at "
			"offset=%d in struct %s\n",
			btf_field_type_name(head_kind), node_type_name,
			field->graph_root.node_offset,
			btf_name(field->graph_root.value_type.btf, et->name_off), node_off,
			btf_name(reg->btf, t->name_off));
		return -EINVAL;
	}
	meta->arg_btf = reg->btf;
	meta->arg_btf_id = reg->btf_id;
	if (node_off != field->graph_root.node_offset) {
		verbose(env, "arg#1 offset=%d, but expected %s at offset=%d in struct %s\n",
			node_off, node_type_name, field->graph_root.node_offset,
			btf_name(field->graph_root.value_type.btf, et->name_off));
		return -EINVAL;
	}
	return 0;
}

static int check_root_reg(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 i)
{
	if (reg->type != PTR_TO_MAP_VALUE && reg->type != (PTR_TO_BTF_ID | MEM_ALLOC)) {
		verbose(env, "arg#%d expected pointer to map value or allocated object\n", i);
		return -EINVAL;
	}
	if (reg->type == (PTR_TO_BTF_ID | MEM_ALLOC) && !reg->ref_obj_id) {
		verbose(env, "allocated object must be referenced\n");
		return -EINVAL;
	}
	return 0;
}

static int check_alloc_obj_arg(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 i,
			       struct bpf_kfunc_call_arg_meta *meta)
{
	if (reg->type == (PTR_TO_BTF_ID | MEM_ALLOC)) {
		if (meta->special != KF_bpf_obj_drop_impl) {
			verbose(env, "arg#%d expected for bpf_obj_drop_impl()\n", i);
			return -EINVAL;
		}
	} else if (reg->type == (PTR_TO_BTF_ID | MEM_ALLOC | MEM_PERCPU)) {
		if (meta->special != KF_bpf_percpu_obj_drop_impl) {
			verbose(env, "arg#%d expected for bpf_percpu_obj_drop_impl()\n", i);
			return -EINVAL;
		}
	} else {
		verbose(env, "arg#%d expected pointer to allocated object\n", i);
		return -EINVAL;
	}
	if (!reg->ref_obj_id) {
		verbose(env, "allocated object must be referenced\n");
		return -EINVAL;
	}
	if (meta->btf == env->in->vmlinux_btf) {
		meta->arg_btf = reg->btf;
		meta->arg_btf_id = reg->btf_id;
	}
	return 0;
}

static int check_rb_node_arg(struct bpf_verifier_env *env, struct bpf_reg_state *reg, u32 i,
			     struct bpf_kfunc_call_arg_meta *meta)
{
	if (meta->special == KF_bpf_rbtree_add_impl) {
		if (reg->type != (PTR_TO_BTF_ID | MEM_ALLOC)) {
			verbose(env, "arg#%d expected pointer to allocated object\n", i);
			return -EINVAL;
		}
		if (!reg->ref_obj_id) {
			verbose(env, "allocated object must be referenced\n");
			return -EINVAL;
		}
		return 0;
	}
	if (!type_is_non_owning_ref(reg->type) && !reg->ref_obj_id) {
		verbose(env, "%s can only take non-owning or refcounted bpf_rb_node pointer\n",
			meta->func_name);
		return -EINVAL;
	}
	if (in_rbtree_lock_required_cb(env)) {
		verbose(env, "%s not allowed in rbtree cb\n", meta->func_name);
		return -EINVAL;
	}
	return 0;
}

int graph_process_kf_arg(struct bpf_verifier_env *env, int kf_arg_type, struct bpf_reg_state *reg,
			 u32 regno, struct bpf_kfunc_call_arg_meta *meta, u32 argno)
{
	const struct hive_record *rec;
	int ret;

	switch (kf_arg_type) {
	case KF_ARG_PTR_TO_ALLOC_BTF_ID:
		return check_alloc_obj_arg(env, reg, argno, meta);
	case KF_ARG_PTR_TO_LIST_HEAD:
	case KF_ARG_PTR_TO_RB_ROOT:
		ret = check_root_reg(env, reg, argno);
		if (ret)
			return ret;
		if (kf_arg_type == KF_ARG_PTR_TO_LIST_HEAD)
			return process_graph_root(env, reg, regno, meta, HIVE_FIELD_LIST_HEAD,
						  &meta->arg_list_head.field);
		return process_graph_root(env, reg, regno, meta, HIVE_FIELD_RB_ROOT,
					  &meta->arg_rbtree_root.field);
	case KF_ARG_PTR_TO_LIST_NODE:
		if (reg->type != (PTR_TO_BTF_ID | MEM_ALLOC)) {
			verbose(env, "arg#%d expected pointer to allocated object\n", argno);
			return -EINVAL;
		}
		if (!reg->ref_obj_id) {
			verbose(env, "allocated object must be referenced\n");
			return -EINVAL;
		}
		return process_graph_node(env, reg, regno, meta, HIVE_FIELD_LIST_HEAD,
					  HIVE_FIELD_LIST_NODE, &meta->arg_list_head.field);
	case KF_ARG_PTR_TO_RB_NODE:
		ret = check_rb_node_arg(env, reg, argno, meta);
		if (ret)
			return ret;
		return process_graph_node(env, reg, regno, meta, HIVE_FIELD_RB_ROOT,
					  HIVE_FIELD_RB_NODE, &meta->arg_rbtree_root.field);
	case KF_ARG_PTR_TO_REFCOUNTED_KPTR:
		if (!type_is_ptr_alloc_obj(reg->type)) {
			verbose(env, "arg#%d is neither owning or non-owning ref\n", argno);
			return -EINVAL;
		}
		if (!type_is_non_owning_ref(reg->type))
			meta->arg_owning_ref = true;
		rec = reg_btf_record(reg);
		if (!rec) {
			verifier_bug(env, "Couldn't find btf_record");
			return -EFAULT;
		}
		if (rec->refcount_off < 0) {
			verbose(env, "arg#%d doesn't point to a type with bpf_refcount field\n",
				argno);
			return -EINVAL;
		}
		meta->arg_btf = reg->btf;
		meta->arg_btf_id = reg->btf_id;
		return 0;
	default:
		return 0;
	}
}

static int obj_new_ret(struct bpf_verifier_env *env, struct bpf_kfunc_call_arg_meta *meta,
		       struct bpf_reg_state *regs, struct bpf_insn_aux_data *insn_aux)
{
	const struct hive_btf *ret_btf = env->in->btf;
	bool percpu = meta->special == KF_bpf_percpu_obj_new_impl;
	const struct hive_struct_meta *struct_meta;
	const struct btf_type *ret_t;
	u32 ret_btf_id;

	if ((u64)(u32)meta->arg_constant.value != meta->arg_constant.value) {
		verbose(env, "local type ID argument must be in range [0, U32_MAX]\n");
		return -EINVAL;
	}
	ret_btf_id = (u32)meta->arg_constant.value;
	if (!ret_btf) {
		verbose(env, "bpf_obj_new/bpf_percpu_obj_new requires prog BTF\n");
		return -EINVAL;
	}
	ret_t = btf_type_by_id(ret_btf, ret_btf_id);
	if (!ret_t || !btf_is_struct(ret_t)) {
		verbose(env,
			"bpf_obj_new/bpf_percpu_obj_new type ID argument must be of a struct\n");
		return -EINVAL;
	}
	if (percpu && ret_t->size > BPF_GLOBAL_PERCPU_MA_MAX_SIZE) {
		verbose(env, "bpf_percpu_obj_new type size (%d) is greater than %d\n", ret_t->size,
			BPF_GLOBAL_PERCPU_MA_MAX_SIZE);
		return -EINVAL;
	}
	struct_meta = verifier_struct_meta(env, ret_btf, ret_btf_id);
	if (percpu) {
		if (!btf_type_is_scalar_struct(env, ret_btf, ret_t, 0)) {
			verbose(env, "bpf_percpu_obj_new type ID argument must be of a struct of "
				     "scalars\n");
			return -EINVAL;
		}
		if (struct_meta) {
			verbose(env, "bpf_percpu_obj_new type ID argument must not contain special "
				     "fields\n");
			return -EINVAL;
		}
	}
	mark_reg_known_zero(env, regs, BPF_REG_0);
	regs[BPF_REG_0].type = PTR_TO_BTF_ID | MEM_ALLOC | (percpu ? MEM_PERCPU : 0);
	regs[BPF_REG_0].btf = ret_btf;
	regs[BPF_REG_0].btf_id = ret_btf_id;
	insn_aux->obj_new_size = ret_t->size;
	insn_aux->kptr_struct_meta = struct_meta;
	return 1;
}

int graph_special_ret(struct bpf_verifier_env *env, struct bpf_kfunc_call_arg_meta *meta,
		      struct bpf_reg_state *regs, struct bpf_insn_aux_data *insn_aux,
		      const struct btf_type *ptr_type)
{
	if (meta->btf != env->in->vmlinux_btf)
		return 0;
	if (meta->special == KF_bpf_obj_new_impl || meta->special == KF_bpf_percpu_obj_new_impl)
		return obj_new_ret(env, meta, regs, insn_aux);
	if (meta->special == KF_bpf_refcount_acquire_impl) {
		mark_reg_known_zero(env, regs, BPF_REG_0);
		regs[BPF_REG_0].type = PTR_TO_BTF_ID | MEM_ALLOC;
		regs[BPF_REG_0].btf = meta->arg_btf;
		regs[BPF_REG_0].btf_id = meta->arg_btf_id;
		insn_aux->kptr_struct_meta =
			verifier_struct_meta(env, meta->arg_btf, meta->arg_btf_id);
		return 1;
	}
	if (is_node_type(env, ptr_type, "bpf_list_node") && meta->arg_list_head.field) {
		mark_reg_graph_node(regs, BPF_REG_0, &meta->arg_list_head.field->graph_root);
		return 1;
	}
	if (is_node_type(env, ptr_type, "bpf_rb_node") && meta->arg_rbtree_root.field) {
		mark_reg_graph_node(regs, BPF_REG_0, &meta->arg_rbtree_root.field->graph_root);
		return 1;
	}
	return 0;
}

/* Turn every register holding reference @ref_obj_id into a non-owning reference. */
static int ref_convert_owning_non_owning(struct bpf_verifier_env *env, u32 ref_obj_id)
{
	struct bpf_verifier_state *state = env->cur_state;
	struct bpf_func_state *unused;
	struct bpf_reg_state *reg;

	if (!ref_obj_id) {
		verifier_bug(env, "ref_obj_id is zero for owning -> non-owning conversion");
		return -EFAULT;
	}
	for (u32 i = 0; i < state->acquired_refs; i++) {
		if (state->refs[i].id != (int)ref_obj_id)
			continue;
		/* clear ref_obj_id first so that the release below keeps these registers */
		bpf_for_each_reg_in_vstate(env->cur_state, unused, reg, ({
						   if (reg->ref_obj_id == ref_obj_id) {
							   reg->ref_obj_id = 0;
							   ref_set_non_owning(env, reg);
						   }
					   }))
			;
		return 0;
	}
	verifier_bug(env, "ref state missing for ref_obj_id");
	return -EFAULT;
}

int graph_after_args(struct bpf_verifier_env *env, struct bpf_kfunc_call_arg_meta *meta,
		     const struct hive_insn *insn, int insn_idx, struct bpf_insn_aux_data *insn_aux)
{
	struct bpf_reg_state *regs = cur_regs(env);
	u32 release_ref_obj_id;
	int err;

	(void)insn;
	(void)insn_idx;
	if (meta->special != KF_bpf_list_push_front_impl &&
	    meta->special != KF_bpf_list_push_back_impl && meta->special != KF_bpf_rbtree_add_impl)
		return 0;
	release_ref_obj_id = regs[BPF_REG_2].ref_obj_id;
	insn_aux->insert_off = regs[BPF_REG_2].off;
	insn_aux->kptr_struct_meta = verifier_struct_meta(env, meta->arg_btf, meta->arg_btf_id);
	err = ref_convert_owning_non_owning(env, release_ref_obj_id);
	if (err) {
		verbose(env, "kfunc %s#%d conversion of owning ref to non-owning failed\n",
			meta->func_name, meta->func_id);
		return err;
	}
	err = release_reference(env, (int)release_ref_obj_id);
	if (err) {
		verbose(env, "kfunc %s#%d reference has not been acquired before\n",
			meta->func_name, meta->func_id);
		return err;
	}
	return 0;
}

void graph_void_ret(struct bpf_verifier_env *env, struct bpf_kfunc_call_arg_meta *meta,
		    struct bpf_insn_aux_data *insn_aux)
{
	if (meta->btf != env->in->vmlinux_btf)
		return;
	if (meta->special == KF_bpf_obj_drop_impl || meta->special == KF_bpf_percpu_obj_drop_impl)
		insn_aux->kptr_struct_meta =
			verifier_struct_meta(env, meta->arg_btf, meta->arg_btf_id);
}

/* less(struct bpf_rb_node *a, const struct bpf_rb_node *b): two non-owning nodes. */
int set_rbtree_add_callback_state(struct bpf_verifier_env *env, struct bpf_func_state *caller,
				  struct bpf_func_state *callee, int insn_idx)
{
	const struct hive_field *field;

	(void)insn_idx;
	/* the node argument was released already: find the type through the root */
	field = reg_find_field_offset(&caller->regs[BPF_REG_1], caller->regs[BPF_REG_1].off,
				      HIVE_FIELD_RB_ROOT);
	if (!field || !field->graph_root.value_type.id)
		return -EFAULT;
	mark_reg_graph_node(callee->regs, BPF_REG_1, &field->graph_root);
	ref_set_non_owning(env, &callee->regs[BPF_REG_1]);
	mark_reg_graph_node(callee->regs, BPF_REG_2, &field->graph_root);
	ref_set_non_owning(env, &callee->regs[BPF_REG_2]);
	__mark_reg_not_init(env, &callee->regs[BPF_REG_3]);
	__mark_reg_not_init(env, &callee->regs[BPF_REG_4]);
	__mark_reg_not_init(env, &callee->regs[BPF_REG_5]);
	callee->in_callback_fn = true;
	callee->callback_ret_range = (struct bpf_retval_range){ 0, 1 };
	return 0;
}
