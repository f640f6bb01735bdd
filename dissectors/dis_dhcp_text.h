/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_dhcp_text.h - DHCP's -v detail lines (dis_dhcp_text.c). */
#ifndef DIS_DHCP_TEXT_H
#define DIS_DHCP_TEXT_H

#include "ps_dissect.h"
#include "ps_out.h"

/* After tcpdump's first -v line: the addresses, sname/file and the
 * `nopts` recorded options `opts` of the DHCP layer li (pad and end only
 * from -vvv). */
void ps_dhcp_out_verbose(const struct ps_packet *p, unsigned li, int verbose,
			 const struct ps_dhcp_opt *opts, struct ps_out *o);

#endif
