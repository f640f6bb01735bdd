/* SPDX-License-Identifier: BSD-2-Clause */
/* workers_live.c - `-i IFACE --source packet --workers N` (docs/workers.md):
 * N AF_PACKET sockets in one PACKET_FANOUT group, one thread each with its
 * own TPACKET_V3 ring, flow table, renderer and -w file (NAME.W.pcap, rotated
 * on its own).  In hash mode the kernel sends both directions of a flow to
 * the same socket, so each worker's flow table sees whole conversations.
 *
 * Each worker runs one worker's stages (defragmentation, flows, -Y, -q,
 * -z: workers_live_an.c); the totals and tables are summed at the end.
 *
 * Output (workers_live_out.c): a worker renders whole records into its own
 * buffer and writes the buffer to stdout under one lock (when it passes
 * WBUF_FLUSH bytes, on an idle turn, or per record with -l), so lines of
 * different workers never interleave; records keep each worker's order, not
 * a global one.  Frame numbers come from one counter: unique, in taking
 * order; -c counts the frames that pass -Y on another.
 * --merge (and -w -): one -w file, worker 0's writer shared under a lock (a write to
 * the page cache at most every 512 KiB holds the others for that long).
 */
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "errline.h"
#include "ps_dissect.h"
#include "workers.h"
#include "workers_live.h"
#include "ps_sink.h"
#include "workers_live_int.h"

/* The stateful stage, as one worker's (run.c): the fragments of a datagram
 * all reach this worker (afpacket_fanout.c), so its own defragmentation
 * sees them all. */
static void track(struct ps_lworker *lw, struct ps_packet *p)
{
	struct ps_wlive_an *a = &lw->an;
	if (a->defrag)
		ps_defrag_feed(a->defrag, p);
	if (a->flows)
		ps_flow_packet(a->flows, p);
	if (a->flows && p->frame_view) /* the text's view: tcpdump's numbers */
		ps_flow_peek(a->flows, &a->defrag->view);
}

/* Frame f as record k, dissected and tracked. */
static void decode(struct ps_lworker *lw, const struct ps_frame *f, uint64_t k)
{
	lw->pkt->n = k;
	ps_live_fill(&lw->live, &lw->cap, f, lw->pkt);
	ps_dissect(lw->pkt);
	track(lw, lw->pkt);
}

/* Is a counted frame printed (not with -q, --count, text --flows)? */
static bool printed(const struct ps_options *o)
{
	return !o->quiet && !o->count_only && !(o->flow_records && !strcmp(o->format, "text"));
}

/* One frame, with one worker's decisions (run.c handle_frame): 1 go on,
 * 0 stop (-c reached, -w budget spent), -1 error. */
static int take(struct ps_lworker *lw, const struct ps_frame *f)
{
	struct ps_lrun *run = lw->run;
	const struct ps_options *o = run->o;
	bool filtered = lw->an.view.filter != NULL;
	if (o->direction >= 0 && !ps_live_direction_ok(o, &lw->cap, f))
		return 1; /* -Q: before a number or a -c slot is taken */
	uint64_t k = atomic_fetch_add(&run->frames, 1) + 1;
	if (filtered) { /* every frame tracked: flow state does not depend on -Y */
		decode(lw, f, k);
		if (!ps_view_match(&lw->an.view, lw->pkt))
			return 1; /* neither counted (-c, --count), written nor printed */
	}
	uint64_t c = atomic_fetch_add(&run->counted, 1) + 1;
	if (o->count && c > o->count)
		return 0;
	if (run->one_w)
		pthread_mutex_lock(&run->w_mu);
	int w = ps_live_frame(&lw->live, &lw->o, &lw->cap, f);
	if (run->one_w)
		pthread_mutex_unlock(&run->w_mu);
	if (w < 0) /* -1: -G/-W budget spent; -2: a -w write error (printed) */
		return w == -1 ? 0 : -1;
	/* 0: written to -w only, still decoded for -z and --flows */
	if (w > 0 || o->nzstats || o->flow_records) {
		if (!filtered)
			decode(lw, f, k);
		ps_wlive_an_account(&lw->an, o, lw->pkt);
		if (w > 0 && printed(o))
			ps_lw_emit_packet(lw);
	}
	return o->count && c >= o->count ? 0 : 1;
}

static void *worker_main(void *arg)
{
	struct ps_lworker *lw = arg;
	struct ps_lrun *run = lw->run;
	struct ps_frame f;
	while (!atomic_load(&run->halt)) {
		int rc = lw->cap.ops->next(&lw->cap, &f, lw->err);
		if (rc == PS_CAP_NONE) { /* idle: what waits goes out */
			ps_lw_flush(lw);
			if (run->one_w)
				pthread_mutex_lock(&run->w_mu);
			int irc = ps_live_idle(&lw->live);
			if (run->one_w)
				pthread_mutex_unlock(&run->w_mu);
			if (irc < 0)
				break;
			/* flows end on their timeout while nothing comes */
			if (lw->an.flows && ps_flow_tick(lw->an.flows, ps_live_clock_ns()))
				ps_lw_flush(lw);
			continue;
		}
		if (rc == PS_CAP_ERR || rc == PS_CAP_EOF) {
			lw->rc = rc == PS_CAP_ERR ? PS_EXIT_RUNTIME : PS_EXIT_OK;
			break;
		}
		int t = take(lw, &f);
		if (t <= 0) {
			lw->rc = t < 0 ? PS_EXIT_RUNTIME : PS_EXIT_OK;
			if (t < 0)
				lw->err[0] = '\0'; /* ps_live_frame printed it */
			break;
		}
	}
	ps_lw_flush(lw);
	atomic_store(&run->halt, true); /* one worker ending ends the run */
	return NULL;
}

/* -w NAME.pcap -> NAME.W.pcap; a name without ".pcap" gets ".W" appended. */
static int worker_file(char *dst, size_t cap, const char *name, unsigned id)
{
	size_t len = strlen(name);
	bool ext = len > 5 && strcmp(name + len - 5, ".pcap") == 0;
	int n = ext ? snprintf(dst, cap, "%.*s.%u.pcap", (int)(len - 5), name, id)
		    : snprintf(dst, cap, "%s.%u", name, id);
	return n < 0 || (size_t)n >= cap ? -1 : 0;
}

/* --cpus "0,2-3": the CPUs in order into cpus[], how many (<= max), -1 bad. */
static int parse_cpus(const char *s, int *cpus, int max)
{
	int n = 0;
	while (*s) {
		char *end;
		long a = strtol(s, &end, 10), b = a;
		if (end == s)
			return -1;
		if (*end == '-')
			b = strtol(end + 1, &end, 10);
		if (a < 0 || b < a || b >= CPU_SETSIZE || (*end && *end != ','))
			return -1;
		for (long c = a; c <= b && n < max; c++)
			cpus[n++] = (int)c;
		s = *end ? end + 1 : end;
	}
	return n;
}

static int open_capture(struct ps_lworker *lw, unsigned group)
{
	struct ps_capture_opts co;
	const char *source = ps_options_capture(&lw->o, &co);
	co.fanout_group = group;
	co.fanout_mode = lw->o.fanout_mode;
	int rc = ps_capture_open(&lw->cap, source, &co, lw->err);
	if (rc) {
		ps_errf("%s: %s", rc == PS_CAP_EFILTER ? "filter" : co.iface ? co.iface : source,
			lw->err);
		return rc == PS_CAP_EFILTER ? PS_EXIT_USAGE : PS_EXIT_RUNTIME;
	}
	return PS_EXIT_OK;
}

/* Everything a worker owns, opened in the calling thread so that errors are
 * printed before any thread starts.  PS_EXIT_* (printed). */
static int open_worker(struct ps_lrun *run, struct ps_lworker *lw, unsigned group)
{
	lw->o = *run->o;
	if (run->one_w && lw->id > 0) {
		lw->o.write_file = NULL; /* worker 0's writer, shared once all are open */
	} else if (run->o->write_file && !run->one_w) {
		if (worker_file(lw->wname, sizeof lw->wname, run->o->write_file, lw->id)) {
			ps_errf("-w %s: name too long", run->o->write_file);
			return PS_EXIT_USAGE;
		}
		lw->o.write_file = lw->wname;
	}
	int rc = ps_live_prepare(&lw->live, &lw->o);
	lw->live.no_summary = true;
	if (rc != PS_EXIT_OK || (rc = open_capture(lw, group)) != PS_EXIT_OK)
		return rc;
	if ((rc = ps_live_open(&lw->live, &lw->o, &lw->cap)) != PS_EXIT_OK) /* -Z: drop_all */
		return rc;
	if ((rc = ps_wlive_an_open(&lw->an, run->o, lw->id, run->n, ps_lw_flow_ended, lw)) != PS_EXIT_OK)
		return rc;
	lw->pkt = calloc(1, sizeof *lw->pkt);
	lw->bufmem = malloc(WBUF_BYTES);
	/* +2: the renderer's newline and memory mode's NUL (as ship.c) */
	lw->recmem = run->o->n_outputs ? malloc(PS_SINK_RECORD_MAX + 2) : NULL;
	if (!lw->pkt || !lw->bufmem || (run->o->n_outputs && !lw->recmem)) {
		ps_errf("out of memory");
		return PS_EXIT_RUNTIME;
	}
	ps_out_open_mem(&lw->buf, lw->bufmem, WBUF_BYTES);
	if (lw->recmem)
		ps_out_open_mem(&lw->rec, lw->recmem, PS_SINK_RECORD_MAX + 2);
	lw->r = (struct ps_renderer){.ops = ps_render_find(run->o->format), .out = &lw->buf,
				     .opts = &run->o->render};
	return PS_EXIT_OK;
}

/* -Z: every worker's socket, ring and -w file are open and no thread runs
 * yet: the process drops privileges once, then each worker's writer follows
 * (its next files are made as the user).  PS_EXIT_* (printed). */
static int drop_all(struct ps_lrun *run)
{
	for (unsigned i = 0; i < run->n; i++) {
		int rc = ps_live_drop(&run->w[i].live, &run->w[i].o, i == 0);
		if (rc != PS_EXIT_OK)
			return rc;
	}
	return PS_EXIT_OK;
}

/* Close what open_worker opened; adds its statistics to *total. */
static int close_worker(struct ps_lworker *lw, struct ps_capture_stats *total, uint64_t *written)
{
	struct ps_capture_stats st = {0};
	int rc = PS_EXIT_OK;
	if (lw->cap.ops) {
		if (lw->cap.ops->stats && lw->cap.ops->stats(&lw->cap, &st) != 0)
			memset(&st, 0, sizeof st);
		if (lw->run->one_w && lw->id > 0)
			lw->live.w = NULL; /* worker 0 closes the shared writer */
		rc = ps_live_finish(&lw->live, &lw->o, &lw->cap);
		char prefix[32];
		snprintf(prefix, sizeof prefix, "worker %u: ", lw->id);
		ps_live_summary(prefix, lw->live.frames, lw->live.written_known ? &lw->live.written : NULL,
				&st, lw->o.render.text.verbose);
		ps_capture_close(&lw->cap);
	}
	total->received += st.received;
	total->dropped += st.dropped;
	total->freezes += st.freezes;
	total->has_received |= st.has_received;
	total->has_dropped |= st.has_dropped;
	total->has_freezes |= st.has_freezes;
	*written += lw->live.written;
	ps_wlive_an_close(&lw->an);
	free(lw->pkt);
	free(lw->bufmem);
	free(lw->recmem);
	return rc;
}

/* Start one thread per worker, pinned with --cpus. PS_EXIT_* (printed);
 * *started: how many run (to join). */
static int start(struct ps_lrun *run, pthread_t *tid, unsigned *started)
{
	int cpus[PS_MAX_WORKERS * 4], ncpus = 0;
	if (run->o->cpus && (ncpus = parse_cpus(run->o->cpus, cpus, PS_MAX_WORKERS * 4)) <= 0) {
		ps_errf("--cpus %s: expected a list like 0,1 or 2-5", run->o->cpus);
		return PS_EXIT_USAGE;
	}
	for (*started = 0; *started < run->n; (*started)++) {
		struct ps_lworker *lw = &run->w[*started];
		int e = ps_workers_spawn(&tid[*started], worker_main, lw);
		if (e) {
			ps_errf("cannot start worker %u: %s", lw->id, strerror(e));
			return PS_EXIT_RUNTIME;
		}
		if (ncpus) {
			cpu_set_t set;
			CPU_ZERO(&set);
			CPU_SET(cpus[lw->id % (unsigned)ncpus], &set);
			if ((e = pthread_setaffinity_np(tid[*started], sizeof set, &set)) != 0) {
				(*started)++;
				ps_errf("--cpus: CPU %d: %s", cpus[lw->id % (unsigned)ncpus], strerror(e));
				return PS_EXIT_RUNTIME;
			}
		}
	}
	return PS_EXIT_OK;
}

/* After the threads: the conversations still open (--flows records, -z
 * rows), then -q's totals, the -z tables and --count's line (as one worker
 * prints them at the end). */
static void end_output(struct ps_lrun *run)
{
	struct ps_wlive_an *an[PS_MAX_WORKERS];
	for (unsigned i = 0; i < run->n; i++) {
		struct ps_lworker *lw = &run->w[i];
		if (lw->an.flows && !run->out.err)
			ps_flow_flush(lw->an.flows); /* every open conversation ends as eof */
		ps_lw_flush(lw);
		an[i] = &lw->an;
	}
	uint64_t frames = atomic_load(&run->frames);
	if (!run->o->display_filter && run->o->count && frames > run->o->count)
		frames = run->o->count; /* numbers taken past -c by the other workers */
	if (!run->out.err)
		ps_wlive_an_print(an, run->n, run->o, frames, &run->out);
}

/* After the threads: the first worker error, the output's, the totals. */
static int finish(struct ps_lrun *run, int rc)
{
	struct ps_capture_stats total = {0};
	uint64_t written = 0, frames = 0;
	if (rc == PS_EXIT_OK)
		end_output(run);
	if (run->ship) { /* the sinks drain; the last stats line has every socket's drops */
		struct ps_capture *caps[PS_MAX_WORKERS];
		for (unsigned i = 0; i < run->n; i++)
			caps[i] = &run->w[i].cap;
		int src = ps_ship_finish_caps(run->ship, caps, run->n, atomic_load(&run->counted));
		if (rc == PS_EXIT_OK)
			rc = src;
	}
	for (unsigned i = 0; i < run->n; i++) {
		struct ps_lworker *lw = &run->w[i];
		if (rc == PS_EXIT_OK && lw->rc != PS_EXIT_OK && lw->err[0])
			ps_errf("%s: %s", lw->cap.iface ? lw->cap.iface : "packet", lw->err);
		if (rc == PS_EXIT_OK)
			rc = lw->rc;
		frames += lw->live.frames;
		int crc = close_worker(lw, &total, &written);
		if (rc == PS_EXIT_OK)
			rc = crc;
	}
	if (run->n)
		ps_live_summary("", frames, run->o->write_file ? &written : NULL, &total,
				run->o->render.text.verbose);
	ps_out_flush(&run->out);
	if (run->out.err && run->out.err != EPIPE) {
		ps_errf("write error: %s", strerror(run->out.err));
		rc = PS_EXIT_RUNTIME;
	}
	return rc;
}

int ps_workers_live(const struct ps_options *o, volatile sig_atomic_t *stop)
{
	struct ps_lrun run = {.o = o, .n = o->workers,
			      .one_w = o->merge || (o->write_file && !strcmp(o->write_file, "-"))};
	pthread_t tid[PS_MAX_WORKERS];
	unsigned started = 0, opened = 0;
	unsigned group = ((unsigned)getpid() & 0xffffu) ? ((unsigned)getpid() & 0xffffu) : 1u;
	int rc = PS_EXIT_RUNTIME;
	pthread_mutex_init(&run.out_mu, NULL);
	pthread_mutex_init(&run.w_mu, NULL);
	pthread_mutex_init(&run.ship_mu, NULL);
	run.w = calloc(run.n, sizeof *run.w);
	if (!run.w || ps_out_open_fd(&run.out, STDOUT_FILENO, 1 << 16)) {
		ps_errf("out of memory");
		goto out;
	}
	for (rc = PS_EXIT_OK; opened < run.n && rc == PS_EXIT_OK; opened++) {
		run.w[opened] = (struct ps_lworker){.run = &run, .id = opened};
		rc = open_worker(&run, &run.w[opened], group);
	}
	if (rc == PS_EXIT_OK)
		rc = drop_all(&run);
	if (rc == PS_EXIT_OK) /* as one worker: the sinks start after the drop */
		rc = ps_ship_start(&run.ship, o);
	for (unsigned i = 1; rc == PS_EXIT_OK && run.one_w && i < run.n; i++)
		run.w[i].live.w = run.w[0].live.w;
	if (rc == PS_EXIT_OK && run.w[0].an.view.fields)
		ps_dfields_header(run.w[0].an.view.fields, &run.out);
	if (rc == PS_EXIT_OK && *stop == PS_STOP_OPENING)
		*stop = 0;
	if (rc == PS_EXIT_OK && o->render.text.verbose)
		ps_errf("listening on %s, link-type %s, snapshot length %u (%u workers, %s)",
			run.w[0].cap.iface, run.w[0].cap.linktype_name, (unsigned)run.w[0].cap.snaplen,
			run.n, run.w[0].cap.mechanism);
	if (rc == PS_EXIT_OK)
		rc = start(&run, tid, &started);
	/* signals reach this thread only (ps_workers_spawn): it passes them on */
	struct ps_capture *caps[PS_MAX_WORKERS];
	for (unsigned i = 0; i < opened; i++)
		caps[i] = &run.w[i].cap;
	while (rc == PS_EXIT_OK && !*stop && !atomic_load(&run.halt)) {
		nanosleep(&(struct timespec){.tv_nsec = 50000000}, NULL);
		/* --stats-interval: only this thread reads the sockets' counters */
		ps_ship_tick_caps(run.ship, caps, opened, atomic_load(&run.counted));
	}
	atomic_store(&run.halt, true);
	for (unsigned i = 0; i < started; i++)
		pthread_join(tid[i], NULL);
	run.n = opened;
	rc = finish(&run, rc);
out:
	ps_out_close(&run.out);
	free(run.w);
	pthread_mutex_destroy(&run.out_mu);
	pthread_mutex_destroy(&run.w_mu);
	pthread_mutex_destroy(&run.ship_mu);
	return rc;
}
