/* SPDX-License-Identifier: BSD-2-Clause */
/* test_sll.c - CUnit suite of the Linux cooked capture dissectors (SLL, SLL2). */
#include <string.h>

#include "ps_test.h"

/* a field's value, failing (not crashing) when it is absent */

/* SLL v1: In, ARPHRD_ETHER, halen 6, 02:00:00:99:00:01, proto 0x88b5, 4 data bytes */
static const uint8_t sll1[20] = {
	0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x02, 0x00, 0x00, 0x99,
	0x00, 0x01, 0x00, 0x00, 0x88, 0xb5, 0xde, 0xad, 0xbe, 0xef,
};

/* SLL v1: Out, hatype 776 (sit), halen 4, 0a:0b:0c:0d, proto 0x88b5 */
static const uint8_t sll1_halen4[16] = {
	0x00, 0x04, 0x03, 0x08, 0x00, 0x04, 0x0a, 0x0b,
	0x0c, 0x0d, 0x00, 0x00, 0x00, 0x00, 0x88, 0xb5,
};

/* SLL v1: broadcast, proto 0x0004 (802.2 LLC frame follows), 3 LLC bytes */
static const uint8_t sll1_llc[19] = {
	0x00, 0x01, 0x00, 0x01, 0x00, 0x06, 0x02, 0x00, 0x00, 0x99,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x04, 0x42, 0x42, 0x03,
};

/* SLL v1: halen 10, larger than the 8-byte address field; proto 0x88b5 */
static const uint8_t sll1_halen10[16] = {
	0x00, 0x00, 0x00, 0x01, 0x00, 0x0a, 0x01, 0x02,
	0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x88, 0xb5,
};

/* SLL2: proto 0x88b5, ifindex 20, ARPHRD_ETHER, Out, halen 6, f0:3f:95:8f:82:63, 4 data bytes */
static const uint8_t sll2[24] = {
	0x88, 0xb5, 0x00, 0x00, 0x00, 0x00, 0x00, 0x14, 0x00, 0x01, 0x04, 0x06,
	0xf0, 0x3f, 0x95, 0x8f, 0x82, 0x63, 0x00, 0x00, 0xde, 0xad, 0xbe, 0xef,
};

static struct ps_packet pkt;

static void test_sll_valid(void)
{
	pst_dissect(&pkt, PS_DLT_LINUX_SLL, sll1, sizeof sll1, sizeof sll1);
	CU_ASSERT_EQUAL(pkt.nlayers, 1);
	CU_ASSERT_EQUAL(pkt.layers[0].proto, PS_P_SLL);
	CU_ASSERT_EQUAL(pkt.layers[0].hdr_len, 16);
	CU_ASSERT_EQUAL(pkt.layers[0].u.sll.version, 1);
	CU_ASSERT_EQUAL(pkt.layers[0].u.sll.halen, 6);
	ASSERT_FIELD("sll.pkttype", "0");
	ASSERT_FIELD("sll.hatype", "1");
	ASSERT_FIELD("sll.src", "02:00:00:99:00:01");
	ASSERT_FIELD("sll.proto", "34997");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "sll.ifindex"));
	ASSERT_FIELD("payload.len", "4");
	CU_ASSERT_EQUAL(pkt.nevents, 0);
}

static void test_sll_halen4(void)
{
	pst_dissect(&pkt, PS_DLT_LINUX_SLL, sll1_halen4, sizeof sll1_halen4, sizeof sll1_halen4);
	ASSERT_FIELD("sll.pkttype", "4");
	ASSERT_FIELD("sll.hatype", "776");
	ASSERT_FIELD("sll.src", "0a:0b:0c:0d");
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	/* tcpdump prints the address only when it is 6 bytes */
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, true),
			       "Out ethertype Unknown (0x88b5), length 16: ");
}

static void test_sll_llc_stops(void)
{
	pst_dissect(&pkt, PS_DLT_LINUX_SLL, sll1_llc, sizeof sll1_llc, sizeof sll1_llc);
	CU_ASSERT_EQUAL(pkt.nlayers, 1);
	ASSERT_FIELD("sll.proto", "4");
	ASSERT_FIELD("payload.len", "3");
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, true),
			       "  B 02:00:00:99:00:01 802.2, length 19: ");
}

static void test_sll_halen_invalid(void)
{
	pst_dissect(&pkt, PS_DLT_LINUX_SLL, sll1_halen10, sizeof sll1_halen10,
		    sizeof sll1_halen10);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "sll.halen_invalid"));
	CU_ASSERT_TRUE(pkt.any_malformed);
	/* the 8 bytes the header holds */
	ASSERT_FIELD("sll.src", "01:02:03:04:05:06:07:08");
	ASSERT_FIELD("sll.proto", "34997");
}

static void test_sll2_valid(void)
{
	pst_dissect(&pkt, PS_DLT_LINUX_SLL2, sll2, sizeof sll2, sizeof sll2);
	CU_ASSERT_EQUAL(pkt.nlayers, 1);
	CU_ASSERT_EQUAL(pkt.layers[0].proto, PS_P_SLL);
	CU_ASSERT_EQUAL(pkt.layers[0].hdr_len, 20);
	CU_ASSERT_EQUAL(pkt.layers[0].u.sll.version, 2);
	ASSERT_FIELD("sll.pkttype", "4");
	ASSERT_FIELD("sll.hatype", "1");
	ASSERT_FIELD("sll.src", "f0:3f:95:8f:82:63");
	ASSERT_FIELD("sll.proto", "34997");
	ASSERT_FIELD("sll.ifindex", "20");
	ASSERT_FIELD("payload.len", "4");
	CU_ASSERT_EQUAL(pkt.nevents, 0);
}

static void test_sll_truncated_fields(void)
{
	/* v1, 5 bytes: pkttype and hatype, not halen, src or proto */
	pst_dissect(&pkt, PS_DLT_LINUX_SLL, sll1, 5, sizeof sll1);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "sll.truncated"));
	ASSERT_FIELD("sll.hatype", "1");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "sll.src"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "sll.proto"));
	/* v1, 12 bytes: the address is complete */
	pst_dissect(&pkt, PS_DLT_LINUX_SLL, sll1, 12, sizeof sll1);
	ASSERT_FIELD("sll.src", "02:00:00:99:00:01");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "sll.proto"));
	/* v2, 10 bytes: proto, ifindex, hatype; not pkttype */
	pst_dissect(&pkt, PS_DLT_LINUX_SLL2, sll2, 10, sizeof sll2);
	ASSERT_FIELD("sll.proto", "34997");
	ASSERT_FIELD("sll.ifindex", "20");
	ASSERT_FIELD("sll.hatype", "1");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "sll.pkttype"));
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, true), " [|sll]");
}

static void test_sll_sweep(void)
{
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_LINUX_SLL, sll1, sizeof sll1, 0, "sll.truncated"), 16);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_LINUX_SLL2, sll2, sizeof sll2, 0, "sll.truncated"), 20);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_LINUX_SLL2, sll2, sizeof sll2, 20, 0), 0);
}

static void test_sll_text(void)
{
	pst_dissect(&pkt, PS_DLT_LINUX_SLL, sll1, sizeof sll1, sizeof sll1);
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, true),
			       " In 02:00:00:99:00:01 ethertype Unknown (0x88b5), length 20: ");
	pst_dissect(&pkt, PS_DLT_LINUX_SLL2, sll2, sizeof sll2, sizeof sll2);
	CU_ASSERT_STRING_EQUAL(
		pst_text(&pkt, 0, true),
		"Out ifindex 20 f0:3f:95:8f:82:63 ethertype Unknown (0x88b5), length 24: ");
	/* SLL2's column is left-aligned (tcpdump 4.99 "%-3s ") */
	uint8_t in[sizeof sll2];
	memcpy(in, sll2, sizeof sll2);
	in[10] = 0; /* In */
	pst_dissect(&pkt, PS_DLT_LINUX_SLL2, in, sizeof in, sizeof in);
	CU_ASSERT_STRING_EQUAL(
		pst_text(&pkt, 0, true),
		"In  ifindex 20 f0:3f:95:8f:82:63 ethertype Unknown (0x88b5), length 24: ");
}

PST_MAIN("sll", {"valid", test_sll_valid}, {"halen4", test_sll_halen4},
	 {"llc_stops", test_sll_llc_stops}, {"halen_invalid", test_sll_halen_invalid},
	 {"sll2_valid", test_sll2_valid}, {"truncated_fields", test_sll_truncated_fields},
	 {"sweep", test_sll_sweep}, {"text", test_sll_text})
