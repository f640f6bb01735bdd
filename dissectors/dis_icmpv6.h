/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_icmpv6.h - the ICMPv6 dissector's parts: neighbour discovery and MLD in dis_icmpv6_nd.c. */
#ifndef DIS_ICMPV6_H
#define DIS_ICMPV6_H

#include "dis_common.h"

enum {
	ICMP6_DST_UNREACH = 1, ICMP6_PACKET_TOO_BIG = 2, ICMP6_TIME_EXCEEDED = 3,
	ICMP6_PARAM_PROB = 4, ICMP6_ECHO_REQUEST = 128, ICMP6_ECHO_REPLY = 129,
	MLD_QUERY = 130, MLD_REPORT = 131, MLD_DONE = 132, ND_ROUTER_SOLICIT = 133,
	ND_ROUTER_ADVERT = 134, ND_NEIGHBOR_SOLICIT = 135, ND_NEIGHBOR_ADVERT = 136,
	ND_REDIRECT = 137, MLDV2_REPORT = 143,
};
#define MLD_MINLEN 24u
#define MLDV2_QUERY_MINLEN 28u

static inline bool icmp6_is_nd(unsigned type)
{
	return type >= ND_ROUTER_SOLICIT && type <= ND_REDIRECT;
}

static inline bool icmp6_is_mld(unsigned type)
{
	return (type >= MLD_QUERY && type <= MLD_DONE) || type == MLDV2_REPORT;
}

/* decode: walk the ND options after the `need`-byte header of an ND
 * message: keep the whole, valid ones (opts_off/opts_len), raise
 * icmpv6.option_len_invalid or icmpv6.truncated at the first bad one, and
 * set l->hdr_len to the captured end of the walk. */
void ps_icmp6_nd_opts(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
		      uint32_t need);

/* fields: the ND body (RA / NA flags and timers, target, redirect
 * destination) and its "options" array; the MLD body ("max_delay",
 * "group", "nsrcs" / "nrecords").  Only called once the whole fixed part
 * of the message was captured. */
void ps_icmp6_emit_nd(const struct ps_packet *p, const struct ps_layer *l, struct ps_emit *e);
void ps_icmp6_emit_mld(const struct ps_layer *l, struct ps_emit *e);

/* text, after "ICMP6, <type name>": MLD ("max resp delay: 0 addr: ff02::fb",
 * ", 2 group record(s)") for a message of `len` bytes, and ND (", who has
 * fe80::2", ", tgt is ..." with -v flags, ", dst to target"). */
void ps_icmp6_out_mld(const struct ps_icmpv6 *v, uint32_t len, struct ps_out *o);
void ps_icmp6_out_nd(const struct ps_icmpv6 *v, bool verbose, struct ps_out *o);

#endif
