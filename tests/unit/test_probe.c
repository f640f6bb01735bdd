/* SPDX-License-Identifier: BSD-2-Clause */
/* test_probe.c - CUnit suite of the probe dissector: a stamp on any UDP or
 * TCP port, every field, the malformed cases, truncation, rejections. */
#include <string.h>

#include "ps_stamp.h"
#include "ps_test.h"

#define CAP_NS 1700000000000000000ull /* pst_dissect's capture time */
#define IP_UDP 28                     /* raw IPv4 20 + UDP 8 */

static struct ps_packet pkt;
static uint8_t frame[256];

/* Raw IPv4 10.0.0.1 > 10.0.0.2, then UDP 40000 > 41000 (or TCP with a
 * 20-byte header when tcp), then a stamp of stream 3, seq 1234, sent
 * 123456 ns before the capture, with a padded message of msg_len bytes
 * of which pay are in the datagram.  Returns the frame length. */
static uint32_t build(bool tcp, uint32_t msg_len, uint32_t pay, uint64_t send_ns)
{
	uint32_t hl = tcp ? 40 : IP_UDP, total = hl + pay;
	struct ps_stamp s = { .version = 1, .flags = PS_STAMP_F_PATTERN, .stream = 3,
			      .msg_len = msg_len, .seq = 1234, .send_ns = send_ns };

	memset(frame, 0, sizeof frame);
	frame[0] = 0x45;
	frame[2] = (uint8_t)(total >> 8), frame[3] = (uint8_t)total;
	frame[8] = 64, frame[9] = tcp ? 6 : 17;
	memcpy(frame + 12, "\x0a\x00\x00\x01\x0a\x00\x00\x02", 8);
	frame[20] = 0x9c, frame[21] = 0x40, frame[22] = 0xa0, frame[23] = 0x28;
	if (tcp) {
		frame[32] = 0x50, frame[33] = 0x18; /* data offset 5, PSH|ACK */
		frame[34] = 0xff;
	} else {
		frame[24] = (uint8_t)((pay + 8) >> 8), frame[25] = (uint8_t)(pay + 8);
	}
	ps_stamp_encode(frame + hl, &s);
	ps_stamp_pad(frame + hl, pay);
	return total;
}

static void test_probe_udp_valid(void)
{
	uint32_t n = build(false, 64, 64, CAP_NS - 123456);
	pst_dissect(&pkt, PS_DLT_RAW, frame, n, n);
	ASSERT_FIELD("probe.version", "1");
	ASSERT_FIELD("probe.flags", "1");
	ASSERT_FIELD("probe.stream", "3");
	ASSERT_FIELD("probe.len", "64");
	ASSERT_FIELD("probe.seq", "1234");
	ASSERT_FIELD("probe.send_ts", "1699999999999876544");
	ASSERT_FIELD("probe.delay", "123456");
	CU_ASSERT_PTR_NOT_NULL(pst_field(&pkt, "probe.checksum"));
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "payload.len"));
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.41000: probe stream 3 seq 1234 delay 0.000123s");
}

static void test_probe_tcp_valid(void)
{
	uint32_t n = build(true, 100, 100, CAP_NS + 2500000000ull);
	pst_dissect(&pkt, PS_DLT_RAW, frame, n, n);
	ASSERT_FIELD("probe.seq", "1234");
	ASSERT_FIELD("probe.delay", "-2500000000"); /* a sender's clock ahead */
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	const char *t = pst_text(&pkt, 0, false);
	CU_ASSERT_PTR_NOT_NULL(strstr(t, "probe stream 3 seq 1234 delay -2.500000s"));
}

static void test_probe_delay_implausible(void)
{
	uint32_t n = build(false, 40, 40, 1000); /* sent in 1970 */
	pst_dissect(&pkt, PS_DLT_RAW, frame, n, n);
	ASSERT_FIELD("probe.seq", "1234");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "probe.delay"));
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.41000: probe stream 3 seq 1234");
}

static void test_probe_len_exceeds_payload(void)
{
	uint32_t n = build(false, 200, 64, CAP_NS - 1);
	pst_dissect(&pkt, PS_DLT_RAW, frame, n, n);
	ASSERT_FIELD("probe.len", "200");
	CU_ASSERT_TRUE(pst_has_event(&pkt, "probe.len_exceeds_payload"));
	CU_ASSERT_EQUAL(pkt.nevents, 1);
	/* over TCP a message may span segments: no event */
	n = build(true, 200, 64, CAP_NS - 1);
	pst_dissect(&pkt, PS_DLT_RAW, frame, n, n);
	ASSERT_FIELD("probe.len", "200");
	CU_ASSERT_EQUAL(pkt.nevents, 0);
}

static void test_probe_pattern_mismatch(void)
{
	uint32_t n = build(false, 64, 64, CAP_NS - 1);
	frame[IP_UDP + 50] ^= 0x40;
	pst_dissect(&pkt, PS_DLT_RAW, frame, n, n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "probe.pattern_mismatch"));
	CU_ASSERT_EQUAL(pkt.nevents, 1);
}

static void test_probe_rejects(void)
{
	uint32_t n = build(false, 64, 64, CAP_NS - 1);
	frame[IP_UDP + 20] ^= 1; /* the sequence changed: the checksum no longer holds */
	pst_dissect(&pkt, PS_DLT_RAW, frame, n, n);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "probe.seq"));
	ASSERT_FIELD("payload.len", "64");
	n = build(false, 64, 64, CAP_NS - 1);
	frame[IP_UDP + 4] = 2; /* another version */
	pst_dissect(&pkt, PS_DLT_RAW, frame, n, n);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "probe.seq"));
	/* 31 bytes: too short to be a stamp even when all captured */
	n = build(false, 32, 31, CAP_NS - 1);
	pst_dissect(&pkt, PS_DLT_RAW, frame, n, n);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "probe.version"));
	CU_ASSERT_EQUAL(pkt.nevents, 0);
}

/* Every prefix cutting the stamp header is probe.truncated; none crashes. */
static void test_probe_truncation(void)
{
	uint32_t n = build(false, 64, 64, CAP_NS - 1);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_RAW, frame, n, IP_UDP + 5, "probe.truncated"), 27);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_RAW, frame, n, IP_UDP + 32, NULL), 0);
	pst_dissect(&pkt, PS_DLT_RAW, frame, IP_UDP + 10, n);
	ASSERT_FIELD("probe.version", "1");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "probe.seq"));
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_text(&pkt, 0, false), "probe [|probe]"));
	n = build(true, 64, 64, CAP_NS - 1);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_RAW, frame, n, 40 + 5, "probe.truncated"), 27);
}

PST_MAIN("probe", {"udp_valid", test_probe_udp_valid}, {"tcp_valid", test_probe_tcp_valid},
	 {"delay_implausible", test_probe_delay_implausible},
	 {"len_exceeds_payload", test_probe_len_exceeds_payload},
	 {"pattern_mismatch", test_probe_pattern_mismatch}, {"rejects", test_probe_rejects},
	 {"truncation", test_probe_truncation})
