// SPDX-License-Identifier: BSD-2-Clause
/*
 * tests/backend/progs/sys_maps.bpf.c: syscall programs over every map type the user backend
 * has, global data, bpf_loop, for_each_map_elem, open-coded iterators, spin locks and a kptr
 * in a map value (user space sees both as zeros), for the kernel differential test. A tc
 * program covers the bloom filter, which sleepable (syscall) programs may not use.
 */
#include "common.h"

char LICENSE[] SEC("license") = "GPL";

struct args {
	__u64 a, b;
	__u64 out[6];
};

struct val {
	__u64 x;
	__u32 y;
};

struct obj {
	__u64 v;
};

struct locked {
	struct bpf_spin_lock lock;
	__u32 cnt;
	__u64 sum;
	struct obj __kptr *kp;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} h SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, struct val);
} arr SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 8);
	__type(key, __u32);
	__type(value, __u64);
} ph SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct val);
} pa SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, __u64);
} lh SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_PERCPU_HASH);
	__uint(max_entries, 32);
	__type(key, __u32);
	__type(value, __u32);
} lph SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_QUEUE);
	__uint(max_entries, 8);
	__type(value, __u32);
} q SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_STACK);
	__uint(max_entries, 8);
	__type(value, __u64);
} s SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
} rb SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_BLOOM_FILTER);
	__uint(max_entries, 16);
	__type(value, __u32);
} bf SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, struct locked);
} lk SEC(".maps");

struct inner {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} in_a SEC(".maps"), in_b SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 3);
	__type(key, __u32);
	__array(values, struct inner);
} aom SEC(".maps") = {
	.values = { &in_a, [2] = &in_b },
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH_OF_MAPS);
	__uint(max_entries, 4);
	__type(key, __u32);
	__array(values, struct inner);
} hom SEC(".maps") = {
	.values = { [1] = &in_b },
};

int g_data = 5;
const volatile int g_ro = 7;
__u64 g_bss;
char g_str[8] = "hive";

extern int bpf_iter_num_new(struct bpf_iter_num *it, int start, int end) __ksym;
extern int *bpf_iter_num_next(struct bpf_iter_num *it) __ksym;
extern void bpf_iter_num_destroy(struct bpf_iter_num *it) __ksym;
extern void *bpf_obj_new_impl(__u64 local_type_id__k, void *meta__ign) __ksym;
extern void bpf_obj_drop_impl(void *p__alloc, void *meta__ign) __ksym;

static long sum_cb(struct bpf_map *map, const void *key, void *val, void *ctx)
{
	__u64 *sum = ctx;

	*sum += *(__u64 *)val + *(__u32 *)key;
	return 0;
}

static long loop_cb(__u64 i, void *ctx)
{
	__u64 *acc = ctx;

	*acc = *acc * 3 + i;
	return i == 6;
}

/* One element of each map; called with constants (a loop counter whose address goes to
 * helpers is unbounded for the verifier: kernel and bpfhive both say "infinite loop"). */
static __always_inline void fill_one(__u32 i, __u64 a, __u64 b)
{
	__u64 v = i * a + b;
	struct val vv;
	__u32 v32 = (__u32)v;

	__builtin_memset(&vv, 0, sizeof(vv)); /* the padding too: it goes into the map */
	vv.x = v;
	vv.y = i;
	bpf_map_update_elem(&h, &i, &v, BPF_ANY);
	if (i < 4)
		bpf_map_update_elem(&arr, &i, &vv, BPF_ANY);
	bpf_map_update_elem(&ph, &i, &v, BPF_ANY);
	bpf_map_update_elem(&lh, &i, &v, BPF_NOEXIST);
	bpf_map_update_elem(&lph, &i, &v32, BPF_ANY);
	bpf_map_push_elem(&q, &v32, 0);
	bpf_map_push_elem(&s, &v, 0);
}

SEC("syscall")
int sys_fill(struct args *ctx)
{
	__u64 sum = 0, acc = 1, a = ctx->a;
	struct bpf_iter_num it;
	struct locked *l;
	__u32 zero = 0, one = 1;
	struct obj *o;
	int *p, n = 0;

	fill_one(0, a, ctx->b);
	fill_one(1, a, ctx->b);
	fill_one(2, a, ctx->b);
	fill_one(3, a, ctx->b);
	fill_one(4, a, ctx->b);
	fill_one(5, a, ctx->b);
	ctx->out[0] = bpf_map_update_elem(&lh, &one, &a, BPF_NOEXIST);
	{
		struct val *pv = bpf_map_lookup_elem(&pa, &one);

		if (pv)
			pv->x += a;
	}
	bpf_for_each_map_elem(&h, sum_cb, &sum, 0);
	ctx->out[1] = sum;
	ctx->out[2] = bpf_loop(10, loop_cb, &acc, 0) | acc << 8;
	bpf_iter_num_new(&it, 2, 9);
	while ((p = bpf_iter_num_next(&it)))
		n += *p;
	bpf_iter_num_destroy(&it);
	ctx->out[3] = n;
	bpf_ringbuf_output(&rb, &sum, sizeof(sum), 0);
	{
		__u64 *r = bpf_ringbuf_reserve(&rb, 16, 0);

		if (r) {
			r[0] = a;
			r[1] = 0xfeed;
			bpf_ringbuf_submit(r, 0);
		}
		r = bpf_ringbuf_reserve(&rb, 8, 0);
		if (r)
			bpf_ringbuf_discard(r, 0);
	}
	ctx->out[4] = bpf_ringbuf_query(&rb, BPF_RB_AVAIL_DATA);
	l = bpf_map_lookup_elem(&lk, &zero);
	if (l) {
		bpf_spin_lock(&l->lock);
		l->cnt++;
		l->sum += a;
		bpf_spin_unlock(&l->lock);
		o = bpf_obj_new_impl(bpf_core_type_id_local(struct obj), NULL);
		if (o) {
			o->v = a;
			o = bpf_kptr_xchg(&l->kp, o);
			if (o)
				bpf_obj_drop_impl(o, NULL);
		}
	}
	{
		void *inner = bpf_map_lookup_elem(&aom, &zero);
		__u64 *iv;

		if (inner) {
			iv = bpf_map_lookup_elem(inner, &one);
			if (iv)
				*iv += a + 1;
		}
		inner = bpf_map_lookup_elem(&hom, &one);
		if (inner) {
			iv = bpf_map_lookup_elem(inner, &zero);
			if (iv)
				*iv += 100;
		}
		ctx->out[5] = !!bpf_map_lookup_elem(&aom, &one);
	}
	g_data += 1;
	g_bss += g_ro + a;
	g_str[4] = '0' + (char)(g_bss & 7);
	return (int)(sum + acc);
}

SEC("syscall")
int sys_drain(struct args *ctx)
{
	__u32 v32 = 0, key = 3, cpu;
	__u64 v = 0, *pv;
	long peeked, deleted, deleted_again;
	int i;

	for (i = 0; i < 3; i++) {
		bpf_map_pop_elem(&q, &v32);
		ctx->out[0] = ctx->out[0] * 31 + v32;
		bpf_map_pop_elem(&s, &v);
		ctx->out[1] = ctx->out[1] * 31 + v;
	}
	/* separate statements: C leaves the order of a call and a read of v32 (or of two calls)
	 * in one expression to the compiler */
	peeked = bpf_map_peek_elem(&q, &v32);
	ctx->out[2] = peeked | (__u64)v32 << 32;
	deleted = bpf_map_delete_elem(&h, &key);
	deleted_again = bpf_map_delete_elem(&h, &key);
	ctx->out[4] = deleted | (__u64)(deleted_again & 0xff) << 8;
	cpu = bpf_get_smp_processor_id();
	pv = bpf_map_lookup_percpu_elem(&ph, &key, cpu);
	ctx->out[5] = pv ? *pv : 0xffff;
	pv = bpf_map_lookup_percpu_elem(&ph, &key, 4096);
	ctx->out[5] |= pv ? 1ull << 32 : 0;
	return cpu;
}

/* Bloom filters are not for sleepable programs: a tc program pushes and peeks. */
SEC("tc")
int tc_bloom(struct __sk_buff *skb)
{
	__u64 r = 0;

	for (__u32 i = 0; i < 6; i++) {
		__u32 v = i * 3 + 10;

		bpf_map_push_elem(&bf, &v, 0);
	}
	for (__u32 i = 0; i < 8; i++) {
		__u32 v = i * 3 + 10;

		r = r << 4 | (bpf_map_peek_elem(&bf, &v) & 0xf);
	}
	return (int)r;
}
