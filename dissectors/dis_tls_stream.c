/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_tls_stream.c - TLS records over a reassembled TCP direction
 * (dis_tls_stream.h).
 *
 * A small state machine per direction: collect the 5-byte record header,
 * then count the fragment through, copying it only when decode will read
 * it (handshake and alert records in the clear, ChangeCipherSpec).  When
 * the fragment's last byte arrives the record is listed on the frame being
 * fed and its content walked with dis_tls.c's record walk, so the fields
 * are exactly those of the per-segment decode, from whole records.
 */
#include <stdlib.h>

#include "dis_tls_int.h"
#include "dis_tls_stream.h"

void ps_tls_sbudget_init(struct ps_tls_sbudget *b, size_t limit)
{
	memset(b, 0, sizeof *b);
	b->limit = limit ? limit : PS_TLS_STREAM_DEFAULT_MEM;
	b->stream_cap = PS_TLS_STREAM_DEFAULT_CAP;
}

void ps_tls_stream_sync(struct ps_tls_stream *s, struct ps_tls_sbudget *b)
{
	ps_srec_sync(&s->r, &b->used, &b->syncs);
	s->keep = s->over = false;
}

void ps_tls_stream_gap(struct ps_tls_stream *s, struct ps_tls_sbudget *b)
{
	ps_srec_gap(&s->r, &b->used, &b->desyncs);
}

void ps_tls_stream_free(struct ps_tls_stream *s, struct ps_tls_sbudget *b)
{
	ps_srec_free(&s->r, &b->used, &b->evicted);
}

int ps_tls_layer_reset(struct ps_packet *p, unsigned li)
{
	struct ps_layer *l = &p->layers[li];
	if (ps_packet_pop_layer(p, li))
		return -1; /* created again when a record ends in the frame */
	memset(&l->u.tls, 0, sizeof l->u.tls);
	l->truncated = false;
	ps_packet_drop_events(p, (int)li);
	return (int)li;
}

/* The frame's TLS layer, created after the TCP layer when there is none. */
static struct ps_layer *frame_layer(struct ps_tls_sframe *fr)
{
	if (fr->li < 0) {
		const struct ps_layer *t = &fr->p->layers[fr->tcp_li];
		uint32_t off = t->off + t->hdr_len;
		uint32_t len = off < ps_packet_bytes(fr->p) ? ps_packet_bytes(fr->p) - off : 0;
		if (t->u.tcp.has_len && t->u.tcp.len < len) /* not the link's trailer */
			len = t->u.tcp.len;
		fr->li = ps_packet_append_after(fr->p, (unsigned)fr->tcp_li, PS_P_TLS, off, len);
	}
	return fr->li < 0 ? NULL : &fr->p->layers[fr->li];
}

/* A decoder context on the frame's TLS layer (events, side area). */
static struct ps_dctx layer_ctx(struct ps_tls_sframe *fr)
{
	const struct ps_layer *l = &fr->p->layers[fr->li];
	return (struct ps_dctx){.p = fr->p, .parent = l->parent, .nest = l->nest,
				.cur = (int8_t)fr->li, .claim_in = PS_CLAIM_UNKNOWN};
}

#define TLS_STREAM_MAX_ALPN 64u /* ALPN names copied from a reassembled hello */

/* The hello's byte strings into the side area: the stream buffer goes away. */
static void copy_strings(struct ps_dctx *d, struct ps_tls_hello *h, const uint8_t *buf,
			 uint32_t n, uint32_t span_off, const struct ps_tls_sframe *fr)
{
	struct ps_tls_str *s = h->alpn.n ? (struct ps_tls_str *)(d->p->side + h->alpn.at) : 0;
	struct ps_tls_str *all[1 + TLS_STREAM_MAX_ALPN];
	unsigned k = 0;
	if (h->have & PS_TLS_HELLO_SNAME)
		all[k++] = &h->sni;
	if (h->alpn.n > TLS_STREAM_MAX_ALPN) /* names past these stay unlisted */
		h->alpn.n = TLS_STREAM_MAX_ALPN;
	for (uint16_t i = 0; s && i < h->alpn.n; i++)
		all[k++] = &s[i];
	for (unsigned i = 0; i < k; i++) {
		struct ps_tls_str *x = all[i];
		uint16_t at;
		uint8_t *m = x->len && x->off <= n && x->len <= n - x->off
				     ? ps_dis_side_alloc(d, x->len, &at)
				     : NULL;
		if (m)
			memcpy(m, buf + x->off, x->len);
		*x = m ? (struct ps_tls_str){at, x->len} : (struct ps_tls_str){0, 0};
	}
	h->have |= PS_TLS_HELLO_SIDESTR;
	/* the body's place among the stream bytes: the record (n bytes) ended
	 * rec_end bytes into what this frame fed, the body began h->off bytes
	 * into the record; in the frame when the rest of the record lies in the
	 * first piece fed and that is the frame's own bytes */
	int64_t body = h->off <= n ? (int64_t)fr->rec_end - (n - h->off) : INT32_MIN;
	const struct ps_packet *p = d->p;
	h->body = !fr->held && body > INT32_MIN ? (int32_t)body : PS_TLS_BODY_NONE;
	h->fbody = PS_TLS_FBODY_NONE;
	if (body >= 0 && fr->rec_end <= fr->first_len && fr->first >= p->data &&
	    fr->first < p->data + p->caplen && fr->first_len <= (uint32_t)(p->data + p->caplen - fr->first))
		h->fbody = (uint32_t)(fr->first - p->data) + (uint32_t)body;
	h->off = span_off; /* the TUI's span: this frame's TLS bytes */
	h->len = 0;
}

/* The fragment is complete: list the record, walk what was kept. */
static void record_done(struct ps_tls_stream *s, struct ps_tls_sbudget *b,
			struct ps_tls_sframe *fr)
{
	uint8_t type = s->hdr[0];
	struct ps_layer *l = frame_layer(fr);
	if (type == TLS_CT_CCS)
		s->encrypted = true; /* even when the frame cannot list it */
	if (!l)
		return;
	struct ps_tls *t = &l->u.tls;
	struct ps_dctx d = layer_ctx(fr);
	if (!fr->recs_tried) {
		fr->recs_tried = true;
		fr->recs = ps_dis_side_alloc(&d, TLS_MAX_RECORDS * sizeof *fr->recs, &t->records_at);
	}
	if (!fr->recs)
		return;
	if (t->nrecords >= TLS_MAX_RECORDS) {
		if (t->nrecords == TLS_MAX_RECORDS && !ps_packet_has_event(fr->p, PS_EV_TLS_RECORD_LIMIT))
			ps_dis_event(&d, PS_EV_TLS_RECORD_LIMIT);
		return;
	}
	struct ps_tls_record *r = &fr->recs[t->nrecords];
	r->type = type;
	r->version = (uint16_t)(s->hdr[1] << 8 | s->hdr[2]);
	r->len = (uint16_t)(s->hdr[3] << 8 | s->hdr[4]);
	r->whole = true;
	r->off = l->off;
	r->enc = s->encrypted && type != TLS_CT_CCS;
	t->nrecords++;
	b->records++;
	if (s->over) {
		ps_dis_event(&d, PS_EV_TLS_STREAM_CAP);
		return;
	}
	if (!s->keep)
		return;
	bool had_ch = t->has_ch, had_sh = t->has_sh, had_alert = t->has_alert;
	struct ps_tls_walk w = {.d = &d, .t = t, .encrypted = s->encrypted && type != TLS_CT_CCS,
				.hs = t->nhs ? fr->hs : NULL};
	struct ps_cursor c;
	ps_cur_init(&c, s->r.m.buf ? s->r.m.buf : (const uint8_t *)"", s->r.m.len);
	ps_tls_record_content(&w, &c, r);
	fr->hs = w.hs;
	s->encrypted = w.encrypted;
	if (!had_ch && t->has_ch)
		copy_strings(&d, (struct ps_tls_hello *)(fr->p->side + t->ch_at), s->r.m.buf, s->r.m.len,
			     l->off, fr);
	if (!had_sh && t->has_sh)
		copy_strings(&d, (struct ps_tls_hello *)(fr->p->side + t->sh_at), s->r.m.buf, s->r.m.len,
			     l->off, fr);
	if (!had_alert && t->has_alert)
		t->alert_off = l->off;
}

/* The header is complete: check it and decide whether to copy the fragment. */
static bool header_done(struct ps_tls_stream *s, struct ps_tls_sbudget *b,
			struct ps_tls_sframe *fr)
{
	uint8_t type = s->hdr[0];
	uint16_t version = (uint16_t)(s->hdr[1] << 8 | s->hdr[2]);
	uint32_t len = (uint32_t)(s->hdr[3] << 8 | s->hdr[4]);
	if (!ps_tls_record_ok(type, version) || len > TLS_REC_MAX) {
		struct ps_layer *l = frame_layer(fr);
		if (l) {
			struct ps_dctx d = layer_ctx(fr);
			ps_dis_event(&d, len > TLS_REC_MAX && ps_tls_record_ok(type, version)
						 ? PS_EV_TLS_RECORD_TOO_LONG
						 : PS_EV_TLS_RECORD_INVALID);
		}
		ps_tls_stream_gap(s, b);
		return false;
	}
	s->r.left = len;
	s->over = false;
	s->keep = type == TLS_CT_CCS || (!s->encrypted && (type == TLS_CT_HANDSHAKE ||
							   (type == TLS_CT_ALERT && len == 2)));
	if (s->keep && len) {
		if (len > b->stream_cap) {
			s->over = true;
			b->dropped_cap++;
		} else if (b->used + len > b->limit || !(s->r.m.buf = malloc(len))) {
			s->over = true;
			b->dropped_mem++;
		} else {
			s->r.m.cap = len;
			b->used += len;
			if (b->used > b->peak)
				b->peak = b->used;
		}
	}
	return true;
}

static void feed(struct ps_tls_stream *s, struct ps_tls_sbudget *b, struct ps_tls_sframe *fr,
		 const uint8_t *data, uint32_t len)
{
	const uint8_t *piece = data;
	while (s->r.synced) {
		if (s->r.nhdr < TLS_REC_HDR) {
			if (!len)
				return;
			uint32_t n = TLS_REC_HDR - s->r.nhdr;
			if (n > len)
				n = len;
			memcpy(s->hdr + s->r.nhdr, data, n);
			s->r.nhdr = (uint8_t)(s->r.nhdr + n);
			data += n;
			len -= n;
			if (s->r.nhdr < TLS_REC_HDR || !header_done(s, b, fr))
				continue;
		}
		if (!ps_srec_take(&s->r, &data, &len))
			return;
		fr->rec_end = fr->fed + (uint32_t)(data - piece);
		record_done(s, b, fr);
		ps_srec_next(&s->r, &b->used);
		s->keep = s->over = false;
	}
}

void ps_tls_stream_feed(struct ps_tls_stream *s, struct ps_tls_sbudget *b,
			struct ps_tls_sframe *fr, const uint8_t *data, uint32_t len)
{
	if (!fr->fed && !fr->first) {
		fr->first = data;
		fr->first_len = len;
	}
	feed(s, b, fr, data, len);
	fr->fed += len;
}
