/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_ipv6_ext.h - the IPv6 extension-header walker (dis_ipv6_ext.c), as the
 * fixed-header dissector (dis_ipv6.c) uses it.  Dependencies go one way:
 * dis_ipv6.c calls the walker, the walker never calls back into dis_ipv6.c. */
#ifndef DIS_IPV6_EXT_H
#define DIS_IPV6_EXT_H

#include "dis_ip.h"

#define IPV6_HDR_LEN 40u

/* Next Header values of the extension headers walked, and "no next header" */
enum { NH_HOPOPTS = 0, NH_ROUTING = 43, NH_FRAGMENT = 44, NH_AH = 51, NH_NONE = 59,
       NH_DSTOPTS = 60, NH_MOBILITY = 135 };

/* The walk's outcome: go on to v6->upper, stop without a next protocol (a
 * later fragment, the extension limit), or a bad header (event raised). */
enum ipv6_walk { IPV6_WALK_NEXT, IPV6_WALK_STOP, IPV6_WALK_FAIL };

struct ipv6_walk_state {
	uint32_t left;   /* payload bytes still claimed (PS_CLAIM_UNKNOWN: not yet known) */
	bool jumbo_wait; /* Payload Length 0 before a HBH header: a Jumbo option must say it */
};

/* decode: ipv6.plen_exceeds_caplen when 40 + plen is more than
 * the carrier holds on the wire (not inside an ICMP quote). */
void ps_ipv6_plen_check(struct ps_dctx *d, uint32_t plen);

/* Is Next Header value nh an extension header this dissector walks? */
static inline bool ps_ipv6_is_ext(unsigned nh)
{
	return nh == NH_HOPOPTS || nh == NH_ROUTING || nh == NH_FRAGMENT || nh == NH_AH ||
	       nh == NH_DSTOPTS || nh == NH_MOBILITY;
}

/* decode: walk the extension headers from c (just after the fixed header),
 * recording them in the side area (ps_ipv6_exts()), adding their bytes to l->hdr_len and
 * setting v6->upper to what follows them; w->left is decremented as they
 * are consumed and the cursor clipped to a Jumbo Payload length. */
enum ipv6_walk ps_ipv6_walk(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
			    struct ipv6_walk_state *w);

/* The recorded extension headers (v6->n_ext of them), read-only and, for
 * the walk that fills them, writable. */
static inline const struct ps_ipv6_ext *ps_ipv6_exts(const struct ps_packet *p,
						     const struct ps_ipv6 *v6)
{
	return v6->n_ext ? (const struct ps_ipv6_ext *)ps_side_get(p, v6->ext_at) : 0;
}
static inline struct ps_ipv6_ext *ps_ipv6_ext_room(struct ps_packet *p, const struct ps_ipv6 *v6)
{
	return (struct ps_ipv6_ext *)(void *)(p->side + v6->ext_at);
}

/* fields: the "ext" array ({"type","len"} and a fragment's offset/m/id). */
void ps_ipv6_emit_exts(const struct ps_packet *p, const struct ps_ipv6 *v6, struct ps_emit *e);

/* text: one extension header as tcpdump prints it ("HBH ", "frag (0|1448) ");
 * false when the line ends there (a non-first fragment, a bad routing header). */
bool ps_ipv6_ext_text(const struct ps_packet *p, const struct ps_layer *l,
		      const struct ps_ipv6_ext *x, const struct ps_text_opts *t, struct ps_out *o);

#endif
