/* SPDX-License-Identifier: BSD-2-Clause */
/* tcp_reasm.h - TCP byte-stream reassembly: one stream per direction.
 *
 * The caller (the flow table) owns one struct ps_tcp_stream per direction of
 * a connection and one struct ps_tcp_budget for all of them, feeds every TCP
 * segment of that direction to ps_tcp_stream_add(), and receives the
 * direction's bytes through its deliver callback: each byte once, in
 * sequence order, with the holes that were given up on reported as gaps.
 *
 * Memory: in-order data goes straight from the caller's frame to the
 * callback (no copy, no allocation).  Only out-of-order data is copied, into
 * nodes charged to the shared budget; a stream holds at most `stream_cap`
 * bytes and `stream_max_segs` nodes, the budget at most `limit` bytes.
 * Policies (docs/reassembly.md):
 *   - first wins: bytes already delivered or buffered are never replaced; a
 *     later copy that differs raises PS_TCP_R_OVERLAP;
 *   - at the per-stream cap the stream stops waiting for its first hole: the
 *     consumer is told about the gap (its length) and the data after it is
 *     delivered (PS_TCP_R_GAP); the same at RST and flush, and at FIN when
 *     nothing is buffered; a FIN with data buffered behind a hole waits for
 *     the hole (filled, acknowledged: ps_tcp_stream_acked, or flushed) and
 *     the stream closes when it reaches the FIN;
 *   - at the global limit the oldest buffered data of any stream is dropped
 *     (PS_TCP_R_MEM_DROP on the stream that lost it, at its next call).
 * All sequence comparisons are modulo 2^32.
 */
#ifndef PS_TCP_REASM_H
#define PS_TCP_REASM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ps_events.h"

/* TCP flag bits as on the wire (header bytes 12-13), the subset used here. */
#define PS_TCPF_FIN 0x01u
#define PS_TCPF_SYN 0x02u
#define PS_TCPF_RST 0x04u
#define PS_TCPF_ACK 0x10u

/* Sequence arithmetic modulo 2^32 (RFC 9293 section 3.4). */
static inline int32_t ps_seq_diff(uint32_t a, uint32_t b)
{
	return (int32_t)(a - b);
}
#define PS_SEQ_LT(a, b) (ps_seq_diff((a), (b)) < 0)
#define PS_SEQ_LEQ(a, b) (ps_seq_diff((a), (b)) <= 0)
#define PS_SEQ_GT(a, b) (ps_seq_diff((a), (b)) > 0)

/* One segment as the caller decoded it.  `data` is borrowed for the call. */
struct ps_tcp_seg {
	uint32_t seq, ack;
	uint16_t flags;      /* PS_TCPF_* bits */
	uint32_t win;        /* the window field as on the wire */
	const uint8_t *data; /* captured payload bytes */
	uint32_t caplen;     /* bytes at data (<= len: a snap length may cut the payload) */
	uint32_t len;        /* payload bytes per the IP length (sequence space used) */
	uint64_t ts_ns;      /* capture time, nanoseconds (analysis only) */
};

/* Counters of every stream of one budget, for -q. */
struct ps_tcp_counters {
	uint64_t segments;         /* segments given to ps_tcp_stream_add */
	uint64_t bytes;            /* bytes delivered as data */
	uint64_t in_order;         /* segments delivered without a copy */
	uint64_t buffered;         /* out-of-order pieces copied */
	uint64_t retrans_segs;     /* segments carrying bytes already delivered or buffered */
	uint64_t retrans_bytes;    /* those bytes (dropped) */
	uint64_t overlaps;         /* overlaps whose bytes differed (the first copy kept) */
	uint64_t gaps, gap_bytes;  /* holes given up on, and their bytes */
	uint64_t mem_drops, mem_drop_bytes; /* buffered data dropped at the global limit */
	uint64_t after_close;      /* segments with data or FIN after FIN/RST, ignored */
	uint64_t midstream;        /* streams whose first segment was not a SYN */
};

struct ps_tcp_node; /* a buffered out-of-order piece (tcp_reasm.c) */

/* Shared by every stream: the global memory limit, the per-stream caps, the
 * arrival-ordered list of every buffered node (oldest dropped first) and
 * the counters.  Must outlive its streams. */
struct ps_tcp_budget {
	size_t limit;           /* bytes of buffered nodes, overhead included */
	size_t stream_cap;      /* per stream, same unit */
	uint32_t stream_max_segs; /* nodes per stream (bounds the sorted insert) */
	size_t used, peak;
	struct ps_tcp_node *oldest, *newest;
	struct ps_tcp_counters c;
};

#define PS_TCP_REASM_DEFAULT_MEM (64u << 20)     /* --reassembly-mem default share */
#define PS_TCP_REASM_DEFAULT_STREAM_CAP (1u << 20)
#define PS_TCP_REASM_DEFAULT_MAX_SEGS 2048u

/* limit 0: PS_TCP_REASM_DEFAULT_MEM.  Caps take their defaults; set the
 * fields after init to change them. */
void ps_tcp_budget_init(struct ps_tcp_budget *b, size_t limit);

/* The consumer.  data != NULL: len bytes of the stream, borrowed for the
 * call.  data == NULL: a gap, len bytes that will never be delivered.  It
 * must not call back into the same stream. */
typedef void (*ps_tcp_deliver_fn)(void *user, const uint8_t *data, uint32_t len);

enum ps_tcp_stream_state { PS_TCPS_NEW = 0, PS_TCPS_OPEN, PS_TCPS_CLOSED };

struct ps_tcp_stream {
	struct ps_tcp_budget *b;
	ps_tcp_deliver_fn deliver;
	void *user;
	uint8_t state;        /* enum ps_tcp_stream_state */
	bool syn_seen;        /* the stream began at a SYN (isn valid) */
	bool midstream;       /* the stream began at a segment without SYN */
	uint32_t isn;
	uint32_t next;        /* sequence number of the next byte to deliver */
	uint32_t pending;     /* PS_TCP_R_* raised while another stream ran */
	struct ps_tcp_node *head, *tail; /* buffered, by sequence, never overlapping */
	uint32_t nsegs;
	size_t held;          /* bytes charged for this stream's nodes */
	bool fin_wait;        /* a FIN came with data buffered behind a hole: */
	uint32_t fin_seq;     /* ...the stream closes when it reaches this */
	uint64_t delivered;   /* data bytes delivered */
	uint64_t gap_bytes;   /* gap bytes reported */
	/* Which segment delivered bytes came from, so a consumer can cut them
	 * into records as tshark's follow does (one per segment; a segment
	 * released from the out-of-order buffer is a record of its own). */
	uint32_t serial;      /* segments added so far: the origin of the next */
	uint32_t last_origin; /* origin of the latest delivery */
	uint32_t seg_end;     /* the end of the in-order segment being delivered */
	bool in_seg;          /* ...while in_order() runs (its origin: serial) */
	bool rec_start;       /* read in the deliver callback: these bytes come from
			       * another segment than the previous delivery's (the
			       * bytes of a buffered piece a segment delivers in its
			       * own range count as that segment's) */
};

/* Result flags of ps_tcp_stream_add / _flush. */
#define PS_TCP_R_DELIVERED 0x001u /* bytes went to the consumer */
#define PS_TCP_R_BUFFERED 0x002u  /* out-of-order bytes were copied */
#define PS_TCP_R_RETRANS 0x004u   /* bytes already delivered or buffered were dropped */
#define PS_TCP_R_OVERLAP 0x008u   /* ...and some of them differed from the first copy */
#define PS_TCP_R_GAP 0x010u       /* a hole was given up on (consumer told) */
#define PS_TCP_R_MEM_DROP 0x020u  /* this stream lost buffered data to the global limit */
#define PS_TCP_R_CLOSED 0x040u    /* the stream ended now (FIN reached, or RST) */
#define PS_TCP_R_AFTER_CLOSE 0x080u /* data or FIN after the end: ignored */
#define PS_TCP_R_MIDSTREAM 0x100u /* the stream started here without a SYN */
/* the flags ps_tcp_reasm_events turns into events */
#define PS_TCP_R_EVENTS (PS_TCP_R_OVERLAP | PS_TCP_R_GAP | PS_TCP_R_MEM_DROP)

void ps_tcp_stream_init(struct ps_tcp_stream *s, struct ps_tcp_budget *b,
			ps_tcp_deliver_fn deliver, void *user);
/* Feed one segment of this direction.  Returns PS_TCP_R_* flags. */
uint32_t ps_tcp_stream_add(struct ps_tcp_stream *s, const struct ps_tcp_seg *seg);
/* The other side acknowledged `ack`: every hole before a buffered piece that
 * starts below it was received but never captured, so it is given up (gap
 * reported, the data after it delivered), as tshark's follow does ("ACKed
 * unseen segment").  Returns PS_TCP_R_* flags (PS_TCP_R_GAP when it did). */
uint32_t ps_tcp_stream_acked(struct ps_tcp_stream *s, uint32_t ack);
/* Give up on every hole: deliver all buffered data with its gaps (idle
 * timeout, eviction of the flow, end of input).  The stream stays open. */
uint32_t ps_tcp_stream_flush(struct ps_tcp_stream *s);
/* Release the buffered nodes without delivering them (the flow is freed). */
void ps_tcp_stream_free(struct ps_tcp_stream *s);

/* The packet events for result flags: tcp.reassembly_overlap,
 * tcp.reassembly_gap, tcp.reassembly_mem_drop.  Writes at most max codes,
 * returns how many. */
unsigned ps_tcp_reasm_events(uint32_t rflags, enum ps_event_code *out, unsigned max);

#endif
