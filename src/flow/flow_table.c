/* SPDX-License-Identifier: BSD-2-Clause */
/* flow_table.c - the bounded conversation table as a container: creation
 * with its fixed memory, hash chains, the timeout-class lists, ending a
 * flow, expiry, eviction at the memory cap, the live idle tick.
 *
 * Memory is fixed at creation from --flow-mem: a slab of flow slots (only
 * the pages of slots actually used are ever touched), a bucket array of
 * slot indices and a small stream-memory cache (flow_memo.c).  Each timeout
 * class keeps its flows on a list in last-packet order, so expiry looks at
 * list tails only and eviction at the cap ends the least recently used
 * tail.  Per packet: flow_track.c; byte streams to the consumer:
 * flow_deliver.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flow_int.h"

static const char *const end_names[PS_END__COUNT] = {"fin", "rst", "timeout", "evicted",
						      "eof", "reused"};

const char *ps_flow_end_name(enum ps_flow_end e)
{
	return (unsigned)e < PS_END__COUNT ? end_names[e] : "?";
}

/* ---- timeout-class lists: head = most recent, tail = least recent ---- */
void ps_ft_list_unlink(struct ps_flow_table *t, uint32_t i)
{
	struct ps_flow *f = &t->slab[i];
	if (f->prev != NIL)
		t->slab[f->prev].next = f->next;
	else
		t->head[f->tclass] = f->next;
	if (f->next != NIL)
		t->slab[f->next].prev = f->prev;
	else
		t->tail[f->tclass] = f->prev;
}

void ps_ft_list_push(struct ps_flow_table *t, uint32_t i, unsigned c)
{
	struct ps_flow *f = &t->slab[i];
	f->tclass = (uint8_t)c;
	f->prev = NIL;
	f->next = t->head[c];
	if (f->next != NIL)
		t->slab[f->next].prev = i;
	else
		t->tail[c] = i;
	t->head[c] = i;
	int64_t due = ps_ft_due_at(f->touch_ns, (int64_t)t->cfg.timeout[c] * NS);
	if (due < t->expire_at)
		t->expire_at = due;
}


/* ---- hash ---- */
static void unhash(struct ps_flow_table *t, uint32_t i)
{
	const struct ps_flow *f = &t->slab[i];
	if (f->hprev == NIL)
		t->buckets[f->hash32 & t->bmask] = f->hnext;
	else
		t->slab[f->hprev].hnext = f->hnext;
	if (f->hnext != NIL)
		t->slab[f->hnext].hprev = f->hprev;
}

void ps_ft_end_flow(struct ps_flow_table *t, uint32_t i, enum ps_flow_end why)
{
	struct ps_flow *f = &t->slab[i];
	/* first: what the flush below delivers completes in no frame */
	ps_flow_app_end(&t->app, f);
	if (f->kind == PS_FK_TCP) /* what waited behind a hole is delivered now */
		for (unsigned d = 0; d < 2; d++) {
			t->gap_end = true;
			ps_ft_reasm_call(t, f, d, 0);
			t->gap_end = false;
			ps_tcp_stream_free(&f->re.rs[d]);
		}
	if (t->on_end)
		t->on_end(t->ctx, f, why);
	ps_ft_remember(t, f);
	unhash(t, i);
	ps_ft_list_unlink(t, i);
	f->in_use = false;
	f->hnext = t->free_head;
	t->free_head = i;
	t->st.ended[why]++;
	t->st.active--;
}

/* A closed TCP flow ends as fin or rst, whatever ends it. */
enum ps_flow_end ps_ft_closed_reason(const struct ps_flow *f, enum ps_flow_end other)
{
	if (f->tclass != PS_FT_TCP_CLOSED)
		return other;
	return strchr(f->hist, 'R') || strchr(f->hist, 'r') ? PS_END_RST : PS_END_FIN;
}

void ps_ft_expire(struct ps_flow_table *t)
{
	if (t->now_ns <= t->expire_at) /* the usual packet: nothing is due */
		return;
	t->expire_at = INT64_MAX;
	for (unsigned c = 0; c < PS_FT__COUNT; c++) {
		int64_t limit = (int64_t)t->cfg.timeout[c] * NS;
		while (t->tail[c] != NIL && t->now_ns - t->slab[t->tail[c]].touch_ns > limit) {
			uint32_t i = t->tail[c];
			ps_ft_end_flow(t, i, ps_ft_closed_reason(&t->slab[i], PS_END_TIMEOUT));
		}
		if (t->tail[c] != NIL) {
			int64_t due = ps_ft_due_at(t->slab[t->tail[c]].touch_ns, limit);
			if (due < t->expire_at)
				t->expire_at = due;
		}
	}
}

static void evict_lru(struct ps_flow_table *t)
{
	uint32_t victim = NIL;
	for (unsigned c = 0; c < PS_FT__COUNT; c++) {
		uint32_t i = t->tail[c];
		if (i != NIL && (victim == NIL || t->slab[i].touch_ns < t->slab[victim].touch_ns))
			victim = i;
	}
	if (victim != NIL)
		ps_ft_end_flow(t, victim, ps_ft_closed_reason(&t->slab[victim], PS_END_EVICTED));
}

uint32_t ps_ft_alloc_slot(struct ps_flow_table *t)
{
	if (t->free_head == NIL && t->hwm == t->max)
		evict_lru(t);
	if (t->free_head != NIL) {
		uint32_t i = t->free_head;
		t->free_head = t->slab[i].hnext;
		return i;
	}
	return t->hwm++;
}

unsigned ps_flow_tick(struct ps_flow_table *t, int64_t now_ns)
{
	uint64_t before = t->st.active;
	/* only forward, and only once a packet set the clock: packet time and
	 * the live capture's wall clock share the epoch */
	if (!t->clock_set || now_ns <= t->now_ns)
		return 0;
	t->now_ns = now_ns;
	t->jump_pending = false;
	ps_ft_expire(t);
	return (unsigned)(before - t->st.active);
}

void ps_flow_flush(struct ps_flow_table *t)
{
	for (unsigned c = 0; c < PS_FT__COUNT; c++)
		while (t->tail[c] != NIL) {
			uint32_t i = t->tail[c];
			ps_ft_end_flow(t, i, ps_ft_closed_reason(&t->slab[i], PS_END_EOF));
		}
}

void ps_flow_endpoints(const struct ps_flow *f, const uint8_t **src, uint16_t *sport,
		       const uint8_t **dst, uint16_t *dport)
{
	bool b = f->orig_is_b;
	*src = b ? f->key.b : f->key.a;
	*dst = b ? f->key.a : f->key.b;
	*sport = b ? f->key.pb : f->key.pa;
	*dport = b ? f->key.pa : f->key.pb;
}

const struct ps_flow_stats *ps_flow_stats(const struct ps_flow_table *t)
{
	return &t->st;
}

static uint32_t pow2_at_least(uint64_t n)
{
	uint32_t v = 1;
	while (v < n && v < (1u << 31))
		v <<= 1;
	return v;
}

uint64_t ps_flow_mem_per_flow(void)
{
	/* per flow: its slot, up to four bucket words (load factor at most 1/2
	 * keeps chains short: each link is a cache miss), and up to four
	 * sixteenths of a cache entry (one entry per 16 buckets) */
	return sizeof(struct ps_flow) + 4 * sizeof(uint32_t) + sizeof(struct ps_ft_memo) / 4;
}

struct ps_flow_table *ps_flow_table_new(const struct ps_flow_cfg *cfg, ps_flow_end_fn on_end,
					void *ctx, char *err, unsigned errlen)
{
	uint64_t per = ps_flow_mem_per_flow();
	uint64_t max = cfg->mem_bytes / per;
	if (max < 16) {
		snprintf(err, errlen, "flow memory cap too small (at least %llu bytes)",
			 (unsigned long long)(16 * per));
		return 0;
	}
	if (max > NIL - 1)
		max = NIL - 1;
	struct ps_flow_table *t = calloc(1, sizeof *t);
	if (!t)
		goto oom;
	t->cfg = *cfg;
	if (!t->cfg.stream_step)
		t->cfg.stream_step = 1;
	for (unsigned k = 0; k < PS_FK__COUNT; k++)
		t->next_stream[k] = t->cfg.stream_first;
	t->on_end = on_end;
	t->ctx = ctx;
	t->max = (uint32_t)max;
	t->st.max_flows = max;
	uint32_t nb = pow2_at_least(2 * max);
	t->bmask = nb - 1;
	t->cmask = nb / 16 ? nb / 16 - 1 : 0;
	/* calloc: pages of the slab are touched only as slots come into use */
	t->slab = calloc(max, sizeof *t->slab);
	t->buckets = malloc((size_t)nb * sizeof *t->buckets);
	t->memo = calloc((size_t)t->cmask + 1, sizeof *t->memo);
	if (!t->slab || !t->buckets || !t->memo)
		goto oom;
	memset(t->buckets, 0xff, (size_t)nb * sizeof *t->buckets);
	for (unsigned c = 0; c < PS_FT__COUNT; c++)
		t->head[c] = t->tail[c] = NIL;
	t->free_head = NIL;
	t->last = NIL;
	t->expire_at = INT64_MAX;
	ps_tcp_budget_init(&t->budget, cfg->reasm_mem);
	ps_flow_app_init(&t->app, 0, cfg->streams_off);
	return t;
oom:
	ps_flow_table_free(t);
	snprintf(err, errlen, "out of memory for the flow table");
	return 0;
}

void ps_flow_table_free(struct ps_flow_table *t)
{
	if (!t)
		return;
	for (uint32_t i = 0; t->slab && i < t->hwm; i++) /* buffered segments */
		if (t->slab[i].in_use && t->slab[i].kind == PS_FK_TCP)
		{
			for (unsigned d = 0; d < 2; d++)
				ps_tcp_stream_free(&t->slab[i].re.rs[d]);
			ps_flow_app_end(&t->app, &t->slab[i]);
		}
	ps_flow_app_free(&t->app);
	free(t->slab);
	free(t->buckets);
	free(t->memo);
	free(t);
}
