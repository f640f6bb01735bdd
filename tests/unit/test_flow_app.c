/* SPDX-License-Identifier: BSD-2-Clause */
/* test_flow_app.c - CUnit suite of the decoders over a conversation's
 * bytes (src/flow/flow_app.c): TLS records from the reassembled stream,
 * listed on the frame that completes them (every split point of a
 * ClientHello over two segments, a server flight over three, the buffer
 * cap and its counters, a gap, a record desegmented over segments held
 * behind a hole), and a QUIC short header's DCID learned
 * from the connection's long headers. */
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "dis_tcp.h"
#include "dis_tls_stream.h"
#include "ps_flow.h"
#include "ps_test.h"
#include "pst_conv.h"
#include "tls_build.h"

static struct ps_packet pkt;

/* TCP (proto 6) or UDP (17) between 10.0.0.1:40000 and 10.0.0.2:443 */
static void feed(struct ps_flow_table *t, uint8_t proto, bool from_c, uint16_t flags, uint32_t seq,
		 uint32_t ack, const uint8_t *pl, uint32_t n)
{
	pst_conv_feed(t, &pkt, 443, proto, from_c, flags, seq, ack, pl, n);
}

static struct ps_flow_table *table(void) { return pst_conv_table(1u << 20); }
static void handshake(struct ps_flow_table *t) { pst_conv_handshake(t, &pkt, 443); }

#define ABSENT(path) CU_ASSERT_PTR_NULL(pst_field(&pkt, (path)))

static char *dup_field(const char *path)
{
	const char *v = pst_field(&pkt, path);
	CU_ASSERT_PTR_NOT_NULL_FATAL(v);
	return strdup(v);
}

/* The ClientHello cut at every byte: nothing on the first frame, the
 * whole hello (fingerprints equal to the one-segment decode's) on the
 * second, which completes it. */
static void test_app_client_hello_every_split(void)
{
	struct bb ch = {0};
	client_hello(&ch);
	char want_len[16];
	snprintf(want_len, sizeof want_len, "%zu", ch.n - 5);

	struct ps_flow_table *t = table();
	handshake(t);
	feed(t, 6, true, TH_ACK | TH_PUSH, 1001, 5001, ch.d, (uint32_t)ch.n);
	ASSERT_FIELD("tls.client_hello.sni", "example.com");
	char *ja4 = dup_field("tls.client_hello.ja4"), *ja3 = dup_field("tls.client_hello.ja3");
	ps_flow_table_free(t);

	unsigned bad = 0;
	for (uint32_t k = 1; k < ch.n; k++) {
		t = table();
		handshake(t);
		feed(t, 6, true, TH_ACK | TH_PUSH, 1001, 5001, ch.d, k);
		bad += pst_field(&pkt, "tls.records.0.len") != NULL ||
		       pst_field(&pkt, "tls.client_hello.version") != NULL;
		feed(t, 6, true, TH_ACK | TH_PUSH, 1001 + k, 5001, ch.d + k, (uint32_t)ch.n - k);
		const char *sni = pst_field(&pkt, "tls.client_hello.sni");
		const char *len = pst_field(&pkt, "tls.records.0.len");
		const char *hs = pst_field(&pkt, "tls.handshake_types.0");
		const char *j4 = pst_field(&pkt, "tls.client_hello.ja4");
		const char *alpn = pst_field(&pkt, "tls.client_hello.alpn.1");
		bool ok = sni && !strcmp(sni, "example.com") && len && !strcmp(len, want_len) &&
			  hs && !strcmp(hs, "1") && j4 && !strcmp(j4, ja4) && alpn &&
			  !strcmp(alpn, "http/1.1") && !pst_field(&pkt, "tls.records.1.len");
		const char *j3 = pst_field(&pkt, "tls.client_hello.ja3");
		ok = ok && j3 && !strcmp(j3, ja3) && !pst_has_event(&pkt, "tls.truncated");
		if (!ok && bad++ < 3)
			fprintf(stderr, "split at %u: %s\n", (unsigned)k, pst_json(&pkt));
		ps_flow_table_free(t);
	}
	CU_ASSERT_EQUAL(bad, 0);
	free(ja4);
	free(ja3);
}

/* ServerHello, a 3000-byte Certificate record over three segments, then
 * ChangeCipherSpec and application data: each record on the frame where
 * it ends. */
static void test_app_server_flight(void)
{
	struct bb f = {0};
	server_hello(&f);
	size_t sh_end = f.n;
	size_t rec = record_start(&f, 22);
	put8(&f, 11);
	size_t hs = len24(&f);
	zeros(&f, 2996);
	fill24(&f, hs);
	fill16(&f, rec);
	size_t cert_end = f.n;
	put(&f, "\x14\x03\x03\x00\x01\x01", 6);
	put(&f, "\x17\x03\x03\x00\x03xyz", 8);

	struct ps_flow_table *t = table();
	handshake(t);
	uint32_t cut1 = (uint32_t)sh_end + 100, cut2 = cut1 + 1400;
	feed(t, 6, false, TH_ACK, 5001, 1001, f.d, cut1);
	ASSERT_FIELD("tls.records.0.type", "22");
	ASSERT_FIELD("tls.server_hello.cipher", "4865");
	ASSERT_FIELD("tls.server_hello.alpn", "h2");
	ASSERT_FIELD("tls.handshake_types.0", "2");
	ABSENT("tls.records.1.type");
	feed(t, 6, false, TH_ACK, 5001 + cut1, 1001, f.d + cut1, cut2 - cut1);
	ABSENT("tls.records.0.type");
	feed(t, 6, false, TH_ACK | TH_PUSH, 5001 + cut2, 1001, f.d + cut2, (uint32_t)f.n - cut2);
	char want[16];
	snprintf(want, sizeof want, "%zu", cert_end - sh_end - 5);
	ASSERT_FIELD("tls.records.0.len", want);
	ASSERT_FIELD("tls.handshake_types.0", "11");
	ASSERT_FIELD("tls.records.1.type", "20");
	ASSERT_FIELD("tls.records.2.type", "23");
	ASSERT_FIELD("tls.records.2.len", "3");
	ABSENT("tls.server_hello.version");
	CU_ASSERT_EQUAL(ps_flow_app_budget(t)->records, 4); /* SH, Certificate, CCS, data */
	CU_ASSERT_EQUAL(ps_flow_app_budget(t)->used, 0);
	ps_flow_table_free(t);
}

/* A hole the stream gives up on (the FIN waits for it: given up when the
 * other side acknowledges past it) loses the record boundary: the bytes
 * after it are not read as records, the desync is counted. */
static void test_app_gap(void)
{
	struct bb ch = {0};
	client_hello(&ch);
	struct ps_flow_table *t = table();
	handshake(t);
	feed(t, 6, true, TH_ACK, 1001, 5001, ch.d, 100);
	feed(t, 6, true, TH_ACK | TH_FIN, 1201, 5001, ch.d + 200, (uint32_t)ch.n - 200);
	ABSENT("tls.client_hello.version");
	ABSENT("tls.records.0.len");
	feed(t, 6, false, TH_ACK, 5001, 1201 + (uint32_t)ch.n - 200 + 1, NULL, 0);
	ABSENT("tls.records.0.len");
	CU_ASSERT_EQUAL(ps_flow_app_budget(t)->desyncs, 1);
	CU_ASSERT_EQUAL(ps_flow_app_budget(t)->records, 0);
	ps_flow_table_free(t);
}

/* The decoder alone, on a budget with a small cap: a record over the cap
 * is listed without its content (event, counter); a flow that ends inside
 * a record releases it as evicted. */
static void test_app_stream_cap(void)
{
	struct bb ch = {0};
	client_hello(&ch);
	struct ps_flow_table *t = table();
	handshake(t); /* pkt: the last handshake ACK, a TCP layer at index 1 */
	struct ps_tls_sbudget b;
	ps_tls_sbudget_init(&b, 0);
	b.stream_cap = 100;
	struct ps_tls_stream s = {0};
	struct ps_tls_sframe fr = {.p = &pkt, .tcp_li = 1, .li = -1};
	ps_tls_stream_sync(&s, &b);
	ps_tls_stream_feed(&s, &b, &fr, ch.d, (uint32_t)ch.n);
	char want[16];
	snprintf(want, sizeof want, "%zu", ch.n - 5);
	ASSERT_FIELD("tls.records.0.len", want);
	ABSENT("tls.client_hello.version");
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tls.stream_cap"));
	CU_ASSERT_EQUAL(b.dropped_cap, 1);
	CU_ASSERT_EQUAL(b.used, 0);
	/* a hello that fits is copied, then released when the flow ends */
	b.stream_cap = PS_TLS_STREAM_DEFAULT_CAP;
	ps_tls_stream_feed(&s, &b, &fr, ch.d, 100);
	CU_ASSERT_EQUAL(b.used, ch.n - 5);
	CU_ASSERT_EQUAL(b.peak, ch.n - 5);
	ps_tls_stream_free(&s, &b);
	CU_ASSERT_EQUAL(b.evicted, 1);
	CU_ASSERT_EQUAL(b.used, 0);
	/* the global limit: not decoded, counted apart */
	b.limit = 50;
	ps_tls_stream_sync(&s, &b);
	ps_tls_stream_feed(&s, &b, &fr, ch.d, (uint32_t)ch.n);
	CU_ASSERT_EQUAL(b.dropped_mem, 1);
	ps_tls_stream_free(&s, &b);
	ps_flow_table_free(t);
}

/* QUIC: long headers teach each side's Source CID; a short header whose
 * bytes after the flags byte are its receiver's ID gets it as dcid. */
static void test_app_quic_short_dcid(void)
{
	static const uint8_t cl[] = {0xe0, 0, 0, 0, 1, 8, 1, 2, 3, 4, 5, 6, 7, 8, 3, 0xaa, 0xbb, 0xcc,
				     4, 0, 0, 0, 0};
	static const uint8_t sv[] = {0xe0, 0, 0, 0, 1, 3, 0xaa, 0xbb, 0xcc, 8, 0x11, 0x12, 0x13,
				     0x14, 0x15, 0x16, 0x17, 0x18, 4, 0, 0, 0, 0};
	static const uint8_t c_short[] = {0x40, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 9, 9};
	static const uint8_t s_short[] = {0x41, 0xaa, 0xbb, 0xcc, 9, 9, 9, 9};
	static const uint8_t other[] = {0x40, 0x99, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 9, 9};
	struct ps_flow_table *t = table();
	feed(t, 17, false, 0, 0, 0, s_short, sizeof s_short); /* before any long header */
	ASSERT_FIELD("quic.type", "short");
	ABSENT("quic.dcid");
	feed(t, 17, true, 0, 0, 0, cl, sizeof cl);
	ASSERT_FIELD("quic.scid", "aabbcc");
	feed(t, 17, true, 0, 0, 0, c_short, sizeof c_short); /* server's ID not known yet */
	ABSENT("quic.dcid");
	feed(t, 17, false, 0, 0, 0, sv, sizeof sv);
	feed(t, 17, true, 0, 0, 0, c_short, sizeof c_short);
	ASSERT_FIELD("quic.dcid", "1112131415161718");
	feed(t, 17, false, 0, 0, 0, s_short, sizeof s_short);
	ASSERT_FIELD("quic.dcid", "aabbcc");
	feed(t, 17, true, 0, 0, 0, other, sizeof other); /* an ID it never chose */
	ABSENT("quic.dcid");
	ps_flow_table_free(t);
}

/* After a lost segment tshark reads the next segment from its first byte
 * and desegments its last record over the segments that follow it in
 * sequence (ndpi__netflix.pcap #1730/#1732): the record is listed on the
 * segment that completes it, while reassembly still waits at the hole. */
static void test_app_held_after_hole(void)
{
	struct bb f = {0};
	size_t a = record_start(&f, 23); /* X: lost with the hole */
	zeros(&f, 45);
	fill16(&f, a);
	size_t y = f.n;
	a = record_start(&f, 23); /* Y: after the hole, over two segments */
	zeros(&f, 200);
	fill16(&f, a);
	size_t z = f.n;
	a = record_start(&f, 23); /* Z: begins in Y's second segment, never ends */
	zeros(&f, 300);
	fill16(&f, a);
	uint32_t cut = (uint32_t)y + 100, end = (uint32_t)z + 20;

	struct ps_flow_table *t = table();
	handshake(t);
	feed(t, 6, false, TH_ACK, 5001 + (uint32_t)y, 1001, f.d + y, cut - (uint32_t)y);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tcp.lost_segment"));
	ABSENT("tls.records.0.len"); /* Y is not complete yet */
	feed(t, 6, false, TH_ACK, 5001 + cut, 1001, f.d + cut, end - cut);
	ASSERT_FIELD("tls.records.0.type", "23");
	ASSERT_FIELD("tls.records.0.len", "200");
	ABSENT("tls.records.1.len"); /* Z is not */
	/* a segment that neither continues Z nor starts a record: nothing */
	feed(t, 6, false, TH_ACK, 5001 + end + 10, 1001, f.d + end + 10, 50);
	ABSENT("tls.records.0.len");
	CU_ASSERT_EQUAL(ps_flow_app_budget(t)->records, 1);
	CU_ASSERT_TRUE(ps_flow_app_budget(t)->used > 0); /* the held walk's state */
	ps_flow_flush(t);
	CU_ASSERT_EQUAL(ps_flow_app_budget(t)->used, 0); /* released with the flow */
	ps_flow_table_free(t);
}

PST_MAIN("flow_app", {"client_hello_every_split", test_app_client_hello_every_split},
	 {"server_flight", test_app_server_flight}, {"gap", test_app_gap},
	 {"stream_cap", test_app_stream_cap}, {"quic_short_dcid", test_app_quic_short_dcid},
	 {"held_after_hole", test_app_held_after_hole})
