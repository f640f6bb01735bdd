/* SPDX-License-Identifier: BSD-2-Clause */
/* tcp_analysis.h - tshark's TCP sequence analysis (tcp.analysis.*) as flags.
 *
 * The caller keeps one struct ps_tcp_anl per direction of a connection
 * (zeroed to start) and, for each segment of direction `fwd`, calls
 * ps_tcp_analyze() (a pure function of both directions' state and the
 * segment) and then ps_tcp_analysis_update() with the flags it returned.
 * The meanings are those of Wireshark's packet-tcp.c
 * (tcp_analyze_sequence_number), checked in the same order:
 *
 *   ZERO_WINDOW_PROBE  1 byte at the next expected sequence while the peer's
 *                      window is 0 (nothing else is checked then)
 *   ZERO_WINDOW        window 0, no SYN/FIN/RST
 *   LOST_SEGMENT       starts beyond the next expected sequence ("previous
 *                      segment not captured"), not on a RST
 *   KEEP_ALIVE         0 or 1 byte at next expected - 1, no SYN/FIN/RST
 *   WINDOW_UPDATE      no data, same seq/ack as before, a new non-zero window
 *   KEEP_ALIVE_ACK     repeats the ACK after the peer's keep-alive
 *   DUP_ACK            no data, same window/seq/ack as the previous segment
 *   ACK_LOST_SEGMENT   an ACK beyond what the peer sent in order ("ACKed
 *                      segment that wasn't captured"); the peer's limit
 *                      then moves to its next expected sequence, and while
 *                      the peer sends nothing new it is reported once
 *                      (again after the peer's next segment with a new ACK)
 *   SPURIOUS_RETRANSMISSION  data the peer has already acknowledged
 *   FAST_RETRANSMISSION, OUT_OF_ORDER, RETRANSMISSION
 *                      data (or SYN/FIN) that does not advance the sequence
 *                      (more than one byte at next - 1 does), told apart in
 *                      this order: after >= 2 dup ACKs of the peer asking for
 *                      it within 20 ms; within the out-of-order threshold of
 *                      the highest sequence and not ending at it (a SYN or
 *                      FIN counting one); else.  Never on a keep-alive.
 * (This is Wireshark 4.0's order: spurious first, fast retransmission before
 * out-of-order, its tcp.fastrt_supersedes_ooo default.)
 * tshark's display filter tcp.analysis.retransmission matches the fast and
 * spurious kinds too: so does PS_TCP_A_ANY_RETRANS.
 */
#ifndef PS_TCP_ANALYSIS_H
#define PS_TCP_ANALYSIS_H

#include <stdbool.h>
#include <stdint.h>

#include "ps_events.h"
#include "tcp_reasm.h"

struct ps_tcp_anl {
	bool have_next;       /* a segment was seen: nextseq is meaningful */
	uint32_t nextseq;     /* highest seq + len (+1 for SYN/FIN) seen */
	uint64_t nextseq_ts;  /* when nextseq last advanced (ns) */
	uint32_t lastack;     /* the ack field of the previous segment */
	uint64_t lastack_ts;
	uint32_t window;      /* the window field of the previous segment */
	uint32_t dupacks;     /* duplicate ACKs in a row */
	uint32_t last_flags;  /* PS_TCP_A_* of the previous segment */
	/* the sequence up to which the peer may acknowledge: nextseq while this
	 * direction's data arrives in order (0: not yet, as tshark) */
	uint32_t maxseqtobeacked;
	bool ack_lost_told;   /* the peer's ACK beyond a stalled limit was reported */
};

#define PS_TCP_A_RETRANSMISSION 0x001u
#define PS_TCP_A_FAST_RETRANSMISSION 0x002u
#define PS_TCP_A_SPURIOUS_RETRANSMISSION 0x004u
#define PS_TCP_A_OUT_OF_ORDER 0x008u
#define PS_TCP_A_LOST_SEGMENT 0x010u
#define PS_TCP_A_DUP_ACK 0x020u
#define PS_TCP_A_ZERO_WINDOW 0x040u
#define PS_TCP_A_KEEP_ALIVE 0x080u
#define PS_TCP_A_ZERO_WINDOW_PROBE 0x100u
#define PS_TCP_A_WINDOW_UPDATE 0x200u
#define PS_TCP_A_KEEP_ALIVE_ACK 0x400u
#define PS_TCP_A_ACK_LOST_SEGMENT 0x800u
#define PS_TCP_A_ANY_RETRANS                                                                       \
	(PS_TCP_A_RETRANSMISSION | PS_TCP_A_FAST_RETRANSMISSION | PS_TCP_A_SPURIOUS_RETRANSMISSION)

/* tshark's out-of-order threshold when the handshake RTT is unknown. */
#define PS_TCP_OOO_THRES_NS 3000000u

/* Flags for segment seg of direction fwd; rev is the other direction.
 * ooo_thres_ns: the first RTT when known, else PS_TCP_OOO_THRES_NS.
 * Only seq, ack, flags, win, len and ts_ns of seg are read. */
uint32_t ps_tcp_analyze(const struct ps_tcp_anl *fwd, const struct ps_tcp_anl *rev,
			const struct ps_tcp_seg *seg, uint64_t ooo_thres_ns);
/* Record seg (classified as aflags) in fwd, and in rev the ACK of unseen
 * data it reported. */
void ps_tcp_analysis_update(struct ps_tcp_anl *fwd, struct ps_tcp_anl *rev,
			    const struct ps_tcp_seg *seg, uint32_t aflags);
/* Both: the flags of seg, recorded (what a caller that keeps the state does
 * with every segment, in one call). */
uint32_t ps_tcp_analysis_step(struct ps_tcp_anl *fwd, struct ps_tcp_anl *rev,
			      const struct ps_tcp_seg *seg, uint64_t ooo_thres_ns);

/* The packet events for analysis flags: tcp.retransmission (any kind),
 * tcp.out_of_order, tcp.lost_segment, tcp.dup_ack, tcp.zero_window,
 * tcp.keep_alive.  Writes at most max codes, returns how many. */
unsigned ps_tcp_analysis_events(uint32_t aflags, enum ps_event_code *out, unsigned max);

#endif
