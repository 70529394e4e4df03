/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vm/ctx.h: the contexts programs run on, as the runtime lays them out in memory.
 *
 * A program never sees these layouts: it is compiled against the UAPI contexts (__sk_buff,
 * xdp_md, ...) and the verifier rewrites each context access into loads and stores on the
 * structs below (verifier/ctx_skb.c, ctx_xdp.c), the way Linux rewrites __sk_buff accesses into
 * struct sk_buff accesses. Each field therefore holds exactly what the kernel's rewrite would
 * read from its sk_buff / xdp_buff, with the kernel field's width (narrow loads of a field
 * behave as the kernel's: a 4-byte __sk_buff field backed by a 2-byte kernel field reads as
 * 2 bytes).
 *
 * The runtime fills them for BPF_PROG_TEST_RUN as net/bpf/test_run.c fills its sk_buff and
 * xdp_buff from data_in and ctx_in; the notes per field say what the kernel puts there.
 *
 * Contexts that need no rewrite are the UAPI layout itself:
 *   KPROBE              struct hive_pt_regs (x86-64 struct pt_regs, bpf_user_pt_regs_t)
 *   PERF_EVENT          struct hive_perf_event_ctx (= struct bpf_perf_event_data)
 *   TRACEPOINT          the raw trace record; the first 8 bytes (common fields) unreadable
 *   RAW_TRACEPOINT(_WRITABLE), TRACING, LSM, STRUCT_OPS
 *                       u64 args[]: argument i at offset 8 * i (TRACING fexit: the return
 *                       value after the last argument; RAW_TRACEPOINT_WRITABLE: args[0] is the
 *                       writable buffer)
 *   SYSCALL             the ctx_in buffer as given (up to 65535 bytes)
 */
#ifndef __HIVE_VM_CTX_H
#define __HIVE_VM_CTX_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* hive_skb_ctx.tstamp_flags: the kernel's __mono_tc_offset byte of struct sk_buff. */
#define HIVE_SKB_TSTAMP_TYPE_MASK 0x03 /* tstamp_type: 0 real time, 1 mono, 2 tai */
#define HIVE_SKB_TC_AT_INGRESS_MASK 0x04 /* tc_at_ingress: the program runs on tc ingress */
#define HIVE_SKB_PKT_TYPE_MAX 7 /* pkt_type is 3 bits */

/*
 * The packet context of SOCKET_FILTER, SCHED_CLS, SCHED_ACT and CGROUP_SKB programs (what the
 * kernel keeps in struct sk_buff, its qdisc_skb_cb, its skb_shared_info and its socket).
 */
struct hive_skb_ctx {
	/*
	 * Packet pointers. data: skb->data, the first byte the program sees: the Ethernet
	 * header for tc (test_run pushes it back), the network header for socket filters and
	 * cgroup skb (eth_type_trans pulled it). data_end: data + linear length (test_run's skb
	 * is linear, so data + len). data_meta: data - metadata length (data when none).
	 */
	uint64_t data; /* __sk_buff.data (PTR_TO_PACKET) */
	uint64_t data_end; /* __sk_buff.data_end (PTR_TO_PACKET_END) */
	uint64_t data_meta; /* __sk_buff.data_meta (PTR_TO_PACKET_META, tc only) */
	uint64_t sk; /* __sk_buff.sk: the socket (struct bpf_sock view), 0 if none */
	/* skb->tstamp (ns; meaning per tstamp_type), read/written through the tstamp rules */
	uint64_t tstamp;
	uint64_t hwtstamp; /* skb_hwtstamps(skb)->hwtstamp (ctx_in hwtstamp) */
	/* qdisc_skb_cb(skb)->data: __sk_buff.cb[0..4], any access size (ctx_in cb) */
	uint32_t cb[5];
	uint32_t len; /* skb->len: bytes from data to the end of the packet */
	uint32_t mark; /* skb->mark (ctx_in mark), writable by tc and cgroup skb */
	uint32_t priority; /* skb->priority (ctx_in priority), writable by tc, cgroup skb */
	uint32_t ingress_ifindex; /* skb->skb_iif (ctx_in ingress_ifindex) */
	uint32_t ifindex; /* skb->dev->ifindex; 0 when the skb has no device */
	uint32_t hash; /* skb->hash (0 unless computed) */
	/* skb->napi_id as the program sees it: 0 when below MIN_NAPI_ID (the kernel's rewrite
	 * turns sender-cpu values into 0) */
	uint32_t napi_id;
	uint32_t wire_len; /* qdisc_skb_cb(skb)->pkt_len (ctx_in wire_len, default len) */
	union {
		uint32_t vlan_all; /* __sk_buff.vlan_present is vlan_all != 0 */
		struct {
			uint16_t vlan_proto; /* skb->vlan_proto (network order) */
			uint16_t vlan_tci; /* skb->vlan_tci */
		};
	};
	uint16_t protocol; /* skb->protocol, network order (eth_type_trans) */
	uint16_t queue_mapping; /* skb->queue_mapping; writes >= 0xffff are ignored */
	uint16_t tc_index; /* skb->tc_index (ctx_in tc_index) */
	uint16_t tc_classid; /* qdisc_skb_cb(skb)->tc_classid (16 bits; tc writes it) */
	uint16_t gso_segs; /* skb_shinfo(skb)->gso_segs (ctx_in gso_segs) */
	uint16_t gso_size; /* skb_shinfo(skb)->gso_size (ctx_in gso_size) */
	uint8_t pkt_type; /* skb->pkt_type: PACKET_HOST 0, BROADCAST 1, MULTICAST 2, OTHERHOST 3 */
	/* tstamp_type (bits 0-1, SKB_CLOCK_*) and tc_at_ingress (bit 2), as the kernel packs
	 * them; __sk_buff.tstamp_type reads bits 0-1 */
	uint8_t tstamp_flags;
	/*
	 * The socket's fields CGROUP_SKB programs read through __sk_buff (the kernel loads them
	 * from skb->sk, which cgroup skb programs always have; test_run makes a socket whose
	 * family and addresses come from the packet's IP header).
	 */
	uint16_t family; /* sk->sk_family (AF_INET 2, AF_INET6 10) */
	uint32_t remote_ip4; /* sk->sk_daddr, network order */
	uint32_t local_ip4; /* sk->sk_rcv_saddr, network order */
	uint32_t remote_ip6[4]; /* sk->sk_v6_daddr, network order */
	uint32_t local_ip6[4]; /* sk->sk_v6_rcv_saddr, network order */
	uint16_t remote_port; /* sk->sk_dport, network order (read as port << 16) */
	uint16_t local_port; /* sk->sk_num, host order */
	uint32_t reserved; /* zero */
};

_Static_assert(offsetof(struct hive_skb_ctx, cb) % 8 == 0, "cb[] allows 8-byte accesses");
_Static_assert(offsetof(struct hive_skb_ctx, vlan_all) % 4 == 0, "vlan_all is 4-aligned");
_Static_assert(sizeof(struct hive_skb_ctx) == 168, "hive_skb_ctx layout");

/* The packet context of XDP programs (the kernel's struct xdp_buff and its rxq/txq). */
struct hive_xdp_ctx {
	uint64_t data; /* xdp->data: first byte of the frame (xdp_md.data) */
	uint64_t data_end; /* xdp->data_end: one past the last byte of the linear part */
	uint64_t data_meta; /* xdp->data_meta: metadata start; data when there is none */
	uint64_t data_hard_start; /* xdp->data_hard_start: start of the headroom */
	uint32_t ingress_ifindex; /* xdp->rxq->dev->ifindex (ctx_in ingress_ifindex) */
	uint32_t rx_queue_index; /* xdp->rxq->queue_index (ctx_in rx_queue_index) */
	uint32_t egress_ifindex; /* xdp->txq->dev->ifindex (devmap programs only) */
	uint32_t frame_sz; /* xdp->frame_sz: bytes from data_hard_start the frame may use */
};

_Static_assert(sizeof(struct hive_xdp_ctx) == 48, "hive_xdp_ctx layout");

/* x86-64 struct pt_regs, the KPROBE context (bpf_user_pt_regs_t). */
struct hive_pt_regs {
	uint64_t r15, r14, r13, r12, bp, bx, r11, r10, r9, r8;
	uint64_t ax, cx, dx, si, di, orig_ax, ip, cs, flags, sp, ss;
};

_Static_assert(sizeof(struct hive_pt_regs) == 168, "struct pt_regs is 168 bytes on x86-64");

/* struct bpf_perf_event_data, the PERF_EVENT context. */
struct hive_perf_event_ctx {
	struct hive_pt_regs regs;
	uint64_t sample_period; /* perf_sample_data->period */
	uint64_t addr; /* perf_sample_data->addr */
};

_Static_assert(sizeof(struct hive_perf_event_ctx) == 184, "bpf_perf_event_data is 184 bytes");

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_VM_CTX_H */
