/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_sll.c - Linux cooked capture headers, v1 (LINUX_SLL) and v2 (LINUX_SLL2).
 *
 * No RFC: https://www.tcpdump.org/linktypes/LINKTYPE_LINUX_SLL.html and
 * LINKTYPE_LINUX_SLL2.html.  Both versions share one struct and one
 * summary/fields pair, which switch on u.sll.version.
 *
 * LINUX_SLL, 16 bytes:                 LINUX_SLL2, 20 bytes:
 * +---------------+---------------+    +---------------+---------------+
 * |  packet type  |  ARPHRD type  |    |   protocol    | reserved (0)  |
 * +---------------+---------------+    +---------------+---------------+
 * | address length|               |    |        interface index        |
 * +---------------+               +    +---------------+-------+-------+
 * |   link-layer address (8 bytes)|    |  ARPHRD type  |pkttype|addrlen|
 * +               +---------------+    +---------------+-------+-------+
 * |               |   protocol    |    |   link-layer address (8 bytes)|
 * +---------------+---------------+    +                               +
 *                                      |                               |
 *                                      +---------------+---------------+
 *
 * The protocol is an EtherType, except values <= 1500, which Linux uses
 * for frames without one (1 = Novell 802.3, 4 = 802.2 LLC): those stop.
 */
#include <string.h>

#include "dis_common.h"
#include "ps_text.h"

#define SLL_HDR_LEN 16u
#define SLL2_HDR_LEN 20u
#define SLL_ADDR_MAX 8u
#define SLL_P_802_3 1u
#define SLL_P_802_2 4u
#define ETH_MAX_LENGTH 1500u

/* Where each field sits in either version: offsets into the header. */
struct sll_layout {
	uint8_t hdr_len, pkttype, pkttype_len, hatype, halen, halen_len, addr, proto, ifindex;
};
static const struct sll_layout sll_v1 = {SLL_HDR_LEN, 0, 2, 2, 4, 2, 6, 14, 0};
static const struct sll_layout sll_v2 = {SLL2_HDR_LEN, 10, 1, 8, 11, 1, 12, 0, 4};

static const struct sll_layout *sll_layout(uint8_t version)
{
	return version == 2 ? &sll_v2 : &sll_v1;
}

/* A 1- or 2-byte big-endian field at `at`, if it was captured. */
static uint16_t sll_peek_n(struct ps_cursor *c, uint32_t avail, uint32_t at, uint32_t n)
{
	if (at + n > avail)
		return 0;
	return n == 1 ? ps_cur_peek_u8(c, at) : ps_cur_peek_be16(c, at);
}

/* Copy the fields that fit in `avail` bytes. */
static void sll_read(struct ps_cursor *c, uint32_t avail, const struct sll_layout *lay,
		     struct ps_sll *s)
{
	s->pkttype = sll_peek_n(c, avail, lay->pkttype, lay->pkttype_len);
	s->hatype = sll_peek_n(c, avail, lay->hatype, 2);
	s->halen = sll_peek_n(c, avail, lay->halen, lay->halen_len);
	s->proto = sll_peek_n(c, avail, lay->proto, 2);
	if (s->version == 2 && lay->ifindex + 4u <= avail)
		s->ifindex = ps_cur_peek_be32(c, lay->ifindex);
	uint32_t n = s->halen < SLL_ADDR_MAX ? s->halen : SLL_ADDR_MAX;
	if (lay->addr + n <= avail && n > 0)
		memcpy(s->addr, ps_cur_peek_bytes(c, lay->addr, n), n);
}

static void sll_decode_common(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
			      uint8_t version)
{
	struct ps_sll *s = &l->u.sll;
	const struct sll_layout *lay = sll_layout(version);
	uint32_t avail = ps_cur_remaining(c);

	s->version = version;
	sll_read(c, avail, lay, s);
	if (avail < lay->hdr_len) {
		l->hdr_len = avail;
		ps_dis_event(d, PS_EV_SLL_TRUNCATED);
		return;
	}
	l->hdr_len = lay->hdr_len;
	ps_cur_skip(c, lay->hdr_len);
	d->claim_out = ps_dis_claim_after(d->claim_in, lay->hdr_len);
	/* the header is fixed-size: a bad address length does not move the payload */
	if (s->halen > SLL_ADDR_MAX)
		ps_dis_event(d, PS_EV_SLL_HALEN_INVALID);
	if (s->proto > ETH_MAX_LENGTH)
		ps_dis_next(d, PS_TAB_ETHERTYPE, s->proto);
}

static void sll_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	sll_decode_common(d, c, l, 1);
}

static void sll2_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	sll_decode_common(d, c, l, 2);
}

static const char *const pkttype_names[] = {"In", "B", "M", "P", "Out"};

/* tcpdump's three-character column: "%3s " for SLL, "%-3s " for SLL2 */
static void sll_out_pkttype(struct ps_out *o, unsigned pkttype, bool left)
{
	const char *name = pkttype < 5 ? pkttype_names[pkttype] : "?";
	size_t n = strlen(name);

	if (left)
		ps_out_str(o, name);
	for (; n < 3; n++)
		ps_out_char(o, ' ');
	if (!left)
		ps_out_str(o, name);
	ps_out_char(o, ' ');
}

static void sll_out_proto(struct ps_out *o, unsigned proto)
{
	if (proto == SLL_P_802_3) {
		PS_OUT_LIT(o, "802.3");
	} else if (proto == SLL_P_802_2) {
		PS_OUT_LIT(o, "802.2");
	} else if (proto <= ETH_MAX_LENGTH) {
		PS_OUT_LIT(o, "ethertype Unknown (0x");
		ps_out_hex(o, proto, 4);
		ps_out_char(o, ')');
	} else {
		PS_OUT_LIT(o, "ethertype ");
		ps_text_ethertype(o, proto);
	}
}

/* tcpdump 4.99 -e: " In 02:00:00:99:00:01 ethertype IPv4 (0x0800), length 98: ";
 * SLL2 "In  ifindex 2 02:00:00:99:00:01 ethertype ...".  The interface name
 * tcpdump looks up on the local host before SLL2's is left out: it is not
 * in the capture. */
static void sll_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_sll *s = &l->u.sll;

	(void)t;
	if (l->hdr_len < sll_layout(s->version)->hdr_len)
		return;
	sll_out_pkttype(o, s->pkttype, s->version == 2);
	if (s->version == 2) {
		PS_OUT_LIT(o, "ifindex ");
		ps_out_u64(o, s->ifindex);
		ps_out_char(o, ' ');
	}
	if (s->halen == 6) {
		ps_out_mac(o, s->addr, 6);
		ps_out_char(o, ' ');
	}
	sll_out_proto(o, s->proto);
	PS_OUT_LIT(o, ", length ");
	ps_out_u64(o, p->len);
	PS_OUT_LIT(o, ": ");
}

static void sll_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_sll *s = &l->u.sll;
	const struct sll_layout *lay = sll_layout(s->version);
	uint32_t have = l->hdr_len;
	uint32_t alen = s->halen < SLL_ADDR_MAX ? s->halen : SLL_ADDR_MAX;

	ps_dis_emit_u64(e, l, "pkttype", lay->pkttype, lay->pkttype_len, s->pkttype);
	ps_dis_emit_u64(e, l, "hatype", lay->hatype, 2, s->hatype);
	/* src needs its length field and all of its bytes */
	if (alen > 0 && have >= lay->halen + lay->halen_len && have >= lay->addr + alen) {
		ps_emit_span(e, l->off + lay->addr, alen);
		e->ops->mac(e, "src", s->addr, alen);
	}
	ps_dis_emit_u64(e, l, "proto", lay->proto, 2, s->proto);
	if (s->version == 2)
		ps_dis_emit_u64(e, l, "ifindex", lay->ifindex, 4, s->ifindex);
}

const struct ps_dissector ps_dis_sll = {
	.name = "sll",
	.label = "SLL",
	.ev_truncated = PS_EV_SLL_TRUNCATED,
	.proto = PS_P_SLL,
	.flags = PS_DIS_LINK,
	.decode = sll_decode,
	.summary = sll_summary,
	.fields = sll_fields,
};

const struct ps_dissector ps_dis_sll2 = {
	.name = "sll",
	.label = "SLL",
	.ev_truncated = PS_EV_SLL_TRUNCATED,
	.proto = PS_P_SLL,
	.flags = PS_DIS_LINK,
	.decode = sll2_decode,
	.summary = sll_summary,
	.fields = sll_fields,
};
