// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/fixups.c: the passes around the state walk that look at or rewrite instructions.
 *
 *   before   resolve_pseudo_ldimm64(): reserved fields, ld_imm64 pairs, map references (each
 *            map used is checked against the program type), kernel symbols (ksym ld_imm64);
 *            check_attach_btf_id(): the attach target of BTF-attached programs
 *   after    verifier_finish(): bpf_fastcall spill removal (stack depth), the stack depth of
 *            the deepest call chain; verifier_export_program(): the program for the runtime,
 *            with context accesses rewritten to the runtime's context layout (ctx.h)
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf_types.h"
#include "verifier/btf_access.h"
#include "verifier/env.h"
#include "verifier/kfunc_call.h"
#include "verifier/progops.h"
#include "verifier/prog_types.h"

/* ---- opcode table (the kernel's public_insntable) ---- */

static bool opcode_in_insntable(u8 code)
{
	static const u8 alu_ops[] = { BPF_ADD, BPF_SUB, BPF_AND, BPF_OR,   BPF_LSH, BPF_RSH,
				      BPF_XOR, BPF_MUL, BPF_MOV, BPF_ARSH, BPF_DIV, BPF_MOD };
	static const u8 jmp_ops[] = { BPF_JEQ,	BPF_JNE,  BPF_JGT,  BPF_JLT,  BPF_JGE, BPF_JLE,
				      BPF_JSGT, BPF_JSLT, BPF_JSGE, BPF_JSLE, BPF_JSET };
	static const u8 sizes[] = { BPF_B, BPF_H, BPF_W, BPF_DW };
	u8 class = BPF_CLASS(code);
	size_t i;

	for (i = 0; i < ARRAY_SIZE(alu_ops); i++)
		if ((class == BPF_ALU || class == BPF_ALU64) &&
		    (code == (class | alu_ops[i] | BPF_X) || code == (class | alu_ops[i] | BPF_K)))
			return true;
	if (code == (BPF_ALU | BPF_NEG) || code == (BPF_ALU64 | BPF_NEG) ||
	    code == (BPF_ALU | BPF_END | BPF_TO_BE) || code == (BPF_ALU | BPF_END | BPF_TO_LE) ||
	    code == (BPF_ALU64 | BPF_END | BPF_TO_LE))
		return true;
	for (i = 0; i < ARRAY_SIZE(jmp_ops); i++)
		if ((class == BPF_JMP || class == BPF_JMP32) &&
		    (code == (class | jmp_ops[i] | BPF_X) || code == (class | jmp_ops[i] | BPF_K)))
			return true;
	if (code == (BPF_JMP | BPF_CALL) || code == (BPF_JMP | BPF_EXIT) ||
	    code == (BPF_JMP | BPF_JA) || code == (BPF_JMP32 | BPF_JA) ||
	    code == (BPF_JMP | BPF_JCOND))
		return true;
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		if (code == (BPF_STX | BPF_MEM | sizes[i]) ||
		    code == (BPF_STX | BPF_ATOMIC | sizes[i]) ||
		    code == (BPF_ST | BPF_MEM | sizes[i]) || code == (BPF_LDX | BPF_MEM | sizes[i]))
			return true;
		if (sizes[i] != BPF_DW && (code == (BPF_LDX | BPF_MEMSX | sizes[i]) ||
					   code == (BPF_LD | BPF_ABS | sizes[i]) ||
					   code == (BPF_LD | BPF_IND | sizes[i])))
			return true;
	}
	return code == (BPF_LD | BPF_IMM | BPF_DW);
}

/* ---- maps and ksyms referenced by ld_imm64 ---- */

static bool map_is_cgroup_storage(const struct hive_verifier_map *map)
{
	return map->type == BPF_MAP_TYPE_CGROUP_STORAGE ||
	       map->type == BPF_MAP_TYPE_PERCPU_CGROUP_STORAGE;
}

static int check_map_special_fields(struct bpf_verifier_env *env,
				    const struct hive_verifier_map *map)
{
	bool tracing = prog_is_tracing(env);

	if (tracing && btf_record_has_field(map->record, HIVE_FIELD_GRAPH_ROOT)) {
		verbose(env, "tracing progs cannot use bpf_{list_head,rb_root} yet\n");
		return -EINVAL;
	}
	if (btf_record_has_field(map->record, HIVE_FIELD_SPIN_LOCK | HIVE_FIELD_RES_SPIN_LOCK)) {
		if (env->prog_type == BPF_PROG_TYPE_SOCKET_FILTER) {
			verbose(env, "socket filter progs cannot use bpf_spin_lock yet\n");
			return -EINVAL;
		}
		if (tracing) {
			verbose(env, "tracing progs cannot use bpf_spin_lock yet\n");
			return -EINVAL;
		}
	}
	if (tracing && btf_record_has_field(map->record, HIVE_FIELD_TIMER)) {
		verbose(env, "tracing progs cannot use bpf_timer yet\n");
		return -EINVAL;
	}
	if (tracing && btf_record_has_field(map->record, HIVE_FIELD_WQ)) {
		verbose(env, "tracing progs cannot use bpf_wq yet\n");
		return -EINVAL;
	}
	return 0;
}

/* Maps a program of this type may use (check_map_prog_compatibility). */
static int check_map_prog_compatibility(struct bpf_verifier_env *env,
					const struct hive_verifier_map *map)
{
	int err = check_map_special_fields(env, map);

	if (err)
		return err;
	if (map->type == BPF_MAP_TYPE_STRUCT_OPS) {
		verbose(env, "bpf_struct_ops map cannot be used in prog\n");
		return -EINVAL;
	}
	if (env->sleepable && !prog_sleepable_map_ok(map->type)) {
		verbose(env,
			"Sleepable programs can only use array, hash, ringbuf and local storage maps\n");
		return -EINVAL;
	}
	if (map_is_cgroup_storage(map)) {
		for (u32 i = 0; i < env->nr_used_maps; i++)
			if (env->used_maps[i] != map && env->used_maps[i]->type == map->type) {
				verbose(env, "only one cgroup storage of each type is allowed\n");
				return -EBUSY;
			}
	}
	if (map->type == BPF_MAP_TYPE_ARENA) {
		for (u32 i = 0; i < env->nr_used_maps; i++)
			if (env->used_maps[i] != map &&
			    env->used_maps[i]->type == BPF_MAP_TYPE_ARENA) {
				verbose(env, "Only one arena per program\n");
				return -EBUSY;
			}
		if (!map->map_extra) {
			verbose(env, "arena's user address must be set via map_extra or mmap()\n");
			return -EINVAL;
		}
	}
	return 0;
}

static int add_used_map(struct bpf_verifier_env *env, u32 idx)
{
	const struct hive_verifier_map *map;
	int err;

	/* a description of type 0 (BPF_MAP_TYPE_UNSPEC) is a hole: an fd that is no map */
	if (idx >= env->in->nr_maps || env->in->maps[idx].type == BPF_MAP_TYPE_UNSPEC) {
		verbose(env, "fd %d is not pointing to valid bpf_map\n", idx);
		return -EBADF;
	}
	map = &env->in->maps[idx];
	for (u32 i = 0; i < env->nr_used_maps; i++)
		if (env->used_maps[i] == map)
			return (int)idx;
	if (env->nr_used_maps >= MAX_USED_MAPS) {
		verbose(env, "The total number of maps per program has reached the limit of %u\n",
			MAX_USED_MAPS);
		return -E2BIG;
	}
	err = check_map_prog_compatibility(env, map);
	if (err)
		return err;
	env->used_maps[env->nr_used_maps++] = map;
	return (int)idx;
}

static int find_btf_percpu_datasec(const struct hive_btf *btf)
{
	for (u32 i = 1; i < btf_type_cnt(btf); i++) {
		const struct btf_type *t = btf_type_by_id(btf, i);

		if (t && btf_is_datasec(t) && !strcmp(btf_name(btf, t->name_off), ".data..percpu"))
			return (int)i;
	}
	return -ENOENT;
}

static bool ksym_is_percpu(const struct hive_btf *btf, u32 id)
{
	int datasec_id = find_btf_percpu_datasec(btf);
	const struct btf_type *datasec;

	if (datasec_id <= 0)
		return false;
	datasec = btf_type_by_id(btf, (u32)datasec_id);
	for (u32 i = 0; i < btf_vlen(datasec); i++)
		if (btf_var_secinfos(datasec)[i].type == id)
			return true;
	return false;
}

/* A kernel variable or function named by BTF id (`extern ... __ksym`). */
static int check_pseudo_btf_id(struct bpf_verifier_env *env, struct hive_insn *insn,
			       struct bpf_insn_aux_data *aux)
{
	const struct hive_btf *btf = env->in->vmlinux_btf;
	const struct btf_type *t;
	u32 id = (u32)insn->imm, type;

	if (insn[1].imm) {
		verbose(env, "invalid module BTF object FD specified.\n");
		return -EINVAL;
	}
	if (!btf) {
		verbose(env,
			"kernel is missing BTF, make sure CONFIG_DEBUG_INFO_BTF=y is specified "
			"in Kconfig.\n");
		return -EINVAL;
	}
	t = btf_type_by_id(btf, id);
	if (!t) {
		verbose(env, "ldimm64 insn specifies invalid btf_id %d.\n", id);
		return -ENOENT;
	}
	if (!btf_is_var(t) && !btf_is_func(t)) {
		verbose(env, "pseudo btf_id %d in ldimm64 isn't KIND_VAR or KIND_FUNC\n", id);
		return -EINVAL;
	}
	if (env->in->ksym_exists &&
	    !env->in->ksym_exists(env->in->ksym_ctx, btf_name(btf, t->name_off))) {
		verbose(env, "ldimm64 failed to find the address for kernel symbol '%s'.\n",
			btf_name(btf, t->name_off));
		return -ENOENT;
	}
	if (btf_is_func(t)) {
		aux->btf_var.reg_type = PTR_TO_MEM | MEM_RDONLY;
		aux->btf_var.mem_size = 0;
		return 0;
	}
	type = t->type;
	t = kbtf_skip_modifiers(btf, type, NULL);
	if (ksym_is_percpu(btf, id)) {
		aux->btf_var.reg_type = PTR_TO_BTF_ID | MEM_PERCPU;
		aux->btf_var.btf = btf;
		aux->btf_var.btf_id = type;
	} else if (!kbtf_is_struct(t)) {
		s64 tsize = btf_resolve_size(btf, type);

		if (tsize < 0) {
			verbose(env, "ldimm64 unable to resolve the size of type '%s': %lld\n",
				t ? btf_name(btf, t->name_off) : "", (long long)tsize);
			return -EINVAL;
		}
		aux->btf_var.reg_type = PTR_TO_MEM | MEM_RDONLY;
		aux->btf_var.mem_size = (u32)tsize;
	} else {
		aux->btf_var.reg_type = PTR_TO_BTF_ID;
		aux->btf_var.btf = btf;
		aux->btf_var.btf_id = type;
	}
	return 0;
}

static int resolve_map_ldimm64(struct bpf_verifier_env *env, struct hive_insn *insn,
			       struct bpf_insn_aux_data *aux)
{
	const struct hive_verifier_map *map;
	int map_idx;

	switch (insn[0].src_reg) {
	case BPF_PSEUDO_MAP_VALUE:
	case BPF_PSEUDO_MAP_IDX_VALUE:
		break;
	case BPF_PSEUDO_MAP_FD:
	case BPF_PSEUDO_MAP_IDX:
		if (insn[1].imm == 0)
			break;
		__attribute__((fallthrough));
	default:
		verbose(env, "unrecognized bpf_ld_imm64 insn\n");
		return -EINVAL;
	}
	/* map references are indexes into the input's map table */
	map_idx = add_used_map(env, (u32)insn[0].imm);
	if (map_idx < 0)
		return map_idx;
	map = &env->in->maps[map_idx];
	aux->map_index = map_idx;
	if (insn[0].src_reg == BPF_PSEUDO_MAP_VALUE ||
	    insn[0].src_reg == BPF_PSEUDO_MAP_IDX_VALUE) {
		u32 off = (u32)insn[1].imm;

		if (off >= BPF_MAX_VAR_OFF) {
			verbose(env, "direct value offset of %u is not allowed\n", off);
			return -EINVAL;
		}
		if (map->type != BPF_MAP_TYPE_ARRAY && map->type != BPF_MAP_TYPE_ARENA) {
			verbose(env, "no direct value access support for this map type\n");
			return -EINVAL;
		}
		if (map->type == BPF_MAP_TYPE_ARRAY &&
		    (map->max_entries != 1 || off >= map->value_size)) {
			verbose(env, "invalid access to map value pointer, value_size=%u off=%u\n",
				map->value_size, off);
			return map->max_entries != 1 ? -ENOTSUPP : -EINVAL;
		}
		aux->map_off = off;
	}
	return 0;
}

int resolve_pseudo_ldimm64(struct bpf_verifier_env *env)
{
	struct hive_insn *insn = env->insns;
	int insn_cnt = (int)env->len, err;

	for (int i = 0; i < insn_cnt; i++, insn++) {
		if (BPF_CLASS(insn->code) == BPF_LDX &&
		    ((BPF_MODE(insn->code) != BPF_MEM && BPF_MODE(insn->code) != BPF_MEMSX) ||
		     insn->imm != 0)) {
			verbose(env, "BPF_LDX uses reserved fields\n");
			return -EINVAL;
		}
		if (isa_is_ldimm64(insn)) {
			struct bpf_insn_aux_data *aux = &env->insn_aux_data[i];

			if (i == insn_cnt - 1 || insn[1].code != 0 || insn[1].dst_reg != 0 ||
			    insn[1].src_reg != 0 || insn[1].off != 0) {
				verbose(env, "invalid bpf_ld_imm64 insn\n");
				return -EINVAL;
			}
			if (insn[0].src_reg == BPF_PSEUDO_BTF_ID)
				err = check_pseudo_btf_id(env, insn, aux);
			else if (insn[0].src_reg == BPF_PSEUDO_FUNC)
				aux->ptr_type = PTR_TO_FUNC, err = 0;
			else if (insn[0].src_reg)
				err = resolve_map_ldimm64(env, insn, aux);
			else
				err = 0;
			if (err)
				return err;
			insn++;
			i++;
			continue;
		}
		if (!opcode_in_insntable(insn->code)) {
			verbose(env, "unknown opcode %02x\n", insn->code);
			return -EINVAL;
		}
	}
	return 0;
}

/* ---- the attach target ---- */

int check_attach_btf_id(struct bpf_verifier_env *env)
{
	struct hive_prog_desc *desc = &env->prog_desc;
	const struct hive_btf *btf = env->in->attach_btf ?: env->in->vmlinux_btf;
	const struct btf_type *t;
	int err = prog_sleepable_check(env);

	if (err)
		return err;
	if (env->prog_type != BPF_PROG_TYPE_TRACING && env->prog_type != BPF_PROG_TYPE_LSM &&
	    env->prog_type != BPF_PROG_TYPE_STRUCT_OPS)
		return 0;
	if (!env->in->attach_btf_id) {
		verbose(env, "Tracing programs must provide btf_id\n");
		return -EINVAL;
	}
	if (!btf) {
		verbose(env, "FENTRY/FEXIT program can only be attached to another program "
			     "annotated with BTF\n");
		return -EINVAL;
	}
	t = btf_type_by_id(btf, env->in->attach_btf_id);
	if (!t) {
		verbose(env, "attach_btf_id %u is invalid\n", env->in->attach_btf_id);
		return -EINVAL;
	}
	desc->attach_btf = btf;
	desc->attach_btf_id = env->in->attach_btf_id;
	desc->attach_func_name = btf_name(btf, t->name_off);
	if (env->prog_type == BPF_PROG_TYPE_TRACING &&
	    env->in->expected_attach_type == BPF_TRACE_RAW_TP) {
		/* tp_btf: typedef btf_trace_<name> to a pointer to the prototype */
		if (!btf_is_typedef(t)) {
			verbose(env, "attach_btf_id %u is not a typedef\n", env->in->attach_btf_id);
			return -EINVAL;
		}
		t = kbtf_skip_modifiers(btf, t->type, NULL);
		t = t && btf_is_ptr(t) ? kbtf_skip_modifiers(btf, t->type, NULL) : NULL;
		desc->attach_func_name += strlen("btf_trace_");
		desc->attach_btf_trace = true;
	} else if (btf_is_func(t)) {
		t = btf_type_by_id(btf, t->type);
	} else if (env->prog_type != BPF_PROG_TYPE_STRUCT_OPS) {
		verbose(env, "attach_btf_id %u is not a function\n", env->in->attach_btf_id);
		return -EINVAL;
	}
	desc->attach_func_proto = t && btf_is_func_proto(t) ? t : NULL;
	return 0;
}

/* ---- after the walk ---- */

/* bpf_fastcall spills around inlined calls go away, and with them their stack. */
static void remove_fastcall_spills_fills(struct bpf_verifier_env *env)
{
	struct bpf_subprog_info *subprog = env->subprog_info;
	struct bpf_insn_aux_data *aux = env->insn_aux_data;
	bool modified = false;

	for (u32 i = 0; i < env->len; i++) {
		if (aux[i].fastcall_spills_num > 0) {
			for (u32 j = 1; j <= aux[i].fastcall_spills_num; ++j) {
				env->insns[i - j] = (struct hive_insn){ .code = BPF_JMP | BPF_JA };
				env->insns[i + j] = (struct hive_insn){ .code = BPF_JMP | BPF_JA };
			}
			modified = true;
		}
		if ((subprog + 1)->start == i + 1) {
			if (modified && !subprog->keep_fastcall_stack)
				subprog->stack_depth = (u16)-subprog->fastcall_stack_off;
			subprog++;
			modified = false;
		}
	}
}

/* A kfunc call with id 0 that survived (the kernel rejects it at its fixup). */
static int check_kfunc_ids(struct bpf_verifier_env *env)
{
	for (u32 i = 0; i < env->len; i++) {
		const struct hive_insn *insn = &env->insns[i];

		if (!env->insn_aux_data[i].seen || !bpf_pseudo_kfunc_call(insn) || insn->imm)
			continue;
		verbose(env, "invalid kernel function call not eliminated in verifier pass\n");
		return -EINVAL;
	}
	return 0;
}

int verifier_finish(struct bpf_verifier_env *env)
{
	int err;

	remove_fastcall_spills_fills(env);
	err = check_max_stack_depth(env);
	return err ?: check_kfunc_ids(env);
}

/* ---- the program handed to the runtime ---- */

static int rewrite_ctx_insn(struct bpf_verifier_env *env, u32 i, struct hive_insn *buf)
{
	const struct hive_insn *insn = &env->insns[i];
	u8 class = BPF_CLASS(insn->code);
	enum bpf_access_type type;

	if (env->insn_aux_data[i].ptr_type != PTR_TO_CTX)
		return 0;
	if (class == BPF_LDX &&
	    (BPF_MODE(insn->code) == BPF_MEM || BPF_MODE(insn->code) == BPF_MEMSX))
		type = BPF_READ;
	else if ((class == BPF_STX || class == BPF_ST) && BPF_MODE(insn->code) == BPF_MEM)
		type = BPF_WRITE;
	else
		return 0;
	return prog_convert_ctx_insn(env, insn, type, env->insn_aux_data[i].ctx_field_size, buf);
}

static int grow(void **p, size_t elem, u32 *cap, u32 need)
{
	void *n;

	if (need <= *cap)
		return 0;
	*cap = need * 2;
	n = realloc(*p, elem * *cap);
	if (!n)
		return -ENOMEM;
	*p = n;
	return 0;
}

static void fill_export_aux(struct bpf_verifier_env *env, u32 i, struct hive_verifier_insn_aux *a)
{
	const struct bpf_insn_aux_data *aux = &env->insn_aux_data[i];

	memset(a, 0, sizeof(*a));
	a->orig_idx = aux->orig_idx;
	a->map_index = isa_is_ldimm64(&env->insns[i]) && env->insns[i].src_reg &&
				       env->insns[i].src_reg != BPF_PSEUDO_FUNC &&
				       env->insns[i].src_reg != BPF_PSEUDO_BTF_ID ?
			       aux->map_index :
			       -1;
	a->map_off = aux->map_off;
	a->obj_new_size = aux->obj_new_size;
	a->kptr_struct_meta = aux->kptr_struct_meta;
	a->insert_off = aux->insert_off;
}

/* Jumps keep pointing at the same instructions after context accesses grew. */
static int fix_jumps(struct bpf_verifier_env *env, struct hive_insn *out, u32 cnt,
		     const u32 *new_idx)
{
	for (u32 i = 0; i < env->len; i++) {
		struct hive_insn *insn = &out[new_idx[i]];
		u8 class = BPF_CLASS(env->insns[i].code), op = BPF_OP(env->insns[i].code);
		s64 target, off;

		if (env->insn_aux_data[i].ptr_type == PTR_TO_CTX || !env->insn_aux_data[i].seen)
			continue; /* a rewritten access or dead code, not a jump */
		if ((class != BPF_JMP && class != BPF_JMP32) || op == BPF_EXIT ||
		    (op == BPF_CALL && env->insns[i].src_reg != BPF_PSEUDO_CALL))
			continue;
		if (op == BPF_CALL || (class == BPF_JMP32 && op == BPF_JA))
			target = (s64)i + 1 + env->insns[i].imm;
		else
			target = (s64)i + 1 + env->insns[i].off;
		if (target < 0 || target > (s64)env->len)
			return -EFAULT;
		off = (s64)(target == (s64)env->len ? cnt : new_idx[target]) - new_idx[i] - 1;
		if (op == BPF_CALL || (class == BPF_JMP32 && op == BPF_JA))
			insn->imm = (s32)off;
		else if (off != (s16)off)
			return -ERANGE;
		else
			insn->off = (s16)off;
	}
	for (u32 i = 0; i < env->len; i++)
		if (bpf_pseudo_func(&env->insns[i]) && env->insn_aux_data[i].seen)
			out[new_idx[i]].imm =
				(s32)new_idx[i + 1 + env->insns[i].imm] - new_idx[i] - 1;
	return 0;
}

int verifier_export_program(struct bpf_verifier_env *env, struct hive_verifier_output *out)
{
	struct hive_insn buf[CTX_INSN_BUF_SIZE];
	u32 *new_idx = calloc(env->len + 1, sizeof(u32)), cnt = 0, cap = 0, acap = 0;
	struct hive_insn *insns = NULL;
	struct hive_verifier_insn_aux *aux = NULL;
	int err = new_idx ? 0 : -ENOMEM;

	for (u32 i = 0; i < env->len && !err; i++) {
		int n = rewrite_ctx_insn(env, i, buf);

		new_idx[i] = cnt;
		/* code the walk never reached is not checked: it becomes a trap the runtime never
		 * executes (the kernel's sanitize_dead_code()) */
		if (!env->insn_aux_data[i].seen)
			buf[0] = (struct hive_insn){ .code = BPF_JMP | BPF_JA, .off = -1 }, n = 1;
		if (n < 0) {
			verbose(env, "bpf verifier is misconfigured\n");
			err = -EFAULT;
			break;
		}
		if (n == 0) {
			buf[0] = env->insns[i], n = 1;
			/* fields the kernel ignores, cleared for the runtime's stricter decoder */
			if (buf[0].code == (BPF_JMP | BPF_EXIT))
				buf[0].off = 0;
		}
		err = grow((void **)&insns, sizeof(*insns), &cap, cnt + (u32)n);
		err = err ?: grow((void **)&aux, sizeof(*aux), &acap, cnt + (u32)n);
		for (int k = 0; !err && k < n; k++) {
			insns[cnt] = buf[k];
			fill_export_aux(env, i, &aux[cnt]);
			if (k)
				aux[cnt].map_index = -1;
			cnt++;
		}
	}
	if (!err) {
		new_idx[env->len] = cnt;
		err = fix_jumps(env, insns, cnt, new_idx);
	}
	if (!err)
		out->subprog_starts = calloc(env->subprog_cnt ? env->subprog_cnt : 1, sizeof(u32));
	if (!err && !out->subprog_starts)
		err = -ENOMEM;
	for (u32 s = 0; !err && s < env->subprog_cnt; s++)
		out->subprog_starts[s] = new_idx[env->subprog_info[s].start];
	free(new_idx);
	if (err) {
		free(insns);
		free(aux);
		return err;
	}
	out->insns = insns;
	out->aux = aux;
	out->insn_cnt = cnt;
	return 0;
}

/* prog->aux->arena: the program uses an arena map. */
bool verifier_prog_has_arena(const struct bpf_verifier_env *env)
{
	for (u32 i = 0; i < env->nr_used_maps; i++)
		if (env->used_maps[i]->type == BPF_MAP_TYPE_ARENA)
			return true;
	return false;
}
