// SPDX-License-Identifier: BSD-2-Clause
/* Loop-heavy programs: checksum over a packet window, a string scan, a histogram, and nested
 * bounded loops the verifier explores to completion. */
#include "bench_common.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 64);
	__type(key, __u32);
	__type(value, __u64);
} hist SEC(".maps");

SEC("tc")
int csum_window(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *data_end = (void *)(long)skb->data_end;
	__u32 sum = 0;
	__u16 *p = data;

	for (int i = 0; i < 256; i++) {
		if ((void *)(p + i + 1) > data_end)
			break;
		sum += p[i];
	}
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	skb->mark = ~sum & 0xffff;
	return TC_ACT_OK;
}

SEC("tc")
int http_scan(struct __sk_buff *skb)
{
	void *data = (void *)(long)skb->data, *data_end = (void *)(long)skb->data_end;
	__u8 *p = data + 54;
	int state = 0, found = -1;

	for (int i = 0; i < 200; i++) {
		if ((void *)(p + i + 1) > data_end)
			break;
		switch (state) {
		case 0:
			state = p[i] == 'H' ? 1 : 0;
			break;
		case 1:
			state = p[i] == 'o' ? 2 : 0;
			break;
		case 2:
			state = p[i] == 's' ? 3 : 0;
			break;
		case 3:
			state = p[i] == 't' ? 4 : 0;
			break;
		case 4:
			if (p[i] == ':')
				found = i;
			state = 0;
			break;
		}
	}
	skb->cb[0] = found;
	return TC_ACT_OK;
}

SEC("tc")
int histogram(struct __sk_buff *skb)
{
	__u32 len = skb->len, bucket = 0;
	__u64 *v;

	for (int i = 0; i < 32; i++) {
		if (len >> i)
			bucket = i;
	}
	v = bpf_map_lookup_elem(&hist, &bucket);
	if (v)
		__sync_fetch_and_add(v, 1);
	return TC_ACT_OK;
}

SEC("socket")
int nested(struct __sk_buff *skb)
{
	__u32 a = skb->len, b = skb->mark, s = 0;

	for (int i = 0; i < 24; i++) {
		for (int j = 0; j < 12; j++) {
			if ((a >> (j & 7)) & 1)
				s += i * j;
			else
				s ^= b + i;
		}
	}
	return s;
}

char LICENSE[] SEC("license") = "GPL";
