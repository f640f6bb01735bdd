/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_flow_render.h - output of the flow table: NDJSON flow records and the
 * tshark-compatible -z conv / -z endpoints tables. */
#ifndef PS_FLOW_RENDER_H
#define PS_FLOW_RENDER_H

#include "ps_flow.h"
#include "ps_out.h"

/* One flow record line (with its newline); times with 9 decimals if nano. */
void ps_render_flow_record(struct ps_out *o, const struct ps_flow *f, enum ps_flow_end why,
			   bool nano);
/* "tcp", "udp", "icmp", "icmpv6", else the number in decimal (in buf). */
const char *ps_flow_proto_name(uint8_t proto, char buf[4]);
/* First and last packet time of the flow, either direction. */
void ps_flow_times(const struct ps_flow *f, int64_t *first, int64_t *last);

#endif
