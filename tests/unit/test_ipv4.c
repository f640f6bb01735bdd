/* SPDX-License-Identifier: BSD-2-Clause */
/* test_ipv4.c - CUnit suite of the IPv4 dissector: fields, options, fragments,
 * tunnels, every malformed event, truncation sweeps and tcpdump-like text. */
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

/* Ethernet + IPv4 proto 253, options NOP RR(2) TS+ADDR(1) RA EOL, 12 bytes + 4 padding */
static const uint8_t v4_opts[82] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x4d, 0x00, 0x00, 0x40, 0x12, 0x34, 0x40, 0x00, 0x40, 0xfd,
	0xd0, 0x13, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x01, 0x07,
	0x0b, 0x08, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x44, 0x0c,
	0x0d, 0x01, 0x0a, 0x00, 0x00, 0x09, 0x00, 0x00, 0x30, 0x39, 0x94, 0x04,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x02, 0x00, 0x0c,
	0x00, 0x00, 0x61, 0x62, 0x63, 0x64, 0xee, 0xee, 0xee, 0xee,
};

/* Ethernet + IPv4 10.0.0.1 > 10.0.0.2 + UDP 53 > 5000 (4 data bytes), padded to 60 */
static const uint8_t v4_udp[60] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x20, 0x00, 0x07, 0x00, 0x00, 0x40, 0x11,
	0x66, 0xc4, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x00, 0x35,
	0x13, 0x88, 0x00, 0x0c, 0x00, 0x00, 0x77, 0x78, 0x79, 0x7a, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* Ethernet + IPv4 first fragment (MF, offset 0, id 153) + TCP SYN 1234 > 80 + 4 bytes */
static const uint8_t v4_tcp_frag0[58] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x2c, 0x00, 0x99, 0x20, 0x00, 0x40, 0x06,
	0x46, 0x31, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x04, 0xd2,
	0x00, 0x50, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00, 0x50, 0x02,
	0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* Ethernet + IPv4 last fragment (offset 3 = 24 bytes, id 153): 24 bytes that look like TCP */
static const uint8_t v4_tcp_frag1[58] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x2c, 0x00, 0x99, 0x00, 0x03, 0x40, 0x06,
	0x66, 0x2e, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x04, 0xd2,
	0x00, 0x50, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x00, 0x50, 0x02,
	0x20, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
};

/* raw IPv4 (link type IPV4) 10.0.0.1 > 10.0.0.2 carrying IPv4 10.1.1.1 > 10.1.1.2 + UDP 1 > 2 */
static const uint8_t v4_ipip[48] = {
	0x45, 0x00, 0x00, 0x30, 0x00, 0x01, 0x40, 0x00, 0x40, 0x04, 0x26, 0xc7,
	0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x45, 0x00, 0x00, 0x1c,
	0x00, 0x01, 0x40, 0x00, 0x40, 0x11, 0x24, 0xcc, 0x0a, 0x01, 0x01, 0x01,
	0x0a, 0x01, 0x01, 0x02, 0x00, 0x01, 0x00, 0x02, 0x00, 0x08, 0x00, 0x00,
};

/* raw IPv4, protocol 253 (experimental), 4 payload bytes */
static const uint8_t v4_253[24] = {
	0x45, 0x00, 0x00, 0x18, 0x00, 0x01, 0x40, 0x00, 0x40, 0xfd, 0x25, 0xe6,
	0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x01, 0x02, 0x03, 0x04,
};

/* Ethernet + IPv4 whose LSRR option claims 19 bytes in a 4-byte option area, + UDP 53 > 5000 */
static const uint8_t v4_opt_overrun[50] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x46, 0x00, 0x00, 0x24, 0x00, 0x01, 0x40, 0x00, 0x40, 0x11,
	0xa2, 0xb2, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x83, 0x13,
	0x00, 0x00, 0x00, 0x35, 0x13, 0x88, 0x00, 0x0c, 0x00, 0x00, 0x77, 0x78,
	0x79, 0x7a,
};

/* Ethernet + IPv4 with an RR option of length 1, + UDP 53 > 5000 */
static const uint8_t v4_opt_short[50] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x46, 0x00, 0x00, 0x24, 0x00, 0x01, 0x40, 0x00, 0x40, 0x11,
	0x1e, 0xc5, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x07, 0x01,
	0x00, 0x00, 0x00, 0x35, 0x13, 0x88, 0x00, 0x0c, 0x00, 0x00, 0x77, 0x78,
	0x79, 0x7a,
};

/* Ethernet + IPv4 with an RR option of length 4 (not 3 + 4n), + UDP 53 > 5000 */
static const uint8_t v4_opt_rr_bad[50] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x46, 0x00, 0x00, 0x24, 0x00, 0x01, 0x40, 0x00, 0x40, 0x11,
	0x1a, 0xc2, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x07, 0x04,
	0x04, 0x00, 0x00, 0x35, 0x13, 0x88, 0x00, 0x0c, 0x00, 0x00, 0x77, 0x78,
	0x79, 0x7a,
};

/* Ethernet + IPv4 + ICMP port unreachable quoting IPv4 (total length 100) + 8 UDP bytes */
static const uint8_t v4_icmp_quote[70] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x38, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01,
	0x26, 0xc2, 0x0a, 0x00, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x01, 0x03, 0x03,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x64, 0x00, 0x01,
	0x40, 0x00, 0x40, 0x11, 0x26, 0x86, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00,
	0x00, 0x02, 0x00, 0x01, 0x00, 0x02, 0x00, 0x50, 0x00, 0x00,
};

/* tcpdump ip_ts_opts_asan.pcap: IHL 9, timestamp option len 14 (not 4+8n), option 245 len 19 */
static const uint8_t v4_ts_asan[50] = {
	0x00, 0x0c, 0xff, 0xf9, 0x00, 0xff, 0xc0, 0x75, 0xc0, 0x8e, 0x99, 0x9d,
	0x08, 0x00, 0x49, 0xe2, 0xff, 0x27, 0x00, 0x20, 0xe0, 0x00, 0x00, 0x01,
	0xa0, 0x9b, 0x95, 0x08, 0x21, 0x51, 0x5f, 0x12, 0x53, 0xe3, 0x44, 0x0e,
	0x05, 0x01, 0x00, 0x00, 0x34, 0x70, 0x49, 0x42, 0x20, 0x02, 0x01, 0x05,
	0xf5, 0x13,
};

/* raw IPv6 fe80::1 > ff02::1, UDP 1 > 2 (no payload): what a misdirected IPv4 link carries */
static const uint8_t v6_in_v4_link[48] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x08, 0x11, 0x40, 0xfe, 0x80, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0x01, 0xff, 0x02, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0x01, 0x00, 0x01, 0x00, 0x02, 0x00, 0x08, 0x00, 0x00,
};

static struct ps_packet pkt;
static uint8_t buf[128];

static void dissect_eth(const uint8_t *b, uint32_t n)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, b, n, n);
}

/* v4_udp with byte `at` replaced: the header checksum is not checked by decode */
static const uint8_t *udp_patched(unsigned at, uint8_t v)
{
	memcpy(buf, v4_udp, sizeof v4_udp);
	buf[at] = v;
	return buf;
}

static void test_ipv4_valid_options(void)
{
	dissect_eth(v4_opts, sizeof v4_opts);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_EQUAL(pkt.nlayers, 2);
	CU_ASSERT_EQUAL(pkt.layers[1].proto, PS_P_IPV4);
	CU_ASSERT_EQUAL(pkt.layers[1].hdr_len, 52);
	CU_ASSERT_EQUAL(pkt.layers[1].u.ipv4.nopts, 5);
	ASSERT_FIELD("ip.v", "4");
	ASSERT_FIELD("ip.hl", "52");
	ASSERT_FIELD("ip.tos", "0");
	ASSERT_FIELD("ip.len", "64");
	ASSERT_FIELD("ip.id", "4660");
	ASSERT_FIELD("ip.df", "true");
	ASSERT_FIELD("ip.mf", "false");
	ASSERT_FIELD("ip.frag_off", "0");
	ASSERT_FIELD("ip.ttl", "64");
	ASSERT_FIELD("ip.proto", "253");
	ASSERT_FIELD("ip.checksum", "53267");
	ASSERT_FIELD("ip.src", "10.0.0.1");
	ASSERT_FIELD("ip.dst", "10.0.0.2");
	ASSERT_FIELD("ip.options.0.type", "1");
	ASSERT_FIELD("ip.options.0.len", "1");
	ASSERT_FIELD("ip.options.1.type", "7");
	ASSERT_FIELD("ip.options.1.len", "11");
	ASSERT_FIELD("ip.options.1.ptr", "8");
	ASSERT_FIELD("ip.options.1.addrs.0", "1.2.3.4");
	ASSERT_FIELD("ip.options.1.addrs.1", "5.6.7.8");
	ASSERT_NO_FIELD("ip.options.1.addrs.2");
	ASSERT_FIELD("ip.options.2.type", "68");
	ASSERT_FIELD("ip.options.2.len", "12");
	ASSERT_FIELD("ip.options.2.ptr", "13");
	ASSERT_FIELD("ip.options.2.oflw", "0");
	ASSERT_FIELD("ip.options.2.flg", "1");
	ASSERT_FIELD("ip.options.2.entries.0.addr", "10.0.0.9");
	ASSERT_FIELD("ip.options.2.entries.0.ts", "12345");
	ASSERT_FIELD("ip.options.3.type", "148");
	ASSERT_FIELD("ip.options.3.len", "4");
	ASSERT_FIELD("ip.options.3.value", "0");
	ASSERT_FIELD("ip.options.4.type", "0");
	ASSERT_FIELD("ip.options.4.len", "1");
	ASSERT_NO_FIELD("ip.options.5.type");
	ASSERT_NO_FIELD("ip.options.1.malformed");
	/* clipped to the total length: the 4 bytes of Ethernet padding are not payload */
	ASSERT_FIELD("payload.len", "12");
	ASSERT_TEXT(0, false, "IP 10.0.0.1 > 10.0.0.2:  ip-proto-253 12");
	ASSERT_TEXT(1, false,
		    "IP (tos 0x0, ttl 64, id 4660, offset 0, flags [DF], proto unknown (253), "
		    "length 64, options (NOP,RR 1.2.3.4, 5.6.7.8,timestamp TS{TS+ADDR "
		    "12345@10.0.0.9 ^ },RA,EOL))\n    10.0.0.1 > 10.0.0.2:  ip-proto-253 12");
	ASSERT_TEXT(0, true,
		    "02:00:00:99:00:01 > 02:00:00:99:00:02, ethertype IPv4 (0x0800), length 82: "
		    "10.0.0.1 > 10.0.0.2:  ip-proto-253 12");
}

static void test_ipv4_valid_udp(void)
{
	dissect_eth(v4_udp, sizeof v4_udp);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("ip.hl", "20");
	ASSERT_FIELD("ip.len", "32");
	ASSERT_FIELD("ip.id", "7");
	ASSERT_FIELD("ip.df", "false");
	ASSERT_FIELD("ip.proto", "17");
	ASSERT_FIELD("ip.checksum", "26308");
	ASSERT_NO_FIELD("ip.options.0.type");
	ASSERT_FIELD("udp.sport", "53");
	ASSERT_FIELD("udp.dport", "5000");
	CU_ASSERT_EQUAL(pkt.layers[2].proto, PS_P_UDP);
	CU_ASSERT_EQUAL(pkt.layers[1].hdr_len, 20);
	ASSERT_TEXT(0, false, "IP 10.0.0.1.53 > 10.0.0.2.5000: UDP, length 4");
	/* -v: what UDP adds after its ports (checksum checks) is UDP's business */
	ASSERT_TEXT_PREFIX(1, false,
			   "IP (tos 0x0, ttl 64, id 7, offset 0, flags [none], proto UDP (17), "
			   "length 32)\n    10.0.0.1.53 > 10.0.0.2.5000: ");
	/* a wrong header checksum shows with -v, as tcpdump reports it */
	dissect_eth(udp_patched(24, 0x00), sizeof v4_udp);
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_text(&pkt, 1, false), ", bad cksum c4 (->66c4)!)"));
	CU_ASSERT_EQUAL(pkt.nevents, 0);
}

static void test_ipv4_fragments(void)
{
	/* the first fragment carries the transport header */
	dissect_eth(v4_tcp_frag0, sizeof v4_tcp_frag0);
	ASSERT_FIELD("ip.mf", "true");
	ASSERT_FIELD("ip.frag_off", "0");
	ASSERT_FIELD("ip.id", "153");
	ASSERT_FIELD("tcp.sport", "1234");
	ASSERT_FIELD("tcp.dport", "80");
	/* a later one does not: no tcp object, its bytes are payload */
	dissect_eth(v4_tcp_frag1, sizeof v4_tcp_frag1);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("ip.mf", "false");
	ASSERT_FIELD("ip.frag_off", "3");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.sport"));
	CU_ASSERT_EQUAL(pkt.nlayers, 2);
	ASSERT_FIELD("payload.len", "24");
	ASSERT_TEXT(0, false, "IP 10.0.0.1 > 10.0.0.2: ip-proto-6");
	ASSERT_TEXT(1, false,
		    "IP (tos 0x0, ttl 64, id 153, offset 24, flags [none], proto TCP (6), length 44)\n"
		    "    10.0.0.1 > 10.0.0.2: ip-proto-6");
	/* a middle fragment (MF and an offset): no transport either */
	memcpy(buf, v4_tcp_frag1, sizeof v4_tcp_frag1);
	buf[20] = 0x20;
	dissect_eth(buf, sizeof v4_tcp_frag1);
	ASSERT_FIELD("ip.mf", "true");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.sport"));
}

static void test_ipv4_tunnel(void)
{
	pst_dissect(&pkt, PS_DLT_IPV4, v4_ipip, sizeof v4_ipip, sizeof v4_ipip);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("ip.src", "10.0.0.1");
	ASSERT_FIELD("ip.proto", "4");
	ASSERT_FIELD("ip.inner.ip.src", "10.1.1.1");
	ASSERT_FIELD("ip.inner.ip.dst", "10.1.1.2");
	ASSERT_FIELD("ip.inner.udp.sport", "1");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "udp.sport")); /* the outer keys stay the outer's */
	ASSERT_TEXT(0, false, "IP 10.0.0.1 > 10.0.0.2: IP 10.1.1.1.1 > 10.1.1.2.2: UDP, length 0");
	ASSERT_TEXT(0, true, "ip: 10.0.0.1 > 10.0.0.2: IP 10.1.1.1.1 > 10.1.1.2.2: UDP, length 0");
	/* an inner header cut short is marked in the text, its event nested */
	pst_dissect(&pkt, PS_DLT_IPV4, v4_ipip, 30, sizeof v4_ipip);
	CU_ASSERT_TRUE(pst_has_event_in(&pkt, "ip.inner", "ip.truncated"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "ip.truncated"));
	ASSERT_TEXT(0, false, "IP 10.0.0.1 > 10.0.0.2: IP  [|ip]");
	/* an unknown protocol ends the chain as payload */
	pst_dissect(&pkt, PS_DLT_IPV4, v4_253, sizeof v4_253, sizeof v4_253);
	ASSERT_FIELD("payload.len", "4");
	ASSERT_TEXT(0, false, "IP 10.0.0.1 > 10.0.0.2:  ip-proto-253 4");
	ASSERT_TEXT(0, true, "ip: 10.0.0.1 > 10.0.0.2:  ip-proto-253 4");
}

static void test_ipv4_bad_version(void)
{
	dissect_eth(udp_patched(14, 0x55), sizeof v4_udp);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ip.bad_version"));
	ASSERT_FIELD("ip.v", "5");
	ASSERT_NO_FIELD("ip.hl");
	ASSERT_NO_FIELD("ip.src");
	ASSERT_NO_FIELD("udp.sport");
	ASSERT_FIELD("payload.len", "46");
	ASSERT_TEXT(0, false, "IP IP5 (invalid)");
}

static void test_ipv4_version_6(void)
{
	/* the IPv4 link type carrying IPv6: decoded as IPv6, as tshark does */
	pst_dissect(&pkt, PS_DLT_IPV4, v6_in_v4_link, sizeof v6_in_v4_link, sizeof v6_in_v4_link);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ip.version_6"));
	CU_ASSERT_EQUAL(pkt.layers[0].proto, PS_P_IPV6);
	ASSERT_NO_FIELD("ip.v");
	ASSERT_FIELD("ipv6.src", "fe80::1");
	ASSERT_FIELD("udp.dport", "2");
}

static void test_ipv4_hlen_too_small(void)
{
	dissect_eth(udp_patched(14, 0x44), sizeof v4_udp);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ip.hlen_too_small"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "ip.truncated"));
	ASSERT_FIELD("ip.v", "4");
	ASSERT_FIELD("ip.hl", "16");
	ASSERT_NO_FIELD("ip.len");
	ASSERT_NO_FIELD("ip.src");
	ASSERT_NO_FIELD("udp.sport");
	ASSERT_TEXT(0, false, "IP bad-hlen 16 (invalid)");
}

static void test_ipv4_len_too_small(void)
{
	dissect_eth(udp_patched(17, 11), sizeof v4_udp);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ip.len_too_small"));
	ASSERT_FIELD("ip.len", "11");
	ASSERT_FIELD("ip.hl", "20");
	ASSERT_FIELD("ip.src", "10.0.0.1");
	ASSERT_NO_FIELD("udp.sport");
	ASSERT_TEXT(0, false, "IP bad-len 11");
}

static void test_ipv4_len_exceeds_caplen(void)
{
	/* total length 100 in a 60-byte frame that was captured whole */
	dissect_eth(udp_patched(17, 100), sizeof v4_udp);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ip.len_exceeds_caplen"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "ip.truncated"));
	ASSERT_FIELD("ip.len", "100");
	ASSERT_FIELD("udp.sport", "53"); /* dissection goes on with what is there */
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false),
			       "IP truncated-ip - 54 bytes missing! 10.0.0.1.53 > 10.0.0.2.5000: "
			       "UDP, length 4");
	/* a snap-length cut is not that: only the capture is short */
	pst_dissect(&pkt, PS_DLT_EN10MB, v4_udp, 40, sizeof v4_udp);
	CU_ASSERT_FALSE(pst_has_event(&pkt, "ip.len_exceeds_caplen"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "ip.truncated"));
	ASSERT_FIELD("ip.dst", "10.0.0.2");
	/* a header quoted by an ICMP error claims more than the quote: expected */
	dissect_eth(v4_icmp_quote, sizeof v4_icmp_quote);
	ASSERT_FIELD("icmp.quote.ip.len", "100");
	CU_ASSERT_FALSE(pst_has_event_in(&pkt, "icmp.quote", "ip.len_exceeds_caplen"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "ip.len_exceeds_caplen"));
}

static void test_ipv4_opt_malformed(void)
{
	/* an option running past the header: recorded as malformed, dissection goes on */
	dissect_eth(v4_opt_overrun, sizeof v4_opt_overrun);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ip.opt_malformed"));
	ASSERT_FIELD("ip.hl", "24");
	ASSERT_FIELD("ip.options.0.type", "131");
	ASSERT_FIELD("ip.options.0.len", "19");
	ASSERT_FIELD("ip.options.0.malformed", "true");
	ASSERT_NO_FIELD("ip.options.1.type");
	ASSERT_FIELD("udp.sport", "53");
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_text(&pkt, 1, false), "options (LSRR [bad length 19])"));
	/* an option length below 2 */
	dissect_eth(v4_opt_short, sizeof v4_opt_short);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ip.opt_malformed"));
	ASSERT_FIELD("ip.options.0.len", "1");
	ASSERT_FIELD("ip.options.0.malformed", "true");
	ASSERT_FIELD("udp.sport", "53");
	/* a record route whose length is not 3 + 4n: kept, the next option still read */
	dissect_eth(v4_opt_rr_bad, sizeof v4_opt_rr_bad);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ip.opt_malformed"));
	ASSERT_FIELD("ip.options.0.malformed", "true");
	ASSERT_NO_FIELD("ip.options.0.addrs.0");
	ASSERT_FIELD("udp.sport", "53");
	/* tcpdump's ip_ts_opts_asan capture */
	pst_dissect(&pkt, PS_DLT_EN10MB, v4_ts_asan, sizeof v4_ts_asan, 262144);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ip.opt_malformed"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "ip.truncated"));
	ASSERT_FIELD("ip.hl", "36");
	ASSERT_FIELD("ip.len", "65319");
	ASSERT_FIELD("ip.df", "true");
	ASSERT_FIELD("ip.mf", "true");
	ASSERT_FIELD("ip.ttl", "0");
	ASSERT_FIELD("ip.options.0.type", "68");
	ASSERT_FIELD("ip.options.0.malformed", "true");
	ASSERT_FIELD("ip.options.1.type", "245");
	ASSERT_FIELD("ip.options.1.malformed", "true");
	ASSERT_TEXT(1, false,
		    "IP (tos 0xe2,ECT(0), id 32, offset 0, flags [+, DF, rsvd], proto ICMP (1), "
		    "length 65319, options (timestamp TS{[bad length 14]TS+ADDR ^ "
		    "1229070338@0.0.52.112 [truncated-option]), bad cksum a09b (->90a7)!)\n"
		    "    149.8.33.81 > 95.18.83.227:  [|icmp]");
}

static void test_ipv4_truncated(void)
{
	/* every prefix inside the 52-byte header, and only those, is ip.truncated */
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, v4_opts, sizeof v4_opts, 14, "ip.truncated"), 52);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, v4_udp, sizeof v4_udp, 14, "ip.truncated"), 20);
	/* 20 cuts in the outer header, and the one right after it: the inner
	 * header is due but absent (the driver raises ip.truncated for it) */
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_IPV4, v4_ipip, sizeof v4_ipip, 0, "ip.truncated"), 21);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, v4_ts_asan, sizeof v4_ts_asan, 14, "ip.truncated"),
			36);
	/* a cut header keeps exactly the fields whose bytes were captured */
	pst_dissect(&pkt, PS_DLT_EN10MB, v4_opts, 14 + 1, sizeof v4_opts);
	ASSERT_FIELD("ip.v", "4");
	ASSERT_FIELD("ip.hl", "52");
	ASSERT_NO_FIELD("ip.tos");
	pst_dissect(&pkt, PS_DLT_EN10MB, v4_opts, 14 + 9, sizeof v4_opts);
	ASSERT_FIELD("ip.ttl", "64");
	ASSERT_NO_FIELD("ip.proto");
	pst_dissect(&pkt, PS_DLT_EN10MB, v4_opts, 14 + 16, sizeof v4_opts);
	ASSERT_FIELD("ip.checksum", "53267");
	ASSERT_FIELD("ip.src", "10.0.0.1");
	ASSERT_NO_FIELD("ip.dst");
	ASSERT_NO_FIELD("ip.options.0.type");
	CU_ASSERT_EQUAL(pkt.layers[1].hdr_len, 16);
	ASSERT_NO_FIELD("payload.len");
	/* options: only those captured whole */
	pst_dissect(&pkt, PS_DLT_EN10MB, v4_opts, 14 + 30, sizeof v4_opts);
	ASSERT_FIELD("ip.dst", "10.0.0.2");
	ASSERT_FIELD("ip.options.0.type", "1");
	ASSERT_NO_FIELD("ip.options.1.type");
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ip.truncated"));
	ASSERT_TEXT(0, false, "IP  [|ip]");
	/* nothing at all after the link header */
	pst_dissect(&pkt, PS_DLT_EN10MB, v4_opts, 14, sizeof v4_opts);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ip.truncated"));
	ASSERT_NO_FIELD("ip.v");
}

PST_MAIN("ipv4", {"valid_options", test_ipv4_valid_options}, {"valid_udp", test_ipv4_valid_udp},
	 {"fragments", test_ipv4_fragments}, {"tunnel", test_ipv4_tunnel},
	 {"bad_version", test_ipv4_bad_version}, {"version_6", test_ipv4_version_6},
	 {"hlen_too_small", test_ipv4_hlen_too_small}, {"len_too_small", test_ipv4_len_too_small},
	 {"len_exceeds_caplen", test_ipv4_len_exceeds_caplen},
	 {"opt_malformed", test_ipv4_opt_malformed}, {"truncated", test_ipv4_truncated})
