/* SPDX-License-Identifier: BSD-2-Clause */
/* dis_tls.c - TLS records and handshake messages (RFC 5246, RFC 8446).
 *
 * Record layer (RFC 8446 5.1), then handshake messages inside type-22 records:
 *
 *  +--------+--------+--------+--------+--------+------ ... ------+
 *  |  type  |     version     |     length      |    fragment     |
 *  +--------+--------+--------+--------+--------+------ ... ------+
 *  +--------+--------+--------+--------+------ ... ------+
 *  | msg_ty |     length (24 bits)     |      body       |
 *  +--------+--------+--------+--------+------ ... ------+
 *
 * Every record whose header is in the segment is listed; the first
 * ClientHello and ServerHello are decoded (dis_tls_hello.c) and the first
 * alert sent in the clear.  Handshake and alert records after a
 * ChangeCipherSpec in the same segment are encrypted and only listed.
 *
 This decode reads one segment from its first byte (--no-flows, the TUI's
 * single frames): a segment that starts inside a record is not recognised,
 * and a record that continues in the next segment is decoded as far as it
 * goes.  With flow tracking, dis_tls_stream.c reads the reassembled byte
 * stream instead and replaces this layer's content with the records that
 * end in the frame (ps_tls_record_content is the part both share).
 *
 * Fingerprints (JA3, JA3S, JA4) are computed when the layer is rendered
 * (dis_tls_fp.c), not here: decode stores the lists they are made of, so a
 * run that renders nothing (-q, a filter that drops the packet) pays
 * nothing for hashing, and the side area holds no strings.
 */
#include "dis_tls_int.h"

/* Record type 20-24 (24: heartbeat) and version 3.0-3.4? */
bool ps_tls_record_ok(uint8_t type, uint16_t version)
{
	return type >= TLS_CT_CCS && type <= TLS_CT_HEARTBEAT && (version >> 8) == 3 &&
	       (version & 0xffu) <= 4;
}

/* Probe (port 443 and any TCP port): a first record of type 20-23, version
 * 3.0-3.4 and a length of 1..2^14+2048. */
static bool tls_probe(const struct ps_dctx *d, const struct ps_cursor *c)
{
	(void)d;
	struct ps_cursor w = *c;
	if (!ps_cur_has(&w, TLS_REC_HDR))
		return false;
	uint8_t type = ps_cur_peek_u8(&w, 0);
	uint16_t len = ps_cur_peek_be16(&w, 3);
	return type != TLS_CT_HEARTBEAT && ps_tls_record_ok(type, ps_cur_peek_be16(&w, 1)) && len &&
	       len <= TLS_REC_MAX;
}

/* Is this a plausible handshake message header?  Encrypted Finished
 * messages look like random bytes: a known type with a length that fits
 * the record (or, continued in later records, stays below 64 KiB). */
static bool hs_plausible(uint8_t type, uint32_t len, uint32_t left)
{
	static const uint32_t known = 1u << 0 | 1u << 1 | 1u << 2 | 1u << 3 | 1u << 4 | 1u << 5 |
				      1u << 6 | 1u << 8 | 1u << 11 | 1u << 12 | 1u << 13 |
				      1u << 14 | 1u << 15 | 1u << 16 | 1u << 20 | 1u << 21 |
				      1u << 22 | 1u << 23 | 1u << 24 | 1u << 25;
	if (type != 254 && (type > 25 || !(known >> type & 1u)))
		return false;
	return len <= left || len < 0x10000u;
}

static bool note_hs(struct ps_tls_walk *w, uint8_t type)
{
	if (!w->hs) {
		uint16_t at;
		w->hs = ps_dis_side_alloc(w->d, TLS_MAX_HS, &at);
		if (!w->hs)
			return false;
		w->t->hs_at = at;
	}
	if (w->t->nhs >= TLS_MAX_HS)
		return false;
	w->hs[w->t->nhs++] = type;
	return true;
}

/* The handshake messages of one record; `c` spans what the segment holds
 * of its fragment, `frag` is the record's length. */
static void walk_handshakes(struct ps_tls_walk *w, struct ps_cursor *c, uint32_t frag,
			    struct ps_tls_record *r)
{
	uint32_t start = c->pos;
	while (c->pos - start < frag) {
		uint32_t left = frag - (c->pos - start);
		if (!ps_cur_has(c, 4)) {
			if (w->cut && left > ps_cur_remaining(c))
				ps_dis_event(w->d, PS_EV_TLS_TRUNCATED);
			return;
		}
		uint8_t type = ps_cur_u8(c);
		uint32_t len = (uint32_t)ps_cur_u8(c) << 16 | ps_cur_be16(c);
		if (!hs_plausible(type, len, left - 4))
			return; /* encrypted, or not a handshake we can read */
		struct ps_cursor body = ps_cur_sub(c, len);
		bool part = len > ps_cur_remaining(c);
		bool cut = w->cut && part;
		/* a message that ends in a later segment is listed there, once
		 * reassembly joins them (as tshark does); its hello fields that
		 * are whole here are kept */
		if (!part && note_hs(w, type))
			r->nhs++;
		if (type == TLS_HS_CLIENT_HELLO && !w->t->has_ch)
			w->t->has_ch = ps_tls_parse_hello(w->d, &body, len, true, cut, &w->t->ch_at);
		else if (type == TLS_HS_SERVER_HELLO && !w->t->has_sh)
			w->t->has_sh = ps_tls_parse_hello(w->d, &body, len, false, cut, &w->t->sh_at);
		if (!ps_cur_skip(c, len))
			return; /* continues past the segment (or the record) */
	}
}

void ps_tls_record_content(struct ps_tls_walk *w, struct ps_cursor *c, struct ps_tls_record *r)
{
	struct ps_cursor frag = ps_cur_sub(c, r->len);
	r->enc = w->encrypted;
	switch (r->type) {
	case TLS_CT_CCS:
		w->encrypted = true;
		break;
	case TLS_CT_HANDSHAKE:
		if (!w->encrypted)
			walk_handshakes(w, &frag, r->len, r);
		break;
	case TLS_CT_ALERT:
		/* a clear alert is 2 bytes; an encrypted one carries a MAC or tag */
		if (w->encrypted || r->len != 2 || w->t->has_alert)
			break;
		if (!ps_cur_has(&frag, 2)) {
			if (w->cut)
				ps_dis_event(w->d, PS_EV_TLS_TRUNCATED);
			break;
		}
		w->t->has_alert = true;
		w->t->alert_rec = (uint8_t)(w->t->nrecords - 1u);
		w->t->alert_off = frag.pos;
		w->t->alert_level = ps_cur_peek_u8(&frag, 0);
		w->t->alert_desc = ps_cur_peek_u8(&frag, 1);
		break;
	default:
		break;
	}
}

/* Count the record headers in the segment, raising the events that end
 * the walk; returns how many to list. */
static uint32_t count_records(struct ps_dctx *d, const struct ps_cursor *c, bool cut)
{
	struct ps_cursor w = *c;
	uint32_t n = 0;
	while (ps_cur_remaining(&w)) {
		if (!ps_cur_has(&w, TLS_REC_HDR)) {
			if (cut)
				ps_dis_event(d, PS_EV_TLS_TRUNCATED);
			break; /* else the header continues in the next segment */
		}
		uint16_t len = ps_cur_peek_be16(&w, 3);
		if (!ps_tls_record_ok(ps_cur_peek_u8(&w, 0), ps_cur_peek_be16(&w, 1))) {
			ps_dis_event(d, PS_EV_TLS_RECORD_INVALID);
			break;
		}
		if (len > TLS_REC_MAX) {
			ps_dis_event(d, PS_EV_TLS_RECORD_TOO_LONG);
			break;
		}
		if (n == TLS_MAX_RECORDS) {
			ps_dis_event(d, PS_EV_TLS_RECORD_LIMIT);
			break;
		}
		n++;
		if (!ps_cur_skip(&w, TLS_REC_HDR + len))
			break;
	}
	return n;
}

static void tls_decode(struct ps_dctx *d, struct ps_cursor *c, struct ps_layer *l)
{
	struct ps_tls *t = &l->u.tls;
	uint32_t avail = ps_cur_remaining(c);
	bool cut = d->claim_in != PS_CLAIM_UNKNOWN && d->claim_in > avail;
	struct ps_tls_walk w = {.d = d, .t = t, .cut = cut};

	uint32_t n = count_records(d, c, cut);
	struct ps_tls_record *recs = n ? ps_dis_side_alloc(d, n * sizeof *recs, &t->records_at) : 0;
	if (!recs)
		n = 0;
	for (uint32_t i = 0; i < n; i++) {
		struct ps_tls_record *r = &recs[i];
		r->off = c->pos;
		r->type = ps_cur_u8(c);
		r->version = ps_cur_be16(c);
		r->len = ps_cur_be16(c);
		r->whole = ps_cur_has(c, r->len);
		t->nrecords = (uint8_t)(i + 1);
		ps_tls_record_content(&w, c, r);
		if (!ps_cur_skip(c, r->len)) {
			ps_cur_skip(c, ps_cur_remaining(c));
			break;
		}
	}
	l->hdr_len = c->pos - l->off;
}

const struct ps_dissector ps_dis_tls = {
	.name = "tls",
	.label = "TLS",
	.ev_truncated = PS_EV_TLS_TRUNCATED,
	.proto = PS_P_TLS,
	.decode = tls_decode,
	.probe = tls_probe,
	.summary = ps_tls_summary,
	.fields = ps_tls_fields,
};
