/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_store_data.h - the store's state (see tui_store.h), shared by the file
 * index and readers (tui_store.c) and the live ring (tui_ring.c).  Types and
 * inline accessors only: both can include it without depending on each
 * other. */
#ifndef TUI_STORE_DATA_H
#define TUI_STORE_DATA_H

#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ps_pcapfile.h"
#include "tui_rec.h"
#include "tui_thread.h"
#include "tui_vec.h"

#define TUI_FRAME_MAX 262144u /* bytes of a frame the TUI reads (larger frames are clipped) */

enum tui_state {
	TUI_ST_LOADING = 0, /* more packets may come */
	TUI_ST_DONE,        /* the whole file is indexed / the capture ended */
	TUI_ST_STOPPED,     /* ended early: st->msg says why (corrupt or truncated file) */
};

struct tui_store {
	struct ps_pcapfile *pf; /* file mode: the reader (its thread: the indexer) */
	int fd;                 /* file mode: pf's file (pf owns it); live: the spill file */
	int dlt;                /* link type of the first interface / the live capture */
	struct tui_vec index;
	_Atomic int state;   /* enum tui_state */
	char msg[256];       /* set before state becomes TUI_ST_STOPPED */
	char name[128];      /* file base name or interface, for the status bar */
	bool live;
	struct tui_wake *wake; /* signalled when packets are published (borrowed) */
	/* file mode */
	pthread_t th;
	bool th_started;
	_Atomic bool cancel;
	uint64_t file_size;
	_Atomic uint64_t walked; /* bytes of the file indexed so far */
	/* live mode: logical stream bytes [ring_lo, ring_hi) are in the ring,
	 * [0, ring_lo) in the spill file at offset 24 + x */
	const char *linktype_name; /* of dlt */
	bool nano;
	pthread_mutex_t lock;
	uint8_t *ring;
	size_t ring_size;
	uint64_t ring_lo, ring_hi;
	bool spill_failed;
	uint64_t wire_bytes; /* sum of the packets' lengths on the wire */
};

static inline uint64_t tui_store_count(const struct tui_store *st)
{
	return tui_vec_count(&st->index);
}

static inline int tui_store_state(const struct tui_store *st)
{
	return atomic_load(&((struct tui_store *)st)->state);
}

#endif
