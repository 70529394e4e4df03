// SPDX-License-Identifier: BSD-2-Clause
/*
 * object/obj_core.c: the object side of CO-RE (spec C.1, C.3) and the target BTFs (spec B.9).
 *
 * Target BTF for CO-RE: the file given as btf_custom_path, else the running kernel's
 * (/sys/kernel/btf/vmlinux, then the vmlinux images libbpf looks for), else the backend's own
 * BTF (the user-space runtime describes its kfuncs and contexts there). Records are processed
 * in .BTF.ext order, section by section, each against the program that owns its instruction
 * (programs with autoload off are skipped, as are records of code owned by no program). The
 * candidate list of a local type is computed once per object and pruned as relocations succeed,
 * so the order matters exactly as in libbpf.
 */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "object/object_internal.h"
#include "relo/core.h"

/* The running kernel's BTF, parsed once per object; NULL if there is none. */
struct hive_btf *obj_vmlinux_btf(struct hive_object *obj)
{
	char path[PATH_MAX];

	if (obj->btf_vmlinux_tried || obj->hermetic)
		return obj->btf_vmlinux;
	obj->btf_vmlinux_tried = true;
	obj->btf_vmlinux = btf_find_vmlinux(path, sizeof(path));
	if (IS_ERR(obj->btf_vmlinux))
		return obj->btf_vmlinux = NULL;
	obj_debug(obj, "loaded kernel BTF from '%s'", path);
	return obj->btf_vmlinux;
}

/* BTF for CO-RE and typed ksym variables; NULL (and a message) if none can be had. */
const struct hive_btf *obj_target_btf(struct hive_object *obj, bool for_core)
{
	const struct hive_btf *btf;

	if (for_core && obj->btf_custom_path) {
		if (!obj->btf_custom) {
			char errbuf[256] = "";
			struct btf_parse_opts o = { .errbuf = errbuf, .errbuf_sz = sizeof(errbuf) };
			struct hive_btf *b = btf_parse_file(obj->btf_custom_path, &o);

			if (IS_ERR(b)) {
				obj_fail(obj, PTR_ERR(b), "failed to parse target BTF '%s': %s",
					 obj->btf_custom_path,
					 errbuf[0] ? errbuf : hive_errstr(PTR_ERR(b)));
				return NULL;
			}
			obj->btf_custom = b;
		}
		return obj->btf_custom;
	}
	btf = obj_vmlinux_btf(obj);
	if (!btf && obj->backend && obj->backend->target_btf)
		btf = obj->backend->target_btf(obj->backend_ctx);
	if (!btf)
		obj_fail(obj, -ESRCH,
			 "no target BTF: /sys/kernel/btf/vmlinux is not readable and no BTF was "
			 "given (--btf FILE)");
	return btf;
}

/* The kfunc table: the backend's BTF, or the kernel's when no backend is attached. */
const struct hive_btf *obj_kfunc_btf(struct hive_object *obj)
{
	if (obj->backend)
		return obj->backend->kfunc_btf ? obj->backend->kfunc_btf(obj->backend_ctx) : NULL;
	return obj_vmlinux_btf(obj);
}

/* A CO-RE warning without its "prog 'x': relo #n: " prefix, which the caller repeats. */
static const char *core_reason(const char *w)
{
	const char *p;

	if (!strncmp(w, "prog '", 6) && (p = strstr(w, "': ")))
		w = p + 3;
	if (!strncmp(w, "relo #", 6) && (p = strstr(w, ": ")))
		w = p + 2;
	return w;
}

struct core_ctx {
	struct hive_object *obj;
	const struct hive_btf *targ;
	struct hive_hashmap cache; /* local type id -> struct core_cand_list * */
	struct core_spec scratch[3];
};

static struct core_cand_list *get_cands(struct core_ctx *c, const struct hive_program *prog,
					const struct btf_ext_core_relo *rec, int idx)
{
	struct core_cand_list *cands;
	uintptr_t v;
	int err;

	if (hive_hashmap_find(&c->cache, rec->type_id, &v))
		return (struct core_cand_list *)v;
	cands = calloc(1, sizeof(*cands));
	if (!cands)
		return ERR_PTR(-ENOMEM);
	err = core_add_cands(c->obj->btf, rec->type_id, c->targ,
			     c->obj->btf_custom ? "custom" : "vmlinux", 1, cands);
	err = err ?: hive_hashmap_add(&c->cache, rec->type_id, (uintptr_t)cands);
	if (err) {
		core_free_cands(cands);
		obj_fail(c->obj, err, "prog '%s': relo #%d: target candidate search failed: %s",
			 prog->name, idx, hive_errstr(err));
		return ERR_PTR(err);
	}
	return cands;
}

/* Remember a poisoned instruction with the local spec, for dumps and the verifier log. */
static int note_poison(struct core_ctx *c, struct hive_program *prog, size_t insn_idx,
		       const struct btf_ext_core_relo *rec)
{
	struct obj_insn_ref ref = { .insn_idx = insn_idx, .kind = HIVE_REF_CORE_POISON };
	struct core_spec *spec = &c->scratch[0];
	char buf[256], text[320];

	if (core_parse_spec(prog->name, c->obj->btf, rec, spec))
		snprintf(buf, sizeof(buf), "<%s> [%u]", btf_ext_core_kind_str(rec->kind),
			 rec->type_id);
	else
		core_format_spec(buf, sizeof(buf), spec);
	snprintf(text, sizeof(text), "failed to resolve CO-RE relocation %s", buf);
	ref.text = strdup(text);
	if (!ref.text)
		return -ENOMEM;
	return obj_prog_add_ref(prog, &ref);
}

static int relocate_one(struct core_ctx *c, uint32_t sec_idx, const char *sec_name, int i,
			const struct btf_ext_core_relo *rec)
{
	struct hive_object *obj = c->obj;
	struct hive_program *prog;
	struct core_cand_list *cands = NULL;
	struct core_relo_res res;
	size_t insn_idx;
	int err;

	if (rec->insn_off % BPF_INSN_SZ)
		return obj_fail(obj, -EINVAL,
				"sec '%s': CO-RE relocation #%d: insn offset %u is "
				"not a multiple of 8",
				sec_name, i, rec->insn_off);
	insn_idx = rec->insn_off / BPF_INSN_SZ;
	prog = obj_find_prog_by_sec_insn(obj, sec_idx, insn_idx);
	if (!prog) {
		obj_debug(obj,
			  "sec '%s': skipping CO-RE relocation #%d for insn #%zu belonging to "
			  "eliminated weak subprogram",
			  sec_name, i, insn_idx);
		return 0;
	}
	if (!prog->autoload)
		return 0;
	insn_idx -= prog->sec_insn_off;
	if (rec->kind > BTF_EXT_CORE_KIND_MAX)
		return obj_fail(obj, -EINVAL,
				"prog '%s': relo #%d: unrecognized CO-RE relocation "
				"%s (%u) at insn #%zu",
				prog->name, i, btf_ext_core_kind_str(rec->kind), rec->kind,
				insn_idx);
	if (rec->kind != CORE_TYPE_ID_LOCAL) {
		cands = get_cands(c, prog, rec, i);
		if (IS_ERR(cands))
			return PTR_ERR(cands);
	}
	core_clear_warning();
	err = core_calc_relo_insn(prog->name, rec, i, obj->btf, cands, c->scratch, &res);
	if (err)
		return obj_fail(obj, err, "prog '%s': relo #%d: failed to relocate: %s%s%s",
				prog->name, i, hive_errstr(err), core_last_warning()[0] ? ": " : "",
				core_reason(core_last_warning()));
	core_clear_warning();
	err = core_patch_insn(prog->name, prog->insns, prog->insns_cnt, insn_idx, rec, i, &res);
	if (err)
		return obj_fail(obj, err, "prog '%s': relo #%d: failed to patch insn #%zu: %s%s%s",
				prog->name, i, insn_idx, hive_errstr(err),
				core_last_warning()[0] ? ": " : "",
				core_reason(core_last_warning()));
	if (prog->insns[insn_idx].code == (BPF_JMP | BPF_CALL) &&
	    prog->insns[insn_idx].imm == CORE_POISON_IMM && prog->insns[insn_idx].src_reg == 0)
		return note_poison(c, prog, insn_idx, rec);
	return 0;
}

static void free_cache(struct hive_hashmap *cache)
{
	struct hive_hashmap_entry *e;
	size_t bkt;

	hive_hashmap_for_each_entry(cache, e, bkt)
		core_free_cands((struct core_cand_list *)e->value);
	hive_hashmap_clear(cache);
}

static bool has_core_relos(const struct hive_object *obj)
{
	const struct btf_ext_info *info;

	if (!obj->btf_ext)
		return false;
	info = btf_ext_info(obj->btf_ext, BTF_EXT_CORE_RELO);
	return info && info->nr_secs > 0;
}

int obj_relocate_core(struct hive_object *obj)
{
	const struct btf_ext_info *info;
	struct core_ctx *c;
	int err = 0;

	if (!has_core_relos(obj))
		return 0;
	info = btf_ext_info(obj->btf_ext, BTF_EXT_CORE_RELO);
	c = calloc(1, sizeof(*c));
	if (!c)
		return -ENOMEM;
	c->obj = obj;
	c->targ = obj_target_btf(obj, true);
	if (!c->targ) {
		free(c);
		return -ESRCH;
	}
	hive_hashmap_init(&c->cache, hive_hash_int, hive_equal_int, NULL);
	for (uint32_t s = 0; s < info->nr_secs && !err; s++) {
		const struct btf_ext_sec *sec = &info->secs[s];
		const char *name = btf_name(obj->btf, sec->sec_name_off);
		const struct hive_elf_sec *esec = elf_sec_by_name(obj->elf, name);

		if (!esec) {
			err = obj_fail(obj, -EINVAL,
				       "CO-RE relocations for section '%s', which the "
				       "object does not have",
				       name);
			break;
		}
		obj_debug(obj, "sec '%s': found %u CO-RE relocations", name, sec->nr_recs);
		for (uint32_t i = 0; i < sec->nr_recs && !err; i++)
			err = relocate_one(c, esec->idx, name, (int)i, btf_ext_rec(info, sec, i));
	}
	free_cache(&c->cache);
	free(c);
	if (err)
		obj_debug(obj, "failed to perform CO-RE relocations: %s", hive_errstr(err));
	return err;
}
