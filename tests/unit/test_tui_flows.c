/* SPDX-License-Identifier: BSD-2-Clause */
/* test_tui_flows.c - the TUI's conversations and follow-stream models
 * without a terminal, on a capture this suite writes: a TCP conversation A
 * (10.0.0.1:1000 <-> 10.0.0.2:80) of many small request/response
 * segments with a retransmission and a partial overlap, a TCP conversation
 * B with few large segments, and a long UDP conversation interleaved.
 * Conversation rows and their sort orders, the filter expression (through
 * the model's display filter), the Stream number in the detail tree, the
 * follow window (paging both ways, both directions, ascii and hex,
 * retransmitted bytes skipped), the row cap; display filters that need the
 * flow table (their scan runs one of its own) and those that do not. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ps_test.h"
#include "tui_filter.h"
#include "tui_keys.h"
#include "tui_model.h"

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

#define NREQ 300u   /* request/response pairs in A */
#define REXMIT 5u   /* request sent twice */
#define PARTIAL 30u /* request sent first cut to 5 bytes, then whole */
#define NBIG 40u    /* segments of B */

static char path[64];
static FILE *fp;
static uint32_t t_sec;
static unsigned npkts, a_pkts, b_pkts, u_pkts;

static void put32(uint8_t *b, uint32_t v) { memcpy(b, &v, 4); } /* host order pcap */

static void be16(uint8_t *b, uint16_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

static void be32(uint8_t *b, uint32_t v)
{
	be16(b, (uint16_t)(v >> 16));
	be16(b + 2, (uint16_t)v);
}

static void record(const uint8_t *f, uint32_t len)
{
	uint8_t h[16];
	put32(h, t_sec);
	put32(h + 4, (npkts * 1000u) % 1000000u);
	put32(h + 8, len);
	put32(h + 12, len);
	fwrite(h, 1, 16, fp);
	fwrite(f, 1, len, fp);
	npkts++;
}

/* Ethernet + IPv4 from 10.0.0.s to 10.0.0.d + a transport header + data. */
static uint32_t ip_frame(uint8_t *f, unsigned s, unsigned d, uint8_t proto, uint32_t thl,
			 uint32_t n)
{
	memset(f, 0, 14 + 20 + thl);
	f[0] = 2, f[6] = 2, f[12] = 0x08;
	uint8_t *ip = f + 14;
	ip[0] = 0x45;
	be16(ip + 2, (uint16_t)(20 + thl + n));
	ip[8] = 64;
	ip[9] = proto;
	ip[12] = 10, ip[15] = (uint8_t)s;
	ip[16] = 10, ip[19] = (uint8_t)d;
	return 14 + 20 + thl + n;
}

static void tcp(unsigned s, unsigned d, uint16_t sp, uint16_t dp, uint32_t seq, uint32_t ack,
		uint8_t flags, const void *data, uint32_t n)
{
	static uint8_t f[2048];
	uint32_t len = ip_frame(f, s, d, 6, 20, n);
	uint8_t *t = f + 34;
	be16(t, sp);
	be16(t + 2, dp);
	be32(t + 4, seq);
	be32(t + 8, ack);
	t[12] = 5 << 4;
	t[13] = flags;
	be16(t + 14, 65535);
	memcpy(t + 20, data, n);
	record(f, len);
}

static void udp(unsigned s, unsigned d, uint16_t sp, uint16_t dp, const char *text)
{
	static uint8_t f[256];
	uint32_t n = (uint32_t)strlen(text), len = ip_frame(f, s, d, 17, 8, n);
	be16(f + 34, sp);
	be16(f + 36, dp);
	be16(f + 38, (uint16_t)(8 + n));
	memcpy(f + 42, text, n);
	record(f, len);
	u_pkts++;
}

enum { SYN = 0x02, ACK = 0x10, PSH = 0x08, FIN = 0x01 };

static void write_capture(void)
{
	snprintf(path, sizeof path, "/tmp/test_tui_flows.%d.pcap", (int)getpid());
	fp = fopen(path, "wb");
	CU_ASSERT_PTR_NOT_NULL_FATAL(fp);
	uint8_t gh[24] = {0};
	put32(gh, 0xa1b2c3d4u);
	gh[4] = 2, gh[6] = 4;
	put32(gh + 16, 65535);
	put32(gh + 20, 1);
	fwrite(gh, 1, 24, fp);
	t_sec = 1000;
	npkts = a_pkts = b_pkts = u_pkts = 0;
	udp(3, 4, 5000, 6000, "first datagram\n"); /* UDP: the longest conversation */
	uint32_t cs = 100, ss = 5000; /* A: client and server ISN */
	tcp(1, 2, 1000, 80, cs, 0, SYN, "", 0);
	tcp(2, 1, 80, 1000, ss, cs + 1, SYN | ACK, "", 0);
	tcp(1, 2, 1000, 80, cs + 1, ss + 1, ACK, "", 0);
	a_pkts = 3;
	uint32_t c = cs + 1, s = ss + 1;
	for (unsigned i = 0; i < NREQ; i++) {
		char q[16], r[16];
		snprintf(q, sizeof q, "line %04u\n", i); /* 10 bytes */
		snprintf(r, sizeof r, "ok %04u\n", i);   /* 8 bytes */
		if (i == PARTIAL) {
			tcp(1, 2, 1000, 80, c, s, ACK | PSH, q, 5);
			a_pkts++;
		}
		tcp(1, 2, 1000, 80, c, s, ACK | PSH, q, 10);
		a_pkts++;
		if (i == REXMIT) {
			tcp(1, 2, 1000, 80, c, s, ACK | PSH, q, 10);
			a_pkts++;
		}
		c += 10;
		tcp(2, 1, 80, 1000, s, c, ACK | PSH, r, 8);
		a_pkts++;
		s += 8;
		if (i % 50 == 0)
			udp(4, 3, 6000, 5000, "reply\n");
	}
	tcp(1, 2, 1000, 80, c, s, FIN | ACK, "", 0);
	tcp(2, 1, 80, 1000, s, c + 1, FIN | ACK, "", 0);
	tcp(1, 2, 1000, 80, c + 1, s + 1, ACK, "", 0);
	a_pkts += 3;
	/* B: few packets, most bytes */
	static uint8_t big[1400];
	memset(big, 'B', sizeof big);
	tcp(5, 6, 2000, 443, 1, 0, SYN, "", 0);
	b_pkts = 1;
	for (unsigned i = 0; i < NBIG; i++, b_pkts++)
		tcp(5, 6, 2000, 443, 2 + i * 1400u, 0, ACK, big, sizeof big);
	t_sec = 1100;
	udp(3, 4, 5000, 6000, "last datagram\n");
	CU_ASSERT_EQUAL(fclose(fp), 0);
}

static struct tui_store *st;
static struct tui_model m;

static bool done(struct tui_model *mm)
{
	return tui_store_state(st) != TUI_ST_LOADING && tui_model_flows_progress(mm) == 1000 &&
	       tui_model_filter_progress(mm) == 1000;
}

static void wait_all(void)
{
	for (int i = 0; i < 10000 && !done(&m); i++)
		tui_sleep_ms(1);
	CU_ASSERT(done(&m));
	tui_model_tick(&m);
}

static void open_file(const char *file, unsigned rows)
{
	char err[256];
	CU_ASSERT_EQUAL_FATAL(tui_store_open_file(&st, file, 0, err, sizeof err), 0);
	CU_ASSERT_EQUAL_FATAL(tui_model_init(&m, st, 0), 0);
	struct ps_flow_cfg cfg;
	ps_flow_cfg_defaults(&cfg);
	CU_ASSERT_EQUAL_FATAL(tui_model_flows_start(&m, &cfg, rows, err, sizeof err), 0);
	wait_all();
	tui_model_resize(&m, 24, 80);
}

static void open_capture(unsigned rows)
{
	write_capture();
	open_file(path, rows);
}

static void close_capture(void)
{
	tui_model_free(&m);
	tui_store_close(st);
	unlink(path);
}

/* The row of the conversation with this client port. */
static const struct tui_conv_row *row_of(const struct tui_convs *c, uint16_t sport)
{
	for (unsigned i = 0; i < c->n; i++)
		if (c->rows[i].sport == sport)
			return &c->rows[i];
	return 0;
}

static void test_tui_flows_conversations(void)
{
	open_capture(1024);
	const struct tui_convs *c = tui_model_convs_lock(&m);
	CU_ASSERT_PTR_NOT_NULL_FATAL(c);
	CU_ASSERT_EQUAL(c->n, 3);
	const struct tui_conv_row *a = row_of(c, 1000), *b = row_of(c, 2000), *u = row_of(c, 5000);
	CU_ASSERT_PTR_NOT_NULL_FATAL(a);
	CU_ASSERT_PTR_NOT_NULL_FATAL(b);
	CU_ASSERT_PTR_NOT_NULL_FATAL(u);
	CU_ASSERT_EQUAL(a->pkts[0] + a->pkts[1], a_pkts);
	CU_ASSERT_EQUAL(a->pkts[1], NREQ + 2); /* SYN-ACK, responses, FIN */
	CU_ASSERT_EQUAL(b->pkts[0], b_pkts);
	CU_ASSERT_EQUAL(b->pkts[1], 0);
	CU_ASSERT_EQUAL(u->pkts[0] + u->pkts[1], u_pkts);
	CU_ASSERT_EQUAL(a->stream, 0);
	CU_ASSERT_EQUAL(b->stream, 1);
	CU_ASSERT_EQUAL(u->stream, 0);
	CU_ASSERT_STRING_EQUAL(a->state, "SF");
	CU_ASSERT_STRING_EQUAL(b->state, "S0");
	char line[512];
	tui_conv_line(a, line, sizeof line);
	CU_ASSERT_NSTRING_EQUAL(line, "TCP      0 10.0.0.1:1000         10.0.0.2:80", 43);
	/* sort orders: A has the most packets, B the most bytes, UDP lasts longest */
	unsigned order[3];
	tui_convs_sorted(c, TUI_CS_PACKETS, order);
	CU_ASSERT_PTR_EQUAL(&c->rows[order[0]], a);
	CU_ASSERT(c->rows[order[1]].pkts[0] + c->rows[order[1]].pkts[1] >=
		  c->rows[order[2]].pkts[0] + c->rows[order[2]].pkts[1]);
	tui_convs_sorted(c, TUI_CS_BYTES, order);
	CU_ASSERT_PTR_EQUAL(&c->rows[order[0]], b);
	CU_ASSERT_PTR_EQUAL(&c->rows[order[1]], a);
	tui_convs_sorted(c, TUI_CS_DURATION, order);
	CU_ASSERT_PTR_EQUAL(&c->rows[order[0]], u);
	char expr[256];
	CU_ASSERT_EQUAL(tui_conv_expr(a, expr, sizeof expr), 0);
	CU_ASSERT_STRING_EQUAL(expr, "bpf:host 10.0.0.1 and host 10.0.0.2 and tcp port 1000 and tcp port 80");
	char small[20];
	CU_ASSERT_EQUAL(tui_conv_expr(a, small, sizeof small), -1); /* does not fit */
	struct tui_conv_row tagged = *a;
	tagged.key.vlan = 7;
	CU_ASSERT_EQUAL(tui_conv_expr(&tagged, small, sizeof small), -1);
	char vexpr[256];
	CU_ASSERT_EQUAL(tui_conv_expr(&tagged, vexpr, sizeof vexpr), 0);
	CU_ASSERT_STRING_EQUAL(vexpr, "bpf:vlan 7 and host 10.0.0.1 and host 10.0.0.2 and tcp port 1000 and tcp port 80");
	char uexpr[256];
	CU_ASSERT_EQUAL(tui_conv_expr(u, uexpr, sizeof uexpr), 0);
	tui_model_convs_unlock(&m);
	/* the expression as the display filter: exactly A's packets */
	char err[256];
	CU_ASSERT_EQUAL_FATAL(tui_model_set_filter(&m, expr, err, sizeof err), 0);
	wait_all();
	CU_ASSERT_EQUAL(m.shown, a_pkts);
	CU_ASSERT_EQUAL(tui_model_pkt_at(&m, 0), 1); /* the SYN, after the first datagram */
	CU_ASSERT_EQUAL_FATAL(tui_model_set_filter(&m, uexpr, err, sizeof err), 0);
	wait_all();
	CU_ASSERT_EQUAL(m.shown, u_pkts);
	/* the detail tree of a packet of B: flow object with stream 1 */
	CU_ASSERT_EQUAL(tui_model_set_filter(&m, "bpf:tcp port 443", err, sizeof err), 0);
	wait_all();
	tui_model_jump(&m, 3);
	tui_model_prepare(&m);
	CU_ASSERT_PTR_NOT_NULL(m.pkt->flow.id);
	CU_ASSERT_EQUAL(m.pkt->flow.stream, 1);
	CU_ASSERT_EQUAL(m.pkt->flow.dir, 0);
	bool seen = false;
	for (unsigned i = 0; i < m.tree->n; i++)
		if (!strcmp(tui_tree_label(m.tree, i), "stream: 1"))
			seen = true;
	CU_ASSERT(seen);
	close_capture();
}

static void test_tui_flows_cap(void)
{
	open_capture(2); /* room for two conversations: the third is counted */
	const struct tui_convs *c = tui_model_convs_lock(&m);
	CU_ASSERT_EQUAL(c->n, 2);
	CU_ASSERT_EQUAL(c->other, b_pkts);
	tui_model_convs_unlock(&m);
	close_capture();
}

/* The expected lines of A in ascii mode, in order. */
static unsigned expected(char (*out)[16], unsigned max)
{
	unsigned n = 0;
	for (unsigned i = 0; i < NREQ && n + 3 <= max; i++) {
		if (i == PARTIAL) {
			snprintf(out[n++], 16, "> line ");
			snprintf(out[n++], 16, "> %04u", i); /* only the new bytes of the resend */
		} else {
			snprintf(out[n++], 16, "> line %04u", i);
		}
		snprintf(out[n++], 16, "< ok %04u", i);
	}
	return n;
}

static void test_tui_flows_follow(void)
{
	open_capture(1024);
	struct tui_conv_row a;
	const struct tui_convs *c = tui_model_convs_lock(&m);
	a = *row_of(c, 1000);
	struct tui_conv_row u = *row_of(c, 5000);
	tui_model_convs_unlock(&m);
	static char want[2 * NREQ + 4][16];
	unsigned nwant = expected(want, 2 * NREQ + 4);
	struct tui_follow f;
	CU_ASSERT_EQUAL_FATAL(tui_follow_open(&f, st, &a, false, 78), 0);
	const unsigned rows = 21;
	char t[1024];
	/* page down through the whole stream: every line once, in order */
	tui_follow_fill(&f, 0, rows);
	unsigned got = 0, bad = 0;
	for (unsigned page = 0; page < 100; page++) {
		for (unsigned i = 0; i < f.nwin; i++) {
			tui_follow_text(&f, &f.win[i], t, sizeof t);
			if (f.top + i >= nwant || strcmp(t, want[f.top + i]))
				bad++;
			got = (unsigned)(f.top + i + 1);
		}
		uint64_t top = f.top;
		tui_follow_scroll(&f, rows, rows);
		if (f.top == top)
			break;
	}
	CU_ASSERT_EQUAL(bad, 0);
	CU_ASSERT_EQUAL(got, nwant);
	CU_ASSERT(f.end_known);
	CU_ASSERT_EQUAL(f.total, nwant);
	CU_ASSERT(f.nck > 1 && f.nck <= TUI_FOLLOW_CK); /* checkpoints, not the stream */
	/* and back up, one line at a time near the retransmission */
	tui_follow_fill(&f, 2 * REXMIT + 6, rows);
	for (int k = 0; k < 8; k++) {
		tui_follow_scroll(&f, -1, rows);
		tui_follow_text(&f, &f.win[0], t, sizeof t);
		CU_ASSERT_STRING_EQUAL(t, want[f.top]);
	}
	/* the retransmitted request shows once: line 2*REXMIT, then its response */
	tui_follow_fill(&f, 2 * REXMIT, 3);
	CU_ASSERT(f.retrans > 0);
	tui_follow_text(&f, &f.win[0], t, sizeof t);
	CU_ASSERT_STRING_EQUAL(t, "> line 0005");
	tui_follow_text(&f, &f.win[1], t, sizeof t);
	CU_ASSERT_STRING_EQUAL(t, "< ok 0005");
	CU_ASSERT_EQUAL(f.win[1].dir, 1);
	/* End and Home */
	tui_follow_home(&f, true, rows);
	CU_ASSERT_EQUAL(f.top, nwant - rows);
	tui_follow_text(&f, &f.win[f.nwin - 1], t, sizeof t);
	CU_ASSERT_STRING_EQUAL(t, want[nwant - 1]);
	tui_follow_home(&f, false, rows);
	CU_ASSERT_EQUAL(f.top, 0);
	/* hex: 16 bytes a line with the direction's offsets; the position stays */
	tui_follow_fill(&f, 4, rows); /* "> line 0002" */
	tui_follow_set_mode(&f, true, 78, rows);
	tui_follow_text(&f, &f.win[0], t, sizeof t);
	CU_ASSERT_STRING_EQUAL(t, "> 00000014  6c 69 6e 65 20 30 30 30  32 0a                    line 0002.");
	tui_follow_close(&f);
	/* UDP: every datagram, both directions */
	CU_ASSERT_EQUAL_FATAL(tui_follow_open(&f, st, &u, false, 78), 0);
	tui_follow_home(&f, true, rows);
	CU_ASSERT_EQUAL(f.total, u_pkts);
	tui_follow_fill(&f, 0, 2);
	tui_follow_text(&f, &f.win[0], t, sizeof t);
	CU_ASSERT_STRING_EQUAL(t, "> first datagram");
	tui_follow_text(&f, &f.win[1], t, sizeof t);
	CU_ASSERT_STRING_EQUAL(t, "< reply");
	tui_follow_close(&f);
	close_capture();
}

/* On demo.pcap (IPv4 and IPv6, TCP, UDP, ICMP, fragments): every TCP/UDP
 * row's filter expression, as the display filter, shows exactly the row's
 * packets; the tree's stream is the row's. */
static void test_tui_flows_demo(void)
{
	open_file(TOP_SRCDIR "/samples/demo.pcap", 1024);
	const struct tui_convs *c = tui_model_convs_lock(&m);
	unsigned n = c->n, checked = 0;
	static struct tui_conv_row rows[64];
	CU_ASSERT_FATAL(n <= 64);
	memcpy(rows, c->rows, n * sizeof *rows);
	tui_model_convs_unlock(&m);
	for (unsigned i = 0; i < n; i++) {
		if (rows[i].kind != PS_FK_TCP && rows[i].kind != PS_FK_UDP)
			continue;
		char expr[256], err[256];
		CU_ASSERT_EQUAL(tui_conv_expr(&rows[i], expr, sizeof expr), 0);
		CU_ASSERT_EQUAL_FATAL(tui_model_set_filter(&m, expr, err, sizeof err), 0);
		wait_all();
		CU_ASSERT_EQUAL(m.shown, rows[i].pkts[0] + rows[i].pkts[1]);
		tui_model_jump(&m, TUI_NONE);
		tui_model_prepare(&m);
		CU_ASSERT_EQUAL(m.pkt->flow.stream, rows[i].stream);
		checked++;
	}
	CU_ASSERT_EQUAL(checked, 4); /* two TCP, two UDP */
	tui_model_free(&m);
	tui_store_close(st);
}

/* Which filters need the flow table: its note, and the layers its stream
 * decoders write; the others keep the fast path (no flow table). */
static void test_tui_flows_filter_needs(void)
{
	static const char *const flow[] = {
		"tcp.stream == 1", "udp.stream", "tcp.seq == 1", "tcp.analysis.retransmission",
		"ip.ttl == 64 || tcp.analysis.flags", "tls", "!http",
		"tls.handshake.extensions_server_name contains \"x\"", "http.host", "quic",
		"dns.qry.name contains \"x\"", "dns"}; /* DNS over TCP: from the stream */
	static const char *const fast[] = {"tcp", "tcp.len > 0", "ip.addr == 10.0.0.1",
					   "udp.port == 53", "tcp.seq_raw == 1", "frame.number < 5"};
	char err[256];
	struct tui_filter *f;
	for (unsigned i = 0; i < sizeof flow / sizeof *flow; i++) {
		CU_ASSERT_EQUAL_FATAL(tui_filter_new(&f, flow[i], 1, err, sizeof err), 0);
		CU_ASSERT_PTR_NOT_NULL(tui_filter_flow_field(f));
		tui_filter_free(f);
	}
	for (unsigned i = 0; i < sizeof fast / sizeof *fast; i++) {
		CU_ASSERT_EQUAL_FATAL(tui_filter_new(&f, fast[i], 1, err, sizeof err), 0);
		CU_ASSERT_PTR_NULL(tui_filter_flow_field(f));
		tui_filter_free(f);
	}
	CU_ASSERT_EQUAL_FATAL(tui_filter_new(&f, "bpf:tcp", 1, err, sizeof err), 0);
	CU_ASSERT_PTR_NULL(tui_filter_flow_field(f));
	tui_filter_free(f);
}

static void filter_shows(const char *expr, uint64_t want)
{
	char err[256];
	CU_ASSERT_EQUAL_FATAL(tui_model_set_filter(&m, expr, err, sizeof err), 0);
	wait_all();
	CU_ASSERT_EQUAL(m.shown, want);
	CU_ASSERT(m.shown_final); /* the status bar shows it without a percentage */
}

/* Flow fields as the display filter: the scan's own flow table numbers the
 * streams as tshark (UDP first, then A, then B) and finds A's
 * retransmission (frame 17, request 5 sent again: tshark -Y agrees); with --no-flows the
 * fields are absent, as `pktscope --no-flows -Y` has them. */
static void test_tui_flows_filter(void)
{
	open_capture(1024);
	filter_shows("tcp.stream == 0", a_pkts);
	filter_shows("tcp.stream == 1", b_pkts);
	filter_shows("udp.stream == 0", u_pkts);
	filter_shows("tcp.stream == 0 && udp", 0);
	/* tshark 4.0 on this capture: 1 (the partial resend brings new bytes) */
	filter_shows("tcp.analysis.retransmission", 1);
	CU_ASSERT_EQUAL(tui_model_pkt_at(&m, 0), 16);
	/* a second filter gets a fresh table: the same answer again */
	filter_shows("tcp.analysis.retransmission && tcp.stream == 0", 1);
	/* the detail tree of the retransmission: relative numbers, the event */
	tui_model_jump(&m, 0);
	tui_model_prepare(&m);
	CU_ASSERT_EQUAL(m.pkt->n, 17);
	bool rel = false, ev = false;
	for (unsigned i = 0; i < m.tree->n; i++) {
		rel |= !strcmp(tui_tree_label(m.tree, i), "seq_rel: 51");
		ev |= strstr(tui_tree_label(m.tree, i), "tcp.retransmission") != 0;
	}
	CU_ASSERT(rel);
	CU_ASSERT(ev);
	m.stage.flow = 0; /* --no-flows */
	filter_shows("tcp.stream == 0", 0);
	filter_shows("tcp", a_pkts + b_pkts);
	close_capture();
}

/* demo.pcap's two fragmented ICMP echo datagrams: with defragmentation
 * the frame completing each carries the datagram's ICMP layer and the
 * first fragment shows nothing above IP, as tshark's reassembly has it;
 * with --no-defrag the first fragment shows its ICMP header.  `icmp` is 7
 * both ways (other frames); the fragments tell them apart (the counts of
 * `pktscope [--no-defrag] -r demo.pcap -Y` and tshark [-o
 * ip.defragment:FALSE]). */
static void test_tui_flows_filter_defrag(void)
{
	open_file(TOP_SRCDIR "/samples/demo.pcap", 1024);
	filter_shows("icmp", 7);
	filter_shows("icmp && ip.flags.mf == 1", 0);
	filter_shows("icmp && ip.frag_offset > 0", 2);
	m.stage.defrag = false; /* --no-defrag */
	filter_shows("icmp", 7);
	filter_shows("icmp && ip.flags.mf == 1", 2);
	filter_shows("icmp && ip.frag_offset > 0", 0);
	tui_model_free(&m);
	tui_store_close(st);
}

/* The detail tree's flow note of every packet equals what the flow table
 * gives that packet in a pass over the whole capture (as pktscope -r F
 * --json has it): stream, direction, tshark's relative tcp.seq/tcp.ack,
 * tcp.analysis flags. */
static void test_tui_flows_tree_note(void)
{
	open_capture(1024);
	char err[256];
	struct ps_flow_cfg cfg;
	ps_flow_cfg_defaults(&cfg);
	struct ps_flow_table *ft = ps_flow_table_new(&cfg, 0, 0, err, sizeof err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(ft);
	static struct ps_packet ref;
	static uint8_t buf[2048];
	unsigned rel = 0, anl = 0;
	for (uint64_t i = 0; i < m.total; i++) {
		struct tui_rec r;
		CU_ASSERT_EQUAL_FATAL(tui_store_read(st, i, &r, buf, sizeof buf), 0);
		tui_packet_load(&ref, i, &r, buf, 0);
		ps_flow_packet(ft, &ref);
		tui_model_jump(&m, i);
		tui_model_prepare(&m);
		const struct ps_flow_note *a = &m.pkt->flow, *b = &ref.flow;
		CU_ASSERT_EQUAL_FATAL(m.pkt->n, i + 1);
		CU_ASSERT_EQUAL(a->stream, b->stream);
		CU_ASSERT_EQUAL(a->dir, b->dir);
		CU_ASSERT_EQUAL(a->tcp_layer, b->tcp_layer);
		CU_ASSERT_EQUAL(a->tcp_analysis, b->tcp_analysis);
		if (b->tcp_layer >= 0) {
			CU_ASSERT_EQUAL(a->seq_rel, b->seq_rel);
			CU_ASSERT_EQUAL(a->ack_rel, b->ack_rel);
			rel++;
		}
		anl += b->tcp_analysis != 0;
	}
	CU_ASSERT_EQUAL(rel, a_pkts + b_pkts);
	CU_ASSERT(anl > 0);
	ps_flow_table_free(ft);
	close_capture();
}

/* The keys: c, 2 (bytes), j, Enter filters to A; F follows; x hex; q back. */
static void test_tui_flows_keys(void)
{
	open_capture(1024);
	CU_ASSERT_EQUAL(tui_key_dispatch(&m, 'c'), TUI_R_REDRAW);
	CU_ASSERT_EQUAL(m.screen, TUI_SCR_CONV);
	tui_key_dispatch(&m, '2'); /* by bytes: B, A, UDP */
	CU_ASSERT_EQUAL(m.conv_sort, TUI_CS_BYTES);
	tui_key_dispatch(&m, 'j');
	tui_key_dispatch(&m, 'j');
	tui_key_dispatch(&m, 'j'); /* clamped to the last row */
	CU_ASSERT_EQUAL(m.conv_sel, 2);
	tui_key_dispatch(&m, 'k');
	CU_ASSERT_EQUAL(tui_key_dispatch(&m, '\r'), TUI_R_REDRAW);
	CU_ASSERT_EQUAL(m.screen, TUI_SCR_MAIN);
	CU_ASSERT_STRING_EQUAL(tui_model_filter(&m),
			       "bpf:host 10.0.0.1 and host 10.0.0.2 and tcp port 1000 and tcp port 80");
	wait_all();
	CU_ASSERT_EQUAL(m.shown, a_pkts);
	tui_model_jump(&m, 5); /* a request */
	tui_model_prepare(&m);
	tui_key_dispatch(&m, 'F');
	CU_ASSERT_EQUAL_FATAL(m.screen, TUI_SCR_FOLLOW);
	CU_ASSERT_PTR_NOT_NULL_FATAL(m.fol);
	CU_ASSERT_EQUAL(m.fol->conv.sport, 1000);
	CU_ASSERT_EQUAL(m.fol->nwin, tui_follow_rows(&m));
	tui_key_dispatch(&m, 'x');
	CU_ASSERT(m.fol->hex);
	tui_key_dispatch(&m, 'G');
	CU_ASSERT(m.fol->end_known);
	CU_ASSERT_EQUAL(m.fol->top + m.fol->nwin, m.fol->total);
	tui_key_dispatch(&m, 'q');
	CU_ASSERT_EQUAL(m.screen, TUI_SCR_MAIN);
	CU_ASSERT_PTR_NULL(m.fol);
	tui_key_dispatch(&m, 'C'); /* collapse every layer moved from c to C */
	close_capture();
}

PST_MAIN("tui_flows", {"filter_needs", test_tui_flows_filter_needs},
	 {"filter", test_tui_flows_filter}, {"filter_defrag", test_tui_flows_filter_defrag},
	 {"tree_note", test_tui_flows_tree_note}, {"keys", test_tui_flows_keys}, {"demo", test_tui_flows_demo}, {"conversations", test_tui_flows_conversations},
	 {"cap", test_tui_flows_cap}, {"follow", test_tui_flows_follow})
