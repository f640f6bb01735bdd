/* SPDX-License-Identifier: BSD-2-Clause */
/* sink_kafka_url.c - parse kafka://BROKER[,BROKER...]/TOPIC. */
#include <stdio.h>
#include <string.h>

#include "sink_kafka_url.h"

static int fail(char *err, size_t errlen, const char *rest, const char *why)
{
	/* credentials are refused, and never quoted either */
	snprintf(err, errlen, "--output kafka:%s: %s", strchr(rest, '@') ? "//..." : rest, why);
	return -1;
}

/* PORT in [s, end): 1..65535, digits only. */
static int port_ok(const char *s, const char *end)
{
	unsigned v = 0;
	if (s == end || end - s > 5)
		return 0;
	for (; s < end; s++) {
		if (*s < '0' || *s > '9')
			return 0;
		v = v * 10 + (unsigned)(*s - '0');
	}
	return v >= 1 && v <= 65535;
}

/* One HOST[:PORT] or [IPv6][:PORT] in [s, end). */
static int broker_ok(const char *s, const char *end)
{
	const char *he = end;
	if (s < end && *s == '[') {
		const char *close = memchr(s, ']', (size_t)(end - s));
		if (!close || close == s + 1)
			return 0;
		he = close + 1;
	} else {
		const char *colon = memchr(s, ':', (size_t)(end - s));
		if (colon)
			he = colon;
	}
	if (he == s)
		return 0;
	for (const char *p = s; p < he; p++) /* no credentials, spaces or stray delimiters */
		if (*p == '@' || *p <= ' ' || (*s != '[' && *p == ']'))
			return 0;
	if (he == end)
		return 1;
	return *he == ':' && port_ok(he + 1, end);
}

/* Kafka's topic alphabet: ASCII letters, digits, '.', '_', '-'. */
static int topic_ok(const char *t)
{
	size_t n = strlen(t);
	if (!n || n > PS_KAFKA_TOPIC_MAX || !strcmp(t, ".") || !strcmp(t, ".."))
		return 0;
	return strspn(t, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == n;
}

int ps_kafka_url_parse(const char *rest, struct ps_kafka_url *u, char *name, size_t namelen,
		       char *err, size_t errlen)
{
	if (strncmp(rest, "//", 2) != 0)
		return fail(err, errlen, rest, "expected kafka://BROKER[,BROKER...]/TOPIC");
	const char *b = rest + 2, *slash = strchr(b, '/');
	if (!slash || slash == b)
		return fail(err, errlen, rest, "expected kafka://BROKER[,BROKER...]/TOPIC");
	if ((size_t)(slash - b) >= sizeof u->brokers)
		return fail(err, errlen, rest, "broker list too long");
	for (const char *p = b; p < slash;) {
		const char *comma = memchr(p, ',', (size_t)(slash - p));
		const char *end = comma ? comma : slash;
		if (!broker_ok(p, end))
			return fail(err, errlen, rest,
				    "a broker is HOST[:PORT] or [IPv6][:PORT] (no user:password@)");
		p = comma ? comma + 1 : slash;
		if (comma && p == slash)
			return fail(err, errlen, rest, "empty broker after ','");
	}
	if (!topic_ok(slash + 1))
		return fail(err, errlen, rest,
			    "the topic is 1 to 249 of A-Z a-z 0-9 . _ - (and not . or ..)");
	memcpy(u->brokers, b, (size_t)(slash - b));
	u->brokers[slash - b] = '\0';
	snprintf(u->topic, sizeof u->topic, "%s", slash + 1);
	if (name)
		snprintf(name, namelen, "kafka://%s/%s", u->brokers, u->topic);
	return 0;
}
