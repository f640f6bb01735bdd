/* SPDX-License-Identifier: BSD-2-Clause */
/* test_tls.c - CUnit suite of the TLS dissector: records, hellos, alerts,
 * the JA3/JA3S/JA4 fingerprints (the specs' published vectors), malformed
 * records and hellos, segments cut short. */
#include <string.h>

#include "l7_frame.h"
#include "ps_test.h"
#include "../../dissectors/dis_tls_hash.h"

static struct ps_packet pkt;
static uint8_t frame[8192];

/* ---- a small byte builder for hand-made records ---- */
struct bb {
	uint8_t d[4096];
	size_t n;
};
static void put8(struct bb *b, unsigned v) { b->d[b->n++] = (uint8_t)v; }
static void put16(struct bb *b, unsigned v) { put8(b, v >> 8); put8(b, v); }
static void put(struct bb *b, const void *p, size_t n) { memcpy(b->d + b->n, p, n); b->n += n; }
static void zeros(struct bb *b, size_t n) { memset(b->d + b->n, 0, n); b->n += n; }
/* length fields filled in afterwards: `at` = where the field starts */
static size_t len16(struct bb *b) { b->n += 2; return b->n - 2; }
static void fill16(struct bb *b, size_t at) { b->d[at] = (uint8_t)((b->n - at - 2) >> 8); b->d[at + 1] = (uint8_t)(b->n - at - 2); }
static size_t len24(struct bb *b) { b->n += 3; return b->n - 3; }
static void fill24(struct bb *b, size_t at) { size_t v = b->n - at - 3; b->d[at] = (uint8_t)(v >> 16); b->d[at + 1] = (uint8_t)(v >> 8); b->d[at + 2] = (uint8_t)v; }
static void u16s(struct bb *b, const uint16_t *v, size_t n) { for (size_t i = 0; i < n; i++) put16(b, v[i]); }
#define U16S(b, ...) do { static const uint16_t v_[] = {__VA_ARGS__}; u16s((b), v_, sizeof v_ / sizeof v_[0]); } while (0)

static size_t record_start(struct bb *b, unsigned type)
{
	put8(b, type);
	put16(b, 0x0301);
	return len16(b);
}

/* Chrome-like ClientHello with the cipher suites, extensions and signature
 * algorithms of the JA4 spec's example (technical_details/JA4.md), GREASE
 * values added in the lists as a browser sends them. */
static void client_hello(struct bb *b)
{
	size_t rec = record_start(b, 22);
	put8(b, 1);
	size_t hs = len24(b);
	put16(b, 0x0303);
	zeros(b, 32);
	put8(b, 32);
	zeros(b, 32);
	size_t cs = len16(b);
	U16S(b, 0x0a0a, 0x1301, 0x1302, 0x1303, 0xc02b, 0xc02f, 0xc02c, 0xc030, 0xcca9, 0xcca8,
	     0xc013, 0xc014, 0x009c, 0x009d, 0x002f, 0x0035);
	fill16(b, cs);
	put8(b, 1);
	put8(b, 0);
	size_t exts = len16(b), e, l;
	U16S(b, 0x1a1a, 0);                                /* GREASE */
	U16S(b, 0x001b, 3); put(b, "\x02\x00\x02", 3);     /* compress_certificate */
	U16S(b, 0x0000); e = len16(b); l = len16(b);       /* server_name */
	put8(b, 0); put16(b, 11); put(b, "example.com", 11); fill16(b, l); fill16(b, e);
	U16S(b, 0x0033, 2, 0);                             /* key_share: empty */
	U16S(b, 0x0010); e = len16(b); l = len16(b);       /* ALPN */
	put(b, "\x02h2\x08http/1.1", 12); fill16(b, l); fill16(b, e);
	U16S(b, 0x4469, 0, 0x0017, 0);                     /* ALPS, EMS */
	U16S(b, 0x002d, 2); put(b, "\x01\x01", 2);         /* psk modes */
	U16S(b, 0x000d); e = len16(b); l = len16(b);       /* signature_algorithms */
	U16S(b, 0x0403, 0x0804, 0x0401, 0x0503, 0x0805, 0x0501, 0x0806, 0x0601);
	fill16(b, l); fill16(b, e);
	U16S(b, 0x0005, 5); put(b, "\x01\0\0\0\0", 5);     /* status_request */
	U16S(b, 0x0023, 0, 0x0012, 0);                     /* ticket, SCT */
	U16S(b, 0x002b, 7); put8(b, 6); U16S(b, 0x3a3a, 0x0304, 0x0303); /* versions */
	U16S(b, 0xff01, 1); put8(b, 0);                    /* renegotiation_info */
	U16S(b, 0x000b, 2); put(b, "\x01\x00", 2);         /* ec_point_formats */
	U16S(b, 0x000a, 10, 8, 0x2a2a, 0x001d, 0x0017, 0x0018); /* groups */
	U16S(b, 0x0015, 4); zeros(b, 4);                   /* padding */
	U16S(b, 0x3a3a, 1); put8(b, 0);                    /* GREASE */
	fill16(b, exts);
	fill24(b, hs);
	fill16(b, rec);
}

/* TLS 1.3 ServerHello (supported_versions, key_share, ALPN h2) */
static void server_hello(struct bb *b)
{
	size_t rec = record_start(b, 22);
	b->d[rec - 1] = 0x03; /* record version 0x0303 */
	put8(b, 2);
	size_t hs = len24(b);
	put16(b, 0x0303);
	zeros(b, 32);
	put8(b, 0);
	put16(b, 0x1301);
	put8(b, 0);
	size_t exts = len16(b), e, l;
	U16S(b, 0x002b, 2, 0x0304);
	U16S(b, 0x0033, 4, 0x001d, 0);
	U16S(b, 0x0010); e = len16(b); l = len16(b); put(b, "\x02h2", 3); fill16(b, l); fill16(b, e);
	fill16(b, exts);
	fill24(b, hs);
	fill16(b, rec);
}

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
	/* FIPS 180-2 and RFC 1321 test vectors */
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
