/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_erspan.c - Cisco ERSPAN, carried by GRE (protocol 0x88be or 0x22eb).
 *
 * draft-foschiano-erspan-03; Wireshark's packet-erspan.c is the reference
 * for the names (tshark's erspan.* fields) and for telling the types apart:
 *
 *   type I    GRE 0x88be without a sequence number: no ERSPAN header, the
 *             mirrored Ethernet frame follows GRE directly.
 *   type II   GRE 0x88be with a sequence number, version 1:
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Ver  |          VLAN         | COS | En|T|    Session ID     |
 *   |      Reserved         |                 Index                 |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   type III  GRE 0x22eb, version 2:
 *   |  Ver  |          VLAN         | COS |BSO|T|    Session ID     |
 *   |                          Timestamp                            |
 *   |             SGT               |P|    FT   |   Hw ID   |D|Gra|O|
 *   |  Platf ID |         Platform Specific Info (if O)             |
 *   |                 Platform Specific Info (if O)                 |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The mirrored frame (type III: frame type 0, Ethernet) is dissected under
 * "inner".  No text: tcpdump 4.99 has no ERSPAN printer and prints GRE's
 * "gre-proto-0x88be", which dis_gre.c writes when GRE has no inner layer.
 */
#include "dis_common.h"
#include "ps_linktype.h"

#define ERSPAN_PROTO_II 0x88beu
#define ERSPAN_PROTO_III 0x22ebu
#define ERSPAN2_HDR_LEN 8u
#define ERSPAN3_HDR_LEN 12u
#define ERSPAN3_PLAT_LEN 8u

/* The type, from the carrier GRE header (the table only holds GRE rows). */
static uint8_t erspan_type(const struct ps_dctx *d)
{
	const struct ps_gre *g = &d->p->layers[d->cur - 1].u.gre;

	if (g->proto == ERSPAN_PROTO_III)
		return 3;
	return (g->flags_version & PS_GRE_S) ? 2 : 1;
}

static void erspan_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_erspan *e = &l->u.erspan;

	e->type = erspan_type(d);
	if (e->type == 1) {
		l->hdr_len = 0;
		d->claim_out = d->claim_in;
		ps_dis_tunnel_inner(d, c, PS_TAB_LINKTYPE, PS_DLT_EN10MB);
		return;
	}
	e->w0 = ps_cur_peek_be16(c, 0);
	e->w1 = ps_cur_peek_be16(c, 2);
	e->w2 = ps_cur_peek_be32(c, 4);
	uint32_t need = ERSPAN2_HDR_LEN;
	if (e->type == 3) {
		e->sgt = ps_cur_peek_be16(c, 8);
		e->w3 = ps_cur_peek_be16(c, 10);
		need = ERSPAN3_HDR_LEN;
		if (ps_cur_remaining(c) >= need && (e->w3 & PS_ERSPAN3_O)) {
			e->plat_hi = ps_cur_peek_be32(c, 12);
			e->plat_lo = ps_cur_peek_be32(c, 16);
			need += ERSPAN3_PLAT_LEN;
		}
	}
	if (ps_cur_remaining(c) < need) {
		ps_dis_short_header(d, c, l, need, PS_EV_ERSPAN_HDR_EXCEEDS_LEN,
				    PS_EV_ERSPAN_TRUNCATED);
		return;
	}
	l->hdr_len = need;
	if ((e->w0 >> 12) != e->type - 1u) {
		ps_dis_event(d, PS_EV_ERSPAN_BAD_VERSION);
		return;
	}
	ps_cur_skip(c, need);
	d->claim_out = ps_dis_claim_after(d->claim_in, need);
	if (e->type == 3 && ((e->w3 >> 10) & 0x1f) != 0)
		return; /* not an Ethernet frame: left as payload */
	ps_dis_tunnel_inner(d, c, PS_TAB_LINKTYPE, PS_DLT_EN10MB);
}

/* The words common to types II and III: tshark's erspan.version ... spanid;
 * bits 11-12 are erspan.encap in type II, erspan.bso in type III. */
static void erspan_fields_common(const struct ps_layer *l, struct ps_emit *em)
{
	const struct ps_erspan *e = &l->u.erspan;

	ps_dis_emit_u64(em, l, "version", 0, 2, e->w0 >> 12);
	ps_dis_emit_u64(em, l, "vlan", 0, 2, e->w0 & 0x0fffu);
	ps_dis_emit_u64(em, l, "cos", 2, 2, e->w1 >> 13);
	ps_dis_emit_u64(em, l, e->type == 2 ? "encap" : "bso", 2, 2, (e->w1 >> 11) & 3u);
	ps_dis_emit_u64(em, l, "truncated", 2, 2, (e->w1 >> 10) & 1u);
	ps_dis_emit_u64(em, l, "spanid", 2, 2, e->w1 & 0x03ffu);
}

static void erspan_fields(const struct ps_packet *p, unsigned li, struct ps_emit *em)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_erspan *e = &l->u.erspan;

	if (e->type == 1)
		return;
	erspan_fields_common(l, em);
	if (e->type == 2) {
		ps_dis_emit_u64(em, l, "index", 4, 4, e->w2 & 0x000fffffu);
		return;
	}
	ps_dis_emit_u64(em, l, "timestamp", 4, 4, e->w2);
	ps_dis_emit_u64(em, l, "sgt", 8, 2, e->sgt);
	ps_dis_emit_u64(em, l, "p", 10, 2, e->w3 >> 15);
	ps_dis_emit_u64(em, l, "ft", 10, 2, (e->w3 >> 10) & 0x1fu);
	ps_dis_emit_u64(em, l, "hw", 10, 2, (e->w3 >> 4) & 0x3fu);
	if (l->hdr_len >= ERSPAN3_HDR_LEN) {
		ps_emit_span(em, l->off + 10, 2);
		PS_EMIT_BOOL(em, "direction", (e->w3 >> 3) & 1u);
	}
	ps_dis_emit_u64(em, l, "gra", 10, 2, (e->w3 >> 1) & 3u);
	ps_dis_emit_u64(em, l, "o", 10, 2, e->w3 & PS_ERSPAN3_O);
	if (e->w3 & PS_ERSPAN3_O)
		ps_dis_emit_u64(em, l, "platid", 12, 4, e->plat_hi >> 26);
}

const struct ps_dissector ps_dis_erspan = {
	.name = "erspan",
	.label = "ERSPAN",
	.proto = PS_P_ERSPAN,
	.ev_truncated = PS_EV_ERSPAN_TRUNCATED,
	.decode = erspan_decode,
	.fields = erspan_fields,
};
