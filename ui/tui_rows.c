/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_rows.c - the packet-list rows and the selected packet, dissected only
 * when they are on screen and cached by packet number. */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ps_dissect.h"
#include "ps_render.h"
#include "tui_model.h"

/* The outermost top-level network layer with complete addresses, or -1. */
static int net_layer(const struct ps_packet *p)
{
	for (unsigned i = 0; i < p->nlayers; i++) {
		const struct ps_layer *l = &p->layers[i];
		if (l->parent >= 0)
			continue;
		if ((l->proto == PS_P_IPV4 && l->hdr_len >= 20 && l->u.ipv4.version == 4) ||
		    (l->proto == PS_P_IPV6 && l->hdr_len >= 40 && l->u.ipv6.version == 6))
			return (int)i;
	}
	return -1;
}

static int last_top(const struct ps_packet *p)
{
	int last = -1;
	for (unsigned i = 0; i < p->nlayers; i++)
		if (p->layers[i].parent < 0)
			last = (int)i;
	return last;
}

static void addr_cols(struct tui_row *row, const struct ps_packet *p)
{
	struct ps_out s, d;
	ps_out_open_mem(&s, row->src, sizeof row->src);
	ps_out_open_mem(&d, row->dst, sizeof row->dst);
	int n = net_layer(p), e = ps_packet_find(p, PS_P_ETH);
	if (n >= 0 && p->layers[n].proto == PS_P_IPV4) {
		ps_out_ipv4(&s, p->layers[n].u.ipv4.src);
		ps_out_ipv4(&d, p->layers[n].u.ipv4.dst);
	} else if (n >= 0) {
		ps_out_ipv6(&s, p->layers[n].u.ipv6.src);
		ps_out_ipv6(&d, p->layers[n].u.ipv6.dst);
	} else if (e >= 0 && p->layers[e].hdr_len >= 12) {
		ps_out_mac(&s, p->layers[e].u.eth.src, 6);
		ps_out_mac(&d, p->layers[e].u.eth.dst, 6);
	}
	ps_out_cstr(&s); /* memory mode: terminate the strings */
	ps_out_cstr(&d);
}

/* The Info column from the one-line text: the addresses the Source and
 * Destination columns already show are dropped, ports kept. */
/* The highest layer is an application layer carried by TCP/UDP (DNS, ...):
 * the Info column is the ports and that layer's own text, as Wireshark shows
 * the highest layer.  False when it is not. */
static bool app_info(const struct ps_packet *p, int li, char *out, size_t n)
{
	const struct ps_dissector *dis = li > 0 ? ps_registry_by_proto(p->layers[li].proto) : 0;
	const struct ps_layer *t = li > 0 ? &p->layers[li - 1] : 0;
	if (!dis || !dis->summary || t->parent != p->layers[li].parent || t->hdr_len < 4 ||
	    (t->proto != PS_P_TCP && t->proto != PS_P_UDP))
		return false;
	char buf[1024];
	struct ps_out o;
	struct ps_text_opts opts = {0};
	ps_out_open_mem(&o, buf, sizeof buf);
	dis->summary(p, (unsigned)li, &opts, &o);
	const char *s = ps_out_cstr(&o);
	while (*s == ' ')
		s++;
	bool tcp = t->proto == PS_P_TCP;
	snprintf(out, n, "%u > %u %s", tcp ? t->u.tcp.sport : t->u.udp.sport,
		 tcp ? t->u.tcp.dport : t->u.udp.dport, s);
	return true;
}

static void info_text(const struct ps_packet *p, char *out, size_t n)
{
	if (app_info(p, last_top(p), out, n))
		return;
	char buf[1024];
	struct ps_out o;
	struct ps_text_opts t = {0};
	ps_out_open_mem(&o, buf, sizeof buf);
	ps_render_text_body(p, &t, &o);
	const char *s = ps_out_cstr(&o), *q = s;
	/* one row: a VXLAN packet's inner frame goes on the same line */
	for (char *nl = strchr(buf, '\n'); nl; nl = strchr(nl, '\n'))
		*nl = ' ';
	if (!strncmp(q, "IP6 ", 4))
		q += 4;
	else if (!strncmp(q, "IP ", 3))
		q += 3;
	const char *gt = q != s ? strstr(q, " > ") : 0;
	const char *colon = gt ? strstr(gt + 3, ": ") : 0;
	if (!colon || memchr(gt + 3, ' ', (size_t)(colon - gt - 3))) {
		snprintf(out, n, "%s", s);
		return;
	}
	int li = last_top(p);
	const struct ps_layer *l = li >= 0 ? &p->layers[li] : 0;
	if (l && l->proto == PS_P_TCP && l->hdr_len >= 4)
		snprintf(out, n, "%u > %u %s", l->u.tcp.sport, l->u.tcp.dport, colon + 2);
	else if (l && l->proto == PS_P_UDP && l->hdr_len >= 4)
		snprintf(out, n, "%u > %u %s", l->u.udp.sport, l->u.udp.dport, colon + 2);
	else
		snprintf(out, n, "%s", colon + 2);
}

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

static uint8_t row_class(const struct ps_packet *p, int li)
{
	if (p->any_malformed)
		return TUI_C_BAD;
	switch (li >= 0 ? p->layers[li].proto : PS_P_NONE) {
	case PS_P_TCP: return TUI_C_TCP;
	case PS_P_UDP: return TUI_C_UDP;
	case PS_P_ICMP:
	case PS_P_ICMPV6: return TUI_C_ICMP;
	case PS_P_ARP: return TUI_C_ARP;
	default: return TUI_C_OTHER;
	}
}

/* Fill one row from a dissected packet. */
static void row_format(struct tui_row *row, const struct ps_packet *p, const struct tui_model *m)
{
	int li = last_top(p);
	snprintf(row->no, sizeof row->no, "%" PRIu64, p->n);
	time_col(row, p, m);
	addr_cols(row, p);
	snprintf(row->proto, sizeof row->proto, "%s",
		 li >= 0 ? tui_proto_name(p->layers[li].proto)
			 : (p->linktype_name ? p->linktype_name : "?"));
	snprintf(row->len, sizeof row->len, "%u", p->len);
	info_text(p, row->info, sizeof row->info);
	row->cls = row_class(p, li);
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
	for (unsigned i = 0; rp && (c || q) && i < rp->nmark; i++) {
		tui_replay_mark_text(&rp->mark[i], m->sel_note[n], sizeof m->sel_note[n]);
		notes[n] = (struct tui_tree_note){rp->mark[i].layer, m->sel_note[n]};
		n++;
	}
	if (rp && rp->cut) {
		snprintf(m->sel_note[n], sizeof m->sel_note[n],
			 "[stream not reassembled here: %" PRIu64 " packets to replay, bound %u]",
			 rp->cut, TUI_REPLAY_MAX);
		int at = m->pkt->flow.l4_layer >= 0 ? m->pkt->flow.l4_layer : m->pkt->nlayers - 1;
		notes[n] = (struct tui_tree_note){at, m->sel_note[n]};
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
		if (row->pkt != pkt)
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
