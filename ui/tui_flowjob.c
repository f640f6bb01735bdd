/* SPDX-License-Identifier: BSD-2-Clause */
/* tui_flowjob.c - the conversations job: a background scan that runs every
 * stored packet through defragmentation and a bounded flow table
 * (tui_stage.h: --no-defrag, --flow-mem, as -Y has them) and counts it in
 * the conversation rows, from the first packet on and following the store
 * (a file being indexed, or a live capture).  The detail tree asks it for a
 * packet's flow note (m->flow_note): stream number and direction from the
 * packet's row, tshark's relative tcp.seq/tcp.ack from the row's bases, and
 * tcp.analysis.* from a list of the packets that had any (8 bytes each, at
 * most --flow-mem / 8 of them: the conversations view counts the rest). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "tcp_analysis.h"
#include "tui_model.h"

struct tui_cjob {
	pthread_mutex_t lock; /* guards convs and the table against the UI */
	struct tui_stage *stage; /* defragmentation (unless --no-defrag) and the flow table */
	struct tui_convs convs;
	struct tui_scan scan;
	struct ps_packet pkt;
	const char *iface;
	bool flushed;
	/* packets with tcp.analysis flags: index << 16 | flags, in packet order */
	struct tui_vec anl;
	uint64_t anl_max; /* entries: the rest are counted in convs.anl_unkept */
	/* the list's columns of the packets the stage changes (no lock: tui_cols.h) */
	struct tui_colkeep cols;
};

static void on_end(void *ctx, const struct ps_flow *f, enum ps_flow_end why)
{
	struct tui_cjob *cj = ctx;
	(void)why;
	tui_convs_end(&cj->convs, f); /* the scan thread holds the lock */
}

static int cjob_fn(void *ctx, uint64_t pkt, const struct tui_rec *r, const uint8_t *data)
{
	struct tui_cjob *cj = ctx;
	tui_packet_load(&cj->pkt, pkt, r, data, cj->iface);
	tui_colkeep_before(&cj->cols, &cj->pkt);
	pthread_mutex_lock(&cj->lock);
	tui_stage_packet(cj->stage, &cj->pkt);
	tui_convs_add(&cj->convs, &cj->pkt, pkt);
	uint16_t a = cj->pkt.flow.id && cj->pkt.flow.tcp_layer >= 0 ? cj->pkt.flow.tcp_analysis : 0;
	if (a && (tui_vec_count(&cj->anl) >= cj->anl_max || tui_vec_push(&cj->anl, pkt << 16 | a)))
		cj->convs.anl_unkept++;
	else if (a)
		tui_vec_publish(&cj->anl);
	pthread_mutex_unlock(&cj->lock);
	/* no lock: the UI reads the columns without one (tui_cols.h) */
	tui_colkeep_note(&cj->cols, &cj->pkt, pkt, r, data, cj->iface);
	return 0;
}

/* After each batch: the count of columns not kept, for the conversations view. */
static void cjob_batch(void *ctx)
{
	struct tui_cjob *cj = ctx;
	pthread_mutex_lock(&cj->lock);
	cj->convs.cols_unkept = cj->cols.unkept;
	pthread_mutex_unlock(&cj->lock);
}

/* The tcp.analysis flags the scan noted for packet index pkt (0: none, or
 * not kept).  Binary search: the list is in packet order. */
static uint16_t anl_of(const struct tui_cjob *cj, uint64_t pkt)
{
	uint64_t lo = 0, hi = tui_vec_count(&cj->anl);
	while (lo < hi) {
		uint64_t mid = lo + (hi - lo) / 2, e = tui_vec_get(&cj->anl, mid);
		if (e >> 16 == pkt)
			return (uint16_t)e;
		if (e >> 16 < pkt)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

static void flows_free(struct tui_model *m)
{
	struct tui_cjob *cj = m->cjob;
	tui_model_follow_close(m);
	if (!cj)
		return;
	tui_scan_stop(&cj->scan);
	tui_stage_free(cj->stage);
	tui_convs_free(&cj->convs);
	tui_vec_free(&cj->anl);
	tui_colkeep_free(&cj->cols);
	pthread_mutex_destroy(&cj->lock);
	free(cj);
	m->cjob = 0;
}

/* tcp.analysis.* of the packet: the note's flags and, as the flow table
 * adds them, events on its TCP layer (the tree shows them). */
static void note_analysis(const struct tui_cjob *cj, struct ps_packet *p, uint64_t pkt)
{
	enum ps_event_code ev[8];
	p->flow.tcp_analysis = anl_of(cj, pkt);
	unsigned k = ps_tcp_analysis_events(p->flow.tcp_analysis, ev, 8);
	for (unsigned i = 0; i < k; i++)
		ps_packet_add_event(p, ev[i], p->flow.tcp_layer);
}

static int flow_note(struct tui_model *m, struct ps_packet *p, uint64_t pkt,
		     char id[PS_FLOW_ID_LEN])
{
	bool reached = tui_scan_pos(&m->cjob->scan) > pkt; /* before the lock: rows are older */
	const struct tui_convs *c = tui_model_convs_lock(m);
	const struct tui_conv_row *r = c ? tui_convs_of(c, p, pkt) : 0;
	if (r) {
		struct ps_flow_pkt k;
		size_t alen = r->key.v6 ? 16 : 4;
		ps_flow_key_of(p, &k);
		memcpy(id, r->id, PS_FLOW_ID_LEN);
		p->flow = (struct ps_flow_note){.id = id, .stream = r->stream, .tcp_layer = -1,
						.l4_layer = (int8_t)k.tl};
		p->flow.dir = !(memcmp(k.src, r->src, alen) == 0 && k.sport == r->sport &&
				(memcmp(k.src, k.dst, alen) || k.sport != k.dport));
		if (tui_conv_rel(r, p, k.tl, p->flow.dir, &p->flow))
			note_analysis(m->cjob, p, pkt);
	}
	tui_model_convs_unlock(m);
	return r ? 1 : reached ? 0 : -1;
}

/* A copy of packet index pkt's conversation row (p: its record, after
 * defragmentation when it is a fragment): 1 found, 0 none, -1 the scan has
 * not reached it yet. */
static int conv_of(struct tui_model *m, const struct ps_packet *p, uint64_t pkt,
		   struct tui_conv_row *out)
{
	bool reached = tui_scan_pos(&m->cjob->scan) > pkt; /* before the lock: rows are older */
	const struct tui_convs *c = tui_model_convs_lock(m);
	const struct tui_conv_row *r = c ? tui_convs_of(c, p, pkt) : 0;
	if (r)
		*out = *r;
	tui_model_convs_unlock(m);
	return r ? 1 : reached ? 0 : -1;
}

/* The columns the stage gives packet index pkt: 1 kept (in out), 0 the
 * frame's own, -1 the scan has not reached it yet.  No lock (tui_cols.h). */
static int cols_of(const struct tui_model *m, uint64_t pkt, struct tui_cols *out)
{
	const struct tui_cjob *cj = m->cjob;
	bool reached = tui_scan_pos(&cj->scan) > pkt; /* before the look-up: entries are older */
	if (tui_colkeep_get(&cj->cols, pkt, out))
		return 1;
	return reached ? 0 : -1;
}

int tui_model_flows_start(struct tui_model *m, const struct ps_flow_cfg *cfg, unsigned rows,
			  char *err, size_t errlen)
{
	struct tui_cjob *cj = calloc(1, sizeof *cj);
	char e[256] = "out of memory";
	if (!cj)
		goto fail;
	/* the stage -Y runs: stream numbers as the filter's and pktscope's */
	struct tui_stage_cfg sc = {.flow = cfg, .defrag = m->stage.defrag};
	if (tui_stage_new(&cj->stage, &sc, true, on_end, cj, e, sizeof e) ||
	    tui_convs_init(&cj->convs, rows) || tui_vec_init(&cj->anl, 8) ||
	    tui_colkeep_init(&cj->cols)) {
		tui_stage_free(cj->stage);
		tui_convs_free(&cj->convs);
		tui_vec_free(&cj->anl);
		free(cj);
		goto fail;
	}
	cj->anl_max = cfg->mem_bytes / 8; /* as much again as the flow table, at most */
	pthread_mutex_init(&cj->lock, 0);
	cj->iface = m->st->live ? m->st->name : 0;
	cj->scan = (struct tui_scan){.st = m->st, .limit = UINT64_MAX, .fn = cjob_fn,
				     .batch = cjob_batch, .ctx = cj, .wake = m->wake};
	m->cjob = cj;
	m->flows_free = flows_free;
	m->flow_note = flow_note;
	m->conv_of = conv_of;
	m->cols_of = cols_of;
	if (tui_scan_start(&cj->scan)) {
		flows_free(m);
		snprintf(e, sizeof e, "cannot start the conversations thread");
		goto fail;
	}
	return 0;
fail:
	snprintf(err, errlen, "%s", e);
	return -1;
}

const struct tui_convs *tui_model_convs_lock(struct tui_model *m)
{
	struct tui_cjob *cj = m->cjob;
	if (!cj)
		return 0;
	pthread_mutex_lock(&cj->lock);
	if (!cj->flushed && tui_scan_finished(&cj->scan)) {
		/* a file read to its end: every open flow ends (eof), so each row gets its state */
		tui_stage_flush(cj->stage);
		cj->flushed = true;
	}
	return &cj->convs;
}

void tui_model_convs_unlock(struct tui_model *m)
{
	if (m->cjob)
		pthread_mutex_unlock(&m->cjob->lock);
}


unsigned tui_model_flows_progress(const struct tui_model *m)
{
	return m->cjob ? tui_scan_progress(&m->cjob->scan, m->st) : 1000;
}

unsigned tui_follow_rows(const struct tui_model *m)
{
	return m->lay.h > 3 ? m->lay.h - 3 : 1;
}

static unsigned follow_width(const struct tui_model *m)
{
	return m->lay.w > 2 ? m->lay.w - 2 : 1; /* after the direction mark */
}

int tui_model_follow_open(struct tui_model *m)
{
	struct tui_conv_row row;
	bool found = false;
	if (m->sel_ok && m->sel_pkt != TUI_NONE) {
		const struct tui_convs *c = tui_model_convs_lock(m);
		const struct tui_conv_row *r = c ? tui_convs_of(c, m->pkt, m->sel_pkt) : 0;
		if (r) {
			row = *r;
			found = true;
		}
		tui_model_convs_unlock(m);
	}
	if (!found || (row.kind != PS_FK_TCP && row.kind != PS_FK_UDP)) {
		tui_model_msg(m, "F: not a packet of a TCP or UDP conversation%s",
			      m->cjob ? "" : " (flow tracking is off)");
		return -1;
	}
	tui_model_follow_close(m);
	struct tui_follow *f = malloc(sizeof *f);
	if (!f || tui_follow_open(f, m->st, &row, false, follow_width(m))) {
		free(f);
		tui_model_msg(m, "F: out of memory");
		return -1;
	}
	m->fol = f;
	m->screen = TUI_SCR_FOLLOW;
	tui_follow_fill(f, 0, tui_follow_rows(m));
	return 0;
}

void tui_model_follow_close(struct tui_model *m)
{
	if (!m->fol)
		return;
	tui_follow_close(m->fol);
	free(m->fol);
	m->fol = 0;
}
