/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_gre.c - Generic Routing Encapsulation (IP protocol 47).
 *
 * RFC 2784 (GRE), RFC 2890 (key and sequence number), RFC 2637 (PPTP's
 * enhanced GRE, version 1), RFC 1701 (routing, not walked).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |C|R|K|S|s|Recur|A| Flags | Ver |         Protocol Type         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Checksum (optional)      |       Offset (optional)       |
 * |                         Key (optional)                        |
 * |                 Sequence Number (optional)                    |
 * |        Acknowledgment Number (optional, version 1)            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * A version 0 payload named by an EtherType the registry knows (IPv4,
 * IPv6, ARP, VLAN; 0x6558 is an Ethernet frame) is dissected under "inner".
 * ERSPAN (0x88be, 0x22eb) is handed on as the next top-level layer
 * (dis_erspan.c); PPP (version 1) and others stay payload.
 */
#include "dis_common.h"
#include "ps_text.h"

#define GRE_BASE_LEN 4u

/* Where the optional fields sit, by the flags; the header's length. */
static uint32_t gre_layout(struct ps_gre *g)
{
	uint32_t at = GRE_BASE_LEN;
	unsigned f = g->flags_version;
	bool v1 = (f & 7) == 1;

	if (!v1 && (f & (PS_GRE_C | PS_GRE_R)))
		at += 4;
	if (f & PS_GRE_K) {
		g->key_at = (uint8_t)at;
		at += 4;
	}
	if (f & PS_GRE_S) {
		g->seq_at = (uint8_t)at;
		at += 4;
	}
	if (v1 && (f & PS_GRE_A)) {
		g->ack_at = (uint8_t)at;
		at += 4;
	}
	return at;
}

static void gre_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_gre *g = &l->u.gre;
	uint32_t avail = ps_cur_remaining(c);

	g->len = d->claim_in != PS_CLAIM_UNKNOWN ? d->claim_in : avail;
	g->flags_version = ps_cur_peek_be16(c, 0);
	g->proto = ps_cur_peek_be16(c, 2);
	unsigned ver = g->flags_version & 7;
	if (avail >= 2 && (ver > 1 || (ver == 1 && !(g->flags_version & PS_GRE_K)))) {
		l->hdr_len = avail < GRE_BASE_LEN ? avail : GRE_BASE_LEN;
		ps_dis_event(d, PS_EV_GRE_BAD_VERSION);
		return;
	}
	uint32_t need = gre_layout(g);
	if (ver == 0 && (g->flags_version & (PS_GRE_C | PS_GRE_R))) {
		g->checksum = ps_cur_peek_be16(c, 4);
		g->offset = ps_cur_peek_be16(c, 6);
	}
	g->key = g->key_at ? ps_cur_peek_be32(c, g->key_at) : 0;
	g->seq = g->seq_at ? ps_cur_peek_be32(c, g->seq_at) : 0;
	g->ack = g->ack_at ? ps_cur_peek_be32(c, g->ack_at) : 0;
	if (avail < need) {
		ps_dis_short_header(d, c, l, need, PS_EV_GRE_HDR_EXCEEDS_LEN, PS_EV_GRE_TRUNCATED);
		return;
	}
	l->hdr_len = need;
	ps_cur_skip(c, need);
	d->claim_out = ps_dis_claim_after(d->claim_in, need);
	if (ver == 0 && (g->flags_version & PS_GRE_R)) {
		ps_dis_event(d, PS_EV_GRE_ROUTING); /* the source route entries come first */
		return;
	}
	if (ver == 0 && ps_registry_lookup(PS_TAB_GRE_PROTO, g->proto))
		ps_dis_next(d, PS_TAB_GRE_PROTO, g->proto); /* ERSPAN: a layer of its own */
	else if (ver == 0)
		ps_dis_tunnel_ethertype(d, c, g->proto);
}

static void gre_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_gre *g = &l->u.gre;
	unsigned f = g->flags_version;

	ps_dis_emit_u64(e, l, "flags_version", 0, 2, f);
	ps_dis_emit_u64(e, l, "version", 0, 2, f & 7);
	ps_dis_emit_u64(e, l, "proto", 2, 2, g->proto);
	if ((f & 7) == 0 && (f & (PS_GRE_C | PS_GRE_R)))
		ps_dis_emit_u64(e, l, "checksum", 4, 2, g->checksum);
	if ((f & 7) == 0 && g->key_at)
		ps_dis_emit_u64(e, l, "key", g->key_at, 4, g->key);
	if ((f & 7) == 1 && g->key_at) {
		ps_dis_emit_u64(e, l, "payload_len", g->key_at, 2, g->key >> 16);
		ps_dis_emit_u64(e, l, "call_id", g->key_at + 2u, 2, g->key & 0xffffu);
	}
	if (g->seq_at)
		ps_dis_emit_u64(e, l, "seq", g->seq_at, 4, g->seq);
	if (g->ack_at)
		ps_dis_emit_u64(e, l, "ack", g->ack_at, 4, g->ack);
}

static const struct ps_tok gre_flag_names[] = {
	{PS_GRE_C, "checksum present"}, {PS_GRE_R, "routing present"}, {PS_GRE_K, "key present"},
	{PS_GRE_S, "sequence# present"}, {0x0800, "source route"},   {PS_GRE_A, "ack present"},
};

/* -v: ", Flags [key present, sequence# present]" */
static void gre_out_flags(unsigned f, struct ps_out *o)
{
	const char *sep = "";
	PS_OUT_LIT(o, ", Flags [");
	for (size_t i = 0; i < sizeof gre_flag_names / sizeof gre_flag_names[0]; i++) {
		if (!(f & gre_flag_names[i].v))
			continue;
		ps_out_str(o, sep);
		ps_out_str(o, gre_flag_names[i].name);
		sep = ", ";
	}
	if (!*sep)
		PS_OUT_LIT(o, "none");
	ps_out_char(o, ']');
}

/* The fields tcpdump's gre_print_0/gre_print_1 print before ", length". */
static void gre_out_opts(const struct ps_gre *g, bool v1, const struct ps_text_opts *t,
			 struct ps_out *o)
{
	if (!v1 && (g->flags_version & (PS_GRE_C | PS_GRE_R))) {
		if (t->verbose)
			ps_out_fmt(o, ", sum 0x%x", g->checksum);
		ps_out_fmt(o, ", off 0x%x", g->offset);
	}
	if (g->key_at && !v1)
		ps_out_fmt(o, ", key=0x%x", (unsigned)g->key);
	if (g->key_at && v1)
		ps_dis_out_num(o, ", call ", g->key & 0xffffu);
	if (g->seq_at)
		ps_dis_out_num(o, ", seq ", g->seq);
	if (g->ack_at)
		ps_dis_out_num(o, ", ack ", g->ack);
	if (v1 && !g->seq_at)
		PS_OUT_LIT(o, ", no-payload");
}

/* "GREv0, key=0x3e8, length 106: gre-proto-0x2001", tcpdump's print-gre.c */
static void gre_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_gre *g = &l->u.gre;
	unsigned ver = g->flags_version & 7;

	if (l->hdr_len < 2)
		return;
	ps_dis_out_num(o, "GREv", ver);
	if (ver > 1) {
		PS_OUT_LIT(o, " ERROR: unknown-version");
		return;
	}
	if (t->verbose)
		gre_out_flags(g->flags_version, o);
	if (l->truncated || ps_dis_has_event(p, li, PS_EV_GRE_HDR_EXCEEDS_LEN) ||
	    ps_dis_has_event(p, li, PS_EV_GRE_BAD_VERSION))
		return;
	gre_out_opts(g, ver == 1, t, o);
	if (t->link)
		ps_out_fmt(o, ", proto 0x%04x", g->proto);
	ps_dis_out_num(o, ", length ", g->len);
	if (ver == 1 && !g->seq_at)
		return;
	if (ps_dis_has_event(p, li, PS_EV_GRE_ROUTING))
		return;
	if (t->verbose)
		PS_OUT_LIT(o, "\n\t");
	else
		PS_OUT_LIT(o, ": ");
	if (ps_dis_has_nested(p, li, PS_NEST_INNER))
		ps_dis_out_nested(p, li, PS_NEST_INNER, t, o);
	else
		ps_out_fmt(o, "gre-proto-0x%x", g->proto);
}

const struct ps_dissector ps_dis_gre = {
	.name = "gre",
	.label = "GRE",
	.proto = PS_P_GRE,
	.ev_truncated = PS_EV_GRE_TRUNCATED,
	.decode = gre_decode,
	.summary = gre_summary,
	.fields = gre_fields,
};
