// SPDX-License-Identifier: BSD-2-Clause
/*
 * Unit tests for object/: programs, section names, subprogram linking, maps and their static
 * initialisation, global data, externs (kconfig text, kfuncs, weak and flavoured ones), the
 * backend interface, and the error of every object in tests/object/bad/. The objects are the
 * BPF C programs of tests/object (built into $HIVE_BUILD_DIR).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <cmocka.h>

#include "bpfhive/object.h"
#include "btf/btf.h"
#include "common/err.h"
#include "object/backend.h"
#include "object/inspect.h"
#include "object/obj_insn.h"

static int quiet(enum hive_print_level level, const char *fmt, va_list ap)
{
	return 0;
}

static char *path_of(const char *dir, const char *name)
{
	static char buf[4][512];
	static int n;
	const char *b = getenv("HIVE_BUILD_DIR");

	n = (n + 1) % 4;
	snprintf(buf[n], sizeof(buf[n]), "%s/tests/object/%s/%s.bpf.o", b ? b : ".", dir, name);
	return buf[n];
}

static struct hive_object *open_prog(const char *name, const struct hive_object_open_opts *o)
{
	struct hive_object *obj = hive_object__open_file(path_of("progs", name), o);

	if (!obj)
		fail_msg("cannot open %s: %s", name, object_last_error());
	return obj;
}

static struct hive_program *prog(struct hive_object *obj, const char *name)
{
	struct hive_program *p = hive_object__find_program_by_name(obj, name);

	assert_non_null(p);
	return p;
}

static struct hive_map *map(struct hive_object *obj, const char *name)
{
	struct hive_map *m = hive_object__find_map_by_name(obj, name);

	if (!m)
		fail_msg("no map '%s'", name);
	return m;
}

/* ---- section names ---- */

static void test_section_table(void **state)
{
	static const struct {
		const char *sec;
		int ret;
		enum hive_prog_type type;
		enum hive_attach_type attach;
	} t[] = {
		{ "kprobe", 0, HIVE_PROG_TYPE_KPROBE, 0 },
		{ "kprobe/do_unlinkat", 0, HIVE_PROG_TYPE_KPROBE, 0 },
		{ "kprobex", -ESRCH, 0, 0 },
		{ "kprobe.multi/x*", 0, HIVE_PROG_TYPE_KPROBE, HIVE_TRACE_KPROBE_MULTI },
		{ "sk_reuseport/migrate", 0, HIVE_PROG_TYPE_SK_REUSEPORT,
		  HIVE_SK_REUSEPORT_SELECT_OR_MIGRATE },
		{ "sk_reuseport", 0, HIVE_PROG_TYPE_SK_REUSEPORT, HIVE_SK_REUSEPORT_SELECT },
		{ "xdp.frags/devmap", 0, HIVE_PROG_TYPE_XDP, HIVE_XDP_DEVMAP },
		{ "xdp", 0, HIVE_PROG_TYPE_XDP, HIVE_XDP },
		{ "xdp/anything", -ESRCH, 0, 0 },
		{ "tc", 0, HIVE_PROG_TYPE_SCHED_CLS, 0 },
		{ "tc/ingress", 0, HIVE_PROG_TYPE_SCHED_CLS, HIVE_TCX_INGRESS },
		{ "tcx/egress", 0, HIVE_PROG_TYPE_SCHED_CLS, HIVE_TCX_EGRESS },
		{ "fentry.s/x", 0, HIVE_PROG_TYPE_TRACING, HIVE_TRACE_FENTRY },
		{ "lsm_cgroup/x", 0, HIVE_PROG_TYPE_LSM, HIVE_LSM_CGROUP },
		{ "syscall", 0, HIVE_PROG_TYPE_SYSCALL, 0 },
		{ "cgroup/getsockname_unix", 0, HIVE_PROG_TYPE_CGROUP_SOCK_ADDR,
		  HIVE_CGROUP_UNIX_GETSOCKNAME },
		{ "netfilter", 0, HIVE_PROG_TYPE_NETFILTER, HIVE_NETFILTER },
		{ "", -ESRCH, 0, 0 },
	};
	enum hive_prog_type pt;
	enum hive_attach_type at;

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		int ret = hive_prog_type_by_name(t[i].sec, &pt, &at);

		assert_int_equal(ret, t[i].ret);
		if (ret)
			continue;
		assert_int_equal(pt, t[i].type);
		assert_int_equal(at, t[i].attach);
	}
	assert_string_equal(hive_prog_type_str(HIVE_PROG_TYPE_SCHED_CLS), "sched_cls");
	assert_string_equal(hive_attach_type_str(HIVE_TRACE_UPROBE_SESSION),
			    "trace_uprobe_session");
	assert_string_equal(hive_map_type_str(HIVE_MAP_TYPE_ARENA), "arena");
	assert_null(hive_map_type_str(HIVE_MAP_TYPE_CNT));
}

static void test_sections_new(void **state)
{
	struct hive_object *obj = open_prog("sections_new", NULL);
	struct hive_program *p = prog(obj, "n_usdt");

	assert_int_equal(hive_program__expected_attach_type(prog(obj, "n_tc_ingress")),
			 HIVE_TCX_INGRESS);
	assert_int_equal(hive_program__type(prog(obj, "n_netfilter")), HIVE_PROG_TYPE_NETFILTER);
	assert_int_equal(hive_program__flags(prog(obj, "n_struct_ops_s")), HIVE_PROG_F_SLEEPABLE);
	/* usdt gets its uprobe-multi attach type at prepare, as in libbpf */
	assert_int_equal(hive_program__expected_attach_type(p), 0);
	/* SEC("?hive_unknown_section"): not loaded, so its unknown type is no error */
	assert_false(hive_program__autoload(prog(obj, "n_unknown")));
	assert_string_equal(hive_program__section_name(prog(obj, "n_unknown")),
			    "hive_unknown_section");
	assert_int_equal(hive_object__prepare(obj), 0);
	assert_int_equal(hive_program__expected_attach_type(p), HIVE_TRACE_UPROBE_MULTI);
	hive_object__close(obj);

	obj = open_prog("sections_new", NULL);
	assert_int_equal(hive_program__set_autoload(prog(obj, "n_unknown"), true), 0);
	assert_int_equal(hive_object__prepare(obj), -EINVAL);
	assert_non_null(strstr(object_last_error(), "missing BPF prog type, check ELF section "
						    "name 'hive_unknown_section'"));
	hive_object__close(obj);
}

/* ---- linking ---- */

static void test_subprogs(void **state)
{
	struct hive_object *obj = open_prog("subprogs", NULL);
	struct hive_program *a = prog(obj, "entry_a"), *b = prog(obj, "entry_b");
	struct hive_program *na = prog(obj, "not_autoloaded");
	const struct hive_insn *insns;
	struct hive_insn_ref_info ref;
	uint32_t cnt, rs;
	size_t n = 0, i;

	assert_null(hive_object__find_program_by_name(obj, "twice")); /* subprogs are hidden */
	assert_int_equal(hive_program__insn_cnt(a), object_prog_own_insn_cnt(a));
	assert_int_equal(hive_object__prepare(obj), 0);
	assert_int_equal(hive_object__prepare(obj), -EBUSY);
	assert_int_equal(hive_program__set_autoload(na, true), -EBUSY);
	assert_true(hive_program__insn_cnt(a) > object_prog_own_insn_cnt(a));
	assert_true(hive_program__insn_cnt(b) > object_prog_own_insn_cnt(b));
	assert_int_equal(hive_program__insn_cnt(na), object_prog_own_insn_cnt(na));
	/* every pseudo call lands on the start of a function func_info knows */
	insns = hive_program__insns(a);
	hive_program__func_info(a, &cnt, &rs);
	assert_int_equal(cnt, 5); /* entry_a, loop_body, twice, add_twice, global_sum */
	for (i = 0; i < hive_program__insn_cnt(a); i++) {
		const uint32_t *fi = hive_program__func_info(a, &cnt, &rs);
		size_t target = i + insns[i].imm + 1;
		bool found = false;

		if (!insn_is_pseudo_call(&insns[i]) && !insn_is_pseudo_func(&insns[i]))
			continue;
		for (uint32_t k = 0; k < cnt; k++)
			found |= fi[k * rs / 4] == target;
		assert_true(found);
		n++;
	}
	assert_true(n >= 4);
	/* the callback of bpf_loop and the map are recorded for the backend */
	for (i = 0, n = 0; i < object_prog_ref_cnt(a); i++) {
		assert_int_equal(object_prog_ref(a, i, &ref), 0);
		if (ref.kind == HIVE_REF_CALLBACK)
			n++;
		if (ref.kind == HIVE_REF_MAP)
			assert_string_equal(ref.name, "counters");
	}
	assert_int_equal(n, 1);
	hive_object__close(obj);
}

static void test_exception_cb(void **state)
{
	struct hive_object *obj = open_prog("exception_cb", NULL);
	struct hive_program *p = prog(obj, "with_exception_cb");
	const uint32_t *fi;
	uint32_t cnt, rs;
	size_t own = object_prog_own_insn_cnt(p);

	assert_int_equal(hive_object__prepare(obj), 0);
	/* never called, yet appended after the program, with its func_info */
	assert_true(hive_program__insn_cnt(p) > own);
	fi = hive_program__func_info(p, &cnt, &rs);
	assert_int_equal(cnt, 2);
	assert_int_equal(fi[rs / 4], own);
	hive_object__close(obj);
}

/* ---- maps ---- */

static void test_maps(void **state)
{
	/* DATASEC order, i.e. by offset in .maps (clang places the initialised ones first) */
	static const char *const order[] = { "inner_a", "inner_b",  "outer_arr", "outer_hash",
					     "jumps",	"by_type",  "by_size",	 "lru_numa",
					     "bloom",	"unpinned", "events" };
	struct hive_object *obj = open_prog("maps_all", NULL);
	const struct hive_program *p;
	const struct hive_map *inner;
	struct hive_map *m;
	size_t i = 0;

	hive_object__for_each_map(m, obj) {
		assert_true(i < ARRAY_SIZE(order));
		assert_string_equal(hive_map__name(m), order[i]);
		assert_int_equal(hive_map__index(m), i++);
	}
	assert_int_equal(i, ARRAY_SIZE(order));
	m = map(obj, "by_type");
	assert_int_equal(hive_map__type(m), HIVE_MAP_TYPE_HASH);
	assert_int_equal(hive_map__key_size(m), 8);
	assert_int_equal(hive_map__value_size(m), 8);
	assert_int_equal(hive_map__map_flags(m), 1 /* BPF_F_NO_PREALLOC */);
	assert_true(hive_map__btf_key_type_id(m) > 0);
	m = map(obj, "by_size");
	assert_int_equal(hive_map__key_size(m), 12);
	assert_int_equal(hive_map__value_size(m), 40);
	assert_int_equal(hive_map__btf_key_type_id(m), 0);
	assert_int_equal(hive_map__map_flags(map(obj, "lru_numa")), HIVE_MAP_F_NUMA_NODE);
	assert_int_equal(hive_map__map_extra(map(obj, "bloom")), 3);
	assert_int_equal(hive_map__max_entries(map(obj, "events")), 8192);
	assert_int_equal(hive_map__pinning(map(obj, "unpinned")), HIVE_PIN_NONE);
	/* map-in-map: inner definition and static slots */
	m = map(obj, "outer_arr");
	assert_non_null(hive_map__inner_map(m));
	assert_string_equal(hive_map__name(hive_map__inner_map(m)), "outer_arr.inner");
	assert_int_equal(hive_map__type(hive_map__inner_map(m)), HIVE_MAP_TYPE_ARRAY);
	assert_int_equal(hive_map__value_size(m), 4);
	assert_int_equal(hive_map__init_slot(m, 0, &inner, NULL), 3);
	assert_string_equal(hive_map__name(inner), "inner_a");
	hive_map__init_slot(m, 1, &inner, NULL);
	assert_null(inner);
	hive_map__init_slot(m, 2, &inner, NULL);
	assert_string_equal(hive_map__name(inner), "inner_b");
	assert_int_equal(hive_map__init_slot(map(obj, "outer_hash"), 1, &inner, NULL), 2);
	assert_string_equal(hive_map__name(inner), "inner_b");
	/* prog array */
	m = map(obj, "jumps");
	assert_int_equal(hive_map__init_slot(m, 0, NULL, &p), 3);
	assert_string_equal(hive_program__name(p), "tail_one");
	hive_map__init_slot(m, 2, NULL, &p);
	assert_string_equal(hive_program__name(p), "tail_two");
	/* the kernel refuses BTF types on map-in-maps: prepare drops them, as libbpf does */
	assert_true(hive_map__btf_key_type_id(map(obj, "outer_arr")) > 0);
	assert_int_equal(hive_object__prepare(obj), 0);
	assert_int_equal(hive_map__btf_key_type_id(map(obj, "outer_arr")), 0);
	assert_int_equal(hive_map__set_autocreate(map(obj, "bloom"), false), -EBUSY);
	hive_object__close(obj);
}

static void test_globals(void **state)
{
	static const uint64_t big[3] = { 1, 2, 3 };
	struct hive_object *obj = open_prog("globals", NULL);
	struct hive_map *m;
	size_t sz;
	void *img;

	assert_string_equal(hive_object__name(obj), "globals");
	m = map(obj, ".data");
	assert_string_equal(hive_map__name(m), "globals.data");
	assert_int_equal(hive_map__kind(m), HIVE_MAP_DATA);
	assert_int_equal(hive_map__map_flags(m), HIVE_MAP_F_MMAPABLE);
	img = hive_map__initial_value(m, &sz);
	assert_int_equal(sz, hive_map__value_size(m));
	assert_non_null(memmem(img, sz, big, sizeof(big)));
	m = map(obj, ".rodata");
	assert_string_equal(hive_map__name(m), "globals.rodata");
	assert_int_equal(hive_map__map_flags(m), HIVE_MAP_F_RDONLY_PROG | HIVE_MAP_F_MMAPABLE);
	assert_non_null(memmem(hive_map__initial_value(m, &sz), sz, "hive", 5));
	m = map(obj, ".bss");
	assert_string_equal(hive_map__name(m), "globals.bss");
	img = hive_map__initial_value(m, &sz);
	for (size_t i = 0; i < sz; i++)
		assert_int_equal(((uint8_t *)img)[i], 0);
	assert_string_equal(hive_map__name(map(obj, ".data.custom")), ".data.custom");
	/* only static variables: not mmapable; the name is cut at 15 characters */
	m = map(obj, ".rodata.onlystatic");
	assert_string_equal(hive_map__name(m), ".rodata.onlysta");
	assert_int_equal(hive_map__map_flags(m), HIVE_MAP_F_RDONLY_PROG);
	/* string literals: no DATASEC at all */
	m = map(obj, ".rodata.str1.1");
	assert_int_equal(hive_map__btf_value_type_id(m), 0);
	assert_int_equal(hive_map__map_flags(m), HIVE_MAP_F_RDONLY_PROG);
	hive_object__close(obj);
}

/* ---- externs ---- */

static uint64_t kconfig_val(struct hive_object *obj, const char *name, size_t sz)
{
	struct hive_extern_info e;
	uint64_t v = 0;
	size_t n;
	const uint8_t *img = hive_map__initial_value(map(obj, ".kconfig"), &n);

	for (size_t i = 0; i < object_extern_cnt(obj); i++) {
		object_extern(obj, i, &e);
		if (strcmp(e.name, name))
			continue;
		assert_true(e.kconfig_off >= 0 && e.kconfig_off + sz <= n);
		memcpy(&v, img + e.kconfig_off, sz);
		return v;
	}
	fail_msg("no extern %s", name);
	return 0;
}

static void test_kconfig(void **state)
{
	HIVE_OPTS(hive_object_open_opts, o,
		  .kconfig = "# CONFIG_X is not set\nCONFIG_HZ=1000\nCONFIG_BPF_SYSCALL=y\n"
			     "CONFIG_NET=m\nCONFIG_LOCALVERSION=\"-hive\"\nCONFIG_NR_CPUS=0x10\n"
			     "CONFIG_HZ=5\n");
	struct hive_object *obj = open_prog("externs", &o);
	unsigned int a, b, c;
	struct utsname u;

	assert_int_equal(hive_object__prepare(obj), 0);
	assert_int_equal(kconfig_val(obj, "CONFIG_HZ", 4), 1000); /* the first one wins */
	assert_int_equal(kconfig_val(obj, "CONFIG_BPF_SYSCALL", 1), 1);
	assert_int_equal(kconfig_val(obj, "CONFIG_NET", 4), 2); /* TRI_MODULE */
	assert_int_equal(kconfig_val(obj, "CONFIG_NR_CPUS", 4), 16);
	assert_int_equal(kconfig_val(obj, "CONFIG_HIVE_NOT_A_CONFIG", 4), 0); /* weak */
	assert_int_equal(kconfig_val(obj, "CONFIG_LOCALVERSION", 6), 0x657669682dULL); /* "-hive" */
	assert_int_equal(uname(&u), 0);
	if (sscanf(u.release, "%u.%u.%u", &a, &b, &c) == 3 && !strstr(u.version, " Debian "))
		assert_int_equal(kconfig_val(obj, "LINUX_KERNEL_VERSION", 4),
				 (a << 16) + (b << 8) + (c > 255 ? 255 : c));
	assert_int_equal(hive_map__map_flags(map(obj, ".kconfig")),
			 HIVE_MAP_F_RDONLY_PROG | HIVE_MAP_F_MMAPABLE);
	hive_object__close(obj);
}

static void kconfig_error(const char *text, const char *path, int err, const char *msg)
{
	HIVE_OPTS(hive_object_open_opts, o, .kconfig = text, .kconfig_path = path);
	struct hive_object *obj = open_prog("externs", &o);

	assert_int_equal(hive_object__prepare(obj), err);
	if (!strstr(object_last_error(), msg))
		fail_msg("'%s' lacks '%s'", object_last_error(), msg);
	hive_object__close(obj);
}

static void test_kconfig_errors(void **state)
{
	kconfig_error("CONFIG_BPF_SYSCALL=m\n", NULL, -EINVAL, "implies tristate or char type");
	kconfig_error("CONFIG_HZ=0x1ffffffff\n", NULL, -ERANGE, "doesn't fit in 4 bytes");
	kconfig_error("CONFIG_HZ=abc\n", NULL, -EINVAL, "isn't a valid integer");
	kconfig_error("CONFIG_LOCALVERSION=7\n", NULL, -EINVAL, "implies integer type");
	kconfig_error("CONFIG_HZ\n", NULL, -EINVAL, "no separator");
	kconfig_error(NULL, "/nonexistent/config", -ENOENT,
		      "failed to open Kconfig file '/nonexistent/config'");
}

static bool have_vmlinux(void)
{
	FILE *f = fopen("/sys/kernel/btf/vmlinux", "r");

	if (f)
		fclose(f);
	else
		printf("SKIP: /sys/kernel/btf/vmlinux is not readable\n");
	return f != NULL;
}

static void test_kfuncs_vmlinux(void **state)
{
	struct hive_object *obj;
	struct hive_insn_ref_info r;
	const struct hive_insn *insns;
	struct hive_program *p;
	size_t kfuncs = 0;

	if (!have_vmlinux())
		return;
	obj = open_prog("externs", NULL);
	assert_int_equal(hive_object__prepare(obj), 0);
	p = prog(obj, "call_kfuncs");
	insns = hive_program__insns(p);
	for (size_t i = 0; i < object_prog_ref_cnt(p); i++) {
		object_prog_ref(p, i, &r);
		if (r.kind != HIVE_REF_KFUNC)
			continue;
		assert_int_equal(insns[r.insn_idx].src_reg, BPF_PSEUDO_KFUNC_CALL);
		assert_int_equal(insns[r.insn_idx].imm, (int32_t)r.btf_id);
		assert_int_equal(btf_find_by_name_kind(object_kfunc_btf(obj), r.name,
						       BTF_KIND_FUNC),
				 r.btf_id);
		kfuncs++;
	}
	assert_int_equal(kfuncs, 4);
	hive_object__close(obj);

	/* weak missing kfunc: poisoned call; flavoured name binds to the essential name */
	obj = open_prog("externs_weak", NULL);
	assert_int_equal(hive_object__prepare(obj), 0);
	p = prog(obj, "weak_kfunc");
	assert_int_equal(object_prog_ref(p, 1, &r), 0);
	assert_int_equal(r.kind, HIVE_REF_KFUNC_POISON);
	assert_int_equal(hive_program__insns(p)[r.insn_idx].imm, HIVE_POISON_KFUNC_BASE + 0);
	assert_non_null(strstr(r.text, "bpf_hive_no_such_kfunc"));
	p = prog(obj, "flavoured_kfunc");
	assert_int_equal(object_prog_ref(p, 0, &r), 0);
	assert_int_equal(r.kind, HIVE_REF_KFUNC);
	assert_int_equal(r.btf_id, btf_find_by_name_kind(object_kfunc_btf(obj), "bpf_task_from_pid",
							 BTF_KIND_FUNC));
	hive_object__close(obj);
}

/* ---- backends ---- */

struct fake {
	struct hive_btf *kfuncs;
	char log[1024];
	int fail_prog;
};

static const struct hive_btf *fake_kfunc_btf(void *ctx)
{
	return ((struct fake *)ctx)->kfuncs;
}

static void note(struct fake *f, const char *what, const char *name)
{
	size_t n = strlen(f->log);

	snprintf(f->log + n, sizeof(f->log) - n, "%s %s;", what, name);
}

static int fake_map_create(void *ctx, struct hive_map *m)
{
	note(ctx, "map", hive_map__name(m));
	object_map_set_priv(m, ctx);
	return 0;
}

static int fake_prog_load(void *ctx, struct hive_program *p)
{
	struct fake *f = ctx;

	note(f, "prog", hive_program__name(p));
	if (f->fail_prog)
		return -EACCES;
	object_prog_set_priv(p, ctx);
	return 0;
}

static void fake_prog_unload(void *ctx, struct hive_program *p)
{
	note(ctx, "unload", hive_program__name(p));
	object_prog_set_priv(p, NULL);
}

static void fake_map_destroy(void *ctx, struct hive_map *m)
{
	object_map_set_priv(m, NULL);
}

static const struct hive_backend_ops fake_ops = {
	.name = "fake",
	.kfunc_btf = fake_kfunc_btf,
	.map_create = fake_map_create,
	.prog_load = fake_prog_load,
	.prog_unload = fake_prog_unload,
	.map_destroy = fake_map_destroy,
};

/* A kfunc table with the four kfuncs of externs.bpf.c (and nothing else). */
static struct hive_btf *fake_kfunc_table(void)
{
	struct hive_btf *btf = btf_new_empty(NULL);
	int i32 = btf_add_int(btf, "int", 4, BTF_INT_SIGNED);
	int task = btf_add_struct(btf, "task_struct", 16);
	int ptask = btf_add_ptr(btf, task);
	int p1 = btf_add_func_proto(btf, ptask);

	btf_add_func_param(btf, "pid", i32);
	btf_add_func(btf, "bpf_task_from_pid", BTF_FUNC_GLOBAL, p1);
	p1 = btf_add_func_proto(btf, 0);
	btf_add_func_param(btf, "p", ptask);
	btf_add_func(btf, "bpf_task_release", BTF_FUNC_GLOBAL, p1);
	p1 = btf_add_func_proto(btf, 0);
	btf_add_func(btf, "bpf_rcu_read_lock", BTF_FUNC_GLOBAL, p1);
	btf_add_func(btf, "bpf_rcu_read_unlock", BTF_FUNC_GLOBAL, p1);
	return btf;
}

static void test_backend(void **state)
{
	struct fake f = { .kfuncs = fake_kfunc_table() };
	struct hive_object *obj = open_prog("externs", NULL);
	struct hive_insn_ref_info r;
	struct hive_program *p;

	assert_int_equal(object_set_backend(obj, &fake_ops, &f), 0);
	assert_int_equal(hive_object__load(obj), 0);
	assert_string_equal(f.log, "map externs.bss;map externs.kconfig;prog read_kconfig;"
				   "prog call_kfuncs;prog read_ksyms;");
	/* kfuncs resolved against the backend's table, not the kernel's */
	p = prog(obj, "call_kfuncs");
	for (size_t i = 0; i < object_prog_ref_cnt(p); i++) {
		object_prog_ref(p, i, &r);
		if (r.kind == HIVE_REF_KFUNC)
			assert_int_equal(r.btf_id,
					 btf_find_by_name_kind(f.kfuncs, r.name, BTF_KIND_FUNC));
	}
	assert_ptr_equal(object_kfunc_btf(obj), f.kfuncs);
	assert_int_equal(hive_object__load(obj), -EBUSY);
	hive_object__close(obj);
	assert_non_null(strstr(f.log, "unload read_ksyms;"));

	/* a program the backend refuses: the load fails, naming it, and is undone */
	f.log[0] = '\0';
	f.fail_prog = 1;
	obj = open_prog("externs", NULL);
	object_set_backend(obj, &fake_ops, &f);
	assert_int_equal(hive_object__load(obj), -EACCES);
	assert_non_null(strstr(object_last_error(), "prog 'read_kconfig': failed to load"));
	hive_object__close(obj);
	btf_free(f.kfuncs);
}

static void test_backend_missing(void **state)
{
	HIVE_OPTS(hive_object_open_opts, o, .backend = HIVE_BACKEND_KERNEL);
	struct hive_object *obj = open_prog("subprogs", &o);

	assert_int_equal(hive_object__load(obj), -EOPNOTSUPP);
	assert_non_null(strstr(object_last_error(), "backend 'kernel' not available"));
	/* prepare happened: the instructions are final */
	assert_true(hive_object__prepared(obj));
	hive_object__close(obj);
}

/* ---- mistakes ---- */

static void test_mistakes(void **state)
{
	static const struct {
		const char *name;
		bool at_open;
		const char *msg;
	} t[] = {
		{ "bad_unknown_section", false,
		  "prog 'misspelled': missing BPF prog type, check ELF section name 'xdpp'" },
		{ "bad_map_unknown_field", true, "map 'm': unknown field 'max_entires'" },
		{ "bad_map_no_type", true, "map 'm': map type isn't specified" },
		{ "bad_map_key_conflict", true, "map 'm': conflicting key size 8 != 4" },
		{ "bad_map_bad_pinning", true, "map 'm': invalid pinning value 7" },
		{ "bad_map_values_not_mim", true, "map 'm': should be map-in-map or prog-array" },
		{ "bad_legacy_maps", true,
		  "section 'maps': legacy map definitions are not supported" },
		{ "bad_extern_kfunc", false,
		  "extern (func ksym) 'bpf_hive_no_such_kfunc': not found in vmlinux BTF" },
		{ "bad_extern_kconfig", false,
		  "extern 'CONFIG_HIVE_NO_SUCH_OPTION' (strong): not resolved" },
		{ "bad_extern_kconfig_type", true,
		  "extern (kcfg) 'CONFIG_HZ': type is unsupported" },
		{ "bad_kfunc_proto", false,
		  "extern (func ksym) 'bpf_task_from_pid___bad': func_proto [" },
		{ "bad_static_prog", true,
		  "section 'xdp': program 'hidden_prog' is static and not supported" },
		{ "bad_fentry_target", false,
		  "prog 'prog': failed to find kernel BTF type ID of 'hive_no_such_function'" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(t); i++) {
		const char *path = path_of("bad", t[i].name);
		struct hive_object *obj = hive_object__open_file(path, NULL);

		if (!t[i].at_open) {
			if (!obj)
				fail_msg("%s: open failed: %s", t[i].name, object_last_error());
			assert_true(hive_object__prepare(obj) < 0);
		} else {
			assert_null(obj);
		}
		/* one line: the file, then the reason */
		assert_int_equal(strncmp(object_last_error(), path, strlen(path)), 0);
		if (!strstr(object_last_error(), t[i].msg))
			fail_msg("%s: '%s' lacks '%s'", t[i].name, object_last_error(), t[i].msg);
		assert_null(strchr(object_last_error(), '\n'));
		hive_object__close(obj);
	}
}

static void test_core_no_candidate(void **state)
{
	struct hive_object *obj;
	struct hive_insn_ref_info r;
	struct hive_program *p;

	if (!have_vmlinux())
		return;
	obj = hive_object__open_file(path_of("bad", "bad_core_no_candidate"), NULL);
	assert_non_null(obj);
	/* as with libbpf, not an error by itself: the instruction is poisoned and explained */
	assert_int_equal(hive_object__prepare(obj), 0);
	p = prog(obj, "prog");
	assert_int_equal(object_prog_ref(p, 0, &r), 0);
	assert_int_equal(r.kind, HIVE_REF_CORE_POISON);
	assert_int_equal(hive_program__insns(p)[r.insn_idx].imm, 195896080);
	assert_non_null(strstr(r.text, "failed to resolve CO-RE relocation <byte_off> ["));
	assert_non_null(strstr(r.text, "struct hive_not_in_kernel.field (0:0 @ offset 0)"));
	hive_object__close(obj);
}

static void test_open_garbage(void **state)
{
	static const char junk[] = "\177ELF not really an object";
	HIVE_OPTS(hive_object_open_opts, o, .object_name = "junk");

	assert_null(hive_object__open_mem(junk, sizeof(junk), &o));
	assert_non_null(strstr(object_last_error(), "junk"));
	assert_null(hive_object__open_mem(NULL, 0, NULL));
	assert_int_equal(errno, EINVAL);
	assert_null(hive_object__open_file("/nonexistent.bpf.o", NULL));
	hive_object__close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_section_table),
		cmocka_unit_test(test_sections_new),
		cmocka_unit_test(test_subprogs),
		cmocka_unit_test(test_exception_cb),
		cmocka_unit_test(test_maps),
		cmocka_unit_test(test_globals),
		cmocka_unit_test(test_kconfig),
		cmocka_unit_test(test_kconfig_errors),
		cmocka_unit_test(test_kfuncs_vmlinux),
		cmocka_unit_test(test_backend),
		cmocka_unit_test(test_backend_missing),
		cmocka_unit_test(test_mistakes),
		cmocka_unit_test(test_core_no_candidate),
		cmocka_unit_test(test_open_garbage),
	};

	hive_set_print(quiet);
	return cmocka_run_group_tests(tests, NULL, NULL);
}
