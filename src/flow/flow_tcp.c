/* SPDX-License-Identifier: BSD-2-Clause */
/* flow_tcp.c - per-connection TCP bookkeeping: Zeek's endpoint states and
 * history letters (conn.log), tshark's relative sequence numbers (tcp.seq,
 * tcp.ack) and tcpdump's (the text line).
 *
 * Endpoint states follow Zeek's TCP analyzer in outline: a SYN makes the
 * originator SYN_SENT; the responder's SYN-ACK establishes both sides; data
 * without a SYN makes a side PARTIAL; FIN closes a side, RST resets it.
 * History: upper case for the originator, lower for the responder; S H F R
 * again only when the sequence number differs from the last one of that
 * flag; A D I Q once; T W at 1, 10, 100, ... occurrences.  Without
 * reassembly there is no C (checksum) or G (gap).
 */
#include <string.h>

#include "flow_tcp_int.h"

void ps_flow_hist_add(struct ps_flow *f, unsigned dir, char letter)
{
	char c = dir ? (char)(letter | 0x20) : (char)(letter & ~0x20);
	if (letter == '^')
		c = '^';
	if (f->hlen < PS_FLOW_HIST_MAX) {
		f->hist[f->hlen++] = c;
		f->hist[f->hlen] = '\0';
		f->hseen |= ftcp_hist_bit(c);
	}
}

void ps_flow_tcp_text_peek(const struct ps_flow *f, unsigned dir, const struct ps_tcp *t,
			   struct ps_flow_note *n)
{
	struct ps_flow_tcp s = f->tcp; /* the rule on a copy: the flow stays as it is */
	ftcp_rel_tcpdump(&s, dir, t, n);
}

/* Zeek's conn_state (base/protocols/conn/main.zeek). */
static const char *tcp_state(const struct ps_flow *f)
{
	uint8_t os = f->tcp.state[0], rs = f->tcp.state[1];
	bool o_inactive = os == ST_INACTIVE || os == ST_PARTIAL;
	bool r_inactive = rs == ST_INACTIVE || rs == ST_PARTIAL;

	if (rs == ST_RESET) {
		if (os == ST_SYN_SENT || os == ST_SYN_ACK_SENT ||
		    (os == ST_RESET && !f->d[0].payload && !f->d[1].payload))
			return "REJ";
		return o_inactive ? "RSTRH" : "RSTR";
	}
	if (os == ST_RESET) {
		if (!r_inactive)
			return "RSTO";
		/* ^?S[^HAFGIQ]*R.* : a SYN, then a RST before anything else */
		const char *h = f->hist + (f->hist[0] == '^');
		if (*h != 'S')
			return "OTH";
		for (h++; *h && *h != 'R'; h++)
			if (strchr("HAFGIQ", *h))
				return "OTH";
		return *h == 'R' ? "RSTOS0" : "OTH";
	}
	if (rs == ST_CLOSED && os == ST_CLOSED)
		return "SF";
	if (os == ST_CLOSED)
		return r_inactive ? "SH" : "S2";
	if (rs == ST_CLOSED)
		return o_inactive ? "SHR" : "S3";
	if (os == ST_SYN_SENT && rs == ST_INACTIVE)
		return "S0";
	if (os == ST_ESTABLISHED && rs == ST_ESTABLISHED)
		return "S1";
	return "OTH";
}

const char *ps_flow_state_name(const struct ps_flow *f)
{
	if (f->kind == PS_FK_TCP)
		return tcp_state(f);
	if (f->kind == PS_FK_UDP) {
		bool o = f->d[0].pkts, r = f->d[1].pkts;
		return o ? (r ? "SF" : "S0") : (r ? "SHR" : "OTH");
	}
	return "OTH";
}
