/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_ip.h - helpers shared by the IPv4 and IPv6 dissectors (dis_ip_common.c).
 *
 * Private to dissectors/.  The two IP dissectors hand each other a header of
 * the other version (raw-IP link types, misdirected EtherTypes), and print
 * the same tcpdump prefixes and tunnelled chains.
 */
#ifndef DIS_IP_H
#define DIS_IP_H

#include <stdbool.h>

#include "dis_common.h"

extern const struct ps_dissector ps_dis_ipv4, ps_dis_ipv6;

/* decode: is the layer being decoded inside an ICMP error's quote, at any
 * depth?  A quoted datagram carries only its start, so its length fields
 * exceed the quote and are not checked against the carrier. */
bool ps_ip_in_quote(const struct ps_dctx *d);

/* tcpdump's name for an IP protocol number ("TCP"), "unknown" for others.
 * Static string. */
const char *ps_ip_proto_name(unsigned proto);

/* text: "IP " / "IP6 " (by layer li's protocol) as tcpdump prints it: with
 * -e the link header already named the protocol (a raw-IP frame has none
 * and prints "ip: "); a tunnelled copy always names itself. */
void ps_ip_text_prefix(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
		       struct ps_out *o);

/* text: the dissector of the layer that follows li in its chain (a tunnel's
 * inner copy included), or NULL when nothing follows. */
const struct ps_dissector *ps_ip_next_dis(const struct ps_packet *p, unsigned li);

/* text: true when the driver found the next protocol's header cut to
 * nothing (a truncation event of another protocol raised on layer li): only
 * the renderer's " [|proto]" mark is printed then. */
bool ps_ip_next_cut(const struct ps_packet *p, unsigned li);

#endif
