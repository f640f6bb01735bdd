/* SPDX-License-Identifier: BSD-2-Clause */
/* workers.c - the offline pipeline behind `-r FILE --workers N` (workers.h).
 *
 * Why this shape: on the 200k-packet corpus `--json` spends ~60% of its time
 * rendering, ~25% reading and dissecting and ~15% in the flow table.  Only the
 * flow stage needs the packets before it (tcp.stream numbers in order of first
 * appearance, relative seq/ack, analysis, reassembly), so it runs in input
 * order on one thread while dissection and rendering run on N threads.  The
 * record carries everything the renderer reads from the flow stage (the note
 * is a copy; the Community ID string is copied next to the record), so a
 * batch renders while the flow stage moves on.
 *
 * A batch moves FREE -> READ (reader) -> DISSECTED (its worker) -> TRACKED
 * (calling thread) -> RENDERED (its worker) -> FREE (calling thread, once
 * written).  Batch k lives in slot k % nslots and belongs to worker
 * k % nworkers (nslots is a multiple of nworkers).  One mutex guards the
 * states; whoever moved a batch into a state owns its contents until it
 * moves it on, so the work itself runs unlocked.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "errline.h"
#include "ps_flow.h"
#include "ps_render.h"
#include "ship.h"
#include "workers.h"
#include "workers_batch.h"

enum { B_FREE, B_READ, B_DISSECTED, B_TRACKED, B_RENDERED };

struct pipeline {
	const struct ps_workers_io *io;
	volatile sig_atomic_t *stop; /* read by the calling thread only */
	atomic_bool stop_read;       /* *stop seen: the reader ends the input there */
	_Atomic uint64_t frames;     /* taken from the source so far (--stats-interval) */
	pthread_mutex_t mu;
	pthread_cond_t cv_reader, cv_order, cv_worker[PS_MAX_WORKERS];
	struct ps_wbatch *b;
	unsigned nslots, nworkers;
	uint64_t end;        /* batches the reader published, UINT64_MAX while it reads */
	bool abort;          /* the output went away: everyone stops */
	bool done;           /* -c with -Y reached: later batches are dropped untracked */
	struct ps_wtrack track; /* the calling thread's */
	bool cap_oom;        /* the in-order stage's output found no memory */
	int cap_rc;          /* PS_CAP_ERR: the reader's error, reported after the output */
	char cap_err[PS_ERRBUF];
};

static struct ps_wbatch *slot(struct pipeline *pl, uint64_t seq)
{
	return &pl->b[seq % pl->nslots];
}

/* Move batch seq to state st and wake whoever waits for it (after the
 * unlock: the woken thread does not block on the mutex at once). */
static void publish(struct pipeline *pl, uint64_t seq, int st)
{
	pthread_cond_t *cv = st == B_READ || st == B_TRACKED ? &pl->cv_worker[seq % pl->nworkers]
			     : st == B_FREE			? &pl->cv_reader
								: &pl->cv_order;
	pthread_mutex_lock(&pl->mu);
	slot(pl, seq)->state = st;
	pthread_mutex_unlock(&pl->mu);
	pthread_cond_signal(cv);
}

static void finish_reading(struct pipeline *pl, uint64_t nbatches)
{
	pthread_mutex_lock(&pl->mu);
	pl->end = nbatches;
	pthread_cond_signal(&pl->cv_order);
	for (unsigned w = 0; w < pl->nworkers; w++)
		pthread_cond_signal(&pl->cv_worker[w]);
	pthread_mutex_unlock(&pl->mu);
}

static void *reader_main(void *arg)
{
	struct pipeline *pl = arg;
	struct ps_wreader rd = {.io = pl->io, .stop = &pl->stop_read, .progress = &pl->frames};
	uint64_t seq = 0;
	for (;;) {
		struct ps_wbatch *b = slot(pl, seq);
		pthread_mutex_lock(&pl->mu);
		while (b->state != B_FREE && !pl->abort)
			pthread_cond_wait(&pl->cv_reader, &pl->mu);
		bool abort = pl->abort;
		pthread_mutex_unlock(&pl->mu);
		if (abort)
			break;
		bool more = ps_wbatch_fill(b, &rd);
		if (b->n) {
			b->seq = seq;
			publish(pl, seq++, B_READ);
		}
		if (!more)
			break;
	}
	pl->cap_rc = rd.rc; /* read by the calling thread after the join */
	memcpy(pl->cap_err, rd.err, sizeof pl->cap_err);
	finish_reading(pl, seq);
	return NULL;
}

struct worker {
	struct pipeline *pl;
	unsigned id;
	struct ps_renderer r;
};

/* The next thing worker w can do: 1 render batch *rs, 2 dissect batch *ds,
 * 0 nothing left (end of input or abort).  Called and returns locked. */
static int next_job(struct worker *w, uint64_t rs, uint64_t ds)
{
	struct pipeline *pl = w->pl;
	for (;;) {
		if (pl->abort)
			return 0;
		if (rs < ds && slot(pl, rs)->state == B_TRACKED)
			return 1;
		if (ds < pl->end && slot(pl, ds)->state == B_READ)
			return 2;
		if (rs >= pl->end && ds >= pl->end)
			return 0;
		pthread_cond_wait(&pl->cv_worker[w->id], &pl->mu);
	}
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct pipeline *pl = w->pl;
	uint64_t rs = w->id, ds = w->id; /* next batch to render, to dissect */
	pthread_mutex_lock(&pl->mu);
	for (int job; (job = next_job(w, rs, ds)) != 0;) {
		pthread_mutex_unlock(&pl->mu);
		if (job == 1) {
			ps_wbatch_render(slot(pl, rs), &w->r, pl->io->fields);
			publish(pl, rs, B_RENDERED);
			rs += pl->nworkers;
		} else {
			ps_wbatch_dissect(slot(pl, ds));
			publish(pl, ds, B_DISSECTED);
			ds += pl->nworkers;
		}
		pthread_mutex_lock(&pl->mu);
	}
	pthread_mutex_unlock(&pl->mu);
	return NULL;
}

/* Everyone stops (called locked). */
static void abort_all(struct pipeline *pl)
{
	pl->abort = true;
	pthread_cond_broadcast(&pl->cv_reader);
	for (unsigned w = 0; w < pl->nworkers; w++)
		pthread_cond_broadcast(&pl->cv_worker[w]);
}

/* The calling thread: the flow stage and the writer, both in order.  Writing
 * goes first so the reader gets its slots back early. */
static void order_loop(struct pipeline *pl, struct ps_renderer *r)
{
	const struct ps_workers_io *io = pl->io;
	uint64_t ts = 0, ws = 0; /* next batch to track, to write */
	pthread_mutex_lock(&pl->mu);
	while (!pl->abort && ws < pl->end) {
		if (ws < ts && slot(pl, ws)->state == B_RENDERED) {
			pthread_mutex_unlock(&pl->mu);
			ps_wbatch_write(slot(pl, ws), r, io->fields, io->out, io->ship);
			if (io->o->line_buffered)
				ps_out_flush(io->out);
			bool gone = io->out->err != 0;
			publish(pl, ws++, B_FREE);
			pthread_mutex_lock(&pl->mu);
			if (gone)
				abort_all(pl);
		} else if (ts < pl->end && slot(pl, ts)->state == B_DISSECTED) {
			pthread_mutex_unlock(&pl->mu);
			struct ps_wbatch *b = slot(pl, ts);
			if (pl->done)
				b->n = 0;
			else if (!ps_wbatch_track(b, &pl->track)) {
				pl->done = true; /* read by this thread only */
				atomic_store(&pl->stop_read, true);
			}
			bool oom = b->side_oom;
			publish(pl, ts++, B_TRACKED);
			pthread_mutex_lock(&pl->mu);
			if (oom && !pl->cap_oom) {
				pl->cap_oom = true;
				abort_all(pl);
			}
		} else {
			struct timespec t; /* wake up now and then to see *stop */
			clock_gettime(CLOCK_REALTIME, &t);
			t.tv_nsec += 100000000;
			if (t.tv_nsec >= 1000000000) {
				t.tv_sec++;
				t.tv_nsec -= 1000000000;
			}
			pthread_cond_timedwait(&pl->cv_order, &pl->mu, &t);
		}
		if (*pl->stop)
			atomic_store(&pl->stop_read, true);
		if (io->ship) { /* the capture is the reader's: no kernel counters here (a file has none) */
			pthread_mutex_unlock(&pl->mu);
			ps_ship_tick(io->ship, NULL, atomic_load(&pl->frames));
			pthread_mutex_lock(&pl->mu);
		}
	}
	pthread_mutex_unlock(&pl->mu);
}

int ps_workers_spawn(pthread_t *tid, void *(*fn)(void *), void *arg)
{
	sigset_t block, old;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGHUP);
	pthread_sigmask(SIG_BLOCK, &block, &old);
	int rc = pthread_create(tid, NULL, fn, arg);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return rc;
}

static int pipeline_init(struct pipeline *pl, const struct ps_workers_io *io)
{
	pl->nworkers = io->o->workers;
	/* a batch per worker in flight, one being read, one written (more
	 * slots measured no faster on 2 cores; each is up to 1.8 MiB) */
	pl->nslots = (pl->nworkers + 2 + pl->nworkers - 1) / pl->nworkers * pl->nworkers;
	pl->end = UINT64_MAX;
	pthread_mutex_init(&pl->mu, NULL);
	pthread_cond_init(&pl->cv_reader, NULL);
	pthread_cond_init(&pl->cv_order, NULL);
	for (unsigned w = 0; w < pl->nworkers; w++)
		pthread_cond_init(&pl->cv_worker[w], NULL);
	pl->b = calloc(pl->nslots, sizeof *pl->b);
	if (!pl->b)
		return -1;
	for (unsigned i = 0; i < pl->nslots; i++)
		if (ps_wbatch_init(&pl->b[i]))
			return -1;
	return 0;
}

static void pipeline_free(struct pipeline *pl)
{
	for (unsigned i = 0; pl->b && i < pl->nslots; i++)
		ps_wbatch_free(&pl->b[i]);
	free(pl->b);
	pthread_mutex_destroy(&pl->mu);
	pthread_cond_destroy(&pl->cv_reader);
	pthread_cond_destroy(&pl->cv_order);
	for (unsigned w = 0; w < pl->nworkers; w++)
		pthread_cond_destroy(&pl->cv_worker[w]);
}

/* Start the reader and the workers; on a failure stop the ones started. */
static int start_threads(struct pipeline *pl, struct worker *ws, pthread_t *tid)
{
	int rc = ps_workers_spawn(&tid[0], reader_main, pl);
	unsigned started = 0;
	for (; rc == 0 && started < pl->nworkers; started++)
		if ((rc = ps_workers_spawn(&tid[1 + started], worker_main, &ws[started])) != 0)
			break;
	if (rc == 0)
		return 0;
	pthread_mutex_lock(&pl->mu);
	abort_all(pl);
	pthread_mutex_unlock(&pl->mu);
	if (started || tid[0])
		pthread_join(tid[0], NULL);
	for (unsigned w = 0; w < started; w++)
		pthread_join(tid[1 + w], NULL);
	ps_errf("cannot start worker threads: %s", strerror(rc));
	return -1;
}

int ps_workers_run(const struct ps_workers_io *io, volatile sig_atomic_t *stop)
{
	const struct ps_renderer_ops *ops = ps_render_find(io->o->format);
	struct pipeline pl = {.io = io, .stop = stop,
			      .track = {.fn = io->track, .ctx = io->ctx,
					.count = io->o->display_filter ? io->o->count : 0}};
	struct worker ws[PS_MAX_WORKERS];
	pthread_t tid[1 + PS_MAX_WORKERS] = {0};
	if (pipeline_init(&pl, io)) {
		pipeline_free(&pl);
		ps_errf("out of memory for %u workers", io->o->workers);
		return PS_EXIT_RUNTIME;
	}
	for (unsigned w = 0; w < pl.nworkers; w++)
		ws[w] = (struct worker){.pl = &pl, .id = w,
					.r = {.ops = ops, .opts = &io->o->render}};
	if (start_threads(&pl, ws, tid)) {
		pipeline_free(&pl);
		return PS_EXIT_RUNTIME;
	}
	struct ps_renderer r = {.ops = ops, .out = io->out, .opts = &io->o->render};
	order_loop(&pl, &r);
	for (unsigned w = 0; w <= pl.nworkers; w++)
		pthread_join(tid[w], NULL);
	pipeline_free(&pl);
	if (pl.track.failed) { /* a -w write error, printed by the stage */
		ps_out_flush(io->out);
		return PS_EXIT_RUNTIME;
	}
	if (pl.cap_oom) {
		ps_out_flush(io->out);
		ps_errf("out of memory for flow records");
		return PS_EXIT_RUNTIME;
	}
	if (pl.cap_rc == PS_CAP_ERR && !io->out->err && !pl.done) { /* done: read past the end */
		ps_out_flush(io->out);
		ps_errf("%s: %s", io->name, pl.cap_err);
		return PS_EXIT_RUNTIME;
	}
	return PS_EXIT_OK;
}
