/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_teredo.c - Teredo, IPv6 over UDP (UDP port 3544).
 *
 * RFC 4380 5.1.1.  Before the IPv6 packet, optionally an authentication
 * indicator, then optionally an origin indication:
 *
 *   auth:   0x0001 | ID-len (1) | AU-len (1) | client identifier (ID-len) |
 *           authentication value (AU-len) | nonce (8) | confirmation (1)
 *   origin: 0x0000 | origin port (2) | origin IPv4 address (4), both XORed
 *           with all ones
 *
 * The IPv6 packet (version nibble 6) is dissected under "inner", as tshark
 * decodes it on this port (the flow is then the inner one, as its Community
 * ID is); anything else stays payload.  tcpdump has no Teredo printer: the
 * text stays its "UDP, length N" (no summary, no truncation marker).
 */
#include "dis_common.h"

#define TEREDO_AUTH_FIXED 13u  /* indicator, two lengths, nonce, confirmation */
#define TEREDO_ORIG_LEN 8u

/* The indicator header of `need` bytes at the cursor is not all there. */
static bool short_indicator(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l,
			    uint32_t need)
{
	if (ps_cur_remaining(c) >= need)
		return false;
	uint32_t at = c->pos - l->off; /* the indicators read before it */
	ps_dis_short_header(d, c, l, at + need, PS_EV_TEREDO_HDR_EXCEEDS_LEN,
			    PS_EV_TEREDO_TRUNCATED);
	l->hdr_len += at;
	return true;
}

static void teredo_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_teredo *t = &l->u.teredo;

	if (ps_cur_remaining(c) >= 2 && ps_cur_peek_be16(c, 0) == 1) {
		if (short_indicator(d, c, l, 4))
			return;
		t->idlen = ps_cur_peek_u8(c, 2);
		t->aulen = ps_cur_peek_u8(c, 3);
		uint32_t need = TEREDO_AUTH_FIXED + t->idlen + t->aulen;
		if (short_indicator(d, c, l, need))
			return;
		t->conf = ps_cur_peek_u8(c, need - 1);
		t->auth = true;
		ps_cur_skip(c, need);
	}
	if (ps_cur_remaining(c) >= 2 && ps_cur_peek_be16(c, 0) == 0) {
		t->orig_at = (uint16_t)(c->pos - l->off);
		if (short_indicator(d, c, l, TEREDO_ORIG_LEN))
			return;
		t->orig_port = (uint16_t)~ps_cur_peek_be16(c, 2);
		for (unsigned i = 0; i < 4; i++)
			t->orig_addr[i] = (uint8_t)~ps_cur_peek_u8(c, 4 + i);
		t->origin = true;
		ps_cur_skip(c, TEREDO_ORIG_LEN);
	}
	l->hdr_len = c->pos - l->off;
	if (ps_cur_remaining(c) && ps_cur_peek_u8(c, 0) >> 4 == 6)
		ps_dis_tunnel_inner(d, c, PS_TAB_ETHERTYPE, 0x86dd);
}

static void teredo_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_teredo *t = &l->u.teredo;

	if (t->auth) {
		uint32_t nonce = 4u + t->idlen + t->aulen;
		char hex[17];
		static const char digits[] = "0123456789abcdef";
		for (unsigned i = 0; i < 8; i++) {
			uint8_t b = p->data[l->off + nonce + i];
			hex[2 * i] = digits[b >> 4];
			hex[2 * i + 1] = digits[b & 15];
		}
		hex[16] = 0;
		ps_dis_emit_u64(e, l, "auth_idlen", 2, 1, t->idlen);
		ps_dis_emit_u64(e, l, "auth_aulen", 3, 1, t->aulen);
		ps_emit_span(e, l->off + nonce, 8);
		PS_EMIT_STR(e, "nonce", hex);
		ps_dis_emit_u64(e, l, "conf", nonce + 8, 1, t->conf);
	}
	if (t->origin) {
		ps_dis_emit_u64(e, l, "origin_port", t->orig_at + 2u, 2, t->orig_port);
		ps_dis_emit_ipv4(e, l, "origin_addr", t->orig_at + 4u, t->orig_addr);
	}
}

const struct ps_dissector ps_dis_teredo = {
	.name = "teredo",
	.label = "Teredo",
	.proto = PS_P_TEREDO,
	.flags = PS_DIS_OWN_TRUNC,
	.ev_truncated = PS_EV_TEREDO_TRUNCATED,
	.decode = teredo_decode,
	.fields = teredo_fields,
};
