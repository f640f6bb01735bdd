/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_http_stream.h - HTTP/1.x over one direction of a reassembled TCP stream.
 *
 * The flow table (src/flow/flow_app.c) feeds a direction's bytes in order,
 * once.  Per message the header block (start line to the empty line) is
 * collected; the frame whose bytes complete it gets the http layer, as
 * tshark reports it (http.desegment_body off).  The body is counted
 * through by Content-Length or chunked framing, never buffered, so the
 * next pipelined message is found where it starts.
 *
 * When the whole block lies in the frame that starts it at its first
 * payload byte, the per-segment layer already holds it and is kept.
 * Otherwise the block is copied into the record's side area and decoded
 * there (struct ps_http.side): the layer holds no pointer into the stream.
 * A per-segment layer of a frame in which the stream delivers bytes but
 * which completes no message is hidden (no JSON object; its text stays
 * tcpdump's, which has no reassembly).
 *
 * Memory: one header block per stream, at most `stream_cap` bytes (16 KiB,
 * as typical servers limit it), all streams at most `limit`; a block that
 * does not fit gives no object (counted, event http.stream_cap).
 */
#ifndef DIS_HTTP_STREAM_H
#define DIS_HTTP_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dis_stream_buf.h"
#include "ps_packet.h"

struct ps_http_sbudget {
	size_t limit;      /* bytes buffered by every stream together */
	size_t stream_cap; /* bytes of one header block */
	size_t used, peak;
	uint64_t messages;    /* header blocks completed */
	uint64_t dropped_cap; /* blocks not decoded: over stream_cap */
	uint64_t dropped_mem; /* blocks not decoded: over limit (or no memory) */
	uint64_t same_frame;  /* later messages completed in a frame that has one */
	uint64_t evicted;     /* partial blocks released when their flow ended */
	uint64_t desyncs;     /* streams that lost the message boundary */
	uint64_t syncs;       /* streams that found a message boundary */
};

#define PS_HTTP_STREAM_DEFAULT_MEM (8u << 20)
#define PS_HTTP_STREAM_DEFAULT_CAP (16u << 10)

void ps_http_sbudget_init(struct ps_http_sbudget *b, size_t limit);

enum ps_http_sstate {
	PS_HS_OFF = 0,  /* not at a known message boundary */
	PS_HS_HEAD,     /* collecting a header block */
	PS_HS_BODY,     /* Content-Length body: `left` bytes to come */
	PS_HS_CSIZE,    /* chunked: the chunk-size line */
	PS_HS_CDATA,    /* chunked: `left` data bytes */
	PS_HS_CEND,     /* chunked: the CRLF after the data */
	PS_HS_TRAILER,  /* chunked: trailer lines up to the empty one */
	PS_HS_EOF,      /* body up to the end of the connection */
};

struct ps_http_stream {
	uint8_t state;      /* enum ps_http_sstate */
	bool over;          /* the block went past a bound: not decoded */
	bool bad_size;      /* the chunk-size line is not hex */
	bool began_at_seg;  /* the block began at its frame's first payload byte */
	uint32_t began_no;  /* ... the frame (ps_http_sframe.no) it began in */
	uint32_t line;      /* bytes of the current line (without CR); in the
			     * header block only 0 (none yet) or not */
	uint64_t left;      /* body or chunk bytes still to come */
	struct ps_sbuf m;   /* the header block so far */
	uint32_t heads;     /* request direction: FIFO of "was HEAD" bits */
	uint8_t nheads;
};

/* Where a frame's message goes: the packet, its TCP layer, its HTTP layer
 * (-1: none yet), the first payload byte, and whether a message completed. */
struct ps_http_sframe {
	struct ps_packet *p;
	int tcp_li;
	int li;
	bool own;          /* li is the per-segment decoder's layer */
	bool done;         /* a message completed in this frame */
	const uint8_t *seg;
	uint32_t no;       /* frame sequence number (the table's) */
};

/* May the n bytes at b begin a start line (a method and its space, or
 * "HTTP/1.", or a prefix of either)?  (dis_http.c: its method table) */
bool ps_http_start_prefix(const uint8_t *b, uint32_t n);

/* Start at a message boundary now (the per-segment decoder read a request
 * or status line where this frame's bytes begin). */
void ps_http_stream_sync(struct ps_http_stream *s, struct ps_http_sbudget *b);
/* Bytes of the direction, in order; `peer` is the other direction (the
 * requests a response answers: no body after HEAD). */
void ps_http_stream_feed(struct ps_http_stream *s, struct ps_http_stream *peer,
			 struct ps_http_sbudget *b, struct ps_http_sframe *fr,
			 const uint8_t *data, uint32_t len);
/* A gap: the boundary is lost until the next sync. */
void ps_http_stream_gap(struct ps_http_stream *s, struct ps_http_sbudget *b);
/* Release the buffer (the flow ended); a partial block counts as evicted. */
void ps_http_stream_free(struct ps_http_stream *s, struct ps_http_sbudget *b);

#endif
