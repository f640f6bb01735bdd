/* SPDX-License-Identifier: BSD-2-Clause */
/* ship.h - the run loop's side of --output and --stats-interval: each
 * rendered record (packets, and --flows conversations) goes to every sink (and to stdout with --print), and the
 * counters go to stderr.  Prints its own lines ("pktscope: ..."). */
#ifndef PS_SHIP_H
#define PS_SHIP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ps_capture.h"
#include "ps_flow.h"
#include "ps_options.h"
#include "ps_render.h"

struct ps_ship;

/* NULL in *out when neither option is given (nothing to do).  Opens the
 * sinks (they connect in the background).  PS_EXIT_OK, or PS_EXIT_RUNTIME
 * (printed). */
int ps_ship_start(struct ps_ship **out, const struct ps_options *o);

/* Render p with r into every sink instead of r->out, and into r->out too
 * with --print (or when there is no sink). */
void ps_ship_packet(struct ps_ship *sh, struct ps_renderer *r, const struct ps_packet *p);

/* true when records go to sinks (sh may be NULL). */
bool ps_ship_sinks(const struct ps_ship *sh);
/* A record already rendered (rec, len bytes: one record ending in its
 * newline, as ps_ship_packet/ps_ship_flow render it) to every sink, keyed
 * by key (NULL or "": none), and to o with --print.  --workers renders on
 * its threads and ships in order from the writer. */
void ps_ship_record(struct ps_ship *sh, struct ps_out *o, const char *rec, size_t len,
		    const char *key);
/* A conversation's record (--flows): to every sink, and to o with --print
 * or when there is no sink (sh may be NULL).  ek: -T ek, as a bulk pair
 * (index "flows-DAY", "timestamp"/"@timestamp" = the flow's last packet). */
void ps_ship_flow(struct ps_ship *sh, struct ps_out *o, const struct ps_flow *f,
		  enum ps_flow_end why, bool nano, bool ek);

/* Live --workers: one ship for all workers, each rendering into its own
 * buffer.  ps_ship_offer gives the whole record in rec (with its newline)
 * to every sink (a cut record is counted dropped), under the caller's
 * lock; true when it also goes to stdout (--print).  ps_ship_sinks: any
 * --output at all (sh may be NULL). */
bool ps_ship_offer(struct ps_ship *sh, const struct ps_out *rec, const char *key);
bool ps_ship_sinks(const struct ps_ship *sh);
/* Once per loop turn: the --stats-interval line when it is due.  frames =
 * frames taken from the source so far. */
void ps_ship_tick(struct ps_ship *sh, struct ps_capture *cap, uint64_t frames);
/* The same with the kernel drops summed over ncaps captures (live --workers). */
void ps_ship_tick_caps(struct ps_ship *sh, struct ps_capture *const *caps, unsigned ncaps,
		       uint64_t frames);

/* End of the run: drain and close the sinks, print one summary line per
 * sink and the last stats line, free sh (NULL is fine).  PS_EXIT_OK, or
 * PS_EXIT_RUNTIME when a sink lost records (dropped or errors). */
int ps_ship_finish(struct ps_ship *sh, struct ps_capture *cap, uint64_t frames);
int ps_ship_finish_caps(struct ps_ship *sh, struct ps_capture *const *caps, unsigned ncaps,
			uint64_t frames);

#endif
