// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/cfg.c: the program's shape, checked before any state is explored.
 *
 *   subprograms   every bpf-to-bpf call and callback reference starts one; jumps must stay
 *                 inside their subprogram, which must end in exit or ja
 *   func_info     one record per subprogram, in order (linkage, argument types), and
 *   line_info     records for the log's "; source line" annotations
 *   CFG           a depth-first walk from insn 0 (and from the exception callback): every
 *                 instruction reachable, no jump out of range or into an ld_imm64; a privileged
 *                 loader may have back edges (loops are explored by the state walk). The walk
 *                 also marks prune points (jump targets, call returns, conditional jumps) where
 *                 the state walk saves checkpoints.
 *   stack depth   after the walk: 512 bytes across the deepest call chain.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf_types.h"
#include "verifier/env.h"
#include "verifier/kfunc_call.h"
#include "verifier/progops.h"

/* ---- subprograms ---- */

struct bpf_subprog_info *bpf_find_containing_subprog(struct bpf_verifier_env *env, int off)
{
	struct bpf_subprog_info *vals = env->subprog_info;
	int l, r, m;

	if (off >= (int)env->len || off < 0 || env->subprog_cnt == 0)
		return NULL;
	l = 0;
	r = (int)env->subprog_cnt - 1;
	while (l < r) {
		m = l + (r - l + 1) / 2;
		if ((int)vals[m].start <= off)
			l = m;
		else
			r = m - 1;
	}
	return &vals[l];
}

int find_subprog(struct bpf_verifier_env *env, int off)
{
	struct bpf_subprog_info *p = bpf_find_containing_subprog(env, off);

	if (!p || (int)p->start != off)
		return -ENOENT;
	return (int)(p - env->subprog_info);
}

const char *subprog_name(const struct bpf_verifier_env *env, int subprog)
{
	if (!env->in->func_info_cnt || !env->in->btf)
		return "";
	return btf_type_name(env->in->btf, env->in->func_info[subprog].type_id);
}

static int cmp_subprogs(const void *a, const void *b)
{
	return (int)((const struct bpf_subprog_info *)a)->start -
	       (int)((const struct bpf_subprog_info *)b)->start;
}

static int add_subprog(struct bpf_verifier_env *env, int off)
{
	int ret;

	if (off >= (int)env->len || off < 0) {
		verbose(env, "call to invalid destination\n");
		return -EINVAL;
	}
	ret = find_subprog(env, off);
	if (ret >= 0)
		return ret;
	if (env->subprog_cnt >= BPF_MAX_SUBPROGS) {
		verbose(env, "too many subprograms\n");
		return -E2BIG;
	}
	/* a subprogram ends where the next one starts */
	env->subprog_info[env->subprog_cnt++].start = (u32)off;
	qsort(env->subprog_info, env->subprog_cnt, sizeof(env->subprog_info[0]), cmp_subprogs);
	return (int)env->subprog_cnt - 1;
}

/* The exception callback named by the main function's "exception_callback:" decl tag. */
static int find_exception_callback_insn_off(struct bpf_verifier_env *env)
{
	const struct hive_btf *btf = env->in->btf;
	const struct btf_type *t;
	const char *name = NULL;
	u32 main_btf_id, id, tag = 0;
	int ret = 0, cnt = 0;

	if (!env->in->func_info_cnt)
		return 0;
	main_btf_id = env->in->func_info[0].type_id;
	t = btf_type_by_id(btf, main_btf_id);
	if (!t) {
		verbose(env, "invalid btf id for main subprog in func_info\n");
		return -EINVAL;
	}
	for (;;) {
		int next = btf_next_decl_tag(btf, main_btf_id, -1, tag);
		const char *val;

		if (next < 0)
			break;
		tag = (u32)next;
		val = btf_name(btf, btf_type_by_id(btf, tag)->name_off);
		if (val && !strncmp(val, "exception_callback:", 19)) {
			name = val + 19;
			cnt++;
		}
	}
	if (!cnt)
		return 0;
	if (cnt > 1) {
		verbose(env, "multiple exception callback tags for main subprog\n");
		return -EEXIST;
	}
	ret = btf_find_by_name_kind(btf, name, BTF_KIND_FUNC);
	if (ret < 0) {
		verbose(env, "exception callback '%s' could not be found in BTF\n", name);
		return ret;
	}
	id = (u32)ret;
	if (btf_linkage(btf_type_by_id(btf, id)) != BTF_FUNC_GLOBAL) {
		verbose(env, "exception callback '%s' must have global linkage\n", name);
		return -EINVAL;
	}
	ret = 0;
	for (u32 i = 0; i < env->in->func_info_cnt; i++) {
		if (env->in->func_info[i].type_id != id)
			continue;
		ret = (int)env->in->func_info[i].insn_off;
		if (!ret) {
			verbose(env, "invalid exception callback insn_off in func_info: 0\n");
			ret = -EINVAL;
		}
	}
	if (!ret) {
		verbose(env, "exception callback type id not found in func_info\n");
		ret = -EINVAL;
	}
	return ret;
}

int add_subprog_and_kfunc(struct bpf_verifier_env *env)
{
	struct bpf_subprog_info *subprog = env->subprog_info;
	const struct hive_insn *insn = env->insns;
	int i, ret, ex_cb_insn;

	ret = add_subprog(env, 0);
	if (ret)
		return ret;
	for (i = 0; i < (int)env->len; i++, insn++) {
		if (!bpf_pseudo_func(insn) && !bpf_pseudo_call(insn) &&
		    !bpf_pseudo_kfunc_call(insn))
			continue;
		if (bpf_pseudo_func(insn) || bpf_pseudo_call(insn))
			ret = add_subprog(env, i + insn->imm + 1);
		else
			ret = add_kfunc_call(env, (u32)insn->imm, insn->off);
		if (ret < 0)
			return ret;
	}
	ret = find_exception_callback_insn_off(env);
	if (ret < 0)
		return ret;
	ex_cb_insn = ret;
	if (ex_cb_insn) {
		ret = add_subprog(env, ex_cb_insn);
		if (ret < 0)
			return ret;
		for (i = 1; i < (int)env->subprog_cnt; i++) {
			if ((int)env->subprog_info[i].start != ex_cb_insn)
				continue;
			env->exception_callback_subprog = i;
			env->subprog_info[i].is_cb = true;
			env->subprog_info[i].is_async_cb = true;
			env->subprog_info[i].is_exception_cb = true;
			break;
		}
	}
	/* a fake subprogram at the end: subprog[i + 1].start ends subprog i */
	subprog[env->subprog_cnt].start = env->len;
	if (env->log.level & HIVE_LOG_LEVEL2)
		for (i = 0; i < (int)env->subprog_cnt; i++)
			verbose(env, "func#%d @%d\n", i, subprog[i].start);
	return 0;
}

int check_subprogs(struct bpf_verifier_env *env)
{
	struct bpf_subprog_info *subprog = env->subprog_info;
	const struct hive_insn *insn = env->insns;
	int i, off, cur_subprog = 0;
	int subprog_start = (int)subprog[0].start, subprog_end = (int)subprog[1].start;

	for (i = 0; i < (int)env->len; i++) {
		u8 code = insn[i].code;

		if (code == (BPF_JMP | BPF_CALL) && insn[i].src_reg == 0 &&
		    insn[i].imm == BPF_FUNC_tail_call) {
			subprog[cur_subprog].has_tail_call = true;
			subprog[cur_subprog].tail_call_reachable = true;
		}
		if (BPF_CLASS(code) == BPF_LD &&
		    (BPF_MODE(code) == BPF_ABS || BPF_MODE(code) == BPF_IND))
			subprog[cur_subprog].has_ld_abs = true;
		if (BPF_CLASS(code) != BPF_JMP && BPF_CLASS(code) != BPF_JMP32)
			goto next;
		if (BPF_OP(code) == BPF_EXIT || BPF_OP(code) == BPF_CALL)
			goto next;
		off = i + bpf_jmp_offset(&insn[i]) + 1;
		if (off < subprog_start || off >= subprog_end) {
			verbose(env, "jump out of range from insn %d to %d\n", i, off);
			return -EINVAL;
		}
next:
		if (i == subprog_end - 1) {
			/* no falling through into the next subprogram */
			if (code != (BPF_JMP | BPF_EXIT) && code != (BPF_JMP32 | BPF_JA) &&
			    code != (BPF_JMP | BPF_JA)) {
				verbose(env, "last insn is not an exit or jmp\n");
				return -EINVAL;
			}
			subprog_start = subprog_end;
			cur_subprog++;
			if (cur_subprog < (int)env->subprog_cnt)
				subprog_end = (int)subprog[cur_subprog + 1].start;
		}
	}
	return 0;
}

/* ---- .BTF.ext ---- */

static int check_abnormal_return(struct bpf_verifier_env *env)
{
	for (u32 i = 1; i < env->subprog_cnt; i++) {
		if (env->subprog_info[i].has_ld_abs) {
			verbose(env, "LD_ABS is not allowed in subprogs without BTF\n");
			return -EINVAL;
		}
		if (env->subprog_info[i].has_tail_call) {
			verbose(env, "tail_call is not allowed in subprogs without BTF\n");
			return -EINVAL;
		}
	}
	return 0;
}

/* func_info records before subprograms are known (the kernel prints these without "\n"). */
int check_btf_info_early(struct bpf_verifier_env *env)
{
	const struct hive_verifier_input *in = env->in;
	u32 prev_offset = 0;

	if (!in->func_info_cnt && !in->line_info_cnt)
		return check_abnormal_return(env) ? -EINVAL : 0;
	if (!in->btf)
		return -EINVAL;
	for (u32 i = 0; i < in->func_info_cnt; i++) {
		const struct hive_verifier_func_info *fi = &in->func_info[i];
		const struct btf_type *type, *proto;

		if (i == 0 && fi->insn_off) {
			verbose(env, "nonzero insn_off %u for the first func info record",
				fi->insn_off);
			return -EINVAL;
		}
		if (i && fi->insn_off <= prev_offset) {
			verbose(env,
				"same or smaller insn offset (%u) than previous func info record (%u)",
				fi->insn_off, prev_offset);
			return -EINVAL;
		}
		type = btf_type_by_id(in->btf, fi->type_id);
		if (!type || btf_kind(type) != BTF_KIND_FUNC) {
			verbose(env, "invalid type id %d in func info", fi->type_id);
			return -EINVAL;
		}
		proto = btf_type_by_id(in->btf, type->type);
		if (!proto || btf_kind(proto) != BTF_KIND_FUNC_PROTO)
			return -EINVAL;
		prev_offset = fi->insn_off;
	}
	return 0;
}

static bool btf_type_is_small_int_or_enum(const struct btf_type *t)
{
	if (!t)
		return false;
	if (btf_kind(t) == BTF_KIND_ENUM || btf_kind(t) == BTF_KIND_ENUM64)
		return true;
	return btf_kind(t) == BTF_KIND_INT && t->size <= 8;
}

static int check_btf_func(struct bpf_verifier_env *env)
{
	const struct hive_verifier_input *in = env->in;
	const struct hive_btf *btf = in->btf;

	if (!in->func_info_cnt)
		return check_abnormal_return(env) ? -EINVAL : 0;
	if (in->func_info_cnt != env->subprog_cnt) {
		verbose(env, "number of funcs in func_info doesn't match number of subprogs\n");
		return -EINVAL;
	}
	for (u32 i = 0; i < in->func_info_cnt; i++) {
		const struct btf_type *type, *proto, *ret_type;
		bool scalar_return;

		if (env->subprog_info[i].start != in->func_info[i].insn_off) {
			verbose(env,
				"func_info BTF section doesn't match subprog layout in BPF program\n");
			return -EINVAL;
		}
		type = btf_type_by_id(btf, in->func_info[i].type_id);
		env->subprog_info[i].linkage = (u16)btf_vlen(type);
		proto = btf_type_by_id(btf, type->type);
		ret_type = btf_skip_mods(btf, proto->type, NULL);
		scalar_return = btf_type_is_small_int_or_enum(ret_type);
		if (i && !scalar_return && env->subprog_info[i].has_ld_abs) {
			verbose(env, "LD_ABS is only allowed in functions that return 'int'.\n");
			return -EINVAL;
		}
		if (i && !scalar_return && env->subprog_info[i].has_tail_call) {
			verbose(env, "tail_call is only allowed in functions that return 'int'.\n");
			return -EINVAL;
		}
	}
	return 0;
}

static int check_btf_line(struct bpf_verifier_env *env)
{
	const struct hive_verifier_input *in = env->in;
	struct bpf_subprog_info *sub = env->subprog_info;
	u32 i, s = 0, prev_offset = 0;

	for (i = 0; i < in->line_info_cnt; i++) {
		const struct hive_verifier_line_info *li = &in->line_info[i];

		if ((i && li->insn_off <= prev_offset) || li->insn_off >= env->len) {
			verbose(env,
				"Invalid line_info[%u].insn_off:%u (prev_offset:%u prog->len:%u)\n",
				i, li->insn_off, prev_offset, env->len);
			return -EINVAL;
		}
		if (!env->insns[li->insn_off].code) {
			verbose(env, "Invalid insn code at line_info[%u].insn_off\n", i);
			return -EINVAL;
		}
		if (!btf_str_by_offset(in->btf, li->line_off) ||
		    !btf_str_by_offset(in->btf, li->file_name_off)) {
			verbose(env, "Invalid line_info[%u].line_off or .file_name_off\n", i);
			return -EINVAL;
		}
		if (s != env->subprog_cnt) {
			if (li->insn_off == sub[s].start) {
				sub[s].linfo_idx = i;
				s++;
			} else if (sub[s].start < li->insn_off) {
				verbose(env, "missing bpf_line_info for func#%u\n", s);
				return -EINVAL;
			}
		}
		prev_offset = li->insn_off;
	}
	if (in->line_info_cnt && s != env->subprog_cnt) {
		verbose(env, "missing bpf_line_info for %u funcs starting from func#%u\n",
			env->subprog_cnt - s, s);
		return -EINVAL;
	}
	return 0;
}

int check_btf_info(struct bpf_verifier_env *env)
{
	int err;

	if (!env->in->func_info_cnt && !env->in->line_info_cnt)
		return check_abnormal_return(env) ? -EINVAL : 0;
	err = check_btf_func(env);
	return err ?: check_btf_line(env);
}

/* ---- the control flow graph ---- */

enum {
	DISCOVERED = 0x10,
	EXPLORED = 0x20,
	FALLTHROUGH = 1,
	BRANCH = 2,
};

enum {
	DONE_EXPLORING = 0,
	KEEP_EXPLORING = 1,
};

static void mark_prune_point(struct bpf_verifier_env *env, int idx)
{
	env->insn_aux_data[idx].prune_point = true;
}

static void mark_jmp_point(struct bpf_verifier_env *env, int idx)
{
	env->insn_aux_data[idx].jmp_point = true;
}

static void mark_force_checkpoint(struct bpf_verifier_env *env, int idx)
{
	env->insn_aux_data[idx].force_checkpoint = true;
}

/* Edge @e from @t to @w in the depth-first walk. */
static int push_insn(int t, int w, int e, struct bpf_verifier_env *env)
{
	int *insn_stack = env->cfg.insn_stack;
	int *insn_state = env->cfg.insn_state;

	if (e == FALLTHROUGH && insn_state[t] >= (DISCOVERED | FALLTHROUGH))
		return DONE_EXPLORING;
	if (e == BRANCH && insn_state[t] >= (DISCOVERED | BRANCH))
		return DONE_EXPLORING;
	if (w < 0 || w >= (int)env->len) {
		verbose_linfo(env, (u32)t, "%d: ", t);
		verbose(env, "jump out of range from insn %d to %d\n", t, w);
		return -EINVAL;
	}
	if (e == BRANCH) {
		/* jump targets are where states from different paths meet */
		mark_prune_point(env, w);
		mark_jmp_point(env, w);
	}
	if (insn_state[w] == 0) {
		/* tree edge */
		insn_state[t] = DISCOVERED | e;
		insn_state[w] = DISCOVERED;
		if (env->cfg.cur_stack >= (int)env->len)
			return -E2BIG;
		insn_stack[env->cfg.cur_stack++] = w;
		return KEEP_EXPLORING;
	} else if ((insn_state[w] & 0xF0) == DISCOVERED) {
		/* back edge: a loop, which the privileged verifier explores */
		if (env->bpf_capable)
			return DONE_EXPLORING;
		verbose_linfo(env, (u32)t, "%d: ", t);
		verbose_linfo(env, (u32)w, "%d: ", w);
		verbose(env, "back-edge from insn %d to %d\n", t, w);
		return -EINVAL;
	} else if (insn_state[w] == EXPLORED) {
		/* forward or cross edge */
		insn_state[t] = DISCOVERED | e;
	} else {
		verifier_bug(env, "insn state internal bug");
		return -EFAULT;
	}
	return DONE_EXPLORING;
}

/* Subprograms inherit "changes packet data" and "might sleep" from their callees. */
static void merge_callee_effects(struct bpf_verifier_env *env, int t, int w)
{
	struct bpf_subprog_info *caller = bpf_find_containing_subprog(env, t);
	struct bpf_subprog_info *callee = bpf_find_containing_subprog(env, w);

	caller->changes_pkt_data |= callee->changes_pkt_data;
	caller->might_sleep |= callee->might_sleep;
}

static int visit_func_call_insn(int t, struct bpf_verifier_env *env, bool visit_callee)
{
	const struct hive_insn *insns = env->insns;
	int ret, insn_sz = isa_is_ldimm64(&insns[t]) ? 2 : 1;

	ret = push_insn(t, t + insn_sz, FALLTHROUGH, env);
	if (ret)
		return ret;
	mark_prune_point(env, t + insn_sz);
	/* returning from a subprogram is a non-linear step for the jump history */
	mark_jmp_point(env, t + insn_sz);
	if (visit_callee) {
		int w = t + insns[t].imm + 1;

		mark_prune_point(env, t);
		merge_callee_effects(env, t, w);
		ret = push_insn(t, w, BRANCH, env);
	}
	return ret;
}

static void mark_call_effects(struct bpf_verifier_env *env, int t)
{
	const struct hive_insn *insn = &env->insns[t];

	if (bpf_helper_call(insn)) {
		const struct bpf_func_proto *fp = helper_proto_quiet(env, insn->imm);

		/* a non-sleepable caller is rejected later; the mark only matters if it is not */
		if (fp && fp->might_sleep)
			bpf_find_containing_subprog(env, t)->might_sleep = true;
		if (bpf_helper_changes_pkt_data(insn->imm))
			bpf_find_containing_subprog(env, t)->changes_pkt_data = true;
	} else if (insn->src_reg == BPF_PSEUDO_KFUNC_CALL) {
		struct bpf_kfunc_call_arg_meta meta;

		if (fetch_kfunc_meta(env, insn, &meta, NULL))
			return;
		if (meta.kfunc_flags & KF_ITER_NEXT) {
			/* iterator loops converge only if checkpoints are taken at next() */
			mark_prune_point(env, t);
			mark_force_checkpoint(env, t);
		}
		if (meta.kfunc_flags & KF_SLEEPABLE)
			bpf_find_containing_subprog(env, t)->might_sleep = true;
		if (is_kfunc_pkt_changing(&meta))
			bpf_find_containing_subprog(env, t)->changes_pkt_data = true;
	}
}

static int visit_insn(int t, struct bpf_verifier_env *env)
{
	const struct hive_insn *insn = &env->insns[t];
	int ret, off;

	if (bpf_pseudo_func(insn))
		return visit_func_call_insn(t, env, true);
	if (BPF_CLASS(insn->code) != BPF_JMP && BPF_CLASS(insn->code) != BPF_JMP32)
		return push_insn(t, t + (isa_is_ldimm64(insn) ? 2 : 1), FALLTHROUGH, env);
	switch (BPF_OP(insn->code)) {
	case BPF_EXIT:
		return DONE_EXPLORING;
	case BPF_CALL:
		/* check for a checkpoint before an async callback is pushed */
		if (is_async_callback_calling_insn(env, insn))
			mark_prune_point(env, t);
		/* callbacks are re-entered until a state repeats: force checkpoints here */
		if (is_sync_callback_calling_insn(env, insn)) {
			env->insn_aux_data[t].calls_callback = true;
			mark_force_checkpoint(env, t);
			mark_prune_point(env, t);
			mark_jmp_point(env, t);
		}
		mark_call_effects(env, t);
		return visit_func_call_insn(t, env, insn->src_reg == BPF_PSEUDO_CALL);
	case BPF_JA:
		if (BPF_SRC(insn->code) != BPF_K)
			return -EINVAL;
		off = BPF_CLASS(insn->code) == BPF_JMP ? insn->off : insn->imm;
		ret = push_insn(t, t + off + 1, FALLTHROUGH, env);
		if (ret)
			return ret;
		mark_prune_point(env, t + off + 1);
		mark_jmp_point(env, t + off + 1);
		return ret;
	default:
		mark_prune_point(env, t);
		if (is_may_goto_insn(insn))
			mark_force_checkpoint(env, t);
		ret = push_insn(t, t + 1, FALLTHROUGH, env);
		if (ret)
			return ret;
		return push_insn(t, t + insn->off + 1, BRANCH, env);
	}
}

static int walk_cfg(struct bpf_verifier_env *env)
{
	while (env->cfg.cur_stack > 0) {
		int t = env->cfg.insn_stack[env->cfg.cur_stack - 1];
		int ret = visit_insn(t, env);

		if (ret == DONE_EXPLORING) {
			env->cfg.insn_state[t] = EXPLORED;
			env->cfg.cur_stack--;
		} else if (ret != KEEP_EXPLORING) {
			if (ret > 0) {
				verifier_bug(env, "visit_insn internal bug");
				ret = -EFAULT;
			}
			return ret;
		}
	}
	return 0;
}

int check_cfg(struct bpf_verifier_env *env)
{
	int insn_cnt = (int)env->len, ex_insn_beg, i, ret;
	int *insn_state, *insn_stack;

	insn_state = env->cfg.insn_state = calloc((size_t)insn_cnt, sizeof(int));
	insn_stack = env->cfg.insn_stack = calloc((size_t)insn_cnt, sizeof(int));
	if (!insn_state || !insn_stack) {
		ret = -ENOMEM;
		goto out;
	}
	ex_insn_beg = env->exception_callback_subprog ?
			      (int)env->subprog_info[env->exception_callback_subprog].start :
			      0;
	insn_state[0] = DISCOVERED;
	insn_stack[0] = 0;
	env->cfg.cur_stack = 1;
	ret = walk_cfg(env);
	if (ret)
		goto out;
	/* the exception callback is only reached from bpf_throw */
	if (ex_insn_beg && insn_state[ex_insn_beg] != EXPLORED) {
		insn_state[ex_insn_beg] = DISCOVERED;
		insn_stack[0] = ex_insn_beg;
		env->cfg.cur_stack = 1;
		ret = walk_cfg(env);
		if (ret)
			goto out;
	}
	for (i = 0; i < insn_cnt; i++) {
		if (insn_state[i] != EXPLORED) {
			verbose(env, "unreachable insn %d\n", i);
			ret = -EINVAL;
			goto out;
		}
		if (isa_is_ldimm64(&env->insns[i])) {
			if (i + 1 < insn_cnt && insn_state[i + 1] != 0) {
				verbose(env, "jump into the middle of ldimm64 insn %d\n", i);
				ret = -EINVAL;
				goto out;
			}
			i++;
		}
	}
	ret = 0;
out:
	free(insn_state);
	free(insn_stack);
	env->cfg.insn_state = env->cfg.insn_stack = NULL;
	return ret;
}

/* Each subprogram's instructions in depth-first postorder (for the liveness passes). */
int compute_postorder(struct bpf_verifier_env *env)
{
	u32 cur_postorder = 0, i, top, stack_sz, s, succ_cnt, succ[2];
	int *postorder, *state, *stack;

	postorder = calloc(env->len ? env->len : 1, sizeof(int));
	state = calloc(env->len ? env->len : 1, sizeof(int));
	stack = calloc(env->len ? env->len : 1, sizeof(int));
	if (!postorder || !state || !stack) {
		free(postorder);
		free(state);
		free(stack);
		return -ENOMEM;
	}
	for (i = 0; i < env->subprog_cnt; i++) {
		env->subprog_info[i].postorder_start = cur_postorder;
		stack[0] = (int)env->subprog_info[i].start;
		stack_sz = 1;
		do {
			top = (u32)stack[stack_sz - 1];
			state[top] |= DISCOVERED;
			if (state[top] & EXPLORED) {
				postorder[cur_postorder++] = (int)top;
				stack_sz--;
				continue;
			}
			succ_cnt = (u32)bpf_insn_successors(env, top, succ);
			for (s = 0; s < succ_cnt; ++s) {
				if (!state[succ[s]]) {
					stack[stack_sz++] = (int)succ[s];
					state[succ[s]] |= DISCOVERED;
				}
			}
			state[top] |= EXPLORED;
		} while (stack_sz);
	}
	env->subprog_info[i].postorder_start = cur_postorder;
	free(env->cfg.insn_postorder);
	env->cfg.insn_postorder = postorder;
	env->cfg.cur_postorder = (int)cur_postorder;
	free(stack);
	free(state);
	return 0;
}

/* ---- bpf_fastcall spill/fill patterns ---- */

/* Helpers the kernel inlines on x86-64 with the JIT (their spills around calls can go). */
static bool helper_call_inlined(s32 imm)
{
	return imm == BPF_FUNC_get_smp_processor_id || imm == BPF_FUNC_get_current_task ||
	       imm == BPF_FUNC_get_current_task_btf;
}

struct call_summary {
	u8 num_params;
	bool is_void;
	bool fastcall;
};

static bool get_call_summary(struct bpf_verifier_env *env, const struct hive_insn *call,
			     struct call_summary *cs)
{
	if (bpf_helper_call(call)) {
		const struct bpf_func_proto *fn = helper_proto_quiet(env, call->imm);

		if (!fn)
			return false;
		cs->fastcall = fn->allow_fastcall && helper_call_inlined(call->imm);
		cs->is_void = fn->ret_type == RET_VOID;
		cs->num_params = (u8)proto_nr_args(fn);
		return true;
	}
	if (bpf_pseudo_kfunc_call(call)) {
		struct bpf_kfunc_call_arg_meta meta;

		if (fetch_kfunc_meta(env, call, &meta, NULL) < 0)
			return false;
		cs->num_params = (u8)btf_vlen(meta.func_proto);
		cs->fastcall = meta.kfunc_flags & KF_FASTCALL;
		cs->is_void = meta.func_proto->type == 0;
		return true;
	}
	return false;
}

int call_num_params(struct bpf_verifier_env *env, const struct hive_insn *call)
{
	struct call_summary cs;

	return get_call_summary(env, call, &cs) ? cs.num_params : -1;
}

static void mark_fastcall_pattern_for_call(struct bpf_verifier_env *env,
					   struct bpf_subprog_info *subprog, int insn_idx,
					   s16 lowest_off)
{
	const struct hive_insn *insns = env->insns;
	u32 clobbered_regs_mask, expected_regs_mask;
	struct call_summary cs;
	s16 off;
	int i;

	if (!get_call_summary(env, &insns[insn_idx], &cs))
		return;
	/* r0 if non-void, r1..rN for the declared parameters */
	clobbered_regs_mask =
		(u32)(((1ULL << (cs.num_params + 1)) - 1) & ~((1ULL << (cs.is_void ? 1 : 0)) - 1));
	expected_regs_mask = ~clobbered_regs_mask & ALL_CALLER_SAVED_REGS;
	/* pairs "*(u64 *)(r10 - Y) = rX ... call ... rX = *(u64 *)(r10 - Y)" around the call */
	for (i = 1, off = lowest_off; i <= CALLER_SAVED_REGS; ++i, off += BPF_REG_SIZE) {
		const struct hive_insn *stx, *ldx;

		if (insn_idx - i < 0 || insn_idx + i >= (int)env->len)
			break;
		stx = &insns[insn_idx - i];
		ldx = &insns[insn_idx + i];
		if (stx->code != (BPF_STX | BPF_MEM | BPF_DW) ||
		    ldx->code != (BPF_LDX | BPF_MEM | BPF_DW) || stx->dst_reg != BPF_REG_10 ||
		    ldx->src_reg != BPF_REG_10)
			break;
		if (stx->src_reg != ldx->dst_reg)
			break;
		if ((BIT(stx->src_reg) & expected_regs_mask) == 0)
			break;
		if (stx->off != off || ldx->off != off)
			break;
		expected_regs_mask &= ~(u32)BIT(stx->src_reg);
		env->insn_aux_data[insn_idx - i].fastcall_pattern = 1;
		env->insn_aux_data[insn_idx + i].fastcall_pattern = 1;
	}
	if (i == 1)
		return;
	if (cs.fastcall)
		env->insn_aux_data[insn_idx].fastcall_spills_num = (u8)(i - 1);
	else
		subprog->keep_fastcall_stack = 1;
	subprog->fastcall_stack_off = min_t(s16, subprog->fastcall_stack_off, off);
}

int mark_fastcall_patterns(struct bpf_verifier_env *env)
{
	struct bpf_subprog_info *subprog = env->subprog_info;

	for (u32 s = 0; s < env->subprog_cnt; ++s, ++subprog) {
		s16 lowest_off = 0;
		u32 i;

		for (i = subprog->start; i < (subprog + 1)->start; ++i) {
			const struct hive_insn *insn = &env->insns[i];

			if (insn->code != (BPF_STX | BPF_MEM | BPF_DW) ||
			    insn->dst_reg != BPF_REG_10)
				continue;
			lowest_off = min_t(s16, lowest_off, insn->off);
		}
		for (i = subprog->start; i < (subprog + 1)->start; ++i)
			if (env->insns[i].code == (BPF_JMP | BPF_CALL))
				mark_fastcall_pattern_for_call(env, subprog, (int)i, lowest_off);
	}
	return 0;
}

/* ---- stack depth ---- */

static int round_up_stack_depth(int stack_depth)
{
	/* the JIT allocates the stack in 16-byte units */
	return (stack_depth + 15) & ~15;
}

static bool prog_private_stack(struct bpf_verifier_env *env)
{
	switch (env->prog_type) {
	case BPF_PROG_TYPE_KPROBE:
	case BPF_PROG_TYPE_TRACEPOINT:
	case BPF_PROG_TYPE_PERF_EVENT:
	case BPF_PROG_TYPE_RAW_TRACEPOINT:
		return true;
	case BPF_PROG_TYPE_TRACING:
	case BPF_PROG_TYPE_LSM:
	case BPF_PROG_TYPE_STRUCT_OPS:
		return prog_needs_recursion_check(env);
	default:
		return false;
	}
}

struct depth_walk {
	int depth, frame, idx, i;
	bool priv_stack_supported, tail_call_reachable;
	int ret_insn[MAX_CALL_FRAMES], ret_prog[MAX_CALL_FRAMES];
};

static int enter_subprog(struct bpf_verifier_env *env, struct depth_walk *w)
{
	struct bpf_subprog_info *subprog = env->subprog_info;
	int subprog_depth;

	/* a tail call does not unwind the callers' stacks: bound them */
	if (w->idx && subprog[w->idx].has_tail_call && w->depth >= 256) {
		verbose(env,
			"tail_calls are not allowed when call stack of previous frames is %d bytes. "
			"Too large\n",
			w->depth);
		return -EACCES;
	}
	subprog_depth = round_up_stack_depth(subprog[w->idx].stack_depth);
	if (w->priv_stack_supported && subprog[w->idx].priv_stack_mode == PRIV_STACK_UNKNOWN &&
	    subprog_depth >= BPF_PRIV_STACK_MIN_SIZE)
		subprog[w->idx].priv_stack_mode = PRIV_STACK_ADAPTIVE;
	if (subprog[w->idx].priv_stack_mode == PRIV_STACK_ADAPTIVE) {
		if (subprog_depth > MAX_BPF_STACK) {
			verbose(env, "stack size of subprog %d is %d. Too large\n", w->idx,
				subprog_depth);
			return -EACCES;
		}
	} else {
		w->depth += subprog_depth;
		if (w->depth > MAX_BPF_STACK) {
			verbose(env, "combined stack size of %d calls is %d. Too large\n",
				w->frame + 1, w->depth);
			return -EACCES;
		}
	}
	return 0;
}

static int check_throw_in_callback(struct bpf_verifier_env *env, struct depth_walk *w)
{
	struct bpf_subprog_info *subprog = env->subprog_info;
	bool err = subprog[w->idx].is_cb;

	for (int c = 0; c < w->frame && !err; c++)
		err = subprog[w->ret_prog[c]].is_cb;
	if (!err)
		return 0;
	verbose(env, "bpf_throw kfunc (insn %d) cannot be called from callback subprog %d\n", w->i,
		w->idx);
	return -EINVAL;
}

/* The next call to follow from w->i on, or 0 when the subprogram's end is reached. */
static int next_call(struct bpf_verifier_env *env, struct depth_walk *w)
{
	struct bpf_subprog_info *subprog = env->subprog_info;
	const struct hive_insn *insn = env->insns;

	for (; w->i < (int)subprog[w->idx + 1].start; w->i++) {
		int next_insn, sidx, err;

		if (bpf_pseudo_kfunc_call(insn + w->i) && !insn[w->i].off) {
			if (!is_bpf_throw_kfunc(env, insn + w->i))
				continue;
			err = check_throw_in_callback(env, w);
			if (err)
				return err;
			continue;
		}
		if (!bpf_pseudo_call(insn + w->i) && !bpf_pseudo_func(insn + w->i))
			continue;
		next_insn = w->i + insn[w->i].imm + 1;
		sidx = find_subprog(env, next_insn);
		if (verifier_bug_if(sidx < 0, env, "callee not found at insn %d", next_insn))
			return -EFAULT;
		if (subprog[sidx].is_async_cb) {
			if (subprog[sidx].has_tail_call) {
				verifier_bug(env, "subprog has tail_call and async cb");
				return -EFAULT;
			}
			/* async callbacks run on their own stack unless called directly */
			if (!bpf_pseudo_call(insn + w->i))
				continue;
			if (subprog[sidx].is_exception_cb) {
				verbose(env, "insn %d cannot call exception cb directly", w->i);
				return -EINVAL;
			}
		}
		w->ret_insn[w->frame] = w->i + 1;
		w->ret_prog[w->frame] = w->idx;
		w->i = next_insn;
		w->idx = sidx;
		return 1;
	}
	return 0;
}

static int check_max_stack_depth_subprog(struct bpf_verifier_env *env, int idx,
					 bool priv_stack_supported)
{
	struct bpf_subprog_info *subprog = env->subprog_info;
	struct depth_walk w = { .idx = idx, .priv_stack_supported = priv_stack_supported };
	int err;

	w.i = (int)subprog[idx].start;
	if (!priv_stack_supported)
		subprog[idx].priv_stack_mode = NO_PRIV_STACK;
	err = enter_subprog(env, &w);
	if (err)
		return err;
	for (;;) {
		err = next_call(env, &w);
		if (err < 0)
			return err;
		if (err == 1) {
			if (!priv_stack_supported)
				subprog[w.idx].priv_stack_mode = NO_PRIV_STACK;
			if (subprog[w.idx].has_tail_call)
				w.tail_call_reachable = true;
			w.frame++;
			if (w.frame >= MAX_CALL_FRAMES) {
				verbose(env, "the call stack of %d frames is too deep !\n",
					w.frame);
				return -E2BIG;
			}
			err = enter_subprog(env, &w);
			if (err)
				return err;
			continue;
		}
		/* end of this subprogram: every frame on the chain may reach a tail call */
		if (w.tail_call_reachable)
			for (int j = 0; j < w.frame; j++) {
				if (subprog[w.ret_prog[j]].is_exception_cb) {
					verbose(env, "cannot tail call within exception cb\n");
					return -EINVAL;
				}
				subprog[w.ret_prog[j]].tail_call_reachable = true;
			}
		if (w.frame == 0)
			return 0;
		if (subprog[w.idx].priv_stack_mode != PRIV_STACK_ADAPTIVE)
			w.depth -= round_up_stack_depth(subprog[w.idx].stack_depth);
		w.frame--;
		w.i = w.ret_insn[w.frame];
		w.idx = w.ret_prog[w.frame];
	}
}

int check_max_stack_depth(struct bpf_verifier_env *env)
{
	struct bpf_subprog_info *si = env->subprog_info;
	enum priv_stack_mode mode = PRIV_STACK_UNKNOWN;

	for (u32 i = 0; i < env->subprog_cnt; i++) {
		if (si[i].has_tail_call) {
			mode = NO_PRIV_STACK;
			break;
		}
	}
	if (mode == PRIV_STACK_UNKNOWN)
		mode = prog_private_stack(env) ? PRIV_STACK_ADAPTIVE : NO_PRIV_STACK;
	/* async callbacks first: a subprogram they share with main uses the normal stack */
	for (int i = (int)env->subprog_cnt - 1; i >= 0; i--) {
		if (!i || si[i].is_async_cb) {
			bool supported = !i && mode == PRIV_STACK_ADAPTIVE;
			int ret = check_max_stack_depth_subprog(env, i, supported);

			if (ret < 0)
				return ret;
		}
	}
	return 0;
}
