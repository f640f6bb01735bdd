/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_store.h - the packets the TUI shows, readable by number.
 *
 * File mode: a background thread walks the pcap/pcapng file once with the
 * capture-file reader (src/capture/pcapfile.c, the one -r uses) and
 * publishes the position of every record (8 bytes per packet in a tui_vec);
 * the UI reads any record back with the reader's read_at while the walk
 * goes on.  Nothing but the index stays in memory.
 * Live mode: the UI thread appends captured packets to a bounded in-memory
 * ring holding pcap records; when it is full the oldest bytes are spilled to
 * an unlinked temporary pcap file, so every packet stays readable.
 *
 * Threads: one writer (index thread or UI), any number of readers (UI,
 * filter/statistics/save scans).  Reads are thread-safe.
 */
#ifndef TUI_STORE_H
#define TUI_STORE_H

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

/* Open a pcap/pcapng file and start indexing it.  0 ok; -1 with the reason
 * in err (errlen bytes). */
int tui_store_open_file(struct tui_store **out, const char *path, struct tui_wake *wake,
			char *err, size_t errlen);
/* A live store for frames of link type dlt; ring_bytes of memory. */
int tui_store_open_live(struct tui_store **out, const char *name, int dlt, uint32_t snaplen,
			bool nano, size_t ring_bytes, char *err, size_t errlen);
/* Stops the index thread, frees everything (NULL is fine). */
void tui_store_close(struct tui_store *st);

static inline uint64_t tui_store_count(const struct tui_store *st)
{
	return tui_vec_count(&st->index);
}

static inline int tui_store_state(const struct tui_store *st)
{
	return atomic_load(&((struct tui_store *)st)->state);
}

/* Packet i (below a count read before): metadata and up to cap bytes.
 * 0 ok, -1 I/O error. */
int tui_store_read(struct tui_store *st, uint64_t i, struct tui_rec *r, uint8_t *buf,
		   uint32_t cap);

/* Sequential reads for scans: a buffer of whole chunks of the file. */
struct tui_seq {
	uint8_t *buf;
	size_t cap;
	uint64_t boff; /* file offset of buf[0] */
	size_t blen;
};
int tui_seq_init(struct tui_seq *q);
void tui_seq_free(struct tui_seq *q);
/* Packet i; *data points into q->buf until the next call.  0 ok, -1 error. */
int tui_store_seq(struct tui_store *st, struct tui_seq *q, uint64_t i, struct tui_rec *r,
		  const uint8_t **data);

/* Live mode, the writer (UI thread) only: append one frame (r: sec, frac,
 * caplen, len, direction), then publish a batch.  0 ok, -1 index full. */
int tui_store_append(struct tui_store *st, const struct tui_rec *r, const uint8_t *data);
void tui_store_publish(struct tui_store *st);
/* Live mode: no more packets will come; msg (NULL = none) says why. */
void tui_store_finish(struct tui_store *st, const char *msg);

/* Live mode read (tui_ring.c); tui_store_read dispatches to it. */
int tui_ring_read(struct tui_store *st, uint64_t i, struct tui_rec *r, uint8_t *buf,
		  uint32_t cap);

/* Progress of the file index in per mille (1000 when done). */
unsigned tui_store_progress(const struct tui_store *st);

#endif
