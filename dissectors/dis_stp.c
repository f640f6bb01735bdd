/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_stp.c - IEEE 802.1D/802.1Q bridge PDUs: STP, RSTP, MSTP (and the
 * MSTP part of SPB BPDUs), over LLC SAP 0x42 or Cisco's PVST+ SNAP.
 *
 * IEEE Std 802.1D-2004 clause 9.3; IEEE Std 802.1Q-2018 clause 14.
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      Protocol id (0)          |   Version     |   BPDU type   |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  4
 * |     Flags     |   Root id: priority (4 bits) + system id ext  |
 * +-+-+-+-+-+-+-+-+        (12 bits), then the root's MAC ...     +
 * |                                               |               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  Root path    + 13
 * |                    cost (4 bytes)             |  Bridge id    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  (8 bytes)    + 17
 * |                          ...                  |   Port id     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ 25
 * |   Port id     |   Message age (1/256 s)       |   Max age     |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ 29
 * |   Max age     |   Hello time                  | Forward delay |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ 33
 * | Forward delay | V1 length (RST, MST) | V3 length (MST) ...    |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+ 37
 *
 * A configuration BPDU is 35 bytes, RST 36, MST 102 plus 16 per MSTI
 * (the MST configuration identifier, CIST internal cost, bridge id and hops
 * from offset 39; MSTI records from 102), which its V3 length counts from
 * offset 38.  A topology change notification is the first 4 bytes only.
 * The MSTI records and SPB's extra part are text-only (-v).
 */
#include <string.h>

#include "dis_common.h"

#define STP_MIN_LEN 4u
#define STP_CONFIG_LEN 35u
#define STP_RST_LEN 36u
#define STP_MST_MIN_LEN 102u
#define MST_V3_LEN_OFF 36u
#define MST_CONFIG_INFO_LEN 64u /* of the V3 length: the part before the MSTIs */
#define MST_MSTI_LEN 16u
#define STP_V_STP 0
#define STP_V_RSTP 2
#define STP_V_MSTP 3
#define STP_V_SPB 4
#define STP_T_CONFIG 0x00
#define STP_T_RST 0x02
#define STP_T_TCN 0x80

/* A big-endian value at `at` when its bytes were captured, else 0. */
static uint32_t stp_rd(struct ps_cursor *c, uint32_t avail, uint32_t at, uint32_t n)
{
	if (at + n > avail)
		return 0;
	return n == 1 ? ps_cur_peek_u8(c, at) : n == 2 ? ps_cur_peek_be16(c, at) : ps_cur_peek_be32(c, at);
}

static void stp_read(struct ps_cursor *c, uint32_t avail, struct ps_stp *s)
{
	s->protocol = (uint16_t)stp_rd(c, avail, 0, 2);
	s->version = (uint8_t)stp_rd(c, avail, 2, 1);
	s->type = (uint8_t)stp_rd(c, avail, 3, 1);
	s->flags = (uint8_t)stp_rd(c, avail, 4, 1);
	if (avail >= 13)
		memcpy(s->root, ps_cur_peek_bytes(c, 5, 8), 8);
	s->root_cost = stp_rd(c, avail, 13, 4);
	if (avail >= 25)
		memcpy(s->bridge, ps_cur_peek_bytes(c, 17, 8), 8);
	s->port = (uint16_t)stp_rd(c, avail, 25, 2);
	s->msg_age = (uint16_t)stp_rd(c, avail, 27, 2);
	s->max_age = (uint16_t)stp_rd(c, avail, 29, 2);
	s->hello = (uint16_t)stp_rd(c, avail, 31, 2);
	s->forward = (uint16_t)stp_rd(c, avail, 33, 2);
	s->v1_len = (uint8_t)stp_rd(c, avail, 35, 1);
	s->v3_len = (uint16_t)stp_rd(c, avail, MST_V3_LEN_OFF, 2);
}

static bool stp_is_mst(const struct ps_stp *s)
{
	return s->type == STP_T_RST && (s->version == STP_V_MSTP || s->version == STP_V_SPB);
}

/* The bytes this BPDU's version and type need (tcpdump's minimum lengths). */
static uint32_t stp_need(const struct ps_stp *s)
{
	if (s->protocol != 0)
		return STP_MIN_LEN;
	if (s->version != STP_V_STP && s->version != STP_V_RSTP && s->version != STP_V_MSTP &&
	    s->version != STP_V_SPB)
		return STP_MIN_LEN; /* unknown version: nothing after it is read */
	if (s->type == STP_T_CONFIG)
		return STP_CONFIG_LEN;
	if (s->type == STP_T_RST && s->version == STP_V_RSTP)
		return STP_RST_LEN;
	if (stp_is_mst(s))
		return STP_MST_MIN_LEN;
	return STP_MIN_LEN; /* TCN, unknown types, RST type in an STP BPDU */
}

static void stp_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_stp *s = &l->u.stp;
	uint32_t avail = ps_cur_remaining(c);

	s->len = d->claim_in != PS_CLAIM_UNKNOWN ? d->claim_in : avail;
	stp_read(c, avail, s);
	uint32_t need = avail >= STP_MIN_LEN ? stp_need(s) : STP_MIN_LEN;
	if (avail < need) {
		ps_dis_short_header(d, c, l, need, PS_EV_STP_LEN_INVALID, PS_EV_STP_TRUNCATED);
		return;
	}
	if (s->protocol != 0)
		ps_dis_event(d, PS_EV_STP_PROTOCOL_UNKNOWN);
	if (stp_is_mst(s) && s->protocol == 0) {
		uint32_t total = MST_V3_LEN_OFF + 2u + s->v3_len;
		if (s->v1_len != 0) {
			ps_dis_event(d, PS_EV_STP_V1_LEN_NONZERO);
		} else if (s->len < total) {
			ps_dis_event(d, PS_EV_STP_LEN_INVALID);
		} else if (avail < total) {
			ps_dis_short_header(d, c, l, total, PS_EV_STP_LEN_INVALID, PS_EV_STP_TRUNCATED);
			return;
		} else {
			need = total; /* the MSTI records are part of the header */
		}
	}
	ps_cur_skip(c, need);
	l->hdr_len = need;
	d->claim_out = ps_dis_claim_after(d->claim_in, need);
}

/* A bridge identifier as an object: tshark's stp.root.prio/ext/hw. */
static void stp_emit_id(struct ps_emit *e, const struct ps_layer *l, const char *key, uint32_t at,
			const uint8_t id[8])
{
	if (l->hdr_len < at + 8)
		return;
	e->ops->begin_obj(e, key);
	ps_emit_span(e, l->off + at, 2);
	PS_EMIT_U64(e, "prio", (unsigned)id[0] << 8 & 0xf000u);
	ps_emit_span(e, l->off + at, 2);
	PS_EMIT_U64(e, "ext", ((unsigned)id[0] << 8 | id[1]) & 0x0fffu);
	ps_emit_span(e, l->off + at + 2, 6);
	e->ops->mac(e, "hw", id + 2, 6);
	if (key[0] == 'r')
		ps_dis_emit_u64(e, l, "cost", 13, 4, l->u.stp.root_cost);
	e->ops->end_obj(e);
}

static void stp_fields(const struct ps_packet *p, unsigned li, struct ps_emit *e)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_stp *s = &l->u.stp;

	ps_dis_emit_u64(e, l, "protocol", 0, 2, s->protocol);
	ps_dis_emit_u64(e, l, "version", 2, 1, s->version);
	ps_dis_emit_u64(e, l, "type", 3, 1, s->type);
	if (s->protocol != 0 || stp_need(s) == STP_MIN_LEN)
		return; /* TCN, unknown version or type: nothing more is a field */
	ps_dis_emit_u64(e, l, "flags", 4, 1, s->flags);
	stp_emit_id(e, l, "root", 5, s->root);
	stp_emit_id(e, l, "bridge", 17, s->bridge);
	ps_dis_emit_u64(e, l, "port", 25, 2, s->port);
	ps_dis_emit_u64(e, l, "msg_age", 27, 2, s->msg_age);
	ps_dis_emit_u64(e, l, "max_age", 29, 2, s->max_age);
	ps_dis_emit_u64(e, l, "hello", 31, 2, s->hello);
	ps_dis_emit_u64(e, l, "forward", 33, 2, s->forward);
	if (s->version == STP_V_STP)
		return;
	ps_dis_emit_u64(e, l, "v1_len", 35, 1, s->v1_len);
	if (stp_is_mst(s))
		ps_dis_emit_u64(e, l, "v3_len", MST_V3_LEN_OFF, 2, s->v3_len);
}

/* ---- text, as tcpdump's print-stp.c ---- */

static const struct ps_tok stp_versions[] = {
	{STP_V_STP, "802.1d"}, {STP_V_RSTP, "802.1w"}, {STP_V_MSTP, "802.1s"}, {STP_V_SPB, "802.1aq"},
};
static const struct ps_tok stp_types[] = {
	{STP_T_CONFIG, "Config"}, {STP_T_RST, "Rapid STP"}, {STP_T_TCN, "Topology Change"},
};
/* in tcpdump's order: its bittok2str lists set bits in table order */
static const struct ps_tok stp_flag_names[] = {
	{0x01, "Topology change"}, {0x02, "Proposal"}, {0x10, "Learn"},
	{0x20, "Forward"},	   {0x40, "Agreement"}, {0x80, "Topology change ACK"},
};
static const char *const stp_roles[] = {"Unknown", "Alternate", "Root", "Designated"};

static void stp_out_flags(struct ps_out *o, uint8_t flags)
{
	bool any = false;

	for (unsigned i = 0; i < sizeof stp_flag_names / sizeof stp_flag_names[0]; i++) {
		if (!(flags & stp_flag_names[i].v))
			continue;
		if (any)
			PS_OUT_LIT(o, ", ");
		ps_out_str(o, stp_flag_names[i].name);
		any = true;
	}
	if (!any)
		PS_OUT_LIT(o, "none");
}

/* "8001.aa:bb:cc:00:03:00" */
static void stp_out_id(struct ps_out *o, const uint8_t *id)
{
	ps_out_hex(o, id[0], 2);
	ps_out_hex(o, id[1], 2);
	ps_out_char(o, '.');
	ps_out_mac(o, id + 2, 6);
}

/* tcpdump: "%.2fs" of the float value / 256 */
static void stp_out_secs(struct ps_out *o, const char *label, uint16_t v)
{
	ps_out_fmt(o, "%s%.2fs", label, (double)((float)v / 256));
}

static void stp_out_timers(struct ps_out *o, const struct ps_stp *s)
{
	stp_out_secs(o, "\n\tmessage-age ", s->msg_age);
	stp_out_secs(o, ", max-age ", s->max_age);
	stp_out_secs(o, ", hello-time ", s->hello);
	stp_out_secs(o, ", forwarding-delay ", s->forward);
}

/* Each part is printed only when its bytes were captured (`cap`), part by
 * part as tcpdump does; the first part that needs a byte past the capture
 * ends the text with " [|stp]" (and nothing else does: tcpdump marks only a
 * read that fails). */
static bool stp_cut(struct ps_out *o, uint32_t cap, uint32_t need)
{
	if (cap >= need)
		return false;
	PS_OUT_LIT(o, " [|stp]");
	return true;
}

static void stp_out_config(struct ps_out *o, const struct ps_stp *s, uint32_t cap,
			   const struct ps_text_opts *t)
{
	if (stp_cut(o, cap, 5))
		return;
	PS_OUT_LIT(o, ", Flags [");
	stp_out_flags(o, s->flags);
	ps_out_char(o, ']');
	if (stp_cut(o, cap, 27))
		return;
	PS_OUT_LIT(o, ", bridge-id ");
	stp_out_id(o, s->bridge);
	ps_out_fmt(o, ".%04x, length %u", s->port, (unsigned)s->len);
	if (!t->verbose || stp_cut(o, cap, STP_CONFIG_LEN))
		return;
	stp_out_timers(o, s);
	PS_OUT_LIT(o, "\n\troot-id ");
	stp_out_id(o, s->root);
	ps_out_fmt(o, ", root-pathcost %u", (unsigned)s->root_cost);
	if (s->version == STP_V_RSTP)
		ps_out_fmt(o, ", port-role %s", stp_roles[(s->flags >> 2) & 3u]);
}

/* The MSTI records after the CIST part (16 bytes each, v3_len counts them). */
static void stp_out_mstis(struct ps_out *o, const uint8_t *b, const struct ps_stp *s, uint32_t cap)
{
	uint32_t msti_len = s->v3_len > MST_CONFIG_INFO_LEN ? s->v3_len - MST_CONFIG_INFO_LEN : 0;

	for (uint32_t at = STP_MST_MIN_LEN; msti_len >= MST_MSTI_LEN;
	     at += MST_MSTI_LEN, msti_len -= MST_MSTI_LEN) {
		const uint8_t *m = b + at;
		if (stp_cut(o, cap, at + 3))
			return;
		ps_out_fmt(o, "\n\tMSTI %u, Flags [", ((unsigned)m[1] << 8 | m[2]) & 0x0fffu);
		stp_out_flags(o, m[0]);
		ps_out_fmt(o, "], port-role %s", stp_roles[(m[0] >> 2) & 3u]);
		if (stp_cut(o, cap, at + 13))
			return;
		PS_OUT_LIT(o, "\n\t\tMSTI regional-root-id ");
		stp_out_id(o, m + 1);
		ps_out_fmt(o, ", pathcost %u", ps_dis_be32(m + 9));
		if (stp_cut(o, cap, at + MST_MSTI_LEN))
			return;
		ps_out_fmt(o, "\n\t\tMSTI bridge-prio %u, port-prio %u, hops %u", m[13] >> 4,
			   m[14] >> 4, m[15]);
	}
}

/* -v of an MST BPDU: the CIST, the MST configuration identifier, the MSTIs */
static void stp_out_mst_detail(struct ps_out *o, const uint8_t *b, const struct ps_stp *s,
			       uint32_t cap)
{
	ps_out_fmt(o, "\n\tport-role %s, ", stp_roles[(s->flags >> 2) & 3u]);
	if (stp_cut(o, cap, 17))
		return;
	PS_OUT_LIT(o, "CIST root-id ");
	stp_out_id(o, s->root);
	ps_out_fmt(o, ", CIST ext-pathcost %u", (unsigned)s->root_cost);
	if (stp_cut(o, cap, 25))
		return;
	PS_OUT_LIT(o, "\n\tCIST regional-root-id ");
	stp_out_id(o, s->bridge);
	PS_OUT_LIT(o, ", ");
	if (stp_cut(o, cap, 27))
		return;
	ps_out_fmt(o, "CIST port-id %04x,", s->port);
	if (stp_cut(o, cap, STP_CONFIG_LEN))
		return;
	stp_out_timers(o, s);
	if (stp_cut(o, cap, MST_V3_LEN_OFF + 2))
		return;
	ps_out_fmt(o, "\n\tv3len %u, MCID Name ", s->v3_len);
	size_t n = 0;
	while (n < 32 && 39 + n < cap && b[39 + n])
		n++; /* tcpdump's nd_printjnp: up to a NUL */
	ps_dis_out_printn(o, b + 39, n);
	if (stp_cut(o, cap, n < 32 ? 39 + n + 1 : 39 + n) || stp_cut(o, cap, 89))
		return;
	ps_out_fmt(o, ", rev %u,\n\t\tdigest %08x%08x%08x%08x, ", (unsigned)b[71] << 8 | b[72],
		   ps_dis_be32(b + 73), ps_dis_be32(b + 77), ps_dis_be32(b + 81), ps_dis_be32(b + 85));
	if (stp_cut(o, cap, 93))
		return;
	ps_out_fmt(o, "CIST int-root-pathcost %u,", ps_dis_be32(b + 89));
	if (stp_cut(o, cap, 101))
		return;
	PS_OUT_LIT(o, "\n\tCIST bridge-id ");
	stp_out_id(o, b + 93);
	PS_OUT_LIT(o, ", ");
	if (stp_cut(o, cap, STP_MST_MIN_LEN))
		return;
	ps_out_fmt(o, "CIST remaining-hops %u", b[101]);
	stp_out_mstis(o, b, s, cap);
}

/* tcpdump's checks of an MST BPDU's lengths, in its order: false after
 * printing " (invalid)", or with nothing printed when the capture ends first */
static bool stp_mst_valid(struct ps_out *o, const struct ps_stp *s, uint32_t cap, bool *cut)
{
	*cut = false;
	if (s->len < STP_MST_MIN_LEN)
		goto invalid;
	if (stp_cut(o, cap, STP_RST_LEN) || (s->v1_len == 0 && stp_cut(o, cap, MST_V3_LEN_OFF + 2))) {
		*cut = true;
		return false;
	}
	if (s->v1_len != 0 || s->len < MST_V3_LEN_OFF + 2u + s->v3_len)
		goto invalid;
	return true;
invalid:
	PS_OUT_LIT(o, " (invalid)");
	return false;
}

static void stp_out_body(struct ps_out *o, const struct ps_packet *p, const struct ps_layer *l,
			 const struct ps_text_opts *t)
{
	const struct ps_stp *s = &l->u.stp;
	bool cut;

	if (stp_is_mst(s)) {
		if (!stp_mst_valid(o, s, l->hdr_len, &cut))
			return;
		if (stp_cut(o, l->hdr_len, 5))
			return;
		PS_OUT_LIT(o, ", CIST Flags [");
		stp_out_flags(o, s->flags);
		ps_out_fmt(o, "], length %u", (unsigned)s->len);
		if (t->verbose)
			stp_out_mst_detail(o, p->data + l->off, s, l->hdr_len);
		return;
	}
	if (s->len < stp_need(s)) {
		PS_OUT_LIT(o, " (invalid)");
		return;
	}
	stp_out_config(o, s, l->hdr_len, t);
}

/* "STP 802.1d, Config, Flags [none], bridge-id 8001.aa:bb:cc:00:03:00.8002, length 35" */
static void stp_summary(const struct ps_packet *p, unsigned li, const struct ps_text_opts *t,
			struct ps_out *o)
{
	const struct ps_layer *l = &p->layers[li];
	const struct ps_stp *s = &l->u.stp;

	if (s->len < STP_MIN_LEN) {
		PS_OUT_LIT(o, " (invalid)");
		return;
	}
	if (stp_cut(o, l->hdr_len, 2))
		return;
	if (s->protocol != 0) {
		ps_out_fmt(o, "unknown STP version, length %u", (unsigned)s->len);
		return;
	}
	if (stp_cut(o, l->hdr_len, 3))
		return;
	const char *v = PS_TOK_NAME(stp_versions, s->version);
	if (!v) {
		ps_out_fmt(o, "STP Unknown STP protocol (0x%02x)", s->version);
		return;
	}
	ps_out_fmt(o, "STP %s", v);
	if (stp_cut(o, l->hdr_len, 4))
		return;
	const char *type = PS_TOK_NAME(stp_types, s->type);
	if (type)
		ps_out_fmt(o, ", %s", type);
	else
		ps_out_fmt(o, ", Unknown BPDU Type (0x%02x)", s->type);
	if (stp_need(s) > STP_MIN_LEN)
		stp_out_body(o, p, l, t); /* not TCN, unknown types, RST type in STP */
}

const struct ps_dissector ps_dis_stp = {
	.name = "stp",
	.label = "STP",
	.ev_truncated = PS_EV_STP_TRUNCATED,
	.proto = PS_P_STP,
	.flags = PS_DIS_OWN_TRUNC, /* " [|stp]" only where tcpdump's reads fail */
	.decode = stp_decode,
	.summary = stp_summary,
	.fields = stp_fields,
};
