// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/records/real_objects.c: records and struct metas of real clang-19 objects.
 *
 * For records.bpf.o (tests/records/progs) and graph.bpf.o (tests/progs): read the ELF, parse
 * its .BTF, apply the loader's DATASEC fix-ups (section sizes, variable offsets from the
 * symbols, as libbpf does), then check what btf_parse_struct_metas() and btf_map_check_btf()
 * make of every local type, map value and global section against the C source, create the
 * user-backend maps with those records, and, where bpf() works, have libbpf load the same
 * object's BTF and maps into the kernel (programs left out), which must accept them with BTF.
 *
 * Objects whose BTF must be refused (records_bad_*.bpf.o, no kfuncs, so their fixed-up .BTF
 * can go to BPF_BTF_LOAD as it is) are checked for the errno, against the kernel's.
 *
 * Usage: hive_records_objects records.bpf.o graph.bpf.o [BAD.bpf.o ERRNO]...
 * Ends with "N passed, N failed".
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "btf/btf.h"
#include "btf/btf_fields.h"
#include "common/err.h"
#include "common/uapi.h"
#include "elf/elf.h"
#include "maps/map.h"
#include "kern.h"
#include "kern_obj.h"

static int passed, failed;

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (cond) {                                                    \
			passed++;                                              \
		} else {                                                       \
			failed++;                                              \
			printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond); \
			printf(__VA_ARGS__);                                   \
			printf("\n");                                          \
		}                                                              \
	} while (0)

struct obj {
	const char *path;
	struct hive_elf *elf;
	struct hive_btf *btf;
	struct btf_struct_metas *metas;
	const struct hive_btf *vmlinux;
};

/* The loader's DATASEC fix-up: size from the ELF section, offsets from the symbols. */
static int fixup_datasecs(struct obj *o)
{
	for (uint32_t id = 1; id < btf_type_cnt(o->btf); id++) {
		const struct btf_type *t = btf_type_by_id(o->btf, id);
		const struct hive_elf_sec *sec;

		if (!btf_is_datasec(t))
			continue;
		sec = elf_sec_by_name(o->elf, btf_name(o->btf, t->name_off));
		if (!sec || sec->cls == ELF_SEC_OTHER || sec->cls == ELF_SEC_NULL)
			continue;
		if (btf_datasec_set_size(o->btf, id, (uint32_t)sec->size))
			return -EINVAL;
		t = btf_type_by_id(o->btf, id);
		for (uint32_t i = 0; i < btf_vlen(t); i++) {
			const struct btf_var_secinfo *v = &btf_var_secinfos(t)[i];
			const char *name =
				btf_name(o->btf, btf_type_by_id(o->btf, v->type)->name_off);
			const struct hive_elf_sym *s = elf_sym_by_name(o->elf, name, -1);

			if (s && btf_datasec_set_var(o->btf, id, i, v->type, (uint32_t)s->value,
						     v->size))
				return -EINVAL;
			t = btf_type_by_id(o->btf, id);
		}
	}
	return 0;
}

static char metas_err[512];

static int open_obj(struct obj *o, const char *path, const struct hive_btf *vmlinux)
{
	struct btf_fields_ctx ctx = { .kernel_btf = vmlinux,
				      .errbuf = metas_err,
				      .errbuf_sz = sizeof(metas_err) };
	char err[256];

	memset(o, 0, sizeof(*o));
	o->path = path;
	o->vmlinux = vmlinux;
	o->elf = elf_open_file(path, err, sizeof(err));
	if (IS_ERR_OR_NULL(o->elf)) {
		printf("FAIL %s: %s\n", path, err);
		return -1;
	}
	o->btf = btf_parse_elf(o->elf, NULL);
	if (IS_ERR_OR_NULL(o->btf) || fixup_datasecs(o)) {
		printf("FAIL %s: no usable .BTF\n", path);
		return -1;
	}
	o->metas = btf_parse_struct_metas(o->btf, &ctx);
	if (IS_ERR(o->metas)) {
		int ret = (int)PTR_ERR(o->metas);

		o->metas = NULL;
		return ret;
	}
	return 0;
}

static void close_obj(struct obj *o)
{
	btf_struct_metas_free(o->metas);
	btf_free(o->btf);
	if (!IS_ERR_OR_NULL(o->elf))
		elf_close(o->elf);
}

static const struct hive_struct_meta *meta(struct obj *o, const char *name)
{
	int id = btf_find_by_name_kind(o->btf, name, BTF_KIND_STRUCT);

	return id > 0 ? btf_struct_meta_find(o->metas, (uint32_t)id) : NULL;
}

/* Byte offset of member @path ("a" or "a.b") of struct @type, or -1. */
static int member_off(struct obj *o, const char *type, const char *member)
{
	struct btf_member_info m;
	int id = btf_find_by_name_kind(o->btf, type, BTF_KIND_STRUCT);

	if (id < 0 || btf_find_member(o->btf, (uint32_t)id, member, &m) < 0)
		return -1;
	return (int)(m.bit_off / 8);
}

static int sym_off(struct obj *o, const char *name)
{
	const struct hive_elf_sym *s = elf_sym_by_name(o->elf, name, -1);

	return s ? (int)s->value : -1;
}

static bool has_field(const struct hive_record *rec, uint32_t off, uint32_t kind)
{
	const struct hive_field *f = btf_record_find(rec, off, kind);

	return f && f->offset == off && f->kind == kind;
}

/* The record of map value @value_id as BPF_MAP_CREATE would build it, and the runtime map. */
static struct hive_record *map_rec(struct obj *o, uint32_t map_type, int key_id, int value_id,
				   uint32_t max_entries)
{
	struct btf_fields_ctx ctx = { .kernel_btf = o->vmlinux };
	struct btf_map_def def = { .map_type = map_type,
				   .key_size = 4,
				   .value_size = (uint32_t)btf_resolve_size(o->btf, value_id),
				   .max_entries = max_entries,
				   .key_type_id = (uint32_t)key_id,
				   .value_type_id = (uint32_t)value_id };
	struct hive_record *rec = NULL;
	struct hive_map_impl *map;
	int ferr = 0, err;

	err = btf_map_check_btf(o->btf, o->metas, &def, &ctx, &rec, &ferr);
	CHECK(!err && !ferr, "%s: map value [%d]: %d/%d", o->path, value_id, err, ferr);
	map = maps_create(&(struct hive_map_attr){ .map_type = map_type,
						   .key_size = 4,
						   .value_size = def.value_size,
						   .max_entries = max_entries,
						   .record = rec });
	CHECK(!IS_ERR(map), "%s: maps_create: %ld", o->path, PTR_ERR(map));
	if (!IS_ERR(map))
		maps_put(map);
	return rec;
}

static int int_id(struct obj *o)
{
	return btf_find_by_name_kind(o->btf, "int", BTF_KIND_INT);
}

static void check_records_metas(struct obj *o)
{
	const struct hive_struct_meta *elem = meta(o, "rec_elem"), *holder = meta(o, "rec_holder");
	const struct hive_struct_meta *stash = meta(o, "rec_stash"), *timed = meta(o, "rec_timed");
	const struct hive_field *f;

	CHECK(elem && holder && stash && timed, "%s: missing metas", o->path);
	if (!elem || !holder || !stash || !timed)
		return;
	/* the fifth is rec_nested's anonymous inner struct: a direct lock and head make it one */
	CHECK(btf_struct_metas_cnt(o->metas) == 5, "%u metas", btf_struct_metas_cnt(o->metas));
	CHECK(elem->size == 72, "rec_elem size %u", elem->size);
	CHECK(elem->record->cnt == 3, "rec_elem: %u fields", elem->record->cnt);
	CHECK(has_field(elem->record, member_off(o, "rec_elem", "rb"), HIVE_FIELD_RB_NODE), "rb");
	CHECK(has_field(elem->record, member_off(o, "rec_elem", "ln"), HIVE_FIELD_LIST_NODE), "ln");
	CHECK(elem->record->refcount_off == member_off(o, "rec_elem", "ref"), "refcount_off %d",
	      elem->record->refcount_off);
	/* the holder owns a tree of rec_elem through .rb */
	f = btf_record_find(holder->record, member_off(o, "rec_holder", "root"),
			    HIVE_FIELD_RB_ROOT);
	CHECK(f && f->graph_root.node_offset == (uint32_t)member_off(o, "rec_elem", "rb") &&
		      f->graph_root.value_type.id == elem->type.id &&
		      f->graph_root.value_rec == elem->record,
	      "rec_holder.root");
	CHECK(holder->record->spin_lock_off == member_off(o, "rec_holder", "lock"), "holder lock");
	/* kptrs: local ones linked to their pointee's record, the kernel one resolved in vmlinux */
	CHECK(stash->record->cnt == 3, "rec_stash: %u fields", stash->record->cnt);
	f = btf_record_find(stash->record, 0, HIVE_FIELD_KPTR_REF);
	CHECK(f && f->kptr.local && f->kptr.rec == elem->record, "rec_stash.elem");
	f = btf_record_find(stash->record, 8, HIVE_FIELD_KPTR_REF);
	CHECK(f && (!o->vmlinux || (!f->kptr.local && f->kptr.type.btf == o->vmlinux)),
	      "rec_stash.mask");
	f = btf_record_find(stash->record, 16, HIVE_FIELD_KPTR_REF);
	CHECK(f && f->kptr.local && f->kptr.rec == holder->record, "rec_stash.holder");
	/* a local object sees the lock but not the timer */
	CHECK(timed->record->cnt == 1 && timed->record->spin_lock_off == 24, "rec_timed meta");
}

static void check_records_maps(struct obj *o)
{
	int a = btf_find_by_name_kind(o->btf, ".data.A", BTF_KIND_DATASEC);
	int b = btf_find_by_name_kind(o->btf, ".data.B", BTF_KIND_DATASEC);
	int roots = sym_off(o, "rec_groots"), nested = sym_off(o, "rec_gnested");
	const struct hive_struct_meta *elem = meta(o, "rec_elem");
	struct hive_record *rec;

	rec = map_rec(o, BPF_MAP_TYPE_ARRAY, int_id(o),
		      btf_find_by_name_kind(o->btf, "rec_stash", BTF_KIND_STRUCT), 2);
	CHECK(rec && rec->cnt == 3 && rec->field_mask == HIVE_FIELD_KPTR_REF, "rec_stashes value");
	btf_record_free(rec);
	rec = map_rec(o, BPF_MAP_TYPE_HASH, int_id(o),
		      btf_find_by_name_kind(o->btf, "rec_timed", BTF_KIND_STRUCT), 4);
	CHECK(rec && rec->timer_off == 8 && rec->spin_lock_off == 24 && rec->cnt == 2,
	      "rec_timers value");
	btf_record_free(rec);
	/* .data.A: lock, list head, two rb roots from an array */
	rec = map_rec(o, BPF_MAP_TYPE_ARRAY, 0, a, 1);
	CHECK(rec && rec->cnt == 4, ".data.A: %u fields", rec ? rec->cnt : 0);
	CHECK(rec && rec->spin_lock_off == sym_off(o, "rec_glock"), ".data.A lock");
	CHECK(has_field(rec, sym_off(o, "rec_ghead"), HIVE_FIELD_LIST_HEAD), ".data.A head");
	CHECK(has_field(rec, roots, HIVE_FIELD_RB_ROOT) &&
		      has_field(rec, roots + 16, HIVE_FIELD_RB_ROOT),
	      ".data.A roots at %d", roots);
	CHECK(rec && elem &&
		      btf_record_find(rec, roots + 16, HIVE_FIELD_RB_ROOT)->graph_root.value_rec ==
			      elem->record,
	      ".data.A value_rec");
	btf_record_free(rec);
	/* .data.B: the lock and head of a nested anonymous struct */
	rec = map_rec(o, BPF_MAP_TYPE_ARRAY, 0, b, 1);
	CHECK(rec && rec->cnt == 2 && rec->spin_lock_off == nested + 8 &&
		      has_field(rec, nested + 16, HIVE_FIELD_LIST_HEAD),
	      ".data.B (rec_gnested at %d)", nested);
	btf_record_free(rec);
}

static void check_graph(struct obj *o)
{
	const struct hive_struct_meta *task = meta(o, "hive_task");
	int tree = btf_find_by_name_kind(o->btf, ".data.tree", BTF_KIND_DATASEC);
	int list = btf_find_by_name_kind(o->btf, ".data.list", BTF_KIND_DATASEC);
	const struct hive_field *f;
	struct hive_record *rec;

	CHECK(task && btf_struct_metas_cnt(o->metas) == 1, "graph.bpf.o metas");
	if (!task)
		return;
	CHECK(task->record->cnt == 3 && task->record->refcount_off == 72, "hive_task record");
	rec = map_rec(o, BPF_MAP_TYPE_ARRAY, 0, tree, 1);
	f = btf_record_find(rec, sym_off(o, "tree_root"), HIVE_FIELD_RB_ROOT);
	CHECK(rec && rec->spin_lock_off == sym_off(o, "tree_lock") && f &&
		      f->graph_root.node_offset == 16 && f->graph_root.value_rec == task->record,
	      ".data.tree");
	btf_record_free(rec);
	rec = map_rec(o, BPF_MAP_TYPE_ARRAY, 0, list, 1);
	f = btf_record_find(rec, sym_off(o, "list_head"), HIVE_FIELD_LIST_HEAD);
	CHECK(rec && rec->spin_lock_off == sym_off(o, "list_lock") && f &&
		      f->graph_root.node_offset == 48,
	      ".data.list");
	btf_record_free(rec);
}

static void kernel_accepts(const char *path)
{
	char msg[1024];
	int maps = 0, err = kern_load_object(path, msg, sizeof(msg), &maps);

	if (err == -EPERM || err == -EACCES) {
		printf("SKIP kernel load of %s: bpf() not permitted\n", path);
		return;
	}
	CHECK(!err, "kernel refused %s: %d: %s", path, err, msg);
	if (!err)
		printf("kernel: %s: BTF and %d maps accepted with their BTF\n", path, maps);
}

/* An object whose BTF load must fail with @want, here and in the kernel. */
static void check_refused(const char *path, int want, const struct hive_btf *vmlinux)
{
	struct obj o;
	const void *raw;
	uint32_t size;
	int ours = open_obj(&o, path, vmlinux), kern;

	CHECK(ours == want, "%s: bpfhive says %d, expected %d", path, ours, want);
	printf("bpfhive: %s: %s\n", path, metas_err);
	raw = IS_ERR_OR_NULL(o.btf) ? NULL : btf_raw_data(o.btf, &size);
	if (!raw || !kern_available()) {
		printf("SKIP kernel BTF load of %s\n", path);
	} else {
		kern = kern_btf_load(raw, size);
		kern_close(kern);
		CHECK(kern == ours, "%s: kernel %d, bpfhive %d", path, kern < 0 ? kern : 0, ours);
	}
	close_obj(&o);
}

int main(int argc, char **argv)
{
	struct hive_btf *vmlinux = btf_parse_file("/sys/kernel/btf/vmlinux", NULL);
	struct obj o;

	if (argc < 3) {
		fprintf(stderr, "usage: %s records.bpf.o graph.bpf.o\n", argv[0]);
		return 2;
	}
	if (IS_ERR(vmlinux))
		vmlinux = NULL;
	if (!open_obj(&o, argv[1], vmlinux)) {
		check_records_metas(&o);
		check_records_maps(&o);
	} else {
		printf("FAIL %s: %s\n", argv[1], metas_err);
		failed++;
	}
	close_obj(&o);
	if (!open_obj(&o, argv[2], vmlinux)) {
		check_graph(&o);
	} else {
		printf("FAIL %s: %s\n", argv[2], metas_err);
		failed++;
	}
	close_obj(&o);
	for (int i = 3; i + 1 < argc; i += 2)
		check_refused(argv[i], -atoi(argv[i + 1]), vmlinux);
	kernel_accepts(argv[1]);
	kernel_accepts(argv[2]);
	btf_free(vmlinux);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
