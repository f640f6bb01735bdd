/* SPDX-License-Identifier: BSD-2-Clause */
/* sink_redis.c - Redis Streams through hiredis: one XADD per record,
 * "XADD KEY MAXLEN ~ N * r RECORD", pipelined a batch at a time.
 *
 * hiredis's blocking context with a connect and I/O timeout: a stopped or
 * unreachable server costs the writer thread at most IO_TIMEOUT per round
 * trip and never the capture thread.  A record counts as sent when its
 * XADD reply came back; an error reply, or a reply that never came, counts
 * it as an error (it may or may not be in the stream: unconfirmed).
 *
 * Every connection authenticates (AUTH [USER] PASSWORD) and selects its
 * database before the first XADD, so a reconnection after a server restart
 * is the same session; a refusal there is permanent (connect() returns -2)
 * and its message never holds the password. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <hiredis/hiredis.h>

#include "sink_ops.h"
#include "sink_redis_url.h"

#define IO_TIMEOUT_MS 1000

struct redis_sink {
	struct ps_redis_url url;
	redisContext *c; /* NULL while disconnected */
	uint64_t pending; /* commands appended, replies not read */
	char maxlen[24];
};

static int r_open(void **priv, const char *rest, const struct ps_sink_props *props, char *name,
		  size_t namelen, char *err, size_t errlen)
{
	(void)props; /* -X is for kafka: options_sink.c refuses it without a kafka:// output */
	struct redis_sink *r = calloc(1, sizeof *r);
	if (!r) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	if (ps_redis_url_parse(rest, getenv(PS_REDIS_PASSWORD_ENV), &r->url, name, namelen, err,
			       errlen)) {
		explicit_bzero(&r->url, sizeof r->url);
		free(r);
		return -1;
	}
	snprintf(r->maxlen, sizeof r->maxlen, "%llu", (unsigned long long)r->url.maxlen);
	*priv = r;
	return 0;
}

static void drop_conn(struct redis_sink *r)
{
	if (r->c)
		redisFree(r->c);
	r->c = NULL;
	r->pending = 0;
}

/* One command whose reply must not be an error: 0, -1 (no reply: the
 * connection failed) or -2 (refused: the server's reason in err, after
 * what, never the arguments). */
static int setup_cmd(struct redis_sink *r, const char *what, int argc, const char **argv,
		     char *err, size_t errlen)
{
	size_t lens[3];
	for (int i = 0; i < argc; i++)
		lens[i] = strlen(argv[i]);
	redisReply *reply = redisCommandArgv(r->c, argc, argv, lens);
	if (!reply) {
		snprintf(err, errlen, "redis %s:%u: %s: %s", r->url.host, r->url.port, what,
			 r->c->errstr[0] ? r->c->errstr : "connection lost");
		return -1;
	}
	int rc = 0;
	if (reply->type == REDIS_REPLY_ERROR) {
		snprintf(err, errlen, "redis %s:%u: %s refused: %s", r->url.host, r->url.port, what,
			 reply->str);
		rc = -2;
	}
	freeReplyObject(reply);
	return rc;
}

/* AUTH, SELECT, or PING (which a server that wants a password refuses
 * with NOAUTH): a wrong password or db shows at connect, not per record. */
static int handshake(struct redis_sink *r, char *err, size_t errlen)
{
	const struct ps_redis_url *u = &r->url;
	int rc = 0;
	if (u->password[0] && u->user[0])
		rc = setup_cmd(r, "AUTH (ACL user)", 3,
			       (const char *[]){"AUTH", u->user, u->password}, err, errlen);
	else if (u->password[0])
		rc = setup_cmd(r, "AUTH", 2, (const char *[]){"AUTH", u->password}, err, errlen);
	if (!rc && u->db) {
		char db[16];
		snprintf(db, sizeof db, "%u", u->db);
		rc = setup_cmd(r, "SELECT", 2, (const char *[]){"SELECT", db}, err, errlen);
	}
	if (!rc && !u->password[0])
		rc = setup_cmd(r, "PING (no password given)", 1, (const char *[]){"PING"}, err,
			       errlen);
	return rc;
}

static int r_connect(void *priv, char *err, size_t errlen)
{
	struct redis_sink *r = priv;
	struct timeval tv = {IO_TIMEOUT_MS / 1000, (IO_TIMEOUT_MS % 1000) * 1000};
	drop_conn(r);
	r->c = redisConnectWithTimeout(r->url.host, (int)r->url.port, tv);
	if (!r->c || r->c->err) {
		snprintf(err, errlen, "redis %s:%u: %s", r->url.host, r->url.port,
			 r->c ? r->c->errstr : "out of memory");
		drop_conn(r);
		return -1;
	}
	if (redisSetTimeout(r->c, tv) != REDIS_OK) {
		snprintf(err, errlen, "redis %s:%u: cannot set the I/O timeout", r->url.host,
			 r->url.port);
		drop_conn(r);
		return -1;
	}
	int rc = handshake(r, err, errlen);
	if (rc)
		drop_conn(r);
	return rc;
}

static int r_write(void *priv, const char *rec, size_t len, const char *key, size_t klen)
{
	(void)key; /* a stream entry has no key: the record holds flow.id */
	(void)klen;
	struct redis_sink *r = priv;
	const char *argv[] = {"XADD", r->url.key, "MAXLEN", "~", r->maxlen, "*", "r", rec};
	size_t lens[] = {4, strlen(r->url.key), 6, 1, strlen(r->maxlen), 1, 1, len};
	if (!r->c || redisAppendCommandArgv(r->c, 8, argv, lens) != REDIS_OK)
		return -1;
	r->pending++;
	return 0;
}

static int r_flush(void *priv, uint64_t *sent, uint64_t *failed, char *err, size_t errlen)
{
	struct redis_sink *r = priv;
	while (r->pending) {
		redisReply *reply = NULL;
		if (redisGetReply(r->c, (void **)&reply) != REDIS_OK) {
			snprintf(err, errlen, "redis %s:%u: %s", r->url.host, r->url.port,
				 r->c->errstr[0] ? r->c->errstr : "connection lost");
			*failed += r->pending; /* no reply: unconfirmed */
			drop_conn(r);
			return -1;
		}
		r->pending--;
		if (reply->type == REDIS_REPLY_ERROR) {
			snprintf(err, errlen, "redis %s:%u: XADD %s: %s", r->url.host, r->url.port,
				 r->url.key, reply->str);
			++*failed;
		} else {
			++*sent;
		}
		freeReplyObject(reply);
	}
	return 0;
}

static void r_close(void *priv)
{
	struct redis_sink *r = priv;
	drop_conn(r);
	explicit_bzero(&r->url, sizeof r->url); /* the password */
	free(r);
}

const struct ps_sink_ops ps_sink_redis = {
	.scheme = "redis",
	.open = r_open,
	.connect = r_connect,
	.write = r_write,
	.flush = r_flush,
	.close = r_close,
	.connect_at_open = 1,
};
