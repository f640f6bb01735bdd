/* SPDX-License-Identifier: BSD-2-Clause */
/* test_flow.c - CUnit suite of the flow table: Community ID vectors, TCP
 * state and history, relative numbers (tshark's and tcpdump's), idle and
 * closed timeouts, eviction at the memory cap, stream numbering, -z tables
 * of several tables merged (live --workers), the follow records of
 * released out-of-order segments, the Community ID, the sequence analysis,
 * the history and the counters left out when the configuration says
 * nothing reads them. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "dis_tcp.h"
#include "ps_flow.h"
#include "ps_follow.h"
#include "ps_test.h"
#include "ps_zstats.h"

/* ---- frame builder: raw IPv4 (DLT_RAW) + TCP/UDP/ICMP, checksums zero ---- */
struct pk {
	const char *src, *dst;
	uint16_t sport, dport; /* ICMP: type, code */
	uint8_t proto;
	uint16_t flags;
	uint32_t seq, ack;
	uint16_t win, len, id; /* payload bytes; ICMP echo id */
	double ts;
};

static uint32_t build(const struct pk *k, uint8_t *b)
{
	uint32_t th = k->proto == 6 ? 20 : 8, n = 20 + th + k->len;
	memset(b, 0, n);
	b[0] = 0x45;
	b[2] = (uint8_t)(n >> 8);
	b[3] = (uint8_t)n;
	b[8] = 64;
	b[9] = k->proto;
	inet_pton(AF_INET, k->src, b + 12);
	inet_pton(AF_INET, k->dst, b + 16);
	uint8_t *t = b + 20;
	if (k->proto == 1) {
		t[0] = (uint8_t)k->sport;
		t[1] = (uint8_t)k->dport;
		t[4] = (uint8_t)(k->id >> 8);
		t[5] = (uint8_t)k->id;
		return n;
	}
	t[0] = (uint8_t)(k->sport >> 8);
	t[1] = (uint8_t)k->sport;
	t[2] = (uint8_t)(k->dport >> 8);
	t[3] = (uint8_t)k->dport;
	if (k->proto == 17) {
		t[4] = (uint8_t)((8 + k->len) >> 8);
		t[5] = (uint8_t)(8 + k->len);
		return n;
	}
	for (int i = 0; i < 4; i++) {
		t[4 + i] = (uint8_t)(k->seq >> (24 - 8 * i));
		t[8 + i] = (uint8_t)(k->ack >> (24 - 8 * i));
	}
	t[12] = 0x50 | (uint8_t)(k->flags >> 8);
	t[13] = (uint8_t)k->flags;
	t[14] = (uint8_t)(k->win >> 8);
	t[15] = (uint8_t)k->win;
	return n;
}

/* Ended flows the callback saw: reason, state, history, stream. */
struct ended {
	unsigned n;
	enum ps_flow_end why[64];
	char state[64][8], hist[64][PS_FLOW_HIST_MAX + 1], id[64][PS_FLOW_ID_LEN];
	uint64_t stream[64], opkts[64], rpkts[64];
};

static void on_end(void *ctx, const struct ps_flow *f, enum ps_flow_end why)
{
	struct ended *e = ctx;
	if (e->n >= 64)
		return;
	e->why[e->n] = why;
	snprintf(e->state[e->n], sizeof e->state[0], "%s", ps_flow_state_name(f));
	memcpy(e->hist[e->n], f->hist, sizeof f->hist);
	memcpy(e->id[e->n], f->id, sizeof f->id);
	e->stream[e->n] = f->stream;
	e->opkts[e->n] = f->d[0].pkts;
	e->rpkts[e->n] = f->d[1].pkts;
	e->n++;
}

static struct ps_packet pkt;
static struct ended ended;

static struct ps_flow_table *table(uint64_t mem)
{
	struct ps_flow_cfg c;
	char err[128];
	ps_flow_cfg_defaults(&c);
	if (mem)
		c.mem_bytes = mem;
	memset(&ended, 0, sizeof ended);
	struct ps_flow_table *t = ps_flow_table_new(&c, on_end, &ended, err, sizeof err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	return t;
}

static const struct ps_flow_note *feed(struct ps_flow_table *t, const struct pk *k)
{
	static uint8_t buf[2048];
	uint32_t n = build(k, buf);
	pst_dissect(&pkt, PS_DLT_RAW, buf, n, n);
	pkt.ts_sec = (int64_t)k->ts;
	pkt.ts_frac = (uint32_t)((k->ts - (double)(int64_t)k->ts) * 1e6 + 0.5);
	pkt.ts_nano = false;
	ps_flow_packet(t, &pkt);
	return &pkt.flow;
}

#define C "10.0.0.1"
#define S "10.0.0.2"
#define TCPK(from_c, fl, s, a, l, t)                                                               \
	((struct pk){(from_c) ? C : S, (from_c) ? S : C, (from_c) ? 40000 : 80,                 \
		     (from_c) ? 80 : 40000, 6, (fl), (s), (a), 1000, (l), 0, (t)})

/* ---- Community ID: the spec's baseline (baseline_deflt.json) ---- */
static void test_flow_community_id_vectors(void)
{
	struct ps_flow_table *t = table(0);
	/* 128.232.110.120:34855 -> 66.35.250.204:80 TCP, both directions */
	struct pk a = {"128.232.110.120", "66.35.250.204", 34855, 80, 6, TH_SYN, 1, 0, 100, 0, 0, 1};
	CU_ASSERT_STRING_EQUAL(feed(t, &a)->id, "1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
	struct pk b = {"66.35.250.204", "128.232.110.120", 80, 34855, 6, TH_SYN | TH_ACK, 9, 2, 100, 0, 0, 1};
	CU_ASSERT_STRING_EQUAL(feed(t, &b)->id, "1:LQU9qZlK+B5F3KDmev6m5PMibrg=");
	struct pk u = {"8.8.8.8", "192.168.1.52", 53, 54585, 17, 0, 0, 0, 0, 10, 0, 1};
	CU_ASSERT_STRING_EQUAL(feed(t, &u)->id, "1:d/FP5EW3wiY1vCndhwleRRKHowQ=");
	struct pk e = {"192.168.0.89", "192.168.0.1", 8, 0, 1, 0, 0, 0, 0, 0, 7, 1};
	CU_ASSERT_STRING_EQUAL(feed(t, &e)->id, "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=");
	struct pk r = {"192.168.0.1", "192.168.0.89", 0, 0, 1, 0, 0, 0, 0, 0, 7, 1};
	CU_ASSERT_STRING_EQUAL(feed(t, &r)->id, "1:X0snYXpgwiv9TZtqg64sgzUn6Dk=");
	struct pk x = {"10.0.0.1", "10.0.0.2", 11, 0, 1, 0, 0, 0, 0, 0, 0, 1}; /* one-way */
	CU_ASSERT_STRING_EQUAL(feed(t, &x)->id, "1:YHxtAirCG//0OzkcVAukqKQN9xM=");
	ps_flow_table_free(t);

	/* tuples without ports and IPv6, straight through the hash */
	char id[PS_FLOW_ID_LEN];
	uint8_t s4[4] = {10, 1, 12, 1}, d4[4] = {10, 1, 12, 2};
	CU_ASSERT_EQUAL(ps_community_id(s4, d4, false, 46, 0, 0, false, id), 0);
	CU_ASSERT_STRING_EQUAL(id, "1:KHlLkgoJW7ifUTyTSgyVfkFHzKw=");
	uint8_t s6[16], d6[16];
	inet_pton(AF_INET6, "2001:470:e5bf:dead:4957:2174:e82c:4887", s6);
	inet_pton(AF_INET6, "2607:f8b0:400c:c03::1a", d6);
	CU_ASSERT_EQUAL(ps_community_id(s6, d6, true, 6, 63943, 25, true, id), 0);
	CU_ASSERT_STRING_EQUAL(id, "1:/qFaeAR+gFe1KYjMzVDsMv+wgU4=");
	uint8_t sc[4] = {192, 168, 170, 8}, dc[4] = {192, 168, 170, 56};
	CU_ASSERT_EQUAL(ps_community_id(sc, dc, false, 132, 7, 7, true, id), 0);
	CU_ASSERT_STRING_EQUAL(id, "1:MP2EtRCAUIZvTw6MxJHLV7N7JDs=");
}

/* ---- TCP state and history ---- */
static void handshake(struct ps_flow_table *t)
{
	feed(t, &TCPK(1, TH_SYN, 1000, 0, 0, 1.0));
	feed(t, &TCPK(0, TH_SYN | TH_ACK, 5000, 1001, 0, 1.1));
	feed(t, &TCPK(1, TH_ACK, 1001, 5001, 0, 1.2));
}

static void test_flow_state_sf(void)
{
	struct ps_flow_table *t = table(0);
	handshake(t);
	feed(t, &TCPK(1, TH_ACK | TH_PUSH, 1001, 5001, 100, 1.3));
	feed(t, &TCPK(0, TH_ACK, 5001, 1101, 0, 1.4));
	feed(t, &TCPK(0, TH_ACK | TH_PUSH, 5001, 1101, 50, 1.5));
	feed(t, &TCPK(1, TH_ACK | TH_FIN, 1101, 5051, 0, 1.6));
	feed(t, &TCPK(0, TH_ACK | TH_FIN, 5051, 1102, 0, 1.7));
	feed(t, &TCPK(1, TH_ACK, 1102, 5052, 0, 1.8));
	CU_ASSERT_EQUAL(ended.n, 0); /* closed, waiting for the close delay */
	struct pk later = {"10.9.9.9", "10.9.9.8", 1, 2, 17, 0, 0, 0, 0, 1, 0, 7.0};
	feed(t, &later); /* 5.2 s after: the closed flow ends */
	CU_ASSERT_EQUAL_FATAL(ended.n, 1);
	CU_ASSERT_EQUAL(ended.why[0], PS_END_FIN);
	CU_ASSERT_STRING_EQUAL(ended.state[0], "SF");
	CU_ASSERT_STRING_EQUAL(ended.hist[0], "ShADadFf");
	CU_ASSERT_EQUAL(ended.opkts[0], 5);
	CU_ASSERT_EQUAL(ended.rpkts[0], 4);
	ps_flow_table_free(t);
}

/* One connection's packets (from_client, flags), then end of input. */
static void check_state(const uint16_t *fl, const bool *from_c, unsigned n, const char *state,
			const char *hist)
{
	struct ps_flow_table *t = table(0);
	for (unsigned i = 0; i < n; i++)
		feed(t, &TCPK(from_c[i], fl[i], from_c[i] ? 1000 : 5000, from_c[i] ? 5001 : 1001, 0,
			      1.0 + i * 0.1));
	ps_flow_flush(t);
	CU_ASSERT_EQUAL_FATAL(ended.n, 1);
	CU_ASSERT_STRING_EQUAL(ended.state[0], state);
	CU_ASSERT_STRING_EQUAL(ended.hist[0], hist);
	ps_flow_table_free(t);
}

static void test_flow_state_transitions(void)
{
	static const uint16_t s0[] = {TH_SYN};
	static const bool c1[] = {1, 1, 1};
	check_state(s0, c1, 1, "S0", "S");
	static const uint16_t rej[] = {TH_SYN, TH_RST | TH_ACK};
	static const bool cs[] = {1, 0, 1, 0};
	check_state(rej, cs, 2, "REJ", "Sr");
	static const uint16_t rstos0[] = {TH_SYN, TH_RST};
	check_state(rstos0, c1, 2, "RSTOS0", "SR");
	static const uint16_t sh[] = {TH_SYN, TH_FIN};
	check_state(sh, c1, 2, "SH", "SF");
	static const uint16_t s1[] = {TH_SYN, TH_SYN | TH_ACK, TH_ACK};
	static const bool csc[] = {1, 0, 1, 0, 1};
	check_state(s1, csc, 3, "S1", "ShA");
	static const uint16_t rsto[] = {TH_SYN, TH_SYN | TH_ACK, TH_ACK, TH_RST};
	static const bool cscc[] = {1, 0, 1, 1};
	check_state(rsto, cscc, 4, "RSTO", "ShAR");
	static const uint16_t rstr[] = {TH_SYN, TH_SYN | TH_ACK, TH_ACK, TH_RST};
	check_state(rstr, csc, 4, "RSTR", "ShAr");
	static const uint16_t oth[] = {TH_ACK, TH_ACK};
	check_state(oth, cs, 2, "OTH", "Aa");
	static const uint16_t flip[] = {TH_SYN | TH_ACK, TH_ACK};
	static const bool sc[] = {0, 1};
	check_state(flip, sc, 2, "OTH", "^hA");
}

/* ---- relative numbers ---- */
static void test_flow_relative_numbers(void)
{
	struct ps_flow_table *t = table(0);
	const struct ps_flow_note *n = feed(t, &TCPK(1, TH_SYN, 1000, 0, 0, 1.0));
	CU_ASSERT_EQUAL(n->seq_rel, 0);
	CU_ASSERT_EQUAL(n->ack_rel, 0);
	CU_ASSERT_EQUAL(n->txt_seq, 0); /* tcpdump: a SYN without ACK is absolute */
	CU_ASSERT_EQUAL(n->dir, 0);
	n = feed(t, &TCPK(0, TH_SYN | TH_ACK, 5000, 1001, 0, 1.1));
	CU_ASSERT_EQUAL(n->seq_rel, 0);
	CU_ASSERT_EQUAL(n->ack_rel, 1);
	CU_ASSERT_EQUAL(n->txt_seq, 0); /* the SYN-ACK records the bases, absolute */
	CU_ASSERT_EQUAL(n->txt_ack, 0);
	CU_ASSERT_EQUAL(n->dir, 1);
	n = feed(t, &TCPK(1, TH_ACK, 1001, 5001, 0, 1.2));
	CU_ASSERT_EQUAL(n->seq_rel, 1);
	CU_ASSERT_EQUAL(n->ack_rel, 1);
	CU_ASSERT_EQUAL(1001 - n->txt_seq, 1);
	CU_ASSERT_EQUAL(5001 - n->txt_ack, 1);
	ps_flow_table_free(t);

	/* mid-stream start across the 2^32 wrap: tshark shows 1, tcpdump absolute first */
	t = table(0);
	n = feed(t, &TCPK(1, TH_ACK, 0xfffffff0u, 77, 10, 1.0));
	CU_ASSERT_EQUAL(n->seq_rel, 1);
	CU_ASSERT_EQUAL(n->ack_rel, 1);
	CU_ASSERT_EQUAL(n->txt_seq, 0);
	n = feed(t, &TCPK(1, TH_ACK, 0x10u, 77, 10, 1.1));
	CU_ASSERT_EQUAL(n->seq_rel, 0x21);
	CU_ASSERT_EQUAL((uint32_t)(0x10u - n->txt_seq), 0x20);
	n = feed(t, &TCPK(0, TH_ACK, 77, 0x1au, 0, 1.2));
	CU_ASSERT_EQUAL(n->seq_rel, 1);
	CU_ASSERT_EQUAL(n->ack_rel, 0x2b);
	CU_ASSERT_EQUAL((uint32_t)(0x1au - n->txt_ack), 0x2a);
	ps_flow_table_free(t);
}

/* ---- window scaling: tshark's rules (src/flow/flow_tcp_int.h) ---- */
/* Segment k with a window-scale option of `shift` (none when < 0): NOP, WS
 * in 4 option bytes (hl 24); `cut` ends the capture inside them. */
static const struct ps_flow_note *feed_ws(struct ps_flow_table *t, struct pk k, int shift,
					  bool cut)
{
	static uint8_t buf[2048];
	if (shift < 0)
		return feed(t, &k);
	k.len = 4; /* the option bytes, as payload for build(), then moved into the header */
	uint32_t n = build(&k, buf);
	uint8_t *th = buf + 20;
	th[12] = (uint8_t)(0x60 | (th[12] & 0x0f));
	th[20] = 1;
	th[21] = 3;
	th[22] = 3;
	th[23] = (uint8_t)shift;
	pst_dissect(&pkt, PS_DLT_RAW, buf, cut ? n - 2 : n, n);
	pkt.ts_sec = (int64_t)k.ts;
	pkt.ts_frac = 0;
	pkt.ts_nano = false;
	ps_flow_packet(t, &pkt);
	return &pkt.flow;
}

/* The note's win_scale of each of a handshake's segments and of data both
 * ways after it: SYN with option `cs`, SYN-ACK with `ss` (< 0: none). */
static void ws_handshake(int cs, int ss, bool cut, int8_t got[5])
{
	struct ps_flow_table *t = table(0);
	got[0] = feed_ws(t, TCPK(1, TH_SYN, 100, 0, 0, 1.0), cs, cut)->win_scale;
	got[1] = feed_ws(t, TCPK(0, TH_SYN | TH_ACK, 500, 101, 0, 1.1), ss, false)->win_scale;
	got[2] = feed(t, &TCPK(1, TH_ACK, 101, 501, 0, 1.2))->win_scale;
	got[3] = feed(t, &TCPK(0, TH_ACK, 501, 101, 10, 1.3))->win_scale;
	got[4] = feed(t, &TCPK(1, TH_ACK, 101, 511, 0, 1.4))->win_scale;
	ps_flow_table_free(t);
}

static void test_flow_window_scaling(void)
{
	int8_t w[5];
	/* both sides: each direction its own shift; the SYNs saw "unknown" */
	ws_handshake(7, 9, false, w);
	CU_ASSERT_EQUAL(w[0], -1);
	CU_ASSERT_EQUAL(w[1], -1);
	CU_ASSERT_EQUAL(w[2], 7);
	CU_ASSERT_EQUAL(w[3], 9);
	CU_ASSERT_EQUAL(w[4], 7);
	/* the SYN only: the SYN-ACK without it turns both off */
	ws_handshake(7, -1, false, w);
	CU_ASSERT_EQUAL(w[1], -1);
	CU_ASSERT_EQUAL(w[2], -2);
	CU_ASSERT_EQUAL(w[3], -2);
	/* the SYN-ACK only: the SYN had turned both off, the SYN-ACK stays off */
	ws_handshake(-1, 9, false, w);
	CU_ASSERT_EQUAL(w[1], -2);
	CU_ASSERT_EQUAL(w[2], -2);
	CU_ASSERT_EQUAL(w[3], -2);
	/* neither */
	ws_handshake(-1, -1, false, w);
	CU_ASSERT_EQUAL(w[2], -2);
	CU_ASSERT_EQUAL(w[3], -2);
	/* shift 15 counts as 14 (RFC 7323 2.3) */
	ws_handshake(15, 15, false, w);
	CU_ASSERT_EQUAL(w[2], 14);
	CU_ASSERT_EQUAL(w[3], 14);
	/* the SYN's options cut by the snap length: tshark's walk stops there,
	 * the client's scale stays unknown (and so does the server's: the
	 * SYN-ACK finds its own side set, the client's not "not used") */
	ws_handshake(7, 9, true, w);
	CU_ASSERT_EQUAL(w[2], -1);
	CU_ASSERT_EQUAL(w[3], 9);

	/* mid-connection: unknown both ways, whatever the windows */
	struct ps_flow_table *t = table(0);
	CU_ASSERT_EQUAL(feed(t, &TCPK(1, TH_ACK, 1000, 2000, 10, 1.0))->win_scale, -1);
	CU_ASSERT_EQUAL(feed(t, &TCPK(0, TH_ACK, 2000, 1010, 0, 1.1))->win_scale, -1);
	ps_flow_table_free(t);
}

/* ---- timeouts ---- */
static void test_flow_idle_timeouts(void)
{
	struct ps_flow_table *t = table(0);
	struct pk u = {"10.0.0.1", "10.0.0.2", 5000, 53, 17, 0, 0, 0, 0, 20, 0, 100.0};
	feed(t, &u);
	struct pk tc = TCPK(1, TH_ACK, 1, 1, 10, 100.0);
	feed(t, &tc);
	struct pk other = {"10.0.0.3", "10.0.0.4", 1, 2, 17, 0, 0, 0, 0, 1, 0, 160.0};
	feed(t, &other); /* exactly 60 s: not yet */
	CU_ASSERT_EQUAL(ended.n, 0);
	other.ts = 160.5;
	feed(t, &other);
	CU_ASSERT_EQUAL_FATAL(ended.n, 1);
	CU_ASSERT_EQUAL(ended.why[0], PS_END_TIMEOUT);
	CU_ASSERT_STRING_EQUAL(ended.state[0], "S0");
	other.ts = 150.0; /* a time stamp that goes back expires nothing */
	feed(t, &other);
	CU_ASSERT_EQUAL(ended.n, 1);
	struct pk bogus = {"10.0.0.5", "10.0.0.6", 1, 2, 17, 0, 0, 0, 0, 1, 0, 1e9};
	feed(t, &bogus); /* one corrupt time stamp far ahead expires nothing */
	CU_ASSERT_EQUAL(ended.n, 1);
	other.ts = 401.0; /* TCP's 300 s */
	feed(t, &other); /* and the 10.0.0.3 flow's own 60 s */
	CU_ASSERT_EQUAL_FATAL(ended.n, 3);
	CU_ASSERT_EQUAL(ended.why[1], PS_END_TIMEOUT);
	CU_ASSERT_STRING_EQUAL(ended.state[1], "OTH");
	CU_ASSERT_EQUAL(ended.stream[2], 1);
	/* the UDP tuple comes back: a new flow with its old stream number */
	u.ts = 402.0;
	CU_ASSERT_EQUAL(feed(t, &u)->stream, ended.stream[0]);
	struct ps_flow_cfg c;
	ps_flow_cfg_defaults(&c);
	CU_ASSERT_EQUAL(ps_flow_parse_timeouts(&c, "udp=5,closed=1"), 0);
	CU_ASSERT_EQUAL(c.timeout[PS_FT_UDP], 5);
	CU_ASSERT_EQUAL(c.timeout[PS_FT_TCP_CLOSED], 1);
	CU_ASSERT_EQUAL(ps_flow_parse_timeouts(&c, "7"), 0);
	CU_ASSERT_EQUAL(c.timeout[PS_FT_TCP], 7);
	CU_ASSERT_EQUAL(c.timeout[PS_FT_TCP_CLOSED], 1);
	CU_ASSERT_EQUAL(ps_flow_parse_timeouts(&c, "bogus=1"), -1);
	CU_ASSERT_EQUAL(ps_flow_parse_timeouts(&c, "udp=-1"), -1);
	CU_ASSERT_EQUAL(ps_flow_parse_timeouts(&c, "udp="), -1);
	ps_flow_table_free(t);
}

/* ---- time stamps near INT64_MAX ns (year 2262: real pcapng offsets) ----
 * a flow's due time saturates instead of overflowing (UBSan caught it), and
 * such a flow is never due, so it ends at the end of input */
static void test_flow_timeouts_end_of_time(void)
{
	struct ps_flow_table *t = table(0);
	const double late = 9223372035.0; /* 1.85 s before INT64_MAX ns */
	struct pk u = {"10.0.0.1", "10.0.0.2", 5000, 53, 17, 0, 0, 0, 0, 20, 0, late};
	feed(t, &u);
	struct pk tc = TCPK(1, TH_ACK, 1, 1, 10, late + 0.5);
	feed(t, &tc);
	u.ts = late + 1.0;
	feed(t, &u);
	CU_ASSERT_EQUAL(ended.n, 0);
	ps_flow_flush(t); /* the end of input ends both */
	CU_ASSERT_EQUAL(ended.n, 2);
	ps_flow_table_free(t);
}

/* ---- eviction at the cap ---- */
/* a live capture's idle tick: the wall clock ends flows, forward only */
static void test_flow_tick(void)
{
	struct ps_flow_table *t = table(0);
	CU_ASSERT_EQUAL(ps_flow_tick(t, 500 * 1000000000LL), 0); /* no packet yet: no clock */
	struct pk u = {"10.0.0.1", "10.0.0.2", 5000, 53, 17, 0, 0, 0, 0, 20, 0, 100.0};
	feed(t, &u);
	CU_ASSERT_EQUAL(ps_flow_tick(t, 130 * 1000000000LL), 0); /* 30 s of 60 */
	CU_ASSERT_EQUAL(ended.n, 0);
	CU_ASSERT_EQUAL(ps_flow_tick(t, 90 * 1000000000LL), 0); /* backwards: nothing */
	CU_ASSERT_EQUAL(ps_flow_tick(t, 160 * 1000000000LL + 1), 1);
	CU_ASSERT_EQUAL_FATAL(ended.n, 1);
	CU_ASSERT_EQUAL(ended.why[0], PS_END_TIMEOUT);
	CU_ASSERT_EQUAL(ps_flow_stats(t)->active, 0);
	ps_flow_table_free(t);
}

static void test_flow_eviction_at_cap(void)
{
	uint64_t per = ps_flow_mem_per_flow(); /* slot, buckets, cache share */
	CU_ASSERT(per >= sizeof(struct ps_flow) + 16);
	struct ps_flow_table *t = table(16 * per + per / 2);
	CU_ASSERT_EQUAL(ps_flow_stats(t)->max_flows, 16);
	char src[32];
	for (unsigned i = 0; i < 40; i++) {
		snprintf(src, sizeof src, "10.1.0.%u", i + 1);
		struct pk u = {src, "10.2.0.1", 1000, 53, 17, 0, 0, 0, 0, 4, 0, 1.0 + i * 0.01};
		CU_ASSERT_EQUAL(feed(t, &u)->stream, i);
		if (i == 20) { /* 0..4 are evicted by now: touch flow 10 */
			snprintf(src, sizeof src, "10.1.0.%u", 11);
			struct pk again = {src, "10.2.0.1", 1000, 53, 17, 0, 0, 0, 0, 4, 0, 1.205};
			CU_ASSERT_EQUAL(feed(t, &again)->stream, 10);
		}
	}
	const struct ps_flow_stats *st = ps_flow_stats(t);
	CU_ASSERT_EQUAL(st->active, 16);
	CU_ASSERT_EQUAL(st->ended[PS_END_EVICTED], 24);
	CU_ASSERT_EQUAL(ended.n, 24);
	/* least recently used first: 0..9, then 11 (10 was touched at i=20) */
	CU_ASSERT_EQUAL(ended.stream[0], 0);
	CU_ASSERT_EQUAL(ended.stream[9], 9);
	CU_ASSERT_EQUAL(ended.stream[10], 11);
	ps_flow_flush(t);
	CU_ASSERT_EQUAL(st->created, st->ended[PS_END_EVICTED] + st->ended[PS_END_EOF]);
	CU_ASSERT_EQUAL(st->active, 0);
	ps_flow_table_free(t);
	char err[128];
	struct ps_flow_cfg c;
	ps_flow_cfg_defaults(&c);
	c.mem_bytes = 100;
	CU_ASSERT_PTR_NULL(ps_flow_table_new(&c, 0, 0, err, sizeof err));
}

/* ---- a 5-tuple reused after a close: a new stream, like tshark ---- */
static void test_flow_stream_reuse(void)
{
	struct ps_flow_table *t = table(0);
	handshake(t);
	feed(t, &TCPK(1, TH_ACK | TH_FIN, 1001, 5001, 0, 1.3));
	feed(t, &TCPK(0, TH_ACK | TH_FIN, 5001, 1002, 0, 1.4));
	CU_ASSERT_EQUAL(feed(t, &TCPK(1, TH_ACK, 1002, 5002, 0, 1.5))->stream, 0);
	const struct ps_flow_note *n = feed(t, &TCPK(1, TH_SYN, 777, 0, 0, 2.0));
	CU_ASSERT_EQUAL(n->stream, 1);
	CU_ASSERT_EQUAL(n->seq_rel, 0);
	CU_ASSERT_EQUAL_FATAL(ended.n, 1);
	CU_ASSERT_EQUAL(ended.why[0], PS_END_FIN);
	CU_ASSERT_STRING_EQUAL(ended.state[0], "SF");
	/* a retransmitted SYN (same ISN) stays in the same conversation */
	CU_ASSERT_EQUAL(feed(t, &TCPK(1, TH_SYN, 777, 0, 0, 3.0))->stream, 1);
	struct pk u = {"10.0.0.1", "10.0.0.2", 5000, 53, 17, 0, 0, 0, 0, 20, 0, 3.0};
	CU_ASSERT_EQUAL(feed(t, &u)->stream, 0); /* UDP counts on its own */
	ps_flow_flush(t);
	CU_ASSERT_EQUAL(ended.n, 3);
	CU_ASSERT_STRING_EQUAL(ended.hist[1], "S");
	ps_flow_table_free(t);
}

/* ---- the last packet's flow, tried before the hash: only while it lives
 * with the same key (ended at this packet's clock, or its slot taken by
 * another conversation, the packet goes to a flow of its own) ---- */
static void test_flow_last_flow_cache(void)
{
	struct ps_flow_table *t = table(0);
	struct pk a = {"10.0.0.1", "10.0.0.2", 5000, 53, 17, 0, 0, 0, 0, 20, 0, 100.0};
	feed(t, &a);
	a.ts = 200.0; /* past UDP's 60 s: its flow ends before this packet counts */
	feed(t, &a);
	CU_ASSERT_EQUAL_FATAL(ended.n, 1);
	CU_ASSERT_EQUAL(ended.opkts[0], 1);
	struct pk b = {"10.0.0.3", "10.0.0.4", 6000, 53, 17, 0, 0, 0, 0, 20, 0, 300.0};
	feed(t, &b); /* ends a's second flow and takes its slot */
	CU_ASSERT_EQUAL_FATAL(ended.n, 2);
	CU_ASSERT_EQUAL(ended.opkts[1], 1);
	a.ts = 301.0;
	feed(t, &a); /* the last slot holds b now: a new flow of a's */
	ps_flow_flush(t);
	CU_ASSERT_EQUAL_FATAL(ended.n, 4);
	CU_ASSERT_EQUAL(ended.opkts[2] + ended.rpkts[2], 1);
	CU_ASSERT_EQUAL(ended.opkts[3] + ended.rpkts[3], 1);
	ps_flow_table_free(t);
}

/* ---- live worker 1 of 3 numbers its streams 1, 4, 7 (TCP and UDP apart) ---- */
static void test_flow_stream_stride(void)
{
	struct ps_flow_cfg c;
	char err[128];
	ps_flow_cfg_defaults(&c);
	c.stream_first = 1;
	c.stream_step = 3;
	memset(&ended, 0, sizeof ended);
	struct ps_flow_table *t = ps_flow_table_new(&c, on_end, &ended, err, sizeof err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	CU_ASSERT_EQUAL(feed(t, &TCPK(1, TH_SYN, 100, 0, 0, 1.0))->stream, 1);
	CU_ASSERT_EQUAL(feed(t, &TCPK(0, TH_SYN | TH_ACK, 500, 101, 0, 1.1))->stream, 1);
	struct pk k = TCPK(1, TH_SYN, 100, 0, 0, 1.2);
	k.sport = 40001;
	CU_ASSERT_EQUAL(feed(t, &k)->stream, 4);
	k.sport = 40002;
	CU_ASSERT_EQUAL(feed(t, &k)->stream, 7);
	struct pk u = {"10.0.0.1", "10.0.0.2", 5000, 53, 17, 0, 0, 0, 0, 20, 0, 1.3};
	CU_ASSERT_EQUAL(feed(t, &u)->stream, 1);
	ps_flow_table_free(t);
}

/* ---- -z tables merged: two workers' tables give one table's output ---- */
static void z_end(void *ctx, const struct ps_flow *f, enum ps_flow_end why)
{
	(void)why;
	ps_zstats_flow(ctx, f);
}

static const char *const znames[] = {"conv,tcp", "conv,udp", "conv,ip", "endpoints,ip",
				     "endpoints,udp"};

static struct ps_flow_table *ztable(struct ps_zstats *z)
{
	struct ps_flow_cfg c;
	char err[128];
	ps_flow_cfg_defaults(&c);
	CU_ASSERT_EQUAL_FATAL(ps_zstats_init(z, znames, 5), 0);
	struct ps_flow_table *t = ps_flow_table_new(&c, z_end, z, err, sizeof err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	return t;
}

static void test_zstats_merge(void)
{
	/* worker 0: a TCP and a UDP conversation of 10.0.0.1; worker 1: a UDP
	 * one of 10.0.0.4, which shares the endpoint 10.0.0.2 with worker 0's */
	const struct pk w0[] = {
		TCPK(1, TH_SYN, 100, 0, 0, 1.0), TCPK(0, TH_SYN | TH_ACK, 500, 101, 0, 1.1),
		TCPK(1, TH_ACK, 101, 501, 0, 1.2), TCPK(1, TH_PUSH | TH_ACK, 101, 501, 30, 1.3),
		{C, "10.0.0.3", 5000, 53, 17, 0, 0, 0, 0, 40, 0, 1.25},
		{"10.0.0.3", C, 53, 5000, 17, 0, 0, 0, 0, 90, 0, 1.35},
	};
	const struct pk w1[] = {
		{"10.0.0.4", S, 6000, 53, 17, 0, 0, 0, 0, 10, 0, 1.05},
		{"10.0.0.4", S, 6000, 53, 17, 0, 0, 0, 0, 12, 0, 1.15},
		{S, "10.0.0.4", 53, 6000, 17, 0, 0, 0, 0, 200, 0, 1.4},
	};
	struct ps_zstats one, z0, z1, merged;
	struct ps_flow_table *t = ztable(&one), *t0 = ztable(&z0), *t1 = ztable(&z1);
	/* one table sees every packet in time order */
	const struct pk *all[] = {&w0[0], &w1[0], &w0[1], &w1[1], &w0[2], &w0[4], &w0[3], &w0[5], &w1[2]};
	for (unsigned i = 0; i < sizeof all / sizeof all[0]; i++)
		feed(t, all[i]);
	for (unsigned i = 0; i < sizeof w0 / sizeof w0[0]; i++)
		feed(t0, &w0[i]);
	for (unsigned i = 0; i < sizeof w1 / sizeof w1[0]; i++)
		feed(t1, &w1[i]);
	ps_flow_flush(t);
	ps_flow_flush(t0);
	ps_flow_flush(t1);
	CU_ASSERT_EQUAL_FATAL(ps_zstats_init(&merged, znames, 5), 0);
	ps_zstats_merge(&merged, &z0);
	ps_zstats_merge(&merged, &z1);
	static char a[16384], b[16384];
	struct ps_out oa, ob;
	ps_out_open_mem(&oa, a, sizeof a);
	ps_out_open_mem(&ob, b, sizeof b);
	ps_zstats_print(&one, &oa, 1000000000);
	ps_zstats_print(&merged, &ob, 1000000000);
	CU_ASSERT_FALSE(oa.overflow);
	CU_ASSERT_EQUAL(oa.len, ob.len);
	CU_ASSERT_STRING_EQUAL(a, b);
	CU_ASSERT_PTR_NOT_NULL(strstr(a, "10.0.0.2")); /* the shared endpoint: one row, summed */
	CU_ASSERT_EQUAL(merged.t[PS_Z_END_IP].n, 4);
	CU_ASSERT_EQUAL(merged.t[PS_Z_CONV_UDP].n, 2);
	if (strcmp(a, b))
		fprintf(stderr, "one table:\n%s\nmerged:\n%s\n", a, b);
	ps_flow_table_free(t);
	ps_flow_table_free(t0);
	ps_flow_table_free(t1);
	ps_zstats_free(&one);
	ps_zstats_free(&z0);
	ps_zstats_free(&z1);
	ps_zstats_free(&merged);
}

/* ---- -z follow's records, as tshark 4.0 writes them ---- */
static void follow_cb(void *ctx, const struct ps_flow *f, unsigned dir, uint64_t frame,
		      const uint8_t *data, uint32_t len, unsigned flags)
{
	ps_follow_bytes(ctx, f, dir, frame, data, len, flags);
}

/* node 1's records (the server's) as "len,len,..." */
static const char *server_records(const struct ps_follow *fl)
{
	static char out[128];
	size_t k = 0;
	out[0] = 0;
	for (uint32_t i = 0; i < fl->n && k + 12 < sizeof out; i++)
		if (fl->chunks[i].node == 1 && fl->chunks[i].len)
			k += (size_t)snprintf(out + k, sizeof out - k, "%s%u", k ? "," : "",
					      fl->chunks[i].len);
	return out;
}

static void test_flow_follow_released_records(void)
{
	struct ps_flow_table *t = table(0);
	struct ps_follow fl;
	ps_follow_init(&fl, false, 0, 0);
	ps_flow_set_consumer(t, follow_cb, &fl);
	handshake(t);
	feed(t, &TCPK(0, TH_ACK, 5011, 1001, 5, 1.3)); /* [10,15): after a hole */
	feed(t, &TCPK(0, TH_ACK, 5016, 1001, 7, 1.4)); /* [15,22) */
	feed(t, &TCPK(0, TH_ACK, 5001, 1001, 12, 1.5)); /* [0,12): fills it, overlaps the first */
	/* the filling segment whole, then what each released one adds */
	CU_ASSERT_STRING_EQUAL(server_records(&fl), "12,3,7");
	feed(t, &TCPK(0, TH_ACK, 5023, 1001, 4, 1.6)); /* in order: a record per packet */
	CU_ASSERT_STRING_EQUAL(server_records(&fl), "12,3,7,4");
	ps_flow_table_free(t);
	ps_follow_free(&fl);
}

/* A FIN behind a hole nobody acknowledged: tshark never releases the data
 * after the hole, and neither do we; an ACK past the hole after the FIN
 * releases it as at any other time. */
static void test_flow_follow_fin_behind_hole(void)
{
	struct ps_flow_table *t = table(0);
	struct ps_follow fl;
	ps_follow_init(&fl, false, 0, 0);
	ps_flow_set_consumer(t, follow_cb, &fl);
	handshake(t);
	feed(t, &TCPK(0, TH_ACK, 5001, 1001, 6, 1.3));
	feed(t, &TCPK(0, TH_ACK, 5017, 1001, 5, 1.4)); /* after 10 lost bytes */
	feed(t, &TCPK(0, TH_ACK | TH_FIN, 5022, 1001, 0, 1.5));
	feed(t, &TCPK(1, TH_RST, 1001, 0, 0, 1.6));
	ps_flow_flush(t);
	CU_ASSERT_STRING_EQUAL(server_records(&fl), "6");
	ps_flow_table_free(t);
	ps_follow_free(&fl);
	/* acknowledged after the FIN: tshark's "[10 bytes missing in capture
	 * file]" record (34 characters and a NUL), then the data */
	t = table(0);
	ps_follow_init(&fl, false, 0, 0);
	ps_flow_set_consumer(t, follow_cb, &fl);
	handshake(t);
	feed(t, &TCPK(0, TH_ACK, 5001, 1001, 6, 1.3));
	feed(t, &TCPK(0, TH_ACK, 5017, 1001, 5, 1.4));
	feed(t, &TCPK(0, TH_ACK | TH_FIN, 5022, 1001, 0, 1.5));
	CU_ASSERT_STRING_EQUAL(server_records(&fl), "6");
	feed(t, &TCPK(1, TH_ACK, 1001, 5023, 0, 1.6));
	CU_ASSERT_STRING_EQUAL(server_records(&fl), "6,35,5");
	ps_flow_table_free(t);
	ps_follow_free(&fl);
}

/* ---- the parts only some outputs read (ps_flow_cfg.community_id, .tcp_analysis, .history, .counters) ---- */
/* A handshake, a segment and its retransmission through a table with the
 * two parts on or off: what the last packet's note says (its id copied to
 * note_id: the table owns the string), the flow's id at its end. */
static void parts_run(bool on, struct ps_flow_note *last, unsigned *events, char *note_id,
		      char *end_id, char *end_hist, uint64_t *end_pkts)
{
	struct ps_flow_cfg c;
	char err[128];
	ps_flow_cfg_defaults(&c);
	c.community_id = c.tcp_analysis = c.history = c.counters = on;
	memset(&ended, 0, sizeof ended);
	struct ps_flow_table *t = ps_flow_table_new(&c, on_end, &ended, err, sizeof err);
	CU_ASSERT_PTR_NOT_NULL_FATAL(t);
	struct pk p[] = {TCPK(1, TH_SYN, 100, 0, 0, 1.0), TCPK(0, TH_SYN | TH_ACK, 500, 101, 0, 1.01),
			 TCPK(1, TH_ACK, 101, 501, 0, 1.02), TCPK(1, TH_ACK | TH_PUSH, 101, 501, 10, 1.03),
			 TCPK(1, TH_ACK | TH_PUSH, 101, 501, 10, 1.5)};
	for (unsigned i = 0; i < 5; i++)
		*last = *feed(t, &p[i]);
	*events = pkt.nevents;
	CU_ASSERT_PTR_NOT_NULL_FATAL(last->id);
	snprintf(note_id, PS_FLOW_ID_LEN, "%s", last->id);
	last->id = note_id;
	ps_flow_flush(t);
	CU_ASSERT_EQUAL(ended.n, 1);
	memcpy(end_id, ended.id[0], PS_FLOW_ID_LEN);
	memcpy(end_hist, ended.hist[0], PS_FLOW_HIST_MAX + 1);
	*end_pkts = ended.opkts[0] + ended.rpkts[0];
	ps_flow_table_free(t);
}

static void test_flow_parts_only_when_read(void)
{
	struct ps_flow_note on, off;
	unsigned ev_on, ev_off;
	char id_on[PS_FLOW_ID_LEN], id_off[PS_FLOW_ID_LEN];
	char note_on[PS_FLOW_ID_LEN], note_off[PS_FLOW_ID_LEN];
	char hist_on[PS_FLOW_HIST_MAX + 1], hist_off[PS_FLOW_HIST_MAX + 1];
	uint64_t pkts_on, pkts_off;
	parts_run(true, &on, &ev_on, note_on, id_on, hist_on, &pkts_on);
	parts_run(false, &off, &ev_off, note_off, id_off, hist_off, &pkts_off);
	/* the defaults compute both */
	CU_ASSERT_EQUAL(id_on[0], '1');
	CU_ASSERT_STRING_EQUAL(on.id, id_on);
	CU_ASSERT(on.tcp_analysis & PS_TCP_A_RETRANSMISSION);
	CU_ASSERT(ev_on >= 1);
	CU_ASSERT_STRING_EQUAL(hist_on, "ShADT"); /* T: the retransmission */
	CU_ASSERT_EQUAL(pkts_on, 5);
	/* off: neither is computed, the packet still has its flow (id is
	 * non-NULL: "tracked") and everything else is the same */
	CU_ASSERT_STRING_EQUAL(off.id, "");
	CU_ASSERT_STRING_EQUAL(id_off, "");
	CU_ASSERT_EQUAL(off.tcp_analysis, 0);
	CU_ASSERT_EQUAL(ev_off, 0);
	CU_ASSERT_STRING_EQUAL(hist_off, "");
	CU_ASSERT_EQUAL(pkts_off, 0);
	CU_ASSERT_EQUAL(off.stream, on.stream);
	CU_ASSERT_EQUAL(off.tcp_layer, on.tcp_layer);
	CU_ASSERT_EQUAL(off.seq_rel, on.seq_rel);
	CU_ASSERT_EQUAL(off.ack_rel, on.ack_rel);
	CU_ASSERT_EQUAL(off.txt_seq, on.txt_seq);
	CU_ASSERT_EQUAL(off.dir, on.dir);
}

PST_MAIN("flow", {"test_flow_community_id_vectors", test_flow_community_id_vectors},
	 {"test_flow_parts_only_when_read", test_flow_parts_only_when_read},
	 {"test_flow_state_sf", test_flow_state_sf},
	 {"test_flow_state_transitions", test_flow_state_transitions},
	 {"test_flow_relative_numbers", test_flow_relative_numbers},
	 {"test_flow_window_scaling", test_flow_window_scaling},
	 {"test_flow_idle_timeouts", test_flow_idle_timeouts},
	 {"test_flow_timeouts_end_of_time", test_flow_timeouts_end_of_time},
	 {"test_flow_tick", test_flow_tick},
	 {"test_flow_eviction_at_cap", test_flow_eviction_at_cap},
	 {"test_flow_stream_reuse", test_flow_stream_reuse},
	 {"test_flow_last_flow_cache", test_flow_last_flow_cache},
	 {"test_flow_stream_stride", test_flow_stream_stride},
	 {"test_zstats_merge", test_zstats_merge},
	 {"test_flow_follow_released_records", test_flow_follow_released_records},
	 {"test_flow_follow_fin_behind_hole", test_flow_follow_fin_behind_hole})
