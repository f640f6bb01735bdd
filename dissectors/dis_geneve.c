/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_geneve.c - Generic Network Virtualization Encapsulation (UDP port 6081).
 *
 * RFC 8926.  The payload (an EtherType; 0x6558 is an Ethernet frame) is
 * dissected under "inner"; the options are skipped.
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |Ver|  Opt Len  |O|C|    Rsvd.  |          Protocol Type        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |        Virtual Network Identifier (VNI)       |    Reserved   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                    Variable-Length Options                    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
#include "dis_common.h"

#define GENEVE_HDR_LEN 8u

static void geneve_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_geneve *g = &l->u.geneve;
	uint8_t b0 = ps_cur_peek_u8(c, 0), b1 = ps_cur_peek_u8(c, 1);

	g->version = b0 >> 6;
	g->opt_len = (uint8_t)((b0 & 0x3f) * 4);
	g->oam = (b1 & 0x80) != 0;
	g->critical = (b1 & 0x40) != 0;
	g->rsvd = b1 & 0x3f;
	g->proto = ps_cur_peek_be16(c, 2);
	g->vni = ps_cur_peek_be32(c, 4) >> 8;
	g->rsvd2 = ps_cur_peek_u8(c, 7);
	if (ps_cur_remaining(c) && g->version != 0) {
		l->hdr_len = 1;
		ps_dis_event(d, PS_EV_GENEVE_BAD_VERSION);
		return;
	}
	uint32_t need = GENEVE_HDR_LEN + g->opt_len;
	if (ps_cur_remaining(c) < need) {
		ps_dis_short_header(d, c, l, need, PS_EV_GENEVE_HDR_EXCEEDS_LEN,
				    PS_EV_GENEVE_TRUNCATED);
		return;
	}
	l->hdr_len = need;
	ps_cur_skip(c, need);
	ps_dis_tunnel_ethertype(d, c, g->proto);
}

static void geneve_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_geneve *g = &l->u.geneve;

	ps_dis_emit_u64(e, l, "version", 0, 1, g->version);
	if (g->version != 0)
		return;
	ps_dis_emit_u64(e, l, "opt_len", 0, 1, g->opt_len);
	if (l->hdr_len >= 2) {
		ps_emit_span(e, l->off + 1, 1);
		PS_EMIT_BOOL(e, "oam", g->oam);
		PS_EMIT_BOOL(e, "critical", g->critical);
	}
	ps_dis_emit_u64(e, l, "proto", 2, 2, g->proto);
	ps_dis_emit_u64(e, l, "vni", 4, 3, g->vni);
}

static const char *geneve_class_name(unsigned cls)
{
	switch (cls) {
	case 0x0100: return "Linux";
	case 0x0101: return "Open vSwitch";
	case 0x0102: return "Open Virtual Networking (OVN)";
	case 0x0103: return "In-band Network Telemetry (INT)";
	case 0x0104: return "VMware";
	default: return cls <= 0x00ff ? "Standard" : cls >= 0xfff0 ? "Experimental" : "Unknown";
	}
}

/* -v: "class Standard (0x0) type 0x80(C) len 8, ..." for each option;
 * -vv adds the data words (decode checked the options were captured). */
static void geneve_out_opts(const struct ps_packet *p, const struct ps_layer *l, int verbose,
			    struct ps_out *o)
{
	struct ps_cursor c = ps_dis_frame_at(p, l->off + GENEVE_HDR_LEN);
	uint32_t left = l->u.geneve.opt_len;

	ps_cur_clip(&c, left);
	for (const char *sep = ""; left; sep = ", ") {
		unsigned cls = ps_cur_peek_be16(&c, 0), type = ps_cur_peek_u8(&c, 2);
		uint32_t len = 4u + 4u * (ps_cur_peek_u8(&c, 3) & 0x1fu);
		ps_out_str(o, sep);
		ps_out_fmt(o, "class %s (0x%x) type 0x%x%s len %u", geneve_class_name(cls), cls, type,
			   type & 0x80 ? "(C)" : "", (unsigned)len);
		if (len > left) {
			PS_OUT_LIT(o, " [bad length]");
			return;
		}
		if (verbose > 1 && len > 4) {
			PS_OUT_LIT(o, " data");
			for (uint32_t i = 4; i < len; i += 4)
				ps_out_fmt(o, " %08x", (unsigned)ps_cur_peek_be32(&c, i));
		}
		ps_cur_skip(&c, len);
		left -= len;
	}
}

/* "Geneve, Flags [C], vni 0xa, options [8 bytes]: IP ...", tcpdump's
 * print-geneve.c; -v lists the options and puts the payload on the next
 * line. */
static void geneve_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			   struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_geneve *g = &l->u.geneve;

	PS_OUT_LIT(o, "Geneve");
	if (!l->hdr_len)
		return;
	if (g->version != 0) {
		ps_dis_out_num(o, " ERROR: unknown-version ", g->version);
		return;
	}
	if (l->hdr_len < GENEVE_HDR_LEN)
		return;
	PS_OUT_LIT(o, ", Flags [");
	if (g->oam)
		ps_out_char(o, 'O');
	if (g->critical)
		ps_out_char(o, 'C');
	if (!g->oam && !g->critical)
		PS_OUT_LIT(o, "none");
	ps_out_fmt(o, "], vni 0x%x", (unsigned)g->vni);
	if (g->rsvd2)
		ps_out_fmt(o, ", rsvd 0x%x", g->rsvd2);
	if (t->link)
		ps_out_fmt(o, ", proto 0x%04x", g->proto);
	if (g->opt_len && t->verbose) {
		PS_OUT_LIT(o, ", options [");
		geneve_out_opts(p, l, t->verbose, o);
		ps_out_char(o, ']');
	} else if (g->opt_len) {
		ps_out_fmt(o, ", options [%u bytes]", g->opt_len);
	}
	if (t->verbose)
		PS_OUT_LIT(o, "\n\t");
	else
		PS_OUT_LIT(o, ": ");
	ps_dis_out_nested(p, li, PS_NEST_INNER, t, o);
}

const struct ps_dissector ps_dis_geneve = {
	.name = "geneve",
	.label = "Geneve",
	.proto = PS_P_GENEVE,
	.ev_truncated = PS_EV_GENEVE_TRUNCATED,
	.decode = geneve_decode,
	.summary = geneve_summary,
	.fields = geneve_fields,
};
