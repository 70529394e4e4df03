// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/unit/test_vm_kfunc_glue.c: kfuncs called from BPF programs through the interpreter:
 * bpf_obj_new_impl with a hand-built struct meta, bpf_rbtree_add_impl with a BPF `less`
 * subprogram (PSEUDO_FUNC), first/remove/drop draining the tree in order, lists, the numbers
 * iterator, the run-time no-op and identity kfuncs, and the per-run wrapper (CPU id and RCU
 * section seen from inside a run). Every test checks that no object is left alive.
 */
#include "btf/btf_record.h"
#include "kfunc/fields.h"
#include "kfunc/kfunc.h"
#include "test_vm_helpers_fixtures.h"

static const int fake_btf;

struct meta_fx {
	struct hive_struct_meta meta;
	struct kfunc_mem_stats base;
};

static void meta_init(struct meta_fx *m, uint32_t size, enum hive_field_kind kind, uint32_t off)
{
	struct hive_field f = { .offset = off, .kind = kind };

	memset(m, 0, sizeof(*m));
	m->meta.type = (struct hive_type_id){ &fake_btf, 1 };
	m->meta.size = size;
	m->meta.record = btf_record_new(1);
	assert_non_null(m->meta.record);
	assert_int_equal(btf_record_add(m->meta.record, &f), 0);
	assert_int_equal(btf_record_finalize(m->meta.record, size), 0);
	assert_int_equal(kfunc_rcu_barrier(), 0);
	kfunc_mem_stats(&m->base);
}

/* No object may outlive the test once deferred frees have run. */
static void meta_fini(struct meta_fx *m)
{
	struct kfunc_mem_stats now;

	assert_int_equal(kfunc_rcu_barrier(), 0);
	kfunc_mem_stats(&now);
	assert_int_equal(now.live_objs, m->base.live_objs);
	assert_int_equal(now.live_bytes, m->base.live_bytes);
	btf_record_free(m->meta.record);
}

/* struct node_data { long key; long data; struct bpf_rb_node node; } and a root + lock. */
struct rb_glob {
	struct hive_bpf_rb_root root;
	struct hive_bpf_spin_lock lock;
};

static void test_rbtree_prog(void **state)
{
	struct rb_glob glob = { 0 };
	struct hive_vm_prog *prog;
	struct meta_fx m;
	struct tvm t;
	unsigned long long meta;

	tvm_init(&t, NULL);
	meta_init(&m, 48, HIVE_FIELD_RB_NODE, 16);
	meta = (uintptr_t)&m.meta;
	prog = tvm_build(
		&t,
		"mov %%r9, %%r1\nmov %%r8, 5\n"
		/* five nodes with keys (n * 3) %% 7 for n = 5..1: 1 5 2 6 3 */
		"next: mov %%r1, 48\nlddw %%r2, 0x%llx\ncall kfunc %d\njeq %%r0, 0, fail\n"
		"mov %%r1, %%r8\nmul %%r1, 3\nmod %%r1, 7\nstxdw [%%r0+0], %%r1\nmov %%r6, %%r0\n"
		"mov %%r1, %%r9\nadd %%r1, 16\ncall 93\n"
		"mov %%r1, %%r9\nmov %%r2, %%r6\nadd %%r2, 16\nlddw %%r3, func(less)\n"
		"lddw %%r4, 0x%llx\nmov %%r5, 16\ncall kfunc %d\nmov %%r7, %%r0\n"
		"mov %%r1, %%r9\nadd %%r1, 16\ncall 94\njne %%r7, 0, fail\n"
		"sub %%r8, 1\njne %%r8, 0, next\n"
		/* drain in order: acc = acc * 10 + key */
		"mov %%r7, 0\n"
		"pop: mov %%r1, %%r9\nadd %%r1, 16\ncall 93\nmov %%r1, %%r9\ncall kfunc %d\n"
		"jeq %%r0, 0, done\nmov %%r1, %%r9\nmov %%r2, %%r0\ncall kfunc %d\nmov %%r6, %%r0\n"
		"mov %%r1, %%r9\nadd %%r1, 16\ncall 94\njeq %%r6, 0, fail\n"
		"ldxdw %%r1, [%%r6-16]\nmul %%r7, 10\nadd %%r7, %%r1\n"
		"mov %%r1, %%r6\nsub %%r1, 16\nlddw %%r2, 0x%llx\ncall kfunc %d\nja pop\n"
		"done: mov %%r1, %%r9\nadd %%r1, 16\ncall 94\nmov %%r0, %%r7\nexit\n"
		"fail: mov %%r0, -1\nexit\n"
		"less: ldxdw %%r1, [%%r1-16]\nldxdw %%r2, [%%r2-16]\nmov %%r0, 1\n"
		"jslt %%r1, %%r2, out\nmov %%r0, 0\nout: exit",
		meta, tvm_kfunc(&t, "bpf_obj_new_impl"), meta, tvm_kfunc(&t, "bpf_rbtree_add_impl"),
		tvm_kfunc(&t, "bpf_rbtree_first"), tvm_kfunc(&t, "bpf_rbtree_remove"), meta,
		tvm_kfunc(&t, "bpf_obj_drop_impl"));
	assert_int_equal(tvm_run(&t, prog, (uintptr_t)&glob), 12356);
	assert_null(kfunc_rbtree_first(&glob.root));
	assert_int_equal(glob.lock.val, 0);
	/* checked mode (every access allowed) gives the same */
	uint64_t r0 = 0;

	assert_int_equal(tvm_exec(&t, prog, true, (uintptr_t)&glob, &r0), 0);
	assert_int_equal(r0, 12356);
	hive_vm_prog_free(prog);
	meta_fini(&m);
	tvm_fini(&t);
}

/* A `less` that faults stops the run; the node is in the tree, which its owner then frees. */
static void test_rbtree_less_fault(void **state)
{
	struct rb_glob glob = { 0 };
	struct hive_vm_prog *prog;
	struct hive_field root = { .offset = 0,
				   .kind = HIVE_FIELD_RB_ROOT,
				   .graph_root = { .node_offset = 16 } };
	struct meta_fx m;
	uint64_t r0;
	struct tvm t;
	unsigned long long meta;

	tvm_init(&t, NULL);
	meta_init(&m, 48, HIVE_FIELD_RB_NODE, 16);
	root.graph_root.value_type = m.meta.type;
	root.graph_root.value_rec = m.meta.record;
	meta = (uintptr_t)&m.meta;
	prog = tvm_build(&t,
			 "mov %%r9, %%r1\nmov %%r8, 2\n"
			 "next: mov %%r1, 48\nlddw %%r2, 0x%llx\ncall kfunc %d\njeq %%r0, 0, out\n"
			 "mov %%r1, %%r9\nmov %%r2, %%r0\nadd %%r2, 16\nlddw %%r3, func(less)\n"
			 "lddw %%r4, 0x%llx\nmov %%r5, 16\ncall kfunc %d\nsub %%r8, 1\n"
			 "jne %%r8, 0, next\nout: mov %%r0, 0\nexit\n"
			 "less: lddw %%r1, 0x10\nldxdw %%r0, [%%r1+0]\nexit",
			 meta, tvm_kfunc(&t, "bpf_obj_new_impl"), meta,
			 tvm_kfunc(&t, "bpf_rbtree_add_impl"));
	t.deny = true;
	assert_int_equal(tvm_exec(&t, prog, true, (uintptr_t)&glob, &r0), -EFAULT);
	assert_non_null(strstr(t.err, "invalid read of 8 bytes at 0x10"));
	/* the second node was linked although its comparison failed */
	assert_non_null(kfunc_rbtree_first(&glob.root));
	kfunc_rb_root_free(&root, &glob.root, &glob.lock);
	assert_null(kfunc_rbtree_first(&glob.root));
	hive_vm_prog_free(prog);
	meta_fini(&m);
	tvm_fini(&t);
}

/* struct item { long key; struct bpf_list_node node; } pushed front/back, popped front. */
static void test_list_prog(void **state)
{
	struct hive_bpf_list_head head[2] = { 0 }; /* head, then a lock word */
	struct hive_vm_prog *prog;
	struct meta_fx m;
	struct tvm t;
	unsigned long long meta;
	char push[4096];
	size_t n = 0;

	tvm_init(&t, NULL);
	meta_init(&m, 32, HIVE_FIELD_LIST_NODE, 8);
	meta = (uintptr_t)&m.meta;
	/* push 1 back, 2 front, 3 back, 4 front: the list is 4 2 1 3 */
	for (int k = 1; k <= 4; k++)
		n += (size_t)snprintf(
			push + n, sizeof(push) - n,
			"mov %%r1, 32\nlddw %%r2, 0x%llx\ncall kfunc %d\n"
			"jeq %%r0, 0, fail\nstdw [%%r0+0], %d\nmov %%r2, %%r0\n"
			"add %%r2, 8\nmov %%r1, %%r9\nlddw %%r3, 0x%llx\nmov %%r4, 8\n"
			"call kfunc %d\njne %%r0, 0, fail\n",
			meta, tvm_kfunc(&t, "bpf_obj_new_impl"), k, meta,
			tvm_kfunc(&t,
				  k & 1 ? "bpf_list_push_back_impl" : "bpf_list_push_front_impl"));
	prog = tvm_build(&t,
			 "mov %%r9, %%r1\n%s"
			 "mov %%r1, %%r9\ncall kfunc %d\nldxdw %%r7, [%%r0-8]\n" /* peek back: 3 */
			 "pop: mov %%r1, %%r9\ncall kfunc %d\njeq %%r0, 0, done\n"
			 "ldxdw %%r1, [%%r0-8]\nmul %%r7, 10\nadd %%r7, %%r1\nmov %%r1, %%r0\n"
			 "sub %%r1, 8\nlddw %%r2, 0x%llx\ncall kfunc %d\nja pop\n"
			 "done: mov %%r0, %%r7\nexit\nfail: mov %%r0, -1\nexit",
			 push, tvm_kfunc(&t, "bpf_list_back"), tvm_kfunc(&t, "bpf_list_pop_front"),
			 meta, tvm_kfunc(&t, "bpf_obj_drop_impl"));
	assert_int_equal(tvm_run(&t, prog, (uintptr_t)head), 34213);
	hive_vm_prog_free(prog);
	meta_fini(&m);
	tvm_fini(&t);
}

/* bpf_iter_num_new/next/destroy, as bpf_for() uses them. */
/* Returns new()'s result; *count and *sum are what the loop saw. */
static int iter(struct tvm *t, long long start, long long end, uint32_t *count, int32_t *sum)
{
	struct hive_vm_prog *prog;
	uint64_t r0;

	prog = tvm_build(t,
			 "mov %%r1, %%r10\nadd %%r1, -8\nlddw %%r2, %lld\nlddw %%r3, %lld\n"
			 "call kfunc %d\nmov %%r6, %%r0\nmov %%r7, 0\nmov %%r8, 0\n"
			 "loop: mov %%r1, %%r10\nadd %%r1, -8\ncall kfunc %d\n"
			 "jeq %%r0, 0, done\nldxw %%r1, [%%r0+0]\nlsh %%r1, 32\narsh %%r1, 32\n"
			 "add %%r7, %%r1\nadd %%r8, 1\nja loop\n"
			 "done: mov %%r1, %%r10\nadd %%r1, -8\ncall kfunc %d\n"
			 "lsh %%r6, 48\nlsh %%r8, 32\nor %%r6, %%r8\nlsh %%r7, 32\nrsh %%r7, 32\n"
			 "or %%r6, %%r7\nmov %%r0, %%r6\nexit",
			 start, end, tvm_kfunc(t, "bpf_iter_num_new"),
			 tvm_kfunc(t, "bpf_iter_num_next"), tvm_kfunc(t, "bpf_iter_num_destroy"));
	r0 = tvm_run_both(t, prog, 0);
	hive_vm_prog_free(prog);
	*count = (uint32_t)(r0 >> 32) & 0xffff;
	*sum = (int32_t)(uint32_t)r0;
	return (int16_t)(r0 >> 48);
}

static void test_iter_num(void **state)
{
	uint32_t count;
	int32_t sum;
	struct tvm t;

	tvm_init(&t, NULL);
	assert_int_equal(iter(&t, 2, 6, &count, &sum), 0);
	assert_int_equal(count, 4);
	assert_int_equal(sum, 2 + 3 + 4 + 5);
	assert_int_equal(iter(&t, 3, 3, &count, &sum), 0); /* empty range */
	assert_int_equal(count, 0);
	assert_int_equal(iter(&t, 5, 3, &count, &sum), -EINVAL);
	assert_int_equal(count, 0);
	assert_int_equal(iter(&t, 0, (1 << 23) + 1, &count, &sum), -E2BIG);
	assert_int_equal(count, 0);
	assert_int_equal(iter(&t, -3, 1, &count, &sum), 0);
	assert_int_equal(count, 4);
	assert_int_equal(sum, -3 - 2 - 1 + 0);
	/* start == INT_MIN: cur starts at INT_MAX internally and wraps correctly */
	assert_int_equal(iter(&t, INT32_MIN, INT32_MIN + 2, &count, &sum), 0);
	assert_int_equal(count, 2);
	assert_int_equal(sum, (int32_t)((uint32_t)INT32_MIN + (uint32_t)(INT32_MIN + 1)));
	/* the upper halves of r2/r3 are ignored (int arguments) */
	assert_int_equal(iter(&t, 0x100000001LL, 0x200000003LL, &count, &sum), 0);
	assert_int_equal(count, 2);
	tvm_fini(&t);
}

/* ---- no-op and identity kfuncs, and what a run sees of its environment ---- */

static unsigned int seen_cpu;
static bool seen_rcu;

static uint64_t probe_env(uint64_t a, uint64_t b, uint64_t c, uint64_t d, uint64_t e,
			  struct hive_vm_run *run)
{
	seen_cpu = kfunc_this_cpu();
	seen_rcu = kfunc_rcu_read_lock_held();
	return run->cpu;
}

static void test_runtime_kfuncs_and_env(void **state)
{
	struct hive_vm_prog *prog;
	uint32_t cpu = kfunc_nr_cpus() - 1;
	struct tvm t;
	int slot;

	tvm_init(&t, NULL);
	slot = hive_vm_add_kfunc(t.vm, "probe_env", probe_env);
	assert_true(slot >= 0);
	prog = tvm_build(&t,
			 "call kfunc %d\nmov %%r1, 1234\ncall kfunc %d\nmov %%r6, %%r0\n"
			 "lddw %%r1, 0x5678\nmov %%r2, 99\ncall kfunc %d\nadd %%r6, %%r0\n"
			 "call kfunc %d\ncall kfunc %d\nlsh %%r0, 32\nadd %%r0, %%r6\nexit",
			 tvm_kfunc(&t, "bpf_rcu_read_lock"), tvm_kfunc(&t, "bpf_cast_to_kern_ctx"),
			 tvm_kfunc(&t, "bpf_rdonly_cast"), tvm_kfunc(&t, "bpf_rcu_read_unlock"),
			 slot);
	assert_int_equal(vm_env_init(&t.env, t.host, cpu), 0);
	assert_true(tvm_run(&t, prog, 0) == ((uint64_t)cpu << 32) + 1234 + 0x5678);
	assert_int_equal(seen_cpu, cpu);
	assert_true(seen_rcu);
	/* outside the run: the thread's CPU is restored and no RCU section is left open */
	assert_int_equal(kfunc_this_cpu(), 0);
	assert_false(kfunc_rcu_read_lock_held());
	assert_int_equal(vm_env_init(&t.env, t.host, kfunc_nr_cpus()), -EINVAL);
	assert_int_equal(vm_env_init(&t.env, t.host, 0), 0);
	hive_vm_prog_free(prog);
	/* registering twice adds nothing */
	int before = hive_vm_find_kfunc(t.vm, "probe_env");

	assert_int_equal(vm_register_kfuncs(t.vm), 0);
	assert_int_equal(hive_vm_find_kfunc(t.vm, "probe_env"), before);
	tvm_fini(&t);
}

static void test_registration(void **state)
{
	struct hive_vm *vm = hive_vm_new();
	const struct kfunc_desc *table;
	uint32_t cnt;

	assert_int_equal(vm_register_kfuncs(vm), 0);
	table = kfunc_table(&cnt);
	for (uint32_t i = 0; i < cnt; i++) {
		int slot = hive_vm_find_kfunc(vm, table[i].name);

		assert_true(slot >= 0);
		assert_string_equal(hive_vm_kfunc(vm, slot)->name, table[i].name);
	}
	for (int i = 0; vm_runtime_kfunc_names[i]; i++)
		assert_true(hive_vm_find_kfunc(vm, vm_runtime_kfunc_names[i]) >= 0);
	assert_true(hive_vm_find_kfunc(vm, "bpf_rbtree_add_impl") >= 0);
	hive_vm_free(vm);
}

/* bpf_percpu_obj_new_impl + bpf_per_cpu_ptr/bpf_this_cpu_ptr + drop; refcount_acquire. */
static void test_percpu_and_refcount(void **state)
{
	struct hive_vm_prog *prog;
	struct meta_fx m;
	struct tvm t;
	unsigned long long meta;

	tvm_init(&t, NULL);
	meta_init(&m, 16, HIVE_FIELD_REFCOUNT, 8);
	meta = (uintptr_t)&m.meta;
	prog = tvm_build(
		&t,
		"mov %%r1, 16\nmov %%r2, 0\ncall kfunc %d\njeq %%r0, 0, fail\nmov %%r6, %%r0\n"
		"mov %%r1, %%r6\nmov %%r2, %u\ncall 153\njeq %%r0, 0, fail\n"
		"stdw [%%r0+0], 40\nmov %%r1, %%r6\nmov %%r2, %u\ncall 153\n"
		"jne %%r0, 0, fail\nmov %%r1, %%r6\ncall 154\nldxdw %%r7, [%%r0+0]\n"
		"mov %%r1, %%r6\nmov %%r2, 0\ncall kfunc %d\n"
		/* a refcounted object: acquire gives a second reference, two drops */
		"mov %%r1, 16\nlddw %%r2, 0x%llx\ncall kfunc %d\njeq %%r0, 0, fail\n"
		"mov %%r6, %%r0\nmov %%r1, %%r6\nlddw %%r2, 0x%llx\ncall kfunc %d\n"
		"jne %%r0, %%r6, fail\nldxw %%r8, [%%r6+8]\nmov %%r1, %%r6\n"
		"lddw %%r2, 0x%llx\ncall kfunc %d\nmov %%r1, %%r6\nlddw %%r2, 0x%llx\n"
		"call kfunc %d\nadd %%r7, %%r8\nmov %%r0, %%r7\nexit\n"
		"fail: mov %%r0, -1\nexit",
		tvm_kfunc(&t, "bpf_percpu_obj_new_impl"), kfunc_nr_cpus() - 1, kfunc_nr_cpus(),
		tvm_kfunc(&t, "bpf_percpu_obj_drop_impl"), meta, tvm_kfunc(&t, "bpf_obj_new_impl"),
		meta, tvm_kfunc(&t, "bpf_refcount_acquire_impl"), meta,
		tvm_kfunc(&t, "bpf_obj_drop_impl"), meta, tvm_kfunc(&t, "bpf_obj_drop_impl"));
	assert_int_equal(vm_env_init(&t.env, t.host, kfunc_nr_cpus() - 1), 0);
	assert_int_equal(tvm_run(&t, prog, 0), 40 + 2); /* this CPU's copy; refcount was 2 */
	hive_vm_prog_free(prog);
	meta_fini(&m);
	tvm_fini(&t);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rbtree_prog),
		cmocka_unit_test(test_rbtree_less_fault),
		cmocka_unit_test(test_list_prog),
		cmocka_unit_test(test_iter_num),
		cmocka_unit_test(test_runtime_kfuncs_and_env),
		cmocka_unit_test(test_registration),
		cmocka_unit_test(test_percpu_and_refcount),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
