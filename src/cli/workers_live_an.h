/* SPDX-License-Identifier: BSD-2-Clause */
/* workers_live_an.h - what one live worker (workers_live.c) keeps beyond
 * the record, as one worker's run loop does (run.c): IP defragmentation,
 * the flow table, -Y / -T fields, -q's counters, the -z tables.  Each
 * worker owns its own; at the end the counters and tables are summed into
 * one output (workers_live_end.c). */
#ifndef PS_WORKERS_LIVE_AN_H
#define PS_WORKERS_LIVE_AN_H

#include <stdint.h>

#include "defrag_feed.h"
#include "ps_flow.h"
#include "ps_follow.h"
#include "ps_options.h"
#include "ps_out.h"
#include "ps_probe_stats.h"
#include "ps_stats.h"
#include "ps_zstats.h"
#include "view.h"

struct ps_wlive_an {
	struct ps_defrag_feed *defrag; /* NULL with --no-defrag */
	struct ps_flow_table *flows;   /* NULL with --no-flows */
	struct ps_view view;           /* -Y, -T fields: compiled per worker */
	struct ps_stats stats;         /* -q */
	struct ps_zstats z;            /* -z conv / endpoints */
	struct ps_follow_set follow;   /* -z follow: each worker's, the stream's
					* owner prints (stream % n) */
	struct ps_probe_stats probe;   /* -z probe: each worker's, merged at the end */
	int zprobe;                    /* 1 + -z probe's place among the -z, 0 absent */
	int64_t first_ns;              /* the first counted frame's time (0: none yet) */
};

/* Open worker `id` of n: the flow table gets 1/n of the --flow-mem cap and
 * calls on_end(ctx, ...) as a conversation ends.  PS_EXIT_* (printed). */
int ps_wlive_an_open(struct ps_wlive_an *a, const struct ps_options *o, unsigned id, unsigned n,
		     ps_flow_end_fn on_end, void *ctx);
void ps_wlive_an_close(struct ps_wlive_an *a);

/* A counted frame: into -q's counters and the per-packet -z tables. */
void ps_wlive_an_account(struct ps_wlive_an *a, const struct ps_options *o,
			 const struct ps_packet *p);

/* The end of the run, after every worker's flow table was flushed: -q's
 * totals (then each worker's engine lines, prefixed "worker W: "), each
 * -z follow from the worker that numbers its stream, the -z tables and
 * -z probe's streams merged (in one worker's order of the tables),
 * --count's line (frames: counted over the workers). */
void ps_wlive_an_print(struct ps_wlive_an *const *a, unsigned n, const struct ps_options *o,
		       uint64_t frames, struct ps_out *out);

#endif
