// SPDX-License-Identifier: BSD-2-Clause
/*
 * backend/ctx_xdp.c: test runs of XDP programs, as bpf_prog_test_run_xdp() of Linux 6.18 runs
 * them (without live frames):
 *
 *   one 4096-byte frame:  | headroom 256 - metalen | meta | linear part | ... | shinfo 320 |
 *                          data_hard_start          data_meta  data      data_end
 *   then, for a multi-buffer frame, fragments of one page each (at most 17, MAX_SKB_FRAGS):
 *                          | frag 0: 4096 bytes | frag 1 ... | last frag: the rest |
 *
 *   ctx_in (struct xdp_md): data = the metadata length (a multiple of 4, at most 252; the first
 *   `data` bytes of data_in are the metadata), data_end = the size of the linear part, metadata
 *   included (at most data_size_in; without ctx_in, data_size_in), data_meta 0,
 *   ingress_ifindex/rx_queue_index name an rx queue of a device of this machine (default: the
 *   loopback device's queue 0), egress_ifindex 0. A ctx_out without ctx_in makes the kernel
 *   read a zeroed xdp_md, data_end 0 included: the whole packet then goes to fragments.
 *
 *   The linear part holds at most 4096 - 256 - 320 = 3520 bytes past the metadata; whatever
 *   data_in holds beyond the linear part goes to fragments (a multi-buffer frame, also for
 *   programs not loaded as "xdp.frags": the kernel's test run does not ask). More than 17
 *   fragments' worth is -ENOMEM, as the kernel's page allocation loop gives up there; fewer
 *   than 14 bytes past the metadata is -EINVAL.
 *
 *   The program sees the linear part through data/data_end; the frame's helpers see the
 *   fragments too (vm/helpers_skb.c). data_out is the kernel's bpf_test_finish(): from
 *   data_meta the linear part, then each fragment in order; ctx_out gets data and data_end
 *   relative to data_meta (the linear part only), so adjust_head/tail/meta show in both.
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

/*
 * The checks on ctx_in before the frame exists: *headroom loses the metadata, *linear becomes
 * the linear part's size (data_end) and *metalen the metadata's.
 */
static int check_md(const uint8_t *md, uint32_t size, uint32_t *headroom, uint32_t *linear,
		    uint32_t *metalen)
{
	uint32_t meta, end;

	if (!md)
		return 0;
	meta = md_get(md, MD_data);
	end = md_get(md, MD_data_end);
	if (md_get(md, MD_data_meta) || end > size || meta > end || (meta & 3) || meta > 255)
		return -EINVAL;
	*headroom -= meta;
	*linear = end;
	*metalen = meta;
	return 0;
}

/* xdp_convert_md_to_buff(): the rx queue, and data moved past the metadata. */
static int md_to_buff(const uint8_t *md, struct vm_xdp *x)
{
	uint32_t ifindex, queue;
	int err;

	be_netdev(1, &x->dev);
	x->ctx.ingress_ifindex = x->dev.ifindex;
	/* the test run sets frag_size on the loopback device's queue 0, its default queue */
	x->rxq_frag_size = VM_XDP_FRAG_SIZE;
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
		/* another device's queue has the frag_size its driver registered: 0 for drivers
		 * without multi-buffer XDP, which is what the user backend models */
		if (x->dev.ifindex != 1 || queue)
			x->rxq_frag_size = 0;
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

/* The frame with the first @linear bytes of data_in at @headroom, and the rx queue. */
static int setup(struct vm_xdp *x, const struct hive_test_run_opts *o, const uint8_t *md,
		 uint32_t headroom, uint32_t linear)
{
	x->frame_sz = VM_XDP_FRAME_SIZE;
	x->frame = calloc(1, VM_XDP_FRAME_SIZE);
	if (!x->frame)
		return -ENOMEM;
	if (linear)
		memcpy(x->frame + headroom, o->data_in, linear);
	x->ctx.data_hard_start = (uintptr_t)x->frame;
	x->ctx.data_meta = x->ctx.data_hard_start + headroom;
	x->ctx.data = x->ctx.data_meta;
	x->ctx.data_end = x->ctx.data + linear;
	x->ctx.frame_sz = VM_XDP_FRAME_SIZE;
	return md_to_buff(md, x);
}

/* The rest of data_in, past the linear part, in fragments of one page each. */
static int add_frags(const struct be_prog *bp, struct vm_xdp *x, const struct hive_test_run_opts *o,
		     uint32_t linear)
{
	const uint8_t *in = o->data_in;
	uint32_t done = linear, size = o->data_size_in;

	while (done < size) {
		struct vm_xdp_frag *f;

		if (x->nr_frags == VM_XDP_MAX_FRAGS) {
			/* the kernel's page loop fails the same way (-ENOMEM), without a word */
			pr_warn("prog '%s': XDP test run of %u bytes: a %u-byte linear part and %u "
				"fragments of %u bytes hold at most %u bytes\n",
				bp->name, size, linear, VM_XDP_MAX_FRAGS, VM_XDP_FRAG_SIZE,
				linear + VM_XDP_MAX_FRAGS * VM_XDP_FRAG_SIZE);
			return -ENOMEM;
		}
		if (!in)
			return -EFAULT;
		f = &x->frags[x->nr_frags];
		f->page = calloc(1, VM_XDP_FRAG_SIZE);
		if (!f->page)
			return -ENOMEM;
		x->nr_frags++;
		f->size = size - done < VM_XDP_FRAG_SIZE ? size - done : VM_XDP_FRAG_SIZE;
		memcpy(f->page, in + done, f->size);
		x->frags_size += f->size;
		done += f->size;
	}
	x->has_frags = x->nr_frags > 0;
	return 0;
}

/*
 * bpf_test_finish() of a frame: data_size_out bounds the copy (-ENOSPC), the linear part is
 * what the bound leaves after all fragments' bytes (so a short bound cuts the linear part, not
 * the last fragment), then the fragments follow. A bound below the fragments' bytes reports
 * nothing but -ENOSPC, as the kernel's.
 */
static int data_finish(struct hive_test_run_opts *o, const struct vm_xdp *x, uint32_t retval,
		       uint32_t duration)
{
	const uint8_t *meta = (const uint8_t *)(uintptr_t)x->ctx.data_meta;
	uint32_t size = (uint32_t)(x->ctx.data_end - x->ctx.data_meta) + x->frags_size;
	uint32_t copy = size, off;
	int err = 0;

	if (!x->frags_size)
		return be_data_finish(o, meta, size, retval, duration);
	if (o->data_size_out && copy > o->data_size_out) {
		copy = o->data_size_out;
		err = -ENOSPC;
	}
	if (o->data_out) {
		uint8_t *out = o->data_out;

		if (copy < x->frags_size)
			return -ENOSPC;
		off = copy - x->frags_size;
		memcpy(out, meta, off);
		for (uint32_t i = 0; i < x->nr_frags; i++) {
			uint32_t n = x->frags[i].size;

			if (off >= copy) {
				err = -ENOSPC;
				break;
			}
			n = n < copy - off ? n : copy - off;
			memcpy(out + off, x->frags[i].page, n);
			off += n;
		}
	}
	o->data_size_out = size;
	o->retval = retval;
	o->duration = duration;
	return err;
}

/*
 * The checks of bpf_prog_test_run_xdp() before any frame exists, in the kernel's order; sets
 * the headroom left by the metadata and the linear part's size.
 */
static int check_args(const struct be_prog *bp, const struct hive_test_run_opts *o,
		      const uint8_t *md, uint32_t *headroom, uint32_t *linear)
{
	uint32_t size = o->data_size_in, metalen = 0, max_linear;
	int err;

	*linear = size;
	err = check_md(md, size, headroom, linear, &metalen);
	if (err)
		return err;
	max_linear = VM_XDP_FRAME_SIZE - *headroom - VM_SKB_SHINFO_SIZE;
	if (*linear > max_linear)
		*linear = max_linear;
	if (size - metalen < VM_ETH_HLEN)
		return -EINVAL;
	if (*linear && !o->data_in)
		return -EFAULT;
	if (size > *linear)
		pr_debug("prog '%s': XDP test run of %u bytes: %u in the linear part, the rest in "
			 "fragments\n",
			 bp->name, size, *linear);
	return 0;
}

int be_run_xdp(const struct be_prog *bp, struct hive_test_run_opts *o, uint32_t cpu)
{
	uint32_t headroom = VM_XDP_PACKET_HEADROOM, linear = 0, retval = 0, duration = 0;
	struct vm_pkt *pkt = NULL;
	uint8_t *md;
	int err;

	if (bp->attach_type == HIVE_XDP_DEVMAP || bp->attach_type == HIVE_XDP_CPUMAP)
		return -EINVAL;
	md = be_ctx_init(o, XDP_MD_SIZE);
	if (IS_ERR(md))
		return (int)PTR_ERR(md);
	err = check_args(bp, o, md, &headroom, &linear);
	if (!err) {
		pkt = calloc(1, sizeof(*pkt));
		err = pkt ? 0 : -ENOMEM;
	}
	if (!err) {
		pkt->kind = VM_PKT_XDP;
		err = setup(&pkt->xdp, o, md, headroom, linear);
	}
	err = err ?: add_frags(bp, &pkt->xdp, o, linear);
	err = err ?: run(pkt, bp, o, cpu, &retval, &duration);
	if (md && pkt && pkt->xdp.frame) {
		/* xdp_convert_buff_to_md(), also after a failed run */
		md_put(md, MD_data, (uint32_t)(pkt->xdp.ctx.data - pkt->xdp.ctx.data_meta));
		md_put(md, MD_data_end, (uint32_t)(pkt->xdp.ctx.data_end - pkt->xdp.ctx.data_meta));
	}
	if (!err) {
		err = data_finish(o, &pkt->xdp, retval, duration);
		if (!err)
			err = be_ctx_finish(o, md, XDP_MD_SIZE);
	}
	if (pkt)
		vm_xdp_fini(&pkt->xdp);
	free(pkt);
	free(md);
	return err;
}
