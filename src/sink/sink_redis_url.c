/* SPDX-License-Identifier: BSD-2-Clause */
/* sink_redis_url.c - parse the redis:// URL (sink_redis_url.h).  No message
 * quotes the URL: it may hold a password. */
#include <ctype.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sink_redis_url.h"

#define FORMS "redis://[[USER]:PASSWORD@]HOST[:PORT]/KEY[?maxlen=N&db=N] or " \
	      "redis://[...@]HOST[:PORT][/DB]?stream=KEY[&maxlen=N]"

static int fail(char *err, size_t errlen, const char *why)
{
	snprintf(err, errlen, "--output redis://...: %s", why);
	return -1;
}

/* Digits only, in [lo, hi]. */
static int number(const char *s, size_t n, uint64_t lo, uint64_t hi, uint64_t *out)
{
	uint64_t v = 0;
	if (!n || n > 13)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (uint64_t)(s[i] - '0');
	}
	if (v < lo || v > hi)
		return -1;
	*out = v;
	return 0;
}

/* Percent-decode [s, s+n) into out (NUL-terminated): -1 on a bad escape, a
 * NUL byte, or no room. */
static int decode(const char *s, size_t n, char *out, size_t outlen)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (c == '%') {
			char hex[3] = {0};
			if (n - i < 3 || !isxdigit((unsigned char)s[i + 1]) ||
			    !isxdigit((unsigned char)s[i + 2]))
				return -1;
			memcpy(hex, s + i + 1, 2);
			c = (int)strtol(hex, NULL, 16);
			i += 2;
		}
		if (!c || o + 1 >= outlen)
			return -1;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return 0;
}

/* USER:PASSWORD, PASSWORD or USER: in [s, end); the password from env when
 * the URL gives none. */
static int creds(const char *s, const char *end, const char *env, struct ps_redis_url *u,
		 char *err, size_t errlen)
{
	const char *colon = memchr(s, ':', (size_t)(end - s));
	const char *pw = colon ? colon + 1 : s;
	if (s == end)
		return fail(err, errlen, "//@HOST: empty credentials (drop the @)");
	if (colon && decode(s, (size_t)(colon - s), u->user, sizeof u->user))
		return fail(err, errlen, "//USER:...@: bad %XX escape, NUL or too long a user");
	if (decode(pw, (size_t)(end - pw), u->password, sizeof u->password))
		return fail(err, errlen, "//...:PASSWORD@: bad %XX escape, NUL or too long a password");
	if (!u->password[0] && env && *env &&
	    (strlen(env) >= sizeof u->password ||
	     !memcpy(u->password, env, strlen(env) + 1)))
		return fail(err, errlen, PS_REDIS_PASSWORD_ENV " is too long");
	if (!u->password[0])
		return fail(err, errlen, "//USER:@: no password: give it in the URL or in "
			    PS_REDIS_PASSWORD_ENV);
	return 0;
}

/* HOST[:PORT] in [s, end). */
static int host_port(const char *s, const char *end, struct ps_redis_url *u)
{
	const char *h = s, *he, *colon;
	if (*s == '[') { /* [IPv6]:PORT */
		h = s + 1;
		he = memchr(h, ']', (size_t)(end - h));
		if (!he)
			return -1;
		colon = he + 1 < end ? he + 1 : NULL;
		if (colon && *colon != ':')
			return -1;
	} else {
		colon = memchr(s, ':', (size_t)(end - s));
		he = colon ? colon : end;
	}
	if (he == h || (size_t)(he - h) >= sizeof u->host)
		return -1;
	memcpy(u->host, h, (size_t)(he - h));
	u->host[he - h] = '\0';
	uint64_t port = PS_REDIS_PORT;
	if (colon && number(colon + 1, (size_t)(end - colon - 1), 1, 65535, &port))
		return -1;
	u->port = (unsigned)port;
	return 0;
}

static int set_key(struct ps_redis_url *u, const char *k, size_t n)
{
	if (!n || n >= sizeof u->key)
		return -1;
	memcpy(u->key, k, n);
	u->key[n] = '\0';
	return 0;
}

/* NAME=VALUE&... : maxlen, db, stream, each at most once. */
static int query(const char *q, struct ps_redis_url *u, bool *have_db, char *err, size_t errlen)
{
	bool seen[3] = {false, false, false};
	if (!*q)
		return fail(err, errlen, "?: no parameter after '?'");
	while (*q) {
		const char *amp = strchr(q, '&');
		size_t n = amp ? (size_t)(amp - q) : strlen(q);
		const char *eq = memchr(q, '=', n);
		size_t nl = eq ? (size_t)(eq - q) : n, vl = eq ? n - nl - 1 : 0;
		int which = !eq ? -1 : nl == 6 && !strncmp(q, "maxlen", 6) ? 0
			: nl == 2 && !strncmp(q, "db", 2) ? 1 : nl == 6 && !strncmp(q, "stream", 6) ? 2 : -1;
		uint64_t v = 0;
		if (which < 0)
			return fail(err, errlen, "?NAME=VALUE: the parameters are maxlen, db and stream");
		if (seen[which])
			return fail(err, errlen, "?maxlen, db and stream may each be given once");
		seen[which] = true;
		if (which == 0 && number(eq + 1, vl, 1, PS_REDIS_MAXLEN_MAX, &u->maxlen))
			return fail(err, errlen, "?maxlen=N: N from 1 to 10^12");
		if (which == 1 && number(eq + 1, vl, 0, PS_REDIS_DB_MAX, &v))
			return fail(err, errlen, "?db=N: N a database number from 0");
		if (which == 1) {
			u->db = (unsigned)v;
			*have_db = true;
		}
		if (which == 2 && set_key(u, eq + 1, vl))
			return fail(err, errlen, "?stream=KEY: the stream key is missing or too long");
		q += n + (amp != NULL);
		if (amp && !*q)
			return fail(err, errlen, "?...&: a parameter is missing after '&'");
	}
	return 0;
}

/* The path after HOST[:PORT]: "/KEY", "/DB" or "" (the last two with
 * ?stream=KEY). */
static int path(const char *p, size_t n, bool have_db, struct ps_redis_url *u, char *err,
		size_t errlen)
{
	if (u->key[0]) { /* ?stream= named the key: the path may only be a db */
		uint64_t db = 0;
		if (n <= 1)
			return 0;
		if (number(p + 1, n - 1, 0, PS_REDIS_DB_MAX, &db))
			return fail(err, errlen, "with ?stream=KEY the path is /DB, a database number");
		if (have_db)
			return fail(err, errlen, "the database is given twice (/DB and ?db=N)");
		u->db = (unsigned)db;
		return 0;
	}
	if (n <= 1 || set_key(u, p + 1, n - 1))
		return fail(err, errlen, "//HOST[:PORT]/KEY: the stream key is missing or too long");
	return 0;
}

static void canonical(const struct ps_redis_url *u, char *name, size_t namelen)
{
	bool v6 = strchr(u->host, ':') != NULL;
	char db[24] = "";
	if (u->db)
		snprintf(db, sizeof db, "&db=%u", u->db);
	snprintf(name, namelen, "redis://%s%s%s%s%s%s:%u/%s?maxlen=%llu%s", u->user,
		 u->user[0] ? ":" : "", u->password[0] ? "***@" : "", v6 ? "[" : "", u->host,
		 v6 ? "]" : "", u->port, u->key, (unsigned long long)u->maxlen, db);
}

int ps_redis_url_parse(const char *rest, const char *env_password, struct ps_redis_url *u,
		       char *name, size_t namelen, char *err, size_t errlen)
{
	memset(u, 0, sizeof *u);
	u->maxlen = PS_REDIS_MAXLEN;
	if (strncmp(rest, "//", 2))
		return fail(err, errlen, "expected " FORMS);
	const char *s = rest + 2, *auth_end = s + strcspn(s, "/?");
	const char *at = NULL;
	for (const char *p = s; p < auth_end; p++)
		if (*p == '@')
			at = p; /* the last: a raw '@' in the password still parses */
	if (at && creds(s, at, env_password, u, err, errlen))
		return -1;
	if (!at && env_password && *env_password) {
		if (strlen(env_password) >= sizeof u->password)
			return fail(err, errlen, PS_REDIS_PASSWORD_ENV " is too long");
		memcpy(u->password, env_password, strlen(env_password) + 1);
	}
	if (host_port(at ? at + 1 : s, auth_end, u))
		return fail(err, errlen, "//HOST[:PORT]: bad or missing host or port");
	const char *q = strchr(auth_end, '?');
	size_t plen = q ? (size_t)(q - auth_end) : strlen(auth_end);
	bool have_db = false;
	if ((q && query(q + 1, u, &have_db, err, errlen)) ||
	    path(auth_end, plen, have_db, u, err, errlen))
		return -1;
	if (name)
		canonical(u, name, namelen);
	return 0;
}
