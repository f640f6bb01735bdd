/* SPDX-License-Identifier: BSD-2-Clause */
/* test_dns.c - CUnit suite of the DNS dissector (DNS, mDNS, LLMNR over UDP
 * and TCP): every field, the text tcpdump -nn prints for the same bytes
 * (checked against tcpdump 4.99 when written), each malformed case with its
 * one event, the probe, and a truncation sweep. */
#include <string.h>

#include "ps_out.h"
#include "ps_test.h"
#include "recorder.h"

/* query 12345, RD: A? example.com */
static const uint8_t q_a[29] = {
	0x30, 0x39, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x07, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d,
	0x00, 0x00, 0x01, 0x00, 0x01,
};
/* response 12345 QR RD RA, 1 question, CNAME + A, SOA, AAAA MX TXT SRV PTR type-65 OPT (ext_rcode 1, DO) */
static const uint8_t resp[253] = {
	0x30, 0x39, 0x81, 0x80, 0x00, 0x01, 0x00, 0x02, 0x00, 0x01, 0x00, 0x07,
	0x07, 0x65, 0x78, 0x61, 0x6d, 0x70, 0x6c, 0x65, 0x03, 0x63, 0x6f, 0x6d,
	0x00, 0x00, 0x01, 0x00, 0x01, 0xc0, 0x0c, 0x00, 0x05, 0x00, 0x01, 0x00,
	0x00, 0x0e, 0x10, 0x00, 0x0f, 0x01, 0x61, 0x07, 0x65, 0x78, 0x61, 0x6d,
	0x70, 0x6c, 0x65, 0x03, 0x6e, 0x65, 0x74, 0x00, 0xc0, 0x29, 0x00, 0x01,
	0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x04, 0xc0, 0x00, 0x02, 0x07,
	0xc0, 0x0c, 0x00, 0x06, 0x00, 0x01, 0x00, 0x00, 0x0e, 0x10, 0x00, 0x27,
	0x03, 0x6e, 0x73, 0x31, 0xc0, 0x0c, 0x0a, 0x68, 0x6f, 0x73, 0x74, 0x6d,
	0x61, 0x73, 0x74, 0x65, 0x72, 0xc0, 0x0c, 0x00, 0x00, 0x00, 0x01, 0x00,
	0x00, 0x00, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, 0x00,
	0x00, 0x00, 0x05, 0xc0, 0x0c, 0x00, 0x1c, 0x00, 0x01, 0x00, 0x00, 0x00,
	0x3c, 0x00, 0x10, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0xc0, 0x0c, 0x00, 0x0f, 0x00,
	0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x09, 0x00, 0x0a, 0x04, 0x6d, 0x61,
	0x69, 0x6c, 0xc0, 0x0c, 0xc0, 0x0c, 0x00, 0x10, 0x00, 0x01, 0x00, 0x00,
	0x00, 0x3c, 0x00, 0x09, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f, 0x02, 0x68,
	0x69, 0xc0, 0x0c, 0x00, 0x21, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00,
	0x08, 0x00, 0x01, 0x00, 0x02, 0x00, 0x35, 0xc0, 0x29, 0xc0, 0x0c, 0x00,
	0x0c, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x02, 0xc0, 0x0c, 0xc0,
	0x0c, 0x00, 0x41, 0x00, 0x01, 0x00, 0x00, 0x00, 0x3c, 0x00, 0x03, 0x01,
	0x02, 0x03, 0x00, 0x00, 0x29, 0x10, 0x00, 0x01, 0x00, 0x80, 0x00, 0x00,
	0x00,
};
/* mDNS query: PTR printer.local, class IN with the QU bit */
static const uint8_t mdns_q[31] = {
	0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x07, 0x70, 0x72, 0x69, 0x6e, 0x74, 0x65, 0x72, 0x05, 0x6c, 0x6f, 0x63,
	0x61, 0x6c, 0x00, 0x00, 0x0c, 0x80, 0x01,
};
/* mDNS response AA: printer.local A 192.168.1.5, cache-flush bit */
static const uint8_t mdns_r[41] = {
	0x00, 0x00, 0x84, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00,
	0x07, 0x70, 0x72, 0x69, 0x6e, 0x74, 0x65, 0x72, 0x05, 0x6c, 0x6f, 0x63,
	0x61, 0x6c, 0x00, 0x00, 0x01, 0x80, 0x01, 0x00, 0x00, 0x00, 0x78, 0x00,
	0x04, 0xc0, 0xa8, 0x01, 0x05,
};
/* LLMNR query 7: A? host */
static const uint8_t llmnr_q[22] = {
	0x00, 0x07, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x04, 0x68, 0x6f, 0x73, 0x74, 0x00, 0x00, 0x01, 0x00, 0x01,
};
/* query 9, RD: A? for a name with the bytes 0x01 and 0xff */
static const uint8_t odd_q[21] = {
	0x00, 0x09, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x03, 0x61, 0x01, 0xff, 0x00, 0x00, 0x01, 0x00, 0x01,
};

static struct ps_packet pkt;
static uint8_t frame[1600];
static uint32_t frame_len;

#define ETH_IP 34 /* Ethernet 14 + IPv4 20 */

/* Ethernet + IPv4 10.0.0.1 > 10.0.0.2 (checksum set) + the carrier header
 * (UDP, or TCP with a 2-byte length prefix when `tcp`), then the message. */
static const uint8_t *wrap(bool tcp, uint16_t sport, uint16_t dport, const uint8_t *msg,
			   uint32_t n)
{
	static const uint8_t eth[14] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1, 0x08, 0x00};
	uint32_t l4 = tcp ? 20u + 2u + n : 8u + n, ip_len = 20u + l4;
	uint8_t *ip = frame + 14, *t = frame + ETH_IP;

	memset(frame, 0, sizeof frame);
	memcpy(frame, eth, sizeof eth);
	ip[0] = 0x45;
	ip[2] = (uint8_t)(ip_len >> 8), ip[3] = (uint8_t)ip_len;
	ip[5] = 1, ip[8] = 64, ip[9] = tcp ? 6 : 17;
	ip[12] = 10, ip[15] = 1, ip[16] = 10, ip[19] = 2;
	uint32_t sum = 0;
	for (unsigned i = 0; i < 20; i += 2)
		sum += (uint32_t)ip[i] << 8 | ip[i + 1];
	sum = (sum >> 16) + (sum & 0xffff);
	sum += sum >> 16;
	ip[10] = (uint8_t)(~sum >> 8), ip[11] = (uint8_t)~sum;
	t[0] = (uint8_t)(sport >> 8), t[1] = (uint8_t)sport;
	t[2] = (uint8_t)(dport >> 8), t[3] = (uint8_t)dport;
	if (tcp) {
		t[4] = 0, t[5] = 0, t[6] = 0x03, t[7] = 0xe8; /* seq 1000 */
		t[10] = 0x07, t[11] = 0xd0;                  /* ack 2000 */
		t[12] = 0x50, t[13] = 0x18, t[14] = 0x02;    /* PSH ACK, win 512 */
		t[20] = (uint8_t)(n >> 8), t[21] = (uint8_t)n;
		memcpy(t + 22, msg, n);
	} else {
		t[4] = (uint8_t)(l4 >> 8), t[5] = (uint8_t)l4;
		memcpy(t + 8, msg, n);
	}
	frame_len = 14u + ip_len;
	return frame;
}

static void dissect_udp(uint16_t sport, uint16_t dport, const uint8_t *msg, uint32_t n)
{
	wrap(false, sport, dport, msg, n);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, frame_len, frame_len);
}

/* the index of the DNS layer, or -1 */
static int dns_layer(void)
{
	return ps_packet_find(&pkt, PS_P_DNS);
}

static void test_dns_query(void)
{
	dissect_udp(40000, 53, q_a, sizeof q_a);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_EQUAL(dns_layer(), 3);
	ASSERT_FIELD("dns.id", "12345");
	ASSERT_FIELD("dns.qr", "false");
	ASSERT_FIELD("dns.opcode", "0");
	ASSERT_FIELD("dns.aa", "false");
	ASSERT_FIELD("dns.tc", "false");
	ASSERT_FIELD("dns.rd", "true");
	ASSERT_FIELD("dns.ra", "false");
	ASSERT_FIELD("dns.ad", "false");
	ASSERT_FIELD("dns.cd", "false");
	ASSERT_FIELD("dns.rcode", "0");
	ASSERT_FIELD("dns.qdcount", "1");
	ASSERT_FIELD("dns.ancount", "0");
	ASSERT_FIELD("dns.nscount", "0");
	ASSERT_FIELD("dns.arcount", "0");
	ASSERT_FIELD("dns.queries.0.name", "example.com");
	ASSERT_FIELD("dns.queries.0.type", "1");
	ASSERT_FIELD("dns.queries.0.class", "1");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dns.answers"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "payload.len"));
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.53: 12345+ A? example.com. (29)");
}

static void test_dns_response(void)
{
	dissect_udp(53, 40000, resp, sizeof resp);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("dns.qr", "true");
	ASSERT_FIELD("dns.rd", "true");
	ASSERT_FIELD("dns.ra", "true");
	ASSERT_FIELD("dns.ancount", "2");
	ASSERT_FIELD("dns.nscount", "1");
	ASSERT_FIELD("dns.arcount", "7");
	ASSERT_FIELD("dns.answers.0.name", "example.com");
	ASSERT_FIELD("dns.answers.0.type", "5");
	ASSERT_FIELD("dns.answers.0.class", "1");
	ASSERT_FIELD("dns.answers.0.ttl", "3600");
	ASSERT_FIELD("dns.answers.0.rdlen", "15");
	ASSERT_FIELD("dns.answers.0.cname", "a.example.net");
	ASSERT_FIELD("dns.answers.1.name", "a.example.net");
	ASSERT_FIELD("dns.answers.1.a", "192.0.2.7");
	ASSERT_FIELD("dns.authorities.0.type", "6");
	ASSERT_FIELD("dns.authorities.0.soa.mname", "ns1.example.com");
	ASSERT_FIELD("dns.authorities.0.soa.rname", "hostmaster.example.com");
	ASSERT_FIELD("dns.authorities.0.soa.serial", "1");
	ASSERT_FIELD("dns.authorities.0.soa.refresh", "2");
	ASSERT_FIELD("dns.authorities.0.soa.retry", "3");
	ASSERT_FIELD("dns.authorities.0.soa.expire", "4");
	ASSERT_FIELD("dns.authorities.0.soa.minimum", "5");
	ASSERT_FIELD("dns.additionals.0.aaaa", "2001:db8::1");
	ASSERT_FIELD("dns.additionals.1.mx.pref", "10");
	ASSERT_FIELD("dns.additionals.1.mx.exchange", "mail.example.com");
	ASSERT_FIELD("dns.additionals.2.txt.0", "hello");
	ASSERT_FIELD("dns.additionals.2.txt.1", "hi");
	ASSERT_FIELD("dns.additionals.3.srv.priority", "1");
	ASSERT_FIELD("dns.additionals.3.srv.weight", "2");
	ASSERT_FIELD("dns.additionals.3.srv.port", "53");
	ASSERT_FIELD("dns.additionals.3.srv.target", "a.example.net");
	ASSERT_FIELD("dns.additionals.4.ptr", "example.com");
	/* an unknown type: its rdlen and nothing else */
	ASSERT_FIELD("dns.additionals.5.type", "65");
	ASSERT_FIELD("dns.additionals.5.rdlen", "3");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dns.additionals.5.a"));
	/* OPT: no class or TTL, the EDNS fields instead */
	ASSERT_FIELD("dns.additionals.6.name", "<Root>");
	ASSERT_FIELD("dns.additionals.6.type", "41");
	ASSERT_FIELD("dns.additionals.6.rdlen", "0");
	ASSERT_FIELD("dns.additionals.6.opt.udp_size", "4096");
	ASSERT_FIELD("dns.additionals.6.opt.ext_rcode", "1");
	ASSERT_FIELD("dns.additionals.6.opt.version", "0");
	ASSERT_FIELD("dns.additionals.6.opt.do", "true");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dns.additionals.6.class"));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dns.additionals.6.ttl"));
	/* the extended RCODE (1 << 4 | 0 = 16) is BADVERS */
	ASSERT_TEXT("IP 10.0.0.1.53 > 10.0.0.2.40000: 12345 BadVers 2/1/7 CNAME a.example.net., "
		    "A 192.0.2.7 (253)");
	ASSERT_VTEXT_ENDS(1, "12345 BadVers 2/1/7 example.com. CNAME a.example.net., "
			     "a.example.net. A 192.0.2.7 (253)");
	ASSERT_VTEXT_ENDS(2, "12345 BadVers q: A? example.com. 2/1/7 example.com. CNAME "
			     "a.example.net., a.example.net. A 192.0.2.7 ns: example.com. SOA "
			     "ns1.example.com. hostmaster.example.com. 1 2 3 4 5 ar: example.com. "
			     "AAAA 2001:db8::1, example.com. MX mail.example.com. 10, example.com. "
			     "TXT \"hello\" \"hi\", example.com. SRV a.example.net.:53 1 2, "
			     "example.com. PTR example.com., example.com. Type65, . OPT "
			     "UDPsize=4096 DO (253)");
	ASSERT_VTEXT_ENDS(3, "example.com. [1h] CNAME a.example.net., a.example.net. [1m] A "
			     "192.0.2.7 ns: example.com. [1h] SOA ns1.example.com. "
			     "hostmaster.example.com. 1 2 3 4 5 ar: example.com. [1m] AAAA "
			     "2001:db8::1, example.com. [1m] MX mail.example.com. 10, example.com. "
			     "[1m] TXT \"hello\" \"hi\", example.com. [1m] SRV a.example.net.:53 1 2, "
			     "example.com. [1m] PTR example.com., example.com. [1m] Type65, . OPT "
			     "UDPsize=4096 DO (253)");
}

/* field spans point at the bytes the TUI highlights */
static void test_dns_spans(void)
{
	dissect_udp(53, 40000, resp, sizeof resp);
	uint32_t msg = ETH_IP + 8;
	struct {
		const char *path;
		uint32_t off, len;
	} want[] = {
		{"dns.id", msg, 2},
		{"dns.queries.0.name", msg + 12, 13},
		{"dns.queries.0.type", msg + 25, 2},
		{"dns.answers.0.name", msg + 29, 2},
		{"dns.answers.0.ttl", msg + 35, 4},
		{"dns.answers.0.cname", msg + 41, 15},
		{"dns.answers.1.a", msg + 68, 4},
	};
	static struct recorder rec;
	recorder_init(&rec);
	ps_emit_packet(&pkt, &rec.emit);
	for (unsigned i = 0; i < sizeof want / sizeof want[0]; i++) {
		const struct rec_row *r = recorder_row(&rec, want[i].path);
		CU_ASSERT_PTR_NOT_NULL(r);
		if (!r)
			continue;
		CU_ASSERT_EQUAL(r->span_off, want[i].off);
		CU_ASSERT_EQUAL(r->span_len, want[i].len);
	}
}

static void test_dns_tcp(void)
{
	wrap(true, 40001, 53, q_a, sizeof q_a);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, frame_len, frame_len);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("dns.id", "12345");
	ASSERT_FIELD("dns.queries.0.name", "example.com");
	ASSERT_TEXT("IP 10.0.0.1.40001 > 10.0.0.2.53: Flags [P.], seq 1000:1031, ack 2000, win 512, "
		    "length 31 12345+ A? example.com. (29)");
	/* a prefix claiming more than the segment holds: what is there is
	 * decoded (reassembly will give the rest), tcpdump calls it invalid */
	frame[ETH_IP + 21] = 40; /* prefix 40, 29 bytes follow */
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, frame_len, frame_len);
	CU_ASSERT_EQUAL(pkt.nevents, 1);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "dns.tcp_partial"));
	ASSERT_FIELD("dns.queries.0.name", "example.com");
	ASSERT_TEXT("IP 10.0.0.1.40001 > 10.0.0.2.53: Flags [P.], seq 1000:1031, ack 2000, win 512, "
		    "length 31 [prefix length(40) != length(29)] (invalid)");
	/* a prefix below the 12 header bytes: not DNS, the segment is payload */
	frame[ETH_IP + 21] = 11;
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, frame_len, frame_len);
	CU_ASSERT_EQUAL(dns_layer(), -1);
	ASSERT_FIELD("payload.len", "31");
}

static void test_dns_mdns(void)
{
	dissect_udp(5353, 5353, mdns_q, sizeof mdns_q);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("dns.queries.0.name", "printer.local");
	ASSERT_FIELD("dns.queries.0.type", "12");
	ASSERT_FIELD("dns.queries.0.class", "1"); /* without the QU bit */
	ASSERT_TEXT("IP 10.0.0.1.5353 > 10.0.0.2.5353: 0 PTR (QU)? printer.local. (31)");
	dissect_udp(5353, 5353, mdns_r, sizeof mdns_r);
	ASSERT_FIELD("dns.aa", "true");
	ASSERT_FIELD("dns.answers.0.class", "1"); /* without the cache-flush bit */
	ASSERT_FIELD("dns.answers.0.a", "192.168.1.5");
	ASSERT_TEXT("IP 10.0.0.1.5353 > 10.0.0.2.5353: 0*- [0q] 1/0/0 (Cache flush) A 192.168.1.5 "
		    "(41)");
	/* the same bytes on port 53: the class keeps its top bit */
	dissect_udp(53, 40000, mdns_r, sizeof mdns_r);
	ASSERT_FIELD("dns.answers.0.class", "32769");
}

/* TCP 5353 is DNS (tshark 4.0's dns dissector, not mdns: the class keeps its
 * top bit; tcpdump prints no DNS there), TCP 5355 is nothing (tshark decodes
 * no LLMNR over TCP) */
static void test_dns_tcp_ports(void)
{
	wrap(true, 5353, 40001, mdns_r, sizeof mdns_r);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, frame_len, frame_len);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("dns.aa", "true");
	ASSERT_FIELD("dns.answers.0.class", "32769");
	ASSERT_FIELD("dns.answers.0.a", "192.168.1.5");
	ASSERT_TEXT("IP 10.0.0.1.5353 > 10.0.0.2.40001: Flags [P.], seq 1000:1043, ack 2000, "
		    "win 512, length 43");
	wrap(true, 40001, 5355, llmnr_q, sizeof llmnr_q);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, frame_len, frame_len);
	CU_ASSERT_EQUAL(dns_layer(), -1);
	ASSERT_FIELD("payload.len", "24");
}

static void test_dns_llmnr(void)
{
	dissect_udp(40002, 5355, llmnr_q, sizeof llmnr_q);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("dns.id", "7");
	ASSERT_FIELD("dns.queries.0.name", "host");
	/* tcpdump has no LLMNR printer */
	ASSERT_TEXT("IP 10.0.0.1.40002 > 10.0.0.2.5355: UDP, length 22");
}

/* label bytes that are not printable: valid JSON (\ddd, U+FFFD), tcpdump's ^A M-^? */
static void test_dns_odd_bytes(void)
{
	dissect_udp(40003, 53, odd_q, sizeof odd_q);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_json(&pkt), "\"name\":\"a\\\\001\\ufffd\""));
	ASSERT_TEXT("IP 10.0.0.1.40003 > 10.0.0.2.53: 9+ A? a^AM-^?. (21)");
	/* well-formed UTF-8 stays (mDNS "Luca’s"); a surrogate's bytes and a
	 * cut sequence are not UTF-8: one U+FFFD each */
	uint8_t m[40];
	memcpy(m, odd_q, 12);
	memcpy(m + 12, "\x0aLuca\xe2\x80\x99s\xed\xa0\x03x\xe2\x80\0\0\1\0\1", 20);
	dissect_udp(40003, 53, m, 32);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	CU_ASSERT_PTR_NOT_NULL(
		strstr(pst_json(&pkt), "\"name\":\"Luca\xe2\x80\x99s\\ufffd\\ufffd.x\\ufffd\\ufffd\""));
	ASSERT_TEXT("IP 10.0.0.1.40003 > 10.0.0.2.53: 9+ A? LucaM-bM-^@M-^YsM-mM- .xM-bM-^@. (32)");
}

/* payloads on DNS ports that cannot be DNS stay payload */
static void test_dns_probe(void)
{
	uint8_t q12[12];
	memset(q12, 'q', sizeof q12); /* opcode 14, counts far too large */
	dissect_udp(53, 5353, q12, sizeof q12);
	CU_ASSERT_EQUAL(dns_layer(), -1);
	ASSERT_FIELD("payload.len", "12");
	ASSERT_TEXT("IP 10.0.0.1.53 > 10.0.0.2.5353: UDP, length 12");
	dissect_udp(40000, 53, q_a, 11); /* shorter than the header */
	CU_ASSERT_EQUAL(dns_layer(), -1);
	uint8_t m[sizeof q_a];
	memcpy(m, q_a, sizeof m);
	m[5] = 2; /* two questions cannot fit in the 17 bytes left */
	m[4] = 1;
	dissect_udp(40000, 53, m, sizeof m);
	CU_ASSERT_EQUAL(dns_layer(), -1);
	memcpy(m, q_a, sizeof m);
	m[2] = 0x18; /* opcode 3 is unassigned */
	dissect_udp(40000, 53, m, sizeof m);
	CU_ASSERT_EQUAL(dns_layer(), -1);
	dissect_udp(40000, 9999, q_a, sizeof q_a); /* not a DNS port */
	CU_ASSERT_EQUAL(dns_layer(), -1);
}

/* Dissect msg on port 53 and check it raised exactly `event`. */
static void expect_one(const uint8_t *msg, uint32_t n, const char *event)
{
	dissect_udp(40000, 53, msg, n);
	CU_ASSERT_EQUAL(dns_layer(), 3);
	CU_ASSERT_EQUAL(pkt.nevents, 1);
	CU_ASSERT_TRUE(pst_has_event(&pkt, event));
	CU_ASSERT_PTR_NOT_NULL(pst_json(&pkt));
	CU_ASSERT_PTR_NOT_NULL(pst_text(&pkt, 2, false));
}

static uint32_t header(uint8_t *m, uint16_t qd, uint16_t an)
{
	memset(m, 0, 12);
	m[0] = 0x12, m[2] = 0x81, m[3] = 0x80;
	m[4] = (uint8_t)(qd >> 8), m[5] = (uint8_t)qd;
	m[6] = (uint8_t)(an >> 8), m[7] = (uint8_t)an;
	return 12;
}

static void test_dns_name_loop(void)
{
	uint8_t m[18];
	uint32_t n = header(m, 1, 0);
	m[n++] = 0xc0, m[n++] = 12; /* the name points at itself */
	m[n++] = 0, m[n++] = 1, m[n++] = 0, m[n++] = 1;
	expect_one(m, n, "dns.name_loop");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dns.queries"));
	ASSERT_FIELD("dns.qdcount", "1");
	/* (tcpdump skips question names at the default level and would print
	 * "4608 0/0/0 (18)"; we stop where decode stopped) */
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.53: 4608 [|domain]");
}

static void test_dns_name_depth(void)
{
	uint8_t m[64];
	uint32_t n = header(m, 1, 0);
	for (unsigned i = 0; i < PS_DNS_MAX_PTRS + 1; i++, n += 2) {
		m[n] = 0xc0; /* each pointer points at the next one */
		m[n + 1] = (uint8_t)(n + 2);
	}
	m[n++] = 0; /* the root, after 17 pointers */
	m[n++] = 0, m[n++] = 1, m[n++] = 0, m[n++] = 1;
	expect_one(m, n, "dns.name_depth_limit");
	/* 16 pointers are followed */
	m[12 + 2 * PS_DNS_MAX_PTRS] = 0;
	dissect_udp(40000, 53, m, n);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
	ASSERT_FIELD("dns.queries.0.name", "<Root>");
}

static void test_dns_name_too_long(void)
{
	uint8_t m[12 + 5 * 64 + 1 + 4];
	uint32_t n = header(m, 1, 0);
	for (unsigned l = 0; l < 5; l++) { /* five 63-byte labels: 321 octets */
		m[n++] = 63;
		memset(m + n, 'x', 63);
		n += 63;
	}
	m[n++] = 0;
	m[n++] = 0, m[n++] = 1, m[n++] = 0, m[n++] = 1;
	expect_one(m, n, "dns.name_too_long");
	/* four labels (257 octets with the root) is still too long; three fit */
	m[12 + 3 * 64] = 0;
	memcpy(m + 12 + 3 * 64 + 1, "\0\1\0\1", 4);
	dissect_udp(40000, 53, m, 12 + 3 * 64 + 5);
	CU_ASSERT_EQUAL(pkt.nevents, 0);
}

static void test_dns_name_bad_label(void)
{
	uint8_t m[20];
	uint32_t n = header(m, 1, 0);
	m[n++] = 0x41; /* extended label type 01 */
	m[n++] = 0;
	m[n++] = 0, m[n++] = 1, m[n++] = 0, m[n++] = 1;
	expect_one(m, n, "dns.name_bad_label");
	n = header(m, 1, 0);
	m[n++] = 0xff, m[n++] = 0xff; /* a pointer past the message */
	m[n++] = 0, m[n++] = 1, m[n++] = 0, m[n++] = 1;
	expect_one(m, n, "dns.name_bad_label");
}

static void test_dns_count_exceeds_len(void)
{
	uint8_t m[sizeof q_a + 4];
	memcpy(m, q_a, sizeof q_a);
	m[7] = 1; /* one answer, of which only the name is there */
	memcpy(m + sizeof q_a, "\xc0\x0c\x00\x01", 4);
	expect_one(m, sizeof m, "dns.count_exceeds_len");
	ASSERT_FIELD("dns.queries.0.name", "example.com");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dns.answers"));
}

static void test_dns_rdlen_exceeds_len(void)
{
	uint8_t m[sizeof q_a + 16];
	memcpy(m, q_a, sizeof q_a);
	m[2] |= 0x80, m[7] = 1; /* a response with one A answer, rdlen 100 */
	memcpy(m + sizeof q_a, "\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x64\xc0\x00\x02\x01",
	       16);
	expect_one(m, sizeof m, "dns.rdlen_exceeds_len");
	/* the fixed fields are kept, not the rdata */
	ASSERT_FIELD("dns.answers.0.rdlen", "100");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dns.answers.0.a"));
	ASSERT_TEXT("IP 10.0.0.1.40000 > 10.0.0.2.53: 12345- 1/0/0 A [|domain]");
}

static void test_dns_rdata_invalid(void)
{
	uint8_t m[sizeof q_a + 17];
	memcpy(m, q_a, sizeof q_a);
	m[2] |= 0x80, m[7] = 1; /* an A answer with 5 bytes of rdata */
	memcpy(m + sizeof q_a,
	       "\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x05\xc0\x00\x02\x01\x09", 17);
	expect_one(m, sizeof m, "dns.rdata_invalid");
	ASSERT_FIELD("dns.answers.0.rdlen", "5");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dns.answers.0.a"));
	/* a CNAME whose name runs past its rdata */
	memcpy(m + sizeof q_a,
	       "\xc0\x0c\x00\x05\x00\x01\x00\x00\x00\x3c\x00\x02\x01\x61\xc0\x0c\x00", 17);
	expect_one(m, sizeof m, "dns.rdata_invalid");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dns.answers.0.cname"));
}

static void test_dns_record_limit(void)
{
	uint8_t m[12 + 5 * (PS_DNS_MAX_Q + 1)];
	uint32_t n = header(m, PS_DNS_MAX_Q + 1, 0);
	for (unsigned i = 0; i <= PS_DNS_MAX_Q; i++, n += 5) /* root, type A, class IN */
		memcpy(m + n, "\0\0\1\0\1", 5);
	expect_one(m, n, "dns.record_limit");
	ASSERT_FIELD("dns.queries.31.name", "<Root>");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dns.queries.32"));
}

/* Every prefix of the response decodes, renders to valid text and JSON,
 * and each one cut inside the message says dns.truncated. */
static void test_dns_truncation_sweep(void)
{
	wrap(false, 53, 40000, resp, sizeof resp);
	uint32_t from = ETH_IP + 8 + 1; /* one byte of the message and more */
	unsigned hits = pst_sweep(PS_DLT_EN10MB, frame, frame_len, from, "dns.truncated");
	CU_ASSERT_EQUAL(hits, frame_len - from);
	CU_ASSERT_EQUAL(pst_sweep(PS_DLT_EN10MB, frame, frame_len, 0, 0) > 0, 1);
	/* the same over TCP */
	wrap(true, 40001, 53, resp, sizeof resp);
	from = ETH_IP + 20 + 2 + 1;
	hits = pst_sweep(PS_DLT_EN10MB, frame, frame_len, from, "dns.truncated");
	CU_ASSERT_EQUAL(hits, frame_len - from);
	/* a response cut in its answers keeps what came before */
	wrap(false, 53, 40000, resp, sizeof resp);
	pst_dissect(&pkt, PS_DLT_EN10MB, frame, ETH_IP + 8 + 60, frame_len);
	ASSERT_FIELD("dns.answers.0.cname", "a.example.net");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dns.answers.1"));
	/* the OPT record (and its extended RCODE) was not captured; tcpdump
	 * marks the cut "[|domain]" */
	ASSERT_TEXT("IP 10.0.0.1.53 > 10.0.0.2.40000: 12345 2/1/7 CNAME a.example.net. [|dns]");
}

/* ps_dns_name's JSON style escapes exactly the control bytes and DEL,
 * wherever they are in a label (the writer tests eight bytes at a time) */
static void test_dns_name_json_escapes(void)
{
	static const uint8_t msg[] = "\x09" "plain-lbl"                   /* 9 plain bytes */
				     "\x12" "abcdefghij\x7f" "klmno\x1f" "p" /* DEL at 10, 0x1f at 16 */
				     "\x0a" " \x80\xff~!\x20\x7e\x21#$"   /* space, high bytes, ~ */
				     "\x08\x01\x02\x03\x04\x05\x06\x07\x08"
				     "\x00";
	char buf[256];
	struct ps_out o;
	uint32_t next = 0;
	ps_out_open_mem(&o, buf, sizeof buf);
	CU_ASSERT_EQUAL(ps_dns_name(msg, 0, sizeof msg - 1, 0, &next, &o, PS_DNS_STYLE_JSON),
			PS_DNS_NAME_GOOD);
	CU_ASSERT_EQUAL(next, sizeof msg - 1);
	CU_ASSERT_STRING_EQUAL(ps_out_cstr(&o), "plain-lbl.abcdefghij\\127klmno\\031p."
						 " \x80\xff~! ~!#$."
						 "\\001\\002\\003\\004\\005\\006\\007\\008");
}

PST_MAIN("dns", {"query", test_dns_query}, {"name_json_escapes", test_dns_name_json_escapes}, {"response", test_dns_response},
	 {"spans", test_dns_spans}, {"tcp", test_dns_tcp}, {"mdns", test_dns_mdns},
	 {"tcp_ports", test_dns_tcp_ports},
	 {"llmnr", test_dns_llmnr}, {"odd_bytes", test_dns_odd_bytes}, {"probe", test_dns_probe},
	 {"name_loop", test_dns_name_loop}, {"name_depth", test_dns_name_depth},
	 {"name_too_long", test_dns_name_too_long}, {"name_bad_label", test_dns_name_bad_label},
	 {"count_exceeds_len", test_dns_count_exceeds_len},
	 {"rdlen_exceeds_len", test_dns_rdlen_exceeds_len},
	 {"rdata_invalid", test_dns_rdata_invalid}, {"record_limit", test_dns_record_limit},
	 {"truncation_sweep", test_dns_truncation_sweep})
