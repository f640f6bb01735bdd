/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_loopback.c - BSD loopback encapsulation: DLT_NULL and DLT_LOOP.
 *
 * No RFC: https://www.tcpdump.org/linktypes/LINKTYPE_NULL.html and
 * LINKTYPE_LOOP.html.  One 4-byte address family before the packet:
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                     Address family (AF_*)                     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * DLT_NULL stores it in the byte order of the host that wrote the file,
 * DLT_LOOP in network order.  AF_INET is 2 everywhere; AF_INET6 is 24
 * (NetBSD, OpenBSD), 28 (FreeBSD) or 30 (macOS).
 */
#include "dis_common.h"

#define LOOP_HDR_LEN 4u

static uint32_t swap32(uint32_t v)
{
	return (v >> 24) | ((v >> 8) & 0xff00u) | ((v << 8) & 0xff0000u) | (v << 24);
}

/* The EtherType the family maps to, 0 if we do not decode it. */
static uint16_t family_ethertype(uint32_t family)
{
	switch (family) {
	case 2:
		return 0x0800;
	case 24:
	case 28:
	case 30:
		return 0x86dd;
	default:
		return 0;
	}
}

static void loop_decode_common(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
			       bool network_order)
{
	uint32_t avail = ps_cur_remaining(c);

	if (avail < LOOP_HDR_LEN) {
		l->hdr_len = avail;
		ps_dis_event(d, PS_EV_LOOPBACK_TRUNCATED);
		return;
	}
	uint32_t family = network_order ? ps_cur_peek_be32(c, 0) : ps_cur_peek_le32(c, 0);
	/* Families are small: a value with upper bits set was written by a host of
	 * the other byte order (what tcpdump and libpcap assume too). */
	if (family > 0xffffu)
		family = swap32(family);
	l->u.loopback.family = family;
	l->hdr_len = LOOP_HDR_LEN;
	ps_cur_skip(c, LOOP_HDR_LEN);
	d->claim_out = ps_dis_claim_after(d->claim_in, LOOP_HDR_LEN);
	uint16_t type = family_ethertype(family);
	if (type)
		ps_dis_next(d, PS_TAB_ETHERTYPE, type);
}

static void null_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	loop_decode_common(d, c, l, false);
}

static void loop_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	loop_decode_common(d, c, l, true);
}

static const char *family_name(uint32_t family)
{
	switch (family) {
	case 2:
		return "IPv4";
	case 7:
		return "OSI";
	case 16:
		return "Appletalk";
	case 23:
		return "IPX";
	case 24:
	case 28:
	case 30:
		return "IPv6";
	default:
		return "Unknown";
	}
}

/* tcpdump -e: "AF IPv4 (2), length 88: " */
static void loop_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			 struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	uint32_t family = l->u.loopback.family;

	(void)t;
	if (l->hdr_len < LOOP_HDR_LEN)
		return;
	PS_OUT_LIT(o, "AF ");
	ps_out_str(o, family_name(family));
	PS_OUT_LIT(o, " (");
	ps_out_u64(o, family);
	PS_OUT_LIT(o, "), length ");
	ps_out_u64(o, p->len);
	PS_OUT_LIT(o, ": ");
}

static void loop_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];

	ps_dis_emit_u64(e, l, "family", 0, LOOP_HDR_LEN, l->u.loopback.family);
}

const struct ps_dissector ps_dis_null = {
	.name = "loopback",
	.label = "NULL",
	.ev_truncated = PS_EV_LOOPBACK_TRUNCATED,
	.proto = PS_P_LOOPBACK,
	.flags = PS_DIS_LINK,
	.decode = null_decode,
	.summary = loop_summary,
	.fields = loop_fields,
};

const struct ps_dissector ps_dis_loop = {
	.name = "loopback",
	.label = "NULL",
	.ev_truncated = PS_EV_LOOPBACK_TRUNCATED,
	.proto = PS_P_LOOPBACK,
	.flags = PS_DIS_LINK,
	.decode = loop_decode,
	.summary = loop_summary,
	.fields = loop_fields,
};
