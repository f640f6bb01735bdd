/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_ring.h - live mode storage (tui_ring.c): the bounded ring of pcap
 * records with its spill file.  tui_store.c opens a live store and reads
 * through these; the ring never calls back into tui_store.c. */
#ifndef TUI_RING_H
#define TUI_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tui_store_data.h"

/* Make st (allocated, its index ready) a live store for frames of link type
 * dlt: ring_bytes of memory (at least 1 MiB) and the spill file.  0 ok; -1
 * with the reason in err; tui_store_close frees what was set up either way. */
int tui_ring_open(struct tui_store *st, int dlt, uint32_t snaplen, bool nano, size_t ring_bytes,
		  char *err, size_t errlen);

/* Live mode, the writer (UI thread) only: append one frame (r: sec, frac,
 * caplen, len, direction), then publish a batch.  0 ok, -1 index full. */
int tui_store_append(struct tui_store *st, const struct tui_rec *r, const uint8_t *data);
void tui_store_publish(struct tui_store *st);
/* Live mode: no more packets will come; msg (NULL = none) says why. */
void tui_store_finish(struct tui_store *st, const char *msg);

/* Live mode read (tui_ring.c); tui_store_read dispatches to it. */
int tui_ring_read(struct tui_store *st, uint64_t i, struct tui_rec *r, uint8_t *buf,
		  uint32_t cap);

#endif
