/* SPDX-License-Identifier: BSD-2-Clause */
/* json_extra.c - NDJSON keys that options ask for, added through the
 * emitter's extra hook (ps_emit.h) so that the dissectors' fields stay the
 * one source of every other key:
 *   frame.ts_str        nanosecond captures: the time stamp as an exact
 *                       decimal string (a JSON number with 9 decimals loses
 *                       digits in jq's doubles)
 *   payload.hex         -x / -X: the payload bytes that were captured
 *   ip.checksum_ok, tcp.checksum_ok, udp.checksum_ok, icmp.checksum_ok,
 *   icmpv6.checksum_ok  -v: whether the stored checksum is right, as
 *                       tcpdump -v reports it; absent when it cannot be
 *                       checked (bytes not captured, fragments, UDP over
 *                       IPv4 without a checksum)
 * Checksums are verified with the dissectors' own helpers (dis_cksum.h),
 * the ones the -v text uses, so text and JSON never disagree. */
#include <stdlib.h>

#include "dis_cksum.h"
#include "ps_render.h"

static const char hexdig[] = "0123456789abcdef";

static void payload_hex(struct ps_emit *e, const struct ps_packet *p)
{
	uint32_t off = p->payload_off < ps_packet_bytes(p) ? p->payload_off : ps_packet_bytes(p);
	uint32_t n = ps_packet_bytes(p) - off < p->payload_len ? ps_packet_bytes(p) - off : p->payload_len;
	/* bounded by the snap length (<= 262144 bytes): 512 KiB at most */
	char *s = malloc((size_t)n * 2 + 1);

	if (s == NULL)
		return; /* no key rather than a wrong one */
	for (uint32_t i = 0; i < n; i++) {
		s[2 * i] = hexdig[p->data[off + i] >> 4];
		s[2 * i + 1] = hexdig[p->data[off + i] & 15];
	}
	e->ops->strn(e, "hex", s, (size_t)n * 2);
	free(s);
}

static void ts_str(struct ps_emit *e, const struct ps_packet *p)
{
	char b[40];
	struct ps_out o;

	ps_out_open_mem(&o, b, sizeof b);
	ps_out_i64(&o, p->ts_sec);
	ps_out_char(&o, '.');
	ps_out_u64_pad(&o, p->ts_frac, 9, '0');
	e->ops->strn(e, "ts_str", b, o.len);
}

/* The IPv4 header sums to 0xffff when its checksum is right; -1 unknown. */
static int ipv4_ok(const struct ps_packet *p, const struct ps_layer *l)
{
	uint32_t sum = 0;

	uint32_t hl = l->u.ipv4.hl;

	if (hl < 20 || l->hdr_len < hl || l->off + hl > p->caplen)
		return -1; /* the whole header is needed */
	for (uint32_t at = 0; at + 1 < hl; at += 2)
		sum += (uint32_t)p->data[l->off + at] << 8 | p->data[l->off + at + 1];
	return ps_cksum_fold(sum) == 0xffffu;
}

static int udp_ok(const struct ps_packet *p, unsigned li)
{
	const struct ps_udp *u = &p->layers[li].u.udp;
	uint32_t len = u->len, claim = u->claim;
	int sum;

	if (u->checksum == 0 && li > 0 && p->layers[li - 1].proto == PS_P_IPV4)
		return -1; /* IPv4: no checksum was computed */
	if (len == 0 && claim > 0xffffu)
		len = claim; /* IPv6 jumbogram */
	sum = ps_l4_cksum(p, li, 17, len < claim ? len : claim, true);
	return sum < 0 ? -1 : sum == 0xffff;
}

static int checksum_ok(const struct ps_packet *p, unsigned li)
{
	const struct ps_layer *l = &p->layers[li];
	int sum = -1;

	switch (l->proto) {
	case PS_P_IPV4:
		return ipv4_ok(p, l);
	case PS_P_UDP:
		return udp_ok(p, li);
	case PS_P_TCP:
		if (l->u.tcp.has_len)
			sum = ps_l4_cksum(p, li, 6, l->u.tcp.claim, true);
		break;
	case PS_P_ICMP:
		if (l->u.icmp.has_len)
			sum = ps_l4_cksum(p, li, 1, l->u.icmp.len, false);
		break;
	case PS_P_ICMPV6:
		if (l->u.icmpv6.has_len)
			sum = ps_l4_cksum(p, li, 58, l->u.icmpv6.len, true);
		break;
	default:
		break;
	}
	return sum < 0 ? -1 : sum == 0xffff;
}

void ps_json_extra(struct ps_emit *e, const struct ps_packet *p, int at)
{
	const struct ps_render_opts *o = e->extra_ctx;

	if (at == PS_EMIT_AT_FRAME) {
		if (p->ts_nano)
			ts_str(e, p);
	} else if (at == PS_EMIT_AT_PAYLOAD) {
		if (o != NULL && o->hex)
			payload_hex(e, p);
	} else if (o != NULL && o->text.verbose) {
		int ok = checksum_ok(p, (unsigned)at);
		if (ok >= 0)
			e->ops->boolean(e, "checksum_ok", ok == 1);
	}
}

/* The conditions of ps_json_extra above, once per packet: without them the
 * emitter skips the hook's call at every layer (the common case). */
bool ps_json_extra_wanted(const struct ps_packet *p, const struct ps_render_opts *o)
{
	return p->ts_nano || (o != NULL && (o->hex || o->text.verbose));
}
