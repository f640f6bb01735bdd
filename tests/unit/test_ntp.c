/* SPDX-License-Identifier: BSD-2-Clause */
/* test_ntp.c - CUnit suite of the NTP dissector: every field, timestamps
 * (era rule, zero ones left out), control messages, truncation. */
#include <string.h>

#include "ps_test.h"
#include "pst_build.h"

static struct ps_packet pkt;
static uint8_t frame[256];

/* NTPv4 server reply: LI 0, VN 4, mode 4, stratum 2, poll 6, precision
 * -20, root delay 0x00010002, dispersion 0x00030004, ref id 192.0.2.1;
 * reference time 0 (unset), originate 0xc50204ec.ec41a060 (2004, era 0),
 * receive 0x00000010.80000000 (top bit clear: era 1, 2036), transmit
 * 0xc50204ec.00000001 */
static const uint8_t reply[48] = {
	0x24, 2,    6,	  0xec, 0,    1,    0,	  2,	0,    3,    0,	  4,
	192,  0,    2,	  1,    0,    0,    0,	  0,	0,    0,    0,	  0,
	0xc5, 0x02, 0x04, 0xec, 0xec, 0x41, 0xa0, 0x60, 0,    0,    0,	  0x10,
	0x80, 0,    0,	  0,    0xc5, 0x02, 0x04, 0xec, 0,    0,    0,	  1,
};

static size_t build(const uint8_t *msg, size_t n)
{
	return pst_udp4(frame, sizeof frame, 123, 123, msg, n);
}

static void test_ntp_reply(void)
{
	size_t n = build(reply, sizeof reply);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("ntp.li", "0");
	ASSERT_FIELD("ntp.version", "4");
	ASSERT_FIELD("ntp.mode", "4");
	ASSERT_FIELD("ntp.stratum", "2");
	ASSERT_FIELD("ntp.poll", "6");
	ASSERT_FIELD("ntp.precision", "-20");
	ASSERT_FIELD("ntp.root_delay", "65538");
	ASSERT_FIELD("ntp.root_dispersion", "196612");
	ASSERT_FIELD("ntp.ref_id", "c0000201");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "ntp.ref_ts"));
	/* trunc(0xec41a060 * 10^9 / 2^32) = 922876380 */
	ASSERT_FIELD("ntp.orig_ts", "1096255084.922876380");
	ASSERT_FIELD("ntp.rx_ts", "2085978512.500000000");
	ASSERT_FIELD("ntp.tx_ts", "1096255084.000000000");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "payload.len"));
	ASSERT_TEXT("IP 10.0.0.1.123 > 10.0.0.2.123: NTPv4, Server, length 48");
}

/* -v: tcpdump's detail lines, checked against tcpdump 4.99 on these bytes
 * (a secondary server's reference ID is hex; a timestamp before 1970 still
 * has its date) */
static void test_ntp_verbose(void)
{
	size_t n = build(reply, sizeof reply);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	ASSERT_VTEXT_ENDS(1, "NTPv4, Server, length 48\n"
			     "\tLeap indicator:  (0), Stratum 2 (secondary reference), poll 6 (64s), "
			     "precision -20\n"
			     "\tRoot Delay: 1.000030, Root dispersion: 3.000061, Reference-ID: "
			     "0xc0000201\n"
			     "\t  Reference Timestamp:  0.000000000\n"
			     "\t  Originator Timestamp: 3305243884.922876380 (2004-09-27T03:18:04Z)\n"
			     "\t  Receive Timestamp:    16.500000000 (1900-01-01T00:00:16Z)\n"
			     "\t  Transmit Timestamp:   3305243884.000000000 (2004-09-27T03:18:04Z)\n"
			     "\t    Originator - Receive Timestamp:  -3305243868.422876380\n"
			     "\t    Originator - Transmit Timestamp: -0.922876380");
	/* a primary server names its source; a key ID follows the header */
	uint8_t msg[52];
	memcpy(msg, reply, sizeof reply);
	msg[0] = 0xe4; /* LI 3 */
	msg[1] = 1;
	memcpy(msg + 12, "GPS\x01", 4);
	memcpy(msg + 48, "\0\0\0\x07", 4);
	n = build(msg, sizeof msg);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	const char *t = pst_text(&pkt, 1, false);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "Leap indicator: clock unsynchronized (192), Stratum 1 "
					 "(primary reference)"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "Reference-ID: GPS^A\n"));
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "-0.922876380\n\tKey id: 7"));
}

static void test_ntp_modes(void)
{
	static const char *const names[8] = {
		"unspecified", "symmetric active", "symmetric passive", "Client",
		"Server",      "Broadcast",	   "Control Message",   "Reserved"};
	uint8_t msg[48];
	char want[96];
	for (unsigned mode = 0; mode < 8; mode++) {
		memcpy(msg, reply, sizeof msg);
		msg[0] = (uint8_t)(0xc0 | 3 << 3 | mode); /* LI 3, NTPv3 */
		size_t n = build(msg, sizeof msg);
		pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
		snprintf(want, sizeof want, "IP 10.0.0.1.123 > 10.0.0.2.123: NTPv3, %s, length 48",
			 names[mode]);
		ASSERT_TEXT(want);
		ASSERT_FIELD("ntp.li", "3");
		ASSERT_FIELD("ntp.version", "3");
	}
	/* control (6) and private (7): only the first byte's fields */
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "ntp.stratum"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "ntp.tx_ts"));
	/* a 12-byte control message is not short for its mode */
	msg[0] = 0x16;
	size_t n = build(msg, 12);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("ntp.mode", "6");
	ASSERT_TEXT("IP 10.0.0.1.123 > 10.0.0.2.123: NTPv2, Control Message, length 12");
}

static void test_ntp_hdr_exceeds_len(void)
{
	size_t n = build(reply, 20); /* a time message of 20 bytes */
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ntp.hdr_exceeds_len"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "ntp.truncated"));
	CU_ASSERT_TRUE(pkt.any_malformed);
	ASSERT_FIELD("ntp.ref_id", "c0000201");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "ntp.orig_ts"));
}

static void test_ntp_truncated(void)
{
	size_t n = build(reply, sizeof reply);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, PST_UDP4_HDR + 40, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ntp.truncated"));
	ASSERT_FIELD("ntp.rx_ts", "2085978512.500000000");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "ntp.tx_ts"));
	ASSERT_TEXT("IP 10.0.0.1.123 > 10.0.0.2.123: NTPv4, Server, length 48 [|ntp]");
}

static void test_ntp_sweep(void)
{
	size_t n = build(reply, sizeof reply);
	/* (an empty UDP payload is not handed to any application dissector) */
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, frame, (uint32_t)n, PST_UDP4_HDR + 1,
				  "ntp.truncated"), 47);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, frame, (uint32_t)n, 0, "ntp.hdr_exceeds_len"), 0);
}

PST_MAIN("ntp", {"reply", test_ntp_reply}, {"verbose", test_ntp_verbose}, {"modes", test_ntp_modes},
	 {"hdr_exceeds_len", test_ntp_hdr_exceeds_len}, {"truncated", test_ntp_truncated},
	 {"sweep", test_ntp_sweep})
