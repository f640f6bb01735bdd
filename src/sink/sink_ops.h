/* SPDX-License-Identifier: BSD-2-Clause */
/* sink_ops.h - what a sink backend implements (redis, kafka, file).  The writer
 * thread (sink.c) is the only caller; a backend never sees the queue.
 *
 * Delivery is in batches: write() adds records to the backend's pending
 * batch, flush() delivers it and says how many were acknowledged and how
 * many failed.  A backend with a connection reports it lost by returning
 * -1 from flush(); the writer then calls connect() again with back-off.
 * A backend with its own queue (librdkafka) may refuse a record it has no
 * room for (write() returns 1: counted as dropped, never as sent), reports
 * deliveries as they are confirmed (poll_idle: flush() is also called when
 * no record came) and gets a last bounded drain() at the end. */
#ifndef PS_SINK_OPS_H
#define PS_SINK_OPS_H

#include <stddef.h>
#include <stdint.h>

#include "ps_sink.h"

struct ps_sink_ops {
	const char *scheme; /* "redis" for redis://..., "file" for file:PATH */
	/* Parse the part of the URL after "scheme:" and allocate *priv; no I/O.
	 * props: the -X NAME=VALUE settings (borrowed; only kafka takes them).
	 * 0 ok, -1 with the reason in err.  name gets the URL as shown in
	 * logs (credentials masked). */
	int (*open)(void **priv, const char *rest, const struct ps_sink_props *props, char *name,
		    size_t namelen, char *err, size_t errlen);
	/* (Re)connect: 0 ready, -1 not now (reason in err; tried again after a
	 * back-off), -2 refused by the server (a wrong password: reason in err;
	 * also tried again, but fatal at open, see connect_at_open).  NULL:
	 * always ready. */
	int (*connect)(void *priv, char *err, size_t errlen);
	/* Add one record (and its key, klen 0: none) to the pending batch: 0,
	 * -1 (counted as an error), or 1: refused, no room in the backend's own
	 * bounded queue (dropped). */
	int (*write)(void *priv, const char *rec, size_t len, const char *key, size_t klen);
	/* Deliver the pending batch: adds to *sent and *failed.  0, or -1 when
	 * the connection is lost (reason in err). */
	int (*flush)(void *priv, uint64_t *sent, uint64_t *failed, char *err, size_t errlen);
	/* NULL, or the end of the run: wait (bounded by the backend) for what
	 * it still holds, count it in *sent / *failed and give up on the rest
	 * (counted in *failed).  Called once, after the last flush(). */
	void (*drain)(void *priv, uint64_t *sent, uint64_t *failed, char *err, size_t errlen);
	void (*close)(void *priv);
	int poll_idle; /* flush() also when no record came: confirmations arrive late */
	/* ps_sink_open calls connect() once itself: -2 then fails the open (a
	 * wrong password stops the run at once instead of dropping every
	 * record); 0 or -1 hand over to the writer as usual */
	int connect_at_open;
};

extern const struct ps_sink_ops ps_sink_redis, ps_sink_file;
#ifdef PS_WITH_KAFKA
extern const struct ps_sink_ops ps_sink_kafka;
#endif

#endif
