/* SPDX-License-Identifier: BSD-2-Clause */
/* zsplit.h - the -z options split by the engine that answers them: probe
 * (src/probe), follow (ps_follow_set), the flow table's tables (conv,
 * endpoints: ps_zstats).  One split for the single run loop (run.c) and
 * each live worker (workers_live_an.c). */
#ifndef PS_ZSPLIT_H
#define PS_ZSPLIT_H

#include "ps_follow.h"
#include "ps_options.h"
#include "ps_out.h"
#include "ps_probe_stats.h"
#include "ps_zstats.h"

_Static_assert(PS_MAX_ZSTATS <= PS_FOLLOW_SET_MAX, "every -z may be a follow");

/* Follow specs go to *follow (when not NULL), table names to names[] (room
 * for PS_MAX_ZSTATS); *probe: 1 + the place of -z probe among the -z, 0
 * absent.  Returns how many names went to names[]. */
unsigned ps_zsplit(const struct ps_options *o, struct ps_follow_set *follow, const char **names,
		   int *probe);

/* The -z tables (z, sorted in place; first_ns: the first counted frame's
 * time) and -z probe (probe, when zprobe, ps_zsplit's value) in tshark's
 * order, the last option's first; the rows beyond the tables' cap counted
 * on stderr. */
void ps_zprint(const struct ps_options *o, struct ps_zstats *z, int64_t first_ns,
	       const struct ps_probe_stats *probe, int zprobe, struct ps_out *out);

#endif
