/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_follow.c - one stream's payload as lines, decoded by window from the
 * store (tui_follow.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ps_dissect.h"
#include "tui_follow.h"
#include "tui_model.h"

static void reset(struct tui_follow *f)
{
	memset(f->ck, 0, sizeof *f->ck);
	f->ck[0].pkt = f->conv.first_pkt;
	f->nck = 1;
	f->every = TUI_FOLLOW_CK_EVERY;
	f->end_known = false;
	f->total = 0;
	f->retrans = 0;
	f->nwin = 0;
	f->top = 0;
}

int tui_follow_open(struct tui_follow *f, struct tui_store *st, const struct tui_conv_row *r,
		    bool hex, unsigned width)
{
	memset(f, 0, sizeof *f);
	if (r->kind != PS_FK_TCP && r->kind != PS_FK_UDP)
		return -1;
	f->st = st;
	f->conv = *r;
	f->hex = hex;
	f->width = width < 1 ? 1 : width > TUI_FOLLOW_LINE_MAX ? TUI_FOLLOW_LINE_MAX : width;
	f->win = calloc(TUI_FOLLOW_WIN, sizeof *f->win);
	f->ck = calloc(TUI_FOLLOW_CK, sizeof *f->ck);
	f->pkt = calloc(1, sizeof *f->pkt);
	if (!f->win || !f->ck || !f->pkt || tui_seq_init(&f->seq)) {
		tui_follow_close(f);
		return -1;
	}
	reset(f);
	return 0;
}

void tui_follow_close(struct tui_follow *f)
{
	free(f->win);
	free(f->ck);
	if (f->seq.buf)
		tui_seq_free(&f->seq);
	free(f->pkt);
	memset(f, 0, sizeof *f);
}

/* The payload of stream packet i (data, len) and its direction; false
 * when i is not a packet of this conversation. */
static bool stream_payload(struct tui_follow *f, uint64_t i, const uint8_t **data,
			   uint32_t *len, unsigned *dir, const struct ps_tcp **tcp)
{
	struct tui_rec r;
	const uint8_t *frame;
	if (tui_store_seq(f->st, &f->seq, i, &r, &frame)) /* chunked reads, as the scans do */
		return false;
	/* a packet of the conversation holds both addresses: most others are
	 * passed over without dissecting them */
	size_t clen = r.caplen < TUI_FRAME_MAX ? r.caplen : TUI_FRAME_MAX;
	size_t alen0 = f->conv.key.v6 ? 16 : 4;
	if (!memmem(frame, clen, f->conv.src, alen0) || !memmem(frame, clen, f->conv.dst, alen0))
		return false;
	tui_packet_load(f->pkt, i, &r, frame, 0);
	struct ps_flow_pkt k;
	if (!ps_flow_key_of(f->pkt, &k) || k.tl < 0 ||
	    memcmp(&k.key, &f->conv.key, sizeof k.key))
		return false;
	const struct ps_layer *l = &f->pkt->layers[k.tl];
	size_t alen = k.key.v6 ? 16 : 4;
	*dir = !(memcmp(k.src, f->conv.src, alen) == 0 && k.sport == f->conv.sport);
	uint32_t hl = l->proto == PS_P_TCP ? l->u.tcp.hl : 8u;
	*tcp = l->proto == PS_P_TCP ? &l->u.tcp : 0;
	uint64_t start = (uint64_t)l->off + hl, cap = f->pkt->caplen;
	uint64_t n = start < cap ? cap - start : 0;
	*len = (uint32_t)(k.payload < n ? k.payload : n);
	*data = frame + (start < cap ? start : cap);
	return true;
}

/* TCP in-order rule (tui_follow.h): trim data to what is new in its
 * direction; counts what was skipped. */
static void tcp_trim(struct tui_follow *f, struct tui_follow_ck *s, unsigned d,
		     const struct ps_tcp *t, const uint8_t **data, uint32_t *len)
{
	uint32_t seq = t->seq + ((t->flags & 0x02) ? 1u : 0u); /* SYN takes one number */
	uint32_t end = seq + *len;
	if (!s->have[d]) {
		s->have[d] = true;
		s->next[d] = end;
		return;
	}
	if (*len == 0)
		return;
	int32_t behind = (int32_t)(s->next[d] - seq);
	if (behind <= 0) { /* in order, or after a gap */
		s->next[d] = end;
		return;
	}
	if ((uint32_t)behind >= *len) { /* all of it was shown already */
		*len = 0;
		f->retrans++;
		return;
	}
	*data += behind;
	*len -= (uint32_t)behind;
	s->next[d] = end;
	f->retrans++;
}

static void add_ck(struct tui_follow *f, const struct tui_follow_ck *s)
{
	if (f->nck == TUI_FOLLOW_CK) { /* keep every other one, twice the spacing */
		unsigned n = 0;
		for (unsigned i = 0; i < f->nck; i += 2)
			f->ck[n++] = f->ck[i];
		f->nck = n;
		f->every *= 2;
	}
	f->ck[f->nck++] = *s;
}

/* The next line of a payload from *pos: its length. */
static uint32_t line_len(const struct tui_follow *f, const uint8_t *data, uint32_t len,
			 uint32_t pos)
{
	uint32_t max = f->hex ? 16u : f->width, n = 0;
	while (pos + n < len && n < max) {
		n++;
		if (!f->hex && data[pos + n - 1] == '\n')
			break;
	}
	return n;
}

/* Decode from the checkpoint at or before line `top` (or, with want_pkt,
 * before that packet): store lines top.. into the window, up to rows.
 * With want_pkt != UINT64_MAX, returns the number of the first line of the
 * first stream packet at or after want_pkt (no window). */
static uint64_t run(struct tui_follow *f, uint64_t top, unsigned rows, uint64_t want_pkt)
{
	unsigned c = 0;
	for (unsigned i = 1; i < f->nck; i++)
		if (want_pkt != UINT64_MAX ? f->ck[i].pkt <= want_pkt : f->ck[i].line <= top)
			c = i;
	struct tui_follow_ck s = f->ck[c];
	uint64_t last_ck = f->ck[f->nck - 1].pkt, since = 0;
	f->nwin = 0;
	if (rows > TUI_FOLLOW_WIN)
		rows = TUI_FOLLOW_WIN;
	uint64_t count = tui_store_count(f->st), hi = f->conv.last_pkt;
	for (uint64_t i = s.pkt; i <= hi && i < count; i++) {
		const uint8_t *data;
		uint32_t len;
		unsigned d;
		const struct ps_tcp *t;
		if (!stream_payload(f, i, &data, &len, &d, &t))
			continue;
		if (want_pkt != UINT64_MAX && i >= want_pkt)
			return s.line;
		if (i > last_ck && ++since >= f->every) {
			s.pkt = i;
			add_ck(f, &s);
			last_ck = i;
			since = 0;
		}
		if (t)
			tcp_trim(f, &s, d, t, &data, &len);
		for (uint32_t pos = 0; pos < len;) {
			uint32_t n = line_len(f, data, len, pos);
			if (s.line >= top && f->nwin < rows) {
				struct tui_follow_line *l = &f->win[f->nwin++];
				l->pkt = i;
				l->off = s.off[d];
				l->dir = (uint8_t)d;
				l->len = (uint16_t)n;
				memcpy(l->b, data + pos, n);
			}
			s.line++;
			s.off[d] += n;
			pos += n;
		}
		if (rows && f->nwin == rows && want_pkt == UINT64_MAX)
			return top;
	}
	if (hi < count) { /* read to the conversation's last packet */
		f->end_known = true;
		f->total = s.line;
	}
	return s.line;
}

void tui_follow_fill(struct tui_follow *f, uint64_t top, unsigned rows)
{
	f->top = top;
	f->retrans = 0;
	run(f, top, rows, UINT64_MAX);
}

void tui_follow_scroll(struct tui_follow *f, int64_t delta, unsigned rows)
{
	int64_t top = (int64_t)f->top + delta;
	if (top < 0)
		top = 0;
	if (f->end_known) {
		int64_t max = f->total > rows ? (int64_t)(f->total - rows) : 0;
		if (top > max)
			top = max;
	}
	tui_follow_fill(f, (uint64_t)top, rows);
	if (f->nwin < rows && f->end_known && f->top > 0 && delta > 0) {
		/* ran past the end: show the last screen */
		uint64_t max = f->total > rows ? f->total - rows : 0;
		if (max != f->top)
			tui_follow_fill(f, max, rows);
	}
}

void tui_follow_home(struct tui_follow *f, bool end, unsigned rows)
{
	if (end && !f->end_known)
		run(f, UINT64_MAX, 0, UINT64_MAX); /* count the lines once */
	tui_follow_fill(f, end && f->total > rows ? f->total - rows : 0, rows);
}

void tui_follow_set_mode(struct tui_follow *f, bool hex, unsigned width, unsigned rows)
{
	uint64_t at = f->nwin ? f->win[0].pkt : f->conv.first_pkt;
	f->hex = hex;
	f->width = width < 1 ? 1 : width > TUI_FOLLOW_LINE_MAX ? TUI_FOLLOW_LINE_MAX : width;
	reset(f);
	uint64_t line = run(f, 0, 0, at);
	tui_follow_fill(f, line, rows);
}

void tui_follow_text(const struct tui_follow *f, const struct tui_follow_line *l, char *out,
		     size_t n)
{
	size_t o = 0;
	int w = snprintf(out, n, "%s ", l->dir ? "<" : ">");
	o = w > 0 && (size_t)w < n ? (size_t)w : 0;
	if (f->hex) {
		w = snprintf(out + o, n - o, "%08llx  ", (unsigned long long)l->off);
		o += w > 0 && (size_t)w < n - o ? (size_t)w : 0;
		for (unsigned i = 0; i < 16 && o + 4 < n; i++) {
			if (i < l->len)
				snprintf(out + o, n - o, "%02x ", l->b[i]);
			else
				snprintf(out + o, n - o, "   ");
			o += 3;
			if (i == 7 && o + 1 < n)
				out[o++] = ' ';
		}
		if (o + 1 < n)
			out[o++] = ' ';
	}
	for (unsigned i = 0; i < l->len && o + 1 < n; i++) {
		uint8_t c = l->b[i];
		if (c == '\n' && !f->hex)
			continue; /* the line ends there */
		out[o++] = c >= 0x20 && c < 0x7f ? (char)c : '.';
	}
	out[o < n ? o : n - 1] = 0;
}
