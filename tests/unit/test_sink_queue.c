/* SPDX-License-Identifier: BSD-2-Clause */
/* test_sink_queue.c - the bounded queue between capture and a sink's writer
 * thread: a full queue drops the newest record and counts it, order is kept
 * across the ring's wrap, close drains, abandon counts what is left; and a
 * whole sink (file backend, dead redis) keeps offered = sent + dropped +
 * errors. */
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "ps_sink.h"
#include "ps_test.h"
#include "sink_queue.h"

/* record i as text: "rec-" and six digits */
static size_t rec(char *buf, size_t cap, unsigned i)
{
	return (size_t)snprintf(buf, cap, "rec-%06u", i);
}

static void test_sink_queue_full_drops_newest(void)
{
	struct ps_sink_queue q;
	struct ps_sink_batch b;
	char r[32];
	CU_ASSERT_EQUAL_FATAL(ps_sink_queue_init(&q, 64, 100), 0);
	CU_ASSERT_EQUAL_FATAL(ps_sink_batch_init(&b, 1024, 16), 0);
	/* each entry: 10 bytes + 5 of lengths = 15; 4 fit in 64, the 5th does not */
	for (unsigned i = 0; i < 6; i++)
		CU_ASSERT_EQUAL(ps_sink_queue_push(&q, r, rec(r, sizeof r, i)), i < 4);
	CU_ASSERT_EQUAL(q.queued, 4);
	CU_ASSERT_EQUAL(q.dropped, 2);
	CU_ASSERT_EQUAL(ps_sink_queue_pop(&q, &b, 0), 4);
	for (unsigned i = 0; i < 4; i++) { /* the oldest stayed: drop-newest */
		rec(r, sizeof r, i);
		CU_ASSERT_EQUAL(b.len[i], strlen(r));
		CU_ASSERT_EQUAL(memcmp(b.buf + b.off[i], r, b.len[i]), 0);
	}
	/* room again once popped */
	CU_ASSERT_EQUAL(ps_sink_queue_push(&q, r, rec(r, sizeof r, 9)), 1);
	ps_sink_batch_free(&b);
	ps_sink_queue_destroy(&q);
}

/* Keys travel with their records, wrapped or not; an unkeyed record has
 * none; a key over 255 bytes is refused and counted. */
static void test_sink_queue_keys(void)
{
	struct ps_sink_queue q;
	struct ps_sink_batch b;
	char r[32], key[300];
	memset(key, 'k', sizeof key);
	CU_ASSERT_EQUAL_FATAL(ps_sink_queue_init(&q, 100, 100), 0);
	CU_ASSERT_EQUAL_FATAL(ps_sink_batch_init(&b, 1024, 16), 0);
	for (unsigned i = 0; i < 40; i++) { /* 15 + 28 bytes an entry: wraps the ring of 100 */
		char id[32];
		snprintf(id, sizeof id, "1:flow-%020u=", i);
		size_t n = rec(r, sizeof r, i);
		CU_ASSERT_EQUAL_FATAL(i % 2 ? ps_sink_queue_push(&q, r, n)
					    : ps_sink_queue_push_keyed(&q, id, strlen(id), r, n),
				      1);
		CU_ASSERT_EQUAL_FATAL(ps_sink_queue_pop(&q, &b, 0), 1);
		CU_ASSERT_EQUAL(b.len[0], n);
		CU_ASSERT_EQUAL(memcmp(b.buf + b.off[0], r, n), 0);
		CU_ASSERT_EQUAL(b.klen[0], i % 2 ? 0 : strlen(id));
		if (i % 2 == 0)
			CU_ASSERT_EQUAL(memcmp(b.buf + b.off[0] - b.klen[0], id, strlen(id)), 0);
	}
	CU_ASSERT_EQUAL(ps_sink_queue_push_keyed(&q, key, 256, "x", 1), 0);
	CU_ASSERT_EQUAL(ps_sink_queue_push_keyed(&q, key, 255, "x", 1), 0); /* 261 > 100: never fits */
	CU_ASSERT_EQUAL(q.dropped, 2);
	CU_ASSERT_TRUE(q.tail > 3 * q.cap);
	ps_sink_batch_free(&b);
	ps_sink_queue_destroy(&q);
}

static void test_sink_queue_record_bound(void)
{
	struct ps_sink_queue q;
	char big[200];
	memset(big, 'x', sizeof big);
	CU_ASSERT_EQUAL_FATAL(ps_sink_queue_init(&q, 1 << 16, 3), 0);
	for (unsigned i = 0; i < 5; i++)
		ps_sink_queue_push(&q, "a", 1);
	CU_ASSERT_EQUAL(q.queued, 3); /* max_records bounds it before the bytes do */
	CU_ASSERT_EQUAL(q.dropped, 2);
	ps_sink_queue_destroy(&q);
	CU_ASSERT_EQUAL_FATAL(ps_sink_queue_init(&q, 128, 100), 0);
	CU_ASSERT_EQUAL(ps_sink_queue_push(&q, big, sizeof big), 0); /* larger than the ring */
	CU_ASSERT_EQUAL(q.dropped, 1);
	ps_sink_queue_destroy(&q);
}

/* Records cross the end of the ring (a 100-byte ring, 14-byte entries) and
 * come out whole and in order, batch after batch. */
static void test_sink_queue_order_across_wrap(void)
{
	struct ps_sink_queue q;
	struct ps_sink_batch b;
	char r[32];
	unsigned next_in = 0, next_out = 0;
	CU_ASSERT_EQUAL_FATAL(ps_sink_queue_init(&q, 100, 100), 0);
	CU_ASSERT_EQUAL_FATAL(ps_sink_batch_init(&b, 30, 2), 0); /* at most 2 per pop */
	for (unsigned round = 0; round < 200; round++) {
		for (unsigned k = 0; k < 1 + round % 5; k++)
			if (ps_sink_queue_push(&q, r, rec(r, sizeof r, next_in)))
				next_in++;
		int n = ps_sink_queue_pop(&q, &b, 0);
		CU_ASSERT_TRUE(n >= 0 && n <= 2);
		for (int i = 0; i < n; i++) {
			rec(r, sizeof r, next_out++);
			CU_ASSERT_EQUAL(b.len[i], strlen(r));
			CU_ASSERT_EQUAL(memcmp(b.buf + b.off[i], r, strlen(r)), 0);
		}
	}
	CU_ASSERT_TRUE(q.tail > 10 * q.cap); /* the ring did wrap, many times */
	CU_ASSERT_EQUAL(q.queued, next_in);
	CU_ASSERT_TRUE(q.dropped > 0); /* 3 in, 2 out per round on average: it filled */
	ps_sink_batch_free(&b);
	ps_sink_queue_destroy(&q);
}

static void test_sink_queue_close_drains(void)
{
	struct ps_sink_queue q;
	struct ps_sink_batch b;
	char r[32];
	CU_ASSERT_EQUAL_FATAL(ps_sink_queue_init(&q, 1024, 100), 0);
	CU_ASSERT_EQUAL_FATAL(ps_sink_batch_init(&b, 1024, 4), 0);
	for (unsigned i = 0; i < 10; i++)
		ps_sink_queue_push(&q, r, rec(r, sizeof r, i));
	ps_sink_queue_close(&q);
	CU_ASSERT_EQUAL(ps_sink_queue_push(&q, "late", 4), 0); /* closed: refused, counted */
	CU_ASSERT_EQUAL(q.dropped, 1);
	unsigned got = 0;
	int n;
	while ((n = ps_sink_queue_pop(&q, &b, 1000)) > 0) /* never waits: closed */
		got += (unsigned)n;
	CU_ASSERT_EQUAL(n, -1);
	CU_ASSERT_EQUAL(got, 10);
	CU_ASSERT_TRUE(ps_sink_queue_finished(&q));
	ps_sink_batch_free(&b);
	ps_sink_queue_destroy(&q);
}

static void test_sink_queue_abandon_counts(void)
{
	struct ps_sink_queue q;
	struct ps_sink_batch b;
	CU_ASSERT_EQUAL_FATAL(ps_sink_queue_init(&q, 1024, 100), 0);
	CU_ASSERT_EQUAL_FATAL(ps_sink_batch_init(&b, 1024, 4), 0);
	for (unsigned i = 0; i < 7; i++)
		ps_sink_queue_push(&q, "abc", 3);
	CU_ASSERT_EQUAL(ps_sink_queue_abandon(&q), 7);
	CU_ASSERT_EQUAL(q.dropped, 7);
	CU_ASSERT_EQUAL(ps_sink_queue_pop(&q, &b, 1000), -1);
	ps_sink_batch_free(&b);
	ps_sink_queue_destroy(&q);
}

struct producer {
	struct ps_sink_queue *q;
	unsigned n;
};

static void *produce(void *arg)
{
	struct producer *p = arg;
	char r[32];
	for (unsigned i = 0; i < p->n; i++)
		ps_sink_queue_push(p->q, r, rec(r, sizeof r, i));
	ps_sink_queue_close(p->q);
	return NULL;
}

/* A producer thread against a consumer: what comes out is a strictly
 * increasing subsequence, and every record is either popped or dropped. */
static void test_sink_queue_threads(void)
{
	struct ps_sink_queue q;
	struct ps_sink_batch b;
	CU_ASSERT_EQUAL_FATAL(ps_sink_queue_init(&q, 4096, 1000), 0);
	CU_ASSERT_EQUAL_FATAL(ps_sink_batch_init(&b, 512, 32), 0);
	struct producer p = {&q, 200000};
	pthread_t t;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, produce, &p), 0);
	long last = -1;
	unsigned got = 0, bad = 0;
	int n;
	while ((n = ps_sink_queue_pop(&q, &b, 100)) >= 0) {
		for (int i = 0; i < n; i++) {
			char r[32];
			memcpy(r, b.buf + b.off[i], b.len[i]);
			r[b.len[i]] = '\0';
			long v = strtol(r + 4, NULL, 10);
			bad += v <= last;
			last = v;
		}
		got += (unsigned)n;
	}
	pthread_join(t, NULL);
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(got, q.queued);
	CU_ASSERT_EQUAL(q.queued + q.dropped, p.n);
	ps_sink_batch_free(&b);
	ps_sink_queue_destroy(&q);
}

/* Reading a file (block set): a full queue waits for the writer instead of
 * dropping, so a slow consumer still gets every record, in order. */
static void test_sink_queue_block_while_healthy(void)
{
	struct ps_sink_queue q;
	struct ps_sink_batch b;
	CU_ASSERT_EQUAL_FATAL(ps_sink_queue_init(&q, 256, 1000), 0);
	CU_ASSERT_EQUAL_FATAL(ps_sink_batch_init(&b, 64, 3), 0);
	q.block = true;
	struct producer p = {&q, 20000};
	pthread_t t;
	CU_ASSERT_EQUAL_FATAL(pthread_create(&t, NULL, produce, &p), 0);
	unsigned got = 0, bad = 0;
	int n;
	while ((n = ps_sink_queue_pop(&q, &b, 100)) >= 0)
		for (int i = 0; i < n; i++) {
			char r[32];
			bad += b.len[i] != rec(r, sizeof r, got) || memcmp(b.buf + b.off[i], r, b.len[i]);
			got++;
		}
	pthread_join(t, NULL);
	CU_ASSERT_EQUAL(got, 20000);
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(q.dropped, 0);
	ps_sink_batch_free(&b);
	ps_sink_queue_destroy(&q);
}

/* ... but not for a sink reported down: then a full queue drops at once. */
static void test_sink_queue_block_drops_when_unhealthy(void)
{
	struct ps_sink_queue q;
	CU_ASSERT_EQUAL_FATAL(ps_sink_queue_init(&q, 64, 2), 0);
	q.block = true;
	ps_sink_queue_healthy(&q, false);
	for (unsigned i = 0; i < 5; i++)
		ps_sink_queue_push(&q, "abc", 3); /* would hang the test if it waited */
	CU_ASSERT_EQUAL(q.queued, 2);
	CU_ASSERT_EQUAL(q.dropped, 3);
	ps_sink_queue_destroy(&q);
}

/* A whole sink: the file backend gets every record, one per line, in order,
 * and the counters say so. */
static void test_sink_file_delivers_on_close(void)
{
	char path[] = "/tmp/test_sink_queue.XXXXXX";
	int fd = mkstemp(path);
	CU_ASSERT_FATAL(fd >= 0);
	close(fd);
	char url[64], err[256] = "", last[256];
	snprintf(url, sizeof url, "file:%s", path);
	struct ps_sink *s = ps_sink_open(url, NULL, true, err, sizeof err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	char r[32];
	for (unsigned i = 0; i < 5000; i++)
		ps_sink_offer(s, r, rec(r, sizeof r, i));
	struct ps_sink_stats st;
	ps_sink_close(s, 5000, &st, last, sizeof last);
	CU_ASSERT_EQUAL(st.queued, 5000);
	CU_ASSERT_EQUAL(st.sent, 5000);
	CU_ASSERT_EQUAL(st.dropped + st.errors, 0);
	CU_ASSERT_STRING_EQUAL(last, "");
	FILE *f = fopen(path, "r");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	char line[64];
	unsigned i = 0, bad = 0;
	while (fgets(line, sizeof line, f)) {
		rec(r, sizeof r, i++);
		bad += strcmp(line, strcat(r, "\n")) != 0;
	}
	fclose(f);
	unlink(path);
	CU_ASSERT_EQUAL(i, 5000);
	CU_ASSERT_EQUAL(bad, 0);
}

/* A redis sink whose port refuses connections (a socket of ours, bound but
 * not listening): close returns after the drain time and everything offered
 * is counted as dropped. */
static void test_sink_dead_redis_counts(void)
{
	int sd = socket(AF_INET, SOCK_STREAM, 0);
	struct sockaddr_in a = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
	socklen_t al = sizeof a;
	CU_ASSERT_FATAL(sd >= 0 && bind(sd, (struct sockaddr *)&a, sizeof a) == 0 &&
			getsockname(sd, (struct sockaddr *)&a, &al) == 0);
	char url[80], err[256], last[256];
	snprintf(url, sizeof url, "redis://127.0.0.1:%u/k", ntohs(a.sin_port));
	struct ps_sink *s = ps_sink_open(url, NULL, false, err, sizeof err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(s);
	for (unsigned i = 0; i < 100; i++)
		ps_sink_offer(s, "x", 1);
	struct ps_sink_stats st;
	ps_sink_close(s, 200, &st, last, sizeof last);
	close(sd);
	CU_ASSERT_EQUAL(st.sent, 0);
	CU_ASSERT_EQUAL(st.connects, 0);
	CU_ASSERT_EQUAL(st.queued, 100);
	CU_ASSERT_EQUAL(st.dropped + st.errors, 100);
	CU_ASSERT_PTR_NOT_NULL(strstr(last, "refused"));
}

PST_MAIN("sink_queue", {"full_drops_newest", test_sink_queue_full_drops_newest},
	 {"keys", test_sink_queue_keys},
	 {"record_bound", test_sink_queue_record_bound},
	 {"order_across_wrap", test_sink_queue_order_across_wrap},
	 {"close_drains", test_sink_queue_close_drains},
	 {"abandon_counts", test_sink_queue_abandon_counts}, {"threads", test_sink_queue_threads},
	 {"block_while_healthy", test_sink_queue_block_while_healthy},
	 {"block_drops_when_unhealthy", test_sink_queue_block_drops_when_unhealthy},
	 {"file_delivers_on_close", test_sink_file_delivers_on_close},
	 {"dead_redis_counts", test_sink_dead_redis_counts})
