// SPDX-License-Identifier: BSD-2-Clause
/*
 * vm/helpers_env.c: helpers that read the environment: the five clocks, the per-CPU random
 * generator, the CPU and NUMA node a run executes on, and the current task's pid/tgid, uid/gid
 * and name. Everything comes from the run's host (vm/host.h), so a deterministic host gives
 * reproducible values.
 */
#include <string.h>

#include "common/err.h"
#include "vm/helpers.h"

#define HELPER(name)                                                                              \
	static uint64_t h_##name(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5, \
				 struct hive_vm_run *run)

static struct hive_host *host_of(struct hive_vm_run *run)
{
	return vm_env_of(run)->host;
}

HELPER(ktime_get_ns)
{
	return vm_host_clock(host_of(run), HIVE_CLK_MONO);
}

HELPER(ktime_get_boot_ns)
{
	return vm_host_clock(host_of(run), HIVE_CLK_BOOT);
}

HELPER(ktime_get_coarse_ns)
{
	return vm_host_clock(host_of(run), HIVE_CLK_COARSE);
}

HELPER(ktime_get_tai_ns)
{
	return vm_host_clock(host_of(run), HIVE_CLK_TAI);
}

HELPER(jiffies64)
{
	return vm_host_clock(host_of(run), HIVE_CLK_JIFFIES);
}

HELPER(get_prandom_u32)
{
	return vm_host_random(host_of(run), run->cpu);
}

HELPER(get_smp_processor_id)
{
	return run->cpu;
}

HELPER(get_numa_node_id)
{
	return vm_host_numa_node(host_of(run), run->cpu);
}

HELPER(get_current_pid_tgid)
{
	struct hive_task_ident id;

	vm_host_current(host_of(run), &id);
	return (uint64_t)id.tgid << 32 | id.pid;
}

HELPER(get_current_uid_gid)
{
	struct hive_task_ident id;

	vm_host_current(host_of(run), &id);
	return (uint64_t)id.gid << 32 | id.uid;
}

/* strscpy_pad(): at most size - 1 characters, a NUL, zeros up to @size. */
HELPER(get_current_comm)
{
	struct hive_task_ident id;
	uint32_t size = (uint32_t)r2;
	char *buf = (char *)(uintptr_t)r1;
	size_t len;

	if (!size || !vm_helper_mem_ok(run, "bpf_get_current_comm", "buffer", r1, size, true))
		return 0;
	vm_host_current(host_of(run), &id);
	len = strnlen(id.comm, sizeof(id.comm));
	if (len > size - 1)
		len = size - 1;
	memcpy(buf, id.comm, len);
	memset(buf + len, 0, size - len);
	return 0;
}

#define D(name)                             \
	{                                   \
		VM_FUNC_##name, h_##name, 0 \
	}

static const struct vm_helper_desc descs[] = {
	D(ktime_get_ns),	 D(get_prandom_u32),	 D(get_smp_processor_id),
	D(get_current_pid_tgid), D(get_current_uid_gid), D(get_current_comm),
	D(get_numa_node_id),	 D(jiffies64),		 D(ktime_get_boot_ns),
	D(ktime_get_coarse_ns),	 D(ktime_get_tai_ns),
};

const struct vm_helper_group vm_helpers_env = { "env", descs, ARRAY_SIZE(descs) };
