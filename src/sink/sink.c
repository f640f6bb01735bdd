/* SPDX-License-Identifier: BSD-2-Clause */
/* sink.c - a sink: a backend (sink_ops.h) chosen by URL scheme, fed by a
 * bounded queue (sink_queue.h) through one writer thread.
 *
 * The capture thread only pushes into the queue.  The writer connects,
 * pops batches, hands them to the backend and counts what was acknowledged
 * (sent) and what failed (errors); while the backend is down it backs off
 * and the queue fills, so what no longer fits is dropped at the push and
 * counted there.  At the end the writer gets a bounded time to drain. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ps_sink.h"
#include "sink_ops.h"
#include "sink_queue.h"

#define QUEUE_BYTES (16u << 20)   /* the memory bound of one sink's queue */
#define QUEUE_RECORDS 65536u      /* and its record bound */
#define BATCH_RECORDS 512u        /* records per backend round trip */
#define BACKOFF_MIN_MS 50u        /* reconnect back-off: doubles up to the max */
#define BACKOFF_MAX_MS 2000u
#define POP_WAIT_MS 100u

static const struct ps_sink_ops *const backends[] = {
	&ps_sink_redis,
	&ps_sink_file,
#ifdef PS_WITH_KAFKA
	&ps_sink_kafka,
#endif
};

struct ps_sink {
	const struct ps_sink_ops *ops;
	void *priv; /* the backend's, freed by ops->close */
	struct ps_sink_queue q;
	struct ps_sink_batch batch; /* the writer's */
	pthread_t thread;
	atomic_bool done;              /* the writer has returned */
	bool ready;                    /* connected at open (connect_at_open) */
	_Atomic uint64_t sent, errors, connects;
	char name[256];
	char last_err[256]; /* the writer's; read only after the join */
};

/* The backend for url and the rest after "scheme:" (NULL: none). */
static const struct ps_sink_ops *find(const char *url, const char **rest)
{
	for (size_t i = 0; i < sizeof backends / sizeof backends[0]; i++) {
		size_t n = strlen(backends[i]->scheme);
		if (strncmp(url, backends[i]->scheme, n) == 0 && url[n] == ':') {
			*rest = url + n + 1;
			return backends[i];
		}
	}
	return NULL;
}

int ps_sink_is_kafka(const char *url)
{
	return strncmp(url, "kafka:", 6) == 0;
}

/* url for a message: "SCHEME:..." when it may hold credentials (an '@'). */
static const char *shown(const char *url, char *buf, size_t len)
{
	if (!strchr(url, '@'))
		return url;
	snprintf(buf, len, "%.*s...", (int)strcspn(url, ":/@"), url);
	return buf;
}

int ps_sink_secret(const char *url, size_t *off, size_t *len)
{
	const char *s = strstr(url, "://");
	if (!s || (size_t)(s - url) != strcspn(url, ":"))
		return 0;
	s += 3;
	const char *end = s + strcspn(s, "/?"), *at = NULL;
	for (const char *p = s; p < end; p++)
		if (*p == '@')
			at = p;
	if (!at)
		return 0;
	const char *colon = memchr(s, ':', (size_t)(at - s));
	const char *pw = colon ? colon + 1 : s;
	*off = (size_t)(pw - url);
	*len = (size_t)(at - pw);
	return *len > 0;
}

int ps_sink_check(const char *url, const struct ps_sink_props *props, char *err, size_t errlen)
{
	static const struct ps_sink_props none = {.n = 0};
	const char *rest;
	const struct ps_sink_ops *ops = find(url, &rest);
	char name[256], buf[64];
	void *priv;
	if (!ops && ps_sink_is_kafka(url)) {
		snprintf(err, errlen, "--output %s: this pktscope was built without Kafka "
			 "(configure --without-kafka)", shown(url, buf, sizeof buf));
		return -1;
	}
	if (!ops && strncmp(url, "rediss:", 7) == 0) {
		snprintf(err, errlen, "--output rediss://...: Redis over TLS is not supported "
			 "(this hiredis has no TLS): use redis:// on a trusted network or a tunnel");
		return -1;
	}
	if (!ops) {
		snprintf(err, errlen, "--output %s: expected redis://HOST[:PORT]/KEY, "
			 "kafka://BROKER[,BROKER...]/TOPIC or file:PATH", shown(url, buf, sizeof buf));
		return -1;
	}
	if (ops->open(&priv, rest, props ? props : &none, name, sizeof name, err, errlen))
		return -1;
	ops->close(priv);
	return 0;
}

/* Hand one batch to the backend; false when the connection was lost. */
static bool deliver(struct ps_sink *s)
{
	uint64_t sent = 0, failed = 0, refused = 0;
	for (size_t i = 0; i < s->batch.n; i++) {
		const char *rec = s->batch.buf + s->batch.off[i];
		int w = s->ops->write(s->priv, rec, s->batch.len[i], rec - s->batch.klen[i],
				      s->batch.klen[i]);
		if (w > 0) {
			refused++;
			ps_sink_queue_drop(&s->q);
		} else if (w < 0) {
			failed++;
		}
	}
	int rc = s->ops->flush(s->priv, &sent, &failed, s->last_err, sizeof s->last_err);
	atomic_fetch_add(&s->sent, sent);
	atomic_fetch_add(&s->errors, failed);
	ps_sink_queue_healthy(&s->q, rc == 0 && !failed && !refused);
	return rc == 0;
}

static void *writer_main(void *arg)
{
	struct ps_sink *s = arg;
	unsigned backoff = BACKOFF_MIN_MS;
	bool ready = s->ready;
	for (;;) {
		if (!ready && s->ops->connect &&
		    s->ops->connect(s->priv, s->last_err, sizeof s->last_err)) {
			ps_sink_queue_healthy(&s->q, false);
			if (ps_sink_queue_finished(&s->q))
				break;
			ps_sink_queue_nap(&s->q, backoff);
			backoff = backoff * 2 > BACKOFF_MAX_MS ? BACKOFF_MAX_MS : backoff * 2;
			continue;
		}
		if (!ready) {
			ready = true;
			backoff = BACKOFF_MIN_MS;
			atomic_fetch_add(&s->connects, 1);
		}
		int n = ps_sink_queue_pop(&s->q, &s->batch, POP_WAIT_MS);
		if (n < 0)
			break;
		if ((n > 0 || s->ops->poll_idle) && !deliver(s))
			ready = false;
	}
	if (s->ops->drain) {
		uint64_t sent = 0, failed = 0;
		s->ops->drain(s->priv, &sent, &failed, s->last_err, sizeof s->last_err);
		atomic_fetch_add(&s->sent, sent);
		atomic_fetch_add(&s->errors, failed);
	}
	atomic_store(&s->done, true);
	return NULL;
}

static void free_sink(struct ps_sink *s)
{
	if (s->priv)
		s->ops->close(s->priv);
	ps_sink_batch_free(&s->batch);
	ps_sink_queue_destroy(&s->q);
	free(s);
}

struct ps_sink *ps_sink_open(const char *url, const struct ps_sink_props *props, bool wait_for_room,
			     char *err, size_t errlen)
{
	static const struct ps_sink_props none = {.n = 0};
	const char *rest;
	const struct ps_sink_ops *ops = find(url, &rest);
	if (!ops) {
		ps_sink_check(url, props, err, errlen); /* the same message */
		return NULL;
	}
	struct ps_sink *s = calloc(1, sizeof *s);
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->ops = ops;
	if (ops->open(&s->priv, rest, props ? props : &none, s->name, sizeof s->name, err, errlen)) {
		s->priv = NULL;
		free_sink(s);
		return NULL;
	}
	/* a batch holds at least one record of the largest size */
	if (ps_sink_queue_init(&s->q, QUEUE_BYTES, QUEUE_RECORDS) ||
	    ps_sink_batch_init(&s->batch, PS_SINK_RECORD_MAX + PS_SINK_KEY_MAX, BATCH_RECORDS)) {
		snprintf(err, errlen, "out of memory");
		free_sink(s);
		return NULL;
	}
	s->q.block = wait_for_room;
	if (ops->connect_at_open) {
		int c = ops->connect(s->priv, s->last_err, sizeof s->last_err);
		if (c == -2) {
			snprintf(err, errlen, "output %s: %s", s->name, s->last_err);
			free_sink(s);
			return NULL;
		}
		s->ready = c == 0;
		if (s->ready)
			atomic_fetch_add(&s->connects, 1);
	}
	if (pthread_create(&s->thread, NULL, writer_main, s)) {
		snprintf(err, errlen, "%s: cannot start the writer thread", s->name);
		free_sink(s);
		return NULL;
	}
	return s;
}

void ps_sink_offer(struct ps_sink *s, const char *rec, size_t len)
{
	ps_sink_offer_keyed(s, NULL, 0, rec, len);
}

void ps_sink_offer_keyed(struct ps_sink *s, const char *key, size_t klen, const char *rec,
			 size_t len)
{
	if (len > PS_SINK_RECORD_MAX || klen > PS_SINK_KEY_MAX)
		ps_sink_queue_drop(&s->q);
	else
		ps_sink_queue_push_keyed(&s->q, key, klen, rec, len);
}

void ps_sink_drop(struct ps_sink *s)
{
	ps_sink_queue_drop(&s->q);
}

void ps_sink_stats(struct ps_sink *s, struct ps_sink_stats *st)
{
	pthread_mutex_lock(&s->q.mu);
	st->queued = s->q.queued;
	st->dropped = s->q.dropped;
	st->pending = s->q.count;
	pthread_mutex_unlock(&s->q.mu);
	st->sent = atomic_load(&s->sent);
	st->errors = atomic_load(&s->errors);
	st->connects = atomic_load(&s->connects);
}

const char *ps_sink_name(const struct ps_sink *s)
{
	return s->name;
}

void ps_sink_close(struct ps_sink *s, unsigned drain_ms, struct ps_sink_stats *final,
		   char *last_err, size_t errlen)
{
	ps_sink_queue_close(&s->q);
	struct timespec nap = {0, 10 * 1000000L};
	for (unsigned waited = 0; !atomic_load(&s->done) && waited < drain_ms; waited += 10)
		nanosleep(&nap, NULL);
	ps_sink_queue_abandon(&s->q); /* what is left now was never handed over */
	pthread_join(s->thread, NULL); /* bounded by the backend's I/O timeout */
	ps_sink_stats(s, final);
	snprintf(last_err, errlen, "%s", s->last_err);
	free_sink(s);
}
