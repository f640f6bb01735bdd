/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_stream_buf.h - what the stream decoders (DNS, TLS, HTTP over one
 * direction of a reassembled TCP stream) keep per direction in common: the
 * buffer of the unit being collected, charged to the decoder's budget, and,
 * for the length-framed protocols (a DNS message behind its 2-byte prefix, a
 * TLS record behind its 5-byte header), where the stream stands.
 *
 * The budget and its counters stay the decoder's own (struct ps_*_sbudget):
 * these helpers take pointers to its `used` and to the counter concerned.
 */
#ifndef DIS_STREAM_BUF_H
#define DIS_STREAM_BUF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A unit's bytes so far; cap bytes are charged to the budget while buf is held. */
struct ps_sbuf {
	uint8_t *buf;
	uint32_t len, cap;
};

/* Free the buffer and take its cap off *used. */
void ps_sbuf_release(struct ps_sbuf *m, size_t *used);

/* A stream of length-framed records. */
struct ps_srec {
	bool synced;   /* at a known record boundary (or inside a known record) */
	uint8_t nhdr;  /* header (length prefix) bytes collected */
	uint32_t left; /* record bytes still to come */
	struct ps_sbuf m;
};

/* A record is under way: its header begun or its bytes still to come. */
static inline bool ps_srec_mid(const struct ps_srec *r)
{
	return r->synced && (r->nhdr || r->left);
}

/* At a record boundary now: the buffer released, no header byte yet;
 * counted in *syncs. */
void ps_srec_sync(struct ps_srec *r, size_t *used, uint64_t *syncs);
/* Up to r->left of the *len bytes at *data into the record (copied when
 * its buffer is held), advancing both; true when the record is complete. */
bool ps_srec_take(struct ps_srec *r, const uint8_t **data, uint32_t *len);
/* The record was handled: release its buffer, the next header begins. */
void ps_srec_next(struct ps_srec *r, size_t *used);
/* A gap: the boundary is lost until the next sync (counted in *desyncs
 * when it was known). */
void ps_srec_gap(struct ps_srec *r, size_t *used, uint64_t *desyncs);
/* The flow ended: release (a record under way counts in *evicted). */
void ps_srec_free(struct ps_srec *r, size_t *used, uint64_t *evicted);

#endif
