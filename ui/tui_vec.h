/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_vec.h - an append-only array that one thread fills while others read.
 *
 * The packet index of a multi-million-packet file, and the list of packets a
 * display filter accepts, grow in a background thread while the UI draws
 * them.  Entries live in fixed 64 Ki-entry chunks that never move, so a
 * reader needs no lock: it reads the published count (acquire) and then any
 * entry below it.  The writer pushes entries, then publishes them (release).
 * Entries are 4 or 8 bytes (the element size is chosen at init), so the
 * index costs 8 bytes per packet and a filter list 4.
 */
#ifndef TUI_VEC_H
#define TUI_VEC_H

#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#define TUI_VEC_CHUNK_BITS 16u
#define TUI_VEC_CHUNK (1u << TUI_VEC_CHUNK_BITS)
#define TUI_VEC_DIR 16384u /* chunks: up to 2^30 entries */

struct tui_vec {
	void **dir;               /* TUI_VEC_DIR chunk pointers, set before publication */
	unsigned esize;           /* 4 or 8 */
	uint64_t wcount;          /* writer's count (pushed, maybe unpublished) */
	_Atomic uint64_t count;   /* published count */
};

/* 0 ok, -1 out of memory.  esize is 4 (uint32 entries) or 8. */
int tui_vec_init(struct tui_vec *v, unsigned esize);
void tui_vec_free(struct tui_vec *v);
/* Writer only.  0 ok, -1 out of memory or full. */
int tui_vec_push(struct tui_vec *v, uint64_t x);
/* Writer only: make every pushed entry visible to readers. */
void tui_vec_publish(struct tui_vec *v);

static inline uint64_t tui_vec_count(const struct tui_vec *v)
{
	return atomic_load_explicit(&((struct tui_vec *)v)->count, memory_order_acquire);
}

/* Entry i; i must be below a count this thread has read. */
static inline uint64_t tui_vec_get(const struct tui_vec *v, uint64_t i)
{
	const void *chunk = v->dir[i >> TUI_VEC_CHUNK_BITS];
	size_t k = (size_t)(i & (TUI_VEC_CHUNK - 1));
	if (v->esize == 4)
		return ((const uint32_t *)chunk)[k];
	return ((const uint64_t *)chunk)[k];
}

#endif
