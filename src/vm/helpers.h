/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vm/helpers.h: the run-time implementations of BPF helpers for the user backend, with the
 * kernel's semantics (return values, error codes, limits, truncation rules), grouped by what
 * they need from the environment:
 *
 *   map      maps, ring buffers, spin locks, kptr_xchg, tail calls, bpf_loop,
 *            for_each_map_elem, per-CPU pointers                      (helpers_map.c)
 *   env      clocks, random numbers, CPU and NUMA ids, current task   (helpers_env.c)
 *   str      strtol/strtoul/strncmp, probe_read*, copy_from_user      (helpers_str.c)
 *   printf   trace_printk, trace_vprintk, snprintf                     (helpers_printf.c)
 *
 * Program-type specific helpers (skb_load_bytes, csum_*, xdp_adjust_*) need the run-time
 * context layouts of vm/ctx.h; they will come as further groups (say vm_helpers_skb) listed in
 * vm_register_helpers(), each a table of struct vm_helper_desc like the ones here.
 *
 * Helpers find their environment (struct hive_run_env, vm/host.h) through run->env, and use
 * run->cpu as the CPU they execute on. In checked mode (unverified code) every memory argument
 * is checked with hive_vm_check_access() first and a bad one stops the run with a fault naming
 * the helper; in fast mode the verifier has proven them.
 *
 * Not implemented (the interpreter reports "call to unknown helper"): bpf_get_current_task and
 * bpf_get_current_task_btf (the kernel returns a task_struct pointer that programs dereference;
 * user space has none to give), perf events, sockets, cgroups, timers and the other helpers
 * that need kernel objects.
 */
#ifndef __HIVE_VM_HELPERS_H
#define __HIVE_VM_HELPERS_H

#include <stddef.h>
#include <stdint.h>

#include "isa/helpers.h"
#include "vm/host.h"
#include "vm/vm.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The kernel's limits (include/linux/bpf.h, kernel/bpf/helpers.c, kernel/trace/bpf_trace.c). */
#define VM_BPF_MAX_LOOPS (8 * 1024 * 1024) /* bpf_loop, bpf_iter_num */
#define VM_MAX_BPRINTF_VARARGS 12 /* snprintf / trace_vprintk arguments */
#define VM_MAX_TRACE_PRINTK_VARARGS 3
#define VM_MAX_BPRINTF_BUF 1024 /* one trace_printk message */
#define VM_MAX_BPRINTF_BIN_ARGS 512 /* binary argument buffer of bpf_bprintf_prepare() */
#define VM_BPF_STRTOX_BASE_MASK 0x1F

/* Helper ids by name: VM_FUNC_map_lookup_elem = 1, ... (enum bpf_func_id). */
#define VM_HELPER_ID(id, name) VM_FUNC_##name = id,
enum vm_func_id { HIVE_HELPER_MAP(VM_HELPER_ID) };
#undef VM_HELPER_ID

/* Flags of a helper descriptor. */
#define VM_HELPER_PROBE \
	(1U << 0) /* reads arbitrary process memory (hive_host_opts.no_probe_read) */

struct vm_helper_desc {
	int32_t id; /* enum bpf_func_id */
	hive_func_fn fn;
	uint32_t flags;
};

struct vm_helper_group {
	const char *name;
	const struct vm_helper_desc *descs;
	size_t cnt;
};

extern const struct vm_helper_group vm_helpers_map;
extern const struct vm_helper_group vm_helpers_env;
extern const struct vm_helper_group vm_helpers_str;
extern const struct vm_helper_group vm_helpers_printf;

/**
 * vm_register_helpers() - install every helper of this file in @vm's helper table, under the
 * kernel's helper ids and names ("bpf_map_lookup_elem"). @host (NULL: defaults) selects what is
 * installed (no_probe_read); it is not kept: runs find their host through their env.
 * Returns 0 or -ENOMEM. Must not be called while programs of @vm run.
 */
int vm_register_helpers(struct hive_vm *vm, const struct hive_host *host);
/* vm_register_helper_group() - one group only, same rules. */
int vm_register_helper_group(struct hive_vm *vm, const struct vm_helper_group *group,
			     const struct hive_host *host);

/* ---- shared by the helper files ---- */

/*
 * vm_helper_mem_ok() - checked mode: may a helper access [@addr, @addr + @size) for the
 * program? If not, the run is stopped with "<helper>: invalid <what> ..." and false returned.
 * Always true in fast mode and for @size 0.
 */
bool vm_helper_mem_ok(struct hive_vm_run *run, const char *helper, const char *what, uint64_t addr,
		      uint64_t size, bool write);
/* vm_helper_str_ok() - checked mode: a NUL-terminated string at @addr the program may read. */
bool vm_helper_str_ok(struct hive_vm_run *run, const char *helper, const char *what, uint64_t addr);
/* vm_run_stopped() - a callback faulted or asked to exit: stop iterating. */
bool vm_run_stopped(const struct hive_vm_run *run);

/* ---- the pure cores, callable without a run (tests, other components) ---- */

/* bpf_strtol / bpf_strtoul: characters consumed, or -EINVAL / -ERANGE; *res is 0 on error. */
long vm_strtol(const char *buf, size_t buf_len, uint64_t flags, int64_t *res);
long vm_strtoul(const char *buf, size_t buf_len, uint64_t flags, uint64_t *res);
/* bpf_strncmp: the kernel's strncmp(), which returns -1, 0 or 1. */
long vm_strncmp(const char *s1, uint32_t s1_sz, const char *s2);

/*
 * Fault-safe reads of process memory (the kernel's *_nofault copies): never crash on a bad
 * address. vm_probe_read(): 0, or -EFAULT with @dst zeroed. vm_probe_read_str(): the length
 * copied including the NUL (a string longer than @size is cut to @size - 1 characters and a
 * NUL), 0 for @size 0, or -EFAULT with @dst zeroed.
 */
long vm_probe_read(void *dst, uint32_t size, uint64_t src);
long vm_probe_read_str(void *dst, uint32_t size, uint64_t src);

/*
 * vm_bprintf() - the kernel's bpf_bprintf_prepare() + bstr_printf(): check @fmt (a NUL must
 * occur within @fmt_size bytes) against @nr_args 64-bit arguments, fetch %s/%pI4... arguments
 * from memory fault-safely, and format into @str (@size bytes, always NUL-terminated when
 * @size > 0). Returns the length the full output has (without the NUL), or -EINVAL for a bad
 * format / too few arguments, -ENOSPC when the arguments do not fit the kernel's 512-byte
 * buffer. @host keys the %p hash (NULL: the default host).
 */
long vm_bprintf(const struct hive_host *host, char *str, uint32_t size, const char *fmt,
		uint32_t fmt_size, const uint64_t *args, uint32_t nr_args);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_VM_HELPERS_H */
