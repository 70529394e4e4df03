// SPDX-License-Identifier: BSD-2-Clause
/* Subprogram-heavy: global and static functions, bpf_loop callbacks, for_each over a map,
 * ring buffer events with a reference held across calls. */
#include "bench_common.h"

struct event {
	__u32 kind, len;
	__u64 ts;
	__u8 payload[64];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 1 << 16);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, __u64);
} stats SEC(".maps");

struct cb_ctx {
	struct __sk_buff *skb;
	__u64 acc;
};

static __noinline __u64 mix(__u64 a, __u64 b)
{
	a ^= b;
	a *= 0x9e3779b97f4a7c15ull;
	return a ^ (a >> 29);
}

static __noinline int classify(__u32 len, __u32 mark)
{
	if (len < 64)
		return 0;
	if (len < 512)
		return mark & 1 ? 1 : 2;
	if (len < 1500)
		return 3;
	return 4;
}

__noinline int account(__u32 key, __u64 v)
{
	__u64 *p = bpf_map_lookup_elem(&stats, &key);

	if (p) {
		__sync_fetch_and_add(p, v);
		return 0;
	}
	bpf_map_update_elem(&stats, &key, &v, BPF_ANY);
	return 1;
}

static int loop_cb(__u64 i, struct cb_ctx *c)
{
	c->acc = mix(c->acc, i);
	return 0;
}

static long sum_cb(struct bpf_map *map, __u32 *key, __u64 *val, struct cb_ctx *c)
{
	c->acc += *val;
	return c->acc > (1ull << 40);
}

static __noinline int emit(struct __sk_buff *skb, __u32 kind)
{
	struct event *e = bpf_ringbuf_reserve(&events, sizeof(*e), 0);

	if (!e)
		return -1;
	e->kind = kind;
	e->len = skb->len;
	e->ts = bpf_ktime_get_ns();
	if (bpf_skb_load_bytes(skb, 0, e->payload, sizeof(e->payload)) < 0) {
		bpf_ringbuf_discard(e, 0);
		return -1;
	}
	bpf_ringbuf_submit(e, 0);
	return 0;
}

SEC("tc")
int call_heavy(struct __sk_buff *skb)
{
	struct cb_ctx c = { .skb = skb, .acc = skb->hash };
	int kind = classify(skb->len, skb->mark);

	bpf_loop(64, loop_cb, &c, 0);
	bpf_for_each_map_elem(&stats, sum_cb, &c, 0);
	account(kind, c.acc);
	account(kind + 8, skb->len);
	if (kind > 2)
		emit(skb, kind);
	return TC_ACT_OK;
}

char LICENSE[] SEC("license") = "GPL";
