/* SPDX-License-Identifier: BSD-2-Clause */
/* sink_ops.h - what a sink backend implements (redis, file).  The writer
 * thread (sink.c) is the only caller; a backend never sees the queue.
 *
 * Delivery is in batches: write() adds records to the backend's pending
 * batch, flush() delivers it and says how many were acknowledged and how
 * many failed.  A backend with a connection reports it lost by returning
 * -1 from flush(); the writer then calls connect() again with back-off. */
#ifndef PS_SINK_OPS_H
#define PS_SINK_OPS_H

#include <stddef.h>
#include <stdint.h>

struct ps_sink_ops {
	const char *scheme; /* "redis" for redis://..., "file" for file:PATH */
	/* Parse the part of the URL after "scheme:" and allocate *priv; no I/O.
	 * 0 ok, -1 with the reason in err.  name gets the URL as shown in
	 * logs (credentials masked). */
	int (*open)(void **priv, const char *rest, char *name, size_t namelen, char *err,
		    size_t errlen);
	/* (Re)connect: 0 ready, -1 not now (reason in err; tried again after a
	 * back-off).  NULL: always ready. */
	int (*connect)(void *priv, char *err, size_t errlen);
	/* Add one record to the pending batch: 0, or -1 (counted as an error). */
	int (*write)(void *priv, const char *rec, size_t len);
	/* Deliver the pending batch: adds to *sent and *failed.  0, or -1 when
	 * the connection is lost (reason in err). */
	int (*flush)(void *priv, uint64_t *sent, uint64_t *failed, char *err, size_t errlen);
	void (*close)(void *priv);
};

extern const struct ps_sink_ops ps_sink_redis, ps_sink_file;

#endif
