/* SPDX-License-Identifier: BSD-2-Clause */
/* test_udp.c - CUnit suite of the UDP dissector: header, length checks, truncation. */
#include <string.h>

#include "ps_test.h"


#define UDP_OFF 34 /* Ethernet 14 + IPv4 20 */

/* Eth + IPv4 + UDP 40000 > 40001, length 28, checksum 0xabcd, 20 data bytes */
static const uint8_t dgram[62] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x30, 0x00, 0x01, 0x40, 0x00, 0x40, 0x11,
	0x26, 0xba, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40,
	0x9c, 0x41, 0x00, 0x1c, 0xab, 0xcd, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61,
	0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61,
	0x61, 0x61,
};

/* Eth + IPv4 + UDP with 4 data bytes, then 14 bytes of Ethernet padding */
static const uint8_t padded[60] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x20, 0x00, 0x01, 0x40, 0x00, 0x40, 0x11,
	0x26, 0xca, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40,
	0x9c, 0x41, 0x00, 0x0c, 0xab, 0xcd, 0x61, 0x62, 0x63, 0x64, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* Eth + IPv4 (28 bytes of UDP) + UDP whose length says 12: 4 data bytes, 16 trailing */
static const uint8_t short_len[62] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x30, 0x00, 0x01, 0x40, 0x00, 0x40, 0x11,
	0x26, 0xba, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x9c, 0x40,
	0x9c, 0x41, 0x00, 0x0c, 0xab, 0xcd, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61,
	0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61,
	0x61, 0x61,
};

/* Eth + IPv6 2001:db8::1 > 2001:db8::2 + UDP 53 > 5353, 12 data bytes */
static const uint8_t dgram6[74] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x86, 0xdd, 0x60, 0x00, 0x00, 0x00, 0x00, 0x14, 0x11, 0x40, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x35, 0x14, 0xe9, 0x00, 0x14,
	0xab, 0xcd, 0x71, 0x71, 0x71, 0x71, 0x71, 0x71, 0x71, 0x71, 0x71, 0x71,
	0x71, 0x71,
};

static struct ps_packet pkt;
static uint8_t buf[128];

/* a copy of `src` with the 16-bit word at `at` set to `v` */
static const uint8_t *patch16(const uint8_t *src, size_t n, size_t at, uint16_t v)
{
	memcpy(buf, src, n);
	buf[at] = (uint8_t)(v >> 8);
	buf[at + 1] = (uint8_t)v;
	return buf;
}

static void test_udp_valid(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, dgram, sizeof dgram, sizeof dgram);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_EQUAL(pkt.nlayers, 3);
	CU_ASSERT_EQUAL(pkt.layers[2].proto, PS_P_UDP);
	CU_ASSERT_EQUAL(pkt.layers[2].hdr_len, 8);
	CU_ASSERT_EQUAL(pkt.layers[2].u.udp.claim, 28);
	ASSERT_FIELD("udp.sport", "40000");
	ASSERT_FIELD("udp.dport", "40001");
	ASSERT_FIELD("udp.len", "28");
	ASSERT_FIELD("udp.checksum", "43981");
	ASSERT_FIELD("payload.len", "20");
	CU_ASSERT_EQUAL(pkt.payload_off, UDP_OFF + 8);
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.40001: UDP, length 20");
	/* the same datagram over LINKTYPE_IPV4 */
	pst_dissect(&pkt, PS_DLT_IPV4, dgram + 14, sizeof dgram - 14, sizeof dgram - 14);
	ASSERT_FIELD("udp.len", "28");
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.40001: UDP, length 20");
}

static void test_udp_ipv6(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, dgram6, sizeof dgram6, sizeof dgram6);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("udp.sport", "53");
	ASSERT_FIELD("udp.dport", "5353");
	ASSERT_FIELD("udp.len", "20");
	ASSERT_FIELD("payload.len", "12");
	ASSERT_TEXT("IP6 2001:db8::1.53 > 2001:db8::2.5353: UDP, length 12");
	/* length 0 is a jumbogram's only when the carrier claims more than 65535 */
	pst_dissect(&pkt, PS_DLT_EN10MB, patch16(dgram6, sizeof dgram6, 58, 0), sizeof dgram6,
		    sizeof dgram6);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "udp.len_invalid"));
	ASSERT_FIELD("udp.len", "0");
}

static void test_udp_padding(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, padded, sizeof padded, sizeof padded);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("udp.len", "12");
	ASSERT_FIELD("payload.len", "4");
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.40001: UDP, length 4");
	/* a UDP length below the IP claim: the datagram ends where UDP says */
	pst_dissect(&pkt, PS_DLT_EN10MB, short_len, sizeof short_len, sizeof short_len);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("payload.len", "4");
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.40001: UDP, length 4");
}

static void test_udp_len_too_small(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, patch16(dgram, sizeof dgram, UDP_OFF + 4, 4), sizeof dgram,
		    sizeof dgram);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "udp.len_invalid"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "udp.truncated"));
	CU_ASSERT_TRUE(pkt.any_malformed);
	ASSERT_FIELD("udp.len", "4");
	ASSERT_FIELD("udp.checksum", "43981");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "payload.len"));
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.40001: truncated-udplength 4");
}

static void test_udp_len_exceeds_claim(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, patch16(dgram, sizeof dgram, UDP_OFF + 4, 100),
		    sizeof dgram, sizeof dgram);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "udp.len_invalid"));
	ASSERT_FIELD("udp.len", "100");
	ASSERT_FIELD("payload.len", "20"); /* clipped to what IP claims */
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.40001: UDP, bad length 92 > 20");
}

static void test_udp_hdr_exceeds_len(void)
{
	/* IP claims 4 bytes of UDP */
	pst_dissect(&pkt, PS_DLT_EN10MB, patch16(dgram, sizeof dgram, 16, 24), sizeof dgram,
		    sizeof dgram);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "udp.hdr_exceeds_len"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "udp.truncated"));
	ASSERT_FIELD("udp.dport", "40001");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "udp.len"));
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.40001: truncated-udp 4");
}

static void test_udp_truncated(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, dgram, UDP_OFF + 6, sizeof dgram);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "udp.truncated"));
	CU_ASSERT_TRUE(pkt.layers[2].truncated);
	ASSERT_FIELD("udp.len", "28");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "udp.checksum"));
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.40001:  [|udp]");
	pst_dissect(&pkt, PS_DLT_EN10MB, dgram, UDP_OFF + 3, sizeof dgram);
	ASSERT_FIELD("udp.sport", "40000");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "udp.dport"));
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2:  [|udp]");
	/* the header whole, the data cut: no event */
	pst_dissect(&pkt, PS_DLT_EN10MB, dgram, UDP_OFF + 10, sizeof dgram);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("payload.len", "2");
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.40001: UDP, length 20");
}

static void test_udp_sweep(void)
{
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, dgram, sizeof dgram, UDP_OFF, "udp.truncated"), 8);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, dgram6, sizeof dgram6, 54, "udp.truncated"), 8);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, dgram, sizeof dgram, 0, "udp.len_invalid"), 0);
}

static void test_udp_verbose(void)
{
	/* tcpdump checks an IPv4 datagram's checksum from -vv, IPv6's from -v */
	pst_dissect(&pkt, PS_DLT_EN10MB, dgram, sizeof dgram, sizeof dgram);
	ASSERT_VTEXT_ENDS(1, "\n    10.0.0.1.40000 > 10.0.0.2.40001: UDP, length 20");
	ASSERT_VTEXT_ENDS(2, "\n    10.0.0.1.40000 > 10.0.0.2.40001: [bad udp cksum 0xabcd -> "
			     "0xe563!] UDP, length 20");
	memcpy(buf, dgram, sizeof dgram);
	buf[UDP_OFF + 6] = 0xe5;
	buf[UDP_OFF + 7] = 0x63;
	pst_dissect(&pkt, PS_DLT_EN10MB, buf, sizeof dgram, sizeof dgram);
	ASSERT_VTEXT_ENDS(2, "[udp sum ok] UDP, length 20");
	pst_dissect(&pkt, PS_DLT_EN10MB, patch16(dgram, sizeof dgram, UDP_OFF + 6, 0), sizeof dgram,
		    sizeof dgram);
	ASSERT_VTEXT_ENDS(2, "10.0.0.2.40001: [no cksum] UDP, length 20");
	pst_dissect(&pkt, PS_DLT_EN10MB, dgram6, sizeof dgram6, sizeof dgram6);
	ASSERT_VTEXT_ENDS(1, "2001:db8::1.53 > 2001:db8::2.5353: [bad udp cksum 0xabcd -> 0xe68a!] "
			     "UDP, length 12");
}

PST_MAIN("udp", {"valid", test_udp_valid}, {"ipv6", test_udp_ipv6}, {"padding", test_udp_padding},
	 {"len_too_small", test_udp_len_too_small},
	 {"len_exceeds_claim", test_udp_len_exceeds_claim},
	 {"hdr_exceeds_len", test_udp_hdr_exceeds_len}, {"truncated", test_udp_truncated},
	 {"sweep", test_udp_sweep}, {"verbose", test_udp_verbose})
