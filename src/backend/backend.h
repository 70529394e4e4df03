/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * backend/backend.h: the user backend, what its files share.
 *
 * The user backend is the hive_backend_ops of object/backend.h that loads a prepared object
 * into this process: maps become maps/ instances, programs are verified by verifier/ and become
 * vm/ programs. The pieces:
 *
 *   runtime.c        the process-wide runtime: one interpreter environment (helpers, kfuncs),
 *                    one host (clock, random), the kfunc BTF (vmlinux, or runtime_btf.c's)
 *   backend_user.c   the ops: map_create / map_set_inner / map_set_prog / prog_load ...
 *   maps_glue.c      everything that talks to maps/ (its enum hive_map_type clashes with the
 *                    public one, so only this file includes maps/map.h)
 *   prog_load.c      verifier input from an object, and the verified program made runnable:
 *                    map pointers, kfunc slots, the graph kfuncs' hidden arguments (patch.c)
 *   test_run.c       hive_program__test_run(): argument checks, repetitions, timing
 *   ctx_skb.c        the sk_buff of SCHED_CLS/SCHED_ACT/SOCKET_FILTER/CGROUP_SKB runs
 *   ctx_xdp.c        the xdp_buff of XDP runs
 *   map_api.c        hive_map__lookup_elem() and friends; ringbuf_api.c hive_ring_buffer__*
 *
 * Lifetimes: the object owns one reference to each struct be_prog (prog arrays take more); each
 * struct be_map owns its map instance; struct be_obj (the struct metas of the object's BTF,
 * which map records and kfunc calls point into) lives until obj_unload, which first waits for
 * every deferred free of map memory (kfunc_rcu_barrier()).
 */
#ifndef __HIVE_BACKEND_BACKEND_H
#define __HIVE_BACKEND_BACKEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "btf/btf_record.h"
#include "vm/host.h"

struct hive_btf;
struct hive_vm;
struct hive_host;
struct hive_vm_prog;
struct hive_map_impl;
struct hive_object;
struct hive_program;
struct hive_map;
struct hive_verifier_map;
struct btf_struct_metas;

/* ---- the runtime (runtime.c) ---- */

struct be_runtime {
	struct hive_vm *vm; /* helpers and kfuncs of every loaded program */
	struct hive_host *host;
	const struct hive_btf *kfunc_btf; /* what kfunc calls' BTF ids refer to */
	bool own_btf; /* kfunc_btf is runtime_btf.c's, not vmlinux */
	uint32_t nr_cpus;
};

/* The runtime, set up on first use; NULL with *err (if given) when that failed. */
const struct be_runtime *be_runtime(int *err);

/* runtime_btf.c: BTF of every kfunc the runtime implements, with the kernel's prototypes. */
struct hive_btf *be_runtime_btf_new(void);

/* ---- per-object state ---- */

struct be_obj {
	const struct hive_btf *btf; /* the object's BTF (borrowed), NULL if none */
	struct btf_struct_metas *metas; /* what BPF_BTF_LOAD computes (owned) */
};

/* The state of @obj, created on first use; ERR_PTR(-errno) when its BTF is rejected. */
struct be_obj *be_obj_get(struct hive_object *obj);

/* ---- maps ---- */

struct be_map {
	uint32_t magic;
	struct hive_map_impl *impl;
	uint32_t type, key_size, value_size, max_entries, flags;
	void *mmaped; /* global data: the live value area, mmap_sz bytes */
	size_t mmap_sz;
	bool mmap_writable;
};

/* What maps_create() needs, without maps/map.h's types. */
struct be_map_spec {
	uint32_t type, key_size, value_size, max_entries, flags;
	uint64_t extra;
	const char *name;
	const struct hive_record *record;
	struct hive_map_impl *inner; /* map-in-map template */
};

/* maps_glue.c */
/* Once, by the runtime: prog array slots hold struct be_prog references; hash seed. */
void be_maps_runtime_init(uint64_t seed);
struct hive_map_impl *be_maps_create(const struct be_map_spec *spec);
struct hive_map_impl *be_maps_get(struct hive_map_impl *impl);
void be_maps_put(struct hive_map_impl *impl);
/* Store @image (value_size bytes) at key 0, freeze if asked, map the values for direct access
 * if mmapable (read-only when frozen or RDONLY_PROG). */
int be_maps_init_data(struct be_map *bm, const void *image, bool freeze);
void be_maps_fini_data(struct be_map *bm);
/* Address of the value of key 0 of an array (what BPF_PSEUDO_MAP_VALUE refers to), or NULL. */
void *be_maps_value0(struct hive_map_impl *impl);
/* A plain ARRAY's values: address of element 0 and the distance between elements (what an
 * inlined lookup computes with); -EINVAL for other maps. */
int be_maps_array_layout(struct hive_map_impl *impl, uint64_t *base, uint64_t *stride);
/* Fill the runtime half of a verifier map description (type, sizes, record, frozen, data). */
void be_maps_describe(struct hive_map_impl *impl, struct hive_verifier_map *vm);
int be_maps_set_slot(struct hive_map_impl *impl, uint32_t slot, void *obj);
uint32_t be_maps_nr_cpus(const struct hive_map_impl *impl);
uint32_t be_maps_sys_value_size(const struct hive_map_impl *impl);
bool be_maps_is_percpu(uint32_t type);
bool be_maps_is_fd_map(uint32_t type);
int be_maps_lookup(struct hive_map_impl *impl, const void *key, void *value, uint64_t flags);
int be_maps_update(struct hive_map_impl *impl, const void *key, const void *value, uint64_t flags);
int be_maps_delete(struct hive_map_impl *impl, const void *key);
int be_maps_lookup_and_delete(struct hive_map_impl *impl, const void *key, void *value,
			      uint64_t flags);
int be_maps_next_key(struct hive_map_impl *impl, const void *key, void *next);
int be_maps_freeze(struct hive_map_impl *impl);
/* Ring buffers: consume records, wakeup notification. */
typedef int (*be_ringbuf_fn)(void *ctx, void *data, size_t size);
int be_maps_ringbuf_consume(struct hive_map_impl *impl, be_ringbuf_fn fn, void *ctx);
uint64_t be_maps_ringbuf_avail(struct hive_map_impl *impl);
void be_maps_ringbuf_notify(struct hive_map_impl *impl, void (*fn)(void *ctx), void *ctx);

/* The backend's map behind a public map, NULL if not created by the user backend. */
struct be_map *be_map_of(const struct hive_map *map);

/* ---- programs ---- */

#define BE_PROG_MAGIC 0x68697665U /* "hive": a struct be_prog, not another backend's */
#define BE_MAP_MAGIC 0x6d617073U

struct be_prog {
	uint32_t magic;
	int refcnt; /* atomic: the object's reference + prog array slots */
	uint32_t id; /* unique, like a kernel prog id */
	struct hive_vm_prog *vm_prog;
	uint32_t prog_type, attach_type, prog_flags;
	uint32_t max_ctx_offset; /* highest context byte the program accesses (0: unknown) */
	struct be_obj *bo;
	char name[16];
};

/* prog_load.c: verify @prog and make it runnable; the log goes to object_prog_set_log(). */
int be_prog_load(const struct be_runtime *rt, struct hive_program *prog, struct be_prog **out);
struct be_prog *be_prog_get(struct be_prog *bp);
void be_prog_put(struct be_prog *bp);

/* patch.c: insert instructions before some instructions, keeping every jump, call and
 * callback offset pointing at the same instruction (a jump to a patched instruction lands on
 * the first inserted one, as the kernel's bpf_patch_insn_data()). */
struct hive_insn;
struct be_patch {
	uint32_t idx; /* insert before this instruction (ascending, unique) */
	uint32_t cnt; /* at most 4 */
	struct hive_insn *insns; /* cnt instructions (copied) */
};
int be_patch_insns(const struct hive_insn *insns, uint32_t cnt, const struct be_patch *patches,
		   uint32_t nr_patches, struct hive_insn **out, uint32_t *out_cnt);

/* The backend's program behind a public program, NULL if not loaded by the user backend. */
struct be_prog *be_prog_of(const struct hive_program *prog);

/* ---- test runs ---- */

struct hive_test_run_opts;

/* One program execution context: the run env (CPU, host, packet) and the interpreter state. */
struct be_exec {
	struct hive_run_env env;
	struct hive_vm_run *run;
	const struct be_prog *bp;
};

/* test_run.c: bind @ex to @bp, CPU @cpu (-ENXIO if out of range), packet @user (or NULL). */
int be_exec_begin(struct be_exec *ex, const struct be_prog *bp, uint32_t cpu, void *user);
/* Run @repeat times (0: once) on @ctx; retval and the average duration (ns) of one run. */
int be_exec_repeat(struct be_exec *ex, void *ctx, uint32_t repeat, uint32_t *retval,
		   uint32_t *duration);
void be_exec_end(struct be_exec *ex);
/* The kernel's bpf_ctx_init(): a zeroed @max_size context with ctx_in copied in; NULL when
 * neither ctx_in nor ctx_out is given; ERR_PTR(-E2BIG) when ctx_in has non-zero bytes past
 * @max_size, -EFAULT for a NULL ctx_in with a size. */
void *be_ctx_init(const struct hive_test_run_opts *o, uint32_t max_size);
/* bpf_ctx_finish() / bpf_test_finish(): copy out with the kernel's -ENOSPC truncation;
 * retval and duration are reported only here, as the kernel reports them only on success. */
int be_ctx_finish(struct hive_test_run_opts *o, const void *ctx, uint32_t size);
int be_data_finish(struct hive_test_run_opts *o, const void *data, uint32_t size, uint32_t retval,
		   uint32_t duration);

/* ctx_skb.c, ctx_xdp.c */
struct vm_netdev;
/* The device with @ifindex as the kernel's test run finds it: 0 and 1 are the loopback device
 * (addresses all zero, one rx queue); others must exist on this machine (-ENODEV). */
int be_netdev(uint32_t ifindex, struct vm_netdev *dev);
int be_run_skb(const struct be_prog *bp, struct hive_test_run_opts *o, uint32_t cpu);
int be_run_xdp(const struct be_prog *bp, struct hive_test_run_opts *o, uint32_t cpu);

/* backend_user.c: the ops table */
extern struct hive_backend_ops be_user_ops;

#endif /* __HIVE_BACKEND_BACKEND_H */
