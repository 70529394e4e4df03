// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/api.c: hive_program__verify(), the verifier behind the public API. It describes a
 * prepared program of the object model to hive_verify() the way libbpf + BPF_PROG_LOAD
 * describe it to the kernel: the final instructions, every map of the object (map references
 * carry the map's index), the object's BTF with the program's func_info and line_info, the
 * kernel's BTF for kfuncs, attach targets and kernel types.
 *
 * What libbpf does to maps before loading programs and the verifier can see is reproduced:
 * .rodata and .kconfig maps are frozen read-only arrays whose initial image the verifier may
 * read constants from; maps with BTF get the special-field record BPF_MAP_CREATE computes.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bpfhive/map.h"
#include "bpfhive/object.h"
#include "bpfhive/prog.h"
#include "bpfhive/verify.h"
#include "btf/btf.h"
#include "btf/btf_fields.h"
#include "btf/btf_record.h"
#include "btf/btf_types.h"
#include "common/err.h"
#include "common/uapi.h"
#include "object/backend.h"
#include "verifier/verifier.h"

#define VMLINUX_PATH "/sys/kernel/btf/vmlinux"

/* The running kernel's BTF, parsed once per process; NULL if unreadable. */
static const struct hive_btf *vmlinux_btf(void)
{
	static struct hive_btf *btf;
	static bool tried;

	if (!tried) {
		tried = true;
		btf = btf_parse_file(VMLINUX_PATH, NULL);
		if (IS_ERR(btf))
			btf = NULL;
	}
	return btf;
}

/* kallsyms_lookup_name() of the running kernel, through /proc/kallsyms (read once). */
static int cmp_cstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool kallsyms_has(void *ctx, const char *name)
{
	static char **syms;
	static size_t nr;
	static bool loaded;
	const char *key = name;

	(void)ctx;
	if (!loaded) {
		FILE *f = fopen("/proc/kallsyms", "r");
		size_t cap = 0;
		char line[512], sym[256];

		loaded = true;
		while (f && fgets(line, sizeof(line), f)) {
			char **n;

			if (sscanf(line, "%*s %*s %255s", sym) != 1)
				continue;
			if (nr == cap) {
				cap = cap ? 2 * cap : 1 << 16;
				n = realloc(syms, cap * sizeof(*syms));
				if (!n)
					break;
				syms = n;
			}
			syms[nr] = strdup(sym);
			if (syms[nr])
				nr++;
		}
		if (f)
			fclose(f);
		if (syms)
			qsort(syms, nr, sizeof(*syms), cmp_cstr);
	}
	if (!nr)
		return true; /* unknown: do not reject */
	return bsearch(&key, syms, nr, sizeof(*syms), cmp_cstr) != NULL;
}

/* The kernel's license_is_gpl_compatible(). */
static bool license_gpl_compatible(const char *license)
{
	static const char *const ok[] = {
		"GPL",		"GPL v2",	"GPL and additional rights",
		"Dual BSD/GPL", "Dual MIT/GPL", "Dual MPL/GPL"
	};

	for (size_t i = 0; i < sizeof(ok) / sizeof(ok[0]); i++)
		if (license && !strcmp(license, ok[i]))
			return true;
	return false;
}

/*
 * libbpf's attach target for a program whose section names one (fentry/NAME, lsm/NAME,
 * iter/NAME, tp_btf/NAME), when the object model left it unresolved: the FUNC NAME,
 * bpf_lsm_NAME or bpf_iter_NAME, or the TYPEDEF btf_trace_NAME of vmlinux.
 */
static uint32_t attach_target_id(const struct hive_btf *vmlinux, const char *sec,
				 uint32_t attach_type)
{
	const char *slash = sec ? strchr(sec, '/') : NULL;
	const char *pfx = "";
	int kind = BTF_KIND_FUNC, id;
	char name[160];

	if (!slash || !slash[1])
		return 0;
	switch (attach_type) {
	case BPF_TRACE_RAW_TP:
		pfx = "btf_trace_";
		kind = BTF_KIND_TYPEDEF;
		break;
	case BPF_LSM_MAC:
	case BPF_LSM_CGROUP:
		pfx = "bpf_lsm_";
		break;
	case BPF_TRACE_ITER:
		pfx = "bpf_iter_";
		break;
	default:
		break;
	}
	snprintf(name, sizeof(name), "%s%s", pfx, slash + 1);
	id = btf_find_by_name_kind(vmlinux, name, kind);
	return id > 0 ? (uint32_t)id : 0;
}

struct verify_maps {
	struct hive_verifier_map *maps;
	struct hive_verifier_map *inner; /* one inner template per outer map */
	struct hive_record **records; /* owned records, 2 per map (outer, inner) */
	uint32_t nr;
};

static void describe_map(const struct hive_map *m, const struct hive_btf *btf,
			 const struct btf_struct_metas *metas, struct hive_verifier_map *out,
			 struct hive_record **rec_out)
{
	size_t size = 0;

	memset(out, 0, sizeof(*out));
	out->name = hive_map__name(m);
	out->type = hive_map__type(m);
	out->key_size = hive_map__key_size(m);
	out->value_size = hive_map__value_size(m);
	out->max_entries = hive_map__max_entries(m);
	out->flags = hive_map__map_flags(m);
	out->map_extra = hive_map__map_extra(m);
	out->btf_key_type_id = hive_map__btf_key_type_id(m);
	out->btf_value_type_id = hive_map__btf_value_type_id(m);
	out->btf = out->btf_value_type_id ? btf : NULL;
	/* libbpf freezes .rodata and .kconfig after writing their image */
	out->frozen = hive_map__kind(m) == HIVE_MAP_RODATA || hive_map__kind(m) == HIVE_MAP_KCONFIG;
	out->data = hive_map__initial_value((struct hive_map *)m, &size);
	if (out->data && size < out->value_size)
		out->data = NULL;
	out->user = (void *)m;
	if (out->btf && rec_out) {
		struct btf_map_def def = {
			.map_type = out->type,
			.map_flags = out->flags,
			.key_size = out->key_size,
			.value_size = out->value_size,
			.max_entries = out->max_entries,
			.key_type_id = out->btf_key_type_id,
			.value_type_id = out->btf_value_type_id,
		};
		struct btf_fields_ctx fctx = { .kernel_btf = vmlinux_btf() };
		char errbuf[256];
		struct hive_record *rec = NULL;

		fctx.errbuf = errbuf;
		fctx.errbuf_sz = sizeof(errbuf);
		if (!btf_map_check_btf(btf, metas, &def, &fctx, &rec, NULL))
			*rec_out = rec;
		out->record = *rec_out;
	}
}

static int describe_maps(const struct hive_object *obj, const struct hive_btf *btf,
			 const struct btf_struct_metas *metas, struct verify_maps *vm)
{
	uint32_t n = 0;

	while (object_map_by_idx(obj, (int)n))
		n++;
	vm->nr = n;
	vm->maps = calloc(n ? n : 1, sizeof(*vm->maps));
	vm->inner = calloc(n ? n : 1, sizeof(*vm->inner));
	vm->records = calloc(n ? 2 * n : 1, sizeof(*vm->records));
	if (!vm->maps || !vm->inner || !vm->records)
		return -ENOMEM;
	for (uint32_t i = 0; i < n; i++) {
		const struct hive_map *m = object_map_by_idx(obj, (int)i);
		const struct hive_map *inner = hive_map__inner_map(m);

		if (!hive_map__autocreate(m))
			continue; /* a hole: references to it were poisoned by prepare */
		describe_map(m, btf, metas, &vm->maps[i], &vm->records[2 * i]);
		if (inner) {
			describe_map(inner, btf, metas, &vm->inner[i], &vm->records[2 * i + 1]);
			/* the kernel's inner map template (bpf_map_meta_alloc) has no name */
			vm->inner[i].name = NULL;
			vm->maps[i].inner_map = &vm->inner[i];
		}
	}
	return 0;
}

static void free_maps(struct verify_maps *vm)
{
	for (uint32_t i = 0; vm->records && i < 2 * vm->nr; i++)
		btf_record_free(vm->records[i]);
	free(vm->records);
	free(vm->maps);
	free(vm->inner);
}

/* ---- libbpf's fixup_verifier_log() ---- */

static char *prev_line(char *buf, char *cur)
{
	char *p;

	if (cur == buf)
		return NULL;
	p = cur - 1;
	while (p - 1 >= buf && *(p - 1) != '\n')
		p--;
	return p;
}

/* Replace [from, to) of *log with @patch (reallocating). */
static void patch_log(char **log, char *from, char *to, const char *patch)
{
	size_t head = (size_t)(from - *log), tail = strlen(to), plen = strlen(patch);
	char *n = malloc(head + plen + tail + 1);

	if (!n)
		return;
	memcpy(n, *log, head);
	memcpy(n + head, patch, plen);
	memcpy(n + head + plen, to, tail + 1);
	free(*log);
	*log = n;
}

/*
 * libbpf rewrites the kernel's log when the verifier tripped over one of its poisoned
 * instructions (a CO-RE relocation that failed, a map that was not created, a weak kfunc that
 * was not found): "N: (85) call unknown#195896080" + "invalid func unknown#195896080" become
 * "N: <invalid CO-RE relocation>" + "failed to resolve CO-RE relocation <spec>". A developer
 * reads that text, so we print the same.
 */
static void fixup_verifier_log(struct hive_program *prog, char **log)
{
	char *next = *log + strlen(*log), *cur, *prev;
	struct hive_insn_ref_info ref;
	char patch[640];
	int insn_idx, imm;

	for (int i = 0; i < 10; i++, next = cur) {
		cur = prev_line(*log, next);
		if (!cur)
			return;
		if (strncmp(cur, "invalid func unknown#", 21))
			continue;
		prev = prev_line(*log, cur);
		if (!prev || sscanf(prev, "%d: (%*d) call unknown#%d\n", &insn_idx, &imm) != 2 ||
		    object_prog_ref_at(prog, (uint32_t)insn_idx, &ref))
			return;
		if (ref.kind == HIVE_REF_CORE_POISON && imm == 195896080 && ref.text)
			snprintf(patch, sizeof(patch), "%d: <invalid CO-RE relocation>\n%s\n",
				 insn_idx, ref.text);
		else if (ref.kind == HIVE_REF_MAP_POISON && ref.map)
			snprintf(patch, sizeof(patch),
				 "%d: <invalid BPF map reference>\n"
				 "BPF map '%s' is referenced but wasn't created\n",
				 insn_idx, hive_map__name(ref.map));
		else if (ref.kind == HIVE_REF_KFUNC_POISON && ref.text)
			snprintf(patch, sizeof(patch), "%d: <invalid kfunc call>\n%s\n", insn_idx,
				 ref.text);
		else
			return;
		patch_log(log, prev, next, patch);
		return;
	}
}

HIVE_API int hive_program__verify(struct hive_program *prog, const struct hive_verify_opts *opts,
				  char **log, struct hive_verify_stats *stats)
{
	struct hive_object *obj = prog ? hive_program__object(prog) : NULL;
	struct hive_verifier_input in = { 0 };
	struct hive_verifier_output out;
	struct btf_struct_metas *metas = NULL;
	struct verify_maps vm = { 0 };
	uint32_t rec_size = 0;
	char **hint = NULL;
	int err;

	if (log)
		*log = NULL;
	if (!obj)
		return errno = EINVAL, -EINVAL;
	if (opts && opts->sz < offsetof(struct hive_verify_opts, log_size) + sizeof(uint32_t))
		return errno = EINVAL, -EINVAL;
	if (opts && opts->sz >= offsetof(struct hive_verify_opts, hint) + sizeof(char **))
		hint = opts->hint;
	if (hint)
		*hint = NULL;
	if (!hive_object__prepared(obj)) {
		err = hive_object__prepare(obj);
		if (err)
			return err;
	}
	in.btf = object_btf(obj);
	if (in.btf) {
		struct btf_fields_ctx fctx = { .kernel_btf = vmlinux_btf() };
		char errbuf[256];

		fctx.errbuf = errbuf;
		fctx.errbuf_sz = sizeof(errbuf);
		metas = btf_parse_struct_metas(in.btf, &fctx);
		/*
		 * BTF the kernel refuses at BPF_BTF_LOAD: libbpf warns "BTF is optional, ignoring"
		 * and creates the maps and loads the programs without it (no func_info, no
		 * line_info, no map BTF), which is what the verifier then sees.
		 */
		if (IS_ERR(metas) || btf_validate_kernel(in.btf, errbuf, sizeof(errbuf))) {
			if (!IS_ERR(metas))
				btf_struct_metas_free(metas);
			metas = NULL;
			in.btf = NULL;
		}
	}
	err = describe_maps(obj, in.btf, metas, &vm);
	if (err)
		goto out;
	in.insns = hive_program__insns(prog);
	in.insn_cnt = (uint32_t)hive_program__insn_cnt(prog);
	in.prog_type = hive_program__type(prog);
	in.expected_attach_type = hive_program__expected_attach_type(prog);
	in.prog_flags = hive_program__flags(prog);
	in.gpl_compatible = license_gpl_compatible(hive_object__license(obj));
	in.prog_name = hive_program__name(prog);
	in.maps = vm.maps;
	in.nr_maps = vm.nr;
	if (in.btf) {
		in.func_info = hive_program__func_info(prog, &in.func_info_cnt, &rec_size);
		if (in.func_info && rec_size != sizeof(struct hive_verifier_func_info))
			in.func_info = NULL, in.func_info_cnt = 0;
		in.line_info = hive_program__line_info(prog, &in.line_info_cnt, &rec_size);
		if (in.line_info && rec_size != sizeof(struct hive_verifier_line_info))
			in.line_info = NULL, in.line_info_cnt = 0;
		if (!in.func_info)
			in.func_info_cnt = 0;
		if (!in.line_info)
			in.line_info_cnt = 0;
	}
	in.struct_metas = metas;
	in.vmlinux_btf = vmlinux_btf();
	in.ksym_exists = kallsyms_has;
	in.attach_btf_id = hive_program__attach_btf_id(prog);
	if (!in.attach_btf_id && in.vmlinux_btf &&
	    (in.prog_type == BPF_PROG_TYPE_TRACING || in.prog_type == BPF_PROG_TYPE_LSM))
		in.attach_btf_id = attach_target_id(
			in.vmlinux_btf, hive_program__section_name(prog), in.expected_attach_type);
	in.log_level = opts && opts->log_level ? opts->log_level : 1;
	in.log_size = opts ? opts->log_size : 0;
	hive_verify(&in, &out);
	err = out.err;
	if (stats) {
		stats->insn_processed = out.stats.insn_processed;
		stats->max_states_per_insn = out.stats.max_states_per_insn;
		stats->total_states = out.stats.total_states;
		stats->peak_states = out.stats.peak_states;
		stats->subprog_cnt = out.stats.subprog_cnt;
		stats->verification_ns = out.stats.verification_ns;
	}
	if (log && out.log) {
		*log = out.log_owned ? out.log : strdup(out.log);
		if (out.log_owned)
			out.log_owned = false;
		if (*log && err)
			fixup_verifier_log(prog, log);
	}
	if (hint && out.hint) {
		*hint = out.hint;
		out.hint = NULL;
	}
	hive_verifier_output_free(&out);
out:
	free_maps(&vm);
	btf_struct_metas_free(metas);
	if (err)
		errno = -err;
	return err;
}
