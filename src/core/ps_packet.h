/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_packet.h - the one packet record every renderer reads.
 *
 * Fixed size and reused for every packet: no allocation per packet.  The
 * frame bytes are borrowed from the capture source for the duration of one
 * dispatch (until the source's next `next()` call).
 *
 * Layers are stored in wire order.  A layer with parent == -1 is top level;
 * otherwise it is nested inside the object of layer `parent` under the key
 * named by `nest` ("quote" for the header an ICMP error carries, "inner"
 * for a tunnelled copy of an outer protocol): the outermost occurrence of a
 * protocol always owns the top-level key.
 */
#ifndef PS_PACKET_H
#define PS_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PS_PROTOCOLS_HEADERS
#include "protocols.def" /* each protocol's layer struct */
#undef PS_PROTOCOLS_HEADERS
#include "ps_events.h"

#define PS_MAX_LAYERS 16 /* encapsulation depth limit: frame.depth_limit */
#define PS_MAX_EVENTS 16 /* further events: frame.event_limit */
/* Variable-length decoded data (option lists, DNS records, TLS cipher
 * suites, HTTP headers) lives in the record's side area, so that every layer
 * struct stays small and zeroing a layer stays cheap.  Offsets, not
 * pointers: a copied record stays valid.  Full: frame.side_limit. */
#define PS_SIDE_BYTES 8192u
#define PS_SIDE_NONE UINT16_MAX /* "no side data" offset */

/* Protocol tags: one per PS_PROTO row of dissectors/protocols.def. */
enum ps_proto {
	PS_P_NONE = 0,
#define PS_PROTO(tag, member, ops) PS_P_##tag,
#include "protocols.def"
	PS_P__COUNT
};

enum ps_nest { PS_NEST_NONE = 0, PS_NEST_INNER, PS_NEST_QUOTE };

struct ps_layer {
	uint8_t proto;    /* enum ps_proto */
	int8_t parent;    /* index of the enclosing layer, -1 = top level */
	uint8_t nest;     /* enum ps_nest: key under the parent's object */
	bool truncated;   /* the capture ended inside this header */
	uint32_t off;     /* header start, frame-absolute */
	uint32_t hdr_len; /* header bytes captured (less than nominal if truncated) */
	union {
#define PS_PROTO(tag, member, ops) struct ps_##member member;
#include "protocols.def"
	} u;
};

struct ps_event {
	uint16_t code;  /* enum ps_event_code */
	int8_t layer;   /* layer that raised it, -1 = the frame */
};

/* Where a TCP segment's payload stands in the application PDUs the stream
 * decoders collect (TLS record, HTTP header block, DNS message): tshark's
 * "[TCP segment of a reassembled PDU]".  FIRST: a PDU begins at its first
 * payload byte and none completes in the frame; MORE: it continues a PDU
 * begun earlier and none completes.  Only the TUI's list shows it (the
 * text is tcpdump's, the JSON schema has no key for it). */
enum ps_pdu_part { PS_PDU_NONE = 0, PS_PDU_FIRST, PS_PDU_MORE };

/* What the flow table (src/flow) says about this packet: set after the
 * dissect driver, read by the renderers.  Every field is meaningful only
 * when `id` is non-NULL (no tracking, or no IP conversation: NULL). */
struct ps_flow_note {
	const char *id;   /* Community ID v1, owned by the flow table: valid for this dispatch */
	uint64_t stream;  /* per-transport conversation index, as tshark's tcp.stream */
	int8_t tcp_layer; /* the TCP layer the numbers below describe, -1 none */
	int8_t l4_layer;  /* the transport layer (TCP, UDP) `stream` numbers, -1 none */
	uint8_t dir;      /* 0 orig, 1 resp */
	uint8_t pdu;      /* enum ps_pdu_part of tcp_layer's payload (src/flow/flow_app.c) */
	uint16_t tcp_analysis; /* tshark's tcp.analysis.* of tcp_layer: PS_TCP_A_* (src/reasm) */
	/* tshark's window scaling of tcp_layer's direction as the segment found
	 * it (before its own options): -1 unknown, -2 not used, else the shift
	 * (src/flow/flow_tcp_int.h, tcp.window_size) */
	int8_t win_scale;
	uint32_t seq_rel, ack_rel; /* tshark's relative tcp.seq / tcp.ack */
	/* tcpdump's text: subtracted from seq, ack and SACK edges (0 = absolute) */
	uint32_t txt_seq, txt_ack, txt_sack;
};

/* IP defragmentation (src/reasm/defrag_feed.c, docs/reassembly.md): this
 * frame completed a datagram.  Layer `ip` is the frame's own fragment
 * header, as on the wire; every layer after it was dissected from the
 * reassembled datagram, whose upper-layer bytes follow the frame's in
 * `data` (offsets >= caplen, up to data_len).  Meaningful only when `on`.
 * `partial` instead: this frame is a fragment that did not complete its
 * datagram (held, or dropped); layer `ip` is its fragment header and the
 * layers after it come from the fragment's own bytes, which tshark, when it
 * reassembles, does not dissect: the display filter does not see them. */
struct ps_defrag_note {
	bool on;
	bool partial;
	uint8_t ip;       /* the fragment's IP layer */
	uint32_t len;     /* the datagram's length, IP header included */
};

/* The times tshark's frame.time_relative, frame.time_delta and
 * frame.time_delta_displayed are measured from: the first frame's, the
 * previous frame's, the previous displayed frame's (the frame's own when
 * there is none).  Set by whoever numbers the frames (ps_frame_clock_stamp;
 * `disp` = `prev` there, as every frame is displayed without a display
 * filter) and, for `disp`, by the display filter's caller.  Meaningful
 * only when `set`. */
struct ps_frame_ref {
	bool set;
	int64_t first_sec, prev_sec, disp_sec;
	uint32_t first_ns, prev_ns, disp_ns;
};

/* Its owner's state: the first and the previous frame's times. */
struct ps_frame_clock {
	bool started;
	int64_t first_sec, prev_sec;
	uint32_t first_ns, prev_ns;
};

struct ps_packet {
	/* frame metadata, set by the caller of ps_dissect() */
	uint64_t n;           /* 1-based frame number */
	int64_t ts_sec;
	uint32_t ts_frac;     /* microseconds, or nanoseconds if ts_nano */
	bool ts_nano;
	uint32_t caplen, len;
	int linktype;         /* DLT_* value as libpcap reports it */
	const char *linktype_name; /* static string owned by the source */
	const char *iface;    /* borrowed, NULL when unknown */
	int8_t direction;     /* live capture: 0 in, 1 out, -1 unknown */
	const uint8_t *data;  /* borrowed frame bytes (caplen of them; see data_len) */
	/* Bytes at `data` that layers may point into: set to caplen by
	 * ps_dissect(); more when reassembled bytes follow the frame's
	 * (defrag below, or a DNS message from the TCP stream that this
	 * frame completes: dissectors/dis_dns_stream.h).  Read it through
	 * ps_packet_bytes(). */
	uint32_t data_len;
	struct ps_frame_ref ref; /* other frames' times (ps_frame_clock_stamp) */

	/* filled by ps_dissect() */
	uint8_t nlayers;
	uint8_t nevents;
	bool any_truncated;
	bool any_malformed;
	bool any_fragment;    /* some IPv4/IPv6 header says fragment (MF, offset, IPv6 Fragment) */
	uint32_t payload_off; /* bytes after the last decoded top-level layer */
	uint32_t payload_len;
	struct ps_layer layers[PS_MAX_LAYERS];
	struct ps_event events[PS_MAX_EVENTS];
	uint32_t side_used; /* bytes of side[] handed out for this frame */
	_Alignas(8) uint8_t side[PS_SIDE_BYTES];

	struct ps_flow_note flow; /* set by the flow table when tracking is on */
	struct ps_defrag_note defrag; /* set by ps_dissect_upper() */
	/* When defragmentation changed this record (src/reasm/defrag_feed.c):
	 * the record as the frame alone decoded it, for output that must match
	 * tools that never reassemble (the text, as tcpdump).  Borrowed for the
	 * dispatch; NULL otherwise (reset by ps_dissect()). */
	const struct ps_packet *frame_view;
};

/* How many bytes at p->data the layers may point into: the captured frame,
 * plus a reassembled datagram's bytes when the record carries one.  Use it,
 * not caplen, to bound reads of a layer's bytes (caplen stays the frame's). */
static inline uint32_t ps_packet_bytes(const struct ps_packet *p)
{
	return p->data_len > p->caplen ? p->data_len : p->caplen;
}

/* Zeroed room for n bytes in p's side area, 8-byte aligned; *at gets its
 * offset.  NULL (and *at = PS_SIDE_NONE) when the area is full.  Dissectors
 * call ps_dis_side_alloc(), which also raises frame.side_limit. */
void *ps_side_alloc(struct ps_packet *p, size_t n, uint16_t *at);
/* The same room, not zeroed: for a caller that writes every item it later
 * counts (the TCP options of nearly every frame, where zeroing the room
 * for the most options the header could hold cost more than parsing). */
static inline void *ps_side_reserve(struct ps_packet *p, size_t n, uint16_t *at)
{
	size_t start = (p->side_used + 7u) & ~(size_t)7u;
	if (start > PS_SIDE_BYTES || n > PS_SIDE_BYTES - start) {
		*at = PS_SIDE_NONE;
		return 0;
	}
	p->side_used = (uint32_t)(start + n);
	*at = (uint16_t)start;
	return p->side + start;
}
/* Side data at offset `at`, or NULL for PS_SIDE_NONE. */
static inline const void *ps_side_get(const struct ps_packet *p, uint16_t at)
{
	return at == PS_SIDE_NONE ? (const void *)0 : (const void *)(p->side + at);
}

/* p's time stamp in nanoseconds of its second. */
static inline uint32_t ps_packet_ns(const struct ps_packet *p)
{
	return p->ts_nano ? p->ts_frac : p->ts_frac * 1000u;
}
/* Fill p->ref from the clock (p's time stamp set), then note p's time as
 * the previous frame's for the next one. */
void ps_frame_clock_stamp(struct ps_frame_clock *c, struct ps_packet *p);

/* The last frame a display filter passed, for frame.time_delta_displayed:
 * before matching p, ps_frame_shown_ref sets p->ref.disp to its time (p's
 * own before the first, as tshark); after a match ps_frame_shown_note
 * remembers p. */
struct ps_frame_shown {
	bool any;
	int64_t sec;
	uint32_t ns;
};
static inline void ps_frame_shown_ref(const struct ps_frame_shown *s, struct ps_packet *p)
{
	p->ref.disp_sec = s->any ? s->sec : p->ts_sec;
	p->ref.disp_ns = s->any ? s->ns : ps_packet_ns(p);
}
static inline void ps_frame_shown_note(struct ps_frame_shown *s, const struct ps_packet *p)
{
	*s = (struct ps_frame_shown){true, p->ts_sec, ps_packet_ns(p)};
}

/* Index of the first layer with this proto at top level, or -1. */
int ps_packet_find(const struct ps_packet *p, enum ps_proto proto);
/* Index of the nearest IPv4/IPv6 layer before layer li in the same nesting, or -1. */
int ps_packet_net_before(const struct ps_packet *p, unsigned li);
/* Add an event after dissection (flow table, reassembly): on layer `layer`
 * (-1: the frame), counted in any_truncated/any_malformed by its kind
 * (PS_EVK_ANALYSIS counts in neither); past PS_MAX_EVENTS frame.event_limit. */
void ps_packet_add_event(struct ps_packet *p, enum ps_event_code code, int layer);
/* Drop the events raised on layer `layer` (a decoder that runs after the
 * driver replaces that layer's content), recomputing any_truncated and
 * any_malformed from the events left. */
void ps_packet_drop_events(struct ps_packet *p, int layer);
/* Append a layer of `proto` right after layer li, in li's chain (same
 * parent and nest), over the frame bytes [off, off + len): for decoders
 * that run after the driver (reassembled streams).  Only when li is the
 * last layer and a slot is free; returns the new index, or -1.  At top
 * level the bytes stop being `payload`. */
int ps_packet_append_after(struct ps_packet *p, unsigned li, enum ps_proto proto, uint32_t off,
			   uint32_t len);
/* Remove layer li when it is the last layer (a decoder that runs after the
 * driver found its bytes are not this frame's to decode), with its events;
 * at top level its bytes become `payload` again.  False: not the last,
 * nothing done. */
bool ps_packet_pop_layer(struct ps_packet *p, unsigned li);
/* True when the frame carries this event. */
bool ps_packet_has_event(const struct ps_packet *p, enum ps_event_code code);
/* True when layer li is inside an ICMP error's quote (at any depth). */
bool ps_packet_in_quote(const struct ps_packet *p, int li);
/* The outermost top-level VLAN id, 0 without one. */
uint16_t ps_packet_first_vlan(const struct ps_packet *p);
/* *dst = *src, without the unused part of the side area (most of the
 * record's size). */
void ps_packet_copy(struct ps_packet *dst, const struct ps_packet *src);
/* Drop the layers after li and the events raised on them; the truncated /
 * malformed flags are counted again from the events that stay. */
void ps_packet_cut_after(struct ps_packet *p, unsigned li);

#endif
