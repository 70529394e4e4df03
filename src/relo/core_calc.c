// SPDX-License-Identifier: BSD-2-Clause
/*
 * relo/core_calc.c: CO-RE values and instruction patching (spec C.9-C.11).
 *
 * Each relocation is computed twice, from the local spec ("what clang wrote", used to check
 * the instruction) and from the target spec ("what it must become"). Bitfields are read with
 * the smallest power-of-two load that covers them, e.g. local `int d:3` at bit 69:
 *   byte_sz 4, byte_off 8 -> lshift 64 - (69 + 3 - 64) = 56, rshift 64 - 3 = 61
 * and, because compilers and loaders may choose different load units, their offset, size and
 * lshift are not checked against the instruction (signedness and rshift always are).
 *
 * When no candidate matches, existence kinds give 0 and the others poison the instruction
 * (`call 0xbad2310`), which the verifier accepts in dead code and rejects, naming the
 * instruction, otherwise.
 */
#include <limits.h>
#include <string.h>

#include "common/err.h"
#include "common/log.h"
#include "object/obj_insn.h"
#include "relo/core.h"
#include "relo/core_internal.h"

/* Sentinel return of the value helpers: "no target, poison the instruction". */
#define CORE_EPOISON (-EUCLEAN)

struct field_val {
	uint64_t val;
	uint32_t sz; /* memory size of a plain field (BYTE_OFFSET), 0 otherwise */
	uint32_t type_id; /* its type, for the memory-size adjustment check */
};

static int calc_array_access(const char *prog_name, const struct btf_ext_core_relo *relo,
			     const struct core_spec *spec, const struct core_accessor *acc,
			     struct field_val *out, bool *validate)
{
	int64_t sz = btf_resolve_size(spec->btf, acc->type_id);

	if (relo->kind == CORE_FIELD_BYTE_OFFSET) {
		if (sz < 0)
			return -EINVAL;
		out->val = spec->bit_offset / 8;
		out->sz = (uint32_t)sz;
		out->type_id = acc->type_id;
	} else if (relo->kind == CORE_FIELD_BYTE_SIZE) {
		if (sz < 0)
			return -EINVAL;
		out->val = (uint64_t)sz;
	} else {
		core_warn("prog '%s': relo %u at insn #%u can't be applied to array access\n",
			  prog_name, relo->kind, relo->insn_off / 8);
		return -EINVAL;
	}
	if (validate)
		*validate = true;
	return 0;
}

/* Smallest load unit (up to 8 bytes) covering a bitfield, as libbpf picks it. */
static int bitfield_unit(const char *prog_name, const struct btf_ext_core_relo *relo,
			 uint32_t bit_off, uint32_t bit_sz, uint32_t *byte_sz, uint32_t *byte_off)
{
	if (*byte_sz == 0 || *byte_sz > 8)
		return -EINVAL;
	*byte_off = bit_off / 8 / *byte_sz * *byte_sz;
	while ((uint64_t)bit_off + bit_sz - (uint64_t)*byte_off * 8 > (uint64_t)*byte_sz * 8) {
		if (*byte_sz >= 8) {
			core_warn(
				"prog '%s': relo %u at insn #%u can't be satisfied for bitfield\n",
				prog_name, relo->kind, relo->insn_off / 8);
			return -E2BIG;
		}
		*byte_sz *= 2;
		*byte_off = bit_off / 8 / *byte_sz * *byte_sz;
	}
	return 0;
}

/* Memory size of a field: its innermost non-array element (arrays of u32 load 4 bytes). */
static int field_mem_size(const struct hive_btf *btf, uint32_t field_type_id, uint32_t *sz)
{
	uint32_t elem_id = 0;
	const struct btf_type *t = btf_skip_mods_and_typedefs(btf, field_type_id, &elem_id);
	int64_t s;

	for (int depth = 0; t && btf_is_array(t); depth++) {
		if (depth > BTF_MAX_RESOLVE_DEPTH)
			return -EINVAL;
		t = btf_skip_mods_and_typedefs(btf, btf_array(t)->type, &elem_id);
	}
	s = btf_resolve_size(btf, elem_id);
	if (!t || s < 0)
		return -EINVAL;
	*sz = (uint32_t)s;
	return 0;
}

static int calc_field(const char *prog_name, const struct btf_ext_core_relo *relo,
		      const struct core_spec *spec, struct field_val *out, bool *validate)
{
	const struct core_accessor *acc;
	const struct btf_type *t, *mt;
	uint32_t byte_off, byte_sz, bit_off, bit_sz, field_type_id = 0;
	bool bitfield;
	int err;

	memset(out, 0, sizeof(*out));
	if (relo->kind == CORE_FIELD_EXISTS) {
		out->val = spec ? 1 : 0;
		return 0;
	}
	if (!spec)
		return CORE_EPOISON;
	acc = &spec->spec[spec->len - 1];
	if (!acc->name)
		return calc_array_access(prog_name, relo, spec, acc, out, validate);
	t = btf_type_by_id(spec->btf, acc->type_id);
	mt = btf_skip_mods_and_typedefs(spec->btf, btf_members(t)[acc->idx].type, &field_type_id);
	if (!mt)
		return -EINVAL;
	bit_off = spec->bit_offset;
	bit_sz = btf_member_bitfield_size(t, acc->idx);
	bitfield = bit_sz > 0;
	if (bitfield) {
		byte_sz = mt->size;
		err = bitfield_unit(prog_name, relo, bit_off, bit_sz, &byte_sz, &byte_off);
		if (err)
			return err;
	} else {
		int64_t sz = btf_resolve_size(spec->btf, field_type_id);

		if (sz < 0 || sz > UINT32_MAX / 8)
			return -EINVAL;
		byte_sz = (uint32_t)sz;
		byte_off = bit_off / 8;
		bit_sz = byte_sz * 8;
	}
	/* compiler and loader may pick different bitfield load units: don't check those */
	if (validate)
		*validate = !bitfield;
	switch (relo->kind) {
	case CORE_FIELD_BYTE_OFFSET:
		out->val = byte_off;
		if (!bitfield) {
			err = field_mem_size(spec->btf, field_type_id, &out->sz);
			if (err)
				return err;
			out->type_id = field_type_id;
		}
		break;
	case CORE_FIELD_BYTE_SIZE:
		out->val = byte_sz;
		break;
	case CORE_FIELD_SIGNED:
		out->val = (btf_is_any_enum(mt) && btf_kflag(mt)) ||
			   (btf_is_int(mt) && (btf_int_encoding(mt) & BTF_INT_SIGNED));
		if (validate)
			*validate = true;
		break;
	case CORE_FIELD_LSHIFT_U64:
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		out->val = 64 - (bit_off + bit_sz - byte_off * 8);
#else
		out->val = (8 - byte_sz) * 8 + (bit_off - byte_off * 8);
#endif
		break;
	case CORE_FIELD_RSHIFT_U64:
		out->val = 64 - bit_sz;
		if (validate)
			*validate = true;
		break;
	default:
		return -EOPNOTSUPP;
	}
	return 0;
}

static int calc_type(const struct btf_ext_core_relo *relo, const struct core_spec *spec,
		     uint64_t *val, bool *validate)
{
	int64_t sz;

	if (!spec) {
		*val = 0;
		return 0;
	}
	switch (relo->kind) {
	case CORE_TYPE_ID_TARGET:
		*val = spec->root_type_id;
		/* type ids change under static linking: never check them */
		if (validate)
			*validate = false;
		return 0;
	case CORE_TYPE_EXISTS:
	case CORE_TYPE_MATCHES:
		*val = 1;
		return 0;
	case CORE_TYPE_SIZE:
		sz = btf_resolve_size(spec->btf, spec->root_type_id);
		if (sz < 0)
			return -EINVAL;
		*val = (uint64_t)sz;
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

static int calc_enumval(const struct btf_ext_core_relo *relo, const struct core_spec *spec,
			uint64_t *val)
{
	const struct btf_type *t;
	uint32_t i;

	switch (relo->kind) {
	case CORE_ENUMVAL_EXISTS:
		*val = spec ? 1 : 0;
		return 0;
	case CORE_ENUMVAL_VALUE:
		if (!spec)
			return CORE_EPOISON;
		t = btf_type_by_id(spec->btf, spec->spec[0].type_id);
		i = spec->spec[0].idx;
		if (btf_is_enum(t))
			*val = (uint64_t)(int64_t)btf_enum(t)[i].val;
		else
			*val = btf_enum64_value(btf_enum64(t) + i);
		return 0;
	default:
		return -EOPNOTSUPP;
	}
}

/* Loading or storing a field whose size changed is safe only for pointers and unsigned ints. */
static bool memsz_change_ok(const struct core_spec *local, const struct core_spec *targ,
			    const struct core_relo_res *res)
{
	const struct btf_type *o = btf_type_by_id(local->btf, res->orig_type_id);
	const struct btf_type *n = btf_type_by_id(targ->btf, res->new_type_id);

	if (!o || !n)
		return false;
	if (btf_is_ptr(o) && btf_is_ptr(n))
		return true;
	return btf_is_int(o) && btf_is_int(n) && btf_int_encoding(o) != BTF_INT_SIGNED &&
	       btf_int_encoding(n) != BTF_INT_SIGNED;
}

static int calc_relo(const char *prog_name, const struct btf_ext_core_relo *relo, int relo_idx,
		     const struct core_spec *local, const struct core_spec *targ,
		     struct core_relo_res *res)
{
	int err = -EOPNOTSUPP;

	memset(res, 0, sizeof(*res));
	res->validate = true;
	if (core_kind_is_field_based(relo->kind)) {
		struct field_val o, n;

		err = calc_field(prog_name, relo, local, &o, &res->validate);
		err = err ?: calc_field(prog_name, relo, targ, &n, NULL);
		if (!err) {
			res->orig_val = o.val;
			res->orig_sz = o.sz;
			res->orig_type_id = o.type_id;
			res->new_val = n.val;
			res->new_sz = n.sz;
			res->new_type_id = n.type_id;
			if (res->orig_sz != res->new_sz && !memsz_change_ok(local, targ, res))
				res->fail_memsz_adjust = true;
		}
	} else if (core_kind_is_type_based(relo->kind)) {
		err = calc_type(relo, local, &res->orig_val, &res->validate);
		err = err ?: calc_type(relo, targ, &res->new_val, NULL);
	} else if (core_kind_is_enumval_based(relo->kind)) {
		err = calc_enumval(relo, local, &res->orig_val);
		err = err ?: calc_enumval(relo, targ, &res->new_val);
	}
	if (err == CORE_EPOISON) {
		res->poison = true;
		err = 0;
	} else if (err == -EOPNOTSUPP) {
		core_warn(
			"prog '%s': relo #%d: unrecognized CO-RE relocation %s (%u) at insn #%u\n",
			prog_name, relo_idx, btf_ext_core_kind_str(relo->kind), relo->kind,
			relo->insn_off / 8);
	}
	return err;
}

/* Fold candidate #@i's result into the answer; every match must agree (spec C.10). */
static int merge_cand(const char *prog_name, int relo_idx, int j, const struct core_spec *cand,
		      const struct core_relo_res *cres, struct core_spec *targ,
		      struct core_relo_res *res)
{
	if (j == 0) {
		*res = *cres;
		*targ = *cand;
		return 0;
	}
	if (cand->bit_offset != targ->bit_offset) {
		core_warn("prog '%s': relo #%d: field offset ambiguity: %u != %u\n", prog_name,
			  relo_idx, cand->bit_offset, targ->bit_offset);
		return -EINVAL;
	}
	if (cres->poison != res->poison || cres->new_val != res->new_val) {
		core_warn(
			"prog '%s': relo #%d: relocation decision ambiguity: %s %llu != %s %llu\n",
			prog_name, relo_idx, cres->poison ? "failure" : "success",
			(unsigned long long)cres->new_val, res->poison ? "failure" : "success",
			(unsigned long long)res->new_val);
		return -EINVAL;
	}
	return 0;
}

static int match_cands(const char *prog_name, const struct btf_ext_core_relo *relo, int relo_idx,
		       struct core_cand_list *cands, struct core_spec scratch[3],
		       struct core_relo_res *res)
{
	struct core_spec *local = &scratch[0], *cand = &scratch[1], *targ = &scratch[2];
	struct core_relo_res cres;
	char buf[256];
	int j = 0, err;

	for (int i = 0; i < cands->len; i++) {
		err = core_spec_match(local, cands->cands[i].btf, cands->cands[i].id, cand);
		core_format_spec(buf, sizeof(buf), cand);
		if (err < 0) {
			core_warn("prog '%s': relo #%d: error matching candidate #%d %s: %s\n",
				  prog_name, relo_idx, i, buf, hive_errstr(err));
			return err;
		}
		pr_debug("prog '%s': relo #%d: %s candidate #%d %s\n", prog_name, relo_idx,
			 err ? "matching" : "non-matching", i, buf);
		if (!err)
			continue;
		err = calc_relo(prog_name, relo, relo_idx, local, cand, &cres);
		err = err ?: merge_cand(prog_name, relo_idx, j, cand, &cres, targ, res);
		if (err)
			return err;
		cands->cands[j++] = cands->cands[i];
	}
	/* later relocations of this type only consider candidates that matched this one */
	if (j > 0) {
		cands->len = j;
		return 0;
	}
	pr_debug("prog '%s': relo #%d: no matching targets found\n", prog_name, relo_idx);
	return calc_relo(prog_name, relo, relo_idx, local, NULL, res);
}

int core_calc_relo_insn(const char *prog_name, const struct btf_ext_core_relo *relo, int relo_idx,
			const struct hive_btf *local_btf, struct core_cand_list *cands,
			struct core_spec scratch[3], struct core_relo_res *res)
{
	const struct btf_type *lt = btf_type_by_id(local_btf, relo->type_id);
	const char *lname, *spec_str;
	char buf[256];
	int err;

	if (!lt)
		return -EINVAL;
	lname = btf_name(local_btf, lt->name_off);
	err = core_parse_spec(prog_name, local_btf, relo, &scratch[0]);
	if (err) {
		spec_str = btf_str_by_offset(local_btf, relo->access_str_off);
		core_warn("prog '%s': relo #%d: parsing [%u] %s %s + %s failed: %s\n", prog_name,
			  relo_idx, relo->type_id, core_btf_kind_str(lt),
			  lname[0] ? lname : "<anon>", spec_str ? spec_str : "<?>",
			  hive_errstr(err));
		return err == -E2BIG ? err : -EINVAL;
	}
	core_format_spec(buf, sizeof(buf), &scratch[0]);
	pr_debug("prog '%s': relo #%d: %s\n", prog_name, relo_idx, buf);
	if (relo->kind == CORE_TYPE_ID_LOCAL) {
		memset(res, 0, sizeof(*res));
		res->orig_val = res->new_val = scratch[0].root_type_id;
		return 0;
	}
	if (!lname[0]) {
		core_warn(
			"prog '%s': relo #%d: <%s> (%u) relocation doesn't support anonymous types\n",
			prog_name, relo_idx, btf_ext_core_kind_str(relo->kind), relo->kind);
		return -EOPNOTSUPP;
	}
	return match_cands(prog_name, relo, relo_idx, cands, scratch, res);
}

/* ---- patching (C.11) ---- */

static void poison(const char *prog_name, int relo_idx, size_t insn_idx, struct hive_insn *insn)
{
	pr_debug("prog '%s': relo #%d: substituting insn #%zu w/ invalid insn\n", prog_name,
		 relo_idx, insn_idx);
	insn_poison(insn, CORE_POISON_IMM);
}

static int patch_alu(const char *prog_name, struct hive_insn *insn, size_t insn_idx, int relo_idx,
		     const struct core_relo_res *res)
{
	if (BPF_SRC(insn->code) != BPF_K)
		return -EINVAL;
	if (res->validate && (uint64_t)(int64_t)insn->imm != res->orig_val) {
		core_warn(
			"prog '%s': relo #%d: unexpected insn #%zu (ALU/ALU64) value: got %u, exp "
			"%llu -> %llu\n",
			prog_name, relo_idx, insn_idx, (uint32_t)insn->imm,
			(unsigned long long)res->orig_val, (unsigned long long)res->new_val);
		return -EINVAL;
	}
	pr_debug("prog '%s': relo #%d: patched insn #%zu (ALU/ALU64) imm %llu -> %llu\n", prog_name,
		 relo_idx, insn_idx, (unsigned long long)(uint32_t)insn->imm,
		 (unsigned long long)res->new_val);
	insn->imm = (int32_t)res->new_val;
	return 0;
}

static int patch_mem_size(const char *prog_name, struct hive_insn *insn, size_t insn_idx,
			  int relo_idx, const struct core_relo_res *res)
{
	int bytes = isa_size_bytes(BPF_SIZE(insn->code)), size;

	if (bytes != (int)res->orig_sz) {
		core_warn(
			"prog '%s': relo #%d: insn #%zu (LDX/ST/STX) unexpected mem size: got %d, "
			"exp %u\n",
			prog_name, relo_idx, insn_idx, bytes, res->orig_sz);
		return -EINVAL;
	}
	size = insn_bytes_to_bpf_size((int)res->new_sz);
	if (size < 0) {
		core_warn("prog '%s': relo #%d: insn #%zu (LDX/ST/STX) invalid new mem size: %u\n",
			  prog_name, relo_idx, insn_idx, res->new_sz);
		return -EINVAL;
	}
	insn->code = BPF_MODE(insn->code) | size | BPF_CLASS(insn->code);
	pr_debug("prog '%s': relo #%d: patched insn #%zu (LDX/ST/STX) mem_sz %u -> %u\n", prog_name,
		 relo_idx, insn_idx, res->orig_sz, res->new_sz);
	return 0;
}

/* 1 = poison instead (unsafe size change), 0 = patched, <0 = error */
static int patch_mem(const char *prog_name, struct hive_insn *insn, size_t insn_idx, int relo_idx,
		     const struct core_relo_res *res)
{
	if (res->validate && (uint64_t)(int64_t)insn->off != res->orig_val) {
		core_warn(
			"prog '%s': relo #%d: unexpected insn #%zu (LDX/ST/STX) value: got %u, exp "
			"%llu -> %llu\n",
			prog_name, relo_idx, insn_idx, (uint16_t)insn->off,
			(unsigned long long)res->orig_val, (unsigned long long)res->new_val);
		return -EINVAL;
	}
	if (res->new_val > SHRT_MAX) {
		core_warn("prog '%s': relo #%d: insn #%zu (LDX/ST/STX) value too big: %llu\n",
			  prog_name, relo_idx, insn_idx, (unsigned long long)res->new_val);
		return -ERANGE;
	}
	if (res->fail_memsz_adjust) {
		core_warn("prog '%s': relo #%d: insn #%zu (LDX/ST/STX) accesses field incorrectly. "
			  "Make sure you are accessing pointers, unsigned integers, or fields of "
			  "matching type and size.\n",
			  prog_name, relo_idx, insn_idx);
		return 1;
	}
	pr_debug("prog '%s': relo #%d: patched insn #%zu (LDX/ST/STX) off %llu -> %llu\n",
		 prog_name, relo_idx, insn_idx, (unsigned long long)(uint16_t)insn->off,
		 (unsigned long long)res->new_val);
	insn->off = (int16_t)res->new_val;
	if (res->new_sz != res->orig_sz)
		return patch_mem_size(prog_name, insn, insn_idx, relo_idx, res);
	return 0;
}

static int patch_ldimm64(const char *prog_name, struct hive_insn *insn, size_t insn_idx,
			 size_t left, int relo_idx, const struct core_relo_res *res)
{
	uint64_t imm;

	if (!insn_is_ldimm64(insn) || left < 2 || insn[0].src_reg || insn[0].off || insn[1].code ||
	    insn[1].dst_reg || insn[1].src_reg || insn[1].off) {
		core_warn("prog '%s': relo #%d: insn #%zu (LDIMM64) has unexpected form\n",
			  prog_name, relo_idx, insn_idx);
		return -EINVAL;
	}
	imm = (uint32_t)insn[0].imm | ((uint64_t)(uint32_t)insn[1].imm << 32);
	if (res->validate && imm != res->orig_val) {
		core_warn(
			"prog '%s': relo #%d: unexpected insn #%zu (LDIMM64) value: got %llu, exp "
			"%llu -> %llu\n",
			prog_name, relo_idx, insn_idx, (unsigned long long)imm,
			(unsigned long long)res->orig_val, (unsigned long long)res->new_val);
		return -EINVAL;
	}
	insn[0].imm = (int32_t)(uint32_t)res->new_val;
	insn[1].imm = (int32_t)(uint32_t)(res->new_val >> 32);
	pr_debug("prog '%s': relo #%d: patched insn #%zu (LDIMM64) imm64 %llu -> %llu\n", prog_name,
		 relo_idx, insn_idx, (unsigned long long)imm, (unsigned long long)res->new_val);
	return 0;
}

int core_patch_insn(const char *prog_name, struct hive_insn *insns, size_t cnt, size_t insn_idx,
		    const struct btf_ext_core_relo *relo, int relo_idx,
		    const struct core_relo_res *res)
{
	struct hive_insn *insn = &insns[insn_idx];
	int err;

	if (insn_idx >= cnt)
		return -EINVAL;
	if (!res->poison) {
		switch (BPF_CLASS(insn->code)) {
		case BPF_ALU:
		case BPF_ALU64:
			return patch_alu(prog_name, insn, insn_idx, relo_idx, res);
		case BPF_LDX:
		case BPF_ST:
		case BPF_STX:
			err = patch_mem(prog_name, insn, insn_idx, relo_idx, res);
			if (err <= 0)
				return err;
			break; /* poison */
		case BPF_LD:
			return patch_ldimm64(prog_name, insn, insn_idx, cnt - insn_idx, relo_idx,
					     res);
		default:
			core_warn("prog '%s': relo #%d: trying to relocate unrecognized insn #%zu, "
				  "code:0x%x, src:0x%x, dst:0x%x, off:0x%x, imm:0x%x\n",
				  prog_name, relo_idx, insn_idx, insn->code, insn->src_reg,
				  insn->dst_reg, (uint16_t)insn->off, (uint32_t)insn->imm);
			return -EINVAL;
		}
	}
	/* poison both halves of an ld_imm64 so the verifier never sees "unknown opcode 00" */
	if (insn_is_ldimm64(insn) && insn_idx + 1 < cnt)
		poison(prog_name, relo_idx, insn_idx + 1, insn + 1);
	poison(prog_name, relo_idx, insn_idx, insn);
	return 0;
}
