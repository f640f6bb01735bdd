/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_http_stream.c - HTTP/1.x messages over a reassembled TCP direction
 * (dis_http_stream.h).
 *
 * A state machine per direction: collect the header block up to its empty
 * line (CRLF or bare LF line ends, as dis_http.c reads them), then count
 * the body through: Content-Length bytes, or chunks (size line, data,
 * CRLF, trailer lines up to the empty one; RFC 9112 7.1).  A request
 * without either has no body; a response has none after HEAD, for 1xx,
 * 204 and 304, and otherwise runs to the end of the connection (as does
 * a tunnel after CONNECT).  101 leaves HTTP: the stream stops.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "dis_common.h"
#include "dis_http_int.h"
#include "dis_http_stream.h"
#include "ps_hex.h"

void ps_http_sbudget_init(struct ps_http_sbudget *b, size_t limit)
{
	memset(b, 0, sizeof *b);
	b->limit = limit ? limit : PS_HTTP_STREAM_DEFAULT_MEM;
	b->stream_cap = PS_HTTP_STREAM_DEFAULT_CAP;
}

static void start_message(struct ps_http_stream *s)
{
	s->state = PS_HS_HEAD;
	s->over = false;
	s->line = 0;
	s->m.len = 0;
	s->began_no = 0;
	s->began_at_seg = false;
}

void ps_http_stream_sync(struct ps_http_stream *s, struct ps_http_sbudget *b)
{
	ps_sbuf_release(&s->m, &b->used);
	start_message(s);
	b->syncs++;
}

void ps_http_stream_gap(struct ps_http_stream *s, struct ps_http_sbudget *b)
{
	if (s->state == PS_HS_OFF)
		return;
	ps_sbuf_release(&s->m, &b->used);
	s->state = PS_HS_OFF;
	b->desyncs++;
}

void ps_http_stream_free(struct ps_http_stream *s, struct ps_http_sbudget *b)
{
	if (s->state == PS_HS_HEAD && (s->m.len || s->over))
		b->evicted++;
	ps_sbuf_release(&s->m, &b->used);
	s->state = PS_HS_OFF;
}

/* Room for n more block bytes: the buffer doubles up to the cap. */
static bool grow(struct ps_http_stream *s, struct ps_http_sbudget *b, uint32_t n)
{
	if (s->m.len + n <= s->m.cap)
		return true;
	if (s->m.len + n > b->stream_cap) {
		b->dropped_cap++;
		return false;
	}
	uint32_t cap = s->m.cap ? s->m.cap : 512;
	while (cap < s->m.len + n)
		cap *= 2;
	if (cap > b->stream_cap)
		cap = (uint32_t)b->stream_cap;
	uint8_t *m = b->used - s->m.cap + cap <= b->limit ? realloc(s->m.buf, cap) : NULL;
	if (!m) {
		b->dropped_mem++;
		return false;
	}
	b->used = b->used - s->m.cap + cap;
	if (b->used > b->peak)
		b->peak = b->used;
	s->m.buf = m;
	s->m.cap = cap;
	return true;
}

/* The value of header `name` in the block, first occurrence. */
static bool header(const uint8_t *b, uint32_t n, const char *name, const uint8_t **v,
		   uint32_t *vlen)
{
	size_t nl = strlen(name);
	const uint8_t *end = b + n;
	const uint8_t *p = memchr(b, '\n', n); /* past the start line */
	while (p && ++p < end) {
		const uint8_t *lf = memchr(p, '\n', (size_t)(end - p));
		uint32_t l = (uint32_t)((lf ? lf : end) - p);
		if ((size_t)l > nl && p[nl] == ':' && !strncasecmp((const char *)p, name, nl)) {
			uint32_t a = (uint32_t)nl + 1;
			while (a < l && (p[a] == ' ' || p[a] == '\t'))
				a++;
			while (l > a && (p[l - 1] == ' ' || p[l - 1] == '\t' || p[l - 1] == '\r'))
				l--;
			*v = p + a;
			*vlen = l - a;
			return true;
		}
		p = lf;
	}
	return false;
}

/* After a header block: the framing of its body.  The request direction
 * remembers HEAD requests for the responses that answer them. */
static void body_framing(struct ps_http_stream *s, struct ps_http_stream *peer)
{
	const uint8_t *b = s->m.buf, *v;
	uint32_t n = s->m.buf ? s->m.len : 0, vl;
	bool resp = n >= 5 && !memcmp(b, "HTTP/", 5);
	int status = 0;
	if (resp) {
		const uint8_t *sp = memchr(b, ' ', n);
		uint32_t i = sp ? (uint32_t)(sp - b) + 1 : n;
		for (unsigned k = 0; k < 3 && i + k < n && b[i + k] >= '0' && b[i + k] <= '9'; k++)
			status = status * 10 + (b[i + k] - '0');
	}
	bool head = false;
	if (resp && status >= 200 && peer->nheads) { /* a final response pops its request */
		head = peer->heads & 1u;
		peer->heads >>= 1;
		peer->nheads--;
	} else if (!resp && s->nheads < 32) {
		bool is_head = n >= 5 && !memcmp(b, "HEAD ", 5);
		s->heads |= (uint32_t)is_head << s->nheads++;
	}
	start_message(s);
	if (resp && status == 101) {
		s->state = PS_HS_OFF; /* no longer HTTP */
		return;
	}
	if (resp && (head || status < 200 || status == 204 || status == 304))
		return;
	if (n && header(b, n, "Transfer-Encoding", &v, &vl) && vl >= 7 &&
	    !strncasecmp((const char *)v + vl - 7, "chunked", 7)) {
		s->state = PS_HS_CSIZE;
		s->left = 0;
		s->bad_size = false;
		return;
	}
	uint64_t cl = 0;
	bool has = n && header(b, n, "Content-Length", &v, &vl) && vl && vl <= 18;
	for (uint32_t i = 0; has && i < vl; i++) {
		if (v[i] < '0' || v[i] > '9')
			has = false;
		else
			cl = cl * 10 + (uint64_t)(v[i] - '0');
	}
	if (has && cl) {
		s->state = PS_HS_BODY;
		s->left = cl;
	} else if (resp && !has) {
		s->state = PS_HS_EOF;
	}
}

/* The frame's HTTP layer for a block completed in it, or NULL. */
static struct ps_layer *frame_layer(struct ps_http_sframe *fr)
{
	if (fr->li < 0) {
		const struct ps_layer *t = &fr->p->layers[fr->tcp_li];
		uint32_t off = t->off + t->hdr_len;
		uint32_t len = off < ps_packet_bytes(fr->p) ? ps_packet_bytes(fr->p) - off : 0;
		if (t->u.tcp.has_len && t->u.tcp.len < len)
			len = t->u.tcp.len;
		fr->li = ps_packet_append_after(fr->p, (unsigned)fr->tcp_li, PS_P_HTTP, off, len);
		fr->own = false;
	}
	return fr->li < 0 ? NULL : &fr->p->layers[fr->li];
}

/* The block is complete: put the message on the frame. */
static void block_done(struct ps_http_stream *s, struct ps_http_sbudget *b,
		       struct ps_http_sframe *fr)
{
	b->messages++;
	if (fr->done) {
		b->same_frame++; /* the frame reports its first message only */
		return;
	}
	fr->done = true;
	if (fr->own && s->began_at_seg && s->began_no == fr->no) {
		/* the per-segment decoder read this very block */
		fr->p->layers[fr->li].u.http.hidden = false;
		return;
	}
	struct ps_layer *l = frame_layer(fr);
	if (!l)
		return;
	memset(&l->u.http, 0, sizeof l->u.http);
	ps_packet_drop_events(fr->p, fr->li);
	struct ps_dctx d = {.p = fr->p, .parent = l->parent, .nest = l->nest,
			    .cur = (int8_t)fr->li, .claim_in = PS_CLAIM_UNKNOWN};
	uint16_t at;
	uint8_t *m = s->over ? NULL : ps_dis_side_alloc(&d, s->m.len, &at);
	if (!m) {
		l->u.http.hidden = true;
		ps_dis_event(&d, PS_EV_HTTP_STREAM_CAP);
		return;
	}
	memcpy(m, s->m.buf, s->m.len);
	ps_http_decode_side(&d, l, at, s->m.len);
}

/* Header bytes: up to and including the block's empty line. */
static uint32_t feed_head(struct ps_http_stream *s, struct ps_http_stream *peer,
			  struct ps_http_sbudget *b, struct ps_http_sframe *fr,
			  const uint8_t *data, uint32_t len)
{
	uint32_t i = 0;
	if (!s->m.len && !s->over) {
		while (i < len && (data[i] == '\r' || data[i] == '\n'))
			i++; /* empty lines before a message (RFC 9112 2.2) */
		if (i == len)
			return len;
		s->began_no = fr->no;
		s->began_at_seg = data + i == fr->seg;
	}
	uint32_t start = i;
	bool end = false;
	/* line by line (memchr finds each LF): the block ends at an LF with
	 * nothing but CRs since the previous one, so here `line` only needs to
	 * become non-zero at the line's first other byte, not count them all */
	while (i < len && !end) {
		const uint8_t *lf = memchr(data + i, '\n', len - i);
		uint32_t stop = lf ? (uint32_t)(lf - data) : len;
		for (; i < stop && !s->line; i++)
			s->line = data[i] != '\r';
		i = stop;
		if (lf) {
			end = !s->line;
			s->line = 0;
			i++;
		}
	}
	uint32_t n = i - start;
	if (!s->over && grow(s, b, n)) {
		memcpy(s->m.buf + s->m.len, data + start, n);
		s->m.len += n;
	} else {
		s->over = true;
	}
	if (end && !s->over && !ps_http_start_prefix(s->m.buf, s->m.len < 12 ? s->m.len : 12)) {
		ps_http_stream_gap(s, b); /* not a message: the framing was wrong */
		return i;
	}
	if (end) {
		block_done(s, b, fr);
		body_framing(s, peer);
		ps_sbuf_release(&s->m, &b->used); /* an idle stream holds no memory */
	}
	return i;
}

/* A chunk-size digit (at most 16: the size fits 64 bits). */
static void size_byte(struct ps_http_stream *s, uint8_t ch)
{
	int v = ps_hexval(ch);
	if (v < 0 || s->line >= 16) {
		s->bad_size = true;
		return;
	}
	s->left = s->left * 16 + (uint64_t)v;
	s->line++;
}

void ps_http_stream_feed(struct ps_http_stream *s, struct ps_http_stream *peer,
			 struct ps_http_sbudget *b, struct ps_http_sframe *fr,
			 const uint8_t *data, uint32_t len)
{
	while (len && s->state != PS_HS_OFF) {
		uint32_t used = 0;
		switch (s->state) {
		case PS_HS_HEAD:
			used = feed_head(s, peer, b, fr, data, len);
			break;
		case PS_HS_BODY:
		case PS_HS_CDATA:
			used = s->left < len ? (uint32_t)s->left : len;
			s->left -= used;
			if (!s->left)
				s->state = s->state == PS_HS_BODY ? PS_HS_HEAD : PS_HS_CEND;
			if (s->state == PS_HS_HEAD)
				start_message(s);
			s->line = 0;
			break;
		case PS_HS_CEND:
		case PS_HS_TRAILER:
			for (; used < len; used++) {
				uint8_t ch = data[used];
				if (ch == '\n') {
					bool empty = !s->line;
					s->line = 0;
					used++;
					if (s->state == PS_HS_CEND) {
						s->state = PS_HS_CSIZE;
						s->left = 0;
						s->bad_size = false;
					} else if (empty) {
						start_message(s);
					}
					break;
				}
				if (ch != '\r')
					s->line++;
			}
			break;
		case PS_HS_CSIZE:
			for (; used < len; used++) {
				uint8_t ch = data[used];
				if (ch == '\n') {
					used++;
					bool last = !s->left;
					if (!(s->line & 0x7fffffffu))
						s->bad_size = true; /* no digits */
					s->line = 0;
					if (s->bad_size) {
						ps_http_stream_gap(s, b);
					} else if (last) {
						s->state = PS_HS_TRAILER;
					} else {
						s->state = PS_HS_CDATA;
					}
					break;
				}
				if (ch == ';' || ch == ' ' || ch == '\t' || ch == '\r')
					s->line |= 1u << 31; /* past the digits */
				else if (!(s->line >> 31))
					size_byte(s, ch);
			}
			break;
		case PS_HS_EOF:
			used = len;
			break;
		}
		data += used;
		len -= used;
	}
}
