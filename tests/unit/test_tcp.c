/* SPDX-License-Identifier: BSD-2-Clause */
/* test_tcp.c - CUnit suite of the TCP dissector: header, every option kind, malformed cases. */
#include <string.h>

#include "ps_test.h"


#define TCP_OFF 34 /* Ethernet 14 + IPv4 20 */

/* Eth + IPv4 + TCP 443 > 5555 SYN-ACK seq 1000 ack 2000 win 29200 cksum 0x1c46,
 * options mss 1460, nop, wscale 7, sackOK, TS 11111/22222, eol + 3 bytes padding (hl 44) */
static const uint8_t syn_ack[78] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x40, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06,
	0x26, 0xb5, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x01, 0xbb,
	0x15, 0xb3, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x07, 0xd0, 0xb0, 0x12,
	0x72, 0x10, 0x1c, 0x46, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x01, 0x03,
	0x03, 0x07, 0x04, 0x02, 0x08, 0x0a, 0x00, 0x00, 0x2b, 0x67, 0x00, 0x00,
	0x56, 0xce, 0x00, 0x00, 0x00, 0x00,
};

/* Eth + IPv4 + TCP ACK seq 2000 ack 3000 win 501, options nop, nop,
 * SACK {3000:4000}{5000:6000}{7000:8000}, kind 99 len 4 (hl 52) */
static const uint8_t sack_ack[86] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x48, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06,
	0x26, 0xad, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x01, 0xbb,
	0x15, 0xb3, 0x00, 0x00, 0x07, 0xd0, 0x00, 0x00, 0x0b, 0xb8, 0xd0, 0x10,
	0x01, 0xf5, 0x1c, 0x46, 0x00, 0x00, 0x01, 0x01, 0x05, 0x1a, 0x00, 0x00,
	0x0b, 0xb8, 0x00, 0x00, 0x0f, 0xa0, 0x00, 0x00, 0x13, 0x88, 0x00, 0x00,
	0x17, 0x70, 0x00, 0x00, 0x1b, 0x58, 0x00, 0x00, 0x1f, 0x40, 0x63, 0x04,
	0xab, 0xcd,
};

/* Eth + IPv4 + TCP PSH-ACK seq 100 ack 200 win 1024 with 10 data bytes */
static const uint8_t data[64] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x32, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06,
	0x26, 0xc3, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x01, 0xbb,
	0x15, 0xb3, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00, 0xc8, 0x50, 0x18,
	0x04, 0x00, 0x1c, 0x46, 0x00, 0x00, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x20,
	0x77, 0x6f, 0x72, 0x6c,
};

/* Eth + IPv4 + TCP FIN-PSH-ACK with 2 data bytes, then 4 bytes of Ethernet padding */
static const uint8_t padded[60] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x2a, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06,
	0x26, 0xcb, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x01, 0xbb,
	0x15, 0xb3, 0x00, 0x00, 0x00, 0x64, 0x00, 0x00, 0x00, 0xc8, 0x50, 0x19,
	0x04, 0x00, 0x1c, 0x46, 0x00, 0x00, 0x68, 0x69, 0x00, 0x00, 0x00, 0x00,
};

/* Eth + IPv6 2001:db8::1 > 2001:db8::2 + TCP SYN 40000 > 80 seq 7 win 65535 */
static const uint8_t syn6[74] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x86, 0xdd, 0x60, 0x00, 0x00, 0x00, 0x00, 0x14, 0x06, 0x40, 0x20, 0x01,
	0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x01, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x9c, 0x40, 0x00, 0x50, 0x00, 0x00,
	0x00, 0x07, 0x00, 0x00, 0x00, 0x00, 0x50, 0x02, 0xff, 0xff, 0x1c, 0x46,
	0x00, 0x00,
};

/* Eth + IPv4 + TCP ACK whose 40 option bytes are all NOPs */
static const uint8_t nops[94] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x50, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06,
	0x26, 0xa5, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x01, 0xbb,
	0x15, 0xb3, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, 0xf0, 0x10,
	0x00, 0x64, 0x1c, 0x46, 0x00, 0x00, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
	0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
	0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
	0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01, 0x01,
};

/* Eth + IPv4 + TCP SYN, options MPTCP MP_CAPABLE v0 (checksums, key 0x0102030405060708),
 * nop, nop, Fast Open cookie request, experiment 0xacc0 */
static const uint8_t mp_syn[74] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06,
	0x26, 0xb9, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x01, 0xbb,
	0x15, 0xb3, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x00, 0xa0, 0x02,
	0x03, 0xe8, 0x1c, 0x46, 0x00, 0x00, 0x1e, 0x0c, 0x00, 0x81, 0x01, 0x02,
	0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x01, 0x01, 0x22, 0x02, 0xfe, 0x04,
	0xac, 0xc0,
};

/* Eth + IPv4 + TCP ACK, option MPTCP DSS: DATA_FIN, data ack 1000, mapping 2000/1/41, csum 0x82f */
static const uint8_t mp_dss[74] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x3c, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06,
	0x26, 0xb9, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x01, 0xbb,
	0x15, 0xb3, 0x00, 0x00, 0x00, 0x0a, 0x00, 0x00, 0x00, 0x14, 0xa0, 0x10,
	0x03, 0xe8, 0x1c, 0x46, 0x00, 0x00, 0x1e, 0x14, 0x20, 0x15, 0x00, 0x00,
	0x03, 0xe8, 0x00, 0x00, 0x07, 0xd0, 0x00, 0x00, 0x00, 0x01, 0x00, 0x29,
	0x08, 0x2f,
};

static struct ps_packet pkt;
static uint8_t buf[256];

/* a copy of `src` with byte `at` set to `v` */
static const uint8_t *patch(const uint8_t *src, size_t n, size_t at, uint8_t v)
{
	memcpy(buf, src, n);
	buf[at] = v;
	return buf;
}

static void test_tcp_syn_ack(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, syn_ack, sizeof syn_ack, sizeof syn_ack);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_EQUAL(pkt.nlayers, 3);
	CU_ASSERT_EQUAL(pkt.layers[2].proto, PS_P_TCP);
	CU_ASSERT_EQUAL(pkt.layers[2].off, TCP_OFF);
	CU_ASSERT_EQUAL(pkt.layers[2].hdr_len, 44);
	CU_ASSERT_EQUAL(pkt.layers[2].u.tcp.nopts, 6);
	ASSERT_FIELD("tcp.sport", "443");
	ASSERT_FIELD("tcp.dport", "5555");
	ASSERT_FIELD("tcp.seq", "1000");
	ASSERT_FIELD("tcp.ack", "2000");
	ASSERT_FIELD("tcp.hl", "44");
	ASSERT_FIELD("tcp.flags", "18");
	ASSERT_FIELD("tcp.flags_str", "S.");
	ASSERT_FIELD("tcp.win", "29200");
	ASSERT_FIELD("tcp.checksum", "7238");
	ASSERT_FIELD("tcp.urg", "0");
	ASSERT_FIELD("tcp.len", "0");
	ASSERT_FIELD("tcp.options.0.kind", "mss");
	ASSERT_FIELD("tcp.options.0.value", "1460");
	ASSERT_FIELD("tcp.options.1.kind", "nop");
	ASSERT_FIELD("tcp.options.2.kind", "ws");
	ASSERT_FIELD("tcp.options.2.value", "7");
	ASSERT_FIELD("tcp.options.3.kind", "sackOK");
	ASSERT_FIELD("tcp.options.4.kind", "ts");
	ASSERT_FIELD("tcp.options.4.val", "11111");
	ASSERT_FIELD("tcp.options.4.ecr", "22222");
	ASSERT_FIELD("tcp.options.5.kind", "eol");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.options.6.kind"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.options.1.len"));
	/* the padding after EOL is neither an option nor payload */
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "payload.len"));
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555: Flags [S.], seq 1000, ack 2000, win 29200, "
		    "options [mss 1460,nop,wscale 7,sackOK,TS val 11111 ecr 22222,eol], length 0");
}

static void test_tcp_sack_unknown(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, sack_ack, sizeof sack_ack, sizeof sack_ack);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("tcp.hl", "52");
	ASSERT_FIELD("tcp.flags_str", ".");
	ASSERT_FIELD("tcp.options.0.kind", "nop");
	ASSERT_FIELD("tcp.options.1.kind", "nop");
	ASSERT_FIELD("tcp.options.2.kind", "sack");
	ASSERT_FIELD("tcp.options.2.blocks.0.0", "3000");
	ASSERT_FIELD("tcp.options.2.blocks.0.1", "4000");
	ASSERT_FIELD("tcp.options.2.blocks.1.0", "5000");
	ASSERT_FIELD("tcp.options.2.blocks.1.1", "6000");
	ASSERT_FIELD("tcp.options.2.blocks.2.0", "7000");
	ASSERT_FIELD("tcp.options.2.blocks.2.1", "8000");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.options.2.blocks.3.0"));
	/* an unknown kind: its number and length */
	ASSERT_FIELD("tcp.options.3.kind", "99");
	ASSERT_FIELD("tcp.options.3.len", "4");
	CU_ASSERT_EQUAL(pkt.layers[2].u.tcp.nsack, 3);
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555: Flags [.], ack 3000, win 501, options "
		    "[nop,nop,sack 3 {3000:4000}{5000:6000}{7000:8000},unknown-99 0xabcd], length 0");
}

static void test_tcp_data(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, data, sizeof data, sizeof data);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("tcp.hl", "20");
	ASSERT_FIELD("tcp.len", "10");
	ASSERT_FIELD("tcp.flags", "24");
	ASSERT_FIELD("tcp.flags_str", "P.");
	ASSERT_FIELD("payload.len", "10");
	CU_ASSERT_EQUAL(pkt.payload_off, TCP_OFF + 20);
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.options"));
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555: Flags [P.], seq 100:110, ack 200, win 1024, "
		    "length 10");
	/* the same segment as raw IP */
	pst_dissect(&pkt, PS_DLT_RAW, data + 14, sizeof data - 14, sizeof data - 14);
	ASSERT_FIELD("tcp.len", "10");
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555: Flags [P.], seq 100:110, ack 200, win 1024, "
		    "length 10");
}

static void test_tcp_padding(void)
{
	/* the IP length, not the frame, says where the segment ends */
	pst_dissect(&pkt, PS_DLT_EN10MB, padded, sizeof padded, sizeof padded);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("tcp.len", "2");
	ASSERT_FIELD("payload.len", "2");
	ASSERT_FIELD("tcp.flags_str", "FP.");
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555: Flags [FP.], seq 100:102, ack 200, win 1024, "
		    "length 2");
}

static void test_tcp_ipv6(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, syn6, sizeof syn6, sizeof syn6);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("tcp.sport", "40000");
	ASSERT_FIELD("tcp.dport", "80");
	ASSERT_FIELD("tcp.seq", "7");
	ASSERT_FIELD("tcp.ack", "0");
	ASSERT_FIELD("tcp.flags_str", "S");
	ASSERT_FIELD("tcp.win", "65535");
	ASSERT_FIELD("tcp.len", "0");
	ASSERT_TEXT("IP6 2001:db8::1.40000 > 2001:db8::2.80: Flags [S], seq 7, win 65535, length 0");
}

static void test_tcp_flags(void)
{
	/* all nine bits, AE (ex-NS) included */
	patch(data, sizeof data, TCP_OFF + 12, 0x51);
	buf[TCP_OFF + 13] = 0xff;
	pst_dissect(&pkt, PS_DLT_EN10MB, buf, sizeof data, sizeof data);
	ASSERT_FIELD("tcp.flags", "511");
	ASSERT_FIELD("tcp.flags_str", "FSRP.UEWe");
	ASSERT_FIELD("tcp.hl", "20");
	/* none */
	patch(data, sizeof data, TCP_OFF + 13, 0);
	pst_dissect(&pkt, PS_DLT_EN10MB, buf, sizeof data, sizeof data);
	ASSERT_FIELD("tcp.flags", "0");
	ASSERT_FIELD("tcp.flags_str", "none");
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555: Flags [none], seq 100:110, win 1024, "
		    "length 10");
	/* URG shows the urgent pointer */
	patch(data, sizeof data, TCP_OFF + 13, 0x30);
	buf[TCP_OFF + 19] = 5;
	pst_dissect(&pkt, PS_DLT_EN10MB, buf, sizeof data, sizeof data);
	ASSERT_FIELD("tcp.urg", "5");
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555: Flags [.U], seq 100:110, ack 200, win 1024, "
		    "urg 5, length 10");
	/* a RST whose data was not captured: no event, the length is the IP's */
	patch(data, sizeof data, TCP_OFF + 13, 0x04);
	pst_dissect(&pkt, PS_DLT_EN10MB, buf, TCP_OFF + 20, sizeof data);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("tcp.len", "10");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "payload.len"));
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555: Flags [R], seq 100:110, win 1024, length 10");
}

static void test_tcp_hlen_too_small(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, patch(data, sizeof data, TCP_OFF + 12, 0x40), sizeof data,
		    sizeof data);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tcp.hlen_too_small"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "tcp.truncated"));
	CU_ASSERT_TRUE(pkt.any_malformed);
	ASSERT_FIELD("tcp.hl", "16");
	ASSERT_FIELD("tcp.urg", "0");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.len"));
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555:  tcp 14 [bad hdr length 16 - too short, < 20]");
	pst_dissect(&pkt, PS_DLT_EN10MB, patch(data, sizeof data, TCP_OFF + 12, 0x00), sizeof data,
		    sizeof data);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tcp.hlen_too_small"));
	ASSERT_FIELD("tcp.hl", "0");
}

static void test_tcp_hlen_exceeds_len(void)
{
	/* data offset 15 (60 bytes) in a 30-byte segment */
	pst_dissect(&pkt, PS_DLT_EN10MB, patch(data, sizeof data, TCP_OFF + 12, 0xf0), sizeof data,
		    sizeof data);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tcp.hlen_exceeds_len"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "tcp.truncated"));
	ASSERT_FIELD("tcp.hl", "60");
	ASSERT_FIELD("tcp.checksum", "7238");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.len"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.options"));
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555: Flags [P.] [bad hdr length 60 - too long, > 30]");
	/* the IP length leaves 16 bytes: not even the fixed header fits */
	patch(data, sizeof data, 17, 36);
	pst_dissect(&pkt, PS_DLT_EN10MB, buf, sizeof data, sizeof data);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tcp.hlen_exceeds_len"));
	CU_ASSERT_FALSE(pst_has_event(&pkt, "tcp.truncated"));
	ASSERT_FIELD("tcp.win", "1024");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.checksum"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.len"));
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555:  [|tcp]");
}

static void test_tcp_option_len_invalid(void)
{
	/* the first option's length byte is 1 */
	pst_dissect(&pkt, PS_DLT_EN10MB, patch(syn_ack, sizeof syn_ack, TCP_OFF + 21, 1),
		    sizeof syn_ack, sizeof syn_ack);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tcp.option_len_invalid"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.options.0.kind"));
	ASSERT_FIELD("tcp.hl", "44");
	ASSERT_FIELD("tcp.len", "0");
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555: Flags [S.], seq 1000, ack 2000, win 29200, "
		    "options [[bad opt]");
	/* wscale's length 1: parsing stops after mss and nop */
	pst_dissect(&pkt, PS_DLT_EN10MB, patch(syn_ack, sizeof syn_ack, TCP_OFF + 26, 1),
		    sizeof syn_ack, sizeof syn_ack);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tcp.option_len_invalid"));
	ASSERT_FIELD("tcp.options.1.kind", "nop");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.options.2.kind"));
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555: Flags [S.], seq 1000, ack 2000, win 29200, "
		    "options [mss 1460,nop,[bad opt]]");
	/* the timestamps option claims 30 bytes: past the data offset */
	pst_dissect(&pkt, PS_DLT_EN10MB, patch(syn_ack, sizeof syn_ack, TCP_OFF + 31, 30),
		    sizeof syn_ack, sizeof syn_ack);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tcp.option_len_invalid"));
	ASSERT_FIELD("tcp.options.3.kind", "sackOK");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.options.4.kind"));
	/* the payload is still located: the data offset is sound */
	pst_dissect(&pkt, PS_DLT_EN10MB, patch(data, sizeof data, TCP_OFF + 12, 0x60), sizeof data,
		    sizeof data);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tcp.option_len_invalid")); /* kind 'h' length 'e' */
	ASSERT_FIELD("tcp.len", "6");
	ASSERT_FIELD("payload.len", "6");
}

static void test_tcp_option_kind_len(void)
{
	/* mss with length 3: listed with its length, no value */
	pst_dissect(&pkt, PS_DLT_EN10MB, patch(syn_ack, sizeof syn_ack, TCP_OFF + 21, 3),
		    sizeof syn_ack, sizeof syn_ack);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tcp.option_len_invalid"));
	ASSERT_FIELD("tcp.options.0.kind", "mss");
	ASSERT_FIELD("tcp.options.0.len", "3");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.options.0.value"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.options.1.kind"));
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555: Flags [S.], seq 1000, ack 2000, win 29200, "
		    "options [mss[bad opt]");
	/* SACK of 2 + 7 bytes is not whole blocks */
	pst_dissect(&pkt, PS_DLT_EN10MB, patch(sack_ack, sizeof sack_ack, TCP_OFF + 23, 9),
		    sizeof sack_ack, sizeof sack_ack);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tcp.option_len_invalid"));
	ASSERT_FIELD("tcp.options.2.kind", "sack");
	ASSERT_FIELD("tcp.options.2.len", "9");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.options.2.blocks.0.0"));
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555: Flags [.], ack 3000, win 501, options "
		    "[nop,nop,sack[bad opt]]");
}

static void test_tcp_option_limit(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, nops, sizeof nops, sizeof nops);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tcp.option_limit"));
	CU_ASSERT_FALSE(pkt.any_truncated);
	CU_ASSERT_EQUAL(pkt.layers[2].u.tcp.nopts, PS_TCP_MAX_OPTS);
	ASSERT_FIELD("tcp.options.15.kind", "nop");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.options.16.kind"));
	ASSERT_FIELD("tcp.len", "0");
}

static void test_tcp_truncated(void)
{
	/* the capture ends inside the timestamps option */
	pst_dissect(&pkt, PS_DLT_EN10MB, syn_ack, TCP_OFF + 32, sizeof syn_ack);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tcp.truncated"));
	CU_ASSERT_TRUE(pkt.layers[2].truncated);
	ASSERT_FIELD("tcp.hl", "44");
	ASSERT_FIELD("tcp.len", "0");
	ASSERT_FIELD("tcp.options.3.kind", "sackOK");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.options.4.kind"));
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555: Flags [S.], seq 1000, ack 2000, win 29200, "
		    "options [mss 1460,nop,wscale 7,sackOK, [|tcp]");
	/* inside the fixed header: the fields that fit */
	pst_dissect(&pkt, PS_DLT_EN10MB, syn_ack, TCP_OFF + 12, sizeof syn_ack);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tcp.truncated"));
	ASSERT_FIELD("tcp.ack", "2000");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.hl"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.len"));
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555:  [|tcp]");
	pst_dissect(&pkt, PS_DLT_EN10MB, syn_ack, TCP_OFF + 13, sizeof syn_ack);
	ASSERT_FIELD("tcp.hl", "44");
	ASSERT_FIELD("tcp.len", "0");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.flags"));
	pst_dissect(&pkt, PS_DLT_EN10MB, syn_ack, TCP_OFF + 3, sizeof syn_ack);
	ASSERT_FIELD("tcp.sport", "443");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.dport"));
	ASSERT_TEXT("IP 10.0.0.1 > 10.0.0.2: [|tcp]");
}

/* syn_ack's headers as an ACK with nop, nop, TS 11111/22222 (the decoder's
 * fast path), then nop, nop, SACK {3000:4000} (its loop) (hl 44) */
static void put_nop_nop_ts(uint8_t f[78])
{
	static const uint8_t opts[24] = {1, 1, 8, 10, 0, 0, 0x2b, 0x67, 0, 0, 0x56, 0xce,
					 1, 1, 5, 10, 0, 0, 0x0b, 0xb8, 0, 0, 0x0f, 0xa0};
	memcpy(f, syn_ack, 54);
	f[TCP_OFF + 13] = 0x10; /* ACK */
	memcpy(f + 54, opts, sizeof opts);
}

static void test_tcp_nop_nop_ts(void)
{
	uint8_t f[78];
	put_nop_nop_ts(f);
	pst_dissect(&pkt, PS_DLT_EN10MB, f, sizeof f, sizeof f);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("tcp.options.0.kind", "nop");
	ASSERT_FIELD("tcp.options.1.kind", "nop");
	ASSERT_FIELD("tcp.options.2.kind", "ts");
	ASSERT_FIELD("tcp.options.2.val", "11111");
	ASSERT_FIELD("tcp.options.2.ecr", "22222");
	ASSERT_FIELD("tcp.options.3.kind", "nop");
	ASSERT_FIELD("tcp.options.5.blocks.0.1", "4000");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "tcp.options.6.kind"));
	CU_ASSERT_EQUAL(pkt.layers[2].u.tcp.nopts, 6);
	CU_ASSERT_EQUAL(pkt.layers[2].u.tcp.nsack, 1);
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555: Flags [.], ack 2000, win 29200, options "
		    "[nop,nop,TS val 11111 ecr 22222,nop,nop,sack 1 {3000:4000}], length 0");
	/* cut anywhere in the options: the loop's truncation, never the fast path's */
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, f, sizeof f, TCP_OFF, "tcp.truncated"), 44);
}

static void test_tcp_sweep(void)
{
	/* every prefix that ends inside the TCP header raises tcp.truncated */
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, syn_ack, sizeof syn_ack, TCP_OFF, "tcp.truncated"),
			44);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, sack_ack, sizeof sack_ack, TCP_OFF,
				  "tcp.truncated"), 52);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, data, sizeof data, TCP_OFF, "tcp.truncated"), 20);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, syn6, sizeof syn6, 54, "tcp.truncated"), 20);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, nops, sizeof nops, TCP_OFF, "tcp.truncated"), 60);
	/* and no prefix crashes, whatever it raises */
	pst_sweep(PS_DLT_EN10MB, syn_ack, sizeof syn_ack, 0, NULL);
}

static void test_tcp_verbose(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, syn_ack, sizeof syn_ack, sizeof syn_ack);
	ASSERT_VTEXT_ENDS(1, "\n    10.0.0.1.443 > 10.0.0.2.5555: Flags [S.], cksum 0x1c46 (incorrect -> "
			     "0x0c7e), seq 1000, ack 2000, win 29200, options [mss 1460,nop,wscale 7,"
			     "sackOK,TS val 11111 ecr 22222,eol], length 0");
	/* with the right checksum */
	patch(syn_ack, sizeof syn_ack, TCP_OFF + 16, 0x0c);
	buf[TCP_OFF + 17] = 0x7e;
	pst_dissect(&pkt, PS_DLT_EN10MB, buf, sizeof syn_ack, sizeof syn_ack);
	ASSERT_VTEXT_ENDS(1, "Flags [S.], cksum 0x0c7e (correct), seq 1000, ack 2000, win 29200, "
			     "options [mss 1460,nop,wscale 7,sackOK,TS val 11111 ecr 22222,eol], "
			     "length 0");
	/* -vv shows the sequence number of a bare ACK */
	pst_dissect(&pkt, PS_DLT_EN10MB, sack_ack, sizeof sack_ack, sizeof sack_ack);
	ASSERT_VTEXT_ENDS(2, "Flags [.], cksum 0x1c46 (incorrect -> 0x58f1), seq 2000, ack 3000, "
			     "win 501, options [nop,nop,sack 3 {3000:4000}{5000:6000}{7000:8000},"
			     "unknown-99 0xabcd], length 0");
	pst_dissect(&pkt, PS_DLT_EN10MB, syn6, sizeof syn6, sizeof syn6);
	ASSERT_VTEXT_ENDS(1, "2001:db8::1.40000 > 2001:db8::2.80: Flags [S], cksum 0x1c46 "
			     "(incorrect -> 0xb7d6), seq 7, win 65535, length 0");
	/* no checksum when the segment was not all captured */
	pst_dissect(&pkt, PS_DLT_EN10MB, data, sizeof data - 1, sizeof data);
	ASSERT_VTEXT_ENDS(1, "Flags [P.], seq 100:110, ack 200, win 1024, length 10");
}

static void test_tcp_other_options(void)
{
	/* kinds the JSON lists by number; the text names them as tcpdump does */
	pst_dissect(&pkt, PS_DLT_EN10MB, mp_syn, sizeof mp_syn, sizeof mp_syn);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("tcp.options.0.kind", "30");
	ASSERT_FIELD("tcp.options.0.len", "12");
	ASSERT_FIELD("tcp.options.3.kind", "34");
	ASSERT_FIELD("tcp.options.3.len", "2");
	ASSERT_FIELD("tcp.options.4.kind", "254");
	ASSERT_FIELD("tcp.options.4.len", "4");
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555: Flags [S], seq 10, win 1000, options [mptcp 12 "
		    "capable v0 csum {0x102030405060708},nop,nop,tfo  cookiereq,exp-acc0], length 0");
	pst_dissect(&pkt, PS_DLT_EN10MB, mp_dss, sizeof mp_dss, sizeof mp_dss);
	ASSERT_FIELD("tcp.options.0.len", "20");
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555: Flags [.], ack 20, win 1000, options [mptcp 20 "
		    "dss fin ack 1000 seq 2000 subseq 1 len 41 csum 0x82f], length 0");
	/* MP_CAPABLE of 12 bytes belongs to a SYN: tcpdump gives up on it */
	patch(mp_syn, sizeof mp_syn, TCP_OFF + 13, 0x10);
	pst_dissect(&pkt, PS_DLT_EN10MB, buf, sizeof mp_syn, sizeof mp_syn);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_TEXT("IP 10.0.0.1.443 > 10.0.0.2.5555: Flags [.], ack 0, win 1000, options [mptcp 12 "
		    "capable[bad opt]");
}

/* The window-scale option's summary the flow stage reads (ps_tcp.wscale):
 * shift + 1, capped at 14 as tshark; 0 without a valid option */
static void test_tcp_wscale_summary(void)
{
	pst_dissect(&pkt, PS_DLT_EN10MB, syn_ack, sizeof syn_ack, sizeof syn_ack);
	CU_ASSERT_EQUAL_FATAL(pkt.layers[2].proto, PS_P_TCP);
	CU_ASSERT_EQUAL(pkt.layers[2].u.tcp.wscale, 8);
	pst_dissect(&pkt, PS_DLT_EN10MB, patch(syn_ack, sizeof syn_ack, TCP_OFF + 27, 15),
		    sizeof syn_ack, sizeof syn_ack);
	CU_ASSERT_EQUAL(pkt.layers[2].u.tcp.wscale, 15); /* shift 15 counts as 14 */
	pst_dissect(&pkt, PS_DLT_EN10MB, patch(syn_ack, sizeof syn_ack, TCP_OFF + 27, 0),
		    sizeof syn_ack, sizeof syn_ack);
	CU_ASSERT_EQUAL(pkt.layers[2].u.tcp.wscale, 1);
	pst_dissect(&pkt, PS_DLT_EN10MB, patch(syn_ack, sizeof syn_ack, TCP_OFF + 26, 1),
		    sizeof syn_ack, sizeof syn_ack); /* its length byte 1: invalid */
	CU_ASSERT_EQUAL(pkt.layers[2].u.tcp.wscale, 0);
	pst_dissect(&pkt, PS_DLT_EN10MB, data, sizeof data, sizeof data);
	CU_ASSERT_EQUAL(pkt.layers[2].u.tcp.wscale, 0);
}

PST_MAIN("tcp", {"wscale_summary", test_tcp_wscale_summary}, {"syn_ack", test_tcp_syn_ack}, {"sack_unknown", test_tcp_sack_unknown},
	 {"data", test_tcp_data}, {"padding", test_tcp_padding}, {"ipv6", test_tcp_ipv6},
	 {"flags", test_tcp_flags}, {"hlen_too_small", test_tcp_hlen_too_small},
	 {"hlen_exceeds_len", test_tcp_hlen_exceeds_len},
	 {"option_len_invalid", test_tcp_option_len_invalid},
	 {"option_kind_len", test_tcp_option_kind_len}, {"option_limit", test_tcp_option_limit},
	 {"truncated", test_tcp_truncated}, {"sweep", test_tcp_sweep},
	 {"nop_nop_ts", test_tcp_nop_nop_ts},
	 {"verbose", test_tcp_verbose}, {"other_options", test_tcp_other_options})
