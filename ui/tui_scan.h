/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_scan.h - a background pass over the store: display filter, statistics,
 * saving.  The pass follows the store as it grows (the file is still being
 * indexed, packets are still arriving) until the store is complete, or it
 * stops at a fixed count.  The callbacks run on the scan's own thread.
 */
#ifndef TUI_SCAN_H
#define TUI_SCAN_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>

#include "tui_store.h"

/* One packet: 0 to go on, < 0 to end the scan (err set by the callback). */
typedef int (*tui_scan_fn)(void *ctx, uint64_t pkt, const struct tui_rec *r,
			   const uint8_t *data);
/* After every batch and at the end: publish results. */
typedef void (*tui_scan_batch_fn)(void *ctx);

struct tui_scan {
	/* set by the caller before tui_scan_start */
	struct tui_store *st;
	const struct tui_vec *list; /* NULL: packets 0, 1, ...; else the packet numbers listed */
	uint64_t limit;             /* UINT64_MAX: follow the store until it is complete */
	tui_scan_fn fn;
	tui_scan_batch_fn batch;    /* may be NULL */
	void *ctx;
	struct tui_wake *wake;      /* signalled after batches (may be NULL) */
	/* state */
	pthread_t th;
	bool started;
	_Atomic bool cancel, finished;
	_Atomic uint64_t pos;       /* entries examined */
	_Atomic bool failed;        /* the callback ended the scan */
};

/* 0 ok, else errno (thread creation). */
int tui_scan_start(struct tui_scan *s);
/* Cancel and join (a scan never started is fine). */
void tui_scan_stop(struct tui_scan *s);

static inline bool tui_scan_finished(const struct tui_scan *s)
{
	return atomic_load(&((struct tui_scan *)s)->finished);
}

static inline uint64_t tui_scan_pos(const struct tui_scan *s)
{
	return atomic_load(&((struct tui_scan *)s)->pos);
}

/* Per mille of the store the scan has done, for the status bar and the
 * tests' waits: 1000 once it has finished (or live, where it follows the
 * capture and never finishes), at most 999 before, even at pos == count:
 * the last batch may not be published yet.  Measured against the file walk
 * as well, since the index may still grow. */
unsigned tui_scan_progress(const struct tui_scan *s, const struct tui_store *st);

#endif
