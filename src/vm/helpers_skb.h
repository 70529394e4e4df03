/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * vm/helpers_skb.h: the packets tc, socket filter and XDP programs run on, and the helpers that
 * read and change them (skb_load_bytes, skb_store_bytes, l3/l4_csum_replace, csum_diff,
 * skb_pull_data, skb_change_tail/head, xdp_adjust_head/tail/meta, ...), with the kernel's
 * semantics (net/core/filter.c of Linux 6.18).
 *
 * A test run (backend/ctx_skb.c, ctx_xdp.c) builds a struct vm_pkt and makes it the run env's
 * user pointer (struct hive_run_env.user); the program's r1 points at the context inside it.
 * The helpers find the packet through the env and check that r1 is that context.
 *
 *   struct vm_skb (an sk_buff that owns a linear buffer):
 *
 *     head                 data            data + len                     head + size
 *      |<--- headroom ----->|<---- len ---->|<--------- tailroom --------->|
 *                  mac_header, network_header: offsets from head
 *
 *   Helpers that change the packet (push, pull, grow, trim) may move the buffer (as
 *   pskb_expand_head() does); the verifier has invalidated every packet pointer the program
 *   held, and the context's data/data_end/data_meta/len are refreshed by vm_skb_sync().
 *
 *   struct vm_xdp (an xdp_buff in one 4096-byte frame, like the kernel's test run):
 *
 *     hard_start   [xdp_frame 40]   data_meta   data          data_end   hard_end  [shinfo 320]
 *      |<------------------ XDP headroom 256 ------->|<- linear ->|          |
 *
 *   A multi-buffer frame (has_frags, the kernel's XDP_FLAGS_HAS_FRAGS) continues in up to
 *   VM_XDP_MAX_FRAGS fragments of one page each (what the frame's skb_shared_info lists):
 *
 *     linear part | frags[0].page[0 .. size) | frags[1].page[0 .. size) | ...
 *
 *   The program sees only the linear part through data/data_end; bpf_xdp_get_buff_len,
 *   bpf_xdp_load_bytes/store_bytes and bpf_xdp_adjust_tail see the whole frame.
 *
 * Checksums follow the kernel's __wsum arithmetic (32-bit one's complement with end-around
 * carry, csum_partial() over little-endian 16-bit words), so csum_diff and the csum_replace
 * helpers give the kernel's bits, and skb->csum is maintained for CHECKSUM_COMPLETE runs.
 */
#ifndef __HIVE_VM_HELPERS_SKB_H
#define __HIVE_VM_HELPERS_SKB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "vm/ctx.h"
#include "vm/helpers.h"

#ifdef __cplusplus
extern "C" {
#endif

#define VM_ETH_HLEN 14
#define VM_ETH_ALEN 6
#define VM_NET_SKB_PAD 64 /* NET_SKB_PAD + NET_IP_ALIGN on x86-64 */
#define VM_SKB_SHINFO_SIZE 320 /* SKB_DATA_ALIGN(sizeof(struct skb_shared_info)) */
#define VM_SKB_MAX_LEN (16384 - VM_SKB_SHINFO_SIZE) /* BPF_SKB_MAX_LEN = SKB_MAX_ALLOC */
#define VM_XDP_PACKET_HEADROOM 256
#define VM_XDP_FRAME_SIZE 4096 /* test_run's frag_size: one page */
#define VM_XDP_FRAME_HDR 40 /* sizeof(struct xdp_frame), kept free at hard_start */
#define VM_XDP_MAX_FRAGS 17 /* MAX_SKB_FRAGS */
#define VM_XDP_FRAG_SIZE 4096 /* the test run's rxq frag_size: a fragment is one page */
#define VM_HDR_UNSET 0xffffffffU

/* skb->ip_summed */
#define VM_CHECKSUM_NONE 0
#define VM_CHECKSUM_UNNECESSARY 1
#define VM_CHECKSUM_COMPLETE 2

/* The device a packet arrived on (loopback unless ctx_in names another). */
struct vm_netdev {
	uint32_t ifindex;
	uint8_t addr[VM_ETH_ALEN];
	uint8_t broadcast[VM_ETH_ALEN];
	uint32_t nr_rx_queues;
};

struct vm_skb {
	struct hive_skb_ctx ctx; /* r1; refreshed by vm_skb_sync() */
	uint8_t *head; /* owned buffer of size bytes */
	uint32_t size;
	uint32_t data; /* offset of skb->data from head */
	uint32_t len; /* skb->len (the buffer is linear: data_end = data + len) */
	uint32_t mac_header, network_header; /* offsets from head, VM_HDR_UNSET if unset */
	uint8_t ip_summed;
	uint8_t csum_level;
	bool l4_hash, sw_hash;
	uint32_t csum; /* skb->csum (__wsum) while ip_summed is CHECKSUM_COMPLETE */
	struct vm_netdev dev;
	/* bpf_redirect(): target and flags (what the kernel keeps in bpf_redirect_info) */
	uint32_t redirect_ifindex, redirect_flags;
};

/* One fragment (skb_frag_t) of a multi-buffer frame: its data starts at the page's start. */
struct vm_xdp_frag {
	uint8_t *page; /* VM_XDP_FRAG_SIZE bytes (owned) */
	uint32_t size;
};

struct vm_xdp {
	struct hive_xdp_ctx ctx; /* r1 */
	uint8_t *frame; /* data_hard_start, VM_XDP_FRAME_SIZE bytes (owned) */
	uint32_t frame_sz;
	/* rxq->frag_size: VM_XDP_FRAG_SIZE on the test run's queue (loopback rx queue 0), 0 on
	 * the queues of other devices (bpf_xdp_adjust_tail cannot grow a fragment there) */
	uint32_t rxq_frag_size;
	struct vm_netdev dev;
	uint32_t redirect_ifindex;
	/* the frame's skb_shared_info */
	bool has_frags; /* XDP_FLAGS_HAS_FRAGS: the frame continues in frags[] */
	uint32_t nr_frags;
	uint32_t frags_size; /* sinfo->xdp_frags_size: bytes in frags[] */
	struct vm_xdp_frag frags[VM_XDP_MAX_FRAGS];
};

enum vm_pkt_kind {
	VM_PKT_SKB = 1,
	VM_PKT_XDP = 2,
};

/* What hive_run_env.user points to during a packet program's run. */
struct vm_pkt {
	enum vm_pkt_kind kind;
	union {
		struct vm_skb skb;
		struct vm_xdp xdp;
	};
};

extern const struct vm_helper_group vm_helpers_skb;

/* ---- for the test run (and the helpers) ---- */

/*
 * vm_skb_init() - an skb holding a copy of @data (@len bytes) at VM_NET_SKB_PAD bytes of
 * headroom, with the tailroom test_run's allocation would give; data at the first byte, no
 * headers set. Returns 0 or -ENOMEM. vm_skb_fini() frees the buffer.
 */
int vm_skb_init(struct vm_skb *skb, const void *data, uint32_t len);
void vm_skb_fini(struct vm_skb *skb);
/* Make room: at least @nhead bytes of headroom and @ntail of tailroom (may move the buffer). */
int vm_skb_reserve(struct vm_skb *skb, uint32_t nhead, uint32_t ntail);
/* Refresh the context's packet fields (data, data_end, data_meta, len) and @run's packet
 * (ld_abs/ld_ind) after the buffer or the bounds changed; @run may be NULL. */
void vm_skb_sync(struct vm_skb *skb, struct hive_vm_run *run);

/* xdp_get_buff_len(): the linear part plus the fragments. */
uint32_t vm_xdp_buff_len(const struct vm_xdp *x);
/* Free the frame and every fragment (accepts a zeroed struct). */
void vm_xdp_fini(struct vm_xdp *x);

/* The kernel's checksum primitives (include/net/checksum.h, lib/checksum.c on x86-64). */
uint32_t vm_csum_partial(const void *buf, size_t len, uint32_t sum);
uint32_t vm_csum_add(uint32_t a, uint32_t b);
uint16_t vm_csum_fold(uint32_t sum);

#ifdef __cplusplus
}
#endif

#endif /* __HIVE_VM_HELPERS_SKB_H */
