/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_rows.c - the packet-list rows and the selected packet, dissected only
 * when they are on screen and cached by packet number. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dis_http.h"
#include "ps_dissect.h"
#include "ps_render.h"
#include "tui_model.h"

/* Seconds since the first packet.  In 128 bits: the reader's seconds span
 * +-PS_PCAP_SEC_MAX, whose difference in ns overflows 64 bits, and a damaged
 * pcap's fraction (up to 2^32 - 1 "µs") times 1000 overflows 32. */
static void time_col(struct tui_row *row, const struct ps_packet *p, const struct tui_model *m)
{
	int64_t frac_ns = p->ts_nano ? (int64_t)p->ts_frac : (int64_t)p->ts_frac * 1000;
	__int128 ns = ((__int128)p->ts_sec - m->t0_sec) * 1000000000 + frac_ns - m->t0_ns;
	const char *sign = ns < 0 ? "-" : "";
	unsigned __int128 a = (unsigned __int128)(ns < 0 ? -ns : ns);
	snprintf(row->time, sizeof row->time, "%s%" PRIu64 ".%06u", sign,
		 (uint64_t)(a / 1000000000u), (unsigned)(a % 1000000000u / 1000u));
}

/* Fill one row from a dissected packet: the columns the stage gives it
 * when the conversations scan kept them (tui_cols.h), else its frame's. */
static void row_format(struct tui_row *row, struct ps_packet *p, const struct tui_model *m)
{
	struct tui_cols c;
	snprintf(row->no, sizeof row->no, "%" PRIu64, p->n);
	time_col(row, p, m);
	snprintf(row->len, sizeof row->len, "%u", p->len);
	int kept = m->cols_of ? m->cols_of(m, row->pkt, &c) : 0;
	if (kept <= 0)
		tui_cols_of(p, &c);
	row->wait = kept < 0;
	memcpy(row->src, c.src, sizeof row->src);
	memcpy(row->dst, c.dst, sizeof row->dst);
	memcpy(row->proto, c.proto, sizeof row->proto);
	memcpy(row->info, c.info, sizeof row->info);
	row->cls = c.cls;
}

static const char *iface_of(const struct tui_model *m)
{
	return m->st->live ? m->st->name : 0;
}

static void fill_row(struct tui_model *m, struct tui_row *row, uint64_t pkt)
{
	struct tui_rec r;
	row->pkt = pkt;
	if (tui_store_read(m->st, pkt, &r, m->rowbuf, TUI_FRAME_MAX)) {
		memset(row, 0, sizeof *row);
		row->pkt = pkt;
		snprintf(row->no, sizeof row->no, "%" PRIu64, pkt + 1);
		snprintf(row->info, sizeof row->info, "(unreadable)");
		row->cls = TUI_C_BAD;
		return;
	}
	tui_packet_load(m->rowpkt, pkt, &r, m->rowbuf, iface_of(m));
	row_format(row, m->rowpkt, m);
}

/* The replay, created at the first selection that needs it (main has set
 * the stage's options by then).  NULL: out of memory, or nothing to run. */
static struct tui_replay *replay_of(struct tui_model *m)
{
	if (m->replay || (!m->stage.defrag && !m->stage.flow))
		return m->replay;
	struct tui_replay *r = malloc(sizeof *r);
	if (r && tui_replay_init(r, m->st, &m->stage, iface_of(m))) {
		free(r);
		r = 0;
	}
	return m->replay = r;
}

/* The selected packet's record as the command line's stage leaves it
 * (tui_replay.h: defragmentation, its conversation replayed through a flow
 * table with reassembly and the stream decoders), with the generated lines
 * saying where reassembled bytes came from.  Without a replay (no
 * conversation row, the bound cut it): the frame decoded alone with the
 * conversation's numbers from its row.  Returns the number of notes. */
static unsigned staged(struct tui_model *m, struct tui_tree_note *notes)
{
	struct tui_replay *rp = replay_of(m);
	const struct ps_packet *q = 0;
	struct tui_conv_row row;
	unsigned n = 0;
	if (rp && tui_replay_is_fragment(m->pkt) && (q = tui_replay_defrag(rp, m->sel_pkt)))
		ps_packet_copy(m->pkt, q); /* its datagram's layers give the conversation */
	int rc = m->conv_of ? m->conv_of(m, m->pkt, m->sel_pkt, &row) : 0;
	m->note_retry = rc < 0;
	const struct ps_packet *c = rp && rc > 0 ? tui_replay_conv(rp, m->sel_pkt, &row,
								     m->sel_flow_id)
					       : 0;
	if (c && c->flow.id)
		ps_packet_copy(m->pkt, c);
	else if (m->flow_note && rc > 0)
		m->flow_note(m, m->pkt, m->sel_pkt, m->sel_flow_id);
	m->sel_bytes = 0;
	for (unsigned i = 0; rp && (c || q) && i < rp->nmark; i++) {
		if (c && rp->bytes.mark == (int)i) { /* what the marker's frames delivered */
			m->sel_bytes = &rp->bytes;
			m->sel_bytes_note = n;
			m->sel_bytes_layer = rp->mark[i].layer;
		}
		tui_replay_mark_text(&rp->mark[i], m->sel_note[n], sizeof m->sel_note[n]);
		notes[n] = (struct tui_tree_note){rp->mark[i].layer, m->sel_note[n], true};
		n++;
	}
	if (rp && rp->cut) {
		snprintf(m->sel_note[n], sizeof m->sel_note[n],
			 "[stream not reassembled here: %" PRIu64 " packets to replay, bound %u]",
			 rp->cut, TUI_REPLAY_MAX);
		int at = m->pkt->flow.l4_layer >= 0 ? m->pkt->flow.l4_layer : m->pkt->nlayers - 1;
		notes[n] = (struct tui_tree_note){at, m->sel_note[n], false};
		n++;
	}
	return n;
}

/* Decode the selected frame (m->frame) again and build its tree. */
static void build_selected(struct tui_model *m)
{
	struct tui_tree_note notes[TUI_REPLAY_MARKS + 1];
	tui_packet_load(m->pkt, m->sel_pkt, &m->sel_rec, m->frame, iface_of(m));
	m->pkt->flow = (struct ps_flow_note){.tcp_layer = -1, .l4_layer = -1};
	unsigned n = staged(m, notes);
	tui_tree_build_notes(m->tree, m->pkt, notes, n);
}

static void load_selected(struct tui_model *m, uint64_t pkt)
{
	m->sel_pkt = pkt;
	m->hex_top = 0;
	m->sel_bytes = 0;
	m->sel_ok = pkt != TUI_NONE &&
		    tui_store_read(m->st, pkt, &m->sel_rec, m->frame, TUI_FRAME_MAX) == 0;
	if (!m->sel_ok) {
		m->note_retry = false;
		tui_tree_clear(m->tree);
		return;
	}
	build_selected(m);
	tui_tree_move(m->tree, 0, m->lay.tree_h);
}

void tui_model_prepare(struct tui_model *m)
{
	if (m->lay.too_small)
		return;
	if (m->note_retry && m->sel_ok) {
		/* the conversations scan had not reached it: ask (cheaply) again */
		struct tui_conv_row row;
		if (m->conv_of(m, m->pkt, m->sel_pkt, &row) >= 0)
			build_selected(m); /* open nodes are kept by key path */
	}
	for (uint64_t r = m->top; r < m->top + m->lay.list_h && r < m->shown; r++) {
		uint64_t pkt = tui_model_pkt_at(m, r);
		struct tui_row *row = &m->rows[pkt % TUI_ROWCACHE];
		struct tui_cols c;
		/* a row drawn before the conversations scan reached it: again once it has */
		if (row->pkt != pkt || (row->wait && m->cols_of(m, pkt, &c) >= 0))
			fill_row(m, row, pkt);
		size_t sw = strlen(row->src), dw = strlen(row->dst);
		if (sw > m->addr_seen || dw > m->addr_seen)
			m->addr_seen = (unsigned)(sw > dw ? sw : dw);
	}
	tui_layout_fit(&m->lay, m->addr_seen);
	uint64_t want = m->shown ? tui_model_pkt_at(m, m->sel) : TUI_NONE;
	if (want != m->sel_pkt)
		load_selected(m, want);
}

const struct tui_row *tui_model_row(const struct tui_model *m, uint64_t r)
{
	uint64_t pkt = tui_model_pkt_at(m, r);
	const struct tui_row *row = &m->rows[pkt % TUI_ROWCACHE];
	return row->pkt == pkt ? row : 0;
}

const struct tui_replay_bytes *tui_model_hex_rebuilt(const struct tui_model *m)
{
	const struct tui_tree *t = m->tree;
	const struct tui_node *c = m->sel_ok && t->n ? &t->nodes[t->cursor] : 0;
	const struct tui_replay_bytes *rb = m->sel_bytes;
	return c && (c->flags & TUI_N_PART) && rb && rb->len && c->note == m->sel_bytes_note ? rb
												 : 0;
}

/* The HTTP layer li's joined header block begins with its start line, whose
 * parts are in the record: the line's copy [*base, *base + *n) of p->side. */
static bool start_line(const struct ps_packet *p, int li, uint32_t *base, uint32_t *n)
{
	if (li < 0 || li >= p->nlayers || p->layers[li].proto != PS_P_HTTP ||
	    !p->layers[li].u.http.side || !p->layers[li].u.http.part[0].len)
		return false;
	const struct ps_http *h = &p->layers[li].u.http;
	uint32_t end = 0;
	for (unsigned i = 0; i < 3; i++)
		if (h->part[i].len && h->part[i].off + h->part[i].len > end)
			end = h->part[i].off + h->part[i].len;
	*base = h->part[0].off;
	*n = end - *base;
	return end <= PS_SIDE_BYTES;
}

bool tui_model_hex_field(const struct tui_model *m, uint32_t *lo, uint32_t *hi)
{
	const struct tui_replay_bytes *rb = tui_model_hex_rebuilt(m);
	const struct tui_node *c = rb ? &m->tree->nodes[m->tree->cursor] : 0;
	uint32_t base, n;
	if (c && (c->flags & TUI_N_STREAM)) { /* counted from this frame's first delivered byte */
		int64_t at = (int64_t)rb->feed_at + c->stream_off;
		if (at < 0 || at >= rb->len)
			return false;
		*lo = (uint32_t)at;
		*hi = c->stream_len < rb->len - *lo ? *lo + c->stream_len : rb->len;
		return true;
	}
	if (!c || !(c->flags & TUI_N_SIDE) || !start_line(m->pkt, m->sel_bytes_layer, &base, &n) ||
	    c->side_off < base || n > rb->len)
		return false;
	/* the line's last occurrence: the message this frame completes began last */
	for (uint32_t at = rb->len - n + 1; at-- > 0;) {
		if (memcmp(rb->buf + at, m->pkt->side + base, n))
			continue;
		*lo = at + (c->side_off - base);
		*hi = *lo + c->side_len;
		*hi = *hi < rb->len ? *hi : rb->len;
		return *lo < *hi;
	}
	return false;
}
