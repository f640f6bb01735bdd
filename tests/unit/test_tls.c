/* SPDX-License-Identifier: BSD-2-Clause */
/* test_tls.c - CUnit suite of the TLS dissector: records, hellos, alerts,
 * the JA3/JA3S/JA4 fingerprints (the specs' published vectors), malformed
 * records and hellos, segments cut short. */
#include <string.h>

#include "l7_frame.h"
#include "tls_build.h"
#include "ps_test.h"
#include "../../dissectors/dis_tls_hash.h"

static struct ps_packet pkt;
static uint8_t frame[8192];

static uint32_t frame_of(const struct bb *b, uint16_t sport, uint16_t dport)
{
	return l7_tcp_frame(frame, sport, dport, b->d, b->n);
}

static void dissect(uint32_t n) { pst_dissect(&pkt, PS_DLT_EN10MB, frame, n, n); }

static bool json_has(const char *s) { return strstr(pst_json(&pkt), s) != NULL; }

static void test_tls_client_hello(void)
{
	struct bb b = {.n = 0};
	client_hello(&b);
	dissect(frame_of(&b, 40000, 443));
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("tls.records.0.type", "22");
	ASSERT_FIELD("tls.records.0.version", "769");
	ASSERT_FIELD("tls.handshake_types.0", "1");
	ASSERT_FIELD("tls.client_hello.version", "771");
	ASSERT_FIELD("tls.client_hello.ciphers.0", "2570"); /* GREASE kept in the list */
	ASSERT_FIELD("tls.client_hello.ciphers.15", "53");
	ASSERT_FIELD("tls.client_hello.extensions.0", "6682");
	ASSERT_FIELD("tls.client_hello.extensions.2", "0");
	ASSERT_FIELD("tls.client_hello.extensions.17", "14906");
	ASSERT_FIELD("tls.client_hello.sni", "example.com");
	ASSERT_FIELD("tls.client_hello.alpn.0", "h2");
	ASSERT_FIELD("tls.client_hello.alpn.1", "http/1.1");
	ASSERT_FIELD("tls.client_hello.supported_versions.0", "14906");
	ASSERT_FIELD("tls.client_hello.supported_versions.1", "772");
	ASSERT_FIELD("tls.client_hello.groups.1", "29");
	ASSERT_FIELD("tls.client_hello.sig_algs.0", "1027");
	ASSERT_FIELD("tls.client_hello.sig_algs.7", "1537");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tls.server_hello.version"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tls.alert.level"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "payload.len"));
}

static void test_tls_fingerprints(void)
{
	struct bb b = {.n = 0};
	client_hello(&b);
	dissect(frame_of(&b, 40000, 443));
	/* JA4.md: JA4 = t13d1516h2_8daaf6152771_e5627efa2ab1 for these lists */
	ASSERT_FIELD("tls.client_hello.ja4", "t13d1516h2_8daaf6152771_e5627efa2ab1");
	/* JA3: GREASE left out; MD5 as Python's hashlib computes it */
	CU_ASSERT_TRUE(json_has("\"ja3_full\":\"771,4865-4866-4867-49195-49199-49196-49200-52393-"
				"52392-49171-49172-156-157-47-53,27-0-51-16-17513-23-45-13-5-35-"
				"18-43-65281-11-10-21,29-23-24,0\""));
	ASSERT_FIELD("tls.client_hello.ja3", "c000e2caf3a25423f9de6c8a4b12a975");
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.443: Flags [P.], seq 1:272, ack 1, win 512, "
		    "length 271: TLS ClientHello sni=example.com alpn=h2,http/1.1 "
		    "ja4=t13d1516h2_8daaf6152771_e5627efa2ab1");
	ASSERT_VTEXT_ENDS(1, "ja4=t13d1516h2_8daaf6152771_e5627efa2ab1 "
			     "ja3=c000e2caf3a25423f9de6c8a4b12a975");
}

static void test_tls_ja3_readme_vector(void)
{
	/* the JA3 README's example: 769,47-53-5-10-49161-49162-49171-49172-50-
	 * 56-19-4,0-10-11,23-24-25,0 -> ada70206e40642a3e4461f35503241d5 */
	struct bb b = {.n = 0};
	size_t rec = record_start(&b, 22);
	put8(&b, 1);
	size_t hs = len24(&b);
	put16(&b, 0x0301);
	zeros(&b, 32);
	put8(&b, 0);
	size_t cs = len16(&b);
	U16S(&b, 47, 53, 5, 10, 49161, 49162, 49171, 49172, 50, 56, 19, 4);
	fill16(&b, cs);
	put(&b, "\x01\x00", 2);
	size_t exts = len16(&b);
	U16S(&b, 0, 0);                     /* server_name, empty (a server's echo form) */
	U16S(&b, 10, 8, 6, 23, 24, 25);
	U16S(&b, 11, 2); put(&b, "\x01\x00", 2);
	fill16(&b, exts);
	fill24(&b, hs);
	fill16(&b, rec);
	dissect(frame_of(&b, 40000, 443));
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("tls.client_hello.ja3", "ada70206e40642a3e4461f35503241d5");
	/* no ALPN, no signature_algorithms: "00" and the extensions alone */
	uint8_t d[32];
	char hex[65];
	const char *c = "000a,000b";
	ps_sha256(c, strlen(c), d);
	ps_hex_lower(d, 6, hex);
	char want[40] = "t10d120300_";
	const char *b_in = "0004,0005,000a,0013,002f,0032,0035,0038,c009,c00a,c013,c014";
	uint8_t db[32];
	char hb[13];
	ps_sha256(b_in, strlen(b_in), db);
	ps_hex_lower(db, 6, hb);
	strcat(want, hb);
	strcat(want, "_");
	strcat(want, hex);
	ASSERT_FIELD("tls.client_hello.ja4", want);
}

static void test_tls_hash_vectors(void)
{
	/* FIPS 180-2, RFC 1321 and RFC 3174 test vectors */
	uint8_t d[32];
	char hex[65];
	ps_sha256("abc", 3, d);
	ps_hex_lower(d, 32, hex);
	CU_ASSERT_STRING_EQUAL(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	ps_sha256(two, strlen(two), d);
	ps_hex_lower(d, 32, hex);
	CU_ASSERT_STRING_EQUAL(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	ps_md5("", 0, d);
	ps_hex_lower(d, 16, hex);
	CU_ASSERT_STRING_EQUAL(hex, "d41d8cd98f00b204e9800998ecf8427e");
	const char *q = "12345678901234567890123456789012345678901234567890123456789012345678901234567890";
	ps_md5(q, strlen(q), d);
	ps_hex_lower(d, 16, hex);
	CU_ASSERT_STRING_EQUAL(hex, "57edf4a22be3c955ac49da2e2107b67a");
	/* RFC 3174's SHA-1 vectors (Community ID's digest): one block, two */
	ps_sha1("abc", 3, d);
	ps_hex_lower(d, 20, hex);
	CU_ASSERT_STRING_EQUAL(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
	ps_sha1(two, strlen(two), d);
	ps_hex_lower(d, 20, hex);
	CU_ASSERT_STRING_EQUAL(hex, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	/* the JA4 spec's cipher list -> JA4_b */
	const char *ja4b = "002f,0035,009c,009d,1301,1302,1303,c013,c014,c02b,c02c,c02f,c030,cca8,cca9";
	ps_sha256(ja4b, strlen(ja4b), d);
	ps_hex_lower(d, 6, hex);
	CU_ASSERT_STRING_EQUAL(hex, "8daaf6152771");
}

static void test_tls_server_flight(void)
{
	/* ServerHello, ChangeCipherSpec, two encrypted records */
	struct bb b = {.n = 0};
	server_hello(&b);
	put(&b, "\x14\x03\x03\x00\x01\x01", 6);
	put(&b, "\x17\x03\x03\x00\x03\xaa\xbb\xcc", 8);
	put(&b, "\x17\x03\x03\x00\x02\xdd\xee", 7);
	dissect(frame_of(&b, 443, 40000));
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("tls.records.0.version", "771");
	ASSERT_FIELD("tls.records.1.type", "20");
	ASSERT_FIELD("tls.records.2.type", "23");
	ASSERT_FIELD("tls.records.3.len", "2");
	ASSERT_FIELD("tls.handshake_types.0", "2");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tls.handshake_types.1"));
	ASSERT_FIELD("tls.server_hello.version", "771");
	ASSERT_FIELD("tls.server_hello.cipher", "4865");
	ASSERT_FIELD("tls.server_hello.extensions.1", "51");
	ASSERT_FIELD("tls.server_hello.supported_version", "772");
	ASSERT_FIELD("tls.server_hello.alpn", "h2");
	ASSERT_FIELD("tls.server_hello.ja3s_full", "771,4865,43-51-16");
	ASSERT_FIELD("tls.server_hello.ja3s", "b5d161dc269619705eba4f0e4a32116c");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tls.client_hello.version"));
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.40000: Flags [P.], seq 1:94, ack 1, win 512, "
		    "length 93: TLS ServerHello TLS1.3 cipher=0x1301 alpn=h2, ChangeCipherSpec, "
		    "ApplicationData x2");
}

static void test_tls_alerts(void)
{
	struct bb b = {.n = 0};
	put(&b, "\x15\x03\x03\x00\x02\x02\x28", 7);
	dissect(frame_of(&b, 443, 40000));
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("tls.alert.level", "2");
	ASSERT_FIELD("tls.alert.desc", "40");
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.40000: Flags [P.], seq 1:8, ack 1, win 512, "
		    "length 7: TLS Alert fatal 40");
	/* a second clear alert: named, the first one decoded */
	put(&b, "\x15\x03\x03\x00\x02\x01\x00", 7);
	dissect(frame_of(&b, 443, 40000));
	ASSERT_FIELD("tls.alert.desc", "40");
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.40000: Flags [P.], seq 1:15, ack 1, win 512, "
		    "length 14: TLS Alert fatal 40, Alert");
	/* after a ChangeCipherSpec, alerts and handshakes are encrypted */
	b.n = 0;
	put(&b, "\x14\x03\x03\x00\x01\x01", 6);
	put(&b, "\x16\x03\x03\x00\x04\x01\x00\x00\x00", 9);
	put(&b, "\x15\x03\x03\x00\x02\x01\x00", 7);
	dissect(frame_of(&b, 443, 40000));
	ASSERT_FIELD("tls.records.2.type", "21");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tls.alert.level"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tls.handshake_types.0"));
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.40000: Flags [P.], seq 1:23, ack 1, win 512, "
		    "length 22: TLS ChangeCipherSpec, EncryptedHandshake, EncryptedAlert");
}

static void test_tls_ports(void)
{
	struct bb b = {.n = 0};
	client_hello(&b);
	dissect(frame_of(&b, 40000, 8443)); /* the heuristic, any port */
	ASSERT_FIELD("tls.client_hello.sni", "example.com");
	/* not TLS on 443: payload */
	dissect(l7_tcp_frame(frame, 40000, 443, "\x16\x02\x01\x00\x10hello", 10));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tls.records.0.type"));
	ASSERT_FIELD("payload.len", "10");
	/* heartbeat (24) only after the first record */
	dissect(l7_tcp_frame(frame, 40000, 443, "\x18\x03\x03\x00\x01\x01", 6));
	ASSERT_FIELD("payload.len", "6");
}

static void test_tls_record_too_long(void)
{
	struct bb b = {.n = 0};
	put(&b, "\x17\x03\x03\x00\x01\x00", 6);
	put(&b, "\x17\x03\x03\x48\x01\x00", 6); /* 18433 > 2^14 + 2048 */
	dissect(frame_of(&b, 443, 40000));
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tls.record_too_long"));
	ASSERT_FIELD("tls.records.0.len", "1");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tls.records.1.len"));
	ASSERT_FIELD("payload.len", "6");
}

static void test_tls_record_invalid(void)
{
	struct bb b = {.n = 0};
	put(&b, "\x17\x03\x03\x00\x01\x00", 6);
	put(&b, "\x30\x03\x03\x00\x01\x00", 6);
	dissect(frame_of(&b, 443, 40000));
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tls.record_invalid"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tls.records.1.len"));
}

static void test_tls_record_limit(void)
{
	struct bb b = {.n = 0};
	for (int i = 0; i < 65; i++)
		put(&b, "\x14\x03\x03\x00\x01\x01", 6);
	dissect(frame_of(&b, 443, 40000));
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tls.record_limit"));
	ASSERT_FIELD("tls.records.63.type", "20");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tls.records.64.type"));
	ASSERT_FIELD("payload.len", "6");
}

static void test_tls_hello_malformed(void)
{
	struct bb b = {.n = 0};
	client_hello(&b);
	b.d[5 + 4 + 34 + 32 + 1] |= 1; /* odd cipher suites length */
	dissect(frame_of(&b, 40000, 443));
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tls.hello_malformed"));
	ASSERT_FIELD("tls.client_hello.version", "771");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tls.client_hello.ciphers.0"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tls.client_hello.ja4"));
	/* a session id longer than the message */
	b.n = 0;
	put(&b, "\x16\x03\x01\x00\x2a\x01\x00\x00\x26\x03\x03", 11);
	zeros(&b, 32);
	put8(&b, 32);
	zeros(&b, 1);
	dissect(frame_of(&b, 40000, 443));
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tls.hello_malformed"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "tls.truncated"));
}

static void test_tls_ext_malformed(void)
{
	struct bb b = {.n = 0};
	client_hello(&b);
	/* the server_name list length says one more byte than its extension holds */
	size_t sni = 5 + 4 + 2 + 32 + 1 + 32 + 2 + 32 + 2 + 2 + 4 + 7 + 4;
	CU_ASSERT_EQUAL(b.d[sni + 1], 14);
	b.d[sni + 1] = 15;
	dissect(frame_of(&b, 40000, 443));
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tls.ext_malformed"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tls.client_hello.sni"));
	ASSERT_FIELD("tls.client_hello.alpn.0", "h2"); /* the next extensions are read */
}

static void test_tls_continued(void)
{
	/* the ClientHello ends in the next segment: what is whole is kept, no
	 * event, no handshake type, no fingerprint */
	struct bb b = {.n = 0};
	client_hello(&b);
	uint32_t n = l7_tcp_frame(frame, 40000, 443, b.d, 200);
	dissect(n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("tls.records.0.len", "266");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tls.handshake_types.0"));
	ASSERT_FIELD("tls.client_hello.ciphers.1", "4865");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tls.client_hello.ja3"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tls.client_hello.ja4"));
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.443: Flags [P.], seq 1:201, ack 1, win 512, "
		    "length 200: TLS Handshake");
}

static void test_tls_truncated(void)
{
	struct bb b = {.n = 0};
	client_hello(&b);
	uint32_t n = frame_of(&b, 40000, 443);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, L7_HDRS + 200, n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tls.truncated"));
	ASSERT_FIELD("tls.client_hello.ciphers.1", "4865");
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.443: Flags [P.], seq 1:272, ack 1, win 512, "
		    "length 271: TLS Handshake [|tls]");
}

static void test_tls_sweep(void)
{
	struct bb b = {.n = 0};
	client_hello(&b);
	uint32_t n = frame_of(&b, 40000, 443);
	/* every prefix with the record header (5 bytes) and less than the
	 * whole record is truncated */
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, frame, n, L7_HDRS, "tls.truncated"),
			(unsigned)b.n - 5);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, frame, n, 0, "tls.hello_malformed"), 0);
	b.n = 0;
	server_hello(&b);
	put(&b, "\x15\x03\x03\x00\x02\x02\x28", 7);
	n = frame_of(&b, 443, 40000);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, frame, n, L7_HDRS, "tls.truncated"),
			(unsigned)b.n - 5 - 1); /* the prefix that ends with the first record */
}

PST_MAIN("tls", {"client_hello", test_tls_client_hello}, {"fingerprints", test_tls_fingerprints},
	 {"ja3_readme_vector", test_tls_ja3_readme_vector}, {"hash_vectors", test_tls_hash_vectors},
	 {"server_flight", test_tls_server_flight}, {"alerts", test_tls_alerts},
	 {"ports", test_tls_ports}, {"record_too_long", test_tls_record_too_long},
	 {"record_invalid", test_tls_record_invalid}, {"record_limit", test_tls_record_limit},
	 {"hello_malformed", test_tls_hello_malformed}, {"ext_malformed", test_tls_ext_malformed},
	 {"continued", test_tls_continued}, {"truncated", test_tls_truncated},
	 {"sweep", test_tls_sweep})
