// SPDX-License-Identifier: BSD-2-Clause
/*
 * maps/ringbuf.c: the BPF ring buffer (kernel/bpf/ringbuf.c): one producer lock, lock-free
 * consumption, records found back from their header through pg_off as in the kernel.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "maps/map_internal.h"
#include "maps/ringbuf.h"

#define PAGE_SZ 4096UL
#define RINGBUF_PGOFF 1 /* consumer_pos page */
#define RINGBUF_POS_PAGES 2 /* consumer and producer position pages */
#define RINGBUF_DATA_PGOFF (RINGBUF_PGOFF + RINGBUF_POS_PAGES)
#define RINGBUF_MAX_RECORD_SZ (UINT32_MAX / 4)

struct ringbuf_map;

/* Page 0 of the mapping; positions live on their own pages like the kernel's. */
struct rb_control {
	struct ringbuf_map *rbm;
	struct maps_lock lock;
	uint64_t mask;
	uint64_t pending_pos;
	uint64_t wakeups; /* atomic */
	hive_ringbuf_notify_fn notify;
	void *notify_ctx;
};

struct ringbuf_map {
	struct hive_map_impl map;
	char *base; /* control page */
	size_t map_len;
	uint64_t *consumer_pos;
	uint64_t *producer_pos;
	char *data;
};

static inline struct ringbuf_map *rbm_of(struct hive_map_impl *map)
{
	return container_of(map, struct ringbuf_map, map);
}

static inline struct rb_control *ctl_of(struct ringbuf_map *rbm)
{
	return (struct rb_control *)rbm->base;
}

static int rb_alloc_check(const struct hive_map_attr *attr)
{
	uint32_t n = attr->max_entries;

	if (attr->map_flags & ~HIVE_F_NUMA_NODE)
		return -EINVAL;
	/* (a 32-bit size is always below the kernel's data size limit of 2^24 pages) */
	if (attr->key_size || attr->value_size || !n || (n & (n - 1)) || (n % PAGE_SZ))
		return -EINVAL;
	return 0;
}

/* Header pages, then the data twice from one memfd, in one reserved range. */
static int rb_map_memory(struct ringbuf_map *rbm, uint64_t data_sz)
{
	size_t hdr = RINGBUF_DATA_PGOFF * PAGE_SZ;
	char *base, *p;
	int fd;

	rbm->map_len = hdr + 2 * data_sz;
	base = mmap(NULL, rbm->map_len, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (base == MAP_FAILED)
		return -ENOMEM;
	rbm->base = base;
	fd = memfd_create("bpfhive-ringbuf", MFD_CLOEXEC);
	if (fd < 0 || ftruncate(fd, (off_t)data_sz))
		goto err;
	p = mmap(base, hdr, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (p == MAP_FAILED)
		goto err;
	for (int i = 0; i < 2; i++) {
		p = mmap(base + hdr + i * data_sz, data_sz, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED, fd, 0);
		if (p == MAP_FAILED)
			goto err;
	}
	close(fd);
	rbm->consumer_pos = (uint64_t *)(base + RINGBUF_PGOFF * PAGE_SZ);
	rbm->producer_pos = (uint64_t *)(base + (RINGBUF_PGOFF + 1) * PAGE_SZ);
	rbm->data = base + hdr;
	return 0;
err:
	if (fd >= 0)
		close(fd);
	munmap(base, rbm->map_len);
	rbm->base = NULL;
	return -ENOMEM;
}

static struct hive_map_impl *rb_alloc(const struct hive_map_attr *attr)
{
	struct ringbuf_map *rbm = calloc(1, sizeof(*rbm));
	int err;

	if (!rbm)
		return ERR_PTR(-ENOMEM);
	err = maps_init_from_attr(&rbm->map, attr, &ringbuf_map_ops);
	if (err)
		goto err_free;
	err = rb_map_memory(rbm, attr->max_entries);
	if (err)
		goto err_common;
	ctl_of(rbm)->rbm = rbm;
	ctl_of(rbm)->mask = attr->max_entries - 1;
	return &rbm->map;
err_common:
	maps_release_common(&rbm->map);
err_free:
	free(rbm);
	return ERR_PTR(err);
}

static void rb_free(struct hive_map_impl *map)
{
	struct ringbuf_map *rbm = rbm_of(map);

	munmap(rbm->base, rbm->map_len);
	maps_release_common(map);
	free(rbm);
}

static inline uint32_t rec_len(uint32_t hdr_len)
{
	return ((hdr_len & ~HIVE_RINGBUF_DISCARD_BIT) + HIVE_RINGBUF_HDR_SZ + 7) & ~7U;
}

static void *rb_reserve(struct ringbuf_map *rbm, uint64_t size)
{
	struct rb_control *ctl = ctl_of(rbm);
	uint64_t len, cons_pos, prod_pos, pend_pos, new_prod_pos;
	uint32_t *hdr;

	if (size > RINGBUF_MAX_RECORD_SZ)
		return NULL;
	len = (size + HIVE_RINGBUF_HDR_SZ + 7) & ~7ULL;
	if (len > ctl->mask + 1)
		return NULL;
	cons_pos = __atomic_load_n(rbm->consumer_pos, __ATOMIC_ACQUIRE);
	maps_lock(&ctl->lock);
	pend_pos = ctl->pending_pos;
	prod_pos = *rbm->producer_pos;
	new_prod_pos = prod_pos + len;
	/* skip committed records: pending_pos is the oldest still busy */
	while (pend_pos < prod_pos) {
		uint32_t *h = (uint32_t *)(rbm->data + (pend_pos & ctl->mask));
		uint32_t hdr_len = __atomic_load_n(h, __ATOMIC_ACQUIRE);

		if (hdr_len & HIVE_RINGBUF_BUSY_BIT)
			break;
		pend_pos += rec_len(hdr_len);
	}
	ctl->pending_pos = pend_pos;
	if (new_prod_pos - cons_pos > ctl->mask || new_prod_pos - pend_pos > ctl->mask) {
		maps_unlock(&ctl->lock);
		return NULL;
	}
	hdr = (uint32_t *)(rbm->data + (prod_pos & ctl->mask));
	hdr[0] = (uint32_t)size | HIVE_RINGBUF_BUSY_BIT;
	hdr[1] = (uint32_t)(((char *)hdr - rbm->base) / PAGE_SZ);
	__atomic_store_n(rbm->producer_pos, new_prod_pos, __ATOMIC_RELEASE);
	maps_unlock(&ctl->lock);
	return (char *)hdr + HIVE_RINGBUF_HDR_SZ;
}

void *ringbuf_reserve(struct hive_map_impl *map, uint64_t size, uint64_t flags)
{
	if (flags)
		return NULL;
	return rb_reserve(rbm_of(map), size);
}

static void notify(struct rb_control *ctl)
{
	__atomic_fetch_add(&ctl->wakeups, 1, __ATOMIC_RELAXED);
	if (ctl->notify)
		ctl->notify(ctl->notify_ctx);
}

static void rb_commit(void *sample, uint64_t flags, bool discard)
{
	uint32_t *hdr = (uint32_t *)((char *)sample - HIVE_RINGBUF_HDR_SZ);
	uintptr_t page = (uintptr_t)hdr & ~(PAGE_SZ - 1);
	struct rb_control *ctl = (struct rb_control *)(page - (uintptr_t)hdr[1] * PAGE_SZ);
	struct ringbuf_map *rbm = ctl->rbm;
	uint32_t new_len = hdr[0] ^ HIVE_RINGBUF_BUSY_BIT;
	uint64_t rec_pos, cons_pos;

	if (discard)
		new_len |= HIVE_RINGBUF_DISCARD_BIT;
	__atomic_exchange_n(&hdr[0], new_len, __ATOMIC_SEQ_CST);
	/* wake a consumer that waits for exactly this record, or when forced */
	rec_pos = (char *)hdr - rbm->data;
	cons_pos = __atomic_load_n(rbm->consumer_pos, __ATOMIC_ACQUIRE) & ctl->mask;
	if (flags & HIVE_RB_FORCE_WAKEUP)
		notify(ctl);
	else if (cons_pos == rec_pos && !(flags & HIVE_RB_NO_WAKEUP))
		notify(ctl);
}

void ringbuf_submit(void *sample, uint64_t flags)
{
	rb_commit(sample, flags, false);
}

void ringbuf_discard(void *sample, uint64_t flags)
{
	rb_commit(sample, flags, true);
}

long ringbuf_output(struct hive_map_impl *map, const void *data, uint64_t size, uint64_t flags)
{
	void *rec;

	if (flags & ~(HIVE_RB_NO_WAKEUP | HIVE_RB_FORCE_WAKEUP))
		return -EINVAL;
	rec = rb_reserve(rbm_of(map), size);
	if (!rec)
		return -EAGAIN;
	memcpy(rec, data, size);
	rb_commit(rec, flags, false);
	return 0;
}

uint64_t ringbuf_avail(struct hive_map_impl *map)
{
	struct ringbuf_map *rbm = rbm_of(map);

	return __atomic_load_n(rbm->producer_pos, __ATOMIC_ACQUIRE) -
	       __atomic_load_n(rbm->consumer_pos, __ATOMIC_ACQUIRE);
}

uint64_t ringbuf_query(struct hive_map_impl *map, uint64_t flags)
{
	struct ringbuf_map *rbm = rbm_of(map);

	switch (flags) {
	case HIVE_RB_AVAIL_DATA:
		return ringbuf_avail(map);
	case HIVE_RB_RING_SIZE:
		return ctl_of(rbm)->mask + 1;
	case HIVE_RB_CONS_POS:
		return __atomic_load_n(rbm->consumer_pos, __ATOMIC_ACQUIRE);
	case HIVE_RB_PROD_POS:
		return __atomic_load_n(rbm->producer_pos, __ATOMIC_ACQUIRE);
	default:
		return 0;
	}
}

int ringbuf_consume(struct hive_map_impl *map, hive_ringbuf_sample_fn fn, void *ctx)
{
	struct ringbuf_map *rbm = rbm_of(map);
	uint64_t mask = ctl_of(rbm)->mask, cons_pos, prod_pos;
	int cnt = 0, err;
	bool progress;

	if (map->map_type != HIVE_MAP_TYPE_RINGBUF)
		return -EINVAL;
	cons_pos = __atomic_load_n(rbm->consumer_pos, __ATOMIC_ACQUIRE);
	do {
		progress = false;
		prod_pos = __atomic_load_n(rbm->producer_pos, __ATOMIC_ACQUIRE);
		while (cons_pos < prod_pos) {
			uint32_t *hdr = (uint32_t *)(rbm->data + (cons_pos & mask));
			uint32_t len = __atomic_load_n(hdr, __ATOMIC_ACQUIRE);

			if (len & HIVE_RINGBUF_BUSY_BIT)
				return cnt; /* the oldest record is still being written */
			progress = true;
			cons_pos += rec_len(len);
			if (!(len & HIVE_RINGBUF_DISCARD_BIT)) {
				err = fn(ctx, hdr + 2, len & ~HIVE_RINGBUF_DISCARD_BIT);
				if (err < 0) {
					__atomic_store_n(rbm->consumer_pos, cons_pos,
							 __ATOMIC_RELEASE);
					return err;
				}
				cnt++;
			}
			__atomic_store_n(rbm->consumer_pos, cons_pos, __ATOMIC_RELEASE);
		}
	} while (progress);
	return cnt;
}

void ringbuf_set_notify(struct hive_map_impl *map, hive_ringbuf_notify_fn fn, void *ctx)
{
	struct rb_control *ctl = ctl_of(rbm_of(map));

	ctl->notify_ctx = ctx;
	ctl->notify = fn;
}

uint64_t ringbuf_wakeups(struct hive_map_impl *map)
{
	return __atomic_load_n(&ctl_of(rbm_of(map))->wakeups, __ATOMIC_RELAXED);
}

int ringbuf_layout(struct hive_map_impl *map, struct hive_ringbuf_layout *layout)
{
	struct ringbuf_map *rbm;

	if (map->map_type != HIVE_MAP_TYPE_RINGBUF)
		return -EINVAL;
	rbm = rbm_of(map);
	layout->consumer_pos = rbm->consumer_pos;
	layout->producer_pos = rbm->producer_pos;
	layout->data = rbm->data;
	layout->size = ctl_of(rbm)->mask + 1;
	return 0;
}

static void *rb_lookup(struct hive_map_impl *map, const void *key)
{
	return NULL;
}

static long rb_update(struct hive_map_impl *map, const void *key, const void *value, uint64_t flags)
{
	return -HIVE_ENOTSUPP;
}

static long rb_delete(struct hive_map_impl *map, const void *key)
{
	return -HIVE_ENOTSUPP;
}

const struct hive_map_ops ringbuf_map_ops = {
	.alloc_check = rb_alloc_check,
	.alloc = rb_alloc,
	.free = rb_free,
	.lookup = rb_lookup,
	.update = rb_update,
	.delete = rb_delete,
};
