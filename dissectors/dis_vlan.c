/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_vlan.c - IEEE 802.1Q / 802.1ad VLAN tags, one layer per tag.
 *
 * IEEE Std 802.1Q-2018 clause 9.6.  The TPID (0x8100 C-tag, 0x88a8 S-tag,
 * 0x9100 old QinQ) is the carrier's EtherType field; the tag proper is:
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * | PCP |D|         VLAN ID       |     EtherType or length       |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Stacked tags are consecutive layers; the driver groups them into the one
 * JSON array "vlan" (PS_DIS_ARRAY), outermost first, and bounds the depth.
 */
#include "dis_common.h"
#include "ps_text.h"

#define VLAN_TAG_LEN 4u
#define VLAN_TCI_LEN 2u
#define ETH_MAX_LENGTH 1500u /* largest 802.3 length; larger values are EtherTypes */

static bool is_tpid(uint32_t v)
{
	return v == 0x8100 || v == 0x88a8 || v == 0x9100;
}

/* The TPID is the EtherType of the header before this tag. */
static uint16_t vlan_tpid(const struct ps_dctx *d)
{
	const struct ps_packet *p = d->p;
	int prev = d->cur - 1;

	if (prev >= 0 && p->layers[prev].parent == d->parent) {
		const struct ps_layer *pl = &p->layers[prev];
		if (pl->proto == PS_P_ETH)
			return pl->u.eth.type;
		if (pl->proto == PS_P_VLAN)
			return pl->u.vlan.type;
		if (pl->proto == PS_P_SLL)
			return pl->u.sll.proto;
	}
	/* the driver leaves the registry key that chose us in next_key */
	return is_tpid(d->next_key) ? (uint16_t)d->next_key : 0x8100;
}

static void vlan_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_vlan *v = &l->u.vlan;
	uint32_t avail = ps_cur_remaining(c);

	v->tpid = vlan_tpid(d);
	if (avail >= VLAN_TCI_LEN) {
		uint16_t tci = ps_cur_peek_be16(c, 0);
		v->pcp = (uint8_t)(tci >> 13);
		v->dei = (tci & 0x1000) != 0;
		v->id = tci & 0x0fff;
	}
	if (avail < VLAN_TAG_LEN) {
		l->hdr_len = avail;
		ps_dis_event(d, PS_EV_VLAN_TRUNCATED);
		return;
	}
	v->type = ps_cur_peek_be16(c, 2);
	ps_cur_skip(c, VLAN_TAG_LEN);
	l->hdr_len = VLAN_TAG_LEN;
	d->claim_out = ps_dis_claim_after(d->claim_in, VLAN_TAG_LEN);
	if (v->type > ETH_MAX_LENGTH) {
		ps_dis_next(d, PS_TAB_ETHERTYPE, v->type);
		return;
	}
	/* 802.3 length inside the tag: an LLC frame, padding after it */
	if (d->claim_out != PS_CLAIM_UNKNOWN && v->type > d->claim_out)
		ps_dis_event(d, PS_EV_VLAN_LEN_EXCEEDS_FRAME);
	else
		d->claim_out = v->type;
	ps_cur_clip(c, v->type);
	ps_dis_next(d, PS_TAB_8023, PS_8023_LLC);
}

/* tcpdump -e: "vlan 10, p 0, ethertype IPv4 (0x0800), "; "vlan 10, p 0, 802.3" */
static void vlan_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			 struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_vlan *v = &l->u.vlan;

	(void)t;
	if (l->hdr_len < VLAN_TAG_LEN)
		return;
	PS_OUT_LIT(o, "vlan ");
	ps_out_u64(o, v->id);
	PS_OUT_LIT(o, ", p ");
	ps_out_u64(o, v->pcp);
	if (v->dei)
		PS_OUT_LIT(o, ", DEI");
	if (v->type <= ETH_MAX_LENGTH) {
		/* tcpdump runs the LLC text on: "802.3LLC, dsap ..." */
		PS_OUT_LIT(o, ", 802.3");
		return;
	}
	PS_OUT_LIT(o, ", ethertype ");
	ps_text_ethertype(o, v->type);
	PS_OUT_LIT(o, ", ");
}

/* One element of the "vlan" array (the driver opens and closes it). */
static void vlan_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_vlan *v = &l->u.vlan;

	/* the TPID's bytes are the carrier's type field, captured before us */
	ps_emit_span(e, l->off >= 2 ? l->off - 2 : 0, 2);
	PS_EMIT_U64(e, "tpid", v->tpid);
	if (l->hdr_len >= VLAN_TCI_LEN) {
		ps_emit_span(e, l->off, 1);
		PS_EMIT_U64(e, "pcp", v->pcp);
		ps_emit_span(e, l->off, 1);
		PS_EMIT_BOOL(e, "dei", v->dei);
		ps_emit_span(e, l->off, 2);
		PS_EMIT_U64(e, "id", v->id);
	}
	ps_dis_emit_u64(e, l, "type", 2, 2, v->type);
}

const struct ps_dissector ps_dis_vlan = {
	.name = "vlan",
	.label = "VLAN",
	.ev_truncated = PS_EV_VLAN_TRUNCATED,
	.proto = PS_P_VLAN,
	.flags = PS_DIS_LINK | PS_DIS_ARRAY,
	.decode = vlan_decode,
	.summary = vlan_summary,
	.fields = vlan_fields,
};
