/* SPDX-License-Identifier: BSD-2-Clause */
/* test_dhcp.c - CUnit suite of the BOOTP/DHCPv4 dissector: every field, the
 * option walk, malformed options and truncation. */
#include <string.h>

#include "ps_test.h"
#include "pst_build.h"

#define DHCP_OFF PST_UDP4_HDR

static struct ps_packet pkt;
static uint8_t frame[2048];

/* A DHCP message: fixed header with recognisable values, the cookie, then
 * `opts` (n bytes).  op 1, htype 1, hlen 6, hops 2, xid 0x01020304, secs 7,
 * flags `flags`, ciaddr 1.1.1.1, yiaddr 2.2.2.2, siaddr 3.3.3.3, giaddr
 * 4.4.4.4, chaddr 00:11:22:33:44:55.  Returns the message length. */
static size_t dhcp_msg(uint8_t *m, uint8_t op, uint16_t flags, const uint8_t *opts, size_t n,
		       bool cookie)
{
	static const uint8_t head[12] = {0, 1, 6, 2, 1, 2, 3, 4, 0, 7, 0, 0};
	memset(m, 0, 240);
	memcpy(m, head, sizeof head);
	m[0] = op;
	m[10] = (uint8_t)(flags >> 8);
	m[11] = (uint8_t)flags;
	for (unsigned i = 0; i < 16; i++)
		m[12 + i] = (uint8_t)(1 + i / 4);
	static const uint8_t mac[6] = {0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
	memcpy(m + 28, mac, 6);
	if (!cookie)
		return 236;
	static const uint8_t magic[4] = {99, 130, 83, 99};
	memcpy(m + 236, magic, 4);
	memcpy(m + 240, opts, n);
	return 240 + n;
}

/* Discover: type 1, requested 192.168.1.4, params 1,3,6, hostname "host",
 * vendor class "MSFT 5.0", a pad, end */
static const uint8_t discover_opts[] = {
	53, 1, 1, 50, 4, 192, 168, 1, 4, 55, 3, 1, 3, 6, 12, 4, 'h', 'o', 's', 't',
	60, 8, 'M', 'S', 'F', 'T', ' ', '5', '.', '0', 0, 255,
};

/* Ack: type 5, server 10.0.0.1, lease 86400, end */
static const uint8_t ack_opts[] = {53, 1, 5, 54, 4, 10, 0, 0, 1, 51, 4, 0, 1, 0x51, 0x80, 255};

static size_t build(uint16_t sport, uint16_t dport, uint8_t op, uint16_t flags,
		    const uint8_t *opts, size_t n, bool cookie)
{
	uint8_t m[1500];
	size_t len = dhcp_msg(m, op, flags, opts, n, cookie);
	return pst_udp4(frame, sizeof frame, sport, dport, m, len);
}

static void test_dhcp_discover(void)
{
	size_t n = build(68, 67, 1, 0, discover_opts, sizeof discover_opts, true);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_EQUAL(pkt.layers[3].proto, PS_P_DHCP);
	ASSERT_FIELD("dhcp.op", "1");
	ASSERT_FIELD("dhcp.htype", "1");
	ASSERT_FIELD("dhcp.hlen", "6");
	ASSERT_FIELD("dhcp.hops", "2");
	ASSERT_FIELD("dhcp.xid", "16909060");
	ASSERT_FIELD("dhcp.secs", "7");
	ASSERT_FIELD("dhcp.broadcast", "false");
	ASSERT_FIELD("dhcp.ciaddr", "1.1.1.1");
	ASSERT_FIELD("dhcp.yiaddr", "2.2.2.2");
	ASSERT_FIELD("dhcp.siaddr", "3.3.3.3");
	ASSERT_FIELD("dhcp.giaddr", "4.4.4.4");
	ASSERT_FIELD("dhcp.chaddr", "00:11:22:33:44:55");
	ASSERT_FIELD("dhcp.msg_type", "1");
	const char *codes[] = {"53", "50", "55", "12", "60", "0", "255"};
	char path[32];
	for (unsigned i = 0; i < 7; i++) {
		snprintf(path, sizeof path, "dhcp.options.%u", i);
		ASSERT_FIELD(path, codes[i]);
	}
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dhcp.options.7"));
	ASSERT_FIELD("dhcp.requested_ip", "192.168.1.4");
	ASSERT_FIELD("dhcp.params.0", "1");
	ASSERT_FIELD("dhcp.params.1", "3");
	ASSERT_FIELD("dhcp.params.2", "6");
	ASSERT_FIELD("dhcp.hostname", "host");
	ASSERT_FIELD("dhcp.vendor_class", "MSFT 5.0");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dhcp.server_id"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dhcp.lease_time"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "payload.len"));
	ASSERT_TEXT("IP 10.0.0.1.68 > 10.0.0.2.67: BOOTP/DHCP, Request from 00:11:22:33:44:55, "
		    "length 272");
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_text(&pkt, 1, false),
				      "BOOTP/DHCP, Request from 00:11:22:33:44:55, length 272, hops 2, "
				      "xid 0x1020304, secs 7, Flags [none]\n\t  Client-IP 1.1.1.1"));
	ASSERT_VTEXT_ENDS(2, "xid 0x1020304, secs 7, Flags [none] (0x0000)"
			     "\n\t  Client-IP 1.1.1.1\n\t  Your-IP 2.2.2.2\n\t  Server-IP 3.3.3.3"
			     "\n\t  Gateway-IP 4.4.4.4\n\t  Client-Ethernet-Address 00:11:22:33:44:55"
			     "\n\t  Vendor-rfc1048 Extensions\n\t    Magic Cookie 0x63825363"
			     "\n\t    DHCP-Message (53), length 1: Discover"
			     "\n\t    Requested-IP (50), length 4: 192.168.1.4"
			     "\n\t    Parameter-Request (55), length 3: "
			     "\n\t      Subnet-Mask (1), Default-Gateway (3), Domain-Name-Server (6)"
			     "\n\t    Hostname (12), length 4: \"host\""
			     "\n\t    Vendor-Class (60), length 8: \"MSFT 5.0\"");
	/* -vvv shows the pad and end options too */
	const char *t3 = pst_text(&pkt, 3, false);
	CU_ASSERT_PTR_NOT_NULL(strstr(t3, "\"MSFT 5.0\"\n\t    PAD (0), length 0\n\t    END (255), "
					  "length 0"));
}

static void test_dhcp_ack(void)
{
	size_t n = build(67, 68, 2, 0x8000, ack_opts, sizeof ack_opts, true);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("dhcp.op", "2");
	ASSERT_FIELD("dhcp.broadcast", "true");
	ASSERT_FIELD("dhcp.msg_type", "5");
	ASSERT_FIELD("dhcp.server_id", "10.0.0.1");
	ASSERT_FIELD("dhcp.lease_time", "86400");
	ASSERT_FIELD("dhcp.options.3", "255");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dhcp.params"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dhcp.hostname"));
	ASSERT_TEXT("IP 10.0.0.1.67 > 10.0.0.2.68: BOOTP/DHCP, Reply, length 256");
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_text(&pkt, 1, false), "Reply, length 256, hops 2, xid "
				      "0x1020304, secs 7, Flags [Broadcast]\n\t  Client-IP 1.1.1.1"));
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_text(&pkt, 1, false),
				      "\n\t    DHCP-Message (53), length 1: ACK\n\t    Server-ID (54), "
				      "length 4: 10.0.0.1\n\t    Lease-Time (51), length 4: 86400"));
	/* an unknown op, and a request whose hardware is not Ethernet */
	frame[DHCP_OFF] = 5;
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	ASSERT_TEXT("IP 10.0.0.1.67 > 10.0.0.2.68: BOOTP/DHCP, unknown (0x05), length 256");
	frame[DHCP_OFF] = 1;
	frame[DHCP_OFF + 1] = 6;
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	ASSERT_TEXT("IP 10.0.0.1.67 > 10.0.0.2.68: BOOTP/DHCP, Request, length 256");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dhcp.chaddr"));
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_text(&pkt, 1, false), "length 256, htype 6, hlen 6, hops "
				      "2, xid 0x1020304, secs 7, Flags [Broadcast]\n\t  Client-IP"));
}

/* -v bodies of the options with their own layout (checked against tcpdump
 * 4.99 -v on these bytes) */
static void test_dhcp_verbose_special(void)
{
	static const uint8_t opts[] = {
		121, 10, 24, 192, 168, 1, 10, 0, 0, 1, 0, 10, /* (truncated: the default route cut) */
		61, 7, 1, 0, 0x11, 0x22, 0x33, 0x44, 0x55,
		61, 4, 0, 'i', 'd', '1',
		77, 6, 2, 'a', 'b', 2, 'c', 'd',
		81, 6, 0x05, 0, 0, 'h', 0x81, 0x01,
		82, 6, 1, 1, 'x', 9, 1, 0xab,
		46, 1, 8, 52, 1, 3, 19, 2, 0, 7, 200, 3, 1, 2, 3, 255};
	size_t n = build(68, 67, 1, 0, opts, sizeof opts, true);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	const char *t = pst_text(&pkt, 1, false);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "Classless-Static-Route (121), length 10: "
					 "(192.168.1.0/24:10.0.0.1),[ERROR: Remaining length (1) < 4 bytes]"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "Client-ID (61), length 7: ether 00:11:22:33:44:55"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "Client-ID (61), length 4: \"id1\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "User-Class (77), length 6: \n\t      instance#1: \"ab\", "
					 "length 2\n\t      instance#2: \"cd\", length 2"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "FQDN (81), length 6: [SE] \"hM-^A^A\""));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "Agent-Information (82), length 6: \n\t      Circuit-ID "
					 "SubOption 1, length 1: x\n\t      Unknown SubOption 9, "
					 "length 1: \n\t\t0x0000:  ab\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "Netbios-Node (46), length 1: h-node"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "OO (52), length 1: file+sname"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "IPF (19), length 2: N,7?"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "Unknown (200), length 3: 1.2.3"));
}

static void test_dhcp_bootp(void)
{
	/* plain BOOTP: no cookie, the vendor area is opaque */
	size_t n = build(68, 67, 1, 0, 0, 0, false);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("dhcp.xid", "16909060");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dhcp.options"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dhcp.msg_type"));
	/* 64 vendor bytes that are not the cookie */
	uint8_t m[300];
	memset(m, 0, sizeof m);
	dhcp_msg(m, 1, 0, 0, 0, false);
	memcpy(m + 236, "CMU", 4);
	n = pst_udp4(frame, sizeof frame, 68, 67, m, 300);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dhcp.options"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "payload.len")); /* the vendor area is the message's */
}

static void test_dhcp_option_overrun(void)
{
	static const uint8_t opts[] = {53, 1, 3, 12, 40, 'x'};
	size_t n = build(68, 67, 1, 0, opts, sizeof opts, true);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "dhcp.option_overrun"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "dhcp.truncated"));
	CU_ASSERT_TRUE(pkt.any_malformed);
	ASSERT_FIELD("dhcp.msg_type", "3");
	ASSERT_FIELD("dhcp.options.1", "12");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dhcp.hostname"));
	/* the length byte itself missing */
	static const uint8_t opts2[] = {53, 1, 3, 12};
	n = build(68, 67, 1, 0, opts2, sizeof opts2, true);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "dhcp.option_overrun"));
}

static void test_dhcp_option_len_invalid(void)
{
	static const uint8_t opts[] = {53, 2, 1, 1, 50, 3, 1, 2, 3, 51, 4, 0, 0, 0, 9, 255};
	size_t n = build(68, 67, 1, 0, opts, sizeof opts, true);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "dhcp.option_len_invalid"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dhcp.msg_type"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dhcp.requested_ip"));
	ASSERT_FIELD("dhcp.lease_time", "9");
	ASSERT_FIELD("dhcp.options.3", "255");
}

static void test_dhcp_short_claims(void)
{
	/* a datagram of 200 bytes: less than the fixed header */
	uint8_t m[240];
	dhcp_msg(m, 1, 0, 0, 0, false);
	size_t n = pst_udp4(frame, sizeof frame, 68, 67, m, 200);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "dhcp.hdr_exceeds_len"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "dhcp.truncated"));
	ASSERT_FIELD("dhcp.xid", "16909060");
	ASSERT_FIELD("dhcp.giaddr", "4.4.4.4");
	/* 238 bytes: the cookie cut by the datagram's end */
	n = pst_udp4(frame, sizeof frame, 68, 67, m, 238);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "dhcp.no_cookie"));
}

static void test_dhcp_too_many_options(void)
{
	uint8_t opts[400];
	memset(opts, 0, sizeof opts); /* 400 pads, no end */
	size_t n = build(68, 67, 1, 0, opts, sizeof opts, true);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "dhcp.too_many_options"));
	ASSERT_FIELD("dhcp.options.254", "0");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dhcp.options.255"));
}

static void test_dhcp_truncated(void)
{
	size_t n = build(68, 67, 1, 0, discover_opts, sizeof discover_opts, true);
	/* the capture ends inside the hostname option */
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, DHCP_OFF + 240 + 17, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "dhcp.truncated"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "dhcp.option_overrun"));
	ASSERT_FIELD("dhcp.requested_ip", "192.168.1.4");
	ASSERT_FIELD("dhcp.options.3", "12");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dhcp.hostname"));
	ASSERT_TEXT("IP 10.0.0.1.68 > 10.0.0.2.67: BOOTP/DHCP, Request from 00:11:22:33:44:55, "
		    "length 272 [|dhcp]");
	/* inside the fixed header: the fields that fit */
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, DHCP_OFF + 10, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "dhcp.truncated"));
	ASSERT_FIELD("dhcp.secs", "7");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dhcp.broadcast"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dhcp.ciaddr"));
	ASSERT_TEXT("IP 10.0.0.1.68 > 10.0.0.2.67: BOOTP/DHCP, Request [|dhcp]");
}

static void test_dhcp_sweep(void)
{
	size_t n = build(68, 67, 1, 0, discover_opts, sizeof discover_opts, true);
	/* every prefix that ends inside the message, option boundaries included
	 * (the end option is missing) */
	unsigned hits = pst_sweep(PS_DLT_EN10MB, frame, (uint32_t)n, DHCP_OFF + 1, "dhcp.truncated");
	CU_ASSERT_EQUAL(hits, n - DHCP_OFF - 1);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, frame, (uint32_t)n, 0, "dhcp.option_overrun"), 0);
}

PST_MAIN("dhcp", {"discover", test_dhcp_discover}, {"ack", test_dhcp_ack},
	 {"verbose_special", test_dhcp_verbose_special}, {"bootp", test_dhcp_bootp}, {"option_overrun", test_dhcp_option_overrun},
	 {"option_len_invalid", test_dhcp_option_len_invalid},
	 {"short_claims", test_dhcp_short_claims}, {"too_many_options", test_dhcp_too_many_options},
	 {"truncated", test_dhcp_truncated}, {"sweep", test_dhcp_sweep})
