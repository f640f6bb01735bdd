/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_vxlan.c - Virtual eXtensible LAN (UDP port 4789).
 *
 * RFC 7348.  The payload is an Ethernet frame, dissected under "inner".
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |R|R|R|R|I|R|R|R|            Reserved                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                VXLAN Network Identifier (VNI) |   Reserved    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * `flags` is the first 16 bits, as tshark's vxlan.flags (the group-policy
 * extension uses bits of the second byte).
 */
#include "dis_common.h"
#include "ps_linktype.h"

#define VXLAN_HDR_LEN 8u

static void vxlan_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_vxlan *v = &l->u.vxlan;

	v->flags = ps_cur_peek_be16(c, 0);
	v->vni = ps_cur_peek_be32(c, 4) >> 8;
	if (ps_cur_remaining(c) < VXLAN_HDR_LEN) {
		ps_dis_short_header(d, c, l, VXLAN_HDR_LEN, PS_EV_VXLAN_HDR_EXCEEDS_LEN,
				    PS_EV_VXLAN_TRUNCATED);
		return;
	}
	l->hdr_len = VXLAN_HDR_LEN;
	ps_cur_skip(c, VXLAN_HDR_LEN);
	ps_dis_tunnel_inner(d, c, PS_TAB_LINKTYPE, PS_DLT_EN10MB);
}

static void vxlan_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];

	ps_dis_emit_u64(e, l, "flags", 0, 2, l->u.vxlan.flags);
	ps_dis_emit_u64(e, l, "vni", 4, 3, l->u.vxlan.vni);
}

/* "VXLAN, flags [I] (0x08), vni 1111" and, on the next line, the inner
 * frame: tcpdump's print-vxlan.c */
static void vxlan_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			  struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	unsigned f = l->u.vxlan.flags >> 8;

	if (l->hdr_len < VXLAN_HDR_LEN)
		return;
	PS_OUT_LIT(o, "VXLAN, flags [");
	ps_out_str(o, f & 0x08 ? "I" : "invalid");
	ps_out_fmt(o, "] (0x%02x), vni %u\n", f, (unsigned)l->u.vxlan.vni);
	ps_dis_out_nested(p, li, PS_NEST_INNER, t, o);
}

const struct ps_dissector ps_dis_vxlan = {
	.name = "vxlan",
	.label = "VXLAN",
	.proto = PS_P_VXLAN,
	.ev_truncated = PS_EV_VXLAN_TRUNCATED,
	.decode = vxlan_decode,
	.summary = vxlan_summary,
	.fields = vxlan_fields,
};
