/* SPDX-License-Identifier: BSD-2-Clause */
/* test_raw.c - CUnit suite of the raw-IP dispatcher (DLT_RAW / LINKTYPE_RAW). */
#include <string.h>

#include "ps_test.h"

/* a field's value, failing (not crashing) when it is absent */

/* a 20-byte IPv4 header 10.0.0.1 > 10.0.0.2, proto 253 (experimental), no payload */
static const uint8_t raw_v4[20] = {
	0x45, 0x00, 0x00, 0x14, 0x00, 0x01, 0x00, 0x00, 0x40, 0xfd,
	0x00, 0x00, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
};

/* a 40-byte IPv6 header ::1 > ::1, next header 59 (none) */
static const uint8_t raw_v6[40] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3b, 0x40, [23] = 0x01, [39] = 0x01,
};

/* version nibble 5: neither IPv4 nor IPv6 */
static const uint8_t raw_other[6] = {0x50, 0x01, 0x02, 0x03, 0x04, 0x05};

static struct ps_packet pkt;

static void test_raw_v4(void)
{
	pst_dissect(&pkt, PS_DLT_RAW, raw_v4, sizeof raw_v4, sizeof raw_v4);
	/* no layer of its own: the IP header is the first layer, at offset 0 */
	CU_ASSERT_TRUE(pkt.nlayers >= 1);
	CU_ASSERT_EQUAL(pkt.layers[0].proto, PS_P_IPV4);
	CU_ASSERT_EQUAL(pkt.layers[0].off, 0);
	ASSERT_FIELD("ip.src", "10.0.0.1");
	CU_ASSERT_PTR_NULL(strstr(pst_json(&pkt), "\"raw\""));
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	/* the value stored in files maps to the same dispatcher */
	pst_dissect(&pkt, PS_LINKTYPE_RAW, raw_v4, sizeof raw_v4, sizeof raw_v4);
	CU_ASSERT_EQUAL(pkt.layers[0].proto, PS_P_IPV4);
}

static void test_raw_v6(void)
{
	pst_dissect(&pkt, PS_DLT_RAW, raw_v6, sizeof raw_v6, sizeof raw_v6);
	CU_ASSERT_TRUE(pkt.nlayers >= 1);
	CU_ASSERT_EQUAL(pkt.layers[0].proto, PS_P_IPV6);
	CU_ASSERT_EQUAL(pkt.layers[0].off, 0);
	ASSERT_FIELD("ipv6.dst", "::1");
}

static void test_raw_not_ip(void)
{
	pst_dissect(&pkt, PS_DLT_RAW, raw_other, sizeof raw_other, sizeof raw_other);
	CU_ASSERT_EQUAL(pkt.nlayers, 0);
	ASSERT_FIELD("payload.len", "6");
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	/* an empty frame: nothing at all, not an error */
	pst_dissect(&pkt, PS_DLT_RAW, raw_other, 0, 0);
	CU_ASSERT_EQUAL(pkt.nlayers, 0);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "payload.len"));
}

static void test_raw_sweep(void)
{
	/* every prefix of the IP header is the IP dissector's truncation */
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_RAW, raw_v4, sizeof raw_v4, 1, "ip.truncated"), 19);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_RAW, raw_v6, sizeof raw_v6, 1, "ipv6.truncated"), 39);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_RAW, raw_other, sizeof raw_other, 0, 0), 0);
}

static void test_raw_text(void)
{
	pst_dissect(&pkt, PS_DLT_RAW, raw_v4, sizeof raw_v4, sizeof raw_v4);
	/* no text of its own: the line starts with the IP layer ("ip: " with -e,
	 * as tcpdump marks raw IP when asked for link headers) */
	CU_ASSERT_EQUAL(strncmp(pst_text(&pkt, 0, false), "IP 10.0.0.1 > 10.0.0.2: ", 24), 0);
	CU_ASSERT_EQUAL(strncmp(pst_text(&pkt, 0, true), "ip: 10.0.0.1 > 10.0.0.2: ", 25), 0);
}

PST_MAIN("raw", {"v4", test_raw_v4}, {"v6", test_raw_v6}, {"not_ip", test_raw_not_ip},
	 {"sweep", test_raw_sweep}, {"text", test_raw_text})
