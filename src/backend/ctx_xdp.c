// SPDX-License-Identifier: BSD-2-Clause
/*
 * backend/ctx_xdp.c: test runs of XDP programs, as bpf_prog_test_run_xdp() of Linux 6.18 runs
 * them (without live frames):
 *
 *   one 4096-byte frame:  | headroom 256 - metalen | meta | packet ... | ... | shinfo 320 |
 *                          data_hard_start          data_meta  data   data_end
 *
 *   ctx_in (struct xdp_md): data = the metadata length (a multiple of 4, at most 252; the first
 *   `data` bytes of data_in are the metadata), data_end = data_size_in (a smaller data_end asks
 *   for a multi-buffer frame with that linear part: not supported), data_meta 0,
 *   ingress_ifindex/rx_queue_index name an rx queue of a device of this machine (default: the
 *   loopback device's queue 0), egress_ifindex 0. data_out starts at data_meta; ctx_out gets
 *   data and data_end relative to data_meta, so adjust_head/tail/meta show in both.
 *
 * Packets larger than the linear part (3520 bytes without metadata) become multi-buffer frames
 * in the kernel; they are not supported here (-EOPNOTSUPP, with a message).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "backend/backend.h"
#include "bpfhive/prog.h"
#include "bpfhive/run.h"
#include "common/err.h"
#include "common/log.h"
#include "vm/helpers_skb.h"

#define XDP_MD_SIZE 24 /* sizeof(struct xdp_md) */
#define MD_data 0
#define MD_data_end 4
#define MD_data_meta 8
#define MD_ingress_ifindex 12
#define MD_rx_queue_index 16
#define MD_egress_ifindex 20

static uint32_t md_get(const uint8_t *md, uint32_t off)
{
	uint32_t v;

	memcpy(&v, md + off, 4);
	return v;
}

static void md_put(uint8_t *md, uint32_t off, uint32_t v)
{
	memcpy(md + off, &v, 4);
}

/* The checks on ctx_in before the frame exists; *headroom loses the metadata length. */
static int check_md(const uint8_t *md, uint32_t size, uint32_t *headroom)
{
	uint32_t metalen;

	if (!md)
		return 0;
	metalen = md_get(md, MD_data);
	if (md_get(md, MD_data_meta) || md_get(md, MD_data_end) > size ||
	    metalen > md_get(md, MD_data_end) || (metalen & 3) || metalen > 255)
		return -EINVAL;
	/* since 6.18 data_end is the size of the linear part, the rest going to fragments */
	if (md_get(md, MD_data_end) < size)
		return -EOPNOTSUPP;
	*headroom -= metalen;
	return 0;
}

/* xdp_convert_md_to_buff(): the rx queue, and data moved past the metadata. */
static int md_to_buff(const uint8_t *md, struct vm_xdp *x)
{
	uint32_t ifindex, queue;
	int err;

	be_netdev(1, &x->dev);
	x->ctx.ingress_ifindex = x->dev.ifindex;
	if (!md)
		return 0;
	if (md_get(md, MD_egress_ifindex))
		return -EINVAL;
	ifindex = md_get(md, MD_ingress_ifindex);
	queue = md_get(md, MD_rx_queue_index);
	if (!ifindex && queue)
		return -EINVAL;
	if (ifindex) {
		err = be_netdev(ifindex, &x->dev);
		if (err)
			return err;
		if (queue >= x->dev.nr_rx_queues)
			return -EINVAL;
		x->ctx.ingress_ifindex = x->dev.ifindex;
		x->ctx.rx_queue_index = queue;
	}
	x->ctx.data = x->ctx.data_meta + md_get(md, MD_data);
	return 0;
}

static int run(struct vm_pkt *pkt, const struct be_prog *bp, struct hive_test_run_opts *o,
	       uint32_t cpu, uint32_t *retval, uint32_t *duration)
{
	struct be_exec ex;
	int err = be_exec_begin(&ex, bp, cpu, pkt);

	if (err)
		return err;
	err = be_exec_repeat(&ex, &pkt->xdp.ctx, (uint32_t)o->repeat, retval, duration);
	be_exec_end(&ex);
	return err;
}

static int setup(struct vm_xdp *x, const struct hive_test_run_opts *o, const uint8_t *md,
		 uint32_t headroom)
{
	uint32_t size = o->data_size_in;

	x->frame_sz = VM_XDP_FRAME_SIZE;
	x->frame = calloc(1, VM_XDP_FRAME_SIZE);
	if (!x->frame)
		return -ENOMEM;
	memcpy(x->frame + headroom, o->data_in, size);
	x->ctx.data_hard_start = (uintptr_t)x->frame;
	x->ctx.data_meta = x->ctx.data_hard_start + headroom;
	x->ctx.data = x->ctx.data_meta;
	x->ctx.data_end = x->ctx.data + size;
	x->ctx.frame_sz = VM_XDP_FRAME_SIZE;
	return md_to_buff(md, x);
}

int be_run_xdp(const struct be_prog *bp, struct hive_test_run_opts *o, uint32_t cpu)
{
	uint32_t size = o->data_size_in, headroom = VM_XDP_PACKET_HEADROOM, max_data_sz;
	uint32_t retval = 0, duration = 0;
	struct vm_pkt *pkt = NULL;
	uint8_t *md;
	int err;

	if (bp->attach_type == HIVE_XDP_DEVMAP || bp->attach_type == HIVE_XDP_CPUMAP)
		return -EINVAL;
	md = be_ctx_init(o, XDP_MD_SIZE);
	if (IS_ERR(md))
		return (int)PTR_ERR(md);
	err = check_md(md, size, &headroom);
	if (err == -EOPNOTSUPP)
		pr_warn("prog '%s': XDP test run with a %u-byte linear part (ctx_in data_end) of a "
			"%u-byte packet needs a multi-buffer frame, which the user backend does "
			"not support\n",
			bp->name, md_get(md, MD_data_end), size);
	max_data_sz = VM_XDP_FRAME_SIZE - headroom - VM_SKB_SHINFO_SIZE;
	if (!err && size > max_data_sz) {
		pr_warn("prog '%s': XDP test run of %u bytes needs a multi-buffer frame (more than "
			"%u bytes), which the user backend does not support\n",
			bp->name, size, max_data_sz);
		err = -EOPNOTSUPP;
	}
	if (!err && size < VM_ETH_HLEN)
		err = -EINVAL;
	if (!err && !o->data_in)
		err = -EFAULT;
	if (!err) {
		pkt = calloc(1, sizeof(*pkt));
		err = pkt ? 0 : -ENOMEM;
	}
	if (!err) {
		pkt->kind = VM_PKT_XDP;
		err = setup(&pkt->xdp, o, md, headroom);
	}
	err = err ?: run(pkt, bp, o, cpu, &retval, &duration);
	if (md && pkt && pkt->xdp.frame) {
		/* xdp_convert_buff_to_md(), also after a failed run */
		md_put(md, MD_data, (uint32_t)(pkt->xdp.ctx.data - pkt->xdp.ctx.data_meta));
		md_put(md, MD_data_end, (uint32_t)(pkt->xdp.ctx.data_end - pkt->xdp.ctx.data_meta));
	}
	if (!err) {
		struct vm_xdp *x = &pkt->xdp;

		err = be_data_finish(o, (const void *)(uintptr_t)x->ctx.data_meta,
				     (uint32_t)(x->ctx.data_end - x->ctx.data_meta), retval,
				     duration);
		if (!err)
			err = be_ctx_finish(o, md, XDP_MD_SIZE);
	}
	if (pkt)
		free(pkt->xdp.frame);
	free(pkt);
	free(md);
	return err;
}
