/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_eth.c - Ethernet II / IEEE 802.3 MAC header (DLT_EN10MB).
 *
 * IEEE Std 802.3 clause 3.2.6; RFC 894 (IP over Ethernet II).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |              Destination address (6 bytes)                    |
 * +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                               |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 * |                 Source address (6 bytes)                      |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |    EtherType or length        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * A value above 1500 is an EtherType (0x8100, 0x88a8, 0x9100 start a VLAN
 * tag stack); 1500 or less is an 802.3 length: an LLC frame of that many
 * bytes follows (dis_llc.c) and the rest is padding.
 */
#include <string.h>

#include "dis_common.h"
#include "ps_text.h"

#define ETH_HDR_LEN 14u
#define ETH_ADDR_LEN 6u
#define ETH_MAX_LENGTH 1500u /* largest 802.3 length; larger values are EtherTypes */

/* The 802.3 length bounds the LLC payload; padding up to 60 bytes is not data. */
static void eth_8023_payload(struct ps_dctx *d, struct ps_cursor *c, uint16_t length)
{
	if (d->claim_out != PS_CLAIM_UNKNOWN && length > d->claim_out)
		ps_dis_event(d, PS_EV_ETH_LEN_EXCEEDS_FRAME);
	else
		d->claim_out = length;
	ps_cur_clip(c, length);
}

static void eth_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_eth *eth = &l->u.eth;
	uint32_t avail = ps_cur_remaining(c);

	if (avail < ETH_HDR_LEN) { /* the capture ended inside the header */
		if (avail >= ETH_ADDR_LEN)
			memcpy(eth->dst, ps_cur_peek_bytes(c, 0, ETH_ADDR_LEN), ETH_ADDR_LEN);
		if (avail >= 2 * ETH_ADDR_LEN)
			memcpy(eth->src, ps_cur_peek_bytes(c, ETH_ADDR_LEN, ETH_ADDR_LEN), ETH_ADDR_LEN);
		l->hdr_len = avail;
		ps_dis_event(d, PS_EV_ETH_TRUNCATED);
		return;
	}
	const uint8_t *h = ps_cur_peek_bytes(c, 0, ETH_HDR_LEN); /* one bounds check */
	memcpy(eth->dst, h, ETH_ADDR_LEN);
	memcpy(eth->src, h + ETH_ADDR_LEN, ETH_ADDR_LEN);
	eth->type = ps_dis_be16(h + 2 * ETH_ADDR_LEN);
	ps_cur_skip(c, ETH_HDR_LEN);
	l->hdr_len = ETH_HDR_LEN;
	d->claim_out = ps_dis_claim_after(d->claim_in, ETH_HDR_LEN);
	if (eth->type <= ETH_MAX_LENGTH) {
		eth_8023_payload(d, c, eth->type);
		ps_dis_next(d, PS_TAB_8023, PS_8023_LLC);
		return;
	}
	ps_dis_next(d, PS_TAB_ETHERTYPE, eth->type);
}

/* tcpdump -e: "src > dst, ethertype IPv4 (0x0800), length 98: " (the frame's
 * wire length), "src > dst, 802.3, length 38: " (the LLC length) */
static void eth_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_eth *eth = &l->u.eth;

	(void)t;
	if (l->hdr_len < ETH_HDR_LEN)
		return; /* tcpdump prints only the truncation mark the renderer adds */
	ps_out_mac(o, eth->src, ETH_ADDR_LEN);
	PS_OUT_LIT(o, " > ");
	ps_out_mac(o, eth->dst, ETH_ADDR_LEN);
	uint32_t length = p->len;
	if (eth->type <= ETH_MAX_LENGTH) {
		/* as tcpdump: the LLC length, unless it claims more than the frame */
		uint32_t rest = p->len > ETH_HDR_LEN ? p->len - ETH_HDR_LEN : 0;
		length = eth->type < rest ? eth->type : rest;
		PS_OUT_LIT(o, ", 802.3");
	} else {
		PS_OUT_LIT(o, ", ethertype ");
		ps_text_ethertype(o, eth->type);
	}
	PS_OUT_LIT(o, ", length ");
	ps_out_u64(o, length);
	PS_OUT_LIT(o, ": ");
}

static void eth_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_eth *eth = &l->u.eth;

	if (l->hdr_len >= 2 * ETH_ADDR_LEN) {
		ps_emit_span(e, l->off + ETH_ADDR_LEN, ETH_ADDR_LEN);
		e->ops->mac(e, "src", eth->src, ETH_ADDR_LEN);
	}
	if (l->hdr_len >= ETH_ADDR_LEN) {
		ps_emit_span(e, l->off, ETH_ADDR_LEN);
		e->ops->mac(e, "dst", eth->dst, ETH_ADDR_LEN);
	}
	ps_dis_emit_u64(e, l, "type", 12, 2, eth->type);
}

const struct ps_dissector ps_dis_eth = {
	.name = "eth",
	.label = "ETH",
	.ev_truncated = PS_EV_ETH_TRUNCATED,
	.proto = PS_P_ETH,
	.flags = PS_DIS_LINK,
	.decode = eth_decode,
	.summary = eth_summary,
	.fields = eth_fields,
};
