// SPDX-License-Identifier: BSD-2-Clause
/*
 * vm/helpers_core.c: installing helper groups in a vm, and the checks every helper file shares
 * (memory arguments in checked mode, "the run has stopped" for helpers that call back into BPF).
 */
#include <errno.h>

#include "common/err.h"
#include "isa/helpers.h"
#include "vm/helpers.h"
#include "vm/vm_internal.h"

/* Program-type specific groups (skb, xdp) go here once vm/ctx.h exists. */
static const struct vm_helper_group *const groups[] = {
	&vm_helpers_map,
	&vm_helpers_env,
	&vm_helpers_str,
	&vm_helpers_printf,
};

int vm_register_helper_group(struct hive_vm *vm, const struct vm_helper_group *group,
			     const struct hive_host *host)
{
	const struct hive_host_opts *opts = host ? vm_host_opts(host) : NULL;

	for (size_t i = 0; i < group->cnt; i++) {
		const struct vm_helper_desc *d = &group->descs[i];
		const char *name = isa_helper_name(d->id);
		int err;

		if ((d->flags & VM_HELPER_PROBE) && opts && opts->no_probe_read)
			continue;
		err = hive_vm_set_helper(vm, d->id, name ? name : group->name, d->fn);
		if (err)
			return err;
	}
	return 0;
}

int vm_register_helpers(struct hive_vm *vm, const struct hive_host *host)
{
	for (size_t i = 0; i < ARRAY_SIZE(groups); i++) {
		int err = vm_register_helper_group(vm, groups[i], host);

		if (err)
			return err;
	}
	return 0;
}

bool vm_helper_mem_ok(struct hive_vm_run *run, const char *helper, const char *what, uint64_t addr,
		      uint64_t size, bool write)
{
	if (!run->checked || !size || hive_vm_check_access(run, addr, size, write))
		return true;
	hive_vm_fault(run, "%s: invalid %s of %s (%llu byte%s at 0x%llx)", helper,
		      write ? "write" : "read", what, (unsigned long long)size,
		      size == 1 ? "" : "s", (unsigned long long)addr);
	return false;
}

bool vm_helper_str_ok(struct hive_vm_run *run, const char *helper, const char *what, uint64_t addr)
{
	if (!run->checked)
		return true;
	for (uint64_t p = addr;; p++) {
		if (!hive_vm_check_access(run, p, 1, false)) {
			hive_vm_fault(run,
				      "%s: %s at 0x%llx is not a readable NUL-terminated string",
				      helper, what, (unsigned long long)addr);
			return false;
		}
		if (!*(const char *)(uintptr_t)p)
			return true;
	}
}

bool vm_run_stopped(const struct hive_vm_run *run)
{
	return run->status || run->pending == VM_PENDING_EXIT || run->pending == VM_PENDING_FAULT;
}
