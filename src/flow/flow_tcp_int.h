/* SPDX-License-Identifier: BSD-2-Clause */
/* flow_tcp_int.h - private to src/flow: the per-packet TCP bookkeeping
 * (the rules: flow_tcp.c) as inline functions, so flow_track.c runs them
 * for every TCP packet without calls; flow_tcp.c wraps them (ps_flow.h).
 */
#ifndef FLOW_TCP_INT_H
#define FLOW_TCP_INT_H

#include "dis_tcp.h"
#include "ps_flow.h"
#include "reasm_record.h"

enum { ST_INACTIVE, ST_SYN_SENT, ST_SYN_ACK_SENT, ST_PARTIAL, ST_ESTABLISHED, ST_CLOSED, ST_RESET };
enum { FL_S, FL_H, FL_F, FL_R };

/* The bit of history letter c (as stored) in ps_flow's hseen, 0 for '^'. */
static inline uint64_t ftcp_hist_bit(char c)
{
	unsigned u = (unsigned char)c;
	if ((u | 0x20) < 'a' || (u | 0x20) > 'z')
		return 0;
	return (uint64_t)1 << ((u & 0x1f) + (u & 0x20)); /* upper 1-26, lower 33-58 */
}

/* Is the letter in the history?  A bit test, not a scan of the string:
 * every TCP packet asks for A or D. */
static inline bool ftcp_hist_has(const struct ps_flow *f, unsigned dir, char letter)
{
	char c = dir ? (char)(letter | 0x20) : (char)(letter & ~0x20);
	return (f->hseen & ftcp_hist_bit(c)) != 0;
}

static inline void ftcp_hist_once(struct ps_flow *f, unsigned dir, char letter)
{
	if (!ftcp_hist_has(f, dir, letter))
		ps_flow_hist_add(f, dir, letter);
}

/* S H F R: again when the sequence number differs from the last one. */
static inline void ftcp_hist_flag(struct ps_flow *f, unsigned dir, unsigned fl, char letter,
				  uint32_t seq)
{
	struct ps_flow_tcp *t = &f->tcp;
	if ((t->flag_seen[dir] & (1u << fl)) && t->flag_seq[dir][fl] == seq)
		return;
	t->flag_seen[dir] |= (uint8_t)(1u << fl);
	t->flag_seq[dir][fl] = seq;
	ps_flow_hist_add(f, dir, letter);
}

/* T W: a letter at the 1st, 10th, 100th, ... occurrence. */
static inline void ftcp_hist_log(struct ps_flow *f, unsigned dir, uint32_t *count, char letter)
{
	uint32_t n = ++*count;
	while (n % 10 == 0)
		n /= 10;
	if (n == 1)
		ps_flow_hist_add(f, dir, letter);
}

static inline void ftcp_update_state(struct ps_flow *f, unsigned dir, uint16_t flags)
{
	uint8_t *me = &f->tcp.state[dir], *peer = &f->tcp.state[!dir];
	bool syn = flags & TH_SYN, ack = flags & TH_ACK;

	if (*me == ST_INACTIVE && syn) {
		if (dir == 0) {
			*me = ack ? ST_SYN_ACK_SENT : ST_SYN_SENT;
		} else {
			if (*peer == ST_SYN_SENT || *peer == ST_SYN_ACK_SENT)
				*peer = ST_ESTABLISHED;
			*me = ST_ESTABLISHED;
		}
	} else if ((*me == ST_SYN_SENT || *me == ST_SYN_ACK_SENT) && ack && !syn &&
		   *peer == ST_ESTABLISHED) {
		*me = ST_ESTABLISHED;
	}
	if (flags & TH_RST) {
		*me = ST_RESET;
		return;
	}
	if (flags & TH_FIN) {
		if (*me != ST_RESET)
			*me = ST_CLOSED;
		return;
	}
	if (*me == ST_INACTIVE && !syn)
		*me = ST_PARTIAL;
}

static inline void ftcp_update_history(struct ps_flow *f, unsigned dir, const struct ps_tcp *t,
			   uint32_t payload)
{
	uint16_t fl = t->flags;
	bool syn = fl & TH_SYN, ack = fl & TH_ACK, fin = fl & TH_FIN, rst = fl & TH_RST;

	if (syn && (fin || rst))
		ftcp_hist_once(f, dir, 'Q');
	else if (fin && rst)
		ftcp_hist_once(f, dir, 'I');
	if (syn)
		ftcp_hist_flag(f, dir, ack ? FL_H : FL_S, ack ? 'H' : 'S', t->seq);
	if (fin)
		ftcp_hist_flag(f, dir, FL_F, 'F', t->seq);
	if (rst)
		ftcp_hist_flag(f, dir, FL_R, 'R', t->seq);
	if (payload)
		ftcp_hist_once(f, dir, 'D');
	else if (ack && !syn && !fin && !rst)
		ftcp_hist_once(f, dir, 'A');
	if (t->win == 0 && !rst)
		ftcp_hist_log(f, dir, &f->tcp.zwin[dir], 'W');
	/* retransmitted payload: it ends at or before what this side already sent */
	struct ps_flow_tcp *s = &f->tcp;
	uint32_t end = t->seq + payload + (syn ? 1u : 0) + (fin ? 1u : 0);
	if (payload && s->end_set[dir] && (int32_t)(end - s->end[dir]) <= 0)
		ftcp_hist_log(f, dir, &s->rexmit[dir], 'T');
	if (!s->end_set[dir] || (int32_t)(end - s->end[dir]) > 0) {
		s->end[dir] = end;
		s->end_set[dir] = true;
	}
}

/* tshark: the base is the SYN's seq, or seq - 1 for the first segment seen
 * mid-stream; the other side's base is the first ack - 1. */
static inline void ftcp_rel_tshark(struct ps_flow *f, unsigned dir, const struct ps_tcp *t,
		       struct ps_flow_note *n)
{
	struct ps_flow_tcp *s = &f->tcp;
	if (!s->base_set[dir]) {
		s->base[dir] = t->flags & TH_SYN ? t->seq : t->seq - 1;
		s->base_set[dir] = true;
	}
	if (!s->base_set[!dir] && (t->flags & TH_ACK)) {
		s->base[!dir] = t->ack - 1;
		s->base_set[!dir] = true;
	}
	n->seq_rel = t->seq - s->base[dir];
	n->ack_rel = t->flags & TH_ACK ? t->ack - s->base[!dir] : t->ack;
}

/* tcpdump (print-tcp.c): only packets with ACK take part; the first one of
 * a conversation, and any SYN-ACK, record the bases and print absolute
 * numbers; later ones print seq and ack minus the bases.  SACK edges are
 * relative to the other side's base whenever ACK is set. */
static inline void ftcp_rel_tcpdump(struct ps_flow_tcp *s, unsigned dir, const struct ps_tcp *t,
			struct ps_flow_note *n)
{
	n->txt_seq = n->txt_ack = n->txt_sack = 0;
	if (!(t->flags & TH_ACK))
		return;
	if (!s->td_valid || (t->flags & TH_SYN)) {
		s->td_base[dir] = t->seq;
		s->td_base[!dir] = t->ack - 1;
		s->td_valid = true;
	} else {
		n->txt_seq = s->td_base[dir];
		n->txt_ack = s->td_base[!dir];
	}
	n->txt_sack = s->td_base[!dir];
}

/* tshark's window scaling (packet-tcp.c, 4.0), per direction: unknown
 * until the direction's SYN; a window-scale option (any segment's, valid
 * length) sets the direction's shift, capped at 14 (RFC 7323 2.3); after a
 * SYN's options, a direction still unknown means no scaling, for both
 * directions, and a SYN-ACK answering a SYN without the option does not
 * scale either.  So scaling holds only when SYN and SYN-ACK both carried
 * the option.  A SYN whose options were cut by the snap length changes no
 * direction to "not used": tshark's option walk throws at the cut, before
 * that check (samples/demo-snap64.pcap).  The note gets the state before
 * this segment's options: the display filter's tcp.window_size and
 * tcp.window_size_scalefactor. */
static inline void ftcp_wscale(struct ps_flow_tcp *s, unsigned dir, const struct ps_layer *l,
			       struct ps_flow_note *n)
{
	const struct ps_tcp *t = &l->u.tcp;
	int8_t *me = &s->ws[dir], *peer = &s->ws[!dir];
	n->win_scale = *me;
	if (t->wscale) /* the dissector's summary of the options: no walk per segment */
		*me = (int8_t)(t->wscale - 1);
	if (!(t->flags & TH_SYN) || l->hdr_len < t->hl)
		return;
	if (*me == PS_FTCP_WS_UNKNOWN)
		*me = *peer = PS_FTCP_WS_UNUSED;
	else if ((t->flags & TH_ACK) && *peer == PS_FTCP_WS_UNUSED)
		*me = PS_FTCP_WS_UNUSED;
}

static inline bool ps_ftcp_reused(const struct ps_flow *f, unsigned dir, const struct ps_tcp *t)
{
	return (t->flags & (TH_SYN | TH_ACK)) == TH_SYN && f->tcp.base_set[dir] &&
	       t->seq != f->tcp.base[dir];
}

static inline void ps_ftcp_update(struct ps_flow *f, unsigned dir, const struct ps_tcp *t,
			uint32_t payload, bool text_rel, bool hist, struct ps_flow_note *n)
{
	ftcp_update_state(f, dir, t->flags);
	if (hist) /* only the flow records read it (ps_flow_cfg.history) */
		ftcp_update_history(f, dir, t, payload);
	ftcp_rel_tshark(f, dir, t, n);
	if (text_rel)
		ftcp_rel_tcpdump(&f->tcp, dir, t, n);
}

static inline enum ps_flow_tclass ps_ftcp_tclass(const struct ps_flow *f)
{
	uint8_t o = f->tcp.state[0], r = f->tcp.state[1];
	if (o == ST_RESET || r == ST_RESET || (o == ST_CLOSED && r == ST_CLOSED))
		return PS_FT_TCP_CLOSED;
	if (o == ST_SYN_SENT || o == ST_SYN_ACK_SENT || (o == ST_INACTIVE && r == ST_INACTIVE))
		return PS_FT_TCP_SYN;
	return PS_FT_TCP;
}

/* tshark's TCP sequence analysis (src/reasm/tcp_analysis.h) of segment s
 * on the conversation's two directions, its events on the packet.  The
 * out-of-order threshold is the handshake's RTT (first SYN to the first
 * ACK after the SYN-ACK) once known, as tshark's; 3 ms before. */
static inline void ps_ftcp_analyze(struct ps_flow *f, unsigned dir, struct ps_packet *p, int tl,
				   const struct ps_tcp_seg *s)
{
	struct ps_flow_tcp *t = &f->tcp;
	bool syn = s->flags & PS_TCPF_SYN, ack = s->flags & PS_TCPF_ACK;
	if (syn && !ack)
		t->syn_ns = s->ts_ns;
	else if (syn)
		t->synack = true;
	else if (ack && t->synack && !t->rtt_ns && t->syn_ns)
		t->rtt_ns = s->ts_ns - t->syn_ns;
	uint32_t a = ps_tcp_analysis_step(&t->anl[dir], &t->anl[!dir], s,
					  t->rtt_ns ? t->rtt_ns : PS_TCP_OOO_THRES_NS);
	p->flow.tcp_analysis = (uint16_t)a; /* the display filter's tcp.analysis.* */
	enum ps_event_code ev[8];
	unsigned k = ps_tcp_analysis_events(a, ev, 8);
	for (unsigned i = 0; i < k; i++)
		ps_packet_add_event(p, ev[i], tl);
}

#endif
