/* SPDX-License-Identifier: BSD-2-Clause */
/* workers.h - `-r FILE --workers N`: the run loop spread over threads with
 * output byte-identical to one worker (docs/workers.md).
 *
 * Frames are copied into batches of a fixed window; each batch is read,
 * dissected, run through the stateful stage (flow table, relative numbers,
 * Community ID, TCP analysis, reassembly: everything whose result depends on
 * earlier packets) in input order, rendered, and written in input order.
 * N threads (the calling one and N-1 started) each take whichever of those
 * jobs is most urgent (workers.c); reading, the stateful stage and writing
 * run on one batch at a time, in order.  Memory is the window: nothing
 * grows with the input. */
#ifndef PS_WORKERS_H
#define PS_WORKERS_H

#include <pthread.h>
#include <signal.h>
#include <stdint.h>

#include "live.h"
#include "ps_capture.h"
#include "ps_options.h"
#include "ps_out.h"
#include "ps_packet.h"

#define PS_MAX_WORKERS 64

/* What the in-order stage decided about a record. */
enum ps_workers_verdict {
	PS_WORKERS_FAIL = -3, /* a -w write failed (printed): the run ends with exit 1 */
	PS_WORKERS_END = -2,  /* -w's -G/-W budget is spent: the run ends before this record */
	PS_WORKERS_SKIP = -1, /* -Y did not match: neither counted (-c) nor printed */
	PS_WORKERS_KEEP = 0,  /* counted, not printed (-q, --count, text --flows) */
	PS_WORKERS_SHOW = 1,  /* counted and printed */
};

/* The in-order stage for one dissected record (the run loop's flow
 * tracking, -Y, -z, -q's counters, -w).  Called by one thread at a time
 * (not always the same one: each call happens after the previous one), in
 * frame order.  What it prints before the record (flow records) goes to `side`
 * through ps_workers_side: the writer puts it out just before the record. */
typedef enum ps_workers_verdict (*ps_workers_track_fn)(void *ctx, struct ps_packet *p,
							 void *side);

struct ps_dfields;
struct ps_ship;

struct ps_workers_io {
	const struct ps_options *o; /* o->workers decoders, o->format, o->render, o->count */
	struct ps_capture *cap;     /* open; read by the read stage only (one thread at a time) */
	struct ps_live *live;       /* frame.iface names; live->frames is set at the end */
	struct ps_out *out;         /* stdout, written by the write stage only (one thread at a time) */
	ps_workers_track_fn track;
	const struct ps_dfields *fields; /* -T fields: records print as field lines */
	void *ctx;
	const char *name;           /* what capture errors are about */
	/* --output, --stats-interval (NULL: neither): the writer ships each
	 * record in order and ticks the stats line (ship.h) */
	struct ps_ship *ship;
};

/* From the track function: n bytes printed before the current record.
 * Kept in the batch (grown as needed: at most what the flow table can end
 * at one packet, bounded by its cap). */
void ps_workers_side(void *side, const void *data, size_t n);

/* The same for one record that goes to the sinks (ps_ship_sinks): a flow
 * record rendered without its shipping (ps_ship_flow with no ship), keyed
 * by the flow's Community ID (NULL: none); the writer ships it in order. */
void ps_workers_side_record(void *side, const char *key, const void *data, size_t n);

/* pthread_create with SIGINT, SIGTERM and SIGHUP blocked in the new thread:
 * they reach the thread that polls *stop, never a worker.  0 or an errno. */
int ps_workers_spawn(pthread_t *tid, void *(*fn)(void *), void *arg);

/* Run to the end of the input, the count, *stop becoming 1 or the output
 * going away.  Returns PS_EXIT_OK (also after a write error: io->out->err
 * says which) or PS_EXIT_RUNTIME after a capture error or a failed thread
 * start (printed, after everything before it was written). */
int ps_workers_run(const struct ps_workers_io *io, volatile sig_atomic_t *stop);

#endif
