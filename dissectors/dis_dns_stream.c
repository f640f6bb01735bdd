/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_dns_stream.c - DNS messages over a reassembled TCP direction
 * (dis_dns_stream.h).
 *
 * A state machine per direction: collect the 2-byte length prefix, then
 * the message.  A message whose prefix and bytes all arrive in one piece
 * of this frame is decoded where it lies; otherwise prefix and message are
 * copied into a buffer of exactly 2 + length bytes, charged to the budget,
 * and decoded from the frame's appended copy when the last byte arrives.
 * A prefix under 12 (the DNS header) cannot start a message: the boundary
 * is lost until the next sync, as after a gap.
 */
#include <stdlib.h>
#include <string.h>

#include "dis_common.h"
#include "dis_dns_stream.h"

void ps_dns_sbudget_init(struct ps_dns_sbudget *b, size_t limit)
{
	memset(b, 0, sizeof *b);
	b->limit = limit ? limit : PS_DNS_STREAM_DEFAULT_MEM;
}

void ps_dns_stream_sync(struct ps_dns_stream *s, struct ps_dns_sbudget *b)
{
	ps_srec_sync(&s->r, &b->used, &b->syncs);
	s->over = false;
}

void ps_dns_stream_gap(struct ps_dns_stream *s, struct ps_dns_sbudget *b)
{
	ps_srec_gap(&s->r, &b->used, &b->desyncs);
}

void ps_dns_stream_free(struct ps_dns_stream *s, struct ps_dns_sbudget *b)
{
	ps_srec_free(&s->r, &b->used, &b->evicted);
}

/* The frame's DNS layer for a message completed in it (the per-segment
 * one emptied, or a new one after the TCP layer), or NULL. */
static struct ps_layer *frame_layer(struct ps_dns_sframe *fr)
{
	if (fr->li < 0) {
		fr->li = ps_packet_append_after(fr->p, (unsigned)fr->tcp_li, PS_P_DNS, fr->seg_off,
						fr->seg_len);
		fr->own = false;
	} else {
		ps_packet_drop_events(fr->p, fr->li);
	}
	return fr->li < 0 ? NULL : &fr->p->layers[fr->li];
}

/* What tcpdump prints for this frame's segment (it reads it alone). */
static void segment_view(struct ps_dns_sframe *fr, struct ps_dns *n)
{
	const uint8_t *seg = fr->frame + fr->seg_off;
	uint32_t have = fr->seg_off < fr->nbytes ? fr->nbytes - fr->seg_off : 0;
	n->stream = true;
	n->seg_len = fr->seg_len;
	n->prefix = have >= 2 && fr->seg_len >= 2 ? (uint16_t)(seg[0] << 8 | seg[1]) : 0;
}

/* Frame offset of the n message bytes at m: where they lie in the frame,
 * else after a copy of the frame's bytes (p->data moves to fr->x). */
static bool place(struct ps_dns_sframe *fr, const uint8_t *m, uint32_t n, uint32_t *off)
{
	struct ps_packet *p = fr->p;
	if (m >= fr->frame && m < fr->frame + fr->nbytes &&
	    n <= (uint32_t)(fr->frame + fr->nbytes - m)) {
		*off = (uint32_t)(m - fr->frame);
		return true;
	}
	uint32_t have = ps_packet_bytes(p);
	size_t need = (size_t)have + n;
	bool in_x = p->data == fr->x->b; /* a message was appended already */
	if (need > fr->x->cap) {
		uint8_t *g = realloc(fr->x->b, need);
		if (!g)
			return false;
		fr->x->b = g;
		fr->x->cap = need;
		if (in_x)
			p->data = g;
	}
	if (!in_x)
		memcpy(fr->x->b, p->data, have);
	memcpy(fr->x->b + have, m, n);
	p->data = fr->x->b;
	p->data_len = have + n;
	*off = have;
	return true;
}

/* A whole message (n bytes with its prefix at m, NULL: not kept). */
static void message_done(struct ps_dns_stream *s, struct ps_dns_sbudget *b,
			 struct ps_dns_sframe *fr, const uint8_t *m, uint32_t n)
{
	b->messages++;
	if (fr->done) {
		b->same_frame++; /* the layer describes the frame's first message */
		return;
	}
	fr->done = true;
	if (fr->own && m == fr->frame + fr->seg_off) {
		/* the per-segment decoder read this very message */
		fr->p->layers[fr->li].u.dns.hidden = false;
		return;
	}
	uint32_t off = 0;
	bool kept = m && !s->over && place(fr, m, n, &off);
	struct ps_layer *l = frame_layer(fr);
	if (!l)
		return;
	if (!kept) {
		if (m && !s->over)
			b->dropped_mem++;
		memset(&l->u.dns, 0, sizeof l->u.dns);
		l->u.dns.tcp = true;
		l->u.dns.hidden = true;
		segment_view(fr, &l->u.dns);
		ps_packet_add_event(fr->p, PS_EV_DNS_STREAM_CAP, fr->li);
		return;
	}
	ps_dns_decode_stream(fr->p, (unsigned)fr->li, off, n);
	segment_view(fr, &l->u.dns);
}

/* The prefix is complete: check it and make room for the message. */
static bool prefix_done(struct ps_dns_stream *s, struct ps_dns_sbudget *b)
{
	uint32_t mlen = (uint32_t)(s->hdr[0] << 8 | s->hdr[1]);
	if (mlen < PS_DNS_HDR_LEN) {
		b->bad_len++;
		ps_dns_stream_gap(s, b);
		return false;
	}
	s->r.left = mlen;
	s->over = b->used + 2 + mlen > b->limit || !(s->r.m.buf = malloc(2 + mlen));
	if (s->over) {
		b->dropped_mem++;
		return true;
	}
	s->r.m.cap = 2 + mlen;
	b->used += s->r.m.cap;
	if (b->used > b->peak)
		b->peak = b->used;
	memcpy(s->r.m.buf, s->hdr, 2);
	s->r.m.len = 2;
	return true;
}

void ps_dns_stream_feed(struct ps_dns_stream *s, struct ps_dns_sbudget *b,
			struct ps_dns_sframe *fr, const uint8_t *data, uint32_t len)
{
	while (s->r.synced && len) {
		if (s->r.nhdr < 2) {
			uint32_t mlen = len >= 2 ? (uint32_t)(data[0] << 8 | data[1]) : 0;
			if (!s->r.nhdr && mlen >= PS_DNS_HDR_LEN && len - 2 >= mlen) {
				/* the whole message in this piece: read where it lies */
				message_done(s, b, fr, data, 2 + mlen);
				data += 2 + mlen;
				len -= 2 + mlen;
				continue;
			}
			s->hdr[s->r.nhdr++] = data[0];
			data++;
			len--;
			if (s->r.nhdr == 2 && !prefix_done(s, b))
				return;
			continue;
		}
		if (!ps_srec_take(&s->r, &data, &len))
			return;
		message_done(s, b, fr, s->r.m.buf, s->r.m.len);
		ps_srec_next(&s->r, &b->used);
		s->over = false;
	}
}
