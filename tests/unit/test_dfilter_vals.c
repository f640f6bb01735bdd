/* SPDX-License-Identifier: BSD-2-Clause */
/* test_dfilter_vals.c - literals and operands tshark 4.0 takes that are not
 * plain numbers or fields: a field's value names ("ip.proto == ICMP",
 * "ip.flags.df == Set", from the generated df_vstr.inc), count() and len()
 * of a protocol, and numbers where a byte string is read ("eth.src[0] ==
 * 2", "201" is 20 01: tshark's hex_str_to_bytes). */
#include <stdlib.h>

#include "ps_dfilter.h"
#include "ps_test.h"
#include "pst_dfilter.h"

static struct ps_packet pk;

/* Eth 02:1a:00:00:00:01 > 02:00:00:00:00:02, IPv4 192.0.2.1 > 192.0.2.201
 * ttl 64 proto ICMP (len 48), ICMP time exceeded quoting the IPv4 header
 * 192.0.2.201 > 192.0.2.1 ttl 1 proto TCP with DF (len 60, nothing after it) */
static const uint8_t ttl_exceeded[62] = {
	0x02, 0x00, 0x00, 0x00, 0x00, 0x02, 0x02, 0x1a, 0x00, 0x00, 0x00, 0x01, 0x08, 0x00,
	0x45, 0x00, 0x00, 0x30, 0x00, 0x07, 0x00, 0x00, 0x40, 0x01, 0x00, 0x00,
	0xc0, 0x00, 0x02, 0x01, 0xc0, 0x00, 0x02, 0xc9,
	0x0b, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
	0x45, 0x00, 0x00, 0x3c, 0x00, 0x08, 0x40, 0x00, 0x01, 0x06, 0x00, 0x00,
	0xc0, 0x00, 0x02, 0xc9, 0xc0, 0x00, 0x02, 0x01,
};

static void load(void)
{
	pst_dissect(&pk, PS_DLT_EN10MB, ttl_exceeded, sizeof ttl_exceeded, sizeof ttl_exceeded);
}

#define YES(expr) CU_ASSERT_TRUE(pst_df_match(expr, &pk))
#define NO(expr) CU_ASSERT_FALSE(pst_df_match(expr, &pk))
#define err_at pst_df_err_at

static void test_dfilter_vals_names(void)
{
	load();
	/* a word that is not a number, or a quoted string: ASCII case-insensitive */
	YES("ip.proto == ICMP && ip.proto == \"icmp\" && ip.proto == Icmp");
	YES("ip.proto == TCP && ip.proto != UDP && !(ip.proto == UDP)");
	NO("all ip.proto == ICMP");
	YES("ip.proto#2 == TCP && ip.proto#1 == \"ICMP\" && ip.proto == {TCP}");
	YES("ip.proto in {UDP, TCP} && ip.proto in {\"ICMP\"..2} && !(ip.proto in {UDP})");
	YES("ip.proto in {ip.ttl#2..TCP} && ip.proto & 0xff == TCP && ip.proto < UDP");
	YES("eth.type == IPv4 && eth.type in {ARP, IPv4}");
	/* booleans: the field's true/false strings, True/False without them */
	YES("ip.flags.df == Set && ip.flags.df#1 == \"Not set\" && ip.flags.df#2 == \"SET\"");
	YES("frame.marked == false && frame.marked == \"False\" && frame.marked != TRUE");
	NO("vlan.priority == \"Spare\""); /* no VLAN; vlan.priority's names are quoted only */
	err_at("vlan.priority == Spare", 18, 5, "\"Spare\" cannot be found among the possible "
		"values for vlan.priority");
	err_at("dns.qry.type == A", 17, 1, "\"A\" cannot be found among the possible values "
		"for dns.qry.type");
	err_at("ip.proto == \"6\"", 13, 3, "\"6\" cannot be found"); /* quoted: no number */
	err_at("ip.proto == 6.0", 13, 3, "\"6.0\" cannot be found");
	err_at("ip.proto == TCP-1", 13, 5, "\"TCP-1\" cannot be found");
	err_at("ip.flags.df == \"True\"", 16, 6, "cannot be found among the possible values");
	err_at("ntp.stratum == primary", 16, 7, "\"ntp.stratum\" cannot accept [range] strings");
	err_at("ntp.stratum == \"x\"", 16, 3, "cannot accept [range] strings");
	/* numbers only: arithmetic, functions, masks, negation, no names */
	err_at("ip.proto + TCP == 7", 12, 3, "\"TCP\" is not an unsigned integer");
	err_at("ip.proto == TCP + 1", 13, 3, "\"TCP\" is not an unsigned integer");
	err_at("ip.proto == ip.ttl - TCP", 22, 3, "not an unsigned integer");
	err_at("max(ip.proto, ICMP) == 1", 15, 4, "not an unsigned integer");
	err_at("ip.proto == -TCP", 14, 3, "not an unsigned integer");
	err_at("ip.proto & TCP", 12, 3, "not an unsigned integer");
	err_at("count(ip.proto) == TCP", 20, 3, "not an unsigned integer");
	/* a field without names, a protocol's name */
	err_at("ip.ttl == TCP", 11, 3, "not an unsigned integer");
	err_at("ip.ttl == \"TCP\"", 11, 5, "a quoted string cannot be compared");
	err_at("ip.proto == tcp", 13, 3, "not an unsigned integer");
}

static void test_dfilter_vals_proto_fns(void)
{
	load();
	YES("count(ip) == 2 && count(icmp) == 1 && count(frame) == 1 && count(eth) == 1");
	YES("count(ip) == count(ip.src) && count(ip#2) == 1 && count(ip#[1-2]) == 2");
	NO("count(tcp) == 0 || count(tcp) != 0"); /* absent: no value */
	NO("len(sip) == 0 || count(sip) == 0");   /* a name tshark has: never present */
	YES("len(ip) == 20 && all len(ip) == 20 && len(ip#2) == 20 && len(eth) == 14");
	YES("len(frame) == 62 && len(frame) == frame.len");
	YES("len(icmp) == 28"); /* to the end of the outer IP payload */
	YES("ip.hdr_len in {len(ip)} && ip.ttl > count(ip) && len(ip) - len(eth) == 6");
	err_at("count(ip)", 1, 5, "You cannot test whether a function is present");
	err_at("len(ip) in {20}", 1, 3, "Only a field may be tested for membership in a set");
	err_at("len(ip[0:4]) == 4", 0, 2, "Only fields can be used as parameter for len()");
	err_at("count(ip.ttl == 1", 14, 2, "expected \")\"");
}

static void test_dfilter_vals_bytes(void)
{
	load();
	/* hex digits two at a time, a lone one a byte: no decimal bytes */
	YES("eth.src[0] == 2 && eth.src[1] == 1a && ip.dst[3] == c9 && ip.dst[3] == 0xc9");
	NO("ip.dst[3] == 201"); /* 20 01: two bytes */
	YES("ip.src[1:2] == 002 && ip.dst[1:3] == 0002c9 && ip.dst[0:2] == c0.0");
	YES("ip.dst[0] < 100 && ip.dst[0] > 9 && !(ip.dst[0] > 200)"); /* 1 byte < 2 bytes */
	YES("frame contains 0b && frame contains c0.0.2.c9 && frame contains 2-1a");
	NO("frame contains 1e1"); /* 1e 01 */
	YES("ip.dst[3] & 8"); /* c9 & 08 */
	err_at("ip.dst[3] == 0x2", 14, 3, "\"0x2\" is not a valid byte string");
	err_at("frame contains 1:2", 16, 3, "\"1:2\" is not a valid byte string");
	err_at("frame contains 0g", 16, 2, "not a valid byte string");
	err_at("ip.dst[3] == -1", 15, 1, "cannot be negated");
}

PST_MAIN("dfilter_vals", {"names", test_dfilter_vals_names},
	 {"proto_fns", test_dfilter_vals_proto_fns}, {"bytes", test_dfilter_vals_bytes})
