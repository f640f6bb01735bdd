/* SPDX-License-Identifier: BSD-2-Clause */
/* flow_anl.c - tshark's TCP sequence analysis (src/reasm/tcp_analysis.h)
 * run on the conversation's two directions, its events added to the packet.
 *
 * The out-of-order threshold is the handshake's RTT (first SYN to the
 * first ACK after the SYN-ACK) once known, as tshark's; 3 ms before.
 */
#include "ps_flow.h"
#include "reasm_record.h"

void ps_flow_tcp_analyze(struct ps_flow *f, unsigned dir, struct ps_packet *p, int tl,
			 struct ps_tcp_seg *s)
{
	struct ps_flow_tcp *t = &f->tcp;
	bool syn = s->flags & PS_TCPF_SYN, ack = s->flags & PS_TCPF_ACK;
	if (syn && !ack)
		t->syn_ns = s->ts_ns;
	else if (syn)
		t->synack = true;
	else if (ack && t->synack && !t->rtt_ns && t->syn_ns)
		t->rtt_ns = s->ts_ns - t->syn_ns;
	uint32_t a = ps_tcp_analysis_step(&t->anl[dir], &t->anl[!dir], s,
					  t->rtt_ns ? t->rtt_ns : PS_TCP_OOO_THRES_NS);
	p->flow.tcp_analysis = (uint16_t)a; /* the display filter's tcp.analysis.* */
	enum ps_event_code ev[8];
	unsigned k = ps_tcp_analysis_events(a, ev, 8);
	for (unsigned i = 0; i < k; i++)
		ps_packet_add_event(p, ev[i], tl);
}
