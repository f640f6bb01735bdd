/* SPDX-License-Identifier: BSD-2-Clause */
/* test_loopback.c - CUnit suite of the BSD loopback dissectors (DLT_NULL, DLT_LOOP). */
#include <string.h>

#include "ps_test.h"

/* a field's value, failing (not crashing) when it is absent */

/* DLT_NULL, AF_INET little-endian, then an IPv4 header 10.0.0.1 > 10.0.0.2 proto 253 */
static const uint8_t null_le_v4[24] = {
	0x02, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x14, 0x00, 0x01, 0x00, 0x00,
	0x40, 0xfd, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
};

/* DLT_NULL, AF_INET written big-endian (00 00 00 02), same IPv4 header */
static const uint8_t null_be_v4[24] = {
	0x00, 0x00, 0x00, 0x02, 0x45, 0x00, 0x00, 0x14, 0x00, 0x01, 0x00, 0x00,
	0x40, 0xfd, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
};

/* DLT_NULL, AF_INET6 = 30 (macOS) little-endian, then a 40-byte IPv6 header ::1 > ::1, nxt 59 */
static const uint8_t null_v6[44] = {
	0x1e, 0x00, 0x00, 0x00, 0x60, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3b, 0x40,
	[27] = 0x01, [43] = 0x01,
};

/* DLT_LOOP, AF_INET6 = 24 in network order, same IPv6 header */
static const uint8_t loop_v6[44] = {
	0x00, 0x00, 0x00, 0x18, 0x60, 0x00, 0x00, 0x00, 0x00, 0x00, 0x3b, 0x40,
	[27] = 0x01, [43] = 0x01,
};

/* DLT_NULL, AF 7 (OSI) little-endian, 4 bytes we do not decode */
static const uint8_t null_osi[8] = {0x07, 0x00, 0x00, 0x00, 0xfe, 0xfe, 0x03, 0x83};

static struct ps_packet pkt;

static void test_null_le(void)
{
	pst_dissect(&pkt, PS_DLT_NULL, null_le_v4, sizeof null_le_v4, sizeof null_le_v4);
	CU_ASSERT_EQUAL(pkt.layers[0].proto, PS_P_LOOPBACK);
	CU_ASSERT_EQUAL(pkt.layers[0].hdr_len, 4);
	CU_ASSERT_EQUAL(pkt.layers[0].u.loopback.family, 2);
	ASSERT_FIELD("loopback.family", "2");
	CU_ASSERT_TRUE(pkt.nlayers >= 2);
	CU_ASSERT_EQUAL(pkt.layers[1].proto, PS_P_IPV4);
	CU_ASSERT_EQUAL(pkt.layers[1].off, 4);
}

static void test_null_be(void)
{
	/* the other byte order: > 0xffff read little-endian, so swapped */
	pst_dissect(&pkt, PS_DLT_NULL, null_be_v4, sizeof null_be_v4, sizeof null_be_v4);
	ASSERT_FIELD("loopback.family", "2");
	CU_ASSERT_EQUAL(pkt.layers[1].proto, PS_P_IPV4);
}

static void test_null_v6(void)
{
	pst_dissect(&pkt, PS_DLT_NULL, null_v6, sizeof null_v6, sizeof null_v6);
	ASSERT_FIELD("loopback.family", "30");
	CU_ASSERT_TRUE(pkt.nlayers >= 2);
	CU_ASSERT_EQUAL(pkt.layers[1].proto, PS_P_IPV6);
}

static void test_loop_v6(void)
{
	pst_dissect(&pkt, PS_DLT_LOOP, loop_v6, sizeof loop_v6, sizeof loop_v6);
	CU_ASSERT_EQUAL(pkt.layers[0].proto, PS_P_LOOPBACK);
	ASSERT_FIELD("loopback.family", "24");
	CU_ASSERT_TRUE(pkt.nlayers >= 2);
	CU_ASSERT_EQUAL(pkt.layers[1].proto, PS_P_IPV6);
}

static void test_null_unknown_family(void)
{
	pst_dissect(&pkt, PS_DLT_NULL, null_osi, sizeof null_osi, sizeof null_osi);
	CU_ASSERT_EQUAL(pkt.nlayers, 1);
	ASSERT_FIELD("loopback.family", "7");
	ASSERT_FIELD("payload.len", "4");
	CU_ASSERT_EQUAL(pkt.nevents, 0);
}

static void test_loopback_truncated(void)
{
	pst_dissect(&pkt, PS_DLT_NULL, null_le_v4, 3, sizeof null_le_v4);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "loopback.truncated"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "loopback.family"));
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, true), " [|loopback]");
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_NULL, null_le_v4, sizeof null_le_v4, 0,
				  "loopback.truncated"), 4);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_LOOP, loop_v6, sizeof loop_v6, 0, "loopback.truncated"),
			4);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_NULL, null_osi, sizeof null_osi, 4, 0), 0);
}

static void test_loopback_text(void)
{
	pst_dissect(&pkt, PS_DLT_NULL, null_osi, sizeof null_osi, sizeof null_osi);
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, true), "AF OSI (7), length 8: ");
	pst_dissect(&pkt, PS_DLT_NULL, null_le_v4, sizeof null_le_v4, sizeof null_le_v4);
	/* with -e the family names the protocol, so tcpdump drops "IP " */
	const char *want4 = "AF IPv4 (2), length 24: 10.0.0.1 > 10.0.0.2: ";
	CU_ASSERT_EQUAL(strncmp(pst_text(&pkt, 0, true), want4, strlen(want4)), 0);
	CU_ASSERT_EQUAL(strncmp(pst_text(&pkt, 0, false), "IP 10.0.0.1 > 10.0.0.2: ", 24), 0);
	pst_dissect(&pkt, PS_DLT_LOOP, loop_v6, sizeof loop_v6, sizeof loop_v6);
	const char *want6 = "AF IPv6 (24), length 44: ::1 > ::1: ";
	CU_ASSERT_EQUAL(strncmp(pst_text(&pkt, 0, true), want6, strlen(want6)), 0);
}

PST_MAIN("loopback", {"null_le", test_null_le}, {"null_be", test_null_be},
	 {"null_v6", test_null_v6}, {"loop_v6", test_loop_v6},
	 {"unknown_family", test_null_unknown_family}, {"truncated", test_loopback_truncated},
	 {"text", test_loopback_text})
