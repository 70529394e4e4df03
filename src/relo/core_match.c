// SPDX-License-Identifier: BSD-2-Clause
/*
 * relo/core_match.c: finding and judging CO-RE target candidates (spec C.3-C.8).
 *
 * Three strengths of "same type", from loosest to strictest:
 *   fields_are_compat (C.5): the type of a field on the path; structs match any struct/union,
 *     scalars must be the same kind, enums/fwds must share their essential name.
 *   types_are_compat (C.6): TYPE_EXISTS/SIZE/ID_TARGET and typed ksyms/kfunc prototypes;
 *     follows pointers, arrays and prototypes, never looks inside structs.
 *   types_match (C.7): TYPE_MATCHES; names must match at every level, struct members by name
 *     (order ignored), integer size and signedness, enum sizes and enumerator names.
 * All recursion is bounded (32 levels, as libbpf), so hostile BTF with deep chains ends in
 * -EINVAL rather than a stack overflow.
 */
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "common/log.h"
#include "common/mem.h"
#include "relo/core.h"
#include "relo/core_internal.h"

#define CORE_MAX_DEPTH 32

static bool kind_core_compat(const struct btf_type *a, const struct btf_type *b)
{
	return btf_kind(a) == btf_kind(b) || (btf_is_any_enum(a) && btf_is_any_enum(b));
}

static const struct btf_type *skip(const struct hive_btf *btf, uint32_t id, uint32_t *res)
{
	return btf_skip_mods_and_typedefs(btf, id, res);
}

static bool essential_names_equal(const char *a, const char *b)
{
	size_t la = core_essential_name_len(a), lb = core_essential_name_len(b);

	return la == lb && !strncmp(a, b, la);
}

int core_fields_are_compat(const struct hive_btf *local_btf, uint32_t local_id,
			   const struct hive_btf *targ_btf, uint32_t targ_id)
{
	for (int depth = 0; depth < CORE_MAX_DEPTH; depth++) {
		const struct btf_type *lt = skip(local_btf, local_id, &local_id);
		const struct btf_type *tt = skip(targ_btf, targ_id, &targ_id);
		const char *ln, *tn;

		if (!lt || !tt)
			return -EINVAL;
		if (btf_is_composite(lt) && btf_is_composite(tt))
			return 1;
		if (!kind_core_compat(lt, tt))
			return 0;
		switch (btf_kind(lt)) {
		case BTF_KIND_PTR:
		case BTF_KIND_FLOAT:
			return 1;
		case BTF_KIND_FWD:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
			ln = btf_name(local_btf, lt->name_off);
			tn = btf_name(targ_btf, tt->name_off);
			return !core_essential_name_len(ln) || !core_essential_name_len(tn) ||
			       essential_names_equal(ln, tn);
		case BTF_KIND_INT:
			return btf_int_offset(lt) == 0 && btf_int_offset(tt) == 0;
		case BTF_KIND_ARRAY:
			local_id = btf_array(lt)->type;
			targ_id = btf_array(tt)->type;
			continue;
		default:
			return 0;
		}
	}
	return -EINVAL;
}

static int types_are_compat(const struct hive_btf *local_btf, uint32_t local_id,
			    const struct hive_btf *targ_btf, uint32_t targ_id, int level)
{
	const struct btf_type *lt = btf_type_by_id(local_btf, local_id);
	const struct btf_type *tt = btf_type_by_id(targ_btf, targ_id);

	if (!lt || !tt)
		return -EINVAL;
	if (!kind_core_compat(lt, tt))
		return 0;
	for (int depth = 0; depth < CORE_MAX_DEPTH; depth++) {
		lt = skip(local_btf, local_id, &local_id);
		tt = skip(targ_btf, targ_id, &targ_id);
		if (!lt || !tt)
			return -EINVAL;
		if (!kind_core_compat(lt, tt))
			return 0;
		switch (btf_kind(lt)) {
		case BTF_KIND_UNKN:
		case BTF_KIND_STRUCT:
		case BTF_KIND_UNION:
		case BTF_KIND_ENUM:
		case BTF_KIND_ENUM64:
		case BTF_KIND_FWD:
			return 1;
		case BTF_KIND_INT:
			return btf_int_offset(lt) == 0 && btf_int_offset(tt) == 0;
		case BTF_KIND_PTR:
			local_id = lt->type;
			targ_id = tt->type;
			continue;
		case BTF_KIND_ARRAY:
			local_id = btf_array(lt)->type;
			targ_id = btf_array(tt)->type;
			continue;
		case BTF_KIND_FUNC_PROTO: {
			const struct btf_param *lp = btf_params(lt), *tp = btf_params(tt);

			if (btf_vlen(lt) != btf_vlen(tt))
				return 0;
			for (uint32_t i = 0; i < btf_vlen(lt); i++) {
				uint32_t lid = 0, tid = 0;
				int err;

				if (level <= 0)
					return -EINVAL;
				skip(local_btf, lp[i].type, &lid);
				skip(targ_btf, tp[i].type, &tid);
				err = types_are_compat(local_btf, lid, targ_btf, tid, level - 1);
				if (err <= 0)
					return err;
			}
			skip(local_btf, lt->type, &local_id);
			skip(targ_btf, tt->type, &targ_id);
			continue;
		}
		default:
			core_warn("unexpected kind %s relocated, local [%u], target [%u]\n",
				  core_btf_kind_str(lt), local_id, targ_id);
			return 0;
		}
	}
	return -EINVAL;
}

int core_types_are_compat(const struct hive_btf *local_btf, uint32_t local_id,
			  const struct hive_btf *targ_btf, uint32_t targ_id)
{
	return types_are_compat(local_btf, local_id, targ_btf, targ_id, CORE_MAX_DEPTH);
}

/* ---- TYPE_MATCHES (C.7) ---- */

static bool names_match(const struct hive_btf *lb, uint32_t loff, const struct hive_btf *tb,
			uint32_t toff)
{
	const char *ln = btf_name(lb, loff), *tn = btf_name(tb, toff);

	if (!tn[0])
		return !ln[0];
	return essential_names_equal(ln, tn);
}

static uint32_t enum_name_off(const struct btf_type *t, uint32_t i)
{
	return btf_is_enum(t) ? btf_enum(t)[i].name_off : btf_enum64(t)[i].name_off;
}

static int enums_match(const struct hive_btf *lb, const struct btf_type *lt,
		       const struct hive_btf *tb, const struct btf_type *tt)
{
	if (lt->size != tt->size || btf_vlen(lt) > btf_vlen(tt))
		return 0;
	for (uint32_t i = 0; i < btf_vlen(lt); i++) {
		bool matched = false;

		for (uint32_t j = 0; j < btf_vlen(tt) && !matched; j++)
			matched = names_match(lb, enum_name_off(lt, i), tb, enum_name_off(tt, j));
		if (!matched)
			return 0;
	}
	return 1;
}

static int types_match(const struct hive_btf *lb, uint32_t lid, const struct hive_btf *tb,
		       uint32_t tid, bool behind_ptr, int level);

static int composites_match(const struct hive_btf *lb, const struct btf_type *lt,
			    const struct hive_btf *tb, const struct btf_type *tt, bool behind_ptr,
			    int level)
{
	const struct btf_member *lm = btf_members(lt);

	if (btf_vlen(lt) > btf_vlen(tt))
		return 0;
	for (uint32_t i = 0; i < btf_vlen(lt); i++, lm++) {
		const struct btf_member *tm = btf_members(tt);
		bool matched = false;

		for (uint32_t j = 0; j < btf_vlen(tt) && !matched; j++, tm++) {
			int err;

			if (!names_match(lb, lm->name_off, tb, tm->name_off))
				continue;
			err = types_match(lb, lm->type, tb, tm->type, behind_ptr, level - 1);
			if (err < 0)
				return err;
			matched = err > 0;
		}
		if (!matched)
			return 0;
	}
	return 1;
}

/* One level of types_match(); 2 = continue with the new ids in lid and tid (pointee, ...). */
static int match_step(const struct hive_btf *lb, uint32_t *lid, const struct hive_btf *tb,
		      uint32_t *tid, bool *behind_ptr, int level)
{
	const struct btf_type *lt = skip(lb, *lid, lid), *tt = skip(tb, *tid, tid);
	int lk, tk;

	if (!lt || !tt)
		return -EINVAL;
	if (!names_match(lb, lt->name_off, tb, tt->name_off))
		return 0;
	lk = btf_kind(lt);
	tk = btf_kind(tt);
	switch (lk) {
	case BTF_KIND_UNKN:
		return lk == tk;
	case BTF_KIND_FWD:
		if (*behind_ptr && lk != tk)
			return (tk == BTF_KIND_STRUCT && !btf_kflag(lt)) ||
			       (tk == BTF_KIND_UNION && btf_kflag(lt));
		return lk == tk && btf_kflag(lt) == btf_kflag(tt);
	case BTF_KIND_ENUM:
	case BTF_KIND_ENUM64:
		return btf_is_any_enum(tt) ? enums_match(lb, lt, tb, tt) : 0;
	case BTF_KIND_STRUCT:
	case BTF_KIND_UNION:
		if (*behind_ptr) {
			if (lk == tk)
				return 1;
			return tk == BTF_KIND_FWD && (lk == BTF_KIND_UNION) == btf_kflag(tt);
		}
		return lk == tk ? composites_match(lb, lt, tb, tt, *behind_ptr, level) : 0;
	case BTF_KIND_INT:
		return lk == tk && lt->size == tt->size &&
		       (btf_int_encoding(lt) & BTF_INT_SIGNED) ==
			       (btf_int_encoding(tt) & BTF_INT_SIGNED);
	case BTF_KIND_PTR:
		if (lk != tk)
			return 0;
		*behind_ptr = true;
		*lid = lt->type;
		*tid = tt->type;
		return 2;
	case BTF_KIND_ARRAY:
		if (lk != tk || btf_array(lt)->nelems != btf_array(tt)->nelems)
			return 0;
		*lid = btf_array(lt)->type;
		*tid = btf_array(tt)->type;
		return 2;
	case BTF_KIND_FUNC_PROTO: {
		const struct btf_param *lp = btf_params(lt), *tp = btf_params(tt);

		if (lk != tk || btf_vlen(lt) != btf_vlen(tt))
			return 0;
		for (uint32_t i = 0; i < btf_vlen(lt); i++) {
			int err =
				types_match(lb, lp[i].type, tb, tp[i].type, *behind_ptr, level - 1);

			if (err <= 0)
				return err;
		}
		*lid = lt->type;
		*tid = tt->type;
		return 2;
	}
	default:
		core_warn("unexpected kind %s relocated, local [%u], target [%u]\n",
			  core_btf_kind_str(lt), *lid, *tid);
		return 0;
	}
}

static int types_match(const struct hive_btf *lb, uint32_t lid, const struct hive_btf *tb,
		       uint32_t tid, bool behind_ptr, int level)
{
	if (level <= 0)
		return -EINVAL;
	for (int depth = 0; depth < CORE_MAX_DEPTH; depth++) {
		int r = match_step(lb, &lid, tb, &tid, &behind_ptr, level);

		if (r != 2)
			return r;
	}
	return -EINVAL;
}

int core_types_match(const struct hive_btf *local_btf, uint32_t local_id,
		     const struct hive_btf *targ_btf, uint32_t targ_id)
{
	return types_match(local_btf, local_id, targ_btf, targ_id, false, CORE_MAX_DEPTH);
}

/* ---- field and enum specs against one candidate (C.4, C.8) ---- */

static bool is_flex_arr(const struct hive_btf *btf, const struct core_accessor *acc,
			const struct btf_array *arr)
{
	const struct btf_type *t;

	if (!acc->name || arr->nelems > 0)
		return false;
	t = btf_type_by_id(btf, acc->type_id);
	return t && acc->idx + 1 == btf_vlen(t);
}

/*
 * Find local accessor @lacc's member by name in target composite @targ_id, descending into
 * anonymous members (first hit wins); pushes the raw steps and the named accessor onto @spec.
 */
static int match_member(const struct hive_btf *lb, const struct core_accessor *lacc,
			const struct hive_btf *tb, uint32_t targ_id, struct core_spec *spec,
			uint32_t *next_targ_id)
{
	const struct btf_type *lt = btf_type_by_id(lb, lacc->type_id);
	const struct btf_member *lm = btf_members(lt) + lacc->idx;
	const char *lname = btf_name(lb, lm->name_off);
	const struct btf_type *tt = skip(tb, targ_id, &targ_id);
	const struct btf_member *m;

	if (!tt)
		return -EINVAL;
	if (!btf_is_composite(tt))
		return 0;
	m = btf_members(tt);
	for (uint32_t i = 0; i < btf_vlen(tt); i++, m++) {
		uint32_t bit_off = btf_member_bit_offset(tt, i);
		const char *tname = btf_name(tb, m->name_off);
		int found;

		if (spec->raw_len == CORE_SPEC_MAX_LEN)
			return -E2BIG;
		spec->bit_offset += bit_off;
		spec->raw_spec[spec->raw_len++] = i;
		if (!tname[0]) {
			found = match_member(lb, lacc, tb, m->type, spec, next_targ_id);
			if (found)
				return found;
		} else if (!strcmp(lname, tname)) {
			struct core_accessor *tacc = &spec->spec[spec->len++];

			tacc->type_id = targ_id;
			tacc->idx = i;
			tacc->name = tname;
			*next_targ_id = m->type;
			found = core_fields_are_compat(lb, lm->type, tb, m->type);
			if (!found)
				spec->len--;
			return found;
		}
		spec->bit_offset -= bit_off;
		spec->raw_len--;
	}
	return 0;
}

static int match_enumval(const struct core_spec *local, const struct hive_btf *tb, uint32_t targ_id,
			 struct core_spec *targ)
{
	const struct core_accessor *lacc = &local->spec[0];
	const struct btf_type *tt = skip(tb, targ_id, &targ_id);

	if (!tt || !btf_is_any_enum(tt))
		return 0;
	for (uint32_t i = 0; i < btf_vlen(tt); i++) {
		const char *tname = btf_name(tb, enum_name_off(tt, i));

		if (!essential_names_equal(lacc->name, tname))
			continue;
		targ->spec[0] = (struct core_accessor){ targ_id, i, tname };
		targ->len = 1;
		targ->raw_spec[0] = i;
		targ->raw_len = 1;
		return 1;
	}
	return 0;
}

/* An unnamed (array index) accessor; for i > 0 the target must be an array here. */
static int match_index(const struct core_accessor *lacc, int i, const struct hive_btf *tb,
		       const struct btf_type *tt, uint32_t *targ_id, struct core_spec *targ)
{
	struct core_accessor *tacc = &targ->spec[targ->len];
	int64_t sz, bits;

	if (i > 0) {
		const struct btf_array *a;

		if (!btf_is_array(tt))
			return 0;
		a = btf_array(tt);
		if (!is_flex_arr(tb, tacc - 1, a) && lacc->idx >= a->nelems)
			return 0;
		if (!skip(tb, a->type, targ_id))
			return -EINVAL;
	}
	if (targ->raw_len == CORE_SPEC_MAX_LEN)
		return -E2BIG;
	*tacc = (struct core_accessor){ *targ_id, lacc->idx, NULL };
	targ->len++;
	targ->raw_spec[targ->raw_len++] = lacc->idx;
	sz = btf_resolve_size(tb, *targ_id);
	if (sz < 0)
		return (int)sz;
	if (hive_mul_overflow((int64_t)lacc->idx, sz * 8, &bits) ||
	    bits + targ->bit_offset > UINT32_MAX)
		return -E2BIG;
	targ->bit_offset += (uint32_t)bits;
	return 1;
}

int core_spec_match(const struct core_spec *local, const struct hive_btf *targ_btf,
		    uint32_t targ_id, struct core_spec *targ)
{
	memset(targ, 0, sizeof(*targ));
	targ->btf = targ_btf;
	targ->root_type_id = targ_id;
	targ->relo_kind = local->relo_kind;
	if (core_kind_is_type_based(local->relo_kind)) {
		if (local->relo_kind == CORE_TYPE_MATCHES)
			return core_types_match(local->btf, local->root_type_id, targ_btf, targ_id);
		return core_types_are_compat(local->btf, local->root_type_id, targ_btf, targ_id);
	}
	if (core_kind_is_enumval_based(local->relo_kind))
		return match_enumval(local, targ_btf, targ_id, targ);
	if (!core_kind_is_field_based(local->relo_kind))
		return -EINVAL;
	for (int i = 0; i < local->len; i++) {
		const struct core_accessor *lacc = &local->spec[i];
		const struct btf_type *tt = skip(targ_btf, targ_id, &targ_id);
		int r;

		if (!tt)
			return -EINVAL;
		if (lacc->name)
			r = match_member(local->btf, lacc, targ_btf, targ_id, targ, &targ_id);
		else
			r = match_index(lacc, i, targ_btf, tt, &targ_id, targ);
		if (r <= 0)
			return r;
	}
	return 1;
}

/* ---- candidates (C.3) ---- */

int core_add_cands(const struct hive_btf *local_btf, uint32_t local_id,
		   const struct hive_btf *targ_btf, const char *targ_name, uint32_t start_id,
		   struct core_cand_list *cands)
{
	const struct btf_type *lt = btf_type_by_id(local_btf, local_id);
	const char *lname;
	size_t cap = cands->len;

	if (!lt)
		return -EINVAL;
	lname = btf_name(local_btf, lt->name_off);
	for (uint32_t i = start_id; i < btf_type_cnt(targ_btf); i++) {
		const struct btf_type *t = btf_type_by_id(targ_btf, i);
		const char *tname = btf_name(targ_btf, t->name_off);

		if (!kind_core_compat(t, lt) || !tname[0] || !essential_names_equal(lname, tname))
			continue;
		pr_debug("CO-RE relocating [%u] %s %s: found target candidate [%u] %s %s in [%s]\n",
			 local_id, core_btf_kind_str(lt), lname, i, core_btf_kind_str(t), tname,
			 targ_name);
		if (hive_ensure_mem((void **)&cands->cands, &cap, sizeof(*cands->cands),
				    cands->len + 1))
			return -ENOMEM;
		cands->cands[cands->len++] = (struct core_cand){ targ_btf, i };
	}
	return 0;
}

void core_free_cands(struct core_cand_list *cands)
{
	if (!cands)
		return;
	free(cands->cands);
	free(cands);
}
