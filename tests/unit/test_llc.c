/* SPDX-License-Identifier: BSD-2-Clause */
/* test_llc.c - CUnit suite of the IEEE 802.2 LLC / SNAP dissector. */
#include <string.h>

#include "ps_test.h"

#define ETH_8023(len_hi, len_lo)                                                                   \
	0x01, 0x80, 0xc2, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01, len_hi, len_lo

/* 802.3 length 13: LLC U frame, DSAP 0x80 (group bit set), SSAP 0x81 (response), TEST with final */
static const uint8_t u_test[60] = {ETH_8023(0x00, 0x0d), 0x81, 0x81, 0xf3, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10};

/* length 12: I frame, SAP 0x04, control 0x1a0c (N(S) 6, N(R) 13), 8 data bytes */
static const uint8_t i_frame[60] = {ETH_8023(0x00, 0x0c), 0x04, 0x04, 0x0c, 0x1a, 1, 2, 3, 4, 5, 6, 7, 8};

/* length 8: S frame REJ with poll, N(R) 10, SSAP response bit */
static const uint8_t s_frame[60] = {ETH_8023(0x00, 0x08), 0x04, 0x05, 0x09, 0x15, 0, 0, 0, 0};

/* length 40: SNAP, OUI 000000, EtherType IPv4: 10.0.0.1 > 10.0.0.2 UDP 1000 > 2000, 4 bytes */
static const uint8_t snap_ip[60] = {
	ETH_8023(0x00, 0x28), 0xaa, 0xaa, 0x03, 0x00, 0x00, 0x00, 0x08, 0x00,
	0x45, 0x00, 0x00, 0x20, 0x00, 0x01, 0x00, 0x00, 0x40, 0x11, 0x7c, 0xcb,
	0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
	0x03, 0xe8, 0x07, 0xd0, 0x00, 0x0c, 0x00, 0x00, 'a', 'b', 'c', 'd',
};

/* length 28: SNAP, Cisco OUI, protocol id 0x2000 (CDP: not decoded), 20 bytes */
static const uint8_t snap_cdp[60] = {ETH_8023(0x00, 0x1c), 0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c, 0x20, 0x00, 0x02};

/* length 6: XID final, format identifier 0x81, class 0x01, window 0x02 */
static const uint8_t xid[60] = {ETH_8023(0x00, 0x06), 0x04, 0x05, 0xbf, 0x81, 0x01, 0x02};

/* length 5: SNAP header cut by the 802.3 length (2 of its 5 bytes) */
static const uint8_t snap_short[60] = {ETH_8023(0x00, 0x05), 0xaa, 0xaa, 0x03, 0x00, 0x00, 0x0c};

/* length 1: one byte of LLC */
static const uint8_t llc_one[60] = {ETH_8023(0x00, 0x01), 0x42};

static struct ps_packet pkt;

static void test_llc_u_frame(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, u_test, sizeof u_test, sizeof u_test);
	CU_ASSERT_EQUAL(pkt.nlayers, 2);
	CU_ASSERT_EQUAL(pkt.layers[1].proto, PS_P_LLC);
	CU_ASSERT_EQUAL(pkt.layers[1].hdr_len, 3);
	ASSERT_FIELD("llc.dsap", "129");
	ASSERT_FIELD("llc.ssap", "129");
	ASSERT_FIELD("llc.control", "243");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "llc.oui"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "llc.pid"));
	/* the 10 bytes after the header are payload; the padding is not */
	ASSERT_FIELD("payload.len", "10");
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	/* tcpdump -nn: addresses, SAP, the U command and the P/F + C/R flags */
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false),
			       "02:00:00:99:00:01 > 01:80:c2:00:00:00 Unknown DSAP 0x80 "
			       "Unnumbered, test, Flags [Final], length 13");
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, true),
			       "02:00:00:99:00:01 > 01:80:c2:00:00:00, 802.3, length 13: "
			       "LLC, dsap Unknown (0x80) Group, ssap Unknown (0x80) Response, ctrl 0xf3: "
			       "Unnumbered, test, Flags [Final], length 13");
}

static void test_llc_i_s_frames(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, i_frame, sizeof i_frame, sizeof i_frame);
	CU_ASSERT_EQUAL(pkt.layers[1].hdr_len, 4);
	ASSERT_FIELD("llc.control", "6668"); /* 0x1a0c, little-endian on the wire */
	ASSERT_FIELD("payload.len", "8");
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false),
			       "02:00:00:99:00:01 > 01:80:c2:00:00:00 SNA Information, send seq 6, "
			       "rcv seq 13, Flags [Command], length 12");
	pst_dissect(&pkt, PS_DLT_EN10MB, s_frame, sizeof s_frame, sizeof s_frame);
	ASSERT_FIELD("llc.ssap", "5");
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false),
			       "02:00:00:99:00:01 > 01:80:c2:00:00:00 SNA Supervisory, Reject, "
			       "rcv seq 10, Flags [Final], length 8");
}

static void test_llc_snap_ethertype(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, snap_ip, sizeof snap_ip, sizeof snap_ip);
	CU_ASSERT_EQUAL(pkt.layers[1].hdr_len, 8);
	ASSERT_FIELD("llc.dsap", "170");
	ASSERT_FIELD("llc.ssap", "170");
	ASSERT_FIELD("llc.control", "3");
	ASSERT_FIELD("llc.oui", "0");
	ASSERT_FIELD("llc.pid", "2048");
	/* the EtherType table took it from there */
	ASSERT_FIELD("ip.src", "10.0.0.1");
	ASSERT_FIELD("udp.dport", "2000");
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false), "IP 10.0.0.1.1000 > 10.0.0.2.2000: UDP, length 4");
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_text(&pkt, 0, true),
				      "ctrl 0x03: oui Ethernet (0x000000), ethertype IPv4 (0x0800), "
				      "length 32: 10.0.0.1"));
}

static void test_llc_snap_unknown(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, snap_cdp, sizeof snap_cdp, sizeof snap_cdp);
	ASSERT_FIELD("llc.oui", "12");
	ASSERT_FIELD("llc.pid", "8192");
	ASSERT_FIELD("payload.len", "20");
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false),
			       "02:00:00:99:00:01 > 01:80:c2:00:00:00 SNAP, oui Cisco (0x00000c), "
			       "pid CDP (0x2000), length 20: ");
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_text(&pkt, 0, true),
				      "ctrl 0x03: oui Cisco (0x00000c), pid CDP (0x2000), length 20: "));
}

static void test_llc_xid(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, xid, sizeof xid, sizeof xid);
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false),
			       "02:00:00:99:00:01 > 01:80:c2:00:00:00 SNA Unnumbered, xid, "
			       "Flags [Final], length 6: 01 02");
	/* the format identifier's two bytes cut by the capture */
	pst_dissect(&pkt, PS_DLT_EN10MB, xid, 18, sizeof xid);
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_text(&pkt, 0, false), "length 6 [|llc]"));
}

static void test_llc_len_invalid(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, snap_short, sizeof snap_short, sizeof snap_short);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "llc.len_invalid"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "llc.truncated"));
	ASSERT_FIELD("llc.control", "3");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "llc.oui"));
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false), " [|snap]");
	pst_dissect(&pkt, PS_DLT_EN10MB, llc_one, sizeof llc_one, sizeof llc_one);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "llc.len_invalid"));
	ASSERT_FIELD("llc.dsap", "66");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "llc.ssap"));
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false), " [|llc]");
}

static void test_llc_sweep(void)
{
	/* each prefix cutting the 3 (4, 8) header bytes is truncated, none after */
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, u_test, 17, 15, "llc.truncated"), 2);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, u_test, sizeof u_test, 17, 0), 0);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, i_frame, 18, 15, "llc.truncated"), 3);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, snap_ip, 22, 15, "llc.truncated"), 7);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, snap_cdp, sizeof snap_cdp, 22, 0), 0);
	/* 14 bytes: the Ethernet header only; LLC's event on it, no LLC object */
	pst_dissect(&pkt, PS_DLT_EN10MB, u_test, 14, sizeof u_test);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "llc.truncated"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "llc.dsap"));
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false), " [|llc]");
	/* every prefix of every sample, under the sanitizers */
	pst_sweep(PS_DLT_EN10MB, xid, sizeof xid, 0, 0);
	pst_sweep(PS_DLT_EN10MB, s_frame, sizeof s_frame, 0, 0);
	pst_sweep(PS_DLT_EN10MB, snap_short, sizeof snap_short, 0, 0);
}

PST_MAIN("llc", {"u_frame", test_llc_u_frame}, {"i_s_frames", test_llc_i_s_frames},
	 {"snap_ethertype", test_llc_snap_ethertype}, {"snap_unknown", test_llc_snap_unknown},
	 {"xid", test_llc_xid}, {"len_invalid", test_llc_len_invalid}, {"sweep", test_llc_sweep})
