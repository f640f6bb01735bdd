/* SPDX-License-Identifier: BSD-2-Clause */
/* test_tui_stats.c - statistics of the TUI: protocol hierarchy, conversations
 * and packets per second on samples/demo.pcap (figures as tshark -z conv
 * reports them), and the bounds of every table. */
#include <stdio.h>
#include <string.h>

#include "ps_test.h"
#include "tui_model.h"

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

static struct tui_stats s;
static struct ps_packet pkt;

static void load_demo(void)
{
	char err[256];
	struct tui_store *st = 0;
	static uint8_t buf[TUI_FRAME_MAX];
	CU_ASSERT_EQUAL_FATAL(tui_store_open_file(&st, TOP_SRCDIR "/samples/demo.pcap", 0, err,
						  sizeof err), 0);
	for (int i = 0; i < 5000 && tui_store_state(st) == TUI_ST_LOADING; i++)
		tui_sleep_ms(1);
	CU_ASSERT_EQUAL_FATAL(tui_stats_init(&s), 0);
	for (uint64_t i = 0; i < tui_store_count(st); i++) {
		struct tui_rec r;
		CU_ASSERT_EQUAL_FATAL(tui_store_read(st, i, &r, buf, sizeof buf), 0);
		tui_packet_load(&pkt, i, &r, buf, 0);
		tui_stats_add(&s, &pkt);
	}
	tui_store_close(st);
}

static const struct tui_hier *node(unsigned i)
{
	return &s.hier[i];
}

static void test_tui_stats_hierarchy(void)
{
	load_demo();
	CU_ASSERT_EQUAL(s.packets, 56);
	CU_ASSERT_EQUAL(s.bytes, 8440); /* capinfos: data size */
	CU_ASSERT_EQUAL(s.malformed, 0);
	unsigned order[TUI_HIER_MAX];
	unsigned n = tui_stats_hier_order(&s, order, TUI_HIER_MAX);
	CU_ASSERT_EQUAL_FATAL(n, 9);
	/* ETH 56 > IPv6 29 (ICMPv6 18, TCP 11) > IPv4 25 (TCP 11, ICMP 7, UDP 5) > ARP 2 */
	static const struct { unsigned proto, depth; uint64_t pkts; } want[9] = {
		{PS_P_ETH, 0, 56}, {PS_P_IPV6, 1, 29}, {PS_P_ICMPV6, 2, 18},
		{PS_P_TCP, 2, 11}, {PS_P_IPV4, 1, 25}, {PS_P_TCP, 2, 11},
		{PS_P_ICMP, 2, 7}, {PS_P_UDP, 2, 5},   {PS_P_ARP, 1, 2},
	};
	for (unsigned i = 0; i < n; i++) {
		CU_ASSERT_EQUAL(node(order[i])->proto, want[i].proto);
		CU_ASSERT_EQUAL(node(order[i])->depth, want[i].depth);
		CU_ASSERT_EQUAL(node(order[i])->pkts, want[i].pkts);
	}
	CU_ASSERT_EQUAL(node(order[0])->bytes, 8440);
	CU_ASSERT_STRING_EQUAL(tui_proto_name(PS_P_ICMPV6), "ICMPv6");
	tui_stats_free(&s);
}

static void test_tui_stats_conversations(void)
{
	load_demo();
	const struct tui_conv *top[4];
	CU_ASSERT_EQUAL_FATAL(tui_stats_top(&s, top, 4), 4);
	/* tshark -z conv,ipv4: 192.0.2.1 <-> 192.0.2.2, 25 frames, 5664 bytes */
	static const uint8_t a4[4] = {192, 0, 2, 1}, b4[4] = {192, 0, 2, 2};
	CU_ASSERT_EQUAL(top[0]->fam, TUI_CONV_IPV4);
	CU_ASSERT_EQUAL(memcmp(top[0]->a, a4, 4), 0);
	CU_ASSERT_EQUAL(memcmp(top[0]->b, b4, 4), 0);
	CU_ASSERT_EQUAL(top[0]->pkts, 25);
	CU_ASSERT_EQUAL(top[0]->bytes, 5664);
	/* tshark -z conv,ipv6: 2001:db8::1 <-> 2001:db8::2, 16 frames, 1550 bytes */
	CU_ASSERT_EQUAL(top[1]->fam, TUI_CONV_IPV6);
	CU_ASSERT_EQUAL(top[1]->pkts, 16);
	CU_ASSERT_EQUAL(top[1]->bytes, 1550);
	CU_ASSERT(top[2]->bytes <= top[1]->bytes && top[3]->bytes <= top[2]->bytes);
	/* ARP has no IP addresses: its two frames are Ethernet conversations */
	unsigned link = 0;
	uint64_t total = 0;
	for (unsigned i = 0; i < TUI_CONV_SLOTS; i++) {
		link += s.conv[i].fam == TUI_CONV_LINK;
		total += s.conv[i].pkts;
	}
	CU_ASSERT_EQUAL(link, 2);
	CU_ASSERT_EQUAL(total, 56);
	CU_ASSERT_EQUAL(s.conv_other_pkts, 0);
	tui_stats_free(&s);
}

static void test_tui_stats_pps(void)
{
	load_demo();
	uint32_t v[20];
	tui_stats_pps(&s, v, 20);
	uint64_t sum = 0;
	for (unsigned i = 0; i < 20; i++)
		sum += v[i];
	CU_ASSERT_EQUAL(sum, 56); /* the capture spans 13.4 s */
	CU_ASSERT(v[19] > 0);     /* the last second holds the newest packet */
	tui_stats_free(&s);
}

static void ipv4_packet(struct ps_packet *p, uint32_t src, uint32_t dst, int64_t sec)
{
	memset(p, 0, sizeof *p);
	p->len = 100;
	p->ts_sec = sec;
	p->nlayers = 1;
	p->layers[0].proto = PS_P_IPV4;
	p->layers[0].parent = -1;
	p->layers[0].hdr_len = 20;
	p->layers[0].u.ipv4.version = 4;
	for (int i = 0; i < 4; i++) {
		p->layers[0].u.ipv4.src[i] = (uint8_t)(src >> (24 - 8 * i));
		p->layers[0].u.ipv4.dst[i] = (uint8_t)(dst >> (24 - 8 * i));
	}
}

/* Tables have fixed sizes: what does not fit is counted, not stored. */
static void test_tui_stats_bounds(void)
{
	CU_ASSERT_EQUAL_FATAL(tui_stats_init(&s), 0);
	for (uint32_t i = 0; i < 10000; i++) {
		ipv4_packet(&pkt, 0x0a000001, 0x0b000000 + i, 1000);
		tui_stats_add(&s, &pkt);
		ipv4_packet(&pkt, 0x0b000000 + i, 0x0a000001, 1000); /* reverse: same conversation */
		tui_stats_add(&s, &pkt);
	}
	CU_ASSERT_EQUAL(s.nconv, TUI_CONV_SLOTS / 4 * 3);
	CU_ASSERT_EQUAL(s.conv_other_pkts, 2 * (10000 - TUI_CONV_SLOTS / 4 * 3));
	const struct tui_conv *top[1];
	CU_ASSERT_EQUAL(tui_stats_top(&s, top, 1), 1);
	CU_ASSERT_EQUAL(top[0]->pkts, 2);
	/* hierarchy: the two-layer paths of 11 protocols are 132 nodes */
	for (unsigned a = 1; a < PS_P__COUNT; a++)
		for (unsigned b = 1; b < PS_P__COUNT; b++) {
			memset(&pkt, 0, sizeof pkt);
			pkt.nlayers = 2;
			pkt.layers[0] = (struct ps_layer){.proto = (uint8_t)a, .parent = -1};
			pkt.layers[1] = (struct ps_layer){.proto = (uint8_t)b, .parent = -1};
			tui_stats_add(&s, &pkt);
		}
	CU_ASSERT_EQUAL(s.nhier, TUI_HIER_MAX);
	CU_ASSERT(s.hier_other > 0);
	/* a time stamp far behind the newest is outside the history */
	ipv4_packet(&pkt, 1, 2, 1000 + 10 * TUI_PPS_HIST);
	tui_stats_add(&s, &pkt);
	uint32_t v[TUI_PPS_HIST];
	tui_stats_pps(&s, v, TUI_PPS_HIST);
	uint64_t sum = 0;
	for (unsigned i = 0; i < TUI_PPS_HIST; i++)
		sum += v[i];
	CU_ASSERT_EQUAL(sum, 1);
	tui_stats_free(&s);
}

PST_MAIN("tui_stats", {"hierarchy", test_tui_stats_hierarchy},
	 {"conversations", test_tui_stats_conversations}, {"pps", test_tui_stats_pps},
	 {"bounds", test_tui_stats_bounds})
