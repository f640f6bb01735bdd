/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_flow_scope.h - the packets a flow stage narrowed to some TCP stream
 * decoders must see (docs/dfilter.md, "Stages").
 *
 * A run whose outputs read nothing of the flow stage but the layers of
 * some TCP stream decoders (DNS over TCP, HTTP, TLS: NEED STREAM in
 * src/filter/df_fields.def) runs the stage only for the packets of the TCP
 * conversations on which one of those decoders can start, with only those
 * decoders (ps_flow_cfg.streams_off).  A decoder starts only at a segment
 * the dissect driver decoded as its protocol (or, on one of its ports, a
 * segment too short for the probe: flow_app.c), and the driver picks a
 * protocol after TCP by the port rows of dissectors/protocols.def, then the
 * heuristic rows.  So: a packet with a TCP layer on a port whose row names
 * one of the protocols, or any TCP packet when a heuristic row names one
 * (TLS, HTTP).  Every packet of such a conversation carries its ports, so
 * each of its packets is seen, and what the stage writes on them is what
 * a full run writes (a conversation's state depends on its own packets;
 * the exceptions are the table's shared bounds: docs/dfilter.md).
 */
#ifndef PS_FLOW_SCOPE_H
#define PS_FLOW_SCOPE_H

#include <stdbool.h>
#include <stdint.h>

#include "ps_packet.h"

/* The protocols whose decoders a scope can narrow the stage to: the TCP
 * stream decoders (flow_app.c).  QUIC's connection IDs follow UDP flows,
 * which a scope never tracks. */
#define PS_FLOW_SCOPE_PROTOS \
	(UINT64_C(1) << PS_P_DNS | UINT64_C(1) << PS_P_HTTP | UINT64_C(1) << PS_P_TLS)
/* Every decoder over the conversations' bytes (ps_flow_cfg.streams_off). */
#define PS_FLOW_STREAM_PROTOS (PS_FLOW_SCOPE_PROTOS | UINT64_C(1) << PS_P_QUIC)

struct ps_flow_scope {
	uint64_t protos;   /* the decoders (bit 1 << tag), in PS_FLOW_SCOPE_PROTOS */
	bool every_tcp;    /* a heuristic row can pick one: every TCP packet */
	unsigned nports;   /* TCP ports whose row picks one (sorted) */
	uint16_t ports[16];
	uint64_t port_bits; /* bit port % 64 of each: most ports fail this one test */
};

/* sc for the decoders of `protos` (bits outside PS_FLOW_SCOPE_PROTOS are
 * ignored).  The port rows are read from protocols.def; more than
 * sc->ports holds makes every TCP packet wanted. */
void ps_flow_scope_init(struct ps_flow_scope *sc, uint64_t protos);
/* Must the stage see p (a dissected record)? */
bool ps_flow_scope_wants(const struct ps_flow_scope *sc, const struct ps_packet *p);
/* "ports 53, 5353" or "every tcp flow": what sc covers, for -q's line. */
void ps_flow_scope_describe(const struct ps_flow_scope *sc, char *out, unsigned n);

#endif
