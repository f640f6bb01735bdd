/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_tls_stream.h - TLS over one direction of a reassembled TCP stream.
 *
 * The flow table (src/flow/flow_app.c) feeds a direction's bytes, in order
 * and once, as reassembly delivers them.  A record is listed on the frame
 * whose bytes complete it, as tshark reports it: the frame's TLS layer
 * lists every record that ends in the frame, with the handshake types, the
 * first ClientHello / ServerHello and the first clear alert among them
 * (decoded by dis_tls.c's record walk over the joined bytes).
 *
 * Memory: only the fragments decode reads are copied (handshake, clear
 * alert and ChangeCipherSpec records, at most 2^14 + 2048 bytes each);
 * application data is counted through, never buffered.  A stream holds at
 * most `stream_cap` bytes, all streams of a budget at most `limit`; a
 * record that does not fit is listed but not decoded (counted, event
 * tls.stream_cap on its frame).  Byte strings of a decoded hello are copied
 * into the record's side area (PS_TLS_HELLO_SIDESTR): the layer holds no
 * pointer into the stream.
 */
#ifndef DIS_TLS_STREAM_H
#define DIS_TLS_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dis_stream_buf.h"
#include "ps_packet.h"

struct ps_tls_sbudget {
	size_t limit;      /* bytes buffered by every stream together */
	size_t stream_cap; /* bytes buffered by one stream */
	size_t used, peak;
	uint64_t records;     /* records listed */
	uint64_t dropped_cap; /* records not decoded: over stream_cap */
	uint64_t dropped_mem; /* records not decoded: over limit (or no memory) */
	uint64_t evicted;     /* partial records released when their flow ended */
	uint64_t desyncs;     /* streams that lost the record boundary (gap, bad header) */
	uint64_t syncs;       /* streams that found a record boundary */
};

#define PS_TLS_STREAM_DEFAULT_MEM (16u << 20)
#define PS_TLS_STREAM_DEFAULT_CAP (64u << 10)

void ps_tls_sbudget_init(struct ps_tls_sbudget *b, size_t limit);

struct ps_tls_stream {
	/* r.nhdr: record header bytes collected, r.left: fragment bytes of the
	 * current record still to come, r.m: the fragment so far (keep),
	 * allocated per record */
	struct ps_srec r;
	bool encrypted;   /* a ChangeCipherSpec was sent: later records are not read */
	bool keep;        /* the current record's fragment is being copied */
	bool over;        /* ... did not fit: listed without its content */
	uint8_t hdr[5];
};

/* Where the records of one frame go: the packet, the TCP layer the bytes
 * came from, and the TLS layer (-1 until one is needed: then created right
 * after the TCP layer when that is the last layer of its chain). */
struct ps_tls_sframe {
	struct ps_packet *p;
	int tcp_li;
	int li;
	bool recs_tried;
	struct ps_tls_record *recs; /* the frame's record list (side area), NULL: none */
	uint8_t *hs;      /* the frame's handshake-type list (the walk's) */
	/* for a rebuilt hello's field places (ps_tls_hello.body): bytes fed in
	 * this frame before the current piece, and where in them the record
	 * just completed ended; `held`: the bytes are a held segment's, not
	 * delivered (no place) */
	uint32_t fed, rec_end;
	bool held;
	const uint8_t *first; /* the first piece fed in this frame, and its length */
	uint32_t first_len;
};

/* Start at a record boundary now (the per-segment decoder found a record
 * header where this frame's bytes begin). */
void ps_tls_stream_sync(struct ps_tls_stream *s, struct ps_tls_sbudget *b);
/* Bytes of the direction, in order: complete records are listed on fr. */
void ps_tls_stream_feed(struct ps_tls_stream *s, struct ps_tls_sbudget *b,
			struct ps_tls_sframe *fr, const uint8_t *data, uint32_t len);
/* A gap: the record boundary is lost until the next sync. */
void ps_tls_stream_gap(struct ps_tls_stream *s, struct ps_tls_sbudget *b);
/* Release the buffer (the flow ended); a partial record counts as evicted. */
void ps_tls_stream_free(struct ps_tls_stream *s, struct ps_tls_sbudget *b);

/* Undo what the per-segment decoder wrote into TLS layer li (the stream
 * decoder speaks for this frame): the layer and its events are removed
 * when it is the frame's last layer (returns -1), else emptied (returns li). */
int ps_tls_layer_reset(struct ps_packet *p, unsigned li);

#endif
