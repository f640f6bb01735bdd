/* SPDX-License-Identifier: BSD-2-Clause */
/* test_quic.c - CUnit suite of the QUIC dissector: the RFC 9001/9369 key
 * and header-protection vectors, a JA4 community vector, client Initials
 * built and encrypted here (with OpenSSL directly) and decoded back, the
 * other header forms, malformed headers and truncation. */
#include <string.h>

#include <openssl/evp.h>

#include "dis_quic_crypto.h"
#include "dis_quic_priv.h"
#include "ps_test.h"
#include "pst_build.h"

static struct ps_packet pkt;
static uint8_t frame[1600];

static void unhex(const char *s, uint8_t *out)
{
	for (size_t i = 0; s[2 * i]; i++) {
		unsigned v = 0;
		sscanf(s + 2 * i, "%2x", &v);
		out[i] = (uint8_t)v;
	}
}

static void assert_hex(const uint8_t *b, size_t n, const char *want)
{
	char got[80];
	for (size_t i = 0; i < n; i++)
		snprintf(got + 2 * i, 3, "%02x", b[i]);
	CU_ASSERT_STRING_EQUAL(got, want);
}

static const uint8_t rfc_dcid[8] = {0x83, 0x94, 0xc8, 0xf0, 0x3e, 0x51, 0x57, 0x08};

/* RFC 9001 Appendix A.1 and RFC 9369 Appendix A.1 */
static void test_quic_keys(void)
{
	struct ps_quic_keys k;
	CU_ASSERT_EQUAL(ps_quic_initial_keys(1, rfc_dcid, 8, false, &k), 0);
	assert_hex(k.key, 16, "1f369613dd76d5467730efcbe3b1a22d");
	assert_hex(k.iv, 12, "fa044b2f42a3fd3b46fb255c");
	assert_hex(k.hp, 16, "9f50449e04a0e810283a1e9933adedd2");
	CU_ASSERT_EQUAL(ps_quic_initial_keys(1, rfc_dcid, 8, true, &k), 0);
	assert_hex(k.key, 16, "cf3a5331653c364c88f0f379b6067e37");
	assert_hex(k.iv, 12, "0ac1493ca1905853b0bba03e");
	assert_hex(k.hp, 16, "c206b8d9b9f0f37644430b490eeaa314");
	CU_ASSERT_EQUAL(ps_quic_initial_keys(0x6b3343cf, rfc_dcid, 8, false, &k), 0);
	assert_hex(k.key, 16, "8b1a0bc121284290a29e0971b5cd045d");
	assert_hex(k.iv, 12, "91f73e2351d8fa91660e909f");
	assert_hex(k.hp, 16, "45b95e15235d6f45a6b19cbcb0294ba9");
	CU_ASSERT_EQUAL(ps_quic_initial_keys(0x12345678, rfc_dcid, 8, false, &k), -1);
	CU_ASSERT_TRUE(ps_quic_version_known(0xff00001d));
	CU_ASSERT_TRUE(ps_quic_version_known(0xfaceb001));
	CU_ASSERT_FALSE(ps_quic_version_known(0));
}

/* RFC 9001 Appendix A.2: the client Initial's sample and mask */
static void test_quic_hp_mask(void)
{
	uint8_t hp[16], sample[16], mask[5];
	unhex("9f50449e04a0e810283a1e9933adedd2", hp);
	unhex("d1b1c98dd7689fb8ec11d242b123dc9b", sample);
	CU_ASSERT_EQUAL(ps_quic_hp_mask(hp, sample, mask), 0);
	assert_hex(mask, 5, "437b9aec36");
}

/* A ClientHello: GREASE + 3 TLS 1.3 suites; extensions GREASE, SNI
 * example.com, ALPN h2/http1.1, signature algorithms 0403 0804,
 * supported_versions 0304 - the lists of a published JA4 test
 * ("t13d0304h2_55b375c5d22e_ef5f37ab036a" over TCP). */
static const uint8_t hello[] = {
	1, 0, 0, 0x6c, 3, 3, /* type, length, legacy_version */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, /* random */
	0,                                               /* session id */
	0, 8, 0x0a, 0x0a, 0x13, 1, 0x13, 2, 0x13, 3,    /* cipher suites */
	1, 0,                                            /* compression */
	0, 0x3b,                                         /* extensions */
	0x0a, 0x0a, 0, 0,
	0, 0, 0, 16, 0, 14, 0, 0, 11, 'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'c', 'o', 'm',
	0, 0x10, 0, 14, 0, 12, 2, 'h', '2', 8, 'h', 't', 't', 'p', '/', '1', '.', '1',
	0, 0x0d, 0, 6, 0, 4, 4, 3, 8, 4,
	0, 0x2b, 0, 3, 2, 3, 4,
};

#define HELLO_JA4 "q13d0304h2_55b375c5d22e_ef5f37ab036a"

static void test_quic_hello(void)
{
	struct ps_quic_hello h;
	struct ps_dctx d = {.p = &pkt, .cur = -1};
	memset(&pkt, 0, sizeof pkt);
	CU_ASSERT_EQUAL(sizeof hello, 4u + 0x6c);
	CU_ASSERT_EQUAL(ps_quic_hello_parse(&d, hello, sizeof hello, &h), 0);
	CU_ASSERT_STRING_EQUAL(h.ja4, HELLO_JA4);
	CU_ASSERT_EQUAL(h.sni_len, 11);
	CU_ASSERT_EQUAL(h.alpn_len, 12);
	CU_ASSERT_EQUAL(memcmp(h.sni, "example.com", 11), 0);
	CU_ASSERT_EQUAL(memcmp(h.alpn, "\2h2\10http/1.1", 12), 0);
	CU_ASSERT_EQUAL(pkt.side_used, 0); /* the TLS decoder's scratch was handed back */
	/* cut short: not a whole ClientHello */
	CU_ASSERT_EQUAL(ps_quic_hello_parse(&d, hello, sizeof hello - 1, &h), -1);
	uint8_t other[sizeof hello];
	memcpy(other, hello, sizeof hello);
	other[0] = 2; /* a ServerHello */
	CU_ASSERT_EQUAL(ps_quic_hello_parse(&d, other, sizeof other, &h), -1);
}

/* Build a protected client Initial (version `v`, long-header type bits
 * `tbits`) carrying `payload`; returns its length in `out`. */
static size_t protect(uint32_t v, unsigned tbits, const uint8_t *payload, size_t n, uint8_t *out)
{
	static const uint8_t scid[3] = {0xc0, 0xff, 0xee};
	struct ps_quic_keys k;
	size_t h = 0;

	CU_ASSERT_FATAL(ps_quic_initial_keys(v, rfc_dcid, 8, false, &k) == 0);
	out[h++] = (uint8_t)(0xc3 | tbits << 4); /* 4-byte packet number */
	for (int i = 3; i >= 0; i--)
		out[h++] = (uint8_t)(v >> (8 * i));
	out[h++] = 8;
	memcpy(out + h, rfc_dcid, 8);
	h += 8;
	out[h++] = 3;
	memcpy(out + h, scid, 3);
	h += 3;
	out[h++] = 0; /* token */
	size_t len = 4 + n + 16;
	out[h++] = (uint8_t)(0x40 | len >> 8);
	out[h++] = (uint8_t)len;
	size_t pn_off = h;
	const uint8_t pn[4] = {0, 0, 0, 2};
	memcpy(out + h, pn, 4);
	h += 4;
	uint8_t nonce[12];
	memcpy(nonce, k.iv, 12);
	nonce[11] ^= 2;
	EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
	int outl = 0;
	CU_ASSERT_FATAL(ctx != NULL);
	EVP_EncryptInit_ex(ctx, EVP_aes_128_gcm(), 0, 0, 0);
	EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, 12, 0);
	EVP_EncryptInit_ex(ctx, 0, 0, k.key, nonce);
	EVP_EncryptUpdate(ctx, 0, &outl, out, (int)h);
	EVP_EncryptUpdate(ctx, out + h, &outl, payload, (int)n);
	EVP_EncryptFinal_ex(ctx, out + h + n, &outl);
	EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, 16, out + h + n);
	EVP_CIPHER_CTX_free(ctx);
	uint8_t mask[5];
	CU_ASSERT_FATAL(ps_quic_hp_mask(k.hp, out + pn_off + 4, mask) == 0);
	out[0] ^= mask[0] & 0x0f;
	for (unsigned i = 0; i < 4; i++)
		out[pn_off + i] ^= mask[1 + i];
	return h + n + 16;
}

/* The ClientHello in two CRYPTO frames, the second half first, then
 * padding to 1000 bytes; `extra` frame bytes after them. */
static size_t initial_payload(uint8_t *p, const uint8_t *extra, size_t nextra)
{
	size_t n = 0, half = 60;
	p[n++] = 6;
	p[n++] = (uint8_t)half;
	p[n++] = (uint8_t)(sizeof hello - half);
	memcpy(p + n, hello + half, sizeof hello - half);
	n += sizeof hello - half;
	p[n++] = 1; /* PING */
	p[n++] = 6;
	p[n++] = 0;
	p[n++] = (uint8_t)half;
	memcpy(p + n, hello, half);
	n += half;
	if (nextra)
		memcpy(p + n, extra, nextra);
	n += nextra;
	memset(p + n, 0, 1000 - n);
	return 1000;
}

static size_t initial_frame(uint32_t v, unsigned tbits, uint16_t dport, const uint8_t *extra,
			    size_t nextra)
{
	uint8_t payload[1000], pkt_bytes[1100];
	size_t n = initial_payload(payload, extra, nextra);
	n = protect(v, tbits, payload, n, pkt_bytes);
	return pst_udp4(frame, sizeof frame, 50000, dport, pkt_bytes, n);
}

static void test_quic_initial(void)
{
	size_t n = initial_frame(1, 0, 443, 0, 0);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("quic.long", "true");
	ASSERT_FIELD("quic.type", "initial");
	ASSERT_FIELD("quic.version", "1");
	ASSERT_FIELD("quic.dcid", "8394c8f03e515708");
	ASSERT_FIELD("quic.scid", "c0ffee");
	ASSERT_FIELD("quic.sni", "example.com");
	ASSERT_FIELD("quic.alpn.0", "h2");
	ASSERT_FIELD("quic.alpn.1", "http/1.1");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "quic.alpn.2"));
	ASSERT_FIELD("quic.ja4", HELLO_JA4);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "payload.len"));
	ASSERT_TEXT("IP 10.0.0.1.50000 > 10.0.0.2.443: QUIC Initial v1 dcid=8394c8f03e515708 "
		    "scid=c0ffee sni=example.com alpn=h2,http/1.1 ja4=" HELLO_JA4 ", length 1041");
	/* QUIC v2 numbers its Initial 1 (RFC 9369) and has its own keys */
	n = initial_frame(0x6b3343cf, 1, 443, 0, 0);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	ASSERT_FIELD("quic.type", "initial");
	ASSERT_FIELD("quic.version", "1798521807");
	ASSERT_FIELD("quic.sni", "example.com");
	/* a broken tag (or a server's Initial): the header only, no event */
	n = initial_frame(1, 0, 443, 0, 0);
	frame[n - 1] ^= 1;
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("quic.dcid", "8394c8f03e515708");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "quic.sni"));
}

static void test_quic_heuristic(void)
{
	/* a long header of a known version is QUIC on any port */
	size_t n = initial_frame(1, 0, 5000, 0, 0);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	ASSERT_FIELD("quic.sni", "example.com");
	/* a short header only on port 443 */
	static const uint8_t short_hdr[24] = {0x41, 1, 2, 3, 4, 5, 6, 7, 8};
	n = pst_udp4(frame, sizeof frame, 50000, 5000, short_hdr, sizeof short_hdr);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "quic"));
	ASSERT_FIELD("payload.len", "24");
	n = pst_udp4(frame, sizeof frame, 443, 50000, short_hdr, sizeof short_hdr);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	ASSERT_FIELD("quic.long", "false");
	ASSERT_FIELD("quic.type", "short");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "quic.dcid"));
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.50000: QUIC short, length 24");
	/* not QUIC on 443 (no fixed bit): payload */
	static const uint8_t junk[8] = {0x01, 2, 3};
	n = pst_udp4(frame, sizeof frame, 443, 50000, junk, sizeof junk);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "quic"));
}

static void test_quic_other_types(void)
{
	/* version negotiation: version 0, no type */
	static const uint8_t vn[19] = {0x80, 0, 0, 0, 0, 2, 0xaa, 0xbb, 1, 0xcc, 0, 0, 0, 1,
				       0x6b, 0x33, 0x43, 0xcf, 0};
	size_t n = pst_udp4(frame, sizeof frame, 443, 50000, vn, 18);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("quic.version", "0");
	ASSERT_FIELD("quic.dcid", "aabb");
	ASSERT_FIELD("quic.scid", "cc");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "quic.type"));
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.50000: QUIC version-negotiation dcid=aabb "
		    "scid=cc, length 18");
	/* retry (v1 type 3) and handshake (type 2) with an empty scid */
	static const uint8_t retry[30] = {0xf0, 0, 0, 0, 1, 1, 0xdd, 0, 't', 'o', 'k'};
	n = pst_udp4(frame, sizeof frame, 443, 50000, retry, sizeof retry);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	ASSERT_FIELD("quic.type", "retry");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "quic.scid"));
	static const uint8_t hs[30] = {0xe0, 0, 0, 0, 1, 1, 0xdd, 0, 20};
	n = pst_udp4(frame, sizeof frame, 443, 50000, hs, sizeof hs);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("quic.type", "handshake");
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.50000: QUIC Handshake v1 dcid=dd, length 30");
}

static void test_quic_malformed(void)
{
	/* a 21-byte connection ID */
	static const uint8_t longcid[40] = {0xc0, 0, 0, 0, 1, 21};
	size_t n = pst_udp4(frame, sizeof frame, 443, 50000, longcid, sizeof longcid);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "quic.cid_too_long"));
	ASSERT_FIELD("quic.version", "1");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "quic.dcid"));
	/* a Length past the datagram */
	static const uint8_t biglen[30] = {0xe0, 0, 0, 0, 1, 1, 0xdd, 0, 40};
	n = pst_udp4(frame, sizeof frame, 443, 50000, biglen, sizeof biglen);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "quic.len_invalid"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "quic.truncated"));
	/* a frame an Initial cannot carry (STREAM) after the CRYPTO frames */
	static const uint8_t stream[4] = {0x08, 0, 1, 'x'};
	n = initial_frame(1, 0, 443, stream, sizeof stream);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "quic.frame_invalid"));
	ASSERT_FIELD("quic.sni", "example.com");
	/* the datagram ends inside the connection IDs */
	n = pst_udp4(frame, sizeof frame, 443, 50000, longcid, 9);
	frame[PST_UDP4_HDR + 5] = 8;
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "quic.hdr_exceeds_len"));
}

static void test_quic_truncated(void)
{
	size_t n = initial_frame(1, 0, 443, 0, 0);
	/* cut inside the protected payload: header fields, no decryption */
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, PST_UDP4_HDR + 100, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "quic.truncated"));
	ASSERT_FIELD("quic.scid", "c0ffee");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "quic.sni"));
	/* cut inside the dcid */
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, PST_UDP4_HDR + 10, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "quic.truncated"));
	ASSERT_FIELD("quic.version", "1");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "quic.dcid"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "quic.type"));
	/* every prefix of the packet (after its first byte) is truncated */
	unsigned hits = pst_sweep(PS_DLT_EN10MB, frame, (uint32_t)n, PST_UDP4_HDR + 1,
				  "quic.truncated");
	CU_ASSERT_EQUAL(hits, n - PST_UDP4_HDR - 1);
}

PST_MAIN("quic", {"keys", test_quic_keys}, {"hp_mask", test_quic_hp_mask},
	 {"hello", test_quic_hello}, {"initial", test_quic_initial},
	 {"heuristic", test_quic_heuristic}, {"other_types", test_quic_other_types},
	 {"malformed", test_quic_malformed}, {"truncated", test_quic_truncated})
