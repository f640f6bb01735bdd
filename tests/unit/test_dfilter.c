/* SPDX-License-Identifier: BSD-2-Clause */
/* test_dfilter.c - display filters: precedence, every operator and literal
 * type, any-occurrence semantics, the path getter, -T fields output, and
 * errors with their columns. */
#include "ps_dfilter.h"
#include "ps_test.h"
#include "tcp_analysis.h"

static struct ps_packet pkt;

/* Eth 02:00:00:99:00:01 > 02:00:00:99:00:02, IPv4 10.0.0.1 > 10.0.0.2 ttl 64
 * id 1 DF, TCP 443 > 5555 SYN-ACK seq 1000 ack 2000 win 29200, options mss
 * 1460, nop, wscale 7, sackOK, TS (hl 44) */
static const uint8_t syn_ack[78] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x40, 0x00, 0x01, 0x40, 0x00, 0x40, 0x06,
	0x26, 0xb5, 0x0a, 0x00, 0x00, 0x01, 0x0a, 0x00, 0x00, 0x02, 0x01, 0xbb,
	0x15, 0xb3, 0x00, 0x00, 0x03, 0xe8, 0x00, 0x00, 0x07, 0xd0, 0xb0, 0x12,
	0x72, 0x10, 0x1c, 0x46, 0x00, 0x00, 0x02, 0x04, 0x05, 0xb4, 0x01, 0x03,
	0x03, 0x07, 0x04, 0x02, 0x08, 0x0a, 0x00, 0x00, 0x2b, 0x67, 0x00, 0x00,
	0x56, 0xce, 0x00, 0x00, 0x00, 0x00,
};

/* Eth + IPv4 10.0.0.5 > 10.0.0.2 + ICMP port unreachable quoting IPv4
 * 10.0.0.2 > 10.0.0.5 + UDP 40000 > 33434: two IPv4 headers, two UDP ports */
static const uint8_t port_unreach[70] = {
	0x02, 0x00, 0x00, 0x99, 0x00, 0x02, 0x02, 0x00, 0x00, 0x99, 0x00, 0x01,
	0x08, 0x00, 0x45, 0x00, 0x00, 0x38, 0x00, 0x01, 0x40, 0x00, 0x40, 0x01,
	0x26, 0xbe, 0x0a, 0x00, 0x00, 0x05, 0x0a, 0x00, 0x00, 0x02, 0x03, 0x03,
	0x12, 0x34, 0x00, 0x00, 0x00, 0x00, 0x45, 0x00, 0x00, 0x26, 0x00, 0x01,
	0x40, 0x00, 0x40, 0x11, 0x26, 0xc0, 0x0a, 0x00, 0x00, 0x02, 0x0a, 0x00,
	0x00, 0x05, 0x9c, 0x40, 0x82, 0x9a, 0x00, 0x12, 0x55, 0x55,
};

/* IPv6 fe80::1 > ff02::1, hop limit 255, UDP 546 > 547 (raw IPv6 link type) */
static const uint8_t v6_udp[48] = {
	0x60, 0x00, 0x00, 0x00, 0x00, 0x08, 0x11, 0xff, 0xfe, 0x80, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
	0xff, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x00, 0x00, 0x00, 0x01, 0x02, 0x22, 0x02, 0x23, 0x00, 0x08, 0x00, 0x00,
};

static void load(const uint8_t *b, uint32_t n, int linktype)
{
	pst_dissect(&pkt, linktype, b, n, n);
	pkt.n = 7;
	pkt.ts_sec = 1700000000;
	pkt.ts_frac = 250000;
	pkt.ts_nano = false;
}
#define LOAD(a) load((a), sizeof(a), PS_DLT_EN10MB)

/* Compile (must succeed) and match on pkt. */
static bool m(const char *expr)
{
	struct ps_dfilter *f = 0;
	struct ps_dfilter_err e;
	int rc = ps_dfilter_compile(expr, &f, &e);
	CU_ASSERT_EQUAL_FATAL(rc, 0);
	if (rc)
		fprintf(stderr, "\n  %s: %s at %u\n", expr, e.msg, e.col);
	bool r = ps_dfilter_match(f, &pkt);
	ps_dfilter_free(f);
	return r;
}
#define YES(expr) CU_ASSERT_TRUE(m(expr))
#define NO(expr) CU_ASSERT_FALSE(m(expr))

/* Compile must fail at column col with a message containing `part`. */
static void err_at(const char *expr, unsigned col, const char *part)
{
	struct ps_dfilter *f = 0;
	struct ps_dfilter_err e;
	CU_ASSERT_EQUAL(ps_dfilter_compile(expr, &f, &e), -1);
	CU_ASSERT_PTR_NULL(f);
	CU_ASSERT_EQUAL(e.col, col);
	CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, part));
	if (e.col != col || !strstr(e.msg, part))
		fprintf(stderr, "\n  %s: got \"%s\" at %u\n", expr, e.msg, e.col);
	ps_dfilter_free(f);
}

static void test_dfilter_precedence(void)
{
	LOAD(syn_ack);
	/* and binds tighter than or */
	YES("tcp.port == 443 or tcp.port == 1 and ip.ttl == 1");
	NO("(tcp.port == 443 or tcp.port == 1) and ip.ttl == 1");
	YES("ip.ttl == 1 and tcp.port == 1 or tcp.port == 443");
	/* not binds tighter than and */
	NO("not ip.ttl == 1 and ip.ttl == 1");
	YES("not (ip.ttl == 1 and ip.ttl == 1)");
	YES("!ip.ttl == 1 || ip.ttl == 1");
	NO("!(ip.ttl == 1 || ip.ttl == 64)");
	YES("not not tcp");
	YES("((((tcp))))");
	YES("tcp && ip || udp && !ip");
}

static void test_dfilter_operators(void)
{
	LOAD(syn_ack);
	YES("ip.ttl == 64");
	YES("ip.ttl eq 64");
	YES("ip.ttl any_eq 64");
	NO("ip.ttl != 64");
	NO("ip.ttl ne 64");
	YES("ip.ttl != 63");
	YES("ip.ttl < 65");
	NO("ip.ttl lt 64");
	YES("ip.ttl <= 64");
	YES("ip.ttl le 64");
	YES("ip.ttl > 63");
	NO("ip.ttl gt 64");
	YES("ip.ttl >= 64");
	YES("ip.ttl ge 64");
	YES("ip.ttl in {1, 64, 128}");
	YES("ip.ttl in {1..10, 60..70}");
	NO("ip.ttl in {1..10, 65..70}");
	YES("tcp.flags_str contains \"S\"");
	NO("tcp.flags_str contains \"F\"");
	YES("tcp.flags_str matches \"^S\\\\.$\"");
	YES("tcp.flags_str matches \"^s\""); /* caseless, as tshark 4.0 */
	NO("tcp.flags_str matches \"(?-i)^s\"");
	NO("tcp.flags_str contains \"s\""); /* contains is not */
	YES("tcp.flags_str ~ \"S\"");
	YES("tcp.flags_str == \"S.\"");
	YES("tcp.flags_str > \"A\"");
	YES("tcp.options.kind == \"mss\"");
	YES("tcp.options.kind == ts");
	NO("tcp.options.kind == \"sack\"");
	YES("tcp.flags.syn == 1 && tcp.flags.ack == 1");
	YES("tcp.flags.syn and tcp.flags.ack and tcp.flags.fin"); /* presence: fields exist */
	NO("tcp.flags.fin == 1");
}

static void test_dfilter_literals(void)
{
	LOAD(syn_ack);
	/* tshark's ip.tos (pre-DiffServ) is absent by default: not ip.dsfield */
	NO("ip.tos");
	NO("ip.tos == 0");
	YES("ip.dsfield == 0");
	YES("tcp.srcport == 0x1bb");    /* hex */
	YES("tcp.srcport == 0X1BB");
	YES("ip.ttl == 0100");          /* octal, as Wireshark */
	YES("ip.ttl == 0b1000000");     /* binary */
	YES("ip.ttl == 64");
	YES("eth.src == 02:00:00:99:00:01");
	YES("eth.src == 02-00-00-99-00-01");
	YES("eth.src == 0200.0099.0001");
	NO("eth.src == 02:00:00:99:00:02");
	YES("ip.src == 10.0.0.1");
	YES("ip.src == 10.0.0.0/8");
	YES("ip.src == 10.0.0.0/31");
	NO("ip.src == 10.0.0.2/32");
	YES("ip.dst == 0.0.0.0/0");
	YES("ip.src < 10.0.0.2");
	YES("ip.flags.df == True");
	YES("ip.flags.df == 1");
	NO("ip.flags.df == False");
	YES("ip.flags.mf == 0");
	YES("tcp.flags_str == \"\\x53\\056\"");   /* \xhh and octal escapes */
	YES("tcp.flags_str == r\"S.\"");
	YES("frame.time_epoch == 1700000000.25");
	YES("frame.time_epoch > 1699999999.999999999");
	YES("frame.number == 7");
	YES("frame.time_epoch > -1.5");
	NO("frame.time_epoch < 1700000000.250000000");
	LOAD(v6_udp);
	load(v6_udp, sizeof v6_udp, PS_DLT_RAW);
	YES("ipv6.src == fe80::1");
	YES("ipv6.addr == ff02::/16");
	YES("ipv6.src == fe80::/10");
	NO("ipv6.src == fe80::2/128");
	YES("ipv6.hlim == 255 && udp.dstport == 547");
	YES("ip.version == 6"); /* Wireshark's IPv6 header has ip.version too */
	NO("ip");
}

static void test_dfilter_any_occurrence(void)
{
	LOAD(port_unreach); /* ip.src: 10.0.0.5 (outer), 10.0.0.2 (quoted) */
	YES("ip.src == 10.0.0.5");
	YES("ip.src == 10.0.0.2");
	YES("ip.addr == 10.0.0.2");
	NO("ip.addr != 10.0.0.2");   /* all_ne: one occurrence equals */
	YES("ip.addr ~= 10.0.0.2");  /* any_ne: another differs */
	YES("ip.addr != 10.9.9.9");
	NO("ip.src === 10.0.0.5");   /* all_eq */
	YES("ip.src === 10.0.0.0/24");
	YES("udp.port == 33434");
	YES("udp.port in {1, 40000}");
	NO("tcp.port != 80");        /* absent field: every comparison is false */
	NO("tcp.port == 80");
	YES("not tcp.port == 80");
	YES("icmp.type == 3 && icmp.code == 3");
	NO("icmp.ident");            /* not an echo */
	/* the path getter sees every layer too */
	YES("ip.dst == 10.0.0.5 and ip.dst == 10.0.0.2");
}

static void test_dfilter_protocols(void)
{
	LOAD(syn_ack);
	YES("frame");
	YES("eth && ip && tcp");
	NO("udp");
	NO("dns");         /* listed, not decoded here: never present */
	NO("dns.qry.name contains \"x\"");
	YES("not http");
	YES("tcp.dport == 5555");   /* our JSON paths as aliases */
	YES("ip.df");
	YES("tcp.options.kind");
}

static void test_dfilter_errors(void)
{
	err_at("tcp.prot == 1", 1, "unknown field \"tcp.prot\"");
	err_at("ip.ttl == ", 11, "at the end");
	err_at("ip.ttl == \"64\"", 11, "quoted string");
	err_at("(ip.ttl == 1", 1, "unmatched");
	err_at("ip.ttl == 1)", 12, "\")\" was unexpected");
	err_at("ip.src == 1.2.3.4/33", 11, "IPv4");
	err_at("ip.src == 300.1.1.1", 11, "IPv4");
	err_at("eth.src == 01:02:03", 12, "MAC");
	err_at("ip.ttl == -\"1\"", 12, "not a valid arithmetic operand");
	err_at("ip.ttl contains \"a\"", 1, "contains");
	err_at("tcp == 1", 1, "protocol");
	err_at("tcp.flags_str matches \"(\"", 23, "regular expression");
	err_at("tcp.flags_str == \"abc", 18, "unterminated");
	err_at("tcp.flags_str == \"a\\qb\"", 20, "escape");
	err_at("ip.ttl in {1 2}", 14, "\"2\" was unexpected");
	err_at("ip.ttl in 1", 11, "{");
	err_at("ip.ttl = 1", 8, "unexpected character");
	err_at("", 1, "empty");
	err_at("ip.ttl == 1 ip", 13, "\"ip\" was unexpected");
	err_at("1 == ip.ttl", 1, "unknown field \"1\"");
	/* the hint and the one-line format */
	struct ps_dfilter *f = 0;
	struct ps_dfilter_err e;
	char line[300], caret[64];
	CU_ASSERT_EQUAL(ps_dfilter_compile("ip.src == 1.1.1.1 && tcp.prot == 1", &f, &e), -1);
	ps_dfilter_err_format(&e, line, sizeof line, caret, sizeof caret);
	CU_ASSERT_STRING_EQUAL(line, "unknown field \"tcp.prot\" at 22 (did you mean tcp.port?)");
	CU_ASSERT_STRING_EQUAL(caret, "                     ^~~~~~~~");
	/* nesting is bounded, not a stack overflow */
	char deep[2000];
	memset(deep, '(', sizeof deep - 1);
	deep[sizeof deep - 1] = '\0';
	CU_ASSERT_EQUAL(ps_dfilter_compile(deep, &f, &e), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "nested too deeply"));
}

static const char *fields_line(const char *const *names, unsigned n, const char *const *eopts,
			       unsigned ne)
{
	static char buf[512];
	struct ps_dfields_opts o = {.separator = '\t', .aggregator = ','};
	for (unsigned i = 0; i < ne; i++)
		CU_ASSERT_EQUAL(ps_dfields_eopt(&o, eopts[i]), 0);
	struct ps_dfields *d = 0;
	struct ps_dfilter_err e;
	CU_ASSERT_EQUAL_FATAL(ps_dfields_new(names, n, &o, &d, &e), 0);
	struct ps_out out;
	ps_out_open_mem(&out, buf, sizeof buf);
	ps_dfields_header(d, &out);
	ps_dfields_line(d, &pkt, &out);
	ps_out_char(&out, '\0');
	ps_dfields_free(d);
	return buf;
}

static void test_dfilter_fields_output(void)
{
	LOAD(port_unreach);
	static const char *const f1[] = {"frame.number", "ip.src", "ip.id", "eth.type", "tcp.port",
					 "ip.flags.df", "frame.time_epoch", "udp.checksum"};
	CU_ASSERT_STRING_EQUAL(fields_line(f1, 8, 0, 0),
			       "7\t10.0.0.5,10.0.0.2\t0x0001,0x0001\t0x0800\t\t1,1\t"
			       "1700000000.250000000\t0x5555\n");
	static const char *const e1[] = {"separator=,", "header=y", "occurrence=l", "quote=d"};
	CU_ASSERT_STRING_EQUAL(fields_line(f1, 3, e1, 4),
			       "frame.number,ip.src,ip.id\n\"7\",\"10.0.0.2\",\"0x0001\"\n");
	static const char *const e2[] = {"separator=/s", "occurrence=f", "aggregator=/s"};
	CU_ASSERT_STRING_EQUAL(fields_line(f1, 2, e2, 3), "7 10.0.0.5\n");
	static const char *const e3[] = {"aggregator=/s", "quote=s"};
	CU_ASSERT_STRING_EQUAL(fields_line(f1 + 1, 1, e3, 2), "'10.0.0.5 10.0.0.2'\n");
	struct ps_dfields_opts o = {0};
	CU_ASSERT_EQUAL(ps_dfields_eopt(&o, "separator=ab"), -1);
	CU_ASSERT_EQUAL(ps_dfields_eopt(&o, "occurrence=x"), -1);
	CU_ASSERT_EQUAL(ps_dfields_eopt(&o, "bogus=1"), -1);
	static const char *const bad[] = {"ip.srcc"};
	struct ps_dfields *d = 0;
	struct ps_dfilter_err e;
	CU_ASSERT_EQUAL(ps_dfields_new(bad, 1, &o, &d, &e), -1);
	CU_ASSERT_STRING_EQUAL(e.hint, "ip.src");
}

/* Field against field: any pair of occurrences, "!=" and "===" every pair;
 * types must agree (the numeric ones together). */
static void test_dfilter_field_vs_field(void)
{
	LOAD(syn_ack); /* 10.0.0.1:443 > 10.0.0.2:5555, ttl 64, proto 6 */
	NO("ip.src == ip.dst");
	YES("ip.src != ip.dst && ip.src < ip.dst");
	YES("tcp.srcport < tcp.dstport");
	NO("tcp.srcport >= tcp.dstport");
	YES("ip.src == ip.addr");   /* one pair equal */
	NO("ip.src === ip.addr");   /* not every pair */
	NO("ip.addr != ip.src");    /* a pair is equal */
	YES("ip.addr ~= ip.src");   /* a pair differs */
	YES("ip.ttl > ip.proto && tcp.flags.syn == tcp.flags.ack");
	YES("ip.ttl > tcp.flags.syn"); /* uint against bool */
	NO("udp.port == tcp.port || tcp.port == udp.port"); /* absent field: false */
	NO("udp.port != tcp.port");
	YES("tcp.flags_str contains tcp.flags_str");
	err_at("ip.src == ipv6.src", 11, "not of compatible types");
	err_at("ip.src == tcp.port", 11, "not of compatible types");
	err_at("frame.time_epoch > frame.len", 20, "not of compatible types");
	err_at("ip.ttl == tcp.analysis.flags", 11, "not of compatible types");
	/* literal width: Wireshark's field widths */
	YES("ip.ttl != 255 && tcp.port != 65535 && tcp.seq_raw != 4294967295");
	err_at("ip.ttl == 300", 11, "too big for this field, maximum 255");
	err_at("tcp.port == 70000", 13, "maximum 65535");
	err_at("ip.ttl in {1, 0x100}", 15, "maximum 255");
	err_at("tcp.port in {1..65536}", 17, "maximum 65535");
	err_at("tcp.seq_raw == 4294967296", 16, "maximum 4294967295");
	err_at("ipv6.flow == 0x1000000", 14, "maximum 16777215");
}

/* Signed values (tshark 4.0's unary minus and plus): a negative value never
 * compares with an unsigned field, so "==", the orders and "~=" fail while
 * "!=" ("not any ==") and "===" ("not any ~=") hold on a present field. */
static void test_dfilter_signs(void)
{
	LOAD(syn_ack); /* ttl 64, proto 6, ports 443 > 5555 */
	NO("ip.ttl == -1 || ip.ttl < -1 || ip.ttl <= -1 || ip.ttl > -1 || ip.ttl >= -1");
	NO("ip.ttl ~= -1 || ip.ttl in {-1} || ip.ttl in {-1..64} || ip.ttl in {1..-1}");
	YES("ip.ttl != -1 && ip.ttl === -1 && !(ip.ttl == -1)");
	NO("udp.port != -1 || udp.port === -1"); /* absent: false as always */
	YES("ip.ttl in {-1, 64} && ip.ttl in {-5, 1..64}");
	YES("ip.ttl == +64 && ip.ttl == + 64 && ip.ttl in {+64} && ip.ttl==+64");
	YES("tcp.seq_raw != -2147483647 && ip.id != -0");
	/* -0 is 0 */
	NO("ip.ttl == -0");
	YES("ip.flags.mf == 0 && ip.frag_offset == -0 && ip.frag_offset in {-0}");
	/* a negated field: each value, the same rule */
	NO("ip.ttl == -ip.proto || ip.ttl > -ip.proto || ip.ttl ~= -ip.proto");
	YES("ip.ttl != -ip.proto && ip.ttl === -ip.proto && ip.frag_offset == -ip.frag_offset");
	YES("ip.ttl == +ip.ttl && ip.ttl in {+ip.ttl}");
	NO("ip.ttl in {-ip.ttl}");
	/* tshark's rejections, at the operand after the sign */
	err_at("ip.ttl == -256", 12, "too big for this field, maximum 255");
	err_at("tcp.seq_raw != -2147483648", 17, "overflows a 32-bit signed integer");
	err_at("ip.src == -10.0.0.1", 12, "cannot be negated");
	err_at("eth.src == -ff:ff:ff:ff:ff:ff", 13, "cannot be negated");
	err_at("ip.flags.df == -1", 17, "cannot be negated");
	err_at("tcp.flags_str == -\"x\"", 19, "not a valid arithmetic operand");
	err_at("tcp.flags_str contains -\"x\"", 24, "\"-\" was unexpected");
	err_at("ip.ttl == -tcp", 12, "protocol");
	err_at("ip.src == -ip.dst", 12, "ip.dst (ipv4) cannot be negated");
	err_at("frame.time_epoch > -frame.time_epoch", 21, "cannot be negated");
	err_at("ip.ttl == --1", 12, "\"-\" was unexpected");
	err_at("ip.ttl == -", 12, "at the end");
	err_at("ip.ttl in {-}", 13, "\"}\" was unexpected");
	YES("+ip.ttl == 64");
	err_at("-1 == ip.ttl", 2, "Constant arithmetic expression on the LHS");
	err_at("-ip", 2, "ip (protocol) cannot -");
	/* a sign is one only at the start of a word */
	err_at("ip.ttl == 1-2", 11, "not an unsigned integer");
}

/* Sets with fields ("any occurrence equal to any element") and "not in". */
static void test_dfilter_sets(void)
{
	LOAD(syn_ack); /* 10.0.0.1:443 > 10.0.0.2:5555 */
	YES("tcp.port in {tcp.srcport, 80}");
	YES("tcp.dstport in {80, tcp.dstport}");
	NO("tcp.srcport in {tcp.dstport, 80}");
	YES("ip.src in {ip.dst, 10.0.0.1}");
	NO("ip.src in {ip.dst}");
	YES("ip.addr in {ip.dst}");
	NO("tcp.port in {udp.port}"); /* absent element field */
	YES("ip.ttl in {ip.proto, 64}");
	NO("ip.ttl not in {1..100}");
	YES("ip.ttl not in {1, 2}");
	YES("udp.port not in {53}"); /* "not (udp.port in {53})": true without UDP */
	YES("ip.ttl ! in {ip.proto}");
	YES("not ip.ttl not in {64}");
	err_at("ip.src in {ipv6.src}", 12, "not of compatible types");
	err_at("tcp.port in {tcp.srcport 80}", 26, "\"80\" was unexpected");
	err_at("ip.ttl in {64, 1,}", 18, "\"}\" was unexpected");
	err_at("ip.ttl not == 64", 12, "expected \"in\" after \"not\"");
}

/* Ranges in a set with a field as a bound (tshark 4.0's in-range test):
 * any value of the left field within the bounds, each bound one value. */
static void test_dfilter_set_ranges(void)
{
	LOAD(syn_ack); /* 10.0.0.1:443 > 10.0.0.2:5555, ttl 64, proto 6 */
	YES("tcp.port in {tcp.srcport..tcp.dstport}");
	NO("tcp.port in {tcp.dstport..tcp.srcport}"); /* 5555..443: empty */
	YES("tcp.srcport in {80..tcp.dstport}");
	NO("tcp.dstport in {80..tcp.srcport}");
	YES("ip.ttl in {ip.ttl#1..100}");
	YES("ip.ttl in {1..ip.ttl#1}");
	YES("ip.ttl in {ip.ttl#1 .. ip.ttl#1}");
	NO("ip.ttl in {-ip.ttl#1..100}"); /* a negated unsigned value compares with none */
	NO("ip.ttl in {-ip.ttl..100}");
	NO("ip.ttl in {ip.ttl#2..255}"); /* an absent bound: the element fails */
	YES("ip.ttl in {ip.ttl#2..255, 64}");
	YES("ip.ttl in {1, 2, ip.proto..ip.ttl}");
	YES("ip.ttl in {len(ip.src)..64}");
	NO("ip.ttl not in {ip.proto..ip.ttl}");
	YES("ip.ttl#1 in {ip.proto#1..ip.ttl#1}");
	LOAD(port_unreach); /* ip.len 56 (outer), 38 (quoted); udp 40000 > 33434 */
	NO("ip.len in {ip.len..255}"); /* a bound with two values: tshark 4.0 aborts */
	YES("ip.len in {ip.len#2..ip.len#2}");
	NO("ip.len#1 in {ip.len#2..40}");
	YES("ip.len#2 in {ip.len#2..40}");
	YES("udp.port in {udp.dstport..udp.srcport}");
	err_at("ip.ttl in {ip.src#1..255}", 12, "not of compatible types");
	err_at("ip.ttl in {ip.ttl#1..ip}", 22, "not an unsigned integer");
	err_at("ip.ttl in {ip.ttl#1..}", 22, "\"}\" was unexpected");
	err_at("ip.ttl in {ip.ttl#1..ip.ttl#1+1}", 30, "\"+\" was unexpected");
	err_at("ip.ttl in {1..ip.ttl#1[0]}", 15, "cannot be sliced");
}

/* "/" and "+" are operators, except in a CIDR block after an address
 * (tshark 4.0's scanner): the error points where tshark's does. */
static void test_dfilter_slash(void)
{
	LOAD(syn_ack);
	YES("ip.src == 10.0.0.0/24");
	YES("ip.src in {10.0.0.0/8, 1.2.3.4}");
	YES("ip.ttl/2 == 32");
	YES("ip.ttl+1 == 65");
	YES("tcp.srcport/2 == 221");
	err_at("ip.src/24", 1, "ip.src (ipv4) cannot /");
	err_at("ip.src/24 == 10.0.0.0", 1, "cannot /");
	err_at("ip.src == ip.dst/24", 11, "cannot /");
	err_at("ip.src == 1.2.3.4/100", 21, "\"0\" was unexpected");
	err_at("ip.src == 1.2.3.4/8a", 20, "\"a\" was unexpected");
	err_at("ip.src == 1.2.3.4/8.1", 20, "\".1\" was unexpected");
	err_at("ip.src == 1.2.3/8", 11, "\"1.2.3\" is not an IPv4 address");
	err_at("ip.src == 300.2.3.4/8", 11, "\"300.2.3.4\" is not");
	err_at("ip.src == 10.0.0.0/a", 11, "cannot /");
	err_at("ip.src == 1.2.3.4/ 8", 11, "cannot /");
	err_at("ip.src == 1.2.3.4+1", 11, "cannot +");
	err_at("eth.src == 00:11:22:33:44:55/24", 12, "cannot /");
	load(v6_udp, sizeof v6_udp, PS_DLT_RAW);
	YES("ipv6.src == fe80::/10");
	NO("ipv6.src == ff02::/16");
	err_at("ipv6.src == fe80::/129", 13, "IPv6");
	err_at("ipv6.src/64", 1, "cannot /");
}

/* Names tshark 4.0 knows that pktscope does not decode (df_wsnames.inc):
 * never present, typed as tshark types them; others stay unknown. */
static void test_dfilter_ws_names(void)
{
	LOAD(syn_ack);
	NO("sip");
	YES("not sip");
	YES("ip && !smb2");
	NO("sip.Method == \"INVITE\"");
	NO("sip.Method contains \"INV\"");
	NO("sip.Method matches \"^INV\"");
	NO("sip.Status-Code == 200");
	NO("smb2.cmd in {5, 6}");
	NO("sip.Method#1 == \"A\"");
	NO("sip[0:2] == 00:01");
	NO("sip contains \"x\"");
	NO("count(sip.Method) > 0");
	NO("rip.ip == 10.0.0.0/8");
	NO("tcp.port in {ldap.messageID#1..65535}");
	YES("ip.ttl == 64 || sip.Method == \"A\"");
	/* the first and last entries of both front-coded lists */
	NO("29west || zvt || ah.icv || xml.xmlpi.xml.version");
	err_at("sip.Status-Code == \"x\"", 20, "quoted string");
	err_at("sip.Method == ip.ttl", 15, "not of compatible types");
	err_at("smb2.cmd == 70000", 13, "maximum 65535");
	err_at("sip.Method == 1..2", 16, "\"..\" was unexpected"); /* not a set */
	err_at("diameter.cmd.code == 1", 1, "does not decode diameter and does not list its fields");
	err_at("tcp.analysis.bytes_in_flight == 1", 1, "unknown field"); /* pktscope decodes tcp */
	err_at("sipp", 1, "unknown field");
	struct ps_dfilter *f;
	struct ps_dfilter_err e;
	CU_ASSERT_EQUAL(ps_dfilter_compile("sip.Methd == \"INVITE\"", &f, &e), -1);
	CU_ASSERT_STRING_EQUAL(e.hint, "sip.Method");
	CU_ASSERT_EQUAL(ps_dfilter_compile("ip.tll == 1", &f, &e), -1);
	CU_ASSERT_STRING_EQUAL(e.hint, "ip.ttl"); /* pktscope's own names first */
	/* a filter keeps DF_WS_ROWS (32) such names at most */
	char big[2048] = "sip";
	static const char *const many[] = {"smb", "smb2", "ldap", "rtp", "rtcp", "sdp", "ftp",
		"imap", "pop", "smtp", "snmp", "bgp", "ospf", "rip", "pim", "igmp", "vrrp", "hsrp",
		"cdp", "lldp", "lacp", "mpls", "ppp", "pppoe", "l2tp", "esp", "ah", "isakmp",
		"kerberos", "mysql", "pgsql", "nfs"};
	for (unsigned i = 0; i < sizeof many / sizeof many[0]; i++) {
		strcat(big, " || ");
		strcat(big, many[i]);
	}
	CU_ASSERT_EQUAL(ps_dfilter_compile(big, &f, &e), -1);
	CU_ASSERT_PTR_NOT_NULL(strstr(e.msg, "more than 32"));
	/* -e prints them empty */
	static const char *const names[] = {"frame.number", "sip.Method", "smb2.cmd", "ip.ttl"};
	CU_ASSERT_STRING_EQUAL(fields_line(names, 4, 0, 0), "7\t\t\t64\n");
}

/* "FIELD & MASK [OP VALUE]" and the quantifiers "any"/"all" (tshark 4.0). */
static void test_dfilter_mask_quantifiers(void)
{
	LOAD(syn_ack); /* tcp.flags 0x012, ip.flags 0x2 (DF), ttl 64, 10.0.0.1 > 10.0.0.2 */
	YES("tcp.flags & 0x12 == 0x12 && tcp.flags & 0x02 && ip.flags & 0x02");
	NO("tcp.flags & 0x01 || tcp.flags & 0x04 == 0x04 || ip.flags & 0x01");
	YES("not tcp.flags & 0x01");
	YES("ip.src & 255.255.255.0 == 10.0.0.0 && ip.addr & 0.0.0.255 == 0.0.0.2");
	YES("tcp.flags & -1 == 0x12"); /* -1: every bit of 32 */
	YES("ip.ttl & 0xc0 > 0x20 && ip.ttl & 0x3f === 0");
	NO("udp.port & 0xffff"); /* absent */
	err_at("ip.flags.df & 1", 1, "cannot be masked");
	err_at("ipv6.src & ffff::", 1, "cannot be masked");
	err_at("tcp.flags & 0x10000", 13, "maximum 65535");
	err_at("ip.flags & 0x02 in {2}", 17, "\"in\" was unexpected");
	LOAD(port_unreach); /* ip.src 10.0.0.5 (outer), 10.0.0.2 (quoted) */
	YES("any ip.src == 10.0.0.5 && any ip.src != 10.0.0.5 && any ip.src === 10.0.0.2");
	NO("all ip.src == 10.0.0.5 || all ip.src ~= 10.0.0.5");
	YES("all ip.src == 10.0.0.0/24 && all ip.src != 10.9.9.9");
	YES("all ip.ttl >= 64 && any ip.src > 10.0.0.4");
	NO("all ip.src > 10.0.0.4");
	YES("all udp.port in {33434, 40000} && all udp.port > 1024");
	NO("all udp.port in {33434}");
	YES("all ip.src == ip.addr || any ip.src == ip.dst");
	NO("all ip.src == ip.dst || all tcp.port > 0"); /* absent field: false */
	NO("all ip.addr in {ip.src}"); /* every pair, as tshark: the two ip.src differ */
	err_at("all ip.ttl", 11, "at the end");
	err_at("any tcp and ip", 9, "expected a comparison");
	err_at("all (ip.ttl == 64)", 5, "expected a field");
	err_at("ip.src == any", 11, "\"any\" was unexpected");
	err_at("all ip.ttl in {ip.proto, 1}", 28, "cannot quantify");
}

/* count() and len() (tshark 4.0's functions), either side of a comparison. */
static void test_dfilter_functions(void)
{
	LOAD(port_unreach); /* two IPv4 headers, two UDP ports */
	YES("count(ip.src) == 2 && count(ip.addr) == 4 && count(udp.port) == 2");
	YES("count(icmp.type) == 1 && count ( ip.src ) != 3");
	NO("count(tcp.port) == 0 || count(tcp.port) != 1"); /* absent: no value at all */
	YES("len(ip.src) == 4 && len(eth.src) == 6 && len(ip.ttl) == 1 && len(udp.port) == 2");
	YES("len(ip.flags.df) == 0 && len(frame.time_epoch) == 0 && len(frame.len) == 4");
	YES("all len(ip.addr) == 4 && count(ip.addr) > count(ip.src)");
	YES("count(ip.src) == len(udp.port) && ip.proto in {count(ip.src), 1}");
	YES("udp.srcport > len(eth.src)");
	err_at("count(ip.src)", 1, "cannot be tested for presence");
	err_at("count(ip.ttl) in {2, 3}", 1, "membership in a set");
	err_at("count(ip.src, ip.dst) == 2", 1, "takes one field");
	err_at("len(ip.ttl) == \"1\"", 16, "quoted string");
	err_at("count(tcp.prot) == 1", 7, "unknown field");
	/* of a protocol: its layers, their lengths (test_dfilter_vals has more) */
	NO("count(tcp) == 1 || count(tcp) == 0");
	YES("count(ip) == 2 && count(udp) == 1 && len(udp) == 8 && all len(ip) == 20");
	err_at("count(ip.ttl == 1", 14, "expected \")\"");
	err_at("ip.src == count(ip.ttl)", 11, "not of compatible types");
	err_at("len(ip.ttl) contains \"a\"", 1, "cannot take part");
	LOAD(syn_ack); /* tcp.flags_str "S." */
	YES("lower(tcp.flags_str) == \"s.\" && upper(tcp.flags_str) == tcp.flags_str");
	YES("tcp.flags_str contains lower(tcp.flags_str) || upper(tcp.flags_str) matches \"^S\"");
	err_at("upper(ip.ttl) == \"64\"", 7, "takes a string field");
	err_at("len(upper(tcp.flags_str)) > 1", 5, "unknown field \"upper\"");
	err_at("ip.ttl == lower(tcp.flags_str)", 11, "not of compatible types");
}

/* "PROTOCOL contains BYTES": the captured bytes from the protocol's header on. */
static void test_dfilter_proto_contains(void)
{
	LOAD(syn_ack); /* 10.0.0.1:443 > 10.0.0.2:5555, ttl 64 */
	YES("frame contains 0a:00:00:01 && ip contains 0a.00.00.02 && tcp contains 01:bb");
	YES("frame contains 0x40 && frame contains 40 && eth contains 08-00 && frame contains \"\"");
	NO("tcp contains 0a:00:00:01"); /* the addresses are before the TCP header */
	NO("udp contains 01:bb || frame contains \"GET\"");
	YES("tcp contains \"\\x01\\xbb\"");
	err_at("frame contains 47:", 16, "not a valid byte string");
	err_at("frame contains zz", 16, "not a valid byte string");
	err_at("frame contains ip.src", 16, "not a valid byte string");
	err_at("ip == 1", 1, "presence only");
}

/* A word that is also a Wireshark protocol name ("ff", "fc") after
 * PROTOCOL contains is that (never present) protocol, as in tshark, not a byte. */
static void test_dfilter_ws_words(void)
{
	static uint8_t bc[sizeof syn_ack];
	memcpy(bc, syn_ack, sizeof bc);
	memset(bc, 0xff, 6); /* broadcast destination */
	LOAD(bc);
	YES("frame contains 0xff && frame contains ff:ff && eth contains 0xff && eth.dst[0] == 0xff");
	NO("frame contains ff || eth contains ff || tcp contains fc || frame contains fefd");
	err_at("frame contains dc", 16, "not of compatible types"); /* tshark's field dc.dc */
	YES("not frame contains ff && !(eth.dst[0] == ff)");
	err_at("frame contains zz", 16, "not a valid byte string");
}

/* A field with a layer selection inside a set: "ip.src in {ip.dst#1}" is
 * "ip.src == ip.dst#1" (any occurrence of each side); negated, as range
 * bounds; slices refused with tshark's words. */
static void test_dfilter_set_layers(void)
{
	LOAD(port_unreach); /* 10.0.0.5 > 10.0.0.2 quoting 10.0.0.2 > 10.0.0.5 */
	YES("ip.src in {ip.dst#2}");
	YES("ip.src#1 in {ip.dst#2, 1.2.3.4}");
	NO("ip.src#1 in {ip.dst#1}");
	YES("ip.src#2 in {ip.dst#[1-2]}");
	NO("ip.src in {ip.dst#3}");
	YES("ip.ttl in {ip.ttl#2, 1}");
	NO("ip.ttl in {-ip.ttl#1}"); /* negative: never equal to an unsigned value */
	NO("ip.src not in {ip.src#2}"); /* ip.src has 10.0.0.2 too (the quote's) */
	YES("ip.src#1 not in {ip.src#2}");
	err_at("ip.src in {ip.dst[0:4]}", 0, "A slice may not appear inside a set.");
	YES("ip.src in {ip.dst#1 .. ip.dst#2}"); /* 10.0.0.2 .. 10.0.0.5 */
	NO("ip.src in {ip.dst#2 .. ip.dst#1}"); /* 10.0.0.5 .. 10.0.0.2: empty */
	err_at("ip.src in {ip.dst#-1}", 19, "Expected digit");
}

/* A function call inside a set, as an element or a range bound: any of
 * tshark 4.0's functions, of layer-selected fields too; max() and min()
 * of fields of one width only; a function is no set's left side, and
 * tshark's caret is under its name. */
static void test_dfilter_set_calls(void)
{
	LOAD(port_unreach); /* ip.len 56 and 38 (the quote), ttl 64 twice, UDP 40000 > 33434 */
	YES("ip.ttl in {len(ip.src#1)..100}"); /* 4..100 */
	NO("ip.ttl in {len(ip.src#1)}");
	YES("ip.ttl in {1, len(ip.src#2), 64}");
	YES("ip.ttl in {1..len(ip.src#1), 60..70}");
	NO("ip.ttl in {1..len(ip.src#1)}");
	YES("ip.ttl in {3, max(ip.ttl#2, 1)}");
	YES("ip.ttl in {abs(-64)}");
	YES("ip.len in {max(ip.len#1, ip.len#2)}");
	NO("ip.len#2 in {max(ip.len#1, ip.len#2)}");
	YES("ip.len#2 in {min(ip.len#2, 100)..40}");
	YES("udp.srcport in {count(ip.src#1)..40000}");
	NO("udp.srcport in {count(ip.src#1)..count(ip.src)}"); /* 1..2 */
	YES("ip.src in {ip.dst#2, ip.dst#1} && udp.srcport in {len(ip.src#1)..udp.srcport}");
	err_at("ip.src in {len(ip.src#1)}", 12, "not of compatible types");
	err_at("ip.ttl in {upper(ip.src)}", 18, "string type");
	err_at("len(ip.src#1) in {4}", 1, "Only a field may be tested for membership");
	err_at("max(ip.ttl, ip.len) == 1", 13, "same type");
	err_at("frame.len in {max(frame.len, ip.len)}", 30, "same type");
	YES("max(ip.len, udp.srcport) == 40000"); /* two 16-bit fields */
}

/* Character constants ('a', '\x40', '\100', '\'') as tshark 4.0: the
 * value of an integer or boolean, one byte, a one-character string; byte
 * strings of one or two digits between "." or "-". */
static void test_dfilter_chars(void)
{
	LOAD(syn_ack); /* ttl 64 ('@'), eth.src 02:00:00:99:00:01, SYN-ACK */
	YES("ip.ttl == '@' && ip.ttl == '\\100' && ip.ttl == '\\x40' && ip.ttl in {'@', 1}");
	YES("frame.len > 'A' && tcp.flags.syn == '\\001' && frame[0] == '\\x02'");
	YES("eth.src[0:1] == '\\x02' && frame contains '@' && ip.ttl != '\\''");
	NO("ip.ttl == 'A' || frame contains 'z'");
	err_at("ip.ttl == 'ab'", 11, "too long");
	err_at("ip.ttl == ''", 11, "Empty character constant");
	err_at("ip.ttl == '\\400'", 11, "too large");
	err_at("eth.src == 'a'", 12, "cannot be converted to mac");
	err_at("frame.len > 'a' + 1", 13, "not a valid arithmetic operand");
	err_at("ip.ttl == -'@'", 12, "not a valid arithmetic operand");
	err_at("ip.ttl == 'x", 11, "unterminated");
	YES("eth.src[0:3] == 2.0.0 && eth.src[0:3] == 2-0-0 && eth.src[0:3] == 02.0-0");
	YES("eth.src == 2.0.0.99.0.1 && eth.src == 2-0-0-99-0-1 && eth.src == 0200.0099.0001");
	NO("eth.src[0:2] == 2.1");
	err_at("eth.src[0:3] == 2.0.0.", 22, "unexpected character"); /* tshark: "." unexpected */
	err_at("eth.src == 2.0.0.99.0.1.5", 12, "not a MAC address");
}

/* Fields the flow table notes on the record: stream index, relative
 * numbers, tshark's analysis labels; absolute numbers without a note. */
static void test_dfilter_flow_fields(void)
{
	LOAD(syn_ack); /* layers: eth 0, ip 1, tcp 2 */
	NO("tcp.stream");
	YES("tcp.seq == 1000 && tcp.ack == 2000 && tcp.seq_raw == 1000");
	NO("tcp.analysis.flags");
	pkt.flow = (struct ps_flow_note){.id = "1:test", .stream = 42, .tcp_layer = 2,
					 .l4_layer = 2, .seq_rel = 0, .ack_rel = 1,
					 .tcp_analysis = PS_TCP_A_DUP_ACK};
	YES("tcp.stream == 42");
	NO("tcp.stream == 41 || udp.stream");
	YES("tcp.seq == 0 && tcp.ack == 1 && tcp.seq_raw == 1000 && tcp.ack_raw == 2000");
	YES("tcp.analysis.duplicate_ack && tcp.analysis.flags");
	NO("tcp.analysis.retransmission || tcp.analysis.window_update");
	pkt.flow.tcp_analysis = PS_TCP_A_FAST_RETRANSMISSION;
	YES("tcp.analysis.retransmission && tcp.analysis.fast_retransmission");
	NO("tcp.analysis.spurious_retransmission");
	pkt.flow.tcp_analysis = PS_TCP_A_DUP_ACK;
	static const char *const f[] = {"tcp.stream", "tcp.analysis.duplicate_ack", "tcp.seq"};
	CU_ASSERT_STRING_EQUAL(fields_line(f, 3, 0, 0), "42\t1,1\t0\n"); /* tshark lists it twice */
	/* a note about another layer (a tunnel's inner conversation) is not this one's */
	pkt.flow.tcp_layer = pkt.flow.l4_layer = 1;
	NO("tcp.stream || tcp.analysis.flags");
	YES("tcp.seq == 1000");
	err_at("tcp.analysis.flags == 1", 1, "label");
	err_at("tcp.analysis.retransmission in {1}", 1, "presence only");
	memset(&pkt.flow, 0, sizeof pkt.flow);
}

/* The stage each -e field needs (NEED in df_fields.def): the first that
 * needs the flow stage, or none; the layers the flow stage rewrites. */
static void test_dfilter_stage_fields(void)
{
	static const char *const l4[] = {"frame.number", "ip.src", "tcp.flags", "tcp.seq_raw",
					 "udp.payload", "dhcp.option.dhcp", "vxlan.vni"};
	static const char *const fl[] = {"ip.src", "tcp.seq", "dns.qry.name"};
	static const char *const pr[] = {"frame.protocols"};
	struct ps_dfields_opts o = {.separator = '\t', .aggregator = ','};
	struct ps_dfields *d = 0;
	struct ps_dfilter_err e;
	CU_ASSERT_EQUAL_FATAL(ps_dfields_new(l4, 7, &o, &d, &e), 0);
	CU_ASSERT_PTR_NULL(ps_dfields_flow_field(d));
	ps_dfields_free(d);
	CU_ASSERT_EQUAL_FATAL(ps_dfields_new(fl, 3, &o, &d, &e), 0);
	CU_ASSERT_STRING_EQUAL(ps_dfields_flow_field(d), "tcp.seq");
	ps_dfields_free(d);
	CU_ASSERT_EQUAL_FATAL(ps_dfields_new(pr, 1, &o, &d, &e), 0);
	CU_ASSERT_STRING_EQUAL(ps_dfields_flow_field(d), "frame.protocols");
	ps_dfields_free(d);
	CU_ASSERT_TRUE(ps_dfilter_layer_needs_flow("tls") && ps_dfilter_layer_needs_flow("dns") &&
		       ps_dfilter_layer_needs_flow("http") && ps_dfilter_layer_needs_flow("quic"));
	CU_ASSERT_FALSE(ps_dfilter_layer_needs_flow("tcp") || ps_dfilter_layer_needs_flow("dhcp") ||
			ps_dfilter_layer_needs_flow("ssh") || ps_dfilter_layer_needs_flow("vxlan"));
}

/* Slices as tshark 4.0: [i], [i:n], [i-j], [:n], [n:], negative offsets,
 * several ranges; of addresses, strings and protocols; a slice that reaches
 * outside its value has none; byte strings order by length first. */
static void test_dfilter_slices(void)
{
	LOAD(syn_ack);
	YES("eth.src[0:3] == 02:00:00");
	YES("eth.src[0:3] == 020000");
	YES("eth.src[5] == 01 && eth.src[5] == 0x01 && eth.src[5] == 1");
	YES("eth.src[4-5] == 00:01 && eth.src[-2:] == 00:01 && eth.src[-1] == 01");
	YES("eth.src[:2] == 02:00 && eth.src[3:] == 99:00:01");
	YES("eth.src[0:1,5] == 02:01 && eth.src[0,-1:1] == 02:01");
	YES("eth.src[0:3] == eth.dst[0:3]");
	NO("eth.src[5:2]");
	NO("eth.src[6]");
	YES("eth.src[5:1]");
	NO("eth.src[0:3] != 02:00:00");
	YES("eth.src[0:3] > 03"); /* 3 bytes > 1 byte: the length first */
	YES("eth.src[0:1] < 01:00");
	YES("eth.src[0:3] contains 00:00 && eth.src[2:3] contains 99");
	YES("ip.src[0] == 0a && ip.src[2:2] == 00:01");
	YES("ip.src[0:2] == \"\\x0a\\x00\"");
	YES("frame[0:2] == 02:00 && frame[-1] == 00");
	YES("ip[0] == 45 && ip[19] && !ip[20] && ip[-1] == 02");
	YES("tcp[13] == 12 && tcp[43] && !tcp[44] && tcp[-1] == 00"); /* tcp: its header */
	YES("eth[-1] == 00 && !eth[14]");
	/* "ff" is a Wireshark protocol (FOUNDATION Fieldbus), absent: never equal nor unequal */
	NO("ip.dst[3] == ff || ip.dst[3] != ff || eth.src[0] != fc");
	YES("ip.dst[3] == 0x02 && ip.dst[3] != 0xff && eth.src[0] != fb");
	YES("tcp[13] & 02 && tcp[13] & 0x12 == 12 && !(tcp[13] & 01)");
	YES("eth.src[0:3] & 02 == 02"); /* as long as the shorter */
	YES("eth.src[0:3] & ff:ff:ff:ff == 02:00:00");
	NO("eth.src[0:3] & 0f:ff:ff == 02:00:00:00");
	err_at("ip.ttl[0] == 40", 1, "cannot be sliced");
	err_at("eth.src[0:0]", 9, "length 0 isn't positive");
	err_at("eth.src[5-5] == 0a", 9, "greater or equal");
	err_at("eth.src[0:3] == 0x020000", 17, "not a valid byte string");
	err_at("eth.src[0:3] in {02:00:00}", 0, "Only a field"); /* no position, as tshark */
	err_at("eth.src[0:3 == 02", 13, "expected");
}

/* Layer selection: the field in the Nth layer of its protocol ("#N",
 * "#[ranges]"): an ICMP error quotes a second IPv4 header. */
static void test_dfilter_layers(void)
{
	LOAD(port_unreach);
	YES("ip.src#1 == 10.0.0.5 && ip.src#2 == 10.0.0.2");
	NO("ip.src#1 == 10.0.0.2");
	YES("ip.proto#2 == 17 && ip.proto#1 == 1");
	YES("ip.addr#[2-3] == 10.0.0.5 && ip.addr#[-1] == 10.0.0.2");
	YES("ip.src#[1,2] == 10.0.0.2 && ip.src#[2:] == 10.0.0.2 && ip.src#[:2] == 10.0.0.5");
	NO("ip.src#3 || ip.src#0 || ip#3");
	YES("ip#2 && eth#1 && frame.len#1 == 70 && !frame.len#2");
	YES("ip.src#2[3] == 02");
	/* icmp: to the end of the IP payload; a slice out of range: present, no value */
	YES("icmp[8] == 45 && icmp[-1] == 55 && !icmp[36] && udp#1[0:2] == 9c:40");
	YES("udp[8] != 00 && !(udp[8] == 00) && !udp[8]");
	YES("count(ip.src#1) == 1 && count(ip.src) == 2");
	YES("ip.ttl#2 + 1 == 65");
	YES("all ip.proto#1 == 1");
	YES("ip.src#2 in {10.0.0.2, 10.0.0.9} && ip.src#1 not in {10.0.0.2}");
	YES("ip.src#2 in {ip.dst}"); /* any occurrence of ip.dst, as tshark */
	LOAD(syn_ack);
	NO("ip.src#2");
	YES("tcp.srcport#1 == 443");
	err_at("ip.addr# 2", 9, "Expected digit");
	err_at("ip.addr#-1", 9, "Expected digit");
}

/* Arithmetic: + - * / % with precedence, {} grouping, unary minus, every
 * pair of values; division by zero leaves no value ("==" fails, "!=" holds);
 * an unsigned and a negative operand give none (tshark 4.0). */
static void test_dfilter_arithmetic(void)
{
	LOAD(syn_ack);
	YES("ip.ttl + 1 == 65 && ip.ttl - 1 == 63 && ip.ttl * 2 == 128");
	YES("ip.ttl / 3 == 21 && ip.ttl % 10 == 4");
	YES("ip.ttl + 1 * 2 == 66 && {ip.ttl + 1} * 2 == 130");
	YES("ip.ttl == 60 + 4 && ip.ttl == {63 + 1}");
	YES("ip.ttl - 65 < 0 && ip.ttl - 65 == -1");
	YES("-ip.ttl == -64 && - ip.ttl < 0");
	YES("tcp.srcport + tcp.dstport == 5998");
	YES("ip.ttl + ip.proto == 70 && ip.ttl == ip.proto + 58");
	NO("ip.ttl / 0 == 0");
	YES("ip.ttl / 0 != 1");
	NO("ip.ttl % 0 == 0");
	NO("ip.ttl + -1 == 63");
	YES("ip.ttl + 1");
	NO("udp.port + 1");
	NO("udp.port / 0 != 1"); /* absent stays absent */
	YES("tcp.port - 443 == 0"); /* any pair */
	err_at("ip.ttl * 1000 == 64000", 10, "too big");
	err_at("ip.addr + 1", 1, "cannot +");
	err_at("ip.ttl + ip.addr == 1", 10, "cannot +");
	err_at("(ip.ttl + 1) * 2 == 130", 14, "unexpected");
	err_at("1 + ip.ttl == 65", 1, "Constant arithmetic");
	err_at("ip.ttl + 1 in {65}", 12, "membership");
	err_at("{ip.ttl + 1 == 65", 13, "expected \"}\"");
	YES("ip.ttl + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 == 80");
	err_at("ip.ttl + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 + 1 == 81", 74,
	       "nested deeper");
}

/* max() and min() of all their arguments' values (absent ones left out),
 * abs(), string() as tshark writes a value. */
static void test_dfilter_functions_x(void)
{
	LOAD(syn_ack);
	YES("max(tcp.srcport, tcp.dstport) == 5555 && min(tcp.port) == 443");
	YES("max(ip.ttl, 70) == 70 && min(ip.ttl, 70) == 64");
	YES("max(udp.port, 7) == 7");
	NO("max(udp.port) == 0 || max(udp.port) != 0");
	YES("max(ip.src, ip.dst) == 10.0.0.2");
	YES("abs(-ip.ttl) == 64 && abs(ip.ttl - 100) == 36");
	YES("max(ip.ttl) + 1 == 65");
	YES("string(ip.src) == \"10.0.0.1\" && string(ip.ttl) == \"64\"");
	YES("string(ip.id) == \"1\" && string(eth.src) == \"02:00:00:99:00:01\"");
	YES("string(ip.addr) contains \"0.0.2\" && string(ip.ttl) matches \"^6\"");
	err_at("abs(ip.ttl)", 1, "function is present");
	err_at("string(ip.flags.df) == \"1\"", 8, "not supported");
	err_at("len(eth.src[0:3]) == 3", 0, "Only fields");
	err_at("upper(string(ip.src)) == \"x\"", 7, "Only fields");
	err_at("abs(ip.ttl, 1) == 1", 1, "one argument");
	err_at("max(ip.ttl, ip.src) == 1", 13, "one ordered type");
	/* what the flow table provides, inside the new operands too */
	static const char *const flow[][2] = {{"tcp.stream#1 == 42", "tcp.stream"},
					      {"max(tcp.seq, 1) > 0", "tcp.seq"},
					      {"tls#1", "tls"},
					      {"ip.ttl + 1 == 65 && eth.src[0] == 02", 0},
					      /* the layer list names what the stream decoders add */
					      {"frame.protocols contains \"tls\"", "frame.protocols"},
					      {"tls contains \"x\"", "tls"},
					      {"tcp contains \"x\" || udp.payload", 0},
					      {"dhcp.option.dhcp == 1 || ntp", 0}};
	for (unsigned i = 0; i < sizeof flow / sizeof flow[0]; i++) {
		struct ps_dfilter *f = 0;
		struct ps_dfilter_err e;
		CU_ASSERT_EQUAL_FATAL(ps_dfilter_compile(flow[i][0], &f, &e), 0);
		const char *got = ps_dfilter_flow_field(f);
		CU_ASSERT_TRUE(flow[i][1] ? got && !strcmp(got, flow[i][1]) : !got);
		ps_dfilter_free(f);
	}
}

/* Every table row compiles as a presence test and with a literal of its type. */
static void test_dfilter_table(void)
{
	struct ps_dfield_info fi;
	unsigned n = 0;
	LOAD(syn_ack);
	for (unsigned i = 0; ps_dfield_info(i, &fi); i++, n++) {
		(void)m(fi.name);
		CU_ASSERT_PTR_NOT_NULL(fi.doc);
	}
	CU_ASSERT_TRUE(n > 150);
}

PST_MAIN("dfilter", {"precedence", test_dfilter_precedence},
	 {"operators", test_dfilter_operators}, {"literals", test_dfilter_literals},
	 {"any_occurrence", test_dfilter_any_occurrence}, {"protocols", test_dfilter_protocols},
	 {"errors", test_dfilter_errors}, {"fields_output", test_dfilter_fields_output},
	 {"field_vs_field", test_dfilter_field_vs_field}, {"signs", test_dfilter_signs},
	 {"sets", test_dfilter_sets}, {"mask_quantifiers", test_dfilter_mask_quantifiers},
	 {"functions", test_dfilter_functions}, {"proto_contains", test_dfilter_proto_contains}, {"flow_fields", test_dfilter_flow_fields},
	 {"stage_fields", test_dfilter_stage_fields}, {"ws_words", test_dfilter_ws_words},
	 {"set_layers", test_dfilter_set_layers}, {"set_calls", test_dfilter_set_calls}, {"chars", test_dfilter_chars},
	 {"slices", test_dfilter_slices}, {"layers", test_dfilter_layers},
	 {"arithmetic", test_dfilter_arithmetic}, {"functions_x", test_dfilter_functions_x},
	 {"table", test_dfilter_table}, {"set_ranges", test_dfilter_set_ranges},
	 {"slash", test_dfilter_slash}, {"ws_names", test_dfilter_ws_names})
