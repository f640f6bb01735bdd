/* SPDX-License-Identifier: BSD-2-Clause */
/* flow_int.h - private to src/flow: the table's layout and the functions
 * its files (flow_table.c, flow_memo.c, flow_deliver.c, flow_track.c) share.
 * Nothing outside src/flow includes it; ps_flow.h is the public interface.
 */
#ifndef FLOW_INT_H
#define FLOW_INT_H

#include <string.h>

#include "flow_app.h"
#include "ps_dissect.h"
#include "ps_flow.h"
#include "reasm_record.h"

struct ps_tcp;
struct ps_tcp_seg;

#define NIL UINT32_MAX
#define NS 1000000000LL

/* What survives a flow's end, oriented by key endpoint (0 = a, 1 = b). */
struct ps_ft_memo {
	uint64_t hash; /* key hash | 1; 0 = empty */
	uint64_t stream;
	uint32_t base[2], td_base[2];
	bool base_set[2], td_valid;
	/* tshark's sequence analysis goes on across the gap too */
	struct ps_tcp_anl anl[2];
	uint64_t syn_ns, rtt_ns;
	bool synack;
	int8_t ws[2]; /* and its window scaling */
	/* where each open byte stream stood: a connection back after an idle
	 * timeout goes on from there (tshark never ends it), holes included */
	uint32_t rnext[2];
	bool ropen[2];
	bool first_from_b; /* tshark's node 0 / conversation side A stays the same */
};

struct ps_flow_table {
	struct ps_flow_cfg cfg;
	ps_flow_end_fn on_end;
	void *ctx;
	struct ps_flow *slab;
	uint32_t max, hwm, free_head;
	uint32_t *buckets, bmask;
	/* the slot of the last packet's flow: most packets follow one of the
	 * same conversation (an in-use slot holding the same key is the one the
	 * lookup would find: keys are unique in the table) */
	uint32_t last;
	uint32_t head[PS_FT__COUNT], tail[PS_FT__COUNT];
	/* tshark and tcpdump remember a tuple forever; we remember recently
	 * ended ones in a direct-mapped cache, so a conversation that comes
	 * back after an idle timeout or eviction keeps its stream number and
	 * relative-number bases (bounded: the cache overwrites). */
	struct ps_ft_memo *memo;
	uint32_t cmask;
	int64_t now_ns;
	/* no flow can expire while now_ns <= expire_at: a lower bound of every
	 * list tail's touch_ns + timeout, lowered on each push and recomputed by
	 * a full expiry pass, so most packets skip the pass */
	int64_t expire_at;
	bool clock_set, jump_pending;
	uint64_t next_stream[PS_FK__COUNT];
	struct ps_flow_stats st;
	/* TCP reassembly: one budget for every stream; the consumer gets the
	 * bytes of the stream being fed (cur_*: deliveries are synchronous) */
	struct ps_tcp_budget budget;
	ps_flow_bytes_fn consumer;
	void *cctx;
	struct ps_flow_app app; /* application decoders over the same bytes */
	struct ps_flow *cur_f;
	unsigned cur_dir;
	uint64_t cur_frame;
	bool gap_acked; /* the gaps delivered now were acknowledged (ps_ft_reasm_acked) */
	bool gap_end;   /* ...were given up as the flow ends (ps_ft_end_flow) */
};

/* The tuple's hash for the table's buckets.  Every packet hashes its key,
 * so the six words are mixed by independent multiplies (not memo_hash's
 * chain of six dependent ones: a packet waited ~40 cycles on it) and
 * folded; murmur3's finalizer then carries every input bit to the low
 * (bucket) bits. */
static inline uint64_t ps_ft_key_hash(const struct ps_flow_key *k)
{
	uint64_t w[sizeof *k / 8];
	memcpy(w, k, sizeof w);
	_Static_assert(sizeof w / sizeof w[0] == 6, "the key is six words");
	uint64_t x = (w[0] ^ 0x243f6a8885a308d3ULL) * 0x87c37b91114253d5ULL;
	uint64_t y = (w[1] ^ 0x13198a2e03707344ULL) * 0x4cf5ad432745937fULL;
	uint64_t z = (w[2] ^ 0xa4093822299f31d0ULL) * 0x9e3779b97f4a7c15ULL;
	uint64_t u = (w[3] ^ 0x082efa98ec4e6c89ULL) * 0xc2b2ae3d27d4eb4fULL;
	uint64_t v = (w[4] ^ 0x452821e638d01377ULL) * 0x165667b19e3779f9ULL;
	uint64_t q = (w[5] ^ 0xbe5466cf34e90c6cULL) * 0xd6e8feb86659fd93ULL;
	uint64_t h = (x ^ (y << 31 | y >> 33)) + (z ^ (u << 29 | u >> 35)) +
		     (v ^ (q << 27 | q >> 37));
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	return h ^ (h >> 33);
}

/* ---- flow_table.c ---- */
/* timeout-class lists: head = most recent, tail = least recent */
void ps_ft_list_unlink(struct ps_flow_table *t, uint32_t i);
void ps_ft_list_push(struct ps_flow_table *t, uint32_t i, unsigned c);
/* When a flow touched at touch_ns can first be due for a timeout of limit
 * ns (limit >= 0): saturated, since capture times may sit near INT64_MAX
 * (pcapng offsets, year-2262 stamps), where no flow is ever due. */
static inline int64_t ps_ft_due_at(int64_t touch_ns, int64_t limit)
{
	return touch_ns > INT64_MAX - limit ? INT64_MAX : touch_ns + limit;
}
/* unlink + push of a flow on a list (class c now), cheaper when it is
 * already the head of c's (inline: every packet, and most packets follow
 * the previous one's flow, the head already) */
static inline void ps_ft_list_touch(struct ps_flow_table *t, uint32_t i, unsigned c)
{
	struct ps_flow *f = &t->slab[i];
	if (f->tclass != c || t->head[c] != i) {
		ps_ft_list_unlink(t, i);
		ps_ft_list_push(t, i, c);
		return;
	}
	/* already the most recent of its class: only its due time moved */
	int64_t due = ps_ft_due_at(f->touch_ns, (int64_t)t->cfg.timeout[c] * NS);
	if (due < t->expire_at)
		t->expire_at = due;
}
/* the slot of key k (hash h), or NIL (inline: every packet) */
static inline uint32_t ps_ft_lookup(const struct ps_flow_table *t, const struct ps_flow_key *k,
				    uint64_t h)
{
	for (uint32_t i = t->buckets[h & t->bmask]; i != NIL; i = t->slab[i].hnext)
		if (t->slab[i].hash32 == (uint32_t)h && !memcmp(&t->slab[i].key, k, sizeof *k))
			return i;
	return NIL;
}
/* a free slot, ending the least recently used flow at the cap */
uint32_t ps_ft_alloc_slot(struct ps_flow_table *t);
/* end slot i: its streams flushed, on_end called, remembered, freed */
void ps_ft_end_flow(struct ps_flow_table *t, uint32_t i, enum ps_flow_end why);
/* a closed TCP flow ends as fin or rst, whatever ends it; others as `other` */
enum ps_flow_end ps_ft_closed_reason(const struct ps_flow *f, enum ps_flow_end other);
/* end every flow whose class timeout passed at the table's clock */
void ps_ft_expire(struct ps_flow_table *t);

/* ---- flow_memo.c ---- */
void ps_ft_remember(struct ps_flow_table *t, const struct ps_flow *f);
/* a new flow: a remembered stream number and TCP bases unless a
 * new connection starts (`fresh`, or a pure SYN `syn` with another ISN) */
void ps_ft_recall(struct ps_flow_table *t, struct ps_flow *f, bool fresh,
		  const struct ps_tcp *syn);

/* ---- flow_deliver.c ---- */
/* the reassembly engine's delivery callback (user: the table) */
void ps_ft_deliver(void *user, const uint8_t *data, uint32_t len);
/* a segment into direction dir's stream, or a flush (seg NULL) */
uint32_t ps_ft_reasm_call(struct ps_flow_table *t, struct ps_flow *f, unsigned dir,
			  const struct ps_tcp_seg *seg);
/* ... their bodies, inline for flow_track.c (every TCP segment) */
static inline uint32_t ps_ft_reasm_call_in(struct ps_flow_table *t, struct ps_flow *f, unsigned dir,
					   const struct ps_tcp_seg *seg)
{
	t->cur_f = f;
	t->cur_dir = dir;
	if (!seg)
		return ps_tcp_stream_flush(&f->re.rs[dir]);
	/* a RST gives up the holes before it (a FIN only a hole with nothing
	 * buffered after it: it waits for the others); nobody acknowledged
	 * them (an ACK past a hole gives it up before), so they are
	 * end-of-flow gaps, as at the flow's end */
	bool was = t->gap_end;
	if (seg->flags & (PS_TCPF_FIN | PS_TCPF_RST))
		t->gap_end = true;
	uint32_t fl = ps_tcp_stream_add(&f->re.rs[dir], seg);
	t->gap_end = was;
	return fl;
}

/* The segment's bytes into its direction's stream; the engine's events on p. */
static inline void ps_ft_reasm_segment_in(struct ps_flow_table *t, struct ps_flow *f, unsigned dir,
					  struct ps_packet *p, int tl, const struct ps_tcp_seg *seg)
{
	enum ps_event_code ev[4];
	ps_flow_app_tcp_packet(&t->app, p, tl);
	if (t->consumer) /* every packet: the consumer learns the endpoints */
		t->consumer(t->cctx, f, dir, t->cur_frame, p->data, 0, 0);
	uint32_t rf = ps_ft_reasm_call_in(t, f, dir, seg);
	if (f->app.u.held || (rf & PS_TCP_R_BUFFERED)) /* else it has nothing to do */
		ps_flow_app_tcp_held(&t->app, f, dir, seg, rf);
	ps_flow_app_tcp_done(&t->app, f, dir);
	if (rf & PS_TCP_R_EVENTS) { /* rare: no call for the others */
		unsigned k = ps_tcp_reasm_events(rf, ev, 4);
		for (unsigned i = 0; i < k; i++)
			ps_packet_add_event(p, ev[i], tl);
	}
}

void ps_ft_reasm_acked(struct ps_flow_table *t, struct ps_flow *f, unsigned dir, uint32_t ack);
void ps_ft_udp_consume(struct ps_flow_table *t, struct ps_flow *f, unsigned dir,
		       struct ps_packet *p, int tl);
/* A UDP datagram: the application decoders, the consumer if any */
static inline void ps_ft_udp_payload(struct ps_flow_table *t, struct ps_flow *f, unsigned dir,
				     struct ps_packet *p, int tl)
{
	ps_flow_app_udp(&t->app, f, dir, p, tl);
	if (t->consumer)
		ps_ft_udp_consume(t, f, dir, p, tl);
}

#endif
