// SPDX-License-Identifier: BSD-2-Clause
/*
 * fentry/fexit/lsm programs: this machine's kernel refuses to load any of them (EPERM before
 * the verifier runs, whatever the program), so diff_obj reports them as skipped here.
 */
/* Tracing: BTF-typed pointers (fentry, tp_btf, lsm), kprobes and tracepoints, task kfuncs and
 * references, RCU, dynptrs, task storage. */
#include "vprogs.h"

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_TASK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, __u64);
} tstore SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} perf SEC(".maps");

extern struct task_struct *bpf_task_acquire(struct task_struct *p) __ksym;
extern void bpf_task_release(struct task_struct *p) __ksym;
extern struct task_struct *bpf_task_from_pid(s32 pid) __ksym;
extern void bpf_rcu_read_lock(void) __ksym;
extern void bpf_rcu_read_unlock(void) __ksym;

__u64 seen = 0;

SEC("fentry/bpf_fentry_test1")
int BPF_PROG(fentry_arg, int a)
{
	seen += a;
	return 0;
}

SEC("fexit/bpf_fentry_test1")
int BPF_PROG(fexit_ret, int a, int ret)
{
	seen += ret - a;
	return 0;
}

SEC("fentry/tcp_v4_connect")
int BPF_PROG(fentry_sock, struct sock *sk)
{
	seen += sk->__sk_common.skc_family + sk->sk_rcvbuf;
	return 0;
}

SEC("fentry/tcp_v4_connect")
int BPF_PROG(fail_fentry_write, struct sock *sk)
{
	sk->sk_rcvbuf = 1;
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(switch_pids, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	seen += prev->pid + next->tgid + next->comm[3];
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(switch_parent, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	/* walking to another task pointer: untrusted but readable */
	seen += prev->real_parent->pid;
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(task_ref, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *t = bpf_task_acquire(next);

	if (!t)
		return 0;
	seen += t->pid;
	bpf_task_release(t);
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(fail_task_leak, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *t = bpf_task_acquire(next);

	if (!t)
		return 0;
	seen += t->pid;
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(fail_task_double_release, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	struct task_struct *t = bpf_task_acquire(next);

	if (!t)
		return 0;
	bpf_task_release(t);
	bpf_task_release(t);
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(fail_release_unacquired, bool preempt, struct task_struct *prev,
	     struct task_struct *next)
{
	bpf_task_release(next);
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(rcu_section, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *p;

	bpf_rcu_read_lock();
	p = next->real_parent;
	if (p)
		seen += p->pid;
	bpf_rcu_read_unlock();
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(fail_rcu_unbalanced, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	bpf_rcu_read_lock();
	seen += next->pid;
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(current_task, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct task_struct *cur = bpf_get_current_task_btf();
	__u64 *v = bpf_task_storage_get(&tstore, cur, 0, BPF_LOCAL_STORAGE_GET_F_CREATE);

	if (v)
		*v += cur->pid;
	return 0;
}

SEC("kprobe/do_unlinkat")
int BPF_KPROBE(kprobe_unlink, int dfd, struct filename *name)
{
	const char *s;
	char buf[32];

	s = BPF_CORE_READ(name, name);
	bpf_probe_read_kernel_str(buf, sizeof(buf), s);
	bpf_printk("unlink %s", buf);
	return 0;
}

SEC("kprobe/do_unlinkat")
int fail_kprobe_ctx_write(struct pt_regs *ctx)
{
	ctx->di = 0;
	return 0;
}

SEC("raw_tp/sys_enter")
int raw_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	seen += ctx->args[1];
	return 0;
}

SEC("tracepoint/syscalls/sys_enter_openat")
int tp_openat(void *ctx)
{
	struct {
		__u64 pad;
		int nr;
		long dfd;
		long filename;
	} *args = ctx;

	seen += args->nr;
	bpf_perf_event_output(ctx, &perf, BPF_F_CURRENT_CPU, &seen, sizeof(seen));
	return 0;
}

SEC("lsm/file_open")
int BPF_PROG(lsm_open, struct file *file)
{
	return file->f_flags & 1 ? -1 : 0;
}

SEC("lsm/file_open")
int BPF_PROG(fail_lsm_ret, struct file *file)
{
	return 1;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(dynptr_rb, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct bpf_dynptr d;
	__u64 *p;

	if (bpf_ringbuf_reserve_dynptr(&events, 16, 0, &d)) {
		bpf_ringbuf_discard_dynptr(&d, 0);
		return 0;
	}
	p = bpf_dynptr_data(&d, 0, 8);
	if (p)
		*p = next->pid;
	bpf_ringbuf_submit_dynptr(&d, 0);
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(fail_dynptr_leak, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct bpf_dynptr d;

	bpf_ringbuf_reserve_dynptr(&events, 16, 0, &d);
	return 0;
}

SEC("tp_btf/sched_switch")
int BPF_PROG(fail_dynptr_oob, bool preempt, struct task_struct *prev, struct task_struct *next)
{
	struct bpf_dynptr d;
	__u64 *p;

	if (bpf_ringbuf_reserve_dynptr(&events, 16, 0, &d)) {
		bpf_ringbuf_discard_dynptr(&d, 0);
		return 0;
	}
	p = bpf_dynptr_data(&d, 0, 8);
	if (p)
		p[1] = next->pid;
	bpf_ringbuf_submit_dynptr(&d, 0);
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
