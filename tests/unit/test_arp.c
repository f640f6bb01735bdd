/* SPDX-License-Identifier: BSD-2-Clause */
/* test_arp.c - CUnit suite of the ARP dissector (any address sizes). */
#include <string.h>

#include "ps_test.h"

/* a field's value, failing (not crashing) when it is absent */

#define ETH_BCAST_HDR(type_hi, type_lo)                                                            \
	0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01, type_hi, type_lo

/* Ethernet + ARP request who-has 10.0.0.2 tell 10.0.0.1 (02:00:00:99:00:01), padded to 60 */
static const uint8_t req[60] = {
	ETH_BCAST_HDR(0x08, 0x06),
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
	0x02, 0x00, 0x00, 0x99, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x01,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x02,
};

/* Ethernet + ARP reply 10.0.0.2 is-at 02:00:00:99:00:02 (42 bytes, unpadded) */
static const uint8_t reply[42] = {
	ETH_BCAST_HDR(0x08, 0x06),
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02,
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x02,
	0x02, 0x00, 0x00, 0x99, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x01,
};

/* Ethernet + ARP with hlen 8 (IEEE 1394-like) and IPv6 addresses (plen 16): 56 bytes of ARP */
static const uint8_t odd[70] = {
	ETH_BCAST_HDR(0x08, 0x06),
	0x00, 0x18, 0x86, 0xdd, 0x08, 0x10, 0x00, 0x01,
	1, 2, 3, 4, 5, 6, 7, 8, [30] = 0xfe, [31] = 0x80, [45] = 0x01,
	[54] = 0xfe, [55] = 0x80, [69] = 0x02,
};

/* Ethernet + ARP with hlen 0 and plen 4: spa at 8, tpa at 12 */
static const uint8_t hlen0[60] = {
	ETH_BCAST_HDR(0x08, 0x06),
	0x00, 0x01, 0x08, 0x00, 0x00, 0x04, 0x00, 0x01,
	0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
};

/* Ethernet + ARP with hlen 6, plen 4 whose frame is only 34 bytes on the wire */
static const uint8_t short_frame[34] = {
	ETH_BCAST_HDR(0x08, 0x06),
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
	0x02, 0x00, 0x00, 0x99, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x01,
};

/* Linux cooked v1 + the reply above */
static const uint8_t sll_reply[44] = {
	0x00, 0x00, 0x00, 0x01, 0x00, 0x06, 0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x00, 0x00,
	0x08, 0x06,
	0x00, 0x01, 0x08, 0x00, 0x06, 0x04, 0x00, 0x02,
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x02,
	0x02, 0x00, 0x00, 0x99, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x01,
};


/* Ethernet + ATMARP (RFC 2225) request: 20-byte source ATM number, no
 * subaddress, who-has 10.0.0.2 tell 10.0.0.1, no target ATM number */
static const uint8_t atm_req[60] = {
	ETH_BCAST_HDR(0x08, 0x06),
	0x00, 0x13, 0x08, 0x00, 0x14, 0x00, 0x00, 0x01, 0x04, 0x00, 0x00, 0x04,
	0x47, 0x00, 0x05, [45] = 0x01,
	0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02,
};

/* Ethernet + ATMARP reply: source number 20 bytes + subaddress 2 bytes (type
 * bits set in the type/length byte), 10.0.0.2 is-at it, target 10.0.0.1 */
static const uint8_t atm_reply[56] = {
	ETH_BCAST_HDR(0x08, 0x06),
	0x00, 0x13, 0x08, 0x00, 0x14, 0x42, 0x00, 0x02, 0x04, 0x00, 0x00, 0x04,
	0x47, [45] = 0x02, 0xaa, 0xbb,
	0x0a, 0x00, 0x00, 0x02, 0x0a, 0x00, 0x00, 0x01,
};

/* Ethernet + hardware type ATM laid out as plain ARP (tcpdump arp-oobr frame
 * 1166): read as ATMARP, its lengths run past the frame */
static const uint8_t atm_bogus[60] = {
	ETH_BCAST_HDR(0x08, 0x06),
	0x00, 0x13, 0x08, 0x00, 0x06, 0x04, 0x00, 0x01,
	0x00, 0x1f, 0x29, 0xda, 0x2d, 0x79, 0xc0, 0xa8, 0x01, 0x68,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xc0, 0xa8, 0x01, 0x01,
};

static struct ps_packet pkt;
static uint8_t buf[128];

/* the reply with operation `op` */
static const uint8_t *with_op(uint16_t op)
{
	memcpy(buf, reply, sizeof reply);
	buf[20] = (uint8_t)(op >> 8);
	buf[21] = (uint8_t)op;
	return buf;
}

static void test_arp_request(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, req, sizeof req, sizeof req);
	CU_ASSERT_EQUAL(pkt.nlayers, 2);
	CU_ASSERT_EQUAL(pkt.layers[1].proto, PS_P_ARP);
	CU_ASSERT_EQUAL(pkt.layers[1].hdr_len, 28);
	CU_ASSERT_EQUAL(pkt.layers[1].u.arp.have, 0x1f);
	ASSERT_FIELD("eth.type", "2054");
	ASSERT_FIELD("arp.htype", "1");
	ASSERT_FIELD("arp.ptype", "2048");
	ASSERT_FIELD("arp.hlen", "6");
	ASSERT_FIELD("arp.plen", "4");
	ASSERT_FIELD("arp.op", "1");
	ASSERT_FIELD("arp.sha", "02:00:00:99:00:01");
	ASSERT_FIELD("arp.spa", "10.0.0.1");
	ASSERT_FIELD("arp.tha", "00:00:00:00:00:00");
	ASSERT_FIELD("arp.tpa", "10.0.0.2");
	/* the Ethernet padding after ARP is neither ARP nor payload */
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "payload.len"));
	CU_ASSERT_EQUAL(pkt.nevents, 0);
}

static void test_arp_any_lengths(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, odd, sizeof odd, sizeof odd);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_EQUAL(pkt.layers[1].hdr_len, 56);
	ASSERT_FIELD("arp.htype", "24");
	ASSERT_FIELD("arp.ptype", "34525");
	ASSERT_FIELD("arp.hlen", "8");
	ASSERT_FIELD("arp.plen", "16");
	/* neither a MAC nor an IPv4 address: only the lengths say where they are */
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "arp.sha"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "arp.spa"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "arp.tha"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "arp.tpa"));
	const struct ps_arp *a = &pkt.layers[1].u.arp;
	CU_ASSERT_EQUAL(a->sha_off, 22);
	CU_ASSERT_EQUAL(a->spa_off, 30);
	CU_ASSERT_EQUAL(a->tha_off, 46);
	CU_ASSERT_EQUAL(a->tpa_off, 54);
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false),
			       "ARP, IEEE 1394 (len 8), IPv6 (len 16), length 56");
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 1, false),
			       "ARP, IEEE 1394 (len 8), IPv6 (len 16), Request who-has "
			       "<wrong proto type> tell <wrong proto type>, "
			       "length 56");
}

static void test_arp_ipv6_ptype_no_pa(void)
{
	/* hlen 6 / plen 4 but ptype IPv6: sha/tha yes, spa/tpa no */
	memcpy(buf, req, sizeof req);
	buf[16] = 0x86;
	buf[17] = 0xdd;
	pst_dissect(&pkt, PS_DLT_EN10MB, buf, sizeof req, sizeof req);
	CU_ASSERT_PTR_NOT_NULL(pst_field(&pkt, "arp.sha"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "arp.spa"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "arp.tpa"));
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false),
			       "ARP, Ethernet (len 6), IPv6 (len 4), length 46");
}

static void test_arp_len_zero(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, hlen0, sizeof hlen0, sizeof hlen0);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "arp.len_zero"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "arp.truncated"));
	CU_ASSERT_TRUE(pkt.any_malformed);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "arp.sha"));
	ASSERT_FIELD("arp.spa", "10.0.0.1");
	ASSERT_FIELD("arp.tpa", "10.0.0.2");
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false),
			       "ARP, Ethernet (len 0), IPv4 (len 4), length 46");
}

static void test_arp_len_exceeds_frame(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, short_frame, sizeof short_frame, sizeof short_frame);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "arp.len_exceeds_frame"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "arp.truncated"));
	CU_ASSERT_FALSE(pkt.layers[1].truncated);
	CU_ASSERT_TRUE(pkt.any_malformed);
	ASSERT_FIELD("arp.sha", "02:00:00:99:00:01");
	ASSERT_FIELD("arp.spa", "10.0.0.1");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "arp.tha"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "arp.tpa"));
	/* as tcpdump, which runs out of bytes: " [|arp]" */
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false), " [|arp]");
}

static void test_arp_truncated(void)
{
	/* 34 of 42 bytes: sha and spa captured, the target is not */
	pst_dissect(&pkt, PS_DLT_EN10MB, reply, 34, sizeof reply);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "arp.truncated"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "arp.len_exceeds_frame"));
	ASSERT_FIELD("arp.op", "2");
	ASSERT_FIELD("arp.sha", "02:00:00:99:00:02");
	ASSERT_FIELD("arp.spa", "10.0.0.2");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "arp.tha"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "arp.tpa"));
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false), " [|arp]");
	/* 19 bytes: htype, ptype, hlen; not plen or op */
	pst_dissect(&pkt, PS_DLT_EN10MB, reply, 19, sizeof reply);
	ASSERT_FIELD("arp.hlen", "6");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "arp.plen"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "arp.op"));
}

static void test_arp_sweep(void)
{
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, reply, sizeof reply, 14, "arp.truncated"), 28);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, odd, sizeof odd, 14, "arp.truncated"), 56);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_LINUX_SLL, sll_reply, sizeof sll_reply, 16,
				  "arp.truncated"), 28);
}

static void test_arp_text(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, req, sizeof req, sizeof req);
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false),
			       "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 46");
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, true),
			       "02:00:00:99:00:01 > ff:ff:ff:ff:ff:ff, ethertype ARP (0x0806), "
			       "length 60: Request who-has 10.0.0.2 tell 10.0.0.1, length 46");
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 1, false),
			       "ARP, Ethernet (len 6), IPv4 (len 4), Request who-has 10.0.0.2 "
			       "tell 10.0.0.1, length 46");
	pst_dissect(&pkt, PS_DLT_EN10MB, reply, sizeof reply, sizeof reply);
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false),
			       "ARP, Reply 10.0.0.2 is-at 02:00:00:99:00:02, length 28");
	/* a non-zero target hardware address is shown in a request */
	memcpy(buf, req, sizeof req);
	buf[32] = 0x55;
	pst_dissect(&pkt, PS_DLT_EN10MB, buf, sizeof req, sizeof req);
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false),
			       "ARP, Request who-has 10.0.0.2 (55:00:00:00:00:00) tell 10.0.0.1, "
			       "length 46");
}

static void test_arp_text_ops(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, with_op(3), sizeof reply, sizeof reply);
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false),
			       "ARP, Reverse Request who-is 02:00:00:99:00:01 tell "
			       "02:00:00:99:00:02, length 28");
	pst_dissect(&pkt, PS_DLT_EN10MB, with_op(4), sizeof reply, sizeof reply);
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false),
			       "ARP, Reverse Reply 02:00:00:99:00:01 at 10.0.0.1, length 28");
	pst_dissect(&pkt, PS_DLT_EN10MB, with_op(8), sizeof reply, sizeof reply);
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false),
			       "ARP, Inverse Request who-is 02:00:00:99:00:01 tell "
			       "02:00:00:99:00:02, length 28");
	pst_dissect(&pkt, PS_DLT_EN10MB, with_op(9), sizeof reply, sizeof reply);
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false),
			       "ARP, Inverse Reply 02:00:00:99:00:02 at 10.0.0.2, length 28");
	/* tcpdump hex-dumps unknown operations after the name, without a length */
	pst_dissect(&pkt, PS_DLT_EN10MB, with_op(29953), sizeof reply, sizeof reply);
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false), "ARP, Unknown (29953) ");
	ASSERT_FIELD("arp.op", "29953");
}

static void test_arp_over_sll(void)
{
	pst_dissect(&pkt, PS_DLT_LINUX_SLL, sll_reply, sizeof sll_reply, sizeof sll_reply);
	CU_ASSERT_EQUAL(pkt.nlayers, 2);
	CU_ASSERT_EQUAL(pkt.layers[1].off, 16);
	ASSERT_FIELD("arp.tpa", "10.0.0.1");
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false),
			       "ARP, Reply 10.0.0.2 is-at 02:00:00:99:00:02, length 28");
}

static void test_arp_atm(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, atm_req, sizeof atm_req, sizeof atm_req);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_EQUAL(pkt.layers[1].hdr_len, 40);
	CU_ASSERT_EQUAL(pkt.layers[1].u.arp.atm_len[0], 20);
	ASSERT_FIELD("arp.htype", "19");
	ASSERT_FIELD("arp.ptype", "2048");
	ASSERT_FIELD("arp.op", "1");
	ASSERT_FIELD("arp.spa", "10.0.0.1");
	ASSERT_FIELD("arp.tpa", "10.0.0.2");
	/* no hlen/plen in this format, and ATM numbers are not MACs */
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "arp.hlen"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "arp.plen"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "arp.sha"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "arp.tha"));
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false),
			       "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 46");
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 1, false),
			       "ARP, ATM, IPv4 (len 4/4), Request who-has 10.0.0.2 tell 10.0.0.1, "
			       "length 46");

	pst_dissect(&pkt, PS_DLT_EN10MB, atm_reply, sizeof atm_reply, sizeof atm_reply);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_EQUAL(pkt.layers[1].u.arp.atm_len[1], 2); /* type bits masked off */
	ASSERT_FIELD("arp.spa", "10.0.0.2");
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false),
			       "ARP, Reply 10.0.0.2 is-at 47:00:00:00:00:00:00:00:00:00:00:00:00:00:"
			       "00:00:00:00:00:02,aa:bb, length 42");
}

static void test_arp_atm_bogus(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, atm_bogus, sizeof atm_bogus, sizeof atm_bogus);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "arp.len_exceeds_frame"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "arp.truncated"));
	ASSERT_FIELD("arp.op", "1");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "arp.sha"));
	CU_ASSERT_STRING_EQUAL(pst_text(&pkt, 0, false), " [|arp]");
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, atm_req, 54, 14, "arp.truncated"), 40);
	/* 20 bytes of ATMARP: the fixed part, not the addresses */
	pst_dissect(&pkt, PS_DLT_EN10MB, atm_req, 34, sizeof atm_req);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "arp.truncated"));
	ASSERT_FIELD("arp.op", "1");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "arp.spa"));
}

PST_MAIN("arp", {"request", test_arp_request}, {"any_lengths", test_arp_any_lengths},
	 {"ipv6_ptype_no_pa", test_arp_ipv6_ptype_no_pa}, {"len_zero", test_arp_len_zero},
	 {"len_exceeds_frame", test_arp_len_exceeds_frame}, {"truncated", test_arp_truncated},
	 {"sweep", test_arp_sweep}, {"text", test_arp_text}, {"text_ops", test_arp_text_ops},
	 {"over_sll", test_arp_over_sll}, {"atm", test_arp_atm}, {"atm_bogus", test_arp_atm_bogus})
