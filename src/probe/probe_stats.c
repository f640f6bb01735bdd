/* SPDX-License-Identifier: BSD-2-Clause */
/* Per-stream probe statistics (ps_probe_stats.h).  Loss follows RFC 3550
 * A.3: expected = highest - lowest + 1, lost = expected - received, so a
 * late packet first counted lost stops being lost when it arrives. */
#include "ps_probe_stats.h"

#include <stdlib.h>

int ps_probe_stats_init(struct ps_probe_stats *st, size_t max_streams)
{
	size_t isz = 4;

	while (isz < 2 * max_streams)
		isz <<= 1;
	*st = (struct ps_probe_stats){ 0 };
	st->streams = calloc(max_streams, sizeof *st->streams);
	st->index = calloc(isz, sizeof *st->index);
	if (!st->streams || !st->index) {
		ps_probe_stats_free(st);
		return -1;
	}
	st->cap = max_streams;
	st->index_mask = isz - 1;
	return 0;
}

void ps_probe_stats_free(struct ps_probe_stats *st)
{
	for (size_t i = 0; i < st->n; i++)
		free(st->streams[i]);
	free(st->streams);
	free(st->index);
	*st = (struct ps_probe_stats){ 0 };
}

/* The stream's slot, created on first sight; NULL when the table is full
 * (*full set) or memory ran out. */
static struct ps_probe_stream *stream_get(struct ps_probe_stats *st, uint32_t id, int *full)
{
	size_t h = (size_t)(id * 2654435761u) & st->index_mask;

	for (; st->index[h]; h = (h + 1) & st->index_mask)
		if (st->streams[st->index[h] - 1]->id == id)
			return st->streams[st->index[h] - 1];
	if (st->n == st->cap) {
		*full = 1;
		return NULL;
	}
	struct ps_probe_stream *s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->id = id;
	st->streams[st->n++] = s;
	st->index[h] = (uint32_t)st->n;
	return s;
}

static int seen_test_set(struct ps_probe_stream *s, uint64_t seq)
{
	uint64_t bit = 1ull << (seq % 64), *w = &s->seen[(seq % PS_PROBE_WINDOW) / 64];
	int was = (*w & bit) != 0;

	*w |= bit;
	return was;
}

static void seen_clear(struct ps_probe_stream *s, uint64_t seq)
{
	s->seen[(seq % PS_PROBE_WINDOW) / 64] &= ~(1ull << (seq % 64));
}

static size_t hist_bucket(uint64_t v)
{
	if (v < (1u << PS_PROBE_SUB_BITS))
		return (size_t)v;
	int e = 63 - __builtin_clzll(v); /* >= SUB_BITS */
	if (e >= PS_PROBE_MAX_EXP)
		return PS_PROBE_BUCKETS - 1;
	size_t sub = (size_t)(v >> (e - PS_PROBE_SUB_BITS)) & ((1u << PS_PROBE_SUB_BITS) - 1);
	return ((size_t)(e - PS_PROBE_SUB_BITS + 1) << PS_PROBE_SUB_BITS) + sub;
}

/* Upper edge of bucket b: the largest value it holds. */
static uint64_t hist_edge(size_t b)
{
	if (b < (1u << PS_PROBE_SUB_BITS))
		return b;
	size_t e = (b >> PS_PROBE_SUB_BITS) + PS_PROBE_SUB_BITS - 1, sub = b & ((1u << PS_PROBE_SUB_BITS) - 1);
	return ((((uint64_t)1 << PS_PROBE_SUB_BITS) + sub + 1) << (e - PS_PROBE_SUB_BITS)) - 1;
}

static void account_delay(struct ps_probe_stream *s, uint64_t send_ns, uint64_t recv_ns)
{
	int64_t d = (int64_t)(recv_ns - send_ns);

	if (s->received == 1 || d < s->delay_min)
		s->delay_min = d;
	if (s->received == 1 || d > s->delay_max)
		s->delay_max = d;
	s->delay_sum_ns += (double)d;
	if (d < 0)
		s->negative_delays++;
	s->hist[hist_bucket(d < 0 ? 0 : (uint64_t)d)]++;
	/* RFC 3550 6.4.1: J += (|D(i-1,i)| - J) / 16, D the change in transit. */
	if (s->received > 1) {
		int64_t dd = d - s->last_transit;
		s->jitter_ns += ((double)(dd < 0 ? -dd : dd) - s->jitter_ns) / 16.0;
	}
	s->last_transit = d;
}

enum ps_probe_kind ps_probe_stats_add(struct ps_probe_stats *st, uint32_t stream,
                                      uint64_t seq, uint64_t send_ns, uint64_t recv_ns)
{
	int full = 0;
	enum ps_probe_kind k = PS_PROBE_IN_ORDER;
	struct ps_probe_stream *s = stream_get(st, stream, &full);

	if (!s) {
		st->packets_untracked++;
		return full ? PS_PROBE_UNTRACKED : PS_PROBE_NOMEM;
	}
	if (seq == UINT64_MAX) {
		s->too_old++; /* next_seq would wrap to 0: the one number we cannot place */
		return PS_PROBE_TOO_OLD;
	}
	if (s->received + s->duplicates + s->too_old == 0) {
		s->first_seq = seq;
		s->next_seq = seq;
		s->first_ns = recv_ns;
	}
	if (seq >= s->next_seq) {
		/* Forget the sequence numbers the window slides past. */
		uint64_t gap = seq + 1 - s->next_seq;
		for (uint64_t i = 0; i < gap && i < PS_PROBE_WINDOW; i++)
			seen_clear(s, s->next_seq + i);
		s->next_seq = seq + 1;
	} else if (s->next_seq - seq > PS_PROBE_WINDOW) {
		s->too_old++;
		return PS_PROBE_TOO_OLD;
	} else {
		k = PS_PROBE_REORDERED;
	}
	if (seen_test_set(s, seq)) {
		s->duplicates++;
		return PS_PROBE_DUPLICATE;
	}
	if (seq < s->first_seq)
		s->first_seq = seq;
	s->reordered += k == PS_PROBE_REORDERED;
	s->received++;
	account_delay(s, send_ns, recv_ns);
	return k;
}

/* Both engines saw stream d: s's figures into d's (ps_probe_stats_merge). */
static void combine(struct ps_probe_stream *d, const struct ps_probe_stream *s)
{
	if (s->received && (!d->received || s->delay_min < d->delay_min))
		d->delay_min = s->delay_min;
	if (s->received && (!d->received || s->delay_max > d->delay_max))
		d->delay_max = s->delay_max;
	if (d->received + s->received)
		d->jitter_ns = (d->jitter_ns * (double)d->received + s->jitter_ns * (double)s->received) /
			       (double)(d->received + s->received);
	if (s->first_seq < d->first_seq)
		d->first_seq = s->first_seq;
	if (s->next_seq > d->next_seq)
		d->next_seq = s->next_seq;
	if (s->first_ns < d->first_ns)
		d->first_ns = s->first_ns;
	d->received += s->received;
	d->duplicates += s->duplicates;
	d->reordered += s->reordered;
	d->too_old += s->too_old;
	d->delay_sum_ns += s->delay_sum_ns;
	d->negative_delays += s->negative_delays;
	for (size_t b = 0; b < PS_PROBE_BUCKETS; b++)
		d->hist[b] += s->hist[b];
	for (size_t w = 0; w < PS_PROBE_WINDOW / 64; w++)
		d->seen[w] |= s->seen[w];
	d->merged += 1 + s->merged;
}

/* Streams in order of first sight (insertion sort: at most the cap), then
 * the index rebuilt for their new slots. */
static void reorder(struct ps_probe_stats *st)
{
	for (size_t i = 1; i < st->n; i++) {
		struct ps_probe_stream *s = st->streams[i];
		size_t j = i;
		for (; j > 0 && st->streams[j - 1]->first_ns > s->first_ns; j--)
			st->streams[j] = st->streams[j - 1];
		st->streams[j] = s;
	}
	for (size_t h = 0; h <= st->index_mask; h++)
		st->index[h] = 0;
	for (size_t i = 0; i < st->n; i++) {
		size_t h = (size_t)(st->streams[i]->id * 2654435761u) & st->index_mask;
		while (st->index[h])
			h = (h + 1) & st->index_mask;
		st->index[h] = (uint32_t)(i + 1);
	}
}

int ps_probe_stats_merge(struct ps_probe_stats *dst, const struct ps_probe_stats *src)
{
	int rc = 0;
	dst->packets_untracked += src->packets_untracked;
	for (size_t i = 0; i < src->n; i++) {
		const struct ps_probe_stream *s = src->streams[i];
		size_t before = dst->n;
		int full = 0;
		struct ps_probe_stream *d = stream_get(dst, s->id, &full);
		if (!d) {
			dst->packets_untracked += s->received + s->duplicates + s->too_old;
			rc = full ? rc : -1;
		} else if (dst->n > before || d->received + d->duplicates + d->too_old == 0) {
			*d = *s; /* new to dst: copied whole */
		} else {
			combine(d, s);
		}
	}
	reorder(dst);
	return rc;
}

static uint64_t hist_pct(const struct ps_probe_stream *s, double p)
{
	uint64_t want = (uint64_t)(p / 100.0 * (double)s->received + 0.999999), acc = 0;

	if (want == 0)
		want = 1;
	for (size_t b = 0; b < PS_PROBE_BUCKETS; b++) {
		acc += s->hist[b];
		if (acc >= want) {
			uint64_t e = hist_edge(b), mx = s->delay_max < 0 ? 0 : (uint64_t)s->delay_max;
			return e < mx ? e : mx;
		}
	}
	return 0;
}

void ps_probe_summarise(const struct ps_probe_stream *s, struct ps_probe_summary *o)
{
	*o = (struct ps_probe_summary){ 0 };
	o->received = s->received;
	o->duplicates = s->duplicates;
	o->reordered = s->reordered;
	o->too_old = s->too_old;
	if (!s->received)
		return;
	o->expected = s->next_seq - s->first_seq;
	o->lost = o->expected > s->received ? o->expected - s->received : 0;
	o->delay_min_ns = s->delay_min;
	o->delay_max_ns = s->delay_max;
	o->delay_avg_ns = (int64_t)(s->delay_sum_ns / (double)s->received);
	o->p50_ns = hist_pct(s, 50);
	o->p90_ns = hist_pct(s, 90);
	o->p99_ns = hist_pct(s, 99);
	o->jitter_ns = s->jitter_ns;
}
