/* SPDX-License-Identifier: BSD-2-Clause */
/* test_sink_url.c - redis://HOST[:PORT]/KEY[?maxlen=N] and the --output
 * schemes: what is accepted, its parts, and what is refused. */
#include <stdio.h>
#include <string.h>

#include "ps_sink.h"
#include "ps_test.h"
#include "sink_redis_url.h"

static void test_sink_url_redis_parts(void)
{
	struct ps_redis_url u;
	char name[256], err[256];
	CU_ASSERT_EQUAL_FATAL(
		ps_redis_url_parse("//127.0.0.1:6380/pkts?maxlen=1000", &u, name, sizeof name, err,
				   sizeof err),
		0);
	CU_ASSERT_STRING_EQUAL(u.host, "127.0.0.1");
	CU_ASSERT_EQUAL(u.port, 6380);
	CU_ASSERT_STRING_EQUAL(u.key, "pkts");
	CU_ASSERT_EQUAL(u.maxlen, 1000);
	CU_ASSERT_STRING_EQUAL(name, "redis://127.0.0.1:6380/pkts?maxlen=1000");
	/* defaults: port 6379, maxlen 10^6; IPv6 in brackets */
	CU_ASSERT_EQUAL_FATAL(ps_redis_url_parse("//[::1]/a:b", &u, name, sizeof name, err, sizeof err), 0);
	CU_ASSERT_STRING_EQUAL(u.host, "::1");
	CU_ASSERT_EQUAL(u.port, PS_REDIS_PORT);
	CU_ASSERT_STRING_EQUAL(u.key, "a:b");
	CU_ASSERT_EQUAL(u.maxlen, PS_REDIS_MAXLEN);
	CU_ASSERT_STRING_EQUAL(name, "redis://[::1]:6379/a:b?maxlen=1000000");
	CU_ASSERT_EQUAL(ps_redis_url_parse("//h:1/k/with/slash", &u, NULL, 0, err, sizeof err), 0);
	CU_ASSERT_STRING_EQUAL(u.key, "k/with/slash");
}

static void test_sink_url_redis_refused(void)
{
	static const char *const bad[] = {
		"",		    "127.0.0.1/k",	"//127.0.0.1",	  "//127.0.0.1/",
		"//:6379/k",	    "//h:0/k",		"//h:65536/k",	  "//h:12x/k",
		"//h/k?maxlen=0",   "//h/k?maxlen=",	"//h/k?maxlen=-1", "//h/k?count=5",
		"//u:pw@h/k",	    "//[::1/k",		"//[::1]x/k",	  "//h/k?maxlen=1000000000001",
	};
	struct ps_redis_url u;
	char err[256];
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		int rc = ps_redis_url_parse(bad[i], &u, NULL, 0, err, sizeof err);
		CU_ASSERT_EQUAL(rc, -1);
		CU_ASSERT_TRUE(strlen(err) > 0);
		if (rc != -1)
			fprintf(stderr, "\naccepted: redis:%s\n", bad[i]);
	}
}

static void test_sink_url_schemes(void)
{
	char err[256];
	CU_ASSERT_EQUAL(ps_sink_check("redis://localhost/s", err, sizeof err), 0);
	CU_ASSERT_EQUAL(ps_sink_check("file:/tmp/x.ndjson", err, sizeof err), 0);
	CU_ASSERT_EQUAL(ps_sink_check("file:", err, sizeof err), -1);
	CU_ASSERT_EQUAL(ps_sink_check("kafka://k1:9092/flows", err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "expected redis://"));
	CU_ASSERT_EQUAL(ps_sink_check("redisx://h/k", err, sizeof err), -1);
}

PST_MAIN("sink_url", {"redis_parts", test_sink_url_redis_parts},
	 {"redis_refused", test_sink_url_redis_refused}, {"schemes", test_sink_url_schemes})
