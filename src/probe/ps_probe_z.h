/* SPDX-License-Identifier: BSD-2-Clause */
/* The capture side of probe statistics: what `pktscope -z probe` needs.
 *
 * Hook for the -z framework (branch `flows`): the run loop creates one
 * struct ps_probe_stats (ps_probe_stats_init, --max-streams-like cap), calls
 * ps_probe_feed() after every dissect, and at the end ps_probe_table()
 * into its output; then ps_probe_stats_free().  Layout in
 * docs/probe-format.md ("-z probe"). */
#ifndef PS_PROBE_Z_H
#define PS_PROBE_Z_H

#include "ps_out.h"
#include "ps_packet.h"
#include "ps_probe_stats.h"

/* Accounts every complete probe layer of the record (top level or nested)
 * at the record's capture time.  Returns how many stamps it accounted. */
unsigned ps_probe_feed(struct ps_probe_stats *st, const struct ps_packet *p);

/* The per-stream table, tshark -z style, one row per stream in order of
 * first sight. */
void ps_probe_table(const struct ps_probe_stats *st, struct ps_out *o);

#endif
