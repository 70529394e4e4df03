/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * Shared by the vm helper and kfunc tests: a vm with every helper and kfunc installed, a host,
 * a run env, programs assembled from printf-style source (so map and meta pointers can be
 * spliced in as ld_imm64 constants), and runs in fast or checked mode through vm_env_exec().
 */
#ifndef __HIVE_TEST_VM_HELPERS_FIXTURES_H
#define __HIVE_TEST_VM_HELPERS_FIXTURES_H

#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/err.h"
#include "kfunc/alloc.h"
#include "kfunc/runtime.h"
#include "maps/map.h"
#include "vm/helpers.h"
#include "vm/host.h"
#include "vm/kfunc_glue.h"
#include "vm/vm.h"

struct tvm {
	struct hive_vm *vm;
	struct hive_host *host;
	struct hive_run_env env;
	char err[256];
	bool deny; /* checked mode: refuse every access outside the stack */
};

static inline void tvm_init(struct tvm *t, const struct hive_host_opts *opts)
{
	memset(t, 0, sizeof(*t));
	t->vm = hive_vm_new();
	assert_non_null(t->vm);
	t->host = vm_host_new(opts);
	assert_false(IS_ERR(t->host));
	assert_int_equal(vm_register_helpers(t->vm, t->host), 0);
	assert_int_equal(vm_register_kfuncs(t->vm), 0);
	assert_int_equal(vm_env_init(&t->env, t->host, 0), 0);
}

static inline void tvm_fini(struct tvm *t)
{
	vm_env_fini(&t->env);
	vm_host_free(t->host);
	hive_vm_free(t->vm);
}

/* Slot of a kfunc by kernel name, for "call kfunc %d". */
static inline int tvm_kfunc(struct tvm *t, const char *name)
{
	int slot = hive_vm_find_kfunc(t->vm, name);

	if (slot < 0)
		fail_msg("kfunc %s not registered", name);
	return slot;
}

__attribute__((format(printf, 2, 3))) static inline struct hive_vm_prog *
tvm_build(struct tvm *t, const char *fmt, ...)
{
	struct isa_error err = { 0 };
	struct hive_vm_prog *prog;
	struct hive_insn *insns;
	char src[16384];
	va_list ap;
	size_t cnt;

	va_start(ap, fmt);
	vsnprintf(src, sizeof(src), fmt, ap);
	va_end(ap);
	if (isa_assemble(src, strlen(src), &insns, &cnt, &err))
		fail_msg("assembler: line %d: %s\n%s", err.idx, err.msg, src);
	prog = hive_vm_prog_new(t->vm, insns, cnt, "test", &err);
	free(insns);
	if (IS_ERR(prog))
		fail_msg("validator: insn %d: %s\n%s", err.idx, err.msg, src);
	return prog;
}

static inline bool tvm_deny(struct hive_vm_run *run, uint64_t addr, uint64_t size, bool write,
			    void *ctx)
{
	return !((struct tvm *)ctx)->deny;
}

/* One run through the env; returns the exec status, r0 in *r0, the fault text in t->err. */
static inline int tvm_exec(struct tvm *t, const struct hive_vm_prog *prog, bool checked,
			   uint64_t r1, uint64_t *r0)
{
	struct hive_vm_run_opts opts = { .sz = sizeof(opts), .checked = checked };
	struct hive_vm_run *run = malloc(sizeof(*run));
	int ret;

	assert_non_null(run);
	opts.access_fn = tvm_deny;
	opts.access_ctx = t;
	vm_env_run_opts(&t->env, &opts);
	assert_int_equal(hive_vm_run_init(run, prog, &opts), 0);
	ret = vm_env_exec(&t->env, run, &r1, 1, r0);
	snprintf(t->err, sizeof(t->err), "%s", hive_vm_run_error(run));
	hive_vm_run_fini(run);
	free(run);
	return ret;
}

/* Run in fast mode; the run must succeed. */
static inline uint64_t tvm_run(struct tvm *t, const struct hive_vm_prog *prog, uint64_t r1)
{
	uint64_t r0 = 0xdeadbeef;

	if (tvm_exec(t, prog, false, r1, &r0))
		fail_msg("run failed: %s", t->err);
	return r0;
}

/* Run in both modes (checked mode allowing every access); same r0 required. */
static inline uint64_t tvm_run_both(struct tvm *t, const struct hive_vm_prog *prog, uint64_t r1)
{
	uint64_t fast = tvm_run(t, prog, r1), checked = 0;

	if (tvm_exec(t, prog, true, r1, &checked))
		fail_msg("checked run failed: %s", t->err);
	assert_int_equal(fast, checked);
	return fast;
}

static inline struct hive_map_impl *tvm_map(uint32_t type, uint32_t key_size, uint32_t value_size,
					    uint32_t max_entries)
{
	struct hive_map_attr attr = {
		.map_type = type,
		.key_size = key_size,
		.value_size = value_size,
		.max_entries = max_entries,
	};
	struct hive_map_impl *map = maps_create(&attr);

	assert_false(IS_ERR_OR_NULL(map));
	return map;
}

/*
 * Assembler lines that store string @s and its NUL (zero-padded to 8 bytes) at [%r10-@off]
 * upwards, one u64 at a time; @off must leave room: off >= round_up(strlen(s) + 1, 8).
 */
static inline const char *tvm_stack_str(char *buf, size_t size, const char *s, int off)
{
	size_t len = strlen(s) + 1, n = 0;

	assert_true((size_t)off >= (len + 7) / 8 * 8);
	buf[0] = 0;
	for (size_t i = 0; i < len; i += 8) {
		uint64_t v = 0;

		memcpy(&v, s + i, len - i < 8 ? len - i : 8);
		n += (size_t)snprintf(buf + n, size - n,
				      "lddw %%r1, 0x%llx\nstxdw [%%r10-%d], %%r1\n",
				      (unsigned long long)v, off - (int)i);
		assert_true(n < size);
	}
	return buf;
}

#endif /* __HIVE_TEST_VM_HELPERS_FIXTURES_H */
