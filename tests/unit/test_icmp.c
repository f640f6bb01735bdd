/* SPDX-License-Identifier: BSD-2-Clause */
/* test_icmp.c - CUnit suite of the ICMP dissector: every message shape, quotes, truncation. */
#include <stdio.h>
#include <string.h>

#include "ps_test.h"


#define ICMP_OFF 34 /* Ethernet 14 + IPv4 20 */

/* Eth + IPv4 + ICMP echo request id 1 seq 2 checksum 0x1234, 56 data bytes */
static const uint8_t echo[98] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x54, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01,
	0x26, 0xa6, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x08, 0x00,
	0x12, 0x34, 0x00, 0x01, 0x00, 0x02, 0x00, 0x01, 0x02, 0x03, 0x04, 0x05,
	0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11,
	0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d,
	0x1e, 0x1f, 0x20, 0x21, 0x22, 0x23, 0x24, 0x25, 0x26, 0x27, 0x28, 0x29,
	0x2a, 0x2b, 0x2c, 0x2d, 0x2e, 0x2f, 0x30, 0x31, 0x32, 0x33, 0x34, 0x35,
	0x36, 0x37,
};

/* Eth + IPv4 10.0.0.5 > 10.0.0.2 + ICMP port unreachable quoting IPv4 10.0.0.2 > 10.0.0.5
 * + UDP 40000 > 33434 (IP header and the first 8 bytes) */
static const uint8_t port_unreach[70] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x38, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01,
	0x26, 0xbe, 0x0a, 0x00, 0x00, 0x05, 0x0a, 0x00, 0x00, 0x02, 0x03, 0x03,
	0x12, 0x34, 0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x26, 0x00, 0x01,
	0x40, 0x00, 0x40, 0x11, 0x26, 0xc0, 0x0a, 0x00, 0x00, 0x02, 0x0a, 0x00,
	0x00, 0x05, 0x9c, 0x40, 0x82, 0x9a, 0x00, 0x12, 0x55, 0x55,
};

/* Eth + IPv4 + ICMP port unreachable quoting IPv4 + the first 8 bytes of TCP 40000 > 80 */
static const uint8_t tcp_unreach[70] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x38, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01,
	0x26, 0xbe, 0x0a, 0x00, 0x00, 0x05, 0x0a, 0x00, 0x00, 0x02, 0x03, 0x03,
	0x12, 0x34, 0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x28, 0x00, 0x01,
	0x40, 0x00, 0x40, 0x06, 0x26, 0xc9, 0x0a, 0x00, 0x00, 0x02, 0x0a, 0x00,
	0x00, 0x05, 0x9c, 0x40, 0x00, 0x50, 0x00, 0x00, 0x00, 0x4d,
};

/* Eth + IPv4 + ICMP redirect for host, gateway 10.0.0.254, quoting IPv4 + UDP */
static const uint8_t redirect[70] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x38, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01,
	0x26, 0xc2, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x05, 0x01,
	0x12, 0x34, 0x0a, 0x00, 0x00, 0xfe, 0x45, 0x00, 0x00, 0x26, 0x00, 0x01,
	0x40, 0x00, 0x40, 0x11, 0x26, 0xc0, 0x0a, 0x00, 0x00, 0x02, 0x0a, 0x00,
	0x00, 0x05, 0x9c, 0x40, 0x82, 0x9a, 0x00, 0x12, 0x55, 0x55,
};

/* Eth + IPv4 + ICMP unreachable, need to frag, next-hop MTU 1500, quoting IPv4 + UDP */
static const uint8_t needfrag[70] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x38, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01,
	0x26, 0xc2, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x03, 0x04,
	0x12, 0x34, 0x00, 0x00, 0x05, 0xdc, 0x45, 0x00, 0x00, 0x26, 0x00, 0x01,
	0x40, 0x00, 0x40, 0x11, 0x26, 0xc0, 0x0a, 0x00, 0x00, 0x02, 0x0a, 0x00,
	0x00, 0x05, 0x9c, 0x40, 0x82, 0x9a, 0x00, 0x12, 0x55, 0x55,
};

/* Eth + IPv4 + ICMP parameter problem, pointer 8, quoting IPv4 + UDP */
static const uint8_t paramprob[70] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x38, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01,
	0x26, 0xc2, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x0c, 0x00,
	0x12, 0x34, 0x08, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x26, 0x00, 0x01,
	0x40, 0x00, 0x40, 0x11, 0x26, 0xc0, 0x0a, 0x00, 0x00, 0x02, 0x0a, 0x00,
	0x00, 0x05, 0x9c, 0x40, 0x82, 0x9a, 0x00, 0x12, 0x55, 0x55,
};

/* Eth + IPv4 + ICMP time stamp reply id 7 seq 3: originate 1000, receive 99999999,
 * transmit 3000 (ms) */
static const uint8_t tstamp_reply[54] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x28, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01,
	0x26, 0xd2, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x0e, 0x00,
	0x12, 0x34, 0x00, 0x07, 0x00, 0x03, 0x00, 0x00, 0x03, 0xe8, 0x05, 0xf5,
	0xe0, 0xff, 0x00, 0x00, 0x0b, 0xb8,
};

/* Eth + IPv4 + ICMP address mask reply id 7 seq 3, mask 255.255.255.0 */
static const uint8_t mask_reply[46] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x20, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01,
	0x26, 0xda, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x12, 0x00,
	0x12, 0x34, 0x00, 0x07, 0x00, 0x03, 0xff, 0xff, 0xff, 0x00,
};

/* Eth + IPv4 + ICMP router advertisement: 2 entries of 2 words, lifetime 1800,
 * 10.0.0.1 preference 5, 10.0.0.2 preference 6 */
static const uint8_t rdisc[58] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x2c, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01,
	0x26, 0xce, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x09, 0x00,
	0x12, 0x34, 0x02, 0x02, 0x07, 0x08, 0x0a, 0x00, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x05, 0x0a, 0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x06,
};

static struct ps_packet pkt;
static uint8_t buf[160];

/* a copy of `src` with byte `at` set to `v` */
static const uint8_t *patch(const uint8_t *src, size_t n, size_t at, uint8_t v)
{
	memcpy(buf, src, n);
	buf[at] = v;
	return buf;
}

#define DISSECT(a) pst_dissect(&pkt, PS_DLT_EN10MB, (a), sizeof(a), sizeof(a))
#define DISSECT_PATCHED(a, at, v)                                                                  \
	pst_dissect(&pkt, PS_DLT_EN10MB, patch((a), sizeof(a), (at), (v)), sizeof(a), sizeof(a))

static void test_icmp_echo(void)
{
	DISSECT(echo);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_EQUAL(pkt.nlayers, 3);
	CU_ASSERT_EQUAL(pkt.layers[2].proto, PS_P_ICMP);
	CU_ASSERT_EQUAL(pkt.layers[2].hdr_len, 8);
	CU_ASSERT_EQUAL(pkt.layers[2].u.icmp.len, 64);
	ASSERT_FIELD("icmp.type", "8");
	ASSERT_FIELD("icmp.code", "0");
	ASSERT_FIELD("icmp.checksum", "4660");
	ASSERT_FIELD("icmp.id", "1");
	ASSERT_FIELD("icmp.seq", "2");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "icmp.gateway"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "icmp.quote.ip.src"));
	ASSERT_FIELD("payload.len", "56");
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 2, length 64");
	DISSECT_PATCHED(echo, ICMP_OFF, 0);
	ASSERT_FIELD("icmp.type", "0");
	ASSERT_FIELD("icmp.seq", "2");
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: ICMP echo reply, id 1, seq 2, length 64");
	/* id and seq belong to echo-like types only */
	DISSECT_PATCHED(echo, ICMP_OFF, 10);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "icmp.id"));
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: ICMP router solicitation, length 64");
	DISSECT_PATCHED(echo, ICMP_OFF, 15);
	ASSERT_FIELD("icmp.id", "1");
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: ICMP information request, length 64");
	DISSECT_PATCHED(echo, ICMP_OFF, 42);
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: ICMP type-#42, length 64");
}

static void test_icmp_port_unreach(void)
{
	DISSECT(port_unreach);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("icmp.type", "3");
	ASSERT_FIELD("icmp.code", "3");
	ASSERT_FIELD("icmp.checksum", "4660");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "icmp.id"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "icmp.mtu"));
	/* the quoted datagram, nested; the outer keys stay the outer packet's */
	ASSERT_FIELD("icmp.quote.ip.src", "10.0.0.2");
	ASSERT_FIELD("icmp.quote.ip.dst", "10.0.0.5");
	ASSERT_FIELD("icmp.quote.ip.proto", "17");
	ASSERT_FIELD("icmp.quote.ip.len", "38");
	ASSERT_FIELD("icmp.quote.udp.sport", "40000");
	ASSERT_FIELD("icmp.quote.udp.dport", "33434");
	ASSERT_FIELD("icmp.quote.udp.len", "18");
	ASSERT_FIELD("icmp.quote.udp.checksum", "21845");
	ASSERT_FIELD("ip.src", "10.0.0.5");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "udp.sport"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "payload.len"));
	ASSERT_TEXT("IP 10.0.0.5 > 10.0.0.2: ICMP 10.0.0.5 udp port 33434 unreachable, length 36");
}

static void test_icmp_unreach_codes(void)
{
	static const struct {
		uint8_t code;
		const char *text;
	} want[] = {
		{0, "ICMP net 10.0.0.5 unreachable, length 36"},
		{1, "ICMP host 10.0.0.5 unreachable, length 36"},
		{2, "ICMP 10.0.0.5 protocol 17 unreachable, length 36"},
		{5, "ICMP 10.0.0.5 unreachable - source route failed, length 36"},
		{13, "ICMP host 10.0.0.5 unreachable - admin prohibited filter, length 36"},
		{20, "ICMP 10.0.0.5 unreachable - #20, length 36"},
	};
	char line[128];

	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
		DISSECT_PATCHED(port_unreach, ICMP_OFF + 1, want[i].code);
		snprintf(line, sizeof line, "IP 10.0.0.5 > 10.0.0.2: %s", want[i].text);
		ASSERT_TEXT(line);
		ASSERT_FIELD("icmp.quote.udp.dport", "33434");
	}
	DISSECT_PATCHED(port_unreach, ICMP_OFF, 11);
	ASSERT_TEXT("IP 10.0.0.5 > 10.0.0.2: ICMP time exceeded-#3, length 36");
	buf[ICMP_OFF + 1] = 0;
	pst_dissect(&pkt, PS_DLT_EN10MB, buf, sizeof port_unreach, sizeof port_unreach);
	ASSERT_TEXT("IP 10.0.0.5 > 10.0.0.2: ICMP time exceeded in-transit, length 36");
	ASSERT_FIELD("icmp.quote.ip.src", "10.0.0.2");
	DISSECT_PATCHED(port_unreach, ICMP_OFF, 4);
	ASSERT_TEXT("IP 10.0.0.5 > 10.0.0.2: ICMP source quench, length 36");
	ASSERT_FIELD("icmp.quote.udp.dport", "33434");
	memcpy(buf, port_unreach, sizeof port_unreach);
	buf[ICMP_OFF] = 11;
	buf[ICMP_OFF + 1] = 1;
	pst_dissect(&pkt, PS_DLT_EN10MB, buf, sizeof port_unreach, sizeof port_unreach);
	ASSERT_TEXT("IP 10.0.0.5 > 10.0.0.2: ICMP ip reassembly time exceeded, length 36");
}

static void test_icmp_tcp_quote(void)
{
	DISSECT(tcp_unreach);
	/* the quote holds 8 bytes of TCP: its own truncation, inside the quote */
	ASSERT_FIELD("icmp.quote.tcp.sport", "40000");
	ASSERT_FIELD("icmp.quote.tcp.dport", "80");
	ASSERT_FIELD("icmp.quote.tcp.seq", "77");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "icmp.quote.tcp.ack"));
	CU_ASSERT_TRUE(pst_has_event_in(&pkt, "icmp.quote", "tcp.truncated"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "tcp.truncated"));
	CU_ASSERT_FALSE(pkt.any_truncated);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.sport"));
	ASSERT_TEXT("IP 10.0.0.5 > 10.0.0.2: ICMP 10.0.0.5 tcp port 80 unreachable, length 36");
}

static void test_icmp_redirect(void)
{
	DISSECT(redirect);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("icmp.type", "5");
	ASSERT_FIELD("icmp.code", "1");
	ASSERT_FIELD("icmp.gateway", "10.0.0.254");
	ASSERT_FIELD("icmp.quote.ip.dst", "10.0.0.5");
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: ICMP redirect 10.0.0.5 to host 10.0.0.254, length 36");
	DISSECT_PATCHED(redirect, ICMP_OFF + 1, 2);
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: ICMP redirect-tos 10.0.0.5 to net 10.0.0.254, "
		    "length 36");
	DISSECT_PATCHED(redirect, ICMP_OFF + 1, 7);
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: ICMP redirect-#7 10.0.0.5 to 10.0.0.254, length 36");
}

static void test_icmp_needfrag_paramprob(void)
{
	DISSECT(needfrag);
	ASSERT_FIELD("icmp.mtu", "1500");
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: ICMP 10.0.0.5 unreachable - need to frag (mtu 1500), "
		    "length 36");
	DISSECT(paramprob);
	ASSERT_FIELD("icmp.type", "12");
	ASSERT_FIELD("icmp.pointer", "8");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "icmp.mtu"));
	ASSERT_FIELD("icmp.quote.udp.dport", "33434");
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: ICMP parameter problem - octet 8, length 36");
	DISSECT_PATCHED(paramprob, ICMP_OFF + 1, 2);
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: ICMP parameter problem - code 2, length 36");
}

static void test_icmp_tstamp_mask(void)
{
	DISSECT(tstamp_reply);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_EQUAL(pkt.layers[2].hdr_len, 20);
	ASSERT_FIELD("icmp.type", "14");
	ASSERT_FIELD("icmp.id", "7");
	ASSERT_FIELD("icmp.seq", "3");
	ASSERT_FIELD("icmp.orig", "1000");
	ASSERT_FIELD("icmp.recv", "99999999");
	ASSERT_FIELD("icmp.xmit", "3000");
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: ICMP time stamp reply id 7 seq 3: org 00:00:01.000, "
		    "recv 27:46:39.999, xmit 00:00:03.000, length 20");
	DISSECT_PATCHED(tstamp_reply, ICMP_OFF, 13);
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: ICMP time stamp query id 7 seq 3, length 20");
	DISSECT(mask_reply);
	CU_ASSERT_EQUAL(pkt.layers[2].hdr_len, 12);
	ASSERT_FIELD("icmp.id", "7");
	ASSERT_FIELD("icmp.mask", "255.255.255.0");
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: ICMP address mask is 0xffffff00, length 12");
	DISSECT_PATCHED(mask_reply, ICMP_OFF, 17);
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: ICMP address mask request, length 12");
}

static void test_icmp_router_advert(void)
{
	DISSECT(rdisc);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_EQUAL(pkt.layers[2].hdr_len, 24);
	ASSERT_FIELD("icmp.type", "9");
	ASSERT_FIELD("icmp.num_addrs", "2");
	ASSERT_FIELD("icmp.addr_size", "2");
	ASSERT_FIELD("icmp.lifetime", "1800");
	ASSERT_FIELD("icmp.addrs.0.addr", "10.0.0.1");
	ASSERT_FIELD("icmp.addrs.0.pref", "5");
	ASSERT_FIELD("icmp.addrs.1.addr", "10.0.0.2");
	ASSERT_FIELD("icmp.addrs.1.pref", "6");
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: ICMP router advertisement lifetime 30:00 2: "
		    "{10.0.0.1 5} {10.0.0.2 6}, length 24");
	/* three entries do not fit in the 16 bytes the datagram has */
	DISSECT_PATCHED(rdisc, ICMP_OFF + 4, 3);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "icmp.hdr_exceeds_len"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "icmp.addrs.0.addr"));
}

static void test_icmp_truncated(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, echo, ICMP_OFF + 6, sizeof echo);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "icmp.truncated"));
	CU_ASSERT_TRUE(pkt.layers[2].truncated);
	ASSERT_FIELD("icmp.checksum", "4660");
	ASSERT_FIELD("icmp.id", "1");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "icmp.seq"));
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2:  [|icmp]");
	pst_dissect(&pkt, PS_DLT_EN10MB, echo, ICMP_OFF + 1, sizeof echo);
	ASSERT_FIELD("icmp.type", "8");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "icmp.code"));
	/* the quote cut inside its IP header: the ICMP header itself is whole */
	pst_dissect(&pkt, PS_DLT_EN10MB, port_unreach, ICMP_OFF + 18, sizeof port_unreach);
	CU_ASSERT_FALSE(pst_has_event(&pkt, "icmp.truncated"));
	CU_ASSERT_TRUE(pst_has_event_in(&pkt, "icmp.quote", "ip.truncated"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "icmp.quote.ip.dst"));
	ASSERT_TEXT("IP 10.0.0.5 > 10.0.0.2:  [|icmp]");
}

static void test_icmp_hdr_exceeds_len(void)
{
	/* IP claims 4 bytes of ICMP */
	DISSECT_PATCHED(echo, 17, 24);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "icmp.hdr_exceeds_len"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "icmp.truncated"));
	ASSERT_FIELD("icmp.checksum", "4660");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "icmp.id"));
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2:  [|icmp]");
}

static void test_icmp_rfc4884(void)
{
	/* a length of 5 words: the quote is the 20-byte IP header only */
	DISSECT_PATCHED(port_unreach, ICMP_OFF + 5, 5);
	ASSERT_FIELD("icmp.quote.ip.src", "10.0.0.2");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "icmp.quote.udp.dport"));
	/* redirects have no length field: the gateway's byte is not one */
	DISSECT_PATCHED(redirect, ICMP_OFF + 5, 5);
	ASSERT_FIELD("icmp.quote.udp.dport", "33434");
}

static void test_icmp_sweep(void)
{
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, echo, sizeof echo, ICMP_OFF, "icmp.truncated"), 8);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, port_unreach, sizeof port_unreach, ICMP_OFF,
				  "icmp.truncated"), 8);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, tstamp_reply, sizeof tstamp_reply, ICMP_OFF,
				  "icmp.truncated"), 20);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, rdisc, sizeof rdisc, ICMP_OFF, "icmp.truncated"),
			24);
	pst_sweep(PS_DLT_EN10MB, tcp_unreach, sizeof tcp_unreach, 0, NULL);
}

static void test_icmp_verbose(void)
{
	DISSECT(echo);
	ASSERT_VTEXT_ENDS(1, "10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 2, length 64 "
			     "(wrong icmp cksum 1234 (->ea)!)");
	memcpy(buf, echo, sizeof echo);
	buf[ICMP_OFF + 2] = 0;
	buf[ICMP_OFF + 3] = 0xea;
	pst_dissect(&pkt, PS_DLT_EN10MB, buf, sizeof echo, sizeof echo);
	ASSERT_VTEXT_ENDS(1, "10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 2, length 64");
	/* an error shows its quote on a line of its own */
	DISSECT(port_unreach);
	ASSERT_VTEXT_ENDS(1, "ICMP 10.0.0.5 udp port 33434 unreachable, length 36 (wrong icmp cksum "
			     "1234 (->88ba)!)\n\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], "
			     "proto UDP (17), length 38)\n    10.0.0.2.40000 > 10.0.0.5.33434: UDP, "
			     "length 10");
	DISSECT(tcp_unreach);
	ASSERT_VTEXT_ENDS(1, "\n    10.0.0.2.40000 > 10.0.0.5.80:  [|tcp]");
}

PST_MAIN("icmp", {"echo", test_icmp_echo}, {"port_unreach", test_icmp_port_unreach},
	 {"unreach_codes", test_icmp_unreach_codes}, {"tcp_quote", test_icmp_tcp_quote},
	 {"redirect", test_icmp_redirect}, {"needfrag_paramprob", test_icmp_needfrag_paramprob},
	 {"tstamp_mask", test_icmp_tstamp_mask}, {"router_advert", test_icmp_router_advert},
	 {"truncated", test_icmp_truncated}, {"hdr_exceeds_len", test_icmp_hdr_exceeds_len},
	 {"rfc4884", test_icmp_rfc4884}, {"sweep", test_icmp_sweep},
	 {"verbose", test_icmp_verbose})
