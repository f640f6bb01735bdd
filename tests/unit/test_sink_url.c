/* SPDX-License-Identifier: BSD-2-Clause */
/* test_sink_url.c - redis://HOST[:PORT]/KEY[?maxlen=N],
 * kafka://BROKER[,BROKER...]/TOPIC and the --output schemes: what is
 * accepted, its parts, and what is refused. */
#include <stdio.h>
#include <string.h>

#include "ps_sink.h"
#include "ps_test.h"
#include "sink_kafka_url.h"
#include "sink_redis_url.h"

static void test_sink_url_redis_parts(void)
{
	struct ps_redis_url u;
	char name[256], err[256];
	CU_ASSERT_EQUAL_FATAL(
		ps_redis_url_parse("//127.0.0.1:6380/pkts?maxlen=1000", NULL, &u, name, sizeof name, err,
				   sizeof err),
		0);
	CU_ASSERT_STRING_EQUAL(u.host, "127.0.0.1");
	CU_ASSERT_EQUAL(u.port, 6380);
	CU_ASSERT_STRING_EQUAL(u.key, "pkts");
	CU_ASSERT_EQUAL(u.maxlen, 1000);
	CU_ASSERT_STRING_EQUAL(name, "redis://127.0.0.1:6380/pkts?maxlen=1000");
	/* defaults: port 6379, maxlen 10^6; IPv6 in brackets */
	CU_ASSERT_EQUAL_FATAL(ps_redis_url_parse("//[::1]/a:b", NULL, &u, name, sizeof name, err, sizeof err), 0);
	CU_ASSERT_STRING_EQUAL(u.host, "::1");
	CU_ASSERT_EQUAL(u.port, PS_REDIS_PORT);
	CU_ASSERT_STRING_EQUAL(u.key, "a:b");
	CU_ASSERT_EQUAL(u.maxlen, PS_REDIS_MAXLEN);
	CU_ASSERT_STRING_EQUAL(name, "redis://[::1]:6379/a:b?maxlen=1000000");
	CU_ASSERT_EQUAL(ps_redis_url_parse("//h:1/k/with/slash", NULL, &u, NULL, 0, err, sizeof err), 0);
	CU_ASSERT_STRING_EQUAL(u.key, "k/with/slash");
}

static void test_sink_url_redis_refused(void)
{
	static const char *const bad[] = {
		"",		    "127.0.0.1/k",	"//127.0.0.1",	  "//127.0.0.1/",
		"//:6379/k",	    "//h:0/k",		"//h:65536/k",	  "//h:12x/k",
		"//h/k?maxlen=0",   "//h/k?maxlen=",	"//h/k?maxlen=-1", "//h/k?count=5",
		"//[::1/k",	    "//[::1]x/k",	"//h/k?maxlen=1000000000001",
		/* credentials: empty, an empty password with no PKTSCOPE_REDIS_PASSWORD,
		 * bad escapes, a NUL, too long */
		"//@h/k", "//:@h/k", "//u:@h/k", "//%zz@h/k", "//p%4@h/k", "//p%@h/k", "//u%00:p@h/k",
		"//p%00@h/k", "//u:p@/k", "//u:p@:1/k",
		/* the database and the query */
		"//h/k?db=", "//h/k?db=x", "//h/k?db=-1", "//h/k?db=2147483648", "//h/k?",
		"//h/k?maxlen=5&", "//h/k?maxlen=5&maxlen=6", "//h/k?db=1&db=1", "//h/k?maxlen",
		"//h/k?stream=", "//h/3?stream=s&db=4", "//h/pkts?stream=s", "//h/3x?stream=s",
		"//h?maxlen=5", "//h/?maxlen=5", "//h/k?stream=s&stream=t", "//h/k?Maxlen=5",
		"//h?stream=s&&maxlen=5", "redis://h/k", "/h/k",
	};
	struct ps_redis_url u;
	char err[256];
	char longpw[300];
	memset(longpw, 'p', sizeof longpw);
	memcpy(longpw, "//", 2);
	memcpy(longpw + sizeof longpw - 6, "@h/k", 5);
	CU_ASSERT_EQUAL(ps_redis_url_parse(longpw, NULL, &u, NULL, 0, err, sizeof err), -1);
	CU_ASSERT_EQUAL(ps_redis_url_parse("//h/k", longpw, &u, NULL, 0, err, sizeof err), -1);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		int rc = ps_redis_url_parse(bad[i], NULL, &u, NULL, 0, err, sizeof err);
		CU_ASSERT_EQUAL(rc, -1);
		CU_ASSERT_TRUE(strlen(err) > 0);
		if (rc != -1)
			fprintf(stderr, "\naccepted: redis:%s\n", bad[i]);
	}
}

/* Credentials and the database: every form, the password never in the
 * canonical name nor in an error, the URL's password before the env's. */
static void test_sink_url_redis_auth(void)
{
	struct ps_redis_url u;
	char name[512], err[256];
	CU_ASSERT_EQUAL_FATAL(ps_redis_url_parse("//s3cr%40t@h:7/k", NULL, &u, name, sizeof name,
						 err, sizeof err), 0);
	CU_ASSERT_STRING_EQUAL(u.password, "s3cr@t");
	CU_ASSERT_STRING_EQUAL(u.user, "");
	CU_ASSERT_STRING_EQUAL(name, "redis://***@h:7/k?maxlen=1000000");
	CU_ASSERT_EQUAL_FATAL(ps_redis_url_parse("//al%3Ace:p@ss:w@[::1]:9/5?stream=x&maxlen=9",
						 "env", &u, name, sizeof name, err, sizeof err), 0);
	CU_ASSERT_STRING_EQUAL(u.user, "al:ce");
	CU_ASSERT_STRING_EQUAL(u.password, "p@ss:w"); /* the last @ ends it; the first : splits */
	CU_ASSERT_EQUAL(u.db, 5);
	CU_ASSERT_STRING_EQUAL(u.key, "x");
	CU_ASSERT_EQUAL(u.port, 9);
	CU_ASSERT_STRING_EQUAL(name, "redis://al:ce:***@[::1]:9/x?maxlen=9&db=5");
	CU_ASSERT_PTR_NULL(strstr(name, "p@ss"));
	/* the env's password when the URL has none, with or without a user */
	CU_ASSERT_EQUAL_FATAL(ps_redis_url_parse("//h/k?db=3", "fromenv", &u, name, sizeof name,
						 err, sizeof err), 0);
	CU_ASSERT_STRING_EQUAL(u.password, "fromenv");
	CU_ASSERT_EQUAL(u.db, 3);
	CU_ASSERT_STRING_EQUAL(name, "redis://***@h:6379/k?maxlen=1000000&db=3");
	CU_ASSERT_EQUAL_FATAL(ps_redis_url_parse("//bob:@h?stream=k", "fromenv", &u, name,
						 sizeof name, err, sizeof err), 0);
	CU_ASSERT_STRING_EQUAL(u.user, "bob");
	CU_ASSERT_STRING_EQUAL(u.password, "fromenv");
	CU_ASSERT_EQUAL(u.db, 0);
	CU_ASSERT_EQUAL_FATAL(ps_redis_url_parse("//url@h/k", "fromenv", &u, NULL, 0, err,
						 sizeof err), 0);
	CU_ASSERT_STRING_EQUAL(u.password, "url");
	CU_ASSERT_EQUAL_FATAL(ps_redis_url_parse("//h/k", "", &u, name, sizeof name, err,
						 sizeof err), 0);
	CU_ASSERT_STRING_EQUAL(u.password, "");
	CU_ASSERT_STRING_EQUAL(name, "redis://h:6379/k?maxlen=1000000");
	/* the forms with the db */
	CU_ASSERT_EQUAL_FATAL(ps_redis_url_parse("//h/?stream=s", NULL, &u, NULL, 0, err,
						 sizeof err), 0);
	CU_ASSERT_EQUAL(u.db, 0);
	CU_ASSERT_EQUAL_FATAL(ps_redis_url_parse("//h?db=2147483647&stream=s", NULL, &u, NULL, 0,
						 err, sizeof err), 0);
	CU_ASSERT_EQUAL(u.db, 2147483647u);
	CU_ASSERT_EQUAL_FATAL(ps_redis_url_parse("//h/15", NULL, &u, NULL, 0, err, sizeof err), 0);
	CU_ASSERT_STRING_EQUAL(u.key, "15"); /* without ?stream= the path is the key */
	CU_ASSERT_EQUAL(u.db, 0);
	/* an error never quotes the URL */
	CU_ASSERT_EQUAL(ps_redis_url_parse("//u:hunter2@h/k?db=x", NULL, &u, NULL, 0, err,
					   sizeof err), -1);
	CU_ASSERT_PTR_NULL(strstr(err, "hunter2"));
	CU_ASSERT_EQUAL(ps_redis_url_parse("//u:hunter2@", NULL, &u, NULL, 0, err, sizeof err), -1);
	CU_ASSERT_PTR_NULL(strstr(err, "hunter2"));
	CU_ASSERT_EQUAL(ps_sink_check("rediss://u:hunter2@h/k", NULL, err, sizeof err), -1);
	CU_ASSERT_PTR_NULL(strstr(err, "hunter2"));
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "TLS"));
	CU_ASSERT_EQUAL(ps_sink_check("redis:u:hunter2@h/k", NULL, err, sizeof err), -1);
	CU_ASSERT_PTR_NULL(strstr(err, "hunter2"));
	CU_ASSERT_EQUAL(ps_sink_check("kafka://u:hunter2@h/t", NULL, err, sizeof err), -1);
	CU_ASSERT_PTR_NULL(strstr(err, "hunter2"));
	CU_ASSERT_EQUAL(ps_sink_check("xyz://u:hunter2@h/t", NULL, err, sizeof err), -1);
	CU_ASSERT_PTR_NULL(strstr(err, "hunter2"));
}

/* The span main overwrites in argv: the password, and nothing else. */
static void test_sink_url_secret_span(void)
{
	static const struct {
		const char *url, *pw;
	} cases[] = {
		{"redis://u:pw@h/k", "pw"},
		{"redis://pw@h/k", "pw"},
		{"redis://u:p@ss@h:1/k?db=2", "p@ss"},
		{"redis://:p%40@h/k", "p%40"},
		{"redis://u:p@h?stream=k@x", "p"},
		{"kafka://u:pw@h/t", "pw"},
	};
	static const char *const none[] = {"redis://h/k", "redis://u:@h/k", "redis://h/k@x",
					   "redis://h?stream=a@b", "file:/tmp/a@b",
					   "file:///tmp/a@b", "redis:u:pw@h/k", ""};
	size_t off = 0, len = 0;
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		CU_ASSERT_EQUAL_FATAL(ps_sink_secret(cases[i].url, &off, &len), 1);
		CU_ASSERT_EQUAL(len, strlen(cases[i].pw));
		CU_ASSERT_EQUAL(strncmp(cases[i].url + off, cases[i].pw, len), 0);
	}
	for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
		CU_ASSERT_EQUAL(ps_sink_secret(none[i], &off, &len), 0);
}

static void test_sink_url_kafka_parts(void)
{
	struct ps_kafka_url u;
	char name[256], err[256];
	CU_ASSERT_EQUAL_FATAL(ps_kafka_url_parse("//k1:9092,k2:9093/flows", &u, name, sizeof name,
						 err, sizeof err),
			      0);
	CU_ASSERT_STRING_EQUAL(u.brokers, "k1:9092,k2:9093");
	CU_ASSERT_STRING_EQUAL(u.topic, "flows");
	CU_ASSERT_STRING_EQUAL(name, "kafka://k1:9092,k2:9093/flows");
	/* no port (librdkafka's 9092), IPv6 in brackets, Kafka's topic alphabet */
	CU_ASSERT_EQUAL_FATAL(ps_kafka_url_parse("//k1,[::1]:9092,[fe80::1]/a.b_c-D9", &u, NULL, 0,
						 err, sizeof err),
			      0);
	CU_ASSERT_STRING_EQUAL(u.brokers, "k1,[::1]:9092,[fe80::1]");
	CU_ASSERT_STRING_EQUAL(u.topic, "a.b_c-D9");
}

static void test_sink_url_kafka_refused(void)
{
	static const char *const bad[] = {
		"",	       "k1/t",	       "//k1",		 "//k1/",	 "///t",
		"//k1:0/t",    "//k1:65536/t", "//k1:9x/t",	 "//k1,/t",	 "//,k1/t",
		"//u:pw@k1/t", "//[::1/t",     "//[]:9092/t",	 "//[::1]x/t",	 "//k1/a/b",
		"//k1/a b",    "//k1/.",       "//k1/..",	 "//k1/t?x=1",	 "//k 1/t",
	};
	struct ps_kafka_url u;
	char err[256];
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		err[0] = '\0';
		int rc = ps_kafka_url_parse(bad[i], &u, NULL, 0, err, sizeof err);
		CU_ASSERT_EQUAL(rc, -1);
		CU_ASSERT_TRUE(strlen(err) > 0);
		if (rc != -1)
			fprintf(stderr, "\naccepted: kafka:%s\n", bad[i]);
	}
	char topic[300] = "//k1/";
	memset(topic + 5, 't', 250); /* one over Kafka's 249 */
	topic[255] = '\0';
	CU_ASSERT_EQUAL(ps_kafka_url_parse(topic, &u, NULL, 0, err, sizeof err), -1);
	topic[254] = '\0';
	CU_ASSERT_EQUAL(ps_kafka_url_parse(topic, &u, NULL, 0, err, sizeof err), 0);
}

static void test_sink_url_schemes(void)
{
	char err[256];
	CU_ASSERT_EQUAL(ps_sink_check("redis://localhost/s", NULL, err, sizeof err), 0);
	CU_ASSERT_EQUAL(ps_sink_check("file:/tmp/x.ndjson", NULL, err, sizeof err), 0);
	CU_ASSERT_EQUAL(ps_sink_check("file:", NULL, err, sizeof err), -1);
	CU_ASSERT_EQUAL(ps_sink_check("redisx://h/k", NULL, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "expected redis://"));
	CU_ASSERT_TRUE(ps_sink_is_kafka("kafka://k1/t"));
	CU_ASSERT_FALSE(ps_sink_is_kafka("redis://k1/t"));
#ifdef PS_WITH_KAFKA
	/* -X: librdkafka checks names and values; the URL names the brokers */
	struct ps_sink_props p = {.kv = {"compression.type=zstd", "linger.ms=50"}, .n = 2};
	CU_ASSERT_EQUAL(ps_sink_check("kafka://k1:9092/flows", &p, err, sizeof err), 0);
	struct ps_sink_props unknown = {.kv = {"no.such.property=1"}, .n = 1};
	CU_ASSERT_EQUAL(ps_sink_check("kafka://k1:9092/flows", &unknown, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "no.such.property"));
	struct ps_sink_props badval = {.kv = {"compression.type=rot13"}, .n = 1};
	CU_ASSERT_EQUAL(ps_sink_check("kafka://k1:9092/flows", &badval, err, sizeof err), -1);
	struct ps_sink_props brokers = {.kv = {"bootstrap.servers=x:1"}, .n = 1};
	CU_ASSERT_EQUAL(ps_sink_check("kafka://k1:9092/flows", &brokers, err, sizeof err), -1);
	CU_ASSERT_EQUAL(ps_sink_check("kafka://k1:9092/", NULL, err, sizeof err), -1);
#else
	CU_ASSERT_EQUAL(ps_sink_check("kafka://k1:9092/flows", NULL, err, sizeof err), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(err, "without Kafka"));
#endif
}

PST_MAIN("sink_url", {"redis_parts", test_sink_url_redis_parts},
	 {"redis_refused", test_sink_url_redis_refused}, {"redis_auth", test_sink_url_redis_auth},
	 {"secret_span", test_sink_url_secret_span}, {"kafka_parts", test_sink_url_kafka_parts},
	 {"kafka_refused", test_sink_url_kafka_refused}, {"schemes", test_sink_url_schemes})
