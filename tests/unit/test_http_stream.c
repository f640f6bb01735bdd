/* SPDX-License-Identifier: BSD-2-Clause */
/* test_http_stream.c - CUnit suite of HTTP/1.x over the reassembled TCP
 * stream (dissectors/dis_http_stream.c through src/flow/flow_app.c): a
 * request cut at every byte over two segments, a response likewise,
 * pipelined requests, Content-Length and chunked bodies followed by the
 * next request in the same segment, the header block cap, a gap. */
#include <stdlib.h>
#include <string.h>

#include "dis_tcp.h"
#include "ps_flow.h"
#include "ps_test.h"
#include "pst_conv.h"

static struct ps_packet pkt;

#define PUSH (TH_ACK | TH_PUSH)

/* client to server (port 80) at client sequence number seq */
static void req(struct ps_flow_table *t, uint32_t seq, const char *s, uint32_t n)
{
	pst_conv_feed(t, &pkt, 80, 6, true, PUSH, seq, 5001, (const uint8_t *)s, n);
}

static void resp(struct ps_flow_table *t, uint32_t seq, const char *s, uint32_t n)
{
	pst_conv_feed(t, &pkt, 80, 6, false, PUSH, seq, 1001, (const uint8_t *)s, n);
}

static struct ps_flow_table *conv(void)
{
	struct ps_flow_table *t = pst_conv_table(1u << 20);
	pst_conv_handshake(t, &pkt, 80);
	return t;
}

static bool is(const char *path, const char *want)
{
	const char *v = pst_field(&pkt, path);
	return v && !strcmp(v, want);
}

static const char get[] = "GET /a/b?c=d HTTP/1.1\r\nHost: example.com\r\n"
			  "User-Agent: t/1\r\nAccept: */*\r\n\r\n";

/* Cut at every byte: no http object (not even an empty one) on
 * the first frame, the whole request on the second; the text of the
 * first stays tcpdump's (it reads each segment alone). */
static void test_hs_request_every_split(void)
{
	uint32_t n = sizeof get - 1;
	unsigned bad = 0;
	for (uint32_t k = 1; k < n; k++) {
		struct ps_flow_table *t = conv();
		req(t, 1001, get, k);
		bool ok = !strstr(pst_json(&pkt), "\"http\"");
		req(t, 1001 + k, get + k, n - k);
		ok = ok && is("http.method", "GET") && is("http.uri", "/a/b?c=d") &&
		     is("http.version", "HTTP/1.1") && is("http.host", "example.com") &&
		     is("http.user_agent", "t/1") && is("http.headers.2.0", "Accept") &&
		     is("http.headers.2.1", "*/*") && !pst_field(&pkt, "http.headers.3.0") &&
		     !strcmp(pst_text(&pkt, 0, false) + strlen(pst_text(&pkt, 0, false)) - 6,
			     ": HTTP");
		if (!ok && bad++ < 3)
			fprintf(stderr, "split at %u: %s\n", (unsigned)k, pst_json(&pkt));
		ps_flow_table_free(t);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

static void test_hs_response_every_split(void)
{
	static const char r[] = "HTTP/1.1 404 Not Found\r\nServer: s\r\nContent-Length: 3\r\n\r\nabc";
	uint32_t n = sizeof r - 1 - 3;
	unsigned bad = 0;
	for (uint32_t k = 1; k < n; k++) {
		struct ps_flow_table *t = conv();
		req(t, 1001, get, sizeof get - 1);
		resp(t, 5001, r, k);
		bool ok = !pst_field(&pkt, "http.status");
		resp(t, 5001 + k, r + k, (uint32_t)sizeof r - 1 - k);
		ok = ok && is("http.status", "404") && is("http.reason", "Not Found") &&
		     is("http.server", "s") && is("http.content_length", "3");
		if (!ok && bad++ < 3)
			fprintf(stderr, "split at %u: %s\n", (unsigned)k, pst_json(&pkt));
		ps_flow_table_free(t);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* Two requests in one segment and the start of a third, completed in the
 * next: the first frame reports the first (tshark's rule), the second the
 * third, from the joined block. */
static void test_hs_pipelined(void)
{
	static const char a[] = "GET /1 HTTP/1.1\r\nHost: h\r\n\r\n"
				"GET /2 HTTP/1.1\r\nHost: h\r\n\r\n"
				"GET /3 HTTP/1.1\r\nHo";
	static const char b[] = "st: three\r\n\r\n";
	struct ps_flow_table *t = conv();
	req(t, 1001, a, sizeof a - 1);
	ASSERT_FIELD("http.uri", "/1");
	req(t, 1001 + sizeof a - 1, b, sizeof b - 1);
	ASSERT_FIELD("http.uri", "/3");
	ASSERT_FIELD("http.host", "three");
	CU_ASSERT_EQUAL(ps_flow_app_http_budget(t)->messages, 3);
	CU_ASSERT_EQUAL(ps_flow_app_http_budget(t)->same_frame, 1);
	ps_flow_table_free(t);
}

/* A body counted through: the next request starts inside the segment that
 * ends the body and completes in the next one.  Body bytes that look like
 * a request line inside a segment are not read as one.  (A segment that
 * starts with a request line starts a message, as tshark reads it with
 * http.desegment_body off.) */
static void body_then_next(const char *first, const char *body_end)
{
	char b[512];
	int n1 = snprintf(b, sizeof b, "%s", first);
	struct ps_flow_table *t = conv();
	req(t, 1001, b, (uint32_t)n1);
	ASSERT_FIELD("http.method", "POST");
	int n2 = snprintf(b, sizeof b, "%sGET /next HTTP/1.1\r\nHo", body_end);
	req(t, 1001 + (uint32_t)n1, b, (uint32_t)n2);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "http.method"));
	req(t, 1001 + (uint32_t)(n1 + n2), "st: n\r\n\r\n", 9);
	ASSERT_FIELD("http.uri", "/next");
	ASSERT_FIELD("http.host", "n");
	CU_ASSERT_EQUAL(ps_flow_app_http_budget(t)->messages, 2);
	ps_flow_table_free(t);
}

static void test_hs_content_length_then_next(void)
{
	/* 17 of the 30 body bytes (a request line among them), then 13 */
	body_then_next("POST /p HTTP/1.1\r\nContent-Length: 30\r\n\r\nGET /x HTTP/1.1\r\n",
		       "0123456789abc");
}

static void test_hs_chunked_then_next(void)
{
	/* an 11-byte chunk that reads like a request line, a 16-byte chunk
	 * whose size line is cut over the segments, the last chunk, a trailer */
	body_then_next("POST /p HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
		       "b;ext=1\r\nGET /x HTTP\r\n1",
		       "0\r\n0123456789abcdef\r\n0\r\nX-Trailer: 1\r\n\r\n");
}

/* A header block over the 16 KiB cap: no object and the event on the
 * frame completing it, the counter; the next request is decoded. */
static void test_hs_cap(void)
{
	struct ps_flow_table *t = conv();
	char *big = malloc(1400);
	CU_ASSERT_PTR_NOT_NULL_FATAL(big);
	uint32_t seq = 1001;
	int n = snprintf(big, 1400, "GET /big HTTP/1.1\r\n");
	req(t, seq, big, (uint32_t)n);
	seq += (uint32_t)n;
	for (unsigned i = 0; i < 14; i++) { /* 14 x 1200 header bytes */
		memset(big, 'a', 1200);
		memcpy(big, "X-Pad: ", 7);
		memcpy(big + 1198, "\r\n", 2);
		req(t, seq, big, 1200);
		seq += 1200;
		CU_ASSERT_PTR_NULL(pst_field(&pkt, "http.method"));
	}
	req(t, seq, "\r\n", 2);
	seq += 2;
	CU_ASSERT_TRUE(pst_has_event(&pkt, "http.stream_cap"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "http.method"));
	CU_ASSERT_EQUAL(ps_flow_app_http_budget(t)->dropped_cap, 1);
	req(t, seq, get, sizeof get - 1);
	ASSERT_FIELD("http.host", "example.com");
	CU_ASSERT_FALSE(pst_has_event(&pkt, "http.stream_cap"));
	free(big);
	ps_flow_table_free(t);
	CU_ASSERT_EQUAL(ps_flow_app_http_budget(t = conv())->used, 0);
	ps_flow_table_free(t);
}

/* A lost segment: the block in progress is given up; a later segment that
 * starts with a request line syncs again. */
static void test_hs_gap(void)
{
	struct ps_flow_table *t = conv();
	req(t, 1001, get, 10);
	/* bytes 10..19 lost; the rest of that request arrives */
	req(t, 1021, get + 20, sizeof get - 1 - 20);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "http.method"));
	req(t, 1001 + sizeof get - 1, get, sizeof get - 1);
	ASSERT_FIELD("http.uri", "/a/b?c=d");
	ps_flow_table_free(t);
}

/* A Content-Length shorter than the body: the "block" after it does not
 * start like a message, so no object and the stream waits for the next
 * segment that starts with a request line. */
static void test_hs_bad_framing(void)
{
	static const char a[] = "POST /p HTTP/1.1\r\nContent-Length: 5\r\n\r\n"
				"0123456789GET /z HTTP/1.1\r\n\r\n";
	struct ps_flow_table *t = conv();
	req(t, 1001, a, sizeof a - 1);
	ASSERT_FIELD("http.uri", "/p");
	CU_ASSERT_EQUAL(ps_flow_app_http_budget(t)->messages, 1);
	CU_ASSERT_EQUAL(ps_flow_app_http_budget(t)->desyncs, 1);
	req(t, 1001 + sizeof a - 1, get, sizeof get - 1);
	ASSERT_FIELD("http.uri", "/a/b?c=d");
	ps_flow_table_free(t);
}

PST_MAIN("http_stream", {"request_every_split", test_hs_request_every_split},
	 {"response_every_split", test_hs_response_every_split}, {"pipelined", test_hs_pipelined},
	 {"content_length_then_next", test_hs_content_length_then_next},
	 {"chunked_then_next", test_hs_chunked_then_next}, {"cap", test_hs_cap},
	 {"gap", test_hs_gap}, {"bad_framing", test_hs_bad_framing})
