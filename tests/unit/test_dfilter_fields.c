/* SPDX-License-Identifier: BSD-2-Clause */
/* test_dfilter_fields.c - the display-filter fields computed from several
 * record values: frame times relative to other frames (p->ref) and dates,
 * frame.protocols, tcp.flags.str, TCP option values and bytes, tcp.payload
 * and udp.payload, ip.host and friends, tcp.len on a completing fragment.
 * Each is checked through -Y (a compiled filter) and -T fields (its text). */
#include <stdlib.h>
#include <time.h>

#include "ps_dfilter.h"
#include "ps_out.h"
#include "ps_test.h"
#include "pst_dfilter.h"

static struct ps_packet pk;
static uint8_t frame[256];

/* Ethernet + IPv4 192.168.1.10 > 8.8.8.8 (frag: the flags/offset word) +
 * a transport header `l4` (n4 bytes, TCP or UDP by proto) + `data`. */
static uint32_t build_bin(uint8_t proto, uint16_t frag, const uint8_t *l4, uint32_t n4,
			  const void *data, uint32_t nd)
{
	static const uint8_t eth[14] = {0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00};
	uint32_t iplen = 20 + n4 + nd;
	uint8_t ip[20] = {0x45, 0, (uint8_t)(iplen >> 8), (uint8_t)iplen, 0x12, 0x34,
			  (uint8_t)(frag >> 8), (uint8_t)frag, 64, proto, 0, 0,
			  192, 168, 1, 10, 8, 8, 8, 8};
	memcpy(frame, eth, 14);
	memcpy(frame + 14, ip, 20);
	memcpy(frame + 34, l4, n4);
	memcpy(frame + 34 + n4, data, nd);
	return 34 + iplen - 20;
}
static uint32_t build(uint8_t proto, uint16_t frag, const uint8_t *l4, uint32_t n4,
		      const char *data)
{
	return build_bin(proto, frag, l4, n4, data, (uint32_t)strlen(data));
}

/* TCP 40000 > 80, PSH-ACK with the reserved bit 0x800 and AE set, hl 40:
 * mss 1460, nop, wscale 15 (beyond RFC 7323's 14), sackOK, TS 1000 / 7 */
static const uint8_t tcp_opts[40] = {
	0x9c, 0x40, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 2, 0xa9, 0x18, 0x72, 0x10, 0, 0, 0, 0,
	0x02, 0x04, 0x05, 0xb4, 0x01, 0x03, 0x03, 0x0f, 0x04, 0x02, 0x08, 0x0a,
	0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x00, 0x07,
};
/* TCP 40000 > 80 SYN, hl 28: mss 1460, sackOK, EOL and a zero byte of padding */
static const uint8_t tcp_eol[28] = {0x9c, 0x40, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0,
				    0x70, 0x02, 0x72, 0x10, 0, 0, 0, 0,
				    0x02, 0x04, 0x05, 0xb4, 0x04, 0x02, 0x00, 0x00};
/* TCP 40000 > 80 RST, hl 20 */
static const uint8_t tcp_rst[20] = {0x9c, 0x40, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 0,
				    0x50, 0x04, 0x72, 0x10, 0, 0, 0, 0};
/* TCP 40000 > 80 ACK 2, hl 40: nop, nop, SACK 2 blocks 1000-1500 and 3000-3100 (absolute) */
static const uint8_t tcp_sack[40] = {
	0x9c, 0x40, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 2, 0xa0, 0x10, 0x72, 0x10, 0, 0, 0, 0,
	0x01, 0x01, 0x05, 0x12, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x05, 0xdc,
	0x00, 0x00, 0x0b, 0xb8, 0x00, 0x00, 0x0c, 0x1c,
};
/* UDP 5353 > 53, length 8 + 4 (one more byte than the payload: see udp_payload) */
static const uint8_t udp_hdr[8] = {0x14, 0xe9, 0x00, 0x35, 0x00, 0x0c, 0, 0};

static void load(uint32_t n, uint32_t caplen)
{
	pst_dissect(&pk, PS_DLT_EN10MB, frame, caplen, n);
	pk.n = 3;
	pk.ts_sec = 1700000000; /* Nov 14, 2023 22:13:20 UTC */
	pk.ts_frac = 250000;
	pk.ts_nano = false;
}

static bool yes(const char *expr)
{
	return pst_df_match(expr, &pk);
}
static bool rejected(const char *expr)
{
	struct ps_dfilter *f = 0;
	struct ps_dfilter_err e;
	int rc = ps_dfilter_compile(expr, &f, &e);
	ps_dfilter_free(f);
	return rc != 0;
}

/* One field's -T fields text (values joined by ','). */
static const char *text(const char *field)
{
	static char buf[1024];
	struct ps_dfields_opts o = {.separator = '\t', .aggregator = ','};
	struct ps_dfields *d = 0;
	struct ps_dfilter_err e;
	CU_ASSERT_EQUAL_FATAL(ps_dfields_new(&field, 1, &o, &d, &e), 0);
	struct ps_out out;
	ps_out_open_mem(&out, buf, sizeof buf);
	ps_dfields_line(d, &pk, &out);
	ps_dfields_free(d);
	if (out.len)
		out.len--; /* the newline */
	buf[out.len] = '\0';
	return buf;
}
#define TEXT(field, want) CU_ASSERT_STRING_EQUAL(text(field), want)

static void test_fields_times(void)
{
	setenv("TZ", "UTC", 1); /* tshark prints local time: the zone is part of the text */
	tzset();
	struct ps_frame_clock clock = {0};
	load(build(6, 0x4000, tcp_rst, 20, ""), 54);
	TEXT("frame.time_delta", ""); /* no clock stamped the record: absent */
	CU_ASSERT_FALSE(yes("frame.time_relative >= 0"));
	pk.ts_sec = 1699999999;
	pk.ts_frac = 750000;
	ps_frame_clock_stamp(&clock, &pk); /* the first frame */
	TEXT("frame.time_relative", "0.000000000");
	TEXT("frame.time_delta", "0.000000000");
	pk.ts_sec = 1700000001;
	pk.ts_frac = 0;
	ps_frame_clock_stamp(&clock, &pk);
	TEXT("frame.time_delta", "1.250000000");
	pk.ts_sec = 1700000000;
	pk.ts_frac = 250000;
	ps_frame_clock_stamp(&clock, &pk); /* earlier than the previous one */
	TEXT("frame.time_relative", "0.500000000");
	TEXT("frame.time_delta", "-0.750000000");
	TEXT("frame.time_delta_displayed", "-0.750000000"); /* without -Y: every frame shown */
	CU_ASSERT_TRUE(yes("frame.time_delta < 0 && frame.time_delta > -0.8"));
	CU_ASSERT_TRUE(yes("frame.time_relative == 0.5"));
	pk.ref.disp_sec = 1699999999; /* as ps_view_match sets it */
	pk.ref.disp_ns = 750000000;
	TEXT("frame.time_delta_displayed", "0.500000000");
	CU_ASSERT_TRUE(yes("frame.time_delta_displayed == 0.5"));
	/* relative times add, subtract and negate (tshark 4.0); 0.5 - 0.75 borrows a second */
	CU_ASSERT_TRUE(yes("frame.time_relative + frame.time_delta == -0.25"));
	CU_ASSERT_TRUE(yes("frame.time_relative - frame.time_delta == 1.25"));
	CU_ASSERT_TRUE(yes("-frame.time_delta == 0.75 && -frame.time_relative == -0.5"));
	CU_ASSERT_TRUE(yes("frame.time_relative + 1.6 == 2.1 && frame.time_relative - 1 < -0.4"));
	CU_ASSERT_FALSE(yes("frame.time_relative + 1 == 1"));
	CU_ASSERT_TRUE(yes("frame.time_epoch - frame.time_epoch == 0"));
	CU_ASSERT_TRUE(rejected("frame.time_relative * 2 > 1")); /* FT_RELATIVE_TIME cannot * */
	CU_ASSERT_TRUE(rejected("frame.time_relative + ip.ttl > 1")); /* not type compatible */
	CU_ASSERT_TRUE(rejected("frame.time + 1 > 1")); /* FT_ABSOLUTE_TIME cannot + */

	TEXT("frame.time", "Nov 14, 2023 22:13:20.250000000 UTC");
	CU_ASSERT_TRUE(yes("frame.time == \"Nov 14, 2023 22:13:20.25\""));
	CU_ASSERT_TRUE(yes("frame.time == \"2023-11-14 22:13:20.250\""));
	CU_ASSERT_TRUE(yes("frame.time > \"2023-11-14T22:13:20Z\""));
	CU_ASSERT_TRUE(yes("frame.time < \"2023-11-14 22:14\""));
	CU_ASSERT_TRUE(yes("frame.time >= \"2023-11-14\" && frame.time < \"Nov 15, 2023\""));
	CU_ASSERT_FALSE(yes("frame.time >= \"2020-01-01 00:00:00\" && frame.time < \"2023-01-01\""));
	CU_ASSERT_TRUE(rejected("frame.time == 1700000000"));       /* not a date */
	CU_ASSERT_TRUE(rejected("frame.time == \"2023-11-14 nonsense\""));
	CU_ASSERT_TRUE(rejected("frame.time_delta > \"2023-11-14\"")); /* seconds only */
	CU_ASSERT_TRUE(rejected("frame.time contains \"Nov\""));
	pk.ts_sec = 1700000000 - 86400 * 10; /* Nov 4: the day is padded with a space */
	TEXT("frame.time", "Nov  4, 2023 22:13:20.250000000 UTC");
}

static void test_fields_tcp(void)
{
	uint32_t n = build(6, 0x4000, tcp_opts, 40, "GET / HTTP/1.1\r\n");
	load(n, n);
	TEXT("tcp.flags.str", "R··A···AP···");
	CU_ASSERT_TRUE(yes("tcp.flags.str == \"R··A···AP···\""));
	TEXT("tcp.options.mss_val", "1460");
	TEXT("tcp.options.wscale.shift", "15");
	TEXT("tcp.options.wscale.multiplier", "16384"); /* the shift capped at 14 */
	TEXT("tcp.options.timestamp.tsval", "1000");
	TEXT("tcp.options.timestamp.tsecr", "7");
	TEXT("tcp.options.mss", "020405b4");
	TEXT("tcp.options.sack_perm", "0402");
	TEXT("tcp.options.timestamp", "080a000003e800000007");
	CU_ASSERT_TRUE(yes("tcp.options.sack_perm && tcp.options.mss_val == 1460"));
	CU_ASSERT_TRUE(yes("tcp.options.mss == 02:04:05:b4"));
	TEXT("tcp.payload", "474554202f20485454502f312e310d0a");
	TEXT("tcp.len", "16");
	CU_ASSERT_TRUE(yes("tcp.payload contains \"HTTP\""));
	CU_ASSERT_TRUE(yes("tcp.payload contains 2f:20:48"));
	CU_ASSERT_TRUE(yes("len(tcp.payload) == 16"));
	CU_ASSERT_TRUE(yes("tcp.payload matches \"^GET /\""));
	CU_ASSERT_TRUE(yes("tcp.payload matches \"^get\"")); /* caseless, as tshark 4.0 */
	CU_ASSERT_FALSE(yes("tcp.payload matches \"(?-i)^get\""));
	CU_ASSERT_FALSE(yes("tcp.payload == 47:45:54"));
	/* FT_BYTES order: the length first, then the bytes (memcmp would say 47 < ff) */
	CU_ASSERT_TRUE(yes("tcp.payload > 47:45:54"));
	CU_ASSERT_FALSE(yes("tcp.payload < ff:ff:ff"));
	CU_ASSERT_TRUE(yes("tcp.payload[0:3] < ff:ff:ff"));
	/* one byte-string type for fields and slices: slices, contains, literal forms */
	CU_ASSERT_TRUE(yes("tcp.payload[0:4] == 47:45:54:20 && tcp.payload[0:4] == 47455420"));
	CU_ASSERT_TRUE(yes("tcp.payload[0:3] == \"GET\" && tcp.payload[-2:] == 0d-0a"));
	CU_ASSERT_TRUE(yes("tcp.payload[0:4] contains \"ET\" && tcp.payload[4:] matches \"^/ HTTP\""));
	CU_ASSERT_TRUE(yes("tcp.payload contains 474554 && tcp.options.mss[2:2] == 05:b4"));
	CU_ASSERT_TRUE(yes("tcp.options.mss_val#1 == 1460 && len(tcp.payload#1) == 16"));
	CU_ASSERT_TRUE(yes("tcp contains 474554 && tcp.payload[0] == 0x47"));
	CU_ASSERT_TRUE(rejected("tcp.payload == zz"));
	CU_ASSERT_TRUE(rejected("tcp.payload == ff")); /* the protocol ff in tshark */
	CU_ASSERT_TRUE(rejected("upper(tcp.payload) == \"GET\"")); /* bytes are not a string */
	TEXT("frame.protocols", "eth:ethertype:ip:tcp:http");
	CU_ASSERT_TRUE(yes("frame.protocols contains \"tcp:http\""));
	load(n, n - 6); /* the capture cut the payload: tshark shows what is left */
	TEXT("tcp.payload", "474554202f2048545450");

	n = build(6, 0x4000, tcp_eol, 28, "");
	load(n, n); /* tshark lists each padding byte after an EOL as one more EOL */
	TEXT("tcp.option_kind", "2,4,0,0");
	TEXT("tcp.option_len", "4,2");
	CU_ASSERT_TRUE(yes("tcp.option_kind == 4 && !(tcp.option_len == 3)"));
	TEXT("eth.lg", "1,1"); /* 02:...: locally administered, individual */
	TEXT("eth.ig", "0,0");
	TEXT("eth.dst.lg", "1");
	TEXT("frame.marked", "0");
	CU_ASSERT_TRUE(yes("frame.marked == 0 && frame.ignored == False"));

	load(build(6, 0x4000, tcp_rst, 20, "reset cause"), 100);
	TEXT("tcp.flags.str", "·········R··");
	TEXT("tcp.payload", ""); /* tshark: tcp.reset_cause */
	TEXT("tcp.options.mss_val", "");
	TEXT("frame.protocols", "eth:ethertype:ip:tcp");
}

static void test_fields_udp_hosts(void)
{
	uint32_t n = build(17, 0, udp_hdr, 8, "abc");
	load(n, n); /* udp.length says 4 payload bytes, the IP length 3: the smaller */
	TEXT("udp.payload", "616263");
	CU_ASSERT_TRUE(yes("udp.payload == \"abc\""));
	TEXT("ip.host", "192.168.1.10,8.8.8.8");
	TEXT("ip.src_host", "192.168.1.10");
	TEXT("ip.dst_host", "8.8.8.8");
	TEXT("ipv6.host", "");
	CU_ASSERT_TRUE(yes("ip.host == \"8.8.8.8\""));
	CU_ASSERT_TRUE(yes("ip.src_host contains \"168.1\""));
	CU_ASSERT_FALSE(yes("ip.dst_host matches \"^192\""));
	TEXT("frame.protocols", "eth:ethertype:ip:udp:data");
}

/* tshark's SACK edges: absolute without a flow note, relative to the peer's
 * first sequence number (tcp.ack_raw - tcp.ack) with one, as tcp.ack; the
 * MAC addresses as text (tshark -n's eth.*_resolved) */
static void test_fields_sack_resolved(void)
{
	uint32_t n = build(6, 0, tcp_sack, 40, "");
	load(n, n);
	TEXT("tcp.options.sack_le", "1000,3000");
	TEXT("tcp.options.sack_re", "1500,3100");
	CU_ASSERT_TRUE(yes("tcp.options.sack_le == 3000 && tcp.options.sack_re#1 > 1499"));
	CU_ASSERT_TRUE(yes("tcp.options.sack_re - tcp.options.sack_le == 500"));
	CU_ASSERT_FALSE(yes("tcp.options.sack_le == 1500"));
	pk.flow = (struct ps_flow_note){.id = "1:x", .tcp_layer = 2, .l4_layer = 2, .ack_rel = 1};
	TEXT("tcp.options.sack_le", "999,2999"); /* the peer's base: ack 2 is relative 1 */
	TEXT("tcp.options.sack_re", "1499,3099");
	pk.flow.tcp_layer = 1; /* another TCP layer's note: absolute */
	TEXT("tcp.options.sack_le", "1000,3000");
	memset(&pk.flow, 0, sizeof pk.flow);
	TEXT("eth.src_resolved", "02:00:00:00:00:01");
	TEXT("eth.dst_resolved", "02:00:00:00:00:02");
	TEXT("eth.addr_resolved", "02:00:00:00:00:02,02:00:00:00:00:01");
	CU_ASSERT_TRUE(yes("eth.src_resolved contains \"00:01\" && eth.addr_resolved == \"02:00:00:00:00:02\""));
	CU_ASSERT_FALSE(yes("eth.dst_resolved matches \"01$\""));
	load(n, 10); /* the source MAC was not captured */
	TEXT("eth.src_resolved", "");
	TEXT("eth.dst_resolved", "02:00:00:00:00:02");
}

/* tcp.len on a fragment: absent, but on the one that completes a datagram
 * (the record's layers after its IP header are the datagram's) known */
static void test_fields_fragment(void)
{
	uint32_t n = build(6, 0x2000, tcp_rst, 20, ""); /* MF: the first */
	load(n, n);
	TEXT("tcp.len", "");
	pk.defrag.on = true;
	pk.defrag.ip = 1;
	TEXT("tcp.len", "0");
	CU_ASSERT_TRUE(yes("tcp.len == 0"));
	pk.defrag.on = false;
}

/* tcp.options (the option bytes, what was captured of them) and
 * tcp.nxtseq (tcp.seq + tcp.len + SYN + FIN, relative as tcp.seq) */
static void test_fields_tcp_next(void)
{
	uint32_t n = build(6, 0x4000, tcp_opts, 40, "GET / HTTP/1.1\r\n");
	load(n, n);
	TEXT("tcp.options", "020405b40103030f0402080a000003e800000007");
	CU_ASSERT_TRUE(yes("tcp.options contains 08:0a && tcp.options[0:2] == 02:04"));
	CU_ASSERT_TRUE(yes("len(tcp.options) == 20"));
	TEXT("tcp.nxtseq", "17"); /* seq 1 + 16 bytes */
	CU_ASSERT_TRUE(yes("tcp.nxtseq == 17 && tcp.nxtseq == tcp.seq + tcp.len"));
	pk.flow = (struct ps_flow_note){.id = "1:x", .tcp_layer = 2, .l4_layer = 2, .seq_rel = 100};
	TEXT("tcp.nxtseq", "116"); /* relative, as tcp.seq */
	pk.flow.tcp_layer = 1;     /* another layer's note: absolute */
	TEXT("tcp.nxtseq", "17");
	memset(&pk.flow, 0, sizeof pk.flow);
	load(n, 34 + 24); /* the capture ends after the MSS option */
	TEXT("tcp.options", "020405b4");
	TEXT("tcp.nxtseq", "17"); /* the length from the IP header, as tshark */

	n = build(6, 0x4000, tcp_eol, 28, "");
	load(n, n);
	TEXT("tcp.nxtseq", "2"); /* SYN counts one */
	TEXT("tcp.options", "020405b404020000");
	load(build(6, 0x4000, tcp_rst, 20, ""), 54);
	TEXT("tcp.options", ""); /* no options: absent */
	TEXT("tcp.nxtseq", "1");
	CU_ASSERT_FALSE(yes("tcp.options"));
}

/* http.request/http.response (present on every message's frame),
 * http.request.full_uri, and every Cookie and Accept-Encoding header */
static void test_fields_http(void)
{
	static const uint8_t psh[20] = {0x9c, 0x40, 0x00, 0x50, 0, 0, 0, 1, 0, 0, 0, 1,
					0x50, 0x18, 0x72, 0x10, 0, 0, 0, 0};
	uint32_t n = build(6, 0x4000, psh, 20,
			   "GET /a?b=1 HTTP/1.1\r\nHost: ex.com \r\nCookie: a=1\r\n"
			   "accept-encoding: gzip, br\r\nCookie: b=2\r\n\r\n");
	load(n, n);
	TEXT("http.request", "1");
	TEXT("http.response", "");
	CU_ASSERT_TRUE(yes("http.request && !http.response"));
	CU_ASSERT_TRUE(yes("http.request == 1"));
	TEXT("http.request.full_uri", "http://ex.com/a?b=1");
	CU_ASSERT_TRUE(yes("http.request.full_uri == \"http://ex.com/a?b=1\""));
	TEXT("http.cookie", "a=1,b=2");
	CU_ASSERT_TRUE(yes("http.cookie == \"b=2\"")); /* any occurrence */
	TEXT("http.accept_encoding", "gzip, br");
	CU_ASSERT_TRUE(yes("http.accept_encoding contains \"gzip\""));

	n = build(6, 0x4000, psh, 20, "CONNECT ex.com:443 HTTP/1.1\r\nHost: ex.com:443\r\n\r\n");
	load(n, n);
	TEXT("http.request.full_uri", "ex.com:443"); /* a CONNECT's authority as it is */
	n = build(6, 0x4000, psh, 20, "GET http://x.org/p HTTP/1.1\r\nHost: y.org\r\n\r\n");
	load(n, n);
	TEXT("http.request.full_uri", "http://x.org/p"); /* absolute: as it is */
	n = build(6, 0x4000, psh, 20, "GET /p HTTP/1.0\r\n\r\n");
	load(n, n);
	TEXT("http.request", "1");
	TEXT("http.request.full_uri", ""); /* no Host header */
	TEXT("http.cookie", "");

	n = build(6, 0x4000, psh, 20, "HTTP/1.1 404 Not Found\r\nServer: s\r\n\r\n");
	load(n, n);
	TEXT("http.request", "");
	TEXT("http.response", "1");
	CU_ASSERT_TRUE(yes("http.response && http.response.code == 404"));
	CU_ASSERT_FALSE(yes("http.request"));
	n = build(6, 0x4000, psh, 20, "HTTP/1.1 200 O"); /* the status line did not end */
	load(n, n);
	CU_ASSERT_FALSE(yes("http.response"));
}

/* dns.flags (the word), dns.qry.name.len and dns.count.labels on the
 * printed name (tshark 4.0 on this frame: 15,6 and 3,1; a name "a": 0, 0) */
static void test_fields_dns(void)
{
	static const uint8_t udp[8] = {0x9c, 0x40, 0x00, 0x35, 0x00, 0x00, 0, 0};
	static const uint8_t q[] = {0x12, 0x34, 0x01, 0x20, 0, 3, 0, 0, 0, 0, 0, 0,
				    3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e',
				    3, 'c', 'o', 'm', 0, 0, 1, 0, 1,
				    0, 0, 2, 0, 1, 1, 'a', 0, 0, 1, 0, 1};
	uint8_t u[8];
	memcpy(u, udp, 8);
	u[5] = (uint8_t)(8 + sizeof q);
	uint32_t n = build_bin(17, 0, u, 8, q, sizeof q);
	load(n, n);
	TEXT("dns.flags", "0x0120");
	CU_ASSERT_TRUE(yes("dns.flags == 0x0120 && dns.flags.recdesired"));
	CU_ASSERT_TRUE(yes("dns.flags & 0x0100"));
	TEXT("dns.qry.name", "www.example.com,<Root>,a");
	TEXT("dns.qry.name.len", "15,6,0");
	TEXT("dns.count.labels", "3,1,0");
	CU_ASSERT_TRUE(yes("dns.qry.name.len == 15 && dns.count.labels == 3"));
	CU_ASSERT_TRUE(yes("dns.qry.name.len == 6 && dns.count.labels == 1")); /* the root */
	CU_ASSERT_FALSE(yes("dns.qry.name.len == 1"));
	load(n, 34 + 8 + 3); /* the flags word cut */
	TEXT("dns.flags", "");
	TEXT("dns.qry.name.len", "");
}

/* tcp.window_size and tcp.window_size_scalefactor from the flow note's
 * window scaling (the flow stage's, test_flow.c): scaled where the scale
 * is known, never on a SYN, unscaled in a fragment; the factor -1, -2 or
 * 2^shift, absent without a note for the layer (--no-flows) */
static void test_fields_tcp_window(void)
{
	uint32_t n = build(6, 0x4000, tcp_opts, 40, "GET / HTTP/1.1\r\n"); /* PSH-ACK, window 29200 */
	load(n, n);
	TEXT("tcp.window_size", "29200"); /* no note: as sent */
	TEXT("tcp.window_size_scalefactor", "");
	pk.flow = (struct ps_flow_note){.id = "1:x", .tcp_layer = 2, .l4_layer = 2, .win_scale = 7};
	TEXT("tcp.window_size", "3737600");
	TEXT("tcp.window_size_scalefactor", "128");
	CU_ASSERT_TRUE(yes("tcp.window_size > 65535 && tcp.window_size_scalefactor == 128"));
	CU_ASSERT_TRUE(yes("tcp.window_size == tcp.window_size_value * 128"));
	pk.flow.win_scale = 14;
	TEXT("tcp.window_size", "478412800");
	TEXT("tcp.window_size_scalefactor", "16384");
	pk.flow.win_scale = -1; /* unknown: the capture began mid-connection */
	TEXT("tcp.window_size", "29200");
	TEXT("tcp.window_size_scalefactor", "-1");
	CU_ASSERT_TRUE(yes("tcp.window_size_scalefactor == -1 && tcp.window_size == 29200"));
	CU_ASSERT_FALSE(yes("tcp.window_size_scalefactor == -2"));
	CU_ASSERT_TRUE(yes("tcp.window_size_scalefactor < 0"));
	pk.flow.win_scale = -2; /* no scaling */
	TEXT("tcp.window_size_scalefactor", "-2");
	CU_ASSERT_TRUE(yes("tcp.window_size_scalefactor == -2 && tcp.window_size == 29200"));
	pk.flow.win_scale = 0;
	TEXT("tcp.window_size_scalefactor", "1");
	pk.flow.tcp_layer = 1; /* another layer's note */
	TEXT("tcp.window_size", "29200");
	TEXT("tcp.window_size_scalefactor", "");
	CU_ASSERT_FALSE(yes("tcp.window_size_scalefactor"));

	n = build(6, 0x4000, tcp_eol, 28, ""); /* a SYN: never scaled, no factor */
	load(n, n);
	pk.flow = (struct ps_flow_note){.id = "1:x", .tcp_layer = 2, .l4_layer = 2, .win_scale = 7};
	TEXT("tcp.window_size", "29200");
	TEXT("tcp.window_size_scalefactor", "");

	n = build(6, 0x2000, tcp_rst, 20, ""); /* a first fragment: its length unknown */
	load(n, n);
	pk.flow = (struct ps_flow_note){.id = "1:x", .tcp_layer = 2, .l4_layer = 2, .win_scale = 3};
	TEXT("tcp.window_size", "29200");
	TEXT("tcp.window_size_scalefactor", "8");
	pk.defrag.on = true; /* the fragment that completes its datagram: scaled */
	pk.defrag.ip = 1;
	TEXT("tcp.window_size", "233600");
	pk.defrag.on = false;
	memset(&pk.flow, 0, sizeof pk.flow);
}

PST_MAIN("dfilter_fields", {"times", test_fields_times}, {"tcp", test_fields_tcp},
	 {"udp_hosts", test_fields_udp_hosts}, {"fragment", test_fields_fragment},
	 {"sack_resolved", test_fields_sack_resolved}, {"tcp_next", test_fields_tcp_next},
	 {"tcp_window", test_fields_tcp_window}, {"http", test_fields_http}, {"dns", test_fields_dns})
