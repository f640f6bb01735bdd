/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_quic_conn.c - a short header's DCID from the connection's long
 * headers (dis_quic_conn.h). */
#include <string.h>

#include "dis_quic_conn.h"

void ps_quic_conn_packet(struct ps_quic_cids *c, unsigned dir, struct ps_packet *p, unsigned li)
{
	struct ps_layer *l = &p->layers[li];
	struct ps_quic *q = &l->u.quic;
	if (l->proto != PS_P_QUIC || !l->hdr_len || dir > 1)
		return;
	if (q->long_hdr) {
		/* the whole ID pair was read (hdr_len covers it) and is valid */
		if (q->type == PS_QUIC_VN || q->scid_len > PS_QUIC_MAX_CID ||
		    l->hdr_len < 7u + q->dcid_len + q->scid_len)
			return;
		memcpy(c->cid[dir], p->data + q->scid_off, q->scid_len);
		c->len[dir] = q->scid_len;
		c->set[dir] = true;
		return;
	}
	unsigned peer = !dir, n = c->len[peer];
	uint32_t at = l->off + 1u;
	if (!c->set[peer] || !n || at > ps_packet_bytes(p) || n > ps_packet_bytes(p) - at ||
	    memcmp(p->data + at, c->cid[peer], n))
		return;
	q->dcid_off = at;
	q->dcid_len = (uint8_t)n;
}
