/* SPDX-License-Identifier: BSD-2-Clause */
/* test_vlan.c - CUnit suite of the 802.1Q / 802.1ad tag dissector. */
#include <string.h>

#include "ps_test.h"

/* a field's value, failing (not crashing) when it is absent */

/* Ethernet + one 802.1Q tag: PCP 5, DEI 1, VID 100, EtherType 0x88b5; 64 bytes */
static const uint8_t tagged[64] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01, 0x81, 0x00,
	0xb0, 0x64, 0x88, 0xb5, 0xde, 0xad,
};

/* Ethernet + 802.1ad S-tag VID 10 + 802.1Q C-tag PCP 3 VID 20, EtherType 0x88b5; 64 bytes */
static const uint8_t qinq[64] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01, 0x88, 0xa8,
	0x00, 0x0a, 0x81, 0x00, 0x60, 0x14, 0x88, 0xb5,
};

/* Ethernet + 802.1Q VID 1213 carrying an 802.3 length of 16 (LLC), padded to 64 */
static const uint8_t tagged_8023[64] = {
	0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcd, 0xaa, 0xbb, 0xcc, 0x00, 0x03, 0x10, 0x81, 0x00,
	0x04, 0xbd, 0x00, 0x10, 0xaa, 0xaa, 0x03,
};

/* the same with an 802.3 length of 200, more than the frame holds */
static const uint8_t tagged_8023_long[64] = {
	0x01, 0x00, 0x0c, 0xcc, 0xcc, 0xcd, 0xaa, 0xbb, 0xcc, 0x00, 0x03, 0x10, 0x81, 0x00,
	0x04, 0xbd, 0x00, 0xc8,
};

static struct ps_packet pkt;

static void test_vlan_valid(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, tagged, sizeof tagged, sizeof tagged);
	CU_ASSERT_EQUAL(pkt.nlayers, 2);
	CU_ASSERT_EQUAL(pkt.layers[1].proto, PS_P_VLAN);
	CU_ASSERT_EQUAL(pkt.layers[1].off, 14);
	CU_ASSERT_EQUAL(pkt.layers[1].hdr_len, 4);
	ASSERT_FIELD("eth.type", "33024");
	ASSERT_FIELD("vlan.0.tpid", "33024");
	ASSERT_FIELD("vlan.0.pcp", "5");
	ASSERT_FIELD("vlan.0.dei", "true");
	ASSERT_FIELD("vlan.0.id", "100");
	ASSERT_FIELD("vlan.0.type", "34997");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "vlan.1.id"));
	ASSERT_FIELD("payload.len", "46");
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_json(&pkt), "\"vlan\":[{"));
}

static void test_vlan_qinq(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, qinq, sizeof qinq, sizeof qinq);
	CU_ASSERT_EQUAL(pkt.nlayers, 3);
	ASSERT_FIELD("eth.type", "34984");
	ASSERT_FIELD("vlan.0.tpid", "34984");
	ASSERT_FIELD("vlan.0.id", "10");
	ASSERT_FIELD("vlan.0.pcp", "0");
	ASSERT_FIELD("vlan.0.dei", "false");
	ASSERT_FIELD("vlan.0.type", "33024");
	ASSERT_FIELD("vlan.1.tpid", "33024");
	ASSERT_FIELD("vlan.1.pcp", "3");
	ASSERT_FIELD("vlan.1.id", "20");
	ASSERT_FIELD("vlan.1.type", "34997");
	ASSERT_FIELD("payload.len", "42");
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, true),
			       "02:00:00:99:00:01 > 02:00:00:99:00:02, ethertype 802.1Q-QinQ (0x88a8), "
			       "length 64: vlan 10, p 0, ethertype 802.1Q (0x8100), "
			       "vlan 20, p 3, ethertype Unknown (0x88b5), ");
}

static void test_vlan_8023(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, tagged_8023, sizeof tagged_8023, sizeof tagged_8023);
	CU_ASSERT_EQUAL(pkt.nlayers, 3); /* eth, vlan, llc (SNAP cut by the length) */
	ASSERT_FIELD("vlan.0.id", "1213");
	ASSERT_FIELD("vlan.0.type", "16");
	ASSERT_FIELD("llc.dsap", "170");
	/* the 16 bytes are LLC's: clipped to the length, the padding is not payload */
	ASSERT_FIELD("payload.len", "8");
	CU_ASSERT_EQUAL(pkt.nevents, 0);

	pst_dissect(&pkt, PS_DLT_EN10MB, tagged_8023_long, sizeof tagged_8023_long,
		    sizeof tagged_8023_long);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "vlan.len_exceeds_frame"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "vlan.truncated"));
}

static void test_vlan_depth_limit(void)
{
	/* Ethernet + 20 stacked 0x8100 tags: more than the record holds */
	uint8_t deep[14 + 20 * 4 + 10];
	memset(deep, 0, sizeof deep);
	memcpy(deep, tagged, 12);
	deep[12] = 0x81;
	for (unsigned i = 0; i < 20; i++) {
		deep[14 + 4 * i + 1] = (uint8_t)(i + 1);
		deep[14 + 4 * i + 2] = 0x81;
	}
	pst_dissect(&pkt, PS_DLT_EN10MB, deep, sizeof deep, sizeof deep);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "frame.depth_limit"));
	CU_ASSERT_EQUAL(pkt.nlayers, PS_MAX_LAYERS);
	ASSERT_FIELD("vlan.0.id", "1");
	ASSERT_FIELD("vlan.14.id", "15");
}

static void test_vlan_truncated(void)
{
	/* 16 bytes: the TCI but not the inner type */
	pst_dissect(&pkt, PS_DLT_EN10MB, tagged, 16, sizeof tagged);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "vlan.truncated"));
	ASSERT_FIELD("vlan.0.id", "100");
	ASSERT_FIELD("vlan.0.tpid", "33024");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "vlan.0.type"));
	/* 15 bytes: only the TPID, from the Ethernet header */
	pst_dissect(&pkt, PS_DLT_EN10MB, tagged, 15, sizeof tagged);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "vlan.0.id"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "vlan.0.pcp"));
	ASSERT_FIELD("vlan.0.tpid", "33024");
}

static void test_vlan_sweep(void)
{
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, tagged, sizeof tagged, 14, "vlan.truncated"), 4);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, qinq, sizeof qinq, 14, "vlan.truncated"), 8);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, qinq, sizeof qinq, 22, 0), 0);
}

static void test_vlan_text(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, tagged, sizeof tagged, sizeof tagged);
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, true),
			       "02:00:00:99:00:01 > 02:00:00:99:00:02, ethertype 802.1Q (0x8100), "
			       "length 64: vlan 100, p 5, DEI, ethertype Unknown (0x88b5), ");
	pst_dissect(&pkt, PS_DLT_EN10MB, tagged_8023, sizeof tagged_8023, sizeof tagged_8023);
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, true),
			       "aa:bb:cc:00:03:10 > 01:00:0c:cc:cc:cd, ethertype 802.1Q (0x8100), "
			       "length 64: vlan 1213, p 0, 802.3LLC, dsap SNAP (0xaa) Individual, "
			       "ssap SNAP (0xaa) Command, ctrl 0x03: oui Ethernet (0x000000), "
			       "ethertype Unknown (0x0000), length 8: ");
}

PST_MAIN("vlan", {"valid", test_vlan_valid}, {"qinq", test_vlan_qinq},
	 {"8023", test_vlan_8023}, {"depth_limit", test_vlan_depth_limit},
	 {"truncated", test_vlan_truncated}, {"sweep", test_vlan_sweep}, {"text", test_vlan_text})
