/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_ntp.c - Network Time Protocol v3/v4 (UDP port 123).
 *
 * RFC 1305 (NTPv3), RFC 5905 (NTPv4), RFC 4330 (era rule for timestamps).
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |LI | VN  |Mode |    Stratum    |     Poll      |   Precision   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                 Root Delay (16.16)                            |
 * |                 Root Dispersion (16.16)                       |
 * |                 Reference ID                                  |
 * |      Reference, Origin, Receive, Transmit Timestamps (32.32)  |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Modes 6 (control) and 7 (private) have another layout after the first
 * byte: only LI, VN and Mode are decoded for them, as tshark's oracle does.
 * Extension fields and the MAC after the 48 bytes are not decoded.
 */
#include <string.h>

#include "dis_common.h"
#include "ps_text.h"

#define NTP_HDR_LEN 48u
#define NTP_UNIX_OFFSET 2208988800u /* 1900-01-01 to 1970-01-01, seconds */

static bool ntp_time_mode(uint8_t mode)
{
	return mode >= 1 && mode <= 5;
}

static void ntp_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_ntp *n = &l->u.ntp;
	uint32_t avail = ps_cur_remaining(c);
	uint8_t b0 = ps_cur_peek_u8(c, 0);

	n->len = d->claim_in != PS_CLAIM_UNKNOWN ? d->claim_in : avail;
	n->li = b0 >> 6;
	n->version = (b0 >> 3) & 7;
	n->mode = b0 & 7;
	if (!ntp_time_mode(n->mode)) {
		l->hdr_len = 1;
		ps_cur_skip(c, ps_cur_remaining(c));
		return;
	}
	n->stratum = ps_cur_peek_u8(c, 1);
	n->poll = ps_cur_peek_u8(c, 2);
	n->precision = (int8_t)ps_cur_peek_u8(c, 3);
	n->root_delay = ps_cur_peek_be32(c, 4);
	n->root_dispersion = ps_cur_peek_be32(c, 8);
	const uint8_t *ref = ps_cur_peek_bytes(c, 12, 4);
	if (ref)
		memcpy(n->ref_id, ref, 4);
	for (unsigned i = 0; i < 4; i++) {
		const uint8_t *ts = ps_cur_peek_bytes(c, 16 + 8 * i, 8);
		n->ts[i] = ts ? ps_dis_be64(ts) : 0;
	}
	if (avail < NTP_HDR_LEN) {
		ps_dis_short_header(d, c, l, NTP_HDR_LEN, PS_EV_NTP_HDR_EXCEEDS_LEN,
				    PS_EV_NTP_TRUNCATED);
		return;
	}
	l->hdr_len = NTP_HDR_LEN;
	/* extension fields and the MAC are the rest of the message */
	ps_cur_skip(c, ps_cur_remaining(c));
}

/* A 32.32 timestamp as Unix seconds and nanoseconds (truncated, as
 * tshark): a timestamp with the top bit clear is in era 1 (from 2036). */
static void ntp_emit_ts(struct ps_emit *e, const struct ps_layer *l, const char *key,
			unsigned i)
{
	uint64_t v = l->u.ntp.ts[i];
	uint32_t at = 16 + 8 * i;

	if (!v || l->hdr_len < at + 8)
		return;
	int64_t sec = (int64_t)(v >> 32) - NTP_UNIX_OFFSET;
	if (!(v >> 63))
		sec += (int64_t)1 << 32;
	uint32_t ns = (uint32_t)(((v & 0xffffffffu) * 1000000000u) >> 32);
	ps_emit_span(e, l->off + at, 8);
	e->ops->ts(e, key, sec, ns, true);
}

static void ntp_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_ntp *n = &l->u.ntp;
	static const char *const ts_keys[4] = {"ref_ts", "orig_ts", "rx_ts", "tx_ts"};

	ps_dis_emit_u64(e, l, "li", 0, 1, n->li);
	ps_dis_emit_u64(e, l, "version", 0, 1, n->version);
	ps_dis_emit_u64(e, l, "mode", 0, 1, n->mode);
	if (!ntp_time_mode(n->mode))
		return;
	ps_dis_emit_u64(e, l, "stratum", 1, 1, n->stratum);
	ps_dis_emit_u64(e, l, "poll", 2, 1, n->poll);
	if (l->hdr_len >= 4) {
		ps_emit_span(e, l->off + 3, 1);
		e->ops->i64(e, "precision", n->precision);
	}
	ps_dis_emit_u64(e, l, "root_delay", 4, 4, n->root_delay);
	ps_dis_emit_u64(e, l, "root_dispersion", 8, 4, n->root_dispersion);
	if (l->hdr_len >= 16) {
		char hex[9];
		static const char digits[] = "0123456789abcdef";
		for (unsigned i = 0; i < 4; i++) {
			hex[2 * i] = digits[n->ref_id[i] >> 4];
			hex[2 * i + 1] = digits[n->ref_id[i] & 15];
		}
		hex[8] = 0;
		ps_emit_span(e, l->off + 12, 4);
		PS_EMIT_STR(e, "ref_id", hex);
	}
	for (unsigned i = 0; i < 4; i++)
		ntp_emit_ts(e, l, ts_keys[i], i);
}

static const struct ps_tok ntp_modes[] = {
	{0, "unspecified"}, {1, "symmetric active"}, {2, "symmetric passive"},
	{3, "Client"},	    {4, "Server"},	     {5, "Broadcast"},
	{6, "Control Message"}, {7, "Reserved"},
};

/* "NTPv4, Client, length 48", tcpdump's print-ntp.c; -v adds its detail
 * lines for time messages (dis_ntp_text.c) */
static void ntp_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			struct ps_out *o)
{
	const struct ps_ntp *n = &p->layers[li].u.ntp;

	if (!p->layers[li].hdr_len)
		return;
	ps_dis_out_num(o, "NTPv", n->version);
	PS_OUT_LIT(o, ", ");
	ps_out_str(o, PS_TOK_NAME(ntp_modes, n->mode));
	ps_dis_out_num(o, ", length ", n->len);
	if (t->verbose && ntp_time_mode(n->mode))
		ps_ntp_out_verbose(p, li, o);
}

const struct ps_dissector ps_dis_ntp = {
	.name = "ntp",
	.label = "NTP",
	.proto = PS_P_NTP,
	.ev_truncated = PS_EV_NTP_TRUNCATED,
	.decode = ntp_decode,
	.summary = ntp_summary,
	.fields = ntp_fields,
};
