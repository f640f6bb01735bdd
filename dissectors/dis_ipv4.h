/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_ipv4.h - the IPv4 header dissector's parts: options in dis_ipv4_opts.c. */
#ifndef DIS_IPV4_H
#define DIS_IPV4_H

#include "dis_ip.h"

#define IPV4_MIN_HL 20u

/* decode: record the options in header bytes [20, hl) of which the first
 * `cap` were captured in the side area (ps_ipv4_opts()).  A malformed option raises
 * ip.option_malformed; one claiming fewer than 2 bytes or running past the
 * header ends the walk. */
void ps_ipv4_parse_opts(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l, uint32_t cap);

/* The recorded options, ip->nopts of them. */
static inline const struct ps_ipv4_opt *ps_ipv4_opts(const struct ps_packet *p,
						     const struct ps_ipv4 *ip)
{
	return ip->nopts ? (const struct ps_ipv4_opt *)ps_side_get(p, ip->opts_at) : 0;
}

/* fields: the "options" array ({"type","len",...} per recorded option). */
void ps_ipv4_emit_opts(const struct ps_packet *p, const struct ps_ipv4 *ip, struct ps_emit *e);

/* -v text: ", options (NOP,RR 1.2.3.4, 5.6.7.8,RA)" as tcpdump's
 * ip_optprint; nothing when the header has none. */
void ps_ipv4_out_opts(const struct ps_packet *p, const struct ps_layer *l, struct ps_out *o);

#endif
