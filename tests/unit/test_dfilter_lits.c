/* SPDX-License-Identifier: BSD-2-Clause */
/* test_dfilter_lits.c - literals as tshark 4.0 lexes and reads them: time
 * literals with a fraction and text after it ("1.5e-1" is 1.5 s, with a
 * warning), exponents and hex without a fraction refused, at most 9
 * fraction digits; a word never ends with "." ("1." is an error); a word
 * after a leading "." is a field (".ip.ttl"), never a literal (".5");
 * booleans as tshark spells them. */
#include <stdlib.h>

#include "ps_dfilter.h"
#include "ps_test.h"
#include "pst_dfilter.h"

static struct ps_packet pk;

/* Ethernet + IPv4 192.0.2.1 > 192.0.2.2 ttl 64 + UDP 1000 > 2000, no payload */
static const uint8_t udp4[42] = {
	0x02, 0, 0, 0, 0, 2, 0x02, 0, 0, 0, 0, 1, 0x08, 0x00,
	0x45, 0, 0, 28, 0, 1, 0, 0, 64, 17, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2,
	0x03, 0xe8, 0x07, 0xd0, 0, 8, 0, 0,
};

/* Two frames 1.5 s apart: the second's time_relative and time_delta are 1.5 */
static void load(void)
{
	struct ps_frame_clock clock = {0};
	pst_dissect(&pk, PS_DLT_EN10MB, udp4, sizeof udp4, sizeof udp4);
	pk.ts_nano = false;
	pk.ts_sec = 1000;
	pk.ts_frac = 0;
	ps_frame_clock_stamp(&clock, &pk);
	pk.ts_sec = 1001;
	pk.ts_frac = 500000;
	ps_frame_clock_stamp(&clock, &pk);
}

/* Compile (must succeed), match, and the warning (NULL: none) */
static bool m(const char *expr, const char *warn)
{
	struct ps_dfilter *f = 0;
	struct ps_dfilter_err e;
	int rc = ps_dfilter_compile(expr, &f, &e);
	if (rc) {
		fprintf(stderr, "\n  %s: %s at %u\n", expr, e.msg, e.col);
		CU_FAIL("does not compile");
		return false;
	}
	const char *w = ps_dfilter_warning(f);
	if (warn) {
		CU_ASSERT_PTR_NOT_NULL(w);
		if (w)
			CU_ASSERT_STRING_EQUAL(w, warn);
	} else {
		CU_ASSERT_PTR_NULL(w);
	}
	bool r = ps_dfilter_match(f, &pk);
	ps_dfilter_free(f);
	return r;
}
#define YES(expr) CU_ASSERT_TRUE(m(expr, 0))
#define NO(expr) CU_ASSERT_FALSE(m(expr, 0))

#define err_at pst_df_err_at

static void test_dfilter_lits_time_fraction(void)
{
	load();
	YES("frame.time_relative == 1.5");
	YES("frame.time_relative == 1.500000000");
	YES("frame.time_delta > 1.499999999 && frame.time_delta < 1.500000001");
	YES("frame.time_relative == 01.5"); /* decimal seconds, leading zero */
	NO("frame.time_relative > 1.5");
	YES("frame.time_relative > -1.5");
	YES("frame.time_relative in {1.0..2.0}");
	/* tshark 4.0 ignores what follows the fraction's digits: 1.5e-1 is
	 * 1.5 s, 1.0e3 is 1 s (and 1.5e+3 is "1.5e" + 3: 4.5 s) */
	CU_ASSERT_TRUE(m("frame.time_relative == 1.5e-1",
			 "\"1.5e-1\" is read as 1.5 s (tshark 4.0 ignores \"e-1\" after a time's "
			 "fraction)"));
	CU_ASSERT_TRUE(m("frame.time_relative > 1.0e3",
			 "\"1.0e3\" is read as 1.0 s (tshark 4.0 ignores \"e3\" after a time's "
			 "fraction)"));
	CU_ASSERT_TRUE(m("frame.time_relative > 1.e3",
			 "\"1.e3\" is read as 1 s (tshark 4.0 ignores \"e3\" after a time's "
			 "fraction)"));
	CU_ASSERT_FALSE(m("frame.time_relative > 1.5e+3",
			  "\"1.5e\" is read as 1.5 s (tshark 4.0 ignores \"e\" after a time's "
			  "fraction)"));
	CU_ASSERT_TRUE(m("frame.time_relative < 1.5e+1",
			 "\"1.5e\" is read as 1.5 s (tshark 4.0 ignores \"e\" after a time's "
			 "fraction)"));
	CU_ASSERT_TRUE(m("frame.time_relative == 1.5abc && frame.time_relative == 1.5.3",
			 "\"1.5abc\" is read as 1.5 s (tshark 4.0 ignores \"abc\" after a "
			 "time's fraction)"));
	CU_ASSERT_TRUE(m("frame.time_relative == 1.500000000x1",
			 "\"1.500000000x1\" is read as 1.500000000 s (tshark 4.0 ignores \"x1\" "
			 "after a time's fraction)"));
	CU_ASSERT_TRUE(m("frame.time_epoch > 1.6e9", /* 1.6 s after the epoch */
			 "\"1.6e9\" is read as 1.6 s (tshark 4.0 ignores \"e9\" after a time's "
			 "fraction)"));
	/* no fraction: the seconds must end the word; no hex; 9 digits at most */
	err_at("frame.time_relative >= 1e3", 24, 3, "\"1e3\" is not a time in seconds");
	err_at("frame.time_epoch > 2e9", 20, 3, "not a time");
	err_at("frame.time_relative > 0x10", 23, 4, "not a time");
	err_at("frame.time_relative > 0x1p3", 23, 5, "not a time");
	err_at("frame.time_relative > 1.0000000001", 23, 12, "not a time");
	err_at("frame.time_relative > 1.0000000001x", 23, 13, "not a time");
	err_at("frame.time_relative > 1-5", 23, 3, "not a time");
	/* integers and addresses take no fraction or exponent (tshark: not a valid number) */
	err_at("ip.ttl == 1e3", 11, 3, "not an unsigned integer");
	err_at("ip.ttl == 64.0", 11, 4, "not an unsigned integer");
	err_at("frame.len > 1.5e2", 13, 5, "not an unsigned integer");
	err_at("ip.src == 1.5e2", 11, 5, "not an IPv4 address");
	/* a date is not a number of seconds */
	err_at("frame.time < 1.6e9", 14, 5, "not a date");
}

static void test_dfilter_lits_dots(void)
{
	load();
	/* a word never ends with ".": "1." is 1 and a stray "." (tshark's caret) */
	err_at("frame.time_relative > 1.", 24, 1, "unexpected character");
	err_at("frame.len == 1.", 15, 1, "unexpected character");
	err_at("ip.", 3, 1, "unexpected character");
	err_at("frame.time_relative in {1. .. 2}", 26, 1, "unexpected character");
	/* "..": the range operator still ends a word */
	YES("frame.time_relative in {1..2}");
	YES("ip.ttl in {63..64}");
	/* ".NAME": a field or protocol, whatever it looks like */
	YES(".ip.ttl == 64");
	YES(".ip && .udp");
	YES("ip.ttl == .ip.ttl && ip.ttl in {.ip.ttl}");
	YES("ip.src != .ip.dst");
	YES(".ip.ttl#1 == 64 && len(.ip.src) == 4");
	YES("ip.ttl + .ip.ttl == 128");
	NO("frame.time_relative < .frame.time_delta");
	YES("frame.time_relative == .frame.time_delta");
	err_at("ip.ttl == .5", 11, 2, "unknown field \"5\"");
	err_at(".5", 1, 2, "unknown field \"5\"");
	err_at("frame.time_relative > -.5", 24, 2, "unknown field \"5\"");
	err_at("ip.src == .len", 11, 4, "unknown field \"len\"");
	err_at(".len(ip.src) == 4", 1, 4, "unknown field \"len\"");
	err_at("eth.src == .ff", 12, 3, "\".ff\""); /* tshark's protocol ff: not compatible */
}

/* Booleans: True, TRUE, False, FALSE and numbers; other words only as the
 * field's true/false strings (tshark 4.0: "true" is an error for ip.flags.df,
 * whose are Set and Not set); a character constant is its number ('a': true); the tree's
 * JSON words become 1 and 0 when a field is applied as a filter. */
static void test_dfilter_lits_bools(void)
{
	load(); /* ip.flags.df 0 (no DF bit) */
	YES("ip.flags.df == False && ip.flags.df == FALSE && ip.flags.df != True");
	YES("ip.flags.df == 0 && ip.flags.df != 2 && ip.flags.df in {TRUE, 0}");
	YES("ip.flags.df == '\\x00'");
	NO("ip.flags.df == 'a'"); /* 97: true */
	YES("ip.flags.df != 'a'");
	/* other words are the field's true/false strings (Set, Not set), any
	 * case; "True"/"False" only for a field without them (frame.marked) */
	err_at("ip.flags.df == true", 16, 4, "\"true\" cannot be found among the possible values");
	err_at("ip.flags.df == false", 16, 5, "cannot be found among the possible values");
	err_at("ip.flags.df == tRuE", 16, 4, "cannot be found among the possible values");
	err_at("ip.flags.df == yes", 16, 3, "cannot be found among the possible values");
	YES("ip.flags.df == \"not set\" && frame.marked == false && frame.marked != true");
	char out[128];
	CU_ASSERT_EQUAL(ps_dfilter_field_expr("ip.df", "==", "true", out, sizeof out), 0);
	CU_ASSERT_STRING_EQUAL(out, "ip.flags.df == 1");
	CU_ASSERT_EQUAL(ps_dfilter_field_expr("ip.flags.df", "!=", "false", out, sizeof out), 0);
	CU_ASSERT_STRING_EQUAL(out, "ip.flags.df != 0");
	CU_ASSERT_FALSE(m(out, 0));
}

PST_MAIN("dfilter_lits", {"time_fraction", test_dfilter_lits_time_fraction},
	 {"dots", test_dfilter_lits_dots}, {"bools", test_dfilter_lits_bools})
