/* SPDX-License-Identifier: BSD-2-Clause */
/* sink_redis_url.h - redis://HOST[:PORT]/KEY[?maxlen=N], parsed apart from
 * the client so that it is tested without a server. */
#ifndef PS_SINK_REDIS_URL_H
#define PS_SINK_REDIS_URL_H

#include <stddef.h>
#include <stdint.h>

#define PS_REDIS_PORT 6379
#define PS_REDIS_MAXLEN 1000000u /* default MAXLEN ~: a stream is always bounded */
#define PS_REDIS_MAXLEN_MAX 1000000000000ull

struct ps_redis_url {
	char host[256]; /* name, IPv4, or IPv6 (given in brackets, stored without) */
	unsigned port;
	char key[512];  /* the stream key, as given */
	uint64_t maxlen;
};

/* rest is the URL after "redis:" ("//HOST..."). 0 ok; -1 with the reason in
 * err.  name (when not NULL) gets the canonical URL for logs. */
int ps_redis_url_parse(const char *rest, struct ps_redis_url *u, char *name, size_t namelen,
		       char *err, size_t errlen);

#endif
