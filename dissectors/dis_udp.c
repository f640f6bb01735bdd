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
#include "ps_dissect.h"
#include "ps_out.h"
#include "ps_text.h"

#define UDP_HDR_LEN 8u

/* shared with dis_tcp.c, dis_icmp.c and dis_icmpv6.c (they declare it too) */
int ps_l4_cksum(const struct ps_packet *p, unsigned li, unsigned proto, uint32_t len,
		bool pseudo);
uint16_t ps_l4_cksum_want(uint16_t stored, int sum);

static uint32_t cksum_add(uint32_t sum, const uint8_t *b, uint32_t n)
{
	for (uint32_t i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)b[i] << 8 | b[i + 1];
	if (n & 1)
		sum += (uint32_t)b[n - 1] << 8;
	return sum;
}

/* The ones' complement sum tcpdump -v checks over `len` bytes of layer li,
 * with the IPv4/IPv6 pseudo-header when `pseudo`: 0xffff when the checksum
 * is right; -1 when it cannot be checked (a fragment, bytes not captured,
 * no network layer). */
int ps_l4_cksum(const struct ps_packet *p, unsigned li, unsigned proto, uint32_t len,
		bool pseudo)
{
	const struct ps_layer *l = &p->layers[li];
	int ni = ps_packet_net_before(p, li);
	if (ni < 0 || l->off > p->caplen || len > p->caplen - l->off)
		return -1;
	const struct ps_layer *n = &p->layers[ni];
	uint32_t sum = 0;
	if (n->proto == PS_P_IPV4) {
		if (n->u.ipv4.mf || n->u.ipv4.frag_off)
			return -1;
		sum = cksum_add(cksum_add(0, n->u.ipv4.src, 4), n->u.ipv4.dst, 4);
	} else {
		if (n->u.ipv6.fragment)
			return -1;
		sum = cksum_add(cksum_add(0, n->u.ipv6.src, 16), n->u.ipv6.dst, 16);
		sum += len >> 16;
	}
	if (pseudo)
		sum += proto + (len & 0xffffu);
	else
		sum = 0;
	sum = cksum_add(sum, p->data + l->off, len);
	while (sum >> 16)
		sum = (sum & 0xffffu) + (sum >> 16);
	return (int)sum;
}

/* The checksum the header should have held (tcpdump's in_cksum_shouldbe). */
uint16_t ps_l4_cksum_want(uint16_t stored, int sum)
{
	uint32_t v = stored + (uint32_t)(~(uint32_t)sum & 0xffffu);
	v = (v & 0xffffu) + (v >> 16);
	return (uint16_t)((v & 0xffffu) + (v >> 16));
}

static void udp_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_udp *u = &l->u.udp;
	uint32_t avail = ps_cur_remaining(c);
	uint32_t claim = d->claim_in;

	u->claim = claim;

	if (avail >= 2)
		u->sport = ps_cur_peek_be16(c, 0);
	if (avail >= 4)
		u->dport = ps_cur_peek_be16(c, 2);
	if (avail >= 6)
		u->len = ps_cur_peek_be16(c, 4);
	if (avail < UDP_HDR_LEN) {
		l->hdr_len = avail;
		ps_cur_skip(c, avail);
		/* the cursor ends at the claim or the capture: which one cut us short? */
		if (claim != PS_CLAIM_UNKNOWN && claim < UDP_HDR_LEN)
			ps_dis_event(d, PS_EV_UDP_HDR_EXCEEDS_LEN);
		else
			ps_dis_event(d, PS_EV_UDP_TRUNCATED);
		return;
	}
	u->checksum = ps_cur_peek_be16(c, 6);
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
	/* no application dissectors: the data is the driver's payload */
}

static void udp_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_udp *u = &l->u.udp;

	if (l->hdr_len >= 2) {
		ps_emit_span(e, l->off, 2);
		PS_EMIT_U64(e, "sport", u->sport);
	}
	if (l->hdr_len >= 4) {
		ps_emit_span(e, l->off + 2, 2);
		PS_EMIT_U64(e, "dport", u->dport);
	}
	if (l->hdr_len >= 6) {
		ps_emit_span(e, l->off + 4, 2);
		PS_EMIT_U64(e, "len", u->len);
	}
	if (l->hdr_len >= 8) {
		ps_emit_span(e, l->off + 6, 2);
		PS_EMIT_U64(e, "checksum", u->checksum);
	}
}

/* The UDP length the carrier claims, or what was captured. */
static uint32_t udp_claim(const struct ps_packet *p, const struct ps_layer *l)
{
	if (l->u.udp.claim != PS_CLAIM_UNKNOWN)
		return l->u.udp.claim;
	return p->caplen > l->off ? p->caplen - l->off : 0;
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

/* "10.0.0.1.53 > 10.0.0.2.5353: UDP, length 20", tcpdump's print-udp.c */
static void udp_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_udp *u = &l->u.udp;
	uint32_t claim = udp_claim(p, l);

	if (l->hdr_len < 4) {
		int ni = ps_packet_net_before(p, li);
		if (ni >= 0 && p->layers[ni].proto == PS_P_IPV4) {
			ps_out_ipv4(o, p->layers[ni].u.ipv4.src);
			PS_OUT_LIT(o, " > ");
			ps_out_ipv4(o, p->layers[ni].u.ipv4.dst);
			PS_OUT_LIT(o, ": ");
		} else if (ni >= 0) {
			ps_out_ipv6(o, p->layers[ni].u.ipv6.src);
			PS_OUT_LIT(o, " > ");
			ps_out_ipv6(o, p->layers[ni].u.ipv6.dst);
			PS_OUT_LIT(o, ": ");
		}
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
	if (ulen > claim)
		ps_out_fmt(o, "UDP, bad length %u > %u", (unsigned)(ulen - UDP_HDR_LEN),
			   (unsigned)(claim - UDP_HDR_LEN));
	else
		ps_out_fmt(o, "UDP, length %u", (unsigned)(ulen - UDP_HDR_LEN));
}

const struct ps_dissector ps_dis_udp = {
	.name = "udp",
	.ev_truncated = PS_EV_UDP_TRUNCATED,
	.proto = PS_P_UDP,
	.flags = PS_DIS_PORTS,
	.decode = udp_decode,
	.summary = udp_summary,
	.fields = udp_fields,
};
