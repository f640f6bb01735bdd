/* SPDX-License-Identifier: BSD-2-Clause */
/* test_dfilter_fast.c - the evaluator's direct tests (df_eval.c: a field's
 * tester instead of its value list) answer as the generic path does: every
 * field that has a tester, every operator, literals at, around and away
 * from the values each record holds, on records with one and several
 * occurrences; and which comparisons take the direct path. */
#include <stdio.h>
#include <string.h>

#include "df_get.h"
#include "df_int.h"
#include "ps_test.h"
#include "pst_build.h"

static struct ps_packet pkt;
static unsigned compared, fast_taken;

/* frame: eth ip tcp 40000 > 443, flags `fl`, no payload */
static uint32_t tcp_frame(uint8_t *f, size_t cap, uint8_t fl)
{
	uint8_t th[20] = {0x9c, 0x40, 0x01, 0xbb, 0, 0, 0, 7, 0, 0, 0, 9, 0x50, fl, 0x72, 0x10};
	return (uint32_t)pst_ipv4(f, cap, 6, th, sizeof th);
}

/* frame: eth ip icmp port unreachable quoting ip 10.9.8.7 > 10.0.0.1 ttl 3,
 * udp 53 > 33434: two IPv4 layers, two UDP ports */
static uint32_t icmp_frame(uint8_t *f, size_t cap)
{
	uint8_t m[36] = {3, 3, 0, 0, 0, 0, 0, 0, 0x45, 0, 0, 28, 0, 2, 0, 0, 3, 17, 0, 0,
			 10, 9, 8, 7, 10, 0, 0, 1, 0, 53, 0x82, 0x9a, 0, 8, 0, 0};
	return (uint32_t)pst_ipv4(f, cap, 1, m, sizeof m);
}

static bool match(struct ps_dfilter *f, bool fast)
{
	if (!fast)
		for (unsigned i = 0; i < f->nnodes; i++) {
			f->nodes[i].fast = 0;
			f->nodes[i].contains = 0;
		}
	return ps_dfilter_match(f, &pkt);
}

/* expr, when it compiles: the direct and the generic path agree */
static void check(const char *expr)
{
	struct ps_dfilter *f = 0;
	struct ps_dfilter_err e;
	if (ps_dfilter_compile(expr, &f, &e))
		return; /* a literal beyond the field's width, an ordered BOOL ... */
	bool direct = f->root->fast != 0;
	bool a = match(f, true), b = match(f, false);
	CU_ASSERT_EQUAL(a, b);
	if (a != b)
		fprintf(stderr, "\n  %s: direct %d, generic %d\n", expr, a, b);
	compared++;
	fast_taken += direct;
	ps_dfilter_free(f);
}

/* v as a literal of its type: a number, or a dotted address (CIDR /pfx) */
static void lit(char *out, size_t n, const struct df_val *v, uint64_t u, int pfx)
{
	if (v->type == DF_T_IPV4 && pfx >= 0)
		snprintf(out, n, "%u.%u.%u.%u/%d", (unsigned)(u >> 24 & 255), (unsigned)(u >> 16 & 255),
			 (unsigned)(u >> 8 & 255), (unsigned)(u & 255), pfx);
	else if (v->type == DF_T_IPV4)
		snprintf(out, n, "%u.%u.%u.%u", (unsigned)(u >> 24 & 255), (unsigned)(u >> 16 & 255),
			 (unsigned)(u >> 8 & 255), (unsigned)(u & 255));
	else
		snprintf(out, n, "%llu", (unsigned long long)u);
}

/* Every operator against literals made from each value of field fl in pkt. */
static void check_field(const struct df_field *fl)
{
	static const char *const ops[] = {"==", "!=", "===", "~=", "<", "<=", ">", ">="};
	static struct df_vals vals;
	char expr[256], l1[64], l2[64];
	snprintf(expr, sizeof expr, "%s", fl->name);
	check(expr);
	df_field_values(fl, &pkt, &vals);
	struct df_val zero = {.type = (uint8_t)fl->type};
	unsigned nv = vals.n ? vals.n : 1;
	for (unsigned i = 0; i < nv; i++) {
		const struct df_val *v = vals.n ? &vals.v[i] : &zero;
		if (v->type != DF_T_UINT && v->type != DF_T_BOOL && v->type != DF_T_IPV4)
			return;
		uint64_t at[] = {v->v.u, v->v.u + 1, v->v.u ? v->v.u - 1 : 0, 0};
		for (unsigned k = 0; k < 4; k++) {
			lit(l1, sizeof l1, v, at[k], -1);
			lit(l2, sizeof l2, v, at[(k + 1) % 4], -1);
			for (unsigned o = 0; o < sizeof ops / sizeof ops[0]; o++) {
				snprintf(expr, sizeof expr, "%s %s %s", fl->name, ops[o], l1);
				check(expr);
			}
			snprintf(expr, sizeof expr, "%s in {%s, %s}", fl->name, l1, l2);
			check(expr);
			snprintf(expr, sizeof expr, "%s in {%s %s..%s}", fl->name, l1, l2, l2);
			check(expr);
			snprintf(expr, sizeof expr, "%s == -1", fl->name); /* incomparable */
			check(expr);
		}
		for (int pfx = 0; v->type == DF_T_IPV4 && pfx <= 32; pfx += 8) {
			lit(l1, sizeof l1, v, v->v.u ^ 0x01000000u, pfx);
			for (unsigned o = 0; o < sizeof ops / sizeof ops[0]; o++) {
				snprintf(expr, sizeof expr, "%s %s %s", fl->name, ops[o], l1);
				check(expr);
			}
		}
	}
}

static void check_all_fields(void)
{
	for (unsigned i = 0; i < df_nfields; i++)
		if (df_fields[i].test)
			check_field(&df_fields[i]);
}

static void test_dfilter_fast_agrees(void)
{
	uint8_t f[128];
	static const uint8_t flags[] = {0x02, 0x12, 0x10, 0x11, 0x04};
	for (unsigned i = 0; i < sizeof flags; i++) {
		uint32_t n = tcp_frame(f, sizeof f, flags[i]);
		pst_dissect(&pkt, PS_DLT_EN10MB, f, n, n);
		check_all_fields();
	}
	uint32_t n = icmp_frame(f, sizeof f);
	pst_dissect(&pkt, PS_DLT_EN10MB, f, n, n);
	check_all_fields();
	/* cut in the IPv4 header: fields absent, "!=" and "===" false */
	pst_dissect(&pkt, PS_DLT_EN10MB, f, 20, n);
	check_all_fields();
	CU_ASSERT_TRUE(compared > 5000);
	CU_ASSERT_TRUE(fast_taken > 2000);
}

/* Which comparisons run as a direct test */
static bool direct(const char *expr)
{
	struct ps_dfilter *f = 0;
	struct ps_dfilter_err e;
	CU_ASSERT_EQUAL_FATAL(ps_dfilter_compile(expr, &f, &e), 0);
	bool r = f->root->fast != 0;
	ps_dfilter_free(f);
	return r;
}

/* "dns.qry.name contains S" tests each name as it is written: the same
 * answer as the values of the generic path, for names with dots, escapes
 * (a control byte is "\\001" in both), no DNS layer, empty strings */
static void test_dfilter_fast_dns_contains(void)
{
	static const uint8_t q[] = {0x12, 0x34, 0x01, 0x00, 0, 2, 0, 0, 0, 0, 0, 0,
				    3, 'w', 'w', 'w', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
				    0, 1, 0, 1,
				    3, 'a', 1, 'b', 0xc0, 16, 0, 28, 0, 1}; /* "a\001b.example.com" */
	static const char *const lits[] = {"", "www", "example.com", "e.c", ".", "com.",
					   "a\\001b.ex", "\\00", "b.example", "x", "wwwexample"};
	uint8_t f[128];
	char expr[96];
	uint32_t n = (uint32_t)pst_udp4(f, sizeof f, 40000, 53, q, sizeof q);
	for (int dns = 1; dns >= 0; dns--) {
		pst_dissect(&pkt, PS_DLT_EN10MB, f, dns ? n : n - sizeof q, dns ? n : n - sizeof q);
		for (size_t i = 0; i < sizeof lits / sizeof lits[0]; i++) {
			snprintf(expr, sizeof expr, "dns.qry.name contains \"%s\"", lits[i]);
			check(expr);
			snprintf(expr, sizeof expr, "not dns.qry.name contains \"%s\"", lits[i]);
			check(expr);
		}
	}
	struct ps_dfilter *flt = 0;
	struct ps_dfilter_err e;
	CU_ASSERT_EQUAL(ps_dfilter_compile("dns.qry.name contains \"ampl\"", &flt, &e), 0);
	CU_ASSERT_PTR_NOT_NULL(flt->root->contains);
	pst_dissect(&pkt, PS_DLT_EN10MB, f, n, n);
	CU_ASSERT_TRUE(match(flt, true));
	ps_dfilter_free(flt);
}

/* The contains test of a plain needle (matching inside one label) and of
 * any other: each names its own, and both agree with the generic path on
 * the root ("<Root>"), a control byte beside the needle's letters, and
 * more names than a df_vals' text holds (the generic path leaves the later
 * ones out: 4 labels of 60 control bytes are 964 characters as \ddd). */
static unsigned put_name(uint8_t *q, unsigned at, const char *tail, unsigned ctl_labels)
{
	for (unsigned l = 0; l < ctl_labels; l++) {
		q[at++] = 60;
		memset(q + at, 1, 60);
		at += 60;
	}
	size_t tn = strlen(tail);
	if (tn) {
		q[at++] = (uint8_t)tn;
		memcpy(q + at, tail, tn);
		at += (unsigned)tn;
	}
	q[at++] = 0;
	q[at++] = 0, q[at++] = 1, q[at++] = 0, q[at++] = 1; /* A, IN */
	return at;
}

static void test_dfilter_fast_dns_contains_plain(void)
{
	static uint8_t q[1600], f[1700];
	static const char *const lits[] = {"ampl", "Root", "<Ro", "t>", "zz", "azz", "example",
					   "xz", "\\001", "001", "", "e.c", "tail"};
	/* questions' tails (an empty one: the root), control labels before
	 * each other name, and whether "zz" is found */
	static const struct {
		const char *tails[6];
		unsigned ctl;
		bool zz;
	} cases[] = {
		{{"example", "", 0}, 0, false},              /* a name and the root */
		{{"", 0}, 0, false},                         /* the root alone */
		{{"a\001zz", 0}, 0, true},                  /* "a\001zz": a control byte */
		{{"tail", "xz", "ampl", "q", "nozz", 0}, 4, false}, /* 5th: past the text */
		{{"q", "q", "q", "azz", 0}, 4, true},         /* the 4th still fits */
		{{"q", "q", "q", "q", "q", "zz"}, 0, true},  /* short names: all fit */
	};
	char expr[96];
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		unsigned at = 12, nq = 0;
		memset(q, 0, 12);
		q[2] = 0x01;
		for (; nq < 6 && cases[c].tails[nq]; nq++)
			at = put_name(q, at, cases[c].tails[nq], cases[c].tails[nq][0] ? cases[c].ctl : 0);
		q[5] = (uint8_t)nq;
		CU_ASSERT_FATAL(at <= sizeof q);
		uint32_t n = (uint32_t)pst_udp4(f, sizeof f, 40000, 53, q, at);
		CU_ASSERT_FATAL(n > at);
		pst_dissect(&pkt, PS_DLT_EN10MB, f, n, n);
		for (size_t i = 0; i < sizeof lits / sizeof lits[0]; i++) {
			snprintf(expr, sizeof expr, "dns.qry.name contains \"%s\"", lits[i]);
			check(expr);
		}
		struct ps_dfilter *flt = 0;
		struct ps_dfilter_err e;
		CU_ASSERT_EQUAL_FATAL(ps_dfilter_compile("dns.qry.name contains \"zz\"", &flt, &e), 0);
		CU_ASSERT_PTR_EQUAL(flt->root->contains, df_dns_qry_name_contains_plain);
		CU_ASSERT_EQUAL(match(flt, true), cases[c].zz);
		ps_dfilter_free(flt);
		bool root = false; /* "<Root>": found in the root's text */
		for (unsigned k = 0; k < nq; k++)
			root = root || !cases[c].tails[k][0];
		CU_ASSERT_EQUAL_FATAL(ps_dfilter_compile("dns.qry.name contains \"Root\"", &flt, &e), 0);
		CU_ASSERT_EQUAL(match(flt, true), root);
		ps_dfilter_free(flt);
	}
	struct ps_dfilter *flt = 0;
	struct ps_dfilter_err e;
	CU_ASSERT_EQUAL_FATAL(ps_dfilter_compile("dns.qry.name contains \"e.c\"", &flt, &e), 0);
	CU_ASSERT_PTR_EQUAL(flt->root->contains, df_dns_qry_name_contains);
	ps_dfilter_free(flt);
	CU_ASSERT_TRUE(df_dns_needle_plain("<Root>-_x\xc3\xa9", 9));
	CU_ASSERT_FALSE(df_dns_needle_plain("a1", 2));
	CU_ASSERT_FALSE(df_dns_needle_plain("a\\", 2));
	CU_ASSERT_FALSE(df_dns_needle_plain("a\x7f", 2));
}

static void test_dfilter_fast_chosen(void)
{
	CU_ASSERT_TRUE(direct("tcp.flags.syn == 1"));
	CU_ASSERT_TRUE(direct("tcp.port in {80, 443}"));
	CU_ASSERT_TRUE(direct("ip.addr == 10.0.0.0/8"));
	CU_ASSERT_TRUE(direct("ip.ttl < 64"));
	CU_ASSERT_TRUE(direct("frame.len >= 60"));
	CU_ASSERT_TRUE(direct("eth.src")); /* presence: any type */
	CU_ASSERT_FALSE(direct("tcp.port in {1..1024}")); /* a range */
	CU_ASSERT_FALSE(direct("ip.ttl == -1"));            /* incomparable */
	CU_ASSERT_FALSE(direct("eth.src == 02:00:00:00:00:01")); /* not a number */
	CU_ASSERT_FALSE(direct("tcp.len == 0"));                 /* a getter function */
	CU_ASSERT_FALSE(direct("all tcp.port > 1"));
	CU_ASSERT_FALSE(direct("tcp.flags & 0x12"));
	CU_ASSERT_FALSE(direct("ip.ttl == ip.proto"));
	CU_ASSERT_FALSE(direct("ip.src#1 == 10.0.0.1"));
	CU_ASSERT_FALSE(direct("dns.flags.rcode == 0"));
}

PST_MAIN("dfilter_fast", {"direct tests agree with the generic path", test_dfilter_fast_agrees},
	 {"which comparisons are direct", test_dfilter_fast_chosen},
	 {"dns.qry.name contains", test_dfilter_fast_dns_contains},
	 {"dns.qry.name contains, plain needles", test_dfilter_fast_dns_contains_plain})
