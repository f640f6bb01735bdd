/* SPDX-License-Identifier: BSD-2-Clause */
/* test_http.c - CUnit suite of the HTTP/1.x dissector: request and status
 * lines, header fields, malformed lines, segments cut short. */
#include <stdio.h>
#include <string.h>

#include "l7_frame.h"
#include "ps_test.h"

static struct ps_packet pkt;
static uint8_t frame[8192];

static uint32_t mk(uint16_t sport, uint16_t dport, const char *s, size_t n)
{
	return l7_tcp_frame(frame, sport, dport, s, n);
}
#define MK(sport, dport, lit) mk((sport), (dport), (lit), sizeof(lit) - 1)
#define DISSECT(n) pst_dissect(&pkt, PS_DLT_EN10MB, frame, (n), (n))

static const char request[] = "GET /index.html?q=1 HTTP/1.1\r\n"
			      "Host: example.com\r\n"
			      "User-Agent:  curl/8.0\t \r\n"
			      "Referer: http://a.example/\r\n"
			      "Accept: */*\r\n"
			      "no colon here\r\n"
			      "\r\n";

static void test_http_request(void)
{
	uint32_t n = MK(40000, 80, request);
	DISSECT(n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("http.method", "GET");
	ASSERT_FIELD("http.uri", "/index.html?q=1");
	ASSERT_FIELD("http.version", "HTTP/1.1");
	ASSERT_FIELD("http.host", "example.com");
	ASSERT_FIELD("http.user_agent", "curl/8.0"); /* spaces and tabs trimmed */
	ASSERT_FIELD("http.referer", "http://a.example/");
	ASSERT_FIELD("http.headers.0.0", "Host");
	ASSERT_FIELD("http.headers.0.1", "example.com");
	ASSERT_FIELD("http.headers.3.0", "Accept");
	ASSERT_FIELD("http.headers.3.1", "*/*");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "http.headers.4.0")); /* no colon: skipped */
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "http.status"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "payload.len"));
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:133, ack 1, win 512, "
		    "length 132: HTTP: GET /index.html?q=1 HTTP/1.1");
	/* -v: every text line, as tcpdump's txtproto_print */
	ASSERT_VTEXT_ENDS(1, ": HTTP, length: 132\n\tGET /index.html?q=1 HTTP/1.1\n\t"
			     "Host: example.com\n\tUser-Agent:  curl/8.0\t \n\tReferer: "
			     "http://a.example/\n\tAccept: */*\n\tno colon here\n\t");
}

static const char response[] = "HTTP/1.1 301 Moved Permanently\r\n"
			       "Server: nginx\n" /* a bare LF ends a line too */
			       "Content-Type: text/html\r\n"
			       "Content-Length: 169\r\n"
			       "Location: https://example.com/\r\n"
			       "\r\n"
			       "<html>";

static void test_http_response(void)
{
	uint32_t n = MK(8080, 40000, response);
	DISSECT(n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("http.version", "HTTP/1.1");
	ASSERT_FIELD("http.status", "301");
	ASSERT_FIELD("http.reason", "Moved Permanently");
	ASSERT_FIELD("http.server", "nginx");
	ASSERT_FIELD("http.content_type", "text/html");
	ASSERT_FIELD("http.content_length", "169");
	ASSERT_FIELD("http.location", "https://example.com/");
	ASSERT_FIELD("http.headers.2.0", "Content-Length");
	ASSERT_FIELD("payload.len", "6"); /* the body */
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "http.method"));
	ASSERT_TEXT("IP 10.0.0.1.8080 > 10.0.0.2.40000: Flags [P.], seq 1:133, ack 1, win 512, "
		    "length 132: HTTP: HTTP/1.1 301 Moved Permanently");
	/* an empty reason */
	n = MK(80, 40000, "HTTP/1.0 200\r\n\r\n");
	DISSECT(n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("http.status", "200");
	ASSERT_FIELD("http.reason", "");
}

static void test_http_ports(void)
{
	/* any port: a whole request line ending in HTTP/1.x */
	uint32_t n = MK(40000, 8000, "POST /api HTTP/1.0\r\nContent-Length: 0\r\n\r\n");
	DISSECT(n);
	ASSERT_FIELD("http.method", "POST");
	ASSERT_FIELD("http.content_length", "0");
	/* ... but not a bare method on another port */
	n = MK(40000, 8000, "GET something\r\n");
	DISSECT(n);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "http.method"));
	ASSERT_FIELD("payload.len", "15");
	/* a body segment on port 80 is payload */
	n = MK(80, 40000, "<html><body>hello</body></html>");
	DISSECT(n);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "http.version"));
	ASSERT_FIELD("payload.len", "31");
	/* ... whose text is tcpdump's bare "HTTP" (port 80 and 8080 only) */
	ASSERT_TEXT("IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [P.], seq 1:32, ack 1, win 512, "
		    "length 31: HTTP");
	n = MK(8000, 40000, "<html><body>hello</body></html>");
	DISSECT(n);
	ASSERT_TEXT("IP 10.0.0.1.8000 > 10.0.0.2.40000: Flags [P.], seq 1:32, ack 1, win 512, "
		    "length 31");
}

static void test_http_reset(void)
{
	/* tcpdump 4.99 prints a reset's payload by port at the default level;
	 * with -v it prints the data as TCP's, without HTTP */
	uint32_t n = MK(80, 40000, "HTTP/1.1 200 OK\r\n\r\n");
	frame[L7_HDRS - 7] = 0x14; /* flags R. */
	DISSECT(n);
	ASSERT_TEXT("IP 10.0.0.1.80 > 10.0.0.2.40000: Flags [R.], seq 1:20, ack 1, win 512, "
		    "length 19: HTTP: HTTP/1.1 200 OK");
	ASSERT_VTEXT_ENDS(1, "length 19");
}

static void test_http_start_line_invalid(void)
{
	uint32_t n = MK(40000, 80, "GET /old\r\n\r\n"); /* HTTP/0.9 style: no version */
	DISSECT(n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "http.start_line_invalid"));
	ASSERT_FIELD("http.method", "GET");
	ASSERT_FIELD("http.uri", "/old");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "http.version"));
	n = MK(80, 40000, "HTTP/1.1 2x0 Odd\r\n\r\n");
	DISSECT(n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "http.start_line_invalid"));
	ASSERT_FIELD("http.version", "HTTP/1.1");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "http.status"));
}

static void test_http_content_length_invalid(void)
{
	uint32_t n = MK(80, 40000, "HTTP/1.1 200 OK\r\nContent-Length: -5\r\n\r\n");
	DISSECT(n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "http.content_length_invalid"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "http.content_length"));
	ASSERT_FIELD("http.headers.0.1", "-5");
	n = MK(80, 40000, "HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999\r\n\r\n");
	DISSECT(n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "http.content_length_invalid"));
}

static void test_http_header_limit(void)
{
	char msg[4096];
	int len = snprintf(msg, sizeof msg, "GET / HTTP/1.1\r\n");
	for (int i = 0; i < 130; i++)
		len += snprintf(msg + len, sizeof msg - (size_t)len, "X-%d: %d\r\n", i, i);
	len += snprintf(msg + len, sizeof msg - (size_t)len, "\r\n");
	uint32_t n = mk(40000, 80, msg, (size_t)len);
	DISSECT(n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "http.header_limit"));
	ASSERT_FIELD("http.headers.127.0", "X-127");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "http.headers.128.0"));
}

static void test_http_continued(void)
{
	/* the header block goes on in the next segment: whole lines only, no event */
	uint32_t n = MK(40000, 80, "GET / HTTP/1.1\r\nHost: a.example\r\nUser-Ag");
	DISSECT(n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("http.host", "a.example");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "http.user_agent"));
	ASSERT_FIELD("payload.len", "7");
}

static void test_http_truncated(void)
{
	uint32_t n = MK(40000, 80, request);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, L7_HDRS + 40, n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "http.truncated"));
	ASSERT_FIELD("http.method", "GET");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "http.host")); /* its line is cut */
	/* the text is tcpdump's: the first line is whole, so no mark at the
	 * default level; -v runs into the cut Host line */
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:133, ack 1, win 512, "
		    "length 132: HTTP: GET /index.html?q=1 HTTP/1.1");
	ASSERT_VTEXT_ENDS(1, "length 132: HTTP, length: 132\n\tGET /index.html?q=1 HTTP/1.1 [|http]");
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, L7_HDRS + 10, n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "http.truncated"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "http.method"));
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:133, ack 1, win 512, "
		    "length 132: HTTP [|http]");
}

static void test_http_utf8(void)
{
	/* well-formed UTF-8 passes into JSON as is; a stray byte becomes U+FFFD */
	uint32_t n = MK(40000, 80, "GET / HTTP/1.1\r\nUser-Agent: caf\xc3\xa9 \xff!\r\n\r\n");
	DISSECT(n);
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_json(&pkt), "\"user_agent\":\"caf\xc3\xa9 \\ufffd!\""));
	/* text: tcpdump prints no line that is not printable ASCII */
	ASSERT_VTEXT_ENDS(1, ": HTTP, length: 40\n\tGET / HTTP/1.1");
}

static void test_http_sweep(void)
{
	uint32_t n = MK(40000, 80, request);
	/* every prefix that starts the request and ends before the blank line
	 * (its last 2 bytes) is truncated: 4 ("GET ")..131 payload bytes */
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, frame, n, L7_HDRS, "http.truncated"), 128);
	n = MK(8080, 40000, response);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, frame, n, 0, "http.start_line_invalid"), 0);
}

PST_MAIN("http", {"request", test_http_request}, {"response", test_http_response},
	 {"ports", test_http_ports}, {"reset", test_http_reset},
	 {"start_line_invalid", test_http_start_line_invalid},
	 {"content_length_invalid", test_http_content_length_invalid},
	 {"header_limit", test_http_header_limit}, {"continued", test_http_continued},
	 {"truncated", test_http_truncated}, {"utf8", test_http_utf8},
	 {"sweep", test_http_sweep})
