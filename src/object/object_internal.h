/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * object/object_internal.h: the object model shared by the files of src/object/ (and nothing
 * else: backends see it through object/backend.h).
 *
 *   hive_object
 *    ├─ elf, btf (fixed up, spec B.8), btf_ext
 *    ├─ progs[]   entry programs and .text subprograms, sorted by (section, offset)
 *    │             insns[] (the ELF copy; final after prepare), relos[] (sorted by insn),
 *    │             func_info/line_info (after prepare), refs[] (what each insn refers to)
 *    ├─ maps[]    .maps definitions, then data sections, then .kconfig; inner maps hang off
 *    │             their outer map and are not in maps[]
 *    └─ externs[] kconfig (sorted by alignment, size, name) then ksyms
 *
 * Open = parse everything and check it; prepare = everything that needs the target (externs,
 * CO-RE) or produces final instructions (linking, relocations); load = hand to a backend.
 */
#ifndef __HIVE_OBJECT_INTERNAL_H
#define __HIVE_OBJECT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpfhive/object.h"
#include "btf/btf.h"
#include "btf/btf_ext.h"
#include "common/err.h"
#include "common/hashmap.h"
#include "common/log.h"
#include "elf/elf.h"
#include "object/backend.h"
#include "object/obj_insn.h"

/* ---- section-name table (sec_def.c) ---- */

enum sec_def_flags {
	SEC_NONE = 0,
	SEC_EXP_ATTACH_OPT = 1,
	SEC_ATTACHABLE = 2,
	SEC_ATTACHABLE_OPT = SEC_ATTACHABLE | SEC_EXP_ATTACH_OPT,
	SEC_ATTACH_BTF = 4,
	SEC_SLEEPABLE = 8,
	SEC_XDP_FRAGS = 16,
	SEC_USDT = 32,
};

struct sec_def {
	const char *sec; /* "xdp", "kprobe+" (exact or "/..."), "xdp/devmap" ... */
	enum hive_prog_type prog_type;
	enum hive_attach_type attach_type;
	uint32_t flags; /* enum sec_def_flags */
};

const struct sec_def *sec_def_find(const char *sec_name);

/* ---- relocations (spec A.5) ---- */

enum reloc_type {
	RELO_LD64, /* ld_imm64 of a .maps map */
	RELO_CALL, /* bpf-to-bpf call into .text */
	RELO_DATA, /* ld_imm64 of a global variable (internal map) */
	RELO_EXTERN_LD64, /* ld_imm64 of a kconfig or ksym extern */
	RELO_EXTERN_CALL, /* kfunc call */
	RELO_SUBPROG_ADDR, /* ld_imm64 of a function address (callback) */
};

struct obj_reloc {
	enum reloc_type type;
	uint32_t insn_idx; /* program-local */
	int map_idx;
	int sym_off;
	int ext_idx;
	uint32_t sym_idx; /* for messages */
};

/* What an instruction of a prepared program refers to (for backends and dumps). */
struct obj_insn_ref {
	uint32_t insn_idx;
	enum hive_insn_ref_kind kind;
	int map_idx; /* MAP, MAP_VALUE, KCONFIG */
	int ext_idx; /* KFUNC, KSYM, KCONFIG */
	uint32_t btf_id; /* KFUNC/KSYM: id in the target/kfunc BTF */
	char *text; /* CORE_POISON: the relocation's spec; KFUNC_POISON: kfunc name */
};

/* ---- programs ---- */

struct hive_program {
	struct hive_object *obj;
	char *name;
	char *sec_name; /* without '?' */
	uint32_t sec_idx;
	size_t sec_insn_off; /* first insn in its section */
	size_t sec_insn_cnt; /* insns of its own (before subprograms are appended) */
	size_t sub_insn_off; /* linking: where this subprogram sits in the current image */
	const struct sec_def *sec_def;
	enum hive_prog_type type;
	enum hive_attach_type attach_type;
	uint32_t prog_flags; /* HIVE_PROG_F_* */
	bool autoload;
	bool is_subprog; /* in .text */
	bool sym_global;
	bool mark_btf_static; /* hidden global subprogram */
	int exception_cb_idx; /* program index of the exception callback, -1 */
	uint32_t attach_btf_id; /* fentry/lsm/iter/tp_btf: target in the kernel's BTF */

	struct hive_insn *insns;
	size_t insns_cnt;
	struct obj_reloc *relos;
	size_t nr_relos, relos_cap;

	void *func_info;
	uint32_t func_info_cnt, func_info_rec_size;
	size_t func_info_cap;
	void *line_info;
	uint32_t line_info_cnt, line_info_rec_size;
	size_t line_info_cap;

	struct obj_insn_ref *refs;
	size_t nr_refs, refs_cap;

	uint32_t log_level; /* verifier log level for the backend's load (HIVE_LOG_*) */
	char *log; /* the backend's verifier log of the last load (owned), or NULL */
	void *backend_priv;
};

/* ---- maps ---- */

struct obj_init_slot {
	struct hive_map *map; /* ARRAY/HASH_OF_MAPS */
	struct hive_program *prog; /* PROG_ARRAY */
};

struct hive_map {
	struct hive_object *obj;
	char *name;
	char *real_name; /* internal maps: the ELF section name */
	int idx; /* in obj->maps, -1 for an inner definition */
	enum hive_map_kind kind;
	int sec_idx;
	size_t sec_offset;
	uint32_t sec_size; /* .maps: the variable's size */
	uint32_t type, key_size, value_size, max_entries, map_flags, numa_node;
	uint64_t map_extra;
	enum hive_map_pinning pinning;
	uint32_t btf_var_idx; /* .maps: DATASEC entry; internal: 0 */
	uint32_t btf_var_id; /* .maps: the map's VAR */
	uint32_t btf_key_type_id, btf_value_type_id;
	struct hive_map *inner_map;
	struct obj_init_slot *init_slots;
	size_t nr_init_slots, init_slots_cap;
	void *image; /* internal maps: initial data, image_sz bytes */
	size_t image_sz;
	bool autocreate;
	void *backend_priv;
};

/* ---- externs (spec E) ---- */

enum extern_type {
	EXT_UNKNOWN,
	EXT_KCFG,
	EXT_KSYM,
};

enum kcfg_type {
	KCFG_UNKNOWN,
	KCFG_CHAR,
	KCFG_BOOL,
	KCFG_INT,
	KCFG_TRISTATE,
	KCFG_CHAR_ARR,
};

struct obj_extern {
	enum extern_type type;
	char *name;
	char *essent_name; /* kfunc: flavour stripped */
	int btf_id; /* VAR or FUNC in the object's BTF */
	int sec_btf_id; /* its DATASEC */
	uint32_t sym_idx;
	bool is_set;
	bool is_weak;
	union {
		struct {
			enum kcfg_type type;
			int sz;
			int align;
			int data_off;
			bool is_signed;
		} kcfg;
		struct {
			int type_id; /* local type of the VAR (mods skipped) or the FUNC's id */
			bool is_func;
			bool typeless;
			uint32_t kernel_btf_id; /* in the kfunc BTF (funcs) or target BTF (vars) */
			uint64_t addr; /* typeless */
		} ksym;
	};
};

/* ---- the object ---- */

struct obj_cand_cache; /* relo/core.h */

struct hive_object {
	char name[16];
	char *path; /* for messages */
	struct hive_elf *elf;
	struct hive_btf *btf;
	struct hive_btf_ext *btf_ext;
	char license[64];
	uint32_t kern_version;

	uint32_t text_shndx, maps_shndx;
	int kconfig_map_idx;

	struct hive_program *progs;
	size_t nr_progs;
	struct hive_map *maps;
	size_t nr_maps, maps_cap;
	struct obj_extern *externs;
	size_t nr_externs;

	/* options (copied) */
	bool relaxed_maps;
	char *btf_custom_path;
	char *kconfig;
	char *kconfig_path;
	enum hive_backend_kind backend_kind;
	bool no_jit; /* open opts: the user backend interprets */

	/* prepare: target BTFs (owned unless borrowed from a backend) */
	struct hive_btf *btf_vmlinux;
	bool btf_vmlinux_tried;
	struct hive_btf *btf_custom;
	const struct hive_btf *kfunc_btf;

	const struct hive_backend_ops *backend;
	void *backend_ctx;
	void *backend_priv; /* the backend's per-object state */
	bool hermetic; /* read nothing of the running system */
	bool prepared;
	bool prepare_failed;
	bool loaded;
};

/* ---- messages ---- */

/* One line naming the object; fatal reasons also become object_last_error(). */
__attribute__((format(printf, 3, 4))) int obj_fail(const struct hive_object *obj, int err,
						   const char *fmt, ...);
void obj_clear_error(void);
/* The last fatal reason without the file name (to wrap it in more context). */
const char *obj_last_reason(const struct hive_object *obj);
#define obj_warn(obj, fmt, ...) pr_warn("%s: " fmt "\n", (obj)->path, ##__VA_ARGS__)
#define obj_info(obj, fmt, ...) pr_info("%s: " fmt "\n", (obj)->path, ##__VA_ARGS__)
#define obj_debug(obj, fmt, ...) pr_debug("%s: " fmt "\n", (obj)->path, ##__VA_ARGS__)

/* ---- steps, by file ---- */

/* programs.c */
int obj_collect_progs(struct hive_object *obj);
int obj_init_prog_types(struct hive_object *obj);
struct hive_program *obj_find_prog_by_sec_insn(const struct hive_object *obj, uint32_t sec_idx,
					       size_t insn_idx);
bool obj_prog_is_subprog(const struct hive_program *prog);
/* btf_fixup.c */
int obj_fixup_btf(struct hive_object *obj);
int obj_fixup_ksyms_datasec(struct hive_object *obj, int sec_btf_id);
int obj_fixup_kconfig_datasec(struct hive_object *obj, int sec_btf_id);
void obj_mark_hidden_subprogs(struct hive_object *obj);
/* maps.c */
int obj_init_user_maps(struct hive_object *obj);
int obj_init_data_maps(struct hive_object *obj);
int obj_init_kconfig_map(struct hive_object *obj);
int obj_collect_map_relos(struct hive_object *obj);
struct hive_map *obj_add_map(struct hive_object *obj);
void obj_map_free(struct hive_map *map);
bool obj_map_type_is_map_in_map(uint32_t type);
/* externs.c */
int obj_collect_externs(struct hive_object *obj);
int obj_resolve_externs(struct hive_object *obj);
const struct obj_extern *obj_find_extern_by_sym(const struct hive_object *obj, uint32_t sym_idx,
						int *ext_idx);
/* kconfig.c */
int obj_kconfig_parse_line(struct hive_object *obj, void *data, const char *line);
int obj_kconfig_load(struct hive_object *obj, void *data);
int obj_kconfig_virtual(struct hive_object *obj, void *data);
/* relocs.c */
int obj_collect_relos(struct hive_object *obj);
/* link.c */
int obj_relocate(struct hive_object *obj);
int obj_prog_add_ref(struct hive_program *prog, const struct obj_insn_ref *ref);
/* core.c (object side of CO-RE) */
int obj_relocate_core(struct hive_object *obj);
/* the running kernel's BTF (parsed once; NULL if none) */
struct hive_btf *obj_vmlinux_btf(struct hive_object *obj);
/* CO-RE (for_core: custom BTF first) / typed-ksym target; NULL after a logged failure */
const struct hive_btf *obj_target_btf(struct hive_object *obj, bool for_core);
/* the kfunc table: the backend's BTF, or the kernel's without a backend */
const struct hive_btf *obj_kfunc_btf(struct hive_object *obj);

/* Is section @idx one of the data sections backing an internal map? */
static inline bool obj_sec_is_data(const struct hive_elf_sec *sec)
{
	return sec &&
	       (sec->cls == ELF_SEC_DATA || sec->cls == ELF_SEC_RODATA || sec->cls == ELF_SEC_BSS);
}

#endif /* __HIVE_OBJECT_INTERNAL_H */
