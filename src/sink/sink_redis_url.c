/* SPDX-License-Identifier: BSD-2-Clause */
/* sink_redis_url.c - parse redis://HOST[:PORT]/KEY[?maxlen=N]. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sink_redis_url.h"

static int fail(char *err, size_t errlen, const char *why)
{
	snprintf(err, errlen, "--output redis:%s", why);
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

static int query(const char *q, struct ps_redis_url *u)
{
	static const char key[] = "maxlen=";
	if (strncmp(q, key, sizeof key - 1))
		return -1;
	q += sizeof key - 1;
	return number(q, strlen(q), 1, PS_REDIS_MAXLEN_MAX, &u->maxlen);
}

int ps_redis_url_parse(const char *rest, struct ps_redis_url *u, char *name, size_t namelen,
		       char *err, size_t errlen)
{
	memset(u, 0, sizeof *u);
	u->maxlen = PS_REDIS_MAXLEN;
	if (strncmp(rest, "//", 2)) {
		snprintf(err, errlen, "--output redis:%s: expected redis://HOST[:PORT]/KEY[?maxlen=N]",
			 rest);
		return -1;
	}
	const char *s = rest + 2, *slash = strchr(s, '/');
	if (slash && memchr(s, '@', (size_t)(slash - s)))
		return fail(err, errlen, "//USER@HOST: credentials in the URL are not supported");
	if (!slash || host_port(s, slash, u))
		return fail(err, errlen, "//HOST[:PORT]/KEY: bad or missing host or port");
	const char *k = slash + 1, *q = strchr(k, '?');
	size_t klen = q ? (size_t)(q - k) : strlen(k);
	if (!klen || klen >= sizeof u->key)
		return fail(err, errlen, "//HOST[:PORT]/KEY: the stream key is missing");
	memcpy(u->key, k, klen);
	u->key[klen] = '\0';
	if (q && query(q + 1, u))
		return fail(err, errlen, "... ?maxlen=N: N from 1 to 10^12 (the only parameter)");
	if (name)
		snprintf(name, namelen, "redis://%s%s%s:%u/%s?maxlen=%llu",
			 strchr(u->host, ':') ? "[" : "", u->host, strchr(u->host, ':') ? "]" : "",
			 u->port, u->key, (unsigned long long)u->maxlen);
	return 0;
}
