/* SPDX-License-Identifier: BSD-2-Clause */
/* sink_queue.h - the bounded record queue between the capture thread and a
 * sink's writer thread.
 *
 * Records are copied into one byte ring allocated at init: no allocation per
 * record, and the memory bound is the ring (bytes) and max_records.  A push
 * that does not fit is refused and counted (drop-newest: what is already
 * queued is older and keeps its order), so the capture thread never waits
 * for a sink; it only takes the mutex for one memcpy.
 */
#ifndef PS_SINK_QUEUE_H
#define PS_SINK_QUEUE_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct ps_sink_queue {
	pthread_mutex_t mu;
	pthread_cond_t cv;   /* signalled on push, close and abandon */
	pthread_cond_t stop_cv; /* close and abandon only: wakes a napping writer */
	char *ring;          /* owned: cap bytes */
	size_t cap;
	uint64_t head, tail; /* byte positions; tail - head bytes are in use */
	size_t count, max_records;
	pthread_cond_t space_cv; /* records taken, or the sink's health changed */
	bool closed;         /* no more pushes: pop drains then returns -1 */
	bool block;          /* reading a file: a full queue waits for room... */
	bool healthy;        /* ...while the sink delivers; dropping otherwise */
	uint64_t queued;     /* pushes accepted */
	uint64_t dropped;    /* pushes refused + records abandoned */
};

/* A record may carry a key (Kafka's message key: the flow's Community ID)
 * of at most this many bytes. */
#define PS_SINK_KEY_MAX 255u

/* A batch the writer pops into: whole records, copied out of the ring so the
 * lock is not held while the sink works.  buf (cap bytes) and the off/len/klen
 * arrays (max entries) are owned by the batch.  Record i is len[i] bytes at
 * buf + off[i]; its key, klen[i] bytes (0: none), just before it. */
struct ps_sink_batch {
	char *buf;
	size_t cap, used;
	size_t *off, *len, *klen;
	size_t n, max;
};

/* 0 ok, -1 out of memory.  cap_bytes bounds the ring (each record costs its
 * length, its key's and 5 bytes). */
int ps_sink_queue_init(struct ps_sink_queue *q, size_t cap_bytes, size_t max_records);
void ps_sink_queue_destroy(struct ps_sink_queue *q);

/* Capture side: 1 queued, 0 refused and counted as dropped (queue full, record
 * larger than the ring, or queue closed).  With q->block set (a file is read:
 * nothing is lost by waiting) a full queue waits for room as long as the
 * writer reports the sink healthy; live capture never waits. */
int ps_sink_queue_push(struct ps_sink_queue *q, const void *rec, size_t len);
/* The same with a key (klen <= PS_SINK_KEY_MAX, else refused and counted). */
int ps_sink_queue_push_keyed(struct ps_sink_queue *q, const void *key, size_t klen, const void *rec,
			     size_t len);

/* The writer's view of the sink: delivering (true) or down/failing (false,
 * a blocked push then drops).  Starts true. */
void ps_sink_queue_healthy(struct ps_sink_queue *q, bool healthy);

/* Count one record as dropped without offering it (one that could not be
 * rendered whole). */
void ps_sink_queue_drop(struct ps_sink_queue *q);

/* Writer side: wait up to timeout_ms for records, then move as many whole
 * records as fit into b (emptied first), oldest first.  Returns the number
 * moved, 0 on timeout, -1 once the queue is closed and empty. */
int ps_sink_queue_pop(struct ps_sink_queue *q, struct ps_sink_batch *b, unsigned timeout_ms);

/* No more pushes; the writer drains what is queued. */
void ps_sink_queue_close(struct ps_sink_queue *q);

/* Give up on what is still queued: it is counted as dropped and the queue
 * is emptied and closed.  Returns how many records that was. */
uint64_t ps_sink_queue_abandon(struct ps_sink_queue *q);

/* Sleep up to ms unless the queue is closed and empty or abandoned meanwhile
 * (the writer's back-off: a stop is never delayed by it). */
void ps_sink_queue_nap(struct ps_sink_queue *q, unsigned ms);

/* True once the queue is closed and empty: the writer has nothing left. */
bool ps_sink_queue_finished(struct ps_sink_queue *q);

/* Records queued now. */
size_t ps_sink_queue_pending(struct ps_sink_queue *q);

/* 0 ok, -1 out of memory: room for max records, cap bytes in all. */
int ps_sink_batch_init(struct ps_sink_batch *b, size_t cap, size_t max);
void ps_sink_batch_free(struct ps_sink_batch *b);

#endif
