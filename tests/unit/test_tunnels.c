/* SPDX-License-Identifier: BSD-2-Clause */
/* test_tunnels.c - CUnit suite of the tunnel dissectors (VXLAN, Geneve,
 * GRE, GTP-U, Teredo): header fields, the payload nested under "inner", malformed
 * headers and truncation. */
#include <string.h>

#include "ps_test.h"
#include "pst_build.h"

static struct ps_packet pkt;
static uint8_t frame[512];
static uint8_t inner[128]; /* Ethernet + IPv4 + ICMP echo request id 1 seq 2 */
static size_t inner_len;

#define INNER_TEXT "IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 2, length 8"

static void make_inner(void)
{
	static const uint8_t echo[8] = {8, 0, 0xf7, 0xfc, 0, 1, 0, 2};
	inner_len = pst_ipv4(inner, sizeof inner, 1, echo, sizeof echo);
}

/* header + inner frame from `skip` bytes on (14: without Ethernet) */
static size_t tunnel_udp(uint16_t dport, const uint8_t *hdr, size_t hlen, size_t skip)
{
	uint8_t msg[256];
	make_inner();
	memcpy(msg, hdr, hlen);
	memcpy(msg + hlen, inner + skip, inner_len - skip);
	return pst_udp4(frame, sizeof frame, 40000, dport, msg, hlen + inner_len - skip);
}

static void assert_inner(const char *t)
{
	char path[64];
	snprintf(path, sizeof path, "%s.inner.ip.src", t);
	ASSERT_FIELD(path, "10.0.0.1");
	snprintf(path, sizeof path, "%s.inner.icmp.seq", t);
	ASSERT_FIELD(path, "2");
	/* the outer keys are the outer packet's */
	ASSERT_FIELD("ip.proto", t[0] == 'g' && t[1] == 'r' ? "47" : "17");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "icmp"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "payload.len"));
}

static void test_vxlan(void)
{
	static const uint8_t hdr[8] = {0x08, 0, 0, 0, 0x00, 0x04, 0x57, 0};
	size_t n = tunnel_udp(4789, hdr, sizeof hdr, 0);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("vxlan.flags", "2048");
	ASSERT_FIELD("vxlan.vni", "1111");
	ASSERT_FIELD("vxlan.inner.eth.src", "02:00:00:00:00:01");
	assert_inner("vxlan");
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.4789: VXLAN, flags [I] (0x08), vni 1111\n" INNER_TEXT);
	/* the inner Ethernet header shows with -e, as tcpdump's */
	const char *t = pst_text(&pkt, 0, true);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "vni 1111\n02:00:00:00:00:01 > 02:00:00:00:00:02"));
	frame[PST_UDP4_HDR] = 0;
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_text(&pkt, 0, false), "VXLAN, flags [invalid] (0x00)"));
	/* a datagram shorter than the header */
	n = pst_udp4(frame, sizeof frame, 40000, 4789, hdr, 5);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "vxlan.hdr_exceeds_len"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "vxlan.vni"));
	ASSERT_FIELD("vxlan.flags", "2048");
}

static void test_geneve(void)
{
	/* version 0, 2 option words, C flag, Ethernet payload, vni 10, an option */
	static const uint8_t hdr[16] = {0x02, 0x40, 0x65, 0x58, 0, 0, 0x0a, 0,
					0x01, 0x02, 0x03, 0x01, 1, 2, 3, 4};
	size_t n = tunnel_udp(6081, hdr, sizeof hdr, 0);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("geneve.version", "0");
	ASSERT_FIELD("geneve.opt_len", "8");
	ASSERT_FIELD("geneve.oam", "false");
	ASSERT_FIELD("geneve.critical", "true");
	ASSERT_FIELD("geneve.proto", "25944");
	ASSERT_FIELD("geneve.vni", "10");
	assert_inner("geneve");
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.6081: Geneve, Flags [C], vni 0xa, "
		    "options [8 bytes]: " INNER_TEXT);
	/* -v lists the options (-vv with their data) and starts a line */
	const char *t = pst_text(&pkt, 1, false);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "Geneve, Flags [C], vni 0xa, options [class Open Virtual "
					 "Networking (OVN) (0x102) type 0x3 len 8]\n\tIP (tos 0x0"));
	t = pst_text(&pkt, 2, false);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "type 0x3 len 8 data 01020304]\n\tIP (tos 0x0"));
	/* IPv4 directly (EtherType 0x0800), no options, O flag */
	static const uint8_t hdr4[8] = {0x00, 0x80, 0x08, 0x00, 0, 0, 0x0b, 0};
	n = tunnel_udp(6081, hdr4, sizeof hdr4, 14);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	ASSERT_FIELD("geneve.oam", "true");
	ASSERT_FIELD("geneve.inner.ip.dst", "10.0.0.2");
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.6081: Geneve, Flags [O], vni 0xb: " INNER_TEXT);
	/* version 1 */
	frame[PST_UDP4_HDR] = 0x40;
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "geneve.bad_version"));
	ASSERT_FIELD("geneve.version", "1");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "geneve.vni"));
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.6081: Geneve ERROR: unknown-version 1");
	/* options announced past the datagram */
	n = pst_udp4(frame, sizeof frame, 40000, 6081, hdr, 12);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "geneve.hdr_exceeds_len"));
}

/* GRE over IPv4 with header `hdr` and the inner IPv4 packet */
static size_t gre_frame(const uint8_t *hdr, size_t hlen, size_t skip)
{
	uint8_t msg[256];
	make_inner();
	memcpy(msg, hdr, hlen);
	memcpy(msg + hlen, inner + skip, inner_len - skip);
	return pst_ipv4(frame, sizeof frame, 47, msg, hlen + inner_len - skip);
}

static void test_gre(void)
{
	/* C K S bits, IPv4, checksum 0x1234, key 0x3e8, seq 7 */
	static const uint8_t hdr[16] = {0xb0, 0x00, 0x08, 0x00, 0x12, 0x34, 0, 0,
					0,    0,    0x03, 0xe8, 0,    0,    0, 7};
	size_t n = gre_frame(hdr, sizeof hdr, 14);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("gre.flags_version", "45056");
	ASSERT_FIELD("gre.version", "0");
	ASSERT_FIELD("gre.proto", "2048");
	ASSERT_FIELD("gre.checksum", "4660");
	ASSERT_FIELD("gre.key", "1000");
	ASSERT_FIELD("gre.seq", "7");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "gre.ack"));
	assert_inner("gre");
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: GREv0, off 0x0, key=0x3e8, seq 7, length 44: " INNER_TEXT);
	ASSERT_VTEXT_ENDS(1, "GREv0, Flags [checksum present, key present, sequence# present], "
			     "sum 0x1234, off 0x0, key=0x3e8, seq 7, length 44\n\tIP (tos 0x0, ttl "
			     "64, id 1, offset 0, flags [none], proto ICMP (1), length 28)\n    "
			     "10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 2, length 8");
	/* Ethernet bridging (0x6558) */
	static const uint8_t teb[4] = {0, 0, 0x65, 0x58};
	n = gre_frame(teb, sizeof teb, 0);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	ASSERT_FIELD("gre.inner.eth.type", "2048");
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: GREv0, length 46: " INNER_TEXT);
	/* ERSPAN (0x88be) is a layer of its own (test_erspan.c); the text
	 * stays tcpdump's */
	static const uint8_t erspan[4] = {0, 0, 0x88, 0xbe};
	n = gre_frame(erspan, sizeof erspan, 0);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "gre.inner"));
	ASSERT_FIELD("erspan.inner.eth.type", "2048");
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: GREv0, length 46: gre-proto-0x88be");
}

static void test_gre_pptp(void)
{
	/* version 1: K S A, PPP, payload length 0x20, call 5, seq 9, ack 8 */
	static const uint8_t hdr[16] = {0x30, 0x81, 0x88, 0x0b, 0, 0x20, 0, 5,
					0,    0,    0,    9,    0, 0,    0, 8};
	size_t n = gre_frame(hdr, sizeof hdr, 14);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("gre.version", "1");
	ASSERT_FIELD("gre.payload_len", "32");
	ASSERT_FIELD("gre.call_id", "5");
	ASSERT_FIELD("gre.seq", "9");
	ASSERT_FIELD("gre.ack", "8");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "gre.key"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "gre.inner"));
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: GREv1, call 5, seq 9, ack 8, length 44: "
		    "gre-proto-0x880b");
	/* without the sequence bit: no payload */
	static const uint8_t ack[12] = {0x20, 0x81, 0x88, 0x0b, 0, 0, 0, 5, 0, 0, 0, 8};
	n = pst_ipv4(frame, sizeof frame, 47, ack, sizeof ack);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: GREv1, call 5, ack 8, no-payload, length 12");
}

static void test_gre_malformed(void)
{
	static const uint8_t v3[4] = {0, 3, 8, 0};
	size_t n = gre_frame(v3, sizeof v3, 14);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "gre.bad_version"));
	ASSERT_FIELD("gre.version", "3");
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: GREv3 ERROR: unknown-version");
	static const uint8_t routing[8] = {0x40, 0, 8, 0, 0, 0, 0, 0};
	n = gre_frame(routing, sizeof routing, 14);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "gre.routing"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "gre.inner"));
	/* key and sequence announced, 6 bytes given */
	static const uint8_t ks[6] = {0x30, 0, 8, 0, 0, 0};
	n = pst_ipv4(frame, sizeof frame, 47, ks, sizeof ks);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "gre.hdr_exceeds_len"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "gre.key"));
	ASSERT_FIELD("gre.proto", "2048");
}

/* GTP-U: flags 0x36 (v1, PT, E, S), G-PDU, seq 0x1234, npdu 0, next ext
 * 0x85 (PDU session container, 4 bytes, next 0), then the inner IPv4 */
static const uint8_t gtp_hdr[16] = {0x36, 0xff, 0, 0, 0x12, 0x34, 0x56, 0x78,
				    0x12, 0x34, 0,    0x85, 1,   0x10, 0x01, 0};

static size_t gtp_frame(void)
{
	uint8_t hdr[16];
	memcpy(hdr, gtp_hdr, sizeof hdr);
	make_inner();
	size_t len = 8 + inner_len - 14;
	hdr[2] = (uint8_t)(len >> 8);
	hdr[3] = (uint8_t)len;
	return tunnel_udp(2152, hdr, sizeof hdr, 14);
}

static void test_gtp(void)
{
	size_t n = gtp_frame();
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("gtp.flags", "54");
	ASSERT_FIELD("gtp.version", "1");
	ASSERT_FIELD("gtp.pt", "1");
	ASSERT_FIELD("gtp.type", "255");
	ASSERT_FIELD("gtp.len", "36");
	ASSERT_FIELD("gtp.teid", "305419896");
	ASSERT_FIELD("gtp.seq", "4660");
	ASSERT_FIELD("gtp.next_ext", "133");
	assert_inner("gtp");
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.2152: GTPv1-U, G-PDU, teid 0x12345678, "
		    "length 36: " INNER_TEXT);
	/* an echo request (type 1): no payload decoded */
	frame[PST_UDP4_HDR + 1] = 1;
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "gtp.inner"));
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.2152: GTPv1-U, type 1, teid 0x12345678, "
		    "length 36");
}

static void test_gtp_malformed(void)
{
	size_t n = gtp_frame();
	frame[PST_UDP4_HDR] = 0x56; /* version 2 */
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "gtp.bad_version"));
	ASSERT_FIELD("gtp.version", "2");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "gtp.teid"));
	n = gtp_frame();
	frame[PST_UDP4_HDR + 12] = 0; /* extension length 0 */
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "gtp.ext_len_invalid"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "gtp.inner"));
	n = gtp_frame();
	frame[PST_UDP4_HDR + 3] = 200; /* length past the datagram */
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "gtp.hdr_exceeds_len"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "gtp.inner"));
	ASSERT_FIELD("gtp.teid", "305419896");
}

/* Teredo: authentication (client id 1 byte, value 2 bytes) and origin
 * indication (port 3797, 70.55.215.234, XORed with all ones) before an IPv6
 * ICMPv6 echo request, as in zeek's Teredo.pcap */
static const uint8_t teredo_hdr[24] = {
	0, 1, 1, 2, 0xaa, 0xbb, 0xcc, 1, 2, 3, 4, 5, 6, 7, 8, 0, /* auth */
	0, 0, 0xf1, 0x2a, 0xb9, 0xc8, 0x28, 0x15,                 /* origin */
};

static size_t teredo_frame(size_t hlen)
{
	uint8_t msg[128] = {0};
	memcpy(msg, teredo_hdr + (sizeof teredo_hdr - hlen), hlen);
	uint8_t *ip6 = msg + hlen;
	ip6[0] = 0x60, ip6[5] = 8, ip6[6] = 58, ip6[7] = 21; /* plen 8, ICMPv6, hlim 21 */
	ip6[8] = 0x20, ip6[9] = 0x01, ip6[23] = 1;            /* 2001::1 */
	ip6[24] = 0x20, ip6[25] = 0x01, ip6[39] = 2;          /* 2001::2 */
	static const uint8_t echo[8] = {128, 0, 0, 0, 0xd3, 0x73, 0xb6, 0x9b};
	memcpy(ip6 + 40, echo, sizeof echo);
	return pst_udp4(frame, sizeof frame, 40000, 3544, msg, hlen + 48);
}

static void test_teredo(void)
{
	size_t n = teredo_frame(sizeof teredo_hdr);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("teredo.auth_idlen", "1");
	ASSERT_FIELD("teredo.auth_aulen", "2");
	ASSERT_FIELD("teredo.nonce", "0102030405060708");
	ASSERT_FIELD("teredo.conf", "0");
	ASSERT_FIELD("teredo.origin_port", "3797");
	ASSERT_FIELD("teredo.origin_addr", "70.55.215.234");
	ASSERT_FIELD("teredo.inner.ipv6.src", "2001::1");
	ASSERT_FIELD("teredo.inner.icmpv6.id", "54131");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "ipv6"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "payload.len"));
	/* tcpdump has no Teredo printer */
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.3544: UDP, length 72");
	/* no indicator: the IPv6 packet right after the UDP header */
	n = teredo_frame(0);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "teredo.nonce"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "teredo.origin_port"));
	ASSERT_FIELD("teredo.inner.ipv6.dst", "2001::2");
	/* only the origin indication */
	n = teredo_frame(8);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "teredo.nonce"));
	ASSERT_FIELD("teredo.origin_port", "3797");
	ASSERT_FIELD("teredo.inner.icmpv6.type", "128");
	/* not IPv6 after the indicators: payload */
	frame[PST_UDP4_HDR + 8] = 0x45;
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "teredo.inner"));
	ASSERT_FIELD("payload.len", "48");
}

static void test_teredo_malformed(void)
{
	/* the datagram ends inside the authentication header */
	size_t n = pst_udp4(frame, sizeof frame, 40000, 3544, teredo_hdr, 10);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "teredo.hdr_exceeds_len"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "teredo.nonce"));
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.3544: UDP, length 10");
	/* ... inside the origin indication */
	n = pst_udp4(frame, sizeof frame, 40000, 3544, teredo_hdr, 20);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "teredo.hdr_exceeds_len"));
	ASSERT_FIELD("teredo.nonce", "0102030405060708");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "teredo.origin_port"));
	/* lengths running past the datagram */
	uint8_t big[24];
	memcpy(big, teredo_hdr, sizeof big);
	big[3] = 255;
	n = pst_udp4(frame, sizeof frame, 40000, 3544, big, sizeof big);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "teredo.hdr_exceeds_len"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "teredo.auth_aulen"));
	/* the capture cut: every prefix inside the indicators is teredo.truncated
	 * (2..15 bytes: the authentication header, 18..23: the origin), with
	 * tcpdump's text (no " [|teredo]") */
	n = teredo_frame(sizeof teredo_hdr);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, frame, (uint32_t)n, PST_UDP4_HDR + 1,
				  "teredo.truncated"), 20);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, PST_UDP4_HDR + 5, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "teredo.truncated"));
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.3544: UDP, length 72");
	/* the inner packet cut: its events, inside teredo.inner */
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, PST_UDP4_HDR + 24 + 30, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event_in(&pkt, "teredo.inner", "ipv6.truncated"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "teredo.truncated"));
}

static void test_tunnels_sweep(void)
{
	static const uint8_t vx[8] = {0x08, 0, 0, 0, 0x00, 0x04, 0x57, 0};
	size_t n = tunnel_udp(4789, vx, sizeof vx, 0);
	/* (an empty UDP payload is not handed to any application dissector) */
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, frame, (uint32_t)n, PST_UDP4_HDR + 1,
				  "vxlan.truncated"), 7);
	/* the inner packet cut short: its own events, inside vxlan.inner */
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, frame, (uint32_t)n, PST_UDP4_HDR + 8, 0),
			(unsigned)(n - PST_UDP4_HDR - 8));
	static const uint8_t gen[16] = {0x02, 0x40, 0x65, 0x58, 0, 0, 0x0a, 0,
					0x01, 0x02, 0x03, 0x01, 1, 2, 3, 4};
	n = tunnel_udp(6081, gen, sizeof gen, 0);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, frame, (uint32_t)n, PST_UDP4_HDR + 1,
				  "geneve.truncated"), 15);
	static const uint8_t gre[16] = {0xb0, 0x00, 0x08, 0x00, 0x12, 0x34, 0, 0,
					0,    0,    0x03, 0xe8, 0,    0,    0, 7};
	n = gre_frame(gre, sizeof gre, 14);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, frame, (uint32_t)n, PST_IP4_HDR, "gre.truncated"),
			16);
	n = gtp_frame();
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, frame, (uint32_t)n, PST_UDP4_HDR + 1,
				  "gtp.truncated"), 15);
}

static void test_tunnels_inner_truncated(void)
{
	static const uint8_t vx[8] = {0x08, 0, 0, 0, 0x00, 0x04, 0x57, 0};
	size_t n = tunnel_udp(4789, vx, sizeof vx, 0);
	/* the capture ends inside the inner IPv4 header */
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, PST_UDP4_HDR + 8 + 14 + 10, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event_in(&pkt, "vxlan.inner", "ip.truncated"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "ip.truncated"));
	ASSERT_FIELD("vxlan.inner.ip.ttl", "64");
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_text(&pkt, 0, false), " [|ip]"));
}

PST_MAIN("tunnels", {"vxlan", test_vxlan}, {"geneve", test_geneve}, {"gre", test_gre},
	 {"gre_pptp", test_gre_pptp}, {"gre_malformed", test_gre_malformed}, {"gtp", test_gtp},
	 {"gtp_malformed", test_gtp_malformed}, {"sweep", test_tunnels_sweep},
	 {"inner_truncated", test_tunnels_inner_truncated}, {"teredo", test_teredo},
	 {"teredo_malformed", test_teredo_malformed})
