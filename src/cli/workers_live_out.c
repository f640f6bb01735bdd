/* SPDX-License-Identifier: BSD-2-Clause */
/* workers_live_out.c - a live worker's output: whole records (packets,
 * --flows conversations) into the worker's buffer, written to stdout under
 * one lock, and offered to the --output sinks (workers_live_int.h). */
#include <string.h>

#include "ps_dfilter.h"
#include "workers_live_int.h"

void ps_lw_flush(struct ps_lworker *lw)
{
	struct ps_lrun *run = lw->run;
	if (!lw->buf.len)
		return;
	pthread_mutex_lock(&run->out_mu);
	ps_out_mem(&run->out, lw->buf.buf, lw->buf.len);
	ps_out_flush(&run->out);
	if (run->out.err)
		atomic_store(&run->halt, true);
	pthread_mutex_unlock(&run->out_mu);
	ps_out_reset(&lw->buf);
}

/* A record (a packet's, or a conversation's with --flows), rendered by put. */
struct lrecord {
	void (*put)(struct ps_lworker *lw, struct ps_out *out, const struct lrecord *rec);
	const struct ps_flow *flow;
	enum ps_flow_end why;
};

/* Render one whole record into the worker's buffer; a record larger than
 * the whole buffer is rendered straight into stdout under the lock. */
static void out_whole(struct ps_lworker *lw, const struct lrecord *rec)
{
	size_t mark = lw->buf.len;
	rec->put(lw, &lw->buf, rec);
	if (lw->buf.overflow) {
		lw->buf.len = mark;
		lw->buf.overflow = false;
		ps_lw_flush(lw);
		pthread_mutex_lock(&lw->run->out_mu);
		rec->put(lw, &lw->run->out, rec);
		ps_out_flush(&lw->run->out);
		if (lw->run->out.err)
			atomic_store(&lw->run->halt, true);
		pthread_mutex_unlock(&lw->run->out_mu);
	}
	if (lw->buf.len >= WBUF_FLUSH || lw->o.line_buffered)
		ps_lw_flush(lw);
}

static void put_shipped(struct ps_lworker *lw, struct ps_out *out, const struct lrecord *rec)
{
	(void)rec;
	ps_out_mem(out, lw->rec.buf, lw->rec.len);
}

/* A record to stdout; with --output rendered once into lw->rec, offered to
 * every sink (keyed by the Community ID), and printed too with --print. */
static void emit(struct ps_lworker *lw, const struct lrecord *rec)
{
	struct ps_lrun *run = lw->run;
	if (!ps_ship_sinks(run->ship) || (lw->an.view.fields && !rec->flow)) {
		out_whole(lw, rec);
		return;
	}
	ps_out_reset(&lw->rec);
	rec->put(lw, &lw->rec, rec);
	pthread_mutex_lock(&run->ship_mu);
	bool print = ps_ship_offer(run->ship, &lw->rec, rec->flow ? rec->flow->id : lw->pkt->flow.id);
	pthread_mutex_unlock(&run->ship_mu);
	if (print)
		out_whole(lw, &(struct lrecord){.put = put_shipped});
}

static void put_packet(struct ps_lworker *lw, struct ps_out *out, const struct lrecord *rec)
{
	(void)rec;
	if (lw->an.view.fields) {
		ps_dfields_line(lw->an.view.fields, lw->pkt, out);
	} else {
		lw->r.out = out;
		lw->r.ops->packet(&lw->r, lw->pkt);
	}
}

static void put_flow(struct ps_lworker *lw, struct ps_out *out, const struct lrecord *rec)
{
	ps_ship_flow(NULL, out, rec->flow, rec->why, lw->pkt->ts_nano, !strcmp(lw->o.format, "ek"));
}

/* A conversation of this worker's flow table ended (inside ps_flow_packet,
 * _tick or _flush): its --flows record, whole, between the packet records,
 * and its -z rows. */
void ps_lw_flow_ended(void *ctx, const struct ps_flow *f, enum ps_flow_end why)
{
	struct ps_lworker *lw = ctx;
	if (lw->o.flow_records)
		emit(lw, &(struct lrecord){.put = put_flow, .flow = f, .why = why});
	if (lw->o.nzstats)
		ps_zstats_flow(&lw->an.z, f);
}

void ps_lw_emit_packet(struct ps_lworker *lw)
{
	emit(lw, &(struct lrecord){.put = put_packet});
}
