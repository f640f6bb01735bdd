/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_replay.c - the stage run again for the selected packet (tui_replay.h). */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dis_ipv6_ext.h"
#include "tui_packet.h"
#include "tui_replay.h"

int tui_replay_init(struct tui_replay *r, struct tui_store *st, const struct tui_stage_cfg *cfg,
		    const char *iface)
{
	memset(r, 0, sizeof *r);
	r->st = st;
	r->iface = iface;
	r->cfg = *cfg;
	if (cfg->flow) {
		r->fcfg = *cfg->flow;
		r->fcfg.mem_bytes = 16 * ps_flow_mem_per_flow(); /* one conversation */
		r->fcfg.stream_first = r->fcfg.stream_step = 0;
		r->cfg.flow = &r->fcfg;
	}
	r->pkt = calloc(1, sizeof *r->pkt);
	r->dir[0].buf = malloc(TUI_REPLAY_BUF);
	r->dir[1].buf = malloc(TUI_REPLAY_BUF);
	r->spare = malloc(TUI_REPLAY_BUF);
	r->bytes.mark = -1;
	if (!r->pkt || !r->dir[0].buf || !r->dir[1].buf || !r->spare || tui_seq_init(&r->seq)) {
		free(r->pkt);
		free(r->dir[0].buf);
		free(r->dir[1].buf);
		free(r->spare);
		memset(r, 0, sizeof *r);
		return -1;
	}
	return 0;
}

void tui_replay_free(struct tui_replay *r)
{
	tui_stage_free(r->stage);
	tui_stage_free(r->dstage);
	tui_seq_free(&r->seq);
	free(r->pkt);
	free(r->dir[0].buf);
	free(r->dir[1].buf);
	free(r->spare);
	memset(r, 0, sizeof *r);
}

/* The first IP layer of the record holding a fragment header (not inside
 * an ICMP error's quote: defrag_feed.c's choice), -1 none. */
static int frag_layer(const struct ps_packet *p, struct tui_replay_frag *out)
{
	for (unsigned i = 0; i < p->nlayers; i++) {
		const struct ps_layer *l = &p->layers[i];
		if (ps_packet_in_quote(p, (int)i))
			continue;
		if (l->proto == PS_P_IPV4 && l->hdr_len >= 20 &&
		    (l->u.ipv4.mf || l->u.ipv4.frag_off)) {
			*out = (struct tui_replay_frag){.n = p->n, .id = l->u.ipv4.id,
							.proto = l->u.ipv4.proto};
			memcpy(out->src, l->u.ipv4.src, 4);
			memcpy(out->dst, l->u.ipv4.dst, 4);
			return (int)i;
		}
		const struct ps_ipv6_ext *x = l->proto == PS_P_IPV6 && l->hdr_len >= 40 &&
						      l->u.ipv6.fragment
						      ? ps_ipv6_exts(p, &l->u.ipv6)
						      : 0;
		for (unsigned k = 0; x && k < l->u.ipv6.n_ext; k++) {
			if (x[k].type != 44)
				continue;
			*out = (struct tui_replay_frag){.n = p->n, .id = x[k].id, .v6 = 1,
							.proto = l->u.ipv6.upper};
			memcpy(out->src, l->u.ipv6.src, 16);
			memcpy(out->dst, l->u.ipv6.dst, 16);
			return (int)i;
		}
	}
	return -1;
}

bool tui_replay_is_fragment(const struct ps_packet *p)
{
	struct tui_replay_frag f;
	return frag_layer(p, &f) >= 0;
}

static bool same_datagram(const struct tui_replay_frag *a, const struct tui_replay_frag *b)
{
	return a->id == b->id && a->v6 == b->v6 && a->proto == b->proto &&
	       !memcmp(a->src, b->src, sizeof a->src) && !memcmp(a->dst, b->dst, sizeof a->dst);
}

static void mark_add(struct tui_replay_mark *m, uint64_t n)
{
	for (unsigned i = 0; i < m->n; i++)
		if (m->frames[i] == n)
			return;
	if (m->n < TUI_REPLAY_FRAMES)
		m->frames[m->n++] = n;
	m->total++;
}

/* The frame completed a datagram: its fragments remembered (frame order:
 * the ring is filled in frame order), forgotten now (a frame remembered
 * twice is listed once). */
static void defrag_mark(struct tui_replay *r, struct tui_replay_frags *fr,
			const struct ps_packet *p)
{
	struct tui_replay_frag me;
	if (frag_layer(p, &me) != p->defrag.ip || r->nmark == TUI_REPLAY_MARKS)
		return;
	struct tui_replay_mark m = {.layer = p->defrag.ip};
	for (unsigned k = 0; k < TUI_REPLAY_FRAGS; k++) {
		struct tui_replay_frag *f = &fr->v[(fr->at + k) % TUI_REPLAY_FRAGS];
		if (f->n && same_datagram(f, &me)) {
			mark_add(&m, f->n);
			f->n = 0;
		}
	}
	if (m.total > 1)
		r->mark[r->nmark++] = m;
}

static void dir_reset(struct tui_replay_dir *D)
{
	D->n = 0;
	D->total = 0;
	D->last = 0;
	D->len = 0;
	D->lost = 0;
}

static void dir_add(struct tui_replay_dir *D, uint64_t n)
{
	for (unsigned i = 0; i < D->n; i++)
		if (D->frames[i] == n)
			return;
	if (D->last == n)
		return;
	if (D->n < TUI_REPLAY_FRAMES)
		D->frames[D->n++] = n;
	D->total++;
	D->last = n;
}

/* Delivered bytes [from, from + len) of D's sequence space into its
 * buffer; those of segment `own` (the fed packet's, NULL: not this
 * direction's) noted. */
static void keep_bytes(struct tui_replay_dir *D, const struct tui_replay_seg *own, uint32_t from,
		       const uint8_t *data, uint32_t len)
{
	uint32_t n = TUI_REPLAY_BUF - D->len < len ? TUI_REPLAY_BUF - D->len : len;
	if (own) { /* own's range relative to from, clipped to what is kept */
		int64_t lo = (int32_t)(own->seq - from), hi = lo + own->len;
		lo = lo < 0 ? 0 : lo;
		hi = hi > n ? n : hi;
		if (lo < hi && D->own_hi <= D->own_lo)
			D->own_lo = D->len + (uint32_t)lo;
		if (lo < hi)
			D->own_hi = D->len + (uint32_t)hi;
	}
	memcpy(D->buf + D->len, data, n);
	D->len += n;
	D->lost += len - n;
}

/* Bytes delivered to direction dir: [next, next + len) of its sequence
 * space (tcp_reasm.c moves next after the call).  The segments holding
 * them join the direction's message, which starts here unless one was
 * under way. */
static void on_bytes(void *ctx, const struct ps_flow *f, unsigned dir, uint64_t frame,
		     const uint8_t *data, uint32_t len, unsigned flags)
{
	struct tui_replay *r = ctx;
	(void)frame;
	(void)flags;
	r->cur = f;
	if (!data || !len || f->kind != PS_FK_TCP)
		return;
	dir &= 1;
	struct tui_replay_dir *D = &r->dir[dir];
	if (!D->touched) {
		if (!D->mid)
			dir_reset(D);
		D->feed_at = D->len;
		D->own_lo = D->own_hi = 0;
	}
	D->touched = true;
	const uint8_t *src, *dst;
	uint16_t sport, dport;
	ps_flow_endpoints(f, &src, &sport, &dst, &dport);
	if (dir) {
		src = dst;
		sport = dport;
	}
	/* the oldest remembered segment holding the first byte: a buffered
	 * piece is the first copy (first wins), a retransmission comes later */
	uint32_t from = f->re.rs[dir].next;
	for (unsigned k = 0; k < TUI_REPLAY_SEGS; k++) {
		const struct tui_replay_seg *g = &r->seg[(r->seg_at + k) % TUI_REPLAY_SEGS];
		if (g->n && g->sport == sport && !memcmp(g->src, src, sizeof g->src) &&
		    (uint32_t)(from - g->seq) < g->len) {
			dir_add(D, g->n);
			break;
		}
	}
	bool own = r->own.n && r->own.sport == sport && !memcmp(r->own.src, src, sizeof r->own.src);
	keep_bytes(D, own ? &r->own : 0, from, data, len);
}

/* A message of direction d is under way in the stream decoders. */
static bool stream_mid(const struct ps_flow *f, unsigned d)
{
	if (f->kind != PS_FK_TCP)
		return false;
	const struct ps_tls_stream *t = &f->app.u.tls[d];
	const struct ps_http_stream *h = &f->app.u.http[d];
	const struct ps_dns_stream *s = &f->app.u.dns[d];
	return ps_srec_mid(&t->r) || (h->state == PS_HS_HEAD && (h->m.len || h->line)) ||
	       ps_srec_mid(&s->r);
}

/* The stream decoders' layer this frame completed, -1 none. */
static int stream_layer(const struct ps_packet *p)
{
	int tl = p->flow.tcp_layer, a = tl + 1;
	if (tl < 0 || a >= p->nlayers || p->layers[a].parent != p->layers[tl].parent ||
	    p->layers[a].nest != p->layers[tl].nest)
		return -1;
	const struct ps_layer *l = &p->layers[a];
	if ((l->proto == PS_P_TLS && l->u.tls.nrecords) || l->proto == PS_P_HTTP ||
	    l->proto == PS_P_DNS)
		return a;
	return -1;
}

/* The message's bytes are the marker's: D's buffer becomes the result's
 * (valid until the next feed) and D goes on in the spare one. */
static void keep_message(struct tui_replay *r, struct tui_replay_dir *D, int mark)
{
	r->bytes = (struct tui_replay_bytes){.mark = mark, .buf = D->buf, .len = D->len,
					     .lost = D->lost, .own_lo = D->own_lo,
					     .own_hi = D->own_hi, .feed_at = D->feed_at};
	uint8_t *b = D->buf;
	D->buf = r->spare;
	r->spare = b;
}

/* D's next message began in the fed packet's bytes (at feed_at of `from`,
 * D's buffer before keep_message): they are its first. */
static void restart(struct tui_replay_dir *D, const uint8_t *from)
{
	uint64_t last = D->last;
	uint32_t at = D->feed_at, len = D->len;
	dir_reset(D);
	dir_add(D, last);
	if (at < len)
		memmove(D->buf, from + at, len - at);
	D->len = at < len ? len - at : 0;
	D->feed_at = 0;
}

/* After the flow table took the packet: a marker when its direction
 * completed a message from several frames' bytes. */
static void stream_mark(struct tui_replay *r, const struct ps_packet *p)
{
	if (!r->cur)
		return;
	unsigned own = p->flow.dir & 1;
	int al = stream_layer(p);
	for (unsigned d = 0; d < 2; d++) {
		struct tui_replay_dir *D = &r->dir[d];
		bool done = d == own && al >= 0;
		if (!D->touched && !done)
			continue;
		bool marked = done && D->total > 1 && r->nmark < TUI_REPLAY_MARKS;
		if (marked) {
			struct tui_replay_mark *m = &r->mark[r->nmark++];
			*m = (struct tui_replay_mark){.layer = al, .n = D->n, .total = D->total};
			memcpy(m->frames, D->frames, sizeof m->frames);
			keep_message(r, D, (int)r->nmark - 1);
		}
		D->mid = stream_mid(r->cur, d);
		if (done && D->mid) /* the next message began in this frame's bytes */
			restart(D, marked ? r->bytes.buf : D->buf);
	}
}

/* The conversation's TCP segment in p (before the flow table), remembered. */
static void seg_note(struct tui_replay *r, const struct ps_packet *p, const struct ps_flow_key *key)
{
	struct ps_flow_pkt k;
	if (!key || !ps_flow_key_of(p, &k) || k.tl < 0 || memcmp(&k.key, key, sizeof *key))
		return;
	const struct ps_layer *l = &p->layers[k.tl];
	if (l->proto != PS_P_TCP || l->hdr_len < 20 || !l->u.tcp.has_len || !l->u.tcp.len)
		return;
	struct tui_replay_seg *g = &r->seg[r->seg_at];
	*g = (struct tui_replay_seg){.n = p->n, .len = l->u.tcp.len, .sport = l->u.tcp.sport,
				     .seq = l->u.tcp.seq + ((l->u.tcp.flags & 0x02) != 0)};
	memcpy(g->src, k.src, k.key.v6 ? 16 : 4);
	r->own = *g;
	r->seg_at = (r->seg_at + 1) % TUI_REPLAY_SEGS;
}

/* Read, dissect and stage packet index i; only conversation key (NULL:
 * none) goes to the flow table; fragments are remembered in fr.  0 ok, -1
 * read error. */
static int feed(struct tui_replay *r, struct tui_stage *s, struct tui_replay_frags *fr, uint64_t i,
		const struct ps_flow_key *key)
{
	struct tui_rec rec;
	const uint8_t *data;
	if (tui_store_seq(r->st, &r->seq, i, &rec, &data))
		return -1;
	struct ps_packet *p = r->pkt;
	tui_packet_load(p, i, &rec, data, r->iface);
	p->flow = (struct ps_flow_note){.tcp_layer = -1, .l4_layer = -1};
	r->nmark = 0;
	struct tui_replay_frag f;
	if (r->cfg.defrag && frag_layer(p, &f) >= 0) {
		fr->v[fr->at] = f;
		fr->at = (fr->at + 1) % TUI_REPLAY_FRAGS;
	}
	r->cur = 0;
	r->dir[0].touched = r->dir[1].touched = false;
	r->own.n = 0;
	r->bytes.mark = -1;
	tui_stage_defrag(s, p);
	seg_note(r, p, key);
	tui_stage_track(s, p, key);
	if (p->defrag.on)
		defrag_mark(r, fr, p);
	if (key && p->flow.id)
		stream_mark(r, p);
	return 0;
}

static void forget(struct tui_replay *r)
{
	memset(&r->frags, 0, sizeof r->frags);
	for (unsigned d = 0; d < 2; d++) { /* the buffers stay */
		uint8_t *b = r->dir[d].buf;
		memset(&r->dir[d], 0, sizeof r->dir[d]);
		r->dir[d].buf = b;
	}
	memset(r->seg, 0, sizeof r->seg);
	r->seg_at = 0;
}

const struct ps_packet *tui_replay_defrag(struct tui_replay *r, uint64_t sel)
{
	char e[256];
	r->nmark = 0;
	r->cut = 0;
	r->bytes.mark = -1;
	if (!r->cfg.defrag)
		return 0;
	struct tui_stage_cfg c = {.defrag = true};
	/* a table and a ring of its own: the conversation's run stays, to go on from */
	tui_stage_free(r->dstage);
	r->dstage = 0;
	if (tui_stage_new(&r->dstage, &c, false, 0, 0, e, sizeof e))
		return 0;
	memset(&r->wfrags, 0, sizeof r->wfrags);
	for (uint64_t i = sel > TUI_REPLAY_DEFRAG_BACK ? sel - TUI_REPLAY_DEFRAG_BACK : 0; i <= sel;
	     i++)
		if (feed(r, r->dstage, &r->wfrags, i, 0))
			return 0;
	return r->pkt;
}

const struct ps_packet *tui_replay_conv(struct tui_replay *r, uint64_t sel,
					const struct tui_conv_row *row, char id[PS_FLOW_ID_LEN])
{
	char e[256];
	r->cut = 0; /* the marks stay those of tui_replay_defrag until a packet is fed */
	if (!r->cfg.flow || sel < row->first_pkt)
		return 0;
	bool resume = r->stage && !memcmp(&r->key, &row->key, sizeof r->key) &&
		      r->first == row->first_pkt && r->next <= sel;
	uint64_t back = row->first_pkt > TUI_REPLAY_DEFRAG_BACK ? TUI_REPLAY_DEFRAG_BACK
								  : row->first_pkt;
	uint64_t from = resume ? r->next : row->first_pkt - back;
	if (sel - from >= TUI_REPLAY_MAX) {
		r->cut = sel - from + 1;
		r->bytes.mark = -1;
		return 0;
	}
	if (!resume) {
		tui_stage_free(r->stage);
		r->stage = 0;
		if (tui_stage_new(&r->stage, &r->cfg, true, 0, 0, e, sizeof e))
			return 0;
		tui_stage_set_consumer(r->stage, on_bytes, r);
		forget(r);
		r->key = row->key;
		r->first = row->first_pkt;
	}
	for (uint64_t i = from; i <= sel; i++) {
		/* before the conversation's first packet: defragmentation only */
		if (feed(r, r->stage, &r->frags, i, i >= row->first_pkt ? &row->key : 0)) {
			tui_stage_free(r->stage);
			r->stage = 0;
			return 0;
		}
	}
	r->next = sel + 1;
	struct ps_packet *p = r->pkt;
	if (!p->flow.id)
		return p; /* the frame is not of the conversation (cannot happen: same key) */
	memcpy(id, row->id, PS_FLOW_ID_LEN);
	p->flow.id = id;
	p->flow.stream = row->stream;
	return p;
}

void tui_replay_mark_text(const struct tui_replay_mark *m, char *out, size_t n)
{
	size_t k = (size_t)snprintf(out, n, "[reassembled from frames ");
	for (unsigned i = 0; i < m->n && k < n; i++)
		k += (size_t)snprintf(out + k, n - k, "%s%" PRIu64, i ? "," : "", m->frames[i]);
	if (k < n && m->total > m->n)
		k += (size_t)snprintf(out + k, n - k, ",... (%" PRIu64 " frames)", m->total);
	if (k < n)
		snprintf(out + k, n - k, "]");
}
