/* SPDX-License-Identifier: BSD-2-Clause */
/* tcp_reasm.c - TCP byte-stream reassembly (policies in tcp_reasm.h and
 * docs/reassembly.md).
 *
 * A stream is `next` (the first byte not yet delivered) plus a list of
 * buffered out-of-order nodes sorted by sequence number that never overlap
 * each other and all start after `next`.  A segment is trimmed to the bytes
 * after `next`; if it then starts at `next` it is delivered from the
 * caller's buffer, interleaved with buffered nodes it runs into (their bytes
 * win), otherwise its bytes not covered by a node are copied into new nodes.
 */
#include <stdlib.h>
#include <string.h>

#include "tcp_reasm.h"

struct ps_tcp_node {
	struct ps_tcp_node *prev, *next;   /* the owner stream's list, by sequence */
	struct ps_tcp_node *older, *newer; /* the budget's list, by arrival */
	struct ps_tcp_stream *owner;
	uint32_t origin; /* the owner's serial of the segment it came from */
	uint32_t seq;
	uint32_t len;    /* sequence space covered */
	uint32_t caplen; /* bytes held; the rest of len was never captured */
	uint8_t data[];
};

static size_t node_charge(uint32_t caplen)
{
	return sizeof(struct ps_tcp_node) + caplen;
}

void ps_tcp_budget_init(struct ps_tcp_budget *b, size_t limit)
{
	memset(b, 0, sizeof *b);
	b->limit = limit ? limit : PS_TCP_REASM_DEFAULT_MEM;
	b->stream_cap = PS_TCP_REASM_DEFAULT_STREAM_CAP;
	b->stream_max_segs = PS_TCP_REASM_DEFAULT_MAX_SEGS;
}

void ps_tcp_stream_init(struct ps_tcp_stream *s, struct ps_tcp_budget *b,
			ps_tcp_deliver_fn deliver, void *user)
{
	memset(s, 0, sizeof *s);
	s->b = b;
	s->deliver = deliver;
	s->user = user;
}

/* Take n out of both lists, give its charge back and free it. */
static void node_drop(struct ps_tcp_node *n)
{
	struct ps_tcp_stream *s = n->owner;
	struct ps_tcp_budget *b = s->b;
	*(n->prev ? &n->prev->next : &s->head) = n->next;
	*(n->next ? &n->next->prev : &s->tail) = n->prev;
	*(n->older ? &n->older->newer : &b->oldest) = n->newer;
	*(n->newer ? &n->newer->older : &b->newest) = n->older;
	size_t charge = node_charge(n->caplen);
	b->used -= charge;
	s->held -= charge;
	s->nsegs--;
	free(n);
}

/* Deliver n bytes of the segment with serial `origin`. */
static void emit(struct ps_tcp_stream *s, uint32_t origin, const uint8_t *p, uint32_t n)
{
	if (!n)
		return;
	s->rec_start = origin != s->last_origin;
	s->last_origin = origin;
	s->deliver(s->user, p, n);
	s->delivered += n;
	s->b->c.bytes += n;
}

static uint32_t emit_gap(struct ps_tcp_stream *s, uint32_t n)
{
	if (!n)
		return 0;
	s->deliver(s->user, NULL, n);
	s->gap_bytes += n;
	s->b->c.gaps++;
	s->b->c.gap_bytes += n;
	return PS_TCP_R_GAP;
}

/* Deliver the sequence range [from, to) of a segment starting at seq: its
 * captured bytes as data, the bytes past caplen as a gap. */
static uint32_t emit_range(struct ps_tcp_stream *s, uint32_t origin, uint32_t seq,
			   const uint8_t *p, uint32_t caplen, uint32_t from, uint32_t to)
{
	uint32_t a = from - seq, z = to - seq;
	uint32_t capz = z < caplen ? z : caplen;
	if (a < capz)
		emit(s, origin, p + a, capz - a);
	s->next = to;
	return PS_TCP_R_DELIVERED | emit_gap(s, z - (a > capz ? a : capz));
}

/* Deliver node n (it starts at next) and free it.  The part of it inside
 * the in-order segment being delivered counts as that segment's bytes
 * (tshark writes the segment whole, then what the piece adds after it). */
static uint32_t node_emit(struct ps_tcp_node *n)
{
	struct ps_tcp_stream *s = n->owner;
	uint32_t fl = 0, end = n->seq + n->len, cut = n->seq;
	if (s->in_seg && PS_SEQ_LT(n->seq, s->seg_end)) {
		cut = PS_SEQ_LT(s->seg_end, end) ? s->seg_end : end;
		fl |= emit_range(s, s->serial, n->seq, n->data, n->caplen, n->seq, cut);
	}
	if (cut != end)
		fl |= emit_range(s, n->origin, n->seq, n->data, n->caplen, cut, end);
	node_drop(n);
	return fl;
}

/* Deliver the buffered nodes that now continue the stream. */
static uint32_t drain(struct ps_tcp_stream *s)
{
	uint32_t fl = 0;
	while (s->head && s->head->seq == s->next)
		fl |= node_emit(s->head);
	return fl;
}

/* Give up on the hole before the first node: report it, deliver what follows. */
static uint32_t skip_hole(struct ps_tcp_stream *s)
{
	uint32_t fl = emit_gap(s, s->head->seq - s->next);
	s->next = s->head->seq;
	return fl | drain(s);
}

/* The global limit: drop the oldest buffered node of any stream. */
static void evict_oldest(struct ps_tcp_budget *b)
{
	struct ps_tcp_node *n = b->oldest;
	n->owner->pending |= PS_TCP_R_MEM_DROP;
	b->c.mem_drops++;
	b->c.mem_drop_bytes += n->len;
	node_drop(n);
}

/* Compare a segment with node n where both hold bytes (first wins: n is
 * kept).  Counts the segment's overlapping bytes as retransmitted. */
static uint32_t overlap(struct ps_tcp_stream *s, const struct ps_tcp_node *n, uint32_t seq,
			const uint8_t *p, uint32_t caplen, uint32_t len)
{
	uint32_t x = PS_SEQ_GT(n->seq, seq) ? n->seq : seq;
	uint32_t y = PS_SEQ_LT(n->seq + n->len, seq + len) ? n->seq + n->len : seq + len;
	if (!PS_SEQ_LT(x, y))
		return 0;
	s->b->c.retrans_bytes += y - x;
	uint32_t cy = y;
	if (PS_SEQ_LT(seq + caplen, cy))
		cy = seq + caplen;
	if (PS_SEQ_LT(n->seq + n->caplen, cy))
		cy = n->seq + n->caplen;
	if (PS_SEQ_LT(x, cy) && memcmp(p + (x - seq), n->data + (x - n->seq), cy - x))
		return PS_TCP_R_RETRANS | PS_TCP_R_OVERLAP;
	return PS_TCP_R_RETRANS;
}

/* The segment starts at next: deliver it, giving way to buffered nodes. */
static uint32_t in_order(struct ps_tcp_stream *s, uint32_t seq, const uint8_t *p,
			 uint32_t caplen, uint32_t len)
{
	uint32_t fl = 0, end = seq + len;
	s->b->c.in_order++;
	s->in_seg = true;
	s->seg_end = end;
	while (PS_SEQ_LT(s->next, end)) {
		struct ps_tcp_node *n = s->head;
		if (n && n->seq == s->next) {
			fl |= overlap(s, n, seq, p, caplen, len) | node_emit(n);
			continue;
		}
		uint32_t stop = n && PS_SEQ_LT(n->seq, end) ? n->seq : end;
		fl |= emit_range(s, s->serial, seq, p, caplen, s->next, stop);
	}
	s->in_seg = false;
	return fl | drain(s);
}

/* Copy [from, to) of the segment into a new node before `at` (NULL: last). */
static void node_add(struct ps_tcp_stream *s, struct ps_tcp_node *at, uint32_t seq,
		     const uint8_t *p, uint32_t caplen, uint32_t from, uint32_t to)
{
	struct ps_tcp_budget *b = s->b;
	uint32_t a = from - seq, z = to - seq;
	uint32_t cap = a < caplen ? (z < caplen ? z : caplen) - a : 0;
	struct ps_tcp_node *n = malloc(node_charge(cap));
	if (!n) { /* treated as the limit: the bytes are lost */
		s->pending |= PS_TCP_R_MEM_DROP;
		b->c.mem_drops++;
		b->c.mem_drop_bytes += z - a;
		return;
	}
	n->owner = s;
	n->origin = s->serial;
	n->seq = from;
	n->len = z - a;
	n->caplen = cap;
	if (cap)
		memcpy(n->data, p + a, cap);
	n->next = at;
	n->prev = at ? at->prev : s->tail;
	*(n->prev ? &n->prev->next : &s->head) = n;
	*(at ? &at->prev : &s->tail) = n;
	n->older = b->newest;
	n->newer = NULL;
	*(b->newest ? &b->newest->newer : &b->oldest) = n;
	b->newest = n;
	size_t charge = node_charge(cap);
	b->used += charge;
	if (b->used > b->peak)
		b->peak = b->used;
	s->held += charge;
	s->nsegs++;
	b->c.buffered++;
}

/* Walk the nodes an out-of-order segment meets.  Dry run (commit false):
 * count the pieces not yet covered and what they would cost.  Commit:
 * compare the covered parts and copy the pieces. */
static uint32_t ooo_walk(struct ps_tcp_stream *s, bool commit, uint32_t seq, const uint8_t *p,
			 uint32_t caplen, uint32_t len, uint32_t *pieces, size_t *need)
{
	uint32_t fl = 0, end = seq + len, cur = seq;
	struct ps_tcp_node *n = s->head;
	if (s->tail && PS_SEQ_LEQ(s->tail->seq + s->tail->len, seq))
		n = NULL; /* appending: the common case */
	while (n && PS_SEQ_LEQ(n->seq + n->len, seq))
		n = n->next;
	*pieces = 0;
	*need = 0;
	for (;; n = n->next) {
		uint32_t stop = n && PS_SEQ_LT(n->seq, end) ? n->seq : end;
		if (PS_SEQ_LT(cur, stop)) {
			uint32_t a = cur - seq, z = stop - seq;
			++*pieces;
			*need += node_charge(a < caplen ? (z < caplen ? z : caplen) - a : 0);
			if (commit)
				node_add(s, n, seq, p, caplen, cur, stop);
		}
		if (!n || !PS_SEQ_LT(n->seq, end))
			break;
		if (commit)
			fl |= overlap(s, n, seq, p, caplen, len);
		if (PS_SEQ_GT(n->seq + n->len, cur))
			cur = n->seq + n->len;
	}
	return fl | (*pieces ? PS_TCP_R_BUFFERED : 0);
}

/* Data [seq, seq+len) of a segment (after its SYN, if any). */
static uint32_t add_data(struct ps_tcp_stream *s, uint32_t seq, const uint8_t *p,
			 uint32_t caplen, uint32_t len)
{
	struct ps_tcp_budget *b = s->b;
	uint32_t fl = 0;
	for (;;) {
		if (PS_SEQ_LEQ(seq + len, s->next)) { /* all of it seen before */
			b->c.retrans_bytes += len;
			return fl | PS_TCP_R_RETRANS;
		}
		if (PS_SEQ_LT(seq, s->next)) { /* the head of it seen before */
			uint32_t skip = s->next - seq, pskip = skip < caplen ? skip : caplen;
			b->c.retrans_bytes += skip;
			fl |= PS_TCP_R_RETRANS;
			seq += skip;
			len -= skip;
			p += pskip;
			caplen -= pskip;
		}
		if (seq == s->next)
			return fl | in_order(s, seq, p, caplen, len);
		uint32_t pieces;
		size_t need;
		ooo_walk(s, false, seq, p, caplen, len, &pieces, &need);
		bool stream_full = s->nsegs + pieces > b->stream_max_segs ||
				   s->held + need > b->stream_cap;
		if (!stream_full && b->used + need > b->limit && b->oldest) {
			evict_oldest(b);
			continue;
		}
		if (stream_full || b->used + need > b->limit) {
			/* stop waiting for the first hole: the bytes after it
			 * (buffered, or this segment) go on */
			if (s->head && PS_SEQ_LT(s->head->seq, seq)) {
				fl |= skip_hole(s);
			} else {
				fl |= emit_gap(s, seq - s->next);
				s->next = seq;
			}
			continue;
		}
		return fl | ooo_walk(s, true, seq, p, caplen, len, &pieces, &need);
	}
}

static uint32_t flush_all(struct ps_tcp_stream *s)
{
	uint32_t fl = 0;
	while (s->head)
		fl |= skip_hole(s);
	return fl;
}

/* Close the stream at the FIN's sequence number `fin`: buffered data goes
 * out with its gaps, a hole up to the FIN is a gap. */
static uint32_t close_at(struct ps_tcp_stream *s, uint32_t fin)
{
	uint32_t fl = flush_all(s) | PS_TCP_R_CLOSED;
	if (PS_SEQ_LT(s->next, fin)) {
		fl |= emit_gap(s, fin - s->next);
		s->next = fin;
	}
	s->state = PS_TCPS_CLOSED;
	s->fin_wait = false;
	return fl;
}

/* A FIN waiting behind a hole closes the stream once nothing is buffered
 * (the hole was filled or given up). */
static uint32_t fin_check(struct ps_tcp_stream *s)
{
	return s->fin_wait && !s->head ? close_at(s, s->fin_seq) : 0;
}

/* A segment after FIN or RST. */
static uint32_t after_close(struct ps_tcp_stream *s, const struct ps_tcp_seg *seg)
{
	uint32_t len = seg->len + ((seg->flags & PS_TCPF_FIN) != 0);
	if (!len)
		return 0;
	if (PS_SEQ_LEQ(seg->seq + seg->len, s->next)) {
		s->b->c.retrans_bytes += seg->len;
		return PS_TCP_R_RETRANS;
	}
	s->b->c.after_close++;
	return PS_TCP_R_AFTER_CLOSE;
}

/* A SYN: the ISN of a new stream, or a copy of the one seen.  Returns
 * false when the SYN names another ISN (ignored: whether this is a new
 * connection on the same ports is the flow table's call). */
static bool syn(struct ps_tcp_stream *s, uint32_t seq, uint32_t len, uint32_t *fl)
{
	if (s->state == PS_TCPS_NEW) {
		s->state = PS_TCPS_OPEN;
		s->syn_seen = true;
		s->isn = seq;
		s->next = seq + 1;
		return true;
	}
	if (s->syn_seen && seq == s->isn) {
		if (!len)
			*fl |= PS_TCP_R_RETRANS;
		return true;
	}
	return false;
}

uint32_t ps_tcp_stream_add(struct ps_tcp_stream *s, const struct ps_tcp_seg *seg)
{
	struct ps_tcp_budget *b = s->b;
	uint32_t fl = 0, seq = seg->seq, len = seg->len;
	uint32_t caplen = seg->caplen < len ? seg->caplen : len;
	b->c.segments++;
	s->serial++;
	if (s->state == PS_TCPS_CLOSED) {
		fl = after_close(s, seg);
	} else if (s->fin_wait && (PS_SEQ_GT(seq + len, s->fin_seq) ||
				   ((seg->flags & PS_TCPF_FIN) && seq + len != s->fin_seq))) {
		/* past the FIN that waits for its hole: data or a FIN after the end */
		s->b->c.after_close++;
		fl = PS_TCP_R_AFTER_CLOSE;
	} else if ((seg->flags & PS_TCPF_SYN) && !syn(s, seq, len, &fl)) {
		fl = 0;
	} else {
		if (seg->flags & PS_TCPF_SYN) {
			seq++;
		} else if (s->state == PS_TCPS_NEW) {
			s->state = PS_TCPS_OPEN;
			s->midstream = true;
			s->next = seq;
			b->c.midstream++;
			fl |= PS_TCP_R_MIDSTREAM;
		}
		if (seg->flags & PS_TCPF_RST) { /* RFC 9293 3.5.3: its data is not delivered */
			fl |= flush_all(s) | PS_TCP_R_CLOSED;
			s->state = PS_TCPS_CLOSED;
		} else {
			if (len)
				fl |= add_data(s, seq, seg->data, caplen, len);
			if ((seg->flags & PS_TCPF_FIN) && s->head) {
				/* data behind a hole: wait for it as without FIN */
				s->fin_wait = true;
				s->fin_seq = seq + len;
			} else if (seg->flags & PS_TCPF_FIN) {
				fl |= close_at(s, seq + len);
			}
			fl |= fin_check(s);
		}
	}
	if (fl & PS_TCP_R_RETRANS)
		b->c.retrans_segs++;
	if (fl & PS_TCP_R_OVERLAP)
		b->c.overlaps++;
	fl |= s->pending;
	s->pending = 0;
	return fl;
}

uint32_t ps_tcp_stream_acked(struct ps_tcp_stream *s, uint32_t ack)
{
	uint32_t fl = 0;
	while (s->head && PS_SEQ_GT(ack, s->head->seq))
		fl |= skip_hole(s);
	return fl | fin_check(s);
}

uint32_t ps_tcp_stream_flush(struct ps_tcp_stream *s)
{
	uint32_t fl = flush_all(s) | fin_check(s) | s->pending;
	s->pending = 0;
	return fl;
}

void ps_tcp_stream_free(struct ps_tcp_stream *s)
{
	while (s->head)
		node_drop(s->head);
}

unsigned ps_tcp_reasm_events(uint32_t rflags, enum ps_event_code *out, unsigned max)
{
	static const struct ps_flag_event map[] = {
		{PS_TCP_R_OVERLAP, PS_EV_TCP_REASSEMBLY_OVERLAP},
		{PS_TCP_R_GAP, PS_EV_TCP_REASSEMBLY_GAP},
		{PS_TCP_R_MEM_DROP, PS_EV_TCP_REASSEMBLY_MEM_DROP},
	};
	if (!(rflags & PS_TCP_R_EVENTS))
		return 0; /* most segments: no walk over the table */
	return ps_events_from_flags(rflags, map, sizeof map / sizeof map[0], out, max);
}
