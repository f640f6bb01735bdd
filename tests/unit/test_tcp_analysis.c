/* SPDX-License-Identifier: BSD-2-Clause */
/* test_tcp_analysis.c - CUnit suite of the TCP analysis flags: each of
 * tshark's conditions, its exclusions, and a short conversation played
 * through both directions. */
#include <string.h>

#include "ps_test.h"
#include "tcp_analysis.h"

#define MS 1000000ull

/* Both directions of one connection, fed through analyze + update. */
struct conv {
	struct ps_tcp_anl d[2];
	uint64_t now;
};

static uint32_t feed(struct conv *c, int dir, uint32_t seq, uint32_t ack, uint16_t flags,
		     uint32_t win, uint32_t len, uint64_t dt_ns)
{
	c->now += dt_ns;
	struct ps_tcp_seg s = {.seq = seq, .ack = ack, .flags = flags, .win = win, .len = len,
			       .ts_ns = c->now};
	uint32_t a = ps_tcp_analyze(&c->d[dir], &c->d[!dir], &s, PS_TCP_OOO_THRES_NS);
	ps_tcp_analysis_update(&c->d[dir], &c->d[!dir], &s, a);
	return a;
}

/* client 1000 -> server 5000, handshake done, client sent 100 bytes at 1001 */
static void established(struct conv *c)
{
	memset(c, 0, sizeof *c);
	feed(c, 0, 1000, 0, PS_TCPF_SYN, 64000, 0, 0);
	feed(c, 1, 5000, 1001, PS_TCPF_SYN | PS_TCPF_ACK, 64000, 0, MS);
	feed(c, 0, 1001, 5001, PS_TCPF_ACK, 64000, 0, MS);
	CU_ASSERT_EQUAL(feed(c, 0, 1001, 5001, PS_TCPF_ACK, 64000, 100, 10 * MS), 0);
}

static void test_tcp_analysis_clean_handshake(void)
{
	struct conv c;
	memset(&c, 0, sizeof c);
	CU_ASSERT_EQUAL(feed(&c, 0, 1000, 0, PS_TCPF_SYN, 64000, 0, 0), 0);
	CU_ASSERT_EQUAL(feed(&c, 1, 5000, 1001, PS_TCPF_SYN | PS_TCPF_ACK, 64000, 0, MS), 0);
	CU_ASSERT_EQUAL(feed(&c, 0, 1001, 5001, PS_TCPF_ACK, 64000, 0, MS), 0);
	CU_ASSERT_EQUAL(feed(&c, 0, 1001, 5001, PS_TCPF_ACK, 64000, 10, MS), 0);
	CU_ASSERT_EQUAL(feed(&c, 1, 5001, 1011, PS_TCPF_ACK, 64000, 0, MS), 0);
	CU_ASSERT_EQUAL(feed(&c, 0, 1011, 5001, PS_TCPF_FIN | PS_TCPF_ACK, 64000, 0, MS), 0);
	CU_ASSERT_EQUAL(feed(&c, 1, 5001, 1012, PS_TCPF_FIN | PS_TCPF_ACK, 64000, 0, MS), 0);
	CU_ASSERT_EQUAL(feed(&c, 0, 1012, 5002, PS_TCPF_ACK, 64000, 0, MS), 0);
}

static void test_tcp_analysis_zero_window(void)
{
	struct conv c;
	established(&c);
	CU_ASSERT_EQUAL(feed(&c, 1, 5001, 1101, PS_TCPF_ACK, 0, 0, MS), PS_TCP_A_ZERO_WINDOW);
	/* not with SYN, FIN or RST */
	CU_ASSERT_FALSE(feed(&c, 1, 5001, 1101, PS_TCPF_ACK | PS_TCPF_RST, 0, 0, MS) &
			PS_TCP_A_ZERO_WINDOW);
	/* the peer's 1-byte probe at the next sequence is a probe only */
	CU_ASSERT_EQUAL(feed(&c, 1, 5001, 1101, PS_TCPF_ACK, 0, 0, MS), PS_TCP_A_ZERO_WINDOW);
	CU_ASSERT_EQUAL(feed(&c, 0, 1101, 5001, PS_TCPF_ACK, 64000, 1, MS),
			PS_TCP_A_ZERO_WINDOW_PROBE);
	/* a probe does not advance the sequence: the real byte is not a retransmission */
	CU_ASSERT_EQUAL(c.d[0].nextseq, 1101);
}

static void test_tcp_analysis_lost_segment(void)
{
	struct conv c;
	established(&c);
	CU_ASSERT_EQUAL(feed(&c, 0, 1201, 5001, PS_TCPF_ACK, 64000, 100, MS),
			PS_TCP_A_LOST_SEGMENT);
	/* not on a RST */
	CU_ASSERT_EQUAL(feed(&c, 0, 1401, 5001, PS_TCPF_ACK | PS_TCPF_RST, 64000, 0, MS), 0);
	/* the first segment of a direction has nothing to compare with */
	struct conv d;
	memset(&d, 0, sizeof d);
	CU_ASSERT_EQUAL(feed(&d, 0, 123456, 1, PS_TCPF_ACK, 100, 50, 0), 0);
	/* beyond the next sequence modulo 2^32 */
	memset(&d, 0, sizeof d);
	feed(&d, 0, 0xfffffff0u, 1, PS_TCPF_ACK, 100, 0x10, 0); /* next: 0 */
	CU_ASSERT_EQUAL(feed(&d, 0, 0, 1, PS_TCPF_ACK, 100, 10, MS), 0);
	CU_ASSERT_EQUAL(feed(&d, 0, 20, 1, PS_TCPF_ACK, 100, 10, MS), PS_TCP_A_LOST_SEGMENT);
}

/* An ACK for data never seen (tshark's "ACKed segment that wasn't
 * captured"), as the ldap capture of ../shared/pcaps has it. */
static void test_tcp_analysis_ack_lost_segment(void)
{
	const uint32_t A = PS_TCPF_ACK, L = PS_TCP_A_ACK_LOST_SEGMENT;
	struct conv c;
	established(&c); /* the client sent 1001..1100 */
	/* acknowledging what was seen, or less: nothing */
	CU_ASSERT_EQUAL(feed(&c, 1, 5001, 1101, A, 64000, 0, MS) & L, 0);
	/* 1101..1200 was not captured: the client's next segment starts at 1201 */
	CU_ASSERT_EQUAL(feed(&c, 0, 1201, 5001, A, 64000, 100, MS), PS_TCP_A_LOST_SEGMENT);
	/* the server acknowledges 1301: beyond the in-order limit 1101, and the
	 * client sent more since (1201..1300): reported, the limit moves to 1301 */
	CU_ASSERT_EQUAL(feed(&c, 1, 5001, 1301, A, 64000, 0, MS) & L, L);
	CU_ASSERT_EQUAL(feed(&c, 1, 5001, 1301, A, 64000, 10, MS) & L, 0);
	/* beyond 1301 while the client sent nothing new: once ... */
	CU_ASSERT_EQUAL(feed(&c, 1, 5011, 1401, A, 64000, 10, MS) & L, L);
	CU_ASSERT_EQUAL(feed(&c, 1, 5021, 1501, A, 64000, 10, MS) & L, 0);
	/* ... until the client's next segment with a new ACK */
	CU_ASSERT_EQUAL(feed(&c, 0, 1301, 5001, A, 64000, 0, MS) & L, 0); /* same ACK */
	CU_ASSERT_EQUAL(feed(&c, 1, 5031, 1601, A, 64000, 10, MS) & L, 0);
	CU_ASSERT_EQUAL(feed(&c, 0, 1301, 5041, A, 64000, 0, MS) & L, 0);
	CU_ASSERT_EQUAL(feed(&c, 1, 5041, 1701, A, 64000, 0, MS) & L, L);
	/* only with the ACK flag, and only once the peer sent something */
	CU_ASSERT_EQUAL(feed(&c, 1, 5041, 9999, PS_TCPF_RST, 0, 0, MS) & L, 0);
	memset(&c, 0, sizeof c);
	CU_ASSERT_EQUAL(feed(&c, 1, 5000, 1234, A, 64000, 0, MS) & L, 0);
}

static void test_tcp_analysis_keep_alive(void)
{
	struct conv c;
	established(&c);
	CU_ASSERT_EQUAL(feed(&c, 0, 1100, 5001, PS_TCPF_ACK, 64000, 0, 5000 * MS),
			PS_TCP_A_KEEP_ALIVE);
	CU_ASSERT_EQUAL(feed(&c, 0, 1100, 5001, PS_TCPF_ACK, 64000, 1, 5000 * MS),
			PS_TCP_A_KEEP_ALIVE); /* with its garbage byte: not a retransmission */
	/* the peer's repeated ACK answers it */
	CU_ASSERT_EQUAL(feed(&c, 1, 5001, 1101, PS_TCPF_ACK, 64000, 0, MS), 0);
	CU_ASSERT_EQUAL(feed(&c, 0, 1100, 5001, PS_TCPF_ACK, 64000, 0, 5000 * MS),
			PS_TCP_A_KEEP_ALIVE);
	CU_ASSERT_EQUAL(feed(&c, 1, 5001, 1101, PS_TCPF_ACK, 64000, 0, MS),
			PS_TCP_A_KEEP_ALIVE_ACK);
	/* a FIN one below is not a keep-alive */
	CU_ASSERT_FALSE(feed(&c, 0, 1100, 5001, PS_TCPF_ACK | PS_TCPF_FIN, 64000, 0, MS) &
			PS_TCP_A_KEEP_ALIVE);
	/* 2 bytes are not a keep-alive */
	established(&c);
	CU_ASSERT_FALSE(feed(&c, 0, 1100, 5001, PS_TCPF_ACK, 64000, 2, 5000 * MS) &
			PS_TCP_A_KEEP_ALIVE);
}

static void test_tcp_analysis_dup_ack(void)
{
	struct conv c;
	established(&c);
	CU_ASSERT_EQUAL(feed(&c, 1, 5001, 1051, PS_TCPF_ACK, 64000, 0, MS), 0);
	CU_ASSERT_EQUAL(feed(&c, 1, 5001, 1051, PS_TCPF_ACK, 64000, 0, MS), PS_TCP_A_DUP_ACK);
	CU_ASSERT_EQUAL(feed(&c, 1, 5001, 1051, PS_TCPF_ACK, 64000, 0, MS), PS_TCP_A_DUP_ACK);
	CU_ASSERT_EQUAL(c.d[1].dupacks, 2);
	/* a new window is an update, not a duplicate */
	CU_ASSERT_EQUAL(feed(&c, 1, 5001, 1051, PS_TCPF_ACK, 32000, 0, MS),
			PS_TCP_A_WINDOW_UPDATE);
	/* a new ack ends the run */
	CU_ASSERT_EQUAL(feed(&c, 1, 5001, 1101, PS_TCPF_ACK, 32000, 0, MS), 0);
	CU_ASSERT_EQUAL(c.d[1].dupacks, 0);
	/* data is never a duplicate ACK */
	CU_ASSERT_FALSE(feed(&c, 1, 5001, 1101, PS_TCPF_ACK, 32000, 10, MS) & PS_TCP_A_DUP_ACK);
}

static void test_tcp_analysis_retransmissions(void)
{
	struct conv c;
	/* long after: a retransmission */
	established(&c);
	CU_ASSERT_EQUAL(feed(&c, 0, 1001, 5001, PS_TCPF_ACK, 64000, 100, 300 * MS),
			PS_TCP_A_RETRANSMISSION);
	/* within 3 ms of the highest sequence and not ending at it: out of order */
	established(&c);
	feed(&c, 0, 1201, 5001, PS_TCPF_ACK, 64000, 100, MS); /* lost segment */
	CU_ASSERT_EQUAL(feed(&c, 0, 1101, 5001, PS_TCPF_ACK, 64000, 100, MS),
			PS_TCP_A_OUT_OF_ORDER);
	/* ...but after the threshold it is a retransmission */
	established(&c);
	feed(&c, 0, 1201, 5001, PS_TCPF_ACK, 64000, 100, MS);
	CU_ASSERT_EQUAL(feed(&c, 0, 1101, 5001, PS_TCPF_ACK, 64000, 100, 4 * MS),
			PS_TCP_A_RETRANSMISSION);
	/* two dup ACKs asking for it, within 20 ms: fast retransmission */
	established(&c);
	feed(&c, 0, 1101, 5001, PS_TCPF_ACK, 64000, 100, MS);
	feed(&c, 1, 5001, 1001, PS_TCPF_ACK, 64000, 0, MS);
	feed(&c, 1, 5001, 1001, PS_TCPF_ACK, 64000, 0, MS);
	feed(&c, 1, 5001, 1001, PS_TCPF_ACK, 64000, 0, MS);
	CU_ASSERT_EQUAL(feed(&c, 0, 1001, 5001, PS_TCPF_ACK, 64000, 100, 5 * MS),
			PS_TCP_A_FAST_RETRANSMISSION);
	/* already acknowledged by the peer: spurious */
	established(&c);
	feed(&c, 1, 5001, 1101, PS_TCPF_ACK, 64000, 0, MS);
	CU_ASSERT_EQUAL(feed(&c, 0, 1001, 5001, PS_TCPF_ACK, 64000, 100, 300 * MS),
			PS_TCP_A_SPURIOUS_RETRANSMISSION);
	/* a retransmitted SYN */
	memset(&c, 0, sizeof c);
	feed(&c, 0, 1000, 0, PS_TCPF_SYN, 64000, 0, 0);
	CU_ASSERT_EQUAL(feed(&c, 0, 1000, 0, PS_TCPF_SYN, 64000, 0, 1000 * MS),
			PS_TCP_A_RETRANSMISSION);
	/* a FIN repeated at once ends at next (the FIN counts one): a
	 * retransmission, not out of order */
	established(&c);
	feed(&c, 0, 1101, 5001, PS_TCPF_ACK | PS_TCPF_FIN, 64000, 0, MS);
	CU_ASSERT_EQUAL(feed(&c, 0, 1101, 5001, PS_TCPF_ACK | PS_TCPF_FIN, 64000, 0, MS / 10),
			PS_TCP_A_RETRANSMISSION);
	/* more than one byte at next - 1 brings new data: no flag */
	established(&c);
	CU_ASSERT_EQUAL(feed(&c, 0, 1100, 5001, PS_TCPF_ACK, 64000, 50, 300 * MS), 0);
	/* data the peer acknowledged though it advances here (we missed the
	 * original): spurious all the same, as tshark */
	established(&c);
	feed(&c, 1, 5001, 1301, PS_TCPF_ACK, 64000, 0, MS);
	CU_ASSERT_EQUAL(feed(&c, 0, 1101, 5001, PS_TCPF_ACK, 64000, 100, MS),
			PS_TCP_A_SPURIOUS_RETRANSMISSION);
	/* across the wrap: 0xfffffff0 is below next = 0x10 */
	memset(&c, 0, sizeof c);
	feed(&c, 0, 0xfffffff0u, 1, PS_TCPF_ACK, 100, 0x20, 0);
	CU_ASSERT_EQUAL(feed(&c, 0, 0xfffffff0u, 1, PS_TCPF_ACK, 100, 0x20, 500 * MS),
			PS_TCP_A_RETRANSMISSION);
}

static void test_tcp_analysis_events(void)
{
	enum ps_event_code ev[8];
	static const struct {
		uint32_t flags;
		const char *name;
	} one[] = {
		{PS_TCP_A_RETRANSMISSION, "tcp.retransmission"},
		{PS_TCP_A_FAST_RETRANSMISSION, "tcp.retransmission"},
		{PS_TCP_A_SPURIOUS_RETRANSMISSION, "tcp.retransmission"},
		{PS_TCP_A_OUT_OF_ORDER, "tcp.out_of_order"},
		{PS_TCP_A_LOST_SEGMENT, "tcp.lost_segment"},
		{PS_TCP_A_DUP_ACK, "tcp.dup_ack"},
		{PS_TCP_A_ZERO_WINDOW, "tcp.zero_window"},
		{PS_TCP_A_KEEP_ALIVE, "tcp.keep_alive"},
	};
	for (unsigned i = 0; i < sizeof one / sizeof one[0]; i++) {
		CU_ASSERT_EQUAL(ps_tcp_analysis_events(one[i].flags, ev, 8), 1);
		CU_ASSERT_STRING_EQUAL(ps_event_name(ev[0]), one[i].name);
		CU_ASSERT_EQUAL(ps_event_kind(ev[0]), PS_EVK_ANALYSIS);
	}
	/* flags with no event of their own */
	CU_ASSERT_EQUAL(ps_tcp_analysis_events(PS_TCP_A_WINDOW_UPDATE | PS_TCP_A_KEEP_ALIVE_ACK |
						       PS_TCP_A_ZERO_WINDOW_PROBE,
					       ev, 8),
			0);
	CU_ASSERT_EQUAL(ps_tcp_analysis_events(PS_TCP_A_ZERO_WINDOW | PS_TCP_A_LOST_SEGMENT, ev, 1),
			1);
}

/* An analysis event added after dissection neither marks the packet
 * malformed nor truncated. */
static void test_tcp_analysis_event_on_record(void)
{
	struct ps_packet pkt;
	static const uint8_t raw[40] = {0x45, 0, 0, 40, 0, 1, 0, 0, 64, 6, 0, 0, 10, 0, 0, 1,
					10, 0, 0, 2, 0, 80, 0x1f, 0x90, 0, 0, 0, 1, 0, 0, 0, 0,
					0x50, 0x10, 0x10, 0, 0, 0, 0, 0};
	pst_dissect(&pkt, PS_DLT_RAW, raw, sizeof raw, sizeof raw);
	int li = ps_packet_find(&pkt, PS_P_TCP);
	CU_ASSERT_TRUE_FATAL(li >= 0);
	ps_packet_add_event(&pkt, PS_EV_TCP_DUP_ACK, li);
	CU_ASSERT_TRUE(pst_has_event(&pkt, "tcp.dup_ack"));
	CU_ASSERT_FALSE(pkt.any_malformed);
	CU_ASSERT_FALSE(pkt.any_truncated);
	ps_packet_add_event(&pkt, PS_EV_TCP_REASSEMBLY_MEM_DROP, li);
	CU_ASSERT_TRUE(pkt.any_malformed); /* a limit counts, as the dissectors' do */
}

PST_MAIN("tcp_analysis", {"clean_handshake", test_tcp_analysis_clean_handshake},
	 {"ack_lost_segment", test_tcp_analysis_ack_lost_segment},
	 {"zero_window", test_tcp_analysis_zero_window},
	 {"lost_segment", test_tcp_analysis_lost_segment},
	 {"keep_alive", test_tcp_analysis_keep_alive}, {"dup_ack", test_tcp_analysis_dup_ack},
	 {"retransmissions", test_tcp_analysis_retransmissions},
	 {"events", test_tcp_analysis_events}, {"event_on_record", test_tcp_analysis_event_on_record})
