/* SPDX-License-Identifier: BSD-2-Clause */
/* workers_batch.c - the work of each stage of the offline worker pipeline on
 * one batch (workers_batch.h); workers.c does the threads and the order. */
#include <assert.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ps_dfilter.h"
#include "ps_dissect.h"
#include "ship.h"
#include "workers_batch.h"

int ps_wbatch_init(struct ps_wbatch *b)
{
	memset(b, 0, sizeof *b);
	b->pkt = calloc(PS_WBATCH_PKTS, sizeof *b->pkt);
	b->off = calloc(PS_WBATCH_PKTS, sizeof *b->off);
	b->tref = calloc(PS_WBATCH_PKTS, sizeof *b->tref);
	b->ids = calloc(PS_WBATCH_PKTS, sizeof *b->ids);
	b->verdict = calloc(PS_WBATCH_PKTS, sizeof *b->verdict);
	b->rend = calloc(PS_WBATCH_PKTS, sizeof *b->rend);
	b->side_end = calloc(PS_WBATCH_PKTS, sizeof *b->side_end);
	b->lent_bytes = calloc(PS_WBATCH_PKTS, sizeof *b->lent_bytes);
	b->lent_view = calloc(PS_WBATCH_PKTS, sizeof *b->lent_view);
	b->lent_cap = calloc(PS_WBATCH_PKTS, sizeof *b->lent_cap);
	b->arena = malloc(PS_WBATCH_ARENA);
	b->arena_cap = PS_WBATCH_ARENA;
	b->outbuf = malloc(PS_WBATCH_OUT);
	if (!b->pkt || !b->off || !b->tref || !b->verdict || !b->rend || !b->side_end || !b->ids || !b->lent_bytes || !b->lent_view || !b->lent_cap ||
	    !b->arena || !b->outbuf)
		return -1;
	ps_out_open_mem(&b->out, b->outbuf, PS_WBATCH_OUT);
	return 0;
}

/* The copies of what the in-order stage lent the batch's records come from
 * a pool of the batch that is kept for the next fill (a malloc and free of
 * ~10 KiB per fragment and batch made glibc grow and trim its heaps: 537
 * brk and 279 madvise calls, twice the page faults on the 2M corpus): the
 * pool holds as many as the batch needed at most.  all: free every one,
 * else only byte copies past PS_WBATCH_LENT_KEEP (a large datagram is rare). */
static void free_lent(struct ps_wbatch *b, bool all)
{
	b->nlent = 0;
	for (unsigned k = 0; b->lent_bytes && k < PS_WBATCH_PKTS; k++) {
		if (all || b->lent_cap[k] > PS_WBATCH_LENT_KEEP) {
			free(b->lent_bytes[k]);
			b->lent_bytes[k] = 0;
			b->lent_cap[k] = 0;
		}
		if (all) {
			free(b->lent_view[k]);
			b->lent_view[k] = 0;
		}
	}
}

void ps_wbatch_free(struct ps_wbatch *b)
{
	free_lent(b, true);
	free(b->lent_bytes);
	free(b->lent_view);
	free(b->lent_cap);
	free(b->pkt);
	free(b->off);
	free(b->tref);
	free(b->verdict);
	free(b->rend);
	free(b->side_end);
	free(b->side);
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
	if (rd->progress) /* --stats-interval reads it while a batch fills */
		atomic_store_explicit(rd->progress, rd->frames, memory_order_relaxed);
	ps_live_fill(io->live, io->cap, &f, p);
	b->n++;
	return 1;
}

bool ps_wbatch_fill(struct ps_wbatch *b, struct ps_wreader *rd)
{
	/* -c with -Y counts matches: the in-order stage ends the run then */
	uint64_t count = rd->io->o->display_filter ? 0 : rd->io->o->count;
	size_t used = 0;
	int rc = 1;
	if (b->arena_cap > PS_WBATCH_ARENA) {
		uint8_t *a = realloc(b->arena, PS_WBATCH_ARENA);
		if (a) {
			b->arena = a;
			b->arena_cap = PS_WBATCH_ARENA;
		}
	}
	free_lent(b, false);
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

/* A Community ID into dst[PS_FLOW_ID_LEN] (cut there, NUL-ended); returns
 * dst.  Once per tracked record: snprintf's "%s" cost 12% of --workers 2's
 * instructions on text (callgrind, slice50k), this a few dozen. */
static const char *copy_id(char *dst, const char *id)
{
	size_t n = strnlen(id, PS_FLOW_ID_LEN - 1);
	memcpy(dst, id, n);
	dst[n] = 0;
	return dst;
}

/* IP defragmentation lent record i its bytes (the frame, then the
 * datagram's) and the frame's own view: copies owned by the batch.  A copy
 * that cannot be made leaves the record as the frame alone decoded it. */
static void keep_lent(struct ps_wbatch *b, unsigned i)
{
	struct ps_packet *p = &b->pkt[i];
	const uint8_t *frame = b->arena + b->off[i];
	unsigned k = b->nlent++; /* at most one per record */
	struct ps_packet *v = NULL; /* the copy of the frame's view, if made */
	if (p->frame_view) {
		/* the view, then its Community ID (the flow table's string changes) */
		if (!b->lent_view[k])
			b->lent_view[k] = malloc(sizeof *v + PS_FLOW_ID_LEN);
		v = b->lent_view[k];
		if (v) {
			*v = *p->frame_view;
			v->data = frame;
			if (v->flow.id)
				v->flow.id = copy_id((char *)(v + 1), v->flow.id);
		}
		p->frame_view = v;
	}
	if (p->data != frame) {
		uint32_t n = ps_packet_bytes(p);
		if (n > b->lent_cap[k]) {
			free(b->lent_bytes[k]);
			b->lent_bytes[k] = malloc(n);
			b->lent_cap[k] = b->lent_bytes[k] ? n : 0;
		}
		uint8_t *copy = b->lent_bytes[k];
		if (copy)
			memcpy(copy, p->data, n);
		else if (v) /* fall back to the frame's own view */
			*p = *v;
		p->data = copy ? copy : frame;
	}
}

void ps_workers_side(void *side, const void *data, size_t n)
{
	struct ps_wbatch *b = side;
	if (b->side_oom)
		return;
	if (n > b->side_cap - b->side_len) {
		size_t cap = b->side_cap ? b->side_cap : 4096;
		while (cap - b->side_len < n)
			cap *= 2;
		char *g = realloc(b->side, cap);
		if (!g) {
			b->side_oom = true;
			return;
		}
		b->side = g;
		b->side_cap = cap;
	}
	memcpy(b->side + b->side_len, data, n);
	b->side_len += n;
}

/* A side record for the sinks: this header, the key, the record. */
struct side_rec {
	uint32_t len;
	uint32_t klen;
};

void ps_workers_side_record(void *side, const char *key, const void *data, size_t n)
{
	struct side_rec h = {.len = (uint32_t)n, .klen = key ? (uint32_t)strlen(key) : 0};
	if (n > UINT32_MAX)
		h.len = 0; /* cannot happen (a flow record is a few hundred bytes): shipped as cut */
	ps_workers_side(side, &h, sizeof h);
	ps_workers_side(side, key ? key : "", h.klen);
	ps_workers_side(side, data, h.len);
}

/* Ship the side records in [from, to) (ps_workers_side_record's). */
static void ship_side(struct ps_wbatch *b, uint32_t from, uint32_t to, struct ps_ship *sh,
		      struct ps_out *out)
{
	while (to - from >= sizeof(struct side_rec)) {
		struct side_rec h;
		memcpy(&h, b->side + from, sizeof h); /* the buffer is bytes: no alignment */
		from += (uint32_t)sizeof h;
		if (h.klen > to - from || h.len > to - from - h.klen)
			break; /* cannot happen: written whole by one thread */
		char key[PS_FLOW_ID_LEN] = "";
		if (h.klen < sizeof key)
			memcpy(key, b->side + from, h.klen);
		ps_ship_record(sh, out, b->side + from + h.klen, h.len, key);
		from += h.klen + h.len;
	}
}

/* A grown side buffer goes back to its normal size between batches. */
static void side_reset(struct ps_wbatch *b)
{
	b->side_len = 0;
	b->side_oom = false;
	if (b->side_cap > PS_WBATCH_OUT) {
		free(b->side);
		b->side = NULL;
		b->side_cap = 0;
	}
}

bool ps_wbatch_track(struct ps_wbatch *b, struct ps_wtrack *t)
{
	bool ended = false;
	side_reset(b);
	for (unsigned i = 0; i < b->n; i++) {
		struct ps_packet *p = &b->pkt[i];
		if (t->count && t->counted >= t->count) {
			b->n = i; /* -c with -Y: the run ends before this record */
			return false;
		}
		int v = t->fn(t->ctx, p, b);
		b->side_end[i] = (uint32_t)b->side_len;
		if (v <= PS_WORKERS_END) { /* the run ends here; what it printed before stays */
			t->failed = v == PS_WORKERS_FAIL;
			ended = true;
			b->n = i + 1;
			v = PS_WORKERS_SKIP;
		}
		b->verdict[i] = (signed char)v;
		t->counted += v >= PS_WORKERS_KEEP;
		if (v == PS_WORKERS_SHOW) { /* -ttt/-ttttt count printed frames, as the renderer does */
			int64_t now = time_units(p);
			if (!t->have_first) {
				t->have_first = true;
				t->first = t->prev = now;
			}
			b->tref[i][0] = t->first;
			b->tref[i][1] = t->prev;
			t->prev = now;
		}
		/* The record leaves this thread: whatever the stage lent it must be
		 * copied into the batch (as the Community ID below).  A stage that
		 * repoints the frame bytes needs its copy here first. */
		if (p->data != b->arena + b->off[i] || p->frame_view)
			keep_lent(b, i);
		assert(p->data == b->arena + b->off[i] ||
		       (b->nlent && p->data == b->lent_bytes[b->nlent - 1]));
		if (p->flow.id) /* the flow's string changes when its slot is reused */
			p->flow.id = copy_id(b->ids[i], p->flow.id);
	}
	return !ended && !(t->count && t->counted >= t->count);
}

/* -ttt/-ttttt: the references the in-order stage saw for record i. */
static void time_refs(const struct ps_wbatch *b, unsigned i, struct ps_renderer *r)
{
	r->tc.have_first = true;
	r->tc.first = b->tref[i][0];
	r->tc.prev = b->tref[i][1];
}

static void render_one(struct ps_wbatch *b, unsigned i, struct ps_renderer *r,
		       const struct ps_dfields *fields)
{
	if (b->verdict[i] != PS_WORKERS_SHOW)
		return;
	if (fields) {
		ps_dfields_line(fields, &b->pkt[i], r->out);
		return;
	}
	time_refs(b, i, r);
	r->ops->packet(r, &b->pkt[i]);
}

/* A record that did not fit the batch's output: rendered by the ship (its
 * own buffer) as the one-worker run does. */
static void ship_one(struct ps_wbatch *b, unsigned i, struct ps_renderer *r, struct ps_ship *sh)
{
	time_refs(b, i, r);
	ps_ship_packet(sh, r, &b->pkt[i]);
}

void ps_wbatch_render(struct ps_wbatch *b, struct ps_renderer *r, const struct ps_dfields *fields)
{
	ps_out_reset(&b->out);
	r->out = &b->out;
	b->split = b->n;
	for (unsigned i = 0; i < b->n; i++) {
		size_t mark = b->out.len;
		render_one(b, i, r, fields);
		if (b->out.overflow) {
			b->out.len = mark;
			b->out.overflow = false;
			b->split = i;
			break;
		}
		b->rend[i] = (uint32_t)b->out.len;
	}
}

/* The rendered bytes [*from, to) of b to out, in one piece: a run of
 * records larger than out's buffer is written straight from the batch (one
 * write() instead of a copy per record). */
static void put_run(struct ps_wbatch *b, struct ps_out *out, uint32_t *from, uint32_t to)
{
	if (to > *from)
		ps_out_mem(out, b->out.buf + *from, to - *from);
	*from = to;
}

/* Each record's side output (flow records ended by it), then its own. */
void ps_wbatch_write(struct ps_wbatch *b, struct ps_renderer *r, const struct ps_dfields *fields,
		     struct ps_out *out, struct ps_ship *sh)
{
	uint32_t side = 0, rend = 0, run = 0; /* run: start of the rendered bytes not yet out */
	bool ship = ps_ship_sinks(sh);
	for (unsigned i = 0; i < b->n && !out->err; i++) {
		bool shown = b->verdict[i] == PS_WORKERS_SHOW;
		bool whole = i < b->split && !(ship && !fields && shown); /* joins the run */
		if (b->side_end[i] > side || !whole)
			put_run(b, out, &run, rend);
		if (b->side_end[i] > side && ship)
			ship_side(b, side, b->side_end[i], sh, out);
		else if (b->side_end[i] > side)
			ps_out_mem(out, b->side + side, b->side_end[i] - side);
		side = b->side_end[i];
		if (i < b->split && !whole)
			ps_ship_record(sh, out, b->out.buf + rend, b->rend[i] - rend, b->pkt[i].flow.id);
		else if (i >= b->split && ship && !fields && shown)
			ship_one(b, i, r, sh);
		else if (i >= b->split)
			render_one(b, i, r, fields);
		if (i < b->split)
			rend = b->rend[i];
		if (!whole)
			run = rend;
	}
	if (!out->err)
		put_run(b, out, &run, rend);
}
