/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_dns_stream.h - DNS over one direction of a reassembled TCP stream
 * (RFC 1035 4.2.2, RFC 7766 8: each message behind a 2-byte length; a
 * segment may hold several messages, a message may span several segments).
 *
 * The flow table (src/flow/flow_app.c) feeds a direction's bytes in order,
 * once.  Every message is decoded once, on the frame whose bytes complete
 * it, as tshark reports it; when several complete in one frame the DNS
 * layer describes the first (SCHEMA.md), the others are counted
 * (`same-frame`).
 *
 * Where the message is read from: the per-segment decoder already read a
 * message that starts at the segment's first byte and completes there (its
 * layer is kept as it is); a message whose bytes all lie in this frame is
 * decoded in place; a message that began in an earlier segment is
 * collected in a per-stream buffer and, when complete, appended after the
 * frame's bytes (struct ps_dns_xbuf, p->data / p->data_len as IP
 * defragmentation does), so that the layer's frame-absolute offsets (names
 * are walked again from p->data at output time) stay valid for every
 * renderer during the dispatch.
 *
 * A per-segment layer of a frame in which no message completes is hidden
 * (no JSON object, no display-filter fields; its text stays tcpdump's,
 * which reads each segment alone).  Text of a layer decoded from the
 * stream is what tcpdump prints for the segment (ps_dns.stream).
 *
 * Memory: one message buffer per stream (at most 2 + 65535 bytes, the
 * largest message), all streams at most `limit`; a message that does not
 * fit is counted through and gives no object (event dns.stream_cap).
 */
#ifndef DIS_DNS_STREAM_H
#define DIS_DNS_STREAM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dis_stream_buf.h"
#include "ps_packet.h"

struct ps_dns_sbudget {
	size_t limit;         /* bytes buffered by every stream together */
	size_t used, peak;
	uint64_t messages;    /* messages completed */
	uint64_t dropped_mem; /* messages not decoded: over limit (or no memory) */
	uint64_t same_frame;  /* later messages completed in a frame that has one */
	uint64_t bad_len;     /* length prefixes under 12 (a DNS header): desync */
	uint64_t evicted;     /* partial messages released when their flow ended */
	uint64_t desyncs;     /* streams that lost the message boundary */
	uint64_t syncs;       /* streams that found a message boundary */
};

#define PS_DNS_STREAM_DEFAULT_MEM (16u << 20)

void ps_dns_sbudget_init(struct ps_dns_sbudget *b, size_t limit);

struct ps_dns_stream {
	/* r.nhdr: length-prefix bytes collected, r.left: message bytes still
	 * to come, r.m: prefix and message so far (a message spanning pieces) */
	struct ps_srec r;
	bool over;      /* the current message did not fit: counted through */
	uint8_t hdr[2];
};

/* The frame's bytes followed by one reassembled message: owned by the
 * caller, reused for every frame (grows to the largest frame + 65537). */
struct ps_dns_xbuf {
	uint8_t *b;
	size_t cap;
};

/* Where a frame's message goes. */
struct ps_dns_sframe {
	struct ps_packet *p;
	int tcp_li;
	int li;               /* the frame's DNS layer, -1: none yet */
	bool own;             /* li is the per-segment decoder's layer */
	bool done;            /* a message completed in this frame */
	const uint8_t *frame; /* p->data as dissected (before any append) */
	uint32_t nbytes;      /* ... its bytes */
	uint32_t seg_off;     /* the TCP payload's frame offset */
	uint32_t seg_len;     /* ... its length (the TCP layer's, as tcpdump reads it) */
	struct ps_dns_xbuf *x;
};

/* Start at a message boundary now. */
void ps_dns_stream_sync(struct ps_dns_stream *s, struct ps_dns_sbudget *b);
/* Bytes of the direction, in order; messages completed go on fr. */
void ps_dns_stream_feed(struct ps_dns_stream *s, struct ps_dns_sbudget *b,
			struct ps_dns_sframe *fr, const uint8_t *data, uint32_t len);
/* A gap: the boundary is lost until the next sync. */
void ps_dns_stream_gap(struct ps_dns_stream *s, struct ps_dns_sbudget *b);
/* Release the buffer (the flow ended); a partial message counts as evicted. */
void ps_dns_stream_free(struct ps_dns_stream *s, struct ps_dns_sbudget *b);

/* Decode the message whose 2-byte length prefix is at frame offset off
 * (n bytes with the prefix, all within ps_packet_bytes(p)) into DNS layer
 * li, which follows the TCP layer (dis_dns.c). */
void ps_dns_decode_stream(struct ps_packet *p, unsigned li, uint32_t off, uint32_t n);

#endif
