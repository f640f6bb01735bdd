/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_dissect.h - dissector ops, the registry tables and the dissect driver.
 *
 * A dissector is a `static const struct ps_dissector` in dissectors/dis_*.c.
 * The driver (src/dissect.c) pushes a layer, calls `decode`, then looks the
 * (table, key) the dissector asked for up in the registry
 * (dissectors/registry.c) to find the next one.  An unknown key ends the
 * chain: what is left is payload.
 *
 * decode() contract:
 *  - `c` is positioned at the header start (l->off == c->pos), its end
 *    clipped to what the carrier claims or the capture holds, whichever is less.
 *  - Fill l->u.<proto> and l->hdr_len (header bytes captured).  The layer
 *    arrives zeroed, its union only as far as the dissector's own member
 *    reaches: a decode that changes l->proto zeroes the other member.
 *  - On truncation: ps_dis_event(d, PS_EV_<P>_TRUNCATED) (marks the layer),
 *    keep what was decoded, return without setting a next protocol.
 *  - On a self-contradicting header: raise its specific event and stop.
 *  - To continue: leave `c` at the payload start, clipped to the payload the
 *    header claims (ps_cur_clip), set d->claim_out to the bytes the header
 *    claims for its payload (even if not all captured), and call
 *    ps_dis_next(d, table, key).
 *  - Never print, allocate, or touch globals.
 */
#ifndef PS_DISSECT_H
#define PS_DISSECT_H

#include <stdbool.h>
#include <stdint.h>

#include "ps_cursor.h"
#include "ps_emit.h"
#include "ps_packet.h"

struct ps_out;

/* Hand-off tables: rows are declared in dissectors/protocols.def. */
enum ps_table {
	PS_TAB_NONE = 0,
	PS_TAB_LINKTYPE,  /* key: DLT_* value */
	PS_TAB_ETHERTYPE, /* key: EtherType */
	PS_TAB_IPPROTO,   /* key: IP protocol / IPv6 Next Header */
	PS_TAB_UDP_PORT,  /* key: a UDP port (ps_dis_next_ports tries both) */
	PS_TAB_TCP_PORT,  /* key: a TCP port (ps_dis_next_ports tries both) */
	PS_TAB_UDP_HEUR,  /* heuristic rows for UDP payloads (no key) */
	PS_TAB_TCP_HEUR,  /* heuristic rows for TCP payloads (no key) */
	PS_TAB_8023,      /* key: what follows an 802.3 length field (PS_8023_LLC) */
	PS_TAB_LLC_SAP,   /* key: the SAP of an LLC UI frame whose DSAP and SSAP agree */
	PS_TAB_SNAP_CISCO, /* key: SNAP protocol id under Cisco's OUI 00000c */
	PS_TAB_SNAP_8021, /* key: SNAP protocol id under IEEE 802.1's OUI 0080c2 */
	PS_TAB_GRE_PROTO, /* key: a GRE version 0 protocol type tried before the EtherType table */
};

/* PS_TAB_8023 keys: an 802.2 LLC header follows the length (the only kind
 * decoded; raw 802.3 IPX, 0xffff, would be another key) */
#define PS_8023_LLC 0u

#define PS_CLAIM_UNKNOWN UINT32_MAX

struct ps_dctx {
	struct ps_packet *p;
	int8_t parent;    /* parent for layers pushed now (-1 top level) */
	uint8_t nest;     /* enum ps_nest for those layers */
	uint8_t level;    /* nesting level (0 top) */
	int8_t cur;       /* index of the layer being decoded */
	uint32_t claim_in;  /* bytes the carrier claims for this layer, or PS_CLAIM_UNKNOWN */
	uint32_t claim_out; /* set by decode: bytes this header claims for its payload */
	uint8_t next_table; /* set by decode through ps_dis_next() */
	uint32_t next_key;
};

/* Text rendering options the summaries honour. */
struct ps_text_opts {
	int verbose; /* -v count */
	bool link;   /* -e: print link-layer headers */
};

enum ps_dis_flags {
	PS_DIS_LINK = 1u << 0,  /* link layer: summary only with -e */
	PS_DIS_ARRAY = 1u << 1, /* consecutive layers form one JSON array (vlan) */
	PS_DIS_PORTS = 1u << 2, /* its summary prints "src.port > dst.port: " itself */
	PS_DIS_NET = 1u << 3,   /* network layer carrying src/dst addresses */
	/* its summary prints its own " [|name]" where tcpdump's printer would
	 * (HTTP: only when a line it prints runs into the capture's end), so
	 * the text renderer adds none for its truncation event */
	PS_DIS_OWN_TRUNC = 1u << 4,
};

typedef void (*ps_decode_fn)(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l);

struct ps_dissector {
	const char *name;  /* JSON key, "tcp" */
	const char *label; /* display name (TUI protocol column and statistics), "TCP" */
	uint8_t proto;     /* enum ps_proto */
	unsigned flags;   /* enum ps_dis_flags */
	/* its "<name>.truncated" event: raised by the driver when a carrier
	 * names this protocol but not one byte of it was captured */
	uint16_t ev_truncated;
	ps_decode_fn decode;
	/* Optional.  For a port-table row: does this payload look like the
	 * protocol (a row whose probe says no is skipped)?  Required for a
	 * heuristic row.  `c` is the payload window; probe reads, never moves it. */
	bool (*probe)(const struct ps_dctx *d, const struct ps_cursor *c);
	/* One-line text for this layer (tcpdump-like); see docs/text-format.md. */
	void (*summary)(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			struct ps_out *o);
	/* Structured fields of this layer, without the enclosing object. */
	void (*fields)(const struct ps_packet *p, unsigned li, struct ps_emit *e);
	/* Optional.  tcpdump hex-dumps the bytes of a frame it has no printer
	 * for past some headers (an LLC frame with an unknown SAP): true, with
	 * the frame offset and length to dump, when the text renderer should
	 * do the same after the line (without -x/-X/-A, as tcpdump). */
	bool (*raw_dump)(const struct ps_packet *p, unsigned li, uint32_t *off, uint32_t *len);
	/* Optional.  False when this layer gives no object in the structured
	 * output (JSON, the TUI's tree) while its text stays: an HTTP segment
	 * whose message a later frame completes (dis_http_stream.c). */
	bool (*has_object)(const struct ps_packet *p, unsigned li);
};

/* ---- registry (dissectors/registry.c, rows in dissectors/protocols.def) ---- */
const struct ps_dissector *ps_registry_lookup(enum ps_table table, uint32_t key);

/* The PS_HEURISTIC rows in declaration order, ended by a NULL `dis`: the
 * driver tries a *_HEUR table's rows, in this order, on every payload no
 * port row took (each row's dissector has a probe). */
struct ps_heuristic_row {
	enum ps_table table;
	const struct ps_dissector *dis;
};
extern const struct ps_heuristic_row ps_registry_heuristic_rows[];

/* Tag -> dissector (NULL for PS_P_NONE): renderers call it for every layer. */
extern const struct ps_dissector *const ps_registry_protos[PS_P__COUNT];
static inline const struct ps_dissector *ps_registry_by_proto(unsigned proto)
{
	return proto < PS_P__COUNT ? ps_registry_protos[proto] : 0;
}
/* The PS_APP rows of protocols.def as a set (bit 1 << tag): application
 * protocols at the end of a chain, which a run reading none of their
 * layers may leave undecoded (ps_dissect_for). */
extern const uint64_t ps_registry_app_protos;
/* One bit per port modulo 64: a set of ports as a 64-bit filter (a clear
 * bit: no port of the set; a set bit: maybe). */
#define PS_PORT_BIT(port) (UINT64_C(1) << ((port) & 63u))
/* The PS_PORT_BIT()s of the rows of port table `table` (PS_TAB_UDP_PORT,
 * PS_TAB_TCP_PORT) whose protocol is not in `skip` (bit 1 << tag). */
uint64_t ps_registry_port_bits(enum ps_table table, uint64_t skip);
/* True when the driver can dissect frames of this link type. */
int ps_registry_has_linktype(int linktype);

/* ---- driver (src/dissect.c) ---- */
/* Dissect p->data (p->caplen bytes; p->len on the wire) of p->linktype.
 * The caller sets n, ts, caplen, len, linktype, data; everything else is reset. */
void ps_dissect(struct ps_packet *p);

/* ---- depth: decode what a run reads (docs/dfilter.md, "Stages") ----
 * A run whose records only a display filter, -T fields and -q's counts
 * read need not decode application protocols none of its fields name.
 * ps_dissect_for() dissects as ps_dissect() does, except that the
 * top-level chain stops at a transport's payload where the port search
 * could only pick application protocols (PS_APP rows) in dd->skip: their
 * decoders and probes do not run.  dd keeps where it stopped, and
 * ps_dissect_finish() completes the record from there into the one
 * ps_dissect() gives (for -q's counts of a frame the filter passed).
 * Nested chains (tunnels, ICMP quotes) are decoded whole, and so is a
 * frame with an IP fragment (defragmentation may cut or redo its layers). */
struct ps_dissect_depth {
	uint64_t skip;           /* PS_APP protocols not to decode (bit 1 << tag); 0: all */
	bool heur_udp, heur_tcp; /* some UDP_HEUR / TCP_HEUR row is not in skip */
	/* [0] UDP, [1] TCP: the PS_PORT_BIT()s of the port rows not in skip,
	 * all bits when a heuristic row is not: a payload whose ports both
	 * miss it has nothing to search for */
	uint64_t search[2];
	/* where the last ps_dissect_for() stopped, when pending */
	bool pending, seen_net;
	struct ps_dctx d;
	struct ps_cursor c;
};
/* dd for a run that reads the layers in `reads` (bit 1 << tag; UINT64_MAX:
 * every layer, which decodes everything). */
void ps_dissect_depth_init(struct ps_dissect_depth *dd, uint64_t reads);
void ps_dissect_for(struct ps_packet *p, struct ps_dissect_depth *dd);
/* Decode the rest of the record the last ps_dissect_for() left (nothing
 * when it left nothing); the record must be as that call left it (it is:
 * ps_defrag_feed changes no frame without a fragment). */
void ps_dissect_finish(struct ps_packet *p, struct ps_dissect_depth *dd);

/* IP defragmentation: replace what the frame decoded after layer ipl (an
 * IPv4/IPv6 fragment header) with the dissection of a reassembled
 * datagram's upper-layer bytes, p->data[off, off + len), starting with IP
 * protocol `proto`.  The caller has pointed p->data at a buffer holding the
 * frame's caplen bytes, then those bytes (off >= caplen), and set
 * p->data_len.  Sets p->defrag (datagram length dgram_len). */
void ps_dissect_upper(struct ps_packet *p, unsigned ipl, uint8_t proto, uint32_t off,
		      uint32_t len, uint32_t dgram_len);

/* Called from decode: continue with (table, key). */
static inline void ps_dis_next(struct ps_dctx *d, enum ps_table table, uint32_t key)
{
	d->next_table = (uint8_t)table;
	d->next_key = key;
}

/* Called from a transport decode: continue with the payload by port (the
 * lower port's row first, then the higher's, then the heuristics of the
 * table's *_HEUR list).  table: PS_TAB_UDP_PORT or PS_TAB_TCP_PORT. */
static inline void ps_dis_next_ports(struct ps_dctx *d, enum ps_table table, uint16_t sport,
				     uint16_t dport)
{
	ps_dis_next(d, table, (uint32_t)sport << 16 | dport);
}

/* ps_side_alloc() for the packet being dissected; raises frame.side_limit
 * when the side area is full (the caller then records fewer items). */
void *ps_dis_side_alloc(struct ps_dctx *d, size_t n, uint16_t *at);
/* Raise an event on the layer being decoded (truncation events also mark
 * the layer truncated). */
void ps_dis_event(struct ps_dctx *d, enum ps_event_code code);

/* ps_side_reserve() (room not zeroed) for the packet being dissected; the
 * same event when the side area is full.  Inline: TCP takes room on nearly
 * every frame. */
static inline void *ps_dis_side_reserve(struct ps_dctx *d, size_t n, uint16_t *at)
{
	void *room = ps_side_reserve(d->p, n, at);
	if (!room)
		ps_dis_event(d, PS_EV_FRAME_SIDE_LIMIT);
	return room;
}

/* Dissect `c` as a nested chain starting at (table, key), inside the layer
 * being decoded, under key `nest` (ICMP quote, tunnel inner).  Bounded by the
 * depth limit. */
void ps_dissect_nested(struct ps_dctx *d, const struct ps_cursor *c, enum ps_table table,
		       uint32_t key, enum ps_nest nest);

/* Emit every field of layer li (its own fields, then its nested children
 * under their nest keys, then their events). */
void ps_emit_layer(const struct ps_packet *p, unsigned li, struct ps_emit *e);
/* Emit the whole record as the top-level object's members (schema, frame,
 * layers, payload, events), without the enclosing braces. */
void ps_emit_packet(const struct ps_packet *p, struct ps_emit *e);

#endif
