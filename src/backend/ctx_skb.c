// SPDX-License-Identifier: BSD-2-Clause
/*
 * backend/ctx_skb.c: test runs of SCHED_CLS, SCHED_ACT, SOCKET_FILTER and CGROUP_SKB programs,
 * as bpf_prog_test_run_skb() of Linux 6.18 runs them:
 *
 *   data_in (14..3712 bytes)  ->  buffer with 64 bytes of headroom (NET_SKB_PAD)
 *   eth_type_trans(loopback)  ->  mac header, pkt_type (dest MAC vs the device's), protocol,
 *                                 data pulled to the network header
 *   the test socket           ->  family and addresses from the IPv4/IPv6 header
 *   tc: push the MAC header back (data = Ethernet header), data pointers computed
 *   ctx_in (struct __sk_buff) ->  mark, priority, ingress_ifindex, cb, tstamp, wire_len,
 *                                 gso_segs, gso_size, hwtstamp; any other non-zero byte: -EINVAL
 *   run, then (not tc) push 14 zero bytes where the MAC header was, copy data and ctx out.
 *
 * The device is the loopback device unless ctx_in's ifindex is above 1: then it must exist on
 * this machine (if_indextoname(), else -ENODEV) and its MAC and broadcast addresses are read
 * from /sys/class/net, as the kernel would use them. The test skb's socket is not visible to
 * the program (__sk_buff.sk reads as NULL).
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "backend/backend.h"
#include "bpfhive/prog.h"
#include "bpfhive/run.h"
#include "common/err.h"
#include "vm/helpers_skb.h"

#define PAGE_SIZE 4096
#define SKB_CTX_SIZE 192 /* sizeof(struct __sk_buff) */
#define GSO_LEGACY_MAX_SIZE 65536
#define GSO_MAX_SEGS 65535
#define ETH_P_802_3_MIN 0x0600
#define ETH_P_IP 0x0800
#define ETH_P_IPV6 0x86dd
#define AF_INET_ 2
#define AF_INET6_ 10
#define PACKET_BROADCAST 1
#define PACKET_MULTICAST 2
#define PACKET_OTHERHOST 3

/* struct __sk_buff offsets (UAPI) of the fields test_run reads or writes */
#define SKB_mark 8
#define SKB_priority 32
#define SKB_ingress_ifindex 36
#define SKB_ifindex 40
#define SKB_cb 48
#define SKB_tstamp 152
#define SKB_wire_len 160
#define SKB_gso_segs 164
#define SKB_gso_size 176
#define SKB_hwtstamp 184

/* The byte ranges of __sk_buff that may be non-zero in ctx_in (convert___skb_to_skb()). */
static const struct {
	uint32_t from, to;
} skb_allowed[] = {
	{ SKB_mark, SKB_mark + 4 },
	{ SKB_priority, SKB_ifindex + 4 },
	{ SKB_cb, SKB_cb + 20 },
	{ SKB_tstamp, SKB_gso_segs + 4 },
	{ SKB_gso_size, SKB_gso_size + 4 },
	{ SKB_hwtstamp, SKB_hwtstamp + 8 },
};

static uint32_t get32(const uint8_t *ctx, uint32_t off)
{
	uint32_t v;

	memcpy(&v, ctx + off, 4);
	return v;
}

static uint64_t get64(const uint8_t *ctx, uint32_t off)
{
	uint64_t v;

	memcpy(&v, ctx + off, 8);
	return v;
}

static void put32(uint8_t *ctx, uint32_t off, uint32_t v)
{
	memcpy(ctx + off, &v, 4);
}

static void put64(uint8_t *ctx, uint32_t off, uint64_t v)
{
	memcpy(ctx + off, &v, 8);
}

static bool ctx_fields_ok(const uint8_t *ctx)
{
	uint32_t pos = 0;

	for (size_t i = 0; i <= ARRAY_SIZE(skb_allowed); i++) {
		uint32_t end = i < ARRAY_SIZE(skb_allowed) ? skb_allowed[i].from : SKB_CTX_SIZE;

		for (; pos < end; pos++)
			if (ctx[pos])
				return false;
		if (i < ARRAY_SIZE(skb_allowed))
			pos = skb_allowed[i].to;
	}
	return true;
}

/* ---- the device ---- */

static int read_mac(const char *dev, const char *what, uint8_t mac[VM_ETH_ALEN])
{
	unsigned int b[VM_ETH_ALEN];
	char path[96];
	FILE *f;
	int n;

	snprintf(path, sizeof(path), "/sys/class/net/%s/%s", dev, what);
	f = fopen(path, "r");
	if (!f)
		return -errno;
	n = fscanf(f, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]);
	fclose(f);
	if (n != VM_ETH_ALEN)
		return -EINVAL;
	for (int i = 0; i < VM_ETH_ALEN; i++)
		mac[i] = (uint8_t)b[i];
	return 0;
}

int be_netdev(uint32_t ifindex, struct vm_netdev *dev)
{
	char name[IF_NAMESIZE], path[96];

	memset(dev, 0, sizeof(*dev));
	dev->ifindex = 1;
	dev->nr_rx_queues = 1;
	if (ifindex <= 1)
		return 0;
	if (!if_indextoname(ifindex, name))
		return -ENODEV;
	dev->ifindex = ifindex;
	read_mac(name, "address", dev->addr);
	read_mac(name, "broadcast", dev->broadcast);
	dev->nr_rx_queues = 0;
	for (;;) {
		snprintf(path, sizeof(path), "/sys/class/net/%s/queues/rx-%u", name,
			 dev->nr_rx_queues);
		if (access(path, F_OK))
			break;
		dev->nr_rx_queues++;
	}
	return 0;
}

/* ---- building the skb ---- */

static bool is_multicast(const uint8_t *mac)
{
	return mac[0] & 1;
}

/* eth_type_trans(): pkt_type from the destination, the protocol, data pulled past the header. */
static void eth_type_trans(struct vm_skb *skb)
{
	const uint8_t *eth = skb->head + skb->data;
	uint16_t proto = (uint16_t)(eth[12] << 8 | eth[13]);

	skb->mac_header = skb->data;
	skb->data += VM_ETH_HLEN;
	skb->len -= VM_ETH_HLEN;
	if (is_multicast(eth))
		skb->ctx.pkt_type = memcmp(eth, skb->dev.broadcast, VM_ETH_ALEN) ?
					    PACKET_MULTICAST :
					    PACKET_BROADCAST;
	else if (memcmp(eth, skb->dev.addr, VM_ETH_ALEN))
		skb->ctx.pkt_type = PACKET_OTHERHOST;
	if (proto >= ETH_P_802_3_MIN)
		;
	else if (skb->len >= 2 && eth[14] == 0xff && eth[15] == 0xff)
		proto = 0x0001; /* ETH_P_802_3: raw IPX */
	else
		proto = 0x0004; /* ETH_P_802_2 */
	skb->ctx.protocol = (uint16_t)(proto >> 8 | proto << 8);
}

/* The test socket's family and addresses, from the IP header when it is all there. */
static void sock_from_packet(struct vm_skb *skb)
{
	const uint8_t *net = skb->head + skb->network_header;

	if (skb->ctx.protocol == 0x0008) {
		skb->ctx.family = AF_INET_;
		if (skb->len >= 20) {
			memcpy(&skb->ctx.local_ip4, net + 12, 4);
			memcpy(&skb->ctx.remote_ip4, net + 16, 4);
		}
	} else if (skb->ctx.protocol == 0xdd86) {
		skb->ctx.family = AF_INET6_;
		if (skb->len >= 40) {
			memcpy(skb->ctx.local_ip6, net + 8, 16);
			memcpy(skb->ctx.remote_ip6, net + 24, 16);
		}
	}
}

/* convert___skb_to_skb(): what ctx_in may set, with the kernel's checks. */
static int skb_from_ctx(struct vm_skb *skb, const uint8_t *ctx)
{
	uint32_t wire_len;

	/* without a ctx_in the kernel never sets qdisc_skb_cb(skb)->pkt_len: wire_len reads 0 */
	if (!ctx)
		return 0;
	skb->ctx.wire_len = skb->len;
	if (!ctx_fields_ok(ctx))
		return -EINVAL;
	skb->ctx.mark = get32(ctx, SKB_mark);
	skb->ctx.priority = get32(ctx, SKB_priority);
	skb->ctx.ingress_ifindex = get32(ctx, SKB_ingress_ifindex);
	skb->ctx.tstamp = get64(ctx, SKB_tstamp);
	memcpy(skb->ctx.cb, ctx + SKB_cb, sizeof(skb->ctx.cb));
	wire_len = get32(ctx, SKB_wire_len);
	if (wire_len) {
		if (wire_len < skb->len || wire_len > GSO_LEGACY_MAX_SIZE)
			return -EINVAL;
		skb->ctx.wire_len = wire_len;
	}
	if (get32(ctx, SKB_gso_segs) > GSO_MAX_SEGS)
		return -EINVAL;
	skb->ctx.gso_segs = (uint16_t)get32(ctx, SKB_gso_segs);
	skb->ctx.gso_size = (uint16_t)get32(ctx, SKB_gso_size);
	skb->ctx.hwtstamp = get64(ctx, SKB_hwtstamp);
	return 0;
}

/* convert_skb_to___skb() */
static void skb_to_ctx(const struct vm_skb *skb, uint8_t *ctx)
{
	if (!ctx)
		return;
	put32(ctx, SKB_mark, skb->ctx.mark);
	put32(ctx, SKB_priority, skb->ctx.priority);
	put32(ctx, SKB_ingress_ifindex, skb->ctx.ingress_ifindex);
	put32(ctx, SKB_ifindex, skb->dev.ifindex);
	put64(ctx, SKB_tstamp, skb->ctx.tstamp);
	memcpy(ctx + SKB_cb, skb->ctx.cb, sizeof(skb->ctx.cb));
	put32(ctx, SKB_wire_len, skb->ctx.wire_len);
	put32(ctx, SKB_gso_segs, skb->ctx.gso_segs);
	put64(ctx, SKB_hwtstamp, skb->ctx.hwtstamp);
}

static uint32_t net_csum(const struct vm_skb *skb)
{
	uint32_t off = skb->network_header - skb->data;

	return vm_csum_partial(skb->head + skb->network_header, skb->len - off, 0);
}

static int build(struct vm_pkt *pkt, const struct be_prog *bp, struct hive_test_run_opts *o,
		 const uint8_t *ctx)
{
	struct vm_skb *skb = &pkt->skb;
	bool is_l2 = bp->prog_type == HIVE_PROG_TYPE_SCHED_CLS ||
		     bp->prog_type == HIVE_PROG_TYPE_SCHED_ACT;
	int err;

	pkt->kind = VM_PKT_SKB;
	err = vm_skb_init(skb, o->data_in, o->data_size_in);
	if (err)
		return err;
	err = be_netdev(ctx ? get32(ctx, SKB_ifindex) : 0, &skb->dev);
	if (err)
		return err;
	skb->ctx.ifindex = skb->dev.ifindex;
	eth_type_trans(skb);
	skb->network_header = skb->data;
	sock_from_packet(skb);
	if (is_l2) {
		skb->data -= VM_ETH_HLEN;
		skb->len += VM_ETH_HLEN;
	}
	vm_skb_sync(skb, NULL);
	err = skb_from_ctx(skb, ctx);
	if (err)
		return err;
	if (o->flags & HIVE_TEST_SKB_CHECKSUM_COMPLETE) {
		skb->csum = net_csum(skb);
		skb->ip_summed = VM_CHECKSUM_COMPLETE;
	}
	return 0;
}

static int run(struct vm_pkt *pkt, const struct be_prog *bp, struct hive_test_run_opts *o,
	       uint32_t cpu, uint32_t *retval, uint32_t *duration)
{
	struct be_exec ex;
	int err = be_exec_begin(&ex, bp, cpu, pkt);

	if (err)
		return err;
	vm_skb_sync(&pkt->skb, ex.run);
	err = be_exec_repeat(&ex, &pkt->skb.ctx, (uint32_t)o->repeat, retval, duration);
	be_exec_end(&ex);
	return err;
}

int be_run_skb(const struct be_prog *bp, struct hive_test_run_opts *o, uint32_t cpu)
{
	uint32_t size = o->data_size_in, retval = 0, duration = 0;
	struct vm_pkt *pkt;
	struct vm_skb *skb;
	uint8_t *ctx;
	int err;

	/* bpf_test_init() */
	if (size < VM_ETH_HLEN || size > PAGE_SIZE - VM_NET_SKB_PAD - VM_SKB_SHINFO_SIZE)
		return -EINVAL;
	if (!o->data_in)
		return -EFAULT;
	ctx = be_ctx_init(o, SKB_CTX_SIZE);
	if (IS_ERR(ctx))
		return (int)PTR_ERR(ctx);
	pkt = calloc(1, sizeof(*pkt));
	if (!pkt) {
		free(ctx);
		return -ENOMEM;
	}
	skb = &pkt->skb;
	err = build(pkt, bp, o, ctx);
	err = err ?: run(pkt, bp, o, cpu, &retval, &duration);
	if (!err && bp->prog_type != HIVE_PROG_TYPE_SCHED_CLS &&
	    bp->prog_type != HIVE_PROG_TYPE_SCHED_ACT) {
		/* the link-layer header comes back as zeros */
		err = vm_skb_reserve(skb, VM_ETH_HLEN, 0);
		if (!err) {
			skb->data -= VM_ETH_HLEN;
			skb->len += VM_ETH_HLEN;
			memset(skb->head + skb->data, 0, VM_ETH_HLEN);
		}
	}
	if (!err && (o->flags & HIVE_TEST_SKB_CHECKSUM_COMPLETE) &&
	    vm_csum_fold(skb->csum) != vm_csum_fold(net_csum(skb)))
		err = -EBADMSG;
	if (!err) {
		skb_to_ctx(skb, ctx);
		err = be_data_finish(o, skb->head + skb->data, skb->len, retval, duration);
		if (!err)
			err = be_ctx_finish(o, ctx, SKB_CTX_SIZE);
	}
	vm_skb_fini(skb);
	free(pkt);
	free(ctx);
	return err;
}
