/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * bpfhive/object.h: BPF objects (what `clang -O2 -g -target bpf -c` writes), in libbpf's shape.
 *
 *   obj = hive_object__open_file("prog.bpf.o", NULL);   parse: ELF, BTF, programs, maps, externs
 *   hive_object__prepare(obj);                          everything libbpf does before bpf():
 *                                                       externs, CO-RE, subprogram linking,
 *                                                       map/data references, func/line info
 *   hive_object__load(obj);                             prepare + create maps + load programs
 *   hive_object__for_each_program(prog, obj) ...
 *   hive_object__close(obj);
 *
 * Errors: NULL + errno, or a negative errno (errno set too); the reason is logged through the
 * hive_set_print() callback as one line naming the file, the section or symbol and the cause.
 */
#ifndef __HIVE_PUBLIC_OBJECT_H
#define __HIVE_PUBLIC_OBJECT_H

#include "bpfhive/common.h"
#include "bpfhive/map.h"
#include "bpfhive/prog.h"

#ifdef __cplusplus
extern "C" {
#endif

struct hive_object;

/* Which engine hive_object__load() hands the prepared object to. */
enum hive_backend_kind {
	HIVE_BACKEND_USER = 0, /* in-process maps, verifier and interpreter (default) */
	HIVE_BACKEND_KERNEL = 1, /* the running kernel through bpf() */
};

struct hive_object_open_opts {
	size_t sz; /* sizeof(struct hive_object_open_opts) */
	/* Object name used for internal map names; default: file name up to the first '.'. */
	const char *object_name;
	/* Ignore unknown members of map definitions in .maps instead of failing. */
	bool relaxed_maps;
	/* BTF (raw or an ELF file with .BTF) used as CO-RE target instead of the kernel's. */
	const char *btf_custom_path;
	/* Kconfig text ("CONFIG_X=y\n...") consulted before any file. */
	const char *kconfig;
	/* Kernel config file (plain or gzip) instead of /boot/config-$(uname -r), /proc/config.gz. */
	const char *kconfig_path;
	/* Backend for hive_object__load(). */
	enum hive_backend_kind backend;
	/*
	 * User backend: run the programs in the interpreter, not as JIT machine code (x86-64 hosts
	 * JIT verified programs by default; BPFHIVE_JIT=0 in the environment does this for every
	 * object). Results are the same either way.
	 */
	bool no_jit;
	size_t : 0;
};
#define hive_object_open_opts__last_field no_jit

/**
 * hive_object__open_file() - open and parse an object file. @opts may be NULL.
 * Returns the object, or NULL with errno set (the reason is logged).
 */
HIVE_API struct hive_object *hive_object__open_file(const char *path,
						    const struct hive_object_open_opts *opts);
/** hive_object__open_mem() - the same from memory (copied); the name comes from opts or "mem". */
HIVE_API struct hive_object *hive_object__open_mem(const void *buf, size_t size,
						   const struct hive_object_open_opts *opts);
/**
 * hive_object__prepare() - resolve externs, apply CO-RE relocations, link subprograms and
 * resolve map, data and kfunc references: after it, every autoloaded program has its final
 * instructions, func_info and line_info, and every map its final definition and initial data.
 * Nothing is created. Once only: -EBUSY on a second call.
 */
HIVE_API int hive_object__prepare(struct hive_object *obj);
/**
 * hive_object__load() - prepare (if not done) and hand maps and programs to the backend chosen
 * at open. -EOPNOTSUPP ("backend not available") while that backend is not built in.
 */
HIVE_API int hive_object__load(struct hive_object *obj);
/** hive_object__close() - free everything; accepts NULL. */
HIVE_API void hive_object__close(struct hive_object *obj);

HIVE_API const char *hive_object__name(const struct hive_object *obj);
/** hive_object__license() - the "license" section's string ("" if none). */
HIVE_API const char *hive_object__license(const struct hive_object *obj);
/** hive_object__kversion() - the legacy "version" section's value, 0 if none. */
HIVE_API uint32_t hive_object__kversion(const struct hive_object *obj);
HIVE_API bool hive_object__prepared(const struct hive_object *obj);

/** hive_object__next_program() - programs in (section, offset) order; NULL ends. */
HIVE_API struct hive_program *hive_object__next_program(const struct hive_object *obj,
							struct hive_program *prev);
HIVE_API struct hive_program *hive_object__find_program_by_name(const struct hive_object *obj,
								const char *name);
/** hive_object__next_map() - .maps maps, then data sections, then .kconfig; NULL ends. */
HIVE_API struct hive_map *hive_object__next_map(const struct hive_object *obj,
						struct hive_map *prev);
/**
 * hive_object__find_map_by_name() - a name starting with '.' matches an internal map's section
 * name (".rodata"), anything else the map name.
 */
HIVE_API struct hive_map *hive_object__find_map_by_name(const struct hive_object *obj,
							const char *name);

#define hive_object__for_each_program(pos, obj)                     \
	for ((pos) = hive_object__next_program((obj), NULL); (pos); \
	     (pos) = hive_object__next_program((obj), (pos)))

#define hive_object__for_each_map(pos, obj)                     \
	for ((pos) = hive_object__next_map((obj), NULL); (pos); \
	     (pos) = hive_object__next_map((obj), (pos)))

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_PUBLIC_OBJECT_H */
