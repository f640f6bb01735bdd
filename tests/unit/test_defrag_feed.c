/* SPDX-License-Identifier: BSD-2-Clause */
/* test_defrag_feed.c - CUnit suite of IP defragmentation in the packet path
 * (src/reasm/defrag_feed.c, ps_dissect_upper): hand-built Ethernet frames
 * through the dissect driver and the feed, the records read back by their
 * JSON paths. */
#include <stdlib.h>
#include <string.h>

#include "defrag_feed.h"
#include "ps_dfilter.h"
#include "ps_test.h"

/* A DNS query for example.com, id 0xbeef, in a UDP datagram 1234 -> 53:
 * 8 + 29 = 37 bytes, padded to 40 so it splits on 8-byte boundaries. */
static const uint8_t dgram[40] = {
	0x04, 0xd2, 0x00, 0x35, 0x00, 0x25, 0x00, 0x00,             /* UDP, length 37 */
	0xbe, 0xef, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0, 0x00, 0x01, 0x00, 0x01,
	0, 0, 0};

static uint8_t frame[2][128];
static struct ps_packet pkt;
static struct ps_defrag_feed *feed;

/* Ethernet (an 802.1Q tag `vlan` unless 0), IPv4 10.0.0.1 -> 10.0.0.2 id
 * 0x4242 protocol `proto`, fragment at byte `off` of `data` (`len` bytes).
 * Returns the frame's length. */
static uint32_t build(uint8_t *f, uint16_t vlan, uint8_t proto, const uint8_t *data,
		      uint32_t off, uint32_t len, bool more)
{
	static const uint8_t macs[12] = {2, 0, 0, 0, 0, 2, 2, 0, 0, 0, 0, 1};
	uint32_t at = 12;
	memcpy(f, macs, 12);
	if (vlan) {
		const uint8_t tag[4] = {0x81, 0x00, (uint8_t)(vlan >> 8), (uint8_t)vlan};
		memcpy(f + at, tag, 4);
		at += 4;
	}
	f[at++] = 0x08, f[at++] = 0x00;
	uint32_t tot = 20 + len, units = off / 8;
	const uint8_t ip[20] = {0x45, 0, (uint8_t)(tot >> 8), (uint8_t)tot, 0x42, 0x42,
				(uint8_t)((more ? 0x20 : 0) | units >> 8), (uint8_t)units, 64, proto,
				0, 0, 10, 0, 0, 1, 10, 0, 0, 2};
	memcpy(f + at, ip, 20);
	memcpy(f + at + 20, data + off, len);
	return at + 20 + len;
}

static void feed_frame(unsigned k, uint32_t n)
{
	static uint64_t num;
	memset(&pkt, 0, sizeof pkt);
	pkt.n = ++num;
	pkt.ts_sec = 1700000000;
	pkt.caplen = pkt.len = n;
	pkt.linktype = 1; /* EN10MB */
	pkt.data = frame[k];
	ps_dissect(&pkt);
	ps_defrag_feed(feed, &pkt);
}

static void setup(void)
{
	char err[128];
	ps_defrag_feed_free(feed);
	feed = ps_defrag_feed_new(0, err, sizeof err);
	CU_ASSERT_FATAL(feed != NULL);
}

/* The datagram of the IP-in-IP tests: an IPv4 header, then dgram. */
static void make_in(uint8_t in[64])
{
	static const uint8_t ip[20] = {0x45, 0, 0, 60, 0, 1, 0, 0, 64, 17, 0, 0,
				       192, 0, 2, 1, 192, 0, 2, 2};
	memset(in, 0, 64);
	memcpy(in, ip, 20);
	memcpy(in + 20, dgram, 40);
}

/* A first fragment held keeps the header after its IP header (here the
 * tunnelled IPv4 header) but not what its partial payload gave (the inner
 * UDP and DNS): those come from the datagram.  The frame's own view keeps
 * them, for the text. */
static void test_held_first(void)
{
	uint8_t in[64];
	make_in(in);
	setup();
	feed_frame(0, build(frame[0], 0, 4, in, 0, 32, true));
	CU_ASSERT_FALSE(pkt.defrag.on);
	ASSERT_FIELD("ip.inner.ip.src", "192.0.2.1");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "ip.inner.udp.sport"));
	CU_ASSERT_FALSE(pst_has_event_in(&pkt, "ip.inner", "dns.truncated"));
	CU_ASSERT_FATAL(pkt.frame_view != NULL);
	CU_ASSERT_STRING_EQUAL(pst_field(pkt.frame_view, "ip.inner.udp.sport"), "1234");
	CU_ASSERT_TRUE(pst_has_event_in(pkt.frame_view, "ip.inner", "dns.truncated"));
	CU_ASSERT_PTR_NOT_NULL(strstr(pst_text(pkt.frame_view, 0, false), "192.0.2.1.1234 > 192.0.2.2.53"));
	/* a UDP first fragment: UDP stops at its own length, nothing to take away */
	feed_frame(0, build(frame[0], 0, 17, dgram, 0, 24, true));
	ASSERT_FIELD("udp.dport", "53");
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "dns.id"));
	CU_ASSERT_PTR_NULL(pkt.frame_view);
}

/* The last fragment completes the datagram: its own IP header, then the
 * datagram's UDP and DNS, bytes past the frame; its text is the fragment's. */
static void test_complete(void)
{
	setup();
	feed_frame(0, build(frame[0], 0, 17, dgram, 0, 24, true));
	feed_frame(1, build(frame[1], 0, 17, dgram, 24, 16, false));
	CU_ASSERT_TRUE_FATAL(pkt.defrag.on);
	CU_ASSERT_EQUAL(pkt.caplen, 14 + 20 + 16);
	CU_ASSERT_EQUAL(pkt.data_len, pkt.caplen + 40);
	ASSERT_FIELD("ip.frag_off", "3");
	ASSERT_FIELD("ip.len", "36");
	ASSERT_FIELD("ip.reassembled.len", "60");
	ASSERT_FIELD("udp.sport", "1234");
	ASSERT_FIELD("udp.len", "37");
	ASSERT_FIELD("dns.id", "48879");
	ASSERT_FIELD("dns.queries.0.name", "example.com");
	CU_ASSERT_FATAL(pkt.frame_view != NULL);
	CU_ASSERT_PTR_NULL(pst_field(pkt.frame_view, "udp.sport"));
	CU_ASSERT_PTR_NULL(strstr(pst_text(pkt.frame_view, 0, false), "example"));
	CU_ASSERT_EQUAL(feed->table.c.reassembled, 1);
}

/* Last fragment first: the first fragment completes it, and what the frame
 * decoded past its IP header (a partial DNS, its truncation event) is
 * replaced by the datagram's. */
static void test_first_completes(void)
{
	setup();
	feed_frame(1, build(frame[1], 0, 17, dgram, 24, 16, false));
	CU_ASSERT_PTR_NULL(pkt.frame_view); /* nothing past IP to take away */
	feed_frame(0, build(frame[0], 0, 17, dgram, 0, 24, true));
	CU_ASSERT_TRUE_FATAL(pkt.defrag.on);
	ASSERT_FIELD("dns.queries.0.name", "example.com");
	CU_ASSERT_FALSE(pst_has_event(&pkt, "dns.truncated"));
	CU_ASSERT_FALSE(pkt.any_truncated);
	CU_ASSERT_TRUE(pst_has_event(pkt.frame_view, "udp.len_invalid"));
}

/* The VLAN id is part of the key: fragments on two VLANs never meet. */
static void test_vlan_zone(void)
{
	setup();
	feed_frame(0, build(frame[0], 5, 17, dgram, 0, 24, true));
	feed_frame(1, build(frame[1], 6, 17, dgram, 24, 16, false));
	CU_ASSERT_FALSE(pkt.defrag.on);
	feed_frame(1, build(frame[1], 5, 17, dgram, 24, 16, false));
	CU_ASSERT_TRUE(pkt.defrag.on);
	ASSERT_FIELD("vlan.0.id", "5");
	ASSERT_FIELD("dns.id", "48879");
}

/* IP in IP: the datagram's inner IPv4 header nests under the fragment's, as
 * the driver nests it in a whole packet. */
static void test_ip_in_ip(void)
{
	uint8_t in[64];
	make_in(in);
	setup();
	feed_frame(0, build(frame[0], 0, 4, in, 0, 32, true));
	CU_ASSERT_PTR_NULL(pst_field(&pkt, "ip.inner.udp.sport")); /* held: cut after the inner IP */
	feed_frame(1, build(frame[1], 0, 4, in, 32, 32, false));
	CU_ASSERT_TRUE_FATAL(pkt.defrag.on);
	ASSERT_FIELD("ip.inner.ip.src", "192.0.2.1");
	ASSERT_FIELD("ip.inner.udp.sport", "1234");
	ASSERT_FIELD("ip.inner.dns.id", "48879");
}

/* An overlap with different bytes: IPv4 first wins, the event is on the
 * fragment's IP layer, the datagram has the first bytes. */
static void test_overlap_event(void)
{
	uint8_t other[40];
	memcpy(other, dgram, 40);
	other[8] = 0x11; /* the DNS id's first byte, again at offset 8 */
	setup();
	feed_frame(0, build(frame[0], 0, 17, dgram, 0, 24, true));
	feed_frame(1, build(frame[1], 0, 17, other, 8, 32, false));
	CU_ASSERT_TRUE_FATAL(pkt.defrag.on);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "ip.frag_overlap"));
	ASSERT_FIELD("dns.id", "48879");
}

/* Compile expr (must succeed) and match it on pkt. */
static bool df(const char *expr)
{
	struct ps_dfilter *f = 0;
	struct ps_dfilter_err e;
	CU_ASSERT_EQUAL_FATAL(ps_dfilter_compile(expr, &f, &e), 0);
	bool r = ps_dfilter_match(f, &pkt);
	ps_dfilter_free(f);
	return r;
}

/* pkt's -T fields line for udp.srcport and ip.id */
static const char *df_line(void)
{
	static char buf[128];
	static const char *const names[] = {"udp.srcport", "ip.id"};
	struct ps_dfields_opts o = {.separator = '\t', .aggregator = ','};
	struct ps_dfields *d = 0;
	struct ps_dfilter_err e;
	CU_ASSERT_EQUAL_FATAL(ps_dfields_new(names, 2, &o, &d, &e), 0);
	struct ps_out out;
	ps_out_open_mem(&out, buf, sizeof buf);
	ps_dfields_line(d, &pkt, &out);
	ps_out_char(&out, '\0');
	ps_dfields_free(d);
	return buf;
}

/* Issue 11: the display filter sees what tshark, reassembling, dissects.
 * A 2-fragment UDP/DNS datagram: the first fragment (held) shows nothing
 * above IP, though the record keeps its UDP header for the flow table and
 * the JSON; the second carries the datagram's UDP and DNS.  Without the
 * feed (--no-defrag) the first fragment's UDP header is there, and a
 * fragment cut by the snap length (tshark does not reassemble it) too. */
static void test_filter_view(void)
{
	setup();
	feed_frame(0, build(frame[0], 0, 17, dgram, 0, 24, true));
	ASSERT_FIELD("udp.sport", "1234"); /* the record (JSON) keeps it */
	CU_ASSERT_TRUE(pkt.defrag.partial);
	CU_ASSERT_TRUE(df("ip && ip.flags.mf == 1 && ip.id == 0x4242"));
	CU_ASSERT_FALSE(df("udp"));
	CU_ASSERT_FALSE(df("udp.port == 53"));
	CU_ASSERT_FALSE(df("udp contains 04:d2"));
	CU_ASSERT_TRUE(df("!udp && !dns"));
	CU_ASSERT_STRING_EQUAL(df_line(), "\t0x4242\n");
	feed_frame(1, build(frame[1], 0, 17, dgram, 24, 16, false));
	CU_ASSERT_TRUE_FATAL(pkt.defrag.on);
	CU_ASSERT_FALSE(pkt.defrag.partial);
	CU_ASSERT_TRUE(df("udp.port == 53 && dns.id == 0xbeef && dns.qry.name == \"example.com\""));
	CU_ASSERT_STRING_EQUAL(df_line(), "1234\t0x4242\n");

	/* the same first fragment, never fed (--no-defrag) */
	uint32_t n = build(frame[0], 0, 17, dgram, 0, 24, true);
	memset(&pkt, 0, sizeof pkt);
	pkt.caplen = pkt.len = n;
	pkt.linktype = 1;
	pkt.data = frame[0];
	ps_dissect(&pkt);
	CU_ASSERT_FALSE(pkt.defrag.partial);
	CU_ASSERT_TRUE(df("udp.port == 53"));
	/* fed, but cut 4 bytes short: tshark decodes it as it is */
	setup();
	feed_frame(0, n);
	pkt.caplen = n - 4;
	ps_dissect(&pkt);
	ps_defrag_feed(feed, &pkt);
	CU_ASSERT_FALSE(pkt.defrag.partial);
	CU_ASSERT_TRUE(df("udp.port == 53"));
}

static void test_free(void)
{
	ps_defrag_feed_free(feed);
	feed = 0;
	ps_defrag_feed_free(0);
}

PST_MAIN("defrag_feed", {"held first fragment", test_held_first},
	 {"completing fragment", test_complete}, {"first fragment completes", test_first_completes},
	 {"VLAN in the key", test_vlan_zone}, {"IP in IP", test_ip_in_ip},
	 {"overlap", test_overlap_event}, {"display filter's view", test_filter_view},
	 {"free", test_free})
