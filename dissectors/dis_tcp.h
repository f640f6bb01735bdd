/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_tcp.h - the TCP header dissector's parts: options in dis_tcp_opts.c. */
#ifndef DIS_TCP_H
#define DIS_TCP_H

#include "dis_common.h"

#define TCP_HDR_LEN 20u

/* the flag bits of header bytes 12-13, as tcpdump names them */
enum {
	TH_FIN = 0x001, TH_SYN = 0x002, TH_RST = 0x004, TH_PUSH = 0x008, TH_ACK = 0x010,
	TH_URG = 0x020, TH_ECE = 0x040, TH_CWR = 0x080, TH_AE = 0x100, /* was NS */
};

/* decode: record the options between the fixed header and
 * min(data offset, `have` captured bytes) in the side area; a bad length
 * raises tcp.option_len_invalid, running out of slots tcp.option_limit. */
void ps_tcp_parse_opts(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
		       uint32_t have);

/* fields: the "options" array ({"kind", ...} per recorded option). */
void ps_tcp_emit_opts(const struct ps_packet *p, const struct ps_tcp *t, struct ps_emit *e);

/* The recorded options and SACK blocks (side area; t->nopts, t->nsack of them). */
static inline const struct ps_tcp_opt *ps_tcp_opts(const struct ps_packet *p,
						   const struct ps_tcp *t)
{
	return t->nopts ? (const struct ps_tcp_opt *)ps_side_get(p, t->opts_at) : 0;
}
static inline const struct ps_tcp_sack *ps_tcp_sacks(const struct ps_packet *p,
						    const struct ps_tcp *t)
{
	return t->nsack ? (const struct ps_tcp_sack *)ps_side_get(p, t->sack_at) : 0;
}

/* text: ", options [mss 1460,nop,...]"; false when tcpdump would end the
 * line there (a bad option, or the capture ended inside the options). */
bool ps_tcp_out_opts(const struct ps_packet *p, unsigned li, struct ps_out *o);

#endif
