/* SPDX-License-Identifier: BSD-2-Clause */
/* workers_live_int.h - live --workers' shared definitions: the worker and
 * run state (workers_live.c) and the output side (workers_live_out.c). */
#ifndef PS_WORKERS_LIVE_INT_H
#define PS_WORKERS_LIVE_INT_H

#include <pthread.h>
#include <stdatomic.h>

#include "live.h"
#include "ps_capture.h"
#include "ps_options.h"
#include "ps_out.h"
#include "ps_render.h"
#include "ship.h"
#include "workers_live_an.h"

#define WBUF_BYTES (1u << 20) /* a worker's pending records; larger ones go straight out */
#define WBUF_FLUSH (64u << 10)

struct ps_lrun;

/* One worker: its socket and ring, -w file, analysis state and output
 * buffers, used by its thread only (the main thread opens and closes it). */
struct ps_lworker {
	struct ps_lrun *run;
	unsigned id;
	struct ps_options o;        /* the run's, with this worker's -w name */
	char wname[4096];
	struct ps_capture cap;
	struct ps_live live;        /* -w file, frames taken */
	struct ps_wlive_an an;      /* defrag, flows, -Y, -q, -z: this worker's */
	struct ps_packet *pkt;
	struct ps_renderer r;
	char *bufmem;
	struct ps_out buf;          /* memory mode: whole records not yet written */
	char *recmem;
	struct ps_out rec;          /* --output: the record being shipped */
	int rc;                     /* PS_EXIT_* of this worker's loop */
	char err[PS_ERRBUF];        /* a capture error, printed by the main thread */
};

/* The run: what the workers share, each piece under its lock or atomic. */
struct ps_lrun {
	const struct ps_options *o;
	pthread_mutex_t out_mu;
	struct ps_out out;          /* stdout, under out_mu */
	bool one_w;                 /* --merge, -w -: one writer (worker 0's) for all */
	pthread_mutex_t w_mu;       /* one_w: worker 0's -w writer, shared */
	struct ps_ship *ship;       /* --output, --stats-interval; NULL without */
	pthread_mutex_t ship_mu;    /* the sinks' queues take one record at a time */
	atomic_uint_fast64_t frames; /* frame numbers (every frame taken) */
	atomic_uint_fast64_t counted; /* -c, --count: frames that pass -Y */
	atomic_bool halt;           /* -c reached, an error, the output gone, *stop */
	struct ps_lworker *w;
	unsigned n;
};

/* Write the worker's pending records (whole ones) to stdout. */
void ps_lw_flush(struct ps_lworker *lw);
/* The worker's current record (lw->pkt) as a whole record: to the sinks
 * (--output), to the worker's stdout buffer (unless --output without
 * --print). */
void ps_lw_emit_packet(struct ps_lworker *lw);
/* The flow table's end callback (ctx: the worker): --flows record, -z rows. */
void ps_lw_flow_ended(void *ctx, const struct ps_flow *f, enum ps_flow_end why);

#endif
