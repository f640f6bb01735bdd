/* SPDX-License-Identifier: BSD-2-Clause */
/* run.c - the main loop: capture source -> dissect driver -> renderer.
 *
 * One packet record is allocated for the whole run and reused.  Output goes
 * through one buffer; a reader that goes away (| head) ends the run quietly.
 * A capture error after some packets (a file cut in the middle of a record)
 * is reported only after everything before it has been written.
 */
#include <assert.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "defrag_feed.h"
#include "errline.h"
#include "flow_plan.h"
#include "live.h"
#include "ps_capture.h"
#include "ps_dissect.h"
#include "ps_flow.h"
#include "ps_flow_scope.h"
#include "ps_flow_render.h"
#include "ps_follow_render.h"
#include "reasm_stats.h"
#include "ps_probe_z.h"
#include "ps_zstats.h"
#include "ps_render.h"
#include "ps_run.h"
#include "ps_stats.h"
#include "ship.h"
#include "view.h"
#include "workers.h"
#include "workers_live.h"
#include "workers_plan.h"
#include "zsplit.h"

struct run_state {
	const struct ps_options *o;
	struct ps_capture cap;
	struct ps_out out;
	struct ps_renderer r;
	struct ps_stats stats;
	struct ps_packet *pkt;
	struct ps_flow_table *flows; /* NULL with --no-flows */
	/* PS_FLOW_PLAN_STREAMS: the flow stage sees only the packets `scope`
	 * wants and runs only scope.protos' stream decoders (flow_plan.h) */
	enum ps_flow_plan plan;
	struct ps_flow_scope scope;
	struct ps_defrag_feed *defrag; /* NULL with --no-defrag */
	struct ps_zstats z;          /* -z tables */
	struct ps_probe_stats probe; /* -z probe */
	int zprobe;                  /* -z probe: 1 + its place among the -z, 0 absent */
	struct ps_follow_set follow; /* -z follow,... */
	int64_t first_ns;            /* first packet's time: -z start times */
	struct ps_live live; /* -w, -Z, the live summary (live.h) */
	struct ps_view view; /* -Y, -T fields (view.h) */
	struct ps_dissect_depth depth; /* what the dissect driver may leave out (plan_depth) */
	struct ps_ship *ship; /* --output, --stats-interval (ship.h); NULL without */
	void *side; /* --workers: the batch flow records go to (ps_workers_side); NULL: out */
	const char *name; /* what errors are about: file name or interface */
};

static int open_capture(struct run_state *s, char *err)
{
	const struct ps_options *o = s->o;
	struct ps_capture_opts co;
	const char *source = ps_options_capture(o, &co);
	s->name = o->read_file ? (strcmp(o->read_file, "-") ? o->read_file : "stdin")
			       : o->iface ? o->iface : source;
	return ps_capture_open(&s->cap, source, &co, err);
}

static void fill_packet(struct run_state *s, const struct ps_frame *f)
{
	s->pkt->n++;
	ps_live_fill(&s->live, &s->cap, f, s->pkt);
}

/* The stateful stage, in frame order (also --workers' in-order stage). */
static void track(void *ctx, struct ps_packet *p)
{
	struct run_state *s = ctx;
	if (s->defrag) /* IP defragmentation: docs/reassembly.md */
		ps_defrag_feed(s->defrag, p);
	if (s->flows && s->plan == PS_FLOW_PLAN_STREAMS && !ps_flow_scope_wants(&s->scope, p))
		p->flow = (struct ps_flow_note){.tcp_layer = -1, .l4_layer = -1}; /* no flow */
	else if (s->flows)
		ps_flow_packet(s->flows, p);
	if (s->flows && p->frame_view) /* the text's view: tcpdump's numbers */
		ps_flow_peek(s->flows, &s->defrag->view);
}

/* A conversation ended (called from inside ps_flow_packet/flush, so records
 * come out in time order between the packet lines). */
static void flow_ended(void *ctx, const struct ps_flow *f, enum ps_flow_end why)
{
	struct run_state *s = ctx;
	bool ek = !strcmp(s->o->format, "ek");
	if (s->o->flow_records && s->side) { /* --workers: before the record, in the batch */
		char buf[16384];
		struct ps_out rec;
		ps_out_open_mem(&rec, buf, sizeof buf);
		bool sinks = ps_ship_sinks(s->ship); /* then the writer ships it, in order */
		ps_ship_flow(sinks ? NULL : s->ship, &rec, f, why, s->pkt->ts_nano, ek);
		if (sinks) /* a cut record ships as empty: dropped, as ps_ship_flow does */
			ps_workers_side_record(s->side, f->id, buf, rec.overflow ? 0 : rec.len);
		else
			ps_workers_side(s->side, buf, rec.len);
	} else if (s->o->flow_records) {
		ps_ship_flow(s->ship, &s->out, f, why, s->pkt->ts_nano, ek);
	}
	if (s->o->nzstats)
		ps_zstats_flow(&s->z, f);
}

/* What a counted frame adds to the -z tables and -q's counters. */
static void account(struct run_state *s, const struct ps_packet *p)
{
	if (s->o->nzstats) {
		if (p->n == 1)
			s->first_ns = p->ts_sec * 1000000000LL +
				      (p->ts_nano ? p->ts_frac : p->ts_frac * 1000LL);
		ps_zstats_packet(&s->z, p);
		if (s->zprobe)
			ps_probe_feed(&s->probe, p);
	}
	if (s->o->quiet && !s->o->nzstats) /* the only output that prints them (ps_run's end) */
		ps_stats_add(&s->stats, p);
}

/* Is a counted frame printed (not with -q, --count, text --flows)? */
static bool printed(const struct run_state *s)
{
	return !s->o->quiet && !s->o->count_only &&
	       !(s->o->flow_records && !strcmp(s->o->format, "text"));
}

/* --workers' in-order stage: handle_frame's decisions on a dissected record
 * (flow records ended by it go to the batch's side output). */
static enum ps_workers_verdict track_worker(void *ctx, struct ps_packet *p, void *side)
{
	struct run_state *s = ctx;
	bool filtered = s->view.filter != NULL;
	struct ps_frame f = {.data = p->data, /* before the stage lends other bytes */
			     .caplen = p->caplen, .len = p->len, .sec = p->ts_sec,
			     .frac = p->ts_frac, .direction = p->direction};
	s->pkt->n = p->n; /* flow_ended and --count read these */
	s->pkt->ts_nano = p->ts_nano;
	s->side = side;
	if (filtered)
		track(s, p);
	if (filtered && !ps_view_match(&s->view, p)) {
		s->side = NULL;
		return PS_WORKERS_SKIP;
	}
	int w = ps_live_frame(&s->live, s->o, &s->cap, &f); /* counts; -w writes */
	if (w < 0) {
		s->side = NULL;
		return w == -1 ? PS_WORKERS_END : PS_WORKERS_FAIL;
	}
	if (w == 0 && !s->o->nzstats && !s->o->flow_records && !s->follow.n) {
		s->side = NULL; /* written, not printed nor decoded further */
		return PS_WORKERS_KEEP;
	}
	if (!filtered)
		track(s, p);
	s->side = NULL;
	account(s, p);
	return w && printed(s) ? PS_WORKERS_SHOW : PS_WORKERS_KEEP;
}

/* -r FILE --workers N (workers.h): the same output from threads. */
static int loop_workers(struct run_state *s, volatile sig_atomic_t *stop)
{
	struct ps_workers_io io = {.o = s->o, .cap = &s->cap, .live = &s->live, .out = &s->out,
				   .track = track_worker, .fields = s->view.fields, .ctx = s,
				   .name = s->name, .ship = s->ship};
	return ps_workers_run(&io, stop);
}

/* What of the flow stage (flow table, TCP reassembly and analysis, stream
 * decoders) does anything in this run read?  The renderers, -z, --flows,
 * sinks and -q's counters without -Y read all of it; -q, --count, -w and
 * -T fields with a -Y (and -e) read what their fields need (NEED in
 * src/filter/df_fields.def, flow_plan.h): nothing when every field needs
 * only the dissect driver, and only the flows that can carry DNS over TCP,
 * HTTP or TLS when the fields read only those layers.  The rest is
 * skipped: their results are the same (docs/dfilter.md, "Stages"). *streams:
 * the decoders of PS_FLOW_PLAN_STREAMS. */
static enum ps_flow_plan flow_plan(const struct run_state *s, uint64_t *streams)
{
	const struct ps_options *o = s->o;
	const struct ps_view *v = &s->view;
	*streams = 0;
	if (o->all_stages || o->nzstats || o->flow_records || o->n_outputs || o->stats_interval)
		return PS_FLOW_PLAN_ALL;
	if (!v->filter && !v->fields)
		return PS_FLOW_PLAN_ALL;
	if (printed(s) && !v->fields && (!o->write_file || o->print)) /* rendered */
		return PS_FLOW_PLAN_ALL;
	return ps_flow_plan_view(v->filter, v->fields, streams);
}

/* Without the whole flow stage (flow_plan), records are read only by -Y
 * and -e, whose fields name the application layers they read, by the
 * stream decoders a narrowed stage runs (the layers of those fields), and
 * by -q's counts of the frames -Y passed, which are then decoded whole
 * (ps_dissect_finish): the driver leaves the other application protocols
 * out (ps_dissect_for; docs/dfilter.md, "Stages"). */
static void plan_depth(struct run_state *s)
{
	uint64_t reads = UINT64_MAX, streams;
	s->plan = flow_plan(s, &streams);
	if (s->plan != PS_FLOW_PLAN_ALL)
		reads = (s->view.filter ? ps_dfilter_reads(s->view.filter) : 0) |
			(s->view.fields ? ps_dfields_reads(s->view.fields) : 0) | streams;
	ps_flow_scope_init(&s->scope, streams);
	ps_dissect_depth_init(&s->depth, reads);
}

/* The parts of the flow stage only some outputs read (ps_flow_cfg): the
 * records of --json/-T ek and the sinks print each flow's Community ID and
 * the analysis events, --flows the ID and the history; -q counts the
 * events, -z conv/endpoints the counters; -Y and -e read the analysis
 * when a field says so (NEED ANALYSIS in src/filter/df_fields.def).  The text lines, -z tables and -T fields
 * print none of them, so a text run computes none (docs/flows.md).  (The
 * analysis events share a packet's PS_MAX_EVENTS (16) slots with the
 * rest: only a packet with 14 or more others could then keep a later
 * stream decoder's event that a full run drops; our captures have 4 at most.) */
static void flow_parts_needed(const struct run_state *s, struct ps_flow_cfg *c)
{
	const struct ps_options *o = s->o;
	const struct ps_view *v = &s->view;
	bool every = o->all_stages || o->n_outputs || o->stats_interval ||
		     strcmp(o->format, "text") != 0;
	c->community_id = every || o->flow_records;
	c->history = o->all_stages || o->flow_records; /* no packet record has it */
	c->counters = c->history || o->nzstats;
	c->tcp_analysis = every || o->quiet ||
			  (v->filter && ps_dfilter_analysis_field(v->filter)) ||
			  (v->fields && ps_dfields_analysis_field(v->fields));
}

/* Flow tracking is on unless --no-flows or nothing needs it. */
static int open_flows(struct run_state *s)
{
	char err[PS_ERRBUF];
	const char *names[PS_MAX_ZSTATS];
	unsigned nz = ps_zsplit(s->o, &s->follow, names, &s->zprobe); /* probe: src/probe */
	if (s->zprobe && ps_probe_stats_init(&s->probe, 1024)) {
		ps_errf("out of memory for -z probe");
		return -1;
	}
	if (!s->o->no_defrag && !(s->defrag = ps_defrag_feed_new(0, err, sizeof err))) {
		ps_errf("%s", err);
		return -1;
	}
	plan_depth(s);
	if (s->o->no_flows || s->plan == PS_FLOW_PLAN_NONE)
		return 0;
	if (ps_zstats_init(&s->z, names, nz)) {
		ps_errf("unknown -z table");
		return -1;
	}
	struct ps_flow_cfg cfg = s->o->flow;
	flow_parts_needed(s, &cfg);
	if (s->plan == PS_FLOW_PLAN_STREAMS) /* only the scope's decoders */
		cfg.streams_off |= PS_FLOW_STREAM_PROTOS & ~s->scope.protos;
	s->flows = ps_flow_table_new(&cfg, flow_ended, s, err, sizeof err);
	if (!s->flows) {
		ps_errf("%s", err);
		return -1;
	}
	ps_follow_set_attach(&s->follow, s->flows);
	return 0;
}

/* Returns 1 to go on, 0 when the output is gone (EPIPE), -1 on a write error,
 * -2 on a -w write error (printed).  With -Y the frame is dissected first:
 * only matching frames are written (-w), counted (-q) and printed. */
static int handle_frame(struct run_state *s, const struct ps_frame *f)
{
	bool filtered = s->view.filter != NULL;
	if (filtered) {
		fill_packet(s, f);
		ps_dissect_for(s->pkt, &s->depth);
		track(s, s->pkt); /* every packet: flow state does not depend on what is shown */
		if (!ps_view_match(&s->view, s->pkt))
			return 1; /* like -Q: neither counted (-c, summary), written nor printed */
	}
	int w = ps_live_frame(&s->live, s->o, &s->cap, f);
	if (w < 0) /* -1: -G/-W budget spent */
		return w == -1 ? 0 : -2;
	/* 0: written, not printed; still decoded when the user asked for
	 * analysis (-z, --flows, follow), as tshark -w with -z does */
	if (w == 0 && !s->o->nzstats && !s->o->flow_records && !s->follow.n)
		return 1;
	if (!filtered) {
		fill_packet(s, f);
		ps_dissect_for(s->pkt, &s->depth);
		track(s, s->pkt);
	}
	if (s->o->quiet) /* its counts: the layers -Y and -e did not need too */
		ps_dissect_finish(s->pkt, &s->depth);
	account(s, s->pkt);
	if (w == 0)
		return 1;
	if (!printed(s))
		return s->out.err ? (s->out.err == EPIPE ? 0 : -1) : 1;
	if (s->view.fields)
		ps_dfields_line(s->view.fields, s->pkt, &s->out);
	else if (s->ship)
		ps_ship_packet(s->ship, &s->r, s->pkt);
	else
		s->r.ops->packet(&s->r, s->pkt);
	if (s->o->line_buffered)
		ps_out_flush(&s->out);
	if (s->out.err)
		return s->out.err == EPIPE ? 0 : -1;
	return 1;
}

static int loop(struct run_state *s, volatile sig_atomic_t *stop)
{
	char err[PS_ERRBUF];
	struct ps_frame f;
	while (!*stop && (!s->o->count || s->live.frames < s->o->count)) {
		int rc = s->cap.ops->next(&s->cap, &f, err);
		if (s->ship) /* --output, --stats-interval: no call per frame without */
			ps_ship_tick(s->ship, &s->cap, s->live.frames);
		if (rc == PS_CAP_NONE) { /* idle: -w flushes what waited a second */
			int irc = ps_live_idle(&s->live);
			if (irc < 0)
				return irc == -1 ? PS_EXIT_OK : PS_EXIT_RUNTIME;
			/* flows end on their timeout while nothing comes, not at the
			 * next packet: their records go out now */
			if (s->flows && ps_flow_tick(s->flows, ps_live_clock_ns()))
				ps_out_flush(&s->out);
			continue;
		}
		if (rc == PS_CAP_EOF)
			break;
		if (rc == PS_CAP_ERR) {
			ps_out_flush(&s->out);
			ps_errf("%s: %s", s->name, err);
			return PS_EXIT_RUNTIME;
		}
		int h = handle_frame(s, &f);
		if (h == 0)
			return PS_EXIT_OK;
		if (h == -2)
			return PS_EXIT_RUNTIME;
		if (h < 0)
			break;
	}
	return PS_EXIT_OK;
}

/* "name, name" of the layers in `set` (bit 1 << tag) into out[n]. */
static void layer_names(uint64_t set, char *out, size_t n)
{
	size_t used = 0;
	out[0] = 0;
	for (unsigned pr = 1; pr < PS_P__COUNT; pr++) {
		const struct ps_dissector *dis = ps_registry_by_proto(pr);
		if (!dis || !(set & UINT64_C(1) << pr))
			continue;
		int w = snprintf(out + used, n - used, "%s%s", used ? ", " : "", dis->name);
		if (w > 0 && (size_t)w < n - used)
			used += (size_t)w;
	}
}

/* -q without the flow stage, or with a stage narrowed to the stream
 * decoders in `keep` (bit 1 << tag): the other layers it writes from
 * reassembled bytes or connection state (TLS records over segments ...)
 * are not those of a full run, so their counts and events are left out;
 * `left` names them. */
static void leave_out_flow_layers(struct ps_stats *st, uint64_t keep, char *left, size_t n)
{
	size_t used = 0;
	for (unsigned pr = 1; pr < PS_P__COUNT; pr++) {
		const struct ps_dissector *dis = ps_registry_by_proto(pr);
		if (!dis || (keep & UINT64_C(1) << pr) || !ps_dfilter_layer_needs_flow(dis->name))
			continue;
		st->proto[pr] = 0;
		size_t k = strlen(dis->name); /* events are named "<layer>.<condition>" */
		for (unsigned ev = 1; ev < PS_EV__COUNT; ev++)
			if (!strncmp(ps_event_name(ev), dis->name, k) && ps_event_name(ev)[k] == '.')
				st->events[ev] = 0;
		int w = snprintf(left + used, n - used, "%s%s", used ? ", " : "", dis->name);
		if (w > 0 && (size_t)w < n - used)
			used += (size_t)w;
	}
}

static int finish(struct run_state *s, int rc)
{
	if (s->flows && !s->out.err)
		ps_flow_flush(s->flows); /* every open conversation ends as eof */
	bool skipped = !s->flows && !s->o->no_flows; /* flow_plan() said none */
	bool narrowed = s->flows && s->plan == PS_FLOW_PLAN_STREAMS;
	if (s->o->quiet && !s->o->nzstats && !s->out.err) {
		char left[64] = "";
		if (skipped || narrowed)
			leave_out_flow_layers(&s->stats, narrowed ? s->scope.protos : 0, left,
					      sizeof left);
		ps_stats_print(&s->stats, &s->out);
		ps_reasm_stats_print(s->flows ? ps_flow_reasm_budget(s->flows) : 0,
				     s->defrag ? &s->defrag->table : 0, &s->out);
		if (skipped)
			ps_out_fmt(&s->out, "flow stage: not run (-Y and -e need none of its fields):"
				   " no tcp.analysis events, tcp reassembly or stream counters;"
				   " %s not counted (--all-stages runs it)\n", left);
		if (s->flows) { /* after the engines' lines */
			ps_tls_stream_stats_print(ps_flow_app_budget(s->flows), &s->out);
			ps_http_stream_stats_print(ps_flow_app_http_budget(s->flows), &s->out);
			ps_dns_stream_stats_print(ps_flow_app_dns_budget(s->flows), &s->out);
		}
		if (narrowed) { /* the counts of the kept layers are a full run's */
			char kept[64], cover[64];
			layer_names(s->scope.protos, kept, sizeof kept);
			ps_flow_scope_describe(&s->scope, cover, sizeof cover);
			ps_out_fmt(&s->out, "flow stage: %s streams only (-Y and -e need no other of"
				   " its fields): tcp.analysis events, tcp reassembly and stream"
				   " counters cover %s; %s not counted (--all-stages runs it)\n",
				   kept, cover, left);
		}
	}
	if (s->o->nzstats && !s->out.err) {
		/* tshark prints its tables in reverse order of the options */
		for (unsigned i = s->follow.n; i-- > 0;)
			ps_follow_print(&s->follow.fl[i], &s->out);
		ps_zprint(s->o, &s->z, s->first_ns, &s->probe, s->zprobe, &s->out);
	}
	if (s->o->count_only && !s->out.err) /* --count, as tcpdump 4.99 */
		ps_out_fmt(&s->out, "%llu packet%s\n", (unsigned long long)s->pkt->n,
			   s->pkt->n == 1 ? "" : "s");
	ps_out_flush(&s->out);
	if (s->out.err && s->out.err != EPIPE) {
		ps_errf("write error: %s", strerror(s->out.err));
		rc = PS_EXIT_RUNTIME;
	}
	return rc;
}

/* -r FILE --workers N where one worker is faster (workers_plan.h): the
 * options of one worker in *one, and a note on stderr.  Returns the options
 * the run goes by. */
static const struct ps_options *plan_workers(const struct ps_options *o, struct ps_options *one)
{
	const char *why;
	if (o->workers < 2 || !o->read_file ||
	    ps_workers_plan(o, ps_workers_cores(), &why) == PS_WPLAN_PIPELINE)
		return o;
	ps_errf("--workers %u runs as one worker with read-ahead, faster here (%s); "
		"--workers-pipeline forces the threads (docs/workers.md)", o->workers, why);
	*one = *o;
	one->workers = 1;
	return one;
}

int ps_run(const struct ps_options *o, volatile sig_atomic_t *stop)
{
	char err[PS_ERRBUF] = "";
	struct run_state *s = calloc(1, sizeof *s);
	struct ps_packet *pkt = calloc(1, sizeof *pkt);
	struct ps_options one;
	int rc = PS_EXIT_RUNTIME;
	if (o->workers > 1 && !o->read_file) { /* fanout threads: workers_live.c */
		free(pkt);
		free(s);
		return ps_workers_live(o, stop);
	}
	o = plan_workers(o, &one);
	if (!s || !pkt) {
		ps_errf("out of memory");
		goto out_free;
	}
	s->o = o;
	s->pkt = pkt;
	if (ps_out_open_fd(&s->out, STDOUT_FILENO, 1 << 16)) {
		ps_errf("out of memory");
		goto out_free;
	}
	if ((rc = ps_live_prepare(&s->live, o)) != PS_EXIT_OK ||
	    (rc = ps_view_open(&s->view, o)) != PS_EXIT_OK)
		goto out_close;
	if (s->view.fields)
		ps_dfields_header(s->view.fields, &s->out);
	rc = PS_EXIT_RUNTIME;
	int orc = open_capture(s, err);
	if (orc) {
		ps_errf("%s: %s", orc == PS_CAP_EFILTER ? "filter" : s->name, err);
		rc = orc == PS_CAP_EFILTER ? PS_EXIT_USAGE : PS_EXIT_RUNTIME;
		goto out_close;
	}
	if (*stop == PS_STOP_OPENING) /* open: signals only ask the loop to stop now */
		*stop = 0;
	if (!o->read_file && s->cap.iface)
		s->name = s->cap.iface; /* the interface the source chose (no -i) */
	if (o->render.text.verbose) /* stderr: fine with --json too */
		ps_errf("reading from %s, link-type %s, snapshot length %u (%s)",
			s->name, s->cap.linktype_name ? s->cap.linktype_name : "?",
			(unsigned)s->cap.snaplen, /* a file may claim more than INT_MAX */
			s->cap.mechanism);
	if ((rc = ps_live_start(&s->live, o, &s->cap)) != PS_EXIT_OK) {
		ps_capture_close(&s->cap);
		goto out_close;
	}
	s->r.ops = ps_render_find(o->format);
	assert(s->r.ops != NULL); /* options set only names from the table */
	s->r.out = &s->out;
	s->r.opts = &o->render;
	if (open_flows(s)) {
		ps_live_finish(&s->live, o, &s->cap);
		ps_capture_close(&s->cap);
		rc = PS_EXIT_RUNTIME;
		goto out_close;
	}
	rc = ps_ship_start(&s->ship, o);
	if (rc != PS_EXIT_OK) /* a sink refused (a wrong password): its line alone says why */
		s->live.no_summary = true;
	if (rc == PS_EXIT_OK)
		rc = o->workers > 1 ? loop_workers(s, stop) : loop(s, stop);
	rc = finish(s, rc);
	int src = ps_ship_finish(s->ship, &s->cap, s->live.frames);
	if (rc == PS_EXIT_OK)
		rc = src;
	int lrc = ps_live_finish(&s->live, o, &s->cap);
	if (rc == PS_EXIT_OK)
		rc = lrc;
	ps_capture_close(&s->cap);
out_close:
	ps_view_close(&s->view);
	ps_out_close(&s->out);
	ps_flow_table_free(s->flows);
	ps_defrag_feed_free(s->defrag);
	ps_zstats_free(&s->z);
	if (s->zprobe)
		ps_probe_stats_free(&s->probe);
	ps_follow_set_free(&s->follow);
out_free:
	free(pkt);
	free(s);
	return rc;
}
