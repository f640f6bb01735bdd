/* SPDX-License-Identifier: BSD-2-Clause */
/* test_dns_stream.c - CUnit suite of DNS over the reassembled TCP stream
 * (dissectors/dis_dns_stream.c through src/flow/flow_app.c): a query cut
 * at every byte over two segments (the length prefix split, the body
 * split), two messages cut at every byte, two messages in one segment, a
 * response over three segments, a length prefix under 12 (desync and
 * resync), a message the connection never finishes (evicted). */
#include <stdlib.h>
#include <string.h>

#include "dis_tcp.h"
#include "dis_dns_stream.h"
#include "ps_flow.h"
#include "ps_test.h"
#include "pst_conv.h"

static struct ps_packet pkt;

#define PUSH (TH_ACK | TH_PUSH)

static void cli(struct ps_flow_table *t, uint32_t seq, const uint8_t *s, uint32_t n)
{
	pst_conv_feed(t, &pkt, 53, 6, true, PUSH, seq, 5001, s, n);
}

static void srv(struct ps_flow_table *t, uint32_t seq, const uint8_t *s, uint32_t n)
{
	pst_conv_feed(t, &pkt, 53, 6, false, PUSH, seq, 1001, s, n);
}

static struct ps_flow_table *conv(void)
{
	struct ps_flow_table *t = pst_conv_table(1u << 20);
	pst_conv_handshake(t, &pkt, 53);
	return t;
}

static bool is(const char *path, const char *want)
{
	const char *v = pst_field(&pkt, path);
	return v && !strcmp(v, want);
}

/* A length-prefixed query for <name>.example.com (A, IN) with id qid. */
static uint32_t query(uint8_t *b, uint16_t qid, const char *name)
{
	static const uint8_t tail[] = {7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
				       0, 1, 0, 1};
	uint32_t n = 2;
	uint8_t h[12] = {(uint8_t)(qid >> 8), (uint8_t)qid, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0};
	memcpy(b + n, h, 12);
	n += 12;
	b[n++] = (uint8_t)strlen(name);
	memcpy(b + n, name, strlen(name));
	n += (uint32_t)strlen(name);
	memcpy(b + n, tail, sizeof tail);
	n += sizeof tail;
	b[0] = (uint8_t)((n - 2) >> 8);
	b[1] = (uint8_t)(n - 2);
	return n;
}

/* A response to "big.example.com" with k A records 10.0.i.j. */
static uint32_t response(uint8_t *b, uint16_t qid, unsigned k)
{
	uint32_t n = query(b, qid, "big");
	b[4] = 0x81, b[5] = 0x80, b[8] = (uint8_t)(k >> 8), b[9] = (uint8_t)k;
	for (unsigned i = 0; i < k; i++) {
		static const uint8_t rr[] = {0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0};
		memcpy(b + n, rr, sizeof rr);
		n += sizeof rr;
		b[n++] = (uint8_t)(i >> 8);
		b[n++] = (uint8_t)i;
	}
	b[0] = (uint8_t)((n - 2) >> 8);
	b[1] = (uint8_t)(n - 2);
	return n;
}

/* Cut at every byte: no dns object on the first frame (its text stays
 * tcpdump's), the whole query on the second, whose text is tcpdump's
 * reading of that segment alone. */
static void test_ds_query_every_split(void)
{
	uint8_t q[64];
	uint32_t n = query(q, 0x1234, "www");
	unsigned bad = 0;
	for (uint32_t k = 1; k < n; k++) {
		struct ps_flow_table *t = conv();
		cli(t, 1001, q, k);
		bool ok = !strstr(pst_json(&pkt), "\"dns\"") && !pst_field(&pkt, "events.0");
		const char *t1 = pst_text(&pkt, 0, false);
		ok = ok && (k == 1 ? strstr(t1, "length 1 [DNS over TCP: length 1 < 2] (invalid)")
				   : strstr(t1, "] (invalid)")) != NULL;
		cli(t, 1001 + k, q + k, n - k);
		char want[96];
		if (n - k < 2)
			snprintf(want, sizeof want, "length %u [DNS over TCP: length %u < 2] (invalid)",
				 n - k, n - k);
		else
			snprintf(want, sizeof want, "length %u [prefix length(%u) != length(%u)] (invalid)",
				 n - k, (unsigned)(q[k] << 8 | q[k + 1]), n - k - 2);
		const char *t2 = pst_text(&pkt, 0, false);
		ok = ok && is("dns.id", "4660") && is("dns.queries.0.name", "www.example.com") &&
		     is("dns.queries.0.type", "1") && is("dns.qdcount", "1") &&
		     !pst_field(&pkt, "events.0") && strlen(t2) >= strlen(want) &&
		     !strcmp(t2 + strlen(t2) - strlen(want), want);
		if (!ok && bad++ < 3)
			fprintf(stderr, "split at %u: %s | %s\n", (unsigned)k, pst_json(&pkt), t2);
		CU_ASSERT_EQUAL(ps_flow_app_dns_budget(t)->messages, 1);
		ps_flow_table_free(t);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* Two queries cut at every byte: each is reported on the frame that
 * completes it; when both complete in one frame, the first. */
static void test_ds_two_every_split(void)
{
	uint8_t q[128];
	uint32_t a = query(q, 1, "one"), n = a + query(q + a, 2, "two");
	unsigned bad = 0;
	for (uint32_t k = 1; k < n; k++) {
		struct ps_flow_table *t = conv();
		cli(t, 1001, q, k);
		bool ok = k < a ? !pst_field(&pkt, "dns.id")
				: is("dns.id", "1") && is("dns.queries.0.name", "one.example.com");
		cli(t, 1001 + k, q + k, n - k);
		ok = ok && (k < a ? is("dns.id", "1") && is("dns.queries.0.name", "one.example.com")
				  : is("dns.id", "2") && is("dns.queries.0.name", "two.example.com"));
		const struct ps_dns_sbudget *b = ps_flow_app_dns_budget(t);
		ok = ok && b->messages == 2 && b->same_frame == (k < a ? 1u : 0u) && !b->desyncs;
		if (!ok && bad++ < 3)
			fprintf(stderr, "split at %u: %s\n", (unsigned)k, pst_json(&pkt));
		ps_flow_table_free(t);
	}
	CU_ASSERT_EQUAL(bad, 0);
}

/* Both queries in one segment: the first is the object; the display
 * filter fields are the object's. */
static void test_ds_two_in_one(void)
{
	uint8_t q[128];
	uint32_t a = query(q, 1, "one"), n = a + query(q + a, 2, "two");
	struct ps_flow_table *t = pst_conv_table(1u << 20);
	pst_conv_handshake(t, &pkt, 53);
	cli(t, 1001, q, n);
	ASSERT_FIELD("dns.id", "1");
	ASSERT_FIELD("dns.queries.0.name", "one.example.com");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dns.queries.1.name"));
	CU_ASSERT_EQUAL(ps_flow_app_dns_budget(t)->same_frame, 1);
	ps_flow_table_free(t);
}

/* A 40-record response over three segments: only the last has it, with
 * every record (decoded from the copy after the frame's bytes). */
static void test_ds_response_three_segments(void)
{
	uint8_t r[1024];
	uint32_t n = response(r, 7, 40);
	struct ps_flow_table *t = conv();
	cli(t, 1001, r, 0); /* nothing */
	srv(t, 5001, r, 100);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dns.id"));
	srv(t, 5101, r + 100, 300);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dns.id"));
	srv(t, 5401, r + 400, n - 400);
	ASSERT_FIELD("dns.id", "7");
	ASSERT_FIELD("dns.qr", "true");
	ASSERT_FIELD("dns.ancount", "40");
	ASSERT_FIELD("dns.answers.0.a", "10.0.0.0");
	ASSERT_FIELD("dns.answers.39.a", "10.0.0.39");
	ASSERT_FIELD("dns.answers.39.name", "big.example.com");
	CU_ASSERT_TRUE(pkt.data_len > pkt.caplen); /* the message follows the frame */
	ps_flow_table_free(t);
}

/* A length prefix under 12 cannot start a message: the stream stops
 * reading until a segment starts with a message again. */
static void test_ds_garbage_length(void)
{
	uint8_t q[128];
	uint32_t a = query(q, 1, "one");
	static const uint8_t junk[] = {0, 5, 'a', 'b', 'c', 'd', 'e', 0, 40, 1, 2};
	memcpy(q + a, junk, sizeof junk);
	struct ps_flow_table *t = conv();
	cli(t, 1001, q, a + (uint32_t)sizeof junk);
	ASSERT_FIELD("dns.id", "1");
	const struct ps_dns_sbudget *b = ps_flow_app_dns_budget(t);
	CU_ASSERT_EQUAL(b->bad_len, 1);
	CU_ASSERT_EQUAL(b->desyncs, 1);
	uint8_t q2[64];
	uint32_t n2 = query(q2, 3, "three");
	uint32_t seq = 1001 + a + (uint32_t)sizeof junk;
	cli(t, seq, q2, 5); /* resyncs here */
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dns.id"));
	cli(t, seq + 5, q2 + 5, n2 - 5);
	ASSERT_FIELD("dns.queries.0.name", "three.example.com");
	CU_ASSERT_EQUAL(b->syncs, 2);
	ps_flow_table_free(t);
}

/* The connection ends inside a message: no object, counted as evicted. */
static void test_ds_truncated(void)
{
	uint8_t q[64];
	uint32_t n = query(q, 9, "cut");
	struct ps_flow_table *t = conv();
	cli(t, 1001, q, n - 4);
	pst_conv_feed(t, &pkt, 53, 6, true, TH_ACK | TH_FIN, 1001 + n - 4, 5001, 0, 0);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dns.id"));
	ps_flow_flush(t);
	CU_ASSERT_EQUAL(ps_flow_app_dns_budget(t)->evicted, 1);
	CU_ASSERT_EQUAL(ps_flow_app_dns_budget(t)->messages, 0);
	ps_flow_table_free(t);
}

/* The decoder's API alone: two messages from outside the frame appended to
 * one record in turn (the second grows the buffer that holds the first:
 * the record's bytes must move with it), each decoded from its copy. */
static void test_ds_append_twice(void)
{
	uint8_t q[64], r[1024];
	uint32_t nq = query(q, 1, "www"), nr = response(r, 2, 60);
	struct ps_flow_table *t = conv();
	cli(t, 1001, q, nq); /* a record with a TCP layer and its own DNS layer */
	ps_flow_table_free(t);
	pkt.flow.id = NULL; /* the table's string went with it */
	struct ps_dns_sbudget b;
	ps_dns_sbudget_init(&b, 0);
	struct ps_dns_xbuf x = {0};
	struct ps_dns_stream st = {0};
	int tl = ps_packet_find(&pkt, PS_P_TCP);
	struct ps_dns_sframe fr = {.p = &pkt, .tcp_li = tl, .li = tl + 1, .own = true,
				   .frame = pkt.data, .nbytes = pkt.caplen,
				   .seg_off = pkt.layers[tl].off + pkt.layers[tl].hdr_len, .seg_len = nq,
				   .x = &x};
	ps_dns_stream_sync(&st, &b);
	uint8_t *copy = malloc(nq);
	memcpy(copy, q, nq);
	ps_dns_stream_feed(&st, &b, &fr, copy, nq);
	ASSERT_FIELD("dns.queries.0.name", "www.example.com");
	CU_ASSERT_EQUAL(pkt.data_len, pkt.caplen + nq);
	fr.done = false;
	ps_dns_stream_feed(&st, &b, &fr, r, 10);
	ps_dns_stream_feed(&st, &b, &fr, r + 10, nr - 10);
	ASSERT_FIELD("dns.id", "2");
	ASSERT_FIELD("dns.answers.59.a", "10.0.0.59");
	CU_ASSERT_EQUAL(pkt.data_len, pkt.caplen + nq + nr);
	CU_ASSERT_EQUAL(memcmp(pkt.data + pkt.caplen, q, nq), 0);
	ps_dns_stream_free(&st, &b);
	CU_ASSERT_EQUAL(b.used, 0);
	free(copy);
	pkt.data = NULL;
	free(x.b);
}

PST_MAIN("dns_stream", {"query_every_split", test_ds_query_every_split},
	 {"two_every_split", test_ds_two_every_split}, {"two_in_one", test_ds_two_in_one},
	 {"response_three_segments", test_ds_response_three_segments},
	 {"garbage_length", test_ds_garbage_length}, {"truncated", test_ds_truncated},
	 {"append_twice", test_ds_append_twice})
