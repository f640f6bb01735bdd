/* SPDX-License-Identifier: BSD-2-Clause */
/* flow_anl.c - tshark's TCP sequence analysis (src/reasm/tcp_analysis.h)
 * run on the conversation's two directions, its events added to the packet.
 *
 * The out-of-order threshold is the handshake's RTT (first SYN to the
 * first ACK after the SYN-ACK) once known, as tshark's; 3 ms before.
 * The body is ps_ftcp_analyze (flow_tcp_int.h), inline in flow_track.c.
 */
#include "flow_tcp_int.h"

void ps_flow_tcp_analyze(struct ps_flow *f, unsigned dir, struct ps_packet *p, int tl,
			 struct ps_tcp_seg *s)
{
	ps_ftcp_analyze(f, dir, p, tl, s);
}
