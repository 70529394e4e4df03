// SPDX-License-Identifier: BSD-2-Clause
/* Maps: lookups with and without NULL checks, variable offsets, spin locks, timers, ring
 * buffers, map-in-map, queues, read-only data. */
#include "vprogs.h"

struct val {
	struct bpf_spin_lock lock;
	__u64 cnt;
	__u64 arr[8];
	struct bpf_timer timer;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, struct val);
} locked SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64[8]);
} arr SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 32);
	__type(value, __u64);
} q SEC(".maps");

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 2);
	__type(key, __u32);
	__array(values, struct inner);
} outer SEC(".maps");

const volatile __u32 cfg_limit = 5;
const volatile __u32 cfg_mode = 0;
__u64 counter = 0;

struct event {
	__u32 pid;
	__u32 len;
	__u8 data[16];
};

SEC("tc")
int lookup_var_off(struct __sk_buff *skb)
{
	__u32 k = skb->mark & 15, i = skb->len;
	__u64 *v = bpf_map_lookup_elem(&arr, &k);

	if (!v)
		return 0;
	i &= 7;
	v[i] += 1;
	return (int)v[(i + 1) & 7];
}

SEC("tc")
int fail_lookup_no_null(struct __sk_buff *skb)
{
	__u32 k = skb->mark;
	struct val *v = bpf_map_lookup_elem(&locked, &k);

	return v->cnt;
}

SEC("tc")
int fail_var_off_unbounded(struct __sk_buff *skb)
{
	__u32 k = 0, i = skb->len;
	__u64 *v = bpf_map_lookup_elem(&arr, &k);

	if (!v)
		return 0;
	return (int)v[i];
}

SEC("tc")
int spin_lock_ok(struct __sk_buff *skb)
{
	__u32 k = skb->mark;
	struct val *v = bpf_map_lookup_elem(&locked, &k);

	if (!v)
		return 0;
	bpf_spin_lock(&v->lock);
	v->cnt++;
	v->arr[v->cnt & 7] = skb->len;
	bpf_spin_unlock(&v->lock);
	return 0;
}

SEC("tc")
int fail_spin_lock_no_unlock(struct __sk_buff *skb)
{
	__u32 k = skb->mark;
	struct val *v = bpf_map_lookup_elem(&locked, &k);

	if (!v)
		return 0;
	bpf_spin_lock(&v->lock);
	v->cnt++;
	return 0;
}

SEC("tc")
int fail_spin_lock_call(struct __sk_buff *skb)
{
	__u32 k = skb->mark;
	struct val *v = bpf_map_lookup_elem(&locked, &k);

	if (!v)
		return 0;
	bpf_spin_lock(&v->lock);
	v->cnt = bpf_ktime_get_ns();
	bpf_spin_unlock(&v->lock);
	return 0;
}

SEC("tc")
int fail_spin_lock_direct(struct __sk_buff *skb)
{
	__u32 k = skb->mark;
	struct val *v = bpf_map_lookup_elem(&locked, &k);

	if (!v)
		return 0;
	return *(volatile __u32 *)&v->lock;
}

static int timer_cb(void *map, __u32 *key, struct val *v)
{
	v->cnt++;
	return 0;
}

SEC("tc")
int timer_start(struct __sk_buff *skb)
{
	__u32 k = 1;
	struct val *v = bpf_map_lookup_elem(&locked, &k);

	if (!v)
		return 0;
	bpf_timer_init(&v->timer, &locked, 1 /* CLOCK_MONOTONIC */);
	bpf_timer_set_callback(&v->timer, timer_cb);
	bpf_timer_start(&v->timer, 1000, 0);
	return 0;
}

SEC("tc")
int ringbuf_ok(struct __sk_buff *skb)
{
	struct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);

	if (!e)
		return 0;
	e->pid = skb->ifindex;
	e->len = skb->len;
	if (bpf_skb_load_bytes(skb, 0, e->data, sizeof(e->data)))
		bpf_ringbuf_discard(e, 0);
	else
		bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tc")
int ringbuf_output(struct __sk_buff *skb)
{
	struct event e = { .pid = skb->ifindex, .len = skb->len };

	bpf_ringbuf_output(&rb, &e, sizeof(e), 0);
	return 0;
}

SEC("tc")
int fail_ringbuf_leak(struct __sk_buff *skb)
{
	struct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);

	if (!e)
		return 0;
	e->len = skb->len;
	if (skb->len > 100)
		bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tc")
int fail_ringbuf_use_after_submit(struct __sk_buff *skb)
{
	struct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);

	if (!e)
		return 0;
	bpf_ringbuf_submit(e, 0);
	e->len = 1;
	return 0;
}

SEC("tc")
int fail_ringbuf_oob(struct __sk_buff *skb)
{
	struct event *e = bpf_ringbuf_reserve(&rb, sizeof(*e), 0);

	if (!e)
		return 0;
	e->data[opaque(16)] = 1;
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tc")
int queue_ops(struct __sk_buff *skb)
{
	__u64 v = skb->len;

	bpf_map_push_elem(&q, &v, 0);
	if (bpf_map_pop_elem(&q, &v))
		return 0;
	return (int)v;
}

SEC("tc")
int map_in_map(struct __sk_buff *skb)
{
	__u32 k = 0, *val;
	void *m = bpf_map_lookup_elem(&outer, &k);

	if (!m)
		return 0;
	val = bpf_map_lookup_elem(m, &k);
	if (!val)
		return 0;
	return *val;
}

SEC("tc")
int rodata_const(struct __sk_buff *skb)
{
	int i, s = 0;

	/* cfg_limit is a known constant in a frozen read-only map: the loop is bounded */
	for (i = 0; i < cfg_limit; i++)
		s += skb->len >> i;
	if (cfg_mode == 1)
		return *(volatile int *)0; /* dead: cfg_mode is 0 */
	counter += s;
	return s;
}

SEC("tc")
int fail_rodata_write(struct __sk_buff *skb)
{
	*(volatile __u32 *)&cfg_limit = 7;
	return 0;
}

SEC("tc")
int fail_map_key_uninit(struct __sk_buff *skb)
{
	__u32 k;
	__u64 *v;

	asm volatile("" : "=r"(k));
	v = bpf_map_lookup_elem(&arr, &k);
	return v ? (int)*v : 0;
}

char LICENSE[] SEC("license") = "GPL";
