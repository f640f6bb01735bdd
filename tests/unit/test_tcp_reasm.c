/* SPDX-License-Identifier: BSD-2-Clause */
/* test_tcp_reasm.c - CUnit suite of TCP stream reassembly: every policy case
 * with hand-built segments (the consumer writes what it gets as a string,
 * gaps as "[gap N]"), and a randomised check that any arrival order gives
 * back the original stream. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ps_test.h"
#include "reasm_record.h"
#include "tcp_reasm.h"

struct sink {
	char s[8192];
	size_t n;
	unsigned calls;
};

static void deliver(void *user, const uint8_t *data, uint32_t len)
{
	struct sink *k = user;
	k->calls++;
	if (!data) {
		k->n += (size_t)snprintf(k->s + k->n, sizeof k->s - k->n, "[gap %u]", len);
		return;
	}
	CU_ASSERT_TRUE_FATAL(len < sizeof k->s - k->n);
	memcpy(k->s + k->n, data, len);
	k->n += len;
	k->s[k->n] = 0;
}

/* a segment with text payload */
static struct ps_tcp_seg seg(uint32_t seq, uint16_t flags, const char *text)
{
	uint32_t n = text ? (uint32_t)strlen(text) : 0;
	return (struct ps_tcp_seg){.seq = seq, .flags = flags | PS_TCPF_ACK, .win = 1000,
				   .data = (const uint8_t *)text, .caplen = n, .len = n};
}

struct fix {
	struct ps_tcp_budget b;
	struct ps_tcp_stream s;
	struct sink k;
};

static void fix_init(struct fix *f)
{
	memset(f, 0, sizeof *f);
	ps_tcp_budget_init(&f->b, 0);
	ps_tcp_stream_init(&f->s, &f->b, deliver, &f->k);
}

static uint32_t add(struct fix *f, uint32_t seq, uint16_t flags, const char *text)
{
	struct ps_tcp_seg g = seg(seq, flags, text);
	return ps_tcp_stream_add(&f->s, &g);
}

static void fix_done(struct fix *f)
{
	ps_tcp_stream_free(&f->s);
	CU_ASSERT_EQUAL(f->b.used, 0);
}

static void test_tcp_reasm_in_order(void)
{
	struct fix f;
	fix_init(&f);
	CU_ASSERT_EQUAL(add(&f, 1000, PS_TCPF_SYN, NULL), 0);
	CU_ASSERT_EQUAL(add(&f, 1001, 0, "abc"), PS_TCP_R_DELIVERED);
	CU_ASSERT_EQUAL(add(&f, 1004, 0, "def"), PS_TCP_R_DELIVERED);
	CU_ASSERT_EQUAL(add(&f, 1007, PS_TCPF_FIN, NULL), PS_TCP_R_CLOSED);
	CU_ASSERT_STRING_EQUAL(f.k.s, "abcdef");
	CU_ASSERT_EQUAL(f.k.calls, 2); /* one call per segment: no copy, no merge */
	CU_ASSERT_EQUAL(f.b.c.in_order, 2);
	CU_ASSERT_EQUAL(f.b.c.buffered, 0);
	CU_ASSERT_EQUAL(f.b.peak, 0); /* in-order data is never buffered */
	CU_ASSERT_EQUAL(f.s.state, PS_TCPS_CLOSED);
	CU_ASSERT_EQUAL(f.s.isn, 1000);
	CU_ASSERT_EQUAL(f.b.c.bytes, 6);
	fix_done(&f);
}

static void test_tcp_reasm_out_of_order(void)
{
	struct fix f;
	fix_init(&f);
	add(&f, 1000, PS_TCPF_SYN, NULL);
	CU_ASSERT_EQUAL(add(&f, 1007, 0, "ghi"), PS_TCP_R_BUFFERED);
	CU_ASSERT_EQUAL(add(&f, 1004, 0, "def"), PS_TCP_R_BUFFERED);
	CU_ASSERT_STRING_EQUAL(f.k.s, "");
	CU_ASSERT_TRUE(f.b.used > 6);
	CU_ASSERT_EQUAL(f.s.nsegs, 2);
	CU_ASSERT_EQUAL(add(&f, 1001, 0, "abc"), PS_TCP_R_DELIVERED);
	CU_ASSERT_STRING_EQUAL(f.k.s, "abcdefghi");
	CU_ASSERT_EQUAL(f.b.used, 0);
	CU_ASSERT_EQUAL(f.s.nsegs, 0);
	CU_ASSERT_EQUAL(f.b.c.buffered, 2);
	fix_done(&f);
}

static void test_tcp_reasm_duplicate(void)
{
	struct fix f;
	fix_init(&f);
	add(&f, 1000, PS_TCPF_SYN, NULL);
	add(&f, 1001, 0, "abc");
	CU_ASSERT_EQUAL(add(&f, 1001, 0, "abc"), PS_TCP_R_RETRANS);
	/* a copy of buffered (not yet delivered) data */
	CU_ASSERT_EQUAL(add(&f, 1007, 0, "ghi"), PS_TCP_R_BUFFERED);
	CU_ASSERT_EQUAL(add(&f, 1007, 0, "ghi"), PS_TCP_R_RETRANS);
	CU_ASSERT_EQUAL(f.s.nsegs, 1);
	add(&f, 1004, 0, "def");
	CU_ASSERT_STRING_EQUAL(f.k.s, "abcdefghi");
	CU_ASSERT_EQUAL(f.b.c.retrans_segs, 2);
	CU_ASSERT_EQUAL(f.b.c.retrans_bytes, 6);
	CU_ASSERT_EQUAL(f.b.c.overlaps, 0);
	fix_done(&f);
}

static void test_tcp_reasm_overlap_same_data(void)
{
	struct fix f;
	fix_init(&f);
	add(&f, 1000, PS_TCPF_SYN, NULL);
	add(&f, 1001, 0, "abcd");
	CU_ASSERT_EQUAL(add(&f, 1003, 0, "cdef"), PS_TCP_R_RETRANS | PS_TCP_R_DELIVERED);
	/* out of order, overlapping a buffered piece on both sides */
	CU_ASSERT_EQUAL(add(&f, 1010, 0, "jk"), PS_TCP_R_BUFFERED);
	CU_ASSERT_EQUAL(add(&f, 1009, 0, "ijklm"), PS_TCP_R_RETRANS | PS_TCP_R_BUFFERED);
	CU_ASSERT_EQUAL(f.s.nsegs, 3);
	add(&f, 1007, 0, "gh");
	CU_ASSERT_STRING_EQUAL(f.k.s, "abcdefghijklm");
	CU_ASSERT_EQUAL(f.b.c.overlaps, 0);
	fix_done(&f);
}

/* First wins: buffered bytes are delivered, not the later copy. */
static void test_tcp_reasm_overlap_different_data(void)
{
	struct fix f;
	fix_init(&f);
	add(&f, 1000, PS_TCPF_SYN, NULL);
	CU_ASSERT_EQUAL(add(&f, 1004, 0, "XYZ"), PS_TCP_R_BUFFERED);
	uint32_t r = add(&f, 1001, 0, "abcdefg");
	CU_ASSERT_EQUAL(r, PS_TCP_R_DELIVERED | PS_TCP_R_RETRANS | PS_TCP_R_OVERLAP);
	CU_ASSERT_STRING_EQUAL(f.k.s, "abcXYZg");
	/* out of order against out of order */
	add(&f, 1012, 0, "LMN");
	r = add(&f, 1010, 0, "jkxyzop");
	CU_ASSERT_TRUE(r & PS_TCP_R_OVERLAP);
	add(&f, 1008, 0, "hi");
	CU_ASSERT_STRING_EQUAL(f.k.s, "abcXYZghijkLMNop");
	CU_ASSERT_EQUAL(f.b.c.overlaps, 2);
	/* the event for it */
	enum ps_event_code ev[4];
	CU_ASSERT_EQUAL(ps_tcp_reasm_events(r, ev, 4), 1);
	CU_ASSERT_STRING_EQUAL(ps_event_name(ev[0]), "tcp.reassembly_overlap");
	CU_ASSERT_EQUAL(ps_event_kind(ev[0]), PS_EVK_ANALYSIS);
	fix_done(&f);
}

/* Past the per-stream cap the stream stops waiting for the hole. */
static void test_tcp_reasm_gap_then_continue(void)
{
	struct fix f;
	fix_init(&f);
	f.b.stream_max_segs = 2;
	add(&f, 1000, PS_TCPF_SYN, NULL);
	add(&f, 1001, 0, "abc");
	CU_ASSERT_EQUAL(add(&f, 1010, 0, "jkl"), PS_TCP_R_BUFFERED);
	CU_ASSERT_EQUAL(add(&f, 1013, 0, "mno"), PS_TCP_R_BUFFERED);
	uint32_t r = add(&f, 1019, 0, "stu");
	CU_ASSERT_EQUAL(r, PS_TCP_R_GAP | PS_TCP_R_DELIVERED | PS_TCP_R_BUFFERED);
	CU_ASSERT_STRING_EQUAL(f.k.s, "abc[gap 6]jklmno");
	CU_ASSERT_EQUAL(f.s.nsegs, 1);
	/* the late bytes of the hole are old now */
	CU_ASSERT_EQUAL(add(&f, 1004, 0, "def"), PS_TCP_R_RETRANS);
	add(&f, 1016, 0, "pqr");
	CU_ASSERT_STRING_EQUAL(f.k.s, "abc[gap 6]jklmnopqrstu");
	CU_ASSERT_EQUAL(f.b.c.gaps, 1);
	CU_ASSERT_EQUAL(f.b.c.gap_bytes, 6);
	CU_ASSERT_EQUAL(f.s.gap_bytes, 6);
	enum ps_event_code ev[4];
	CU_ASSERT_EQUAL(ps_tcp_reasm_events(r, ev, 4), 1);
	CU_ASSERT_STRING_EQUAL(ps_event_name(ev[0]), "tcp.reassembly_gap");
	/* the byte cap does the same */
	struct fix g;
	fix_init(&g);
	add(&g, 1000, PS_TCPF_SYN, NULL);
	add(&g, 1011, 0, "kl");
	g.b.stream_cap = g.s.held + 1; /* room for nothing more */
	CU_ASSERT_TRUE(add(&g, 1020, 0, "uv") & PS_TCP_R_GAP);
	CU_ASSERT_STRING_EQUAL(g.k.s, "[gap 10]kl");
	fix_done(&f);
	fix_done(&g);
}

/* the other side acknowledged past a hole: received, never captured */
static void test_tcp_reasm_acked_gap(void)
{
	struct fix f;
	fix_init(&f);
	add(&f, 1000, PS_TCPF_SYN, NULL);
	add(&f, 1001, 0, "abc");
	add(&f, 1010, 0, "jkl");
	add(&f, 1020, 0, "uvw");
	/* an ACK up to the first buffered byte proves nothing yet */
	CU_ASSERT_EQUAL(ps_tcp_stream_acked(&f.s, 1010), 0);
	CU_ASSERT_STRING_EQUAL(f.k.s, "abc");
	/* past it: that hole is given up, the second one (1013..1020) is not */
	CU_ASSERT_EQUAL(ps_tcp_stream_acked(&f.s, 1011), PS_TCP_R_GAP | PS_TCP_R_DELIVERED);
	CU_ASSERT_STRING_EQUAL(f.k.s, "abc[gap 6]jkl");
	CU_ASSERT_EQUAL(f.s.nsegs, 1);
	CU_ASSERT_EQUAL(ps_tcp_stream_acked(&f.s, 1030), PS_TCP_R_GAP | PS_TCP_R_DELIVERED);
	CU_ASSERT_STRING_EQUAL(f.k.s, "abc[gap 6]jkl[gap 7]uvw");
	CU_ASSERT_EQUAL(ps_tcp_stream_acked(&f.s, 1040), 0); /* nothing buffered */
	CU_ASSERT_EQUAL(f.b.c.gaps, 2);
	fix_done(&f);
}

static void test_tcp_reasm_gap_at_fin_rst_flush(void)
{
	struct fix f;
	fix_init(&f);
	add(&f, 1000, PS_TCPF_SYN, NULL);
	add(&f, 1001, 0, "abc");
	add(&f, 1007, 0, "ghi");
	/* data buffered behind a hole: the FIN waits for it (tshark's follow
	 * shows that data only once the hole is filled or acknowledged) */
	CU_ASSERT_EQUAL(add(&f, 1010, PS_TCPF_FIN, "j"), PS_TCP_R_BUFFERED);
	CU_ASSERT_STRING_EQUAL(f.k.s, "abc");
	CU_ASSERT_EQUAL(f.s.state, PS_TCPS_OPEN);
	CU_ASSERT_EQUAL(add(&f, 1011, 0, "late"), PS_TCP_R_AFTER_CLOSE); /* past the FIN */
	CU_ASSERT_EQUAL(add(&f, 1010, PS_TCPF_FIN, "j"), PS_TCP_R_RETRANS);
	CU_ASSERT_EQUAL(ps_tcp_stream_acked(&f.s, 1008), PS_TCP_R_GAP | PS_TCP_R_DELIVERED |
								 PS_TCP_R_CLOSED);
	CU_ASSERT_STRING_EQUAL(f.k.s, "abc[gap 3]ghij");
	CU_ASSERT_EQUAL(f.s.state, PS_TCPS_CLOSED);
	/* ... or filled: the stream closes when it reaches the FIN */
	struct fix w;
	fix_init(&w);
	add(&w, 1000, PS_TCPF_SYN, NULL);
	add(&w, 1004, PS_TCPF_FIN, "de");
	CU_ASSERT_EQUAL(add(&w, 1001, 0, "abc"), PS_TCP_R_DELIVERED | PS_TCP_R_CLOSED);
	CU_ASSERT_STRING_EQUAL(w.k.s, "abcde");
	/* ... or flushed (the flow ends) */
	struct fix x;
	fix_init(&x);
	add(&x, 1000, PS_TCPF_SYN, NULL);
	add(&x, 1004, PS_TCPF_FIN, "de");
	CU_ASSERT_EQUAL(ps_tcp_stream_flush(&x.s), PS_TCP_R_GAP | PS_TCP_R_DELIVERED |
						       PS_TCP_R_CLOSED);
	CU_ASSERT_STRING_EQUAL(x.k.s, "[gap 3]de");
	fix_done(&w);
	fix_done(&x);
	/* a FIN beyond a hole with nothing buffered: the hole up to it is a gap */
	struct fix g;
	fix_init(&g);
	add(&g, 1000, PS_TCPF_SYN, NULL);
	add(&g, 1001, 0, "ab");
	CU_ASSERT_TRUE(add(&g, 1010, PS_TCPF_FIN, NULL) & PS_TCP_R_GAP);
	CU_ASSERT_STRING_EQUAL(g.k.s, "ab[gap 7]");
	/* RST: buffered data goes out, the RST's own data does not */
	struct fix h;
	fix_init(&h);
	add(&h, 1000, PS_TCPF_SYN, NULL);
	add(&h, 1005, 0, "ef");
	CU_ASSERT_EQUAL(add(&h, 1001, PS_TCPF_RST, "rst!"),
			PS_TCP_R_GAP | PS_TCP_R_DELIVERED | PS_TCP_R_CLOSED);
	CU_ASSERT_STRING_EQUAL(h.k.s, "[gap 4]ef");
	CU_ASSERT_EQUAL(add(&h, 1007, 0, "gh"), PS_TCP_R_AFTER_CLOSE);
	/* flush: the stream stays open */
	struct fix k;
	fix_init(&k);
	add(&k, 1000, PS_TCPF_SYN, NULL);
	add(&k, 1003, 0, "cd");
	add(&k, 1007, 0, "gh");
	CU_ASSERT_EQUAL(ps_tcp_stream_flush(&k.s), PS_TCP_R_GAP | PS_TCP_R_DELIVERED);
	CU_ASSERT_STRING_EQUAL(k.k.s, "[gap 2]cd[gap 2]gh");
	CU_ASSERT_EQUAL(add(&k, 1009, 0, "ij"), PS_TCP_R_DELIVERED);
	CU_ASSERT_STRING_EQUAL(k.k.s, "[gap 2]cd[gap 2]ghij");
	fix_done(&f);
	fix_done(&g);
	fix_done(&h);
	fix_done(&k);
}

static void test_tcp_reasm_wrap(void)
{
	struct fix f;
	fix_init(&f);
	add(&f, 0xfffffffcu, PS_TCPF_SYN, NULL);
	/* "abcd" covers 0xfffffffd..0x00000000; "efg" starts at 1 */
	CU_ASSERT_EQUAL(add(&f, 1, 0, "efg"), PS_TCP_R_BUFFERED);
	CU_ASSERT_EQUAL(add(&f, 0xfffffffdu, 0, "abcd"), PS_TCP_R_DELIVERED);
	CU_ASSERT_STRING_EQUAL(f.k.s, "abcdefg");
	CU_ASSERT_EQUAL(f.s.next, 4);
	/* a retransmission from before the wrap is old */
	CU_ASSERT_EQUAL(add(&f, 0xfffffffeu, 0, "bcdefg"), PS_TCP_R_RETRANS);
	/* and one straddling next delivers only its new part */
	CU_ASSERT_EQUAL(add(&f, 0xffffffffu, 0, "cdefghi"), PS_TCP_R_RETRANS | PS_TCP_R_DELIVERED);
	CU_ASSERT_STRING_EQUAL(f.k.s, "abcdefghi");
	fix_done(&f);
}

static void test_tcp_reasm_syn_fin_rst(void)
{
	struct fix f;
	fix_init(&f);
	add(&f, 5000, PS_TCPF_SYN, NULL);
	CU_ASSERT_EQUAL(add(&f, 5000, PS_TCPF_SYN, NULL), PS_TCP_R_RETRANS);
	/* a SYN with another ISN is not ours to interpret */
	CU_ASSERT_EQUAL(add(&f, 9000, PS_TCPF_SYN, "zz"), 0);
	add(&f, 5001, 0, "ab");
	CU_ASSERT_EQUAL(add(&f, 5003, PS_TCPF_FIN, "c"), PS_TCP_R_DELIVERED | PS_TCP_R_CLOSED);
	/* a retransmitted FIN, then data after the end */
	CU_ASSERT_EQUAL(add(&f, 5003, PS_TCPF_FIN, "c"), PS_TCP_R_RETRANS);
	CU_ASSERT_EQUAL(add(&f, 5004, 0, "late"), PS_TCP_R_AFTER_CLOSE);
	CU_ASSERT_EQUAL(add(&f, 5004, 0, NULL), 0); /* a pure ACK is nothing */
	CU_ASSERT_STRING_EQUAL(f.k.s, "abc");
	CU_ASSERT_EQUAL(f.b.c.after_close, 1);
	/* data on the SYN (TCP Fast Open) starts after it */
	struct fix g;
	fix_init(&g);
	CU_ASSERT_EQUAL(add(&g, 7000, PS_TCPF_SYN, "tfo"), PS_TCP_R_DELIVERED);
	add(&g, 7004, 0, "!");
	CU_ASSERT_STRING_EQUAL(g.k.s, "tfo!");
	/* a RST on a stream never seen before */
	struct fix h;
	fix_init(&h);
	CU_ASSERT_EQUAL(add(&h, 1, PS_TCPF_RST, NULL), PS_TCP_R_MIDSTREAM | PS_TCP_R_CLOSED);
	CU_ASSERT_EQUAL(h.k.calls, 0);
	fix_done(&f);
	fix_done(&g);
	fix_done(&h);
}

static void test_tcp_reasm_midstream(void)
{
	struct fix f;
	fix_init(&f);
	CU_ASSERT_EQUAL(add(&f, 77777, 0, "mid"), PS_TCP_R_MIDSTREAM | PS_TCP_R_DELIVERED);
	CU_ASSERT_TRUE(f.s.midstream);
	CU_ASSERT_FALSE(f.s.syn_seen);
	CU_ASSERT_EQUAL(add(&f, 77770, 0, "before!"), PS_TCP_R_RETRANS);
	add(&f, 77780, 0, "dle");
	CU_ASSERT_STRING_EQUAL(f.k.s, "middle");
	CU_ASSERT_EQUAL(f.b.c.midstream, 1);
	/* a pure ACK can start it too: its seq is the next byte */
	struct fix g;
	fix_init(&g);
	CU_ASSERT_EQUAL(add(&g, 300, 0, NULL), PS_TCP_R_MIDSTREAM);
	add(&g, 302, 0, "cd");
	add(&g, 300, 0, "ab");
	CU_ASSERT_STRING_EQUAL(g.k.s, "abcd");
	fix_done(&f);
	fix_done(&g);
}

/* The global limit drops the oldest buffered data of any stream. */
static void test_tcp_reasm_mem_cap(void)
{
	struct ps_tcp_budget b;
	struct ps_tcp_stream s1, s2;
	struct sink k1 = {.n = 0}, k2 = {.n = 0};
	ps_tcp_budget_init(&b, 0);
	ps_tcp_stream_init(&s1, &b, deliver, &k1);
	ps_tcp_stream_init(&s2, &b, deliver, &k2);
	struct ps_tcp_seg g = seg(100, PS_TCPF_SYN, NULL);
	ps_tcp_stream_add(&s1, &g);
	g.seq = 200;
	ps_tcp_stream_add(&s2, &g);
	g = seg(111, 0, "AAAAAAAAAA");
	CU_ASSERT_EQUAL(ps_tcp_stream_add(&s1, &g), PS_TCP_R_BUFFERED);
	size_t one = b.used; /* what one 10-byte node costs */
	b.limit = 2 * one + one / 2;
	g = seg(211, 0, "BBBBBBBBBB");
	CU_ASSERT_EQUAL(ps_tcp_stream_add(&s2, &g), PS_TCP_R_BUFFERED);
	g = seg(231, 0, "CCCCCCCCCC");
	CU_ASSERT_EQUAL(ps_tcp_stream_add(&s2, &g), PS_TCP_R_BUFFERED); /* s1's node goes */
	CU_ASSERT_TRUE(b.used <= b.limit);
	CU_ASSERT_TRUE(b.peak <= b.limit);
	CU_ASSERT_EQUAL(b.c.mem_drops, 1);
	CU_ASSERT_EQUAL(b.c.mem_drop_bytes, 10);
	CU_ASSERT_EQUAL(s1.nsegs, 0);
	/* s1 hears about it at its next segment, and the bytes are a gap */
	g = seg(101, 0, "0123456789");
	uint32_t r = ps_tcp_stream_add(&s1, &g);
	CU_ASSERT_EQUAL(r, PS_TCP_R_DELIVERED | PS_TCP_R_MEM_DROP);
	enum ps_event_code ev[4];
	CU_ASSERT_EQUAL(ps_tcp_reasm_events(r, ev, 4), 1);
	CU_ASSERT_STRING_EQUAL(ps_event_name(ev[0]), "tcp.reassembly_mem_drop");
	g = seg(121, PS_TCPF_FIN, NULL);
	ps_tcp_stream_add(&s1, &g);
	CU_ASSERT_STRING_EQUAL(k1.s, "0123456789[gap 10]");
	/* s2's own oldest node goes when it needs room beyond the limit */
	g = seg(251, 0, "DDDDDDDDDD");
	CU_ASSERT_EQUAL(ps_tcp_stream_add(&s2, &g), PS_TCP_R_BUFFERED | PS_TCP_R_MEM_DROP);
	CU_ASSERT_TRUE(b.used <= b.limit);
	ps_tcp_stream_flush(&s2);
	CU_ASSERT_STRING_EQUAL(k2.s, "[gap 30]CCCCCCCCCC[gap 10]DDDDDDDDDD");
	/* a segment bigger than the whole limit is never buffered */
	b.limit = 8;
	g = seg(300, 0, "EEEE");
	CU_ASSERT_EQUAL(ps_tcp_stream_add(&s2, &g), PS_TCP_R_GAP | PS_TCP_R_DELIVERED);
	CU_ASSERT_EQUAL(b.used, 0);
	ps_tcp_stream_free(&s1);
	ps_tcp_stream_free(&s2);
	CU_ASSERT_EQUAL(b.used, 0);
}

/* Bytes cut by the snap length are a gap, in order and out of order. */
static void test_tcp_reasm_snaplen(void)
{
	struct fix f;
	fix_init(&f);
	add(&f, 0, PS_TCPF_SYN, NULL);
	struct ps_tcp_seg g = seg(11, 0, "klmnopqrst");
	g.caplen = 3;
	CU_ASSERT_EQUAL(ps_tcp_stream_add(&f.s, &g), PS_TCP_R_BUFFERED);
	g = seg(1, 0, "abcdefghij");
	g.caplen = 4;
	CU_ASSERT_EQUAL(ps_tcp_stream_add(&f.s, &g), PS_TCP_R_DELIVERED | PS_TCP_R_GAP);
	CU_ASSERT_STRING_EQUAL(f.k.s, "abcd[gap 6]klm[gap 7]");
	fix_done(&f);
}

/* The cap on nodes per stream also bounds a flood of tiny pieces. */
static void test_tcp_reasm_tiny_flood(void)
{
	struct fix f;
	fix_init(&f);
	add(&f, 0, PS_TCPF_SYN, NULL);
	for (uint32_t i = 0; i < 10000; i++)
		add(&f, 3 + 2 * (10000 - i), 0, "x"); /* descending, every other byte */
	CU_ASSERT_TRUE(f.s.nsegs <= f.b.stream_max_segs);
	CU_ASSERT_TRUE(f.b.c.gaps > 0);
	fix_done(&f);
}

/* Any arrival order, with duplicates and overlaps of equal data, gives the
 * stream back exactly when the caps are not reached; with tight caps, every
 * data byte is at its place and data plus gaps is the stream's length. */
struct check_sink {
	const uint8_t *want;
	uint32_t pos, gaps;
	bool ok;
};

static void check_deliver(void *user, const uint8_t *data, uint32_t len)
{
	struct check_sink *c = user;
	if (data && memcmp(c->want + c->pos, data, len))
		c->ok = false;
	if (!data)
		c->gaps += len;
	c->pos += len;
}

static void run_random(unsigned seed, size_t limit, uint32_t max_segs, bool exact)
{
	enum { N = 3000, NSEG = 400 };
	static uint8_t stream[N];
	struct span {
		uint32_t off, len;
	} segs[NSEG];
	srand(seed);
	for (unsigned i = 0; i < N; i++)
		stream[i] = (uint8_t)rand();
	uint32_t isn = (uint32_t)rand() * 2654435761u; /* anywhere, wraps included */
	for (unsigned i = 0; i < NSEG; i++) {
		segs[i].off = (uint32_t)rand() % N;
		segs[i].len = 1 + (uint32_t)rand() % 60;
		if (segs[i].off + segs[i].len > N)
			segs[i].len = N - segs[i].off;
	}
	/* make sure every byte is covered once at least */
	for (unsigned i = 0; i < N / 30; i++)
		segs[i] = (struct span){i * 30, 30};
	for (unsigned i = NSEG - 1; i > 0; i--) {
		unsigned j = (unsigned)rand() % (i + 1);
		struct span t = segs[i];
		segs[i] = segs[j];
		segs[j] = t;
	}
	struct ps_tcp_budget b;
	struct ps_tcp_stream s;
	struct check_sink c = {stream, 0, 0, true};
	ps_tcp_budget_init(&b, limit);
	b.stream_max_segs = max_segs;
	ps_tcp_stream_init(&s, &b, check_deliver, &c);
	struct ps_tcp_seg g = {.seq = isn, .flags = PS_TCPF_SYN};
	ps_tcp_stream_add(&s, &g);
	for (unsigned i = 0; i < NSEG; i++) {
		g = (struct ps_tcp_seg){.seq = isn + 1 + segs[i].off, .flags = PS_TCPF_ACK,
					.data = stream + segs[i].off, .caplen = segs[i].len,
					.len = segs[i].len};
		uint32_t r = ps_tcp_stream_add(&s, &g);
		CU_ASSERT_FALSE(r & PS_TCP_R_OVERLAP);
		CU_ASSERT_TRUE(b.used <= b.limit);
	}
	g = (struct ps_tcp_seg){.seq = isn + 1 + N, .flags = PS_TCPF_FIN | PS_TCPF_ACK};
	ps_tcp_stream_add(&s, &g);
	ps_tcp_stream_flush(&s); /* the flow ends: a FIN behind a hole waited */
	CU_ASSERT_EQUAL(s.state, PS_TCPS_CLOSED);
	CU_ASSERT_TRUE(c.ok);
	CU_ASSERT_EQUAL(c.pos, N);
	if (exact)
		CU_ASSERT_EQUAL(c.gaps, 0);
	CU_ASSERT_EQUAL(b.used, 0);
	ps_tcp_stream_free(&s);
}

static void test_tcp_reasm_random_orders(void)
{
	for (unsigned seed = 1; seed <= 40; seed++) {
		run_random(seed, 0, 4096, true);
		run_random(seed, 2000, 4096, false); /* global limit */
		run_random(seed, 0, 5, false);       /* per-stream cap */
	}
}

/* A dissected frame as a segment: seq, flags, payload and time stamp. */
static void test_tcp_reasm_from_record(void)
{
	/* IPv4 10.0.0.1 > 10.0.0.2, TCP 80 > 8080 seq 1001 ack 1, PSH|ACK, win 4096, "hello" */
	static const uint8_t raw[45] = {
		0x45, 0, 0, 45, 0, 1, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1, 10, 0, 0, 2,
		0, 80, 0x1f, 0x90, 0, 0, 0x03, 0xe9, 0, 0, 0, 1, 0x50, 0x18, 0x10, 0, 0, 0, 0, 0,
		'h', 'e', 'l', 'l', 'o'};
	struct ps_packet pkt;
	struct ps_tcp_seg g;
	pst_dissect(&pkt, PS_DLT_RAW, raw, sizeof raw, sizeof raw);
	pkt.ts_frac = 250000;
	int li = ps_packet_find(&pkt, PS_P_TCP);
	CU_ASSERT_TRUE_FATAL(li >= 0);
	CU_ASSERT_TRUE_FATAL(ps_reasm_tcp_seg_from_record(&pkt, (unsigned)li, &g));
	CU_ASSERT_EQUAL(g.seq, 1001);
	CU_ASSERT_EQUAL(g.ack, 1);
	CU_ASSERT_EQUAL(g.flags, 0x18);
	CU_ASSERT_EQUAL(g.win, 4096);
	CU_ASSERT_EQUAL(g.len, 5);
	CU_ASSERT_EQUAL(g.caplen, 5);
	CU_ASSERT_EQUAL(g.ts_ns, 1700000000250000000ull);
	struct fix f;
	fix_init(&f);
	add(&f, 1000, PS_TCPF_SYN, NULL);
	CU_ASSERT_EQUAL(ps_tcp_stream_add(&f.s, &g), PS_TCP_R_DELIVERED);
	CU_ASSERT_STRING_EQUAL(f.k.s, "hello");
	/* a snap length inside the payload: the bytes captured, the length claimed */
	pst_dissect(&pkt, PS_DLT_RAW, raw, 42, sizeof raw);
	CU_ASSERT_TRUE_FATAL(ps_reasm_tcp_seg_from_record(&pkt, (unsigned)li, &g));
	CU_ASSERT_EQUAL(g.caplen, 2);
	CU_ASSERT_EQUAL(g.len, 5);
	/* inside the header: not a segment */
	pst_dissect(&pkt, PS_DLT_RAW, raw, 30, sizeof raw);
	CU_ASSERT_FALSE(ps_reasm_tcp_seg_from_record(&pkt, (unsigned)li, &g));
	fix_done(&f);
}

PST_MAIN("tcp_reasm", {"in_order", test_tcp_reasm_in_order},
	 {"out_of_order", test_tcp_reasm_out_of_order}, {"duplicate", test_tcp_reasm_duplicate},
	 {"overlap_same_data", test_tcp_reasm_overlap_same_data},
	 {"overlap_different_data", test_tcp_reasm_overlap_different_data},
	 {"gap_then_continue", test_tcp_reasm_gap_then_continue},
	 {"gap_at_fin_rst_flush", test_tcp_reasm_gap_at_fin_rst_flush},
	 {"acked_gap", test_tcp_reasm_acked_gap},
	 {"wrap", test_tcp_reasm_wrap}, {"syn_fin_rst", test_tcp_reasm_syn_fin_rst},
	 {"midstream", test_tcp_reasm_midstream}, {"mem_cap", test_tcp_reasm_mem_cap},
	 {"snaplen", test_tcp_reasm_snaplen}, {"tiny_flood", test_tcp_reasm_tiny_flood},
	 {"random_orders", test_tcp_reasm_random_orders}, {"from_record", test_tcp_reasm_from_record})
