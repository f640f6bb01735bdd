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

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tui_ring.h"
#include "tui_store_data.h"

/* Open a pcap/pcapng file and start indexing it.  0 ok; -1 with the reason
 * in err (errlen bytes). */
int tui_store_open_file(struct tui_store **out, const char *path, struct tui_wake *wake,
			char *err, size_t errlen);
/* A live store for frames of link type dlt; ring_bytes of memory. */
int tui_store_open_live(struct tui_store **out, const char *name, int dlt, uint32_t snaplen,
			bool nano, size_t ring_bytes, char *err, size_t errlen);
/* Stops the index thread, frees everything (NULL is fine). */
void tui_store_close(struct tui_store *st);

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

/* Progress of the file index in per mille (1000 when done). */
unsigned tui_store_progress(const struct tui_store *st);

#endif
