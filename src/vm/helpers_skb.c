// SPDX-License-Identifier: BSD-2-Clause
/*
 * vm/helpers_skb.c: packet helpers of tc (SCHED_CLS/SCHED_ACT), socket filter, cgroup skb and
 * XDP programs, on the packets of vm/helpers_skb.h, with the checks and results of Linux 6.18's
 * net/core/filter.c. Each helper first finds the packet of the run and checks that r1 is its
 * context (the verifier guarantees it for verified programs; anything else stops the run).
 *
 * Deliberate differences, all where the kernel's result depends on its own state:
 *  - bpf_get_hash_recalc() computes a flow hash of its own (the kernel keys its flow hash with
 *    a random boot-time secret, so no program can depend on the value); it is deterministic
 *    and cached in skb->hash like the kernel's.
 *  - bpf_redirect() records the target and returns TC_ACT_REDIRECT / XDP_REDIRECT; nothing is
 *    transmitted (the kernel's test run does not transmit either).
 * Not provided (the loader rejects programs calling them): tunnel keys, FIB and socket lookups,
 * vlan push/pop, skb_adjust_room, the cgroup and socket cookie helpers.
 *
 * XDP helpers work on multi-buffer frames as the kernel's do: bpf_xdp_get_buff_len,
 * bpf_xdp_load_bytes and bpf_xdp_store_bytes see the linear part and then every fragment;
 * bpf_xdp_adjust_tail on such a frame grows the last fragment within its page or shrinks
 * fragments from the end, releasing each it empties.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "common/err.h"
#include "vm/helpers_skb.h"
#include "vm/host.h"

#define P(x) ((void *)(uintptr_t)(x))
#define U(x) ((uint64_t)(uintptr_t)(x))
#define HELPER(name)                                                                              \
	static uint64_t h_##name(uint64_t r1, uint64_t r2, uint64_t r3, uint64_t r4, uint64_t r5, \
				 struct hive_vm_run *run)
#define RET(err) ((uint64_t)(int64_t)(err))

/* UAPI flag and constant values (include/uapi/linux/bpf.h, pkt_cls.h) */
#define F_RECOMPUTE_CSUM (1ULL << 0)
#define F_INVALIDATE_HASH (1ULL << 1)
#define F_HDR_FIELD_MASK 0xfULL
#define F_PSEUDO_HDR (1ULL << 4)
#define F_MARK_MANGLED_0 (1ULL << 5)
#define F_MARK_ENFORCE (1ULL << 6)
#define F_IPV6 (1ULL << 7)
#define F_INGRESS (1ULL << 0)
#define HDR_START_MAC 0
#define HDR_START_NET 1
#define CSUM_LEVEL_QUERY 0
#define CSUM_LEVEL_INC 1
#define CSUM_LEVEL_DEC 2
#define CSUM_LEVEL_RESET 3
#define SKB_MAX_CSUM_LEVEL 3
#define CSUM_MANGLED_0 0xffff
#define TC_ACT_SHOT 2
#define TC_ACT_REDIRECT 7
#define XDP_ABORTED 0
#define XDP_REDIRECT 4
#define PACKET_OTHERHOST 3
#define ENOTSUPP_KERNEL 524

/* ---- checksums (__wsum arithmetic) ---- */

uint32_t vm_csum_add(uint32_t a, uint32_t b)
{
	uint32_t res = a + b;

	return res + (res < b);
}

static uint32_t csum_sub(uint32_t a, uint32_t b)
{
	return vm_csum_add(a, ~b);
}

uint16_t vm_csum_fold(uint32_t sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* lib/checksum.c's from32to16(): fold without inverting. */
static uint16_t csum_from32to16(uint32_t x)
{
	x += (x >> 16) | (x << 16);
	return (uint16_t)(x >> 16);
}

/*
 * x86-64's csum_partial(), bit for bit: the buffer is summed as little-endian 64-bit words (the
 * tail zero-padded) with end-around carry, starting from @sum, then folded to 32 bits by adding
 * the two halves with end-around carry (csum_finalize_sum()). End-around-carry addition does not
 * depend on the order of the words, so one accumulator gives what the kernel's two do. The
 * folded 16-bit checksum of this value is what any other summation order would give too, but
 * the 32-bit __wsum itself (seen through skb->csum and bpf_csum_update()) is this one.
 */
uint32_t vm_csum_partial(const void *buf, size_t len, uint32_t sum)
{
	const uint8_t *p = buf;
	uint64_t acc = sum, w;

	for (; len; p += 8, len -= len < 8 ? len : 8) {
		w = 0;
		memcpy(&w, p, len < 8 ? len : 8);
		acc += w;
		acc += acc < w;
	}
	w = (acc >> 32) + (acc & 0xffffffffULL);
	return (uint32_t)(w + (w >> 32));
}

static uint32_t ror32(uint32_t w, unsigned int s)
{
	return (w >> s) | (w << (32 - s));
}

/* csum_block_add(): a partial sum of a block starting at an odd offset is byte-swapped. */
static uint32_t csum_block_add(uint32_t csum, uint32_t csum2, uint32_t offset)
{
	return vm_csum_add(csum, offset & 1 ? ror32(csum2, 8) : csum2);
}

static void csum_replace2(uint16_t *sum, uint16_t old, uint16_t new)
{
	uint32_t s = (uint16_t) ~*sum;

	/* csum16_add(csum16_sub(~sum, old), new), all 16-bit with end-around carry */
	s += (uint16_t)~old;
	s = (s & 0xffff) + (s >> 16);
	s += new;
	s = (s & 0xffff) + (s >> 16);
	*sum = (uint16_t)~s;
}

static void csum_replace4(uint16_t *sum, uint32_t from, uint32_t to)
{
	uint32_t tmp = csum_sub(~(uint32_t)*sum, from);

	*sum = vm_csum_fold(vm_csum_add(tmp, to));
}

static void csum_replace_by_diff(uint16_t *sum, uint32_t diff)
{
	*sum = vm_csum_fold(vm_csum_add(diff, ~(uint32_t)*sum));
}

/* ---- the packet of the run ---- */

static struct vm_pkt *pkt_of(struct hive_vm_run *run, uint64_t ctx, enum vm_pkt_kind kind,
			     const char *helper)
{
	struct vm_pkt *pkt = vm_env_of(run)->user;

	if (pkt && pkt->kind == kind &&
	    ctx == (kind == VM_PKT_SKB ? U(&pkt->skb.ctx) : U(&pkt->xdp.ctx)))
		return pkt;
	hive_vm_fault(run, "%s: r1 is not the %s context of this run", helper,
		      kind == VM_PKT_SKB ? "__sk_buff" : "xdp_md");
	return NULL;
}

static struct vm_skb *skb_of(struct hive_vm_run *run, uint64_t ctx, const char *helper)
{
	struct vm_pkt *pkt = pkt_of(run, ctx, VM_PKT_SKB, helper);

	return pkt ? &pkt->skb : NULL;
}

static struct vm_xdp *xdp_of(struct hive_vm_run *run, uint64_t ctx, const char *helper)
{
	struct vm_pkt *pkt = pkt_of(run, ctx, VM_PKT_XDP, helper);

	return pkt ? &pkt->xdp : NULL;
}

static uint8_t *skb_data(const struct vm_skb *skb)
{
	return skb->head + skb->data;
}

/* kmalloc's size classes: build_skb() gets the whole slab object as its buffer. */
static uint32_t kmalloc_size(uint32_t n)
{
	static const uint32_t classes[] = { 8,	 16,  32,   64,	  96,	128,  192,
					    256, 512, 1024, 2048, 4096, 8192, 16384 };

	for (size_t i = 0; i < ARRAY_SIZE(classes); i++)
		if (n <= classes[i])
			return classes[i];
	return (n + 4095) & ~4095U;
}

int vm_skb_init(struct vm_skb *skb, const void *data, uint32_t len)
{
	/* test_run: kzalloc(SKB_DATA_ALIGN(size) + headroom + tailroom), the tail keeps shinfo */
	uint32_t total = ((len + 63) & ~63U) + VM_NET_SKB_PAD + VM_SKB_SHINFO_SIZE;

	memset(skb, 0, sizeof(*skb));
	skb->size = kmalloc_size(total) - VM_SKB_SHINFO_SIZE;
	skb->head = calloc(1, skb->size);
	if (!skb->head)
		return -ENOMEM;
	skb->data = VM_NET_SKB_PAD;
	skb->len = len;
	if (len)
		memcpy(skb->head + skb->data, data, len);
	skb->mac_header = VM_HDR_UNSET;
	skb->network_header = VM_HDR_UNSET;
	return 0;
}

void vm_skb_fini(struct vm_skb *skb)
{
	free(skb->head);
	skb->head = NULL;
}

int vm_skb_reserve(struct vm_skb *skb, uint32_t nhead, uint32_t ntail)
{
	uint32_t headroom = skb->data, tailroom = skb->size - skb->data - skb->len;
	uint32_t add_head, add_tail;
	uint8_t *n;

	if (headroom >= nhead && tailroom >= ntail)
		return 0;
	/* pskb_expand_head(): both ends grow, aligned; headers keep their place in the data */
	add_head = headroom < nhead ? ((nhead - headroom + 31) & ~31U) : 0;
	add_tail = tailroom < ntail ? ntail - tailroom : 0;
	if ((uint64_t)skb->size + add_head + add_tail > (1U << 20))
		return -ENOMEM;
	n = calloc(1, skb->size + add_head + add_tail);
	if (!n)
		return -ENOMEM;
	memcpy(n + add_head, skb->head, skb->size);
	free(skb->head);
	skb->head = n;
	skb->size += add_head + add_tail;
	skb->data += add_head;
	if (skb->mac_header != VM_HDR_UNSET)
		skb->mac_header += add_head;
	if (skb->network_header != VM_HDR_UNSET)
		skb->network_header += add_head;
	return 0;
}

void vm_skb_sync(struct vm_skb *skb, struct hive_vm_run *run)
{
	uint8_t *data = skb_data(skb);

	skb->ctx.data = U(data);
	skb->ctx.data_end = U(data + skb->len);
	skb->ctx.data_meta = U(data);
	skb->ctx.len = skb->len;
	if (run) {
		run->pkt = data;
		run->pkt_len = skb->len;
	}
}

/* ---- reading and writing skb bytes ---- */

HELPER(skb_load_bytes)
{
	struct vm_skb *skb = skb_of(run, r1, "bpf_skb_load_bytes");
	uint32_t off = (uint32_t)r2, len = (uint32_t)r4;

	if (!skb || !vm_helper_mem_ok(run, "bpf_skb_load_bytes", "to", r3, len, true))
		return 0;
	if (off > INT32_MAX || (uint64_t)off + len > skb->len) {
		memset(P(r3), 0, len);
		return RET(-EFAULT);
	}
	memcpy(P(r3), skb_data(skb) + off, len);
	return 0;
}

HELPER(skb_load_bytes_relative)
{
	struct vm_skb *skb = skb_of(run, r1, "bpf_skb_load_bytes_relative");
	uint32_t off = (uint32_t)r2, len = (uint32_t)r4, start;

	if (!skb || !vm_helper_mem_ok(run, "bpf_skb_load_bytes_relative", "to", r3, len, true))
		return 0;
	if (off > 0xffff)
		goto err_clear;
	if (r5 == HDR_START_MAC && skb->mac_header != VM_HDR_UNSET)
		start = skb->mac_header;
	else if (r5 == HDR_START_NET && skb->network_header != VM_HDR_UNSET)
		start = skb->network_header;
	else
		goto err_clear;
	/* the kernel checks only the end: a MAC-relative read may start before data */
	if ((uint64_t)start + off + len > (uint64_t)skb->data + skb->len)
		goto err_clear;
	memcpy(P(r3), skb->head + start + off, len);
	return 0;
err_clear:
	memset(P(r3), 0, len);
	return RET(-EFAULT);
}

HELPER(skb_store_bytes)
{
	struct vm_skb *skb = skb_of(run, r1, "bpf_skb_store_bytes");
	uint32_t off = (uint32_t)r2, len = (uint32_t)r4;
	uint8_t *ptr;

	if (!skb || !vm_helper_mem_ok(run, "bpf_skb_store_bytes", "from", r3, len, false))
		return 0;
	if (r5 & ~(F_RECOMPUTE_CSUM | F_INVALIDATE_HASH))
		return RET(-EINVAL);
	if (off > INT32_MAX || (uint64_t)off + len > skb->len)
		return RET(-EFAULT);
	ptr = skb_data(skb) + off;
	if ((r5 & F_RECOMPUTE_CSUM) && skb->ip_summed == VM_CHECKSUM_COMPLETE)
		skb->csum = csum_block_add(skb->csum, ~vm_csum_partial(ptr, len, 0), off);
	memmove(ptr, P(r3), len);
	if ((r5 & F_RECOMPUTE_CSUM) && skb->ip_summed == VM_CHECKSUM_COMPLETE)
		skb->csum = csum_block_add(skb->csum, vm_csum_partial(ptr, len, 0), off);
	if (r5 & F_INVALIDATE_HASH) {
		skb->ctx.hash = 0;
		skb->l4_hash = skb->sw_hash = false;
	}
	vm_skb_sync(skb, run);
	return 0;
}

/* bpf_try_make_writable(): the first @len bytes must be in the (linear) packet. */
static uint16_t *csum_field(struct vm_skb *skb, uint32_t off)
{
	if (off > 0xffff || (off & 1) || (uint64_t)off + 2 > skb->len)
		return NULL;
	return (uint16_t *)(void *)(skb_data(skb) + off);
}

HELPER(l3_csum_replace)
{
	struct vm_skb *skb = skb_of(run, r1, "bpf_l3_csum_replace");
	uint16_t *ptr, v;

	if (!skb)
		return 0;
	if (r5 & ~F_HDR_FIELD_MASK)
		return RET(-EINVAL);
	if ((uint32_t)r2 > 0xffff || (r2 & 1))
		return RET(-EFAULT);
	ptr = csum_field(skb, (uint32_t)r2);
	if (!ptr)
		return RET(-EFAULT);
	memcpy(&v, ptr, 2);
	switch (r5 & F_HDR_FIELD_MASK) {
	case 0:
		if (r3)
			return RET(-EINVAL);
		csum_replace_by_diff(&v, (uint32_t)r4);
		break;
	case 2:
		csum_replace2(&v, (uint16_t)r3, (uint16_t)r4);
		break;
	case 4:
		csum_replace4(&v, (uint32_t)r3, (uint32_t)r4);
		break;
	default:
		return RET(-EINVAL);
	}
	memcpy(ptr, &v, 2);
	vm_skb_sync(skb, run);
	return 0;
}

/* inet_proto_csum_replace4/_by_diff() for an skb that is never CHECKSUM_PARTIAL here */
static void proto_csum_replace4(struct vm_skb *skb, uint16_t *sum, uint32_t from, uint32_t to,
				bool pseudo)
{
	csum_replace4(sum, from, to);
	if (skb->ip_summed == VM_CHECKSUM_COMPLETE && pseudo)
		skb->csum = ~vm_csum_add(csum_sub(~skb->csum, from), to);
}

static void proto_csum_replace_by_diff(struct vm_skb *skb, uint16_t *sum, uint32_t diff,
				       bool pseudo, bool ipv6)
{
	csum_replace_by_diff(sum, diff);
	if (skb->ip_summed == VM_CHECKSUM_COMPLETE && pseudo && !ipv6)
		skb->csum = ~csum_sub(diff, skb->csum);
}

HELPER(l4_csum_replace)
{
	struct vm_skb *skb = skb_of(run, r1, "bpf_l4_csum_replace");
	bool pseudo = r5 & F_PSEUDO_HDR, mmzero = r5 & F_MARK_MANGLED_0;
	uint16_t *ptr, v;

	if (!skb)
		return 0;
	if (r5 & ~(F_MARK_MANGLED_0 | F_MARK_ENFORCE | F_PSEUDO_HDR | F_HDR_FIELD_MASK | F_IPV6))
		return RET(-EINVAL);
	if ((uint32_t)r2 > 0xffff || (r2 & 1))
		return RET(-EFAULT);
	ptr = csum_field(skb, (uint32_t)r2);
	if (!ptr)
		return RET(-EFAULT);
	memcpy(&v, ptr, 2);
	if (mmzero && !(r5 & F_MARK_ENFORCE) && !v)
		return 0;
	switch (r5 & F_HDR_FIELD_MASK) {
	case 0:
		if (r3)
			return RET(-EINVAL);
		proto_csum_replace_by_diff(skb, &v, (uint32_t)r4, pseudo, r5 & F_IPV6);
		break;
	case 2:
		proto_csum_replace4(skb, &v, (uint16_t)r3, (uint16_t)r4, pseudo);
		break;
	case 4:
		proto_csum_replace4(skb, &v, (uint32_t)r3, (uint32_t)r4, pseudo);
		break;
	default:
		return RET(-EINVAL);
	}
	if (mmzero && !v)
		v = CSUM_MANGLED_0;
	memcpy(ptr, &v, 2);
	vm_skb_sync(skb, run);
	return 0;
}

/* ---- checksum helpers without a packet ---- */

/* Since Linux 6.13 the sizes are not checked: any byte counts are summed. */
HELPER(csum_diff)
{
	uint32_t from_size = (uint32_t)r2, to_size = (uint32_t)r4, seed = (uint32_t)r5;

	if (!vm_helper_mem_ok(run, "bpf_csum_diff", "from", r1, from_size, false) ||
	    !vm_helper_mem_ok(run, "bpf_csum_diff", "to", r3, to_size, false))
		return 0;
	if (from_size && to_size)
		return csum_from32to16(csum_sub(vm_csum_partial(P(r3), to_size, seed),
						vm_csum_partial(P(r1), from_size, 0)));
	if (to_size)
		return csum_from32to16(vm_csum_partial(P(r3), to_size, seed));
	if (from_size)
		return csum_from32to16(~vm_csum_partial(P(r1), from_size, ~seed));
	return seed;
}

HELPER(csum_update)
{
	struct vm_skb *skb = skb_of(run, r1, "bpf_csum_update");

	if (!skb)
		return 0;
	if (skb->ip_summed != VM_CHECKSUM_COMPLETE)
		return RET(-ENOTSUPP_KERNEL);
	skb->csum = vm_csum_add(skb->csum, (uint32_t)r2);
	return skb->csum;
}

HELPER(csum_level)
{
	struct vm_skb *skb = skb_of(run, r1, "bpf_csum_level");

	if (!skb)
		return 0;
	switch (r2) {
	case CSUM_LEVEL_DEC:
		if (skb->ip_summed == VM_CHECKSUM_UNNECESSARY) {
			if (skb->csum_level == 0)
				skb->ip_summed = VM_CHECKSUM_NONE;
			else
				skb->csum_level--;
		}
		return 0;
	case CSUM_LEVEL_INC:
		if (skb->ip_summed == VM_CHECKSUM_UNNECESSARY) {
			if (skb->csum_level < SKB_MAX_CSUM_LEVEL)
				skb->csum_level++;
		} else if (skb->ip_summed == VM_CHECKSUM_NONE) {
			skb->ip_summed = VM_CHECKSUM_UNNECESSARY;
			skb->csum_level = 0;
		}
		return 0;
	case CSUM_LEVEL_RESET:
		if (skb->ip_summed == VM_CHECKSUM_UNNECESSARY) {
			skb->ip_summed = VM_CHECKSUM_NONE;
			skb->csum_level = 0;
		}
		return 0;
	case CSUM_LEVEL_QUERY:
		return skb->ip_summed == VM_CHECKSUM_UNNECESSARY ? skb->csum_level : RET(-EACCES);
	default:
		return RET(-EINVAL);
	}
}

/* ---- changing the skb's size ---- */

HELPER(skb_pull_data)
{
	struct vm_skb *skb = skb_of(run, r1, "bpf_skb_pull_data");
	uint32_t len = (uint32_t)r2;

	if (!skb)
		return 0;
	/* the skb is linear: pulling up to its length always succeeds */
	if (len > skb->len)
		return RET(-ENOMEM);
	vm_skb_sync(skb, run);
	return 0;
}

/* __bpf_skb_min_len(): nothing below the network header may be cut */
static uint32_t skb_min_len(const struct vm_skb *skb)
{
	if (skb->network_header == VM_HDR_UNSET || skb->network_header < skb->data)
		return 0;
	return skb->network_header - skb->data;
}

HELPER(skb_change_tail)
{
	struct vm_skb *skb = skb_of(run, r1, "bpf_skb_change_tail");
	uint32_t new_len = (uint32_t)r2;
	int err;

	if (!skb)
		return 0;
	if (r3 || new_len > VM_SKB_MAX_LEN || new_len < skb_min_len(skb))
		return RET(-EINVAL);
	/* __skb_grow_rcsum / __skb_trim_rcsum give up on a complete checksum */
	if (new_len != skb->len && skb->ip_summed == VM_CHECKSUM_COMPLETE)
		skb->ip_summed = VM_CHECKSUM_NONE;
	if (new_len > skb->len) {
		err = vm_skb_reserve(skb, 0, new_len - skb->len);
		if (err) {
			vm_skb_sync(skb, run);
			return RET(err);
		}
		/* the grown part reads as zeros (not what a trim left behind) */
		memset(skb_data(skb) + skb->len, 0, new_len - skb->len);
	}
	skb->len = new_len;
	vm_skb_sync(skb, run);
	return 0;
}

HELPER(skb_change_head)
{
	struct vm_skb *skb = skb_of(run, r1, "bpf_skb_change_head");
	uint32_t room = (uint32_t)r2, new_len;
	int err;

	if (!skb)
		return 0;
	new_len = skb->len + room;
	if (r3 || (!skb->ctx.gso_size && new_len > VM_SKB_MAX_LEN) || new_len < skb->len)
		return RET(-EINVAL);
	err = vm_skb_reserve(skb, room, 0);
	if (!err) {
		skb->data -= room;
		skb->len = new_len;
		memset(skb_data(skb), 0, room);
		skb->mac_header = skb->data;
	}
	vm_skb_sync(skb, run);
	return RET(err);
}

/* ---- metadata ---- */

/* A deterministic flow hash: jhash-style mixing of the IPv4/IPv6 addresses and ports. */
static uint32_t flow_hash(const struct vm_skb *skb)
{
	uint32_t net = skb->network_header, h = 0x9e3779b9U;
	const uint8_t *p;
	size_t n = 0;

	if (net == VM_HDR_UNSET)
		return 0;
	p = skb->head + net;
	if (skb->ctx.protocol == 0x0008 && net + 20 <= skb->data + skb->len)
		n = 20; /* IPv4 header without options */
	else if (skb->ctx.protocol == 0xdd86 && net + 40 <= skb->data + skb->len)
		n = 40;
	for (size_t i = 0; i < n; i++) {
		h ^= p[i];
		h *= 0x01000193U;
	}
	return n ? (h ? h : 1) : 0;
}

HELPER(get_hash_recalc)
{
	struct vm_skb *skb = skb_of(run, r1, "bpf_get_hash_recalc");

	if (!skb)
		return 0;
	if (!skb->l4_hash && !skb->sw_hash) {
		skb->ctx.hash = flow_hash(skb);
		skb->sw_hash = true;
	}
	return skb->ctx.hash;
}

HELPER(set_hash_invalid)
{
	struct vm_skb *skb = skb_of(run, r1, "bpf_set_hash_invalid");

	if (skb) {
		skb->ctx.hash = 0;
		skb->l4_hash = skb->sw_hash = false;
	}
	return 0;
}

HELPER(set_hash)
{
	struct vm_skb *skb = skb_of(run, r1, "bpf_set_hash");

	if (skb) {
		skb->ctx.hash = (uint32_t)r2;
		skb->sw_hash = true;
		skb->l4_hash = true;
	}
	return 0;
}

HELPER(skb_change_type)
{
	struct vm_skb *skb = skb_of(run, r1, "bpf_skb_change_type");

	if (!skb)
		return 0;
	if (skb->ctx.pkt_type > PACKET_OTHERHOST || (uint32_t)r2 > PACKET_OTHERHOST)
		return RET(-EINVAL);
	skb->ctx.pkt_type = (uint8_t)r2;
	return 0;
}

HELPER(get_socket_uid)
{
	/* the test run's socket was made by sock_init_data(NULL, sk): uid 0 */
	skb_of(run, r1, "bpf_get_socket_uid");
	return 0;
}

HELPER(get_route_realm)
{
	/* no route (dst) is attached to a test skb */
	skb_of(run, r1, "bpf_get_route_realm");
	return 0;
}

/* bpf_redirect() has one id and two implementations: tc's and XDP's. */
HELPER(redirect)
{
	struct vm_pkt *pkt = vm_env_of(run)->user;

	if (pkt && pkt->kind == VM_PKT_XDP) {
		if (r2)
			return XDP_ABORTED;
		pkt->xdp.redirect_ifindex = (uint32_t)r1;
		return XDP_REDIRECT;
	}
	if (!pkt || pkt->kind != VM_PKT_SKB) {
		hive_vm_fault(run, "bpf_redirect: not a packet program run");
		return 0;
	}
	if (r2 & ~F_INGRESS)
		return TC_ACT_SHOT;
	pkt->skb.redirect_ifindex = (uint32_t)r1;
	pkt->skb.redirect_flags = (uint32_t)r2;
	return TC_ACT_REDIRECT;
}

/* ---- XDP ---- */

static uint8_t *xp(uint64_t v)
{
	return (uint8_t *)(uintptr_t)v;
}

HELPER(xdp_adjust_head)
{
	struct vm_xdp *x = xdp_of(run, r1, "bpf_xdp_adjust_head");
	int32_t off = (int32_t)r2;
	uint64_t metalen, data;

	if (!x)
		return 0;
	metalen = x->ctx.data - x->ctx.data_meta;
	data = x->ctx.data + (int64_t)off;
	if (data < U(x->frame) + VM_XDP_FRAME_HDR + metalen || data > x->ctx.data_end - VM_ETH_HLEN)
		return RET(-EINVAL);
	if (metalen)
		memmove(xp(x->ctx.data_meta + (int64_t)off), xp(x->ctx.data_meta), metalen);
	x->ctx.data_meta += (int64_t)off;
	x->ctx.data = data;
	return 0;
}

/* bpf_xdp_frags_increase_tail(): the last fragment grows into the rest of its page. */
static long frags_grow(struct vm_xdp *x, int32_t off)
{
	struct vm_xdp_frag *f = &x->frags[x->nr_frags - 1];

	if (!x->rxq_frag_size || x->rxq_frag_size > x->frame_sz)
		return -EOPNOTSUPP;
	if ((uint32_t)off > x->rxq_frag_size - f->size)
		return -EINVAL;
	memset(f->page + f->size, 0, (size_t)off);
	f->size += (uint32_t)off;
	x->frags_size += (uint32_t)off;
	return 0;
}

/*
 * bpf_xdp_frags_shrink_tail(): cut @shrink bytes from the end, last fragment first; a
 * fragment cut to nothing is released, and once none is left the rest comes off the linear
 * part and the frame is linear again. @shrink is the kernel's int: -INT_MIN stays negative and
 * then cuts nothing.
 */
static long frags_shrink(struct vm_xdp *x, int32_t shrink)
{
	if (shrink > (int32_t)vm_xdp_buff_len(x) - VM_ETH_HLEN)
		return -EINVAL;
	while (x->nr_frags && shrink > 0) {
		struct vm_xdp_frag *f = &x->frags[x->nr_frags - 1];
		uint32_t cut = (uint32_t)shrink < f->size ? (uint32_t)shrink : f->size;

		shrink -= (int32_t)cut;
		x->frags_size -= cut;
		f->size -= cut;
		if (f->size)
			break;
		free(f->page);
		f->page = NULL;
		x->nr_frags--;
	}
	if (!x->nr_frags) {
		x->has_frags = false;
		x->ctx.data_end -= (int64_t)shrink;
	}
	return 0;
}

HELPER(xdp_adjust_tail)
{
	struct vm_xdp *x = xdp_of(run, r1, "bpf_xdp_adjust_tail");
	int32_t off = (int32_t)r2;
	uint64_t hard_end, end;

	if (!x)
		return 0;
	if (x->has_frags)
		return RET(off < 0 ? frags_shrink(x, (int32_t)(0U - (uint32_t)off)) :
				     frags_grow(x, off));
	hard_end = U(x->frame) + x->frame_sz - VM_SKB_SHINFO_SIZE;
	end = x->ctx.data_end + (int64_t)off;
	if (end > hard_end || end < x->ctx.data + VM_ETH_HLEN)
		return RET(-EINVAL);
	if (off > 0)
		memset(xp(x->ctx.data_end), 0, (size_t)off);
	x->ctx.data_end = end;
	return 0;
}

HELPER(xdp_adjust_meta)
{
	struct vm_xdp *x = xdp_of(run, r1, "bpf_xdp_adjust_meta");
	int32_t off = (int32_t)r2;
	uint64_t meta, metalen;

	if (!x)
		return 0;
	meta = x->ctx.data_meta + (int64_t)off;
	if (meta < U(x->frame) + VM_XDP_FRAME_HDR || meta > x->ctx.data)
		return RET(-EINVAL);
	metalen = x->ctx.data - meta;
	if ((metalen & 3) || metalen > 255)
		return RET(-EACCES);
	x->ctx.data_meta = meta;
	return 0;
}

uint32_t vm_xdp_buff_len(const struct vm_xdp *x)
{
	uint32_t len = (uint32_t)(x->ctx.data_end - x->ctx.data);

	return x->has_frags ? len + x->frags_size : len;
}

void vm_xdp_fini(struct vm_xdp *x)
{
	for (uint32_t i = 0; i < x->nr_frags; i++)
		free(x->frags[i].page);
	x->nr_frags = 0;
	free(x->frame);
	x->frame = NULL;
}

HELPER(xdp_get_buff_len)
{
	struct vm_xdp *x = xdp_of(run, r1, "bpf_xdp_get_buff_len");

	return x ? vm_xdp_buff_len(x) : 0;
}

/* bpf_xdp_pointer()'s checks: offsets and lengths are 16-bit, the range inside the frame */
static long xdp_range(const struct vm_xdp *x, uint32_t off, uint32_t len)
{
	if (off > 0xffff || len > 0xffff)
		return -EFAULT;
	if (off + len > vm_xdp_buff_len(x))
		return -EINVAL;
	return 0;
}

/*
 * bpf_xdp_copy_buf(): copy @len bytes at frame offset @off to @buf (or from it when @store),
 * through the linear part and then each fragment, a range spanning several of them in pieces.
 * xdp_range() has checked the range.
 */
static void xdp_copy(struct vm_xdp *x, uint32_t off, uint8_t *buf, uint32_t len, bool store)
{
	uint8_t *seg = xp(x->ctx.data);
	uint32_t seg_len = (uint32_t)(x->ctx.data_end - x->ctx.data), i = 0;

	for (;;) {
		if (off < seg_len) {
			uint32_t n = len < seg_len - off ? len : seg_len - off;

			memmove(store ? seg + off : buf, store ? buf : seg + off, n);
			buf += n;
			len -= n;
			off = seg_len;
		}
		if (!len || !x->has_frags || i == x->nr_frags)
			return;
		off -= seg_len;
		seg = x->frags[i].page;
		seg_len = x->frags[i++].size;
	}
}

HELPER(xdp_load_bytes)
{
	struct vm_xdp *x = xdp_of(run, r1, "bpf_xdp_load_bytes");
	long err;

	if (!x || !vm_helper_mem_ok(run, "bpf_xdp_load_bytes", "buf", r3, (uint32_t)r4, true))
		return 0;
	err = xdp_range(x, (uint32_t)r2, (uint32_t)r4);
	if (err)
		return RET(err);
	xdp_copy(x, (uint32_t)r2, P(r3), (uint32_t)r4, false);
	return 0;
}

HELPER(xdp_store_bytes)
{
	struct vm_xdp *x = xdp_of(run, r1, "bpf_xdp_store_bytes");
	long err;

	if (!x || !vm_helper_mem_ok(run, "bpf_xdp_store_bytes", "buf", r3, (uint32_t)r4, false))
		return 0;
	err = xdp_range(x, (uint32_t)r2, (uint32_t)r4);
	if (err)
		return RET(err);
	xdp_copy(x, (uint32_t)r2, P(r3), (uint32_t)r4, true);
	return 0;
}

#define D(name)                             \
	{                                   \
		VM_FUNC_##name, h_##name, 0 \
	}

static const struct vm_helper_desc descs[] = {
	D(skb_load_bytes),   D(skb_load_bytes_relative),
	D(skb_store_bytes),  D(l3_csum_replace),
	D(l4_csum_replace),  D(csum_diff),
	D(csum_update),	     D(csum_level),
	D(skb_pull_data),    D(skb_change_tail),
	D(skb_change_head),  D(get_hash_recalc),
	D(set_hash_invalid), D(set_hash),
	D(skb_change_type),  D(get_socket_uid),
	D(get_route_realm),  D(redirect),
	D(xdp_adjust_head),  D(xdp_adjust_tail),
	D(xdp_adjust_meta),  D(xdp_get_buff_len),
	D(xdp_load_bytes),   D(xdp_store_bytes),
};

const struct vm_helper_group vm_helpers_skb = { "skb", descs, ARRAY_SIZE(descs) };
