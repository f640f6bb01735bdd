/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_flow.h - the bounded conversation table (docs/flows.md).
 *
 * One table per run.  ps_flow_packet() is called once per dissected packet:
 * it ends flows whose idle timeout passed (by the packet's time), finds or
 * creates the packet's conversation, updates it and writes p->flow.  A flow
 * that ends (FIN/RST + closed timeout, idle timeout, eviction at the memory
 * cap, a reused 5-tuple, end of input) is handed to the `on_end` callback,
 * read-only, before its slot is reused.  Flow state holds no pointer into
 * frame bytes.  Memory is one slab sized from the cap at creation: no
 * allocation per packet or per flow afterwards.
 */
#ifndef PS_FLOW_H
#define PS_FLOW_H

#include <stdbool.h>
#include <stdint.h>

#include "dis_dns_stream.h"
#include "dis_quic_conn.h"
#include "dis_http_stream.h"
#include "dis_tls_stream.h"
#include "ps_packet.h"
#include "tcp_analysis.h"

/* Idle timeouts, seconds (defaults in ps_flow_cfg_defaults, docs/flows.md). */
enum ps_flow_tclass {
	PS_FT_TCP_SYN,    /* TCP before the handshake completed */
	PS_FT_TCP,        /* TCP established or mid-stream */
	PS_FT_TCP_CLOSED, /* TCP after FIN both ways or a RST */
	PS_FT_UDP,
	PS_FT_ICMP,
	PS_FT_OTHER,
	PS_FT__COUNT
};

/* Why a flow ended; `reused`: a SYN with a new ISN started another
 * conversation on the same tuple before this one closed. */
enum ps_flow_end {
	PS_END_FIN,
	PS_END_RST,
	PS_END_TIMEOUT,
	PS_END_EVICTED,
	PS_END_EOF,
	PS_END_REUSED,
	PS_END__COUNT
};

/* Transport classes with their own stream counter. */
enum ps_flow_kind { PS_FK_TCP, PS_FK_UDP, PS_FK_ICMP, PS_FK_OTHER, PS_FK__COUNT };

/* The unordered 5-tuple: endpoint a is the lower (address, port). Packed
 * with no padding so it can be hashed and compared as bytes. */
struct ps_flow_key {
	uint8_t a[16], b[16]; /* IPv4 in the first 4 bytes, the rest zero */
	uint16_t pa, pb;      /* ports; ICMP: community-ID type/code pair */
	uint16_t vlan;        /* outermost 802.1Q id, 0 untagged */
	uint16_t icmp_id;     /* ICMP echo-like identifier, else 0 */
	uint8_t proto;        /* IP protocol (after IPv6 extension headers) */
	uint8_t v6;           /* 0 IPv4, 1 IPv6 */
	uint8_t pad[6];       /* to 48 bytes: hashed as six words */
};

struct ps_flow_dir {
	uint64_t pkts, ip_bytes, payload;
	uint64_t frame_bytes; /* wire length of the frames (tshark's conversation bytes) */
	/* frames whose transport header was captured whole, and their bytes:
	 * what tshark's TCP/UDP conversation tables count */
	uint64_t l4_pkts, l4_bytes;
	int64_t first_ns, last_ns;
};

#define PS_FLOW_HIST_MAX 24
#define PS_FLOW_ID_LEN 32 /* "1:" + 28 base64 + NUL, rounded up */

#define PS_FTCP_WS_UNKNOWN (-1)
#define PS_FTCP_WS_UNUSED (-2)
struct ps_flow_tcp {
	uint8_t state[2];       /* Zeek endpoint states (flow_tcp.c), [0] orig */
	bool base_set[2];       /* tshark: the direction's base sequence number */
	uint32_t base[2];
	bool td_valid;          /* tcpdump: bases recorded on an ACK packet */
	uint32_t td_base[2];    /* tcpdump's base for seq numbers sent by each side */
	uint32_t flag_seq[2][4]; /* last seq of S, H, F, R per side (history repeats) */
	uint8_t flag_seen[2];   /* bit per S, H, F, R */
	bool end_set[2];
	uint32_t end[2];        /* highest seq + len sent (retransmission 't') */
	uint32_t rexmit[2], zwin[2]; /* 't' and 'w' counts (logarithmic letters) */
	/* tshark's sequence analysis (src/reasm/tcp_analysis.h), [0] orig */
	struct ps_tcp_anl anl[2];
	uint64_t syn_ns, rtt_ns; /* first SYN's time; SYN to handshake ACK (0 unknown) */
	bool synack;
	/* tshark's window scaling per direction (flow_tcp_int.h): its
	 * win_scale, PS_FTCP_WS_UNKNOWN (-1) or _UNUSED (-2) or the shift */
	int8_t ws[2];
};

/* TCP reassembly of a conversation: one stream per direction ([0] orig). */
struct ps_flow_reasm {
	struct ps_tcp_stream rs[2];
};

struct ps_tls_held; /* flow_app.c */

/* Application decoders' state over the conversation (flow_app.c). */
struct ps_flow_app_state {
	union {
		struct {                     /* TCP, per direction, [0] orig: */
			struct ps_tls_stream tls[2];   /* TLS records */
			struct ps_http_stream http[2]; /* HTTP/1.x messages */
			struct ps_dns_stream dns[2];   /* DNS messages (length-prefixed) */
			/* TLS records of segments held behind a hole, allocated
			 * at the first one (flow_app.c) */
			struct ps_tls_held *held;
		};
		struct ps_quic_cids quic;    /* UDP: the connection IDs of a QUIC connection */
	} u;
};

struct ps_flow {
	struct ps_flow_key key;
	uint32_t hnext, hprev;    /* hash chain, slot indexes (hprev NIL: the bucket head) */
	uint32_t hash32;          /* low bits of the key's hash */
	uint32_t prev, next;      /* timeout-class list, slot index */
	uint8_t tclass;           /* enum ps_flow_tclass: the list it is on */
	uint8_t kind;             /* enum ps_flow_kind */
	bool orig_is_b;           /* orig side is key endpoint b */
	bool first_from_b;        /* the first packet came from key endpoint b */
	bool in_use;
	int64_t touch_ns;         /* table clock at the last packet */
	uint64_t stream;
	uint64_t order;           /* creation sequence number (first-seen order) */
	struct ps_flow_dir d[2];  /* [0] orig, [1] resp */
	char id[PS_FLOW_ID_LEN];  /* Community ID v1 */
	char hist[PS_FLOW_HIST_MAX + 1];
	uint8_t hlen;
	uint64_t hseen;           /* the letters in hist, a bit each (flow_tcp.c) */
	struct ps_flow_tcp tcp;
	struct ps_flow_reasm re;
	struct ps_flow_app_state app;
};

struct ps_flow_cfg {
	uint32_t timeout[PS_FT__COUNT]; /* seconds */
	uint64_t mem_bytes;             /* hard cap on the table's memory */
	bool text_rel;                  /* tcpdump-relative text numbers (off with -S) */
	uint64_t reasm_mem;             /* TCP reassembly budget, bytes (0: the default) */
	/* stream numbers: first, first + step, ... (live --workers: worker W of
	 * N numbers W, W + N, ... so numbers are unique across workers); the
	 * defaults 0 and 0 mean 0, 1, 2, ... */
	uint32_t stream_first, stream_step;
	/* Work whose results only some outputs read (on by default; src/cli/run.c
	 * turns off what nothing in its run reads, docs/flows.md):
	 * community_id: each new flow's Community ID (a SHA-1), the text of
	 *   p->flow.id and ps_flow's id; off, both are "" (p->flow.id stays
	 *   non-NULL: "the packet has a flow");
	 * tcp_analysis: tshark's sequence analysis, p->flow.tcp_analysis and the
	 *   tcp.* analysis events; off, neither is set;
	 * history: Zeek's history letters (ps_flow's hist) and what only they
	 *   tell, the fin/rst end reason of a closed TCP flow and conn_state
	 *   RSTOS0 (the flow records); off, hist stays "";
	 * counters: the per-direction packet and byte counts and times (ps_flow's
	 *   d[]: the flow records, -z conv and endpoints); off, they stay 0. */
	bool community_id, tcp_analysis, history, counters;
	/* streams_off: the decoders over the conversations' bytes the table
	 * does not run, a set of bits 1 << PS_P_DNS, PS_P_HTTP, PS_P_TLS (the
	 * TCP stream decoders) and PS_P_QUIC (QUIC's connection IDs over UDP);
	 * 0 by default.  A run whose outputs read only some of those layers
	 * turns the others off (src/cli/flow_plan.c): each decoder writes only
	 * its own layers, so the layers of the ones left on are unchanged. */
	uint64_t streams_off;
};

struct ps_flow_stats {
	uint64_t created, ended[PS_END__COUNT], active, peak, max_flows;
	uint64_t no_flow; /* packets with an IP layer but no usable addresses */
};

typedef void (*ps_flow_end_fn)(void *ctx, const struct ps_flow *f, enum ps_flow_end why);
/* A conversation's payload: TCP each direction's reassembled bytes once, in
 * order (data NULL: a gap of len bytes that will never come), UDP each
 * datagram; data != NULL with len 0: a TCP packet of the conversation
 * (before its bytes).  dir 0 orig, 1 resp; frame: the packet that
 * delivered them; flags: PS_FLOW_GAP_ACKED on a gap the other side
 * acknowledged (sent and received, but not captured: tshark's "[N bytes
 * missing in capture file]"), PS_FLOW_GAP_AT_END on one given up as the
 * conversation ends, PS_FLOW_REC_START (below) on data, 0 otherwise.
 * Borrowed for the call.  The table's own application decoders
 * (flow_app.h: TLS records, QUIC connection IDs) see the same bytes. */
#define PS_FLOW_GAP_ACKED 1u
/* a gap given up because the conversation ended (FIN, RST, timeout, end of
 * input) with a hole nobody acknowledged; the data after it follows */
#define PS_FLOW_GAP_AT_END 2u
/* TCP data from another segment than the previous bytes of this direction
 * (tshark's follow writes each segment released from the out-of-order
 * buffer as a record of its own) */
#define PS_FLOW_REC_START 4u
typedef void (*ps_flow_bytes_fn)(void *ctx, const struct ps_flow *f, unsigned dir,
				 uint64_t frame, const uint8_t *data, uint32_t len, unsigned flags);

struct ps_flow_table;

void ps_flow_cfg_defaults(struct ps_flow_cfg *c);
/* Parse --flow-timeout: "N" (every idle timeout) or "name=N[,name=N]" with
 * names tcp, syn, closed, udp, icmp, other.  0 ok, -1 bad spec. */
int ps_flow_parse_timeouts(struct ps_flow_cfg *c, const char *spec);

/* NULL with a reason in err (PS_ERRBUF bytes) when the cap is too small or
 * memory is short.  `on_end` may be NULL. */
struct ps_flow_table *ps_flow_table_new(const struct ps_flow_cfg *cfg, ps_flow_end_fn on_end,
					void *ctx, char *err, unsigned errlen);
void ps_flow_table_free(struct ps_flow_table *t);
/* Receive every conversation's payload (one consumer; NULL: none). */
void ps_flow_set_consumer(struct ps_flow_table *t, ps_flow_bytes_fn fn, void *ctx);
/* The TLS stream decoders' buffer budget and counters. */
const struct ps_tls_sbudget *ps_flow_app_budget(const struct ps_flow_table *t);
/* ... and the HTTP streams' */
const struct ps_http_sbudget *ps_flow_app_http_budget(const struct ps_flow_table *t);
/* The DNS stream decoders' budget and counters (for -q). */
const struct ps_dns_sbudget *ps_flow_app_dns_budget(const struct ps_flow_table *t);
/* The TCP reassembly budget and counters (-q). */
const struct ps_tcp_budget *ps_flow_reasm_budget(const struct ps_flow_table *t);
/* What one flow costs of the cap (slot, buckets, its share of the cache). */
uint64_t ps_flow_mem_per_flow(void);
/* Track one dissected packet and fill p->flow (id NULL when it has no flow). */
void ps_flow_packet(struct ps_flow_table *t, struct ps_packet *p);
/* Fill p->flow for a record the table must not count: a frame's own view
 * when defragmentation replaced its layers (p->frame_view of the tracked
 * record).  Its innermost conversation's id, stream and direction, and
 * tcpdump's relative numbers for its TCP header as the flow stands; no
 * state changes (the datagram is tracked once, on the frame completing it). */
void ps_flow_peek(const struct ps_flow_table *t, struct ps_packet *p);
/* End every flow (end of input): closed TCP as fin/rst, the rest as eof. */
void ps_flow_flush(struct ps_flow_table *t);
/* A live capture's clock (ns since the epoch, as packet times) while no
 * packet comes: moves the table's clock forward (never back) and ends the
 * flows whose timeout passed, through on_end.  Returns how many ended. */
unsigned ps_flow_tick(struct ps_flow_table *t, int64_t now_ns);
const struct ps_flow_stats *ps_flow_stats(const struct ps_flow_table *t);

/* Names for records. */
const char *ps_flow_end_name(enum ps_flow_end e);
const char *ps_flow_state_name(const struct ps_flow *f); /* Zeek conn_state */
/* The orig side's address/port and the resp side's. */
void ps_flow_endpoints(const struct ps_flow *f, const uint8_t **src, uint16_t *sport,
		       const uint8_t **dst, uint16_t *dport);

/* ---- internal, shared by the flow files and their tests ---- */
/* What one packet contributes: its conversation key and how it travels. */
struct ps_flow_pkt {
	struct ps_flow_key key;
	bool from_a;              /* travels from key endpoint a to b */
	int ipl, tl;              /* innermost IP layer; its transport layer or -1 */
	const uint8_t *src, *dst; /* into the record, as sent (Community ID) */
	uint16_t sport, dport;    /* as sent; ICMP: community-ID type/code pair */
	bool has_ports, one_way;
	bool l4_whole;            /* the transport header was captured whole */
	uint32_t ip_bytes, payload;
};
/* Fill *k from p's innermost IP conversation; false when it has none. */
bool ps_flow_key_of(const struct ps_packet *p, struct ps_flow_pkt *k);
/* The same for the IP layer at index ipl (a carrier of a tunnel). */
bool ps_flow_key_at(const struct ps_packet *p, int ipl, struct ps_flow_pkt *k);
/* The next usable IPv4/IPv6 layer at or after index from, -1 none. */
int ps_flow_next_ip(const struct ps_packet *p, int from);
/* Community ID v1 (seed 0) of a key, written to out[PS_FLOW_ID_LEN]; uses
 * the orientation of the first packet for one-way ICMP types.  Returns 0. */
int ps_community_id(const uint8_t *saddr, const uint8_t *daddr, bool v6, uint8_t proto,
		    uint16_t sport, uint16_t dport, bool has_ports, char *out);
/* tcpdump's relative numbers (n->txt_*) for t as the per-packet TCP
 * update (ps_ftcp_update, flow_tcp_int.h) would give them, without
 * changing f. */
void ps_flow_tcp_text_peek(const struct ps_flow *f, unsigned dir, const struct ps_tcp *t,
			   struct ps_flow_note *n);
void ps_flow_hist_add(struct ps_flow *f, unsigned dir, char letter);

#endif
