// SPDX-License-Identifier: BSD-2-Clause
/*
 * backend/backend_user.c: the user backend's hive_backend_ops (object/backend.h), the default
 * backend of every object: hive_object__load() creates maps and loads programs here in
 * libbpf's order.
 *
 *   map_create   the BTF checks of BPF_MAP_CREATE (btf_map_check_btf(), against the struct
 *                metas of the object's BTF, computed once per object as BPF_BTF_LOAD would),
 *                then maps_create(); global data gets its initial image, .rodata/.kconfig are
 *                frozen, mmapable maps expose their values. A map whose BTF the kernel would
 *                refuse is created without BTF, as libbpf retries ("Retrying without BTF").
 *   prog_load    prog_load.c: verify, then an interpreter image.
 *   map_set_*    static initialisation of map-in-map and prog array slots.
 *   obj_unload   waits for deferred frees of map memory, then frees the struct metas.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"
#include "bpfhive/object.h"
#include "btf/btf_fields.h"
#include "common/err.h"
#include "common/log.h"
#include "kfunc/runtime.h"
#include "object/backend.h"
#include "vm/vm.h"

static uint32_t next_prog_id;

/* ---- per-object state ---- */

static struct btf_fields_ctx fields_ctx(char *errbuf, size_t sz)
{
	const struct be_runtime *rt = be_runtime(NULL);

	return (struct btf_fields_ctx){
		.kernel_btf = rt && !rt->own_btf ? rt->kfunc_btf : NULL,
		.errbuf = errbuf,
		.errbuf_sz = sz,
	};
}

struct be_obj *be_obj_get(struct hive_object *obj)
{
	struct be_obj *bo = object_priv(obj);
	char errbuf[256] = "";
	struct btf_fields_ctx fctx = fields_ctx(errbuf, sizeof(errbuf));

	if (bo)
		return bo;
	bo = calloc(1, sizeof(*bo));
	if (!bo)
		return ERR_PTR(-ENOMEM);
	bo->btf = object_btf(obj);
	if (bo->btf) {
		bo->metas = btf_parse_struct_metas(bo->btf, &fctx);
		if (IS_ERR(bo->metas)) {
			int err = (int)PTR_ERR(bo->metas);

			pr_warn("%s: BTF rejected (as BPF_BTF_LOAD would): %s\n",
				hive_object__name(obj), errbuf[0] ? errbuf : hive_errstr(err));
			free(bo);
			return ERR_PTR(err);
		}
	}
	object_set_priv(obj, bo);
	return bo;
}

static void obj_unload(void *ctx, struct hive_object *obj)
{
	struct be_obj *bo = object_priv(obj);

	if (!bo)
		return;
	/* map values freed after an RCU grace period still point into the metas' records */
	kfunc_rcu_barrier();
	btf_struct_metas_free(bo->metas);
	free(bo);
	object_set_priv(obj, NULL);
}

/* ---- lookups ---- */

struct be_map *be_map_of(const struct hive_map *map)
{
	struct be_map *bm = map ? object_map_priv(map) : NULL;

	return bm && bm->magic == BE_MAP_MAGIC ? bm : NULL;
}

struct be_prog *be_prog_of(const struct hive_program *prog)
{
	struct be_prog *bp = prog ? object_prog_priv(prog) : NULL;

	return bp && bp->magic == BE_PROG_MAGIC ? bp : NULL;
}

struct be_prog *be_prog_get(struct be_prog *bp)
{
	__atomic_fetch_add(&bp->refcnt, 1, __ATOMIC_RELAXED);
	return bp;
}

void be_prog_put(struct be_prog *bp)
{
	if (!bp || __atomic_sub_fetch(&bp->refcnt, 1, __ATOMIC_ACQ_REL))
		return;
	hive_vm_prog_free(bp->vm_prog);
	bp->magic = 0;
	free(bp);
}

/* ---- maps ---- */

/* The value's special fields, as BPF_MAP_CREATE's map_check_btf() finds them. */
static struct hive_record *map_record(struct be_obj *bo, const struct hive_map *map)
{
	struct btf_map_def def = {
		.map_type = hive_map__type(map),
		.map_flags = hive_map__map_flags(map),
		.key_size = hive_map__key_size(map),
		.value_size = hive_map__value_size(map),
		.max_entries = hive_map__max_entries(map),
		.key_type_id = hive_map__btf_key_type_id(map),
		.value_type_id = hive_map__btf_value_type_id(map),
	};
	struct hive_record *rec = NULL;
	char errbuf[256] = "";
	struct btf_fields_ctx fctx = fields_ctx(errbuf, sizeof(errbuf));
	int err;

	/* BPF_MAP_CREATE checks the BTF only when a value type is given (the loader already
	 * dropped the ids of the map types the kernel takes none for, as libbpf does) */
	if (!bo->btf || !def.value_type_id)
		return NULL;
	err = btf_map_check_btf(bo->btf, bo->metas, &def, &fctx, &rec, NULL);
	if (err) {
		pr_warn("map '%s': BTF check failed (%s): %s. Retrying without BTF.\n",
			hive_map__name(map), errbuf[0] ? errbuf : "rejected", hive_errstr(err));
		return NULL;
	}
	return rec;
}

static int map_create(void *ctx, struct hive_map *map)
{
	struct be_obj *bo = be_obj_get(object_map_object(map));
	struct be_map *inner = be_map_of(hive_map__inner_map(map));
	enum hive_map_kind kind = hive_map__kind(map);
	struct be_map_spec spec = {
		.type = hive_map__type(map),
		.key_size = hive_map__key_size(map),
		.value_size = hive_map__value_size(map),
		.max_entries = hive_map__max_entries(map),
		.flags = hive_map__map_flags(map),
		.extra = hive_map__map_extra(map),
		.name = hive_map__name(map),
		.inner = inner ? inner->impl : NULL,
	};
	struct hive_record *rec;
	struct be_map *bm;
	char name[16];
	int err;

	if (IS_ERR(bo))
		return (int)PTR_ERR(bo);
	/* bpf_map_create() sends at most 15 characters (BPF_OBJ_NAME_LEN) */
	snprintf(name, sizeof(name), "%s", hive_map__name(map));
	spec.name = name;
	rec = map_record(bo, map);
	spec.record = rec;
	bm = calloc(1, sizeof(*bm));
	if (!bm) {
		btf_record_free(rec);
		return -ENOMEM;
	}
	bm->impl = be_maps_create(&spec);
	btf_record_free(rec);
	if (IS_ERR(bm->impl)) {
		err = (int)PTR_ERR(bm->impl);
		free(bm);
		return err;
	}
	bm->magic = BE_MAP_MAGIC;
	bm->type = spec.type;
	bm->key_size = spec.key_size;
	bm->value_size = spec.value_size;
	bm->max_entries = spec.max_entries;
	bm->flags = spec.flags;
	err = kind == HIVE_MAP_USER ?
		      0 :
		      be_maps_init_data(bm, object_map_image(map),
					kind == HIVE_MAP_RODATA || kind == HIVE_MAP_KCONFIG);
	if (err) {
		be_maps_fini_data(bm);
		be_maps_put(bm->impl);
		free(bm);
		return err;
	}
	object_map_set_priv(map, bm);
	return 0;
}

static void map_destroy(void *ctx, struct hive_map *map)
{
	struct be_map *bm = be_map_of(map);

	if (!bm)
		return;
	be_maps_fini_data(bm);
	be_maps_put(bm->impl);
	bm->magic = 0;
	free(bm);
	object_map_set_priv(map, NULL);
}

static int map_set_inner(void *ctx, struct hive_map *outer, uint32_t slot, struct hive_map *inner)
{
	struct be_map *o = be_map_of(outer), *i = be_map_of(inner);

	if (!o || !i)
		return -EINVAL;
	return be_maps_set_slot(o->impl, slot, i->impl);
}

static int map_set_prog(void *ctx, struct hive_map *map, uint32_t slot, struct hive_program *prog)
{
	struct be_map *bm = be_map_of(map);
	struct be_prog *bp = be_prog_of(prog);

	if (!bm || !bp)
		return -EINVAL;
	return be_maps_set_slot(bm->impl, slot, bp);
}

static void *map_mmaped(void *ctx, const struct hive_map *map, size_t *size)
{
	struct be_map *bm = be_map_of(map);

	if (!bm || !bm->mmaped)
		return NULL;
	if (size)
		*size = bm->value_size;
	return bm->mmaped;
}

/* ---- programs ---- */

static int prog_load(void *ctx, struct hive_program *prog)
{
	const struct be_runtime *rt;
	struct be_prog *bp;
	int err;

	rt = be_runtime(&err);
	if (!rt)
		return err;
	err = be_prog_load(rt, prog, &bp);
	if (err)
		return err;
	bp->id = __atomic_add_fetch(&next_prog_id, 1, __ATOMIC_RELAXED);
	object_prog_set_priv(prog, bp);
	return 0;
}

static void prog_unload(void *ctx, struct hive_program *prog)
{
	be_prog_put(be_prog_of(prog));
	object_prog_set_priv(prog, NULL);
}

/* ---- BTF the loader resolves against ---- */

static const struct hive_btf *kfunc_btf(void *ctx)
{
	const struct be_runtime *rt = be_runtime(NULL);

	return rt ? rt->kfunc_btf : NULL;
}

/* Typeless ksyms resolve from /proc/kallsyms as libbpf does (ksym_addr NULL): such an address
 * is only a number to a program, which can read it only through fault-safe probe helpers. The
 * name is what the loader's messages call the kfunc BTF; runtime.c sets it. */
struct hive_backend_ops be_user_ops = {
	.name = "vmlinux",
	.kfunc_btf = kfunc_btf,
	.target_btf = kfunc_btf,
	.map_create = map_create,
	.map_set_inner = map_set_inner,
	.map_set_prog = map_set_prog,
	.map_destroy = map_destroy,
	.prog_load = prog_load,
	.prog_unload = prog_unload,
	.obj_unload = obj_unload,
	.map_mmaped = map_mmaped,
};

const struct hive_backend_ops *backend_user_ops(void **ctx)
{
	if (ctx)
		*ctx = NULL;
	return &be_user_ops;
}
