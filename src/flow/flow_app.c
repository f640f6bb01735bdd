/* SPDX-License-Identifier: BSD-2-Clause */
/* flow_app.c - stream decoders fed by the flow table (flow_app.h).
 *
 * TLS: a direction becomes a TLS stream when a segment whose payload the
 * per-segment decoder read as TLS starts exactly where the stream's next
 * bytes are (a record boundary); from then on its records come from the
 * stream, and the per-segment layer of a frame in which the stream delivers
 * bytes is emptied first.  A gap loses the boundary until the next such
 * segment.  A segment too short for the per-segment probe (fewer than the 5
 * bytes of a record header) counts as such a segment on a TLS port when
 * its bytes can start a record header (a header split across segments).
 *
 * DNS: the same rule with the per-segment DNS layer (its probe read a
 * length prefix and header at the segment's first byte), or on a DNS port
 * a 1-byte segment (half a length prefix).
 */
#include <stdlib.h>
#include <string.h>

#include "dis_quic_conn.h"
#include "flow_app.h"
#include "ps_dissect.h"

void ps_flow_app_init(struct ps_flow_app *a, size_t tls_mem, uint64_t off)
{
	memset(a, 0, sizeof *a);
	a->off = off;
	ps_tls_sbudget_init(&a->tls, tls_mem);
	ps_http_sbudget_init(&a->http, 0);
	ps_dns_sbudget_init(&a->dns, 0);
}

void ps_flow_app_free(struct ps_flow_app *a)
{
	free(a->xbuf.b);
	a->xbuf.b = NULL;
	a->xbuf.cap = 0;
}

/* The layer right after layer li in its chain, else -1. */
static int next_in_chain(const struct ps_packet *p, int li)
{
	int n = li + 1;
	if (li < 0 || n >= p->nlayers)
		return -1;
	const struct ps_layer *a = &p->layers[li], *b = &p->layers[n];
	return b->parent == a->parent && b->nest == a->nest ? n : -1;
}

/* ... when it is of `proto`. */
static int next_of(const struct ps_packet *p, int li, enum ps_proto proto)
{
	int n = next_in_chain(p, li);
	return n >= 0 && p->layers[n].proto == proto ? n : -1;
}

void ps_flow_app_tcp_packet(struct ps_flow_app *a, struct ps_packet *p, int tl)
{
	const struct ps_layer *t = &p->layers[tl];
	uint32_t off = t->off + t->hdr_len;
	/* the layer after TCP is at most one of TLS, HTTP, DNS: one lookup */
	int nli = next_in_chain(p, tl);
	enum ps_proto np = nli >= 0 ? (enum ps_proto)p->layers[nli].proto : PS_P__COUNT;
	a->fr = (struct ps_tls_sframe){.p = p, .tcp_li = tl, .li = np == PS_P_TLS ? nli : -1};
	a->seg = off < ps_packet_bytes(p) ? p->data + off : NULL;
	a->seglen = off < ps_packet_bytes(p) ? ps_packet_bytes(p) - off : 0;
	int hli = np == PS_P_HTTP ? nli : -1;
	a->hfr = (struct ps_http_sframe){.p = p, .tcp_li = tl, .li = hli, .own = hli >= 0,
					 .seg = a->seg, .no = a->hfr.no + 1};
	int dli = np == PS_P_DNS ? nli : -1;
	uint32_t plen = a->seglen;
	if (t->u.tcp.has_len && t->u.tcp.len < plen) /* not the link's trailer */
		plen = t->u.tcp.len;
	a->dfr = (struct ps_dns_sframe){.p = p, .tcp_li = tl, .li = dli, .own = dli >= 0,
					.frame = p->data, .nbytes = ps_packet_bytes(p),
					.seg_off = off, .seg_len = t->u.tcp.has_len ? t->u.tcp.len : plen,
					.x = &a->xbuf};
	a->first = true;
	a->reset = false;
	a->hid = false;
	a->dhid = false;
	a->began_mid = false;
	a->fed = false;
	a->held_fed = false;
}

/* Is either port of the frame's TCP layer proto's (enum ps_proto) in the port table? */
static bool port_of(const struct ps_flow_app *a, enum ps_proto proto)
{
	const struct ps_tcp *t = &a->fr.p->layers[a->fr.tcp_li].u.tcp;
	for (unsigned i = 0; i < 2; i++) {
		const struct ps_dissector *d = ps_registry_lookup(PS_TAB_TCP_PORT, i ? t->dport : t->sport);
		if (d && d->proto == proto)
			return true;
	}
	return false;
}

/* May this frame's bytes start a record?  The per-segment decoder read a
 * record header at them, or (too few bytes for its probe) on a TLS port
 * they begin like one: type 20-23, version 3.x. */
static bool record_start(const struct ps_flow_app *a, const uint8_t *data, uint32_t len)
{
	if (data != a->seg)
		return false;
	if (a->fr.li >= 0)
		return true;
	return a->seglen < 5 && len == a->seglen && data[0] >= 20 && data[0] <= 23 &&
	       (len < 2 || data[1] == 3) && (len < 3 || data[2] <= 4) && port_of(a, PS_P_TLS);
}

/* HTTP: a direction becomes an HTTP stream at a segment whose first byte
 * the per-segment decoder read as a request or status line and that starts
 * exactly at the stream's next byte (or, on an HTTP port, a segment too
 * short for the probe that begins like one), also in what the framing counted as
 * a body; a gap loses the message boundary until the next such segment.  Once the stream delivers bytes in a frame,
 * the per-segment layer is hidden unless a message that began at the
 * segment's first byte completes there (dis_http_stream.h). */
static void http_bytes(struct ps_flow_app *a, struct ps_flow *f, unsigned dir, bool first,
		       const uint8_t *data, uint32_t len)
{
	struct ps_http_stream *s = &f->app.u.http[dir];
	if (!data) {
		ps_http_stream_gap(s, &a->http);
		return;
	}
	/* a segment too short for the probe's method and space (< 12 bytes)
	 * counts on an HTTP port when it can begin a start line */
	bool at_line = first && data == a->seg &&
		       (a->hfr.own || (a->seglen < 12 && len == a->seglen &&
				       ps_http_start_prefix(data, len) && port_of(a, PS_P_HTTP)));
	if (s->state == PS_HS_OFF && !at_line)
		return;
	/* a segment that starts with a start line starts a message, also
	 * where the framing says body (tshark, with http.desegment_body off,
	 * reads every segment that looks like HTTP from its first byte) */
	if (at_line && (s->state != PS_HS_HEAD || (!s->m.len && !s->over)))
		ps_http_stream_sync(s, &a->http);
	/* a layer the capture cut keeps its object: the stream lacks the rest too */
	if (!a->hid && a->hfr.own && !a->hfr.done && !a->hfr.p->layers[a->hfr.li].truncated)
		a->hfr.p->layers[a->hfr.li].u.http.hidden = true;
	a->hid = true;
	a->began_mid |= first && ps_flow_http_mid(s);
	ps_http_stream_feed(s, &f->app.u.http[dir ^ 1u], &a->http, &a->hfr, data, len);
}

/* DNS: a direction becomes a DNS stream at a segment whose first byte the
 * per-segment decoder read as a length prefix (or, on a DNS port, a 1-byte
 * segment) and that starts exactly at the stream's next byte.  Once the
 * stream delivers bytes in a frame, the per-segment layer is hidden unless
 * the message it read completes there (dis_dns_stream.h). */
static void dns_bytes(struct ps_flow_app *a, struct ps_flow *f, unsigned dir, bool first,
		      const uint8_t *data, uint32_t len)
{
	struct ps_dns_stream *s = &f->app.u.dns[dir];
	if (!data) {
		ps_dns_stream_gap(s, &a->dns);
		return;
	}
	if (!s->r.synced) {
		bool at_msg = first && data == a->seg &&
			      (a->dfr.own || (a->dfr.seg_len == 1 && len == 1 && port_of(a, PS_P_DNS)));
		if (!at_msg)
			return;
		ps_dns_stream_sync(s, &a->dns);
	}
	/* a layer the capture cut keeps its object: the stream lacks the rest too */
	if (!a->dhid && a->dfr.own && !a->dfr.done && !a->dfr.p->layers[a->dfr.li].truncated) {
		a->dfr.p->layers[a->dfr.li].u.dns.hidden = true;
		ps_packet_drop_events(a->dfr.p, a->dfr.li); /* dns.tcp_partial: the stream's to say */
	}
	a->dhid = true;
	a->began_mid |= first && ps_srec_mid(&s->r);
	ps_dns_stream_feed(s, &a->dns, &a->dfr, data, len);
}

static void tls_bytes(struct ps_flow_app *a, struct ps_flow *f, unsigned dir, bool first,
		      const uint8_t *data, uint32_t len)
{
	struct ps_tls_stream *s = &f->app.u.tls[dir];
	if (!data) {
		ps_tls_stream_gap(s, &a->tls);
		return;
	}
	if (!s->r.synced) {
		/* the per-segment decoder saw a record header at this byte */
		if (!first || !record_start(a, data, len))
			return;
		ps_tls_stream_sync(s, &a->tls);
	}
	/* the stream speaks for the frame once it delivers bytes in it; a
	 * segment held behind a hole keeps what the per-segment decoder read
	 * (tshark decodes a segment after a lost one from its first byte) */
	if (!a->reset && a->fr.li >= 0)
		a->fr.li = ps_tls_layer_reset(a->fr.p, (unsigned)a->fr.li);
	a->reset = true;
	a->began_mid |= first && ps_srec_mid(&s->r);
	ps_tls_stream_feed(s, &a->tls, &a->fr, data, len);
}

void ps_flow_app_tcp_bytes(struct ps_flow_app *a, struct ps_flow *f, unsigned dir,
			   const uint8_t *data, uint32_t len)
{
	bool first = a->first;
	a->first = false;
	/* each decoder writes its own layers only: one turned off changes
	 * nothing the others write */
	if (!(a->off & UINT64_C(1) << PS_P_HTTP))
		http_bytes(a, f, dir, first, data, len);
	if (!(a->off & UINT64_C(1) << PS_P_DNS))
		dns_bytes(a, f, dir, first, data, len);
	if (!(a->off & UINT64_C(1) << PS_P_TLS))
		tls_bytes(a, f, dir, first, data, len);
	a->fed |= data != NULL;
}

/* Segments held behind a hole (tshark 4.0, docs/reassembly.md): tshark
 * dissects each segment as it arrives; one after a lost segment is read
 * from its first byte, and when its last record is incomplete the record
 * is desegmented from there, over the segments that continue it in
 * sequence, and listed on the one that completes it.  A second record
 * walk per direction (the main stream waits at the hole) does the same
 * over the held segments; it loses its boundary (counted as a desync)
 * when the stream delivers again, and its state goes with the flow. */
struct ps_tls_held {
	struct ps_tls_stream s[2];
	uint32_t next[2]; /* the sequence number after the last segment fed */
};

static struct ps_tls_held *held_get(struct ps_flow *f, struct ps_tls_sbudget *b)
{
	if (!f->app.u.held) {
		if (b->used + sizeof *f->app.u.held > b->limit)
			return NULL;
		f->app.u.held = calloc(1, sizeof *f->app.u.held);
		if (f->app.u.held)
			b->used += sizeof *f->app.u.held;
	}
	return f->app.u.held;
}

static void held_free(struct ps_flow *f, struct ps_tls_sbudget *b)
{
	struct ps_tls_held *h = f->app.u.held;
	if (!h)
		return;
	for (unsigned d = 0; d < 2; d++)
		ps_tls_stream_free(&h->s[d], b);
	b->used -= sizeof *h;
	free(h);
	f->app.u.held = NULL;
}

/* A segment held behind a hole that lies within the record the stream is
 * reading (its length known): tshark adds it to that record's reassembly,
 * "[TCP segment of a reassembled PDU]" (ps_flow_note.pdu). */
static void held_in_record(struct ps_flow_app *a, const struct ps_flow *f, unsigned dir,
			   uint32_t seq, uint32_t len)
{
	const struct ps_srec *r = &f->app.u.tls[dir].r;
	uint32_t end = f->re.rs[dir].next + r->left; /* the record's last byte + 1 */
	if (ps_srec_mid(r) && r->nhdr == 5 && len && (int32_t)(end - seq - len) >= 0 &&
	    (int32_t)(seq - f->re.rs[dir].next) > 0)
		a->fr.p->flow.pdu = PS_PDU_MORE;
}

void ps_flow_app_tcp_held(struct ps_flow_app *a, struct ps_flow *f, unsigned dir,
			  const struct ps_tcp_seg *seg, uint32_t rflags)
{
	struct ps_tls_held *h = f->app.u.held;
	if (a->off & UINT64_C(1) << PS_P_TLS) /* the held walk is TLS's */
		return;
	if (rflags & PS_TCP_R_DELIVERED) { /* the stream goes on: no hole to read past */
		if (h)
			ps_tls_stream_gap(&h->s[dir], &a->tls);
		return;
	}
	if (!(rflags & PS_TCP_R_BUFFERED) || !a->seg || !seg->caplen)
		return;
	uint32_t seq = seg->seq + ((seg->flags & PS_TCPF_SYN) != 0);
	struct ps_tls_stream *s = h ? &h->s[dir] : NULL;
	/* inside a record a held segment began: the next one in sequence
	 * continues it (at a record boundary tshark reads it afresh) */
	bool cont = s && s->r.synced && seq == h->next[dir] && (s->r.nhdr || s->r.left);
	if (!cont && a->fr.li < 0) { /* no record header at its first byte */
		if (s)
			ps_tls_stream_gap(s, &a->tls);
		held_in_record(a, f, dir, seq, seg->len);
		return;
	}
	if (!(h = held_get(f, &a->tls)))
		return;
	s = &h->s[dir];
	if (!cont) {
		ps_tls_stream_sync(s, &a->tls);
		s->encrypted = f->app.u.tls[dir].encrypted; /* the session's state */
	}
	if (a->fr.li >= 0)
		a->fr.li = ps_tls_layer_reset(a->fr.p, (unsigned)a->fr.li);
	a->reset = true;
	uint32_t n = seg->caplen < seg->len ? seg->caplen : seg->len;
	a->began_mid = cont;
	a->held_fed = true;
	a->fr.held = true; /* not delivered bytes: a rebuilt hello has no place among them */
	ps_tls_stream_feed(s, &a->tls, &a->fr, a->seg, n);
	h->next[dir] = seq + seg->len;
	if (n < seg->len) /* the snap length cut it: nothing continues it */
		ps_tls_stream_gap(s, &a->tls);
}

void ps_flow_app_tcp_note(struct ps_flow_app *a, const struct ps_flow *f, unsigned dir)
{
	bool mid;
	if (a->held_fed)
		mid = ps_srec_mid(&f->app.u.held->s[dir].r);
	else
		mid = ps_srec_mid(&f->app.u.tls[dir].r) || ps_srec_mid(&f->app.u.dns[dir].r) ||
		      ps_flow_http_mid(&f->app.u.http[dir]);
	bool done = a->fr.recs_tried || a->hfr.done || a->dfr.done;
	a->fr.p->flow.pdu = (uint8_t)(!mid || done ? PS_PDU_NONE
					 : a->began_mid ? PS_PDU_MORE : PS_PDU_FIRST);
}

void ps_flow_app_udp(struct ps_flow_app *a, struct ps_flow *f, unsigned dir,
		     struct ps_packet *p, int tl)
{
	if (a->off & UINT64_C(1) << PS_P_QUIC)
		return;
	int li = next_of(p, tl, PS_P_QUIC);
	if (li >= 0)
		ps_quic_conn_packet(&f->app.u.quic, dir, p, (unsigned)li);
}

void ps_flow_app_end(struct ps_flow_app *a, struct ps_flow *f)
{
	a->first = false; /* no sync on the bytes a flush delivers */
	if (f->kind != PS_FK_TCP)
		return;
	for (unsigned d = 0; d < 2; d++) {
		ps_tls_stream_free(&f->app.u.tls[d], &a->tls);
		ps_http_stream_free(&f->app.u.http[d], &a->http);
		ps_dns_stream_free(&f->app.u.dns[d], &a->dns);
	}
	held_free(f, &a->tls);
}
