/* SPDX-License-Identifier: BSD-2-Clause */
/* test_erspan.c - CUnit suite of the ERSPAN dissector (types I, II, III
 * after GRE): every header field, the mirrored frame under "erspan.inner",
 * the version check, the truncation of every header length; GRE's text
 * stays tcpdump's "gre-proto-0x88be". */
#include <string.h>

#include "ps_test.h"
#include "pst_build.h"

static struct ps_packet pkt;
static uint8_t frame[512];

#define ERSPAN_TEXT "IP 10.0.0.1 > 10.0.0.2: GREv0, "

/* GRE (flags `gre_flags`, protocol `proto`, a sequence number when S is set)
 * + ERSPAN header `hdr` + an Ethernet/IPv4/ICMP echo frame; its length */
static size_t erspan_frame(uint16_t gre_flags, uint16_t proto, const uint8_t *hdr, size_t hlen)
{
	static const uint8_t echo[8] = {8, 0, 0xf7, 0xfc, 0, 1, 0, 2};
	uint8_t mirrored[128], msg[256];
	size_t mlen = pst_ipv4(mirrored, sizeof mirrored, 1, echo, sizeof echo);
	size_t at = 4;

	msg[0] = (uint8_t)(gre_flags >> 8);
	msg[1] = (uint8_t)gre_flags;
	msg[2] = (uint8_t)(proto >> 8);
	msg[3] = (uint8_t)proto;
	if (gre_flags & 0x1000u) {
		static const uint8_t seq[4] = {0, 1, 0xa1, 0xca}; /* 106954 */
		memcpy(msg + at, seq, 4);
		at += 4;
	}
	if (hlen) /* type I: no header (hdr may be NULL) */
		memcpy(msg + at, hdr, hlen);
	memcpy(msg + at + hlen, mirrored, mlen);
	return pst_ipv4(frame, sizeof frame, 47, msg, at + hlen + mlen);
}

static void dissect(size_t n)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, (uint32_t)n, (uint32_t)n);
}

static void assert_mirrored(void)
{
	ASSERT_FIELD("erspan.inner.eth.type", "2048");
	ASSERT_FIELD("erspan.inner.ip.src", "10.0.0.1");
	ASSERT_FIELD("erspan.inner.icmp.seq", "2");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "gre.inner"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "payload"));
}

static const uint8_t type2[8] = {0x10, 0x0a, 0x70, 0x65, 0, 0, 0xab, 0xc5};
static const uint8_t type3[20] = {0x20, 0x64, 0xad, 0x23, 1,    2,    3,    4,    0x12, 0x34,
				  0x81, 0x5d, 0x0c, 0,    0x11, 0x11, 0x22, 0x22, 0x33, 0x33};

static void test_type1(void)
{
	size_t n = erspan_frame(0, 0x88be, 0, 0);
	dissect(n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_TRUE(pkt.nlayers > 3 && pkt.layers[3].proto == PS_P_ERSPAN &&
		       pkt.layers[3].hdr_len == 0);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "erspan.version"));
	assert_mirrored();
	ASSERT_TEXT(ERSPAN_TEXT "length 46: gre-proto-0x88be");
}

static void test_type2(void)
{
	size_t n = erspan_frame(0x1000, 0x88be, type2, sizeof type2);
	dissect(n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("gre.seq", "106954");
	ASSERT_FIELD("erspan.version", "1");
	ASSERT_FIELD("erspan.vlan", "10");
	ASSERT_FIELD("erspan.cos", "3");
	ASSERT_FIELD("erspan.encap", "2");
	ASSERT_FIELD("erspan.truncated", "0");
	ASSERT_FIELD("erspan.spanid", "101");
	ASSERT_FIELD("erspan.index", "43973");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "erspan.timestamp"));
	assert_mirrored();
	ASSERT_TEXT(ERSPAN_TEXT "seq 106954, length 58: gre-proto-0x88be");
	ASSERT_VTEXT_ENDS(1, "GREv0, Flags [sequence# present], seq 106954, length 58\n\t"
			     "gre-proto-0x88be");
}

static void test_type3(void)
{
	size_t n = erspan_frame(0, 0x22eb, type3, sizeof type3);
	dissect(n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("erspan.version", "2");
	ASSERT_FIELD("erspan.vlan", "100");
	ASSERT_FIELD("erspan.cos", "5");
	ASSERT_FIELD("erspan.bso", "1");
	ASSERT_FIELD("erspan.truncated", "1");
	ASSERT_FIELD("erspan.spanid", "291");
	ASSERT_FIELD("erspan.timestamp", "16909060");
	ASSERT_FIELD("erspan.sgt", "4660");
	ASSERT_FIELD("erspan.p", "1");
	ASSERT_FIELD("erspan.ft", "0");
	ASSERT_FIELD("erspan.hw", "21");
	ASSERT_FIELD("erspan.direction", "true");
	ASSERT_FIELD("erspan.gra", "2");
	ASSERT_FIELD("erspan.o", "1");
	ASSERT_FIELD("erspan.platid", "3");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "erspan.encap"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "erspan.index"));
	assert_mirrored();
	ASSERT_TEXT(ERSPAN_TEXT "length 66: gre-proto-0x22eb");
	/* without the platform subheader (O clear) the frame follows at 12 */
	uint8_t h[12];
	memcpy(h, type3, sizeof h);
	h[11] &= 0xfe;
	dissect(erspan_frame(0, 0x22eb, h, sizeof h));
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("erspan.o", "0");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "erspan.platid"));
	assert_mirrored();
	/* frame type 2 (IP): not an Ethernet frame, left as payload */
	h[10] = 0x88;
	dissect(erspan_frame(0, 0x22eb, h, sizeof h));
	ASSERT_FIELD("erspan.ft", "2");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "erspan.inner"));
	CU_ASSERT_PTR_NOT_NULL(pst_field(&pkt, "payload.len"));
}

static void test_malformed(void)
{
	/* type II header with version 2, type III header with version 1 */
	uint8_t h[20];
	memcpy(h, type2, sizeof type2);
	h[0] = 0x20;
	dissect(erspan_frame(0x1000, 0x88be, h, sizeof type2));
	CU_ASSERT_TRUE(pst_has_event(&pkt, "erspan.bad_version"));
	ASSERT_FIELD("erspan.version", "2");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "erspan.inner"));
	memcpy(h, type3, sizeof type3);
	h[0] = 0x10;
	dissect(erspan_frame(0, 0x22eb, h, sizeof type3));
	CU_ASSERT_TRUE(pst_has_event(&pkt, "erspan.bad_version"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "erspan.inner"));
	/* the IP payload ends inside the header: the claim, not the capture */
	size_t n = pst_ipv4(frame, sizeof frame, 47,
			    (const uint8_t[]){0x10, 0, 0x88, 0xbe, 0, 0, 0, 1, 0x10, 0x0a}, 10);
	dissect(n);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "erspan.hdr_exceeds_len"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "erspan.truncated"));
	ASSERT_FIELD("erspan.version", "1");
	ASSERT_FIELD("erspan.vlan", "10");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "erspan.spanid"));
}

/* every capture length inside each header raises erspan.truncated (the
 * capture cut right after GRE included), and the fields whose bytes were
 * captured are kept */
static void test_sweep(void)
{
	size_t n = erspan_frame(0x1000, 0x88be, type2, sizeof type2);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, frame, (uint32_t)n, PST_IP4_HDR + 8,
				  "erspan.truncated"), 8);
	n = erspan_frame(0, 0x22eb, type3, sizeof type3);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, frame, (uint32_t)n, PST_IP4_HDR + 4,
				  "erspan.truncated"), 20);
	/* cut inside the platform subheader: the 12-byte header's fields stay */
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, PST_IP4_HDR + 4 + 15, (uint32_t)n);
	ASSERT_FIELD("erspan.sgt", "4660");
	ASSERT_FIELD("erspan.o", "1");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "erspan.platid"));
	/* type I: the cut lands in the mirrored frame, its own events */
	n = erspan_frame(0, 0x88be, 0, 0);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, PST_IP4_HDR + 4 + 14 + 10, (uint32_t)n);
	CU_ASSERT_TRUE(pst_has_event_in(&pkt, "erspan.inner", "ip.truncated"));
	ASSERT_FIELD("erspan.inner.eth.type", "2048");
}

PST_MAIN("erspan", {"type1", test_type1}, {"type2", test_type2}, {"type3", test_type3},
	 {"malformed", test_malformed}, {"sweep", test_sweep})
