// SPDX-License-Identifier: BSD-2-Clause
/*
 * backend/ringbuf_api.c: hive_ring_buffer__*(), libbpf's ring_buffer consumer for the user
 * backend's BPF_MAP_TYPE_RINGBUF maps. Records are consumed in order with the kernel's record
 * format rules (busy records stop consumption, discarded ones are skipped) by maps/ringbuf.c;
 * wakeups (what the kernel signals through epoll) write an eventfd, which poll() waits on and
 * hive_ring_buffer__epoll_fd() exposes. Each ring buffer holds a reference to its maps, so
 * closing the object first is harmless.
 */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include "backend/backend.h"
#include "bpfhive/run.h"
#include "common/err.h"
#include "common/mem.h"

struct rb_ring {
	struct hive_map_impl *impl; /* one reference */
	hive_ring_buffer_sample_fn fn;
	void *ctx;
};

struct hive_ring_buffer {
	struct rb_ring *rings;
	size_t cnt, cap;
	int efd;
};

static void notify(void *ctx)
{
	struct hive_ring_buffer *rb = ctx;
	uint64_t one = 1;

	/* the counter saturating (EAGAIN) still leaves the fd readable */
	if (write(rb->efd, &one, sizeof(one)) < 0)
		return;
}

HIVE_API int hive_ring_buffer__add(struct hive_ring_buffer *rb, const struct hive_map *map,
				   hive_ring_buffer_sample_fn sample_cb, void *ctx)
{
	struct be_map *bm = be_map_of(map);
	struct rb_ring *r;

	if (!rb || !sample_cb || !bm || bm->type != HIVE_MAP_TYPE_RINGBUF)
		return hive_err(-EINVAL);
	if (hive_ensure_mem((void **)&rb->rings, &rb->cap, sizeof(*rb->rings), rb->cnt + 1))
		return hive_err(-ENOMEM);
	r = &rb->rings[rb->cnt++];
	r->impl = be_maps_get(bm->impl);
	r->fn = sample_cb;
	r->ctx = ctx;
	be_maps_ringbuf_notify(r->impl, notify, rb);
	return 0;
}

HIVE_API struct hive_ring_buffer *hive_ring_buffer__new(const struct hive_map *map,
							hive_ring_buffer_sample_fn sample_cb,
							void *ctx,
							const struct hive_ring_buffer_opts *opts)
{
	struct hive_ring_buffer *rb;
	int err;

	if (opts && opts->sz < sizeof(size_t))
		return hive_ptr(ERR_PTR(-EINVAL));
	rb = calloc(1, sizeof(*rb));
	if (!rb)
		return hive_ptr(ERR_PTR(-ENOMEM));
	rb->efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (rb->efd < 0) {
		err = -errno;
		free(rb);
		return hive_ptr(ERR_PTR(err));
	}
	err = hive_ring_buffer__add(rb, map, sample_cb, ctx);
	if (err) {
		hive_ring_buffer__free(rb);
		return hive_ptr(ERR_PTR(err));
	}
	return rb;
}

HIVE_API int hive_ring_buffer__consume(struct hive_ring_buffer *rb)
{
	int64_t total = 0;

	if (!rb)
		return hive_err(-EINVAL);
	for (size_t i = 0; i < rb->cnt; i++) {
		struct rb_ring *r = &rb->rings[i];
		int n = be_maps_ringbuf_consume(r->impl, (be_ringbuf_fn)r->fn, r->ctx);

		if (n < 0)
			return hive_err(n);
		total += n;
	}
	return total > INT_MAX ? INT_MAX : (int)total;
}

static bool any_data(const struct hive_ring_buffer *rb)
{
	for (size_t i = 0; i < rb->cnt; i++)
		if (be_maps_ringbuf_avail(rb->rings[i].impl))
			return true;
	return false;
}

HIVE_API int hive_ring_buffer__poll(struct hive_ring_buffer *rb, int timeout_ms)
{
	struct pollfd pfd;
	uint64_t cnt;

	if (!rb)
		return hive_err(-EINVAL);
	if (!any_data(rb)) {
		pfd.fd = rb->efd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, timeout_ms) < 0)
			return hive_err(-errno);
	}
	if (read(rb->efd, &cnt, sizeof(cnt)) < 0 && errno != EAGAIN)
		return hive_err(-errno);
	return hive_ring_buffer__consume(rb);
}

HIVE_API int hive_ring_buffer__epoll_fd(const struct hive_ring_buffer *rb)
{
	return rb ? rb->efd : hive_err(-EINVAL);
}

HIVE_API void hive_ring_buffer__free(struct hive_ring_buffer *rb)
{
	if (!rb)
		return;
	for (size_t i = 0; i < rb->cnt; i++) {
		be_maps_ringbuf_notify(rb->rings[i].impl, NULL, NULL);
		be_maps_put(rb->rings[i].impl);
	}
	free(rb->rings);
	if (rb->efd >= 0)
		close(rb->efd);
	free(rb);
}
