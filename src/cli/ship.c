/* SPDX-License-Identifier: BSD-2-Clause */
/* ship.c - --output and --stats-interval in the run loop (ship.h). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "errline.h"
#include "ps_flow_render.h"
#include "ps_sink.h"
#include "ship.h"

#define DRAIN_MS 2000u /* at the end, how long the sinks get to take what is queued */

struct ps_ship {
	struct ps_sink *sinks[PS_MAX_OUTPUTS];
	unsigned n;
	bool print;          /* --print: stdout too */
	struct ps_out rec;   /* one rendered record (memory mode over rec_buf) */
	char *rec_buf;
	unsigned interval;   /* --stats-interval, 0 = off */
	struct timespec start, next;
};

static double since(const struct timespec *a, const struct timespec *b)
{
	return (double)(b->tv_sec - a->tv_sec) + (double)(b->tv_nsec - a->tv_nsec) / 1e9;
}

int ps_ship_start(struct ps_ship **out, const struct ps_options *o)
{
	*out = NULL;
	if (!o->n_outputs && !o->stats_interval)
		return PS_EXIT_OK;
	struct ps_ship *sh = calloc(1, sizeof *sh);
	/* +2: the newline the renderer ends with, and the NUL of memory mode */
	char *buf = o->n_outputs ? malloc(PS_SINK_RECORD_MAX + 2) : NULL;
	if (!sh || (o->n_outputs && !buf)) {
		free(sh);
		free(buf);
		ps_errf("out of memory");
		return PS_EXIT_RUNTIME;
	}
	sh->rec_buf = buf;
	if (buf)
		ps_out_open_mem(&sh->rec, buf, PS_SINK_RECORD_MAX + 2);
	sh->print = o->print;
	sh->interval = o->stats_interval;
	clock_gettime(CLOCK_MONOTONIC, &sh->start);
	sh->next = sh->start;
	sh->next.tv_sec += sh->interval;
	for (unsigned i = 0; i < o->n_outputs; i++) {
		char err[PS_ERRBUF];
		sh->sinks[i] = ps_sink_open(o->outputs[i], &o->sink_props, o->read_file != NULL, err,
					    sizeof err);
		if (!sh->sinks[i]) {
			ps_errf("%s", err);
			ps_ship_finish(sh, NULL, 0);
			return PS_EXIT_RUNTIME;
		}
		sh->n++;
	}
	*out = sh;
	return PS_EXIT_OK;
}

/* One rendered record (overflow: it was cut) to every sink, keyed by the
 * flow's Community ID (key: NULL or "" for none); true when it was whole. */
static bool offer_sinks(struct ps_ship *sh, const char *rec, size_t len, bool overflow,
			const char *key)
{
	size_t klen = key ? strlen(key) : 0;
	bool whole = !overflow && len && rec[len - 1] == '\n';
	for (unsigned i = 0; i < sh->n; i++) {
		if (whole)
			ps_sink_offer_keyed(sh->sinks[i], key, klen, rec, len - 1);
		else
			ps_sink_drop(sh->sinks[i]); /* never ship a cut record */
	}
	return whole;
}

/* ...and to o with --print. */
static void offer(struct ps_ship *sh, struct ps_out *o, const char *rec, size_t len,
		  bool overflow, const char *key)
{
	if (offer_sinks(sh, rec, len, overflow, key) && sh->print)
		ps_out_mem(o, rec, len);
}

bool ps_ship_offer(struct ps_ship *sh, const struct ps_out *rec, const char *key)
{
	return offer_sinks(sh, rec->buf, rec->len, rec->overflow, key) && sh->print;
}

static void offer_all(struct ps_ship *sh, struct ps_out *o, const char *key)
{
	offer(sh, o, sh->rec.buf, sh->rec.len, sh->rec.overflow, key);
}

bool ps_ship_sinks(const struct ps_ship *sh)
{
	return sh && sh->n;
}

void ps_ship_record(struct ps_ship *sh, struct ps_out *o, const char *rec, size_t len,
		    const char *key)
{
	/* at most what ps_ship_packet's buffer holds, so both ship the same */
	offer(sh, o, rec, len, len > PS_SINK_RECORD_MAX + 1, key);
}

void ps_ship_packet(struct ps_ship *sh, struct ps_renderer *r, const struct ps_packet *p)
{
	if (!sh->n) {
		r->ops->packet(r, p);
		return;
	}
	struct ps_out *o = r->out;
	ps_out_reset(&sh->rec);
	r->out = &sh->rec;
	r->ops->packet(r, p);
	r->out = o;
	offer_all(sh, o, p->flow.id);
}

/* The flow record; with -T ek a bulk pair: index flows-DAY, the record's
 * members after "timestamp"/"@timestamp" of the flow's last packet. */
static void flow_line(struct ps_out *o, const struct ps_flow *f, enum ps_flow_end why, bool nano,
		      bool ek)
{
	if (!ek) {
		ps_render_flow_record(o, f, why, nano);
		return;
	}
	char buf[4096]; /* a flow record is a few hundred bytes */
	struct ps_out rec;
	ps_out_open_mem(&rec, buf, sizeof buf);
	ps_render_flow_record(&rec, f, why, nano);
	int64_t first, last;
	ps_flow_times(f, &first, &last);
	int64_t sec = last / 1000000000 - (last % 1000000000 < 0);
	uint32_t ns = (uint32_t)(last - sec * 1000000000);
	ps_render_ek_head(o, "flows", sec, nano ? ns : ns / 1000, nano);
	if (rec.overflow || rec.len < 2 || buf[0] != '{') {
		o->overflow = true; /* cannot happen; if it did, the line is cut, never shipped */
		return;
	}
	ps_out_char(o, ',');
	ps_out_mem(o, buf + 1, rec.len - 1);
}

void ps_ship_flow(struct ps_ship *sh, struct ps_out *o, const struct ps_flow *f,
		  enum ps_flow_end why, bool nano, bool ek)
{
	if (!sh || !sh->n) {
		flow_line(o, f, why, nano, ek);
		return;
	}
	ps_out_reset(&sh->rec);
	flow_line(&sh->rec, f, why, nano, ek);
	offer_all(sh, o, f->id);
}

/* A bounded line builder: what does not fit is cut, and flagged. */
struct line {
	char buf[4096];
	size_t n;
};

__attribute__((format(printf, 2, 3))) static void add(struct line *l, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (l->n < sizeof l->buf) {
		int w = vsnprintf(l->buf + l->n, sizeof l->buf - l->n, fmt, ap);
		l->n += w > 0 ? (size_t)w : 0;
	}
	va_end(ap);
}

/* s as a JSON string: a URL may hold any byte. */
static void add_str(struct line *l, const char *s)
{
	add(l, "\"");
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			add(l, "\\%c", c);
		else if (c < 0x20 || c >= 0x7f)
			add(l, "\\u%04x", c);
		else
			add(l, "%c", c);
	}
	add(l, "\"");
}

/* One JSON line of counters on stderr (docs/sinks.md): st[i] for the sink
 * named names[i]; the kernel's drops summed over caps[] (live --workers:
 * one per worker). */
static void stats_line(struct ps_ship *sh, struct ps_capture *const *caps, unsigned ncaps,
		       uint64_t frames, bool final, const struct ps_sink_stats *st,
		       char (*names)[256])
{
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	struct line l = {.n = 0};
	add(&l, "{\"type\":\"stats\",\"final\":%s,\"elapsed\":%.3f,\"frames\":%llu",
	    final ? "true" : "false", since(&sh->start, &now), (unsigned long long)frames);
	struct ps_capture_stats cs, sum = {0};
	bool known = false;
	for (unsigned i = 0; i < ncaps; i++) {
		struct ps_capture *cap = caps[i];
		if (cap && cap->ops && cap->ops->stats && cap->ops->stats(cap, &cs) == 0) {
			sum.dropped += cs.dropped;
			if (cs.if_dropped > sum.if_dropped) /* the interface's: one count, seen by each */
				sum.if_dropped = cs.if_dropped;
			known = true;
		}
	}
	if (known)
		add(&l, ",\"kernel_drops\":%llu,\"if_drops\":%llu", (unsigned long long)sum.dropped,
		    (unsigned long long)sum.if_dropped);
	add(&l, ",\"outputs\":[");
	for (unsigned i = 0; i < sh->n; i++) {
		add(&l, "%s{\"output\":", i ? "," : "");
		add_str(&l, names[i]);
		add(&l, ",\"queued\":%llu,\"sent\":%llu,\"dropped\":%llu,\"errors\":%llu,"
			"\"pending\":%llu,\"connects\":%llu}",
		    (unsigned long long)st[i].queued, (unsigned long long)st[i].sent,
		    (unsigned long long)st[i].dropped, (unsigned long long)st[i].errors,
		    (unsigned long long)st[i].pending, (unsigned long long)st[i].connects);
	}
	add(&l, "]}\n");
	fputs(l.n < sizeof l.buf ? l.buf : "{\"type\":\"stats\",\"error\":\"line too long\"}\n",
	      stderr);
}

void ps_ship_tick(struct ps_ship *sh, struct ps_capture *cap, uint64_t frames)
{
	ps_ship_tick_caps(sh, &cap, 1, frames);
}

void ps_ship_tick_caps(struct ps_ship *sh, struct ps_capture *const *caps, unsigned ncaps,
		       uint64_t frames)
{
	if (!sh || !sh->interval)
		return;
	struct timespec now;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (since(&sh->next, &now) < 0)
		return;
	struct ps_sink_stats st[PS_MAX_OUTPUTS];
	char names[PS_MAX_OUTPUTS][256];
	for (unsigned i = 0; i < sh->n; i++) {
		ps_sink_stats(sh->sinks[i], &st[i]);
		snprintf(names[i], sizeof names[i], "%s", ps_sink_name(sh->sinks[i]));
	}
	stats_line(sh, caps, ncaps, frames, false, st, names);
	while (since(&sh->next, &now) >= 0) /* a long stall prints one line, not a burst */
		sh->next.tv_sec += sh->interval;
}

int ps_ship_finish(struct ps_ship *sh, struct ps_capture *cap, uint64_t frames)
{
	return ps_ship_finish_caps(sh, &cap, cap ? 1 : 0, frames);
}

int ps_ship_finish_caps(struct ps_ship *sh, struct ps_capture *const *caps, unsigned ncaps,
			uint64_t frames)
{
	if (!sh)
		return PS_EXIT_OK;
	int rc = PS_EXIT_OK;
	struct ps_sink_stats st[PS_MAX_OUTPUTS];
	char names[PS_MAX_OUTPUTS][256];
	for (unsigned i = 0; i < sh->n; i++) { /* names first: close frees them */
		snprintf(names[i], sizeof names[i], "%s", ps_sink_name(sh->sinks[i]));
		char last[256];
		ps_sink_close(sh->sinks[i], DRAIN_MS, &st[i], last, sizeof last);
		ps_errf("output %s: %llu sent, %llu dropped, %llu errors%s%s%s", names[i],
			(unsigned long long)st[i].sent, (unsigned long long)st[i].dropped,
			(unsigned long long)st[i].errors, *last ? " (last error: " : "", last,
			*last ? ")" : "");
		if (st[i].dropped || st[i].errors)
			rc = PS_EXIT_RUNTIME;
	}
	if (sh->interval && ncaps)
		stats_line(sh, caps, ncaps, frames, true, st, names);
	free(sh->rec_buf);
	free(sh);
	return rc;
}
