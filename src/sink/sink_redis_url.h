/* SPDX-License-Identifier: BSD-2-Clause */
/* sink_redis_url.h - the redis:// URL (docs/sinks.md), parsed apart from
 * the client so that it is tested without a server:
 *
 *   redis://[CREDS@]HOST[:PORT]/KEY[?PARAMS]
 *   redis://[CREDS@]HOST[:PORT][/DB]?stream=KEY[&PARAMS]   (redis-cli -u's form)
 *   CREDS  = PASSWORD | USER:PASSWORD | USER:   (percent-encoded; an empty
 *            PASSWORD is taken from PKTSCOPE_REDIS_PASSWORD)
 *   PARAMS = maxlen=N, db=N, stream=KEY joined by '&', each at most once */
#ifndef PS_SINK_REDIS_URL_H
#define PS_SINK_REDIS_URL_H

#include <stddef.h>
#include <stdint.h>

#define PS_REDIS_PORT 6379
#define PS_REDIS_MAXLEN 1000000u /* default MAXLEN ~: a stream is always bounded */
#define PS_REDIS_MAXLEN_MAX 1000000000000ull
#define PS_REDIS_DB_MAX 2147483647u /* redis's "databases" is an int */
#define PS_REDIS_PASSWORD_ENV "PKTSCOPE_REDIS_PASSWORD"

struct ps_redis_url {
	char host[256]; /* name, IPv4, or IPv6 (given in brackets, stored without) */
	unsigned port;
	char key[512];  /* the stream key, as given */
	uint64_t maxlen;
	unsigned db;        /* SELECT db when not 0 */
	char user[128];     /* ACL user ("": AUTH with the password alone) */
	char password[256]; /* "": no AUTH.  Never in a message: wipe it when done */
};

/* rest is the URL after "redis:" ("//HOST...").  env_password: the value of
 * PKTSCOPE_REDIS_PASSWORD (NULL: unset), used when the URL gives none (the
 * URL's wins).  0 ok; -1 with the reason in err, which never quotes the
 * URL (it may hold a password).  name (when not NULL) gets the canonical
 * URL for logs, the password shown as "***". */
int ps_redis_url_parse(const char *rest, const char *env_password, struct ps_redis_url *u,
		       char *name, size_t namelen, char *err, size_t errlen);

#endif
