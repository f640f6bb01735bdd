/* SPDX-License-Identifier: BSD-2-Clause */
/* test_probe.c - CUnit suite of the probe dissector: a stamp on any UDP or
 * TCP port, every field, the malformed cases, truncation, rejections. */
#include <string.h>

#include "probe_frame.h"
#include "ps_test.h"

#define CAP_NS PF_CAP_NS
#define IP_UDP PF_IP_UDP

static struct ps_packet pkt;
static uint8_t frame[256];

/* stream 3, seq 1234 */
static uint32_t build(bool tcp, uint32_t msg_len, uint32_t pay, uint64_t send_ns)
{
	return probe_frame(frame, tcp, 3, 1234, msg_len, pay, send_ns);
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
