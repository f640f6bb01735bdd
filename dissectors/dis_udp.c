/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_udp.c - User Datagram Protocol header.
 *
 * RFC 768 (UDP), RFC 2675 (IPv6 jumbograms: length 0).
 *
 *  0      7 8     15 16    23 24    31
 * +--------+--------+--------+--------+
 * |     Source      |   Destination   |
 * |      Port       |      Port       |
 * +--------+--------+--------+--------+
 * |                 |                 |
 * |     Length      |    Checksum     |
 * +--------+--------+--------+--------+
 * |          data octets ...
 * +---------------- ...
 *
 * Length counts the header; the payload is clipped to it so that bytes
 * past the datagram (Ethernet padding) are not read as data.
 */
#include "dis_cksum.h"
#include "dis_common.h"
#include "ps_text.h"

#define UDP_HDR_LEN 8u

static void udp_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_udp *u = &l->u.udp;
	uint32_t avail = ps_cur_remaining(c);
	uint32_t claim = d->claim_in;

	u->claim = claim;

	if (avail < UDP_HDR_LEN) { /* the capture ended inside the header */
		if (avail >= 2)
			u->sport = ps_cur_peek_be16(c, 0);
		if (avail >= 4)
			u->dport = ps_cur_peek_be16(c, 2);
		if (avail >= 6)
			u->len = ps_cur_peek_be16(c, 4);
		ps_dis_short_header(d, c, l, UDP_HDR_LEN, PS_EV_UDP_HDR_EXCEEDS_LEN,
				    PS_EV_UDP_TRUNCATED);
		return;
	}
	const uint8_t *h = ps_cur_peek_bytes(c, 0, UDP_HDR_LEN); /* one bounds check */
	u->sport = ps_dis_be16(h);
	u->dport = ps_dis_be16(h + 2);
	u->len = ps_dis_be16(h + 4);
	u->checksum = ps_dis_be16(h + 6);
	l->hdr_len = UDP_HDR_LEN;
	ps_cur_skip(c, UDP_HDR_LEN);

	uint32_t len = u->len;
	if (len == 0 && claim != PS_CLAIM_UNKNOWN && claim > 0xffffu)
		len = claim; /* RFC 2675: a jumbogram's length is its carrier's */
	if (len < UDP_HDR_LEN) {
		ps_dis_event(d, PS_EV_UDP_LEN_INVALID);
		ps_cur_clip(c, 0); /* the length leaves no room for data */
		d->claim_out = 0;
		return;
	}
	if (claim != PS_CLAIM_UNKNOWN && len > claim) {
		/* the datagram claims more than it was given: keep the given part */
		ps_dis_event(d, PS_EV_UDP_LEN_INVALID);
		len = claim;
	}
	d->claim_out = len - UDP_HDR_LEN;
	ps_cur_clip(c, len - UDP_HDR_LEN);
	/* the header an ICMP error quotes is not followed into its payload */
	if (d->nest != PS_NEST_QUOTE)
		ps_dis_next_ports(d, PS_TAB_UDP_PORT, u->sport, u->dport);
}

static void udp_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_udp *u = &l->u.udp;

	static const struct ps_emit_field run[] = {
		{"sport", 0, 2, PS_EMIT_K_U64}, {"dport", 2, 2, PS_EMIT_K_U64},
		{"len", 4, 2, PS_EMIT_K_U64},   {"checksum", 6, 2, PS_EMIT_K_U64}};
	const uint64_t v[] = {u->sport, u->dport, u->len, u->checksum};

	PS_DIS_EMIT_RUN(e, l, run, v);
}

/* The UDP length the carrier claims, or what was captured. */
static uint32_t udp_claim(const struct ps_packet *p, const struct ps_layer *l)
{
	if (l->u.udp.claim != PS_CLAIM_UNKNOWN)
		return l->u.udp.claim;
	return ps_packet_bytes(p) > l->off ? ps_packet_bytes(p) - l->off : 0;
}

/* -v: "[udp sum ok] " (IPv4 only from -vv, as tcpdump; 0 there means none) */
static void udp_out_cksum(const struct ps_packet *p, unsigned li, uint32_t len, int verbose,
			  struct ps_out *o)
{
	int ni = ps_packet_net_before(p, li);
	uint16_t stored = p->layers[li].u.udp.checksum;
	bool v4 = ni >= 0 && p->layers[ni].proto == PS_P_IPV4;

	if (ni < 0 || (v4 && verbose < 2))
		return;
	if (v4 && stored == 0) {
		int frag = p->layers[ni].u.ipv4.mf || p->layers[ni].u.ipv4.frag_off;
		if (!frag)
			PS_OUT_LIT(o, "[no cksum] ");
		return;
	}
	int sum = ps_l4_cksum(p, li, 17, len, true);
	if (sum == 0xffff)
		PS_OUT_LIT(o, "[udp sum ok] ");
	else if (sum >= 0)
		ps_out_fmt(o, "[bad udp cksum 0x%04x -> 0x%04x!] ", stored,
			   ps_l4_cksum_want(stored, sum));
}

/* A decoded application layer follows layer li in the same chain. */
static bool app_follows(const struct ps_packet *p, unsigned li)
{
	if (li + 1 >= p->nlayers || p->layers[li + 1].parent != p->layers[li].parent)
		return false;
	const struct ps_dissector *dis = ps_registry_by_proto(p->layers[li + 1].proto);
	return dis && dis->summary;
}

/* "10.0.0.1.53 > 10.0.0.2.5353: UDP, length 20", tcpdump's print-udp.c */
static void udp_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_udp *u = &l->u.udp;
	uint32_t claim = udp_claim(p, l);

	if (l->hdr_len < 4) {
		if (ps_dis_out_net_addrs(p, li, o))
			PS_OUT_LIT(o, ": ");
		return; /* the renderer adds " [|udp]" */
	}
	ps_text_endpoints(p, li, o, u->sport, u->dport);
	if (claim < UDP_HDR_LEN) {
		ps_out_fmt(o, "truncated-udp %u", (unsigned)claim);
		return;
	}
	if (l->hdr_len < 6)
		return;
	uint32_t ulen = u->len;
	if (ulen == 0 && claim > 0xffffu)
		ulen = claim;
	if (ulen < UDP_HDR_LEN) {
		ps_out_fmt(o, "truncated-udplength %u", (unsigned)ulen);
		return;
	}
	if (l->hdr_len < UDP_HDR_LEN)
		return;
	if (t->verbose)
		udp_out_cksum(p, li, ulen < claim ? ulen : claim, t->verbose, o);
	if (app_follows(p, li))
		return; /* as tcpdump: the application's printer says the rest */
	if (ulen > claim) {
		ps_dis_out_num(o, "UDP, bad length ", ulen - UDP_HDR_LEN);
		ps_dis_out_num(o, " > ", claim - UDP_HDR_LEN);
	} else {
		ps_dis_out_num(o, "UDP, length ", ulen - UDP_HDR_LEN);
	}
}

const struct ps_dissector ps_dis_udp = {
	.name = "udp",
	.label = "UDP",
	.ev_truncated = PS_EV_UDP_TRUNCATED,
	.proto = PS_P_UDP,
	.flags = PS_DIS_PORTS,
	.decode = udp_decode,
	.summary = udp_summary,
	.fields = udp_fields,
};
