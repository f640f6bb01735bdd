/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_arp.c - Address Resolution Protocol, any hardware/protocol address size.
 *
 * RFC 826 (ARP), RFC 903 (RARP), RFC 2390 (InARP), RFC 2225 (ATMARP).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |       Hardware type           |        Protocol type          |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     hlen      |     plen      |          Operation            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  Sender hardware address (hlen bytes)                         |
 * |  Sender protocol address (plen bytes)                         |
 * |  Target hardware address (hlen bytes)                         |
 * |  Target protocol address (plen bytes)                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * ATMARP (hardware type 19) replaces hlen/plen with type/length bytes:
 * shtl sstl | op | spln thtl tstl tpln, then source number, subaddress,
 * protocol address, target number, subaddress, protocol address.
 *
 * Nothing here assumes 6/4: the addresses are kept as offsets and each one
 * is valid only when all its bytes were captured.  ARP is a leaf; what
 * follows the addresses is link padding, not payload.
 */
#include "dis_common.h"

#define ARP_FIXED_LEN 8u
#define ATMARP_FIXED_LEN 12u
#define ARPHRD_ATM2225 19u
#define ATMARP_LEN_MASK 0x3fu   /* type/length byte: the low 6 bits are the length */
#define ETHERTYPE_IP 0x0800u
#define ETHERTYPE_TRAIL 0x1000u /* tcpdump prints these addresses as IPv4 too */

enum { ARPOP_REQUEST = 1, ARPOP_REPLY, ARPOP_REVREQUEST, ARPOP_REVREPLY,
       ARPOP_INVREQUEST = 8, ARPOP_INVREPLY, ARPOP_NAK };
enum { ATM_SHA, ATM_SSA, ATM_SPA, ATM_THA, ATM_TSA, ATM_TPA };

static bool arp_is_atm(const struct ps_layer *l)
{
	return l->hdr_len >= 2 && l->u.arp.htype == ARPHRD_ATM2225;
}

/* Fixed fields that fit in `avail` bytes; validity is by hdr_len. */
static void arp_read_fixed(struct ps_cursor *c, uint32_t avail, struct ps_arp *a)
{
	if (avail >= 2)
		a->htype = ps_cur_peek_be16(c, 0);
	if (avail >= 4)
		a->ptype = ps_cur_peek_be16(c, 2);
	if (avail >= 8)
		a->op = ps_cur_peek_be16(c, 6);
	if (a->htype == ARPHRD_ATM2225)
		return; /* bytes 4, 5 are ATM type/lengths, read with the rest */
	if (avail >= 5)
		a->hlen = ps_cur_peek_u8(c, 4);
	if (avail >= 6)
		a->plen = ps_cur_peek_u8(c, 5);
}

/* Lay the addresses out from `len` (wire order) after `fixed` bytes: set the
 * offsets of those `keep` names (a PS_ARP_HAVE_* bit; 0 for an ATM subaddress,
 * which belongs to the number before it) and the bit of each one captured.
 * Returns the bytes the header needs. */
static uint32_t arp_layout(struct ps_arp *a, uint32_t off, uint32_t avail, uint32_t fixed,
			   const uint8_t *len, const uint8_t *keep, unsigned n)
{
	uint32_t start[6], end[6], at = fixed;

	for (unsigned i = 0; i < n; i++) {
		start[i] = at;
		at += len[i];
		end[i] = at;
	}
	for (unsigned i = 0; i < n; i++) {
		if (!keep[i])
			continue;
		uint32_t last = i + 1 < n && !keep[i + 1] ? end[i + 1] : end[i];
		if (keep[i] == PS_ARP_HAVE_SHA)
			a->sha_off = off + start[i];
		else if (keep[i] == PS_ARP_HAVE_SPA)
			a->spa_off = off + start[i];
		else if (keep[i] == PS_ARP_HAVE_THA)
			a->tha_off = off + start[i];
		else
			a->tpa_off = off + start[i];
		if (last <= avail)
			a->have |= keep[i];
	}
	return at;
}

/* The addresses need `need` bytes: the capture may have ended first, or the
 * lengths may claim more than the carrier holds (arp.def says which is which). */
static void arp_finish(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
		       uint32_t need, uint32_t avail)
{
	d->claim_out = 0;
	if (need > avail) {
		ps_dis_short_header(d, c, l, need, PS_EV_ARP_LEN_EXCEEDS_FRAME, PS_EV_ARP_TRUNCATED);
		return;
	}
	l->hdr_len = need;
	ps_cur_skip(c, need);
	ps_cur_clip(c, 0); /* Ethernet padding after ARP is not payload */
}

static void atmarp_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
			  uint32_t avail)
{
	static const uint8_t keep[6] = {PS_ARP_HAVE_SHA, 0, PS_ARP_HAVE_SPA,
					PS_ARP_HAVE_THA, 0, PS_ARP_HAVE_TPA};
	static const uint8_t at[6] = {4, 5, 8, 9, 10, 11}; /* where each length byte is */
	struct ps_arp *a = &l->u.arp;

	if (avail < ATMARP_FIXED_LEN) {
		l->hdr_len = avail;
		ps_dis_event(d, PS_EV_ARP_TRUNCATED);
		return;
	}
	for (unsigned i = 0; i < 6; i++) {
		uint8_t v = ps_cur_peek_u8(c, at[i]);
		/* protocol address lengths are plain bytes, the others type/length */
		a->atm_len[i] = i == ATM_SPA || i == ATM_TPA ? v : (uint8_t)(v & ATMARP_LEN_MASK);
	}
	a->have = PS_ARP_HAVE_FIXED;
	uint32_t need = arp_layout(a, l->off, avail, ATMARP_FIXED_LEN, a->atm_len, keep, 6);
	arp_finish(d, c, l, need, avail);
}

static void arp_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	static const uint8_t keep[4] = {PS_ARP_HAVE_SHA, PS_ARP_HAVE_SPA, PS_ARP_HAVE_THA,
					PS_ARP_HAVE_TPA};
	struct ps_arp *a = &l->u.arp;
	uint32_t avail = ps_cur_remaining(c);

	arp_read_fixed(c, avail, a);
	if (a->htype == ARPHRD_ATM2225 && avail >= 2) {
		atmarp_decode(d, c, l, avail);
		return;
	}
	if (avail < ARP_FIXED_LEN) {
		l->hdr_len = avail;
		ps_dis_event(d, PS_EV_ARP_TRUNCATED);
		return;
	}
	a->have = PS_ARP_HAVE_FIXED;
	const uint8_t len[4] = {a->hlen, a->plen, a->hlen, a->plen};
	uint32_t need = arp_layout(a, l->off, avail, ARP_FIXED_LEN, len, keep, 4);
	if (a->hlen == 0 || a->plen == 0)
		ps_dis_event(d, PS_EV_ARP_LEN_ZERO);
	arp_finish(d, c, l, need, avail);
}

/* Protocol address lengths of the sender and the target. */
static unsigned arp_splen(const struct ps_layer *l)
{
	return arp_is_atm(l) ? l->u.arp.atm_len[ATM_SPA] : l->u.arp.plen;
}

static unsigned arp_tplen(const struct ps_layer *l)
{
	return arp_is_atm(l) ? l->u.arp.atm_len[ATM_TPA] : l->u.arp.plen;
}

static void arp_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_arp *a = &l->u.arp;
	const uint8_t *f = p->data;
	bool atm = arp_is_atm(l), ip = a->ptype == ETHERTYPE_IP;
	static const struct {
		const char *key;
		uint8_t off, len;
	} fixed[] = {{"htype", 0, 2}, {"ptype", 2, 2}, {"hlen", 4, 1}, {"plen", 5, 1}, {"op", 6, 2}};
	const unsigned val[] = {a->htype, a->ptype, a->hlen, a->plen, a->op};

	for (unsigned i = 0; i < 5; i++) {
		if (l->hdr_len < (uint32_t)fixed[i].off + fixed[i].len || (atm && fixed[i].len == 1))
			continue; /* ATMARP has no hlen/plen */
		ps_emit_span(e, l->off + fixed[i].off, fixed[i].len);
		PS_EMIT_U64(e, fixed[i].key, val[i]);
	}
	if (!atm && a->hlen == 6 && (a->have & PS_ARP_HAVE_SHA)) {
		ps_emit_span(e, a->sha_off, 6);
		e->ops->mac(e, "sha", f + a->sha_off, 6);
	}
	if (ip && arp_splen(l) == 4 && (a->have & PS_ARP_HAVE_SPA)) {
		ps_emit_span(e, a->spa_off, 4);
		e->ops->ipv4(e, "spa", f + a->spa_off);
	}
	if (!atm && a->hlen == 6 && (a->have & PS_ARP_HAVE_THA)) {
		ps_emit_span(e, a->tha_off, 6);
		e->ops->mac(e, "tha", f + a->tha_off, 6);
	}
	if (ip && arp_tplen(l) == 4 && (a->have & PS_ARP_HAVE_TPA)) {
		ps_emit_span(e, a->tpa_off, 4);
		e->ops->ipv4(e, "tpa", f + a->tpa_off);
	}
}

/* ---- text, as tcpdump's print-arp.c ---- */

static const struct ps_tok arp_ops[] = {
	{ARPOP_REQUEST, "Request"},	     {ARPOP_REPLY, "Reply"},
	{ARPOP_REVREQUEST, "Reverse Request"}, {ARPOP_REVREPLY, "Reverse Reply"},
	{ARPOP_INVREQUEST, "Inverse Request"}, {ARPOP_INVREPLY, "Inverse Reply"},
	{ARPOP_NAK, "NACK Reply"},
};
static const struct ps_tok arp_hrds[] = {
	{1, "Ethernet"}, {6, "TokenRing"}, {7, "ArcNet"},	  {15, "FrameRelay"},
	{19, "ATM"},	 {23, "Strip"},	   {24, "IEEE 1394"}, {32, "InfiniBand"},
};
static const struct ps_tok arp_pros[] = {
	{0x0800, "IPv4"},	 {0x86dd, "IPv6"},	  {0x0806, "ARP"},
	{0x8035, "Reverse ARP"}, {0x8100, "802.1Q"},	  {0x88a8, "802.1Q-QinQ"},
	{0x9100, "802.1Q-9100"}, {0x9200, "802.1Q-9200"},
};

/* A table name, or "<unknown>(<v>)" as tcpdump's tok2str formats do. */
static void arp_out_name(struct ps_out *o, const char *name, const char *unknown, unsigned v,
			 bool hex)
{
	if (name) {
		ps_out_str(o, name);
		return;
	}
	ps_out_str(o, unknown);
	if (hex) {
		PS_OUT_LIT(o, "0x");
		ps_out_hex(o, v, 4);
	} else {
		ps_out_u64(o, v);
	}
	ps_out_char(o, ')');
}

/* "Ethernet (len 6), IPv4 (len 4)"; ATMARP: "ATM, IPv4 (len 4/4)" */
static void arp_out_types(struct ps_out *o, const struct ps_layer *l)
{
	const struct ps_arp *a = &l->u.arp;

	arp_out_name(o, PS_TOK_NAME(arp_hrds, a->htype), "Unknown Hardware (", a->htype, false);
	if (!arp_is_atm(l)) {
		ps_dis_out_num(o, " (len ", a->hlen);
		ps_out_char(o, ')');
	}
	PS_OUT_LIT(o, ", ");
	arp_out_name(o, PS_TOK_NAME(arp_pros, a->ptype), "Unknown Protocol (", a->ptype, true);
	ps_dis_out_num(o, " (len ", arp_splen(l)); /* plen unless ATMARP */
	if (arp_is_atm(l))
		ps_dis_out_num(o, "/", arp_tplen(l));
	ps_out_char(o, ')');
}

/* A link address: MAC for 6 bytes, colon hex otherwise.  ATMARP adds the
 * subaddress after a comma. */
static void arp_out_hw(struct ps_out *o, const struct ps_packet *p, const struct ps_layer *l,
		       bool target)
{
	const struct ps_arp *a = &l->u.arp;
	uint32_t off = target ? a->tha_off : a->sha_off;

	if (!arp_is_atm(l)) {
		if (a->hlen == 0)
			PS_OUT_LIT(o, "<empty>");
		else
			ps_out_mac(o, p->data + off, a->hlen);
		return;
	}
	unsigned n = a->atm_len[target ? ATM_THA : ATM_SHA];
	unsigned sn = a->atm_len[target ? ATM_TSA : ATM_SSA];
	if (n == 0) {
		PS_OUT_LIT(o, "<No address>");
		return;
	}
	ps_out_mac(o, p->data + off, n);
	if (sn) {
		ps_out_char(o, ',');
		ps_out_mac(o, p->data + off + n, sn);
	}
}

static void arp_out_pa(struct ps_out *o, const struct ps_packet *p, const struct ps_layer *l,
		       bool target)
{
	const struct ps_arp *a = &l->u.arp;
	unsigned len = target ? arp_tplen(l) : arp_splen(l);

	if (a->ptype != ETHERTYPE_IP && a->ptype != ETHERTYPE_TRAIL)
		PS_OUT_LIT(o, "<wrong proto type>");
	else if (len == 4)
		ps_out_ipv4(o, p->data + (target ? a->tpa_off : a->spa_off));
	else if (!arp_is_atm(l))
		PS_OUT_LIT(o, "<wrong len>");
	else
		ps_out_str(o, target ? "<wrong tplen>" : "<wrong splen>");
}

static bool arp_tha_nonzero(const struct ps_packet *p, const struct ps_layer *l)
{
	const struct ps_arp *a = &l->u.arp;

	if (arp_is_atm(l))
		return a->atm_len[ATM_THA] != 0;
	for (unsigned i = 0; i < a->hlen; i++)
		if (p->data[a->tha_off + i])
			return true;
	return false;
}

/* The operation's addresses; false for an operation tcpdump only hex-dumps. */
static bool arp_out_op(struct ps_out *o, const struct ps_packet *p, const struct ps_layer *l)
{
	unsigned op = l->u.arp.op;

	if (arp_is_atm(l) && (op == ARPOP_REVREQUEST || op == ARPOP_REVREPLY))
		return false; /* tcpdump's ATMARP printer knows no RARP */
	switch (op) {
	case ARPOP_REQUEST:
		PS_OUT_LIT(o, "who-has ");
		arp_out_pa(o, p, l, true);
		if (arp_tha_nonzero(p, l)) {
			PS_OUT_LIT(o, " (");
			arp_out_hw(o, p, l, true);
			ps_out_char(o, ')');
		}
		PS_OUT_LIT(o, " tell ");
		arp_out_pa(o, p, l, false);
		return true;
	case ARPOP_REPLY:
		arp_out_pa(o, p, l, false);
		PS_OUT_LIT(o, " is-at ");
		arp_out_hw(o, p, l, false);
		return true;
	case ARPOP_REVREQUEST:
	case ARPOP_INVREQUEST:
		PS_OUT_LIT(o, "who-is ");
		arp_out_hw(o, p, l, true);
		PS_OUT_LIT(o, " tell ");
		arp_out_hw(o, p, l, false);
		return true;
	case ARPOP_REVREPLY:
	case ARPOP_INVREPLY:
		arp_out_hw(o, p, l, op == ARPOP_REVREPLY);
		PS_OUT_LIT(o, " at ");
		arp_out_pa(o, p, l, op == ARPOP_REVREPLY);
		return true;
	case ARPOP_NAK:
		if (!arp_is_atm(l))
			return false;
		PS_OUT_LIT(o, "for ");
		arp_out_pa(o, p, l, false);
		return true;
	default:
		return false;
	}
}

/* tcpdump prints the types instead of the operation when it cannot read the
 * addresses as IPv4 (and always with -v). */
static bool arp_plain(const struct ps_layer *l)
{
	const struct ps_arp *a = &l->u.arp;

	if (a->ptype != ETHERTYPE_IP && a->ptype != ETHERTYPE_TRAIL)
		return false;
	if (arp_is_atm(l))
		return arp_splen(l) == 4 && arp_tplen(l) == 4;
	return a->plen == 4 && a->hlen != 0;
}

/* "ARP, Request who-has 10.0.0.2 tell 10.0.0.1, length 28" ("ARP, " only
 * without -e: the link header already named it); "length" is what the
 * carrier claims for ARP, padding included, as tcpdump prints it. */
static void arp_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_arp *a = &l->u.arp;

	if (l->truncated)
		return; /* as tcpdump: only the " [|arp]" mark the renderer adds */
	if (!(a->have & PS_ARP_HAVE_TPA)) {
		/* lengths beyond the frame (arp.len_exceeds_frame): tcpdump runs out
		 * of bytes and marks it the same way; the event tells them apart */
		PS_OUT_LIT(o, " [|arp]");
		return;
	}
	if (!t->link)
		PS_OUT_LIT(o, "ARP, ");
	if (!arp_plain(l) || t->verbose) {
		arp_out_types(o, l);
		if (!t->verbose)
			goto out;
		PS_OUT_LIT(o, ", ");
	}
	arp_out_name(o, PS_TOK_NAME(arp_ops, a->op), "Unknown (", a->op, false);
	ps_out_char(o, ' ');
	if (!arp_out_op(o, p, l))
		return; /* tcpdump hex-dumps unknown operations and prints no length */
out:
	PS_OUT_LIT(o, ", length ");
	ps_out_u64(o, p->len > l->off ? p->len - l->off : 0);
}

const struct ps_dissector ps_dis_arp = {
	.name = "arp",
	.label = "ARP",
	.ev_truncated = PS_EV_ARP_TRUNCATED,
	.proto = PS_P_ARP,
	.flags = 0,
	.decode = arp_decode,
	.summary = arp_summary,
	.fields = arp_fields,
};
