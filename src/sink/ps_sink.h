/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_sink.h - record sinks (--output URL): each sink is a backend (ops in
 * sink_ops.h) behind a bounded queue and its own writer thread, so a slow
 * or dead sink never blocks capture.  What cannot be queued is dropped and
 * counted; what the backend fails to deliver is counted as an error.
 *
 * Every record offered ends up in exactly one counter once the sink is
 * closed: offered = sent + dropped + errors (docs/sinks.md). */
#ifndef PS_SINK_H
#define PS_SINK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A record is at most this long (a longer one is dropped and counted). */
#define PS_SINK_RECORD_MAX (1u << 20)

struct ps_sink;

/* Backend settings from the command line: -X NAME=VALUE, passed as given to
 * librdkafka by the kafka sink (the others take none).  Borrowed. */
#define PS_SINK_MAX_PROPS 32
struct ps_sink_props {
	const char *kv[PS_SINK_MAX_PROPS]; /* "NAME=VALUE" */
	unsigned n;
};

struct ps_sink_stats {
	uint64_t queued;   /* accepted into the queue */
	uint64_t sent;     /* acknowledged by the backend */
	uint64_t dropped;  /* never handed to the backend: queue full, record too large,
			      refused by the backend's own full queue (kafka), or still
			      queued when the end-of-run drain time ran out */
	uint64_t errors;   /* handed to the backend, delivery failed or unconfirmed */
	uint64_t pending;  /* in the queue now */
	uint64_t connects; /* connections made (more than 1: reconnections) */
};

/* 0 when url names a backend and parses, and the backend takes props
 * (NULL: none; nothing is opened); -1 with the reason in err.  For option
 * checking. */
int ps_sink_check(const char *url, const struct ps_sink_props *props, char *err, size_t errlen);

/* 1 when url ("SCHEME://[USER:]PASSWORD@HOST...") holds a password, at
 * [url + *off, url + *off + *len): main overwrites it in argv so that no
 * ps or /proc/PID/cmdline shows it.  0 when it holds none. */
int ps_sink_secret(const char *url, size_t *off, size_t *len);

/* 1 when url is a kafka:// URL (whether or not this build has Kafka). */
int ps_sink_is_kafka(const char *url);

/* Parse url, allocate the queue and start the writer thread (which connects
 * in the background: an unreachable sink is not an error here).  NULL with
 * the reason in err (bad URL, out of memory, no thread).  wait_for_room:
 * the records come from a file, so a full queue may wait while the sink
 * delivers (nothing is lost by reading slower); live capture passes false. */
struct ps_sink *ps_sink_open(const char *url, const struct ps_sink_props *props, bool wait_for_room,
			     char *err, size_t errlen);

/* Offer one record (no trailing newline).  Never waits for a sink that is
 * down or failing, nor, without wait_for_room, for any sink: the record is
 * queued, or dropped and counted. */
void ps_sink_offer(struct ps_sink *s, const char *rec, size_t len);
/* The same with a key (at most 255 bytes; longer: dropped and counted):
 * Kafka's message key, which picks the partition; the other sinks ignore
 * it. */
void ps_sink_offer_keyed(struct ps_sink *s, const char *key, size_t klen, const char *rec,
			 size_t len);

/* Count one record as dropped without offering it (it could not be
 * rendered whole). */
void ps_sink_drop(struct ps_sink *s);

/* A snapshot of the counters (any time, from the capture thread). */
void ps_sink_stats(struct ps_sink *s, struct ps_sink_stats *st);

/* The URL for logs and stats; a password in it is shown as "***".
 * Valid until ps_sink_close. */
const char *ps_sink_name(const struct ps_sink *s);

/* End: no more records; let the writer deliver what is queued for up to
 * drain_ms, then count the rest as dropped, stop the thread, fill *final
 * and the last backend error (empty when none) and free the sink. */
void ps_sink_close(struct ps_sink *s, unsigned drain_ms, struct ps_sink_stats *final,
		   char *last_err, size_t errlen);

#endif
