/* SPDX-License-Identifier: BSD-2-Clause */
/*
 * maps/ringbuf.h: BPF_MAP_TYPE_RINGBUF, producer side for helpers and consumer side for the
 * user API, with the kernel's memory layout and record format:
 *
 *   page 0: control   page 1: consumer_pos   page 2: producer_pos   pages 3..: data, mapped
 *   twice in a row so that a record crossing the end of the ring is contiguous.
 *
 *   record: | len (u32: size, bit 31 busy, bit 30 discarded) | pg_off (u32) | data ... |
 *           header 8 bytes, records 8-byte aligned: a record takes round_up(size + 8, 8)
 *
 * Reservation fails (NULL) when the new record would put the producer more than
 * (size - 1) bytes ahead of the consumer or of the oldest uncommitted record, or when the
 * record is larger than the ring. Commit clears the busy bit (and sets discard) and wakes the
 * consumer if asked (BPF_RB_FORCE_WAKEUP) or if the consumer is waiting exactly on this record
 * and BPF_RB_NO_WAKEUP is not given.
 */
#ifndef __HIVE_MAPS_RINGBUF_H
#define __HIVE_MAPS_RINGBUF_H

#include <stddef.h>
#include <stdint.h>

#include "maps/map.h"

#define HIVE_RINGBUF_BUSY_BIT (1U << 31)
#define HIVE_RINGBUF_DISCARD_BIT (1U << 30)
#define HIVE_RINGBUF_HDR_SZ 8

/* wakeup flags of submit/discard/output */
#define HIVE_RB_NO_WAKEUP (1ULL << 0)
#define HIVE_RB_FORCE_WAKEUP (1ULL << 1)
/* bpf_ringbuf_query() */
#define HIVE_RB_AVAIL_DATA 0
#define HIVE_RB_RING_SIZE 1
#define HIVE_RB_CONS_POS 2
#define HIVE_RB_PROD_POS 3

/* ---- program side ---- */

/* bpf_ringbuf_reserve: NULL if @flags != 0, too big, or no room. */
void *ringbuf_reserve(struct hive_map_impl *map, uint64_t size, uint64_t flags);
/* bpf_ringbuf_submit / bpf_ringbuf_discard on a pointer from ringbuf_reserve(). */
void ringbuf_submit(void *sample, uint64_t flags);
void ringbuf_discard(void *sample, uint64_t flags);
/* bpf_ringbuf_output: 0, -EINVAL for unknown flags, -EAGAIN when there is no room. */
long ringbuf_output(struct hive_map_impl *map, const void *data, uint64_t size, uint64_t flags);
/* bpf_ringbuf_query: the value @flags asks for, 0 for an unknown request. */
uint64_t ringbuf_query(struct hive_map_impl *map, uint64_t flags);

/* ---- consumer side ---- */

/* Called for each committed record; a negative return stops consumption with that error. */
typedef int (*hive_ringbuf_sample_fn)(void *ctx, void *data, size_t size);
/* Consume every committed record in order; returns how many were passed to @fn or -errno. */
int ringbuf_consume(struct hive_map_impl *map, hive_ringbuf_sample_fn fn, void *ctx);
/* Bytes committed or reserved but not consumed. */
uint64_t ringbuf_avail(struct hive_map_impl *map);
/*
 * Wakeups: what the kernel signals through epoll. Each is counted and reported to @fn if set
 * (for example to write an eventfd the user API polls).
 */
typedef void (*hive_ringbuf_notify_fn)(void *ctx);
void ringbuf_set_notify(struct hive_map_impl *map, hive_ringbuf_notify_fn fn, void *ctx);
uint64_t ringbuf_wakeups(struct hive_map_impl *map);
/* The raw layout, for a consumer that reads like libbpf does (positions are 8-byte words). */
struct hive_ringbuf_layout {
	uint64_t *consumer_pos;
	const uint64_t *producer_pos;
	const void *data; /* followed by its second mapping */
	uint64_t size;
};
int ringbuf_layout(struct hive_map_impl *map, struct hive_ringbuf_layout *layout);

#endif /* __HIVE_MAPS_RINGBUF_H */
