/* SPDX-License-Identifier: BSD-2-Clause */
/* live.h - what the run loop does around a capture besides printing: -w
 * writing (with rotation), the -Z privilege drop once everything is open,
 * and the end-of-run summary on stderr ("N packets captured", ...).
 * Every function prints its own one-line error ("pktscope: ..."). */
#ifndef PS_LIVE_H
#define PS_LIVE_H

#include <stdbool.h>
#include <stdint.h>

#include "privdrop.h"
#include "ps_capture.h"
#include "ps_options.h"
#include "ps_packet.h"
#include "writer.h"

#define PS_LIVE_IFCACHE 8

struct ps_live {
	struct ps_writer *w; /* -w, NULL without */
	struct ps_user user; /* -Z */
	uint64_t frames;     /* frames taken from the source (the "captured" count) */
	uint64_t written;    /* -w: records that reached the file(s), known at the end */
	bool written_known;
	bool no_summary;     /* ps_live_finish prints none (--workers sums them) */
	/* frame.time_relative and frame.time_delta (p->ref), in the order
	 * ps_live_fill sees frames: each live --workers worker has its own */
	struct ps_frame_clock clock;
	struct {
		int index;
		char name[16];
	} ifcache[PS_LIVE_IFCACHE]; /* -i any: interface names by index */
};

/* Before the capture opens: check -w/-Z arguments, look the -Z user up.
 * 0 ok; -1 (printed, exit PS_EXIT_RUNTIME). */
int ps_live_prepare(struct ps_live *l, const struct ps_options *o);

/* Once the capture is open: open -w, then drop privileges (-Z).
 * 0 ok; -1 (printed). */
int ps_live_start(struct ps_live *l, const struct ps_options *o, const struct ps_capture *cap);

/* ps_live_start in two steps, for live --workers (every worker's capture
 * and -w file open before the process drops privileges, once):
 * open -w; then -Z: drop the process's privileges (process: false when an
 * earlier call did) and let the -w writer follow.  0 ok; -1 (printed). */
int ps_live_open(struct ps_live *l, const struct ps_options *o, const struct ps_capture *cap);
int ps_live_drop(struct ps_live *l, const struct ps_options *o, bool process);

/* One frame: skip it (-Q, returns 0), write it (-w).  1 print it too (or ship it: --output),
 * 0 written only (-w without --print or --output), -1 stop without error (-G/-W budget spent, "-w -" reader gone),
 * -2 write error (printed). */
int ps_live_frame(struct ps_live *l, const struct ps_options *o, const struct ps_capture *cap,
		  const struct ps_frame *f);

/* -Q: true when the frame goes the way o->direction asks (or nobody knows
 * which way it went). */
bool ps_live_direction_ok(const struct ps_options *o, const struct ps_capture *cap,
			  const struct ps_frame *f);

/* The capture is idle (no frame this turn): -w flushes what has waited a
 * second.  0 ok, -1 stop quietly ("-w -" reader gone), -2 error (printed). */
int ps_live_idle(struct ps_live *l);
/* The wall clock in ns since the epoch (what a live capture stamps packets
 * with): the flow table's clock while the capture is idle.  0 without one. */
int64_t ps_live_clock_ns(void);

/* The interface a frame came from, for frame.iface: the capture's own
 * (NULL for files), or with -i any the name of the frame's ifindex (looked
 * up once per interface).  Valid for the whole run. */
const char *ps_live_iface(struct ps_live *l, const struct ps_capture *cap, const struct ps_frame *f);

/* A frame's metadata (time, lengths, link type, interface, direction,
 * bytes) into record p; p->n is the caller's. */
void ps_live_fill(struct ps_live *l, const struct ps_capture *cap, const struct ps_frame *f,
		  struct ps_packet *p);

/* End of the run: close the -w file (0 ok, -1 printed) and, for a live
 * source, print tcpdump's summary with the source's statistics, and with
 * -w how many packets reached the file(s). */
int ps_live_finish(struct ps_live *l, const struct ps_options *o, struct ps_capture *cap);

/* tcpdump's summary lines on stderr, each after prefix: frames captured,
 * written (when written is not NULL), and what st knows. */
void ps_live_summary(const char *prefix, uint64_t frames, const uint64_t *written,
		     const struct ps_capture_stats *st, bool verbose);

#endif
