/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * object/backend.h: what an execution backend (the user-space runtime: maps/, verifier/, vm/,
 * kfunc/; later the kernel through bpf()) sees of a prepared object, and what it provides.
 *
 * hive_object__load() = hive_object__prepare() + these steps, in libbpf's order (spec A.9):
 *
 *   for each map with autocreate:        ops->map_create(map)       (inner definition first, for
 *                                                                    map-in-map; data image in
 *                                                                    object_map_image())
 *   for each map-in-map init slot:       ops->map_set_inner(outer, slot, inner)
 *   for each autoloaded program:         ops->prog_load(prog)       (final insns, refs below)
 *   for each prog-array init slot:       ops->map_set_prog(map, slot, prog)
 *   on failure or close:                 ops->prog_unload / ops->map_destroy for what was made
 *
 * Prepare also asks the backend (when one is attached) for the BTF describing the kfuncs it
 * implements: a kfunc extern resolves by name (flavour `___x` stripped) to a FUNC of that BTF
 * whose prototype is compatible (spec C.6/E.4), and the call gets imm = that FUNC's id. With no
 * backend attached, prepare resolves against the running kernel's BTF (/sys/kernel/btf/vmlinux)
 * and /proc/kallsyms, which is what `bpfhive obj dump` shows and what the kernel backend uses.
 *
 * Instruction references in a prepared program (object_prog_refs()), one per instruction that
 * needs a backend handle:
 *   HIVE_REF_MAP        ld_imm64 src=BPF_PSEUDO_MAP_FD,    imm = map index
 *   HIVE_REF_MAP_VALUE  ld_imm64 src=BPF_PSEUDO_MAP_VALUE, imm = map index, insn[1].imm = offset
 *                       (global data and __kconfig externs; the kconfig map is a normal map)
 *   HIVE_REF_KFUNC      call src=BPF_PSEUDO_KFUNC_CALL, imm = FUNC id in the kfunc BTF, off = 0
 *   HIVE_REF_KSYM       typed ksym: ld_imm64 src=BPF_PSEUDO_BTF_ID, imm = VAR id in target BTF;
 *                       typeless: plain ld_imm64 of the address (informational)
 *   HIVE_REF_CALLBACK   ld_imm64 src=BPF_PSEUDO_FUNC, imm = relative insn offset (informational)
 *   HIVE_REF_CORE_POISON, HIVE_REF_MAP_POISON, HIVE_REF_KFUNC_POISON: a poisoned `call` (spec
 *                       A.10); text says why, for the verifier log.
 * A backend rewrites MAP/MAP_VALUE imm to its own handle (the user backend: a pointer split
 * over imm/insn[1].imm, as the kernel does after verification).
 */
#ifndef __HIVE_OBJECT_BACKEND_H
#define __HIVE_OBJECT_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "bpfhive/object.h"

struct hive_btf;
struct hive_insn;

enum hive_insn_ref_kind {
	HIVE_REF_MAP,
	HIVE_REF_MAP_VALUE,
	HIVE_REF_KFUNC,
	HIVE_REF_KSYM,
	HIVE_REF_CALLBACK,
	HIVE_REF_CORE_POISON,
	HIVE_REF_MAP_POISON,
	HIVE_REF_KFUNC_POISON,
};

struct hive_insn_ref_info {
	uint32_t insn_idx;
	enum hive_insn_ref_kind kind;
	const struct hive_map *map; /* MAP, MAP_VALUE, MAP_POISON */
	const char *name; /* KFUNC, KSYM: extern name; MAP*: map name */
	uint32_t btf_id; /* KFUNC, KSYM */
	const char *text; /* *_POISON: explanation ("failed to resolve CO-RE relocation <spec>") */
};

struct hive_backend_ops {
	const char *name;
	/* BTF whose FUNCs are the kfuncs this backend implements (borrowed from ctx); NULL: none. */
	const struct hive_btf *(*kfunc_btf)(void *ctx);
	/* Target BTF for CO-RE and typed ksyms when vmlinux is not readable; NULL: none. */
	const struct hive_btf *(*target_btf)(void *ctx);
	/* Address of a typeless ksym, or -ENOENT. NULL: /proc/kallsyms. */
	int (*ksym_addr)(void *ctx, const char *name, uint64_t *addr);

	int (*map_create)(void *ctx, struct hive_map *map);
	int (*map_set_inner)(void *ctx, struct hive_map *outer, uint32_t slot,
			     struct hive_map *inner);
	int (*map_set_prog)(void *ctx, struct hive_map *map, uint32_t slot,
			    struct hive_program *prog);
	void (*map_destroy)(void *ctx, struct hive_map *map);
	int (*prog_load)(void *ctx, struct hive_program *prog);
	void (*prog_unload)(void *ctx, struct hive_program *prog);
	/* After every prog_unload/map_destroy of a failed load or a close: free per-object state
	 * (object_priv()). May be NULL. */
	void (*obj_unload)(void *ctx, struct hive_object *obj);
	/* The live value area of a created global data map (what hive_map__initial_value()
	 * returns after load, as libbpf's mmaped pointer), NULL if none. May be NULL. */
	void *(*map_mmaped)(void *ctx, const struct hive_map *map, size_t *size);
};

/*
 * backend_register() - make @ops the implementation of @kind for every object opened with it
 * (the runtime calls this once at start-up). @ctx is passed to every op. NULL unregisters.
 */
int backend_register(enum hive_backend_kind kind, const struct hive_backend_ops *ops, void *ctx);
/* backend_user_ops() - the built-in user backend (src/backend/), and its ctx. */
const struct hive_backend_ops *backend_user_ops(void **ctx);
/* backend_lookup() - the registered ops of @kind (and its ctx), or NULL; the user backend is
 * registered on first use. */
const struct hive_backend_ops *backend_lookup(enum hive_backend_kind kind, void **ctx);
/*
 * object_set_backend() - attach @ops to one object before prepare (tests, embedders); it then
 * takes precedence over the registered backend. -EBUSY after prepare.
 */
int object_set_backend(struct hive_object *obj, const struct hive_backend_ops *ops, void *ctx);

/*
 * object_set_hermetic() - before prepare: read nothing of the running system (no
 * /sys/kernel/btf/vmlinux, /proc/kallsyms, /proc/config.gz or /boot/config-*); only the
 * backend's BTFs and the open options count. For deterministic runs and fuzzing.
 */
int object_set_hermetic(struct hive_object *obj);

/* ---- what a backend reads ---- */

/* Instructions of a prepared program (also hive_program__insns()); writable for the backend. */
struct hive_insn *object_prog_insns_mut(struct hive_program *prog, size_t *cnt);
/* Reference @i (0 <= i < object_prog_ref_cnt()) in instruction order. */
size_t object_prog_ref_cnt(const struct hive_program *prog);
int object_prog_ref(const struct hive_program *prog, size_t i, struct hive_insn_ref_info *out);
/* The reference on instruction @insn_idx, or -ENOENT. */
int object_prog_ref_at(const struct hive_program *prog, uint32_t insn_idx,
		       struct hive_insn_ref_info *out);
/* Map by index (what MAP/MAP_VALUE imm holds), or NULL. */
struct hive_map *object_map_by_idx(const struct hive_object *obj, int idx);
/* Initial data of an internal map (value_size bytes), or NULL. */
const void *object_map_image(const struct hive_map *map);
/* The object's BTF after the loader's fix-ups (what BPF_BTF_LOAD would upload). */
const struct hive_btf *object_btf(const struct hive_object *obj);
/* hive_object_open_opts.no_jit: the user backend keeps the programs in the interpreter. */
bool object_no_jit(const struct hive_object *obj);
/* The BTF kfunc ids in prepared programs refer to (NULL if no kfunc was resolved). */
const struct hive_btf *object_kfunc_btf(const struct hive_object *obj);
/* The target BTF used for CO-RE (custom, vmlinux or the backend's), NULL if none was needed. */
const struct hive_btf *object_target_btf(const struct hive_object *obj);

void *object_prog_priv(const struct hive_program *prog);
/* The backend's per-object state (freed by ops->obj_unload). */
void *object_priv(const struct hive_object *obj);
void object_set_priv(struct hive_object *obj, void *priv);
/* The object a map (or an inner map definition) belongs to. */
struct hive_object *object_map_object(const struct hive_map *map);
/* Keep @log (malloc'ed, taken over; NULL clears) as the program's verifier log
 * (hive_program__log_buf()); it survives a failed load until the object is closed. */
void object_prog_set_log(struct hive_program *prog, char *log);
void object_prog_set_priv(struct hive_program *prog, void *priv);
void *object_map_priv(const struct hive_map *map);
void object_map_set_priv(struct hive_map *map, void *priv);

/* The last fatal error of an open/prepare/load in this thread ("" if none). */
const char *object_last_error(void);

#endif /* __HIVE_OBJECT_BACKEND_H */
