// SPDX-License-Identifier: BSD-2-Clause
/*
 * object/object.c: opening an object (spec A.9, open half) and the object's public API.
 *
 * Open runs libbpf's steps in libbpf's order, each a function of its own file:
 *   ELF checks (elf/) -> sections: license, version, legacy maps -> BTF and .BTF.ext ->
 *   programs (programs.c) -> externs (externs.c, rewriting .ksyms/.kconfig DATASECs) ->
 *   DATASEC fix-ups (btf_fixup.c) -> maps: .maps, data sections, .kconfig (maps.c) ->
 *   program types (programs.c) -> relocation records (relocs.c, maps.c)
 * A failing step logs one line naming the file, the section or symbol and the reason, and the
 * object is freed: open either returns a fully checked object or nothing.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/mem.h"
#include "object/object_internal.h"

static __thread char last_error[512];

const char *object_last_error(void)
{
	return last_error;
}

const char *obj_last_reason(const struct hive_object *obj)
{
	size_t n = strlen(obj->path);

	if (!strncmp(last_error, obj->path, n) && !strncmp(last_error + n, ": ", 2))
		return last_error + n + 2;
	return last_error;
}

void obj_clear_error(void)
{
	last_error[0] = '\0';
}

int obj_fail(const struct hive_object *obj, int err, const char *fmt, ...)
{
	char msg[448];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	snprintf(last_error, sizeof(last_error), "%s: %s", obj ? obj->path : "?", msg);
	pr_warn("%s\n", last_error);
	return err;
}

/* libbpf's default: basename, cut at the first '.', at most 15 characters. */
static void set_obj_name(struct hive_object *obj, const char *path, const char *override)
{
	const char *base = override;
	size_t len;

	if (!base) {
		base = strrchr(path, '/');
		base = base ? base + 1 : path;
	}
	len = strcspn(base, override ? "" : ".");
	if (len > sizeof(obj->name) - 1)
		len = sizeof(obj->name) - 1;
	memcpy(obj->name, base, len);
	obj->name[len] = '\0';
}

static int dup_opt(char **dst, const char *src)
{
	if (!src)
		return 0;
	*dst = strdup(src);
	return *dst ? 0 : -ENOMEM;
}

bool object_no_jit(const struct hive_object *obj)
{
	return obj->no_jit;
}

static int copy_opts(struct hive_object *obj, const struct hive_object_open_opts *opts)
{
	int err = 0;

	if (!opts)
		return 0;
	if (opts->sz < offsetof(struct hive_object_open_opts, object_name) + sizeof(void *))
		return -EINVAL;
#define OPT(f)                                                                     \
	(opts->sz >= offsetof(struct hive_object_open_opts, f) + sizeof(opts->f) ? \
		 opts->f :                                                         \
		 (typeof(opts->f))0)
	obj->relaxed_maps = OPT(relaxed_maps);
	obj->backend_kind = OPT(backend);
	obj->no_jit = OPT(no_jit);
	err = err ?: dup_opt(&obj->btf_custom_path, OPT(btf_custom_path));
	err = err ?: dup_opt(&obj->kconfig, OPT(kconfig));
	err = err ?: dup_opt(&obj->kconfig_path, OPT(kconfig_path));
#undef OPT
	return err;
}

/* license, version, the legacy "maps" section, and where .text and .maps are. */
static int collect_special_secs(struct hive_object *obj)
{
	for (uint32_t i = 1; i < elf_sec_cnt(obj->elf); i++) {
		const struct hive_elf_sec *sec = elf_sec(obj->elf, i);
		size_t n;

		switch (sec->cls) {
		case ELF_SEC_LICENSE:
			n = hive_min(sec->size, sizeof(obj->license) - 1);
			if (sec->data)
				memcpy(obj->license, sec->data, n);
			obj->license[strnlen(obj->license, n)] = '\0';
			break;
		case ELF_SEC_VERSION:
			if (sec->size != 4 || !sec->data)
				return obj_fail(obj, -EINVAL,
						"section '%s': invalid size %lu (want 4)",
						sec->name, (unsigned long)sec->size);
			memcpy(&obj->kern_version, sec->data, 4);
			if (elf_is_swapped(obj->elf))
				obj->kern_version = __builtin_bswap32(obj->kern_version);
			break;
		case ELF_SEC_LEGACY_MAPS:
			return obj_fail(
				obj, -EOPNOTSUPP,
				"section 'maps': legacy map definitions are not supported "
				"(as in libbpf v1.0+): define maps in SEC(\".maps\") with BTF");
		case ELF_SEC_TEXT:
			obj->text_shndx = i;
			break;
		case ELF_SEC_MAPS:
			obj->maps_shndx = i;
			break;
		default:
			break;
		}
	}
	return 0;
}

/* Does anything in the object need BTF (libbpf_needs_btf)? */
static bool needs_btf(const struct hive_object *obj)
{
	if (obj->maps_shndx)
		return true;
	for (uint32_t i = 1; i < elf_sym_cnt(obj->elf); i++) {
		const struct hive_elf_sym *sym = elf_sym(obj->elf, i);

		if (sym->shndx == 0 && sym->name[0] &&
		    (sym->bind == 1 /* STB_GLOBAL */ || sym->bind == 2 /* STB_WEAK */))
			return true;
	}
	return elf_sec_by_class(obj->elf, ELF_SEC_STRUCT_OPS) != NULL;
}

static int init_btf(struct hive_object *obj)
{
	const struct hive_elf_sec *ext_sec = elf_sec_by_class(obj->elf, ELF_SEC_BTF_EXT);
	char errbuf[256] = "";
	struct btf_parse_opts popts = { .errbuf = errbuf, .errbuf_sz = sizeof(errbuf) };
	struct hive_btf *btf;

	if (!elf_sec_by_class(obj->elf, ELF_SEC_BTF)) {
		if (needs_btf(obj))
			return obj_fail(obj, -ENOENT,
					"BTF is required (maps in .maps or externs) but the object "
					"has no .BTF section; compile with -g");
		return 0;
	}
	btf = btf_parse_elf(obj->elf, &popts);
	if (IS_ERR(btf)) {
		if (needs_btf(obj))
			return obj_fail(obj, PTR_ERR(btf), "section '.BTF': %s",
					errbuf[0] ? errbuf : hive_errstr(PTR_ERR(btf)));
		obj_warn(obj, "section '.BTF': %s; ignored", errbuf);
		return 0;
	}
	obj->btf = btf;
	if (ext_sec && ext_sec->data) {
		struct hive_btf_ext *ext;

		errbuf[0] = '\0';
		ext = btf_ext_parse(ext_sec->data, ext_sec->size, btf, errbuf, sizeof(errbuf));
		if (IS_ERR(ext))
			obj_warn(obj, "section '.BTF.ext': %s; ignored and continue", errbuf);
		else
			obj->btf_ext = ext;
	}
	return 0;
}

static struct hive_object *open_elf(struct hive_elf *elf, const char *path,
				    const struct hive_object_open_opts *opts)
{
	struct hive_object *obj = calloc(1, sizeof(*obj));
	int err;

	if (!obj) {
		elf_close(elf);
		return ERR_PTR(-ENOMEM);
	}
	obj->elf = elf;
	obj->kconfig_map_idx = -1;
	obj->path = strdup(path);
	err = obj->path ? copy_opts(obj, opts) : -ENOMEM;
	if (!err)
		set_obj_name(obj, path, opts && opts->object_name ? opts->object_name : NULL);
	err = err ?: collect_special_secs(obj);
	err = err ?: init_btf(obj);
	err = err ?: obj_collect_progs(obj);
	err = err ?: obj_collect_externs(obj);
	err = err ?: obj_fixup_btf(obj);
	err = err ?: obj_init_user_maps(obj);
	err = err ?: obj_init_data_maps(obj);
	err = err ?: obj_init_kconfig_map(obj);
	err = err ?: obj_init_prog_types(obj);
	err = err ?: obj_collect_relos(obj);
	err = err ?: obj_collect_map_relos(obj);
	if (err) {
		if (!last_error[0])
			obj_fail(obj, err, "failed to open: %s", hive_errstr(err));
		hive_object__close(obj);
		return ERR_PTR(err);
	}
	return obj;
}

/* ---- public API: object ---- */

HIVE_API struct hive_object *hive_object__open_file(const char *path,
						    const struct hive_object_open_opts *opts)
{
	char errbuf[512] = "";
	struct hive_elf *elf;

	last_error[0] = '\0';
	if (!path)
		return hive_ptr(ERR_PTR(-EINVAL));
	elf = elf_open_file(path, errbuf, sizeof(errbuf));
	if (IS_ERR(elf)) {
		snprintf(last_error, sizeof(last_error), "%s",
			 errbuf[0] ? errbuf : hive_errstr(PTR_ERR(elf)));
		if (!errbuf[0])
			snprintf(last_error, sizeof(last_error), "%s: %s", path,
				 hive_errstr(PTR_ERR(elf)));
		pr_warn("%s\n", last_error);
		return hive_ptr(elf);
	}
	return hive_ptr(open_elf(elf, path, opts));
}

HIVE_API struct hive_object *hive_object__open_mem(const void *buf, size_t size,
						   const struct hive_object_open_opts *opts)
{
	const char *name = opts && opts->object_name ? opts->object_name : "mem";
	char errbuf[512] = "";
	struct hive_elf *elf;

	last_error[0] = '\0';
	if (!buf || !size)
		return hive_ptr(ERR_PTR(-EINVAL));
	elf = elf_open_mem(buf, size, name, errbuf, sizeof(errbuf));
	if (IS_ERR(elf)) {
		snprintf(last_error, sizeof(last_error), "%s", errbuf[0] ? errbuf : name);
		pr_warn("%s\n", last_error);
		return hive_ptr(elf);
	}
	return hive_ptr(open_elf(elf, name, opts));
}

static void free_prog(struct hive_program *prog)
{
	free(prog->name);
	free(prog->sec_name);
	free(prog->insns);
	free(prog->relos);
	free(prog->func_info);
	free(prog->line_info);
	free(prog->log);
	for (size_t i = 0; i < prog->nr_refs; i++)
		free(prog->refs[i].text);
	free(prog->refs);
}

static void unload(struct hive_object *obj);

HIVE_API void hive_object__close(struct hive_object *obj)
{
	if (IS_ERR_OR_NULL(obj))
		return;
	unload(obj);
	for (size_t i = 0; i < obj->nr_progs; i++)
		free_prog(&obj->progs[i]);
	free(obj->progs);
	for (size_t i = 0; i < obj->nr_maps; i++)
		obj_map_free(&obj->maps[i]);
	free(obj->maps);
	for (size_t i = 0; i < obj->nr_externs; i++) {
		free(obj->externs[i].name);
		free(obj->externs[i].essent_name);
	}
	free(obj->externs);
	btf_ext_free(obj->btf_ext);
	btf_free(obj->btf);
	btf_free(obj->btf_vmlinux);
	btf_free(obj->btf_custom);
	elf_close(obj->elf);
	free(obj->btf_custom_path);
	free(obj->kconfig);
	free(obj->kconfig_path);
	free(obj->path);
	free(obj);
}

HIVE_API const char *hive_object__name(const struct hive_object *obj)
{
	return obj ? obj->name : NULL;
}

HIVE_API const char *hive_object__license(const struct hive_object *obj)
{
	return obj ? obj->license : NULL;
}

HIVE_API uint32_t hive_object__kversion(const struct hive_object *obj)
{
	return obj ? obj->kern_version : 0;
}

HIVE_API bool hive_object__prepared(const struct hive_object *obj)
{
	return obj && obj->prepared;
}

HIVE_API struct hive_program *hive_object__next_program(const struct hive_object *obj,
							struct hive_program *prev)
{
	size_t i;

	if (!obj)
		return NULL;
	i = prev ? (size_t)(prev - obj->progs) + 1 : 0;
	for (; i < obj->nr_progs; i++)
		if (!obj->progs[i].is_subprog)
			return &obj->progs[i];
	return NULL;
}

HIVE_API struct hive_program *hive_object__find_program_by_name(const struct hive_object *obj,
								const char *name)
{
	struct hive_program *prog;

	if (!name)
		return NULL;
	hive_object__for_each_program(prog, obj)
		if (!strcmp(prog->name, name))
			return prog;
	errno = ENOENT;
	return NULL;
}

HIVE_API struct hive_map *hive_object__next_map(const struct hive_object *obj,
						struct hive_map *prev)
{
	size_t i;

	if (!obj)
		return NULL;
	i = prev ? (size_t)(prev - obj->maps) + 1 : 0;
	return i < obj->nr_maps ? &obj->maps[i] : NULL;
}

HIVE_API struct hive_map *hive_object__find_map_by_name(const struct hive_object *obj,
							const char *name)
{
	struct hive_map *map;

	if (!name)
		return NULL;
	hive_object__for_each_map(map, obj) {
		if (name[0] == '.' && map->real_name && !strcmp(map->real_name, name))
			return map;
		if (name[0] != '.' && !strcmp(map->name, name))
			return map;
	}
	errno = ENOENT;
	return NULL;
}

/* ---- public API: programs ---- */

HIVE_API const char *hive_program__name(const struct hive_program *prog)
{
	return prog->name;
}

HIVE_API const char *hive_program__section_name(const struct hive_program *prog)
{
	return prog->sec_name;
}

HIVE_API enum hive_prog_type hive_program__type(const struct hive_program *prog)
{
	return prog->type;
}

HIVE_API enum hive_attach_type hive_program__expected_attach_type(const struct hive_program *prog)
{
	return prog->attach_type;
}

HIVE_API uint32_t hive_program__flags(const struct hive_program *prog)
{
	return prog->prog_flags;
}

HIVE_API bool hive_program__autoload(const struct hive_program *prog)
{
	return prog->autoload;
}

HIVE_API int hive_program__set_autoload(struct hive_program *prog, bool autoload)
{
	if (prog->obj->prepared || prog->obj->prepare_failed)
		return hive_err(-EBUSY);
	prog->autoload = autoload;
	return 0;
}

HIVE_API const struct hive_insn *hive_program__insns(const struct hive_program *prog)
{
	return prog->insns;
}

HIVE_API size_t hive_program__insn_cnt(const struct hive_program *prog)
{
	return prog->insns_cnt;
}

HIVE_API const void *hive_program__func_info(const struct hive_program *prog, uint32_t *cnt,
					     uint32_t *rec_size)
{
	if (cnt)
		*cnt = prog->func_info_cnt;
	if (rec_size)
		*rec_size = prog->func_info_rec_size;
	return prog->func_info_cnt ? prog->func_info : NULL;
}

HIVE_API const void *hive_program__line_info(const struct hive_program *prog, uint32_t *cnt,
					     uint32_t *rec_size)
{
	if (cnt)
		*cnt = prog->line_info_cnt;
	if (rec_size)
		*rec_size = prog->line_info_rec_size;
	return prog->line_info_cnt ? prog->line_info : NULL;
}

HIVE_API struct hive_object *hive_program__object(const struct hive_program *prog)
{
	return prog->obj;
}

HIVE_API int hive_program__set_log_level(struct hive_program *prog, uint32_t log_level)
{
	if (prog->obj->loaded)
		return hive_err(-EBUSY);
	prog->log_level = log_level;
	return 0;
}

HIVE_API uint32_t hive_program__log_level(const struct hive_program *prog)
{
	return prog->log_level;
}

HIVE_API const char *hive_program__log_buf(const struct hive_program *prog, size_t *log_size)
{
	if (log_size)
		*log_size = prog->log ? strlen(prog->log) : 0;
	return prog->log;
}

/* ---- backends ---- */

static struct {
	const struct hive_backend_ops *ops;
	void *ctx;
} backends[2];

int backend_register(enum hive_backend_kind kind, const struct hive_backend_ops *ops, void *ctx)
{
	if ((unsigned int)kind >= ARRAY_SIZE(backends))
		return -EINVAL;
	backends[kind].ops = ops;
	backends[kind].ctx = ctx;
	return 0;
}

const struct hive_backend_ops *backend_lookup(enum hive_backend_kind kind, void **ctx)
{
	if ((unsigned int)kind >= ARRAY_SIZE(backends))
		return NULL;
	/* the user backend is built in: the default for every object unless replaced */
	if (kind == HIVE_BACKEND_USER && !backends[kind].ops)
		backends[kind].ops = backend_user_ops(&backends[kind].ctx);
	if (ctx)
		*ctx = backends[kind].ctx;
	return backends[kind].ops;
}

int object_set_backend(struct hive_object *obj, const struct hive_backend_ops *ops, void *ctx)
{
	if (obj->prepared || obj->prepare_failed)
		return -EBUSY;
	obj->backend = ops;
	obj->backend_ctx = ctx;
	return 0;
}

int object_set_hermetic(struct hive_object *obj)
{
	if (obj->prepared || obj->prepare_failed)
		return -EBUSY;
	obj->hermetic = true;
	return 0;
}

/* Undo what a backend created (programs first, as libbpf's unload does). */
static void unload(struct hive_object *obj)
{
	const struct hive_backend_ops *ops = obj->backend;

	if (!ops)
		return;
	for (size_t i = 0; i < obj->nr_progs; i++)
		if (obj->progs[i].backend_priv && ops->prog_unload)
			ops->prog_unload(obj->backend_ctx, &obj->progs[i]);
	for (size_t i = 0; i < obj->nr_maps; i++) {
		struct hive_map *map = &obj->maps[i];

		if (map->backend_priv && ops->map_destroy)
			ops->map_destroy(obj->backend_ctx, map);
		if (map->inner_map && map->inner_map->backend_priv && ops->map_destroy)
			ops->map_destroy(obj->backend_ctx, map->inner_map);
	}
	if (ops->obj_unload)
		ops->obj_unload(obj->backend_ctx, obj);
	obj->loaded = false;
}

static int create_maps(struct hive_object *obj)
{
	const struct hive_backend_ops *ops = obj->backend;
	int err;

	for (size_t i = 0; i < obj->nr_maps; i++) {
		struct hive_map *map = &obj->maps[i];

		if (!map->autocreate)
			continue;
		if (map->inner_map) {
			err = ops->map_create(obj->backend_ctx, map->inner_map);
			if (err)
				return obj_fail(obj, err, "map '%s': failed to create: %s",
						map->inner_map->name, hive_errstr(err));
		}
		err = ops->map_create(obj->backend_ctx, map);
		if (err)
			return obj_fail(obj, err, "map '%s': failed to create: %s", map->name,
					hive_errstr(err));
	}
	return 0;
}

static int fill_slots(struct hive_object *obj, bool progs)
{
	const struct hive_backend_ops *ops = obj->backend;
	int err = 0;

	for (size_t i = 0; i < obj->nr_maps; i++) {
		struct hive_map *map = &obj->maps[i];

		for (uint32_t s = 0; s < map->nr_init_slots && !err; s++) {
			struct obj_init_slot *slot = &map->init_slots[s];

			if (!progs && slot->map)
				err = ops->map_set_inner(obj->backend_ctx, map, s, slot->map);
			else if (progs && slot->prog)
				err = ops->map_set_prog(obj->backend_ctx, map, s, slot->prog);
			if (err)
				return obj_fail(obj, err,
						"map '%s': failed to initialize slot [%u] "
						"to %s '%s': %s",
						map->name, s, progs ? "prog" : "map",
						progs ? slot->prog->name : slot->map->name,
						hive_errstr(err));
		}
	}
	return 0;
}

static int load_progs(struct hive_object *obj)
{
	const struct hive_backend_ops *ops = obj->backend;

	for (size_t i = 0; i < obj->nr_progs; i++) {
		struct hive_program *prog = &obj->progs[i];
		int err;

		if (prog->is_subprog || !prog->autoload)
			continue;
		err = ops->prog_load(obj->backend_ctx, prog);
		if (err)
			return obj_fail(obj, err, "prog '%s': failed to load: %s", prog->name,
					hive_errstr(err));
	}
	return 0;
}

HIVE_API int hive_object__load(struct hive_object *obj)
{
	int err;

	if (!obj)
		return hive_err(-EINVAL);
	if (obj->loaded)
		return hive_err(obj_fail(obj, -EBUSY, "object is already loaded"));
	if (!obj->backend)
		obj->backend = backend_lookup(obj->backend_kind, &obj->backend_ctx);
	if (!obj->prepared) {
		err = hive_object__prepare(obj);
		if (err)
			return err;
	}
	last_error[0] = '\0';
	if (!obj->backend)
		return hive_err(
			obj_fail(obj, -EOPNOTSUPP, "backend '%s' not available",
				 obj->backend_kind == HIVE_BACKEND_KERNEL ? "kernel" : "user"));
	err = create_maps(obj);
	err = err ?: fill_slots(obj, false);
	err = err ?: load_progs(obj);
	err = err ?: fill_slots(obj, true);
	if (err) {
		unload(obj);
		return hive_err(err);
	}
	obj->loaded = true;
	return 0;
}
