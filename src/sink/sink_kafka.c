/* SPDX-License-Identifier: BSD-2-Clause */
/* sink_kafka.c - Kafka through librdkafka (the only file that includes it):
 * kafka://BROKER[,BROKER...]/TOPIC, one message per record, keyed by the
 * flow's Community ID when it has one (so a conversation stays on one
 * partition, in order), -X NAME=VALUE passed to librdkafka as given.
 *
 * librdkafka batches, compresses, retries and reconnects in its own threads
 * and keeps its own queue, which we bound (64 MiB unless -X says otherwise).
 * The writer thread (sink.c) hands it records without ever blocking on it:
 * when librdkafka's queue is full the record is refused and counted as
 * dropped.  A record counts as sent when its delivery report says so, and
 * as an error when the report says it failed or when it was still
 * unconfirmed at the end of the bounded final flush.  librdkafka's log and
 * error callbacks are served on the writer thread (log.queue) and only keep
 * the last message: nothing of librdkafka reaches stderr. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <syslog.h>

#include <librdkafka/rdkafka.h>

#include "sink_kafka_url.h"
#include "sink_ops.h"

#define PROBE_MS 1000   /* connect: a metadata request answered within this */
#define FULL_WAIT_MS 100 /* a full librdkafka queue: one wait for room, then refuse */
#define FLUSH_MS 2000   /* end of run: how long delivery reports are waited for */
#define QUEUE_KBYTES "65536" /* librdkafka's own bound (its default is 1 GiB) */

struct kafka_sink {
	struct ps_kafka_url url;
	rd_kafka_conf_t *conf;    /* the template, owned; each rd_kafka_new takes a copy */
	rd_kafka_t *rk;           /* NULL until the first connect */
	rd_kafka_topic_t *rkt;
	uint64_t ok, bad;         /* delivery reports not yet passed on by flush() */
	uint64_t handed, settled; /* since the start: accepted by librdkafka, reported */
	int full;                 /* refused for lack of room since the last flush() */
	int down;                 /* "all brokers down" since the last delivery */
	char err[256];            /* the last error librdkafka reported (no prefix) */
};

/* Delivery report: from rd_kafka_poll/flush, on the writer thread. */
static void on_delivery(rd_kafka_t *rk, const rd_kafka_message_t *m, void *opaque)
{
	(void)rk;
	struct kafka_sink *k = opaque;
	k->settled++;
	if (m->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
		k->ok++;
		k->down = 0;
		return;
	}
	k->bad++;
	if (m->err != RD_KAFKA_RESP_ERR__PURGE_QUEUE && m->err != RD_KAFKA_RESP_ERR__PURGE_INFLIGHT)
		snprintf(k->err, sizeof k->err, "%s",
			 rd_kafka_err2str(m->err)); /* k_drain says why it purged */
}

static void on_error(rd_kafka_t *rk, int err, const char *reason, void *opaque)
{
	(void)rk;
	struct kafka_sink *k = opaque;
	if (err == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN || err == RD_KAFKA_RESP_ERR__FATAL)
		k->down = 1;
	snprintf(k->err, sizeof k->err, "%s", reason);
}

/* With log.queue set, served by rd_kafka_poll on the writer thread. */
static void on_log(const rd_kafka_t *rk, int level, const char *fac, const char *buf)
{
	(void)fac;
	struct kafka_sink *k = rd_kafka_opaque(rk);
	if (k && level <= LOG_ERR)
		snprintf(k->err, sizeof k->err, "%s", buf);
}

static int set(rd_kafka_conf_t *conf, const char *name, const char *value, char *err,
	       size_t errlen)
{
	char why[256];
	if (rd_kafka_conf_set(conf, name, value, why, sizeof why) == RD_KAFKA_CONF_OK)
		return 0;
	snprintf(err, errlen, "-X %s=%s: %s", name, value, why);
	return -1;
}

/* Our defaults first, then each -X NAME=VALUE (so -X wins), the brokers last. */
static int configure(struct kafka_sink *k, const struct ps_sink_props *props, char *err,
		     size_t errlen)
{
	if (set(k->conf, "client.id", "pktscope", err, errlen) ||
	    set(k->conf, "queue.buffering.max.kbytes", QUEUE_KBYTES, err, errlen) ||
	    set(k->conf, "log.queue", "true", err, errlen))
		return -1;
	for (unsigned i = 0; i < props->n; i++) {
		char name[256];
		const char *eq = strchr(props->kv[i], '=');
		size_t n = eq ? (size_t)(eq - props->kv[i]) : 0;
		if (!n || n >= sizeof name) {
			snprintf(err, errlen, "-X %s: expected NAME=VALUE", props->kv[i]);
			return -1;
		}
		memcpy(name, props->kv[i], n);
		name[n] = '\0';
		if (!strcmp(name, "bootstrap.servers") || !strcmp(name, "metadata.broker.list")) {
			snprintf(err, errlen, "-X %s: the brokers are given in the kafka:// URL", name);
			return -1;
		}
		if (set(k->conf, name, eq + 1, err, errlen))
			return -1;
	}
	if (set(k->conf, "bootstrap.servers", k->url.brokers, err, errlen))
		return -1;
	rd_kafka_conf_set_opaque(k->conf, k);
	rd_kafka_conf_set_dr_msg_cb(k->conf, on_delivery);
	rd_kafka_conf_set_error_cb(k->conf, on_error);
	rd_kafka_conf_set_log_cb(k->conf, on_log);
	return 0;
}

static void k_close(void *priv)
{
	struct kafka_sink *k = priv;
	if (k->rkt)
		rd_kafka_topic_destroy(k->rkt);
	if (k->rk)
		rd_kafka_destroy(k->rk);
	if (k->conf)
		rd_kafka_conf_destroy(k->conf);
	free(k);
}

static int k_open(void **priv, const char *rest, const struct ps_sink_props *props, char *name,
		  size_t namelen, char *err, size_t errlen)
{
	struct kafka_sink *k = calloc(1, sizeof *k);
	if (!k || !(k->conf = rd_kafka_conf_new())) {
		free(k);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (ps_kafka_url_parse(rest, &k->url, name, namelen, err, errlen) ||
	    configure(k, props, err, errlen)) {
		k_close(k);
		return -1;
	}
	*priv = k;
	return 0;
}

/* The client is made once (librdkafka reconnects by itself); connecting is
 * a metadata round trip, so "connects" counts times the cluster answered. */
static int k_connect(void *priv, char *err, size_t errlen)
{
	struct kafka_sink *k = priv;
	char why[512];
	if (!k->rk) {
		rd_kafka_conf_t *c = rd_kafka_conf_dup(k->conf);
		k->rk = c ? rd_kafka_new(RD_KAFKA_PRODUCER, c, why, sizeof why) : NULL;
		if (!k->rk) {
			if (c)
				rd_kafka_conf_destroy(c);
			snprintf(err, errlen, "kafka %s: %s", k->url.brokers, c ? why : "out of memory");
			return -1;
		}
		rd_kafka_set_log_queue(k->rk, NULL); /* logs to the main queue: rd_kafka_poll */
	}
	if (!k->rkt && !(k->rkt = rd_kafka_topic_new(k->rk, k->url.topic, NULL))) {
		snprintf(err, errlen, "kafka %s: topic %s: %s", k->url.brokers, k->url.topic,
			 rd_kafka_err2str(rd_kafka_last_error()));
		return -1;
	}
	const struct rd_kafka_metadata *md = NULL;
	rd_kafka_resp_err_t e = rd_kafka_metadata(k->rk, 0, k->rkt, &md, PROBE_MS);
	rd_kafka_poll(k->rk, 0);
	if (md)
		rd_kafka_metadata_destroy(md);
	if (e) {
		snprintf(err, errlen, "kafka %s: %s", k->url.brokers, rd_kafka_err2str(e));
		return -1;
	}
	k->down = 0;
	return 0;
}

static int k_write(void *priv, const char *rec, size_t len, const char *key, size_t klen)
{
	struct kafka_sink *k = priv;
	for (int attempt = 0; attempt < 2; attempt++) {
		rd_kafka_resp_err_t e = rd_kafka_producev(
			k->rk, RD_KAFKA_V_RKT(k->rkt), RD_KAFKA_V_VALUE((void *)rec, len),
			RD_KAFKA_V_KEY(klen ? key : NULL, klen), RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
			RD_KAFKA_V_END);
		if (!e) {
			k->handed++;
			return 0;
		}
		if (e != RD_KAFKA_RESP_ERR__QUEUE_FULL) {
			snprintf(k->err, sizeof k->err, "%s", rd_kafka_err2str(e));
			return -1;
		}
		if (k->full)
			break; /* this batch already waited once */
		rd_kafka_poll(k->rk, FULL_WAIT_MS); /* delivery reports free room */
		k->full = 1;
	}
	return 1;
}

/* Pass on what the delivery reports said since the last call. */
static void settle(struct kafka_sink *k, uint64_t *sent, uint64_t *failed)
{
	*sent += k->ok;
	*failed += k->bad;
	k->ok = k->bad = 0;
}

static int k_flush(void *priv, uint64_t *sent, uint64_t *failed, char *err, size_t errlen)
{
	struct kafka_sink *k = priv;
	rd_kafka_poll(k->rk, 0);
	int lost = k->bad || k->down;
	settle(k, sent, failed);
	k->full = 0;
	if (lost)
		snprintf(err, errlen, "kafka %s: %s", k->url.brokers, k->err);
	if (!k->down)
		return 0;
	k->down = 0; /* the writer probes (connect) with back-off until the cluster answers */
	return -1;
}

static void k_drain(void *priv, uint64_t *sent, uint64_t *failed, char *err, size_t errlen)
{
	struct kafka_sink *k = priv;
	if (!k->rk)
		return;
	rd_kafka_flush(k->rk, FLUSH_MS);
	uint64_t left = k->handed - k->settled;
	if (left) { /* given up on: their reports say "purged", counted as errors */
		char last[sizeof k->err];
		snprintf(last, sizeof last, "%s", k->err);
		rd_kafka_purge(k->rk, RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
		rd_kafka_poll(k->rk, 0);
		snprintf(k->err, sizeof k->err, "%llu unconfirmed after %u ms%s%.180s",
			 (unsigned long long)left, FLUSH_MS, *last ? "; " : "", last);
	}
	settle(k, sent, failed);
	if (k->handed > k->settled) { /* a purged record whose report never came */
		*failed += k->handed - k->settled;
		k->settled = k->handed;
	}
	if (*failed)
		snprintf(err, errlen, "kafka %s: %s", k->url.brokers, k->err);
}

const struct ps_sink_ops ps_sink_kafka = {
	.scheme = "kafka",
	.open = k_open,
	.connect = k_connect,
	.write = k_write,
	.flush = k_flush,
	.drain = k_drain,
	.close = k_close,
	.poll_idle = 1,
};
