/* SPDX-License-Identifier: BSD-2-Clause */
/* test_ipv6.c - CUnit suite of the IPv6 dissector: fixed header, every extension
 * header kind, fragments, jumbograms, tunnels, every malformed event,
 * truncation sweeps and tcpdump-like text. */
#include <string.h>

#include "ps_test.h"

/* a field's value, failing (not crashing) when it is absent */
#define ASSERT_NO_FIELD(path) CU_ASSERT_PTR_NULL(pst_field(&pkt, (path)))
#undef ASSERT_TEXT /* this suite also pins the -v and -e text */
#define ASSERT_TEXT(verbose, link, want)                                                       \
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, (verbose), (link)), (want))
/* the text starts with `want` (what a transport layer prints after it is not ours) */
#define ASSERT_TEXT_PREFIX(verbose, link, want)                                                    \
	CU_ASSERT_NSTRING_EQUAL(pst_text(&pkt, (verbose), (link)), (want), strlen(want))

/* Ethernet + IPv6 tc 0x12 flow 0x12345 + HBH DSTOPT RT0 FRAG(first) AH DSTOPT + UDP (4 bytes) */
static const uint8_t v6_ext[146] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x86, 0xdd, 0x61, 0x21, 0x23, 0x45, 0x00, 0x5c, 0x00, 0x40, 0xfe, 0x80,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x01, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x3c, 0x00, 0x05, 0x02, 0x00, 0x00,
	0x01, 0x00, 0x2b, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x2c, 0x02,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x33, 0x00,
	0x00, 0x01, 0x12, 0x34, 0x56, 0x78, 0x3c, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x00, 0x01, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa,
	0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0xaa, 0x11, 0x00, 0x01, 0x04, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x0c, 0x00, 0x00, 0x61, 0x62,
	0x63, 0x64,
};

/* Ethernet + IPv6 + Fragment (offset 1 = 8 bytes, last, id 0x12345678) + 16 bytes */
static const uint8_t v6_frag1[78] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x86, 0xdd, 0x60, 0x00, 0x00, 0x00, 0x00, 0x18, 0x2c, 0x40, 0xfe, 0x80,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x01, 0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x11, 0x00, 0x00, 0x08, 0x12, 0x34,
	0x56, 0x78, 0x00, 0x01, 0x00, 0x02, 0x00, 0x0c, 0x00, 0x00, 0x61, 0x62,
	0x63, 0x64, 0x00, 0x00, 0x00, 0x00,
};

/* raw IPv6 (link type IPV6) fe80::1 > ff02::1 + UDP 1 > 2 (4 bytes) */
static const uint8_t v6_udp[52] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x0c, 0x11, 0x40, 0xfe, 0x80, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x02, 0x00, 0x0c, 0x00, 0x00,
	0x61, 0x62, 0x63, 0x64,
};

/* raw IPv6 jumbogram: plen 0, HBH with Jumbo 70000, UDP 1 > 2 (its first 12 bytes) */
static const uint8_t v6_jumbo[60] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x40, 0xfe, 0x80, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x11, 0x00, 0xc2, 0x04, 0x00, 0x01, 0x11, 0x70,
	0x00, 0x01, 0x00, 0x02, 0x00, 0x0c, 0x00, 0x00, 0x61, 0x62, 0x63, 0x64,
};

/* raw IPv6 + 9 Destination Options headers + UDP 1 > 2 */
static const uint8_t v6_many_ext[124] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x54, 0x3c, 0x40, 0xfe, 0x80, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x3c, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x11, 0x00, 0x01, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x0c, 0x00, 0x00,
	0x61, 0x62, 0x63, 0x64,
};

/* raw IPv6 + DSTOPT + HBH (not first) + UDP 1 > 2 */
static const uint8_t v6_hbh_late[68] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x1c, 0x3c, 0x40, 0xfe, 0x80, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00,
	0x11, 0x00, 0x01, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02,
	0x00, 0x0c, 0x00, 0x00, 0x61, 0x62, 0x63, 0x64,
};

/* raw IPv4 10.0.0.1 > 10.0.0.2 carrying raw IPv6 fe80::1 > ff02::1 + UDP 1 > 2 */
static const uint8_t v6_in_v4[72] = {
	0x45, 0x00, 0x00, 0x48, 0x00, 0x01, 0x40, 0x00, 0x40, 0x29, 0x26, 0x8a,
	0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x60, 0x00, 0x00, 0x00,
	0x00, 0x0c, 0x11, 0x40, 0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xff, 0x02, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0x00, 0x01, 0x00, 0x02, 0x00, 0x0c, 0x00, 0x00, 0x61, 0x62, 0x63, 0x64,
};

/* raw IPv6 + routing type 0 with Hdr Ext Len 1 (odd: no whole address) + No Next Header */
static const uint8_t v6_rt_odd[56] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x10, 0x2b, 0x40, 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0x01, 0xff, 0x02, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0x01, 0x3b, 0x01, 0x00, 0x00, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0,
};

/* tcpdump icmpv6-rfc7112.pcap: ICMPv6 parameter problem quoting a first fragment whose
 * upper header (IPv6-in-IPv6) is cut by the quote */
static const uint8_t v6_rfc7112[126] = {
	0xac, 0x1f, 0x6b, 0x46, 0x9e, 0xda, 0x00, 0xa0, 0x98, 0x15, 0xec, 0xe7,
	0x86, 0xdd, 0x60, 0x00, 0x00, 0x00, 0x00, 0x48, 0x3a, 0x40, 0x20, 0x01,
	0x06, 0x30, 0x00, 0x42, 0x01, 0x10, 0x02, 0xa0, 0x98, 0xff, 0xfe, 0x15,
	0xec, 0xe7, 0x20, 0x01, 0x06, 0x30, 0x00, 0x42, 0x01, 0x10, 0xae, 0x1f,
	0x6b, 0xff, 0xfe, 0x46, 0x9e, 0xda, 0x04, 0x03, 0x99, 0x4c, 0x00, 0x00,
	0x00, 0x30, 0x60, 0x00, 0x00, 0x00, 0x00, 0x18, 0x2c, 0x40, 0x20, 0x01,
	0x06, 0x30, 0x00, 0x42, 0x01, 0x10, 0xae, 0x1f, 0x6b, 0xff, 0xfe, 0x46,
	0x9e, 0xda, 0x20, 0x01, 0x06, 0x30, 0x00, 0x42, 0x01, 0x10, 0x02, 0xa0,
	0x98, 0xff, 0xfe, 0x15, 0xec, 0xe7, 0x29, 0x00, 0x00, 0x01, 0x00, 0x00,
	0xd6, 0xb1, 0x62, 0x27, 0x60, 0x5c, 0x78, 0x30, 0x30, 0x5c, 0x78, 0x30,
	0x30, 0x5c, 0x78, 0x30, 0x30, 0x5c,
};

static struct ps_packet pkt;
static uint8_t buf[160];

/* a copy of `src` with byte `at` replaced */
static const uint8_t *patched(const uint8_t *src, size_t n, unsigned at, uint8_t v)
{
	memcpy(buf, src, n);
	buf[at] = v;
	return buf;
}

static void raw6(const uint8_t *b, uint32_t caplen, uint32_t len)
{
	pst_dissect(&pkt, PS_DLT_IPV6, b, caplen, len);
}

static void test_ipv6_valid_ext(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, v6_ext, sizeof v6_ext, sizeof v6_ext);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_EQUAL(pkt.layers[1].proto, PS_P_IPV6);
	CU_ASSERT_EQUAL(pkt.layers[1].hdr_len, 120);
	CU_ASSERT_EQUAL(pkt.layers[1].u.ipv6.n_ext, 6);
	CU_ASSERT_EQUAL(pkt.layers[1].u.ipv6.upper, 17);
	CU_ASSERT_TRUE(pkt.layers[1].u.ipv6.fragment);
	ASSERT_FIELD("ipv6.tc", "18");
	ASSERT_FIELD("ipv6.flow", "74565");
	ASSERT_FIELD("ipv6.plen", "92");
	ASSERT_FIELD("ipv6.nxt", "0");
	ASSERT_FIELD("ipv6.hlim", "64");
	ASSERT_FIELD("ipv6.src", "fe80::1");
	ASSERT_FIELD("ipv6.dst", "ff02::1");
	ASSERT_NO_FIELD("ipv6.jumbo");
	ASSERT_NO_FIELD("ipv6.v");
	ASSERT_FIELD("ipv6.ext.0.type", "0");
	ASSERT_FIELD("ipv6.ext.0.len", "8");
	ASSERT_FIELD("ipv6.ext.1.type", "60");
	ASSERT_FIELD("ipv6.ext.1.len", "8");
	ASSERT_FIELD("ipv6.ext.2.type", "43");
	ASSERT_FIELD("ipv6.ext.2.len", "24");
	ASSERT_FIELD("ipv6.ext.3.type", "44");
	ASSERT_FIELD("ipv6.ext.3.len", "8");
	ASSERT_FIELD("ipv6.ext.3.offset", "0");
	ASSERT_FIELD("ipv6.ext.3.m", "true");
	ASSERT_FIELD("ipv6.ext.3.id", "305419896");
	ASSERT_FIELD("ipv6.ext.4.type", "51");
	ASSERT_FIELD("ipv6.ext.4.len", "24");
	ASSERT_NO_FIELD("ipv6.ext.4.offset");
	ASSERT_FIELD("ipv6.ext.5.type", "60");
	ASSERT_FIELD("ipv6.ext.5.len", "8");
	ASSERT_NO_FIELD("ipv6.ext.6.type");
	/* a first fragment carries the transport header */
	ASSERT_FIELD("udp.sport", "1");
	ASSERT_FIELD("udp.dport", "2");
	ASSERT_FIELD("payload.len", "4");
	ASSERT_TEXT(0, false,
		    "IP6 fe80::1 > ff02::1: HBH DSTOPT RT6 (len=2, type=0 [Deprecated], segleft=1, "
		    "[0]2001:db8::1) frag (0|44) AH(spi=0x00000100,seq=0x1,icv=0xaaaaaaaaaaaaaaaaaaaaaaaa): "
		    "DSTOPT fe80::1.1 > ff02::1.2: UDP, length 4");
	ASSERT_TEXT_PREFIX(1, false,
		    "IP6 (class 0x12, flowlabel 0x12345, hlim 64, next-header Options (0) payload "
		    "length: 92) fe80::1 > ff02::1: HBH (rtalert: 0x0000) (padn) DSTOPT (padn) RT6 "
		    "(len=2, type=0 [Deprecated], segleft=1, rsv=0x0, [0]2001:db8::1) "
		    "frag (0x12345678:0|44) AH(length=4(24-bytes),spi=0x00000100,seq=0x1,"
		    "icv=0xaaaaaaaaaaaaaaaaaaaaaaaa): DSTOPT (padn) fe80::1.1 > ff02::1.2: ");
}

static void test_ipv6_valid_plain(void)
{
	raw6(v6_udp, sizeof v6_udp, sizeof v6_udp);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_EQUAL(pkt.layers[0].hdr_len, 40);
	ASSERT_FIELD("ipv6.tc", "0");
	ASSERT_FIELD("ipv6.flow", "0");
	ASSERT_FIELD("ipv6.plen", "12");
	ASSERT_FIELD("ipv6.nxt", "17");
	ASSERT_FIELD("ipv6.hlim", "64");
	ASSERT_NO_FIELD("ipv6.ext.0.type");
	ASSERT_FIELD("udp.sport", "1");
	ASSERT_TEXT(0, false, "IP6 fe80::1.1 > ff02::1.2: UDP, length 4");
	ASSERT_TEXT(0, true, "ip: fe80::1.1 > ff02::1.2: UDP, length 4");
	ASSERT_TEXT_PREFIX(1, false,
			   "IP6 (hlim 64, next-header UDP (17) payload length: 12) fe80::1.1 > ff02::1.2: ");
	/* No Next Header: nothing follows */
	raw6(patched(v6_udp, sizeof v6_udp, 6, 59), sizeof v6_udp, sizeof v6_udp);
	ASSERT_NO_FIELD("udp.sport");
	ASSERT_TEXT(0, false, "IP6 fe80::1 > ff02::1: no next header");
	/* an unknown upper protocol: payload */
	raw6(patched(v6_udp, sizeof v6_udp, 6, 253), sizeof v6_udp, sizeof v6_udp);
	ASSERT_FIELD("payload.len", "12");
	ASSERT_TEXT(0, false, "IP6 fe80::1 > ff02::1:  ip-proto-253 12");
}

static void test_ipv6_fragments(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, v6_frag1, sizeof v6_frag1, sizeof v6_frag1);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("ipv6.nxt", "44");
	ASSERT_FIELD("ipv6.ext.0.type", "44");
	ASSERT_FIELD("ipv6.ext.0.offset", "1");
	ASSERT_FIELD("ipv6.ext.0.m", "false");
	ASSERT_FIELD("ipv6.ext.0.id", "305419896");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "udp.sport"));
	ASSERT_FIELD("payload.len", "16");
	ASSERT_TEXT(0, false, "IP6 fe80::1 > ff02::1: frag (8|16)");
	ASSERT_TEXT(1, false,
		    "IP6 (hlim 64, next-header Fragment (44) payload length: 24) fe80::1 > ff02::1: "
		    "frag (0x12345678:8|16)");
	/* the same with TCP after it: still no transport layer */
	pst_dissect(&pkt, PS_DLT_EN10MB, patched(v6_frag1, sizeof v6_frag1, 54, 6), sizeof v6_frag1,
		    sizeof v6_frag1);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.sport"));
	CU_ASSERT_EQUAL(pkt.nlayers, 2);
}

static void test_ipv6_jumbo(void)
{
	/* Payload Length 0 and a Jumbo option of 70000: the frame on the wire is that long */
	raw6(v6_jumbo, sizeof v6_jumbo, 40 + 70000);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("ipv6.plen", "0");
	ASSERT_FIELD("ipv6.jumbo", "70000");
	ASSERT_FIELD("ipv6.ext.0.type", "0");
	ASSERT_FIELD("udp.sport", "1");
	/* the same frame captured whole at 60 bytes claims more than it has */
	raw6(v6_jumbo, sizeof v6_jumbo, sizeof v6_jumbo);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ipv6.plen_exceeds_caplen"));
	ASSERT_TEXT(0, false,
		    "IP6 fe80::1 > ff02::1: HBH truncated-ip6 - 69980 bytes missing!fe80::1.1 > "
		    "ff02::1.2: UDP, length 4");
	/* a Jumbo option with a non-zero Payload Length is ignored */
	raw6(patched(v6_jumbo, sizeof v6_jumbo, 5, 20), sizeof v6_jumbo, sizeof v6_jumbo);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ipv6.jumbo_invalid"));
	ASSERT_NO_FIELD("ipv6.jumbo");
	ASSERT_FIELD("udp.sport", "1");
	/* a jumbo length that would have fitted Payload Length */
	raw6(patched(v6_jumbo, sizeof v6_jumbo, 45, 0), sizeof v6_jumbo, 40 + 4464);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ipv6.jumbo_invalid"));
	ASSERT_FIELD("ipv6.jumbo", "4464");
	/* a jumbogram cannot be fragmented: HBH's next header made Fragment */
	raw6(patched(v6_jumbo, sizeof v6_jumbo, 40, 44), sizeof v6_jumbo, 40 + 70000);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ipv6.jumbo_invalid"));
	ASSERT_FIELD("ipv6.ext.1.type", "44");
	ASSERT_FIELD("ipv6.ext.1.offset", "0");
	/* Payload Length 0 and no Jumbo option: the HBH header itself exceeds it */
	raw6(patched(v6_jumbo, sizeof v6_jumbo, 42, 0x1e), sizeof v6_jumbo, sizeof v6_jumbo);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ipv6.ext_exceeds_plen"));
	ASSERT_NO_FIELD("udp.sport");
}

static void test_ipv6_bad_version(void)
{
	raw6(patched(v6_udp, sizeof v6_udp, 0, 0x50), sizeof v6_udp, sizeof v6_udp);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ipv6.bad_version"));
	ASSERT_FIELD("ipv6.v", "5");
	ASSERT_NO_FIELD("ipv6.src");
	ASSERT_NO_FIELD("udp.sport");
	ASSERT_FIELD("payload.len", "52");
	ASSERT_TEXT(0, false, "IP6 version error: 5 != 6");
}

static void test_ipv6_tunnels(void)
{
	/* 6in4 */
	pst_dissect(&pkt, PS_DLT_IPV4, v6_in_v4, sizeof v6_in_v4, sizeof v6_in_v4);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("ip.proto", "41");
	ASSERT_FIELD("ip.inner.ipv6.src", "fe80::1");
	ASSERT_FIELD("ip.inner.udp.sport", "1");
	ASSERT_NO_FIELD("ipv6.src");
	ASSERT_TEXT(0, false, "IP 10.0.0.1 > 10.0.0.2: IP6 fe80::1.1 > ff02::1.2: UDP, length 4");
	/* a tunnel inside an ICMPv6 quote: the quote is short by nature, no length event */
	pst_dissect(&pkt, PS_DLT_EN10MB, v6_rfc7112, sizeof v6_rfc7112, sizeof v6_rfc7112);
	ASSERT_FIELD("icmpv6.quote.ipv6.ext.0.type", "44");
	ASSERT_FIELD("icmpv6.quote.ipv6.inner.ipv6.plen", "30768");
	CU_ASSERT_FALSE(pst_has_event_in(&pkt, "icmpv6.quote.ipv6.inner", "ipv6.plen_exceeds_caplen"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "ipv6.plen_exceeds_caplen"));
	/* the IPv6 link type carrying IPv4: decoded as IPv4 */
	raw6(v6_in_v4, sizeof v6_in_v4, sizeof v6_in_v4);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ipv6.version_4"));
	CU_ASSERT_EQUAL(pkt.layers[0].proto, PS_P_IPV4);
	ASSERT_FIELD("ip.src", "10.0.0.1");
	ASSERT_FIELD("ip.inner.ipv6.dst", "ff02::1");
}

static void test_ipv6_plen_exceeds_caplen(void)
{
	raw6(patched(v6_udp, sizeof v6_udp, 5, 100), sizeof v6_udp, sizeof v6_udp);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ipv6.plen_exceeds_caplen"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "ipv6.truncated"));
	ASSERT_FIELD("ipv6.plen", "100");
	ASSERT_FIELD("udp.sport", "1");
	ASSERT_TEXT(0, false,
		    "IP6 truncated-ip6 - 88 bytes missing!fe80::1.1 > ff02::1.2: UDP, length 4");
	/* a snap-length cut is only a short capture */
	raw6(v6_udp, 44, sizeof v6_udp);
	CU_ASSERT_FALSE(pst_has_event(&pkt, "ipv6.plen_exceeds_caplen"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "ipv6.truncated"));
	/* tcpdump's ipv6_invalid_length: 39 header bytes in a frame captured whole */
	pst_dissect(&pkt, PS_DLT_EN10MB, v6_ext, 53, 53);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ipv6.truncated"));
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ipv6.plen_exceeds_caplen"));
	ASSERT_FIELD("ipv6.src", "fe80::1");
	ASSERT_NO_FIELD("ipv6.dst");
	ASSERT_TEXT(0, false, "IP6  [|ipv6]");
}

static void test_ipv6_ext_malformed(void)
{
	/* an extension header longer than the Payload Length */
	raw6(patched(v6_jumbo, sizeof v6_jumbo, 5, 4), sizeof v6_jumbo, sizeof v6_jumbo);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ipv6.ext_exceeds_plen"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "ipv6.truncated"));
	ASSERT_FIELD("ipv6.ext.0.type", "0");
	ASSERT_FIELD("ipv6.ext.0.len", "8");
	ASSERT_NO_FIELD("udp.sport");
	ASSERT_TEXT(0, false, "IP6 fe80::1 > ff02::1:  [|hbhopt]");
	/* a Hop-by-Hop header after another one: flagged, decoding goes on */
	raw6(v6_hbh_late, sizeof v6_hbh_late, sizeof v6_hbh_late);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ipv6.hbh_not_first"));
	ASSERT_FIELD("ipv6.ext.1.type", "0");
	ASSERT_FIELD("udp.sport", "1");
	/* more extension headers than the record holds: the rest is payload */
	raw6(v6_many_ext, sizeof v6_many_ext, sizeof v6_many_ext);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ipv6.ext_limit"));
	ASSERT_FIELD("ipv6.ext.7.type", "60");
	ASSERT_NO_FIELD("ipv6.ext.8.type");
	ASSERT_NO_FIELD("udp.sport");
	ASSERT_FIELD("payload.len", "20");
	/* a routing header too short for the address its type implies */
	raw6(v6_rt_odd, sizeof v6_rt_odd, sizeof v6_rt_odd);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("ipv6.ext.0.len", "16");
	ASSERT_TEXT(0, false, "IP6 fe80::1 > ff02::1: RT6 (len=1, type=0 [Deprecated], segleft=0 "
			      "(invalid length 1) (invalid)");
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_IPV6, v6_rt_odd, sizeof v6_rt_odd, 0, "ipv6.truncated"), 56);
}

static void test_ipv6_truncated(void)
{
	/* every prefix inside the 40 + 80 header bytes, and only those */
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, v6_ext, sizeof v6_ext, 14, "ipv6.truncated"), 120);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_IPV6, v6_udp, sizeof v6_udp, 0, "ipv6.truncated"), 40);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_IPV6, v6_jumbo, sizeof v6_jumbo, 0, "ipv6.truncated"), 48);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_IPV6, v6_many_ext, sizeof v6_many_ext, 0, "ipv6.truncated"),
			40 + 64);
	/* a cut header keeps exactly the fields whose bytes were captured */
	pst_dissect(&pkt, PS_DLT_EN10MB, v6_ext, 14 + 2, sizeof v6_ext);
	ASSERT_FIELD("ipv6.tc", "18");
	ASSERT_NO_FIELD("ipv6.flow");
	pst_dissect(&pkt, PS_DLT_EN10MB, v6_ext, 14 + 7, sizeof v6_ext);
	ASSERT_FIELD("ipv6.flow", "74565");
	ASSERT_FIELD("ipv6.plen", "92");
	ASSERT_FIELD("ipv6.nxt", "0");
	ASSERT_NO_FIELD("ipv6.hlim");
	pst_dissect(&pkt, PS_DLT_EN10MB, v6_ext, 14 + 39, sizeof v6_ext);
	ASSERT_FIELD("ipv6.src", "fe80::1");
	ASSERT_NO_FIELD("ipv6.dst");
	CU_ASSERT_FALSE(pst_has_event(&pkt, "ipv6.plen_exceeds_caplen"));
	/* inside the routing header: the two before it whole, it by type and length */
	pst_dissect(&pkt, PS_DLT_EN10MB, v6_ext, 14 + 40 + 16 + 10, sizeof v6_ext);
	ASSERT_FIELD("ipv6.dst", "ff02::1");
	ASSERT_FIELD("ipv6.ext.1.type", "60");
	ASSERT_FIELD("ipv6.ext.2.type", "43");
	ASSERT_FIELD("ipv6.ext.2.len", "24");
	ASSERT_NO_FIELD("ipv6.ext.3.type");
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ipv6.truncated"));
	ASSERT_TEXT(0, false, "IP6 fe80::1 > ff02::1: HBH DSTOPT  [|ipv6]");
	/* inside the fragment header: no offset, m or id */
	pst_dissect(&pkt, PS_DLT_EN10MB, v6_ext, 94 + 4, sizeof v6_ext);
	ASSERT_FIELD("ipv6.ext.3.type", "44");
	ASSERT_NO_FIELD("ipv6.ext.3.offset");
	ASSERT_NO_FIELD("ipv6.ext.3.id");
	pst_dissect(&pkt, PS_DLT_EN10MB, v6_ext, 14, sizeof v6_ext);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ipv6.truncated"));
	ASSERT_NO_FIELD("ipv6.tc");
}

PST_MAIN("ipv6", {"valid_ext", test_ipv6_valid_ext}, {"valid_plain", test_ipv6_valid_plain},
	 {"fragments", test_ipv6_fragments}, {"jumbo", test_ipv6_jumbo},
	 {"bad_version", test_ipv6_bad_version}, {"tunnels", test_ipv6_tunnels},
	 {"plen_exceeds_caplen", test_ipv6_plen_exceeds_caplen},
	 {"ext_malformed", test_ipv6_ext_malformed}, {"truncated", test_ipv6_truncated})
