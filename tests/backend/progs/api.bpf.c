// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/backend/progs/api.bpf.c: small programs for the user backend's unit tests (no kernel
 * needed): global data read and written from user space, per-CPU counters, a ring buffer,
 * bpf_printk, a map value with special fields, a queue.
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

struct args {
	__u64 in;
	__u64 out;
};

struct obj {
	__u64 v;
};

struct special {
	struct bpf_spin_lock lock;
	__u32 cnt;
	struct obj __kptr *kp;
	__u64 tail;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} per_cpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} hits SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct special);
} spec SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 4);
	__type(value, __u32);
} fifo SEC(".maps");

__u64 data_var = 5;
__u64 bss_var;
const volatile __u64 ro_var = 7;

extern void *bpf_obj_new_impl(__u64 local_type_id__k, void *meta__ign) __ksym;
extern void bpf_obj_drop_impl(void *p__alloc, void *meta__ign) __ksym;

SEC("syscall")
int count(struct args *a)
{
	__u32 zero = 0, key = (__u32)a->in;
	__u64 one = 1, *v;

	v = bpf_map_lookup_elem(&per_cpu, &zero);
	if (v)
		*v += a->in;
	v = bpf_map_lookup_elem(&hits, &key);
	if (v)
		__sync_fetch_and_add(v, 1);
	else
		bpf_map_update_elem(&hits, &key, &one, BPF_NOEXIST);
	bss_var += data_var;
	a->out = data_var * 1000 + ro_var * 100 + bpf_get_smp_processor_id();
	return (int)(bss_var & 0x7fffffff);
}

SEC("syscall")
int emit(struct args *a)
{
	struct obj *o;
	struct special *s;
	__u32 zero = 0;
	__u64 rec[2] = { a->in, 0xabcd };

	bpf_ringbuf_output(&events, rec, sizeof(rec), 0);
	bpf_ringbuf_output(&events, rec, 8, 0);
	bpf_printk("emit %llu", a->in);
	s = bpf_map_lookup_elem(&spec, &zero);
	if (!s)
		return 1;
	bpf_spin_lock(&s->lock);
	s->cnt++;
	bpf_spin_unlock(&s->lock);
	s->tail = 0x1122334455667788ULL;
	o = bpf_obj_new_impl(bpf_core_type_id_local(struct obj), NULL);
	if (!o)
		return 2;
	o = bpf_kptr_xchg(&s->kp, o);
	if (o)
		bpf_obj_drop_impl(o, NULL);
	return 0;
}

SEC("tc")
int push(struct __sk_buff *skb)
{
	__u32 v = skb->len;

	return bpf_map_push_elem(&fifo, &v, 0);
}
