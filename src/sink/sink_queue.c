/* SPDX-License-Identifier: BSD-2-Clause */
/* sink_queue.c - the bounded record queue (sink_queue.h): a byte ring of
 * [4-byte record length][1-byte key length][key][record] entries under one
 * mutex. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "sink_queue.h"

#define HDR 5u /* the length prefix of each entry: record (4 bytes), key (1) */

int ps_sink_queue_init(struct ps_sink_queue *q, size_t cap_bytes, size_t max_records)
{
	memset(q, 0, sizeof *q);
	q->ring = malloc(cap_bytes);
	if (!q->ring)
		return -1;
	q->cap = cap_bytes;
	q->max_records = max_records;
	pthread_mutex_init(&q->mu, NULL);
	/* the writer's timed waits must not jump with the wall clock */
	pthread_condattr_t ca;
	pthread_condattr_init(&ca);
	pthread_condattr_setclock(&ca, CLOCK_MONOTONIC);
	pthread_cond_init(&q->cv, &ca);
	pthread_cond_init(&q->stop_cv, &ca);
	pthread_cond_init(&q->space_cv, &ca);
	q->healthy = true;
	pthread_condattr_destroy(&ca);
	return 0;
}

void ps_sink_queue_destroy(struct ps_sink_queue *q)
{
	if (!q->ring)
		return;
	pthread_cond_destroy(&q->cv);
	pthread_cond_destroy(&q->stop_cv);
	pthread_cond_destroy(&q->space_cv);
	pthread_mutex_destroy(&q->mu);
	free(q->ring);
	q->ring = NULL;
}

/* Copy n bytes in at byte position pos, wrapping at the end of the ring. */
static void ring_put(struct ps_sink_queue *q, uint64_t pos, const void *src, size_t n)
{
	size_t at = (size_t)(pos % q->cap), first = q->cap - at < n ? q->cap - at : n;
	memcpy(q->ring + at, src, first);
	memcpy(q->ring, (const char *)src + first, n - first);
}

static void ring_get(const struct ps_sink_queue *q, uint64_t pos, void *dst, size_t n)
{
	size_t at = (size_t)(pos % q->cap), first = q->cap - at < n ? q->cap - at : n;
	memcpy(dst, q->ring + at, first);
	memcpy((char *)dst + first, q->ring, n - first);
}

int ps_sink_queue_push(struct ps_sink_queue *q, const void *rec, size_t len)
{
	return ps_sink_queue_push_keyed(q, NULL, 0, rec, len);
}

int ps_sink_queue_push_keyed(struct ps_sink_queue *q, const void *key, size_t klen, const void *rec,
			     size_t len)
{
	int ok = 0;
	pthread_mutex_lock(&q->mu);
	size_t need = HDR + klen + len;
	bool fits_ever = klen <= PS_SINK_KEY_MAX && len <= UINT32_MAX - HDR - PS_SINK_KEY_MAX &&
			 need <= q->cap;
	while (q->block && q->healthy && !q->closed && fits_ever &&
	       (need > q->cap - (size_t)(q->tail - q->head) || q->count >= q->max_records))
		pthread_cond_wait(&q->space_cv, &q->mu);
	size_t room = q->cap - (size_t)(q->tail - q->head);
	if (!q->closed && fits_ever && need <= room && q->count < q->max_records) {
		uint32_t n32 = (uint32_t)len;
		uint8_t k8 = (uint8_t)klen;
		ring_put(q, q->tail, &n32, 4);
		ring_put(q, q->tail + 4, &k8, 1);
		if (klen) /* memcpy from NULL is undefined even for 0 bytes */
			ring_put(q, q->tail + HDR, key, klen);
		ring_put(q, q->tail + HDR + klen, rec, len);
		q->tail += need;
		q->count++;
		q->queued++;
		ok = 1;
		pthread_cond_signal(&q->cv);
	} else {
		q->dropped++; /* drop-newest: the queued records keep their order */
	}
	pthread_mutex_unlock(&q->mu);
	return ok;
}

void ps_sink_queue_healthy(struct ps_sink_queue *q, bool healthy)
{
	pthread_mutex_lock(&q->mu);
	q->healthy = healthy;
	pthread_cond_broadcast(&q->space_cv);
	pthread_mutex_unlock(&q->mu);
}

void ps_sink_queue_drop(struct ps_sink_queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->dropped++;
	pthread_mutex_unlock(&q->mu);
}

/* An absolute CLOCK_MONOTONIC time ms from now. */
static struct timespec deadline_in(unsigned ms)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	ts.tv_sec += ms / 1000;
	ts.tv_nsec += (long)(ms % 1000) * 1000000L;
	if (ts.tv_nsec >= 1000000000L) {
		ts.tv_sec++;
		ts.tv_nsec -= 1000000000L;
	}
	return ts;
}

/* Move whole records (key, then record) into b while they fit; the lock is
 * held. */
static int take(struct ps_sink_queue *q, struct ps_sink_batch *b)
{
	while (q->count && b->n < b->max) {
		uint32_t n32;
		uint8_t k8;
		ring_get(q, q->head, &n32, 4);
		ring_get(q, q->head + 4, &k8, 1);
		size_t need = (size_t)k8 + n32;
		if (need > b->cap - b->used) {
			if (b->n)
				break; /* the next batch takes it */
			q->head += HDR + need; /* larger than any batch: never deliverable */
			q->count--;
			q->dropped++;
			continue;
		}
		ring_get(q, q->head + HDR, b->buf + b->used, need);
		b->klen[b->n] = k8;
		b->off[b->n] = b->used + k8;
		b->len[b->n] = n32;
		b->used += need;
		b->n++;
		q->head += HDR + need;
		q->count--;
	}
	pthread_cond_broadcast(&q->space_cv);
	return (int)b->n;
}

int ps_sink_queue_pop(struct ps_sink_queue *q, struct ps_sink_batch *b, unsigned timeout_ms)
{
	b->n = 0;
	b->used = 0;
	pthread_mutex_lock(&q->mu);
	if (!q->count && !q->closed) {
		struct timespec until = deadline_in(timeout_ms);
		while (!q->count && !q->closed)
			if (pthread_cond_timedwait(&q->cv, &q->mu, &until) == ETIMEDOUT)
				break;
	}
	int rc = q->count ? take(q, b) : q->closed ? -1 : 0;
	pthread_mutex_unlock(&q->mu);
	return rc;
}

void ps_sink_queue_close(struct ps_sink_queue *q)
{
	pthread_mutex_lock(&q->mu);
	q->closed = true;
	pthread_cond_broadcast(&q->cv);
	pthread_cond_broadcast(&q->stop_cv);
	pthread_mutex_unlock(&q->mu);
}

uint64_t ps_sink_queue_abandon(struct ps_sink_queue *q)
{
	pthread_mutex_lock(&q->mu);
	uint64_t n = q->count;
	q->dropped += n;
	q->count = 0;
	q->head = q->tail;
	q->closed = true;
	pthread_cond_broadcast(&q->cv);
	pthread_cond_broadcast(&q->stop_cv);
	pthread_cond_broadcast(&q->space_cv);
	pthread_mutex_unlock(&q->mu);
	return n;
}

void ps_sink_queue_nap(struct ps_sink_queue *q, unsigned ms)
{
	struct timespec until = deadline_in(ms);
	pthread_mutex_lock(&q->mu);
	while (!(q->closed && !q->count))
		if (pthread_cond_timedwait(&q->stop_cv, &q->mu, &until) == ETIMEDOUT)
			break;
	pthread_mutex_unlock(&q->mu);
}

bool ps_sink_queue_finished(struct ps_sink_queue *q)
{
	pthread_mutex_lock(&q->mu);
	bool done = q->closed && !q->count;
	pthread_mutex_unlock(&q->mu);
	return done;
}

size_t ps_sink_queue_pending(struct ps_sink_queue *q)
{
	pthread_mutex_lock(&q->mu);
	size_t n = q->count;
	pthread_mutex_unlock(&q->mu);
	return n;
}

int ps_sink_batch_init(struct ps_sink_batch *b, size_t cap, size_t max)
{
	memset(b, 0, sizeof *b);
	b->buf = malloc(cap);
	b->off = calloc(max, sizeof *b->off);
	b->len = calloc(max, sizeof *b->len);
	b->klen = calloc(max, sizeof *b->klen);
	if (!b->buf || !b->off || !b->len || !b->klen) {
		ps_sink_batch_free(b);
		return -1;
	}
	b->cap = cap;
	b->max = max;
	return 0;
}

void ps_sink_batch_free(struct ps_sink_batch *b)
{
	free(b->buf);
	free(b->off);
	free(b->len);
	free(b->klen);
	memset(b, 0, sizeof *b);
}
