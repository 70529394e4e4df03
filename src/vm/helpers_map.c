// SPDX-License-Identifier: BSD-2-Clause
/*
 * vm/helpers_map.c: helpers around maps and control flow: element access, ring buffers, spin
 * locks, kptr_xchg, per-CPU pointers, bpf_tail_call, bpf_loop and bpf_for_each_map_elem.
 *
 * The maps themselves (maps/) already have the kernel's semantics; these wrappers only adapt
 * the calling convention, check memory arguments in checked mode, and run BPF callbacks with
 * hive_vm_call() using the kernel's callback arguments:
 *   bpf_loop:            callback(index, ctx, 0, 0, 0); non-zero stops, returns index + 1
 *                        (as the kernel's inlined bpf_loop, see h_loop())
 *   for_each_map_elem:   callback(map, key, value, ctx, 0); non-zero stops after that element
 */
#include <errno.h>

#include "common/err.h"
#include "kfunc/alloc.h"
#include "kfunc/kfunc.h"
#include "maps/map.h"
#include "maps/ringbuf.h"
#include "vm/helpers.h"

#define P(x) ((void *)(uintptr_t)(x))
#define U(x) ((uint64_t)(uintptr_t)(x))
#define HELPER(name)                                                                              \
	static uint64_t h_##name(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5, \
				 struct hive_vm_run *run)

/* ---- elements ---- */

/*
 * Checked mode cannot tell a map pointer from any other number (the loader wrote it into an
 * ld_imm64); it refuses at least NULL, the usual result of a missing relocation.
 */
static bool map_ok(struct hive_vm_run *run, const char *helper, uint64_t map)
{
	if (map || !run->checked)
		return true;
	hive_vm_fault(run, "%s: NULL map pointer", helper);
	return false;
}

static bool key_ok(struct hive_vm_run *run, const char *helper, uint64_t map, uint64_t key)
{
	return map_ok(run, helper, map) &&
	       vm_helper_mem_ok(run, helper, "key", key, ((struct hive_map_impl *)P(map))->key_size,
				false);
}

static bool value_ok(struct hive_vm_run *run, const char *helper, uint64_t map, uint64_t value,
		     bool write)
{
	return map_ok(run, helper, map) &&
	       vm_helper_mem_ok(run, helper, "value", value,
				((struct hive_map_impl *)P(map))->value_size, write);
}

HELPER(map_lookup_elem)
{
	if (!key_ok(run, "bpf_map_lookup_elem", r1, r2))
		return 0;
	return U(maps_lookup(P(r1), P(r2)));
}

HELPER(map_update_elem)
{
	if (!key_ok(run, "bpf_map_update_elem", r1, r2) ||
	    !value_ok(run, "bpf_map_update_elem", r1, r3, false))
		return 0;
	return (uint64_t)maps_update(P(r1), P(r2), P(r3), r4);
}

HELPER(map_delete_elem)
{
	if (!key_ok(run, "bpf_map_delete_elem", r1, r2))
		return 0;
	return (uint64_t)maps_delete(P(r1), P(r2));
}

HELPER(map_push_elem)
{
	if (!value_ok(run, "bpf_map_push_elem", r1, r2, false))
		return 0;
	return (uint64_t)maps_push(P(r1), P(r2), r3);
}

HELPER(map_pop_elem)
{
	if (!value_ok(run, "bpf_map_pop_elem", r1, r2, true))
		return 0;
	return (uint64_t)maps_pop(P(r1), P(r2));
}

HELPER(map_peek_elem)
{
	if (!value_ok(run, "bpf_map_peek_elem", r1, r2, true))
		return 0;
	return (uint64_t)maps_peek(P(r1), P(r2));
}

HELPER(map_lookup_percpu_elem)
{
	if (!key_ok(run, "bpf_map_lookup_percpu_elem", r1, r2))
		return 0;
	return U(maps_lookup_percpu(P(r1), P(r2), (uint32_t)r3));
}

/* ---- ring buffers ---- */

HELPER(ringbuf_output)
{
	if (!map_ok(run, "bpf_ringbuf_output", r1) ||
	    !vm_helper_mem_ok(run, "bpf_ringbuf_output", "data", r2, r3, false))
		return 0;
	return (uint64_t)ringbuf_output(P(r1), P(r2), r3, r4);
}

HELPER(ringbuf_reserve)
{
	if (!map_ok(run, "bpf_ringbuf_reserve", r1))
		return 0;
	return U(ringbuf_reserve(P(r1), r2, r3));
}

HELPER(ringbuf_submit)
{
	ringbuf_submit(P(r1), r2);
	return 0;
}

HELPER(ringbuf_discard)
{
	ringbuf_discard(P(r1), r2);
	return 0;
}

HELPER(ringbuf_query)
{
	if (!map_ok(run, "bpf_ringbuf_query", r1))
		return 0;
	return ringbuf_query(P(r1), r2);
}

/* ---- graph helpers (spec B.6) ---- */

HELPER(spin_lock)
{
	if (!vm_helper_mem_ok(run, "bpf_spin_lock", "lock", r1, 4, true))
		return 0;
	return (uint64_t)kfunc_spin_lock(P(r1));
}

HELPER(spin_unlock)
{
	if (!vm_helper_mem_ok(run, "bpf_spin_unlock", "lock", r1, 4, true))
		return 0;
	return (uint64_t)kfunc_spin_unlock(P(r1));
}

HELPER(kptr_xchg)
{
	if (!vm_helper_mem_ok(run, "bpf_kptr_xchg", "kptr slot", r1, 8, true))
		return 0;
	return U(kfunc_kptr_xchg(P(r1), P(r2)));
}

/* bpf_per_cpu_ptr / bpf_this_cpu_ptr on per-CPU local objects (bpf_percpu_obj_new). */
HELPER(per_cpu_ptr)
{
	return r1 ? U(kfunc_percpu_ptr(P(r1), (uint32_t)r2)) : 0;
}

HELPER(this_cpu_ptr)
{
	return r1 ? U(kfunc_percpu_ptr(P(r1), run->cpu)) : 0;
}

/* ---- control flow ---- */

/*
 * bpf_tail_call(ctx, prog_array, index): on success the program continues at the start of the
 * target when this helper returns; on a miss (index out of range, empty slot, 33 tail calls
 * done) it falls through and the program goes on after the call, as in the kernel.
 *
 * Only a jump counts toward the 33: an empty slot costs nothing. That is what 6.18 does on
 * x86-64, where programs are JITed ("inc tail_call_cnt if the slot is populated", both the
 * direct and the indirect tail call). 6.18's interpreter (JIT off) still counted before the
 * NULL check, until upstream commit 3733f4be2870 made it agree with the JIT.
 */
HELPER(tail_call)
{
	struct hive_map_impl *map = P(r2);
	const struct hive_host_opts *opts = vm_host_opts(vm_env_of(run)->host);
	const struct hive_vm_prog *prog;
	uint32_t index = (uint32_t)r3;
	void *obj;

	if (!map_ok(run, "bpf_tail_call", r2))
		return 0;
	if (map->map_type != HIVE_MAP_TYPE_PROG_ARRAY || index >= map->max_entries ||
	    run->tail_calls >= HIVE_VM_MAX_TAIL_CALLS)
		return 0;
	obj = maps_prog_array_get(map, index);
	if (!obj)
		return 0;
	prog = opts->prog_of ? opts->prog_of(obj, opts->prog_of_ctx) : obj;
	if (prog)
		hive_vm_tail_call(run, prog);
	return 0;
}

/*
 * bpf_loop(nr_loops, callback, ctx, flags). With flags the constant 0 the kernel's verifier
 * inlines the call (optimize_bpf_loop), and the inlined code differs from the helper in two
 * visible ways: it compares all 64 bits of nr_loops with the limit, and it sets -E2BIG with a
 * 32-bit move, so r0 is 0xffffffe4. Programs pass flags 0, so that is what flags 0 gets here;
 * any other flags is the helper's -EINVAL (the kernel never inlines then).
 */
HELPER(loop)
{
	uint64_t i;

	if (r4)
		return (uint64_t)-EINVAL;
	if (r1 > VM_BPF_MAX_LOOPS)
		return (uint32_t)-E2BIG;
	for (i = 0; i < r1; i++) {
		/* 0: continue, anything else (the verifier allows 1): stop */
		if (hive_vm_call(run, r2, i, r3, 0, 0, 0))
			return i + 1;
		if (vm_run_stopped(run))
			break;
	}
	return i;
}

struct for_each_ctx {
	struct hive_vm_run *run;
	uint64_t fn, ctx;
};

static long for_each_cb(struct hive_map_impl *map, void *key, void *value, void *arg)
{
	struct for_each_ctx *c = arg;
	uint64_t ret = hive_vm_call(c->run, c->fn, U(map), U(key), U(value), c->ctx, 0);

	return ret || vm_run_stopped(c->run);
}

HELPER(for_each_map_elem)
{
	struct for_each_ctx c = { .run = run, .fn = r2, .ctx = r3 };

	if (!map_ok(run, "bpf_for_each_map_elem", r1))
		return 0;
	return (uint64_t)maps_for_each(P(r1), for_each_cb, &c, r4);
}

#define D(name)                             \
	{                                   \
		VM_FUNC_##name, h_##name, 0 \
	}

static const struct vm_helper_desc descs[] = {
	D(map_lookup_elem),   D(map_update_elem),
	D(map_delete_elem),   D(tail_call),
	D(map_push_elem),     D(map_pop_elem),
	D(map_peek_elem),     D(spin_lock),
	D(spin_unlock),	      D(ringbuf_output),
	D(ringbuf_reserve),   D(ringbuf_submit),
	D(ringbuf_discard),   D(ringbuf_query),
	D(per_cpu_ptr),	      D(this_cpu_ptr),
	D(for_each_map_elem), D(loop),
	D(kptr_xchg),	      D(map_lookup_percpu_elem),
};

const struct vm_helper_group vm_helpers_map = { "map", descs, ARRAY_SIZE(descs) };
