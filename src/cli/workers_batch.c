/* SPDX-License-Identifier: BSD-2-Clause */
/* workers_batch.c - the work of each stage of the offline worker pipeline on
 * one batch (workers_batch.h); workers.c does the threads and the order. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ps_dissect.h"
#include "workers_batch.h"

int ps_wbatch_init(struct ps_wbatch *b)
{
	memset(b, 0, sizeof *b);
	b->pkt = calloc(PS_WBATCH_PKTS, sizeof *b->pkt);
	b->off = calloc(PS_WBATCH_PKTS, sizeof *b->off);
	b->tref = calloc(PS_WBATCH_PKTS, sizeof *b->tref);
	b->ids = calloc(PS_WBATCH_PKTS, sizeof *b->ids);
	b->lent_bytes = calloc(PS_WBATCH_PKTS, sizeof *b->lent_bytes);
	b->lent_view = calloc(PS_WBATCH_PKTS, sizeof *b->lent_view);
	b->arena = malloc(PS_WBATCH_ARENA);
	b->arena_cap = PS_WBATCH_ARENA;
	b->outbuf = malloc(PS_WBATCH_OUT);
	if (!b->pkt || !b->off || !b->tref || !b->ids || !b->lent_bytes || !b->lent_view ||
	    !b->arena || !b->outbuf)
		return -1;
	ps_out_open_mem(&b->out, b->outbuf, PS_WBATCH_OUT);
	return 0;
}

/* Free what the in-order stage lent the batch's records (copies). */
static void free_lent(struct ps_wbatch *b)
{
	for (unsigned i = 0; b->lent_bytes && i < PS_WBATCH_PKTS; i++) {
		free(b->lent_bytes[i]);
		free(b->lent_view[i]);
		b->lent_bytes[i] = 0;
		b->lent_view[i] = 0;
	}
}

void ps_wbatch_free(struct ps_wbatch *b)
{
	free_lent(b);
	free(b->lent_bytes);
	free(b->lent_view);
	free(b->pkt);
	free(b->off);
	free(b->tref);
	free(b->ids);
	free(b->arena);
	free(b->outbuf);
	memset(b, 0, sizeof *b);
}

/* Room for n more bytes after `used`: a frame larger than what is left
 * grows the arena (frames are at most PS_PCAP_MAX_RECORD); a grown arena
 * goes back to its normal size when its batch is refilled. 0 ok, -1. */
static int arena_room(struct ps_wbatch *b, size_t used, size_t n)
{
	if (n <= b->arena_cap - used)
		return 0;
	uint8_t *a = realloc(b->arena, used + n);
	if (!a)
		return -1;
	b->arena = a;
	b->arena_cap = used + n;
	return 0;
}

static int64_t time_units(const struct ps_packet *p)
{
	return p->ts_sec * (p->ts_nano ? 1000000000 : 1000000) + p->ts_frac;
}

/* Take one frame into record i at arena offset *used. 1 taken, 0 end of
 * input, -1 error (rd->rc, rd->err). */
static int take(struct ps_wbatch *b, struct ps_wreader *rd, size_t *used)
{
	const struct ps_workers_io *io = rd->io;
	struct ps_frame f;
	int rc;
	/* -Q skips a frame before it is counted, as ps_live_frame does */
	while ((rc = io->cap->ops->next(io->cap, &f, rd->err)) == PS_CAP_NONE ||
	       (rc == PS_CAP_FRAME && io->o->direction >= 0 &&
		!ps_live_direction_ok(io->o, io->cap, &f)))
		if (atomic_load(rd->stop))
			return 0;
	if (rc == PS_CAP_EOF)
		return 0;
	if (rc == PS_CAP_ERR || arena_room(b, *used, f.caplen)) {
		if (rc != PS_CAP_ERR)
			snprintf(rd->err, sizeof rd->err, "out of memory for a %u-byte frame", f.caplen);
		rd->rc = PS_CAP_ERR;
		return -1;
	}
	struct ps_packet *p = &b->pkt[b->n];
	memcpy(b->arena + *used, f.data, f.caplen);
	b->off[b->n] = (uint32_t)*used;
	*used += f.caplen;
	p->n = ++rd->frames;
	ps_live_fill(io->live, io->cap, &f, p);
	int64_t now = time_units(p);
	if (!rd->have_first) {
		rd->have_first = true;
		rd->first = rd->prev = now;
	}
	b->tref[b->n][0] = rd->first;
	b->tref[b->n][1] = rd->prev;
	rd->prev = now;
	b->n++;
	return 1;
}

bool ps_wbatch_fill(struct ps_wbatch *b, struct ps_wreader *rd)
{
	uint64_t count = rd->io->o->count;
	size_t used = 0;
	int rc = 1;
	if (b->arena_cap > PS_WBATCH_ARENA) {
		uint8_t *a = realloc(b->arena, PS_WBATCH_ARENA);
		if (a) {
			b->arena = a;
			b->arena_cap = PS_WBATCH_ARENA;
		}
	}
	free_lent(b);
	b->n = 0;
	while (b->n < PS_WBATCH_PKTS && used < PS_WBATCH_ARENA) {
		if (atomic_load(rd->stop) || (count && rd->frames >= count)) {
			rc = 0;
			break;
		}
		if ((rc = take(b, rd, &used)) <= 0)
			break;
	}
	for (unsigned i = 0; i < b->n; i++) /* the arena may have moved */
		b->pkt[i].data = b->arena + b->off[i];
	return rc > 0;
}

void ps_wbatch_dissect(struct ps_wbatch *b)
{
	for (unsigned i = 0; i < b->n; i++)
		ps_dissect(&b->pkt[i]);
}

/* IP defragmentation lent record i its bytes (the frame, then the
 * datagram's) and the frame's own view: copies owned by the batch.  A copy
 * that cannot be made leaves the record as the frame alone decoded it. */
static void keep_lent(struct ps_wbatch *b, unsigned i)
{
	struct ps_packet *p = &b->pkt[i];
	const uint8_t *frame = b->arena + b->off[i];
	if (p->frame_view) {
		/* the view, then its Community ID (the flow table's string changes) */
		struct ps_packet *v = malloc(sizeof *v + PS_FLOW_ID_LEN);
		if (v) {
			*v = *p->frame_view;
			v->data = frame;
			if (v->flow.id) {
				char *id = (char *)(v + 1);
				snprintf(id, PS_FLOW_ID_LEN, "%s", v->flow.id);
				v->flow.id = id;
			}
		}
		b->lent_view[i] = v;
		p->frame_view = v;
	}
	if (p->data != frame) {
		uint32_t n = ps_packet_bytes(p);
		uint8_t *copy = malloc(n);
		if (copy)
			memcpy(copy, p->data, n);
		else if (b->lent_view[i]) /* fall back to the frame's own view */
			*p = *b->lent_view[i];
		b->lent_bytes[i] = copy;
		p->data = copy ? copy : frame;
	}
}

void ps_wbatch_track(struct ps_wbatch *b, ps_workers_track_fn track, void *ctx)
{
	for (unsigned i = 0; i < b->n; i++) {
		struct ps_packet *p = &b->pkt[i];
		track(ctx, p);
		/* The record leaves this thread: whatever the stage lent it must be
		 * copied into the batch (as the Community ID below).  A stage that
		 * repoints the frame bytes needs its copy here first. */
		if (p->data != b->arena + b->off[i] || p->frame_view)
			keep_lent(b, i);
		assert(p->data == b->arena + b->off[i] || p->data == b->lent_bytes[i]);
		if (p->flow.id) { /* the flow's string changes when its slot is reused */
			snprintf(b->ids[i], sizeof b->ids[i], "%s", p->flow.id);
			p->flow.id = b->ids[i];
		}
	}
}

static void render_one(struct ps_wbatch *b, unsigned i, struct ps_renderer *r)
{
	r->tc.have_first = true;
	r->tc.first = b->tref[i][0];
	r->tc.prev = b->tref[i][1];
	r->ops->packet(r, &b->pkt[i]);
}

void ps_wbatch_render(struct ps_wbatch *b, struct ps_renderer *r)
{
	ps_out_reset(&b->out);
	r->out = &b->out;
	b->split = b->n;
	for (unsigned i = 0; i < b->n; i++) {
		size_t mark = b->out.len;
		render_one(b, i, r);
		if (b->out.overflow) {
			b->out.len = mark;
			b->out.overflow = false;
			b->split = i;
			break;
		}
	}
}

void ps_wbatch_write(struct ps_wbatch *b, struct ps_renderer *r, struct ps_out *out)
{
	ps_out_mem(out, b->out.buf, b->out.len);
	for (unsigned i = b->split; i < b->n && !out->err; i++)
		render_one(b, i, r);
}
