// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/ctx_xdp.c: the xdp_md context of XDP programs, as net/core/filter.c of Linux 6.18
 * checks it (xdp_is_valid_access(), __is_valid_xdp_access()) and rewrites it
 * (xdp_convert_ctx_access()) — here into accesses to struct hive_xdp_ctx (vm/ctx.h).
 */
#include <stddef.h>

#include "verifier/ctx_internal.h"
#include "vm/ctx.h"

/* struct xdp_md (UAPI) offsets. */
enum {
	XDP_data = 0,
	XDP_data_end = 4,
	XDP_data_meta = 8,
	XDP_ingress_ifindex = 12,
	XDP_rx_queue_index = 16,
	XDP_egress_ifindex = 20,
	XDP_SIZE = 24,
};

static bool is_valid_xdp_access(int off, int size)
{
	if (off < 0 || off >= XDP_SIZE)
		return false;
	if (off % size != 0)
		return false;
	return size == 4;
}

bool xdp_is_valid_access(int off, int size, enum bpf_access_type type, struct hive_prog_desc *prog,
			 struct bpf_insn_access_aux *info)
{
	if (prog->expected_attach_type != BPF_XDP_DEVMAP && off == XDP_egress_ifindex)
		return false;
	/* only offloaded programs may write (rx_queue_index); we have none */
	if (type == BPF_WRITE)
		return false;
	if ((off == XDP_data_meta || off == XDP_data || off == XDP_data_end) && info->is_ldsx)
		return false;
	if (off == XDP_data)
		info->reg_type = PTR_TO_PACKET;
	else if (off == XDP_data_meta)
		info->reg_type = PTR_TO_PACKET_META;
	else if (off == XDP_data_end)
		info->reg_type = PTR_TO_PACKET_END;
	return is_valid_xdp_access(off, size);
}

#define HXDP(field) ((s16)offsetof(struct hive_xdp_ctx, field))

u32 xdp_convert_ctx_access(enum bpf_access_type type, const struct hive_insn *si,
			   struct hive_insn *insn_buf, struct hive_prog_desc *prog,
			   u32 *target_size)
{
	u8 dst = si->dst_reg, src = si->src_reg;

	switch (si->off) {
	case XDP_data:
		insn_buf[0] = CTX_LDX(BPF_DW, dst, src, HXDP(data));
		break;
	case XDP_data_meta:
		insn_buf[0] = CTX_LDX(BPF_DW, dst, src, HXDP(data_meta));
		break;
	case XDP_data_end:
		insn_buf[0] = CTX_LDX(BPF_DW, dst, src, HXDP(data_end));
		break;
	case XDP_ingress_ifindex:
		insn_buf[0] = CTX_LDX(BPF_W, dst, src, HXDP(ingress_ifindex));
		break;
	case XDP_rx_queue_index:
		insn_buf[0] = CTX_LDX(BPF_W, dst, src, HXDP(rx_queue_index));
		break;
	case XDP_egress_ifindex:
		insn_buf[0] = CTX_LDX(BPF_W, dst, src, HXDP(egress_ifindex));
		break;
	default:
		return 0;
	}
	return 1;
}
