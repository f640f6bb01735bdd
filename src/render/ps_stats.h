/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_stats.h - run totals for -q: packets, bytes, per-protocol and event counts. */
#ifndef PS_STATS_H
#define PS_STATS_H

#include <stdint.h>

#include "ps_out.h"
#include "ps_packet.h"

struct ps_stats {
	uint64_t packets, bytes, captured_bytes;
	uint64_t truncated, malformed; /* packets with at least one such event */
	uint64_t proto[PS_P__COUNT];   /* packets carrying the protocol at top level */
	uint64_t events[PS_EV__COUNT];
};

void ps_stats_add(struct ps_stats *s, const struct ps_packet *p);
/* Add from's counts to into's (live --workers: one worker's each). */
void ps_stats_merge(struct ps_stats *into, const struct ps_stats *from);
/* The -q summary, several lines. */
void ps_stats_print(const struct ps_stats *s, struct ps_out *o);

#endif
