// SPDX-License-Identifier: BSD-2-Clause
/*
 * verifier/ctx_skb.c: the __sk_buff context of SOCKET_FILTER, SCHED_CLS, SCHED_ACT and
 * CGROUP_SKB programs, as net/core/filter.c of Linux 6.18 checks it
 * (bpf_skb_is_valid_access() and the per-type wrappers) and rewrites it
 * (bpf_convert_ctx_access(), tc_cls_act_convert_ctx_access()) — here into accesses to
 * struct hive_skb_ctx (vm/ctx.h), whose fields have the widths of the kernel fields the
 * kernel's rewrite reads, so narrow loads behave identically.
 */
#include <stddef.h>

#include "verifier/ctx_internal.h"
#include "vm/ctx.h"

/* struct __sk_buff (UAPI) offsets. */
enum {
	SKB_len = 0,
	SKB_pkt_type = 4,
	SKB_mark = 8,
	SKB_queue_mapping = 12,
	SKB_protocol = 16,
	SKB_vlan_present = 20,
	SKB_vlan_tci = 24,
	SKB_vlan_proto = 28,
	SKB_priority = 32,
	SKB_ingress_ifindex = 36,
	SKB_ifindex = 40,
	SKB_tc_index = 44,
	SKB_cb = 48, /* cb[5]: 48..67 */
	SKB_hash = 68,
	SKB_tc_classid = 72,
	SKB_data = 76,
	SKB_data_end = 80,
	SKB_napi_id = 84,
	SKB_family = 88,
	SKB_remote_ip4 = 92,
	SKB_local_ip4 = 96,
	SKB_remote_ip6 = 100, /* [4]: 100..115 */
	SKB_local_ip6 = 116, /* [4]: 116..131 */
	SKB_remote_port = 132,
	SKB_local_port = 136,
	SKB_data_meta = 140,
	SKB_flow_keys = 144, /* pointer, 8 bytes */
	SKB_tstamp = 152,
	SKB_wire_len = 160,
	SKB_gso_segs = 164,
	SKB_sk = 168, /* pointer, 8 bytes */
	SKB_gso_size = 176,
	SKB_tstamp_type = 180, /* __u8, then 3 bytes of padding */
	SKB_hwtstamp = 184,
	SKB_SIZE = 192,
};

/* bpf_ctx_range(struct __sk_buff, field) for 4-byte fields */
#define IN_U32(off, field) ctx_in(off, SKB_##field, 4)
/* bpf_ctx_range_till(struct __sk_buff, family, local_port) */
#define IN_FAMILY_TILL_LOCAL_PORT(off) ctx_in(off, SKB_family, SKB_local_port + 4 - SKB_family)
#define IN_CB(off) ctx_in(off, SKB_cb, 20)

static bool bpf_skb_is_valid_access(int off, int size, enum bpf_access_type type,
				    struct bpf_insn_access_aux *info)
{
	const int size_default = 4;

	if (off < 0 || off >= SKB_SIZE)
		return false;
	if (off % size != 0)
		return false;

	if (IN_CB(off)) {
		if (off + size > SKB_cb + 20)
			return false;
	} else if (IN_U32(off, data) || IN_U32(off, data_meta) || IN_U32(off, data_end)) {
		if (info->is_ldsx || size != size_default)
			return false;
	} else if (ctx_in(off, SKB_remote_ip6, 16) || ctx_in(off, SKB_local_ip6, 16) ||
		   IN_U32(off, remote_ip4) || IN_U32(off, local_ip4)) {
		if (size != size_default)
			return false;
	} else if (ctx_in(off, SKB_flow_keys, 8)) {
		return false;
	} else if (ctx_in(off, SKB_hwtstamp, 8)) {
		if (type == BPF_WRITE || size != 8)
			return false;
	} else if (ctx_in(off, SKB_tstamp, 8)) {
		if (size != 8)
			return false;
	} else if (ctx_in(off, SKB_sk, 8)) {
		if (type == BPF_WRITE || size != 8)
			return false;
		info->reg_type = PTR_MAYBE_NULL | PTR_TO_SOCK_COMMON;
	} else if (off == SKB_tstamp_type) {
		return false;
	} else if (ctx_in(off, SKB_tstamp_type + 1, SKB_hwtstamp - SKB_tstamp_type - 1)) {
		return false; /* padding */
	} else if (type == BPF_WRITE) {
		/* Only narrow read access allowed for now. */
		if (size != size_default)
			return false;
	} else {
		ctx_record_field_size(info, size_default);
		if (!ctx_narrow_access_ok(off, size, size_default))
			return false;
	}
	return true;
}

bool sk_filter_is_valid_access(int off, int size, enum bpf_access_type type,
			       struct hive_prog_desc *prog, struct bpf_insn_access_aux *info)
{
	if (IN_U32(off, tc_classid) || IN_U32(off, data) || IN_U32(off, data_meta) ||
	    IN_U32(off, data_end) || IN_FAMILY_TILL_LOCAL_PORT(off) || ctx_in(off, SKB_tstamp, 8) ||
	    IN_U32(off, wire_len) || ctx_in(off, SKB_hwtstamp, 8))
		return false;
	if (type == BPF_WRITE && !IN_CB(off))
		return false;
	return bpf_skb_is_valid_access(off, size, type, info);
}

bool cg_skb_is_valid_access(int off, int size, enum bpf_access_type type,
			    struct hive_prog_desc *prog, struct bpf_insn_access_aux *info)
{
	bool cap_bpf = prog->cap_bpf || prog->cap_sys_admin;

	if (IN_U32(off, tc_classid) || IN_U32(off, data_meta) || IN_U32(off, wire_len))
		return false;
	if ((IN_U32(off, data) || IN_U32(off, data_end)) && !cap_bpf)
		return false;
	if (type == BPF_WRITE) {
		if (ctx_in(off, SKB_tstamp, 8)) {
			if (!cap_bpf)
				return false;
		} else if (!IN_U32(off, mark) && !IN_U32(off, priority) && !IN_CB(off)) {
			return false;
		}
	}
	if (IN_U32(off, data))
		info->reg_type = PTR_TO_PACKET;
	else if (IN_U32(off, data_end))
		info->reg_type = PTR_TO_PACKET_END;
	return bpf_skb_is_valid_access(off, size, type, info);
}

static bool tc_cls_act_writable(int off)
{
	return IN_U32(off, mark) || IN_U32(off, tc_index) || IN_U32(off, priority) ||
	       IN_U32(off, tc_classid) || IN_CB(off) || ctx_in(off, SKB_tstamp, 8) ||
	       IN_U32(off, queue_mapping);
}

bool tc_cls_act_is_valid_access(int off, int size, enum bpf_access_type type,
				struct hive_prog_desc *prog, struct bpf_insn_access_aux *info)
{
	if (type == BPF_WRITE && !tc_cls_act_writable(off))
		return false;
	if (IN_U32(off, data)) {
		info->reg_type = PTR_TO_PACKET;
	} else if (IN_U32(off, data_meta)) {
		info->reg_type = PTR_TO_PACKET_META;
	} else if (IN_U32(off, data_end)) {
		info->reg_type = PTR_TO_PACKET_END;
	} else if (IN_FAMILY_TILL_LOCAL_PORT(off)) {
		return false;
	} else if (off == SKB_tstamp_type) {
		/* convert_ctx_access() of tstamp depends on it: set it while checking */
		prog->tstamp_type_access = true;
		return size == 1;
	}
	return bpf_skb_is_valid_access(off, size, type, info);
}

/* ---- rewriting into struct hive_skb_ctx ---- */

#define HSKB(field) ((s16)offsetof(struct hive_skb_ctx, field))
#define NO_QUEUE_MAPPING 0xffff

/* A load, or for writable fields a load or store, of a runtime field of @size_code. */
static struct hive_insn *skb_rw(enum bpf_access_type type, const struct hive_insn *si,
				struct hive_insn *insn, u8 size_code, s16 off, u32 *target_size)
{
	*target_size = (u32)isa_size_bytes(size_code);
	if (type == BPF_WRITE)
		*insn++ = CTX_STORE(size_code, si, off);
	else
		*insn++ = CTX_LDX(size_code, si->dst_reg, si->src_reg, off);
	return insn;
}

/* bpf_convert_tstamp_read(): at tc ingress a delivery time (tstamp_type set) reads as 0,
 * unless the program looks at tstamp_type itself. */
static struct hive_insn *tstamp_read(const struct hive_prog_desc *prog, const struct hive_insn *si,
				     struct hive_insn *insn)
{
	u8 value_reg = si->dst_reg, skb_reg = si->src_reg;

	if (!prog->tstamp_type_access) {
		*insn++ = CTX_LDX(BPF_B, HIVE_REG_AX, skb_reg, HSKB(tstamp_flags));
		*insn++ = CTX_JMP32_IMM(BPF_JSET, HIVE_REG_AX, HIVE_SKB_TC_AT_INGRESS_MASK, 1);
		*insn++ = CTX_JA(4);
		*insn++ = CTX_JMP32_IMM(BPF_JSET, HIVE_REG_AX, HIVE_SKB_TSTAMP_TYPE_MASK, 1);
		*insn++ = CTX_JA(2);
		*insn++ = CTX_ALU64_IMM(BPF_MOV, value_reg, 0);
		*insn++ = CTX_JA(1);
	}
	*insn++ = CTX_LDX(BPF_DW, value_reg, skb_reg, HSKB(tstamp));
	return insn;
}

/* bpf_convert_tstamp_write(): a write at tc ingress clears tstamp_type, unless the program
 * looks at tstamp_type itself. */
static struct hive_insn *tstamp_write(const struct hive_prog_desc *prog, const struct hive_insn *si,
				      struct hive_insn *insn)
{
	u8 value_reg = si->src_reg, skb_reg = si->dst_reg;

	if (!prog->tstamp_type_access) {
		*insn++ = CTX_LDX(BPF_B, HIVE_REG_AX, skb_reg, HSKB(tstamp_flags));
		*insn++ = CTX_JMP32_IMM(BPF_JSET, HIVE_REG_AX, HIVE_SKB_TC_AT_INGRESS_MASK, 1);
		*insn++ = CTX_JA(2);
		*insn++ = CTX_ALU32_IMM(BPF_AND, HIVE_REG_AX, ~HIVE_SKB_TSTAMP_TYPE_MASK);
		*insn++ = CTX_STX(BPF_B, skb_reg, HIVE_REG_AX, HSKB(tstamp_flags));
	}
	*insn++ = ctx_insn(BPF_CLASS(si->code) | BPF_DW | BPF_MEM, skb_reg, value_reg, HSKB(tstamp),
			   si->imm);
	return insn;
}

static struct hive_insn *queue_mapping_rw(enum bpf_access_type type, const struct hive_insn *si,
					  struct hive_insn *insn, u32 *target_size)
{
	*target_size = 2;
	if (type != BPF_WRITE) {
		*insn++ = CTX_LDX(BPF_H, si->dst_reg, si->src_reg, HSKB(queue_mapping));
		return insn;
	}
	/* NO_QUEUE_MAPPING and above are ignored */
	if (BPF_CLASS(si->code) == BPF_ST && si->imm >= NO_QUEUE_MAPPING) {
		*insn++ = CTX_JA(0);
		return insn;
	}
	if (BPF_CLASS(si->code) == BPF_STX)
		*insn++ = CTX_JMP_IMM(BPF_JGE, si->src_reg, NO_QUEUE_MAPPING, 1);
	*insn++ = CTX_STORE(BPF_H, si, HSKB(queue_mapping));
	return insn;
}

/* Fields the kernel reads from skb->sk (cgroup skb programs, which always have a socket). */
static struct hive_insn *skb_sock_field(const struct hive_insn *si, struct hive_insn *insn,
					u32 *target_size)
{
	int off = si->off;

	if (ctx_in(off, SKB_remote_ip6, 16)) {
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->src_reg,
				  HSKB(remote_ip6) + (off - SKB_remote_ip6));
	} else if (ctx_in(off, SKB_local_ip6, 16)) {
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->src_reg,
				  HSKB(local_ip6) + (off - SKB_local_ip6));
	} else if (off == SKB_family) {
		*target_size = 2;
		*insn++ = CTX_LDX(BPF_H, si->dst_reg, si->src_reg, HSKB(family));
	} else if (off == SKB_remote_ip4) {
		*target_size = 4;
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->src_reg, HSKB(remote_ip4));
	} else if (off == SKB_local_ip4) {
		*target_size = 4;
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->src_reg, HSKB(local_ip4));
	} else if (off == SKB_remote_port) {
		/* skc_dport is big endian: the program sees it in the upper half */
		*target_size = 2;
		*insn++ = CTX_LDX(BPF_H, si->dst_reg, si->src_reg, HSKB(remote_port));
		*insn++ = CTX_ALU32_IMM(BPF_LSH, si->dst_reg, 16);
	} else if (off == SKB_local_port) {
		*target_size = 2;
		*insn++ = CTX_LDX(BPF_H, si->dst_reg, si->src_reg, HSKB(local_port));
	} else {
		return NULL;
	}
	return insn;
}

/* Loads of scalar fields whose width is the runtime field's (no rewrite logic). */
static bool skb_plain_field(int off, u8 *size_code, s16 *hoff)
{
	static const struct {
		int uapi;
		u8 size_code;
		s16 hoff;
	} fields[] = {
		{ SKB_len, BPF_W, HSKB(len) },
		{ SKB_protocol, BPF_H, HSKB(protocol) },
		{ SKB_vlan_proto, BPF_H, HSKB(vlan_proto) },
		{ SKB_vlan_tci, BPF_H, HSKB(vlan_tci) },
		{ SKB_priority, BPF_W, HSKB(priority) },
		{ SKB_ingress_ifindex, BPF_W, HSKB(ingress_ifindex) },
		{ SKB_ifindex, BPF_W, HSKB(ifindex) },
		{ SKB_hash, BPF_W, HSKB(hash) },
		{ SKB_mark, BPF_W, HSKB(mark) },
		{ SKB_tc_index, BPF_H, HSKB(tc_index) },
		{ SKB_tc_classid, BPF_H, HSKB(tc_classid) },
		{ SKB_napi_id, BPF_W, HSKB(napi_id) },
		{ SKB_wire_len, BPF_W, HSKB(wire_len) },
		{ SKB_gso_segs, BPF_H, HSKB(gso_segs) },
		{ SKB_gso_size, BPF_H, HSKB(gso_size) },
		{ SKB_hwtstamp, BPF_DW, HSKB(hwtstamp) },
	};

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		if (fields[i].uapi == off) {
			*size_code = fields[i].size_code;
			*hoff = fields[i].hoff;
			return true;
		}
	}
	return false;
}

/* Pointer fields: no target size (the verifier records no field size for them). */
static bool skb_ptr_field(int off, s16 *hoff)
{
	switch (off) {
	case SKB_data:
		*hoff = HSKB(data);
		return true;
	case SKB_data_end:
		*hoff = HSKB(data_end);
		return true;
	case SKB_data_meta:
		*hoff = HSKB(data_meta);
		return true;
	case SKB_sk:
		*hoff = HSKB(sk);
		return true;
	default:
		return false;
	}
}

u32 skb_convert_ctx_access(enum bpf_access_type type, const struct hive_insn *si,
			   struct hive_insn *insn_buf, struct hive_prog_desc *prog,
			   u32 *target_size)
{
	struct hive_insn *insn = insn_buf;
	int off = si->off;
	u8 size_code;
	s16 hoff;

	if (IN_CB(off)) {
		/* any size, at the same place of qdisc_skb_cb data */
		prog->cb_access = true;
		hoff = (s16)(HSKB(cb) + (off - SKB_cb));
		size_code = BPF_SIZE(si->code);
		if (type == BPF_WRITE)
			*insn++ = CTX_STORE(size_code, si, hoff);
		else
			*insn++ = CTX_LDX(size_code, si->dst_reg, si->src_reg, hoff);
	} else if (skb_plain_field(off, &size_code, &hoff)) {
		insn = skb_rw(type, si, insn, size_code, hoff, target_size);
	} else if (skb_ptr_field(off, &hoff)) {
		*insn++ = CTX_LDX(BPF_DW, si->dst_reg, si->src_reg, hoff);
	} else if (off == SKB_pkt_type) {
		*target_size = 1;
		*insn++ = CTX_LDX(BPF_B, si->dst_reg, si->src_reg, HSKB(pkt_type));
		*insn++ = CTX_ALU32_IMM(BPF_AND, si->dst_reg, HIVE_SKB_PKT_TYPE_MAX);
	} else if (off == SKB_queue_mapping) {
		insn = queue_mapping_rw(type, si, insn, target_size);
	} else if (off == SKB_vlan_present) {
		*target_size = 4;
		*insn++ = CTX_LDX(BPF_W, si->dst_reg, si->src_reg, HSKB(vlan_all));
		*insn++ = CTX_JMP_IMM(BPF_JEQ, si->dst_reg, 0, 1);
		*insn++ = CTX_ALU32_IMM(BPF_MOV, si->dst_reg, 1);
	} else if (off == SKB_tstamp) {
		insn = type == BPF_WRITE ? tstamp_write(prog, si, insn) :
					   tstamp_read(prog, si, insn);
	} else if (off == SKB_tstamp_type) {
		*insn++ = CTX_LDX(BPF_B, si->dst_reg, si->src_reg, HSKB(tstamp_flags));
		*insn++ = CTX_ALU32_IMM(BPF_AND, si->dst_reg, HIVE_SKB_TSTAMP_TYPE_MASK);
	} else {
		struct hive_insn *end = skb_sock_field(si, insn, target_size);

		if (!end)
			return 0;
		insn = end;
	}
	return (u32)(insn - insn_buf);
}
