// SPDX-License-Identifier: BSD-2-Clause
/*
 * backend/runtime.c: the process-wide runtime every user-backend program runs in.
 *
 * One interpreter environment (struct hive_vm) holds the helper table (vm/helpers*.c, with the
 * packet helpers of vm/helpers_skb.c) and the kfunc table (vm/kfunc_glue.c); every loaded
 * program is decoded against it, so kfunc slots chosen at load stay valid for the process. One
 * host gives the deterministic clock and random seed. The kfunc BTF is the running kernel's
 * (/sys/kernel/btf/vmlinux) when readable, so objects resolve kfuncs exactly as libbpf would,
 * otherwise (or when asked) the runtime's own BTF from runtime_btf.c.
 *
 * Everything is made on first use and lives until the process exits (objects keep pointers to
 * the BTF and programs to the vm); hive_runtime_configure() only works before that.
 */
#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "backend/backend.h"
#include "bpfhive/run.h"
#include "object/backend.h"
#include "btf/btf.h"
#include "common/err.h"
#include "common/log.h"
#include "kfunc/runtime.h"
#include "vm/helpers.h"
#include "vm/helpers_skb.h"
#include "vm/host.h"
#include "vm/kfunc_glue.h"
#include "vm/vm.h"

#define VMLINUX_BTF_PATH "/sys/kernel/btf/vmlinux"

static pthread_mutex_t rt_lock = PTHREAD_MUTEX_INITIALIZER;
static struct hive_runtime_opts rt_opts = { .sz = sizeof(rt_opts) };
static struct be_runtime rt;
static bool rt_ready;
static int rt_err;

/* Prog array slots hold struct be_prog; bpf_tail_call() needs its interpreter image. */
static const struct hive_vm_prog *prog_of(void *obj, void *ctx)
{
	return obj ? ((struct be_prog *)obj)->vm_prog : NULL;
}

static int setup_btf(void)
{
	struct hive_btf *btf = NULL;

	if (!rt_opts.runtime_btf) {
		btf = btf_parse_file(VMLINUX_BTF_PATH, NULL);
		if (IS_ERR(btf)) {
			pr_debug(
				"%s not readable (%s): kfuncs are described by the runtime's BTF\n",
				VMLINUX_BTF_PATH, hive_errstr((int)PTR_ERR(btf)));
			btf = NULL;
		}
	}
	if (!btf) {
		btf = be_runtime_btf_new();
		if (IS_ERR(btf))
			return (int)PTR_ERR(btf);
		rt.own_btf = true;
		be_user_ops.name = "bpfhive runtime";
	}
	rt.kfunc_btf = btf;
	return 0;
}

static int setup_vm(void)
{
	struct hive_host_opts hopts = {
		.sz = sizeof(hopts),
		.clock = rt_opts.real_clock ? HIVE_CLOCK_REAL : HIVE_CLOCK_VIRTUAL,
		.real_random = rt_opts.real_random,
		.seed = rt_opts.seed,
		.prog_of = prog_of,
	};
	int err;

	rt.host = vm_host_new(&hopts);
	if (IS_ERR(rt.host))
		return (int)PTR_ERR(rt.host);
	rt.vm = hive_vm_new();
	if (!rt.vm)
		return -ENOMEM;
	err = vm_register_helpers(rt.vm, rt.host);
	err = err ?: vm_register_helper_group(rt.vm, &vm_helpers_skb, rt.host);
	err = err ?: vm_register_kfuncs(rt.vm);
	return err < 0 ? err : 0;
}

static void setup(void)
{
	int err = 0;

	if (rt_opts.nr_cpus)
		err = kfunc_set_nr_cpus(rt_opts.nr_cpus);
	rt.nr_cpus = kfunc_nr_cpus();
	be_maps_runtime_init(rt_opts.seed);
	err = err ?: setup_btf();
	err = err ?: setup_vm();
	if (err)
		pr_warn("user backend: cannot set up the runtime: %s\n", hive_errstr(err));
	rt_err = err;
	rt_ready = true;
}

const struct be_runtime *be_runtime(int *err)
{
	pthread_mutex_lock(&rt_lock);
	if (!rt_ready)
		setup();
	pthread_mutex_unlock(&rt_lock);
	if (err)
		*err = rt_err;
	return rt_err ? NULL : &rt;
}

/* ---- public API ---- */

HIVE_API int hive_runtime_configure(const struct hive_runtime_opts *opts)
{
	struct hive_runtime_opts o = { 0 };
	int err = 0;

	if (!opts || opts->sz < sizeof(size_t))
		return hive_err(-EINVAL);
	/* a newer caller's fields we do not know must be zero (libbpf's OPTS_VALID) */
	for (size_t i = sizeof(o); i < opts->sz; i++)
		if (((const char *)opts)[i])
			return hive_err(-EINVAL);
	memcpy(&o, opts, opts->sz < sizeof(o) ? opts->sz : sizeof(o));
	o.sz = sizeof(o);
	if (o.nr_cpus > HIVE_MAX_CPUS)
		return hive_err(-EINVAL);
	pthread_mutex_lock(&rt_lock);
	if (rt_ready)
		err = -EBUSY;
	else
		rt_opts = o;
	pthread_mutex_unlock(&rt_lock);
	return hive_err(err);
}

HIVE_API const char *hive_runtime_btf_kind(void)
{
	const struct be_runtime *r = be_runtime(NULL);

	return r && r->own_btf ? "runtime" : "vmlinux";
}
