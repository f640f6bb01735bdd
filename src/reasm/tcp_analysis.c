/* SPDX-License-Identifier: BSD-2-Clause */
/* tcp_analysis.c - tshark's tcp.analysis.* classification (meanings in
 * tcp_analysis.h; written from the rules, not from Wireshark's code). */
#include "tcp_analysis.h"

#define NO_SFR(f) (((f) & (PS_TCPF_SYN | PS_TCPF_FIN | PS_TCPF_RST)) == 0)
#define FAST_RETRANS_NS 20000000u /* the peer's dup ACKs are at most 20 ms old */

/* Same seq, ack and (non-zero or zero) window as the previous segment of
 * this direction, no data: the shape of window updates and duplicate ACKs. */
static bool repeats(const struct ps_tcp_anl *fwd, const struct ps_tcp_seg *seg)
{
	return seg->len == 0 && fwd->have_next && seg->seq == fwd->nextseq &&
	       seg->ack == fwd->lastack && NO_SFR(seg->flags);
}

/* Data, SYN or FIN: a spurious retransmission (bytes the peer already
 * acknowledged: checked first, advancing or not), else, when the segment
 * does not advance the sequence, which kind of repeat it is. */
static uint32_t retrans_kind(const struct ps_tcp_anl *fwd, const struct ps_tcp_anl *rev,
			     const struct ps_tcp_seg *seg, uint64_t ooo_thres_ns)
{
	uint32_t sf = (seg->flags & (PS_TCPF_SYN | PS_TCPF_FIN)) != 0;
	bool not_advanced = fwd->have_next && PS_SEQ_LT(seg->seq, fwd->nextseq);
	/* more than one byte starting at next - 1 (after a zero-window probe)
	 * brings new data: not a repeat */
	if (seg->len > 1 && seg->seq == fwd->nextseq - 1)
		not_advanced = false;
	if (seg->len > 0 && rev->lastack && PS_SEQ_LEQ(seg->seq + seg->len, rev->lastack))
		return PS_TCP_A_SPURIOUS_RETRANSMISSION;
	if (!not_advanced)
		return 0;
	if (rev->dupacks >= 2 && rev->lastack == seg->seq &&
	    seg->ts_ns - rev->lastack_ts < FAST_RETRANS_NS)
		return PS_TCP_A_FAST_RETRANSMISSION;
	if (seg->ts_ns - fwd->nextseq_ts < ooo_thres_ns && fwd->nextseq != seg->seq + seg->len + sf)
		return PS_TCP_A_OUT_OF_ORDER;
	return PS_TCP_A_RETRANSMISSION;
}

/* An ACK beyond the peer's in-order data: ACK_MOVES when the peer has sent
 * more since its limit (the limit moves to its next sequence), ACK_STALLED
 * when it has not (reported once, until the peer's next segment with a new
 * ACK), else ACK_SEEN. */
enum { ACK_SEEN = 0, ACK_MOVES, ACK_STALLED };
static int ack_beyond(const struct ps_tcp_anl *rev, const struct ps_tcp_seg *seg)
{
	if (!(seg->flags & PS_TCPF_ACK) || !rev->maxseqtobeacked ||
	    !PS_SEQ_GT(seg->ack, rev->maxseqtobeacked))
		return ACK_SEEN;
	return PS_SEQ_LT(rev->maxseqtobeacked, rev->nextseq) ? ACK_MOVES : ACK_STALLED;
}

/* analyze and update as static inline bodies: the public functions wrap
 * them, and ps_tcp_analysis_step (every TCP packet of the flow table) runs
 * both in one call, where the compiler shares what they both read */
static inline uint32_t analyze(const struct ps_tcp_anl *fwd, const struct ps_tcp_anl *rev,
			       const struct ps_tcp_seg *seg, uint64_t ooo_thres_ns)
{
	uint32_t a = 0, f = seg->flags;
	if (seg->len == 1 && fwd->have_next && seg->seq == fwd->nextseq && rev->have_next &&
	    rev->window == 0)
		return PS_TCP_A_ZERO_WINDOW_PROBE;
	if (seg->win == 0 && NO_SFR(f))
		a |= PS_TCP_A_ZERO_WINDOW;
	if (fwd->have_next && PS_SEQ_GT(seg->seq, fwd->nextseq) && !(f & PS_TCPF_RST))
		a |= PS_TCP_A_LOST_SEGMENT;
	if (seg->len <= 1 && fwd->have_next && seg->seq == fwd->nextseq - 1 && NO_SFR(f))
		a |= PS_TCP_A_KEEP_ALIVE;
	if (repeats(fwd, seg) && seg->win && seg->win != fwd->window)
		a |= PS_TCP_A_WINDOW_UPDATE;
	if (repeats(fwd, seg) && seg->win && seg->win == fwd->window) {
		if (rev->last_flags & PS_TCP_A_KEEP_ALIVE)
			return a | PS_TCP_A_KEEP_ALIVE_ACK;
		a |= PS_TCP_A_DUP_ACK;
	}
	int beyond = ack_beyond(rev, seg);
	if (beyond == ACK_MOVES || (beyond == ACK_STALLED && !rev->ack_lost_told))
		a |= PS_TCP_A_ACK_LOST_SEGMENT;
	if ((seg->len > 0 || (f & (PS_TCPF_SYN | PS_TCPF_FIN))) && !(a & PS_TCP_A_KEEP_ALIVE))
		a |= retrans_kind(fwd, rev, seg, ooo_thres_ns);
	return a;
}

static inline void update(struct ps_tcp_anl *fwd, struct ps_tcp_anl *rev,
			  const struct ps_tcp_seg *seg, uint32_t aflags)
{
	uint32_t next = seg->seq + seg->len + ((seg->flags & (PS_TCPF_SYN | PS_TCPF_FIN)) != 0);
	bool probe = aflags & PS_TCP_A_ZERO_WINDOW_PROBE;
	int beyond = ack_beyond(rev, seg); /* report this gap once */
	if (beyond == ACK_MOVES)
		rev->maxseqtobeacked = rev->nextseq;
	else if (beyond == ACK_STALLED)
		rev->ack_lost_told = true;
	if ((!fwd->have_next || PS_SEQ_GT(next, fwd->nextseq)) && !probe) {
		fwd->nextseq = next;
		fwd->nextseq_ts = seg->ts_ns;
		fwd->have_next = true;
	}
	/* in-order data moves the limit; after a gap it stays until the peer
	 * acknowledges beyond it */
	if ((seg->seq == fwd->maxseqtobeacked || !fwd->maxseqtobeacked) && !probe)
		fwd->maxseqtobeacked = fwd->nextseq;
	if (seg->ack != fwd->lastack) {
		fwd->dupacks = 0;
		fwd->ack_lost_told = false;
	}
	if (aflags & PS_TCP_A_DUP_ACK)
		fwd->dupacks++;
	fwd->window = seg->win;
	fwd->lastack = seg->ack;
	fwd->lastack_ts = seg->ts_ns;
	fwd->last_flags = aflags;
}

uint32_t ps_tcp_analyze(const struct ps_tcp_anl *fwd, const struct ps_tcp_anl *rev,
			const struct ps_tcp_seg *seg, uint64_t ooo_thres_ns)
{
	return analyze(fwd, rev, seg, ooo_thres_ns);
}

void ps_tcp_analysis_update(struct ps_tcp_anl *fwd, struct ps_tcp_anl *rev,
			    const struct ps_tcp_seg *seg, uint32_t aflags)
{
	update(fwd, rev, seg, aflags);
}

uint32_t ps_tcp_analysis_step(struct ps_tcp_anl *fwd, struct ps_tcp_anl *rev,
			      const struct ps_tcp_seg *seg, uint64_t ooo_thres_ns)
{
	uint32_t a = analyze(fwd, rev, seg, ooo_thres_ns);
	update(fwd, rev, seg, a);
	return a;
}

unsigned ps_tcp_analysis_events(uint32_t aflags, enum ps_event_code *out, unsigned max)
{
	static const struct ps_flag_event map[] = {
		{PS_TCP_A_ANY_RETRANS, PS_EV_TCP_RETRANSMISSION},
		{PS_TCP_A_OUT_OF_ORDER, PS_EV_TCP_OUT_OF_ORDER},
		{PS_TCP_A_LOST_SEGMENT, PS_EV_TCP_LOST_SEGMENT},
		{PS_TCP_A_DUP_ACK, PS_EV_TCP_DUP_ACK},
		{PS_TCP_A_ZERO_WINDOW, PS_EV_TCP_ZERO_WINDOW},
		{PS_TCP_A_KEEP_ALIVE, PS_EV_TCP_KEEP_ALIVE},
	};
	if (!(aflags & (PS_TCP_A_ANY_RETRANS | PS_TCP_A_OUT_OF_ORDER | PS_TCP_A_LOST_SEGMENT |
			PS_TCP_A_DUP_ACK | PS_TCP_A_ZERO_WINDOW | PS_TCP_A_KEEP_ALIVE)))
		return 0; /* most segments: no walk over the table */
	return ps_events_from_flags(aflags, map, sizeof map / sizeof map[0], out, max);
}
