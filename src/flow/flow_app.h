/* SPDX-License-Identifier: BSD-2-Clause */
/* flow_app.h - application decoders over a conversation's bytes: the glue
 * between the flow table and the stream decoders in dissectors/.
 *
 * The flow table calls these while it tracks a packet: once per TCP
 * packet before its bytes go to reassembly (app_tcp_packet), for every
 * piece reassembly delivers (app_tcp_bytes, NULL: a gap), once per UDP
 * datagram (app_udp), and when the flow ends (app_end).  The decoders
 * write what completes in the frame onto the packet record (a TLS record
 * that ends in this segment, a short header's QUIC DCID), so renderers
 * keep reading only the record.  One frame at a time: the frame state is
 * the table's, the stream state the flow's (struct ps_flow_app_state).
 */
#ifndef FLOW_APP_H
#define FLOW_APP_H

#include "dis_dns_stream.h"
#include "dis_http_stream.h"
#include "dis_tls_stream.h"
#include "ps_flow.h"

struct ps_flow_app {
	struct ps_tls_sbudget tls; /* every TLS stream's buffer budget and counters */
	struct ps_http_sbudget http; /* every HTTP stream's header buffers */
	struct ps_tls_sframe fr;   /* the frame being fed (app_tcp_packet) */
	struct ps_http_sframe hfr; /* ... as the HTTP streams see it */
	struct ps_dns_sbudget dns; /* every DNS stream's message buffers */
	struct ps_dns_sframe dfr;  /* ... as the DNS streams see it */
	struct ps_dns_xbuf xbuf;   /* the frame's bytes + a reassembled DNS message */
	const uint8_t *seg;        /* its TCP payload's first byte in the frame */
	uint32_t seglen;           /* ... and its captured bytes */
	bool first;                /* no bytes delivered for this frame yet */
	bool reset;                /* the per-segment TLS layer was emptied */
	bool hid;                  /* the per-segment HTTP layer was hidden */
	bool dhid;                 /* the per-segment DNS layer was hidden */
	bool began_mid;            /* the frame's first byte went into a PDU begun earlier */
	bool fed;                  /* the frame's own bytes were delivered */
	bool held_fed;             /* ... or fed to the held-segment walk */
	uint64_t off;              /* the decoders not run (ps_flow_cfg.streams_off) */
};

/* An HTTP header block is under way. */
static inline bool ps_flow_http_mid(const struct ps_http_stream *s)
{
	return s->state == PS_HS_HEAD && (s->m.len || s->over);
}

/* off: the decoders not to run (ps_flow_cfg.streams_off). */
void ps_flow_app_init(struct ps_flow_app *a, size_t tls_mem, uint64_t off);
void ps_flow_app_tcp_packet(struct ps_flow_app *a, struct ps_packet *p, int tl);
void ps_flow_app_tcp_bytes(struct ps_flow_app *a, struct ps_flow *f, unsigned dir,
			   const uint8_t *data, uint32_t len);
/* After reassembly took the packet's segment (rflags: its PS_TCP_R_*
 * result): a segment held behind a hole has its TLS records read from its
 * first byte on, continued by the held segments that follow it in
 * sequence, as tshark desegments after a lost segment (flow_app.c). */
void ps_flow_app_tcp_held(struct ps_flow_app *a, struct ps_flow *f, unsigned dir,
			  const struct ps_tcp_seg *seg, uint32_t rflags);
/* After the frame's segment went through reassembly (and the held walk):
 * the record's flow note gets the segment's place in the application PDUs
 * (ps_flow_note.pdu: tshark's "[TCP segment of a reassembled PDU]").
 * Inline test first: most segments deliver nothing to a stream decoder. */
void ps_flow_app_tcp_note(struct ps_flow_app *a, const struct ps_flow *f, unsigned dir);
static inline void ps_flow_app_tcp_done(struct ps_flow_app *a, const struct ps_flow *f,
					unsigned dir)
{
	if (a->fed || a->held_fed)
		ps_flow_app_tcp_note(a, f, dir);
}
void ps_flow_app_udp(struct ps_flow_app *a, struct ps_flow *f, unsigned dir,
		     struct ps_packet *p, int tl);
void ps_flow_app_end(struct ps_flow_app *a, struct ps_flow *f);
/* Release what the decoders own (the table is freed). */
void ps_flow_app_free(struct ps_flow_app *a);

#endif
