/* SPDX-License-Identifier: BSD-2-Clause */
/* test_eth.c - CUnit suite of the Ethernet II / 802.3 dissector. */
#include <string.h>

#include "ps_test.h"

/* a field's value, failing (not crashing) when it is absent */

/* Ethernet II, 02:..:01 -> 02:..:02, local experimental EtherType 0x88b5, 46 bytes of data */
static const uint8_t eth_ii[60] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01, 0x88, 0xb5,
	0xde, 0xad, 0xbe, 0xef,
};

/* 802.3 frame: length 38 (an LLC frame), padded to 60 bytes */
static const uint8_t eth_8023[60] = {
	0x01, 0x80, 0xc2, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01, 0x00, 0x26,
	0x42, 0x42, 0x03,
};

/* 802.3 frame claiming 100 bytes in a 60-byte frame */
static const uint8_t eth_8023_long[60] = {
	0x01, 0x80, 0xc2, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01, 0x00, 0x64,
};

static struct ps_packet pkt;

static void test_eth_valid(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, eth_ii, sizeof eth_ii, sizeof eth_ii);
	CU_ASSERT_EQUAL(pkt.nlayers, 1);
	CU_ASSERT_EQUAL(pkt.layers[0].proto, PS_P_ETH);
	CU_ASSERT_EQUAL(pkt.layers[0].hdr_len, 14);
	CU_ASSERT_EQUAL(pkt.layers[0].u.eth.type, 0x88b5);
	ASSERT_FIELD("eth.dst", "02:00:00:99:00:02");
	ASSERT_FIELD("eth.src", "02:00:00:99:00:01");
	ASSERT_FIELD("eth.type", "34997");
	/* an unknown EtherType ends the chain: the rest is payload */
	ASSERT_FIELD("payload.len", "46");
	CU_ASSERT_EQUAL(pkt.payload_off, 14);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
}

static void test_eth_8023_clips_payload(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, eth_8023, sizeof eth_8023, sizeof eth_8023);
	/* the 38 bytes go to LLC (3) and its BPDU (35); the padding is neither */
	CU_ASSERT_EQUAL(pkt.nlayers, 3);
	CU_ASSERT_EQUAL(pkt.layers[1].proto, PS_P_LLC);
	CU_ASSERT_EQUAL(pkt.layers[2].hdr_len, 35);
	ASSERT_FIELD("eth.type", "38");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "payload.len"));
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_text(&pkt, 0, true),
				      "02:00:00:99:00:01 > 01:80:c2:00:00:00, 802.3, length 38: LLC, "));
	/* a length beyond the frame: tcpdump prints what the frame has */
	pst_dissect(&pkt, PS_DLT_EN10MB, eth_8023_long, sizeof eth_8023_long,
		    sizeof eth_8023_long);
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_text(&pkt, 0, true), ", 802.3, length 46: "));
}

static void test_eth_8023_len_exceeds_frame(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, eth_8023_long, sizeof eth_8023_long,
		    sizeof eth_8023_long);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "eth.len_exceeds_frame"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "eth.truncated"));
	CU_ASSERT_TRUE(pkt.any_malformed);
	/* LLC still reads what the frame has: an I frame (4 bytes), then payload */
	ASSERT_FIELD("llc.control", "0");
	ASSERT_FIELD("payload.len", "42");
}

static void test_eth_truncated_fields(void)
{
	/* 13 bytes: both addresses, but not the type */
	pst_dissect(&pkt, PS_DLT_EN10MB, eth_ii, 13, sizeof eth_ii);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "eth.truncated"));
	CU_ASSERT_TRUE(pkt.layers[0].truncated);
	CU_ASSERT_PTR_NOT_NULL(pst_field(&pkt, "eth.src"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "eth.type"));
	/* 8 bytes: only the destination */
	pst_dissect(&pkt, PS_DLT_EN10MB, eth_ii, 8, sizeof eth_ii);
	ASSERT_FIELD("eth.dst", "02:00:00:99:00:02");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "eth.src"));
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, true), " [|eth]");
}

static void test_eth_sweep(void)
{
	/* every prefix shorter than the 14-byte header is truncated, none after */
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, eth_ii, sizeof eth_ii, 0, "eth.truncated"), 14);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, eth_ii, sizeof eth_ii, 14, 0), 0);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, eth_8023, sizeof eth_8023, 0, "eth.truncated"),
			14);
}

static void test_eth_text(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, eth_ii, sizeof eth_ii, sizeof eth_ii);
	CU_ASSERT_STRING_EQUAL(
		pst_text(&pkt, 0, true),
		"02:00:00:99:00:01 > 02:00:00:99:00:02, ethertype Unknown (0x88b5), length 60: ");
	/* the wire length, not the capture length */
	pst_dissect(&pkt, PS_DLT_EN10MB, eth_ii, 40, 1514);
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_text(&pkt, 0, true), ", length 1514: "));
}

static void test_eth_claim(void)
{
	/* caplen 40 of a 1514-byte frame: the payload is what was captured */
	pst_dissect(&pkt, PS_DLT_EN10MB, eth_ii, 40, 1514);
	CU_ASSERT_EQUAL(pkt.payload_len, 26);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
}

PST_MAIN("eth", {"valid", test_eth_valid}, {"8023_clips_payload", test_eth_8023_clips_payload},
	 {"8023_len_exceeds_frame", test_eth_8023_len_exceeds_frame},
	 {"truncated_fields", test_eth_truncated_fields}, {"sweep", test_eth_sweep},
	 {"text", test_eth_text}, {"claim", test_eth_claim})
