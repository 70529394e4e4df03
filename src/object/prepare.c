// SPDX-License-Identifier: BSD-2-Clause
/*
 * object/prepare.c: everything libbpf does at load time before its first bpf() call (spec
 * A.9, load half), in libbpf's order:
 *
 *   checks (byte order, program types) -> externs (resolve.c) -> map definitions as created
 *   (perf event array size, BTF ids the kernel refuses) -> CO-RE (obj_core.c) -> subprogram
 *   linking, func/line info and data relocations (link.c) -> attach targets of tracing
 *   programs -> hidden subprograms made static in BTF
 *
 * After it, hive_program__insns() is what would be passed to BPF_PROG_LOAD (with map indices
 * where libbpf puts map fds) and the backend interface (backend.h) exposes the rest.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "object/object_internal.h"

static int check_progs(struct hive_object *obj)
{
	if (elf_is_swapped(obj->elf))
		return obj_fail(obj, -EOPNOTSUPP, "loading non-native endianness is unsupported");
	for (size_t i = 0; i < obj->nr_progs; i++) {
		const struct hive_program *prog = &obj->progs[i];

		if (prog->is_subprog || !prog->autoload)
			continue;
		if (prog->type == HIVE_PROG_TYPE_UNSPEC)
			return obj_fail(obj, -EINVAL,
					"prog '%s': missing BPF prog type, check ELF "
					"section name '%s'",
					prog->name, prog->sec_name);
	}
	return 0;
}

/* Number of possible CPUs (/sys/devices/system/cpu/possible, "0-3,5"), at least 1. */
static uint32_t possible_cpus(void)
{
	FILE *f = fopen("/sys/devices/system/cpu/possible", "re");
	unsigned int a, b, n = 0;
	int c;

	if (!f)
		return 1;
	while (fscanf(f, "%u", &a) == 1) {
		b = a;
		c = fgetc(f);
		if (c == '-' && fscanf(f, "%u", &b) == 1)
			c = fgetc(f);
		n += b >= a ? b - a + 1 : 1;
		if (c != ',')
			break;
	}
	fclose(f);
	return n ? n : 1;
}

/* What libbpf changes in a definition when it creates the map (spec D.2). */
static void finalize_map(struct hive_map *map)
{
	switch (map->type) {
	case HIVE_MAP_TYPE_PERF_EVENT_ARRAY:
		if (!map->max_entries)
			map->max_entries = possible_cpus();
		__attribute__((fallthrough));
	case HIVE_MAP_TYPE_CGROUP_ARRAY:
	case HIVE_MAP_TYPE_STACK_TRACE:
	case HIVE_MAP_TYPE_ARRAY_OF_MAPS:
	case HIVE_MAP_TYPE_HASH_OF_MAPS:
	case HIVE_MAP_TYPE_DEVMAP:
	case HIVE_MAP_TYPE_DEVMAP_HASH:
	case HIVE_MAP_TYPE_CPUMAP:
	case HIVE_MAP_TYPE_XSKMAP:
	case HIVE_MAP_TYPE_SOCKMAP:
	case HIVE_MAP_TYPE_SOCKHASH:
	case HIVE_MAP_TYPE_QUEUE:
	case HIVE_MAP_TYPE_STACK:
	case HIVE_MAP_TYPE_ARENA:
		/* the kernel refuses BTF key/value types for these */
		map->btf_key_type_id = 0;
		map->btf_value_type_id = 0;
		break;
	default:
		break;
	}
}

static int find_attach_btf_id(struct hive_object *obj, struct hive_program *prog)
{
	const char *target = strchr(prog->sec_name, '/'), *prefix = "";
	const struct hive_btf *btf;
	char name[160];
	int kind = BTF_KIND_FUNC, id;

	if (!target)
		return obj_fail(obj, -EINVAL,
				"prog '%s': no BTF-based attach target is specified in "
				"section '%s' (want '%s/<function>')",
				prog->name, prog->sec_name, prog->sec_name);
	if (prog->type == HIVE_PROG_TYPE_EXT)
		return obj_fail(obj, -EINVAL,
				"prog '%s': attach program FD is not set (freplace "
				"needs a target program)",
				prog->name);
	target++;
	if (prog->attach_type == HIVE_TRACE_RAW_TP) {
		prefix = "btf_trace_";
		kind = BTF_KIND_TYPEDEF;
	} else if (prog->attach_type == HIVE_LSM_MAC || prog->attach_type == HIVE_LSM_CGROUP) {
		prefix = "bpf_lsm_";
	} else if (prog->attach_type == HIVE_TRACE_ITER) {
		prefix = "bpf_iter_";
	}
	btf = obj_target_btf(obj, false);
	if (!btf)
		return -ESRCH;
	if (snprintf(name, sizeof(name), "%s%s", prefix, target) >= (int)sizeof(name))
		return obj_fail(obj, -ENAMETOOLONG, "prog '%s': attach target '%s' is too long",
				prog->name, target);
	id = btf_find_by_name_kind(btf, name, kind);
	if (id <= 0)
		return obj_fail(obj, -ESRCH,
				"prog '%s': failed to find kernel BTF type ID of '%s': %s",
				prog->name, target, hive_errstr(-ESRCH));
	prog->attach_btf_id = id;
	return 0;
}

static int finalize_progs(struct hive_object *obj)
{
	for (size_t i = 0; i < obj->nr_progs; i++) {
		struct hive_program *prog = &obj->progs[i];
		int err;

		if (prog->is_subprog || !prog->autoload || !prog->sec_def)
			continue;
		/* usdt uses uprobe-multi links on kernels that have them (6.6+) */
		if (prog->sec_def->flags & SEC_USDT)
			prog->attach_type = HIVE_TRACE_UPROBE_MULTI;
		if (prog->sec_def->flags & SEC_ATTACH_BTF) {
			err = find_attach_btf_id(obj, prog);
			if (err)
				return err;
		}
	}
	return 0;
}

HIVE_API int hive_object__prepare(struct hive_object *obj)
{
	int err;

	if (!obj)
		return hive_err(-EINVAL);
	if (obj->prepared || obj->prepare_failed)
		return hive_err(-EBUSY);
	obj_clear_error();
	if (!obj->backend)
		obj->backend = backend_lookup(obj->backend_kind, &obj->backend_ctx);
	err = check_progs(obj);
	err = err ?: obj_resolve_externs(obj);
	if (!err)
		for (size_t i = 0; i < obj->nr_maps; i++)
			finalize_map(&obj->maps[i]);
	err = err ?: obj_relocate_core(obj);
	err = err ?: obj_relocate(obj);
	err = err ?: finalize_progs(obj);
	if (err) {
		obj->prepare_failed = true;
		return hive_err(err);
	}
	obj_mark_hidden_subprogs(obj);
	obj->prepared = true;
	return 0;
}

/* ---- what backends read (backend.h) ---- */

struct hive_insn *object_prog_insns_mut(struct hive_program *prog, size_t *cnt)
{
	if (cnt)
		*cnt = prog->insns_cnt;
	return prog->insns;
}

size_t object_prog_ref_cnt(const struct hive_program *prog)
{
	return prog->nr_refs;
}

static void fill_ref(const struct hive_program *prog, const struct obj_insn_ref *r,
		     struct hive_insn_ref_info *out)
{
	const struct hive_object *obj = prog->obj;

	memset(out, 0, sizeof(*out));
	out->insn_idx = r->insn_idx;
	out->kind = r->kind;
	out->btf_id = r->btf_id;
	out->text = r->text;
	if (r->map_idx >= 0 && (size_t)r->map_idx < obj->nr_maps) {
		out->map = &obj->maps[r->map_idx];
		out->name = out->map->name;
	}
	if (r->ext_idx >= 0 && (size_t)r->ext_idx < obj->nr_externs && !out->name)
		out->name = obj->externs[r->ext_idx].name;
}

int object_prog_ref(const struct hive_program *prog, size_t i, struct hive_insn_ref_info *out)
{
	if (i >= prog->nr_refs)
		return -ENOENT;
	fill_ref(prog, &prog->refs[i], out);
	return 0;
}

int object_prog_ref_at(const struct hive_program *prog, uint32_t insn_idx,
		       struct hive_insn_ref_info *out)
{
	for (size_t i = 0; i < prog->nr_refs; i++)
		if (prog->refs[i].insn_idx == insn_idx) {
			fill_ref(prog, &prog->refs[i], out);
			return 0;
		}
	return -ENOENT;
}

struct hive_map *object_map_by_idx(const struct hive_object *obj, int idx)
{
	return idx >= 0 && (size_t)idx < obj->nr_maps ? &obj->maps[idx] : NULL;
}

const void *object_map_image(const struct hive_map *map)
{
	return map->image;
}

const struct hive_btf *object_btf(const struct hive_object *obj)
{
	return obj->btf;
}

const struct hive_btf *object_kfunc_btf(const struct hive_object *obj)
{
	for (size_t i = 0; i < obj->nr_externs; i++)
		if (obj->externs[i].type == EXT_KSYM && obj->externs[i].ksym.is_func &&
		    obj->externs[i].is_set)
			return obj_kfunc_btf((struct hive_object *)obj);
	return NULL;
}

const struct hive_btf *object_target_btf(const struct hive_object *obj)
{
	if (obj->btf_custom)
		return obj->btf_custom;
	if (obj->btf_vmlinux)
		return obj->btf_vmlinux;
	return obj->backend && obj->backend->target_btf ?
		       obj->backend->target_btf(obj->backend_ctx) :
		       NULL;
}

void *object_prog_priv(const struct hive_program *prog)
{
	return prog->backend_priv;
}

void object_prog_set_priv(struct hive_program *prog, void *priv)
{
	prog->backend_priv = priv;
}

void *object_priv(const struct hive_object *obj)
{
	return obj->backend_priv;
}

void object_set_priv(struct hive_object *obj, void *priv)
{
	obj->backend_priv = priv;
}

struct hive_object *object_map_object(const struct hive_map *map)
{
	return map->obj;
}

void object_prog_set_log(struct hive_program *prog, char *log)
{
	free(prog->log);
	prog->log = log;
}

void *object_map_priv(const struct hive_map *map)
{
	return map->backend_priv;
}

void object_map_set_priv(struct hive_map *map, void *priv)
{
	map->backend_priv = priv;
}

HIVE_API uint32_t hive_program__attach_btf_id(const struct hive_program *prog)
{
	return prog->attach_btf_id;
}
