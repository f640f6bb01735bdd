/* SPDX-License-Identifier: BSD-2-Clause */
/* workers.c - the offline pipeline behind `-r FILE --workers N` (workers.h).
 *
 * Why this shape: on the 2M-packet corpus one worker spends ~35% of its time
 * rendering text (~60% with --json), ~20% dissecting, ~25% in the flow stage
 * and ~15% reading.  Only the flow stage needs the packets before it
 * (tcp.stream numbers in order of first appearance, relative seq/ack,
 * analysis, reassembly), so it runs in input order, one batch at a time,
 * while dissection and rendering run on any number of batches at once.  The
 * record carries everything the renderer reads from the flow stage (the note
 * is a copy; the Community ID string is copied next to the record), so a
 * batch renders while the flow stage moves on.
 *
 * A batch moves FREE -> READ -> DISSECTED -> TRACKED -> RENDERED -> FREE.
 * Reading, tracking and writing are serial stages (one thread at a time, in
 * batch order); dissecting and rendering are not.  The N threads (the
 * calling one and N-1 started) are alike: each takes the most urgent job
 * there is (write, track, read, else dissect or render the oldest batch
 * waiting for it) and sleeps only when there is none, so on N cores N
 * threads work.  The shape before (a reader thread, N decoders owning every
 * N-th batch, the calling thread tracking and writing: N+2 threads, each
 * batch handed between threads four times) spent its time in futex
 * wake-ups on 2 cores (53k context switches and 0.49 s system time on the
 * 2M corpus, for 0.77 s of work).  Only started threads read: a slow
 * `-r -` feed blocks its reader, and the calling thread must stay free to
 * see *stop and tick --stats-interval.
 *
 * One mutex guards the states and the stage cursors; whoever took a job
 * owns its batch (and the stage's state) until it publishes the result, so
 * the work itself runs unlocked.
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "errline.h"
#include "ps_flow.h"
#include "ps_render.h"
#include "ship.h"
#include "workers.h"
#include "workers_batch.h"

enum { B_FREE, B_READ, B_DISSECTED, B_TRACKED, B_RENDERED, B_BUSY };
enum job { J_NONE, J_WRITE, J_TRACK, J_READ, J_RENDER, J_DISSECT };

struct pipeline {
	const struct ps_workers_io *io;
	volatile sig_atomic_t *stop; /* read by the calling thread only */
	atomic_bool stop_read;       /* *stop seen: the reader ends the input there */
	_Atomic uint64_t frames;     /* taken from the source so far (--stats-interval) */
	pthread_mutex_t mu;
	pthread_cond_t cv;   /* threads with nothing to do wait here */
	unsigned nidle;      /* how many */
	struct ps_wbatch *b;
	unsigned nslots, nthreads;
	uint64_t rseq, tseq, wseq; /* the next batch to read, to track, to write */
	bool reading, tracking, writing; /* a thread runs that serial stage */
	uint64_t end;        /* batches read, UINT64_MAX while reading */
	bool abort;          /* the output went away: everyone stops */
	bool done;           /* -c with -Y reached: later batches are dropped untracked */
	bool cap_oom;        /* the in-order stage's output found no memory */
	struct ps_wreader rd;   /* the read stage's state */
	struct ps_wtrack track; /* the track stage's */
	struct ps_renderer wr;  /* the write stage's, over io->out */
};

struct worker {
	struct pipeline *pl;
	bool reads;              /* may take the read stage (started threads; any with a regular file) */
	struct ps_renderer r;
	struct ps_addr_memo memo; /* addresses this thread formatted lately (ps_out.h) */
};

static struct ps_wbatch *slot(struct pipeline *pl, uint64_t seq)
{
	return &pl->b[seq % pl->nslots];
}

/* The most urgent job w can take, marked taken: the serial stages first
 * (they bound the rate), then the oldest batch to render or dissect (it
 * frees its slot first).  *seq is its batch.  Called locked. */
static enum job next_job(struct pipeline *pl, const struct worker *w, uint64_t *seq)
{
	if (!pl->writing && pl->wseq < pl->tseq && slot(pl, pl->wseq)->state == B_RENDERED) {
		pl->writing = true;
		*seq = pl->wseq;
		return J_WRITE;
	}
	if (!pl->tracking && pl->tseq < pl->rseq && slot(pl, pl->tseq)->state == B_DISSECTED) {
		pl->tracking = true;
		*seq = pl->tseq;
		return J_TRACK;
	}
	if (w->reads && !pl->reading && pl->end == UINT64_MAX && pl->rseq - pl->wseq < pl->nslots) {
		pl->reading = true;
		*seq = pl->rseq;
		return J_READ;
	}
	for (uint64_t s = pl->wseq; s < pl->rseq; s++) {
		struct ps_wbatch *b = slot(pl, s);
		if (b->state == B_TRACKED || b->state == B_READ) {
			enum job j = b->state == B_TRACKED ? J_RENDER : J_DISSECT;
			b->state = B_BUSY;
			*seq = s;
			return j;
		}
	}
	return J_NONE;
}

/* The serial stages' work on batch seq (unlocked); run_job publishes the
 * result. */
static bool read_batch(struct pipeline *pl, struct ps_wbatch *b, uint64_t seq)
{
	b->seq = seq;
	return ps_wbatch_fill(b, &pl->rd);
}

static void track_batch(struct pipeline *pl, struct ps_wbatch *b)
{
	if (pl->done)
		b->n = 0;
	else if (!ps_wbatch_track(b, &pl->track)) {
		pl->done = true; /* read by the track stage only */
		atomic_store(&pl->stop_read, true);
	}
}

static void write_batch(struct pipeline *pl, struct ps_wbatch *b)
{
	const struct ps_workers_io *io = pl->io;
	ps_wbatch_write(b, &pl->wr, io->fields, io->out, io->ship);
	if (io->o->line_buffered)
		ps_out_flush(io->out);
	/* the capture is the reader's: no kernel counters here (a file has none) */
	ps_ship_tick(io->ship, NULL, atomic_load(&pl->frames));
}

/* Do job j on batch seq, then publish its result and wake whoever waits
 * for one.  Called unlocked, returns locked. */
static void run_job(struct pipeline *pl, struct worker *w, enum job j, uint64_t seq)
{
	struct ps_wbatch *b = slot(pl, seq);
	bool more = true;
	if (j == J_READ)
		more = read_batch(pl, b, seq);
	else if (j == J_DISSECT)
		ps_wbatch_dissect(b);
	else if (j == J_TRACK)
		track_batch(pl, b);
	else if (j == J_RENDER) {
		b->out.memo = &w->memo;
		ps_wbatch_render(b, &w->r, pl->io->fields);
		b->out.memo = NULL;
	} else
		write_batch(pl, b);
	pthread_mutex_lock(&pl->mu);
	if (j == J_READ) {
		pl->reading = false;
		if (b->n) {
			b->state = B_READ;
			pl->rseq++;
		}
		if (!more)
			pl->end = pl->rseq;
	} else if (j == J_DISSECT) {
		b->state = B_DISSECTED;
	} else if (j == J_TRACK) {
		pl->tracking = false;
		b->state = B_TRACKED;
		pl->tseq++;
		if (b->side_oom && !pl->cap_oom)
			pl->cap_oom = pl->abort = true;
	} else if (j == J_RENDER) {
		b->state = B_RENDERED;
	} else {
		pl->writing = false;
		b->state = B_FREE;
		pl->wseq++;
		if (pl->io->out->err)
			pl->abort = true;
	}
	if (pl->nidle)
		pthread_cond_broadcast(&pl->cv);
}

/* The calling thread between jobs (locked): *stop ends the input; the
 * --stats-interval line is due also while nothing is written. */
static void caller_turn(struct pipeline *pl)
{
	if (*pl->stop)
		atomic_store(&pl->stop_read, true);
	if (!pl->io->ship || pl->writing)
		return;
	pl->writing = true; /* the ship is the write stage's */
	pthread_mutex_unlock(&pl->mu);
	ps_ship_tick(pl->io->ship, NULL, atomic_load(&pl->frames));
	pthread_mutex_lock(&pl->mu);
	pl->writing = false;
	if (pl->nidle)
		pthread_cond_broadcast(&pl->cv);
}

/* Nothing to do: wait for a job.  The calling thread wakes up now and then
 * to see *stop.  Called locked. */
static void idle(struct pipeline *pl, bool caller)
{
	pl->nidle++;
	if (caller) {
		struct timespec t;
		clock_gettime(CLOCK_REALTIME, &t);
		t.tv_nsec += 100000000;
		if (t.tv_nsec >= 1000000000) {
			t.tv_sec++;
			t.tv_nsec -= 1000000000;
		}
		pthread_cond_timedwait(&pl->cv, &pl->mu, &t);
	} else {
		pthread_cond_wait(&pl->cv, &pl->mu);
	}
	pl->nidle--;
}

/* Every thread's loop, to the last batch written or an abort. */
static void work(struct worker *w, bool caller)
{
	struct pipeline *pl = w->pl;
	pthread_mutex_lock(&pl->mu);
	while (!pl->abort && pl->wseq < pl->end) {
		uint64_t seq;
		enum job j = next_job(pl, w, &seq);
		if (j != J_NONE) {
			pthread_mutex_unlock(&pl->mu);
			run_job(pl, w, j, seq);
		} else {
			idle(pl, caller);
		}
		if (caller)
			caller_turn(pl);
	}
	pthread_mutex_unlock(&pl->mu);
}

static void *worker_main(void *arg)
{
	work(arg, false);
	return NULL;
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

/* A regular file never blocks a read for long, so the calling thread may
 * read it too (a pipe or a terminal may block it: started threads only). */
static bool reads_never_block(const struct ps_options *o)
{
	struct stat st;
	int rc = strcmp(o->read_file, "-") ? stat(o->read_file, &st) : fstat(STDIN_FILENO, &st);
	return rc == 0 && S_ISREG(st.st_mode);
}

/* Slots in the window: a batch per thread at work, and a few waiting for a
 * serial stage or a thread (PS_WBATCH_SPARE). */
static int pipeline_init(struct pipeline *pl, const struct ps_workers_io *io)
{
	pl->nthreads = io->o->workers;
	pl->nslots = pl->nthreads + PS_WBATCH_SPARE;
	pl->end = UINT64_MAX;
	pl->rd = (struct ps_wreader){.io = io, .stop = &pl->stop_read, .progress = &pl->frames};
	pthread_mutex_init(&pl->mu, NULL);
	pthread_cond_init(&pl->cv, NULL);
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
	pthread_cond_destroy(&pl->cv);
}

/* Start threads 1..N-1 (ws[0] is the calling thread); on a failure stop
 * the ones started. */
static int start_threads(struct pipeline *pl, struct worker *ws, pthread_t *tid)
{
	int rc = 0;
	unsigned started = 1;
	for (; started < pl->nthreads; started++)
		if ((rc = ps_workers_spawn(&tid[started], worker_main, &ws[started])) != 0)
			break;
	if (rc == 0)
		return 0;
	pthread_mutex_lock(&pl->mu);
	pl->abort = true;
	pthread_cond_broadcast(&pl->cv);
	pthread_mutex_unlock(&pl->mu);
	for (unsigned w = 1; w < started; w++)
		pthread_join(tid[w], NULL);
	ps_errf("cannot start worker threads: %s", strerror(rc));
	return -1;
}

int ps_workers_run(const struct ps_workers_io *io, volatile sig_atomic_t *stop)
{
	const struct ps_renderer_ops *ops = ps_render_find(io->o->format);
	struct pipeline pl = {.io = io, .stop = stop,
			      .track = {.fn = io->track, .ctx = io->ctx,
					.count = io->o->display_filter ? io->o->count : 0},
			      .wr = {.ops = ops, .out = io->out, .opts = &io->o->render}};
	pthread_t tid[PS_MAX_WORKERS] = {0};
	struct worker *ws = calloc(io->o->workers, sizeof *ws);
	if (!ws || pipeline_init(&pl, io)) {
		pipeline_free(&pl);
		free(ws);
		ps_errf("out of memory for %u workers", io->o->workers);
		return PS_EXIT_RUNTIME;
	}
	for (unsigned w = 0; w < pl.nthreads; w++) {
		ws[w].pl = &pl;
		ws[w].reads = w > 0 || reads_never_block(io->o);
		ws[w].r = (struct ps_renderer){.ops = ops, .opts = &io->o->render};
	}
	if (start_threads(&pl, ws, tid)) {
		pipeline_free(&pl);
		free(ws);
		return PS_EXIT_RUNTIME;
	}
	work(&ws[0], true);
	for (unsigned w = 1; w < pl.nthreads; w++)
		pthread_join(tid[w], NULL);
	pipeline_free(&pl);
	free(ws);
	if (pl.track.failed) { /* a -w write error, printed by the stage */
		ps_out_flush(io->out);
		return PS_EXIT_RUNTIME;
	}
	if (pl.cap_oom) {
		ps_out_flush(io->out);
		ps_errf("out of memory for flow records");
		return PS_EXIT_RUNTIME;
	}
	if (pl.rd.rc == PS_CAP_ERR && !io->out->err && !pl.done) { /* done: read past the end */
		ps_out_flush(io->out);
		ps_errf("%s: %s", io->name, pl.rd.err);
		return PS_EXIT_RUNTIME;
	}
	return PS_EXIT_OK;
}
