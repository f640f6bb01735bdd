/* SPDX-License-Identifier: BSD-2-Clause */
/* ps_text.h - helpers shared by the dissectors' one-line text summaries. */
#ifndef PS_TEXT_H
#define PS_TEXT_H

#include "ps_out.h"
#include "ps_packet.h"

/* "10.0.0.1.443 > 10.0.0.2.5555: " with the addresses of the nearest
 * IPv4/IPv6 layer before li (IPv6 as "fe80::1.443"); "443 > 5555: " when
 * there is none. */
void ps_text_endpoints(const struct ps_packet *p, unsigned li, struct ps_out *o, unsigned sport,
		       unsigned dport);

/* "IPv4 (0x0800)"-style EtherType description used by link summaries. */
void ps_text_ethertype(struct ps_out *o, unsigned type);

#endif
