// SPDX-License-Identifier: BSD-2-Clause
/*
 * externs: __kconfig values of every supported type (int, bool, tristate, char array, u32,
 * virtual LINUX_* ones, a weak missing one), kfuncs (__ksym functions), typed ksyms (per-CPU
 * kernel variables) and a typeless ksym (an address from kallsyms).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

extern int CONFIG_HZ __kconfig;
extern bool CONFIG_BPF_SYSCALL __kconfig;
extern enum libbpf_tristate CONFIG_NET __kconfig;
extern char CONFIG_LOCALVERSION[16] __kconfig;
extern __u32 CONFIG_NR_CPUS __kconfig;
extern int CONFIG_HIVE_NOT_A_CONFIG __kconfig __weak;
extern unsigned int LINUX_KERNEL_VERSION __kconfig;
extern bool LINUX_HAS_BPF_COOKIE __kconfig;

extern struct task_struct *bpf_task_from_pid(s32 pid) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;

extern const int bpf_prog_active __ksym;
extern const struct rq runqueues __ksym;
extern const void bpf_prog_put __ksym;

__u64 out[8];

SEC("syscall")
int read_kconfig(void *ctx)
{
	out[0] = CONFIG_HZ;
	out[1] = CONFIG_BPF_SYSCALL;
	out[2] = CONFIG_NET == TRI_YES;
	out[3] = CONFIG_LOCALVERSION[1];
	out[4] = CONFIG_NR_CPUS + CONFIG_HIVE_NOT_A_CONFIG;
	out[5] = LINUX_KERNEL_VERSION;
	out[6] = LINUX_HAS_BPF_COOKIE;
	return 0;
}

SEC("syscall")
int call_kfuncs(void *ctx)
{
	struct task_struct *t;

	bpf_rcu_read_lock();
	t = bpf_task_from_pid(1);
	if (t) {
		out[0] = t->pid;
		bpf_task_release(t);
	}
	bpf_rcu_read_unlock();
	return 0;
}

SEC("raw_tp/sys_enter")
int read_ksyms(void *ctx)
{
	const int *active = bpf_this_cpu_ptr(&bpf_prog_active);
	const struct rq *rq = bpf_this_cpu_ptr(&runqueues);

	out[0] = *active + rq->nr_running;
	out[1] = (__u64)&bpf_prog_put;
	return 0;
}
