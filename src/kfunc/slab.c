// SPDX-License-Identifier: BSD-2-Clause
/*
 * kfunc/slab.c: size classes for the objects programs allocate with bpf_obj_new.
 *
 * Why not malloc: a tree of a million nodes is walked in key order, which is random in
 * memory. With malloc each node sits in a 4 KiB page of the heap and its 16-byte chunk header
 * shifts it across cache lines, so every step of a walk costs a TLB miss and often two cache
 * misses, and free() of a million scattered chunks consolidates and unlinks. Here blocks of one
 * class are carved from 2 MiB regions advised as transparent huge pages, and a 64-byte class
 * keeps each block inside one cache line.
 *
 *   region (2 MiB, aligned):  [ struct region | free bitmap | block | block | ... | tail ]
 *
 * Each region keeps a bitmap of its freed blocks and a count of blocks in use; a block finds
 * its region by masking its address. Freeing sets a bit and never touches the block itself, so
 * giving back a batch of a million scattered nodes does not fetch them into the cache again.
 * A region whose last block comes back is reset to an untouched state,
 * so after a tree is drained the next fill is carved in address order again: nodes inserted
 * close in time sit close in memory, which is what makes the upper levels of a large tree
 * cache-friendly (a free list that hands back blocks in the order a drain freed them, scattered
 * over every region, makes the next fill of a million nodes about three times slower).
 * Allocation takes from the class's current region (fresh tail first, then its bitmap),
 * then from a region with free blocks, then from an empty one, then maps a new one. One mutex
 * per class protects all of it; release() in alloc.c frees a whole batch under one lock.
 * Memory is kept for reuse, never unmapped, as the kernel's BPF allocator caches keep theirs.
 * Under AddressSanitizer blocks not in use are poisoned, so a use after free is reported.
 */
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "kfunc/slab.h"
#include "common/err.h"
#include "common/list.h"

#if defined(__SANITIZE_ADDRESS__)
#define SLAB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SLAB_ASAN 1
#endif
#endif
#ifdef SLAB_ASAN
#include <sanitizer/asan_interface.h>
#define poison(p, n) ASAN_POISON_MEMORY_REGION(p, n)
#define unpoison(p, n) ASAN_UNPOISON_MEMORY_REGION(p, n)
#else
#define poison(p, n) ((void)(p), (void)(n))
#define unpoison(p, n) ((void)(p), (void)(n))
#endif

#define REGION_SIZE (2UL << 20)

/* Multiples of 16 (alignment); 64 and 128 keep small blocks inside whole cache lines. */
static const uint32_t class_size[] = { 16, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768, 1024 };
#define NR_CLASSES ARRAY_SIZE(class_size)

struct region {
	struct hive_list link; /* in its class's partial or empty list; self-linked otherwise */
	char *bump, *start, *end; /* [bump, end): never handed out since the last reset */
	uint32_t size; /* of a block */
	uint32_t used; /* blocks handed out and not yet freed */
	uint32_t nr_free; /* bits set in free[] */
	uint32_t hint; /* free[] words below this one are zero */
	uint32_t nr_words; /* of free[] */
	uint8_t cls;
	uint64_t free[]; /* bit i: block i is free (handed out and given back) */
};

struct slab_class {
	pthread_mutex_t lock;
	struct region *cur; /* where allocation happens; in no list */
	struct hive_list partial; /* regions with free blocks */
	struct hive_list empty; /* regions with no block in use, reset */
};

static struct slab_class classes[NR_CLASSES];
static pthread_once_t init_once = PTHREAD_ONCE_INIT;
static uint64_t mapped; /* bytes of regions, updated atomically */

static void init(void)
{
	for (size_t i = 0; i < NR_CLASSES; i++) {
		pthread_mutex_init(&classes[i].lock, NULL);
		hive_list_init(&classes[i].partial);
		hive_list_init(&classes[i].empty);
	}
}

static int class_of(uint64_t bytes)
{
	for (size_t i = 0; i < NR_CLASSES; i++)
		if (bytes <= class_size[i])
			return (int)i;
	return -1;
}

static void reset(struct region *r)
{
	memset(r->free, 0, r->nr_words * sizeof(r->free[0]));
	r->bump = r->start;
	r->used = r->nr_free = r->hint = 0;
	poison(r->start, (size_t)(r->end - r->start));
}

/* A 2 MiB-aligned region, so that the kernel can back it with one huge page. */
static struct region *map_region(int c)
{
	uint32_t size = class_size[c], words = (uint32_t)(REGION_SIZE / size + 63) / 64;
	size_t len = 2 * REGION_SIZE;
	size_t hdr = hive_round_up(sizeof(struct region) + words * sizeof(uint64_t), size);
	char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	uintptr_t start, end;
	struct region *r;

	if (p == MAP_FAILED)
		return NULL;
	start = hive_round_up((uintptr_t)p, REGION_SIZE);
	end = start + REGION_SIZE;
	if (start > (uintptr_t)p)
		munmap(p, start - (uintptr_t)p);
	if ((uintptr_t)p + len > end)
		munmap((void *)end, (uintptr_t)p + len - end);
	(void)madvise((void *)start, REGION_SIZE, MADV_HUGEPAGE); /* a hint: fine if refused */
	__atomic_fetch_add(&mapped, REGION_SIZE, __ATOMIC_RELAXED);
	r = (struct region *)start;
	hive_list_init(&r->link);
	r->cls = (uint8_t)c;
	r->size = size;
	r->nr_words = words;
	r->start = (char *)start + hdr;
	r->end = r->start + (REGION_SIZE - hdr) / size * size;
	reset(r);
	return r;
}

static bool exhausted(const struct region *r, uint32_t size)
{
	return !r->nr_free && r->bump + size > r->end;
}

/* A freed block of @r (nr_free > 0): the lowest set bit from the hint on. */
static void *take_free(struct region *r)
{
	uint32_t w = r->hint;
	int bit;

	while (!r->free[w])
		w++;
	bit = __builtin_ctzll(r->free[w]);
	r->free[w] &= r->free[w] - 1;
	r->hint = w;
	r->nr_free--;
	return r->start + ((size_t)w * 64 + (size_t)bit) * r->size;
}

/* The class's current region, replaced by one with room if it has none. Lock held. */
static struct region *current(struct slab_class *sc, int c)
{
	struct hive_list *l;
	struct region *r = sc->cur;

	if (r && !exhausted(r, class_size[c]))
		return r;
	l = !hive_list_empty(&sc->partial) ? sc->partial.next :
	    !hive_list_empty(&sc->empty)   ? sc->empty.next :
					     NULL;
	if (l) {
		r = list_entry(l, struct region, link);
		hive_list_del(&r->link);
	} else {
		r = map_region(c);
		if (!r)
			return NULL;
	}
	sc->cur = r; /* the old one is full: frees put it back on the partial list */
	return r;
}

/* ---- internal API ---- */

void *slab_alloc(uint64_t bytes, uint8_t *cls)
{
	int c = class_of(bytes);
	struct slab_class *sc;
	struct region *r;
	uint32_t size;
	void *b;

	if (c < 0) {
		*cls = SLAB_NO_CLASS;
		return calloc(1, bytes);
	}
	pthread_once(&init_once, init);
	sc = &classes[c];
	size = class_size[c];
	pthread_mutex_lock(&sc->lock);
	r = current(sc, c);
	if (!r) {
		pthread_mutex_unlock(&sc->lock);
		return NULL;
	}
	if (r->bump + size <= r->end) {
		/* untouched memory first: it comes in address order */
		b = r->bump;
		r->bump += size;
	} else {
		b = take_free(r);
	}
	r->used++;
	pthread_mutex_unlock(&sc->lock);
	unpoison(b, size);
	memset(b, 0, size);
	*cls = (uint8_t)c;
	return b;
}

/* Give a block back to its region. Lock held. */
static void put_block(struct slab_class *sc, void *b)
{
	struct region *r = (struct region *)((uintptr_t)b & ~(REGION_SIZE - 1));
	bool listed = !hive_list_empty(&r->link);
	uint32_t i = (uint32_t)(((char *)b - r->start) / r->size);

	if (--r->used == 0) {
		/* reset even the current region: its next blocks come in address order again */
		reset(r);
		if (r != sc->cur) {
			if (listed)
				hive_list_del(&r->link);
			hive_list_add(&r->link, &sc->empty);
		}
		return;
	}
	r->free[i / 64] |= 1ULL << (i % 64);
	r->nr_free++;
	if (i / 64 < r->hint)
		r->hint = i / 64;
	poison(b, r->size);
	if (r != sc->cur && !listed)
		hive_list_add_tail(&r->link, &sc->partial);
}

void slab_free_many(void *const *blocks, const uint8_t *cls, uint32_t n)
{
	for (uint32_t i = 0; i < n;) {
		uint8_t c = cls[i];
		struct slab_class *sc;

		if (c == SLAB_NO_CLASS) {
			free(blocks[i++]);
			continue;
		}
		/* one lock for the run of blocks of the same class */
		sc = &classes[c];
		pthread_mutex_lock(&sc->lock);
		for (; i < n && cls[i] == c; i++)
			put_block(sc, blocks[i]);
		pthread_mutex_unlock(&sc->lock);
	}
}

void slab_free(void *p, uint8_t cls)
{
	if (p)
		slab_free_many(&p, &cls, 1);
}

uint32_t slab_class_size(uint8_t cls)
{
	return cls < NR_CLASSES ? class_size[cls] : 0;
}

uint64_t slab_mapped_bytes(void)
{
	return __atomic_load_n(&mapped, __ATOMIC_RELAXED);
}
